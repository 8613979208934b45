"""MB/s of article text through find_toponyms and extract_text, against naive and spaCy baselines.

Run: ``python benchmarks/bench_extract.py [--data DIR] [--mb 2] [--slice-kb 100] [--repeat 3]
[--spacy-places 50000]``

The text is the articles of GeoWebNews, LGL and TR-News (``../shared/data/geoparse``, read with
``eval_geoparse.py``'s loaders) joined by blank lines, up to ``--mb`` MB of UTF-8 (all three
corpora hold about 1.9 MB). Every method runs on one core, once as a warm-up, then
``--repeat`` times; the best time counts. Rows run with one gazetteer whose memo of earlier
answers stays warm (as in a batch or a long-running process), except the row marked "fresh
gazetteer each run", which loads a fresh copy before each run (not timed), as for text the
process has not seen.

- **incidentmap**: ``find_toponyms(text, gaz)`` article by article (the reference row), with a
  fresh gazetteer, on the whole text as one string, on the naive baseline's slice; and
  ``extract_text`` (boilerplate, toponyms, actors, events, casualties, dates, distances,
  incidents) article by article.
- **naive**: every run of 1-3 capitalised words looked up with ``gaz.resolve(ngram)``, the
  way one would write it first. Timed on a ``--slice-kb`` KB slice of the text.
- **spaCy** (skipped with a message when spaCy is not installed). Its trained pipelines
  (``en_core_web_sm``) are not on the package registries reachable here; when one is
  installed it is measured (NER only). Otherwise the row is ``spacy.blank("en")``
  tokenisation plus an ``entity_ruler`` loaded with the gazetteer's names of the
  ``--spacy-places`` most populous places and every non-GeoNames feature (countries, regions,
  rivers...): detection only, no resolution, article by article through ``nlp.pipe``.
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from eval_geoparse import DEFAULT_DATA, load_corpus
from incidentmap.api import default_cache_dir
from incidentmap.gazetteer import Gazetteer

_CAPITALISED = re.compile(r"(?<![\w'’-])[A-Z][\w'’-]*")
_POPULATED = frozenset({"city", "town", "village"})


def corpus_articles(data: Path, mb: float) -> list[str]:
    """Article texts of GeoWebNews, LGL and TR-News in that order, up to ``mb`` MB of UTF-8."""
    out: list[str] = []
    size = 0
    for key in ("gwn", "lgl", "trnews"):
        for doc in load_corpus(key, data):
            if size >= mb * 1e6:
                return out
            out.append(doc.text)
            size += len(doc.text.encode("utf-8")) + 2
    return out


def naive_ngrams(text: str, max_words: int = 3) -> list[str]:
    """Every n-gram (1 to ``max_words`` words) of runs of capitalised words one space apart."""
    runs: list[list[str]] = []
    last_end = -2
    for m in _CAPITALISED.finditer(text):
        if runs and m.start() == last_end + 1 and text[last_end] == " ":
            runs[-1].append(m.group())
        else:
            runs.append([m.group()])
        last_end = m.end()
    grams = []
    for run in runs:
        for i in range(len(run)):
            for n in range(1, max_words + 1):
                if i + n <= len(run):
                    grams.append(" ".join(run[i : i + n]))
    return grams


def naive_find(text: str, gaz: Gazetteer) -> list[tuple[str, Any]]:
    """The naive geoparser: each capitalised n-gram resolved on its own; hits kept."""
    found = []
    for gram in naive_ngrams(text):
        cands = gaz.resolve(gram)
        if cands:
            found.append((gram, cands[0]))
    return found


def _best_of(run: Callable[[], Any], repeat: int, fresh: Callable[[], None]) -> tuple[float, Any]:
    fresh()
    result = run()  # warm-up
    times = []
    for _ in range(repeat):
        fresh()
        t0 = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - t0)
    return min(times), result


def spacy_pipeline(gaz: Gazetteer, places: int) -> tuple[Any, str, float] | None:
    """A spaCy pipeline and its label, or ``None`` when spaCy is not installed."""
    if importlib.util.find_spec("spacy") is None:
        return None
    import spacy

    t0 = time.perf_counter()
    if spacy.util.is_package("en_core_web_sm"):
        nlp = spacy.load("en_core_web_sm")
        return nlp, "spaCy en_core_web_sm NER, detection only", time.perf_counter() - t0
    ix = gaz.index
    geonames = [n for n, k in enumerate(ix.kinds) if k in _POPULATED]
    geonames.sort(key=lambda n: -ix.population[n])
    others = [n for n, k in enumerate(ix.kinds) if k not in _POPULATED]
    names = sorted({ix.names[n] for n in geonames[:places] + others})
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "GPE", "pattern": name} for name in names])
    label = f"spaCy blank('en') + entity_ruler ({len(names):,} names), detection only"
    return nlp, label, time.perf_counter() - t0


def _row(label: str, nbytes: int, seconds: float, found: int, ref: float) -> str:
    rate = nbytes / 1e6 / seconds
    return (
        f"| {label:<84} | {nbytes / 1e6:7.3f} | {seconds:8.3f} | {rate:7.3f} | "
        f"{rate / ref:10.2f}x | {found:7,} |"
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the geoparse folder")
    parser.add_argument("--mb", type=float, default=2.0, help="MB of article text (default 2)")
    parser.add_argument("--slice-kb", type=float, default=100, help="naive baseline's slice")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs; the best counts")
    parser.add_argument("--spacy-places", type=int, default=50_000,
                        help="most populous places whose names the spaCy ruler gets")  # fmt: skip
    parser.add_argument("--cache-dir", type=Path, default=None, help="gazetteer index cache")
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        parser.error(f"no geoparse data at {args.data} (pass --data DIR)")
    try:
        from incidentmap.extract._toponyms import find_toponyms
    except ImportError as exc:
        raise SystemExit(f"incidentmap's toponym finder is not importable: {exc}") from exc

    cache = args.cache_dir if args.cache_dir is not None else default_cache_dir()
    t0 = time.perf_counter()
    gaz = Gazetteer.load(cache_dir=cache)
    load_s = time.perf_counter() - t0
    state = {"gaz": gaz}

    def fresh() -> None:
        state["gaz"] = Gazetteer.load(cache_dir=cache)

    articles = corpus_articles(args.data, args.mb)
    text = "\n\n".join(articles)
    nbytes = len(text.encode("utf-8"))
    art_bytes = sum(len(a.encode("utf-8")) for a in articles)
    piece = text.encode("utf-8")[: int(args.slice_kb * 1000)].decode("utf-8", errors="ignore")
    piece_bytes = len(piece.encode("utf-8"))

    rows: list[tuple[str, int, float, int]] = []
    steady = lambda: None  # noqa: E731 - the same gazetteer: its answers stay cached
    s, found = _best_of(
        lambda: [t for a in articles for t in find_toponyms(a, state["gaz"])], args.repeat, steady
    )
    rows.append(("incidentmap find_toponyms, article by article", art_bytes, s, len(found)))
    s, found = _best_of(
        lambda: [t for a in articles for t in find_toponyms(a, state["gaz"])], args.repeat, fresh
    )
    rows.append(("incidentmap find_toponyms, article by article, fresh gazetteer each run",
                 art_bytes, s, len(found)))  # fmt: skip
    s, found = _best_of(lambda: find_toponyms(text, state["gaz"]), args.repeat, steady)
    rows.append(("incidentmap find_toponyms, the whole text as one string", nbytes, s, len(found)))
    from incidentmap.extract import ActorTable, article_spans, extract_text
    from incidentmap.extract._events import find_events

    s, found = _best_of(lambda: article_spans(text), args.repeat, steady)
    rows.append(("incidentmap article_spans (boilerplate), the whole text", nbytes, s, len(found)))
    table = ActorTable.default()
    table.find(text[:5000])  # the table's patterns compile once, before timing
    s, found = _best_of(lambda: find_events(text, table.find(text)), args.repeat, steady)
    rows.append(("incidentmap actor mentions and event roles, the whole text", nbytes, s,
                 len(found)))  # fmt: skip

    s, found = _best_of(
        lambda: [i for a in articles for i in extract_text(a, state["gaz"]).incidents],
        args.repeat,
        steady,
    )
    rows.append(("incidentmap extract_text (whole pipeline), article by article", art_bytes, s,
                 len(found)))  # fmt: skip
    seeds_dir = args.data.parent.parent / "seeds"
    seeds = [p.read_text("utf-8") for p in sorted(seeds_dir.glob("*.txt"))]
    if seeds:
        war = seeds * max(1, int(0.5e6 // sum(len(t.encode("utf-8")) for t in seeds)))
        war_bytes = sum(len(t.encode("utf-8")) for t in war)
        s, found = _best_of(
            lambda: [i for a in war for i in extract_text(a, state["gaz"]).incidents],
            args.repeat,
            steady,
        )
        rows.append((f"incidentmap extract_text, the {len(seeds)} seed war reports repeated "
                     f"({len(war)} articles)", war_bytes, s, len(found)))  # fmt: skip
    s, found = _best_of(lambda: find_toponyms(piece, state["gaz"]), args.repeat, fresh)
    rows.append((f"incidentmap find_toponyms, the {args.slice_kb:g} KB slice, fresh gazetteer", piece_bytes, s,
                 len(found)))  # fmt: skip
    s, found = _best_of(lambda: naive_find(piece, state["gaz"]), args.repeat, fresh)
    grams = len(naive_ngrams(piece))
    label = (
        f"naive: {grams:,} capitalised 1-3-grams -> gaz.resolve, the {args.slice_kb:g} KB slice, "
        "fresh gazetteer"
    )
    rows.append((label, piece_bytes, s, len(found)))
    spacy_note = ""
    nlp = spacy_pipeline(gaz, args.spacy_places)
    if nlp is None:
        spacy_note = "spaCy row skipped: spaCy is not installed (pip install spacy to add it)."
    else:
        pipe, label, build_s = nlp
        s, found = _best_of(
            lambda: [e for d in pipe.pipe(articles) for e in d.ents], args.repeat, lambda: None
        )
        rows.append((label + ", article by article", art_bytes, s, len(found)))
        spacy_note = f"spaCy pipeline built in {build_s:.1f} s (not counted)."
        if "en_core_web_sm" not in label:
            spacy_note += (
                " en_core_web_sm is not installed (its wheels are not on the registries"
                " reachable here): the spaCy row is a blank tokeniser + gazetteer entity_ruler."
            )

    ref = rows[0][1] / 1e6 / rows[0][2]
    print(
        f"text: {len(articles)} articles of GeoWebNews, LGL and TR-News, {nbytes / 1e6:.2f} MB "
        f"UTF-8; one core; best of {args.repeat} after a warm-up"
    )
    print(f"gazetteer loaded from cache in {load_s:.2f} s (not counted); {spacy_note}\n")
    print(f"| {'method':<84} | {'MB':>7} | {'seconds':>8} | {'MB/s':>7} | "
          f"{'vs ours':>11} | {'found':>7} |")  # fmt: skip
    print(f"|{'-' * 86}|{'-' * 8}:|{'-' * 9}:|{'-' * 8}:|{'-' * 12}:|{'-' * 8}:|")
    for label, b, s, n in rows:
        print(_row(label, b, s, n, ref))
    print("\n'vs ours': MB/s relative to the first row; 'found': spans (naive: n-grams that "
          "resolved; spaCy: entities).")  # fmt: skip


if __name__ == "__main__":
    main()
