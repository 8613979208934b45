"""Gazetteer records as the build steps produce them, before they are indexed."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from incidentmap.errors import ValidationError
from incidentmap.model import PLACE_KINDS

__all__ = ["FOCUS_COUNTRIES", "Record", "kind_for_population", "known_kinds"]

#: Countries whose places get the full treatment (all alternate names, skeleton and fuzzy
#: matching): the theatre this tool is for and its neighbours.
FOCUS_COUNTRIES: frozenset[str] = frozenset(
    {"SY", "IQ", "TR", "JO", "LB", "IL", "PS", "IR", "SA", "KW"}
)


def kind_for_population(population: int, seat: bool = False) -> str:
    """``city`` from 100,000 people, ``town`` from 10,000 (or a seat of unknown size), else
    ``village``.

    >>> kind_for_population(250_000), kind_for_population(0, seat=True), kind_for_population(300)
    ('city', 'town', 'village')
    """
    if population >= 100_000:
        return "city"
    if population >= 10_000 or (seat and population == 0):
        return "town"
    return "village"


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
    #: A curated row that adds names to a place an extract already has: that place's id
    #: (``ourairports:5286``, ``opensyria-transport:sy-...``, ``wof:NNN``, ``geonames:NNN``).
    same_as: str = ""
    #: ``s`` an administrative seat or capital, ``q`` abandoned/destroyed/historical, ``x`` a
    #: section of a city (see ``scripts/derive_gazetteer.py``).
    flags: str = ""
    #: The row's own part of its citation: the full citation is ``f"{source}: {cite}"``
    #: (a table cites its source once and each row its id in it).
    cite: str = ""
    #: ``fold(name)`` for each of ``names``, when a derived table carries them (written by the
    #: same folding code): the index does not fold them again.
    keys: list[str] | None = None

    def citation(self) -> str:
        """The full citation: the source, then the row's own part of it."""
        return f"{self.source}: {self.cite}" if self.cite else self.source
