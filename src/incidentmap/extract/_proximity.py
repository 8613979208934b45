"""Distances between forces as reports state them: who, how far, from what, in which words."""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Iterable

from incidentmap.model import ReportedDistance
from incidentmap.text import find_distances

__all__ = ["find_proximity"]

_HEADS = (
    r"troops|troop|forces|force|advisers|advisors|adviser|advisor|personnel|soldiers|commandos|"
    r"operators|fighters|units|unit|team|teams|contingent|patrol|convoy|positions|outpost|base|"
    r"police|marines|sailors|ships|vessels|advisers"
)
_MODIFIERS = frozenset(
    str.split(
        """advisory special ground allied coalition partner operations elite military friendly
    american british french russian turkish syrian iraqi kurdish iranian u.s. us usa uk the
    nearby deployed naval marine air navy"""
    )
)
_HEAD = re.compile(rf"\b(?:{_HEADS})\b", re.IGNORECASE)
_WORD_BEFORE = re.compile(r"([\w.’'-]+)\s+$")
#: Words after a distance that make it a place's offset or a zone's size, not a force's distance.
_NOT_PROXIMITY = re.compile(
    r"^[\s\"”’)]*(?:(?:to\s+the\s+)?(?:north|south|east|west)[\w-]*\s+of\b|"
    r"(?:deconfliction\s+|exclusion\s+|security\s+|buffer\s+)?(?:zone|radius|perimeter|long|wide|deep|high|range)\b)",
    re.IGNORECASE,
)
_REFERENCE = re.compile(
    r"^[\s\"”’)]*(?:\([^)]{0,40}\)\s*)?(?:away\s*)?(?:from|of)\s+(?P<ref>[^,.;:!?\"“”()\n]{1,80})",
    re.IGNORECASE,
)
_AWAY = re.compile(r"^[\s\"”’)]*(?:\([^)]{0,40}\)\s*)?away\b", re.IGNORECASE)


def find_proximity(
    text: str, sentences: Iterable[tuple[int, int]], *, source_id: str = ""
) -> list[ReportedDistance]:
    """Distances between a force and a strike (or another force) stated in ``sentences``.

    A distance counts when a force ("US troops", "American advisory forces", "US personnel")
    is named before it in the same sentence; offsets of places ("12 km north of Manbij") and
    sizes of zones ("a 55-km zone") do not. Every claim is kept, also when a report states the
    same distance twice in different units. ``text``/``start``/``end`` cover the words from the
    force to the reference point.

    >>> t = "US troops were less than five kilometres from the villages."
    >>> [(d.force, d.value, d.unit, d.qualifier, d.reference) for d in find_proximity(t, [(0, len(t))])]
    [('US troops', 5.0, 'km', 'less than', 'the villages')]
    """
    out: list[ReportedDistance] = []
    spans = sorted(sentences)
    if not spans:
        return out
    lo_all, hi_all = spans[0][0], spans[-1][1]
    starts = [lo for lo, _ in spans]
    # One scan of the whole text: most sentences state no distance at all.
    for d in find_distances(text[lo_all:hi_all]):
        if d.start is None or d.end is None:
            continue
        at = lo_all + d.start
        k = bisect.bisect_right(starts, at) - 1
        if k < 0 or not (spans[k][0] <= at and lo_all + d.end <= spans[k][1]):
            continue
        lo, hi = spans[k]
        sentence = text[lo:hi]
        d = dataclasses.replace(d, start=at - lo, end=lo_all + d.end - lo)
        claim = _claim(sentence, lo, d, source_id)
        if claim is not None:
            out.append(claim)
    return out


def _claim(sentence: str, lo: int, d: ReportedDistance, source_id: str) -> ReportedDistance | None:
    """The distance ``d`` (offsets into ``sentence``) as a force's distance, or ``None``."""
    assert d.start is not None
    assert d.end is not None
    after = sentence[d.end :]
    if _NOT_PROXIMITY.match(after):
        return None
    force = _force_before(sentence, d.start)
    if force is None:
        return None
    f_start, f_text = force
    ref = _REFERENCE.match(after)
    if ref is not None:
        reference = _clip(ref["ref"])
        end = d.end + ref.start("ref") + len(reference)
    elif (away := _AWAY.match(after)) is not None:
        reference, end = "the strike", d.end + away.end()
    else:
        reference, end = "", d.end
    return dataclasses.replace(
        d,
        force=f_text,
        reference=reference,
        text=sentence[f_start:end],
        start=lo + f_start,
        end=lo + end,
        source_id=source_id,
    )


_REF_STOP = frozenset(
    str.split(
        """and but which who whom whose that was were is are had has have to observed said says told
    while when as after before until because"""
    )
)


def _clip(ref: str) -> str:
    """The reference point's words, up to the verb or conjunction that ends them."""
    words = ref.split(" ")
    for k, w in enumerate(words):
        if k >= 2 and w.lower() in _REF_STOP:
            words = words[:k]
            break
    return " ".join(words).strip()


def _force_before(sentence: str, pos: int) -> tuple[int, str] | None:
    """The nearest force phrase before ``pos``: its start and words ("American advisory forces")."""
    best = None
    for m in _HEAD.finditer(sentence, 0, pos):
        best = m
    if best is None:
        return None
    start = best.start()
    words = 0
    while words < 4:
        prev = _WORD_BEFORE.search(sentence, 0, start)
        if prev is None:
            break
        word = prev.group(1)
        if not (
            word[0].isupper() or word.lower() in _MODIFIERS or word.lower().endswith("-backed")
        ):
            break
        if word.lower() in ("the", "a", "an"):
            break
        start = prev.start(1)
        words += 1
    return start, sentence[start : best.end()]
