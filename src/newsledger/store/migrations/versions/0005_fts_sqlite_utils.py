"""full-text index with sqlite-utils' conventions, so Datasette finds it

Datasette (and sqlite-utils) recognise a table's FTS index by ``content=[table]`` (or
``content="table"``) in the virtual table's SQL; 0002 wrote ``content='articles'``, which they
do not detect, so ``?_search=`` returned every row. The index is the same (title and text,
porter stemming over unicode61, diacritics folded), rebuilt under the same name ``articles_fts``;
its triggers take sqlite-utils' names (``articles_ai``, ``articles_ad``, ``articles_au``).
SQLite only, like 0002.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06 16:00:00
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

TOKENIZE = "tokenize='porter unicode61 remove_diacritics 2'"
OLD_TRIGGERS = ("articles_fts_ai", "articles_fts_ad", "articles_fts_au")
NEW_TRIGGERS = ("articles_ai", "articles_ad", "articles_au")


INSERT_NEW = (
    "INSERT INTO [articles_fts] (rowid, [title], [text]) VALUES (new.rowid, new.[title], new.[text]);"
)


def _fts(content: str, triggers: tuple[str, str, str]) -> tuple[str, ...]:
    ai, ad, au = triggers
    return (
        f"CREATE VIRTUAL TABLE [articles_fts] USING FTS5 ([title], [text], {content}, {TOKENIZE})",
        f"CREATE TRIGGER [{ai}] AFTER INSERT ON [articles] BEGIN "
        f"{INSERT_NEW} END",
        f"CREATE TRIGGER [{ad}] AFTER DELETE ON [articles] BEGIN "
        "INSERT INTO [articles_fts] ([articles_fts], rowid, [title], [text]) "
        "VALUES('delete', old.rowid, old.[title], old.[text]); END",
        f"CREATE TRIGGER [{au}] AFTER UPDATE OF [title], [text] ON [articles] BEGIN "
        "INSERT INTO [articles_fts] ([articles_fts], rowid, [title], [text]) "
        "VALUES('delete', old.rowid, old.[title], old.[text]); "
        f"{INSERT_NEW} END",
        "INSERT INTO [articles_fts] ([articles_fts]) VALUES ('rebuild')",
    )


def _drop(triggers: tuple[str, ...]) -> None:
    for trigger in triggers:
        op.execute(f"DROP TRIGGER IF EXISTS [{trigger}]")
    op.execute("DROP TABLE IF EXISTS [articles_fts]")


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    _drop(OLD_TRIGGERS + NEW_TRIGGERS)
    for statement in _fts("content=[articles]", NEW_TRIGGERS):
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    _drop(OLD_TRIGGERS + NEW_TRIGGERS)
    for statement in _fts("content='articles', content_rowid='rowid'", OLD_TRIGGERS):
        op.execute(statement)
