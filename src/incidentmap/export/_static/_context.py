"""Base map and context layers: countries, provinces, lakes, rivers, borders, zones, places."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import shapely
from matplotlib.axes import Axes
from matplotlib.collections import Collection, LineCollection, PathCollection

from incidentmap.export._scene import ContextLayer
from incidentmap.export._static._frame import _add, _area_path, _Frame, _is_point
from incidentmap.export._static._labels import (
    _CENTRE,
    _around,
    _country_spot,
    _Labeller,
    _outline_spots,
    _river_spots,
)
from incidentmap.export._static._style import (
    _AREA_STYLE,
    _LINE_STYLE,
    _NAME_STYLE,
    _Z,
    _place_marker,
)
from incidentmap.export._static._text import _drawable, _short
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


def _draw_points(ax: Axes, frame: _Frame, layer: ContextLayer, labels: _Labeller) -> None:
    """Point places of a layer (cities, bases...): small dots with names; names give way."""
    points = [p for p in layer.places if _is_point(p)]
    if not points:
        return
    x, y = frame.xy([p.lon for p in points], [p.lat for p in points])
    groups: dict[str, list[int]] = defaultdict(list)
    for i, p in enumerate(points):
        groups[_place_marker(p)].append(i)
    for marker, idx in sorted(groups.items()):
        ax.scatter(
            x[idx],
            y[idx],
            s=9 if marker == "o" else 11,
            marker=marker,
            c="#3d3d3d",
            edgecolors="white",
            linewidths=0.4,
            zorder=_Z["places"],
        )
    labels.block(x, y, 3)
    for p, xi, yi in zip(points, x.tolist(), y.tolist(), strict=True):
        text = _drawable(_short(p.name, 28))
        labels.add(_around(xi, yi), text, required=False, size=5.5, color="#333333", zorder=5.2)


def _label_shapes(frame: _Frame, kind: str, places: Sequence[Place], labels: _Labeller) -> None:
    """Names of zones (always), rivers and countries (where there is room)."""
    shaped = [p for p in places if not _is_point(p)]
    if not shaped:
        return
    view = shapely.box(*frame.view)
    geoms = frame.project([p.geometry for p in shaped])  # type: ignore[misc]
    for place, g in zip(shaped, geoms, strict=True):
        seen = shapely.intersection(g, view)
        if kind == "zone":
            text = _drawable(_short(place.name, 40), italic=True)
            labels.add(_outline_spots(seen), text, **_NAME_STYLE[kind])
        elif kind == "river":
            text = _drawable(_short(place.name, 30), italic=True)
            labels.add(_river_spots(seen), text, required=False, **_NAME_STYLE[kind])
        elif (spot := _country_spot(seen, view.area)) is not None:
            text = _drawable(_short(place.name.upper(), 30))
            labels.add(_around(*spot, _CENTRE), text, required=False, **_NAME_STYLE[kind])
