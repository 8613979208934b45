"""Relations between a point and a line: nearest point, distance, and which side it lies on.

Each search happens in an azimuthal-equidistant frame centred on the point, where distances
*from the point* are exact, so the nearest point found there is the geodesically nearest one;
the distance itself is then measured on the ellipsoid.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from shapely.geometry import LineString, MultiLineString
from shapely.geometry.base import BaseGeometry

from incidentmap.errors import ValidationError
from incidentmap.geo._checks import as_geometry, as_lon_lat
from incidentmap.geo._geodesic import GEOD
from incidentmap.geo._local import LocalFrame

__all__ = ["nearest_point_on_line", "point_line_distance_m", "side_of_line"]

Side = Literal["left", "right"]

#: A point closer than this to the line (in metres) lies on it and has no side.
_ON_LINE_M = 1e-3

#: Lines shorter than this are projected whole; near the poles cos(lat) scaling is too rough.
_PREFILTER_MIN_VERTICES = 64
_PREFILTER_MAX_LAT = 75.0


@dataclass(frozen=True, slots=True)
class _Hit:
    """The nearest point of a line to a query point, in a local frame."""

    point: np.ndarray  # (x, y) on the line
    tangent: np.ndarray  # unit direction of the line there (bisector at a vertex)
    distance: float  # planar distance from the query point

    def side(self, x: float, y: float) -> Side:
        """Left or right of the line's digitised direction, seen from its nearest point."""
        dx, dy = x - self.point[0], y - self.point[1]
        cross = self.tangent[0] * dy - self.tangent[1] * dx
        return "left" if cross > 0 else "right"


def _unit(vectors: np.ndarray) -> np.ndarray:
    return vectors / np.linalg.norm(vectors, axis=-1, keepdims=True)


class _Segments:
    """The segments of a planar (Multi)LineString as arrays, for vectorised nearest searches."""

    def __init__(self, line: BaseGeometry) -> None:
        starts, ends, has_prev, has_next = [], [], [], []
        parts = line.geoms if isinstance(line, MultiLineString) else [line]
        for part in parts:
            coords = np.asarray(part.coords)[:, :2]
            # Repeated vertices make zero-length segments, which have no direction.
            keep = np.r_[True, np.any(np.diff(coords, axis=0) != 0, axis=1)]
            coords = coords[keep]
            n = len(coords) - 1
            if n < 1:
                continue
            starts.append(coords[:-1])
            ends.append(coords[1:])
            has_prev.append(np.arange(n) > 0)
            has_next.append(np.arange(n) < n - 1)
        if not starts:
            raise ValidationError("the line has no segment of non-zero length", field="line")
        self.starts = np.concatenate(starts)
        self.vectors = np.concatenate(ends) - self.starts
        self.directions = _unit(self.vectors)
        self.has_prev = np.concatenate(has_prev)
        self.has_next = np.concatenate(has_next)

    def nearest(self, x: float, y: float) -> _Hit:
        """The nearest point of the segments to (x, y), and the line's direction there."""
        p = np.array([x, y])
        lengths2 = np.einsum("ij,ij->i", self.vectors, self.vectors)
        t = np.clip(np.einsum("ij,ij->i", p - self.starts, self.vectors) / lengths2, 0.0, 1.0)
        feet = self.starts + t[:, None] * self.vectors
        gaps = np.hypot(feet[:, 0] - x, feet[:, 1] - y)
        i = int(np.argmin(gaps))
        tangent = self.directions[i]
        # At a vertex the two segments may disagree on the side (the outside of a bend):
        # their bisector decides, since a point nearest to a vertex lies in the cone between
        # the two segments' normals.
        if t[i] == 0.0 and self.has_prev[i]:
            tangent = tangent + self.directions[i - 1]
        elif t[i] == 1.0 and self.has_next[i]:
            tangent = tangent + self.directions[i + 1]
        norm = np.hypot(*tangent)
        tangent = tangent / norm if norm > 1e-12 else self.directions[i]
        return _Hit(point=feet[i], tangent=tangent, distance=float(gaps[i]))


def _line(line: Any) -> LineString | MultiLineString:
    line = as_geometry(line)
    if not isinstance(line, LineString | MultiLineString):
        raise ValidationError(
            f"expected a LineString or MultiLineString, got a {line.geom_type}",
            field="line",
            value=line,
        )
    return line


def _nearest_local(
    lon: float, lat: float, line: Any
) -> tuple[LocalFrame, tuple[float, float], _Hit]:
    lon, lat = as_lon_lat(lon, lat)
    line = _line(line)
    frame = LocalFrame(lon, lat)
    x, y = frame.point(lon, lat)
    return frame, (x, y), _Segments(frame.project(_nearby_part(line, lon, lat))).nearest(x, y)


def _nearby_part(line: LineString | MultiLineString, lon: float, lat: float) -> MultiLineString:
    """The runs of ``line`` that may hold its nearest point to (lon, lat).

    Projecting a whole river (thousands of vertices) for every query is what makes a naive
    search slow. A planar search with longitudes scaled by cos(lat) ranks segments within a
    factor of ~1.4 of their true distance at these scales, so every segment within 3 times the
    best planar distance (plus ~5 km) is kept.
    """
    parts = line.geoms if isinstance(line, MultiLineString) else [line]
    coords = [np.asarray(p.coords)[:, :2] for p in parts if len(p.coords) > 1]
    if abs(lat) > _PREFILTER_MAX_LAT or sum(len(c) for c in coords) < _PREFILTER_MIN_VERTICES:
        return MultiLineString(coords)
    scale = np.array([np.cos(np.radians(lat)), 1.0])
    gaps = [_planar_gaps(c * scale, np.array([lon, lat]) * scale) for c in coords]
    bound = 3 * min(float(g.min()) for g in gaps) + 0.05
    runs: list[np.ndarray] = []
    for c, g in zip(coords, gaps, strict=True):
        near = g <= bound
        keep = near.copy()
        keep[1:] |= near[:-1]  # one neighbour each side, for the bisector test at vertices
        keep[:-1] |= near[1:]
        edges = np.flatnonzero(np.diff(keep, prepend=False, append=False))
        runs.extend(c[a : b + 1] for a, b in zip(edges[::2], edges[1::2], strict=True))
    return MultiLineString(runs)


def _planar_gaps(coords: np.ndarray, p: np.ndarray) -> np.ndarray:
    """Planar distance from ``p`` to each segment of ``coords``."""
    starts, vectors = coords[:-1], np.diff(coords, axis=0)
    lengths2 = np.einsum("ij,ij->i", vectors, vectors)
    t = np.einsum("ij,ij->i", p - starts, vectors) / np.where(lengths2 > 0, lengths2, 1.0)
    feet = starts + np.clip(t, 0.0, 1.0)[:, None] * vectors
    return np.hypot(feet[:, 0] - p[0], feet[:, 1] - p[1])


def nearest_point_on_line(lon: float, lat: float, line: BaseGeometry) -> tuple[float, float]:
    """The point of a line nearest to (``lon``, ``lat``) on the ellipsoid.

    Parameters
    ----------
    lon, lat
        The point, WGS84 degrees.
    line
        A (Multi)LineString in (lon, lat); its segments are taken as straight in lon/lat, as
        GeoJSON draws them.

    Returns
    -------
    tuple of float
        ``(lon, lat)`` of the nearest point, on the line.

    Raises
    ------
    ValidationError
        If ``line`` is not a non-empty (Multi)LineString or a coordinate is out of range.

    Examples
    --------
    >>> from shapely import LineString
    >>> meridian = LineString([(40.0, 34.0), (40.0, 36.0)])
    >>> lon, lat = nearest_point_on_line(40.1, 35.0, meridian)
    >>> round(lon, 6), round(lat, 3)
    (40.0, 35.0)
    """
    frame, _, hit = _nearest_local(lon, lat, line)
    return frame.lonlat(*hit.point)


def point_line_distance_m(lon: float, lat: float, line: BaseGeometry) -> float:
    """Geodesic distance in metres from (``lon``, ``lat``) to the nearest point of a line.

    Parameters
    ----------
    lon, lat
        The point, WGS84 degrees.
    line
        A (Multi)LineString in (lon, lat).

    Returns
    -------
    float
        Metres; 0 for a point on the line.

    Raises
    ------
    ValidationError
        If ``line`` is not a non-empty (Multi)LineString or a coordinate is out of range.

    Examples
    --------
    A point 10 km east of a north-south line:

    >>> from shapely import LineString
    >>> from incidentmap.geo import offset
    >>> lon, lat = offset(40.0, 35.0, 10_000, "east")
    >>> round(point_line_distance_m(lon, lat, LineString([(40.0, 34.0), (40.0, 36.0)])))
    10000
    """
    frame, _, hit = _nearest_local(lon, lat, line)
    near_lon, near_lat = frame.lonlat(*hit.point)
    _, _, dist = GEOD.inv(float(lon), float(lat), near_lon, near_lat)
    return float(dist)


def side_of_line(lon: float, lat: float, line: BaseGeometry) -> Side:
    """Whether (``lon``, ``lat``) lies left or right of a line, in its digitised direction.

    The side is judged at the line's nearest point to the point. Rivers are digitised
    downstream, so for a river "left" is the left bank (as a boat going downstream sees it).

    Parameters
    ----------
    lon, lat
        The point, WGS84 degrees.
    line
        A (Multi)LineString in (lon, lat).

    Returns
    -------
    {"left", "right"}

    Raises
    ------
    ValidationError
        If the point lies on the line (within 1 mm), or the arguments are invalid.

    Examples
    --------
    >>> from shapely import LineString
    >>> northward = LineString([(40.0, 34.0), (40.0, 36.0)])
    >>> side_of_line(39.9, 35.0, northward), side_of_line(40.1, 35.0, northward)
    ('left', 'right')
    """
    _, (x, y), hit = _nearest_local(lon, lat, line)
    if hit.distance < _ON_LINE_M:
        raise ValidationError(
            f"({lon}, {lat}) lies on the line: it is on neither side", field="lon", value=(lon, lat)
        )
    return hit.side(x, y)
