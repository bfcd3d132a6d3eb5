"""Bytes to text: byte-order mark, then declared charset, then a guess; refuse binary.

Order (as browsers do, WHATWG "encoding sniffing"): a BOM wins; then a charset the
transport declared (HTTP ``Content-Type``) or the document declares (``<meta charset>``,
``<meta http-equiv>``, ``<?xml encoding=?>``), decoded with ``errors="replace"`` so one
bad byte cannot make the whole page mojibake; then strict UTF-8; then
charset-normalizer's guess. Binary payloads (images, archives, PDFs) are refused.
"""

from __future__ import annotations

import codecs
import os
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes

from newsledger.errors import InputError

ENV_MAX_MB = "NEWSLEDGER_MAX_ARTICLE_MB"
DEFAULT_MAX_MB = 10.0

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"RIFF", "RIFF media (WebP/WAV/AVI)"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive (or DOCX/XLSX/EPUB)"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"BZh", "bzip2-compressed data"),
    (b"\xfd7zXZ\x00", "xz-compressed data"),
    (b"\x28\xb5\x2f\xfd", "zstd-compressed data"),
    (b"\x7fELF", "executable"),
    (b"ID3", "MP3 audio"),
    (b"\x00\x00\x00\x18ftyp", "MP4 video"),
    (b"\x00\x00\x00\x20ftyp", "MP4 video"),
    (b"SQLite format 3\x00", "SQLite database"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
# C0 controls except TAB/LF/CR, DEL and C1 controls: lxml rejects NUL, none belong in prose.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Labels whose WHATWG meaning differs from Python's codec of the same name.
_WHATWG_ALIASES = {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "ascii": "cp1252",
                   "us-ascii": "cp1252", "iso8859-1": "cp1252", "iso-8859-9": "cp1254", "tis-620": "cp874",
                   "x-sjis": "shift_jis", "gb2312": "gbk"}  # fmt: skip


# Single-byte Latin code pages a guesser confuses with windows-1252 on short texts.
_WESTERN_RIVALS = frozenset({"cp1250", "iso8859_2", "cp1257", "iso8859_4", "iso8859_13", "iso8859_15",
                             "iso8859_16", "latin_1", "iso8859_1", "mac_roman", "mac_latin2", "cp1254",
                             "iso8859_9", "iso8859_3", "iso8859_10", "iso8859_14", "cp850", "cp437",
                             "cp858", "mac_iceland", "mac_turkish", "cp1252"})  # fmt: skip


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    how: str  # bom | declared | utf-8 | guessed | fallback


def max_article_bytes() -> int:
    """The per-article size limit in bytes (env ``NEWSLEDGER_MAX_ARTICLE_MB``, default 10 MB)."""
    raw = os.environ.get(ENV_MAX_MB, "").strip()
    try:
        mb = float(raw) if raw else DEFAULT_MAX_MB
    except ValueError:
        mb = DEFAULT_MAX_MB
    if mb <= 0:
        mb = DEFAULT_MAX_MB
    return int(mb * 1024 * 1024)


def check_size(size: int, source: str, *, line: int | None = None, what: str = "article") -> None:
    """Raise ``InputError`` when one article is over the size limit."""
    limit = max_article_bytes()
    if size > limit:
        raise InputError(
            source,
            f"{what} is {size / 1048576:.1f} MB, over the per-article limit of {limit / 1048576:.0f} MB",
            line=line,
            hint=f"A news article is far smaller; if this one is real, raise {ENV_MAX_MB}.",
        )


def sniff_binary(data: bytes) -> str | None:
    """A short description if ``data`` is a binary format rather than text, else None."""
    head = data[:16]
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return what
    if any(data.startswith(bom) for bom, _ in _BOMS):
        return None
    sample = data[:8192]
    if not sample:
        return None
    nul = sample.count(0)
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    # UTF-16 text without a BOM has NULs in every other byte: leave it to the guesser.
    if nul and nul / len(sample) > 0.3 and _looks_utf16(sample):
        return None
    if nul / len(sample) > 0.01 or controls / len(sample) > 0.1:
        return "binary data"
    return None


def _looks_utf16(sample: bytes) -> bool:
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    return max(even, odd) > 0.4 * (len(sample) / 2) and min(even, odd) < 0.05 * (len(sample) / 2)


def codec_for(label: str | None) -> str | None:
    """Python codec name for a charset label, or None if unknown."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    label = _WHATWG_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def header_charset(content_type: str | None) -> str | None:
    """The ``charset=`` parameter of an HTTP ``Content-Type`` header."""
    if not content_type:
        return None
    m = _HEADER_CHARSET.search(content_type)
    return m.group(1) if m else None


def declared_charset(data: bytes) -> str | None:
    """A charset the document declares in its first 4 KB (``<meta>`` or XML declaration)."""
    head = data[:4096]
    m = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    return m.group(1).decode("ascii", "replace") if m else None


def decode_bytes(data: bytes, source: str, *, declared: str | None = None) -> Decoded:
    """Decode ``data`` (see module docstring). Raises ``InputError`` for binary data."""
    what = sniff_binary(data)
    if what is not None:
        raise InputError(
            source,
            f"not text: looks like {what}",
            hint="Give newsledger text, HTML, JSONL, a feed or a WARC.",
        )
    for bom, name in _BOMS:
        if data.startswith(bom):
            return Decoded(data.decode(name, errors="replace"), name, "bom")
    for label in (declared, declared_charset(data)):
        codec = codec_for(label)
        if codec is None:
            continue
        text = data.decode(codec, errors="replace")
        bad = text.count("\ufffd")
        # A declaration that is plainly wrong (most non-ASCII bytes invalid) is ignored.
        if bad <= 3 or bad <= 0.2 * sum(1 for b in data if b >= 0x80):
            return Decoded(text, codec, "declared")
    try:
        return Decoded(data.decode("utf-8"), "utf-8", "utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is not None and best.encoding:
        if best.encoding in _WESTERN_RIVALS:
            try:
                # Short Latin-script text: cp1252 is far more common than its look-alikes.
                return Decoded(data.decode("cp1252"), "cp1252", "guessed")
            except UnicodeDecodeError:
                pass
        return Decoded(data.decode(best.encoding, errors="replace"), best.encoding, "guessed")
    return Decoded(data.decode("cp1252", errors="replace"), "cp1252", "fallback")


def strip_controls(text: str) -> str:
    """Text without NUL and other control characters; newlines normalised to ``\\n``."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
