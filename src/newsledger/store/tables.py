"""The ledger's tables, as SQLAlchemy Core metadata (SQLite by default, PostgreSQL by URL).

Column names avoid SQL keywords (``start_char``/``end_char`` rather than
``start``/``end``) so the file is pleasant to query by hand or in Datasette.
Alembic migrations in ``store/migrations`` create exactly these tables; a test
checks that the two never drift apart.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
)

metadata = MetaData()

runs = Table(
    "extractor_runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("started_at", String(40), nullable=False),
    Column("finished_at", String(40)),
    Column("command", String(40), nullable=False),
    Column("name", String(80), nullable=False),
    Column("version", String(40), nullable=False),
    Column("model", String(120)),
    Column("config_hash", String(64), nullable=False),
    Column("components", Text, nullable=False),  # JSON: {"newsledger.figures": "1.0.0", ...}
    Column("articles", Integer, nullable=False, default=0),
    Column("failures", Integer, nullable=False, default=0),
)

articles = Table(
    "articles",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("url", Text),
    Column("path", Text),
    Column("title", Text),
    Column("outlet", Text),
    Column("published", String(40)),
    Column("fetched", String(40)),
    Column("authors", Text, nullable=False, default="[]"),  # JSON list
    Column("text", Text, nullable=False),
    Column("truncated", Boolean, nullable=False, default=False),
    Column("ingested_at", String(40), nullable=False),
    Column("ingest_run_id", Integer, ForeignKey("extractor_runs.id")),
    Column("extract_run_id", Integer, ForeignKey("extractor_runs.id")),  # NULL until extracted
    Index("ix_articles_url", "url"),
    Index("ix_articles_outlet", "outlet"),
    Index("ix_articles_published", "published"),
)


def _article_fk() -> Column[str]:
    return Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False)


removed_spans = Table(
    "removed_spans",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _article_fk(),
    Column("seq", Integer, nullable=False),
    Column("kind", String(20), nullable=False),
    Column("text", Text, nullable=False),
    Index("ix_removed_article", "article_id"),
)

comments = Table(
    "comments",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _article_fk(),
    Column("seq", Integer, nullable=False),
    Column("author", Text),
    Column("text", Text, nullable=False),
    Index("ix_comments_article", "article_id"),
)

entities = Table(
    "entities",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _article_fk(),
    Column("seq", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("start_char", Integer, nullable=False),
    Column("end_char", Integer, nullable=False),
    Column("label", String(20), nullable=False),
    Column("canonical", Text, nullable=False),
    Column("lat", Float),
    Column("lon", Float),
    Column("country", String(8)),
    Column("extractor", String(80), nullable=False),
    Index("ix_entities_article", "article_id"),
    Index("ix_entities_canonical", "canonical"),
)

claims = Table(
    "claims",
    metadata,
    _article_fk(),
    Column("claim_id", String(16), nullable=False),  # local id within the article ("c3")
    Column("seq", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("start_char", Integer, nullable=False),
    Column("end_char", Integer, nullable=False),
    Column("cue", Text),
    Column("verification", String(24), nullable=False),
    Column("extractor", String(80), nullable=False),
    PrimaryKeyConstraint("article_id", "claim_id", name="pk_claims"),
    Index("ix_claims_article", "article_id"),
)

claim_sources = Table(
    "claim_sources",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", String(32), nullable=False),
    Column("claim_id", String(16), nullable=False),
    Column("position", Integer, nullable=False),  # 0 = outermost (the outlet)
    Column("name", Text, nullable=False),
    Column("type", String(32), nullable=False),
    Column("start_char", Integer),
    Column("end_char", Integer),
    ForeignKeyConstraint(
        ["article_id", "claim_id"], ["claims.article_id", "claims.claim_id"], ondelete="CASCADE"
    ),
    Index("ix_claim_sources_claim", "article_id", "claim_id"),
)

hedges = Table(
    "hedges",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", String(32), nullable=False),
    Column("claim_id", String(16), nullable=False),
    Column("text", Text, nullable=False),
    Column("start_char", Integer, nullable=False),
    Column("end_char", Integer, nullable=False),
    Column("kind", String(20), nullable=False),
    Column("extractor", String(80), nullable=False),
    ForeignKeyConstraint(
        ["article_id", "claim_id"], ["claims.article_id", "claims.claim_id"], ondelete="CASCADE"
    ),
    Index("ix_hedges_claim", "article_id", "claim_id"),
)

figures = Table(
    "figures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _article_fk(),
    Column("seq", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("start_char", Integer, nullable=False),
    Column("end_char", Integer, nullable=False),
    Column("value", Float),
    Column("low", Float),
    Column("high", Float),
    Column("approx", String(16), nullable=False),
    Column("unit", String(32)),
    Column("counted", Text),
    Column("category", String(32), nullable=False),
    Column("period", String(64)),
    Column("claim_id", String(16)),
    Column("extractor", String(80), nullable=False),
    Index("ix_figures_article", "article_id"),
    Index("ix_figures_category", "category"),
    Index("ix_figures_counted", "counted"),
)

quotes = Table(
    "quotes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _article_fk(),
    Column("seq", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("start_char", Integer, nullable=False),
    Column("end_char", Integer, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("speaker", Text),
    Column("speaker_start", Integer),
    Column("speaker_end", Integer),
    Column("cue", Text),
    Column("addressee", Text),
    Column("medium", Text),
    Column("claim_id", String(16)),
    Column("extractor", String(80), nullable=False),
    Index("ix_quotes_article", "article_id"),
    Index("ix_quotes_speaker", "speaker"),
)

# Children of an article, in the order they are deleted before a re-extraction.
EXTRACTION_TABLES = (hedges, claim_sources, figures, quotes, claims, entities)
