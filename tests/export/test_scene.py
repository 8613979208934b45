"""The scene: what a map shows, before any drawing (uncertainty, rings, links, colours, bounds)."""

from __future__ import annotations

import datetime as dt

import pytest
import shapely
from pyproj import Geod

from incidentmap.export import PRECISION_RADIUS_M, build_scene, uncertainty_of
from incidentmap.export._scene import (
    OTHER_COLOUR,
    PALETTE,
    ActorGrouping,
    group_colours,
)
from incidentmap.model import (
    CasualtyClaim,
    ForcePosition,
    Incident,
    IncidentSet,
    Place,
    ReportedDistance,
)

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


def test_the_ten_largest_groups_get_ten_different_colours_and_the_rest_share_grey() -> None:
    keys = [f"g{i}" for i in range(14)]
    colours = group_colours(keys, lambda key: "#CC6677")  # every group prefers the same colour
    assert colours[0] == "#cc6677"
    assert len(set(colours[:10])) == 10
    assert set(colours[:10]) <= set(PALETTE)
    assert colours[10:] == [OTHER_COLOUR] * 4


def test_a_coalition_string_counts_for_each_member_group() -> None:
    grouping = ActorGrouping(groups_of=lambda name: tuple(name.split(", ")))
    incs = [
        _incident(id="a", attacker="Alpha Brigade, Beta Front"),
        _incident(id="b", attacker="Alpha Brigade"),
        _incident(id="c", attacker="Gamma Army"),
    ]
    scene = build_scene(IncidentSet.of(incs), grouping=grouping)
    assert [(g.label, g.count) for g in scene.groups] == [
        ("Alpha Brigade", 2),
        ("Beta Front", 1),
        ("Gamma Army", 1),
    ]
    assert [m.groups for m in scene.marks] == [(0, 1), (0,), (2,)]
    assert scene.marks[0].colour == scene.groups[0].colour


def test_group_labels_and_preferred_colours_come_from_the_grouping() -> None:
    grouping = ActorGrouping(
        groups_of=lambda name: ("russia",) if "Russia" in name else ("other",),
        label={"russia": "Russia", "other": "Someone"}.__getitem__,
        colour={"russia": "#CC6677"}.get,
    )
    incs = [_incident(id="a", attacker="Russian aircraft"), _incident(id="b", attacker="X")]
    scene = build_scene(IncidentSet.of(incs), grouping=grouping)
    assert [(g.label, g.colour) for g in scene.groups] == [
        ("Russia", "#cc6677"),
        ("Someone", PALETTE[0]),
    ]


@pytest.mark.parametrize(
    ("radius_m", "expected"),
    [(0, "exact"), (10_000, "near"), (25_000, "near"), (35_000, "district"), (75_000, "area")],
)
def test_precision_class_follows_the_uncertainty_radius(radius_m: float, expected: str) -> None:
    inc = _incident(
        precision="exact" if radius_m == 0 else "region", uncertainty_m=radius_m or None
    )
    assert build_scene(IncidentSet.of([inc])).marks[0].precision == expected


def test_an_incident_known_only_to_a_governorate_is_counted_on_it_not_drawn_as_a_disk() -> None:
    square = shapely.Polygon([(36.0, 35.5), (38.5, 35.5), (38.5, 37.0), (36.0, 37.0)])
    country = shapely.Polygon([(35.0, 32.0), (42.5, 32.0), (42.5, 37.5), (35.0, 37.5)])
    gov = Place("ne:aleppo", "Aleppo", 36.2, 37.6, "region", country="SY", geometry=square)
    syria = Place("ne:sy", "Syria", 35.0, 38.5, "country", country="SY", geometry=country)
    incs = [
        _incident(id="gov", precision="region", uncertainty_m=75_000),
        _incident(id="country", precision="region", uncertainty_m=250_000),
        _incident(id="near", precision="near"),
    ]
    scene = build_scene(IncidentSet.of(incs), areas=[gov, syria])
    assert [(a.name, a.members) for a in scene.areas] == [("Aleppo", (0,)), ("Syria", (1,))]
    assert [m.located_in for m in scene.marks] == [0, 1, -1]


def test_deaths_are_the_largest_best_estimate_of_the_killed_claims() -> None:
    claims = (
        CasualtyClaim("killed", 2, 9, best=4, claimed_by="A"),
        CasualtyClaim("killed", 3, claimed_by="B"),
        CasualtyClaim("wounded", 40, claimed_by="B"),
    )
    assert build_scene(IncidentSet.of([_incident(casualties=claims)])).marks[0].deaths == 4


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


def test_legend_lists_the_ten_largest_groups_and_one_row_for_the_others() -> None:
    incs = [
        _incident(id=f"{g}-{k}", attacker=f"Group {g:02d}")
        for g in range(13)
        for k in range(13 - g)
    ]
    legend = build_scene(IncidentSet.of(incs)).legend
    assert len(legend) == 11
    assert legend[-1] == ("3 other groups", OTHER_COLOUR, 6)


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
