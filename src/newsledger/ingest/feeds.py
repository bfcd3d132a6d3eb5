"""RSS and Atom feeds (feedparser): entries that carry a whole article become articles.

An entry is an article when its content (Atom ``<content>``, RSS ``content:encoded``, or
a long multi-paragraph description) has running text; summary-only entries are
reported as ``NotAnArticle`` notes naming the entry. Links are resolved against the
feed's own address and stripped of ``utm_*`` tracking parameters.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import feedparser

from newsledger.errors import InputError, NotAnArticle
from newsledger.ingest import debris
from newsledger.ingest.base import RawArticle
from newsledger.ingest.dates import iso_date
from newsledger.ingest.encoding import check_size
from newsledger.ingest.html import fragment_paragraphs

_MIN_PARAGRAPHS = 2
_MIN_WORDS = 50
# a description or summary counts as the article only when it is clearly a whole article
_MIN_SUMMARY_PARAGRAPHS = 3
_MIN_SUMMARY_WORDS = 150
_TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|ocid|cmpid)$", re.IGNORECASE)
_HTML_TYPES = ("text/html", "application/xhtml+xml", "html", "xhtml")
_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)
_PROLOG = 1 << 16  # the DOCTYPE comes before the root element


def strip_tracking(url: str) -> str:
    """``url`` without ``utm_*`` (and similar click-tracking) query parameters."""
    parts = urlsplit(url)
    if not parts.query:
        return url
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)]
    return urlunsplit(parts._replace(query=urlencode(query)))


def _plain(value: str | None) -> str:
    if not value:
        return ""
    if "<" in value:
        return " ".join(fragment_paragraphs(value))
    return debris.normalise_paragraph(value)


def _paragraphs(value: str, mime: str | None) -> list[str]:
    if (mime or "").lower() in _HTML_TYPES or re.search(r"<(p|div|br|h\d|li)\b", value, re.IGNORECASE):
        return fragment_paragraphs(value)
    return debris.split_paragraphs(value)


def _is_body(
    paragraphs: list[str], min_paragraphs: int = _MIN_PARAGRAPHS, min_words: int = _MIN_WORDS
) -> bool:
    """Running text: enough sentence-final paragraphs of at least 8 words."""
    prose = [p for p in paragraphs if re.search(r"[.!?\"”’)]$", p) and debris.word_count(p) >= 8]
    return len(prose) >= min_paragraphs and sum(debris.word_count(p) for p in prose) >= min_words


def _base(parsed: Any) -> str:
    feed = parsed.get("feed", {})
    link = feed.get("link") or ""
    for item in feed.get("links", []):
        if item.get("rel") == "alternate" and item.get("href"):
            return str(item["href"])
    if not link:
        for item in feed.get("links", []):
            if item.get("rel") == "self" and item.get("href"):
                return str(item["href"])
    return str(link)


def _outlet(parsed: Any) -> str | None:
    title = _plain(parsed.get("feed", {}).get("title"))
    if not title:
        return None
    return re.split(r"\s+[|–—-]\s+|:\s+", title)[0].strip() or None


def _authors(entry: Any) -> tuple[str, ...]:
    names = [a.get("name", "") for a in entry.get("authors", []) if isinstance(a, dict)]
    if not any(names) and entry.get("author"):
        names = [entry["author"]]
    return tuple(dict.fromkeys(n.strip() for n in names if n and n.strip()))


def iter_feed(data: bytes, source: str) -> Iterator[RawArticle | InputError]:
    """Articles and notes of one RSS/Atom feed; ``InputError`` if it is not a feed.

    A feed that declares its own XML entities (``<!ENTITY``, the "billion laughs" bomb and external
    entities) is refused before parsing: real feeds never need them, and feedparser's fallback
    parser would spend seconds on one.
    """
    if _ENTITY_DECL.search(data[:_PROLOG]):
        yield InputError(
            source, "feed declares XML entities (<!ENTITY>): refused, as an entity bomb would be",
            hint="Real RSS and Atom feeds need no entity declarations; check where this file came from.",
        )  # fmt: skip
        return
    try:
        parsed = feedparser.parse(data)
    except (UnicodeError, LookupError, ValueError, TypeError) as crash:  # feedparser's bugs on broken input
        yield InputError(
            source, f"malformed feed: {type(crash).__name__}: {crash}",
            hint="Check that the file is a complete RSS 2.0 or Atom 1.0 document.",
        )  # fmt: skip
        return
    entries = parsed.get("entries", [])
    exc = parsed.get("bozo_exception")
    malformed = bool(parsed.get("bozo")) and not isinstance(exc, feedparser.CharacterEncodingOverride)
    if malformed or not parsed.get("version"):
        reason = f"malformed feed: {exc}" if malformed else "not an RSS or Atom feed"
        yield InputError(
            source, reason, hint="Check that the file is a complete RSS 2.0 or Atom 1.0 document."
        )
        if not entries:
            return
    base = _base(parsed)
    outlet = _outlet(parsed)
    for n, entry in enumerate(entries, start=1):
        try:
            yield _article(entry, n, source, base, outlet)
        except InputError as exc:
            yield exc


def _article(entry: Any, n: int, source: str, base: str, outlet: str | None) -> RawArticle:
    title = _plain(entry.get("title")) or None
    link = entry.get("link") or ""
    url = strip_tracking(urljoin(base, link)) if link else None
    name = f"entry {n} ({title or 'untitled'}{', ' + url if url else ''})"
    paragraphs: list[str] = []
    for content in entry.get("content", []):
        value = content.get("value") or ""
        check_size(len(value.encode("utf-8")), source, what=f"feed {name}")
        paragraphs = _paragraphs(value, content.get("type"))
        if _is_body(paragraphs):
            break
    if not _is_body(paragraphs):
        summary = entry.get("summary") or ""
        check_size(len(summary.encode("utf-8")), source, what=f"feed {name}")
        paragraphs = _paragraphs(summary, (entry.get("summary_detail") or {}).get("type"))
        if not _is_body(paragraphs, _MIN_SUMMARY_PARAGRAPHS, _MIN_SUMMARY_WORDS):
            raise NotAnArticle(source, f"{name}: summary only; no article body")
    cleaned = debris.clean_paragraphs(paragraphs, title=title)
    published = iso_date(entry.get("published")) or iso_date(entry.get("updated"))
    updated = iso_date(entry.get("updated"))
    extra = {"updated": updated} if updated and updated != published else {}
    if entry.get("id"):
        extra["feed_id"] = str(entry["id"])
    return RawArticle(
        text=cleaned.text, path=source, url=url, title=title, outlet=outlet, published=published,
        authors=_authors(entry) or cleaned.authors, removed=cleaned.removed, comments=cleaned.comments,
        extra=extra,
    )  # fmt: skip
