"""Bring a database to the newest schema with Alembic (run on every open)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection, Engine

from newsledger.store.concurrency import migration_lock

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if url:
        cfg.set_main_option("sqlalchemy.url", url)
    return cfg


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(conn: Connection) -> str | None:
    return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine) -> str | None:
    """Apply every pending migration in one transaction (no-op when up to date).

    Returns the revision the database was at before (None for a new database). Processes that
    open a new database at once take turns (``migration_lock``): the first migrates, the others
    then find it up to date.
    """
    head = head_revision()
    with engine.connect() as conn:
        before = current_revision(conn)
        if before == head:
            return before
    with engine.begin() as conn:
        migration_lock(conn)
        before = current_revision(conn)
        if before == head:
            return before
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    return before


# Migrations that empty the derived cross-article tables: crossing one leaves the ledger stale.
LEDGER_RESET_REVISIONS = ("0003",)


def ledger_reset(before: str | None) -> bool:
    """Whether upgrading from ``before`` emptied the ledger (an existing database only)."""
    return before is not None and any(before < rev for rev in LEDGER_RESET_REVISIONS)
