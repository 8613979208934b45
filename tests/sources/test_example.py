"""The bundled example loads, keeps contested claims per source, and copies no seed sentence."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from incidentmap.gazetteer import Gazetteer
from incidentmap.geo import distance_m
from incidentmap.model import IncidentSet
from incidentmap.sources import read_incident_file
from incidentmap.sources._yaml import load_document

# Longest run of words the example may share with a seed report (outside source titles).
_MAX_SHARED_WORDS = 5


@pytest.fixture(scope="module")
def example(example_path: Path, gazetteer: Gazetteer) -> IncidentSet:
    return read_incident_file(example_path, gazetteer)


def test_example_holds_the_four_seed_incidents(example: IncidentSet) -> None:
    assert {(i.id, i.date) for i in example} == {
        ("al-tanf-2016-06-16", dt.date(2016, 6, 16)),
        ("deir-ez-zor-airport-2016-09-17", dt.date(2016, 9, 17)),
        ("al-bab-2017-02-28", dt.date(2017, 2, 28)),
        ("deir-ez-zor-east-bank-2017-09-16", dt.date(2017, 9, 16)),
    }
    assert all(i.type == "airstrike" and i.sources for i in example)
    assert all(i.precision in ("near", "region") for i in example)
    assert set(example.sources) == {f"seed-00{n}" for n in range(5)}


def test_deir_ez_zor_claims_are_kept_per_source(example: IncidentSet) -> None:
    (strike,) = [i for i in example if i.id == "deir-ez-zor-airport-2016-09-17"]
    assert strike.sources == ("seed-001", "seed-004")
    assert strike.contested
    claims = {(c.outcome, c.count, c.claimed_by, c.source_id) for c in strike.casualties}
    assert {
        ("killed", 62, "Russian military", "seed-001"),
        ("killed", 62, "Russian military", "seed-004"),
        ("killed", 83, "Syrian Observatory for Human Rights", "seed-004"),
        ("wounded", 120, "Syrian Observatory for Human Rights", "seed-004"),
    } <= claims
    assert ("killed", 60) in {(c.outcome, c.count) for c in strike.casualties}


def test_seed_proximity_claims_have_the_right_bounds(example: IncidentSet) -> None:
    bounds = {
        (i.id, d.unit): (d.lower_m, d.upper_m, d.source_id) for i in example for d in i.proximity
    }
    assert bounds == {
        ("al-bab-2017-02-28", "km"): (0.0, 5000.0, "seed-000"),
        ("al-bab-2017-02-28", "mi"): (0.0, pytest.approx(8046.72), "seed-000"),
        ("deir-ez-zor-east-bank-2017-09-16", "mi"): (0.0, pytest.approx(3218.688), "seed-002"),
    }


def test_forces_place_the_sdf_on_the_east_bank(example: IncidentSet) -> None:
    (sdf,) = example.forces
    assert "SDF" in sdf.force
    assert (sdf.place.kind, sdf.date) == ("bank", dt.date(2017, 9, 16))
    assert "east bank of the Euphrates" in sdf.place.name


def test_example_places_agree_with_the_gold_annotations(
    example: IncidentSet, seed_gold: list[dict[str, Any]]
) -> None:
    gold = {
        inc["date"]: (inc["place_lat"], inc["place_lon"])
        for seed in seed_gold
        for inc in seed["incidents"]
        if inc.get("place_lat") is not None
    }
    for incident in example:
        assert incident.place is not None and incident.date is not None
        lat, lon = gold[incident.date.isoformat()]
        apart = distance_m(incident.place.lon, incident.place.lat, lon, lat)
        allowed = incident.uncertainty_m or incident.place.uncertainty_m or 15_000
        assert apart <= allowed, (incident.id, apart)


# Fields that quote the source: a short citation, never a sentence.
_CITATIONS = frozenset({"text", "distance", "count_text"})
_MAX_CITATION_WORDS = 6


def _strings(value: Any, loc: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*loc, key))
    elif isinstance(value, list):
        for n, item in enumerate(value):
            yield from _strings(item, (*loc, n))
    elif isinstance(value, str):
        yield loc, value


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def test_example_copies_no_sentence_of_the_seeds(example_path: Path, shared_dir: Path) -> None:
    n = _MAX_SHARED_WORDS + 1
    seed_runs = set()
    for seed in sorted((shared_dir / "seeds").glob("*.txt")):
        words = _words(seed.read_text(encoding="utf-8"))
        seed_runs |= {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}
    data = load_document(example_path.read_text(encoding="utf-8"), "example").data
    for loc, text in _strings(data):
        words = _words(text)
        if loc[-1] in _CITATIONS:
            assert len(words) <= _MAX_CITATION_WORDS, (loc, text)
        elif loc[:1] != ("sources",):  # source titles are the reports' headlines, cited
            runs = [tuple(words[i : i + n]) for i in range(len(words) - n + 1)]
            copied = [" ".join(run) for run in runs if run in seed_runs]
            assert not copied, f"{copied[0]!r} is copied from a seed report"
