"""CSV writer: one row per incident, with a sources table and a forces table beside it.

``write_csv(incidents, "incidents.csv")`` writes

- ``incidents.csv``: one row per incident, the columns of :data:`INCIDENT_COLUMNS`;
- ``incidents.sources.csv``: one row per source of the set (when it has any);
- ``incidents.forces.csv``: one row per force position (when there are any).

Every column is documented in ``docs/csv-columns.md``. Plain values are plain cells; the nested
claims are JSON text cells (``casualties``, ``proximity``), next to readable summaries
(``casualties_summary``, ``proximity_summary``) that the reader ignores; an area's geometry is
WKT at full precision. Each incident row also carries the details of the sources it cites
(``source_details``), so the main file alone still says where each claim comes from.

Bytes are deterministic: UTF-8 without a byte-order mark, ``\\n`` line ends, a cell quoted only
when it holds ``,``, ``"`` or a line break (``\\n`` or ``\\r``), floats in their shortest exact
form.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from incidentmap._records import (
    FORCE_KEYS,
    SOURCE_KEYS,
    csv_sidecars,
    flatten_record,
    force_to_record,
    incident_to_record,
    source_to_record,
)
from incidentmap.export._atomic import write_texts
from incidentmap.model import Incident, IncidentSet, Source

__all__ = [
    "FORCE_COLUMNS",
    "INCIDENT_COLUMNS",
    "SOURCE_COLUMNS",
    "incident_rows",
    "write_csv",
]

#: Columns of the incidents table, in file order (see ``docs/csv-columns.md``).
INCIDENT_COLUMNS: tuple[str, ...] = (
    "id",
    "date",
    "type",
    "attacker",
    "target",
    "place",
    "lat",
    "lon",
    "kind",
    "country",
    "admin1",
    "precision",
    "uncertainty_m",
    "casualties_summary",
    "proximity_summary",
    "sources",
    "notes",
    "casualties",
    "proximity",
    "source_details",
    "place_id",
    "place_label",
    "place_source",
    "place_population",
    "place_uncertainty_m",
    "place_geometry",
)
#: Columns of the sources table.
SOURCE_COLUMNS: tuple[str, ...] = SOURCE_KEYS
#: Columns of the forces table.
FORCE_COLUMNS: tuple[str, ...] = FORCE_KEYS

_NEEDS_QUOTES = frozenset(',"\n\r')


def write_csv(incidents: IncidentSet, path: str | Path) -> Path:
    """Write an incident set as CSV tables that :func:`read_csv` reads back equal.

    Parameters
    ----------
    incidents
        The incidents, their sources and force positions.
    path
        The incidents table. The sources and forces tables go beside it
        (``<stem>.sources.csv``, ``<stem>.forces.csv``) when the set has any; an old one left
        from an earlier write is removed when the set has none, so that it is never read back
        with the new file. All files are replaced together, atomically: a failure leaves the old
        files (or none) and no temporary file.

    Returns
    -------
    Path
        ``path`` (the incidents table).

    Raises
    ------
    ValidationError
        When an incident holds a value the format cannot carry (a non-finite
        ``uncertainty_m``).
    OSError
        When a file cannot be written.

    Examples
    --------
    >>> import tempfile
    >>> from incidentmap.model import Incident, IncidentSet, Place
    >>> place = Place("input:a", "al-Bab", 36.37, 37.52, "town")
    >>> out = write_csv(IncidentSet((Incident("a", place),)), Path(tempfile.mkdtemp()) / "a.csv")
    >>> out.read_text().splitlines()[1][:40]
    'a,,,,,,36.37,37.52,town,,,exact,,,,,,[],'
    """
    target = Path(path)
    sources_path, forces_path = csv_sidecars(target)
    outputs = [(target, _table(INCIDENT_COLUMNS, incident_rows(incidents)))]
    if incidents.sources:
        rows = (source_to_record(incidents.sources[k]) for k in sorted(incidents.sources))
        outputs.append((sources_path, _table(SOURCE_COLUMNS, rows)))
    if incidents.forces:
        rows = (flatten_record(force_to_record(f)) for f in incidents.forces)
        outputs.append((forces_path, _table(FORCE_COLUMNS, rows)))
    write_texts(outputs)
    written = {p for p, _ in outputs}
    for stale in (sources_path, forces_path):
        if stale not in written:
            stale.unlink(missing_ok=True)
    return target


def incident_rows(incidents: IncidentSet) -> Iterable[dict[str, Any]]:
    """The flat rows of the incidents table (typed values: numbers stay numbers).

    Shared by the CSV and GeoPackage writers, so that both have the same columns.

    Parameters
    ----------
    incidents
        The incidents and the sources they cite.

    Yields
    ------
    dict
        One row per incident, keys :data:`INCIDENT_COLUMNS`.
    """
    for incident in incidents.incidents:
        row = flatten_record(incident_to_record(incident))
        row["casualties_summary"] = _casualties_summary(incident)
        row["proximity_summary"] = _proximity_summary(incident)
        row["source_details"] = _source_details(incident, incidents.sources)
        yield row


def _casualties_summary(incident: Incident) -> str:
    parts = []
    for claim in incident.casualties:
        cited = f" [{claim.source_id}]" if claim.source_id else ""
        parts.append(f"{claim.label}{cited}")
    return "; ".join(parts)


def _proximity_summary(incident: Incident) -> str:
    parts = []
    for distance in incident.proximity:
        text = " ".join(p for p in (distance.force, distance.label) if p)
        if distance.reference:
            text += f" from {distance.reference}"
        if distance.source_id:
            text += f" [{distance.source_id}]"
        parts.append(text)
    return "; ".join(parts)


def _source_details(incident: Incident, sources: Mapping[str, Source]) -> str:
    cited = sorted(
        {i for i in (*incident.sources, *_claim_sources(incident)) if i and i in sources}
    )
    if not cited:
        return ""
    records = [source_to_record(sources[i]) for i in cited]
    return json.dumps(records, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _claim_sources(incident: Incident) -> list[str]:
    return [c.source_id for c in incident.casualties] + [d.source_id for d in incident.proximity]


def _table(columns: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> str:
    lines = [_line(columns)]
    lines.extend(_line([_cell(row.get(c)) for c in columns]) for row in rows)
    return "\n".join(lines) + "\n"


def _line(cells: Sequence[str]) -> str:
    # csv.writer leaves a lone "\r" unquoted when the line end is "\n", and a reader then
    # splits the row there: quoting by hand keeps every cell intact.
    return ",".join(
        '"' + cell.replace('"', '""') + '"' if not _NEEDS_QUOTES.isdisjoint(cell) else cell
        for cell in cells
    )


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)
