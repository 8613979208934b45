"""Casualty figures in article text, each with the party that suffered it and who claims it.

A figure is never merged with another: when the Russian military says 62 were killed and a
monitoring group says 83, both claims are returned, each with its own ``claimed_by``.

Forms read (case does not matter, so headlines such as "Killed 60 Syrian Soldiers" count):

* figure first: "62 killed", "83 dead", "three soldiers were killed", "120 soldiers were
  wounded", "five people died", "left 12 dead", "dozens wounded", "some casualties",
  "a small number of Syrian rebels were killed", "17 people, including four children, were
  killed", "three of them were killed", "no casualties", "no one was hurt";
* verb first: "killed at least 62 Syrian troops", "killing five and wounding 12 others",
  "claimed the lives of 30 civilians", "killed and wounded dozens" (outcome casualties);
* tolls: "put the death toll at 83", "the death toll rose to 90", "a death toll of 83";
* ranges: "between 10 and 15 killed", "10-15 killed" (``count``/``count_max``).

Decisions:

* ``hedge`` is normalised: "at least" (also "no fewer than"), "more than" ("over",
  "upwards of", a toll that "topped"/"exceeded" N), "up to" ("as many as", "at most"),
  "about" ("around", "some", "an estimated", "roughly", "approximately"), "nearly"
  ("almost", "close to"), "fewer than" ("less than", "under"). The words as written stay
  in ``text``.
* Vague counts keep ``count=None`` and the words in ``count_text`` ("some", "a small
  number", "dozens", "scores", "several", "a few", "many", "heavy"). "A dozen" and
  "a couple of" are read as 12 and 2 with hedge "about". "No"/"no one"/"nobody" give 0.
* ``text`` is the words of the claim: the figure, the party and the outcome words for the
  figure-first form ("62 Syrian soldiers were killed"); for the verb-first form the verb is
  left out ("at least 62 Syrian troops"); for tolls, from "death toll" to the figure.
* Cumulative tolls of a whole war ("the conflict that has killed an estimated 400,000
  people since 2011") are *not* claims about an incident and are dropped: a figure right
  followed by "since ..." or whose killer is the war/conflict itself is skipped.
* Numbers that are no count are skipped: decimals, years after "in"/"since", numbers after
  a month name ("September 17 ..."), numbers followed by a unit ("5 km", "24 hours" do not
  reach an outcome word anyway). In "5 gunmen killed a policeman" the 5 are the killers:
  the claim is the policeman (1 killed); "a"/"an" count as 1 only before a party word.
* ``claimed_by`` is who states the figure in the same sentence (never taken from another
  sentence: "he said" gives ``""``): the subject of a reporting verb before the figure
  ("X said/says/told/reported/claimed/admitted/accused/estimated", "X put the death toll
  at"), "according to X", or a trailing ", X said" / ", said X" / ", according to X" after
  it. The trailing form wins; when another figure lies between the two, it wins only if
  nobody is named before the figure ("5 killed and 12 wounded, X said" -> X for both;
  "A said 83 died, while 62 were killed, B said" -> A, B). The name is trimmed: leading
  "the", "UK-based"-style descriptors, military ranks ("Lieutenant General Stephen
  Townsend" -> "Stephen Townsend"), a trailing "(SOHR)", and "a spokesman for X" -> X;
  an appositive is skipped ("X, a Britain-based monitor, said" -> X). Pronouns and no
  reporting verb give ``""``.
* ``party`` is who suffered, as written ("Syrian troops", "civilians"); "others"/"more"
  and no party give ``""``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from incidentmap.errors import ValidationError
from incidentmap.extract._sentences import sentences
from incidentmap.model import CasualtyClaim
from incidentmap.text import parse_number

__all__ = ["find_casualties"]


def _w(words: str) -> list[str]:
    """The white-space separated words of ``words``."""
    return words.split()


def _alt(words: Iterable[str]) -> str:
    """Regex alternation of ``words`` (spaces match any white space), longest first."""
    return "|".join(
        re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=len, reverse=True)
    )


# --- numbers ------------------------------------------------------------------------------

_SMALL = _w(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen"
)
_TENS = _w("twenty thirty forty fifty sixty seventy eighty ninety")
_WN = rf"(?:(?:{_alt(_TENS)})(?:[- ](?:{_alt(_SMALL[:9])}))?|{_alt(_SMALL)})"
_WORDNUM = rf"(?:(?:{_WN}|a|one)\s+(?:hundred|thousand)(?:\s+(?:and\s+)?{_WN})?|{_WN})"
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?![.,:/]\d)"

# Phrases that stand for a count without saying it (count None, words kept in count_text).
_VAGUE = (
    "a small number",
    "a large number",
    "a number",
    "a significant number",
    "an unknown number",
    "an unspecified number",
    "an undetermined number",
    "a handful",
    "a few",
    "several",
    "dozens",
    "scores",
    "hundreds",
    "thousands",
    "tens of thousands",
    "many",
    "numerous",
    "some",
    "heavy",
    "serious",
)
# Phrases that stand for a figure, approximately.
_APPROX = {"a dozen": 12, "half a dozen": 6, "a couple of": 2, "a couple": 2}
_ZERO = ("no one", "nobody", "none", "no", "zero")

_NUM = (
    rf"(?:{_DIGITS}|{_alt(_APPROX)}|{_alt(_VAGUE)}|{_WORDNUM}|{_alt(_ZERO)}|an?(?=\s))"
    r"(?![\w-])"
)
_RANGE = rf"(?P<rng>between\s+(?P<lo>{_NUM})\s+and\s+|(?P<lo2>\d+)\s*(?:-|–|to)\s*(?=\d))"

_HEDGES = {
    "at least": "at least",
    "no fewer than": "at least",
    "no less than": "at least",
    "not less than": "at least",
    "a minimum of": "at least",
    "more than": "more than",
    "over": "more than",
    "upwards of": "more than",
    "in excess of": "more than",
    "well over": "more than",
    "up to": "up to",
    "as many as": "up to",
    "at most": "up to",
    "no more than": "up to",
    "not more than": "up to",
    "a maximum of": "up to",
    "about": "about",
    "around": "about",
    "approximately": "about",
    "roughly": "about",
    "some": "about",
    "an estimated": "about",
    "estimated": "about",
    "circa": "about",
    "nearly": "nearly",
    "almost": "nearly",
    "close to": "nearly",
    "just under": "nearly",
    "fewer than": "fewer than",
    "less than": "fewer than",
    "under": "fewer than",
}
_HEDGE = rf"(?:(?P<hedge>{_alt(_HEDGES)})\s+)?"

# --- who suffered -------------------------------------------------------------------------

_HEADS = [
    *_w(
        "people persons person individuals civilians civilian soldiers soldier troops "
        "fighters fighter rebels rebel militants militant insurgents insurgent jihadists "
        "jihadist combatants combatant children child kids women woman men man boys boy girls "
        "girl members member personnel servicemen serviceman policemen policeman officers "
        "officer guards guard gunmen gunman workers worker residents resident villagers "
        "villager refugees refugee pilots pilot crew commanders commander militiamen "
        "militiaman recruits patients doctors doctor medics medic nurses staff volunteers "
        "students protesters protestors demonstrators others marines marine contractors "
        "advisers advisors bystanders infants babies teenagers journalists journalist "
        "worshippers passengers prisoners detainees hostages victims family families relatives "
        "forces mercenaries syrians russians americans iraqis turks kurds iranians afghans"
    ),
    "service members",
    "service member",
    "police officers",
    "police officer",
    "crew members",
    "family members",
    "aid workers",
    "health workers",
    "rescue workers",
    "security forces",
    "government forces",
]
_LOWER_MODS = _w(
    "government pro-government regime pro-regime opposition rebel army military security police "
    "civilian coalition allied jihadist militia tribal local foreign innocent unarmed other more "
    "additional young elite special armed enemy loyalist government-backed regime-backed "
    "us-backed russian-backed iranian-backed turkish-backed more other further"
)
_CAP = r"(?-i:[A-Z][\w’'.-]*)"
_MOD = rf"(?:{_CAP}|\d+-year-old|{_alt(_LOWER_MODS)})"
_PARTY = (
    rf"(?:{_MOD}\s+){{0,4}}(?:{_alt(_HEADS)})(?![\w-])"
    rf"(?:\s+of\s+(?:the\s+)?{_CAP}(?:\s+{_CAP}){{0,4}})?"
)

# --- outcomes -----------------------------------------------------------------------------

_OUTCOME_WORDS = {
    "killed or wounded": "casualties",
    "killed or injured": "casualties",
    "killed and wounded": "casualties",
    "killed and injured": "casualties",
    "dead or wounded": "casualties",
    "dead or injured": "casualties",
    "dead and wounded": "casualties",
    "dead and injured": "casualties",
    "killed": "killed",
    "dead": "killed",
    "died": "killed",
    "slain": "killed",
    "perished": "killed",
    "executed": "killed",
    "massacred": "killed",
    "lost their lives": "killed",
    "lost their life": "killed",
    "deaths": "killed",
    "fatalities": "killed",
    "wounded": "wounded",
    "injured": "wounded",
    "hurt": "wounded",
    "maimed": "wounded",
    "injuries": "wounded",
    "casualties": "casualties",
    "missing": "missing",
    "unaccounted for": "missing",
    "captured": "captured",
    "taken prisoner": "captured",
    "taken captive": "captured",
    "taken hostage": "captured",
    "abducted": "captured",
    "kidnapped": "captured",
    "displaced": "displaced",
    "forced to flee": "displaced",
    "made homeless": "displaced",
}
_FILL = _w(
    "were was are is have has had been being be reportedly reported believed said thought "
    "feared confirmed known to also all later subsequently allegedly apparently likely probably "
    "presumed now both who that which immediate further new fresh additional more other"
)
_P_FIRST = re.compile(
    rf"(?<![\w.,-]){_HEDGE}{_RANGE}?(?P<num>{_NUM})"
    rf"(?:\s+(?:of\s+(?:(?:our|their|its|his|her|the|those)\s+)?)?(?P<party>{_PARTY}))?"
    r"(?:\s+of\s+(?:them|whom|those))?"
    r"(?:\s*[,(–—]\s*(?:including|among\s+them|among\s+whom|most\s+of\s+them|mostly|many\s+of"
    r"\s+them|both|all)\b[^,;()–—]{0,60}[,)–—])?"
    rf"(?:,?\s+(?:{_alt(_FILL)})){{0,5}}"
    rf"\s+(?P<out>{_alt(_OUTCOME_WORDS)})(?![\w-])",
    re.IGNORECASE,
)
_VERBS = {
    "killed and wounded": "casualties",
    "killed or wounded": "casualties",
    "killed and injured": "casualties",
    "killing and wounding": "casualties",
    "killing or wounding": "casualties",
    "killing and injuring": "casualties",
    "killed": "killed",
    "killing": "killed",
    "kills": "killed",
    "kill": "killed",
    "executed": "killed",
    "executing": "killed",
    "massacred": "killed",
    "claimed the lives of": "killed",
    "claiming the lives of": "killed",
    "took the lives of": "killed",
    "taking the lives of": "killed",
    "wounded": "wounded",
    "wounding": "wounded",
    "wounds": "wounded",
    "injured": "wounded",
    "injuring": "wounded",
    "injures": "wounded",
    "captured": "captured",
    "capturing": "captured",
    "abducted": "captured",
    "abducting": "captured",
    "kidnapped": "captured",
    "kidnapping": "captured",
    "displaced": "displaced",
    "displacing": "displaced",
}
_AFTER_BARE = (
    r"(?=\s*(?:[,.;:)\"”’]|$)|\s+(?:and|or|in|near|at|on|including|during|when|after|while|as|"
    r"of|with|from|inside|outside|across|around|by|before|overnight|yesterday|today|last|"
    r"this|earlier|according)\b)"
)
_P_VERB = re.compile(
    rf"(?<![\w-])(?P<verb>{_alt(_VERBS)})\s+{_HEDGE}{_RANGE}?(?P<num>{_NUM})"
    rf"(?:\s+(?:of\s+)?(?P<party>{_PARTY}))?(?(party)|{_AFTER_BARE})",
    re.IGNORECASE,
)
_TOLLS = {
    "death toll": "killed",
    "death tolls": "killed",
    "civilian death toll": "killed",
    "fatality toll": "killed",
    "casualty toll": "casualties",
    "casualty figure": "casualties",
    "casualty count": "casualties",
    "body count": "killed",
    "number of dead": "killed",
    "number of deaths": "killed",
    "number of fatalities": "killed",
    "number of people killed": "killed",
    "number of those killed": "killed",
    "number of victims": "killed",
    "number of wounded": "wounded",
    "number of injured": "wounded",
    "number of injuries": "wounded",
    "number of casualties": "casualties",
}
_TOLL_LINKS = {
    "at": "",
    "to": "",
    "of": "",
    "was": "",
    "is": "",
    "reached": "",
    "hit": "",
    "topped": "more than",
    "exceeded": "more than",
    "surpassed": "more than",
    "passed": "more than",
}
_P_TOLL = re.compile(
    rf"(?<![\w-])(?P<toll>{_alt(_TOLLS)}|(?<=\bthe\s)(?P<bare>toll))"
    r"(?(bare)(?:\s+(?:has|had|have|now|rose|risen|climbed|increased|jumped|grew|stood|stands|"
    r"further)){0,3}|(?:\s+[\w’'-]+){0,6}?)"
    rf"\s+(?P<link>{_alt(_TOLL_LINKS)})"
    rf"\s+{_HEDGE}{_RANGE}?(?P<num>{_DIGITS}|{_WORDNUM}|{_alt(_APPROX)}|{_alt(_VAGUE)})"
    r"(?![\w-])(?!\s*(?:%|per\s*cent|percent|km|kilomet|miles|metres|meters|hours|days|years))",
    re.IGNORECASE,
)

# A figure must be near one of these words: sentences without any are not searched.
_CUE = re.compile(
    r"kill|dead|died|death|slain|perish|execut|massacr|lives|fatalit|wound|injur|hurt|maimed|"
    r"casualt|missing|unaccounted|captur|prisoner|captive|hostage|abduct|kidnap|displac|"
    r"flee|homeless|toll|body count",
    re.IGNORECASE,
)
_MONTHS = _w(
    "January February March April May June July August September October November December "
    "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec"
)
_BEFORE_NUM_BAD = re.compile(
    rf"(?:(?-i:\b(?:{_alt(_MONTHS)}))\.?|[$€£]|\bNo\.|\baged?|\bpage|\barticle|\bresolution)\s*$",
    re.IGNORECASE,
)
_YEAR_CONTEXT = re.compile(
    r"\b(?:in|since|until|till|by|from|during|of|year|early|late|mid|before|after)\s*-?\s*$",
    re.IGNORECASE,
)
_CUMULATIVE_AFTER = re.compile(r"\s*,?\s+since\b", re.IGNORECASE)
_CUMULATIVE_BEFORE = re.compile(
    r"\b(?:war|wars|conflict|civil\s+war|uprising|crisis|revolution|insurgency|fighting|"
    r"violence)\s*,?\s+(?:(?:that|which)\s+)?(?:(?:has|have|had|so\s+far|already|now)\s+){0,3}$",
    re.IGNORECASE,
)
_ACTIVE_OBJECT = re.compile(
    rf"\s+(?:a|an|the|his|her|their|its|dozens|scores|several|many|some|"
    rf"{_alt(_HEDGES)}|{_DIGITS}|{_WN})\b",
    re.IGNORECASE,
)
_VERB_FORMS_ACTIVE = frozenset(
    _w("killed wounded injured hurt captured abducted kidnapped displaced executed massacred")
)

# --- who claims ---------------------------------------------------------------------------

_ROLES = _w(
    "military army officials official ministry spokesman spokeswoman spokesperson spokespeople "
    "spokesmen monitor monitors monitoring observatory group agency sources source activists "
    "activist residents resident witnesses witness medics medic doctors doctor hospital media "
    "outlet commander commanders general officer officers government authorities authority "
    "forces command coalition defense defence foreign state state-run state-owned news "
    "television tv broadcaster channel network rights human war senior top local statement "
    "opposition rebels rebel police security department office headquarters staff team service "
    "services council committee center centre organization organisation ngo charity workers "
    "rescuers rescue civil volunteers mission envoy ambassador minister chief secretary "
    "president leader leaders representative representatives medical health press correspondent "
    "reporter journalists analysts observers pro-government pro-regime"
)
_TOK = rf"(?:{_CAP}|\((?-i:[A-Z][\w.-]*)\)|of|for|the|and|{_alt(_ROLES)})(?![\w-])"
_NP = rf"{_TOK}(?:\s+{_TOK}){{0,10}}"
_SAY = _w(
    "said says say saying told tells tell reported reports stated states claimed claims claim "
    "announced announces added adds estimated estimates confirmed confirms accused accuses "
    "acknowledged acknowledges admitted admits admit wrote writes tweeted insisted alleged "
    "alleges noted notes counted documented recorded"
)
_SAY_RE = re.compile(
    rf"(?<![\w-])(?:{_alt(_SAY)}|(?:put|puts|putting)(?=\s+(?:the\s+|a\s+)?(?:death\s+|casualty\s+)?"
    rf"(?:toll|number|figure|count)))(?![\w-])"
    rf"|(?<![\w-])according\s+to\s+(?P<acc>(?:(?:the|a|an|some|several|local|two|three)\s+)?{_NP})",
    re.IGNORECASE,
)
_WORD = re.compile(r"\S+")
_AUX_WORDS = frozenset(
    _w("has have had also later earlier previously then separately initially reportedly further")
)
_CAP_WORD = re.compile(r"[A-Z][\w.’'&-]*|\([A-Z][\w.-]*\)")
_NAME_WORDS = frozenset(["of", "for", "the", "and", *_ROLES])
_QUOTE_CHARS = re.compile(r"[;\"“”]")
_INVERTED = re.compile(rf"\s+(?P<np>(?:the\s+)?{_NP})\s*(?=[,.;:]|$)", re.IGNORECASE)
_PRONOUNS = frozenset(_w("it he she they we i this that there who which these those"))
_DISCOURSE = re.compile(
    r"^(?:(?:but|however|meanwhile|and|also|earlier|later|separately|in|on|then|still|yet|now|"
    r"officially|instead|both|the|a|an|of|for|some|several|many|two|three|four|five|six|seven|"
    r"eight|nine|ten|\d+)(?:\s+|$))+",
    re.IGNORECASE,
)
_TRAIL = re.compile(r"(?:\s+(?:of|for|the|and|on|in)|\s*\([^)]*\))+$", re.IGNORECASE)
_BASED = re.compile(r"^[\w.’'-]+-based\s+", re.IGNORECASE)
_RANKS = re.compile(
    r"^(?:(?:lieutenant|lt\.?|major|maj\.?|brigadier|brig\.?|general|gen\.?|colonel|col\.?|"
    r"captain|capt\.?|sergeant|sgt\.?|admiral|adm\.?|vice|rear|commander|cmdr\.?|corporal|"
    r"private|mr\.?|mrs\.?|ms\.?|dr\.?)\s+)+(?=(?-i:[A-Z]))",
    re.IGNORECASE,
)
_SPOKESMAN_FOR = re.compile(
    r"^(?:(?:an?|the)\s+)?(?:senior\s+)?(?:spokes(?:man|woman|person)|source|official|"
    r"representative)\s+(?:for|of|at|in|from|with)\s+(?:the\s+)?(?P<org>.+)$",
    re.IGNORECASE,
)
_CLAUSE_END = re.compile(r"[,;.:]|$")
_PUNCT_BEFORE = re.compile(r"[,\"”’'(—–]\s*(?:(?:the|a|an)\s+)?$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Attribution:
    name: str
    start: int  # first character of the whole attribution (relative to the sentence)
    anchor: int  # where the claims it introduces may begin (end of the verb / phrase)
    trailing: bool  # may attribute a figure right before it (", X said")


@dataclass(slots=True)
class _Found:
    start: int
    end: int
    outcome: str
    count: int | None
    count_max: int | None
    hedge: str
    count_text: str
    party: str


def find_casualties(
    text: str,
    spans: Iterable[tuple[int, int]] | None = None,
    *,
    sentence_spans: Sequence[tuple[int, int]] | None = None,
) -> list[CasualtyClaim]:
    """Casualty claims in ``text`` (inside ``spans``, default all of it), in text order.

    Offsets (``start``/``end``) index ``text``; ``claimed_by`` is who states the figure in
    the same sentence (``""`` when nobody is named). See the module docstring for the forms
    read and the decisions taken.

    >>> t = "According to the Russian military, 62 Syrian soldiers were killed."
    >>> [c.label for c in find_casualties(t)]
    ['62 killed (Russian military)']
    >>> t = ("The UK-based Syrian Observatory for Human Rights put the death toll at 83 "
    ...      "and said at least 120 soldiers were wounded.")
    >>> [(c.figure, c.claimed_by) for c in find_casualties(t)]
    [('83 killed', 'Syrian Observatory for Human Rights'), ('at least 120 wounded', 'Syrian Observatory for Human Rights')]
    >>> c = find_casualties("U.S. officials said a small number of Syrian rebels were killed.")[0]
    >>> c.count, c.count_text, c.party, c.claimed_by
    (None, 'a small number', 'Syrian rebels', 'U.S. officials')
    """
    out: list[CasualtyClaim] = []
    sents = sentence_spans if sentence_spans is not None else sentences(text, spans)
    for a, b in sents:
        if _CUE.search(text, a, b) is None:
            continue
        sentence = text[a:b]
        found = _claims_in(sentence)
        if not found:
            continue
        names = _claimants(found, _attributions(sentence), sentence)
        for f, name in zip(found, names, strict=True):
            out.append(
                CasualtyClaim(
                    f.outcome,
                    f.count,
                    f.count_max,
                    hedge=f.hedge,
                    count_text=f.count_text,
                    party=f.party,
                    claimed_by=name,
                    text=sentence[f.start : f.end],
                    start=a + f.start,
                    end=a + f.end,
                )
            )
    return out


# --- figures ------------------------------------------------------------------------------


def _claims_in(s: str) -> list[_Found]:
    """Claims of one sentence ``s`` (offsets into ``s``), overlapping matches resolved."""
    cands: list[tuple[int, int, _Found]] = []
    for prio, pattern in enumerate((_P_TOLL, _P_VERB, _P_FIRST)):
        for m in pattern.finditer(s):
            f = _found(s, m, pattern)
            if f is not None:
                cands.append((prio, m.start(), f))
    cands.sort(key=lambda c: (c[2].start, c[0], -(c[2].end - c[2].start)))
    kept: list[_Found] = []
    reach = -1  # candidates come by start: one overlaps a kept one iff it starts before this
    for _, _, f in cands:
        if f.start >= reach:
            kept.append(f)
            reach = f.end
    return kept


def _found(s: str, m: re.Match[str], pattern: re.Pattern[str]) -> _Found | None:
    num_words = " ".join(m["num"].lower().split())
    num_start = m.start("num")
    fig_start = m.start("hedge") if m["hedge"] else m.start("rng") if m["rng"] else num_start
    before = s[max(0, fig_start - 20) : fig_start]
    if _BEFORE_NUM_BAD.search(before):
        return None
    if re.fullmatch(r"(?:19|20)\d\d", num_words) and (
        not m.groupdict().get("party") or _YEAR_CONTEXT.search(before)
    ):
        return None  # "in 2016 ...": a year, not a count
    party = (m.groupdict().get("party") or "").strip()
    if num_words in ("a", "an") and not party:
        return None
    count, count_text, approx = _read_count(num_words)
    count_max = None
    lo_words = m["lo"] or m["lo2"]
    if lo_words:
        lo, lo_text, _ = _read_count(" ".join(lo_words.lower().split()))
        if lo is None or count is None or lo_text:
            return None
        count, count_max = min(lo, count), max(lo, count)
        if count == count_max:
            count_max = None
    hedge = _HEDGES.get(" ".join(m["hedge"].lower().split()), "") if m["hedge"] else ""
    if approx and not hedge:
        hedge = "about"
    if pattern is _P_TOLL:
        outcome = _TOLLS.get(" ".join(m["toll"].lower().split()), "killed")
        hedge = hedge or _TOLL_LINKS[m["link"].lower()]
        start, end = m.start("toll"), m.end()
    elif pattern is _P_VERB:
        outcome = _VERBS[" ".join(m["verb"].lower().split())]
        start, end = fig_start, m.end()
        left = s[max(0, m.start() - 60) : m.start()]
        if _CUMULATIVE_BEFORE.search(left):
            return None
    else:
        out_words = " ".join(m["out"].lower().split())
        outcome = _OUTCOME_WORDS[out_words]
        start, end = fig_start, m.end()
        between = s[m.end("party") if m["party"] else m.end("num") : m.start("out")]
        if (
            not between.strip(" ,")
            and out_words in _VERB_FORMS_ACTIVE
            and _ACTIVE_OBJECT.match(s, m.end())
        ):
            return None  # "5 gunmen killed a policeman": the figure is the killers
    if _CUMULATIVE_AFTER.match(s, m.end()):
        return None
    if count == 0:
        count_text = ""
    if party.lower() in ("others", "other", "more"):
        party = ""
    return _Found(start, end, outcome, count, count_max, hedge, count_text, party)


def _read_count(words: str) -> tuple[int | None, str, bool]:
    """``(count, count_text, approximate)`` of the words that state a count."""
    if words in _ZERO:
        return 0, "", False
    if words in _APPROX:
        return _APPROX[words], "", True
    if words in _VAGUE:
        return None, words, False
    if words in ("a", "an"):
        return 1, "", False
    if words[0].isdigit():
        return int(words.replace(",", "")), "", False
    return _word_int(words), "", False


def _word_int(words: str) -> int:
    """Integer value of a number written in words ("two hundred and five" -> 205)."""
    total = current = 0
    for tok in re.split(r"[\s-]+", words):
        if tok in ("and", ""):
            continue
        if tok in ("a", "an"):
            current = 1
        elif tok == "hundred":
            current = (current or 1) * 100
        elif tok == "thousand":
            total += (current or 1) * 1000
            current = 0
        else:
            try:
                value, _ = parse_number(tok)
            except ValidationError:
                continue
            current += int(value)
    return total + current


# --- claimants ----------------------------------------------------------------------------


def _attributions(s: str) -> list[_Attribution]:
    """Who says what in sentence ``s``: reporting verbs with their subject, "according to"."""
    out: list[_Attribution] = []
    for m in _SAY_RE.finditer(s):
        if m["acc"] is not None:
            name = _clean_name(m["acc"])
            if name:
                out.append(_Attribution(name, m.start(), m.end(), True))
            continue
        subject = _subject(s, m.start())
        if subject is not None:
            start, words = subject
            name = _clean_name(words)
            if name:
                trailing = bool(_PUNCT_BEFORE.search(s, max(0, start - 8), start))
                out.append(_Attribution(name, start, m.end(), trailing))
                continue
        # ", said the Russian military." — the speaker after the verb
        if _PUNCT_BEFORE.search(s, max(0, m.start() - 3), m.start()):
            im = _INVERTED.match(s, m.end())
            if im is not None:
                name = _clean_name(im["np"])
                if name:
                    out.append(_Attribution(name, m.start(), im.end(), True))
    return out


def _subject(s: str, verb: int) -> tuple[int, str] | None:
    """``(start, words)`` of the subject of the verb at ``verb``: the name words right before
    it ("the Russian army says"), or before an appositive ("Townsend, commander of ..., said")."""
    lo = max(0, verb - 200)
    toks = [(m.start(), m.group(0)) for m in _WORD.finditer(s, lo, verb)]
    i = len(toks) - 1
    skipped = 0
    while i >= 0 and skipped < 2 and toks[i][1].lower() in _AUX_WORDS:
        i -= 1
        skipped += 1
    if i < 0:
        return None
    last = toks[i][1]
    if last.endswith(","):  # an appositive: "X, commander of the coalition, said"
        j = i - 1
        while j >= 0 and not toks[j][1].endswith(","):
            j -= 1
        if j < 0 or j == i:
            return None
        first = toks[j + 1][1]
        appositive = s[toks[j + 1][0] : toks[i][0] + len(last)]
        if (
            not (first[:1].islower() or first in ("A", "An", "The"))
            or len(appositive) > 100
            or _QUOTE_CHARS.search(appositive)
        ):
            return None
        i = j
        last = toks[j][1][:-1]
    if not _is_name_word(last):
        return None
    k = i
    words = [last]
    while k > 0 and len(words) < 11 and _is_name_word(toks[k - 1][1]):
        k -= 1
        words.append(toks[k][1])
    return toks[k][0], " ".join(reversed(words))


def _is_name_word(tok: str) -> bool:
    return bool(_CAP_WORD.fullmatch(tok)) or tok.lower() in _NAME_WORDS


def _clean_name(np: str) -> str:
    name = " ".join(np.split())
    if name.endswith(".") and "." not in name.rsplit(" ", 1)[-1][:-1]:
        name = name[:-1]  # the full stop of the sentence ("said the Civil Defence.")
    for _ in range(3):
        before = name
        name = _TRAIL.sub("", name)
        name = _DISCOURSE.sub("", name)
        name = _BASED.sub("", name)
        m = _SPOKESMAN_FOR.match(name)
        if m is not None:
            name = m["org"]
        name = _RANKS.sub("", name)
        if name == before:
            break
    if not name or name.lower() in _PRONOUNS or not re.search(r"[A-Za-z]", name):
        return ""
    return name


def _claimants(found: list[_Found], attrs: list[_Attribution], s: str) -> list[str]:
    """The claimant of each figure of sentence ``s``: a trailing ", X said" after it (when
    another figure lies between them, only if nobody is named before the figure), else the
    nearest attribution before it in the sentence, else ``""``."""
    starts = [f.start for f in found]  # ``found`` is in text order
    by_start = sorted(attrs, key=lambda a: a.start)
    attr_starts = [a.start for a in by_start]
    by_anchor = sorted(attrs, key=lambda a: a.anchor)
    anchors = [a.anchor for a in by_anchor]

    def claims_between(lo: int, hi: int) -> bool:
        return bisect_left(starts, hi) > bisect_left(starts, lo)

    out: list[str] = []
    for f in found:
        n_before = bisect_right(anchors, f.start)
        name = by_anchor[n_before - 1].name if n_before else ""
        first = bisect_left(attr_starts, f.end)
        for a in by_start[first : first + 8]:
            if not a.trailing:
                continue
            if n_before and claims_between(f.end, a.start):
                break  # "X said 83 died, while 62 were killed, Y said": Y is not about 83
            stop = _CLAUSE_END.search(s, a.anchor)
            if claims_between(a.anchor, stop.start() if stop else len(s)):
                break  # ", X said 83 died": X introduces the next figure
            name = a.name
            break
        out.append(name)
    return out
