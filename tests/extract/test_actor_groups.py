"""Actor groups: labels and colours of the table, dataset-only names, and groups_of."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from incidentmap.errors import ValidationError
from incidentmap.extract._actors import ActorTable

TABLE = ActorTable.default()
UCDP_SYRIA = (
    Path(__file__).resolve().parents[3]
    / "shared/data/events/ucdp_ged_syria_2016_2019/ged_syria_2016-01-01_2019-11-30.csv"
)
# Paul Tol's "muted" scheme and near-black.
PALETTE = {
    "#CC6677", "#332288", "#DDCC77", "#117733", "#88CCEE",
    "#882255", "#44AA99", "#999933", "#AA4499", "#222222",
}  # fmt: skip


# ------------------------------------------------------------------------ the packaged groups
def test_every_group_of_the_packaged_table_has_a_label_and_a_palette_colour() -> None:
    used = {e.group for e in TABLE.entries}
    assert used <= TABLE.group_info.keys()
    for key, group in TABLE.group_info.items():
        assert group.label.strip(), key
        assert group.colour in PALETTE, key


def test_the_ten_main_syrian_groups_have_ten_different_colours() -> None:
    main = [
        "syrian_government", "isis", "russia", "us_coalition", "turkey",
        "syrian_rebels", "sdf", "hts", "iran_backed", "hezbollah",
    ]  # fmt: skip
    assert len({TABLE.group_colour(k) for k in main}) == 10


@pytest.mark.parametrize(
    ("key", "label", "colour"),
    [
        ("syrian_government", "Syrian government", "#117733"),
        ("isis", "Islamic State", "#222222"),
        ("syrian_rebels", "Syrian rebels and opposition", "#DDCC77"),
        ("hts", "Hayat Tahrir al-Sham / al-Qaeda", "#999933"),
        ("iran_backed", "Iran and backed militias", "#882255"),
        ("other:Foo Brigade", "Foo Brigade", None),
        ("no_such_group", "no_such_group", None),
    ],
)
def test_group_label_and_colour(key: str, label: str, colour: str | None) -> None:
    assert (TABLE.group_label(key), TABLE.group_colour(key)) == (label, colour)


# ------------------------------------------------------------------------ invented strings
INVENTED = [
    ("Foo Brigade, Ahrar al-Sham, Bar Front", ("other:Foo Brigade", "syrian_rebels", "other:Bar Front")),
    ("Ahrar al-Sham, Sham Legion, HTS, Rahman Corps", ("syrian_rebels", "hts")),
    ("Sham Legion, Sham Legion, Foo Brigade, Foo Brigade", ("syrian_rebels", "other:Foo Brigade")),
    ("Military Forces of Syria (2000-); Foo Militia (Syria)", ("syrian_government", "other:Foo Militia (Syria)")),
    ("Military Forces of Turkey (2016-); Syrian National Army; Hamza Division", ("turkey", "syrian_rebels")),
    ("  Foo \t  Brigade  ", ("other:Foo Brigade",)),
    ("Quux clan", ("clans",)),
    ("Al Quux Tribal Militia (Syria)", ("clans",)),
    ("Police Forces of Syria (2000-) Prison Guards", ("syrian_government",)),
    ("Military Forces of Freedonia (2001-)", ("other:Military Forces of Freedonia (2001-)",)),
    ("SDF: Syrian Democratic Forces; YPG: Peoples Protection Units", ("sdf", "kurdish_ypg")),
    ("Foo (Bar, Baz)", ("other:Foo (Bar, Baz)",)),
    ("", ()),
    ("   ", ()),
]  # fmt: skip


@pytest.mark.parametrize(("name", "groups"), INVENTED, ids=lambda x: str(x)[:30])
def test_groups_of_splits_coalitions_in_order_without_repeats(
    name: str, groups: tuple[str, ...]
) -> None:
    assert TABLE.groups_of(name) == groups


def test_groups_of_answers_each_string_once() -> None:
    table = ActorTable.default().extend({"actors": []})
    first = table.groups_of("Ahrar al-Sham, Foo Brigade")
    assert table.groups_of("Ahrar al-Sham,  Foo Brigade") is first


def test_rebel_tahrir_al_sham_army_is_not_hayat_tahrir_al_sham() -> None:
    assert TABLE.groups_of("Tahrir al- Sham Army") == ("syrian_rebels",)
    text = "Fighters of Jaysh Tahrir al-Sham clashed with HTS."
    assert [(m.text, m.group) for m in TABLE.find(text)] == [
        ("Jaysh Tahrir al-Sham", "syrian_rebels"),
        ("HTS", "hts"),
    ]


# ------------------------------------------------------------------- real dataset names (facts)
UCDP_NAMES = [
    ("Government of Syria", ("syrian_government",)),
    ("IS", ("isis",)),
    ("SDF", ("sdf",)),
    ("Syrian insurgents", ("syrian_rebels",)),
    ("HTS", ("hts",)),
    ("Jabhat Fateh al-Sham", ("hts",)),
    ("Hawar Kilis Operations Room", ("syrian_rebels",)),
    ("SNA", ("syrian_rebels",)),
    ("National Front for Liberation, SNA", ("syrian_rebels",)),
    ("23rd Division, Ahrar al-Sham, Jaysh al Nasr, Jaysh al-Nukhba, Nour al-Din al-Zenki, Sham Legion, SNA",
     ("syrian_rebels",)),
    ("Ahrar al-Sham, HTS, Southern Front", ("syrian_rebels", "hts")),
    ("Ahrar al-Sham, Ajnad al-Kavkaz, Ajnad al-Sham, ETIM, Jabhat Fateh al-Sham, Jaysh al-Sunna, "
     "Liwa al-Aqsa, Liwa al-Haq Idlib, Sham Legion, Suqour al-Sham Brigades",
     ("syrian_rebels", "jihadists", "hts")),
    ("Aknaf Bait al-Maqdis, FSA, Jaysh al-Islam, PFLP-GC, PLO", ("palestinian", "syrian_rebels")),
    ("Jaysh al-Islam, Jaysh Asoud al-Sharqiya, Martyr Lieutenant Ahmed Abdou Brigades, Rahman Corps",
     ("syrian_rebels",)),
    ("Rahman Corps - “Abu al-Joud al-Arbini” faction", ("syrian_rebels",)),
    ("Government of Turkey", ("turkey",)),
    ("Government of Iraq", ("iraq",)),
    ("Government of Iran", ("iran_backed",)),
    ("Government of Israel", ("israel",)),
    ("Government of Jordan", ("jordan",)),
    ("Government of United States of America", ("us_coalition",)),
    ("PKK", ("kurdish_ypg",)),
    ("Hezbollah", ("hezbollah",)),
    ("NDF (Syria)", ("syrian_government",)),
    ("NSA", ("us_backed",)),
    ("Tanzim Hurras ad-Din", ("hts",)),
    ("Shohadaa al-Yarmouk", ("isis",)),
    ("Jaysh al-Asha’er", ("syrian_rebels",)),
    ("al-Nasser clan", ("clans",)),
    ("Civilians", ("civilians",)),
]  # fmt: skip

ACLED_NAMES = [
    ("Military Forces of Syria (2000-)", ("syrian_government",)),
    ("Police Forces of Syria (2000-)", ("syrian_government",)),
    ("NDF: National Defence Forces", ("syrian_government",)),
    ("Islamic State (Syria)", ("isis",)),
    ("Hayat Tahrir al-Sham", ("hts",)),
    ("Hayat Tahrir al Sham", ("hts",)),
    ("SDF: Syrian Democratic Forces", ("sdf",)),
    ("Military Forces of Turkey (2016-)", ("turkey",)),
    ("Military Forces of Russia (2000-)", ("russia",)),
    ("Military Forces of Israel (1948-)", ("israel",)),
    ("Military Forces of the United States (2017-2021)", ("us_coalition",)),
    ("Military Forces of Iran (1989-)", ("iran_backed",)),
    ("Military Forces of Iraq (2018-2020)", ("iraq",)),
    ("PMF: Popular Mobilization Forces", ("iraq",)),
    ("Syrian National Army", ("syrian_rebels",)),
    ("Opposition Rebels (Syria)", ("syrian_rebels",)),
    ("Liwa Fatemiyoun", ("iran_backed",)),
    ("Harakat Hezbollah al-Nujaba", ("iran_backed",)),
    ("Turkistan Islamic Party", ("jihadists",)),
    ("Peshmerga: Kurdistan Regional Government Forces", ("kurdish_ypg",)),
    ("Unidentified Armed Group (Syria)", ("unidentified",)),
    ("Civilians (Syria)", ("civilians",)),
    ("Civilians (Syria); Farmers (Syria)", ("civilians",)),
    ("Protesters (Syria)", ("protesters",)),
    ("Rioters (Syria)", ("rioters",)),
    ("Military Forces of Russia (2000-); Military Forces of Syria (2000-)", ("russia", "syrian_government")),
]  # fmt: skip


@pytest.mark.parametrize(("name", "groups"), UCDP_NAMES + ACLED_NAMES, ids=lambda x: str(x)[:30])
def test_dataset_actor_names_map_to_their_groups(name: str, groups: tuple[str, ...]) -> None:
    assert TABLE.groups_of(name) == groups


# Names of the UCDP file left without a group, and why.
UCDP_LEFT_OUT = {
    "Qawim movement": "an underground group in Raqqa fighting the SDF; its backers are disputed",
    "Tel Khamis Brigades": "one 2016 clash with the PKK; allegiance not established",
}


def test_every_ucdp_syria_side_maps_to_a_known_group() -> None:
    if not UCDP_SYRIA.is_file():
        pytest.skip(f"the shared UCDP GED Syria file is not there: {UCDP_SYRIA}")
    names: set[str] = set()
    with UCDP_SYRIA.open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            names.update((row["side_a"], row["side_b"]))
    unknown = sorted(
        g.removeprefix("other:")
        for name in names
        for g in TABLE.groups_of(name)
        if g.startswith("other:")
    )
    assert unknown == sorted(UCDP_LEFT_OUT)
    assert all(TABLE.group_info.get(g) for n in names for g in TABLE.groups_of(n)
               if not g.startswith("other:"))  # fmt: skip


# ------------------------------------------------------------------------- dataset-only names
@pytest.mark.parametrize(
    "text",
    [
        "Civilians fled the shelling while protesters and rioters gathered in the square.",
        "The NSA and the PLO commented; the 13th Division and the First Regiment held the line.",
        "Women and children were among the farmers and journalists killed.",
        "Members of the Wahab clan met an unidentified armed group.",
    ],
)
def test_dataset_names_are_not_actors_in_text(text: str) -> None:
    assert TABLE.find(text) == []


def test_dataset_entry_is_known_by_group_but_never_found() -> None:
    assert TABLE.group("Civilians") == "civilians"
    assert TABLE.canonical("Civilians") is None
    assert TABLE.find("Clan and tribal militias fought.") == []


def test_new_country_aliases_leave_the_jordan_river_and_valley_alone() -> None:
    text = "Troops raided the Jordan Valley; Jordan condemned it and Jordanian jets flew."
    assert [(m.text, m.group) for m in TABLE.find(text)] == [
        ("Jordan", "jordan"),
        ("Jordanian jets", "jordan"),
    ]


def test_dataset_alias_of_a_user_table_serves_groups_of_only() -> None:
    table = ActorTable.from_yaml(
        "groups:\n  foo: {label: Foo people, colour: '#882255'}\n"
        "actors:\n  - actor: Foo\n    group: foo\n"
        "    aliases: [Foo Army, {alias: Bar, dataset: true}, {alias: Lodge, suffix: true}]\n"
    )
    assert [m.text for m in table.find("Foo Army and Bar met the Elk Lodge.")] == ["Foo Army"]
    assert table.groups_of("Bar; Elk Lodge (Syria); Baz") == ("foo", "other:Baz")
    assert (table.group_label("foo"), table.group_colour("foo")) == ("Foo people", "#882255")


# -------------------------------------------------------------------------------- extension
def test_extension_may_use_packaged_groups_and_relabel_one(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(
        "groups:\n"
        "  sdf: {label: Syrian Democratic Forces}\n"
        "  tribes: {label: Tribes of the east, colour: '#aa4499'}\n"
        "actors:\n"
        "  - {actor: Jaysh al-Thuwar, group: sdf, aliases: [Army of Revolutionaries]}\n"
        "  - {actor: Shaitat, group: tribes, aliases: [Shaitat tribe]}\n",
        encoding="utf-8",
    )
    table = TABLE.extend(path)
    assert table.groups_of("Army of Revolutionaries, Shaitat tribe") == ("sdf", "tribes")
    assert (table.group_label("sdf"), table.group_colour("sdf")) == (
        "Syrian Democratic Forces",
        "#88CCEE",
    )
    assert table.group_colour("tribes") == "#AA4499"
    assert TABLE.group_label("sdf") == "SDF"


def test_extension_keeps_a_dataset_actor_out_of_text() -> None:
    table = TABLE.extend({"actors": [{"actor": "Civilians", "group": "civilians",
                                      "aliases": [{"alias": "Villagers", "dataset": True}]}]})  # fmt: skip
    assert table.find("Civilians and villagers fled.") == []
    assert table.groups_of("Villagers (Syria)") == ("civilians",)


def test_table_without_groups_section_takes_any_group_key() -> None:
    table = ActorTable.from_yaml("actors:\n  - {actor: Foo, group: foo_family, aliases: [Foo]}\n")
    assert table.groups_of("Foo") == ("foo_family",)
    assert (table.group_label("foo_family"), table.group_colour("foo_family")) == (
        "foo_family",
        None,
    )


# ------------------------------------------------------------------------------- bad groups
BAD_GROUPS = [
    ("groups:\n  foo:\n    label: Foo\n    colour: red\n", "groups.foo.colour", 4, "'#RRGGBB'"),
    ("groups:\n  foo:\n    label: Foo\n    colour: #CC6677\n", "groups.foo.colour", 4, "in quotes"),
    ("groups:\n  foo:\n    label: Foo\n    colour: '#CC66'\n", "groups.foo.colour", 4, "'#CC66'"),
    ("groups:\n  foo:\n    colour: '#CC6677'\n", "groups.foo.label", 2, "missing"),
    ("groups:\n  foo:\n    label: Foo\n    shade: dark\n", "groups.foo.shade", 4, "unknown key"),
    ("groups:\n  Foo Bar:\n    label: Foo\n", "groups.Foo Bar", 2, "lower_snake_case"),
    ("groups:\n  foo: Foo\n", "groups.foo", 2, "must be a mapping"),
    ("groups: [foo]\n", "groups", 1, "must be a mapping"),
    (
        "groups:\n  foo: {label: Foo}\nactors:\n  - actor: Bar\n    group: fo\n",
        "actors[0].group",
        5,
        "unknown group 'fo'",
    ),
    (
        "actors:\n  - actor: Bar\n    group: bar\n    aliases:\n"
        "      - {alias: x clan, suffix: true, dataset: false}\n",
        "actors[0].aliases[0].dataset",
        5,
        "for datasets only",
    ),
    (
        "actors:\n  - actor: Bar\n    group: bar\n    dataset: maybe\n",
        "actors[0].dataset",
        4,
        "true or false",
    ),
]


@pytest.mark.parametrize(("text", "field", "line", "words"), BAD_GROUPS, ids=lambda x: str(x)[:25])
def test_bad_group_section_names_file_line_and_field(
    tmp_path: Path, text: str, field: str, line: int, words: str
) -> None:
    path = tmp_path / "bad-groups.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        ActorTable.from_file(path)
    message = str(info.value)
    assert message.startswith(f"{path}, line {line}: {field}")
    assert words in message
    assert info.value.field == field


def test_extension_group_must_be_known_to_the_extended_table() -> None:
    with pytest.raises(ValidationError, match=r"unknown group 'nope'.*listed: .*syrian_government"):
        TABLE.extend({"groups": {"foo": {"label": "Foo"}},
                      "actors": [{"actor": "Foo", "group": "nope"}]})  # fmt: skip
