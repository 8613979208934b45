"""Name folding: every romanisation of a place lands on one key."""

import pytest

from incidentmap.text import fold, plain, skeleton

SAME_PLACE = [
    ["Deir ez-Zor", "Deir al-Zour", "Deir Ezzor", "Dayr az Zawr", "Deir el-Zour", "Dair al-Zur"],
    ["al-Bab", "el-Bab", "Al Bāb", "al Bab", "AL-BAB"],
    ["Tabqa", "Tabqah", "At Tabqah"],
    ["Al-Thawrah", "Ath Thawrah", "al-Thawra"],
    ["Al Bukamal", "Boukamal", "Al-Bukamal"],
    ["Ayn al-Arab", "‘Ayn al ‘Arab", "Ain al-Arab", "'Ayn al-'Arab"],
    ["Tal Abyad", "Tell Abyad", "Tall Abyaḑ"],
    ["Qamishli", "Al Qāmishlī", "Qamichli", "Kamishli"],
    ["Ain Issa", "Ayn Issa", "Ein Issa"],
    ["Raqqa", "Ar Raqqah", "ar-Raqqa", "Rakka"],
]


@pytest.mark.parametrize("names", SAME_PLACE, ids=lambda n: n[0])
def test_fold_gives_one_key_for_every_romanisation(names: list[str]) -> None:
    assert len({fold(n) for n in names}) == 1


@pytest.mark.parametrize(
    ("a", "b"),
    [("Deirezzor", "Deir ez-Zor"), ("Tell Abiad", "Tall Abyad"), ("Qamishlo", "Qamishli")],
)
def test_skeleton_joins_spellings_that_fold_apart(a: str, b: str) -> None:
    assert skeleton(fold(a)) == skeleton(fold(b))


@pytest.mark.parametrize(
    "article", ["al", "el", "ad", "ar", "as", "at", "az", "ash", "an", "ath", "adh", "the"]
)
def test_fold_drops_every_form_of_the_article(article: str) -> None:
    assert fold(f"Deir {article}-Zor") == fold("Deir Zor")


def test_fold_keeps_different_places_apart() -> None:
    assert len({fold(n) for n in ["Aleppo", "Raqqa", "Manbij", "Hama", "Homs", "Idlib"]}) == 6


def test_fold_handles_arabic_script_and_its_article() -> None:
    assert fold("التنف") == fold("تنف")
    assert fold("دير الزور") == fold("دير زور")


def test_fold_of_empty_or_punctuation_is_empty() -> None:
    assert fold("") == ""
    assert fold(" - ' ") == ""


def test_plain_removes_diacritics_and_collapses_spaces() -> None:
    assert plain("  Ḩamāh   City ") == "hamah city"
