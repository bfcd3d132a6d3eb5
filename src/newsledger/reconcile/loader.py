"""Read what reconciliation needs from the store in a few bulk queries (SQLAlchemy Core).

Only stored facts: figures with their context fields, claims with their chains, entities and
quotes. The article body is not read here: syndication reads the bodies it has not hashed yet
(reconcile/incremental.py); no fact is worked out again from the text.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from sys import intern
from typing import Any

from sqlalchemy import Column, Select, literal_column, select
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
    extract_run_id: int | None = None  # the run that saved its extractions (new on every save)

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
    """Every stored article with its figures, claims (with chains), entities and quotes.

    ``entities`` is every mention when the entities are resolved from the mentions; a run that
    resolves them from stored group stats (reconcile/entity_state.py) reads only the mentions that
    stand for a place (the only ones the figures' places are read from) and sets them here."""

    articles: dict[str, ArticleRec]
    claims: dict[tuple[str, str], ClaimRec]
    figures: list[FigureRec]
    entities: list[EntityRec]
    quotes: list[QuoteRec]
    entities_by_article: dict[str, list[EntityRec]] = field(default_factory=dict)
    # the articles whose claims ``claims`` holds; None: every article's (see textindex.ensure_claims)
    claims_read: set[str] | None = None

    def set_entities(self, entities: list[EntityRec]) -> None:
        """Set the mentions (in reading order: article, start, row id) and their index by article."""
        self.entities = entities
        self.entities_by_article = {}
        for ent in entities:
            self.entities_by_article.setdefault(ent.article_id, []).append(ent)

    def claim_of(self, fig: FigureRec) -> ClaimRec | None:
        if fig.claim_id is None:
            return None
        return self.claims.get((fig.article_id, fig.claim_id))


_ARTICLE_COLUMNS = tuple(f.name for f in fields(ArticleRec))


_BOOLEAN_FIGURE_FIELDS = ("floor", "prior", "hypothetical", "delta")


def raw_rows(conn: Connection, stmt: Select[Any]) -> Iterator[tuple[Any, ...]]:
    """The rows of a statement without parameters, straight from the driver's cursor of ``conn``
    (its transaction, so its snapshot): no per-row processing, since reconcile reads millions."""
    compiled = stmt.compile(dialect=conn.dialect)
    assert not compiled.params, "only statements without parameters"
    return _fetch(conn, str(compiled))


def literal_rows(conn: Connection, stmt: Select[Any]) -> Iterator[tuple[Any, ...]]:
    """As :func:`raw_rows`, for a statement whose parameters are ids the ledger made (hex strings,
    numbers): they are written into the SQL, quoted by the dialect."""
    compiled = stmt.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True})
    return _fetch(conn, str(compiled))


def bound_rows(conn: Connection, stmt: Select[Any]) -> Iterator[tuple[Any, ...]]:
    """As :func:`raw_rows`, for a statement with parameters (any text): bound by the driver."""
    compiled = stmt.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
    params = compiled.params
    args: Any = tuple(params[k] for k in compiled.positiontup or ()) if compiled.positional else params
    return _fetch(conn, str(compiled), args)


def _fetch(conn: Connection, sql: str, args: Any = None) -> Iterator[tuple[Any, ...]]:
    cursor = conn.connection.cursor()
    try:
        if args is None:
            cursor.execute(sql)
        else:
            cursor.execute(sql, args)
        while batch := cursor.fetchmany(10_000):
            yield from batch
    finally:
        cursor.close()


def load_corpus(
    conn: Connection, *, with_figures: bool = True, quotes: bool = True, claims: bool = True
) -> Corpus:
    """Every article's facts (not its body: ``ArticleRec.text`` is empty) but its mentions: the
    entity stage decides which it needs (:func:`all_mentions`, reconcile/entity_state.py) and gives
    them to :meth:`Corpus.set_entities`. Without ``with_figures`` no figure is read: the figure
    stage reads those it needs (reconcile/figstate.py, :func:`read_figures`). Without ``quotes`` no
    quotation is read (reconcile's text stage reads those it needs, reconcile/textrun.py). Without
    ``claims`` no claim is read: each stage reads the claims of the articles it describes
    (:func:`newsledger.reconcile.textindex.ensure_claims`)."""
    a = t.articles.c
    blank: Any = literal_column("''").label("text")
    columns = [blank if name == "text" else a[name] for name in _ARTICLE_COLUMNS]
    articles = {intern(r[0]): ArticleRec(intern(r[0]), *r[1:]) for r in raw_rows(conn, select(*columns))}
    read = _all_claims(conn) if claims else {}
    figures = read_figures(conn) if with_figures else []
    q = t.quotes.c
    quoted = (
        [
            QuoteRec(intern(aid), text, intern(kind), cid)
            for aid, text, kind, cid in raw_rows(
                conn, select(q.article_id, q.text, q.kind, q.claim_id).order_by(q.id)
            )
        ]
        if quotes
        else []
    )
    return Corpus(articles, read, figures, [], quoted, claims_read=None if claims else set())


def _all_claims(conn: Connection) -> dict[tuple[str, str], ClaimRec]:
    """Every stored claim with its chain, straight from the driver's cursor."""
    c = t.claims.c
    claims: dict[tuple[str, str], ClaimRec] = {}
    for aid, cid, text, start, end, verification in raw_rows(
        conn, select(c.article_id, c.claim_id, c.text, c.start_char, c.end_char, c.verification)
    ):
        aid = intern(aid)
        claims[(aid, cid)] = ClaimRec(aid, intern(cid), text, start, end, intern(verification))
    s = t.claim_sources.c
    for aid, cid, name, kind, start, end in raw_rows(
        conn,
        select(s.article_id, s.claim_id, s.name, s.type, s.start_char, s.end_char).order_by(
            s.article_id, s.claim_id, s.position
        ),
    ):
        claim = claims.get((aid, cid))
        if claim is not None:
            claim.sources.append(Source(intern(name), intern(kind), start, end))
    return claims


_FIG_FIELDS = [fd.name for fd in dataclasses.fields(FigureRec)]  # named as the contract's (store/mapping)
_f = t.figures.c
FIGURE_COLUMNS: tuple[Column[Any], ...] = tuple(_f[RENAMED.get(name, name)] for name in _FIG_FIELDS)
_FLAGS = [_FIG_FIELDS.index(name) for name in _BOOLEAN_FIGURE_FIELDS]


def read_figures(conn: Connection, where: Any = None) -> list[FigureRec]:
    """The stored figures (all, or those ``where`` selects), in run order: article, then the
    figure's place in it."""
    stmt = select(*FIGURE_COLUMNS).order_by(_f.article_id, _f.seq)
    rows = raw_rows(conn, stmt) if where is None else bound_rows(conn, stmt.where(where))
    figures = []
    for row in rows:
        fig = FigureRec(*row)
        fig.article_id = intern(fig.article_id)
        for k in _FLAGS:  # SQLite returns 0/1
            setattr(fig, _FIG_FIELDS[k], bool(row[k]))
        figures.append(fig)
    # run order is Python's string order whatever the database's collation (a scoped run sorts the
    # figures it reads from several queries the same way); already sorted, this is one pass
    figures.sort(key=lambda f: (f.article_id, f.seq))
    return figures


_e = t.entities.c
ENTITY_COLUMNS: tuple[Column[Any], ...] = (
    _e.id,
    _e.article_id,
    _e.text,
    _e.start_char,
    _e.end_char,
    _e.label,
    _e.canonical,
    _e.lat,
    _e.lon,
    _e.country,
)

ENTITY_ORDER = (_e.article_id, _e.start_char, _e.id)  # reading order: article, start, row id


def all_mentions(conn: Connection) -> list[EntityRec]:
    """Every stored mention, in reading order."""
    return read_entities(conn, select(*ENTITY_COLUMNS).order_by(*ENTITY_ORDER))


def read_entities(conn: Connection, stmt: Select[Any], *, bound: bool = False) -> list[EntityRec]:
    """The mentions ``stmt`` (of :data:`ENTITY_COLUMNS`) selects; ``bound``: a statement with
    parameters (read through SQLAlchemy, else straight from the driver's cursor)."""
    rows = conn.execute(stmt).all() if bound else raw_rows(conn, stmt)
    return [
        EntityRec(
            ent, intern(aid), intern(text), start, end, intern(label), intern(canonical), lat, lon, country
        )
        for ent, aid, text, start, end, label, canonical, lat, lon, country in rows
    ]
