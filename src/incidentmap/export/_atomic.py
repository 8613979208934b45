"""Writing files so that a failure leaves nothing half-written: temporary files, then rename."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

__all__ = ["staged", "write_texts"]


@contextlib.contextmanager
def staged(targets: Sequence[Path]) -> Iterator[list[Path]]:
    """Temporary paths beside each target, renamed over the targets when the block succeeds.

    On any error inside the block every temporary file is removed and no target is touched.
    The files get the usual permissions (``0666`` less the umask), not ``mkstemp``'s ``0600``:
    maps and exports are for sharing.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
    >>> with staged([out]) as (tmp,):
    ...     _ = tmp.write_text("done")
    >>> out.read_text()
    'done'
    """
    temps: list[Path] = []
    try:
        for target in targets:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(
                dir=target.parent, prefix=f".{target.name}.", suffix=f".tmp{target.suffix}"
            )
            os.close(fd)
            temps.append(Path(name))
        yield temps
        umask = os.umask(0)
        os.umask(umask)
        for tmp, target in zip(temps, targets, strict=True):
            os.chmod(tmp, 0o666 & ~umask)
            os.replace(tmp, target)
    except BaseException:
        for tmp in temps:
            tmp.unlink(missing_ok=True)
        raise


def write_texts(outputs: Sequence[tuple[Path, str]]) -> None:
    """Write UTF-8 text files (``\\n`` line ends): all of them, or none if anything fails."""
    with staged([target for target, _ in outputs]) as temps:
        for tmp, (_, text) in zip(temps, outputs, strict=True):
            with tmp.open("w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
