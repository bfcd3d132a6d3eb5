"""Bulk writes of the ledger (millions of rows at 100,000 articles)."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import and_, false, insert, or_

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
