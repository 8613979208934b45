"""The derived place tables of ``gazetteer/places/`` (see ``scripts/derive_gazetteer.py``)."""

from __future__ import annotations

import gzip
import math
from collections.abc import Iterator
from pathlib import Path

from incidentmap.errors import GazetteerError
from incidentmap.gazetteer._records import FOCUS_COUNTRIES, Record
from incidentmap.model import PLACE_KINDS
from incidentmap.text import fold_version

__all__ = [
    "PLACES_DIR",
    "PLACE_COLUMNS",
    "PLACE_FILES",
    "place_records",
    "read_header",
]

PLACES_DIR = "places"
#: One file per source, in the order the index reads them (earlier files win on equal ids).
PLACE_FILES: tuple[str, ...] = ("wof", "opensyria", "ourairports", "geonames")
PLACE_COLUMNS: tuple[str, ...] = (
    "id", "name", "lat", "lon", "kind", "country", "admin1", "population", "radius_m",
    "flags", "alt_names", "cite", "keys",
)  # fmt: skip


def read_header(path: Path) -> dict[str, str]:
    """The ``# key: value`` lines that open a place table (``source``, ``licence``...)."""
    out: dict[str, str] = {}
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if not line.startswith("# "):
                break
            key, _, value = line[2:].rstrip("\n").partition(": ")
            out[key] = value
    return out


def place_records(path: Path) -> Iterator[Record]:
    """Every row of one place table; a row that breaks the format stops with file and line."""
    source = ""
    folded_by = ""
    with gzip.open(path, "rt", encoding="utf-8", newline="\n") as fh:
        line_no = 0
        for line_no, line in enumerate(fh, 1):  # noqa: B007
            if line.startswith("# source: "):
                source = line[10:].rstrip("\n")
            if line.startswith("# fold: "):
                folded_by = line[8:].strip()
            if not line.startswith("#"):
                break
        else:
            return
        if tuple(line.rstrip("\n").split("\t")) != PLACE_COLUMNS:
            raise GazetteerError(f"{path}, line {line_no}: expected columns {PLACE_COLUMNS}")
        if not source:
            raise GazetteerError(f"{path}: no '# source:' line; every table must cite its source")
        current = folded_by == fold_version()
        for line_no, line in enumerate(fh, line_no + 1):  # noqa: B020
            f = line.rstrip("\n").split("\t")
            if len(f) != len(PLACE_COLUMNS):
                raise GazetteerError(
                    f"{path}, line {line_no}: expected {len(PLACE_COLUMNS)} tab-separated "
                    f"fields, got {len(f)}"
                )
            pid, name, lat, lon, kind, cc, admin1, pop, radius, flags, alts, cite, keys = f
            if kind not in PLACE_KINDS:
                raise GazetteerError(
                    f"{path}, line {line_no}, field 'kind': {kind!r} is not a place kind"
                )
            if not cite:
                raise GazetteerError(f"{path}, line {line_no}, field 'cite': empty")
            try:
                la, lo = float(lat), float(lon)
                population = int(pop)
                radius_m = float(radius) if radius else None
            except ValueError:
                raise GazetteerError(
                    f"{path}, line {line_no}: lat, lon, population and radius_m must be "
                    f"numbers, got {lat!r}, {lon!r}, {pop!r}, {radius!r}"
                ) from None
            if not (-90 <= la <= 90 and -180 <= lo <= 180) or math.isnan(la + lo):
                raise GazetteerError(f"{path}, line {line_no}: ({la}, {lo}) is not a coordinate")
            names = [name, *alts.split("|")] if alts else [name]
            folded = keys.split("|") if current else None
            if folded is not None and len(folded) != len(names):
                raise GazetteerError(
                    f"{path}, line {line_no}, field 'keys': {len(folded)} keys for "
                    f"{len(names)} names"
                )
            yield Record(
                id=pid,
                name=name,
                lat=la,
                lon=lo,
                kind=kind,
                country=cc,
                admin1=admin1,
                population=population,
                source=source,
                cite=cite,
                names=names,
                keys=folded,
                uncertainty_m=radius_m,
                focus=cc in FOCUS_COUNTRIES,
                flags=flags,
            )
