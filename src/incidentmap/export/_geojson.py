"""GeoJSON (RFC 7946) writer: one Point feature per incident, sources and forces alongside.

Each feature's ``geometry`` is the incident's representative point ``[lon, lat]`` (``null`` for an
incident without a place); its ``properties`` are the incident's record
(:func:`incidentmap._records.incident_to_record`) without ``lat``/``lon``, which the geometry
carries. Coordinates are **not rounded**: RFC 7946 only recommends six decimals, and rounding
would break the promise that a written file reads back equal. Python's shortest round-trip
float text keeps ``36.37`` as ``36.37``. The set's sources and force positions travel in a
foreign member at the top level::

    {"features": [...], "incidentmap": {"version": 1, "sources": [...], "forces": [...]},
     "type": "FeatureCollection"}

Bytes are deterministic: sorted keys, ``,``/``:`` separators, UTF-8 as is, one feature per line
(so that a diff shows which incidents changed), a trailing newline.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from incidentmap._records import (
    RECORD_VERSION,
    force_to_record,
    incident_to_record,
    source_to_record,
)
from incidentmap.export._atomic import write_texts
from incidentmap.model import Incident, IncidentSet

__all__ = ["feature_collection", "write_geojson"]


def feature_collection(incidents: IncidentSet) -> dict[str, Any]:
    """The GeoJSON FeatureCollection of an incident set, as a JSON-ready dict.

    Parameters
    ----------
    incidents
        The incidents, their sources and force positions.

    Returns
    -------
    dict
        ``{"type": "FeatureCollection", "features": [...], "incidentmap": {...}}``: one
        feature per incident (``id`` = the incident id) and the foreign member ``incidentmap``
        with ``version``, ``sources`` (sorted by id) and ``forces`` (in order).

    Examples
    --------
    >>> from incidentmap.model import Incident, IncidentSet, Place
    >>> place = Place("input:a", "al-Bab", 36.37, 37.52, "town")
    >>> fc = feature_collection(IncidentSet((Incident("a", place),)))
    >>> fc["features"][0]["geometry"]
    {'type': 'Point', 'coordinates': [37.52, 36.37]}
    """
    return {
        "type": "FeatureCollection",
        "features": [_feature(incident) for incident in incidents.incidents],
        "incidentmap": {
            "version": RECORD_VERSION,
            "sources": [source_to_record(incidents.sources[k]) for k in sorted(incidents.sources)],
            "forces": [force_to_record(force) for force in incidents.forces],
        },
    }


def write_geojson(incidents: IncidentSet, path: str | Path) -> Path:
    """Write an incident set as a GeoJSON file that :func:`read_geojson` reads back equal.

    Parameters
    ----------
    incidents
        The incidents, their sources and force positions.
    path
        The file to write (parent directories are made). It is replaced atomically: a
        failure leaves the old file (or none) and no temporary file.

    Returns
    -------
    Path
        ``path``.

    Raises
    ------
    ValidationError
        When an incident holds a value JSON cannot carry (a non-finite ``uncertainty_m``).
    OSError
        When the file cannot be written.

    Examples
    --------
    >>> import tempfile
    >>> from incidentmap.model import Incident, IncidentSet
    >>> out = Path(tempfile.mkdtemp()) / "incidents.geojson"
    >>> write_geojson(IncidentSet((Incident("a"),)), out).read_text()[:40]
    '{"features":[\\n{"geometry":null,"id":"a",'
    """
    target = Path(path)
    write_texts([(target, _dumps(feature_collection(incidents)))])
    return target


def _feature(incident: Incident) -> dict[str, Any]:
    properties = incident_to_record(incident)
    lat, lon = properties.pop("lat"), properties.pop("lon")
    geometry = None if lat is None else {"type": "Point", "coordinates": [lon, lat]}
    return {"type": "Feature", "id": incident.id, "geometry": geometry, "properties": properties}


def _dumps(collection: dict[str, Any]) -> str:
    def dumps(value: Any) -> str:
        return json.dumps(
            value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
        )

    features = ",\n".join(dumps(feature) for feature in collection["features"])
    body = f"\n{features}\n" if features else ""
    return (
        f'{{"features":[{body}],"incidentmap":{dumps(collection["incidentmap"])},'
        f'"type":"FeatureCollection"}}\n'
    )
