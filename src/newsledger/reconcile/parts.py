"""Closed parts of the figure ledger: what an incremental reconcile computes again, and what it keeps.

Everything reconcile derives from figures after the metrics are known (value groups, figure
clusters with their first reporter and ``cites``, contradictions, revisions, and their rows) is
computed per metric, with three ways out of a metric, each by a key:

* a figure of no metric clusters with the figures of one syndicated story (its syndication origin);
* a figure whose chain or sentence names an outlet joins a cluster of its (category, value)
  (clusters.py, ``_join_by_citation``): every figure that names any outlet of the store links its
  metric or story to that citation bucket, and so does every figure of the bucket's category and
  value (a cluster's value is one of its figures' values);
* nothing else: ids, value groups, contradictions and revisions are keyed by their metric.

The connected components of that graph (metrics, stories and citation buckets as nodes) are
**parts**: no rule looks across two of them, so a part's rows are a function of its own figures.
A part's digest is a SHA-1 of everything its computation reads, by what it depends on: each
figure's key (its row id, the digest of its article and the five values the metric stage worked
out for it from the rest of the corpus, depends.py) and the rules' code, so a part whose digest
was stored by the last run already has its rows in the store, whatever else changed; only the
others are computed and written, against the stored rows of their keys and of the parts that
are gone (``ledger_parts``, migration 0014).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, insert, literal_column, select
from sqlalchemy.engine import Connection

from newsledger.data import data_path
from newsledger.reconcile.bulk import bulk_insert
from newsledger.reconcile.clusters import Cluster
from newsledger.reconcile.incremental import chunks
from newsledger.reconcile.loader import ArticleRec, ClaimRec, raw_rows
from newsledger.reconcile.metrics import FigureInfo, Metric
from newsledger.reconcile.normalize import outlet_key, representative
from newsledger.reconcile.unionfind import DisjointSets
from newsledger.store import tables as t

# What a part's rows are made of: the code of every rule from the described figures to the rows,
# and the reconcile word lists. Any change to them makes every stored digest unknown, so the next
# run computes every part, and no kept part holds rows an older rule made.
VERSION = "2"
_RULES = (
    "reconcile/metrics.py",
    "reconcile/depends.py",
    "reconcile/clusters.py",
    "reconcile/contradictions.py",
    "reconcile/revisions.py",
    "reconcile/writer.py",
    "reconcile/ids.py",
    "reconcile/normalize.py",
    "reconcile/parts.py",
    "reconcile/citing.py",
    "reconcile/figstate.py",
    "textnorm.py",
)


@lru_cache(maxsize=1)
def rules_digest() -> str:
    """A SHA-1 of the rules' code and the reconcile word lists (just ``VERSION`` where the
    installed package has no source files to read)."""
    h = hashlib.sha1(VERSION.encode())
    root = Path(__file__).resolve().parents[1]
    try:
        for name in _RULES:
            h.update((root / name).read_bytes())
        h.update(data_path("reconcile.yaml").read_bytes())
    except OSError:
        return VERSION
    return h.hexdigest()


Node = tuple[Any, ...]


@dataclass
class Part:
    digest: str
    infos: list[FigureInfo] = field(default_factory=list)  # in the run's order of figures
    metric_ids: list[str] = field(default_factory=list)  # in the run's order of metrics
    cluster_ids: list[str] = field(default_factory=list)  # its figure clusters, once computed


class _Components:
    """Union-find over the nodes of the parts graph (metrics, stories, citation buckets)."""

    def __init__(self) -> None:
        self.index: dict[Node, int] = {}
        self.sets = DisjointSets()

    def add(self, x: Node) -> int:
        k = self.index.get(x)
        if k is None:
            k = self.index[x] = self.sets.add()
        return k

    def find(self, x: Node) -> int:
        return self.sets.find(self.add(x))

    def union(self, a: Node, b: Node) -> None:
        self.sets.union(self.add(a), self.add(b))


def _node(info: FigureInfo, origin_of: Mapping[str, str]) -> Node | None:
    if info.metric_id is not None:
        return ("metric", info.metric_id)
    if info.claim is None:
        return None  # neither a metric nor a cluster: no row comes from it
    article = info.fig.article_id
    return ("story", origin_of.get(article, article))


_NONE: frozenset[str] = frozenset()


def citing_claims(infos: list[FigureInfo]) -> list[ClaimRec]:
    """The claims :func:`split_parts` asks what outlets they name: of figures with a value."""
    seen: dict[int, ClaimRec] = {}
    for info in infos:
        if info.claim is not None and info.fig.value is not None:
            seen.setdefault(id(info.claim), info.claim)
    return list(seen.values())


def outlet_names(articles: Mapping[str, ArticleRec]) -> set[str]:
    return {outlet_key(a.outlet) for a in articles.values() if a.outlet}


def split_parts(
    infos: list[FigureInfo],
    metrics: Mapping[str, Metric],
    origin_of: Mapping[str, str],
    named: Mapping[str, frozenset[str]],
    keys: list[bytes],
) -> list[Part]:
    """The parts of the figure ledger, each with its digest (see the module's text): ``keys`` are
    the figures' keys (depends.py), ``named`` the outlet keys of the store each claim names
    (claim gid -> keys; citing.py)."""
    salt = rules_digest().encode()
    comps = _Components()
    nodes: list[Node | None] = []
    citing: set[Node] = set()
    cites: dict[int, bool] = {}  # id(claim) -> whether it names an outlet but its own
    for info in infos:
        node = _node(info, origin_of)
        nodes.append(node)
        if node is None:
            continue
        comps.add(node)
        f, claim = info.fig, info.claim
        if claim is not None and f.value is not None:
            names_one = cites.get(id(claim))
            if names_one is None:
                own = outlet_key(info.outlet or "")
                names_one = cites[id(claim)] = bool(named.get(claim.gid, _NONE) - {own})
            if names_one:
                bucket = ("bucket", f.category, f.value)
                citing.add(bucket)
                comps.union(node, bucket)
    if citing:
        for info, node in zip(infos, nodes, strict=True):
            if node is not None:
                v = representative(info.fig.value, info.fig.low, info.fig.high)
                if v is not None and ("bucket", info.category, v) in citing:
                    comps.union(node, ("bucket", info.category, v))
    parts: dict[int, Part] = {}
    hashes: dict[int, Any] = {}
    for info, node, key in zip(infos, nodes, keys, strict=True):
        if node is None:
            continue
        root = comps.find(node)
        part = parts.get(root)
        if part is None:
            part = parts[root] = Part("")
            hashes[root] = hashlib.sha1(salt)
        part.infos.append(info)
        hashes[root].update(key)
    for mid, metric in metrics.items():
        first = metric.members[0]
        node = _node(first, origin_of)
        if node is not None:
            parts[comps.find(node)].metric_ids.append(mid)
    for root, part in parts.items():
        part.digest = hashes[root].hexdigest()
    return list(parts.values())


def assign_clusters(parts: list[Part], clusters: list[Cluster]) -> None:
    """Record each figure cluster under the part of its figures (every figure of a cluster is in
    one part: that is what makes a part closed)."""
    part_of: dict[int, Part] = {}
    for part in parts:
        for info in part.infos:
            part_of[info.fig.id] = part
    for c in clusters:
        fig = next(m.figure for m in c.members if m.figure is not None)
        part_of[fig.fig.id].cluster_ids.append(c.id)


@dataclass
class PartsState:
    """The parts of the last run (digest -> its metric ids and figure cluster ids), and the ids of
    every stored figure cluster (their claims, which text clusters need to leave out a component a
    figure cluster holds, are read for the few clusters a run asks about: :meth:`claims_of`).
    ``usable`` is False when nothing was stored or the stored parts do not account for exactly the
    stored metrics and figure clusters: then every part is computed.

    With the counts the last run stored (``COUNTS_STATE``: parts, their metric ids, their cluster
    ids) the stored parts are not read whole: the counts are checked against the stored rows and a
    run reads the parts it asks about (:meth:`lookup`; every one: :meth:`read_all`)."""

    stored: dict[str, tuple[list[str], list[str]]]
    cluster_ids: set[str]
    usable: bool
    rules: str | None = None  # the rules digest the parts were stored with
    complete: bool = True  # whether ``stored`` holds every stored part
    totals: tuple[int, int, int] = (0, 0, 0)  # stored parts, their metric ids, their cluster ids

    @classmethod
    def load(cls, conn: Connection, *, full: bool) -> PartsState:
        if full:
            return cls({}, set(), usable=False)
        st = t.reconcile_state.c
        rules = conn.execute(select(st.value).where(st.name == RULES_STATE)).scalar()
        counts = conn.execute(select(st.value).where(st.name == COUNTS_STATE)).scalar()
        n_parts = count(conn, t.ledger_parts)
        if not n_parts:
            return cls({}, set(), usable=False)
        cc = t.claim_clusters.c
        not_text = cc.kind != literal_column("'text'")  # no bound parameter: raw_rows takes none
        cluster_ids = [cid for (cid,) in raw_rows(conn, select(cc.id).where(not_text))]
        if counts is not None:
            n, m, c = json.loads(counts)
            ids = set(cluster_ids)
            usable = (n, m, c) == (n_parts, count(conn, t.metrics), len(ids)) and len(ids) == len(cluster_ids)
            return cls({}, ids, usable=usable, rules=rules, complete=False, totals=(n, m, c))
        state = cls({}, set(cluster_ids), usable=False, rules=rules, complete=False)
        state.read_all(conn)
        metric_ids = {mid for (mid,) in raw_rows(conn, select(t.metrics.c.id))}
        known_metrics = [m for mids, _ in state.stored.values() for m in mids]
        known_clusters = [c for _, cids in state.stored.values() for c in cids]
        state.usable = (
            len(known_metrics) == len(metric_ids) == len(set(known_metrics))
            and set(known_metrics) == metric_ids
            and len(known_clusters) == len(cluster_ids) == len(set(known_clusters))
            and set(known_clusters) == set(cluster_ids)
        )
        return state

    def read_all(self, conn: Connection) -> None:
        """Read every stored part (a run that computes every part compares with all of them)."""
        if self.complete:
            return
        p = t.ledger_parts.c
        self.stored = {
            digest: (json.loads(mids), json.loads(cids))
            for digest, mids, cids in raw_rows(conn, select(p.digest, p.metric_ids, p.cluster_ids))
        }
        self.complete = True
        self.totals = (
            len(self.stored),
            sum(len(m) for m, _ in self.stored.values()),
            sum(len(c) for _, c in self.stored.values()),
        )

    def lookup(self, conn: Connection, digests: Iterable[str]) -> None:
        """Read the stored parts among ``digests`` (those not read yet)."""
        if self.complete:
            return
        p = t.ledger_parts.c
        for chunk in chunks(sorted({d for d in digests if d and d not in self.stored})):
            for digest, mids, cids in conn.execute(
                select(p.digest, p.metric_ids, p.cluster_ids).where(p.digest.in_(chunk))
            ):
                self.stored[digest] = (json.loads(mids), json.loads(cids))

    @property
    def any(self) -> bool:
        return bool(self.stored) or self.totals[0] > 0


def claims_of(conn: Connection, cluster_ids: Iterable[str]) -> dict[str, set[str]]:
    """The claims (``article:claim``) of each of the stored clusters ``cluster_ids``."""
    cm = t.cluster_members.c
    out: dict[str, set[str]] = {cid: set() for cid in cluster_ids}
    for ids in chunks(sorted(out)):
        for cid, aid, claim_id in conn.execute(
            select(cm.cluster_id, cm.article_id, cm.claim_id).where(cm.cluster_id.in_(ids))
        ):
            out[cid].add(f"{aid}:{claim_id}")
    return out


def clusters_holding(conn: Connection, gids: set[str], among: set[str]) -> set[str]:
    """Which stored clusters of ``among`` have a member among the claims ``gids``."""
    cm = t.cluster_members.c
    out: set[str] = set()
    for ids in chunks(sorted({g.split(":", 1)[0] for g in gids})):
        for cid, aid, claim_id in conn.execute(
            select(cm.cluster_id, cm.article_id, cm.claim_id).where(cm.article_id.in_(ids))
        ):
            if cid in among and f"{aid}:{claim_id}" in gids:
                out.add(cid)
    return out


@dataclass
class Plan:
    """What this run computes: the changed parts (all of them when the state is not usable), the
    parts gone since the last run, and the stored keys whose rows must be compared again."""

    parts: list[Part]  # every part of this run (of the figures it split: figstate.py)
    changed: list[Part]
    gone: list[str]  # stored digests no part has now
    scoped: bool  # False: every part is computed and every stored row compared
    fallback: str | None = None  # why every part is computed (None: scoped, or nothing stored)
    kept: tuple[int, int, int] = (0, 0, 0)  # the stored parts, metric ids, cluster ids it keeps

    def metric_keys(self, state: PartsState) -> set[str]:
        keys = {m for p in self.changed for m in p.metric_ids}
        keys.update(m for d in self.gone for m in state.stored[d][0])
        return keys

    def cluster_keys(self, state: PartsState) -> set[str]:
        keys = {c for p in self.changed for c in p.cluster_ids}
        keys.update(c for d in self.gone for c in state.stored[d][1])
        return keys

    def kept_cluster_ids(self, state: PartsState) -> set[str]:
        """The stored figure clusters of the parts this run keeps (a kept part is a stored one
        still there; a changed one is new)."""
        if not self.scoped:
            return set()
        return state.cluster_ids - {c for d in self.gone for c in state.stored[d][1]}


# More changed parts than this share of all of them (and than SCOPED_FLOOR): compute every part
# and compare every row, which is then cheaper than a query per slice of keys.
SCOPED_LIMIT = 0.25
SCOPED_FLOOR = 100


RULES_STATE = "figure_parts_rules"  # reconcile_state: the rules digest of the stored parts
COUNTS_STATE = "figure_parts_counts"  # reconcile_state: JSON [parts, metric ids, cluster ids] stored


def plan(parts: list[Part], state: PartsState) -> Plan:
    """Which parts this run computes. Every part when nothing usable is stored, when the rules
    changed since the last run (then no stored digest matches), or when more parts changed than
    SCOPED_LIMIT of them; the reason is kept in the plan (and the run's report). ``state`` must
    hold every stored part (:meth:`PartsState.read_all`)."""
    assert state.complete, "every stored part read"
    current = {p.digest for p in parts}
    changed = [p for p in parts if p.digest not in state.stored]
    fallback = None
    if state.usable and state.rules != rules_digest():
        fallback = "figure parts: the rules changed"
    elif state.usable and len(changed) > max(SCOPED_LIMIT * len(parts), SCOPED_FLOOR):
        fallback = f"figure parts: {len(changed)} of {len(parts)} changed"
    if fallback is not None or not state.usable:
        return Plan(parts, parts, list(state.stored), scoped=False, fallback=fallback)
    gone = [d for d in state.stored if d not in current]
    return Plan(parts, changed, gone, scoped=True, kept=_kept(state, gone))


def _kept(state: PartsState, gone: list[str]) -> tuple[int, int, int]:
    n, m, c = state.totals
    return (
        n - len(gone),
        m - sum(len(state.stored[d][0]) for d in gone),
        c - sum(len(state.stored[d][1]) for d in gone),
    )


def plan_scoped(conn: Connection, parts: list[Part], state: PartsState, old: Iterable[str]) -> Plan:
    """As :func:`plan`, for a run that split only some figures (reconcile/figstate.py): ``parts``
    are the parts holding them, ``old`` the stored parts those figures were in. A stored part
    not among ``old`` is kept; every part is computed (not scoped) when more parts changed than
    SCOPED_LIMIT of them."""
    current = {p.digest for p in parts}
    old = set(old)
    state.lookup(conn, current | old)
    changed = [p for p in parts if p.digest not in state.stored]
    gone = sorted(d for d in old if d in state.stored and d not in current)
    kept = _kept(state, gone)
    if len(changed) > max(SCOPED_LIMIT * (kept[0] + len(changed)), SCOPED_FLOOR):
        return Plan(parts, parts, [], scoped=False)
    return Plan(parts, changed, gone, scoped=True, kept=kept)


def write_parts(conn: Connection, the_plan: Plan) -> None:
    """Store the digests of this run's parts (only the changed and gone ones when scoped)."""
    p, st = t.ledger_parts, t.reconcile_state
    conn.execute(delete(st).where(st.c.name.in_([RULES_STATE, COUNTS_STATE])))
    conn.execute(insert(st).values(name=RULES_STATE, value=rules_digest()))
    n, m, c = the_plan.kept if the_plan.scoped else (0, 0, 0)
    for part in the_plan.changed:
        n, m, c = n + 1, m + len(part.metric_ids), c + len(part.cluster_ids)
    conn.execute(insert(st).values(name=COUNTS_STATE, value=json.dumps([n, m, c])))
    if not the_plan.scoped:
        conn.execute(delete(p))
    else:
        for chunk in chunks(the_plan.gone):
            conn.execute(delete(p).where(p.c.digest.in_(chunk)))
    rows = (
        {
            "digest": part.digest,
            "metric_ids": json.dumps(part.metric_ids),
            "cluster_ids": json.dumps(part.cluster_ids),
        }
        for part in the_plan.changed
    )
    bulk_insert(conn, p, rows)


def count(conn: Connection, table: Any) -> int:
    return int(conn.execute(select(func.count()).select_from(table)).scalar_one())
