"""`incidentmap map`: the bundled example, user files, and refusing bad input without writing."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from incidentmap.cli import cli

GOOD = """\
incidents:
  - id: one
    date: 2017-02-28
    type: airstrike
    attacker: Russian aircraft
    target: SDF
    place: al-Bab
    precision: near
    proximity:
      - {force: US troops, distance: less than 5 km, reference: strike}
"""


@pytest.fixture
def run(gazetteer_cache: Path, gazetteer: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Run the command in an empty folder, reusing the session's gazetteer index."""
    monkeypatch.chdir(tmp_path)

    def _run(*args: str) -> tuple[int, str, str]:
        result = CliRunner().invoke(cli, ["--cache-dir", str(gazetteer_cache), "map", *args])
        return result.exit_code, result.stdout, result.stderr

    return _run


def test_no_input_maps_the_bundled_example_into_maps_html_and_png(run, tmp_path: Path) -> None:
    code, out, err = run()
    assert code == 0, err
    html = tmp_path / "maps" / "syria-deconfliction-2016-2017.html"
    png = tmp_path / "maps" / "syria-deconfliction-2016-2017.png"
    assert html.is_file() and png.is_file()
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert png.stat().st_size > 50_000
    text = html.read_text(encoding="utf-8")
    assert "<script src=" not in text and 'rel="stylesheet"' not in text
    assert "4 incident(s)" in out
    assert sorted(p.name for p in (tmp_path / "maps").iterdir()) == [html.name, png.name]


def test_the_example_map_is_byte_identical_when_made_twice(run, tmp_path: Path) -> None:
    assert run()[0] == 0
    first = {p.name: p.read_bytes() for p in (tmp_path / "maps").iterdir()}
    assert run()[0] == 0
    second = {p.name: p.read_bytes() for p in (tmp_path / "maps").iterdir()}
    assert first == second


def test_a_user_file_maps_to_the_named_output_with_fragment_and_tiles(run, tmp_path: Path) -> None:
    (tmp_path / "strikes.yaml").write_text(GOOD, encoding="utf-8")
    code, _out, err = run(
        "strikes.yaml", "-o", "out/m.html", "--fragment", "out/m-embed.html", "--tiles", "osm",
        "--title", "My <map>",
    )  # fmt: skip
    assert code == 0, err
    html = (tmp_path / "out" / "m.html").read_text(encoding="utf-8")
    assert "<title>My &lt;map&gt;</title>" in html
    assert "tile.openstreetmap.org" in html
    fragment = (tmp_path / "out" / "m-embed.html").read_text(encoding="utf-8")
    assert fragment.startswith('<div class="incidentmap-embed"') and "<html" not in fragment
    assert not (tmp_path / "maps").exists()


def test_default_output_is_named_after_the_first_input(run, tmp_path: Path) -> None:
    (tmp_path / "strikes.yaml").write_text(GOOD, encoding="utf-8")
    code, _, err = run("strikes.yaml", "--png", "maps/strikes.svg")
    assert code == 0, err
    assert (tmp_path / "maps" / "strikes.html").is_file()
    assert (tmp_path / "maps" / "strikes.svg").read_text(encoding="utf-8").lstrip().startswith("<")


@pytest.mark.parametrize(
    ("bad", "expected"),
    [
        (GOOD.replace("place: al-Bab", "place: Xyzzyqwerty"), ["line 7", "place", "did you mean"]),
        (GOOD.replace("2017-02-28", "2017-02-31"), ["line 3", "date"]),
        (GOOD.replace("less than 5 km", "five-ish furlongs"), ["line 10", "distance"]),
    ],
    ids=["unknown place", "bad date", "bad distance"],
)
def test_bad_input_exits_2_naming_file_line_and_field_and_writes_nothing(
    run, tmp_path: Path, bad: str, expected: list[str]
) -> None:
    (tmp_path / "bad.yaml").write_text(bad, encoding="utf-8")
    code, _out, err = run("bad.yaml", "--png", "maps/bad.png", "--fragment", "maps/frag.html")
    assert code == 2
    assert "bad.yaml" in err
    for word in expected:
        assert word in err
    assert not (tmp_path / "maps").exists() or list((tmp_path / "maps").iterdir()) == []


def test_an_unsupported_input_format_is_refused_with_exit_2(run, tmp_path: Path) -> None:
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    code, _, err = run("notes.docx")
    assert code == 2
    assert "notes.docx" in err and "cannot tell the format" in err and "--from" in err
