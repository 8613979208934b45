"""KML export: structure Google Earth and GDAL read, colours, geodesic rings, inert text, bytes."""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pyproj import Geod

from incidentmap.api import example_path, read
from incidentmap.export import _atomic, build_scene
from incidentmap.export import _kml as kml_module
from incidentmap.export._kml import ICON_HREF, KML_NS, kml_document, write_kml
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

GEOD = Geod(ellps="WGS84")
NS = {"k": KML_NS}
FOLDERS = ["Incidents", "Uncertainty", "Reported distances", "Forces", "Lines"]
BAB = Place("curated:al-bab", "al-Bab", 36.37, 37.52, "town", country="SY")
TANF = Place("curated:al-tanf", "al-Tanf garrison", 33.50583, 38.61778, "military_base")
#: Hostile text: would run if a description were HTML-injected, or break the XML if unescaped.
PAYLOADS = (
    "<script>window.__xss=1;alert(1)</script>",
    '<img src=x onerror="window.__xss=1;alert(1)">',
    "]]><x>cdata escape</x>",
    "Tom & Jerry &amp; &lt;",
)


# -- helpers and fixtures -----------------------------------------------------------------------
def _parse(path: Path) -> ET.Element:
    return ET.parse(path).getroot()


def _folder(root: ET.Element, name: str) -> ET.Element:
    for folder in root.iterfind("k:Document/k:Folder", NS):
        if folder.findtext("k:name", namespaces=NS) == name:
            return folder
    raise AssertionError(f"no folder {name!r}")


def _placemarks(root: ET.Element, folder: str) -> list[ET.Element]:
    return _folder(root, folder).findall("k:Placemark", NS)


def _data(pm: ET.Element) -> dict[str, str]:
    return {
        d.get("name", ""): d.findtext("k:value", default="", namespaces=NS)
        for d in pm.iterfind("k:ExtendedData/k:Data", NS)
    }


def _vertices(text: str) -> list[tuple[float, float]]:
    return [(float(x), float(y)) for x, y in (p.split(",") for p in text.split())]


def _max_radius_error(lon: float, lat: float, radius_m: float, coords: str) -> float:
    return max(abs(GEOD.inv(lon, lat, x, y)[2] - radius_m) for x, y in _vertices(coords))


class _Html(HTMLParser):
    """Records the tags, attributes and text a browser (or Google Earth) would see."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attrs += attrs

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _seen(description: str) -> _Html:
    parser = _Html()
    parser.feed(description)
    parser.close()
    return parser


def _incident(**kw: object) -> Incident:
    base: dict[str, object] = {"id": "a", "place": BAB, "attacker": "Russia"}
    base.update(kw)
    return Incident(**base)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def example(gazetteer: Gazetteer) -> IncidentSet:
    return read(example_path(), gazetteer=gazetteer)


@pytest.fixture(scope="module")
def example_kml(example: IncidentSet, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_kml(example, tmp_path_factory.mktemp("kml") / "example.kml", title="Example")


@pytest.fixture(scope="module")
def example_root(example_kml: Path) -> ET.Element:
    return _parse(example_kml)


# -- the bundled example --------------------------------------------------------------------------
def test_example_has_four_incident_placemarks_and_three_rings(example_root: ET.Element) -> None:
    assert example_root.tag == f"{{{KML_NS}}}kml"
    assert len(_placemarks(example_root, "Incidents")) == 4
    assert len(_placemarks(example_root, "Reported distances")) == 3


def test_document_has_title_and_the_five_folders_in_order(example_root: ET.Element) -> None:
    doc = example_root.find("k:Document", NS)
    assert doc is not None
    assert doc.findtext("k:name", namespaces=NS) == "Example"
    assert [f.findtext("k:name", namespaces=NS) for f in doc.findall("k:Folder", NS)] == FOLDERS


def test_style_per_attacker_with_the_scene_colour_in_aabbggrr(
    example: IncidentSet, example_root: ET.Element
) -> None:
    colours = {
        m.incident.attacker or "unknown attacker": m.colour for m in build_scene(example).marks
    }
    styles = {s.get("id"): s for s in example_root.iterfind("k:Document/k:Style", NS)}
    seen: dict[str, str] = {}
    for pm in _placemarks(example_root, "Incidents"):
        attacker = _data(pm)["attacker"]
        style_id = pm.findtext("k:styleUrl", namespaces=NS).removeprefix("#")  # type: ignore[union-attr]
        style = styles[style_id]
        rgb = colours[attacker]
        want = f"ff{rgb[5:7]}{rgb[3:5]}{rgb[1:3]}"
        assert style.findtext("k:IconStyle/k:color", namespaces=NS) == want
        assert style.findtext("k:IconStyle/k:Icon/k:href", namespaces=NS) == ICON_HREF
        for part in ("LabelStyle", "LineStyle", "PolyStyle"):
            assert style.find(f"k:{part}", NS) is not None
        assert seen.setdefault(attacker, style_id) == style_id
    assert len(set(seen.values())) == len(colours) == 3


def test_incident_names_and_timestamps_are_the_dates(
    example: IncidentSet, example_root: ET.Element
) -> None:
    pms = _placemarks(example_root, "Incidents")
    for inc, pm in zip(example, pms, strict=True):
        assert inc.date is not None
        assert pm.findtext("k:TimeStamp/k:when", namespaces=NS) == inc.date.isoformat()
        assert pm.findtext("k:name", namespaces=NS) == f"{inc.date.isoformat()} {inc.place_name}"
        x, y = _vertices(pm.findtext("k:Point/k:coordinates", namespaces=NS) or "")[0]
        assert inc.place is not None
        assert (x, y) == pytest.approx((inc.place.lon, inc.place.lat), abs=1e-6)


def test_extended_data_carries_the_attributes_gis_tools_read(
    example: IncidentSet, example_root: ET.Element
) -> None:
    pm = _placemarks(example_root, "Incidents")[0]
    data = _data(pm)
    inc = example.incidents[0]
    assert list(data) == [
        "id", "date", "attacker", "target", "precision", "uncertainty_m", "casualties"
    ]  # fmt: skip
    assert data["id"] == inc.id
    assert data["uncertainty_m"] == "10000"
    assert "at least 62 killed (Russian military)" in data["casualties"]
    assert "83 killed (Syrian Observatory for Human Rights)" in data["casualties"]


def test_uncertainty_circles_are_geodesic_and_areas_are_drawn_as_areas(
    example: IncidentSet, example_root: ET.Element
) -> None:
    pms = {_data(pm)["id"]: pm for pm in _placemarks(example_root, "Uncertainty")}
    assert set(pms) == {i.id for i in example}
    tanf = next(i for i in example if i.id.startswith("al-tanf"))
    assert tanf.place is not None and tanf.uncertainty_m == 30_000
    shell = pms[tanf.id].findtext(
        "k:Polygon/k:outerBoundaryIs/k:LinearRing/k:coordinates", namespaces=NS
    )
    assert shell is not None
    assert len(_vertices(shell)) == 65  # 64 vertices and the closing one
    assert _max_radius_error(tanf.place.lon, tanf.place.lat, 30_000, shell) < 0.5
    bank = pms["deir-ez-zor-east-bank-2017-09-16"]
    assert bank.find(".//k:Polygon", NS) is not None
    assert _data(bank)["uncertainty_m"] == ""


def test_rings_are_labelled_like_the_html_map_with_the_geodesic_radius(
    example: IncidentSet, example_root: ET.Element
) -> None:
    scene = build_scene(example)
    pms = _placemarks(example_root, "Reported distances")
    assert [pm.findtext("k:name", namespaces=NS) for pm in pms] == [
        "US troops < 5 km",
        "US advisory forces < 5 mi",
        "US special operations advisers ≤ 2 mi",
    ]
    for ring, pm in zip(scene.rings, pms, strict=True):
        assert pm.findtext("k:styleUrl", namespaces=NS) == "#ring-upper"
        line = pm.findtext("k:MultiGeometry/k:LineString/k:coordinates", namespaces=NS)
        assert line is not None
        assert _max_radius_error(ring.lon, ring.lat, ring.radius_m, line) < 0.5
        assert float(_data(pm)["radius_m"]) == pytest.approx(ring.radius_m, abs=5e-4)
        label = pm.findtext("k:MultiGeometry/k:Point/k:coordinates", namespaces=NS)
        assert label is not None
        assert _max_radius_error(ring.lon, ring.lat, ring.radius_m, label) < 0.5
    assert float(_data(pms[1])["radius_m"]) == pytest.approx(8046.72)


def test_descriptions_hold_every_claim_claimant_distance_and_source(
    example: IncidentSet, example_root: ET.Element
) -> None:
    for inc, pm in zip(example, _placemarks(example_root, "Incidents"), strict=True):
        text = "".join(_seen(pm.findtext("k:description", namespaces=NS) or "").text)
        assert inc.attacker in text and inc.target in text
        for claim in inc.casualties:
            assert claim.figure in text and claim.claimed_by in text and claim.text in text
        for d in inc.proximity:
            assert f"{d.force} {d.label}" in text and d.text in text
        for sid in inc.sources:
            source = example.sources[sid]
            assert (source.title or source.outlet) in text
        assert inc.notes in text
        assert ("contested: sources differ" in text) == inc.id.startswith("deir-ez-zor-airport")


# -- styles and geometry of hand-made incidents ---------------------------------------------------
def test_bounds_are_styled_differently_and_about_claims_have_a_band() -> None:
    claims = (
        ReportedDistance(5, "km", "less than", force="A"),
        ReportedDistance(2, "km", "more than", force="B"),
        ReportedDistance(3, "km", "about", force="C"),
    )
    root = ET.fromstring(kml_document(IncidentSet.of([_incident(proximity=claims)])))
    pms = _placemarks(root, "Reported distances")
    urls = [pm.findtext("k:styleUrl", namespaces=NS) for pm in pms]
    assert urls == ["#ring-upper", "#ring-lower", "#ring-approx"]
    styles = {s.get("id"): s for s in root.iterfind("k:Document/k:Style", NS)}
    looks = {
        (
            styles[u[1:]].findtext("k:LineStyle/k:color", namespaces=NS),
            styles[u[1:]].findtext("k:LineStyle/k:width", namespaces=NS),
        )
        for u in urls
        if u
    }
    assert len(looks) == 3
    assert pms[2].find("k:MultiGeometry/k:Polygon", NS) is not None
    assert pms[0].find("k:MultiGeometry/k:Polygon", NS) is None


def test_forces_and_lines_carry_positions_and_geodesic_lengths() -> None:
    claim = ReportedDistance(60, "km", "less than", force="US troops", reference="strike")
    inc = _incident(place=TANF, proximity=(claim,), date=dt.date(2016, 6, 16))
    force = ForcePosition("US troops", BAB, dt.date(2016, 6, 16))
    root = ET.fromstring(kml_document(IncidentSet(incidents=(inc,), forces=(force,))))
    (force_pm,) = _placemarks(root, "Forces")
    assert force_pm.findtext("k:name", namespaces=NS) == "US troops (2016-06-16)"
    (line_pm,) = _placemarks(root, "Lines")
    length = GEOD.inv(TANF.lon, TANF.lat, BAB.lon, BAB.lat)[2]
    assert line_pm.findtext("k:name", namespaces=NS) == f"US troops: {length / 1000:.1f} km"
    assert float(_data(line_pm)["length_m"]) == pytest.approx(length, abs=0.05)


def test_exact_incident_has_no_uncertainty_and_undated_one_no_timestamp() -> None:
    root = ET.fromstring(kml_document(IncidentSet.of([_incident(precision="exact")])))
    (pm,) = _placemarks(root, "Incidents")
    assert pm.find("k:TimeStamp", NS) is None
    assert pm.findtext("k:name", namespaces=NS) == "undated al-Bab"
    assert _placemarks(root, "Uncertainty") == []


def test_empty_set_gives_a_valid_document_with_empty_folders() -> None:
    root = ET.fromstring(kml_document(IncidentSet()))
    assert [f.findtext("k:name", namespaces=NS) for f in root.iterfind(".//k:Folder", NS)] == (
        FOLDERS
    )
    assert root.find(".//k:Placemark", NS) is None


# -- hostile text ---------------------------------------------------------------------------------
@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_text_in_any_field_comes_out_as_text(tmp_path: Path, payload: str) -> None:
    source = Source(
        "s1",
        outlet=payload,
        title=payload,
        url='https://example.org/?q="><script>window.__xss=1</script>&x=1',
    )
    place = Place("p", payload, 36.37, 37.52, "town", source=payload)
    inc = _incident(
        id=payload,
        place=place,
        place_name=payload,
        date=dt.date(2017, 2, 28),
        type=payload,
        attacker=payload,
        target=payload,
        precision="near",
        casualties=(
            CasualtyClaim("killed", 3, party=payload, claimed_by=payload, source_id="s1"),
            CasualtyClaim("killed", 5, count_text=payload, claimed_by="B", text=payload),
        ),
        proximity=(
            ReportedDistance(
                5, "km", "less than", text=payload, force=payload, reference=payload, source_id="s1"
            ),
        ),
        sources=("s1",),
        notes=payload,
    )
    path = write_kml(IncidentSet.of([inc], [source]), tmp_path / "x.kml", title=payload)
    raw = path.read_text(encoding="utf-8")
    assert "]]>" not in raw and "<script" not in raw and "<img" not in raw
    root = _parse(path)  # well-formed whatever the text
    assert root.findtext("k:Document/k:name", namespaces=NS) == payload
    (pm,) = _placemarks(root, "Incidents")
    assert pm.findtext("k:name", namespaces=NS) == f"2017-02-28 {payload}"
    assert _data(pm)["attacker"] == payload
    for desc_el in root.iter(f"{{{KML_NS}}}description"):
        seen = _seen(desc_el.text or "")
        # Only the writer's own markup is markup; payloads are never tags or attributes.
        assert seen.tags <= {"p", "b", "br", "ul", "li", "a"}
        for name, value in seen.attrs:
            assert name == "href" and value is not None and value.startswith("https://")
    text = "".join(_seen(pm.findtext("k:description", namespaces=NS) or "").text)
    assert text.count(payload) >= 8  # attacker, target, place, claims, distance, source, notes
    assert '"><script>window.__xss=1</script>&x=1' in text  # the URL shown as text


def test_characters_xml_forbids_become_replacement_characters() -> None:
    place = Place("p", "al-Bab\x00\x1b\ud800", 36.37, 37.52, "town")
    text = kml_document(IncidentSet.of([_incident(place=place, notes="a\r\nb\rc\x01d")]))
    root = ET.fromstring(text)
    (pm,) = _placemarks(root, "Incidents")
    assert pm.findtext("k:name", namespaces=NS) == "undated al-Bab\ufffd\ufffd\ufffd"
    assert "a<br>b<br>c\ufffdd" in (pm.findtext("k:description", namespaces=NS) or "")
    assert "\r" not in text


# -- bytes and files ------------------------------------------------------------------------------
def test_same_input_gives_the_same_bytes(example: IncidentSet, tmp_path: Path) -> None:
    a = write_kml(example, tmp_path / "a.kml", title="T").read_bytes()
    b = write_kml(example, tmp_path / "b.kml", title="T").read_bytes()
    assert a == b
    assert a.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="')
    assert b"\r" not in a and a.endswith(b"</kml>\n")
    assert b"-0.000000" not in a


def test_serialiser_writes_what_elementtree_would(example: IncidentSet) -> None:
    hostile = _incident(id="h", place_name=PAYLOADS[1], notes=" & ".join(PAYLOADS))
    incidents = IncidentSet(
        incidents=(*example.incidents, hostile),
        sources=example.sources,
        forces=example.forces,
    )
    ours = kml_document(incidents, title=PAYLOADS[0])
    root, streams = kml_module._tree(build_scene(incidents, title=PAYLOADS[0]))
    for folder, placemarks in streams.items():
        folder.extend(placemarks)
    theirs = ET.tostring(root, encoding="unicode")
    assert ET.canonicalize(ours, strip_text=True) == ET.canonicalize(theirs, strip_text=True)


def test_write_makes_parent_directories_and_returns_the_path(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "map.kml"
    out = write_kml(IncidentSet.of([_incident()]), str(target))
    assert out == target and target.is_file()
    assert [p.name for p in target.parent.iterdir()] == ["map.kml"]


def test_failed_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "map.kml"
    target.write_text("old", encoding="utf-8")

    def fail(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(_atomic.os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        write_kml(IncidentSet.of([_incident()]), target)
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.kml"]


def test_written_file_is_readable_by_others(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        path = write_kml(IncidentSet.of([_incident()]), tmp_path / "m.kml")
    finally:
        os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o644


# -- GDAL, when installed -------------------------------------------------------------------------
@pytest.mark.skipif(
    importlib.util.find_spec("pyogrio") is None and importlib.util.find_spec("fiona") is None,
    reason="neither pyogrio nor fiona is installed: GDAL's KML driver is not available",
)
def test_gdal_kml_driver_reads_the_incidents_and_their_attributes(example_kml: Path) -> None:
    if importlib.util.find_spec("pyogrio") is not None:
        import pyogrio

        layers = [str(row[0]) for row in pyogrio.list_layers(example_kml)]
        assert layers[:2] == ["Incidents", "Uncertainty"]
        table = pyogrio.read_dataframe(example_kml, layer="Incidents", read_geometry=False)
        assert len(table) == 4
        assert "attacker" in table.columns or "Name" in table.columns
    else:
        import fiona

        assert fiona.listlayers(example_kml)[:2] == ["Incidents", "Uncertainty"]
        with fiona.open(example_kml, layer="Incidents") as layer:
            assert len(list(layer)) == 4


# -- size -----------------------------------------------------------------------------------------
def _synthetic(n: int) -> IncidentSet:
    sources = [Source(f"s{k}", outlet=f"Outlet {k}", url=f"https://example.org/{k}")
               for k in range(20)]  # fmt: skip
    attackers = ["Russian aircraft", "US-led coalition aircraft", "Turkish drones", "Islamic State"]
    incidents = []
    for k in range(n):
        place = Place(f"p{k}", f"Place {k}", 32.5 + (k * 7919 % 5000) / 1000,
                      36 + (k * 104729 % 6000) / 1000, "town")  # fmt: skip
        claims = (CasualtyClaim("killed", k % 7, claimed_by="A", source_id="s2"),
                  CasualtyClaim("killed", k % 9, claimed_by="B", source_id="s3"))  # fmt: skip
        proximity = (
            (ReportedDistance(5, "km", "less than", force="US troops"),) if k % 10 == 0 else ()
        )
        incidents.append(
            Incident(
                f"i{k}",
                place=place,
                place_name=place.name,
                date=dt.date(2016, 1, 1) + dt.timedelta(days=k % 1500),
                attacker=attackers[k % 4],
                target="fighters",
                precision=("exact", "near", "region")[k % 3],
                casualties=claims,
                proximity=proximity,
                sources=("s2", "s3"),
                notes="note & <b>",
            )
        )
    return IncidentSet.of(incidents, sources)


def test_writing_16566_incidents_gives_one_placemark_each(tmp_path: Path) -> None:
    # the time it takes is measured in benchmarks/bench_write.py
    incidents = _synthetic(16_566)
    path = write_kml(incidents, tmp_path / "big.kml")
    root = _parse(path)
    assert len(_placemarks(root, "Incidents")) == 16_566
