"""Accuracy of extraction on the seed articles, scored against ../shared/eval/seeds-gold.jsonl.

    python3 benchmarks/eval_seeds.py [--gold GOLD.jsonl] [--seeds DIR] [--verbose]

Scoring follows the gold README: a found toponym matches a gold one when their character spans
overlap; detection precision/recall/F1 count non-country, non-metonymic toponyms outside
boilerplate (found names that overlap a country, a metonym or boilerplate count neither way);
a match is resolved right when its point lies within 5 km of the gold point (161 km for regions
and countries; rivers by distance to the river line). Incidents are counted after merging all
seeds; a proximity claim is right when a found claim overlaps the gold words and has the same
value, unit and qualifier.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import shapely
from shapely.ops import nearest_points

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from incidentmap.extract import Extraction, extract_files, merge  # noqa: E402
from incidentmap.gazetteer import Gazetteer  # noqa: E402
from incidentmap.geo import distance_m  # noqa: E402
from incidentmap.model import IncidentSet, Place  # noqa: E402

SHARED = HERE.parent.parent / "shared"
_WIDE = frozenset({"region", "country"})


@dataclass
class Scores:
    """Figures of one evaluation run."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    resolved: int = 0
    resolved_ok: int = 0
    incidents: int = 0
    proximity_gold: int = 0
    proximity_ok: int = 0
    merged_claims: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def within(self) -> float:
        return self.resolved_ok / self.resolved if self.resolved else 0.0


def _overlaps(a0: int, a1: int, b0: int, b1: int) -> bool:
    return a0 < b1 and b0 < a1


def error_km(place: Place, lat: float, lon: float) -> float:
    """Distance from the gold point to the found place (its line or area when it has one)."""
    geom = place.geometry
    if geom is not None and place.kind in ("river", "border", "region", "country", "bank"):
        gold = shapely.Point(lon, lat)
        if geom.covers(gold):
            return 0.0
        near = nearest_points(geom, gold)[0]
        return distance_m(near.x, near.y, lon, lat) / 1000.0
    return distance_m(place.lon, place.lat, lon, lat) / 1000.0


def score_toponyms(gold: dict[str, Any], ex: Extraction, scores: Scores) -> None:
    """Detection and resolution figures of one article, added to ``scores``."""
    counted = [
        g
        for g in gold["toponyms"]
        if g["kind"] != "country" and not g.get("metonymic") and not g.get("in_boilerplate")
    ]
    ignored = [g for g in gold["toponyms"] if g not in counted]
    found = [t for t in ex.toponyms if t.place is not None]
    for t in found:
        hits = [g for g in counted if _overlaps(t.start, t.end, g["start"], g["end"])]
        if hits:
            continue
        if t.kind == "country" or any(
            _overlaps(t.start, t.end, g["start"], g["end"]) for g in ignored
        ):
            continue
        scores.fp += 1
        scores.errors.append(f"{gold['id']}: found {t.surface!r} ({t.name}), not a gold toponym")
    for g in counted:
        hits = [t for t in found if _overlaps(t.start, t.end, g["start"], g["end"])]
        if not hits:
            scores.fn += 1
            scores.errors.append(f"{gold['id']}: missed {g['surface']!r} at {g['start']}")
            continue
        scores.tp += 1
        if g["lat"] is None:
            continue
        scores.resolved += 1
        t = hits[0]
        km = error_km(t.place, g["lat"], g["lon"])  # type: ignore[arg-type]
        limit = 161.0 if g["kind"] in _WIDE else 5.0
        if km <= limit:
            scores.resolved_ok += 1
        else:
            scores.errors.append(
                f"{gold['id']}: {g['surface']!r} resolved to {t.name} ({t.kind}), {km:.1f} km off"
            )


def score_proximity(gold: dict[str, Any], ex: Extraction, scores: Scores) -> None:
    """Proximity claims of one article with the right value, unit and qualifier."""
    found = [d for inc in ex.incidents for d in inc.proximity]
    for inc in gold["incidents"]:
        for p in inc["proximity"]:
            scores.proximity_gold += 1
            a, b = p["text_span"]
            ok = [
                d
                for d in found
                if d.start is not None
                and d.end is not None
                and _overlaps(d.start, d.end, a, b)
                and d.value == p["distance_value"]
                and d.unit == p["unit"]
                and d.qualifier == p["qualifier"]
            ]
            if ok:
                scores.proximity_ok += 1
            else:
                scores.errors.append(f"{gold['id']}: proximity {p['text']!r} not found right")


def evaluate(gold_path: Path, seeds_dir: Path, gazetteer: Gazetteer) -> tuple[Scores, IncidentSet]:
    """Run extraction on every gold seed and score it."""
    golds = [json.loads(line) for line in gold_path.read_text("utf-8").splitlines() if line]
    extractions = extract_files([seeds_dir / g["file"] for g in golds], gazetteer)
    scores = Scores()
    for g, ex in zip(golds, extractions, strict=True):
        score_toponyms(g, ex, scores)
        score_proximity(g, ex, scores)
    merged = merge(extractions)
    scores.incidents = len(merged.incidents)
    for inc in merged.incidents:
        claims = ", ".join(
            f"{c.figure} ({c.claimed_by or '?'}; {c.source_id})" for c in inc.casualties
        )
        scores.merged_claims.append(
            f"{inc.id}: {inc.place.name if inc.place else '?'}; {inc.date or 'no date'}; "
            f"{inc.attacker or '?'} -> {inc.target or '?'}; sources {', '.join(inc.sources)}; {claims}"
        )
    return scores, merged


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gold", type=Path, default=SHARED / "eval" / "seeds-gold.jsonl")
    parser.add_argument("--seeds", type=Path, default=SHARED / "seeds")
    parser.add_argument("--verbose", action="store_true", help="list every error and incident")
    args = parser.parse_args(argv)
    gaz = Gazetteer.shared()
    scores, _ = evaluate(args.gold, args.seeds, gaz)
    print("| figure | value | target |")
    print("|---|---:|---:|")
    print(f"| toponym detection precision | {scores.precision:.3f} | |")
    print(f"| toponym detection recall | {scores.recall:.3f} | |")
    print(f"| toponym detection F1 (non-country) | {scores.f1:.3f} | ≥ 0.95 |")
    print(
        f"| resolved within 5 km (161 km regions) | {scores.within:.3f} ({scores.resolved_ok}/{scores.resolved}) | ≥ 0.95 |"
    )
    print(f"| incidents after merging | {scores.incidents} | 4 |")
    print(f"| proximity claims right | {scores.proximity_ok}/{scores.proximity_gold} | 3/3 |")
    if args.verbose:
        print()
        for line in scores.merged_claims:
            print("incident", line)
        for line in scores.errors:
            print("error", line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
