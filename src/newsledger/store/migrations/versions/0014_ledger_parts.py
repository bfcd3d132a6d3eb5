"""incremental figure ledger: the closed parts of the last reconcile's figure ledger

Nothing is computed here: without stored parts the next reconcile computes every part, as before,
and stores them for the one after it.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07 02:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ledger_parts",
        sa.Column("digest", sa.String(length=40), nullable=False),
        sa.Column("metric_ids", sa.Text(), nullable=False),
        sa.Column("cluster_ids", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("digest"),
    )


def downgrade() -> None:
    op.drop_table("ledger_parts")
