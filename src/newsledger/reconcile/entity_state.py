"""Entities resolved from stored per-group stats, updated from the changed articles only.

Every entity rule reads a raw name group (rule 1's folded key) only through its
:class:`~newsledger.reconcile.entities.GroupStats`. The last reconcile stored them
(``entity_groups``, migration 0015) with each article's extract run and groups
(``entity_articles``), so a run:

1. finds the changed articles: new (no stored row), re-extracted (another extract run), deleted (a
   stored row, no article);
2. reads the new and re-extracted articles' mentions and folds them into their groups' stats; a
   group that lost mentions (the stored groups of a re-extracted or deleted article) is counted
   again from its stored mentions (``entities`` by canonical spelling, an index lookup);
3. resolves every group from the stats (rules 2 and 3 look at every group, but a group is a
   handful of numbers, not its mentions);
4. writes the ledger rows of the groups whose stats or outcome (label, display name, join)
   changed, and the links of the mentions without one and of the names whose join changed.

``--full``, a store without stored stats (the first run after the upgrade) and more changed
articles than a quarter of those stored (and than 100) resolve every mention and store the stats.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, exists, func, insert, literal_column, or_, select
from sqlalchemy.engine import Connection

from newsledger.reconcile.bulk import bulk_insert
from newsledger.reconcile.entities import (
    GroupStats,
    LedgerGroup,
    Resolution,
    group_id,
    group_key,
    ledger_rows,
    raw_key,
    resolve,
    resolve_stats,
    stats_of,
)
from newsledger.reconcile.loader import (
    ENTITY_COLUMNS,
    Corpus,
    EntityRec,
    literal_rows,
    read_entities,
)
from newsledger.reconcile.sync import Diff, Scope, columns_of
from newsledger.reconcile.writer import entity_row
from newsledger.store import tables as t

STATE = "entity_groups"  # reconcile_state: present once a run stored every group's stats
CHUNK = 500

Outcome = tuple[str, str, str | None]  # (label, display name) of a ledger group, or the person joined


def _encode(st: GroupStats) -> str:
    return json.dumps(
        [st.first, st.mentions, st.articles, st.labels, st.canonicals, st.texts, st.geo, st.country],
        ensure_ascii=False,
        separators=(",", ":"),
    )


def _decode(key: str, value: str) -> GroupStats:
    first, mentions, articles, labels, canonicals, texts, geo, country = json.loads(value)
    return GroupStats(
        key,
        tuple(first),
        mentions,
        articles,
        {k: tuple(v) for k, v in labels.items()},
        canonicals,
        texts,
        tuple(geo) if geo else None,
        tuple(country) if country else None,
    )


@dataclass
class EntityState:
    """The entity stage's input: every group's stats, and what this run changed."""

    scoped: bool
    stats: dict[str, GroupStats] = field(default_factory=dict)
    computed: set[str] = field(default_factory=set)  # raw groups whose stats this run computed
    before: dict[str, Outcome] = field(default_factory=dict)  # stored outcome of each raw group
    articles: dict[str, tuple[int | None, list[str]]] = field(default_factory=dict)  # rows to store
    gone: list[str] = field(default_factory=list)  # stored article rows to delete
    mentions: list[EntityRec] = field(default_factory=list)  # the new and re-extracted articles'
    fallback: str | None = None

    @classmethod
    def load(cls, conn: Connection, corpus: Corpus, *, full: bool) -> EntityState:
        """The stored stats with the changed articles' mentions folded in (not scoped: none)."""
        rs = t.reconcile_state.c
        if full or conn.execute(select(rs.value).where(rs.name == STATE)).scalar() is None:
            return cls(False)
        maybe, deleted, n_stored = _changed_articles(conn)
        stored = _stored_articles(conn, maybe | set(deleted))
        runs = {aid: a.extract_run_id for aid, a in corpus.articles.items()}
        fresh = sorted(a for a in maybe if a in runs and (a not in stored or stored[a][0] != runs[a]))
        changed = len(fresh) + len(deleted)
        if changed > max(100, n_stored // 4):
            return cls(False, fallback=f"entities: {changed} of {n_stored} articles changed")
        out = cls(True, gone=[a for a in fresh if a in stored] + deleted)
        e = t.entities.c
        mentions: list[EntityRec] = []
        for i in range(0, len(fresh), CHUNK):
            query = select(*ENTITY_COLUMNS).where(e.article_id.in_(fresh[i : i + CHUNK]))
            mentions += read_entities(conn, query, bound=True)
        out.mentions = mentions
        added = _stats(mentions)
        for aid in fresh:
            out.articles[aid] = (runs[aid], [])
        for ent in mentions:
            key = group_key(ent)
            keys = out.articles[ent.article_id][1]
            if key and key not in keys:
                keys.append(key)
        lost = {k for a in out.gone for k in json.loads(stored[a][1])}
        g = t.entity_groups.c
        for key, value, label, canonical, joined in conn.execute(
            select(g.key, g.stats, g.label, g.canonical, g.joined)
        ):
            out.stats[key] = _decode(key, value)
            out.before[key] = (label, canonical, joined)
        spellings = {c for k in lost if k in out.stats for c in out.stats[k].canonicals}
        spellings |= {c for k in lost if k in added for c in added[k].canonicals}
        recounted = _stats(_mentions_spelled(conn, spellings), only=lost)
        for key in lost:
            out.stats.pop(key, None)
            if key in recounted:
                out.stats[key] = recounted[key]
        for key, st in added.items():
            if key in lost:
                continue
            if key in out.stats:
                out.stats[key].merge(st)
            else:
                out.stats[key] = st
        out.computed = lost | set(added)
        return out

    def resolve(self, corpus: Corpus) -> Resolution:
        """The ledger groups: from the stats when scoped, else from every mention (and the stats
        of every group are kept to be stored)."""
        if self.scoped:
            return resolve_stats(self.stats)
        res = resolve(corpus.entities)
        self.stats = res.stats
        self.computed = set(res.stats)
        for aid, a in corpus.articles.items():
            self.articles[aid] = (a.extract_run_id, [])
        for ent in corpus.entities:
            key = group_key(ent)
            row = self.articles.get(ent.article_id)
            if key and row is not None and key not in row[1]:
                row[1].append(key)
        return res

    def changed_groups(self, res: Resolution) -> set[str]:
        """The ledger groups whose rows may differ from the stored ones (present or gone): those
        holding a raw group whose stats were computed, and those a join or outcome change moved."""
        out: set[str] = set()
        for key in self.stats.keys() | self.before.keys():
            before = self.before.get(key)
            now = _outcome(res, key)
            if key in self.computed or before != now:
                out.add(key)
                for moved in (before, now):
                    if moved is not None and moved[2] is not None:
                        out.add(moved[2])
        return out

    def place_moved(self, conn: Connection, res: Resolution) -> set[str]:
        """The stored articles a mention of which may stand for another place than in the last run
        (``Resolution.place_of``, nationality words aside): those with a mention spelled as a raw
        group whose outcome (label, display name, join) changed, or that joined such a group, when
        it is or was a place, or has a PLACE or NORP mention."""
        moved = {k for k in self.stats.keys() | self.before.keys() if self.before.get(k) != _outcome(res, k)}

        def placey(key: str | None) -> bool:
            if key is None:
                return False
            outcomes = (self.before.get(key), _outcome(res, key))
            st = self.stats.get(key)
            return any(o is not None and o[0] in _PLACE_LABELS for o in outcomes) or (
                st is not None and any(label in _PLACE_LABELS for label in st.labels)
            )

        keys = set()
        for key in moved:
            old = self.before.get(key)
            if placey(key) or placey(old[2] if old else None):
                keys.add(key)
        keys.update(
            r for r, (target, _) in res.joined.items() if target in moved and (placey(target) or placey(r))
        )
        spellings = sorted({c for k in keys if k in self.stats for c in self.stats[k].canonicals})
        e = t.entities.c
        out: set[str] = set()
        for i in range(0, len(spellings), CHUNK):
            query = select(e.article_id).where(e.canonical.in_(spellings[i : i + CHUNK])).distinct()
            out.update(aid for (aid,) in conn.execute(query))
        return out

    def write(self, conn: Connection, res: Resolution) -> None:
        """Store the stats and outcome of the groups this run computed or moved, and the changed
        articles' groups (every one when not scoped)."""
        g, ea, st = t.entity_groups, t.entity_articles, t.reconcile_state
        if self.scoped:
            every = self.stats.keys() | self.before.keys()
            keys = sorted(k for k in every if k in self.computed or self.before.get(k) != _outcome(res, k))
            for i in range(0, len(keys), CHUNK):
                conn.execute(delete(g).where(g.c.key.in_(keys[i : i + CHUNK])))
            gone = sorted(set(self.gone) | set(self.articles))
            for i in range(0, len(gone), CHUNK):
                conn.execute(delete(ea).where(ea.c.article_id.in_(gone[i : i + CHUNK])))
        else:
            keys = sorted(self.stats)
            conn.execute(delete(g))
            conn.execute(delete(ea))
        bulk_insert(conn, g, (_group_row(res, self.stats[k]) for k in keys if k in self.stats))
        rows = (
            {"article_id": aid, "extract_run_id": run, "keys": json.dumps(sorted(raw), ensure_ascii=False)}
            for aid, (run, raw) in sorted(self.articles.items())
        )
        bulk_insert(conn, ea, rows)
        conn.execute(delete(st).where(st.c.name == STATE))
        conn.execute(insert(st).values(name=STATE, value="1"))


def _changed_articles(conn: Connection) -> tuple[set[str], list[str], int]:
    """(articles whose extract run may not be the stored one: another, none stored, or NULL;
    stored articles gone; how many are stored), by two anti-joins and a count, not a read of every
    stored article."""
    a, ea = t.articles.c, t.entity_articles.c
    maybe = (
        select(a.id)
        .select_from(t.articles.outerjoin(t.entity_articles, ea.article_id == a.id))
        .where(
            ea.article_id.is_(None)
            | a.extract_run_id.is_(None)
            | ea.extract_run_id.is_(None)
            | (ea.extract_run_id != a.extract_run_id)
        )
    )
    gone = select(ea.article_id).where(~exists(select(a.id).where(a.id == ea.article_id)))
    n_stored = conn.execute(select(func.count()).select_from(t.entity_articles)).scalar_one()
    return {r[0] for r in conn.execute(maybe)}, sorted(r[0] for r in conn.execute(gone)), int(n_stored)


def _stored_articles(conn: Connection, ids: set[str]) -> dict[str, tuple[int | None, str]]:
    ea = t.entity_articles.c
    out: dict[str, tuple[int | None, str]] = {}
    ordered = sorted(ids)
    for i in range(0, len(ordered), CHUNK):
        query = select(ea.article_id, ea.extract_run_id, ea["keys"]).where(
            ea.article_id.in_(ordered[i : i + CHUNK])
        )
        out.update({aid: (run, keys) for aid, run, keys in conn.execute(query)})
    return out


def _outcome(res: Resolution, key: str) -> Outcome | None:
    g = res.groups.get(key)
    if g is not None:
        return (g.label, g.canonical, None)
    joined = res.joined.get(key)
    return ("", "", joined[0]) if joined else None


def _group_row(res: Resolution, st: GroupStats) -> dict[str, Any]:
    label, canonical, joined = _outcome(res, st.key) or ("", "", None)
    return {"key": st.key, "stats": _encode(st), "label": label, "canonical": canonical, "joined": joined}


_e = t.entities.c


def _stats(mentions: Iterable[EntityRec], only: set[str] | None = None) -> dict[str, GroupStats]:
    return stats_of(mentions, only)[0]


def _mentions_spelled(conn: Connection, spellings: set[str]) -> Iterator[EntityRec]:
    """Every stored mention with one of these canonical spellings (``ix_entities_canonical``)."""
    ordered = sorted(spellings)
    for i in range(0, len(ordered), CHUNK):
        yield from read_entities(
            conn, select(*ENTITY_COLUMNS).where(_e.canonical.in_(ordered[i : i + CHUNK])), bound=True
        )


_PLACE_LABELS = ("PLACE", "NORP")


def place_mentions(conn: Connection, res: Resolution, state: EntityState) -> list[EntityRec]:
    """The mentions that stand for a place (``Resolution.place_of``), in reading order: every NORP
    mention and those linked to a stored PLACE or NORP ledger entity (one query, no parameters),
    the new and re-extracted articles' (read already), and those of the PLACE and NORP groups
    whose label or names changed in this run (by their spellings)."""
    e, lk, le = t.entities.c, t.entity_links.c, t.ledger_entities.c
    norp = e.label == literal_column("'NORP'")
    linked = (
        select(*ENTITY_COLUMNS)
        .select_from(t.entities.join(t.entity_links, lk.entity_id == e.id))
        .join(t.ledger_entities, le.id == lk.ledger_entity_id)
        .where(or_(*(le.label == literal_column(f"'{label}'") for label in _PLACE_LABELS), norp))
    )
    unlinked = (
        select(*ENTITY_COLUMNS)
        .select_from(t.entities.outerjoin(t.entity_links, lk.entity_id == e.id))
        .where(lk.entity_id.is_(None), norp)
    )
    found = {ent.id: ent for ent in read_entities(conn, linked)}
    found.update((ent.id, ent) for ent in read_entities(conn, unlinked))
    found.update((ent.id, ent) for ent in state.mentions)
    moved: set[str] = set()  # the ledger groups whose label or names changed
    for key in state.stats.keys() | state.before.keys():
        now = _outcome(res, key)
        if now is not None and now != state.before.get(key):
            moved.add(now[2] or key)
    heads = [res.groups[k] for k in moved if k in res.groups and res.groups[k].label in _PLACE_LABELS]
    spellings = {c for g in heads for k in g.keys for c in res.stats[k].canonicals}
    found.update((ent.id, ent) for ent in _mentions_spelled(conn, spellings))
    places = [ent for ent in found.values() if res.place_of(ent) is not None]
    places.sort(key=lambda ent: (ent.article_id, ent.start, ent.id))
    return places


def entity_rows(conn: Connection, res: Resolution, keys: set[str]) -> list[dict[str, Any]]:
    """The ``ledger_entities`` rows of these ledger groups (those that exist); a group that took in
    other names counts its distinct articles from the stored mentions."""
    heads = [k for k in sorted(keys) if k in res.groups]
    joined = [res.groups[k] for k in heads if len(res.groups[k].keys) > 1]
    counts = _articles_of(conn, res, joined)
    return [entity_row(r) for r in ledger_rows(res, heads, lambda g: counts[g.key])]


def _articles_of(conn: Connection, res: Resolution, groups: list[LedgerGroup]) -> dict[str, int]:
    head = {k: g.key for g in groups for k in g.keys}
    spellings = sorted({c for g in groups for k in g.keys for c in res.stats[k].canonicals})
    seen: dict[str, set[str]] = {g.key: set() for g in groups}
    keys: dict[tuple[str, str], str] = {}
    for i in range(0, len(spellings), CHUNK):
        query = select(_e.label, _e.canonical, _e.article_id).where(
            _e.canonical.in_(spellings[i : i + CHUNK])
        )
        for label, canonical, article_id in conn.execute(query).all():
            key = keys.get((label, canonical))
            if key is None:
                key = keys[(label, canonical)] = raw_key(label, canonical)
            if key in head:
                seen[head[key]].add(article_id)
    return {k: len(v) for k, v in seen.items()}


def entity_scope(keys: set[str]) -> Scope:
    return Scope("id", {group_id(k) for k in keys})


def link_diff(conn: Connection, res: Resolution, state: EntityState) -> Diff:
    """The links to write: the mentions without one, and those of names whose join changed."""
    table = t.entity_links
    out = Diff(table, ("entity_id",), columns_of(table))
    e, lk = t.entities.c, t.entity_links.c
    unlinked = (
        select(e.id, e.label, e.canonical)
        .select_from(t.entities.outerjoin(t.entity_links, lk.entity_id == e.id))
        .where(lk.entity_id.is_(None))
    )
    for ent_id, label, canonical in conn.execute(unlinked):
        key = res.key_of(EntityRec(ent_id, "", "", 0, 0, label, canonical, None, None, None))
        if key is not None and key in res.groups:
            out.insert.append({"entity_id": ent_id, "ledger_entity_id": group_id(key)})
    moved: dict[str, str] = {}  # raw key -> the ledger group its mentions are linked to now
    linked_to: set[str] = set()
    for key, (_, _, before) in state.before.items():
        now = _outcome(res, key)
        if now is None or now[2] == before:
            continue
        moved[key] = now[2] or key
        linked_to.add(group_id(before or key))
    ids = sorted(linked_to)
    for i in range(0, len(ids), CHUNK):
        query = (
            select(e.id, e.label, e.canonical, lk.ledger_entity_id)
            .select_from(t.entities.join(t.entity_links, lk.entity_id == e.id))
            .where(lk.ledger_entity_id.in_(ids[i : i + CHUNK]))
            .order_by(e.id)
        )
        for ent_id, label, canonical, stored in literal_rows(conn, query):
            raw = group_key(EntityRec(ent_id, "", "", 0, 0, label, canonical, None, None, None))
            target = moved.get(raw)
            if target is not None and group_id(target) != stored:
                out.update.append({"entity_id": ent_id, "ledger_entity_id": group_id(target)})
    return out
