"""Incidents as drawn: points (filled when exact, hollow when not) with uncertainty outlines,
or, when there are many, bubbles (see ``_clusters``); incidents known only to an area are
counted on it (see ``_areas``) and never drawn as a point."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection

from incidentmap.export._scene import IncidentMark, Scene
from incidentmap.export._static._clusters import _draw_clusters
from incidentmap.export._static._frame import _add, _Frame, _line_parts
from incidentmap.export._static._labels import _BESIDE, _FARTHER, _around, _Labeller
from incidentmap.export._static._style import (
    _CLUSTER_OVER,
    _INK,
    _LABEL_BOX,
    _LABEL_LIMIT,
    _OUTLINE_MAX_PT,
    _OUTLINE_STYLE,
    _PRIORITY,
    _alpha,
    _rgba,
)
from incidentmap.export._static._text import _day, _drawable
from incidentmap.geo import circles


def _points_of(scene: Scene) -> list[int]:
    """Indices of the marks drawn at a point: all but those counted on an area."""
    return [k for k, m in enumerate(scene.marks) if m.located_in < 0]


def _draw_incidents(ax: Axes, frame: _Frame, scene: Scene, labels: _Labeller) -> None:
    """Every incident with a point: one by one when few, else grouped into bubbles."""
    shown = _points_of(scene)
    alone = shown
    if len(shown) > _CLUSTER_OVER:
        alone = _draw_clusters(ax, frame, scene, shown, labels)
    marks = [scene.marks[k] for k in alone]
    few = len(shown) <= _LABEL_LIMIT
    _draw_outlines(ax, frame, marks, few=few)
    _draw_marks(ax, frame, marks, labels, few=few, dense=len(shown) > _CLUSTER_OVER)


def _is_vague(mark: IncidentMark) -> bool:
    return mark.radius_m > 0 or mark.area is not None


def _draw_outlines(ax: Axes, frame: _Frame, marks: Sequence[IncidentMark], *, few: bool) -> None:
    """Where an incident may have been, as an outline in its colour and never a fill (fills of
    many incidents stack into a blanket); only where it is small on the page, or for a few."""
    most_px = _OUTLINE_MAX_PT * ax.figure.dpi / 72.0
    mpp = frame.metres_per_px
    round_ = [
        m
        for m in marks
        if m.area is None and m.radius_m / mpp >= 2 and (few or m.radius_m / mpp <= most_px)
    ]
    lines: list[np.ndarray] = []
    colours: list[str] = []
    if round_:
        # One vertex every few pixels of outline: smooth at this scale, and no heavier.
        rad = np.fromiter((m.radius_m for m in round_), float, len(round_))
        segs = np.clip(2 ** np.ceil(np.log2(np.maximum(2 * np.pi * rad / mpp / 4, 1))), 16, 128)
        for s in np.unique(segs).astype(int).tolist():
            sel = np.flatnonzero(segs == s)
            ring = circles(
                [round_[i].lon for i in sel],
                [round_[i].lat for i in sel],
                rad[sel],
                segments=s,
            )
            x, y = frame.xy(ring[..., 0].ravel(), ring[..., 1].ravel())
            xy = np.stack([x, y], axis=-1).reshape(ring.shape)
            lines.extend(np.concatenate([c, c[:1]]) for c in xy)
            colours.extend(round_[i].colour for i in sel)
    _add_lines(ax, lines, colours, few, "incident-circles")
    _draw_mark_areas(ax, frame, [m for m in marks if m.area is not None], few, most_px)


def _draw_mark_areas(
    ax: Axes, frame: _Frame, marks: Sequence[IncidentMark], few: bool, most_px: float
) -> None:
    """Outlines of incidents placed in an area or along a line (a river bank, a road)."""
    unique: dict[tuple[int, str], Any] = {}
    for m in marks:  # many incidents "somewhere in" one area share its geometry object
        unique.setdefault((id(m.area), m.colour), m.area)
    if not unique:
        return
    lines: list[np.ndarray] = []
    colours: list[str] = []
    mpp = frame.metres_per_px
    for g, (_, colour) in zip(frame.project(list(unique.values())), unique, strict=True):
        w, s, e, n = g.bounds if not g.is_empty else (0, 0, 0, 0)
        if not few and max(e - w, n - s) / 2 / mpp > most_px:
            continue
        parts = _line_parts(g)
        lines.extend(parts)
        colours.extend([colour] * len(parts))
    _add_lines(ax, lines, colours, few, "incident-areas")


def _add_lines(
    ax: Axes, lines: Sequence[np.ndarray], colours: Sequence[str], few: bool, gid: str
) -> None:
    if not lines:
        return
    coll = LineCollection(
        list(lines),
        colors=_alpha(_rgba(colours), 0.85 if few else 0.55),
        zorder=3.0,
        **_OUTLINE_STYLE,
    )
    _add(ax, coll, gid)


def _draw_marks(
    ax: Axes,
    frame: _Frame,
    marks: Sequence[IncidentMark],
    labels: _Labeller,
    *,
    few: bool,
    dense: bool,
) -> None:
    """Incident points: filled when exact, a hollow ring when the place is uncertain."""
    n = len(marks)
    if not n:
        return
    x, y = frame.xy([m.lon for m in marks], [m.lat for m in marks])
    rgba = _rgba([m.colour for m in marks])
    vague = np.fromiter((_is_vague(m) for m in marks), bool, n)
    size, lw = (34.0, 1.4) if few else (12.0, 1.0) if not dense else (10.0, 0.9)
    kw: dict[str, Any] = {"s": size, "marker": "o", "zorder": 6.4}
    if (~vague).any():
        points = ax.scatter(x[~vague], y[~vague], c=rgba[~vague], edgecolors="white", lw=0.6, **kw)
        points.set_gid("incident-points-exact")
    if vague.any():
        ring = rgba[vague]
        points = ax.scatter(x[vague], y[vague], facecolors="none", edgecolors=ring, lw=lw, **kw)
        points.set_gid("incident-points-approximate")
    radius_px = (size**0.5) / 2 / 72 * ax.figure.dpi + 1
    labels.block(x, y, radius_px)
    if not few:
        return
    for m, xi, yi in zip(marks, x.tolist(), y.tolist(), strict=True):
        labels.add(
            _around(xi, yi, _BESIDE + _FARTHER),
            _mark_label(m),
            priority=_PRIORITY["incident"],
            required=True,
            size=6.5,
            color=_INK,
            bbox=_LABEL_BOX,
            zorder=7.5,
        )


def _mark_label(mark: IncidentMark) -> str:
    """Date and place name, and "*" when sources disagree on casualties (never cut short: the
    placer wraps it)."""
    inc = mark.incident
    name = inc.place.name if inc.place is not None else inc.place_name
    text = f"{_day(inc.date)} · {name}" if inc.date else name
    return _drawable(text + (" *" if inc.contested else ""))
