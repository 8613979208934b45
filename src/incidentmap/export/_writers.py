"""Which writer a file needs: the registry of output formats, chosen by the file's suffix."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from incidentmap.errors import ValidationError
from incidentmap.model import IncidentSet

__all__ = ["WRITERS", "Writer", "writer_for"]


@dataclass(frozen=True)
class Writer:
    """An output format: its suffixes and its writer (``module:function``)."""

    name: str
    suffixes: tuple[str, ...]
    writer: str

    def write(self, incidents: IncidentSet, path: Path) -> Path:
        module, function = self.writer.split(":")
        write: Callable[[IncidentSet, Path], Path] = getattr(
            importlib.import_module(module), function
        )
        return write(incidents, path)


#: GIS and table formats (maps and images are drawn by ``incidentmap map``).
WRITERS: tuple[Writer, ...] = (
    Writer("GeoJSON", (".geojson", ".json"), "incidentmap.export._geojson:write_geojson"),
    Writer("GeoPackage", (".gpkg",), "incidentmap.export._gpkg:write_gpkg"),
    Writer("KML", (".kml",), "incidentmap.export._kml:write_kml"),
    Writer("CSV", (".csv",), "incidentmap.export._csv:write_csv"),
)


def writer_for(path: str | Path) -> Writer:
    """The writer for ``path``'s suffix.

    Raises
    ------
    ValidationError
        When no writer knows the suffix; the message lists those that do.
    """
    suffix = Path(path).suffix.lower()
    for writer in WRITERS:
        if suffix in writer.suffixes:
            return writer
    known = ", ".join(s for w in WRITERS for s in w.suffixes)
    raise ValidationError(
        f"cannot export to {suffix or 'a file without a suffix'!r}: expected one of {known}",
        field="output",
        value=str(path),
    )
