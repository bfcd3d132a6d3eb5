"""language: the detected language of each article (ISO 639-1, NULL when unsure)

Articles already stored get their language from their stored text, with the same detector ingest
uses (ingest/language.py). Their extractions are kept as they are.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 16:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from newsledger.ingest.language import detect_language

revision = "0008"
down_revision = "0005"
branch_labels = None
depends_on = None

_articles = sa.table("articles", sa.column("id"), sa.column("text"), sa.column("language"))
_BATCH = 500


def upgrade() -> None:
    # Plain ADD COLUMN (no batch copy of the table, which would drop the FTS triggers on articles).
    op.add_column("articles", sa.Column("language", sa.String(16)))
    bind = op.get_bind()
    last = ""
    while True:
        rows = bind.execute(
            sa.select(_articles.c.id, _articles.c.text)
            .where(_articles.c.id > last)
            .order_by(_articles.c.id)
            .limit(_BATCH)
        ).all()
        if not rows:
            break
        for aid, text in rows:
            language = detect_language(text or "")
            if language:
                bind.execute(_articles.update().where(_articles.c.id == aid).values(language=language))
        last = rows[-1][0]


def downgrade() -> None:
    op.drop_column("articles", "language")
