"""incremental text clusters and citations: each article's extract run with its text fingerprint,
and the outlet keys each figure's claim names (claim_outlets)

Nothing is computed here: a stored fingerprint without its extract run counts as changed, so the
first reconcile after the upgrade computes the whole wording graph and every text cluster (named
in its report's fall-backs) and stores the runs for the one after it.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07 07:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("text_articles") as batch:
        batch.add_column(sa.Column("extract_run_id", sa.Integer(), nullable=True))
    op.create_table(
        "claim_outlets",
        sa.Column("article_id", sa.String(length=32), nullable=False),
        sa.Column("claim_id", sa.String(length=16), nullable=False),
        sa.Column("names", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("article_id", "claim_id"),
    )


def downgrade() -> None:
    op.drop_table("claim_outlets")
    with op.batch_alter_table("text_articles") as batch:
        batch.drop_column("extract_run_id")
