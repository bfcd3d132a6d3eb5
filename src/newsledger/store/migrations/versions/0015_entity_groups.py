"""incremental entities: each raw name group's stats and each article's groups

Nothing is computed here: without stored groups the next reconcile resolves every mention, as
before, and stores the groups for the one after it.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07 07:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "entity_groups",
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("stats", sa.Text(), nullable=False),
        sa.Column("label", sa.String(length=20), nullable=False),
        sa.Column("canonical", sa.Text(), nullable=False),
        sa.Column("joined", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "entity_articles",
        sa.Column("article_id", sa.String(length=32), nullable=False),
        sa.Column("extract_run_id", sa.Integer(), nullable=True),
        sa.Column("keys", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("article_id"),
    )


def downgrade() -> None:
    op.drop_table("entity_articles")
    op.drop_table("entity_groups")
