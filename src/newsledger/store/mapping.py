"""One mapping from the contract dataclasses to store rows and export columns.

Every contract type that the store keeps has a :class:`RowMap`: its table, and for each dataclass
field the column it lives in. The maps are *derived* from ``dataclasses.fields()``: a scalar field
is the column of the same name, a tuple of strings is JSON text, a tuple of contract objects is a
child table. Only what differs from that rule is declared, in the small tables below
(``RENAMED``, ``JSON_FIELDS``, ``NOT_STORED``, the children of each type). So a new contract field
needs its dataclass field, an Alembic migration adding its column, and its JSON Schema entry; the
store writes and reads it, and the exports carry it, without further code.

The same maps give the export tables (:mod:`newsledger.ledger` declares their schemas): every
field under its export name (offsets keep ``start``/``end``, a claim link is ``claim_id``). The
cross-article tables of reconcile have contract types too (:mod:`newsledger.contract_ledger`),
mapped in :data:`LEDGER`.
"""

from __future__ import annotations

import dataclasses
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.engine import Connection

from newsledger.contract import (
    Article,
    Claim,
    Comment,
    Entity,
    ExtractorInfo,
    Figure,
    Hedge,
    Quote,
    Removed,
    Source,
)
from newsledger.contract_ledger import ClusterRecord, ContradictionRecord, MetricRecord, RevisionRecord
from newsledger.store import tables as t

# -- declared exceptions to "field name = column name" --------------------------------------------

# Field -> column for every type (SQL keywords avoided; a claim link names the claim's id column).
RENAMED: dict[str, str] = {"start": "start_char", "end": "end_char", "claim": "claim_id"}
# Per type, on top of RENAMED.
RENAMED_BY_TYPE: dict[type[Any], dict[str, str]] = {Claim: {"id": "claim_id"}}
# Tuples of plain strings stored as a JSON list in one text column.
JSON_FIELDS: dict[type[Any], frozenset[str]] = {
    Article: frozenset({"authors"}),
    MetricRecord: frozenset({"outlets", "article_ids"}),
    ClusterRecord: frozenset({"outlets", "article_ids"}),
}
# Fields with no column: the article's extractor comes from the run that extracted it.
NOT_STORED: dict[type[Any], frozenset[str]] = {Article: frozenset({"extractor"})}
# Columns that are bookkeeping of the store, not contract fields.
BOOKKEEPING: dict[str, frozenset[str]] = {
    "articles": frozenset({"ingested_at", "ingest_run_id", "extract_run_id"}),
    "claims": frozenset({"article_id", "seq"}),
    "claim_sources": frozenset({"id", "article_id", "claim_id", "position"}),
    "hedges": frozenset({"id", "article_id", "claim_id"}),
}
_CHILD_BOOKKEEPING = frozenset({"id", "article_id", "seq"})

# Export names differ from field names only here.
EXPORT_RENAMED: dict[str, str] = {"claim": "claim_id"}
EXPORT_RENAMED_BY_TYPE: dict[type[Any], dict[str, str]] = {Claim: {"id": "claim_id"}}
# Not exported: the body (too large for a table row) and the article's run version.
EXPORT_SKIPPED: dict[type[Any], frozenset[str]] = {Article: frozenset({"id", "text", "extractor"})}


@dataclass(frozen=True)
class Child:
    """A tuple field of contract objects, stored as rows of a child table."""

    field: str
    map: RowMap
    index: str | None  # the column holding the position within the parent (None: ordered by ``order``)
    order: tuple[str, ...]  # how stored rows are read back in order


@dataclass(frozen=True)
class RowMap:
    """How one contract type is stored: its table, field -> column, JSON fields, child tables."""

    cls: type[Any]
    table: Table
    columns: dict[str, str]  # scalar (and JSON) field -> column, in dataclass order
    json_fields: frozenset[str]
    children: tuple[Child, ...] = ()
    keys: tuple[tuple[str, str], ...] = ()  # (child column, own column): what a child row points to

    def row(self, obj: Any) -> dict[str, Any]:
        """The columns of ``obj`` (without the parent keys and position)."""
        out: dict[str, Any] = {}
        for name, col in self.columns.items():
            value = getattr(obj, name)
            out[col] = json.dumps(list(value), ensure_ascii=False) if name in self.json_fields else value
        return out

    def load(self, row: Mapping[Any, Any], **extra: Any) -> Any:
        """The contract object of a stored row (``extra``: children and fields not stored)."""
        kwargs: dict[str, Any] = {}
        for name, col in self.columns.items():
            value = row[col]
            if name in self.json_fields:
                value = tuple(json.loads(value or "[]"))
            kwargs[name] = value
        return self.cls(**kwargs, **extra)


def _derive(
    cls: type[Any],
    table: Table,
    children: Iterable[Child] = (),
    keys: tuple[tuple[str, str], ...] = (),
) -> RowMap:
    kids = tuple(children)
    nested = {c.field for c in kids}
    skipped = NOT_STORED.get(cls, frozenset())
    renamed = {**RENAMED, **RENAMED_BY_TYPE.get(cls, {})}
    columns = {
        f.name: renamed.get(f.name, f.name)
        for f in dataclasses.fields(cls)
        if f.name not in nested and f.name not in skipped
    }
    return RowMap(cls, table, columns, JSON_FIELDS.get(cls, frozenset()), kids, keys)


def _seq(field: str, rmap: RowMap) -> Child:
    return Child(field, rmap, "seq", ("seq",))


_CLAIM_KEYS = (("article_id", "article_id"), ("claim_id", "claim_id"))
CLAIM = _derive(
    Claim,
    t.claims,
    children=(
        Child("sources", _derive(Source, t.claim_sources), "position", ("position",)),
        Child("hedges", _derive(Hedge, t.hedges), None, ("start_char", "id")),
    ),
    keys=_CLAIM_KEYS,
)
ARTICLE = _derive(
    Article,
    t.articles,
    children=(
        _seq("removed", _derive(Removed, t.removed_spans)),
        _seq("comments", _derive(Comment, t.comments)),
        _seq("entities", _derive(Entity, t.entities)),
        _seq("figures", _derive(Figure, t.figures)),
        _seq("quotes", _derive(Quote, t.quotes)),
        _seq("claims", CLAIM),
    ),
    keys=(("article_id", "id"),),
)
# Children written at ingest; the others are replaced by every extraction.
INGEST_CHILDREN = ("removed", "comments")
EXTRACTION_CHILDREN = tuple(c.field for c in ARTICLE.children if c.field not in INGEST_CHILDREN)


def maps() -> Iterator[RowMap]:
    """Every map, the article's first, then depth first."""

    def walk(m: RowMap) -> Iterator[RowMap]:
        yield m
        for child in m.children:
            yield from walk(child.map)

    return walk(ARTICLE)


def unmapped_columns(m: RowMap) -> set[str]:
    """Columns of ``m``'s table that are neither a field nor declared bookkeeping (should be none)."""
    mine = set(m.columns.values())
    parent_keys = {c for child in m.children for c, _own in child.map.keys}
    book = BOOKKEEPING.get(m.table.name, _CHILD_BOOKKEEPING)
    return {c.name for c in m.table.columns} - mine - book - parent_keys


# -- writing ----------------------------------------------------------------------------------------


def article_row(article: Article) -> dict[str, Any]:
    """The ``articles`` row of an article (without the store's bookkeeping columns)."""
    return ARTICLE.row(article)


def child_rows(article: Article, fields: Iterable[str]) -> dict[Table, list[dict[str, Any]]]:
    """Rows of the child tables of the given article fields, per table, parents before children."""
    out: dict[Table, list[dict[str, Any]]] = {}
    parent = ARTICLE.row(article)
    wanted = set(fields)
    for child in ARTICLE.children:
        if child.field in wanted:
            _collect(child, getattr(article, child.field), ARTICLE, parent, out)
    return out


def _collect(
    child: Child,
    items: Iterable[Any],
    parent_map: RowMap,
    parent_row: dict[str, Any],
    out: dict[Table, list[dict[str, Any]]],
) -> None:
    keys = {col: parent_row[own] for col, own in parent_map.keys}
    rows = out.setdefault(child.map.table, [])
    for i, item in enumerate(items):
        row = {**keys, **child.map.row(item)}
        if child.index is not None:
            row[child.index] = i
        rows.append(row)
        for grandchild in child.map.children:
            _collect(grandchild, getattr(item, grandchild.field), child.map, row, out)


# -- reading ----------------------------------------------------------------------------------------


def load_article(conn: Connection, row: Mapping[str, Any], extractor: ExtractorInfo) -> Article:
    """The contract Article of a stored ``articles`` row, with every child read back."""
    aid = row["id"]
    parent = tuple(col for col, _own in ARTICLE.keys)
    kids = {
        child.field: tuple(_load_children(conn, child, aid, parent).get((aid,), ()))
        for child in ARTICLE.children
    }
    article: Article = ARTICLE.load(row, extractor=extractor, **kids)
    return article


def _load_children(
    conn: Connection, child: Child, aid: str, parent_cols: tuple[str, ...]
) -> dict[tuple[Any, ...], list[Any]]:
    """The objects of ``child``'s table for one article, grouped by the key of their parent."""
    table = child.map.table
    order = [table.c[name] for name in child.order]
    rows = conn.execute(select(table).where(table.c.article_id == aid).order_by(*order)).mappings().all()
    own_cols = tuple(col for col, _own in child.map.keys)
    grand = {g.field: _load_children(conn, g, aid, own_cols) for g in child.map.children}
    out: dict[tuple[Any, ...], list[Any]] = defaultdict(list)
    for row in rows:
        own_key = tuple(row[own] for _col, own in child.map.keys)
        extra = {name: tuple(found.get(own_key, ())) for name, found in grand.items()}
        out[tuple(row[c] for c in parent_cols)].append(child.map.load(row, **extra))
    return out


# -- exports ----------------------------------------------------------------------------------------

EXPORT_TYPES: dict[str, RowMap] = {
    "articles": ARTICLE,
    **{c.field: c.map for c in ARTICLE.children if c.field in ("figures", "quotes", "claims", "entities")},
}
# -- the cross-article ledger (written by reconcile) ---------------------------------------------
# One contract type per table, every column a field of the same name (see contract_ledger).

LEDGER: dict[str, RowMap] = {
    "metrics": _derive(MetricRecord, t.metrics),
    "clusters": _derive(ClusterRecord, t.claim_clusters),
    "contradictions": _derive(ContradictionRecord, t.contradictions),
    "revisions": _derive(RevisionRecord, t.revisions),
}
