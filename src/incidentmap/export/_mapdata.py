"""The JSON data block an HTML map draws: columnar incidents, rings, links, context, base map.

Plain data only, built deterministically from a :class:`~incidentmap.export.Scene`; the
map's script (``js/incidentmap.js``) reads it. Leaflet's ``[lat, lon]`` order is made here, in
:func:`latlngs` and the incident columns, and nowhere else.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import shapely

from incidentmap.errors import ValidationError
from incidentmap.export._assets import licence_credits
from incidentmap.export._scene import ContextLayer, IncidentMark, Scene
from incidentmap.model import Place

__all__ = ["LABEL_LIMIT", "TILES", "latlngs", "scene_data"]

#: Online tile layers that ``tiles=`` can add as optional base layers (never shown by default,
#: so a map renders the same with no network).
TILES: Mapping[str, Mapping[str, Any]] = {
    "osm": {
        "name": "OpenStreetMap (online)",
        "url": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        "attribution": "© OpenStreetMap contributors",
        "max_zoom": 19,
    },
    "imagery": {
        "name": "Satellite imagery, Esri (online)",
        "url": "https://server.arcgisonline.com/ArcGIS/rest/services/World_Imagery/MapServer/tile/{z}/{y}/{x}",
        "attribution": "Tiles © Esri — Source: Esri, Maxar, Earthstar Geographics, and the GIS User Community",
        "max_zoom": 18,
    },
}

_EPOCH = dt.date(1970, 1, 1).toordinal()
_PLACE_DECIMALS = 5  # ~1 m: finer than any source places an incident
_SHAPE_DECIMALS = 4  # ~10 m: context lines and areas
#: Where a ring's label sits: (Leaflet tooltip direction, fraction of the way round the ring
#: from north, counter-clockwise as the scene builds rings), for the 1st, 2nd, ... ring
#: around one point.
_LABEL_SIDES = (("top", 0.0), ("bottom", 0.5), ("right", 0.75), ("left", 0.25))
#: Up to this many incidents, each gets a permanent label (date and place).
LABEL_LIMIT = 30


# -- coordinates: the one place where (lon, lat) becomes Leaflet's [lat, lon] ------------------
def _r(x: float, nd: int) -> float:
    v = round(float(x), nd)
    return 0.0 if v == 0 else v  # no "-0.0" in the output


def latlngs(geom: shapely.geometry.base.BaseGeometry, nd: int = _PLACE_DECIMALS) -> list[Any]:
    """Leaflet ``[lat, lon]`` rings of a polygon/multipolygon (one list per ring)."""
    rings: list[Any] = []
    polys = getattr(geom, "geoms", [geom])
    for poly in polys:
        if poly.geom_type != "Polygon":
            continue
        for ring in [poly.exterior, *poly.interiors]:
            rings.append([[_r(y, nd), _r(x, nd)] for x, y in ring.coords])
    return rings


def _lonlat_rings(geom: shapely.geometry.base.BaseGeometry) -> list[Any]:
    """GeoJSON-order rings, for the canvas (which projects [lon, lat] itself)."""
    return [[[p[1], p[0]] for p in ring] for ring in latlngs(geom)]


def _geojson_geometry(geom: shapely.geometry.base.BaseGeometry, nd: int) -> dict[str, Any]:
    def rounded(c: Any) -> Any:
        if isinstance(c, tuple | list) and c and isinstance(c[0], float | int):
            return [_r(c[0], nd), _r(c[1], nd)]
        return [rounded(x) for x in c]

    mapped = shapely.geometry.mapping(geom)
    return {"type": mapped["type"], "coordinates": rounded(mapped["coordinates"])}


def _features(places: Iterable[Place], tolerance: float) -> dict[str, Any]:
    feats = []
    for p in places:
        if p.geometry is None or p.geometry.is_empty:
            continue
        geom = p.geometry.simplify(tolerance, preserve_topology=True)
        if geom.is_empty:
            continue
        feats.append(
            {
                "type": "Feature",
                "properties": {"name": p.name, "kind": p.kind},
                "geometry": _geojson_geometry(geom, _SHAPE_DECIMALS),
            }
        )
    return {"type": "FeatureCollection", "features": feats}


def _iso_day(day: int) -> str:
    return dt.date.fromordinal(day + _EPOCH).isoformat()


# -- the data block -----------------------------------------------------------------------------
class _Strings:
    """A string table: repeated values (actors, outlets, notes on precision) stored once."""

    def __init__(self) -> None:
        self.items: list[str] = [""]
        self._index: dict[str, int] = {"": 0}

    def __call__(self, text: str | None) -> int:
        text = text or ""
        n = self._index.get(text)
        if n is None:
            n = self._index[text] = len(self.items)
            self.items.append(text)
        return n


class _Builder:
    """Builds the data block step by step, sharing the string table and source numbering."""

    def __init__(self, scene: Scene) -> None:
        self.scene = scene
        self.strings = _Strings()
        sources = scene.incidents.sources
        self.source_ids = sorted(sources)
        self.source_index = {sid: k for k, sid in enumerate(self.source_ids)}
        self.mark_index = {m.incident.id: k for k, m in enumerate(scene.marks)}

    def src(self, sid: str) -> int | None:
        return self.source_index.get(sid) if sid else None

    def sources(self) -> list[list[str]]:
        rows = []
        for sid in self.source_ids:
            source = self.scene.incidents.sources[sid]
            published = source.published.isoformat() if source.published is not None else ""
            rows.append([source.outlet, source.title, source.url, published])
        return rows

    def incidents(self) -> dict[str, Any]:
        """Columns (lat, lon, radius, colour, day) plus one popup record per incident."""
        legend_index = {name: k for k, (name, _, _) in enumerate(self.scene.legend)}
        colour_of = {colour: k for k, (_, colour, _) in enumerate(self.scene.legend)}
        cols: dict[str, Any] = {"n": len(self.scene.marks), "lat": [], "lon": [], "r": [],
                                "c": [], "d": [], "areas": {}, "info": []}  # fmt: skip
        for k, mark in enumerate(self.scene.marks):
            inc = mark.incident
            cols["lat"].append(_r(mark.lat, _PLACE_DECIMALS))
            cols["lon"].append(_r(mark.lon, _PLACE_DECIMALS))
            cols["r"].append(round(mark.radius_m))
            attacker = inc.attacker or "unknown attacker"
            cols["c"].append(legend_index.get(attacker, colour_of[mark.colour]))
            cols["d"].append(inc.date.toordinal() - _EPOCH if inc.date else -1)
            if mark.area is not None:
                cols["areas"][str(k)] = _lonlat_rings(mark.area)
            cols["info"].append(self._popup(mark))
        return cols

    def _popup(self, mark: IncidentMark) -> list[Any]:
        """[id, place, type, attacker, target, where, place source, casualties, contested,
        distances, sources, notes]: the order ``buildPopup`` in incidentmap.js reads."""
        inc, s = mark.incident, self.strings
        place = inc.place
        assert place is not None  # the scene keeps only placed incidents
        where = mark.area_note
        if place.name and place.name != (inc.place_name or place.name):
            where += f"; resolved as {place.name}"
        if place.kind != "point":
            country = f", {place.country}" if place.country else ""
            where += f" ({place.kind.replace('_', ' ')}{country})"
        cas = inc.casualties
        return [
            inc.id,
            inc.place_name or place.name,
            s(inc.type),
            s(inc.attacker),
            s(inc.target),
            s(where),
            s(place.source),
            [[c.figure, s(c.claimed_by), self.src(c.source_id), c.text] for c in cas],
            1 if len(cas) > 1 and inc.contested else 0,
            [
                [f"{p.force or 'distance'} {p.label}", p.reference, p.text, self.src(p.source_id)]
                for p in inc.proximity
            ],
            [self.source_index[sid] for sid in inc.sources if sid in self.source_index],
            inc.notes,
        ]

    def rings(self) -> list[dict[str, Any]]:
        # rings around the same point get their labels on different sides: N, S, E, W
        around: dict[tuple[float, float], int] = {}
        out = []
        for r in self.scene.rings:
            k = around.get((r.lon, r.lat), 0)
            around[(r.lon, r.lat)] = k + 1
            side, fraction = _LABEL_SIDES[k % len(_LABEL_SIDES)]
            coords = r.polygon.exterior.coords
            x, y = coords[int(fraction * (len(coords) - 1))]
            out.append(
                {
                    "incident": self.mark_index[r.incident_id],
                    "lat": _r(r.lat, _PLACE_DECIMALS),
                    "lon": _r(r.lon, _PLACE_DECIMALS),
                    "radius_m": round(r.radius_m, 3),
                    "bound": r.bound,
                    "label": r.label,
                    "reference": r.claim.reference,
                    "words": r.claim.text,
                    "source": self.src(r.claim.source_id),
                    "colour": r.colour,
                    "latlngs": latlngs(r.polygon, 6)[0],
                    "band": latlngs(r.band) if r.band is not None else None,
                    "label_at": [_r(y, _PLACE_DECIMALS), _r(x, _PLACE_DECIMALS)],
                    "label_side": side,
                }
            )
        return out

    def links(self) -> list[dict[str, Any]]:
        return [
            {
                "incident": self.mark_index[k.incident_id],
                "latlngs": [
                    [_r(la, _PLACE_DECIMALS), _r(lo, _PLACE_DECIMALS)] for lo, la in k.coords
                ],
                "length_m": round(k.length_m, 1),
                "label": k.label,
            }
            for k in self.scene.links
        ]

    def forces(self) -> list[dict[str, Any]]:
        out = []
        for force, place, date in self.scene.forces:
            geom = place.geometry
            area = None
            if geom is not None and geom.geom_type in ("Polygon", "MultiPolygon"):
                area = latlngs(geom)
            out.append({"force": force, "date": date, "lat": _r(place.lat, _PLACE_DECIMALS),
                        "lon": _r(place.lon, _PLACE_DECIMALS), "area": area})  # fmt: skip
        return out


def scene_data(scene: Scene, tiles: Sequence[str] = ()) -> dict[str, Any]:
    """The JSON-ready data block that the map's script draws (plain data, deterministic).

    Parameters
    ----------
    scene
        What to draw.
    tiles
        Keys of :data:`TILES` to offer as optional online base layers.

    Raises
    ------
    ValidationError
        For an unknown tile layer.
    """
    unknown = [t for t in tiles if t not in TILES]
    if unknown:
        raise ValidationError(
            f"tiles must be among {sorted(TILES)} (or none), got {unknown!r}",
            field="tiles",
            value=unknown,
        )
    build = _Builder(scene)
    incidents = build.incidents()
    dated = [d for d in incidents["d"] if d >= 0]
    w, s, e, n = scene.bounds
    tolerance = max(e - w, n - s) / 2500  # simplify context to ~1/2500 of the view
    return {
        "v": 1,
        "title": scene.title,
        "bounds": [_r(w, 4), _r(s, 4), _r(e, 4), _r(n, 4)],
        "dates": [_iso_day(min(dated)), _iso_day(max(dated))] if dated else None,
        "attribution": scene.attribution,
        "legend": [[name, c, count] for name, c, count in scene.legend],
        "sources": build.sources(),
        "incidents": incidents,
        "rings": build.rings(),
        "links": build.links(),
        "forces": build.forces(),
        "strings": build.strings.items,
        "context": [_context_layer(layer, tolerance) for layer in scene.context],
        "base": _features(scene.basemap, tolerance),
        "tiles": [dict(TILES[t]) for t in tiles],
        "credits": list(licence_credits()),
        "label_limit": LABEL_LIMIT,
    }


def _context_layer(layer: ContextLayer, tolerance: float) -> dict[str, Any]:
    out: dict[str, Any] = {"name": layer.name, "kind": layer.kind, "shown": layer.shown}
    if layer.kind == "places":
        out["features"] = [
            [
                p.name,
                _r(p.lat, _PLACE_DECIMALS),
                _r(p.lon, _PLACE_DECIMALS),
                p.kind,
                1 if p.kind in ("city", "town") else 0,
            ]
            for p in layer.places
        ]
    else:
        out["geojson"] = _features(layer.places, tolerance)
    return out
