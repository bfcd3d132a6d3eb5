"""Read what reconciliation needs from the store in a few bulk queries (SQLAlchemy Core).

Only stored facts: figures with their context fields, claims with their chains, entities and
quotes. The article body is not read here: syndication reads the bodies it has not hashed yet
(reconcile/incremental.py); no fact is worked out again from the text.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field, fields

from sqlalchemy import literal, select
from sqlalchemy.engine import Connection

from newsledger.contract import Source
from newsledger.store import tables as t
from newsledger.store.mapping import RENAMED

Order = tuple[bool, str, str, str, str]  # (undated, published, fetched, ingested_at, id)
SortKey = tuple[Order, int]  # an item of an article: the article's order, then the item's offset


@dataclass(slots=True)
class ArticleRec:
    id: str
    outlet: str | None
    published: str | None
    fetched: str | None
    title: str | None
    text: str  # "" as load_corpus reads it: only syndication needs a body, and reads its own
    ingested_at: str | None = None
    copy_of: str | None = None  # as stored by the last reconcile
    copy_similarity: float | None = None

    @property
    def order(self) -> Order:
        """Earliest first: dated before undated, then published, fetched, ingest order, id."""
        return (not self.published, self.published or "", self.fetched or "", self.ingested_at or "", self.id)


@dataclass(slots=True)
class ClaimRec:
    article_id: str
    claim_id: str
    text: str
    start: int
    end: int
    verification: str
    sources: list[Source] = field(default_factory=list)

    @property
    def gid(self) -> str:
        return f"{self.article_id}:{self.claim_id}"


@dataclass(slots=True)
class FigureRec:
    id: int
    article_id: str
    seq: int
    text: str
    start: int
    end: int
    value: float | None
    low: float | None
    high: float | None
    approx: str
    unit: str | None
    counted: str | None
    category: str
    period: str | None
    claim_id: str | None
    # the figure's context, read at extraction (extract/context.py)
    rate: str | None = None
    outcome: str | None = None
    role: str | None = None
    floor: bool = False
    prior: bool = False
    hypothetical: bool = False
    period_start: str | None = None
    period_end: str | None = None
    sentence_start: int | None = None
    sentence_end: int | None = None
    change: str | None = None  # a reported change (contract.Figure.change / delta)
    delta: bool = False


@dataclass(slots=True)
class EntityRec:
    id: int
    article_id: str
    text: str
    start: int
    end: int
    label: str
    canonical: str
    lat: float | None
    lon: float | None
    country: str | None


@dataclass(slots=True)
class QuoteRec:
    article_id: str
    text: str
    kind: str
    claim_id: str | None


@dataclass
class Corpus:
    """Every stored article with its figures, claims (with chains), entities and quotes."""

    articles: dict[str, ArticleRec]
    claims: dict[tuple[str, str], ClaimRec]
    figures: list[FigureRec]
    entities: list[EntityRec]
    quotes: list[QuoteRec]
    entities_by_article: dict[str, list[EntityRec]] = field(default_factory=dict)

    def claim_of(self, fig: FigureRec) -> ClaimRec | None:
        if fig.claim_id is None:
            return None
        return self.claims.get((fig.article_id, fig.claim_id))


_ARTICLE_COLUMNS = tuple(f.name for f in fields(ArticleRec))


def load_corpus(conn: Connection) -> Corpus:
    """Every article's facts (not its body: ``ArticleRec.text`` is empty)."""
    a = t.articles.c
    columns = [literal("").label("text") if name == "text" else a[name] for name in _ARTICLE_COLUMNS]
    articles = {r.id: ArticleRec(*r) for r in conn.execute(select(*columns))}
    c = t.claims.c
    claims: dict[tuple[str, str], ClaimRec] = {}
    for r in conn.execute(select(c.article_id, c.claim_id, c.text, c.start_char, c.end_char, c.verification)):
        claims[(r.article_id, r.claim_id)] = ClaimRec(
            r.article_id, r.claim_id, r.text, r.start_char, r.end_char, r.verification
        )
    s = t.claim_sources.c
    for r in conn.execute(
        select(s.article_id, s.claim_id, s.name, s.type, s.start_char, s.end_char).order_by(
            s.article_id, s.claim_id, s.position
        )
    ):
        claim = claims.get((r.article_id, r.claim_id))
        if claim is not None:
            claim.sources.append(Source(r.name, r.type, r.start_char, r.end_char))
    f = t.figures.c
    fig_fields = [fd.name for fd in dataclasses.fields(FigureRec)]  # named as the contract's (store/mapping)
    columns = [f[RENAMED.get(name, name)] for name in fig_fields]
    figures = [FigureRec(*row) for row in conn.execute(select(*columns).order_by(f.article_id, f.seq))]
    e = t.entities.c
    entities = [
        EntityRec(
            r.id,
            r.article_id,
            r.text,
            r.start_char,
            r.end_char,
            r.label,
            r.canonical,
            r.lat,
            r.lon,
            r.country,
        )
        for r in conn.execute(
            select(
                e.id,
                e.article_id,
                e.text,
                e.start_char,
                e.end_char,
                e.label,
                e.canonical,
                e.lat,
                e.lon,
                e.country,
            ).order_by(e.article_id, e.start_char)
        )
    ]
    q = t.quotes.c
    quotes = [
        QuoteRec(r.article_id, r.text, r.kind, r.claim_id)
        for r in conn.execute(select(q.article_id, q.text, q.kind, q.claim_id))
    ]
    by_article: dict[str, list[EntityRec]] = {}
    for ent in entities:
        by_article.setdefault(ent.article_id, []).append(ent)
    return Corpus(articles, claims, figures, entities, quotes, by_article)
