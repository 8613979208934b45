"""Interactive HTML maps: folium/Leaflet, standalone, offline, deterministic, safe to embed.

How the properties users rely on are kept:

- **Offline.** Leaflet, its plugins and incidentmap's own script and styles are inlined (see
  :mod:`incidentmap.export._assets`); folium's CDN links are switched off. The base map is
  vector data from Natural Earth; online tiles are optional extra base layers.
- **Deterministic.** folium gives every element a random id; here ids are derived from a hash
  of the map's data, so the same input gives the same bytes, and two different maps pasted
  into one page do not collide.
- **Safe.** Every text from files and articles travels as JSON inside a
  ``<script type="application/json">`` element with ``<``, ``>`` and ``&`` escaped (so a
  ``</script>`` in a note cannot end it) and is put into the page by ``textContent`` only.
  Nothing user-supplied goes through folium's popups or tooltips, which are JavaScript
  template literals (``${...}`` in them runs).
- **Fast.** All incidents are one canvas layer fed by columnar arrays; popups are built on
  click.
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import re
from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import folium
from branca.element import Element, Figure, MacroElement
from folium.template import Template

from incidentmap.errors import ValidationError
from incidentmap.export._assets import (
    BASE_SCRIPTS,
    BASE_STYLES,
    asset_text,
    script_block,
    style_block,
)
from incidentmap.export._atomic import write_texts
from incidentmap.export._mapdata import TILES, scene_data
from incidentmap.export._scene import Scene

__all__ = ["TILES", "build_map", "render_fragment", "render_html", "write_html"]

# -- JSON that is safe inside <script> ----------------------------------------------------------
#: What must not appear as itself inside <script>: the JSON escape of each (ensure_ascii
#: already escapes U+2028 and U+2029, which end a line in older JavaScript).
_SCRIPT_SAFE = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"))


def script_json(obj: Any) -> str:
    """JSON text that cannot end or break out of the ``<script>`` element it is put in.

    >>> script_json({"note": "</script><script>alert(1)</script>"})
    '{"note":"\\\\u003c/script\\\\u003e\\\\u003cscript\\\\u003ealert(1)\\\\u003c/script\\\\u003e"}'
    """
    # ASCII only: JSON escapes every other character, so the text is one byte per character in
    # memory and on disk (a 100,000-event map is tens of MB), and three replaces are enough.
    text = json.dumps(obj, ensure_ascii=True, separators=(",", ":"), allow_nan=False)
    for char, escape in _SCRIPT_SAFE:
        text = text.replace(char, escape)
    return text


# -- folium elements ----------------------------------------------------------------------------
class OfflineMap(folium.Map):
    """A folium Map that loads nothing from the network and leaves the host page's style alone.

    folium's default template links Leaflet, jQuery and Bootstrap from CDNs and sets
    ``html, body`` to full size; here the assets are inlined once by :func:`render_html` /
    :func:`render_fragment` and page-level styles are added only to standalone pages.
    """

    default_js: list[tuple[str, str]] = []  # noqa: RUF012 (folium's class attribute)
    default_css: list[tuple[str, str]] = []  # noqa: RUF012

    _template = Template(
        """
        {% macro header(this, kwargs) %}
            <style>#{{ this.get_name() }} { position: relative; width: 100%; height: 100%; }</style>
        {% endmacro %}

        {% macro html(this, kwargs) %}
            <div class="folium-map im-map" id={{ this.get_name()|tojson }}></div>
        {% endmacro %}

        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.map(
                {{ this.get_name()|tojson }},
                {
                    center: {{ this.location|tojson }},
                    crs: L.CRS.{{ this.crs }},
                    ...{{ this.options|tojavascript }}
                }
            );
            {%- if this.control_scale %}
            L.control.scale({imperial: true, metric: true, maxWidth: 160}).addTo({{ this.get_name() }});
            {%- endif %}
        {% endmacro %}
        """
    )


class _Raw(Element):
    """Text put into the page as it is.

    branca turns every macro's output into a new Jinja template and renders it again, so a
    ``{{ ... }}`` in a place name would be evaluated: data never goes through that path.
    """

    def __init__(self, text: str) -> None:
        super().__init__()
        self._text = text

    def render(self, **kwargs: Any) -> str:
        return self._text


class IncidentLayer(MacroElement):
    """The incidents, rings, context and controls of one map, drawn by ``incidentmap.js``."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        super().__init__()
        self._name = "IncidentLayer"
        self.data_json = script_json(data)

    def render(self, **kwargs: Any) -> str:  # type: ignore[override]
        figure = self.get_root()
        assert isinstance(figure, Figure)
        map_name = self._parent.get_name() if self._parent is not None else ""
        data_id = f"{self.get_name()}_data"
        figure.html.add_child(
            _Raw(f'<script type="application/json" id="{data_id}">{self.data_json}</script>'),
            name=self.get_name(),
        )
        figure.script.add_child(
            _Raw(f'IncidentMap.render({map_name}, "{data_id}", "{map_name}");'),
            name=self.get_name(),
        )
        return ""


#: incidentmap's own scripts, in the order they run (each adds to ``window.IncidentMap``).
OWN_SCRIPTS = (
    "im-core.js",
    "im-canvas.js",
    "im-filters.js",
    "im-timeline.js",
    "im-labels.js",
    "im-hash.js",
    "incidentmap.js",
)


def _own_asset(name: str) -> str:
    return resources.files("incidentmap.export").joinpath("js", name).read_text(encoding="utf-8")


@functools.cache
def _assets_html() -> tuple[str, str]:
    """(styles, scripts) to inline: Leaflet, the plugins, and incidentmap's own.

    The scripts run once per page: a second map (or a second fragment pasted into the same
    page) finds ``window.IncidentMap`` defined and reuses the Leaflet already loaded, so every
    map on a page shares one ``L``.
    """
    css = "\n".join(
        [style_block(asset_text(n), label=n) for n in BASE_STYLES]
        + [style_block(_own_asset("incidentmap.css"), label="incidentmap.css")]
    )
    parts = [f"// --- {n}\n{asset_text(n)}" for n in BASE_SCRIPTS]
    parts.extend(f"// --- {n}\n{_own_asset(n)}" for n in OWN_SCRIPTS)
    js = script_block(
        "if (!window.IncidentMap) {\n" + "\n;\n".join(parts) + "\n}",
        label="leaflet+plugins+incidentmap (once per page)",
    )
    return css, js


def _stable_ids(root: Element, prefix: str) -> None:
    """Replace folium's random element ids by ``<prefix><n>`` in tree order."""
    counter = 0
    todo: list[Element] = [root]
    while todo:
        node = todo.pop(0)
        node._id = f"{prefix}{counter:02d}"
        counter += 1
        extra = [getattr(node, a) for a in ("header", "html", "script") if hasattr(node, a)]
        todo.extend([c for c in extra if isinstance(c, Element)])
        todo.extend(node._children.values())


def build_map(scene: Scene, *, tiles: Sequence[str] = ()) -> folium.Map:
    """A folium Map of the scene; renders offline, with stable ids.

    Parameters
    ----------
    scene
        What to draw (see :func:`incidentmap.export.build_scene`).
    tiles
        Online tile layers to offer as optional base layers: ``"osm"``, ``"imagery"``.

    Returns
    -------
    folium.Map
        Shows inline in Jupyter; write it with :func:`render_html` or :func:`write_html`.
    """
    data = scene_data(scene, tiles)
    layer = IncidentLayer(data)
    w, s, e, n = scene.bounds
    m = OfflineMap(
        location=[(s + n) / 2, (w + e) / 2],
        zoom_start=7,
        tiles=None,
        control_scale=False,
    )
    layer.add_to(m)
    digest = hashlib.blake2b(layer.data_json.encode("utf-8"), digest_size=5).hexdigest()
    fig = m.get_root()
    assert isinstance(fig, Figure)
    # The page furniture and the inlined assets live in the figure's header, so that every way
    # folium renders the map (save, get_root().render(), Jupyter's _repr_html_) is offline.
    css, js = _assets_html()
    title = scene.title or "incidentmap"
    fig.header.add_child(
        _Raw(
            '<meta name="viewport" content="width=device-width, initial-scale=1.0" />\n'
            f"<title>{html.escape(title)}</title>\n"
        ),
        name="im_page_meta",
    )
    fig.header.add_child(
        _Raw(
            "<style>html, body { width: 100%; height: 100%; margin: 0; padding: 0; }</style>\n"
            # a page of its own: its map may keep the view in the URL's #hash
            "<script>window.IncidentMapPage = true;</script>"
        ),
        name="im_page_style",
    )
    fig.header.add_child(_Raw(css), name="im_css")
    fig.header.add_child(_Raw(js), name="im_js")
    _stable_ids(fig, f"im{digest}_")
    return m


#: Header parts that belong to a whole page, not to a fragment pasted into someone's page.
_PAGE_ONLY = frozenset({"meta_http", "im_page_meta", "im_page_style"})


def render_html(m: folium.Map) -> str:
    """The standalone page: one file, no network needed (the same as ``m.save(path)``)."""
    fig = m.get_root()
    assert isinstance(fig, Figure)
    return fig.render()


def render_fragment(m: folium.Map, *, height: str = "600px") -> str:
    """A snippet (div + styles + scripts) to paste into another page, several per page.

    Leaflet and the plugins run once per page, however many maps it holds.
    """
    if not _CSS_LENGTH.fullmatch(height):
        raise ValidationError(
            f"height must be a CSS length such as 600px or 70vh, got {height!r}",
            field="height",
            value=height,
        )
    fig = m.get_root()
    assert isinstance(fig, Figure)
    fig.render()
    head = "\n".join(
        child.render() for name, child in fig.header._children.items() if name not in _PAGE_ONLY
    )
    return (
        f'<div class="incidentmap-embed" style="position: relative; width: 100%; height: {height};">\n'
        f"{head}\n{fig.html.render()}\n"
        f"<script>\n{fig.script.render()}\n</script>\n</div>\n"
    )


_CSS_LENGTH = re.compile(r"\d+(\.\d+)?(px|vh|em|rem|%)")


def write_html(
    scene: Scene,
    path: str | Path,
    *,
    tiles: Sequence[str] = (),
    fragment: str | Path | None = None,
) -> Path:
    """Write the map to ``path`` (and a fragment to ``fragment``), atomically.

    Returns the path written. Either every file is written or none is.
    """
    m = build_map(scene, tiles=tiles)
    outputs = [(Path(path), render_html(m))]
    if fragment is not None:
        outputs.append((Path(fragment), render_fragment(m)))
    write_texts(outputs)
    return Path(path)
