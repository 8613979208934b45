"""Incidents known only to a governorate or a country: a light choropleth with a count each.

Such an incident is not drawn as a point or a disk (a 150 km disk around a governorate's
centroid says "here" where the source said "somewhere in Aleppo"): it is counted on its area.
Governorates are shaded by their count (square root, so a small count still shows); countries
are outlined only, since they hold the governorates. Each area's count is a label, "116 ·
Aleppo", placed inside it with the map's other labels; the legend lists the countries' counts,
which are written on the map only where there is room (a country is all of the map).
"""

from __future__ import annotations

import shapely
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection

from incidentmap.export._scene import AreaCount, Scene
from incidentmap.export._static._frame import _area_path, _Frame
from incidentmap.export._static._labels import _inside_spots, _Labeller
from incidentmap.export._static._style import _AREA_FILL, _AREA_INK, _AREA_LABEL, _PRIORITY, _rgba
from incidentmap.export._static._text import _drawable

#: Fill opacity of a governorate: at least the first, at most the sum (at the largest count).
_SHADE = (0.04, 0.14)


def _is_country(area: AreaCount) -> bool:
    return area.place.kind == "country"


def _area_text(area: AreaCount) -> str:
    """The count label: "116 · Aleppo", or "843 · somewhere in Syria" for a country."""
    where = f"somewhere in {area.name}" if _is_country(area) else area.name
    return _drawable(f"{len(area.members):,} · {where}")


def _draw_areas(ax: Axes, frame: _Frame, scene: Scene, labels: _Labeller) -> None:
    """Shade and outline the areas incidents are counted on, and ask for their count labels."""
    areas = [a for a in scene.areas if a.members]
    if not areas:
        return
    geoms = frame.project([a.place.geometry for a in areas], densify=True)  # type: ignore[misc]
    most = max([len(a.members) for a in areas if not _is_country(a)], default=1)
    view = shapely.box(*frame.view)
    paths, faces, edges, widths = [], [], [], []
    for area, g in zip(areas, geoms, strict=True):
        path = _area_path(g)
        if path is None:
            continue
        paths.append(path)
        if _is_country(area):
            faces.append((0.0, 0.0, 0.0, 0.0))
            widths.append(0.9)
        else:
            rgba = _rgba([_AREA_FILL])[0]
            rgba[3] = _SHADE[0] + _SHADE[1] * (len(area.members) / most) ** 0.5
            faces.append(tuple(rgba))
            widths.append(0.7)
        edges.append(_AREA_INK)
        # A governorate's count must be on the map; a country's is also in the legend, and
        # is written on the country only where there is room.
        country = _is_country(area)
        labels.add(
            _inside_spots(shapely.intersection(g, view), leader=True),
            _area_text(area),
            priority=_PRIORITY["area-country" if country else "area"],
            required=not country,
            **_AREA_LABEL,
        )
    if paths:
        coll = PathCollection(
            paths,
            facecolors=faces,
            edgecolors=_rgba(edges) * [1, 1, 1, 0.65],
            linewidths=widths,
            linestyles=(0, (4, 2.5)),
            zorder=2.6,
        )
        coll.set_gid("areas-located-only")
        ax.add_collection(coll, autolim=False)
