"""Tests of the CSV plumbing the ACLED and UCDP GED readers share: lines, files, places."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from incidentmap.errors import InputError
from incidentmap.sources._acled import read_acled
from incidentmap.sources._csvtable import physical_lines
from incidentmap.sources._ucdp import read_ucdp_ged

ACLED = Path(__file__).resolve().parents[1] / "data" / "acled" / "current-layout.csv"
GED_HEADER = (
    "id,type_of_violence,side_a,side_b,where_prec,where_coordinates,adm_1,adm_2,latitude,"
    "longitude,country,date_prec,date_start,date_end,low,best,high"
)
GED_ROW = "{id},1,Government,Rebels,1,Town,Province,District,{lat},37.1,Syria,1,2016-01-01,2016-01-01,1,1,1"


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.text(alphabet='ab,"\r\n\ufeff\u2028\x0c', max_size=40))
def test_physical_lines_split_as_stringio_does(text: str) -> None:
    expected = list(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    assert list(physical_lines(text)) == expected


@pytest.mark.parametrize("newline", ["\r\n", "\r"], ids=["crlf", "cr"])
def test_file_with_other_line_ends_reads_as_its_text(tmp_path: Path, newline: str) -> None:
    text = ACLED.read_text(encoding="utf-8").replace("\n", newline)
    path = tmp_path / "acled.csv"
    path.write_bytes(text.encode())
    assert read_acled(path) == read_acled(ACLED) == read_acled(path, text=text)


@pytest.mark.parametrize("marks", [1, 2])
def test_byte_order_marks_before_the_header_are_dropped(tmp_path: Path, marks: int) -> None:
    path = tmp_path / "acled.csv"
    path.write_bytes("\ufeff".encode() * marks + ACLED.read_bytes())
    assert read_acled(path) == read_acled(ACLED)


def test_bytes_that_are_not_utf8_are_reported_before_a_bad_row(tmp_path: Path) -> None:
    rows = [GED_ROW.format(id=i, lat="36.2") for i in range(1, 2000)]
    rows[0] = GED_ROW.format(id=1, lat="north")  # a bad cell on line 2, read first
    path = tmp_path / "ged.csv"
    path.write_bytes("\n".join([GED_HEADER, *rows]).encode() + b"\n2000,Teir Ma\xe2leh\n")
    with pytest.raises(InputError, match="expected UTF-8") as info:
        read_ucdp_ged(path)
    assert info.value.line == 2001


def test_bytes_that_are_not_utf8_are_reported_before_a_missing_column(tmp_path: Path) -> None:
    path = tmp_path / "ged.csv"
    padding = "\n".join(["id,where_prec", *(f"{i},1" for i in range(5000))])
    path.write_bytes(padding.encode() + b"\n\xff\n")
    with pytest.raises(InputError, match="expected UTF-8") as info:
        read_ucdp_ged(path)
    assert info.value.line == 5002


def test_every_bad_row_is_listed_with_cached_values(tmp_path: Path) -> None:
    # Rows repeat values; a bad value read once is refused again on every row that has it.
    rows = [GED_ROW.format(id=i, lat="north" if i % 2 else "36.2") for i in range(1, 7)]
    with pytest.raises(InputError, match="3 problems in all") as info:
        read_ucdp_ged("ged.csv", text="\n".join([GED_HEADER, *rows]) + "\n")
    assert (info.value.line, info.value.field) == (2, "latitude")
    assert "line 4" in str(info.value) and "line 6" in str(info.value)


def test_rows_at_one_point_get_their_own_place() -> None:
    rows = [GED_ROW.format(id=i, lat="36.2") for i in (1, 2)]
    first, second = read_ucdp_ged("ged.csv", text="\n".join([GED_HEADER, *rows]) + "\n")
    assert first.place is not None and second.place is not None
    assert (first.place.id, second.place.id) == ("ucdp:1", "ucdp:2")
    assert (first.place.lat, first.place.name) == (second.place.lat, second.place.name)
