"""How many articles a run will read, counted cheaply before it starts (for a progress bar).

A JSON Lines file counts its non-blank lines, a feed its ``<item>``/``<entry>`` elements, a WARC
its ``response`` records; any other file counts one. The count is an estimate of the items
``read_inputs`` yields (a line may turn out not to be an article): the bar's total, not a promise.
Standard input cannot be counted (None).
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Callable, Sequence
from pathlib import Path

from newsledger.ingest.readers import STDIN, kind_of, list_inputs

_CHUNK = 1 << 20
_FEED_ITEM = re.compile(rb"<(?:item|entry)[\s>/]")
_WARC_RESPONSE = b"WARC-Type: response"


def count_articles(paths: Sequence[str]) -> int | None:
    """About how many articles ``read_inputs(paths)`` yields; None when stdin is among them."""
    total = 0
    for path in list_inputs(paths):
        if str(path) == STDIN:
            return None
        total += _count_file(path)
    return total


def _count_file(path: Path) -> int:
    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
        kind = kind_of(path, head)
        if kind == "jsonl":
            return _count(path, _lines, gz=False)
        if kind in ("feed", "xml"):
            return max(1, _count(path, lambda data: len(_FEED_ITEM.findall(data)), gz=False))
        if kind == "warc":
            return _count(path, lambda data: data.count(_WARC_RESPONSE), gz=head[:2] == b"\x1f\x8b")
    except (OSError, EOFError, gzip.BadGzipFile):
        return 1  # the run reports the error; it still takes one step
    return 1


def _lines(data: bytes) -> int:
    return sum(1 for line in data.split(b"\n") if line.strip())


def _count(path: Path, count: Callable[[bytes], int], *, gz: bool) -> int:
    """Sum ``count`` over the file's (decompressed) bytes, read in chunks cut at line ends."""
    total = 0
    carry = b""
    with (gzip.open(path, "rb") if gz else path.open("rb")) as fh:
        while chunk := fh.read(_CHUNK):
            data = carry + chunk
            cut = data.rfind(b"\n") + 1
            if cut == 0 and len(data) < 8 * _CHUNK:
                carry = data
                continue
            cut = cut or len(data)
            total += count(data[:cut])
            carry = data[cut:]
    return total + count(carry)
