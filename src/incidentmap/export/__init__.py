"""Writers: standalone HTML maps (folium/Leaflet, offline), static images, and GIS files.

Per the design, ``export`` never geocodes: it draws what it is given (a :class:`Scene`).
folium and matplotlib load on first use of the function that needs them.
"""

from __future__ import annotations

import importlib
import sys
import types
from pathlib import Path
from typing import TYPE_CHECKING, Any

from incidentmap.export._scene import (
    ATTRIBUTION,
    PRECISION_CLASSES,
    PRECISION_RADIUS_M,
    ActorGrouping,
    AreaCount,
    ContextLayer,
    IncidentMark,
    Link,
    Ring,
    Scene,
    build_scene,
    uncertainty_of,
    with_context,
)
from incidentmap.export._writers import WRITERS, Writer, writer_for
from incidentmap.model import IncidentSet

if TYPE_CHECKING:
    from incidentmap.export._html import (
        TILES,
        build_map,
        render_fragment,
        render_html,
        write_html,
    )
    from incidentmap.export._static import render_figure, write_image

__all__ = [
    "ATTRIBUTION",
    "PRECISION_CLASSES",
    "PRECISION_RADIUS_M",
    "TILES",
    "WRITERS",
    "ActorGrouping",
    "AreaCount",
    "ContextLayer",
    "IncidentMark",
    "Link",
    "Ring",
    "Scene",
    "Writer",
    "build_map",
    "build_scene",
    "export_incidents",
    "render_figure",
    "render_fragment",
    "render_html",
    "uncertainty_of",
    "with_context",
    "write_html",
    "write_image",
    "writer_for",
]

_LAZY = {
    "TILES": "incidentmap.export._mapdata",
    "build_map": "incidentmap.export._html",
    "render_fragment": "incidentmap.export._html",
    "render_html": "incidentmap.export._html",
    "write_html": "incidentmap.export._html",
    "render_figure": "incidentmap.export._static",
    "write_image": "incidentmap.export._static",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)


def export_incidents(incidents: IncidentSet, path: str | Path) -> Path:
    """Write incidents to ``path``; the suffix chooses the format (see :data:`WRITERS`).

    Raises
    ------
    ValidationError
        For a suffix no writer knows.
    """
    writer = writer_for(path)
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    return writer.write(incidents, target)


class _CallableModule(types.ModuleType):
    """``incidentmap.export`` is the package of writers, and calling it writes a file.

    Python sets ``incidentmap.export`` to this package as soon as any writer is imported, so
    the public function ``incidentmap.export(incidents, path)`` has to be the package itself.
    """

    def __call__(self, incidents: IncidentSet, path: str | Path) -> Path:
        return export_incidents(incidents, path)


sys.modules[__name__].__class__ = _CallableModule
