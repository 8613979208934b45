"""A candidate index for fuzzy matching of folded keys: which keys are close to a misspelling.

:class:`FuzzyIndex` answers the question that a full ``rapidfuzz.process.extract(query, keys,
scorer=fuzz.ratio, score_cutoff=84)`` scan answers, without comparing the query with every key.
It is a SymSpell-style deletion index: every key and each of its single-character deletions is
hashed to 64 bits; a query's own deletions (one and two characters) are looked up in the sorted
hashes, and the keys they lead to are verified with :func:`rapidfuzz.fuzz.ratio`. Any two
strings whose Indel distance is at most 2 (one substitution, one transposition, one or two
insertions or deletions on the query's side) share a deletion, and so do many pairs further apart.

The hashes are a polynomial over the code points modulo 2**64, finalised with MurmurHash3's
mixer: the same in every process and on every machine, so the arrays can be saved and memory-mapped.
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping, Sequence
from typing import Any, Final

import numpy as np
from numpy.typing import NDArray
from rapidfuzz import fuzz

__all__ = ["FuzzyIndex"]

_FORMAT: Final = 1
_MASK64: Final = (1 << 64) - 1
_BASE: Final = 0x9E3779B97F4A7C15  # odd, so every power of it is too
_MIX1: Final = 0xFF51AFD7ED558CCD
_MIX2: Final = 0xC4CEB9FE1A85EC53
_U64 = np.uint64

_pow: list[int] = [1]


def _powers(n: int) -> list[int]:
    """``_BASE ** k`` modulo 2**64 for k < n (grows a module-level table)."""
    while len(_pow) < n:
        _pow.append(_pow[-1] * _BASE & _MASK64)
    return _pow


def _mix(h: NDArray[np.uint64]) -> NDArray[np.uint64]:
    """MurmurHash3's 64-bit finaliser, elementwise (uint64 arithmetic wraps modulo 2**64)."""
    h = h ^ (h >> _U64(33))
    h = h * _U64(_MIX1)
    h = h ^ (h >> _U64(33))
    h = h * _U64(_MIX2)
    return h ^ (h >> _U64(33))


_pairs: dict[int, tuple[NDArray[np.intp], NDArray[np.intp]]] = {}


def _deletion_pairs(n: int) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
    """Positions i < j of the two characters deleted, for a string of length n (cached)."""
    if n not in _pairs:
        i, j = np.triu_indices(n, 1)
        _pairs[n] = (i, j)
    return _pairs[n]


def _query_hashes(query: str, depth: int) -> NDArray[np.uint64]:
    """Hashes of ``query`` and of every string made by deleting up to ``depth`` of its characters.

    Computed from prefix and suffix hashes, without building the strings: with ``P[j]`` the hash
    of ``query[:j]`` and ``S[j]`` the weighted sum over ``query[j:]``, deleting character j gives
    ``P[j] * B**(n-1-j) + S[j+1]``, the hash :meth:`FuzzyIndex.build` computes for its keys.
    Deleting characters i < j gives ``P[i] * B**(n-2-i) + (P[j] - P[i+1] * B**(j-i-1)) *
    B**(n-1-j) + S[j+1]``.
    """
    n = len(query)
    pw = _powers(n + 1)
    prefix = [0] * (n + 1)
    suffix = [0] * (n + 1)
    h = 0
    for j, ch in enumerate(query):
        h = (h * _BASE + ord(ch) + 1) & _MASK64
        prefix[j + 1] = h
    h = 0
    for j in range(n - 1, -1, -1):
        h = ((ord(query[j]) + 1) * pw[n - 1 - j] + h) & _MASK64
        suffix[j] = h
    out = [prefix[n]]
    if depth >= 1:
        out += [(prefix[j] * pw[n - 1 - j] + suffix[j + 1]) & _MASK64 for j in range(n)]
    hashes = np.array(out, dtype=np.uint64)
    if depth >= 2 and n >= 2:
        first, second = _deletion_pairs(n)
        p = np.array(prefix, dtype=np.uint64)
        sf = np.array(suffix, dtype=np.uint64)
        pws = np.array(pw[: n + 1], dtype=np.uint64)
        twice = (
            p[first] * pws[n - 2 - first]
            + (p[second] - p[first + 1] * pws[second - first - 1]) * pws[n - 1 - second]
        )
        hashes = np.concatenate([hashes, twice + sf[second + 1]])
    return _mix(hashes)


_BUCKETS: Final = 32  # character histograms count code points modulo this
_MAX_TAG_LENGTH: Final = 255
_PAIR: Final = 0x110001  # more than any code point + 1


def _layout(keys: Sequence[str]) -> tuple[NDArray[np.int64], NDArray[np.uint32], NDArray[np.int64]]:
    """Lengths, all code points end to end, and where each key starts among them."""
    n = len(keys)
    lengths = np.fromiter(map(len, keys), dtype=np.int64, count=n)
    points = np.frombuffer("".join(keys).encode("utf-32-le"), dtype=np.uint32)
    starts = np.zeros(n, dtype=np.int64)
    np.cumsum(lengths[:-1], out=starts[1:])
    return lengths, points, starts


def _key_hashes(
    lengths: NDArray[np.int64], points: NDArray[np.uint32], starts: NDArray[np.int64]
) -> tuple[NDArray[np.uint64], NDArray[np.int64]]:
    """Hashes of every key and of its single deletions, with the key number of each."""
    pw = np.array(_powers(int(lengths.max(initial=0)) + 1), dtype=np.uint64)
    hashes: list[NDArray[np.uint64]] = []
    numbers: list[NDArray[np.int64]] = []
    for length in np.unique(lengths).tolist():
        rows = np.flatnonzero(lengths == length)
        codes = points[starts[rows, None] + np.arange(length)].astype(np.uint64) + _U64(1)
        prefix = np.zeros((len(rows), length + 1), dtype=np.uint64)
        for j in range(length):
            prefix[:, j + 1] = prefix[:, j] * _U64(_BASE) + codes[:, j]
        suffix = np.zeros((len(rows), length + 1), dtype=np.uint64)
        for j in range(length - 1, -1, -1):
            suffix[:, j] = codes[:, j] * pw[length - 1 - j] + suffix[:, j + 1]
        hashes.append(prefix[:, length])
        numbers.append(rows)
        if length:
            dels = prefix[:, :length] * pw[length - 1 :: -1][:length] + suffix[:, 1:]
            hashes.append(dels.ravel())
            numbers.append(np.repeat(rows, length))
    if not hashes:
        return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64)
    return _mix(np.concatenate(hashes)), np.concatenate(numbers)


def _histograms(
    lengths: NDArray[np.int64], points: NDArray[np.uint32], chunk: int = 1 << 16
) -> NDArray[np.int8]:
    """Per key, how many of its code points fall in each bucket (code point modulo 32, at most
    127: a capped count still bounds the Indel distance from below)."""
    n = len(lengths)
    out = np.zeros((n, _BUCKETS), dtype=np.int8)
    ends = np.cumsum(lengths)
    for lo in range(0, n, chunk):
        hi = min(n, lo + chunk)
        first = int(ends[lo - 1]) if lo else 0
        rows = np.repeat(np.arange(hi - lo), lengths[lo:hi])
        cells = rows * _BUCKETS + (points[first : int(ends[hi - 1])] % _BUCKETS)
        counts = np.bincount(cells, minlength=(hi - lo) * _BUCKETS)
        out[lo:hi] = np.minimum(counts, 127).reshape(hi - lo, _BUCKETS)
    return out


def _tags(
    lengths: NDArray[np.int64], points: NDArray[np.uint32], starts: NDArray[np.int64], end: bool
) -> NDArray[np.int64]:
    """Sort keys for the length-banded scans: the first (or last) two characters, then length."""
    codes = np.concatenate([points.astype(np.int64) + 1, np.zeros(2, dtype=np.int64)])
    if end:
        first = np.where(lengths >= 1, codes[starts + lengths - 1], 0)
        second = np.where(lengths >= 2, codes[starts + lengths - 2], 0)
    else:
        first = np.where(lengths >= 1, codes[np.minimum(starts, len(points))], 0)
        second = np.where(lengths >= 2, codes[np.minimum(starts + 1, len(points))], 0)
    return ((first * _PAIR + second) << 8) | np.minimum(lengths, _MAX_TAG_LENGTH)


def _tag(query: str, end: bool) -> int:
    pair = query[::-1][:2] if end else query[:2]
    first = ord(pair[0]) + 1 if pair else 0
    second = ord(pair[1]) + 1 if len(pair) > 1 else 0
    return (first * _PAIR + second) << 8


class FuzzyIndex:
    """Keys close to a query by :func:`rapidfuzz.fuzz.ratio`, found without a full scan.

    >>> index = FuzzyIndex.build(["dairzur", "rakka", "tabka", "kamisli"])
    >>> index.search("dairzor")
    [(0, 85.71428571428572)]
    >>> index.search("tabka", cutoff=60)
    [(2, 100.0), (1, 60.0)]

    Candidates come from two sources:

    * the deletion index: every key within Indel distance 2 of the query (one substitution or
      transposition, one or two insertions or deletions), and many further away;
    * two length-banded scans, of the keys that begin with the query's first two characters,
      and of those that end with its last two, among the lengths the cutoff allows. The keys are
      stored in that order with a histogram of their characters, so a band is a contiguous
      slice, and the histograms' L1 distance (a lower bound of the Indel distance) discards most
      of it before :func:`rapidfuzz.fuzz.ratio` is computed.

    ``keys`` may be any sequence (a lazy string table will do): :meth:`search` reads only the
    keys it verifies. :meth:`arrays` and :meth:`from_arrays` save and restore the index, for
    instance as ``.npy`` files loaded with ``mmap_mode="r"``.
    """

    _ARRAYS: Final = (
        "meta",
        "entries",
        *(
            f"{end}_{what}"
            for end in ("head", "tail")
            for what in ("tags", "keys", "lengths", "counts")
        ),
    )

    def __init__(self, keys: Sequence[str], arrays: Mapping[str, NDArray[Any]]) -> None:
        missing = [name for name in self._ARRAYS if name not in arrays]
        if missing:
            raise ValueError(f"fuzzy index arrays missing: {', '.join(missing)}")
        fmt, bits, n = (int(v) for v in arrays["meta"])
        if fmt != _FORMAT:
            raise ValueError(f"fuzzy index format {fmt}, expected {_FORMAT}")
        if n != len(keys):
            raise ValueError(f"fuzzy index built over {n} keys, given {len(keys)}")
        if arrays["entries"].dtype != np.uint64:
            raise ValueError(f"fuzzy index entries are {arrays['entries'].dtype}, not uint64")
        self._keys = keys
        self._arrays = {name: arrays[name] for name in self._ARRAYS}
        self._entries: NDArray[np.uint64] = arrays["entries"]
        self._bands = tuple(
            (
                end == "tail",
                arrays[f"{end}_tags"],
                arrays[f"{end}_keys"],
                arrays[f"{end}_lengths"],
                arrays[f"{end}_counts"],
            )
            for end in ("head", "tail")
        )
        self._low = _U64((1 << bits) - 1)
        self._high = _U64(_MASK64 ^ ((1 << bits) - 1))

    @classmethod
    def build(cls, keys: Sequence[str]) -> FuzzyIndex:
        """Index ``keys`` (key numbers are positions in ``keys``)."""
        n = len(keys)
        bits = max(1, (n - 1).bit_length())
        lengths, points, starts = _layout(keys)
        hashes, numbers = _key_hashes(lengths, points, starts)
        # Each entry packs a hash (high bits) and a key number (low bits) into one sortable word.
        entries = (hashes & _U64(_MASK64 ^ ((1 << bits) - 1))) | numbers.astype(np.uint64)
        entries.sort()
        if len(entries) > 1:
            keep = np.empty(len(entries), dtype=bool)
            keep[0] = True
            np.not_equal(entries[1:], entries[:-1], out=keep[1:])
            entries = entries[keep]
        arrays: dict[str, NDArray[Any]] = {
            "meta": np.array([_FORMAT, bits, n], dtype=np.int64),
            "entries": entries,
        }
        counts = _histograms(lengths, points)
        for end in ("head", "tail"):
            tags = _tags(lengths, points, starts, end == "tail")
            order = np.argsort(tags, kind="stable")
            arrays[f"{end}_tags"] = tags[order]
            arrays[f"{end}_keys"] = order.astype(np.int32)
            arrays[f"{end}_lengths"] = lengths[order].astype(np.int32)
            arrays[f"{end}_counts"] = counts[order]
        return cls(keys, arrays)

    def arrays(self) -> dict[str, NDArray[Any]]:
        """The index as named arrays, for :meth:`from_arrays` (save each with :func:`numpy.save`)."""
        return dict(self._arrays)

    @classmethod
    def from_arrays(cls, arrays: Mapping[str, NDArray[Any]], keys: Sequence[str]) -> FuzzyIndex:
        """An index from :meth:`arrays` (possibly memory-mapped) and the same ``keys``."""
        return cls(keys, arrays)

    def __len__(self) -> int:
        return len(self._keys)

    def _deletion_candidates(self, query: str, depth: int) -> list[int]:
        entries = self._entries
        if not len(entries):
            return []
        hashes = np.sort(_query_hashes(query, depth) & self._high)
        lo = np.searchsorted(entries, hashes, side="left")
        hi = np.searchsorted(entries, hashes | self._low, side="right")
        hit = np.flatnonzero(hi > lo).tolist()
        if not hit:
            return []
        found = np.concatenate([entries[lo[i] : hi[i]] for i in hit]) & self._low
        return found.tolist()

    def search(
        self, query: str, *, cutoff: float = 84.0, limit: int | None = 5, depth: int = 2
    ) -> list[tuple[int, float]]:
        """Keys with ``fuzz.ratio(query, key) >= cutoff``: (key number, similarity), best first.

        Ties are in key-number order; ``limit=None`` returns them all. Every key within Indel
        distance 2 of ``query`` is found; keys further away are found when they share a deletion
        with the query, or its first or last two characters. ``depth`` is how many characters
        the deletion index may delete from the query (0, 1 or 2). An empty query finds nothing.
        """
        if not query or not len(self._keys):
            return []
        keys = self._keys
        ratio = fuzz.ratio
        scores: dict[int, float] = {}
        for k in self._deletion_candidates(query, depth):
            if k not in scores:
                scores[k] = ratio(query, keys[k], score_cutoff=cutoff)

        la = len(query)
        if cutoff > 0:
            shortest = min(int(cutoff * la / (200.0 - cutoff)), _MAX_TAG_LENGTH)
            longest = min(int(la * (200.0 - cutoff) / cutoff) + 1, _MAX_TAG_LENGTH)
        else:
            shortest, longest = 0, _MAX_TAG_LENGTH
        query_counts: NDArray[np.int8] | None = None
        pools: list[NDArray[Any]] = []
        bounds: list[NDArray[np.float64]] = []
        # At Indel distance 1 the deletion index has found everything: scan only if the cutoff
        # lets a key of the longest admissible length be 2 or more away.
        scan = depth < 1 or (100.0 - cutoff) * (la + longest) >= 200.0 - 1e-9
        for end, tags, band_keys, lengths, counts in self._bands if scan else ():
            base = _tag(query, end)
            lo, hi = np.searchsorted(tags, [base + shortest, base + longest + 1]).tolist()
            if hi <= lo:
                continue
            if query_counts is None:
                query_counts = np.bincount(
                    np.fromiter(map(ord, query), dtype=np.int64, count=la) % _BUCKETS,
                    minlength=_BUCKETS,
                ).astype(np.int8)
            # Each insertion or deletion changes one count by one, so the L1 distance of the
            # histograms bounds the Indel distance from below and the similarity from above.
            l1 = np.abs(counts[lo:hi] - query_counts).sum(axis=1, dtype=np.int32)
            bound = 100.0 * (1.0 - l1 / (la + lengths[lo:hi]))
            keep = np.flatnonzero(bound >= cutoff - 1e-9)
            if len(keep):
                pools.append(band_keys[lo:hi][keep])
                bounds.append(bound[keep])
        if pools:
            pool = np.concatenate(pools)
            bound = np.concatenate(bounds)
            order = np.lexsort((pool, -bound))
            best: list[float] = sorted(scores.values(), reverse=True)[: limit or None]
            heapq.heapify(best)
            for k, b in zip(pool[order].tolist(), bound[order].tolist(), strict=True):
                if limit is not None and len(best) >= limit and b < best[0] - 1e-9:
                    break  # verified best first: no key left can enter the top ``limit``
                if k in scores:
                    continue
                score = scores[k] = ratio(query, keys[k], score_cutoff=cutoff)
                if limit is not None and score >= cutoff:
                    if len(best) < limit:
                        heapq.heappush(best, score)
                    elif score > best[0]:
                        heapq.heapreplace(best, score)
        out = [(k, s) for k, s in scores.items() if s >= cutoff and (s > 0 or cutoff <= 0)]
        out.sort(key=lambda hit: (-hit[1], hit[0]))
        return out if limit is None else out[:limit]
