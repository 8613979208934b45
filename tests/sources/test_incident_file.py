"""Reading incident files: places, sources, claims and distances land in the model as written."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from incidentmap.errors import InputError
from incidentmap.gazetteer import Gazetteer
from incidentmap.model import IncidentSet
from incidentmap.sources import read_incident_file

WriteFile = Callable[..., Path]


def read(write_file: WriteFile, content: str, name: str = "incidents.yaml") -> IncidentSet:
    return read_incident_file(write_file(content, name=name))


def test_lat_lon_incident_becomes_a_point_labelled_by_place(write_file: WriteFile) -> None:
    incidents = read(
        write_file,
        """
        incidents:
          - id: bab-villages
            lat: 36.3725
            lon: 37.51778
            place: villages near al-Bab
          - id: no-label
            lat: 35
            lon: 40.5
        """,
        name="my-incidents.yaml",
    )
    labelled, bare = incidents.incidents
    assert labelled.place is not None and bare.place is not None
    assert (labelled.place.id, labelled.place.name, labelled.place.kind) == (
        "input:bab-villages",
        "villages near al-Bab",
        "point",
    )
    assert (labelled.lat, labelled.lon) == (36.3725, 37.51778)
    assert labelled.place.source == "my-incidents.yaml"
    assert labelled.place_name == "villages near al-Bab"
    assert (bare.place.name, bare.place_name) == ("35.0, 40.5", "")


def test_every_incident_field_maps_to_the_model(write_file: WriteFile) -> None:
    incidents = read(
        write_file,
        """
        title: kept out of the model
        incidents:
          - id: deir-ez-zor-2016-09-17
            date: 2016-09-17
            type: airstrike
            attacker: US-led coalition
            target: Syrian Arab Army
            lat: 35.285
            lon: 40.176
            place: Deir ez-Zor airport
            precision: near
            uncertainty_km: 5
            notes: two reports of one strike
        """,
    )
    (inc,) = incidents.incidents
    assert inc.id == "deir-ez-zor-2016-09-17"
    assert inc.date == dt.date(2016, 9, 17)
    assert (inc.type, inc.attacker, inc.target) == (
        "airstrike",
        "US-led coalition",
        "Syrian Arab Army",
    )
    assert (inc.precision, inc.uncertainty_m) == ("near", 5000.0)
    assert inc.notes == "two reports of one strike"
    assert (inc.casualties, inc.proximity, inc.sources) == ((), (), ())


def test_defaults_are_exact_precision_and_no_uncertainty(write_file: WriteFile) -> None:
    (inc,) = read(write_file, "incidents:\n  - {id: a, lat: 35.1, lon: 40.1}\n").incidents
    assert (inc.precision, inc.uncertainty_m, inc.date, inc.type) == ("exact", None, None, "")


def test_casualty_claims_stay_apart_with_their_sources(write_file: WriteFile) -> None:
    incidents = read(
        write_file,
        """
        sources:
          - {id: mod, outlet: Russian Ministry of Defence, date: 2016-09-17}
          - {id: sohr, outlet: Syrian Observatory for Human Rights, url: "https://example.org/s"}
        incidents:
          - id: strike
            lat: 35.285
            lon: 40.176
            casualties:
              - {outcome: killed, count: 62, hedge: at least, claimed_by: Russian military,
                 source: mod, text: at least 62}
              - {outcome: killed, count: 83, claimed_by: SOHR, source: sohr, party: soldiers}
              - {outcome: wounded, count: 100, count_max: 120, source: sohr}
              - {outcome: killed, count_text: a small number}
        """,
    )
    (inc,) = incidents.incidents
    first, second, wounded, vague = inc.casualties
    assert (first.count, first.hedge, first.claimed_by, first.source_id, first.text) == (
        62,
        "at least",
        "Russian military",
        "mod",
        "at least 62",
    )
    assert (second.count, second.source_id, second.party) == (83, "sohr", "soldiers")
    assert (wounded.count, wounded.count_max) == (100, 120)
    assert (vague.count, vague.count_text, vague.source_id) == (None, "a small number", "")
    assert inc.contested
    # A claim's source is one of the incident's sources even when not listed under `sources`.
    assert inc.sources == ("mod", "sohr")
    assert incidents.sources["mod"].published == dt.date(2016, 9, 17)
    assert incidents.sources["sohr"].url == "https://example.org/s"


def test_top_level_sources_are_shared_by_id_and_all_kept(write_file: WriteFile) -> None:
    incidents = read(
        write_file,
        """
        sources:
          - {id: shared, outlet: Example Wire}
          - {id: unused, title: Not cited by any incident}
        incidents:
          - {id: a, lat: 35.1, lon: 40.1, sources: [shared]}
          - {id: b, lat: 35.2, lon: 40.2, sources: [shared, shared]}
        """,
    )
    a, b = incidents.incidents
    assert a.sources == b.sources == ("shared",)
    assert list(incidents.sources) == ["shared", "unused"]


def test_identical_inline_sources_become_one_source_with_a_stable_id(
    write_file: WriteFile,
) -> None:
    incidents = read(
        write_file,
        """
        incidents:
          - id: a
            lat: 35.1
            lon: 40.1
            sources:
              - {outlet: Example Outlet, url: "https://example.org/a", date: 2016-09-18}
          - id: b
            lat: 35.2
            lon: 40.2
            sources:
              - {outlet: Example Outlet, url: "https://example.org/a", date: 2016-09-18}
              - {outlet: Example Outlet, url: "https://example.org/b", date: 2016-09-18}
              - {url: "https://news.example.com/x"}
              - {title: Ḥalab report}
        """,
    )
    a, b = incidents.incidents
    assert a.sources == ("example-outlet-2016-09-18",)
    assert b.sources == (
        "example-outlet-2016-09-18",
        "example-outlet-2016-09-18-2",
        "news-example-com",
        "halab-report",
    )
    assert incidents.sources["example-outlet-2016-09-18-2"].url == "https://example.org/b"
    assert len(incidents.sources) == 4


def test_inline_source_with_an_id_can_be_cited_anywhere(write_file: WriteFile) -> None:
    incidents = read(
        write_file,
        """
        incidents:
          - id: a
            lat: 35.1
            lon: 40.1
            casualties:
              - {outcome: killed, count: 3, source: cnn-1}
          - id: b
            lat: 35.2
            lon: 40.2
            sources:
              - {id: cnn-1, outlet: CNN}
        """,
    )
    a, b = incidents.incidents
    assert a.sources == b.sources == ("cnn-1",)
    assert incidents.sources["cnn-1"].outlet == "CNN"


def test_inline_source_equal_to_a_defined_one_reuses_its_id(write_file: WriteFile) -> None:
    incidents = read(
        write_file,
        """
        sources:
          - {id: wire, outlet: Example Wire, date: 2017-09-16}
        incidents:
          - id: a
            lat: 35.1
            lon: 40.1
            sources:
              - {outlet: Example Wire, date: 2017-09-16}
        """,
    )
    assert incidents.incidents[0].sources == ("wire",)
    assert list(incidents.sources) == ["wire"]


def test_distance_phrase_is_parsed_and_keeps_the_sources_words(write_file: WriteFile) -> None:
    incidents = read(
        write_file,
        """
        sources:
          - {id: s, outlet: Example}
        incidents:
          - id: a
            lat: 36.37
            lon: 37.51
            proximity:
              - {force: US troops, distance: less than 5 km, text: less than five kilometres,
                 reference: the villages, source: s}
              - {force: US advisers, distance: at most a couple of miles}
        """,
    )
    near, couple = incidents.incidents[0].proximity
    assert (near.value, near.unit, near.qualifier, near.upper_m) == (5, "km", "less than", 5000)
    assert (near.text, near.force, near.reference, near.source_id) == (
        "less than five kilometres",
        "US troops",
        "the villages",
        "s",
    )
    assert (near.start, near.end) == (None, None)
    assert couple.upper_m == pytest.approx(3218.688)
    assert couple.approximate
    assert (couple.text, couple.reference, couple.source_id) == (
        "at most a couple of miles",
        "strike",
        "",
    )
    assert incidents.incidents[0].sources == ("s",)


def test_distance_from_value_unit_and_qualifier(write_file: WriteFile) -> None:
    incidents = read(
        write_file,
        """
        incidents:
          - id: a
            lat: 36.37
            lon: 37.51
            proximity:
              - {force: A, value: 5, unit: mi, qualifier: less than}
              - {force: B, value: 2, unit: km, value_max: 3, approximate: true}
              - {force: C, value: 800, unit: m}
        """,
    )
    fewer, between, exact = incidents.incidents[0].proximity
    assert fewer.bound_m == pytest.approx((0, 8046.72))
    assert (between.value, between.value_max, between.approximate) == (2, 3, True)
    assert between.bound_m == (2000, 3000)
    assert (exact.qualifier, exact.bound_m) == ("exact", (800, 800))


def test_place_names_are_resolved_by_the_gazetteer(
    write_file: WriteFile, gazetteer: Gazetteer
) -> None:
    path = write_file(
        """
        incidents:
          - id: airport
            place: Deir ez-Zor airport
            country: sy
        forces:
          - {force: SDF, place: east bank of the Euphrates near Deir ez-Zor, date: 2017-09-16}
        """
    )
    incidents = read_incident_file(path, gazetteer)
    (inc,) = incidents.incidents
    assert inc.place is not None
    assert inc.place == gazetteer.best("Deir ez-Zor airport", country="SY").place
    assert inc.place_name == "Deir ez-Zor airport"
    (force,) = incidents.forces
    assert (force.force, force.place.kind, force.date) == ("SDF", "bank", dt.date(2017, 9, 16))


def test_force_positions_with_lat_lon(write_file: WriteFile) -> None:
    incidents = read(
        write_file,
        """
        incidents: []
        forces:
          - {force: US advisers, lat: 36.4, lon: 37.6, text: nearby}
          - {force: SDF, lat: 35.4, lon: 40.2, place: east bank, date: 2017-09-16}
        """,
    )
    first, second = incidents.forces
    assert (first.force, first.place.id, first.place.name, first.text, first.date) == (
        "US advisers",
        "input:forces[0]",
        "36.4, 37.6",
        "nearby",
        None,
    )
    assert (second.place.name, second.date) == ("east bank", dt.date(2017, 9, 16))
    assert len(incidents) == 0


def test_json_file_is_read_and_errors_name_its_lines(write_file: WriteFile) -> None:
    document = {
        "sources": [{"id": "s", "outlet": "Example", "date": "2016-09-17"}],
        "incidents": [
            {
                "id": "a",
                "date": "2016-09-17",
                "lat": 35.2,
                "lon": 1e1,
                "casualties": [{"outcome": "killed", "count": 62, "source": "s"}],
            }
        ],
    }
    text = json.dumps(document, indent="\t")
    incidents = read_incident_file(write_file(text, name="incidents.json"))
    (inc,) = incidents.incidents
    assert (inc.date, inc.lon, inc.casualties[0].count) == (dt.date(2016, 9, 17), 10.0, 62)
    assert incidents.sources["s"].published == dt.date(2016, 9, 17)

    document["incidents"][0]["casualties"][0]["count"] = -62  # type: ignore[index]
    broken = json.dumps(document, indent=2)
    line = broken.splitlines().index('          "count": -62,') + 1
    with pytest.raises(InputError) as caught:
        read_incident_file(write_file(broken, name="broken.json"))
    assert (caught.value.line, caught.value.field) == (line, "incidents[0].casualties[0].count")
    assert f"broken.json, line {line}" in str(caught.value)


def test_text_argument_is_read_instead_of_the_file(tmp_path: Path) -> None:
    missing = tmp_path / "not-written.yaml"
    incidents = read_incident_file(
        missing, text="\ufeffincidents:\n  - {id: a, lat: 35.1, lon: 40.1}\n"
    )
    assert incidents.incidents[0].place is not None
    assert incidents.incidents[0].place.source == "not-written.yaml"


def test_byte_order_mark_is_ignored(write_file: WriteFile) -> None:
    path = write_file(b"\xef\xbb\xbfincidents:\n  - {id: a, lat: 35.1, lon: 40.1}\n")
    assert len(read_incident_file(path)) == 1


def test_anchors_and_merge_keys_share_values(write_file: WriteFile) -> None:
    incidents = read(
        write_file,
        """
        incidents:
          - &base
            id: a
            lat: 35.1
            lon: 40.1
            attacker: Russian aircraft
          - <<: *base
            id: b
        """,
    )
    a, b = incidents.incidents
    assert (b.id, b.attacker, b.lat) == ("b", "Russian aircraft", 35.1)
    assert a.id == "a"
