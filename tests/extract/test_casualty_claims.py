"""Casualty claims read from war reporting: figures, hedges, parties and who claims them.

The dispatches are written for these tests in the style of 2016-2017 Syria reporting.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from incidentmap.extract._casualties import find_casualties
from incidentmap.model import CasualtyClaim


def claims(text: str) -> list[CasualtyClaim]:
    found = find_casualties(text)
    for c in found:
        assert c.start is not None and c.end is not None
        assert text[c.start : c.end] == c.text
    return found


def one(text: str) -> CasualtyClaim:
    found = claims(text)
    assert len(found) == 1, [c.text for c in found]
    return found[0]


# --- forms ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "outcome", "count", "words"),
    [
        ("The strike on the market left 12 killed.", "killed", 12, "12 killed"),
        ("Officials counted 14 dead after the raid.", "killed", 14, "14 dead"),
        ("At the checkpoint, 9 wounded were evacuated.", "wounded", 9, "9 wounded"),
        ("Medics said 31 injured reached the hospital.", "wounded", 31, "31 injured"),
        ("Airstrikes killed 27 civilians in Maarat al-Numan.", "killed", 27, "27 civilians"),
        ("17 government soldiers were killed near Hama.", "killed", 17, None),
        ("The shelling left 8 dead in the old city.", "killed", 8, "8 dead"),
        ("Five people died when the barrel bomb hit.", "killed", 5, "Five people died"),
        ("Twenty-five fighters were wounded in the assault.", "wounded", 25, None),
        ("Two hundred and five people died in the siege.", "killed", 205, None),
        ("A Russian serviceman was killed by mortar fire.", "killed", 1, None),
        ("Rebels captured 25 soldiers near the dam.", "captured", 25, "25 soldiers"),
        ("Eleven aid workers were abducted on the road.", "captured", 11, None),
        ("Four journalists are missing after the ambush.", "missing", 4, None),
        ("About 3,000 residents were displaced by the offensive.", "displaced", 3000, None),
        ("The bombing claimed the lives of 30 civilians.", "killed", 30, "30 civilians"),
        ("Nine people lost their lives in the convoy attack.", "killed", 9, None),
        ("Forty people were killed or wounded in the blast.", "casualties", 40, None),
        ("The attack caused 22 casualties among the guards.", "casualties", 22, "22 casualties"),
        ("US Admits Air Strikes, Which Killed 60 Syrian Soldiers", "killed", 60, None),
    ],
)
def test_forms(text: str, outcome: str, count: int, words: str | None) -> None:
    c = one(text)
    assert (c.outcome, c.count, c.count_max) == (outcome, count, None)
    if words is not None:
        assert c.text == words


def test_two_verbs_two_claims() -> None:
    a, b = claims("The raid killed five and wounded twelve.")
    assert [(a.outcome, a.count, a.text), (b.outcome, b.count, b.text)] == [
        ("killed", 5, "five"),
        ("wounded", 12, "twelve"),
    ]


def test_breakdowns_between_figure_and_verb() -> None:
    c = one("At least 17 people, including four children, were killed in the raid.")
    assert (c.count, c.hedge, c.party) == (17, "at least", "people")
    assert c.text == "At least 17 people, including four children, were killed"
    assert one("Seventeen people (mostly women) were killed.").count == 17
    assert one("Three of them were killed.").count == 3


def test_killed_and_wounded_are_casualties() -> None:
    c = one("The shelling killed and wounded dozens of civilians.")
    assert (c.outcome, c.count_text, c.party) == ("casualties", "dozens", "civilians")


def test_figure_first_text_covers_the_party_and_the_outcome_words() -> None:
    c = one("Local sources said 62 Syrian soldiers were killed near the airport.")
    assert c.text == "62 Syrian soldiers were killed"
    assert c.party == "Syrian soldiers"


def test_verb_first_text_leaves_the_verb_out() -> None:
    c = one("The raid killed at least 62 Syrian troops fighting ISIS.")
    assert (c.text, c.hedge, c.count, c.party) == (
        "at least 62 Syrian troops",
        "at least",
        62,
        "Syrian troops",
    )


def test_headline_counts() -> None:
    c = one("Coalition Jets Killed 60 Syrian Soldiers")
    assert (c.outcome, c.count, c.party) == ("killed", 60, "Syrian Soldiers")


@pytest.mark.parametrize(
    ("text", "count", "hedge", "words"),
    [
        ("The monitor put the death toll at 83.", 83, "", "death toll at 83"),
        ("The death toll rose to 90 on Sunday.", 90, "", "death toll rose to 90"),
        ("The death toll from the strike has risen to 41.", 41, "", None),
        ("By Monday the death toll had topped 100.", 100, "more than", None),
        ("It was the worst attack, with a death toll of at least 54.", 54, "at least", None),
        ("Activists later put the toll at 20.", 20, "", "toll at 20"),
    ],
)
def test_tolls(text: str, count: int, hedge: str, words: str | None) -> None:
    c = one(text)
    assert (c.outcome, c.count, c.hedge) == ("killed", count, hedge)
    if words is not None:
        assert c.text == words


def test_toll_words_not_about_casualties_are_not_a_toll() -> None:
    assert claims("The war took a heavy toll on the economy of 3 provinces.") == []


# --- hedges, ranges, words, vague counts ----------------------------------------------------


@pytest.mark.parametrize(
    ("hedge_words", "hedge"),
    [
        ("at least", "at least"),
        ("no fewer than", "at least"),
        ("more than", "more than"),
        ("over", "more than"),
        ("upwards of", "more than"),
        ("up to", "up to"),
        ("as many as", "up to"),
        ("about", "about"),
        ("around", "about"),
        ("some", "about"),
        ("an estimated", "about"),
        ("roughly", "about"),
        ("nearly", "nearly"),
        ("almost", "nearly"),
        ("fewer than", "fewer than"),
    ],
)
def test_hedges(hedge_words: str, hedge: str) -> None:
    text = f"Rescue workers said {hedge_words} 40 civilians were killed in the raid on Douma."
    c = one(text)
    assert (c.count, c.hedge, c.party) == (40, hedge, "civilians")
    assert c.text.startswith(hedge_words)


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("Between 10 and 15 people were killed in the shelling.", 10, 15),
        ("The car bomb left 10-15 killed at the crossing.", 10, 15),
        ("Medics reported 10–15 wounded.", 10, 15),
        ("Between eight and twelve soldiers were captured.", 8, 12),
        ("Airstrikes killed between 20 and 30 fighters.", 20, 30),
    ],
)
def test_ranges(text: str, low: int, high: int) -> None:
    c = one(text)
    assert (c.count, c.count_max) == (low, high)


def test_range_text_starts_at_between() -> None:
    assert one("Between 10 and 15 people were killed.").text == (
        "Between 10 and 15 people were killed"
    )


@pytest.mark.parametrize(
    ("text", "count_text", "outcome"),
    [
        ("The strikes caused some casualties among the fighters.", "some", "casualties"),
        ("A small number of Syrian rebels were killed.", "a small number", "killed"),
        ("Dozens wounded as shells hit the market.", "dozens", "wounded"),
        ("Scores of civilians died in the siege.", "scores", "killed"),
        ("Several soldiers were wounded, the army said.", "several", "wounded"),
        ("Hundreds of families were displaced.", "hundreds", "displaced"),
    ],
)
def test_vague_counts_keep_their_words(text: str, count_text: str, outcome: str) -> None:
    c = one(text)
    assert (c.count, c.count_text, c.outcome) == (None, count_text, outcome)


def test_approximate_words_give_a_figure_with_about() -> None:
    a, b = claims("A dozen soldiers were killed and a couple of children were wounded.")
    assert (a.count, a.hedge, a.outcome) == (12, "about", "killed")
    assert (b.count, b.hedge, b.outcome) == (2, "about", "wounded")


@pytest.mark.parametrize(
    ("text", "outcome"),
    [
        ("There were no casualties among the advisers.", "casualties"),
        ("No one was hurt when the rocket landed.", "wounded"),
        ("Nobody was killed, the ministry said.", "killed"),
        ("No soldiers were wounded in the exchange.", "wounded"),
    ],
)
def test_no_casualties_is_zero(text: str, outcome: str) -> None:
    c = one(text)
    assert (c.count, c.outcome, c.count_text) == (0, outcome, "")


def test_party_others_is_no_party() -> None:
    a, b = claims("The bomb killed 4 soldiers and wounded 12 others.")
    assert (a.party, b.party, b.count, b.outcome) == ("soldiers", "", 12, "wounded")


# --- who claims -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "claimant"),
    [
        (
            "According to the Russian military, 62 Syrian soldiers were killed near the airport.",
            "Russian military",
        ),
        ("The Syrian army said 17 soldiers were killed in the ambush.", "Syrian army"),
        ("The Russian army says the raid killed at least 62 Syrian troops.", "Russian army"),
        (
            "The UK-based Syrian Observatory for Human Rights put the death toll at 83.",
            "Syrian Observatory for Human Rights",
        ),
        ("Col. John Dorrian told reporters that seven fighters were wounded.", "John Dorrian"),
        ("Two US officials told CNN that four fighters were wounded.", "US officials"),
        (
            "The Syrian Observatory for Human Rights (SOHR) said 12 were killed.",
            "Syrian Observatory for Human Rights",
        ),
        (
            "A spokesman for the Russian Defence Ministry said two Russian servicemen were killed.",
            "Russian Defence Ministry",
        ),
        ("Eleven civilians were killed in Idlib, the White Helmets said.", "White Helmets"),
        (
            "Eleven civilians were killed in Idlib, said the Syrian Civil Defence.",
            "Syrian Civil Defence",
        ),
        ("Eleven civilians were killed in Idlib, according to local activists.", "local activists"),
        ('"Three of our soldiers were killed," Townsend said.', "Townsend"),
        (
            "Lieutenant General Stephen Townsend, commander of the coalition forces, accused "
            'Russia of bombing the fighters, resulting in "some casualties".',
            "Stephen Townsend",
        ),
        (
            "On Friday, U.S. officials said a small number of Syrian rebels were killed.",
            "U.S. officials",
        ),
        ("Syrian state media reported that 17 soldiers had been killed.", "Syrian state media"),
        (
            "The Syrian Observatory for Human Rights, a Britain-based monitor, said 83 soldiers "
            "died.",
            "Syrian Observatory for Human Rights",
        ),
    ],
)
def test_claimant_shapes(text: str, claimant: str) -> None:
    assert one(text).claimed_by == claimant


@pytest.mark.parametrize(
    "text",
    [
        "Three soldiers were killed when the convoy hit a mine.",
        "It said 12 fighters were wounded.",
        "They said 12 fighters were wounded.",
    ],
)
def test_no_named_claimant(text: str) -> None:
    assert one(text).claimed_by == ""


def test_two_claims_from_one_claimant_in_one_sentence() -> None:
    text = (
        "The UK-based Syrian Observatory for Human Rights put the death toll at 83 and said "
        "at least 120 soldiers were wounded."
    )
    toll, wounded = claims(text)
    assert (toll.outcome, toll.count, toll.hedge) == ("killed", 83, "")
    assert (wounded.outcome, wounded.count, wounded.hedge) == ("wounded", 120, "at least")
    assert toll.claimed_by == wounded.claimed_by == "Syrian Observatory for Human Rights"


def test_list_before_a_trailing_claimant_is_all_theirs() -> None:
    text = (
        "Airstrikes killed five civilians and wounded twelve others, according to local activists."
    )
    assert [c.claimed_by for c in claims(text)] == ["local activists", "local activists"]


def test_different_claimants_for_the_same_event_are_all_kept() -> None:
    text = (
        "According to the Russian military, 62 Syrian soldiers were killed near Deir Ezzor "
        "airport. The Syrian Observatory for Human Rights put the death toll at 83. "
        "A coalition official said fewer than 20 soldiers had died."
    )
    got = [(c.count, c.hedge, c.claimed_by) for c in claims(text)]
    assert got == [
        (62, "", "Russian military"),
        (83, "", "Syrian Observatory for Human Rights"),
        (20, "fewer than", "coalition official"),
    ]


def test_different_claimants_in_one_sentence() -> None:
    text = "The Observatory said 83 died, while 62 were killed, the Russian military said."
    assert [(c.count, c.claimed_by) for c in claims(text)] == [
        (83, "Observatory"),
        (62, "Russian military"),
    ]
    text = "Syrian state TV said 14 people were killed, while activists put the toll at 20."
    assert [(c.count, c.claimed_by) for c in claims(text)] == [
        (14, "Syrian state TV"),
        (20, "activists"),
    ]


# --- numbers that are no casualties ---------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "US troops were less than five kilometres from the villages.",
        "The de-confliction line is open 24 hours per day.",
        "The ceasefire must hold for seven days before joint strikes begin.",
        "In 2016 the army retook the town.",
        "The offensive began on September 17 with 40 tanks.",
        "A 12-year-old was among the crowd of 300.",
        "Turnout was 62 percent in the 2014 vote.",
        "Russian jets flew 70 sorties in 24 hours.",
        "The war took a heavy toll on 3 provinces.",
        "There have been no confirmed cases of strikes on Syrian troops.",
        "The temperature in Raqqa was 4.3 C.",
    ],
)
def test_numbers_that_are_not_casualties(text: str) -> None:
    assert claims(text) == []


def test_cumulative_war_toll_is_not_an_incident_claim() -> None:
    # Decision: a war-wide total is no claim about the incident and is dropped.
    text = (
        "The conflict has killed an estimated 400,000 people since starting in March 2011. "
        "The war, which has killed more than 400,000 people, entered its seventh year."
    )
    assert claims(text) == []


def test_killers_are_not_the_casualties() -> None:
    c = one("Five gunmen killed a policeman at the checkpoint.")
    assert (c.count, c.party) == (1, "policeman")


def test_year_after_month_is_no_count() -> None:
    c = one("On September 17 62 soldiers were killed.")
    assert c.count == 62


# --- offsets and spans ----------------------------------------------------------------------


def test_offsets_and_spans() -> None:
    text = "Header: 5 killed in ad.\n\nThree soldiers were killed near Palmyra."
    body = [(text.index("Three"), len(text))]
    (c,) = find_casualties(text, body)
    assert c.start is not None and c.end is not None
    assert text[c.start : c.end] == "Three soldiers were killed"
    assert len(find_casualties(text)) == 2


def test_claims_are_in_text_order() -> None:
    text = "Ten were wounded. The raid killed three. Officials said 4 are missing."
    got = claims(text)
    assert [c.outcome for c in got] == ["wounded", "killed", "missing"]
    assert [c.start for c in got] == [text.index(c.text) for c in got]


# --- the seed articles ----------------------------------------------------------------------


def _seed(shared_dir: Path, number: str) -> str:
    (path,) = sorted((shared_dir / "seeds").glob(f"{number}_*.txt"))
    return path.read_text(encoding="utf-8")


def _figures(text: str) -> set[tuple[str, int | None, str, str, str]]:
    return {(c.outcome, c.count, c.hedge, c.count_text, c.claimed_by) for c in claims(text)}


def test_seed_articles(shared_dir: Path) -> None:
    got = _figures(_seed(shared_dir, "004"))
    assert ("killed", 62, "", "", "Russian military") in got
    assert ("killed", 83, "", "", "Syrian Observatory for Human Rights") in got
    assert ("wounded", 120, "at least", "", "Syrian Observatory for Human Rights") in got

    seed = claims(_seed(shared_dir, "001"))
    assert ("killed", 62, "at least", "Russian army") in {
        (c.outcome, c.count, c.hedge, c.claimed_by) for c in seed
    }
    assert any(c.count == 60 and c.party == "Syrian Soldiers" for c in seed)

    seed = claims(_seed(shared_dir, "000"))
    (some,) = [c for c in seed if c.count_text == "some"]
    assert (some.outcome, some.count) == ("casualties", None)
    assert some.claimed_by.endswith("Townsend")
    assert any((c.outcome, c.count, c.party) == ("killed", 3, "soldiers") for c in seed)
    assert not any(c.count == 400000 for c in seed)

    seed = claims(_seed(shared_dir, "003"))
    assert [(c.outcome, c.count_text, c.party, c.claimed_by) for c in seed] == [
        ("killed", "a small number", "Syrian rebels", "U.S. officials")
    ]

    assert claims(_seed(shared_dir, "002")) == []
