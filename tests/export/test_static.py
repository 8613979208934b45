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
from matplotlib.collections import Collection, LineCollection
from matplotlib.figure import Figure
from matplotlib.text import Text
from PIL import Image

from incidentmap.api import example_path, map_scene, read
from incidentmap.errors import ValidationError
from incidentmap.export import ContextLayer, Scene, build_scene
from incidentmap.export._static import _render, render_figure, write_image
from incidentmap.export._static._clusters import _group
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
UCDP_GED = "data/events/ucdp_ged_syria_2016_2019/ged_syria_2016-01-01_2019-11-30.csv"
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


@pytest.fixture(scope="module")
def seed_scene(gazetteer: Gazetteer) -> Scene:
    """The project's example incidents, with context from the bundled gazetteer."""
    example = read(example_path(), gazetteer=gazetteer)
    return map_scene(example, title="Seed incidents", gazetteer=gazetteer)


@pytest.fixture(scope="module")
def ucdp_scene(shared_dir: Path, gazetteer: Gazetteer) -> Scene:
    """UCDP GED events in Syria, 2016-2019 (16,566 events, 1,436 known only to an area)."""
    path = shared_dir / UCDP_GED
    if not path.is_file():
        pytest.skip(f"{UCDP_GED} is not in ../shared")
    events = read(path, gazetteer=gazetteer)
    return map_scene(events, title="UCDP GED: Syria 2016-2019", gazetteer=gazetteer)


@pytest.fixture(scope="module")
def seed_figure(seed_scene: Scene) -> Figure:
    fig = render_figure(seed_scene)
    fig.canvas.draw()
    return fig


@pytest.fixture(scope="module")
def ucdp_figure(ucdp_scene: Scene) -> Figure:
    fig = render_figure(ucdp_scene)
    fig.canvas.draw()
    return fig


def _drawn_count(fig: Figure) -> int:
    """Incidents drawn at points: the counts of the bubbles plus the points drawn alone."""
    ax = fig.axes[0]
    bubbles = sum(
        int(t.get_text().replace(",", ""))
        for t in ax.texts
        if str(t.get_gid()).startswith("cluster-")
    )
    points = sum(
        len(c.get_offsets())
        for c in ax.collections
        if c.get_gid() in ("incident-points-exact", "incident-points-approximate")
    )
    return bubbles + points


def _text_boxes(fig: Figure) -> list[tuple[str, Any]]:
    """Every text drawn in the map (labels, bubble counts, scale, north) with its pixel box."""
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    return [
        (t.get_text(), Text.get_window_extent(t, renderer))  # the text, not a leader line
        for t in fig.axes[0].texts
        if t.get_visible() and t.get_text().strip()
    ]


def _map_rgb(fig: Figure) -> np.ndarray:
    fig.canvas.draw()
    rgba = np.asarray(fig.canvas.buffer_rgba())  # type: ignore[attr-defined]
    box = fig.axes[0].get_window_extent()
    height = rgba.shape[0]
    rows = slice(int(height - box.y1) + 2, int(height - box.y0) - 2)
    return rgba[rows, int(box.x0) + 2 : int(box.x1) - 2, :3].copy()


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
    first = scene.groups[0].colour  # the largest group's colour
    rgb = tuple(int(first[i : i + 2], 16) for i in (1, 3, 5))
    assert (pixels == rgb).all(axis=1).sum() > 100  # filled markers, not only the legend


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
    assert "Actor group (incidents)" not in texts


def test_single_mark_renders_with_its_label(context: dict[str, Any], tmp_path: Path) -> None:
    scene = _scene_of([Incident("one", place=AL_BAB, date=dt.date(2017, 2, 28))], context)

    texts = _svg_texts(write_image(scene, tmp_path / "map.svg", **SIZE))

    assert "28 Feb 2017 · al-Bāb" in texts
    assert "1 incident mapped · 28 Feb 2017" in texts
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
    circle = by_id["incident-circles"]  # al-Bab's 10 km circle: an outline, never a fill
    assert isinstance(circle, LineCollection)
    assert len(circle.get_segments()) == 1


def test_ring_style_follows_the_bound(scene: Scene) -> None:
    fig = render_figure(scene, **SIZE)
    legend = [t.get_text() for leg in fig.legends for t in leg.get_texts()]

    assert "at most this far (“less than”)" in legend
    assert "about this far (band: plausible range)" in legend
    assert "at least this far (“more than”)" not in legend


def test_twenty_thousand_marks_render_as_a_few_collections_of_bubbles(
    context: dict[str, Any], tmp_path: Path
) -> None:
    scene = _scene_of(_many(20_000), context, title="20,000 incidents")

    fig = render_figure(scene)
    path = write_image(scene, tmp_path / "map.png")

    ax = fig.axes[0]
    incident_layers = [c for c in ax.collections if str(c.get_gid()).startswith("incident-")]
    assert len(incident_layers) < 10
    assert all(isinstance(c, Collection) for c in incident_layers)
    assert len(ax.texts) < 400  # bubble counts and place names, no per-incident labels
    assert _drawn_count(fig) == 20_000
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


# -- many incidents: bubbles, counts on areas, outlines (real files) -----------------------------
def test_ucdp_uncertainty_covers_less_than_15_percent_of_the_map(ucdp_figure: Figure) -> None:
    with_uncertainty = _map_rgb(ucdp_figure)
    hidden = [
        c
        for c in ucdp_figure.axes[0].collections
        if str(c.get_gid()).startswith(("incident-circles", "incident-areas"))
        or (
            str(c.get_gid()).startswith("incident-")
            and any(0 < a < 1 for a in np.atleast_2d(c.get_facecolor())[:, 3])
        )
    ]
    for c in hidden:
        c.set_visible(False)
    try:
        without = _map_rgb(ucdp_figure)
    finally:
        for c in hidden:
            c.set_visible(True)

    changed = np.any(with_uncertainty != without, axis=-1).mean()
    assert changed < 0.15


def test_ucdp_every_incident_is_in_a_bubble_a_point_or_an_area_count(
    ucdp_scene: Scene, ucdp_figure: Figure
) -> None:
    on_areas = sum(len(a.members) for a in ucdp_scene.areas)
    texts = [t for t, _ in _text_boxes(ucdp_figure)]
    legend = [t.get_text() for leg in ucdp_figure.legends for t in leg.get_texts()]

    assert on_areas == sum(m.located_in >= 0 for m in ucdp_scene.marks) > 1000
    assert _drawn_count(ucdp_figure) + on_areas == len(ucdp_scene.marks) == 16_566
    for area in ucdp_scene.areas:  # a governorate's count on it; a country's in the legend
        if area.place.kind == "country":
            assert any(f"{area.name} {len(area.members):,}" in t for t in legend)
        else:
            assert f"{len(area.members):,} · {area.name}" in [t.replace("\n", " ") for t in texts]


def test_ucdp_largest_bubbles_are_named_after_their_most_frequent_place(
    ucdp_figure: Figure,
) -> None:
    texts = [t.replace("\n", " ") for t, _ in _text_boxes(ucdp_figure)]

    assert any(t.startswith("Aleppo ") and t[7:].replace(",", "").isdigit() for t in texts)
    assert any(t.startswith("Damascus ") for t in texts)


def test_ucdp_legend_has_the_ten_largest_groups_and_one_other_row(
    ucdp_scene: Scene, ucdp_figure: Figure
) -> None:
    (actors,) = [
        leg
        for leg in ucdp_figure.legends
        if leg.get_title().get_text() == "Actor group (incidents)"
    ]
    rows = [t.get_text() for t in actors.get_texts()]

    assert len(rows) <= 11
    assert rows[0].startswith(f"{ucdp_scene.groups[0].label} (")
    assert rows[-1].startswith(f"{len(ucdp_scene.groups) - 10} other groups (")
    assert all("…" not in row for row in rows)


@pytest.mark.parametrize("figure", ["seed_figure", "ucdp_figure"])
def test_no_two_texts_in_the_map_overlap(figure: str, request: pytest.FixtureRequest) -> None:
    fig = request.getfixturevalue(figure)
    boxes = _text_boxes(fig)
    frame = fig.axes[0].get_window_extent()

    assert len(boxes) > 20
    for i, (text, a) in enumerate(boxes):
        assert frame.x0 - 1 <= a.x0 and a.x1 <= frame.x1 + 1, text  # inside the map
        assert frame.y0 - 1 <= a.y0 and a.y1 <= frame.y1 + 1, text
        for other, b in boxes[i + 1 :]:
            w = min(a.x1, b.x1) - max(a.x0, b.x0)
            h = min(a.y1, b.y1) - max(a.y0, b.y0)
            assert w <= 0.5 or h <= 0.5, (text, other)


@pytest.mark.parametrize("figure", ["seed_figure", "ucdp_figure"])
def test_no_text_is_cut_short(figure: str, request: pytest.FixtureRequest) -> None:
    fig = request.getfixturevalue(figure)
    texts = [t.get_text() for t in fig.findobj(Text)]

    assert len(texts) > 50
    assert [t for t in texts if "…" in t] == []


def test_seed_map_names_countries_zones_and_military_sites(
    seed_scene: Scene, tmp_path: Path
) -> None:
    texts = _svg_texts(write_image(seed_scene, tmp_path / "map.svg"))
    sites = [
        p.name
        for layer in seed_scene.context
        for p in layer.places
        if p.kind in ("airbase", "airport", "military_base", "outpost")
    ]

    assert {"SYRIA", "IRAQ", "TURKEY"} <= set(texts)
    assert "al-Tanf deconfliction zone" in texts
    assert sum(name in texts for name in sites) >= 5
    assert "Al-Tanf garrison" in texts


def test_seed_long_label_is_written_in_full(seed_figure: Figure) -> None:
    texts = [t.replace("\n", " ") for t, _ in _text_boxes(seed_figure)]

    assert "16 Sep 2017 · east bank of the Euphrates near Deir ez-Zor" in texts
    assert "Syrian Democratic Forces (SDF), 16 Sep 2017" in texts


def test_grouping_puts_every_point_in_one_group_and_groups_never_overlap() -> None:
    rng = np.random.default_rng(3)
    x = np.concatenate([rng.normal(300, 40, 3000), rng.uniform(0, 1000, 500)])
    y = np.concatenate([rng.normal(300, 40, 3000), rng.uniform(0, 700, 500)])

    groups = _group(x, y, 40.0, lambda n: 8 + 2 * np.log2(n), 3.0, gap=1.0)

    assert sorted(i for g in groups for i in g.members) == list(range(3500))
    assert all(g.count == len(g.members) for g in groups)
    assert max(g.count for g in groups) > 100
    for i, a in enumerate(groups):
        for b in groups[i + 1 :]:
            assert np.hypot(a.x - b.x, a.y - b.y) >= a.r + b.r + 1.0 - 1e-9


def test_three_hundred_marks_are_drawn_one_by_one_and_more_as_bubbles(
    context: dict[str, Any],
) -> None:
    def bubbles(fig: Figure) -> list[str]:
        return [t.get_text() for t in fig.axes[0].texts if str(t.get_gid()).startswith("cluster-")]

    few = render_figure(_scene_of(_many(300), context), **SIZE)
    many = render_figure(_scene_of(_many(301), context), **SIZE)

    assert bubbles(few) == []
    assert _drawn_count(few) == 300
    assert bubbles(many) != []
    assert _drawn_count(many) == 301
    legend = [t.get_text() for leg in many.legends for t in leg.get_texts()]
    assert "incidents grouped\non the page" in legend  # the size key


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_same_many_marks_give_identical_bytes(
    context: dict[str, Any], tmp_path: Path, suffix: str
) -> None:
    scene = _scene_of(_many(2_000), context)

    first = write_image(scene, tmp_path / f"a{suffix}", **SIZE).read_bytes()
    second = write_image(scene, tmp_path / f"b{suffix}", **SIZE).read_bytes()

    assert first == second
