"""The page: title, subtitle and footer, and where the map and the legend panel go."""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.figure import Figure
from matplotlib.legend import Legend

from incidentmap.export._scene import Scene
from incidentmap.export._static._style import _INK, _MUTED, _TEXT
from incidentmap.export._static._text import _balanced, _day, _drawable, _text_width, _wrap


def _pad(fig: Figure) -> float:
    return 0.1 * fig.dpi


def _header(fig: Figure, renderer: RendererBase, scene: Scene) -> float:
    """Title and subtitle at the top; returns the pixel height left below them.

    A long title goes on two lines, then gets smaller; it is never cut short.
    """
    width = fig.bbox.width
    pad, top = _pad(fig), fig.bbox.height - _pad(fig)
    title = _drawable(scene.title.strip(), bold=True) or "Reported incidents"
    room = width - 2 * pad
    size = 13.0
    if _text_width(renderer, title, size, "bold") > room:
        title = _balanced(title, 2)
    while (
        size > 7 and max(_text_width(renderer, t, size, "bold") for t in title.split("\n")) > room
    ):
        size -= 0.5
    t = fig.text(
        pad / width,
        top / fig.bbox.height,
        title,
        size=size,
        weight="bold",
        va="top",
        color=_INK,
        linespacing=1.1,
        **_TEXT,
    )
    y = t.get_window_extent(renderer).y0 - 0.25 * pad
    lines = "\n".join(_wrap(renderer, _subtitle(scene), 8, room))
    s = fig.text(pad / width, y / fig.bbox.height, lines, size=8, va="top", color=_MUTED, **_TEXT)
    return float(s.get_window_extent(renderer).y0 - 0.5 * pad)


def _subtitle(scene: Scene) -> str:
    """What the map shows, in numbers: incidents, how many are counted on areas, the dates."""
    n = len(scene.marks)
    parts = [f"{n:,} incident{'s' if n != 1 else ''} mapped"]
    unplaced = len(scene.incidents) - n
    if unplaced > 0:
        parts[0] += f" ({unplaced:,} without a known location not shown)"
    dates = scene.dates
    if dates:
        parts.append(
            _day(dates[0]) if dates[0] == dates[1] else f"{_day(dates[0])} – {_day(dates[1])}"
        )
    in_areas = sum(len(a.members) for a in scene.areas)
    if in_areas:
        parts.append(f"{in_areas:,} located only to a governorate or country")
    if scene.rings:
        parts.append(
            f"{len(scene.rings):,} reported distance{'s' if len(scene.rings) != 1 else ''}"
        )
    if scene.forces:
        parts.append(
            f"{len(scene.forces):,} reported force position{'s' * (len(scene.forces) > 1)}"
        )
    return _drawable(" · ".join(parts))


def _footer(fig: Figure, renderer: RendererBase, scene: Scene) -> float:
    """Dates, projection and attribution at the bottom; returns their top in pixels."""
    w, s, e, n = scene.bounds
    dates = scene.dates
    when = (
        f"Incidents from {_day(dates[0])} to {_day(dates[1])}." if dates else "No dated incidents."
    )
    if dates and dates[0] == dates[1]:
        when = f"Incidents on {_day(dates[0])}."
    lon0, lat0 = (w + e) / 2, (s + n) / 2
    proj = (
        f"Transverse Mercator projection centred on {abs(lon0):.2f}°{'E' if lon0 >= 0 else 'W'}, "
        f"{abs(lat0):.2f}°{'N' if lat0 >= 0 else 'S'}; the scale bar is true at the centre."
    )
    text = f"{when} {proj} {_drawable(scene.attribution)}"
    pad = _pad(fig)
    size = 5.5
    lines = _wrap(renderer, text, size, fig.bbox.width - 2 * pad)
    t = fig.text(
        pad / fig.bbox.width,
        0.6 * pad / fig.bbox.height,
        "\n".join(lines),
        size=size,
        va="bottom",
        color=_MUTED,
        linespacing=1.35,
        **_TEXT,
    )
    return float(t.get_window_extent(renderer).y1 + 0.5 * pad)


def _map_axes(
    fig: Figure, renderer: RendererBase, legends: list[Legend], bottom: float, top: float
) -> tuple[Axes, tuple[float, float, float]]:
    """The map axes beside (landscape) or above (portrait) the legends, which are placed.

    Returns the axes and the legend panel as (left, top, extent down or across) in pixels.
    """
    pad, width, height = _pad(fig), fig.bbox.width, fig.bbox.height
    right, low = width - pad, bottom
    panel = (0.0, top, top - bottom)
    if legends and width >= 1.15 * height:
        used, _ = _place_legends(fig, renderer, legends, panel)
        right = width - used - 2 * pad
        panel = (right + pad, top, top - bottom)
    elif legends:
        panel = (pad, 0.0, width - 2 * pad)
        _, used = _place_legends(fig, renderer, legends, panel)
        low = bottom + used + 0.5 * pad
        panel = (pad, low - 0.5 * pad, width - 2 * pad)
    _place_legends(fig, renderer, legends, panel)
    ax = fig.add_axes((pad / width, low / height, (right - pad) / width, (top - low) / height))
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_linewidth(0.6)
        spine.set_edgecolor("#8a857c")
    return ax, panel


def _place_legends(
    fig: Figure, renderer: RendererBase, legends: list[Legend], panel: tuple[float, float, float]
) -> tuple[float, float]:
    """Stack legends in columns from the panel's top left; returns the (width, height) used."""
    left, top, across = panel
    landscape = fig.bbox.width >= 1.15 * fig.bbox.height
    boxes = [leg.get_window_extent(renderer) for leg in legends]
    sizes = [(b.width, b.height) if landscape else (b.height, b.width) for b in boxes]
    spots = _flow(sizes, across=across, gap=0.06 * fig.dpi)
    for leg, (a, b) in zip(legends, spots, strict=True):
        x, y = (left + a, top - b) if landscape else (left + b, top - a)
        leg.set_bbox_to_anchor((x / fig.bbox.width, y / fig.bbox.height), fig.transFigure)
    ends = [(a + w, b + h) for (a, b), (w, h) in zip(spots, sizes, strict=True)] or [(0, 0)]
    used = (max(e[0] for e in ends), max(e[1] for e in ends))
    return used if landscape else (used[1], used[0])


def _flow(
    sizes: Sequence[tuple[float, float]], across: float, gap: float
) -> list[tuple[float, float]]:
    """Stack boxes (w, h) down a column of height ``across``, starting a new column when full.

    Returns each box's (offset across columns, offset down the column).
    """
    spots: list[tuple[float, float]] = []
    col_x, col_w, y = 0.0, 0.0, 0.0
    for w, h in sizes:
        if y > 0 and y + h > across:
            col_x, col_w, y = col_x + col_w + gap, 0.0, 0.0
        spots.append((col_x, y))
        col_w, y = max(col_w, w), y + h + gap
    return spots
