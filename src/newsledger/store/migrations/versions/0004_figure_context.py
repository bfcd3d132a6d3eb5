"""figure context (rate, outcome, role, floor, prior, hypothetical, period bounds, sentence span);
the article's wire dateline

Reconcile used to read these from the article text; the figures extractor now stores them
(extract/context.py). The upgrade fills them in for figures already stored, with the same reader
over the stored text, claims and publication date, so an upgraded database reconciles exactly as
it did before.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06 15:30:00
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

from newsledger.contract import Claim, Figure
from newsledger.extract.context import with_context

revision = "0004"
down_revision = "0003"
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
    _backfill(op.get_bind())


CONTEXT = tuple(str(c.name) for c in FIGURE_COLUMNS)
_articles = sa.table("articles", sa.column("id"), sa.column("text"), sa.column("published"))
_claims = sa.table(
    "claims", sa.column("article_id"), sa.column("claim_id"), sa.column("start_char"), sa.column("end_char")
)
_figures = sa.table(
    "figures",
    *(sa.column(name) for name in ("id", "article_id", "text", "start_char", "end_char", "approx")),
    *(sa.column(name) for name in ("counted", "category", "period", "claim_id", *CONTEXT)),
)


def _backfill(conn: sa.Connection) -> None:
    """Read the context of every stored figure (the text is read here once, never by reconcile)."""
    f = _figures.c
    update = (
        sa.update(_figures)
        .where(f.id == sa.bindparam("fid"))
        .values({name: sa.bindparam(f"v_{name}") for name in CONTEXT})
    )
    ids = [r[0] for r in conn.execute(sa.select(f.article_id).distinct())]
    for aid in ids:
        art = conn.execute(
            sa.select(_articles.c.text, _articles.c.published).where(_articles.c.id == aid)
        ).first()
        if art is None:
            continue
        claims = [
            Claim(r.claim_id, "", r.start_char, r.end_char)
            for r in conn.execute(sa.select(_claims).where(_claims.c.article_id == aid))
        ]
        rows = []
        for r in conn.execute(sa.select(_figures).where(f.article_id == aid)):
            fig = Figure(
                r.text,
                r.start_char,
                r.end_char,
                None,
                approx=r.approx,
                counted=r.counted,
                category=r.category,
                period=r.period,
                claim=r.claim_id,
            )
            done = with_context(fig, art.text, claims, art.published)
            rows.append({"fid": r.id, **{f"v_{name}": getattr(done, name) for name in CONTEXT}})
        if rows:
            conn.execute(update, rows)


def downgrade() -> None:
    for col in reversed(ARTICLE_COLUMNS):
        op.drop_column("articles", col.name)
    for col in reversed(FIGURE_COLUMNS):
        op.drop_column("figures", col.name)
