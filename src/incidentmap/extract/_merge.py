"""Reports of one incident from several articles, merged into one incident that keeps every claim."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence

from incidentmap.extract._actors import ActorTable
from incidentmap.extract._incidents import SAME_PLACE_M, Extraction
from incidentmap.geo import distance_m
from incidentmap.model import Incident, IncidentSet, Source

__all__ = ["merge", "merge_groups"]

#: Reports dated this many days apart or fewer can be the same incident.
SAME_DAYS = 2
_PRECISION_RANK = {"exact": 0, "near": 1, "region": 2}
_POINTY = frozenset({"airbase", "airport", "military_base", "outpost", "border_crossing", "dam"})


def _compatible(a: Incident, b: Incident, table: ActorTable, place_m: float, days: int) -> bool:
    if a.place is None or b.place is None:
        return False
    if distance_m(a.place.lon, a.place.lat, b.place.lon, b.place.lat) > place_m:
        return False
    if a.date is not None and b.date is not None and abs((a.date - b.date).days) > days:
        return False
    ga = table.group(a.attacker) if a.attacker else ""
    gb = table.group(b.attacker) if b.attacker else ""
    return not (ga and gb and ga != gb)


def merge_groups(
    incidents: Sequence[Incident],
    *,
    actors: ActorTable | None = None,
    same_place_m: float = SAME_PLACE_M,
    same_days: int = SAME_DAYS,
) -> list[list[int]]:
    """Indexes of ``incidents`` that report the same incident, each group in input order.

    Two incidents are the same when their places lie within ``same_place_m``, their dates (when
    both are known) within ``same_days``, their attackers belong to one actor group (when both
    are known), and they come from different sources. Every member of a group must be
    compatible with every other: a chain of near neighbours does not fuse distant reports.
    """
    table = actors if actors is not None else ActorTable.default()
    groups: list[list[int]] = []
    for i, inc in enumerate(incidents):
        for g in groups:
            if any(set(inc.sources) & set(incidents[j].sources) for j in g):
                continue
            if all(_compatible(inc, incidents[j], table, same_place_m, same_days) for j in g):
                g.append(i)
                break
        else:
            groups.append([i])
    return groups


def _specificity(inc: Incident) -> tuple[int, int]:
    kind = inc.place.kind if inc.place is not None else ""
    return (0 if kind in _POINTY else 1, _PRECISION_RANK.get(inc.precision, 3))


def _combine(members: Sequence[Incident]) -> Incident:
    where = min(members, key=_specificity)
    dates = [m.date for m in members if m.date is not None]
    first = members[0]

    def pick(attr: str) -> str:
        return next((getattr(m, attr) for m in members if getattr(m, attr)), "")

    sources = tuple(dict.fromkeys(s for m in members for s in m.sources))
    date: dt.date | None = min(dates) if dates else None
    notes = "; ".join(m.notes for m in members if m.notes)
    if len(members) > 1:
        notes = f"merged from {', '.join(m.id for m in members)}; {notes}"
    return dataclasses.replace(
        first,
        place=where.place,
        place_name=where.place_name,
        precision=where.precision,
        uncertainty_m=where.uncertainty_m,
        date=date,
        type=pick("type"),
        attacker=pick("attacker"),
        target=pick("target"),
        casualties=tuple(c for m in members for c in m.casualties),
        proximity=tuple(d for m in members for d in m.proximity),
        sources=sources,
        notes=notes,
    )


def merge(
    extractions: Sequence[Extraction],
    *,
    actors: ActorTable | None = None,
    same_place_m: float = SAME_PLACE_M,
    same_days: int = SAME_DAYS,
) -> IncidentSet:
    """One :class:`~incidentmap.model.IncidentSet` from several articles' incident drafts.

    Reports of the same incident become one incident that keeps every source's casualty claims
    and distances (62 killed says one, 83 says another: both stay, each with its source).
    """
    incidents = [inc for ex in extractions for inc in ex.incidents]
    groups = merge_groups(incidents, actors=actors, same_place_m=same_place_m, same_days=same_days)
    merged = tuple(_combine([incidents[i] for i in g]) for g in groups)
    sources: dict[str, Source] = {ex.source.id: ex.source for ex in extractions}
    return IncidentSet(incidents=merged, sources=sources)
