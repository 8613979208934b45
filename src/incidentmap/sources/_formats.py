"""Which reader a file needs: the registry of input formats and detection by content.

Each format is one module with a reader and a content test; this registry ties them together.
Detection looks at the file's first bytes and, for CSV, its header, never only at the suffix:
an ACLED export called ``events.csv`` and an incident CSV called ``events.csv`` differ.
"""

from __future__ import annotations

import csv
import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from incidentmap.errors import InputError
from incidentmap.model import IncidentSet

if TYPE_CHECKING:
    from incidentmap.gazetteer import Gazetteer

__all__ = ["FORMATS", "Format", "detect_format", "read_incidents"]

_SNIFF_BYTES = 65_536


@dataclass(frozen=True)
class Format:
    """An input format: its name, its reader (``module:function``) and what it looks like."""

    name: str
    description: str
    reader: str
    #: True when the reader resolves place names (and so needs the gazetteer).
    resolves_places: bool = False

    def read(self, path: Path, gazetteer: Gazetteer | None) -> IncidentSet:
        module, function = self.reader.split(":")
        reader: Callable[..., IncidentSet] = getattr(importlib.import_module(module), function)
        if self.resolves_places:
            return reader(path, gazetteer)
        return reader(path)


#: Every input format, by the name ``--from`` takes.
FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format(
            "incidents",
            "incident file, YAML or JSON (docs/incident-file.md)",
            "incidentmap.sources._incident_file:read_incident_file",
            resolves_places=True,
        ),
        Format(
            "geojson",
            "GeoJSON FeatureCollection of incident points",
            "incidentmap.sources._geojson:read_geojson",
        ),
        Format(
            "csv",
            "incident CSV, one row per incident (docs/csv-columns.md)",
            "incidentmap.sources._csv:read_csv",
        ),
        Format("acled", "ACLED CSV export", "incidentmap.sources._acled:read_acled"),
        Format("ucdp", "UCDP GED CSV export", "incidentmap.sources._ucdp:read_ucdp_ged"),
        Format("gpkg", "GeoPackage written by incidentmap", "incidentmap.sources._gpkg:read_gpkg"),
    )
}


def _csv_header(text: str) -> list[str]:
    first = text.lstrip("\ufeff").splitlines()[0] if text.strip() else ""
    try:
        return [h.strip().lower() for h in next(csv.reader([first]))]
    except (csv.Error, StopIteration):
        return []


def detect_format(path: str | Path) -> str:
    """The name of the format of the file at ``path``, judged by its content.

    Raises
    ------
    InputError
        When the file cannot be read or matches no known format.
    """
    path = Path(path)
    try:
        with path.open("rb") as fh:
            head = fh.read(_SNIFF_BYTES)
    except OSError as err:
        raise InputError(f"cannot read the file: {err.strerror or err}", path=path) from err
    if head.startswith(b"SQLite format 3\x00"):
        return "gpkg"
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n")
    if not text:
        raise InputError("the file is empty: expected incidents", path=path)
    if text.startswith(("{", "[")):
        if '"FeatureCollection"' in text or '"Feature"' in text:
            return "geojson"
        return "incidents"
    header = set(_csv_header(text))
    if {"where_prec", "side_a", "side_b", "best"} <= header:
        return "ucdp"
    if {"event_date", "actor1", "actor2", "geo_precision"} <= header:
        return "acled"
    if {"id", "lat", "lon"} <= header or {"id", "place"} <= header:
        return "csv"
    if path.suffix.lower() in (".yaml", ".yml", ".json") or "incidents:" in text:
        return "incidents"
    names = ", ".join(f"{f.name} ({f.description})" for f in FORMATS.values())
    raise InputError(
        f"cannot tell the format from the content; expected one of: {names} (give it with --from)",
        path=path,
    )


def read_incidents(
    path: str | Path, gazetteer: Gazetteer | None = None, *, fmt: str | None = None
) -> IncidentSet:
    """Read incidents from ``path`` in format ``fmt`` (detected from the content when None).

    Parameters
    ----------
    path
        The file.
    gazetteer
        Resolves place names of incident files.
    fmt
        A key of :data:`FORMATS`, to override detection.

    Raises
    ------
    InputError
        For an unknown format, an unreadable file, or any problem in it (file, line, field).
    """
    path = Path(path)
    name = fmt if fmt is not None else detect_format(path)
    if name not in FORMATS:
        raise InputError(
            f"unknown input format {name!r}; expected one of {sorted(FORMATS)}", path=path
        )
    if not path.is_file():
        raise InputError("no such file", path=path)
    return FORMATS[name].read(path, gazetteer)


def format_names() -> Sequence[str]:
    """The names ``--from`` accepts."""
    return tuple(FORMATS)
