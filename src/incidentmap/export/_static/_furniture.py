"""Map furniture drawn inside the map: a scale bar true at the centre, an arrow to true north."""

from __future__ import annotations

import math

from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.patches import FancyBboxPatch, Polygon, Rectangle

from incidentmap.export._static._frame import _Frame
from incidentmap.export._static._style import _INK, _TEXT


def _nice_length(metres: float) -> float:
    """The largest 1, 2 or 5 x 10^k metres not above ``metres`` (at least 100 m)."""
    k = math.floor(math.log10(max(metres, 100.0)))
    return max(m * 10**k for m in (1, 2, 5) if m * 10**k <= max(metres, 100.0))


def _scale_bar(ax: Axes, frame: _Frame) -> list[Artist]:
    """A two-part black and white bar of a round length, bottom left; returns its backing."""
    x0, y0, x1, y1 = frame.view
    w, h = x1 - x0, y1 - y0
    length = _nice_length(w * 0.22)
    unit, div = ("km", 1000.0) if length >= 1000 else ("m", 1.0)
    bx, by, bh = x0 + 0.035 * w, y0 + 0.05 * h, 0.008 * h
    backing = ax.add_patch(
        FancyBboxPatch(
            (bx - 0.012 * w, by - 0.032 * h),
            length + 0.05 * w,
            0.062 * h,
            boxstyle="round,pad=0",
            fc="white",
            ec="none",
            alpha=0.8,
            zorder=8.0,
        )
    )
    for i, fc in enumerate(("#222222", "white")):
        ax.add_patch(
            Rectangle(
                (bx + i * length / 2, by), length / 2, bh, fc=fc, ec="#222222", lw=0.6, zorder=8.1
            )
        )
    for frac in (0.0, 0.5, 1.0):
        value = length * frac / div
        text = f"{value:g} {unit}" if frac == 1 else f"{value:g}"
        ax.text(
            bx + frac * length,
            by - 0.006 * h,
            text,
            ha="center",
            va="top",
            size=6,
            color=_INK,
            zorder=8.2,
            **_TEXT,
        )
    return [backing]


def _north_arrow(ax: Axes, frame: _Frame) -> list[Artist]:
    """An arrow to true north (not grid north), top right; returns its parts."""
    x0, y0, x1, y1 = frame.view
    w, h = x1 - x0, y1 - y0
    cx, cy = x1 - 0.045 * w, y1 - 0.16 * h
    lon, lat = frame.lonlat(cx, cy)
    nx, ny = frame.xy([lon], [min(lat + 0.05, 89.99)])
    theta = math.atan2(float(nx[0]) - cx, float(ny[0]) - cy)  # clockwise from map-up
    size = 0.05 * h

    def at(u: float, v: float) -> tuple[float, float]:  # u across, v along the arrow
        return (
            cx + u * math.cos(theta) + v * math.sin(theta),
            cy - u * math.sin(theta) + v * math.cos(theta),
        )

    tip, tail, left, right = (
        at(0, size / 2),
        at(0, -size / 2),
        at(-size / 3, -size / 2),
        at(size / 3, -size / 2),
    )
    dark = ax.add_patch(
        Polygon([tip, left, tail], closed=True, fc="#222222", ec="#222222", lw=0.6, zorder=8.1)
    )
    light = ax.add_patch(
        Polygon([tip, right, tail], closed=True, fc="white", ec="#222222", lw=0.6, zorder=8.1)
    )
    nxy = at(0, size / 2 + 0.012 * h)
    letter = ax.text(
        nxy[0],
        nxy[1],
        "N",
        ha="center",
        va="bottom",
        size=8,
        weight="bold",
        color=_INK,
        rotation=-math.degrees(theta),
        zorder=8.2,
        **_TEXT,
    )
    return [dark, light, letter]
