"""The vendored Leaflet assets the HTML maps inline, and the ``<script>``/``<style>`` blocks for them.

The maps render with no network, so Leaflet and its plugins ship inside the package under
``incidentmap/export/assets/<npm package>/``, copied from the pinned npm tarballs by
``scripts/vendor_assets.py``. ``assets/MANIFEST.json`` records, for every file, the package,
version, tarball path(s), sha256 and licence, and whether the file was modified (leaflet.css's
images are rewritten into ``data:`` URIs; ``leaflet-default-icons.js`` is generated so that
``L.marker`` needs no image file either).

Inlining a file into HTML needs one care: the HTML parser ends a ``<script>`` at the first
``</script`` whatever the JavaScript around it means, and a ``<!--`` inside a script can make it
skip the real end tag. :func:`script_block` and :func:`style_block` escape those sequences so
the text the browser runs is the text that was vendored.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any, Final

from incidentmap.errors import ConfigurationError

__all__ = [
    "ASSET_LICENCES",
    "ASSET_VERSIONS",
    "BASE_SCRIPTS",
    "BASE_STYLES",
    "FULLSCREEN_CSS",
    "FULLSCREEN_JS",
    "LEAFLET_CSS",
    "LEAFLET_DEFAULT_ICONS_JS",
    "LEAFLET_JS",
    "POLYLINE_MEASURE_CSS",
    "POLYLINE_MEASURE_JS",
    "asset_names",
    "asset_text",
    "inline_scripts",
    "inline_styles",
    "licence_credits",
    "manifest",
    "script_block",
    "style_block",
]

LEAFLET_JS: Final = "leaflet/leaflet.js"
"""Leaflet itself; defines the global ``L``. Every other script needs it loaded first."""
LEAFLET_CSS: Final = "leaflet/leaflet.css"
"""Leaflet's stylesheet, its images rewritten into ``data:`` URIs."""
LEAFLET_DEFAULT_ICONS_JS: Final = "leaflet/leaflet-default-icons.js"
"""Points ``L.Icon.Default`` at ``data:`` URIs; load right after :data:`LEAFLET_JS`."""
FULLSCREEN_JS: Final = "leaflet.fullscreen/Control.FullScreen.umd.js"
"""leaflet.fullscreen: ``new L.Control.FullScreen(options)`` (5.x has no ``L.control.fullscreen``)."""
FULLSCREEN_CSS: Final = "leaflet.fullscreen/Control.FullScreen.css"
"""leaflet.fullscreen's stylesheet (its icons are ``data:`` SVGs upstream)."""
POLYLINE_MEASURE_JS: Final = "leaflet.polylinemeasure/Leaflet.PolylineMeasure.js"
"""Leaflet.PolylineMeasure: ``L.control.polylineMeasure(options)``, the distance tool."""
POLYLINE_MEASURE_CSS: Final = "leaflet.polylinemeasure/Leaflet.PolylineMeasure.css"
"""Leaflet.PolylineMeasure's stylesheet."""

BASE_SCRIPTS: Final = (LEAFLET_JS, LEAFLET_DEFAULT_ICONS_JS, FULLSCREEN_JS, POLYLINE_MEASURE_JS)
"""Every vendored script, in the order they must load."""
BASE_STYLES: Final = (LEAFLET_CSS, FULLSCREEN_CSS, POLYLINE_MEASURE_CSS)
"""Every vendored stylesheet, Leaflet's first."""

ASSET_LICENCES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "leaflet": "BSD-2-Clause",
        "leaflet.fullscreen": "MIT",
        "leaflet.polylinemeasure": "BSD-2-Clause",
    }
)
"""npm package → SPDX licence of the vendored code, for a map's attribution/about box."""
ASSET_VERSIONS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "leaflet": "1.9.4",
        "leaflet.fullscreen": "5.3.3",
        "leaflet.polylinemeasure": "3.0.0",
    }
)
"""npm package → vendored version (the pins of ``scripts/vendor_assets.py``)."""

_MANIFEST_NAME: Final = "MANIFEST.json"
# Case-insensitive: the HTML tokenizer matches end tags case-insensitively. The escapes are
# no-ops for JavaScript strings, template literals, regular expressions and comments ("\/" is
# "/", "\!" is "!"), which is where these sequences occur in real code.
_SCRIPT_END = re.compile(r"</(?=script)", re.IGNORECASE)
_SCRIPT_COMMENT_OPEN = re.compile(r"<!--")
_STYLE_END = re.compile(r"</(?=style)", re.IGNORECASE)


def _assets_root() -> resources.abc.Traversable:
    return resources.files("incidentmap").joinpath("export", "assets")


@cache
def manifest() -> Mapping[str, Any]:
    """Return the parsed ``assets/MANIFEST.json`` (packages, and one row per vendored file).

    Returns
    -------
    Mapping
        ``{"packages": {name: {...}}, "files": [{"path", "package", "version",
        "tarball_paths", "sha256", "bytes", "licence", "modified", "modification"}, ...]}``.

    Examples
    --------
    >>> manifest()["packages"]["leaflet"]["version"]
    '1.9.4'
    """
    text = _assets_root().joinpath(_MANIFEST_NAME).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return MappingProxyType(data)


@cache
def asset_names() -> tuple[str, ...]:
    """Return the names of every vendored file, licences included, sorted.

    Examples
    --------
    >>> LEAFLET_JS in asset_names()
    True
    """
    return tuple(sorted(row["path"] for row in manifest()["files"]))


@cache
def asset_text(name: str) -> str:
    """Return the text of the vendored file *name*, e.g. ``"leaflet/leaflet.js"``.

    Parameters
    ----------
    name
        The file's path under ``assets/``, as listed by :func:`asset_names`; use the name
        constants (:data:`LEAFLET_JS`, ...).

    Returns
    -------
    str
        The file decoded as UTF-8, exactly as vendored.

    Raises
    ------
    ConfigurationError
        If *name* is not a vendored file.

    Examples
    --------
    >>> "Leaflet" in asset_text(LEAFLET_JS)
    True
    """
    if name not in asset_names():
        msg = f"no vendored asset {name!r}; known assets: {', '.join(asset_names())}"
        raise ConfigurationError(msg)
    return _assets_root().joinpath(*name.split("/")).read_text(encoding="utf-8")


def script_block(js: str, *, label: str | None = None) -> str:
    """Wrap JavaScript in a ``<script>`` element that the HTML parser cannot end early.

    ``</script`` (any case) becomes ``<\\/script`` and ``<!--`` becomes ``<\\!--``. Both escapes
    keep the meaning of JavaScript string literals, template literals, regular-expression
    literals without the ``u`` flag, and comments, which is where such text occurs.

    Parameters
    ----------
    js
        The script's source.
    label
        Written as a ``data-asset`` attribute, so a reader of the HTML sees what was inlined.

    Returns
    -------
    str
        One ``<script>...</script>`` element.

    Examples
    --------
    >>> script_block('document.write("</script>");')
    '<script>document.write("<\\\\/script>");</script>'
    >>> script_block("var a = 1;", label="x.js")
    '<script data-asset="x.js">var a = 1;</script>'
    """
    body = _SCRIPT_COMMENT_OPEN.sub(r"<\\!--", _SCRIPT_END.sub(r"<\\/", js))
    return f"<script{_label_attr(label)}>{body}</script>"


def style_block(css: str, *, label: str | None = None) -> str:
    """Wrap CSS in a ``<style>`` element that the HTML parser cannot end early.

    ``</style`` (any case) becomes ``<\\/style``: in CSS ``\\/`` is an escaped ``/``.

    Parameters
    ----------
    css
        The stylesheet's text.
    label
        Written as a ``data-asset`` attribute.

    Returns
    -------
    str
        One ``<style>...</style>`` element.

    Examples
    --------
    >>> style_block('a::after { content: "</style>"; }')
    '<style>a::after { content: "<\\\\/style>"; }</style>'
    """
    body = _STYLE_END.sub(r"<\\/", css)
    return f"<style{_label_attr(label)}>{body}</style>"


def inline_scripts(names: Iterable[str]) -> str:
    """Return one ``<script>`` element per vendored script in *names*, in that order.

    Parameters
    ----------
    names
        Asset names, e.g. :data:`BASE_SCRIPTS`; Leaflet first.

    Returns
    -------
    str
        The elements, one per line, each with a ``data-asset`` attribute naming its file.

    Raises
    ------
    ConfigurationError
        If a name is not a vendored file.
    TypeError
        If *names* is a single string rather than a collection of names.

    Examples
    --------
    >>> inline_scripts([LEAFLET_JS]).startswith('<script data-asset="leaflet/leaflet.js">')
    True
    """
    return "\n".join(script_block(asset_text(n), label=n) for n in _name_list(names))


def inline_styles(names: Iterable[str]) -> str:
    """Return one ``<style>`` element per vendored stylesheet in *names*, in that order.

    Parameters
    ----------
    names
        Asset names, e.g. :data:`BASE_STYLES`.

    Returns
    -------
    str
        The elements, one per line, each with a ``data-asset`` attribute naming its file.

    Raises
    ------
    ConfigurationError
        If a name is not a vendored file.
    TypeError
        If *names* is a single string rather than a collection of names.

    Examples
    --------
    >>> inline_styles([LEAFLET_CSS]).count("<style")
    1
    """
    return "\n".join(style_block(asset_text(n), label=n) for n in _name_list(names))


def licence_credits() -> tuple[str, ...]:
    """Return one line per vendored package for a map's about box, sorted by package.

    Examples
    --------
    >>> licence_credits()[0]
    'leaflet 1.9.4 (BSD-2-Clause)'
    """
    return tuple(
        f"{package} {ASSET_VERSIONS[package]} ({licence})"
        for package, licence in sorted(ASSET_LICENCES.items())
    )


def _name_list(names: Iterable[str]) -> list[str]:
    if isinstance(names, str):
        msg = f"expected a collection of asset names, got the single string {names!r}"
        raise TypeError(msg)
    return list(names)


def _label_attr(label: str | None) -> str:
    return "" if label is None else f' data-asset="{html.escape(label, quote=True)}"'
