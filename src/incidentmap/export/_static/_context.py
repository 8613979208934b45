"""Base map and context layers: countries, provinces, rivers, borders, zones, places, towns."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import shapely
from matplotlib.axes import Axes
from matplotlib.collections import Collection, LineCollection, PathCollection

from incidentmap.export._scene import ContextLayer
from incidentmap.export._static._frame import _add, _area_path, _Frame, _is_point
from incidentmap.export._static._labels import (
    _BESIDE,
    _around,
    _country_spots,
    _Labeller,
    _outline_spots,
    _river_spots,
)
from incidentmap.export._static._style import (
    _AREA_STYLE,
    _LINE_STYLE,
    _NAME_STYLE,
    _POPULATED,
    _PRIORITY,
    _Z,
    _place_marker,
)
from incidentmap.export._static._text import _drawable
from incidentmap.model import Place


def _layer_places(context: Sequence[ContextLayer], kind: str) -> list[Place]:
    return [p for layer in context if layer.kind == kind for p in layer.places]


def _draw_shapes(
    ax: Axes, frame: _Frame, kind: str, places: Sequence[Place], *, z: float, gid: str
) -> None:
    """Areas and lines of one layer, styled by kind (point places: :func:`_draw_points`)."""
    shaped = [p.geometry for p in places if not _is_point(p)]
    if not shaped:
        return
    geoms = frame.project(shaped, densify=True)  # type: ignore[arg-type]
    face, edge, lw, ls, hatch = _AREA_STYLE.get(kind, ("none", "#7a7a7a", 0.6, "-", None))
    line_colour, line_w, line_ls = _LINE_STYLE.get(kind, (edge, max(lw, 0.8), ls))
    paths = [p for p in (_area_path(g) for g in geoms) if p is not None]
    if paths:
        coll: Collection = PathCollection(
            paths, facecolors=[face], edgecolors=[edge], linewidths=lw, linestyles=ls, zorder=z
        )
        if hatch:
            coll.set_hatch(hatch)
        _add(ax, coll, f"{gid}-areas")
    lines = [
        shapely.get_coordinates(part)
        for g in geoms
        for part in shapely.get_parts(g)
        if part.geom_type in ("LineString", "LinearRing") and len(part.coords) > 1
    ]
    if lines:
        coll = LineCollection(
            lines, colors=line_colour, linewidths=line_w, linestyles=line_ls, zorder=z + 0.05
        )
        _add(ax, coll, f"{gid}-lines")


def _draw_points(
    ax: Axes, frame: _Frame, context: Sequence[ContextLayer], labels: _Labeller
) -> None:
    """Point places of every shown layer (cities, bases, crossings...): a symbol and a name.

    Names give way to everything else; cities go first, largest first, then the other
    places (military sites, crossings, camps) in the layer's order.
    """
    points = [p for layer in context if layer.shown for p in layer.places if _is_point(p)]
    points = list({p.id: p for p in points}.values())
    if not points:
        return
    x, y = frame.xy([p.lon for p in points], [p.lat for p in points])
    groups: dict[str, list[int]] = defaultdict(list)
    for i, p in enumerate(points):
        groups[_place_marker(p)].append(i)
    for marker, idx in sorted(groups.items()):
        coll = ax.scatter(
            x[idx],
            y[idx],
            s=9 if marker == "o" else 11,
            marker=marker,
            c="#3d3d3d",
            edgecolors="white",
            linewidths=0.4,
            zorder=_Z["places"],
        )
        coll.set_gid(f"context-places-{_MARKER_NAMES[marker]}")
    labels.block(x, y, 3)
    order = sorted(range(len(points)), key=lambda i: -points[i].population)
    for rank, i in enumerate(order):
        p = points[i]
        city = p.kind in _POPULATED
        labels.add(
            _around(float(x[i]), float(y[i])),
            _drawable(p.name),
            priority=_PRIORITY["city" if city else "site"] + rank / 1000,
            size=6 if city else 5.5,
            color="#2b2b2b" if city else "#4a4a4a",
            weight="bold" if city and p.population >= 1_000_000 else "normal",
            zorder=5.2,
        )


_MARKER_NAMES = {"o": "towns", "^": "military", "D": "other"}


#: Towns are named only on a map at most this wide (a zoomed-in view), at most this many.
_TOWN_VIEW_M = 300_000.0
_MOST_TOWNS = 150


def _draw_towns(frame: _Frame, towns: Sequence[Place], labels: _Labeller) -> None:
    """Populated places for a zoomed-in view: a dot with a name, only where the name fits."""
    if not towns or frame.view[2] - frame.view[0] > _TOWN_VIEW_M:
        return
    inside = shapely.contains_xy(frame.seen, [p.lon for p in towns], [p.lat for p in towns])
    towns = [p for p, keep in zip(towns, inside.tolist(), strict=True) if keep][:_MOST_TOWNS]
    if not towns:
        return
    x, y = frame.xy([p.lon for p in towns], [p.lat for p in towns])
    for rank, (p, xi, yi) in enumerate(zip(towns, x.tolist(), y.tolist(), strict=True)):
        spots = _around(xi, yi, _BESIDE[:4] + _BESIDE[6:])
        labels.add(
            spots,
            _drawable(p.name),
            priority=_PRIORITY["town"] + rank / 10_000,
            wrap=False,
            dot=True,
            size=5.5,
            color="#4a4a4a",
            zorder=5.2,
        )


def _label_shapes(frame: _Frame, kind: str, places: Sequence[Place], labels: _Labeller) -> None:
    """Names of zones (always), rivers and countries (where there is room)."""
    shaped = [p for p in places if not _is_point(p)]
    if not shaped:
        return
    view = shapely.box(*frame.view)
    geoms = frame.project([p.geometry for p in shaped])  # type: ignore[misc]
    for place, g in zip(shaped, geoms, strict=True):
        seen = shapely.intersection(g, view)
        if seen.is_empty:
            continue
        if kind == "zone":
            text = _drawable(place.name, italic=True)
            spots = _outline_spots(seen, top_first=True)
            labels.add(spots, text, priority=_PRIORITY[kind], required=True, **_NAME_STYLE[kind])
        elif kind == "river":
            text = _drawable(place.name, italic=True)
            labels.add(
                _river_spots(seen),
                text,
                priority=_PRIORITY[kind],
                wrap=False,
                **_NAME_STYLE[kind],
            )
        elif spots := _country_spots(seen, view.area):
            text = _drawable(place.name.upper(), bold=True)
            labels.add(spots, text, priority=_PRIORITY[kind], **_NAME_STYLE[kind])
