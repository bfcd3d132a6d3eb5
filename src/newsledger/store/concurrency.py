"""Several processes on one database: write transactions, a consistent read, and the reconcile lock.

The rules, the same on both backends (docs/testing.md, README "PostgreSQL for teams"):

* An article write (ingest, extract, delete) is one transaction that holds the *article write
  lock* in shared mode: any number of writers at once on PostgreSQL (a shared transaction-level
  advisory lock; the row lock on the article orders two writers of the same article). On SQLite
  the transaction starts with ``BEGIN IMMEDIATE``: it takes the database's one write lock before
  reading anything, so a writer waits (``busy_timeout``) instead of failing on a stale snapshot
  with "database is locked".
* Reconcile holds the *reconcile lock* for its whole run (a session advisory lock on PostgreSQL,
  an ``flock`` on ``<db>.reconcile.lock`` beside a SQLite file), so two reconciles never
  interleave; the later one starts reading only after the earlier one has written, and so sees
  every article stored before it began: the last reconcile wins with the full ledger.
* Reconcile reads the stored facts in one snapshot (REPEATABLE READ on PostgreSQL; one read
  transaction in SQLite's WAL), so writers never wait for it while it computes, and writes the
  result in a transaction holding the article write lock *exclusively* (``BEGIN IMMEDIATE`` on
  SQLite): no article changes under the write, and no write can deadlock with it.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import func, select, text
from sqlalchemy.engine import Connection, Engine

from newsledger.store import tables as t

# Advisory lock keys (PostgreSQL), constants of this application: "nl" + a small number.
ARTICLE_WRITE_KEY = 0x6E6C0001
RECONCILE_KEY = 0x6E6C0002
MIGRATE_KEY = 0x6E6C0003

# How long a SQLite writer waits for the write lock before "database is locked" (ms). A reconcile
# of a large ledger writes for seconds; a writer must outwait it rather than fail.
SQLITE_BUSY_TIMEOUT_MS = 120_000

Stamp = tuple[int, ...]


def dialect(engine: Engine) -> str:
    return str(engine.dialect.name)


@contextlib.contextmanager
def write_transaction(engine: Engine, *, exclusive: bool = False) -> Iterator[Connection]:
    """A transaction that writes articles (``exclusive``: the reconcile result), committed on exit."""
    with engine.connect() as conn, conn.begin():
        name = dialect(engine)
        if name == "sqlite":
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        elif name == "postgresql":
            lock = "pg_advisory_xact_lock" if exclusive else "pg_advisory_xact_lock_shared"
            conn.execute(text(f"SELECT {lock}(:key)"), {"key": ARTICLE_WRITE_KEY})
        yield conn


@contextlib.contextmanager
def snapshot(engine: Engine) -> Iterator[Connection]:
    """A read-only connection whose every query sees the same committed state."""
    name = dialect(engine)
    if name == "postgresql":
        with (
            engine.connect().execution_options(
                isolation_level="REPEATABLE READ", postgresql_readonly=True
            ) as conn,
            conn.begin() as tx,
        ):
            yield conn
            tx.rollback()
        return
    with engine.connect() as conn:
        if name == "sqlite":
            conn.exec_driver_sql("BEGIN")  # the driver would not begin before a SELECT
        try:
            yield conn
        finally:
            conn.rollback()


def change_stamp(conn: Connection) -> Stamp:
    """Counts and highest ids of the stored facts: a change between two stamps means an article
    was stored, re-extracted or deleted in between."""
    parts = []
    for table in (t.articles, t.figures, t.entities, t.claims):
        parts.append(select(func.count()).select_from(table).scalar_subquery())
    for table in (t.figures, t.entities):
        parts.append(select(func.coalesce(func.max(table.c.id), 0)).scalar_subquery())
    row = conn.execute(select(*parts)).one()
    return tuple(int(v) for v in row)


@contextlib.contextmanager
def reconcile_lock(engine: Engine, sqlite_path: str | None) -> Iterator[None]:
    """Held for a whole reconcile: one at a time per database, across processes."""
    name = dialect(engine)
    if name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": RECONCILE_KEY})
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": RECONCILE_KEY})
        return
    if name == "sqlite" and sqlite_path:
        fd = os.open(f"{sqlite_path}.reconcile.lock", os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)  # released when the descriptor closes (or the process dies)
            yield
        finally:
            os.close(fd)
        return
    yield  # an in-memory database: one connection, one process


def sqlite_file(url: str) -> str | None:
    """The file of a SQLite URL (None for any other database or an in-memory one)."""
    if not url.startswith("sqlite:///"):
        return None
    path = url.removeprefix("sqlite:///")
    return str(Path(path)) if path and path != ":memory:" else None


def migration_lock(conn: Connection) -> None:
    """Inside the migration transaction: one process migrates, the others wait and then find the
    database at the newest revision (two processes opening a new database at once)."""
    name = dialect(conn.engine)
    if name == "sqlite":
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    elif name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATE_KEY})
