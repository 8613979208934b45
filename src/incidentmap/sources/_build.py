"""From a validated incident file to an IncidentSet: sources, places, claims and distances."""

from __future__ import annotations

import dataclasses
import difflib
import re
import unicodedata
from collections.abc import Iterator
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from incidentmap.errors import ConfigurationError, PlaceNotFoundError, ValidationError
from incidentmap.model import (
    CasualtyClaim,
    ForcePosition,
    Incident,
    IncidentSet,
    Place,
    ReportedDistance,
    Source,
)
from incidentmap.sources._problems import Problems
from incidentmap.sources._schema import (
    CasualtyEntry,
    ForceEntry,
    IncidentEntry,
    IncidentFile,
    ProximityEntry,
    SourceEntry,
)
from incidentmap.sources._yaml import Loc, field_name
from incidentmap.text import parse_distance

if TYPE_CHECKING:
    from incidentmap.gazetteer import Gazetteer

__all__ = ["build_incident_set"]

_SourceKey = tuple[str, str, str, str, str]
# The file's key for each model field whose name differs from it.
_INCIDENT_KEYS = {"uncertainty_m": "uncertainty_km", "place_name": "place"}
_SOURCE_KEYS = {"published": "date"}
_SLUG_MAX = 48


def build_incident_set(
    entry: IncidentFile, problems: Problems, gazetteer: Gazetteer | None, file_name: str
) -> IncidentSet:
    """Build the incident set of a validated file; every problem becomes an InputError."""
    builder = _Builder(problems, gazetteer, file_name)
    builder.define_sources(entry)
    _check_unique_ids(entry, problems)
    incidents = [builder.incident(inc, ("incidents", i)) for i, inc in enumerate(entry.incidents)]
    forces = [builder.force(f, ("forces", i)) for i, f in enumerate(entry.forces)]
    try:
        return IncidentSet(
            tuple(incidents), builder.sources, tuple(forces), " ".join(entry.title.split())
        )
    except ValidationError as err:  # pragma: no cover - the steps above check the same
        raise problems.error((), str(err)) from err


def _check_unique_ids(entry: IncidentFile, problems: Problems) -> None:
    first: dict[str, int] = {}
    for i, inc in enumerate(entry.incidents):
        if inc.id in first:
            before = ("incidents", first[inc.id], "id")
            raise problems.error(
                ("incidents", i, "id"),
                f"incident id {inc.id!r} is used twice (first by {field_name(before[:2])} on "
                f"line {problems.document.line_of(before)}); ids must be unique",
            )
        first[inc.id] = i


def _source_refs(entry: IncidentFile) -> Iterator[tuple[Loc, str | SourceEntry]]:
    """Every place an incident cites a source, in file order."""
    for i, inc in enumerate(entry.incidents):
        loc: Loc = ("incidents", i)
        for j, ref in enumerate(inc.sources):
            yield (*loc, "sources", j), ref
        for j, claim in enumerate(inc.casualties):
            if claim.source is not None:
                yield (*loc, "casualties", j, "source"), claim.source
        for j, dist in enumerate(inc.proximity):
            if dist.source is not None:
                yield (*loc, "proximity", j, "source"), dist.source


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:_SLUG_MAX].strip("-")


class _Builder:
    """Holds the file's sources while incidents and forces are built one by one."""

    def __init__(self, problems: Problems, gazetteer: Gazetteer | None, file_name: str) -> None:
        self.problems = problems
        self.gazetteer = gazetteer
        self.file_name = file_name
        self.sources: dict[str, Source] = {}
        self.defined_at: dict[str, Loc] = {}
        self.by_content: dict[_SourceKey, str] = {}

    # -- sources ------------------------------------------------------------------------------
    def define_sources(self, entry: IncidentFile) -> None:
        """Register the top-level sources, then inline sources that carry their own id."""
        for i, src in enumerate(entry.sources):
            self._define(src, ("sources", i))
        for loc, ref in _source_refs(entry):
            if isinstance(ref, SourceEntry) and ref.id is not None:
                self._define(ref, loc)

    def _define(self, src: SourceEntry, loc: Loc) -> None:
        assert src.id is not None
        if src.id in self.sources:
            known = self.sources[src.id]
            if _key(src) == _key_of(known):
                return  # the same source written out again: one Source
            before = self.defined_at[src.id]
            raise self.problems.error(
                (*loc, "id"),
                f"source id {src.id!r} is already defined with other details by "
                f"{field_name(before)} on line {self.problems.document.line_of(before)}; "
                "cite it by its id alone, or give this source another id",
            )
        self._add(src.id, src, loc)

    def _add(self, source_id: str, src: SourceEntry, loc: Loc) -> None:
        try:
            source = Source(
                id=source_id,
                outlet=src.outlet,
                url=src.url,
                title=src.title,
                published=src.date,
                path=src.path,
            )
        except ValidationError as err:
            raise self.problems.model_error(loc, err, _SOURCE_KEYS) from err
        self.sources[source_id] = source
        self.defined_at[source_id] = loc
        self.by_content.setdefault(_key(src), source_id)

    def ref(self, ref: str | SourceEntry, loc: Loc) -> str:
        """The id of the source cited at ``loc``, registering an inline one."""
        if isinstance(ref, str):
            if ref not in self.sources:
                raise self.problems.error(loc, self._unknown_source(ref))
            return ref
        if ref.id is not None:
            return ref.id
        key = _key(ref)
        if key in self.by_content:
            return self.by_content[key]
        if not (ref.outlet or ref.url or ref.title or ref.path):
            raise self.problems.error(
                loc, "an inline source needs at least one of 'outlet', 'url', 'title' or 'path'"
            )
        self._add(self._new_id(ref), ref, loc)
        return self.by_content[key]

    def _unknown_source(self, ref: str) -> str:
        known = sorted(self.sources)
        close = difflib.get_close_matches(ref, known, n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        listed = ", ".join(repr(k) for k in known) if known else "none"
        return (
            f"unknown source id {ref!r}{hint} (sources defined in this file: {listed}); "
            "define it under the top-level 'sources:' or write the source inline"
        )

    def _new_id(self, src: SourceEntry) -> str:
        host = (urlsplit(src.url).hostname or "") if src.url else ""
        base = next((s for s in map(_slug, (src.outlet, src.title, host, src.path)) if s), "source")
        if src.date is not None:
            base = f"{base}-{src.date.isoformat()}"
        candidate, n = base, 1
        while candidate in self.sources:
            n += 1
            candidate = f"{base}-{n}"
        return candidate

    # -- places -------------------------------------------------------------------------------
    def place(self, entry: IncidentEntry | ForceEntry, loc: Loc, point_id: str) -> Place:
        """The entry's place: its own lat/lon, or its place name resolved by the gazetteer."""
        if (entry.lat is None) != (entry.lon is None):
            given, missing = ("lat", "lon") if entry.lon is None else ("lon", "lat")
            raise self.problems.error(
                (*loc, given),
                f"{given!r} is given without {missing!r}: give both, or neither and a 'place' "
                "name the gazetteer knows",
            )
        if entry.lat is not None and entry.lon is not None:
            return self._point(entry.lat, entry.lon, entry, loc, point_id)
        if entry.place is None:
            raise self.problems.error(
                (*loc, "place"),
                "missing the location: give 'place' (a name the gazetteer knows) or 'lat' and "
                "'lon' (WGS84 degrees)",
            )
        return self._resolve(entry.place, entry.country, (*loc, "place"))

    def _point(
        self, lat: float, lon: float, entry: IncidentEntry | ForceEntry, loc: Loc, point_id: str
    ) -> Place:
        if lat == 0 and lon == 0:
            raise self.problems.error(
                (*loc, "lat"),
                "(0, 0) is not accepted as a location: it is almost always a missing "
                "coordinate; give the real lat and lon, or a 'place' name",
            )
        try:
            return Place(
                id=point_id,
                name=entry.place or f"{lat}, {lon}",
                lat=float(lat),
                lon=float(lon),
                kind="point",
                country=entry.country or "",
                source=self.file_name,
            )
        except ValidationError as err:
            raise self.problems.model_error(loc, err) from err

    def _resolve(self, name: str, country: str | None, loc: Loc) -> Place:
        if self.gazetteer is None:
            line = self.problems.document.line_of(loc)
            raise ConfigurationError(
                f"{self.problems.path}, line {line}, field {field_name(loc)!r}: resolving the "
                f"place {name!r} needs a gazetteer: pass gazetteer=Gazetteer.load() to "
                "read_incident_file, or give 'lat' and 'lon' in the file"
            )
        try:
            return self.gazetteer.best(name, country=country).place
        except PlaceNotFoundError as err:
            hint = (
                "; did you mean " + ", ".join(repr(s) for s in err.suggestions) + "?"
                if err.suggestions
                else ""
            )
            raise self.problems.error(
                loc,
                f"unknown place {name!r}: the gazetteer has no match{hint} "
                "(check the spelling, or give 'lat' and 'lon' with 'place' as a label)",
            ) from err
        except ValidationError as err:
            raise self.problems.error(loc, f"cannot look up the place {name!r}: {err}") from err

    # -- incidents and forces -----------------------------------------------------------------
    def incident(self, entry: IncidentEntry, loc: Loc) -> Incident:
        """One Incident, with its claims and the ids of every source it cites."""
        place = self.place(entry, loc, f"input:{entry.id}")
        cited: dict[str, None] = {}  # an ordered set
        for j, ref in enumerate(entry.sources):
            cited[self.ref(ref, (*loc, "sources", j))] = None
        casualties = [
            self.casualty(c, (*loc, "casualties", j), cited) for j, c in enumerate(entry.casualties)
        ]
        proximity = [
            self.distance(d, (*loc, "proximity", j), cited) for j, d in enumerate(entry.proximity)
        ]
        try:
            return Incident(
                id=entry.id,
                place=place,
                place_name=entry.place or "",
                date=entry.date,
                type=entry.type,
                attacker=entry.attacker,
                target=entry.target,
                precision=entry.precision,
                uncertainty_m=None if entry.uncertainty_km is None else entry.uncertainty_km * 1000,
                casualties=tuple(casualties),
                proximity=tuple(proximity),
                sources=tuple(cited),
                notes=entry.notes,
            )
        except ValidationError as err:
            raise self.problems.model_error(loc, err, _INCIDENT_KEYS) from err

    def casualty(self, entry: CasualtyEntry, loc: Loc, cited: dict[str, None]) -> CasualtyClaim:
        """One casualty claim; its source joins the incident's sources."""
        source_id = self._cite(entry.source, loc, cited)
        try:
            return CasualtyClaim(
                outcome=entry.outcome,
                count=entry.count,
                count_max=entry.count_max,
                best=entry.best,
                hedge=entry.hedge,
                count_text=entry.count_text,
                party=entry.party,
                claimed_by=entry.claimed_by,
                source_id=source_id,
                text=entry.text,
            )
        except ValidationError as err:
            raise self.problems.model_error(loc, err) from err

    def distance(self, entry: ProximityEntry, loc: Loc, cited: dict[str, None]) -> ReportedDistance:
        """One reported distance, from a phrase or from value and unit."""
        source_id = self._cite(entry.source, loc, cited)
        try:
            if entry.distance is not None:
                parsed = self._phrase(entry, loc)
                return dataclasses.replace(
                    parsed,
                    text=entry.text or entry.distance,
                    start=None,
                    end=None,
                    force=entry.force,
                    reference=entry.reference,
                    source_id=source_id,
                )
            if entry.value is None or entry.unit is None:
                missing = "unit" if entry.value is not None else "value"
                where = (*loc, missing) if entry.value is not None else (*loc, "distance")
                raise self.problems.error(
                    where,
                    f"missing {missing!r}: give 'distance' as written ('less than 5 km') or "
                    "'value' and 'unit' (km, mi, m, ft, yd, nmi)",
                )
            return ReportedDistance(
                value=entry.value,
                unit=entry.unit,
                qualifier=entry.qualifier or "exact",
                value_max=entry.value_max,
                approximate=bool(entry.approximate),
                text=entry.text,
                force=entry.force,
                reference=entry.reference,
                source_id=source_id,
            )
        except ValidationError as err:
            raise self.problems.model_error(loc, err) from err

    def _phrase(self, entry: ProximityEntry, loc: Loc) -> ReportedDistance:
        assert entry.distance is not None
        for key in ("value", "unit", "qualifier", "value_max", "approximate"):
            if getattr(entry, key) is not None:
                raise self.problems.error(
                    (*loc, key),
                    f"both 'distance' and {key!r} are given: give either 'distance' (a phrase "
                    "such as 'less than 5 km') or 'value' and 'unit' (with 'qualifier', "
                    "'value_max', 'approximate' as needed), not both",
                )
        try:
            return parse_distance(entry.distance)
        except ValidationError as err:
            raise self.problems.error((*loc, "distance"), str(err)) from err

    def _cite(self, ref: str | SourceEntry | None, loc: Loc, cited: dict[str, None]) -> str:
        if ref is None:
            return ""
        source_id = self.ref(ref, (*loc, "source"))
        cited[source_id] = None
        return source_id

    def force(self, entry: ForceEntry, loc: Loc) -> ForcePosition:
        """One reported position of a force."""
        place = self.place(entry, loc, f"input:{field_name(loc)}")
        return ForcePosition(force=entry.force, place=place, date=entry.date, text=entry.text)


def _key(src: SourceEntry) -> _SourceKey:
    date = src.date.isoformat() if src.date else ""
    return (src.outlet, src.url, src.title, date, src.path)


def _key_of(source: Source) -> _SourceKey:
    date = source.published.isoformat() if source.published else ""
    return (source.outlet, source.url, source.title, date, source.path)
