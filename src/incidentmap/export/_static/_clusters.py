"""Many incidents: grouped on the page into bubbles with their count and actor-group shares.

Grouping is done in page pixels, as the HTML map does it on screen: the point-located
incidents fall into a grid of ``_CELL_PT`` cells anchored to the map's lower left corner; a
cell of two or more becomes a bubble at the mean of its points, sized by the log of its count;
bubbles that would overlap merge, largest first (ties by cell), until none do; a lone incident
that no bubble covers stays a point. Every step is ordered, so one scene gives one picture.

Why bubbles, not hexbins: a report needs numbers and sides. A bubble shows its count as a
number one can quote ("Aleppo 3,012") and a ring of pie slices in the actor-group colours of
the legend, so who acted where stays visible; a hexbin shows density on a colour ramp that a
reader must decode, loses the actor groups, and its hexagons tile over the context (rivers,
borders, city names) that a reader needs to find the places.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import PatchCollection
from matplotlib.patches import Circle, Wedge

from incidentmap.export._scene import OTHER_COLOUR, TOP_GROUPS, IncidentMark, Scene
from incidentmap.export._static._frame import _Frame
from incidentmap.export._static._labels import _beside_circle, _Labeller
from incidentmap.export._static._style import (
    _BUBBLE_INK,
    _BUBBLE_MAX_PT,
    _BUBBLE_MIN_PT,
    _BUBBLE_STEP_PT,
    _CELL_PT,
    _INK,
    _LABEL_BOX,
    _PRIORITY,
    _TEXT,
)
from incidentmap.export._static._text import _drawable, _place_short
from incidentmap.model import Place

#: A bubble is named after a city within this distance of its centre (or its radius).
_CITY_REACH_M = 25_000.0
#: How many of the largest bubbles are named after their most frequent place.
_NAMED = 10
#: Radius in points of a lone incident's dot, as an obstacle to bubbles.
_DOT_PT = 2.2
#: Bubbles keep this many points apart.
_GAP_PT = 1.0


@dataclass
class _Bubble:
    """A group of incidents on the page: where (pixels from the map's lower left), how big."""

    x: float
    y: float
    r: float
    members: list[int]
    key: int

    @property
    def count(self) -> int:
        return len(self.members)


def _count_pt(count: int) -> float:
    """Font size in points of a bubble's count."""
    return 5.0 if count < 10 else 5.5


def _ring_pt(r_pt: float) -> float:
    """Width in points of the ring of actor-group slices of a bubble of radius ``r_pt``."""
    return min(max(0.26 * r_pt, 2.0), 3.0)


@lru_cache(maxsize=4096)
def _bubble_pt(count: int) -> float:
    """Radius in points of a bubble of ``count`` incidents: it grows with the log of the
    count, and always holds its count, written out, inside its ring.

    >>> [round(_bubble_pt(n), 1) for n in (2, 10, 100, 1_000, 20_000)]
    [5.8, 7.7, 10.3, 12.7, 14.7]
    """
    r = min(_BUBBLE_MIN_PT + _BUBBLE_STEP_PT * math.log2(max(count, 1)), _BUBBLE_MAX_PT)
    text = f"{count:,}"
    size = _count_pt(count)
    # DejaVu Sans Bold: digits are 0.70 em wide, a comma 0.38 em; half the count and a margin
    half = size * (0.70 * sum(c.isdigit() for c in text) + 0.38 * text.count(",")) / 2
    return max(r, half + _ring_pt(r) + 1.0)


def _group(
    x: np.ndarray,
    y: np.ndarray,
    cell: float,
    radius: Callable[[int], float],
    dot: float,
    gap: float = 1.0,
) -> list[_Bubble]:
    """Group points (pixels) into bubbles that do not overlap, and lone points.

    ``radius`` gives a bubble's radius in pixels for a count; ``dot`` is a lone point's;
    circles keep ``gap`` pixels apart. Every point is in exactly one returned group.

    >>> x = np.array([1.0, 2.0, 3.0, 200.0]); y = np.array([1.0, 2.0, 1.0, 50.0])
    >>> [(b.count, b.members) for b in _group(x, y, 50.0, lambda n: 10.0, 2.0)]
    [(3, [0, 1, 2]), (1, [3])]
    """
    if not len(x):
        return []
    cx, cy = np.floor(x / cell).astype(np.int64), np.floor(y / cell).astype(np.int64)
    keys = (cx - cx.min()) * (int(cy.max() - cy.min()) + 1) + (cy - cy.min())
    cells, inverse = np.unique(keys, return_inverse=True)
    order = np.argsort(inverse, kind="stable")
    bounds = np.searchsorted(inverse[order], np.arange(len(cells) + 1))
    items = []
    for k in range(len(cells)):
        members = order[bounds[k] : bounds[k + 1]]
        n = len(members)
        r = radius(n) if n > 1 else dot
        items.append(
            _Bubble(float(x[members].mean()), float(y[members].mean()), r, members.tolist(), k)
        )
    return _merge(items, radius, gap)


def _merge(items: list[_Bubble], radius: Callable[[int], float], gap: float) -> list[_Bubble]:
    """Merge groups whose circles would overlap into the larger (which keeps its place),
    largest first, until no two overlap."""
    size = 2 * max(radius(sum(b.count for b in items)), max(b.r for b in items)) + gap
    merged = True
    while merged:
        merged = False
        items.sort(key=lambda b: (-b.count, b.key))
        grid: dict[tuple[int, int], list[_Bubble]] = defaultdict(list)
        kept: list[_Bubble] = []
        for it in items:
            gx, gy = math.floor(it.x / size), math.floor(it.y / size)
            host, best = None, math.inf
            for i in (gx - 1, gx, gx + 1):
                for j in (gy - 1, gy, gy + 1):
                    for o in grid.get((i, j), ()):
                        d = math.hypot(o.x - it.x, o.y - it.y)
                        if d < o.r + it.r + gap and d < best:
                            host, best = o, d
            if host is None:
                kept.append(it)
                grid[(gx, gy)].append(it)
                continue
            host.members.extend(it.members)
            host.r = radius(host.count)
            merged = True
        items = kept
    for it in items:
        it.members.sort()
    return items


def _draw_clusters(
    ax: Axes, frame: _Frame, scene: Scene, shown: Sequence[int], labels: _Labeller
) -> list[int]:
    """Group the marks ``shown`` (indices) into bubbles and draw them; returns the marks left
    alone, to be drawn as points."""
    marks = scene.marks
    pt = ax.figure.dpi / 72.0
    x, y = frame.xy([marks[k].lon for k in shown], [marks[k].lat for k in shown])
    mpp = frame.metres_per_px
    px, py = (x - frame.view[0]) / mpp, (y - frame.view[1]) / mpp
    bubbles = _group(
        px, py, _CELL_PT * pt, lambda n: _bubble_pt(n) * pt, _DOT_PT * pt, _GAP_PT * pt
    )
    lone = [shown[b.members[0]] for b in bubbles if b.count == 1]
    groups = [b for b in bubbles if b.count > 1]
    if not groups:
        return lone
    slots = _slots(marks)
    colours = [g.colour for g in scene.groups[:TOP_GROUPS]] + [OTHER_COLOUR]
    discs, outlines, wedges, faces = [], [], [], []
    for b in groups:
        cx, cy = frame.view[0] + b.x * mpp, frame.view[1] + b.y * mpp
        r = b.r * mpp
        ring = _ring_pt(b.r / pt) * pt * mpp
        discs.append(Circle((cx, cy), r))
        outlines.append(Circle((cx, cy), r))
        share = slots[[shown[m] for m in b.members]].sum(axis=0)
        start = 90.0  # from the top, clockwise, in legend order
        for slot in np.flatnonzero(share).tolist():
            sweep = 360.0 * float(share[slot]) / float(share.sum())
            wedges.append(Wedge((cx, cy), r, start - sweep, start, width=ring))
            faces.append(colours[slot])
            start -= sweep
    _add(ax, PatchCollection(discs, fc="white", ec="none", zorder=6.0), "discs")
    wedge_coll = PatchCollection(wedges, fc=faces, ec="white", lw=0.25, zorder=6.1)
    _add(ax, wedge_coll, "rings")
    _add(ax, PatchCollection(outlines, fc="none", ec=(0, 0, 0, 0.5), lw=0.5, zorder=6.2), "edges")
    for i, b in enumerate(groups):
        cx, cy = frame.view[0] + b.x * mpp, frame.view[1] + b.y * mpp
        t = ax.text(
            cx,
            cy,
            f"{b.count:,}",
            ha="center",
            va="center",
            size=_count_pt(b.count),
            weight="bold",
            color=_BUBBLE_INK,
            zorder=6.3,
            **_TEXT,
        )
        t.set_gid(f"cluster-{i + 1}")
    labels.block(
        [frame.view[0] + b.x * mpp for b in groups],
        [frame.view[1] + b.y * mpp for b in groups],
        [b.r + 1 for b in groups],
        hard=True,
    )
    cities = [
        p
        for layer in scene.context
        if layer.kind == "places"
        for p in layer.places
        if p.kind in ("city", "town")
    ]
    _name_largest(frame, marks, shown, groups, labels, cities)
    return lone


def _add(ax: Axes, coll: PatchCollection, part: str) -> None:
    coll.set_gid(f"incident-clusters-{part}")
    ax.add_collection(coll, autolim=False)


def _slots(marks: Sequence[IncidentMark]) -> np.ndarray:
    """Per mark, how often it counts for each legend row (a coalition counts for each member)."""
    out = np.zeros((len(marks), TOP_GROUPS + 1), dtype=np.int64)
    for k, m in enumerate(marks):
        for g in m.groups or (m.group,):
            out[k, min(g, TOP_GROUPS)] += 1
    return out


def _name_largest(
    frame: _Frame,
    marks: Sequence[IncidentMark],
    shown: Sequence[int],
    groups: Sequence[_Bubble],
    labels: _Labeller,
    cities: Sequence[Place] = (),
) -> None:
    """The largest bubbles named ("Aleppo 3,012"): after the largest city within reach of the
    bubble (its radius on the page, and at least 25 km), else the place most of its incidents
    name. A bubble gathers the villages around a city; the most frequent village would name
    the Idlib bubble "Khan Shaykhun"."""
    pt = labels.pt
    mpp = frame.metres_per_px
    cx_city, cy_city = frame.xy([c.lon for c in cities], [c.lat for c in cities])
    largest = sorted(groups, key=lambda b: (-b.count, b.key))[:_NAMED]
    for rank, b in enumerate(largest):
        cx, cy = frame.view[0] + b.x * mpp, frame.view[1] + b.y * mpp
        reach = max(b.r * mpp * 1.5, _CITY_REACH_M)
        countries = Counter(marks[shown[m]].incident.place.country for m in b.members)  # type: ignore[union-attr]
        country = min(countries.items(), key=lambda kv: (-kv[1], kv[0]))[0]
        near = [
            k
            for k in range(len(cities))
            if math.hypot(cx_city[k] - cx, cy_city[k] - cy) <= reach
            and (not country or cities[k].country == country)  # not Irbid for Daraa
        ]
        if near:
            k = min(near, key=lambda k: (-cities[k].population, cities[k].name))
            name = cities[k].name
        else:
            names = Counter(_place_short(marks[shown[m]].incident.place_name) for m in b.members)
            name, _ = min(names.items(), key=lambda kv: (-kv[1], kv[0]))
        if not name:
            continue
        labels.add(
            [*_beside_circle(cx, cy, b.r / pt), *_beside_circle(cx, cy, b.r / pt + 14)],
            _drawable(f"{name} {b.count:,}"),
            priority=_PRIORITY["cluster"] + rank / 100,
            required=True,
            wrap_over=8,
            clear_pt=b.r / pt + 0.5,
            size=6,
            weight="bold",
            color=_INK,
            bbox=_LABEL_BOX,
            zorder=7.0,
        )
