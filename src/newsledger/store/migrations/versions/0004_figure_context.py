"""figure context (rate, outcome, role, floor, prior, hypothetical, period bounds, sentence span);
the article's wire dateline

Reconcile used to read these from the article text; the figures extractor now stores them
(extract/context.py). Figures extracted before this revision keep the defaults (no rate, no
outcome, no period bounds, ...): extract those articles again, into a new database, for
reconcile to see their context.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06 15:30:00
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0004"
# TODO(merge): "0003" once the lead's migration 0003 (articles, claim_clusters) is on this branch.
down_revision = "0002"
branch_labels = None
depends_on = None

FIGURE_COLUMNS: tuple[sa.Column[Any], ...] = (
    sa.Column("rate", sa.String(16)),
    sa.Column("outcome", sa.String(32)),
    sa.Column("role", sa.String(32)),
    sa.Column("floor", sa.Boolean(), nullable=False, server_default=sa.false()),
    sa.Column("prior", sa.Boolean(), nullable=False, server_default=sa.false()),
    sa.Column("hypothetical", sa.Boolean(), nullable=False, server_default=sa.false()),
    sa.Column("period_start", sa.String(10)),
    sa.Column("period_end", sa.String(10)),
    sa.Column("sentence_start", sa.Integer()),
    sa.Column("sentence_end", sa.Integer()),
)
ARTICLE_COLUMNS: tuple[sa.Column[Any], ...] = (
    sa.Column("dateline_place", sa.Text()),
    sa.Column("dateline_source", sa.Text()),
)


def upgrade() -> None:
    # Plain ADD COLUMN (no batch copy of the table, which would drop the FTS triggers on articles).
    for col in FIGURE_COLUMNS:
        op.add_column("figures", col)
    for col in ARTICLE_COLUMNS:
        op.add_column("articles", col)


def downgrade() -> None:
    for col in reversed(ARTICLE_COLUMNS):
        op.drop_column("articles", col.name)
    for col in reversed(FIGURE_COLUMNS):
        op.drop_column("figures", col.name)
