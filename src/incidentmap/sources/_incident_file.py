"""The incident-file reader: YAML or JSON in, a validated IncidentSet out."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pydantic

from incidentmap.model import IncidentSet
from incidentmap.sources._build import build_incident_set
from incidentmap.sources._problems import Problems
from incidentmap.sources._schema import IncidentFile
from incidentmap.sources._yaml import decode, load_document

if TYPE_CHECKING:
    from incidentmap.gazetteer import Gazetteer

__all__ = ["read_incident_file"]


def read_incident_file(
    path: str | Path, gazetteer: Gazetteer | None = None, *, text: str | None = None
) -> IncidentSet:
    """Read an incident file (YAML, or JSON) into an :class:`~incidentmap.model.IncidentSet`.

    The format is described in ``docs/incident-file.md`` and published as a JSON Schema
    (:func:`incident_file_schema`). Each claim stays with its source: two casualty figures from
    two sources are two claims, never one merged figure.

    Parameters
    ----------
    path
        The file to read. With ``text`` it is only the name used in messages and as the
        ``source`` of points given by ``lat``/``lon``.
    gazetteer
        Resolves ``place`` names. May be ``None`` when every location is given as
        ``lat``/``lon``.
    text
        The file's content, when it is already in memory.

    Returns
    -------
    IncidentSet
        The incidents in file order, every source (top-level and inline, inline ones
        de-duplicated), and the positions of forces.

    Raises
    ------
    InputError
        For any problem in the file: its message, ``.path``, ``.line`` (1-based) and ``.field``
        (``incidents[2].casualties[0].count``) say where, what was expected and what was found.
        Syntax errors, an empty file, bytes that are not UTF-8, unknown keys, bad dates,
        distances, counts, coordinates, unknown places (with "did you mean" suggestions),
        duplicate ids and unknown source ids are all reported this way.
    ConfigurationError
        When a ``place`` name must be resolved and ``gazetteer`` is ``None``.
    OSError
        When ``path`` cannot be read.

    Examples
    --------
    >>> data = '''
    ... incidents:
    ...   - id: strike-1
    ...     date: 2017-02-28
    ...     lat: 36.37
    ...     lon: 37.52
    ...     place: villages near al-Bab
    ...     precision: near
    ...     casualties:
    ...       - {outcome: casualties, count_text: some, claimed_by: US commander}
    ...     proximity:
    ...       - {force: US troops, distance: less than 5 km}
    ... '''
    >>> incidents = read_incident_file("example.yaml", text=data)
    >>> strike = incidents.incidents[0]
    >>> strike.place.name, strike.proximity[0].upper_m
    ('villages near al-Bab', 5000.0)
    >>> read_incident_file("bad.yaml", text="incidents:\\n  - id: x\\n    date: yesterday\\n")
    Traceback (most recent call last):
    ...
    incidentmap.errors.InputError: bad.yaml, line 3, field 'incidents[0].date': expected a \
calendar date written YYYY-MM-DD (e.g. 2016-09-17); found 'yesterday'
    """
    name = str(path)
    if text is None:
        text = decode(Path(path).read_bytes(), name)
    document = load_document(text.removeprefix("\ufeff"), name)
    problems = Problems(name, document)
    entry = _validate(document.data, problems)
    return build_incident_set(entry, problems, gazetteer, Path(name).name)


def _validate(data: Any, problems: Problems) -> IncidentFile:
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else f"a single value {data!r}"
        raise problems.error(
            (), f"the top level must be a mapping with an 'incidents:' list; found {kind}"
        )
    try:
        return IncidentFile.model_validate(data)
    except pydantic.ValidationError as err:
        raise problems.from_pydantic(err) from err
