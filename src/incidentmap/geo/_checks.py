"""Argument checks shared by the geo modules: finite numbers, latitudes, non-empty geometries."""

from __future__ import annotations

import math
from typing import Any

from shapely.geometry.base import BaseGeometry

from incidentmap.errors import ValidationError

__all__ = ["as_geometry", "as_lon_lat", "as_number", "as_positive"]


def as_number(value: Any, name: str) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError) as err:
        raise ValidationError(
            f"{name} must be a number, got {value!r}", field=name, value=value
        ) from err
    if not math.isfinite(number):
        raise ValidationError(f"{name} must be finite, got {value!r}", field=name, value=value)
    return number


def as_lon_lat(lon: Any, lat: Any) -> tuple[float, float]:
    lon_f, lat_f = as_number(lon, "lon"), as_number(lat, "lat")
    if not -90.0 <= lat_f <= 90.0:
        raise ValidationError(f"lat must be in [-90, 90], got {lat!r}", field="lat", value=lat)
    return lon_f, lat_f


def as_positive(value: Any, name: str, *, allow_zero: bool = False) -> float:
    number = as_number(value, name)
    if number < 0 or (number == 0 and not allow_zero):
        bound = ">= 0" if allow_zero else "> 0"
        raise ValidationError(f"{name} must be {bound}, got {value!r}", field=name, value=value)
    return number


def as_geometry(geom: Any) -> BaseGeometry:
    if not isinstance(geom, BaseGeometry):
        raise ValidationError(
            f"expected a shapely geometry, got {geom!r}", field="geom", value=geom
        )
    if geom.is_empty:
        raise ValidationError(f"the geometry is empty: {geom.wkt}", field="geom", value=geom)
    return geom
