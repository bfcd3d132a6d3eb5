"""The text stage of a run: which articles' nodes changed, and their part of the wording graph.

With the stored wording index (reconcile/textindex.py, migration 0018) a run reads only what the
changed articles touch, by indexed lookups, never every claim, node or wording:

1. the changed articles: those whose extract run is not the one stored with their fingerprint
   (new, saved again), those gone, and those deleted since the last run (``reconcile_dirty``);
   only their claims and quotations are read, and their fingerprints compared (a saved article
   always gets a new extract run, so an article with its stored run has its stored nodes);
2. their stored nodes (by article) give the components taken apart; their new nodes meet stored
   components by the same wording (``text_wordings``), a quotation n-gram (``text_grams``, then
   checked exactly against the stored quotation) and a shared LSH band bucket (one pass over the
   stored buckets, ``text_minhash``, in numpy: the one read here that grows with the store);
3. those components' nodes (``text_nodes`` by component) and the new nodes are grouped again by
   the same function as a full run (reconcile/wording.py), reading only their articles' claims and
   quotations. The number of stored nodes is checked against the claims and quotations stored (two
   counts), so a store whose components do not match is computed whole.

``full``, no stored components, more changed articles than a quarter of those stored and no stored
index (the first run after the upgrade) compute the whole graph from every claim and quotation,
the last two named in the run's fall-backs.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy.engine import Connection

from newsledger.reconcile import textindex as ix
from newsledger.reconcile.incremental import BULK_RATIO, WordingBands
from newsledger.reconcile.loader import ClaimRec, Corpus, QuoteRec
from newsledger.reconcile.wording import (
    LSH_THRESHOLD,
    Graph,
    TextState,
    _part_of,
    article_of,
    build_graph,
    components,
    find_changes,
    fingerprints,
    gram_keys,
    is_node_quote,
    labelled,
    mark_changes,
    quote_gid,
    quote_grams,
    whole_graph,
)


def prepare(
    conn: Connection, corpus: Corpus, bands: WordingBands, state: TextState, dirty: list[str]
) -> None:
    """Find the changed articles (``state.changed``) and compute the components they reach
    (``state.redone``; every one when ``state.rebuilt``), reading through ``conn``."""
    if state.indexed and not state.full:
        claims, quotes = _find_changed(conn, corpus, state, dirty)
        total = state.stored - len(state.changed & state.prints.keys()) + len(state.new_prints)
        if len(state.changed) * BULK_RATIO <= total:
            if _scoped(conn, corpus, bands, state, claims, quotes):
                return
            state.fallback = "text components: the stored components do not match the articles"
        else:
            state.fallback = f"text components: {len(state.changed)} of {total} articles changed"
    _whole(conn, corpus, bands, state, dirty)


def _whole(conn: Connection, corpus: Corpus, bands: WordingBands, state: TextState, dirty: list[str]) -> None:
    corpus.quotes = ix.quotes_of_articles(conn, None)
    if len(corpus.claims) < ix.count_claims(conn):  # a loader that read only some claims
        ix.ensure_claims(conn, corpus, None)
    changed = state.changed if state.indexed and not state.full else None
    if state.indexed and not state.full:  # the stored fingerprints were read only for the candidates
        state.prints = {}
    find_changes(corpus, state, dirty)
    if changed is not None:
        state.changed = changed
    bands.fetch(conn, None)
    whole_graph(corpus, bands, state)
    state.read = len(corpus.claims) + len(corpus.quotes)


Read = tuple[dict[tuple[str, str], ClaimRec], list[QuoteRec]]  # claims and quotations read by article


def _find_changed(conn: Connection, corpus: Corpus, state: TextState, dirty: list[str]) -> Read:
    present, gone = ix.changed_candidates(conn)
    candidates = present | gone | set(dirty)
    there = {a for a in candidates if a in corpus.articles}
    claims = ix.claims_of_articles(conn, there)
    quotes = ix.quotes_of_articles(conn, there)
    now = fingerprints(claims.values(), quotes)
    stored = ix.stored_prints(conn, candidates)
    state.prints = {a: fp for a, (fp, _) in stored.items() if fp}
    state.runs = {a: run for a, (fp, run) in stored.items() if fp}
    runs = {a: corpus.articles[a].extract_run_id for a in there}
    mark_changes(state, now, runs, dirty)
    state.seen = candidates  # their stored rows are written again (a blank one for an article without nodes)
    state.current = now
    state.read += len(claims) + len(quotes)
    ix.keep_claims(corpus, claims, there)  # the text clusters' members are built from corpus.claims
    return claims, quotes


def _scoped(
    conn: Connection,
    corpus: Corpus,
    bands: WordingBands,
    state: TextState,
    claims: dict[tuple[str, str], ClaimRec],
    quotes: list[QuoteRec],
) -> bool:
    """Compute only the changed articles' part of the graph (``claims`` and ``quotes``: those of
    the changed articles, read); False when the stored nodes do not match the stored claims and
    quotations (then the caller computes everything)."""
    changed = state.changed
    seen: dict[str, str | None] = {}
    fresh = build_graph(
        [c for c in claims.values() if c.article_id in changed],
        [q for q in quotes if q.article_id in changed],
        seen,
    )
    gone = ix.nodes_of_articles(conn, changed)
    now, stored = ix.count_nodes(conn)
    if now - len(fresh.gids) != stored - len(gone):
        return False
    affected = {label for label, _ in gone.values()}
    affected |= _met(conn, bands, state, fresh, affected)
    nodes = ix.nodes_of_components(conn, affected)
    state.nodes.update(nodes)
    redo = {g for g in nodes if g not in gone} | set(fresh.gids)
    more = {article_of(g) for g in redo} - state.seen  # the candidates' claims were read already
    if more:
        extra = ix.claims_of_articles(conn, more)
        ix.keep_claims(corpus, extra, more)
        claims = {**claims, **extra}
        extra_quotes = ix.quotes_of_articles(conn, more)
        quotes = quotes + extra_quotes
        state.read += len(extra) + len(extra_quotes)
    graph = build_graph(
        (c for c in claims.values() if c.gid in redo),
        (q for q in quotes if is_node_quote(q) and quote_gid(q) in redo),
        seen,
    )
    bands.fetch(conn, graph.shingles)
    state.redone = components(graph, bands)
    state.rows = list(labelled(state.redone, graph))
    state.grams = gram_keys(graph)
    state.dropped = set(nodes) | set(gone)
    state.recomputed = len(graph.gids)
    state.affected = affected
    return True


def _met(conn: Connection, bands: WordingBands, state: TextState, fresh: Graph, apart: set[str]) -> set[str]:
    """The stored components (of unchanged articles' nodes) that the changed articles' new nodes
    may join: a shared wording, a shared LSH band bucket, a quotation that is part of another."""
    hits = {d for ds in fresh.wordings for d in ds}  # the same wording
    digests = list(fresh.shingles)
    if digests:  # a shared band bucket with a stored wording
        bands.fetch(conn, digests)
        mine = bands.buckets([fresh.shingles[d] for d in digests], digests, LSH_THRESHOLD)
        hits |= bands.sharing(conn, mine)
    out = ix.components_of_digests(conn, hits) - apart
    if fresh.quoted:
        out |= _quoted(conn, state, fresh, apart)
    return out


def _quoted(conn: Connection, state: TextState, fresh: Graph, apart: set[str]) -> set[str]:
    """The stored components with a quotation that is a new quotation or a part of it, or of which
    a new one is a part (candidates share an n-gram: ``text_grams``; checked exactly)."""
    index: dict[str, list[int]] = defaultdict(list)
    for pos, (_, new_grams) in enumerate(fresh.quoted):
        for g in set(new_grams):
            index[g].append(pos)
    found = ix.nodes_of_grams(conn, {ix.gram_key(g) for g in index})
    found = {g for g in found if article_of(g) not in state.changed}
    if not found:
        return set()
    arts = {article_of(g) for g in found}
    labels = {g: state.nodes[g][0] for g in state.nodes_of_articles(conn, arts) if g in found}
    out: set[str] = set()
    stored = ix.quotes_of_articles(conn, arts)
    state.read += len(stored)
    for q in stored:
        gid = quote_gid(q)
        label = labels.get(gid) if is_node_quote(q) else None
        if label is None or label in apart or label in out:
            continue
        grams = quote_grams(q.text)
        if grams is None:
            continue
        have = set(grams)
        for pos in {p for g in grams for p in index.get(g, ())}:
            other = fresh.quoted[pos][1]
            if _part_of(other, grams, have) or _part_of(grams, other):
                out.add(label)
                break
    return out
