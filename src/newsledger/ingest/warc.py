"""WARC files (warcio), laid out like Common Crawl CC-NEWS.

``response`` records with an HTML payload become articles; ``warcinfo``, ``request``
and ``metadata`` records are skipped silently; redirects, error statuses and non-HTML
payloads are ``NotAnArticle`` notes naming the record. The payload is read as stored:
CC-NEWS keeps the server's ``Content-Encoding`` only as ``X-Crawler-Content-Encoding``
and stores the body decoded, so nothing is gunzipped because of that header. A record
is flagged ``truncated`` when ``WARC-Truncated`` is set or the HTTP ``Content-Length``
promises more bytes than were stored. The size limit applies per record, to the stored
payload and again to a gzip payload after decompression (``limits.gunzip_bounded``), so a
gzip bomb in a record stops at the limit. warcio's own stderr warnings (a wrong WARC
Content-Length) are captured and reported as one error naming the file and record.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from functools import partial
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecordLoader

from newsledger.errors import InputError, NotAnArticle
from newsledger.ingest.base import RawArticle
from newsledger.ingest.dates import iso_date
from newsledger.ingest.encoding import max_article_bytes
from newsledger.ingest.html import read_html_bytes
from newsledger.ingest.limits import TooLarge, gunzip_bounded, quiet_stderr
from newsledger.ingest.ranges import ByteRange

_HTML_TYPES = ("text/html", "application/xhtml+xml", "application/xml", "text/xml")
_SKIP_TYPES = ("warcinfo", "request", "metadata", "revisit", "conversion", "continuation")
_HINT = "The WARC may be cut off or corrupt; records before the damage were read."


def _content_type(rec: Any) -> str:
    http = rec.http_headers
    value = http.get_header("Content-Type") if http is not None else None
    return (value or rec.rec_headers.get_header("WARC-Identified-Payload-Type") or "").strip()


def _payload(rec: Any, limit: int) -> tuple[bytes, bool]:
    """The stored payload (at most ``limit`` + 1 bytes) and whether it was over the limit
    (stored, or once decompressed)."""
    data = rec.raw_stream.read(limit + 1)
    over = len(data) > limit
    if over:
        while rec.raw_stream.read(1 << 20):  # drain the rest of the record
            pass
    http = rec.http_headers
    encoding = (http.get_header("Content-Encoding") or "").lower() if http is not None else ""
    # Only a payload that really is gzip (magic bytes) and says so is decompressed.
    if encoding in ("gzip", "x-gzip") and data[:2] == b"\x1f\x8b" and not over:
        try:
            data = gunzip_bounded(data, limit)
        except TooLarge:
            return b"", True
        except zlib.error:
            pass  # not really gzip: read as stored
    return data, over


def _truncated(rec: Any, stored: int) -> bool:
    if rec.rec_headers.get_header("WARC-Truncated"):
        return True
    http = rec.http_headers
    declared = http.get_header("Content-Length") if http is not None else None
    crawler = http.get_header("X-Crawler-Content-Length") if http is not None else None
    try:
        # X-Crawler-Content-Length is the encoded size; Content-Length then is the decoded one.
        return declared is not None and int(declared) > stored and (crawler is None or int(crawler) > 0)
    except ValueError:
        return False


class _Loader(ArcWarcRecordLoader):  # type: ignore[misc]
    """warcio's loader, reading a record without ``WARC-Target-URI`` instead of crashing on it."""

    def load_http_headers(self, rec_type: Any, uri: Any, stream: Any, length: Any) -> Any:
        return super().load_http_headers(rec_type, uri or "", stream, length)


def _records(stream: BinaryIO) -> Any:
    """warcio's iterator over the records (``.offset``: where the record it gave last starts)."""
    archive = ArchiveIterator(stream)
    archive.loader = _Loader(verify_http=False, arc2warc=False)
    return archive


def _valid_arc(rec: Any) -> bool:
    """warcio reads any text line as an ARC header; a real one has a URI and a byte length."""
    uri = rec.rec_headers.get_header("uri") or ""
    length = rec.rec_headers.get_header("length") or ""
    return bool(re.match(r"^[a-z][a-z0-9+.-]*:", uri, re.IGNORECASE)) and length.isdigit()


def _cut_short(rec: Any) -> bool:
    """Whether the record's block ended before its WARC Content-Length (a cut-off file)."""
    stream = rec.raw_stream
    while stream.read(1 << 20):
        pass
    return bool(getattr(stream, "limit", 0))


def iter_warc(
    stream: BinaryIO, source: str, part: ByteRange | None = None
) -> Iterator[RawArticle | InputError]:
    """Articles, notes and per-record errors of one WARC file (with ``part``: of the records
    starting in that byte range; the others are passed over unread)."""
    limit = max_article_bytes()
    part = part or ByteRange()
    n = -1
    cut_at: int | None = None
    warned: list[str] = []
    owned = True
    try:
        records = _records(stream)
        while True:
            rec, said = quiet_stderr(partial(next, records, None))
            if said.strip() and n >= 0 and owned:
                warned.append(f"record {n}")
            if rec is None:
                break
            n += 1
            owned = part.owns(records.offset)
            if not owned:
                if part.past(records.offset):
                    break
                continue
            item, said = quiet_stderr(partial(_item, rec, n, source, limit))
            if item is not None:
                yield item
            short, more = quiet_stderr(partial(_cut_short, rec))
            if short:
                cut_at = n
            if (said + more).strip():
                warned.append(f"record {n}")
    except (ArchiveLoadFailed, OSError, EOFError, zlib.error, ValueError) as exc:
        where = f"after record {n}" if n >= 0 else "at the start"
        yield InputError(source, f"malformed or cut-off WARC {where}: {exc}", hint=_HINT)
        return
    if warned:
        yield InputError(
            source, f"{warned[0]}: damaged WARC record (Content-Length does not match, or corrupt gzip)"
            + (f" ({len(warned)} records)" if len(warned) > 1 else ""),
            hint=_HINT,
        )  # fmt: skip
    if cut_at is not None:
        yield InputError(source, f"WARC file is cut off: record {cut_at} ends early", hint=_HINT)
    if n < 0:
        yield InputError(
            source, "no WARC records found", hint="Check that the file is a WARC (.warc or .warc.gz)."
        )


def _item(rec: Any, n: int, source: str, limit: int) -> RawArticle | InputError | None:
    try:
        return _record(rec, n, source, limit)
    except InputError as exc:
        return exc


def _record(rec: Any, n: int, source: str, limit: int) -> RawArticle | None:
    kind = rec.rec_type
    if rec.format != "warc" and not _valid_arc(rec):
        raise InputError(source, f"record {n}: not a WARC record (no WARC/1.x header)", hint=_HINT)
    if kind in _SKIP_TYPES:
        return None
    url = rec.rec_headers.get_header("WARC-Target-URI")
    name = f"record {n} ({url or 'no URL'})"
    if kind == "response" and not url:
        raise InputError(source, f"record {n}: response record has no WARC-Target-URI", hint=_HINT)
    if kind not in ("response", "resource"):
        raise NotAnArticle(source, f"{name}: WARC record type {kind!r} holds no article")
    http = rec.http_headers
    status = http.get_statuscode() if http is not None and kind == "response" else "200"
    if status and status.startswith("3"):
        location = http.get_header("Location") if http is not None else None
        raise NotAnArticle(
            source, f"{name}: HTTP {status} redirect" + (f" to {location}" if location else "")
        )
    if status and not status.startswith("2"):
        raise NotAnArticle(source, f"{name}: HTTP status {status}, no article")
    ctype = _content_type(rec)
    mime = ctype.split(";")[0].strip().lower()
    if mime and mime not in _HTML_TYPES:
        raise NotAnArticle(source, f"{name}: not HTML (Content-Type {mime})")
    data, over = _payload(rec, limit)
    if over:
        raise InputError(
            source, f"{name}: payload is over the per-article limit of {limit // 1048576} MB",
            hint="Raise NEWSLEDGER_MAX_ARTICLE_MB if this page is really one article.",
        )  # fmt: skip
    if not data.strip():
        raise NotAnArticle(source, f"{name}: empty payload")
    fetched = iso_date(rec.rec_headers.get_header("WARC-Date"))
    short = bool(getattr(rec.raw_stream, "limit", 0))
    try:
        return read_html_bytes(
            data,
            source,
            content_type=ctype,
            url=url,
            fetched=fetched,
            truncated=short or _truncated(rec, len(data)),
        )
    except NotAnArticle as exc:
        raise NotAnArticle(source, f"{name}: {exc.reason}", hint=exc.hint) from exc
    except InputError as exc:
        raise InputError(source, f"{name}: {exc.reason}", hint=exc.hint) from exc
