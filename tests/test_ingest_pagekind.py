"""Which HTML pages are articles (ingest/pagekind.py), and what the HTML reader keeps of their body.

All pages are written for these tests (fictional outlets, people and places).
"""

from __future__ import annotations

import pytest

from newsledger.errors import NotAnArticle
from newsledger.ingest.debris import clean_paragraphs
from newsledger.ingest.html import article_from_html

NAV = """<header><a href="/">The Brannock Gazette</a></header>
<nav><ul><li><a href="/news/">News</a></li><li><a href="/sport/">Sport</a></li>
<li><a href="/arts/">Arts</a></li><li><a href="/weather/">Weather</a></li></ul></nav>"""
FOOTER = "<footer><p>© 2025 The Brannock Gazette. All rights reserved.</p></footer>"
RELATED = """<aside class="related"><h3>More from the harbour</h3><ul>
<li><a href="/news/a">Dredging of the inner basin to start in spring</a></li>
<li><a href="/news/b">Fish market hours change for the summer season</a></li></ul></aside>"""
PARAS = [
    "The harbour board of Tellwick voted on Tuesday to rebuild the north pier, which was closed "
    "last winter after storms cracked its concrete deck in three places.",
    "The work will cost 4.6 million crowns and take about eighteen months, the board said, with "
    "the first barges expected in the harbour before the end of the summer.",
    "Fishing crews have moored at the south quay since the closure. Several skippers told the "
    "meeting that the quay was too shallow at low tide for the larger trawlers.",
    "Board chair Idris Menhall said the new pier would be built on steel piles rather than the "
    "stone footings of the old one, and would stand a metre higher above the water.",
    "Two firms have bid for the contract. The board expects to choose one of them in April, after "
    "engineers have checked both plans against the survey of the harbour floor made in the autumn.",
    "Residents of the streets behind the harbour asked for the heavy lorries to use the ring road. "
    "The board said it would ask the contractor to keep deliveries to the working day.",
]


def page(
    body: str,
    *,
    og_type: str | None = None,
    head: str = "",
    title: str = "Tellwick to rebuild storm-damaged pier",
) -> str:
    og = f'<meta property="og:type" content="{og_type}">' if og_type else ""
    return (
        f'<!doctype html><html><head><meta charset="utf-8"><title>{title} | The Brannock Gazette</title>'
        f'<meta property="og:site_name" content="The Brannock Gazette">{og}{head}</head>'
        f"<body>{NAV}<main>{body}</main>{FOOTER}</body></html>"
    )


def article_body(paras: list[str], *, byline: bool = True, extra: str = "") -> str:
    by = '<p class="byline">By Maren Quillfeather</p>' if byline else ""
    text = "".join(f"<p>{p}</p>" for p in paras)
    return f"<article><h1>Tellwick to rebuild storm-damaged pier</h1>{by}{text}{extra}</article>{RELATED}"


@pytest.mark.parametrize("og_type", ["website", "video.other", None])
def test_an_article_declaring_another_og_type_is_kept(og_type: str | None) -> None:
    art = article_from_html(page(article_body(PARAS), og_type=og_type), "pier.html")
    assert art.page_kind == "article"
    assert PARAS[0] in art.text and PARAS[3] in art.text
    assert "Dredging of the inner basin" not in art.text
    assert art.authors == ("Maren Quillfeather",)


def test_an_article_without_byline_or_date_declared_website_is_kept() -> None:
    art = article_from_html(page(article_body(PARAS, byline=False), og_type="website"), "pier.html")
    assert art.page_kind == "article" and PARAS[1] in art.text


def test_a_short_article_is_kept_and_flagged() -> None:
    short = ["The north pier at Tellwick will reopen on Monday after repairs, the harbour board said."]
    art = article_from_html(page(article_body(short, byline=False), og_type="website"), "short.html")
    assert art.page_kind == "uncertain"
    assert short[0] in art.text


def test_a_short_video_page_is_kept_and_flagged() -> None:
    body = (
        '<div class="video"><h1>Watch: the old pier comes down</h1>'
        "<p>Cranes lifted the last section of the old north pier out of the water on Friday.</p></div>"
    )
    art = article_from_html(page(body, og_type="video.other"), "video.html")
    assert art.page_kind == "uncertain"
    assert "Cranes lifted the last section" in art.text


FRONT_TEASERS = [
    ("/news/pier", "Tellwick to rebuild storm-damaged north pier", "Work to take eighteen months"),
    ("/news/ferry", "Ferry to Orrin Isle cancelled for a third day", "Crews wait for the wind to drop"),
    ("/news/school", "New school on Dunmore Road opens its doors", "First pupils arrive on Monday"),
    ("/news/market", "Fish market to open on Sundays from June", "Traders welcome the change"),
    ("/news/lights", "Harbour lights switched to solar power", "Board expects lower bills"),
]


def front_body(with_byline: bool = False) -> str:
    teasers = "".join(
        f'<div class="teaser"><h2><a href="{href}">{head}</a></h2><p>{stand}</p>'
        f'<time datetime="2025-05-0{i + 1}">{i + 1} May</time></div>'
        for i, (href, head, stand) in enumerate(FRONT_TEASERS)
    )
    more = "".join(
        f'<li><a href="/news/more-{i}">Council approves budget for coastal path repairs {i}</a></li>'
        for i in range(4)
    )
    by = '<p class="byline">By Maren Quillfeather</p>' if with_byline else ""
    return f"<h1>News</h1>{by}{teasers}<h2>More news</h2><ul>{more}</ul>"


def test_a_section_front_is_skipped_on_the_evidence() -> None:
    with pytest.raises(NotAnArticle, match="section front") as info:
        article_from_html(page(front_body(), og_type="website", title="News"), "front.html")
    assert "linked headlines" in info.value.reason and "og:type=website" in info.value.reason


def test_a_section_front_without_og_type_is_skipped_too() -> None:
    with pytest.raises(NotAnArticle, match="section front"):
        article_from_html(page(front_body(), title="News"), "front.html")


def test_an_index_like_page_with_a_byline_is_kept_as_uncertain() -> None:
    art = article_from_html(page(front_body(with_byline=True), og_type="website", title="News"), "f.html")
    assert art.page_kind == "uncertain"


def test_an_article_with_a_long_related_rail_is_still_an_article() -> None:
    rail = "".join(
        f'<div class="card"><h3><a href="/news/r{i}">Harbour story {i} about boats and nets</a></h3></div>'
        for i in range(12)
    )
    art = article_from_html(page(article_body(PARAS) + f"<section>{rail}</section>"), "rail.html")
    assert art.page_kind == "article" and PARAS[2] in art.text


def test_json_ld_metadata_is_read_before_scripts_are_dropped() -> None:
    ld = (
        '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", '
        '"datePublished": "2025-04-02T08:30:00Z", "author": {"@type": "Person", "name": "Oren Vasskel"}}'
        "</script>"
    )
    art = article_from_html(page(article_body(PARAS, byline=False), og_type="website", head=ld), "ld.html")
    assert art.published == "2025-04-02T08:30:00Z"
    assert art.authors == ("Oren Vasskel",)
    assert art.page_kind == "article"


def test_comments_captions_and_pull_quotes_stay_apart_on_a_website_page() -> None:
    body = (
        "<article><h1>Tellwick to rebuild storm-damaged pier</h1>"
        f"<p>{PARAS[0]}</p>"
        '<figure><img src="/p.jpg">'
        "<figcaption>The cracked deck of the north pier in January.</figcaption></figure>"
        f"<p>{PARAS[1]}</p>"
        '<blockquote class="pull-quote">'
        "The first barges are expected before the end of the summer</blockquote>"
        + "".join(f"<p>{p}</p>" for p in PARAS[2:])
        + "</article>"
        '<section id="comments"><div class="comment"><span class="comment-author">kelp_rider</span>'
        "<p>About time. I have waited two winters to tie up at the north pier again.</p></div></section>"
    )
    art = article_from_html(page(body, og_type="website"), "c.html")
    assert "cracked deck" not in art.text and "I have waited two winters" not in art.text
    assert ("The cracked deck of the north pier in January.", "caption") in [
        (r.text, r.kind) for r in art.removed
    ]
    assert [(c.author, c.text[:9]) for c in art.comments] == [("kelp_rider", "About tim")]
    assert PARAS[3] in art.text and art.page_kind == "article"


def test_a_data_table_is_kept_and_a_layout_table_is_read_as_blocks() -> None:
    data = (
        "<table><tr><th>Berth</th><th>Depth (m)</th></tr><tr><td>North pier</td><td>6.5</td></tr>"
        "<tr><td>South quay</td><td>3.2</td></tr></table>"
    )
    art = article_from_html(page(article_body(PARAS, extra=data)), "data.html")
    assert "South quay" in art.text and "3.2" in art.text
    cells = "".join(f"<p>{p}</p>" for p in PARAS)
    layout = (
        '<table width="900"><tr><td class="nav"><a href="/">Front page</a></td></tr>'
        f"<tr><td><h1>Tellwick to rebuild storm-damaged pier</h1>{cells}</td>"
        '<td><a href="/weather/">Weather</a></td></tr></table>'
    )
    art = article_from_html(page(layout), "layout.html")
    assert PARAS[0] in art.text.split("\n\n") and "|" not in art.text


def test_structured_bodies_keep_table_rows_and_repeated_subheadings() -> None:
    lines = [
        "| Berth | Depth (m) |",
        "| South quay | 3.2 |",
        "Pros",
        "Deep water at all tides and room for the larger trawlers to turn.",
        "Cons",
        "A long walk from the fish market for the crews and their catch.",
        "Pros",
        "Close to the market, the ice plant and the fuel dock on the east side.",
        "Cons",
        "Too shallow at low tide for anything bigger than a day boat.",
        "A repeated paragraph that a scraper picked up twice from the page layout.",
        "A repeated paragraph that a scraper picked up twice from the page layout.",
    ]
    structured = clean_paragraphs(lines, structured=True)
    assert structured.paragraphs.count("Pros") == 2 and "| South quay | 3.2 |" in structured.paragraphs
    assert structured.paragraphs.count(lines[-1]) == 1
    plain = clean_paragraphs(lines)
    assert plain.paragraphs.count("Pros") == 1 and "| South quay | 3.2 |" not in plain.paragraphs


def test_a_data_table_with_paragraphs_in_its_cells_stays_a_table() -> None:
    rows = "".join(
        f"<tr><td>{berth}</td><td><p>{depth} m at low tide.</p><p>Lit at night.</p></td></tr>"
        for berth, depth in (("North pier", "6.5"), ("South quay", "3.2"), ("Ferry ramp", "4.1"))
    )
    art = article_from_html(page(article_body(PARAS, extra=f"<table>{rows}</table>")), "cells.html")
    assert "Ferry ramp" in art.text and "4.1 m at low tide." in art.text


def test_a_discussion_section_of_an_html_article_is_not_taken_for_comments() -> None:
    extra = (
        "<h2>Discussion</h2><p>The survey suggests that the harbour floor has settled by about "
        "twenty centimetres since the old pier was built, which the engineers will allow for.</p>"
        "<p>Further soundings are planned for the autumn, when the tides are at their lowest.</p>"
    )
    art = article_from_html(page(article_body(PARAS, extra=extra)), "discussion.html")
    assert "Further soundings are planned" in art.text and not art.comments
