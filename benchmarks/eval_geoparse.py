"""Geoparsing accuracy on public gold corpora: incidentmap's toponym finder end to end.

Run: ``python benchmarks/eval_geoparse.py [--data DIR] [--corpus gwn lgl trnews] [--limit N]
[--errors N] [--json OUT] [--cache-dir DIR]``

The corpora are read from ``../shared/data/geoparse`` beside the checkout (``--data``) and are
evaluation fixtures only: nothing of them is copied into the repository. See the README there.

- **GeoWebNews** (``GeoWebNews/GWN.xml``, Gritta et al. 2020). Detection gold: every annotated
  span whose ``type`` is a toponym that a geoparser is expected to find: ``Literal``, ``Mixed``,
  ``Coercion``, ``Embedded_Literal``, ``Literal_Modifier``, ``Metonymic``,
  ``Non_Literal_Modifier`` and ``Embedded_Non_Lit`` (metonymic and modifier uses included, as
  the paper's geotagging evaluation does). ``Demonym``, ``Non_Toponym``, ``Homonym`` and
  ``Language`` spans are negatives: a found span overlapping one (and no gold span) is a false
  positive, listed as such by ``--errors``. The common-noun ``*_Expression`` spans ("the city")
  are neither. Geocoding gold: ``baseline_outputs/gwn_full.txt``, the paper's 2,401 toponyms
  with a GeoNames id, so the figures compare with the paper's. The Edinburgh Geoparser's output
  on the same texts (``baseline_outputs/gwn_edin.txt``) is scored the same way against the
  same gold; its offsets drift by 1-8 characters, so each of its spans is first moved to the
  nearest occurrence of its surface string within ±10 characters.
- **LGL** (``LGL/lgl.xml``) and **TR-News** (``TR-News/TR-News.xml``): every annotated toponym
  is detection gold; those with a ``<gaztag>`` (GeoNames coordinates) are geocoding gold.
  Gold offsets that do not fit their phrase (117 in TR-News, up to 10 characters off) are moved
  to the nearest occurrence of the phrase the same way.

Scores, per corpus and system:

- detection precision / recall / F1 by span overlap: a found span is correct when it overlaps
  a gold span; a gold span is found when a found span overlaps it;
- **accuracy@161 km end to end**: a gold toponym with coordinates counts as correct when a
  found span overlaps it (the one overlapping most, if several) and the found place is within
  161 km (100 miles) of the gold point; a missed or unresolved toponym is wrong. For a place
  with a line or area geometry (river, border, country, region) the error is the geodesic
  distance from the gold point to the geometry (0 inside an area);
- accuracy@161 among the detected gold toponyms, and their mean error in km;
- AUC: Gritta et al.'s area under the curve of ``log(1 + error_km) / log(20039)`` over all
  geocoding gold sorted by error, a missed toponym counting 20,039 km (lower is better);
- seconds inside ``find_toponyms`` (gazetteer loading excluded) and MB/s of UTF-8 article text.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import re
import statistics
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from shapely import Point
from shapely.geometry.base import BaseGeometry
from shapely.ops import nearest_points

from incidentmap.geo import distance_m, point_line_distance_m

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared/data/geoparse"

#: The GeoWebNews types that name a place a geoparser should find (detection gold).
GWN_TOPONYM_TYPES = frozenset(
    {
        "Literal", "Mixed", "Coercion", "Embedded_Literal", "Literal_Modifier", "Metonymic",
        "Non_Literal_Modifier", "Embedded_Non_Lit",
    }
)  # fmt: skip
#: GeoWebNews types that look like place names but are not toponyms (false positives if found).
GWN_NEGATIVE_TYPES = frozenset({"Demonym", "Non_Toponym", "Homonym", "Language"})

#: Accuracy radius: 161 km = 100 miles, the field's customary threshold.
ACC_KM = 161.0
#: Half the Earth's circumference: the error given to a missed toponym in the AUC.
MAX_KM = 20039.0
#: How far (characters) a drifting span may be moved to meet its surface string.
REALIGN_WINDOW = 10

CORPORA = {
    "gwn": "GeoWebNews",
    "lgl": "LGL",
    "trnews": "TR-News",
}

#: Published end-to-end accuracy@161 on GeoWebNews, as reference rows (not measured here).
PUBLISHED_GWN = (
    ("published: Mordecai 3, end to end (Halterman 2023)", "0.61-0.63"),
    ("published: Edinburgh Geoparser (Gritta et al. 2020)", "0.53"),
)


# -- records ----------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Gold:
    """One gold span; ``lat``/``lon`` are ``None`` when it has no coordinates."""

    start: int
    end: int
    surface: str
    type: str = "toponym"
    lat: float | None = None
    lon: float | None = None
    name: str = ""  # the gold place's gazetteer name (and country, where the corpus says)


@dataclass(slots=True)
class Doc:
    """An article: its text, detection gold, negatives and geocoding gold."""

    id: str
    text: str
    toponyms: list[Gold] = field(default_factory=list)  # detection gold
    negatives: list[Gold] = field(default_factory=list)  # annotated non-toponyms
    geo: list[Gold] = field(default_factory=list)  # geocoding gold (with coordinates)
    moved: int = 0  # gold spans moved to meet their surface string
    unaligned: int = 0  # gold spans whose surface string was not found near their offsets


@dataclass(frozen=True, slots=True)
class Found:
    """A system's answer for one span, whatever the system (incidentmap or a baseline)."""

    start: int
    end: int
    surface: str
    lat: float | None = None
    lon: float | None = None
    geometry: BaseGeometry | None = None
    name: str = ""
    country: str = ""
    kind: str = ""

    @property
    def resolved(self) -> bool:
        return self.lat is not None and self.lon is not None

    @property
    def label(self) -> str:
        if not self.resolved:
            return "(unresolved)"
        extra = ", ".join(x for x in (self.country, self.kind) if x)
        return f"{self.name} ({extra})" if extra else self.name


# -- spans --------------------------------------------------------------------------------------
def overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    """True when the half-open spans [a_start, a_end) and [b_start, b_end) share a character."""
    return a_start < b_end and b_start < a_end


def overlap_len(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    return max(0, min(a_end, b_end) - max(a_start, b_start))


def realign(
    text: str, surface: str, start: int, end: int, window: int = REALIGN_WINDOW
) -> tuple[int, int] | None:
    """The span of ``surface`` in ``text`` nearest to ``start`` (within ``window`` characters).

    Returns ``(start, end)`` unchanged when the text already reads ``surface`` there, and
    ``None`` when ``surface`` does not occur close enough (exact case first, then any case).
    A negative ``start`` (a few GeoWebNews spans) is searched in the whole text and accepted
    only when ``surface`` occurs once.
    """
    if not surface:
        return None
    if start >= 0 and text[start:end] == surface:
        return start, end
    if start < 0:
        hits = [m.start() for m in re.finditer(re.escape(surface), text)]
        return (hits[0], hits[0] + len(surface)) if len(hits) == 1 else None
    lo = max(0, start - window)
    hi = min(len(text), start + len(surface) + window)
    for flags in (0, re.IGNORECASE):
        hits = [lo + m.start() for m in re.finditer(re.escape(surface), text[lo:hi], flags)]
        if hits:
            best = min(hits, key=lambda h: (abs(h - start), h))
            return best, best + len(surface)
    return None


def _aligned(doc: Doc, gold: Gold) -> Gold:
    """``gold`` moved onto its surface string, counting the moves in ``doc``."""
    span = realign(doc.text, gold.surface, gold.start, gold.end)
    if span is None:
        doc.unaligned += 1
        return gold
    if span != (gold.start, gold.end):
        doc.moved += 1
        return Gold(span[0], span[1], gold.surface, gold.type, gold.lat, gold.lon, gold.name)
    return gold


# -- loaders ------------------------------------------------------------------------------------
def _float(value: str | None) -> float | None:
    if value is None or not value.strip():
        return None
    try:
        return float(value)
    except ValueError:
        return None


def parse_baseline_line(line: str) -> list[tuple[str, str, float | None, float | None, int, int]]:
    """Entities of one line of ``baseline_outputs/*.txt``.

    Entities are separated by ``||`` and fields by ``,,``:
    ``name_in_gazetteer,,surface,,lat,,lon,,start,,end``; an empty lat/lon is ``None``.
    """
    out = []
    for chunk in line.rstrip("\n").split("||"):
        if not chunk.strip():
            continue
        fields = chunk.split(",,")
        if len(fields) != 6:
            raise ValueError(f"expected 6 ',,'-separated fields, got {len(fields)}: {chunk!r}")
        name, surface, lat, lon, start, end = fields
        out.append((name, surface, _float(lat), _float(lon), int(start), int(end)))
    return out


def _read_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")


def load_gwn(xml_path: Path, full_path: Path | None = None) -> list[Doc]:
    """GeoWebNews: detection gold from ``GWN.xml``; geocoding gold from ``gwn_full.txt``.

    Without ``full_path`` the geocoding gold is the ``GWN.xml`` spans with a GeoNames id (the
    same 2,401 toponyms but three spans).
    """
    root = ET.parse(xml_path).getroot()
    docs = []
    for art in root.iter("article"):
        doc = Doc(id=art.get("file", str(len(docs))), text=art.findtext("text") or "")
        for t in art.iterfind("toponyms/toponym"):
            kind = t.findtext("type") or ""
            gold = Gold(
                int(t.findtext("start") or 0),
                int(t.findtext("end") or 0),
                t.findtext("extractedName") or "",
                kind,
                _float(t.findtext("latitude")),
                _float(t.findtext("longitude")),
                t.findtext("normalisedName") or "",
            )
            if kind in GWN_TOPONYM_TYPES:
                gold = _aligned(doc, gold)
                doc.toponyms.append(gold)
                has_id = bool((t.findtext("geonamesID") or "").strip())
                if full_path is None and has_id and gold.lat is not None:
                    doc.geo.append(gold)
            elif kind in GWN_NEGATIVE_TYPES:
                doc.negatives.append(gold)
        docs.append(doc)
    if full_path is not None:
        lines = _read_lines(full_path)
        for doc, line in zip(docs, lines, strict=False):
            for name, surface, lat, lon, start, end in parse_baseline_line(line):
                if lat is None or lon is None:
                    continue
                doc.geo.append(_aligned(doc, Gold(start, end, surface, "geo", lat, lon, name)))
    return docs


def load_lgl(xml_path: Path) -> list[Doc]:
    """LGL or TR-News (one format): every ``<toponym>`` is gold; ``<gaztag>`` gives coordinates."""
    root = ET.parse(xml_path).getroot()
    docs = []
    for n, art in enumerate(root.iter("article")):
        doc = Doc(id=f"{n}:{art.get('docid', '')}", text=art.findtext("text") or "")
        for t in art.iterfind("toponyms/toponym"):
            tag = t.find("gaztag")
            lat = lon = None
            name = ""
            if tag is not None:
                lat, lon = _float(tag.findtext("lat")), _float(tag.findtext("lon"))
                country = (tag.findtext("country") or "").strip()
                name = (tag.findtext("name") or "").strip()
                name = f"{name} ({country})" if country else name
            gold = Gold(
                int(t.findtext("start") or 0),
                int(t.findtext("end") or 0),
                (t.findtext("phrase") or "").strip(),
                "toponym",
                lat,
                lon,
                name,
            )
            gold = _aligned(doc, gold)
            doc.toponyms.append(gold)
            if gold.lat is not None and gold.lon is not None:
                doc.geo.append(gold)
        docs.append(doc)
    return docs


def load_corpus(key: str, data: Path) -> list[Doc]:
    """The documents of corpus ``key`` (``gwn``, ``lgl``, ``trnews``) under ``data``."""
    if key == "gwn":
        full = data / "GeoWebNews/baseline_outputs/gwn_full.txt"
        return load_gwn(data / "GeoWebNews/GWN.xml", full if full.is_file() else None)
    if key == "lgl":
        return load_lgl(data / "LGL/lgl.xml")
    if key == "trnews":
        return load_lgl(data / "TR-News/TR-News.xml")
    raise ValueError(f"unknown corpus {key!r}; one of {sorted(CORPORA)}")


def load_edinburgh(path: Path, docs: Sequence[Doc]) -> list[list[Found]]:
    """The Edinburgh Geoparser's answers (``gwn_edin.txt``), one list per document of ``docs``.

    Each span is moved to the nearest occurrence of its surface string within ±10 characters
    (its offsets drift); an entity whose surface is not found there keeps its offsets.
    """
    lines = _read_lines(path)
    out: list[list[Found]] = []
    for n, doc in enumerate(docs):
        found = []
        for name, surface, lat, lon, start, end in parse_baseline_line(
            lines[n] if n < len(lines) else ""
        ):
            span = realign(doc.text, surface, start, end) if start >= 0 else None
            s, e = span if span is not None else (start, end)
            label = surface if name == "No Gaz" else name
            found.append(Found(s, e, surface, lat, lon, None, label))
        out.append(sorted(found, key=lambda f: (f.start, f.end)))
    return out


# -- geography ----------------------------------------------------------------------------------
def error_km(lat: float, lon: float, found: Found) -> float:
    """Kilometres from the gold point to the found place: its geometry if it has one, else point.

    Areas count 0 for a point inside; lines and area boundaries are measured geodesically
    (:func:`incidentmap.geo.point_line_distance_m`). Unresolved answers count :data:`MAX_KM`.
    """
    if found.lat is None or found.lon is None:
        return MAX_KM
    geom = found.geometry
    try:
        if geom is None or geom.is_empty or geom.geom_type == "Point":
            return distance_m(lon, lat, found.lon, found.lat) / 1000
        point = Point(lon, lat)
        if geom.geom_type in ("Polygon", "MultiPolygon"):
            if geom.covers(point):
                return 0.0
            return point_line_distance_m(lon, lat, geom.boundary) / 1000
        if geom.geom_type in ("LineString", "MultiLineString"):
            return point_line_distance_m(lon, lat, geom) / 1000
        near = nearest_points(geom, point)[0]
        return distance_m(lon, lat, near.x, near.y) / 1000
    except Exception:  # a degenerate geometry: fall back to the representative point
        return distance_m(lon, lat, found.lon, found.lat) / 1000


def auc(errors_km: Iterable[float]) -> float:
    """Gritta et al.'s AUC: trapezoid area under sorted ``log(1 + km) / log(20039)``; 0 is best."""
    ks = sorted(math.log1p(min(max(e, 0.0), MAX_KM)) for e in errors_km)
    if len(ks) < 2:
        return math.nan if not ks else ks[0] / math.log(MAX_KM)
    area = sum((a + b) / 2 for a, b in itertools.pairwise(ks))
    return area / (math.log(MAX_KM) * (len(ks) - 1))


# -- scoring ------------------------------------------------------------------------------------
@dataclass(slots=True)
class Case:
    """One scored event, for the error listing."""

    what: str  # "correct", "wrong", "missed", "unresolved", "false positive"
    surface: str
    ours: str
    gold: str
    km: float | None


@dataclass(slots=True)
class Tally:
    """Counts summed over documents."""

    docs: int = 0
    chars: int = 0
    bytes: int = 0
    seconds: float = 0.0
    gold: int = 0  # detection gold spans
    gold_found: int = 0  # ... overlapped by a found span
    found: int = 0  # found spans
    found_correct: int = 0  # ... overlapping a gold span
    geo: int = 0  # geocoding gold
    geo_detected: int = 0
    geo_correct: int = 0
    errors: list[float] = field(default_factory=list)  # km per geocoding gold (missed: MAX_KM)
    detected_errors: list[float] = field(default_factory=list)  # km, detected and resolved
    moved: int = 0
    unaligned: int = 0
    cases: list[Case] = field(default_factory=list)


def _best_overlap(gold: Gold, found: Sequence[Found]) -> Found | None:
    best, best_len = None, 0
    for f in found:
        n = overlap_len(gold.start, gold.end, f.start, f.end)
        if n > best_len:
            best, best_len = f, n
    return best


def score_doc(doc: Doc, found: Sequence[Found], tally: Tally, *, cases: bool = False) -> None:
    """Add one document's detection and geocoding results to ``tally``."""
    tally.docs += 1
    tally.chars += len(doc.text)
    tally.bytes += len(doc.text.encode("utf-8"))
    tally.moved += doc.moved
    tally.unaligned += doc.unaligned
    tally.gold += len(doc.toponyms)
    tally.found += len(found)
    for g in doc.toponyms:
        tally.gold_found += any(overlaps(g.start, g.end, f.start, f.end) for f in found)
    for f in found:
        hit = any(overlaps(g.start, g.end, f.start, f.end) for g in doc.toponyms)
        tally.found_correct += hit
        if not hit and cases:
            neg = next((g for g in doc.negatives if overlaps(g.start, g.end, f.start, f.end)), None)
            gold = f"[annotated {neg.type}]" if neg is not None else "[not a gold toponym]"
            tally.cases.append(Case("false positive", f.surface, f.label, gold, None))
    for g in doc.geo:
        assert g.lat is not None
        assert g.lon is not None
        tally.geo += 1
        f = _best_overlap(g, found)
        gold_label = g.name or g.surface
        if f is None:
            tally.errors.append(MAX_KM)
            if cases:
                tally.cases.append(Case("missed", g.surface, "-", gold_label, None))
            continue
        tally.geo_detected += 1
        km = error_km(g.lat, g.lon, f)
        tally.errors.append(km)
        if f.resolved:
            tally.detected_errors.append(km)
        tally.geo_correct += km <= ACC_KM
        if cases:
            what = "correct" if km <= ACC_KM else "wrong" if f.resolved else "unresolved"
            shown = f.surface if f.surface == g.surface else f"{g.surface} [found: {f.surface}]"
            tally.cases.append(Case(what, shown, f.label, gold_label, km if f.resolved else None))


def _ratio(a: float, b: float) -> float:
    return a / b if b else math.nan


def metrics(t: Tally) -> dict[str, Any]:
    """The figures of a tally, as a JSON-ready dict."""
    p = _ratio(t.found_correct, t.found)
    r = _ratio(t.gold_found, t.gold)
    f1 = 2 * p * r / (p + r) if p + r > 0 else math.nan
    return {
        "documents": t.docs,
        "characters": t.chars,
        "bytes": t.bytes,
        "gold_toponyms": t.gold,
        "gold_with_coordinates": t.geo,
        "found": t.found,
        "precision": p,
        "recall": r,
        "f1": f1,
        "acc161": _ratio(t.geo_correct, t.geo),
        "acc161_detected": _ratio(t.geo_correct, t.geo_detected),
        "geo_detected": t.geo_detected,
        "mean_error_km_detected": statistics.fmean(t.detected_errors)
        if t.detected_errors
        else math.nan,
        "median_error_km_detected": statistics.median(t.detected_errors)
        if t.detected_errors
        else math.nan,
        "auc": auc(t.errors) if t.errors else math.nan,
        "seconds": t.seconds,
        "mb_per_s": t.bytes / 1e6 / t.seconds if t.seconds > 0 else math.nan,
        "gold_spans_moved": t.moved,
        "gold_spans_unaligned": t.unaligned,
    }


# -- running ------------------------------------------------------------------------------------
FindFn = Callable[[str], list[Found]]


def incidentmap_finder(
    cache_dir: Path | None, *, adjectives: bool = False, points_only: bool = False
) -> tuple[FindFn, float]:
    """``find_toponyms`` with the bundled gazetteer, as a text → Found list function.

    ``adjectives=True`` counts demonyms and adjectival country names as toponyms, as these
    corpora annotate them ("Russian officials" names Russia); incidentmap's own convention
    (and the seed gold's) does not.
    """
    from incidentmap.api import default_cache_dir
    from incidentmap.extract._toponyms import find_toponyms
    from incidentmap.gazetteer import Gazetteer

    t0 = time.perf_counter()
    gaz = Gazetteer.load(cache_dir=cache_dir if cache_dir is not None else default_cache_dir())
    load_s = time.perf_counter() - t0

    def find(text: str) -> list[Found]:
        out = []
        for t in find_toponyms(text, gaz, adjectives=adjectives):
            p = t.place
            if p is None:
                out.append(Found(t.start, t.end, t.surface))
            else:
                out.append(
                    Found(
                        t.start,
                        t.end,
                        t.surface,
                        p.lat,
                        p.lon,
                        None if points_only else p.geometry,
                        p.name,
                        p.country,
                        p.kind,
                    )
                )
        return out

    return find, load_s


def run_system(
    docs: Sequence[Doc], find: FindFn, *, cases: bool = False, progress: bool = False
) -> Tally:
    """Run ``find`` on every document (timed) and score it."""
    tally = Tally()
    for n, doc in enumerate(docs):
        t0 = time.perf_counter()
        found = find(doc.text)
        tally.seconds += time.perf_counter() - t0
        score_doc(doc, found, tally, cases=cases)
        if progress and (n + 1) % 50 == 0:
            print(f"  ... {n + 1}/{len(docs)} documents", file=sys.stderr)
    return tally


def score_fixed(docs: Sequence[Doc], answers: Sequence[Sequence[Found]]) -> Tally:
    """Score precomputed answers (a baseline's output file); no timing."""
    tally = Tally(seconds=math.nan)
    for doc, found in zip(docs, answers, strict=True):
        score_doc(doc, found, tally, cases=True)
    return tally


# -- printing -----------------------------------------------------------------------------------
def _fmt(value: Any, spec: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return format(value, spec)


COLUMNS = (
    ("system", "", 52),
    ("docs", "d", 5),
    ("gold", "d", 5),
    ("gold w/ coords", "d", 14),
    ("found", "d", 6),
    ("P", ".3f", 5),
    ("R", ".3f", 5),
    ("F1", ".3f", 5),
    ("acc@161 e2e", ".3f", 11),
    ("acc@161 detected", ".3f", 16),
    ("mean km (det.)", ",.0f", 14),
    ("AUC", ".3f", 5),
    ("s", ".1f", 6),
    ("MB/s", ".2f", 6),
)
_KEYS = (None, "documents", "gold_toponyms", "gold_with_coordinates", "found", "precision",
         "recall", "f1", "acc161", "acc161_detected", "mean_error_km_detected", "auc",
         "seconds", "mb_per_s")  # fmt: skip


def table(rows: Sequence[tuple[str, dict[str, Any]]]) -> str:
    """A markdown table of metric rows (a row's dict may hold strings for reference rows)."""
    head = "| " + " | ".join(f"{name:{w}}" for name, _, w in COLUMNS) + " |"
    rule = "|" + "|".join(("-" * (w + 2)) if i == 0 else ("-" * (w + 1) + ":")
                          for i, (_, _, w) in enumerate(COLUMNS)) + "|"  # fmt: skip
    lines = [head, rule]
    for label, m in rows:
        cells = [f"{label:{COLUMNS[0][2]}}"]
        for (_, spec, w), key in zip(COLUMNS[1:], _KEYS[1:], strict=True):
            v = m.get(key)
            cells.append(f"{v if isinstance(v, str) else _fmt(v, spec):>{w}}")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def error_table(cases: Iterable[Case], n: int, kinds: frozenset[str]) -> str:
    """The ``n`` most frequent (surface, ours, gold) cases of the given kinds, with their km."""
    groups: dict[tuple[str, str, str, str], list[float | None]] = defaultdict(list)
    for c in cases:
        if c.what in kinds:
            groups[(c.what, c.surface, c.ours, c.gold)].append(c.km)
    top = sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:n]
    lines = [
        "| # | count | what | surface | ours (country, kind) | gold | median km |",
        "|--:|------:|------|---------|----------------------|------|----------:|",
    ]
    for i, ((what, surface, ours, gold), kms) in enumerate(top, 1):
        known = [k for k in kms if k is not None]
        km = f"{statistics.median(known):,.0f}" if known else "–"
        lines.append(f"| {i} | {len(kms)} | {what} | {surface} | {ours} | {gold} | {km} |")
    return "\n".join(lines)


def _clean(obj: Any) -> Any:
    if isinstance(obj, float) and math.isnan(obj):
        return None
    if isinstance(obj, dict):
        return {k: _clean(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_clean(v) for v in obj]
    return obj


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the geoparse folder")
    parser.add_argument("--corpus", nargs="+", choices=sorted(CORPORA), default=["gwn", "lgl",
                        "trnews"], help="corpora to run (default: all three)")  # fmt: skip
    parser.add_argument("--limit", type=int, default=0, help="first N documents per corpus")
    parser.add_argument("--errors", type=int, default=0, metavar="N",
                        help="print the N most frequent error cases per corpus")  # fmt: skip
    parser.add_argument("--json", type=Path, metavar="OUT", help="write all figures as JSON")
    parser.add_argument("--cache-dir", type=Path, help="gazetteer index cache (default: "
                        "incidentmap.api.default_cache_dir())")  # fmt: skip
    parser.add_argument(
        "--points-only",
        action="store_true",
        help="score every found place by its point, also countries and rivers "
        "(the paper's way; by default lines and areas count by distance)",
    )
    parser.add_argument("--baseline-only", action="store_true",
                        help="score the baselines only (no incidentmap run)")  # fmt: skip
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        parser.error(f"no geoparse data at {args.data} (pass --data DIR)")

    find: FindFn | None = None
    find_adj: FindFn | None = None
    load_s = math.nan
    if not args.baseline_only:
        try:
            find, load_s = incidentmap_finder(args.cache_dir)
            find_adj, _ = incidentmap_finder(
                args.cache_dir, adjectives=True, points_only=args.points_only
            )
            if args.points_only:
                find, _ = incidentmap_finder(args.cache_dir, points_only=True)
        except ImportError as exc:
            print(f"incidentmap's toponym finder is not importable ({exc}); "
                  "scoring the baselines only", file=sys.stderr)  # fmt: skip
    results: dict[str, Any] = {
        "data": str(args.data),
        "acc_km": ACC_KM,
        "gazetteer_load_s": load_s,
        "gwn_gold_types": sorted(GWN_TOPONYM_TYPES),
        "gwn_negative_types": sorted(GWN_NEGATIVE_TYPES),
        "corpora": {},
    }
    if find is not None:
        print(f"gazetteer loaded in {load_s:.2f} s (not counted below); one core\n")

    for key in args.corpus:
        docs = load_corpus(key, args.data)
        if args.limit:
            docs = docs[: args.limit]
        rows: list[tuple[str, dict[str, Any]]] = []
        entry: dict[str, Any] = {}
        tallies: dict[str, Tally] = {}
        if find is not None:
            find(docs[0].text)  # warm-up: first-call caches
            t = run_system(docs, find, cases=True, progress=True)
            tallies["incidentmap"] = t
            entry["incidentmap"] = metrics(t)
            rows.append(("incidentmap find_toponyms", entry["incidentmap"]))
        if find_adj is not None:
            t = run_system(docs, find_adj, cases=True)
            tallies["incidentmap_adjectives"] = t
            entry["incidentmap_adjectives"] = metrics(t)
            rows.append(
                (
                    "incidentmap, adjectives counted (corpus convention)",
                    entry["incidentmap_adjectives"],
                )
            )
        edin = args.data / "GeoWebNews/baseline_outputs/gwn_edin.txt"
        if key == "gwn" and edin.is_file():
            t = score_fixed(docs, load_edinburgh(edin, docs))
            tallies["edinburgh"] = t
            entry["edinburgh"] = metrics(t)
            rows.append(("Edinburgh Geoparser (gwn_edin.txt, scored here)", entry["edinburgh"]))
        if not tallies:  # no system ran: show the gold counts
            t = score_fixed(docs, [[] for _ in docs])
            tallies["gold"] = t
            rows.append(("(no system run: gold counts only)", metrics(t)))
        if key == "gwn":
            entry["published"] = dict(PUBLISHED_GWN)
            rows.extend((label, {"acc161": value}) for label, value in PUBLISHED_GWN)
        results["corpora"][key] = entry

        first = next(iter(tallies.values()), None)
        print(f"## {CORPORA[key]} ({len(docs)} documents)\n")
        print(table(rows))
        if first is not None:
            notes = [f"gold spans moved onto their surface string: {first.moved}"]
            if first.unaligned:
                notes.append(f"not found near their offsets (kept): {first.unaligned}")
            if key == "gwn":
                notes.append("detection gold: " + ", ".join(sorted(GWN_TOPONYM_TYPES)))
                notes.append("geocoding gold: gwn_full.txt (the paper's 2,401 toponyms)")
            print("\n" + "; ".join(notes) + ".")
        if args.errors and "incidentmap" in tallies:
            cases = tallies["incidentmap"].cases
            counts = Counter(c.what for c in cases)
            print(f"\n### {CORPORA[key]}: {args.errors} most frequent geocoding errors "
                  f"(wrong {counts['wrong']}, missed {counts['missed']}, "
                  f"unresolved {counts['unresolved']})\n")  # fmt: skip
            print(error_table(cases, args.errors, frozenset({"wrong", "missed", "unresolved"})))
            print(f"\n### {CORPORA[key]}: {args.errors} most frequent false positives "
                  f"({counts['false positive']})\n")  # fmt: skip
            print(error_table(cases, args.errors, frozenset({"false positive"})))
            entry["incidentmap_errors"] = [asdict(c) for c in cases if c.what != "correct"]
        print()

    if args.json:
        args.json.write_text(json.dumps(_clean(results), indent=2), encoding="utf-8")
        print(f"figures written to {args.json}")


if __name__ == "__main__":
    main()
