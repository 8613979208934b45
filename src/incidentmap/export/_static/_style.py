"""How the static map looks: colours, line styles, density thresholds, matplotlib settings."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from typing import Any

import matplotlib as mpl
import matplotlib.colors
import matplotlib.style
import numpy as np

from incidentmap.model import Place

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
        "zorder": 5.1,
    },
    "country": {"size": 8.5, "color": "#8a8378", "weight": "bold", "zorder": 5.0},
}
_MILITARY = frozenset({"airbase", "airport", "military_base", "outpost"})
_POPULATED = frozenset({"city", "town", "village"})

#: Density: up to ``_LABEL_LIMIT`` incidents (rings, links) each get a label; beyond
#: ``_CLUSTER_OVER`` incidents drawn as points they are grouped into bubbles on the page; the
#: legend lists the largest actor groups and one "other" row (see ``Scene.legend``).
_LABEL_LIMIT = 30
_CLUSTER_OVER = 300

#: Sizes on the page are in points (1/72 inch), so an image drawn at another dpi looks alike.
#: Clusters: grid cell, bubble radius for a count, the ring of actor-group slices.
_CELL_PT = 15.0
_BUBBLE_MIN_PT, _BUBBLE_STEP_PT, _BUBBLE_MAX_PT = 5.0, 0.8, 12.5
_BUBBLE_INK = "#1a1a1a"
#: An uncertainty outline is drawn when its radius on the page is at most this (with few
#: incidents, always): beyond it, an outline says nothing a hollow mark does not.
_OUTLINE_MAX_PT = 22.0
_OUTLINE_STYLE: dict[str, Any] = {"linewidths": 0.7, "linestyles": (0, (3, 2))}
#: Areas that incidents are known only to (governorates, countries): the HTML map's purples.
_AREA_INK, _AREA_FILL = "#54278f", "#756bb1"
_AREA_LABEL: dict[str, Any] = {
    "size": 6.5,
    "weight": "bold",
    "color": _AREA_INK,
    "bbox": _LABEL_BOX,
    "zorder": 7.2,
}

#: Label priorities: lower is placed first and so takes the best spot; nothing overlaps.
_PRIORITY: dict[str, float] = {
    "incident": 10,
    "force": 11,
    "ring": 12,
    "link": 13,
    "zone": 18,
    "country": 19,
    "area": 20,
    "cluster": 19.5,
    "area-country": 35,
    "city": 50,
    "site": 60,
    "river": 70,
    "town": 80,
}


@contextlib.contextmanager
def _style() -> Iterator[None]:
    # Not thread-safe (rcParams are process-wide): matplotlib offers no per-figure alternative
    # for these settings; every artist also gets its font and text options explicitly.
    with matplotlib.style.context("default"), mpl.rc_context(_RC):
        yield


def _rgba(colours: Sequence[str]) -> np.ndarray:
    """RGBA rows for many colour strings (converting each distinct colour once)."""
    names, index = np.unique(np.asarray(colours, dtype=str), return_inverse=True)
    return np.asarray(matplotlib.colors.to_rgba_array(names.tolist()))[index.ravel()]


def _alpha(rgba: np.ndarray, alpha: float) -> np.ndarray:
    out = np.array(rgba, dtype=float)
    out[:, 3] = alpha
    return out


def _place_marker(place: Place) -> str:
    return "^" if place.kind in _MILITARY else "o" if place.kind in _POPULATED else "D"
