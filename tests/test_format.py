"""One place writes numbers and attribution chains for people: pages, API tooltips, terminal report."""

from __future__ import annotations

from newsledger.contract import Article, Claim, Figure, Source
from newsledger.format import chain_text, label, number
from newsledger.reconcile.highlights import article_highlights
from newsledger.reconcile.normalize import describe
from newsledger.web import views

CHAIN = (Source("The Harbour Standard", "media_outlet"), Source("three officials", "anonymous"))


def test_numbers_are_written_one_way() -> None:
    assert number(12000.0) == "12,000"
    assert number(1.4) == "1.4"
    assert number(0.12345) == "0.1235"
    assert number(None) == "–"
    assert number(None, missing="") == ""
    assert describe(33000.0, None, None, "more_than", False) == "more than 33,000"
    assert describe(None, 1.25, 2.5, "range", False) == "1.25 to 2.5"


def test_chains_are_written_one_way_for_pages_and_tooltips() -> None:
    assert chain_text(CHAIN) == "The Harbour Standard (media outlet) › three officials (anonymous)"
    assert label("more_than") == "more than"
    assert views.FILTERS["chain_text"] is chain_text and views.FILTERS["num"] is number
    text = "Some 40 trucks crossed, three officials said."
    article = Article(
        id="a1",
        text=text,
        claims=(Claim("c1", text, 0, len(text), CHAIN),),
        figures=(Figure("40", 5, 7, 40.0, claim="c1"),),
    )
    figure = next(h for h in article_highlights(article) if h.kind == "figure")
    assert figure.data["chain"] == chain_text(CHAIN)
    assert figure.data["value"] == "40"
