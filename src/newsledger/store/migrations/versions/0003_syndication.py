"""syndication: copy_of/copy_similarity on articles; reports, independent reports, outlets and
article lists on metrics and claim clusters; revisions of a story (a copy that changed a figure)

The cross-article tables hold derived data only (``newsledger reconcile`` recomputes all of it
from the stored extractions), so they are emptied here rather than converted; the store flags
the ledger as stale and the next command that reconciles rebuilds it.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06 15:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

DERIVED = ("contradictions", "cluster_members", "claim_clusters", "metric_figures", "metrics")
REPORT_COLUMNS = ("reports", "independent_reports")
LIST_COLUMNS = ("article_ids",)


def _clear_derived() -> None:
    for table in DERIVED:  # children first
        op.execute(sa.text(f"DELETE FROM {table}"))


def upgrade() -> None:
    op.add_column("articles", sa.Column("copy_of", sa.String(length=32), nullable=True))
    op.add_column("articles", sa.Column("copy_similarity", sa.Float(), nullable=True))
    op.create_index("ix_articles_copy_of", "articles", ["copy_of"])
    _clear_derived()
    for table in ("metrics", "claim_clusters"):
        with op.batch_alter_table(table) as batch:
            batch.alter_column(
                "outlets",
                existing_type=sa.Integer(),
                type_=sa.Text(),
                existing_nullable=False,
                postgresql_using="outlets::text",
            )
            for column in REPORT_COLUMNS:
                batch.add_column(sa.Column(column, sa.Integer(), nullable=False))
            for column in LIST_COLUMNS:
                batch.add_column(sa.Column(column, sa.Text(), nullable=False))
            if table == "metrics":
                batch.add_column(sa.Column("first_article_id", sa.String(length=32), nullable=True))
            else:
                batch.add_column(sa.Column("independent_sources", sa.Integer(), nullable=False))
    op.create_table(
        "revisions",
        sa.Column("id", sa.String(length=16), nullable=False),
        sa.Column("metric_id", sa.String(length=16), nullable=False),
        sa.Column("origin_article_id", sa.String(length=32), nullable=False),
        sa.Column("before_figure_id", sa.Integer(), nullable=False),
        sa.Column("after_figure_id", sa.Integer(), nullable=False),
        sa.Column("before_article_id", sa.String(length=32), nullable=False),
        sa.Column("after_article_id", sa.String(length=32), nullable=False),
        sa.Column("before_published", sa.String(length=40), nullable=True),
        sa.Column("after_published", sa.String(length=40), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["before_figure_id"], ["figures.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["after_figure_id"], ["figures.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["metric_id"], ["metrics.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_revisions_metric", "revisions", ["metric_id"])
    op.create_index("ix_revisions_origin", "revisions", ["origin_article_id"])


def downgrade() -> None:
    op.drop_table("revisions")
    _clear_derived()
    for table in ("metrics", "claim_clusters"):
        with op.batch_alter_table(table) as batch:
            if table == "metrics":
                batch.drop_column("first_article_id")
            else:
                batch.drop_column("independent_sources")
            for column in (*REPORT_COLUMNS, *LIST_COLUMNS):
                batch.drop_column(column)
            batch.alter_column(
                "outlets",
                existing_type=sa.Text(),
                type_=sa.Integer(),
                existing_nullable=False,
                postgresql_using="outlets::integer",
            )
    op.drop_index("ix_articles_copy_of", table_name="articles")
    op.drop_column("articles", "copy_similarity")
    op.drop_column("articles", "copy_of")
