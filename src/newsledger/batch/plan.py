"""Cut a batch's inputs into Spark partitions (on the driver; reads only each file's first bytes).

* a WARC or JSON Lines file is one partition, or, when larger than the split size, several:
  byte ranges of about that size, each reading the records that start in it
  (:mod:`newsledger.ingest.ranges`). A gzipped WARC is split only when it is gzipped record by
  record, as Common Crawl's are (a file gzipped whole has no record offsets to cut at);
* an RSS/Atom feed or a JSON array is one partition;
* consecutive one-article files (text, HTML) are packed into partitions of up to the split size
  (and :data:`PACK_FILES` files), so a directory of many small pages is not many tiny tasks.

Directories are walked as ``extract`` walks them (:func:`newsledger.ingest.readers.list_inputs`).
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from newsledger.batch.work import Piece
from newsledger.errors import BatchError, InputError
from newsledger.ingest.ranges import split
from newsledger.ingest.readers import STDIN, kind_of, list_inputs

PACK_FILES = 256
_HEAD = 65536
_CONTAINERS = ("warc", "jsonl", "json", "feed")  # files of many articles


@dataclass
class Plan:
    """The partitions (lists of pieces, in input order) and what the walk found besides."""

    parts: list[tuple[Piece, ...]] = field(default_factory=list)
    sizes: list[int] = field(default_factory=list)  # bytes each part reads
    missing: list[InputError] = field(default_factory=list)  # named paths that do not exist
    unknown: list[str] = field(default_factory=list)  # files of unknown type a walk passed over
    sources: list[str] = field(default_factory=list)  # every input file, in order


def plan(paths: Sequence[str], split_bytes: int) -> Plan:
    """The partitions of ``paths`` (files and directories; not stdin)."""
    result = Plan()
    unknown: list[Path] = []
    pack: list[Piece] = []
    pack_size = 0

    def close_pack() -> None:
        nonlocal pack, pack_size
        if pack:
            result.parts.append(tuple(pack))
            result.sizes.append(pack_size)
        pack, pack_size = [], 0

    for path in list_inputs(paths, unknown):
        if str(path) == STDIN:
            raise BatchError(
                "a batch reads files, not standard input",
                hint="Save the input to a file that every Spark executor can read, and name it.",
            )
        source = str(path)
        if not path.exists():
            result.missing.append(InputError(source, "no such file or directory", hint="Check the path."))
            continue
        result.sources.append(source)
        size, kind, per_record = _look(path)
        piece = Piece(str(path.resolve()), source)
        if kind not in _CONTAINERS:
            if pack and (pack_size + size > split_bytes or len(pack) >= PACK_FILES):
                close_pack()
            pack.append(piece)
            pack_size += size
            continue
        close_pack()
        n = math.ceil(size / split_bytes) if kind in ("warc", "jsonl") and per_record else 1
        for r in split(size, n):
            result.parts.append((Piece(piece.path, source, r.start, r.end),))
            result.sizes.append(size // n)
    close_pack()
    result.unknown = [str(p) for p in unknown]
    return result


def _look(path: Path) -> tuple[int, str, bool]:
    """Size, kind and whether the file can be cut at record offsets."""
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(_HEAD)
    except OSError:
        return 0, "unreadable", False  # the executor reports it, as extract would
    kind = kind_of(path, head)
    return size, kind, not head.startswith(b"\x1f\x8b") or _gzip_per_record(head)


def _gzip_per_record(head: bytes) -> bool:
    """Whether a second gzip member follows the first within ``head`` (a WARC gzipped record by
    record; a file gzipped whole is one member)."""
    inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        inflate.decompress(head, 1 << 22)  # bounded: a bomb in the head inflates no further
    except zlib.error:
        return False
    return inflate.eof and inflate.unused_data[:2] == b"\x1f\x8b"
