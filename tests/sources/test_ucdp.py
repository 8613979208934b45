"""Tests of the UCDP GED reader on the real Syria release and on hand-written rows."""

from __future__ import annotations

import csv
import random
from collections.abc import Callable
from pathlib import Path

import pytest

from incidentmap.errors import InputError
from incidentmap.model import IncidentSet
from incidentmap.sources._ucdp import looks_like_ucdp_ged, read_ucdp_ged

GED_NAME = "ged_syria_2016-01-01_2019-11-30.csv"
RADIUS_M = {"1": None, "2": 25_000, "3": 35_000, "4": 75_000, "5": 150_000, "6": 250_000}
PRECISION = {"1": "exact", "2": "near"}

# One hand-written GED row (values shaped like the Syria release), as column -> cell.
ROW = {
    "id": "1001",
    "type_of_violence": "1",
    "dyad_name": "Government of Syria - Syrian insurgents",
    "side_a": "Government of Syria",
    "side_b": "Syrian insurgents",
    "source_article": '"SOHR,2016-01-02,Clashes near Tanab"',
    "source_office": "SOHR",
    "source_date": "2016-01-02",
    "source_headline": "Clashes near Tanab",
    "where_prec": "2",
    "where_coordinates": "Tanab village",
    "adm_1": "Aleppo Governorate",
    "adm_2": "Mintaqat Azaz district",
    "latitude": "36.496133",
    "longitude": "37.003318",
    "country": "Syria",
    "event_clarity": "1",
    "date_prec": "1",
    "date_start": "2016-01-01",
    "date_end": "2016-01-01",
    "deaths_a": "1",
    "deaths_b": "1",
    "deaths_civilians": "0",
    "deaths_unknown": "0",
    "low": "2",
    "best": "2",
    "high": "2",
}


@pytest.fixture(scope="session")
def ged_path(shared_dir: Path) -> Path:
    path = shared_dir / "data" / "events" / "ucdp_ged_syria_2016_2019" / GED_NAME
    if not path.is_file():
        pytest.skip(f"{path} is not there")
    return path


@pytest.fixture(scope="session")
def ged_events(ged_path: Path) -> IncidentSet:
    return read_ucdp_ged(ged_path)


@pytest.fixture(scope="session")
def ged_rows(ged_path: Path) -> dict[str, dict[str, str]]:
    with ged_path.open(encoding="utf-8", newline="") as fh:
        return {f"ucdp-{r['id']}": r for r in csv.DictReader(fh)}


@pytest.fixture
def write_ged(tmp_path: Path) -> Callable[..., Path]:
    """Write hand-written GED rows (ROW with changes) to a CSV file and return its path."""

    def write(*changes: dict[str, str], columns: list[str] | None = None) -> Path:
        header = columns or list(ROW)
        path = tmp_path / "ged.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(header)
            for i, change in enumerate(changes):
                row = {**ROW, "id": str(1001 + i), **change}
                writer.writerow([row.get(c, "") for c in header])
        return path

    return write


# -- the real Syria release -------------------------------------------------------------------


def test_real_file_loads_every_event_with_a_place(ged_events: IncidentSet) -> None:
    assert len(ged_events) == 16_566
    assert all(inc.place is not None for inc in ged_events)
    assert not any(inc.lat == 0 and inc.lon == 0 for inc in ged_events)
    assert {inc.place.country for inc in ged_events if inc.place} == {"SY"}


def test_real_file_uncertainty_follows_where_prec(
    ged_events: IncidentSet, ged_rows: dict[str, dict[str, str]]
) -> None:
    for inc in ged_events:
        where_prec = ged_rows[inc.id]["where_prec"]
        assert inc.uncertainty_m == RADIUS_M[where_prec]
        assert inc.place is not None and inc.place.uncertainty_m == RADIUS_M[where_prec]
        assert inc.precision == PRECISION.get(where_prec, "region")
        assert f"where_prec {where_prec}" in inc.notes


def test_real_file_keeps_low_and_high_as_a_range_claim(
    ged_events: IncidentSet, ged_rows: dict[str, dict[str, str]]
) -> None:
    ranged = [
        inc for inc in ged_events if int(ged_rows[inc.id]["low"]) < int(ged_rows[inc.id]["high"])
    ]
    assert ranged
    for inc in ranged:
        row = ged_rows[inc.id]
        (claim,) = inc.casualties
        assert claim.claimed_by == "UCDP GED"
        assert claim.count is not None and claim.count_max is not None
        assert claim.count <= int(row["low"]) and claim.count_max >= int(row["high"])
        assert claim.text == f"best estimate {row['best']} (low {row['low']}, high {row['high']})"


def test_real_file_reflects_date_prec_in_notes(
    ged_events: IncidentSet, ged_rows: dict[str, dict[str, str]]
) -> None:
    vague = [inc for inc in ged_events if ged_rows[inc.id]["date_prec"] != "1"]
    assert len(vague) == 16_566 - 15_480
    for inc in vague:
        row = ged_rows[inc.id]
        assert str(inc.date) == row["date_start"]
        assert f"(date_prec {row['date_prec']}:" in inc.notes
        if row["date_end"] != row["date_start"]:
            assert f"between {row['date_start']} and {row['date_end']}" in inc.notes


def test_real_file_cites_each_article_of_an_event(ged_events: IncidentSet) -> None:
    (at_tanf,) = [inc for inc in ged_events if inc.id == "ucdp-224317"]
    sources = [ged_events.sources[s] for s in at_tanf.sources]
    assert [s.outlet for s in sources] == ["SOHR", "syria.liveuamap.com"]
    assert all(str(s.published) == "2016-06-17" and not s.url for s in sources)
    assert at_tanf.place is not None and at_tanf.place.name.startswith("At Tanf village")
    assert (at_tanf.attacker, at_tanf.target) == ("Government of Syria", "Syrian insurgents")
    assert "not necessarily who attacked whom" in at_tanf.notes


def test_real_file_reads_with_columns_shuffled(ged_path: Path, tmp_path: Path) -> None:
    with ged_path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        rows = [next(reader) for _ in range(200)]
    order = list(range(len(header)))
    random.Random(7).shuffle(order)
    straight, shuffled = tmp_path / "straight.csv", tmp_path / "shuffled.csv"
    for path, cols in ((straight, range(len(header))), (shuffled, order)):
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerows([[r[i] for i in cols] for r in [header, *rows]])
    assert read_ucdp_ged(shuffled) == read_ucdp_ged(straight)
    assert len(read_ucdp_ged(shuffled)) == 200


def test_header_detection_accepts_ged_and_refuses_acled(ged_path: Path) -> None:
    with ged_path.open(encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    assert looks_like_ucdp_ged(header)
    assert looks_like_ucdp_ged([h.upper() for h in reversed(header)])
    assert not looks_like_ucdp_ged(["event_id_cnty", "event_date", "actor1", "actor2"])
    assert not looks_like_ucdp_ged([])


# -- hand-written rows ------------------------------------------------------------------------


def test_equal_low_and_high_give_a_single_count(write_ged: Callable[..., Path]) -> None:
    (claim,) = read_ucdp_ged(write_ged({})).incidents[0].casualties
    assert (claim.count, claim.count_max, claim.figure) == (2, None, "2 killed")


def test_unordered_low_best_high_span_all_three(write_ged: Callable[..., Path]) -> None:
    (inc,) = read_ucdp_ged(write_ged({"low": "177", "best": "142", "high": "177"})).incidents
    (claim,) = inc.casualties
    assert (claim.count, claim.count_max) == (142, 177)
    assert claim.text == "best estimate 142 (low 177, high 177)"
    assert "are not in order" in inc.notes


def test_date_range_is_kept_in_notes(write_ged: Callable[..., Path]) -> None:
    path = write_ged({"date_prec": "4", "date_end": "2016-01-31"})
    (inc,) = read_ucdp_ged(path).incidents
    assert str(inc.date) == "2016-01-01"
    assert "date: between 2016-01-01 and 2016-01-31 (date_prec 4: " in inc.notes


@pytest.mark.parametrize(
    ("where_prec", "precision", "radius_m"),
    [
        ("1", "exact", None),
        ("2", "near", 25_000),
        ("3", "region", 35_000),
        ("4", "region", 75_000),
        ("5", "region", 150_000),
        ("6", "region", 250_000),
        ("7", "region", 250_000),
    ],
)
def test_where_prec_sets_precision_and_uncertainty(
    write_ged: Callable[..., Path], where_prec: str, precision: str, radius_m: float | None
) -> None:
    (inc,) = read_ucdp_ged(write_ged({"where_prec": where_prec})).incidents
    assert (inc.precision, inc.uncertainty_m) == (precision, radius_m)


def test_malformed_citation_is_kept_as_raw_text(write_ged: Callable[..., Path]) -> None:
    events = read_ucdp_ged(write_ged({"source_article": "see annex 3"}))
    (source,) = events.sources.values()
    assert (source.outlet, source.title, source.published) == ("", "see annex 3", None)


def test_sources_repeated_across_events_are_one_source(write_ged: Callable[..., Path]) -> None:
    events = read_ucdp_ged(write_ged({}, {}))
    assert len(events.sources) == 1
    assert events.incidents[0].sources == events.incidents[1].sources


def test_missing_optional_columns_still_read(write_ged: Callable[..., Path]) -> None:
    needed = [c for c in ROW if not c.startswith(("source_", "deaths_", "dyad", "event_"))]
    (inc,) = read_ucdp_ged(write_ged({}, columns=needed)).incidents
    assert inc.sources == ()
    assert "Government of Syria - Syrian insurgents" in inc.notes


def test_text_argument_reads_without_a_file(write_ged: Callable[..., Path]) -> None:
    path = write_ged({})
    events = read_ucdp_ged("in-memory.csv", text=path.read_text(encoding="utf-8"))
    assert events == read_ucdp_ged(path)


def test_version_is_cited_from_argument_or_file_name(
    write_ged: Callable[..., Path], tmp_path: Path
) -> None:
    path = write_ged({})
    place = read_ucdp_ged(path, version="19.1").incidents[0].place
    assert place is not None and place.source == "UCDP GED 19.1"
    named = path.rename(tmp_path / "GEDEvent_v22_1.csv")
    place = read_ucdp_ged(named).incidents[0].place
    assert place is not None and place.source == "UCDP GED 22.1"


@pytest.mark.parametrize(
    ("change", "field", "found"),
    [
        ({"date_start": "2016-13-01"}, "date_start", "'2016-13-01'"),
        ({"date_end": "1 Jan 2016"}, "date_end", "'1 Jan 2016'"),
        ({"latitude": "96.5"}, "latitude", "'96.5'"),
        ({"longitude": "east"}, "longitude", "'east'"),
        ({"deaths_a": "two"}, "deaths_a", "'two'"),
        ({"best": "-1"}, "best", "'-1'"),
        ({"latitude": "0", "longitude": "0.0"}, "latitude", "(0, 0)"),
        ({"where_prec": "9"}, "where_prec", "'9'"),
        ({"date_prec": ""}, "date_prec", "''"),
        ({"type_of_violence": "4"}, "type_of_violence", "'4'"),
    ],
)
def test_bad_cell_names_file_line_and_column(
    write_ged: Callable[..., Path], change: dict[str, str], field: str, found: str
) -> None:
    path = write_ged({}, change)
    with pytest.raises(InputError, match=r"expected|missing") as info:
        read_ucdp_ged(path)
    err = info.value
    assert (err.path, err.line, err.field) == (path, 3, field)
    assert str(err).startswith(f"{path}, line 3, field {field!r}: ")
    assert found in str(err)


def test_line_numbers_count_line_breaks_inside_cells(write_ged: Callable[..., Path]) -> None:
    path = write_ged({"source_headline": "first\nsecond\nthird"}, {"latitude": "x"})
    with pytest.raises(InputError) as info:
        read_ucdp_ged(path)
    assert info.value.line == 5


def test_missing_column_is_named(write_ged: Callable[..., Path]) -> None:
    path = write_ged({}, columns=[c for c in ROW if c != "latitude"])
    with pytest.raises(InputError, match="missing column 'latitude'") as info:
        read_ucdp_ged(path)
    assert (info.value.line, info.value.field) == (1, "latitude")


@pytest.mark.parametrize("content", ["", "\n\n", "\ufeff"])
def test_empty_file_is_refused(tmp_path: Path, content: str) -> None:
    path = tmp_path / "empty.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match="the file is empty") as info:
        read_ucdp_ged(path)
    assert info.value.path == path


def test_row_with_wrong_cell_count_is_refused(write_ged: Callable[..., Path]) -> None:
    path = write_ged({})
    path.write_text(path.read_text(encoding="utf-8") + "1,2,3\n", encoding="utf-8")
    with pytest.raises(InputError, match=rf"expected {len(ROW)} cells .* found 3") as info:
        read_ucdp_ged(path)
    assert info.value.line == 3


def test_duplicate_id_is_refused(write_ged: Callable[..., Path]) -> None:
    with pytest.raises(InputError, match="'ucdp-7' is used by rows 1 and 2"):
        read_ucdp_ged(write_ged({"id": "7"}, {"id": "7"}))


def test_bytes_that_are_not_utf8_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes(",".join(ROW).encode() + b"\nTeir Ma\xe2leh\n")
    with pytest.raises(InputError, match="expected UTF-8") as info:
        read_ucdp_ged(path)
    assert info.value.line == 2
