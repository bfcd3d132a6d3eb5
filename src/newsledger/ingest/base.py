"""What every reader returns: a RawArticle (cleaned text + metadata + what was removed)."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property

from newsledger.contract import Article, Comment, Removed


@dataclass(frozen=True)
class RawArticle:
    """One article as read from an input, before extraction.

    ``text`` is the cleaned body every offset refers to. ``removed`` holds every
    span taken out (debris, captions, related links, comments) with its kind;
    ``comments`` holds reader comments, never part of ``text``.
    """

    text: str
    path: str | None = None
    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    published: str | None = None  # ISO 8601 (date or datetime)
    authors: tuple[str, ...] = ()
    removed: tuple[Removed, ...] = ()
    comments: tuple[Comment, ...] = ()
    truncated: bool = False
    fetched: str | None = None  # crawl time (WARC-Date), ISO 8601
    extra: dict[str, str] = field(default_factory=dict)
    language: str | None = None  # ISO 639-1, set by ingest (ingest/language.py)
    page_kind: str = "article"  # "uncertain": kept, but the page might not be an article

    @cached_property
    def id(self) -> str:
        """The article id (:func:`article_id`), computed once: the pipeline reads it to prepare
        the Doc and again to build the Article, and it hashes the whole normalised text."""
        return article_id(self.url, self.text, self.outlet)

    def to_article(self) -> Article:
        """The contract Article of this input, before extraction (no extracted items)."""
        return Article(
            id=self.id,
            text=self.text,
            path=self.path,
            url=self.url,
            title=self.title,
            outlet=self.outlet,
            published=self.published,
            authors=self.authors,
            removed=self.removed,
            comments=self.comments,
            fetched=self.fetched,
            truncated=self.truncated,
            dateline_place=self.extra.get("dateline_place"),
            dateline_source=self.extra.get("dateline_source"),
            language=self.language,
            page_kind=self.page_kind,
        )

    @classmethod
    def from_article(cls, article: Article) -> RawArticle:
        """The input an article was extracted from: its text and ingest metadata."""
        return cls(
            text=article.text,
            path=article.path,
            url=article.url,
            title=article.title,
            outlet=article.outlet,
            published=article.published,
            authors=article.authors,
            removed=article.removed,
            comments=article.comments,
            truncated=article.truncated,
            fetched=article.fetched,
            extra={
                key: value
                for key, value in (
                    ("dateline_place", article.dateline_place),
                    ("dateline_source", article.dateline_source),
                )
                if value
            },
            language=article.language,
            page_kind=article.page_kind,
        )


_WS = re.compile(r"\s+")


def normalise_for_id(text: str) -> str:
    """Text normalised for hashing: NFKC, case-folded, whitespace collapsed."""
    return _WS.sub(" ", unicodedata.normalize("NFKC", text)).strip().casefold()


def article_id(url: str | None, text: str, outlet: str | None = None) -> str:
    """Stable 16-hex-digit id: an article is its URL, or where there is none its outlet plus text.

    * With a URL: the URL plus a hash of the body, so the same text from the same URL is one
      article however often it is fed, and an updated version of a story (same URL, new body) is
      kept beside the old one.
    * Without a URL: the outlet plus the body, so the same wire text from two outlets is two
      articles (reconcile marks the later one a copy of the other); without an outlet either, the
      body alone.
    """
    body = hashlib.sha256(normalise_for_id(text).encode("utf-8")).hexdigest()
    if url and url.strip():
        key = f"url:{url.strip()}\n{body}"
    elif outlet and outlet.strip():
        key = f"outlet:{normalise_for_id(outlet)}\n{body}"
    else:
        key = f"text:{body}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
