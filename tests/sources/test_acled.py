"""Tests of the ACLED reader on hand-written rows in both ACLED layouts (no real ACLED data)."""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import pytest

from incidentmap.errors import InputError
from incidentmap.sources._acled import looks_like_acled, read_acled

DATA = Path(__file__).resolve().parents[1] / "data" / "acled"
CURRENT = DATA / "current-layout.csv"
OLDER = DATA / "older-layout.csv"


def _rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def _write(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    return path


def _changed(tmp_path: Path, source: Path, row: int, column: str, value: str) -> Path:
    """A copy of ``source`` with ``column`` of data row ``row`` (from 1) set to ``value``."""
    rows = _rows(source)
    rows[row][rows[0].index(column)] = value
    return _write(tmp_path / source.name, rows)


@pytest.mark.parametrize("path", [CURRENT, OLDER], ids=["current", "older"])
def test_both_layouts_are_detected(path: Path) -> None:
    assert looks_like_acled(_rows(path)[0])


def test_detection_refuses_other_headers() -> None:
    assert not looks_like_acled(["id", "side_a", "side_b", "where_prec", "latitude"])
    assert not looks_like_acled(["event_id_cnty", "event_date"])


def test_current_layout_reads_every_field() -> None:
    events = read_acled(CURRENT)
    assert [inc.id for inc in events] == ["acled-SYR900001", "acled-SYR900002", "acled-SYR900003"]
    strike = events.incidents[0]
    assert strike.date == dt.date(2020, 1, 15)
    assert strike.type == "Explosions/Remote violence: Air/drone strike"
    assert (strike.attacker, strike.target) == (
        "Military Forces of Syria (2000-)",
        "Civilians (Syria)",
    )
    assert strike.place is not None
    assert (strike.place.id, strike.place.name, strike.place.country) == (
        "acled:SYR900001",
        "Ariha, Idleb",
        "SY",
    )
    assert (strike.place.lat, strike.place.lon, strike.place.admin1) == (35.8127, 36.6096, "Idleb")
    (claim,) = strike.casualties
    assert claim.label == "4 killed (ACLED (reported fatalities))"
    assert [events.sources[s].outlet for s in strike.sources] == [
        "Invented Monitor",
        "Invented Radio",
    ]
    assert strike.notes.startswith("Invented test row: an air strike hit a market")
    assert "Civilian targeting" in strike.notes
    assert "not strictly who attacked whom" in strike.notes


def test_older_layout_reads_numeric_actor_codes() -> None:
    events = read_acled(OLDER)
    assert [inc.place.country for inc in events if inc.place] == ["IQ", "IQ", "IQ"]
    clash = events.incidents[1]
    assert clash.date == dt.date(2019, 2, 3)
    assert (
        "actor1 Military Forces of Iraq (2018-) (State forces; with Popular Mobilization Forces)"
        in clash.notes
    )
    assert "actor2 Islamic State (Iraq) (Rebel groups)" in clash.notes
    assert len(events.sources) == 2  # "Invented Wire" is cited by three rows: one source


def test_both_layouts_give_the_same_kind_of_incident() -> None:
    current, older = read_acled(CURRENT).incidents[1], read_acled(OLDER).incidents[1]
    for inc in (current, older):
        assert (inc.precision, inc.uncertainty_m) == ("near", 25_000)
        assert inc.type == "Battles: Armed clash"
        assert "time_precision 2" in inc.notes


def test_actor2_may_be_empty() -> None:
    protest = read_acled(CURRENT).incidents[2]
    assert protest.target == ""
    assert protest.casualties[0].count == 0


@pytest.mark.parametrize(
    ("written", "date"),
    [
        ("2020-01-15", dt.date(2020, 1, 15)),
        ("15 January 2020", dt.date(2020, 1, 15)),
        ("5 january 2020", dt.date(2020, 1, 5)),
        ("15-January-2020", dt.date(2020, 1, 15)),
        ("15 Jan 2020", dt.date(2020, 1, 15)),
        ("12 Sept 2019", dt.date(2019, 9, 12)),
        ("29 February 2020", dt.date(2020, 2, 29)),
    ],
)
def test_event_date_forms_are_read(tmp_path: Path, written: str, date: dt.date) -> None:
    path = _changed(tmp_path, CURRENT, 1, "event_date", written)
    assert read_acled(path).incidents[0].date == date


@pytest.mark.parametrize(
    ("geo_precision", "precision", "radius_m"),
    [("1", "exact", None), ("2", "near", 25_000), ("3", "region", 75_000)],
)
def test_geo_precision_sets_precision_and_uncertainty(
    tmp_path: Path, geo_precision: str, precision: str, radius_m: float | None
) -> None:
    path = _changed(tmp_path, OLDER, 1, "geo_precision", geo_precision)
    (inc, *_) = read_acled(path).incidents
    assert (inc.precision, inc.uncertainty_m) == (precision, radius_m)
    assert inc.place is not None and inc.place.uncertainty_m == radius_m


def test_shuffled_columns_read_the_same(tmp_path: Path) -> None:
    rows = _rows(CURRENT)
    order = list(reversed(range(len(rows[0]))))
    path = _write(tmp_path / "reversed.csv", [[r[i] for i in order] for r in rows])
    assert read_acled(path) == read_acled(CURRENT)


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        ("event_date", "2020-02-30", "expected a date as YYYY-MM-DD"),
        ("event_date", "15/01/2020", "expected a date as YYYY-MM-DD"),
        ("event_date", "15 Janvier 2020", "expected a date as YYYY-MM-DD"),
        ("geo_precision", "4", "expected 1, 2 or 3"),
        ("fatalities", "several", "expected a whole number >= 0"),
        ("fatalities", "", "expected a whole number >= 0"),
        ("latitude", "135.8", "expected a number in [-90, 90]"),
        ("longitude", "", "expected a number in [-180, 180]"),
    ],
)
def test_bad_cell_names_file_line_and_column(
    tmp_path: Path, column: str, value: str, expected: str
) -> None:
    path = _changed(tmp_path, CURRENT, 2, column, value)
    with pytest.raises(InputError, match=re.escape(expected)) as info:
        read_acled(path)
    err = info.value
    assert (err.path, err.line, err.field) == (path, 3, column)
    assert str(err).startswith(f"{path}, line 3, field {column!r}: ")
    assert f"found {value!r}" in str(err)


def test_point_at_zero_zero_is_refused(tmp_path: Path) -> None:
    path = _changed(tmp_path, OLDER, 3, "latitude", "0")
    path = _changed(tmp_path, path, 3, "longitude", "0")
    with pytest.raises(InputError, match=r"\(0, 0\)") as info:
        read_acled(path)
    assert (info.value.line, info.value.field) == (4, "latitude")


def test_missing_column_is_named(tmp_path: Path) -> None:
    rows = _rows(CURRENT)
    drop = rows[0].index("fatalities")
    path = _write(tmp_path / "no-fatalities.csv", [r[:drop] + r[drop + 1 :] for r in rows])
    with pytest.raises(InputError, match="missing column 'fatalities'") as info:
        read_acled(path)
    assert (info.value.path, info.value.line, info.value.field) == (path, 1, "fatalities")


def test_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_text("", encoding="utf-8")
    with pytest.raises(InputError, match=r"the file is empty: expected a header row .* ACLED"):
        read_acled(path)


def test_duplicate_event_id_is_refused(tmp_path: Path) -> None:
    path = _changed(tmp_path, CURRENT, 2, "event_id_cnty", "SYR900001")
    with pytest.raises(InputError, match="'acled-SYR900001' is used by rows 1 and 2"):
        read_acled(path)


def test_text_argument_reads_without_a_file() -> None:
    events = read_acled("pasted.csv", text=CURRENT.read_text(encoding="utf-8"))
    assert events == read_acled(CURRENT)
