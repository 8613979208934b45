"""The incidentmap command: tables, JSON lines, standard input, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from incidentmap.cli import cli


@pytest.fixture
def run(gazetteer, gazetteer_cache: Path):  # the session gazetteer has filled the cache
    def invoke(*args: str, stdin: str | None = None):
        return CliRunner().invoke(cli, ["--cache-dir", str(gazetteer_cache), *args], input=stdin)

    return invoke


def test_resolve_prints_a_readable_table(run) -> None:
    result = run("resolve", "Deir al-Zour")
    assert result.exit_code == 0
    assert (
        "Deir ez-Zor" in result.output and "35.33588" in result.output and "why #1" in result.output
    )


def test_resolve_json_prints_one_object_per_name_per_line(run) -> None:
    result = run("resolve", "--json", "al-Bab", "Dayr az Zawr", "--limit", "2")
    assert result.exit_code == 0
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [d["query"] for d in lines] == ["al-Bab", "Dayr az Zawr"]
    first = lines[0]["candidates"][0]
    assert {"name", "lat", "lon", "kind", "country", "source", "score"} <= set(first)
    assert (first["name"], first["country"]) == ("Al Bāb", "SY")
    assert all(len(d["candidates"]) <= 2 for d in lines)


def test_resolve_reads_names_from_standard_input(run) -> None:
    result = run("resolve", "-", "--json", stdin="al-Tanf\n\nTabqa\n")
    assert result.exit_code == 0
    assert [json.loads(x)["query"] for x in result.output.splitlines()] == ["al-Tanf", "Tabqa"]


def test_resolve_exits_1_and_lists_names_that_did_not_resolve(run) -> None:
    result = run("resolve", "Aleppo", "Qwertzuiop Xylophone")
    assert result.exit_code == 1
    assert "Qwertzuiop Xylophone: not found" in result.output
    assert "1 of 2 name(s) not resolved: 'Qwertzuiop Xylophone'" in result.stderr


def test_resolve_json_gives_suggestions_for_unknown_names(run) -> None:
    result = run("resolve", "--json", "Mayaxdinqo")
    record = json.loads(result.stdout.splitlines()[0])
    assert record["candidates"] == [] and "Al Mayādīn" in record["suggestions"]


@pytest.mark.parametrize(
    "args",
    [["resolve", "x", "--near", "95,3"], ["resolve", "x", "--near", "abc"], ["resolve", "x", "--limit", "0"],
     ["resolve", "x", "--kind", "castle"], ["resolve"], ["resolve", "x", "--country", "Syria"]],
)  # fmt: skip
def test_bad_usage_exits_2(run, args) -> None:
    result = run(*args)
    assert result.exit_code == 2, result.output


def test_country_and_near_options_steer_the_ranking(run) -> None:
    us = json.loads(run("resolve", "--json", "Moscow", "--country", "US").output)
    assert us["candidates"][0]["country"] == "US"
    near = json.loads(run("resolve", "--json", "Moscow", "--near", "46.73,-117.0").output)
    assert near["candidates"][0]["lat"] == pytest.approx(46.73239)


def test_index_command_reports_what_the_gazetteer_holds(run) -> None:
    result = run("index")
    assert result.exit_code == 0
    assert "places:" in result.output and "river" in result.output


def test_console_script_runs_as_a_real_process(gazetteer_cache: Path, gazetteer) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "incidentmap", "--cache-dir", str(gazetteer_cache), "resolve", "--json", "Raqqa"],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["candidates"][0]["name"] == "Ar Raqqah"
