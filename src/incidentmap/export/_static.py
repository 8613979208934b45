"""Static map images (PNG and SVG) of a :class:`~incidentmap.export.Scene`, for reports and PDFs.

The image draws the same layers, colours and labels as the interactive map, with matplotlib's
Agg canvas (never pyplot, so no backend or global figure is touched), in a transverse Mercator
projection centred on the scene (scale factor 1 on the central meridian): the scale bar is true
in kilometres at the centre (within 0.3 % 500 km east or west of it) and shapes keep their
angles. Every string from the data is drawn as plain text: mathtext and TeX are off, so a ``$``
in a name stays a dollar sign.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import math
import os
import tempfile
import unicodedata
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import matplotlib as mpl
import matplotlib.colors
import matplotlib.font_manager
import matplotlib.style
import numpy as np
import shapely
import shapely.ops
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import Collection, LineCollection, PathCollection, PolyCollection
from matplotlib.figure import Figure
from matplotlib.ft2font import FT2Font
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import FancyBboxPatch, Patch, Polygon, Rectangle
from matplotlib.path import Path as MplPath
from matplotlib.text import Annotation, Text
from pyproj import Geod, Transformer
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import orient

from incidentmap.errors import ValidationError
from incidentmap.export._scene import ContextLayer, IncidentMark, Scene
from incidentmap.geo import circle
from incidentmap.model import Place

__all__ = ["render_figure", "write_image"]

_FORMATS = {".png": "png", ".svg": "svg"}
_GEOD = Geod(ellps="WGS84")
_FONT = "DejaVu Sans"
#: Plain text everywhere: no mathtext, no TeX (a "$x$" in a place name is not a formula).
_TEXT: dict[str, Any] = {"parse_math": False, "usetex": False, "fontfamily": _FONT}
#: Read when the figure is built and saved; starting from matplotlib's defaults keeps a user's
#: matplotlibrc from changing the image, and a fixed hash salt keeps SVG ids stable.
_RC: dict[Any, Any] = {
    "font.family": _FONT,
    "text.usetex": False,
    "text.parse_math": False,
    "svg.fonttype": "none",  # text stays text: searchable, and editable in a report layout
    "svg.hashsalt": "incidentmap",
    "hatch.linewidth": 0.5,
    "path.simplify": True,
}

_SEA, _LAND, _PAPER = "#dce9f3", "#f4f2ec", "#f7f6f2"
_COAST, _WATER_LINE, _INK, _MUTED = "#aaa59c", "#4a86b8", "#222222", "#6f6a62"
_FORCE = "#1b2a41"
_LABEL_PAD = 0.18
_LABEL_BOX = {"boxstyle": f"round,pad={_LABEL_PAD}", "fc": "white", "ec": "none", "alpha": 0.82}
#: Context styles by layer kind: polygons (face, edge, width, style, hatch) and lines.
_AREA_STYLE: dict[str, tuple[Any, str, float, Any, str | None]] = {
    "country": (_LAND, _COAST, 0.6, "-", None),
    "region": ("none", "#bdb7ab", 0.4, "-", None),
    "lake": ("#b5d2ea", _WATER_LINE, 0.4, "-", None),
    "zone": ((0.55, 0.36, 0.12, 0.10), "#8c5a1a", 0.9, "-", "////"),
}
_LINE_STYLE: dict[str, tuple[str, float, Any]] = {
    "river": (_WATER_LINE, 1.1, "-"),
    "border": ("#5f5f5f", 0.9, (0, (6, 2, 1, 2))),
}
_Z = {"region": 1.6, "lake": 1.7, "river": 1.8, "border": 2.0, "zone": 2.2, "places": 5.0}
_RING_STYLE: dict[str, tuple[Any, str]] = {
    "upper": ((0, (5, 3)), "at most this far (“less than”)"),
    "lower": ((0, (1, 2)), "at least this far (“more than”)"),
    "approx": ("-", "about this far (band: plausible range)"),
    "exact": ("-", "distance as stated"),
}
#: Names of areas and lines: zones always (boxed), rivers and countries where there is room.
_NAME_STYLE: dict[str, dict[str, Any]] = {
    "zone": {"size": 6, "color": "#6b4413", "style": "italic", "bbox": _LABEL_BOX, "zorder": 5.3},
    "river": {
        "size": 6,
        "color": "#2f6d9e",
        "style": "italic",
        "rotation_mode": "anchor",
        "zorder": 5.1,
    },
    "country": {"size": 9, "color": "#8f897f", "zorder": 5.0},
}
_MILITARY = frozenset({"airbase", "airport", "military_base", "outpost"})
_POPULATED = frozenset({"city", "town", "village"})
_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
#: Up to this many circles are made one by one with :func:`incidentmap.geo.circle`; beyond,
#: the same construction runs as one vectorised geodesic call (100,000 calls would take ~5 s).
_ONE_BY_ONE = 1000
_LABEL_LIMIT = 30
_RASTER_OVER = 5000
_LEGEND_ROWS = 10


# -- public -----------------------------------------------------------------------------------
def write_image(
    scene: Scene, path: str | Path, *, width_px: int = 1600, height_px: int = 1100, dpi: int = 200
) -> Path:
    """Draw ``scene`` as a PNG or SVG file, written atomically.

    Parameters
    ----------
    scene
        What to draw (see :func:`incidentmap.export.build_scene`).
    path
        Output file; its suffix, ``.png`` or ``.svg``, chooses the format.
    width_px, height_px
        Image size in pixels (for SVG: the size at ``dpi``).
    dpi
        Pixels per inch: text sizes are in points, so ``width_px / dpi`` is the printed width
        in inches at which labels have their intended size.

    Returns
    -------
    pathlib.Path
        The file written. The same scene always gives the same bytes.

    Raises
    ------
    ValidationError
        For a suffix other than ``.png``/``.svg`` or a size out of range; nothing is written.
    OSError
        When the file cannot be written (``FileNotFoundError`` for a missing folder); neither
        it nor a temporary file is left behind, and an existing file at ``path`` is untouched.

    Notes
    -----
    Drawing sets matplotlib's process-wide ``rcParams`` for its duration (and restores them), so
    images should not be drawn from several threads at once.

    Examples
    --------
    >>> from incidentmap.export import build_scene
    >>> from incidentmap.model import IncidentSet
    >>> write_image(build_scene(IncidentSet()), "map.pdf")
    Traceback (most recent call last):
    incidentmap.errors.ValidationError: image path must end in '.png' or '.svg', got 'map.pdf'
    """
    target = Path(path)
    fmt = _FORMATS.get(target.suffix.lower())
    if fmt is None:
        raise ValidationError(
            f"image path must end in '.png' or '.svg', got {str(path)!r}", field="path", value=path
        )
    if not target.parent.is_dir():  # fail before drawing, and name the folder, not a temp file
        raise FileNotFoundError(errno.ENOENT, "no such directory", str(target.parent))
    with _style():
        fig = render_figure(scene, width_px=width_px, height_px=height_px, dpi=dpi)
        meta = {"Software": None} if fmt == "png" else {"Date": None, "Creator": None}
        _save_atomically(fig, target, fmt, dpi, meta)
    return target


def render_figure(
    scene: Scene, *, width_px: int = 1600, height_px: int = 1100, dpi: int = 200
) -> Figure:
    """Draw ``scene`` on a new matplotlib Figure with an Agg canvas (for notebooks and tests).

    Parameters
    ----------
    scene
        What to draw.
    width_px, height_px
        Figure size in pixels at ``dpi``.
    dpi
        Pixels per inch.

    Returns
    -------
    matplotlib.figure.Figure
        Not registered with pyplot; display it in a notebook, or ``savefig`` it.

    Raises
    ------
    ValidationError
        When a size or the dpi is out of range.

    Examples
    --------
    >>> from incidentmap.export import build_scene
    >>> from incidentmap.model import IncidentSet
    >>> fig = render_figure(build_scene(IncidentSet()), width_px=800, height_px=550, dpi=100)
    >>> [int(v) for v in fig.get_size_inches() * fig.dpi]
    [800, 550]
    """
    _check_size(width_px, height_px, dpi)
    with _style():
        fig = Figure(figsize=(width_px / dpi, height_px / dpi), dpi=dpi, facecolor="white")
        renderer = FigureCanvasAgg(fig).get_renderer()
        map_top = _header(fig, renderer, scene)
        map_bottom = _footer(fig, renderer, scene)
        legends = _legends(fig, scene, shapely.box(*scene.bounds))
        ax, panel = _map_axes(fig, renderer, legends, map_bottom, map_top)
        frame = _Frame.fit(scene.bounds, ax.get_window_extent(renderer))
        frame.apply(ax)
        # The map shows more than the bounds where its shape differs: list what is in view.
        for leg in legends:
            leg.remove()
        _place_legends(fig, renderer, _legends(fig, scene, frame.seen), panel)
        labels = _Labeller(ax, renderer)
        _draw_layers(ax, frame, scene, labels)
        _scale_bar(ax, frame)
        _north_arrow(ax, frame)
    return fig


# -- steps: files and style -------------------------------------------------------------------
def _check_size(width_px: int, height_px: int, dpi: int) -> None:
    for name, value, low, high in (
        ("width_px", width_px, 300, 20_000),
        ("height_px", height_px, 200, 20_000),
        ("dpi", dpi, 50, 1200),
    ):
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ValidationError(
                f"{name} must be an integer in [{low}, {high}], got {value!r}",
                field=name,
                value=value,
            )


@contextlib.contextmanager
def _style() -> Iterator[None]:
    # Not thread-safe (rcParams are process-wide): matplotlib offers no per-figure alternative
    # for these settings; every artist also gets its font and text options explicitly.
    with matplotlib.style.context("default"), mpl.rc_context(_RC):
        yield


def _save_atomically(fig: Figure, target: Path, fmt: str, dpi: int, meta: dict[str, Any]) -> None:
    """Write to a temporary file beside ``target``, then rename it over ``target``."""
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fig.savefig(fh, format=fmt, dpi=dpi, metadata=meta, facecolor="white")
        os.chmod(tmp, 0o644)  # mkstemp makes 0600 files; a map is meant to be shared
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


# -- text -------------------------------------------------------------------------------------
@lru_cache(maxsize=4)
def _charmap(bold: bool, italic: bool) -> frozenset[int]:
    style = {(False, False): "", (True, False): "-Bold", (False, True): "-Oblique"}
    name = f"DejaVuSans{style.get((bold, italic), '-BoldOblique')}.ttf"
    font = FT2Font(os.path.join(mpl.get_data_path(), "fonts", "ttf", name))
    return frozenset(font.get_charmap())


def _drawable(text: str, *, bold: bool = False, italic: bool = False) -> str:
    """``text`` with characters DejaVu Sans lacks replaced, so no glyph goes missing silently.

    A letter with a diacritic the font lacks keeps its base letter (NFKD); anything else (CJK,
    or Arabic script in the oblique face) becomes one "□" per run, so the reader sees that
    something was there and matplotlib never warns about a missing glyph.
    """
    have = _charmap(bold, italic)
    out: list[str] = []
    for ch in text:
        if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp"):
            ch = " "
        if ord(ch) in have:
            out.append(ch)
            continue
        base = "".join(c for c in unicodedata.normalize("NFKD", ch) if ord(c) in have)
        base = "".join(c for c in base if not unicodedata.combining(c))
        if base:
            out.append(base)
        elif not out or out[-1] != "□":
            out.append("□")
    return " ".join("".join(out).split())


def _short(text: str, n: int = 34) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _day(iso: str | dt.date) -> str:
    # Month names from a fixed table: strftime("%b") follows the locale, and output must not.
    d = dt.date.fromisoformat(iso) if isinstance(iso, str) else iso
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def _text_width(renderer: RendererBase, text: str, size: float, weight: str = "normal") -> float:
    prop = matplotlib.font_manager.FontProperties(family=_FONT, size=size, weight=weight)
    return float(renderer.get_text_width_height_descent(text, prop, ismath=False)[0])


def _wrap(renderer: RendererBase, text: str, size: float, width: float) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and _text_width(renderer, f"{lines[-1]} {word}", size) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


# -- header, footer, legend panel -------------------------------------------------------------
def _pad(fig: Figure) -> float:
    return 0.1 * fig.dpi


def _header(fig: Figure, renderer: RendererBase, scene: Scene) -> float:
    """Title and subtitle at the top; returns the pixel height left below them."""
    width, height = fig.bbox.width, fig.bbox.height
    pad, top = _pad(fig), fig.bbox.height - _pad(fig)
    title = _drawable(scene.title.strip(), bold=True) or "Reported incidents"
    size = 13.0
    while size > 9 and _text_width(renderer, title, size, "bold") > width - 2 * pad:
        size -= 0.5
    while len(title) > 8 and _text_width(renderer, title, size, "bold") > width - 2 * pad:
        title = _short(title, len(title) - 2)
    t = fig.text(
        pad / width, top / height, title, size=size, weight="bold", va="top", color=_INK, **_TEXT
    )
    y = t.get_window_extent(renderer).y0 - 0.25 * pad
    s = fig.text(pad / width, y / height, _subtitle(scene), size=8, va="top", color=_MUTED, **_TEXT)
    return float(s.get_window_extent(renderer).y0 - 0.5 * pad)


def _subtitle(scene: Scene) -> str:
    n = len(scene.marks)
    parts = [f"{n:,} incident{'s' if n != 1 else ''} mapped"]
    unplaced = len(scene.incidents) - n
    if unplaced > 0:
        parts[0] += f" ({unplaced:,} without a known location not shown)"
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


# -- projection -------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Frame:
    """The map's projection (centred on the scene), its view in metres, and a lon/lat clip box."""

    lon0: float
    lat0: float
    transformer: Transformer = field(repr=False)
    view: tuple[float, float, float, float]  # x0, y0, x1, y1 in projected metres
    clip: tuple[float, float, float, float]  # west, south, east, north to cut geometry to
    px: float  # map width in pixels
    seen: BaseGeometry = field(repr=False)  # the view as a lon/lat polygon

    @classmethod
    def fit(cls, bounds: tuple[float, float, float, float], box: Any) -> _Frame:
        """The frame showing all of ``bounds``, widened to fill a ``box`` of pixels."""
        w, s, e, n = bounds
        lon0, lat0 = (w + e) / 2, (s + n) / 2
        tr = Transformer.from_pipeline(
            "+proj=pipeline +step +proj=unitconvert +xy_in=deg +xy_out=rad "
            f"+step +proj=tmerc +lat_0={lat0!r} +lon_0={lon0!r} +k=1 +ellps=WGS84"
        )
        t = np.linspace(0.0, 1.0, 65)
        edge_lon = np.concatenate(
            [w + (e - w) * t, np.full(65, e), e - (e - w) * t, np.full(65, w)]
        )
        edge_lat = np.concatenate(
            [np.full(65, s), s + (n - s) * t, np.full(65, n), n - (n - s) * t]
        )
        x, y = tr.transform(edge_lon, edge_lat)
        x0, x1, y0, y1 = float(x.min()), float(x.max()), float(y.min()), float(y.max())
        want, have = box.width / box.height, (x1 - x0) / (y1 - y0)
        if have < want:
            grow = ((y1 - y0) * want - (x1 - x0)) / 2
            x0, x1 = x0 - grow, x1 + grow
        else:
            grow = ((x1 - x0) / want - (y1 - y0)) / 2
            y0, y1 = y0 - grow, y1 + grow
        vx = np.concatenate(
            [x0 + (x1 - x0) * t, np.full(65, x1), x1 - (x1 - x0) * t, np.full(65, x0)]
        )
        vy = np.concatenate(
            [np.full(65, y0), y0 + (y1 - y0) * t, np.full(65, y1), y1 - (y1 - y0) * t]
        )
        lo, la = tr.transform(vx, vy, direction="INVERSE")
        mx, my = (lo.max() - lo.min()) * 0.05 + 0.05, (la.max() - la.min()) * 0.05 + 0.05
        clip = (
            max(lo.min() - mx, -180.0),
            max(la.min() - my, -89.9),
            min(lo.max() + mx, 180.0),
            min(la.max() + my, 89.9),
        )
        seen = shapely.Polygon(np.column_stack([lo, la]))
        return cls(lon0, lat0, tr, (x0, y0, x1, y1), clip, float(box.width), seen)

    def apply(self, ax: Axes) -> None:
        """Set the axes to show the view, at one scale on both axes."""
        x0, y0, x1, y1 = self.view
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        ax.set_aspect("equal", adjustable="datalim")

    @property
    def metres_per_px(self) -> float:
        return (self.view[2] - self.view[0]) / self.px

    def xy(self, lon: Any, lat: Any) -> tuple[np.ndarray, np.ndarray]:
        """Project (arrays of) lon/lat to map metres."""
        x, y = self.transformer.transform(np.asarray(lon, float), np.asarray(lat, float))
        return np.asarray(x), np.asarray(y)

    def lonlat(self, x: float, y: float) -> tuple[float, float]:
        lon, lat = self.transformer.transform(x, y, direction="INVERSE")
        return float(lon), float(lat)

    def project(self, geoms: Sequence[BaseGeometry], densify: bool = False) -> np.ndarray:
        """Cut lon/lat geometries to the view and project them (one vectorised call)."""
        arr = np.empty(len(geoms), dtype=object)
        arr[:] = list(geoms)
        arr = shapely.clip_by_rect(arr, *self.clip)
        if densify:  # long straight lon/lat edges are curves in the projection
            arr = shapely.segmentize(arr, 0.1)
        return np.asarray(shapely.transform(arr, self._forward))

    def _forward(self, coords: np.ndarray) -> np.ndarray:
        x, y = self.transformer.transform(coords[:, 0], coords[:, 1])
        return np.column_stack((x, y))


# -- geometry to matplotlib -------------------------------------------------------------------
def _area_path(geom: BaseGeometry | None) -> MplPath | None:
    """One compound path (holes included) for the polygons in ``geom``, or None."""
    verts: list[np.ndarray] = []
    codes: list[np.ndarray] = []
    if geom is None or geom.is_empty:
        return None
    for part in shapely.get_parts(geom):
        if part.geom_type != "Polygon" or part.is_empty:
            continue
        part = orient(part, 1.0)  # matplotlib fills non-zero: holes must wind the other way
        for ring in (part.exterior, *part.interiors):
            xy = shapely.get_coordinates(ring)
            c = np.full(len(xy), MplPath.LINETO, dtype=MplPath.code_type)
            c[0], c[-1] = MplPath.MOVETO, MplPath.CLOSEPOLY
            verts.append(xy)
            codes.append(c)
    return MplPath(np.concatenate(verts), np.concatenate(codes)) if verts else None


def _line_parts(geom: BaseGeometry | None) -> list[np.ndarray]:
    """Coordinates of every line in ``geom`` (polygon rings count as lines)."""
    if geom is None or geom.is_empty:
        return []
    out: list[np.ndarray] = []
    for part in shapely.get_parts(geom):
        if part.geom_type == "Polygon":
            out.extend(shapely.get_coordinates(r) for r in (part.exterior, *part.interiors))
        elif part.geom_type in ("LineString", "LinearRing") and not part.is_empty:
            out.append(shapely.get_coordinates(part))
    return out


def _meets(place: Place, area: BaseGeometry) -> bool:
    """Whether ``place`` is at least partly inside ``area`` (lon/lat)."""
    if _is_point(place):
        return bool(shapely.intersects_xy(area, place.lon, place.lat))
    return bool(shapely.intersects(area, place.geometry))


def _is_point(place: Place) -> bool:
    return place.geometry is None or place.geometry.geom_type in ("Point", "MultiPoint")


def _circle_rings(
    lons: np.ndarray, lats: np.ndarray, radii: np.ndarray, segments: int
) -> np.ndarray:
    """Geodesic circles as an (n, segments, 2) lon/lat array: :func:`incidentmap.geo.circle`."""
    if len(lons) <= _ONE_BY_ONE:
        rings = [
            shapely.get_coordinates(circle(lo, la, r, segments=segments).exterior)[:-1]
            for lo, la, r in zip(lons.tolist(), lats.tolist(), radii.tolist(), strict=True)
        ]
        return np.asarray(rings).reshape(len(lons), segments, 2)
    az = np.linspace(0.0, -360.0, segments, endpoint=False)  # as geo.circle: counter-clockwise
    lon0 = np.repeat(lons, segments)
    lo, la, _ = _GEOD.fwd(
        lon0, np.repeat(lats, segments), np.tile(az, len(lons)), np.repeat(radii, segments)
    )
    lo = lon0 + (lo - lon0 + 180.0) % 360.0 - 180.0
    return np.stack([lo, la], axis=-1).reshape(len(lons), segments, 2)


# -- labels -----------------------------------------------------------------------------------
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


# -- layers -----------------------------------------------------------------------------------
def _draw_layers(ax: Axes, frame: _Frame, scene: Scene, labels: _Labeller) -> None:
    """Every layer, bottom to top; labels are placed most important first."""
    ax.set_facecolor(_SEA if scene.basemap else _PAPER)
    context = [c for c in scene.context if c.shown]
    _draw_shapes(ax, frame, "country", scene.basemap, z=1.0, gid="basemap")
    for i, layer in enumerate(context):
        z = _Z.get(layer.kind, 2.1)
        _draw_shapes(ax, frame, layer.kind, layer.places, z=z, gid=f"context-{i}-{layer.kind}")
    _draw_uncertainty(ax, frame, scene.marks)
    _draw_marks(ax, frame, scene.marks, labels)
    _draw_forces(ax, frame, scene, labels)
    _draw_rings(ax, frame, scene, labels)
    _draw_links(ax, frame, scene, labels)
    _label_shapes(frame, "zone", _layer_places(context, "zone"), labels)
    for layer in context:
        _draw_points(ax, frame, layer, labels)
    _label_shapes(frame, "river", _layer_places(context, "river"), labels)
    _label_shapes(frame, "country", list(scene.basemap), labels)
    if len(scene.marks) > _RASTER_OVER:
        # Tens of thousands of vector shapes make an SVG too heavy to open: draw the incident
        # layers as an image inside the SVG instead (the PNG is the same either way).
        for coll in ax.collections:
            if str(coll.get_gid()).startswith("incident-"):
                coll.set_rasterized(True)


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
            ring = _circle_rings(lon[sel], lat[sel], rad[sel], s)
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


def _add(ax: Axes, coll: Collection, gid: str) -> None:
    """Add a collection with an id (SVG editors show it as the layer's name)."""
    coll.set_gid(gid)
    ax.add_collection(coll, autolim=False)


def _rgba(colours: Sequence[str]) -> np.ndarray:
    """RGBA rows for many colour strings (converting each distinct colour once)."""
    names, index = np.unique(np.asarray(colours, dtype=str), return_inverse=True)
    return np.asarray(matplotlib.colors.to_rgba_array(names.tolist()))[index.ravel()]


def _alpha(rgba: np.ndarray, alpha: float) -> np.ndarray:
    out = np.array(rgba, dtype=float)
    out[:, 3] = alpha
    return out


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
    if len(rings) > _LABEL_LIMIT:
        return
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


def _place_marker(place: Place) -> str:
    return "^" if place.kind in _MILITARY else "o" if place.kind in _POPULATED else "D"


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


# -- map furniture ----------------------------------------------------------------------------
def _nice_length(metres: float) -> float:
    """The largest 1, 2 or 5 x 10^k metres not above ``metres`` (at least 100 m)."""
    k = math.floor(math.log10(max(metres, 100.0)))
    return max(m * 10**k for m in (1, 2, 5) if m * 10**k <= max(metres, 100.0))


def _scale_bar(ax: Axes, frame: _Frame) -> None:
    """A two-part black and white bar of a round length, bottom left."""
    x0, y0, x1, y1 = frame.view
    w, h = x1 - x0, y1 - y0
    length = _nice_length(w * 0.22)
    unit, div = ("km", 1000.0) if length >= 1000 else ("m", 1.0)
    bx, by, bh = x0 + 0.035 * w, y0 + 0.05 * h, 0.008 * h
    ax.add_patch(
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


def _north_arrow(ax: Axes, frame: _Frame) -> None:
    """An arrow to true north (not grid north), top right."""
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
    ax.add_patch(
        Polygon([tip, left, tail], closed=True, fc="#222222", ec="#222222", lw=0.6, zorder=8.1)
    )
    ax.add_patch(
        Polygon([tip, right, tail], closed=True, fc="white", ec="#222222", lw=0.6, zorder=8.1)
    )
    nxy = at(0, size / 2 + 0.012 * h)
    ax.text(
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


# -- legend -----------------------------------------------------------------------------------
def _legends(fig: Figure, scene: Scene, box: BaseGeometry) -> list[Legend]:
    """One small legend per section (attackers, locations, distances, map features in ``box``)."""
    out = []
    for title, entries in _legend_sections(scene, box):
        if not entries:
            continue
        leg = fig.legend(
            handles=[h for h, _ in entries],
            labels=[_drawable(text) for _, text in entries],
            loc="upper left",
            bbox_to_anchor=(0.0, 1.0),
            bbox_transform=fig.transFigure,
            title=title,
            frameon=False,
            alignment="left",
            prop={"family": _FONT, "size": 6.5},
            title_fontproperties={"family": _FONT, "size": 7, "weight": "bold"},
            handlelength=2.0,
            handleheight=1.0,
            borderaxespad=0.0,
            borderpad=0.0,
            labelspacing=0.45,
        )
        for text in [*leg.get_texts(), leg.get_title()]:
            text.set_parse_math(False)
            text.set_usetex(False)
        out.append(leg)
    return out


def _legend_sections(scene: Scene, box: BaseGeometry) -> list[tuple[str, list[tuple[Any, str]]]]:
    grey = "#555555"
    dot: dict[str, Any] = {"marker": "o", "linestyle": "none", "markersize": 6}
    attackers: list[tuple[Any, str]] = [
        (Line2D([], [], color=c, markeredgecolor="white", **dot), f"{_short(a)} ({n:,})")
        for a, c, n in scene.legend[:_LEGEND_ROWS]
    ]
    rest = scene.legend[_LEGEND_ROWS:]
    if rest:
        attackers.append(
            (
                Line2D([], [], color="#737373", **dot),
                f"{len(rest)} other attackers ({sum(n for *_, n in rest):,})",
            )
        )
    where: list[tuple[Any, str]] = []
    if any(m.radius_m == 0 and m.area is None for m in scene.marks):
        where.append((Line2D([], [], color=grey, markeredgecolor="white", **dot), "exact location"))
    if any(m.radius_m > 0 or m.area is not None for m in scene.marks):
        where.append(
            (
                Line2D([], [], color=grey, markerfacecolor="none", markeredgewidth=1.3, **dot),
                "approximate location",
            )
        )
        where.append(
            (
                Patch(fc=(0.33, 0.33, 0.33, 0.2), ec=(0.33, 0.33, 0.33, 0.55), lw=0.6),
                "area of uncertainty",
            )
        )
    if any(m.incident.contested for m in scene.marks) and len(scene.marks) <= _LABEL_LIMIT:
        where.append((Line2D([], [], linestyle="none"), "* sources disagree on casualties"))
    distance: list[tuple[Any, str]] = []
    for bound in ("upper", "lower", "approx", "exact"):
        if any(r.bound == bound for r in scene.rings):
            line = Line2D([], [], color="#444444", linestyle=_RING_STYLE[bound][0], lw=1.2)
            band = Patch(fc=(0.27, 0.27, 0.27, 0.16), ec="none")
            distance.append(((band, line) if bound == "approx" else line, _RING_STYLE[bound][1]))
    return [
        ("Attacker (incidents)", attackers),
        ("Location", where),
        ("Reported distance", distance),
        ("Map", _context_entries(scene, box)),
    ]


def _context_entries(scene: Scene, box: BaseGeometry) -> list[tuple[Any, str]]:
    out: list[tuple[Any, str]] = []
    if scene.forces:
        out.append(
            (
                Line2D([], [], marker="s", color=_FORCE, linestyle="none", markersize=5),
                "reported force position",
            )
        )
    if scene.links:
        out.append(
            (Line2D([], [], color=_FORCE, lw=0.9, linestyle=(0, (3, 1.5))), "distance to force")
        )
    seen = [layer for layer in scene.context if layer.shown]
    kinds = {layer.kind for layer in seen if any(_meets(p, box) for p in layer.places)}
    for kind, text in (
        ("river", "river"),
        ("border", "international border"),
        ("region", "province"),
        ("lake", "lake"),
        ("zone", "zone"),
    ):
        if kind in kinds and kind in _LINE_STYLE:
            colour, lw, ls = _LINE_STYLE[kind]
            out.append((Line2D([], [], color=colour, lw=lw, linestyle=ls), text))
        elif kind in kinds:
            face, edge, lw, ls, hatch = _AREA_STYLE[kind]
            out.append((Patch(fc=face, ec=edge, lw=lw, hatch=hatch), text))
    markers = {
        _place_marker(p) for layer in seen for p in layer.places if _is_point(p) and _meets(p, box)
    }
    for marker, text in (("o", "town or city"), ("^", "military site"), ("D", "other place")):
        if marker in markers:
            out.append(
                (
                    Line2D(
                        [], [], marker=marker, color="#3d3d3d", linestyle="none", markersize=3.5
                    ),
                    text,
                )
            )
    return out
