"""Dates as war reporting states them, resolved against the publication date.

The dispatches are written for these tests in the style of 2016-2017 Syria reporting.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from incidentmap.extract._dates import find_dates, incident_date
from incidentmap.extract._sentences import sentences
from incidentmap.extract._types import DateMention

D = dt.date


def dates(text: str, published: dt.date | None = None) -> list[DateMention]:
    found = find_dates(text, published)
    for d in found:
        assert text[d.start : d.end] == d.text
    return found


def one(text: str, published: dt.date | None = None) -> DateMention:
    found = dates(text, published)
    assert len(found) == 1, [d.text for d in found]
    return found[0]


# --- explicit dates -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Jets struck Deir Ezzor on 17 September 2016, officials said.", "17 September 2016"),
        ("Jets struck Deir Ezzor on September 17, 2016, officials said.", "September 17, 2016"),
        ("Jets struck Deir Ezzor on Sept. 17, 2016.", "Sept. 17, 2016"),
        ("Jets struck Deir Ezzor on Sep 17th 2016.", "Sep 17th 2016"),
        ("Jets struck Deir Ezzor on the 17th of September, 2016.", "17th of September, 2016"),
        ("Strike log entry 2016-09-17: four sorties.", "2016-09-17"),
        ("Report dated 17/09/2016 from the field.", "17/09/2016"),
        ("Report dated 17.09.2016 from the field.", "17.09.2016"),
        ("Report dated 17/09/16 from the field.", "17/09/16"),
        ("Report dated 09/17/2016 (US style).", "09/17/2016"),
    ],
)
def test_explicit_dates(text: str, words: str) -> None:
    d = one(text, published=D(2017, 5, 1))
    assert (d.kind, d.date, d.text) == ("explicit", D(2016, 9, 17), words)
    assert (d.year, d.month, d.day) == (2016, 9, 17)


def test_slash_dates_are_day_first() -> None:
    assert one("Filed 03/04/2017.").date == D(2017, 4, 3)


def test_explicit_date_with_its_weekday() -> None:
    d = one("Wednesday, April 24, 2024")
    assert (d.kind, d.date, d.weekday, d.text) == (
        "explicit",
        D(2024, 4, 24),
        2,
        "Wednesday, April 24, 2024",
    )


def test_impossible_dates_are_skipped() -> None:
    assert dates("Dated 31 September 2016 and 2016-02-30.") == []


# --- month and day without a year -----------------------------------------------------------


def test_month_day_takes_its_year_from_publication() -> None:
    d = one("The strike occurred September 17 in the east.", published=D(2016, 9, 19))
    assert (d.kind, d.date, d.text) == ("month_day", D(2016, 9, 17), "September 17")


def test_month_day_across_the_year_boundary() -> None:
    published = D(2017, 1, 3)
    assert one("The convoy was hit on December 30.", published).date == D(2016, 12, 30)
    # up to one day after publication still counts as this year (time zones, late filing)
    assert one("Talks are set for January 4.", published).date == D(2017, 1, 4)
    assert one("The siege began on January 5.", published).date == D(2016, 1, 5)


def test_month_day_without_publication_keeps_month_and_day() -> None:
    d = one("The ceasefire began on September 12.")
    assert (d.kind, d.date, d.year, d.month, d.day) == ("month_day", None, None, 9, 12)


@pytest.mark.parametrize(
    ("text", "words", "day"),
    [
        ("Shelling resumed on 17 Sept around Aleppo.", "17 Sept", 17),
        ("Shelling resumed Sept. 17 around Aleppo.", "Sept. 17", 17),
        ("Shelling resumed on 17-18 September around Aleppo.", "17-18 September", 17),
    ],
)
def test_month_day_forms(text: str, words: str, day: int) -> None:
    d = one(text, published=D(2016, 9, 30))
    assert (d.kind, d.text, d.date) == ("month_day", words, D(2016, 9, day))


def test_february_29_goes_back_to_a_leap_year() -> None:
    assert one("It happened on February 29.", D(2017, 3, 1)).date == D(2016, 2, 29)


# --- weekdays -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # published on a Saturday; Thursday is two days earlier
        ("Russian jets hit the base on Thursday.", D(2016, 6, 18), D(2016, 6, 16)),
        # published on a Sunday
        ("Warplanes bombed the fighters on Saturday.", D(2017, 9, 17), D(2017, 9, 16)),
        # the publication's own weekday is the publication day
        ("The Pentagon said on Saturday it had questioned Moscow.", D(2016, 6, 18), D(2016, 6, 18)),
        # a weekday later in the week than publication is last week's
        ("The raid on Friday killed four.", D(2016, 6, 14), D(2016, 6, 10)),
    ],
)
def test_weekdays_with_publication(text: str, published: dt.date, expected: dt.date) -> None:
    d = one(text, published)
    assert (d.kind, d.date, d.weekday) == ("weekday", expected, expected.weekday())


def test_weekday_possessive_and_time_of_day() -> None:
    got = dates("After Saturday's strike and Tuesday night's raid", D(2017, 9, 20))
    assert [(d.text, d.date) for d in got] == [
        ("Saturday", D(2017, 9, 16)),
        ("Tuesday", D(2017, 9, 19)),
    ]


def test_weekdays_without_publication_keep_the_weekday() -> None:
    d = one("The strikes ceased on Tuesday once US forces called.")
    assert (d.kind, d.date, d.weekday, d.text) == ("weekday", None, 1, "Tuesday")


def test_last_and_next_weekday() -> None:
    published = D(2017, 1, 3)  # a Tuesday
    last, nxt = dates("It happened last Tuesday; talks resume next Tuesday.", published)
    assert (last.text, last.date) == ("last Tuesday", D(2016, 12, 27))
    assert (nxt.text, nxt.date) == ("next Tuesday", D(2017, 1, 10))


# --- relative days --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("yesterday", D(2017, 1, 2)),
        ("today", D(2017, 1, 3)),
        ("this morning", D(2017, 1, 3)),
        ("last night", D(2017, 1, 2)),
        ("the day before yesterday", D(2017, 1, 1)),
        ("three days ago", D(2016, 12, 31)),
        ("a week ago", D(2016, 12, 27)),
        ("last week", D(2016, 12, 27)),
        ("earlier this week", D(2017, 1, 2)),  # the Monday of the publication week
        ("last weekend", D(2016, 12, 31)),  # its Saturday
    ],
)
def test_relative_days(words: str, expected: dt.date) -> None:
    d = one(f"Regime helicopters dropped barrel bombs {words}, activists said.", D(2017, 1, 3))
    assert (d.kind, d.text, d.date) == ("relative", words, expected)


@pytest.mark.parametrize(
    ("words", "year", "month"),
    [
        ("last year", 2016, None),
        ("the previous year", 2016, None),
        ("earlier this year", 2017, None),
        ("last month", 2016, 12),
        ("the previous month", 2016, 12),
        ("earlier this month", 2017, 1),
    ],
)
def test_relative_months_and_years_have_no_day(words: str, year: int, month: int | None) -> None:
    d = one(f"The town changed hands {words}.", D(2017, 1, 3))
    assert (d.kind, d.date, d.year, d.month) == ("relative", None, year, month)


def test_relative_without_publication_is_unresolved() -> None:
    got = dates("Yesterday's raid followed strikes last week and last year.")
    assert [(d.text, d.kind, d.date, d.year) for d in got] == [
        ("Yesterday", "relative", None, None),
        ("last week", "relative", None, None),
        ("last year", "relative", None, None),
    ]


# --- months and years -----------------------------------------------------------------------


def test_month_and_year_is_no_day() -> None:
    d = one("The conflict started in March 2011.")
    assert (d.kind, d.date, d.year, d.month, d.day, d.text) == (
        "month",
        None,
        2011,
        3,
        None,
        "March 2011",
    )


def test_month_of_a_relative_year() -> None:
    d = one("The first occupation ended in March previous year.", D(2016, 9, 19))
    assert (d.kind, d.date, d.year, d.month) == ("month", None, 2015, 3)
    d = one("The first occupation ended in March of last year.")
    assert (d.kind, d.year, d.month) == ("month", None, 3)


def test_month_alone_after_a_preposition() -> None:
    got = dates("Fighting resumed in mid-September and again in March.", D(2017, 1, 3))
    assert [(d.text, d.kind, d.year, d.month) for d in got] == [
        ("mid-September", "month", 2016, 9),
        ("March", "month", 2016, 3),
    ]


def test_year_alone() -> None:
    d = one("The war has killed hundreds of thousands since 2011.")
    assert (d.kind, d.date, d.year, d.text) == ("year", None, 2011, "2011")


@pytest.mark.parametrize(
    "text",
    [
        "The de-confliction line is open 24 hours per day.",
        "The briefing began at 10:30 local time.",
        "It was 4.3 C in New York.",
        "Fighters may march on Raqqa.",
        "The agreement covers 400,000 people and 2016 vehicles.",
        "Some 1,500 troops moved 30 km north.",
    ],
)
def test_no_dates(text: str) -> None:
    assert dates(text, D(2017, 1, 3)) == []


def test_spans_restrict_the_search() -> None:
    text = "Wednesday, April 24, 2024 | weather\n\nThe raid took place on Monday."
    body = [(text.index("The raid"), len(text))]
    (d,) = find_dates(text, D(2016, 9, 19), body)
    assert (d.text, d.date) == ("Monday", D(2016, 9, 19))


# --- the date of an event -------------------------------------------------------------------


def _sentence(text: str, words: str) -> tuple[int, int]:
    at = text.index(words)
    return next((a, b) for a, b in sentences(text) if a <= at < b)


def test_incident_date_prefers_explicit_in_the_sentence() -> None:
    text = "On Saturday, a day after talks, jets struck Deir Ezzor on 17 September 2016."
    ms = dates(text, D(2016, 9, 19))
    got = incident_date(ms, _sentence(text, "jets"), D(2016, 9, 19), text=text)
    assert got is not None and got.text == "17 September 2016"


def test_incident_date_prefers_weekday_over_relative() -> None:
    text = "Yesterday the ministry said jets struck the base on Thursday."
    ms = dates(text, D(2016, 6, 18))
    got = incident_date(ms, _sentence(text, "jets"), D(2016, 6, 18), text=text)
    assert got is not None and (got.text, got.date) == ("Thursday", D(2016, 6, 16))


def test_incident_date_looks_back_in_the_paragraph() -> None:
    text = (
        "The ceasefire began on September 12. On Saturday, coalition jets struck near the "
        "airport. At least 62 soldiers were killed.\n\nThe talks resume next week."
    )
    published = D(2016, 9, 19)
    ms = dates(text, published)
    got = incident_date(ms, _sentence(text, "At least 62"), published, text=text)
    assert got is not None and (got.text, got.date) == ("Saturday", D(2016, 9, 17))
    # nothing dated in the next paragraph: the search stops at the paragraph break
    assert incident_date(ms, _sentence(text, "The talks"), published, text=text) is None


def test_incident_date_without_text() -> None:
    text = "On Saturday, coalition jets struck near the airport. At least 62 soldiers died."
    published = D(2016, 9, 19)
    got = incident_date(dates(text, published), _sentence(text, "At least"), published)
    assert got is not None and got.date == D(2016, 9, 17)


def test_incident_date_skips_months_years_and_future_days() -> None:
    text = "Since March 2011 and since 2012, talks resume next Tuesday after raids on Monday."
    published = D(2017, 1, 3)
    ms = dates(text, published)
    got = incident_date(ms, (0, len(text)), published, text=text)
    assert got is not None and (got.text, got.date) == ("Monday", D(2017, 1, 2))
    assert incident_date(ms[:3], (0, len(text)), published, text=text) is None


def test_incident_date_with_nothing() -> None:
    assert incident_date([], (0, 10), D(2017, 1, 3)) is None


# --- the seed articles ----------------------------------------------------------------------


def _seed(shared_dir: Path, number: str) -> str:
    (path,) = sorted((shared_dir / "seeds").glob(f"{number}_*.txt"))
    return path.read_text(encoding="utf-8")


def test_seed_articles(shared_dir: Path) -> None:
    text = _seed(shared_dir, "004")
    got = {(d.text, d.date) for d in dates(text, D(2016, 9, 19))}
    assert ("September 17", D(2016, 9, 17)) in got
    assert ("September 12", D(2016, 9, 12)) in got
    sentence = _sentence(text, "The strike occurred")
    best = incident_date(dates(text, D(2016, 9, 19)), sentence, D(2016, 9, 19), text=text)
    assert best is not None and best.date == D(2016, 9, 17)

    text = _seed(shared_dir, "003")
    ms = dates(text, D(2016, 6, 18))
    thursday = [d for d in ms if d.text == "Thursday"]
    assert [d.date for d in thursday] == [D(2016, 6, 16)]
    assert text[thursday[0].start - 3 : thursday[0].end] == "on Thursday"

    text = _seed(shared_dir, "002")
    ms = dates(text, D(2017, 9, 17))
    first = ms[0]
    assert (first.text, first.kind, first.date) == ("Saturday", "weekday", D(2017, 9, 16))
    assert text[first.start - 3 : first.end] == "on Saturday"
    assert not any("24 hours" in d.text for d in ms)

    text = _seed(shared_dir, "000")
    ms = dates(text)
    assert ("March 2011", "month", 2011) in {(d.text, d.kind, d.year) for d in ms}
    assert all(d.date is None for d in ms)
    assert {d.weekday for d in ms if d.kind == "weekday"} == {1}
