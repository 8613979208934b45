"""Readers of incident files people already have: incident files, GeoJSON, CSV, GeoPackage,
ACLED and UCDP GED exports; :func:`read_incidents` tells them apart by content.

The incident file is documented in ``docs/incident-file.md``; its JSON Schema is
``schema/incident-file.schema.json`` (the same as :func:`incident_file_schema` returns).
"""

from incidentmap.sources._formats import FORMATS, Format, detect_format, read_incidents
from incidentmap.sources._incident_file import read_incident_file
from incidentmap.sources._schema import incident_file_schema

__all__ = [
    "FORMATS",
    "Format",
    "detect_format",
    "incident_file_schema",
    "read_incident_file",
    "read_incidents",
]
