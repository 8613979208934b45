"""Local azimuthal-equidistant (AEQD) projections: metres around a centre, and back to lon/lat.

An AEQD projection keeps every distance and azimuth *from its centre* exact, and distorts other
distances by less than 0.05 % within 300 km of it, which is why buffers, corridors and
nearest-point searches are done in one centred on the geometry (or on the point) at hand.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TypeVar

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry.base import BaseGeometry

__all__: list[str] = []

_G = TypeVar("_G", bound=BaseGeometry)

#: Centres are rounded to this many decimals (0.01° ≈ 1.1 km) so that nearby calls share one
#: cached transformer. An AEQD centred 1 km away distorts distances by ~1e-8: irrelevant.
_CENTRE_DECIMALS = 2

#: Longest segment, in degrees, kept before projecting. GeoJSON lines are straight in lon/lat
#: (RFC 7946 §3.1.1), and a long straight lon/lat segment is a curve in an AEQD: densifying
#: first keeps the projected chord within a few metres of that curve.
_MAX_SEGMENT_DEG = 0.05


@lru_cache(maxsize=1024)
def _transformer(lon0: float, lat0: float) -> Transformer:
    # A PROJ pipeline string builds in ~0.1 ms; Transformer.from_crs searches the PROJ database
    # for candidate operations and takes ~7 ms, which thousands of calls would feel.
    return Transformer.from_pipeline(
        "+proj=pipeline +step +proj=unitconvert +xy_in=deg +xy_out=rad "
        f"+step +proj=aeqd +lat_0={lat0!r} +lon_0={lon0!r} +ellps=WGS84"
    )


class LocalFrame:
    """A local AEQD frame around (``lon``, ``lat``), rounded so that frames are cached."""

    __slots__ = ("_transformer", "lat0", "lon0")

    def __init__(self, lon: float, lat: float) -> None:
        self.lon0 = round(float(lon), _CENTRE_DECIMALS)
        self.lat0 = round(float(lat), _CENTRE_DECIMALS)
        self._transformer = _transformer(self.lon0, self.lat0)

    @classmethod
    def around(cls, geom: BaseGeometry) -> LocalFrame:
        """The frame centred on the middle of ``geom``'s bounding box."""
        minx, miny, maxx, maxy = geom.bounds
        return cls((minx + maxx) / 2, (miny + maxy) / 2)

    def point(self, lon: float, lat: float) -> tuple[float, float]:
        """Project one (lon, lat) to local (x, y) metres."""
        x, y = self._transformer.transform(lon, lat)
        return float(x), float(y)

    def lonlat(self, x: float, y: float) -> tuple[float, float]:
        """Unproject one local (x, y) to (lon, lat)."""
        lon, lat = self._transformer.transform(x, y, direction="INVERSE")
        return float(lon), float(lat)

    def project(self, geom: _G, *, densify: bool = True) -> _G:
        """Project a lon/lat geometry to local metres, densifying long segments first."""
        if densify:
            geom = shapely.segmentize(geom, _MAX_SEGMENT_DEG)
        return shapely.transform(geom, self._forward)

    def unproject(self, geom: _G) -> _G:
        """Unproject a local geometry back to (lon, lat)."""
        return shapely.transform(geom, self._inverse)

    def _forward(self, xy: np.ndarray) -> np.ndarray:
        x, y = self._transformer.transform(xy[:, 0], xy[:, 1])
        return np.column_stack((x, y))

    def _inverse(self, xy: np.ndarray) -> np.ndarray:
        lon, lat = self._transformer.transform(xy[:, 0], xy[:, 1], direction="INVERSE")
        return np.column_stack((lon, lat))
