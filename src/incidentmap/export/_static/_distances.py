"""What was reported about distances and forces: distance rings, force positions, links."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import numpy as np
import shapely
from matplotlib.axes import Axes
from matplotlib.collections import Collection, LineCollection, PathCollection
from pyproj import Geod

from incidentmap.export._scene import Ring, Scene
from incidentmap.export._static._frame import _area_path, _Frame, _is_point, _line_parts
from incidentmap.export._static._labels import (
    _BESIDE,
    _CENTRE,
    _FARTHER,
    _around,
    _Labeller,
    _outline_spots,
)
from incidentmap.export._static._style import (
    _FORCE,
    _LABEL_BOX,
    _LABEL_LIMIT,
    _PRIORITY,
    _RING_STYLE,
    _alpha,
    _rgba,
)
from incidentmap.export._static._text import _day, _drawable

_GEOD = Geod(ellps="WGS84")


def _draw_rings(ax: Axes, frame: _Frame, scene: Scene, labels: _Labeller) -> None:
    """Reported distances: outlines styled by bound, "about" bands shaded, labels on top."""
    rings = scene.rings
    if not rings:
        return
    _draw_ring_bands(ax, frame, rings)
    outlines = _draw_ring_outlines(ax, frame, rings)
    if len(rings) > _LABEL_LIMIT:
        return
    _label_rings(rings, outlines, labels)


def _draw_ring_bands(ax: Axes, frame: _Frame, rings: Sequence[Ring]) -> None:
    """The plausible range of "about" distances, lightly shaded."""
    bands = [(r.band, r.colour) for r in rings if r.band is not None]
    if bands:
        paths = [_area_path(g) for g in frame.project([b for b, _ in bands])]
        shaded = [(p, c) for p, (_, c) in zip(paths, bands, strict=True) if p is not None]
        rgba = _rgba([c for _, c in shaded])
        coll: Collection = PathCollection(
            [p for p, _ in shaded],
            facecolors=_alpha(rgba, 0.10),
            edgecolors=_alpha(rgba, 0.45),
            linewidths=0.4,
            linestyles=(0, (2, 2)),
            zorder=3.5,
        )
        ax.add_collection(coll, autolim=False)


def _draw_ring_outlines(ax: Axes, frame: _Frame, rings: Sequence[Ring]) -> np.ndarray:
    """One line collection per bound (dashed "less than", dotted "more than"...); returns the
    projected ring of every distance, in order."""
    outlines = frame.project([r.polygon for r in rings])
    by_bound: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(rings):
        by_bound[r.bound].append(i)
    for bound, idx in sorted(by_bound.items()):
        parts = [(xy, rings[i].colour) for i in idx for xy in _line_parts(outlines[i])]
        style = _RING_STYLE.get(bound, ("-", ""))[0]
        coll = LineCollection(
            [xy for xy, _ in parts],
            colors=[c for _, c in parts],
            linewidths=1.2,
            linestyles=style,
            zorder=4.0,
        )
        ax.add_collection(coll, autolim=False)
    return outlines


def _label_rings(rings: Sequence[Ring], outlines: np.ndarray, labels: _Labeller) -> None:
    """Each distance's label on its ring, at its top; or at its east or west; or farther."""
    for ring, g in zip(rings, outlines, strict=True):
        xy = shapely.get_coordinates(g)
        if len(xy):  # on the ring, at its top; or just inside it
            x, y = xy[int(np.argmax(xy[:, 1]))].tolist()
            (ex, ey), (wx, wy) = xy[int(np.argmax(xy[:, 0]))], xy[int(np.argmin(xy[:, 0]))]
            spots = [
                *_around(x, y, ((0, 2, "center", "bottom"), (0, -2, "center", "top"))),
                *_around(float(ex), float(ey), ((3, 0, "left", "center"),)),
                *_around(float(wx), float(wy), ((-3, 0, "right", "center"),)),
                *_around(x, y, _FARTHER),
            ]
            kw: dict[str, Any] = {
                "size": 6,
                "color": ring.colour,
                "bbox": _LABEL_BOX,
                "zorder": 7.4,
            }
            labels.add(
                spots, _drawable(ring.label), priority=_PRIORITY["ring"], required=True, **kw
            )


def _draw_links(ax: Axes, frame: _Frame, scene: Scene, labels: _Labeller) -> None:
    """Lines between an incident and a force, as geodesics, labelled with their length."""
    if not scene.links:
        return
    lines = []
    for link in scene.links:
        (lo1, la1), (lo2, la2) = link.coords
        lon, lat = zip((lo1, la1), *_GEOD.npts(lo1, la1, lo2, la2, 30), (lo2, la2), strict=True)
        x, y = frame.xy(lon, lat)
        lines.append(np.column_stack([x, y]))
    dashes = (0, (3, 1.5))
    coll = LineCollection(lines, colors=_FORCE, linewidths=0.9, linestyles=dashes, zorder=4.5)
    ax.add_collection(coll, autolim=False)
    if len(scene.links) > _LABEL_LIMIT:
        return
    for link, xy in zip(scene.links, lines, strict=True):
        spots = []  # on the line, towards its middle first; then beside its middle
        for t, offsets in ((0.5, _CENTRE), (0.3, _CENTRE), (0.7, _CENTRE), (0.5, _BESIDE)):
            x, y = xy[int(t * (len(xy) - 1))].tolist()
            spots += _around(x, y, offsets)
        labels.add(
            spots,
            _drawable(link.label),
            priority=_PRIORITY["link"],
            required=True,
            size=6,
            color=_FORCE,
            bbox=_LABEL_BOX,
            zorder=7.3,
        )


def _draw_forces(ax: Axes, frame: _Frame, scene: Scene, labels: _Labeller) -> None:
    """Reported force positions: a square marker for a point, an outline for an area."""
    style: dict[str, Any] = {
        "size": 6.5,
        "weight": "bold",
        "color": _FORCE,
        "bbox": _LABEL_BOX,
        "zorder": 7.6,
    }
    for name, place, date in scene.forces:
        text = _drawable(name + (f", {_day(date)}" if date else ""), bold=True)
        want: dict[str, Any] = {"priority": _PRIORITY["force"], "required": True, **style}
        if _is_point(place):
            x, y = frame.xy([place.lon], [place.lat])
            ax.scatter(x, y, s=40, marker="s", c=_FORCE, edgecolors="white", zorder=6.5)
            labels.block(x, y, 4)
            labels.add(_around(float(x[0]), float(y[0]), _BESIDE + _FARTHER), text, **want)
            continue
        (g,) = frame.project([place.geometry])  # type: ignore[list-item]
        path = _area_path(g)
        if path is not None:
            face = (0.1, 0.16, 0.25, 0.07)
            coll: Collection = PathCollection(
                [path], facecolors=[face], edgecolors=_FORCE, linewidths=1.3
            )
        else:
            coll = LineCollection(_line_parts(g), colors=_FORCE, linewidths=2)
        coll.set_zorder(4.6)
        ax.add_collection(coll, autolim=False)
        labels.add(_outline_spots(g), text, **want)
