"""CSV reader: incident tables written by ``write_csv``, and simple incident tables of others.

The columns are documented in ``docs/csv-columns.md``. Only ``id`` is required; a table with
``lat``/``lon`` columns and nothing else of ours (a spreadsheet of strikes) reads as points of
kind ``point``, as in a YAML incident file. Columns the format does not know are ignored
(spreadsheets add their own). The sources and forces tables beside the file
(``<stem>.sources.csv``, ``<stem>.forces.csv``) are read when they exist.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, NoReturn

from incidentmap._records import (
    PLACE_KEYS,
    SOURCE_KEYS,
    Where,
    csv_sidecars,
    force_from_record,
    incident_from_record,
    source_from_record,
    unflatten_record,
)
from incidentmap.errors import InputError
from incidentmap.model import ForcePosition, Incident, IncidentSet, Source
from incidentmap.sources._collect import build_all
from incidentmap.sources._csvtable import physical_lines
from incidentmap.sources._yaml import decode

__all__ = ["force_from_cells", "looks_like_incident_csv", "read_csv", "read_incident_rows"]

#: One table row: its first physical line and its cells by column.
Row = tuple[int, Mapping[str, Any]]
#: Maps ``(row's line or index, field)`` to ``(line, field as shown)`` in messages.
FieldOf = Callable[[int, str], tuple[int | None, str]]


def looks_like_incident_csv(header: str | Sequence[str]) -> bool:
    """Whether a CSV header is that of an incident table.

    Parameters
    ----------
    header
        The first line of the file, or its column names.

    Returns
    -------
    bool
        True when the columns include ``id`` and either ``lat`` and ``lon``, or ``place``.

    Examples
    --------
    >>> looks_like_incident_csv("\\ufeffid,date,lat,lon,attacker")
    True
    >>> looks_like_incident_csv(["name", "lat", "lon"])
    False
    """
    if isinstance(header, str):
        rows = list(csv.reader([header.removeprefix("\ufeff").splitlines()[0] if header else ""]))
        header = rows[0] if rows else []
    columns = {c.strip() for c in header}
    return "id" in columns and ({"lat", "lon"} <= columns or "place" in columns)


def read_csv(path: str | Path, *, text: str | None = None) -> IncidentSet:
    """Read an incident CSV table (and its sources and forces tables) into an IncidentSet.

    Parameters
    ----------
    path
        The incidents table. With ``text`` it only names the file in messages and tells where
        the sources and forces tables would be.
    text
        The incidents table's content, when it is already in memory.

    Returns
    -------
    IncidentSet
        The incidents in row order, the sources (from ``<stem>.sources.csv`` and the
        ``source_details`` cells; a table without ``source_details`` gets a bare
        :class:`~incidentmap.model.Source` for each id it cites) and the force positions.

    Raises
    ------
    InputError
        Naming the file, the physical line where the row starts (1-based) and the column (or
        the field inside a JSON cell: ``casualties[1].count``): no ``id`` column, a repeated
        column, a row with more or fewer cells than the header, a bad value, bad JSON or WKT,
        an incident id used twice, a source defined twice with different details, an
        undefined source id.
    OSError
        When a file cannot be read.

    Examples
    --------
    >>> table = "id,date,lat,lon,attacker\\nstrike-1,2017-02-28,36.37,37.52,Russian aircraft\\n"
    >>> read_csv("strikes.csv", text=table).incidents[0].place.lon
    37.52
    >>> read_csv("strikes.csv", text="id,lat,lon\\nstrike-1,36.37,east\\n")
    Traceback (most recent call last):
    ...
    incidentmap.errors.InputError: strikes.csv, line 2, field 'lon': expected a number; \
found 'east'
    """
    name = str(path)
    if text is None:
        text = decode(Path(path).read_bytes(), name)
    sources_path, forces_path = csv_sidecars(path)
    sources: dict[str, Source] = {}
    if sources_path.is_file():
        sources = _read_sources(sources_path)
    forces = _read_forces(forces_path) if forces_path.is_file() else ()
    return read_incident_rows(_rows(text, name), name, sources, forces)


def read_incident_rows(
    rows: Iterator[Row],
    name: str,
    sources: Mapping[str, Source],
    forces: Sequence[ForcePosition],
    *,
    field_of: FieldOf | None = None,
) -> IncidentSet:
    """Build an IncidentSet from flat incident rows (shared with the GeoPackage reader).

    Parameters
    ----------
    rows
        ``(line, cells)`` pairs; the first row's keys are the columns.
    name
        The file, for messages and as the source of points given only by ``lat``/``lon``.
    sources, forces
        The sources and force positions read from elsewhere in the file(s).
    field_of
        Maps ``(line, field)`` to ``(line, field as shown)``; by default the line and field
        are shown as they are.

    Returns
    -------
    IncidentSet
        The set.

    Raises
    ------
    InputError
        As for :func:`read_csv`.
    """
    builder = _Builder(name, dict(sources), field_of)
    incidents = build_all(rows, lambda lc: builder.incident(lc[0], lc[1]))
    return builder.finish(incidents, tuple(forces))


class _Builder:
    """Turns rows into incidents; collects sources and checks ids across rows."""

    def __init__(self, name: str, sources: dict[str, Source], field_of: FieldOf | None) -> None:
        self.name = name
        self.sources = sources
        self.lines: dict[str, int] = {}
        self.own = False
        # The source_details cells already read: a table repeats the same cell for every
        # incident citing the same sources, and reading it again would change nothing.
        self.details_read: set[str] = set()
        self.field_of: FieldOf = field_of or _as_is

    def fail(self, line: int, field: str, message: str) -> NoReturn:
        shown_line, shown = self.field_of(line, field)
        raise InputError(message, path=self.name, line=shown_line, field=shown)

    def incident(self, line: int, cells: Mapping[str, Any]) -> Incident:
        def where(field: str) -> tuple[int | None, str]:
            return self.field_of(line, field)

        record = unflatten_record(cells, where=where, path=self.name)
        if record.get("lat") not in (None, "") and "place_id" not in cells:
            record.setdefault("place_source", Path(self.name).name)
        if "source_details" in cells:
            self.own = True
            details = cells["source_details"]
            if not (isinstance(details, str) and details in self.details_read):
                self._add_sources(line, details)
                if isinstance(details, str):
                    self.details_read.add(details)
        incident = incident_from_record(record, where=where, path=self.name)
        if incident.id in self.lines:
            self.fail(
                line,
                "id",
                f"incident id {incident.id!r} is used twice (first on line "
                f"{self.lines[incident.id]}); ids must be unique",
            )
        self.lines[incident.id] = line
        return incident

    def finish(self, incidents: list[Incident], forces: tuple[ForcePosition, ...]) -> IncidentSet:
        for incident in incidents:
            for sid in incident.sources:
                if sid in self.sources:
                    continue
                if self.own:
                    self.fail(
                        self.lines[incident.id],
                        "sources",
                        f"source {sid!r} is not defined (in source_details or the sources "
                        f"table); defined: {', '.join(sorted(self.sources)) or 'none'}",
                    )
                self.sources[sid] = Source(sid)
        return IncidentSet(tuple(incidents), self.sources, forces)

    def _within(self, line: int, at: str) -> Where:
        def where(field: str) -> tuple[int | None, str]:
            return self.field_of(line, f"{at}.{field}")

        return where

    def _add_sources(self, line: int, cell: Any) -> None:
        if cell in (None, "") or (isinstance(cell, float) and cell != cell):
            return
        try:
            records = json.loads(cell) if isinstance(cell, str) else None
        except json.JSONDecodeError as err:
            self.fail(line, "source_details", f"expected JSON text ({err.msg}); found {cell!r}")
        if not isinstance(records, list):
            self.fail(line, "source_details", f"expected a JSON list; found {cell!r:.80}")
        for i, record in enumerate(records):
            at = f"source_details[{i}]"
            if not isinstance(record, dict):
                self.fail(line, at, f"expected an object; found {record!r:.80}")
            source = source_from_record(
                record,
                where=self._within(line, at),
                path=self.name,
            )
            known = self.sources.setdefault(source.id, source)
            if known != source:
                self.fail(
                    line,
                    f"{at}.id",
                    f"source {source.id!r} is given with other details elsewhere: "
                    f"{known!r} here {source!r}",
                )


def _as_is(line: int, field: str) -> tuple[int | None, str]:
    return line, field


def _on_line(line: int) -> Where:
    def where(field: str) -> tuple[int | None, str]:
        return line, field

    return where


def _rows(text: str, name: str, required: str = "id") -> Iterator[Row]:
    """The rows of a CSV text as ``(first physical line, {column: cell})``."""
    reader = csv.reader(physical_lines(text), strict=True)
    try:
        header = next(reader, None)
        if header is None:
            raise InputError(
                f"the file is empty; expected a header line with an {required!r} column",
                path=name,
                line=1,
            )
        columns = [c.strip() for c in header]
        _check_header(columns, name, required)
        end = reader.line_num
        for cells in reader:
            start, end = end + 1, reader.line_num
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != len(columns):
                raise InputError(
                    f"expected {len(columns)} cells as in the header; found {len(cells)}",
                    path=name,
                    line=start,
                )
            yield start, dict(zip(columns, cells, strict=True))
    except csv.Error as err:
        raise InputError(f"not valid CSV: {err}", path=name, line=reader.line_num) from err


def _check_header(columns: list[str], name: str, required: str) -> None:
    if required not in columns:
        raise InputError(
            f"expected a {required!r} column; found columns {', '.join(columns)}",
            path=name,
            line=1,
            field=required,
        )
    seen: set[str] = set()
    for column in columns:
        if column in seen and column:
            raise InputError(f"column {column!r} appears twice", path=name, line=1, field=column)
        seen.add(column)


def _read_sources(path: Path) -> dict[str, Source]:
    name = str(path)
    sources: dict[str, Source] = {}
    for line, cells in _rows(decode(path.read_bytes(), name), name):
        source = source_from_record(
            {k: v or None for k, v in cells.items() if k in SOURCE_KEYS},
            where=_on_line(line),
            path=name,
        )
        if source.id in sources:
            raise InputError(f"source id {source.id!r} is defined twice", path=name, line=line)
        sources[source.id] = source
    return sources


def _read_forces(path: Path) -> tuple[ForcePosition, ...]:
    name = str(path)
    rows = _rows(decode(path.read_bytes(), name), name, "force")
    return tuple(
        force_from_cells(cells, index=i, where=_on_line(line), path=name)
        for i, (line, cells) in enumerate(rows)
    )


def force_from_cells(
    cells: Mapping[str, Any], *, index: int, where: Where, path: str
) -> ForcePosition:
    """A force position from a flat row (the CSV forces table, the GeoPackage forces layer).

    Parameters
    ----------
    cells
        Column name to value; columns other than the force keys are ignored.
    index
        The row's position, for the default place id ``input:forces[<index>]``.
    where, path
        Locate problems, as for :func:`incidentmap._records.incident_from_record`.

    Returns
    -------
    ForcePosition
        The force position.

    Raises
    ------
    InputError
        A bad value, named by ``where``.
    """
    # The place columns of a force are those of an incident: convert them the same way.
    record = unflatten_record(
        {k: v for k, v in cells.items() if k in PLACE_KEYS}, where=where, path=path
    )
    text = cells.get("text")
    record.update(
        force=cells.get("force"),
        date=cells.get("date") or None,
        text=text if isinstance(text, str) else "",
    )
    return force_from_record(record, index=index, where=where, path=path)
