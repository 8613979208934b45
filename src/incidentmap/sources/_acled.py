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
from incidentmap.model import CasualtyClaim, Incident, IncidentSet, Place, Precision
from incidentmap.sources._collect import build_all
from incidentmap.sources._csvtable import CsvTable, SourceBook, parse_iso_date

__all__ = ["looks_like_acled", "read_acled"]

log = logging.getLogger(__name__)

_REQUIRED = (
    "event_id_cnty", "event_date", "event_type", "actor1", "actor2", "country", "location",
    "latitude", "longitude", "geo_precision", "fatalities",
)  # fmt: skip
_OPTIONAL = (
    "sub_event_type", "time_precision", "disorder_type", "assoc_actor_1", "assoc_actor_2",
    "inter1", "inter2", "civilian_targeting", "admin1", "admin2", "source", "source_scale",
    "notes",
)  # fmt: skip
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
        One incident per row, in file order, and one source per distinct outlet.

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
    """
    table = CsvTable.open(path, text, kind="ACLED")
    table.require(_REQUIRED)
    builder = _AcledBuilder(table)
    incidents = build_all(table.rows(), lambda lr: builder.incident(lr[1], lr[0]))
    table.check_unique_ids(incidents)
    return IncidentSet(tuple(incidents), builder.sources.by_id)


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
    """Turns ACLED rows into incidents, collecting the outlets cited on the way."""

    def __init__(self, table: CsvTable) -> None:
        self.table = table
        self.pick = table.picker(_REQUIRED + _OPTIONAL)
        self.sources = SourceBook("acled-src-")

    def incident(self, cells: list[str], line: int) -> Incident:
        """The incident of one row."""
        t = self.table
        r = self.pick(cells)
        if not r["event_id_cnty"]:
            t.fail(line, "event_id_cnty", "expected the event id; found an empty cell")
        date = parse_acled_date(r["event_date"])
        if date is None:
            t.fail(
                line, "event_date", f"expected a date as {_DATE_FORMS}; found {r['event_date']!r}"
            )
        geo = r["geo_precision"]
        if geo not in _GEO_PRECISION:
            t.fail(line, "geo_precision", f"expected 1, 2 or 3; found {geo!r}")
        precision, radius_m, geo_words = _GEO_PRECISION[geo]
        fatalities = t.integer(r, "fatalities", line)
        kind = r["event_type"]
        if r["sub_event_type"] and r["sub_event_type"] != kind:
            kind = f"{kind}: {r['sub_event_type']}"
        sources = [
            self.sources.add(o.strip(), "", None) for o in r["source"].split(";") if o.strip()
        ]
        try:
            return Incident(
                id=f"acled-{r['event_id_cnty']}",
                place=(place := self._place(r, line, radius_m)),
                place_name=place.name,
                date=date,
                type=kind,
                attacker=r["actor1"],
                target=r["actor2"],
                precision=precision,
                uncertainty_m=radius_m,
                casualties=(
                    CasualtyClaim(
                        "killed",
                        count=fatalities,
                        claimed_by="ACLED (reported fatalities)",
                        text=f"reported fatalities: {fatalities}",
                    ),
                ),
                sources=tuple(dict.fromkeys(sources)),
                notes=_notes(r, geo_words),
            )
        except ValidationError as err:  # pragma: no cover - every field is checked above
            t.fail(line, err.field or "event_id_cnty", str(err))

    def _place(self, r: dict[str, str], line: int, radius_m: float | None) -> Place:
        return self.table.point_place(
            r,
            line,
            place_id=f"acled:{r['event_id_cnty']}",
            name_columns=("location", "admin2", "admin1"),
            admin1_column="admin1",
            source="ACLED",
            fallback=f"ACLED event {r['event_id_cnty']}",
            radius_m=radius_m,
        )


def _actor(r: dict[str, str], n: str) -> str:
    name = r[f"actor{n}"] or "(none)"
    kind = _INTER.get(r[f"inter{n}"], r[f"inter{n}"])
    extra = [kind] if kind and kind != "0" else []
    if r[f"assoc_actor_{n}"]:
        extra.append(f"with {r[f'assoc_actor_{n}']}")
    return f"{name} ({'; '.join(extra)})" if extra else name


def _notes(r: dict[str, str], geo_words: str) -> str:
    lines = [r["notes"]] if r["notes"] else []
    if r["time_precision"] in _TIME_PRECISION:
        lines.append(
            f"date: time_precision {r['time_precision']}, {_TIME_PRECISION[r['time_precision']]}"
        )
    lines.append(f"location: geo_precision {r['geo_precision']}, {geo_words}")
    lines.append(
        f"ACLED actors: actor1 {_actor(r, '1')}, actor2 {_actor(r, '2')}; ACLED lists the "
        "event's actors, not strictly who attacked whom"
    )
    coding = [r[c] for c in ("disorder_type", "civilian_targeting") if r[c]]
    if r["source_scale"]:
        coding.append(f"source scale: {r['source_scale']}")
    if coding:
        lines.append("ACLED coding: " + "; ".join(coding))
    return "\n".join(lines)
