"""GeoJSON reader: incidentmap's own GeoJSON files, and plain Point FeatureCollections of others.

A file written by :func:`incidentmap.export._geojson.write_geojson` carries the foreign member
``incidentmap`` (sources and force positions) and reads back equal to what was written. Any
other FeatureCollection of Point features reads too: properties named like record keys (``id``,
``date``, ``type``, ``attacker``, ``target``, ``place``, ``notes``, ``casualties``, ...) are used
and checked, other properties are ignored, a feature without an id gets ``feature-<n>`` (``n``
its index), and each point becomes a place of kind ``point`` (id ``input:<incident id>``), as a
``lat``/``lon`` in a YAML incident file does.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NoReturn

from incidentmap._records import (
    INCIDENT_KEYS,
    RECORD_VERSION,
    force_from_record,
    incident_from_record,
    source_from_record,
)
from incidentmap.errors import InputError, ValidationError
from incidentmap.model import ForcePosition, Incident, IncidentSet, Source
from incidentmap.sources._collect import build_all
from incidentmap.sources._yaml import decode

__all__ = ["looks_like_geojson", "read_geojson"]

_GEOJSON_TYPE = re.compile(r'"type"\s*:\s*"(FeatureCollection|Feature)"')


def looks_like_geojson(text_start: str) -> bool:
    """Whether text that starts like this is GeoJSON (a Feature or FeatureCollection).

    Parameters
    ----------
    text_start
        The first few kilobytes of a file.

    Returns
    -------
    bool
        True for a JSON object whose text names ``"type": "FeatureCollection"`` (or
        ``"Feature"``); a JSON incident file (with ``"incidents"``) is not GeoJSON.

    Examples
    --------
    >>> looks_like_geojson('\\ufeff {"type": "FeatureCollection", "features": []}')
    True
    >>> looks_like_geojson('{"incidents": []}')
    False
    """
    text = text_start.lstrip("\ufeff \t\r\n")
    return text.startswith("{") and _GEOJSON_TYPE.search(text) is not None


def read_geojson(path: str | Path, *, text: str | None = None) -> IncidentSet:
    """Read a GeoJSON FeatureCollection into an :class:`~incidentmap.model.IncidentSet`.

    Parameters
    ----------
    path
        The file. With ``text`` it only names the file in messages.
    text
        The file's content, when it is already in memory.

    Returns
    -------
    IncidentSet
        One incident per feature, in file order; the sources and force positions of the
        ``incidentmap`` member (a plain file has no forces, and gets a bare
        :class:`~incidentmap.model.Source` for each source id its features cite).

    Raises
    ------
    InputError
        Naming the file, the line (for JSON syntax errors) and the JSON path
        (``features[3].geometry``): text that is not JSON or not UTF-8, a top level that is not
        a FeatureCollection, a feature whose geometry is not a Point (an incident is a point;
        an area it happened in goes in ``properties.place_geometry``), coordinates out of range
        or at (0, 0) (with a hint when latitude and longitude look swapped), a bad property
        value, a repeated incident id, a source id not defined in the ``incidentmap`` member.
    OSError
        When ``path`` cannot be read.

    Examples
    --------
    >>> data = '''{"type": "FeatureCollection", "features": [
    ...   {"type": "Feature", "geometry": {"type": "Point", "coordinates": [37.52, 36.37]},
    ...    "properties": {"date": "2017-02-28", "attacker": "Russian aircraft"}}]}'''
    >>> incident = read_geojson("strikes.geojson", text=data).incidents[0]
    >>> incident.id, incident.place.lat, incident.attacker
    ('feature-0', 36.37, 'Russian aircraft')
    >>> read_geojson("x.geojson", text='{"type": "FeatureCollection", "features": [{"type": '
    ...     '"Feature", "geometry": {"type": "Point", "coordinates": [36.37, 137.52]}}]}')
    Traceback (most recent call last):
    ...
    incidentmap.errors.InputError: x.geojson, field 'features[0].geometry.coordinates': \
expected a latitude in [-90, 90] (with lon 36.37, latitude and longitude look swapped: \
positions are written (lon, lat)); found 137.52
    """
    name = str(path)
    if text is None:
        text = decode(Path(path).read_bytes(), name)
    data = _parse(text.removeprefix("\ufeff"), name)
    return _Reader(name).read(data)


def _parse(text: str, name: str) -> Any:
    def refuse(constant: str) -> NoReturn:
        raise InputError(f"{constant} is not a JSON number", path=name)

    try:
        return json.loads(text, parse_constant=refuse)
    except json.JSONDecodeError as err:
        raise InputError(
            f"not JSON: {err.msg} (column {err.colno})", path=name, line=err.lineno
        ) from err


class _Reader:
    """Reads one parsed file; holds its name for messages."""

    def __init__(self, name: str) -> None:
        self.name = name

    def fail(self, field: str, message: str) -> NoReturn:
        raise InputError(message, path=self.name, field=field)

    def read(self, data: Any) -> IncidentSet:
        features = self._features(data)
        member = data.get("incidentmap")
        own = member is not None
        sources, forces = self._member(member) if own else ({}, ())
        incidents = build_all(
            enumerate(features), lambda item: self._incident(item[1], item[0], own)
        )
        self._check_ids(incidents)
        if not own:
            for incident in incidents:
                for sid in incident.sources:
                    sources.setdefault(sid, Source(sid))
        try:
            return IncidentSet(tuple(incidents), sources, forces)
        except ValidationError as err:
            index = next(i for i, inc in enumerate(incidents) if err.value in inc.sources)
            self.fail(f"features[{index}].properties.sources", f"{err}; define it in incidentmap")

    def _features(self, data: Any) -> list[Any]:
        if not isinstance(data, dict):
            self.fail("(top level)", f"expected a GeoJSON FeatureCollection; found {data!r:.80}")
        if data.get("type") == "Feature":
            return [data]
        if data.get("type") != "FeatureCollection":
            self.fail("type", f"expected 'FeatureCollection'; found {data.get('type')!r}")
        features = data.get("features")
        if not isinstance(features, list):
            self.fail("features", f"expected a list of features; found {features!r:.80}")
        return features

    def _member(self, member: Any) -> tuple[dict[str, Source], tuple[ForcePosition, ...]]:
        if not isinstance(member, dict) or member.get("version") != RECORD_VERSION:
            self.fail(
                "incidentmap",
                f"expected an object with version {RECORD_VERSION}; found {member!r:.80}",
            )
        sources: dict[str, Source] = {}
        for i, record in enumerate(self._list(member, "sources")):
            at = f"incidentmap.sources[{i}]"
            source = source_from_record(self._mapping(record, at), where=self._at(at))
            if source.id in sources:
                self.fail(f"{at}.id", f"source id {source.id!r} is defined twice")
            sources[source.id] = source
        forces = tuple(
            force_from_record(
                self._mapping(record, f"incidentmap.forces[{i}]"),
                index=i,
                where=self._at(f"incidentmap.forces[{i}]"),
            )
            for i, record in enumerate(self._list(member, "forces"))
        )
        return sources, forces

    def _incident(self, feature: Any, index: int, own: bool) -> Incident:
        at = f"features[{index}]"
        feature = self._mapping(feature, at)
        if feature.get("type") != "Feature":
            self.fail(f"{at}.type", f"expected 'Feature'; found {feature.get('type')!r}")
        properties = feature.get("properties") or {}
        properties = self._mapping(properties, f"{at}.properties")
        record = {k: v for k, v in properties.items() if k in INCIDENT_KEYS}
        if "id" not in record and feature.get("id") is not None:
            record["id"] = feature["id"]
        record.setdefault("id", f"feature-{index}")
        if isinstance(record["id"], int) and not isinstance(record["id"], bool):
            record["id"] = str(record["id"])
        point = self._point(feature.get("geometry"), f"{at}.geometry")
        if point is not None:
            record["lon"], record["lat"] = point
            if not own and "place_id" not in record:
                record.setdefault("place_source", Path(self.name).name)

        def where(field: str) -> tuple[int | None, str]:
            if point is not None and field in ("lat", "lon"):
                return None, f"{at}.geometry.coordinates"
            return None, f"{at}.properties.{field}" if field else f"{at}.properties"

        return incident_from_record(record, where=where, path=self.name)

    def _point(self, geometry: Any, at: str) -> tuple[Any, Any] | None:
        if geometry is None:
            return None
        geometry = self._mapping(geometry, at)
        kind = geometry.get("type")
        if kind != "Point":
            self.fail(
                f"{at}.type",
                f"an incident must be a Point; found {kind!r} (the area or line an incident "
                "happened in goes in properties.place_geometry, with the Point inside it)",
            )
        coordinates = geometry.get("coordinates")
        if (
            not isinstance(coordinates, list)
            or len(coordinates) not in (2, 3)
            or not all(isinstance(c, int | float) and not isinstance(c, bool) for c in coordinates)
        ):
            self.fail(
                f"{at}.coordinates", f"expected [lon, lat] numbers; found {coordinates!r:.80}"
            )
        return coordinates[0], coordinates[1]

    def _check_ids(self, incidents: list[Incident]) -> None:
        first: dict[str, int] = {}
        for i, incident in enumerate(incidents):
            if incident.id in first:
                self.fail(
                    f"features[{i}].properties.id",
                    f"incident id {incident.id!r} is used twice (first by "
                    f"features[{first[incident.id]}]); ids must be unique",
                )
            first[incident.id] = i

    def _list(self, member: Mapping[str, Any], key: str) -> list[Any]:
        value = member.get(key, [])
        if not isinstance(value, list):
            self.fail(f"incidentmap.{key}", f"expected a list; found {value!r:.80}")
        return value

    def _mapping(self, value: Any, at: str) -> Mapping[str, Any]:
        if not isinstance(value, dict):
            self.fail(at, f"expected an object; found {value!r:.80}")
        return value

    def _at(self, prefix: str) -> Any:
        return lambda field: (None, f"{prefix}.{field}" if field else prefix)
