"""Areas beside a line: "the east bank of the Euphrates near Deir ez-Zor"."""

from __future__ import annotations

from typing import Any

import numpy as np
import shapely
from shapely.geometry import LineString, MultiLineString, MultiPolygon, Point, Polygon
from shapely.geometry.base import BaseGeometry

from incidentmap.errors import ValidationError
from incidentmap.geo._checks import as_lon_lat, as_positive
from incidentmap.geo._compass import compass_to_deg
from incidentmap.geo._local import LocalFrame
from incidentmap.geo._relations import Side, _line, _Segments

__all__ = ["bank_area"]

#: Below this (the sine of ~15°) a compass side runs nearly along the river and is ambiguous.
_MIN_SIDE_CONTRAST = 0.25


def bank_area(
    line: BaseGeometry,
    side: str,
    *,
    near: tuple[float, float],
    radius_m: float = 25_000,
    width_m: float = 10_000,
) -> Polygon | MultiPolygon:
    """The strip of land along one side of a line, near a place.

    Takes the part of ``line`` within ``radius_m`` of ``near``, builds a corridor ``width_m``
    wide on each side of it (in a local azimuthal-equidistant frame, so in true metres), splits
    the corridor along the line and returns the piece(s) on ``side``.

    Parameters
    ----------
    line
        A (Multi)LineString in (lon, lat), e.g. a river digitised downstream.
    side
        ``"left"`` or ``"right"`` of the digitised direction, or a compass side: ``"east"``,
        ``"eastern"``, ``"north-east"``, ... (a trailing "bank" is ignored). A compass side picks
        the bank whose pieces lie furthest that way from their nearest point of the line.
    near
        ``(lon, lat)`` of the place the bank is near.
    radius_m
        How far along the line from ``near`` the bank reaches, metres.
    width_m
        How far from the line the bank reaches, metres.

    Returns
    -------
    shapely.Polygon or shapely.MultiPolygon
        The bank in (lon, lat).

    Raises
    ------
    ValidationError
        If ``side`` is unknown, or a compass side runs along the line (the "east bank" of a river
        flowing east), or the line does not pass within ``radius_m`` of ``near``.

    Examples
    --------
    A river flowing south-east; its east bank is its left bank:

    >>> from shapely import LineString, Point
    >>> river = LineString([(39.0, 36.0), (41.0, 34.0)])
    >>> east = bank_area(river, "east", near=(40.0, 35.0))
    >>> east.equals(bank_area(river, "left", near=(40.0, 35.0)))
    True
    >>> east.contains(Point(40.05, 35.05)), east.contains(Point(39.95, 34.95))
    (True, False)
    """
    line = _line(line)
    lon, lat = _near(near)
    radius = as_positive(radius_m, "radius_m")
    width = as_positive(width_m, "width_m")
    wanted = _side_key(side)
    frame = LocalFrame(lon, lat)
    river = _local_reach(frame, line, lon, lat, radius)
    if river is None:
        raise ValidationError(
            f"the line does not pass within radius_m={radius_m!r} of near={near!r}",
            field="near",
            value=near,
        )
    faces = _split_corridor(river, width)
    sides, away = _face_sides(faces, _Segments(river))
    if isinstance(wanted, float):
        wanted = _compass_side(faces, sides, away, wanted, side)
    bank = shapely.union_all([f for f, s in zip(faces, sides, strict=True) if s == wanted])
    if bank.is_empty:  # e.g. a reach too short or too tangled to split
        raise ValidationError(
            f"no {side!r} side could be cut from the line near {near!r}", field="side", value=side
        )
    return frame.unproject(bank)


def _near(near: Any) -> tuple[float, float]:
    try:
        lon, lat = near
    except (TypeError, ValueError) as err:
        raise ValidationError(
            f"near must be (lon, lat), got {near!r}", field="near", value=near
        ) from err
    return as_lon_lat(lon, lat)


_SIDE_ACCEPTED = "'left', 'right', or a compass side such as 'east', 'eastern', 'north-east'"


def _side_key(side: Any) -> Side | float:
    """'left'/'right', or the bearing in degrees of a compass side."""
    if not isinstance(side, str):
        raise ValidationError(
            f"unknown side {side!r}; accepted: {_SIDE_ACCEPTED}", field="side", value=side
        )
    word = side.strip().lower().removesuffix("bank").strip(" -").removesuffix("-hand")
    if word in ("left", "right"):
        return "left" if word == "left" else "right"
    try:
        return compass_to_deg(word)
    except ValidationError:
        raise ValidationError(
            f"unknown side {side!r}; accepted: {_SIDE_ACCEPTED}", field="side", value=side
        ) from None


def _local_reach(
    frame: LocalFrame, line: BaseGeometry, lon: float, lat: float, radius: float
) -> LineString | MultiLineString | None:
    """The part of ``line`` within ``radius`` metres of (lon, lat), in the local frame."""
    # Distances from the frame's centre are exact in an AEQD, so this disc is a geodesic one
    # (up to the ~1 km the centre is rounded by, which is negligible at these scales).
    disc = Point(frame.point(lon, lat)).buffer(radius, quad_segs=64)
    clipped = frame.project(line).intersection(disc)
    parts = [p for p in shapely.get_parts(clipped) if isinstance(p, LineString) and p.length > 0]
    if not parts:
        return None
    merged = shapely.line_merge(MultiLineString(parts), directed=True)
    return merged


def _split_corridor(river: LineString | MultiLineString, width: float) -> list[Polygon]:
    """The faces of a ``width``-each-side corridor around ``river``, cut along it."""
    corridor = river.buffer(width, cap_style="flat")
    # The river ends exactly on the corridor's flat caps; extending it well past them makes
    # sure it cuts the corridor right through instead of stopping a hair short.
    cutter = _extend_ends(river, 2 * width)
    noded = shapely.union_all([corridor.boundary, cutter])
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(noded)))
    return [f for f in faces if f.area > 0 and corridor.contains(f.representative_point())]


def _extend_ends(river: LineString | MultiLineString, length: float) -> MultiLineString:
    parts = river.geoms if isinstance(river, MultiLineString) else [river]
    extended = []
    for part in parts:
        coords = np.asarray(part.coords)[:, :2]
        head = coords[0] - _direction(coords[1] - coords[0]) * length
        tail = coords[-1] + _direction(coords[-1] - coords[-2]) * length
        extended.append(LineString(np.vstack([head, coords, tail])))
    return MultiLineString(extended)


def _direction(vector: np.ndarray) -> np.ndarray:
    norm = np.hypot(*vector)
    return vector / norm if norm > 0 else np.zeros(2)


def _face_sides(faces: list[Polygon], segments: _Segments) -> tuple[list[Side], list[np.ndarray]]:
    """Each face's side of the river, and the unit vector from the river into it."""
    sides, away = [], []
    for face in faces:
        # A point inside the face, not its centroid: the centroid of a strip along a bend
        # can lie across the river.
        inner = face.representative_point()
        hit = segments.nearest(inner.x, inner.y)
        sides.append(hit.side(inner.x, inner.y))
        away.append(_direction(np.array([inner.x, inner.y]) - hit.point))
    return sides, away


def _compass_side(
    faces: list[Polygon], sides: list[Side], away: list[np.ndarray], bearing: float, side: str
) -> Side:
    """Which bank ('left' or 'right') lies furthest towards a compass bearing."""
    towards = np.array([np.sin(np.radians(bearing)), np.cos(np.radians(bearing))])
    score = {"left": 0.0, "right": 0.0}
    area = {"left": 0.0, "right": 0.0}
    for face, face_side, vector in zip(faces, sides, away, strict=True):
        score[face_side] += face.area * float(np.dot(vector, towards))
        area[face_side] += face.area
    mean = {s: score[s] / area[s] if area[s] else 0.0 for s in score}
    if abs(mean["left"] - mean["right"]) < 2 * _MIN_SIDE_CONTRAST:
        raise ValidationError(
            f"the line runs nearly parallel to {side!r} here, so that side is ambiguous; "
            "use 'left'/'right' or another compass side",
            field="side",
            value=side,
        )
    return "left" if mean["left"] > mean["right"] else "right"
