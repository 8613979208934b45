"""The actor alias table: which words of a report, or actor string of a dataset, name which actor.

The table is YAML (``actors.yaml`` in this package; the format is in ``docs/actors.md``). Every
entry has a canonical ``actor`` name, a ``group`` (the family used for colours and merging) and
``aliases``; ``demonyms`` name the actor only before a force noun ("Russian warplanes") or an
attack noun ("Russian strikes"). Every phrase of the table goes into one compiled regular
expression, longest first, so finding the actors of a text is one pass over it. The ``groups``
give each family a label and a preferred colour, and :meth:`ActorTable.groups_of` reads the
actor strings of datasets (UCDP's coalitions, ACLED's qualified names) as groups; aliases marked
``dataset`` serve only that, never article text.

>>> table = ActorTable.default()
>>> [(m.text, m.actor, m.group) for m in table.find("Russian warplanes bombed US-backed SDF fighters.")]
[('Russian warplanes', 'Russia', 'russia'), ('US-backed SDF fighters', 'Syrian Democratic Forces', 'sdf')]
>>> table.canonical("U.S.-led coalition aircraft"), table.group("Syrian Arab Army")
('US-led coalition', 'syrian_government')
>>> table.groups_of("Ahrar al-Sham, HTS, Southern Front")
('syrian_rebels', 'hts')
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from incidentmap.errors import ValidationError
from incidentmap.extract._types import ActorMention

__all__ = ["ActorEntry", "ActorGroup", "ActorTable", "Phrase"]

_PACKAGED = "actors.yaml"
_YAML_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_GROUP_RE = re.compile(r"[a-z][a-z0-9_]*")
_TOP_KEYS = frozenset(
    {
        "version",
        "groups",
        "actors",
        "claimants",
        "ignore",
        "force_nouns",
        "action_nouns",
        "modifiers",
    }
)
_ENTRY_KEYS = frozenset(
    {"actor", "group", "aliases", "demonyms", "case_sensitive", "dataset", "note"}
)
_PHRASE_KEYS = frozenset({"alias", "case_sensitive", "place", "note"})
_ALIAS_KEYS = _PHRASE_KEYS | {"dataset", "suffix"}
_GROUP_KEYS = frozenset({"label", "colour", "note"})
_COLOUR_RE = re.compile(r"#[0-9A-Fa-f]{6}")
#: Prefix of a group key made for a dataset actor the table does not know.
OTHER_PREFIX = "other:"
_DEMONYM_KEYS = frozenset({"demonym", "case_sensitive", "except_nouns", "note"})
_CLAIMANT_KEYS = frozenset({"name", "aliases", "note"})

# Words joining the parts of a phrase: space, hyphen or dash ("US-led" = "US led" = "US – led").
_SEP = r"(?:\s*[-‐‑–]\s*|\s+)"
# A phrase starts a word not joined to the one before by a hyphen ("anti-ISIS" is not ISIS) and
# ends a word not joined by a hyphen to the next ("US-backed" is not "US").
_LB = r"(?<![\w\-‐‑])"
_RB = r"(?!\w|[-‐‑]\w)"
_CONJ = r"(?:\s*,\s*(?:(?i:and|or)\s+)?|\s+(?i:and|or|&)\s+)"
_ACRONYM = re.compile(r"(?:[A-Z]\.){2,4}|[A-Z]{2,4}")
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_KEY_DOTS = re.compile(r"(?<=\b[A-Za-z])\.")
_KEY_SEP = re.compile(r"[\s\-‐‑–]+")


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


# A country or capital after one of these words is a place, not an actor ("in Syria").
_LOCATIVE = _wordset(
    """in into inside within across throughout over near from to of via toward towards around
    at through beyond outside northern southern eastern western central north south east west
    northeast northwest southeast southwest north-east north-west south-east south-west
    north-eastern north-western south-eastern south-western war-torn border borders"""
)
_WORDS_BEFORE = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")
_UPPER_WORD = re.compile(r"\b[A-Z][A-Z'’\-]+\b")
_LOWER = re.compile(r"[a-z]")
_CLAUSE_END = re.compile(r"[.!?:;]\s|\n")

# Dataset actor strings: coalition members are joined by ", " (UCDP) or ";" (ACLED), never
# inside parentheses; ACLED qualifies names with a country or period ("(Syria)", "(2000-)"),
# writes "ABBR: Full name", and names state forces "Military Forces of X" (UCDP: "Government
# of X").
_MEMBER_SEP = re.compile(r"(?:;|,(?=\s))(?![^()]*\))")
_QUALIFIER = re.compile(r"\s*\([^()]*\)")
_ABBR_FULL = re.compile(r"(?P<abbr>[^:]{1,24}?)\s*:\s+(?P<full>.+)")
_STATE_OF = re.compile(
    r"(?:(?:Military|Police|Security|Armed|Naval|Air|Special|Border)\s+)*"
    r"(?:Forces?|Government|Police|Army|Navy)\s+of\s+(?:the\s+)?(?P<state>.+)"
)


@dataclass(frozen=True, slots=True)
class Phrase:
    """One alias or demonym of the table.

    ``case_sensitive`` phrases match only as written ("IS", never "is"); ``place`` phrases
    (countries, capitals) are not an actor after a locative word ("in Syria");
    ``except_nouns`` lists force nouns a demonym must not combine with ("Syrian fighters").
    ``dataset`` phrases name the actor in datasets only (UCDP's "Civilians"), never in text;
    a ``suffix`` phrase (dataset only) names every dataset actor ending with it ("... clan").
    """

    text: str
    case_sensitive: bool = False
    place: bool = False
    except_nouns: frozenset[str] = frozenset()
    dataset: bool = False
    suffix: bool = False

    @property
    def key(self) -> str:
        """The comparison key: dots of acronyms, hyphens and case (unless case-sensitive) gone."""
        return _key(self.text, self.case_sensitive)


@dataclass(frozen=True, slots=True)
class ActorEntry:
    """One actor of the table: canonical name, family group, aliases and demonyms.

    A ``dataset`` entry's canonical name is for datasets only (its aliases say so each).
    """

    actor: str
    group: str
    aliases: tuple[Phrase, ...] = ()
    demonyms: tuple[Phrase, ...] = ()
    note: str = ""
    dataset: bool = False


@dataclass(frozen=True, slots=True)
class ActorGroup:
    """One family of actors: its key, the label legends show and its preferred colour."""

    key: str
    label: str
    colour: str | None = None
    note: str = ""


@dataclass(slots=True)
class _DatasetNames:
    """Exact names (canonical, aliases, dataset aliases) and suffixes, by comparison key."""

    exact_cs: dict[str, int]
    exact_ci: dict[str, int]
    suffixes: dict[str, int]
    suffix_words: int


@dataclass(frozen=True, slots=True)
class _Owner:
    entry: int  # index into the entries; -1: a claimant or an ignored phrase
    phrase: Phrase


@dataclass(slots=True)
class _Readers:
    """The patterns that read the text at a place where one first word of the table is."""

    alias: re.Pattern[str] | None
    demnoun: re.Pattern[str] | None
    demlook: re.Pattern[str] | None


@dataclass(slots=True)
class _Compiled:
    scan: re.Pattern[str]
    alias_cs: dict[str, _Owner]
    alias_ci: dict[str, _Owner]
    dem_cs: dict[str, _Owner]
    dem_ci: dict[str, _Owner]
    # Phrases by the key of their first word (case-sensitive ones by the word as written).
    first_alias: dict[str, list[Phrase]]
    first_dem: dict[str, list[Phrase]]
    nouns: str
    tail: re.Pattern[str]  # what may follow a bare demonym (conjoined demonyms, a noun)
    mods: str
    readers: dict[str, _Readers] = field(default_factory=dict)

    def readers_for(self, word: str) -> _Readers:
        """The readers of phrases whose first word is ``word`` (compiled once per word)."""
        cs = _key(word, True)
        r = self.readers.get(cs)
        if r is None:
            ci = cs.casefold()
            aliases = self.first_alias.get("=" + cs, []) + self.first_alias.get("~" + ci, [])
            dems = self.first_dem.get("=" + cs, []) + self.first_dem.get("~" + ci, [])
            dem_alt = _alternation(dems)
            r = _Readers(
                alias=re.compile(_LB + _alternation(aliases) + _RB) if aliases else None,
                demnoun=re.compile(
                    f"{_LB}(?P<dem>{dem_alt}){self.mods}{_SEP}(?P<noun>{self.nouns}){_RB}"
                )
                if dems
                else None,
                demlook=re.compile(f"{_LB}(?P<dem>{dem_alt})") if dems else None,
            )
            self.readers[cs] = r
        return r


def _key(text: str, case_sensitive: bool = False) -> str:
    s = text.replace("’", "'").replace("‘", "'").strip()
    s = _KEY_DOTS.sub("", s)
    s = _KEY_SEP.sub(" ", s).strip()
    return s if case_sensitive else s.casefold()


def _token_pattern(token: str) -> str:
    if _ACRONYM.fullmatch(token):
        letters = token.replace(".", "")
        return "(?:" + re.escape(letters) + "|" + r"\.".join(letters) + r"\.)"
    return re.sub(r"\\?['’]", "['’]", re.escape(token))


def _phrase_pattern(text: str, case_sensitive: bool) -> str:
    tokens = [t for t in re.split(r"[\s\-‐‑–]+", text.strip()) if t]
    body = _SEP.join(_token_pattern(t) for t in tokens)
    return body if case_sensitive else f"(?i:{body})"


def _alternation(phrases: Iterable[Phrase]) -> str:
    """One alternation of the phrases, longest first (so the longest phrase at a place wins)."""
    seen: dict[tuple[str, bool], Phrase] = {}
    for p in phrases:
        seen.setdefault((p.key, p.case_sensitive), p)
    ordered = sorted(seen.values(), key=lambda p: (-len(p.key), p.key, not p.case_sensitive))
    if not ordered:
        return "(?!)"
    return "(?:" + "|".join(_phrase_pattern(p.text, p.case_sensitive) for p in ordered) + ")"


def _first_words_trie(phrases: Iterable[Phrase]) -> str:
    """A trie-shaped alternation of the first words of the phrases, for a fast scan.

    Regular-expression alternations are tried branch by branch at every position of the text;
    as a trie, a position that cannot start any phrase fails at its first character.
    """
    trie: dict[str, Any] = {}
    for p in phrases:
        first = re.split(r"[\s\-‐‑–]+", p.text.strip(), maxsplit=1)[0]
        forms = [first]
        if _ACRONYM.fullmatch(first):
            letters = first.replace(".", "")
            forms = [letters, ".".join(letters) + "."]
        for form in forms:
            node = trie
            for ch in form:
                if ch in "'’":
                    atom = "['’]"
                elif p.case_sensitive or ch.lower() == ch.upper():
                    atom = re.escape(ch)
                else:
                    atom = f"[{ch.lower()}{ch.upper()}]"
                node = node.setdefault(atom, {})
            node[""] = {}
    return _trie_pattern(trie) or "(?!)"


def _trie_pattern(node: Mapping[str, Any]) -> str:
    alts = [atom + _trie_pattern(child) for atom, child in sorted(node.items()) if atom]
    if not alts:
        return ""
    body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
    if "" in node:
        return body + "?" if len(alts) == 1 and len(alts[0]) == 1 else f"(?:{body})?"
    return body


def _words_alternation(words: Iterable[str]) -> str:
    return _alternation(Phrase(w) for w in words)


class ActorTable:
    """The actor alias table: finds actor mentions in text and names actors canonically.

    Build it with :meth:`default` (the packaged table), :meth:`from_file` or
    :meth:`from_mapping`; :meth:`extend` adds a user's table on top of another one. The same
    table reads the actor strings of datasets as groups (:meth:`groups_of`) and labels and
    colours the groups (:meth:`group_label`, :meth:`group_colour`).
    """

    def __init__(
        self,
        entries: Sequence[ActorEntry],
        *,
        force_nouns: Sequence[str] = (),
        action_nouns: Sequence[str] = (),
        modifiers: Sequence[str] = (),
        claimants: Sequence[Phrase] = (),
        ignore: Sequence[Phrase] = (),
        group_info: Iterable[ActorGroup] = (),
        source: str = "<table>",
    ) -> None:
        self.entries: tuple[ActorEntry, ...] = tuple(entries)
        self.force_nouns: tuple[str, ...] = tuple(force_nouns)
        self.action_nouns: tuple[str, ...] = tuple(action_nouns)
        self.modifiers: tuple[str, ...] = tuple(modifiers)
        self.claimants: tuple[Phrase, ...] = tuple(claimants)
        self.ignore: tuple[Phrase, ...] = tuple(ignore)
        #: The groups' labels and colours, by key, in table order.
        self.group_info: dict[str, ActorGroup] = {g.key: g for g in group_info}
        self.source = source
        self._by_actor = {e.actor.casefold(): e for e in self.entries}
        self._compiled_cache: _Compiled | None = None
        self._dataset_cache: _DatasetNames | None = None
        self._groups_of_cache: dict[str, tuple[str, ...]] = {}

    # ------------------------------------------------------------------ construction
    @classmethod
    def default(cls) -> ActorTable:
        """The table packaged with incidentmap (``incidentmap/extract/actors.yaml``), read once."""
        return _default_table()

    @classmethod
    def from_file(cls, path: str | os.PathLike[str]) -> ActorTable:
        """Read a table from a YAML file.

        Raises
        ------
        ValidationError
            The file is not YAML or does not follow the table's format; the message names the
            file, the entry (index and actor) and the field.
        OSError
            The file cannot be read.
        """
        return _read_file(path, frozenset())

    @classmethod
    def from_yaml(cls, text: str, *, source: str = "<yaml>") -> ActorTable:
        """Read a table from YAML text; ``source`` names it in error messages."""
        return _read_yaml(text, source, frozenset())

    @classmethod
    def from_mapping(cls, data: Any, *, source: str = "<mapping>") -> ActorTable:
        """Build a table from the parsed YAML (a mapping with ``actors:`` and the lists)."""
        return _parse(data, source, frozenset())

    def extend(self, other: ActorTable | str | os.PathLike[str] | Mapping[str, Any]) -> ActorTable:
        """A new table: this one with ``other`` (a table, a YAML file or a mapping) on top.

        An entry of ``other`` whose ``actor`` exists already adds its aliases and demonyms to it
        (and sets its group and note); a new actor is added. A phrase of ``other`` takes
        precedence: it is removed from every other actor of this table, and a phrase listed under
        ``claimants``/``ignore`` in ``other`` stops being an alias. A group of ``other`` sets the
        label (and the colour and note it gives) of that group; entries of ``other`` may use
        the groups of this table.
        """
        known = frozenset(self.groups)
        if isinstance(other, ActorTable):
            top = other
        elif isinstance(other, Mapping):
            top = _parse(other, "<mapping>", known)
        else:
            top = _read_file(other, known)
        taken = {
            (p.key, p.case_sensitive)
            for e in top.entries
            for p in (*e.aliases, *e.demonyms, Phrase(e.actor))
        } | {(p.key, p.case_sensitive) for p in (*top.claimants, *top.ignore)}

        def keep(phrases: Iterable[Phrase]) -> tuple[Phrase, ...]:
            return tuple(p for p in phrases if (p.key, p.case_sensitive) not in taken)

        mine = {e.actor.casefold(): e for e in top.entries}
        entries: list[ActorEntry] = []
        for e in self.entries:
            new = mine.pop(e.actor.casefold(), None)
            if new is None:
                entries.append(replace(e, aliases=keep(e.aliases), demonyms=keep(e.demonyms)))
            else:
                entries.append(
                    ActorEntry(
                        actor=new.actor,
                        group=new.group,
                        aliases=_unique((*e.aliases, *new.aliases)),
                        demonyms=_unique((*e.demonyms, *new.demonyms)),
                        note=new.note or e.note,
                        dataset=e.dataset or new.dataset,
                    )
                )
        entries.extend(mine.values())
        groups = dict(self.group_info)
        for key, g in top.group_info.items():
            old = groups.get(key)
            groups[key] = g if old is None else replace(g, colour=g.colour or old.colour)
        return ActorTable(
            entries,
            force_nouns=_unique_words((*self.force_nouns, *top.force_nouns)),
            action_nouns=_unique_words((*self.action_nouns, *top.action_nouns)),
            modifiers=_unique_words((*self.modifiers, *top.modifiers)),
            claimants=_unique((*keep(self.claimants), *top.claimants)),
            ignore=_unique((*keep(self.ignore), *top.ignore)),
            group_info=groups.values(),
            source=f"{self.source} + {top.source}",
        )

    # ------------------------------------------------------------------ queries
    @property
    def actors(self) -> tuple[str, ...]:
        """The canonical actor names, in table order."""
        return tuple(e.actor for e in self.entries)

    @property
    def groups(self) -> tuple[str, ...]:
        """The groups of the table (used by an entry or listed under ``groups:``), sorted."""
        return tuple(sorted({e.group for e in self.entries} | self.group_info.keys()))

    def group_label(self, key: str) -> str:
        """The label of a group, for legends.

        A key made by :meth:`groups_of` for an actor the table does not know (``"other:X"``)
        is labelled ``X``; a group without a label, or unknown, is labelled with its key.

        >>> t = ActorTable.default()
        >>> t.group_label("hts"), t.group_label("other:Foo Brigade"), t.group_label("foo")
        ('Hayat Tahrir al-Sham / al-Qaeda', 'Foo Brigade', 'foo')
        """
        g = self.group_info.get(key)
        if g is not None:
            return g.label
        return key.removeprefix(OTHER_PREFIX) if key.startswith(OTHER_PREFIX) else key

    def group_colour(self, key: str) -> str | None:
        """The preferred colour of a group (``#RRGGBB``), or ``None`` when it has none.

        >>> t = ActorTable.default()
        >>> t.group_colour("russia"), t.group_colour("other:Foo Brigade")
        ('#CC6677', None)
        """
        g = self.group_info.get(key)
        return g.colour if g is not None else None

    def groups_of(self, name: str) -> tuple[str, ...]:
        """The groups of one actor string of a dataset, in order of appearance, each once.

        A coalition string counts for each member: UCDP joins members with ``", "``, ACLED
        its associated actors with ``"; "``. Each member is looked up as written; then without
        ACLED's qualifiers ("(Syria)", "(2000-)"); as both parts of "ABBR: Full name"; as the
        state of "Military Forces of X" or "Government of X"; by a ``suffix`` alias ("... clan");
        and last as :meth:`canonical` reads it; free text that none of these know counts for
        the actors :meth:`find` sees in it. Names given as ``dataset`` aliases count here and
        never in :meth:`find`. A member the table does not know is a group of its own,
        ``"other:"`` and the member as written (spaces collapsed).

        Parameters
        ----------
        name
            One actor string: UCDP's ``side_a``/``side_b``, ACLED's ``actor1``/``actor2`` or
            those joined with their ``assoc_actor_*`` by ``"; "``.

        Returns
        -------
        tuple of str
            Group keys; ``()`` for an empty string. Results are cached per string.

        Examples
        --------
        >>> t = ActorTable.default()
        >>> t.groups_of("Ahrar al-Sham, Jabhat Fateh al-Sham, Jaysh al-Islam, Foo Brigade")
        ('syrian_rebels', 'hts', 'other:Foo Brigade')
        >>> t.groups_of("Military Forces of Syria (2000-); NDF: National Defence Forces")
        ('syrian_government',)
        >>> t.groups_of("Islamic State (Syria)"), t.groups_of("Civilians (Syria)")
        (('isis',), ('civilians',))
        >>> t.groups_of("  ")
        ()
        >>> t.groups_of("Russian and Syrian government aircraft")
        ('russia', 'syrian_government')
        """
        text = " ".join(name.split())
        found = self._groups_of_cache.get(text)
        if found is None:
            found = self._groups_of_cache[text] = self._read_groups(text)
        return found

    def entry(self, actor: str) -> ActorEntry | None:
        """The entry of a canonical actor name (any case), or ``None``."""
        return self._by_actor.get(actor.casefold())

    def group(self, actor: str) -> str:
        """The group of an actor: a canonical name, or any phrase :meth:`canonical` knows.

        ``""`` when the table does not know the actor.

        >>> ActorTable.default().group("Russian Aerospace Forces")
        'russia'
        """
        e = self.entry(actor.strip())
        if e is None:
            name = self.canonical(actor)
            e = self.entry(name) if name is not None else None
        return e.group if e is not None else ""

    def canonical(self, name: str) -> str | None:
        """The canonical actor a free-text actor string names, or ``None``.

        ``None`` as well when the string names several actors ("Russian and Syrian aircraft")
        or only a claimant ("Syrian Observatory").

        >>> t = ActorTable.default()
        >>> t.canonical("Russian aircraft"), t.canonical("the Russians"), t.canonical("SOHR")
        ('Russia', 'Russia', None)
        """
        text = " ".join(name.split())
        if not text:
            return None
        found = {m.actor for m in self.find(text)}
        if len(found) == 1:
            return found.pop()
        if found:
            return None
        c = self._compiled
        stripped = _LEADING_THE.sub("", text)
        owner = c.dem_cs.get(_key(stripped, True)) or c.dem_ci.get(_key(stripped))
        if owner is not None and owner.entry >= 0:
            return self.entries[owner.entry].actor
        return None

    def find(self, text: str, spans: Iterable[tuple[int, int]] | None = None) -> list[ActorMention]:
        """Actor mentions in ``text`` (only inside ``spans`` when given), in text order.

        Mentions do not overlap; at each place the longest phrase wins ("Russian warplanes",
        not "Russian"). Claimants ("Syrian Observatory for Human Rights", "Defence Ministry",
        "CNN") are recognised and skipped. Offsets index ``text``.
        """
        c = self._compiled
        out: list[ActorMention] = []
        for lo, hi in spans if spans is not None else [(0, len(text))]:
            pos = lo
            suppressed_end = -1
            while pos < hi:
                m = c.scan.search(text, pos, hi)
                if m is None:
                    break
                start = m.start()
                hit = self._best_at(text, start, hi, m.group(0))
                if hit is None:
                    pos = start + 1
                    continue
                end, owner = hit
                pos = end
                if owner.entry < 0:
                    continue
                if owner.phrase.case_sensitive and _shouting(text, start, end):
                    continue
                if owner.phrase.place and _is_place(text, start, lo, suppressed_end):
                    suppressed_end = end
                    continue
                e = self.entries[owner.entry]
                out.append(ActorMention(start, end, text[start:end], e.actor, e.group))
        return out

    # ------------------------------------------------------------------ internals
    def _read_groups(self, text: str) -> tuple[str, ...]:
        if not text:
            return ()
        if self._exact_group(text) is not None:
            members = [text]  # a known name that holds a separator
        else:
            members = [m.strip() for m in _MEMBER_SEP.split(text)]
        groups: list[str] = []
        for m in members:
            if not m:
                continue
            group = self._member_group(m)
            if group is not None:
                groups.append(group)
                continue
            # free text, as an incident file or an article gives it ("Russian and Syrian
            # government aircraft"): the groups of the actors it mentions
            bare = " ".join(_QUALIFIER.sub("", m).split())  # not "(Syria)" of "X (Syria)"
            mentioned = [self._by_actor[x.actor.casefold()].group for x in self.find(bare)]
            groups.extend(mentioned or [OTHER_PREFIX + m])
        return tuple(dict.fromkeys(groups))

    def _member_group(self, member: str) -> str | None:
        """The group of one dataset actor name, or ``None`` when the table does not know it."""
        group = self._exact_group(member)
        if group is not None:
            return group
        bare = " ".join(_QUALIFIER.sub("", member).split()) or member
        split = _ABBR_FULL.fullmatch(bare)
        names = [bare, split["full"], split["abbr"]] if split else [bare]
        for n in names:
            group = self._exact_group(n)
            if group is not None:
                return group
        state = _STATE_OF.fullmatch(bare)
        if state is not None:  # "Military Forces of Syria Air Force": the longest known start
            words = state["state"].split()
            for n in range(len(words), 0, -1):
                group = self._exact_group(" ".join(words[:n]))
                if group is not None:
                    return group
        words = _key(bare).split()
        suffixes = self._dataset_names.suffixes
        for n in range(min(len(words), self._dataset_names.suffix_words), 0, -1):
            i = suffixes.get(" ".join(words[-n:]))
            if i is not None:
                return self.entries[i].group
        actor = self.canonical(bare)
        return self._by_actor[actor.casefold()].group if actor is not None else None

    def _exact_group(self, name: str) -> str | None:
        names = self._dataset_names
        i = names.exact_cs.get(_key(name, True))
        if i is None:
            i = names.exact_ci.get(_key(name))
        return self.entries[i].group if i is not None else None

    @property
    def _dataset_names(self) -> _DatasetNames:
        if self._dataset_cache is None:
            self._dataset_cache = self._index_names()
        return self._dataset_cache

    def _index_names(self) -> _DatasetNames:
        cs: dict[str, int] = {}
        ci: dict[str, int] = {}
        suffixes: dict[str, int] = {}

        def put(i: int, p: Phrase) -> None:
            (cs if p.case_sensitive else ci)[p.key] = i

        # As in find: canonical names < aliases < claimants and ignored phrases; dataset
        # aliases last, since they say what a dataset's name is.
        for i, e in enumerate(self.entries):
            put(i, Phrase(e.actor))
        for i, e in enumerate(self.entries):
            for p in e.aliases:
                if not p.dataset:
                    put(i, p)
        for p in (*self.claimants, *self.ignore):
            (cs if p.case_sensitive else ci).pop(p.key, None)
        for i, e in enumerate(self.entries):
            for p in e.aliases:
                if p.suffix:
                    suffixes[_key(p.text)] = i
                elif p.dataset:
                    put(i, p)
        longest = max((len(k.split()) for k in suffixes), default=0)
        return _DatasetNames(cs, ci, suffixes, longest)

    def _best_at(self, text: str, start: int, hi: int, word: str) -> tuple[int, _Owner] | None:
        """The longest reading of the text at ``start``: an alias, demonym + noun, or demonym."""
        c = self._compiled
        r = c.readers_for(word)
        best: tuple[int, _Owner] | None = None
        m = r.alias.match(text, start, hi) if r.alias is not None else None
        if m is not None:
            owner = _lookup(m.group(0), c.alias_cs, c.alias_ci)
            if owner is not None:
                best = (m.end(), owner)
        m = r.demnoun.match(text, start, hi) if r.demnoun is not None else None
        if m is not None and (best is None or m.end() > best[0]):
            owner = _lookup(m.group("dem"), c.dem_cs, c.dem_ci)
            if owner is not None and _key(m.group("noun")) not in owner.phrase.except_nouns:
                best = (m.end(), owner)
        if best is None and r.demlook is not None:
            m = r.demlook.match(text, start, hi)
            tail = c.tail.match(text, m.end(), hi) if m is not None else None
            if m is not None and tail is not None:
                owner = _lookup(m.group("dem"), c.dem_cs, c.dem_ci)
                if owner is not None and _key(tail.group("noun")) not in owner.phrase.except_nouns:
                    best = (m.end(), owner)
        return best

    @property
    def _compiled(self) -> _Compiled:
        if self._compiled_cache is None:
            self._compiled_cache = self._compile()
        return self._compiled_cache

    def _compile(self) -> _Compiled:
        alias_cs: dict[str, _Owner] = {}
        alias_ci: dict[str, _Owner] = {}
        dem_cs: dict[str, _Owner] = {}
        dem_ci: dict[str, _Owner] = {}

        def put(target_cs: dict[str, _Owner], target_ci: dict[str, _Owner], o: _Owner) -> None:
            (target_cs if o.phrase.case_sensitive else target_ci)[o.phrase.key] = o

        # Later puts win: canonical names < aliases < claimants < ignored phrases. Names for
        # datasets only are not looked for in text.
        for i, e in enumerate(self.entries):
            if e.dataset:
                continue
            own = _Owner(i, Phrase(e.actor))
            put(alias_cs, alias_ci, own)
            put(dem_cs, dem_ci, own)
        for i, e in enumerate(self.entries):
            for p in e.aliases:
                if p.dataset:
                    continue
                put(alias_cs, alias_ci, _Owner(i, p))
                put(dem_cs, dem_ci, _Owner(i, p))
            for p in e.demonyms:
                put(dem_cs, dem_ci, _Owner(i, p))
        for p in (*self.claimants, *self.ignore):
            put(alias_cs, alias_ci, _Owner(-1, p))
            (dem_cs if p.case_sensitive else dem_ci).pop(p.key, None)

        aliases = [o.phrase for o in (*alias_cs.values(), *alias_ci.values())]
        dems = [o.phrase for o in (*dem_cs.values(), *dem_ci.values()) if o.entry >= 0]
        first_alias: dict[str, list[Phrase]] = {}
        first_dem: dict[str, list[Phrase]] = {}
        for p in aliases:
            first_alias.setdefault(_first_key(p), []).append(p)
        for p in dems:
            first_dem.setdefault(_first_key(p), []).append(p)
        nouns = _words_alternation(self.force_nouns)
        actions = _words_alternation(self.action_nouns)
        mods = f"(?:{_SEP}{_words_alternation(self.modifiers)}(?!\\w))*"
        tail = re.compile(
            f"(?:{_CONJ}{_alternation(dems)})*{mods}{_SEP}(?P<noun>{nouns}|{actions}){_RB}"
        )
        return _Compiled(
            scan=re.compile(r"\b" + _first_words_trie([*aliases, *dems]) + r"(?!\w)"),
            alias_cs=alias_cs,
            alias_ci=alias_ci,
            dem_cs=dem_cs,
            dem_ci=dem_ci,
            first_alias=first_alias,
            first_dem=first_dem,
            nouns=nouns,
            tail=tail,
            mods=mods,
        )

    def __repr__(self) -> str:
        return f"ActorTable({len(self.entries)} actors, source={self.source!r})"


@cache
def _default_table() -> ActorTable:
    ref = resources.files(__package__ or "incidentmap.extract") / _PACKAGED
    return ActorTable.from_yaml(ref.read_text(encoding="utf-8"), source=_PACKAGED)


def _first_key(p: Phrase) -> str:
    first = re.split(r"[\s\-‐‑–]+", p.text.strip(), maxsplit=1)[0]
    return ("=" if p.case_sensitive else "~") + _key(first, p.case_sensitive)


def _lookup(text: str, cs: Mapping[str, _Owner], ci: Mapping[str, _Owner]) -> _Owner | None:
    return cs.get(_key(text, True)) or ci.get(_key(text))


def _unique(phrases: Iterable[Phrase]) -> tuple[Phrase, ...]:
    out: dict[tuple[str, bool], Phrase] = {}
    for p in phrases:
        out[(p.key, p.case_sensitive)] = p
    return tuple(out.values())


def _unique_words(words: Iterable[str]) -> tuple[str, ...]:
    return tuple({_key(w): w for w in words}.values())


def _shouting(text: str, start: int, end: int) -> bool:
    """Whether the words around an acronym are all in capitals (a headline: "RUSSIA IS ...")."""
    before = _CLAUSE_END.split(text[max(0, start - 60) : start])[-1]
    after = _CLAUSE_END.split(text[end : end + 60])[0]
    around = before + " " + after
    return _LOWER.search(around) is None and len(_UPPER_WORD.findall(around)) >= 2


def _is_place(text: str, start: int, lo: int, suppressed_end: int) -> bool:
    """Whether a country or capital name at ``start`` is a place ("in Syria"), not an actor."""
    window = text[max(lo, start - 40) : start]
    words = _WORDS_BEFORE.findall(window)
    if words and words[-1].lower() == "the":
        words.pop()
    if not words:
        return False
    last = words[-1].lower()
    if last in _LOCATIVE:
        return True
    # "in Iraq and Syria": a country joined to a place name just before is a place as well.
    return (
        suppressed_end >= 0
        and 0 <= start - suppressed_end <= 12
        and (last in ("and", "or") or window.rstrip().endswith(","))
    )


# ---------------------------------------------------------------------- parsing and validation
_FIELD_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def _read_file(path: str | os.PathLike[str], known: frozenset[str]) -> ActorTable:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValidationError(f"{p}: cannot read the actor table: {exc}", value=str(p)) from exc
    return _read_yaml(text, str(p), known)


def _read_yaml(text: str, source: str, known: frozenset[str]) -> ActorTable:
    """The table of YAML text; ``known``: groups its entries may use besides its own."""
    try:
        data = yaml.load(text, Loader=_YAML_LOADER)  # a safe loader (C if available)
    except yaml.YAMLError as exc:
        raise ValidationError(f"{source}: not valid YAML: {exc}", value=source) from exc
    try:
        return _parse(data, source, known)
    except ValidationError as exc:
        line = _line_of(text, exc.field) if exc.field else None
        if line is None:
            raise
        prefix = f"{source}: "
        message = str(exc)
        if message.startswith(prefix):
            message = f"{source}, line {line}: " + message[len(prefix) :]
        raise ValidationError(message, field=exc.field, value=exc.value) from None


def _line_of(text: str, where: str) -> int | None:
    """The line of the YAML node a field path ("actors[3].aliases[2]") names, if it is there."""
    try:
        node = yaml.compose(text, Loader=_YAML_LOADER)
    except yaml.YAMLError:
        return None
    if node is None:
        return None
    line = node.start_mark.line
    for m in _FIELD_PART.finditer(where):
        key, index = m.group(1), m.group(2)
        pair = None
        if index is not None and isinstance(node, yaml.SequenceNode):
            i = int(index)
            pair = (node.value[i], node.value[i]) if i < len(node.value) else None
        elif key is not None and isinstance(node, yaml.MappingNode):
            pair = next(((k, v) for k, v in node.value if getattr(k, "value", None) == key), None)
        if pair is None:
            break
        # A mapping's value may start on the line after its key ("foo:\n  label: x"): the
        # key's line is the one to show.
        line, node = pair[0].start_mark.line, pair[1]
    return int(line) + 1


def _fail(source: str, where: str, message: str, value: Any, actor: str | None = None) -> None:
    who = f" (actor {actor!r})" if actor else ""
    raise ValidationError(f"{source}: {where}{who}: {message}", field=where, value=value)


def _string(value: Any, source: str, where: str, actor: str | None = None) -> str:
    if not isinstance(value, str) or not value.strip():
        _fail(source, where, f"must be a non-empty string, got {value!r}", value, actor)
    return " ".join(str(value).split())


def _bool(value: Any, source: str, where: str, actor: str | None = None) -> bool:
    if not isinstance(value, bool):
        _fail(source, where, f"must be true or false, got {value!r}", value, actor)
    return bool(value)


def _list(value: Any, source: str, where: str, actor: str | None = None) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        _fail(source, where, f"must be a list, got {type(value).__name__}", value, actor)
    return list(value)


def _check_keys(
    item: Mapping[str, Any], allowed: frozenset[str], source: str, where: str, actor: str | None
) -> None:
    unknown = sorted(str(k) for k in item if k not in allowed)
    if unknown:
        _fail(
            source,
            f"{where}.{unknown[0]}",
            f"unknown key (expected one of {', '.join(sorted(allowed))})",
            unknown[0],
            actor,
        )


def _phrase(
    item: Any,
    kind: str,
    keys: frozenset[str],
    default_cs: bool,
    source: str,
    where: str,
    actor: str | None,
    default_dataset: bool = False,
) -> Phrase:
    if isinstance(item, str):
        text = _string(item, source, where, actor)
        return Phrase(_LEADING_THE.sub("", text) or text, default_cs, dataset=default_dataset)
    if not isinstance(item, Mapping):
        _fail(
            source,
            where,
            f"must be a string or a mapping with {kind!r}, got {item!r}",
            item,
            actor,
        )
    _check_keys(item, keys, source, where, actor)
    if kind not in item:
        _fail(source, where, f"mapping without {kind!r}", item, actor)
    text = _string(item[kind], source, f"{where}.{kind}", actor)
    cs = item.get("case_sensitive", default_cs)
    cs = _bool(cs, source, f"{where}.case_sensitive", actor)
    place = _bool(item.get("place", False), source, f"{where}.place", actor)
    excluded = frozenset(
        _key(_string(n, source, f"{where}.except_nouns[{j}]", actor))
        for j, n in enumerate(
            _list(item.get("except_nouns"), source, f"{where}.except_nouns", actor)
        )
    )
    suffix = _bool(item.get("suffix", False), source, f"{where}.suffix", actor)
    dataset = _bool(
        item.get("dataset", default_dataset or suffix), source, f"{where}.dataset", actor
    )
    if suffix and not dataset:
        _fail(source, f"{where}.dataset", "a suffix alias is for datasets only", False, actor)
    return Phrase(_LEADING_THE.sub("", text) or text, cs, place, excluded, dataset, suffix)


def _words_list(data: Mapping[str, Any], key: str, source: str) -> list[str]:
    return [
        _string(w, source, f"{key}[{i}]") for i, w in enumerate(_list(data.get(key), source, key))
    ]


def _parse_groups(value: Any, source: str) -> dict[str, ActorGroup] | None:
    """The ``groups:`` section, or ``None`` when the table has none."""
    if value is None:
        return None
    if not isinstance(value, Mapping):
        _fail(
            source,
            "groups",
            f"must be a mapping of group keys to {{label, colour}}, got {type(value).__name__}",
            value,
        )
    out: dict[str, ActorGroup] = {}
    for key, item in value.items():
        where = f"groups.{key}"
        if not isinstance(key, str) or not _GROUP_RE.fullmatch(key):
            _fail(
                source,
                where,
                f"a group key must be lower_snake_case (letters, digits, '_'), got {key!r}",
                key,
            )
        if not isinstance(item, Mapping):
            _fail(source, where, f"must be a mapping with 'label' and 'colour', got {item!r}", item)
        _check_keys(item, _GROUP_KEYS, source, where, None)
        if "label" not in item:
            _fail(source, f"{where}.label", "missing (the name legends show)", None)
        label = _string(item["label"], source, f"{where}.label")
        colour = item.get("colour")
        if "colour" in item:
            if not isinstance(colour, str) or not _COLOUR_RE.fullmatch(colour.strip()):
                _fail(
                    source,
                    f"{where}.colour",
                    f"must be a colour '#RRGGBB' in quotes (a bare # starts a YAML comment), "
                    f"got {colour!r}",
                    colour,
                )
            colour = colour.strip().upper()
        note = item.get("note") or ""
        if not isinstance(note, str):
            _fail(source, f"{where}.note", f"must be a string, got {note!r}", note)
        out[key] = ActorGroup(key, label, colour, note)
    return out


def _entry(item: Any, source: str, where: str, allowed: frozenset[str] | None) -> ActorEntry:
    """One entry under ``actors:``; ``allowed``: the groups it may use (None: any)."""
    if not isinstance(item, Mapping):
        _fail(
            source,
            where,
            f"must be a mapping with 'actor', 'group', 'aliases', got {item!r}",
            item,
        )
    actor = _string(item.get("actor"), source, f"{where}.actor", None)
    _check_keys(item, _ENTRY_KEYS, source, where, actor)
    if "group" not in item:
        _fail(source, f"{where}.group", "missing (a family key such as 'russia')", None, actor)
    group = _string(item["group"], source, f"{where}.group", actor)
    if not _GROUP_RE.fullmatch(group):
        _fail(
            source,
            f"{where}.group",
            f"must be lower_snake_case (letters, digits, '_'), got {group!r}",
            group,
            actor,
        )
    if allowed is not None and group not in allowed:
        _fail(
            source,
            f"{where}.group",
            f"unknown group {group!r}: list it under 'groups:' (listed: "
            f"{', '.join(sorted(allowed))})",
            group,
            actor,
        )
    cs = _bool(item.get("case_sensitive", False), source, f"{where}.case_sensitive", actor)
    dataset = _bool(item.get("dataset", False), source, f"{where}.dataset", actor)
    aliases = tuple(
        _phrase(a, "alias", _ALIAS_KEYS, cs, source, f"{where}.aliases[{j}]", actor, dataset)
        for j, a in enumerate(_list(item.get("aliases"), source, f"{where}.aliases", actor))
    )
    demonyms = tuple(
        _phrase(d, "demonym", _DEMONYM_KEYS, cs, source, f"{where}.demonyms[{j}]", actor)
        for j, d in enumerate(_list(item.get("demonyms"), source, f"{where}.demonyms", actor))
    )
    note = item.get("note") or ""
    if not isinstance(note, str):
        _fail(source, f"{where}.note", f"must be a string, got {note!r}", note, actor)
    return ActorEntry(actor, group, aliases, demonyms, note, dataset)


def _parse(data: Any, source: str, known: frozenset[str]) -> ActorTable:
    """The table of parsed YAML; ``known``: groups its entries may use besides its own."""
    if not isinstance(data, Mapping):
        raise ValidationError(
            f"{source}: an actor table must be a mapping with 'actors:', got {type(data).__name__}",
            value=data,
        )
    unknown = sorted(str(k) for k in data if k not in _TOP_KEYS)
    if unknown:
        _fail(
            source,
            unknown[0],
            f"unknown key (expected one of {', '.join(sorted(_TOP_KEYS))})",
            unknown[0],
        )
    version = data.get("version", 1)
    if version != 1:
        _fail(source, "version", f"unsupported version {version!r} (expected 1)", version)
    groups = _parse_groups(data.get("groups"), source)
    # With a groups: section, every group must be listed (there or in the extended table).
    allowed = None if groups is None else known | groups.keys()
    entries: list[ActorEntry] = []
    owners: dict[tuple[str, bool], str] = {}
    for i, item in enumerate(_list(data.get("actors"), source, "actors")):
        where = f"actors[{i}]"
        entry = _entry(item, source, where, allowed)
        actor = entry.actor
        if actor.casefold() in {e.actor.casefold() for e in entries}:
            _fail(source, f"{where}.actor", f"{actor!r} is listed twice", actor, actor)
        for j, p in enumerate(entry.aliases):
            other = owners.setdefault((p.key, p.case_sensitive), actor)
            if other != actor:
                _fail(
                    source,
                    f"{where}.aliases[{j}]",
                    f"alias {p.text!r} is also an alias of {other!r}",
                    p.text,
                    actor,
                )
        entries.append(
            replace(entry, aliases=_unique(entry.aliases), demonyms=_unique(entry.demonyms))
        )
    claimants: list[Phrase] = []
    for i, item in enumerate(_list(data.get("claimants"), source, "claimants")):
        where = f"claimants[{i}]"
        if isinstance(item, str):
            claimants.append(_phrase(item, "alias", _PHRASE_KEYS, False, source, where, None))
            continue
        if not isinstance(item, Mapping):
            _fail(source, where, f"must be a string or a mapping with 'name', got {item!r}", item)
        name = _string(item.get("name"), source, f"{where}.name")
        _check_keys(item, _CLAIMANT_KEYS, source, where, name)
        claimants.append(Phrase(name))
        claimants.extend(
            _phrase(a, "alias", _PHRASE_KEYS, False, source, f"{where}.aliases[{j}]", name)
            for j, a in enumerate(_list(item.get("aliases"), source, f"{where}.aliases", name))
        )
    ignore = [
        _phrase(p, "alias", _PHRASE_KEYS, False, source, f"ignore[{i}]", None)
        for i, p in enumerate(_list(data.get("ignore"), source, "ignore"))
    ]
    return ActorTable(
        entries,
        force_nouns=_words_list(data, "force_nouns", source),
        action_nouns=_words_list(data, "action_nouns", source),
        modifiers=_words_list(data, "modifiers", source),
        claimants=_unique(claimants),
        ignore=_unique(ignore),
        group_info=(groups or {}).values(),
        source=source,
    )
