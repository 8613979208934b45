"""Label placement: one greedy placer for every label of the map, and the spots labels may take.

Every part of the map asks for its labels (:meth:`_Labeller.add`) and marks what labels must
not cover (:meth:`_Labeller.block`); :meth:`_Labeller.place` then takes the labels in order of
priority (see ``_style._PRIORITY``). Each tries its spots in order, first as one line and then
wrapped (never cut short), and takes the first spot whose box meets no label already placed,
no obstacle, and stays inside the map. Obstacles are hard (bubbles and their counts, the scale
bar) or soft (small marks and place symbols). A *required* label (incidents, distances, area
counts) that finds no free spot takes the one covering the least of the soft obstacles, then
tries wider circles of spots with a leader line; it never covers a hard obstacle or another
label. An optional label (a city, a river) that finds no free spot is left out. Boxes are
pixel rectangles from sizes measured once per text with matplotlib, so placing is arithmetic,
and the same scene gives the same labels.
"""

from __future__ import annotations

import logging
import math
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import shapely
import shapely.ops
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.collections import LineCollection
from matplotlib.text import Annotation, Text
from shapely.geometry.base import BaseGeometry

from incidentmap.export._static._style import _INK, _LABEL_PAD, _TEXT
from incidentmap.export._static._text import _variants

logger = logging.getLogger(__name__)

#: A place a label may go: anchor (x, y) in map metres, offset (dx, dy) in points, alignment
#: and rotation in degrees.
_Spot = tuple[float, float, float, float, Any, Any, float]  # Any: matplotlib's Literal types
_Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in pixels
_BESIDE = (
    (5, 3, "left", "bottom"),
    (5, -3, "left", "top"),
    (-5, 3, "right", "bottom"),
    (-5, -3, "right", "top"),
    (0, 6, "center", "bottom"),
    (0, -6, "center", "top"),
    (7, 0, "left", "center"),
    (-7, 0, "right", "center"),
)
_CENTRE = ((0, 0, "center", "center"),)


def _compass(d: float, a: float) -> tuple[float, float, str, str]:
    """An offset ``d`` points away at angle ``a``, aligned so the label points away from it."""
    c, s = math.cos(a), math.sin(a)
    ha = "left" if c > 0.3 else "right" if c < -0.3 else "center"
    va = "bottom" if s > 0.3 else "top" if s < -0.3 else "center"
    return (round(d * c, 1), round(d * s, 1), ha, va)


#: Farther away, for labels that must be drawn somewhere near their feature (with a leader):
#: above, below, right, left, then the diagonals.
_FARTHER = tuple(
    _compass(d, math.pi * k / 4) for d in (16, 28, 42) for k in (2, 6, 0, 4, 1, 7, 3, 5)
)
#: Last resort of a required label: a widening circle of spots around its anchor (a leader
#: line shows where it belongs).
_WIDER = tuple(_compass(d, math.pi * k / 8) for d in (20, 30, 42, 56) for k in range(16))
#: ...and, in a crowded map, farther still.
_WIDEST = tuple(_compass(d, math.pi * k / 12) for d in (72, 90, 110, 135) for k in range(24))
#: What a leader line crossing another label costs, against pixels of marks covered.
_CROSSING = 10_000.0
#: A label set this far (points) from its anchor or more gets a leader line to it.
_LEADER_PT = 12.0
_H = {"left": 0.0, "center": 0.5, "right": 1.0}
_V = {"bottom": 0.0, "center": 0.5, "top": 1.0}
#: Style keys that change a label's size (the rest only change its look).
_FONT_KEYS = ("size", "weight", "style", "linespacing")


def _around(
    x: float, y: float, offsets: Sequence[tuple[float, float, str, str]] = _BESIDE, angle: float = 0
) -> list[_Spot]:
    return [(x, y, dx, dy, ha, va, angle) for dx, dy, ha, va in offsets]


def _beside_circle(x: float, y: float, r_pt: float) -> list[_Spot]:
    """Spots just outside a circle of ``r_pt`` points: right, left, above, below, diagonals."""
    d, e = r_pt + 2.5, (r_pt + 2.5) * 0.72
    return _around(
        x,
        y,
        (
            (d, 0, "left", "center"),
            (-d, 0, "right", "center"),
            (0, d, "center", "bottom"),
            (0, -d, "center", "top"),
            (e, e, "left", "bottom"),
            (e, -e, "left", "top"),
            (-e, e, "right", "bottom"),
            (-e, -e, "right", "top"),
        ),
    )


@dataclass
class _Want:
    """A label asked for: where it may go, how it may be written, how it looks."""

    priority: float
    order: int
    spots: list[_Spot]
    texts: tuple[str, ...]
    style: dict[str, Any]
    required: bool
    dot: bool
    clear_pt: float  # a leader line stops this far from the anchor (a bubble's radius)


@dataclass
class _Grid:
    """Pixel boxes in a hash grid: which placed boxes a new box meets, and by how much."""

    cell: float = 64.0
    cells: dict[tuple[int, int], list[_Box]] = field(default_factory=lambda: defaultdict(list))

    def _keys(self, b: _Box) -> Iterator[tuple[int, int]]:
        c = self.cell
        for i in range(math.floor(b[0] / c), math.floor(b[2] / c) + 1):
            for j in range(math.floor(b[1] / c), math.floor(b[3] / c) + 1):
                yield i, j

    def add(self, b: _Box) -> None:
        for k in self._keys(b):
            self.cells[k].append(b)

    def overlap(self, b: _Box, *, first: bool = False) -> float:
        """Area of ``b`` covered by stored boxes (counted once per stored box)."""
        total, seen = 0.0, set()
        for k in self._keys(b):
            for o in self.cells.get(k, ()):
                w = min(b[2], o[2]) - max(b[0], o[0])
                h = min(b[3], o[3]) - max(b[1], o[1])
                if w > 0 and h > 0 and id(o) not in seen:
                    if first:
                        return w * h
                    seen.add(id(o))
                    total += w * h
        return total


class _Labeller:
    """Collects the labels of a map, then places them greedily by priority (see module doc)."""

    def __init__(self, ax: Axes, renderer: RendererBase) -> None:
        self.ax = ax
        self.renderer = renderer
        self.frame = ax.get_window_extent(renderer)
        self.pt = ax.figure.dpi / 72.0  # pixels per point
        self.labels = _Grid()
        self.hard = _Grid()  # bubbles and their counts, furniture
        self.obstacles = _Grid()  # small marks and symbols
        self.wants: list[_Want] = []
        self.placed: list[Annotation] = []
        self.dots: list[tuple[float, float]] = []
        self.leaders: list[tuple[np.ndarray, str]] = []  # pixel segments, colour
        self._sizes: dict[tuple[str, tuple[Any, ...]], tuple[float, float]] = {}

    # -- what labels must not cover ----------------------------------------------------------
    def block(self, x: Any, y: Any, radius_px: Any, *, hard: bool = False) -> None:
        """Keep labels off these points (markers) of the given pixel radius (or radii);
        ``hard``: not even a required label may cover them."""
        px = self.ax.transData.transform(np.column_stack([np.ravel(x), np.ravel(y)]))
        r = np.broadcast_to(np.asarray(radius_px, float), (len(px),))
        grid = self.hard if hard else self.obstacles
        for (a, b), ri in zip(px.tolist(), r.tolist(), strict=True):
            grid.add((a - ri, b - ri, a + ri, b + ri))

    def block_artist(self, artist: Artist) -> None:
        """Keep labels off an artist already drawn in the map (the scale bar, the arrow)."""
        b = artist.get_window_extent(self.renderer)
        self.hard.add((b.x0, b.y0, b.x1, b.y1))

    # -- what labels are wanted --------------------------------------------------------------
    def add(
        self,
        spots: Sequence[_Spot],
        text: str,
        *,
        priority: float,
        required: bool = False,
        wrap: bool = True,
        wrap_over: int = 16,
        dot: bool = False,
        clear_pt: float = 2.0,
        **style: Any,
    ) -> None:
        """Ask for a label: ``text`` at the first free of ``spots`` (placed by :meth:`place`).

        ``wrap`` lets the text go on two or three lines when one finds no room (if it is
        longer than ``wrap_over`` characters); ``dot`` draws a small dot at the anchor when
        the label is placed (a town is its name); a leader line stops ``clear_pt`` points
        short of the anchor (the edge of a bubble, not its count).
        """
        if not text or not spots:
            return
        texts = _variants(text, wrap_over=wrap_over) if wrap and "\n" not in text else (text,)
        self.wants.append(
            _Want(priority, len(self.wants), list(spots), texts, style, required, dot, clear_pt)
        )

    # -- placing -----------------------------------------------------------------------------
    def place(self) -> list[Annotation]:
        """Place every wanted label, most important first; returns the labels drawn."""
        for want in sorted(self.wants, key=lambda w: (w.priority, w.order)):
            self._place_one(want)
        self.wants = []
        if self.dots:
            x, y = zip(*self.dots, strict=True)
            self.ax.scatter(x, y, s=5, c="#4a4a4a", edgecolors="none", zorder=5.05)
        if self.leaders:
            to_data = self.ax.transData.inverted()
            lines = LineCollection(
                [to_data.transform(xy) for xy, _ in self.leaders],
                colors=[colour for _, colour in self.leaders],
                linewidths=0.5,
                zorder=5.9,  # under bubbles: a leader that must cross one goes behind it
            )
            lines.set_gid("label-leaders")
            self.ax.add_collection(lines, autolim=False)
        return self.placed

    def _place_one(self, want: _Want) -> None:
        spots = [s for s in want.spots if self._in_view(s[0], s[1])]
        if not spots:
            return
        if self._try(want, spots) or not want.required:
            return
        for wider in (_WIDER, _WIDEST):
            if self._try(want, _around(*spots[0][:2], wider)):
                return
        logger.debug("no room for the label %r", want.texts[0])

    def _try(self, want: _Want, spots: list[_Spot]) -> bool:
        """Place ``want`` at the first free of ``spots`` (or, if required, the least covering
        of small marks); whether it was placed."""
        anchors = self.ax.transData.transform(np.array([s[:2] for s in spots], float)).tolist()
        margin = 1.5  # pixels; a boxed label's box is padded by a fraction of its font size
        if want.style.get("bbox"):
            margin += _LABEL_PAD * float(want.style.get("size", 10)) * self.pt
        fallback: tuple[float, str, int, _Box, list[_Box]] | None = None
        for text in want.texts:
            w, h = self._size(text, want.style)
            for i, spot in enumerate(spots):
                box = self._box(anchors[i], spot, w, h, margin)
                if (
                    not self._inside(box)
                    or self.labels.overlap(box, first=True)
                    or self.hard.overlap(box, first=True)
                ):
                    continue
                leader = (
                    _leader(anchors[i], box, want.clear_pt * self.pt) if _has_leader(spot) else []
                )
                crossed = sum(1 for b in leader if self.labels.overlap(b, first=True))
                if crossed and not want.required:
                    continue  # a leader line crosses a label only if a label must be drawn
                cost = (
                    self.obstacles.overlap(box)
                    + sum(self.hard.overlap(b) for b in leader)
                    + _CROSSING * crossed
                )
                if cost == 0:
                    self._draw(want, text, spot, box, leader)
                    return True
                if want.required and (fallback is None or cost < fallback[0]):
                    fallback = (cost, text, i, box, leader)
        if fallback is None:
            return False
        _, text, i, box, leader = fallback
        self._draw(want, text, spots[i], box, leader)
        return True

    def _size(self, text: str, style: dict[str, Any]) -> tuple[float, float]:
        """Width and height in pixels of ``text`` as drawn unrotated in ``style``."""
        key = (text, tuple(style.get(k) for k in _FONT_KEYS))
        if key not in self._sizes:
            font = {k: style[k] for k in _FONT_KEYS if k in style}
            probe = Text(0, 0, text, figure=self.ax.figure, **_TEXT, **font)
            b = probe.get_window_extent(self.renderer)
            self._sizes[key] = (b.width, b.height)
        return self._sizes[key]

    def _box(self, anchor: list[float], spot: _Spot, w: float, h: float, m: float) -> _Box:
        """The pixel box of a label at ``spot`` (rotated labels turn about their anchor)."""
        _, _, dx, dy, ha, va, angle = spot
        ox, oy = anchor[0] + dx * self.pt, anchor[1] + dy * self.pt
        x0, y0 = -w * _H[ha], -h * _V[va]
        if angle:
            c, s = math.cos(math.radians(angle)), math.sin(math.radians(angle))
            xs = [x * c - y * s for x in (x0, x0 + w) for y in (y0, y0 + h)]
            ys = [x * s + y * c for x in (x0, x0 + w) for y in (y0, y0 + h)]
            return (ox + min(xs) - m, oy + min(ys) - m, ox + max(xs) + m, oy + max(ys) + m)
        return (ox + x0 - m, oy + y0 - m, ox + x0 + w + m, oy + y0 + h + m)

    def _draw(self, want: _Want, text: str, spot: _Spot, box: _Box, leader: list[_Box]) -> None:
        x, y, dx, dy, ha, va, angle = spot
        style = dict(want.style)
        if _has_leader(spot):
            px, py = self.ax.transData.transform((x, y))
            self.leaders.append(
                (_leader_line(px, py, box, want.clear_pt * self.pt), style.get("color", _INK))
            )
        label = self.ax.annotate(
            text,
            (x, y),
            xytext=(dx, dy),
            textcoords="offset points",
            ha=ha,
            va=va,
            rotation=angle,
            rotation_mode="anchor",
            **_TEXT,
            **style,
        )
        self.labels.add(box)
        for b in leader:  # nothing is written over a leader line either
            self.labels.add(b)
        self.placed.append(label)
        if want.dot:
            self.dots.append((x, y))
            px, py = self.ax.transData.transform((x, y))
            self.obstacles.add((px - 3, py - 3, px + 3, py + 3))

    def _in_view(self, x: float, y: float) -> bool:
        x0, x1 = self.ax.get_xlim()
        y0, y1 = self.ax.get_ylim()
        return bool(x0 <= x <= x1 and y0 <= y <= y1)

    def _inside(self, b: _Box) -> bool:
        f = self.frame
        return f.x0 + 1 <= b[0] and b[2] <= f.x1 - 1 and f.y0 + 1 <= b[1] and b[3] <= f.y1 - 1


def _leader_line(x: float, y: float, box: _Box, clear: float) -> np.ndarray:
    """The segment from ``clear`` pixels off an anchor (x, y) to where it meets a label's box,
    on the way to the box's centre."""
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    dx, dy = cx - x, cy - y
    length = math.hypot(dx, dy) or 1.0
    enter = 0.0
    for d, a, lo, hi in ((dx, x, box[0], box[2]), (dy, y, box[1], box[3])):
        if d:
            enter = max(enter, ((lo if d > 0 else hi) - a) / d)
    start = min(clear / length, enter)
    return np.array([[x + dx * start, y + dy * start], [x + dx * enter, y + dy * enter]])


def _has_leader(spot: _Spot) -> bool:
    return math.hypot(spot[2], spot[3]) >= _LEADER_PT


def _leader(anchor: list[float], box: _Box, clear: float, step: float = 3.0) -> list[_Box]:
    """Small boxes along the line from a label's box to ``clear`` pixels from its anchor."""
    (ax_, ay), cx, cy = anchor, (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    n = max(int(math.hypot(cx - ax_, cy - ay) / step), 1)
    out = []
    for k in range(1, n):
        px, py = ax_ + (cx - ax_) * k / n, ay + (cy - ay) * k / n
        if math.hypot(px - ax_, py - ay) < clear + 1 or (
            box[0] <= px <= box[2] and box[1] <= py <= box[3]
        ):
            continue
        out.append((px - 1.0, py - 1.0, px + 1.0, py + 1.0))
    return out


# -- spots of features ------------------------------------------------------------------------
def _outline_spots(g: BaseGeometry, *, top_first: bool = False) -> list[_Spot]:
    """Label spots for an area or line: its middle, above its top, below its bottom, farther.

    ``top_first`` tries the top edge first (a zone's name should not sit on what happens in
    its middle).
    """
    if g.is_empty:
        return []
    middle = g.representative_point()
    polys = [p for p in shapely.get_parts(g) if p.geom_type == "Polygon"]
    if polys:
        big = max(polys, key=lambda p: p.area)
        middle = shapely.ops.polylabel(big, tolerance=math.sqrt(big.area) / 50)
    xy = shapely.get_coordinates(g)
    top, bottom = xy[int(np.argmax(xy[:, 1]))], xy[int(np.argmin(xy[:, 1]))]
    centre = _around(middle.x, middle.y, _CENTRE)
    edges = [
        *_around(float(top[0]), float(top[1]), ((0, 3, "center", "bottom"),)),
        *_around(float(bottom[0]), float(bottom[1]), ((0, -3, "center", "top"),)),
    ]
    far = _around(float(top[0]), float(top[1]), _FARTHER)
    return [*edges, *centre, *far] if top_first else [*centre, *edges, *far]


def _inside_spots(
    g: BaseGeometry, *, most: int = 400, grid: int = 21, leader: bool = False
) -> list[_Spot]:
    """Centred spots inside an area: its pole of inaccessibility first, then points of a grid
    over it, nearest that pole first (a label finds room between what is drawn there); with
    ``leader``, then spots around the pole, to be joined to it by a leader line."""
    polys = [p for p in shapely.get_parts(g) if p.geom_type == "Polygon" and not p.is_empty]
    if not polys:
        return []
    big = max(polys, key=lambda p: p.area)
    pole = shapely.ops.polylabel(big, tolerance=math.sqrt(big.area) / 50)
    w, s, e, n = big.bounds
    mx, my = np.meshgrid(np.linspace(w, e, grid)[1:-1], np.linspace(s, n, grid)[1:-1])
    gx, gy = mx.ravel(), my.ravel()
    keep = shapely.contains_xy(big, gx, gy)
    gx, gy = gx[keep], gy[keep]
    order = np.lexsort((gx, gy, np.hypot(gx - pole.x, gy - pole.y)))[: most - 1]
    points = [(pole.x, pole.y), *zip(gx[order].tolist(), gy[order].tolist(), strict=True)]
    spots = [spot for x, y in points for spot in _around(x, y, _CENTRE)]
    return [*spots, *_around(pole.x, pole.y, _FARTHER)] if leader else spots


def _river_spots(seen: BaseGeometry) -> list[_Spot]:
    """Spots along the longest visible stretch of a river, the name following its course."""
    parts = [p for p in shapely.get_parts(seen) if p.geom_type == "LineString" and p.length]
    if not parts:
        return []
    line = max(parts, key=lambda p: p.length)
    spots = []
    for t in (0.5, 0.35, 0.65, 0.2, 0.8):
        a = line.interpolate(t - 0.03, normalized=True)
        b = line.interpolate(t + 0.03, normalized=True)
        angle = math.degrees(math.atan2(b.y - a.y, b.x - a.x))
        angle = angle - 180 if angle > 90 else angle + 180 if angle < -90 else angle
        mid = line.interpolate(t, normalized=True)
        spots += _around(mid.x, mid.y, ((0, 2, "center", "bottom"),), angle)
    return spots


def _country_spots(seen: BaseGeometry, view_area: float) -> list[_Spot]:
    """Spots for a country's name inside its largest visible part, if that part is big enough
    to be worth naming (a sliver at the edge of the map is not)."""
    polys = [p for p in shapely.get_parts(seen) if p.geom_type == "Polygon"]
    big = max(polys, key=lambda p: p.area) if polys else None
    if big is None or big.area < 0.004 * view_area:
        return []
    return _inside_spots(big)
