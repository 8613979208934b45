"""Distance phrases: value, unit, qualifier and bounds, with the source's words."""

import pytest

from incidentmap.errors import ValidationError
from incidentmap.text import find_distances, parse_distance


@pytest.mark.parametrize(
    ("phrase", "value", "unit", "qualifier", "bounds"),
    [
        ("less than five kilometres", 5, "km", "less than", (0, 5000)),
        ("fewer than five miles", 5, "mi", "less than", (0, 8046.72)),
        ("at most a couple of miles", 2, "mi", "at most", (0, 3218.688)),
        ("within 500 metres", 500, "m", "within", (0, 500)),
        ("about 300 ft", 300, "ft", "about", (68.58, 114.3)),
        ("more than 10 km", 10, "km", "more than", (10000, float("inf"))),
        ("55-km", 55, "km", "exact", (55000, 55000)),
        ("twenty-five kilometers", 25, "km", "exact", (25000, 25000)),
        ("12 nautical miles", 12, "nmi", "exact", (22224, 22224)),
        ("1,500 yards", 1500, "yd", "exact", (1371.6, 1371.6)),
    ],
)
def test_parse_distance_gives_value_unit_qualifier_and_bounds(
    phrase, value, unit, qualifier, bounds
) -> None:
    d = parse_distance(phrase)
    assert (d.value, d.unit, d.qualifier) == (value, unit, qualifier)
    assert d.bound_m == pytest.approx(bounds)
    assert d.text == phrase


def test_parse_distance_range() -> None:
    d = parse_distance("between 3 and 5 km")
    assert (d.value, d.value_max, d.bound_m) == (3, 5, (3000, 5000))


def test_a_couple_of_is_marked_approximate() -> None:
    assert parse_distance("a couple of miles").approximate


def test_parse_distance_rejects_text_without_a_distance() -> None:
    with pytest.raises(ValidationError, match="not a distance: 'five apples'"):
        parse_distance("five apples")


def test_find_distances_keeps_offsets_into_the_text() -> None:
    text = "Troops were less than five kilometres away; advisers fewer than five miles."
    found = find_distances(text)
    assert [text[d.start : d.end] for d in found] == [
        "less than five kilometres",
        "fewer than five miles",
    ]


def test_find_distances_does_not_read_millions_as_metres() -> None:
    assert find_distances("5 million people and 3 mines") == []
