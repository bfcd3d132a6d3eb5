"""Exports: whole articles as JSON Lines, or one ledger table as CSV or Parquet."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

from newsledger.contract import Article
from newsledger.errors import NewsledgerError
from newsledger.store.mapping import export_columns, export_row
from newsledger.store.repo import Store

FORMATS = ("jsonl", "csv", "parquet")
TABLES = ("figures", "quotes", "claims", "entities", "articles")


def table_rows(article: Article, table: str) -> Iterator[dict[str, Any]]:
    """Flat rows of one ledger table for one article, each with its provenance.

    The columns come from the contract through :mod:`newsledger.store.mapping`.
    """
    if table not in TABLES:
        raise NewsledgerError(f"unknown table {table!r}", hint=f"Choose one of: {', '.join(TABLES)}.")
    items: tuple[Any, ...] = (article,) if table == "articles" else getattr(article, table)
    for item in items:
        yield export_row(article, table, item)


def export(store: Store, fmt: str, out: str | None = None, *, table: str = "figures") -> int:
    """Write the store's contents to ``out`` (stdout when None or '-'); returns rows written."""
    if fmt not in FORMATS:
        raise NewsledgerError(f"unknown export format {fmt!r}", hint=f"Choose one of: {', '.join(FORMATS)}.")
    if table not in TABLES:
        raise NewsledgerError(f"unknown table {table!r}", hint=f"Choose one of: {', '.join(TABLES)}.")
    articles = store.iter_articles()
    if fmt == "jsonl":
        return _with_text_out(out, lambda fh: write_jsonl(articles, fh))
    rows = (row for a in articles for row in table_rows(a, table))
    if fmt == "csv":
        return _with_text_out(out, lambda fh: _write_csv(rows, fh))
    if not out or out == "-":
        raise NewsledgerError(
            "Parquet is binary and cannot go to the terminal", hint="Give a file with -o FILE."
        )
    return _write_parquet(list(rows), Path(out), table)


def write_jsonl(articles: Iterable[Article], fh: TextIO) -> int:
    n = 0
    for article in articles:
        fh.write(json.dumps(article.to_json(), ensure_ascii=False) + "\n")
        n += 1
    return n


def _with_text_out(out: str | None, write: Any) -> int:
    if not out or out == "-":
        return int(write(sys.stdout))
    with open(out, "w", encoding="utf-8", newline="") as fh:
        return int(write(fh))


def _write_csv(rows: Iterable[dict[str, Any]], fh: TextIO) -> int:
    writer: csv.DictWriter[str] | None = None
    n = 0
    for row in rows:
        if writer is None:
            writer = csv.DictWriter(fh, fieldnames=list(row))
            writer.writeheader()
        writer.writerow(row)
        n += 1
    if writer is None:
        fh.write("")
    return n


def _write_parquet(rows: list[dict[str, Any]], path: Path, table: str) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    if rows:
        data = pa.Table.from_pylist(rows)
    else:
        data = pa.Table.from_pylist([], schema=pa.schema([(k, pa.string()) for k in _columns(table)]))
    pq.write_table(data, path)
    return len(rows)


def _columns(table: str) -> list[str]:
    return export_columns(table)
