"""Tests for incidentmap.geo's point-to-line relations and river-bank areas."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from shapely.geometry import LineString, MultiLineString, Point, shape
from shapely.ops import linemerge

from incidentmap.errors import ValidationError
from incidentmap.geo import (
    bank_area,
    bearing_deg,
    destination,
    distance_m,
    nearest_point_on_line,
    offset,
    point_line_distance_m,
    side_of_line,
)

RIVERS = (
    Path(__file__).resolve().parents[2]
    / ".."
    / "shared"
    / "data"
    / "naturalearth"
    / "rivers.geojson"
)
DEIR_EZ_ZOR = (40.14084, 35.33588)


@pytest.fixture
def meridian() -> LineString:
    """A line due north along 40° E, from 34° N to 36° N."""
    return LineString([(40.0, 34.0), (40.0, 36.0)])


@pytest.fixture
def south_east_river() -> LineString:
    """A synthetic river flowing from north-west to south-east through (40, 35)."""
    return LineString([(39.0, 36.0), (39.6, 35.35), (40.0, 35.0), (41.0, 34.0)])


@pytest.fixture(scope="module")
def euphrates() -> MultiLineString:
    """The Euphrates from Natural Earth, its pieces merged, digitised downstream."""
    if not RIVERS.is_file():
        pytest.skip(f"shared Natural Earth data not found at {RIVERS}")
    features = json.loads(RIVERS.read_text(encoding="utf-8"))["features"]
    pieces: list[LineString] = []
    for feature in features:
        if feature["properties"].get("common_name") == "Euphrates":
            geom = shape(feature["geometry"])
            pieces.extend(getattr(geom, "geoms", [geom]))
    return linemerge(pieces)


# --- nearest point and distance -------------------------------------------------------------


def test_point_10_km_east_of_a_meridian_is_10_km_from_it(meridian):
    lon, lat = offset(40.0, 35.0, 10_000, "east")
    assert point_line_distance_m(lon, lat, meridian) == pytest.approx(10_000, rel=0.005)


def test_nearest_point_on_a_meridian_is_on_it_at_about_the_same_latitude(meridian):
    lon, lat = nearest_point_on_line(*offset(40.0, 35.0, 10_000, "west"), meridian)
    assert lon == pytest.approx(40.0, abs=1e-9)
    assert lat == pytest.approx(35.0, abs=0.001)


def test_nearest_point_is_geodesic_not_planar_in_degrees():
    # In degrees the point looks nearer the east-west line (0.8° away) than the north-south one
    # (1°), but at 60° N a degree of longitude is only ~56 km: the meridian is nearer in metres.
    lines = MultiLineString([[(10.0, 59.0), (10.0, 61.0)], [(9.0, 60.8), (12.0, 60.8)]])
    lon, lat = nearest_point_on_line(11.0, 60.0, lines)
    assert lon == pytest.approx(10.0, abs=1e-6)  # ~0.1 m
    assert point_line_distance_m(11.0, 60.0, lines) == pytest.approx(
        distance_m(11.0, 60.0, lon, lat), abs=1e-6
    )
    assert point_line_distance_m(11.0, 60.0, lines) == pytest.approx(55_800, rel=0.01)


def test_point_beyond_the_end_of_a_line_is_measured_to_its_end(meridian):
    assert point_line_distance_m(40.0, 36.5, meridian) == pytest.approx(
        distance_m(40.0, 36.5, 40.0, 36.0), abs=0.01
    )


def test_point_on_a_line_is_zero_metres_from_it(meridian):
    assert point_line_distance_m(40.0, 35.2, meridian) == pytest.approx(0.0, abs=1e-3)


def test_distance_to_a_long_line_with_many_vertices_matches_its_nearest_vertex_region():
    # A 600-vertex zig-zag, to exercise the pre-filter that spares projecting the whole line.
    line = LineString([(35.0 + i * 0.01, 33.0 + 0.005 * (i % 2)) for i in range(600)])
    lon, lat = 38.0, 33.2
    nearest = nearest_point_on_line(lon, lat, line)
    assert line.distance(Point(nearest)) < 1e-9
    assert point_line_distance_m(lon, lat, line) == pytest.approx(
        distance_m(lon, lat, *nearest), abs=1e-6
    )
    assert point_line_distance_m(lon, lat, line) == pytest.approx(21_600, rel=0.01)


def test_relations_reject_a_geometry_that_is_not_a_line():
    with pytest.raises(ValidationError, match="Point"):
        point_line_distance_m(40.0, 35.0, Point(40.0, 35.0))


# --- side of a line ---------------------------------------------------------------------------


@pytest.mark.parametrize(("lon", "expected"), [(39.9, "left"), (40.1, "right")])
def test_side_of_a_northward_line_is_left_to_the_west(meridian, lon, expected):
    assert side_of_line(lon, 35.0, meridian) == expected


def test_side_of_line_flips_when_the_line_is_reversed(meridian):
    reversed_line = LineString(list(meridian.coords)[::-1])
    assert side_of_line(40.1, 35.0, reversed_line) == "left"


def test_side_of_line_outside_a_sharp_bend_is_the_outer_side():
    # East, then a hairpin back to the west-north-west: a left turn, whose outside is right.
    hairpin = LineString([(39.0, 35.0), (40.0, 35.0), (39.0, 35.2)])
    assert side_of_line(40.1, 35.1, hairpin) == "right"
    assert side_of_line(39.5, 35.05, hairpin) == "left"


def test_side_of_line_rejects_a_point_on_the_line(meridian):
    with pytest.raises(ValidationError, match="neither side"):
        side_of_line(40.0, 35.0, meridian)


# --- banks ------------------------------------------------------------------------------------


def test_east_bank_of_a_south_east_flowing_river_is_its_left_bank(south_east_river):
    east = bank_area(south_east_river, "east", near=(40.0, 35.0))
    assert east.equals(bank_area(south_east_river, "left", near=(40.0, 35.0)))
    assert east.equals(bank_area(south_east_river, "north", near=(40.0, 35.0)))


def test_west_bank_is_the_other_side_and_shares_no_area(south_east_river):
    east = bank_area(south_east_river, "east", near=(40.0, 35.0))
    west = bank_area(south_east_river, "west", near=(40.0, 35.0))
    assert west.equals(bank_area(south_east_river, "right", near=(40.0, 35.0)))
    assert east.intersection(west).area == pytest.approx(0.0, abs=1e-12)


@pytest.mark.parametrize("side", ["eastern", "East bank", "east-bank", "north-east", "Left"])
def test_bank_sides_accept_adjectives_and_a_bank_suffix(south_east_river, side):
    expected = bank_area(south_east_river, "east", near=(40.0, 35.0))
    assert bank_area(south_east_river, side, near=(40.0, 35.0)).equals(expected)


@pytest.mark.parametrize(
    ("distance", "inside"), [(1_000, True), (9_500, True), (10_500, False), (15_000, False)]
)
def test_bank_reaches_width_m_from_the_river(south_east_river, distance, inside):
    east = bank_area(south_east_river, "east", near=(40.0, 35.0), width_m=10_000)
    across = bearing_deg(40.0, 35.0, 41.0, 34.0) - 90  # square to the river, to its left
    assert east.contains(Point(destination(40.0, 35.0, across, distance))) is inside
    assert not east.contains(Point(destination(40.0, 35.0, across + 180, distance)))


@pytest.mark.parametrize(("along", "inside"), [(20_000, True), (24_000, True), (30_000, False)])
def test_bank_reaches_radius_m_along_the_river(south_east_river, along, inside):
    east = bank_area(south_east_river, "east", near=(40.0, 35.0), radius_m=25_000)
    downstream = bearing_deg(40.0, 35.0, 41.0, 34.0)
    on_river = destination(40.0, 35.0, downstream, along)
    beside = destination(*on_river, downstream - 90, 2_000)
    assert east.contains(Point(beside)) is inside


def test_bank_has_no_east_side_where_the_river_flows_east():
    eastward = LineString([(39.0, 35.0), (41.0, 35.0)])
    with pytest.raises(ValidationError, match=r"'east'.*ambiguous"):
        bank_area(eastward, "east", near=(40.0, 35.0))
    assert bank_area(eastward, "north", near=(40.0, 35.0)).contains(Point(40.0, 35.05))


def test_bank_rejects_an_unknown_side_listing_the_accepted_ones(south_east_river):
    with pytest.raises(ValidationError, match=r"'upstream'.*'left', 'right'"):
        bank_area(south_east_river, "upstream", near=(40.0, 35.0))


def test_bank_rejects_a_river_that_does_not_pass_near(south_east_river):
    with pytest.raises(ValidationError, match="does not pass within"):
        bank_area(south_east_river, "east", near=(38.0, 33.0))


def test_bank_rejects_a_near_that_is_not_a_coordinate_pair(south_east_river):
    with pytest.raises(ValidationError, match="near"):
        bank_area(south_east_river, "east", near=40.0)  # type: ignore[arg-type]


# --- the Euphrates at Deir ez-Zor (Natural Earth) ------------------------------------------------


def test_deir_ez_zor_city_lies_on_the_right_bank_of_the_euphrates(euphrates):
    assert side_of_line(*DEIR_EZ_ZOR, euphrates) == "right"
    assert point_line_distance_m(*DEIR_EZ_ZOR, euphrates) < 3_000


def test_east_bank_near_deir_ez_zor_holds_a_point_3_km_north_east_of_the_river(euphrates):
    east = bank_area(euphrates, "east", near=DEIR_EZ_ZOR)
    river_point = nearest_point_on_line(*DEIR_EZ_ZOR, euphrates)
    assert east.contains(Point(destination(*river_point, 45.0, 3_000)))
    assert east.equals(bank_area(euphrates, "left", near=DEIR_EZ_ZOR))


def test_east_bank_near_deir_ez_zor_excludes_the_city_centre(euphrates):
    east = bank_area(euphrates, "east", near=DEIR_EZ_ZOR)
    west = bank_area(euphrates, "west", near=DEIR_EZ_ZOR)
    assert not east.contains(Point(DEIR_EZ_ZOR))
    assert west.contains(Point(DEIR_EZ_ZOR))
