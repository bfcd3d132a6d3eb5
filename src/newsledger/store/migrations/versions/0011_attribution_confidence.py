"""attribution confidence and kind, and whose hedge: ``quotes.confidence``, ``claims.kind`` and
``claims.confidence``, ``hedges.voice`` and ``hedges.speaker``

Every attribution keeps a confidence (the rules: 1.0; the learned attribution model: the mean
probability of its tags) and a claim the kind of the attribution its chain stands for (direct,
partial, indirect; null for the outlet's own claim). A hedge is the reporter's own or, inside
quotation marks, the quoted speaker's. Rows stored before this revision were found by the rules
(the model is off by default), so confidences are filled with 1.0 and hedges with "reporter";
claims' kinds stay null: re-extract (``newsledger extract --refresh``) to fill them in.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 21:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN (no batch copy of the tables).
    op.add_column("quotes", sa.Column("confidence", sa.Float(), nullable=False, server_default="1.0"))
    op.add_column("claims", sa.Column("kind", sa.String(16)))
    op.add_column("claims", sa.Column("confidence", sa.Float(), nullable=False, server_default="1.0"))
    op.add_column("hedges", sa.Column("voice", sa.String(16), nullable=False, server_default="reporter"))
    op.add_column("hedges", sa.Column("speaker", sa.Text()))


def downgrade() -> None:
    op.drop_column("hedges", "speaker")
    op.drop_column("hedges", "voice")
    op.drop_column("claims", "confidence")
    op.drop_column("claims", "kind")
    op.drop_column("quotes", "confidence")
