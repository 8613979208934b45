"""The ACLED reader: an Armed Conflict Location & Event Data CSV export in, an IncidentSet out.

Columns are matched by name, so both ACLED layouts read, in any column order: the current
31-column export (``event_id_cnty, event_date, year, time_precision, disorder_type, event_type,
... tags, timestamp``) and the older one (``data_id, iso, event_id_cnty, event_id_no_cnty, ...
iso3``, numeric ``inter1``/``inter2`` codes). ``event_date`` may be written ``2020-01-15``,
``15 January 2020``, ``15-January-2020`` or ``15 Jan 2020``.

How a row becomes an :class:`~incidentmap.model.Incident`:

==================================  ==============================================================
ACLED column(s)                     incident
==================================  ==============================================================
``event_id_cnty``                   ``id`` ``"acled-<event_id_cnty>"``; place id ``"acled:..."``
``event_type``, ``sub_event_type``  ``type`` (``"Explosions/Remote violence: Air/drone strike"``)
``actor1`` / ``actor2``             ``attacker`` / ``target`` -- see the warning below
``event_date``                      ``date``; ``time_precision`` 2 or 3 is said in ``notes``
``location``, ``admin2``,           the place's name and ``admin1``
``admin1``
``latitude``/``longitude``          the place's point; ``(0, 0)`` is refused
``geo_precision``                   ``precision`` and ``uncertainty_m`` (table below)
``fatalities``                      ``CasualtyClaim("killed", fatalities)`` claimed by
                                    ``"ACLED (reported fatalities)"``
``notes``, associated actors,       ``notes``
``inter1``/``inter2``,
``disorder_type``,
``civilian_targeting``
``source``                          one :class:`~incidentmap.model.Source` per outlet (the cell
                                    lists outlets separated by ``;``)
==================================  ==============================================================

.. warning::
   ACLED's ``actor1`` and ``actor2`` are the two actors of an event, not strictly who attacked
   whom: in a battle either may have started it, and in a protest ``actor2`` is often empty.
   They fill ``attacker`` and ``target`` because the model has no other place for the two
   parties, and every incident's ``notes`` says so.

Location precision (``geo_precision``, ACLED codebook):

=============  ========================================================  =========  ==============
geo_precision  ACLED meaning                                             precision  uncertainty_m
=============  ========================================================  =========  ==============
1              the source names the town; its coordinates are coded      exact      ``None``
2              the source says "near" a town, its outskirts, or a small  near       25,000
               part of a region; a nearby town's coordinates are coded
3              only a larger region is known; a town standing for it    region     75,000
               (often the provincial capital) is coded
=============  ========================================================  =========  ==============

ACLED gives no radius for 2 and 3. 25 km is the radius UCDP GED gives for its "near"
(``where_prec`` 2) and 75 km the one this package uses for a province (GED ``where_prec`` 4),
so that events of the two datasets read side by side are drawn with comparable circles.

ACLED's terms forbid redistributing its rows: the project ships no ACLED data, and the tests use
invented rows.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from incidentmap.errors import ValidationError
from incidentmap.model import CasualtyClaim, Incident, IncidentSet, Precision
from incidentmap.sources._collect import build_all
from incidentmap.sources._csvtable import (
    CsvTable,
    PointPlaces,
    SourceBook,
    dataset_title,
    parse_iso_date,
)

__all__ = ["looks_like_acled", "read_acled"]

log = logging.getLogger(__name__)

_REQUIRED = (
    "event_id_cnty", "event_date", "event_type", "actor1", "actor2", "country", "location",
    "latitude", "longitude", "geo_precision", "fatalities",
)  # fmt: skip
# The cells a row is read from, in the order _AcledBuilder unpacks them (the place's are
# PointPlaces'). A column that is not _REQUIRED may be missing: it reads as "".
_CELLS = (
    "event_id_cnty", "event_date", "geo_precision", "fatalities", "event_type", "sub_event_type",
    "source", "notes",
)  # fmt: skip
_ACTOR_CELLS = ("actor1", "inter1", "assoc_actor_1", "actor2", "inter2", "assoc_actor_2")
_CODING_CELLS = (
    "time_precision", "geo_precision", "disorder_type", "civilian_targeting", "source_scale",
)  # fmt: skip
_PLACE_CELLS = ("location", "admin2", "admin1")
_SIGNATURE = frozenset(
    {"event_id_cnty", "event_date", "actor1", "actor2", "geo_precision", "fatalities"}
)
_GEO_PRECISION: Mapping[str, tuple[Precision, float | None, str]] = {
    "1": ("exact", None, "the town named by the source"),
    "2": ("near", 25_000.0, "near the coded town, or a small part of a region"),
    "3": ("region", 75_000.0, "only a larger region is known; a town stands for it"),
}
_TIME_PRECISION = {
    "2": "the source gives only a span of a few days or the week",
    "3": "the source gives only the month",
}
# The numeric actor codes of the older layout (the current one writes the words).
_INTER = {
    "1": "State forces", "2": "Rebel groups", "3": "Political militias", "4": "Identity militias",
    "5": "Rioters", "6": "Protesters", "7": "Civilians", "8": "External/Other forces",
}  # fmt: skip
_MONTH_NAMES = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)  # fmt: skip
_MONTHS = {
    **{m: i for i, m in enumerate(_MONTH_NAMES, start=1)},
    **{m[:3]: i for i, m in enumerate(_MONTH_NAMES, start=1)},
    "sept": 9,
}
_WORDY_DATE = re.compile(r"(\d{1,2})[ -]([A-Za-z]+)\.?[ -](\d{4})")
_DATE_FORMS = "YYYY-MM-DD (2020-01-15), '15 January 2020', '15-January-2020' or '15 Jan 2020'"


def looks_like_acled(header: Sequence[str]) -> bool:
    """Whether a CSV header is that of an ACLED export (current or older layout).

    Parameters
    ----------
    header
        The column names of the file's first row, in any order.

    Returns
    -------
    bool
        True when the columns ACLED alone has (``event_id_cnty``, ``actor1``,
        ``geo_precision`` ...) are all there.

    Examples
    --------
    >>> looks_like_acled(["event_id_cnty", "event_date", "actor1", "actor2", "geo_precision",
    ...                   "fatalities", "latitude", "longitude"])
    True
    >>> looks_like_acled(["id", "side_a", "side_b", "where_prec"])
    False
    """
    return {h.strip().lower() for h in header} >= _SIGNATURE


def read_acled(path: str | Path, *, text: str | None = None) -> IncidentSet:
    """Read an ACLED CSV export into an :class:`~incidentmap.model.IncidentSet`.

    The module documentation has the full mapping and the table of location precision.
    ``actor1``/``actor2`` become ``attacker``/``target`` although ACLED's actors are not
    strictly attacker and target; the notes say so.

    Parameters
    ----------
    path
        The CSV file. With ``text`` it only names the file in messages.
    text
        The file's content, when it is already in memory.

    Returns
    -------
    IncidentSet
        One incident per row, in file order, and one source per distinct outlet, titled
        ``"ACLED events in <countries>"`` (the rows' countries, the most frequent first, at most
        three named: ``"Syria and Iraq"``, ``"Syria, Iraq, Turkey and 2 more"``).

    Raises
    ------
    InputError
        For an empty file, bytes that are not UTF-8, a missing column, a row with the wrong
        number of cells, a duplicate ``event_id_cnty``, or a value that cannot be read (date,
        fatalities, coordinate out of range, ``(0, 0)``, unknown ``geo_precision``); the
        message names the file, the CSV line, the column, what was expected and what was found.
    OSError
        When ``path`` cannot be read.

    Examples
    --------
    >>> header = ("event_id_cnty,event_date,event_type,sub_event_type,actor1,actor2,country,"
    ...           "admin1,location,latitude,longitude,geo_precision,source,notes,fatalities")
    >>> row = ('XYZ1,15 January 2020,Battles,Armed clash,Army,Rebels,Syria,Idlib,Saraqib,'
    ...        '35.8643,36.8054,2,Outlet A; Outlet B,"Invented: clashes near Saraqib.",3')
    >>> events = read_acled("acled.csv", text=header + "\\n" + row + "\\n")
    >>> event = events.incidents[0]
    >>> event.id, event.date, event.precision, event.uncertainty_m
    ('acled-XYZ1', datetime.date(2020, 1, 15), 'near', 25000.0)
    >>> event.casualties[0].label, [events.sources[s].outlet for s in event.sources]
    ('3 killed (ACLED (reported fatalities))', ['Outlet A', 'Outlet B'])
    >>> events.title
    'ACLED events in Syria'
    """
    with CsvTable.open(path, text, kind="ACLED") as table:
        table.require(_REQUIRED)
        builder = _AcledBuilder(table)
        incidents = build_all(table.rows(), builder.incident)
        table.check_unique_ids(incidents)
    title = dataset_title("ACLED", builder.places.rows_by_country)
    return IncidentSet(tuple(incidents), builder.sources.by_id, title=title)


def parse_acled_date(raw: str) -> dt.date | None:
    """The date of an ACLED ``event_date`` cell, or ``None`` when it has none of its forms.

    >>> parse_acled_date("2020-01-15"), parse_acled_date("5 Sept 2019")
    (datetime.date(2020, 1, 15), datetime.date(2019, 9, 5))
    >>> parse_acled_date("15/01/2020") is None
    True
    """
    if len(raw) == 10 and raw[4] == "-":
        return parse_iso_date(raw)
    match = _WORDY_DATE.fullmatch(raw)
    month = _MONTHS.get(match[2].lower()) if match else None
    if match is None or month is None:
        return None
    try:
        return dt.date(int(match[3]), month, int(match[1]))
    except ValueError:
        return None


class _AcledBuilder:
    """Turns ACLED rows into incidents, collecting the outlets cited on the way.

    What rows repeat (dates, fatalities, event types, outlet lists, actors and their coding,
    places) is read once per distinct raw cell and kept in the dicts below; each row still gets
    its own Place and Incident.
    """

    def __init__(self, table: CsvTable) -> None:
        self.table = table
        self.get = table.getter(_CELLS)
        self.get_actors = table.getter(_ACTOR_CELLS)
        self.get_coding = table.getter(_CODING_CELLS)
        self.places = PointPlaces(
            table,
            source="ACLED",
            id_prefix="acled:",
            fallback_prefix="ACLED event ",
            name_columns=_PLACE_CELLS,
            admin1_column="admin1",
        )
        self.sources = SourceBook("acled-src-")
        self.dates: dict[str, dt.date | None] = {}
        self.claims: dict[str, tuple[CasualtyClaim, ...]] = {}
        self.kinds: dict[tuple[str, str], str] = {}
        self.cited: dict[str, tuple[str, ...]] = {}
        self.actors: dict[tuple[str, ...], tuple[str, str, str]] = {}
        self.coding: dict[tuple[str, ...], tuple[str, str]] = {}

    def incident(self, row: tuple[int, list[str]]) -> Incident:
        """The incident of one row, given as ``(line, cells)``."""
        line, cells = row
        t = self.table
        eid, raw_date, raw_geo, raw_fatalities, event_type, sub_type, source, notes = self.get(
            cells
        )
        eid = eid.strip()
        if not eid:
            t.fail(line, "event_id_cnty", "expected the event id; found an empty cell")
        date = self.dates.get(raw_date) or self._date(raw_date, line)
        geo = _GEO_PRECISION.get(raw_geo) or _GEO_PRECISION.get(raw_geo.strip())
        if geo is None:
            t.fail(line, "geo_precision", f"expected 1, 2 or 3; found {raw_geo.strip()!r}")
        precision, radius_m, _ = geo
        casualties = self.claims.get(raw_fatalities) or self._claims(raw_fatalities, line)
        kind = self.kinds.get((event_type, sub_type)) or self._kind(event_type, sub_type)
        sources = self.cited.get(source)
        if sources is None:
            sources = self.cited[source] = self._sources(source)
        place = self.places.place(cells, line, eid, radius_m)
        actor_cells = self.get_actors(cells)
        attacker, target, actors = self.actors.get(actor_cells) or self._actors(actor_cells)
        coding_cells = self.get_coding(cells)
        before, after = self.coding.get(coding_cells) or self._coding(coding_cells)
        notes = notes.strip()
        try:
            return Incident(
                id=f"acled-{eid}",
                place=place,
                place_name=place.name,
                date=date,
                type=kind,
                attacker=attacker,
                target=target,
                precision=precision,
                uncertainty_m=radius_m,
                casualties=casualties,
                sources=sources,
                notes=f"{notes}\n{before}{actors}{after}" if notes else f"{before}{actors}{after}",
            )
        except ValidationError as err:  # pragma: no cover - every field is checked above
            t.fail(line, err.field or "event_id_cnty", str(err))

    def _date(self, raw: str, line: int) -> dt.date:
        date = self.dates[raw] = parse_acled_date(raw.strip())
        if date is None:
            self.table.fail(
                line, "event_date", f"expected a date as {_DATE_FORMS}; found {raw.strip()!r}"
            )
        return date

    def _claims(self, raw: str, line: int) -> tuple[CasualtyClaim, ...]:
        fatalities = self.table.integer(raw, "fatalities", line)
        claim = CasualtyClaim(
            "killed",
            count=fatalities,
            claimed_by="ACLED (reported fatalities)",
            text=f"reported fatalities: {fatalities}",
        )
        self.claims[raw] = (claim,)
        return self.claims[raw]

    def _kind(self, event_type: str, sub_type: str) -> str:
        kind, sub = event_type.strip(), sub_type.strip()
        if sub and sub != kind:
            kind = f"{kind}: {sub}"
        self.kinds[event_type, sub_type] = kind
        return kind

    def _sources(self, cell: str) -> tuple[str, ...]:
        outlets = (o.strip() for o in cell.strip().split(";"))
        return tuple(dict.fromkeys(self.sources.add(o, "", None) for o in outlets if o))

    def _actors(self, cells: tuple[str, ...]) -> tuple[str, str, str]:
        """(attacker, target, the notes' line on the actors) of the actors' cells."""
        a1, i1, x1, a2, i2, x2 = (c.strip() for c in cells)
        # two lines: the second is the same for every event (a map stores it once)
        line = (
            f"ACLED actors: actor1 {_actor(a1, i1, x1)}, actor2 {_actor(a2, i2, x2)}\n"
            "ACLED lists the event's actors, not strictly who attacked whom"
        )
        found = self.actors[cells] = (a1, a2, line)
        return found

    def _coding(self, cells: tuple[str, ...]) -> tuple[str, str]:
        found = self.coding[cells] = _coding_lines(*(c.strip() for c in cells))
        return found


def _actor(name: str, inter: str, associates: str) -> str:
    kind = _INTER.get(inter, inter)
    extra = [kind] if kind and kind != "0" else []
    if associates:
        extra.append(f"with {associates}")
    name = name or "(none)"
    return f"{name} ({'; '.join(extra)})" if extra else name


def _coding_lines(
    time_precision: str, geo: str, disorder: str, civilian: str, source_scale: str
) -> tuple[str, str]:
    """The notes' lines before and after the actors' line (each with its line break)."""
    before = []
    if time_precision in _TIME_PRECISION:
        before.append(f"date: time_precision {time_precision}, {_TIME_PRECISION[time_precision]}")
    before.append(f"location: geo_precision {geo}, {_GEO_PRECISION[geo][2]}")
    coding = [c for c in (disorder, civilian) if c]
    if source_scale:
        coding.append(f"source scale: {source_scale}")
    after = "\nACLED coding: " + "; ".join(coding) if coding else ""
    return "".join(f"{b}\n" for b in before), after
