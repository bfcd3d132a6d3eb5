"""JSON Lines: one article per line, an object with ``text`` or ``html``.

Optional keys: ``url``, ``title``, ``published``, ``outlet``, ``authors`` (a list or
one string). Other keys are ignored. A bad line is reported with its line number and
the other lines are still read; the size limit applies per line.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from newsledger.errors import InputError
from newsledger.ingest.base import RawArticle
from newsledger.ingest.dates import iso_date
from newsledger.ingest.encoding import check_size
from newsledger.ingest.html import article_from_html, split_authors
from newsledger.ingest.text import article_from_text

_HINT = 'Each line must be one JSON object with a "text" or "html" string.'


def _str(record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    return value.strip() or None if isinstance(value, str) else None


def _authors(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return split_authors(value)
    if isinstance(value, list):
        return tuple(str(v).strip() for v in value if isinstance(v, str) and v.strip())
    return ()


def article_from_record(record: Any, source: str, line: int) -> RawArticle:
    """One article from a decoded JSON value (raises ``InputError``)."""
    if not isinstance(record, dict):
        raise InputError(
            source, f"expected a JSON object, got {type(record).__name__}", line=line, hint=_HINT
        )
    text, html = record.get("text"), record.get("html")
    url = _str(record, "url")
    published = iso_date(_str(record, "published")) or _str(record, "published")
    if isinstance(text, str) and text.strip():
        return article_from_text(
            text, source, url=url, title=_str(record, "title"), outlet=_str(record, "outlet"),
            published=published, authors=_authors(record.get("authors")), line=line,
        )  # fmt: skip
    if isinstance(html, str) and html.strip():
        art = article_from_html(html, source, url=url, line=line)
        authors = _authors(record.get("authors"))
        return RawArticle(
            text=art.text, path=source, url=art.url, title=_str(record, "title") or art.title,
            outlet=_str(record, "outlet") or art.outlet, published=published or art.published,
            authors=authors or art.authors, removed=art.removed, comments=art.comments,
            truncated=art.truncated, fetched=art.fetched, extra=art.extra,
        )  # fmt: skip
    raise InputError(source, 'no "text" or "html" field with content', line=line, hint=_HINT)


def iter_jsonl(lines: Iterable[bytes], source: str) -> Iterator[RawArticle | InputError]:
    """Articles and per-line errors of a JSON Lines file (``lines``: its lines as bytes)."""
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            check_size(len(raw), source, line=number, what="JSON line")
            record = json.loads(raw.decode("utf-8-sig" if number == 1 else "utf-8"))
        except UnicodeDecodeError as exc:
            yield InputError(source, f"line is not UTF-8 ({exc.reason} at byte {exc.start})", line=number,
                             hint="JSON Lines must be UTF-8; re-encode the file.")  # fmt: skip
            continue
        except json.JSONDecodeError as exc:
            yield InputError(
                source, f"invalid JSON: {exc.msg} at column {exc.colno}", line=number, hint=_HINT
            )
            continue
        except RecursionError:
            yield InputError(source, "JSON nested too deeply", line=number, hint=_HINT)
            continue
        except InputError as exc:
            yield exc
            continue
        try:
            yield article_from_record(record, source, number)
        except InputError as exc:
            yield exc
