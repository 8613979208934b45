"""Benchmark: building and drawing a map of many incidents, against the naive folium way.

    python benchmarks/bench_map.py [--n 100000] [--naive-n 100000] [--naive-draw-n 10000]

Measured in one run, on the same synthetic incidents (deterministic; spread over Syria, with
dates, actors, a casualty claim, a source and a note each, like a UCDP GED export):

- incidentmap: ``build_scene`` + ``build_map`` + ``render_html`` (seconds, MB), then the time
  headless Chromium (Debian's /usr/bin/chromium) takes from navigation until the map has drawn
  every incident and painted a frame;
- naive: one ``folium.Marker`` with a ``folium.Popup`` per incident, ``Map.get_root().render()``;
  drawn in the same browser with folium's CDN Leaflet served from the vendored copy (every
  other request aborted). Drawing it is slow, so it is drawn at ``--naive-draw-n`` incidents
  and the ratio is per incident.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

from incidentmap.export import build_scene
from incidentmap.export._assets import LEAFLET_CSS, LEAFLET_JS, asset_text
from incidentmap.export._html import build_map, render_html
from incidentmap.model import CasualtyClaim, Incident, IncidentSet, Place, Source

ACTORS = ["Government of Syria", "Russia", "IS", "SDF", "Turkey", "US-led coalition",
          "Syrian insurgents", "HTS", "Hezbollah", "Civilians"]  # fmt: skip


def incidents(n: int, seed: int = 7) -> IncidentSet:
    rnd = random.Random(seed)
    sources = [Source(f"s{k}", outlet=f"Outlet {k}", url=f"https://example.org/report/{k}",
                      title=f"Report number {k}") for k in range(500)]  # fmt: skip
    out = []
    for i in range(n):
        lat, lon = 32.4 + rnd.random() * 4.8, 35.8 + rnd.random() * 6.4
        place = Place(f"input:{i}", f"Village {i % 7919}", round(lat, 5), round(lon, 5), "point")
        out.append(
            Incident(
                f"ged-{i}",
                place=place,
                date=dt.date(2016, 1, 1) + dt.timedelta(days=rnd.randrange(1430)),
                type="state-based",
                attacker=rnd.choice(ACTORS),
                target=rnd.choice(ACTORS),
                precision=rnd.choice(("exact", "near", "near", "region")),
                casualties=(CasualtyClaim("killed", rnd.randrange(12), claimed_by="UCDP best"),),
                sources=(f"s{rnd.randrange(500)}",),
                notes=f"Clashes reported near village {i % 7919}; figures from one source.",
            )
        )
    return IncidentSet(tuple(out), {s.id: s for s in sources})


def build_incidentmap(data: IncidentSet, path: Path) -> float:
    t = time.perf_counter()
    html = render_html(build_map(build_scene(data, title="benchmark")))
    path.write_text(html, encoding="utf-8")
    return time.perf_counter() - t


def build_naive(data: IncidentSet, path: Path) -> float:
    import folium

    t = time.perf_counter()
    m = folium.Map(location=[35, 39], zoom_start=7)
    for inc in data:
        assert inc.place is not None
        text = f"{inc.date} {inc.attacker} → {inc.target}: {inc.casualties[0].label}. {inc.notes}"
        folium.Marker([inc.place.lat, inc.place.lon], popup=folium.Popup(text)).add_to(m)
    html = m.get_root().render()
    path.write_text(html, encoding="utf-8")
    return time.perf_counter() - t


def _jquery() -> str:
    """folium's popups need jQuery: fetch the version folium links (npm pack; cached in /tmp)."""
    cache = Path(tempfile.gettempdir()) / "incidentmap-bench-jquery-3.7.1.js"
    if not cache.is_file():
        work = Path(tempfile.mkdtemp(prefix="jquery-"))
        subprocess.run(["npm", "pack", "jquery@3.7.1", "--silent"], cwd=work, check=True,
                       capture_output=True)  # fmt: skip
        with tarfile.open(next(work.glob("jquery-*.tgz"))) as tar:
            member = tar.extractfile("package/dist/jquery.min.js")
            assert member is not None
            cache.write_bytes(member.read())
    return cache.read_text(encoding="utf-8")


def draw(browser: object, path: Path, ready_js: str) -> float:
    """Seconds from navigation until ``ready_js`` is true and a frame has been painted.

    The naive map links Leaflet and jQuery from CDNs: those requests are answered locally (the
    vendored Leaflet, jQuery from npm); every other request is aborted.
    """
    page = browser.new_page(viewport={"width": 1400, "height": 900})  # type: ignore[attr-defined]
    leaflet = {
        "leaflet.js": asset_text(LEAFLET_JS),
        "leaflet.css": asset_text(LEAFLET_CSS),
        "jquery-3.7.1.min.js": _jquery(),
    }

    def route(r: object) -> None:
        url = r.request.url  # type: ignore[attr-defined]
        if url.startswith("file://"):
            r.continue_()  # type: ignore[attr-defined]
            return
        for name, body in leaflet.items():
            if url.endswith("/" + name):
                kind = "javascript" if name.endswith(".js") else "css"
                r.fulfill(status=200, content_type=f"text/{kind}", body=body)  # type: ignore[attr-defined]
                return
        r.abort()  # type: ignore[attr-defined]

    page.route("**/*", route)
    t = time.perf_counter()
    page.goto(path.as_uri(), wait_until="load", timeout=600_000)
    page.wait_for_function(ready_js, timeout=600_000)
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    elapsed = time.perf_counter() - t
    page.close()
    return elapsed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100_000, help="incidents for incidentmap")
    ap.add_argument("--naive-n", type=int, default=100_000, help="incidents for the naive build")
    ap.add_argument(
        "--naive-draw-n", type=int, default=10_000, help="incidents the naive map draws"
    )
    ap.add_argument("--no-browser", action="store_true", help="measure building only")
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="bench-map-"))
    rows: list[tuple[str, int, float, float, float | None]] = []

    data = incidents(args.n)
    ours = tmp / "incidentmap.html"
    ours_build = build_incidentmap(data, ours)
    naive_data = incidents(args.naive_n)
    naive = tmp / "naive.html"
    naive_build = build_naive(naive_data, naive)
    naive_small = tmp / "naive-small.html"
    build_naive(incidents(args.naive_draw_n), naive_small)

    ours_draw = naive_draw = None
    if not args.no_browser:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path="/usr/bin/chromium", headless=True, args=["--no-sandbox"]
            )
            ours_draw = draw(
                browser, ours, "window.IncidentMap && Object.keys(IncidentMap.maps).length === 1"
            )
            naive_draw = draw(
                browser,
                naive_small,
                f"document.querySelectorAll('.leaflet-marker-icon').length >= {args.naive_draw_n}",
            )
            browser.close()

    rows.append(("incidentmap (canvas layer)", args.n, ours_build, ours.stat().st_size / 1e6,
                 ours_draw))  # fmt: skip
    rows.append(("naive folium.Marker", args.naive_n, naive_build, naive.stat().st_size / 1e6,
                 None))  # fmt: skip
    rows.append(("naive folium.Marker (drawn)", args.naive_draw_n, float("nan"),
                 naive_small.stat().st_size / 1e6, naive_draw))  # fmt: skip

    def per_k(seconds: float | None, n: int) -> float | None:
        return None if seconds is None else seconds / n * 1000

    print(f"\nMap of N incidents (machine: {sys.platform}, Python {sys.version.split()[0]})\n")
    print(f"| {'what':28} | {'N':>7} | {'build s':>8} | {'MB':>7} | {'draw s':>7} |")
    print(f"|{'-' * 30}|{'-' * 9}|{'-' * 10}|{'-' * 9}|{'-' * 9}|")
    for name, n, build, mb, drawn in rows:
        d = "-" if drawn is None else f"{drawn:7.2f}"
        b = "-" if build != build else f"{build:8.2f}"
        print(f"| {name:28} | {n:7d} | {b:>8} | {mb:7.1f} | {d:>7} |")
    print()
    print(f"build, per incident: naive / incidentmap = "
          f"{(naive_build / args.naive_n) / (ours_build / args.n):.1f}x")  # fmt: skip
    print(f"size, per incident: naive / incidentmap = "
          f"{(naive.stat().st_size / args.naive_n) / (ours.stat().st_size / args.n):.1f}x")  # fmt: skip
    if ours_draw is not None and naive_draw is not None:
        ratio = per_k(naive_draw, args.naive_draw_n) / per_k(ours_draw, args.n)  # type: ignore[operator]
        print(f"draw, per incident: naive / incidentmap = {ratio:.0f}x "
              f"(naive drawn at {args.naive_draw_n:,}, incidentmap at {args.n:,})")  # fmt: skip
    print(f"targets: build <= 3 s, size <= 25 MB, draw <= 3 s at 100,000 incidents; files in {tmp}")


if __name__ == "__main__":
    main()
