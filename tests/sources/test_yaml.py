"""YAML and JSON text to plain data with the line of every value."""

from __future__ import annotations

import pytest

from incidentmap.errors import InputError
from incidentmap.sources._yaml import decode, field_name, load_document

TEXT = """\
title: example
incidents:
  - id: a
    date: 2016-09-17
    casualties:
      - outcome: killed

        count: 62
"""


def test_every_value_has_the_line_of_its_key() -> None:
    doc = load_document(TEXT, "x.yaml")
    assert doc.lines[("title",)] == 1
    assert doc.lines[("incidents",)] == 2
    assert doc.lines[("incidents", 0)] == 3
    assert doc.lines[("incidents", 0, "casualties", 0, "count")] == 8


def test_absent_value_takes_the_line_of_the_nearest_enclosing_one() -> None:
    doc = load_document(TEXT, "x.yaml")
    assert doc.line_of(("incidents", 0, "casualties", 0, "count_max")) == 6
    assert doc.line_of(("incidents", 3, "id")) == 2
    assert doc.line_of(("nothing",)) == 1


def test_dates_stay_as_written_and_are_checked_later() -> None:
    doc = load_document("a: 2016-09-17\nb: 2016-13-40\nc: '2016-09-17'\n", "x.yaml")
    assert doc.data == {"a": "2016-09-17", "b": "2016-13-40", "c": "2016-09-17"}


def test_scalars_keep_their_yaml_types() -> None:
    doc = load_document("a: 62\nb: 5.5\nc: true\nd: null\ne: 1e3\nf: '1e3'\ng: text\n", "x.yaml")
    assert doc.data == {
        "a": 62,
        "b": 5.5,
        "c": True,
        "d": None,
        "e": 1000.0,
        "f": "1e3",
        "g": "text",
    }


def test_json_indented_with_tabs_keeps_its_lines() -> None:
    doc = load_document('{\n\t"incidents": [\n\t\t{"id": "a\\tb"}\n\t]\n}\n', "x.json")
    assert doc.data == {"incidents": [{"id": "a\tb"}]}
    assert doc.lines[("incidents", 0, "id")] == 3


def test_non_name_keys_are_refused() -> None:
    with pytest.raises(InputError, match=r"line 2.*found True.*quote it"):
        load_document("a: 1\nyes: 2\n", "x.yaml")


@pytest.mark.parametrize(
    ("loc", "name"),
    [
        (("incidents", 2, "casualties", 0, "count"), "incidents[2].casualties[0].count"),
        (("sources",), "sources"),
        ((), "(top level)"),
    ],
)
def test_field_name_is_dotted_with_indexes(loc: tuple[str | int, ...], name: str) -> None:
    assert field_name(loc) == name


def test_decode_drops_a_byte_order_mark() -> None:
    assert decode("\ufeffé".encode(), "x.yaml") == "é"


def test_decode_names_the_line_of_a_bad_byte() -> None:
    with pytest.raises(InputError) as caught:
        decode(b"a: 1\nb: 2\nc: \xff\n", "x.yaml")
    assert caught.value.line == 3
    assert "not UTF-8" in str(caught.value)
