"""The map's context layers and town labels, precomputed: read without the gazetteer index.

``gazetteer/context/`` holds two files that ``scripts/derive_context.py`` writes with the
encoders below and :class:`MapContext` reads back:

``features.json``
    Every place of the kinds a map draws as context (provinces, rivers, lakes, borders, named
    zones, military sites and crossings, countries, cities of 100,000 or more), built by the
    gazetteer's own record builders exactly as the index holds them. One JSON object: a header
    (``about``, ``attribution``, ``columns``, ``min_population``) and ``rows``, one array per
    place, one place per line. Lines and areas carry a GeoJSON geometry with its ``bbox``,
    coordinates rounded to 5 decimals (about 1 m).
``towns.csv``
    Populated places from Who's On First for map labels, in label priority order.
"""

from __future__ import annotations

import csv
import io
import json
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import shapely
from shapely.geometry import mapping, shape

from incidentmap.errors import GazetteerError, ValidationError
from incidentmap.gazetteer._build import default_data_dir
from incidentmap.gazetteer._records import Record, kind_for_population, known_kinds
from incidentmap.model import Place

__all__ = [
    "ATTRIBUTION",
    "CONTEXT_KINDS",
    "FEATURES_FILE",
    "GEOMETRY_SOURCES",
    "MIN_POPULATION",
    "TOWNS_FILE",
    "TOWN_COLUMNS",
    "MapContext",
    "encode_features",
    "encode_towns",
]

log = logging.getLogger(__name__)

#: West, south, east, north in WGS84 degrees.
BBox = tuple[float, float, float, float]

FEATURES_FILE = "context/features.json"
#: Every country at 1:110m, for land under the detailed areas (see :meth:`MapContext.land`).
LAND_FILE = "naturalearth/world_countries_110m.geojson"
TOWNS_FILE = "context/towns.csv"

#: The kinds of place the map's context layers draw, in the order ``features.json`` lists them.
CONTEXT_KINDS: tuple[str, ...] = (
    "region", "river", "lake", "border", "zone", "country", "airbase", "airport",
    "military_base", "outpost", "border_crossing", "dam", "oil_field", "gas_field", "camp",
    "city", "town",
)  # fmt: skip

#: Populated places (city, town) in ``features.json`` are those at least this large.
MIN_POPULATION = 100_000
_POPULATED = frozenset({"city", "town", "village"})

#: The line maps must show for the data of ``gazetteer/context/``.
ATTRIBUTION = (
    "Places: GeoNames (CC BY 4.0), Who's On First (CC0; Quattroshapes CC BY), "
    "OpenSyria (CC BY 4.0), OurAirports (public domain), Natural Earth (public domain), "
    "incidentmap curated sources"
)

#: Who's On First's ``src:geom`` (where a town's point comes from) → how a town cites it.
GEOMETRY_SOURCES: Mapping[str, str] = {
    "geonames": "GeoNames, CC BY 4.0",
    "quattroshapes": "Quattroshapes, CC BY",
    "qs_pg": "Quattroshapes gazetteer, CC BY",
    "naturalearth": "Natural Earth, public domain",
    "meso": "Mesoshapes, CC0",
    "whosonfirst": "CC0",
    "": "CC0",
}

_FEATURE_COLUMNS = (
    "id", "name", "kind", "country", "admin1", "population", "lat", "lon", "uncertainty_m",
    "source", "geometry",
)  # fmt: skip

#: Columns of ``towns.csv``. ``rank`` is the label priority (1 first; equal ranks tie);
#: ``lat``/``lon`` are copied as Who's On First writes them; ``population_geonameid`` names
#: the GeoNames cities500 place whose population was taken where WOF gives none; ``wof_id``
#: is the number of the Who's On First record (``wof:<wof_id>``).
TOWN_COLUMNS: tuple[str, ...] = (
    "rank", "name", "lat", "lon", "country", "admin1", "population", "population_geonameid",
    "wof_id", "src_geom",
)  # fmt: skip

_DECIMALS = 5
_GEONAMES = "geonames:"

_ABOUT = (
    "Map context layers of incidentmap: the gazetteer's provinces, rivers, lakes, borders, "
    "named zones, military sites and crossings, countries and cities of at least "
    f"{MIN_POPULATION:,} people, as its index builds them from gazetteer/ and GeoNames "
    "cities500. Written by scripts/derive_context.py; see gazetteer/README.md. A row's "
    f"geometry (lines and areas only) is GeoJSON with {_DECIMALS} decimals; lat/lon are its "
    "representative point. A row whose source is null cites geonames_source, {} being the "
    "number of its id."
)


# -- writing ------------------------------------------------------------------------------------
def _rounded(coords: Any) -> Any:
    if isinstance(coords, float | int):
        return round(float(coords), _DECIMALS)
    return [_rounded(c) for c in coords]


def _pairs(coords: Any) -> Iterable[Sequence[float]]:
    if coords and isinstance(coords[0], float):
        yield coords
        return
    for c in coords:
        yield from _pairs(c)


def _geometry(wkb: bytes | None) -> dict[str, Any] | None:
    """A line or area as GeoJSON with rounded coordinates and the bounds of those."""
    if wkb is None:
        return None
    geo = mapping(shapely.from_wkb(wkb))
    if geo["type"] == "Point":
        raise GazetteerError("a point record carries a point geometry: keep it as lat/lon")
    coords = _rounded(geo["coordinates"])
    xs, ys = zip(*_pairs(coords), strict=True)
    return {
        "type": geo["type"],
        "bbox": [min(xs), min(ys), max(xs), max(ys)],
        "coordinates": coords,
    }


def _cited(template: str, place_id: str) -> str | None:
    """The citation ``template`` gives a GeoNames place, ``None`` for other places."""
    if not template or not place_id.startswith(_GEONAMES):
        return None
    return template.format(place_id.removeprefix(_GEONAMES))


def _geonames_template(records: Sequence[Record]) -> str:
    """The citation most GeoNames rows share but for their geonameid, with ``{}`` for it.

    Thousands of cities cite "GeoNames cities500 ..., geonameid N": the file holds that once.
    Rows citing anything else (continents, states) keep their own citation.
    """
    counts: dict[str, int] = {}
    for r in records:
        gid = r.id.removeprefix(_GEONAMES)
        if r.id.startswith(_GEONAMES) and r.citation().endswith(f"geonameid {gid}"):
            template = r.citation()[: -len(gid)] + "{}"
            counts[template] = counts.get(template, 0) + 1
    return min(counts, key=lambda t: (-counts[t], t)) if counts else ""


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def encode_features(records: Iterable[Record]) -> bytes:
    """``features.json`` for these records, sorted as :meth:`MapContext.features` returns them.

    Parameters
    ----------
    records
        Gazetteer records of the :data:`CONTEXT_KINDS` (populated places already filtered).

    Returns
    -------
    bytes
        UTF-8 JSON, one row per line: the same records give the same bytes.

    Raises
    ------
    GazetteerError
        For a record of another kind, or a point record that carries a point geometry.
    """
    order = {k: i for i, k in enumerate(CONTEXT_KINDS)}
    recs = list(records)
    stray = sorted({r.kind for r in recs} - set(order))
    if stray:
        raise GazetteerError(f"kinds {stray!r} are not map context; expected {CONTEXT_KINDS}")
    recs.sort(key=lambda r: (order[r.kind], -r.population, r.name, r.id))
    template = _geonames_template(recs)
    rows = [
        _dump([r.id, r.name, r.kind, r.country, r.admin1, r.population, r.lat, r.lon,
               r.uncertainty_m,
               None if r.citation() == _cited(template, r.id) else r.citation(),
               _geometry(r.geometry_wkb)])
        for r in recs
    ]  # fmt: skip
    header = {
        "about": _ABOUT,
        "attribution": ATTRIBUTION,
        "columns": list(_FEATURE_COLUMNS),
        "geonames_source": template,
        "min_population": MIN_POPULATION,
    }
    text = _dump(header)[:-1] + ',"rows":[\n' + ",\n".join(rows) + "\n]}\n"
    return text.encode("utf-8")


def encode_towns(rows: Iterable[Sequence[object]]) -> bytes:
    """``towns.csv``: a header of :data:`TOWN_COLUMNS`, then the rows as given.

    Parameters
    ----------
    rows
        One sequence of values per town, in :data:`TOWN_COLUMNS` order and priority order.

    Returns
    -------
    bytes
        UTF-8 CSV with ``\\n`` line ends.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(TOWN_COLUMNS)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


# -- reading ------------------------------------------------------------------------------------
def _check_bbox(bbox: object) -> BBox:
    try:
        w, s, e, n = (float(v) for v in bbox)  # type: ignore[attr-defined]
    except (TypeError, ValueError):
        raise ValidationError(
            f"bbox must be (west, south, east, north) in degrees, got {bbox!r}",
            field="bbox",
            value=bbox,
        ) from None
    if not (w <= e and s <= n):
        raise ValidationError(
            f"bbox must be (west, south, east, north) with west <= east and south <= north, "
            f"got {bbox!r}",
            field="bbox",
            value=bbox,
        )
    return w, s, e, n


def _read(path: Path) -> str:
    try:
        return path.read_text("utf-8")
    except FileNotFoundError:
        raise GazetteerError(
            f"map context data missing: {path}; run scripts/derive_context.py"
        ) from None


@dataclass
class _Features:
    """The rows of ``features.json`` with columns for filtering and the places built so far."""

    rows: list[list[Any]]
    min_population: int
    by_kind: dict[str, npt.NDArray[np.intp]]
    lat: npt.NDArray[np.float64]
    lon: npt.NDArray[np.float64]
    population: npt.NDArray[np.int64]
    #: West, south, east, north of each line or area; NaN for points.
    bounds: npt.NDArray[np.float64]
    places: dict[int, Place] = field(default_factory=dict)

    @classmethod
    def parse(cls, path: Path) -> _Features:
        doc = json.loads(_read(path))
        if doc.get("columns") != list(_FEATURE_COLUMNS):
            raise GazetteerError(
                f"{path}: columns {doc.get('columns')!r}, expected {_FEATURE_COLUMNS}"
            )
        rows: list[list[Any]] = doc["rows"]
        kinds = np.array([r[2] for r in rows], dtype=object)
        bounds = np.full((len(rows), 4), np.nan)
        for i, r in enumerate(rows):
            if r[10] is not None:
                bounds[i] = r[10]["bbox"]
        template = doc.get("geonames_source") or ""
        for r in rows:
            if r[9] is None:
                r[9] = _cited(template, r[0])
        return cls(
            rows=rows,
            min_population=int(doc["min_population"]),
            by_kind={k: np.flatnonzero(kinds == k) for k in dict.fromkeys(kinds.tolist())},
            lat=np.array([r[6] for r in rows], dtype=np.float64),
            lon=np.array([r[7] for r in rows], dtype=np.float64),
            population=np.array([r[5] for r in rows], dtype=np.int64),
            bounds=bounds,
        )

    def place(self, i: int) -> Place:
        cached = self.places.get(i)
        if cached is None:
            pid, name, kind, cc, admin1, pop, lat, lon, unc, source, geo = self.rows[i]
            cached = Place(
                id=pid, name=name, lat=lat, lon=lon, kind=kind, country=cc, admin1=admin1,
                population=pop, source=source, uncertainty_m=unc,
                geometry=shape(geo) if geo is not None else None,
            )  # fmt: skip
            self.places[i] = cached
        return cached


@dataclass
class _Towns:
    """The rows of ``towns.csv`` in priority order, with their points for filtering."""

    rows: list[list[str]]
    lat: npt.NDArray[np.float64]
    lon: npt.NDArray[np.float64]
    places: dict[int, Place] = field(default_factory=dict)

    @classmethod
    def parse(cls, path: Path) -> _Towns:
        reader = csv.reader(io.StringIO(_read(path)))
        header = next(reader, None)
        if header != list(TOWN_COLUMNS):
            raise GazetteerError(f"{path}: columns {header!r}, expected {TOWN_COLUMNS}")
        rows = list(reader)
        return cls(
            rows=rows,
            lat=np.array([r[2] for r in rows], dtype=np.float64),
            lon=np.array([r[3] for r in rows], dtype=np.float64),
        )

    def place(self, i: int) -> Place:
        cached = self.places.get(i)
        if cached is None:
            _rank, name, lat, lon, cc, admin1, pop, gid, wof_id, src_geom = self.rows[i]
            population = int(pop)
            source = f"Who's On First wof:{wof_id} ({GEOMETRY_SOURCES.get(src_geom, src_geom)})"
            if gid:
                source += f"; population: GeoNames cities500 (CC BY 4.0), geonameid {gid}"
            cached = Place(
                id=f"wof:{wof_id}", name=name, lat=float(lat), lon=float(lon),
                kind=kind_for_population(population), country=cc, admin1=admin1,
                population=population, source=source,
            )  # fmt: skip
            self.places[i] = cached
        return cached


class MapContext:
    """The context layers and town labels a map draws, from ``gazetteer/context/``.

    Answers what :meth:`Gazetteer.features <incidentmap.gazetteer.Gazetteer.features>` answers
    for the map's context kinds, without building or loading the gazetteer index: the files are
    small and are read on first use.

    Parameters
    ----------
    data_dir
        The gazetteer data folder holding ``context/``.

    Examples
    --------
    >>> ctx = MapContext.load()
    >>> zone = ctx.features(["zone"])[0]
    >>> zone.name
    'al-Tanf deconfliction zone'
    >>> [p.kind for p in ctx.features(["border"], bbox=zone.geometry.bounds)][:1]
    ['border']
    >>> ctx.towns(zone.geometry.bounds)[0].source.startswith("Who's On First wof:")
    True
    """

    def __init__(self, data_dir: str | Path) -> None:
        self.data_dir = Path(data_dir)

    @classmethod
    def load(cls, data_dir: str | Path | None = None) -> MapContext:
        """The map context of ``data_dir`` (the bundled gazetteer data by default), one per folder.

        Parameters
        ----------
        data_dir
            The gazetteer data folder; :func:`~incidentmap.gazetteer.default_data_dir` when
            ``None``.

        Returns
        -------
        MapContext
            The same object for the same folder; its files are read on first use.
        """
        path = Path(data_dir) if data_dir is not None else default_data_dir()
        return _load(str(path.resolve()))

    @property
    def attribution(self) -> str:
        """The attribution line maps must show for this data."""
        return ATTRIBUTION

    @cached_property
    def _features(self) -> _Features:
        table = _Features.parse(self.data_dir / FEATURES_FILE)
        log.debug("map context: %d features from %s", len(table.rows), self.data_dir)
        return table

    @cached_property
    def _towns(self) -> _Towns:
        table = _Towns.parse(self.data_dir / TOWNS_FILE)
        log.debug("map context: %d towns from %s", len(table.rows), self.data_dir)
        return table

    def features(
        self,
        kinds: Iterable[str],
        *,
        bbox: BBox | None = None,
        min_population: int = 0,
    ) -> list[Place]:
        """Every place of these kinds inside ``bbox`` (west, south, east, north): map context.

        The same places, in the same order, as ``Gazetteer.features`` gives for these kinds:
        by kind as given, then population (largest first), then name, then id. Lines and areas
        are kept when their bounds meet the box; points when they lie in it.

        Parameters
        ----------
        kinds
            Kinds among :data:`CONTEXT_KINDS`.
        bbox
            West, south, east, north in degrees; everywhere when ``None``.
        min_population
            Populated places (``city``, ``town``) at least this large; other kinds pass. The
            context holds populated places of 100,000 or more only, so asking for those kinds
            needs at least that (smaller places are :meth:`towns`).

        Returns
        -------
        list of Place

        Raises
        ------
        ValidationError
            For an unknown kind, a kind the context does not hold, a populated kind asked with
            a ``min_population`` below the context's, or a malformed ``bbox``.
        """
        wanted = list(dict.fromkeys(kinds))
        table = self._features
        self._check_kinds(wanted, min_population, table.min_population)
        box = _check_bbox(bbox) if bbox is not None else None
        out: list[Place] = []
        for kind in wanted:
            rows = table.by_kind.get(kind, np.array([], dtype=np.intp))
            if kind in _POPULATED and min_population:
                rows = rows[table.population[rows] >= min_population]
            if box is not None:
                rows = rows[_inside(table, rows, box)]
            chosen = [table.place(int(i)) for i in rows]
            chosen.sort(key=lambda p: (-p.population, p.name, p.id))
            out.extend(chosen)
        return out

    @cached_property
    def _land(self) -> list[Place]:
        path = self.data_dir / LAND_FILE
        data = json.loads(_read(path))
        source = f"Natural Earth 1:110m admin-0 (public domain), {LAND_FILE}"
        out = []
        for f in data["features"]:
            props, geom = f["properties"], shape(f["geometry"])
            point = geom.representative_point()
            out.append(
                Place(
                    f"ne110m:{props['iso_a3']}",
                    props["name"],
                    round(point.y, 5),
                    round(point.x, 5),
                    "country",
                    country=props.get("iso2") or "",
                    source=source,
                    geometry=geom,
                )
            )
        return out

    def land(self, bbox: BBox | None = None) -> list[Place]:
        """Every country's polygon at 1:110m (Natural Earth), for the base map's land.

        The detailed country areas of :meth:`features` cover the region of the gazetteer's
        Natural Earth extract and are clipped to it; under them, these keep land drawn as land
        wherever a map reaches (western Turkey, Iran, Egypt ...).

        >>> [p.name for p in MapContext.load().land((35.0, 32.0, 36.0, 33.0))]
        ['Israel', 'Jordan', 'Palestine', 'Saudi Arabia', 'Syria']
        """
        box = _check_bbox(bbox) if bbox is not None else None
        out = []
        for place in self._land:
            assert place.geometry is not None
            w, s, e, n = place.geometry.bounds
            if box is None or not (e < box[0] or w > box[2] or n < box[1] or s > box[3]):
                out.append(place)
        return sorted(out, key=lambda p: (p.name, p.id))

    def towns(
        self,
        bbox: BBox,
        *,
        near: Sequence[tuple[float, float]] | None = None,
        within_deg: float = 0.15,
        limit: int | None = None,
    ) -> list[Place]:
        """The towns and villages inside ``bbox``, in label priority order.

        Capitals and administrative seats come first (national, then first-, second- and
        third-order), then places by population, then the rest; equal priority goes by name.
        A place's kind follows its population as in the gazetteer (100,000 or more a city,
        10,000 a town, else a village; population 0 when unknown).

        Parameters
        ----------
        bbox
            West, south, east, north in degrees.
        near
            (lon, lat) points: keep only the towns within ``within_deg`` degrees of one of them
            (the places where a map's incidents are).
        within_deg
            How near, in degrees (0.15 is about 15 km).
        limit
            At most this many, the most important.

        Returns
        -------
        list of Place
            Each citing its Who's On First id and where its point and population come from.

        Raises
        ------
        ValidationError
            For a malformed ``bbox``.
        """
        w, s, e, n = _check_bbox(bbox)
        table = self._towns
        inside = (table.lon >= w) & (table.lon <= e) & (table.lat >= s) & (table.lat <= n)
        rows = np.flatnonzero(inside)
        if near is not None:
            rows = rows[_near(table.lon[rows], table.lat[rows], near, within_deg)]
        return [table.place(int(i)) for i in rows[:limit]]

    @staticmethod
    def _check_kinds(wanted: list[str], min_population: int, held: int) -> None:
        known_kinds(wanted)
        absent = [k for k in wanted if k not in CONTEXT_KINDS]
        if absent:
            raise ValidationError(
                f"the map context holds no {absent!r}; it holds {list(CONTEXT_KINDS)} "
                "(use Gazetteer.features for other kinds)",
                field="kinds",
                value=absent,
            )
        populated = [k for k in wanted if k in _POPULATED]
        if populated and min_population < held:
            raise ValidationError(
                f"the map context holds {populated!r} of at least {held:,} people only, got "
                f"min_population={min_population!r}; ask with min_population >= {held} "
                "(towns() gives smaller places)",
                field="min_population",
                value=min_population,
            )


def _near(
    lon: npt.NDArray[np.float64],
    lat: npt.NDArray[np.float64],
    points: Sequence[tuple[float, float]],
    within_deg: float,
) -> npt.NDArray[np.intp]:
    """The positions of the (lon, lat) that lie within ``within_deg`` of one of ``points``."""
    if not len(points) or not len(lon):
        return np.array([], dtype=np.intp)
    tree = shapely.STRtree(shapely.points(np.asarray(points, dtype=np.float64)))
    hits = tree.query(shapely.points(np.column_stack([lon, lat])), predicate="dwithin",
                      distance=within_deg)[0]  # fmt: skip
    return np.unique(hits)


def _inside(table: _Features, rows: npt.NDArray[np.intp], box: BBox) -> npt.NDArray[np.bool_]:
    """Which rows meet the box: lines and areas by their bounds, points by their position."""
    w, s, e, n = box
    b = table.bounds[rows]
    shaped = ~np.isnan(b[:, 0])
    meets = ~((b[:, 2] < w) | (b[:, 0] > e) | (b[:, 3] < s) | (b[:, 1] > n))
    lon, lat = table.lon[rows], table.lat[rows]
    within = (lon >= w) & (lon <= e) & (lat >= s) & (lat <= n)
    return np.where(shaped, meets, within)


@lru_cache(maxsize=8)
def _load(data_dir: str) -> MapContext:
    return MapContext(data_dir)
