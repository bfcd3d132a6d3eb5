"""quote cue offsets: ``quotes.cue_start`` and ``quotes.cue_end``

Every quote keeps where its cue stands, so quotes naming the same cue read as the parts of one
attribution with a discontinuous content ('"X," she said. "Y"'). Rows stored before this
revision have no offsets (NULL): re-extract (``newsledger extract --refresh``) to fill them in.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 20:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN (no batch copy of the table).
    op.add_column("quotes", sa.Column("cue_start", sa.Integer()))
    op.add_column("quotes", sa.Column("cue_end", sa.Integer()))


def downgrade() -> None:
    op.drop_column("quotes", "cue_end")
    op.drop_column("quotes", "cue_start")
