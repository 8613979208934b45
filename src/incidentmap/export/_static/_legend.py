"""The legend: a section each for attackers, locations, distances and the map features in view."""

from __future__ import annotations

from typing import Any

from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from shapely.geometry.base import BaseGeometry

from incidentmap.export._scene import Scene
from incidentmap.export._static._frame import _is_point, _meets
from incidentmap.export._static._style import (
    _AREA_STYLE,
    _FONT,
    _FORCE,
    _LABEL_LIMIT,
    _LEGEND_ROWS,
    _LINE_STYLE,
    _RING_STYLE,
    _place_marker,
)
from incidentmap.export._static._text import _drawable, _short


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


#: A legend entry: a handle (an artist, or a tuple of artists drawn on top of each other) and
#: its text.
_Entry = tuple[Any, str]
_DOT: dict[str, Any] = {"marker": "o", "linestyle": "none", "markersize": 6}
_GREY = "#555555"


def _legend_sections(scene: Scene, box: BaseGeometry) -> list[tuple[str, list[_Entry]]]:
    return [
        ("Attacker (incidents)", _attacker_entries(scene)),
        ("Location", _location_entries(scene)),
        ("Reported distance", _distance_entries(scene)),
        ("Map", _context_entries(scene, box)),
    ]


def _attacker_entries(scene: Scene) -> list[_Entry]:
    """The most frequent attackers by colour, the rest in one grey row."""
    attackers: list[_Entry] = [
        (Line2D([], [], color=c, markeredgecolor="white", **_DOT), f"{_short(a)} ({n:,})")
        for a, c, n in scene.legend[:_LEGEND_ROWS]
    ]
    rest = scene.legend[_LEGEND_ROWS:]
    if rest:
        attackers.append(
            (
                Line2D([], [], color="#737373", **_DOT),
                f"{len(rest)} other attackers ({sum(n for *_, n in rest):,})",
            )
        )
    return attackers


def _location_entries(scene: Scene) -> list[_Entry]:
    """Exact and approximate locations, and the "*" of contested casualty figures."""
    where: list[_Entry] = []
    if any(m.radius_m == 0 and m.area is None for m in scene.marks):
        where.append(
            (Line2D([], [], color=_GREY, markeredgecolor="white", **_DOT), "exact location")
        )
    if any(m.radius_m > 0 or m.area is not None for m in scene.marks):
        where.append(
            (
                Line2D([], [], color=_GREY, markerfacecolor="none", markeredgewidth=1.3, **_DOT),
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
    return where


def _distance_entries(scene: Scene) -> list[_Entry]:
    """One line style per kind of bound the reported distances have."""
    distance: list[_Entry] = []
    for bound in ("upper", "lower", "approx", "exact"):
        if any(r.bound == bound for r in scene.rings):
            line = Line2D([], [], color="#444444", linestyle=_RING_STYLE[bound][0], lw=1.2)
            band = Patch(fc=(0.27, 0.27, 0.27, 0.16), ec="none")
            distance.append(((band, line) if bound == "approx" else line, _RING_STYLE[bound][1]))
    return distance


def _context_entries(scene: Scene, box: BaseGeometry) -> list[_Entry]:
    """Force positions, links, and the kinds of context features and places in ``box``."""
    out: list[_Entry] = []
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
