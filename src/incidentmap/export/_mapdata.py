"""The JSON data block an HTML map draws: incidents by column, groups, areas, rings, context.

Plain data only, built deterministically from a :class:`~incidentmap.export.Scene`; the
map's script (``js/incidentmap.js``) reads it. Leaflet's ``[lat, lon]`` order is made here, in
:func:`latlngs` and the incident columns, and nowhere else.

Incidents are stored by column, and every text that repeats (actors, place names, outlets,
each line of the notes) is stored once in a string table and referred to by its number: a
UCDP GED export of 16,566 events repeats a few thousand distinct strings, so its popups cost
about a tenth of one record per incident.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import shapely

from incidentmap.errors import ValidationError
from incidentmap.export._assets import licence_credits
from incidentmap.export._scene import (
    PRECISION_CLASSES,
    TOP_GROUPS,
    ContextLayer,
    IncidentMark,
    Scene,
)
from incidentmap.model import CasualtyClaim, Place

__all__ = ["LABEL_LIMIT", "TILES", "TOWN_ZOOM", "latlngs", "scene_data"]

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
_LABEL_DECIMALS = 4  # ~10 m: where a label goes
#: Where a ring's label sits: (fraction of the way round the ring from north,
#: counter-clockwise as the scene builds rings), for the 1st, 2nd, ... ring around one point.
_LABEL_AT = (0.0, 0.5, 0.75, 0.25)
#: Up to this many incidents, each gets a permanent label (date and place).
LABEL_LIMIT = 30
#: Town and village labels show from this zoom level on.
TOWN_ZOOM = 9


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


def _lonlat_rings(geom: shapely.geometry.base.BaseGeometry, nd: int = _PLACE_DECIMALS) -> list[Any]:
    """GeoJSON-order rings, for the canvas (which projects [lon, lat] itself)."""
    return [[[p[1], p[0]] for p in ring] for ring in latlngs(geom, nd)]


def _label_point(geom: shapely.geometry.base.BaseGeometry, *, top: bool = False) -> list[float]:
    """[lat, lon] of a point inside an area (or on a line) for its label; with ``top``, near
    the area's northern edge (a zone's name should not sit on what happens at its centre)."""
    p = geom.representative_point() if geom.geom_type != "Point" else geom
    if top and geom.geom_type in ("Polygon", "MultiPolygon"):
        w, s, e, n = geom.bounds
        inner = shapely.Point((w + e) / 2, n - (n - s) * 0.12)
        if geom.contains(inner):
            p = inner
    return [_r(p.y, _LABEL_DECIMALS), _r(p.x, _LABEL_DECIMALS)]


def _geojson_geometry(geom: shapely.geometry.base.BaseGeometry, nd: int) -> dict[str, Any]:
    def rounded(c: Any) -> Any:
        if isinstance(c, tuple | list) and c and isinstance(c[0], float | int):
            return [_r(c[0], nd), _r(c[1], nd)]
        return [rounded(x) for x in c]

    mapped = shapely.geometry.mapping(geom)
    return {"type": mapped["type"], "coordinates": rounded(mapped["coordinates"])}


def _features(
    places: Iterable[Place], tolerance: float, *, labelled: Iterable[Place] = ()
) -> dict[str, Any]:
    """GeoJSON of places' shapes; those of ``labelled`` carry the point their label goes at."""
    named = {id(p) for p in labelled}
    feats = []
    for p in places:
        if p.geometry is None or p.geometry.is_empty:
            continue
        geom = p.geometry.simplify(tolerance, preserve_topology=True)
        if geom.is_empty:
            continue
        props: dict[str, Any] = {"name": p.name, "kind": p.kind}
        if id(p) in named:
            props["at"] = _label_point(p.geometry, top=p.kind == "zone")
        feats.append(
            {
                "type": "Feature",
                "properties": props,
                "geometry": _geojson_geometry(geom, _SHAPE_DECIMALS),
            }
        )
    return {"type": "FeatureCollection", "features": feats}


def _iso_day(day: int) -> str:
    return dt.date.fromordinal(day + _EPOCH).isoformat()


# -- the data block -----------------------------------------------------------------------------
class _Strings:
    """A string table: repeated values (actors, outlets, notes on precision) stored once.

    A string's number is its position in insertion order (dicts keep it): ``setdefault`` with
    the current size numbers a new string and returns an old one's number, in one C call.
    """

    def __init__(self) -> None:
        self._index: dict[str, int] = {"": 0}

    def __call__(self, text: str | None) -> int:
        index = self._index
        return index.setdefault(text or "", len(index))

    def column(self, texts: Iterable[str]) -> list[int]:
        """The numbers of many strings (a column): new ones numbered in order of first
        appearance, then every number looked up in C (``map``)."""
        texts = texts if isinstance(texts, list) else list(texts)
        index = self._index
        for t in dict.fromkeys(texts):
            if t not in index:
                index[t] = len(index)
        return list(map(index.__getitem__, texts))

    @property
    def items(self) -> list[str]:
        return list(self._index)


class _Rows:
    """A table of distinct rows (casualty claims repeat across incidents), stored once."""

    def __init__(self) -> None:
        self._index: dict[tuple[Any, ...], int] = {}

    def __call__(self, row: tuple[Any, ...]) -> int:
        index = self._index
        return index.setdefault(row, len(index))

    @property
    def items(self) -> list[list[Any]]:
        return [list(row) for row in self._index]


def _where(mark: IncidentMark) -> str:
    """How the position is known, as the popup says it."""
    inc = mark.incident
    p = inc.place
    assert p is not None  # the scene keeps only placed incidents
    text = mark.area_note
    if p.name and p.name != (inc.place_name or p.name):
        text += f"; resolved as {p.name}"
    if p.kind != "point":
        country = f", {p.country}" if p.country else ""
        text += f" ({p.kind.replace('_', ' ')}{country})"
    return text


class _Builder:
    """Builds the data block step by step, sharing the string table and source numbering."""

    def __init__(self, scene: Scene) -> None:
        self.scene = scene
        self.strings = _Strings()
        self.claims = _Rows()
        self.wheres = _Rows()
        sources = scene.incidents.sources
        self.source_ids = sorted(sources)
        self.source_index = {sid: k for k, sid in enumerate(self.source_ids)}
        self.mark_index = {m.incident.id: k for k, m in enumerate(scene.marks)}

    def src(self, sid: str) -> int:
        return self.source_index.get(sid, -1) if sid else -1

    def sources(self) -> list[list[Any]]:
        """[outlet (string number), title, url, date] per source."""
        rows = []
        for sid in self.source_ids:
            source = self.scene.incidents.sources[sid]
            published = source.published.isoformat() if source.published is not None else ""
            rows.append([self.strings(source.outlet), source.title, source.url, published])
        return rows

    def incidents(self) -> dict[str, Any]:
        """The incident columns: position, look and filters, then the popup's columns."""
        s, marks = self.strings, self.scene.marks
        precision = {key: k for k, (key, _, _) in enumerate(PRECISION_CLASSES)}
        ids = [m.incident.id for m in marks]
        # character by character on purpose: ids are not paths
        prefix = os.path.commonprefix(ids) if len(ids) > 1 else ""  # noqa: RUF071
        cols: dict[str, Any] = {
            "n": len(marks),
            # "acled-SYR95297", ...: the prefix all ids share is stored once
            "idp": prefix,
            "id": [i[len(prefix) :] for i in ids] if prefix else ids,
            # "+ 0.0" turns a rounded -0.0 into 0.0 (as _r does, without a call per value)
            "lat": [round(m.lat, _PLACE_DECIMALS) + 0.0 for m in marks],
            "lon": [round(m.lon, _PLACE_DECIMALS) + 0.0 for m in marks],
            "r": [round(m.radius_m) for m in marks],
            "d": [m.incident.date.toordinal() - _EPOCH if m.incident.date else -1 for m in marks],
            "g": [m.group for m in marks],
            "p": [precision[m.precision] for m in marks],
            # sparse: most incidents are drawn at their point ({incident: area})
            "a": {str(k): m.located_in for k, m in enumerate(marks) if m.located_in >= 0},
            "k": [-1 if m.deaths is None else m.deaths for m in marks],
            "t": s.column([m.incident.type for m in marks]),
            "at": s.column([m.incident.attacker for m in marks]),
            "tg": s.column([m.incident.target for m in marks]),
        }
        # Every attacker whose string names several groups (a coalition): its groups.
        cols["ag"] = {
            str(cols["at"][k]): list(m.groups) for k, m in enumerate(marks) if len(m.groups) > 1
        }
        cols["shapes"] = {
            str(k): _lonlat_rings(m.area) for k, m in enumerate(marks) if m.area is not None
        }
        cols.update(self._popups(marks))
        return cols

    def _popups(self, marks: Sequence[IncidentMark]) -> dict[str, Any]:
        """The popup's columns: place, where, casualty claims, distances, sources, notes.

        Claims are numbers into a table of distinct claims; notes are lists of line numbers in
        the string table (each line of a dataset's notes repeats across many events).
        """
        s, claim_row = self.strings, self.claims
        source_index, src = self.source_index, self.src
        incs = [m.incident for m in marks]
        place = s.column([inc.place_name or inc.place.name for inc in incs])  # type: ignore[union-attr]
        # how the position is known and who gives it: a few distinct pairs in a dataset
        where_rows = self.wheres
        where = [
            where_rows((s(_where(mark)), s(inc.place.source)))  # type: ignore[union-attr]
            for mark, inc in zip(marks, incs, strict=True)
        ]
        notes = self._notes([inc.notes for inc in incs])
        # a dataset repeats a few hundred distinct claims ("2 killed, per UCDP GED"): each is
        # made into a row once
        rows: dict[CasualtyClaim, int] = {}

        def claim(c: CasualtyClaim) -> int:
            k = rows.get(c)
            if k is None:
                k = rows[c] = claim_row((s(c.figure), s(c.claimed_by), src(c.source_id), s(c.text)))
            return k

        # one claim (nearly every dataset row) as its number, several as a list
        claims = [
            claim(inc.casualties[0])
            if len(inc.casualties) == 1
            else [claim(c) for c in inc.casualties]
            for inc in incs
        ]
        contested = [k for k, inc in enumerate(incs) if len(inc.casualties) > 1 and inc.contested]
        prox = {
            str(k): [
                [f"{d.force or 'distance'} {d.label}", d.reference, d.text, src(d.source_id)]
                for d in inc.proximity
            ]
            for k, inc in enumerate(incs)
            if inc.proximity
        }
        cited = [
            [source_index[i] for i in inc.sources if i in source_index] if inc.sources else []
            for inc in incs
        ]
        return {
            "pl": place,
            "wh": where,
            "cas": claims,
            "con": contested,
            "prox": prox,
            "src": cited,
            "nt": notes,
        }

    def _notes(self, texts: list[str]) -> list[list[int]]:
        """Each text as the numbers of its lines: all lines numbered in one pass, then cut."""
        distinct = list(dict.fromkeys(texts))
        split = [[x for x in t.splitlines() if x.strip()] for t in distinct]
        numbers = iter(self.strings.column(itertools.chain.from_iterable(split)))
        ids = {
            t: list(itertools.islice(numbers, len(lines)))
            for t, lines in zip(distinct, split, strict=True)
        }
        return [ids[t] for t in texts]

    def rings(self) -> list[dict[str, Any]]:
        # rings around the same point get their labels on different sides: N, S, E, W
        around: dict[tuple[float, float], int] = {}
        out = []
        for r in self.scene.rings:
            k = around.get((r.lon, r.lat), 0)
            around[(r.lon, r.lat)] = k + 1
            fraction = _LABEL_AT[k % len(_LABEL_AT)]
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

    def areas(self, tolerance: float) -> list[dict[str, Any]]:
        """The areas incidents are counted on: name, kind, outline, label point."""
        out = []
        for area in self.scene.areas:
            geom = area.place.geometry
            assert geom is not None  # the scene keeps only areas with a polygon
            kind = "country" if area.place.kind == "country" else "governorate"
            out.append(
                {
                    "name": area.name,
                    "kind": kind,
                    "rings": _lonlat_rings(
                        geom.simplify(tolerance, preserve_topology=True), _SHAPE_DECIMALS
                    ),
                    "at": _label_point(geom),
                }
            )
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
        "v": 2,
        "title": scene.title,
        "bounds": [_r(w, 4), _r(s, 4), _r(e, 4), _r(n, 4)],
        "dates": [_iso_day(min(dated)), _iso_day(max(dated))] if dated else None,
        "attribution": scene.attribution,
        "groups": [[g.label, g.colour, g.count] for g in scene.groups],
        "top": TOP_GROUPS,
        "precisions": [[key, label] for key, label, _ in PRECISION_CLASSES],
        "sources": build.sources(),
        "incidents": incidents,
        "claims": build.claims.items,
        "wheres": build.wheres.items,
        "areas": build.areas(tolerance * 2),
        "rings": build.rings(),
        "links": build.links(),
        "forces": build.forces(),
        "context": [_context_layer(layer, tolerance) for layer in scene.context],
        "base": _features(scene.basemap, tolerance, labelled=scene.countries),
        "towns": [
            [p.name, _r(p.lat, _LABEL_DECIMALS), _r(p.lon, _LABEL_DECIMALS)] for p in scene.towns
        ],
        "town_zoom": TOWN_ZOOM,
        "strings": build.strings.items,
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
                p.population,
            ]
            for p in layer.places
        ]
    else:
        out["geojson"] = _features(
            layer.places, tolerance, labelled=layer.places if layer.kind == "zone" else ()
        )
    return out
