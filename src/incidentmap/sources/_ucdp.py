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
from incidentmap.model import CasualtyClaim, Incident, IncidentSet, Place, Precision
from incidentmap.sources._collect import build_all
from incidentmap.sources._csvtable import CsvTable, SourceBook, parse_iso_date

__all__ = ["looks_like_ucdp_ged", "read_ucdp_ged"]

log = logging.getLogger(__name__)

_REQUIRED = (
    "id", "type_of_violence", "side_a", "side_b", "where_prec", "where_coordinates", "adm_1",
    "adm_2", "latitude", "longitude", "country", "date_prec", "date_start", "date_end", "low",
    "best", "high",
)  # fmt: skip
_OPTIONAL = (
    "source_article", "source_office", "source_date", "source_headline", "deaths_a", "deaths_b",
    "deaths_civilians", "deaths_unknown", "dyad_name", "event_clarity",
)  # fmt: skip
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
        One incident per row, in file order, and one source per distinct cited article.

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
    >>> event.place.country, event.date
    ('SY', datetime.date(2016, 1, 1))
    """
    table = CsvTable.open(path, text, kind="UCDP GED")
    table.require(_REQUIRED)
    cite = f"UCDP GED {version or _version_from_name(table.name)}".strip()
    builder = _GedBuilder(table, cite)
    incidents = build_all(table.rows(), lambda lr: builder.incident(lr[1], lr[0]))
    table.check_unique_ids(incidents)
    return IncidentSet(tuple(incidents), builder.sources.by_id)


def _version_from_name(name: str) -> str:
    match = _VERSION_IN_NAME.search(Path(name).name)
    return f"{match[1]}.{match[2]}" if match else ""


class _GedBuilder:
    """Turns GED rows into incidents, collecting the cited sources on the way."""

    def __init__(self, table: CsvTable, cite: str) -> None:
        self.table = table
        self.cite = cite
        self.pick = table.picker(_REQUIRED + _OPTIONAL)
        self.sources = SourceBook("ucdp-src-")
        self.dates: dict[str, dt.date | None] = {}

    def incident(self, cells: list[str], line: int) -> Incident:
        """The incident of one row."""
        t = self.table
        r = self.pick(cells)
        if not r["id"]:
            t.fail(line, "id", "expected the event id; found an empty cell")
        if r["type_of_violence"] not in _VIOLENCE:
            t.fail(line, "type_of_violence", f"expected 1, 2 or 3; found {r['type_of_violence']!r}")
        where_prec = r["where_prec"]
        if where_prec not in _WHERE_PREC:
            t.fail(line, "where_prec", f"expected a code from 1 to 7; found {where_prec!r}")
        precision, radius_m, where_words = _WHERE_PREC[where_prec]
        date, date_note = self._date(r, line)
        notes = [date_note] if date_note else []
        notes.append(f"location: where_prec {where_prec}, {where_words}")
        claim, count_note = self._claim(r, line)
        notes.extend(note for note in (count_note, self._deaths(r, line)) if note)
        notes.append(_dyad_note(r))
        place = self._place(r, line, radius_m)
        try:
            return Incident(
                id=f"ucdp-{r['id']}",
                place=place,
                place_name=place.name,
                date=date,
                type=_VIOLENCE[r["type_of_violence"]],
                attacker=r["side_a"],
                target=r["side_b"],
                precision=precision,
                uncertainty_m=radius_m,
                casualties=(claim,),
                sources=self._sources(r),
                notes="\n".join(notes),
            )
        except ValidationError as err:  # pragma: no cover - every field is checked above
            t.fail(line, err.field or "id", str(err))

    def _place(self, r: dict[str, str], line: int, radius_m: float | None) -> Place:
        return self.table.point_place(
            r,
            line,
            place_id=f"ucdp:{r['id']}",
            name_columns=("where_coordinates", "adm_2", "adm_1"),
            admin1_column="adm_1",
            source=self.cite,
            fallback=f"UCDP GED event {r['id']}",
            radius_m=radius_m,
        )

    def _iso(self, r: dict[str, str], line: int, column: str) -> dt.date:
        raw = r[column]
        if raw not in self.dates:
            self.dates[raw] = parse_iso_date(raw) if len(raw) in (10, 19) else None
        value = self.dates[raw]
        if value is None:
            self.table.fail(
                line, column, f"expected a date written YYYY-MM-DD (e.g. 2016-09-17); found {raw!r}"
            )
        return value

    def _date(self, r: dict[str, str], line: int) -> tuple[dt.date, str]:
        start = self._iso(r, line, "date_start")
        end = self._iso(r, line, "date_end")
        if end < start:
            self.table.fail(
                line, "date_end", f"expected a date on or after date_start {start}; found {end}"
            )
        prec = r["date_prec"]
        if prec not in _DATE_PREC:
            self.table.fail(line, "date_prec", f"expected a code from 1 to 5; found {prec!r}")
        if prec == "1" and start == end:
            return start, ""
        span = f"on {start}" if start == end else f"between {start} and {end}"
        return start, f"date: {span} (date_prec {prec}: {_DATE_PREC[prec]})"

    def _claim(self, r: dict[str, str], line: int) -> tuple[CasualtyClaim, str]:
        low, best, high = (self.table.integer(r, c, line) for c in ("low", "best", "high"))
        least, most = min(low, best, high), max(low, best, high)
        claim = CasualtyClaim(
            "killed",
            count=least,
            count_max=None if least == most else most,
            best=None if least == most else best,
            claimed_by="UCDP GED",
            text=f"best estimate {best} (low {low}, high {high})",
        )
        if low <= best <= high:
            return claim, ""
        return claim, f"deaths: UCDP's low {low}, best {best}, high {high} are not in order"

    def _deaths(self, r: dict[str, str], line: int) -> str:
        t = self.table
        counts = [
            f"{word} {t.integer(r, column, line, blank_ok=True)}"
            for column, word in zip(_DEATH_COLUMNS, _DEATH_WORDS, strict=True)
            if column in t.columns
        ]
        return "deaths by party (best): " + ", ".join(counts) if counts else ""

    def _sources(self, r: dict[str, str]) -> tuple[str, ...]:
        ids: dict[str, None] = {}  # an ordered set
        for outlet, raw_date, title in _citations(r["source_article"]):
            published = parse_iso_date(raw_date) if raw_date else None
            ids[self.sources.add(outlet, title, published, raw_date)] = None
        if not ids and r["source_office"]:
            raw_date = r["source_date"]
            published = parse_iso_date(raw_date) if len(raw_date) == 10 else None
            ids[self.sources.add(r["source_office"], r["source_headline"], published, raw_date)] = (
                None
            )
        return tuple(ids)


def _dyad_note(r: dict[str, str]) -> str:
    dyad = r["dyad_name"] or f"{r['side_a']} - {r['side_b']}"
    note = (
        f"UCDP dyad: {dyad}; side A and side B are the dyad's sides, not necessarily "
        "who attacked whom in this event"
    )
    if r["event_clarity"] == "2":
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
