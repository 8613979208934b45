"""Nominatim (OpenStreetMap) as an online resolver, through geopy, rate-limited and cached.

geopy is imported only when a resolver is built. Its behaviour that this module relies on
(geopy 2.5, ``geopy/geocoders/base.py`` and ``geopy/adapters.py``):

* an HTTP status >= 400 raises a geopy error whose ``__cause__`` is an ``AdapterHTTPError``
  holding ``status_code``; geopy maps 503 and 504 to ``GeocoderTimedOut`` and 500 to a plain
  ``GeocoderServiceError``, so the status, not geopy's class, decides "unavailable" here;
* the urllib adapter reports a refused connection or a DNS failure as a plain
  ``GeocoderServiceError`` (only "unreachable" becomes ``GeocoderUnavailable``), the requests
  adapter as ``GeocoderUnavailable``; both are "unavailable" here;
* a body that is not JSON raises ``GeocoderParseError``; JSON of the wrong shape escapes
  geopy's parser as ``TypeError``/``AttributeError``/``ValueError``;
* ``RateLimiter`` retries on *every* geopy error (timeouts and 429 included), so it is built
  with ``max_retries=0`` and the retry after a 5xx answer is done here;
* geopy's default adapter is requests' when requests is installed; it retries by itself
  (urllib3 ``Retry(2)``): a timed-out request is sent three times and then reported as a
  *connection* error whose text says "timed out", and a 429 or 503 with ``Retry-After`` is
  slept out twice before failing. The urllib adapter does none of this, so it is the default.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, ClassVar

from incidentmap.errors import (
    ConfigurationError,
    GeocoderError,
    GeocoderRateLimited,
    GeocoderResponseError,
    GeocoderTimedOut,
    GeocoderUnavailable,
    MissingDependencyError,
)
from incidentmap.gazetteer.online._base import OnlineResolver, _is_number
from incidentmap.model import Candidate, Place

__all__ = ["NominatimResolver"]

logger = logging.getLogger(__name__)

PUBLIC_DOMAIN = "nominatim.openstreetmap.org"

# Nominatim's usage policy: "an absolute maximum of 1 request per second".
_PUBLIC_MIN_DELAY_S = 1.0

# (class, type) pairs and whole classes naming a kind, checked before the address type.
_KIND_BY_CLASS_TYPE: Mapping[tuple[str, str], str] = {
    ("aeroway", "aerodrome"): "airport",
    ("aeroway", "airstrip"): "airport",
    ("waterway", "dam"): "dam",
    ("waterway", "weir"): "dam",
    ("waterway", "river"): "river",
    ("barrier", "border_control"): "border_crossing",
    ("landuse", "military"): "military_base",
    ("boundary", "military"): "military_base",
    ("natural", "water"): "lake",
    ("water", "lake"): "lake",
    ("water", "reservoir"): "lake",
    ("landuse", "industrial"): "industrial",
    ("boundary", "administrative"): "region",  # unless the address type says more, below
}
_KIND_BY_CLASS: Mapping[str, str] = {"military": "military_base"}
# Address types (Nominatim >= 4) and place=* types.
_KIND_BY_PLACE_TYPE: Mapping[str, str] = {
    "city": "city",
    "town": "town",
    "village": "village",
    "hamlet": "village",
    "country": "country",
    "state": "region",
    "province": "region",
    "region": "region",
    "state_district": "region",
    "county": "region",
    "district": "region",
    "municipality": "region",
}


def _kind(result: Mapping[str, Any]) -> str:
    """Map Nominatim's class/type/addresstype to one of :data:`~incidentmap.model.PLACE_KINDS`.

    >>> _kind({"class": "boundary", "type": "administrative", "addresstype": "city"})
    'city'
    >>> _kind({"class": "military", "type": "barracks"})
    'military_base'
    >>> _kind({"class": "amenity", "type": "hospital"})
    'point'
    """
    cls = str(result.get("class") or result.get("category") or "")  # jsonv2 says "category"
    typ = str(result.get("type") or "")
    addresstype = str(result.get("addresstype") or "")
    by_feature = _KIND_BY_CLASS_TYPE.get((cls, typ)) or _KIND_BY_CLASS.get(cls)
    if by_feature and by_feature != "region":
        return by_feature
    if cls in ("place", "boundary") or addresstype in _KIND_BY_PLACE_TYPE:
        kind = _KIND_BY_PLACE_TYPE.get(addresstype) or _KIND_BY_PLACE_TYPE.get(typ)
        if kind:
            return kind
    return by_feature or "point"


def _float(result: Mapping[str, Any], field: str) -> float:
    try:
        return float(result[field])
    except (KeyError, TypeError, ValueError) as err:
        raise GeocoderResponseError(
            f"Nominatim result has no usable {field!r}: {result.get(field)!r}"
        ) from err


def _import_geopy() -> tuple[Any, Any, Any]:
    try:
        from geopy.adapters import URLLibAdapter
        from geopy.extra.rate_limiter import RateLimiter
        from geopy.geocoders import Nominatim
    except ImportError as err:
        raise MissingDependencyError("geopy", "online") from err
    return Nominatim, RateLimiter, URLLibAdapter


class NominatimResolver(OnlineResolver):
    """Resolve place names with a Nominatim service (OpenStreetMap data, ODbL).

    Parameters
    ----------
    domain, scheme, user_agent, timeout_s, cache_path
        See :class:`~incidentmap.gazetteer.online.OnlineResolver`. The public instance at
        ``nominatim.openstreetmap.org`` is the default; run your own for bulk work.
    min_delay_s
        Least time between two requests; at least 1 s for the public instance (its usage
        policy), any value >= 0 for your own.
    max_retries
        Times to retry after a 5xx answer (waiting ``retry_wait_s``); timeouts, 429 and
        other failures are never retried.
    retry_wait_s
        Seconds to wait before such a retry.
    proxies
        ``{"http": url, "https": url}``; ``None`` for no proxy (the environment is not read).
    adapter_factory
        geopy's network seam (``geopy.adapters``); ``None`` for its urllib adapter, which
        never retries on its own (requests' adapter retries a timed-out request twice).

    Raises
    ------
    MissingDependencyError
        geopy is not installed (``pip install "incidentmap[online]"``).
    ConfigurationError
        A setting is out of range.

    Examples
    --------
    >>> with NominatimResolver(domain="nominatim.example.org", min_delay_s=0) as resolver:
    ...     resolver.attribution
    'OpenStreetMap contributors (ODbL) via Nominatim at nominatim.example.org'
    """

    name: ClassVar[str] = "nominatim"
    default_domain: ClassVar[str] = PUBLIC_DOMAIN
    max_limit: ClassVar[int] = 40  # Nominatim's own maximum

    def __init__(
        self,
        *,
        domain: str | None = None,
        scheme: str | None = None,
        user_agent: str | None = None,
        timeout_s: float = 10.0,
        min_delay_s: float = 1.0,
        cache_path: str | Path | None = None,
        max_retries: int = 0,
        retry_wait_s: float = 5.0,
        proxies: Mapping[str, str] | None = None,
        adapter_factory: Callable[..., Any] | None = None,
    ) -> None:
        nominatim_cls, rate_limiter_cls, urllib_adapter = _import_geopy()
        self.max_retries = max_retries
        self.retry_wait_s = retry_wait_s
        self._check_retries()
        super().__init__(
            domain=domain,
            scheme=scheme,
            user_agent=user_agent,
            timeout_s=timeout_s,
            min_delay_s=min_delay_s,
            cache_path=cache_path,
        )
        try:
            self._geocoder = nominatim_cls(
                domain=self.domain,
                scheme=self.scheme,
                user_agent=self.user_agent,
                timeout=self.timeout_s,
                proxies=dict(proxies or {}),  # {}, not None: None would read the environment
                adapter_factory=adapter_factory or urllib_adapter,
            )
        except ValueError as err:  # geopy's ConfigurationError, e.g. a sample user_agent
            super().close()
            raise ConfigurationError(f"Nominatim refuses these settings: {err}") from err
        self._geocode = rate_limiter_cls(
            self._geocoder.geocode,
            min_delay_seconds=self.min_delay_s,
            max_retries=0,
            error_wait_seconds=self.min_delay_s,
            swallow_exceptions=False,
        )

    def _check_retries(self) -> None:
        if isinstance(self.max_retries, bool) or not isinstance(self.max_retries, int):
            raise ConfigurationError(f"max_retries must be an integer, got {self.max_retries!r}")
        if not 0 <= self.max_retries <= 5:
            raise ConfigurationError(f"max_retries must be from 0 to 5, got {self.max_retries!r}")
        if not _is_number(self.retry_wait_s) or not self.retry_wait_s >= 0:
            raise ConfigurationError(f"retry_wait_s must be >= 0, got {self.retry_wait_s!r}")

    def _check_settings(self) -> None:
        super()._check_settings()
        if self.domain == PUBLIC_DOMAIN and self.min_delay_s < _PUBLIC_MIN_DELAY_S:
            raise ConfigurationError(
                f"min_delay_s must be >= {_PUBLIC_MIN_DELAY_S} for {PUBLIC_DOMAIN} (its usage "
                f"policy allows one request per second), got {self.min_delay_s!r}"
            )

    @property
    def attribution(self) -> str:
        return f"OpenStreetMap contributors (ODbL) via Nominatim at {self.domain}"

    def _fetch(self, query: str, *, country: str | None, limit: int) -> list[dict[str, Any]]:
        for attempt in range(self.max_retries + 1):
            try:
                locations = self._geocode(
                    query,
                    exactly_one=False,
                    limit=limit,
                    addressdetails=True,
                    country_codes=country.lower() if country else None,
                )
            except Exception as err:
                if not _is_geopy_error(err):
                    if isinstance(err, AttributeError | TypeError | ValueError | KeyError):
                        # geopy's parser met JSON of another shape than a list of objects.
                        raise GeocoderResponseError(
                            f"the geocoding service at {self.domain} answered JSON of an "
                            f"unexpected shape ({type(err).__name__}: {err})"
                        ) from err
                    raise
                status = _http_status(err)
                if status is not None and status >= 500 and attempt < self.max_retries:
                    logger.warning(
                        "%s answered HTTP %s; retrying in %g s", self.domain, status,
                        self.retry_wait_s,
                    )  # fmt: skip
                    time.sleep(self.retry_wait_s)
                    continue
                raise self._translate(err) from err
            return [_raw(location) for location in locations or ()]
        raise AssertionError("unreachable")  # pragma: no cover

    def _translate(self, err: Exception) -> GeocoderError:
        """Our exception for a geopy one; the caller chains it ``from err``."""
        from geopy import exc as geopy_exc

        where = f"the geocoding service at {self.domain}"
        status = _http_status(err)
        if status == 429:
            retry_after = getattr(err, "retry_after", None)
            wait = f"; it asks to wait {retry_after} s" if retry_after else ""
            return GeocoderRateLimited(f"{where} is rate-limiting us (HTTP 429){wait}")
        if status is not None and status >= 500:
            return self._unavailable(f"HTTP {status}")
        if isinstance(err, geopy_exc.GeocoderTimedOut):  # also HTTP 408
            return self._timed_out()
        if status == 403:
            return GeocoderError(
                f"{where} refused the request (HTTP 403); Nominatim's usage policy asks for a "
                f"user_agent that identifies the application (sent: {self.user_agent!r})"
            )
        if status is not None:
            return GeocoderError(f"{where} refused the request (HTTP {status}): {err}")
        if isinstance(err, geopy_exc.GeocoderParseError | geopy_exc.GeocoderQueryError):
            return GeocoderResponseError(f"{where} answered a body that is not a result: {err}")
        if isinstance(err, geopy_exc.GeocoderServiceError):
            # What is left carries no HTTP status: the request never got an answer
            # (refused, DNS failure, reset, unreachable) ...
            if "timed out" in str(err).lower():
                # ... or it did not come in time: requests' adapter reports a read timeout
                # that urllib3 retried as a connection error.
                return self._timed_out()
            return self._unavailable(str(err) or type(err).__name__)
        return GeocoderError(f"{where} failed: {type(err).__name__}: {err}")

    def _timed_out(self) -> GeocoderTimedOut:
        return GeocoderTimedOut(
            f"the geocoding service at {self.domain} did not answer within {self.timeout_s:g} s"
        )

    def _unavailable(self, reason: str) -> GeocoderUnavailable:
        return GeocoderUnavailable(
            f"the geocoding service at {self.domain} cannot be reached ({reason}); "
            "incidentmap works offline: run without --online to use the built-in gazetteer only"
        )

    def _to_candidates(self, results: list[dict[str, Any]]) -> list[Candidate]:
        if not isinstance(results, list):
            raise GeocoderResponseError(f"Nominatim results must be a list, got {results!r}")
        candidates: list[Candidate] = []
        previous = 1.0
        for rank, result in enumerate(results, start=1):
            candidate = self._candidate(result, rank, previous)
            if candidate is not None:
                candidates.append(candidate)
                previous = candidate.score
        return candidates

    def _candidate(self, result: Any, rank: int, best: float) -> Candidate | None:
        if not isinstance(result, Mapping):
            raise GeocoderResponseError(f"a Nominatim result must be an object, got {result!r}")
        lat, lon = _float(result, "lat"), _float(result, "lon")
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise GeocoderResponseError(f"Nominatim result out of range: lat={lat}, lon={lon}")
        if lat == 0 and lon == 0:
            logger.warning("dropping a Nominatim result at (0, 0): %r", result)
            return None
        osm_type, osm_id = result.get("osm_type"), result.get("osm_id")
        display = str(result.get("display_name") or "")
        name = str(result.get("name") or display.split(",")[0]).strip()
        if not osm_type or osm_id is None or not name:
            raise GeocoderResponseError(
                f"Nominatim result lacks osm_type, osm_id or a name: {result!r}"
            )
        address = result.get("address")
        address = address if isinstance(address, Mapping) else {}
        importance = _importance(result.get("importance"))
        # The service's order already weighs how well each name matches; importance alone
        # does not, so a later result never scores above an earlier one.
        score = min(best, importance if importance is not None else 1.0 / (rank + 1))
        shown = f"{importance:.2f}" if importance is not None else "n/a"
        place = Place(
            id=f"nominatim:{osm_type}/{osm_id}",
            name=name,
            lat=lat,
            lon=lon,
            kind=_kind(result),
            country=str(address.get("country_code") or "").upper(),
            admin1=str(address.get("state") or address.get("province") or ""),
            source=self.attribution,
        )
        return Candidate(
            place=place,
            score=score,
            why=f"nominatim: importance {shown}, rank {rank}",
            matched=display or name,
            match="online",
        )

    def close(self) -> None:
        """Close the HTTP connections and the cache (idempotent)."""
        self._geocoder.adapter.__exit__(None, None, None)
        super().close()


def _raw(location: Any) -> dict[str, Any]:
    raw = getattr(location, "raw", None)
    if not isinstance(raw, dict):
        raise GeocoderResponseError(f"Nominatim result must be an object, got {raw!r}")
    return raw


def _importance(value: Any) -> float | None:
    try:
        importance = float(value)
    except (TypeError, ValueError):
        return None
    if importance != importance:  # NaN
        return None
    return min(max(importance, 0.0), 1.0)


def _is_geopy_error(err: BaseException) -> bool:
    from geopy.exc import GeopyError

    return isinstance(err, GeopyError)


def _http_status(err: BaseException) -> int | None:
    """The HTTP status behind a geopy error, when it came from an HTTP answer."""
    from geopy.adapters import AdapterHTTPError

    cause = err.__cause__
    return cause.status_code if isinstance(cause, AdapterHTTPError) else None
