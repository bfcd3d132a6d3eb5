"""Write a reconcile result as a diff against the stored ledger: only rows that changed.

Every ledger row has a stable key (reconcile/ids.py: a ledger id, a figure or entity row id, or a
cluster id and position), so the stored ledger and the new one are compared key by key: rows whose
key is gone are deleted, new keys inserted, and rows whose values changed updated in place. A run
that adds a hundred articles to a large store writes the few hundred rows they touch, not the
millions of a whole ledger (the deleted-and-reinserted ledger was most of an incremental run).

Inserts and updates go first, parents first; then deletes, children first
(``tables.RECONCILE_TABLES`` is children first), so the foreign keys between ledger tables hold
at every statement and no cascade takes a kept row.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, String, Table, and_, bindparam, delete, select, update
from sqlalchemy.engine import Connection

from newsledger.reconcile.bulk import bulk_insert
from newsledger.reconcile.loader import literal_rows, raw_rows

CHUNK = 500  # keys per DELETE ... IN (...)

Key = tuple[Any, ...]

# The key of each ledger table's rows (cluster members: their cluster and position).
KEYS: dict[str, tuple[str, ...]] = {
    "ledger_entities": ("id",),
    "entity_links": ("entity_id",),
    "metrics": ("id",),
    "metric_figures": ("figure_id",),
    "claim_clusters": ("id",),
    "cluster_members": ("cluster_id", "position"),
    "contradictions": ("id",),
    "revisions": ("id",),
}


@dataclass
class Diff:
    """What one table's write changed."""

    table: Table
    key: tuple[str, ...]
    columns: list[str]
    insert: list[dict[str, Any]] = field(default_factory=list)
    update: list[dict[str, Any]] = field(default_factory=list)
    delete: list[Key] = field(default_factory=list)

    @property
    def changed(self) -> int:
        return len(self.insert) + len(self.update) + len(self.delete)


def columns_of(table: Table) -> list[str]:
    """The columns a ledger row gives: all but an autoincrement row id."""
    return [c.name for c in table.columns if not (c.name == "id" and not isinstance(c.type, String))]


@dataclass
class Scope:
    """The stored rows a scoped diff compares with: those whose ``column`` is one of ``keys``, and
    those ``extra`` selects (a condition without parameters); every other stored row is kept."""

    column: str
    keys: Collection[str]
    extra: ColumnElement[bool] | None = None


def diff(conn: Connection, table: Table, rows: Iterable[dict[str, Any]], scope: Scope | None = None) -> Diff:
    """Compare the rows ``table`` should hold with the stored ones (with ``scope``: the rows given
    are those of the scope, compared with the stored rows of the scope only)."""
    key = KEYS[table.name]
    columns = columns_of(table)
    out = Diff(table, key, columns)
    kpos = [columns.index(k) for k in key]
    old: dict[Key, tuple[Any, ...]] = {}
    for row in _stored(conn, table, columns, scope):
        old[tuple(row[p] for p in kpos)] = tuple(row)
    for r in rows:
        values = tuple(r[c] for c in columns)
        stored = old.pop(tuple(values[p] for p in kpos), _MISSING)
        if stored is _MISSING:
            out.insert.append(r)
        elif stored != values:
            out.update.append(r)
    out.delete = list(old)
    return out


_MISSING: Any = object()


def _stored(
    conn: Connection, table: Table, columns: list[str], scope: Scope | None
) -> Iterator[tuple[Any, ...]]:
    stmt = select(*[table.c[c] for c in columns])
    if scope is None:
        yield from raw_rows(conn, stmt)
        return
    keys = sorted(scope.keys)
    for i in range(0, len(keys), CHUNK):
        yield from literal_rows(conn, stmt.where(table.c[scope.column].in_(keys[i : i + CHUNK])))
    if scope.extra is not None:
        yield from raw_rows(conn, stmt.where(scope.extra))


def apply(conn: Connection, diffs: Sequence[Diff]) -> int:
    """Write ``diffs`` (given children first, as ``RECONCILE_TABLES``); returns the rows changed.

    Inserts and updates go parents first (a new child's parent is already there), then deletes
    children first: a parent is deleted only once no kept row points at it, so an ``ON DELETE
    CASCADE`` never takes a row that was just moved to another parent.
    """
    for d in reversed(diffs):
        if d.update:
            _update(conn, d)
        bulk_insert(conn, d.table, ({c: r[c] for c in d.columns} for r in d.insert))
    for d in diffs:
        _delete(conn, d)
    return sum(d.changed for d in diffs)


def _delete(conn: Connection, d: Diff) -> None:
    if not d.delete:
        return
    if len(d.key) == 1:
        col = d.table.c[d.key[0]]
        for i in range(0, len(d.delete), CHUNK):
            conn.execute(delete(d.table).where(col.in_([k[0] for k in d.delete[i : i + CHUNK]])))
        return
    where = and_(*(d.table.c[k] == bindparam(f"k_{k}") for k in d.key))
    conn.execute(
        delete(d.table).where(where),
        [{f"k_{k}": v for k, v in zip(d.key, key, strict=True)} for key in d.delete],
    )


def _update(conn: Connection, d: Diff) -> None:
    where = and_(*(d.table.c[k] == bindparam(f"k_{k}") for k in d.key))
    values: dict[str, Any] = {c: bindparam(f"v_{c}") for c in d.columns if c not in d.key}
    params = [{**{f"k_{k}": r[k] for k in d.key}, **{f"v_{c}": r[c] for c in values}} for r in d.update]
    conn.execute(update(d.table).where(where).values(values), params)
