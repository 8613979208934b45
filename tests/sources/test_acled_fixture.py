"""Tests of benchmarks/make_acled.py: a synthetic ACLED export that reads, repeats and looks real."""

from __future__ import annotations

import csv
import datetime as dt
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from incidentmap.sources import read_incidents
from incidentmap.sources._acled import looks_like_acled, read_acled
from incidentmap.sources._formats import detect_format

MAKER = Path(__file__).resolve().parents[2] / "benchmarks" / "make_acled.py"
N = 2000
# The current ACLED export layout, as _acled.py's documentation gives it.
ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
]  # fmt: skip
# ACLED's event types and sub-event types (codebook 2023).
TAXONOMY = {
    "Battles": {
        "Armed clash", "Government regains territory", "Non-state actor overtakes territory",
    },
    "Explosions/Remote violence": {
        "Chemical weapon", "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED", "Grenade",
    },
    "Violence against civilians": {
        "Sexual violence", "Attack", "Abduction/forced disappearance",
    },
    "Protests": {
        "Peaceful protest", "Protest with intervention", "Excessive force against protesters",
    },
    "Riots": {"Violent demonstration", "Mob violence"},
    "Strategic developments": {
        "Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
        "Headquarters or base established", "Looting/property destruction",
        "Non-violent transfer of territory", "Other",
    },
}  # fmt: skip
TARGETING = {"Explosions/Remote violence", "Violence against civilians", "Riots"}
INTER = {
    "State forces", "Rebel groups", "Political militias", "Identity militias", "Rioters",
    "Protesters", "Civilians", "External/Other forces",
}  # fmt: skip


def _make(out: Path, shared_dir: Path, *, seed: int, hash_seed: str = "0") -> Path:
    """Run the generator as its users do, with the positions' files of ``shared_dir``."""
    ged = shared_dir / "data/events/ucdp_ged_syria_2016_2019/ged_syria_2016-01-01_2019-11-30.csv"
    geonames = shared_dir / "data/geonames/cities500_SY_IQ.json"
    if not (ged.is_file() and geonames.is_file()):
        pytest.skip("the UCDP GED and GeoNames files of ../shared/data are not there")
    command = [sys.executable, str(MAKER), str(out), "--n", str(N), "--seed", str(seed)]
    command += ["--ged", str(ged), "--geonames", str(geonames)]
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    subprocess.run(command, check=True, env=env, capture_output=True, text=True)
    return out


@pytest.fixture(scope="module")
def fixture_path(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _make(tmp_path_factory.mktemp("acled") / "acled.csv", shared_dir, seed=7)


@pytest.fixture(scope="module")
def rows(fixture_path: Path) -> list[dict[str, str]]:
    with fixture_path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def ged_points(shared_dir: Path) -> set[tuple[str, str]]:
    ged = shared_dir / "data/events/ucdp_ged_syria_2016_2019/ged_syria_2016-01-01_2019-11-30.csv"
    with ged.open(encoding="utf-8", newline="") as fh:
        return {(r["latitude"], r["longitude"]) for r in csv.DictReader(fh)}


def test_fixture_has_the_current_acled_header(fixture_path: Path) -> None:
    with fixture_path.open(encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    assert header == ACLED_COLUMNS
    assert looks_like_acled(header)
    assert detect_format(fixture_path) == "acled"


def test_fixture_reads_as_acled_with_every_event_placed(fixture_path: Path) -> None:
    events = read_acled(fixture_path)
    assert len(events) == N
    assert events.title == "ACLED events in Syria and Iraq"
    assert all(i.place is not None and (i.place.lat, i.place.lon) != (0, 0) for i in events)
    assert {i.place.country for i in events if i.place} == {"SY", "IQ"}
    assert read_incidents(fixture_path) == events


def test_same_arguments_give_the_same_bytes(
    fixture_path: Path, shared_dir: Path, tmp_path: Path
) -> None:
    again = _make(tmp_path / "again.csv", shared_dir, seed=7, hash_seed="12345")
    other = _make(tmp_path / "other.csv", shared_dir, seed=8)
    assert again.read_bytes() == fixture_path.read_bytes()
    assert other.read_bytes() != fixture_path.read_bytes()


def test_geo_precision_and_countries_have_the_stated_mix(rows: list[dict[str, str]]) -> None:
    geo = Counter(r["geo_precision"] for r in rows)
    for code, share in (("1", 0.70), ("2", 0.22), ("3", 0.08)):
        assert geo[code] / N == pytest.approx(share, abs=0.04)
    countries = Counter(r["country"] for r in rows)
    assert set(countries) == {"Syria", "Iraq"}
    assert countries["Iraq"] / N == pytest.approx(0.10, abs=0.04)
    assert {r["iso"] for r in rows if r["country"] == "Syria"} == {"760"}


def test_syrian_positions_are_real_ged_positions(
    rows: list[dict[str, str]], ged_points: set[tuple[str, str]]
) -> None:
    syria = [r for r in rows if r["country"] == "Syria"]
    assert {(r["latitude"], r["longitude"]) for r in syria} <= ged_points
    assert not any(r["location"].endswith((" village", " town")) for r in rows)
    assert not any(r["admin1"].endswith("Governorate") for r in rows)
    assert not any(r["admin2"].endswith("district") for r in rows)
    busiest = [a for a, _ in Counter(r["admin1"] for r in syria).most_common(5)]
    assert {"Aleppo", "Idlib"} <= set(busiest)


def test_region_precision_uses_one_town_per_governorate(rows: list[dict[str, str]]) -> None:
    towns: dict[str, set[str]] = {}
    for r in rows:
        if r["geo_precision"] == "3":
            towns.setdefault(r["admin1"], set()).add(r["location"])
    assert towns
    assert all(len(t) == 1 for t in towns.values())


def test_dates_cover_five_years(rows: list[dict[str, str]]) -> None:
    days = [dt.date.fromisoformat(r["event_date"]) for r in rows]
    assert min(days) >= dt.date(2017, 1, 1) and max(days) <= dt.date(2021, 12, 31)
    assert {d.year for d in days} == {2017, 2018, 2019, 2020, 2021}
    assert all(r["year"] == r["event_date"][:4] for r in rows)
    assert all(int(r["timestamp"]) > 1_483_228_800 for r in rows)  # after 2017-01-01


def test_events_follow_acled_taxonomy_and_actor_coding(rows: list[dict[str, str]]) -> None:
    for r in rows:
        assert r["sub_event_type"] in TAXONOMY[r["event_type"]]
        assert r["inter1"] in INTER and r["inter2"] in INTER | {""}
        sides = sorted(filter(None, (r["inter1"], r["inter2"])))
        assert sorted(r["interaction"].removesuffix(" only").split("-")) == sides
        targeted = r["inter2"] == "Civilians" and r["event_type"] in TARGETING
        assert r["civilian_targeting"] == ("Civilian targeting" if targeted else "")
    types = Counter(r["event_type"] for r in rows)
    assert types.most_common(1)[0][0] == "Explosions/Remote violence"
    assert len(types) == 6


def test_actors_have_a_long_tail(rows: list[dict[str, str]]) -> None:
    actors = Counter(r["actor1"] for r in rows) + Counter(r["actor2"] for r in rows if r["actor2"])
    assert len(actors) >= 60
    assert "Military Forces of Syria (2000-)" in actors and "Civilians (Syria)" in actors
    assert any(name.endswith("Tribal Militia (Iraq)") for name in actors)
    assert sum(1 for r in rows if "; " in r["assoc_actor_1"]) >= 10


def test_fatalities_sources_notes_and_tags_look_like_acled(rows: list[dict[str, str]]) -> None:
    fatalities = [int(r["fatalities"]) for r in rows]
    assert sum(f <= 3 for f in fatalities) / N >= 0.85
    assert max(fatalities) >= 10
    outlets = [r["source"].split("; ") for r in rows]
    assert all(1 <= len(o) <= 3 and len(set(o)) == len(o) for o in outlets)
    assert len({name for o in outlets for name in o}) >= 40
    assert all(r["source_scale"] for r in rows)
    notes = [len(r["notes"]) for r in rows]
    assert sum(80 <= n <= 160 for n in notes) / N >= 0.8
    assert all(r["notes"].startswith("On ") for r in rows)
    assert sum(bool(r["tags"]) for r in rows) / N < 0.2
    assert len({r["event_id_cnty"] for r in rows}) == N
