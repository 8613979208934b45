"""The place index: columnar records and hashed lookup tables, saved as memory-mapped arrays.

Everything is a flat array: numbers per record (``lat``, ``lon``, ``population``, codes of
kind, country, first-level division and source), strings as one UTF-8 blob with offsets, and
each lookup table (folded name, name as spelt, consonant skeleton, id) as a sorted array of
64-bit hashes with the record numbers of each hash after it (CSR). Saved as ``.npy`` files in
one folder and opened with ``numpy.load(mmap_mode="r")``, an index loads in milliseconds and
only the pages a process reads come into memory.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, overload

import numpy as np
import shapely
from xxhash import xxh3_64_intdigest

from incidentmap.errors import GazetteerError
from incidentmap.gazetteer._records import Record
from incidentmap.model import Place
from incidentmap.text import FuzzyIndex, fold, plain, skeleton

__all__ = ["FLAG_BITS", "INDEX_VERSION", "Index", "Strings", "name_hash", "view"]

log = logging.getLogger(__name__)

#: Bumped whenever the layout of the saved index changes.
INDEX_VERSION = 4
_MIN_SKELETON = 3
#: Record flags (``Record.flags`` letters) as bits.
FLAG_BITS = {"s": 1, "q": 2, "x": 4, "a": 16, "c": 32}
_FOCUS_BIT = 8
#: Places kept built: enough for a document's or a batch's names, bounded in memory.
_PLACE_CACHE = 20_000


def view(arr: np.ndarray, fmt: str) -> memoryview[Any]:
    """A flat memoryview of ``arr``'s buffer in struct format ``fmt``, without a copy (item
    access on it is several times faster than on a numpy array)."""
    if not len(arr):
        return memoryview(b"").cast(fmt)  # type: ignore[call-overload, no-any-return]
    buffer = memoryview(np.ascontiguousarray(arr)).cast("B")  # type: ignore[arg-type]
    return buffer.cast(fmt)  # type: ignore[call-overload, no-any-return]


def _hash(text: str) -> int:
    """XXH3, 64 bits: the same in every process (unlike ``hash``), and fast."""
    return xxh3_64_intdigest(text.encode("utf-8"))


def name_hash(name: str) -> int:
    """A hash of ``plain(name)`` that is the same in every process (unlike ``hash``)."""
    return _hash(plain(name))


class Strings(Sequence[str]):
    """Strings kept as one UTF-8 blob and the offsets of each: no Python object per string."""

    __slots__ = ("_blob", "_n", "_off")

    def __init__(self, blob: np.ndarray, offsets: np.ndarray) -> None:
        self._blob = view(blob, "B")
        self._off = view(offsets, "q")
        self._n = max(len(offsets) - 1, 0)

    @staticmethod
    def encode(values: Iterable[str]) -> tuple[np.ndarray, np.ndarray]:
        """The blob and offsets of ``values``."""
        parts = [v.encode("utf-8") for v in values]
        offsets = np.zeros(len(parts) + 1, dtype=np.int64)
        np.cumsum([len(p) for p in parts], out=offsets[1:])
        return np.frombuffer(b"".join(parts), dtype=np.uint8), offsets

    def __len__(self) -> int:
        return self._n

    @overload
    def __getitem__(self, i: int) -> str: ...
    @overload
    def __getitem__(self, i: slice) -> list[str]: ...
    def __getitem__(self, i: int | slice) -> str | list[str]:
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(self._n))]
        if i < 0:
            i += self._n
        if not 0 <= i < self._n:
            raise IndexError(i)
        return str(self._blob[self._off[i] : self._off[i + 1]], "utf-8")

    def __iter__(self) -> Iterator[str]:
        for i in range(self._n):
            yield self[i]


class Coded(Sequence[str]):
    """A column of few distinct strings: a small table and one code per record."""

    __slots__ = ("_codes", "_table")

    def __init__(self, codes: np.ndarray, table: Sequence[str]) -> None:
        self._codes = view(codes, codes.dtype.char)
        self._table = tuple(table)

    def __len__(self) -> int:
        return len(self._codes)

    @overload
    def __getitem__(self, i: int) -> str: ...
    @overload
    def __getitem__(self, i: slice) -> list[str]: ...
    def __getitem__(self, i: int | slice) -> str | list[str]:
        if isinstance(i, slice):
            return [self._table[c] for c in self._codes[i]]
        return self._table[self._codes[i]]

    def __iter__(self) -> Iterator[str]:
        table = self._table
        return (table[c] for c in self._codes)


class _Table:
    """A hash → record numbers lookup (CSR), on memory-mapped arrays."""

    __slots__ = ("_hashes", "_off", "_rec", "size")

    def __init__(self, hashes: np.ndarray, offsets: np.ndarray, records: np.ndarray) -> None:
        self.size = len(hashes)
        self._hashes = view(hashes, "Q")
        self._off = view(offsets, "q")
        self._rec = view(records, "i")

    @staticmethod
    def build(hashes: np.ndarray, records: np.ndarray) -> dict[str, np.ndarray]:
        """Arrays of a table from parallel hashes and record numbers; each record once per
        hash, in order."""
        order = np.lexsort((records, hashes))
        h, r = hashes[order], records[order]
        if len(h):
            keep = np.ones(len(h), dtype=bool)
            keep[1:] = (h[1:] != h[:-1]) | (r[1:] != r[:-1])
            h, r = h[keep], r[keep]
        unique, starts = np.unique(h, return_index=True)
        offsets = np.append(starts, len(h)).astype(np.int64)
        return {"h": unique.astype(np.uint64), "off": offsets, "rec": r.astype(np.int32)}

    def get(self, h: int) -> tuple[int, ...]:
        i = bisect_left(self._hashes, h)
        if i == self.size or self._hashes[i] != h:
            return ()
        return tuple(self._rec[self._off[i] : self._off[i + 1]])

    def __len__(self) -> int:
        return self.size


_COLUMNS = ("lat", "lon", "population", "kind", "country", "admin1", "src", "flags", "radius")


class Index:
    """Place records and their lookup tables (see the module docstring)."""

    def __init__(self, arrays: dict[str, np.ndarray], meta: dict[str, Any]) -> None:
        self.arrays = arrays
        self.meta = meta
        self.fingerprint: str = meta["fingerprint"]
        a = arrays
        self.lat = view(a["lat"], "d")
        self.lon = view(a["lon"], "d")
        self.population = view(a["population"], "q")
        self.kinds = Coded(a["kind"], meta["kinds"])
        self.countries = Coded(a["country"], meta["countries"])
        self.admin1 = Coded(a["admin1"], meta["admin1"])
        self.flags = view(a["flags"], "B")
        self.ids = Strings(a["ids.blob"], a["ids.off"])
        self.names = Strings(a["names.blob"], a["names.off"])
        self._cites = Strings(a["cites.blob"], a["cites.off"])
        self._src = view(a["src"], "H")
        self._sources: list[str] = meta["sources"]
        self._radius = view(a["radius"], "f")
        self._primary = view(a["primary"], "Q")
        #: Folded keys of focus-country places, and a candidate index for fuzzy matching them.
        self.focus_keys = Strings(a["focus_keys.blob"], a["focus_keys.off"])
        self.fuzzy = FuzzyIndex.from_arrays(
            {k[6:]: v for k, v in a.items() if k.startswith("fuzzy.")}, self.focus_keys
        )
        self._geom_rows = {int(n): k for k, n in enumerate(a["geom_rows"])}
        self._geoms = Strings(a["geoms.blob"], a["geoms.off"])  # hex WKB
        self.keys = _Table(a["keys.h"], a["keys.off"], a["keys.rec"])
        self._exact = _Table(a["exact.h"], a["exact.off"], a["exact.rec"])
        self._skeletons = _Table(a["skeletons.h"], a["skeletons.off"], a["skeletons.rec"])
        self._ids = _Table(a["byid.h"], a["byid.off"], a["byid.rec"])
        self._places: dict[int, Place] = {}
        self._static_scores: memoryview | None = None

    # -- building -----------------------------------------------------------------------------
    @classmethod
    def from_records(cls, records: Iterable[Record], fingerprint: str) -> Index:
        """Index records; every name of a record is folded into a key."""
        cols: dict[str, list[Any]] = {c: [] for c in _COLUMNS}
        ids: list[str] = []
        names: list[str] = []
        cites: list[str] = []
        tables: dict[str, dict[str, int]] = {
            "kinds": {},
            "countries": {},
            "admin1": {},
            "sources": {},
        }
        geom_rows: list[int] = []
        geoms: list[str] = []
        name_rec: list[int] = []  # one entry per (record, name)
        name_str: list[str] = []
        focus: list[bool] = []
        folded_names: list[str] = []  # names folded already (by a derived table)...
        folded_keys: list[str] = []  # ...and their keys

        def code(table: str, value: str) -> int:
            return tables[table].setdefault(value, len(tables[table]))

        for n, rec in enumerate(records):
            ids.append(rec.id)
            names.append(rec.name)
            cols["lat"].append(rec.lat)
            cols["lon"].append(rec.lon)
            cols["population"].append(rec.population)
            cols["kind"].append(code("kinds", rec.kind))
            cols["country"].append(code("countries", rec.country))
            cols["admin1"].append(code("admin1", rec.admin1))
            cols["src"].append(code("sources", rec.source))
            cites.append(rec.cite)
            bits = sum(FLAG_BITS.get(f, 0) for f in set(rec.flags))
            cols["flags"].append(bits | (_FOCUS_BIT if rec.focus else 0))
            cols["radius"].append(np.nan if rec.uncertainty_m is None else rec.uncertainty_m)
            focus.append(rec.focus)
            if rec.geometry_wkb is not None:
                geom_rows.append(n)
                geoms.append(rec.geometry_wkb.hex())
            name_str.append(rec.name)  # the primary name first: see ``primary`` below
            name_rec.append(n)
            if rec.keys is not None:
                folded_names.extend(rec.names)
                folded_keys.extend(rec.keys)
            for name in rec.names:
                if name and name != rec.name:
                    name_str.append(name)
                    name_rec.append(n)
        if len(set(ids)) != len(ids):
            dup = sorted({i for i in ids if ids.count(i) > 1})[:5]
            raise GazetteerError(f"duplicate place ids in the gazetteer sources: {dup}")

        # Every distinct name is folded and hashed once, every distinct key hashed once.
        known = dict(zip(folded_names, folded_keys, strict=True))
        unique = {s: i for i, s in enumerate(dict.fromkeys(name_str))}
        unique_names = list(unique)
        folded = [known[s] if s in known else fold(s) for s in unique_names]
        key_ids = {k: i for i, k in enumerate(dict.fromkeys(folded))}
        key_list = list(key_ids)
        key_hash = np.array([_hash(k) if k else 0 for k in key_list], dtype=np.uint64)
        key_of_name = np.array([key_ids[k] for k in folded], dtype=np.int64)
        exact_hash = np.array([name_hash(s) for s in unique_names], dtype=np.uint64)
        which = np.array([unique[s] for s in name_str], dtype=np.int64)
        recs = np.array(name_rec, dtype=np.int64)
        keys_of_pairs = key_of_name[which]
        has_key = np.array([bool(k) for k in key_list])[keys_of_pairs]
        is_focus = np.array(focus, dtype=bool)[recs] & has_key
        focus_key_ids = np.unique(keys_of_pairs[is_focus])
        skel_hash = np.zeros(len(key_list), dtype=np.uint64)
        skel_ok = np.zeros(len(key_list), dtype=bool)
        for k in focus_key_ids.tolist():
            sk = skeleton(key_list[k])
            if len(sk) >= _MIN_SKELETON:
                skel_hash[k] = _hash(sk)
                skel_ok[k] = True
        first = np.ones(len(recs), dtype=bool)
        first[1:] = recs[1:] != recs[:-1]  # the primary name of each record
        primary = np.zeros(len(ids), dtype=np.uint64)
        primary[recs[first]] = key_hash[keys_of_pairs[first]]
        with_skeleton = is_focus & skel_ok[keys_of_pairs]
        arrays: dict[str, np.ndarray] = {
            "lat": np.array(cols["lat"], dtype=np.float64),
            "lon": np.array(cols["lon"], dtype=np.float64),
            "population": np.array(cols["population"], dtype=np.int64),
            "kind": np.array(cols["kind"], dtype=np.uint8),
            "country": np.array(cols["country"], dtype=np.uint16),
            "admin1": np.array(cols["admin1"], dtype=np.uint16),
            "src": np.array(cols["src"], dtype=np.uint16),
            "flags": np.array(cols["flags"], dtype=np.uint8),
            "radius": np.array(cols["radius"], dtype=np.float32),
            "geom_rows": np.array(geom_rows, dtype=np.int32),
            "primary": primary,
        }
        focus_keys = sorted(key_list[k] for k in focus_key_ids.tolist())
        for name, values in (
            ("ids", ids),
            ("names", names),
            ("cites", cites),
            ("focus_keys", focus_keys),
            ("geoms", geoms),
        ):
            arrays[f"{name}.blob"], arrays[f"{name}.off"] = Strings.encode(values)
        for part, arr in FuzzyIndex.build(focus_keys).arrays().items():
            arrays[f"fuzzy.{part}"] = arr
        id_hash = np.array([_hash(i) for i in ids], dtype=np.uint64)
        for name, (h, r) in (
            ("keys", (key_hash[keys_of_pairs][has_key], recs[has_key])),
            ("exact", (exact_hash[which], recs)),
            ("skeletons", (skel_hash[keys_of_pairs][with_skeleton], recs[with_skeleton])),
            ("byid", (id_hash, np.arange(len(ids), dtype=np.int64))),
        ):
            for part, arr in _Table.build(h, r).items():
                arrays[f"{name}.{part}"] = arr
        meta = {
            "version": INDEX_VERSION,
            "fingerprint": fingerprint,
            **{t: list(v) for t, v in tables.items()},
        }
        return cls(arrays, meta)

    # -- reading ------------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.lat)

    def lookup(self, key: str) -> tuple[int, ...]:
        """Record numbers whose names fold to ``key``."""
        return self.keys.get(_hash(key)) if key else ()

    @staticmethod
    def key_hash(key: str) -> int:
        """The hash of a folded key, as :meth:`primary_hash` gives it."""
        return _hash(key)

    def primary_hash(self, n: int) -> int:
        """The hash of the folded key of record ``n``'s own name (not its alternates)."""
        return self._primary[n]

    def exact_matches(self, name: str) -> tuple[int, ...]:
        """Record numbers with a name spelt like ``name`` (case and diacritics aside)."""
        return self._exact.get(name_hash(name))

    def skeleton_matches(self, sk: str) -> tuple[int, ...]:
        """Record numbers of focus-country places whose folded names have skeleton ``sk``."""
        return self._skeletons.get(_hash(sk))

    def find_id(self, place_id: str) -> int | None:
        """The record number of ``place_id``, or None."""
        for n in self._ids.get(_hash(place_id)):
            if self.ids[n] == place_id:
                return n
        return None

    def flag(self, n: int, letter: str) -> bool:
        """Whether record ``n`` has flag ``letter`` (``s`` seat, ``q`` gone, ``x`` section,
        ``a`` administrative division, ``c`` curated or named by the curated table)."""
        return bool(self.flags[n] & FLAG_BITS[letter])

    def is_focus(self, n: int) -> bool:
        return bool(self.flags[n] & _FOCUS_BIT)

    def source(self, n: int) -> str:
        """The citation of record ``n``."""
        cite = self._cites[n]
        source = self._sources[self._src[n]]
        return f"{source}: {cite}" if cite else source

    def uncertainty(self, n: int) -> float | None:
        r = self._radius[n]
        return None if r != r else float(r)  # NaN: none

    def has_geometry(self, n: int) -> bool:
        return n in self._geom_rows

    def place(self, n: int) -> Place:
        """Record ``n`` as a :class:`~incidentmap.model.Place` (built once, then reused)."""
        cached = self._places.get(n)
        if cached is not None:
            return cached
        if len(self._places) >= _PLACE_CACHE:
            self._places.clear()
        k = self._geom_rows.get(n)
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
            geometry=shapely.from_wkb(bytes.fromhex(self._geoms[k])) if k is not None else None,
            uncertainty_m=self.uncertainty(n),
        )
        self._places[n] = place
        return place

    # -- persistence --------------------------------------------------------------------------
    def save(self, path: Path) -> None:
        """Write the index as a folder of ``.npy`` files, atomically (temp folder + rename)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=path.parent, prefix=path.name, suffix=".tmp"))
        try:
            for name, arr in self.arrays.items():
                np.save(tmp / f"{name}.npy", np.ascontiguousarray(arr), allow_pickle=False)
            (tmp / "meta.json").write_text(json.dumps(self.meta), encoding="utf-8")
            if path.exists():
                shutil.rmtree(path, ignore_errors=True)
            try:
                os.replace(tmp, path)
            except OSError:
                if not (path / "meta.json").is_file():
                    raise
                # Another process saved the same index first: theirs is as good as ours.
                shutil.rmtree(tmp, ignore_errors=True)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise

    @classmethod
    def load(cls, path: Path, fingerprint: str) -> Index | None:
        """The index saved at ``path`` if it was built from the same sources, else ``None``."""
        try:
            meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as err:  # a truncated or foreign file: rebuild
            log.warning("ignoring unreadable gazetteer cache %s: %s", path, err)
            return None
        if meta.get("version") != INDEX_VERSION or meta.get("fingerprint") != fingerprint:
            return None
        try:
            arrays = {
                # Plain views of the maps: slicing a numpy.memmap costs a Python call each time.
                f.name[:-4]: np.load(f, mmap_mode="r", allow_pickle=False).view(np.ndarray)
                for f in path.glob("*.npy")
            }
            idx = cls(arrays, meta)
        except (OSError, ValueError, KeyError) as err:
            log.warning("ignoring unreadable gazetteer cache %s: %s", path, err)
            return None
        if len(idx.ids) != len(idx):
            raise GazetteerError(f"corrupt gazetteer cache {path}: delete it to rebuild")
        return idx
