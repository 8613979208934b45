"""Ranking of gazetteer candidates: match quality, kind, prominence, country and context."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from incidentmap.gazetteer._index import FLAG_BITS, Index, view
from incidentmap.geo import distance_m, nearest_distance_m

__all__ = [
    "COUNTRY_BIAS",
    "FOCUS_BIAS",
    "MATCH_QUALITY",
    "NAMED_AFTER_KINDS",
    "NEAR_BIAS",
    "NEAR_SCALE_M",
    "SETTLEMENT_KINDS",
    "TYPE_WORDS",
    "score_record",
    "score_value",
    "settlements_first",
    "split_type_word",
    "squash",
]

#: Score added for a candidate in the asked country (taken away outside it).
COUNTRY_BIAS = 0.12
#: Score added for a candidate in a focus country when no country is asked.
FOCUS_BIAS = 0.08
#: Most score added for closeness to places already resolved, and its distance scale.
NEAR_BIAS = 0.2
NEAR_SCALE_M = 150_000.0

#: How much each way of matching is worth, before the other signals.
MATCH_QUALITY: Mapping[str, float] = {
    "exact": 1.0,
    "folded": 0.96,
    "typed": 0.93,
    "skeleton": 0.7,
    "fuzzy": 0.65,
    "partial": 0.5,
}

#: How prominent a place of each kind is when no population says so.
_KIND_PROMINENCE: Mapping[str, float] = {
    "country": 1.0, "region": 0.6, "river": 0.8, "border": 0.7, "lake": 0.6, "zone": 0.6,
    "airbase": 0.62, "airport": 0.62, "military_base": 0.58, "border_crossing": 0.58,
    "dam": 0.6, "oil_field": 0.55, "gas_field": 0.55, "camp": 0.52, "industrial": 0.5,
    "outpost": 0.5, "town": 0.4, "village": 0.3, "city": 0.6, "zone_center": 0.5,
    "point": 0.3, "bank": 0.6, "district": 0.35, "neighbourhood": 0.35,
}  # fmt: skip

#: Kinds of settlement, which a same-named facility or administrative division does not beat
#: unless the query says which it means ("Tabqa" the town, "Tabqa airbase" the airfield).
SETTLEMENT_KINDS: frozenset[str] = frozenset({"city", "town", "village", "neighbourhood"})
#: Facilities that take their names from a settlement nearby.
NAMED_AFTER_KINDS: frozenset[str] = frozenset(
    {"airbase", "airport", "military_base", "outpost", "dam", "oil_field", "gas_field",
     "camp", "industrial", "border_crossing", "point"}
)  # fmt: skip
#: How far a facility may lie from the settlement it is named after.
NAMED_AFTER_M = 40_000.0
#: Score taken from abandoned, destroyed and historical places.
GONE_PENALTY = 0.05
#: Score added when the query is a place's own name rather than one of its alternates.
PRIMARY_BONUS = 0.01
#: Score added to administrative seats and capitals (a district's town, not a homonym hamlet).
SEAT_BONUS = 0.03
#: Score added to places of the curated table (named in reporting in this field, with the
#: names the press uses), and to extract places it gives names to.
CURATED_BONUS = 0.03

_TYPE_TABLE: tuple[tuple[tuple[str, ...], str], ...] = (
    (("province", "governorate", "muhafazat", "muhafazah", "wilayah", "region"), "region"),
    (("district", "sub-district", "subdistrict", "nahiya", "nahia", "qada", "qadaa", "kaza"),
     "district region"),
    (("river", "nahr"), "river"),
    (("lake", "buhayrat", "reservoir"), "lake"),
    (("airport", "airbase", "air base", "airfield", "air field", "aerodrome",
      "military airport", "military airbase", "military airfield"), "airport airbase"),
    (("base", "garrison"), "military_base airbase outpost"),
    (("dam",), "dam"),
    (("border crossing", "crossing"), "border_crossing"),
    (("camp", "refugee camp"), "camp"),
    (("oil field", "oilfield"), "oil_field"),
    (("gas field", "gasfield", "gas plant"), "gas_field"),
    (("field", "fields"), "oil_field gas_field"),
    (("city", "town"), "city town"),
    (("village",), "village town"),
)  # fmt: skip

#: Words that name a kind of feature, and the kinds they ask for.
TYPE_WORDS: Mapping[str, frozenset[str]] = {
    word: frozenset(kinds.split()) for words, kinds in _TYPE_TABLE for word in words
}

_TYPE_RE = re.compile(
    r"^(?:(?P<pre>"
    + "|".join(sorted(map(re.escape, TYPE_WORDS), key=len, reverse=True))
    + r")\s+(?:of\s+)?(?P<rest1>.+)|(?P<rest2>.+?)\s+(?P<post>"
    + "|".join(sorted(map(re.escape, TYPE_WORDS), key=len, reverse=True))
    + r"))$",
    re.IGNORECASE,
)


def split_type_word(query: str) -> tuple[str, str, frozenset[str]] | None:
    """Split "Deir Ezzor province" into ("Deir Ezzor", "province", {"region"}).

    >>> split_type_word("Deir Ezzor province")
    ('Deir Ezzor', 'province', frozenset({'region'}))
    >>> split_type_word("River Euphrates")[0]
    'Euphrates'
    >>> split_type_word("Manbij") is None
    True
    """
    m = _TYPE_RE.match(query.strip())
    if m is None:
        return None
    word = (m["pre"] or m["post"]).lower()
    rest = (m["rest1"] or m["rest2"]).strip()
    rest = re.sub(r"^(?:the|al|el)\s+(?=\S)", "", rest, flags=re.IGNORECASE) if m["pre"] else rest
    return rest, word, TYPE_WORDS[" ".join(word.split())]


_POPULATED = frozenset({"city", "town", "village"})


def score_record(
    index: Index,
    n: int,
    match: str,
    similarity: float,
    *,
    country: str | None,
    near: Sequence[tuple[float, float]],
    focus: frozenset[str],
    primary: bool = False,
) -> tuple[float, str]:
    """Score record ``n`` in [0, 1] and say why, e.g. ``folded match; city, pop 271,800``."""
    return _score(index, n, match, similarity, country, near, focus, primary, True)  # type: ignore[return-value]


def score_value(
    index: Index,
    n: int,
    match: str,
    similarity: float,
    *,
    country: str | None,
    near: Sequence[tuple[float, float]],
    focus: frozenset[str],
    primary: bool = False,
) -> float:
    """The score :func:`score_record` gives, without saying why (for ranking many records)."""
    return _score(index, n, match, similarity, country, near, focus, primary, False)  # type: ignore[return-value]


def _score(
    index: Index,
    n: int,
    match: str,
    similarity: float,
    country: str | None,
    near: Sequence[tuple[float, float]],
    focus: frozenset[str],
    primary: bool,
    explain: bool,
) -> tuple[float, str] | float:
    total = 0.62 * MATCH_QUALITY[match] * similarity + static_scores(index)[n]
    if primary:
        total += PRIMARY_BONUS
    if country:
        total += COUNTRY_BIAS if index.countries[n] == country else -COUNTRY_BIAS
    elif index.countries[n] in focus:
        total += FOCUS_BIAS
    d = 0.0
    if near:
        d = nearest_distance_m(index.lon[n], index.lat[n], [(lon, lat) for lat, lon in near])
        total += NEAR_BIAS * math.exp(-d / NEAR_SCALE_M)
    if not explain:
        return squash(total)
    why = [f"{match} match" + (f" ({similarity:.0%})" if similarity < 1 else "")]
    pop = index.population[n]
    why.append(f"{index.kinds[n]}" + (f", pop {pop:,}" if pop else ""))
    if country:
        why.append("in " + country if index.countries[n] == country else f"not in {country}")
    if near:
        why.append(f"{d / 1000:.0f} km from context")
    if index.flag(n, "q"):
        why.append("abandoned or destroyed")
    if index.flag(n, "c"):
        why.append("curated")
    return squash(total), "; ".join(why)


def static_scores(index: Index) -> memoryview:
    """The part of each record's score that does not depend on the query: its prominence,
    and what its flags add or take away (computed once per index, on its arrays)."""
    cached = getattr(index, "_static_scores", None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    a = index.arrays
    kinds = index.meta["kinds"]
    base = np.array([_KIND_PROMINENCE.get(k, 0.3) for k in kinds], dtype=np.float64)[
        np.asarray(a["kind"])
    ]
    pop = np.asarray(a["population"]).astype(np.float64)
    by_pop = np.minimum(1.0, np.log10(pop + 10) / 7)
    settled = np.isin(np.asarray(a["kind"]), [kinds.index(k) for k in kinds if k in _POPULATED])
    district = np.asarray(a["kind"]) == (kinds.index("district") if "district" in kinds else -1)
    prominence = np.where(
        (pop > 0) & ~district, np.maximum(np.where(settled, 0.0, base), by_pop), base
    )
    flags = np.asarray(a["flags"])
    static = 0.26 * prominence
    static -= GONE_PENALTY * ((flags & FLAG_BITS["q"]) > 0)
    static += CURATED_BONUS * ((flags & FLAG_BITS["c"]) > 0)
    static += SEAT_BONUS * ((flags & FLAG_BITS["s"]) > 0)
    scores = view(static, "d")
    index._static_scores = scores
    return scores


def settlements_first(index: Index, rows: list[list[Any]]) -> None:
    """Cap, in place, the scores of facilities and divisions named after a settlement.

    ``rows`` are ``[score, record, match, primary, note]``. "Tabqa" is the town, not its
    airfield; "Idlib" the city, not its governorate or district, unless the query says
    "airbase" or "province" (a typed query is not passed here). They yield to a city, a town
    or an administrative seat — in the same country for a division, within
    :data:`NAMED_AFTER_M` for a facility — and a district also to a village inside its
    extent (the village it is named after); not to another village: "Hmeimim" is the
    airbase, and a village that shares a governorate's name does not beat it.
    """
    if len(rows) < 2:
        return
    kinds = index.kinds
    row_kinds = [kinds[r[1]] for r in rows]
    towns = [r for r, k in zip(rows, row_kinds, strict=True) if k in SETTLEMENT_KINDS]
    if not towns or len(towns) == len(rows):
        return
    countries, lon, lat = index.countries, index.lon, index.lat
    for row in rows:
        n = row[1]
        kind = kinds[n]
        admin = kind == "district" or (kind == "region" and index.flag(n, "a"))
        if not admin and kind not in NAMED_AFTER_KINDS:
            continue
        reach = (index.uncertainty(n) or 0.0) if admin else NAMED_AFTER_M
        rivals = [
            t
            for t in towns
            if countries[t[1]] == countries[n]
            and (
                (admin and _big(index, t[1]))
                or distance_m(lon[n], lat[n], lon[t[1]], lat[t[1]]) <= reach
            )
            and (admin or _big(index, t[1]))
        ]
        if not rivals:
            continue
        best = max(rivals, key=lambda t: t[0])
        if row[0] > best[0] - 0.01:
            row[0] = max(0.0, best[0] - 0.01)
            row[4] += f"; below {index.names[best[1]]}, the settlement it is named after"


def _big(index: Index, n: int) -> bool:
    return index.kinds[n] in ("city", "town") or index.flag(n, "s")


def squash(total: float) -> float:
    """A score sum mapped into [0, 1] without making ties: order is kept above 0.9.

    >>> squash(0.5), squash(1.1) > squash(1.05) > 0.9, squash(5.0) <= 1.0
    (0.5, True, True)
    """
    if total <= _KNEE:
        return max(0.0, total)
    return _KNEE + (1.0 - _KNEE) * (1.0 - math.exp(-(total - _KNEE) / (1.0 - _KNEE)))


_KNEE = 0.9
