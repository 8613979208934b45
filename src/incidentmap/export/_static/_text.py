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


def _short(text: str, n: int = 34) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


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
