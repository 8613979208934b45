"""The place index: columnar records plus folded-name and skeleton lookup tables."""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
from array import array
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import shapely

from incidentmap.errors import GazetteerError
from incidentmap.gazetteer._records import Record
from incidentmap.model import Place
from incidentmap.text import fold, plain, skeleton

__all__ = ["INDEX_VERSION", "Index"]

log = logging.getLogger(__name__)

#: Bumped whenever the layout of the pickled index changes.
INDEX_VERSION = 2
_GEONAMES_PREFIX = "geonames:"
_MIN_SKELETON = 3


def name_hash(name: str) -> int:
    """A hash of ``plain(name)`` that is the same in every process (unlike ``hash``)."""
    digest = hashlib.blake2b(plain(name).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)


@dataclass
class Index:
    """Columnar place records and their lookup tables; built once, then pickled."""

    fingerprint: str
    ids: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    lat: array[float] = field(default_factory=lambda: array("d"))
    lon: array[float] = field(default_factory=lambda: array("d"))
    kinds: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    admin1: list[str] = field(default_factory=list)
    population: array[int] = field(default_factory=lambda: array("q"))
    focus: bytearray = field(default_factory=bytearray)
    #: Source citations, except for GeoNames rows whose citation follows ``geonames_source``.
    sources: dict[int, str] = field(default_factory=dict)
    geonames_source: str = ""
    geometries: dict[int, bytes] = field(default_factory=dict)
    uncertainty: dict[int, float] = field(default_factory=dict)
    #: Folded name → record numbers (an int when there is one: most keys).
    keys: dict[str, int | tuple[int, ...]] = field(default_factory=dict)
    #: Stable 64-bit hash of a name as written (case and diacritics aside) → record numbers:
    #: tells an exact spelling from a folded one without storing a million strings.
    exact: dict[int, int | tuple[int, ...]] = field(default_factory=dict)
    #: Consonant skeleton → record numbers, for focus-country places only.
    skeletons: dict[str, tuple[int, ...]] = field(default_factory=dict)
    #: Folded keys of focus-country places, for fuzzy matching.
    focus_keys: list[str] = field(default_factory=list)
    _places: dict[int, Place] = field(default_factory=dict, repr=False, compare=False)

    # -- building -----------------------------------------------------------------------------
    @classmethod
    def from_records(cls, records: Iterable[Record], fingerprint: str) -> Index:
        """Index records; every name of a record is folded into a key."""
        idx = cls(fingerprint=fingerprint)
        keys: dict[str, list[int]] = defaultdict(list)
        skeletons: dict[str, list[int]] = defaultdict(list)
        focus_keys: set[str] = set()
        exact: dict[int, list[int]] = defaultdict(list)
        for n, rec in enumerate(records):
            idx._append(n, rec)
            for h in {name_hash(name) for name in rec.names if name}:
                exact[h].append(n)
            for key in {fold(name) for name in rec.names if name}:
                if not key:
                    continue
                keys[key].append(n)
                if rec.focus:
                    focus_keys.add(key)
                    sk = skeleton(key)
                    if len(sk) >= _MIN_SKELETON:
                        skeletons[sk].append(n)
        idx.keys = {k: (v[0] if len(v) == 1 else tuple(v)) for k, v in keys.items()}
        idx.exact = {k: (v[0] if len(v) == 1 else tuple(v)) for k, v in exact.items()}
        idx.skeletons = {k: tuple(sorted(set(v))) for k, v in skeletons.items()}
        idx.focus_keys = sorted(focus_keys)
        return idx

    def _append(self, n: int, rec: Record) -> None:
        self.ids.append(rec.id)
        self.names.append(rec.name)
        self.lat.append(rec.lat)
        self.lon.append(rec.lon)
        self.kinds.append(rec.kind)
        self.countries.append(rec.country)
        self.admin1.append(rec.admin1)
        self.population.append(rec.population)
        self.focus.append(1 if rec.focus else 0)
        gid = rec.id.removeprefix(_GEONAMES_PREFIX)
        if rec.id.startswith(_GEONAMES_PREFIX) and rec.source.endswith(f"geonameid {gid}"):
            self.geonames_source = rec.source[: -len(gid)] + "{}"
        else:
            self.sources[n] = rec.source
        if rec.geometry_wkb is not None:
            self.geometries[n] = rec.geometry_wkb
        if rec.uncertainty_m is not None:
            self.uncertainty[n] = rec.uncertainty_m

    # -- reading ------------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.ids)

    def lookup(self, key: str) -> tuple[int, ...]:
        """Record numbers whose names fold to ``key``."""
        hit = self.keys.get(key)
        if hit is None:
            return ()
        return (hit,) if isinstance(hit, int) else hit

    def exact_matches(self, name: str) -> tuple[int, ...]:
        """Record numbers with a name spelt like ``name`` (case and diacritics aside)."""
        hit = self.exact.get(name_hash(name))
        if hit is None:
            return ()
        return (hit,) if isinstance(hit, int) else hit

    def source(self, n: int) -> str:
        """The citation of record ``n``."""
        if n in self.sources:
            return self.sources[n]
        return self.geonames_source.format(self.ids[n].removeprefix(_GEONAMES_PREFIX))

    def place(self, n: int) -> Place:
        """Record ``n`` as a :class:`~incidentmap.model.Place` (built once, then reused)."""
        cached = self._places.get(n)
        if cached is not None:
            return cached
        wkb = self.geometries.get(n)
        place = Place(
            id=self.ids[n],
            name=self.names[n],
            lat=self.lat[n],
            lon=self.lon[n],
            kind=self.kinds[n],
            country=self.countries[n],
            admin1=self.admin1[n],
            population=self.population[n],
            source=self.source(n),
            geometry=shapely.from_wkb(wkb) if wkb is not None else None,
            uncertainty_m=self.uncertainty.get(n),
        )
        self._places[n] = place
        return place

    # -- persistence --------------------------------------------------------------------------
    def save(self, path: Path) -> None:
        """Write the index atomically (temp file + rename): a reader never sees half a file."""
        path.parent.mkdir(parents=True, exist_ok=True)
        state = {k: v for k, v in self.__dict__.items() if k != "_places"}
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump((INDEX_VERSION, state), fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    @classmethod
    def load(cls, path: Path, fingerprint: str) -> Index | None:
        """The index at ``path`` if it was built from the same sources, else ``None``.

        The cache is a pickle the library itself wrote into the user's cache folder.
        """
        try:
            with path.open("rb") as fh:
                version, state = pickle.load(fh)
        except FileNotFoundError:
            return None
        except Exception as err:  # a truncated or foreign file: rebuild rather than fail
            log.warning("ignoring unreadable gazetteer cache %s: %s", path, err)
            return None
        if version != INDEX_VERSION or state.get("fingerprint") != fingerprint:
            return None
        idx = cls(fingerprint=fingerprint)
        idx.__dict__.update(state)
        idx._places = {}
        if len(idx.ids) != len(idx.names):
            raise GazetteerError(f"corrupt gazetteer cache {path}: delete it to rebuild")
        return idx
