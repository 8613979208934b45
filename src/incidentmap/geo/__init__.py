"""Geodesy for incidentmap: distances, bearings, circles, buffers and relations to lines.

Every function takes and returns WGS84 (lon, lat) and measures in metres on the ellipsoid.
"""

from incidentmap.geo._bank import bank_area
from incidentmap.geo._compass import COMPASS_DEG, compass_to_deg
from incidentmap.geo._geodesic import (
    bearing_deg,
    circle,
    circles,
    destination,
    distance_m,
    distances_m,
    geodesic_buffer,
    geodesic_length_m,
    nearest_distance_m,
    offset,
    representative_point,
)
from incidentmap.geo._relations import nearest_point_on_line, point_line_distance_m, side_of_line

__all__ = [
    "COMPASS_DEG",
    "bank_area",
    "bearing_deg",
    "circle",
    "circles",
    "compass_to_deg",
    "destination",
    "distance_m",
    "distances_m",
    "geodesic_buffer",
    "geodesic_length_m",
    "nearest_distance_m",
    "nearest_point_on_line",
    "offset",
    "point_line_distance_m",
    "representative_point",
    "side_of_line",
]
