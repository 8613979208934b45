"""The seeds' place names, given as names, resolve to their gold points."""

from __future__ import annotations

from typing import Any

import pytest

from incidentmap.gazetteer import Gazetteer
from incidentmap.geo import distance_m, point_line_distance_m

POINT_KM = 5.0
REGION_KM = 161.0


def _gold_toponyms(gold: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        t
        for doc in gold
        for t in doc["toponyms"]
        if t["kind"] != "country" and t.get("lat") is not None
    ]


def test_every_non_country_seed_toponym_resolves_near_its_gold_point(
    gazetteer: Gazetteer, seed_gold: list[dict[str, Any]]
) -> None:
    toponyms = _gold_toponyms(seed_gold)
    assert len(toponyms) >= 20
    misses = []
    for t in toponyms:
        found = gazetteer.resolve(t["surface"])
        if not found:
            misses.append((t["surface"], "not found"))
            continue
        best = found[0]
        if t["kind"] == "river":
            km = point_line_distance_m(t["lon"], t["lat"], best.place.geometry) / 1000
        else:
            km = distance_m(best.lon, best.lat, t["lon"], t["lat"]) / 1000
        limit = REGION_KM if t["kind"] == "region" else POINT_KM
        if km > limit:
            misses.append((t["surface"], f"{best.name} is {km:.1f} km away (limit {limit} km)"))
    assert misses == []


def test_seed_toponyms_without_public_coordinates_are_not_invented(seed_gold) -> None:
    unresolved = [t for doc in seed_gold for t in doc["toponyms"] if t.get("lat") is None]
    # Gold says these have no public source: the suite must not expect a point for them.
    assert all(t.get("null_reason") for t in unresolved)


@pytest.mark.parametrize("country", ["SY", None])
def test_seed_places_resolve_the_same_with_or_without_country_bias(
    gazetteer, seed_gold, country
) -> None:
    for t in _gold_toponyms(seed_gold):
        if t["kind"] in ("city", "military_base", "border_crossing", "airbase") and not t.get(
            "metonymic"
        ):
            assert gazetteer.resolve(t["surface"], country=country), t["surface"]
