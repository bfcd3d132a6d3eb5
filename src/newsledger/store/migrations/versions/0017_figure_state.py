"""incremental figure stage: each figure's derived state and each article's inputs to it

Nothing is computed here: without stored state the next reconcile describes every figure (named
in its report's fall-backs), as before, and stores the state for the one after it.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07 09:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "figure_state",
        sa.Column("figure_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("article_id", sa.String(length=32), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("unit", sa.Text(), nullable=True),
        sa.Column("counted", sa.Text(), nullable=True),
        sa.Column("category0", sa.Text(), nullable=False),
        sa.Column("place0", sa.Text(), nullable=True),
        sa.Column("bucket0", sa.Text(), nullable=True),
        sa.Column("dated", sa.Boolean(), nullable=False),
        sa.Column("year", sa.String(length=4), nullable=False),
        sa.Column("art_place", sa.Text(), nullable=True),
        sa.Column("category", sa.Text(), nullable=False),
        sa.Column("place", sa.Text(), nullable=True),
        sa.Column("bucket", sa.Text(), nullable=True),
        sa.Column("floor", sa.Boolean(), nullable=False),
        sa.Column("rep", sa.Float(), nullable=True),
        sa.Column("node", sa.Text(), nullable=True),
        sa.Column("member", sa.Text(), nullable=True),
        sa.Column("cite", sa.Text(), nullable=True),
        sa.Column("key", sa.LargeBinary(), nullable=False),
        sa.Column("part", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("figure_id"),
    )
    with op.batch_alter_table("figure_state") as batch:
        batch.create_index("ix_figure_state_article", ["article_id"], unique=False)
        batch.create_index("ix_figure_state_counted", ["counted"], unique=False)
        batch.create_index("ix_figure_state_node", ["node"], unique=False)
        batch.create_index("ix_figure_state_member", ["member"], unique=False)
        batch.create_index("ix_figure_state_cite", ["cite"], unique=False)
    op.create_table(
        "figure_articles",
        sa.Column("article_id", sa.String(length=32), nullable=False),
        sa.Column("extract_run_id", sa.Integer(), nullable=True),
        sa.Column("origin", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("article_id"),
    )


def downgrade() -> None:
    op.drop_table("figure_articles")
    op.drop_table("figure_state")
