"""gazetteer/curated.csv: cited sites, press names for extract places (same_as), honest radii."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pytest

from incidentmap.errors import GazetteerError
from incidentmap.gazetteer._curated import curated_records, zone_records
from incidentmap.model import PLACE_KINDS

GAZ = Path(__file__).resolve().parents[2] / "gazetteer"
CURATED = GAZ / "curated.csv"
ZONES = GAZ / "zones.csv"
SHARED = Path(__file__).resolve().parents[3] / "shared"
PLACES = SHARED / "data" / "places"

HEADER = "id,name,alt_names,lat,lon,kind,country,admin1,source,radius_km,same_as\n"


def _rows() -> list[dict[str, str]]:
    with CURATED.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _write(tmp_path: Path, *lines: str, header: str = HEADER) -> Path:
    path = tmp_path / "curated.csv"
    path.write_text(header + "".join(line + "\n" for line in lines), encoding="utf-8")
    return path


# -- the shipped table ----------------------------------------------------------------------


def test_columns_keep_their_order() -> None:
    with CURATED.open(encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    assert header == HEADER.strip().split(",")


def test_every_row_cites_a_source() -> None:
    missing = [r["id"] for r in _rows() if len(r["source"].strip()) < 20]
    assert not missing


def test_ids_are_unique_and_slugs() -> None:
    ids = [r["id"] for r in _rows()]
    assert len(ids) == len(set(ids))
    assert all(i and i == i.strip().lower() and " " not in i for i in ids)


def test_kinds_are_place_kinds() -> None:
    assert {r["kind"] for r in _rows()} <= PLACE_KINDS


def test_coordinates_in_range_and_in_the_theatre() -> None:
    for r in _rows():
        if not r["lat"]:
            continue
        lat, lon = float(r["lat"]), float(r["lon"])
        assert -90 <= lat <= 90 and -180 <= lon <= 180, r["id"]
        # Syria, Iraq and their neighbours (Incirlik near Adana is the north-western corner).
        assert 29 <= lat <= 38.5 and 34 <= lon <= 48.5, r["id"]


def test_a_row_has_coordinates_or_same_as_never_both() -> None:
    for r in _rows():
        has_coords = bool(r["lat"] or r["lon"])
        assert not (has_coords and r["same_as"]), r["id"]
        if has_coords:
            assert r["lat"] and r["lon"], r["id"]


def test_radius_is_a_number_in_range() -> None:
    for r in _rows():
        if r["radius_km"]:
            assert 0 < float(r["radius_km"]) <= 1000, r["id"]
            assert "radius" in r["source"], r["id"]  # the row says how the radius was derived


def test_regions_with_a_point_have_a_radius() -> None:
    for r in _rows():
        if r["kind"] == "region" and r["lat"]:
            assert r["radius_km"], r["id"]


def test_ids_referenced_elsewhere_are_kept() -> None:
    ids = {r["id"] for r in _rows()}
    assert {"al-tanf-garrison", "tishrin-dam", "deir-ez-zor-airport"} <= ids


def test_records_carry_radius_and_same_as() -> None:
    records = {r.id: r for r in curated_records(CURATED)}
    assert len(records) == len(_rows())
    incirlik = records["curated:incirlik-air-base"]
    assert incirlik.uncertainty_m == pytest.approx(2060.0)
    assert incirlik.same_as == ""
    airport = records["curated:deir-ez-zor-airport"]
    assert airport.same_as == "ourairports:5304"
    assert math.isnan(airport.lat) and math.isnan(airport.lon)
    assert "Deir ez-Zor airbase" in airport.names
    assert records["curated:al-tanf-garrison"].uncertainty_m is None


def test_zones_centre_on_curated_points() -> None:
    centres = {r.id: r for r in curated_records(CURATED)}
    zones = list(zone_records(ZONES, centres))
    assert zones
    for zone in zones:
        assert not math.isnan(zone.lat) and not math.isnan(zone.lon)


def _extract_ids() -> set[str]:
    ids: set[str] = set()
    for path in sorted(PLACES.glob("*/*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            ids.update(row["source_id"] for row in csv.DictReader(fh))
    return ids


def test_same_as_ids_exist_in_the_shared_extracts() -> None:
    if not PLACES.is_dir():
        pytest.skip("../shared/data/places is not beside the checkout")
    known = _extract_ids()
    missing = [
        (r["id"], r["same_as"]) for r in _rows() if r["same_as"] and r["same_as"] not in known
    ]
    assert not missing


def test_rows_with_coordinates_are_not_extract_airfields() -> None:
    """A site an extract has is written as same_as, not with a second coordinate."""
    if not PLACES.is_dir():
        pytest.skip("../shared/data/places is not beside the checkout")
    path = PLACES / "ourairports" / "ourairports_sy_iq_jo_lb_trborder.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        fields = [(float(r["lat"]), float(r["lon"])) for r in csv.DictReader(fh)]
    for r in _rows():
        if r["lat"] and r["kind"] in {"airbase", "airport"}:
            lat, lon = float(r["lat"]), float(r["lon"])
            near = [f for f in fields if abs(f[0] - lat) < 0.01 and abs(f[1] - lon) < 0.01]
            assert not near, r["id"]


# -- parsing and errors (invented rows) -------------------------------------------------------

SRC = "Invented test source, 12°34′N 56°78′E"


def test_old_files_without_the_new_columns_still_load(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        f'zz-point,Zed Point,,35.5,40.5,outpost,SY,,"{SRC}"',
        header="id,name,alt_names,lat,lon,kind,country,admin1,source\n",
    )
    (record,) = curated_records(path)
    assert record.uncertainty_m is None and record.same_as == ""


def test_radius_becomes_uncertainty_in_metres(tmp_path: Path) -> None:
    path = _write(tmp_path, f'zz-hill,Zed Hills,Zed Range,35.5,40.5,region,SY,,"{SRC}",12.5,')
    (record,) = curated_records(path)
    assert record.uncertainty_m == pytest.approx(12_500.0)
    assert record.names == ["Zed Hills", "Zed Range"]


def test_same_as_row_yields_a_nan_record(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        f'zz-strip,Zed Strip,Zed airstrip|Zed field,,,airbase,SY,,"{SRC}",,ourairports:99999',
    )
    (record,) = curated_records(path)
    assert record.same_as == "ourairports:99999"
    assert math.isnan(record.lat) and math.isnan(record.lon)
    assert record.kind == "airbase" and record.source == SRC
    assert record.names == ["Zed Strip", "Zed airstrip", "Zed field"]


def test_unresolved_row_is_skipped(tmp_path: Path) -> None:
    path = _write(tmp_path, f'zz-lost,Zed Lost,,,,outpost,SY,,"{SRC}",,')
    assert list(curated_records(path)) == []


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            f'zz-a,Zed A,,35.5,40.5,outpost,SY,,"{SRC}",wide,',
            "line 2, field 'radius_km': expected a number, got 'wide'",
        ),
        (
            f'zz-a,Zed A,,35.5,40.5,outpost,SY,,"{SRC}",0,',
            "line 2, field 'radius_km': 0.0 not in (0, 1000]",
        ),
        (
            f'zz-a,Zed A,,35.5,40.5,outpost,SY,,"{SRC}",-3,',
            "line 2, field 'radius_km': -3.0 not in (0, 1000]",
        ),
        (
            f'zz-a,Zed A,,35.5,40.5,outpost,SY,,"{SRC}",1000.5,',
            "line 2, field 'radius_km': 1000.5 not in (0, 1000]",
        ),
        (
            f'zz-a,Zed A,,35.5,40.5,outpost,SY,,"{SRC}",nan,',
            "line 2, field 'radius_km': nan not in (0, 1000]",
        ),
        (f'zz-a,Zed A,,35.5,40.5,outpost,SY,,"{SRC}",,ourairports:1', "line 2, field 'same_as'"),
        (f'zz-a,Zed A,,35.5,,outpost,SY,,"{SRC}",,ourairports:1', "line 2, field 'same_as'"),
        (f'zz-a,Zed A,,,,outpost,SY,,"{SRC}",,Zed airport', "line 2, field 'same_as'"),
        ("zz-a,Zed A,,,,outpost,SY,,,,ourairports:1", "line 2, field 'source'"),
        (f'zz-a,Zed A,,,,bunker,SY,,"{SRC}",,ourairports:1', "line 2, field 'kind'"),
        (
            f'zz-a,Zed A,,north,40.5,outpost,SY,,"{SRC}",,',
            "line 2, field 'lat': expected a number, got 'north'",
        ),
    ],
)
def test_bad_rows_name_file_line_and_field(tmp_path: Path, line: str, message: str) -> None:
    path = _write(tmp_path, line)
    with pytest.raises(GazetteerError) as err:
        list(curated_records(path))
    assert str(path) in str(err.value)
    assert message in str(err.value)


def test_error_names_the_right_line(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        f'zz-a,Zed A,,35.5,40.5,outpost,SY,,"{SRC}",,',
        f'zz-b,Zed B,,,,outpost,SY,,"{SRC}",,',
        f'zz-c,Zed C,,35.6,40.6,outpost,SY,,"{SRC}",big,',
    )
    with pytest.raises(GazetteerError, match="line 4, field 'radius_km'"):
        list(curated_records(path))


def test_zone_cannot_centre_on_a_same_as_row(tmp_path: Path) -> None:
    curated = _write(tmp_path, f'zz-strip,Zed Strip,,,,airbase,SY,,"{SRC}",,ourairports:99999')
    zones = tmp_path / "zones.csv"
    zones.write_text(
        f'id,name,alt_names,center_id,radius_km,kind,source\nzz-zone,Zed zone,,zz-strip,5,zone,"{SRC}"\n',
        encoding="utf-8",
    )
    centres = {r.id: r for r in curated_records(curated)}
    with pytest.raises(GazetteerError, match="line 2, field 'center_id'"):
        list(zone_records(zones, centres))
