"""Continents, US states and countries as areas; ranking again with a document's context."""

from __future__ import annotations

import shapely

from incidentmap.gazetteer import Gazetteer


def test_continent_resolves_to_geonames_point(gazetteer: Gazetteer) -> None:
    top = gazetteer.resolve("Europe")[0]
    assert top.place.kind == "region"
    assert (round(top.place.lat, 2), round(top.place.lon, 2)) == (48.69, 9.14)
    assert "geonameid 6255148" in top.place.source


def test_us_state_is_a_region_in_the_us_with_a_cited_point(gazetteer: Gazetteer) -> None:
    top = gazetteer.resolve("Ohio")[0]
    assert (top.place.kind, top.place.country) == ("region", "US")
    assert 38 < top.place.lat < 42 and -85 < top.place.lon < -80
    assert "median of its" in top.place.source


def test_country_outside_the_detailed_extract_is_an_area(gazetteer: Gazetteer) -> None:
    russia = gazetteer.resolve("Russia")[0].place
    assert russia.kind == "country"
    assert russia.geometry is not None and russia.geometry.geom_type == "MultiPolygon"
    assert russia.geometry.covers(shapely.Point(37.62, 55.75))  # Moscow
    assert "Natural Earth 1:110m" in russia.source


def test_country_of_the_detailed_extract_keeps_its_detailed_polygon(gazetteer: Gazetteer) -> None:
    syria = gazetteer.resolve("Syria")[0].place
    assert syria.id.startswith("naturalearth:")


def test_rerank_pulls_an_ambiguous_name_towards_the_context(gazetteer: Gazetteer) -> None:
    cands = gazetteer.resolve("Palmyra", limit=5)
    near_us = gazetteer.rerank(cands, country="US", near=[(40.0, -75.0)])
    assert near_us[0].place.country == "US"
    near_syria = gazetteer.rerank(cands, country="SY", near=[(34.56, 38.27)])
    assert near_syria[0].place.country == "SY"
    assert "km from context" in near_syria[0].why


def test_rerank_many_keeps_groups_apart_and_empty_groups_empty(gazetteer: Gazetteer) -> None:
    a = gazetteer.resolve("Aleppo", limit=3)
    out = gazetteer.rerank_many([a, []], near=[(36.2, 37.16)])
    assert len(out) == 2 and out[1] == []
    assert {c.place.id for c in out[0]} == {c.place.id for c in a}


def test_shared_gazetteer_is_loaded_once(gazetteer_cache) -> None:  # type: ignore[no-untyped-def]
    assert Gazetteer.shared(cache_dir=gazetteer_cache) is Gazetteer.shared(
        cache_dir=gazetteer_cache
    )


def test_candidates_for_records_scores_them_as_resolve_does(gazetteer: Gazetteer) -> None:
    from incidentmap.text import fold

    records = gazetteer.index.lookup(fold("Deir al-Zour"))
    mine = gazetteer.candidates_for(records, "Deir al-Zour")
    theirs = gazetteer.resolve("Deir al-Zour")
    assert [(c.place.id, round(c.score, 6)) for c in mine] == [
        (c.place.id, round(c.score, 6)) for c in theirs
    ]
