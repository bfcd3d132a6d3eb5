"""Plain-text scrapes to RawArticle, through the debris and comment splitter."""

from __future__ import annotations

from newsledger.errors import InputError
from newsledger.ingest import debris
from newsledger.ingest.base import RawArticle
from newsledger.ingest.encoding import check_size, decode_bytes, strip_controls


def article_from_text(
    text: str,
    source: str,
    *,
    url: str | None = None,
    title: str | None = None,
    outlet: str | None = None,
    published: str | None = None,
    authors: tuple[str, ...] = (),
    line: int | None = None,
) -> RawArticle:
    """One article from scraped text. A given ``title`` is metadata and not kept in the text."""
    cleaned = debris.clean_text(strip_controls(text), title=title)
    if not cleaned.paragraphs:
        reason = "no article text left after removing page debris" if cleaned.removed else "empty text"
        raise InputError(source, reason, line=line, hint="The input holds no article body.")
    return RawArticle(
        text=cleaned.text,
        path=source,
        url=url,
        title=cleaned.title,
        outlet=outlet,
        published=published,
        authors=authors or cleaned.authors,
        removed=cleaned.removed,
        comments=cleaned.comments,
    )


def read_text_bytes(data: bytes, source: str) -> list[RawArticle]:
    """A plain-text file: one article."""
    check_size(len(data), source, what="text file")
    if not data.strip():
        raise InputError(source, "empty file", hint="The file has no content; skip it.")
    decoded = decode_bytes(data, source)
    return [article_from_text(decoded.text, source)]
