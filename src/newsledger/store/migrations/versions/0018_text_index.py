"""the wording index of the text stage: each stored claim node's wording digests and each
quotation node's word n-grams, indexed, and the text components indexed by component

Nothing is computed here: until a reconcile has stored the index (``reconcile_state``
``text_index``), the next reconcile computes the whole wording graph (named in its report's
fall-backs) and stores the index for the one after it.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_text_nodes_component", "text_nodes", ["component"])
    op.create_table(
        "text_wordings",
        sa.Column("digest", sa.String(length=40), nullable=False),
        sa.Column("article_id", sa.String(length=32), nullable=False),
        sa.Column("claim_id", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("digest", "article_id", "claim_id"),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_text_wordings_article", "text_wordings", ["article_id"])
    op.create_table(
        "text_grams",
        sa.Column("gram", sa.BigInteger(), nullable=False),
        sa.Column("article_id", sa.String(length=32), nullable=False),
        sa.Column("claim_id", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("gram", "article_id", "claim_id"),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_text_grams_article", "text_grams", ["article_id"])


def downgrade() -> None:
    op.drop_index("ix_text_grams_article", table_name="text_grams")
    op.drop_table("text_grams")
    op.drop_index("ix_text_wordings_article", table_name="text_wordings")
    op.drop_table("text_wordings")
    op.drop_index("ix_text_nodes_component", table_name="text_nodes")
