"""reconcile: ledger entities, metrics, claim clusters, contradictions; full-text search over
articles (SQLite: an FTS5 table; PostgreSQL: a GIN index over the weighted tsvector of title and text)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# External-content FTS5 index: the text lives once, in ``articles``; triggers keep the index in
# step with inserts, deletes and edits of a title or text. Porter stemming over unicode61 with
# diacritics folded, so 'killed' finds 'kill', 'Kyiv' finds 'Kyïv'.
# Note: the index refers to ``articles.rowid``; after a VACUUM (which may renumber the rowids of a
# table without an INTEGER PRIMARY KEY) run ``INSERT INTO articles_fts(articles_fts) VALUES('rebuild')``.
FTS_SQL = (
    "CREATE VIRTUAL TABLE articles_fts USING fts5("
    "title, text, content='articles', content_rowid='rowid', "
    "tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER articles_fts_ai AFTER INSERT ON articles BEGIN "
    "INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text); END",
    "CREATE TRIGGER articles_fts_ad AFTER DELETE ON articles BEGIN "
    "INSERT INTO articles_fts(articles_fts, rowid, title, text) "
    "VALUES ('delete', old.rowid, old.title, old.text); END",
    "CREATE TRIGGER articles_fts_au AFTER UPDATE OF title, text ON articles BEGIN "
    "INSERT INTO articles_fts(articles_fts, rowid, title, text) "
    "VALUES ('delete', old.rowid, old.title, old.text); "
    "INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text); END",
    "INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')",
)

# PostgreSQL: an expression index, nothing stored beside the text and no trigger to keep. The
# search query (reconcile/queries.py, tables.PG_SEARCH_DOCUMENT) uses this very expression, so the
# planner answers ``document @@ query`` from the index. English stemming, like FTS5's porter.
PG_SEARCH_SQL = (
    "CREATE INDEX ix_articles_search ON articles USING gin (("
    "setweight(to_tsvector('english', coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('english', text), 'B')))"
)


def upgrade() -> None:
    op.create_table(
        "ledger_entities",
        sa.Column("id", sa.String(length=16), nullable=False),
        sa.Column("canonical", sa.Text(), nullable=False),
        sa.Column("label", sa.String(length=20), nullable=False),
        sa.Column("aliases", sa.Text(), nullable=False),
        sa.Column("mentions", sa.Integer(), nullable=False),
        sa.Column("articles", sa.Integer(), nullable=False),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("country", sa.String(length=8), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_ledger_entities_label", "ledger_entities", ["label"])
    op.create_index("ix_ledger_entities_canonical", "ledger_entities", ["canonical"])
    op.create_table(
        "entity_links",
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("ledger_entity_id", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(["entity_id"], ["entities.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["ledger_entity_id"], ["ledger_entities.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("entity_id"),
    )
    op.create_index("ix_entity_links_ledger", "entity_links", ["ledger_entity_id"])
    op.create_table(
        "metrics",
        sa.Column("id", sa.String(length=16), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("counted", sa.Text(), nullable=True),
        sa.Column("place", sa.Text(), nullable=True),
        sa.Column("period", sa.String(length=64), nullable=True),
        sa.Column("unit", sa.String(length=32), nullable=True),
        sa.Column("figures", sa.Integer(), nullable=False),
        sa.Column("outlets", sa.Integer(), nullable=False),
        sa.Column("first_published", sa.String(length=40), nullable=True),
        sa.Column("last_published", sa.String(length=40), nullable=True),
        sa.Column("contradictions", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_metrics_category", "metrics", ["category"])
    op.create_table(
        "metric_figures",
        sa.Column("figure_id", sa.Integer(), nullable=False),
        sa.Column("metric_id", sa.String(length=16), nullable=False),
        sa.Column("article_id", sa.String(length=32), nullable=False),
        sa.Column("lo", sa.Float(), nullable=True),
        sa.Column("hi", sa.Float(), nullable=True),
        sa.Column("origin", sa.Text(), nullable=True),
        sa.Column("flags", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(["figure_id"], ["figures.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["metric_id"], ["metrics.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("figure_id"),
    )
    op.create_index("ix_metric_figures_metric", "metric_figures", ["metric_id"])
    op.create_table(
        "claim_clusters",
        sa.Column("id", sa.String(length=16), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("metric_id", sa.String(length=16), nullable=True),
        sa.Column("first_article_id", sa.String(length=32), nullable=False),
        sa.Column("first_claim_id", sa.String(length=16), nullable=False),
        sa.Column("first_published", sa.String(length=40), nullable=True),
        sa.Column("members", sa.Integer(), nullable=False),
        sa.Column("outlets", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["metric_id"], ["metrics.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_claim_clusters_metric", "claim_clusters", ["metric_id"])
    op.create_table(
        "cluster_members",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("cluster_id", sa.String(length=16), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.String(length=32), nullable=False),
        sa.Column("claim_id", sa.String(length=16), nullable=False),
        sa.Column("figure_id", sa.Integer(), nullable=True),
        sa.Column("cites", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["article_id", "claim_id"], ["claims.article_id", "claims.claim_id"], ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["cluster_id"], ["claim_clusters.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["figure_id"], ["figures.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_cluster_members_cluster", "cluster_members", ["cluster_id"])
    op.create_index("ix_cluster_members_claim", "cluster_members", ["article_id", "claim_id"])
    op.create_table(
        "contradictions",
        sa.Column("id", sa.String(length=16), nullable=False),
        sa.Column("metric_id", sa.String(length=16), nullable=False),
        sa.Column("a_figure_id", sa.Integer(), nullable=False),
        sa.Column("b_figure_id", sa.Integer(), nullable=False),
        sa.Column("a_cluster_id", sa.String(length=16), nullable=True),
        sa.Column("b_cluster_id", sa.String(length=16), nullable=True),
        sa.Column("a_reports", sa.Integer(), nullable=False),
        sa.Column("b_reports", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["a_figure_id"], ["figures.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["b_figure_id"], ["figures.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["metric_id"], ["metrics.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_contradictions_metric", "contradictions", ["metric_id"])
    if op.get_bind().dialect.name == "sqlite":
        for statement in FTS_SQL:
            op.execute(statement)
    elif op.get_bind().dialect.name == "postgresql":
        op.execute(PG_SEARCH_SQL)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("articles_fts_ai", "articles_fts_ad", "articles_fts_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS articles_fts")
    elif op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_articles_search")
    for table in (
        "contradictions",
        "cluster_members",
        "claim_clusters",
        "metric_figures",
        "metrics",
        "entity_links",
        "ledger_entities",
    ):
        op.drop_table(table)
