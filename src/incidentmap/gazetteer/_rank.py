"""Ranking of gazetteer candidates: match quality, kind, prominence, country and context."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence

from incidentmap.gazetteer._index import Index
from incidentmap.geo import nearest_distance_m

__all__ = [
    "COUNTRY_BIAS",
    "FOCUS_BIAS",
    "MATCH_QUALITY",
    "NEAR_BIAS",
    "NEAR_SCALE_M",
    "TYPE_WORDS",
    "score_record",
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
    "folded": 0.8,
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
    "point": 0.3, "bank": 0.6,
}  # fmt: skip

_TYPE_TABLE: tuple[tuple[tuple[str, ...], str], ...] = (
    (("province", "governorate", "muhafazat", "muhafazah", "wilayah", "region", "district"), "region"),
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


def _prominence(index: Index, n: int) -> float:
    pop = index.population[n]
    kind = index.kinds[n]
    base = _KIND_PROMINENCE.get(kind, 0.3)
    if pop > 0:
        return max(base if kind not in ("city", "town", "village") else 0.0,
                   min(1.0, math.log10(pop + 10) / 7))  # fmt: skip
    return base


def score_record(
    index: Index,
    n: int,
    match: str,
    similarity: float,
    *,
    country: str | None,
    near: Sequence[tuple[float, float]],
    focus: frozenset[str],
) -> tuple[float, str]:
    """Score record ``n`` in [0, 1] and say why, e.g. ``folded match; city, pop 271,800``."""
    quality = MATCH_QUALITY[match] * similarity
    prominence = _prominence(index, n)
    why = [f"{match} match" + (f" ({similarity:.0%})" if similarity < 1 else "")]
    pop = index.population[n]
    why.append(f"{index.kinds[n]}" + (f", pop {pop:,}" if pop else ""))
    bias = 0.0
    where = index.countries[n]
    if country:
        bias += COUNTRY_BIAS if where == country else -COUNTRY_BIAS
        why.append("in " + country if where == country else f"not in {country}")
    elif where in focus:
        bias += FOCUS_BIAS
    if near:
        d = nearest_distance_m(index.lon[n], index.lat[n], [(lon, lat) for lat, lon in near])
        bias += NEAR_BIAS * math.exp(-d / NEAR_SCALE_M)
        why.append(f"{d / 1000:.0f} km from context")
    total = 0.62 * quality + 0.26 * prominence + bias
    return squash(total), "; ".join(why)


def squash(total: float) -> float:
    """A score sum mapped into [0, 1] without making ties: order is kept above 0.9.

    >>> squash(0.5), squash(1.1) > squash(1.05) > 0.9, squash(5.0) <= 1.0
    (0.5, True, True)
    """
    if total <= _KNEE:
        return max(0.0, total)
    return _KNEE + (1.0 - _KNEE) * (1.0 - math.exp(-(total - _KNEE) / (1.0 - _KNEE)))


_KNEE = 0.9
