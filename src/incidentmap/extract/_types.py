"""Plain records that the extraction steps pass to each other.

Every record carries ``start``/``end``: character offsets into the article's text as read, so a
reviewer can see the words behind each value (``text[start:end]``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from incidentmap.model import Candidate, Place

__all__ = [
    "ActorMention",
    "Article",
    "DateMention",
    "EventMention",
    "Toponym",
]


@dataclass(frozen=True, slots=True)
class Article:
    """An article's text as read, and which parts of it are the article itself.

    ``body`` lists the ``(start, end)`` spans that are article text; everything else (weather
    widgets, "Advertisements", comment forms, related-article lists) is boilerplate and is not
    searched. Offsets index ``text``.
    """

    text: str
    body: tuple[tuple[int, int], ...]
    title: str = ""
    published: dt.date | None = None
    url: str = ""
    path: str = ""
    format: str = "txt"


@dataclass(frozen=True, slots=True)
class Toponym:
    """A place name found in the text, and what it was resolved to (``None``: not resolved)."""

    start: int
    end: int
    surface: str
    place: Place | None = None
    score: float = 0.0
    why: str = ""
    candidates: tuple[Candidate, ...] = field(default=(), compare=False, repr=False)

    @property
    def name(self) -> str:
        return self.place.name if self.place is not None else ""

    @property
    def kind(self) -> str:
        return self.place.kind if self.place is not None else ""


@dataclass(frozen=True, slots=True)
class ActorMention:
    """Words that name an armed actor, and the canonical actor of the alias table."""

    start: int
    end: int
    text: str
    actor: str
    group: str = ""


@dataclass(frozen=True, slots=True)
class EventMention:
    """A violent event stated in one sentence: trigger words, and who did it to whom."""

    start: int
    end: int
    trigger: str
    type: str
    attacker: ActorMention | None = None
    target: ActorMention | None = None
    target_text: str = ""
    sentence: tuple[int, int] = (0, 0)


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date or day as the text states it, resolved against the publication date if known.

    ``date`` is ``None`` when the words name a day that cannot be pinned to a calendar date
    (a weekday or "September 17" with no publication date); ``month``/``day``/``weekday`` keep
    what the words did say.
    """

    start: int
    end: int
    text: str
    date: dt.date | None
    kind: str  # "explicit", "month_day", "weekday", "relative"
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None  # Monday = 0
