"""incremental reconcile: stored MinHash signatures and LSH band buckets of article bodies, LSH band
buckets of claim wordings, and the articles deleted since the last reconcile

Nothing is computed here: the next reconcile finds every article without a stored signature,
hashes it once and stores it (the first reconcile after the upgrade hashes them all).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 18:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "article_minhash",
        sa.Column("article_id", sa.String(length=32), nullable=False),
        sa.Column("shingles", sa.Integer(), nullable=False),
        sa.Column("signature", sa.LargeBinary(), nullable=True),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("article_id"),
    )
    op.create_table(
        "article_bands",
        sa.Column("article_id", sa.String(length=32), nullable=False),
        sa.Column("band", sa.SmallInteger(), nullable=False),
        sa.Column("bucket", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("article_id", "band"),
    )
    op.create_index("ix_article_bands_bucket", "article_bands", ["band", "bucket"])
    op.create_table(
        "text_minhash",
        sa.Column("digest", sa.String(length=40), nullable=False),
        sa.Column("bands", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("digest"),
    )
    op.create_table(
        "reconcile_dirty",
        sa.Column("article_id", sa.String(length=32), nullable=False),
        sa.Column("origin", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("article_id"),
    )


def downgrade() -> None:
    op.drop_table("reconcile_dirty")
    op.drop_table("text_minhash")
    op.drop_index("ix_article_bands_bucket", table_name="article_bands")
    op.drop_table("article_bands")
    op.drop_table("article_minhash")
