"""`incidentmap export` and `incidentmap validate`: formats by suffix, filters, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from incidentmap.api import example_path, read
from incidentmap.cli import cli

BAD = "incidents:\n  - id: a\n    date: 2017-02-31\n    lat: 36.2\n    lon: 37.1\n"


@pytest.fixture
def run(gazetteer_cache: Path, gazetteer: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)

    def _run(*args: str) -> tuple[int, str, str]:
        result = CliRunner().invoke(cli, ["--cache-dir", str(gazetteer_cache), *args])
        return result.exit_code, result.stdout, result.stderr

    return _run


@pytest.mark.parametrize("suffix", [".geojson", ".csv", ".kml", ".gpkg"])
def test_export_writes_the_format_its_suffix_names(run, tmp_path: Path, suffix: str) -> None:
    code, out, err = run("export", str(example_path()), "-o", f"out/example{suffix}")
    assert code == 0, err
    assert (tmp_path / "out" / f"example{suffix}").stat().st_size > 0
    assert "4 incident(s)" in out


@pytest.mark.parametrize("suffix", [".geojson", ".csv", ".gpkg"])
def test_exported_files_read_back_to_the_same_incidents(
    run, tmp_path: Path, gazetteer, suffix: str
) -> None:
    assert run("export", str(example_path()), "-o", f"e{suffix}")[0] == 0
    original = read(example_path(), gazetteer=gazetteer)
    again = read(tmp_path / f"e{suffix}")
    assert again.incidents == original.incidents
    assert again.sources == original.sources


def test_filters_select_incidents_for_export(run, tmp_path: Path) -> None:
    code, _out, err = run(
        "export", str(example_path()), "-o", "f.geojson", "--since", "2017-01-01",
        "--actor", "russian", "--country", "SY", "--bbox", "35,32,43,38",
    )  # fmt: skip
    assert code == 0, err
    features = json.loads((tmp_path / "f.geojson").read_text(encoding="utf-8"))["features"]
    assert sorted(f["properties"]["date"] for f in features) == ["2017-02-28", "2017-09-16"]


def test_an_unknown_output_suffix_exits_2_before_reading(run, tmp_path: Path) -> None:
    code, _, err = run("export", "missing.yaml", "-o", "out.shp")
    assert code == 2
    assert ".shp" in err and ".geojson" in err
    assert not (tmp_path / "out.shp").exists()


def test_bad_input_is_refused_and_nothing_is_written(run, tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text(BAD, encoding="utf-8")
    code, _, err = run("export", "bad.yaml", "-o", "bad.geojson")
    assert code == 2
    assert "bad.yaml" in err and "line 3" in err and "date" in err
    assert list(tmp_path.glob("bad.geojson*")) == []


def test_validate_checks_every_file_and_exits_2_when_one_is_bad(run, tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text(BAD, encoding="utf-8")
    code, out, err = run("validate", str(example_path()), "bad.yaml", "missing.csv")
    assert code == 2
    assert "ok (incidents): 4 incident(s)" in out
    assert "bad.yaml" in err and "line 3" in err
    assert "missing.csv" in err
    assert "2 of 3 file(s) invalid" in err


def test_bad_filter_values_are_usage_errors(run) -> None:
    for args in (["--since", "yesterday"], ["--bbox", "1,2,3"], ["--bbox", "50,0,40,10"]):
        code, _, err = run("export", str(example_path()), "-o", "x.geojson", *args)
        assert code == 2, args
        assert "expected" in err


def test_validate_lists_every_bad_row_of_a_csv(run, tmp_path: Path) -> None:
    assert run("export", str(example_path()), "-o", "e.csv")[0] == 0
    lines = (tmp_path / "e.csv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    col = header.index("date")
    bad = []
    for n in (1, 2, 3):
        cells = lines[n].split(",")
        if cells[col]:
            cells[col] = "2017-02-31"
            lines[n] = ",".join(cells)
            bad.append(n + 1)
    (tmp_path / "e.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, _, err = run("validate", "e.csv")
    assert code == 2
    assert len(bad) >= 2
    for line in bad:
        assert f"line {line}" in err
    assert f"{len(bad)} problems in all" in err


def test_validate_lists_every_bad_feature_of_a_geojson(run, tmp_path: Path) -> None:
    assert run("export", str(example_path()), "-o", "e.geojson")[0] == 0
    doc = json.loads((tmp_path / "e.geojson").read_text(encoding="utf-8"))
    for feature in doc["features"][:2]:
        feature["properties"]["date"] = "not a date"
    (tmp_path / "e.geojson").write_text(json.dumps(doc), encoding="utf-8")
    code, _, err = run("validate", "e.geojson")
    assert code == 2
    assert "2 problems in all" in err
