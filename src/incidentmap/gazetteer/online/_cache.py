"""A persistent SQLite cache of online geocoder answers, so a query is sent at most once.

Nominatim's usage policy asks clients to cache results; a cache also makes a re-run of the same
report reproducible and free of network traffic. Entries are keyed by
``(geocoder, domain, normalised query, country, limit)`` and hold the service's raw results as
JSON, so a later version of the mapping to :class:`~incidentmap.model.Candidate` applies to old
entries too. Empty answers (no match) are cached; errors never are (the caller only stores an
answer that was parsed successfully).
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import time
import unicodedata
from pathlib import Path
from types import TracebackType
from typing import Any, NamedTuple, Self

from incidentmap.errors import GazetteerError

__all__ = ["CacheKey", "GeocodeCache", "normalise_query"]

logger = logging.getLogger(__name__)

# Bump when the meaning of a stored row changes; older rows are then dropped on open.
_SCHEMA_VERSION = 1

_CREATE = """
CREATE TABLE IF NOT EXISTS answers (
    geocoder   TEXT    NOT NULL,
    domain     TEXT    NOT NULL,
    query      TEXT    NOT NULL,
    country    TEXT    NOT NULL,
    lim        INTEGER NOT NULL,
    results    TEXT    NOT NULL,
    fetched_at REAL    NOT NULL,
    PRIMARY KEY (geocoder, domain, query, country, lim)
)
"""


def normalise_query(query: str) -> str:
    """Normalise a query for use as a cache key: NFC, case-folded, single spaces.

    No transliteration folding: ``Ḩalab`` and ``Halab`` may get different answers online.

    >>> normalise_query("  Al-Bab\\t ,  Aleppo ")
    'al-bab , aleppo'
    """
    return " ".join(unicodedata.normalize("NFC", query).casefold().split())


class CacheKey(NamedTuple):
    """What identifies one online answer."""

    geocoder: str
    domain: str
    query: str
    country: str
    limit: int

    @classmethod
    def of(
        cls, geocoder: str, domain: str, query: str, country: str | None, limit: int
    ) -> CacheKey:
        """Build a key with the query normalised and the country upper-cased (``""`` = any)."""
        return cls(geocoder, domain.lower(), normalise_query(query), (country or "").upper(), limit)


class GeocodeCache:
    """SQLite store of raw geocoder results; ``path=None`` keeps it in memory.

    One connection is shared by the threads of one process behind a lock; several processes
    may share one file (SQLite serialises their writes).

    Parameters
    ----------
    path
        The cache file, created with its parent folders when missing; ``None`` for an
        in-memory cache that lives as long as this object.

    Raises
    ------
    GazetteerError
        The file exists but is not a readable SQLite database.

    Examples
    --------
    >>> with GeocodeCache() as cache:
    ...     key = CacheKey.of("nominatim", "nominatim.openstreetmap.org", "Al-Bab", "SY", 5)
    ...     cache.get(key) is None
    ...     cache.put(key, [])
    ...     cache.get(key)
    True
    []
    """

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else None
        self._lock = threading.Lock()
        target = ":memory:"
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            target = str(self.path)
        # check_same_thread=False: the lock below serialises use across threads.
        self._conn = sqlite3.connect(target, timeout=5.0, check_same_thread=False)
        try:
            self._prepare()
        except sqlite3.Error as err:
            self._conn.close()
            raise GazetteerError(
                f"cannot use the geocoder cache {str(self.path)!r}: {err}; "
                "delete the file to start an empty cache"
            ) from err

    def _prepare(self) -> None:
        with self._lock, self._conn:
            (version,) = self._conn.execute("PRAGMA user_version").fetchone()
            if version != _SCHEMA_VERSION:
                self._conn.execute("DROP TABLE IF EXISTS answers")
                self._conn.execute(f"PRAGMA user_version = {_SCHEMA_VERSION}")
            self._conn.execute(_CREATE)

    def get(self, key: CacheKey) -> list[dict[str, Any]] | None:
        """The stored results for ``key`` (``[]`` for a cached "no match"), or ``None``."""
        with self._lock:
            row = self._conn.execute(
                "SELECT results FROM answers WHERE geocoder = ? AND domain = ? AND query = ?"
                " AND country = ? AND lim = ?",
                tuple(key),
            ).fetchone()
        if row is None:
            return None
        results: list[dict[str, Any]] = json.loads(row[0])
        return results

    def put(self, key: CacheKey, results: list[dict[str, Any]]) -> None:
        """Store ``results`` (JSON-serialisable) for ``key``, replacing an older entry."""
        payload = json.dumps(results, ensure_ascii=False, sort_keys=True)
        with self._lock, self._conn:
            self._conn.execute(
                "INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?, ?, ?, ?)",
                (*key, payload, time.time()),
            )

    def __len__(self) -> int:
        with self._lock:
            (count,) = self._conn.execute("SELECT COUNT(*) FROM answers").fetchone()
        return int(count)

    def close(self) -> None:
        """Close the database connection (idempotent)."""
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        where = str(self.path) if self.path is not None else ":memory:"
        return f"{type(self).__name__}({where!r})"
