"""GeoJSON: write → read gives the same IncidentSet; deterministic, atomic; clear reader errors."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from incidentmap import api
from incidentmap.errors import InputError
from incidentmap.export import _atomic
from incidentmap.export._geojson import feature_collection, write_geojson
from incidentmap.gazetteer import Gazetteer
from incidentmap.model import IncidentSet
from incidentmap.sources._geojson import looks_like_geojson, read_geojson
from test_records import assert_same_incident_set, rich_incident_set


@pytest.fixture(scope="module")
def example_set(gazetteer: Gazetteer) -> IncidentSet:
    return api.read(api.example_path(), gazetteer=gazetteer)


def _collection(*features: dict[str, object]) -> str:
    return json.dumps({"type": "FeatureCollection", "features": list(features)})


def _point(lon: float, lat: float, **properties: object) -> dict[str, object]:
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": properties,
    }


def test_rich_set_round_trips_equal(tmp_path: Path) -> None:
    data = rich_incident_set()
    assert_same_incident_set(read_geojson(write_geojson(data, tmp_path / "a.geojson")), data)


def test_example_round_trips_equal(tmp_path: Path, example_set: IncidentSet) -> None:
    path = write_geojson(example_set, tmp_path / "example.geojson")
    assert_same_incident_set(read_geojson(path), example_set)


def test_written_file_is_rfc7946_feature_collection(tmp_path: Path) -> None:
    data = rich_incident_set()
    document = json.loads(write_geojson(data, tmp_path / "a.geojson").read_text("utf-8"))
    assert document["type"] == "FeatureCollection"
    assert "crs" not in document
    first, _, no_place, _ = document["features"]
    assert first["geometry"] == {"type": "Point", "coordinates": [40.17583, 35.28528]}
    assert first["id"] == first["properties"]["id"] == "deir-ez-zor-2016-09-17"
    assert "lat" not in first["properties"]
    assert no_place["geometry"] is None
    member = document["incidentmap"]
    assert member["version"] == 1
    assert [s["id"] for s in member["sources"]] == sorted(data.sources)
    assert len(member["forces"]) == 2


def test_feature_collection_matches_written_file(tmp_path: Path) -> None:
    data = rich_incident_set()
    written = json.loads(write_geojson(data, tmp_path / "a.geojson").read_text("utf-8"))
    assert written == json.loads(json.dumps(feature_collection(data)))


def test_two_writes_give_same_bytes(tmp_path: Path) -> None:
    data = rich_incident_set()
    first = write_geojson(data, tmp_path / "one" / "a.geojson").read_bytes()
    second = write_geojson(data, tmp_path / "two" / "a.geojson").read_bytes()
    assert first == second
    assert first.endswith(b"}\n")
    assert "المرصد".encode() in first  # UTF-8 as is, not \u escapes


def test_failed_write_leaves_no_file_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(*_: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(_atomic.os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        write_geojson(rich_incident_set(), tmp_path / "a.geojson")
    assert os.listdir(tmp_path) == []


def test_failed_write_keeps_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "a.geojson"
    target.write_text("old", encoding="utf-8")

    def fail(*_: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(_atomic.os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        write_geojson(rich_incident_set(), target)
    assert target.read_text("utf-8") == "old"
    assert os.listdir(tmp_path) == ["a.geojson"]


def test_plain_feature_collection_reads_with_generated_ids() -> None:
    text = _collection(
        _point(37.52, 36.37, date="2017-02-28", attacker="Russian aircraft", sources=["x"]),
        _point(38.6, 33.5),
        {"type": "Feature", "id": 17, "geometry": None, "properties": {"notes": "n"}},
    )
    data = read_geojson("other.geojson", text=text)
    first, second, third = data.incidents
    assert (first.id, second.id, third.id) == ("feature-0", "feature-1", "17")
    assert first.place is not None
    assert (first.place.lon, first.place.lat, first.place.kind) == (37.52, 36.37, "point")
    assert first.place.id == "input:feature-0"
    assert first.place.source == "other.geojson"
    assert first.attacker == "Russian aircraft"
    assert data.sources["x"].id == "x"
    assert third.place is None


def test_unknown_properties_are_ignored() -> None:
    text = _collection(_point(37.52, 36.37, id="a", **{"marker-color": "#f00"}))
    assert read_geojson("x.geojson", text=text).incidents[0].id == "a"


def test_polygon_feature_is_refused() -> None:
    polygon = {
        "type": "Feature",
        "geometry": {"type": "Polygon", "coordinates": [[[38, 35], [39, 35], [39, 36], [38, 35]]]},
        "properties": {},
    }
    with pytest.raises(InputError, match="must be a Point; found 'Polygon'") as info:
        read_geojson("x.geojson", text=_collection(_point(37.5, 36.4), polygon))
    assert info.value.field == "features[1].geometry.type"


@pytest.mark.parametrize(
    ("lon", "lat", "words"),
    [
        (36.37, 137.52, "look swapped"),
        (190.0, 36.37, "[-180, 180]"),
        (37.5, -91.0, "[-90, 90]"),
        (0, 0, "(0, 0)"),
    ],
)
def test_bad_coordinates_name_the_feature(lon: float, lat: float, words: str) -> None:
    with pytest.raises(InputError) as info:
        read_geojson("x.geojson", text=_collection(_point(37.5, 36.4), _point(lon, lat)))
    assert info.value.field == "features[1].geometry.coordinates"
    assert words in str(info.value)
    assert str(info.value).startswith("x.geojson, field 'features[1]")


def test_syntax_error_names_line() -> None:
    with pytest.raises(InputError, match="not JSON") as info:
        read_geojson("x.geojson", text='{"type": "FeatureCollection",\n "features": [,]}')
    assert info.value.line == 2


def test_not_utf8_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "x.geojson"
    path.write_bytes(b'{"type": "FeatureCollection", "features": []}\n\xff')
    with pytest.raises(InputError, match="not UTF-8") as info:
        read_geojson(path)
    assert info.value.line == 2


def test_bad_property_names_the_json_path() -> None:
    text = _collection(_point(37.5, 36.4, casualties=[{"outcome": "killed", "count": -3}]))
    with pytest.raises(InputError) as info:
        read_geojson("x.geojson", text=text)
    assert info.value.field == "features[0].properties.casualties[0].count"


def test_repeated_id_is_an_error() -> None:
    text = _collection(_point(37.5, 36.4, id="a"), _point(37.6, 36.4, id="a"))
    with pytest.raises(InputError, match="used twice"):
        read_geojson("x.geojson", text=text)


def test_own_file_citing_undefined_source_is_an_error(tmp_path: Path) -> None:
    path = write_geojson(rich_incident_set(), tmp_path / "a.geojson")
    document = json.loads(path.read_text("utf-8"))
    document["incidentmap"]["sources"] = []
    with pytest.raises(InputError, match="unknown source") as info:
        read_geojson(path, text=json.dumps(document))
    assert info.value.field == "features[0].properties.sources"


def test_top_level_that_is_not_a_collection_is_an_error() -> None:
    with pytest.raises(InputError, match="'FeatureCollection'"):
        read_geojson("x.geojson", text='{"type": "GeometryCollection", "geometries": []}')


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        ('{"type": "FeatureCollection", "features": [', True),
        ('\ufeff\n  {"features": [], "type":"Feature"', True),
        ('{"incidents": [{"id": "a"}]}', False),
        ("incidents:\n  - id: a\n", False),
    ],
)
def test_looks_like_geojson(start: str, expected: bool) -> None:
    assert looks_like_geojson(start) is expected
