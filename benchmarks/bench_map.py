"""Benchmark: maps of real datasets, incidentmap against folium's ways, measured in one run.

    python benchmarks/bench_map.py [--ucdp CSV] [--acled CSV | --n 100000] [--no-browser]

Datasets: the UCDP GED export of Syria 2016-2019 (16,566 events, ``../shared``) and an
ACLED-layout CSV of 100,000 synthetic events (``benchmarks/make_acled.py`` writes one when
``--acled`` is not given). Every map is built in a fresh Python process (its peak RSS is that
process's), from the same incidents read by ``incidentmap.read``, with the same popup fields
(date, type, attacker → target, deaths, place, notes):

- **incidentmap**: ``map_scene`` + ``build_map`` + ``render_html`` (context layers included);
- **folium GeoJson**: one ``folium.GeoJson`` of points with a ``GeoJsonPopup``;
- **folium MarkerCluster**: one ``folium.Marker`` with a ``folium.Popup`` per event in a
  ``MarkerCluster`` (the usual folium answer to many points);
- **folium FastMarkerCluster**: the data as one array and a JS callback that makes each marker.

Each page is then opened in a fresh headless Chromium (Debian's /usr/bin/chromium) with every
request but the file answered locally (folium's CDN Leaflet, jQuery and Leaflet.markercluster
from npm) or aborted: **ready** is navigation until the map has drawn and two frames painted;
**zoom** is one zoom step until two frames painted; **brush** (incidentmap only) is selecting a
range of a quarter of the time line until two frames painted, both timed in the page. The last
row runs ``incidentmap map`` on the ACLED file as a new user would: the whole process.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
UCDP = (
    REPO.parent / "shared/data/events/ucdp_ged_syria_2016_2019/ged_syria_2016-01-01_2019-11-30.csv"
)
TOOLS = ("incidentmap", "folium GeoJson", "folium MarkerCluster", "folium FastMarkerCluster")
GOALS = {
    "ucdp": "build <= 2 s, <= 5 MB, ready <= 1 s",
    "acled": "build <= 3 s, <= 25 MB, <= 600 MB RSS; ready <= 2 s, zoom and brush <= 150 ms",
}


# -- building, one tool per child process -------------------------------------------------------
def _popup_text(inc: Any) -> str:
    deaths = max((c.estimate or 0 for c in inc.casualties if c.outcome == "killed"), default=0)
    place = inc.place_name or (inc.place.name if inc.place else "")
    return (f"{inc.date} · {inc.type} · {inc.attacker} → {inc.target} · {deaths} killed · "
            f"{place}. {inc.notes}")  # fmt: skip


def build(tool: str, source: Path, out: Path) -> dict[str, float]:
    import incidentmap

    data = incidentmap.read(source)
    t = time.perf_counter()
    if tool == "incidentmap":
        from incidentmap.export import render_html

        html = render_html(incidentmap.map(data))  # context layers included
    else:
        html = _build_folium(tool, data)
    out.write_text(html, encoding="utf-8")
    seconds = time.perf_counter() - t
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"build_s": seconds, "mb": out.stat().st_size / 1e6, "rss_mb": rss, "n": len(data)}


def _build_folium(tool: str, data: Any) -> str:
    import folium
    from folium.plugins import FastMarkerCluster, MarkerCluster

    m = folium.Map(location=[35, 38.5], zoom_start=7)
    points = [inc for inc in data if inc.place is not None]
    if tool == "folium GeoJson":
        features = [
            {"type": "Feature", "geometry": {"type": "Point", "coordinates": [i.place.lon, i.place.lat]},
             "properties": {"id": i.id, "text": _popup_text(i)}}
            for i in points
        ]  # fmt: skip
        folium.GeoJson(
            {"type": "FeatureCollection", "features": features},
            popup=folium.GeoJsonPopup(fields=["id", "text"]),
        ).add_to(m)
    elif tool == "folium MarkerCluster":
        cluster = MarkerCluster().add_to(m)
        for i in points:
            folium.Marker([i.place.lat, i.place.lon], popup=folium.Popup(_popup_text(i))).add_to(
                cluster
            )
    else:
        callback = (
            "function (row) { var m = L.marker(new L.LatLng(row[0], row[1]));"
            " m.bindPopup(row[2]); return m; }"
        )
        FastMarkerCluster([[i.place.lat, i.place.lon, _popup_text(i)] for i in points],
                          callback=callback).add_to(m)  # fmt: skip
    return m.get_root().render()


def run_child(tool: str, source: Path, out: Path) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", tool, str(source), str(out)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    return json.loads(done.stdout.strip().splitlines()[-1])


def run_cli(source: Path, out: Path) -> dict[str, float]:
    """The whole ``incidentmap map`` process, as a new user runs it; its peak RSS."""
    code = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        f"subprocess.run(['incidentmap', 'map', {str(source)!r}, '-o', {str(out)!r}], check=True,"
        " capture_output=True)\n"
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)\n"
    )
    seconds, rss = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                                  text=True).stdout.split()  # fmt: skip
    return {"build_s": float(seconds), "mb": out.stat().st_size / 1e6, "rss_mb": float(rss)}


# -- the browser ------------------------------------------------------------------------------------
def _npm_file(package: str, member: str) -> str:
    """A file of an npm package (folium's CDN assets), fetched once into the temp folder."""
    cache = (
        Path(tempfile.gettempdir())
        / f"incidentmap-bench-{package.replace('@', '-')}-{Path(member).name}"
    )
    if not cache.is_file():
        work = Path(tempfile.mkdtemp(prefix="npm-"))
        subprocess.run(
            ["npm", "pack", package, "--silent"], cwd=work, check=True, capture_output=True
        )
        with tarfile.open(next(work.glob("*.tgz"))) as tar:
            data = tar.extractfile(f"package/{member}")
            assert data is not None
            cache.write_bytes(data.read())
    return cache.read_text(encoding="utf-8")


def _local_assets() -> dict[str, tuple[str, str]]:
    from incidentmap.export._assets import LEAFLET_CSS, LEAFLET_JS, asset_text

    return {
        "leaflet.js": ("javascript", asset_text(LEAFLET_JS)),
        "leaflet.css": ("css", asset_text(LEAFLET_CSS)),
        "jquery-3.7.1.min.js": ("javascript", _npm_file("jquery@3.7.1", "dist/jquery.min.js")),
        "leaflet.markercluster.js": ("javascript", _npm_file("leaflet.markercluster@1.1.0", "dist/leaflet.markercluster.js")),
        "MarkerCluster.css": ("css", _npm_file("leaflet.markercluster@1.1.0", "dist/MarkerCluster.css")),
        "MarkerCluster.Default.css": ("css", _npm_file("leaflet.markercluster@1.1.0", "dist/MarkerCluster.Default.css")),
    }  # fmt: skip


READY = {
    "incidentmap": "window.IncidentMap && Object.keys(IncidentMap.maps).length === 1",
    "folium GeoJson": "document.querySelectorAll('.leaflet-marker-icon').length > 0",
    "folium MarkerCluster": "document.querySelectorAll('.marker-cluster').length > 0",
    "folium FastMarkerCluster": "document.querySelectorAll('.marker-cluster').length > 0",
}
FRAMES = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
ZOOM = """async () => {
  const map = window.IncidentMap && Object.keys(IncidentMap.maps).length
    ? Object.values(IncidentMap.maps)[0].view.map
    : Object.values(window).find(v => v instanceof L.Map);
  const t = performance.now();
  map.setZoom(map.getZoom() + 1, {animate: false});
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  return performance.now() - t;
}"""
BRUSH = """async () => {
  const api = Object.values(IncidentMap.maps)[0], b = api.view.bins;
  const span = b.starts[b.n] - b.starts[0];
  const t = performance.now();
  api.view.f.from = b.starts[0] + Math.round(span * 0.4);
  api.view.f.to = b.starts[0] + Math.round(span * 0.65);
  api.refresh();
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  return performance.now() - t;
}"""


def browse(
    browser: Any, tool: str, page_path: Path, assets: dict[str, tuple[str, str]], timeout_s: float
) -> dict[str, float]:
    """Ready, zoom and brush times of one page; ready is ``inf`` when it did not draw in time."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()

    def route(r: Any) -> None:
        url = r.request.url
        if url.startswith("file://"):
            r.continue_()
            return
        for name, (kind, body) in assets.items():
            if url.endswith("/" + name):
                r.fulfill(status=200, content_type=f"text/{kind}", body=body)
                return
        r.abort()

    page.route("**/*", route)
    t = time.perf_counter()
    try:
        page.goto(page_path.as_uri(), wait_until="load", timeout=timeout_s * 1000)
        page.wait_for_function(READY[tool], timeout=timeout_s * 1000)
    except PlaywrightTimeout:
        context.close()
        return {"ready_s": float("inf")}
    page.evaluate(FRAMES)
    out = {"ready_s": time.perf_counter() - t}
    zooms = [page.evaluate(ZOOM) for _ in range(3)]
    out["zoom_ms"] = sorted(zooms)[1]
    if tool == "incidentmap":
        page.evaluate("Object.values(IncidentMap.maps)[0].view.map.setZoom(7, {animate: false})")
        brushes = [page.evaluate(BRUSH) for _ in range(3)]
        out["brush_ms"] = sorted(brushes)[1]
    context.close()
    return out


# -- the table ---------------------------------------------------------------------------------------
def _fmt(value: float | None, spec: str) -> str:
    if value is None:
        return "-"
    return "not drawn in time" if value == float("inf") else format(value, spec)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ucdp", type=Path, default=UCDP, help="UCDP GED CSV")
    ap.add_argument("--acled", type=Path, help="ACLED-layout CSV [default: make one]")
    ap.add_argument("--n", type=int, default=100_000, help="events of the ACLED CSV made")
    ap.add_argument("--no-browser", action="store_true", help="measure building only")
    ap.add_argument("--skip", nargs="*", default=[], help="tools to leave out")
    ap.add_argument("--timeout", type=float, default=180, help="seconds a page may take to draw")
    ap.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        tool, source, out = args.child
        print(json.dumps(build(tool, Path(source), Path(out))))
        return

    tmp = Path(tempfile.mkdtemp(prefix="bench-map-"))
    acled = args.acled
    if acled is None:
        acled = tmp / "acled.csv"
        subprocess.run([sys.executable, str(REPO / "benchmarks/make_acled.py"), str(acled),
                        "--n", str(args.n)], check=True)  # fmt: skip
    rows: list[tuple[str, str, dict[str, float]]] = []
    pages: list[tuple[str, str, Path]] = []
    for label, source in (("ucdp", args.ucdp), ("acled", acled)):
        for tool in TOOLS:
            if tool in args.skip:
                continue
            out = tmp / f"{label}-{tool.replace(' ', '-')}.html"
            print(f"building {label} with {tool} ...", file=sys.stderr)
            rows.append((label, tool, run_child(tool, source, out)))
            pages.append((label, tool, out))
    print("running incidentmap map on the ACLED file ...", file=sys.stderr)
    rows.append(("acled", "incidentmap map (CLI, whole process)", run_cli(acled, tmp / "cli.html")))

    if not args.no_browser:
        from playwright.sync_api import sync_playwright

        assets = _local_assets()
        with sync_playwright() as p:
            for label, tool, path in pages:
                print(f"opening {label} with {tool} ...", file=sys.stderr)
                browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                            args=["--no-sandbox"])  # fmt: skip
                found = browse(browser, tool, path, assets, args.timeout)
                browser.close()
                next(r for lb, t, r in rows if lb == label and t == tool).update(found)

    print(
        f"\nMaps of real datasets (machine: {sys.platform}, Python {sys.version.split()[0]}; files in {tmp})\n"
    )
    print("| data | tool | events | build s | MB | peak RSS MB | ready s | zoom ms | brush ms |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for label, tool, r in rows:
        print(f"| {label} | {tool} | {_fmt(r.get('n'), ',.0f')} | {r['build_s']:.2f} | {r['mb']:.1f} | "
              f"{r['rss_mb']:.0f} | {_fmt(r.get('ready_s'), '.2f')} | {_fmt(r.get('zoom_ms'), '.0f')} | "
              f"{_fmt(r.get('brush_ms'), '.0f')} |")  # fmt: skip
    print()
    for label in ("ucdp", "acled"):
        ours = next(r for lb, t, r in rows if lb == label and t == "incidentmap")
        for lb, tool, r in rows:
            if lb != label or tool == "incidentmap" or tool.startswith("incidentmap"):
                continue
            ratios = [
                f"build {r['build_s'] / ours['build_s']:.1f}x",
                f"size {r['mb'] / ours['mb']:.1f}x",
            ]
            if "ready_s" in r and "ready_s" in ours and r["ready_s"] != float("inf"):
                ratios.append(f"ready {r['ready_s'] / ours['ready_s']:.1f}x")
            print(f"{label}: {tool} / incidentmap = " + ", ".join(ratios))
        print(f"{label} goals: {GOALS[label]}")
    print("goal for the CLI on 100,000 rows: <= 4 s, <= 600 MB")


if __name__ == "__main__":
    main()
