"""Exploring a map of a real dataset in a real browser: every event reachable, clusters that
add up, filters with counts, the time line, links that restore a view, labels that do not
collide, and hostile text in every new control.

The UCDP GED export of Syria 2016-2019 (16,566 events, ../shared) is the dataset; pages open
with every request but the file aborted (tests/export/conftest.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from test_html_map import HOSTILE as HOSTILE_TEXTS

from incidentmap.api import example_path, map_scene, read
from incidentmap.export import write_html
from incidentmap.gazetteer import Gazetteer
from incidentmap.model import CasualtyClaim, Incident, IncidentSet, Place, Source

OpenMap = Callable[..., Any]
API = "Object.values(window.IncidentMap.maps)[0]"
UCDP = "data/events/ucdp_ged_syria_2016_2019/ged_syria_2016-01-01_2019-11-30.csv"


@pytest.fixture(scope="module")
def ucdp_html(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    incidents = read(shared_dir / UCDP)
    return write_html(map_scene(incidents), tmp_path_factory.mktemp("ucdp") / "ucdp.html")


@pytest.fixture(scope="module")
def seed_html(gazetteer: Gazetteer, tmp_path_factory: pytest.TempPathFactory) -> Path:
    incidents = read(example_path(), gazetteer=gazetteer)
    return write_html(map_scene(incidents), tmp_path_factory.mktemp("seed") / "seed.html")


def _shown(page: Any) -> int:
    return int(page.evaluate(f"{API}.shown()"))


def _closed(page: Any) -> None:
    """Wait until no popup is left (Leaflet fades a closed popup out for 200 ms)."""
    page.page.wait_for_function("document.querySelectorAll('.leaflet-popup').length === 0")


def _hash(page: Any) -> str:
    # the page writes the link a moment after a change (one write per burst of changes)
    page.page.wait_for_timeout(200)
    return str(page.evaluate("location.hash"))


# -- every event reachable ----------------------------------------------------------------------
def test_every_ucdp_event_opens_by_clicking_its_spot_or_its_area(
    ucdp_html: Path, open_map: OpenMap
) -> None:
    page = open_map(ucdp_html)
    assert page.problems() == []
    reached = page.evaluate(
        f"""() => {{
        const api = {API}, map = api.view.map, inc = api.view.data.incidents, n = inc.n;
        const reached = new Uint8Array(n), frame = map.getContainer();
        function click(target, x, y) {{
          target.dispatchEvent(new MouseEvent("click", {{clientX: x, clientY: y, bubbles: true,
                                                         cancelable: true, view: window}}));
        }}
        function collect() {{
          // what the click opened: a list of incidents, or one incident's record
          if (api.view.openList) {{ api.view.openList.members.forEach(k => {{ reached[k] = 1; }}); }}
          else if (api.view.selected >= 0) {{ reached[api.view.selected] = 1; }}
        }}
        // every distinct position of an incident drawn as a point: zoom in on it and click it
        const spots = new Map();
        for (let i = 0; i < n; i++) {{ if (inc.a[i] < 0) {{ spots.set(inc.lat[i] + "," + inc.lon[i], i); }} }}
        for (const i of spots.values()) {{
          map.closePopup();
          map.setView([inc.lat[i], inc.lon[i]], 16, {{animate: false}});
          const p = map.latLngToContainerPoint([inc.lat[i], inc.lon[i]]), box = frame.getBoundingClientRect();
          click(frame, box.left + p.x, box.top + p.y);
          collect();
        }}
        // incidents located only to an area: click the area's count (with the points hidden)
        map.closePopup();
        api.view.showIncidents = false;
        api.view.data.areas.forEach(area => {{
          map.closePopup();
          map.setView(area.at, 7, {{animate: false}});
          api.labels.place();
          const node = Array.from(document.querySelectorAll(".im-lbl-area"))
            .find(e => e.style.display !== "none" && e.textContent.endsWith(" " + area.name));
          if (!node) {{ return; }}
          const r = node.getBoundingClientRect();
          click(node, r.left + r.width / 2, r.top + r.height / 2);
          collect();
        }});
        let total = 0;
        for (let i = 0; i < n; i++) {{ total += reached[i]; }}
        return [total, n, spots.size];
        }}"""
    )
    total, n, spots = reached
    assert n == 16_566 and spots > 1900
    assert total == n


def test_cluster_counts_and_area_counts_add_up_to_the_incidents_shown(
    ucdp_html: Path, open_map: OpenMap
) -> None:
    page = open_map(ucdp_html)
    counted = (
        f"(() => {{ const api = {API}; "
        "const clusters = api.items().reduce((s, it) => s + it.count, 0); "
        "const areas = Array.from(api.view.areaShown).reduce((s, k) => s + k, 0); "
        "return [clusters, areas, api.shown(), "
        "api.items().filter(it => it.kind === 'cluster').length]; })()"
    )
    clusters, areas, shown, bubbles = page.evaluate(counted)
    assert bubbles >= 10  # the first view of a whole country is aggregated
    assert clusters + areas == shown == 16_566
    page.page.locator(".im-actor-filter").first.uncheck()
    clusters, areas, shown, _ = page.evaluate(counted)
    assert clusters + areas == shown < 16_566


def _biggest_cluster(page: Any) -> tuple[float, float, int, int]:
    x, y, count, zoom = page.evaluate(
        f"(() => {{ const api = {API}; const it = api.items().filter(i => i.kind === 'cluster')"
        ".sort((a, b) => b.count - a.count)[0]; "
        "const p = api.view.map.layerPointToContainerPoint([it.x, it.y]); "
        "return [p.x, p.y, it.count, api.view.map.getZoom()]; })()"
    )
    frame = page.page.locator(".folium-map").bounding_box()
    return frame["x"] + x, frame["y"] + y, count, zoom


def test_clicking_a_cluster_zooms_in_and_shift_click_lists_its_events(
    ucdp_html: Path, open_map: OpenMap
) -> None:
    page = open_map(ucdp_html)
    x, y, _, zoom = _biggest_cluster(page)
    page.page.mouse.click(x, y)
    assert page.evaluate(f"{API}.view.map.getZoom()") > zoom
    x, y, count, _ = _biggest_cluster(page)
    page.page.keyboard.down("Shift")
    page.page.mouse.click(x, y)
    page.page.keyboard.up("Shift")
    head = page.page.locator(".im-list-head")
    head.wait_for(timeout=5000)
    assert head.text_content().startswith(f"{count:,} incidents")
    assert page.evaluate(f"{API}.view.openList.members.length") == count


def test_a_stacked_spot_lists_its_events_by_date_in_pages_and_keys_work(
    ucdp_html: Path, open_map: OpenMap
) -> None:
    page = open_map(ucdp_html)
    # Aleppo's centre, where UCDP puts 841 events on one coordinate
    point = page.evaluate(
        f"(() => {{ const api = {API}, map = api.view.map; map.setView([36.20124, 37.16117], 14,"
        " {animate: false}); return map.latLngToContainerPoint([36.20124, 37.16117]); })()"
    )
    frame = page.page.locator(".folium-map").bounding_box()
    page.page.mouse.click(frame["x"] + point["x"], frame["y"] + point["y"])
    head = page.page.locator(".im-list-head")
    head.wait_for(timeout=5000)
    total = int(head.text_content().split(" ")[0].replace(",", ""))
    assert total >= 841
    dates = page.page.locator(".im-list-row .im-list-date").all_text_contents()
    assert len(dates) == 10 and dates == sorted(dates)
    assert page.page.locator(".im-page").text_content() == f"1–10 of {total:,}"
    page.page.keyboard.press("ArrowRight")
    assert page.page.locator(".im-page").text_content() == f"11–20 of {total:,}"
    later = page.page.locator(".im-list-row .im-list-date").all_text_contents()
    assert later[0] >= dates[-1]
    page.page.keyboard.press("ArrowLeft")
    assert page.page.locator(".im-page").text_content().startswith("1–10")
    page.page.locator(".im-list-row").nth(3).click()
    popup = page.page.locator(".im-list-popup .im-popup")
    popup.wait_for(timeout=5000)
    incident = popup.get_attribute("data-incident")
    assert f"incident={incident}" in _hash(page)
    page.page.locator(".im-back").click()
    assert page.page.locator(".im-list-row").count() == 10
    page.page.keyboard.press("Escape")
    _closed(page)
    assert "incident=" not in _hash(page)


# -- filters, time line, link -------------------------------------------------------------------
def test_each_filter_changes_the_count_and_the_link_and_reset_undoes_them(
    ucdp_html: Path, open_map: OpenMap
) -> None:
    page = open_map(ucdp_html)
    p = page.page
    total = _shown(page)
    steps: list[tuple[str, Callable[[], None]]] = [
        ("g", lambda: p.locator(".im-actor-filter").nth(1).uncheck()),
        ("t", lambda: p.locator(".im-type-filter").first.uncheck()),
        ("p", lambda: p.locator(".im-precision-filter").nth(1).uncheck()),
        ("k=", lambda: (p.locator(".im-deaths-box summary").click(),
                        p.locator(".im-deaths").fill("5"))),
        ("s", lambda: (p.locator(".im-sources-box summary").click(),
                       p.locator(".im-source-filter").first.uncheck())),
        ("q=", lambda: (p.locator(".im-search").fill("Idlib"), p.locator(".im-search").press("Enter"))),
    ]  # fmt: skip
    before = total
    for key, act in steps:
        act()
        now = _shown(page)
        assert now < before, key
        assert f"&{key}" in _hash(page) or f"#{key}" in _hash(page), key
        counts = p.locator(".im-shown").text_content()
        assert counts.startswith(f"{now:,} of 16,566"), key
        before = now
    p.locator(".im-reset").click()
    assert _shown(page) == total
    assert _hash(page).count("=") == 1  # only the view is left: z=...


def test_dragging_on_the_time_line_selects_a_range_and_double_click_clears_it(
    ucdp_html: Path, open_map: OpenMap
) -> None:
    page = open_map(ucdp_html)
    box = page.page.locator(".im-tl-canvas").bounding_box()
    y = box["y"] + box["height"] / 2
    page.page.mouse.move(box["x"] + box["width"] * 0.30, y)
    page.page.mouse.down()
    page.page.mouse.move(box["x"] + box["width"] * 0.40, y, steps=5)
    page.page.mouse.move(box["x"] + box["width"] * 0.50, y, steps=5)
    page.page.mouse.up()
    shown = _shown(page)
    assert 1000 < shown < 16_566
    link = _hash(page)
    assert "from=2017-" in link and "to=201" in link
    first = dt.date.fromisoformat(page.page.locator(".im-date-from").input_value())
    last = dt.date.fromisoformat(page.page.locator(".im-date-to").input_value())
    assert dt.date(2017, 1, 1) <= first < last <= dt.date(2018, 6, 30)
    page.page.locator(".im-tl-canvas").dblclick()
    assert _shown(page) == 16_566
    assert "from=" not in _hash(page)


def test_play_moves_the_selected_range_on_step_by_step(ucdp_html: Path, open_map: OpenMap) -> None:
    page = open_map(ucdp_html)
    page.page.locator(".im-step").select_option("month")
    page.page.locator(".im-speed").select_option("8")
    page.page.locator(".im-play").click()
    first = page.page.locator(".im-date-from").input_value()
    page.page.wait_for_function(
        f"document.querySelector('.im-date-from').value > {first!r}", timeout=10_000
    )
    page.page.locator(".im-play").click()  # pause
    second = page.page.locator(".im-date-from").input_value()
    assert second > first
    assert 0 < _shown(page) < 16_566


def test_a_link_restores_the_view_the_filters_and_the_open_incident(
    ucdp_html: Path, open_map: OpenMap
) -> None:
    page = open_map(ucdp_html)
    incident = page.evaluate(f"{API}.view.data.incidents.id[5000]")
    page.page.close()
    link = f"{ucdp_html.resolve().as_uri()}#z=10/36.0000/37.0000&from=2017-01-01&to=2017-12-31&p=0&incident={incident}"
    page = open_map(link)
    assert page.problems() == []
    view = page.evaluate(
        f"(() => {{ const m = {API}.view.map; return [m.getZoom(), m.getCenter().lat, m.getCenter().lng]; }})()"
    )
    assert view[0] == 10 and abs(view[1] - 36) < 0.01 and abs(view[2] - 37) < 0.01
    assert page.page.locator(".im-date-from").input_value() == "2017-01-01"
    precision = page.page.locator(".im-precision-filter")
    assert precision.nth(0).is_checked() and not precision.nth(1).is_checked()
    assert (
        page.page.locator(".im-incident-popup .im-popup").get_attribute("data-incident") == incident
    )


def test_the_legend_shows_ten_groups_and_other_with_distinct_colours_and_a_search(
    ucdp_html: Path, open_map: OpenMap
) -> None:
    page = open_map(ucdp_html)
    rows = page.page.locator(".im-facet-g > .im-facet-row")
    assert rows.count() <= 11
    colours = page.evaluate(
        "Array.from(document.querySelectorAll('.im-facet-g > .im-facet-row .im-swatch'))"
        ".slice(0, 10).map(e => getComputedStyle(e).backgroundColor)"
    )
    assert len(colours) == 10 and len(set(colours)) == 10
    names = rows.locator(".im-facet-name").all_text_contents()
    assert names[0] == "Syrian government" and "Islamic State" in names
    page.page.locator(".im-facet-g .im-facet-search").fill("jordan")
    found = page.page.locator(".im-facet-g .im-facet-matches .im-facet-name").all_text_contents()
    assert any("Jordan" in name for name in found)


def test_town_labels_fill_the_offline_base_map_when_zoomed_in(
    ucdp_html: Path, open_map: OpenMap
) -> None:
    page = open_map(ucdp_html)
    page.evaluate(f"{API}.view.map.setView([35.93, 36.63], 11, {{animate: false}})")  # Idlib
    page.evaluate(f"{API}.labels.place()")
    towns = page.page.locator(".im-lbl-town:visible")
    assert towns.count() >= 5


# -- what the first view looks like -------------------------------------------------------------
def test_uncertainty_outlines_cover_under_15_percent_of_the_first_view(
    ucdp_html: Path, open_map: OpenMap
) -> None:
    page = open_map(ucdp_html)
    assert page.evaluate(f"{API}.coverage()") < 0.15


def _overlaps(boxes: list[dict[str, float]]) -> list[tuple[int, int]]:
    out = []
    for i, a in enumerate(boxes):
        for j in range(i + 1, len(boxes)):
            b = boxes[j]
            if (a["x"] < b["x"] + b["w"] - 0.5 and b["x"] < a["x"] + a["w"] - 0.5
                    and a["y"] < b["y"] + b["h"] - 0.5 and b["y"] < a["y"] + a["h"] - 0.5):  # fmt: skip
                out.append((i, j))
    return out


@pytest.mark.parametrize("viewport", [(1024, 768), (1400, 900)])
def test_labels_of_the_seed_map_do_not_overlap_at_its_first_view(
    seed_html: Path, open_map: OpenMap, viewport: tuple[int, int]
) -> None:
    page = open_map(seed_html, viewport={"width": viewport[0], "height": viewport[1]})
    page.page.wait_for_timeout(100)
    boxes = page.evaluate(
        "Array.from(document.querySelectorAll('.im-lbl')).filter(e => e.style.display !== 'none')"
        ".map(e => { const r = e.getBoundingClientRect(); "
        "return {x: r.left, y: r.top, w: r.width, h: r.height, t: e.textContent}; })"
    )
    texts = [b["t"] for b in boxes]
    assert sum("·" in t for t in texts) == 4  # every incident is labelled
    assert any(t == "SYRIA" for t in texts)  # country names
    assert any("al-Tanf deconfliction zone" in t for t in texts)  # zones
    assert any("Air" in t and "base" in t.lower() for t in texts)  # military sites
    assert _overlaps(boxes) == [], [(texts[i], texts[j]) for i, j in _overlaps(boxes)]


# -- safety ---------------------------------------------------------------------------------------
# the payloads of the map's other hostile-input test, but for the line separators
HOSTILE = HOSTILE_TEXTS[:6]


def _hostile_stack() -> IncidentSet:
    sources = [
        Source(f"s{k}", outlet=h, title=h, url="https://example.org/?q=<b>")
        for k, h in enumerate(HOSTILE)
    ]
    incidents = []
    for k, h in enumerate(HOSTILE * 3):
        place = Place(f"input:{k}", h, 36.37, 37.52, "point", source=h)
        incidents.append(
            Incident(
                f"{h}-{k}",
                place=place,
                place_name=h,
                date=dt.date(2017, 1, 1 + k),
                type=h,
                attacker=f"{h} Brigade {k}",
                target=h,
                notes=h,
                casualties=(
                    CasualtyClaim(
                        "killed", k, claimed_by=h, text=h, source_id=f"s{k % len(HOSTILE)}"
                    ),
                ),
                sources=(f"s{k % len(HOSTILE)}",),
            )
        )
    return IncidentSet(tuple(incidents), {s.id: s for s in sources}, title=HOSTILE[0])


def test_hostile_text_in_lists_facets_search_and_links_is_shown_and_never_runs(
    tmp_path: Path, open_map: OpenMap
) -> None:
    path = write_html(map_scene(_hostile_stack(), context=False), tmp_path / "hostile.html")
    bad = "q=" + "%3Cimg%20src%3Dx%20onerror%3D%22window.__xss%3D9%22%3E"
    page = open_map(
        f"{path.resolve().as_uri()}#{bad}&incident=%3Cscript%3Ewindow.__xss%3D8%3C%2Fscript%3E"
    )
    p = page.page
    assert page.evaluate("document.querySelector('.im-search').value").startswith("<img")
    p.locator(".im-reset").click()
    # the stack of 18 incidents at one spot: its list, pages, and a record
    page.evaluate(f"{API}.view.map.setView([36.37, 37.52], 12, {{animate: false}})")
    point = page.evaluate(f"{API}.containerPointOf(0)")
    frame = p.locator(".folium-map").bounding_box()
    p.mouse.click(frame["x"] + point["x"], frame["y"] + point["y"])
    p.locator(".im-list-head").wait_for(timeout=5000)
    assert HOSTILE[0] in p.locator(".im-list-table").text_content()
    p.keyboard.press("ArrowRight")
    p.locator(".im-list-row").first.click()
    record = p.locator(".im-list-popup").text_content()
    assert any(h in record for h in HOSTILE)
    # facets list the hostile names as text; their searches take hostile input
    p.locator(".im-facet-g .im-facet-search").fill(HOSTILE[2])
    p.locator(".im-search").fill(HOSTILE[1])
    p.locator(".im-search").press("Enter")
    assert (
        page.evaluate("document.querySelectorAll('.leaflet-container img, .im-panel img').length")
        == 0
    )
    assert page.evaluate("document.title").startswith("<script>")
    assert not page.xss_fired()
    assert page.page_errors == []


def test_the_same_dataset_gives_the_same_bytes(shared_dir: Path, ucdp_html: Path) -> None:
    from incidentmap.export import build_map, render_html

    again = render_html(build_map(map_scene(read(shared_dir / UCDP))))
    assert again == ucdp_html.read_text(encoding="utf-8")
