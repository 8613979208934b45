"""`incidentmap extract` (and `map` of articles): formats, offsets, dates, errors, actor tables.

The articles are written by the tests into a temporary folder; none is copied from the seeds.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

import incidentmap
from incidentmap.cli import cli
from incidentmap.extract import ActorTable, read_article
from incidentmap.gazetteer import Gazetteer
from incidentmap.model import IncidentSet

STRIKE_TXT = """\
Russian jets hit rebel-held Saraqeb

Russian warplanes bombed rebel positions near Saraqeb on Tuesday, killing 12 fighters, the
Syrian Observatory for Human Rights said. US troops were more than 40 km from the strike.
"""

REPORT_MD = """\
---
title: Coalition strike near Deir Ezzor Airport
date: 2016-09-19
---

# Coalition strike near Deir Ezzor Airport

US-led coalition aircraft struck Syrian army positions near Deir Ezzor Airport on Saturday.
The Russian military said 62 Syrian soldiers were killed in the strike.
"""

PAGE_HTML = """\
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Shelling north-east of Manbij</title>
<meta name="date" content="2017-03-05"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Shelling north-east of Manbij</h1>
<p>Turkish artillery shelled Kurdish fighters 12 km north-east of Manbij on Sunday, a
monitoring group said. The shelling went on for several hours, residents of nearby villages
told reporters by telephone.</p>
<p>American advisory forces were less than five miles from the villages, a coalition
spokesman said on Sunday evening in a written statement.</p>
</article><footer>Copyright 2017 Example News</footer></body></html>
"""

JSONL_KEYS = ["id", "title", "published", "toponyms", "incidents", "warnings"]
TOPONYM_KEYS = ["start", "end", "surface", "name", "lat", "lon", "kind", "country", "id", "score"]
INCIDENT_KEYS = {
    "id",
    "date",
    "type",
    "attacker",
    "target",
    "place",
    "lat",
    "lon",
    "precision",
    "casualties",
    "proximity",
    "sources",
}


@pytest.fixture
def run(gazetteer_cache: Path, gazetteer: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Run the CLI in the test's folder, reusing the session's gazetteer index."""
    monkeypatch.chdir(tmp_path)

    def _run(*args: str) -> tuple[int, str, str]:
        result = CliRunner().invoke(cli, ["--cache-dir", str(gazetteer_cache), *args])
        return result.exit_code, result.stdout, result.stderr

    return _run


@pytest.fixture
def articles(tmp_path: Path) -> list[Path]:
    out = []
    for name, text in (
        ("strike.txt", STRIKE_TXT),
        ("report.md", REPORT_MD),
        ("page.html", PAGE_HTML),
    ):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        out.append(path)
    return out


def records(stdout: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


# -- jsonl --------------------------------------------------------------------------------
def test_jsonl_gives_one_line_per_file_with_the_documented_keys(run, articles: list[Path]) -> None:
    code, out, err = run("extract", "--format", "jsonl", *[p.name for p in articles])
    assert code == 0, err
    recs = records(out)
    assert [r["id"] for r in recs] == ["strike", "report", "page"]
    for rec in recs:
        assert list(rec) == JSONL_KEYS
        assert rec["toponyms"], rec["id"]
        for t in rec["toponyms"]:
            assert list(t) == TOPONYM_KEYS
        assert len(rec["incidents"]) == 1, rec["id"]
        for inc in rec["incidents"]:
            assert set(inc) >= INCIDENT_KEYS
            assert inc["sources"] == [rec["id"]]
    assert recs[1]["title"] == "Coalition strike near Deir Ezzor Airport"
    assert recs[1]["published"] == "2016-09-19"  # from the front matter
    assert recs[2]["title"] == "Shelling north-east of Manbij"


def test_jsonl_is_the_default_format_and_goes_to_stdout(run, articles: list[Path]) -> None:
    code, out, err = run("extract", "strike.txt")
    assert code == 0, err
    assert [r["id"] for r in records(out)] == ["strike"]


def test_every_toponym_offset_points_at_its_surface_in_the_files_text(
    run, articles: list[Path]
) -> None:
    code, out, err = run("extract", *[p.name for p in articles])
    assert code == 0, err
    for path, rec in zip(articles, records(out), strict=True):
        # Plain text and Markdown: the file as read; HTML: the text extracted from the page.
        text = read_article(path).text
        if path.suffix != ".html":
            assert text == path.read_text(encoding="utf-8")
        for t in rec["toponyms"]:
            assert text[t["start"] : t["end"]] == t["surface"], (path.name, t)
        for inc in rec["incidents"]:
            for claim in inc["casualties"] + inc["proximity"]:
                assert text[claim["start"] : claim["end"]] == claim["text"], (path.name, claim)


def test_claims_in_jsonl_carry_their_figures(run, articles: list[Path]) -> None:
    code, out, err = run("extract", "strike.txt", "report.md", "page.html")
    assert code == 0, err
    strike, report, page = records(out)
    assert strike["incidents"][0]["casualties"][0]["count"] == 12
    assert report["incidents"][0]["casualties"][0]["claimed_by"] == "Russian military"
    near = page["incidents"][0]["proximity"][0]
    assert (near["force"], near["value"], near["unit"], near["qualifier"]) == (
        "American advisory forces",
        5.0,
        "mi",
        "less than",
    )
    assert near["bound_m"] == [0.0, 8046.72]
    over = strike["incidents"][0]["proximity"][0]
    assert over["qualifier"] == "more than" and over["bound_m"] == [40000.0, None]


def test_published_option_dates_a_weekday(run, articles: list[Path]) -> None:
    code, out, err = run("extract", "strike.txt")
    assert code == 0
    rec = records(out)[0]
    assert rec["published"] is None
    assert rec["incidents"][0]["date"] is None
    assert any("publication date" in w for w in rec["warnings"])
    assert "publication date" in err  # the warnings are told on stderr too

    code, out, err = run("extract", "strike.txt", "--published", "2017-03-01")
    assert code == 0, err
    rec = records(out)[0]
    assert rec["published"] == "2017-03-01"
    assert rec["incidents"][0]["date"] == "2017-02-28"
    assert rec["warnings"] == []

    code, out, err = run("extract", "strike.txt", "--published", "2017-03-08")
    assert code == 0, err
    assert records(out)[0]["incidents"][0]["date"] == "2017-03-07"


def test_published_option_wins_over_the_front_matter(run, articles: list[Path]) -> None:
    code, out, err = run("extract", "report.md", "--published", "2016-09-26")
    assert code == 0, err
    rec = records(out)[0]
    assert rec["published"] == "2016-09-26"
    assert rec["incidents"][0]["date"] == "2016-09-24"


def test_a_bad_published_date_exits_2(run, articles: list[Path]) -> None:
    code, _out, err = run("extract", "strike.txt", "--published", "2017-02-30")
    assert code == 2
    assert "published" in err.lower()


def test_two_files_with_one_name_get_distinct_ids(run, tmp_path: Path) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "strike.txt").write_text(STRIKE_TXT, encoding="utf-8")
    code, out, err = run("extract", "a/strike.txt", "b/strike.txt", "--published", "2017-03-01")
    assert code == 0, err
    recs = records(out)
    assert [r["id"] for r in recs] == ["strike", "strike-2"]
    assert recs[1]["incidents"][0]["id"] == "strike-2-1"


def test_jsonl_says_which_merged_incident_a_report_joined(run, tmp_path: Path) -> None:
    (tmp_path / "wire-a.txt").write_text(
        "Russian warplanes bombed rebel positions near Saraqeb on Tuesday, killing 12 fighters, "
        "the Syrian Observatory for Human Rights said.\n",
        encoding="utf-8",
    )
    (tmp_path / "wire-b.txt").write_text(
        "Russian jets struck opposition fighters in Saraqeb on Tuesday. Rebel commanders said "
        "20 fighters were killed.\n",
        encoding="utf-8",
    )
    code, out, err = run("extract", "wire-a.txt", "wire-b.txt", "--published", "2017-03-01")
    assert code == 0, err
    a, b = records(out)
    assert a["incidents"][0]["merged_into"] == "wire-a-1"
    assert b["incidents"][0]["merged_into"] == "wire-a-1"


# -- yaml, validate, map ------------------------------------------------------------------
def test_yaml_drafts_validate_and_map(run, tmp_path: Path, articles: list[Path]) -> None:
    code, _out, err = run(
        "extract", "strike.txt", "report.md", "page.html", "--format", "yaml", "-o", "drafts.yaml"
    )
    assert code == 0, err
    drafts = tmp_path / "drafts.yaml"
    doc = yaml.safe_load(drafts.read_text(encoding="utf-8"))
    assert len(doc["incidents"]) == 3
    assert {s["id"] for s in doc["sources"]} == {"strike", "report", "page"}
    for inc in doc["incidents"]:
        assert isinstance(inc["lat"], float) and isinstance(inc["lon"], float)
        assert inc["sources"]

    code, out, err = run("validate", "drafts.yaml")
    assert code == 0, err
    assert "ok" in out and "3 incident(s)" in out

    code, out, err = run("map", "drafts.yaml", "-o", "out.html")
    assert code == 0, err
    assert (tmp_path / "out.html").stat().st_size > 10_000
    assert "3 incident(s)" in out


def test_yaml_drafts_read_back_to_the_extracted_places(
    run, tmp_path: Path, articles: list[Path], gazetteer: Gazetteer
) -> None:
    code, _out, err = run("extract", "report.md", "--format", "yaml", "-o", "drafts.yaml")
    assert code == 0, err
    again = incidentmap.read(tmp_path / "drafts.yaml", gazetteer=gazetteer)
    assert len(again) == 1
    inc = again.incidents[0]
    assert inc.place is not None
    assert (round(inc.place.lat, 4), round(inc.place.lon, 4)) == (35.2854, 40.176)
    assert inc.date == dt.date(2016, 9, 17)
    assert [c.count for c in inc.casualties] == [62]


def test_geojson_output_is_a_feature_collection(run, tmp_path: Path, articles: list[Path]) -> None:
    code, _out, err = run(
        "extract", "strike.txt", "report.md", "--format", "geojson", "-o", "x.geojson"
    )
    assert code == 0, err
    doc = json.loads((tmp_path / "x.geojson").read_text(encoding="utf-8"))
    assert doc["type"] == "FeatureCollection"
    assert len(doc["features"]) == 2
    for feature in doc["features"]:
        assert feature["type"] == "Feature"
        assert feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]
        assert 32 < lat < 38 and 35 < lon < 43


def test_map_of_an_article_writes_the_map(run, tmp_path: Path, articles: list[Path]) -> None:
    code, out, err = run("map", "strike.txt", "-o", "m.html")
    assert code == 0, err
    html = (tmp_path / "m.html").read_text(encoding="utf-8")
    assert html.lstrip().lower().startswith("<!doctype html")
    assert "1 incident(s)" in out


# -- bad input ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("fmt", "output"), [("jsonl", "out.jsonl"), ("yaml", "out.yaml"), ("geojson", "out.geojson")]
)
def test_a_non_utf8_article_exits_2_names_the_file_and_writes_nothing(
    run, tmp_path: Path, articles: list[Path], fmt: str, output: str
) -> None:
    (tmp_path / "latin1.txt").write_bytes(
        "Russian warplanes bombed rebel positions near Saraqeb, caf\u00e9 owners said.\n".encode(
            "latin-1"
        )
    )
    code, _out, err = run("extract", "strike.txt", "latin1.txt", "--format", fmt, "-o", output)
    assert code == 2
    assert "latin1.txt" in err
    assert "UTF-8" in err
    assert not (tmp_path / output).exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [p.name for p in articles] + ["latin1.txt"]
    )


def test_a_missing_article_exits_2_naming_it(run, tmp_path: Path, articles: list[Path]) -> None:
    code, _out, err = run("extract", "strike.txt", "missing.txt", "-o", "out.jsonl")
    assert code == 2
    assert "missing.txt" in err
    assert not (tmp_path / "out.jsonl").exists()


# -- determinism --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("fmt", "suffix"), [("jsonl", "jsonl"), ("yaml", "yaml"), ("geojson", "geojson")]
)
def test_same_input_twice_gives_byte_identical_files(
    run, tmp_path: Path, articles: list[Path], fmt: str, suffix: str
) -> None:
    names = [p.name for p in articles]
    for out in ("first", "second"):
        code, _out, err = run("extract", *names, "--format", fmt, "-o", f"{out}.{suffix}")
        assert code == 0, err
    first = (tmp_path / f"first.{suffix}").read_bytes()
    assert first
    assert first == (tmp_path / f"second.{suffix}").read_bytes()


# -- a user's actor table -------------------------------------------------------------------
FALCONS_TXT = (
    "Green Falcons fighters attacked Islamic State positions near Manbij on Monday, a spokesman "
    "for the group said.\n"
)
MY_ACTORS = """\
actors:
  - actor: Green Falcons Brigade
    group: green_falcons
    aliases: [Green Falcons]
"""


def test_a_user_actor_table_names_a_new_attacker(run, tmp_path: Path) -> None:
    (tmp_path / "falcons.txt").write_text(FALCONS_TXT, encoding="utf-8")
    (tmp_path / "my.yaml").write_text(MY_ACTORS, encoding="utf-8")
    assert ActorTable.default().canonical("Green Falcons") is None

    code, out, err = run("extract", "falcons.txt", "--published", "2017-03-08")
    assert code == 0, err
    before = records(out)[0]["incidents"]
    assert [i["attacker"] for i in before] == [""]

    code, out, err = run(
        "extract", "falcons.txt", "--published", "2017-03-08", "--actors", "my.yaml"
    )
    assert code == 0, err
    incidents = records(out)[0]["incidents"]
    assert len(incidents) == 1
    assert incidents[0]["attacker"] == "Green Falcons Brigade"
    assert incidents[0]["target"] == "Islamic State"
    assert incidents[0]["place"] == "near Manbij"


def test_a_broken_actor_table_exits_2_naming_it(run, tmp_path: Path) -> None:
    (tmp_path / "falcons.txt").write_text(FALCONS_TXT, encoding="utf-8")
    (tmp_path / "bad-actors.yaml").write_text(
        "actors:\n  - actor: Green Falcons Brigade\n    aliases: [Green Falcons]\n",
        encoding="utf-8",
    )
    code, _out, err = run("extract", "falcons.txt", "--actors", "bad-actors.yaml", "-o", "x.jsonl")
    assert code == 2
    assert "bad-actors.yaml" in err
    assert not (tmp_path / "x.jsonl").exists()


# -- the Python API -------------------------------------------------------------------------
def test_the_extract_package_is_callable_on_text(gazetteer: Gazetteer) -> None:
    result = incidentmap.extract(
        "Russian warplanes bombed rebel positions near the city of al Bab on Tuesday.",
        gazetteer,
        published="2017-03-01",
    )
    assert len(result.incidents) == 1
    inc = result.incidents[0]
    assert inc.date == dt.date(2017, 2, 28)
    assert inc.place is not None and inc.place.country == "SY"
    assert inc.precision == "near"
    assert result.toponyms and result.warnings == ()


def test_read_of_articles_returns_an_incident_set(
    tmp_path: Path, articles: list[Path], gazetteer: Gazetteer
) -> None:
    incidents = incidentmap.read(
        [tmp_path / "strike.txt", tmp_path / "report.md"], gazetteer=gazetteer
    )
    assert isinstance(incidents, IncidentSet)
    assert len(incidents) == 2
    assert set(incidents.sources) == {"strike", "report"}
    assert {i.attacker for i in incidents.incidents} == {"Russia", "US-led coalition"}
