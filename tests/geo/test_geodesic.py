"""Tests for incidentmap.geo's geodesic measures, compass words, circles and buffers."""

from __future__ import annotations

import math

import pytest
from shapely.geometry import LineString, MultiLineString, Point, Polygon

from incidentmap.errors import ValidationError
from incidentmap.geo import (
    COMPASS_DEG,
    bearing_deg,
    circle,
    compass_to_deg,
    destination,
    distance_m,
    geodesic_buffer,
    geodesic_length_m,
    offset,
    point_line_distance_m,
    representative_point,
)

DAMASCUS = (36.2765, 33.5138)
BAGHDAD = (44.3661, 33.3152)
MANBIJ = (37.9495, 36.5281)
AL_TANF = (38.6717, 33.5100)


# --- distance, bearing, destination -------------------------------------------------------


def test_one_degree_of_latitude_at_the_equator_is_110574_m():
    assert distance_m(0.0, 0.0, 0.0, 1.0) == pytest.approx(110_574, abs=1)


def test_one_degree_of_longitude_at_the_equator_is_111320_m():
    assert distance_m(0.0, 0.0, 1.0, 0.0) == pytest.approx(111_319.5, abs=1)


def test_damascus_to_baghdad_is_about_760_km():
    assert distance_m(*DAMASCUS, *BAGHDAD) == pytest.approx(760_000, abs=10_000)


def test_distance_is_symmetric_and_zero_between_a_point_and_itself():
    assert distance_m(*DAMASCUS, *BAGHDAD) == pytest.approx(distance_m(*BAGHDAD, *DAMASCUS))
    assert distance_m(*MANBIJ, *MANBIJ) == 0.0


@pytest.mark.parametrize(
    "coords", [(0, 91, 0, 0), (0, 0, 0, -90.5), (math.nan, 0, 0, 0), (0, 0, math.inf, 0)]
)
def test_distance_rejects_invalid_coordinates(coords):
    with pytest.raises(ValidationError):
        distance_m(*coords)


def test_distance_rejects_a_non_number_naming_the_value():
    with pytest.raises(ValueError, match=r"'36\.2 N'"):
        distance_m("36.2 N", 33.5, 44.4, 33.3)


@pytest.mark.parametrize(
    ("lon2", "lat2", "expected"),
    [(40.0, 36.0, 0.0), (41.0, 35.0, 90.0), (40.0, 34.0, 180.0), (39.0, 35.0, 270.0)],
)
def test_bearing_points_to_the_cardinal_directions(lon2, lat2, expected):
    # East and west bend slightly poleward on the ellipsoid: a degree of tolerance.
    assert bearing_deg(40.0, 35.0, lon2, lat2) == pytest.approx(expected, abs=0.5)


def test_bearing_just_west_of_north_is_just_below_360():
    bearing = bearing_deg(40.0, 35.0, 39.999, 36.0)
    assert 359.0 < bearing < 360.0


def test_bearing_between_coincident_points_is_zero():
    assert bearing_deg(*MANBIJ, *MANBIJ) == 0.0


@pytest.mark.parametrize("lat", [-60.0, 0.0, 33.5, 60.0, 80.0])
@pytest.mark.parametrize("bearing", [0.0, 45.0, 135.0, 270.0, 359.0])
def test_destination_lands_at_the_distance_and_bearing_asked(lat, bearing):
    lon2, lat2 = destination(38.0, lat, bearing, 55_000)
    assert distance_m(38.0, lat, lon2, lat2) == pytest.approx(55_000, abs=1e-6)
    assert bearing_deg(38.0, lat, lon2, lat2) == pytest.approx(bearing, abs=1e-9)


def test_destination_at_zero_distance_is_the_start():
    assert destination(*MANBIJ, 123.0, 0.0) == pytest.approx(MANBIJ)


def test_destination_rejects_a_negative_distance():
    with pytest.raises(ValidationError, match="distance_m"):
        destination(*MANBIJ, 0.0, -5.0)


# --- compass words and offsets --------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("n", 0.0),
        ("north", 0.0),
        ("NE", 45.0),
        ("north-east", 45.0),
        ("northeast", 45.0),
        ("north east", 45.0),
        ("North-East", 45.0),
        ("nne", 22.5),
        ("north-northeast", 22.5),
        ("north-north-east", 22.5),
        ("north north-east", 22.5),
        ("east-south-east", 112.5),
        ("SSE", 157.5),
        ("south", 180.0),
        ("south-west", 225.0),
        ("west south-west", 247.5),
        ("W", 270.0),
        ("north–west", 315.0),  # en dash, as typeset articles have it
        ("N.W.", 315.0),
        ("nnw", 337.5),
        ("eastern", 90.0),
        ("north-westerly", 315.0),
        ("southwards", 180.0),
    ],
)
def test_compass_to_deg_understands_usual_spellings(word, expected):
    assert compass_to_deg(word) == expected


def test_compass_table_holds_the_16_winds_22_5_degrees_apart():
    assert sorted(set(COMPASS_DEG.values())) == [i * 22.5 for i in range(16)]
    assert all(key == key.lower() for key in COMPASS_DEG)


def test_compass_table_is_read_only():
    with pytest.raises(TypeError):
        COMPASS_DEG["up"] = 0.0  # type: ignore[index]


def test_unknown_compass_word_is_echoed_with_the_accepted_words():
    with pytest.raises(ValidationError, match=r"'upriver'.*north-east") as info:
        compass_to_deg("upriver")
    assert info.value.field == "direction"
    assert info.value.value == "upriver"


def test_offset_12_km_north_east_of_manbij_is_12_km_away_at_45_degrees():
    lon, lat = offset(*MANBIJ, 12_000, "north-east")
    assert distance_m(*MANBIJ, lon, lat) == pytest.approx(12_000, abs=1e-6)
    assert bearing_deg(*MANBIJ, lon, lat) == pytest.approx(45.0)


def test_offset_takes_a_word_or_degrees_alike():
    assert offset(*MANBIJ, 5_000, "WSW") == offset(*MANBIJ, 5_000, 247.5)


def test_offset_rejects_an_unknown_direction():
    with pytest.raises(ValidationError, match="'upwind'"):
        offset(*MANBIJ, 5_000, "upwind")


# --- circles and buffers ----------------------------------------------------------------------


@pytest.mark.parametrize("lat", [33.5, 60.0, -45.0])
def test_circle_vertices_are_true_geodesic_radius(lat):
    zone = circle(AL_TANF[0], lat, 55_000)
    for lon2, lat2 in zone.exterior.coords:
        assert distance_m(AL_TANF[0], lat, lon2, lat2) == pytest.approx(55_000, abs=1.0)


def test_circle_is_a_valid_counter_clockwise_polygon_with_the_segments_asked():
    zone = circle(*AL_TANF, 55_000, segments=64)
    assert zone.is_valid
    assert zone.exterior.is_ccw
    assert len(zone.exterior.coords) == 65  # closed ring
    assert zone.contains(Point(AL_TANF))


def test_circle_at_60_north_is_twice_as_wide_in_degrees_as_tall():
    minx, miny, maxx, maxy = circle(30.0, 60.0, 55_000).bounds
    assert (maxx - minx) / (maxy - miny) == pytest.approx(2.0, rel=0.01)


def test_circle_across_the_antimeridian_keeps_longitudes_continuous():
    zone = circle(179.9, -17.0, 50_000)
    minx, _, maxx, _ = zone.bounds
    assert zone.is_valid
    assert minx < 180.0 < maxx
    assert maxx - minx < 1.0


def test_circle_containing_a_pole_is_rejected():
    with pytest.raises(ValidationError, match="pole"):
        circle(0.0, 89.9, 50_000)


@pytest.mark.parametrize(("radius_m", "segments"), [(0, 128), (-1, 128), (1000, 2), (1000, 8.0)])
def test_circle_rejects_bad_radius_or_segments(radius_m, segments):
    with pytest.raises(ValidationError):
        circle(*AL_TANF, radius_m, segments=segments)


def test_geodesic_buffer_of_a_point_is_a_geodesic_circle():
    area = geodesic_buffer(Point(AL_TANF), 55_000, resolution=8)
    assert len(area.exterior.coords) == 33
    for lon, lat in area.exterior.coords:
        assert distance_m(*AL_TANF, lon, lat) == pytest.approx(55_000, abs=1.0)


@pytest.mark.parametrize("lat", [33.5, 60.0])
def test_geodesic_buffer_of_a_line_is_within_one_percent_of_the_radius(lat):
    road = LineString([(37.0, lat), (38.2, lat + 0.8), (39.5, lat + 0.3)])  # ~250 km
    area = geodesic_buffer(road, 10_000)
    assert area.contains(road)
    for lon, lat2 in area.exterior.coords:
        assert point_line_distance_m(lon, lat2, road) == pytest.approx(10_000, rel=0.01)


def test_geodesic_buffer_of_a_polygon_grows_it_by_the_radius():
    square = Polygon([(40.0, 35.0), (41.0, 35.0), (41.0, 36.0), (40.0, 36.0)])
    area = geodesic_buffer(square, 5_000)
    assert area.contains(square)
    for lon, lat in area.exterior.coords:
        assert point_line_distance_m(lon, lat, square.exterior) == pytest.approx(5_000, rel=0.01)


def test_geodesic_buffer_rejects_empty_geometry_and_bad_radius():
    with pytest.raises(ValidationError, match="empty"):
        geodesic_buffer(LineString(), 1_000)
    with pytest.raises(ValidationError, match="radius_m"):
        geodesic_buffer(Point(AL_TANF), -1)
    with pytest.raises(ValidationError, match="shapely geometry"):
        geodesic_buffer((38.0, 33.0), 1_000)  # type: ignore[arg-type]


# --- lengths and representative points --------------------------------------------------------


def test_geodesic_length_of_two_degrees_of_meridian_from_the_equator():
    meridian = LineString([(0.0, 0.0), (0.0, 1.0), (0.0, 2.0)])
    assert geodesic_length_m(meridian) == pytest.approx(110_574 + 110_575, abs=2)


def test_geodesic_length_of_a_multilinestring_sums_its_parts():
    a = LineString([(36.0, 33.0), (37.0, 34.0)])
    b = LineString([(40.0, 35.0), (41.0, 35.5)])
    total = geodesic_length_m(MultiLineString([a, b]))
    assert total == pytest.approx(geodesic_length_m(a) + geodesic_length_m(b))


def test_geodesic_length_rejects_an_area():
    with pytest.raises(ValidationError, match="Polygon"):
        geodesic_length_m(circle(*AL_TANF, 1_000))


def test_representative_point_of_a_line_is_half_way_along_it():
    line = LineString([(38.0, 35.0), (38.1, 35.0), (40.0, 36.0)])
    lon, lat = representative_point(line)
    assert line.distance(Point(lon, lat)) < 1e-9
    first = LineString([c for c in line.coords if c[0] <= lon] + [(lon, lat)])
    assert geodesic_length_m(first) == pytest.approx(geodesic_length_m(line) / 2, rel=1e-3)


def test_representative_point_of_a_multilinestring_lies_on_it():
    rivers = MultiLineString([[(38.0, 35.0), (38.5, 35.5)], [(40.0, 35.0), (41.0, 35.0)]])
    assert rivers.distance(Point(representative_point(rivers))) < 1e-9


def test_representative_point_of_a_crescent_lies_inside_it():
    inner_centre = offset(40.0, 35.0, 1_000, "east")
    crescent = circle(40.0, 35.0, 20_000).difference(circle(*inner_centre, 18_500))
    assert not crescent.contains(crescent.centroid)
    assert crescent.contains(Point(representative_point(crescent)))


def test_representative_point_of_a_point_is_the_point():
    assert representative_point(Point(MANBIJ)) == MANBIJ
