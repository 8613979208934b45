"""The Gazetteer: resolve place names to ranked candidates, offline first."""

from __future__ import annotations

import logging
import re
import warnings
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from rapidfuzz import fuzz

from incidentmap.errors import (
    AmbiguousPlaceError,
    AmbiguousPlaceWarning,
    PlaceNotFoundError,
    ValidationError,
)
from incidentmap.gazetteer._build import default_cache_dir, default_data_dir, load_index
from incidentmap.gazetteer._index import Index
from incidentmap.gazetteer._naturalearth import COUNTRY_WORDS
from incidentmap.gazetteer._rank import (
    COUNTRY_BIAS as _COUNTRY_BIAS,
)
from incidentmap.gazetteer._rank import (
    FOCUS_BIAS as _FOCUS_BIAS,
)
from incidentmap.gazetteer._rank import (
    NAMED_AFTER_KINDS,
    SETTLEMENT_KINDS,
    score_record,
    score_value,
    settlements_first,
    split_type_word,
    squash,
    static_scores,
)
from incidentmap.gazetteer._rank import (
    NEAR_BIAS as _NEAR_BIAS,
)
from incidentmap.gazetteer._rank import (
    NEAR_SCALE_M as _NEAR_SCALE_M,
)
from incidentmap.gazetteer._records import known_kinds
from incidentmap.gazetteer._relative import parse_relative, realise
from incidentmap.geo import compass_to_deg, distance_m, distances_m, offset
from incidentmap.model import PLACE_KINDS, Candidate, Place
from incidentmap.text import fold, skeleton

if TYPE_CHECKING:
    from incidentmap.gazetteer.online import OnlineResolver

__all__ = ["TIE_DISTANCE_M", "Gazetteer", "Near"]

#: Tied candidates closer than this to the first are one answer on a map, not an ambiguity.
TIE_DISTANCE_M = 5_000.0
#: How far "the X district of Y" may lie from Y's point, and how vague Y's point is for an
#: X the gazetteer does not know.
PART_OF_M = 25_000.0
PART_OF_UNKNOWN_M = 8_000.0
#: A settlement spelt this nearly like a district or facility, within its extent (or this
#: far), is what it is named after.
_NAMESAKE_SIMILARITY = 75.0
_NAMESAKE_REACH_M = 10_000.0

log = logging.getLogger(__name__)

#: Context for ranking: places already resolved, or ``(lat, lon)`` pairs.
Near = Place | Candidate | tuple[float, float] | Iterable[Place | Candidate | tuple[float, float]]

_SKELETON_MIN_SIMILARITY = 70.0
_FUZZY_CUTOFF = 84.0
_SUGGEST_CUTOFF = 60.0
_TIE = 0.005
_MEMO_SIZE = 20_000
_ISO2 = re.compile(r"^[A-Z]{2}$")


def _near_points(near: Near | None) -> list[tuple[float, float]]:
    if near is None:
        return []
    if isinstance(near, Place | Candidate):
        return [(near.lat, near.lon)]
    if isinstance(near, tuple) and len(near) == 2 and all(isinstance(v, int | float) for v in near):
        lat, lon = float(near[0]), float(near[1])  # type: ignore[arg-type]
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise ValidationError(
                f"near must be (lat, lon) in degrees, got {near!r}", field="near", value=near
            )
        return [(lat, lon)]
    points: list[tuple[float, float]] = []
    for item in near:
        points.extend(_near_points(item))  # type: ignore[arg-type]
    return points


class Gazetteer:
    """An offline place index with ranked, explained resolution.

    Parameters
    ----------
    index
        The place index (see :meth:`load`).
    online
        An opt-in online resolver asked only when the offline index has no candidate.
    focus
        ISO country codes that win ties when no ``country`` is given.

    Examples
    --------
    >>> gaz = Gazetteer.load(cache_dir=None)  # doctest: +SKIP
    >>> gaz.resolve("Deir al-Zour")[0].name  # doctest: +SKIP
    'Deir ez-Zor'
    """

    def __init__(
        self,
        index: Index,
        *,
        online: OnlineResolver | None = None,
        focus: Iterable[str] = ("SY", "IQ"),
    ) -> None:
        self.index = index
        self.online = online
        self.focus = frozenset(focus)
        self._kind_codes = {k: i for i, k in enumerate(index.meta["kinds"])}
        self._settled: np.ndarray | None = None
        border = self._kind_codes.get("border")
        self._borders = (
            [] if border is None else np.flatnonzero(index.arrays["kind"] == border).tolist()
        )
        # Answers without context depend only on the arguments: repeated names are a lookup.
        self._memo: dict[tuple[object, ...], tuple[Candidate, ...]] = {}

    @classmethod
    def load(
        cls,
        data_dir: str | Path | None = None,
        cache_dir: str | Path | None = None,
        *,
        online: OnlineResolver | None = None,
        rebuild: bool = False,
        geonames: bool = True,
    ) -> Gazetteer:
        """Load the index from ``cache_dir``, building (and caching) it when sources changed.

        ``data_dir`` defaults to the bundled ``gazetteer/`` data; ``cache_dir=None`` builds in
        memory without caching. ``geonames=False`` leaves out the 84,000 places of the derived
        tables (``gazetteer/places``: Who's On First, OpenSyria, OurAirports, GeoNames), keeping
        the curated places and Natural Earth features: a small index, built in a second.
        """
        data = Path(data_dir) if data_dir is not None else default_data_dir()
        cache = Path(cache_dir) if cache_dir is not None else None
        return cls(load_index(data, cache, rebuild=rebuild, geonames=geonames), online=online)

    @classmethod
    def shared(
        cls, data_dir: str | Path | None = None, cache_dir: str | Path | None = None
    ) -> Gazetteer:
        """The gazetteer of ``data_dir`` (bundled data by default), loaded once per process.

        ``cache_dir`` defaults to ``$XDG_CACHE_HOME/incidentmap`` (``~/.cache/incidentmap``).
        """
        return _shared(
            str(data_dir) if data_dir is not None else None,
            str(cache_dir) if cache_dir is not None else str(default_cache_dir()),
        )

    def __len__(self) -> int:
        return len(self.index)

    # -- public -------------------------------------------------------------------------------
    def resolve(
        self,
        name: str,
        *,
        country: str | None = None,
        near: Near | None = None,
        kinds: Iterable[str] | None = None,
        limit: int = 5,
    ) -> list[Candidate]:
        """Ranked candidates for ``name``; an empty list when nothing matches.

        Parameters
        ----------
        name
            A place name in any romanisation, or a relative description ("the east bank of the
            Euphrates near Deir ez-Zor", "12 km north-east of Manbij", "the 55 km zone around
            al-Tanf", "near al-Bab", "the Syria-Iraq border").
        country
            ISO 3166-1 alpha-2 code: places in it rank higher (a bias, not a filter).
        near
            Places already resolved in the same document, or ``(lat, lon)`` pairs: closer
            candidates rank higher.
        kinds
            Only candidates of these kinds (see :data:`incidentmap.model.PLACE_KINDS`).
        limit
            At most this many candidates.

        Returns
        -------
        list of Candidate
            Best first; equal scores keep a stable order and say "tie" in ``why``.

        Raises
        ------
        ValidationError
            For an empty name, a malformed country code, unknown kinds or a bad limit.
        """
        memo_key = (name, country, None if kinds is None else tuple(sorted(kinds)), limit)
        if near is None and memo_key in self._memo:
            return list(self._memo[memo_key])
        query, cc, wanted = self._validate(name, country, kinds, limit)
        points = _near_points(near)
        scored = self._offline(query, cc, points, wanted, limit)
        if not scored and self.online is not None:
            log.info("no offline match for %r; asking %s", query, type(self.online).__name__)
            return self.online.resolve(query, country=cc, limit=limit)
        ranked = self._rank(scored, limit)
        if near is None:
            if len(self._memo) >= _MEMO_SIZE:
                self._memo.clear()
            self._memo[memo_key] = tuple(ranked)
        return ranked

    def best(self, name: str, *, ties: str = "warn", **kwargs: object) -> Candidate:
        """The top candidate for ``name``; raises PlaceNotFoundError with suggestions.

        When places more than :data:`TIE_DISTANCE_M` apart score the same, the choice is not
        silent: ``ties="warn"`` (the default) takes the first and warns
        (:class:`~incidentmap.errors.AmbiguousPlaceWarning`, naming them), ``"raise"``
        raises :class:`~incidentmap.errors.AmbiguousPlaceError`, ``"first"`` takes the
        first quietly. Keyword arguments are :meth:`resolve`'s (``country``, ``near``...).
        """
        if ties not in ("warn", "raise", "first"):
            raise ValidationError(
                f"ties must be 'warn', 'raise' or 'first', got {ties!r}", field="ties", value=ties
            )
        found = self.resolve(name, **kwargs)  # type: ignore[arg-type]
        if not found:
            raise PlaceNotFoundError(name, self.suggest(name))
        tied = self.tied(found)
        if len(tied) > 1 and ties != "first":
            if ties == "raise":
                raise AmbiguousPlaceError(name, tied)
            names = "; ".join(
                f"{c.name} ({c.kind}, {c.country or '-'}, {c.lat:.4f}, {c.lon:.4f})" for c in tied
            )
            warnings.warn(
                f"{name!r} is ambiguous, taking the first of {len(tied)} equally good places: "
                f"{names} (give a country or a nearby place to choose)",
                AmbiguousPlaceWarning,
                stacklevel=2,
            )
        return found[0]

    @staticmethod
    def tied(ranked: Sequence[Candidate]) -> list[Candidate]:
        """The candidates of a ranked list that tie with the first and lie more than
        :data:`TIE_DISTANCE_M` from it (closer ones are the same answer for a map)."""
        if not ranked:
            return []
        top = ranked[0]
        out = [top]
        for c in ranked[1:]:
            if top.score - c.score >= _TIE:
                break
            if distance_m(top.lon, top.lat, c.lon, c.lat) > TIE_DISTANCE_M:
                out.append(c)
        return out

    def candidates_for(self, records: Iterable[int], name: str, limit: int = 5) -> list[Candidate]:
        """Candidates for index records a caller found by its own lookup of ``name``'s folded
        key (a text matcher), scored and ranked as :meth:`resolve` scores exact and folded
        matches, without context.
        """
        bare = re.sub(r"^the\s+", "", name, flags=re.IGNORECASE)
        return self._rank(self._scored(records, bare, fold(bare), None, [], limit), limit)

    def rerank(
        self,
        candidates: Sequence[Candidate],
        *,
        country: str | None = None,
        near: Near | None = None,
    ) -> list[Candidate]:
        """Candidates from :meth:`resolve` (asked without context) ranked again with context.

        The same signals as ``resolve(name, country=, near=)`` — a bias for ``country`` and for
        candidates close to ``near`` — computed in one vectorised step, so a document's names
        are looked up once and ranked against its own places cheaply.
        """
        return self.rerank_many([candidates], country=country, near=near)[0]

    def rerank_many(
        self,
        groups: Sequence[Sequence[Candidate]],
        *,
        country: str | None = None,
        near: Near | None = None,
    ) -> list[list[Candidate]]:
        """:meth:`rerank` for the candidates of many names at once (one distance computation)."""
        flat = [c for g in groups for c in g]
        if not flat:
            return [[] for _ in groups]
        cc = country.strip().upper() if country else None
        points = _near_points(near)
        bias = np.zeros(len(flat))
        notes = [""] * len(flat)
        if cc:
            for i, c in enumerate(flat):
                where = c.place.country
                base = -_FOCUS_BIAS if where in self.focus else 0.0
                bias[i] = base + (_COUNTRY_BIAS if where == cc else -_COUNTRY_BIAS)
                notes[i] = f"; in {cc}" if where == cc else f"; not in {cc}"
        if points:
            lat = np.array([c.place.lat for c in flat])
            lon = np.array([c.place.lon for c in flat])
            plat = np.array([p[0] for p in points])
            plon = np.array([p[1] for p in points])
            d = distances_m(lon[:, None], lat[:, None], plon[None, :], plat[None, :]).min(axis=1)
            bias += _NEAR_BIAS * np.exp(-d / _NEAR_SCALE_M)
            for i in range(len(flat)):
                notes[i] += f"; {d[i] / 1000:.0f} km from context"
        out: list[list[Candidate]] = []
        i = 0
        for g in groups:
            raw = []
            for c in g:
                raw.append((c.score + float(bias[i]), c, notes[i]))
                i += 1
            # Rank on the raw sums: clamped to 1.0 first, a strong context would make ties.
            raw.sort(key=lambda r: (-round(r[0], 6), r[1].place.name, r[1].place.id))
            out.append(
                [
                    Candidate(c.place, squash(v), c.why + note, c.matched, c.match)
                    for v, c, note in raw
                ]
            )
        return out

    def suggest(self, name: str, limit: int = 3) -> list[str]:
        """Names close to ``name`` ("did you mean"), best first, among the focus countries'.

        Closeness of spelling first, then how prominent the place is: a misspelt city is
        suggested before a hamlet whose name happens to be a letter closer.
        """
        key = fold(name)
        if not key:
            return []
        idx = self.index
        prominence = static_scores(idx)
        scored: dict[str, float] = {}
        for k, sim in idx.fuzzy.search(key, cutoff=_SUGGEST_CUTOFF, limit=None):
            for n in idx.lookup(idx.focus_keys[k]):
                value = sim / 100.0 + prominence[n]
                label = idx.names[n]
                if value > scored.get(label, -1.0):
                    scored[label] = value
        return sorted(scored, key=lambda label: (-scored[label], label))[:limit]

    def place(self, place_id: str) -> Place:
        """The place with this id (``geonames:170794``, ``curated:al-tanf-garrison``...)."""
        n = self.index.find_id(place_id)
        if n is None:
            raise PlaceNotFoundError(place_id)
        return self.index.place(n)

    def features(
        self,
        kinds: Iterable[str],
        *,
        bbox: tuple[float, float, float, float] | None = None,
        min_population: int = 0,
        curated_sites: bool = False,
    ) -> list[Place]:
        """Every place of these kinds inside ``bbox`` (west, south, east, north): map context.

        Lines and areas are kept when their bounds meet the box; points when they lie in it.
        ``min_population`` keeps only populated places at least that large (other kinds pass).
        ``curated_sites`` keeps, of bases, airfields, crossings, dams, fields and camps, only
        those the curated table names (the sites that recur in reporting; what maps show).
        The order is stable: by kind as given, then population (largest first), then name.

        >>> gaz = Gazetteer.load(cache_dir=None, geonames=False)  # doctest: +SKIP
        >>> [p.name for p in gaz.features(["river"], bbox=(38, 34, 42, 37))][:1]  # doctest: +SKIP
        ['Euphrates']
        """
        wanted = known_kinds(kinds)
        idx = self.index
        lat = np.asarray(idx.arrays["lat"])
        lon = np.asarray(idx.arrays["lon"])
        pop = np.asarray(idx.arrays["population"])
        codes = np.asarray(idx.arrays["kind"])
        if bbox is None:
            inside = np.ones(len(idx), dtype=bool)
        else:
            w, s, e, n = bbox
            inside = (lon >= w) & (lon <= e) & (lat >= s) & (lat <= n)
        populated = frozenset({"city", "town", "village"})
        out: list[Place] = []
        for kind in wanted:
            code = self._kind_codes.get(kind)
            rows = [] if code is None else np.flatnonzero(codes == code).tolist()
            if kind in populated and min_population:
                rows = [i for i in rows if pop[i] >= min_population]
            if curated_sites and kind in NAMED_AFTER_KINDS:
                rows = [i for i in rows if idx.flag(i, "c")]
            chosen = []
            for i in rows:
                if idx.has_geometry(i) and bbox is not None:
                    place = idx.place(i)
                    gw, gs, ge, gn = place.geometry.bounds  # type: ignore[union-attr]
                    if ge < bbox[0] or gw > bbox[2] or gn < bbox[1] or gs > bbox[3]:
                        continue
                    chosen.append(place)
                elif inside[i]:
                    chosen.append(idx.place(i))
            chosen.sort(key=lambda p: (-p.population, p.name, p.id))
            out.extend(chosen)
        return out

    # -- steps --------------------------------------------------------------------------------
    @staticmethod
    def _validate(
        name: str, country: str | None, kinds: Iterable[str] | None, limit: int
    ) -> tuple[str, str | None, frozenset[str] | None]:
        if not isinstance(name, str) or not name.strip():
            raise ValidationError(
                f"name must be a non-empty string, got {name!r}", field="name", value=name
            )
        cc = country.strip().upper() if country else None
        if cc is not None and not _ISO2.match(cc):
            raise ValidationError(
                f"country must be an ISO 3166-1 alpha-2 code such as 'SY', got {country!r}",
                field="country",
                value=country,
            )
        wanted = frozenset(kinds) if kinds is not None else None
        if wanted is not None and not wanted <= PLACE_KINDS:
            raise ValidationError(
                f"unknown kind(s) {sorted(wanted - PLACE_KINDS)!r}; accepted: {sorted(PLACE_KINDS)}",
                field="kinds",
                value=sorted(wanted),
            )
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
            raise ValidationError(
                f"limit must be a positive integer, got {limit!r}", field="limit", value=limit
            )
        return " ".join(name.split()), cc, wanted

    def _offline(
        self,
        query: str,
        cc: str | None,
        points: list[tuple[float, float]],
        wanted: frozenset[str] | None,
        limit: int = 5,
    ) -> list[Candidate]:
        idx = self.index
        key = fold(query)

        def score(n: int, match: str, similarity: float = 1.0, why: str = "") -> Candidate:
            s, reason = score_record(
                idx, n, match, similarity, country=cc, near=points, focus=self.focus
            )
            return Candidate(idx.place(n), s, f"{why}{reason}", idx.names[n], match)

        def keep(ns: Iterable[int], kinds: frozenset[str] | None = wanted) -> list[int]:
            return [n for n in dict.fromkeys(ns) if kinds is None or idx.kinds[n] in kinds]

        hits = keep(idx.lookup(key))
        if hits:
            bare = re.sub(r"^the\s+", "", query, flags=re.IGNORECASE)
            return self._scored(hits, bare, key, cc, points, limit)
        relative = self._relative(query, cc, points)
        if relative:
            return [c for c in relative if wanted is None or c.kind in wanted]
        typed = split_type_word(query)
        if typed is not None:
            base, word, tkinds = typed
            both = tkinds & wanted if wanted is not None else tkinds
            hits = keep(idx.lookup(fold(base)), both)
            if hits:
                return [score(n, "typed", why=f"{word}: ") for n in hits]
            # A place of that kind spelt nearly so ("Sweida city": the town As-Suwayda).
            nearly = [c for c in self._offline(base, cc, points, None, 10) if c.kind in both]
            if nearly:
                return [
                    Candidate(c.place, c.score, f"{word}: {c.why}", c.matched, c.match)
                    for c in nearly
                ]
            hits = keep(idx.lookup(fold(base)))
            if hits and not tkinds & {"region", "river", "lake", "city", "town", "village"}:
                note = f"no {word} named {base!r} is known; this is {base!r} itself: "
                return [score(n, "partial", why=note) for n in hits]
            return self._approximate(fold(base), lambda ns: keep(ns, both), score)
        return self._approximate(key, keep, score)

    def _scored(
        self,
        records: Iterable[int],
        query: str,
        key: str,
        cc: str | None,
        points: list[tuple[float, float]],
        limit: int = 5,
    ) -> list[Candidate]:
        """Exact and folded matches of ``query``: scored on the index's arrays, settlements
        before what is named after them, then the best ``limit`` (and any tied with the last)
        made into candidates."""
        idx = self.index
        spelt = set(idx.exact_matches(query))
        khash = idx.key_hash(key)
        rows: list[list[Any]] = []
        for n in dict.fromkeys(records):
            match = "exact" if n in spelt else "folded"
            primary = idx.primary_hash(n) == khash
            value = score_value(
                idx, n, match, 1.0, country=cc, near=points, focus=self.focus, primary=primary
            )
            rows.append([value, n, match, primary, ""])
        kinds = idx.kinds
        if rows and not any(kinds[r[1]] in SETTLEMENT_KINDS for r in rows):
            # "Jarablus" and "Sweida" spell the district exactly and its town (Jarābulus,
            # As-Suwayda) only nearly: the town, found beside them, still comes first.
            for n, sim in self._namesakes(key, [r[1] for r in rows]):
                if n not in spelt:
                    value = score_value(
                        idx, n, "skeleton", sim, country=cc, near=points, focus=self.focus
                    )
                    rows.append([value, n, "skeleton", False, ""])
        settlements_first(idx, rows)
        rows.sort(key=lambda r: -r[0])
        if len(rows) > limit:
            cut = rows[limit - 1][0] - _TIE
            rows = [r for k, r in enumerate(rows) if k < limit or r[0] > cut]
        out = []
        for value, n, match, primary, note in rows:
            sim = 1.0
            if match == "skeleton":
                sim = self._skeleton_similarity(key, n)
            _s, why = score_record(
                idx, n, match, sim, country=cc, near=points, focus=self.focus, primary=primary
            )
            out.append(Candidate(idx.place(n), value, why + note, idx.names[n], match))
        return out

    def _skeleton_similarity(self, key: str, n: int) -> float:
        """How close ``key`` is to record ``n``'s own name when only their consonants agree
        (an alternate name may have matched: never below the floor)."""
        return max(fuzz.ratio(key, fold(self.index.names[n])), _SKELETON_MIN_SIMILARITY) / 100

    def _namesakes(self, key: str, records: list[int]) -> list[tuple[int, float]]:
        """Settlements within reach of these districts and facilities whose names are spelt
        nearly as ``key`` (similarity ≥ :data:`_NAMESAKE_SIMILARITY`), with that similarity."""
        idx = self.index
        a = idx.arrays
        settled = self._settlement_mask()
        found: dict[int, float] = {}
        for n in records:
            kind = idx.kinds[n]
            if kind not in NAMED_AFTER_KINDS and kind not in ("district", "region"):
                continue
            reach = max(2 * (idx.uncertainty(n) or 0.0), _NAMESAKE_REACH_M)
            near = np.flatnonzero(
                settled
                & (np.abs(np.asarray(a["lat"]) - idx.lat[n]) < reach / 111_000)
                & (np.abs(np.asarray(a["lon"]) - idx.lon[n]) < reach / 80_000)
            )
            for m in near.tolist():
                sim = fuzz.ratio(key, fold(idx.names[m]))
                if sim >= _NAMESAKE_SIMILARITY:
                    found[m] = max(found.get(m, 0.0), sim / 100.0)
        return sorted(found.items())

    def _settlement_mask(self) -> np.ndarray:
        if self._settled is None:
            codes = [self._kind_codes[k] for k in SETTLEMENT_KINDS if k in self._kind_codes]
            self._settled = np.isin(np.asarray(self.index.arrays["kind"]), codes)
        return self._settled

    def _approximate(self, key, keep, score) -> list[Candidate]:  # type: ignore[no-untyped-def]
        idx = self.index
        sk = skeleton(key)
        out: list[Candidate] = []
        for n in keep(idx.skeleton_matches(sk)):
            sim = self._skeleton_similarity(key, n)
            out.append(score(n, "skeleton", sim))
        if out:
            return out
        for k_id, sim in idx.fuzzy.search(key, cutoff=_FUZZY_CUTOFF, limit=5):
            k = idx.focus_keys[k_id]
            out.extend(
                score(n, "fuzzy", sim / 100.0, why=f"close to {k!r}: ") for n in keep(idx.lookup(k))
            )
        return out

    def _relative(
        self, query: str, cc: str | None, points: list[tuple[float, float]]
    ) -> list[Candidate]:
        rq = parse_relative(query)
        if rq is None:
            return []
        if rq.kind == "border_with":
            return self._border_with(rq.parts.get("a"), rq.parts["b"], cc, points)
        if rq.kind == "part_of":
            return self._part_of(rq.parts["part"], rq.parts["what"], rq.parts["place"], cc, points)
        if rq.kind == "side":
            side = self._part(rq.parts["side"], rq.parts["place"], cc, points)
            return [side] if side is not None else []

        def best(name: str, kinds: frozenset[str] | None) -> Candidate | None:
            found = self._rank(self._offline(name, cc, points, kinds, 1), 1)
            return found[0] if found else None

        found = realise(rq, best)
        return [found] if found is not None else []

    def _part(
        self, side: str, rest: str, cc: str | None, points: list[tuple[float, float]]
    ) -> Candidate | None:
        """ "Eastern Ghouta", "northern Aleppo": that side of a region or place the gazetteer
        knows. The point moves towards the side by the centroid of a half-disc of the place's
        extent (0.42 of its radius); the uncertainty is the whole radius, so the side is
        covered; a place without an extent gets :data:`PART_OF_UNKNOWN_M`."""
        found = self._rank(self._offline(rest, cc, points, None, 1), 1)
        if not found:
            return None
        base = found[0]
        bp = base.place
        if bp.kind in ("country", "river", "border", "lake", "bank", "zone"):
            return None  # "northern Syria" is a half of a country, not a point near its middle
        radius = bp.uncertainty_m or PART_OF_UNKNOWN_M
        if bp.geometry is not None:  # a governorate: half the diagonal of its bounds
            w, south, e, n = bp.geometry.bounds
            radius = distance_m(w, south, e, n) / 2
        bearing = compass_to_deg(side)
        lon, lat = offset(bp.lon, bp.lat, 0.42 * radius, bearing)
        place = Place(
            f"part:{bp.id}:{bearing:g}", f"{side.capitalize()} {bp.name}", round(lat, 6),
            round(lon, 6), bp.kind if bp.kind in ("region", "district") else "point",
            bp.country, bp.admin1, 0, f"{side} part of {bp.name} ({bp.source})", None, radius,
        )  # fmt: skip
        why = f"the {side} part of {bp.name}, within {radius / 1000:g} km; {base.why}"
        return Candidate(place, base.score * 0.95, why, base.matched, "partial")

    def _part_of(
        self, part: str, what: str, whole: str, cc: str | None, points: list[tuple[float, float]]
    ) -> list[Candidate]:
        """ "the Sheikh Maqsoud district of Aleppo": the part, found near the whole; when the
        gazetteer does not know the part, the whole, saying so, with the vagueness of a city.
        """
        found = self._rank(self._offline(whole, cc, points, None, 1), 1)
        if not found:
            return []
        city = found[0]
        anchor = [(city.lat, city.lon)]
        for c in self._rank(self._offline(part, city.country or cc, anchor, None), 5):
            if distance_m(c.lon, c.lat, city.lon, city.lat) <= PART_OF_M:
                why = f"{what} of {city.name}: {c.why}"
                return [Candidate(c.place, c.score, why, c.matched, "relative")]
        cp = city.place
        unc = max(PART_OF_UNKNOWN_M, cp.uncertainty_m or 0.0)
        place = Place(
            f"near:{cp.id}", f"{part} ({what} of {cp.name})", cp.lat, cp.lon, "point",
            cp.country, cp.admin1, 0, cp.source, None, unc,
        )  # fmt: skip
        why = (
            f"{part!r} is not in the gazetteer: placed at {cp.name}, within about "
            f"{unc / 1000:g} km; {city.why}"
        )
        return [Candidate(place, city.score * 0.8, why, city.matched, "partial")]

    def _border_with(
        self, a: str | None, b: str, cc: str | None, points: list[tuple[float, float]]
    ) -> list[Candidate]:
        def iso3(name: str | None, fallback: str | None) -> str | None:
            if name:
                hit = self._rank(self._offline(name, None, [], frozenset({"country"}), 1), 1)
                code = hit[0].country if hit else None
            else:
                code = fallback
            return next((k for k, v in COUNTRY_WORDS.items() if v[0] == code), None)

        other, own = iso3(b, None), iso3(a, cc)
        if other is None:
            return []
        out = []
        for n in self._borders:
            pair = self.index.ids[n].rsplit(":", 1)[1].split("-")
            if other in pair and (own is None or own in pair):
                s, why = score_record(
                    self.index, n, "typed", 1.0, country=None, near=points, focus=self.focus
                )
                out.append(
                    Candidate(
                        self.index.place(n),
                        s,
                        f"border with {b}: {why}",
                        self.index.names[n],
                        "relative",
                    )
                )
        return out

    @staticmethod
    def _rank(cands: Sequence[Candidate], limit: int) -> list[Candidate]:
        best: dict[str, Candidate] = {}
        for c in cands:
            if c.place.id not in best or c.score > best[c.place.id].score:
                best[c.place.id] = c
        ranked = sorted(best.values(), key=lambda c: (-round(c.score, 6), c.place.name, c.place.id))
        if len(ranked) > 1 and ranked[0].score - ranked[1].score < _TIE:
            top = ranked[0].score
            ranked = [
                Candidate(c.place, c.score, f"tie; {c.why}", c.matched, c.match)
                if top - c.score < _TIE
                else c
                for c in ranked
            ]
        return ranked[:limit]


@lru_cache(maxsize=4)
def _shared(data_dir: str | None, cache_dir: str) -> Gazetteer:
    return Gazetteer.load(data_dir, cache_dir)
