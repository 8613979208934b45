"""incidentmap: turn reports of armed incidents into maps people can trust.

The public API is what this module exports; everything else is private. Heavy modules load
on first use, so ``import incidentmap`` stays fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from incidentmap.errors import (
    AmbiguousPlaceError,
    AmbiguousPlaceWarning,
    ConfigurationError,
    GazetteerError,
    GeocoderError,
    GeocoderRateLimited,
    GeocoderResponseError,
    GeocoderTimedOut,
    GeocoderUnavailable,
    IncidentMapError,
    InputError,
    MissingDependencyError,
    PlaceNotFoundError,
    ValidationError,
)
from incidentmap.model import (
    Candidate,
    CasualtyClaim,
    ForcePosition,
    Incident,
    IncidentSet,
    Place,
    ReportedDistance,
    Source,
)

if TYPE_CHECKING:
    from incidentmap.api import (
        example_path,
        export,
        extract_incidents,
        from_geodataframe,
        load_gazetteer,
        map,
        read,
        resolve,
        to_geodataframe,
        write_map,
    )
    from incidentmap.gazetteer import Gazetteer

__version__ = "0.1.0"

__all__ = [
    "AmbiguousPlaceError",
    "AmbiguousPlaceWarning",
    "Candidate",
    "CasualtyClaim",
    "ConfigurationError",
    "ForcePosition",
    "Gazetteer",
    "GazetteerError",
    "GeocoderError",
    "GeocoderRateLimited",
    "GeocoderResponseError",
    "GeocoderTimedOut",
    "GeocoderUnavailable",
    "Incident",
    "IncidentMapError",
    "IncidentSet",
    "InputError",
    "MissingDependencyError",
    "Place",
    "PlaceNotFoundError",
    "ReportedDistance",
    "Source",
    "ValidationError",
    "__version__",
    "example_path",
    "export",
    "extract",
    "extract_incidents",
    "from_geodataframe",
    "load_gazetteer",
    "map",
    "read",
    "resolve",
    "to_geodataframe",
    "write_map",
]

_LAZY = {
    "Gazetteer": "incidentmap.gazetteer",
    "example_path": "incidentmap.api",
    "extract_incidents": "incidentmap.api",
    "from_geodataframe": "incidentmap.api",
    "to_geodataframe": "incidentmap.api",
    "load_gazetteer": "incidentmap.api",
    "map": "incidentmap.api",
    "read": "incidentmap.api",
    "resolve": "incidentmap.api",
    "write_map": "incidentmap.api",
}


def __getattr__(name: str) -> Any:
    if name in ("export", "extract"):
        # These packages are callable: incidentmap.export(incidents, "out.gpkg") writes a file,
        # incidentmap.extract(text) extracts incidents from an article.
        return importlib.import_module(f"incidentmap.{name}")
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'incidentmap' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
