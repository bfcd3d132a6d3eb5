"""The ledger as tables: one declared schema per table, derived from the contract, and its rows.

``open_ledger(db)`` gives a :class:`Ledger`; ``ledger.rows(table)`` yields plain dicts,
``ledger.to_arrow(table)`` a typed pyarrow Table and ``ledger.to_pandas(table)`` a DataFrame
(pandas is the optional extra ``newsledger[pandas]``). The exports (:mod:`newsledger.export`)
write the same rows and schemas as CSV, JSON Lines and Parquet.

Every table's columns come from a contract dataclass (:mod:`newsledger.contract` for one
article's tables, :mod:`newsledger.contract_ledger` for the cross-article ones) through the one
mapping (:mod:`newsledger.store.mapping`); a column's type comes from its field's type:

* ``str`` -> string, ``int`` -> int64 (offsets, counts), ``float`` -> float64, ``bool`` -> bool;
* a date field (``published``, ``period_start``, ...) -> date (the day of an ISO date or datetime);
* a tuple of strings (authors, outlets, article ids) -> a list of strings;
* an attribution chain (a claim's ``sources``) -> two lists, ``sources`` and ``source_types``,
  outermost first; a claim's hedges -> the list of their texts;
* an article's tuples of extracted items -> how many there are.

Rows of one article's tables start with the article's provenance (``article_id``, ``outlet``,
``published``, ``url``). CSV writes lists as JSON arrays; JSON Lines as arrays.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Union, get_args, get_origin

from sqlalchemy import select

from newsledger.contract import Article, Figure, Source
from newsledger.errors import StoreError
from newsledger.store import mapping
from newsledger.store import tables as t
from newsledger.store.repo import Store

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

Kind = Literal["string", "int", "float", "bool", "date", "list"]

DATE_FIELDS = frozenset(
    {
        "published",
        "fetched",
        "first_published",
        "last_published",
        "before_published",
        "after_published",
        "period_start",
        "period_end",
    }
)
BASE_COLUMNS: tuple[tuple[str, Kind], ...] = (
    ("article_id", "string"),
    ("outlet", "string"),
    ("published", "date"),
    ("url", "string"),
)

# Tables of one article's items: table -> (the item type's map, the path of fields from the article).
ARTICLE_TABLES: dict[str, tuple[mapping.RowMap, tuple[str, ...]]] = {
    "articles": (mapping.ARTICLE, ()),
    "figures": (mapping.EXPORT_TYPES["figures"], ("figures",)),
    "quotes": (mapping.EXPORT_TYPES["quotes"], ("quotes",)),
    "claims": (mapping.CLAIM, ("claims",)),
    "claim_sources": (mapping.CLAIM.children[0].map, ("claims", "sources")),
    "hedges": (mapping.CLAIM.children[1].map, ("claims", "hedges")),
    "entities": (mapping.EXPORT_TYPES["entities"], ("entities",)),
    "comments": (mapping.ARTICLE.children[1].map, ("comments",)),
    "removed": (mapping.ARTICLE.children[0].map, ("removed",)),
}
# Cross-article tables, written by reconcile, in the order they are listed.
LEDGER_ORDER: dict[str, tuple[str, ...]] = {
    "metrics": ("reports", "figures", "id"),
    "clusters": ("independent_reports", "reports", "id"),
    "contradictions": ("metric_id", "id"),
    "revisions": ("metric_id", "id"),
}
_DESCENDING = frozenset({"reports", "figures", "independent_reports"})

DESCRIPTIONS: dict[str, str] = {
    "articles": "One row per article: metadata, syndication and how many items of each kind it holds.",
    "figures": "Every figure (a number and what it counts), with its claim's attribution chain.",
    "quotes": "Every direct, partial and indirect quote, with its speaker and cue.",
    "claims": "Every claim: its text, its attribution chain (outermost first), hedges, verification.",
    "claim_sources": "One row per link of a claim's attribution chain (position 0: the outlet).",
    "hedges": "Every hedge or disclaimer, with the claim it qualifies.",
    "entities": "Every named entity mention (people, organisations, places, dates).",
    "comments": "Reader comments, kept apart from the article (never part of the ledger).",
    "removed": "Page debris removed from the article body (ads, captions, related links).",
    "metrics": "Metrics across articles: one quantity (category, counted, place, period) and its reports.",
    "clusters": "Claims across articles: the same figure or near-identical wording, reporters first to last.",
    "contradictions": "Pairs of figures of one metric that cannot both be true.",
    "revisions": "Later versions of one syndicated story that changed a figure.",
}
TABLES: tuple[str, ...] = (*ARTICLE_TABLES, *LEDGER_ORDER)


@dataclass(frozen=True)
class Column:
    """One export column: its name, its kind, the contract field it comes from (None: provenance)."""

    name: str
    kind: Kind
    field: str | None = None
    part: str | None = None  # for a nested tuple: "names" | "types" (a chain) | "texts" | "count"


@dataclass(frozen=True)
class TableSpec:
    """The declared schema of one table."""

    name: str
    cls: type[Any]
    description: str
    columns: tuple[Column, ...]

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    def arrow_schema(self) -> pa.Schema:
        import pyarrow as pa

        arrow: dict[str, pa.DataType] = {
            "string": pa.string(),
            "int": pa.int64(),
            "float": pa.float64(),
            "bool": pa.bool_(),
            "date": pa.date32(),
            "list": pa.list_(pa.string()),
        }
        return pa.schema([pa.field(c.name, arrow[c.kind]) for c in self.columns])


def _unwrap(hint: Any) -> Any:
    """``X | None`` -> ``X``."""
    if get_origin(hint) in (Union, types.UnionType):
        args = [a for a in get_args(hint) if a is not type(None)]
        return args[0] if len(args) == 1 else str
    return hint


def _columns(cls: type[Any], renamed: dict[str, str], skipped: frozenset[str]) -> list[Column]:
    hints = typing.get_type_hints(cls)
    out: list[Column] = []
    for f in dataclasses.fields(cls):
        if f.name in skipped:
            continue
        name = renamed.get(f.name, f.name)
        hint = _unwrap(hints[f.name])
        origin = get_origin(hint)
        if f.name in DATE_FIELDS:
            out.append(Column(name, "date", f.name))
        elif origin is tuple:
            item = get_args(hint)[0]
            if item is str:
                out.append(Column(name, "list", f.name))
            elif item is Source:  # an attribution chain: names and types, outermost first
                out.append(Column("sources", "list", f.name, "names"))
                out.append(Column("source_types", "list", f.name, "types"))
            elif cls is Article:
                out.append(Column(name, "int", f.name, "count"))
            else:
                out.append(Column(name, "list", f.name, "texts"))
        elif hint is bool:
            out.append(Column(name, "bool", f.name))
        elif hint is int:
            out.append(Column(name, "int", f.name))
        elif hint is float:
            out.append(Column(name, "float", f.name))
        else:
            out.append(Column(name, "string", f.name))
    return out


def _article_spec(table: str) -> TableSpec:
    rmap, path = ARTICLE_TABLES[table]
    cls = rmap.cls
    base = [Column(name, kind) for name, kind in BASE_COLUMNS]
    renamed = {**mapping.EXPORT_RENAMED, **mapping.EXPORT_RENAMED_BY_TYPE.get(cls, {})}
    skipped = mapping.EXPORT_SKIPPED.get(cls, frozenset()) | {name for name, _k in BASE_COLUMNS}
    keys: list[Column] = []
    if len(path) == 2:  # a link of a claim: the claim it belongs to (and its place in the chain)
        keys.append(Column("claim_id", "string"))
        if cls is Source:
            keys.append(Column("position", "int"))
    if cls is Figure:  # the store's id, which contradictions and revisions refer to
        keys.append(Column("figure_id", "int"))
    cols = [*base, *keys, *_columns(cls, renamed, frozenset(skipped))]
    if cls is Figure:  # the attribution of the figure's claim
        cols += [
            Column("sources", "list", "claim", "names"),
            Column("source_types", "list", "claim", "types"),
            Column("verification", "string", "claim", "verification"),
        ]
    return TableSpec(table, cls, DESCRIPTIONS[table], tuple(cols))


def _ledger_spec(table: str) -> TableSpec:
    cls = mapping.LEDGER[table].cls
    return TableSpec(table, cls, DESCRIPTIONS[table], tuple(_columns(cls, {}, frozenset())))


def table_spec(table: str) -> TableSpec:
    """The declared schema of ``table`` (one of :data:`TABLES`)."""
    if table in ARTICLE_TABLES:
        return _article_spec(table)
    if table in LEDGER_ORDER:
        return _ledger_spec(table)
    raise StoreError(f"unknown table {table!r}", hint=f"Choose one of: {', '.join(TABLES)}.")


def as_date(value: Any) -> dt.date | None:
    """The day of an ISO date or datetime string (None when there is none or it is not one)."""
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _cell(col: Column, obj: Any, article: Article | None) -> Any:
    if col.field == "claim" and col.part is not None and article is not None:  # a figure's claim
        claim = next((c for c in article.claims if c.id == obj.claim), None) if obj.claim else None
        if col.part == "verification":
            return claim.verification if claim else None
        chain: tuple[Source, ...] = claim.sources if claim else ()
        return [s.name if col.part == "names" else s.type for s in chain]
    value: Any = getattr(obj, col.field) if col.field else None
    if col.part == "names":
        return [s.name for s in value]
    if col.part == "types":
        return [s.type for s in value]
    if col.part == "texts":
        return [item.text for item in value]
    if col.part == "count":
        return len(value)
    if col.kind == "date":
        return as_date(value)
    if col.kind == "list":
        return list(value)
    return value


def article_rows(
    article: Article, table: str, figure_ids: list[int] | None = None
) -> Iterator[dict[str, Any]]:
    """The rows of ``table`` (an article table) for one article, in the article's order."""
    spec = table_spec(table)
    _rmap, path = ARTICLE_TABLES[table]
    base: dict[str, Any] = {
        "article_id": article.id,
        "outlet": article.outlet,
        "published": as_date(article.published),
        "url": article.url,
    }
    items: list[tuple[dict[str, Any], Any]] = []
    if not path:
        items = [({}, article)]
    elif len(path) == 1:
        for i, item in enumerate(getattr(article, path[0])):
            keys: dict[str, Any] = {}
            if spec.cls is Figure:
                keys["figure_id"] = figure_ids[i] if figure_ids and i < len(figure_ids) else None
            items.append((keys, item))
    else:
        for claim in article.claims:
            for i, item in enumerate(getattr(claim, path[1])):
                keys = {"claim_id": claim.id, "position": i} if spec.cls is Source else {"claim_id": claim.id}
                items.append((keys, item))
    own = {name for name, _k in BASE_COLUMNS}
    for keys, item in items:
        row: dict[str, Any] = {}
        for col in spec.columns:
            if col.name in own and col.field is None:
                row[col.name] = base[col.name]
            elif col.field is None:
                row[col.name] = keys.get(col.name)
            else:
                row[col.name] = _cell(col, item, article)
        yield row


def require_database(db: str | None) -> str:
    """``db`` (default: ``$NEWSLEDGER_DB`` or ./newsledger.db), which must exist when it is a file.

    Read commands never create an empty database by mistake: a mistyped path is an error.
    """
    from newsledger.config import settings

    path = db or settings().db
    if "://" not in path and path != ":memory:" and not Path(path).expanduser().is_file():
        raise StoreError(
            f"no database at {path!r}",
            hint="Check --db (or $NEWSLEDGER_DB), or build one: newsledger extract examples/ --db FILE",
        )
    return path


class Ledger:
    """Read access to a ledger database as tables (see the module docstring)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    tables = TABLES

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def schema(self, table: str) -> TableSpec:
        return table_spec(table)

    def articles(self) -> Iterator[Article]:
        """Every article as the contract object (what ``extract --jsonl`` prints)."""
        return self.store.iter_articles()

    def rows(self, table: str) -> Iterator[dict[str, Any]]:
        """The rows of ``table``, typed as its schema declares (dates as ``datetime.date``)."""
        spec = table_spec(table)
        if table in LEDGER_ORDER:
            yield from self._ledger_rows(spec)
            return
        for article in self.store.iter_articles():
            ids = self._figure_ids(article.id) if spec.cls is Figure else None
            yield from article_rows(article, table, ids)

    def _figure_ids(self, article_id: str) -> list[int]:
        f = t.figures.c
        with self.store.engine.connect() as conn:
            query = select(f.id).where(f.article_id == article_id).order_by(f.seq)
            return [int(r[0]) for r in conn.execute(query)]

    def _ledger_rows(self, spec: TableSpec) -> Iterator[dict[str, Any]]:
        rmap = mapping.LEDGER[spec.name]
        table = rmap.table
        order = [
            table.c[name].desc() if name in _DESCENDING else table.c[name] for name in LEDGER_ORDER[spec.name]
        ]
        with self.store.engine.connect() as conn:
            found = conn.execute(select(table).order_by(*order)).mappings().all()
        for row in found:
            record = rmap.load(row)
            yield {col.name: _cell(col, record, None) for col in spec.columns}

    def to_arrow(self, table: str) -> pa.Table:
        """``table`` as a pyarrow Table with its declared schema."""
        import pyarrow as pa

        return pa.Table.from_pylist(list(self.rows(table)), schema=table_spec(table).arrow_schema())

    def to_pandas(self, table: str) -> pd.DataFrame:
        """``table`` as a pandas DataFrame (needs the ``pandas`` extra: pip install 'newsledger[pandas]')."""
        try:
            import pandas  # noqa: F401
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise StoreError(
                "pandas is not installed", hint="pip install 'newsledger[pandas]' (make demo installs it)."
            ) from exc
        frame: pd.DataFrame = self.to_arrow(table).to_pandas()
        return frame


def open_ledger(db: str | None = None) -> Ledger:
    """The ledger in ``db`` (a SQLite path or SQLAlchemy URL; default ``$NEWSLEDGER_DB`` or
    ./newsledger.db). A missing SQLite file is an error, never a new empty database."""
    return Ledger(Store(require_database(db)))

