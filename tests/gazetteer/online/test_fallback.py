"""The online geocoder is asked only when the offline gazetteer has no answer (opt-in)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from incidentmap.cli import cli
from incidentmap.gazetteer import Gazetteer

UNKNOWN = "Qwertz Outpost Nine"


def test_known_name_is_answered_offline_without_a_request(
    gazetteer, make_resolver, nominatim_server
) -> None:
    gaz = Gazetteer(gazetteer.index, online=make_resolver())
    assert gaz.resolve("al-Bab")[0].place.id == "geonames:174018"
    assert nominatim_server.requests == []


def test_unknown_name_falls_back_to_the_online_geocoder(
    gazetteer, make_resolver, nominatim_server
) -> None:
    gaz = Gazetteer(gazetteer.index, online=make_resolver())
    found = gaz.resolve(UNKNOWN, country="SY")
    assert found and all(c.match == "online" for c in found)
    assert found[0].place.id.startswith("nominatim:")
    assert len(nominatim_server.requests) == 1
    assert nominatim_server.requests[0].param("countrycodes") == "sy"


def test_cli_online_option_uses_the_given_service_and_caches(
    gazetteer, gazetteer_cache: Path, nominatim_server, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    for f in gazetteer_cache.glob("gazetteer-*.pickle"):  # reuse the session's built index
        (cache / f.name).write_bytes(f.read_bytes())
    args = ["--cache-dir", str(cache), "resolve", "--json", "--online", "nominatim",
            "--online-url", f"http://{nominatim_server.domain}", UNKNOWN, "Raqqa"]  # fmt: skip
    first = CliRunner().invoke(cli, args)
    assert first.exit_code == 0, first.output
    records = [json.loads(line) for line in first.stdout.splitlines()]
    assert records[0]["candidates"][0]["match"] == "online"
    assert records[1]["candidates"][0]["match"] != "online"
    assert len(nominatim_server.requests) == 1
    again = CliRunner().invoke(cli, args)
    assert again.exit_code == 0
    assert len(nominatim_server.requests) == 1  # answered from the SQLite cache
    assert (cache / "online-geocoder.sqlite").is_file()


def test_cli_online_with_service_unreachable_says_so(
    gazetteer, gazetteer_cache: Path, closed_port: int
) -> None:
    args = ["--cache-dir", str(gazetteer_cache), "resolve", "--online", "nominatim",
            "--online-url", f"http://127.0.0.1:{closed_port}", "--online-timeout", "2", UNKNOWN]  # fmt: skip
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    assert "cannot be reached" in result.stderr
    assert "Traceback" not in result.output


def test_cli_unknown_online_geocoder_is_bad_usage(gazetteer_cache: Path, gazetteer) -> None:
    result = CliRunner().invoke(
        cli, ["--cache-dir", str(gazetteer_cache), "resolve", "--online", "bing", UNKNOWN]
    )
    assert result.exit_code == 2
    assert "nominatim" in result.stderr
