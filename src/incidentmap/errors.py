"""The exception tree of incidentmap: every error the library raises on purpose.

::

    IncidentMapError
     ├── ValidationError(IncidentMapError, ValueError)      bad values for a model object
     ├── InputError(IncidentMapError, ValueError)           bad input file: .path, .line, .field
     ├── PlaceNotFoundError(IncidentMapError, LookupError)  .query, .suggestions
     ├── AmbiguousPlaceError(IncidentMapError, LookupError) .query, .candidates
     ├── GazetteerError(IncidentMapError, RuntimeError)     the gazetteer data cannot be read/built
     ├── ConfigurationError(IncidentMapError, ValueError)   bad options (unknown geocoder, ...)
     ├── MissingDependencyError(IncidentMapError, ImportError)  an optional extra is not installed
     └── GeocoderError(IncidentMapError)                    online geocoders
          ├── GeocoderUnavailable(GeocoderError, ConnectionError)  offline, refused, 5xx
          ├── GeocoderTimedOut(GeocoderError, TimeoutError)
          ├── GeocoderRateLimited(GeocoderError)            HTTP 429
          └── GeocoderResponseError(GeocoderError, ValueError)  garbage body
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

__all__ = [
    "AmbiguousPlaceError",
    "AmbiguousPlaceWarning",
    "ConfigurationError",
    "GazetteerError",
    "GeocoderError",
    "GeocoderRateLimited",
    "GeocoderResponseError",
    "GeocoderTimedOut",
    "GeocoderUnavailable",
    "IncidentMapError",
    "InputError",
    "MissingDependencyError",
    "PlaceNotFoundError",
    "ValidationError",
]


class IncidentMapError(Exception):
    """Root of every error incidentmap raises on purpose."""


class ValidationError(IncidentMapError, ValueError):
    """A model object was given a value it cannot hold.

    ``field`` names the offending field, ``value`` holds what was given.
    """

    def __init__(self, message: str, *, field: str | None = None, value: Any = None) -> None:
        super().__init__(message)
        self.field = field
        self.value = value


class InputError(IncidentMapError, ValueError):
    """An input file is malformed; the message names file, line and field."""

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        self.path = Path(path) if path is not None else None
        self.line = line
        self.field = field
        self.message = message
        where = []
        if path is not None:
            where.append(str(path))
        if line is not None:
            where.append(f"line {line}")
        if field is not None:
            where.append(f"field {field!r}")
        prefix = ", ".join(where)
        super().__init__(f"{prefix}: {message}" if prefix else message)


class PlaceNotFoundError(IncidentMapError, LookupError):
    """No place matches ``query``; ``suggestions`` lists close names ("did you mean")."""

    def __init__(self, query: str, suggestions: Sequence[str] = ()) -> None:
        self.query = query
        self.suggestions = tuple(suggestions)
        msg = f"no place found for {query!r}"
        if self.suggestions:
            msg += "; did you mean " + ", ".join(repr(s) for s in self.suggestions) + "?"
        super().__init__(msg)


class AmbiguousPlaceError(IncidentMapError, LookupError):
    """Several places match ``query`` equally well; ``candidates`` holds them."""

    def __init__(self, query: str, candidates: Sequence[Any]) -> None:
        self.query = query
        self.candidates = tuple(candidates)
        names = ", ".join(
            f"{c.name} ({c.country}, {c.lat:.4f}, {c.lon:.4f})" for c in self.candidates[:5]
        )
        super().__init__(f"{query!r} is ambiguous: {names}")


class AmbiguousPlaceWarning(UserWarning):
    """Several places match a name equally well and the first was taken; the message names
    them (give a country or a nearby place to choose)."""


class GazetteerError(IncidentMapError, RuntimeError):
    """The gazetteer's data could not be read or its index could not be built."""


class ConfigurationError(IncidentMapError, ValueError):
    """An option has a value the library does not accept."""


class MissingDependencyError(IncidentMapError, ImportError):
    """An optional dependency is needed; the message gives the pip command."""

    def __init__(self, package: str, extra: str) -> None:
        self.package = package
        self.extra = extra
        super().__init__(
            f'{package!r} is required for this feature: pip install "incidentmap[{extra}]"'
        )


class GeocoderError(IncidentMapError):
    """An online geocoder failed."""


class GeocoderUnavailable(GeocoderError, ConnectionError):
    """The geocoding service cannot be reached (offline, refused, or a 5xx answer)."""


class GeocoderTimedOut(GeocoderError, TimeoutError):
    """The geocoding service did not answer in time."""


class GeocoderRateLimited(GeocoderError):
    """The geocoding service answered HTTP 429 (too many requests)."""


class GeocoderResponseError(GeocoderError, ValueError):
    """The geocoding service answered with a body that cannot be understood."""
