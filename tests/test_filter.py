"""Filtering incident sets: dates, actors, a box, countries."""

from __future__ import annotations

import datetime as dt

from incidentmap.model import ForcePosition, Incident, IncidentSet, Place, Source

BAB = Place("a", "al-Bab", 36.37, 37.52, "town", country="SY")
QAIM = Place("q", "Al-Qa'im", 34.37, 41.09, "town", country="IQ")


def _set() -> IncidentSet:
    incs = (
        Incident("bab", place=BAB, date=dt.date(2017, 2, 28), attacker="Russian aircraft",
                 target="SDF", sources=("s1",)),
        Incident("qaim", place=QAIM, date=dt.date(2017, 11, 3), attacker="US-led coalition",
                 target="Islamic State", sources=("s2",)),
        Incident("undated", place=BAB, attacker="Turkish forces", target="SDF"),
    )  # fmt: skip
    sources = {"s1": Source("s1", outlet="A"), "s2": Source("s2", outlet="B")}
    forces = (ForcePosition("SDF", BAB, dt.date(2017, 2, 28)),)
    return IncidentSet(incs, sources, forces)


def _ids(s: IncidentSet) -> list[str]:
    return [i.id for i in s]


def test_no_filter_keeps_everything() -> None:
    assert _ids(_set().filter()) == ["bab", "qaim", "undated"]


def test_date_range_is_inclusive_and_drops_undated_incidents() -> None:
    s = _set().filter(since=dt.date(2017, 2, 28), until=dt.date(2017, 2, 28))
    assert _ids(s) == ["bab"]


def test_actor_matches_attacker_or_target_ignoring_case() -> None:
    assert _ids(_set().filter(actors=["sdf"])) == ["bab", "undated"]
    assert _ids(_set().filter(actors=["islamic", "turkish"])) == ["qaim", "undated"]


def test_bbox_and_country_keep_incidents_inside() -> None:
    assert _ids(_set().filter(bbox=(40.0, 33.0, 42.0, 35.0))) == ["qaim"]
    assert _ids(_set().filter(countries=["sy"])) == ["bab", "undated"]


def test_only_cited_sources_are_kept() -> None:
    s = _set().filter(countries=["IQ"])
    assert list(s.sources) == ["s2"]
