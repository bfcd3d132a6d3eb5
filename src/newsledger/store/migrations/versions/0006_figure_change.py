"""figure change: the direction of a change the sentence reports for a figure (``change``) and whether
the figure is the amount of that change (``delta``) rather than a level

Figures stored before this revision have no change (null, false): re-extract to fill them in.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 16:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN (no batch copy of the table).
    op.add_column("figures", sa.Column("change", sa.String(8)))
    op.add_column("figures", sa.Column("delta", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    op.drop_column("figures", "delta")
    op.drop_column("figures", "change")
