"""From one article's mentions to incident drafts: which events, where, when, by whom, to whom.

An article usually reports one incident, sometimes a few. Events (trigger words with their
attacker and target) are grouped by the place they happened at; each group becomes an incident
that carries the casualty claims, force distances and date stated around its events. What cannot
be placed or dated is said in the warnings, never guessed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from incidentmap.extract._actors import ActorTable
from incidentmap.extract._casualties import find_casualties
from incidentmap.extract._dates import find_dates, incident_date
from incidentmap.extract._events import find_events
from incidentmap.extract._places import Location, locate
from incidentmap.extract._proximity import find_proximity
from incidentmap.extract._sentences import sentences
from incidentmap.extract._toponyms import find_toponyms
from incidentmap.extract._types import (
    ActorMention,
    Article,
    DateMention,
    EventMention,
    Toponym,
)
from incidentmap.gazetteer import Gazetteer
from incidentmap.geo import distance_m
from incidentmap.model import CasualtyClaim, Incident, ReportedDistance, Source

__all__ = ["Extraction", "extract_article"]

#: Events (and reports, when merging) whose places lie closer than this are one incident.
SAME_PLACE_M = 25_000.0
_LEAD_SENTENCES = 3
_POINT_KINDS = frozenset(
    {"airbase", "airport", "military_base", "outpost", "border_crossing", "dam", "oil_field",
     "gas_field", "camp", "industrial", "point", "zone_center"}
)  # fmt: skip
_SETTLEMENTS = frozenset({"city", "town", "village"})
_METONYM_AFTER = re.compile(
    r"^(?:['’]s\b|\s+(?:said|says|told|has|have|had|is|was|insists?|denied|accused|warned|announced|claimed)\b)"
)
#: Words in front of a place name that say something happened there ("in", "near the city of").
_LOCATIVE = re.compile(
    r"\b(?:in|near|at|outside|around|inside|on|of|by|across|close\s+to|next\s+to|"
    r"(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?|outskirts\s+of|vicinity\s+of|"
    r"bank\s+of|side\s+of)\s+(?:the\s+)?(?:(?:city|town|village|area|province|region|"
    r"governorate|district)\s+of\s+)?(?:the\s+)?$",
    re.IGNORECASE,
)
_BIG_CITY = 1_000_000
_BACKGROUND = re.compile(
    r"\bsince\b[^.]*\b(?:19|20)\d\d\b|\b(?:war|conflict)\b[^.]{0,40}\bhas killed\b", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class Extraction:
    """What one article yields: its toponyms, incident drafts and what could not be done."""

    id: str
    article: Article
    source: Source
    toponyms: tuple[Toponym, ...]
    incidents: tuple[Incident, ...]
    locations: tuple[Location, ...] = ()
    warnings: tuple[str, ...] = ()
    actors: tuple[ActorMention, ...] = field(default=(), repr=False)
    dates: tuple[DateMention, ...] = field(default=(), repr=False)


@dataclass(slots=True)
class _Group:
    location: Location
    events: list[EventMention] = field(default_factory=list)
    sentences: set[tuple[int, int]] = field(default_factory=set)


def extract_article(
    article: Article, gazetteer: Gazetteer, *, doc_id: str, actors: ActorTable | None = None
) -> Extraction:
    """Incident drafts of one article; ``doc_id`` names its source in every claim."""
    table = actors if actors is not None else ActorTable.default()
    text, body = article.text, article.body
    sents = sentences(text, body)
    toponyms = find_toponyms(text, gazetteer, spans=body)
    mentions = table.find(text, body)
    events = [
        e for e in find_events(text, mentions, body, sentence_spans=sents) if e.attacker or e.target
    ]
    warnings: list[str] = []
    places = [t for t in toponyms if t.place is not None and t.kind != "country"]
    groups = _group_events(text, sents, events, places, gazetteer, warnings)
    # Dates and claims matter only around incidents: an article without one is not searched.
    dates = find_dates(text, article.published, body) if groups else []
    source = Source(
        id=doc_id,
        title=article.title,
        url=article.url,
        published=article.published,
        path=article.path,
    )
    casualties = [
        c
        for c in (find_casualties(text, body, sentence_spans=sents) if groups else [])
        if not _BACKGROUND.search(text, *_sentence_of(sents, c.start))
    ]
    distances = find_proximity(text, sents, source_id=doc_id) if groups else []
    incidents = []
    for n, group in enumerate(groups, start=1):
        mine = _claims_for(group, groups, sents, casualties)
        near = _claims_for(group, groups, sents, distances)
        when = _date_for(group, sents, dates, article.published)
        incidents.append(_incident(doc_id, n, group, mine, near, when))
        if when is None:
            warnings.append(_undated(doc_id, n, group, dates))
    if not groups:
        warnings.append(
            f"{doc_id}: no incident found: "
            + ("no violent event with an actor" if not events else "no place named for its events")
        )
    return Extraction(
        doc_id,
        article,
        source,
        tuple(toponyms),
        tuple(incidents),
        tuple(g.location for g in groups),
        tuple(warnings),
        tuple(mentions),
        tuple(dates),
    )


# -- grouping ---------------------------------------------------------------------------------
def _sentence_of(sents: Sequence[tuple[int, int]], pos: int | None) -> tuple[int, int]:
    if pos is None:
        return (0, 0)
    for s in sents:
        if s[0] <= pos < s[1]:
            return s
    return (pos, pos)


def _main_place(
    text: str,
    sents: Sequence[tuple[int, int]],
    events: Sequence[EventMention],
    places: Sequence[Toponym],
) -> Toponym | None:
    """The place the article is about: named often, early, in event sentences, and specific."""
    if not places:
        return None
    event_sents = {e.sentence for e in events}
    lead = set(sents[:_LEAD_SENTENCES])
    score: dict[str, float] = {}
    best: dict[str, Toponym] = {}
    for t in places:
        assert t.place is not None
        pid = t.place.id
        s = _sentence_of(sents, t.start)
        points = 1.0
        if s in event_sents:
            points += 3.0
        if s in lead:
            points += 1.0
        if _METONYM_AFTER.match(text[t.end : t.end + 12]):
            points -= 1.5
        if _is_locative(text, t):
            points += 2.0
        elif t.place.population >= _BIG_CITY:
            points -= 2.0  # "asked Moscow", "from Baghdad": a government or a speaker's seat
        if re.search(r"\bof\s+(?:the\s+)?$", text[max(0, t.start - 6) : t.start]):
            points -= 0.5  # "just northeast of Aleppo": a reference point
        score[pid] = score.get(pid, 0.0) + points
        if pid not in best or (
            s in event_sents and _sentence_of(sents, best[pid].start) not in event_sents
        ):
            best[pid] = t
    for pid, t in best.items():
        kind = t.kind
        score[pid] += (
            1.0
            if kind in _POINT_KINDS
            else 0.5
            if kind in _SETTLEMENTS
            else -1.0
            if kind == "river"
            else 0.0
        )
    top = max(score, key=lambda p: (score[p], -best[p].start))
    return best[top] if score[top] > 0 else None


def _is_locative(text: str, t: Toponym) -> bool:
    """Whether the words before ``t`` place something there ("in", "near the city of")."""
    return _LOCATIVE.search(text[max(0, t.start - 48) : t.start]) is not None


def _group_events(
    text: str,
    sents: Sequence[tuple[int, int]],
    events: Sequence[EventMention],
    places: Sequence[Toponym],
    gazetteer: Gazetteer,
    warnings: list[str],
) -> list[_Group]:
    main = _main_place(text, sents, events, places)
    if main is None:
        return []
    groups: list[_Group] = []

    def group_at(loc: Location) -> _Group:
        for g in groups:
            p, q = g.location.place, loc.place
            if p.id == q.id or distance_m(p.lon, p.lat, q.lon, q.lat) < SAME_PLACE_M:
                if _more_specific(loc, g.location):
                    g.location = loc
                return g
        groups.append(_Group(loc))
        return groups[-1]

    main_loc = locate(text, _sentence_of(sents, main.start), main, gazetteer, context=places)
    assert main_loc is not None
    main_group = group_at(main_loc)
    for e in events:
        here = [
            t
            for t in places
            if e.sentence[0] <= t.start < e.sentence[1]
            and not _METONYM_AFTER.match(text[t.end : t.end + 12])
            and _is_locative(text, t)
        ]
        if here:
            nearest = min(here, key=lambda t: abs(t.start - e.start))
            loc = locate(text, e.sentence, nearest, gazetteer, context=places)
            g = group_at(loc) if loc is not None else main_group
            if g is not main_group and not (e.attacker and (e.target or e.target_text)):
                g = main_group  # a bare "strike in X" elsewhere is not a second incident
                if len(groups) > 1 and not groups[-1].events:
                    groups.pop()
        else:
            g = main_group
        g.events.append(e)
        g.sentences.add(e.sentence)
    # A place with no event stated at it is not an incident ("ministers met in Ankara").
    return [g for g in groups if g.events]


def _more_specific(a: Location, b: Location) -> bool:
    """Whether ``a`` names a more specific kind of place than ``b`` (an airbase over a river
    bank over a city).

    Two descriptions of one place ("near al-Tanf", "in al-Tanf") keep the first, which is the
    lead's.
    """

    def rank(loc: Location) -> int:
        kind = loc.place.kind
        if kind in _POINT_KINDS:
            return 0
        if kind == "bank":
            return 1  # one side of a river near a place says more than "near" the place
        return 2 if kind in _SETTLEMENTS else 3

    return rank(a) < rank(b)


# -- claims, dates, roles -------------------------------------------------------------------
_Claim = TypeVar("_Claim", CasualtyClaim, ReportedDistance)


def _claims_for(
    group: _Group,
    groups: Sequence[_Group],
    sents: Sequence[tuple[int, int]],
    claims: Sequence[_Claim],
) -> list[_Claim]:
    """Claims stated in the group's sentences; the main (first) group also takes the claims
    stated where no other group's event is."""
    out = []
    for c in claims:
        s = _sentence_of(sents, c.start)
        if s in group.sentences or (
            group is groups[0] and not any(s in g.sentences for g in groups[1:])
        ):
            out.append(c)
    return out


def _date_for(
    group: _Group,
    sents: Sequence[tuple[int, int]],
    dates: Sequence[DateMention],
    published: dt.date | None,
) -> DateMention | None:
    for s in sorted(group.sentences):
        found = incident_date(list(dates), s, published)
        if found is not None and found.date is not None:
            return found
    lead = [
        d
        for d in dates
        if d.date is not None and sents and d.start < sents[min(len(sents), _LEAD_SENTENCES) - 1][1]
    ]
    return lead[0] if lead else None


def _undated(doc_id: str, n: int, group: _Group, dates: Sequence[DateMention]) -> str:
    days = [d for d in dates if d.date is None and d.kind in ("weekday", "month_day")]
    where = group.location.place.name
    if days:
        return (
            f"{doc_id}-{n} ({where}): no date: {days[0].text!r} names a day but the publication "
            "date is unknown (give --published YYYY-MM-DD)"
        )
    return f"{doc_id}-{n} ({where}): no date stated"


def _role(events: Sequence[EventMention], attr: str) -> str:
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for e in events:
        m: ActorMention | None = getattr(e, attr)
        if m is None:
            continue
        counts[m.actor] += 1
        first.setdefault(m.actor, e.start)
    if not counts:
        return ""
    return min(counts, key=lambda a: (-counts[a], first[a]))


def _incident(
    doc_id: str,
    n: int,
    group: _Group,
    casualties: Sequence[CasualtyClaim],
    distances: Sequence[ReportedDistance],
    when: DateMention | None,
) -> Incident:
    loc = group.location
    types = Counter(e.type for e in group.events)
    target = _role(group.events, "target")
    if not target:
        target = next((e.target_text for e in group.events if e.target_text), "")
    return Incident(
        id=f"{doc_id}-{n}",
        place=loc.place,
        place_name=loc.text,
        date=when.date if when is not None else None,
        type=min(types, key=lambda t: (-types[t], t)) if types else "",
        attacker=_role(group.events, "attacker"),
        target=target,
        precision=loc.precision,  # type: ignore[arg-type]
        uncertainty_m=loc.uncertainty_m,
        casualties=tuple(dataclasses.replace(c, source_id=doc_id) for c in casualties),
        proximity=tuple(distances),
        sources=(doc_id,),
        notes=f"extracted from {doc_id}: place from {loc.text!r}"
        + (f", date from {when.text!r}" if when is not None else ""),
    )
