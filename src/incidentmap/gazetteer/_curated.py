"""The project's curated tables: places missing from open data, world countries, named zones."""

from __future__ import annotations

import csv
import math
import re
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


#: An extract's ``source_id``: ``ourairports:5286``, ``opensyria-transport:sy-...``, ``wof:85678359``.
_SAME_AS = re.compile(r"^[a-z][a-z0-9-]*:[^\s:]+$")


def _radius_m(path: Path, line: int, row: dict[str, str]) -> float | None:
    """``radius_km`` as metres (None when empty): the honest extent of the site or region."""
    if not row.get("radius_km"):
        return None
    try:
        value = float(row["radius_km"])
    except ValueError:
        raise GazetteerError(
            f"{path}, line {line}, field 'radius_km': expected a number, got {row['radius_km']!r}"
        ) from None
    if not 0 < value <= 1000:  # also refuses nan
        raise GazetteerError(f"{path}, line {line}, field 'radius_km': {value!r} not in (0, 1000]")
    return value * 1000.0


def curated_records(path: Path) -> Iterator[Record]:
    """Rows of ``curated.csv``.

    A row with coordinates is a place of its own. A row with ``same_as`` (an extract's
    ``source_id``) and no coordinates adds its names to that extract's place: its record has
    ``same_as`` set and NaN coordinates. A row with neither is documented but unresolved and is
    skipped; a row with both is an error. ``radius_km`` becomes ``uncertainty_m``.
    """
    cols = ("id", "name", "alt_names", "lat", "lon", "kind", "country", "source")
    for line, row in _rows(path, cols):
        same_as = row.get("same_as", "")
        has_coords = bool(row["lat"] or row["lon"])
        if same_as and has_coords:
            raise GazetteerError(
                f"{path}, line {line}, field 'same_as': {same_as!r} names an extract's place, "
                "so the row must leave lat/lon empty"
            )
        if not same_as and (not row["lat"] or not row["lon"]):
            continue
        if same_as and not _SAME_AS.match(same_as):
            raise GazetteerError(
                f"{path}, line {line}, field 'same_as': expected an extract id such as "
                f"'ourairports:5286', got {same_as!r}"
            )
        if row["kind"] not in PLACE_KINDS:
            raise GazetteerError(
                f"{path}, line {line}, field 'kind': {row['kind']!r} is not one of {sorted(PLACE_KINDS)}"
            )
        if not row["source"]:
            raise GazetteerError(
                f"{path}, line {line}, field 'source': every row must cite a source"
            )
        uncertainty_m = _radius_m(path, line, row)
        if same_as:
            lat = lon = math.nan
        else:
            lat = _coord(path, line, row, "lat", -90, 90)
            lon = _coord(path, line, row, "lon", -180, 180)
        yield Record(
            id=f"curated:{row['id']}",
            name=row["name"],
            lat=lat,
            lon=lon,
            kind=row["kind"],
            country=row["country"].upper(),
            admin1=row.get("admin1", ""),
            source=row["source"],
            names=_names(row),
            uncertainty_m=uncertainty_m,
            focus=True,
            same_as=same_as,
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
        if centre.same_as:
            raise GazetteerError(
                f"{path}, line {line}, field 'center_id': {row['center_id']!r} has no coordinates "
                f"of its own (same_as {centre.same_as!r}); a zone needs a curated point"
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
