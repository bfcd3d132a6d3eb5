"""Dispatch inputs to readers: by file extension, else by sniffing the first bytes.

Every reader yields ``RawArticle`` or ``InputError`` items (``NotAnArticle`` for skips)
and never raises for a bad record, so one bad file or line cannot stop a batch.
"""

from __future__ import annotations

import dataclasses
import gzip
import io
import json
import re
import sys
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, BinaryIO

from newsledger.errors import InputError, NotAnArticle
from newsledger.ingest.base import RawArticle
from newsledger.ingest.encoding import check_size, decode_bytes, max_article_bytes, sniff_binary
from newsledger.ingest.feeds import iter_feed
from newsledger.ingest.html import read_html_bytes
from newsledger.ingest.jsonl import article_from_record, iter_jsonl
from newsledger.ingest.language import detect_language
from newsledger.ingest.meta import MetaOverride
from newsledger.ingest.quality import garbage_reason
from newsledger.ingest.ranges import ByteRange
from newsledger.ingest.text import read_sidecar, read_text_bytes, with_metadata
from newsledger.ingest.warc import iter_warc

STDIN = "-"
Item = RawArticle | InputError

_EXTENSIONS = {
    ".txt": "text", ".text": "text", ".md": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json",
    ".rss": "feed", ".atom": "feed", ".xml": "xml",
    ".warc": "warc", ".arc": "warc",
}  # fmt: skip
_SNIFF = 65536
MANY_ARTICLES = 5  # a feed or JSON array may be this many times one article's size limit
_FEED_ROOT = re.compile(
    rb"^\s*(<\?xml[^>]*\?>\s*)?(<!--.*?-->\s*|<\?[^>]*\?>\s*)*<(rss|feed|rdf:RDF)\b", re.S
)
_HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)\b", re.I | re.S)
_HTML_ANY = re.compile(rb"<(p|div|body|article|title)\b[^>]*>", re.I)


def kind_of(path: Path, head: bytes) -> str:
    """``text``, ``html``, ``jsonl``, ``json``, ``feed`` or ``warc`` (``binary`` if unreadable)."""
    name = path.name.lower()
    if name.endswith((".warc.gz", ".arc.gz", ".warc")):
        return "warc"
    kind = _EXTENSIONS.get(path.suffix.lower(), "")
    if kind == "xml":
        return (
            "feed" if _FEED_ROOT.match(_strip_bom(head)) else ("html" if _HTML_START.match(head) else "feed")
        )
    if kind:
        return kind
    return sniff_kind(head)


def _strip_bom(head: bytes) -> bytes:
    return head[3:] if head.startswith(b"\xef\xbb\xbf") else head


def sniff_kind(head: bytes) -> str:
    """The input kind from its first bytes."""
    if head.startswith(b"\x1f\x8b"):
        try:
            inner = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head[:_SNIFF], 64)
        except zlib.error:
            inner = b""
        return "warc" if inner.startswith(b"WARC/") else "binary"
    if head.startswith(b"WARC/"):
        return "warc"
    if sniff_binary(head) is not None:
        return "binary"
    body = _strip_bom(head)
    if _FEED_ROOT.match(body):
        return "feed"
    if _HTML_START.match(body) or len(_HTML_ANY.findall(body)) >= 3:
        return "html"
    if body.lstrip().startswith(b"{"):
        return "jsonl"
    if body.lstrip().startswith(b"["):
        return "json"
    return "text"


def iter_stream(
    stream: BinaryIO,
    source: str,
    path: Path,
    override: MetaOverride | None = None,
    part: ByteRange | None = None,
) -> Iterator[Item]:
    """Items of one opened input; ``override`` (the user's metadata for the call) wins over all else.

    An article whose text is not prose in some script (mojibake of binary data, only invisible
    characters) becomes an ``InputError`` saying so (``quality.garbage_reason``). With ``part``,
    only the WARC records or JSON lines starting in that byte range are read (a file of another
    kind is read whole by the range that starts at 0, and by no other).
    """
    for item in _stream_items(stream, source, path, override, part or ByteRange()):
        if isinstance(item, RawArticle):
            reason = garbage_reason(item.text)
            if reason is not None:
                name = f"{item.url}: " if item.url else ""
                yield InputError(source, name + reason, hint="The input holds no readable text; skip it.")
                continue
            item = dataclasses.replace(item, language=detect_language(item.text))
        yield override.apply(item) if override and isinstance(item, RawArticle) else item


def _stream_items(
    stream: BinaryIO, source: str, path: Path, override: MetaOverride | None, part: ByteRange
) -> Iterator[Item]:
    head = stream.read(_SNIFF)
    if not head.strip():
        yield InputError(source, "empty file", hint="The file has no content; skip it.")
        return
    kind = kind_of(path, head)
    if kind != "warc" and sniff_binary(head) is not None:
        kind = "binary"  # a .jsonl or .txt that holds binary data: one error, not one per line
    if kind not in ("warc", "jsonl") and part.start > 0:
        return  # read whole by the part starting at 0
    rest = io.BufferedReader(_Prefixed(head, stream))
    if kind == "warc":
        yield from iter_warc(rest, source, part)
    elif kind == "jsonl":
        yield from iter_jsonl(_owned_lines(rest, max_article_bytes(), part), source)
    elif kind == "binary":
        what = sniff_binary(head) or "compressed or binary data"
        yield InputError(source, f"not text: looks like {what}",
                         hint="Give newsledger text, HTML, JSONL, a feed or a WARC.")  # fmt: skip
    else:
        meta: dict[str, Any] = {}
        if kind in ("text", "html") and str(path) != STDIN:
            try:
                meta = read_sidecar(path)
            except InputError as exc:
                yield exc  # the text is still read, without the sidecar's metadata
        if kind == "text" and override:
            meta = {**meta, **override.fields()}  # a given title is taken out of the body like a sidecar's
        yield from _whole(kind, rest, source, meta)


def bounded_lines(stream: BinaryIO, limit: int) -> Iterator[bytes]:
    """The lines of ``stream``, none held in memory past ``limit`` + 1 bytes: a longer line is cut
    there (its size check then fails) and the rest of it is skipped in 1 MB steps."""
    return (line for _offset, line in _lines_at(stream, limit))


def _lines_at(stream: BinaryIO, limit: int) -> Iterator[tuple[int, bytes]]:
    """``bounded_lines`` with the byte offset at which each line starts."""
    offset = 0
    while line := stream.readline(limit + 1):
        start = offset
        offset += len(line)
        if len(line) > limit and not line.endswith(b"\n"):
            while (more := stream.readline(1 << 20)) and not more.endswith(b"\n"):
                offset += len(more)
            offset += len(more)
        yield start, line


def _owned_lines(stream: BinaryIO, limit: int, part: ByteRange) -> Iterator[bytes]:
    """The lines ``part`` owns; a line it does not own is given as an empty line (skipped
    unparsed, and the line numbers stay those of the whole file). Stops after the range."""
    for offset, line in _lines_at(stream, limit):
        if part.past(offset):
            return
        yield line if part.owns(offset) else b""


def _whole(kind: str, stream: BinaryIO, source: str, meta: dict[str, Any] | None = None) -> Iterator[Item]:
    """A file read whole: one article's size limit, or for a feed or JSON array (many articles)
    ``MANY_ARTICLES`` times that, so no file is read or parsed without a bound."""
    limit_check = 0
    chunks: list[bytes] = []
    many = kind in ("feed", "json")
    while chunk := stream.read(1 << 20):
        chunks.append(chunk)
        limit_check += len(chunk)
        try:
            if many:
                check_size(limit_check // MANY_ARTICLES, source, what=f"{kind} file / {MANY_ARTICLES}")
            else:
                check_size(limit_check, source, what=f"{kind} file" if kind != "text" else "text file")
        except InputError as exc:
            yield exc
            return
    data = b"".join(chunks)
    try:
        if kind == "feed":
            yield from iter_feed(data, source)
        elif kind == "json":
            yield from _iter_json(data, source)
        elif kind == "html":
            yield with_metadata(read_html_bytes(data, source), meta or {})
        else:
            yield from read_text_bytes(data, source, meta)
    except InputError as exc:
        yield exc


def _iter_json(data: bytes, source: str) -> Iterator[Item]:
    try:
        value = json.loads(decode_bytes(data, source).text)
    except RecursionError:
        yield InputError(source, "JSON nested too deeply", hint="Give one JSON object per article.")
        return
    except json.JSONDecodeError:
        yield from iter_jsonl(data.split(b"\n"), source)  # maybe JSON Lines named .json
        return
    records = value if isinstance(value, list) else [value]
    for n, record in enumerate(records, start=1):
        try:
            yield article_from_record(record, source, n)
        except InputError as exc:
            yield exc


class _Prefixed(io.RawIOBase):
    """A stream that replays already-read bytes, then continues with the original."""

    def __init__(self, head: bytes, stream: BinaryIO) -> None:
        self._head = head
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._stream.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def iter_path(
    path: Path,
    source: str | None = None,
    override: MetaOverride | None = None,
    part: ByteRange | None = None,
) -> Iterator[Item]:
    """Items of one file (or stdin for ``-``); a crash in a reader becomes an ``InputError``.
    ``part``: only the records starting in that byte range (see ``iter_stream``)."""
    source = source or str(path)
    try:
        if str(path) == STDIN:
            yield from iter_stream(sys.stdin.buffer, "<stdin>", Path("stdin"), override, part)
            return
        with path.open("rb") as stream:
            yield from iter_stream(stream, source, path, override, part)
    except InputError as exc:
        yield exc
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        yield InputError(source, f"cannot read: {exc}", hint="Check the path and its permissions.")
    except Exception as exc:  # never let one input stop the batch
        yield InputError(
            source,
            f"unexpected error while reading ({type(exc).__name__}: {exc})",
            hint="Please report this input as a newsledger bug; the other inputs are processed.",
        )


# Inside a directory only files that look like inputs are read, so a README, a manifest or a
# script next to the articles is not ingested as an article. Files named explicitly are always read.
_DIR_SUFFIXES = (
    ".txt", ".text", ".html", ".htm", ".xhtml", ".shtml", ".jsonl", ".ndjson",
    ".rss", ".atom", ".xml", ".warc", ".arc", ".warc.gz", ".arc.gz",
)  # fmt: skip


def _is_dir_input(path: Path) -> bool:
    name = path.name.lower()
    return name.endswith(_DIR_SUFFIXES) and not name.startswith(("readme", "license", "changelog"))


def _is_sidecar(path: Path) -> bool:
    """``<name>.json`` beside ``<name>.txt`` or ``<name>.html``: metadata, read with its article."""
    return path.suffix.lower() == ".json" and any(
        path.with_suffix(ext).is_file() for ext in (".txt", ".html", ".htm")
    )


def list_inputs(paths: Sequence[str], unknown: list[Path] | None = None) -> Iterator[Path]:
    """Files named by ``paths``: files as given; directories walked (sorted, no hidden files,
    only input-like names: see ``_DIR_SUFFIXES``). Files of a walk that are not input-like
    (not hidden) are appended to ``unknown``, so the caller can say what was passed over."""
    for raw in paths:
        if raw == STDIN:
            yield Path(STDIN)
            continue
        path = Path(raw)
        if path.is_dir():
            for sub in sorted(path.rglob("*")):
                rel = sub.relative_to(path)
                hidden = any(part.startswith(".") for part in rel.parts)
                if sub.is_file() and not hidden:
                    if _is_dir_input(sub):
                        yield sub
                    elif unknown is not None and not _is_sidecar(sub):
                        unknown.append(sub)
        else:
            yield path


def read_file(path: Path) -> list[RawArticle]:
    """The articles of one file; ``InputError`` if the file as a whole yields none."""
    articles: list[RawArticle] = []
    errors: list[InputError] = []
    for item in iter_path(path):
        if isinstance(item, RawArticle):
            articles.append(item)
        else:
            errors.append(item)
    if not articles and errors:
        real = [e for e in errors if not isinstance(e, NotAnArticle)]
        raise (real or errors)[0]
    return articles
