"""A canonical dump of the cross-article ledger, for comparing two stores.

Two stores fed the same articles (in any order, in any number of batches, with deletions and
re-feeds in between) must hold the same ledger. Row ids that depend on the order rows were
written in (figures, entities, cluster members) are replaced by what they stand for: the article
and the item's position in it. The dump is plain JSON-ready data, sorted, so ``==`` compares two
ledgers and ``json.dumps`` diffs them.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import String, select

from newsledger.store import tables as t
from newsledger.store.repo import Store

LedgerDump = dict[str, list[dict[str, Any]]]

# Columns holding a row id of ``figures`` or ``entities``, replaced by "<article_id>#<seq>".
_FIGURE_REFS = {"figure_id", "a_figure_id", "b_figure_id", "before_figure_id", "after_figure_id"}
_ENTITY_REFS = {"entity_id"}
_DROPPED = {"id"}  # autoincrement ids of member/link rows; kept where the id is a ledger id


def ledger_dump(store: Store) -> LedgerDump:
    """Every row of the reconcile tables, with order-dependent row ids replaced, sorted."""
    with store.engine.connect() as conn:
        figures = {
            r.id: f"{r.article_id}#{r.seq}"
            for r in conn.execute(select(t.figures.c.id, t.figures.c.article_id, t.figures.c.seq))
        }
        entities = {
            r.id: f"{r.article_id}#{r.seq}"
            for r in conn.execute(select(t.entities.c.id, t.entities.c.article_id, t.entities.c.seq))
        }
        out: LedgerDump = {}
        for table in t.RECONCILE_TABLES:
            ledger_ids = "id" in table.c and isinstance(table.c.id.type, String)  # else autoincrement
            rows = []
            for row in conn.execute(select(table)).mappings():
                item: dict[str, Any] = {}
                for key, value in row.items():
                    if key in _DROPPED and not ledger_ids:
                        continue
                    if key in _FIGURE_REFS and value is not None:
                        value = figures.get(value, f"missing figure {value}")
                    elif key in _ENTITY_REFS and value is not None:
                        value = entities.get(value, f"missing entity {value}")
                    item[key] = value
                rows.append(item)
            rows.sort(key=lambda r: repr(sorted(r.items())))
            out[table.name] = rows
    return out
