"""GeoPackage reader (geopandas + pyogrio): the layers ``write_gpkg`` writes, or one point layer.

A file written by ``incidentmap.export._gpkg.write_gpkg`` has the layers ``incidents``,
``sources`` and ``forces`` and reads back equal. Another GeoPackage with a single point layer
reads as incidents the way a CSV table does (``docs/csv-columns.md``): ``id`` is required, other
columns of the format are used, the rest ignored. A point's geometry wins over its ``lat``/``lon``
columns (those are there for people reading the table, and go stale when a point is moved in a
GIS).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from incidentmap._records import source_from_record
from incidentmap.errors import InputError, MissingDependencyError
from incidentmap.model import ForcePosition, IncidentSet, Source
from incidentmap.sources._csv import Row, force_from_cells, read_incident_rows

if TYPE_CHECKING:
    import pandas

__all__ = ["from_geodataframe", "read_gpkg"]


def read_gpkg(path: str | Path) -> IncidentSet:
    """Read a GeoPackage into an :class:`~incidentmap.model.IncidentSet`.

    Parameters
    ----------
    path
        The file.

    Returns
    -------
    IncidentSet
        The incidents of the ``incidents`` layer (or of the file's only layer), the sources of
        the ``sources`` layer and the ``source_details`` column, the positions of the
        ``forces`` layer.

    Raises
    ------
    InputError
        Naming the file and ``<layer>[<row>].<field>``: a file with several layers and no
        ``incidents`` layer, a geometry that is not a point, a bad value (as for
        ``read_csv``), a repeated incident id, an undefined source id.
    MissingDependencyError
        When geopandas (or pyogrio) is not installed.
    OSError
        When the file does not exist.
    """
    pyogrio = _pyogrio()
    name = str(path)
    if not Path(path).is_file():
        raise FileNotFoundError(f"no such file: {name!r}")
    try:
        layers = {str(row[0]) for row in pyogrio.list_layers(path)}
    except pyogrio.errors.DataSourceError as err:
        raise InputError(f"not a GeoPackage that GDAL can open ({err})", path=name) from err
    main = "incidents" if "incidents" in layers or len(layers) != 1 else next(iter(layers))
    if main not in layers:
        raise InputError(
            f"expected a layer 'incidents'; found layers {', '.join(sorted(layers))}", path=name
        )
    sources: dict[str, Source] = {}
    if "sources" in layers:
        sources = _sources(_records(pyogrio.read_dataframe(path, layer="sources")), name)
    forces: tuple[ForcePosition, ...] = ()
    if "forces" in layers:
        forces = _forces(pyogrio.read_dataframe(path, layer="forces"), name)
    incidents = pyogrio.read_dataframe(path, layer=main)
    return from_geodataframe(incidents, sources, forces, name=name, layer=main)


def from_geodataframe(
    gdf: pandas.DataFrame,
    sources: Mapping[str, Source] | Iterable[Source] | None = None,
    forces: Iterable[ForcePosition] = (),
    *,
    name: str = "<GeoDataFrame>",
    layer: str = "incidents",
) -> IncidentSet:
    """Incidents from a GeoDataFrame with the columns of the ``incidents`` layer.

    The inverse of ``incidentmap.export._gpkg.to_geodataframe``: the columns are those of the
    CSV incidents table (``docs/csv-columns.md``); point geometries give ``lat``/``lon``.

    Parameters
    ----------
    gdf
        The table (a GeoDataFrame, or a DataFrame with ``lat``/``lon`` columns).
    sources
        Sources the rows cite, as a mapping by id or a list; with ``None`` only those in the
        ``source_details`` column are known.
    forces
        Force positions for the set.
    name, layer
        Name the data in error messages.

    Returns
    -------
    IncidentSet
        One incident per row, in row order.

    Raises
    ------
    InputError
        A bad value, named ``<layer>[<row>].<field>``; a geometry that is not a point.

    Examples
    --------
    >>> from incidentmap.export._gpkg import to_geodataframe
    >>> from incidentmap.model import Incident, IncidentSet, Place
    >>> data = IncidentSet((Incident("a", Place("p", "al-Bab", 36.37, 37.52, "town")),))
    >>> from_geodataframe(to_geodataframe(data)) == data
    True
    """
    known = dict(sources) if isinstance(sources, Mapping) else {s.id: s for s in sources or ()}

    def field_of(row: int, field: str) -> tuple[int | None, str]:
        return None, f"{layer}[{row}].{field}" if field else f"{layer}[{row}]"

    rows = _rows(gdf, name, layer)
    return read_incident_rows(rows, name, known, tuple(forces), field_of=field_of)


def _rows(gdf: pandas.DataFrame, name: str, layer: str) -> Iterator[Row]:
    for index, cells in enumerate(_records(gdf)):
        geometry = cells.pop("geometry", None)
        if geometry is not None and not geometry.is_empty:
            if geometry.geom_type != "Point":
                raise InputError(
                    f"an incident must be a point; found a {geometry.geom_type} (the area or "
                    "line an incident happened in goes in the place_geometry column as WKT)",
                    path=name,
                    field=f"{layer}[{index}].geometry",
                )
            cells["lon"], cells["lat"] = geometry.x, geometry.y
        yield index, cells


def _records(frame: pandas.DataFrame) -> list[dict[str, Any]]:
    """Rows as dicts of plain Python values; missing values (NaN, NA, NaT) are ``None``."""
    return [{k: _plain(v) for k, v in row.items()} for row in frame.to_dict("records")]


def _plain(value: Any) -> Any:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "item") and not isinstance(value, str) and not hasattr(value, "geom_type"):
        return value.item()  # numpy scalars
    if type(value).__name__ in ("NAType", "NaTType"):
        return None
    return value


def _sources(rows: list[dict[str, Any]], name: str) -> dict[str, Source]:
    sources: dict[str, Source] = {}
    for index, cells in enumerate(rows):
        record = {k: (v or None) for k, v in cells.items() if k != "geometry"}

        def where(field: str, index: int = index) -> tuple[int | None, str]:
            return None, f"sources[{index}].{field}"

        source = source_from_record(record, where=where, path=name)
        if source.id in sources:
            raise InputError(
                f"source id {source.id!r} is defined twice", path=name, field=f"sources[{index}]"
            )
        sources[source.id] = source
    return sources


def _forces(gdf: pandas.DataFrame, name: str) -> tuple[ForcePosition, ...]:
    forces = []
    for index, cells in _rows(gdf, name, "forces"):

        def where(field: str, index: int = index) -> tuple[int | None, str]:
            return None, f"forces[{index}].{field}"

        forces.append(force_from_cells(cells, index=index, where=where, path=name))
    return tuple(forces)


def _pyogrio() -> Any:
    try:
        import geopandas  # noqa: F401  # read_dataframe returns GeoDataFrames
        import pyogrio
    except ImportError as err:
        raise MissingDependencyError("geopandas", extra="gis") from err
    return pyogrio
