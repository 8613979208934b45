"""The data model validates itself and keeps claims apart."""

import math

import pytest

from incidentmap.errors import IncidentMapError, ValidationError
from incidentmap.model import CasualtyClaim, Incident, IncidentSet, Place, ReportedDistance, Source


def test_place_rejects_zero_zero() -> None:
    with pytest.raises(ValidationError, match=r"\(0, 0\)"):
        Place("x:1", "Nowhere", 0.0, 0.0, "city")


@pytest.mark.parametrize(
    ("lat", "lon", "field"), [(91, 10, "lat"), (10, 181, "lon"), (math.nan, 1, "lat")]
)
def test_place_rejects_out_of_range_coordinates_naming_the_field(lat, lon, field) -> None:
    with pytest.raises(ValidationError) as info:
        Place("x:1", "Bad", lat, lon, "city")
    assert info.value.field == field
    assert repr(lat if field == "lat" else lon) in str(info.value)


def test_place_rejects_unknown_kind_listing_accepted_ones() -> None:
    with pytest.raises(ValidationError, match=r"one of \[.*'city'.*\], got 'castle'"):
        Place("x:1", "Bad", 35.0, 38.0, "castle")


def test_upper_bound_distance_stays_a_bound() -> None:
    d = ReportedDistance(5, "mi", "less than", text="fewer than five miles")
    assert d.bound_m == pytest.approx((0.0, 8046.72))
    assert d.label == "< 5 mi"


def test_reported_distance_rejects_unknown_unit() -> None:
    with pytest.raises(ValidationError, match="'leagues'"):
        ReportedDistance(5, "leagues")


def test_contested_casualty_claims_are_kept_side_by_side() -> None:
    claims = (
        CasualtyClaim("killed", 62, hedge="at least", claimed_by="Russian military"),
        CasualtyClaim("killed", 83, claimed_by="Syrian Observatory for Human Rights"),
    )
    inc = Incident("deir-ez-zor-2016-09-17", casualties=claims)
    assert inc.contested
    assert [c.count for c in inc.casualties] == [62, 83]


def test_casualty_claim_without_count_keeps_its_words() -> None:
    claim = CasualtyClaim("casualties", count_text="some casualties", claimed_by="US general")
    assert claim.label == "some casualties (casualties) (US general)"


def test_casualty_claim_rejects_negative_count() -> None:
    with pytest.raises(ValidationError, match="-3"):
        CasualtyClaim("killed", -3)


def test_source_refuses_javascript_urls() -> None:
    with pytest.raises(ValidationError, match="javascript:"):
        Source("s1", url="javascript:alert(1)")


def test_incident_set_rejects_unknown_source_and_duplicate_ids() -> None:
    with pytest.raises(ValidationError, match="unknown source 's9'"):
        IncidentSet.of([Incident("a", sources=("s9",))])
    with pytest.raises(ValidationError, match="repeated"):
        IncidentSet.of([Incident("a"), Incident("a")])


def test_validation_error_is_a_value_error_and_an_incidentmap_error() -> None:
    assert issubclass(ValidationError, ValueError)
    assert issubclass(ValidationError, IncidentMapError)
