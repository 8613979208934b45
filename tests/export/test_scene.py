"""The scene: what a map shows, before any drawing (uncertainty, rings, links, colours, bounds)."""

from __future__ import annotations

import datetime as dt

import pytest
import shapely
from pyproj import Geod

from incidentmap.export import PRECISION_RADIUS_M, build_scene, uncertainty_of
from incidentmap.export._scene import actor_colours
from incidentmap.model import ForcePosition, Incident, IncidentSet, Place, ReportedDistance

GEOD = Geod(ellps="WGS84")
BAB = Place("curated:al-bab", "al-Bab", 36.37, 37.52, "town", country="SY")


def _incident(**kw: object) -> Incident:
    base: dict[str, object] = {"id": "a", "place": BAB, "attacker": "Russia"}
    base.update(kw)
    return Incident(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize("precision", ["exact", "near", "region"])
def test_precision_word_sets_the_uncertainty_radius(precision: str) -> None:
    radius, area, note = uncertainty_of(_incident(precision=precision))
    assert radius == PRECISION_RADIUS_M[precision]
    assert area is None
    assert precision in note or radius == 0


def test_explicit_uncertainty_wins_over_place_and_precision() -> None:
    near = Place("x", "near al-Bab", 36.37, 37.52, "town", uncertainty_m=10_000)
    radius, _, note = uncertainty_of(_incident(place=near, precision="region", uncertainty_m=2500))
    assert radius == 2500
    assert "2.5 km" in note


def test_a_place_that_is_an_area_is_drawn_as_that_area() -> None:
    bank = shapely.Polygon([(40.1, 35.3), (40.2, 35.3), (40.2, 35.4), (40.1, 35.4)])
    place = Place("bank:x", "east bank", 35.35, 40.15, "bank", geometry=bank)
    radius, area, note = uncertainty_of(_incident(place=place, precision="region"))
    assert radius == 0 and area is bank
    assert "east bank" in note


@pytest.mark.parametrize(
    ("qualifier", "bound", "radius_m"),
    [
        ("less than", "upper", 8046.72),
        ("at most", "upper", 8046.72),
        ("more than", "lower", 8046.72),
        ("about", "approx", 8046.72),
        ("exact", "exact", 8046.72),
    ],
)
def test_ring_radius_is_the_claims_bound_and_every_vertex_is_that_far(
    qualifier: str, bound: str, radius_m: float
) -> None:
    claim = ReportedDistance(5, "mi", qualifier, force="US troops")
    scene = build_scene(IncidentSet.of([_incident(proximity=(claim,))]))
    (ring,) = scene.rings
    assert ring.bound == bound
    assert ring.radius_m == pytest.approx(radius_m)
    for lon, lat in ring.polygon.exterior.coords:
        assert GEOD.inv(BAB.lon, BAB.lat, lon, lat)[2] == pytest.approx(radius_m, abs=1e-3)
    assert (ring.band is not None) == (bound == "approx")
    assert ring.label == f"US troops {claim.label}"


def test_two_statements_of_one_distance_are_two_rings() -> None:
    claims = (
        ReportedDistance(5, "km", "less than", force="US troops"),
        ReportedDistance(5, "mi", "less than", force="US troops"),
    )
    scene = build_scene(IncidentSet.of([_incident(proximity=claims)]))
    assert [r.radius_m for r in scene.rings] == [5000.0, pytest.approx(8046.72)]


def test_a_ring_measured_from_a_known_force_is_centred_on_that_force() -> None:
    sdf = Place("x", "SDF position", 35.40, 40.20, "point")
    claim = ReportedDistance(2, "mi", "at most", force="US advisers", reference="SDF")
    data = IncidentSet((_incident(proximity=(claim,)),), {}, (ForcePosition("SDF", sdf),))
    (ring,) = build_scene(data).rings
    assert (ring.lon, ring.lat) == (sdf.lon, sdf.lat)


def test_a_force_with_a_known_position_gets_a_link_with_its_geodesic_length() -> None:
    advisers = Place("x", "advisers", 36.40, 37.55, "point")
    claim = ReportedDistance(5, "km", "less than", force="US Advisers")
    data = IncidentSet(
        (_incident(proximity=(claim,)),), {}, (ForcePosition("US advisers", advisers),)
    )
    (link,) = build_scene(data).links
    expected = GEOD.inv(BAB.lon, BAB.lat, advisers.lon, advisers.lat)[2]
    assert link.length_m == pytest.approx(expected)
    assert link.label == f"US Advisers: {expected / 1000:.1f} km"


def test_incidents_without_a_place_are_not_drawn_and_never_at_zero_zero() -> None:
    scene = build_scene(IncidentSet.of([_incident(), _incident(id="b", place=None)]))
    assert [m.incident.id for m in scene.marks] == ["a"]
    assert all((m.lat, m.lon) != (0, 0) for m in scene.marks)


def test_colours_are_stable_and_well_known_actors_keep_their_colour() -> None:
    first = actor_colours(["Foo", "Russian Aerospace Forces", "Bar", "Foo"])
    again = actor_colours(["Bar", "Foo", "Foo", "Russian Aerospace Forces"])
    assert first == again
    assert first["Russian Aerospace Forces"] == actor_colours(["Russia"])["Russia"]
    assert len({first["Foo"], first["Bar"]}) == 2


def test_legend_counts_attackers_most_frequent_first() -> None:
    incs = [_incident(id=str(i), attacker="Russia") for i in range(3)]
    incs.append(_incident(id="c", attacker="US-led coalition"))
    incs.append(_incident(id="d", attacker=""))
    legend = build_scene(IncidentSet.of(incs)).legend
    assert [(name, count) for name, _, count in legend] == [
        ("Russia", 3),
        ("US-led coalition", 1),
        ("unknown attacker", 1),
    ]


def test_bounds_hold_every_incident_area_and_ring() -> None:
    claim = ReportedDistance(55, "km", "within", force="zone")
    scene = build_scene(IncidentSet.of([_incident(precision="region", proximity=(claim,))]))
    w, s, e, n = scene.bounds
    rw, rs, re_, rn = scene.rings[0].polygon.bounds
    assert w < rw and s < rs and e > re_ and n > rn


def test_dates_span_the_dated_incidents() -> None:
    incs = [
        _incident(id="a", date=dt.date(2017, 2, 28)),
        _incident(id="b", date=dt.date(2016, 6, 16)),
        _incident(id="c"),
    ]
    assert build_scene(IncidentSet.of(incs)).dates == ("2016-06-16", "2017-02-28")
