"""The vendored Leaflet assets: manifest integrity, licences, offline CSS, safe inlining."""

from __future__ import annotations

import hashlib
import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from incidentmap.errors import ConfigurationError
from incidentmap.export import _assets
from incidentmap.export._assets import (
    ASSET_LICENCES,
    ASSET_VERSIONS,
    BASE_SCRIPTS,
    BASE_STYLES,
    asset_names,
    asset_text,
    inline_scripts,
    inline_styles,
    licence_credits,
    manifest,
    script_block,
    style_block,
)

REPO = Path(__file__).resolve().parents[2]
ASSETS = Path(_assets.__file__).resolve().parent / "assets"
CSS_NAMES = sorted(name for name in asset_names() if name.endswith(".css"))
JS_NAMES = sorted(name for name in asset_names() if name.endswith(".js"))

# Every http(s) URL written in the vendored CSS, and why none of them is ever loaded. A refresh
# of the assets that adds one fails here until someone has looked at it.
KNOWN_CSS_URLS = {
    ("leaflet/leaflet.css", "comment", "https://bugs.chromium.org/p/chromium/issues/detail?id=600120"),
    ("leaflet/leaflet.css", "comment", "https://bugzilla.mozilla.org/show_bug.cgi?id=888319"),
    ("leaflet.fullscreen/Control.FullScreen.css", "comment", "https://caniuse.com/mdn-css_selectors_fullscreen"),
    ("leaflet.fullscreen/Control.FullScreen.css", "data: URI", "http://www.w3.org/2000/svg"),
}  # fmt: skip

_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)""", re.DOTALL)
_HTTP = re.compile(r"https?://[^\s'\")<>]+")


def _files() -> list[dict[str, Any]]:
    return list(manifest()["files"])


def _vendor_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "vendor_assets", REPO / "scripts" / "vendor_assets.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("vendor_assets", module)  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("row", _files(), ids=lambda row: str(row["path"]))
def test_manifest_sha256_and_size_match_the_vendored_bytes(row: dict[str, Any]) -> None:
    payload = (ASSETS / str(row["path"])).read_bytes()
    assert hashlib.sha256(payload).hexdigest() == row["sha256"]
    assert len(payload) == row["bytes"]


def test_manifest_lists_every_vendored_file_and_nothing_else() -> None:
    on_disk = {
        path.relative_to(ASSETS).as_posix()
        for path in ASSETS.rglob("*")
        if path.is_file() and path.name != "MANIFEST.json" and "__pycache__" not in path.parts
    }
    assert on_disk == set(asset_names())


def test_manifest_rows_agree_with_their_package() -> None:
    packages = manifest()["packages"]
    for row in _files():
        package = packages[row["package"]]
        assert row["version"] == package["version"]
        assert row["licence"] == package["licence"]
        assert str(row["path"]).startswith(f"{row['package']}/")
        assert row["tarball_paths"] and all(
            str(path).startswith("package/") for path in row["tarball_paths"]
        )
        assert row["modified"] is (row["modification"] is not None)


def test_only_the_rewritten_and_generated_files_are_modified() -> None:
    modified = {row["path"] for row in _files() if row["modified"]}
    assert modified == {"leaflet/leaflet.css", "leaflet/leaflet-default-icons.js"}


@pytest.mark.parametrize("package", sorted(ASSET_LICENCES))
def test_each_package_ships_its_licence_file(package: str) -> None:
    licence_file = manifest()["packages"][package]["licence_file"]
    assert re.fullmatch(rf"{re.escape(package)}/LICEN[CS]E(\.\w+)?", licence_file)
    text = asset_text(licence_file)
    assert "Copyright" in text or "copyright" in text
    assert ("MIT" in text or "Permission is hereby granted" in text) or "Redistribution" in text


def test_licence_summary_matches_manifest() -> None:
    packages = manifest()["packages"]
    assert dict(ASSET_LICENCES) == {name: info["licence"] for name, info in packages.items()}
    assert dict(ASSET_VERSIONS) == {name: info["version"] for name, info in packages.items()}
    assert licence_credits() == (
        "leaflet 1.9.4 (BSD-2-Clause)",
        "leaflet.fullscreen 5.3.3 (MIT)",
        "leaflet.polylinemeasure 3.0.0 (BSD-2-Clause)",
    )


def test_name_constants_are_vendored_files() -> None:
    assert set(BASE_SCRIPTS) == set(JS_NAMES)
    assert set(BASE_STYLES) == set(CSS_NAMES)
    assert BASE_SCRIPTS[0] == _assets.LEAFLET_JS


@pytest.mark.parametrize("name", CSS_NAMES)
def test_css_loads_nothing_by_url(name: str) -> None:
    css = _CSS_COMMENT.sub("", asset_text(name))
    targets = [match.group(2).strip() for match in _CSS_URL.finditer(css)]
    # A same-document fragment loads nothing: leaflet.css keeps `behavior: url(#default#VML)`,
    # an old-IE property Chromium ignores.
    fetching = [t for t in targets if not t.startswith(("data:", "#"))]
    assert fetching == []
    assert "@import" not in css


def test_http_urls_in_css_are_reported_and_none_is_loadable() -> None:
    found = set()
    for name in CSS_NAMES:
        css = asset_text(name)
        comments = [m.span() for m in _CSS_COMMENT.finditer(css)]
        data_uris = [m.span(2) for m in _CSS_URL.finditer(css) if m.group(2).startswith("data:")]
        for match in _HTTP.finditer(css):
            if any(a <= match.start() < b for a, b in comments):
                where = "comment"
            elif any(a <= match.start() < b for a, b in data_uris):
                where = "data: URI"
            else:
                where = "stylesheet"
            found.add((name, where, match.group(0)))
    assert found == KNOWN_CSS_URLS


def test_inline_scripts_contain_no_early_end_tag() -> None:
    blocks = inline_scripts(BASE_SCRIPTS)
    assert blocks.lower().count("</script") == len(BASE_SCRIPTS)
    assert blocks.count("<!--") == 0
    for name in BASE_SCRIPTS:
        assert f'<script data-asset="{name}">' in blocks


def test_inline_styles_contain_no_early_end_tag() -> None:
    blocks = inline_styles(BASE_STYLES)
    assert blocks.lower().count("</style") == len(BASE_STYLES)
    assert blocks.startswith(f'<style data-asset="{_assets.LEAFLET_CSS}">')


@pytest.mark.parametrize(
    ("js", "expected"),
    [
        ('s = "</script>";', 's = "<\\/script>";'),
        ("s = '</SCRIPT >';", "s = '<\\/SCRIPT >';"),
        ("s = `<!--<script>`;", "s = `<\\!--<script>`;"),
        ("if (a</b) {}", "if (a</b) {}"),
    ],
)
def test_script_block_escapes_end_tags_and_comment_openers(js: str, expected: str) -> None:
    assert script_block(js) == f"<script>{expected}</script>"


def test_style_block_escapes_end_tag() -> None:
    assert (
        style_block('a::after{content:"</Style>"}')
        == '<style>a::after{content:"<\\/Style>"}</style>'
    )


def test_unknown_asset_name_is_refused_with_the_known_names() -> None:
    with pytest.raises(ConfigurationError, match=r"'leaflet/../../errors.py'.*leaflet/leaflet\.js"):
        asset_text("leaflet/../../errors.py")


def test_single_string_is_not_taken_as_a_list_of_names() -> None:
    with pytest.raises(TypeError, match="single string"):
        inline_scripts(_assets.LEAFLET_JS)


def test_vendored_css_images_are_data_uris_of_the_tarball_images() -> None:
    css = asset_text(_assets.LEAFLET_CSS)
    assert css.count('url("data:image/png;base64,') == 3
    assert "images/" not in _CSS_COMMENT.sub("", css)


def test_vendor_script_rewrites_relative_urls_and_refuses_absolute_ones() -> None:
    vendor = _vendor_script()
    members = {"package/dist/images/a.png": b"PNG", "package/img/b.svg": b"<svg/>"}
    css = "x{background:url('images/a.png')} y{background:url(../img/b.svg)} z{b:url(#v)}"
    out, embedded = vendor.inline_css_urls(css, "package/dist/s.css", members)
    assert out == (
        'x{background:url("data:image/png;base64,UE5H")} '
        'y{background:url("data:image/svg+xml;base64,PHN2Zy8+")} z{b:url(#v)}'
    )
    assert embedded == ["package/dist/images/a.png", "package/img/b.svg"]
    with pytest.raises(
        vendor.VendorError, match=re.escape("absolute URL 'https://cdn.example/x.png'")
    ):
        vendor.inline_css_urls("a{b:url(https://cdn.example/x.png)}", "package/s.css", members)
    with pytest.raises(vendor.VendorError, match=re.escape("no 'package/missing.png'")):
        vendor.inline_css_urls("a{b:url(missing.png)}", "package/s.css", members)
