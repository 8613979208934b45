"""From article text to incident drafts: places, actors, dates, casualty claims and distances.

Per the design, ``extract`` never draws: it finds what an article states, with the words each
value came from (character offsets into the article's text), and hands incident drafts to the
model. Reports of one incident in several articles are merged by :func:`merge`.

>>> import incidentmap
>>> result = incidentmap.extract("Russian jets struck near al-Bab on Tuesday.",
...                              published="2017-03-01")  # doctest: +SKIP
>>> result.incidents[0].place.name  # doctest: +SKIP
'near Al Bāb'
"""

from __future__ import annotations

import datetime as dt
import importlib
import sys
import types
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from incidentmap.errors import InputError, ValidationError
from incidentmap.extract._actors import ActorTable
from incidentmap.extract._types import (
    ActorMention,
    Article,
    DateMention,
    EventMention,
    Toponym,
)

if TYPE_CHECKING:
    from incidentmap.extract._article import article_spans, read_article
    from incidentmap.extract._incidents import Extraction, extract_article
    from incidentmap.extract._merge import merge, merge_groups
    from incidentmap.extract._output import incident_file, jsonl_record, to_jsonl, to_yaml
    from incidentmap.extract._places import Location, locate
    from incidentmap.extract._proximity import find_proximity
    from incidentmap.extract._toponyms import ToponymFinder, find_toponyms
    from incidentmap.gazetteer import Gazetteer

#: The pipeline's parts load on first use: the actor table alone (which maps need to group
#: actors) must not pull in the gazetteer, wordfreq and the article reader.
_LAZY = {
    "article_spans": "_article",
    "read_article": "_article",
    "Extraction": "_incidents",
    "extract_article": "_incidents",
    "merge": "_merge",
    "merge_groups": "_merge",
    "incident_file": "_output",
    "jsonl_record": "_output",
    "to_jsonl": "_output",
    "to_yaml": "_output",
    "Location": "_places",
    "locate": "_places",
    "find_proximity": "_proximity",
    "ToponymFinder": "_toponyms",
    "find_toponyms": "_toponyms",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = [
    "ARTICLE_SUFFIXES",
    "ActorMention",
    "ActorTable",
    "Article",
    "DateMention",
    "EventMention",
    "Extraction",
    "Location",
    "Toponym",
    "ToponymFinder",
    "article_spans",
    "extract_article",
    "extract_files",
    "extract_text",
    "find_proximity",
    "find_toponyms",
    "incident_file",
    "jsonl_record",
    "locate",
    "merge",
    "merge_groups",
    "read_article",
    "to_jsonl",
    "to_yaml",
]

#: File suffixes read as articles (anything else is an incident file or an export).
ARTICLE_SUFFIXES: frozenset[str] = frozenset({".txt", ".text", ".md", ".markdown", ".html", ".htm"})


def _date(published: dt.date | str | None) -> dt.date | None:
    if published is None or isinstance(published, dt.date):
        return published
    try:
        return dt.date.fromisoformat(published)
    except ValueError:
        raise ValidationError(
            f"published must be a date YYYY-MM-DD, got {published!r}",
            field="published",
            value=published,
        ) from None


def extract_text(
    text: str,
    gazetteer: Gazetteer | None = None,
    *,
    published: dt.date | str | None = None,
    doc_id: str = "text",
    title: str = "",
    actors: ActorTable | None = None,
) -> Extraction:
    """Incident drafts of one article given as a string.

    Parameters
    ----------
    text
        The article; offsets in the result index it. Web boilerplate in it is skipped.
    gazetteer
        The place index; the bundled one (loaded once per process) by default.
    published
        Publication date (``date`` or ``YYYY-MM-DD``): dates "on Tuesday" or "last year" are
        read relative to it. Without it such dates stay unknown and say so in the warnings.
    doc_id
        The source id given to every claim.
    """
    from incidentmap.extract._article import article_spans
    from incidentmap.extract._incidents import extract_article
    from incidentmap.gazetteer import Gazetteer

    if not isinstance(text, str):
        raise ValidationError(
            f"text must be a string, got {type(text).__name__}", field="text", value=text
        )
    gaz = gazetteer if gazetteer is not None else Gazetteer.shared()
    article = Article(text, article_spans(text), title=title, published=_date(published))
    return extract_article(article, gaz, doc_id=doc_id, actors=actors)


def extract_files(
    paths: Iterable[str | Path],
    gazetteer: Gazetteer | None = None,
    *,
    published: dt.date | str | None = None,
    actors: ActorTable | None = None,
) -> list[Extraction]:
    """Incident drafts of each article file (.txt, .md, .html); ids are the file names' stems.

    Two files with the same stem get ``-2``, ``-3``... so every source id is unique.
    """
    from incidentmap.extract._article import read_article
    from incidentmap.extract._incidents import extract_article
    from incidentmap.gazetteer import Gazetteer

    gaz = gazetteer if gazetteer is not None else Gazetteer.shared()
    when = _date(published)
    out: list[Extraction] = []
    seen: set[str] = set()
    for path in paths:
        if not Path(path).is_file():
            raise InputError("no such file", path=Path(path))
        article = read_article(path, published=when)
        stem = base = Path(path).stem
        n = 1
        while stem in seen:
            n += 1
            stem = f"{base}-{n}"
        seen.add(stem)
        out.append(extract_article(article, gaz, doc_id=stem, actors=actors))
    return out


class _CallableModule(types.ModuleType):
    """``incidentmap.extract`` is the extraction package, and calling it extracts from text."""

    def __call__(
        self,
        text: str,
        gazetteer: Gazetteer | None = None,
        *,
        published: dt.date | str | None = None,
        doc_id: str = "text",
        title: str = "",
        actors: ActorTable | None = None,
    ) -> Extraction:
        return extract_text(
            text, gazetteer, published=published, doc_id=doc_id, title=title, actors=actors
        )


sys.modules[__name__].__class__ = _CallableModule
