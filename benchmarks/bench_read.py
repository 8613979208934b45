"""Rows per second: incidentmap's UCDP GED reader against a plain per-row reader, same run.

Run: ``python benchmarks/bench_read.py [--file PATH] [--repeat N]``

The file is the UCDP GED Syria release in ``../shared/data/events/`` (16,566 events). The
baseline builds the same model objects (Place, CasualtyClaim, Source, Incident) the way one
would write it first: :class:`csv.DictReader`, :func:`datetime.datetime.strptime` for every
date, a regular expression per citation and a new dict per row. Both are timed on the same file
in the same process, best of ``--repeat`` runs, after one warm-up read each (which loads the
country table both use). The target is well under 2 s for the whole file.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import re
import time
from collections.abc import Callable
from pathlib import Path

from incidentmap.model import CasualtyClaim, Incident, IncidentSet, Place, Source
from incidentmap.sources._csvtable import country_iso2
from incidentmap.sources._ucdp import read_ucdp_ged

DEFAULT_FILE = (
    Path(__file__).resolve().parents[2]
    / "shared/data/events/ucdp_ged_syria_2016_2019/ged_syria_2016-01-01_2019-11-30.csv"
)
_RADIUS = {"1": None, "2": 25e3, "3": 35e3, "4": 75e3, "5": 150e3, "6": 250e3, "7": 250e3}
_CITATION = re.compile(r'"([^",;]+),(\d{4}-\d{2}-\d{2}),(.*?)"(?:;|$)', re.S)


def naive_read(path: Path) -> IncidentSet:
    """A straightforward per-row reader building the same kinds of objects."""
    incidents = []
    sources: dict[str, Source] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            lat, lon = float(row["latitude"]), float(row["longitude"])
            prec = row["where_prec"]
            name = ", ".join(
                dict.fromkeys(
                    v for v in (row["where_coordinates"], row["adm_2"], row["adm_1"]) if v
                )
            )
            place = Place(
                id=f"ucdp:{row['id']}",
                name=name,
                lat=lat,
                lon=lon,
                kind="point",
                country=country_iso2(row["country"]),
                admin1=row["adm_1"],
                source="UCDP GED",
                uncertainty_m=_RADIUS[prec],
            )
            low, best, high = int(row["low"]), int(row["best"]), int(row["high"])
            claim = CasualtyClaim(
                "killed",
                count=min(low, best, high),
                count_max=max(low, best, high)
                if min(low, best, high) < max(low, best, high)
                else None,
                claimed_by="UCDP GED",
                text=f"best estimate {best} (low {low}, high {high})",
            )
            cited = []
            for outlet, date, title in _CITATION.findall(row["source_article"]):
                sid = f"{outlet}|{date}|{title}"
                if sid not in sources:
                    published = dt.datetime.strptime(date, "%Y-%m-%d").date()
                    sources[sid] = Source(sid, outlet=outlet, title=title, published=published)
                cited.append(sid)
            start = dt.datetime.strptime(row["date_start"], "%Y-%m-%d").date()
            end = dt.datetime.strptime(row["date_end"], "%Y-%m-%d").date()
            incidents.append(
                Incident(
                    id=f"ucdp-{row['id']}",
                    place=place,
                    place_name=name,
                    date=start,
                    attacker=row["side_a"],
                    target=row["side_b"],
                    precision="exact" if prec == "1" else "near" if prec == "2" else "region",
                    uncertainty_m=_RADIUS[prec],
                    casualties=(claim,),
                    sources=tuple(dict.fromkeys(cited)),
                    notes=f"date: between {start} and {end} (date_prec {row['date_prec']})",
                )
            )
    return IncidentSet(tuple(incidents), sources)


def _best_of(read: Callable[[Path], IncidentSet], path: Path, repeat: int) -> tuple[float, int]:
    n = len(read(path))  # warm-up
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        read(path)
        times.append(time.perf_counter() - t0)
    return min(times), n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, default=DEFAULT_FILE)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    ours_s, ours_n = _best_of(read_ucdp_ged, args.file, args.repeat)
    base_s, base_n = _best_of(naive_read, args.file, args.repeat)
    print(f"file: {args.file.name} ({args.file.stat().st_size:,} bytes), best of {args.repeat}")
    print(f"{'reader':<38} {'rows':>7} {'seconds':>8} {'rows/s':>9} {'ratio':>6}")
    for label, seconds, n in (
        ("incidentmap read_ucdp_ged", ours_s, ours_n),
        ("baseline: csv.DictReader per row", base_s, base_n),
    ):
        print(f"{label:<38} {n:>7,} {seconds:>8.3f} {n / seconds:>9,.0f} {base_s / seconds:>5.2f}x")
    print(f"target: <= 2 s for the file: {'met' if ours_s <= 2 else 'NOT met'} ({ours_s:.3f} s)")


if __name__ == "__main__":
    main()
