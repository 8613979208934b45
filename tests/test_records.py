"""The canonical record form: every model field survives record → JSON → record, errors name fields.

``rich_incident_set`` and ``assert_same_incident_set`` are also used by the format tests in
``tests/export/`` (GeoJSON, CSV, GeoPackage).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
import shapely
from shapely.geometry import LineString, Polygon

from incidentmap._records import (
    CASUALTY_KEYS,
    PROXIMITY_KEYS,
    flatten_record,
    force_from_record,
    force_to_record,
    incident_from_record,
    incident_to_record,
    source_from_record,
    source_to_record,
    unflatten_record,
)
from incidentmap.errors import InputError, ValidationError
from incidentmap.model import (
    CasualtyClaim,
    ForcePosition,
    Incident,
    IncidentSet,
    Place,
    ReportedDistance,
    Source,
)

HOSTILE_NOTE = 'He said "stop", then left,\nnext line\r\nand <script>alert(1)</script> — end \n'
BANK = Polygon(
    [
        (40.123456789012345, 35.333333333333336),
        (40.3, 35.1),
        (40.25, 35.45),
        (40.123456789012345, 35.333333333333336),
    ]
)
RIVER = LineString([(38.0, 36.1), (38.55555555555556, 35.9), (40.1, 35.3)])


def rich_incident_set() -> IncidentSet:
    """A hand-made set exercising every field: contested claims, areas, lines, forces, unicode."""
    sources = [
        Source(
            "sohr-2016-09-17",
            outlet="المرصد السوري لحقوق الإنسان",
            url="https://example.org/a?b=1&c=2",
            title='Toll "at 83", rising',
            published=dt.date(2016, 9, 17),
        ),
        Source("ru-mod", outlet="Russian MoD", path="reports/ru mod.txt"),
        Source("odd;id", title="an id with ; in it"),
        Source("uncited-2017", outlet="Nobody cites me", published=dt.date(2017, 1, 2)),
    ]
    near = Place(
        "near:curated:deir-ez-zor-airport",
        "Deir ez-Zor Airport",
        35.28528,
        40.17583,
        "airbase",
        country="SY",
        admin1="دير الزور",
        population=12,
        source="curated: Wikipedia",
        uncertainty_m=10000.0,
    )
    bank = Place(
        "bank:east:euphrates",
        "east bank of the Euphrates — Dayr az Zawr",
        35.3,
        40.2,
        "bank",
        country="SY",
        source="Natural Earth",
        geometry=BANK,
    )
    river = Place("naturalearth:river:euphrates", "Euphrates", 35.9, 38.5, "river", geometry=RIVER)
    killed_62 = CasualtyClaim(
        "killed",
        62,
        70,
        hedge="at least",
        count_text="sixty-two",
        party="Syrian troops",
        claimed_by="Russian military",
        source_id="ru-mod",
        text="at least 62",
        start=10,
        end=21,
    )
    killed_83 = CasualtyClaim(
        "killed", 83, claimed_by="SOHR", source_id="sohr-2016-09-17", text="death toll at 83"
    )
    wounded = CasualtyClaim("wounded", count_text="a small number", claimed_by="US commander")
    distance = ReportedDistance(
        2,
        "mi",
        "at most",
        value_max=3.5,
        approximate=True,
        text="a couple of miles",
        start=3,
        end=20,
        force="US advisers",
        reference="SDF",
        source_id="odd;id",
    )
    incidents = [
        Incident(
            "deir-ez-zor-2016-09-17",
            near,
            place_name="near Deir ez-Zor Airport",
            date=dt.date(2016, 9, 17),
            type="airstrike",
            attacker="US-led coalition",
            target="Syrian Arab Army",
            precision="near",
            uncertainty_m=2500.5,
            casualties=(killed_62, killed_83, wounded),
            proximity=(distance, ReportedDistance(5, "km", "less than", force="US troops")),
            sources=("sohr-2016-09-17", "ru-mod", "odd;id"),
            notes=HOSTILE_NOTE,
        ),
        Incident(
            "bank-2017-09-16",
            bank,
            place_name="east bank of the Euphrates near Deir ez-Zor",
            date=dt.date(2017, 9, 16),
            type="shelling",
            attacker="Russian aircraft",
            precision="region",
            sources=("ru-mod",),
        ),
        Incident("no-place", notes="unresolved: ‘Ḩalab’"),
        Incident("river-1", river, type="clash", precision="region", casualties=(killed_83,)),
    ]
    forces = [
        ForcePosition("Syrian Democratic Forces (SDF)", bank, dt.date(2017, 9, 16), "the east"),
        ForcePosition("US troops", Place("input:forces[1]", "al-Tanf", 33.5, 38.6, "point")),
    ]
    return IncidentSet(tuple(incidents), {s.id: s for s in sources}, tuple(forces))


def _wkb(geometry: Any) -> bytes | None:
    return None if geometry is None else shapely.to_wkb(geometry)


def assert_same_incident_set(read: IncidentSet, written: IncidentSet) -> None:
    """Equal model objects, and identical place geometries (WKB: no rounding, the formats are exact)."""
    assert read == written
    for got, want in zip(read.incidents, written.incidents, strict=True):
        assert _wkb(got.place and got.place.geometry) == _wkb(want.place and want.place.geometry)
    for got_f, want_f in zip(read.forces, written.forces, strict=True):
        assert _wkb(got_f.place.geometry) == _wkb(want_f.place.geometry)


def test_incident_record_round_trips_through_json() -> None:
    data = rich_incident_set()
    for incident in data.incidents:
        record = json.loads(json.dumps(incident_to_record(incident)))
        back = incident_from_record(record)
        assert back == incident
        assert _wkb(back.place and back.place.geometry) == _wkb(
            incident.place and incident.place.geometry
        )


def test_source_and_force_records_round_trip() -> None:
    data = rich_incident_set()
    for source in data.sources.values():
        assert source_from_record(json.loads(json.dumps(source_to_record(source)))) == source
    for i, force in enumerate(data.forces):
        back = force_from_record(json.loads(json.dumps(force_to_record(force))), index=i)
        assert back == force
        assert _wkb(back.place.geometry) == _wkb(force.place.geometry)


def test_record_keys_follow_the_incident_file_contract() -> None:
    incident = rich_incident_set().incidents[0]
    record = incident_to_record(incident)
    assert record["place"] == "near Deir ez-Zor Airport"
    assert record["place_label"] == "Deir ez-Zor Airport"
    assert record["date"] == "2016-09-17"
    assert tuple(record["casualties"][0]) == CASUALTY_KEYS
    assert record["casualties"][0]["source"] == "ru-mod"
    assert tuple(record["proximity"][0]) == PROXIMITY_KEYS
    assert source_to_record(Source("s", published=dt.date(2016, 1, 2)))["date"] == "2016-01-02"


def test_contested_claims_stay_separate() -> None:
    incident = rich_incident_set().incidents[0]
    claims = incident_to_record(incident)["casualties"]
    assert [(c["count"], c["claimed_by"]) for c in claims[:2]] == [
        (62, "Russian military"),
        (83, "SOHR"),
    ]
    assert incident_from_record(incident_to_record(incident)).contested


def test_area_geometry_is_geojson_with_lists() -> None:
    record = incident_to_record(rich_incident_set().incidents[1])
    assert record["place_geometry"]["type"] == "Polygon"
    assert record["place_geometry"]["coordinates"][0][0] == [40.123456789012345, 35.333333333333336]


def test_point_without_place_keys_becomes_input_point() -> None:
    incident = incident_from_record({"id": "x", "lat": 36.37, "lon": 37.52, "place": "al-Bab"})
    assert incident.place == Place("input:x", "al-Bab", 36.37, 37.52, "point")
    unnamed = incident_from_record({"id": "y", "lat": 36.5, "lon": 37})
    assert unnamed.place is not None and unnamed.place.name == "36.5, 37"


def test_bad_claim_names_nested_field() -> None:
    with pytest.raises(ValidationError) as info:
        incident_from_record({"id": "x", "casualties": [{"outcome": "killed"}, {"outcome": "x"}]})
    assert info.value.field == "casualties[1].outcome"


def test_unknown_key_suggests_closest() -> None:
    with pytest.raises(ValidationError, match="did you mean 'attacker'") as info:
        incident_from_record({"id": "x", "atacker": "Russia"})
    assert info.value.field == "atacker"


def test_where_turns_errors_into_input_errors() -> None:
    def where(field: str) -> tuple[int | None, str]:
        return 7, f"rows[3].{field}"

    with pytest.raises(InputError) as info:
        incident_from_record(
            {"id": "x", "proximity": [{"value": -1, "unit": "km"}]}, where=where, path="f.csv"
        )
    err = info.value
    assert (str(err.path), err.line, err.field) == ("f.csv", 7, "rows[3].proximity[0].value")
    assert str(err).startswith("f.csv, line 7, field 'rows[3].proximity[0].value': ")


@pytest.mark.parametrize(
    ("record", "field", "words"),
    [
        ({"id": "x", "lat": 137.5, "lon": 36.2}, "lat", "look swapped"),
        ({"id": "x", "lat": 0, "lon": 0}, "lat", "(0, 0)"),
        ({"id": "x", "lat": 36.2, "lon": 190}, "lon", "[-180, 180]"),
        ({"id": "x", "lat": 36.2}, "lon", "go together"),
        ({"id": "x", "date": "2016-09"}, "date", "YYYY-MM-DD"),
        ({"id": "x", "date": "2016-13-40"}, "date", "YYYY-MM-DD"),
        ({"id": ""}, "id", "non-empty"),
        ({"id": "x", "casualties": [{"outcome": "killed", "count": 1.5}]}, "casualties[0].count", "whole"),
        ({"id": "x", "casualties": [{"outcome": "killed", "count": True}]}, "casualties[0].count", "whole"),
        ({"id": "x", "proximity": [{"value": 1, "unit": "km", "approximate": "yes"}]}, "proximity[0].approximate", "true or false"),
        ({"id": "x", "kind": "town"}, "kind", "without lat and lon"),
        ({"id": "x", "lat": 1, "lon": 2, "place_geometry": {"coordinates": []}}, "place_geometry", "GeoJSON"),
        ({"id": "x", "sources": "s1"}, "sources", "list"),
        ({"id": "x", "attacker": 17}, "attacker", "expected text"),
    ],
)  # fmt: skip
def test_bad_values_name_their_field(record: dict[str, Any], field: str, words: str) -> None:
    with pytest.raises(ValidationError) as info:
        incident_from_record(record)
    assert info.value.field == field
    assert words in str(info.value)


def test_flat_row_round_trips_through_text_cells() -> None:
    for incident in rich_incident_set().incidents:
        row = flatten_record(incident_to_record(incident))
        cells = {
            k: "" if v is None else repr(v) if isinstance(v, float) else str(v)
            for k, v in row.items()
        }
        back = incident_from_record(unflatten_record(cells))
        assert back == incident
        assert _wkb(back.place and back.place.geometry) == _wkb(
            incident.place and incident.place.geometry
        )


def test_flat_sources_cell_falls_back_to_json_for_awkward_ids() -> None:
    assert flatten_record({"sources": ["a", "b"]})["sources"] == "a;b"
    assert flatten_record({"sources": ["a", "odd;id"]})["sources"] == '["a","odd;id"]'
    assert unflatten_record({"sources": '["a","odd;id"]'})["sources"] == ["a", "odd;id"]


def test_flat_bad_json_cell_names_column() -> None:
    with pytest.raises(InputError, match="expected JSON text") as info:
        unflatten_record({"casualties": "[{"}, where=lambda f: (4, f), path="t.csv")
    assert (info.value.line, info.value.field) == (4, "casualties")
