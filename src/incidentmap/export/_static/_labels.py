"""Label placement: the spots a label may take around a feature, and a greedy labeller."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import shapely
import shapely.ops
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.text import Annotation, Text
from shapely.geometry.base import BaseGeometry

from incidentmap.export._static._style import _INK, _LABEL_PAD, _TEXT

#: A place a label may go: anchor (x, y) in map metres, offset (dx, dy) in points, alignment
#: and rotation in degrees.
_Spot = tuple[float, float, float, float, Any, Any, float]  # Any: matplotlib's Literal types
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
#: Farther away, for labels that must be drawn somewhere near their feature.
_FARTHER = (
    (0, 14, "center", "bottom"),
    (0, -14, "center", "top"),
    (14, 10, "left", "bottom"),
    (14, -10, "left", "top"),
    (-14, 10, "right", "bottom"),
    (-14, -10, "right", "top"),
)
_CENTRE = ((0, 0, "center", "center"),)


def _around(
    x: float, y: float, offsets: Sequence[tuple[float, float, str, str]] = _BESIDE, angle: float = 0
) -> list[_Spot]:
    return [(x, y, dx, dy, ha, va, angle) for dx, dy, ha, va in offsets]


class _Labeller:
    """Greedy placement: a label takes the first free spot; optional labels give way."""

    def __init__(self, ax: Axes, renderer: RendererBase) -> None:
        self.ax = ax
        self.renderer = renderer
        self.boxes: list[tuple[float, float, float, float]] = []
        self.frame = ax.get_window_extent(renderer)

    def block(self, x: np.ndarray, y: np.ndarray, radius_px: float) -> None:
        """Keep labels off these points (markers)."""
        px = self.ax.transData.transform(np.column_stack([x, y]))
        r = radius_px
        self.boxes.extend((a - r, b - r, a + r, b + r) for a, b in px.tolist())

    def add(
        self, spots: Sequence[_Spot], text: str, *, required: bool = True, **style: Any
    ) -> Annotation | None:
        """Write ``text`` at the best of ``spots``; None when an optional label finds no room."""
        spots = [s for s in spots if self._in_view(s[0], s[1])]
        if not text or not spots:
            return None
        leader = {"arrowstyle": "-", "lw": 0.5, "color": style.get("color", _INK), "shrinkB": 2}
        label = self.ax.annotate(
            text,
            spots[0][:2],
            xytext=(0, 0),
            textcoords="offset points",
            arrowprops=leader if required else None,
            **_TEXT,
            **style,
        )
        margin = 1.5  # pixels; a boxed label's box is padded by a fraction of its font size
        if style.get("bbox"):
            margin += _LABEL_PAD * float(label.get_fontsize()) * self.ax.figure.dpi / 72
        best: tuple[float, int] = (math.inf, 0)
        for i, spot in enumerate(spots):
            self._move(label, spot)
            cost = self._cost(self._box(label, margin))
            best = min(best, (cost, i))
            if cost == 0:
                break
        if best[0] > 0 and not required:
            label.remove()
            return None
        self._move(label, spots[best[1]])
        self.boxes.append(self._box(label, margin))
        if label.arrow_patch is not None:  # a leader line only for labels set farther away
            label.arrow_patch.set_visible(math.hypot(*spots[best[1]][2:4]) > 10)
        return label

    def _in_view(self, x: float, y: float) -> bool:
        x0, x1 = self.ax.get_xlim()
        y0, y1 = self.ax.get_ylim()
        return bool(x0 <= x <= x1 and y0 <= y <= y1)

    @staticmethod
    def _move(label: Annotation, spot: _Spot) -> None:
        x, y, dx, dy, ha, va, angle = spot
        label.xy = (x, y)
        label.set_position((dx, dy))
        label.set_horizontalalignment(ha)
        label.set_verticalalignment(va)
        label.set_rotation(angle)

    def _box(self, label: Annotation, m: float) -> tuple[float, float, float, float]:
        label.update_positions(self.renderer)
        b = Text.get_window_extent(label, self.renderer)  # the text alone, not its leader
        return (b.x0 - m, b.y0 - m, b.x1 + m, b.y1 + m)

    def _cost(self, box: tuple[float, float, float, float]) -> float:
        """Overlap with placed labels and markers, plus (heavily) any part outside the map."""
        x0, y0, x1, y1 = box
        f = self.frame
        inside = max(0.0, min(x1, f.x1) - max(x0, f.x0)) * max(0.0, min(y1, f.y1) - max(y0, f.y0))
        hits = sum(
            max(0.0, min(x1, b[2]) - max(x0, b[0])) * max(0.0, min(y1, b[3]) - max(y0, b[1]))
            for b in self.boxes
        )
        return 4 * ((x1 - x0) * (y1 - y0) - inside) + hits


def _outline_spots(g: BaseGeometry) -> list[_Spot]:
    """Label spots for an area or line: its middle, then above its top, then below its bottom."""
    if g.is_empty:
        return []
    middle = g.representative_point()
    polys = [p for p in shapely.get_parts(g) if p.geom_type == "Polygon"]
    if polys:
        big = max(polys, key=lambda p: p.area)
        middle = shapely.ops.polylabel(big, tolerance=math.sqrt(big.area) / 50)
    xy = shapely.get_coordinates(g)
    top, bottom = xy[int(np.argmax(xy[:, 1]))], xy[int(np.argmin(xy[:, 1]))]
    return [
        *_around(middle.x, middle.y, _CENTRE),
        *_around(float(top[0]), float(top[1]), ((0, 3, "center", "bottom"),)),
        *_around(float(bottom[0]), float(bottom[1]), ((0, -3, "center", "top"),)),
        *_around(float(top[0]), float(top[1]), _FARTHER),
    ]


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


def _country_spot(seen: BaseGeometry, view_area: float) -> tuple[float, float] | None:
    """The middle of a country's largest visible part, if it is big enough to carry a name."""
    polys = [p for p in shapely.get_parts(seen) if p.geom_type == "Polygon"]
    big = max(polys, key=lambda p: p.area) if polys else None
    if big is None or big.area < 0.02 * view_area:
        return None
    spot = shapely.ops.polylabel(big, tolerance=math.sqrt(big.area) / 50)
    return spot.x, spot.y
