"""Readers of incident files people already have: incident files, GeoJSON, CSV, GeoPackage,
ACLED and UCDP GED exports; :func:`read_incidents` tells them apart by content.

The incident file is documented in ``docs/incident-file.md``; its JSON Schema is
``schema/incident-file.schema.json`` (the same as :func:`incident_file_schema` returns).
"""

import importlib
from typing import TYPE_CHECKING, Any

from incidentmap.sources._formats import FORMATS, Format, detect_format, read_incidents

if TYPE_CHECKING:
    from incidentmap.sources._incident_file import read_incident_file
    from incidentmap.sources._schema import incident_file_schema

#: Loaded on first use: the incident file's schema (pydantic) is not needed to read a CSV.
_LAZY = {
    "read_incident_file": "incidentmap.sources._incident_file",
    "incident_file_schema": "incidentmap.sources._schema",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "FORMATS",
    "Format",
    "detect_format",
    "incident_file_schema",
    "read_incident_file",
    "read_incidents",
]
