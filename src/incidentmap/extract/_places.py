"""Where an incident happened: the words around a place name, made into a place with a precision.

"near the city of al Bab" is not al Bab's centre; "the eastern bank of the Euphrates near Deir
Ezzor" is an area; "12 km north-east of Manbij" is a point offset from a town. The gazetteer
realises these descriptions (:mod:`incidentmap.gazetteer`); this module finds them in the text
in front of a place name and says how precise the result is.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from incidentmap.extract._types import Toponym
from incidentmap.gazetteer import Gazetteer
from incidentmap.model import Place

__all__ = ["Location", "locate"]

_DIRS = (
    r"north[- ]?east|north[- ]?west|south[- ]?east|south[- ]?west|northeast|northwest|"
    r"southeast|southwest|north|south|east|west"
)
_NEAR = (
    r"near|around|outside|close to|next to|in the vicinity of|in the area of|"
    r"on the outskirts of|the outskirts of|outskirts of|just outside"
)
_KIND_OF = r"(?:the\s+)?(?:city|town|village|area)\s+of\s+"
_DIST = r"\d+(?:\.\d+)?\s*(?:-\s*)?(?:km|kilometres|kilometers|miles|mi|m|metres|meters)"
# Each pattern must end exactly where the place name starts.
_BEFORE: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(p + r"$", re.IGNORECASE))
    for kind, p in (
        ("offset", rf"(?P<rel>(?:some\s+|about\s+)?{_DIST}\s+(?:to\s+the\s+)?(?:{_DIRS})\s+of\s+(?:{_KIND_OF})?(?:the\s+)?)"),
        ("bank", r"(?P<rel>(?:the\s+)?(?P<side>east|west)(?:ern)?\s+(?:bank|side)\s+of\s+(?:the\s+)?)"),
        ("near", rf"(?P<rel>(?:just\s+)?(?:{_NEAR})\s+(?:{_KIND_OF})?(?:the\s+)?)"),
        ("direction", rf"(?P<rel>(?:just\s+)?(?:{_DIRS})\s+of\s+(?:{_KIND_OF})?(?:the\s+)?)"),
    )
)  # fmt: skip
_BANK_NEAR = re.compile(
    rf"(?P<side>east|west)(?:ern)?\s+(?:bank|side)\s+(?:{_NEAR})\s+(?:the\s+)?$", re.IGNORECASE
)
_AREAS = frozenset({"region", "country", "bank", "zone", "lake", "river", "border"})


@dataclass(frozen=True, slots=True)
class Location:
    """An incident's place, how precise it is, and the words it came from."""

    place: Place
    precision: str  # "exact", "near", "region"
    uncertainty_m: float | None
    start: int
    end: int
    text: str


def locate(
    text: str,
    sentence: tuple[int, int],
    toponym: Toponym,
    gazetteer: Gazetteer,
    *,
    context: Sequence[Toponym] = (),
) -> Location | None:
    """The place of an event stated around ``toponym`` in ``sentence``.

    ``context`` holds the other toponyms of the article (a river named earlier for "the river's
    eastern bank near Deir Ezzor city", and points that pull ambiguous names).
    """
    if toponym.place is None:
        return None
    lo = sentence[0]
    before = text[lo : toponym.start]
    near = [(t.place.lat, t.place.lon) for t in context if t.place is not None][:12] or None
    name = toponym.surface  # type words in the mention ("Deir Ezzor province") help
    bank = _BANK_NEAR.search(before)
    river = _river(context, toponym.start)
    if bank is not None and river is not None:
        query = f"the {bank['side'].lower()} bank of the {river} near {name}"
        found = gazetteer.resolve(query, near=near, limit=1)
        if found:
            return _location(found[0].place, "near", lo + bank.start(), toponym.end, text)
    for kind, pattern in _BEFORE:
        m = pattern.search(before)
        if m is None:
            continue
        if kind == "bank" and toponym.kind != "river":
            continue
        query = f"{m['rel']}{name}"
        end = toponym.end
        if kind == "bank":
            # "the eastern bank of the Euphrates near Deir ez-Zor": the stretch of bank near a
            # place named right after the river.
            after = _NEAR_AFTER.match(text, toponym.end, sentence[1])
            place = _toponym_at(context, after.end() if after else -1)
            if after is not None and place is not None:
                query = f"{query} near {place.surface}"
                end = place.end
        found = gazetteer.resolve(query, near=near, limit=1)
        if found and found[0].match in ("relative", "exact", "folded", "typed"):
            return _location(found[0].place, "near", lo + m.start("rel"), end, text)
    precision = "region" if toponym.place.kind in _AREAS else "exact"
    return _location(toponym.place, precision, toponym.start, toponym.end, text)


_NEAR_AFTER = re.compile(rf"\s*,?\s+(?:{_NEAR})\s+(?:{_KIND_OF})?(?:the\s+)?", re.IGNORECASE)


def _toponym_at(context: Sequence[Toponym], start: int) -> Toponym | None:
    return next((t for t in context if t.start == start and t.place is not None), None)


def _river(context: Sequence[Toponym], before: int) -> str | None:
    rivers = [t for t in context if t.place is not None and t.kind == "river" and t.start < before]
    return rivers[-1].place.name if rivers else None  # type: ignore[union-attr]


def _location(place: Place, precision: str, start: int, end: int, text: str) -> Location:
    if place.kind in _AREAS and precision == "exact":
        precision = "region"
    return Location(place, precision, place.uncertainty_m, start, end, text[start:end])
