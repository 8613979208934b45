"""Write the incident file's JSON Schema: ``python -m incidentmap.sources [OUTPUT.json]``."""

from __future__ import annotations

import sys
from pathlib import Path

from incidentmap.sources._schema import incident_file_schema_text


def main(argv: list[str]) -> int:
    """Write the schema to the one path in ``argv``, or to standard output without one."""
    if len(argv) > 1:
        sys.stderr.write("usage: python -m incidentmap.sources [OUTPUT.json]\n")
        return 2
    text = incident_file_schema_text()
    if argv:
        Path(argv[0]).write_text(text, encoding="utf-8", newline="\n")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
