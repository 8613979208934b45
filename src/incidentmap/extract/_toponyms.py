"""Finding place names in article text with the gazetteer, and resolving them in context.

Mentions come from the gazetteer, not from capitalisation: every run of words is folded the way
the gazetteer folds names (``incidentmap.text.fold``) and looked up in its index, longest first.
Then what the words around a match say decides whether it is a place at all: a person
("Lt. Gen. Townsend", "Samantha Power"), an organisation ("Deir ez-Zor Military Council"), an
adjective ("Syrian", "US troops") or a common word ("Power", "Hope") is dropped. The places left
are resolved together: the document's main country and its unambiguous places pull the
ambiguous names towards them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from incidentmap.extract._types import Toponym
from incidentmap.extract._words import (
    CAPITALISED_CONNECTORS,
    DEMONYM_PLACES,
    DEMONYMS,
    NOUN_FOLLOWERS,
    ORG_HEADS,
    ORG_OPENERS,
    PLACE_PREFIXES,
    TITLES,
    TYPE_SUFFIXES,
    US_ABBREVIATIONS,
)
from incidentmap.gazetteer import Gazetteer, zipf
from incidentmap.model import Candidate
from incidentmap.text import ARTICLES, fold


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


__all__ = ["ToponymFinder", "find_toponyms"]

#: Countries whose names are romanised in many ways: a folded spelling is enough there.
#: Elsewhere a name must be spelt as the gazetteer spells it (case and diacritics aside), so
#: that "Power" is not Pu'er.
FOLDED_SPELLING_COUNTRIES: frozenset[str] = _words(
    "SY IQ TR JO LB IL PS IR SA KW EG YE LY AF PK AE QA BH OM SD TN DZ MA"
)
_MAX_TOKENS = 7
_TOKEN = re.compile(r"[^\W_]+(?:['’ʿʾ][^\W_]+)*")
_POSSESSIVE_ENDS = frozenset({"'s", "’s", "'S", "’S"})
_JOIN = re.compile(r"^(?: |-|\u2010|\u2011|\. ?)$")
_LINE_KINDS = frozenset({"country", "region", "river", "border", "lake", "zone", "bank"})
#: Kinds of the small places a village-scale gazetteer holds by the thousand.
_HAMLET_KINDS = frozenset({"village", "neighbourhood", "point"})
#: Designations of aircraft and weapons: "Su-24", "MiG-29", "F-16", "C-RAM", "S-400".
_DESIGNATION = re.compile(r"[A-Z][A-Za-z]{0,2}-(?:[A-Z]{2,}|\d)")
_DESIGNATION_END = re.compile(r"-\d")
#: A number right after a name makes it a channel, a unit or a product ("Kurdistan 24").
_NUMBER_AFTER = re.compile(r"\s*\d")
#: Words right before a name that make it a place ("in Baghuz", "the village of Susa",
#: "east of Hajin", "Baghuz and Susa" after such a word).
_PLACE_CONTEXT = re.compile(
    r"\b(?:in|near|at|outside|around|inside|from|to|towards?|into|through|across|via|"
    r"between|of|by|and|or|north|south|east|west|(?:north|south)-?(?:east|west)|"
    r"northern|southern|eastern|western|village|villages|town|towns|hamlet|area|outskirts|"
    r"vicinity|countryside|countryside\s+of)\s+(?:the\s+)?(?:[Aa][lnrstdz]-|[Ee][lz]-)?$"
)
_COMMON_ZIPF = 4.0
_GIVEN_NAME_ZIPF = 4.2
_MIN_POPULATION = 5_000
#: First names common enough in English that their word frequency hides them.
_GIVEN_NAMES = _words(
    """john james robert michael william david richard joseph thomas charles christopher daniel
    matthew anthony mark donald steven stephen paul andrew joshua kenneth kevin brian george
    edward ronald timothy jason jeffrey ryan jacob gary nicholas eric jonathan larry justin
    scott brandon frank benjamin gregory samuel raymond patrick alexander jack dennis jerry
    tyler aaron henry adam peter nathan zachary walter kyle harold carl jeremy keith roger
    gerald ethan arthur terry christian sean lawrence austin joe noah jesse albert bryan
    billy bruce willie jordan dylan alan ralph gabriel roy juan wayne eugene logan randy louis
    russell vincent philip bobby johnny bradley mary patricia jennifer linda elizabeth barbara
    susan jessica sarah karen nancy lisa betty margaret sandra ashley kimberly emily donna
    michelle dorothy carol amanda melissa deborah stephanie rebecca sharon laura cynthia
    kathleen amy shirley angela helen anna brenda pamela nicole emma samantha katherine
    christine debra rachel catherine carolyn janet ruth maria heather diane virginia julie
    joyce victoria olivia kelly christina lauren joan evelyn judith megan cheryl andrea hannah
    martha jacqueline frances gloria ann teresa kathryn sara janice jean alice madison doris
    abigail julia judy grace denise amber marilyn beverly danielle theresa sophia marie diana
    brittany natalie isabella charlotte rose alexis kayla ash jon tom tony mike chris nick
    ben sam dan jim bill bob rex ted ed vladimir sergey sergei igor valery vitaliy dmitry
    recep tayyip bashar hafez hassan hussein ali omar mohammed muhammad ahmed ahmad mahmoud
    abdullah salman florence victoria georgia madison chelsea austin sydney regina adelaide
    santiago orlando kingston jackson lincoln houston dallas denver phoenix savannah"""
)


#: Words that are directions or positions, never a place name on their own ("The Northern").
_DIRECTION_WORDS = _words(
    "north south east west northern southern eastern western central upper lower middle "
    "northeast northwest southeast southwest"
)


@dataclass(slots=True)
class _Tok:
    start: int
    end: int
    text: str
    low: str
    cap: bool
    article: bool


@dataclass(slots=True)
class _Mention:
    first: int  # token index of the first word
    last: int  # token index of the last word of the name (type words excluded)
    start: int
    end: int
    query: str  # what is given to the gazetteer ("Deir Ezzor province")
    records: tuple[int, ...]
    surface: str = ""  # the name as written, without type words


@lru_cache(maxsize=200_000)
def _fold_forms(token: str) -> tuple[str, str]:
    """The folded key of ``token`` as a name's first word, and as a later word."""
    return fold(token), fold("b " + token)[1:]


@lru_cache(maxsize=100_000)
def _zipf(word: str) -> float:
    return zipf(word)


def _tokens(text: str, spans: Iterable[tuple[int, int]]) -> list[list[_Tok]]:
    """Word tokens that can matter: capitalised words, articles and connectors, and the two
    words either side of a capitalised word (titles, type words, "US troops"). The other words
    are left out; gaps between kept tokens are checked in the text, so nothing joins across them.
    """
    out = []
    articles = ARTICLES
    connectors = CAPITALISED_CONNECTORS
    for lo, hi in spans:
        found = list(_TOKEN.finditer(text, lo, hi))
        n = len(found)
        keep = bytearray(n)
        for k, m in enumerate(found):
            c = text[m.start()]
            if c.isupper() or "\u0600" <= c <= "\u06ff":
                keep[max(0, k - 2) : k + 3] = b"\x01" * (min(n, k + 3) - max(0, k - 2))
        toks: list[_Tok] = []
        append = toks.append
        for k in range(n):
            m = found[k]
            word = m.group(0)
            low = word.lower()
            if not keep[k] and low not in connectors:
                continue
            start = m.start()
            if word[-2:] in _POSSESSIVE_ENDS and len(word) > 3:
                word = word[:-2]
                low = low[:-2]
            first = word[0]
            append(
                _Tok(
                    start,
                    start + len(word),
                    word,
                    low,
                    first.isupper() or "\u0600" <= first <= "\u06ff",
                    low in articles,
                )
            )
        out.append(toks)
    return out


class ToponymFinder:
    """Finds and resolves place names; build once per gazetteer, reuse for every article."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.index = gazetteer.index
        self._resolved: dict[tuple[str, tuple[int, ...]], tuple[Candidate, ...]] = {}
        self._spelt: dict[tuple[str, str], tuple[int, ...]] = {}

    # -- public -------------------------------------------------------------------------------
    def find(
        self,
        text: str,
        spans: Iterable[tuple[int, int]] | None = None,
        *,
        adjectives: bool = False,
    ) -> list[Toponym]:
        """Place names in ``text`` (inside ``spans`` when given), resolved, sorted by offset.

        ``adjectives=True`` also reports demonyms and adjectival uses of a country ("Russian
        officials", "US troops") as the place they refer to: the convention of corpora such as
        GeoWebNews, not incidentmap's own.
        """
        blocks = _tokens(text, spans if spans is not None else [(0, len(text))])
        mentions: list[tuple[list[_Tok], _Mention]] = []
        surnames: set[str] = set()
        for toks in blocks:
            found = self._match(text, toks)
            titled = _TitleCase(text, toks)
            mentions.extend(
                (toks, m)
                for m in found
                if self._is_place(text, toks, m, titled, surnames, adjectives)
            )
        mentions = [
            (toks, m)
            for toks, m in mentions
            if not (m.first == m.last and toks[m.first].low in surnames)
        ]
        found_places = self._resolve(text, [m for _, m in mentions])
        if adjectives:
            taken = {(t.start, t.end) for t in found_places}
            found_places.extend(self._demonyms(text, blocks, taken))
            found_places.sort(key=lambda t: (t.start, t.end))
        return found_places

    def _demonyms(
        self, text: str, blocks: list[list[_Tok]], taken: set[tuple[int, int]]
    ) -> list[Toponym]:
        out = []
        for toks in blocks:
            for t in toks:
                name = DEMONYM_PLACES.get(t.low) if t.cap else None
                if not name or any(a < t.end and t.start < b for a, b in taken):
                    continue
                cands = self.gazetteer.resolve(name, kinds=("country", "region"), limit=1)
                if cands:
                    c = cands[0]
                    out.append(Toponym(t.start, t.end, t.text, c.place, c.score, c.why, (c,)))
        return out

    # -- matching -----------------------------------------------------------------------------
    def _match(self, text: str, toks: list[_Tok]) -> list[_Mention]:
        out: list[_Mention] = []
        i, n = 0, len(toks)
        while i < n:
            tok = toks[i]
            starts = tok.cap or (
                tok.article
                and i + 1 < n
                and toks[i + 1].cap
                and _joined(text, tok, toks[i + 1])
                and (tok.low in ("al", "el") or text[tok.end : toks[i + 1].start] == "-")
            )
            if not starts:
                i += 1
                continue
            best: tuple[int, tuple[int, ...]] | None = None
            parts: list[str] = []
            lead_article = tok.article
            for j in range(i, min(n, i + _MAX_TOKENS)):
                t = toks[j]
                if j > i and not _joined(text, toks[j - 1], t):
                    break
                if not t.cap and t.low not in CAPITALISED_CONNECTORS:
                    break
                if t.article and j < n - 1:
                    parts.append("")
                else:
                    first, inner = _fold_forms(t.text)
                    parts.append(first if not any(parts) and not lead_article else inner)
                if not t.cap:
                    continue
                key = "".join(parts)
                if not key:
                    continue
                recs = self._accepted(key, text[tok.start : t.end])
                if recs:
                    best = (j, recs)
            if best is None:
                i += 1
                continue
            j, recs = best
            start, end = tok.start, toks[j].end
            if toks[j].text in ("U", "S", "K") and text[end : end + 1] == ".":
                end += 1
            query = surface = text[start:end]
            k, suffix_end = _type_suffix(text, toks, j)
            if suffix_end is not None:
                query = f"{query} {' '.join(t.text for t in toks[j + 1 : k + 1])}"
                end = suffix_end
            else:
                prefix = _type_prefix(text, toks, i)
                if prefix:
                    query = f"{prefix} of {query}"
            out.append(_Mention(i, j, start, end, query, recs, surface))
            i = max(j, k) + 1
        return out

    def _accepted(self, key: str, surface: str) -> tuple[int, ...]:
        recs = self.index.lookup(key)
        if not recs:
            return ()
        memo = (key, surface)
        hit = self._spelt.get(memo)
        if hit is None:
            hit = self._spelt[memo] = self._accept(recs, surface)
        return hit

    def _accept(self, recs: tuple[int, ...], surface: str) -> tuple[int, ...]:
        idx = self.index
        exact: set[int] | None = None
        kept = []
        for n in recs:
            if idx.kinds[n] in _LINE_KINDS or idx.countries[n] in FOLDED_SPELLING_COUNTRIES:
                kept.append(n)
                continue
            if exact is None:
                bare = re.sub(r"^(?:the|The)\s+", "", surface)
                exact = set(idx.exact_matches(bare)) | set(idx.exact_matches(surface))
            if n in exact:
                kept.append(n)
        return tuple(kept)

    # -- what the words around a match say ------------------------------------------------------
    def _is_place(
        self,
        text: str,
        toks: list[_Tok],
        m: _Mention,
        titled: _TitleCase,
        surnames: set[str],
        adjectives: bool = False,
    ) -> bool:
        idx = self.index
        first, last = toks[m.first], toks[m.last]
        single = m.first == m.last or (m.last == m.first + 1 and first.article)
        word = last.low
        countries = any(idx.kinds[n] == "country" for n in m.records)
        if single and (word in DEMONYMS or word in ORG_HEADS or word in _DIRECTION_WORDS):
            return False
        if first.text in ("A", "An", "I") and m.last > m.first:
            return False  # "A REPLY": an English article, not a name
        if _inside_organisation(text, toks, m.first, m.last):
            return False
        surface = re.sub(r"^the\s+", "", m.surface.rstrip(".").lower())
        if (
            not adjectives
            and surface in US_ABBREVIATIONS
            and _is_modifier(text, toks, m.last, m.end)
        ):
            return False
        if single and last.text.isupper() and len(last.text) <= 5 and not countries:
            return False
        if single and word in TITLES and _before_a_name(text, toks, m.last):
            return False  # a rank or title ("Gen. Kurilla", "Col Dillon"), not a place
        if _DESIGNATION.search(text, m.start, m.end) or _DESIGNATION_END.match(text, m.end):
            return False  # an aircraft or weapon ("Su-24", "C-RAM", "S-400"), not a place
        if single and not countries and self._is_person(text, toks, m.first, titled):
            surnames.add(word)
            return False
        given = single and word in _GIVEN_NAMES
        return not (given and _followed_by_name(text, toks, m.last, titled))

    def _is_person(self, text: str, toks: list[_Tok], i: int, titled: _TitleCase) -> bool:
        if i == 0:
            return False
        prev = toks[i - 1]
        gap = text[prev.end : toks[i].start]
        if gap not in (" ", ". "):
            return False
        if prev.low in TITLES:
            return True
        if gap == ". " and len(prev.text) == 1 and prev.cap:
            return True  # an initial: "Paul E. Funk"
        if gap != " " or not prev.cap or prev.article or prev.low in PLACE_PREFIXES:
            return False
        if prev.low in DEMONYMS or prev.text.isupper() or i in titled:
            return False
        if self._notable(_fold_forms(prev.text)[0]) and prev.low not in _GIVEN_NAMES:
            return False  # "Raqqa Hassan" is not a person; a hamlet named Qassem does not count
        return prev.low in _GIVEN_NAMES or _zipf(prev.low) < _GIVEN_NAME_ZIPF

    def _notable(self, key: str) -> bool:
        """Whether a place named ``key`` is one a writer would mean without saying so: a town
        or larger, a curated site, a line or an area — not one of the gazetteer's thousands of
        hamlets, whose names are also given names and surnames."""
        idx = self.index
        for n in idx.lookup(key):
            if idx.kinds[n] not in _HAMLET_KINDS or idx.population[n] >= _MIN_POPULATION:
                return True
            if idx.flag(n, "c"):
                return True
        return False

    # -- resolution -----------------------------------------------------------------------------
    def _resolve(self, text: str, mentions: Sequence[_Mention]) -> list[Toponym]:
        first = [self._candidates(m) for m in mentions]
        named: Counter[str] = Counter()  # countries named outright
        placed: Counter[str] = Counter()  # countries of unambiguous places
        points: list[tuple[float, float]] = []
        for cands in first:
            if not cands:
                continue
            top = cands[0].place
            if top.kind == "country":
                named[top.country] += 1
            elif len(cands) == 1 or cands[0].score - cands[1].score >= 0.05:
                strong = top.population >= _MIN_POPULATION or top.id.startswith("curated:")
                if strong or top.kind in _LINE_KINDS:
                    placed[top.country] += 1
                    if len(points) < 24:
                        points.append((top.lat, top.lon))
        votes = placed or named
        focus = min(votes, key=lambda c: (-votes[c], c)) if votes else None
        countries = set(named) | set(placed)
        ambiguous = [k for k, c in enumerate(first) if len(c) > 1 and c[0].kind != "country"]
        again = self.gazetteer.rerank_many(
            [first[k] for k in ambiguous], country=focus, near=points or None
        )
        final = list(first)
        for k, ranked in zip(ambiguous, again, strict=True):
            final[k] = tuple(ranked)
        out: list[Toponym] = []
        for m, cands in zip(mentions, final, strict=True):
            if not cands:
                continue
            best = cands[0]
            if not self._confident(text, m, best, countries):
                continue
            out.append(
                Toponym(
                    m.start, m.end, text[m.start : m.end], best.place, best.score, best.why, cands
                )
            )
        return out

    def _candidates(self, m: _Mention) -> tuple[Candidate, ...]:
        """Candidates without context (context re-ranks them later), memoised per name."""
        key = (m.query, m.records)
        hit = self._resolved.get(key)
        if hit is None:
            if m.query == m.surface:
                # The matcher found the records already: score them without a second lookup.
                hit = tuple(self.gazetteer.candidates_for(m.records, m.query))
            else:  # type words ("Deir Ezzor province") ask the gazetteer for a kind
                hit = tuple(self.gazetteer.resolve(m.query, limit=5))
            self._resolved[key] = hit
        return hit

    def _confident(self, text: str, m: _Mention, top: Candidate, countries: set[str]) -> bool:
        place = top.place
        if place.kind in _LINE_KINDS or place.id.startswith("curated:"):
            return True
        words = [w for w in m.query.split() if w.lower() not in ARTICLES]
        if len(words) == 1:
            z = _zipf(words[0].lower())
            if z >= _COMMON_ZIPF and place.population < 10 ** (z + 0.5):
                return False
        if len(words) > 1 or place.population >= _MIN_POPULATION:
            return True
        if place.kind in _HAMLET_KINDS and (
            not _PLACE_CONTEXT.search(text, max(0, m.start - 40), m.start)
            or _NUMBER_AFTER.match(text, m.end)
        ):
            # One of thousands of hamlets whose names are also names of people, channels
            # and units ("Mahdi", "Kurdistan 24"): a place only where the words say so.
            return False
        return place.country in countries


def _before_a_name(text: str, toks: list[_Tok], j: int) -> bool:
    """Whether token ``j`` is followed by "." or by a capitalised word: how a title is used."""
    if text.startswith(".", toks[j].end):
        return True
    return j + 1 < len(toks) and toks[j + 1].cap and text[toks[j].end : toks[j + 1].start] == " "


def _joined(text: str, a: _Tok, b: _Tok) -> bool:
    gap = text[a.end : b.start]
    if not _JOIN.match(gap):
        return False
    return "." not in gap or len(a.text) <= 2


_SUFFIX_FIRST = frozenset(words[0] for words in TYPE_SUFFIXES)


def _type_suffix(text: str, toks: list[_Tok], j: int) -> tuple[int, int | None]:
    if j + 1 >= len(toks) or toks[j + 1].low not in _SUFFIX_FIRST:
        return j, None
    for words in TYPE_SUFFIXES:
        k = j + len(words)
        if k >= len(toks):
            continue
        if all(toks[j + 1 + x].low == w for x, w in enumerate(words)) and all(
            _joined(text, toks[x], toks[x + 1]) for x in range(j, k)
        ):
            return k, toks[k].end
    return j, None


_PREFIX_WORDS = frozenset({"city", "town", "village", "province", "governorate", "district"})


def _type_prefix(text: str, toks: list[_Tok], i: int) -> str:
    # "the city of al Bab", "the province of Deir Ezzor": the name keeps its own span.
    if i >= 2 and toks[i - 1].low == "of" and toks[i - 2].low in _PREFIX_WORDS:
        return toks[i - 2].low
    return ""


def _followed_by_name(text: str, toks: list[_Tok], j: int, titled: _TitleCase) -> bool:
    # "Vladimir Putin", "Jordan Peterson": a first name that is also a place, then a surname.
    if j + 1 >= len(toks) or j in titled:
        return False
    nxt = toks[j + 1]
    return (
        text[toks[j].end : nxt.start] == " "
        and nxt.cap
        and not nxt.text.isupper()
        and nxt.low not in ORG_HEADS
        and nxt.low not in CAPITALISED_CONNECTORS
        and not any(nxt.low == words[0] for words in TYPE_SUFFIXES)
    )


def _inside_organisation(text: str, toks: list[_Tok], i: int, j: int) -> bool:
    # Left: "Jabhat Fateh al-Sham", "Islamic State of Iraq", "University of Aleppo".
    k, steps = i - 1, 0
    while k >= 0 and steps < 4 and _joined(text, toks[k], toks[k + 1]):
        t = toks[k]
        if t.low in ORG_OPENERS and t.cap:
            return True
        if not t.cap and t.low not in ("of", "al", "el", "and", "the"):
            break
        k -= 1
        steps += 1
    k = j + 1
    steps = 0
    while k < len(toks) and steps < 4 and _joined(text, toks[k - 1], toks[k]):
        t = toks[k]
        if t.cap and t.low in ORG_HEADS:
            return True
        if not t.cap and t.low not in ("of", "for", "and"):
            return False
        k += 1
        steps += 1
    return False


def _is_modifier(text: str, toks: list[_Tok], j: int, end: int) -> bool:
    if j + 1 >= len(toks):
        return False
    nxt = toks[j + 1]
    gap = text[end : nxt.start]
    if gap.strip(" -\u2010\u2011") != "":
        return False  # punctuation: "the US, Russia", "the US."
    if gap == " " and nxt.low.endswith(("ing", "ed")) and len(nxt.low) > 4:
        return False  # a verb: "the USA viewing his removal as essential"
    return nxt.low not in NOUN_FOLLOWERS


_LONG_WORD = re.compile(r"[^\W\d_]{4,}")


class _TitleCase:
    """Whether a token lies on a line written in title case (a headline): no surname guessing
    there. Lines are looked at only when asked about, once each."""

    def __init__(self, text: str, toks: list[_Tok]) -> None:
        self.text = text
        self.toks = toks
        self.lines: dict[int, bool] = {}

    def __contains__(self, k: object) -> bool:
        assert isinstance(k, int)
        text = self.text
        lo = text.rfind("\n", 0, self.toks[k].start) + 1
        hit = self.lines.get(lo)
        if hit is None:
            hi = text.find("\n", lo)
            words = _LONG_WORD.findall(text, lo, len(text) if hi < 0 else hi)
            hit = len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.7 * len(words)
            self.lines[lo] = hit
        return hit


#: The finder (and its memo) of the gazetteer used last: one, so old gazetteers can go.
_LAST: list[ToponymFinder] = []


def find_toponyms(
    text: str,
    gazetteer: Gazetteer,
    *,
    spans: Iterable[tuple[int, int]] | None = None,
    adjectives: bool = False,
) -> list[Toponym]:
    """Place names in ``text``, found with ``gazetteer`` and resolved in context.

    Parameters
    ----------
    text
        The article's text; offsets in the result index it.
    gazetteer
        The place index to match against.
    spans
        Only these ``(start, end)`` parts of ``text`` are searched (the article body).
    adjectives
        Also report demonyms and adjectival country names ("Russian", "US troops") as the
        place they refer to, as corpora like GeoWebNews count them. Off by default: for
        incidentmap an adjective is not a place.

    Returns
    -------
    list of Toponym
        Sorted by ``start``; each with its resolved place and the other candidates.
    """
    if not _LAST or _LAST[0].gazetteer is not gazetteer:
        _LAST[:] = [ToponymFinder(gazetteer)]
    finder = _LAST[0]
    return finder.find(text, spans, adjectives=adjectives)
