"""Bulk writes of the ledger (millions of rows at 100,000 articles)."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import and_, delete, false, insert, or_, tuple_

CHUNK = 5000


def bulk_insert(conn: Any, table: Any, rows: Iterable[dict[str, Any]]) -> int:
    """Insert ``rows`` (every one with the same keys, every value given) into ``table``, a chunk at
    a time (``rows`` may be a generator: the ledger's largest tables are never held whole); returns
    how many.

    On SQLite the rows go to the driver's ``executemany`` as tuples: SQLAlchemy's per-row
    parameter processing would be most of the write. Elsewhere SQLAlchemy's own bulk insert.
    """
    it = iter(rows)
    sqlite = conn.dialect.name == "sqlite"
    count = 0
    sql, columns = "", []
    while chunk := list(itertools.islice(it, CHUNK)):
        count += len(chunk)
        if not sqlite:
            conn.execute(insert(table), chunk)
            continue
        if not sql:
            columns = list(chunk[0])
            sql = f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
        conn.exec_driver_sql(sql, [tuple(r[c] for c in columns) for r in chunk])
    return count


def pairs_in(first: Any, second: Any, pairs: Iterable[Sequence[Any]]) -> Any:
    """``(first, second) IN pairs`` written as ``first = x AND second IN (...)`` for each ``x``,
    joined by OR: SQLite scans the whole table for a row-value IN list, but looks each of these
    up in an index on ``(first, second)`` (or on ``first``)."""
    grouped: dict[Any, list[Any]] = {}
    for a, b in pairs:
        grouped.setdefault(a, []).append(b)
    return or_(false(), *(and_(first == a, second.in_(sorted(set(bs)))) for a, bs in sorted(grouped.items())))


def delete_pairs(conn: Any, table: Any, first: str, second: str, pairs: Iterable[Sequence[Any]]) -> None:
    """Delete the rows of ``table`` whose ``(first, second)`` is one of ``pairs``: on SQLite one
    prepared statement run for each pair (an index lookup each; SQLite scans the whole table for a
    row-value IN list, and compiling an OR of thousands of terms costs more than the deletes),
    elsewhere row-value IN lists, a chunk at a time."""
    keys = sorted({(a, b) for a, b in pairs})
    if not keys:
        return
    if conn.dialect.name == "sqlite":
        sql = f"DELETE FROM {table.name} WHERE {first} = ? AND {second} = ?"
        conn.exec_driver_sql(sql, keys)
        return
    cols = tuple_(table.c[first], table.c[second])
    for i in range(0, len(keys), 500):
        conn.execute(delete(table).where(cols.in_(keys[i : i + 500])))


def insert_tuples(conn: Any, table: Any, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> None:
    """Insert ``rows`` (tuples of ``columns``' values) into ``table``: on SQLite straight to the
    driver's ``executemany``, elsewhere SQLAlchemy's bulk insert, a chunk at a time."""
    if conn.dialect.name == "sqlite":
        sql = f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
        for i in range(0, len(rows), CHUNK * 10):
            conn.exec_driver_sql(sql, list(rows[i : i + CHUNK * 10]))
        return
    for i in range(0, len(rows), CHUNK):
        conn.execute(insert(table), [dict(zip(columns, r, strict=True)) for r in rows[i : i + CHUNK]])
