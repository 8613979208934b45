"""Building the index from the gazetteer's sources, and caching it on disk."""

from __future__ import annotations

import gc
import hashlib
import json
import logging
import math
import os
import shutil
import sys
import time
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import shapely

from incidentmap.errors import GazetteerError
from incidentmap.gazetteer._curated import country_records, curated_records, zone_records
from incidentmap.gazetteer._index import INDEX_VERSION, Index
from incidentmap.gazetteer._naturalearth import naturalearth_records
from incidentmap.gazetteer._places import PLACE_FILES, PLACES_DIR, place_records
from incidentmap.gazetteer._records import Record
from incidentmap.text import fold, fold_version

__all__ = ["default_data_dir", "fingerprint", "load_index"]

log = logging.getLogger(__name__)

_NE_FILES = ("countries", "provinces", "province_points", "rivers", "lakes", "borders")
#: Modules of this package that the index is not built with: editing them keeps the cache.
#: ``_context.py`` reads ``context/`` (derived from the index's sources, never read by it).
_NOT_INDEX_CODE = frozenset({"_context.py", "_words.py"})


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
    files += [data_dir / PLACES_DIR / f"{n}.tsv.gz" for n in PLACE_FILES]
    missing = [str(f) for f in files[: len(_NE_FILES)] if not f.is_file()]
    if missing:
        raise GazetteerError(f"gazetteer data missing: {', '.join(missing)}")
    return [f for f in files if f.is_file()]


def fingerprint(data_dir: Path, *, geonames: bool = True) -> str:
    """A hash of everything the index is built from: data files and build code."""
    h = hashlib.sha256(f"v{INDEX_VERSION}|{'places' if geonames else 'no places'}".encode())
    for f in _source_files(data_dir):
        h.update(f.name.encode())
        h.update(f.read_bytes())
    for code in sorted(Path(__file__).parent.glob("_*.py")):
        if code.name not in _NOT_INDEX_CODE:
            h.update(code.read_bytes())
    h.update(fold_version().encode())
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
    ne, _ = naturalearth_records(data_dir / "naturalearth", points)
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
    aliases: dict[str, list[Record]] = {}
    if (data_dir / "curated.csv").is_file():
        for r in curated_records(data_dir / "curated.csv"):
            if r.same_as:
                aliases.setdefault(r.same_as, []).append(r)
            else:
                r.flags += "c"
                curated[r.id] = r
        yield from curated.values()
    places: list[Record] = []
    if geonames:
        seen: set[str] = set()
        for name in PLACE_FILES:
            for r in place_records(data_dir / PLACES_DIR / f"{name}.tsv.gz"):
                if r.id not in seen:
                    seen.add(r.id)
                    places.append(r)
    by_id = {r.id: r for r in places}
    for target, rows in aliases.items():
        place = by_id.get(_extract_id(target, by_id))
        for alias in rows:
            if place is None:
                if geonames:
                    raise GazetteerError(
                        f"curated.csv: {alias.id} is 'same_as' {target!r}, which no place "
                        f"table holds"
                    )
                continue
            # The extract's coordinates stay; the curated row adds its names, its kind (an
            # airstrip the press calls a base) and its citation for them.
            added = [n for n in dict.fromkeys(alias.names) if n not in place.names]
            place.names.extend(added)
            if place.keys is not None:
                place.keys.extend(fold(n) for n in added)
            place.kind = alias.kind or place.kind
            place.flags = place.flags.replace("q", "") + "c"
            if alias.uncertainty_m is not None and not math.isnan(alias.uncertainty_m):
                place.uncertainty_m = alias.uncertainty_m
            place.cite += f"; names: incidentmap curated {alias.id} ({alias.source})"
            curated[alias.id] = place
    if (data_dir / "zones.csv").is_file():
        yield from zone_records(data_dir / "zones.csv", curated)
    yield from places


def _extract_id(target: str, by_id: dict[str, Record]) -> str:
    """The id a place table gives the extract row ``target`` (WOF rows with a GeoNames id
    are ``geonames:NNN``)."""
    if target in by_id or not target.startswith("wof:"):
        return target
    suffix = f"{target}, geonameid "
    for r in by_id.values():
        if r.cite.startswith(suffix) or r.cite == target:
            return r.id
    return target


def load_index(
    data_dir: Path, cache_dir: Path | None, *, rebuild: bool = False, geonames: bool = True
) -> Index:
    """The index for ``data_dir``, from ``cache_dir`` when it is current, else built (and saved).

    ``geonames=False`` leaves GeoNames out (curated and Natural Earth only): a small index.
    """
    fp = fingerprint(data_dir, geonames=geonames)
    path = cache_dir / f"gazetteer-{fp}" if cache_dir is not None else None
    if path is not None and not rebuild:
        t0 = time.perf_counter()
        idx = Index.load(path, fp)
        if idx is not None:
            log.debug("gazetteer index loaded from %s in %.2f s", path, time.perf_counter() - t0)
            return idx
    t0 = time.perf_counter()
    if path is not None:
        # Said on the terminal: the first use on a machine waits a few seconds for this.
        print(f"incidentmap: building the gazetteer index in {path} (once)...", file=sys.stderr)
    paused = gc.isenabled()
    gc.disable()  # hundreds of thousands of short-lived objects, none of them cyclic
    try:
        idx = Index.from_records(_records(data_dir, geonames), fp)
    finally:
        if paused:
            gc.enable()
    log.info("gazetteer index built: %d places in %.1f s", len(idx), time.perf_counter() - t0)
    if path is not None:
        idx.save(path)
        for old in path.parent.glob("gazetteer-*"):
            # Another fingerprint's index (or pickle of an older version) goes; this one and
            # its temporary folders (another process may be writing one now) stay.
            if not old.name.startswith(path.name):
                if old.is_dir():
                    shutil.rmtree(old, ignore_errors=True)
                else:
                    old.unlink(missing_ok=True)
        loaded = Index.load(path, fp)  # memory-mapped, as later processes will see it
        if loaded is not None:
            return loaded
    return idx
