"""Building the index: cached on disk, rebuilt when sources change, clear errors on bad rows."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest

from incidentmap.errors import GazetteerError
from incidentmap.gazetteer import Gazetteer, default_data_dir

BUILT = "gazetteer index built"


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of the bundled gazetteer data that a test may edit."""
    target = tmp_path / "gazetteer"
    shutil.copytree(default_data_dir(), target)
    return target


def _built(caplog: pytest.LogCaptureFixture) -> bool:
    return any(BUILT in r.getMessage() for r in caplog.records)


def test_index_is_cached_on_disk_and_reloaded_without_rebuilding(
    data_copy, tmp_path, caplog
) -> None:
    caplog.set_level(logging.INFO, logger="incidentmap")
    cache = tmp_path / "cache"
    first = Gazetteer.load(data_copy, cache, geonames=False)
    assert _built(caplog) and len(list(cache.glob("gazetteer-*"))) == 1
    caplog.clear()
    second = Gazetteer.load(data_copy, cache, geonames=False)
    assert not _built(caplog)
    assert len(first) == len(second)
    assert second.resolve("al-Tanf")[0].place == first.resolve("al-Tanf")[0].place


def test_index_is_rebuilt_when_a_source_file_changes(data_copy, tmp_path) -> None:
    cache = tmp_path / "cache"
    gaz = Gazetteer.load(data_copy, cache, geonames=False)
    assert gaz.resolve("Testville Outpost") == []
    with (data_copy / "curated.csv").open("a", encoding="utf-8") as fh:
        fh.write('testville,Testville Outpost,Testvil,35.1,39.2,outpost,SY,,"test row"\n')
    gaz = Gazetteer.load(data_copy, cache, geonames=False)
    assert gaz.resolve("Testvil")[0].name == "Testville Outpost"
    assert len(list(cache.glob("gazetteer-*"))) == 1  # the stale index was removed


def test_unreadable_cache_file_is_rebuilt_not_fatal(data_copy, tmp_path, caplog) -> None:
    cache = tmp_path / "cache"
    Gazetteer.load(data_copy, cache, geonames=False)
    (path,) = cache.glob("gazetteer-*")
    (path / "meta.json").write_bytes(b"not json")
    caplog.set_level(logging.INFO, logger="incidentmap")
    assert Gazetteer.load(data_copy, cache, geonames=False).resolve("al-Tanf")
    assert _built(caplog)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            'bad,Bad Place,,north,39.2,town,SY,,"src"',
            r"curated\.csv, line \d+, field 'lat': expected a number, got 'north'",
        ),
        ('bad,Bad Place,,35.1,239.2,town,SY,,"src"', r"field 'lon': 239\.2 not in"),
        ('bad,Bad Place,,35.1,39.2,castle,SY,,"src"', r"field 'kind': 'castle' is not one of"),
        ("bad,Bad Place,,35.1,39.2,town,SY,,", r"field 'source': every row must cite a source"),
    ],
)
def test_bad_curated_row_is_refused_naming_file_line_and_field(data_copy, row, message) -> None:
    with (data_copy / "curated.csv").open("a", encoding="utf-8") as fh:
        fh.write(row + "\n")
    with pytest.raises(GazetteerError, match=message):
        Gazetteer.load(data_copy, None, geonames=False)


def test_missing_natural_earth_file_is_a_clear_error(data_copy) -> None:
    (data_copy / "naturalearth" / "rivers.geojson").unlink()
    with pytest.raises(GazetteerError, match=r"gazetteer data missing: .*rivers\.geojson"):
        Gazetteer.load(data_copy, None, geonames=False)


def test_first_use_says_on_the_terminal_that_it_builds_then_loads_silently(
    data_copy, tmp_path, capfd
) -> None:
    cache = tmp_path / "fresh-cache"
    Gazetteer.load(data_copy, cache, geonames=False)
    assert "building the gazetteer index" in capfd.readouterr().err
    Gazetteer.load(data_copy, cache, geonames=False)
    assert capfd.readouterr().err == ""


def test_half_written_cache_folder_is_ignored_and_rebuilt(data_copy, tmp_path, caplog) -> None:
    cache = tmp_path / "cache"
    Gazetteer.load(data_copy, cache, geonames=False)
    (path,) = cache.glob("gazetteer-*")
    next(path.glob("keys.*.npy")).unlink()
    caplog.set_level(logging.INFO, logger="incidentmap")
    assert Gazetteer.load(data_copy, cache, geonames=False).resolve("al-Tanf")
    assert _built(caplog)


def test_every_curated_row_cites_a_source() -> None:
    import csv

    with (default_data_dir() / "curated.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert rows and all(r["source"].strip() for r in rows)


def test_two_processes_building_the_same_cache_at_once_both_succeed(
    data_copy: Path, tmp_path: Path
) -> None:
    import subprocess
    import sys

    cache = tmp_path / "shared-cache"
    code = (
        "import sys; from incidentmap.gazetteer import Gazetteer; "
        "g = Gazetteer.load(sys.argv[1], sys.argv[2], geonames=False); "
        "print(g.resolve('al-Tanf')[0].place.id)"
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code, str(data_copy), str(cache)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], [err for _out, err in outs]
    assert {out.strip() for out, _err in outs} == {"curated:al-tanf-garrison"}
    assert len([p for p in cache.glob("gazetteer-*") if not p.name.endswith(".tmp")]) == 1
    assert not list(cache.glob("*.tmp"))
