"""Is an HTML page an article? Evidence read from the page, and the decision.

A lost article is far worse than a kept index page, so a page is skipped as a section front only on
strong evidence, all of it together:

* several linked headlines (``<h2><a>…</a></h2>``, ``<a><h3>…</h3></a>``) or many headline-like
  links (four words or more) outside the navigation, header and footer;
* most of the words there are link text;
* little running text of its own in the extracted body;
* nothing that speaks for an article: no declared article type (``og:type`` article, a schema.org
  ``*Article``/``BlogPosting`` in JSON-LD), no byline, no page-level publication date.

A declared ``og:type`` other than article is not evidence on its own (many article pages declare
``website`` or ``video.other``). A page that is kept but might not be an article (index-like, short,
declared as something else with nothing else for it) is flagged ``uncertain`` in ``page_kind``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from newsledger.ingest import debris

ARTICLE = "article"
UNCERTAIN = "uncertain"

# Thresholds (words or counts); measured on the modern-web page benchmark (benchmarks/eval_real.py).
_LINKED_HEADINGS = 3  # "several headlines"
_HEADLINE_LINKS = 8  # "many links to other articles"
_HEADLINE_WORDS = 4  # a link with this many words reads like a headline
_LINK_SHARE = 0.5  # most of the words of the page's content area are link text
_LITTLE_PROSE = 150  # running text of its own, in words, below which a page may be an index
_SHORT = 40  # an article body this short is kept but flagged
_DEBRIS_AREAS = ("nav", "header", "footer")
_HEADINGS = ("h1", "h2", "h3", "h4")
_SENTENCE_END = re.compile(r"[.!?…\"”’)]$")


@dataclass(frozen=True)
class Evidence:
    """What the page says about itself and what its layout shows."""

    declared_article: bool  # og:type article or a JSON-LD article type
    declared: str  # the og:type as declared ("" when none)
    byline: bool
    dated: bool  # a page-level publication date (meta tags or JSON-LD)
    linked_headings: int
    headline_links: int
    link_words: int
    words: int  # words of the content area (outside nav, header, footer), links included
    prose: int  # words of running text in the extracted body

    @property
    def link_share(self) -> float:
        return self.link_words / self.words if self.words else 0.0

    @property
    def index_like(self) -> bool:
        """Laid out like a section front: several headlines, mostly link text."""
        many = self.linked_headings >= _LINKED_HEADINGS or self.headline_links >= _HEADLINE_LINKS
        return many and self.link_share >= _LINK_SHARE

    @property
    def for_article(self) -> bool:
        return self.declared_article or self.byline or self.dated


def layout(tree: Any) -> tuple[int, int, int, int]:
    """(linked headings, headline-like links, link words, words) of the page's content area."""
    body = tree.find(".//body")
    root = body if body is not None else tree

    def outside(el: Any) -> bool:
        return not any(_debris_area(x) for x in (el, *el.iterancestors()))

    headings = 0
    for h in root.iter(*_HEADINGS):
        if not outside(h):
            continue
        words = _words(h)
        linked = sum(_words(a) for a in h.iter("a"))
        in_link = any(a.tag == "a" for a in h.iterancestors())
        if words and (in_link or 2 * linked >= words):
            headings += 1
    hrefs: set[str] = set()
    link_words = 0
    for a in root.iter("a"):
        if not outside(a):
            continue
        n = _words(a)
        link_words += n
        href = (a.get("href") or "").strip()
        if n >= _HEADLINE_WORDS and href and not href.startswith(("#", "mailto:", "javascript:")):
            hrefs.add(href)
    outermost = [
        el for el in root.iter()
        if _debris_area(el) and (el.getparent() is None or outside(el.getparent()))
    ]  # fmt: skip
    words = _words(root) - sum(_words(el) for el in outermost)
    return headings, len(hrefs), link_words, words


def _debris_area(el: Any) -> bool:
    return isinstance(el.tag, str) and (
        el.tag in _DEBRIS_AREAS or (el.get("role") or "").lower() == "navigation"
    )


def _words(el: Any) -> int:
    return debris.word_count(" ".join(el.itertext()))


def prose_words(paragraphs: tuple[str, ...] | list[str]) -> int:
    """Words of running text: paragraphs that end like sentences."""
    return sum(debris.word_count(p) for p in paragraphs if _SENTENCE_END.search(p))


def evidence(tree: Any, meta: dict[str, Any], paragraphs: tuple[str, ...] | list[str]) -> Evidence:
    """The evidence of a parsed page, its metadata (``html.page_metadata``) and its body."""
    headings, links, link_words, words = layout(tree)
    declared = str(meta.get("og_type") or "")
    return Evidence(
        declared_article=bool(meta.get("ld_article")) or declared in ("article", "news", "newsarticle"),
        declared=declared,
        byline=bool(meta.get("authors")),
        dated=bool(meta.get("page_date")),
        linked_headings=headings,
        headline_links=links,
        link_words=link_words,
        words=words,
        prose=prose_words(paragraphs),
    )


def no_text_of_its_own(ev: Evidence) -> bool:
    """No running text at all, and what text there is is mostly links (a list of links)."""
    return ev.prose == 0 and ev.link_share >= _LINK_SHARE and not ev.for_article


def section_front(ev: Evidence) -> bool:
    """Strong evidence that the page is an index of other pages, not an article."""
    return ev.index_like and ev.prose < _LITTLE_PROSE and not ev.for_article


def page_kind(ev: Evidence) -> str:
    """``article``, or ``uncertain`` for a kept page that might not be one."""
    if ev.prose < _SHORT or ev.index_like:
        return UNCERTAIN
    if ev.prose < _LITTLE_PROSE and not ev.for_article:
        return UNCERTAIN
    return ARTICLE


def skip_reason(ev: Evidence) -> str:
    """Why a section front is skipped (names the evidence)."""
    declared = f", og:type={ev.declared}" if ev.declared else ""
    return (
        f"not an article: a section front or index page ({ev.linked_headings} linked headlines, "
        f"{ev.headline_links} headline links, {ev.link_share:.0%} of its words in links, "
        f"{ev.prose} words of running text, no byline or date{declared})"
    )
