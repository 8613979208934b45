"""The public Python functions: resolve place names, read incident files, draw maps."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import sys
from collections.abc import Iterable, Iterator, Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from incidentmap.errors import InputError
from incidentmap.gazetteer import Gazetteer, Near
from incidentmap.gazetteer._build import default_cache_dir
from incidentmap.model import Candidate, ForcePosition, Incident, IncidentSet, Place, Source

if TYPE_CHECKING:
    import folium
    import geopandas

    from incidentmap.export import Scene

__all__ = [
    "EXAMPLE",
    "default_cache_dir",
    "example_path",
    "export",
    "extract_incidents",
    "from_geodataframe",
    "load_gazetteer",
    "map",
    "map_scene",
    "read",
    "resolve",
    "to_geodataframe",
    "write_map",
]


@contextlib.contextmanager
def _bulk() -> Iterator[None]:
    """Pause the cycle collector while a dataset's objects are built.

    Reading or drawing 100,000 events makes several hundred thousand objects with no cycles
    among them; each full collection walks every live object again, which cost about 1.5 s of
    a 5 s map. The collector is back on (if it was) when the block ends, however it ends.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


#: File name of the bundled example: the four incidents of the seed reports.
EXAMPLE = "syria-deconfliction-2016-2017.yaml"


def load_gazetteer(
    data_dir: str | Path | None = None, cache_dir: str | Path | None = None
) -> Gazetteer:
    """The gazetteer for ``data_dir`` (bundled data by default), loaded once per process.

    ``cache_dir`` defaults to :func:`default_cache_dir`.
    """
    return Gazetteer.shared(data_dir, cache_dir)


def resolve(
    name: str,
    *,
    country: str | None = None,
    near: Near | None = None,
    kinds: Iterable[str] | None = None,
    limit: int = 5,
    gazetteer: Gazetteer | None = None,
) -> list[Candidate]:
    """Ranked candidates for a place name, from the offline gazetteer.

    Parameters
    ----------
    name
        A name in any romanisation ("Deir al-Zour", "Dayr az Zawr", "دير الزور") or a relative
        description ("the east bank of the Euphrates near Deir ez-Zor").
    country
        ISO 3166-1 alpha-2 code to favour.
    near
        Places already resolved, or ``(lat, lon)`` pairs, to favour candidates close to them.
    kinds
        Keep only these kinds of place (``{"river"}``, ``{"city", "town"}``...).
    limit
        Most candidates returned.
    gazetteer
        A gazetteer of your own (e.g. with an online fallback); the bundled one by default.

    Returns
    -------
    list of Candidate
        Best first; empty when nothing matches (see :meth:`Gazetteer.suggest`).

    Examples
    --------
    >>> best = resolve("Deir al-Zour")[0]  # doctest: +SKIP
    >>> best.name, best.country  # doctest: +SKIP
    ('Deir ez-Zor', 'SY')
    """
    gaz = gazetteer if gazetteer is not None else load_gazetteer()
    return gaz.resolve(name, country=country, near=near, kinds=kinds, limit=limit)


def example_path() -> Path:
    """The bundled example incident file (inside the installed package or the checkout)."""
    packaged = resources.files("incidentmap") / "_examples" / EXAMPLE
    if packaged.is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "examples" / EXAMPLE


def read(
    paths: str | Path | Sequence[str | Path],
    *,
    gazetteer: Gazetteer | None = None,
    fmt: str | None = None,
    progress: bool | None = False,
    published: dt.date | None = None,
) -> IncidentSet:
    """Read incident files into one :class:`~incidentmap.model.IncidentSet`.

    Parameters
    ----------
    paths
        One path or several: incident files (YAML/JSON), GeoJSON, incident CSV, GeoPackage,
        ACLED or UCDP GED exports. The format is told from each file's content.
    gazetteer
        Resolves place names in incident files (the bundled gazetteer by default).
    fmt
        Force one format for every file (see ``incidentmap.sources.FORMATS``).
    progress
        Show a progress bar over the files on standard error: ``True``, ``False``, or ``None``
        for "only when standard error is a terminal and there are several files".
    published
        For articles (.txt, .md, .html): the publication date that "on Tuesday" is read against.

    Articles are read too: their incidents are extracted (:mod:`incidentmap.extract`) and
    reports of the same incident across articles are merged.

    Returns
    -------
    IncidentSet
        Several files are merged; an incident id or source id used in two files with
        different content is an error naming both files.

    Raises
    ------
    InputError
        With the file, line and field of the first problem.

    Examples
    --------
    >>> incidents = read(example_path())  # doctest: +SKIP
    >>> len(incidents)  # doctest: +SKIP
    4
    """
    with _bulk():
        return _read(paths, gazetteer, fmt, progress, published)


def _read(
    paths: str | Path | Sequence[str | Path],
    gazetteer: Gazetteer | None,
    fmt: str | None,
    progress: bool | None,
    published: dt.date | None,
) -> IncidentSet:
    from incidentmap.sources import FORMATS, detect_format, read_incidents

    items = [paths] if isinstance(paths, str | Path) else list(paths)
    if not items:
        raise InputError("no input files given")
    from tqdm import tqdm

    sets: list[tuple[Path, IncidentSet]] = []
    show = progress if progress is not None else (len(items) > 1 and sys.stderr.isatty())
    from incidentmap.extract import ARTICLE_SUFFIXES

    articles = [
        Path(p) for p in items if fmt is None and Path(p).suffix.lower() in ARTICLE_SUFFIXES
    ]
    for path in articles:
        if not path.is_file():
            raise InputError("no such file", path=path)
    if articles:
        sets.append((articles[0], extract_incidents(articles, gazetteer, published=published)))
    for item in tqdm(items, desc="reading", unit="file", disable=not show, leave=False):
        path = Path(item)
        if path in articles:
            continue
        if not path.is_file():
            raise InputError("no such file", path=path)
        name = fmt if fmt is not None else detect_format(path)
        gaz = gazetteer
        if name in FORMATS and FORMATS[name].resolves_places and gaz is None:
            gaz = load_gazetteer()
        sets.append((path, read_incidents(path, gaz, fmt=name)))
    return _merge(sets)


def extract_incidents(
    paths: Sequence[str | Path],
    gazetteer: Gazetteer | None = None,
    *,
    published: dt.date | None = None,
) -> IncidentSet:
    """Incidents extracted from articles (.txt, .md, .html), merged across the articles.

    Examples
    --------
    >>> incidents = extract_incidents(["report.txt"], published=dt.date(2017, 3, 1))  # doctest: +SKIP
    """
    from incidentmap.extract import extract_files, merge

    gaz = gazetteer if gazetteer is not None else load_gazetteer()
    return merge(extract_files(paths, gaz, published=published))


def to_geodataframe(incidents: IncidentSet) -> geopandas.GeoDataFrame:
    """Incidents as a GeoDataFrame: one point per incident (EPSG:4326), flat columns.

    The columns are those of the CSV export (``docs/csv-columns.md``); nested claims are JSON
    cells, so :func:`from_geodataframe` gives back equal incidents. Needs ``pip install
    "incidentmap[gis]"``.

    Examples
    --------
    >>> gdf = to_geodataframe(read(example_path()))  # doctest: +SKIP
    >>> gdf[["id", "date", "attacker"]].head(2)  # doctest: +SKIP
    """
    from incidentmap.export._gpkg import to_geodataframe as _to_gdf

    return _to_gdf(incidents)


def from_geodataframe(
    gdf: geopandas.GeoDataFrame, sources: Iterable[Source] | None = None
) -> IncidentSet:
    """Incidents from a GeoDataFrame made by :func:`to_geodataframe` (or with its columns).

    Examples
    --------
    >>> incidents = from_geodataframe(to_geodataframe(read(example_path())))  # doctest: +SKIP
    """
    from incidentmap.sources._gpkg import from_geodataframe as _from_gdf

    return _from_gdf(gdf, sources)


def export(incidents: IncidentSet | str | Path | Sequence[str | Path], path: str | Path) -> Path:
    """Write incidents to a GIS or table file; the format follows the suffix.

    ``.geojson``/``.json`` (RFC 7946), ``.gpkg`` (GeoPackage), ``.kml`` (Google Earth),
    ``.csv``. Every claim survives writing and reading back (KML is written only). The file is
    written to a temporary file first and renamed when complete.

    Examples
    --------
    >>> export(read(example_path()), "syria.geojson")  # doctest: +SKIP
    PosixPath('syria.geojson')
    """
    from incidentmap.export import export_incidents

    data = incidents if isinstance(incidents, IncidentSet) else read(incidents)
    return export_incidents(data, path)


def _merge(sets: Sequence[tuple[Path, IncidentSet]]) -> IncidentSet:
    if len(sets) == 1:
        return sets[0][1]
    incidents: list[Incident] = []
    seen: dict[str, Path] = {}
    sources: dict[str, Source] = {}
    source_file: dict[str, Path] = {}
    forces: list[ForcePosition] = []
    for path, part in sets:
        for inc in part.incidents:
            if inc.id in seen:
                raise InputError(
                    f"incident id {inc.id!r} is also used in {seen[inc.id]}", path=path, field="id"
                )
            seen[inc.id] = path
            incidents.append(inc)
        for sid, src in part.sources.items():
            if sid in sources and sources[sid] != src:
                raise InputError(
                    f"source id {sid!r} means a different source in {source_file[sid]}",
                    path=path,
                    field="sources",
                )
            sources[sid] = src
            source_file.setdefault(sid, path)
        forces.extend(part.forces)
    return IncidentSet(tuple(incidents), sources, tuple(forces), _joined_title(sets))


def _joined_title(sets: Sequence[tuple[Path, IncidentSet]]) -> str:
    """The titles of several inputs as one: "A and B", or "A and 3 more"."""
    titles = list(dict.fromkeys(part.title for _, part in sets if part.title))
    if len(titles) <= 2:
        return " and ".join(titles)
    return f"{titles[0]} and {len(titles) - 1} more"


#: Context layers drawn from the gazetteer: (layer name, kind in the scene, place kinds, shown).
CONTEXT_LAYERS: tuple[tuple[str, str, tuple[str, ...], bool], ...] = (
    ("Provinces", "region", ("region",), True),
    ("Rivers", "river", ("river",), True),
    ("Lakes", "lake", ("lake",), True),
    ("Borders", "border", ("border",), True),
    ("Named zones", "zone", ("zone",), True),
    (
        "Military sites and crossings",
        "places",
        ("airbase", "airport", "military_base", "outpost", "border_crossing", "dam",
         "oil_field", "gas_field", "camp"),
        True,
    ),
    ("Cities (100,000+)", "places", ("city", "town"), True),
)  # fmt: skip


#: At most this many point places per context layer.
_MOST_PLACES = 60
#: Towns and villages labelled when zoomed in: those within this many degrees (~15 km) of an
#: incident, at most this many, most important first.
_TOWN_REACH_DEG = 0.15
_MOST_TOWNS = 6000


def map_scene(
    incidents: IncidentSet,
    *,
    title: str = "",
    gazetteer: Gazetteer | None = None,
    context: bool = True,
    data_dir: str | Path | None = None,
) -> Scene:
    """What a map of ``incidents`` shows: the incidents plus context from the gazetteer data.

    Parameters
    ----------
    incidents
        What to draw.
    title
        The map's title; by default the incident set's own (an incident file's ``title:``).
    gazetteer
        Unused for drawing (kept for callers that pass one); context comes from the
        precomputed context files of ``data_dir``, so no index is loaded.
    context
        Draw context layers, base map, towns and the areas imprecise incidents are counted on.
    data_dir
        The gazetteer data folder (the bundled one by default).
    """
    from incidentmap.export import ActorGrouping, ContextLayer, build_scene, with_context
    from incidentmap.extract import ActorTable

    table = ActorTable.default()
    grouping = ActorGrouping(table.groups_of, table.group_label, table.group_colour)
    title = title or incidents.title
    scene = build_scene(incidents, title=title, grouping=grouping)
    if not context:
        return scene
    from incidentmap.gazetteer import MapContext

    ctx = MapContext.load(data_dir)
    w, s, e, n = scene.bounds
    dx, dy = (e - w) * 0.25, (n - s) * 0.25
    bbox = (max(w - dx, -180), max(s - dy, -90), min(e + dx, 180), min(n + dy, 90))
    layers = []
    provinces: list[Place] = []
    for name, kind, kinds, shown in CONTEXT_LAYERS:
        places = ctx.features(kinds, bbox=bbox, min_population=100_000)
        if kind == "places":
            places = places[:_MOST_PLACES]  # largest first: a readable map, not a gazetteer dump
        if kind == "region":
            provinces = places
        if places:
            layers.append(ContextLayer(name, kind, tuple(places), shown))
    countries = ctx.features(["country"], bbox=bbox)
    return with_context(
        scene,
        context=layers,
        # land everywhere, then the detailed areas of the region on top
        basemap=[*ctx.land(bbox), *countries],
        areas=[*provinces, *countries],
        towns=ctx.towns(
            bbox, near=_spots(incidents), within_deg=_TOWN_REACH_DEG, limit=_MOST_TOWNS
        ),
        attribution=ctx.attribution,
    )


def _spots(incidents: IncidentSet) -> list[tuple[float, float]]:
    """The distinct (lon, lat) of the incidents, sorted."""
    return sorted({(i.place.lon, i.place.lat) for i in incidents if i.place is not None})


def map(
    incidents: IncidentSet | str | Path | Sequence[str | Path],
    *,
    title: str = "",
    tiles: Sequence[str] = (),
    gazetteer: Gazetteer | None = None,
) -> folium.Map:
    """An interactive map of incidents (a ``folium.Map``; shows inline in Jupyter).

    Parameters
    ----------
    incidents
        An IncidentSet, or incident file path(s) to :func:`read`.
    title
        Shown on the map.
    tiles
        Online tile layers offered besides the offline base map: ``"osm"``, ``"imagery"``.
    gazetteer
        For place names in files and for context layers; the bundled one by default.

    Examples
    --------
    >>> m = map(example_path(), title="Syria 2016-2017")  # doctest: +SKIP
    >>> m.save("syria.html")  # doctest: +SKIP
    """
    from incidentmap.export import build_map

    data = incidents if isinstance(incidents, IncidentSet) else read(incidents, gazetteer=gazetteer)
    with _bulk():
        return build_map(map_scene(data, title=title, gazetteer=gazetteer), tiles=tiles)


def write_map(
    incidents: IncidentSet,
    html_path: str | Path,
    *,
    title: str = "",
    tiles: Sequence[str] = (),
    png: str | Path | None = None,
    fragment: str | Path | None = None,
    gazetteer: Gazetteer | None = None,
    data_dir: str | Path | None = None,
) -> list[Path]:
    """Write the HTML map (and optionally a PNG and an embeddable fragment): all or nothing.

    Returns the paths written. Every output is rendered to a temporary file beside its
    target first, and only when all succeeded are they renamed into place. Context comes from
    the gazetteer data of ``data_dir`` (the bundled data by default); ``gazetteer`` is kept for
    callers that pass one.
    """
    from incidentmap.export import build_map, render_fragment, render_html
    from incidentmap.export._atomic import staged

    with _bulk():
        scene = map_scene(incidents, title=title, gazetteer=gazetteer, data_dir=data_dir)
        m = build_map(scene, tiles=tiles)
        outputs = [(Path(html_path), render_html(m))]
        if fragment is not None:
            outputs.append((Path(fragment), render_fragment(m)))
    targets = [path for path, _ in outputs] + ([Path(png)] if png is not None else [])
    with staged(targets) as temps:
        for tmp, (_, text) in zip(temps, outputs, strict=False):
            tmp.write_text(text, encoding="utf-8", newline="\n")
        if png is not None:
            from incidentmap.export import write_image  # matplotlib: only for an image

            write_image(scene, temps[-1])
    return targets
