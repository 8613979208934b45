"""Event triggers and roles: who did it to whom, in hand-written dispatches and the seed reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from incidentmap.extract._actors import ActorTable
from incidentmap.extract._events import EVENT_TYPES, find_events
from incidentmap.extract._types import EventMention

TABLE = ActorTable.default()


def events(text: str, spans: list[tuple[int, int]] | None = None) -> list[EventMention]:
    return find_events(text, TABLE.find(text, spans), spans)


def roles(text: str) -> list[tuple[str, str, str, str]]:
    """(trigger, type, attacker group, target group) of each event of ``text``."""
    return [
        (
            e.trigger,
            e.type,
            e.attacker.group if e.attacker else "",
            e.target.group if e.target else "",
        )
        for e in events(text)
    ]


# ------------------------------------------------------------------------------ active voice
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Turkish jets struck YPG positions near Tal Rifaat on Monday, the ministry said.",
            [("struck", "airstrike", "turkey", "kurdish_ypg")],
        ),
        (
            "US troops were present when Russian warplanes bombed US-backed fighters near Raqqa.",
            [("bombed", "airstrike", "russia", "us_backed")],
        ),
        (
            "Coalition aircraft accidentally bombed US backed anti-ISIS fighters near Tabqa.",
            [("bombed", "airstrike", "us_coalition", "us_backed")],
        ),
        (
            "Moscow has hit U.S.-backed Syrian rebels near the al-Tanf garrison.",
            [("hit", "attack", "russia", "us_backed")],
        ),
        (
            "The raid killed at least 62 Syrian troops, the Russian army says.",
            [("killed", "attack", "", "syrian_government")],
        ),
        (
            "Regime artillery shelled FSA positions near Daraa overnight.",
            [("shelled", "shelling", "syrian_government", "syrian_rebels")],
        ),
        (
            "SDF fighters clashed with Turkish-backed rebels near Manbij.",
            [("clashed", "ground_clash", "sdf", "syrian_rebels")],
        ),
        (
            "HTS militants attacked a Syrian army checkpoint in Hama province.",
            [("attacked", "attack", "hts", "syrian_government")],
        ),
        (
            "Iraqi forces struck IS targets across the border.",
            [("struck", "airstrike", "iraq", "isis")],
        ),
        (
            "PKK militants killed three Turkish soldiers in Hakkari.",
            [("killed", "attack", "kurdish_ypg", "turkey")],
        ),
        (
            "Israeli aircraft struck Hezbollah convoys near Qusayr.",
            [("struck", "airstrike", "israel", "hezbollah")],
        ),
        (
            "Iran-backed militias attacked US-backed forces near al-Tanf.",
            [("attacked", "attack", "iran_backed", "us_backed")],
        ),
        (
            "Russia And Syria Accidentally Bombed US-Backed Fighters In Syria",
            [("Bombed", "airstrike", "russia", "us_backed")],
        ),
        (
            "Hezbollah and Syrian army troops attacked HTS fighters in the Qalamoun.",
            [("attacked", "attack", "hezbollah", "hts")],
        ),
    ],
)
def test_active_verb_subject_attacks_object(
    text: str, expected: list[tuple[str, str, str, str]]
) -> None:
    assert roles(text) == expected


def test_target_text_is_the_targets_words_as_written() -> None:
    (e,) = events("Russian warplanes bombed US backed anti-ISIS fighters in Syria on Saturday.")
    assert e.target_text == "US backed anti-ISIS fighters"
    (e,) = events("Turkish jets struck YPG positions near Afrin.")
    assert e.target_text == "YPG positions"
    (e,) = events(
        "The incident marked the second time that Russian aircraft attacked friendly forces."
    )
    assert (e.attacker and e.attacker.group, e.target, e.target_text) == (
        "russia",
        None,
        "friendly forces",
    )


def test_event_offsets_are_the_trigger_and_its_sentence() -> None:
    text = "Fighting stopped. Then Russian jets bombed SDF positions. Nothing else."
    (e,) = events(text)
    assert text[e.start : e.end] == e.trigger == "bombed"
    assert text[e.sentence[0] : e.sentence[1]] == "Then Russian jets bombed SDF positions."
    assert e.type in EVENT_TYPES


# ---------------------------------------------------------------------- nouns and possessives
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Russia's continued strikes on Syrian opposition forces drew condemnation.",
            [("strikes", "airstrike", "russia", "syrian_rebels")],
        ),
        (
            "The four coalition air strikes on Syrian troops allowed ISIS to advance.",
            [("air strikes", "airstrike", "us_coalition", "syrian_government")],
        ),
        (
            "Russian strikes on rebel positions continued.",
            [("strikes", "airstrike", "russia", "syrian_rebels")],
        ),
        (
            "Attacks by the YPG on Turkish troops have increased.",
            [("Attacks", "attack", "kurdish_ypg", "turkey")],
        ),
        (
            "The coalition said its airstrikes near Mayadin killed 30 ISIS fighters.",
            [("killed", "airstrike", "us_coalition", "isis")],
        ),
        (
            "The coalition conducted 14 strikes near Raqqa against ISIS.",
            [("strikes", "airstrike", "us_coalition", "isis")],
        ),
        (
            "The US admits air strikes, which killed 60 Syrian soldiers.",
            [("killed", "airstrike", "us_coalition", "syrian_government")],
        ),
        (
            "Clashes between the SDF and regime forces erupted east of the Euphrates.",
            [("Clashes", "ground_clash", "sdf", "syrian_government")],
        ),
        (
            "The SAA came under attack from ISIS near Albu Kamal.",
            [("attack", "attack", "isis", "syrian_government")],
        ),
    ],
)
def test_noun_triggers_take_roles_from_the_words_around_them(
    text: str, expected: list[tuple[str, str, str, str]]
) -> None:
    assert roles(text) == expected


def test_a_second_trigger_of_the_same_event_is_folded_into_the_first() -> None:
    text = "Russia has hit U.S.-backed anti-ISIS forces in a series of airstrikes near al-Tanf."
    assert roles(text) == [("hit", "airstrike", "russia", "us_backed")]


def test_two_events_in_one_sentence_keep_their_own_roles() -> None:
    text = (
        "Russian jets bombed rebel positions in Idlib, and Turkish artillery shelled YPG "
        "fighters near Afrin."
    )
    assert roles(text) == [
        ("bombed", "airstrike", "russia", "syrian_rebels"),
        ("shelled", "shelling", "turkey", "kurdish_ypg"),
    ]


# ------------------------------------------------------------------------------ passive voice
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "US-backed fighters were struck by Russian jets near Raqqa on Tuesday.",
            [("struck", "airstrike", "russia", "us_backed")],
        ),
        (
            "Hezbollah fighters were attacked by Nusra Front militants in the Qalamoun mountains.",
            [("attacked", "attack", "hts", "hezbollah")],
        ),
        (
            "Syrian troops killed by coalition airstrikes were buried in Deir ez-Zor.",
            [("killed", "airstrike", "us_coalition", "syrian_government")],
        ),
        (
            "Twelve SDF fighters were killed in Turkish airstrikes on Tuesday.",
            [("killed", "airstrike", "turkey", "sdf")],
        ),
        (
            "According to the Pentagon, coalition-backed fighters in Syria were attacked in al-Tanf.",
            [("attacked", "attack", "", "us_backed")],
        ),
        (
            "Members of the SDF that were wounded in the airstrike were evacuated.",
            [("airstrike", "airstrike", "", "sdf")],
        ),
        (
            "In a video call the Pentagon raised the strikes that hit U.S.-backed Syrian rebels.",
            [("hit", "airstrike", "", "us_backed")],
        ),
    ],
)
def test_passive_subject_is_the_target(
    text: str, expected: list[tuple[str, str, str, str]]
) -> None:
    assert roles(text) == expected


def test_munitions_impacted_names_the_owner_of_the_munitions() -> None:
    text = (
        "“Russian munitions impacted a location known to the Russians to contain Syrian "
        "Democratic Forces and coalition advisers.”"
    )
    assert roles(text) == [("munitions impacted", "airstrike", "russia", "sdf")]


def test_speaker_is_not_the_attacker() -> None:
    text = "An attack in eastern Syria that the Russian army says killed 62 Syrian troops."
    assert roles(text) == [("killed", "attack", "", "syrian_government")]


def test_pronoun_subject_is_the_actor_before_it() -> None:
    text = "The US military said it was targeting ISIS militants."
    assert roles(text) == [("targeting", "attack", "us_coalition", "isis")]


# ---------------------------------------------------------- negated, modal, infinitive, if
@pytest.mark.parametrize(
    "text",
    [
        "Coalition forces would not intentionally strike a known Syrian military unit.",
        "The coalition denied a Russian military request to strike an area held by the SDF.",
        "But the Russians decided to carry out the strike anyway.",
        "They came to fight ISIS, and the fight against Islamic State goes on.",
        "Turkey did not attack the SDF, the foreign ministry said.",
        "US forces have not struck Syrian troops since April.",
        "The Pentagon denied that US aircraft had bombed the convoy.",
        "Russia threatened to strike US-backed forces if they advanced.",
        "The Pentagon said Russia might have struck the convoy by mistake.",
        "If it hit Syrian troops, it was an accident.",
        "The truce does not include attacks by the US on IS.",
        "There have been no confirmed cases of US air strikes targeting Syrian troops.",
        "The US asked Moscow to stop targeting the fighters.",
        "It informed Russian counterparts of the upcoming strike.",
        "It may have been an error rather than a deliberate attack on US troops by the Russians.",
    ],
)
def test_no_event_for_negated_modal_infinitive_or_conditional_triggers(text: str) -> None:
    assert [e for e in events(text) if e.attacker or e.target] == []


def test_is_the_verb_is_not_an_actor_in_events() -> None:
    text = "The situation is dire as IS fighters attacked Kurdish forces in Kobani."
    assert roles(text) == [("attacked", "attack", "isis", "kurdish_ypg")]


def test_organisation_is_not_a_role() -> None:
    text = (
        "Eight civilians were killed in Russian airstrikes on Khan Sheikhoun, the Syrian "
        "Observatory for Human Rights said."
    )
    (e,) = [e for e in events(text) if e.attacker or e.target]
    assert e.attacker is not None and e.attacker.group == "russia"
    assert e.target is None and e.target_text == "Eight civilians"


def test_events_only_inside_spans() -> None:
    text = "Related: Turkish jets struck YPG positions.\nBody: Russian jets bombed SDF fighters."
    body = [(text.index("Body"), len(text))]
    assert [(e.trigger, e.attacker and e.attacker.group) for e in events(text, body)] == [
        ("bombed", "russia")
    ]


def test_no_actor_mentions_still_gives_triggers_without_roles() -> None:
    text = "The strike occurred on September 17 near the airport."
    (e,) = find_events(text, [])
    assert (e.trigger, e.type, e.attacker, e.target) == ("strike", "airstrike", None, None)
    assert find_events("", []) == []


# ---------------------------------------------------------------------------- seed reports
SEED_EVENTS = {
    "000": ("russia", {"sdf", "us_backed"}),
    "001": ("us_coalition", {"syrian_government"}),
    "002": ("russia", {"sdf", "us_backed"}),
    "003": ("russia", {"us_backed"}),
    "004": ("us_coalition", {"syrian_government"}),
}


@pytest.mark.parametrize("seed", sorted(SEED_EVENTS))
def test_seed_reports_main_event_has_attacker_and_target(shared_dir: Path, seed: str) -> None:
    (path,) = sorted((shared_dir / "seeds").glob(f"{seed}_*.txt"))
    text = path.read_text(encoding="utf-8")
    attacker, targets = SEED_EVENTS[seed]
    pairs = {
        (e.attacker.group, e.target.group)
        for e in find_events(text, TABLE.find(text))
        if e.attacker is not None and e.target is not None
    }
    assert any(a == attacker and t in targets for a, t in pairs), pairs
    # No event of a seed has its roles the wrong way round.
    assert not any(a in targets and t == attacker for a, t in pairs), pairs


def test_seed_000_names_the_sdf_and_002_the_munitions(shared_dir: Path) -> None:
    seeds = shared_dir / "seeds"
    for seed, trigger in (("000", "bombing"), ("002", "munitions impacted")):
        (path,) = sorted(seeds.glob(f"{seed}_*.txt"))
        text = path.read_text(encoding="utf-8")
        hits = [
            e
            for e in find_events(text, TABLE.find(text))
            if e.trigger == trigger and e.attacker and e.target
        ]
        assert [(e.attacker.group, e.target.group) for e in hits if e.attacker and e.target] == [
            ("russia", "sdf")
        ]
