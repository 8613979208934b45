"""Geodesic measures on the WGS84 ellipsoid: distance, bearing, destination, circles, buffers.

Everything here is in metres and degrees on the ellipsoid (pyproj's ``Geod``, Karney's
algorithms, accurate to nanometres), never in planar degrees or Web-Mercator metres.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt
import shapely
from pyproj import Geod
from shapely.geometry import LineString, MultiLineString, Point, Polygon
from shapely.geometry.base import BaseGeometry

from incidentmap.errors import ValidationError
from incidentmap.geo._checks import as_geometry, as_lon_lat, as_number, as_positive
from incidentmap.geo._compass import compass_to_deg
from incidentmap.geo._local import LocalFrame

__all__ = [
    "bearing_deg",
    "circle",
    "circles",
    "destination",
    "distance_m",
    "distances_m",
    "geodesic_buffer",
    "geodesic_length_m",
    "nearest_distance_m",
    "offset",
    "representative_point",
]

#: The one ellipsoid every measure in incidentmap uses.
GEOD = Geod(ellps="WGS84")


def distance_m(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Geodesic distance in metres between two points on the WGS84 ellipsoid.

    Parameters
    ----------
    lon1, lat1
        First point, WGS84 degrees.
    lon2, lat2
        Second point, WGS84 degrees.

    Returns
    -------
    float
        The length of the shortest path on the ellipsoid, in metres.

    Raises
    ------
    ValidationError
        If a coordinate is not a finite number or a latitude is outside [-90, 90].

    Examples
    --------
    al-Bab to Aleppo:

    >>> round(distance_m(37.5157, 36.37051, 37.16117, 36.20124))
    36976
    >>> round(distance_m(0, 0, 0, 1))  # one degree of latitude at the equator
    110574
    """
    lon1, lat1 = as_lon_lat(lon1, lat1)
    lon2, lat2 = as_lon_lat(lon2, lat2)
    _, _, dist = GEOD.inv(lon1, lat1, lon2, lat2)
    return float(dist)


def distances_m(
    lon1: npt.ArrayLike, lat1: npt.ArrayLike, lon2: npt.ArrayLike, lat2: npt.ArrayLike
) -> npt.NDArray[np.float64]:
    """Geodesic distances in metres between points, element by element (arrays broadcast).

    >>> distances_m([37.5157, 0], [36.37051, 0], [37.16117, 0], [36.20124, 1]).round()
    array([ 36976., 110574.])
    """
    a, b, c, d = np.broadcast_arrays(
        *(np.asarray(v, dtype=np.float64) for v in (lon1, lat1, lon2, lat2))
    )
    if not (
        np.isfinite(a).all()
        and np.isfinite(b).all()
        and np.isfinite(c).all()
        and np.isfinite(d).all()
    ):
        raise ValidationError("coordinates must be finite numbers", field="lon/lat", value=None)
    if (np.abs(b) > 90).any() or (np.abs(d) > 90).any():
        raise ValidationError("latitudes must be in [-90, 90]", field="lat", value=None)
    shape = a.shape
    _, _, dist = GEOD.inv(a.ravel(), b.ravel(), c.ravel(), d.ravel())
    return np.asarray(dist, dtype=np.float64).reshape(shape)


def nearest_distance_m(lon: float, lat: float, points: npt.ArrayLike) -> float:
    """Geodesic distance in metres from (lon, lat) to the nearest of ``points`` (an (n, 2) array
    of lon, lat), in one vectorised call.

    >>> round(nearest_distance_m(37.5157, 36.37051, [(37.16117, 36.20124), (0, 0)]))
    36976
    """
    lon, lat = as_lon_lat(lon, lat)
    pts = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    if len(pts) == 0:
        raise ValidationError("points must not be empty", field="points", value=points)
    return float(distances_m(lon, lat, pts[:, 0], pts[:, 1]).min())


def bearing_deg(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Initial azimuth, in degrees clockwise from true north, of the geodesic from 1 to 2.

    Parameters
    ----------
    lon1, lat1
        Start point, WGS84 degrees.
    lon2, lat2
        End point, WGS84 degrees.

    Returns
    -------
    float
        The bearing in [0, 360). Between coincident points it is 0 by convention.

    Raises
    ------
    ValidationError
        If a coordinate is not a finite number or a latitude is outside [-90, 90].

    Examples
    --------
    From Aleppo, al-Bab lies to the east-north-east:

    >>> round(bearing_deg(37.16117, 36.20124, 37.5157, 36.37051), 1)
    59.4
    >>> bearing_deg(36.0, 34.0, 35.0, 34.0) > 270  # due west, bent by the ellipsoid
    True
    """
    lon1, lat1 = as_lon_lat(lon1, lat1)
    lon2, lat2 = as_lon_lat(lon2, lat2)
    azimuth, _, dist = GEOD.inv(lon1, lat1, lon2, lat2)
    if dist == 0:
        return 0.0
    bearing = azimuth % 360.0
    return 0.0 if bearing >= 360.0 else float(bearing)  # -1e-17 % 360 == 360.0


def destination(
    lon: float, lat: float, bearing_deg: float, distance_m: float
) -> tuple[float, float]:
    """The point reached by travelling ``distance_m`` along a geodesic at ``bearing_deg``.

    Parameters
    ----------
    lon, lat
        Start point, WGS84 degrees.
    bearing_deg
        Initial azimuth, degrees clockwise from true north.
    distance_m
        How far to go, metres (>= 0).

    Returns
    -------
    tuple of float
        ``(lon, lat)`` of the point reached.

    Raises
    ------
    ValidationError
        If an argument is not finite, the latitude is out of range or the distance negative.

    Examples
    --------
    >>> lon, lat = destination(0.0, 0.0, 0.0, 110_574.4)
    >>> round(lon, 6), round(lat, 6)
    (0.0, 1.0)
    >>> lon, lat = destination(37.16117, 36.20124, 59.366, 36_976)  # Aleppo -> al-Bab
    >>> round(lon, 4), round(lat, 4)
    (37.5157, 36.3705)
    """
    lon, lat = as_lon_lat(lon, lat)
    azimuth = as_number(bearing_deg, "bearing_deg")
    dist = as_positive(distance_m, "distance_m", allow_zero=True)
    lon2, lat2, _ = GEOD.fwd(lon, lat, azimuth, dist)
    return float(lon2), float(lat2)


def offset(
    lon: float, lat: float, distance_m: float, direction: str | float
) -> tuple[float, float]:
    """The point ``distance_m`` away from (``lon``, ``lat``) in a compass ``direction``.

    This is "12 km north-east of Manbij" as a point.

    Parameters
    ----------
    lon, lat
        The reference point, WGS84 degrees.
    distance_m
        How far, metres (>= 0).
    direction
        A compass word understood by :func:`compass_to_deg` (``"north-east"``, ``"NNE"``), or a
        bearing in degrees clockwise from true north.

    Returns
    -------
    tuple of float
        ``(lon, lat)`` of the point.

    Raises
    ------
    ValidationError
        If ``direction`` is an unknown word, or an argument is out of range.

    Examples
    --------
    12 km north-east of Manbij:

    >>> lon, lat = offset(37.9495, 36.5281, 12_000, "north-east")
    >>> round(lon, 4), round(lat, 4)
    (38.0443, 36.6045)
    >>> offset(37.9495, 36.5281, 12_000, 45.0) == (lon, lat)
    True
    """
    if isinstance(direction, str):
        azimuth = compass_to_deg(direction)
    else:
        azimuth = as_number(direction, "direction")
    return destination(lon, lat, azimuth, distance_m)


def circle(lon: float, lat: float, radius_m: float, *, segments: int = 128) -> Polygon:
    """A geodesic circle: a polygon whose every vertex is exactly ``radius_m`` from the centre.

    The vertices are the ends of geodesics of length ``radius_m`` at equally spaced azimuths,
    so a 55 km zone is 55 km in every direction, at any latitude. They run counter-clockwise
    (as RFC 7946 GeoJSON wants), and longitudes are kept continuous around the centre, so a
    circle across the antimeridian has longitudes beyond ±180.

    Parameters
    ----------
    lon, lat
        Centre, WGS84 degrees.
    radius_m
        Radius, metres (> 0).
    segments
        Number of vertices (>= 3).

    Returns
    -------
    shapely.Polygon
        The circle in (lon, lat).

    Raises
    ------
    ValidationError
        If the radius is not positive, ``segments`` < 3, or the circle would contain a pole.

    Examples
    --------
    >>> zone = circle(38.7, 33.5, 55_000)  # the 55 km deconfliction zone around al-Tanf
    >>> len(zone.exterior.coords) - 1, zone.exterior.is_ccw
    (128, True)
    >>> x, y = zone.exterior.coords[0]
    >>> round(distance_m(38.7, 33.5, x, y), 6)
    55000.0
    """
    lon, lat = as_lon_lat(lon, lat)
    radius = as_positive(radius_m, "radius_m")
    _check_segments(segments)
    to_pole = GEOD.inv(lon, lat, lon, math.copysign(90.0, lat) if lat else 90.0)[2]
    if radius >= to_pole:
        raise ValidationError(
            f"a circle of radius_m={radius_m!r} around ({lon}, {lat}) would contain a pole",
            field="radius_m",
            value=radius_m,
        )
    return Polygon(_vertices(np.array([lon]), np.array([lat]), np.array([radius]), segments)[0])


def circles(
    lons: npt.ArrayLike, lats: npt.ArrayLike, radii_m: npt.ArrayLike, *, segments: int = 128
) -> npt.NDArray[np.float64]:
    """Many geodesic circles at once: the vertices :func:`circle` gives, for every centre.

    One vectorised call on the ellipsoid for all circles instead of one call per circle, which
    matters for tens of thousands of them. The vertices are those of :func:`circle`, bit for
    bit: counter-clockwise, from due north, with longitudes continuous around each centre.

    Parameters
    ----------
    lons, lats
        Centres, WGS84 degrees, one-dimensional and of one length (a scalar is broadcast).
    radii_m
        Radii, metres (> 0): one per centre, or one for all.
    segments
        Vertices per circle (>= 3).

    Returns
    -------
    numpy.ndarray
        Shape ``(n, segments, 2)``: the (lon, lat) vertices of each circle, the first vertex not
        repeated at the end. ``shapely.polygons`` turns them into Polygons.

    Raises
    ------
    ValidationError
        If the arguments differ in length, a value is not finite, a latitude is outside
        [-90, 90], a radius is not positive, ``segments`` < 3, or a circle would contain a
        pole; the message names the first offending index.

    Examples
    --------
    The 55 km zone around al-Tanf and a 5 km circle around al-Bab:

    >>> rings = circles([38.7, 37.52], [33.5, 36.37], [55_000, 5_000], segments=64)
    >>> rings.shape
    (2, 64, 2)
    >>> x, y = rings[0, 0]
    >>> round(distance_m(38.7, 33.5, x, y), 6)
    55000.0
    >>> import shapely
    >>> zone, _ = shapely.polygons(rings)
    >>> zone.equals_exact(circle(38.7, 33.5, 55_000, segments=64), tolerance=0)
    True
    """
    lon, lat, radius = _as_centres(lons, lats, radii_m)
    _check_segments(segments)
    to_pole = GEOD.inv(lon, lat, lon, np.where(lat < 0, -90.0, 90.0))[2]
    if (inside := np.flatnonzero(radius >= to_pole)).size:
        i = int(inside[0])
        raise ValidationError(
            f"a circle of radii_m[{i}]={radius[i].item()!r} around ({lon[i].item()}, "
            f"{lat[i].item()}) would contain a pole",
            field="radii_m",
            value=radius[i].item(),
        )
    return _vertices(lon, lat, radius, segments)


def _as_centres(
    lons: npt.ArrayLike, lats: npt.ArrayLike, radii_m: npt.ArrayLike
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Checked float arrays of one length for :func:`circles` (a scalar is broadcast)."""
    given = {"lons": lons, "lats": lats, "radii_m": radii_m}
    arrays = [_as_floats(name, value) for name, value in given.items()]
    try:
        lon, lat, radius = np.broadcast_arrays(*arrays)
    except ValueError as err:
        lengths = ", ".join(f"{n}: {len(a)}" for n, a in zip(given, arrays, strict=True))
        raise ValidationError(
            f"lons, lats and radii_m must have one length, got {lengths}", field="lons", value=lons
        ) from err
    return lon, lat, radius


def _as_floats(name: str, value: npt.ArrayLike) -> npt.NDArray[np.float64]:
    try:
        arr = np.atleast_1d(np.asarray(value, dtype=float))
    except (TypeError, ValueError) as err:
        raise ValidationError(
            f"{name} must be numbers, got {value!r}", field=name, value=value
        ) from err
    if arr.ndim != 1:
        raise ValidationError(
            f"{name} must be one-dimensional, got shape {arr.shape}", field=name, value=value
        )
    if name == "lats":
        ok, rule = np.abs(arr) <= 90.0, "in [-90, 90]"
    elif name == "radii_m":
        ok, rule = np.isfinite(arr) & (arr > 0), "finite and > 0"
    else:
        ok, rule = np.isfinite(arr), "finite"
    if (wrong := np.flatnonzero(~ok)).size:
        i = int(wrong[0])
        bad = arr[i].item()
        raise ValidationError(f"{name}[{i}] must be {rule}, got {bad!r}", field=name, value=bad)
    return arr


def _check_segments(segments: int) -> None:
    if isinstance(segments, bool) or not isinstance(segments, int) or segments < 3:
        raise ValidationError(
            f"segments must be an integer >= 3, got {segments!r}", field="segments", value=segments
        )


def _vertices(
    lon: npt.NDArray[np.float64],
    lat: npt.NDArray[np.float64],
    radius: npt.NDArray[np.float64],
    segments: int,
) -> npt.NDArray[np.float64]:
    """(n, segments, 2) vertices of checked circles, in one call on the ellipsoid.

    Each vertex is computed on its own, so a circle's vertices do not depend on which other
    circles are made in the same call: :func:`circle` and :func:`circles` agree bit for bit.
    """
    azimuths = np.linspace(0.0, -360.0, segments, endpoint=False)  # decreasing: counter-clockwise
    centre_lon = np.repeat(lon, segments)
    lons, lats, _ = GEOD.fwd(
        centre_lon,
        np.repeat(lat, segments),
        np.tile(azimuths, len(lon)),
        np.repeat(radius, segments),
    )
    # Continuous around the centre: a circle across the antimeridian goes beyond ±180.
    lons = centre_lon + (lons - centre_lon + 180.0) % 360.0 - 180.0
    return np.stack([lons, lats], axis=-1).reshape(len(lon), segments, 2)


def geodesic_buffer(geom: BaseGeometry, radius_m: float, *, resolution: int = 16) -> BaseGeometry:
    """Buffer a point, line or polygon by ``radius_m`` metres on the ellipsoid.

    A point becomes a :func:`circle` of ``4 * resolution`` vertices. Any other geometry is
    projected to an azimuthal-equidistant frame centred on its bounding box, buffered there and
    projected back: the result is within 1 % of ``radius_m`` everywhere for geometries up to a few
    hundred kilometres across. Geometries crossing the antimeridian are not supported.

    Parameters
    ----------
    geom
        A shapely geometry in (lon, lat).
    radius_m
        Buffer distance, metres (> 0).
    resolution
        Segments per quarter circle at round corners, as shapely's ``quad_segs``.

    Returns
    -------
    shapely.Polygon or shapely.MultiPolygon
        The buffered area in (lon, lat).

    Raises
    ------
    ValidationError
        If ``geom`` is not a geometry or is empty, or the radius is not positive.

    Examples
    --------
    A 5 km corridor each side of a 50 km road:

    >>> from shapely import LineString
    >>> road = LineString([(37.0, 36.0), (37.5, 36.1)])
    >>> area = geodesic_buffer(road, 5_000)
    >>> area.geom_type, area.contains(road)
    ('Polygon', True)
    >>> lon, lat = offset(37.25, 36.05, 4_900, "south")
    >>> area.contains(Point(lon, lat))
    True
    """
    geom = as_geometry(geom)
    radius = as_positive(radius_m, "radius_m")
    if isinstance(geom, Point):
        return circle(geom.x, geom.y, radius, segments=4 * resolution)
    frame = LocalFrame.around(geom)
    return frame.unproject(frame.project(geom).buffer(radius, quad_segs=resolution))


def geodesic_length_m(geom: BaseGeometry) -> float:
    """Length in metres, on the ellipsoid, of a LineString or MultiLineString.

    Parameters
    ----------
    geom
        A (Multi)LineString in (lon, lat).

    Returns
    -------
    float
        The sum of the geodesic lengths of its segments.

    Raises
    ------
    ValidationError
        If ``geom`` is not a line.

    Examples
    --------
    >>> from shapely import LineString
    >>> round(geodesic_length_m(LineString([(0, 0), (0, 1), (0, 2)])))
    221149
    """
    geom = as_geometry(geom)
    if not isinstance(geom, LineString | MultiLineString):
        raise ValidationError(
            f"expected a LineString or MultiLineString, got a {geom.geom_type}",
            field="geom",
            value=geom,
        )
    return float(GEOD.geometry_length(geom))


def representative_point(geom: BaseGeometry) -> tuple[float, float]:
    """A (lon, lat) guaranteed to lie on a line or inside an area.

    For a (Multi)LineString: the point half-way along its geodesic length. For a polygon or
    anything else: shapely's ``point_on_surface``. A centroid would not do: the centroid of a
    bending river or a crescent-shaped area lies off it.

    Parameters
    ----------
    geom
        A shapely geometry in (lon, lat).

    Returns
    -------
    tuple of float
        ``(lon, lat)``.

    Raises
    ------
    ValidationError
        If ``geom`` is not a geometry or is empty.

    Examples
    --------
    >>> from shapely import LineString, Polygon
    >>> lon, lat = representative_point(LineString([(40.0, 35.0), (40.0, 35.5), (40.0, 37.0)]))
    >>> round(lon, 4), round(lat, 2)  # half-way along: 36.0, whatever the vertices
    (40.0, 36.0)
    >>> ring = Polygon([(0, 0), (4, 0), (4, 4), (0, 4)], [[(1, 1), (3, 1), (3, 3), (1, 3)]])
    >>> ring.contains(Point(representative_point(ring)))
    True
    """
    geom = as_geometry(geom)
    if isinstance(geom, Point):
        return float(geom.x), float(geom.y)
    if isinstance(geom, LineString | MultiLineString):
        return _half_way(geom)
    point = shapely.point_on_surface(geom)
    return float(point.x), float(point.y)


def _half_way(line: LineString | MultiLineString) -> tuple[float, float]:
    parts = line.geoms if isinstance(line, MultiLineString) else [line]
    coords = [np.asarray(part.coords)[:, :2] for part in parts if not part.is_empty]
    starts = np.concatenate([c[:-1] for c in coords])
    ends = np.concatenate([c[1:] for c in coords])
    if len(starts) == 0:
        return float(coords[0][0, 0]), float(coords[0][0, 1])
    _, _, lengths = GEOD.inv(starts[:, 0], starts[:, 1], ends[:, 0], ends[:, 1])
    cumulative = np.cumsum(lengths)
    if cumulative[-1] == 0:
        return float(starts[0, 0]), float(starts[0, 1])
    half = cumulative[-1] / 2
    i = int(np.searchsorted(cumulative, half))
    start, vector = starts[i], ends[i] - starts[i]
    wanted = half - (cumulative[i] - lengths[i])
    # Stay straight in lon/lat, so that the point lies on the line as drawn; geodesic length
    # is not proportional along such a segment, so correct the fraction a few times (secant
    # steps through the origin; each one gains ~3 orders of magnitude).
    fraction = wanted / lengths[i]
    for _ in range(3):
        lon, lat = start + fraction * vector
        reached = GEOD.inv(start[0], start[1], lon, lat)[2]
        if reached == 0 or abs(reached - wanted) < 1e-3:
            break
        fraction = min(1.0, fraction * wanted / reached)
    lon, lat = start + fraction * vector
    return float(lon), float(lat)
