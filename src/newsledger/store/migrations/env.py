"""Alembic environment: runs on the connection newsledger hands over (or a URL)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from newsledger.store.tables import include_in_autogenerate, metadata

config = context.config
target_metadata = metadata


def include_name(name: str | None, type_: str, parent: object) -> bool:
    """Autogenerate ignores the full-text structures (SQLite FTS5, PostgreSQL GIN), which the
    migrations manage by hand."""
    return include_in_autogenerate(name, type_, parent)


def run_migrations() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=True,
            include_name=include_name,
        )
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "sqlite:///newsledger.db")
    with engine.begin() as conn:
        context.configure(
            connection=conn, target_metadata=target_metadata, render_as_batch=True, include_name=include_name
        )
        with context.begin_transaction():
            context.run_migrations()


run_migrations()
