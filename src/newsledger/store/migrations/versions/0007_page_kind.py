"""page_kind on articles: what ingest made of the page ("article" or "uncertain")

Ingest used to skip every HTML page that declared an ``og:type`` other than article, or had a short
body; it now skips a page only on strong evidence that it is a section front and keeps the doubtful
ones flagged ``uncertain``. Articles stored before this revision were all read as articles, so the
column is filled with "article".

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 16:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN (no batch copy of the table, which would drop the FTS triggers on articles).
    op.add_column(
        "articles",
        sa.Column("page_kind", sa.String(16), nullable=False, server_default="article"),
    )


def downgrade() -> None:
    op.drop_column("articles", "page_kind")
