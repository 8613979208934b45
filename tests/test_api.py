"""The public Python functions: read, filter, export, GeoDataFrames, progress."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import incidentmap
from incidentmap.gazetteer import Gazetteer


def test_a_geodataframe_round_trip_gives_equal_incidents(gazetteer: Gazetteer) -> None:
    incidents = incidentmap.read(incidentmap.example_path(), gazetteer=gazetteer)
    gdf = incidentmap.to_geodataframe(incidents)
    assert len(gdf) == 4 and str(gdf.crs) == "EPSG:4326"
    assert set(gdf.columns) >= {"id", "date", "attacker", "casualties", "geometry"}
    again = incidentmap.from_geodataframe(gdf, incidents.sources.values())
    assert again.incidents == incidents.incidents


def test_read_several_formats_filter_and_export(gazetteer: Gazetteer, tmp_path: Path) -> None:
    example = incidentmap.read(incidentmap.example_path(), gazetteer=gazetteer)
    path = incidentmap.export(example.filter(actors=["russian"]), tmp_path / "r.geojson")
    back = incidentmap.read(path)
    assert sorted(i.id for i in back) == sorted(
        i.id for i in example if "russian" in i.attacker.lower()
    )


def test_progress_bar_is_silent_unless_asked(
    gazetteer: Gazetteer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = []
    for n in range(3):
        path = tmp_path / f"f{n}.yaml"
        path.write_text(f"incidents:\n  - {{id: i{n}, lat: 36.{n + 1}, lon: 37.1}}\n")
        files.append(path)
    err = io.StringIO()
    monkeypatch.setattr("sys.stderr", err)
    assert len(incidentmap.read(files, gazetteer=gazetteer, progress=None)) == 3
    assert err.getvalue() == ""  # not a terminal: no bar
    assert len(incidentmap.read(files, gazetteer=gazetteer, progress=True)) == 3
    assert "reading" in err.getvalue() and "/3" in err.getvalue()


def test_incidentmap_export_is_callable_before_and_after_the_writers_are_imported(
    gazetteer: Gazetteer, tmp_path: Path
) -> None:
    import incidentmap.export as writers

    incidents = incidentmap.read(incidentmap.example_path(), gazetteer=gazetteer)
    assert incidentmap.export is writers
    assert incidentmap.export(incidents, tmp_path / "a.csv").is_file()
    assert writers.WRITERS  # still the package of writers


def test_write_map_leaves_nothing_when_the_image_fails(
    gazetteer: Gazetteer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import incidentmap.export._static as static

    incidents = incidentmap.read(incidentmap.example_path(), gazetteer=gazetteer)

    def broken(*_args: object, **_kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(static, "write_image", broken)
    monkeypatch.setattr("incidentmap.export.write_image", broken, raising=False)
    with pytest.raises(OSError, match="disk full"):
        incidentmap.write_map(
            incidents, tmp_path / "m.html", png=tmp_path / "m.png",
            fragment=tmp_path / "f.html", gazetteer=gazetteer,
        )  # fmt: skip
    assert list(tmp_path.iterdir()) == []
