"""HTML pages: trafilatura body + our comment, caption and debris passes (ingest/html.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from newsledger.errors import InputError, NotAnArticle
from newsledger.ingest import RawArticle, read_file
from newsledger.ingest.html import article_from_html, fragment_paragraphs, split_authors

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
SAMPLES = Path(__file__).parents[1] / ".." / "shared" / "samples"


def _expected() -> dict[str, dict[str, Any]]:
    path = SAMPLES / "expected.json"
    if not path.is_file():
        pytest.skip(f"ingest samples not found at {SAMPLES.resolve()} (they live outside the repository)")
    records = json.loads(path.read_text(encoding="utf-8"))["records"]
    return {r["file"]: r for r in records if r.get("file", "").endswith(".html")}


def check_against_expected(art: RawArticle, exp: dict[str, Any]) -> None:
    """Body paragraphs present, debris absent, comments separated, metadata as expected."""
    for para in exp["body"]:
        assert para in art.text, para
    for junk in exp["not_in_body"]:
        assert junk not in art.text, junk
    for caption in exp.get("captions", []):
        assert caption not in art.text
    got = {c.text: c.author for c in art.comments}
    for comment in exp.get("comments") or []:
        assert got.get(comment["text"], "missing") == comment["author"]
        assert comment["text"] not in art.text
    assert art.title == exp["title"]
    assert art.outlet == exp["outlet"]
    assert list(art.authors) == exp["authors"]
    assert art.published is not None and art.published[:10] == exp["published"][:10]
    assert art.url == exp["url"] or art.url is not None


ARTICLE_PAGES = [
    "a-valecourier-troops.html",
    "b-eastportwire-clash.html",
    "c-valecourier-budget.html",
    "d1-eastportwire-reservists.html",
    "d2-eastportwire-reservists-updated.html",
    "e-lumenpost-arrivals.html",
]


@pytest.mark.parametrize("name", ARTICLE_PAGES)
def test_sample_page_matches_expected(name: str) -> None:
    exp = _expected()[name]
    [art] = read_file(SAMPLES / "pages" / name)
    check_against_expected(art, exp)
    assert not art.truncated


def test_sample_page_windows_1252_decoded_from_meta() -> None:
    _expected()
    [art] = read_file(SAMPLES / "pages" / "e-lumenpost-arrivals.html")
    assert "Søren Åkerlund" in art.text and "€2.5 million" in art.text and "“We were prepared" in art.text
    assert "\ufffd" not in art.text


def test_sample_json_ld_body_stored_once() -> None:
    _expected()
    [art] = read_file(SAMPLES / "pages" / "d1-eastportwire-reservists.html")
    assert art.text.count("Talmar has called up 5,000 reservists") == 1


@pytest.mark.parametrize(
    ("name", "why"), [("g-valecourier-world-front.html", "og:type=website"), ("h-redirect-301.html", "301")]
)
def test_sample_non_articles(name: str, why: str) -> None:
    _expected()
    with pytest.raises(NotAnArticle, match=why):
        read_file(SAMPLES / "pages" / name)


def test_fixture_page() -> None:
    [art] = read_file(FIXTURES / "article_page.html")
    assert art.title == "Lighthouse keepers return to Skarn Point after 30 years"
    assert art.outlet == "The Morrow Ledger"
    assert art.authors == ("Wenna Callis",)
    assert art.published == "2023-11-02T06:45:00+01:00"
    assert art.url == "https://morrowledger.example/coast/2023/11/02/skarn-point-keepers"
    paras = art.text.split("\n\n")
    assert paras[0].startswith("Two keepers will live")
    assert len(paras) == 4
    for junk in (
        "ADVERTISEMENT",
        "Comments are disabled",
        "Support us",
        "Photograph:",
        "harbour pilot\n",
        "All rights reserved",
        "1994",
        "Ansel Dray, harbour pilot",
    ):
        assert junk not in art.text
    assert art.text.count("A light that fails in a storm") == 1
    assert [(c.author, c.text[:10]) for c in art.comments] == [
        ("gull_watcher", "I rowed pa"),
        ("M. Ostby", "180,000 a "),
    ]
    kinds = [r.kind for r in art.removed]
    assert "caption" in kinds and kinds.count("comment") == 2


def test_fixture_index_page_is_not_an_article() -> None:
    with pytest.raises(NotAnArticle, match="no article body"):
        read_file(FIXTURES / "section_front.html")


def test_malformed_html_recovers_text() -> None:
    html = (
        "<html><body><div><p>The ferry left at <b>dawn</p></b> with 40 people aboard, the operator said on "
        "Friday.<p>A second sailing was cancelled because of fog & ice, the operator said in a statement "
        "to the island council.</div></span></td><p>Officials said the harbour would reopen on Monday "
        "if the weather improved, and that extra crews had been called in for the weekend"
    )
    art = article_from_html(html, "broken.html", truncated=True)
    assert "40 people aboard" in art.text and "fog & ice" in art.text


def test_html_without_text_is_an_error() -> None:
    with pytest.raises(InputError, match="no text"):
        article_from_html("<html><head><title></title></head><body><img src=x></body></html>", "x.html")


def test_fragment_paragraphs_and_authors() -> None:
    assert fragment_paragraphs("<p>One.</p><p>Two <b>bold</b>.</p>text<br>more") == [
        "One.",
        "Two bold.",
        "text",
        "more",
    ]
    assert split_authors("By Ann Lee and Bo Park") == ("Ann Lee", "Bo Park")
    assert split_authors("Ann Lee; Bo Park") == ("Ann Lee", "Bo Park")
