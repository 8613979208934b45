"""GeoPackage: write → read gives the same IncidentSet; three layers, atomic, clear reader errors."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from incidentmap import api
from incidentmap.errors import InputError, MissingDependencyError
from incidentmap.export._csv import INCIDENT_COLUMNS
from incidentmap.export._gpkg import to_geodataframe, write_gpkg
from incidentmap.gazetteer import Gazetteer
from incidentmap.model import IncidentSet
from incidentmap.sources._gpkg import from_geodataframe, read_gpkg
from test_records import assert_same_incident_set, rich_incident_set

gpd = pytest.importorskip("geopandas")
pyogrio = pytest.importorskip("pyogrio")


@pytest.fixture(scope="module")
def example_set(gazetteer: Gazetteer) -> IncidentSet:
    return api.read(api.example_path(), gazetteer=gazetteer)


def test_rich_set_round_trips_equal(tmp_path: Path) -> None:
    data = rich_incident_set()
    assert_same_incident_set(read_gpkg(write_gpkg(data, tmp_path / "a.gpkg")), data)


def test_example_round_trips_equal(tmp_path: Path, example_set: IncidentSet) -> None:
    path = write_gpkg(example_set, tmp_path / "example.gpkg")
    assert_same_incident_set(read_gpkg(path), example_set)


def test_layers_and_crs(tmp_path: Path) -> None:
    path = write_gpkg(rich_incident_set(), tmp_path / "a.gpkg")
    layers = {str(name): kind for name, kind in pyogrio.list_layers(path)}
    assert layers == {"incidents": "Point", "sources": None, "forces": "Point"}
    incidents = pyogrio.read_dataframe(path, layer="incidents")
    assert incidents.crs.to_epsg() == 4326
    assert list(incidents.columns) == [*INCIDENT_COLUMNS, "geometry"]
    assert incidents.geometry[0].coords[0] == (40.17583, 35.28528)
    assert incidents.geometry[2] is None


def test_geodataframe_round_trips_equal() -> None:
    data = rich_incident_set()
    read = from_geodataframe(to_geodataframe(data), data.sources, data.forces)
    assert_same_incident_set(read, data)


def test_two_writes_read_back_the_same(tmp_path: Path) -> None:
    data = rich_incident_set()
    first = read_gpkg(write_gpkg(data, tmp_path / "one.gpkg"))
    second = read_gpkg(write_gpkg(data, tmp_path / "two.gpkg"))
    assert first == second
    for a, b in zip(
        pyogrio.read_dataframe(tmp_path / "one.gpkg", layer="incidents").itertuples(),
        pyogrio.read_dataframe(tmp_path / "two.gpkg", layer="incidents").itertuples(),
        strict=True,
    ):
        assert repr(a) == repr(b)


def test_empty_set_round_trips(tmp_path: Path) -> None:
    assert read_gpkg(write_gpkg(IncidentSet(), tmp_path / "empty.gpkg")) == IncidentSet()


def test_failed_write_leaves_old_file_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "a.gpkg"
    target.write_bytes(b"old")
    real = pyogrio.write_dataframe
    calls = []

    def second_layer_fails(*args: object, **kwargs: object) -> None:
        calls.append(kwargs.get("layer"))
        if len(calls) == 2:
            raise OSError("disk full")
        real(*args, **kwargs)

    monkeypatch.setattr(pyogrio, "write_dataframe", second_layer_fails)
    with pytest.raises(OSError, match="disk full"):
        write_gpkg(rich_incident_set(), target)
    assert os.listdir(tmp_path) == ["a.gpkg"]
    assert target.read_bytes() == b"old"


def test_single_point_layer_of_another_tool_reads(tmp_path: Path) -> None:
    frame = gpd.GeoDataFrame(
        {"id": ["a", "b"], "attacker": ["Russian aircraft", ""], "fid_extra": [1, 2]},
        geometry=gpd.points_from_xy([37.52, 38.6], [36.37, 33.5]),
        crs="EPSG:4326",
    )
    path = tmp_path / "other.gpkg"
    pyogrio.write_dataframe(frame, path, layer="strikes", driver="GPKG")
    data = read_gpkg(path)
    first = data.incidents[0]
    assert first.place is not None
    assert (first.id, first.attacker, first.place.lat, first.place.kind) == (
        "a",
        "Russian aircraft",
        36.37,
        "point",
    )


def test_polygon_layer_is_refused(tmp_path: Path) -> None:
    from shapely.geometry import box

    frame = gpd.GeoDataFrame({"id": ["a"]}, geometry=[box(38, 35, 39, 36)], crs="EPSG:4326")
    path = tmp_path / "areas.gpkg"
    pyogrio.write_dataframe(frame, path, layer="incidents", driver="GPKG")
    with pytest.raises(InputError, match="must be a point; found a Polygon") as info:
        read_gpkg(path)
    assert info.value.field == "incidents[0].geometry"


def test_bad_value_names_layer_and_row(tmp_path: Path) -> None:
    frame = to_geodataframe(rich_incident_set())
    frame.loc[3, "casualties"] = '[{"outcome": "killed", "count": -3}]'
    path = tmp_path / "bad.gpkg"
    pyogrio.write_dataframe(frame, path, layer="incidents", driver="GPKG")
    with pytest.raises(InputError) as info:
        read_gpkg(path)
    assert info.value.field == "incidents[3].casualties[0].count"
    assert str(info.value).startswith(f"{path}, field 'incidents[3].casualties[0].count'")


def test_several_layers_without_incidents_is_an_error(tmp_path: Path) -> None:
    frame = gpd.GeoDataFrame({"id": ["a"]}, geometry=gpd.points_from_xy([38], [35]), crs=4326)
    path = tmp_path / "x.gpkg"
    pyogrio.write_dataframe(frame, path, layer="one", driver="GPKG")
    pyogrio.write_dataframe(frame, path, layer="two", driver="GPKG")
    with pytest.raises(InputError, match="expected a layer 'incidents'"):
        read_gpkg(path)


def test_missing_geopandas_names_the_extra(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "geopandas", None)
    with pytest.raises(MissingDependencyError, match=r"incidentmap\[gis\]"):
        write_gpkg(rich_incident_set(), tmp_path / "a.gpkg")
    with pytest.raises(MissingDependencyError, match=r"incidentmap\[gis\]"):
        read_gpkg(tmp_path / "a.gpkg")
    assert os.listdir(tmp_path) == []
