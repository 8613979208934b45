"""What a map shows, independent of how it is drawn: the *scene*.

The HTML writer (folium/Leaflet) and the static writer (matplotlib) both draw a :class:`Scene`,
so the interactive map and the PNG for a report show the same layers, colours and labels.
Everything here is plain data in WGS84 (lon, lat) order, lengths in metres; folium's
[lat, lon] order appears only in the HTML writer.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import shapely
import shapely.ops
from pyproj import Geod
from shapely.geometry.base import BaseGeometry

from incidentmap.geo import circle
from incidentmap.model import DISTANCE_QUALIFIERS, Incident, IncidentSet, Place, ReportedDistance

__all__ = [
    "ATTRIBUTION",
    "PRECISION_RADIUS_M",
    "ContextLayer",
    "IncidentMark",
    "Link",
    "Ring",
    "Scene",
    "build_scene",
    "uncertainty_of",
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

#: Shown on every map and image.
ATTRIBUTION = (
    "Place data: GeoNames (CC BY 4.0), Natural Earth (public domain), incidentmap curated sources"
)

#: Colours for well-known actors (matched on folded words), so that Russia is red on every map.
_ACTOR_COLOURS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("russia", "russian"), "#d7191c"),
    (("coalition", "united states", "us", "us led", "cjtf", "american", "usa"), "#2b83ba"),
    (("turkey", "turkish"), "#e66101"),
    (("islamic state", "isis", "isil", "daesh", "is"), "#252525"),
    (("iran", "iranian", "hezbollah"), "#7b3294"),
    (("sdf", "syrian democratic", "kurdish", "ypg", "sac"), "#d4a017"),
    (("syrian government", "regime", "syrian arab army", "saa", "syria", "syrian"), "#1a9641"),
    (("israel", "israeli"), "#0571b0"),
)
#: Colour-blind-safe palette for other actors, assigned by frequency then name.
_PALETTE = ("#a6611a", "#5e3c99", "#018571", "#ca0020", "#404040", "#f4a582", "#92c5de")
_OTHER = "#737373"
_UNKNOWN = "unknown attacker"


@dataclass(frozen=True, slots=True)
class IncidentMark:
    """One incident as drawn: a point, its uncertainty and its popup facts."""

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
    #: Attacker → colour, most frequent first, with counts.
    legend: tuple[tuple[str, str, int], ...]
    #: (west, south, east, north) of what should be in view.
    bounds: tuple[float, float, float, float]
    incidents: IncidentSet = field(repr=False, default_factory=IncidentSet)
    attribution: str = ATTRIBUTION

    @property
    def dates(self) -> tuple[str, str] | None:
        """First and last incident date (ISO), or None when no incident is dated."""
        days = sorted(m.incident.date.isoformat() for m in self.marks if m.incident.date)
        return (days[0], days[-1]) if days else None


# -- colours ----------------------------------------------------------------------------------
def _words(text: str) -> str:
    """Lower-case ASCII words of a name, space-separated ("U.S.-led" → "us led").

    Kept here rather than taken from ``incidentmap.text``: the design lets ``export`` import only
    errors, model and geo, and matching actor names needs no transliteration.
    """
    decomposed = unicodedata.normalize("NFKD", text.replace(".", "")).casefold()
    return " ".join(re.findall(r"[a-z0-9]+", decomposed))


def _known_colour(actor: str) -> str | None:
    words = f" {_words(actor)} "
    for keys, colour in _ACTOR_COLOURS:
        if any(f" {k} " in words for k in keys):
            return colour
    return None


def _shade(colour: str, step: int) -> str:
    """The ``step``-th variant of a colour: alternately darker and lighter, so that two actors
    of one family ("Russian aircraft", "Russian and Syrian government aircraft") differ."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    factor = (0.6, 1.45, 0.4, 1.8)[(step - 1) % 4]
    if factor < 1:
        r, g, b = (round(c * factor) for c in (r, g, b))
    else:
        r, g, b = (round(255 - (255 - c) / factor) for c in (r, g, b))
    return f"#{r:02x}{g:02x}{b:02x}"


def actor_colours(actors: Iterable[str]) -> dict[str, str]:
    """A stable colour per actor: fixed colours for well-known actors, a palette for others.

    Actors of one family share its hue in different shades, most frequent actor first.

    >>> actor_colours(["Russian Aerospace Forces", "Foo Brigade", "Russian Aerospace Forces"])
    {'Russian Aerospace Forces': '#d7191c', 'Foo Brigade': '#a6611a'}
    >>> actor_colours(["Russian aircraft", "Russian and Syrian aircraft"])
    {'Russian aircraft': '#d7191c', 'Russian and Syrian aircraft': '#810f11'}
    """
    counts = Counter(actors)
    order = sorted(counts, key=lambda a: (-counts[a], a))
    out: dict[str, str] = {}
    family: Counter[str] = Counter()
    spare = iter(_PALETTE)
    for actor in order:
        colour = _OTHER if actor == _UNKNOWN else _known_colour(actor)
        if colour is None:
            colour = next(spare, _OTHER)
        if colour != _OTHER:
            seen = family[colour]
            family[colour] += 1
            if seen:
                colour = _shade(colour, seen)
        out[actor] = colour
    return out


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
    """
    incs = incidents.incidents
    attackers = [i.attacker or _UNKNOWN for i in incs]
    colours = actor_colours(attackers)
    counts = Counter(attackers)
    legend = tuple(
        (a, colours[a], counts[a]) for a in sorted(counts, key=lambda a: (-counts[a], a))
    )

    forces = {_force_key(f.force): f.place for f in incidents.forces}
    marks: list[IncidentMark] = []
    rings: list[Ring] = []
    links: list[Link] = []
    for inc, attacker in zip(incs, attackers, strict=True):
        if inc.place is None:
            continue  # readers refuse these; a scene never invents a position
        radius, area, note = uncertainty_of(inc)
        mark = IncidentMark(
            inc, inc.place.lon, inc.place.lat, colours[attacker], radius, area, note
        )
        marks.append(mark)
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
    force_marks = tuple(
        (f.force, f.place, f.date.isoformat() if f.date else "") for f in incidents.forces
    )
    bounds = _bounds(marks, rings, force_marks)
    return Scene(
        title=title,
        marks=tuple(marks),
        rings=tuple(rings),
        links=tuple(links),
        forces=force_marks,
        context=tuple(context),
        basemap=tuple(basemap),
        legend=legend,
        bounds=bounds,
        incidents=incidents,
    )


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
