"""Which text clusters a run builds and compares with the stored ones (migration 0016).

A text cluster's rows are a function of its component's claims and their articles (order, outlet,
syndication origin) and of whether one figure cluster holds the whole component. So when the wording
graph was computed in part (reconcile/wording.py), the clusters to build are those of the
components computed again and of the kept components that something else reaches
(:class:`Touched`): a claim in a figure cluster this run computed, or stored by a part that changed
or is gone; an article whose syndication origin is not the stored one. Every other text cluster is
as stored. Their stored rows are found by their members (``stored_text_clusters``); when that is
not a closed set (two components under one id) every text cluster is built, and the run says so.

Runs at write time, on the write transaction (it reads what the snapshot read: reconcile checks
that nothing changed in between), so the figure clusters' claims are read only for the clusters
asked about, never all of them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy.engine import Connection

from newsledger.reconcile.clusters import Cluster, clusters_of
from newsledger.reconcile.loader import Corpus
from newsledger.reconcile.parts import PartsState, Plan, claims_of, clusters_holding
from newsledger.reconcile.syndication import Copy
from newsledger.reconcile.textindex import ensure_claims
from newsledger.reconcile.wording import TextState, article_of, stored_text_clusters


@dataclass
class Touched:
    """What may change a kept text component's cluster (see the module's text)."""

    claims: set[str]
    articles: set[str]

    def kept_groups(self, conn: Connection, state: TextState) -> list[list[str]]:
        """The kept components this reaches."""
        labels = state.labels_of(conn, self.claims)
        if self.articles:
            labels |= state.labels_of(conn, set(state.nodes_of_articles(conn, self.articles)))
        return state.kept_members(conn, labels)


@dataclass
class TextClusters:
    clusters: list[Cluster]
    scope: set[str] | None  # the stored text clusters they replace (None: every one)
    fallback: str | None = None


def build(
    conn: Connection,
    corpus: Corpus,
    texts: TextState,
    figure_clusters: list[Cluster],
    todo: Plan,
    kept: PartsState,
    copies: Mapping[str, Copy],
) -> TextClusters:
    """The text clusters this run builds (``figure_clusters``: those it computed)."""
    taken = [{m.claim.gid for m in c.members} for c in figure_clusters]
    if not todo.scoped:  # no kept figure cluster, every text cluster compared
        return TextClusters(_clusters(conn, corpus, texts.all_groups(conn), taken), None)
    kept_ids = todo.kept_cluster_ids(kept)
    if texts.rebuilt:
        return TextClusters(
            _clusters(conn, corpus, texts.all_groups(conn), taken + list(claims_of(conn, kept_ids).values())),
            None,
        )
    claims = {g for c in taken for g in c}
    for members in claims_of(conn, todo.cluster_keys(kept)).values():
        claims |= members
    moved = {a for a, c in copies.items() if c.origin != (corpus.articles[a].copy_of or a)}
    reached = Touched(claims, moved).kept_groups(conn, texts)
    groups = texts.redone + reached
    gids = {g for group in groups for g in group}
    holding = claims_of(conn, clusters_holding(conn, gids, kept_ids))
    built = _clusters(conn, corpus, groups, taken + list(holding.values()))
    compared = texts.old_gids(texts.affected).union(*reached)
    scope = stored_text_clusters(conn, compared, {c.id for c in built})
    if scope is None:
        every = taken + list(claims_of(conn, kept_ids).values())
        reason = "text clusters: a stored cluster reaches past the components computed"
        return TextClusters(_clusters(conn, corpus, texts.all_groups(conn), every), None, reason)
    return TextClusters(built, scope)


def _clusters(
    conn: Connection, corpus: Corpus, groups: list[list[str]], taken: list[set[str]]
) -> list[Cluster]:
    """:func:`clusters_of`, the claims of ``groups`` that ``corpus`` lacks read first (by article)."""
    missing = {
        article_of(g) for group in groups for g in group if tuple(g.split(":", 1)) not in corpus.claims
    }
    ensure_claims(conn, corpus, missing)
    return clusters_of(corpus, groups, taken)
