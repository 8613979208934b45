"""The real-browser harness itself: offline vendored Leaflet, blocked requests, errors, dialogs."""

from __future__ import annotations

import json
import struct
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from incidentmap.export._assets import (
    BASE_SCRIPTS,
    BASE_STYLES,
    inline_scripts,
    inline_styles,
    script_block,
)

OpenMap = Callable[..., Any]

_MAP_SCRIPT = """
var map = L.map("map", {center: [36.37, 37.52], zoom: 11});
L.circleMarker([36.37, 37.52], {radius: 8, color: "#b30000"}).addTo(map);
L.marker([36.40, 37.60]).addTo(map);
new L.Control.FullScreen().addTo(map);
L.control.polylineMeasure({showBearings: true}).addTo(map);
window.__map = map;
"""


def _page(tmp_path: Path, body: str, *, head: str = "", name: str = "map.html") -> Path:
    path = tmp_path / name
    path.write_text(
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>t</title>'
        f"{head}</head><body>{body}</body></html>\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def leaflet_page(tmp_path: Path) -> Path:
    """A tiny offline map: the vendored assets inlined, a circle marker, a marker, two controls."""
    return _page(
        tmp_path,
        '<div id="map" style="width: 600px; height: 400px"></div>'
        + inline_scripts(BASE_SCRIPTS)
        + script_block(_MAP_SCRIPT),
        head=inline_styles(BASE_STYLES),
    )


def test_vendored_leaflet_map_loads_with_no_request_and_no_error(
    open_map: OpenMap, leaflet_page: Path
) -> None:
    shown = open_map(leaflet_page)
    assert shown.problems() == []
    assert shown.evaluate("window.L.version") == "1.9.4"


def test_vendored_leaflet_map_draws_marker_and_both_controls(
    open_map: OpenMap, leaflet_page: Path
) -> None:
    shown = open_map(leaflet_page)
    page = shown.page
    assert page.locator("path.leaflet-interactive").count() == 1  # the circle marker
    assert page.locator("a.leaflet-control-zoom-fullscreen.leaflet-fullscreen-icon").count() == 1
    assert page.locator("#polyline-measure-control").count() == 1
    icon_src = page.locator("img.leaflet-marker-icon").get_attribute("src")
    assert icon_src is not None and icon_src.startswith("data:image/png;base64,")
    assert shown.requests_blocked == []


def test_fullscreen_control_toggles_offline(open_map: OpenMap, leaflet_page: Path) -> None:
    shown = open_map(leaflet_page)
    shown.page.locator("a.leaflet-control-zoom-fullscreen").click()
    shown.page.wait_for_function("window.__map._isFullscreen === true")
    assert shown.problems() == []


def test_external_and_local_requests_are_recorded_and_aborted(
    open_map: OpenMap, tmp_path: Path
) -> None:
    (tmp_path / "beside.js").write_text("window.beside = 1;", encoding="utf-8")
    path = _page(
        tmp_path,
        '<img src="http://example.invalid/tile.png">',
        head='<script src="https://example.invalid/leaflet.js"></script>'
        '<script src="beside.js"></script>',
    )
    shown = open_map(path)
    # the browser's preload scanner may ask in any order: compare as a set of requests
    assert sorted(shown.requests_blocked) == sorted(
        [
            "https://example.invalid/leaflet.js",
            (tmp_path / "beside.js").as_uri(),
            "http://example.invalid/tile.png",
        ]
    )
    assert shown.evaluate("typeof window.beside") == "undefined"
    assert any("ERR_FAILED" in text for text in shown.console_errors)


def test_console_errors_and_uncaught_exceptions_are_collected(
    open_map: OpenMap, tmp_path: Path
) -> None:
    path = _page(tmp_path, script_block('console.error("boom"); throw new Error("kaput");'))
    shown = open_map(path)
    assert shown.console_errors == ["boom"]
    assert len(shown.page_errors) == 1 and "kaput" in shown.page_errors[0]
    assert ("error", "boom") in shown.console_messages


def test_dialogs_are_recorded_and_dismissed(open_map: OpenMap, tmp_path: Path) -> None:
    path = _page(
        tmp_path,
        script_block('alert("a"); window.answer = confirm("c"); prompt("p");'),
    )
    shown = open_map(path)
    assert shown.dialogs == [("alert", "a"), ("confirm", "c"), ("prompt", "p")]
    assert shown.evaluate("window.answer") is False
    assert shown.xss_fired()


def test_xss_sentinel_is_seen(open_map: OpenMap, tmp_path: Path) -> None:
    shown = open_map(_page(tmp_path, script_block("window.__xss = 1;")))
    assert shown.dialogs == []
    assert shown.xss_fired()


def test_clean_page_fires_no_xss(open_map: OpenMap, tmp_path: Path) -> None:
    shown = open_map(_page(tmp_path, "<p>nothing here</p>"))
    assert not shown.xss_fired()
    assert shown.problems() == []


@pytest.mark.parametrize(
    "text",
    [
        "</script><script>window.__xss = 1; alert(1)</script>",
        "</SCRIPT ><script>window.__xss = 1</script>",
        "<!--<script>window.__xss = 1</script>",
        "a\u2028b </ScRiPt> <!-- -->",
    ],
)
def test_script_block_keeps_hostile_string_intact(
    open_map: OpenMap, tmp_path: Path, text: str
) -> None:
    js = f"window.__text = {json.dumps(text)};"  # ASCII-only JSON: a valid JS literal
    shown = open_map(_page(tmp_path, script_block(js) + script_block("window.__after = 1;")))
    assert shown.evaluate("window.__text") == text
    assert shown.evaluate("window.__after") == 1  # the first block did not swallow the second
    assert not shown.xss_fired()
    assert shown.problems() == []


def test_screenshot_is_png_of_viewport_size(open_map: OpenMap, leaflet_page: Path) -> None:
    viewport = {"width": 640, "height": 480}
    shown = open_map(leaflet_page, viewport=viewport)
    png = shown.page.screenshot()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert png[12:16] == b"IHDR"
    width, height = struct.unpack(">II", png[16:24])
    assert (width, height) == (viewport["width"], viewport["height"])
