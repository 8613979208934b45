"""Dates and days as articles state them, resolved against the publication date.

Kinds of :class:`~incidentmap.extract.DateMention` (``kind``):

``explicit``
    A full calendar date: "17 September 2016", "September 17, 2016", "Sept. 17, 2016",
    "2016-09-17", "17/09/2016" (day first; month first only when day first is impossible,
    "09/17/2016"), "Wednesday, April 24, 2024" (``weekday`` kept too).
``month_day``
    A day without its year: "September 17", "17 Sept", "Sept. 17th". With a publication
    date, ``date`` is the most recent such day not after the publication date + 1 day
    (published 2017-01-03, "December 30" -> 2016-12-30); without, ``date`` is ``None`` and
    ``month``/``day`` keep what was said. "17-18 September" gives the first day.
``weekday``
    "on Tuesday", "Saturday's strike", "last Tuesday", "next Tuesday". ``date`` is the most
    recent such weekday on or before publication (the publication's own weekday is the
    publication day); "last Tuesday" is strictly before it, "next Tuesday" the first after.
    Without a publication date ``date`` is ``None`` and ``weekday`` (Monday = 0) is kept.
``relative``
    Relative to the publication date. Days: "today", "this morning", "tonight" -> published;
    "yesterday", "last night" -> published - 1; "the day before yesterday" -> - 2;
    "tomorrow" -> + 1; "N days ago" -> - N; "a week ago", "last week", "the previous week"
    -> - 7; "this week", "earlier this week" -> the Monday of the publication week;
    "last weekend", "this weekend" -> the Saturday of the last weekend that began before
    publication. Months: "last month", "the previous month", "this month", "earlier this
    month" give ``date=None`` with ``year``/``month`` of that month. Years: "last year",
    "the previous year", "this year", "earlier this year" give ``date=None`` and ``year``
    only (published.year - 1 or published.year). Without a publication date every
    relative mention has ``date=None`` and no year.
``month``
    A month, no day: "March 2011", "in March", "mid-September", "March of last year",
    "March previous year". ``date`` is always ``None``; ``year`` is the stated one, or the
    one the relative words give, or (month alone, with a publication date) the most recent
    such month not after publication.
``year``
    A year alone after a preposition: "since 2011", "in 2016", "by early 2017". ``date`` is
    ``None``.

Times are not dates: "24 hours per day", "10:30", "4.3 C" give nothing. Month names must be
capitalised ("may" the verb is no month; "May" alone is read only after a preposition).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from incidentmap.extract._sentences import sentences
from incidentmap.extract._types import DateMention
from incidentmap.text import anchored_windows

__all__ = ["find_dates", "incident_date"]

_MONTH_NUMBERS = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
_WEEKDAY_NUMBERS = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}


def _alt(words: Iterable[str]) -> str:
    return "|".join(sorted(set(words), key=len, reverse=True))


_FULL_MONTHS = [m for m in _MONTH_NUMBERS if len(m) > 4 or m in ("may", "june", "july")]
_MONTH = (
    "(?:"
    + "|".join(
        (m.capitalize() if m in _FULL_MONTHS else m.capitalize() + r"\.?")
        for m in sorted(_MONTH_NUMBERS, key=len, reverse=True)
    )
    + r")(?![\w-])"
)
_FULL_MONTH = "(?:" + "|".join(m.capitalize() for m in _FULL_MONTHS) + r")(?![\w-])"
_WEEKDAY = "(?:" + "|".join(w.capitalize() for w in _WEEKDAY_NUMBERS) + ")"
_ORD = r"(?:st|nd|rd|th)?"
_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "a": 1,
}

_PATTERN = re.compile(
    rf"""
    (?<!\w)(?=[\dA-Za-z])  # a word start: positions inside words fail fast
    (?:
    (?P<iso>(?<![\d/.-])(?P<iy>(?:19|20)\d\d)-(?P<im>\d\d?)-(?P<id>\d\d?)(?![\d-]))
  | (?P<slash>(?<![\d/.,-])(?P<sd>\d\d?)(?P<sep>[/.])(?P<sm>\d\d?)(?P=sep)
        (?P<sy>(?:19|20)\d\d|\d\d)(?![\d/.]\d|\d))
  | (?P<dmy>(?<![\w.,-])(?:(?P<w1>{_WEEKDAY}),?\s+)?(?:the\s+)?(?P<d1>\d\d?){_ORD}
        (?:\s*(?:-|–|and|to)\s*\d\d?{_ORD})?\s+(?:of\s+)?(?P<m1>{_MONTH})
        (?:,?\s+(?P<y1>(?:19|20)\d\d)(?!\d))?)
  | (?P<mdy>(?:(?P<w2>{_WEEKDAY}),?\s+)?(?<![\w-])(?P<m2>{_MONTH})\s+(?P<d2>\d\d?){_ORD}(?![\d:.,]\d)
        (?:\s*(?:-|–)\s*\d\d?{_ORD}(?!\d))?(?!\d)(?:,?\s+(?P<y2>(?:19|20)\d\d)(?!\d))?)
  | (?P<my>(?<![\w-])(?:(?P<mq3>early|mid|late)[-\s]+)?(?P<m3>{_MONTH}),?\s+(?:of\s+)?
        (?P<y3>(?:19|20)\d\d)(?!\d))
  | (?P<mrel>(?<![\w-])(?P<m4>{_MONTH})\s+(?:of\s+)?(?:the\s+)?
        (?P<r4>(?i:last|previous|past|this|next))\s+(?i:year))
  | (?P<monly>(?<![\w-])(?i:in|since|until|till|during|through|from|by|before|after|early|mid|late|
        end\ of|beginning\ of)[-\s]+(?:(?P<mq5>(?i:early|mid|late))[-\s]+)?(?P<m5>{_FULL_MONTH})
        (?!\s+\d|\s+(?:of\s+)?(?:the\s+)?(?i:last|previous|past|this|next)\s+year))
  | (?P<year>(?<![\w-])(?i:in|since|until|till|during|through|from|by|before|after|of|early|
        mid|late|throughout)[-\s]+(?:(?i:early|mid|late)[-\s]+)?(?P<y6>(?:19|20)\d\d)
        (?!\d|,\d|-\d\d-|/\d|\.\d))
  | (?P<wd>(?<![\w-])(?:(?P<wq>(?i:last|next|this|past))\s+)?(?P<w7>{_WEEKDAY})(?![\w-]))
  | (?P<rel>(?<![\w-])(?i:
        (?P<r_dby>the\ day\ before\ yesterday)
      | (?P<r_m1>yesterday|last\ night)
      | (?P<r_0>today|tonight|this\ (?:morning|afternoon|evening))
      | (?P<r_p1>tomorrow)
      | (?P<r_ago>(?P<n_ago>\d\d?|one|two|three|four|five|six|seven|eight|nine|ten|a)\s+
            (?P<u_ago>days?|weeks?)\s+ago)
      | (?P<r_lw>(?:last|the\ previous|the\ prior)\ week)
      | (?P<r_tw>(?:earlier\ |later\ )?this\ week)
      | (?P<r_we>(?:last|this)\ weekend)
      | (?P<r_lm>(?:last|the\ previous|the\ prior)\ month)
      | (?P<r_tm>(?:earlier\ |later\ )?this\ month)
      | (?P<r_ly>(?:last|the\ previous|the\ prior|previous)\ year)
      | (?P<r_ty>(?:earlier\ |later\ )?this\ year)
    )(?![\w-]))
    )
    """,
    re.VERBOSE,
)


def find_dates(
    text: str,
    published: dt.date | None = None,
    spans: Iterable[tuple[int, int]] | None = None,
) -> list[DateMention]:
    """Dates, days, months and years stated in ``text`` (inside ``spans``), in text order.

    ``published`` resolves partial dates (see the module docstring for every kind). Offsets
    index ``text``; ``mention.text == text[mention.start:mention.end]``.

    >>> d = find_dates("The strike occurred September 17.", published=dt.date(2016, 9, 19))[0]
    >>> d.text, d.date, d.kind
    ('September 17', datetime.date(2016, 9, 17), 'month_day')
    >>> [(m.text, m.kind, m.date) for m in find_dates("on Saturday, 17/09/2016")]
    [('Saturday', 'weekday', None), ('17/09/2016', 'explicit', datetime.date(2016, 9, 17))]
    >>> m = find_dates("in March previous year", published=dt.date(2017, 3, 1))[0]
    >>> m.text, m.kind, m.year, m.month, m.date
    ('March previous year', 'month', 2016, 3, None)
    """
    out: list[DateMention] = []
    for lo, hi in spans if spans is not None else [(0, len(text))]:
        for wlo, whi in anchored_windows(_ANCHOR, text, lo, hi, before=_BEFORE, after=_AFTER):
            for m in _PATTERN.finditer(text, wlo, whi):
                mention = _mention(text, m, published)
                if mention is not None:
                    out.append(mention)
    out.sort(key=lambda d: d.start)
    return out


#: Every date phrase holds a digit, a month or weekday name, or a relative word; the full
#: pattern runs only around those (it is costly to try at every character).
_ANCHOR = re.compile(
    r"\d+|(?i:\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|"
    r"aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day|yesterday|today|tonight|tomorrow|night|"
    r"weekend|week|month|year|ago|days|morning|afternoon|evening)\b)"
)
_BEFORE = 40
_AFTER = 60


def _mention(text: str, m: re.Match[str], pub: dt.date | None) -> DateMention | None:
    kind = m.lastgroup
    if kind == "iso":
        return _explicit(text, m, m.start(), int(m["iy"]), int(m["im"]), int(m["id"]), None)
    if kind == "slash":
        day, month, year = int(m["sd"]), int(m["sm"]), int(m["sy"])
        if year < 100:
            year += 2000 if year < 70 else 1900
        if m["sep"] == "." and len(m["sy"]) != 4:
            return None
        if not _valid(year, month, day):
            day, month = month, day  # "09/17/2016": month first is the only reading
        return _explicit(text, m, m.start(), year, month, day, None)
    if kind in ("dmy", "mdy"):
        i = "1" if kind == "dmy" else "2"
        month = _month(m["m" + i])
        day = int(m["d" + i])
        wd = _WEEKDAY_NUMBERS[m["w" + i].lower()] if m["w" + i] else None
        start = m.start("w" + i) if m["w" + i] else m.start("d1" if kind == "dmy" else kind)
        if m["y" + i]:
            return _explicit(text, m, start, int(m["y" + i]), month, day, wd)
        if not _valid(2000, month, day):  # 2000 is a leap year: February 29 is valid
            return None
        date = _month_day(month, day, pub) if pub is not None else None
        return DateMention(
            start,
            m.end(),
            text[start : m.end()],
            date,
            "month_day",
            year=date.year if date else None,
            month=month,
            day=day,
            weekday=wd,
        )
    if kind == "my":
        start = m.start("mq3") if m["mq3"] else m.start("m3")
        return _plain(text, start, m.end(), "month", year=int(m["y3"]), month=_month(m["m3"]))
    if kind == "mrel":
        rel = m["r4"].lower()
        shift = {"last": -1, "previous": -1, "past": -1, "next": 1}.get(rel, 0)
        rel_year = pub.year + shift if pub is not None else None
        return _plain(text, m.start("m4"), m.end(), "month", year=rel_year, month=_month(m["m4"]))
    if kind == "monly":
        month = _month(m["m5"])
        month_year: int | None = None
        if pub is not None:
            month_year = pub.year if month <= pub.month else pub.year - 1
        start = m.start("mq5") if m["mq5"] else m.start("m5")
        return _plain(text, start, m.end(), "month", year=month_year, month=month)
    if kind == "year":
        return _plain(text, m.start("y6"), m.end(), "year", year=int(m["y6"]))
    if kind == "wd":
        return _weekday(text, m, pub)
    if kind == "rel":
        return _relative(text, m, pub)
    return None  # pragma: no cover


def _explicit(
    text: str, m: re.Match[str], start: int, year: int, month: int, day: int, wd: int | None
) -> DateMention | None:
    if not _valid(year, month, day):
        return None
    return DateMention(
        start,
        m.end(),
        text[start : m.end()],
        dt.date(year, month, day),
        "explicit",
        year=year,
        month=month,
        day=day,
        weekday=wd,
    )


def _plain(
    text: str, start: int, end: int, kind: str, *, year: int | None, month: int | None = None
) -> DateMention:
    return DateMention(start, end, text[start:end], None, kind, year=year, month=month)


def _weekday(text: str, m: re.Match[str], pub: dt.date | None) -> DateMention:
    wd = _WEEKDAY_NUMBERS[m["w7"].lower()]
    qual = (m["wq"] or "").lower()
    start = m.start("wq") if qual else m.start("w7")
    date = None
    if pub is not None:
        back = (pub.weekday() - wd) % 7
        if qual in ("last", "past") and back == 0:
            back = 7
        if qual == "next":
            date = pub + dt.timedelta(days=(wd - pub.weekday()) % 7 or 7)
        else:
            date = pub - dt.timedelta(days=back)
    return DateMention(
        start,
        m.end("w7"),
        text[start : m.end("w7")],
        date,
        "weekday",
        year=date.year if date else None,
        month=date.month if date else None,
        day=date.day if date else None,
        weekday=wd,
    )


def _relative(text: str, m: re.Match[str], pub: dt.date | None) -> DateMention:
    start, end = m.start("rel"), m.end("rel")
    words = text[start:end]
    date: dt.date | None = None
    year: int | None = None
    month: int | None = None
    if pub is not None:
        days = None
        if m["r_dby"]:
            days = -2
        elif m["r_m1"]:
            days = -1
        elif m["r_0"]:
            days = 0
        elif m["r_p1"]:
            days = 1
        elif m["r_ago"]:
            n = m["n_ago"].lower()
            count = int(n) if n.isdigit() else _NUMBER_WORDS[n]
            days = -count * (7 if m["u_ago"].lower().startswith("week") else 1)
        elif m["r_lw"]:
            days = -7
        elif m["r_tw"]:
            days = -pub.weekday()
        elif m["r_we"]:
            days = -((pub.weekday() - 5) % 7)  # the Saturday on or before publication
            if words.lower().startswith("last") and pub.weekday() >= 5:
                days -= 7  # published on a weekend: "last weekend" is the one before
        if days is not None:
            date = pub + dt.timedelta(days=days)
            year, month = date.year, date.month
        elif m["r_lm"]:
            year, month = (pub.year, pub.month - 1) if pub.month > 1 else (pub.year - 1, 12)
        elif m["r_tm"]:
            year, month = pub.year, pub.month
        elif m["r_ly"]:
            year = pub.year - 1
        elif m["r_ty"]:
            year = pub.year
    return DateMention(
        start,
        end,
        words,
        date,
        "relative",
        year=year,
        month=month,
        day=date.day if date else None,
        weekday=date.weekday() if date else None,
    )


def _month(word: str) -> int:
    return _MONTH_NUMBERS[word.rstrip(".").lower()]


def _valid(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def _month_day(month: int, day: int, pub: dt.date) -> dt.date | None:
    """The most recent ``month``/``day`` not after ``pub`` + 1 day."""
    limit = pub + dt.timedelta(days=1)
    for year in range(limit.year, limit.year - 9, -1):
        if _valid(year, month, day) and dt.date(year, month, day) <= limit:
            return dt.date(year, month, day)
    return None


_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_KIND_RANK = {"explicit": 0, "month_day": 0, "weekday": 1, "relative": 2}
_MAX_BACK = 1500


def incident_date(
    mentions: list[DateMention],
    sentence_span: tuple[int, int],
    published: dt.date | None = None,
    *,
    text: str | None = None,
) -> DateMention | None:
    """The mention that most likely dates an event stated in the sentence ``sentence_span``.

    Looks in the sentence first; when it has no usable mention, in the nearest earlier
    sentence of the same paragraph that has one. Among mentions of one sentence, explicit
    and month-day dates win over weekdays, which win over relative days; ties go to the
    first. Month and year mentions ("March 2011", "since 2011") never date an event, nor do
    dates after ``published`` + 1 day ("next Tuesday"). Paragraphs of ``text`` end at blank
    lines (at line breaks when the text has no blank line). Without ``text``, "the nearest
    earlier sentence" is approximated by the mentions within 200 characters of the last
    one, no more than 1,500 characters before the sentence. ``None`` when nothing fits
    (callers may then fall back to the publication date).

    >>> t = "The ceasefire began on September 12. On Saturday, jets struck. Five died."
    >>> ms = find_dates(t, dt.date(2016, 9, 19))
    >>> incident_date(ms, (64, 75), dt.date(2016, 9, 19), text=t).text
    'Saturday'
    >>> incident_date(ms, (0, 36), dt.date(2016, 9, 19), text=t).date
    datetime.date(2016, 9, 12)
    """
    lo, hi = sentence_span
    limit = published + dt.timedelta(days=1) if published is not None else None

    def usable(d: DateMention) -> bool:
        if d.kind not in _KIND_RANK:
            return False
        return limit is None or d.date is None or d.date <= limit

    inside = [d for d in mentions if d.start >= lo and d.end <= hi and usable(d)]
    if inside:
        return min(inside, key=lambda d: (_KIND_RANK[d.kind], d.start))
    if text is None:
        earlier = [d for d in mentions if lo - _MAX_BACK <= d.start and d.end <= lo and usable(d)]
        if not earlier:
            return None
        last = max(d.end for d in earlier)
        group = [d for d in earlier if last - d.end < 200]
        return min(group, key=lambda d: (_KIND_RANK[d.kind], d.start))
    para = _paragraph_start(text, lo)
    earlier = [d for d in mentions if para <= d.start and d.end <= lo and usable(d)]
    for a, b in reversed(sentences(text, [(para, lo)])):
        group = [d for d in earlier if a <= d.start < b]
        if group:
            return min(group, key=lambda d: (_KIND_RANK[d.kind], d.start))
    return None


def _paragraph_start(text: str, pos: int) -> int:
    """Start of the paragraph holding ``pos``: after a blank line when the text has blank
    lines between paragraphs, else after a line break."""
    nl = text.rfind("\n", 0, pos)
    if "\n\n" not in text and _BLANK_LINE.search(text) is None:
        return nl + 1
    while nl >= 0:
        prev = text.rfind("\n", 0, nl)
        if not text[prev + 1 : nl].strip():
            return nl + 1
        nl = prev
    return 0
