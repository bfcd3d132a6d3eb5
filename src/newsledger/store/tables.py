"""The ledger's tables, as SQLAlchemy Core metadata (SQLite by default, PostgreSQL by URL).

Column names avoid SQL keywords (``start_char``/``end_char`` rather than
``start``/``end``) so the file is pleasant to query by hand or in Datasette.
Alembic migrations in ``store/migrations`` create exactly these tables; a test
checks that the two never drift apart.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    SmallInteger,
    String,
    Table,
    Text,
    false,
)
from sqlalchemy.types import NullType

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
    Column("dateline_place", Text),  # migration 0004
    Column("dateline_source", Text),
    Column("language", String(16)),  # migration 0008
    Column("page_kind", String(16), nullable=False, default="article"),  # migration 0007
    Column("ingested_at", String(40), nullable=False),
    Column("ingest_run_id", Integer, ForeignKey("extractor_runs.id")),
    Column("extract_run_id", Integer, ForeignKey("extractor_runs.id")),  # NULL until extracted
    # Set by reconcile (syndication): the origin of this article's syndication group, NULL for an
    # origin; and the estimated resemblance of this article's body to the origin's.
    Column("copy_of", String(32)),
    Column("copy_similarity", Float),
    Index("ix_articles_url", "url"),
    Index("ix_articles_outlet", "outlet"),
    Index("ix_articles_published", "published"),
    Index("ix_articles_copy_of", "copy_of"),
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
    Column("kind", String(16)),  # migration 0011
    Column("confidence", Float, nullable=False, default=1.0, server_default="1.0"),
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
    # whose hedge: the reporter's or a quoted speaker's (migration 0011)
    Column("voice", String(16), nullable=False, default="reporter", server_default="reporter"),
    Column("speaker", Text),
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
    # the figure's context, read at extraction (migration 0004)
    Column("rate", String(16)),
    Column("outcome", String(32)),
    Column("role", String(32)),
    Column("floor", Boolean, nullable=False, default=False, server_default=false()),
    Column("prior", Boolean, nullable=False, default=False, server_default=false()),
    Column("hypothetical", Boolean, nullable=False, default=False, server_default=false()),
    Column("period_start", String(10)),
    Column("period_end", String(10)),
    Column("sentence_start", Integer),
    Column("sentence_end", Integer),
    # a reported change: direction and whether the figure is its amount (migration 0006)
    Column("change", String(8)),
    Column("delta", Boolean, nullable=False, default=False, server_default=false()),
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
    Column("cue_start", Integer),  # migration 0010
    Column("cue_end", Integer),
    Column("confidence", Float, nullable=False, default=1.0, server_default="1.0"),  # migration 0011
    Index("ix_quotes_article", "article_id"),
    Index("ix_quotes_speaker", "speaker"),
)

# Children of an article, in the order they are deleted before a re-extraction.
EXTRACTION_TABLES = (hedges, claim_sources, figures, quotes, claims, entities)

# -- reconcile: cross-article results (migration 0002) ---------------------------------------
# ``newsledger reconcile`` recomputes these tables in one transaction; ids are short hashes of
# their keys, so links stay valid across runs while the underlying figures do not change.

ledger_entities = Table(
    "ledger_entities",
    metadata,
    Column("id", String(16), primary_key=True),
    Column("canonical", Text, nullable=False),
    Column("label", String(20), nullable=False),
    Column("aliases", Text, nullable=False, default="[]"),  # JSON list of every surface and canonical
    Column("mentions", Integer, nullable=False),
    Column("articles", Integer, nullable=False),
    Column("lat", Float),
    Column("lon", Float),
    Column("country", String(8)),
    Index("ix_ledger_entities_label", "label"),
    Index("ix_ledger_entities_canonical", "canonical"),
)

entity_links = Table(
    "entity_links",
    metadata,
    Column("entity_id", Integer, ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "ledger_entity_id", String(16), ForeignKey("ledger_entities.id", ondelete="CASCADE"), nullable=False
    ),
    Index("ix_entity_links_ledger", "ledger_entity_id"),
)

metrics = Table(
    "metrics",
    metadata,
    Column("id", String(16), primary_key=True),
    Column("label", Text, nullable=False),
    Column("category", String(32), nullable=False),
    Column("counted", Text),
    Column("place", Text),
    Column("period", String(64)),
    Column("unit", String(32)),
    Column("figures", Integer, nullable=False),
    Column("outlets", Text, nullable=False),  # JSON list of outlet names, first report's first
    Column("reports", Integer, nullable=False),  # articles reporting a figure of the metric
    Column("independent_reports", Integer, nullable=False),  # distinct syndication origins among them
    Column("article_ids", Text, nullable=False),  # JSON list, earliest first
    Column("first_article_id", String(32)),
    Column("first_published", String(40)),
    Column("last_published", String(40)),
    Column("contradictions", Integer, nullable=False, default=0),
    Index("ix_metrics_category", "category"),
)

metric_figures = Table(
    "metric_figures",
    metadata,
    Column("figure_id", Integer, ForeignKey("figures.id", ondelete="CASCADE"), primary_key=True),
    Column("metric_id", String(16), ForeignKey("metrics.id", ondelete="CASCADE"), nullable=False),
    Column("article_id", String(32), nullable=False),
    Column("lo", Float),  # the interval of true values the report allows (NULL: unbounded)
    Column("hi", Float),
    Column("origin", Text),  # the innermost source of the claim (the outlet when it names none)
    Column("flags", String(64)),  # comma list: floor, rate, hypothetical
    Index("ix_metric_figures_metric", "metric_id"),
)

claim_clusters = Table(
    "claim_clusters",
    metadata,
    Column("id", String(16), primary_key=True),
    Column("label", Text, nullable=False),
    Column("kind", String(16), nullable=False),  # metric (same figure) | text (near-duplicate wording)
    Column("metric_id", String(16), ForeignKey("metrics.id", ondelete="SET NULL")),
    Column("first_article_id", String(32), nullable=False),
    Column("first_claim_id", String(16), nullable=False),
    Column("first_published", String(40)),
    Column("members", Integer, nullable=False),  # claims (a report can hold the claim twice)
    Column("outlets", Text, nullable=False),  # JSON list of outlet names, the first reporter's first
    Column("reports", Integer, nullable=False),  # articles
    Column("independent_reports", Integer, nullable=False),  # distinct syndication origins
    Column("article_ids", Text, nullable=False),  # JSON list, earliest first
    # independent reports less those that credit an earlier report's outlet ("..., X reported")
    Column("independent_sources", Integer, nullable=False),
    Index("ix_claim_clusters_metric", "metric_id"),
)

cluster_members = Table(
    "cluster_members",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("cluster_id", String(16), ForeignKey("claim_clusters.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False),  # 0 = the first reporter
    Column("article_id", String(32), nullable=False),
    Column("claim_id", String(16), nullable=False),
    Column("figure_id", Integer, ForeignKey("figures.id", ondelete="SET NULL")),
    Column("cites", Text),  # the earlier member's outlet this report credits
    ForeignKeyConstraint(
        ["article_id", "claim_id"], ["claims.article_id", "claims.claim_id"], ondelete="CASCADE"
    ),
    Index("ix_cluster_members_cluster", "cluster_id"),
    Index("ix_cluster_members_claim", "article_id", "claim_id"),
)

contradictions = Table(
    "contradictions",
    metadata,
    Column("id", String(16), primary_key=True),
    Column("metric_id", String(16), ForeignKey("metrics.id", ondelete="CASCADE"), nullable=False),
    Column("a_figure_id", Integer, ForeignKey("figures.id", ondelete="CASCADE"), nullable=False),
    Column("b_figure_id", Integer, ForeignKey("figures.id", ondelete="CASCADE"), nullable=False),
    Column("a_cluster_id", String(16)),
    Column("b_cluster_id", String(16)),
    Column("a_reports", Integer, nullable=False, default=1),
    Column("b_reports", Integer, nullable=False, default=1),
    Column("reason", Text, nullable=False),
    Index("ix_contradictions_metric", "metric_id"),
)

revisions = Table(
    "revisions",
    metadata,
    Column("id", String(16), primary_key=True),
    Column("metric_id", String(16), ForeignKey("metrics.id", ondelete="CASCADE"), nullable=False),
    Column("origin_article_id", String(32), nullable=False),  # the syndication group's origin
    Column("before_figure_id", Integer, ForeignKey("figures.id", ondelete="CASCADE"), nullable=False),
    Column("after_figure_id", Integer, ForeignKey("figures.id", ondelete="CASCADE"), nullable=False),
    Column("before_article_id", String(32), nullable=False),
    Column("after_article_id", String(32), nullable=False),
    Column("before_published", String(40)),
    Column("after_published", String(40)),
    Column("reason", Text, nullable=False),  # e.g. "at least 12 became at least 19"
    Index("ix_revisions_metric", "metric_id"),
    Index("ix_revisions_origin", "origin_article_id"),
)

# Children first: the order ``reconcile`` clears them in before writing a fresh result.
RECONCILE_TABLES = (
    revisions,
    contradictions,
    cluster_members,
    claim_clusters,
    metric_figures,
    metrics,
    entity_links,
    ledger_entities,
)

# -- incremental reconcile (migration 0009) -------------------------------------------------
# What reconcile keeps between runs so that the next one only redoes what new or deleted articles
# touch: each body's MinHash signature and its LSH band buckets (syndication candidates come from
# an index lookup instead of hashing every body again), the LSH band buckets of claim and quotation
# wordings keyed by their content, and the articles deleted since the last reconcile.

article_minhash = Table(
    "article_minhash",
    metadata,
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("shingles", Integer, nullable=False),  # distinct word 5-grams of the body
    Column("signature", LargeBinary),  # NUM_PERM little-endian uint32; NULL under MIN_SHINGLES
)

article_bands = Table(
    "article_bands",
    metadata,
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("band", SmallInteger, primary_key=True),
    Column("bucket", BigInteger, nullable=False),  # 63-bit hash of the band's slice of the signature
    Index("ix_article_bands_bucket", "band", "bucket"),
)

text_minhash = Table(
    "text_minhash",
    metadata,
    Column("digest", String(40), primary_key=True),  # SHA-1 of the wording's shingles
    Column("bands", LargeBinary, nullable=False),  # its LSH band buckets, little-endian int64
)

reconcile_dirty = Table(
    "reconcile_dirty",
    metadata,
    Column("article_id", String(32), primary_key=True),  # no foreign key: the article is gone
    Column("origin", String(32), nullable=False),  # its syndication origin when it was deleted
)


# -- SQLite full-text index over articles(title, text) -------------------------------------------
# Migration 0002 creates it on SQLite only, as an external-content FTS5 table kept current by
# triggers; 0005 remakes it with sqlite-utils' conventions (``content=[articles]``, triggers
# ``articles_ai``/``_ad``/``_au``) so that Datasette detects it and ``?_search=`` works there.
# It lives in its own MetaData: nothing creates it from here, schema comparison skips it and its
# shadow tables (see ``is_fts_table``), and on other dialects search falls back to LIKE.
FTS_TABLE = "articles_fts"
fts_metadata = MetaData()
articles_fts = Table(FTS_TABLE, fts_metadata, Column("title", NullType()), Column("text", NullType()))


def is_fts_table(name: str | None) -> bool:
    """True for the FTS5 table and the shadow tables SQLite keeps for it."""
    return bool(name) and (name == FTS_TABLE or str(name).startswith(FTS_TABLE + "_"))


# -- PostgreSQL full-text search over articles(title, text) ---------------------------------------
# Migration 0002 creates, on PostgreSQL only, a GIN index over this expression (the title weighs
# more than the body); search (reconcile/queries.py) matches and ranks with the same expression, so
# the planner uses the index. Like the FTS5 table, the index is managed by the migration by hand.
PG_SEARCH_INDEX = "ix_articles_search"
PG_SEARCH_CONFIG = "english"
PG_SEARCH_DOCUMENT = (
    "setweight(to_tsvector('english', coalesce(articles.title, '')), 'A') || "
    "setweight(to_tsvector('english', articles.text), 'B')"
)


def include_in_autogenerate(name: str | None, type_: str, _parent: object = None) -> bool:
    """Schema comparison (Alembic autogenerate, the drift test) skips the search structures that the
    migrations create by hand for one dialect: SQLite's FTS5 tables, PostgreSQL's GIN index."""
    if type_ == "table" and is_fts_table(name):
        return False
    return not (type_ == "index" and name == PG_SEARCH_INDEX)


# -- incremental ledger (migration 0012) ----------------------------------------------------
# Small state of the last reconcile that the next one compares with, by name: "entity_joins" is
# a JSON object {ledger id of a one-word name: ledger id of the person it joined}, so that only
# the mentions whose join changed are linked again (entity_links is the ledger's largest table).

reconcile_state = Table(
    "reconcile_state",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)


# -- incremental text clusters (migration 0013) -------------------------------------------------
# The wording graph of the last reconcile (reconcile/wording.py): each claim node's component (the
# smallest claim id "article:claim" in it) and the digests of its wordings, and a fingerprint of
# each article's claims and direct quotations. No foreign keys: a deleted article's rows stay until
# the next reconcile, which reads them to know the components the deletion may split.

text_nodes = Table(
    "text_nodes",
    metadata,
    Column("article_id", String(32), primary_key=True),
    Column("claim_id", String(16), primary_key=True),
    Column("component", String(64), nullable=False),
    Column("digests", Text, nullable=False),  # the SHA-1s of its wordings' shingles, space-separated
    Index("ix_text_nodes_component", "component"),  # migration 0018
)

text_articles = Table(
    "text_articles",
    metadata,
    Column("article_id", String(32), primary_key=True),
    Column("fingerprint", String(40), nullable=False),  # SHA-1 of its claims and direct quotations
    Column("extract_run_id", Integer),  # the article's extract run then (0016; NULL: stored before)
)

# The wording index of the stored nodes (reconcile/textindex.py, migration 0018), so a run finds
# the nodes a changed article's wordings meet by indexed lookups: each node's wording digests and
# each quotation node's word n-grams (a 63-bit hash of each). Without rowids on SQLite (the key is
# the row), written in key order.
text_wordings = Table(
    "text_wordings",
    metadata,
    Column("digest", String(40), primary_key=True),
    Column("article_id", String(32), primary_key=True),
    Column("claim_id", String(16), primary_key=True),
    Index("ix_text_wordings_article", "article_id"),
    sqlite_with_rowid=False,
)

text_grams = Table(
    "text_grams",
    metadata,
    Column("gram", BigInteger, primary_key=True, autoincrement=False),
    Column("article_id", String(32), primary_key=True),
    Column("claim_id", String(16), primary_key=True),
    Index("ix_text_grams_article", "article_id"),
    sqlite_with_rowid=False,
)

# The outlet keys of the store each figure's claim names (reconcile/citing.py, migration 0016):
# only claims that name one; reconcile_state ``claim_outlet_names`` holds the keys looked for.
claim_outlets = Table(
    "claim_outlets",
    metadata,
    Column("article_id", String(32), primary_key=True),
    Column("claim_id", String(16), primary_key=True),
    Column("names", Text, nullable=False),  # the outlet keys it names, one a line
)


# -- incremental figure ledger (migration 0014) -----------------------------------------------
# The parts of the figure ledger of the last reconcile (reconcile/parts.py): each closed part's
# digest with the metrics and figure clusters it made. A part whose digest comes out again keeps
# its stored rows; no foreign keys, the ids are those of rows this table's writer also writes.

ledger_parts = Table(
    "ledger_parts",
    metadata,
    Column("digest", String(40), primary_key=True),  # SHA-1 of what the part's computation reads
    Column("metric_ids", Text, nullable=False),  # JSON list of its metrics' ids
    Column("cluster_ids", Text, nullable=False),  # JSON list of its figure clusters' ids
)


# -- incremental entities (migration 0015) --------------------------------------------------------
# Each raw name group of the last reconcile (reconcile/entity_state.py): the stats of its mentions
# that the entity rules read (reconcile/entities.py GroupStats, JSON) and what they made of it (its
# ledger label and display name when it heads a ledger entity, else the person it joined), and
# each article's extract run and groups. No foreign keys: a deleted article's row stays until the
# next reconcile, which reads it to know the groups the deletion changed.

entity_groups = Table(
    "entity_groups",
    metadata,
    Column("key", Text, primary_key=True),  # the folded canonical name (entity rule 1)
    Column("stats", Text, nullable=False),  # JSON: counts, label votes, spellings, first mentions
    Column("label", String(20), nullable=False),  # its ledger label ("" when it joined a person)
    Column("canonical", Text, nullable=False),  # its ledger display name ("" when joined)
    Column("joined", Text),  # the key of the person it joined (entity rule 2), else NULL
)

entity_articles = Table(
    "entity_articles",
    metadata,
    Column("article_id", String(32), primary_key=True),
    Column("extract_run_id", Integer),  # the run its mentions were stored by
    Column("keys", Text, nullable=False),  # JSON list of the raw groups of its mentions
)


# -- incremental figure stage (migration 0017) ----------------------------------------------------
# Each figure's state of the last reconcile (reconcile/figstate.py): what its own article says of
# it before the fill rules (category, place, bucket, whether its period is dated, its article's
# year and most named place), what the fill rules made of it, its part-graph edges (node, the
# citation bucket it belongs to, the one it cites), its key in its part's digest and that part;
# and each article's extract run and syndication origin as the figure stage read them.
# No foreign keys: a deleted article's rows stay until the next reconcile, which reads them to
# know the families and parts the deletion changed.

figure_state = Table(
    "figure_state",
    metadata,
    Column("figure_id", Integer, primary_key=True, autoincrement=False),
    Column("article_id", String(32), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("unit", Text),
    Column("counted", Text),  # its counted key (family: unit and counted key)
    Column("category0", Text, nullable=False),  # before the fill rules
    Column("place0", Text),
    Column("bucket0", Text),
    Column("dated", Boolean, nullable=False),
    Column("year", String(4), nullable=False),
    Column("art_place", Text),  # the place its article names most (asked only without a place)
    Column("category", Text, nullable=False),  # after the fill rules
    Column("place", Text),
    Column("bucket", Text),
    Column("floor", Boolean, nullable=False),
    Column("rep", Float),  # its representative value (citation buckets)
    Column("node", Text),  # its metric ("m:" id) or story ("s:" origin); NULL: in no part
    Column("member", Text),  # the citation bucket it belongs to (category, value)
    Column("cite", Text),  # the citation bucket it links its node to, when its claim names an outlet
    Column("key", LargeBinary, nullable=False),  # its key in its part's digest (depends.py)
    Column("part", String(40), nullable=False),  # its part's digest
    Index("ix_figure_state_article", "article_id"),
    Index("ix_figure_state_counted", "counted"),
    Index("ix_figure_state_node", "node"),
    Index("ix_figure_state_member", "member"),
    Index("ix_figure_state_cite", "cite"),
)

figure_articles = Table(
    "figure_articles",
    metadata,
    Column("article_id", String(32), primary_key=True),
    Column("extract_run_id", Integer),
    Column("origin", String(32), nullable=False),  # its syndication origin
)
