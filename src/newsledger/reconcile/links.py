"""Entity links (``entity_links``: one row per entity mention) written incrementally.

The ledger's largest table (1.5 million rows at 100,000 articles) changes in two ways only: a
mention without a link (a new or re-extracted article's) gets one, and a mention whose one-word
name joined or left a person (entity rule 2: *Verenko* joins the unique *Danylo Verenko*) is linked
again. A mention's group is otherwise its own name's, whose ledger id is a hash of the name
(reconcile/entities.py), so it never changes; a deleted mention's link goes with it (foreign key).

So a reconcile reads the mentions that have no link (one anti-join), compares the joins it made
with the ones the previous reconcile stored (``reconcile_state`` "entity_joins", migration 0012),
and writes just those links, instead of comparing every link. Without a stored state (the first
reconcile, one after the upgrade, ``--full``) every link is compared (reconcile/sync.py).
"""

from __future__ import annotations

import json

from sqlalchemy import delete, insert, select
from sqlalchemy.engine import Connection

from newsledger.reconcile.entities import Resolution, group_id
from newsledger.reconcile.sync import Diff, columns_of
from newsledger.store import tables as t

STATE = "entity_joins"

Joins = dict[str, str]  # ledger id of a one-word name -> ledger id of the person it joined


def stored_joins(conn: Connection) -> Joins | None:
    """The joins the previous reconcile made; None when it stored none (compare every link)."""
    st = t.reconcile_state.c
    value = conn.execute(select(st.value).where(st.name == STATE)).scalar()
    return None if value is None else dict(json.loads(value))


def unlinked_mentions(conn: Connection) -> set[int]:
    """Entity mentions that have no link (stored since the last reconcile, or never grouped)."""
    e, lk = t.entities.c, t.entity_links.c
    query = (
        select(e.id)
        .select_from(t.entities.outerjoin(t.entity_links, lk.entity_id == e.id))
        .where(lk.entity_id.is_(None))
    )
    return {r[0] for r in conn.execute(query)}


def joins_of(res: Resolution) -> Joins:
    return {group_id(raw): group_id(person) for raw, (person, _) in res.joined.items()}


def link_diff(res: Resolution, unlinked: set[int], before: Joins) -> Diff:
    """The links to write: the unlinked mentions', and those of names whose join changed."""
    table = t.entity_links
    out = Diff(table, ("entity_id",), columns_of(table))
    for ent in sorted(unlinked):
        key = res.link.get(ent)
        if key is not None and key in res.groups:
            out.insert.append({"entity_id": ent, "ledger_entity_id": group_id(key)})
    now = joins_of(res)
    changed = {r for r in before.keys() | now.keys() if before.get(r, r) != now.get(r, r)}
    if not changed:
        return out
    members: dict[str, list[int]] = {group_id(raw): ids for raw, (_, ids) in res.joined.items()}
    for key, g in res.groups.items():  # a name that left a person is its own group again
        gid = group_id(key)
        if gid in changed and gid not in members:
            members[gid] = [m.id for m in g.members]
    for raw in sorted(changed):
        for ent in members.get(raw, ()):
            if ent in unlinked:
                continue
            target = group_id(res.link[ent])
            if target != before.get(raw, raw):
                out.update.append({"entity_id": ent, "ledger_entity_id": target})
    return out


def write_joins(conn: Connection, res: Resolution) -> None:
    st = t.reconcile_state
    conn.execute(delete(st).where(st.c.name == STATE))
    conn.execute(insert(st).values(name=STATE, value=json.dumps(joins_of(res), sort_keys=True)))
