"""Seconds to write the UCDP GED Syria events to each format, against GDAL's own writers.

Run: ``python benchmarks/bench_write.py [--file PATH] [--repeat N]``

The 16,566 events are read once with incidentmap's UCDP reader, then written to GeoJSON, CSV,
GeoPackage and KML by incidentmap (every claim kept, readable back equal except KML) and, for a
reference, by geopandas/pyogrio (GDAL) from the same flat table (``to_geodataframe``), which
writes the columns but no sidecar tables, no styles and no descriptions. Best of ``--repeat``.
Target: each incidentmap write ≤ 2 s.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from incidentmap.export._csv import write_csv
from incidentmap.export._geojson import write_geojson
from incidentmap.export._gpkg import to_geodataframe, write_gpkg
from incidentmap.export._kml import write_kml
from incidentmap.model import IncidentSet
from incidentmap.sources._ucdp import read_ucdp_ged

DEFAULT_FILE = (
    Path(__file__).resolve().parents[2]
    / "shared/data/events/ucdp_ged_syria_2016_2019/ged_syria_2016-01-01_2019-11-30.csv"
)


def _best(write: Callable[[Path], object], path: Path, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        path.unlink(missing_ok=True)
        t = time.perf_counter()
        write(path)
        best = min(best, time.perf_counter() - t)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--file", type=Path, default=DEFAULT_FILE)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    t = time.perf_counter()
    incidents: IncidentSet = read_ucdp_ged(args.file)
    read_s = time.perf_counter() - t
    gdf = to_geodataframe(incidents)
    out = Path(tempfile.mkdtemp(prefix="bench-write-"))

    ours: dict[str, Callable[[Path], object]] = {
        "GeoJSON": lambda p: write_geojson(incidents, p),
        "CSV": lambda p: write_csv(incidents, p),
        "GeoPackage": lambda p: write_gpkg(incidents, p),
        "KML": lambda p: write_kml(incidents, p),
    }
    gdal: dict[str, Callable[[Path], object]] = {
        "GeoJSON": lambda p: gdf.to_file(p, driver="GeoJSON", engine="pyogrio"),
        "CSV": lambda p: gdf.to_csv(p, index=False),
        "GeoPackage": lambda p: gdf.to_file(p, driver="GPKG", engine="pyogrio"),
        "KML": lambda p: gdf.to_file(p, driver="KML", engine="pyogrio"),
    }
    suffix = {"GeoJSON": ".geojson", "CSV": ".csv", "GeoPackage": ".gpkg", "KML": ".kml"}

    print(f"\n{len(incidents):,} UCDP GED events (read in {read_s:.2f} s), best of {args.repeat}\n")
    print(f"| {'format':10} | {'incidentmap s':>13} | {'MB':>6} | {'GDAL s':>7} | {'MB':>6} | "
          f"{'GDAL / ours':>11} |")  # fmt: skip
    print(f"|{'-' * 12}|{'-' * 15}|{'-' * 8}|{'-' * 9}|{'-' * 8}|{'-' * 13}|")
    for name in ours:
        ours_path = out / f"ours{suffix[name]}"
        gdal_path = out / f"gdal{suffix[name]}"
        ours_s = _best(ours[name], ours_path, args.repeat)
        gdal_s = _best(gdal[name], gdal_path, args.repeat)
        print(
            f"| {name:10} | {ours_s:13.2f} | {ours_path.stat().st_size / 1e6:6.1f} | "
            f"{gdal_s:7.2f} | {gdal_path.stat().st_size / 1e6:6.1f} | {gdal_s / ours_s:10.1f}x |"
        )
    print(f"\ntarget: each incidentmap write <= 2 s; files in {out}")


if __name__ == "__main__":
    main()
