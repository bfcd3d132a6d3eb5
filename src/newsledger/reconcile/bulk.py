"""Bulk writes of the ledger (millions of rows at 100,000 articles)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert

CHUNK = 5000


def bulk_insert(conn: Any, table: Any, rows: list[dict[str, Any]]) -> None:
    """Insert ``rows`` (every one with the same keys, every value given) into ``table``.

    On SQLite the rows go to the driver's ``executemany`` as tuples: SQLAlchemy's per-row
    parameter processing would be most of the write. Elsewhere SQLAlchemy's own bulk insert.
    """
    if not rows:
        return
    chunks = [rows[i : i + CHUNK] for i in range(0, len(rows), CHUNK)]
    if conn.dialect.name != "sqlite":
        for chunk in chunks:
            conn.execute(insert(table), chunk)
        return
    columns = list(rows[0])
    sql = f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    for chunk in chunks:
        conn.exec_driver_sql(sql, [tuple(r[c] for c in columns) for r in chunk])
