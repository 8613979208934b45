"""Sentence spans of article text, with abbreviations ("Lt. Gen.", "U.S.") kept whole."""

from __future__ import annotations

import re
from collections.abc import Iterable


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


__all__ = ["sentences"]

_ABBREV = _words(
    """mr mrs ms dr prof gen lt col maj capt sgt cpl pvt adm cmdr brig rep sen gov pres
    st mt ft no vs etc jan feb mar apr jun jul aug sep sept oct nov dec inc corp co ltd
    jr sr u.s u.k u.n e.g i.e approx est"""
)
_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+|$)|\n\s*\n|\n(?=\s*[-•*\u2022])|\n")


def _abbreviation_before(text: str, dot: int) -> bool:
    m = re.search(r"([A-Za-z](?:\.[A-Za-z])*|[A-Za-z]+)$", text[max(0, dot - 12) : dot])
    if m is None:
        return False
    word = m.group(1).lower()
    return word in _ABBREV or len(word) == 1 or "." in word


def sentences(text: str, spans: Iterable[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence of ``text`` inside ``spans`` (default: all of it).

    Sentences end at ``.``/``!``/``?`` (not after an abbreviation or an initial) and at line
    breaks; leading and trailing white space is not part of a sentence.

    >>> t = "Lt. Gen. Paul E. Funk said it. U.S. troops left.\\nNew line"
    >>> [t[a:b] for a, b in sentences(t)]
    ['Lt. Gen. Paul E. Funk said it.', 'U.S. troops left.', 'New line']
    """
    out: list[tuple[int, int]] = []
    for lo, hi in spans if spans is not None else [(0, len(text))]:
        start = lo
        for m in _END.finditer(text, lo, hi):
            if m.group(0)[0] == "." and _abbreviation_before(text, m.start()):
                nxt = text[m.end() : m.end() + 3].lstrip()
                if not nxt or not nxt[0].isupper() or len(m.group(0)) == 1:
                    continue
            end = m.end() if m.group(0)[0] != "\n" else m.start()
            _add(text, start, end, out)
            start = m.end()
        _add(text, start, hi, out)
    return out


def _add(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append((start, end))
