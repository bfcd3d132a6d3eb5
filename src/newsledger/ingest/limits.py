"""Bounds on every decompression and parse, so one hostile input cannot take the machine.

* ``gunzip_bounded``: gzip/zlib/deflate data decompressed to at most ``limit`` bytes (a 2 kB
  gzip bomb stops at the limit instead of filling memory).
* ``quiet_stderr``: runs a third-party call (warcio) that writes warnings straight to
  ``sys.stderr`` and returns what it wrote, so the warning becomes one line naming the file.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Callable
from contextlib import redirect_stderr
from typing import TypeVar

T = TypeVar("T")

_CHUNK = 1 << 16


class TooLarge(ValueError):
    """Decompressed data would be over the limit."""


def gunzip_bounded(data: bytes, limit: int) -> bytes:
    """``data`` (gzip, zlib or raw deflate) decompressed; ``TooLarge`` past ``limit`` bytes.

    Raises ``zlib.error`` for data that is not compressed as it claims.
    """
    wbits = 16 + zlib.MAX_WBITS if data[:2] == b"\x1f\x8b" else zlib.MAX_WBITS | 32
    if data[:2] != b"\x1f\x8b" and (not data or data[0] & 0x0F != 8):
        wbits = -zlib.MAX_WBITS  # raw deflate
    inflater = zlib.decompressobj(wbits)
    out = bytearray()
    pending = data
    while pending:
        chunk = inflater.decompress(pending, _CHUNK)
        out += chunk
        if len(out) > limit:
            raise TooLarge(f"decompresses to over {limit} bytes")
        pending = inflater.unconsumed_tail
        if inflater.eof:
            break
        if not chunk and not pending:
            break
    out += inflater.flush(_CHUNK)
    if len(out) > limit:
        raise TooLarge(f"decompresses to over {limit} bytes")
    return bytes(out)


def quiet_stderr(call: Callable[[], T]) -> tuple[T, str]:
    """``call()``'s result and whatever it wrote to ``sys.stderr`` (not shown to the user)."""
    buffer = io.StringIO()
    with redirect_stderr(buffer):
        result = call()
    return result, buffer.getvalue()
