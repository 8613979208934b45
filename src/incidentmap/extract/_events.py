"""Violent events stated in a sentence: the trigger words, and who did it to whom.

Each sentence is searched for trigger words ("bombed", "air strikes", "shelled", "killed",
"munitions impacted"...). A trigger read as a verb takes its attacker from the subject before it
("Russian warplanes bombed ...") and its target from the object after it ("... bombed US-backed
fighters"); a passive verb the other way round ("fighters were attacked by ..."); a noun from the
words around it ("Russian strikes on Syrian troops", "attacks by the US", "its airstrikes").
Triggers that state no event are skipped: infinitives ("a request to strike"), modals and
negations ("would not intentionally strike"), conditions ("if it hit Syrian troops").

>>> from incidentmap.extract._actors import ActorTable
>>> text = "Turkish jets struck YPG positions near Tal Rifaat on Monday, the ministry said."
>>> [(e.trigger, e.type, e.attacker.actor, e.target.actor, e.target_text)
...  for e in find_events(text, ActorTable.default().find(text))]
[('struck', 'airstrike', 'Turkey', 'Kurdish forces', 'YPG positions')]
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from incidentmap.extract._sentences import sentences
from incidentmap.extract._types import ActorMention, EventMention

__all__ = ["EVENT_TYPES", "find_events"]

#: The event types :func:`find_events` gives.
EVENT_TYPES: tuple[str, ...] = ("airstrike", "shelling", "attack", "ground_clash")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Trigger words: (type, reading). Type "" is decided by the sentence (air words: an airstrike);
# "strike" is an airstrike unless the sentence speaks of artillery. Readings: "n" noun, "v" past
# verb or participle, "a" noun or verb, "g" -ing form.
_LEXICON: dict[str, tuple[str, str]] = {
    **dict.fromkeys(
        (
            "airstrike",
            "airstrikes",
            "air strike",
            "air strikes",
            "air raid",
            "air raids",
            "air attack",
            "air attacks",
            "aerial attack",
            "aerial attacks",
            "aerial bombardment",
            "aerial bombardments",
            "missile strike",
            "missile strikes",
            "drone strike",
            "drone strikes",
        ),
        ("airstrike", "n"),
    ),
    "strike": ("strike", "a"),
    "strikes": ("strike", "a"),
    "struck": ("strike", "v"),
    "striking": ("strike", "g"),
    "bombed": ("airstrike", "v"),
    "bomb": ("airstrike", "a"),
    "bombs": ("airstrike", "a"),
    "bombing": ("airstrike", "g"),
    "bombings": ("airstrike", "n"),
    "bombardment": ("", "n"),
    "bombardments": ("", "n"),
    "bombarded": ("", "v"),
    "shelled": ("shelling", "v"),
    "shelling": ("shelling", "g"),
    "artillery fire": ("shelling", "n"),
    "mortar fire": ("shelling", "n"),
    "rocket fire": ("shelling", "n"),
    "barrage": ("shelling", "n"),
    "attack": ("", "a"),
    "attacks": ("", "a"),
    "attacked": ("", "v"),
    "attacking": ("", "g"),
    "hit": ("", "a"),
    "hits": ("", "a"),
    "hitting": ("", "g"),
    "targeted": ("", "v"),
    "targeting": ("", "g"),
    "targetting": ("", "g"),
    "killed": ("", "v"),
    "killing": ("", "g"),
    "kill": ("", "a"),
    "kills": ("", "a"),
    "raid": ("", "a"),
    "raids": ("", "a"),
    "raided": ("", "v"),
    "pounded": ("", "v"),
    "pounding": ("", "g"),
    "opened fire": ("", "v"),
    "assault": ("", "a"),
    "assaults": ("", "a"),
    "assaulted": ("", "v"),
    "clash": ("ground_clash", "a"),
    "clashes": ("ground_clash", "n"),
    "clashed": ("ground_clash", "v"),
    "firefight": ("ground_clash", "n"),
    "firefights": ("ground_clash", "n"),
    "gun battle": ("ground_clash", "n"),
    "gun battles": ("ground_clash", "n"),
    "ambush": ("ground_clash", "a"),
    "ambushed": ("ground_clash", "v"),
    "heavy fighting": ("ground_clash", "n"),
    "fierce fighting": ("ground_clash", "n"),
    "intense fighting": ("ground_clash", "n"),
    "renewed fighting": ("ground_clash", "n"),
}
_MUNITION_VERBS = ("impacted", "landed", "exploded", "fell")
_MUNITION_TYPES = {
    "munition": "airstrike",
    "munitions": "airstrike",
    "bomb": "airstrike",
    "bombs": "airstrike",
    "missile": "airstrike",
    "missiles": "airstrike",
    "shell": "shelling",
    "shells": "shelling",
    "mortar": "shelling",
    "mortars": "shelling",
    "rocket": "shelling",
    "rockets": "shelling",
    "round": "shelling",
    "rounds": "shelling",
}


def _trigger_pattern() -> re.Pattern[str]:
    """One trie-shaped pattern of every trigger phrase (fast: a position fails at one letter)."""
    phrases = [*_LEXICON, *(f"{m} {v}" for m in _MUNITION_TYPES for v in _MUNITION_VERBS)]
    trie: dict[str, Any] = {}
    for phrase in phrases:
        node = trie
        for ch in phrase:
            atom = r"[\s\-]+" if ch == " " else f"[{ch}{ch.upper()}]" if ch.isalpha() else ch
            node = node.setdefault(atom, {})
        node[""] = {}
    return re.compile(rf"\b{_trie(trie)}\b")


def _trie(node: dict[str, Any]) -> str:
    alts = [atom + _trie(child) for atom, child in sorted(node.items()) if atom]
    if not alts:
        return ""
    body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
    return f"(?:{body})?" if "" in node else body


_TRIGGER = _trigger_pattern()
_TOKEN = re.compile(r"n['’]t\b|\w+?(?=n['’]t\b)|\w+|[^\w\s]")
_AIR = re.compile(
    r"\b(?:air|aerial|airstrikes?|airpower|warplanes?|war\s+planes|jets?|aircraft|planes?|"
    r"(?<!suicide )bombers?|helicopters?|drones?|aerospace|bomb(?:s|ed|ing)?|sorties?|pilots?)\b",
    re.IGNORECASE,
)
_SHELL = re.compile(
    r"\b(?:shell(?:s|ed|ing)?|artillery|mortars?|rockets?|howitzers?|tanks?|barrages?)\b",
    re.IGNORECASE,
)
_CLASH = re.compile(r"\b(?:clash(?:es|ed)?|firefights?|gun\s+battles?|ambush(?:ed)?)\b", re.I)
_SPECIFIC = {"airstrike": 3, "shelling": 3, "ground_clash": 3, "attack": 1}
_TARGET_TAIL = re.compile(
    r"(?:\s+(?:positions?|targets?|bases?|convoys?|outposts?|posts?|checkpoints?|headquarters|"
    r"vehicles|units?|fighters|militants|troops|soldiers|members|forces))+",
    re.IGNORECASE,
)

_DETS = _words(
    """the a an this that these those some any several many few all both each every another
    other such our your his her"""
)
_POSSESSIVE_PRONOUNS = _words("its their")
_SUBJECT_PRONOUNS = _words("it they")
_NUMBER_WORDS = _words(
    """one two three four five six seven eight nine ten eleven twelve dozen dozens hundreds
    scores least most estimated about nearly almost around"""
)
_NOUN_ADJ = _words(
    """continued latest recent repeated first second third initial deadly heavy intense fresh
    new alleged reported suspected apparent mistaken accidental unintentional deliberate
    precision pinpoint retaliatory punitive overnight renewed massive fierce multiple separate
    further more subsequent earlier last air aerial missile drone artillery rocket mortar barrel
    suicide car joint coordinated cross border - ' ’ s so called series wave waves round rounds
    number string spate campaign of"""
)
_ADVERBS = _words(
    """also then still already again just now later earlier soon reportedly allegedly
    apparently repeatedly mistakenly accidentally deliberately intentionally
    knowingly likely"""
)
_NOT_ADVERBS = _words("only early daily family italy reply apply supply rely ally july fly")
_AUX_PASSIVE = _words("was were been being be is are get got gets getting")
_AUX = _words("has have had was were is are be been being do does did will would")
_LIGHT_VERBS = _words(
    """conducted conduct conducts conducting launched launch launches launching ceased cease
    halted halt halts stopped stop stops continued continue continues resumed resume began
    begin staged stage stages mounted mount inflict inflicts inflicted inflicting admitted
    admits admit acknowledged acknowledges unleashed intensified escalated executed delivered
    made make makes"""
)
_PARTICLE_VERBS = {"out": _words("carried carry carries carrying"), "up": _words("stepped step")}
_CUES = _words(
    """not n't never no would could should might may will shall must can cannot ca wo if
    unless whether rather instead avoid avoided avoiding prevent prevented preventing possible
    possibility potential upcoming planned plan plans planning future threat threatened
    threatening threatens request requested refused deny denied denies"""
)
_CASED_CUES = _words("may will can must")
_CHAIN_VERBS = _words("stop halt cease avoid prevent resume continue begin start keep")
_CONDITIONS = _words("if unless whether")
_TO_NOT_INFINITIVE = _words("according due close next prior owing thanks")
_BOUNDARIES = _words(
    """when where while after before because although though unless until since whereas once
    ; : ( ) " “ ” but"""
)
_RELATIVIZERS = _words("that which who")
_PREPOSITIONS = _words(
    """on against to by from with of for at near over than about into toward towards among
    between inside in within across behind under around outside beside alongside including
    like besides via per despite without according"""
)
_OBJECT_PREPOSITIONS = _words("on at against")
_OF_TRANSPARENT = _words(
    """members member some dozens hundreds scores several many most few number positions
    position convoy base bases headquarters units unit group groups team elements fighters
    troops remnants"""
)
_SPEAKER_NOUNS = _words(
    """officials official spokesman spokeswoman spokesperson sources source statement command
    commander commanders media ministry officers envoy ambassador chief leaders leader
    president minister secretary monitor ' ’ s has have had also earlier later previously
    initially again"""
)
_REPORT_VERBS = _words(
    """said says say told tells tell reported reports claimed claims announced announces stated
    states added adds confirmed confirms denied denies insisted insists alleged alleges noted
    notes warned warns quoted accused accuses believed believes thinks thought"""
)
_CLAUSE_STOPS = _BOUNDARIES | _words(", which who said says told")
_TARGET_HEADS = _words(
    """targets target forces force fighters troops soldiers servicemen civilians militants rebels
    positions position convoy convoys base bases outpost outposts checkpoint checkpoints headquarters
    advisers advisors personnel units unit militiamen vehicles"""
)
_ADJ_MENTION_END = re.compile(
    r"(?:ian|ish|ese|i|an|led|backed|coalition|regime|government|[A-Z]{2,}|U\.S\.)$"
)


@dataclass(slots=True)
class _Trigger:
    start: int
    end: int
    a: int  # first token
    b: int  # one past the last token
    base: str
    reading: str  # "noun", "verb", "passive"
    skip: bool = False
    attacker: int = -1  # mention index
    target: int = -1
    target_text: str = ""


class _Sentence:
    """Tokens of one sentence with the actor mentions and triggers laid over them."""

    def __init__(self, text: str, span: tuple[int, int], mentions: Sequence[ActorMention]) -> None:
        self.text = text
        self.span = span
        toks = list(_TOKEN.finditer(text, span[0], span[1]))
        self.starts = [m.start() for m in toks]
        self.ends = [m.end() for m in toks]
        self.raw = [m.group(0) for m in toks]
        self.low = [w.lower() for w in self.raw]
        self.n = len(toks)
        self.mentions = list(mentions)
        self.m_first: list[int] = []
        self.m_last: list[int] = []  # one past the last token
        self.tok_mention = [-1] * self.n
        for i, m in enumerate(self.mentions):
            a = bisect_left(self.starts, m.start)
            b = max(a + 1, bisect_left(self.starts, m.end))
            self.m_first.append(a)
            self.m_last.append(b)
            for k in range(a, min(b, self.n)):
                self.tok_mention[k] = i
        self.tok_trigger = [-1] * self.n
        self.triggers: list[_Trigger] = []
        self.used_targets: set[int] = set()

    # ---------------------------------------------------------------- small helpers
    def word(self, k: int) -> str:
        return self.low[k] if 0 <= k < self.n else ""

    def mention_of(self, k: int) -> int:
        """The mention that token ``k`` belongs to, or -1."""
        return self.tok_mention[k] if 0 <= k < self.n else -1

    def is_adverb(self, k: int) -> bool:
        w = self.word(k)
        return w in _ADVERBS or (len(w) > 4 and w.endswith("ly") and w not in _NOT_ADVERBS)

    def prev_content(self, k: int) -> int:
        """Index of the token before ``k``, skipping adverbs and "not"/"never"."""
        j = k - 1
        while j >= 0 and (self.is_adverb(j) or self.low[j] in ("not", "never", "n't")):
            j -= 1
        return j

    def skip_back(self, k: int, words: frozenset[str]) -> int:
        """Index of the first token before ``k`` not in ``words`` (numbers count as words)."""
        j = k - 1
        while j >= 0 and (self.low[j] in words or self.low[j][:1].isdigit() or self.low[j] == ","):
            if self.low[j] == "," and not (j > 0 and self.low[j - 1][:1].isdigit()):
                break
            j -= 1
        return j

    def skip_forward(self, k: int, words: frozenset[str]) -> int:
        j = k
        while j < self.n and (self.low[j] in words or self.low[j][:1].isdigit()):
            j += 1
        return j

    def blocked(self, mi: int, allowed: frozenset[str] = frozenset()) -> bool:
        """Whether a mention is inside a prepositional phrase ("near US forces", "by X")."""
        j = self.skip_back(self.m_first[mi], _DETS | _NUMBER_WORDS | _words("so called -"))
        w = self.word(j)
        if w in ("least", "most") and self.word(j - 1) == "at":
            j = self.skip_back(j - 1, _DETS | _NUMBER_WORDS)
            w = self.word(j)
        if w == "of" and self.word(j - 1) in _OF_TRANSPARENT:
            return False
        return w in _PREPOSITIONS and w not in allowed

    def speaker(self, mi: int) -> bool:
        """Whether a mention is who says something ("the Russian army says ...")."""
        k = self.m_last[mi]
        steps = 0
        while k < self.n and self.low[k] in _SPEAKER_NOUNS and steps < 4:
            k += 1
            steps += 1
        return self.word(k) in _REPORT_VERBS

    def first_conjunct(self, mi: int) -> int:
        """The first of coordinated mentions ("Russia and Syria bombed"): the one written first."""
        while mi > 0:
            j = self.m_first[mi] - 1
            if self.word(j) not in ("and", "or", ",", "&") or self.mention_of(j - 1) != mi - 1:
                break
            if self.word(j) == ",":  # a list ("Russian, Syrian and Iranian"), not an apposition
                after = self.m_last[mi]
                if self.word(after) not in ("and", "or", ",") or self.mention_of(after + 1) < 0:
                    break
            mi -= 1
        return mi

    def mention_before(self, k: int) -> int:
        """The nearest mention before token ``k`` (a pronoun's antecedent), or -1."""
        fallback = -1
        j = k - 1
        while j >= 0:
            mi = self.tok_mention[j]
            if mi >= 0:
                if mi not in self.used_targets and not self.blocked(mi):
                    return self.first_conjunct(mi)
                fallback = mi if fallback < 0 else fallback
                j = self.m_first[mi]
            j -= 1
        return fallback

    # ---------------------------------------------------------------- roles
    def agent_before(self, h: int, current: int) -> tuple[int, bool]:
        """The subject before token ``h``: (mention index or -1, whether it is hypothetical)."""
        k = h - 1
        steps = 0
        while k >= 0 and steps < 24:
            mi = self.tok_mention[k]
            if mi >= 0:
                if mi in self.used_targets or self.blocked(mi) or self.speaker(mi):
                    k = self.m_first[mi] - 1
                    steps += 1
                    continue
                return self.first_conjunct(mi), False
            ti = self.tok_trigger[k]
            if ti >= 0 and ti != current and self.triggers[ti].reading == "noun":
                t = self.triggers[ti]
                return t.attacker, t.skip
            w = self.low[k]
            if w in _SUBJECT_PRONOUNS or w in _POSSESSIVE_PRONOUNS:
                if (
                    w == "it"
                    and self.word(k + 1) in ("was", "is")
                    and self.word(k + 2)
                    in (
                        "possible",
                        "likely",
                        "unclear",
                        "clear",
                        "difficult",
                        "not",
                    )
                ):
                    return -1, False
                return self.mention_before(k), False
            if w in _RELATIVIZERS:
                for j in range(k - 1, max(-1, k - 5), -1):
                    tj = self.tok_trigger[j]
                    if tj >= 0 and self.triggers[tj].reading == "noun":
                        return self.triggers[tj].attacker, self.triggers[tj].skip
                    mj = self.tok_mention[j]
                    if mj >= 0:
                        return (
                            (self.first_conjunct(mj), False)
                            if not self.blocked(mj)
                            else (-1, False)
                        )
                return -1, False
            if w in _BOUNDARIES:
                return -1, False
            k -= 1
            steps += 1
        return -1, False

    def subject_before(self, h: int) -> int:
        """The subject of a passive verb at ``h`` ("fighters ... were attacked"), or -1."""
        k = h - 1
        steps = 0
        while k >= 0 and steps < 10:
            mi = self.tok_mention[k]
            if mi >= 0:
                if self.blocked(mi):
                    k = self.m_first[mi] - 1
                    steps += 1
                    continue
                return self.first_conjunct(mi)
            w = self.low[k]
            if w in _SUBJECT_PRONOUNS:
                return self.mention_before(k)
            if w in _RELATIVIZERS:
                for j in range(k - 1, max(-1, k - 4), -1):
                    if self.tok_mention[j] >= 0:
                        return self.tok_mention[j]
                return -1
            if w == ",":
                opening = self.relative_clause_start(k)
                if opening >= 0:  # "The SDF, which the US supports, was attacked"
                    k = opening - 1
                    continue
            if w in _CLAUSE_STOPS or w in _REPORT_VERBS or self.tok_trigger[k] >= 0:
                return -1
            k -= 1
            steps += 1
        return -1

    def relative_clause_start(self, comma: int) -> int:
        """The opening comma of ", which/who ... ," that ends at ``comma``, or -1."""
        for j in range(comma - 1, max(0, comma - 14), -1):
            if self.low[j] == ",":
                return j if self.word(j + 1) in ("which", "who", "whose") else -1
        return -1

    def object_after(self, k: int, allowed: frozenset[str]) -> int:
        """The first mention after token ``k`` that is the verb's object, or -1."""
        steps = 0
        while k < self.n and steps < 14:
            mi = self.tok_mention[k]
            if mi >= 0:
                if not self.blocked(mi, allowed) and not self.speaker(mi):
                    return mi
                k = self.m_last[mi]
                steps += 1
                continue
            w = self.low[k]
            ti = self.tok_trigger[k]
            if w in _CLAUSE_STOPS or w in _REPORT_VERBS:
                return -1
            if ti >= 0 and self.triggers[ti].reading != "noun":
                return -1
            k += 1
            steps += 1
        return -1

    def mention_at(self, k: int, words: frozenset[str]) -> int:
        """The mention starting at token ``k`` after determiners/adjectives, or -1."""
        j = self.skip_forward(k, words)
        mi = self.tok_mention[j] if j < self.n else -1
        return mi if mi >= 0 and self.m_first[mi] == j else -1

    def hypothetical(self, h: int, window: int = 5) -> bool:
        """Whether the verb or noun at ``h`` states no event: "to strike", "would not strike"."""
        j = self.prev_content(h)
        if self.word(j) in _CHAIN_VERBS:  # "to stop targeting", "would avoid hitting"
            j = self.prev_content(j)
        if self.word(j) == "to" and self.word(j - 1) not in _TO_NOT_INFINITIVE:
            return True
        k = h - 1
        seen = 0
        while k >= 0 and seen < 10:
            w = self.low[k]
            if w in _BOUNDARIES or w == ",":
                break
            if w in _CONDITIONS:
                return True
            if seen < window and w in _CUES:
                cased = w in _CASED_CUES and self.raw[k] != w and k > 0
                if not cased:
                    return True
            k -= 1
            seen += 1
        return False


def find_events(
    text: str,
    actors: list[ActorMention],
    spans: Iterable[tuple[int, int]] | None = None,
    *,
    sentence_spans: Sequence[tuple[int, int]] | None = None,
) -> list[EventMention]:
    """Violent events stated in ``text`` (only inside ``spans`` when given), in text order.

    Parameters
    ----------
    text
        The article text.
    actors
        Actor mentions of ``text`` (from :meth:`ActorTable.find`); attackers and targets are
        chosen among them.
    spans
        The ``(start, end)`` spans that are article text; default: all of ``text``.

    Returns
    -------
    list of EventMention
        One per trigger that states an event; ``start``/``end`` index the trigger,
        ``sentence`` its sentence. ``attacker``/``target`` are ``None`` when the sentence does
        not say; ``target_text`` is the target's words as written (also for a target that is not
        an actor of the table: "friendly forces"). Triggers in a hypothetical, negated,
        modal or infinitive use ("would not strike", "a request to strike") give no event. In a
        sentence with several triggers for one event ("Russia hit US-backed forces in a series
        of airstrikes"), only the one with the most roles is kept.
    """
    mentions = sorted(actors, key=lambda m: (m.start, m.end))
    starts = [m.start for m in mentions]
    areas = list(spans) if spans is not None else [(0, len(text))]
    triggers = [m for lo, hi in areas for m in _TRIGGER.finditer(text, lo, hi)]
    if not triggers:
        return []
    t_starts = [m.start() for m in triggers]
    out: list[EventMention] = []
    for s0, s1 in sentence_spans if sentence_spans is not None else sentences(text, areas):
        j0, j1 = bisect_left(t_starts, s0), bisect_left(t_starts, s1)
        found = [m for m in triggers[j0:j1] if m.end() <= s1]
        if not found:
            continue
        i0, i1 = bisect_left(starts, s0), bisect_left(starts, s1)
        inside = [m for m in mentions[i0:i1] if m.end <= s1]
        out.extend(_sentence_events(text, (s0, s1), found, inside))
    return out


def _sentence_events(
    text: str,
    span: tuple[int, int],
    found: Sequence[re.Match[str]],
    mentions: Sequence[ActorMention],
) -> list[EventMention]:
    s = _Sentence(text, span, mentions)
    for m in found:
        a = bisect_left(s.starts, m.start())
        b = max(a + 1, bisect_left(s.starts, m.end()))
        if any(s.tok_mention[k] >= 0 for k in range(a, min(b, s.n))):
            continue  # a force noun inside an actor mention ("Russian attack helicopters")
        key = " ".join(re.split(r"[\s\-]+", m.group(0).lower()))
        if key in _LEXICON:
            base, kind = _LEXICON[key]
            reading = _reading(s, a, b, kind)
        else:  # "munitions impacted"
            base, reading = _MUNITION_TYPES[key.split()[0]], "verb"
        t = _Trigger(m.start(), m.end(), a, b, base, reading)
        for k in range(a, min(b, s.n)):
            s.tok_trigger[k] = len(s.triggers)
        s.triggers.append(t)
    for i, t in enumerate(s.triggers):
        _roles(s, i, t)
    events = [_event(s, t) for t in s.triggers if not t.skip]
    return _tidy(events)


def _reading(s: _Sentence, a: int, b: int, kind: str) -> str:
    """How a trigger is used: "noun", "verb" (active) or "passive"."""
    j = s.prev_content(a)
    prev = s.word(j)
    if kind == "n":
        return "noun"
    if kind == "v":
        if prev in _AUX_PASSIVE or s.word(b) == "by":
            return "passive"
        if prev in _DETS and prev not in _RELATIVIZERS:
            return "noun"  # "the targeted personnel": an adjective
        return "verb"
    word = s.low[a]
    mi = s.tok_mention[j] if j >= 0 else -1
    if prev in _RELATIVIZERS:  # "the strikes that hit ...", but "that strike was ..."
        nxt = s.tok_mention[b] if b < s.n else -1
        return "verb" if nxt >= 0 or s.word(b) in _DETS or s.word(b)[:1].isdigit() else "noun"
    if prev in _DETS or prev in _POSSESSIVE_PRONOUNS or prev in _NUMBER_WORDS:
        return "noun"
    if prev in _NOUN_ADJ and prev not in ("of", "-", "so", "called"):
        return "noun"
    if prev[:1].isdigit():
        return "noun"
    if prev == "to" or prev in _CUES or prev in _AUX:
        if word == "hit" and prev in _AUX_PASSIVE:
            return "passive"
        return "verb"
    if kind == "g":
        return "noun" if s.word(b) in ("on", "of", "by", "in", "that", "was", "were") else "verb"
    if mi >= 0:
        noun = _ADJ_MENTION_END.search(s.mentions[mi].text) is not None
        return "noun" if noun and word not in ("hit", "kill") else "verb"
    if prev in _SUBJECT_PRONOUNS or prev in ("we", "he", "she", "i"):
        return "verb"
    nxt = s.tok_mention[b] if b < s.n else -1
    if word in ("hit", "kill", "hits", "kills"):
        return "verb"
    if nxt >= 0 or s.word(b) in _DETS:
        return "verb"
    return "noun"


def _roles(s: _Sentence, i: int, t: _Trigger) -> None:
    """Decide whether the trigger states an event, and find its attacker and target."""
    if t.reading == "noun":
        _noun_roles(s, i, t)
    elif t.reading == "passive":
        if s.hypothetical(t.a):
            t.skip = True
            return
        t.target = s.subject_before(_aux_before(s, t.a))
        t.attacker = _passive_agent(s, t.b)
        if t.target < 0:
            t.target_text = _phrase_before(s, _aux_before(s, t.a))
    else:
        if s.hypothetical(t.a):
            t.skip = True
            return
        t.attacker, inherited_skip = s.agent_before(t.a, i)
        if inherited_skip:
            t.skip = True
            return
        allowed = _OBJECT_PREPOSITIONS | (
            _words("with") if t.base == "ground_clash" else frozenset()
        )
        t.target = s.object_after(t.b, allowed)
        if t.target < 0:
            t.target_text = _phrase_after(s, t.b)
    if t.target >= 0:
        if t.target == t.attacker:
            t.target = -1
        else:
            s.used_targets.add(t.target)


def _noun_roles(s: _Sentence, i: int, t: _Trigger) -> None:
    # Who: "Russian strikes", "Russia's continued strikes", "its airstrikes", "carried out an
    # attack", "attacks by the US".
    j = s.skip_back(t.a, _DETS | _NOUN_ADJ | _NUMBER_WORDS)
    head = t.a
    mi = s.tok_mention[j] if j >= 0 else -1
    w = s.word(j)
    if mi >= 0 and s.m_last[mi] == j + 1:
        t.attacker = s.first_conjunct(mi)
    elif w in _POSSESSIVE_PRONOUNS:
        t.attacker = s.mention_before(j)
    elif w == "under" and s.word(j - 1) in _words("came come comes coming"):
        # "X came under attack from Y": Y attacked X.
        if s.hypothetical(j - 1):
            t.skip = True
            return
        t.target = s.subject_before(_aux_before(s, j - 1))
        if s.word(t.b) in ("from", "by"):
            t.attacker = s.mention_at(t.b + 1, _DETS | _NUMBER_WORDS)
        if t.target >= 0 and t.target != t.attacker:
            s.used_targets.add(t.target)
        return
    else:
        verb = j
        if w in _PARTICLE_VERBS and s.word(j - 1) in _PARTICLE_VERBS[w]:
            verb = j - 1
        if s.word(verb) in _LIGHT_VERBS or verb != j:
            head = verb
            if s.hypothetical(verb):
                t.skip = True
                return
            t.attacker, inherited_skip = s.agent_before(verb, i)
            if inherited_skip:
                t.skip = True
                return
    if head == t.a and s.hypothetical(t.a, window=6):
        t.skip = True
        return
    k = t.b
    if s.word(k) == "by":
        agent = s.mention_at(k + 1, _DETS | _NUMBER_WORDS)
        if agent >= 0:
            t.attacker = agent if t.attacker < 0 else t.attacker
            k = s.m_last[agent]
    # Whom: "strikes on Syrian troops", "clashes with the YPG", "SDF fighters wounded in the
    # airstrike", "clashes between X and Y".
    if t.base == "ground_clash" and s.word(k) == "with":
        t.target = s.mention_at(k + 1, _DETS | _NUMBER_WORDS)
    elif t.base == "ground_clash" and s.word(k) == "between":
        first = s.mention_at(k + 1, _DETS)
        if first >= 0:
            t.attacker = first
            t.target = (
                s.mention_at(s.m_last[first] + 1, _DETS) if s.word(s.m_last[first]) == "and" else -1
            )
    if t.target < 0:
        # "strikes on Syrian troops", "14 strikes near Raqqa against ISIS"
        for j in range(k, min(s.n, k + 8)):
            w = s.low[j]
            if w in _CLAUSE_STOPS or w in _REPORT_VERBS or w in _AUX or s.tok_trigger[j] >= 0:
                break
            if w in ("on", "against", "targeting", "at"):
                t.target = s.mention_at(j + 1, _DETS | _NUMBER_WORDS | _words("so called -"))
                if t.target >= 0:
                    break
    if t.target < 0:
        j = s.skip_back(t.a, _DETS | _NOUN_ADJ | _NUMBER_WORDS)
        if s.word(j) in ("in", "by", "during") and s.word(j - 1) in _words(
            "killed wounded injured hurt hit struck targeted"
        ):
            t.target = s.subject_before(_aux_before(s, j - 1))
    if t.target >= 0:
        if t.target == t.attacker:
            t.target = -1
        else:
            s.used_targets.add(t.target)


def _aux_before(s: _Sentence, k: int) -> int:
    """The first token of the verb group ending at ``k`` ("were", "have been" before "attacked")."""
    j = k
    while j > 0 and (s.low[j - 1] in _AUX or s.is_adverb(j - 1) or s.low[j - 1] == "not"):
        j -= 1
    return j


def _passive_agent(s: _Sentence, k: int) -> int:
    """The agent after a passive verb: "by X", "in X strikes"."""
    while k < s.n and s.is_adverb(k):
        k += 1
    w = s.word(k)
    if w == "by":
        return s.mention_at(k + 1, _DETS | _NUMBER_WORDS)
    if w in ("in", "during"):
        mi = s.mention_at(k + 1, _DETS | _NUMBER_WORDS | _NOUN_ADJ)
        if mi >= 0:
            nxt = s.skip_forward(s.m_last[mi], _NOUN_ADJ)
            ti = s.tok_trigger[nxt] if nxt < s.n else -1
            if ti >= 0:
                return mi
    return -1


def _phrase_after(s: _Sentence, k: int) -> str:
    """Words of a verb's object when it is not an actor ("attacked friendly forces")."""
    j = k
    while j < s.n and j - k < 6 and s.low[j] not in _PREPOSITIONS and s.low[j][:1].isalnum():
        if s.low[j] in _TARGET_HEADS:
            return s.text[s.starts[k] : s.ends[j]]
        j += 1
    return ""


def _phrase_before(s: _Sentence, k: int) -> str:
    """Words of a passive verb's subject when it is not an actor ("three soldiers")."""
    j = k - 1
    if j < 0 or s.low[j] not in _TARGET_HEADS:
        return ""
    i = j
    while i > 0 and j - i < 4 and s.low[i - 1][:1].isalnum():
        w = s.low[i - 1]
        if w in _PREPOSITIONS or w in _BOUNDARIES or w in _REPORT_VERBS or w in _RELATIVIZERS:
            break
        i -= 1
    return s.text[s.starts[i] : s.ends[j]]


def _event(s: _Sentence, t: _Trigger) -> EventMention:
    attacker = s.mentions[t.attacker] if t.attacker >= 0 else None
    target = s.mentions[t.target] if t.target >= 0 else None
    target_text = t.target_text
    if target is not None:
        tail = _TARGET_TAIL.match(s.text, target.end, s.span[1])
        target_text = s.text[target.start : tail.end() if tail else target.end]
    return EventMention(
        start=t.start,
        end=t.end,
        trigger=s.text[t.start : t.end],
        type=_event_type(s, t, attacker),
        attacker=attacker,
        target=target,
        target_text=target_text,
        sentence=s.span,
    )


def _event_type(s: _Sentence, t: _Trigger, attacker: ActorMention | None) -> str:
    sentence = s.text[s.span[0] : s.span[1]]
    air = _AIR.search(sentence) is not None or (
        attacker is not None and _AIR.search(attacker.text) is not None
    )
    shell = _SHELL.search(sentence) is not None
    if t.base in ("airstrike", "shelling", "ground_clash"):
        return t.base
    if t.base == "strike":
        return "shelling" if shell and not air else "airstrike"
    if air:
        return "airstrike"
    if shell:
        return "shelling"
    if _CLASH.search(sentence):
        return "ground_clash"
    return "attack"


def _tidy(events: list[EventMention]) -> list[EventMention]:
    """One event per who-did-what-to-whom of a sentence: drop triggers that add no role."""
    if len(events) < 2:
        return events
    keep: list[EventMention] = []
    for e in events:
        better = [
            f
            for f in events
            if f is not e
            and _more_roles(f, e)
            and (
                e.attacker is None
                or (f.attacker is not None and f.attacker.group == e.attacker.group)
            )
            and (e.target is None or (f.target is not None and f.target.actor == e.target.actor))
        ]
        if not better:
            keep.append(e)
    out: list[EventMention] = []
    seen: dict[tuple[str, str], int] = {}
    for e in keep:
        key = (
            e.attacker.actor if e.attacker else "",
            e.target.actor if e.target else e.target_text,
        )
        if key in seen and (e.attacker or e.target):
            n = seen[key]
            if _SPECIFIC[e.type] > _SPECIFIC[out[n].type]:
                out[n] = replace(out[n], type=e.type)
            continue
        seen[key] = len(out)
        out.append(e)
    # A kept event takes the more specific type of a dropped trigger ("hit ... in airstrikes").
    dropped = [e for e in events if all(e is not k for k in keep)]
    if not dropped:
        return out
    specific = max((e.type for e in dropped), key=lambda t: _SPECIFIC[t])
    return [
        replace(e, type=specific) if e.type == "attack" and _SPECIFIC[specific] > 1 else e
        for e in out
    ]


def _more_roles(f: EventMention, e: EventMention) -> bool:
    def roles(x: EventMention) -> int:
        return (x.attacker is not None) + (x.target is not None or bool(x.target_text))

    return roles(f) > roles(e)
