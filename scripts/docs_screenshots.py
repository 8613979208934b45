"""Make the screenshots of docs/img/ from the UCDP GED file and the bundled example.

    python3 scripts/docs_screenshots.py [SHARED_DIR]

Maps the UCDP GED export of Syria 2016-2019 (``SHARED_DIR/data/events/...``, default
``../shared``) with ``incidentmap map`` (HTML and PNG), then opens the HTML in headless Debian
chromium (network cut) and saves: the first view, a zoom on one town with its villages
labelled, a stacked spot's list open, and the bundled example's map. The PNG is copied as made.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "docs" / "img"
GED = "data/events/ucdp_ged_syria_2016_2019/ged_syria_2016-01-01_2019-11-30.csv"
API = "Object.values(window.IncidentMap.maps)[0]"


def main(argv: list[str]) -> int:
    from playwright.sync_api import sync_playwright

    shared = Path(argv[0]) if argv else REPO.parent / "shared"
    work = Path(tempfile.mkdtemp(prefix="docs-img-"))
    ucdp, example = work / "ucdp.html", work / "example.html"
    subprocess.run(["incidentmap", "map", str(shared / GED), "-o", str(ucdp), "--png",
                    str(work / "ucdp.png")], check=True)  # fmt: skip
    subprocess.run(["incidentmap", "map", "-o", str(example), "--png", str(work / "ex.png")],
                   check=True)  # fmt: skip
    OUT.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(work / "ucdp.png", OUT / "ucdp-static.png")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                    args=["--no-sandbox"])  # fmt: skip
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.route(
            "**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort()
        )
        page.goto(ucdp.as_uri())
        page.wait_for_timeout(300)
        page.screenshot(path=str(OUT / "ucdp-first-view.png"))
        # one town: al-Bab and the villages around it
        page.evaluate(f"{API}.view.map.setView([36.37, 37.52], 11, {{animate: false}})")
        page.wait_for_timeout(300)
        page.screenshot(path=str(OUT / "ucdp-town.png"))
        # Aleppo's centre, where 841 events share one coordinate: the list of the spot
        point = page.evaluate(
            f"(() => {{ const m = {API}.view.map; m.setView([36.21, 37.161], 13, {{animate: false}});"
            " return m.latLngToContainerPoint([36.20124, 37.16117]); })()"
        )
        page.mouse.click(point["x"], point["y"])
        page.wait_for_timeout(400)
        page.screenshot(path=str(OUT / "ucdp-stack-list.png"))
        page.goto(example.as_uri())
        page.wait_for_timeout(300)
        page.screenshot(path=str(OUT / "example.png"))
        browser.close()
    for name in sorted(OUT.glob("*.png")):
        print(f"wrote {name.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
