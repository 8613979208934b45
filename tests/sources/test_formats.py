"""Telling input formats apart by content, and reading through the registry."""

from __future__ import annotations

from pathlib import Path

import pytest

from incidentmap.errors import InputError
from incidentmap.sources import FORMATS, detect_format, read_incidents

UCDP_HEADER = (
    "id,year,active_year,type_of_violence,conflict_new_id,conflict_name,dyad_new_id,dyad_name,"
    "side_a_new_id,side_a,side_b_new_id,gwnob,side_b,number_of_sources,source_article,"
    "source_office,source_date,source_headline,source_original,where_prec,where_coordinates,"
    "adm_1,adm_2,latitude,longitude,geom_wkt,priogrid_gid,country,country_id,region,"
    "event_clarity,date_prec,date_start,date_end,deaths_a,deaths_b,deaths_civilians,"
    "deaths_unknown,low,best,high\n"
)
ACLED_HEADER = (
    "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,"
    "actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,"
    "iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,"
    "source_scale,notes,fatalities,tags,timestamp\n"
)


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("ged.csv", UCDP_HEADER, "ucdp"),
        ("events.csv", ACLED_HEADER, "acled"),
        ("mine.csv", "id,date,attacker,lat,lon\n", "csv"),
        ("mine.txt", "\ufeffid,date,attacker,lat,lon\n", "csv"),
        ("a.geojson", '{"type": "FeatureCollection", "features": []}', "geojson"),
        ("a.json", '{"features": [], "type": "FeatureCollection"}', "geojson"),
        ("a.json", '{"incidents": []}', "incidents"),
        ("a.yaml", "incidents:\n  - id: x\n", "incidents"),
        ("notes", "# my incidents\nincidents: []\n", "incidents"),
        ("a.gpkg", "SQLite format 3\x00", "gpkg"),
    ],
)
def test_format_is_told_by_content_not_by_name(
    tmp_path: Path, name: str, content: str, expected: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert detect_format(path) == expected


def test_an_acled_export_named_like_an_incident_csv_is_still_acled(tmp_path: Path) -> None:
    path = tmp_path / "incidents.csv"
    path.write_text(ACLED_HEADER, encoding="utf-8")
    assert detect_format(path) == "acled"


@pytest.mark.parametrize("content", ["", "   \n", "hello world\nthis is prose\n"])
def test_unknown_or_empty_content_is_an_error_naming_the_file(tmp_path: Path, content: str) -> None:
    path = tmp_path / "mystery.dat"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=r"mystery\.dat"):
        detect_format(path)


def test_a_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="nothere"):
        read_incidents(tmp_path / "nothere.yaml")


def test_from_overrides_detection(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_text("incidents:\n  - {id: a, lat: 36.2, lon: 37.1}\n", encoding="utf-8")
    assert len(read_incidents(path, fmt="incidents")) == 1
    with pytest.raises(InputError, match="unknown input format"):
        read_incidents(path, fmt="shapefile")


def test_every_registered_reader_can_be_imported() -> None:
    import importlib

    for fmt in FORMATS.values():
        module, function = fmt.reader.split(":")
        assert callable(getattr(importlib.import_module(module), function)), fmt.name
