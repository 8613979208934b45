"""The canonical record form of incidents, sources and force positions, shared by GIS formats.

This module belongs to the **model layer** (DESIGN.md): it imports only
:mod:`incidentmap.model`, :mod:`incidentmap.errors` and shapely, so that both the readers in
``incidentmap.sources`` and the writers in ``incidentmap.export`` can use it without importing
each other.

A *record* is a plain, JSON-ready ``dict`` (str keys; str, int, float, bool, None, lists and
dicts as values) holding every field of a model object, so that ``x_from_record(x_to_record(x))
== x`` and the geometries are equal too. Key names follow the YAML incident-file contract
(``docs/incident-file.md``) wherever the concept is the same: an incident's ``place`` is the place
as written (:attr:`Incident.place_name`), a claim's ``source`` is the id of its source, a source's
``date`` is its publication date. The resolved :class:`~incidentmap.model.Place` is spread over
``lat``, ``lon``, ``kind``, ``country``, ``admin1`` and the ``place_*`` keys; ``place_geometry`` is
a GeoJSON geometry object (or ``None``). Floats are never rounded: Python's shortest round-trip
``repr`` keeps them exact through JSON and text.

The *flat* form (:func:`flatten_record` / :func:`unflatten_record`) is the one-row-per-incident
table of CSV and GeoPackage files: claims become JSON text cells, source ids a ``;``-joined cell
and the place geometry WKT. ``docs/csv-columns.md`` documents every column.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import math
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, NoReturn, TypeVar

from incidentmap.errors import InputError, ValidationError
from incidentmap.model import (
    CasualtyClaim,
    ForcePosition,
    Incident,
    Place,
    ReportedDistance,
    Source,
)

__all__ = [
    "CASUALTY_KEYS",
    "FORCE_KEYS",
    "INCIDENT_KEYS",
    "PLACE_KEYS",
    "PROXIMITY_KEYS",
    "RECORD_VERSION",
    "SOURCE_KEYS",
    "Where",
    "csv_sidecars",
    "flatten_record",
    "force_from_record",
    "force_to_record",
    "geometry_from_geojson",
    "geometry_to_geojson",
    "incident_from_record",
    "incident_to_record",
    "source_from_record",
    "source_to_record",
    "unflatten_record",
]

#: Version of the record form; written by the formats that can carry it.
RECORD_VERSION = 1

#: Maps a field of a record (``"casualties[0].count"``) to ``(line, field as shown)`` for errors.
Where = Callable[[str], tuple[int | None, str]]

#: The keys of a resolved place, shared by incident and force records.
PLACE_KEYS: tuple[str, ...] = (
    "lat",
    "lon",
    "kind",
    "country",
    "admin1",
    "place_id",
    "place_label",
    "place_source",
    "place_population",
    "place_uncertainty_m",
    "place_geometry",
)
#: The keys of an incident record, in the order the flat formats write them.
INCIDENT_KEYS: tuple[str, ...] = (
    "id",
    "date",
    "type",
    "attacker",
    "target",
    "place",
    *PLACE_KEYS,
    "precision",
    "uncertainty_m",
    "casualties",
    "proximity",
    "sources",
    "notes",
)
#: The keys of one casualty claim (``CasualtyClaim.source_id`` is ``source``).
CASUALTY_KEYS: tuple[str, ...] = (
    "outcome",
    "count",
    "count_max",
    "best",
    "hedge",
    "count_text",
    "party",
    "claimed_by",
    "source",
    "text",
    "start",
    "end",
)
#: The keys of one reported distance (``ReportedDistance.source_id`` is ``source``).
PROXIMITY_KEYS: tuple[str, ...] = (
    "force",
    "value",
    "unit",
    "qualifier",
    "value_max",
    "approximate",
    "reference",
    "text",
    "source",
    "start",
    "end",
)
#: The keys of a source record (``Source.published`` is ``date``).
SOURCE_KEYS: tuple[str, ...] = ("id", "outlet", "url", "title", "date", "path")
#: The keys of a force-position record.
FORCE_KEYS: tuple[str, ...] = ("force", "date", "text", *PLACE_KEYS)

#: Record keys the flat form stores as JSON text.
_JSON_CELLS = ("casualties", "proximity")
#: Record keys holding optional numbers, and whether they must be whole.
_NUMBER_KEYS: Mapping[str, bool] = {
    "lat": False,
    "lon": False,
    "place_population": True,
    "place_uncertainty_m": False,
    "uncertainty_m": False,
}
_T = TypeVar("_T")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_INT = re.compile(r"[+-]?\d+")


# --------------------------------------------------------------------------- model -> record


def incident_to_record(incident: Incident) -> dict[str, Any]:
    """The record of an incident: every field, JSON-ready.

    Parameters
    ----------
    incident
        The incident.

    Returns
    -------
    dict
        Keys :data:`INCIDENT_KEYS`; ``casualties`` and ``proximity`` are lists of dicts with
        keys :data:`CASUALTY_KEYS` / :data:`PROXIMITY_KEYS`, ``sources`` a list of ids, dates
        ISO ``YYYY-MM-DD`` strings, ``place_geometry`` a GeoJSON geometry or ``None``.

    Raises
    ------
    ValidationError
        When ``uncertainty_m`` is not a finite number (JSON cannot hold it).

    Examples
    --------
    >>> from incidentmap.model import Incident, Place
    >>> place = Place("input:a", "al-Bab", 36.37, 37.52, "town", country="SY")
    >>> record = incident_to_record(Incident("a", place, place_name="near al-Bab"))
    >>> record["place"], record["place_label"], record["lat"], record["casualties"]
    ('near al-Bab', 'al-Bab', 36.37, [])
    >>> incident_from_record(record) == Incident("a", place, place_name="near al-Bab")
    True
    """
    if incident.uncertainty_m is not None and not math.isfinite(incident.uncertainty_m):
        raise ValidationError(
            f"uncertainty_m of incident {incident.id!r} must be finite, "
            f"got {incident.uncertainty_m!r}",
            field="uncertainty_m",
            value=incident.uncertainty_m,
        )
    return {
        "id": incident.id,
        "date": _iso(incident.date),
        "type": incident.type,
        "attacker": incident.attacker,
        "target": incident.target,
        "place": incident.place_name,
        **_place_to_record(incident.place),
        "precision": incident.precision,
        "uncertainty_m": incident.uncertainty_m,
        "casualties": [_casualty_to_record(c) for c in incident.casualties],
        "proximity": [_distance_to_record(d) for d in incident.proximity],
        "sources": list(incident.sources),
        "notes": incident.notes,
    }


def source_to_record(source: Source) -> dict[str, Any]:
    """The record of a source: keys :data:`SOURCE_KEYS` (``date`` is ``published``).

    Parameters
    ----------
    source
        The source.

    Returns
    -------
    dict
        ``{"id", "outlet", "url", "title", "date", "path"}``.

    Examples
    --------
    >>> import datetime as dt
    >>> source_to_record(Source("s1", outlet="CNN", published=dt.date(2017, 3, 1)))["date"]
    '2017-03-01'
    """
    return {
        "id": source.id,
        "outlet": source.outlet,
        "url": source.url,
        "title": source.title,
        "date": _iso(source.published),
        "path": source.path,
    }


def force_to_record(force: ForcePosition) -> dict[str, Any]:
    """The record of a force position: keys :data:`FORCE_KEYS`.

    Parameters
    ----------
    force
        The force position.

    Returns
    -------
    dict
        ``force``, ``date``, ``text`` and the place keys (as in an incident record).

    Examples
    --------
    >>> from incidentmap.model import Place
    >>> pos = ForcePosition("SDF", Place("p", "Tabqa", 35.84, 38.55, "town"))
    >>> force_to_record(pos)["place_label"]
    'Tabqa'
    """
    return {
        "force": force.force,
        "date": _iso(force.date),
        "text": force.text,
        **_place_to_record(force.place),
    }


def geometry_to_geojson(geometry: Any) -> dict[str, Any] | None:
    """A shapely geometry as a GeoJSON geometry object with lists (not tuples); ``None`` stays.

    Examples
    --------
    >>> from shapely.geometry import LineString
    >>> geometry_to_geojson(LineString([(38.0, 35.0), (38.5, 35.25)]))
    {'type': 'LineString', 'coordinates': [[38.0, 35.0], [38.5, 35.25]]}
    """
    if geometry is None:
        return None
    from shapely.geometry import mapping

    return _listify(mapping(geometry))


def _place_to_record(place: Place | None) -> dict[str, Any]:
    if place is None:
        return {
            "lat": None,
            "lon": None,
            "kind": "",
            "country": "",
            "admin1": "",
            "place_id": "",
            "place_label": "",
            "place_source": "",
            "place_population": None,
            "place_uncertainty_m": None,
            "place_geometry": None,
        }
    return {
        "lat": place.lat,
        "lon": place.lon,
        "kind": place.kind,
        "country": place.country,
        "admin1": place.admin1,
        "place_id": place.id,
        "place_label": place.name,
        "place_source": place.source,
        "place_population": place.population,
        "place_uncertainty_m": place.uncertainty_m,
        "place_geometry": geometry_to_geojson(place.geometry),
    }


def _casualty_to_record(claim: CasualtyClaim) -> dict[str, Any]:
    return {
        "outcome": claim.outcome,
        "count": claim.count,
        "count_max": claim.count_max,
        "best": claim.best,
        "hedge": claim.hedge,
        "count_text": claim.count_text,
        "party": claim.party,
        "claimed_by": claim.claimed_by,
        "source": claim.source_id,
        "text": claim.text,
        "start": claim.start,
        "end": claim.end,
    }


def _distance_to_record(distance: ReportedDistance) -> dict[str, Any]:
    return {
        "force": distance.force,
        "value": distance.value,
        "unit": distance.unit,
        "qualifier": distance.qualifier,
        "value_max": distance.value_max,
        "approximate": distance.approximate,
        "reference": distance.reference,
        "text": distance.text,
        "source": distance.source_id,
        "start": distance.start,
        "end": distance.end,
    }


def _iso(date: dt.date | None) -> str | None:
    return None if date is None else date.isoformat()


def _listify(value: Any) -> Any:
    if isinstance(value, tuple | list):
        return [_listify(v) for v in value]
    if isinstance(value, dict):
        return {k: _listify(v) for k, v in value.items()}
    return value


# --------------------------------------------------------------------------- record -> model


def incident_from_record(
    record: Mapping[str, Any], *, where: Where | None = None, path: str | Path | None = None
) -> Incident:
    """Build an incident from its record, checking every value.

    Keys may be missing (they take the model's defaults). A record with ``lat``/``lon`` but
    without the other place keys (a point from another tool) gets a place of kind ``point``
    with id ``input:<id>``, named after ``place`` or else ``"<lat>, <lon>"``, as the YAML
    incident file does.

    Parameters
    ----------
    record
        The record (see :func:`incident_to_record`).
    where
        Maps a record field (``"casualties[0].count"``) to ``(line, field as shown)``. When
        given (or when ``path`` is), problems raise :class:`InputError` instead of
        :class:`ValidationError`.
    path
        The file the record comes from, for :class:`InputError`.

    Returns
    -------
    Incident
        The incident, equal to the one the record was made from.

    Raises
    ------
    ValidationError
        Without ``where`` and ``path``: a bad value; ``.field`` is the record field
        (``"casualties[1].outcome"``).
    InputError
        With ``where`` or ``path``: the same, located by them.

    Examples
    --------
    >>> incident_from_record({"id": "x", "lat": 36.37, "lon": 37.52}).place.id
    'input:x'
    >>> incident_from_record({"id": "x", "casualties": [{"outcome": "kiled"}]})
    Traceback (most recent call last):
    ...
    incidentmap.errors.ValidationError: outcome must be one of ['captured', ..., 'wounded'], \
got 'kiled'
    """
    return _located(_incident, record, where, path)


def source_from_record(
    record: Mapping[str, Any], *, where: Where | None = None, path: str | Path | None = None
) -> Source:
    """Build a source from its record (keys :data:`SOURCE_KEYS`; only ``id`` is required).

    Parameters
    ----------
    record
        The record (see :func:`source_to_record`).
    where, path
        As for :func:`incident_from_record`.

    Returns
    -------
    Source
        The source.

    Raises
    ------
    ValidationError, InputError
        As for :func:`incident_from_record`; unknown keys are errors too.

    Examples
    --------
    >>> source_from_record({"id": "s1", "date": "2017-03-01"}).published
    datetime.date(2017, 3, 1)
    """
    return _located(_source, record, where, path)


def force_from_record(
    record: Mapping[str, Any],
    *,
    index: int = 0,
    where: Where | None = None,
    path: str | Path | None = None,
) -> ForcePosition:
    """Build a force position from its record (keys :data:`FORCE_KEYS`).

    Parameters
    ----------
    record
        The record (see :func:`force_to_record`); ``force``, ``lat`` and ``lon`` are required.
    index
        Position of the force in its file: a point without ``place_id`` gets the id
        ``input:forces[<index>]``, as in the YAML incident file.
    where, path
        As for :func:`incident_from_record`.

    Returns
    -------
    ForcePosition
        The force position.

    Raises
    ------
    ValidationError, InputError
        As for :func:`incident_from_record`.

    Examples
    --------
    >>> force_from_record({"force": "SDF", "lat": 35.84, "lon": 38.55}, index=2).place.id
    'input:forces[2]'
    """
    return _located(lambda r: _force(r, index), record, where, path)


def geometry_from_geojson(value: Any, field: str = "place_geometry") -> Any:
    """A shapely geometry from a GeoJSON geometry object; ``None`` stays ``None``.

    Raises
    ------
    ValidationError
        Naming ``field`` when ``value`` is not a GeoJSON geometry.

    Examples
    --------
    >>> geometry_from_geojson({"type": "Point", "coordinates": [38.0, 35.0]}).wkt
    'POINT (38 35)'
    """
    if value is None:
        return None
    if not isinstance(value, Mapping) or not isinstance(value.get("type"), str):
        _fail(field, "expected a GeoJSON geometry object (with a 'type')", value)
    from shapely.geometry import shape

    try:
        return shape(value)
    except Exception as err:  # shapely raises several kinds for malformed GeoJSON
        _fail(field, f"not a valid GeoJSON geometry ({err})", value)


def _located(
    build: Callable[[Mapping[str, Any]], _T],
    record: Mapping[str, Any],
    where: Where | None,
    path: str | Path | None,
) -> _T:
    try:
        return build(record)
    except ValidationError as err:
        if where is None and path is None:
            raise
        line, shown = where(err.field or "") if where is not None else (None, err.field or "")
        raise InputError(str(err), path=path, line=line, field=shown) from err


def _incident(record: Mapping[str, Any]) -> Incident:
    _check_keys(record, INCIDENT_KEYS, "")
    ident = _text(record, "id")
    if not ident:
        _fail("id", "expected a non-empty incident id", record.get("id"))
    place_name = _text(record, "place")
    place = _place(record, default_id=f"input:{ident}", default_name=place_name)
    return _model(
        "",
        Incident,
        id=ident,
        place=place,
        place_name=place_name,
        date=_date(record, "date"),
        type=_text(record, "type"),
        attacker=_text(record, "attacker"),
        target=_text(record, "target"),
        precision=_text(record, "precision") or "exact",
        uncertainty_m=_number(record, "uncertainty_m"),
        casualties=_items(record, "casualties", _casualty),
        proximity=_items(record, "proximity", _distance),
        sources=_ids(record, "sources"),
        notes=_text(record, "notes"),
    )


def _source(record: Mapping[str, Any]) -> Source:
    _check_keys(record, SOURCE_KEYS, "")
    return _model(
        "",
        Source,
        id=_text(record, "id"),
        outlet=_text(record, "outlet"),
        url=_text(record, "url"),
        title=_text(record, "title"),
        published=_date(record, "date"),
        path=_text(record, "path"),
    )


def _force(record: Mapping[str, Any], index: int) -> ForcePosition:
    _check_keys(record, FORCE_KEYS, "")
    name = _text(record, "force")
    if not name:
        _fail("force", "expected the name of a force", record.get("force"))
    place = _place(record, default_id=f"input:forces[{index}]", default_name="")
    if place is None:
        _fail("lat", "a force position needs lat and lon", None)
    return ForcePosition(name, place, _date(record, "date"), _text(record, "text"))


def _place(record: Mapping[str, Any], *, default_id: str, default_name: str) -> Place | None:
    lat, lon = _number(record, "lat"), _number(record, "lon")
    if lat is None and lon is None:
        for key in ("kind", "place_id", "place_label", "place_source", "place_geometry"):
            if record.get(key) not in (None, ""):
                _fail(key, "given for an incident without lat and lon", record.get(key))
        return None
    if lat is None or lon is None:
        missing = "lat" if lat is None else "lon"
        _fail(missing, "lat and lon go together: give both or neither", None)
    _check_swapped(lat, lon)
    population = _number(record, "place_population", whole=True)
    return _model(
        "",
        Place,
        id=_text(record, "place_id") if "place_id" in record else default_id,
        name=_text(record, "place_label") or default_name or f"{lat}, {lon}",
        lat=lat,
        lon=lon,
        kind=_text(record, "kind") or "point",
        country=_text(record, "country"),
        admin1=_text(record, "admin1"),
        population=int(population or 0),
        source=_text(record, "place_source"),
        geometry=geometry_from_geojson(record.get("place_geometry")),
        uncertainty_m=_number(record, "place_uncertainty_m"),
    )


def _check_swapped(lat: float, lon: float) -> None:
    if not -90 <= lat <= 90 and -90 <= lon <= 90 and -180 <= lat <= 180:
        _fail(
            "lat",
            f"expected a latitude in [-90, 90] (with lon {lon!r}, latitude and longitude "
            "look swapped: positions are written (lon, lat))",
            lat,
        )


def _casualty(item: Mapping[str, Any], field: str) -> CasualtyClaim:
    _check_keys(item, CASUALTY_KEYS, field)
    return _model(
        field,
        CasualtyClaim,
        outcome=_text(item, "outcome", field),
        count=_number(item, "count", field, whole=True),
        count_max=_number(item, "count_max", field, whole=True),
        best=_number(item, "best", field, whole=True),
        hedge=_text(item, "hedge", field),
        count_text=_text(item, "count_text", field),
        party=_text(item, "party", field),
        claimed_by=_text(item, "claimed_by", field),
        source_id=_text(item, "source", field),
        text=_text(item, "text", field),
        start=_number(item, "start", field, whole=True),
        end=_number(item, "end", field, whole=True),
    )


def _distance(item: Mapping[str, Any], field: str) -> ReportedDistance:
    _check_keys(item, PROXIMITY_KEYS, field)
    value = _number(item, "value", field)
    if value is None:
        _fail(f"{field}.value", "expected a number >= 0", None)
    approximate = item.get("approximate", False)
    if not isinstance(approximate, bool):
        _fail(f"{field}.approximate", "expected true or false", approximate)
    return _model(
        field,
        ReportedDistance,
        value=value,
        unit=_text(item, "unit", field),
        qualifier=_text(item, "qualifier", field) or "exact",
        value_max=_number(item, "value_max", field),
        approximate=approximate,
        text=_text(item, "text", field),
        start=_number(item, "start", field, whole=True),
        end=_number(item, "end", field, whole=True),
        force=_text(item, "force", field),
        reference=_text(item, "reference", field),
        source_id=_text(item, "source", field),
    )


def _items(
    record: Mapping[str, Any], key: str, build: Callable[[Mapping[str, Any], str], _T]
) -> tuple[_T, ...]:
    items = record.get(key)
    if items is None:
        return ()
    if not isinstance(items, list):
        _fail(key, "expected a list", items)
    out: list[_T] = []
    for i, item in enumerate(items):
        if not isinstance(item, Mapping):
            _fail(f"{key}[{i}]", "expected a mapping", item)
        out.append(build(item, f"{key}[{i}]"))
    return tuple(out)


def _ids(record: Mapping[str, Any], key: str) -> tuple[str, ...]:
    ids = record.get(key)
    if ids is None:
        return ()
    if not isinstance(ids, list):
        _fail(key, "expected a list of source ids", ids)
    for i, ident in enumerate(ids):
        if not isinstance(ident, str) or not ident:
            _fail(f"{key}[{i}]", "expected a source id (non-empty text)", ident)
    return tuple(ids)


def _model(prefix: str, cls: Callable[..., _T], **kwargs: Any) -> _T:
    """Build a model object; its ValidationError gets the record field in ``.field``."""
    try:
        return cls(**kwargs)
    except ValidationError as err:
        name = err.field or ""
        if cls is Place and name in ("name", "id", "source", "population", "uncertainty_m"):
            name = {"name": "place_label", "id": "place_id"}.get(name, f"place_{name}")
        field = f"{prefix}.{name}" if prefix and name else (prefix or name)
        raise ValidationError(str(err), field=field, value=err.value) from err


def _check_keys(record: Mapping[str, Any], accepted: Sequence[str], prefix: str) -> None:
    for key in record:
        if key not in accepted:
            close = difflib.get_close_matches(str(key), accepted, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            _fail(
                _join(prefix, str(key)),
                f"unknown key {key!r}{hint} (accepted keys: {', '.join(accepted)})",
                key,
            )


def _text(record: Mapping[str, Any], key: str, prefix: str = "") -> str:
    value = record.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        _fail(_join(prefix, key), "expected text", value)
    return value


def _number(record: Mapping[str, Any], key: str, prefix: str = "", *, whole: bool = False) -> Any:
    value = record.get(key)
    if value is None:
        return None
    ok = isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
    if not ok or (whole and not isinstance(value, int)):
        _fail(
            _join(prefix, key), "expected a whole number" if whole else "expected a number", value
        )
    return value


def _date(record: Mapping[str, Any], key: str) -> dt.date | None:
    value = record.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, str) and _DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    _fail(key, "expected a calendar date written YYYY-MM-DD (e.g. 2016-09-17)", value)


def _join(prefix: str, key: str) -> str:
    return f"{prefix}.{key}" if prefix else key


def _fail(field: str, message: str, value: Any) -> NoReturn:
    raise ValidationError(f"{message}; found {value!r}", field=field, value=value)


# --------------------------------------------------------------------------- flat form


def flatten_record(record: Mapping[str, Any]) -> dict[str, Any]:
    """The flat (table) form of an incident record.

    ``casualties`` and ``proximity`` become JSON text (sorted keys, no spaces, UTF-8 as is),
    ``sources`` the ids joined by ``;`` (a JSON list when an id holds ``;``, starts with ``[``
    or has spaces at either end), ``place_geometry`` WKT at full precision (``""`` when
    ``None``), ``date`` ``""`` when ``None``. Other values are unchanged (numbers stay
    numbers, ``None`` stays ``None``).

    Examples
    --------
    >>> row = flatten_record({"id": "a", "sources": ["s1", "s2"], "casualties": []})
    >>> row["sources"], row["casualties"]
    ('s1;s2', '[]')
    """
    row = dict(record)
    for key in _JSON_CELLS:
        if key in row:
            row[key] = _json_text(row[key] or [])
    if "sources" in row:
        ids = row["sources"] or []
        plain = all(";" not in i and not i.startswith("[") and i == i.strip() for i in ids)
        row["sources"] = ";".join(ids) if plain else _json_text(ids)
    if "place_geometry" in row:
        geometry = geometry_from_geojson(row["place_geometry"])
        row["place_geometry"] = "" if geometry is None else _wkt(geometry)
    if "date" in row and row["date"] is None:
        row["date"] = ""
    return row


def unflatten_record(
    row: Mapping[str, Any], *, where: Where | None = None, path: str | Path | None = None
) -> dict[str, Any]:
    """The record of a flat row (from CSV text cells or typed GeoPackage columns).

    Empty cells and NaN are ``None`` for numbers, dates and geometry; number cells may be text
    (``"36.37"``). Keys other than :data:`INCIDENT_KEYS` are left out.

    Parameters
    ----------
    row
        The row, column name to value.
    where, path
        As for :func:`incident_from_record`.

    Returns
    -------
    dict
        A record for :func:`incident_from_record`.

    Raises
    ------
    ValidationError, InputError
        A JSON cell that is not JSON, WKT that is not WKT, a number cell that is not a number.

    Examples
    --------
    >>> unflatten_record({"id": "a", "lat": "36.5", "lon": "", "sources": "s1; s2"})
    {'id': 'a', 'lat': 36.5, 'lon': None, 'sources': ['s1', 's2']}
    """
    return _located(_unflatten, row, where, path)


def _unflatten(row: Mapping[str, Any]) -> dict[str, Any]:
    record: dict[str, Any] = {}
    for key in INCIDENT_KEYS:
        if key not in row:
            continue
        value = row[key]
        if isinstance(value, float) and math.isnan(value):
            value = None
        if key in _NUMBER_KEYS:
            value = _cell_number(value, key, whole=_NUMBER_KEYS[key])
        elif key in _JSON_CELLS:
            value = _cell_json(value, key, list) or []
        elif key == "sources":
            value = _cell_ids(value)
        elif key == "place_geometry":
            value = None if value in (None, "") else _cell_wkt(value, key)
        elif key == "date":
            value = value or None
        elif value is None:
            value = ""
        record[key] = value
    return record


def _cell_number(value: Any, key: str, *, whole: bool) -> Any:
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        try:
            return int(text) if _INT.fullmatch(text) else float(text)
        except ValueError:
            _fail(key, "expected a number", value)
    if whole and isinstance(value, float) and value.is_integer():
        return int(value)  # an integer column with nulls comes back as floats
    if hasattr(value, "item") and not isinstance(value, int | float):
        return value.item()  # numpy scalars
    return value


def _cell_json(value: Any, key: str, kind: type) -> Any:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        _fail(key, "expected JSON text", value)
    try:
        data = json.loads(value)
    except json.JSONDecodeError as err:
        _fail(key, f"expected JSON text ({err.msg} at character {err.pos})", value)
    if not isinstance(data, kind):
        _fail(key, f"expected a JSON {kind.__name__}", data)
    return data


def _cell_ids(value: Any) -> Any:
    if value in (None, ""):
        return []
    if isinstance(value, str) and value.lstrip().startswith("["):
        return _cell_json(value, "sources", list)
    if not isinstance(value, str):
        _fail("sources", "expected source ids joined by ';'", value)
    return [part.strip() for part in value.split(";") if part.strip()]


def _cell_wkt(value: Any, key: str) -> Any:
    import shapely

    if not isinstance(value, str):
        _fail(key, "expected WKT text", value)
    try:
        geometry = shapely.from_wkt(value)
    except shapely.errors.GEOSException as err:
        _fail(key, f"expected WKT ({err})", value)
    return geometry_to_geojson(geometry)


def _wkt(geometry: Any) -> str:
    import shapely

    # rounding_precision=-1: shortest exact digits, so the geometry reads back identical.
    return str(shapely.to_wkt(geometry, rounding_precision=-1))


def _json_text(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def csv_sidecars(path: str | Path) -> tuple[Path, Path]:
    """The two files written beside an incident CSV: ``<stem>.sources.csv``, ``<stem>.forces.csv``.

    Examples
    --------
    >>> [p.name for p in csv_sidecars("out/incidents.csv")]
    ['incidents.sources.csv', 'incidents.forces.csv']
    """
    path = Path(path)
    return path.with_name(f"{path.stem}.sources.csv"), path.with_name(f"{path.stem}.forces.csv")
