"""Reading CSV exports (ACLED, UCDP GED): columns by name, rows with their line, sources.

Shared by the ACLED and UCDP GED readers: :class:`CsvTable` finds columns by name and names
the file, line and column of any problem; :class:`SourceBook` de-duplicates cited sources;
:func:`country_iso2` and :func:`parse_iso_date` read the values both exports share.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import logging
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import NoReturn

from incidentmap.errors import InputError
from incidentmap.model import Incident, Place, Source
from incidentmap.text import decode_utf8

__all__ = ["CsvTable", "SourceBook", "country_iso2", "parse_iso_date"]

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
    lines: Iterator[list[str]]
    reader: Callable[[], int]
    columns: dict[str, int] = field(default_factory=dict)
    countries: dict[str, str] = field(default_factory=dict)

    @classmethod
    def open(cls, path: str | Path, text: str | None, *, kind: str) -> CsvTable:
        """Open ``path`` (or ``text``) and read its header; ``kind`` names the format."""
        name = str(path)
        if text is None:
            text = decode_utf8(Path(path).read_bytes(), name)
        reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""), strict=True)
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
        table = cls(name, kind, names, iter(reader), lambda: reader.line_num)
        table.columns = {h: i for i, h in reversed(list(enumerate(names)))}
        return table

    def point_place(
        self,
        row: dict[str, str],
        line: int,
        *,
        place_id: str,
        name_columns: Sequence[str],
        admin1_column: str,
        source: str,
        fallback: str,
        radius_m: float | None,
    ) -> Place:
        """The event's point: ``latitude``/``longitude``, a name from ``name_columns``, the
        country's ISO code (looked up once per country, with a warning when unknown)."""
        lat, lon = self.coordinates(row, line, "latitude", "longitude")
        parts: list[str] = []
        for column in name_columns:
            if row[column] and row[column] not in parts:
                parts.append(row[column])
        country = row["country"]
        iso2 = self.countries.get(country)
        if iso2 is None:
            iso2 = self.countries[country] = country_iso2(country) if country else ""
            if country and not iso2:
                log.warning("%s: no ISO code known for country %r", self.name, country)
        return Place(
            id=place_id,
            name=", ".join(parts) or country or fallback,
            lat=lat,
            lon=lon,
            kind="point",
            country=iso2,
            admin1=row[admin1_column],
            source=source,
            uncertainty_m=radius_m,
        )

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
        """(line, cells) of every non-blank data row, each padded to the header's width."""
        width = len(self.header)
        end = 1
        while True:
            line = end + 1
            try:
                cells = next(self.lines, None)
            except csv.Error as err:
                raise InputError(
                    f"the row is not valid CSV: {err}", path=self.name, line=line
                ) from err
            end = self.reader()
            if cells is None:
                return
            if len(cells) != width:
                if not any(c.strip() for c in cells):
                    continue
                raise InputError(
                    f"expected {width} cells (one per header column); found {len(cells)}",
                    path=self.name,
                    line=line,
                )
            yield line, cells

    def fail(self, line: int, column: str, message: str) -> NoReturn:
        """Raise an InputError for the cell of ``column`` on ``line``."""
        raise InputError(message, path=self.name, line=line, field=column)

    def picker(self, columns: Sequence[str]) -> Callable[[list[str]], dict[str, str]]:
        """A function from a row's cells to ``{column: stripped cell}`` for ``columns``.

        A column the file lacks reads as ``""``. Picking every wanted cell at once, in C,
        is what makes reading 16,566 GED rows take a fraction of a second.
        """
        present = [c for c in columns if c in self.columns]
        absent = dict.fromkeys((c for c in columns if c not in self.columns), "")
        index = [self.columns[c] for c in present]

        def pick(cells: list[str]) -> dict[str, str]:
            row = dict(zip(present, [cells[i].strip() for i in index], strict=True))
            row.update(absent)
            return row

        return pick

    def integer(
        self, row: Mapping[str, str], column: str, line: int, *, blank_ok: bool = False
    ) -> int:
        """A non-negative whole number (``"3.0"`` is accepted, as R and pandas write it)."""
        raw = row[column]
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
        self, row: Mapping[str, str], line: int, lat: str, lon: str
    ) -> tuple[float, float]:
        """(lat, lon) in range and not the (0, 0) of a lost coordinate."""
        values = []
        for column, limit in ((lat, 90.0), (lon, 180.0)):
            raw = row[column]
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
