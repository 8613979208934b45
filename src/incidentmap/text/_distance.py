"""Parsers for distances as reports state them ("less than five kilometres", "a 55-km zone")."""

from __future__ import annotations

import re

from incidentmap.errors import ValidationError
from incidentmap.model import ReportedDistance
from incidentmap.text._scan import anchored_windows

__all__ = ["find_distances", "parse_distance", "parse_number"]

_UNITS = {
    "m": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
del _UNITS["m"]
_TENS = {
    "ten": 10, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
}  # fmt: skip
# Phrases that stand for a number but leave it approximate.
_VAGUE = {"a couple of": 2, "a couple": 2, "a few": 3, "several": 3, "a dozen": 12}
_FIXED = {"a": 1, "an": 1, "one": 1, "half a": 0.5, "half an": 0.5}

_QUALIFIERS = {
    "less than": "less than", "fewer than": "less than", "under": "less than",
    "below": "less than", "just under": "less than", "no more than": "at most",
    "not more than": "at most", "at most": "at most", "at the most": "at most",
    "up to": "at most", "within": "within", "inside": "within", "more than": "more than",
    "over": "more than", "beyond": "more than", "just over": "more than",
    "at least": "at least", "upwards of": "at least", "about": "about", "around": "about",
    "roughly": "about", "approximately": "about", "approx.": "about", "approx": "about",
    "some": "about", "nearly": "about", "almost": "about", "close to": "about",
    "an estimated": "about", "estimated": "about", "circa": "about", "c.": "about",
}  # fmt: skip
_UNIT_WORDS = {
    "km": "km", "kms": "km", "kilometre": "km", "kilometres": "km", "kilometer": "km",
    "kilometers": "km", "mile": "mi", "miles": "mi", "mi": "mi", "nautical mile": "nmi",
    "nautical miles": "nmi", "nmi": "nmi", "nm": "nmi", "m": "m", "metre": "m", "metres": "m",
    "meter": "m", "meters": "m", "ft": "ft", "feet": "ft", "foot": "ft", "yard": "yd",
    "yards": "yd", "yd": "yd", "yds": "yd",
}  # fmt: skip


def _alt(words: object) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))  # type: ignore[call-overload]


_WORD_NUM = rf"(?:(?:{_alt(_TENS)})(?:[- ](?:{_alt(_UNITS)}))?|{_alt(_UNITS)})"
_NUM = (
    rf"(?:\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|{_WORD_NUM}|{_alt(_VAGUE)}|{_alt(_FIXED)})"
)
_PATTERN = re.compile(
    rf"(?<![\w-])(?:(?P<qual>{_alt(_QUALIFIERS)})\s+)?"
    rf"(?:between\s+(?P<lo>{_NUM})\s+and\s+|(?P<lo2>\d+(?:\.\d+)?)\s*(?:-|–|to)\s*(?=\d))?"
    rf"(?P<num>{_NUM})[\s-]*(?P<unit>{_alt(_UNIT_WORDS)})(?![\w])",
    re.IGNORECASE,
)


_UNIT_SCAN = re.compile(rf"(?<![\w])(?:{_alt(_UNIT_WORDS)})(?![\w])", re.IGNORECASE)
#: How far before a unit word a distance phrase can start ("between twenty-five and ...").
_WINDOW = 90


def parse_number(words: str) -> tuple[float, bool]:
    """Read a number written in digits or words; return (value, approximate).

    >>> parse_number("five"), parse_number("twenty-five"), parse_number("1,200")
    ((5.0, False), (25.0, False), (1200.0, False))
    >>> parse_number("a couple of")
    (2.0, True)
    """
    w = " ".join(words.lower().split())
    if w in _VAGUE:
        return float(_VAGUE[w]), True
    if w in _FIXED:
        return float(_FIXED[w]), False
    if w[0].isdigit():
        return float(w.replace(",", "")), False
    parts = re.split(r"[- ]", w)
    total = 0
    for p in parts:
        if p in _TENS:
            total += _TENS[p]
        elif p in _UNITS:
            total += _UNITS[p]
        else:
            raise ValidationError(f"not a number: {words!r}", field="value", value=words)
    return float(total), False


def _to_distance(m: re.Match[str], offset: int = 0) -> ReportedDistance:
    value, approximate = parse_number(m["num"])
    value_max = None
    low_words = m["lo"] or m["lo2"]
    if low_words:
        low, approx_low = parse_number(low_words)
        value, value_max = low, value
        approximate = approximate or approx_low
    qual_words = (m["qual"] or "").lower()
    qualifier = _QUALIFIERS.get(qual_words, "exact")
    if qualifier == "exact" and approximate:
        qualifier = "about"
    if qual_words in {"some", "nearly", "almost", "roughly", "about", "around", "approximately"}:
        approximate = True
    return ReportedDistance(
        value=value,
        unit=_UNIT_WORDS[m["unit"].lower()],
        qualifier=qualifier,
        value_max=value_max,
        approximate=approximate,
        text=m.group(0),
        start=m.start() + offset,
        end=m.end() + offset,
    )


def parse_distance(text: str) -> ReportedDistance:
    """Parse a whole phrase that states one distance.

    Raises :class:`~incidentmap.errors.ValidationError` when ``text`` holds no distance.

    Examples
    --------
    >>> d = parse_distance("less than five kilometres")
    >>> d.value, d.unit, d.qualifier, d.upper_m
    (5.0, 'km', 'less than', 5000.0)
    >>> parse_distance("at most a couple of miles").bound_m
    (0.0, 3218.688)
    >>> parse_distance("55-km").label
    '55 km'
    """
    stripped = text.strip()
    m = _PATTERN.fullmatch(stripped)
    if m is None:
        raise ValidationError(
            f"not a distance: {text!r}; expected e.g. '5 km', 'less than 5 miles', "
            "'about 300 m', 'between 2 and 3 km' (units: km, mi, m, ft, yd, nmi)",
            field="distance",
            value=text,
        )
    return _to_distance(m)


def find_distances(text: str) -> list[ReportedDistance]:
    """Every distance stated in ``text``, with character offsets into it.

    >>> [(d.text, d.start) for d in find_distances("troops were fewer than five miles away")]
    [('fewer than five miles', 12)]
    """
    # The full pattern is costly to try at every character; it runs only just before unit words.
    out: list[ReportedDistance] = []
    lo_prev = -1
    for lo, hi in anchored_windows(_UNIT_SCAN, text, 0, len(text), before=_WINDOW, after=0):
        for m in _PATTERN.finditer(text, lo, hi):
            if m.start() > lo_prev:
                out.append(_to_distance(m))
                lo_prev = m.start()
    return out
