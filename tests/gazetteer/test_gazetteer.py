"""Resolving names: spellings, kinds, lines and areas, ranking, not-found."""

from __future__ import annotations

import pytest
import shapely

from incidentmap.errors import PlaceNotFoundError, ValidationError
from incidentmap.gazetteer import Gazetteer
from incidentmap.geo import distance_m, point_line_distance_m

# (spellings, expected GeoNames/curated place id)
SPELLINGS = [
    (["Deir ez-Zor", "Deir al-Zour", "Deir Ezzor", "Dayr az Zawr", "Deir el-Zour", "Dair al-Zur",
      "Deirezzor", "دير الزور"], "geonames:170794"),
    (["al-Bab", "el-Bab", "Al Bāb", "al Bab"], "geonames:174018"),
    (["Tabqa", "Al-Thawrah", "Tabqah", "al-Tabqa"], "geonames:172374"),
    (["Abu Kamal", "Albu Kamal", "Al Bukamal", "Boukamal"], "geonames:174448"),
    (["Kobani", "Ayn al-Arab", "Kobane"], "geonames:172256"),
    (["Qamishlo", "Qamishli"], "geonames:173377"),
    (["Tal Abyad", "Tell Abyad"], "geonames:163750"),
    (["Raqqa", "Ar Raqqah"], "geonames:172955"),
    (["Palmyra", "Tadmur"], "geonames:163808"),
    (["Manbij", "Menbij"], "geonames:167357"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "place_id"), [(n, pid) for names, pid in SPELLINGS for n in names]
)
def test_resolve_arabic_transliteration_variant_returns_same_place(
    gazetteer: Gazetteer, name: str, place_id: str
) -> None:
    assert gazetteer.resolve(name)[0].place.id == place_id


@pytest.mark.parametrize(
    ("name", "kind", "lat", "lon"),
    [
        ("al-Tanf", "military_base", 33.50583, 38.61778),
        ("al-Tanf border crossing", "border_crossing", 33.434, 38.921),
        ("Deir Ezzor Airport", "airbase", 35.28528, 40.17583),
        ("Tishrin Dam", "dam", 36.38139, 38.18333),
        ("Ain Issa", "town", 36.3855, 38.86228),
        ("Khasham", "village", 35.30088, 40.28916),
    ],
)
def test_curated_places_resolve_to_their_cited_points(gazetteer, name, kind, lat, lon) -> None:
    best = gazetteer.resolve(name)[0]
    assert best.kind == kind
    assert distance_m(best.lon, best.lat, lon, lat) < 100
    assert best.source  # every curated row cites where its coordinates come from


def test_bare_city_name_ranks_the_city_above_its_province(gazetteer: Gazetteer) -> None:
    kinds = [c.kind for c in gazetteer.resolve("Deir ez-Zor", limit=2)]
    assert kinds == ["city", "region"]


def test_province_word_asks_for_the_province(gazetteer: Gazetteer) -> None:
    best = gazetteer.resolve("Deir Ezzor province")[0]
    assert (best.kind, best.country) == ("region", "SY")
    assert best.place.geometry is not None and best.place.geometry.geom_type in (
        "Polygon",
        "MultiPolygon",
    )
    assert best.place.geometry.contains(shapely.Point(40.14084, 35.33588))


@pytest.mark.parametrize(
    "name", ["the Euphrates", "Euphrates River", "Firat", "Al Furat", "river Euphrates"]
)
def test_euphrates_is_one_river_line_whatever_its_name(gazetteer: Gazetteer, name: str) -> None:
    best = gazetteer.resolve(name)[0]
    assert best.place.id == "naturalearth:river:euphrates"
    geom = best.place.geometry
    # One feature from the Turkish border through Syria (and Lake Assad) into Iraq.
    for lon, lat in [
        (38.01111, 36.8175),
        (40.14084, 35.33588),
        (46.0, 31.0),
    ]:  # Jarabulus, DeZ, Iraq
        assert point_line_distance_m(lon, lat, geom) < 15_000


def test_east_bank_of_the_euphrates_near_deir_ez_zor_is_an_area_on_that_bank(gazetteer) -> None:
    best = gazetteer.resolve("the east bank of the Euphrates near Deir ez-Zor")[0]
    geom = best.place.geometry
    assert best.kind == "bank" and geom.geom_type in ("Polygon", "MultiPolygon")
    # The city centre lies on the right (south-west) bank: not in the east-bank area.
    assert not geom.contains(shapely.Point(40.14084, 35.33588))
    assert geom.contains(shapely.Point(best.lon, best.lat))
    assert distance_m(best.lon, best.lat, 40.14084, 35.33588) < 30_000


def test_zone_around_al_tanf_is_a_true_55_km_circle(gazetteer: Gazetteer) -> None:
    best = gazetteer.resolve("the 55 km zone around al-Tanf")[0]
    assert best.kind == "zone"
    ring = best.place.geometry.exterior.coords
    assert all(abs(distance_m(lon, lat, 38.61778, 33.50583) - 55_000) < 1 for lon, lat in ring)


def test_named_deconfliction_zone_resolves_to_its_circle(gazetteer: Gazetteer) -> None:
    best = gazetteer.resolve("al-Tanf deconfliction zone")[0]
    assert best.kind == "zone"
    assert best.place.geometry.area > 0


@pytest.mark.parametrize(
    "name", ["the Syria-Iraq border", "the Iraqi-Syrian border", "border between Syria and Iraq"]
)
def test_border_names_resolve_to_the_border_line(gazetteer: Gazetteer, name: str) -> None:
    best = gazetteer.resolve(name)[0]
    assert best.place.id == "naturalearth:border:IRQ-SYR"
    assert best.place.geometry.geom_type in ("LineString", "MultiLineString")


def test_border_with_iraq_uses_the_country_bias(gazetteer: Gazetteer) -> None:
    assert (
        gazetteer.resolve("the border with Iraq", country="SY")[0].place.id
        == "naturalearth:border:IRQ-SYR"
    )


def test_offset_from_a_town_is_a_geodesic_point_with_uncertainty(gazetteer: Gazetteer) -> None:
    best = gazetteer.resolve("12 km north-east of Manbij")[0]
    manbij = gazetteer.resolve("Manbij")[0]
    assert distance_m(manbij.lon, manbij.lat, best.lon, best.lat) == pytest.approx(12_000, abs=1)
    assert best.place.uncertainty_m >= 1_000


def test_near_a_town_keeps_the_town_point_with_an_uncertainty_radius(gazetteer: Gazetteer) -> None:
    best = gazetteer.resolve("near al-Bab")[0]
    assert best.place.uncertainty_m == 10_000
    assert best.name == "near Al Bāb"


def test_unknown_name_returns_no_candidate_and_suggestions(gazetteer: Gazetteer) -> None:
    assert gazetteer.resolve("Qwertzuiop Xylophone") == []
    with pytest.raises(PlaceNotFoundError) as info:
        gazetteer.best("Deir ez-Zorrrk Xq")
    assert info.value.query == "Deir ez-Zorrrk Xq"


def test_misspelt_name_gets_a_did_you_mean(gazetteer: Gazetteer) -> None:
    assert "Al Mayādīn" in gazetteer.suggest("Mayadinnn")


def test_ambiguous_name_shows_every_candidate_and_says_tie(gazetteer: Gazetteer) -> None:
    found = gazetteer.resolve("the border with Iraq", limit=10)
    assert len(found) >= 5
    assert found[0].why.startswith("tie")


def test_country_bias_changes_the_winner(gazetteer: Gazetteer) -> None:
    assert gazetteer.resolve("Moscow")[0].country == "RU"
    assert gazetteer.resolve("Moscow", country="US")[0].country == "US"


def test_near_context_pulls_ambiguous_names_towards_it(gazetteer: Gazetteer) -> None:
    # Several places are called Tell Tamer/Tall Tamr-like names; context decides.
    far = gazetteer.resolve("Hamidiyah", limit=5)
    assert len({c.country for c in far} | {c.place.id for c in far}) > 1
    near = gazetteer.resolve("Hamidiyah", near=(far[-1].lat, far[-1].lon))
    assert near[0].place.id == far[-1].place.id


def test_kinds_filter_keeps_only_those_kinds(gazetteer: Gazetteer) -> None:
    assert {c.kind for c in gazetteer.resolve("Aleppo", kinds={"region"})} == {"region"}


def test_results_are_sorted_and_deterministic(gazetteer: Gazetteer) -> None:
    a = gazetteer.resolve("Washington", limit=5)
    b = gazetteer.resolve("Washington", limit=5, near=[])
    assert [c.place.id for c in a] == [c.place.id for c in b]
    assert [c.score for c in a] == sorted((c.score for c in a), reverse=True)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [({"name": ""}, "name"), ({"name": "x", "country": "Syria"}, "country"),
     ({"name": "x", "kinds": {"castle"}}, "kinds"), ({"name": "x", "limit": 0}, "limit"),
     ({"name": "x", "near": (95.0, 1.0)}, "near")],
)  # fmt: skip
def test_bad_arguments_raise_validation_error_naming_the_field(gazetteer, kwargs, field) -> None:
    name = kwargs.pop("name")
    with pytest.raises(ValidationError) as info:
        gazetteer.resolve(name, **kwargs)
    assert info.value.field == field


def test_candidate_explains_its_score(gazetteer: Gazetteer) -> None:
    best = gazetteer.resolve("Dair al-Zur", country="SY")[0]  # a spelling GeoNames lacks
    assert "folded match" in best.why and "pop 271,800" in best.why and "in SY" in best.why
    assert 0 < best.score <= 1


def test_a_spelling_listed_in_the_data_counts_as_exact(gazetteer: Gazetteer) -> None:
    assert gazetteer.resolve("Dayr az Zawr")[0].match == "exact"
    assert gazetteer.resolve("Dayr az Zawr")[0].kind == "city"
