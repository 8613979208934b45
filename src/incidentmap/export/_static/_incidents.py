"""What was reported: incidents and their uncertainty, distance rings, forces and links."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import numpy as np
import shapely
from matplotlib.axes import Axes
from matplotlib.collections import Collection, LineCollection, PathCollection, PolyCollection
from pyproj import Geod
from shapely.geometry.base import BaseGeometry

from incidentmap.export._scene import IncidentMark, Ring, Scene
from incidentmap.export._static._frame import _add, _area_path, _Frame, _is_point, _line_parts
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
    _INK,
    _LABEL_BOX,
    _LABEL_LIMIT,
    _RING_STYLE,
    _alpha,
    _rgba,
)
from incidentmap.export._static._text import _day, _drawable, _short
from incidentmap.geo import circles

_GEOD = Geod(ellps="WGS84")


def _draw_uncertainty(ax: Axes, frame: _Frame, marks: Sequence[IncidentMark]) -> None:
    """Translucent circles and areas in each mark's colour: where the incident may have been."""
    n = len(marks)
    alpha = 0.18 if n <= _LABEL_LIMIT else 0.1 if n <= 1000 else 0.05
    edge_alpha = 0.55 if n <= 1000 else 0.0
    round_ = [m for m in marks if m.area is None and m.radius_m > 0]
    if round_:
        lon = np.fromiter((m.lon for m in round_), float, len(round_))
        lat = np.fromiter((m.lat for m in round_), float, len(round_))
        rad = np.fromiter((m.radius_m for m in round_), float, len(round_))
        rgba = _rgba([m.colour for m in round_])
        # A vertex every few pixels of outline: smooth at this scale, and no heavier. Faint
        # circles by the thousand need less.
        perimeter_px = 2 * np.pi * rad / frame.metres_per_px
        most = 128 if n <= 1000 else 32
        segs = np.clip(2 ** np.ceil(np.log2(np.maximum(perimeter_px / 4, 1))), 8, most)
        for s in np.unique(segs).astype(int).tolist():
            sel = segs == s
            ring = circles(lon[sel], lat[sel], rad[sel], segments=s)
            x, y = frame.xy(ring[..., 0].ravel(), ring[..., 1].ravel())
            verts: Any = np.stack([x, y], axis=-1).reshape(ring.shape)  # (n, segments, 2)
            coll = PolyCollection(
                verts,
                closed=True,
                facecolors=_alpha(rgba[sel], alpha),
                edgecolors=_alpha(rgba[sel], edge_alpha) if edge_alpha else "none",
                linewidths=0.6 if edge_alpha else 0.0,
                antialiaseds=n <= 1000,  # at 5 % opacity nobody sees aliasing; Agg is 2x faster
                zorder=3.0,
            )
            _add(ax, coll, f"incident-circles-{s}")
    _draw_mark_areas(ax, frame, [m for m in marks if m.area is not None], alpha, edge_alpha)


def _draw_mark_areas(
    ax: Axes, frame: _Frame, marks: Sequence[IncidentMark], alpha: float, edge_alpha: float
) -> None:
    unique: dict[tuple[int, str], BaseGeometry] = {}
    for m in marks:  # many incidents "somewhere in" one province share its geometry object
        unique.setdefault((id(m.area), m.colour), m.area)  # type: ignore[arg-type]
    if not unique:
        return
    paths, faces, lines, line_colours = [], [], [], []
    for g, (_, colour) in zip(frame.project(list(unique.values())), unique, strict=True):
        path = _area_path(g)
        if path is not None:
            paths.append(path)
            faces.append(colour)
        else:
            parts = _line_parts(g)
            lines.extend(parts)
            line_colours.extend([colour] * len(parts))
    if paths:
        rgba = _rgba(faces)
        edges = _alpha(rgba, max(edge_alpha, 0.4))
        coll: Collection = PathCollection(
            paths, facecolors=_alpha(rgba, alpha), edgecolors=edges, linewidths=0.6, zorder=3.0
        )
        _add(ax, coll, "incident-areas")
    if lines:  # an incident somewhere along a line (a road, a stretch of river)
        colours = _alpha(_rgba(line_colours), 0.35)
        coll = LineCollection(lines, colors=colours, linewidths=5, capstyle="round", zorder=3)
        _add(ax, coll, "incident-lines")


def _draw_marks(ax: Axes, frame: _Frame, marks: Sequence[IncidentMark], labels: _Labeller) -> None:
    """Incident points: filled when exact, a hollow ring when the place is uncertain."""
    n = len(marks)
    if not n:
        return
    lon = np.fromiter((m.lon for m in marks), float, n)
    lat = np.fromiter((m.lat for m in marks), float, n)
    x, y = frame.xy(lon, lat)
    rgba = _rgba([m.colour for m in marks])
    vague = np.fromiter((m.radius_m > 0 or m.area is not None for m in marks), bool, n)
    size, lw = (34.0, 1.4) if n <= _LABEL_LIMIT else (14.0, 1.0) if n <= 1000 else (4.0, 0.6)
    sharp = ~vague
    kw: dict[str, Any] = {"s": size, "marker": "o", "zorder": 6.0}
    if sharp.any():
        edge = "white" if n <= 1000 else "none"
        points = ax.scatter(x[sharp], y[sharp], c=rgba[sharp], edgecolors=edge, lw=0.7, **kw)
        points.set_gid("incident-points-exact")
    if vague.any():
        ring = rgba[vague]
        points = ax.scatter(x[vague], y[vague], facecolors="none", edgecolors=ring, lw=lw, **kw)
        points.set_gid("incident-points-approximate")
    if n > _LABEL_LIMIT:
        return
    labels.block(x, y, math.sqrt(size) / 72 * ax.figure.dpi / 2 + 1)
    for m, xi, yi in zip(marks, x.tolist(), y.tolist(), strict=True):
        labels.add(
            _around(xi, yi, _BESIDE + _FARTHER),
            _mark_label(m),
            size=6.5,
            color=_INK,
            bbox=_LABEL_BOX,
            zorder=7.5,
        )


def _mark_label(mark: IncidentMark) -> str:
    """Short label: date and place name, and "*" when sources disagree on casualties."""
    inc = mark.incident
    name = inc.place.name if inc.place is not None else inc.place_name
    text = f"{_day(inc.date)} · {name}" if inc.date else name
    return _drawable(_short(text, 44) + (" *" if inc.contested else ""))


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
            labels.add(spots, _drawable(ring.label), **kw)


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
        labels.add(spots, _drawable(link.label), size=6, color=_FORCE, bbox=_LABEL_BOX, zorder=7.3)


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
        text = _drawable(_short(name) + (f", {_day(date)}" if date else ""), bold=True)
        if _is_point(place):
            x, y = frame.xy([place.lon], [place.lat])
            ax.scatter(x, y, s=40, marker="s", c=_FORCE, edgecolors="white", zorder=6.5)
            labels.block(x, y, 4)
            labels.add(_around(float(x[0]), float(y[0]), _BESIDE + _FARTHER), text, **style)
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
        labels.add(_outline_spots(g), text, **style)
