"""KML 2.2 for Google Earth and GIS tools: incidents, uncertainty, reported distances, forces, lines.

The document is built with :mod:`xml.etree.ElementTree`, so every text is XML-escaped by
construction, and drawn from the same :class:`~incidentmap.export.Scene` as the HTML and PNG
maps, so colours, uncertainty radii and ring labels match theirs.

Layout of the document::

    kml (xmlns http://www.opengis.net/kml/2.2)
    └── Document: name (title), description (attribution), Styles, then five Folders
        ├── Incidents           one Placemark per incident: Point, TimeStamp, HTML description,
        │                       ExtendedData (id, date, attacker, target, precision, ...)
        ├── Uncertainty         a Polygon per incident placed imprecisely: its geodesic circle,
        │                       or the area it lies in (a river bank, a province)
        ├── Reported distances  each ring as a LineString, with a label Point, styled by bound
        ├── Forces              known force positions (Point, and the area when there is one)
        └── Lines               incident → force lines, geodesic length in the name

Every icon style references one standard Google icon by URL, :data:`ICON_HREF`
(``placemark_circle.png``): Google Earth fetches it when online and falls back to its default
pin offline. The KML file itself embeds no images. KML has no hollow icon, so incidents differ
by colour (the attacker), not by fill.

Descriptions are HTML, because Google Earth renders them as HTML: every value in them is passed
through :func:`html.escape` first, and only ``http(s)`` URLs become links. The XML layer then
escapes that HTML once more, which is as it should be: Earth unescapes the XML and sees
escaped, inert HTML.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import Polygon, orient

from incidentmap.export._atomic import write_texts
from incidentmap.export._kml_text import (
    _attributes,
    _Citations,
    _description,
    _document_description,
    _e,
    _link_description,
    _metres,
    _ring_attributes,
    _ring_description,
)
from incidentmap.export._scene import Link, Scene, build_scene
from incidentmap.geo import circles
from incidentmap.model import (
    Incident,
    IncidentSet,
)

__all__ = ["ICON_HREF", "KML_NS", "kml_document", "write_kml"]

#: The KML 2.2 namespace (OGC 07-147r2).
KML_NS = "http://www.opengis.net/kml/2.2"
#: The one icon every style references; Google Earth tints it with the style's colour.
ICON_HREF = "http://maps.google.com/mapfiles/kml/shapes/placemark_circle.png"

#: Vertices of an uncertainty circle, each exactly at the radius on the ellipsoid. Half the
#: scene's 128 for reported-distance rings: between vertices a 64-gon falls at most 0.12 % of
#: the radius inside the circle, and a file of 16,000 incidents stays half the size.
_CIRCLE_SEGMENTS = 64
#: Decimal places of every coordinate: 1e-6 degrees is about 0.1 m.
_DECIMALS = 6
#: Up to this many incidents, labels are shown; more would bury the map (as in the HTML map).
_LABEL_LIMIT = 30
#: Where the label of the 1st, 2nd, ... ring around one point sits, as a fraction of the way
#: round the ring from north (the HTML map puts them N, S, E, W in the same order).
_LABEL_FRACTIONS = (0.0, 0.5, 0.75, 0.25)
#: How each kind of bound is drawn: (colour, line opacity, line width, band fill opacity).
_RING_LOOK: Mapping[str, tuple[str, int, float, int]] = {
    "upper": ("#444444", 0xFF, 3.0, 0),
    "lower": ("#444444", 0xB0, 1.5, 0),
    "approx": ("#444444", 0xE0, 2.0, 0x30),
    "exact": ("#000000", 0xFF, 2.0, 0),
}
_FORCE_COLOUR = "#111111"
_LINK_COLOUR = "#444444"
#: Characters XML 1.0 does not allow; ElementTree would write them and break the file.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ZERO = f"{0:.{_DECIMALS}f}"
_NEGATIVE_ZERO = "-" + _ZERO
_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'


# -- public functions ---------------------------------------------------------------------------
def kml_document(incidents: IncidentSet, *, title: str = "") -> str:
    """The KML 2.2 document for a set of incidents, as text.

    Parameters
    ----------
    incidents
        The incidents, the sources they cite and any known force positions.
    title
        The document's name in Google Earth's Places panel (``"incidentmap"`` when empty).

    Returns
    -------
    str
        The document with its UTF-8 XML declaration and ``\\n`` newlines. The same input gives
        the same text.

    Examples
    --------
    >>> import datetime as dt
    >>> from incidentmap.model import Incident, IncidentSet, Place
    >>> bab = Place("curated:al-bab", "al-Bab", 36.37, 37.52, "town")
    >>> inc = Incident("a", place=bab, date=dt.date(2017, 2, 28), attacker="Russia")
    >>> text = kml_document(IncidentSet.of([inc]), title="Strikes")
    >>> text.splitlines()[0]
    '<?xml version="1.0" encoding="UTF-8"?>'
    >>> "<when>2017-02-28</when>" in text, "<coordinates>37.520000,36.370000</coordinates>" in text
    (True, True)
    """
    return _serialise(*_tree(build_scene(incidents, title=title)))


def write_kml(incidents: IncidentSet, path: str | Path, *, title: str = "") -> Path:
    """Write the incidents as a KML 2.2 file that Google Earth and GDAL/OGR open.

    The file is written to a temporary file beside ``path`` and renamed into place, so a
    reader never sees half a file, and a failure leaves nothing behind.

    Parameters
    ----------
    incidents
        The incidents, the sources they cite and any known force positions.
    path
        Where to write (``.kml``); missing parent directories are made.
    title
        The document's name in Google Earth's Places panel.

    Returns
    -------
    pathlib.Path
        The path written.

    Raises
    ------
    OSError
        When the file cannot be written (nothing is left behind then).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from incidentmap.model import Incident, IncidentSet, Place
    >>> bab = Place("curated:al-bab", "al-Bab", 36.37, 37.52, "town")
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     out = write_kml(IncidentSet.of([Incident("a", place=bab)]), pathlib.Path(tmp, "a.kml"))
    ...     out.read_bytes()[:38]
    b'<?xml version="1.0" encoding="UTF-8"?>'
    """
    target = Path(path)
    write_texts([(target, kml_document(incidents, title=title))])
    return target


# -- the tree and its text ----------------------------------------------------------------------
#: Each folder element of the skeleton and the Placemarks that follow its name and description.
_Streams = Mapping[ET.Element, Iterable[ET.Element]]


def _tree(scene: Scene) -> tuple[ET.Element, _Streams]:
    """The ``kml`` element (Document, styles, five folders) and the Placemarks of each folder.

    The Placemarks come from generators and are written one at a time, never held as one
    tree: 16,000 incidents are some 600,000 elements, and holding them all makes Python's
    garbage collector rescan them again and again (about 0.6 s of 3 s, when measured).
    """
    root = ET.Element("kml", {"xmlns": KML_NS})
    doc = ET.SubElement(root, "Document")
    _text(doc, "name", scene.title or "incidentmap")
    _text(doc, "open", "1")
    _text(doc, "description", _document_description(scene))
    styles = _styles(doc, scene)
    cites = _Citations(scene.incidents.sources)
    return root, {
        _folder(doc, "Incidents", _ABOUT_INCIDENTS): _incident_placemarks(scene, styles, cites),
        _folder(doc, "Uncertainty", _ABOUT_UNCERTAINTY): _uncertainty_placemarks(scene, styles),
        _folder(doc, "Reported distances", _ABOUT_RINGS): _ring_placemarks(scene, cites),
        _folder(doc, "Forces", _ABOUT_FORCES): _force_placemarks(scene),
        _folder(doc, "Lines", _ABOUT_LINES): _link_placemarks(scene),
    }


def _serialise(root: ET.Element, streams: _Streams) -> str:
    """The tree as an XML document: declaration, one element per line, one space per level.

    ElementTree's own serialiser gives the same XML (a test compares their canonical forms),
    but walks the tree twice in pure Python, handling namespaces and mixed content that this
    tree never has, and needs the whole tree at once. Text and attribute values are escaped
    here and nowhere else (texts were made XML-safe by :func:`_text` when the tree was built).
    """
    out = [_DECLARATION]
    _serialise_element(root, "", out.append, streams)
    return "".join(out)


def _serialise_element(
    el: ET.Element, indent: str, emit: Callable[[str], object], streams: _Streams
) -> None:
    tag = el.tag
    items = el.items()
    emit(f"{indent}<{tag}{_attributes_xml(items) if items else ''}>\n")
    inner = indent + " "
    escape = _escape_text
    for child in itertools.chain(el, streams.get(el, ())):
        if len(child):
            _serialise_element(child, inner, emit, streams)
            continue
        # Leaves (most of the tree) are written here rather than in a call of their own.
        ctag, text = child.tag, child.text
        # .items() rather than .attrib, which would make a dict for every leaf.
        items = child.items()
        attrs = _attributes_xml(items) if items else ""
        if text:
            emit(f"{inner}<{ctag}{attrs}>{escape(text)}</{ctag}>\n")
        else:
            emit(f"{inner}<{ctag}{attrs} />\n")
    emit(f"{indent}</{tag}>\n")


def _attributes_xml(items: Iterable[tuple[str, str]]) -> str:
    return "".join([f' {k}="{_escape_attribute(v)}"' for k, v in items])


def _escape_text(text: str) -> str:
    """XML character data: ``&``, ``<`` and ``>`` escaped (``>`` so ``]]>`` never appears).

    >>> _escape_text("a]]>b & <c>")
    'a]]&gt;b &amp; &lt;c&gt;'
    """
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def _escape_attribute(text: str) -> str:
    text = _escape_text(text).replace('"', "&quot;")
    return text.replace("\n", "&#10;").replace("\t", "&#09;").replace("\r", "&#13;")


def _text(parent: ET.Element, tag: str, value: str) -> ET.Element:
    """A child element holding ``value``, made safe for XML 1.0 (see :func:`_xml_safe`)."""
    el = ET.SubElement(parent, tag)
    el.text = _xml_safe(value)
    return el


def _coordinates(parent: ET.Element, value: str) -> None:
    # Printed from floats: digits, signs, dots, commas and spaces only, nothing to clean.
    ET.SubElement(parent, "coordinates").text = value


def _xml_safe(text: str) -> str:
    """Text that XML 1.0 allows, with ``\\n`` newlines.

    ElementTree would write control characters and lone surrogates as they are, and the file
    would not parse; they become U+FFFD. ``\\r`` would reach a reader as ``\\n`` anyway.

    >>> _xml_safe("a\\x00b\\r\\nc")
    'a\ufffdb\\nc'
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _NOT_XML.sub("\ufffd", text) if _NOT_XML.search(text) else text


def _kml_colour(colour: str, alpha: int = 0xFF) -> str:
    """``#rrggbb`` as KML's ``aabbggrr``.

    >>> _kml_colour("#d7191c", 0x80)
    '801c19d7'
    """
    r, g, b = colour[1:3], colour[3:5], colour[5:7]
    return f"{alpha:02x}{b}{g}{r}".lower()


def _coords(xy: npt.ArrayLike) -> str:
    """``lon,lat lon,lat ...`` with a fixed number of decimals (never ``-0.000000``).

    >>> _coords([(36.37, -0.00000001), (-0.5, 36.0)])
    '36.370000,0.000000 -0.500000,36.000000'
    """
    array = np.asarray(xy, dtype=np.float64)
    if array.ndim == 2 and array.shape[1] > 2:
        array = array[:, :2]  # drop heights: everything here is drawn on the ground
    values = array.ravel().tolist()
    # %-formatting rounds correctly (CPython's dtoa), so the digits are the same everywhere;
    # numbers are separated by "," or " ", so "-0.000000" can only be a whole number.
    text: str = _coords_format(len(values) // 2) % tuple(values)
    return text.replace(_NEGATIVE_ZERO, _ZERO) if _NEGATIVE_ZERO in text else text


def _point_coords(lon: float, lat: float) -> str:
    text = f"{lon:.{_DECIMALS}f},{lat:.{_DECIMALS}f}"
    return text.replace(_NEGATIVE_ZERO, _ZERO) if _NEGATIVE_ZERO in text else text


@functools.lru_cache(maxsize=64)
def _coords_format(n: int) -> str:
    # One %-format for a whole ring is the fastest pure-Python way to print its vertices.
    return " ".join([f"%.{_DECIMALS}f,%.{_DECIMALS}f"] * n)


# -- styles --------------------------------------------------------------------------------------
def _style(
    doc: ET.Element,
    sid: str,
    colour: str,
    *,
    icon_scale: float,
    label_scale: float,
    line: tuple[int, float],
    fill_alpha: int,
) -> None:
    style = ET.SubElement(doc, "Style", {"id": sid})
    icon = ET.SubElement(style, "IconStyle")
    _text(icon, "color", _kml_colour(colour))
    _text(icon, "scale", f"{icon_scale:g}")
    _text(ET.SubElement(icon, "Icon"), "href", ICON_HREF)
    label = ET.SubElement(style, "LabelStyle")
    # Ring and link labels stand alone (no icon): white reads best on imagery, Earth's default.
    _text(label, "color", _kml_colour(colour if icon_scale else "#ffffff"))
    _text(label, "scale", f"{label_scale:g}")
    line_style = ET.SubElement(style, "LineStyle")
    _text(line_style, "color", _kml_colour(colour, line[0]))
    _text(line_style, "width", f"{line[1]:g}")
    poly = ET.SubElement(style, "PolyStyle")
    _text(poly, "color", _kml_colour(colour, fill_alpha))
    _text(poly, "fill", "1" if fill_alpha else "0")
    _text(poly, "outline", "1")


def _styles(doc: ET.Element, scene: Scene) -> dict[int, str]:
    """One style per legend row (actor group), then ring, force and link styles.

    Returns legend row → style id.
    """
    label_scale = 0.8 if len(scene.marks) <= _LABEL_LIMIT else 0.0
    ids: dict[int, str] = {}
    for k, (_, colour, _) in enumerate(scene.legend):
        ids[k] = f"attacker-{k + 1}"
        _style(doc, ids[k], colour, icon_scale=1.0, label_scale=label_scale,
               line=(0xD0, 1.5), fill_alpha=0x40)  # fmt: skip
    for bound, (colour, alpha, width, fill) in _RING_LOOK.items():
        # The icon is hidden (scale 0) so that a ring's label Point shows its text only.
        _style(doc, f"ring-{bound}", colour, icon_scale=0.0, label_scale=0.8,
               line=(alpha, width), fill_alpha=fill)  # fmt: skip
    _style(doc, "force", _FORCE_COLOUR, icon_scale=1.2, label_scale=0.8,
           line=(0xFF, 2.0), fill_alpha=0x26)  # fmt: skip
    _style(doc, "link", _LINK_COLOUR, icon_scale=0.0, label_scale=0.8,
           line=(0xFF, 2.0), fill_alpha=0)  # fmt: skip
    return ids


# -- geometry ------------------------------------------------------------------------------------
def _point(parent: ET.Element, lon: float, lat: float) -> None:
    _coordinates(ET.SubElement(parent, "Point"), _point_coords(lon, lat))


def _line(parent: ET.Element, coords: npt.ArrayLike) -> None:
    line = ET.SubElement(parent, "LineString")
    _text(line, "tessellate", "1")
    _coordinates(line, _coords(coords))


def _polygon(parent: ET.Element, shell: npt.ArrayLike, holes: Iterable[npt.ArrayLike] = ()) -> None:
    poly = ET.SubElement(parent, "Polygon")
    _text(poly, "tessellate", "1")
    outer = ET.SubElement(ET.SubElement(poly, "outerBoundaryIs"), "LinearRing")
    _coordinates(outer, _coords(shell))
    for hole in holes:
        inner = ET.SubElement(ET.SubElement(poly, "innerBoundaryIs"), "LinearRing")
        _coordinates(inner, _coords(hole))


def _geometry(parent: ET.Element, geom: BaseGeometry) -> None:
    """Any shapely geometry as KML: Point, LineString, Polygon, or a MultiGeometry of them."""
    kind = geom.geom_type
    if kind == "Point":
        _point(parent, geom.x, geom.y)
    elif kind in ("LineString", "LinearRing"):
        _line(parent, geom.coords)
    elif isinstance(geom, Polygon):
        # KML wants outer rings counter-clockwise (and holes clockwise).
        poly = orient(geom, 1.0)
        _polygon(parent, poly.exterior.coords, (hole.coords for hole in poly.interiors))
    else:
        multi = ET.SubElement(parent, "MultiGeometry")
        for part in getattr(geom, "geoms", ()):
            if not part.is_empty:
                _geometry(multi, part)


def _closed(vertices: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    return np.concatenate([vertices, vertices[:1]])


# -- folders -------------------------------------------------------------------------------------
_ABOUT_INCIDENTS = "One placemark per incident, coloured by attacker."
_ABOUT_UNCERTAINTY = (
    "Where each imprecisely placed incident may be: a geodesic circle of the stated radius "
    "(every vertex that far from the point on the WGS84 ellipsoid), or the area it lies in."
)
_ABOUT_RINGS = (
    "Each reported distance as a geodesic ring around what it is measured from: the upper bound "
    "of 'less than' claims (thick), the lower bound of 'more than' claims (thin), 'about' "
    "claims with their band shaded."
)
_ABOUT_FORCES = "Where forces were reported to be."
_ABOUT_LINES = "From each incident to a force position, with the geodesic length."


def _folder(doc: ET.Element, name: str, description: str) -> ET.Element:
    folder = ET.SubElement(doc, "Folder")
    _text(folder, "name", name)
    _text(folder, "description", description)
    return folder


def _placemark(
    name: str, style: str, date: dt.date | str | None = None, description: str = ""
) -> ET.Element:
    """A Placemark with its children in the order the KML 2.2 schema requires."""
    pm = ET.Element("Placemark")
    _text(pm, "name", name)
    if description:
        _text(pm, "description", description)
    if date:
        when = date if isinstance(date, str) else date.isoformat()
        _text(ET.SubElement(pm, "TimeStamp"), "when", when)
    _text(pm, "styleUrl", f"#{style}")
    return pm


def _incident_placemarks(
    scene: Scene, styles: Mapping[int, str], cites: _Citations
) -> Iterator[ET.Element]:
    for mark in scene.marks:
        inc = mark.incident
        style = styles[scene.legend_row(mark)]
        pm = _placemark(_incident_name(inc), style, inc.date, _description(mark, cites))
        _extended_data(pm, _attributes(mark, cites))
        _point(pm, mark.lon, mark.lat)
        yield pm


def _incident_name(inc: Incident) -> str:
    place = inc.place_name or (inc.place.name if inc.place else "")
    date = inc.date.isoformat() if inc.date else "undated"
    return f"{date} {place}".strip()


def _uncertainty_placemarks(scene: Scene, styles: Mapping[int, str]) -> Iterator[ET.Element]:
    round_marks = [m for m in scene.marks if m.area is None and m.radius_m > 0]
    # All circles in one vectorised call: the vertices of geo.circle, bit for bit.
    vertices = (
        circles(
            [m.lon for m in round_marks],
            [m.lat for m in round_marks],
            [m.radius_m for m in round_marks],
            segments=_CIRCLE_SEGMENTS,
        )
        if round_marks
        else np.empty((0, _CIRCLE_SEGMENTS, 2))
    )
    ring_of = {m.incident.id: vertices[k] for k, m in enumerate(round_marks)}
    for mark in scene.marks:
        inc = mark.incident
        if mark.area is None and mark.radius_m <= 0:
            continue
        name = f"{_incident_name(inc)}: {mark.area_note}"
        pm = _placemark(name, styles[scene.legend_row(mark)], inc.date)
        _extended_data(pm, [("id", inc.id), ("uncertainty_m", _metres(mark))])
        if mark.area is not None:
            _geometry(pm, mark.area)
        else:
            _polygon(pm, _closed(ring_of[inc.id]))
        yield pm


def _ring_placemarks(scene: Scene, cites: _Citations) -> Iterator[ET.Element]:
    dates = {m.incident.id: m.incident.date for m in scene.marks}
    around: dict[tuple[float, float], int] = {}
    for ring in scene.rings:
        k = around.get((ring.lon, ring.lat), 0)
        around[(ring.lon, ring.lat)] = k + 1
        pm = _placemark(
            ring.label,
            f"ring-{ring.bound}",
            dates.get(ring.incident_id),
            _ring_description(ring, cites),
        )
        _extended_data(pm, _ring_attributes(ring))
        multi = ET.SubElement(pm, "MultiGeometry")
        coords = ring.polygon.exterior.coords
        fraction = _LABEL_FRACTIONS[k % len(_LABEL_FRACTIONS)]
        _point(multi, *coords[int(fraction * (len(coords) - 1))])
        _line(multi, coords)
        if ring.band is not None and not ring.band.is_empty:
            _geometry(multi, ring.band)
        yield pm


def _force_placemarks(scene: Scene) -> Iterator[ET.Element]:
    for force, place, date in scene.forces:
        name = f"{force} ({date})" if date else force
        desc = f"<p><b>{_e(force)}</b></p><p>{_e(place.name)}</p>"
        if place.source:
            desc += f"<p>Place source: {_e(place.source)}</p>"
        pm = _placemark(name, "force", date, desc)
        geom = place.geometry
        if geom is None or geom.is_empty or geom.geom_type == "Point":
            _point(pm, place.lon, place.lat)
        else:
            multi = ET.SubElement(pm, "MultiGeometry")
            _point(multi, place.lon, place.lat)
            _geometry(multi, geom)
        yield pm


def _link_placemarks(scene: Scene) -> Iterator[ET.Element]:
    dates = {m.incident.id: m.incident.date for m in scene.marks}
    for link in scene.links:
        pm = _placemark(link.label, "link", dates.get(link.incident_id), _link_description(link))
        _extended_data(
            pm, [("incident", link.incident_id), ("force", link.force), ("length_m", _m(link))]
        )
        _line(pm, link.coords)
        yield pm


def _m(link: Link) -> str:
    return f"{link.length_m:.1f}"


def _extended_data(pm: ET.Element, pairs: Sequence[tuple[str, str]]) -> None:
    data = ET.SubElement(pm, "ExtendedData")
    for name, value in pairs:
        _text(ET.SubElement(data, "Data", {"name": name}), "value", value)


# -- writing -------------------------------------------------------------------------------------
