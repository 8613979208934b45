"""The common-word table (gazetteer/words/english.tsv) and its lookups."""

from __future__ import annotations

import importlib.util
import random
import runpy
import sys
from pathlib import Path

import pytest

from incidentmap.extract import _toponyms
from incidentmap.gazetteer import _words, commonness, default_data_dir, name_share, zipf

ROOT = Path(__file__).resolve().parents[2]
TABLE = default_data_dir() / "words" / "english.tsv"
HAS_WORDFREQ = importlib.util.find_spec("wordfreq") is not None
needs_wordfreq = pytest.mark.skipif(not HAS_WORDFREQ, reason="wordfreq is not installed")


def _header() -> list[str]:
    return [line for line in TABLE.read_text("utf-8").splitlines() if line.startswith("#")]


def test_header_cites_source_and_licence() -> None:
    header = "\n".join(_header())
    assert "wordfreq 3." in header
    assert "Robyn Speer" in header
    assert "Apache-2.0" in header
    assert "CC BY-SA 4.0" in header
    assert "US Census Bureau 1990" in header
    assert "public domain" in header
    assert "scripts/derive_words.py" in header


def test_floor_covers_every_threshold_of_the_extraction() -> None:
    assert f"zipf >= {_words.FLOOR:.2f}" in "\n".join(_header())
    assert min(_toponyms._COMMON_ZIPF, _toponyms._GIVEN_NAME_ZIPF) >= _words.FLOOR


@pytest.mark.parametrize("word", ["power", "Power", "POWER", "pOwEr"])
def test_lookup_ignores_case(word: str) -> None:
    assert zipf(word) == zipf("power") > _words.FLOOR


def test_absent_and_rare_words_are_zero() -> None:
    assert zipf("Zzqxville") == 0.0
    assert zipf("") == 0.0
    assert zipf("-") == 0.0


def test_curly_apostrophe_is_straight() -> None:
    assert zipf("Don’t") == zipf("don't") > 6


@pytest.mark.parametrize(
    ("name", "word"),
    [
        ("al-Hope", "hope"),
        ("Al-Hope", "hope"),
        ("el‑Shadow", "shadow"),  # non-breaking hyphen
        ("Ash-Shadow", "shadow"),
        ("As’Power", "power"),
        ("Al Hope", "hope"),
        ("the Hope", "hope"),
        ("Hope", "hope"),
    ],
)
def test_commonness_drops_arabic_articles(name: str, word: str) -> None:
    assert commonness(name) == zipf(word) > 0


@pytest.mark.parametrize("name", ["Hope Valley", "al-Hope Power", "al-", "", "Al"])
def test_commonness_of_phrases_and_bare_articles_is_zero(name: str) -> None:
    assert commonness(name) == 0.0


def test_commonness_keeps_words_that_merely_start_like_an_article() -> None:
    assert commonness("Alone") == zipf("alone") > 0  # "al" + "one" is one word
    assert commonness("Anchor") == zipf("anchor")


def test_name_share() -> None:
    assert name_share("Townsend") == name_share("TOWNSEND") > 0
    assert name_share("Zzqxville") == 0


@needs_wordfreq
def test_zipf_equals_wordfreq() -> None:
    from wordfreq import zipf_frequency

    rows = [line.split("\t") for line in TABLE.read_text("utf-8").splitlines()]
    words = [r[0] for r in rows if not r[0].startswith("#") and r[0] != "word"]
    sample = random.Random(7).sample(words, 2000)
    sample += ["Power", "TOWNSEND", "al-Bab", "women's", "America’s", "U.S", "1st", "2014"]
    sample += ["Qaryat", "Ḥamāh", "Şanlıurfa", "l'avion", "o'clock", "Raqqa", "Deir-ez-Zor"]
    for word in sample:
        ref = zipf_frequency(word, "en")
        got = zipf(word)
        if ref >= _words.FLOOR or got >= _words.FLOOR:
            assert got == ref, word
        else:
            assert got in (0.0, ref), word


@needs_wordfreq
@pytest.mark.skipif(importlib.util.find_spec("names") is None, reason="names is not installed")
def test_table_is_up_to_date(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "english.tsv"
    monkeypatch.setattr(sys, "argv", ["derive_words.py", "-o", str(out)])
    with pytest.raises(SystemExit) as stop:
        runpy.run_path(str(ROOT / "scripts" / "derive_words.py"), run_name="__main__")
    assert stop.value.code == 0
    assert out.read_bytes() == (ROOT / "gazetteer" / "words" / "english.tsv").read_bytes(), (
        "gazetteer/words/english.tsv is stale: run python3 scripts/derive_words.py"
    )
