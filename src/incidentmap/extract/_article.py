"""Reading article files (.txt, .md, .html) and telling article text from web boilerplate."""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from incidentmap.errors import InputError
from incidentmap.extract._types import Article
from incidentmap.text import decode_utf8

__all__ = ["article_spans", "read_article"]

logger = logging.getLogger(__name__)

_SUFFIX_FORMATS = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".mdown": "md",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
}
_HTML_SNIFF = re.compile(r"<(?:html|body|p)\b", re.IGNORECASE)

# -- line classes ----------------------------------------------------------------------------
_BLANK, _KEEP, _DROP, _TAIL = 0, 1, 2, 3

#: Words a line needs to count as prose (a sentence of the article, not a label or a title).
_PROSE_MIN_WORDS = 8
#: Words a prose line needs to end the tail (related articles, comments) and count as article.
_RESUME_MIN_WORDS = 25
#: Lines before the first prose line with fewer words than this are widgets (not the headline).
_HEAD_MIN_WORDS = 4
#: Lines longer than this are never matched against boilerplate patterns (cookie notices are
#: the longest boilerplate lines; a paragraph is longer).
_MAX_PATTERN_CHARS = 400

_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*$")
_ALNUM = re.compile(r"\w")
# A line with something on it; line breaks are those of str.splitlines().
_BREAK = r"\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029"
_TEXT_LINE = re.compile(rf"(?<![^{_BREAK}])[^{_BREAK}]*\S[^{_BREAK}]*")
# Markdown decoration removed before matching patterns: links keep their words.
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_EDGE = re.compile(r"^[\s#>*_]+|[\s*_]+$")


def _alternatives(*patterns: str) -> re.Pattern[str]:
    return re.compile("(?:" + "|".join(patterns) + r")", re.IGNORECASE)


_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?"
#: A line that is only a date (and maybe a weekday and a time): a site's "today" or a dateline.
_DATE_LINE = _alternatives(
    rf"(?:{_WEEKDAY},?\s+)?{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}",
    rf"(?:{_WEEKDAY},?\s+)?\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}",
    r"\d{4}-\d{2}-\d{2}",
    r"\d{1,2}[./]\d{1,2}[./]\d{2,4}",
)
_TIME = r"(?:\s*[,|@-]?\s*(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?)?"
_DATE_ONLY = re.compile(rf"(?:{_DATE_LINE.pattern}){_TIME}", re.IGNORECASE)
#: A weather widget: "4.3 C", "21°C", "-3 °F", or with its city on the line: "4.3 C New York"
#: (that form needs a decimal or a degree sign, so "3 C Company" stays).
_TEMPERATURE = re.compile(
    r"[-+−]?\d{1,3}(?:[.,]\d{1,2})?\s*(?:°\s*[CF]?|[CF])"
    r"|[-+−]?\d{1,3}(?:(?:[.,]\d{1,2})?\s*°\s*[CF]?|[.,]\d{1,2}\s*[CF])(?!\w)\s+\D{1,40}"
)
#: Bylines may stay; they are not taken for the headline.
_BYLINE = re.compile(
    r"(?:by|written by|words by|reporting by|from)\s+[A-Z][\w.'’-]*(?:\s+[\w.'’&,-]+){0,8}"
    r"|[•·*–—-]\s*[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}"
    r"|(?:published|updated|posted|last updated|first published)\s*:?\s+\S.*",
    re.IGNORECASE,
)

#: Lines that start the end matter of a page: what follows is lists and comments, not article.
_TAIL_LINE = _alternatives(
    r"related(?:\s+(?:articles?|posts?|stories|story|news|content|coverage|reading|topics))?",
    r"more (?:stories|news|articles|from \w+(?:\s+\w+){0,3}|on this story|in \w+)",
    r"(?:you|we think you) (?:may|might|will) (?:also )?(?:like|enjoy|be interested in)",
    r"recommended(?: for you| stories| articles| reading)?",
    r"(?:read|up) next|what to read next|don'?t miss|editor'?s picks?",
    r"most (?:popular|read|viewed|shared|commented)(?: (?:stories|articles|posts|news))?",
    r"(?:trending|popular|latest|recent) (?:now|stories|posts|articles|news)",
    r"trending",
    r"(?:leave|post|write|add) a (?:reply|comment|response)",
    r"(?:\d+\s+)?(?:comments?|responses?|replies)(?:\s*\(\d+\))?",
    r"recent comments|join the (?:conversation|discussion)|no comments(?: yet)?\.?",
    r"(?:show|view|load|see) (?:all )?comments?(?:\s*\(\d+\))?",
    r"around the web|from (?:around )?the web|promoted (?:stories|content|links)",
    r"(?:sponsored|partner) (?:stories|content|links)",
    r"post navigation|previous (?:article|post|story)|next (?:article|post|story)",
)

#: Lines that are boilerplate wherever they stand.
_DROP_LINE = _alternatives(
    # advertising
    r"[-–—\s]*(?:advert(?:i[sz]e?ments?|isments?)|ads?|sponsored|promoted|paid content)[-–—\s]*",
    r"(?:story|article) continues (?:below|after)(?: (?:the )?(?:advertisement|ad))?",
    r"(?:continue reading|scroll to continue)(?: (?:below|with content|the main story))?",
    # comment forms and spam notices
    r"please enter your (?:comment|name|email(?: address)?)(?: here)?!?",
    r"you have entered an incorrect email address!?",
    r"this site uses akismet to reduce spam\..*",
    r"your email address will not be published\..*",
    r"required fields are marked.*",
    r"save my name, email,? and website in this browser.*",
    r"notify me of (?:follow-up comments|new posts).*",
    r"(?:post|submit) (?:comment|reply)|cancel reply|reply|report(?: this comment)?",
    r"(?:name|email|website|comment)\s*\*?:?",
    r"log ?in to (?:reply|comment).*|you must be logged in to post a comment\.?",
    # share, cookies, legal
    r"(?:share|share this|share this (?:article|story|post|page)|share on \w+|shares?)\s*:?",
    r"(?:click|tap) (?:here )?to (?:share|print|email|subscribe|follow|open|tweet).*",
    r"(?:facebook|twitter|x|whatsapp|telegram|linkedin|pinterest|reddit|email|e-mail|print"
    r"|copy link|messenger|tweet|pin it|flipboard)(?:\s*[|/·•,]\s*"
    r"(?:facebook|twitter|x|whatsapp|telegram|linkedin|pinterest|reddit|email|e-mail|print"
    r"|copy link|messenger|tweet|pin it|flipboard))*",
    r"(?:we|this (?:site|website)) uses? cookies\b.{0,300}",
    r"by (?:continuing to use|using) (?:this|our) (?:site|website).{0,300}",
    r"(?:accept|reject|manage)(?: all)? cookies|cookie (?:policy|settings|preferences)",
    r"(?:privacy policy|terms (?:of (?:use|service)|and conditions)|contact us|about us)"
    r"(?:\s*[|/·•]\s*[\w ]{2,30})*",
    r"(?:©|\(c\)|copyright\s*(?:©|\(c\)|\d{4})).{0,160}",
    r".{0,120}all rights reserved\.?",
    r"like this:|like loading\.*|loading\.*|share this:",
    # one-line links to other stories, tags
    r"(?:read|see) (?:more|also|next)\s*(?:[:»>›|…-]|\.\.\.).{0,200}|(?:read|see) (?:more|also)",
    r"(?:also read|related|more|watch|listen|watch now|video)\s*:.{0,200}",
    r"(?:tags?|topics?|filed under|categories|category|posted in|keywords)\s*:.{0,300}",
    # agency credits
    r"(?:additional )?(?:reporting|writing|editing) by\b.{0,200}",
    r"our standards:.{0,100}",
    # navigation
    r"home\s*[»>/|›].*|you are here\s*:.*",
    r"skip to (?:main )?(?:content|navigation)|toggle navigation|main menu|menu|search"
    r"|close|back to top|top|next|previous|print|more|home|newsletter",
    r"(?:subscribe|sign up|sign in|log in|login|register|logout|log out|my account)(?: now| here)?",
    # Markdown: link reference definitions, image lines, HTML comments
    r"\s{0,3}\[[^\]]+\]:\s*\S+.*",
    r"(?:\[?!\[[^\]]*\]\([^)]*\)\]?(?:\([^)]*\))?\s*)+",
    r"<!--.*-->",
)
#: Calls to follow, subscribe or read on: boilerplate unless the line is a sentence of prose.
_DROP_LABEL = _alternatives(
    r"(?:follow|like|find) us\b.{0,160}",
    r"(?:subscribe|sign up|register)\b.{0,160}",
    r"(?:get|receive) (?:our|the) (?:newsletter|daily|latest).{0,160}",
    r"(?:read|see) (?:more|also|next|the full (?:story|article))\b.{0,200}",
    r"(?:click|tap) (?:here|to)\b.{0,160}",
)
# Breadcrumbs are case-sensitive ("HomeNewsWorld"): the case-insensitive one above would also
# eat "Homeland Security said ...".
_BREADCRUMB = re.compile(r"Home(?:News|World|Politics|[A-Z][a-z]+[A-Z]).*|Home\s*[»>/|›].*")
_COMMENT_HEADER = re.compile(
    r".{1,80}\b(?:says|said|wrote|writes|commented)\s*:?|.{0,40}\d{1,2}[:.]\d{2}\s*[ap]\.?m\.?"
    r"|.{0,40}\b(?:minutes?|hours?|days?|weeks?|months?|years?) ago",
    re.IGNORECASE,
)
_FRONT_MATTER_OPEN = re.compile(r"---[ \t]*\Z")
_FRONT_MATTER_CLOSE = re.compile(r"(?:---|\.\.\.)[ \t]*\Z")
# A "---" block counts as front matter only with a key such blocks have, so that a text that
# opens with a rule and "UPDATE: ..." keeps its first paragraph.
_FRONT_MATTER_KEY = re.compile(
    r"(?:title|date|author|authors|layout|tags|categories|url|slug|description|summary|source"
    r"|published|updated|lang|language|draft|canonical_url|link|permalink|id)\s*:",
    re.IGNORECASE,
)
_FRONT_MATTER_MAX_LINES = 200


def read_article(path: str | Path, *, published: dt.date | None = None) -> Article:
    """Read an article file and mark which parts of it are the article.

    Parameters
    ----------
    path
        A ``.txt``, ``.md`` or ``.html``/``.htm`` file, UTF-8 (a byte-order mark is accepted).
        Other suffixes are read as text, or as HTML when the text starts with ``<`` and holds
        an ``<html``, ``<body`` or ``<p`` tag.
    published
        The publication date, when the caller knows it; it wins over a date found in the page's
        metadata or a Markdown front matter.

    Returns
    -------
    Article
        For text and Markdown, ``text`` is the file's text as read (offsets index it; Markdown
        is kept as written) and ``body`` the spans :func:`article_spans` finds; the title is a
        front matter ``title:``, or the headline line. For HTML, ``text`` is the article's
        plain text as trafilatura extracts it (no scripts, navigation, comments or tables),
        ``body`` the spans of it that are article text, and title, date and address come from
        the page's metadata.

    Raises
    ------
    InputError
        When the file is not UTF-8 (the message gives the byte offset and line of the first
        bad byte), holds no text at all, or is an HTML page with no article text in it.
    OSError
        When ``path`` cannot be read.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     file = Path(tmp) / "dispatch.txt"
    ...     _ = file.write_text(
    ...         "12°C\\nLondon\\nShelling hits Kharvona\\n\\n"
    ...         "Shells struck the market of Kharvona on Saturday, officials said.\\n\\n"
    ...         "Advertisement\\n\\nRELATED ARTICLES\\nCeasefire talks stall\\n",
    ...         encoding="utf-8",
    ...     )
    ...     article = read_article(file)
    >>> article.title
    'Shelling hits Kharvona'
    >>> [article.text[a:b] for a, b in article.body]  # doctest: +NORMALIZE_WHITESPACE
    ['Shelling hits Kharvona\\n\\nShells struck the market of Kharvona on Saturday,
      officials said.']
    """
    name = str(path)
    file = Path(path)
    text = decode_utf8(file.read_bytes(), name)
    if not text.strip():
        raise InputError("the file is empty: there is no article text to read", path=name)
    if isinstance(published, dt.datetime):
        published = published.date()
    fmt = _format_of(file, text)
    if fmt == "html":
        return _read_html(text, name, published)
    return _read_plain(text, name, fmt, published)


def article_spans(text: str) -> tuple[tuple[int, int], ...]:
    """The ``(start, end)`` spans of ``text`` that are article text, boilerplate left out.

    Each line is classified: blank, boilerplate (weather widgets, breadcrumbs, "Advertisement",
    comment forms, share/follow/subscribe/cookie lines, "Read more", Markdown link references,
    image lines and front matter), a *tail* marker ("RELATED ARTICLES", "LEAVE A REPLY", "Most
    Popular", "Recent Comments", "3 Comments", ...), or kept. Before the first prose line (a
    sentence of at least eight words) only the headline and lines of four words or more are
    kept: short lines up there are widgets (a city, a date, a menu). After a tail marker every
    line is boilerplate until a long prose paragraph that is not a reader's comment. Kept lines
    with only blank lines between them form one span; spans start and end on non-blank
    characters.

    >>> t = "4.3 C\\nNew York\\nHomeNewsTitle\\n\\nHeadline of the story here\\n\\n" \\
    ...     "Troops shelled the village of Kharvona at dawn on Sunday, officials said.\\n\\n" \\
    ...     "Advertisements\\n\\nLEAVE A REPLY\\nPlease enter your comment!\\n"
    >>> [t[a:b] for a, b in article_spans(t)]  # doctest: +NORMALIZE_WHITESPACE
    ['Headline of the story here\\n\\nTroops shelled the village of Kharvona at dawn on
      Sunday, officials said.']
    >>> article_spans("")
    ()
    """
    spans, lines = _lines(text)
    kinds = _classify(lines, front_matter=text.startswith("---"))
    return _merge(text, spans, kinds)


# -- reading ---------------------------------------------------------------------------------


def _format_of(file: Path, text: str) -> str:
    fmt = _SUFFIX_FORMATS.get(file.suffix.lower())
    if fmt is not None:
        return fmt
    if text.lstrip().startswith("<") and _HTML_SNIFF.search(text):
        return "html"
    return "txt"


def _read_plain(text: str, name: str, fmt: str, published: dt.date | None) -> Article:
    meta = _front_matter(text) if fmt == "md" else {}
    body = article_spans(text)
    title = _meta_str(meta, "title") or _headline(text, body)
    return Article(
        text=text,
        body=body,
        title=title,
        published=published or _meta_date(meta.get("date")),
        url=_meta_str(meta, "url") or _meta_str(meta, "canonical_url") or _meta_str(meta, "link"),
        path=name,
        format=fmt,
    )


def _read_html(html: str, name: str, published: dt.date | None) -> Article:
    import trafilatura  # heavy (lxml, justext, htmldate): loaded only when a page is read

    # A fixed max_date and no extensive search: the same page gives the same date on any day,
    # and a copyright year or a "today" widget is not taken for the publication date.
    date_params = {"original_date": True, "extensive_search": False, "max_date": "2099-12-31"}
    document = trafilatura.bare_extraction(
        html,
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        include_formatting=False,
        favor_precision=True,
        deduplicate=False,
        with_metadata=True,
        date_extraction_params=date_params,
    )
    text = (getattr(document, "text", None) or "").strip()
    body = article_spans(text)
    if not body:
        raise InputError(
            "no article text could be extracted from this HTML page "
            "(it holds only navigation, scripts, comments or nothing at all)",
            path=name,
        )
    title = (getattr(document, "title", None) or "").strip()
    return Article(
        text=text,
        body=body,
        title=title or _headline(text, body),
        published=published or _meta_date(getattr(document, "date", None)),
        url=(getattr(document, "url", None) or "").strip(),
        path=name,
        format="html",
    )


def _front_matter(text: str) -> dict[str, Any]:
    """The keys of a leading ``---`` YAML block, or ``{}`` when there is none or it is broken."""
    lines = text[: _FRONT_MATTER_MAX_LINES * 200].splitlines()[:_FRONT_MATTER_MAX_LINES]
    closing = _front_matter_end(lines)
    if closing is None:
        return {}
    block = "\n".join(lines[1:closing])
    try:
        data = yaml.safe_load(block)
    except yaml.YAMLError as err:
        logger.debug("front matter is not YAML, read line by line: %s", err)
        data = None
    if isinstance(data, dict):
        return {str(k).lower(): v for k, v in data.items()}
    pairs = (line.split(":", 1) for line in block.splitlines() if ":" in line)
    return {k.strip().lower(): v.strip().strip("'\"") for k, v in pairs}


def _front_matter_end(lines: Sequence[str]) -> int | None:
    """Index of the line closing a leading ``---`` block of ``key: value`` lines."""
    if not lines or not _FRONT_MATTER_OPEN.match(lines[0]):
        return None
    for i in range(1, min(len(lines), _FRONT_MATTER_MAX_LINES)):
        if _FRONT_MATTER_CLOSE.match(lines[i]):
            has_key = any(_FRONT_MATTER_KEY.match(line) for line in lines[1:i])
            return i if has_key else None
    return None


def _meta_str(meta: dict[str, Any], key: str) -> str:
    value = meta.get(key)
    return str(value).strip() if isinstance(value, str | int | float) else ""


def _meta_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            logger.debug("date %r is not YYYY-MM-DD; ignored", value)
    return None


def _headline(text: str, body: Sequence[tuple[int, int]]) -> str:
    """The first line of the article when it reads as a headline (not prose)."""
    if not body:
        return ""
    start, end = body[0]
    first = text[start:end].splitlines()[0].strip()
    heading = first.startswith("#")
    first = _MD_EDGE.sub("", _MD_LINK.sub(r"\1", first)).strip()
    if not first or len(first) > 200 or _is_byline(first) or (not heading and _is_prose(first)):
        return ""
    return first


# -- line classification ---------------------------------------------------------------------


def _lines(text: str) -> tuple[list[tuple[int, int]], list[str]]:
    """``(start, end)`` of each line that is not blank, and the lines themselves.

    Blank lines are left out: they never end a span, so only their neighbours matter.
    """
    spans: list[tuple[int, int]] = []
    lines: list[str] = []
    for m in _TEXT_LINE.finditer(text):
        spans.append(m.span())
        lines.append(m.group())
    return spans, lines


def _plain(line: str) -> str:
    """The line as matched against patterns: trimmed, Markdown links and emphasis undone."""
    s = line.strip()
    if "[" in s:
        s = _MD_LINK.sub(r"\1", s)
    if s[:1] in "#>*_" or s[-1:] in "*_":
        s = _MD_EDGE.sub("", s)
    return s


def _is_prose(s: str) -> bool:
    words = len(s.split())
    return words >= 20 or (words >= _PROSE_MIN_WORDS and bool(_SENTENCE_END.search(s)))


def _pattern_kind(raw: str, s: str) -> int:
    """The class a line has by itself: blank, boilerplate, tail marker, or kept.

    ``raw`` is the line as written (Markdown syntax is matched on it), ``s`` its plain words.
    """
    if not s or not _ALNUM.search(s):
        return _BLANK
    if len(s) > _MAX_PATTERN_CHARS:
        return _KEEP  # a long paragraph is never a widget, a label or a form
    if _TAIL_LINE.fullmatch(s.rstrip(":")):
        return _TAIL
    written = raw.strip()
    if (
        (written != s and _DROP_LINE.fullmatch(written))
        or _DROP_LINE.fullmatch(s)
        or _BREADCRUMB.fullmatch(s)
        or _TEMPERATURE.fullmatch(s)
        or (_DROP_LABEL.fullmatch(s) and not _is_prose(s))
    ):
        return _DROP
    return _KEEP


def _classify(lines: list[str], *, front_matter: bool) -> list[int]:
    """The class of each (non-blank) line; ``front_matter``: the text starts with ``---``."""
    plain: list[str] = []
    kinds: list[int] = []
    memo: dict[str, tuple[str, int]] = {}  # pages repeat lines: menus, "Reply", "Advertisement"
    for raw in lines:
        known = memo.get(raw)
        if known is None:
            s = _plain(raw)
            known = memo[raw] = (s, _pattern_kind(raw, s))
        plain.append(known[0])
        kinds.append(known[1])
    closing = _front_matter_end(lines) if front_matter else None
    if closing is not None:
        kinds[: closing + 1] = [_DROP] * (closing + 1)
    _drop_weather_places(plain, kinds)
    first_prose = next(
        (i for i, k in enumerate(kinds) if k == _KEEP and _is_prose(plain[i])), len(kinds)
    )
    if first_prose < len(kinds):
        _classify_head(plain, kinds, first_prose)
    _classify_tail(plain, kinds, first_prose)
    return kinds


def _drop_weather_places(plain: list[str], kinds: list[int]) -> None:
    """The short line after a temperature ("4.3 C" / "New York") is the widget's city."""
    for i, s in enumerate(plain):
        if kinds[i] != _DROP or not _TEMPERATURE.fullmatch(s):
            continue
        j = _next_nonblank(kinds, i + 1)
        if (
            j is not None
            and kinds[j] == _KEEP
            and len(plain[j].split()) < _HEAD_MIN_WORDS
            and not _SENTENCE_END.search(plain[j])
        ):
            kinds[j] = _DROP


def _classify_head(plain: list[str], kinds: list[int], first_prose: int) -> None:
    """Before the first prose line keep the headline and long lines; drop widgets."""
    candidates = [
        i
        for i in range(first_prose)
        if kinds[i] == _KEEP and not _DATE_ONLY.fullmatch(plain[i]) and not _is_byline(plain[i])
    ]
    headline = candidates[-1] if candidates else None
    for i in range(first_prose):
        if kinds[i] == _TAIL:
            kinds[i] = _DROP  # "Most Popular" in a header bar does not end the article
        elif kinds[i] == _KEEP and i != headline and _is_widget(plain[i]):
            kinds[i] = _DROP


def _classify_tail(plain: list[str], kinds: list[int], first_prose: int) -> None:
    """After a tail marker drop everything until a long prose paragraph that is not a comment."""
    in_tail = False
    for i in range(first_prose, len(kinds)):
        kind = kinds[i]
        if kind == _TAIL:
            in_tail = True
            kinds[i] = _DROP
        elif in_tail and kind == _KEEP:
            if _resumes_article(plain, kinds, i):
                in_tail = False
            else:
                kinds[i] = _DROP


def _resumes_article(plain: list[str], kinds: list[int], i: int) -> bool:
    s = plain[i]
    if len(s.split()) < _RESUME_MIN_WORDS or not _SENTENCE_END.search(s):
        return False
    before = _prev_nonblank(kinds, i - 1)
    if before is not None and _COMMENT_HEADER.fullmatch(plain[before]):
        return False
    after = _next_nonblank(kinds, i + 1)
    return after is None or plain[after].strip(" .:").lower() not in {"reply", "report"}


def _is_widget(s: str) -> bool:
    """A line above the headline that is a date, or short and not a byline."""
    if _DATE_ONLY.fullmatch(s):
        return True
    return len(s.split()) < _HEAD_MIN_WORDS and not _is_byline(s)


def _is_byline(s: str) -> bool:
    return len(s.split()) <= 10 and bool(_BYLINE.fullmatch(s))


def _next_nonblank(kinds: list[int], i: int) -> int | None:
    while i < len(kinds):
        if kinds[i] != _BLANK:
            return i
        i += 1
    return None


def _prev_nonblank(kinds: list[int], i: int) -> int | None:
    while i >= 0:
        if kinds[i] != _BLANK:
            return i
        i -= 1
    return None


def _merge(
    text: str, lines: list[tuple[int, int]], kinds: list[int]
) -> tuple[tuple[int, int], ...]:
    """Runs of kept lines (blank lines between them included) as trimmed spans."""
    spans: list[tuple[int, int]] = []
    start: int | None = None
    end = 0
    for (a, b), kind in zip(lines, kinds, strict=True):
        if kind == _KEEP:
            if start is None:
                start = a
            end = b
        elif kind != _BLANK and start is not None:
            spans.append(_trim(text, start, end))
            start = None
    if start is not None:
        spans.append(_trim(text, start, end))
    return tuple(s for s in spans if s[1] > s[0])


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
