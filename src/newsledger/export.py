"""Exports: every ledger table as CSV, JSON Lines or Parquet, with its declared schema.

The tables, their columns and types are declared in :mod:`newsledger.ledger` (derived from the
contract). Besides the tables, ``contract`` (or ``articles`` with ``full=True``) writes whole
articles as JSON Lines, one contract object per line, exactly as ``extract --jsonl`` prints them.

CSV: dates as ``YYYY-MM-DD``, lists as JSON arrays, a missing value as an empty cell.
JSON Lines: dates as ``YYYY-MM-DD`` strings, lists as arrays, a missing value as ``null``.
Parquet: the declared types (date32, int64, float64, bool, list<string>).
Any of them goes to stdout when no file is given; Parquet only when stdout is not a terminal.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import Any, BinaryIO, TextIO

from newsledger.contract import Article
from newsledger.errors import NewsledgerError
from newsledger.ledger import TABLES, Ledger, TableSpec, article_rows, table_spec
from newsledger.store.repo import Store

FORMATS = ("jsonl", "csv", "parquet")
CONTRACT = "contract"  # whole articles (JSON Lines only)
EXPORTABLE = (*TABLES, CONTRACT)
PARQUET_BATCH = 2048

__all__ = ["CONTRACT", "EXPORTABLE", "FORMATS", "TABLES", "export", "table_rows", "write_jsonl"]


def table_rows(article: Article, table: str) -> Iterator[dict[str, Any]]:
    """The rows of one article table for one article (see :func:`newsledger.ledger.article_rows`)."""
    return article_rows(article, table)


def export(
    store: Store, fmt: str, out: str | None = None, *, table: str = "figures", full: bool = False
) -> int:
    """Write ``table`` of the store to ``out`` (stdout when None or '-') as ``fmt``; returns rows written.

    ``full`` (with ``articles``) or ``table="contract"`` writes whole articles as JSON Lines.
    """
    if fmt not in FORMATS:
        raise NewsledgerError(f"unknown export format {fmt!r}", hint=f"Choose one of: {', '.join(FORMATS)}.")
    if table not in EXPORTABLE:
        raise NewsledgerError(f"unknown table {table!r}", hint=f"Choose one of: {', '.join(EXPORTABLE)}.")
    ledger = Ledger(store)
    if table == CONTRACT or full:
        if table not in (CONTRACT, "articles") or fmt != "jsonl":
            raise NewsledgerError(
                "whole articles are written as JSON Lines only",
                hint="Use -f jsonl -t contract (or -t articles --full); or pick a table for csv/parquet.",
            )
        return _with_text_out(out, lambda fh: write_jsonl(ledger.articles(), fh))
    spec = table_spec(table)
    rows = ledger.rows(table)
    if fmt == "jsonl":
        return _with_text_out(out, lambda fh: _write_jsonl_rows(rows, fh))
    if fmt == "csv":
        return _with_text_out(out, lambda fh: _write_csv(spec, rows, fh))
    return _with_binary_out(out, lambda fh: _write_parquet(spec, rows, fh))


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _write_jsonl_rows(rows: Iterable[dict[str, Any]], fh: TextIO) -> int:
    n = 0
    for row in rows:
        fh.write(json.dumps({k: _plain(v) for k, v in row.items()}, ensure_ascii=False) + "\n")
        n += 1
    return n


def write_jsonl(articles: Iterable[Article], fh: TextIO) -> int:
    """Whole articles, one contract object per line."""
    n = 0
    for article in articles:
        fh.write(json.dumps(article.to_json(), ensure_ascii=False) + "\n")
        n += 1
    return n


def _csv_cell(value: Any) -> Any:
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)  # a CSV reader gets the list back whole
    return _plain(value)


def _write_csv(spec: TableSpec, rows: Iterable[dict[str, Any]], fh: TextIO) -> int:
    writer = csv.DictWriter(fh, fieldnames=spec.names)
    writer.writeheader()
    n = 0
    for row in rows:
        writer.writerow({k: _csv_cell(v) for k, v in row.items()})
        n += 1
    return n


def _write_parquet(spec: TableSpec, rows: Iterable[dict[str, Any]], fh: BinaryIO) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = spec.arrow_schema()
    n = 0
    with pq.ParquetWriter(fh, schema) as writer:
        batch: list[dict[str, Any]] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= PARQUET_BATCH:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                n += len(batch)
                batch = []
        if batch or n == 0:  # an empty table still has its columns
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            n += len(batch)
    return n


def _with_text_out(out: str | None, write: Callable[[TextIO], int]) -> int:
    if not out or out == "-":
        n = write(sys.stdout)
        sys.stdout.flush()
        return n
    with open(out, "w", encoding="utf-8", newline="") as fh:
        return write(fh)


def _with_binary_out(out: str | None, write: Callable[[BinaryIO], int]) -> int:
    if not out or out == "-":
        if sys.stdout.isatty():
            raise NewsledgerError(
                "Parquet is binary and stdout is a terminal",
                hint="Give a file with -o FILE, or redirect: ... > table.parquet",
            )
        sys.stdout.flush()
        stream: BinaryIO = sys.stdout.buffer
        n = write(stream)
        stream.flush()
        return n
    with open(out, "wb") as fh:
        return write(fh)
