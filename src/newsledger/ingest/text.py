"""Plain-text scrapes to RawArticle, through the debris and comment splitter.

Metadata comes from, in this order: what the caller gives (JSON Lines keys, a sidecar
``<name>.json`` next to ``<name>.txt``), then the scrape's own header lines (byline,
masthead, date line: ``ingest/header.py``).
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

from newsledger.errors import InputError
from newsledger.ingest import debris, header
from newsledger.ingest.base import RawArticle
from newsledger.ingest.dates import iso_date
from newsledger.ingest.encoding import check_size, decode_bytes, strip_controls

SIDECAR_KEYS = ("url", "title", "outlet", "published", "authors")
_SIDECAR_LIMIT = 1 << 20


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
    """One article from scraped text. A given ``title`` is metadata and not kept in the text.

    Given metadata wins; what is missing is read from the header lines of the text.
    """
    text = strip_controls(text)
    cleaned = debris.clean_text(text, title=title)
    if not cleaned.paragraphs:
        reason = "no article text left after removing page debris" if cleaned.removed else "empty text"
        raise InputError(source, reason, line=line, hint="The input holds no article body.")
    head = header.parse_header(debris.split_paragraphs(text))
    extra: dict[str, str] = {}
    if head.dateline_place:
        extra["dateline_place"] = head.dateline_place
    if head.dateline_source:
        extra["dateline_source"] = head.dateline_source
    return RawArticle(
        text=cleaned.text,
        path=source,
        url=url,
        title=cleaned.title,
        outlet=outlet or head.outlet or cleaned.outlet,
        published=published or head.published,
        authors=authors or head.authors or cleaned.authors,
        removed=cleaned.removed,
        comments=cleaned.comments,
        extra=extra,
    )


def with_metadata(raw: RawArticle, meta: dict[str, Any]) -> RawArticle:
    """``raw`` with the sidecar's fields (``read_sidecar``) replacing what the file said."""
    given = {k: v for k, v in meta.items() if k in SIDECAR_KEYS and v}
    return dataclasses.replace(raw, **given) if given else raw


def read_sidecar(path: Path) -> dict[str, Any]:
    """Explicit metadata for ``<name>.txt`` or ``<name>.html`` from ``<name>.json`` beside it ({} if none).

    The sidecar is one JSON object; the keys ``url``, ``title``, ``outlet``, ``published``
    (any form ``iso_date`` reads) and ``authors`` (a list or one string) are used, others
    ignored. A sidecar that is not such an object raises ``InputError``.
    """
    side = path.with_suffix(".json")
    if side == path or not side.is_file():
        return {}
    hint = f"{side.name} must be one JSON object with any of the keys {', '.join(SIDECAR_KEYS)}."
    try:
        if side.stat().st_size > _SIDECAR_LIMIT:
            raise InputError(str(side), "metadata sidecar is over 1 MB", hint=hint)
        raw = side.read_bytes()
        value = json.loads(raw.decode("utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(str(side), f"unreadable metadata sidecar ({exc})", hint=hint) from exc
    if not isinstance(value, dict):
        raise InputError(str(side), f"metadata sidecar is a JSON {type(value).__name__}", hint=hint)
    meta: dict[str, Any] = {}
    for key in ("url", "title", "outlet"):
        if isinstance(value.get(key), str) and value[key].strip():
            meta[key] = value[key].strip()
    if isinstance(value.get("published"), str) and value["published"].strip():
        meta["published"] = iso_date(value["published"]) or value["published"].strip()
    authors = value.get("authors")
    if isinstance(authors, str):
        authors = [authors]
    if isinstance(authors, list):
        names = tuple(a.strip() for a in authors if isinstance(a, str) and a.strip())
        if names:
            meta["authors"] = names
    return meta


def read_text_bytes(data: bytes, source: str, meta: dict[str, Any] | None = None) -> list[RawArticle]:
    """A plain-text file: one article (``meta``: explicit metadata, e.g. from a sidecar)."""
    check_size(len(data), source, what="text file")
    if not data.strip():
        raise InputError(source, "empty file", hint="The file has no content; skip it.")
    decoded = decode_bytes(data, source)
    return [article_from_text(decoded.text, source, **(meta or {}))]
