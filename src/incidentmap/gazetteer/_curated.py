"""The project's curated tables: places missing from open data, world countries, named zones."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import shapely

from incidentmap.errors import GazetteerError
from incidentmap.gazetteer._records import FOCUS_COUNTRIES, Record
from incidentmap.geo import circle
from incidentmap.model import PLACE_KINDS

__all__ = ["country_records", "curated_records", "zone_records"]


def _rows(path: Path, required: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in required if c not in (reader.fieldnames or [])]
        if missing:
            raise GazetteerError(
                f"{path}: missing column(s) {missing!r}; expected {list(required)}"
            )
        for row in reader:
            yield reader.line_num, {k: (v or "").strip() for k, v in row.items() if k}


def _coord(path: Path, line: int, row: dict[str, str], name: str, lo: float, hi: float) -> float:
    try:
        value = float(row[name])
    except ValueError:
        raise GazetteerError(
            f"{path}, line {line}, field {name!r}: expected a number, got {row[name]!r}"
        ) from None
    if not lo <= value <= hi:
        raise GazetteerError(f"{path}, line {line}, field {name!r}: {value!r} not in [{lo}, {hi}]")
    return value


def _names(row: dict[str, str]) -> list[str]:
    return [row["name"], *(a.strip() for a in row.get("alt_names", "").split("|") if a.strip())]


def curated_records(path: Path) -> Iterator[Record]:
    """Rows of ``curated.csv``; rows without coordinates (unresolved places) are skipped."""
    cols = ("id", "name", "alt_names", "lat", "lon", "kind", "country", "source")
    for line, row in _rows(path, cols):
        if not row["lat"] or not row["lon"]:
            continue
        if row["kind"] not in PLACE_KINDS:
            raise GazetteerError(
                f"{path}, line {line}, field 'kind': {row['kind']!r} is not one of {sorted(PLACE_KINDS)}"
            )
        if not row["source"]:
            raise GazetteerError(
                f"{path}, line {line}, field 'source': every row must cite a source"
            )
        yield Record(
            id=f"curated:{row['id']}",
            name=row["name"],
            lat=_coord(path, line, row, "lat", -90, 90),
            lon=_coord(path, line, row, "lon", -180, 180),
            kind=row["kind"],
            country=row["country"].upper(),
            admin1=row.get("admin1", ""),
            source=row["source"],
            names=_names(row),
            focus=True,
        )


def country_records(path: Path) -> Iterator[Record]:
    """Rows of ``countries.csv``: one representative point per country."""
    for line, row in _rows(path, ("iso2", "name", "alt_names", "lat", "lon", "source")):
        if not row["lat"] or not row["lon"]:
            continue
        iso2 = row["iso2"].upper()
        yield Record(
            id=f"country:{iso2}",
            name=row["name"],
            lat=_coord(path, line, row, "lat", -90, 90),
            lon=_coord(path, line, row, "lon", -180, 180),
            kind="country",
            country=iso2,
            source=row["source"],
            names=_names(row),
            # A country's point says nothing finer than the country: keep that visible.
            uncertainty_m=None,
            focus=iso2 in FOCUS_COUNTRIES,
        )


def zone_records(path: Path, centres: dict[str, Record]) -> Iterator[Record]:
    """Rows of ``zones.csv``: a geodesic circle around a curated place."""
    for line, row in _rows(path, ("id", "name", "center_id", "radius_km", "source")):
        centre = centres.get(f"curated:{row['center_id']}")
        if centre is None:
            raise GazetteerError(
                f"{path}, line {line}, field 'center_id': no curated place {row['center_id']!r}"
            )
        radius_km = _coord(path, line, row, "radius_km", 0.001, 5000)
        geom = circle(centre.lon, centre.lat, radius_km * 1000.0)
        yield Record(
            id=f"zone:{row['id']}",
            name=row["name"],
            lat=centre.lat,
            lon=centre.lon,
            kind="zone",
            country=centre.country,
            source=f"{radius_km:g} km around {centre.name}: {row['source']}",
            names=_names(row),
            geometry_wkb=shapely.to_wkb(geom),
        )
