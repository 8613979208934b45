"""The Gazetteer: resolve place names to ranked candidates, offline first."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from rapidfuzz import fuzz, process

from incidentmap.errors import PlaceNotFoundError, ValidationError
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
    NEAR_BIAS as _NEAR_BIAS,
)
from incidentmap.gazetteer._rank import (
    NEAR_SCALE_M as _NEAR_SCALE_M,
)
from incidentmap.gazetteer._rank import (
    score_record,
    split_type_word,
    squash,
)
from incidentmap.gazetteer._records import known_kinds
from incidentmap.gazetteer._relative import parse_relative, realise
from incidentmap.geo import distances_m
from incidentmap.model import PLACE_KINDS, Candidate, Place
from incidentmap.text import fold, skeleton

if TYPE_CHECKING:
    from incidentmap.gazetteer.online import OnlineResolver

__all__ = ["Gazetteer", "Near"]

log = logging.getLogger(__name__)

#: Context for ranking: places already resolved, or ``(lat, lon)`` pairs.
Near = Place | Candidate | tuple[float, float] | Iterable[Place | Candidate | tuple[float, float]]

_SKELETON_MIN_SIMILARITY = 70.0
_FUZZY_CUTOFF = 84.0
_SUGGEST_CUTOFF = 60.0
_TIE = 0.005
_MEMO_SIZE = 200_000
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
        self._borders = [n for n, k in enumerate(index.kinds) if k == "border"]
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
        memory without caching. ``geonames=False`` leaves out GeoNames' 235,000 populated
        places (curated places and Natural Earth features only).
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
        scored = self._offline(query, cc, points, wanted)
        if not scored and self.online is not None:
            log.info("no offline match for %r; asking %s", query, type(self.online).__name__)
            return self.online.resolve(query, country=cc, limit=limit)
        ranked = self._rank(scored, limit)
        if near is None:
            if len(self._memo) >= _MEMO_SIZE:
                self._memo.clear()
            self._memo[memo_key] = tuple(ranked)
        return ranked

    def best(self, name: str, **kwargs: object) -> Candidate:
        """The top candidate for ``name``; raises PlaceNotFoundError with suggestions."""
        found = self.resolve(name, **kwargs)  # type: ignore[arg-type]
        if not found:
            raise PlaceNotFoundError(name, self.suggest(name))
        return found[0]

    def candidates_for(self, records: Iterable[int], name: str, limit: int = 5) -> list[Candidate]:
        """Candidates for index records a caller found by its own lookup of ``name``'s folded
        key (a text matcher), scored and ranked as :meth:`resolve` scores exact and folded
        matches, without context.
        """
        idx = self.index
        bare = re.sub(r"^the\s+", "", name, flags=re.IGNORECASE)
        spelt = set(idx.exact_matches(bare)) | set(idx.exact_matches(name))
        out = []
        for n in dict.fromkeys(records):
            match = "exact" if n in spelt else "folded"
            s, why = score_record(idx, n, match, 1.0, country=None, near=[], focus=self.focus)
            out.append(Candidate(idx.place(n), s, why, idx.names[n], match))
        return self._rank(out, limit)

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
        """Names close to ``name`` ("did you mean"), best first."""
        key = fold(name)
        if not key:
            return []
        out: list[str] = []
        for pool in (self.index.focus_keys, list(self.index.keys)):
            hits = process.extract(key, pool, scorer=fuzz.ratio, score_cutoff=_SUGGEST_CUTOFF,
                                   limit=limit * 3)  # fmt: skip
            for k, _score, _i in sorted(hits, key=lambda h: (-h[1], h[0])):
                for n in self.index.lookup(k):
                    if self.index.names[n] not in out:
                        out.append(self.index.names[n])
            if out:
                break
        return out[:limit]

    def place(self, place_id: str) -> Place:
        """The place with this id (``geonames:170794``, ``curated:al-tanf-garrison``...)."""
        try:
            return self.index.place(self.index.ids.index(place_id))
        except ValueError:
            raise PlaceNotFoundError(place_id) from None

    def features(
        self,
        kinds: Iterable[str],
        *,
        bbox: tuple[float, float, float, float] | None = None,
        min_population: int = 0,
    ) -> list[Place]:
        """Every place of these kinds inside ``bbox`` (west, south, east, north): map context.

        Lines and areas are kept when their bounds meet the box; points when they lie in it.
        ``min_population`` keeps only populated places at least that large (other kinds pass).
        The order is stable: by kind as given, then population (largest first), then name.

        >>> gaz = Gazetteer.load(cache_dir=None, geonames=False)  # doctest: +SKIP
        >>> [p.name for p in gaz.features(["river"], bbox=(38, 34, 42, 37))][:1]  # doctest: +SKIP
        ['Euphrates']
        """
        wanted = known_kinds(kinds)
        idx = self.index
        lat = np.frombuffer(idx.lat, dtype=np.float64)
        lon = np.frombuffer(idx.lon, dtype=np.float64)
        pop = np.frombuffer(idx.population, dtype=np.int64)
        if bbox is None:
            inside = np.ones(len(idx), dtype=bool)
        else:
            w, s, e, n = bbox
            inside = (lon >= w) & (lon <= e) & (lat >= s) & (lat <= n)
        populated = frozenset({"city", "town", "village"})
        out: list[Place] = []
        for kind in wanted:
            rows = [i for i, k in enumerate(idx.kinds) if k == kind]
            if kind in populated and min_population:
                rows = [i for i in rows if pop[i] >= min_population]
            chosen = []
            for i in rows:
                if i in idx.geometries and bbox is not None:
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
            spelt = set(idx.exact_matches(re.sub(r"^the\s+", "", query, flags=re.IGNORECASE)))
            return [score(n, "exact" if n in spelt else "folded") for n in hits]
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
            hits = keep(idx.lookup(fold(base)))
            if hits and not tkinds & {"region", "river", "lake", "city", "town", "village"}:
                note = f"no {word} named {base!r} is known; this is {base!r} itself: "
                return [score(n, "partial", why=note) for n in hits]
        return self._approximate(key, keep, score)

    def _approximate(self, key, keep, score) -> list[Candidate]:  # type: ignore[no-untyped-def]
        idx = self.index
        sk = skeleton(key)
        out: list[Candidate] = []
        for n in keep(idx.skeletons.get(sk, ())):
            sim = max(fuzz.ratio(key, fold(idx.names[n])), _SKELETON_MIN_SIMILARITY) / 100.0
            out.append(score(n, "skeleton", sim))
        if out:
            return out
        hits = process.extract(
            key, idx.focus_keys, scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF, limit=5
        )
        for k, sim, _ in hits:
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

        def best(name: str, kinds: frozenset[str] | None) -> Candidate | None:
            found = self._rank(self._offline(name, cc, points, kinds), 1)
            return found[0] if found else None

        found = realise(rq, best)
        return [found] if found is not None else []

    def _border_with(
        self, a: str | None, b: str, cc: str | None, points: list[tuple[float, float]]
    ) -> list[Candidate]:
        def iso3(name: str | None, fallback: str | None) -> str | None:
            if name:
                hit = self._rank(self._offline(name, None, [], frozenset({"country"})), 1)
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
