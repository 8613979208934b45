"""Every problem in an incident file is an InputError naming file, line and field, echoing the value."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from incidentmap.errors import ConfigurationError, InputError
from incidentmap.gazetteer import Gazetteer
from incidentmap.sources import read_incident_file

WriteFile = Callable[..., Path]

HEAD = """\
incidents:
  - id: strike-1
    lat: 35.28
    lon: 40.17
"""

# (name, file content, line, field, words the message must hold)
CASES = [
    (
        "bad_calendar_date",
        HEAD + "    date: 2016-13-40\n",
        5,
        "incidents[0].date",
        ["YYYY-MM-DD", "'2016-13-40'"],
    ),
    (
        "date_in_words",
        HEAD + "    date: yesterday\n",
        5,
        "incidents[0].date",
        ["YYYY-MM-DD", "'yesterday'"],
    ),
    (
        "date_with_time",
        HEAD + "    date: 2016-09-17T10:00:00\n",
        5,
        "incidents[0].date",
        ["YYYY-MM-DD", "'2016-09-17T10:00:00'"],
    ),
    (
        "distance_phrase_not_understood",
        HEAD + "    proximity:\n      - force: US advisers\n        distance: five-ish km\n",
        7,
        "incidents[0].proximity[0].distance",
        ["not a distance", "'five-ish km'", "less than 5 miles"],
    ),
    (
        "negative_count",
        HEAD + "    casualties:\n      - outcome: killed\n        count: -3\n",
        7,
        "incidents[0].casualties[0].count",
        [">= 0", "-3"],
    ),
    (
        "count_with_decimals",
        HEAD + "    casualties:\n      - {outcome: killed, count: 6.5}\n",
        6,
        "incidents[0].casualties[0].count",
        ["whole number", "6.5"],
    ),
    (
        "count_max_below_count",
        HEAD + "    casualties:\n      - {outcome: killed, count: 80, count_max: 60}\n",
        6,
        "incidents[0].casualties[0].count_max",
        ["count_max must be >= count", "60"],
    ),
    (
        "unknown_outcome",
        HEAD + "    casualties:\n      - {outcome: kiled, count: 3}\n",
        6,
        "incidents[0].casualties[0].outcome",
        ["'killed'", "'wounded'", "found 'kiled'", "did you mean 'killed'"],
    ),
    (
        "unknown_precision",
        HEAD + "    precision: nearby\n",
        5,
        "incidents[0].precision",
        ["'exact', 'near', 'region'", "found 'nearby'"],
    ),
    (
        "misspelt_key",
        HEAD + "    atacker: Russian aircraft\n",
        5,
        "incidents[0].atacker",
        ["unknown key 'atacker'", "did you mean 'attacker'", "accepted keys"],
    ),
    (
        "unknown_top_level_key",
        "incident:\n  - id: a\n",
        1,
        "incident",
        ["unknown key 'incident'", "did you mean 'incidents'"],
    ),
    (
        "unknown_key_in_casualty",
        HEAD + "    casualties:\n      - outcome: killed\n        cuont: 3\n",
        7,
        "incidents[0].casualties[0].cuont",
        ["unknown key 'cuont'", "did you mean 'count'"],
    ),
    (
        "missing_place_and_coordinates",
        "incidents:\n  - id: strike-1\n    date: 2016-09-17\n",
        2,
        "incidents[0].place",
        ["'place'", "'lat' and 'lon'"],
    ),
    (
        "lat_without_lon",
        "incidents:\n  - id: strike-1\n    lat: 35.2\n",
        3,
        "incidents[0].lat",
        ["'lat' is given without 'lon'"],
    ),
    (
        "latitude_out_of_range",
        "incidents:\n  - id: strike-1\n    lat: 135.2\n    lon: 40.1\n",
        3,
        "incidents[0].lat",
        ["<= 90", "135.2"],
    ),
    (
        "longitude_out_of_range",
        "incidents:\n  - id: strike-1\n    lat: 35.2\n    lon: -240\n",
        4,
        "incidents[0].lon",
        [">= -180", "-240"],
    ),
    (
        "null_island",
        "incidents:\n  - id: strike-1\n    lat: 0\n    lon: 0.0\n",
        3,
        "incidents[0].lat",
        ["(0, 0)", "missing coordinate"],
    ),
    (
        "duplicate_incident_id",
        HEAD + "  - id: strike-1\n    lat: 36.1\n    lon: 37.1\n",
        5,
        "incidents[1].id",
        ["'strike-1'", "used twice", "line 2"],
    ),
    (
        "unknown_source_id",
        "sources:\n  - {id: sohr-2016-09-17, outlet: SOHR}\n"
        + HEAD
        + "    sources: [sohr-2016-09-71]\n",
        7,
        "incidents[0].sources[0]",
        ["unknown source id 'sohr-2016-09-71'", "did you mean 'sohr-2016-09-17'"],
    ),
    (
        "unknown_source_id_in_claim",
        HEAD + "    casualties:\n      - {outcome: killed, count: 3, source: nowhere}\n",
        6,
        "incidents[0].casualties[0].source",
        ["unknown source id 'nowhere'", "none"],
    ),
    (
        "javascript_url",
        HEAD + "    sources:\n      - outlet: Example\n        url: javascript:alert(1)\n",
        7,
        "incidents[0].sources[0].url",
        ["http:// or https://", "'javascript:alert(1)'"],
    ),
    (
        "javascript_url_in_top_level_source",
        "sources:\n  - id: s\n    url: 'JavaScript:alert(1)'\nincidents: []\n",
        3,
        "sources[0].url",
        ["http:// or https://", "'JavaScript:alert(1)'"],
    ),
    (
        "duplicate_source_id",
        "sources:\n  - {id: s, outlet: A}\n  - {id: s, outlet: B}\nincidents: []\n",
        3,
        "sources[1].id",
        ["source id 's'", "sources[0] on line 2"],
    ),
    (
        "empty_inline_source",
        HEAD + "    sources:\n      - {date: 2016-09-17}\n",
        6,
        "incidents[0].sources[0]",
        ["'outlet', 'url', 'title' or 'path'"],
    ),
    (
        "distance_and_value_both_given",
        HEAD + "    proximity:\n      - {force: US, distance: 5 km, value: 5, unit: km}\n",
        6,
        "incidents[0].proximity[0].value",
        ["both 'distance' and 'value'"],
    ),
    (
        "value_without_unit",
        HEAD + "    proximity:\n      - force: US\n        value: 5\n",
        6,
        "incidents[0].proximity[0].unit",
        ["missing 'unit'", "km, mi, m, ft, yd, nmi"],
    ),
    (
        "unknown_unit",
        HEAD + "    proximity:\n      - {force: US, value: 5, unit: kilometres}\n",
        6,
        "incidents[0].proximity[0].unit",
        ["'km'", "found 'kilometres'"],
    ),
    (
        "missing_required_key",
        HEAD + "    casualties:\n      - count: 3\n",
        6,
        "incidents[0].casualties[0].outcome",
        ["missing required key 'outcome'"],
    ),
    (
        "missing_incidents",
        "title: nothing here\n",
        1,
        "incidents",
        ["missing required key 'incidents'"],
    ),
    (
        "list_where_mapping_expected",
        HEAD + "    casualties:\n      - 62\n",
        6,
        "incidents[0].casualties[0]",
        ["mapping", "found 62"],
    ),
    (
        "mapping_where_list_expected",
        HEAD + "    casualties:\n      outcome: killed\n",
        5,
        "incidents[0].casualties",
        ["expected a list", "{'outcome': 'killed'}"],
    ),
    (
        "number_where_text_expected",
        "incidents:\n  - id: 17\n    lat: 35.2\n    lon: 40.1\n",
        2,
        "incidents[0].id",
        ["expected text", "quote it", "found 17"],
    ),
    (
        "yaml_boolean_country",
        HEAD + "    country: NO\n",
        5,
        "incidents[0].country",
        ["two-letter", "found False", "quote it"],
    ),
    (
        "duplicate_key",
        HEAD + "    lat: 35.3\n",
        5,
        "incidents[0].lat",
        ["'lat' is given twice", "line 3"],
    ),
    (
        "top_level_list",
        "- id: strike-1\n- id: strike-2\n",
        1,
        "(top level)",
        ["mapping", "found a list"],
    ),
    (
        "unknown_yaml_tag",
        "incidents:\n  - id: !secret strike-1\n",
        2,
        "incidents[0].id",
        ["'!secret'"],
    ),
    (
        "value_max_below_value",
        HEAD + "    proximity:\n      - {force: US, value: 5, unit: km, value_max: 2}\n",
        6,
        "incidents[0].proximity[0].value_max",
        ["value_max must be a number >= value", "2"],
    ),
    (
        "inline_source_id_reused_with_other_details",
        HEAD
        + "    sources:\n      - {id: s, outlet: A}\n"
        + "  - {id: b, lat: 35.3, lon: 40.2, sources: [{id: s, outlet: B}]}\n",
        7,
        "incidents[1].sources[0].id",
        ["source id 's' is already defined", "incidents[0].sources[0] on line 6"],
    ),
    (
        "bad_country_code",
        HEAD + "    country: SYR\n",
        5,
        "incidents[0].country",
        ["two-letter", "found 'SYR'"],
    ),
    (
        "unknown_key_in_force",
        "incidents: []\nforces:\n  - {force: SDF, lat: 35.4, lon: 40.2, when: 2017-09-16}\n",
        3,
        "forces[0].when",
        ["unknown key 'when'"],
    ),
]


@pytest.mark.parametrize(
    ("content", "line", "field", "words"),
    [pytest.param(*case[1:], id=case[0]) for case in CASES],
)
def test_problem_is_reported_with_file_line_and_field(
    write_file: WriteFile, content: str, line: int, field: str, words: list[str]
) -> None:
    path = write_file(content, name="broken-file.yaml")
    with pytest.raises(InputError) as caught:
        read_incident_file(path)
    err = caught.value
    message = str(err)
    assert f"broken-file.yaml, line {line}, field {field!r}: " in message
    assert (err.line, err.field) == (line, field)
    assert err.path is not None and err.path.name == "broken-file.yaml"
    for word in words:
        assert word in message


def test_several_problems_are_listed_first_line_first(write_file: WriteFile) -> None:
    path = write_file(
        """
        incidents:
          - id: strike-1
            lat: 100
            lon: 40
            precision: nearby
            casualties:
              - {outcome: killed, count: -1}
        """
    )
    with pytest.raises(InputError) as caught:
        read_incident_file(path)
    assert (caught.value.line, caught.value.field) == (3, "incidents[0].lat")
    message = str(caught.value)
    assert "2 more problem(s)" in message
    assert "line 5, field 'incidents[0].precision'" in message
    assert "line 7, field 'incidents[0].casualties[0].count'" in message


def test_yaml_syntax_error_names_its_line(write_file: WriteFile) -> None:
    path = write_file("incidents:\n  - id: a\n    lat: [35.2\n    lon: 40.1\n")
    with pytest.raises(InputError, match=r"incidents\.yaml, line 4: not valid YAML") as caught:
        read_incident_file(path)
    assert caught.value.line == 4


def test_bad_indentation_is_a_syntax_error_with_its_line(write_file: WriteFile) -> None:
    path = write_file("incidents:\n  - id: a\n    lat: 35\n   lon: 40\n")
    with pytest.raises(InputError, match="not valid YAML") as caught:
        read_incident_file(path)
    assert caught.value.line == 4


@pytest.mark.parametrize("content", ["", "\n\n", "# only a comment\n", "---\n"])
def test_empty_file_is_reported(write_file: WriteFile, content: str) -> None:
    path = write_file(content)
    with pytest.raises(InputError, match=r"incidents\.yaml, line 1: the file is empty"):
        read_incident_file(path)


def test_non_utf8_bytes_are_reported_with_their_line(write_file: WriteFile) -> None:
    path = write_file(b"incidents:\n  - id: a\n    attacker: caf\xe9 owner\n")
    with pytest.raises(InputError, match=r"line 3: the file is not UTF-8") as caught:
        read_incident_file(path)
    assert "b'\\xe9'" in str(caught.value)


def test_alias_bomb_is_refused(write_file: WriteFile) -> None:
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    levels += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]" for n in range(1, 7)]
    path = write_file("\n".join(levels) + "\nincidents: []\n")
    with pytest.raises(InputError, match="aliases expand the document"):
        read_incident_file(path)


def test_recursive_alias_is_refused(write_file: WriteFile) -> None:
    path = write_file("notes: &loop [*loop]\nincidents: []\n")
    with pytest.raises(InputError, match="alias refers to a value that contains it"):
        read_incident_file(path)


def test_unknown_place_lists_gazetteer_suggestions(
    write_file: WriteFile, gazetteer: Gazetteer
) -> None:
    path = write_file(
        """
        incidents:
          - id: strike-1
            date: 2016-09-17
            place: Deir Zorbakistan
        """
    )
    suggestions = gazetteer.suggest("Deir Zorbakistan")
    with pytest.raises(InputError) as caught:
        read_incident_file(path, gazetteer)
    err = caught.value
    assert (err.line, err.field) == (4, "incidents[0].place")
    message = str(err)
    assert "unknown place 'Deir Zorbakistan'" in message
    assert "incidents.yaml, line 4" in message
    assert "Deir ez-Zor" in suggestions
    assert "did you mean " + ", ".join(repr(s) for s in suggestions) in message


def test_place_name_without_gazetteer_is_a_configuration_error(write_file: WriteFile) -> None:
    path = write_file("incidents:\n  - id: strike-1\n    place: al-Bab\n")
    with pytest.raises(ConfigurationError, match=r"line 3.*'al-Bab'.*needs a gazetteer"):
        read_incident_file(path)


def test_braces_in_values_are_echoed_as_written(write_file: WriteFile) -> None:
    path = write_file(HEAD + "    '{x}': 1\n    type: {a: 1}\n")
    with pytest.raises(InputError) as caught:
        read_incident_file(path)
    assert "unknown key '{x}'" in str(caught.value)
    path = write_file(HEAD + "    type: {a: 1}\n")
    with pytest.raises(InputError, match=r"found \{'a': 1\}"):
        read_incident_file(path)
