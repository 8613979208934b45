"""Readers of incident files people already have: the YAML/JSON incident file format.

The format is documented in ``docs/incident-file.md``; its JSON Schema is
``schema/incident-file.schema.json`` (the same as :func:`incident_file_schema` returns).
"""

from incidentmap.sources._incident_file import read_incident_file
from incidentmap.sources._schema import incident_file_schema

__all__ = ["incident_file_schema", "read_incident_file"]
