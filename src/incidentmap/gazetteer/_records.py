"""Gazetteer records as the build steps produce them, before they are indexed."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from incidentmap.errors import ValidationError
from incidentmap.model import PLACE_KINDS

__all__ = ["FOCUS_COUNTRIES", "Record", "known_kinds"]

#: Countries whose places get the full treatment (all alternate names, skeleton and fuzzy
#: matching): the theatre this tool is for and its neighbours.
FOCUS_COUNTRIES: frozenset[str] = frozenset(
    {"SY", "IQ", "TR", "JO", "LB", "IL", "PS", "IR", "SA", "KW"}
)


def known_kinds(kinds: Iterable[str]) -> list[str]:
    """The kinds asked for, each once in order; ValidationError for one the model does not know."""
    wanted = list(dict.fromkeys(kinds))
    unknown = set(wanted) - PLACE_KINDS
    if unknown:
        raise ValidationError(
            f"kinds must be among {sorted(PLACE_KINDS)}, got {sorted(unknown)!r}",
            field="kinds",
            value=sorted(unknown),
        )
    return wanted


@dataclass(slots=True)
class Record:
    """One place as read from a source, with every name it is known by."""

    id: str
    name: str
    lat: float
    lon: float
    kind: str
    country: str = ""
    admin1: str = ""
    population: int = 0
    source: str = ""
    names: list[str] = field(default_factory=list)
    geometry_wkb: bytes | None = None
    uncertainty_m: float | None = None
    focus: bool = True
