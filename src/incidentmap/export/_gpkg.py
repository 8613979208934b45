"""GeoPackage writer (geopandas + pyogrio): incidents, sources and forces as three layers.

- ``incidents``: one point per incident (EPSG:4326, null geometry for an incident without a
  place) with the columns of the CSV incidents table (:data:`~incidentmap.export._csv.
  INCIDENT_COLUMNS`): claims as JSON text, the place's area or line as WKT;
- ``sources``: a table without geometry, one row per source;
- ``forces``: one point per force position, the columns of the CSV forces table.

GeoPackage stores doubles, so coordinates and numbers read back exactly. geopandas is imported
on first use; without it the functions raise :class:`~incidentmap.errors.MissingDependencyError`.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from incidentmap._records import flatten_record, force_to_record, source_to_record
from incidentmap.errors import MissingDependencyError
from incidentmap.export._csv import FORCE_COLUMNS, INCIDENT_COLUMNS, SOURCE_COLUMNS, incident_rows
from incidentmap.model import IncidentSet

if TYPE_CHECKING:
    import geopandas
    import pandas

__all__ = ["CRS", "to_geodataframe", "write_gpkg"]

#: The coordinate reference system of every layer: WGS84 longitude/latitude.
CRS = "EPSG:4326"
_FLOAT_COLUMNS = ("lat", "lon", "uncertainty_m", "place_uncertainty_m")


def to_geodataframe(incidents: IncidentSet) -> geopandas.GeoDataFrame:
    """The ``incidents`` layer as a GeoDataFrame: one point per incident, flat columns.

    Parameters
    ----------
    incidents
        The incidents (and the sources they cite, for ``source_details``).

    Returns
    -------
    geopandas.GeoDataFrame
        Columns :data:`~incidentmap.export._csv.INCIDENT_COLUMNS` and ``geometry`` (points in
        EPSG:4326, ``None`` for an incident without a place). ``incidentmap.sources._gpkg.
        from_geodataframe`` turns it back into incidents.

    Raises
    ------
    MissingDependencyError
        When geopandas is not installed.

    Examples
    --------
    >>> from incidentmap.model import Incident, IncidentSet, Place
    >>> place = Place("input:a", "al-Bab", 36.37, 37.52, "town")
    >>> gdf = to_geodataframe(IncidentSet((Incident("a", place),)))
    >>> gdf.geometry[0].wkt
    'POINT (37.52 36.37)'
    """
    gpd = _geopandas()
    return _frame(gpd, list(incident_rows(incidents)), INCIDENT_COLUMNS)


def write_gpkg(incidents: IncidentSet, path: str | Path) -> Path:
    """Write an incident set as a GeoPackage that ``read_gpkg`` reads back equal.

    Parameters
    ----------
    incidents
        The incidents, their sources and force positions.
    path
        The file to write (parent directories are made). It is written to a temporary file
        beside it and renamed over it: a failure leaves the old file (or none) and no
        temporary file. The ``sources`` and ``forces`` layers are written only when the set
        has sources or forces.

    Returns
    -------
    Path
        ``path``.

    Raises
    ------
    MissingDependencyError
        When geopandas is not installed.
    ValidationError
        When an incident holds a value the format cannot carry (a non-finite
        ``uncertainty_m``).
    OSError
        When the file cannot be written.
    """
    gpd = _geopandas()
    import pyogrio

    target = Path(path)
    layers = _layers(gpd, incidents)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".gpkg")
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        tmp.unlink()  # GDAL creates the GeoPackage itself; an empty file is not one
        for layer, frame in layers:
            pyogrio.write_dataframe(frame, tmp, layer=layer, driver="GPKG")
        os.replace(tmp, target)
    except BaseException:
        for leftover in (tmp, *(Path(f"{tmp}{s}") for s in ("-journal", "-wal", "-shm"))):
            leftover.unlink(missing_ok=True)
        raise
    return target


def _layers(gpd: Any, incidents: IncidentSet) -> list[tuple[str, Any]]:
    layers = [("incidents", _frame(gpd, list(incident_rows(incidents)), INCIDENT_COLUMNS))]
    if incidents.sources:
        rows = [source_to_record(incidents.sources[k]) for k in sorted(incidents.sources)]
        frame = _table(rows, SOURCE_COLUMNS)
        frame["date"] = frame["date"].fillna("")
        layers.append(("sources", frame))
    if incidents.forces:
        rows = [flatten_record(force_to_record(f)) for f in incidents.forces]
        layers.append(("forces", _frame(gpd, rows, FORCE_COLUMNS)))
    return layers


def _frame(gpd: Any, rows: list[dict[str, Any]], columns: tuple[str, ...]) -> Any:
    import shapely

    table = _table(rows, columns)
    points = [None if row["lat"] is None else shapely.Point(row["lon"], row["lat"]) for row in rows]
    return gpd.GeoDataFrame(table, geometry=gpd.GeoSeries(points, crs=CRS), crs=CRS)


def _table(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> pandas.DataFrame:
    import pandas as pd

    data: dict[str, Any] = {}
    for column in columns:
        values = [row.get(column) for row in rows]
        if column in _FLOAT_COLUMNS:
            data[column] = pd.array(
                [float("nan") if v is None else float(v) for v in values], dtype="float64"
            )
        elif column == "place_population":
            data[column] = pd.array(values, dtype="Int64")
        else:
            data[column] = pd.array(values, dtype=object)
    return pd.DataFrame(data, columns=list(columns))


def _geopandas() -> Any:
    try:
        import geopandas
        import pyogrio  # noqa: F401  # the engine geopandas writes with
    except ImportError as err:
        raise MissingDependencyError("geopandas", extra="gis") from err
    return geopandas
