"""The scoring of ``benchmarks/eval_geoparse.py``: spans, distances, loaders, baseline lines."""

from __future__ import annotations

import importlib.util
import math
import sys
from pathlib import Path
from types import ModuleType

import pytest
from shapely import LineString, Polygon

from incidentmap.geo import offset

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def _load(name: str) -> ModuleType:
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, BENCHMARKS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def ev() -> ModuleType:
    return _load("eval_geoparse")


# -- spans ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ((0, 5), (5, 9), False),  # touching half-open spans share no character
        ((0, 5), (4, 9), True),
        ((3, 4), (0, 10), True),  # inside
        ((0, 10), (3, 4), True),
        ((7, 9), (0, 5), False),
    ],
)
def test_overlaps(ev: ModuleType, a: tuple[int, int], b: tuple[int, int], expected: bool) -> None:
    assert ev.overlaps(*a, *b) is expected
    assert ev.overlaps(*b, *a) is expected
    assert (ev.overlap_len(*a, *b) > 0) is expected


def test_realign_moves_a_drifting_span_onto_its_surface(ev: ModuleType) -> None:
    text = "Shelling hit Aleppo and then Idlib."
    assert ev.realign(text, "Aleppo", 13, 19) == (13, 19)  # already right
    assert ev.realign(text, "Aleppo", 9, 15) == (13, 19)  # 4 characters early
    assert ev.realign(text, "Idlib", 35, 40) == (29, 34)  # 6 late
    assert ev.realign(text, "ALEPPO", 12, 18) == (13, 19)  # any case when no exact match
    assert ev.realign(text, "Damascus", 13, 21) is None
    assert ev.realign(text, "Idlib", 0, 5) is None  # farther than the window


def test_realign_negative_offsets_need_a_unique_surface(ev: ModuleType) -> None:
    text = "US troops left. The US said so. American officials agreed."
    assert ev.realign(text, "American", -139, -131) == (32, 40)
    assert ev.realign(text, "US", -239, -237) is None  # twice in the text


# -- distances ----------------------------------------------------------------------------------
def test_error_km_point(ev: ModuleType) -> None:
    found = ev.Found(0, 6, "Aleppo", lat=36.20124, lon=37.16117)
    assert ev.error_km(36.37051, 37.5157, found) == pytest.approx(36.976, abs=0.01)
    assert ev.error_km(36.2, 37.16, ev.Found(0, 6, "Aleppo")) == ev.MAX_KM  # unresolved


def test_error_km_to_a_line_is_the_geodesic_distance_to_its_nearest_point(ev: ModuleType) -> None:
    river = LineString([(40.0, 34.0), (40.0, 36.0)])
    found = ev.Found(0, 9, "Euphrates", lat=35.0, lon=40.0, geometry=river, kind="river")
    lon, lat = offset(40.0, 35.5, 25_000, "east")  # 25 km east, 55 km from the river's point
    assert ev.error_km(lat, lon, found) == pytest.approx(25.0, abs=0.01)
    assert ev.error_km(36.0, 40.0, found) == pytest.approx(0.0, abs=1e-6)  # on the line


def test_error_km_to_an_area_is_zero_inside_and_to_the_boundary_outside(ev: ModuleType) -> None:
    square = Polygon([(38.0, 34.0), (40.0, 34.0), (40.0, 36.0), (38.0, 36.0)])
    found = ev.Found(0, 5, "Syria", lat=35.0, lon=39.0, geometry=square, kind="country")
    assert ev.error_km(35.9, 38.1, found) == 0.0  # inside, far from the representative point
    lon, lat = offset(40.0, 35.0, 10_000, "east")
    assert ev.error_km(lat, lon, found) == pytest.approx(10.0, abs=0.01)


def test_auc(ev: ModuleType) -> None:
    assert ev.auc([0.0, 0.0, 0.0]) == 0.0
    assert ev.auc([ev.MAX_KM] * 4) == pytest.approx(1.0, abs=1e-4)  # log1p(max) / log(max)
    mixed = ev.auc([0.0, 10.0, 1000.0])
    assert 0 < mixed < 1
    assert math.isnan(ev.auc([]))


# -- baseline output lines -----------------------------------------------------------------------
def test_parse_baseline_line(ev: ModuleType) -> None:
    line = (
        "No Gaz,,BEIRUT,,33.89332,,35.50157,,0,,6||No Gaz,,Frenchmen,,,,,,3790,,3799||"
        "Afrin District,,Afrin,,36.54891,,36.79295,,612,,617||\n"
    )
    assert ev.parse_baseline_line(line) == [
        ("No Gaz", "BEIRUT", 33.89332, 35.50157, 0, 6),
        ("No Gaz", "Frenchmen", None, None, 3790, 3799),
        ("Afrin District", "Afrin", 36.54891, 36.79295, 612, 617),
    ]
    assert ev.parse_baseline_line("") == []
    with pytest.raises(ValueError, match="6"):
        ev.parse_baseline_line("a,,b,,1")


# -- loaders ------------------------------------------------------------------------------------
GWN_XML = """<?xml version="1.0" ?>
<articles>
  <article file="0">
    <title>t</title><link>l</link>
    <text>Turkish jets struck Afrin, near Aleppo. Paris Hilton was not there.</text>
    <toponyms>
      <toponym><extractedName>Turkish</extractedName><normalisedName/><type>Demonym</type>
        <modifierType>Adjective</modifierType><nonLocational>No</nonLocational>
        <start>0</start><end>7</end></toponym>
      <toponym><extractedName>Afrin</extractedName><normalisedName>Afrin</normalisedName>
        <type>Literal</type><modifierType/><nonLocational>No</nonLocational>
        <start>20</start><end>25</end><geonamesID>170063</geonamesID>
        <latitude>36.51</latitude><longitude>36.87</longitude></toponym>
      <toponym><extractedName>Aleppo</extractedName><normalisedName>Aleppo</normalisedName>
        <type>Literal</type><modifierType/><nonLocational>No</nonLocational>
        <start>32</start><end>38</end><geonamesID>170063</geonamesID>
        <latitude>36.20</latitude><longitude>37.16</longitude></toponym>
      <toponym><extractedName>Paris</extractedName><normalisedName/><type>Non_Toponym</type>
        <modifierType/><nonLocational>No</nonLocational><start>40</start><end>45</end>
      </toponym>
      <toponym><extractedName>there</extractedName><normalisedName/>
        <type>Literal_Expression</type><modifierType/><nonLocational>No</nonLocational>
        <start>62</start><end>67</end></toponym>
    </toponyms>
  </article>
</articles>
"""


def test_load_gwn(ev: ModuleType, tmp_path: Path) -> None:
    xml = tmp_path / "GWN.xml"
    xml.write_text(GWN_XML, encoding="utf-8")
    (doc,) = ev.load_gwn(xml)
    assert [g.surface for g in doc.toponyms] == ["Afrin", "Aleppo"]
    assert [g.type for g in doc.negatives] == ["Demonym", "Non_Toponym"]
    assert [(g.surface, g.lat) for g in doc.geo] == [("Afrin", 36.51), ("Aleppo", 36.20)]
    # With gwn_full.txt the geocoding gold comes from it (offsets drifting by 2 are realigned).
    full = tmp_path / "gwn_full.txt"
    full.write_text("Halab,,Aleppo,,36.2,,37.16,,34,,40||\n", encoding="utf-8")
    (doc,) = ev.load_gwn(xml, full)
    assert [(g.start, g.end, g.name) for g in doc.geo] == [(32, 38, "Halab")]
    assert doc.moved == 1


LGL_XML = """<?xml version="1.0" encoding="utf-8"?>
<articles>
  <article docid="7">
    <title>t</title><url>u</url><domain>d</domain><dltime>2009</dltime>
    <text><![CDATA[Fire in Alexandria. Rapides Parish deputies came.]]></text>
    <toponyms count="2">
      <toponym><start>8</start><end>18</end><phrase>Alexandria</phrase>
        <gaztag geonameid="4314550"><name>Alexandria</name><fclass>P</fclass><fcode>PPL</fcode>
          <lat>31.3113</lat><lon>-92.4451</lon>
          <country geonameid="6252001">United States</country>
          <admin1 geonameid="4331987">Louisiana</admin1></gaztag></toponym>
      <toponym><start>23</start><end>37</end><phrase>Rapides Parish</phrase></toponym>
    </toponyms>
  </article>
</articles>
"""


def test_load_lgl_realigns_drifting_gold(ev: ModuleType, tmp_path: Path) -> None:
    xml = tmp_path / "lgl.xml"
    xml.write_text(LGL_XML, encoding="utf-8")
    (doc,) = ev.load_lgl(xml)
    text = doc.text
    assert [(text[g.start : g.end], g.lat is None) for g in doc.toponyms] == [
        ("Alexandria", False),
        ("Rapides Parish", True),  # given as 23..37, 3 characters late
    ]
    assert doc.moved == 1
    (geo,) = doc.geo
    assert geo.name == "Alexandria (United States)"
    assert (geo.lat, geo.lon) == (31.3113, -92.4451)


def test_load_edinburgh_realigns_and_keeps_unresolved(ev: ModuleType, tmp_path: Path) -> None:
    doc = ev.Doc(id="0", text="Turkish jets struck Afrin, near Aleppo.")
    edin = tmp_path / "gwn_edin.txt"
    edin.write_text(
        "No Gaz,,Afrin,,36.2251,,37.32661,,23,,28||No Gaz,,Aleppo,,,,,,32,,38||\n",
        encoding="utf-8",
    )
    (found,) = ev.load_edinburgh(edin, [doc])
    assert [(f.start, f.end, f.resolved) for f in found] == [(20, 25, True), (32, 38, False)]


# -- scoring ------------------------------------------------------------------------------------
def test_score_doc(ev: ModuleType, tmp_path: Path) -> None:
    xml = tmp_path / "GWN.xml"
    xml.write_text(GWN_XML, encoding="utf-8")
    (doc,) = ev.load_gwn(xml)
    found = [
        ev.Found(0, 7, "Turkish", 39.0, 35.0, name="Turkey"),  # a demonym: false positive
        ev.Found(20, 25, "Afrin", 36.51, 36.87, name="Afrin"),  # right
        ev.Found(32, 38, "Aleppo", 36.2, -80.0, name="Aleppo"),  # wrong Aleppo (Pennsylvania)
        ev.Found(40, 45, "Paris", 48.85, 2.35, name="Paris"),  # a person: false positive
    ]
    tally = ev.Tally()
    ev.score_doc(doc, found, tally, cases=True)
    m = ev.metrics(tally)
    assert (m["precision"], m["recall"]) == (0.5, 1.0)
    assert (m["acc161"], m["acc161_detected"]) == (0.5, 0.5)
    what = sorted((c.what, c.gold) for c in tally.cases)
    assert what == [
        ("correct", "Afrin"),
        ("false positive", "[annotated Demonym]"),
        ("false positive", "[annotated Non_Toponym]"),
        ("wrong", "Aleppo"),
    ]
    # Missed toponyms are wrong end to end and count the maximum error in the AUC.
    empty = ev.Tally()
    ev.score_doc(doc, [], empty)
    m = ev.metrics(empty)
    assert (m["acc161"], m["recall"], m["auc"]) == (0.0, 0.0, pytest.approx(1.0, abs=1e-4))
    assert math.isnan(m["precision"])


def test_table_renders_reference_rows(ev: ModuleType) -> None:
    out = ev.table([("published: someone", {"acc161": "0.53"})])
    assert "0.53" in out
    assert out.count("\n") == 2


def test_naive_ngrams(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(BENCHMARKS))  # bench_extract imports eval_geoparse
    bench = _load("bench_extract")
    grams = bench.naive_ngrams("Troops in Deir Ez Zor City met. Then Raqqa.")
    assert grams == [
        "Troops",
        "Deir", "Deir Ez", "Deir Ez Zor",
        "Ez", "Ez Zor", "Ez Zor City",
        "Zor", "Zor City",
        "City",
        "Then", "Then Raqqa",
        "Raqqa",
    ]  # fmt: skip
