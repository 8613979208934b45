"""Rows per second: incidentmap's ACLED and UCDP GED readers against plain per-row readers.

Run: ``python benchmarks/bench_read.py [--acled PATH] [--ged PATH] [--repeat N]``

Files: the UCDP GED Syria release in ``../shared/data/events/`` (16,566 events) and a synthetic
ACLED export of 100,000 events (``--acled``; by default made for the run by
``benchmarks/make_acled.py`` with its defaults, in a temporary folder).

Each reader is set against a baseline that builds the same model objects (Place, CasualtyClaim,
Source, Incident) the way one would write it first: :class:`csv.DictReader`, a new dict per
row, :func:`datetime.datetime.strptime` for every date, a regular expression per citation,
every value converted again in every row. Both are timed on the same file in the same process,
best of ``--repeat`` runs (CPU time of this process, so that other work on the machine weighs
less), after one warm-up read each (which loads the country table all of them use). The ratio
is the baseline's time over the reader's.

Targets: ``read_ucdp_ged`` of the GED file <= 0.35 s, ``read_acled`` of 100,000 rows <= 1.2 s.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import re
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import make_acled
from incidentmap.model import CasualtyClaim, Incident, IncidentSet, Place, Source
from incidentmap.sources._acled import read_acled
from incidentmap.sources._csvtable import country_iso2
from incidentmap.sources._ucdp import read_ucdp_ged

DEFAULT_GED = (
    Path(__file__).resolve().parents[2]
    / "shared/data/events/ucdp_ged_syria_2016_2019/ged_syria_2016-01-01_2019-11-30.csv"
)
TARGET_S = {"UCDP GED": 0.35, "ACLED": 1.2}
_RADIUS = {"1": None, "2": 25e3, "3": 35e3, "4": 75e3, "5": 150e3, "6": 250e3, "7": 250e3}
_ACLED_RADIUS = {"1": None, "2": 25e3, "3": 75e3}
_CITATION = re.compile(r'"([^",;]+),(\d{4}-\d{2}-\d{2}),(.*?)"(?:;|$)', re.S)


def naive_ucdp(path: Path) -> IncidentSet:
    """A straightforward per-row UCDP GED reader building the same kinds of objects."""
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
            least, most = min(low, best, high), max(low, best, high)
            claim = CasualtyClaim(
                "killed",
                count=least,
                count_max=most if least < most else None,
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


def naive_acled(path: Path) -> IncidentSet:
    """A straightforward per-row ACLED reader building the same kinds of objects."""
    incidents = []
    sources: dict[str, Source] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            geo = row["geo_precision"]
            name = ", ".join(
                dict.fromkeys(v for v in (row["location"], row["admin2"], row["admin1"]) if v)
            )
            place = Place(
                id=f"acled:{row['event_id_cnty']}",
                name=name,
                lat=float(row["latitude"]),
                lon=float(row["longitude"]),
                kind="point",
                country=country_iso2(row["country"]),
                admin1=row["admin1"],
                source="ACLED",
                uncertainty_m=_ACLED_RADIUS[geo],
            )
            fatalities = int(row["fatalities"])
            claim = CasualtyClaim(
                "killed",
                count=fatalities,
                claimed_by="ACLED (reported fatalities)",
                text=f"reported fatalities: {fatalities}",
            )
            cited = []
            for outlet in row["source"].split(";"):
                if outlet.strip():
                    sources.setdefault(outlet.strip(), Source(outlet.strip(), outlet=outlet))
                    cited.append(outlet.strip())
            actors = (
                f"ACLED actors: actor1 {row['actor1']} ({row['inter1']}), actor2 "
                f"{row['actor2'] or '(none)'} ({row['inter2']})"
            )
            incidents.append(
                Incident(
                    id=f"acled-{row['event_id_cnty']}",
                    place=place,
                    place_name=name,
                    date=dt.datetime.strptime(row["event_date"], "%Y-%m-%d").date(),
                    type=f"{row['event_type']}: {row['sub_event_type']}",
                    attacker=row["actor1"],
                    target=row["actor2"],
                    precision="exact" if geo == "1" else "near" if geo == "2" else "region",
                    uncertainty_m=_ACLED_RADIUS[geo],
                    casualties=(claim,),
                    sources=tuple(dict.fromkeys(cited)),
                    notes=f"{row['notes']}\nlocation: geo_precision {geo}\n{actors}",
                )
            )
    return IncidentSet(tuple(incidents), sources)


def _best_of(read: Callable[[Path], IncidentSet], path: Path, repeat: int) -> tuple[float, int]:
    n = len(read(path))  # warm-up
    times = []
    for _ in range(repeat):
        t0 = time.process_time()
        read(path)
        times.append(time.process_time() - t0)
    return min(times), n


def _report(label: str, path: Path, ours: Callable[[Path], IncidentSet], repeat: int) -> None:
    naive = naive_acled if label == "ACLED" else naive_ucdp
    ours_s, ours_n = _best_of(ours, path, repeat)
    base_s, base_n = _best_of(naive, path, repeat)
    print(f"\n{label}: {path.name} ({path.stat().st_size:,} bytes), best of {repeat}, CPU seconds")
    print(f"{'reader':<40} {'rows':>8} {'seconds':>8} {'rows/s':>9} {'ratio':>6}")
    for name, seconds, n in (
        (f"incidentmap {ours.__name__}", ours_s, ours_n),
        ("baseline: csv.DictReader per row", base_s, base_n),
    ):
        print(f"{name:<40} {n:>8,} {seconds:>8.3f} {n / seconds:>9,.0f} {base_s / seconds:>5.2f}x")
    target = TARGET_S[label]
    verdict = "met" if ours_s <= target else "NOT met"
    print(f"target: <= {target} s for the file: {verdict} ({ours_s:.3f} s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--acled", type=Path, help="an ACLED export (default: made for the run)")
    parser.add_argument("--ged", type=Path, default=DEFAULT_GED, help="a UCDP GED export")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    _report("UCDP GED", args.ged, read_ucdp_ged, args.repeat)
    with tempfile.TemporaryDirectory() as tmp:
        acled = args.acled
        if acled is None:
            acled = Path(tmp) / "acled-100000.csv"
            t0 = time.perf_counter()
            make_acled.main([str(acled)])
            print(f"\nmade {acled.name} in {time.perf_counter() - t0:.1f} s")
        _report("ACLED", acled, read_acled, args.repeat)


if __name__ == "__main__":
    main()
