"""The wording graph of text clusters, and the part of it a run computes again (migration 0013).

Nodes are claims (``article:claim``); a direct quotation attached to a claim is a wording of its
node. Two nodes are joined when

* they carry the same wording (the same word 3-gram shingles: a wire sentence in every copy);
* one direct quotation is the other or a part of it (every word ``MIN_QUOTE_WORDS``-gram of the
  shorter occurs in the longer);
* two distinct wordings are LSH candidates (MinHash of the shingles, threshold ``LSH_THRESHOLD``)
  whose exact Jaccard similarity is at least ``LSH_THRESHOLD``, unless both are carried by one
  and the same article only (near duplicates are looked for across articles).

Every rule looks at two nodes and the articles carrying their wordings (nodes already joined by
the first rule), never at the order the nodes were read in, so the components of a part of the
graph closed under the rules are the components the whole graph has there. That is what makes
the incremental run exact (:func:`text_components`): the store keeps each node's component and
wordings (``text_nodes``) and a fingerprint of each article's claims and quotations
(``text_articles``). An article whose fingerprint changed (new, re-extracted, deleted) has its
old nodes' components computed again, with the components its new nodes meet: same wording (the
stored wordings), a shared LSH band bucket (the stored band buckets, ``text_minhash``), a shared
quotation n-gram (the corpus's quotations, checked exactly). Every other node keeps its stored
component. With ``full``, without stored state or with many changed articles, the whole graph.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, exists, select
from sqlalchemy.engine import Connection

from newsledger.reconcile import minhash as mh
from newsledger.reconcile import textindex
from newsledger.reconcile.bulk import bulk_insert, delete_pairs
from newsledger.reconcile.incremental import WordingBands, chunks, digest
from newsledger.reconcile.loader import ClaimRec, Corpus, QuoteRec, raw_rows
from newsledger.reconcile.unionfind import DisjointSets
from newsledger.store import tables as t
from newsledger.textnorm import words

LSH_THRESHOLD = 0.5
SHINGLE = 3
MIN_WORDS = 6  # shorter texts ('he said') are not worth matching by wording
MIN_QUOTE_WORDS = 4  # a direct quotation this long, or a part of one, is the same quotation


def shingles(text: str) -> set[bytes]:
    toks = words(text)
    if len(toks) < MIN_WORDS:
        return set()
    return {" ".join(toks[i : i + SHINGLE]).encode() for i in range(len(toks) - SHINGLE + 1)}


def quote_grams(text: str) -> list[str] | None:
    """The word ``MIN_QUOTE_WORDS``-grams of a direct quotation (None: too short to match)."""
    toks = words(text)
    if len(toks) < MIN_QUOTE_WORDS:
        return None
    k = MIN_QUOTE_WORDS
    return [" ".join(toks[i : i + k]) for i in range(len(toks) - k + 1)]


def _part_of(small: Sequence[str], large: Sequence[str], large_set: set[str] | None = None) -> bool:
    """``small`` is ``large`` or a part of it: not longer, and every n-gram of it is in ``large``."""
    if len(small) > len(large):
        return False
    have = large_set if large_set is not None else set(large)
    return all(g in have for g in small)


def same_quotation(quoted: list[tuple[int, list[str]]]) -> list[tuple[int, int]]:
    """Pairs of quotation nodes where one quotation is the other or a part of it (an inverted index
    of n-grams, so each quotation is checked against the few that share its rarest n-gram)."""
    index: dict[str, set[int]] = defaultdict(set)
    for pos, (_, grams) in enumerate(quoted):
        for g in grams:
            index[g].add(pos)
    pairs = []
    for pos, (n, grams) in enumerate(quoted):
        rarest = min(grams, key=lambda g: len(index[g]))
        for other in index[rarest]:
            if other != pos and len(quoted[other][1]) >= len(grams) and all(other in index[g] for g in grams):
                pairs.append((n, quoted[other][0]))
    return pairs


def is_node_quote(quote: QuoteRec) -> bool:
    return bool(quote.claim_id) and quote.kind != "indirect"


def quote_gid(quote: QuoteRec) -> str:
    return f"{quote.article_id}:{quote.claim_id}"


def article_of(gid: str) -> str:
    return gid.split(":", 1)[0]


@dataclass
class Graph:
    """Nodes of some claims and quotations, with their wordings."""

    gids: list[str] = field(default_factory=list)
    index: dict[str, int] = field(default_factory=dict)
    wordings: list[list[str]] = field(default_factory=list)  # node -> digests of its wordings
    shingles: dict[str, set[bytes]] = field(default_factory=dict)  # digest -> its shingles
    quoted: list[tuple[int, list[str]]] = field(default_factory=list)  # (node, quotation n-grams)

    def node(self, gid: str) -> int:
        n = self.index.get(gid)
        if n is None:
            n = self.index[gid] = len(self.gids)
            self.gids.append(gid)
            self.wordings.append([])
        return n


def build_graph(
    claims: Iterable[ClaimRec], quotes: Iterable[QuoteRec], seen: dict[str, str | None] | None = None
) -> Graph:
    """The nodes of ``claims`` and of the direct quotations among ``quotes``; ``seen`` caches each
    text's wording digest (None: too short) across calls."""
    g = Graph()
    seen = {} if seen is None else seen

    def wording(n: int, text: str) -> None:
        if text in seen:
            d = seen[text]
            if d is not None and d not in g.shingles:
                g.shingles[d] = shingles(text)
        else:
            sh = shingles(text)
            d = seen[text] = digest(sh) if sh else None
            if d is not None:
                g.shingles.setdefault(d, sh)
        if d is not None and d not in g.wordings[n]:
            g.wordings[n].append(d)

    for claim in claims:
        wording(g.node(claim.gid), claim.text)
    for quote in quotes:
        if is_node_quote(quote):
            n = g.node(quote_gid(quote))
            wording(n, quote.text)
            grams = quote_grams(quote.text)
            if grams is not None:
                g.quoted.append((n, grams))
    return g


def components(graph: Graph, bands: WordingBands) -> list[list[str]]:
    """The connected components of ``graph`` under the rules of the module docstring."""
    sets = DisjointSets(len(graph.gids))
    for n, m in same_quotation(graph.quoted):
        sets.union(n, m)
    first: dict[str, int] = {}  # digest -> its first node
    arts: dict[str, set[str]] = defaultdict(set)  # digest -> the articles carrying it
    for n, ds in enumerate(graph.wordings):
        for d in ds:
            arts[d].add(article_of(graph.gids[n]))
            if d in first:
                sets.union(n, first[d])
            else:
                first[d] = n
    digests = list(first)
    if len(digests) >= 2:
        keys = bands.buckets([graph.shingles[d] for d in digests], digests, LSH_THRESHOLD)
        failed: set[tuple[int, int]] = set()  # a pair sharing several bands is confirmed once
        for i, j in mh.candidates(keys, mh.band_layout(LSH_THRESHOLD)[0]):
            d_i, d_j = digests[i], digests[j]
            n_i, n_j = first[d_i], first[d_j]
            a_i, a_j = arts[d_i], arts[d_j]
            if (len(a_i) == 1 and a_i == a_j) or (i, j) in failed or sets.same(n_i, n_j):
                continue
            sh_i, sh_j = graph.shingles[d_i], graph.shingles[d_j]
            if len(sh_i & sh_j) / len(sh_i | sh_j) >= LSH_THRESHOLD:
                sets.union(n_i, n_j)
            else:
                failed.add((i, j))
    return [[graph.gids[n] for n in group] for group in sets.groups()]


def fingerprints(claims: Iterable[ClaimRec], quotes: Iterable[QuoteRec]) -> dict[str, str]:
    """Per article with nodes: a digest of what its nodes are made of (claims, direct quotations)."""
    parts: dict[str, list[str]] = defaultdict(list)
    for c in claims:
        parts[c.article_id].append(f"c\x1f{c.claim_id}\x1f{c.text}")
    for q in quotes:
        if is_node_quote(q):
            parts[q.article_id].append(f"q\x1f{q.claim_id}\x1f{q.text}")
    return {a: hashlib.sha1("\x1e".join(sorted(p)).encode()).hexdigest() for a, p in parts.items()}


@dataclass
class TextState:
    """The stored components of the last run that this run read, and what it writes back.

    With the stored wording index (``indexed``, migration 0018) only the nodes a run needs are
    read (reconcile/textrun.py); without it every stored node (``whole``)."""

    nodes: dict[str, tuple[str, str]]  # gid -> (component, digests of its wordings, space-separated)
    prints: dict[str, str]  # article -> fingerprint (those read: every one, or the candidates')
    full: bool
    runs: dict[str, int | None] = field(default_factory=dict)  # article -> extract run stored with it
    indexed: bool = False  # the wording index is stored: nodes are read by lookups
    whole: bool = False  # ``nodes`` holds every stored node
    stored: int = 0  # stored fingerprints of articles with nodes
    rows: list[tuple[str, str, tuple[str, ...]]] = field(default_factory=list)  # (gid, component, digests)
    grams: dict[str, set[int]] = field(default_factory=dict)  # quotation n-gram keys of the rows' nodes
    dropped: set[str] = field(default_factory=set)  # stored gids to delete
    new_prints: dict[str, str] = field(default_factory=dict)  # of the changed articles still there
    seen: set[str] = field(default_factory=set)  # articles whose stored fingerprint row is rewritten
    changed: set[str] = field(default_factory=set)
    rebuilt: bool = False  # every row replaced
    recomputed: int = 0  # nodes whose component this run computed
    fallback: str | None = None  # why this run computed the whole graph although components were stored
    new_runs: dict[str, int | None] = field(default_factory=dict)  # extract runs of new_prints' articles
    redone: list[list[str]] = field(default_factory=list)  # the components this run computed (scoped)
    affected: set[str] = field(default_factory=set)  # stored components taken apart (labels)
    current: dict[str, str] | None = None  # every article's fingerprint now, once find_changes ran
    blank: list[str] = field(default_factory=list)  # articles without nodes (rebuilt: stored as such)
    read_articles: set[str] = field(default_factory=set)  # articles whose stored nodes were read
    read: int = 0  # claims and quotations this run read for the graph (every one for the whole graph)

    @classmethod
    def load(cls, conn: Connection, *, full: bool) -> TextState:
        if full:
            return cls({}, {}, True)
        if textindex.has_index(conn):
            stored = textindex.count_prints(conn)
            return cls({}, {}, not stored, indexed=True, stored=stored)
        tn, ta = t.text_nodes.c, t.text_articles.c
        nodes = {
            f"{aid}:{cid}": (component, digests)
            for aid, cid, component, digests in raw_rows(
                conn, select(tn.article_id, tn.claim_id, tn.component, tn.digests)
            )
        }
        prints, runs = {}, {}
        for aid, fingerprint, run in raw_rows(conn, select(ta.article_id, ta.fingerprint, ta.extract_run_id)):
            if fingerprint:
                prints[aid], runs[aid] = fingerprint, run
        state = cls(nodes, prints, not prints, runs, whole=True, stored=len(prints))
        if prints:  # components stored before the index (the first run after the upgrade to 0018)
            state.fallback = "text components: no stored wording index (the first run after the upgrade)"
        return state

    def labels_of(self, conn: Connection, gids: set[str]) -> set[str]:
        """The stored components of the nodes ``gids`` (those stored)."""
        if not self.whole:
            todo = {article_of(g) for g in gids} - self.read_articles
            self._read(textindex.nodes_of_articles(conn, todo), todo)
        return {self.nodes[g][0] for g in gids if g in self.nodes}

    def nodes_of_articles(self, conn: Connection, articles: set[str]) -> list[str]:
        if not self.whole:
            todo = articles - self.read_articles
            self._read(textindex.nodes_of_articles(conn, todo), todo)
        return [g for g in self.nodes if article_of(g) in articles]

    def _read(self, nodes: dict[str, tuple[str, str]], articles: set[str]) -> None:
        self.nodes.update(nodes)
        self.read_articles |= articles

    def kept_members(self, conn: Connection, labels: set[str]) -> list[list[str]]:
        """The nodes of each stored component of ``labels`` that this run keeps whole."""
        labels = labels - self.affected
        if not self.whole:
            self.nodes.update(textindex.nodes_of_components(conn, labels))
        out: dict[str, list[str]] = {label: [] for label in labels}
        for gid, (label, _) in self.nodes.items():
            members = out.get(label)
            if members is not None:
                members.append(gid)
        return [m for m in out.values() if m]

    def all_groups(self, conn: Connection | None = None) -> list[list[str]]:
        """Every component: the ones computed again and the stored ones kept whole."""
        if self.rebuilt:
            return self.redone
        if not self.whole:
            assert conn is not None, "every stored node is read through the connection"
            self.nodes, self.whole = textindex.every_node(conn), True
        kept: dict[str, list[str]] = defaultdict(list)
        for gid, (label, _) in self.nodes.items():
            if label not in self.affected:
                kept[label].append(gid)
        return list(kept.values()) + self.redone

    def old_gids(self, labels: set[str]) -> set[str]:
        """The stored nodes of the stored components ``labels`` (read when they were taken apart)."""
        return {gid for gid, (label, _) in self.nodes.items() if label in labels}

    def write(self, conn: Connection) -> None:
        tn, ta = t.text_nodes, t.text_articles
        if self.rebuilt:
            conn.execute(delete(tn))
            conn.execute(delete(ta))
            seen = set(self.new_prints) | set(self.blank)
        else:
            delete_pairs(conn, tn, "article_id", "claim_id", [textindex.split(g) for g in self.dropped])
            seen = self.seen | self.changed
            for ids in chunks(sorted(seen)):
                conn.execute(delete(ta).where(ta.c.article_id.in_(ids)))
        bulk_insert(conn, tn, _node_rows(self.rows))
        bulk_insert(
            conn,
            ta,
            [
                {
                    "article_id": a,
                    "fingerprint": self.new_prints.get(a, ""),
                    "extract_run_id": self.new_runs.get(a),
                }
                for a in sorted(seen)
                if a in self.new_runs
            ],
        )
        textindex.write_index(conn, self.rows, self.grams, self.dropped, rebuilt=self.rebuilt)


def _node_rows(rows: list[tuple[str, str, tuple[str, ...]]]) -> Iterator[dict[str, Any]]:
    for gid, component, digests in rows:
        article_id, claim_id = gid.split(":", 1)
        yield {
            "article_id": article_id,
            "claim_id": claim_id,
            "component": component,
            "digests": " ".join(digests),
        }


def labelled(groups: list[list[str]], graph: Graph) -> Iterator[tuple[str, str, tuple[str, ...]]]:
    for group in groups:
        label = min(group)
        for gid in group:
            yield gid, label, tuple(graph.wordings[graph.index[gid]])


def gram_keys(graph: Graph) -> dict[str, set[int]]:
    """The n-gram keys of each quotation node of ``graph``."""
    out: dict[str, set[int]] = defaultdict(set)
    for n, grams in graph.quoted:
        out[graph.gids[n]].update(textindex.gram_key(g) for g in grams)
    return dict(out)


def find_changes(corpus: Corpus, state: TextState, dirty: Iterable[str] = ()) -> set[str]:
    """The articles whose nodes may differ from the stored ones (``state.changed``): those whose
    fingerprint or extract run differs from the stored one (saved again: its chains or offsets
    may differ with the same sentences), or deleted since the last run (``dirty``: stored again
    since, its order may differ). Reads every claim and quotation of ``corpus`` (the whole graph's
    path; reconcile/textrun.py finds them from the extract runs)."""
    prints = state.current = fingerprints(corpus.claims.values(), corpus.quotes)
    runs = {a: art.extract_run_id for a, art in corpus.articles.items()}
    return mark_changes(state, prints, runs, dirty)


def mark_changes(
    state: TextState, prints: dict[str, str], runs: dict[str, int | None], dirty: Iterable[str]
) -> set[str]:
    """Set ``state.changed`` to the articles of ``prints`` (fingerprints now) and of the stored
    ones whose fingerprint or extract run (``runs``) differs from the stored, or that are ``dirty``;
    and what to store for them."""
    state.changed = {
        a
        for a in prints.keys() | state.prints.keys()
        if prints.get(a) != state.prints.get(a) or runs.get(a) != state.runs.get(a)
    }
    state.changed |= set(dirty) & (prints.keys() | state.prints.keys())
    state.new_prints = {a: prints[a] for a in state.changed if a in prints}
    state.new_runs = runs
    return state.changed


def text_components(
    corpus: Corpus, bands: WordingBands, state: TextState | None = None, dirty: Iterable[str] = ()
) -> list[list[str]]:
    """Every node's text component (claim gids) of the whole graph of ``corpus`` (``state``: to be
    written; reconcile itself computes only what changed, reconcile/textrun.py)."""
    state = state or TextState({}, {}, True)
    if state.current is None:
        find_changes(corpus, state, dirty)
    whole_graph(corpus, bands, state)
    return state.all_groups()


def whole_graph(corpus: Corpus, bands: WordingBands, state: TextState) -> None:
    """Compute every component (``state.redone``, ``state.rebuilt``) from every claim and quotation
    of ``corpus``; ``state.current`` holds every article's fingerprint."""
    prints = state.current
    assert prints is not None
    graph = build_graph(corpus.claims.values(), corpus.quotes)
    groups = components(graph, bands)
    state.rebuilt, state.recomputed = True, len(graph.gids)
    state.rows = list(labelled(groups, graph))
    state.grams = gram_keys(graph)
    state.new_prints = prints
    state.new_runs = {a: art.extract_run_id for a, art in corpus.articles.items()}
    state.blank = [a for a in corpus.articles if a not in prints]
    state.redone = groups


def stored_text_clusters(conn: Connection, compared: set[str], new_ids: set[str]) -> set[str] | None:
    """The stored text clusters whose rows clusters computed for ``compared`` (stored nodes)
    replace: those with a member among them. None when that is not a closed set: a stored one
    with a member outside ``compared`` (two components merged under one id), or a new id
    (``new_ids``) stored for a component not compared; then every text cluster is built."""
    cc, cm = t.claim_clusters.c, t.cluster_members.c
    is_text = cc.kind == "text"
    found: set[str] = set()
    articles = sorted({article_of(g) for g in compared})
    for ids in chunks(articles):
        stmt = (
            select(cm.cluster_id, cm.article_id, cm.claim_id)
            .join_from(t.cluster_members, t.claim_clusters, cc.id == cm.cluster_id)
            .where(is_text, cm.article_id.in_(ids))
        )
        found.update(r[0] for r in conn.execute(stmt) if f"{r[1]}:{r[2]}" in compared)
    # one whose every member's article was deleted (its members went by cascade)
    orphans = select(cc.id).where(is_text, ~exists(select(cm.id).where(cm.cluster_id == cc.id)))
    found.update(r[0] for r in conn.execute(orphans))
    for ids in chunks(sorted(found)):
        stmt = select(cm.article_id, cm.claim_id).where(cm.cluster_id.in_(ids))
        if any(f"{r[0]}:{r[1]}" not in compared for r in conn.execute(stmt)):
            return None
    for ids in chunks(sorted(new_ids - found)):
        if conn.execute(select(cc.id).where(cc.id.in_(ids)).limit(1)).first() is not None:
            return None
    return found
