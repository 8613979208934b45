"""From article text to incident drafts (`extract_text`), merging reports (`merge`), and the seeds.

The dispatches are invented for the test; only the last tests read the seed articles, from
``../shared/seeds`` (never copied into the repository).
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from incidentmap.extract import ActorTable, Extraction, extract_files, extract_text, merge, to_jsonl
from incidentmap.gazetteer import Gazetteer
from incidentmap.geo import distance_m
from incidentmap.model import Incident, IncidentSet

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
TABLE = ActorTable.default()

AL_BAB = (36.3705, 37.5157)  # lat, lon
MANBIJ = (36.5282, 37.9550)
DEIR_EZ_ZOR = (35.3359, 40.1408)
TALL_RIFAT = (36.4723, 37.0947)


def km(inc: Incident, lat: float, lon: float) -> float:
    assert inc.place is not None
    return distance_m(inc.place.lon, inc.place.lat, lon, lat) / 1000.0


def single(ex: Extraction) -> Incident:
    assert len(ex.incidents) == 1, [(i.id, i.place_name) for i in ex.incidents]
    return ex.incidents[0]


# -- roles ----------------------------------------------------------------------------------
TURKISH_STRIKE = (
    "Turkish jets struck YPG positions near Tal Rifaat on Monday, a monitoring group said."
)


def test_attacker_and_target_come_from_the_alias_table(gazetteer: Gazetteer) -> None:
    ex = extract_text(TURKISH_STRIKE, gazetteer, published="2018-01-24", doc_id="tr")
    inc = single(ex)
    assert TABLE.group(inc.attacker) == "turkey"
    assert TABLE.group(inc.target) == "kurdish_ypg"
    assert inc.type == "airstrike"
    assert inc.date == dt.date(2018, 1, 22)
    assert inc.sources == ("tr",)


def test_the_incident_is_placed_at_the_transliterated_town(gazetteer: Gazetteer) -> None:
    inc = single(extract_text(TURKISH_STRIKE, gazetteer, published="2018-01-24", doc_id="tr"))
    assert km(inc, *TALL_RIFAT) < 15
    assert inc.place_name == "near Tal Rifaat"


@pytest.mark.parametrize(
    ("text", "attacker", "target"),
    [
        (
            "Russian warplanes bombed US-backed SDF fighters near Manbij on Friday, the "
            "coalition said.",
            "russia",
            "sdf",
        ),
        (
            "US-led coalition aircraft struck Syrian army positions near Deir Ezzor Airport on "
            "Saturday, the Syrian army said.",
            "us_coalition",
            "syrian_government",
        ),
        (
            "Islamic State militants attacked Iraqi forces near Mosul on Sunday, officials said.",
            "isis",
            "iraq",
        ),
    ],
)
def test_roles_of_other_actors(gazetteer: Gazetteer, text: str, attacker: str, target: str) -> None:
    inc = single(extract_text(text, gazetteer, published="2017-03-01"))
    assert TABLE.group(inc.attacker) == attacker
    assert TABLE.group(inc.target) == target


# -- where ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "name",
    [
        "al Bab",
        pytest.param(
            "al-Bab",
        ),
    ],
)
def test_near_the_city_of_is_near_that_city(gazetteer: Gazetteer, name: str) -> None:
    text = (
        f"Russian warplanes bombed rebel positions near the city of {name}, just northeast of "
        "Aleppo, on Tuesday, a monitoring group said."
    )
    inc = single(extract_text(text, gazetteer, published="2017-03-01"))
    assert inc.precision == "near"
    assert inc.uncertainty_m == 10_000
    assert km(inc, *AL_BAB) < 2
    assert inc.place_name == f"near the city of {name}"
    assert inc.place is not None and inc.place.country == "SY"


def test_an_offset_from_a_town_is_a_point_that_far_away(gazetteer: Gazetteer) -> None:
    text = (
        "Turkish artillery shelled Kurdish fighters 12 km north-east of Manbij on Sunday, a "
        "monitoring group said."
    )
    inc = single(extract_text(text, gazetteer, published="2017-03-05"))
    assert inc.place_name == "12 km north-east of Manbij"
    assert inc.precision == "near"
    assert km(inc, *MANBIJ) == pytest.approx(12, abs=1)
    assert inc.place is not None
    assert inc.place.lat > MANBIJ[0] and inc.place.lon > MANBIJ[1]  # north-east of it


def test_the_eastern_bank_near_a_city_is_an_area(gazetteer: Gazetteer) -> None:
    # The river named earlier in the report, the bank in the event sentence.
    text = (
        "SDF fighters advanced along the Euphrates River on Friday. On Saturday Russian jets "
        "bombed them on the eastern bank near Deir Ezzor, the coalition said."
    )
    inc = single(extract_text(text, gazetteer, published="2017-09-18"))
    assert inc.place is not None
    assert inc.place.kind == "bank"
    assert "eastern bank" in inc.place_name
    assert inc.place.lon > 40.0  # east of the river at Deir ez-Zor
    assert km(inc, *DEIR_EZ_ZOR) < 25
    assert TABLE.group(inc.attacker) == "russia"


def test_the_eastern_bank_of_the_river_near_a_city_is_one_area(gazetteer: Gazetteer) -> None:
    text = (
        "Russian jets bombed Islamic State fighters on the eastern bank of the Euphrates near "
        "Deir ez-Zor on Saturday, the coalition said."
    )
    inc = single(extract_text(text, gazetteer, published="2017-09-18"))
    assert inc.place is not None and inc.place.kind == "bank"
    assert km(inc, *DEIR_EZ_ZOR) < 25


def test_an_airbase_named_in_the_event_is_the_place(gazetteer: Gazetteer) -> None:
    text = (
        "US-led coalition aircraft struck Syrian army positions near Deir Ezzor Airport on "
        "Saturday. Residents of Deir al-Zour said the blasts shook the city."
    )
    inc = single(extract_text(text, gazetteer, published="2016-09-19"))
    assert inc.place is not None and inc.place.kind in ("airbase", "airport")
    assert inc.place_name == "near Deir Ezzor Airport"


# -- when -----------------------------------------------------------------------------------
BAB_STRIKE = (
    "Russian warplanes bombed rebel positions near the city of al Bab on Tuesday, a "
    "monitoring group said."
)


def test_a_weekday_is_read_against_the_publication_date(gazetteer: Gazetteer) -> None:
    ex = extract_text(BAB_STRIKE, gazetteer, published="2017-03-01")
    assert single(ex).date == dt.date(2017, 2, 28)
    assert ex.warnings == ()


def test_published_can_be_a_date(gazetteer: Gazetteer) -> None:
    ex = extract_text(BAB_STRIKE, gazetteer, published=dt.date(2017, 3, 8))
    assert single(ex).date == dt.date(2017, 3, 7)


def test_without_publication_date_a_weekday_stays_unknown_and_says_so(
    gazetteer: Gazetteer,
) -> None:
    ex = extract_text(BAB_STRIKE, gazetteer, doc_id="bab")
    assert single(ex).date is None
    assert len(ex.warnings) == 1
    assert "publication date" in ex.warnings[0]
    assert "Tuesday" in ex.warnings[0]
    assert "bab" in ex.warnings[0]


def test_an_explicit_date_needs_no_publication_date(gazetteer: Gazetteer) -> None:
    text = "Russian warplanes bombed rebel positions near Saraqeb on 14 February 2017."
    ex = extract_text(text, gazetteer)
    assert single(ex).date == dt.date(2017, 2, 14)


# -- claims ---------------------------------------------------------------------------------
AIRPORT_STRIKE = (
    "US-led coalition aircraft struck Syrian army positions near Deir Ezzor Airport on "
    "Saturday. The Russian military said 62 Syrian soldiers were killed in the strike, while "
    "the Syrian Observatory for Human Rights said 83 soldiers were killed."
)


def test_casualty_claims_keep_each_claimant(gazetteer: Gazetteer) -> None:
    inc = single(extract_text(AIRPORT_STRIKE, gazetteer, published="2016-09-19", doc_id="dz"))
    by_count = {c.count: c for c in inc.casualties}
    assert set(by_count) == {62, 83}
    assert by_count[62].claimed_by == "Russian military"
    assert by_count[83].claimed_by == "Syrian Observatory for Human Rights"
    assert {c.outcome for c in inc.casualties} == {"killed"}
    assert {c.source_id for c in inc.casualties} == {"dz"}
    for c in inc.casualties:
        assert c.start is not None and c.end is not None
        assert AIRPORT_STRIKE[c.start : c.end] == c.text
        assert str(c.count) in c.text


def test_a_toll_for_the_whole_war_is_not_the_incidents(gazetteer: Gazetteer) -> None:
    text = (
        "Russian warplanes bombed rebel positions near Saraqeb on Tuesday, killing 12 fighters, "
        "activists said. The war has killed more than 400,000 people since 2011."
    )
    inc = single(extract_text(text, gazetteer, published="2017-03-01"))
    assert [c.count for c in inc.casualties] == [12]


def test_proximity_claims_land_on_the_incident(gazetteer: Gazetteer) -> None:
    text = (
        "Russian warplanes bombed US-backed fighters near the city of al Bab on Tuesday. "
        "American advisory forces were less than five miles from the villages that were hit."
    )
    inc = single(extract_text(text, gazetteer, published="2017-03-01", doc_id="px"))
    assert [(d.force, d.value, d.unit, d.qualifier) for d in inc.proximity] == [
        ("American advisory forces", 5.0, "mi", "less than")
    ]
    assert inc.proximity[0].source_id == "px"


# -- boilerplate ------------------------------------------------------------------------------
BOILERPLATE_DISPATCH = """\
Home > News > Middle East > Mosul
Rebels shell government-held Hama neighbourhood

Rebel fighters shelled a government-held neighbourhood of Hama on Sunday, killing four
civilians, state media said. Residents said the shells fell near a school.

Advertisements

LEAVE A REPLY
Please enter your comment!
My family fled Basra years ago and I still pray for them.
Recent Comments
Reader in Tripoli on Clashes near Benghazi
Most Popular
Floods hit Kirkuk
"""


def test_web_boilerplate_lines_give_no_toponym(gazetteer: Gazetteer) -> None:
    ex = extract_text(BOILERPLATE_DISPATCH, gazetteer, published="2017-04-03")
    names = {t.surface for t in ex.toponyms}
    assert names == {"Hama"}
    body_end = BOILERPLATE_DISPATCH.index("Advertisements")
    assert all(t.end <= body_end for t in ex.toponyms)
    assert all(t.start > BOILERPLATE_DISPATCH.index("Mosul") for t in ex.toponyms)
    inc = single(ex)
    assert TABLE.group(inc.attacker) == "syrian_rebels"
    assert inc.date == dt.date(2017, 4, 2)


# -- nothing to report ----------------------------------------------------------------------
NO_EVENT = [
    "The foreign ministers of Turkey and Iran met in Ankara on Monday to discuss trade and "
    "tourism, officials said. They praised the new rail link to Tehran.",
    "The weather in Aleppo was mild on Monday and the markets in Homs were busy.",
]


@pytest.mark.parametrize("text", NO_EVENT)
def test_an_article_with_no_event_gives_no_incident_and_a_warning(
    gazetteer: Gazetteer, text: str
) -> None:
    ex = extract_text(text, gazetteer, published="2017-04-03", doc_id="calm")
    assert ex.incidents == ()
    assert any("no " in w and ("event" in w or "incident" in w) for w in ex.warnings)


@pytest.mark.parametrize("text", NO_EVENT)
def test_an_article_with_no_event_warns_that_none_was_found(
    gazetteer: Gazetteer, text: str
) -> None:
    ex = extract_text(text, gazetteer, published="2017-04-03", doc_id="calm")
    assert any("no event" in w or "no incident" in w for w in ex.warnings)
    assert all(not i.attacker and not i.target for i in ex.incidents)


def test_an_article_with_no_place_gives_no_incident_and_a_warning(gazetteer: Gazetteer) -> None:
    text = "Russian warplanes bombed rebel positions on Tuesday, killing three fighters."
    ex = extract_text(text, gazetteer, published="2017-03-01", doc_id="nowhere")
    assert ex.incidents == ()
    assert len(ex.warnings) == 1
    assert "nowhere" in ex.warnings[0] and "no incident" in ex.warnings[0]


# -- determinism ------------------------------------------------------------------------------
def test_two_runs_give_the_same_jsonl(gazetteer: Gazetteer) -> None:
    texts = [AIRPORT_STRIKE, BAB_STRIKE, BOILERPLATE_DISPATCH, TURKISH_STRIKE]

    def run() -> str:
        return to_jsonl(
            [
                extract_text(t, gazetteer, published="2017-03-01", doc_id=f"d{n}")
                for n, t in enumerate(texts)
            ]
        )

    first = run()
    assert first == run()
    assert first.count("\n") == len(texts)


# -- merging ----------------------------------------------------------------------------------
def report(gazetteer: Gazetteer, doc_id: str, text: str, published: str) -> Extraction:
    ex = extract_text(text, gazetteer, published=published, doc_id=doc_id)
    assert len(ex.incidents) == 1, ex.incidents
    return ex


SARAQEB_A = (
    "Russian warplanes bombed rebel positions near Saraqeb on Tuesday, killing 12 fighters, "
    "the Syrian Observatory for Human Rights said."
)
SARAQEB_B = (
    "Russian jets struck opposition fighters in Saraqeb on Wednesday. Rebel commanders said "
    "20 fighters were killed."
)
SARAQEB_COALITION = (
    "US-led coalition aircraft bombed a militant convoy near Saraqeb on Tuesday, the Pentagon said."
)
PALMYRA = (
    "Russian warplanes bombed rebel positions near Palmyra on Tuesday, killing nine fighters, "
    "the Syrian Observatory for Human Rights said."
)


def test_two_reports_of_one_strike_merge_with_both_sources_and_all_claims(
    gazetteer: Gazetteer,
) -> None:
    a = report(gazetteer, "wire-a", SARAQEB_A, "2017-03-01")
    b = report(gazetteer, "wire-b", SARAQEB_B, "2017-03-02")
    ia, ib = a.incidents[0], b.incidents[0]
    assert ia.date is not None and ib.date is not None and abs((ia.date - ib.date).days) <= 2
    merged = merge([a, b])
    assert isinstance(merged, IncidentSet)
    assert len(merged.incidents) == 1
    inc = merged.incidents[0]
    assert set(inc.sources) == {"wire-a", "wire-b"}
    assert sorted((c.count, c.claimed_by, c.source_id) for c in inc.casualties) == [
        (12, "Syrian Observatory for Human Rights", "wire-a"),
        (20, "Rebel commanders", "wire-b"),
    ]
    assert TABLE.group(inc.attacker) == "russia"
    assert inc.date == min(ia.date, ib.date)
    assert set(merged.sources) == {"wire-a", "wire-b"}


def test_a_different_attacker_at_the_same_place_stays_separate(gazetteer: Gazetteer) -> None:
    a = report(gazetteer, "wire-a", SARAQEB_A, "2017-03-01")
    c = report(gazetteer, "wire-c", SARAQEB_COALITION, "2017-03-01")
    pa = a.incidents[0].place
    assert pa is not None
    assert km(c.incidents[0], pa.lat, pa.lon) < 5
    merged = merge([a, c])
    assert len(merged.incidents) == 2
    assert sorted(TABLE.group(i.attacker) for i in merged.incidents) == ["russia", "us_coalition"]
    assert sorted(i.sources for i in merged.incidents) == [("wire-a",), ("wire-c",)]


def test_a_report_far_away_stays_separate(gazetteer: Gazetteer) -> None:
    a = report(gazetteer, "wire-a", SARAQEB_A, "2017-03-01")
    far = report(gazetteer, "wire-p", PALMYRA, "2017-03-01")
    pa = a.incidents[0].place
    assert pa is not None
    assert km(far.incidents[0], pa.lat, pa.lon) > 150
    merged = merge([a, far])
    assert len(merged.incidents) == 2
    assert sorted(i.sources for i in merged.incidents) == [("wire-a",), ("wire-p",)]


def test_a_report_days_later_stays_separate(gazetteer: Gazetteer) -> None:
    a = report(gazetteer, "wire-a", SARAQEB_A, "2017-03-01")
    later = report(
        gazetteer,
        "wire-l",
        "Russian warplanes bombed rebel positions near Saraqeb on Friday, killing three "
        "fighters, activists said.",
        "2017-03-11",
    )
    assert len(merge([a, later]).incidents) == 2


def test_merge_keeps_every_report_and_claim_of_a_mixed_batch(gazetteer: Gazetteer) -> None:
    batch = [
        report(gazetteer, "wire-a", SARAQEB_A, "2017-03-01"),
        report(gazetteer, "wire-p", PALMYRA, "2017-03-01"),
        report(gazetteer, "wire-b", SARAQEB_B, "2017-03-02"),
        report(gazetteer, "wire-c", SARAQEB_COALITION, "2017-03-01"),
    ]
    merged = merge(batch)
    assert len(merged.incidents) == 3
    assert sorted(s for i in merged.incidents for s in i.sources) == [
        "wire-a",
        "wire-b",
        "wire-c",
        "wire-p",
    ]
    assert sum(len(i.casualties) for i in merged.incidents) == sum(
        len(i.casualties) for ex in batch for i in ex.incidents
    )


# -- the seed articles ------------------------------------------------------------------------
def test_the_seeds_merge_into_four_incidents(gazetteer: Gazetteer, shared_dir: Path) -> None:
    paths = sorted((shared_dir / "seeds").glob("*.txt"))
    assert len(paths) == 5
    merged = merge(extract_files(paths, gazetteer))
    assert len(merged.incidents) == 4
    seed_001 = next(p.stem for p in paths if p.name.startswith("001_"))
    seed_004 = next(p.stem for p in paths if p.name.startswith("004_"))
    both = [i for i in merged.incidents if {seed_001, seed_004} <= set(i.sources)]
    assert len(both) == 1
    counts = {c.count for c in both[0].casualties}
    assert {62, 83} <= counts
    assert {c.source_id for c in both[0].casualties} == {seed_001, seed_004}


def _load(name: str) -> ModuleType:
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, BENCHMARKS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


def test_seed_accuracy_meets_the_acceptance_figures(gazetteer: Gazetteer, shared_dir: Path) -> None:
    ev = _load("eval_seeds")
    scores, merged = ev.evaluate(
        shared_dir / "eval" / "seeds-gold.jsonl", shared_dir / "seeds", gazetteer
    )
    assert scores.f1 >= 0.95, scores.errors
    assert scores.within >= 0.95, scores.errors
    assert scores.incidents == 4 == len(merged.incidents)
    assert (scores.proximity_ok, scores.proximity_gold) == (3, 3), scores.errors
