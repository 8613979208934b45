"""Static map images (PNG, SVG): real files, opened with Pillow and parsed as XML."""

from __future__ import annotations

import datetime as dt
import os
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import matplotlib
import numpy as np
import pytest
from matplotlib.collections import Collection
from matplotlib.figure import Figure
from PIL import Image

from incidentmap.errors import ValidationError
from incidentmap.export import ContextLayer, Scene, build_scene
from incidentmap.export._static import _render, render_figure, write_image
from incidentmap.gazetteer import Gazetteer
from incidentmap.geo import circle
from incidentmap.model import (
    CasualtyClaim,
    ForcePosition,
    Incident,
    IncidentSet,
    Place,
    ReportedDistance,
    Source,
)

SVG = "{http://www.w3.org/2000/svg}"
RUSSIA_RGB = (0xD7, 0x19, 0x1C)  # the fixed colour of Russian attackers (export._scene)
SIZE = {"width_px": 800, "height_px": 550, "dpi": 100}  # small and quick where size is no matter

AL_BAB = Place("curated:al-bab", "al-Bāb", 36.3705, 37.5157, "town")
TADIF = Place("curated:tadif", "Tādif", 36.3467, 37.5300, "town")
AL_TANF = Place("curated:al-tanf", "al-Tanf", 33.5000, 38.6700, "military_base")
HAMA = Place("curated:hama", "Ḩamāh ʿAyn", 35.1318, 36.7578, "city")


# -- fixtures ---------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def incidents() -> IncidentSet:
    """A strike near al-Bab 'less than 5 km' from US troops, whose position is an area; a
    contested casualty incident; an 'about 55 km' claim at al-Tanf."""
    us_area = Place(
        "curated:us-position",
        "US position west of Manbij",
        36.45,
        37.70,
        "zone",
        geometry=circle(37.70, 36.45, 4_000),
    )
    return IncidentSet(
        (
            Incident(
                "strike-al-bab",
                place=AL_BAB,
                date=dt.date(2017, 2, 28),
                attacker="Russian Aerospace Forces",
                precision="near",
                proximity=(ReportedDistance(5, "km", "less than", force="US troops"),),
                sources=("reuters",),
            ),
            Incident(
                "strike-tadif",
                place=TADIF,
                date=dt.date(2017, 3, 1),
                attacker="Russian Aerospace Forces",
                casualties=(
                    CasualtyClaim("killed", 62, claimed_by="Russian military", source_id="tass"),
                    CasualtyClaim("killed", 83, claimed_by="monitor", source_id="reuters"),
                ),
                sources=("reuters", "tass"),
            ),
            Incident(
                "strike-al-tanf",
                place=AL_TANF,
                date=dt.date(2017, 3, 4),
                attacker="US-led coalition",
                proximity=(ReportedDistance(55, "km", "about", force="Syrian government forces"),),
            ),
        ),
        {"reuters": Source("reuters", outlet="Reuters"), "tass": Source("tass", outlet="TASS")},
        (ForcePosition("US troops", us_area, dt.date(2017, 3, 1)),),
    )


@pytest.fixture(scope="module")
def context(gazetteer: Gazetteer, incidents: IncidentSet) -> dict[str, Any]:
    """Context layers and base map from the bundled gazetteer, around the incidents."""
    w, s, e, n = build_scene(incidents).bounds
    bbox = (w - 1, s - 1, e + 1, n + 1)
    layers = [
        ContextLayer(kind.title(), kind, tuple(gazetteer.features([kind], bbox=bbox)))
        for kind in ("region", "lake", "river", "border", "zone")
    ]
    cities = gazetteer.features(["city", "airbase"], bbox=bbox, min_population=100_000)
    layers.append(ContextLayer("Cities and bases", "places", tuple(cities)))
    return {"context": layers, "basemap": gazetteer.features(["country"], bbox=bbox)}


@pytest.fixture(scope="module")
def scene(incidents: IncidentSet, context: dict[str, Any]) -> Scene:
    return build_scene(incidents, title="Strikes near US forces, Feb–Mar 2017", **context)


def _scene_of(incidents: list[Incident], context: dict[str, Any], title: str = "Map") -> Scene:
    return build_scene(IncidentSet(tuple(incidents)), title=title, **context)


def _svg_texts(path: Path) -> list[str]:
    root = ET.parse(path).getroot()
    return ["".join(el.itertext()) for el in root.iter(f"{SVG}text")]


def _many(n: int) -> list[Incident]:
    rng = np.random.default_rng(7)
    lon, lat = rng.uniform(36.0, 41.5, n), rng.uniform(33.0, 37.0, n)
    precision = ("exact", "near", "region")
    attackers = ("Russian Aerospace Forces", "US-led coalition", "Islamic State")
    return [
        Incident(
            f"i{i}",
            place=Place(f"test:{i}", f"place {i}", float(lat[i]), float(lon[i]), "village"),
            date=dt.date(2017, 1, 1) + dt.timedelta(days=i % 365),
            attacker=attackers[i % 3],
            precision=precision[i % 3],  # type: ignore[arg-type]
        )
        for i in range(n)
    ]


# -- files ------------------------------------------------------------------------------------
def test_png_has_requested_size_and_shows_the_attacker_colour(scene: Scene, tmp_path: Path) -> None:
    path = write_image(scene, tmp_path / "map.png")

    assert path == tmp_path / "map.png"
    with Image.open(path) as img:
        assert img.format == "PNG"
        assert img.size == (1600, 1100)
        pixels = np.asarray(img.convert("RGB")).reshape(-1, 3)
    assert len(np.unique(pixels, axis=0)) > 200  # sea, land, rivers, labels...: not blank
    assert (pixels == RUSSIA_RGB).all(axis=1).sum() > 100  # filled markers, not only the legend


def test_svg_holds_title_and_labels_as_text(scene: Scene, tmp_path: Path) -> None:
    texts = _svg_texts(write_image(scene, tmp_path / "map.svg"))

    assert "Strikes near US forces, Feb–Mar 2017" in texts
    assert "28 Feb 2017 · al-Bāb" in texts
    assert "1 Mar 2017 · Tādif *" in texts  # the casualty figures are contested
    assert "US troops < 5 km" in texts  # the ring
    assert "Syrian government forces ~ 55 km" in texts
    assert "US troops, 1 Mar 2017" in texts  # the force position
    assert "Russian Aerospace Forces (2)" in texts  # the legend, with counts
    assert "* sources disagree on casualties" in texts
    assert any("GeoNames (CC BY 4.0)" in t and "28 Feb 2017 to 4 Mar 2017" in t for t in texts)


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_same_scene_gives_identical_bytes(scene: Scene, tmp_path: Path, suffix: str) -> None:
    first = write_image(scene, tmp_path / f"a{suffix}").read_bytes()
    second = write_image(scene, tmp_path / f"b{suffix}").read_bytes()

    assert first == second


def test_svg_layers_have_unique_readable_ids(scene: Scene, tmp_path: Path) -> None:
    root = ET.parse(write_image(scene, tmp_path / "map.svg")).getroot()
    ids = [el.get("id") for el in root.iter() if el.get("id")]

    assert len(ids) == len(set(ids))
    assert {"basemap-areas", "incident-points-exact", "incident-points-approximate"} <= set(ids)


@pytest.mark.parametrize("name", ["map.pdf", "map.png.bak", "map", "map.jpeg"])
def test_bad_suffix_raises_and_writes_nothing(scene: Scene, tmp_path: Path, name: str) -> None:
    with pytest.raises(ValidationError, match=r"'\.png' or '\.svg'") as err:
        write_image(scene, tmp_path / name)

    assert err.value.field == "path"
    assert name in str(err.value)
    assert list(tmp_path.iterdir()) == []


def test_upper_case_suffix_is_accepted(scene: Scene, tmp_path: Path) -> None:
    path = write_image(scene, tmp_path / "MAP.PNG", **SIZE)

    with Image.open(path) as img:
        assert img.format == "PNG"


def test_failure_mid_write_leaves_no_file(
    scene: Scene, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_savefig(self: Figure, fh: Any, **kwargs: Any) -> None:
        fh.write(b"\x89PNG half an image")
        raise OSError("disk full")

    monkeypatch.setattr(Figure, "savefig", broken_savefig)

    with pytest.raises(OSError, match="disk full"):
        write_image(scene, tmp_path / "map.png", **SIZE)
    assert list(tmp_path.iterdir()) == []


def test_failure_mid_write_keeps_the_previous_image(
    scene: Scene, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "map.svg"
    target.write_bytes(b"<svg>the old map</svg>")

    def failing_replace(src: Any, dst: Any) -> None:
        raise PermissionError("read-only")

    monkeypatch.setattr(_render.os, "replace", failing_replace)

    with pytest.raises(PermissionError):
        write_image(scene, target, **SIZE)
    assert target.read_bytes() == b"<svg>the old map</svg>"
    assert [p.name for p in tmp_path.iterdir()] == ["map.svg"]


def test_missing_folder_is_reported_before_drawing(scene: Scene, tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no-such-folder"):
        write_image(scene, tmp_path / "no-such-folder" / "map.png")

    assert list(tmp_path.iterdir()) == []


def test_written_file_is_readable_by_others(scene: Scene, tmp_path: Path) -> None:
    path = write_image(scene, tmp_path / "map.png", **SIZE)

    assert os.stat(path).st_mode & 0o044 == 0o044  # not the 0600 of a temporary file


@pytest.mark.parametrize(
    ("size", "field"),
    [
        ({"width_px": 0}, "width_px"),
        ({"height_px": 50_000}, "height_px"),
        ({"dpi": True}, "dpi"),
        ({"width_px": 800.5}, "width_px"),
    ],
)
def test_bad_size_is_refused(scene: Scene, tmp_path: Path, size: Any, field: str) -> None:
    with pytest.raises(ValidationError) as err:
        write_image(scene, tmp_path / "map.png", **size)

    assert err.value.field == field
    assert list(tmp_path.iterdir()) == []


# -- text -------------------------------------------------------------------------------------
def test_mathtext_looking_labels_render_literally(context: dict[str, Any], tmp_path: Path) -> None:
    odd = Place("test:odd", r"$x$ \frac{1}{2} $5 camp", 36.2, 37.1, "village")
    attacker = r"Group $\alpha$"
    scene = _scene_of(
        [Incident("odd", place=odd, date=dt.date(2020, 5, 1), attacker=attacker)],
        context,
        title=r"Costs: $5 and $x$ \frac{a}{b}",
    )

    texts = _svg_texts(write_image(scene, tmp_path / "map.svg", **SIZE))
    write_image(scene, tmp_path / "map.png", **SIZE)  # Agg: no mathtext parser error either

    assert r"Costs: $5 and $x$ \frac{a}{b}" in texts
    assert r"1 May 2020 · $x$ \frac{1}{2} $5 camp" in texts
    assert r"Group $\alpha$ (1)" in texts


def test_transliteration_diacritics_are_kept(context: dict[str, Any], tmp_path: Path) -> None:
    scene = _scene_of([Incident("h", place=HAMA, date=dt.date(2016, 1, 2))], context)

    texts = _svg_texts(write_image(scene, tmp_path / "map.svg", **SIZE))

    assert "2 Jan 2016 · Ḩamāh ʿAyn" in texts


def test_characters_the_font_lacks_are_marked_without_warnings(
    context: dict[str, Any], tmp_path: Path
) -> None:
    # pytest turns warnings into errors: a "Glyph ... missing" warning would fail this test.
    place = Place("test:cjk", "中文 village", 36.2, 37.1, "village")
    scene = _scene_of([Incident("c", place=place, attacker="民兵")], context, title="漢字 map")

    texts = _svg_texts(write_image(scene, tmp_path / "map.svg", **SIZE))
    write_image(scene, tmp_path / "map.png", **SIZE)

    assert "□ map" in texts
    assert "□ village" in texts
    assert "□ (1)" in texts


# -- content ----------------------------------------------------------------------------------
def test_scene_without_marks_draws_base_and_context(
    context: dict[str, Any], tmp_path: Path
) -> None:
    scene = _scene_of([], context, title="Context only")

    path = write_image(scene, tmp_path / "map.png", **SIZE)
    texts = _svg_texts(write_image(scene, tmp_path / "map.svg", **SIZE))

    with Image.open(path) as img:
        assert len(np.unique(np.asarray(img.convert("RGB")).reshape(-1, 3), axis=0)) > 50
    assert "0 incidents mapped" in texts
    assert "SYRIA" in texts
    assert "Map" in texts  # the legend for context layers
    assert "Attacker (incidents)" not in texts


def test_single_mark_renders_with_its_label(context: dict[str, Any], tmp_path: Path) -> None:
    scene = _scene_of([Incident("one", place=AL_BAB, date=dt.date(2017, 2, 28))], context)

    texts = _svg_texts(write_image(scene, tmp_path / "map.svg", **SIZE))

    assert "28 Feb 2017 · al-Bāb" in texts
    assert "1 incident mapped" in texts
    assert any("Incidents on 28 Feb 2017." in t for t in texts)


def test_incident_labels_stop_beyond_thirty_marks(context: dict[str, Any]) -> None:
    def labels(n: int) -> list[str]:
        fig = render_figure(_scene_of(_many(n), context), **SIZE)
        return [t.get_text() for t in fig.axes[0].texts if "place " in t.get_text()]

    assert len(labels(30)) == 30
    assert labels(31) == []


def test_uncertain_marks_are_hollow_rings_and_exact_marks_filled(scene: Scene) -> None:
    fig = render_figure(scene, **SIZE)
    by_id = {c.get_gid(): c for c in fig.axes[0].collections}

    exact, vague = by_id["incident-points-exact"], by_id["incident-points-approximate"]
    assert np.shape(exact.get_offsets()) == (2, 2)  # Tādif and al-Tanf
    assert np.shape(vague.get_offsets()) == (1, 2)  # "near" al-Bab
    assert np.shape(vague.get_facecolor()) == (0, 4)  # no fill: the pin does not look exact
    assert "incident-circles-" in " ".join(str(k) for k in by_id)  # al-Bab's 10 km circle


def test_ring_style_follows_the_bound(scene: Scene) -> None:
    fig = render_figure(scene, **SIZE)
    legend = [t.get_text() for leg in fig.legends for t in leg.get_texts()]

    assert "at most this far (“less than”)" in legend
    assert "about this far (band: plausible range)" in legend
    assert "at least this far (“more than”)" not in legend


def test_twenty_thousand_marks_render_as_a_few_collections(
    context: dict[str, Any], tmp_path: Path
) -> None:
    scene = _scene_of(_many(20_000), context, title="20,000 incidents")

    fig = render_figure(scene)
    path = write_image(scene, tmp_path / "map.png")

    ax = fig.axes[0]
    incident_layers = [c for c in ax.collections if str(c.get_gid()).startswith("incident-")]
    assert sum(len(c.get_paths()) for c in incident_layers) > 13_000  # circles, in collections
    assert len(incident_layers) < 10
    assert len(ax.texts) < 200  # no per-incident labels
    assert all(isinstance(c, Collection) for c in incident_layers)
    with Image.open(path) as img:
        assert img.size == (1600, 1100)


def test_portrait_image_puts_the_legend_below(scene: Scene, tmp_path: Path) -> None:
    path = write_image(scene, tmp_path / "map.png", width_px=1100, height_px=1500, dpi=150)

    with Image.open(path) as img:
        assert img.size == (1100, 1500)
    fig = render_figure(scene, width_px=1100, height_px=1500, dpi=150)
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    map_box = fig.axes[0].get_window_extent(renderer)
    assert all(leg.get_window_extent(renderer).y1 <= map_box.y0 for leg in fig.legends)


def test_rendering_leaves_matplotlib_settings_alone(scene: Scene, tmp_path: Path) -> None:
    keys: list[Any] = [
        "font.family",
        "svg.fonttype",
        "svg.hashsalt",
        "text.parse_math",
        "lines.linewidth",
    ]
    before = {k: matplotlib.rcParams[k] for k in keys}

    write_image(scene, tmp_path / "map.svg", **SIZE)

    assert {k: matplotlib.rcParams[k] for k in keys} == before
