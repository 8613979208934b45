"""What a map shows, independent of how it is drawn: the *scene*.

The HTML writer (folium/Leaflet) and the static writer (matplotlib) both draw a :class:`Scene`,
so the interactive map and the PNG for a report show the same layers, colours and labels.
Everything here is plain data in WGS84 (lon, lat) order, lengths in metres; folium's
[lat, lon] order appears only in the HTML writer.
"""

from __future__ import annotations

import dataclasses
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
import shapely
import shapely.ops
from pyproj import Geod
from shapely.geometry.base import BaseGeometry

from incidentmap.geo import circle
from incidentmap.model import DISTANCE_QUALIFIERS, Incident, IncidentSet, Place, ReportedDistance

__all__ = [
    "ATTRIBUTION",
    "OTHER_COLOUR",
    "PALETTE",
    "PRECISION_CLASSES",
    "PRECISION_RADIUS_M",
    "TOP_GROUPS",
    "ActorGroup",
    "ActorGrouping",
    "AreaCount",
    "ContextLayer",
    "IncidentMark",
    "Link",
    "Ring",
    "Scene",
    "build_scene",
    "group_actors",
    "group_colours",
    "precision_class",
    "uncertainty_of",
    "with_context",
]

_GEOD = Geod(ellps="WGS84")

#: Radius drawn around an incident when the file gives only a precision word.
#: ``exact`` draws the point with no area; ``near`` and ``region`` follow ACLED's geo_precision
#: 2 and 3 in spirit: "near a town" and "somewhere in a district or region".
PRECISION_RADIUS_M: Mapping[str, float] = {"exact": 0.0, "near": 10_000.0, "region": 50_000.0}

#: Largest part of an uncertainty radius that widens the initial view, and how many incidents
#: area geometries are allowed to widen it.
_VIEW_RADIUS_M = 30_000.0
_VIEW_AREAS = 50

#: Shown on every map and image (``api`` passes the gazetteer's own line, the same words).
ATTRIBUTION = (
    "Places: GeoNames (CC BY 4.0), Who's On First (CC0; Quattroshapes CC BY), "
    "OpenSyria (CC BY 4.0), OurAirports (public domain), Natural Earth (public domain), "
    "incidentmap curated sources"
)

#: Colour-blind-safe categorical palette (Paul Tol's "muted" scheme and near-black): the ten
#: largest actor groups of a map get ten different colours from it.
PALETTE: tuple[str, ...] = (
    "#117733", "#222222", "#cc6677", "#332288", "#ddcc77",
    "#88ccee", "#aa4499", "#44aa99", "#999933", "#882255",
)  # fmt: skip
#: Colour of every group outside the largest ten ("other").
OTHER_COLOUR = "#9a9a9a"
#: How many actor groups get a legend row and a colour of their own.
TOP_GROUPS = len(PALETTE)
_UNKNOWN = "unknown attacker"

#: How precisely an incident is placed, from best to worst: the map's precision filter.
#: (key, label, largest uncertainty radius in metres).
PRECISION_CLASSES: tuple[tuple[str, str, float], ...] = (
    ("exact", "exact location", 0.0),
    ("near", "near a place (within 25 km)", 25_000.0),
    ("district", "district or about (within 50 km)", 50_000.0),
    ("area", "only a governorate, country or wider", math.inf),
)
#: Above this radius an area-class incident counts on its country rather than its governorate.
_COUNTRY_RADIUS_M = 100_000.0


@dataclass(frozen=True, slots=True)
class ActorGrouping:
    """How attacker strings become actor groups: three functions, so ``export`` needs no table.

    The API passes the actor alias table's (``incidentmap.extract.ActorTable``); the default
    makes every attacker string a group of its own.
    """

    #: The member groups of one attacker string (a coalition string names several).
    groups_of: Callable[[str], tuple[str, ...]] = field(
        default=lambda name: (name,) if name else ()
    )
    #: A group's label for the legend.
    label: Callable[[str], str] = field(default=lambda key: key)
    #: A group's preferred colour, or None.
    colour: Callable[[str], str | None] = field(default=lambda key: None)


@dataclass(frozen=True, slots=True)
class ActorGroup:
    """One actor group of a map: its legend label, colour and how many incidents it is in."""

    key: str
    label: str
    colour: str
    #: Incidents whose attacker is or includes this group (a coalition counts for each member).
    count: int


@dataclass(frozen=True, slots=True)
class AreaCount:
    """An area (governorate, country) and the incidents located only to it."""

    place: Place
    #: Indices into :attr:`Scene.marks`.
    members: tuple[int, ...]

    @property
    def name(self) -> str:
        return self.place.name


class IncidentMark(NamedTuple):
    """One incident as drawn: a point, its uncertainty and its popup facts.

    A named tuple rather than a frozen dataclass: as immutable, and built about four times
    faster, which a map of 100,000 incidents notices.
    """

    incident: Incident
    lon: float
    lat: float
    colour: str
    #: Radius of the uncertainty circle in metres (0: exact point).
    radius_m: float
    #: A line or area geometry to draw instead of a circle (a river bank, a province), or None.
    area: BaseGeometry | None
    #: Why the area is what it is: "uncertainty_km: 5", "precision: near (10 km)", ...
    area_note: str
    #: Index of the primary actor group in :attr:`Scene.groups` (its colour).
    group: int = 0
    #: Indices of every group the attacker names (one for most; several for a coalition).
    groups: tuple[int, ...] = ()
    #: Key of the precision class (see :data:`PRECISION_CLASSES`).
    precision: str = "exact"
    #: Index into :attr:`Scene.areas` of the area this incident is counted on (it is located
    #: only to that governorate or country and is not drawn as a point), or -1.
    located_in: int = -1
    #: The largest "killed" estimate any claim gives (see ``CasualtyClaim.estimate``), or None.
    deaths: int | None = None


@dataclass(frozen=True, slots=True)
class Ring:
    """A reported distance drawn as a geodesic ring around what it is measured from."""

    incident_id: str
    claim: ReportedDistance
    lon: float
    lat: float
    #: The ring's radius: the claim's bound in metres (upper bound for "less than"/"at most",
    #: lower bound for "more than", the stated value for "about" and exact claims).
    radius_m: float
    #: "upper", "lower", "approx" or "exact" (see :data:`incidentmap.model.DISTANCE_QUALIFIERS`).
    bound: str
    label: str
    #: The ring as a closed geodesic polygon, (lon, lat).
    polygon: BaseGeometry
    #: For "about" claims: the band between the lower and upper bound, else None.
    band: BaseGeometry | None = None
    colour: str = "#444444"


@dataclass(frozen=True, slots=True)
class Link:
    """A line between two known positions, labelled with its geodesic length."""

    incident_id: str
    force: str
    coords: tuple[tuple[float, float], tuple[float, float]]
    length_m: float
    label: str


@dataclass(frozen=True, slots=True)
class ContextLayer:
    """A switchable layer of context features (rivers, borders, provinces, ...)."""

    name: str
    kind: str
    places: tuple[Place, ...]
    shown: bool = True


@dataclass(frozen=True, slots=True)
class Scene:
    """Everything one map shows."""

    title: str
    marks: tuple[IncidentMark, ...]
    rings: tuple[Ring, ...]
    links: tuple[Link, ...]
    forces: tuple[tuple[str, Place, str], ...]
    context: tuple[ContextLayer, ...]
    basemap: tuple[Place, ...]
    #: Actor groups, most frequent first; the first :data:`TOP_GROUPS` have their own colour.
    groups: tuple[ActorGroup, ...]
    #: (west, south, east, north) of what should be in view.
    bounds: tuple[float, float, float, float]
    incidents: IncidentSet = field(repr=False, default_factory=IncidentSet)
    attribution: str = ATTRIBUTION
    #: Areas with incidents located only to them (see :attr:`IncidentMark.located_in`).
    areas: tuple[AreaCount, ...] = ()
    #: Populated places for labels when zoomed in (priority order).
    towns: tuple[Place, ...] = ()

    @property
    def legend(self) -> tuple[tuple[str, str, int], ...]:
        """(label, colour, count) of the largest groups, then one "other groups" row."""
        rows = [(g.label, g.colour, g.count) for g in self.groups[:TOP_GROUPS]]
        rest = {i for m in self.marks for i in m.groups if i >= TOP_GROUPS}
        if rest:
            n = sum(1 for m in self.marks if any(i >= TOP_GROUPS for i in m.groups))
            rows.append((f"{len(rest)} other groups", OTHER_COLOUR, n))
        return tuple(rows)

    @property
    def countries(self) -> tuple[Place, ...]:
        """The base map's countries to name, each once.

        A country may come twice (its land at 1:110m under its detailed area of the region):
        the first, whole shape names it.
        """
        named: dict[str, Place] = {}
        for p in self.basemap:
            if p.kind == "country" and p.geometry is not None:
                named.setdefault(p.name, p)
        return tuple(named.values())

    def legend_row(self, mark: IncidentMark) -> int:
        """The row of :attr:`legend` that a mark's colour belongs to."""
        return min(mark.group, TOP_GROUPS)

    @property
    def dates(self) -> tuple[str, str] | None:
        """First and last incident date (ISO), or None when no incident is dated."""
        days = sorted(m.incident.date.isoformat() for m in self.marks if m.incident.date)
        return (days[0], days[-1]) if days else None


# -- actor groups and colours -----------------------------------------------------------------
def _words(text: str) -> str:
    """Lower-case ASCII words of a name, space-separated ("U.S.-led" → "us led").

    Kept here rather than taken from ``incidentmap.text``: the design lets ``export`` import only
    errors, model and geo, and matching force names needs no transliteration.
    """
    decomposed = unicodedata.normalize("NFKD", text.replace(".", "")).casefold()
    return " ".join(re.findall(r"[a-z0-9]+", decomposed))


def group_colours(keys: Sequence[str], preferred: Callable[[str], str | None]) -> list[str]:
    """Colours for groups in rank order: the first :data:`TOP_GROUPS` all differ.

    A group keeps its preferred colour unless a larger group took it first; then it gets the
    first colour of :data:`PALETTE` still free. Groups after the tenth are :data:`OTHER_COLOUR`.

    >>> group_colours(["a", "b", "c"], {"a": "#CC6677", "b": "#CC6677"}.get)
    ['#cc6677', '#117733', '#222222']
    """
    taken: set[str] = set()
    out: list[str] = []
    for rank, key in enumerate(keys):
        if rank >= TOP_GROUPS:
            out.append(OTHER_COLOUR)
            continue
        colour = (preferred(key) or "").lower()
        if not colour or colour in taken:
            colour = next(c for c in PALETTE if c not in taken)
        taken.add(colour)
        out.append(colour)
    return out


def group_actors(
    attackers: Sequence[str], grouping: ActorGrouping
) -> tuple[tuple[ActorGroup, ...], list[tuple[int, ...]]]:
    """The map's actor groups (most frequent first) and each attacker's groups as indices.

    A coalition string counts once for each member group; an empty attacker is the group
    "unknown attacker". The first index of an attacker's tuple is its largest group.

    >>> groups, members = group_actors(["A, B", "A", ""], ActorGrouping(lambda s: tuple(s.split(", ")) if s else ()))
    >>> [(g.label, g.count) for g in groups], members
    ([('A', 2), ('B', 1), ('unknown attacker', 1)], [(0, 1), (0,), (2,)])
    """
    per_name = Counter(attackers)  # a dataset repeats a few hundred attacker strings
    of: dict[str, tuple[str, ...]] = {}
    counts: Counter[str] = Counter()
    for name, n in per_name.items():
        keys = tuple(dict.fromkeys(grouping.groups_of(name))) if name else ()
        of[name] = keys or (_UNKNOWN,)
        for key in of[name]:
            counts[key] += n
    labels = {k: _UNKNOWN if k == _UNKNOWN else grouping.label(k) for k in counts}
    order = sorted(counts, key=lambda k: (-counts[k], labels[k], k))
    colours = group_colours(order, lambda k: None if k == _UNKNOWN else grouping.colour(k))
    rank = {k: r for r, k in enumerate(order)}
    groups = tuple(
        ActorGroup(k, labels[k], c, counts[k]) for k, c in zip(order, colours, strict=True)
    )
    by_name = {name: tuple(sorted(rank[k] for k in keys)) for name, keys in of.items()}
    return groups, [by_name[name] for name in attackers]


# -- uncertainty ------------------------------------------------------------------------------
def uncertainty_of(incident: Incident) -> tuple[float, BaseGeometry | None, str]:
    """(radius in metres, area geometry or None, note) for how precisely an incident is placed.

    An explicit ``uncertainty_m`` wins; then the place's own uncertainty ("near al-Bab");
    then a place that is an area (a river bank) is drawn as that area; then the precision word.
    """
    place = incident.place
    if incident.uncertainty_m is not None:
        r = incident.uncertainty_m
        return r, None, f"within {_km(r)} (as given)"
    geom = place.geometry if place is not None else None
    if geom is not None and geom.geom_type in ("Polygon", "MultiPolygon"):
        if place is not None and place.kind in ("country",):
            return 0.0, None, "somewhere in the country"
        return 0.0, geom, f"somewhere in: {place.name}" if place else "area"
    if place is not None and place.uncertainty_m:
        r = place.uncertainty_m
        return r, None, f"within {_km(r)} of the named place"
    r = PRECISION_RADIUS_M[incident.precision]
    if r == 0:
        return 0.0, None, "exact (as given)"
    return r, None, f"{incident.precision}: within {_km(r)}"


def _km(m: float) -> str:
    return f"{m / 1000:g} km" if m >= 1000 else f"{m:g} m"


# -- rings and links --------------------------------------------------------------------------
def _ring_radius(claim: ReportedDistance) -> tuple[str, float]:
    how = DISTANCE_QUALIFIERS[claim.qualifier]
    if how == "upper":
        return how, claim.upper_m
    if how == "lower":
        return how, claim.lower_m
    return how, claim.metres


def geodesic_ring(lon: float, lat: float, radius_m: float) -> BaseGeometry:
    """A closed polygon whose every vertex is ``radius_m`` from (lon, lat) on the ellipsoid.

    Vertices start due north and run counter-clockwise (see :func:`incidentmap.geo.circle`).
    """
    return circle(lon, lat, radius_m, segments=128)


def _short(text: str, n: int = 32) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _force_key(name: str) -> str:
    return _words(name)


def _nearest(place: Place, lon: float, lat: float) -> tuple[float, float]:
    geom = place.geometry
    if geom is None or geom.geom_type == "Point":
        return place.lon, place.lat
    p = shapely.Point(lon, lat)
    if geom.geom_type in ("Polygon", "MultiPolygon") and geom.contains(p):
        return lon, lat
    a, _ = shapely.ops.nearest_points(geom, p)
    return a.x, a.y


def _reference(
    claim: ReportedDistance, mark: IncidentMark, forces: Mapping[str, Place]
) -> tuple[float, float]:
    ref = _force_key(claim.reference) if claim.reference else ""
    if ref and ref in forces:
        place = forces[ref]
        return _nearest(place, mark.lon, mark.lat)
    return mark.lon, mark.lat


# -- the scene --------------------------------------------------------------------------------
def build_scene(
    incidents: IncidentSet,
    *,
    title: str = "",
    context: Sequence[ContextLayer] = (),
    basemap: Sequence[Place] = (),
    grouping: ActorGrouping | None = None,
    areas: Sequence[Place] = (),
    towns: Sequence[Place] = (),
    attribution: str = ATTRIBUTION,
) -> Scene:
    """Turn incidents (and context from the gazetteer) into what a map draws.

    Parameters
    ----------
    incidents
        The incidents, their sources and any known force positions.
    title
        Shown above the map.
    context
        Context layers (rivers, borders, provinces, lakes, zones, places); their features are
        Places with a geometry.
    basemap
        Country areas for the offline base map.
    grouping
        How attacker strings become actor groups (the actor alias table's functions); by
        default every attacker string is its own group.
    areas
        Governorates and countries (Places with a polygon): an incident located only to one of
        them is counted on it instead of being drawn as a large disk.
    towns
        Populated places to label when zoomed in, most important first.
    attribution
        The data credits the map shows.

    Examples
    --------
    >>> import datetime as dt
    >>> from incidentmap.model import Place, Incident, IncidentSet, ReportedDistance
    >>> bab = Place("curated:al-bab", "al-Bab", 36.37, 37.52, "town")
    >>> inc = Incident("a", place=bab, date=dt.date(2017, 2, 28), attacker="Russia",
    ...                precision="near",
    ...                proximity=(ReportedDistance(5, "km", "less than", force="US troops"),))
    >>> scene = build_scene(IncidentSet.of([inc]))
    >>> scene.rings[0].radius_m, scene.rings[0].label, scene.marks[0].radius_m
    (5000.0, 'US troops < 5 km', 10000.0)
    >>> scene.marks[0].precision, scene.legend
    ('near', (('Russia', '#117733', 1),))
    """
    placed = [i for i in incidents.incidents if i.place is not None]
    groups, members = group_actors([i.attacker for i in placed], grouping or ActorGrouping())
    forces = {_force_key(f.force): f.place for f in incidents.forces}
    marks: list[IncidentMark] = []
    rings: list[Ring] = []
    links: list[Link] = []
    for inc, mine in zip(placed, members, strict=True):
        assert inc.place is not None  # readers refuse these; a scene never invents a position
        radius, area, note = uncertainty_of(inc)
        mark = IncidentMark(
            inc,
            inc.place.lon,
            inc.place.lat,
            groups[mine[0]].colour,
            radius,
            area,
            note,
            group=mine[0],
            groups=mine,
            precision=precision_class(inc, radius, area),
            deaths=_deaths(inc),
        )
        marks.append(mark)
        _distances(inc, mark, forces, rings, links)
    force_marks = tuple(
        (f.force, f.place, f.date.isoformat() if f.date else "") for f in incidents.forces
    )
    bounds = _bounds(marks, rings, force_marks)
    scene = Scene(
        title=title,
        marks=tuple(marks),
        rings=tuple(rings),
        links=tuple(links),
        forces=force_marks,
        context=(),
        basemap=(),
        groups=groups,
        bounds=bounds,
        incidents=incidents,
        attribution=attribution,
    )
    if context or basemap or areas or towns:
        scene = with_context(scene, context=context, basemap=basemap, areas=areas, towns=towns)
    return scene


def with_context(
    scene: Scene,
    *,
    context: Sequence[ContextLayer] = (),
    basemap: Sequence[Place] = (),
    areas: Sequence[Place] = (),
    towns: Sequence[Place] = (),
    attribution: str | None = None,
) -> Scene:
    """The scene with context added: layers, base map, towns, and the areas that incidents
    located only to a governorate or country are counted on (see :func:`build_scene`).

    Context is chosen for the scene's bounds, so it is added to a scene already built.
    """
    marks = list(scene.marks)
    areas_counted = _locate(marks, areas)
    return dataclasses.replace(
        scene,
        marks=tuple(marks),
        context=tuple(context),
        basemap=tuple(basemap),
        areas=areas_counted,
        towns=tuple(towns),
        attribution=scene.attribution if attribution is None else attribution,
    )


def _distances(
    inc: Incident,
    mark: IncidentMark,
    forces: Mapping[str, Place],
    rings: list[Ring],
    links: list[Link],
) -> None:
    """The rings of an incident's reported distances, and a line to each force whose position
    is known."""
    for claim in inc.proximity:
        lon, lat = _reference(claim, mark, forces)
        how, r = _ring_radius(claim)
        who = _short(claim.force) if claim.force else "distance"
        label = f"{who} {claim.label}"
        band = None
        if how == "approx":
            low, high = claim.bound_m
            band = geodesic_ring(lon, lat, high).difference(geodesic_ring(lon, lat, low))
        if math.isfinite(r) and r > 0:
            rings.append(
                Ring(inc.id, claim, lon, lat, r, how, label, geodesic_ring(lon, lat, r), band)
            )
        force = _force_key(claim.force) if claim.force else ""
        if force and force in forces:
            flon, flat = _nearest(forces[force], lon, lat)
            _, _, length = _GEOD.inv(lon, lat, flon, flat)
            links.append(
                Link(
                    inc.id,
                    claim.force,
                    ((lon, lat), (flon, flat)),
                    float(length),
                    f"{_short(claim.force)}: {_km_label(float(length))}",
                )
            )


def _deaths(inc: Incident) -> int | None:
    most = None
    for c in inc.casualties:
        if c.outcome == "killed":
            figure = c.best if c.best is not None else c.count
            if figure is not None and (most is None or figure > most):
                most = figure
    return most


def precision_class(incident: Incident, radius_m: float, area: BaseGeometry | None) -> str:
    """The precision class of an incident's position (a key of :data:`PRECISION_CLASSES`).

    A position known only to a country, or to an area as wide as a circle of more than 50 km,
    is in the "area" class; an area geometry counts by the radius of a circle of its size.

    >>> from incidentmap.model import Place
    >>> bab = Place("x", "al-Bab", 36.37, 37.52, "town")
    >>> [precision_class(Incident("a", place=bab), r, None) for r in (0, 10_000, 35_000, 75_000)]
    ['exact', 'near', 'district', 'area']
    """
    place = incident.place
    if place is not None and place.kind == "country":
        return "area"
    if area is not None:
        size, _ = _GEOD.geometry_area_perimeter(area)
        radius_m = math.sqrt(abs(size) / math.pi)
    elif radius_m <= 0:
        return "exact"
    if radius_m <= _NEAR_M:
        return "near"
    return "district" if radius_m <= _DISTRICT_M else "area"


_NEAR_M = PRECISION_CLASSES[1][2]
_DISTRICT_M = PRECISION_CLASSES[2][2]


def _locate(marks: list[IncidentMark], areas: Sequence[Place]) -> tuple[AreaCount, ...]:
    """Count every "area"-class incident on the governorate (or, when it is known only to a
    country or wider, the country) that holds its point; set the marks' ``located_in``.

    An incident whose point lies in none of ``areas`` stays a point (drawn hollow)."""
    wide = [k for k, m in enumerate(marks) if m.precision == "area"]
    shapes = [a for a in areas if a.geometry is not None and a.geometry.geom_type in _AREA_TYPES]
    if not wide or not shapes:
        return ()
    tree = shapely.STRtree([a.geometry for a in shapes])
    points = shapely.points([(marks[k].lon, marks[k].lat) for k in wide])
    hits = tree.query(points, predicate="intersects")
    inside: dict[int, list[int]] = {}
    for p, a in zip(hits[0].tolist(), hits[1].tolist(), strict=True):
        inside.setdefault(p, []).append(a)
    size = shapely.area([a.geometry for a in shapes])
    chosen: dict[int, list[int]] = {}
    for p, candidates in inside.items():
        mark = marks[wide[p]]
        countries = [a for a in candidates if shapes[a].kind == "country"]
        others = [a for a in candidates if shapes[a].kind != "country"]
        wants_country = mark.radius_m > _COUNTRY_RADIUS_M or mark.incident.place.kind == "country"  # type: ignore[union-attr]
        pool = (countries or others) if wants_country else (others or countries)
        best = min(pool, key=lambda a: (size[a], shapes[a].name, shapes[a].id))
        chosen.setdefault(best, []).append(wide[p])
    order = sorted(chosen, key=lambda a: (-len(chosen[a]), shapes[a].name, shapes[a].id))
    out = []
    for slot, a in enumerate(order):
        for k in chosen[a]:
            marks[k] = marks[k]._replace(located_in=slot)
        out.append(AreaCount(shapes[a], tuple(sorted(chosen[a]))))
    return tuple(out)


_AREA_TYPES = ("Polygon", "MultiPolygon")


def _km_label(m: float) -> str:
    return f"{m / 1000:.1f} km" if m >= 1000 else f"{m:.0f} m"


def _bounds(
    marks: Sequence[IncidentMark],
    rings: Sequence[Ring],
    forces: Sequence[tuple[str, Place, str]],
) -> tuple[float, float, float, float]:
    """Bounds of everything drawn, padded, never smaller than about 60 km across."""
    lons: list[float] = []
    lats: list[float] = []
    if marks:
        lo = np.fromiter((m.lon for m in marks), float, len(marks))
        la = np.fromiter((m.lat for m in marks), float, len(marks))
        # Areas count towards the view up to 30 km: a handful of country-wide "somewhere in
        # Syria" circles must not zoom the map out to the whole region.
        r = np.fromiter((min(m.radius_m, _VIEW_RADIUS_M) for m in marks), float, len(marks))
        r /= 111_320.0
        rx = r / np.cos(np.radians(la))
        lons += [float((lo - rx).min()), float((lo + rx).max())]
        lats += [float((la - r).min()), float((la + r).max())]
        for m in marks[:_VIEW_AREAS]:
            if m.area is not None:
                w, s, e, n = m.area.bounds
                lons += [w, e]
                lats += [s, n]
    for g in [r.polygon for r in rings] + [p.geometry or shapely.Point(p.lon, p.lat)
                                           for _, p, _ in forces]:  # fmt: skip
        w, s, e, n = g.bounds
        lons += [w, e]
        lats += [s, n]
    if not lons:
        return (35.5, 32.0, 42.5, 37.5)  # Syria, when there is nothing to show
    w, e, s, n = min(lons), max(lons), min(lats), max(lats)
    pad_x = max((e - w) * 0.08, 0.3)
    pad_y = max((n - s) * 0.08, 0.25)
    return (
        max(w - pad_x, -180.0),
        max(s - pad_y, -85.0),
        min(e + pad_x, 180.0),
        min(n + pad_y, 85.0),
    )
