"""incremental text clusters: the wording graph's components of the last reconcile

Nothing is computed here: without stored components the next reconcile computes the whole graph,
as before, and stores it for the one after it.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 23:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "text_nodes",
        sa.Column("article_id", sa.String(length=32), nullable=False),
        sa.Column("claim_id", sa.String(length=16), nullable=False),
        sa.Column("component", sa.String(length=64), nullable=False),
        sa.Column("digests", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("article_id", "claim_id"),
    )
    op.create_table(
        "text_articles",
        sa.Column("article_id", sa.String(length=32), nullable=False),
        sa.Column("fingerprint", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("article_id"),
    )


def downgrade() -> None:
    op.drop_table("text_articles")
    op.drop_table("text_nodes")
