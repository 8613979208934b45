"""Interactive HTML maps: folium/Leaflet, standalone, offline, deterministic, safe to embed.

How the properties users rely on are kept:

- **Offline.** Leaflet, its plugins and incidentmap's own script and styles are inlined (see
  :mod:`incidentmap.export._assets`); folium's CDN links are switched off. The base map is
  vector data from Natural Earth; online tiles are optional extra base layers.
- **Deterministic.** folium gives every element a random id; here ids are derived from a hash
  of the map's data, so the same input gives the same bytes, and two different maps pasted
  into one page do not collide.
- **Safe.** Every text from files and articles travels as JSON inside a
  ``<script type="application/json">`` element with ``<``, ``>`` and ``&`` escaped (so a
  ``</script>`` in a note cannot end it) and is put into the page by ``textContent`` only.
  Nothing user-supplied goes through folium's popups or tooltips, which are JavaScript
  template literals (``${...}`` in them runs).
- **Fast.** All incidents are one canvas layer fed by columnar arrays; popups are built on
  click.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import os
import re
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import folium
import shapely
from branca.element import Element, Figure, MacroElement
from folium.template import Template

from incidentmap.errors import ValidationError
from incidentmap.export._assets import (
    BASE_SCRIPTS,
    BASE_STYLES,
    asset_text,
    licence_credits,
    script_block,
    style_block,
)
from incidentmap.export._scene import ContextLayer, Scene
from incidentmap.model import Place

__all__ = ["TILES", "build_map", "render_fragment", "render_html", "write_html"]

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
#: from north, clockwise), for the 1st, 2nd, ... ring around one point.
_LABEL_SIDES = (("top", 0.0), ("bottom", 0.5), ("right", 0.25), ("left", 0.75))
#: Up to this many incidents, each gets a permanent label (date and place).
LABEL_LIMIT = 30


# -- JSON that is safe inside <script> ----------------------------------------------------------
_SCRIPT_SAFE = str.maketrans(
    {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)


def script_json(obj: Any) -> str:
    """JSON text that cannot end or break out of the ``<script>`` element it is put in.

    >>> script_json({"note": "</script><script>alert(1)</script>"})
    '{"note":"\\\\u003c/script\\\\u003e\\\\u003cscript\\\\u003ealert(1)\\\\u003c/script\\\\u003e"}'
    """
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.translate(_SCRIPT_SAFE)


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


def scene_data(scene: Scene, tiles: Sequence[str] = ()) -> dict[str, Any]:
    """The JSON-ready data block that the map's script draws (plain data, deterministic)."""
    unknown = [t for t in tiles if t not in TILES]
    if unknown:
        raise ValidationError(
            f"tiles must be among {sorted(TILES)} (or none), got {unknown!r}",
            field="tiles",
            value=unknown,
        )
    strings = _Strings()
    sources = scene.incidents.sources
    source_ids = sorted(sources)
    source_index = {sid: k for k, sid in enumerate(source_ids)}
    source_rows = []
    for sid in source_ids:
        source = sources[sid]
        published = source.published.isoformat() if source.published is not None else ""
        source_rows.append([source.outlet, source.title, source.url, published])

    def src(sid: str) -> int | None:
        return source_index.get(sid) if sid else None

    legend_index = {name: k for k, (name, _, _) in enumerate(scene.legend)}
    colour_of = {colour: k for k, (_, colour, _) in enumerate(scene.legend)}
    n = len(scene.marks)
    lat: list[float] = []
    lon: list[float] = []
    radius: list[int] = []
    colour: list[int] = []
    days: list[int] = []
    areas: dict[str, Any] = {}
    info: list[Any] = []
    figures: dict[tuple[Any, ...], str] = {}

    def figure(c: Any) -> str:
        key = (c.outcome, c.count, c.count_max, c.hedge, c.count_text)
        text = figures.get(key)
        if text is None:
            text = figures[key] = c.figure
        return text

    for k, mark in enumerate(scene.marks):
        inc = mark.incident
        place = inc.place
        assert place is not None  # the scene keeps only placed incidents
        lat.append(_r(mark.lat, _PLACE_DECIMALS))
        lon.append(_r(mark.lon, _PLACE_DECIMALS))
        radius.append(round(mark.radius_m))
        colour.append(legend_index.get(inc.attacker or "unknown attacker", colour_of[mark.colour]))
        days.append(inc.date.toordinal() - _EPOCH if inc.date else -1)
        if mark.area is not None:
            areas[str(k)] = _lonlat_rings(mark.area)
        where = mark.area_note
        if place.name and place.name != (inc.place_name or place.name):
            where += f"; resolved as {place.name}"
        if place.kind != "point":
            where += (
                f" ({place.kind.replace('_', ' ')}{', ' + place.country if place.country else ''})"
            )
        cas = inc.casualties
        info.append(
            [
                inc.id,
                inc.place_name or place.name,
                strings(inc.type),
                strings(inc.attacker),
                strings(inc.target),
                strings(where),
                strings(place.source),
                [[figure(c), strings(c.claimed_by), src(c.source_id), c.text] for c in cas],
                1 if len(cas) > 1 and inc.contested else 0,
                [
                    [f"{p.force or 'distance'} {p.label}", p.reference, p.text, src(p.source_id)]
                    for p in inc.proximity
                ],
                [source_index[s] for s in inc.sources if s in source_index],
                inc.notes,
            ]
        )
    dated = [d for d in days if d >= 0]
    dates = [_iso_day(min(dated)), _iso_day(max(dated))] if dated else None
    mark_index = {m.incident.id: k for k, m in enumerate(scene.marks)}
    # rings around the same point get their labels on different sides: N, S, E, W
    around: dict[tuple[float, float], int] = {}
    label_at = []
    for r in scene.rings:
        k = around.get((r.lon, r.lat), 0)
        around[(r.lon, r.lat)] = k + 1
        side = _LABEL_SIDES[k % len(_LABEL_SIDES)]
        coords = r.polygon.exterior.coords
        x, y = coords[int(side[1] * (len(coords) - 1))]
        label_at.append(([_r(y, _PLACE_DECIMALS), _r(x, _PLACE_DECIMALS)], side[0]))
    rings = [
        {
            "incident": mark_index[r.incident_id],
            "lat": _r(r.lat, _PLACE_DECIMALS),
            "lon": _r(r.lon, _PLACE_DECIMALS),
            "radius_m": round(r.radius_m, 3),
            "bound": r.bound,
            "label": r.label,
            "reference": r.claim.reference,
            "words": r.claim.text,
            "source": src(r.claim.source_id),
            "colour": r.colour,
            "latlngs": latlngs(r.polygon, 6)[0],
            "band": latlngs(r.band) if r.band is not None else None,
            "label_at": at,
            "label_side": side,
        }
        for r, (at, side) in zip(scene.rings, label_at, strict=True)
    ]
    links = [
        {
            "incident": mark_index[k.incident_id],
            "latlngs": [[_r(la, _PLACE_DECIMALS), _r(lo, _PLACE_DECIMALS)] for lo, la in k.coords],
            "length_m": round(k.length_m, 1),
            "label": k.label,
        }
        for k in scene.links
    ]
    forces = []
    for force, place, date in scene.forces:
        area = None
        if place.geometry is not None and place.geometry.geom_type in ("Polygon", "MultiPolygon"):
            area = latlngs(place.geometry)
        forces.append(
            {
                "force": force,
                "date": date,
                "lat": _r(place.lat, _PLACE_DECIMALS),
                "lon": _r(place.lon, _PLACE_DECIMALS),
                "area": area,
            }
        )
    w, s, e, nn = scene.bounds
    tolerance = max(e - w, nn - s) / 2500
    context: list[dict[str, Any]] = []
    for layer in scene.context:
        context.append(_context_layer(layer, tolerance))
    return {
        "v": 1,
        "title": scene.title,
        "bounds": [_r(w, 4), _r(s, 4), _r(e, 4), _r(nn, 4)],
        "dates": dates,
        "attribution": scene.attribution,
        "legend": [[name, c, count] for name, c, count in scene.legend],
        "strings": strings.items,
        "sources": source_rows,
        "incidents": {
            "n": n,
            "lat": lat,
            "lon": lon,
            "r": radius,
            "c": colour,
            "d": days,
            "areas": areas,
            "info": info,
        },
        "rings": rings,
        "links": links,
        "forces": forces,
        "context": context,
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


# -- folium elements ----------------------------------------------------------------------------
class OfflineMap(folium.Map):
    """A folium Map that loads nothing from the network and leaves the host page's style alone.

    folium's default template links Leaflet, jQuery and Bootstrap from CDNs and sets
    ``html, body`` to full size; here the assets are inlined once by :func:`render_html` /
    :func:`render_fragment` and page-level styles are added only to standalone pages.
    """

    default_js: list[tuple[str, str]] = []  # noqa: RUF012 (folium's class attribute)
    default_css: list[tuple[str, str]] = []  # noqa: RUF012

    _template = Template(
        """
        {% macro header(this, kwargs) %}
            <style>#{{ this.get_name() }} { position: relative; width: 100%; height: 100%; }</style>
        {% endmacro %}

        {% macro html(this, kwargs) %}
            <div class="folium-map im-map" id={{ this.get_name()|tojson }}></div>
        {% endmacro %}

        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.map(
                {{ this.get_name()|tojson }},
                {
                    center: {{ this.location|tojson }},
                    crs: L.CRS.{{ this.crs }},
                    ...{{ this.options|tojavascript }}
                }
            );
            {%- if this.control_scale %}
            L.control.scale({imperial: true, metric: true, maxWidth: 160}).addTo({{ this.get_name() }});
            {%- endif %}
        {% endmacro %}
        """
    )


class _Raw(Element):
    """Text put into the page as it is.

    branca turns every macro's output into a new Jinja template and renders it again, so a
    ``{{ ... }}`` in a place name would be evaluated: data never goes through that path.
    """

    def __init__(self, text: str) -> None:
        super().__init__()
        self._text = text

    def render(self, **kwargs: Any) -> str:
        return self._text


class IncidentLayer(MacroElement):
    """The incidents, rings, context and controls of one map, drawn by ``incidentmap.js``."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        super().__init__()
        self._name = "IncidentLayer"
        self.data_json = script_json(data)

    def render(self, **kwargs: Any) -> str:  # type: ignore[override]
        figure = self.get_root()
        assert isinstance(figure, Figure)
        map_name = self._parent.get_name() if self._parent is not None else ""
        data_id = f"{self.get_name()}_data"
        figure.html.add_child(
            _Raw(f'<script type="application/json" id="{data_id}">{self.data_json}</script>'),
            name=self.get_name(),
        )
        figure.script.add_child(
            _Raw(f'IncidentMap.render({map_name}, "{data_id}", "{map_name}");'),
            name=self.get_name(),
        )
        return ""


def _own_asset(name: str) -> str:
    return resources.files("incidentmap.export").joinpath("js", name).read_text(encoding="utf-8")


def _assets_html() -> tuple[str, str]:
    """(styles, scripts) to inline: Leaflet, the plugins, and incidentmap's own.

    The scripts run once per page: a second map (or a second fragment pasted into the same
    page) finds ``window.IncidentMap`` defined and reuses the Leaflet already loaded, so every
    map on a page shares one ``L``.
    """
    css = "\n".join(
        [style_block(asset_text(n), label=n) for n in BASE_STYLES]
        + [style_block(_own_asset("incidentmap.css"), label="incidentmap.css")]
    )
    parts = [f"// --- {n}\n{asset_text(n)}" for n in BASE_SCRIPTS]
    parts.append(f"// --- incidentmap.js\n{_own_asset('incidentmap.js')}")
    js = script_block(
        "if (!window.IncidentMap) {\n" + "\n;\n".join(parts) + "\n}",
        label="leaflet+plugins+incidentmap (once per page)",
    )
    return css, js


def _stable_ids(root: Element, prefix: str) -> None:
    """Replace folium's random element ids by ``<prefix><n>`` in tree order."""
    counter = 0
    todo: list[Element] = [root]
    while todo:
        node = todo.pop(0)
        node._id = f"{prefix}{counter:02d}"
        counter += 1
        extra = [getattr(node, a) for a in ("header", "html", "script") if hasattr(node, a)]
        todo.extend([c for c in extra if isinstance(c, Element)])
        todo.extend(node._children.values())


def build_map(scene: Scene, *, tiles: Sequence[str] = ()) -> folium.Map:
    """A folium Map of the scene; renders offline, with stable ids.

    Parameters
    ----------
    scene
        What to draw (see :func:`incidentmap.export.build_scene`).
    tiles
        Online tile layers to offer as optional base layers: ``"osm"``, ``"imagery"``.

    Returns
    -------
    folium.Map
        Shows inline in Jupyter; write it with :func:`render_html` or :func:`write_html`.
    """
    data = scene_data(scene, tiles)
    layer = IncidentLayer(data)
    w, s, e, n = scene.bounds
    m = OfflineMap(
        location=[(s + n) / 2, (w + e) / 2],
        zoom_start=7,
        tiles=None,
        control_scale=True,
    )
    layer.add_to(m)
    digest = hashlib.blake2b(layer.data_json.encode("utf-8"), digest_size=5).hexdigest()
    fig = m.get_root()
    assert isinstance(fig, Figure)
    # The page furniture and the inlined assets live in the figure's header, so that every way
    # folium renders the map (save, get_root().render(), Jupyter's _repr_html_) is offline.
    css, js = _assets_html()
    title = scene.title or "incidentmap"
    fig.header.add_child(
        _Raw(
            '<meta name="viewport" content="width=device-width, initial-scale=1.0" />\n'
            f"<title>{html.escape(title)}</title>\n"
        ),
        name="im_page_meta",
    )
    fig.header.add_child(
        _Raw("<style>html, body { width: 100%; height: 100%; margin: 0; padding: 0; }</style>"),
        name="im_page_style",
    )
    fig.header.add_child(_Raw(css), name="im_css")
    fig.header.add_child(_Raw(js), name="im_js")
    _stable_ids(fig, f"im{digest}_")
    return m


#: Header parts that belong to a whole page, not to a fragment pasted into someone's page.
_PAGE_ONLY = frozenset({"meta_http", "im_page_meta", "im_page_style"})


def render_html(m: folium.Map) -> str:
    """The standalone page: one file, no network needed (the same as ``m.save(path)``)."""
    fig = m.get_root()
    assert isinstance(fig, Figure)
    return fig.render()


def render_fragment(m: folium.Map, *, height: str = "600px") -> str:
    """A snippet (div + styles + scripts) to paste into another page, several per page.

    Leaflet and the plugins run once per page, however many maps it holds.
    """
    if not _CSS_LENGTH.fullmatch(height):
        raise ValidationError(
            f"height must be a CSS length such as 600px or 70vh, got {height!r}",
            field="height",
            value=height,
        )
    fig = m.get_root()
    assert isinstance(fig, Figure)
    fig.render()
    head = "\n".join(
        child.render() for name, child in fig.header._children.items() if name not in _PAGE_ONLY
    )
    return (
        f'<div class="incidentmap-embed" style="position: relative; width: 100%; height: {height};">\n'
        f"{head}\n{fig.html.render()}\n"
        f"<script>\n{fig.script.render()}\n</script>\n</div>\n"
    )


_CSS_LENGTH = re.compile(r"\d+(\.\d+)?(px|vh|em|rem|%)")


def write_html(
    scene: Scene,
    path: str | Path,
    *,
    tiles: Sequence[str] = (),
    fragment: str | Path | None = None,
) -> Path:
    """Write the map to ``path`` (and a fragment to ``fragment``), atomically.

    Returns the path written. Either every file is written or none is.
    """
    m = build_map(scene, tiles=tiles)
    outputs = [(Path(path), render_html(m))]
    if fragment is not None:
        outputs.append((Path(fragment), render_fragment(m)))
    write_texts(outputs)
    return Path(path)


def write_texts(outputs: Sequence[tuple[Path, str]]) -> None:
    """Write several files so that a failure leaves none of them half-written."""
    temps: list[tuple[str, Path]] = []
    try:
        for target, text in outputs:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
            temps.append((tmp, target))
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
        umask = os.umask(0)
        os.umask(umask)
        for tmp, target in temps:
            os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; a map is for sharing
            os.replace(tmp, target)
    except BaseException:
        for tmp, _ in temps:
            Path(tmp).unlink(missing_ok=True)
        raise
