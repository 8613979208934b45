"""Reading CSV exports (ACLED, UCDP GED): columns by name, rows with their line, sources.

Shared by the ACLED and UCDP GED readers: :class:`CsvTable` finds columns by name and names
the file, line and column of any problem; :class:`PointPlaces` makes each row's place;
:class:`SourceBook` de-duplicates cited sources; :func:`country_iso2` and :func:`parse_iso_date`
read the values both exports share; :func:`dataset_title` names what was read.

Exports repeat most of their cells (a date, a town, an actor, a list of outlets recur in
thousands of rows), so the readers turn each distinct cell (or set of cells) into its value
once, keep it in a dict keyed by the raw text, and share the result between rows; a row's own
objects (its Place and Incident) are still built, and validated, one per row.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import hashlib
import io
import itertools
import logging
import operator
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from incidentmap.errors import InputError
from incidentmap.model import Incident, Place, Source
from incidentmap.text import decode_utf8

if TYPE_CHECKING:
    import _csv

__all__ = [
    "CsvTable",
    "PointPlaces",
    "SourceBook",
    "country_iso2",
    "dataset_title",
    "parse_iso_date",
    "physical_lines",
]

log = logging.getLogger(__name__)


# -- CSV plumbing, shared with the ACLED reader ------------------------------------------------


@dataclass(slots=True)
class CsvTable:
    """A CSV export opened for reading: its name, column positions and the row being read.

    Rows are read with :func:`csv.reader`, so quoted cells may hold commas and line breaks;
    ``line`` is the physical line where a row starts (1 is the header).
    """

    name: str
    kind: str
    header: list[str]
    #: The rows after the header; its ``line_num`` is the last physical line read.
    reader: _csv.Reader
    columns: dict[str, int] = field(default_factory=dict)
    countries: dict[str, str] = field(default_factory=dict)
    #: Whether rows get an empty cell after the last, for a column the file lacks.
    padded: bool = False

    @classmethod
    @contextlib.contextmanager
    def open(cls, path: str | Path, text: str | None, *, kind: str) -> Iterator[CsvTable]:
        """Open ``path`` (or ``text``) and read its header; ``kind`` names the format.

        A file is decoded as it is read, never held whole in memory. Bytes that are not UTF-8
        are the problem reported, wherever they are in the file: when reading stops on any
        problem, the whole file is checked before the problem is raised.
        """
        name = str(path)
        if text is not None:
            yield cls._start(name, physical_lines(text), kind)
            return
        with Path(path).open(encoding="utf-8-sig", newline="") as fh:
            try:
                yield cls._start(name, _without_bom(fh), kind)
            except (InputError, UnicodeDecodeError):
                decode_utf8(Path(path).read_bytes(), name)  # raises if the bytes are not UTF-8
                raise

    @classmethod
    def _start(cls, name: str, lines: Iterator[str], kind: str) -> CsvTable:
        reader = csv.reader(lines, strict=True)
        try:
            header = next(reader, None)
        except csv.Error as err:
            raise InputError(f"the header row is not valid CSV: {err}", path=name, line=1) from err
        if header is None or not any(h.strip() for h in header):
            raise InputError(
                f"the file is empty: expected a header row with the columns of a {kind} export",
                path=name,
                line=1,
            )
        names = [h.strip().lower() for h in header]
        table = cls(name, kind, names, reader)
        table.columns = {h: i for i, h in reversed(list(enumerate(names)))}
        return table

    def require(self, columns: Sequence[str]) -> None:
        """Raise an InputError naming the first of ``columns`` the header lacks."""
        missing = [c for c in columns if c not in self.columns]
        if missing:
            found = ", ".join(self.header)
            raise InputError(
                f"missing column {missing[0]!r} ({len(missing)} missing: {', '.join(missing)}); "
                f"a {self.kind} export needs {', '.join(columns)}; found columns: {found}",
                path=self.name,
                line=1,
                field=missing[0],
            )

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """(line, cells) of every non-blank data row, one cell per header column.

        When a :meth:`getter` reads a column the file lacks, each row has one more cell, ``""``,
        which the getter reads for it.
        """
        width = len(self.header)
        reader, pad = self.reader, self.padded
        end = 1  # the last line of the row before
        try:
            for cells in reader:
                line, end = end + 1, reader.line_num
                if len(cells) != width:
                    if not any(c.strip() for c in cells):
                        continue
                    raise InputError(
                        f"expected {width} cells (one per header column); found {len(cells)}",
                        path=self.name,
                        line=line,
                    )
                if pad:
                    cells.append("")
                yield line, cells
        except csv.Error as err:
            raise InputError(
                f"the row is not valid CSV: {err}", path=self.name, line=end + 1
            ) from err

    def fail(self, line: int, column: str, message: str) -> NoReturn:
        """Raise an InputError for the cell of ``column`` on ``line``."""
        raise InputError(message, path=self.name, line=line, field=column)

    def getter(self, columns: Sequence[str]) -> Callable[[list[str]], tuple[str, ...]]:
        """A function from the cells of :meth:`rows` to the raw cells of ``columns``, in order.

        A column the file lacks reads as ``""``. Cells are not stripped: the readers strip
        what they keep, once per distinct value.
        """
        width = len(self.header)
        if any(c not in self.columns for c in columns):
            self.padded = True
        return operator.itemgetter(*(self.columns.get(c, width) for c in columns))

    def integer(self, raw: str, column: str, line: int, *, blank_ok: bool = False) -> int:
        """A non-negative whole number (``"3.0"`` is accepted, as R and pandas write it)."""
        raw = raw.strip()
        if raw.isdigit():
            return int(raw)
        if not raw and blank_ok:
            return 0
        try:
            value = float(raw) if "." in raw else int(raw)
        except ValueError:
            value = -1.0
        if value != value or value < 0 or int(value) != value:
            self.fail(line, column, f"expected a whole number >= 0; found {raw!r}")
        return int(value)

    def coordinates(
        self, line: int, lat_raw: str, lon_raw: str, lat: str, lon: str
    ) -> tuple[float, float]:
        """(lat, lon) in range and not the (0, 0) of a lost coordinate; ``lat`` and ``lon``
        name the columns of the raw cells ``lat_raw`` and ``lon_raw``."""
        values = []
        for column, raw, limit in ((lat, lat_raw, 90.0), (lon, lon_raw, 180.0)):
            raw = raw.strip()
            try:
                value = float(raw)
            except ValueError:
                value = float("nan")
            if not -limit <= value <= limit:
                self.fail(
                    line, column, f"expected a number in [-{limit:g}, {limit:g}]; found {raw!r}"
                )
            values.append(value)
        if values[0] == 0 and values[1] == 0:
            self.fail(
                line,
                lat,
                f"found the point (0, 0) in {lat!r}/{lon!r}: it is almost always a missing "
                "coordinate; fix or remove the row",
            )
        return values[0], values[1]

    def iso2(self, country: str) -> str:
        """The ISO code of a country name, looked up once per name, with a warning if unknown."""
        code = self.countries.get(country)
        if code is None:
            code = self.countries[country] = country_iso2(country) if country else ""
            if country and not code:
                log.warning("%s: no ISO code known for country %r", self.name, country)
        return code

    def check_unique_ids(self, incidents: Sequence[Incident]) -> None:
        """Raise an InputError for the second row that repeats an incident id."""
        if len({inc.id for inc in incidents}) == len(incidents):
            return
        seen: dict[str, int] = {}
        for i, inc in enumerate(incidents):
            if inc.id in seen:
                raise InputError(
                    f"incident id {inc.id!r} is used by rows {seen[inc.id] + 1} and {i + 1} "
                    "(counting data rows from 1); ids must be unique",
                    path=self.name,
                    field="id",
                )
            seen[inc.id] = i


def _without_bom(lines: Iterator[str]) -> Iterator[str]:
    # decode_utf8 drops a byte-order mark and the readers always dropped one more from the text.
    first = next(lines, "")
    return itertools.chain((first.removeprefix("\ufeff"),), lines)


def physical_lines(text: str) -> Iterator[str]:
    """The lines of ``text`` with their line ends, as ``io.StringIO(text, newline="")`` gives
    them, without a leading byte-order mark.

    A generator over slices rather than a StringIO: StringIO copies the text into a buffer of
    four bytes per character (180 MB for a 45 MB export) and is slower to read.

    >>> list(physical_lines('\\ufeffa,b\\r\\n"x\\ny",2\\n3,4'))
    ['a,b\\r\\n', '"x\\n', 'y",2\\n', '3,4']
    >>> list(physical_lines("a\\rb\\r"))
    ['a\\r', 'b\\r']
    """
    start = 1 if text.startswith("\ufeff") else 0
    if text.count("\r") != text.count("\r\n"):  # lone CRs end lines too: let StringIO find them
        yield from io.StringIO(text[start:], newline="")
        return
    find = text.find
    while True:
        end = find("\n", start) + 1
        if not end:
            if start < len(text):
                yield text[start:]
            return
        yield text[start:end]
        start = end


@dataclass(slots=True)
class PointPlaces:
    """The point places of an export's rows, with what rows repeat read once.

    A place's point (``latitude``/``longitude``), name (the ``name_columns`` that are not empty,
    joined by ", ", else the country), country code and ``admin1`` are read once per distinct
    set of those cells; each row gets its own :class:`~incidentmap.model.Place`, with the id
    ``id_prefix + key`` (the row's event id). Rows per country are counted for the dataset's
    title (:func:`dataset_title`).
    """

    table: CsvTable
    source: str
    id_prefix: str
    #: Names a place when none of its name cells and no country is given (``prefix + key``).
    fallback_prefix: str
    name_columns: Sequence[str]
    admin1_column: str
    rows_by_country: dict[str, int] = field(default_factory=dict)
    _found: dict[tuple[str, ...], tuple[str, float, float, str, str, str]] = field(
        default_factory=dict
    )
    _key: Callable[[list[str]], tuple[str, ...]] = field(init=False)

    def __post_init__(self) -> None:
        columns = ("latitude", "longitude", "country", self.admin1_column, *self.name_columns)
        self._key = self.table.getter(columns)

    def place(self, cells: list[str], line: int, key: str, radius_m: float | None) -> Place:
        """The point place of the row ``cells`` on ``line`` whose event id is ``key``."""
        cell_key = self._key(cells)
        found = self._found.get(cell_key)
        if found is None:
            found = self._found[cell_key] = self._read(cell_key, line)
        name, lat, lon, iso2, admin1, country = found
        self.rows_by_country[country] = self.rows_by_country.get(country, 0) + 1
        return Place(
            id=self.id_prefix + key,
            name=name or self.fallback_prefix + key,
            lat=lat,
            lon=lon,
            kind="point",
            country=iso2,
            admin1=admin1,
            source=self.source,
            uncertainty_m=radius_m,
        )

    def _read(self, cells: tuple[str, ...], line: int) -> tuple[str, float, float, str, str, str]:
        lat, lon = self.table.coordinates(line, cells[0], cells[1], "latitude", "longitude")
        country, admin1, *names = (cell.strip() for cell in cells[2:])
        name = ", ".join(dict.fromkeys(n for n in names if n)) or country
        return name, lat, lon, self.table.iso2(country), admin1, country


def dataset_title(dataset: str, rows_by_country: Mapping[str, int]) -> str:
    """``"<dataset> events in <countries>"``: the most frequent country first, at most three.

    >>> dataset_title("ACLED", {"Iraq": 2, "Syria": 5})
    'ACLED events in Syria and Iraq'
    >>> dataset_title("UCDP GED", dict(zip("ABCDE", (5, 4, 3, 2, 1))))
    'UCDP GED events in A, B, C and 2 more'
    >>> dataset_title("ACLED", {"": 3})
    'ACLED events'
    """
    ranked = sorted((c for c in rows_by_country if c), key=lambda c: -rows_by_country[c])
    if not ranked:
        return f"{dataset} events"
    if len(ranked) > 3:
        named = f"{', '.join(ranked[:3])} and {len(ranked) - 3} more"
    elif len(ranked) > 1:
        named = f"{', '.join(ranked[:-1])} and {ranked[-1]}"
    else:
        named = ranked[0]
    return f"{dataset} events in {named}"


def parse_iso_date(raw: str) -> dt.date | None:
    """A ``YYYY-MM-DD`` date (a time after it is ignored), or ``None``."""
    try:
        return dt.date.fromisoformat(raw[:10])
    except ValueError:
        return None


_ALIASES = {
    "democratic republic of congo": "CD",
    "dr congo": "CD",
    "republic of congo": "CG",
    "congo": "CG",
    "ivory coast": "CI",
    "bosnia-herzegovina": "BA",
    "kingdom of eswatini": "SZ",
    "eswatini": "SZ",
    "yemen (north yemen)": "YE",
    "russia (soviet union)": "RU",
    "serbia (yugoslavia)": "RS",
    "cambodia (kampuchea)": "KH",
    "madagascar (malagasy)": "MG",
    "zimbabwe (rhodesia)": "ZW",
    "vietnam (north vietnam)": "VN",
    "united states": "US",
    "united kingdom": "GB",
    "palestine": "PS",
}


def country_iso2(name: str) -> str:
    """ISO 3166-1 alpha-2 code of a country name as UCDP or ACLED write it; ``""`` if unknown.

    Names are looked up in the gazetteer's ``countries.csv`` (names and alternate names), then
    with a parenthesised former name removed (UCDP writes ``"DR Congo (Zaire)"``).

    >>> country_iso2("Syria"), country_iso2("DR Congo (Zaire)"), country_iso2("Atlantis")
    ('SY', 'CD', '')
    """
    key = name.strip().lower()
    table = _country_table()
    return table.get(key) or table.get(re.sub(r"\s*\(.*\)\s*$", "", key), "")


@lru_cache(maxsize=1)
def _country_table() -> dict[str, str]:
    # Imported here: the gazetteer package pulls in shapely, which a reader only needs once.
    from incidentmap.gazetteer import default_data_dir

    table: dict[str, str] = {}
    path = default_data_dir() / "countries.csv"
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                for n in [row["name"], *row["alt_names"].split("|")]:
                    if n.strip():
                        table.setdefault(n.strip().lower(), row["iso2"])
    except OSError:  # pragma: no cover - the file ships with the package
        log.warning("cannot read %s: country codes come from the built-in aliases only", path)
    table.update(_ALIASES)
    return table


@dataclass(slots=True)
class SourceBook:
    """Sources met while reading, de-duplicated by content, with ids stable across files."""

    prefix: str
    by_id: dict[str, Source] = field(default_factory=dict)
    by_key: dict[tuple[str, str, str], str] = field(default_factory=dict)

    def add(self, outlet: str, title: str, published: dt.date | None, raw_date: str = "") -> str:
        """The id of the source with these values, registering it on first sight."""
        key = (outlet, raw_date, title)
        sid = self.by_key.get(key)
        if sid is not None:
            return sid
        digest = hashlib.blake2b("\x1f".join(key).encode(), digest_size=8).hexdigest()
        sid = f"{self.prefix}{digest}"
        while sid in self.by_id:  # a hash collision: lengthen the id, keep it deterministic
            sid += "x"
        self.by_id[sid] = Source(sid, outlet=outlet, title=title, published=published)
        self.by_key[key] = sid
        return sid
