"""CSV: write → read gives the same IncidentSet; readable columns, deterministic, atomic, clear errors."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest

from incidentmap import api
from incidentmap.errors import InputError
from incidentmap.export import _atomic
from incidentmap.export._csv import INCIDENT_COLUMNS, write_csv
from incidentmap.gazetteer import Gazetteer
from incidentmap.model import IncidentSet
from incidentmap.sources._csv import looks_like_incident_csv, read_csv
from test_records import HOSTILE_NOTE, assert_same_incident_set, rich_incident_set

DOCS = Path(__file__).resolve().parents[2] / "docs" / "csv-columns.md"


@pytest.fixture(scope="module")
def example_set(gazetteer: Gazetteer) -> IncidentSet:
    return api.read(api.example_path(), gazetteer=gazetteer)


def _table(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_rich_set_round_trips_equal(tmp_path: Path) -> None:
    data = rich_incident_set()
    assert_same_incident_set(read_csv(write_csv(data, tmp_path / "a.csv")), data)


def test_example_round_trips_equal(tmp_path: Path, example_set: IncidentSet) -> None:
    path = write_csv(example_set, tmp_path / "example.csv")
    assert_same_incident_set(read_csv(path), example_set)


def test_sources_and_forces_go_beside_the_table(tmp_path: Path) -> None:
    write_csv(rich_incident_set(), tmp_path / "a.csv")
    assert sorted(os.listdir(tmp_path)) == ["a.csv", "a.forces.csv", "a.sources.csv"]
    sources = _table(tmp_path / "a.sources.csv")
    assert [s["id"] for s in sources] == ["odd;id", "ru-mod", "sohr-2016-09-17", "uncited-2017"]
    forces = _table(tmp_path / "a.forces.csv")
    assert forces[0]["place_geometry"].startswith("POLYGON ((40.12345678901234")


def test_table_is_readable_in_a_spreadsheet(tmp_path: Path) -> None:
    rows = _table(write_csv(rich_incident_set(), tmp_path / "a.csv"))
    first = rows[0]
    assert tuple(first) == INCIDENT_COLUMNS
    assert first["notes"] == HOSTILE_NOTE
    assert first["sources"] == '["sohr-2016-09-17","ru-mod","odd;id"]'
    assert rows[1]["sources"] == "ru-mod"
    assert first["casualties_summary"] == (
        "at least 62–70 killed (Russian military) [ru-mod]; 83 killed (SOHR) [sohr-2016-09-17]; "
        "a small number (wounded) (US commander)"
    )
    assert first["proximity_summary"] == (
        "US advisers ≤ 2–3.5 mi from SDF [odd;id]; US troops < 5 km"
    )
    assert first["lat"] == "35.28528"
    assert rows[2]["lat"] == rows[2]["place_geometry"] == ""


def test_source_details_make_the_table_self_contained(tmp_path: Path) -> None:
    data = rich_incident_set()
    path = write_csv(data, tmp_path / "a.csv")
    (tmp_path / "a.sources.csv").unlink()
    read = read_csv(path)
    assert read.incidents == data.incidents
    assert set(read.sources) == set(data.sources) - {"uncited-2017"}


def test_two_writes_give_same_bytes(tmp_path: Path) -> None:
    data = rich_incident_set()
    for name in ("a.csv", "a.sources.csv", "a.forces.csv"):
        write_csv(data, tmp_path / "one" / "a.csv")
        write_csv(data, tmp_path / "two" / "a.csv")
        first = (tmp_path / "one" / name).read_bytes()
        assert first == (tmp_path / "two" / name).read_bytes()
        assert first.count(b"\r") == (name == "a.csv")  # only the one inside the note
        assert not first.startswith(b"\xef\xbb\xbf")


def test_stale_sidecars_are_removed(tmp_path: Path) -> None:
    write_csv(rich_incident_set(), tmp_path / "a.csv")
    empty = IncidentSet()
    write_csv(empty, tmp_path / "a.csv")
    assert os.listdir(tmp_path) == ["a.csv"]
    assert read_csv(tmp_path / "a.csv") == empty


def test_failed_write_leaves_no_file_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = _atomic.tempfile.mkstemp
    calls = []

    def second_fails(*args: object, **kwargs: object) -> tuple[int, str]:
        calls.append(1)
        if len(calls) == 2:
            raise OSError("disk full")
        return real(*args, **kwargs)  # type: ignore[call-overload,no-any-return]

    monkeypatch.setattr(_atomic.tempfile, "mkstemp", second_fails)
    with pytest.raises(OSError, match="disk full"):
        write_csv(rich_incident_set(), tmp_path / "a.csv")
    assert os.listdir(tmp_path) == []


def test_bom_and_crlf_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes("\ufeffid,lat,lon,place\r\na,36.37,37.52,al-Bāb\r\n".encode())
    incident = read_csv(path).incidents[0]
    assert incident.place is not None
    assert (incident.place_name, incident.place.lat, incident.place.source) == (
        "al-Bāb",
        36.37,
        "excel.csv",
    )


def test_plain_table_gets_bare_sources() -> None:
    data = read_csv("t.csv", text="id,sources\na,s1; s2\n")
    assert data.incidents[0].sources == ("s1", "s2")
    assert sorted(data.sources) == ["s1", "s2"]


def test_error_names_physical_line_after_multiline_cell() -> None:
    text = 'id,notes,lat,lon\na,"one\ntwo\nthree",36.1,37.1\nb,x,36.1,east\n'
    with pytest.raises(InputError) as info:
        read_csv("t.csv", text=text)
    assert (info.value.line, info.value.field) == (5, "lon")
    assert str(info.value) == "t.csv, line 5, field 'lon': expected a number; found 'east'"


def test_error_inside_json_cell_names_the_claim() -> None:
    cell = '"[{""outcome"":""killed"",""count"":-3}]"'
    with pytest.raises(InputError) as info:
        read_csv("t.csv", text=f"id,casualties\na,{cell}\n")
    assert (info.value.line, info.value.field) == (2, "casualties[0].count")


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("name,lat\nx,1\n", 1, "expected a 'id' column"),
        ("id,id\na,b\n", 1, "appears twice"),
        ("id,lat,lon\na,1\n", 2, "expected 3 cells"),
        ("", 1, "empty"),
        ("id,casualties\na,[{\n", 2, "expected JSON text"),
        ("id,lat,lon\na,137.5,36.2\n", 2, "look swapped"),
        ("id,lat,lon\na,0,0\n", 2, "(0, 0)"),
        ("id,place_geometry,lat,lon\na,POLYGON((,1,2\n", 2, "expected WKT"),
        ("id\na\na\n", 3, "used twice"),
    ],
)
def test_reader_errors_name_line(text: str, line: int, words: str) -> None:
    with pytest.raises(InputError) as info:
        read_csv("t.csv", text=text)
    assert info.value.line == line
    assert words in str(info.value)


def test_own_table_citing_undefined_source_is_an_error() -> None:
    with pytest.raises(InputError, match="'s9' is not defined") as info:
        read_csv("t.csv", text="id,sources,source_details\na,s9,\n")
    assert (info.value.line, info.value.field) == (2, "sources")


def test_conflicting_source_details_are_an_error() -> None:
    details = '"[{""id"":""s1"",""outlet"":""A""}]"', '"[{""id"":""s1"",""outlet"":""B""}]"'
    text = f"id,sources,source_details\na,s1,{details[0]}\nb,s1,{details[1]}\n"
    with pytest.raises(InputError, match="other details") as info:
        read_csv("t.csv", text=text)
    assert info.value.line == 3


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("\ufeffid,date,lat,lon", True),
        (["id", "place"], True),
        (",".join(INCIDENT_COLUMNS), True),
        ("name,lat,lon", False),
        ("id,lat", False),
        ("", False),
    ],
)
def test_looks_like_incident_csv(header: str | list[str], expected: bool) -> None:
    assert looks_like_incident_csv(header) is expected


def test_every_column_is_documented() -> None:
    docs = DOCS.read_text(encoding="utf-8")
    for column in INCIDENT_COLUMNS:
        assert f"| `{column}` |" in docs, column
