"""Byte ranges of one input file, so a large WARC or JSON Lines file can be read in parts.

A :class:`ByteRange` owns the records (WARC records, JSON lines) that *start* in it. Every
part reads its file from the first byte (line numbers and WARC record numbers stay those of the
whole file) but parses only the records it owns, and stops after its range; the ranges of one
file cut it without a gap or an overlap, so every record is read by exactly one part
(``newsledger batch``, docs/scale.md).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ByteRange:
    """Records starting at ``start`` <= offset < ``end``; ``first`` also owns any offset before
    ``start``, and ``end`` None owns everything after ``start``."""

    start: int = 0
    end: int | None = None

    @property
    def whole(self) -> bool:
        return self.start == 0 and self.end is None

    def owns(self, offset: int) -> bool:
        return (self.start == 0 or offset >= self.start) and not self.past(offset)

    def past(self, offset: int) -> bool:
        return self.end is not None and offset >= self.end


def split(size: int, parts: int) -> list[ByteRange]:
    """``parts`` ranges of about equal size covering a file of ``size`` bytes."""
    parts = max(1, parts)
    cuts = [size * i // parts for i in range(parts + 1)]
    return [ByteRange(cuts[i], cuts[i + 1] if i + 1 < parts else None) for i in range(parts)]
