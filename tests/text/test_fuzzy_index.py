"""FuzzyIndex: the keys a full rapidfuzz scan finds, without scanning every key."""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from rapidfuzz import fuzz, process

from incidentmap.text import FuzzyIndex

# Invented keys in the shape of folded names (not taken from any gazetteer).
STEMS = ["kafr", "tal", "ain", "bir", "jisr", "marj", "wadi", "dair", "khirba", "saraj"]
TAILS = ["numan", "burak", "hilal", "sufan", "kasim", "barud", "zahab", "salim", "turab"]
KEYS = sorted({s + t for s in STEMS for t in TAILS} | {"tamr", "tumr", "x", "حمرا", "قريهزين"})
LETTERS = "abdfhiklmnrstuz"


class LazyKeys(Sequence[str]):
    """A string table that is not a list: only indexing and len()."""

    def __init__(self, keys: list[str]) -> None:
        self._keys = keys
        self.reads = 0

    def __len__(self) -> int:
        return len(self._keys)

    def __getitem__(self, i: int) -> str:  # type: ignore[override]
        self.reads += 1
        return self._keys[i]


def scan(query: str, keys: Sequence[str], cutoff: float) -> list[tuple[int, float]]:
    hits = process.extract(query, keys, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None)
    return sorted(((i, s) for _, s, i in hits), key=lambda h: (-h[1], h[0]))


def one_edit(rng: random.Random, key: str) -> str:
    p = rng.randrange(len(key))
    op = rng.choice("idst")
    if op == "i":
        return key[:p] + rng.choice(LETTERS) + key[p:]
    if op == "d":
        return key[:p] + key[p + 1 :]
    if op == "s":
        return key[:p] + rng.choice([c for c in LETTERS if c != key[p]]) + key[p + 1 :]
    p = min(p, len(key) - 2)
    return key[:p] + key[p + 1] + key[p] + key[p + 2 :]


@pytest.fixture(scope="module")
def index() -> FuzzyIndex:
    return FuzzyIndex.build(KEYS)


def test_every_key_finds_itself_with_100(index: FuzzyIndex) -> None:
    for n, key in enumerate(KEYS):
        hits = index.search(key)
        assert hits[0] == (n, 100.0), key


def test_single_edits_find_the_key_and_everything_the_scan_finds(index: FuzzyIndex) -> None:
    rng = random.Random(7)
    for key in [k for k in KEYS if len(k) > 3]:
        query = one_edit(rng, key)
        hits = index.search(query, limit=None)
        assert KEYS.index(key) in {n for n, _ in hits} or fuzz.ratio(query, key) < 84
        assert hits == scan(query, KEYS, 84.0), query


def test_arabic_keys_are_found() -> None:
    index = FuzzyIndex.build(KEYS)
    assert index.search("قريهزبن")[0][0] == KEYS.index("قريهزين")


def test_results_are_best_first_then_by_key_number() -> None:
    keys = ["tallabad", "tillabad", "tollabud", "tullabad", "zzzz"]
    index = FuzzyIndex.build(keys)
    hits = index.search("tollabad", cutoff=80, limit=None)
    assert hits == sorted(hits, key=lambda h: (-h[1], h[0]))
    assert [n for n, _ in hits] == [0, 1, 2, 3]  # all at 87.5: key-number order
    assert hits == index.search("tollabad", cutoff=80, limit=None)
    assert index.search("tollabad", cutoff=80, limit=2) == hits[:2]


def test_cutoff_and_limit_are_respected(index: FuzzyIndex) -> None:
    hits = index.search("kafrnumon", cutoff=60, limit=3)
    assert len(hits) <= 3
    assert all(s >= 60 for _, s in hits)
    assert all(s == fuzz.ratio("kafrnumon", KEYS[n]) for n, s in hits)
    assert hits[0] == scan("kafrnumon", KEYS, 60.0)[0]
    # At cutoff 60 the index may miss keys the scan finds, never the other way round.
    assert set(index.search("kafrnumon", cutoff=60, limit=None)) <= set(
        scan("kafrnumon", KEYS, 60.0)
    )


def test_round_trip_through_npy_files_memory_mapped(index: FuzzyIndex, tmp_path: Path) -> None:
    for name, array in index.arrays().items():
        np.save(tmp_path / f"{name}.npy", array)
    arrays = {p.stem: np.load(p, mmap_mode="r") for p in tmp_path.glob("*.npy")}
    assert all(isinstance(a, np.memmap) for a in arrays.values())
    keys = LazyKeys(list(KEYS))
    loaded = FuzzyIndex.from_arrays(arrays, keys)
    assert len(loaded) == len(KEYS)
    for query in ["kafrnuman", "talhilal", "jisrburk", "wadisufn", "x", "qqqq", "حمرا"]:
        assert loaded.search(query, limit=None) == index.search(query, limit=None)
    assert 0 < keys.reads < 10 * len(KEYS)


def test_from_arrays_rejects_other_keys(index: FuzzyIndex) -> None:
    with pytest.raises(ValueError, match="keys"):
        FuzzyIndex.from_arrays(index.arrays(), KEYS[:-1])


def test_hashes_are_the_same_in_every_build() -> None:
    a = FuzzyIndex.build(KEYS).arrays()
    b = FuzzyIndex.build(list(KEYS)).arrays()
    assert a.keys() == b.keys()
    for name in a:
        assert np.array_equal(a[name], b[name]), name


def test_empty_index_and_empty_query() -> None:
    empty = FuzzyIndex.build([])
    assert len(empty) == 0
    assert empty.search("tal") == []
    assert empty.search("") == []
    assert FuzzyIndex.from_arrays(empty.arrays(), []).search("tal") == []
    assert FuzzyIndex.build(KEYS).search("") == []
    assert FuzzyIndex.build(["", "a"]).search("a") == [(1, 100.0)]
