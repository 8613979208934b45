"""The interactive HTML map, checked in a real browser (Debian chromium through Playwright).

Every page is opened with every request other than the file itself aborted, so "works
offline" is what these tests see.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pyproj import Geod

from incidentmap.api import example_path, map_scene, read
from incidentmap.export import build_scene, render_fragment, render_html, write_html
from incidentmap.export._html import build_map, script_json
from incidentmap.gazetteer import Gazetteer
from incidentmap.model import (
    CasualtyClaim,
    ForcePosition,
    Incident,
    IncidentSet,
    Place,
    ReportedDistance,
    Source,
)

OpenMap = Callable[..., Any]
GEOD = Geod(ellps="WGS84")

HOSTILE = [
    "<script>window.__xss=1;alert(1)</script>",
    "</script><script>window.__xss=2;alert(2)</script>",
    '<img src=x onerror="window.__xss=3;alert(3)">',
    "${window.__xss=4}",
    "`; window.__xss=5; `",
    "{{ 7*7 }}{% raw %}",
    "\u2028\u2029",
]


@pytest.fixture(scope="module")
def example(gazetteer: Gazetteer) -> IncidentSet:
    return read(example_path(), gazetteer=gazetteer)


@pytest.fixture(scope="module")
def example_html(
    example: IncidentSet, gazetteer: Gazetteer, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    scene = map_scene(example, title="Seed incidents", gazetteer=gazetteer)
    return write_html(scene, tmp_path_factory.mktemp("map") / "example.html")


def _api(page: Any) -> str:
    """JS expression for the test API of the (only) map on the page."""
    assert page.evaluate("Object.keys(window.IncidentMap.maps).length") == 1
    return "Object.values(window.IncidentMap.maps)[0]"


def _index_of_place(page: Any, pattern: str) -> int:
    """Index of the first incident whose place name matches a JS regular expression."""
    api = _api(page)
    index: int = page.evaluate(
        f"(() => {{ const d = {api}.view.data; "
        f"return d.incidents.pl.findIndex(k => /{pattern}/i.test(d.strings[k])); }})()"
    )
    assert index >= 0, pattern
    return index


def test_example_map_renders_offline_with_every_incident_and_ring(
    example_html: Path, open_map: OpenMap
) -> None:
    page = open_map(example_html)
    assert page.requests_blocked == []
    assert page.problems() == []
    assert page.evaluate("typeof window.L") == "object"
    assert page.evaluate("window.L.version") == "1.9.4"
    assert page.evaluate(f"{_api(page)}.count") == 4
    assert page.evaluate(f"{_api(page)}.drawn()") == 4
    assert page.evaluate(f"{_api(page)}.rings.length") == 3
    labels = page.evaluate(f"{_api(page)}.rings.map(r => r.label)")
    assert sorted(labels) == [
        "US advisory forces < 5 mi",
        "US special operations advisers ≤ 2 mi",
        "US troops < 5 km",
    ]
    # the labels are drawn in the map, not only in popups
    shown = page.evaluate(
        "Array.from(document.querySelectorAll('.im-lbl-ring'))"
        ".filter(e => e.style.display !== 'none').map(e => e.textContent)"
    )
    assert sorted(shown) == sorted(labels)


def test_a_ring_radius_is_the_claims_bound_in_metres_on_the_ellipsoid(
    example: IncidentSet, example_html: Path, open_map: OpenMap
) -> None:
    page = open_map(example_html)
    rings = page.evaluate(
        f"{_api(page)}.rings.map(r => ({{r: r.radius_m, c: r.center,"
        " ll: r.ring.getLatLngs()[0].map(p => [p.lat, p.lng])}))"
    )
    bounds = sorted(p.upper_m for inc in example for p in inc.proximity)
    assert sorted(r["r"] for r in rings) == pytest.approx(bounds)
    for ring in rings:
        lat0, lon0 = ring["c"]
        for lat, lon in ring["ll"]:
            _, _, dist = GEOD.inv(lon0, lat0, lon, lat)
            assert dist == pytest.approx(ring["r"], abs=0.5)  # 1e-6 degree rounding


def test_popup_lists_every_casualty_claim_with_who_claims_it_and_marks_it_contested(
    example_html: Path, open_map: OpenMap
) -> None:
    page = open_map(example_html)
    index = _index_of_place(page, "Deir ez-Zor")
    text = page.evaluate(f"{_api(page)}.openPopup({index}).textContent")
    assert "62" in text and "83" in text
    assert "contested" in text
    assert "Russian" in text and "Syrian Observatory for Human Rights" in text
    assert "2016-09-17" in text
    assert page.evaluate("document.querySelectorAll('.im-claims tr').length") >= 3


def test_clicking_an_incident_on_the_canvas_opens_its_popup(
    example_html: Path, open_map: OpenMap
) -> None:
    page = open_map(example_html)
    index = _index_of_place(page, "Bab")
    point = page.evaluate(f"{_api(page)}.containerPointOf({index})")
    box = page.page.locator(".folium-map").bounding_box()
    page.page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    popup = page.page.locator(".im-incident-popup")
    popup.wait_for(timeout=5000)
    text = popup.text_content()
    assert "2017-02-28" in text
    assert "US troops" in text and "less than five" in text.lower()


def test_layer_control_offers_every_context_layer(example_html: Path, open_map: OpenMap) -> None:
    page = open_map(example_html)
    names = page.evaluate(
        "Array.from(document.querySelectorAll('.leaflet-control-layers label span'))"
        ".map(s => s.textContent.trim())"
    )
    for wanted in ("Offline base map", "Rivers", "Borders", "Provinces", "Named zones",
                   "Reported distances", "Incidents (4)"):  # fmt: skip
        assert any(wanted in n for n in names), (wanted, names)
    # the panel, the time line, the scale bar, the measure tool and the full-screen button
    for selector in (".im-panel", ".im-timeline", ".leaflet-control-scale", ".polyline-measure-unicode-icon",
                     ".leaflet-control-zoom-fullscreen"):  # fmt: skip
        assert page.evaluate(f"document.querySelectorAll({selector!r}).length") >= 1, selector


def test_actor_and_date_filters_hide_incidents_and_their_rings(
    example_html: Path, open_map: OpenMap
) -> None:
    page = open_map(example_html)
    api = _api(page)
    page.page.locator(".im-actor-filter").first.uncheck()
    # an incident stays while any of its attacker's groups is shown ("Russian and Syrian
    # government aircraft" is Russia and the Syrian government)
    only_first = page.evaluate(
        f"(() => {{ const v = {api}.view; let k = 0; for (let i = 0; i < v.n; i++) "
        "{ const g = v.groupsOf(i); if (g.length === 1 && g[0] === 0) { k++; } } return k; })()"
    )
    assert 0 < only_first < page.evaluate(f"{api}.view.data.groups[0][2]")
    assert page.evaluate(f"{api}.shown()") == 4 - only_first
    page.page.locator(".im-actor-filter").first.check()
    assert page.evaluate(f"{api}.shown()") == 4
    page.page.locator(".im-date-from").fill("2017-01-01")
    page.page.locator(".im-date-from").dispatch_event("change")
    assert page.evaluate(f"{api}.shown()") == 2  # 2017-02-28 and 2017-09-16
    assert "2 of 4" in page.page.locator(".im-shown").text_content()


def _hostile_set() -> IncidentSet:
    place = Place("input:x", HOSTILE[2], 36.37, 37.52, "point", source=HOSTILE[0])
    source = Source("s", outlet=HOSTILE[1], url="https://example.org/?q=<script>", title=HOSTILE[3])
    inc = Incident(
        "hostile",
        place=place,
        place_name=HOSTILE[2] + HOSTILE[4],
        date=dt.date(2017, 2, 28),
        type=HOSTILE[4],
        attacker=HOSTILE[0],
        target=HOSTILE[3],
        casualties=(
            CasualtyClaim("killed", 3, claimed_by=HOSTILE[1], text=HOSTILE[5], source_id="s"),
            CasualtyClaim("killed", 4, claimed_by=HOSTILE[2]),
        ),
        proximity=(
            ReportedDistance(
                5,
                "km",
                "less than",
                force=HOSTILE[2],
                text=HOSTILE[3],
                reference=HOSTILE[4],
                source_id="s",
            ),
        ),
        sources=("s",),
        notes="".join(HOSTILE),
    )
    force = ForcePosition(HOSTILE[0], Place("input:f", "f", 36.40, 37.55, "point"))
    return IncidentSet((inc,), {"s": source}, (force,))


def test_hostile_text_in_every_field_is_shown_as_text_and_never_runs(
    tmp_path: Path, open_map: OpenMap
) -> None:
    scene = build_scene(_hostile_set(), title="".join(HOSTILE))
    path = write_html(scene, tmp_path / "hostile.html", fragment=tmp_path / "frag.html")
    html = path.read_text(encoding="utf-8")
    assert "</script><script>window.__xss" not in html
    assert "{{ 7*7 }}" in html  # never evaluated as a template
    page = open_map(path)
    assert page.problems() == []
    assert page.evaluate(f"{_api(page)}.count") == 1
    popup = page.evaluate(f"{_api(page)}.openPopup(0).textContent")
    for payload in (HOSTILE[0], HOSTILE[2], HOSTILE[3], HOSTILE[4], "{{ 7*7 }}"):
        assert payload in popup
    ring = page.evaluate(f"{_api(page)}.rings[0].ring.openPopup() && "
                         "document.querySelector('.leaflet-popup-content').textContent")  # fmt: skip
    assert HOSTILE[3] in ring
    assert page.evaluate("document.querySelectorAll('.leaflet-popup-content img').length") == 0
    assert page.evaluate("document.title").startswith("<script>window.__xss=1")
    assert not page.xss_fired()
    assert page.requests_blocked == []
    assert page.page_errors == []


def test_same_input_gives_byte_identical_files_and_different_maps_get_different_ids(
    example: IncidentSet, gazetteer: Gazetteer, tmp_path: Path
) -> None:
    scene = map_scene(example, title="A", gazetteer=gazetteer)
    first = write_html(scene, tmp_path / "a.html", fragment=tmp_path / "a-frag.html")
    again = write_html(scene, tmp_path / "b.html", fragment=tmp_path / "b-frag.html")
    assert first.read_bytes() == again.read_bytes()
    assert (tmp_path / "a-frag.html").read_bytes() == (tmp_path / "b-frag.html").read_bytes()
    other = build_scene(_hostile_set())
    ids = set(re.findall(r"map_im[0-9a-f]+_\d+", first.read_text(encoding="utf-8")))
    other_ids = set(re.findall(r"map_im[0-9a-f]+_\d+", render_html(build_map(other))))
    assert ids and other_ids and not ids & other_ids


def test_two_different_fragments_work_on_one_page(
    example: IncidentSet, gazetteer: Gazetteer, tmp_path: Path, open_map: OpenMap
) -> None:
    one = render_fragment(build_map(map_scene(example, title="One", gazetteer=gazetteer)))
    two = render_fragment(build_map(build_scene(_hostile_set(), title="Two")), height="400px")
    page_path = tmp_path / "report.html"
    page_path.write_text(
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Report</title></head><body>"
        f"<h1>A report</h1><p>First map:</p>{one}<p>Second map:</p>{two}</body></html>",
        encoding="utf-8",
    )
    page = open_map(page_path)
    assert page.requests_blocked == []
    assert page.page_errors == []
    counts = page.evaluate("Object.values(IncidentMap.maps).map(m => [m.count, m.drawn()])")
    assert sorted(counts) == [[1, 1], [4, 4]]
    assert page.evaluate("document.querySelectorAll('.folium-map').length") == 2
    heights = page.evaluate(
        "Array.from(document.querySelectorAll('.folium-map')).map(e => e.offsetHeight)"
    )
    assert sorted(heights) == [400, 600]
    assert not page.xss_fired()


def test_online_tiles_are_optional_layers_that_load_nothing_until_chosen(
    example: IncidentSet, gazetteer: Gazetteer, tmp_path: Path, open_map: OpenMap
) -> None:
    scene = map_scene(example, gazetteer=gazetteer)
    path = write_html(scene, tmp_path / "tiles.html", tiles=("osm", "imagery"))
    page = open_map(path)
    assert page.requests_blocked == []
    names = page.evaluate(
        "Array.from(document.querySelectorAll('.leaflet-control-layers-base label span'))"
        ".map(s => s.textContent.trim())"
    )
    assert any("OpenStreetMap" in n for n in names) and any("imagery" in n for n in names)
    page.page.locator(".leaflet-control-layers").hover()  # the layer switch opens on hover
    page.page.get_by_text("OpenStreetMap (online)").click()
    page.page.wait_for_timeout(300)
    assert any("tile.openstreetmap.org" in url for url in page.requests_blocked)


def test_script_json_cannot_close_the_script_element() -> None:
    text = script_json({"a": "</script><!-- \u2028 & >"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert "\u2028" not in text


def test_python_api_map_returns_a_folium_map_that_saves_and_shows_offline(
    gazetteer: Gazetteer, tmp_path: Path, open_map: OpenMap
) -> None:
    import folium

    import incidentmap

    m = incidentmap.map(example_path(), title="From Python", gazetteer=gazetteer)
    assert isinstance(m, folium.Map)
    notebook = m._repr_html_()  # what Jupyter shows inline: an iframe holding the page
    assert "<iframe" in notebook and "cdn.jsdelivr" not in notebook
    m.save(str(tmp_path / "saved.html"))
    page = open_map(tmp_path / "saved.html")
    assert page.requests_blocked == [] and page.problems() == []
    assert page.evaluate(f"{_api(page)}.count") == 4
    assert page.evaluate("document.title") == "From Python"


def test_an_uncertain_position_is_drawn_as_an_outline_not_a_pin(
    example_html: Path, open_map: OpenMap
) -> None:
    page = open_map(example_html)
    api = _api(page)
    index = _index_of_place(page, "Bab")
    assert page.evaluate(f"{api}.view.data.incidents.r[{index}]") == 10_000
    # sample the incident canvas on the uncertainty circle (drawn) and half-way in (no fill)
    radius_px, on_line, inside = page.evaluate(
        f"""() => {{
        const api = {api}, i = {index}, map = api.view.map;
        const centre = [api.view.data.incidents.lat[i], api.view.data.incidents.lon[i]];
        map.setView(centre, 10, {{animate: false}});
        const canvas = document.querySelector('canvas[data-im="incidents"]');
        const p = map.latLngToContainerPoint(centre);
        const rect = canvas.getBoundingClientRect(), box = map.getContainer().getBoundingClientRect();
        const scale = canvas.width / rect.width;
        const r = api.view.outlines.find(o => o.i === i).rpx;
        const ctx = canvas.getContext('2d');
        const at = (dx, dy) => ctx.getImageData(Math.round((p.x + box.left - rect.left + dx) * scale),
                                                Math.round((p.y + box.top - rect.top + dy) * scale),
                                                1, 1).data[3];
        let line = 0;
        for (let a = 0; a < 360; a += 3) {{
          const t = a * Math.PI / 180;
          line = Math.max(line, at(r * Math.cos(t), r * Math.sin(t)));
        }}
        return [r, line, at(0, r * 0.6)];
        }}"""
    )
    assert radius_px > 40
    assert on_line > 0  # the dashed outline
    assert inside == 0  # and no fill: the area is not a blanket


def test_a_known_force_position_gets_a_line_labelled_with_its_geodesic_length(
    tmp_path: Path, open_map: OpenMap
) -> None:
    strike = Place("input:s", "strike", 35.30, 40.10, "point")
    advisers = Place("input:a", "advisers", 35.33, 40.13, "point")
    inc = Incident(
        "s", place=strike, attacker="Russia",
        proximity=(ReportedDistance(2, "mi", "at most", force="US advisers"),),
    )  # fmt: skip
    data = IncidentSet((inc,), {}, (ForcePosition("US advisers", advisers),))
    page = open_map(write_html(build_scene(data), tmp_path / "link.html"))
    links = page.evaluate(f"{_api(page)}.links.map(k => [k.length_m, k.label])")
    shown = page.evaluate(
        "Array.from(document.querySelectorAll('.im-lbl-link')).map(e => e.textContent)"
    )
    _, _, expected = GEOD.inv(40.10, 35.30, 40.13, 35.33)
    assert len(links) == 1
    assert links[0][0] == pytest.approx(expected, abs=0.1)
    assert links[0][1] == f"US advisers: {expected / 1000:.1f} km"
    assert shown == [links[0][1]]  # labelled in the map
    assert page.problems() == []


def test_a_javascript_url_that_reaches_the_page_is_not_made_a_link(
    tmp_path: Path, open_map: OpenMap
) -> None:
    # The model refuses javascript: URLs; this checks the page's own guard behind it.
    html = render_html(build_map(build_scene(_hostile_set())))
    html = html.replace("https://example.org/?q=\\u003cscript\\u003e", "javascript:alert(9)")
    assert "javascript:alert(9)" in html
    path = tmp_path / "js-url.html"
    path.write_text(html, encoding="utf-8")
    page = open_map(path)
    page.evaluate(f"{_api(page)}.openPopup(0)")
    hrefs = page.evaluate(
        "Array.from(document.querySelectorAll('.leaflet-popup-content a')).map(a => a.href)"
    )
    assert not any(h.lower().startswith("javascript") for h in hrefs)
    assert page.evaluate("document.querySelectorAll('.im-nolink').length") >= 1
    assert not page.xss_fired()


def test_thousands_of_incidents_draw_in_one_canvas_layer_and_filter(
    tmp_path: Path, open_map: OpenMap
) -> None:
    actors = ("Russia", "Turkey", "IS", "SDF")
    incs = [
        Incident(
            f"e{i}",
            place=Place(f"input:{i}", f"v{i}", 33 + (i % 97) * 0.04, 36 + (i // 97) * 0.1, "point"),
            date=dt.date(2016, 1, 1) + dt.timedelta(days=i % 700),
            attacker=actors[i % 4],
            precision=("exact", "near", "region")[i % 3],
        )
        for i in range(5000)
    ]
    page = open_map(write_html(build_scene(IncidentSet.of(incs)), tmp_path / "many.html"))
    api = _api(page)
    assert page.problems() == []
    assert page.evaluate(f"{api}.count") == 5000
    assert page.evaluate(f"{api}.drawn()") == 5000
    # one canvas, not one DOM element per incident
    assert page.evaluate("document.querySelectorAll('canvas[data-im=\"incidents\"]').length") == 1
    assert page.evaluate("document.querySelectorAll('.leaflet-interactive').length") < 500
    page.page.locator(".im-actor-filter").nth(0).uncheck()
    assert page.evaluate(f"{api}.shown()") == 3750
    assert page.evaluate(f"{api}.drawn()") == 3750


def test_every_ucdp_ged_event_of_syria_2016_2019_is_mapped_and_drawn(
    shared_dir: Path, tmp_path: Path, open_map: OpenMap
) -> None:
    from incidentmap.sources import read_incidents

    ged = shared_dir / "data/events/ucdp_ged_syria_2016_2019/ged_syria_2016-01-01_2019-11-30.csv"
    incidents = read_incidents(ged)
    page = open_map(write_html(build_scene(incidents, title="UCDP GED"), tmp_path / "ged.html"))
    api = _api(page)
    assert page.problems() == []
    assert page.evaluate(f"{api}.count") == 16_566
    assert page.evaluate(f"{api}.drawn()") == 16_566
