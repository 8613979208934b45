"""The legend: a section each for actor groups, locations, grouped incidents, distances and the
map features in view."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from matplotlib.artist import Artist
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.legend_handler import HandlerBase, HandlerPatch
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, Patch, Wedge
from matplotlib.text import Text
from matplotlib.transforms import Transform
from shapely.geometry.base import BaseGeometry

from incidentmap.export._scene import OTHER_COLOUR, TOP_GROUPS, Scene
from incidentmap.export._static._areas import _area_text, _is_country
from incidentmap.export._static._clusters import _bubble_pt, _count_pt, _ring_pt
from incidentmap.export._static._frame import _is_point, _meets
from incidentmap.export._static._incidents import _is_vague, _points_of
from incidentmap.export._static._style import (
    _AREA_FILL,
    _AREA_INK,
    _AREA_STYLE,
    _BUBBLE_INK,
    _CLUSTER_OVER,
    _FONT,
    _FORCE,
    _LABEL_LIMIT,
    _LINE_STYLE,
    _RING_STYLE,
    _TEXT,
    _place_marker,
    _rgba,
)
from incidentmap.export._static._text import _balanced, _drawable, _listing

_FONT_PT = 6.5
#: A list of names in a legend row is shortened to this many characters ("A, B + 3 more"); a
#: row still longer goes on two lines.
_ROW_CHARS = 40

#: A legend entry: a handle (an artist, or a tuple of artists drawn on top of each other) and
#: its text.
_Entry = tuple[Any, str]
_DOT: dict[str, Any] = {"marker": "o", "linestyle": "none", "markersize": 6}
_GREY = "#555555"


@dataclass
class _Section:
    """One small legend: a title, its rows, and how its handles are drawn."""

    title: str
    entries: list[_Entry]
    handler_map: dict[Any, HandlerBase] = field(default_factory=dict)
    handle_pt: tuple[float, float] = (0.0, 0.0)  # handle width, height in points (0: usual)
    ncols: int = 1


def _legends(fig: Figure, scene: Scene, box: BaseGeometry) -> list[Legend]:
    """One small legend per section (actor groups, locations, grouped incidents, distances,
    map features in ``box``)."""
    out = []
    for section in _legend_sections(scene, box):
        if not section.entries:
            continue
        size: dict[str, float] = {"handlelength": 2.0, "handleheight": 1.0}
        if section.handle_pt[0]:
            w, h = section.handle_pt
            size = {"handlelength": w / _FONT_PT, "handleheight": h / _FONT_PT}
        leg = fig.legend(
            handles=[h for h, _ in section.entries],
            labels=[_lines(text) for _, text in section.entries],
            handler_map=section.handler_map or None,
            loc="upper left",
            bbox_to_anchor=(0.0, 1.0),
            bbox_transform=fig.transFigure,
            title=section.title,
            frameon=False,
            alignment="left",
            prop={"family": _FONT, "size": _FONT_PT},
            title_fontproperties={"family": _FONT, "size": 7, "weight": "bold"},
            borderaxespad=0.0,
            borderpad=0.0,
            labelspacing=0.45,
            ncols=section.ncols,
            columnspacing=1.2,
            **size,
        )
        for text in [*leg.get_texts(), leg.get_title()]:
            text.set_parse_math(False)
            text.set_usetex(False)
        out.append(leg)
    return out


def _lines(text: str) -> str:
    """Each line of ``text`` as drawn (see ``_drawable``, which would join the lines)."""
    return "\n".join(_drawable(line) for line in text.split("\n"))


def _legend_sections(scene: Scene, box: BaseGeometry) -> list[_Section]:
    return [
        _Section("Actor group (incidents)", _group_entries(scene)),
        _location_section(scene),
        _cluster_section(scene),
        _Section("Reported distance", _distance_entries(scene)),
        _Section("Map", _context_entries(scene, box), ncols=2),
    ]


def _row(label: str, count: int) -> str:
    """A legend row's text: a long list of names shortened by rule, the count, and two lines
    when it is still long.

    >>> _row("23rd Division, Ahrar al-Sham, Jaysh al Nasr, Jaysh al-Nukhba, SNA", 107)
    '23rd Division, Ahrar al-Sham + 3 more (107)'
    """
    text = f"{_listing(label, _ROW_CHARS)} ({count:,})"
    return _balanced(text, 2) if len(text) > _ROW_CHARS + 8 else text


def _group_entries(scene: Scene) -> list[_Entry]:
    """The largest actor groups by colour, the rest in one grey row (``Scene.legend``)."""
    return [
        (Line2D([], [], color=c, markeredgecolor="white", **_DOT), _row(label, n))
        for label, c, n in scene.legend
    ]


def _circle(
    legend: Legend,
    orig_handle: Any,
    xdescent: float,
    ydescent: float,
    width: float,
    height: float,
    fontsize: float,
) -> Patch:
    r = min(width, height) / 2
    return Circle((width / 2 - xdescent, height / 2 - ydescent), r)


def _location_section(scene: Scene) -> _Section:
    """Exact and approximate points, uncertainty outlines, area counts, disputed figures."""
    where: list[_Entry] = []
    handlers: dict[Any, HandlerBase] = {}
    points = [scene.marks[k] for k in _points_of(scene)]
    if any(not _is_vague(m) for m in points):
        where.append(
            (Line2D([], [], color=_GREY, markeredgecolor="white", **_DOT), "exact location")
        )
    if any(_is_vague(m) for m in points):
        where.append(
            (
                Line2D([], [], color=_GREY, markerfacecolor="none", markeredgewidth=1.3, **_DOT),
                "approximate location",
            )
        )
        outline = Patch(fc="none", ec=_GREY, lw=0.7, linestyle=(0, (3, 2)))
        handlers[outline] = HandlerPatch(patch_func=_circle)
        where.append((outline, "where it may have been\n(outline, drawn where small)"))
    areas = [a for a in scene.areas if a.members]
    if areas:
        example = next((a for a in areas if not _is_country(a)), areas[0])
        fill = (*_rgba([_AREA_FILL])[0][:3].tolist(), 0.2)
        patch = Patch(fc=fill, ec=_AREA_INK, lw=0.7, linestyle=(0, (4, 2.5)))
        n = sum(len(a.members) for a in areas)
        text = f"{n:,} located only to a governorate\nor country, counted on it: “{_area_text(example)}”"
        countries = [f"{a.name} {len(a.members):,}" for a in areas if _is_country(a)]
        if countries:
            text += f"\n(to a country only:\n{', '.join(countries)})"
        where.append((patch, text))
    if len(points) <= _LABEL_LIMIT and any(m.incident.contested for m in points):
        where.append((Line2D([], [], linestyle="none"), "* sources disagree on casualties"))
    return _Section("Location", where, handlers)


@dataclass(frozen=True)
class _BubbleKey:
    """A legend handle: bubbles of ``counts`` side by side, rings in ``shares``."""

    counts: tuple[int, ...]
    shares: tuple[tuple[str, float], ...]

    @property
    def width_pt(self) -> float:
        return sum(2 * _bubble_pt(c) for c in self.counts) + _BUBBLE_GAP_PT * (len(self.counts) - 1)


_BUBBLE_GAP_PT = 4.0


class _BubbleHandler(HandlerBase):
    """Draws a :class:`_BubbleKey` as the map draws bubbles: ring of slices, count inside."""

    def create_artists(
        self,
        legend: Legend,
        orig_handle: Any,
        xdescent: float,
        ydescent: float,
        width: float,
        height: float,
        fontsize: float,
        trans: Transform,
    ) -> list[Artist]:
        key: _BubbleKey = orig_handle
        out: list[Artist] = []
        left = -xdescent
        for count in key.counts:
            r = _bubble_pt(count)
            cx, cy = left + r, height / 2 - ydescent
            left += 2 * r + _BUBBLE_GAP_PT
            out.append(Circle((cx, cy), r, fc="white", ec=(0, 0, 0, 0.5), lw=0.5))
            total, start = sum(w for _, w in key.shares), 90.0
            for colour, weight in key.shares:
                sweep = 360.0 * weight / total
                out.append(Wedge((cx, cy), r, start - sweep, start, width=_ring_pt(r), fc=colour))
                start -= sweep
            out.append(
                Text(
                    cx,
                    cy,
                    f"{count:,}",
                    ha="center",
                    va="center",
                    size=_count_pt(count),
                    weight="bold",
                    color=_BUBBLE_INK,
                    **_TEXT,
                )
            )
        for a in out:
            a.set_transform(trans)
        return out


def _cluster_section(scene: Scene) -> _Section:
    """Bubble sizes, with the ring in the map's actor-group shares (when there are bubbles)."""
    n = len(_points_of(scene))
    if n <= _CLUSTER_OVER:
        return _Section("Incidents close together", [])
    shares = [(g.colour, float(g.count)) for g in scene.groups[:TOP_GROUPS]]
    rest = sum(g.count for g in scene.groups[TOP_GROUPS:])
    if rest:
        shares.append((OTHER_COLOUR, float(rest)))
    key = _BubbleKey(tuple(c for c in (10, 100, 1_000) if c <= n), tuple(shares))
    text = "incidents grouped\non the page"
    return _Section(
        "Incidents close together\n(count inside; ring: actor groups)",
        [(key, text)],
        {key: _BubbleHandler()},
        handle_pt=(key.width_pt, 2 * _bubble_pt(key.counts[-1]) + 1),
    )


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
