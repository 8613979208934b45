"""Malformed input of every kind: only incidentmap's own errors, never a traceback or (0, 0)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from incidentmap.errors import IncidentMapError
from incidentmap.model import IncidentSet
from incidentmap.sources import read_incidents

FUZZ = settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)

UCDP_COLUMNS = [
    "id",
    "year",
    "active_year",
    "type_of_violence",
    "conflict_new_id",
    "conflict_name",
    "dyad_new_id",
    "dyad_name",
    "side_a_new_id",
    "side_a",
    "side_b_new_id",
    "gwnob",
    "side_b",
    "number_of_sources",
    "source_article",
    "source_office",
    "source_date",
    "source_headline",
    "source_original",
    "where_prec",
    "where_coordinates",
    "adm_1",
    "adm_2",
    "latitude",
    "longitude",
    "geom_wkt",
    "priogrid_gid",
    "country",
    "country_id",
    "region",
    "event_clarity",
    "date_prec",
    "date_start",
    "date_end",
    "deaths_a",
    "deaths_b",
    "deaths_civilians",
    "deaths_unknown",
    "low",
    "best",
    "high",
]
ACLED_COLUMNS = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
]
INCIDENT_CSV_COLUMNS = ["id", "date", "attacker", "target", "lat", "lon", "precision",
                        "casualties", "proximity", "sources"]  # fmt: skip

# Values a column might hold in a broken export: numbers out of range, swapped coordinates,
# zeros, empty cells, text where numbers belong, huge fields, quotes and odd characters.
CELL = st.one_of(
    st.sampled_from(["", "0", "0.0", "-0", "1", "2", "7", "-91", "181", "36.2", "37.1", "NaN",
                     "inf", "1e309", "2016-13-40", "2017-02-28", "15 January 2020", "[]",
                     "[{}]", '{"a": 1}', "null", "x" * 5000, "\u202e", "\x00", '"', "Syria"]),
    st.text(max_size=30),
    st.integers(-(10**12), 10**12).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)  # fmt: skip


def _csv_line(cells: list[str]) -> str:
    return ",".join('"' + c.replace('"', '""') + '"' for c in cells)


def _read(content: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"input{suffix}"
        path.write_bytes(content)
        try:
            result = read_incidents(path)
        except IncidentMapError:
            return
        assert isinstance(result, IncidentSet)
        for inc in result:
            if inc.place is not None:
                assert (inc.place.lat, inc.place.lon) != (0, 0)
                assert -90 <= inc.place.lat <= 90 and -180 <= inc.place.lon <= 180


@FUZZ
@given(st.lists(st.lists(CELL, min_size=0, max_size=45), min_size=0, max_size=4),
       st.sampled_from([UCDP_COLUMNS, ACLED_COLUMNS, INCIDENT_CSV_COLUMNS]))  # fmt: skip
def test_broken_csv_rows_give_only_our_errors(rows: list[list[str]], header: list[str]) -> None:
    lines = [",".join(header)] + [_csv_line(r) for r in rows]
    _read(("\n".join(lines) + "\n").encode("utf-8"), ".csv")


@FUZZ
@given(
    st.recursive(
        st.none() | st.booleans() | st.floats(allow_nan=False) | st.integers() | CELL,
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(CELL, inner, max_size=4),
        max_leaves=12,
    ),
    st.lists(st.tuples(st.floats(-400, 400) | st.just(0.0), st.floats(-400, 400) | st.just(0.0)),
             max_size=3),
)  # fmt: skip
def test_broken_geojson_gives_only_our_errors(
    properties: object, coordinates: list[tuple[float, float]]
) -> None:
    features = [
        {"type": "Feature", "properties": properties if isinstance(properties, dict) else {"x": 1},
         "geometry": {"type": "Point", "coordinates": list(xy)}}
        for xy in coordinates
    ]  # fmt: skip
    document = {"type": "FeatureCollection", "features": features}
    _read(json.dumps(document).encode("utf-8"), ".geojson")
    if not isinstance(properties, dict):
        _read(json.dumps({"type": "FeatureCollection", "features": properties}).encode(), ".json")


@FUZZ
@given(st.dictionaries(
    st.sampled_from(["id", "date", "lat", "lon", "precision", "uncertainty_km", "casualties",
                     "proximity", "sources", "notes", "attacker", "typo"]),
    st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | CELL,
                 lambda inner: st.lists(inner, max_size=3) | st.dictionaries(CELL, inner, max_size=3),
                 max_leaves=8),
    max_size=8,
))  # fmt: skip
def test_broken_incident_files_give_only_our_errors(incident: dict[str, object]) -> None:
    _read(json.dumps({"incidents": [incident]}, allow_nan=True).encode("utf-8"), ".json")


@FUZZ
@given(st.binary(max_size=300), st.sampled_from([".yaml", ".csv", ".geojson", ".json", ".gpkg"]))
def test_random_bytes_give_only_our_errors(content: bytes, suffix: str) -> None:
    _read(content, suffix)


@FUZZ
@given(st.sampled_from(["utf-16", "latin-1", "cp1256", "utf-8-sig"]),
       st.sampled_from([",".join(UCDP_COLUMNS), "incidents:\n  - id: é\n    lat: 36\n    lon: 37",
                        '{"type": "FeatureCollection", "features": []}']))  # fmt: skip
def test_odd_encodings_give_only_our_errors(encoding: str, text: str) -> None:
    _read(text.encode(encoding), ".dat")
