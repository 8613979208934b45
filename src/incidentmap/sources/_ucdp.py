"""The UCDP GED reader: a Georeferenced Event Dataset CSV export in, an IncidentSet out.

UCDP's Georeferenced Event Dataset (GED; Sundberg & Melander 2013, codebook: Högbladh 2019,
``https://ucdp.uu.se/downloads/ged/ged191.pdf``) codes one row per event of organised violence
with a best, low and high estimate of deaths. Columns are matched by name, so both the 41-column
layout of GED 19.1 (and its Syria release 652.1601.1911) and the 49-column layout of GED 20.1+
read, in any column order.

How a row becomes an :class:`~incidentmap.model.Incident`:

============================  ====================================================================
GED column(s)                 incident
============================  ====================================================================
``id``                        ``id`` ``"ucdp-<id>"``; the place id is ``"ucdp:<id>"``
``type_of_violence``          ``type``: 1 "state-based conflict", 2 "non-state conflict",
                              3 "one-sided violence"
``side_a`` / ``side_b``       ``attacker`` / ``target`` -- see the warning below
``date_start``                ``date``; with ``date_end`` and ``date_prec`` in ``notes`` when the
                              day is not known exactly
``where_coordinates``,        the place's name (``"Tanab village, Mintaqat Azaz district, Aleppo
``adm_2``, ``adm_1``          Governorate"``) and ``admin1``
``latitude``/``longitude``    the place's point; ``(0, 0)`` is refused
``where_prec``                ``precision`` and ``uncertainty_m`` (table below)
``low``/``best``/``high``     one ``CasualtyClaim("killed")`` from ``"UCDP GED"``
``deaths_*``, dyad, clarity   ``notes``
``source_article`` ...        one :class:`~incidentmap.model.Source` per cited article
============================  ====================================================================

.. warning::
   GED's ``side_a`` and ``side_b`` are the two sides of a *dyad* (side A is the government in
   state-based conflict, or the perpetrator in one-sided violence), not who attacked whom in
   this event. They fill ``attacker`` and ``target`` because the model has no other place for
   the two parties, and every incident's ``notes`` says so.

Location precision (``where_prec``, codebook 19.1 section 5) and what the reader makes of it.
Radii are for the circle drawn around the coded point; those of administrative units are the
radius of a circle with the area of a typical unit of Syria, the country of the file this reader
was built on (65 districts and 14 governorates over 185,180 km²: ~2,850 km² and ~13,200 km²,
radii ~30 km and ~65 km, rounded up because the coded point is a centroid and units are not
round):

=========  ===========================================  =========  ==============
where_prec  GED meaning                                  precision  uncertainty_m
=========  ===========================================  =========  ==============
1          exact location known                         exact      ``None``
2          within ~25 km of a known point ("near")      near       25,000
3          only the second-order admin unit (district)  region     35,000
4          only the first-order admin unit (province)   region     75,000
5          a part of a country larger than a province,  region     150,000
           or a linear feature (border, river, road)
6          only the country                             region     250,000
7          international waters or airspace             region     250,000
=========  ===========================================  =========  ==============

For 6 and 7 the point is only representative: 250 km is the radius of a circle with Syria's
area; larger countries are understated, which the note on each incident makes clear.

Date precision (``date_prec``): 1 the exact day; 2 a range of 2-6 days; 3 only the week;
4 a range of 8-30 days, or only the month; 5 a range of more than a month, or only the year.

Deaths: GED gives ``low``, ``best`` and ``high`` but does not guarantee ``low <= best <= high``
(58 rows of the Syria release have ``low > high``). The claim's range is the smallest and largest
of the three; its ``text`` repeats the three figures as UCDP gives them.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterator, Mapping, Sequence
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

__all__ = ["looks_like_ucdp_ged", "read_ucdp_ged"]

log = logging.getLogger(__name__)

_REQUIRED = (
    "id", "type_of_violence", "side_a", "side_b", "where_prec", "where_coordinates", "adm_1",
    "adm_2", "latitude", "longitude", "country", "date_prec", "date_start", "date_end", "low",
    "best", "high",
)  # fmt: skip
# Besides _REQUIRED, a row's notes and sources read these columns; each may be missing (and
# reads as "").
_SOURCE_CELLS = ("source_article", "source_office", "source_date", "source_headline")
_SIDE_CELLS = ("side_a", "side_b", "dyad_name", "event_clarity")
_SIGNATURE = frozenset({"id", "where_prec", "date_prec", "side_a", "side_b", "best", "low", "high"})

_VIOLENCE = {"1": "state-based conflict", "2": "non-state conflict", "3": "one-sided violence"}
_WHERE_PREC: Mapping[str, tuple[Precision, float | None, str]] = {
    "1": ("exact", None, "exact location"),
    "2": ("near", 25_000.0, "within about 25 km of the point"),
    "3": ("region", 35_000.0, "only the district (second-order unit) is known"),
    "4": ("region", 75_000.0, "only the province (first-order unit) is known"),
    "5": ("region", 150_000.0, "only a part of the country or a linear feature is known"),
    "6": ("region", 250_000.0, "only the country is known; the point is representative"),
    "7": ("region", 250_000.0, "international waters or airspace; the point is representative"),
}
_DATE_PREC = {
    "1": "exact day",
    "2": "a range of 2-6 days",
    "3": "only the week is known",
    "4": "a range of 8-30 days, or only the month",
    "5": "a range of more than a month, or only the year",
}
_DEATH_COLUMNS = ("deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown")
_DEATH_WORDS = ("side A", "side B", "civilians", "unknown")
_CITATION = re.compile(r"(?P<outlet>[^,\";]+),(?P<date>\d{4}-\d{2}-\d{2}),(?P<title>.*)", re.S)
# A citation starts the field or follows '";' and is "outlet,YYYY-MM-DD,headline".
_CITATION_START = re.compile(r'(?:^|(?<=";))"(?=[^",;]+,\d{4}-\d{2}-\d{2},)')
_VERSION_IN_NAME = re.compile(r"ged(?:event)?_?v?(\d{2})_?(\d)", re.IGNORECASE)


def looks_like_ucdp_ged(header: Sequence[str]) -> bool:
    """Whether a CSV header is that of a UCDP GED export.

    Parameters
    ----------
    header
        The column names of the file's first row, in any order.

    Returns
    -------
    bool
        True when the columns GED alone has (``where_prec``, ``date_prec``, ``side_a``,
        ``best`` ...) are all there.

    Examples
    --------
    >>> looks_like_ucdp_ged(["id", "side_a", "side_b", "where_prec", "date_prec", "low", "best",
    ...                      "high", "latitude", "longitude"])
    True
    >>> looks_like_ucdp_ged(["event_id_cnty", "event_date", "latitude", "longitude"])
    False
    """
    return {h.strip().lower() for h in header} >= _SIGNATURE


def read_ucdp_ged(
    path: str | Path, *, text: str | None = None, version: str | None = None
) -> IncidentSet:
    """Read a UCDP GED CSV export into an :class:`~incidentmap.model.IncidentSet`.

    The module documentation has the full mapping, and the tables of location and date
    precision. ``side_a``/``side_b`` become ``attacker``/``target`` although GED's sides are
    the sides of a dyad, not who attacked whom; the notes say so.

    Parameters
    ----------
    path
        The CSV file. With ``text`` it only names the file in messages.
    text
        The file's content, when it is already in memory.
    version
        The GED release (``"19.1"``), cited as ``"UCDP GED <version>"`` in every place's
        ``source``. By default it is read from a file name such as ``ged201.csv`` or
        ``GEDEvent_v22_1.csv``, and left out when the name does not carry it.

    Returns
    -------
    IncidentSet
        One incident per row, in file order, and one source per distinct cited article, titled
        ``"UCDP GED events in <countries>"`` (the rows' countries, the most frequent first, at
        most three named).

    Raises
    ------
    InputError
        For an empty file, bytes that are not UTF-8, a missing column, a row with the wrong
        number of cells, a duplicate id, or a value that cannot be read (date, number,
        coordinate out of range, ``(0, 0)``, unknown precision code); the message names the
        file, the CSV line, the column, what was expected and what was found.
    OSError
        When ``path`` cannot be read.

    Examples
    --------
    >>> header = ("id,type_of_violence,side_a,side_b,where_prec,where_coordinates,adm_1,adm_2,"
    ...           "latitude,longitude,country,date_prec,date_start,date_end,low,best,high")
    >>> row = ("1,1,Government of Syria,IS,2,Tanab village,Aleppo Governorate,Azaz district,"
    ...        "36.496133,37.003318,Syria,3,2016-01-01,2016-01-07,2,3,5")
    >>> events = read_ucdp_ged("ged.csv", text=header + "\\n" + row + "\\n")
    >>> event = events.incidents[0]
    >>> event.id, event.precision, event.uncertainty_m, event.casualties[0].figure
    ('ucdp-1', 'near', 25000.0, '2–5 killed')
    >>> event.place.country, event.date, events.title
    ('SY', datetime.date(2016, 1, 1), 'UCDP GED events in Syria')
    """
    with CsvTable.open(path, text, kind="UCDP GED") as table:
        table.require(_REQUIRED)
        cite = f"UCDP GED {version or _version_from_name(table.name)}".strip()
        builder = _GedBuilder(table, cite)
        incidents = build_all(table.rows(), builder.incident)
        table.check_unique_ids(incidents)
    title = dataset_title("UCDP GED", builder.places.rows_by_country)
    return IncidentSet(tuple(incidents), builder.sources.by_id, title=title)


def _version_from_name(name: str) -> str:
    match = _VERSION_IN_NAME.search(Path(name).name)
    return f"{match[1]}.{match[2]}" if match else ""


class _GedBuilder:
    """Turns GED rows into incidents, collecting the cited sources on the way.

    What rows repeat (dates, death counts, dyads, citations, places) is read once per distinct
    raw cell or set of cells and kept in the dicts below; each row still gets its own Place and
    Incident.
    """

    def __init__(self, table: CsvTable, cite: str) -> None:
        self.table = table
        self.get = table.getter(("id", "type_of_violence", "where_prec"))
        self.get_dates = table.getter(("date_start", "date_end", "date_prec"))
        self.get_counts = table.getter(("low", "best", "high"))
        self.get_deaths = table.getter(_DEATH_COLUMNS)
        self.get_sides = table.getter(_SIDE_CELLS)
        self.get_sources = table.getter(_SOURCE_CELLS)
        self.places = PointPlaces(
            table,
            source=cite,
            id_prefix="ucdp:",
            fallback_prefix="UCDP GED event ",
            name_columns=("where_coordinates", "adm_2", "adm_1"),
            admin1_column="adm_1",
        )
        self.sources = SourceBook("ucdp-src-")
        self.dates: dict[str, dt.date | None] = {}
        self.spans: dict[tuple[str, ...], tuple[dt.date, str]] = {}
        self.claims: dict[tuple[str, ...], tuple[tuple[CasualtyClaim, ...], str]] = {}
        self.deaths: dict[tuple[str, ...], str] = {}
        self.sides: dict[tuple[str, ...], tuple[str, str, str]] = {}
        self.cited: dict[tuple[str, ...], tuple[str, ...]] = {}

    def incident(self, row: tuple[int, list[str]]) -> Incident:
        """The incident of one row, given as ``(line, cells)``."""
        line, cells = row
        t = self.table
        gid, violence, where_prec = self.get(cells)
        gid, violence, where_prec = gid.strip(), violence.strip(), where_prec.strip()
        if not gid:
            t.fail(line, "id", "expected the event id; found an empty cell")
        if violence not in _VIOLENCE:
            t.fail(line, "type_of_violence", f"expected 1, 2 or 3; found {violence!r}")
        if where_prec not in _WHERE_PREC:
            t.fail(line, "where_prec", f"expected a code from 1 to 7; found {where_prec!r}")
        precision, radius_m, where_words = _WHERE_PREC[where_prec]
        dates = self.get_dates(cells)
        date, date_note = self.spans.get(dates) or self._date(dates, line)
        counts = self.get_counts(cells)
        casualties, count_note = self.claims.get(counts) or self._claim(counts, line)
        deaths = self.get_deaths(cells)
        deaths_note = self.deaths.get(deaths)
        if deaths_note is None:
            deaths_note = self.deaths[deaths] = self._deaths(deaths, line)
        sides = self.get_sides(cells)
        found = self.sides.get(sides)
        if found is None:
            found = self.sides[sides] = _sides(*(c.strip() for c in sides))
        attacker, target, dyad_note = found
        notes = [date_note] if date_note else []
        notes.append(f"location: where_prec {where_prec}, {where_words}")
        if count_note:
            notes.append(count_note)
        if deaths_note:
            notes.append(deaths_note)
        notes.append(dyad_note)
        place = self.places.place(cells, line, gid, radius_m)
        cited = self.get_sources(cells)
        sources = self.cited.get(cited)
        if sources is None:
            sources = self.cited[cited] = self._sources(*(c.strip() for c in cited))
        try:
            return Incident(
                id=f"ucdp-{gid}",
                place=place,
                place_name=place.name,
                date=date,
                type=_VIOLENCE[violence],
                attacker=attacker,
                target=target,
                precision=precision,
                uncertainty_m=radius_m,
                casualties=casualties,
                sources=sources,
                notes="\n".join(notes),
            )
        except ValidationError as err:  # pragma: no cover - every field is checked above
            t.fail(line, err.field or "id", str(err))

    def _iso(self, raw: str, line: int, column: str) -> dt.date:
        if raw not in self.dates:
            self.dates[raw] = parse_iso_date(raw) if len(raw) in (10, 19) else None
        value = self.dates[raw]
        if value is None:
            self.table.fail(
                line, column, f"expected a date written YYYY-MM-DD (e.g. 2016-09-17); found {raw!r}"
            )
        return value

    def _date(self, cells: tuple[str, ...], line: int) -> tuple[dt.date, str]:
        """(date, note) of ``date_start``, ``date_end`` and ``date_prec``, once per distinct cells."""
        raw_start, raw_end, prec = (c.strip() for c in cells)
        start = self._iso(raw_start, line, "date_start")
        end = self._iso(raw_end, line, "date_end")
        if end < start:
            self.table.fail(
                line, "date_end", f"expected a date on or after date_start {start}; found {end}"
            )
        if prec not in _DATE_PREC:
            self.table.fail(line, "date_prec", f"expected a code from 1 to 5; found {prec!r}")
        if prec == "1" and start == end:
            found = start, ""
        else:
            span = f"on {start}" if start == end else f"between {start} and {end}"
            found = start, f"date: {span} (date_prec {prec}: {_DATE_PREC[prec]})"
        self.spans[cells] = found
        return found

    def _claim(self, cells: tuple[str, ...], line: int) -> tuple[tuple[CasualtyClaim, ...], str]:
        """The claim of ``low``, ``best`` and ``high`` and its note, once per distinct cells."""
        low, best, high = (
            self.table.integer(raw, column, line)
            for raw, column in zip(cells, ("low", "best", "high"), strict=True)
        )
        least, most = min(low, best, high), max(low, best, high)
        claim = CasualtyClaim(
            "killed",
            count=least,
            count_max=None if least == most else most,
            best=None if least == most else best,
            claimed_by="UCDP GED",
            text=f"best estimate {best} (low {low}, high {high})",
        )
        note = (
            ""
            if low <= best <= high
            else f"deaths: UCDP's low {low}, best {best}, high {high} are not in order"
        )
        self.claims[cells] = found = ((claim,), note)
        return found

    def _deaths(self, cells: tuple[str, ...], line: int) -> str:
        t = self.table
        counts = [
            f"{word} {t.integer(raw, column, line, blank_ok=True)}"
            for raw, column, word in zip(cells, _DEATH_COLUMNS, _DEATH_WORDS, strict=True)
            if column in t.columns
        ]
        return "deaths by party (best): " + ", ".join(counts) if counts else ""

    def _sources(self, article: str, office: str, raw_date: str, headline: str) -> tuple[str, ...]:
        ids: dict[str, None] = {}  # an ordered set
        for outlet, cited_date, title in _citations(article):
            published = parse_iso_date(cited_date) if cited_date else None
            ids[self.sources.add(outlet, title, published, cited_date)] = None
        if not ids and office:
            published = parse_iso_date(raw_date) if len(raw_date) == 10 else None
            ids[self.sources.add(office, headline, published, raw_date)] = None
        return tuple(ids)


def _sides(side_a: str, side_b: str, dyad_name: str, clarity: str) -> tuple[str, str, str]:
    """(attacker, target, the dyad's note) of a row."""
    return side_a, side_b, _dyad_note(side_a, side_b, dyad_name, clarity)


def _dyad_note(side_a: str, side_b: str, dyad_name: str, clarity: str) -> str:
    dyad = dyad_name or f"{side_a} - {side_b}"
    # two lines: the second is the same for every event (a map stores it once)
    note = (
        f"UCDP dyad: {dyad}\nside A and side B are the dyad's sides, not necessarily "
        "who attacked whom in this event"
    )
    if clarity == "2":
        note += "\nevent_clarity 2: UCDP could not separate this event from an aggregate report"
    return note


def _citations(article: str) -> Iterator[tuple[str, str, str]]:
    """(outlet, date, headline) of each citation in ``source_article``.

    The field holds ``"outlet,YYYY-MM-DD,headline"`` citations joined by ``;``; headlines may hold
    quotes and the last citation may be cut short. A part that does not have that form is kept
    whole as a headline with no outlet or date.

    >>> list(_citations('"SOHR,2016-01-01,Clashes in Aleppo";"Airwars,2016-01-02,R35"'))
    [('SOHR', '2016-01-01', 'Clashes in Aleppo'), ('Airwars', '2016-01-02', 'R35')]
    >>> list(_citations("see annex"))
    [('', '', 'see annex')]
    """
    if not article:
        return
    # Fast path: split on '";"' and accept when every piece has the form (nearly every row).
    pieces = article[1:].removesuffix('"').split('";"') if article[0] == '"' else []
    matches = [_CITATION.fullmatch(piece) for piece in pieces]
    if matches and all(matches):
        for m in matches:
            assert m is not None
            yield m["outlet"].strip(), m["date"], m["title"].strip()
        return
    starts = [m.end() for m in _CITATION_START.finditer(article)]
    if not starts or starts[0] != 1:
        yield "", "", article
        return
    # Each piece ends before the '";"' that opens the next citation, or at the field's end.
    ends = [s - 3 for s in starts[1:]] + [len(article)]
    for begin, end in zip(starts, ends, strict=True):
        piece = article[begin:end].removesuffix('"')
        match = _CITATION.fullmatch(piece)
        if match:
            yield match["outlet"].strip(), match["date"], match["title"].strip()
        else:  # pragma: no cover - the start pattern already required this form
            yield "", "", piece
