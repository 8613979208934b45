"""The base class of online geocoders: settings, argument checks and the cache around a fetch.

A subclass names itself, says which service it talks to by default, and implements two steps:
:meth:`OnlineResolver._fetch` (one network request, raw results as JSON-ready dicts, errors
translated to :class:`~incidentmap.errors.GeocoderError`) and
:meth:`OnlineResolver._to_candidates` (raw results to :class:`~incidentmap.model.Candidate`).
:meth:`OnlineResolver.resolve` checks the arguments, answers from the cache when it can, and
stores an answer only after it was parsed, so errors and garbage are never cached.
"""

from __future__ import annotations

import abc
import logging
import math
from importlib import metadata
from pathlib import Path
from types import TracebackType
from typing import Any, ClassVar, Self

from incidentmap.errors import ConfigurationError
from incidentmap.gazetteer.online._cache import CacheKey, GeocodeCache
from incidentmap.model import Candidate

__all__ = ["OnlineResolver", "default_user_agent"]

logger = logging.getLogger(__name__)

_SCHEMES = ("http", "https")


def default_user_agent() -> str:
    """The ``User-Agent`` sent when none is given: names the tool and its version.

    >>> default_user_agent().startswith("incidentmap/")
    True
    """
    try:
        version = metadata.version("incidentmap")
    except metadata.PackageNotFoundError:  # running from a source tree
        version = "0+unknown"
    return f"incidentmap/{version} (+offline-first conflict mapping)"


class OnlineResolver(abc.ABC):
    """A place-name resolver backed by an online geocoding service (opt-in, cached).

    Every setting is an explicit argument, read once here; nothing comes from the environment.

    Parameters
    ----------
    domain
        Host (and optional ``:port``) of the service; ``None`` for :attr:`default_domain`.
    scheme
        ``"https"`` (default) or ``"http"``.
    user_agent
        ``User-Agent`` header; ``None`` for :func:`default_user_agent`.
    timeout_s
        Seconds to wait for an answer.
    min_delay_s
        Least time between two requests to the service (cache hits do not count).
    cache_path
        SQLite file of earlier answers; ``None`` for an in-memory cache.

    Raises
    ------
    ConfigurationError
        A setting is out of range (the message echoes it).
    """

    #: Registry name, also the first part of every Place id (``"nominatim:node/42"``).
    name: ClassVar[str]
    #: Domain used when ``domain=None``.
    default_domain: ClassVar[str]
    #: Largest ``limit`` the service accepts.
    max_limit: ClassVar[int] = 50

    def __init__(
        self,
        *,
        domain: str | None = None,
        scheme: str | None = None,
        user_agent: str | None = None,
        timeout_s: float = 10.0,
        min_delay_s: float = 1.0,
        cache_path: str | Path | None = None,
    ) -> None:
        self.domain = (domain or self.default_domain).strip().strip("/")
        self.scheme = scheme or "https"
        self.user_agent = user_agent or default_user_agent()
        self.timeout_s = timeout_s
        self.min_delay_s = min_delay_s
        self._check_settings()
        self._cache = GeocodeCache(cache_path)

    def _check_settings(self) -> None:
        if not self.domain or "://" in self.domain:
            raise ConfigurationError(
                f"domain must be a host name with an optional port, got {self.domain!r}"
            )
        if self.scheme not in _SCHEMES:
            raise ConfigurationError(f"scheme must be one of {_SCHEMES}, got {self.scheme!r}")
        if not _is_number(self.timeout_s) or not self.timeout_s > 0:
            raise ConfigurationError(f"timeout_s must be a number > 0, got {self.timeout_s!r}")
        if not _is_number(self.min_delay_s) or not self.min_delay_s >= 0:
            raise ConfigurationError(f"min_delay_s must be a number >= 0, got {self.min_delay_s!r}")

    def resolve(self, query: str, *, country: str | None = None, limit: int = 5) -> list[Candidate]:
        """Candidates for a place name, best first, from the cache or the service.

        Parameters
        ----------
        query
            The place name as written (any script); a blank query gives ``[]`` at once.
        country
            ISO 3166-1 alpha-2 code restricting the search (any case), or ``None``.
        limit
            Most candidates wanted, 1 to :attr:`max_limit`.

        Returns
        -------
        list of Candidate
            ``match="online"``, ``score`` in [0, 1], ``why`` naming the service's own ranking;
            ``[]`` when the service knows no such place.

        Raises
        ------
        ConfigurationError
            ``country`` is not a two-letter code, or ``limit`` is out of range.
        GeocoderError
            The service could not be reached, was too slow, refused, or answered garbage
            (see :mod:`incidentmap.errors` for the subclasses).
        """
        country = self._check_country(country)
        self._check_limit(limit)
        query = query.strip()
        if not query:
            return []
        key = CacheKey.of(self.name, self.domain, query, country, limit)
        cached = self._cache.get(key)
        if cached is not None:
            logger.debug("%s: %r answered from the cache", self.name, query)
            return self._to_candidates(cached)
        logger.info("%s: asking %s for %r", self.name, self.domain, query)
        results = self._fetch(query, country=country, limit=limit)[:limit]
        candidates = self._to_candidates(results)  # raises on garbage, before caching
        self._cache.put(key, results)
        return candidates

    @staticmethod
    def _check_country(country: str | None) -> str | None:
        if country is None:
            return None
        if not (
            isinstance(country, str)
            and len(country) == 2
            and country.isascii()
            and country.isalpha()
        ):
            raise ConfigurationError(
                f"country must be an ISO 3166-1 alpha-2 code such as 'SY', got {country!r}"
            )
        return country.upper()

    def _check_limit(self, limit: int) -> None:
        if (
            isinstance(limit, bool)
            or not isinstance(limit, int)
            or not 1 <= limit <= self.max_limit
        ):
            raise ConfigurationError(
                f"limit must be an integer from 1 to {self.max_limit}, got {limit!r}"
            )

    @abc.abstractmethod
    def _fetch(self, query: str, *, country: str | None, limit: int) -> list[dict[str, Any]]:
        """Ask the service once; raw results as JSON-ready dicts, best first.

        Must raise a :class:`~incidentmap.errors.GeocoderError` (chained ``from`` the cause)
        for every failure.
        """

    @abc.abstractmethod
    def _to_candidates(self, results: list[dict[str, Any]]) -> list[Candidate]:
        """Turn raw results into candidates; raise ``GeocoderResponseError`` on a bad shape."""

    @property
    def attribution(self) -> str:
        """Citation of the data, stored as every returned Place's ``source``."""
        return f"{self.name} at {self.domain}"

    def close(self) -> None:
        """Release network connections and the cache (idempotent)."""
        self._cache.close()

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
        return f"{type(self).__name__}(domain={self.domain!r}, cache={self._cache!r})"


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
