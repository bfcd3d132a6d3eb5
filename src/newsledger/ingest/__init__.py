"""Ingest: read inputs (text, HTML, JSON Lines, RSS/Atom, WARC) into ``RawArticle`` items.

``read_inputs`` never raises for a bad input: it yields an ``InputError`` (or a
``NotAnArticle`` note for skips such as redirects and section fronts) and goes on.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from newsledger.errors import InputError, NotAnArticle
from newsledger.ingest.base import RawArticle, article_id
from newsledger.ingest.meta import MetaOverride
from newsledger.ingest.readers import iter_path, list_inputs, read_file

__all__ = [
    "InputError",
    "MetaOverride",
    "NotAnArticle",
    "RawArticle",
    "article_id",
    "count_inputs",
    "read_file",
    "read_files",
    "read_inputs",
]


def read_inputs(paths: Sequence[str], meta: MetaOverride | None = None) -> Iterator[RawArticle | InputError]:
    """One ``RawArticle`` per article and one ``InputError`` per failed file, record or line.

    Each path is a file, a directory (walked recursively, sorted, hidden files skipped)
    or ``-`` for standard input. A path that does not exist yields an ``InputError``.
    ``meta`` (the user's ``--outlet``, ``--published``, ``--url``, ``--title``) is applied to
    every article read, over what the input itself says.
    """
    for path in list_inputs(paths):
        if str(path) != "-" and not path.exists():
            yield InputError(str(path), "no such file or directory", hint="Check the path.")
            continue
        yield from iter_path(path, override=meta)


def read_files(
    paths: Sequence[str], meta: MetaOverride | None = None, *, unknown: list[Path] | None = None
) -> Iterator[tuple[str, Iterator[RawArticle | InputError]]]:
    """``(file name, its items)`` for each input file, in order, so a caller can report per file.

    Files a directory walk passes over (not an input type) are appended to ``unknown``.
    Consume each file's items before asking for the next file.
    """
    for path in list_inputs(paths, unknown):
        source = "<stdin>" if str(path) == "-" else str(path)
        if str(path) != "-" and not path.exists():
            missing = InputError(str(path), "no such file or directory", hint="Check the path.")
            yield source, iter([missing])
            continue
        yield source, iter_path(path, override=meta)


def count_inputs(paths: Sequence[str]) -> int:
    """How many files ``read_inputs`` will read (for a progress bar)."""
    return sum(1 for _ in list_inputs(paths))
