"""Reading article files and telling article text from web boilerplate (extract._article)."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path
from typing import Any

import pytest

from incidentmap.errors import InputError
from incidentmap.extract._article import article_spans, read_article

# -- hand-written dispatches (invented places and people) -------------------------------------

COPIED_PAGE = """\
-2.5 C
Springfield
Thursday, March 11, 2021
HomeWorldDrone strike hits fuel depot near Dellamar

Drone strike hits fuel depot near Dellamar

Two drones struck a fuel depot on the outskirts of Dellamar late on Tuesday, setting off fires that burned through the night, the provincial governor said.

The depot lies about 12 kilometres south of Kharvona, a town the Northern Brigades captured in January.

Advertisement

Firefighters from Kharvona and Ostrel brought the blaze under control by Wednesday morning, according to the regional emergency service.

- Advertisment -

No group has said it carried out the attack.

Share this article
Follow us on Twitter
Read more: Ceasefire talks stall again in Ostrel

RELATED ARTICLES

Ceasefire talks stall again
Fighting flares near the river crossing

LEAVE A REPLY

Please enter your comment!
Please enter your name here

You have entered an incorrect email address!
Please enter your email address here

Save my name, email, and website in this browser for the next time I comment.

This site uses Akismet to reduce spam. Learn how your comment data is processed.

Most Popular

Recent Comments

Mara Vey on Ceasefire talks stall again
Tomas Grell on Fighting flares near the river crossing
"""

COMMENTS_PAGE = """\
Militia shells villages east of Ostrel

Militia fighters shelled three villages east of Ostrel on Friday, killing two farmers and wounding five others, a local council member told reporters.

3 Comments

Dara Moss says:
March 13, 2021 at 4:15 pm
This is the third time this month that the villages around Ostrel have been shelled and nobody seems to care about the farmers who live there and lose everything.
Reply

Ivo Brenn says:
This is so sad, thoughts with the families tonight.
Reply
"""

MID_WIDGET_PAGE = """\
Convoy ambushed on the Kharvona road

Gunmen ambushed an aid convoy on the road between Kharvona and Dellamar on Monday, killing a driver and wounding two aid workers, the agency running the convoy said.

Related Articles
Aid agencies suspend work in the north
Road closures cut off Dellamar

The convoy was carrying flour and medicine to displaced families sheltering in schools in Dellamar, and had been cleared to travel by both sides the day before the attack, the agency said.

Cookie policy
We use cookies to improve your experience on our website. By continuing to browse you agree to our use of cookies.
"""

MARKDOWN_ARTICLE = """\
---
title: "Strike on the Ostrel bridge"
date: 2021-04-02
url: https://dispatches.example/ostrel-bridge
---

# Strike on the Ostrel bridge

![Smoke rises over the bridge](images/bridge.jpg)

An air strike destroyed the main bridge over the river at [Ostrel](https://example.org/ostrel) on Friday, cutting the road to Kharvona, residents said.

The bridge had been the only crossing usable by trucks for 40 kilometres.

[1]: https://example.org/source-one
[ostrel]: https://example.org/ostrel "Ostrel"
"""

SCRIPT_MARKER = "ZQX_SCRIPT_MARKER"

HTML_PAGE = f"""\
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Market shelled in Kharvona | The Daily Lantern</title>
<meta property="og:title" content="Market shelled in Kharvona">
<meta property="article:published_time" content="2021-03-14T08:30:00Z">
<link rel="canonical" href="https://lantern.example/news/kharvona-market">
<script>var tracker = "{SCRIPT_MARKER}"; function ad() {{ document.write("buy"); }}</script>
<style>.ad {{ color: red; }}</style>
</head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/world">World</a></li></ul></nav>
<div class="weather">4.3 C Springfield</div>
<div class="ad">Advertisement</div>
<article>
<h1>Market shelled in Kharvona</h1>
<p class="byline">By Mira Kestel</p>
<p>Artillery shells struck the central market of Kharvona on Saturday morning, killing at
least nine civilians and wounding more than twenty, local officials said.</p>
<p>The town, about 15 kilometres north of the river port of Dellamar, has been shelled
repeatedly since government forces withdrew from the nearby hills in January.</p>
<script>console.log("{SCRIPT_MARKER} inside the article");</script>
<p>A spokesman for the regional council blamed the Northern Brigades for the attack, which the
group denied in a statement posted online late on Saturday.</p>
<div class="ad">Advertisement</div>
<p>Residents said the shelling began shortly after nine o'clock, when the market was crowded
with shoppers buying food before the spring holiday.</p>
</article>
<section id="comments" class="comments">
<h3>2 Comments</h3>
<div class="comment"><p>Anna Lisk on Market shelled: praying for everyone in Zembla Falls
tonight, this is terrible news.</p></div>
<form><p>Please enter your comment!</p><input name="author"></form>
</section>
<aside class="related"><h3>Related articles</h3>
<ul><li><a href="/a">Ceasefire talks stall again in Quorvin</a></li></ul></aside>
<footer>Subscribe to our newsletter. Follow us on Twitter. We use cookies.
&copy; 2021 The Daily Lantern</footer>
</body>
</html>
"""


def _body_text(text: str, spans: tuple[tuple[int, int], ...]) -> str:
    return "\n".join(text[a:b] for a, b in spans)


def _write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_bytes(content.encode("utf-8"))
    return path


# -- article_spans ---------------------------------------------------------------------------


def test_article_spans_drop_widgets_ads_and_tail_of_a_copied_page() -> None:
    spans = article_spans(COPIED_PAGE)
    body = _body_text(COPIED_PAGE, spans)
    assert body.startswith("Drone strike hits fuel depot near Dellamar\n\nTwo drones")
    for kept in ("12 kilometres south of Kharvona", "Kharvona and Ostrel", "No group has said"):
        assert kept in body
    for dropped in (
        "-2.5 C",
        "Springfield",
        "March 11, 2021",
        "HomeWorld",
        "Advertisement",
        "Advertisment",
        "Share this",
        "Follow us",
        "Read more",
        "RELATED ARTICLES",
        "Ceasefire talks",
        "LEAVE A REPLY",
        "Please enter",
        "incorrect email",
        "Save my name",
        "Akismet",
        "Most Popular",
        "Recent Comments",
        "Mara Vey",
        "Tomas Grell",
    ):
        assert dropped not in body, dropped


def test_article_spans_are_runs_of_kept_lines_split_at_boilerplate() -> None:
    spans = article_spans(COPIED_PAGE)
    assert len(spans) == 3  # broken by "Advertisement" and "- Advertisment -"
    for a, b in spans:
        piece = COPIED_PAGE[a:b]
        assert piece == piece.strip()
        assert "Advert" not in piece
    first = COPIED_PAGE[spans[0][0] : spans[0][1]]
    assert "\n\n" in first  # blank lines between kept lines stay inside one span
    assert list(spans) == sorted(spans)
    assert all(b1 < a2 for (_, b1), (a2, _) in itertools.pairwise(spans))


def test_article_spans_tail_drops_reader_comments() -> None:
    body = _body_text(COMMENTS_PAGE, article_spans(COMMENTS_PAGE))
    assert "Militia fighters shelled three villages east of Ostrel" in body
    assert "Comments" not in body
    assert "Dara Moss" not in body
    assert "third time this month" not in body  # a long comment is still a comment
    assert "Reply" not in body


def test_article_spans_long_prose_after_a_related_widget_is_article_again() -> None:
    body = _body_text(MID_WIDGET_PAGE, article_spans(MID_WIDGET_PAGE))
    assert "Gunmen ambushed an aid convoy" in body
    assert "Related Articles" not in body
    assert "Aid agencies suspend work" not in body
    assert "Road closures cut off Dellamar" not in body
    assert "The convoy was carrying flour and medicine" in body
    assert "cookies" not in body


def test_article_spans_keep_prose_that_starts_like_boilerplate() -> None:
    text = (
        "Follow us, the commander told the villagers of Ostrel before the column left at dawn.\n"
        "Homeland security officials in Dellamar said the roads were closed on Sunday.\n"
        "Comments by the governor on Monday angered residents of the town of Kharvona.\n"
    )
    assert article_spans(text) == ((0, len(text) - 1),)


def test_article_spans_plain_article_is_one_span() -> None:
    text = (
        "Shells hit Kharvona\n"
        "Artillery shells hit the town of Kharvona on Sunday, officials said.\n"
        "  • Lena Orr\n"
    )
    assert article_spans(text) == ((0, len(text.rstrip())),)


def test_article_spans_handle_crlf_and_empty_text() -> None:
    text = (
        "Advertisement\r\nTroops entered the village of Ostrel on Tuesday after a long siege.\r\n"
    )
    (span,) = article_spans(text)
    assert text[span[0] : span[1]] == (
        "Troops entered the village of Ostrel on Tuesday after a long siege."
    )
    assert article_spans("") == ()
    assert article_spans("\n\n  \n") == ()


def test_article_spans_headline_is_kept_in_front_of_prose_even_when_short() -> None:
    text = "Menu\nSearch\nOstrel shelled\n\nShells fell on the town of Ostrel overnight, the mayor said.\n"
    (span,) = article_spans(text)
    assert text[span[0] : span[1]].startswith("Ostrel shelled\n")


def test_article_spans_is_deterministic_on_a_megabyte() -> None:
    # its speed is measured in benchmarks/bench_extract.py
    block = COPIED_PAGE.split("Share this article")[0]
    big = block * (1_000_000 // len(block) + 1)
    assert len(big) >= 1_000_000
    spans = article_spans(big)
    assert article_spans(big) == spans
    assert len(spans) > 100


# -- read_article: text, Markdown ------------------------------------------------------------


def test_read_txt_keeps_file_text_and_finds_headline(tmp_path: Path) -> None:
    path = _write(tmp_path, "dispatch.txt", COPIED_PAGE)
    article = read_article(path)
    assert article.text == COPIED_PAGE
    assert article.body == article_spans(COPIED_PAGE)
    assert article.title == "Drone strike hits fuel depot near Dellamar"
    assert article.format == "txt"
    assert article.path == str(path)
    assert article.published is None  # the "today" widget is not the publication date
    assert article.url == ""


def test_read_txt_published_argument(tmp_path: Path) -> None:
    path = _write(tmp_path, "dispatch.txt", COMMENTS_PAGE)
    article = read_article(str(path), published=dt.date(2021, 3, 12))
    assert article.published == dt.date(2021, 3, 12)
    assert article.path == str(path)


def test_read_markdown_front_matter_links_and_images(tmp_path: Path) -> None:
    path = _write(tmp_path, "bridge.md", MARKDOWN_ARTICLE)
    article = read_article(path)
    assert article.text == MARKDOWN_ARTICLE  # offsets index the file's text as written
    assert article.format == "md"
    assert article.title == "Strike on the Ostrel bridge"
    assert article.published == dt.date(2021, 4, 2)
    assert article.url == "https://dispatches.example/ostrel-bridge"
    body = _body_text(article.text, article.body)
    assert "# Strike on the Ostrel bridge" in body
    assert "[Ostrel](https://example.org/ostrel)" in body  # inline links stay, as written
    assert "40 kilometres" in body
    for dropped in ("title:", "date:", "---", "![Smoke", "[1]:", "[ostrel]:"):
        assert dropped not in body, dropped


def test_read_markdown_published_argument_wins_over_front_matter(tmp_path: Path) -> None:
    path = _write(tmp_path, "bridge.markdown", MARKDOWN_ARTICLE)
    article = read_article(path, published=dt.date(2021, 4, 3))
    assert article.published == dt.date(2021, 4, 3)
    assert article.format == "md"


def test_read_markdown_without_front_matter_takes_heading_as_title(tmp_path: Path) -> None:
    text = "## Fighting near Ostrel\n\nFighting broke out near Ostrel on Monday, witnesses said.\n"
    article = read_article(_write(tmp_path, "note.md", text))
    assert article.title == "Fighting near Ostrel"
    assert article.published is None
    assert article.body == ((0, len(text) - 1),)


def test_read_file_with_bom_drops_the_mark(tmp_path: Path) -> None:
    text = "Ostrel shelled\n\nShells fell on the town of Ostrel overnight, the mayor said.\n"
    path = _write(tmp_path, "bom.txt", b"\xef\xbb\xbf" + text.encode("utf-8"))
    article = read_article(path)
    assert article.text == text
    assert article.text[article.body[0][0] :].startswith("Ostrel shelled")


def test_read_non_utf8_file_names_file_and_byte_offset(tmp_path: Path) -> None:
    raw = b"Shelling near Ostrel\nThe caf\xe9 was hit on Friday.\n"
    path = _write(tmp_path, "latin1.txt", raw)
    with pytest.raises(InputError) as info:
        read_article(path)
    message = str(info.value)
    assert str(path) in message
    offset = raw.index(b"\xe9")
    assert f"byte offset {offset}" in message
    assert "UTF-8" in message
    assert info.value.path == path
    assert info.value.line == 2


@pytest.mark.parametrize("name", ["empty.txt", "empty.md", "empty.html", "blank.txt"])
def test_read_empty_file_is_an_error_naming_it(tmp_path: Path, name: str) -> None:
    path = _write(tmp_path, name, "  \n\n" if name.startswith("blank") else "")
    with pytest.raises(InputError, match="empty") as info:
        read_article(path)
    assert str(path) in str(info.value)


def test_read_missing_file_raises_oserror(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        read_article(tmp_path / "missing.txt")


# -- read_article: HTML ----------------------------------------------------------------------


def test_read_html_extracts_article_without_scripts_nav_ads_or_comments(tmp_path: Path) -> None:
    path = _write(tmp_path, "page.html", HTML_PAGE)
    article = read_article(path)
    assert article.format == "html"
    assert SCRIPT_MARKER not in article.text
    assert "document.write" not in article.text
    assert "Artillery shells struck the central market of Kharvona" in article.text
    assert "spring holiday" in article.text
    for dropped in ("Zembla Falls", "Quorvin", "Please enter", "Subscribe", "Springfield"):
        assert dropped not in article.text, dropped
    body = _body_text(article.text, article.body)
    assert "Advertisement" not in body
    assert "Northern Brigades" in body
    assert article.title == "Market shelled in Kharvona"
    assert article.published == dt.date(2021, 3, 14)
    assert article.url == "https://lantern.example/news/kharvona-market"
    assert article.path == str(path)


def test_read_html_published_argument_wins(tmp_path: Path) -> None:
    path = _write(tmp_path, "page.htm", HTML_PAGE)
    article = read_article(path, published=dt.date(2021, 3, 13))
    assert article.published == dt.date(2021, 3, 13)
    assert article.format == "html"


def test_read_html_is_deterministic(tmp_path: Path) -> None:
    path = _write(tmp_path, "page.html", HTML_PAGE)
    assert read_article(path) == read_article(path)


def test_read_html_sniffed_from_unknown_suffix(tmp_path: Path) -> None:
    article = read_article(_write(tmp_path, "saved_page.aspx", HTML_PAGE))
    assert article.format == "html"
    assert SCRIPT_MARKER not in article.text
    plain = read_article(_write(tmp_path, "notes.log", "<b>not a page</b> Ostrel was shelled.\n"))
    assert plain.format == "txt"


@pytest.mark.parametrize(
    "page",
    [
        "<html><head><script>var x = 1;</script></head><body></body></html>",
        "<html><body><nav><a href='/'>Home</a></nav></body></html>",
    ],
)
def test_read_html_without_article_text_is_an_error(tmp_path: Path, page: str) -> None:
    path = _write(tmp_path, "nothing.html", page)
    with pytest.raises(InputError, match="no article text") as info:
        read_article(path)
    assert str(path) in str(info.value)


# -- the seeds -------------------------------------------------------------------------------


def _gold(seed_gold: list[dict[str, Any]], seed_id: str) -> dict[str, Any]:
    (row,) = (row for row in seed_gold if row["id"] == seed_id)
    return row


def _as_span(item: Any) -> tuple[int, int]:
    if isinstance(item, dict):
        return int(item["start"]), int(item["end"])
    return int(item[0]), int(item[1])


def _inside(start: int, end: int, spans: tuple[tuple[int, int], ...]) -> bool:
    return any(a <= start and end <= b for a, b in spans)


def test_seed_s001_body_avoids_gold_boilerplate(
    shared_dir: Path, seed_gold: list[dict[str, Any]]
) -> None:
    gold = _gold(seed_gold, "S001")
    article = read_article(shared_dir / "seeds" / gold["file"])
    assert article.text == gold["text"]
    boilerplate = [_as_span(item) for item in gold["boilerplate_spans"]]
    assert boilerplate
    for a, b in article.body:
        for c, d in boilerplate:
            overlap = min(b, d) - max(a, c)
            assert overlap <= 3, (article.text[a:b], article.text[c:d])
    for toponym in gold["toponyms"]:
        if not toponym.get("in_boilerplate", False):
            assert _inside(toponym["start"], toponym["end"], article.body), toponym["surface"]
    assert article.title == gold["title"]


@pytest.mark.parametrize("seed_id", ["S000", "S002", "S003", "S004"])
def test_seed_gold_toponyms_lie_in_body(
    shared_dir: Path, seed_gold: list[dict[str, Any]], seed_id: str
) -> None:
    gold = _gold(seed_gold, seed_id)
    article = read_article(shared_dir / "seeds" / gold["file"])
    assert article.text == gold["text"]
    outside = [
        t["surface"] for t in gold["toponyms"] if not _inside(t["start"], t["end"], article.body)
    ]
    assert outside == []


NEWS_SITE_PAGE = """\
Skip to content
Menu
Search
World
Drones strike Ostrel airfield
By Jane Holm
Published
3 hours ago
Share
Copy link
Image caption, Smoke over the airfield at Ostrel on Monday
Drones struck the military airfield at Ostrel early on Monday, destroying two helicopters, the army said.
"We heard four explosions," a resident of Kharvona said.
Reporting by Tom Veer; Editing by Ana Kell
Related Topics
Quorvin
More on this story
Earlier strikes on the base
"""


def test_article_spans_news_site_header_byline_and_related_topics() -> None:
    spans = article_spans(NEWS_SITE_PAGE)
    body = _body_text(NEWS_SITE_PAGE, spans)
    assert NEWS_SITE_PAGE[spans[0][0] :].startswith("Drones strike Ostrel airfield\nBy Jane Holm")
    assert "Image caption, Smoke over the airfield at Ostrel" in body
    assert "a resident of Kharvona said." in body
    for dropped in (
        "Skip to",
        "Menu",
        "Search",
        "World",
        "hours ago",
        "Share",
        "Copy link",
        "Reporting by",
        "Related",
        "Quorvin",
        "Earlier strikes",
    ):
        assert dropped not in body, dropped


def test_article_spans_rule_and_update_line_is_not_front_matter() -> None:
    text = (
        "---\nUPDATE: Shelling resumed on Sunday in the town of Ostrel, officials said.\n---\n"
        "Residents of Ostrel said the shelling lasted for most of the afternoon on Sunday.\n"
    )
    body = _body_text(text, article_spans(text))
    assert "UPDATE: Shelling resumed" in body
    assert "Residents of Ostrel" in body


def test_read_html_with_xml_declaration(tmp_path: Path) -> None:
    page = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml"><body><article>'
        "<h1>Checkpoint attacked near Quorvin</h1>"
        "<p>Gunmen attacked an army checkpoint near Quorvin on Thursday night, killing "
        "two soldiers, the defence ministry said in a statement on Friday.</p>"
        "</article></body></html>"
    )
    article = read_article(_write(tmp_path, "page.xhtml", page))
    assert article.format == "html"
    assert "Gunmen attacked an army checkpoint near Quorvin" in article.text
    assert "xml" not in article.text
