"""incremental ledger: the state of the last reconcile that the next one compares with

Nothing is computed here: without a stored state the next reconcile compares every row of the
ledger, as before, and stores the state for the one after it.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 20:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reconcile_state",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )


def downgrade() -> None:
    op.drop_table("reconcile_state")
