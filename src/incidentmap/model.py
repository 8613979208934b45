"""The data model: places, candidates, reported distances, casualty claims, sources, incidents.

Every object is a frozen dataclass that validates itself when built and raises
:class:`~incidentmap.errors.ValidationError` naming the field and echoing the bad value.
Coordinates are WGS84 degrees; geometry, when present, is a shapely geometry in (lon, lat).
Lengths are metres (``*_m``) inside.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import itertools
import math
import operator
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from incidentmap.errors import ValidationError

if TYPE_CHECKING:  # shapely is a dependency, but the model must not import it eagerly
    from shapely.geometry.base import BaseGeometry

__all__ = [
    "DISTANCE_QUALIFIERS",
    "PLACE_KINDS",
    "UNIT_METRES",
    "Candidate",
    "CasualtyClaim",
    "ForcePosition",
    "Incident",
    "IncidentSet",
    "Place",
    "ReportedDistance",
    "Source",
]

#: Metres in one of each unit a report may use.
UNIT_METRES: Mapping[str, float] = {
    "m": 1.0,
    "km": 1000.0,
    "mi": 1609.344,
    "ft": 0.3048,
    "yd": 0.9144,
    "nmi": 1852.0,
}

#: What kinds of place the gazetteer knows. Points first, then lines, then areas.
PLACE_KINDS: frozenset[str] = frozenset(
    {
        # points
        "city", "town", "village", "airbase", "airport", "military_base", "outpost",
        "border_crossing", "dam", "oil_field", "gas_field", "camp", "industrial",
        "zone_center", "point", "neighbourhood",
        # lines
        "river", "border",
        # areas
        "country", "region", "district", "lake", "zone", "bank",
    }
)  # fmt: skip

#: Qualifiers of a reported distance and how each bounds the value.
#: ``upper``: the distance is at most the value; ``lower``: at least; ``approx``: about;
#: ``exact``: as stated.
DISTANCE_QUALIFIERS: Mapping[str, str] = {
    "less than": "upper",
    "at most": "upper",
    "within": "upper",
    "more than": "lower",
    "at least": "lower",
    "about": "approx",
    "exact": "exact",
}

#: Relative tolerance given to "about N km" when the text gives no other figure.
APPROX_TOLERANCE = 0.25

Precision = Literal["exact", "near", "region"]
_PRECISIONS = ("exact", "near", "region")
# A tuple, not ``int | float``: isinstance is several times faster with it, and readers build
# hundreds of thousands of objects.
_NUMBER = (int, float)


def _check_lat_lon(lat: float, lon: float) -> None:
    # Fast path for the common case: two floats in range (NaN and inf fail the comparisons).
    if (
        type(lat) is float
        and type(lon) is float
        and -90.0 <= lat <= 90.0
        and -180.0 <= lon <= 180.0
        and (lat != 0 or lon != 0)
    ):
        return
    if not isinstance(lat, _NUMBER) or not math.isfinite(lat) or not -90 <= lat <= 90:
        raise ValidationError(
            f"lat must be a number in [-90, 90], got {lat!r}", field="lat", value=lat
        )
    if not isinstance(lon, _NUMBER) or not math.isfinite(lon) or not -180 <= lon <= 180:
        raise ValidationError(
            f"lon must be a number in [-180, 180], got {lon!r}", field="lon", value=lon
        )
    if lat == 0 and lon == 0:
        # (0, 0) is nearly always a missing coordinate that became zeros somewhere upstream.
        raise ValidationError(
            "(0, 0) is not accepted as a place: it is almost always a missing coordinate",
            field="lat",
            value=(lat, lon),
        )


def _set(obj: object, name: str, value: Any) -> None:
    object.__setattr__(obj, name, value)


_C = TypeVar("_C", bound=type)


def _slot_init(cls: _C) -> _C:
    """Give a frozen, slotted dataclass a faster ``__init__`` that does the same.

    ``dataclass`` fills each field of a frozen class with ``object.__setattr__``; this one fills
    the slots through their descriptors, about twice as fast, which matters when a reader builds
    100,000 places and incidents. Same parameters, defaults and order, same ``__post_init__``
    call (so the same validation), same errors for a missing or unknown argument.
    """
    fields = dataclasses.fields(cls)
    assert all(f.init and f.default_factory is dataclasses.MISSING for f in fields), cls
    namespace: dict[str, Any] = {}
    params, body = [], []
    for f in fields:
        namespace[f"_set_{f.name}"] = getattr(cls, f.name).__set__
        if f.default is dataclasses.MISSING:
            params.append(f.name)
        else:
            namespace[f"_default_{f.name}"] = f.default
            params.append(f"{f.name}=_default_{f.name}")
        body.append(f"    _set_{f.name}(self, {f.name})\n")
    source = f"def __init__(self, {', '.join(params)}):\n{''.join(body)}    self.__post_init__()\n"
    exec(source, namespace)  # how dataclasses writes __init__ too
    init, generated = namespace["__init__"], cls.__dict__["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    init.__doc__ = generated.__doc__
    init.__annotations__ = dict(generated.__annotations__)
    type.__setattr__(cls, "__init__", init)
    return cls


@_slot_init
@dataclass(frozen=True, slots=True)
class Place:
    """A resolved place: a point, or a line/area with a representative point.

    Parameters
    ----------
    id
        Stable identifier, ``"<source>:<key>"`` (``geonames:170794``, ``curated:al-tanf-garrison``).
    name
        Display name.
    lat, lon
        Representative point, WGS84 degrees (for a line or area: a point on or inside it).
    kind
        One of :data:`PLACE_KINDS`.
    country
        ISO 3166-1 alpha-2 code, or ``""`` when the place spans several countries.
    geometry
        A shapely geometry in (lon, lat) for lines and areas; ``None`` for points.
    uncertainty_m
        Radius within which the true location lies, when known (``None`` for a plain point).
    source
        Where the coordinates come from (citation).
    """

    id: str
    name: str
    lat: float
    lon: float
    kind: str
    country: str = ""
    admin1: str = ""
    population: int = 0
    source: str = ""
    geometry: BaseGeometry | None = field(default=None, compare=False, repr=False)
    uncertainty_m: float | None = None

    def __post_init__(self) -> None:
        if not self.name or not isinstance(self.name, str):
            raise ValidationError(
                f"name must be a non-empty string, got {self.name!r}", field="name", value=self.name
            )
        _check_lat_lon(self.lat, self.lon)
        if self.kind not in PLACE_KINDS:
            raise ValidationError(
                f"kind must be one of {sorted(PLACE_KINDS)}, got {self.kind!r}",
                field="kind",
                value=self.kind,
            )
        if self.uncertainty_m is not None and not (
            math.isfinite(self.uncertainty_m) and self.uncertainty_m >= 0
        ):
            raise ValidationError(
                f"uncertainty_m must be a non-negative number, got {self.uncertainty_m!r}",
                field="uncertainty_m",
                value=self.uncertainty_m,
            )

    @property
    def is_point(self) -> bool:
        """True when the place has no line or area geometry."""
        return self.geometry is None or self.geometry.geom_type == "Point"


@dataclass(frozen=True, slots=True)
class Candidate:
    """One ranked answer of the gazetteer for a query.

    ``score`` is in [0, 1] (higher is better); ``why`` says how the score was made;
    ``matched`` is the name of the place that matched the query; ``match`` is how it matched
    (``exact``, ``folded``, ``skeleton``, ``fuzzy``, ``relative``, ``online``).
    """

    place: Place
    score: float
    why: str = ""
    matched: str = ""
    match: str = "exact"

    @property
    def name(self) -> str:
        return self.place.name

    @property
    def lat(self) -> float:
        return self.place.lat

    @property
    def lon(self) -> float:
        return self.place.lon

    @property
    def kind(self) -> str:
        return self.place.kind

    @property
    def country(self) -> str:
        return self.place.country

    @property
    def admin1(self) -> str:
        return self.place.admin1

    @property
    def population(self) -> int:
        return self.place.population

    @property
    def source(self) -> str:
        return self.place.source

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (the CLI's ``--json`` candidate object)."""
        return {
            "name": self.place.name,
            "lat": self.place.lat,
            "lon": self.place.lon,
            "kind": self.place.kind,
            "country": self.place.country,
            "admin1": self.place.admin1,
            "population": self.place.population,
            "source": self.place.source,
            "id": self.place.id,
            "score": round(self.score, 4),
            "match": self.match,
            "matched": self.matched,
            "why": self.why,
        }


@dataclass(frozen=True, slots=True)
class ReportedDistance:
    """A distance as a source reported it: a bound or estimate, never silently a point value.

    Examples
    --------
    >>> d = ReportedDistance(5, "mi", "less than", text="fewer than five miles")
    >>> d.lower_m, round(d.upper_m, 1)
    (0.0, 8046.7)
    >>> ReportedDistance(2, "mi", "at most", approximate=True).bound_m
    (0.0, 3218.688)
    """

    value: float
    unit: str
    qualifier: str = "exact"
    value_max: float | None = None
    approximate: bool = False
    text: str = ""
    start: int | None = None
    end: int | None = None
    force: str = ""
    reference: str = ""
    source_id: str = ""

    def __post_init__(self) -> None:
        if (
            isinstance(self.value, bool)
            or not isinstance(self.value, _NUMBER)
            or not (math.isfinite(self.value) and self.value >= 0)
        ):
            raise ValidationError(
                f"value must be a non-negative number, got {self.value!r}",
                field="value",
                value=self.value,
            )
        if self.unit not in UNIT_METRES:
            raise ValidationError(
                f"unit must be one of {sorted(UNIT_METRES)}, got {self.unit!r}",
                field="unit",
                value=self.unit,
            )
        if self.qualifier not in DISTANCE_QUALIFIERS:
            raise ValidationError(
                f"qualifier must be one of {sorted(DISTANCE_QUALIFIERS)}, got {self.qualifier!r}",
                field="qualifier",
                value=self.qualifier,
            )
        if self.value_max is not None and not (
            isinstance(self.value_max, _NUMBER)
            and math.isfinite(self.value_max)
            and self.value_max >= self.value
        ):
            raise ValidationError(
                f"value_max must be a number >= value ({self.value!r}), got {self.value_max!r}",
                field="value_max",
                value=self.value_max,
            )

    @property
    def metres(self) -> float:
        """The stated value in metres (the bound itself for bounded claims)."""
        return self.value * UNIT_METRES[self.unit]

    @property
    def lower_m(self) -> float:
        """Smallest distance compatible with the claim, in metres."""
        return self.bound_m[0]

    @property
    def upper_m(self) -> float:
        """Largest distance compatible with the claim, in metres (``inf`` when unbounded)."""
        return self.bound_m[1]

    @property
    def bound_m(self) -> tuple[float, float]:
        """(lower, upper) in metres."""
        factor = UNIT_METRES[self.unit]
        low = self.value * factor
        high = (self.value_max if self.value_max is not None else self.value) * factor
        how = DISTANCE_QUALIFIERS[self.qualifier]
        if how == "upper":
            return (0.0, high)
        if how == "lower":
            return (low, math.inf)
        if how == "approx":
            return (low * (1 - APPROX_TOLERANCE), high * (1 + APPROX_TOLERANCE))
        return (low, high)

    @property
    def label(self) -> str:
        """Short label: ``< 5 km``, ``≤ 2 mi``, ``~ 55 km``, ``> 1 km``."""
        sign = {
            "less than": "<",
            "at most": "≤",
            "within": "≤",
            "more than": ">",
            "at least": "≥",
            "about": "~",
            "exact": "",
        }[self.qualifier]
        num = f"{self.value:g}" if self.value_max is None else f"{self.value:g}–{self.value_max:g}"
        return f"{sign} {num} {self.unit}".strip()


@_slot_init
@dataclass(frozen=True, slots=True)
class CasualtyClaim:
    """A casualty figure as one party claims it; never merged with other claims.

    >>> claim = CasualtyClaim("killed", 62, hedge="at least", claimed_by="Russian military")
    >>> claim.label
    'at least 62 killed (Russian military)'
    """

    outcome: str
    count: int | None = None
    count_max: int | None = None
    #: The claimant's best estimate inside ``count``..``count_max`` (UCDP GED's ``best``), when
    #: it gives one besides a range.
    best: int | None = None
    hedge: str = ""
    count_text: str = ""
    party: str = ""
    claimed_by: str = ""
    source_id: str = ""
    text: str = ""
    start: int | None = None
    end: int | None = None

    OUTCOMES = frozenset({"killed", "wounded", "casualties", "missing", "captured", "displaced"})

    def __post_init__(self) -> None:
        if self.outcome not in self.OUTCOMES:
            raise ValidationError(
                f"outcome must be one of {sorted(self.OUTCOMES)}, got {self.outcome!r}",
                field="outcome",
                value=self.outcome,
            )
        for name in ("count", "count_max", "best"):
            v = getattr(self, name)
            if v is not None and (isinstance(v, bool) or not isinstance(v, int) or v < 0):
                raise ValidationError(
                    f"{name} must be a non-negative integer, got {v!r}", field=name, value=v
                )
        if self.count_max is not None and (self.count is None or self.count_max < self.count):
            raise ValidationError(
                f"count_max must be >= count ({self.count!r}), got {self.count_max!r}",
                field="count_max",
                value=self.count_max,
            )
        if self.best is not None and (
            self.count is None or not self.count <= self.best <= (self.count_max or self.count)
        ):
            raise ValidationError(
                f"best must lie between count ({self.count!r}) and count_max "
                f"({self.count_max!r}), got {self.best!r}",
                field="best",
                value=self.best,
            )

    @property
    def estimate(self) -> int | None:
        """One figure for sorting and filtering: the best estimate, else the (lower) count.

        >>> CasualtyClaim("killed", 2, 9, best=4).estimate, CasualtyClaim("killed", 62).estimate
        (4, 62)
        """
        return self.best if self.best is not None else self.count

    @property
    def label(self) -> str:
        """Readable label, e.g. ``at least 62 killed (Russian military)``."""
        text = self.figure
        return f"{text} ({self.claimed_by})" if self.claimed_by else text

    @property
    def figure(self) -> str:
        """The claim without who makes it, e.g. ``at least 62 killed``.

        >>> CasualtyClaim("killed", 62, 70).figure
        '62–70 killed'
        """
        return _figure(self.outcome, self.count, self.count_max, self.hedge, self.count_text)


@functools.lru_cache(maxsize=4096)
def _figure(
    outcome: str, count: int | None, count_max: int | None, hedge: str, count_text: str
) -> str:
    # Cached: a map or export of 100,000 incidents repeats a few hundred distinct figures.
    if count is None:
        num = count_text or "unknown number"
    elif count_max is not None:
        num = f"{count}–{count_max}"
    else:
        num = str(count)
    parts = [hedge, num, outcome] if count is not None else [num, f"({outcome})"]
    return " ".join(p for p in parts if p)


@_slot_init
@dataclass(frozen=True, slots=True)
class Source:
    """Where a report comes from."""

    id: str
    outlet: str = ""
    url: str = ""
    title: str = ""
    published: dt.date | None = None
    path: str = ""

    def __post_init__(self) -> None:
        if not self.id:
            raise ValidationError("source id must be a non-empty string", field="id", value=self.id)
        if self.url and not self.url.lower().startswith(("http://", "https://")):
            # A javascript: or data: URL in a source must never become a link.
            raise ValidationError(
                f"url must start with http:// or https://, got {self.url!r}",
                field="url",
                value=self.url,
            )


@_slot_init
@dataclass(frozen=True, slots=True)
class Incident:
    """One incident, with every source's claims kept apart."""

    id: str
    place: Place | None = None
    place_name: str = ""
    date: dt.date | None = None
    type: str = ""
    attacker: str = ""
    target: str = ""
    precision: Precision = "exact"
    uncertainty_m: float | None = None
    casualties: tuple[CasualtyClaim, ...] = ()
    proximity: tuple[ReportedDistance, ...] = ()
    sources: tuple[str, ...] = ()
    notes: str = ""

    def __post_init__(self) -> None:
        if not self.id:
            raise ValidationError(
                "incident id must be a non-empty string", field="id", value=self.id
            )
        if self.precision not in _PRECISIONS:
            raise ValidationError(
                f"precision must be one of {list(_PRECISIONS)}, got {self.precision!r}",
                field="precision",
                value=self.precision,
            )
        # Spelled out, not a loop over the names: readers build 100,000s of incidents. Tuples
        # (what readers pass) are kept as they are.
        if type(self.casualties) is not tuple:
            _set(self, "casualties", tuple(self.casualties))
        if type(self.proximity) is not tuple:
            _set(self, "proximity", tuple(self.proximity))
        if type(self.sources) is not tuple:
            _set(self, "sources", tuple(self.sources))

    @property
    def lat(self) -> float | None:
        return self.place.lat if self.place else None

    @property
    def lon(self) -> float | None:
        return self.place.lon if self.place else None

    @property
    def contested(self) -> bool:
        """True when sources give different counts for the same outcome."""
        seen: dict[str, set[tuple[int | None, int | None]]] = {}
        for c in self.casualties:
            if c.count is not None:
                seen.setdefault(c.outcome, set()).add((c.count, c.count_max))
        return any(len(v) > 1 for v in seen.values())


@dataclass(frozen=True, slots=True)
class ForcePosition:
    """Where a force was reported to be, and when."""

    force: str
    place: Place
    date: dt.date | None = None
    text: str = ""


_ID = operator.attrgetter("id")
_SOURCES = operator.attrgetter("sources")


@dataclass(frozen=True, slots=True)
class IncidentSet:
    """Incidents with the sources they cite and optional force positions.

    ``title`` names the collection (an incident file's ``title:``, or what a reader makes of a
    dataset, such as "UCDP GED events in Syria"); maps show it when no title is given.
    """

    incidents: tuple[Incident, ...] = ()
    sources: Mapping[str, Source] = field(default_factory=dict)
    forces: tuple[ForcePosition, ...] = ()
    #: Metadata of the collection, not of its incidents: two sets with the same incidents,
    #: sources and forces are equal whatever their titles.
    title: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        _set(self, "incidents", tuple(self.incidents))
        _set(self, "forces", tuple(self.forces))
        _set(self, "sources", dict(self.sources))
        ids = list(map(_ID, self.incidents))
        if len(set(ids)) != len(ids):
            dup = sorted({i for i in ids if ids.count(i) > 1})
            raise ValidationError(
                f"incident ids must be unique, repeated: {dup!r}", field="id", value=dup
            )
        # Every cited id at once (in C), then, only if one is unknown, which incident cites it.
        cited = set(itertools.chain.from_iterable(map(_SOURCES, self.incidents)))
        if not cited <= self.sources.keys():
            for inc in self.incidents:
                for sid in inc.sources:
                    if sid not in self.sources:
                        raise ValidationError(
                            f"incident {inc.id!r} cites unknown source {sid!r}",
                            field="sources",
                            value=sid,
                        )

    def __len__(self) -> int:
        return len(self.incidents)

    def __iter__(self) -> Iterator[Incident]:
        return iter(self.incidents)

    def filter(
        self,
        *,
        since: dt.date | None = None,
        until: dt.date | None = None,
        actors: Iterable[str] = (),
        bbox: tuple[float, float, float, float] | None = None,
        countries: Iterable[str] = (),
    ) -> IncidentSet:
        """The incidents that pass every filter given, with the sources they cite.

        Parameters
        ----------
        since, until
            Inclusive date range; an undated incident passes only when neither is given.
        actors
            Keep incidents whose attacker or target contains one of these (case aside).
        bbox
            (west, south, east, north) in degrees: keep incidents placed inside.
        countries
            ISO 3166-1 alpha-2 codes of the incident's place.

        Examples
        --------
        >>> a = Incident("a", date=dt.date(2017, 2, 28), attacker="Russian aircraft")
        >>> b = Incident("b", date=dt.date(2016, 9, 17), attacker="US-led coalition")
        >>> [i.id for i in IncidentSet.of([a, b]).filter(actors=["russian"])]
        ['a']
        >>> [i.id for i in IncidentSet.of([a, b]).filter(until=dt.date(2016, 12, 31))]
        ['b']
        """
        wanted = [a.casefold() for a in actors if a]
        codes = {c.upper() for c in countries if c}

        def keep(inc: Incident) -> bool:
            if since is not None or until is not None:
                if inc.date is None:
                    return False
                if (since is not None and inc.date < since) or (
                    until is not None and inc.date > until
                ):
                    return False
            if wanted:
                who = f"{inc.attacker}\n{inc.target}".casefold()
                if not any(a in who for a in wanted):
                    return False
            if bbox is not None:
                w, s, e, n = bbox
                if inc.place is None or not (w <= inc.place.lon <= e and s <= inc.place.lat <= n):
                    return False
            return not codes or (inc.place is not None and inc.place.country.upper() in codes)

        kept = tuple(i for i in self.incidents if keep(i))
        cited = {sid for i in kept for sid in i.sources}
        sources = {sid: src for sid, src in self.sources.items() if sid in cited}
        forces = tuple(
            f
            for f in self.forces
            if (since is None or f.date is None or f.date >= since)
            and (until is None or f.date is None or f.date <= until)
        )
        return IncidentSet(kept, sources, forces, self.title)

    @classmethod
    def of(cls, incidents: Iterable[Incident], sources: Iterable[Source] = ()) -> IncidentSet:
        """Build a set from incidents and a list of sources."""
        return cls(tuple(incidents), {s.id: s for s in sources})
