"""The actor alias table: every family of aliases, case rules, claimants, extension, bad tables."""

from __future__ import annotations

from pathlib import Path

import pytest

from incidentmap.errors import ValidationError
from incidentmap.extract._actors import ActorTable
from incidentmap.extract._events import find_events

TABLE = ActorTable.default()


def found(text: str, table: ActorTable = TABLE) -> list[tuple[str, str]]:
    return [(m.text, m.group) for m in table.find(text)]


# One hand-written dispatch per alias family: (sentence, [(words, group), ...]).
FAMILIES = [
    (
        "Russian warplanes and the Russian Aerospace Forces hit Maarat al-Numan, Russia said.",
        [("Russian warplanes", "russia"), ("Russian Aerospace Forces", "russia"), ("Russia", "russia")],
    ),
    (
        "The Russian military, the Russian army and Russian forces moved north; the Russians left.",
        [
            ("Russian military", "russia"),
            ("Russian army", "russia"),
            ("Russian forces", "russia"),
            ("Russians", "russia"),
        ],
    ),
    (
        "Officials of the Russian Federation said Russian aircraft of the Aerospace Force flew.",
        [("Russian Federation", "russia"), ("Russian aircraft", "russia"), ("Aerospace Force", "russia")],
    ),
    (
        "CJTF-OIR said coalition aircraft, flying for Operation Inherent Resolve, struck twice.",
        [("CJTF-OIR", "us_coalition"), ("coalition aircraft", "us_coalition"),
         ("Operation Inherent Resolve", "us_coalition")],
    ),
    (
        "US forces, US troops, American forces and the US military arrived, the Pentagon said.",
        [("US forces", "us_coalition"), ("US troops", "us_coalition"),
         ("American forces", "us_coalition"), ("US military", "us_coalition"),
         ("Pentagon", "us_coalition")],
    ),
    (
        "The SDF, also called the Syrian Democratic Forces, include the SAC (Syrian Arab Coalition).",
        [("SDF", "sdf"), ("Syrian Democratic Forces", "sdf"), ("SAC", "sdf"),
         ("Syrian Arab Coalition", "sdf")],
    ),
    (
        "US-backed fighters, US-backed forces and coalition-backed fighters held al-Tanf.",
        [("US-backed fighters", "us_backed"), ("US-backed forces", "us_backed"),
         ("coalition-backed fighters", "us_backed")],
    ),
    (
        "Regime forces, the Syrian regime and the Syrian Arab Army, or SAA, shelled the town.",
        [("Regime forces", "syrian_government"), ("Syrian regime", "syrian_government"),
         ("Syrian Arab Army", "syrian_government"), ("SAA", "syrian_government")],
    ),
    (
        "Syrian troops, Syrian soldiers and the Syrian army joined government troops and "
        "pro-government forces; the Syrian military said so.",
        [("Syrian troops", "syrian_government"), ("Syrian soldiers", "syrian_government"),
         ("Syrian army", "syrian_government"), ("government troops", "syrian_government"),
         ("pro-government forces", "syrian_government"), ("Syrian military", "syrian_government")],
    ),
    (
        "ISIS, also called ISIL, IS, Islamic State or Daesh, withdrew.",
        [("ISIS", "isis"), ("ISIL", "isis"), ("IS", "isis"), ("Islamic State", "isis"),
         ("Daesh", "isis")],
    ),
    (
        "Turkish forces, the Turkish military, the Turkish army and the TAF crossed into Syria.",
        [("Turkish forces", "turkey"), ("Turkish military", "turkey"), ("Turkish army", "turkey"),
         ("TAF", "turkey")],
    ),
    (
        "Iran-backed militias, Iranian-backed militias, the IRGC and its Quds Force reinforced "
        "Hezbollah.",
        [("Iran-backed militias", "iran_backed"), ("Iranian-backed militias", "iran_backed"),
         ("IRGC", "iran_backed"), ("Quds Force", "iran_backed"), ("Hezbollah", "hezbollah")],
    ),
    (
        "HTS grew out of Jabhat Fateh al-Sham, formerly the al-Nusra Front, or simply Nusra.",
        [("HTS", "hts"), ("Jabhat Fateh al-Sham", "hts"), ("al-Nusra Front", "hts"),
         ("Nusra", "hts")],
    ),
    (
        "Syrian rebels of the FSA, the Free Syrian Army, and other Syrian opposition forces met.",
        [("Syrian rebels", "syrian_rebels"), ("FSA", "syrian_rebels"),
         ("Free Syrian Army", "syrian_rebels"), ("Syrian opposition forces", "syrian_rebels")],
    ),
    (
        "Ankara says the YPG is the PKK; Kurdish forces deny it.",
        [("Ankara", "turkey"), ("YPG", "kurdish_ypg"), ("PKK", "kurdish_ypg"),
         ("Kurdish forces", "kurdish_ypg")],
    ),
    (
        "Israeli aircraft struck after the IDF warned Israel would act.",
        [("Israeli aircraft", "israel"), ("IDF", "israel"), ("Israel", "israel")],
    ),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), FAMILIES, ids=lambda x: str(x)[:30])
def test_every_alias_family_is_found_with_its_group(
    text: str, expected: list[tuple[str, str]]
) -> None:
    assert found(text) == expected


def test_us_led_coalition_and_united_states_are_separate_actors_of_one_group() -> None:
    ms = TABLE.find("The US-led coalition and the United States disagreed.")
    assert [m.actor for m in ms] == ["US-led coalition", "United States"]
    assert {m.group for m in ms} == {"us_coalition"}


@pytest.mark.parametrize(
    "variant", ["US-led coalition", "US led coalition", "U.S.-led coalition", "U.S. led coalition",
                "US - led coalition", "us-led Coalition"]
)  # fmt: skip
def test_hyphen_space_and_dot_variants_match_one_alias(variant: str) -> None:
    ms = TABLE.find(f"Aircraft of the {variant} struck.")
    assert [(m.text, m.actor) for m in ms] == [(variant, "US-led coalition")]


def test_offsets_index_the_text() -> None:
    text = "On Monday, Russian warplanes bombed US-backed fighters."
    for m in TABLE.find(text):
        assert text[m.start : m.end] == m.text


# ------------------------------------------------------------------------------- case rules
def test_is_matches_only_the_upper_case_acronym() -> None:
    text = "It is clear that IS is losing; this is what IS fighters fear. Is it?"
    assert [(m.text, m.actor) for m in TABLE.find(text)] == [
        ("IS", "Islamic State"),
        ("IS fighters", "Islamic State"),
    ]


@pytest.mark.parametrize(
    ("upper", "lower"),
    [("SAC", "a sac of flour"), ("SAA", "the saa"), ("TAF", "taf"), ("US", "let us go")],
)
def test_case_sensitive_acronyms_do_not_match_lower_case(upper: str, lower: str) -> None:
    assert found(f"The {upper} advanced.") != []
    assert found(lower) == []


def test_acronyms_in_an_all_capitals_headline_are_not_actors() -> None:
    text = "RUSSIA IS BOMBING US ALLIES\nRussian jets struck IS positions."
    assert [m.text for m in TABLE.find(text)] == [
        "RUSSIA",
        "Russian jets",
        "IS positions",
    ]


# ------------------------------------------------------------------- possessives and plurals
def test_possessive_and_plural_forms_match() -> None:
    text = "Russia's jets, the Russians' base, Turkey’s army and the Turks' advance."
    assert [(m.text, m.group) for m in TABLE.find(text)] == [
        ("Russia", "russia"),
        ("Russians", "russia"),
        ("Turkey", "turkey"),
        ("Turks", "turkey"),
    ]


def test_demonym_next_to_a_force_noun_gives_the_longer_mention() -> None:
    assert found("Russian warplanes and Russian jets") == [
        ("Russian warplanes", "russia"),
        ("Russian jets", "russia"),
    ]
    assert found("the US-backed Syrian Democratic Forces") == [
        ("US-backed Syrian Democratic Forces", "sdf")
    ]
    assert found("US backed anti-ISIS fighters") == [("US backed anti-ISIS fighters", "us_backed")]


def test_demonym_before_an_attack_noun_is_the_actor() -> None:
    assert found("Russian strikes and coalition airstrikes") == [
        ("Russian", "russia"),
        ("coalition", "us_coalition"),
    ]
    assert found("Russian and Syrian government aircraft") == [
        ("Russian", "russia"),
        ("Syrian government aircraft", "syrian_government"),
    ]


def test_bare_demonyms_are_not_actors() -> None:
    text = "Russian officials met Syrian President Bashar Assad and Turkish diplomats."
    assert found(text) == []


def test_syrian_fighters_is_not_the_government() -> None:
    assert found("Syrian fighters crossed.") == []
    assert found("Syrian troops crossed.") == [("Syrian troops", "syrian_government")]


def test_anti_isis_is_not_isis() -> None:
    assert found("anti-ISIS operations continued") == []


# ----------------------------------------------------------------- organisations, not actors
@pytest.mark.parametrize(
    "text",
    [
        "the Syrian Observatory for Human Rights said",
        "the Britain-based Syrian Observatory said",
        "SOHR reported",
        "the Russian Defense Ministry said",
        "the Russian Ministry of Defence said",
        "the Foreign Ministry said",
        "two officials told CNN",
        "reports the BBC",
        "according to TASS",
        "told Anadolu Agency",
        "the Syrian National Coalition said",
        "the Kremlin said",
    ],
)
def test_claimants_are_not_actors(text: str) -> None:
    assert found(text) == []


def test_claimant_does_not_hide_the_actor_next_to_it() -> None:
    text = "Russia’s Defence Ministry said Russian jets struck ISIS, CNN reported."
    assert found(text) == [("Russia", "russia"), ("Russian jets", "russia"), ("ISIS", "isis")]


def test_country_after_a_locative_word_is_a_place() -> None:
    assert found("Airstrikes in Syria and Iraq killed 20, near Turkey.") == []
    assert found("Syria and Russia said so.") == [
        ("Syria", "syrian_government"),
        ("Russia", "russia"),
    ]


def test_coalition_in_other_names_is_not_the_us_led_coalition() -> None:
    assert found("a coalition of rebel groups") == [("rebel groups", "syrian_rebels")]
    assert found("the Saudi-led coalition struck Sanaa") == [
        ("Saudi-led coalition", "saudi_coalition")
    ]


# -------------------------------------------------------------------------------- spans
def test_find_searches_only_inside_spans() -> None:
    text = "Advertisement: Russia. Body: Turkish jets struck. Footer: ISIS."
    body = (text.index("Body"), text.index("Footer"))
    ms = TABLE.find(text, [body])
    assert [(m.text, text[m.start : m.end]) for m in ms] == [("Turkish jets", "Turkish jets")]


# ---------------------------------------------------------------------- canonical and group
@pytest.mark.parametrize(
    ("name", "actor"),
    [
        ("Russian aircraft", "Russia"),
        ("Russian Aerospace Forces", "Russia"),
        ("the Russians", "Russia"),
        ("Russian", "Russia"),
        ("U.S.-led coalition aircraft", "US-led coalition"),
        ("Syrian Arab Army", "Syrian government"),
        ("SAA", "Syrian government"),
        ("US-backed forces", "US-backed forces"),
        ("Daesh", "Islamic State"),
        ("IS", "Islamic State"),
        ("is", None),
        ("Syrian Observatory for Human Rights", None),
        ("Russian and Turkish aircraft", None),
        ("Foo Brigade", None),
        ("", None),
    ],
)
def test_canonical_names_free_text_actors(name: str, actor: str | None) -> None:
    assert TABLE.canonical(name) == actor


def test_group_of_canonical_names_and_free_text() -> None:
    assert TABLE.group("Russia") == "russia"
    assert TABLE.group("russian warplanes") == "russia"
    assert TABLE.group("United States") == "us_coalition"
    assert TABLE.group("US-backed forces") == "us_backed"
    assert TABLE.group("Foo Brigade") == ""


def test_default_table_is_read_once_and_lists_its_groups() -> None:
    assert ActorTable.default() is ActorTable.default()
    assert {
        "russia", "us_coalition", "us_backed", "sdf", "kurdish_ypg", "syrian_government",
        "syrian_rebels", "hts", "isis", "turkey", "iran_backed", "hezbollah", "iraq", "israel",
    } <= set(TABLE.groups)  # fmt: skip


# -------------------------------------------------------------------------------- extension
USER_TABLE = """\
actors:
  - actor: Jaysh al-Thuwar
    group: sdf
    aliases: [Army of Revolutionaries]
    note: an SDF member group
  - actor: Russia
    group: russia
    aliases: [Kremlin]
  - actor: Wagner Group
    group: wagner
    aliases: [Russian mercenaries]
  - actor: Liwa al-Quds
    group: syrian_government
    aliases:
      - Liwa al-Quds
      - {alias: LAQ, case_sensitive: true}
    demonyms: [Palestinian]
force_nouns: [brigades]
ignore: [regime]
"""


def test_extension_from_a_user_yaml_file(tmp_path: Path) -> None:
    path = tmp_path / "my-actors.yaml"
    path.write_text(USER_TABLE, encoding="utf-8")
    table = TABLE.extend(path)
    assert table is not TABLE
    text = (
        "The Kremlin said Jaysh al-Thuwar, the Army of Revolutionaries, fought LAQ and laq "
        "Palestinian brigades; the regime and regime forces did not, said Russian mercenaries."
    )
    assert [(m.text, m.actor, m.group) for m in table.find(text)] == [
        ("Kremlin", "Russia", "russia"),  # a claimant made an alias
        ("Jaysh al-Thuwar", "Jaysh al-Thuwar", "sdf"),  # a new actor
        ("Army of Revolutionaries", "Jaysh al-Thuwar", "sdf"),
        ("LAQ", "Liwa al-Quds", "syrian_government"),  # case-sensitive alias
        ("Palestinian brigades", "Liwa al-Quds", "syrian_government"),  # demonym + new noun
        ("regime forces", "Syrian government", "syrian_government"),  # "regime" alone ignored
        ("Russian mercenaries", "Wagner Group", "wagner"),  # group overridden
    ]
    assert table.group("Wagner Group") == "wagner"
    # The packaged table is unchanged.
    assert found("The Kremlin said the regime left.") == [("regime", "syrian_government")]


def test_extension_moves_an_alias_to_the_user_actor() -> None:
    table = TABLE.extend(
        {"actors": [{"actor": "Southern Front", "group": "us_backed", "aliases": ["FSA"]}]}
    )
    assert table.canonical("FSA") == "Southern Front"
    assert TABLE.canonical("FSA") == "Syrian rebels"
    assert table.canonical("Free Syrian Army") == "Syrian rebels"


def test_extension_with_another_table_and_events_use_it() -> None:
    other = ActorTable.from_yaml(
        "actors:\n  - {actor: Tiger Forces, group: syrian_government, aliases: [Tiger Forces]}\n"
    )
    table = TABLE.extend(other)
    text = "Tiger Forces shelled HTS positions near Morek."
    (event,) = find_events(text, table.find(text))
    assert (event.attacker and event.attacker.actor, event.target and event.target.group) == (
        "Tiger Forces",
        "hts",
    )


# ------------------------------------------------------------------------------ bad tables
BAD_TABLES = [
    ("actors: 5", "actors", "must be a list"),
    ("actors:\n  - actor: Foo\n    aliases: [foo]\n", "actors[0].group", "missing"),
    (
        "actors:\n  - actor: Foo\n    group: Bad Group\n    aliases: [foo]\n",
        "actors[0].group",
        "lower_snake_case",
    ),
    (
        "actors:\n  - {actor: A, group: a, aliases: [a]}\n  - actor: Foo\n    group: foo\n"
        "    aliases: [foo, 3]\n",
        "actors[1].aliases[1]",
        "must be a string",
    ),
    (
        "actors:\n  - {actor: Foo, group: foo, aliases: [foo], colour: red}\n",
        "actors[0].colour",
        "unknown key",
    ),
    (
        "actors:\n  - {actor: Foo, group: foo, aliases: [Bar]}\n"
        "  - {actor: Baz, group: baz, aliases: [bar]}\n",
        "actors[1].aliases[0]",
        "also an alias of 'Foo'",
    ),
    (
        "actors:\n  - {actor: Foo, group: foo, aliases: [{alias: FOO, case_sensitive: maybe}]}\n",
        "actors[0].aliases[0].case_sensitive",
        "true or false",
    ),
    ("actors:\n  - {group: foo, aliases: [x]}\n", "actors[0].actor", "non-empty string"),
    ("actorz: []\n", "actorz", "unknown key"),
    ("version: 2\nactors: []\n", "version", "unsupported version"),
    ("- a\n- b\n", None, "must be a mapping"),
    ("actors: [\n", None, "not valid YAML"),
]


@pytest.mark.parametrize(("text", "field", "words"), BAD_TABLES, ids=lambda x: str(x)[:25])
def test_bad_table_names_file_entry_and_field(
    tmp_path: Path, text: str, field: str | None, words: str
) -> None:
    path = tmp_path / "bad-actors.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        ActorTable.from_file(path)
    message = str(info.value)
    assert message.startswith(str(path))
    assert words in message
    assert info.value.field == field
    if field is not None:
        assert field in message
    with pytest.raises(ValidationError):
        TABLE.extend(path)


def test_bad_entry_error_names_the_actor() -> None:
    with pytest.raises(ValidationError, match=r"actors\[0\]\.group \(actor 'Foo'\)"):
        ActorTable.from_yaml("actors:\n  - {actor: Foo, group: 7}\n", source="x.yaml")


def test_bad_table_error_gives_the_line(tmp_path: Path) -> None:
    path = tmp_path / "lines.yaml"
    path.write_text(
        "actors:\n  - {actor: A, group: a, aliases: [a]}\n  - actor: Foo\n    group: foo\n"
        "    aliases: [foo, 3]\n",
        encoding="utf-8",
    )
    with pytest.raises(ValidationError, match=r"lines\.yaml, line 5: actors\[1\]\.aliases\[1\]"):
        ActorTable.from_file(path)


def test_missing_table_file_is_a_validation_error(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="cannot read the actor table"):
        TABLE.extend(tmp_path / "nowhere.yaml")


# ------------------------------------------------------------------------------------ scale
def test_find_and_find_events_read_a_megabyte() -> None:
    # their speed is measured in benchmarks/bench_extract.py
    dispatch = " ".join(text for text, _ in FAMILIES) + (
        " Russian warplanes bombed US-backed fighters near al-Tanf, the Pentagon said.\n"
        " The coalition said it would not strike Syrian troops. Nothing happened here at all.\n"
    )
    text = dispatch * (1_000_000 // len(dispatch))
    events = find_events(text, TABLE.find(text))
    assert events
