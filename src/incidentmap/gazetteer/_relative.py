"""Places described relative to others: river banks, zones, offsets, "near X", borders with X."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from incidentmap.errors import ValidationError
from incidentmap.geo import bank_area, circle, compass_to_deg, offset, representative_point
from incidentmap.model import Candidate, Place
from incidentmap.text import parse_distance

__all__ = ["NEAR_UNCERTAINTY_M", "RelativeQuery", "parse_relative", "realise"]

#: How far from a place's point "near X" may be, when nothing else says.
NEAR_UNCERTAINTY_M = 10_000.0
#: Half-length of river taken for "the east bank of the Euphrates near X", and bank width.
BANK_RADIUS_M = 25_000.0
BANK_WIDTH_M = 10_000.0

_SIDES = r"east|west|north|south|left|right"
_DIRS = (
    r"north[- ]?north[- ]?east|north[- ]?north[- ]?west|south[- ]?south[- ]?east|"
    r"south[- ]?south[- ]?west|east[- ]?north[- ]?east|east[- ]?south[- ]?east|"
    r"west[- ]?north[- ]?west|west[- ]?south[- ]?west|north[- ]?east|north[- ]?west|"
    r"south[- ]?east|south[- ]?west|north|south|east|west|nne|nnw|sse|ssw|ene|ese|wnw|wsw|"
    r"ne|nw|se|sw|n|s|e|w"
)
_NEAR_WORDS = (
    r"near|around|outside|close to|next to|in the vicinity of|in the area of|"
    r"on the outskirts of|the outskirts of|outskirts of|just outside|in and around"
)
_CITY_OF = r"(?:the\s+)?(?:city|town|village|area)\s+of\s+"

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(p, re.IGNORECASE))
    for kind, p in (
        (
            "bank",
            rf"^(?:the\s+)?(?P<side>{_SIDES})(?:ern)?\s+(?:bank|side|shore)s?\s+of\s+(?:the\s+)?"
            rf"(?P<river>.+?)(?:\s*,?\s+(?:{_NEAR_WORDS})\s+(?:{_CITY_OF})?(?P<near>.+))?$",
        ),
        (
            "zone",
            r"^(?:the\s+|a\s+)?(?P<dist>.+?)[\s-]+(?:radius\s+)?(?:(?:deconfliction|exclusion|"
            r"security|buffer|safe|no[- ]go|de-?escalation)\s+)?(?:zone|radius|area|perimeter|ring)"
            r"\s+(?:around|of|at|surrounding|near|centred on|centered on)\s+(?:the\s+)?(?P<place>.+)$",
        ),
        (
            "offset",
            rf"^(?P<dist>.+?)\s+(?:to\s+the\s+)?(?P<dir>{_DIRS})\s+of\s+(?:{_CITY_OF})?(?P<place>.+)$",
        ),
        (
            "direction",
            rf"^(?:just\s+|directly\s+)?(?:to\s+the\s+)?(?P<dir>{_DIRS})\s+of\s+(?:{_CITY_OF})?(?P<place>.+)$",
        ),
        ("border_with", r"^(?:the\s+)?(?:(?P<a>.+?)(?:'s|’s)?\s+)?border\s+with\s+(?P<b>.+)$"),
        (
            "part_of",
            r"^(?:the\s+)?(?P<part>.+?)\s+(?P<what>district|neighbou?rhood|quarter|suburb|area|"
            r"camp)\s+(?:of|in)\s+(?:the\s+)?(?:city\s+of\s+)?(?P<place>.+)$",
        ),
        ("near", rf"^(?:just\s+)?(?:{_NEAR_WORDS})\s+(?:{_CITY_OF})?(?P<place>.+)$"),
        ("city_of", rf"^{_CITY_OF}(?P<place>.+)$"),
        (
            "side",
            r"^(?:the\s+)?(?P<side>(?:north|south)-?(?:east|west)ern|northern|southern|eastern|"
            r"western|(?:north|south)-?(?:east|west)|north|south|east|west)\s+(?P<place>\S.*)$",
        ),
    )
)


@dataclass(frozen=True, slots=True)
class RelativeQuery:
    """A parsed relative description; ``parts`` holds the named groups that matched."""

    kind: str
    parts: dict[str, str]


def parse_relative(query: str) -> RelativeQuery | None:
    """Recognise a relative description, or return ``None`` for a plain name.

    >>> parse_relative("the east bank of the Euphrates near Deir ez-Zor").parts["river"]
    'Euphrates'
    >>> parse_relative("12 km north-east of Manbij").kind
    'offset'
    >>> parse_relative("the 55 km zone around al-Tanf").parts["dist"]
    '55 km'
    >>> parse_relative("the Sheikh Maqsoud district of Aleppo").parts["part"]
    'Sheikh Maqsoud'
    >>> parse_relative("Eastern Ghouta").parts
    {'side': 'Eastern', 'place': 'Ghouta'}
    >>> parse_relative("Deir ez-Zor") is None
    True
    """
    for kind, pattern in _PATTERNS:
        m = pattern.match(query.strip())
        if m is None:
            continue
        parts = {k: v.strip() for k, v in m.groupdict().items() if v}
        if kind in ("zone", "offset"):
            try:
                parse_distance(parts["dist"])
            except ValidationError:
                continue
        return RelativeQuery(kind, parts)
    return None


Best = Callable[[str, frozenset[str] | None], Candidate | None]


def _derived(base: Candidate, place: Place, score: float, why: str) -> Candidate:
    return Candidate(place, min(1.0, score), why, matched=base.matched, match="relative")


def realise(rq: RelativeQuery, best: Best) -> Candidate | None:
    """Turn a parsed description into one candidate, resolving its parts with ``best``."""
    p = rq.parts
    if rq.kind == "bank":
        river = best(p["river"], frozenset({"river"}))
        anchor = best(p["near"], None) if "near" in p else None
        if river is None or river.place.geometry is None or ("near" in p and anchor is None):
            return None
        return _bank(p["side"].lower(), river, anchor)
    if rq.kind in ("border_with", "part_of", "side"):
        return None  # resolved by the gazetteer itself, which ranks with context
    base = best(p["place"], None)
    if base is None:
        return None
    bp = base.place
    if rq.kind == "zone":
        d = parse_distance(p["dist"])
        geom = circle(bp.lon, bp.lat, d.upper_m if d.upper_m != float("inf") else d.metres)
        place = Place(f"zone:{bp.id}:{d.metres:g}m", f"{d.label} zone around {bp.name}", bp.lat,
                      bp.lon, "zone", bp.country, bp.admin1, 0, f"{d.label} geodesic circle around "
                      f"{bp.name} ({bp.source})", geom)  # fmt: skip
        return _derived(base, place, base.score, f"{d.label} zone around {bp.name}; {base.why}")
    if rq.kind == "offset":
        d = parse_distance(p["dist"])
        bearing = compass_to_deg(p["dir"])
        lon, lat = offset(bp.lon, bp.lat, d.metres, bearing)
        # The stated distance and the compass word are both rounded: a quarter of the
        # distance (at least 1 km) plus the anchor's own vagueness.
        unc = max(1000.0, 0.25 * d.metres) + (bp.uncertainty_m or 0.0)
        place = Place(f"offset:{bp.id}:{d.metres:g}m:{bearing:g}", f"{d.label} {p['dir']} of "
                      f"{bp.name}", round(lat, 6), round(lon, 6), "point", bp.country, bp.admin1,
                      0, f"geodesic offset from {bp.name} ({bp.source})", None, unc)  # fmt: skip
        return _derived(base, place, base.score, f"{d.label} at {bearing:g}° from {bp.name}")
    unc = max(NEAR_UNCERTAINTY_M, bp.uncertainty_m or 0.0)
    label = {"near": "near", "direction": f"{p.get('dir', '')} of", "city_of": ""}[rq.kind]
    if rq.kind == "city_of":
        return base
    place = Place(f"near:{bp.id}", f"{label} {bp.name}", bp.lat, bp.lon, bp.kind, bp.country,
                  bp.admin1, bp.population, bp.source, bp.geometry, unc)  # fmt: skip
    return _derived(base, place, base.score * 0.98, f"{label} {bp.name}, within about "
                    f"{unc / 1000:g} km; {base.why}")  # fmt: skip


def _bank(side: str, river: Candidate, anchor: Candidate | None) -> Candidate:
    rp = river.place
    assert rp.geometry is not None
    if anchor is not None:
        near = (anchor.place.lon, anchor.place.lat)
        geom = bank_area(rp.geometry, side, near=near, radius_m=BANK_RADIUS_M, width_m=BANK_WIDTH_M)
        name = f"{side} bank of the {rp.name} near {anchor.place.name}"
        pid = f"bank:{side}:{rp.id}:{anchor.place.id}"
        score = min(river.score, anchor.score)
        country = anchor.place.country
    else:
        lon, lat = representative_point(rp.geometry)
        geom = bank_area(rp.geometry, side, near=(lon, lat), radius_m=5_000_000.0,
                         width_m=BANK_WIDTH_M)  # fmt: skip
        name, pid, score, country = (
            f"{side} bank of the {rp.name}",
            f"bank:{side}:{rp.id}",
            river.score,
            "",
        )
    lon, lat = representative_point(geom)
    place = Place(pid, name, round(lat, 6), round(lon, 6), "bank", country, "", 0,
                  f"derived: {BANK_WIDTH_M / 1000:g} km strip on the {side} bank, "
                  f"{rp.source}", geom)  # fmt: skip
    return _derived(river, place, score, name)
