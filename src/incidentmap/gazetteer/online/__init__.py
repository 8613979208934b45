"""Online geocoders, opt-in and cached: a registry of resolvers and a factory.

The offline gazetteer answers first; these are a fallback the caller switches on (the CLI's
``--online``). Importing this package does not import geopy: each resolver imports it when
built. Adding a geocoder = one module with an :class:`OnlineResolver` subclass + one entry in
:data:`GEOCODERS` + one test module.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

from incidentmap.errors import ConfigurationError
from incidentmap.gazetteer.online._base import OnlineResolver, default_user_agent
from incidentmap.gazetteer.online._cache import GeocodeCache
from incidentmap.gazetteer.online.nominatim import NominatimResolver

__all__ = [
    "GEOCODERS",
    "GeocodeCache",
    "NominatimResolver",
    "OnlineResolver",
    "default_user_agent",
    "make_online_resolver",
]

#: Online resolvers by name.
GEOCODERS: Mapping[str, type[OnlineResolver]] = MappingProxyType(
    {NominatimResolver.name: NominatimResolver}
)


def make_online_resolver(
    name: str,
    *,
    cache_path: Path | None = None,
    timeout_s: float = 10,
    min_delay_s: float = 1.0,
    domain: str | None = None,
    scheme: str | None = None,
    user_agent: str | None = None,
) -> OnlineResolver:
    """Build the online resolver registered as ``name``.

    Parameters
    ----------
    name
        A key of :data:`GEOCODERS` (case-insensitive), e.g. ``"nominatim"``.
    cache_path
        SQLite file keeping earlier answers across runs; ``None`` for an in-memory cache.
    timeout_s
        Seconds to wait for an answer.
    min_delay_s
        Least time between two requests (the public Nominatim allows one per second).
    domain, scheme, user_agent
        The service's host (``None``: the resolver's default), ``"https"``/``"http"``, and the
        ``User-Agent`` header (``None``: ``incidentmap/<version> (...)``).

    Returns
    -------
    OnlineResolver
        Close it (or use it in a ``with`` block) to release its connections and cache.

    Raises
    ------
    ConfigurationError
        ``name`` is not registered, or a setting is out of range.
    MissingDependencyError
        The resolver needs an optional dependency that is not installed.

    Examples
    --------
    >>> make_online_resolver("bing")
    Traceback (most recent call last):
        ...
    incidentmap.errors.ConfigurationError: unknown online geocoder 'bing'; accepted: 'nominatim'
    """
    key = name.strip().lower() if isinstance(name, str) else name
    if key not in GEOCODERS:
        accepted = ", ".join(repr(n) for n in sorted(GEOCODERS))
        raise ConfigurationError(f"unknown online geocoder {name!r}; accepted: {accepted}")
    return GEOCODERS[key](
        domain=domain,
        scheme=scheme,
        user_agent=user_agent,
        timeout_s=timeout_s,
        min_delay_s=min_delay_s,
        cache_path=cache_path,
    )
