"""How common a word is in English, and how common it is as a personal name.

A village whose name is also a common word or a surname ("Power", "Hope", "Townsend") is only a
place where the text says it is one. This module answers from ``gazetteer/words/english.tsv``
(derived from wordfreq and the US census name files by ``scripts/derive_words.py``), read once
per process on first use, so that extraction does not need wordfreq at run time.

``zipf`` returns what ``wordfreq.zipf_frequency(word, "en")`` returns for every word at or above
the table's floor (``FLOOR``, Zipf 4.0) and for the listed names; other words give 0.0, which
every threshold at or above the floor treats like their real value. A hyphenated or possessive
word is split into tokens and their frequencies combined as wordfreq does (``1/f = 1/f1 + 1/f2``).
"""

from __future__ import annotations

import math
import re
import unicodedata
from pathlib import Path

from incidentmap.text import ARTICLES

__all__ = ["FLOOR", "commonness", "name_share", "zipf"]

#: The lowest Zipf frequency the table keeps for every word (the header of the table says it).
FLOOR = 4.0
_FILE = Path("words") / "english.tsv"
_HEADER = "\nword\tzipf\tsurname\tgiven\n"

_zipf: dict[str, float] = {}
_names: dict[str, tuple[int, int]] = {}
_cells: list[list[str]] = []  # the words, surname and given columns, until name_share needs them


def _load() -> None:
    from incidentmap.gazetteer._build import default_data_dir

    text = (default_data_dir() / _FILE).read_text("utf-8")
    body = text[text.index(_HEADER) + len(_HEADER) :].rstrip("\n")
    cells = body.replace("\n", "\t").split("\t")  # one split: this runs in every process
    words, zipfs = cells[0::4], cells[1::4]
    values = {z: float(z) for z in set(zipfs)}
    _cells[:] = [words, cells[2::4], cells[3::4]]
    _zipf.update(zip(words, map(values.__getitem__, zipfs), strict=True))


def _table() -> dict[str, float]:
    if not _zipf:
        _load()
    return _zipf


def zipf(word: str) -> float:
    """The Zipf frequency of ``word`` in English (occurrences per billion words, log10).

    Case does not matter; 0.0 for a word that is rarer than the floor and not a listed name.

    >>> zipf("Power"), zipf("power"), zipf("POWER")
    (5.52, 5.52, 5.52)
    >>> zipf("Xqzvillage")
    0.0
    >>> zipf("don’t") == zipf("don't") == 6.2
    True
    """
    table = _zipf or _table()
    low = word.lower()
    if low.isascii() and low.isalpha():  # one token, as wordfreq would see it
        return table.get(low, 0.0)
    return _combined(low, table)


def commonness(name: str) -> float:
    """How common a place name is as an English word: the Zipf frequency of a one-word name.

    Arabic articles are left out first, whether written apart ("Al Power") or joined with a
    hyphen or apostrophe ("al-Power", "el‑Hope", "Ash-Shadow"); a name of two or more words
    left after that is 0.0 (a phrase is not a common word).

    >>> commonness("al-Power") == commonness("Al Power") == commonness("Power") == zipf("power")
    True
    >>> commonness("El-Hope") == zipf("hope") > 0
    True
    >>> commonness("Ash-Shadow") == zipf("shadow")
    True
    >>> commonness("Deir ez-Zor"), commonness(""), commonness("al-")
    (0.0, 0.0, 0.0)
    """
    words = [w for w in name.split() if w.lower() not in ARTICLES]
    if len(words) != 1:
        return 0.0
    word = _ARTICLE_PREFIX.sub("", words[0])
    return zipf(word) if word else 0.0


def name_share(word: str) -> int:
    """How many people in 100,000 bear ``word`` as a surname or given name, whichever is more.

    From the US census 1990 name files: a rough signal that a one-word place name is also a
    person's name. 0 when the word is no listed name.

    >>> name_share("Townsend"), name_share("townsend"), name_share("Xqzvillage")
    (30, 30, 0)
    >>> name_share("Hassan") > 0
    True
    """
    if not _names:
        _table()
        words, surnames, givens = _cells
        _names.update(
            (w, (int(s or 0), int(g or 0)))
            for w, s, g in zip(words, surnames, givens, strict=True)
            if s or g
        )
    return max(_names.get(word.lower(), (0, 0)))


#: ``al-``, ``el‑``, ``ash-``, ``ad’`` ...: an article joined to the word after it.
_ARTICLE_PREFIX = re.compile(
    r"^(?:" + "|".join(sorted(ARTICLES - {"the"}, key=len, reverse=True)) + r")[-‐‑'’ʼ]",
    re.IGNORECASE,
)

# -- wordfreq's English lookup, for words that are not one run of ASCII letters ----------------
# Tokens as wordfreq 3.1 makes them (NFC, casefold, Unicode word boundaries, "l'"-style elision
# before a vowel, curly quotes made straight), frequencies combined as 1/f = sum(1/f_i), numbers
# of several digits estimated as wordfreq's ``numbers.digit_freq`` does (Apache-2.0, Robyn Speer).

_MID_LETTER = frozenset(":·\u0387\u05f4\u2027\ufe13\ufe55\uff1a")
_MID_NUM = frozenset(
    ",;\u037e\u0589\u060c\u060d\u066c\u07f8\u2044\ufe10\ufe14\ufe50\ufe54\uff0c\uff1b"
)
_MID_NUM_LET = frozenset(".'\u2018\u2019\u2024\ufe52\uff07\uff0e")
_VOWELS = frozenset("aehiouyáéíóúàèìòùâêîôûåïöœ")
_CURLY = re.compile("[\u02bc\u2018-\u201b]")
_MULTI_DIGIT = re.compile(r"\d[\d.,]+")
_DIGIT = re.compile(r"\d")
_DIGIT_FREQS = (0.009, 0.300, 0.175, 0.124, 0.096, 0.078, 0.066, 0.057, 0.050, 0.045)


def _kind(c: str) -> str:
    """``L`` letter (or mark), ``N`` digit, ``X`` connector, ``E`` format character (inside a
    word only), ``S`` symbol, ``O`` anything else."""
    cat = unicodedata.category(c)
    if c.isdecimal():
        return "N"
    if cat[0] in "LM":
        return "L"
    if cat == "Pc":
        return "X"
    if cat == "Cf":
        return "E"
    if cat == "So":
        return "S"
    return "O"


def _tokens(text: str) -> list[str]:
    """wordfreq's tokens of ``text`` (a subset of UAX #29 word boundaries: enough for names)."""
    text = unicodedata.normalize("NFC", text).casefold()
    kinds = [_kind(c) for c in text]
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        if kinds[i] == "S":
            out.append(text[i])
            i += 1
            continue
        if kinds[i] not in "LNX":
            i += 1
            continue
        # "l'avion", "qu'il": one or two word characters, an apostrophe and a vowel
        for k in (1, 2):
            if (
                i + k + 1 < n
                and all(kinds[j] in "LNX" for j in range(i, i + k))
                and text[i + k] == "'"
                and text[i + k + 1] in _VOWELS
            ):
                out.append(text[i : i + k])
                i += k + 1
                break
        else:
            j = i + 1
            while j < n:
                if kinds[j] in "LNXE":
                    j += 1
                elif j + 1 < n and _joins(text[j], kinds[j - 1], kinds[j + 1]):
                    j += 2
                else:
                    break
            token = text[i:j].strip("'")
            if token:
                out.append(token)
            i = j
    return [_CURLY.sub("'", t) for t in out]


def _joins(mid: str, before: str, after: str) -> bool:
    if before == after == "L":
        return mid in _MID_LETTER or mid in _MID_NUM_LET
    if before == after == "N":
        return mid in _MID_NUM or mid in _MID_NUM_LET
    return False


def _digit_freq(token: str) -> float:
    freq = 1.0
    for match in _MULTI_DIGIT.findall(token):
        for digits in re.findall(r"\d+", match):
            if len(digits) == 4:
                year = int(digits)
                if year <= 2019:
                    log = -1.9185 - 0.0083 * (2019 - year)
                elif year <= 2039:
                    log = -1.9185
                else:
                    log = -1.9185 - 0.2 * (year - 2039)
                freq *= 10.0**log + 0.1 * (_DIGIT_FREQS[int(digits[0])] / 10 ** (len(digits) - 1))
            else:
                freq *= _DIGIT_FREQS[int(digits[0])] / 10 ** (len(digits) - 1)
    return freq


def _combined(word: str, table: dict[str, float]) -> float:
    tokens = _tokens(word)
    if not tokens:
        return 0.0
    one_over = 0.0
    for token in tokens:
        smashed = _MULTI_DIGIT.sub(lambda m: _DIGIT.sub("0", m.group(0)), token)
        z = table.get(smashed, 0.0)
        if not z:
            return 0.0  # rarer than the floor (wordfreq's answer is below it too) or unknown
        freq = 10 ** (-round((9 - z) * 100) / 100)  # wordfreq's bucket frequency, exactly
        if smashed != token:
            freq *= _digit_freq(token)
        one_over += 1.0 / freq
    freq = max(1.0 / one_over, 1e-9)
    freq = round(freq, math.floor(-math.log(freq, 10)) + 3)
    return round(math.log(freq, 10) + 9, 2)
