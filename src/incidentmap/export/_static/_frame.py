"""The map frame: projection centred on the scene, view, clip box; geometry as matplotlib paths."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import shapely
from matplotlib.axes import Axes
from matplotlib.collections import Collection
from matplotlib.path import Path as MplPath
from pyproj import Transformer
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import orient

from incidentmap.model import Place


@dataclass(frozen=True)
class _Frame:
    """The map's projection (centred on the scene), its view in metres, and a lon/lat clip box."""

    lon0: float
    lat0: float
    transformer: Transformer = field(repr=False)
    view: tuple[float, float, float, float]  # x0, y0, x1, y1 in projected metres
    clip: tuple[float, float, float, float]  # west, south, east, north to cut geometry to
    px: float  # map width in pixels
    seen: BaseGeometry = field(repr=False)  # the view as a lon/lat polygon

    @classmethod
    def fit(cls, bounds: tuple[float, float, float, float], box: Any) -> _Frame:
        """The frame showing all of ``bounds``, widened to fill a ``box`` of pixels."""
        w, s, e, n = bounds
        lon0, lat0 = (w + e) / 2, (s + n) / 2
        tr = Transformer.from_pipeline(
            "+proj=pipeline +step +proj=unitconvert +xy_in=deg +xy_out=rad "
            f"+step +proj=tmerc +lat_0={lat0!r} +lon_0={lon0!r} +k=1 +ellps=WGS84"
        )
        t = np.linspace(0.0, 1.0, 65)
        edge_lon = np.concatenate(
            [w + (e - w) * t, np.full(65, e), e - (e - w) * t, np.full(65, w)]
        )
        edge_lat = np.concatenate(
            [np.full(65, s), s + (n - s) * t, np.full(65, n), n - (n - s) * t]
        )
        x, y = tr.transform(edge_lon, edge_lat)
        x0, x1, y0, y1 = float(x.min()), float(x.max()), float(y.min()), float(y.max())
        want, have = box.width / box.height, (x1 - x0) / (y1 - y0)
        if have < want:
            grow = ((y1 - y0) * want - (x1 - x0)) / 2
            x0, x1 = x0 - grow, x1 + grow
        else:
            grow = ((x1 - x0) / want - (y1 - y0)) / 2
            y0, y1 = y0 - grow, y1 + grow
        vx = np.concatenate(
            [x0 + (x1 - x0) * t, np.full(65, x1), x1 - (x1 - x0) * t, np.full(65, x0)]
        )
        vy = np.concatenate(
            [np.full(65, y0), y0 + (y1 - y0) * t, np.full(65, y1), y1 - (y1 - y0) * t]
        )
        lo, la = tr.transform(vx, vy, direction="INVERSE")
        mx, my = (lo.max() - lo.min()) * 0.05 + 0.05, (la.max() - la.min()) * 0.05 + 0.05
        clip = (
            max(lo.min() - mx, -180.0),
            max(la.min() - my, -89.9),
            min(lo.max() + mx, 180.0),
            min(la.max() + my, 89.9),
        )
        seen = shapely.Polygon(np.column_stack([lo, la]))
        return cls(lon0, lat0, tr, (x0, y0, x1, y1), clip, float(box.width), seen)

    def apply(self, ax: Axes) -> None:
        """Set the axes to show the view, at one scale on both axes."""
        x0, y0, x1, y1 = self.view
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        ax.set_aspect("equal", adjustable="datalim")

    @property
    def metres_per_px(self) -> float:
        return (self.view[2] - self.view[0]) / self.px

    def xy(self, lon: Any, lat: Any) -> tuple[np.ndarray, np.ndarray]:
        """Project (arrays of) lon/lat to map metres."""
        x, y = self.transformer.transform(np.asarray(lon, float), np.asarray(lat, float))
        return np.asarray(x), np.asarray(y)

    def lonlat(self, x: float, y: float) -> tuple[float, float]:
        lon, lat = self.transformer.transform(x, y, direction="INVERSE")
        return float(lon), float(lat)

    def project(self, geoms: Sequence[BaseGeometry], densify: bool = False) -> np.ndarray:
        """Cut lon/lat geometries to the view and project them (one vectorised call)."""
        arr = np.empty(len(geoms), dtype=object)
        arr[:] = list(geoms)
        arr = shapely.clip_by_rect(arr, *self.clip)
        if densify:  # long straight lon/lat edges are curves in the projection
            arr = shapely.segmentize(arr, 0.1)
        return np.asarray(shapely.transform(arr, self._forward))

    def _forward(self, coords: np.ndarray) -> np.ndarray:
        x, y = self.transformer.transform(coords[:, 0], coords[:, 1])
        return np.column_stack((x, y))


def _area_path(geom: BaseGeometry | None) -> MplPath | None:
    """One compound path (holes included) for the polygons in ``geom``, or None."""
    verts: list[np.ndarray] = []
    codes: list[np.ndarray] = []
    if geom is None or geom.is_empty:
        return None
    for part in shapely.get_parts(geom):
        if part.geom_type != "Polygon" or part.is_empty:
            continue
        part = orient(part, 1.0)  # matplotlib fills non-zero: holes must wind the other way
        for ring in (part.exterior, *part.interiors):
            xy = shapely.get_coordinates(ring)
            c = np.full(len(xy), MplPath.LINETO, dtype=MplPath.code_type)
            c[0], c[-1] = MplPath.MOVETO, MplPath.CLOSEPOLY
            verts.append(xy)
            codes.append(c)
    return MplPath(np.concatenate(verts), np.concatenate(codes)) if verts else None


def _line_parts(geom: BaseGeometry | None) -> list[np.ndarray]:
    """Coordinates of every line in ``geom`` (polygon rings count as lines)."""
    if geom is None or geom.is_empty:
        return []
    out: list[np.ndarray] = []
    for part in shapely.get_parts(geom):
        if part.geom_type == "Polygon":
            out.extend(shapely.get_coordinates(r) for r in (part.exterior, *part.interiors))
        elif part.geom_type in ("LineString", "LinearRing") and not part.is_empty:
            out.append(shapely.get_coordinates(part))
    return out


def _meets(place: Place, area: BaseGeometry) -> bool:
    """Whether ``place`` is at least partly inside ``area`` (lon/lat)."""
    if _is_point(place):
        return bool(shapely.intersects_xy(area, place.lon, place.lat))
    return bool(shapely.intersects(area, place.geometry))


def _is_point(place: Place) -> bool:
    return place.geometry is None or place.geometry.geom_type in ("Point", "MultiPoint")


def _add(ax: Axes, coll: Collection, gid: str) -> None:
    """Add a collection with an id (SVG editors show it as the layer's name)."""
    coll.set_gid(gid)
    ax.add_collection(coll, autolim=False)
