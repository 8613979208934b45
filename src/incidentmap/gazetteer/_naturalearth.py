"""Natural Earth countries, provinces, rivers, lakes and borders as gazetteer records."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import shape
from shapely.ops import linemerge, unary_union

from incidentmap.gazetteer._records import Record
from incidentmap.geo import representative_point

__all__ = ["COUNTRY_WORDS", "ProvinceLocator", "naturalearth_records"]

_NE = "Natural Earth 10m (public domain)"

#: ISO3 → (ISO2, names, adjectives) for the countries whose borders Natural Earth gives here.
COUNTRY_WORDS: Mapping[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "SYR": ("SY", ("Syria",), ("Syrian",)),
    "IRQ": ("IQ", ("Iraq",), ("Iraqi",)),
    "TUR": ("TR", ("Turkey", "Türkiye"), ("Turkish",)),
    "JOR": ("JO", ("Jordan",), ("Jordanian",)),
    "LBN": ("LB", ("Lebanon",), ("Lebanese",)),
    "ISR": ("IL", ("Israel",), ("Israeli",)),
    "PSX": ("PS", ("Palestine", "West Bank"), ("Palestinian",)),
    "IRN": ("IR", ("Iran",), ("Iranian",)),
    "KWT": ("KW", ("Kuwait",), ("Kuwaiti",)),
    "SAU": ("SA", ("Saudi Arabia",), ("Saudi",)),
    "EGY": ("EG", ("Egypt",), ("Egyptian",)),
}

#: Natural Earth's local river names that the press calls by their English names.
RIVER_ALIASES: Mapping[str, tuple[str, ...]] = {
    "Euphrates": (
        "Euphrates",
        "Firat",
        "Fırat",
        "Al Furat",
        "Al-Furat",
        "Furat",
        "الفرات",
        "نهر الفرات",
    ),
    "Tigris": ("Tigris", "Dicle", "Dijla", "Dijlah", "دجلة", "نهر دجلة"),
    "Khabur": ("Khabur", "Khabour", "Habur", "الخابور", "نهر الخابور"),
    "Orontes": ("Orontes", "Asi", "Nahr al-Asi", "Al-Assi", "العاصي", "نهر العاصي"),
    "Balikh": ("Balikh", "Balikh River", "البليخ"),
}


def _load(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        features: list[dict[str, Any]] = json.load(fh)["features"]
    return features


def _split(value: object) -> list[str]:
    if not value or not isinstance(value, str):
        return []
    return [v.strip() for v in value.split("|") if v.strip()]


def _merge_lines(geoms: list[Any]) -> Any:
    """One (Multi)LineString from pieces, joined where their ends meet."""
    union = unary_union(geoms)
    return linemerge(union) if union.geom_type == "MultiLineString" else union


def _point(geom: Any) -> tuple[float, float]:
    lon, lat = representative_point(geom)
    return round(lon, 6), round(lat, 6)


class ProvinceLocator:
    """Names the Natural Earth province that contains a point (for GeoNames' admin1 codes)."""

    def __init__(self, provinces: list[dict[str, Any]]) -> None:
        self._by_country: dict[str, list[tuple[Any, str]]] = defaultdict(list)
        for f in provinces:
            iso2 = COUNTRY_WORDS.get(f["properties"]["adm0_a3"], ("",))[0]
            geom = shape(f["geometry"])
            shapely.prepare(geom)
            self._by_country[iso2].append((geom, f["properties"]["name"]))

    def __call__(self, lon: float, lat: float, country: str) -> str:
        point = shapely.Point(lon, lat)
        for geom, name in self._by_country.get(country, ()):
            if geom.contains(point):
                return name
        return ""


def _countries(
    features: list[dict[str, Any]], points: Mapping[str, tuple[float, float]]
) -> Iterator[Record]:
    for f in features:
        p = f["properties"]
        geom = shape(f["geometry"])
        iso2 = p["iso_a2"]
        lon, lat = points.get(iso2) or _point(geom)
        names = [p[k] for k in ("name", "name_long", "formal_en", "admin", "name_en", "name_ar",
                                "name_fr", "name_de", "name_tr", "name_es") if p.get(k)]  # fmt: skip
        names += list(COUNTRY_WORDS.get(p["adm0_a3"], ("", ()))[1])
        yield Record(
            id=f"naturalearth:country:{p['adm0_a3']}",
            name=p["name"],
            lat=lat,
            lon=lon,
            kind="country",
            country=iso2,
            source=f"{_NE} admin-0 countries, {p['adm0_a3']} (clipped to lon 34–48, lat 29–38.5)",
            names=names,
            geometry_wkb=shapely.to_wkb(geom),
        )


def _provinces(features: list[dict[str, Any]], points: list[dict[str, Any]]) -> Iterator[Record]:
    with_polygon = {f["properties"]["adm1_code"]: shape(f["geometry"]) for f in features}
    for f in points:
        p = f["properties"]
        geom = with_polygon.get(p["adm1_code"])
        lon, lat = float(p["longitude"]), float(p["latitude"])
        names = [p["name"], *_split(p.get("name_alt"))]
        names += [p[k] for k in ("name_en", "name_fr", "name_de", "name_ar", "gn_name", "gns_name")
                  if p.get(k)]  # fmt: skip
        iso2 = COUNTRY_WORDS.get(p["adm0_a3"], ("",))[0]
        yield Record(
            id=f"naturalearth:province:{p['adm1_code']}",
            name=p["name"],
            lat=lat,
            lon=lon,
            kind="region",
            country=iso2,
            admin1=p["name"],
            source=f"{_NE} admin-1 {p['adm1_code']} ({p.get('type_en') or 'province'})"
            + ("" if geom is not None else "; no polygon, label point only"),
            names=names,
            geometry_wkb=shapely.to_wkb(geom) if geom is not None else None,
            # A province with no polygon is still an area: say how vague its point is.
            uncertainty_m=None if geom is not None else 50_000.0,
            flags="a",
        )


def _river_name(p: Mapping[str, Any]) -> str:
    name = p.get("common_name") or p.get("name") or p.get("name_inferred") or ""
    return re.sub(r"\s*\(.*\)$", "", name).strip()


def _rivers(features: list[dict[str, Any]]) -> Iterator[Record]:
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for f in features:
        name = _river_name(f["properties"])
        if name:
            groups[name].append(f)
    for name in sorted(groups):
        feats = groups[name]
        merged = _merge_lines([shape(f["geometry"]) for f in feats])
        lon, lat = _point(merged)
        names = {name, *RIVER_ALIASES.get(name, ())}
        for f in feats:
            p = f["properties"]
            names.update(n for n in (p.get("name"), p.get("name_en")) if n)
            names.update(_split(p.get("name_alt")))
        inferred = any(f["properties"].get("name_inferred") for f in feats)
        yield Record(
            id=f"naturalearth:river:{name.lower().replace(' ', '-')}",
            name=name,
            lat=lat,
            lon=lon,
            kind="river",
            source=f"{_NE} rivers and lake centrelines, {len(feats)} piece(s) merged"
            + ("; name inferred from GeoNames towns along it" if inferred else ""),
            names=sorted(names),
            geometry_wkb=shapely.to_wkb(merged),
        )


def _lakes(features: list[dict[str, Any]]) -> Iterator[Record]:
    for i, f in enumerate(features):
        p = f["properties"]
        if not p.get("name"):
            continue
        geom = shape(f["geometry"])
        lon, lat = _point(geom)
        yield Record(
            id=f"naturalearth:lake:{i}",
            name=p["name"],
            lat=lat,
            lon=lon,
            kind="lake",
            source=f"{_NE} lakes and reservoirs",
            names=[p["name"], *_split(p.get("name_alt"))],
            geometry_wkb=shapely.to_wkb(geom),
        )


def _border_names(a3: str, b3: str) -> list[str]:
    a, b = COUNTRY_WORDS[a3], COUNTRY_WORDS[b3]
    out = []
    for x, y in ((a, b), (b, a)):
        for n1 in x[1] + x[2]:
            for n2 in y[1] + y[2]:
                out.append(f"{n1}-{n2} border")
        out.extend(f"border between {n1} and {n2}" for n1 in x[1] for n2 in y[1])
    return out


def _borders(features: list[dict[str, Any]]) -> Iterator[Record]:
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for f in features:
        a3, _, b3 = f["properties"]["pair"].partition("-")
        if a3 != b3 and a3 in COUNTRY_WORDS and b3 in COUNTRY_WORDS:
            groups[f["properties"]["pair"]].append(f)
    for pair in sorted(groups):
        a3, _, b3 = pair.partition("-")
        merged = _merge_lines([shape(f["geometry"]) for f in groups[pair]])
        lon, lat = _point(merged)
        kinds = sorted({f["properties"]["featurecla"] for f in groups[pair]})
        na, nb = COUNTRY_WORDS[a3][1][0], COUNTRY_WORDS[b3][1][0]
        yield Record(
            id=f"naturalearth:border:{pair}",
            name=f"{na}–{nb} border",
            lat=lat,
            lon=lon,
            kind="border",
            source=f"{_NE} admin-0 land boundary lines ({'; '.join(kinds)})",
            names=_border_names(a3, b3),
            geometry_wkb=shapely.to_wkb(merged),
        )


def naturalearth_records(
    directory: Path, country_points: Mapping[str, tuple[float, float]]
) -> tuple[list[Record], Callable[[float, float, str], str]]:
    """All Natural Earth records, and a locator naming the province of a point."""
    provinces = _load(directory / "provinces.geojson")
    records = [
        *_countries(_load(directory / "countries.geojson"), country_points),
        *_provinces(provinces, _load(directory / "province_points.geojson")),
        *_rivers(_load(directory / "rivers.geojson")),
        *_lakes(_load(directory / "lakes.geojson")),
        *_borders(_load(directory / "borders.geojson")),
    ]
    return records, ProvinceLocator(provinces)
