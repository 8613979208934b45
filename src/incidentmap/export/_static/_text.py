"""Strings as drawn: only glyphs the font has, shortened names, locale-free dates, wrapping."""

from __future__ import annotations

import datetime as dt
import os
import unicodedata
from functools import lru_cache

import matplotlib as mpl
import matplotlib.font_manager
from matplotlib.backend_bases import RendererBase
from matplotlib.ft2font import FT2Font

from incidentmap.export._static._style import _FONT

_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


@lru_cache(maxsize=4)
def _charmap(bold: bool, italic: bool) -> frozenset[int]:
    style = {(False, False): "", (True, False): "-Bold", (False, True): "-Oblique"}
    name = f"DejaVuSans{style.get((bold, italic), '-BoldOblique')}.ttf"
    font = FT2Font(os.path.join(mpl.get_data_path(), "fonts", "ttf", name))
    return frozenset(font.get_charmap())


def _drawable(text: str, *, bold: bool = False, italic: bool = False) -> str:
    """``text`` with characters DejaVu Sans lacks replaced, so no glyph goes missing silently.

    A letter with a diacritic the font lacks keeps its base letter (NFKD); anything else (CJK,
    or Arabic script in the oblique face) becomes one "□" per run, so the reader sees that
    something was there and matplotlib never warns about a missing glyph.
    """
    have = _charmap(bold, italic)
    out: list[str] = []
    for ch in text:
        if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp"):
            ch = " "
        if ord(ch) in have:
            out.append(ch)
            continue
        base = "".join(c for c in unicodedata.normalize("NFKD", ch) if ord(c) in have)
        base = "".join(c for c in base if not unicodedata.combining(c))
        if base:
            out.append(base)
        elif not out or out[-1] != "□":
            out.append("□")
    return " ".join("".join(out).split())


def _balanced(text: str, lines: int) -> str:
    """``text`` broken at spaces into ``lines`` lines whose longest is as short as can be.

    >>> _balanced("east bank of the Euphrates near Deir ez-Zor", 2)
    'east bank of the Euphrates\\nnear Deir ez-Zor'
    >>> _balanced("16 Sep 2017 · east bank", 2)
    '16 Sep 2017 ·\\neast bank'
    >>> _balanced("Aleppo", 2)
    'Aleppo'
    """
    words: list[str] = []
    for word in text.split():  # a separator or a mark stays at the end of its line
        if words and word in ("·", "*", "–", "-"):
            words[-1] += f" {word}"
        else:
            words.append(word)
    if lines <= 1 or len(words) < 2:
        return " ".join(words)
    best: tuple[int, str] | None = None
    for cut in range(1, len(words)):
        head = " ".join(words[:cut])
        rest = _balanced(" ".join(words[cut:]), lines - 1)
        score = max(len(head), *(len(r) for r in rest.split("\n")))
        if best is None or score <= best[0]:  # on a tie, the longer first line
            best = (score, f"{head}\n{rest}")
    assert best is not None
    return best[1]


def _variants(text: str, *, most: int = 3, wrap_over: int = 16) -> tuple[str, ...]:
    """The ways a label may be written, best first: on one line, then on 2 or 3 lines.

    A label is never cut short: where one line finds no room, a wrapped one may.

    >>> _variants("Aleppo")
    ('Aleppo',)
    >>> _variants("Abu al-Duhur Military Airbase")
    ('Abu al-Duhur Military Airbase', 'Abu al-Duhur\\nMilitary Airbase')
    """
    out = [" ".join(text.split())]
    for k in range(2, most + 1):
        if len(out[0]) <= wrap_over * (k - 1):
            break
        wrapped = _balanced(out[0], k)
        if wrapped not in out:
            out.append(wrapped)
    return tuple(out)


#: Words that say what kind of populated place a name is ("Aleppo town"): a label drops them.
_KIND_WORDS = frozenset({"town", "city", "village", "suburb", "neighbourhood", "neighborhood"})


def _place_short(name: str) -> str:
    """A place name as a map label: the first part of a "place, district, province" name, with
    a trailing kind word dropped (UCDP's "where_coordinates" style).

    >>> _place_short("Aleppo town, Jabal Saman district, Aleppo Governorate")
    'Aleppo'
    >>> _place_short("Jabal al Akrad mountain, Al Haffah district")
    'Jabal al Akrad mountain'
    >>> _place_short("near Al Bāb")
    'near Al Bāb'
    """
    head = " ".join(name.split(",")[0].split()) or " ".join(name.split())
    words = head.split()
    if len(words) > 1 and words[-1].casefold() in _KIND_WORDS:
        words = words[:-1]
    return " ".join(words)


def _listing(text: str, most: int = 60) -> str:
    """A long comma-separated list of names shortened by rule: the first names that fit in
    ``most`` characters, then "+ N more" (never a cut word).

    >>> _listing("23rd Division, Ahrar al-Sham, Jaysh al Nasr, Jaysh al-Nukhba, Sham Legion, SNA", 40)
    '23rd Division, Ahrar al-Sham + 4 more'
    >>> _listing("Government of Syria", 10)
    'Government of Syria'
    """
    names = [n.strip() for n in text.split(",") if n.strip()]
    if len(text) <= most or len(names) < 2:
        return text
    kept: list[str] = []
    for name in names:
        tail = f" + {len(names) - len(kept) - 1} more"
        if kept and len(", ".join([*kept, name])) + len(tail) > most:
            break
        kept.append(name)
    return f"{', '.join(kept)} + {len(names) - len(kept)} more"


def _day(iso: str | dt.date) -> str:
    # Month names from a fixed table: strftime("%b") follows the locale, and output must not.
    d = dt.date.fromisoformat(iso) if isinstance(iso, str) else iso
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def _text_width(renderer: RendererBase, text: str, size: float, weight: str = "normal") -> float:
    prop = matplotlib.font_manager.FontProperties(family=_FONT, size=size, weight=weight)
    return float(renderer.get_text_width_height_descent(text, prop, ismath=False)[0])


def _wrap(renderer: RendererBase, text: str, size: float, width: float) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and _text_width(renderer, f"{lines[-1]} {word}", size) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines
