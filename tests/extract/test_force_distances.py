"""`find_proximity`: distances between forces and strikes in hand-written sentences.

The qualifiers are the model's (``incidentmap.model.DISTANCE_QUALIFIERS``); the hedge words map
to them as ``incidentmap.text._distance`` reads them ("fewer than" → "less than", "some" →
"about").
"""

from __future__ import annotations

import math

import pytest

from incidentmap.extract import find_proximity
from incidentmap.extract._sentences import sentences
from incidentmap.model import DISTANCE_QUALIFIERS, UNIT_METRES, ReportedDistance


def claims(text: str, source_id: str = "") -> list[ReportedDistance]:
    found = find_proximity(text, sentences(text), source_id=source_id)
    for d in found:
        assert d.start is not None and d.end is not None
        assert text[d.start : d.end] == d.text
        assert d.qualifier in DISTANCE_QUALIFIERS
        assert d.unit in UNIT_METRES
    return found


def one(text: str) -> ReportedDistance:
    found = claims(text)
    assert len(found) == 1, found
    return found[0]


# -- numbers ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "value", "approximate"),
    [
        ("US troops were five kilometres from the strike.", 5.0, False),
        ("US troops were 5 km from the strike.", 5.0, False),
        ("US troops were twenty-five kilometres from the front line.", 25.0, False),
        ("US troops were 2.5 km from the strike.", 2.5, False),
        ("US troops were a couple of kilometres from the strike.", 2.0, True),
        ("US troops were a few miles from the strike.", 3.0, True),
    ],
)
def test_numbers_in_words_and_digits(text: str, value: float, approximate: bool) -> None:
    d = one(text)
    assert d.value == value
    assert d.approximate is approximate


def test_a_couple_of_is_approximate_and_read_as_about() -> None:
    d = one("US troops were a couple of kilometres away.")
    assert (d.value, d.unit, d.qualifier, d.approximate) == (2.0, "km", "about", True)
    assert DISTANCE_QUALIFIERS[d.qualifier] == "approx"
    lo, hi = d.bound_m
    assert lo < 2000.0 < hi


def test_a_range_keeps_both_ends() -> None:
    d = one("US forces were between 2 and 3 km from the strike.")
    assert (d.value, d.value_max, d.unit) == (2.0, 3.0, "km")
    assert d.bound_m == (2000.0, 3000.0)


@pytest.mark.parametrize(
    "text",
    [
        "Russia declared a 55-km deconfliction zone around the garrison where US troops are.",
        "US troops stay inside a 55-km zone around the garrison.",
        "US forces patrol a 55 km exclusion zone, officials said.",
    ],
)
def test_a_zone_size_is_not_a_proximity_claim(text: str) -> None:
    assert claims(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "US forces were stationed 12 km north-east of Manbij.",
        "Turkish troops shelled a village 12 km north-east of Manbij where US forces are based.",
        "US advisers moved to a base 30 kilometres to the south of Raqqa.",
    ],
)
def test_a_place_offset_is_not_a_proximity_claim(text: str) -> None:
    assert claims(text) == []


def test_a_distance_with_no_force_before_it_is_not_a_proximity_claim() -> None:
    assert claims("The strike was 5 km from the town, residents said.") == []


# -- units --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "unit", "metres"),
    [
        ("US troops were 5 km from the strike.", "km", 5000.0),
        ("US troops were 4 kilometers from the strike.", "km", 4000.0),
        ("US troops were three miles from the strike.", "mi", 3 * 1609.344),
        ("US troops were 400 metres from the strike.", "m", 400.0),
        ("US troops were 300 feet from the strike.", "ft", 300 * 0.3048),
        ("US troops were 500 yards from the strike.", "yd", 500 * 0.9144),
        ("US forces were 20 nautical miles from the strike.", "nmi", 20 * 1852.0),
    ],
)
def test_units_are_read_and_converted_to_metres(text: str, unit: str, metres: float) -> None:
    d = one(text)
    assert d.unit == unit
    assert d.qualifier == "exact"
    assert d.bound_m == pytest.approx((metres, metres))


# -- hedges -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("hedge", "qualifier"),
    [
        ("less than", "less than"),
        ("fewer than", "less than"),
        ("under", "less than"),
        ("at most", "at most"),
        ("no more than", "at most"),
        ("within", "within"),
        ("more than", "more than"),
        ("at least", "at least"),
        ("about", "about"),
        ("roughly", "about"),
        ("some", "about"),
        ("around", "about"),
    ],
)
def test_hedges_become_the_models_qualifiers(hedge: str, qualifier: str) -> None:
    prep = "of" if hedge == "within" else "from"
    d = one(f"US troops were {hedge} four kilometres {prep} the strike.")
    assert d.qualifier == qualifier
    assert d.value == 4.0 and d.unit == "km"
    how = DISTANCE_QUALIFIERS[qualifier]
    lo, hi = d.bound_m
    if how == "upper":
        assert (lo, hi) == (0.0, 4000.0)
    elif how == "lower":
        assert lo == 4000.0 and math.isinf(hi)
    else:
        assert how == "approx"
        assert lo < 4000.0 < hi


def test_less_than_five_miles_is_bounded_in_metres() -> None:
    d = one("American advisory forces were less than five miles from the villages.")
    assert (d.value, d.unit, d.qualifier) == (5.0, "mi", "less than")
    assert d.bound_m == pytest.approx((0.0, 8046.72))


def test_at_most_a_couple_of_miles_keeps_the_bound_and_the_vagueness() -> None:
    d = one("US special forces were at most a couple of miles away when the bombs fell.")
    assert (d.value, d.unit, d.qualifier, d.approximate) == (2.0, "mi", "at most", True)
    assert d.bound_m == pytest.approx((0.0, 3218.688))


# -- force and reference ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "force"),
    [
        (
            "American advisory forces were less than five miles from the villages.",
            "American advisory forces",
        ),
        ("US troops were 3 km from the strike.", "US troops"),
        ("Coalition advisers were within 500 metres of the impact.", "Coalition advisers"),
        ("Officials said US personnel were under 3 km from the blast.", "US personnel"),
        pytest.param(
            "Russian military police were 2 km from the shelling.",
            "Russian military police",
        ),
        pytest.param(
            "A US patrol was five kilometres away.",
            "US patrol",
        ),
        pytest.param(
            "US naval forces were some 20 nautical miles from the strike.",
            "US naval forces",
        ),
    ],
)
def test_the_force_words_before_the_distance(text: str, force: str) -> None:
    assert one(text).force == force


@pytest.mark.parametrize(
    ("text", "reference"),
    [
        ("US troops were less than five kilometres from the villages.", "the villages"),
        ("US troops were 3 km from the strike site, officials said.", "the strike site"),
        ("Coalition advisers were within 500 metres of the impact.", "the impact"),
        ("US troops were 4 km from the town when it was hit.", "the town"),
        ("US troops were 4 km from the houses which were hit.", "the houses"),
        pytest.param(
            "US troops were 4 km from the houses that were hit.",
            "the houses",
        ),
        ("American advisory forces were fewer than five miles away.", "the strike"),
        ("A US patrol was two kilometres away when the shells landed.", "the strike"),
    ],
)
def test_the_reference_point(text: str, reference: str) -> None:
    assert one(text).reference == reference


def test_the_claim_words_run_from_the_force_to_the_reference() -> None:
    text = "Officials said American advisory forces were less than five miles from the villages."
    d = one(text)
    assert d.text == "American advisory forces were less than five miles from the villages"
    assert d.start == text.index("American")


def test_source_id_is_given_to_every_claim() -> None:
    text = "US troops were 3 km from the strike. Coalition advisers were 2 km from it."
    found = claims(text, source_id="dispatch-7")
    assert len(found) == 2
    assert {d.source_id for d in found} == {"dispatch-7"}


# -- the same distance twice ----------------------------------------------------------------
def test_one_distance_stated_twice_in_two_units_keeps_both_claims() -> None:
    text = (
        "Coalition officials said US troops were operating less than five kilometres from the "
        "villages, which were bombed at dawn. A Pentagon spokesman said later that American "
        "advisory forces were fewer than five miles away."
    )
    found = claims(text)
    assert [(d.value, d.unit, d.qualifier) for d in found] == [
        (5.0, "km", "less than"),
        (5.0, "mi", "less than"),
    ]
    km, mi = found
    assert km.start is not None and mi.start is not None and km.end is not None
    assert km.end <= mi.start
    assert "kilometres" in km.text and "miles" not in km.text
    assert "miles" in mi.text and "kilometres" not in mi.text
    assert km.force == "US troops"
    assert mi.force == "American advisory forces"
    assert km.reference == "the villages"
    assert mi.reference == "the strike"
    assert km.bound_m == (0.0, 5000.0)
    assert mi.bound_m == pytest.approx((0.0, 8046.72))


def test_both_units_in_one_sentence_are_both_kept() -> None:
    text = "US troops were less than five kilometres, or about three miles, from the strike."
    found = claims(text)
    assert [(d.value, d.unit, d.qualifier) for d in found] == [
        (5.0, "km", "less than"),
        (3.0, "mi", "about"),
    ]
    assert found[0].start != found[1].start or found[0].end != found[1].end
    assert {d.force for d in found} == {"US troops"}


def test_a_bracketed_second_unit_leaves_the_first_claim_its_reference() -> None:
    text = "US troops were less than five kilometres (three miles) from the strike."
    found = claims(text)
    assert [(d.value, d.unit) for d in found] == [(5.0, "km"), (3.0, "mi")]
    assert [d.reference for d in found] == ["the strike", "the strike"]


def test_claims_in_several_sentences_keep_their_own_offsets() -> None:
    text = (
        "Turkish shells landed near the town on Sunday.\n\n"
        "US forces were within 5 km of the blast, a spokesman said. "
        "Russian troops were about 300 feet from the perimeter."
    )
    found = claims(text)
    assert [(d.force, d.value, d.unit, d.qualifier) for d in found] == [
        ("US forces", 5.0, "km", "within"),
        ("Russian troops", 300.0, "ft", "about"),
    ]
    assert found[0].start == text.index("US forces")
    assert found[1].start == text.index("Russian troops")
