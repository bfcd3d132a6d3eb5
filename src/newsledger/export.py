"""Exports: whole articles as JSON Lines, or one ledger table as CSV or Parquet."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import select

from newsledger.contract import Article
from newsledger.errors import NewsledgerError
from newsledger.store import tables as t
from newsledger.store.mapping import export_columns, export_row
from newsledger.store.repo import Store

FORMATS = ("jsonl", "csv", "parquet")
ARTICLE_TABLES = ("figures", "quotes", "claims", "entities", "articles")
LEDGER_TABLES = ("clusters",)  # cross-article tables, written by reconcile
TABLES = (*ARTICLE_TABLES, *LEDGER_TABLES)


def table_rows(article: Article, table: str) -> Iterator[dict[str, Any]]:
    """Flat rows of one ledger table for one article, each with its provenance.

    The columns come from the contract through :mod:`newsledger.store.mapping`.
    """
    if table not in ARTICLE_TABLES:
        raise NewsledgerError(f"unknown table {table!r}", hint=f"Choose one of: {', '.join(ARTICLE_TABLES)}.")
    items: tuple[Any, ...] = (article,) if table == "articles" else getattr(article, table)
    for item in items:
        yield export_row(article, table, item)


def export(store: Store, fmt: str, out: str | None = None, *, table: str = "figures") -> int:
    """Write the store's contents to ``out`` (stdout when None or '-'); returns rows written."""
    if fmt not in FORMATS:
        raise NewsledgerError(f"unknown export format {fmt!r}", hint=f"Choose one of: {', '.join(FORMATS)}.")
    if table not in TABLES:
        raise NewsledgerError(f"unknown table {table!r}", hint=f"Choose one of: {', '.join(TABLES)}.")
    if table in LEDGER_TABLES:
        return _export_ledger(store, fmt, out, table)
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


CLUSTER_LISTS = ("outlets", "article_ids")


def cluster_rows(store: Store) -> Iterator[dict[str, Any]]:
    """One row per claim cluster: the most independently reported first; lists as Python lists."""
    cc = t.claim_clusters.c
    columns = [cc.id, cc.kind, cc.label, cc.first_article_id, cc.reports, cc.independent_reports]
    columns += [
        cc.independent_sources,
        cc.outlets,
        cc.article_ids,
        cc.metric_id,
        cc.first_published,
        cc.members,
    ]
    order = (cc.independent_reports.desc(), cc.reports.desc(), cc.id)
    with store.engine.connect() as conn:
        for r in conn.execute(select(*columns).order_by(*order)).mappings():
            row = dict(r)
            for key in CLUSTER_LISTS:
                row[key] = json.loads(row[key] or "[]")
            yield row


def _export_ledger(store: Store, fmt: str, out: str | None, table: str) -> int:
    rows = list(cluster_rows(store))
    if fmt == "jsonl":
        return _with_text_out(out, lambda fh: _write_jsonl_rows(rows, fh))
    if fmt == "csv":  # lists as JSON arrays, so a CSV reader gets them back whole
        flat = (
            {k: json.dumps(v, ensure_ascii=False) if k in CLUSTER_LISTS else v for k, v in r.items()}
            for r in rows
        )
        return _with_text_out(out, lambda fh: _write_csv(flat, fh))
    if not out or out == "-":
        raise NewsledgerError(
            "Parquet is binary and cannot go to the terminal", hint="Give a file with -o FILE."
        )
    import pyarrow as pa
    import pyarrow.parquet as pq

    text, ints, strings = pa.string(), pa.int64(), pa.list_(pa.string())
    schema = pa.schema(
        [
            ("id", text),
            ("kind", text),
            ("label", text),
            ("first_article_id", text),
            ("reports", ints),
            ("independent_reports", ints),
            ("independent_sources", ints),
            ("outlets", strings),
            ("article_ids", strings),
            ("metric_id", text),
            ("first_published", text),
            ("members", ints),
        ]
    )
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), Path(out))
    return len(rows)


def _write_jsonl_rows(rows: Iterable[dict[str, Any]], fh: TextIO) -> int:
    n = 0
    for row in rows:
        fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        n += 1
    return n


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
