"""Tests for incidentmap.geo.circles: many geodesic circles in one call, as circle() makes them."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from incidentmap.errors import ValidationError
from incidentmap.geo import circle, circles, distance_m

AL_TANF = (38.6717, 33.5100)
AL_BAB = (37.5157, 36.3705)


def _centres(n, seed=7):
    rng = np.random.default_rng(seed)
    lons = rng.uniform(-180.0, 180.0, n)
    lats = rng.uniform(-80.0, 80.0, n)
    radii = rng.uniform(1.0, 500_000.0, n)
    # the awkward ones: across the antimeridian, on the equator, far south, a few metres
    lons[:4] = [179.9, -179.95, 0.0, 36.0]
    lats[:4] = [-17.0, 10.0, 0.0, -75.0]
    radii[:4] = [50_000.0, 20_000.0, 3.0, 300_000.0]
    return lons, lats, radii


@pytest.mark.parametrize("segments", [3, 8, 32, 128])
def test_circles_match_circle_vertex_for_vertex(segments):
    lons, lats, radii = _centres(300)

    rings = circles(lons, lats, radii, segments=segments)

    assert rings.shape == (300, segments, 2)
    for ring, lon, lat, radius in zip(rings, lons, lats, radii, strict=True):
        one = np.asarray(circle(lon, lat, radius, segments=segments).exterior.coords)[:-1]
        np.testing.assert_allclose(ring, one, rtol=0, atol=1e-9)


def test_circles_give_the_very_bits_of_circle_whatever_else_is_in_the_call():
    lons, lats, radii = _centres(50)

    alone = circles(lons[:1], lats[:1], radii[:1], segments=64)
    among_others = circles(lons, lats, radii, segments=64)

    assert np.array_equal(among_others[:1], alone)
    assert np.array_equal(
        alone[0], np.asarray(circle(lons[0], lats[0], radii[0], segments=64).exterior.coords)[:-1]
    )


def test_every_vertex_is_the_radius_away_from_its_centre():
    rings = circles([AL_TANF[0], AL_BAB[0]], [AL_TANF[1], AL_BAB[1]], [55_000, 5_000], segments=16)

    for ring, (lon, lat), radius in zip(rings, (AL_TANF, AL_BAB), (55_000, 5_000), strict=True):
        for x, y in ring:
            assert distance_m(lon, lat, x, y) == pytest.approx(radius, abs=1e-6)


def test_circles_become_valid_counter_clockwise_polygons_with_shapely():
    polygons = shapely.polygons(circles(*_centres(20), segments=32))

    assert all(p.is_valid and p.exterior.is_ccw for p in polygons)
    assert all(len(p.exterior.coords) == 33 for p in polygons)


def test_a_circle_across_the_antimeridian_keeps_longitudes_continuous():
    (ring,) = circles([179.9], [-17.0], [50_000])

    assert ring[:, 0].min() < 180.0 < ring[:, 0].max()
    assert np.ptp(ring[:, 0]) < 1.0


def test_one_radius_is_used_for_every_centre():
    rings = circles([36.0, 37.0, 38.0], [35.0, 35.5, 36.0], 10_000, segments=8)

    expected = circles([36.0, 37.0, 38.0], [35.0, 35.5, 36.0], [10_000] * 3, segments=8)
    assert np.array_equal(rings, expected)


def test_no_centres_give_no_circles():
    assert circles([], [], [], segments=16).shape == (0, 16, 2)


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"lats": [35.0, 95.0]}, "lats", r"lats\[1\] must be in \[-90, 90\], got 95\.0"),
        ({"lons": [36.0, np.nan]}, "lons", r"lons\[1\] must be finite, got nan"),
        ({"radii_m": [1_000, 0]}, "radii_m", r"radii_m\[1\] must be finite and > 0, got 0\.0"),
        ({"radii_m": [np.inf, 1]}, "radii_m", r"radii_m\[0\] must be finite and > 0, got inf"),
        ({"lats": [35.0, 35.5, 36.0]}, "lons", r"one length, got lons: 2, lats: 3, radii_m: 2"),
        ({"lons": [[36.0, 37.0]]}, "lons", r"one-dimensional, got shape \(1, 2\)"),
        ({"lons": ["al-Bab", 37.0]}, "lons", r"must be numbers, got \['al-Bab', 37\.0\]"),
        ({"lats": [10.0, 89.9], "radii_m": [1, 50_000]}, "radii_m", r"\[1\]=50000\.0 .* pole"),
    ],
)
def test_bad_input_is_refused_naming_the_first_bad_value(change, field, message):
    given = {"lons": [36.0, 37.0], "lats": [35.0, 35.0], "radii_m": [1_000, 1_000]} | change

    with pytest.raises(ValidationError, match=message) as err:
        circles(**given)

    assert err.value.field == field


@pytest.mark.parametrize("segments", [2, 8.0, True])
def test_too_few_or_non_integer_segments_are_refused(segments):
    with pytest.raises(ValidationError, match="segments must be an integer >= 3"):
        circles([36.0], [35.0], [1_000], segments=segments)
