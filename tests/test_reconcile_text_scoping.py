"""Text clusters computed again only where changed articles reach (reconcile/wording.py, migration
0013): a new report joining a cluster by a part of its quotation, by a near-duplicate wording, or
bridging two clusters; a re-extraction moving a report from one cluster to another; deletions;
a store without stored components. Each step checks how many claim nodes the run computed
(``ReconcileReport.text_nodes``) and compares the ledger with a rebuild from scratch and one run
over the same articles (ledger_dump equality), on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from sqlalchemy import delete, func, select
from tests.conftest import Databases
from tests.test_reconcile_scoping import _article, _checked, _save

from newsledger.contract import Article
from newsledger.reconcile import reconcile
from newsledger.reconcile.dump import ledger_dump
from newsledger.reconcile.incremental import WordingBands
from newsledger.reconcile.loader import ClaimRec
from newsledger.reconcile.wording import build_graph, components
from newsledger.store import tables as t
from newsledger.store.repo import Store

# Eight quotations that share no wording: each is reported by two outlets, one cluster each.
QUOTES = [
    "the night ferry to the islands will not sail again before the spring storms end",
    "every lantern on the old quay was lit by hand for the visiting choir last evening",
    "our bakery ovens ran through the whole night to feed the stranded lorry drivers",
    "the council will pay for a new roof over the fish market once the audit is done",
    "children from the canal school planted forty apple trees in the meadow on sunday",
    "a pilot boat guided the grain barge past the broken signal tower after midnight",
    "tram drivers agreed to run an extra morning service while the bridge is repaired",
    "the chapel bells rang for an hour when the missing trawler crew walked ashore",
]
OUTLETS = ["Harbour Standard", "Quay Post", "Ledger Daily", "Coast Herald", "Evening Lamp", "Mill Gazette"]


def _pairs() -> list[Article]:
    return [
        _article(f"q{k}{side}", OUTLETS[(k + side) % len(OUTLETS)], 1 + side, quote=q)
        for k, q in enumerate(QUOTES)
        for side in range(2)
    ]


def _text_clusters(store: Store) -> list[str]:
    return sorted(c["article_ids"] for c in ledger_dump(store)["claim_clusters"] if c["kind"] == "text")


def _stored_nodes(store: Store) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(t.text_nodes)).scalar_one())


def test_a_new_report_quoting_a_part_computes_only_the_cluster_it_joins(databases: Databases) -> None:
    store = Store(databases.new())
    old = _pairs()
    _save(store, old)
    first = reconcile(store)
    assert first.text_nodes == len(old) == _stored_nodes(store)  # the first run computes every node
    assert len(_text_clusters(store)) == len(QUOTES)
    part = " ".join(QUOTES[2].split()[3:11])  # eight words from the middle of one quotation
    new = [*old, _article("n1", "Mill Gazette", 5, quote=part)]
    _save(store, new[-1:])
    second = reconcile(store)
    assert second.text_nodes == 3  # the new report and the two of the cluster it joins
    assert '["q20", "q21", "n1"]' in _text_clusters(store)
    _checked(databases, store, new)
    assert reconcile(store).text_nodes == 0  # nothing changed: nothing computed
    store.close()


def test_a_near_duplicate_wording_joins_and_its_deletion_leaves(databases: Databases) -> None:
    store = Store(databases.new())
    old = _pairs()
    _save(store, old)
    reconcile(store)
    words = QUOTES[5].split()
    words[-3] = "well"  # one word changed: neither quotation is a part of the other, the wording is close
    near = [*old, _article("n2", "Mill Gazette", 6, quote=" ".join(words))]
    _save(store, near[-1:])
    assert reconcile(store).text_nodes == 3
    assert '["q50", "q51", "n2"]' in _text_clusters(store)
    _checked(databases, store, near)
    store.delete_articles(["n2"])
    assert reconcile(store).text_nodes == 2  # the cluster it left, computed again
    assert '["q50", "q51"]' in _text_clusters(store)
    _checked(databases, store, old)
    store.close()


BRIDGE = "the northern pier stays shut"  # a part of both quotations below, too short for wording
LONG = f"{BRIDGE} until the cranes are inspected by the port engineers next week"
OTHER = f"after a night of gales and a broken mooring line {BRIDGE}"


def test_a_new_report_bridging_two_clusters_merges_them_and_a_deletion_splits_them(
    databases: Databases,
) -> None:
    store = Store(databases.new())
    old = [
        *_pairs(),
        _article("d1", "Harbour Standard", 1, quote=LONG),
        _article("d2", "Quay Post", 2, quote=LONG),
        _article("d4", "Coast Herald", 4, quote=OTHER),
        _article("d5", "Evening Lamp", 5, quote=OTHER),
    ]
    _save(store, old)
    reconcile(store)
    assert {'["d1", "d2"]', '["d4", "d5"]'} <= set(_text_clusters(store))
    bridged = [*old, _article("d3", "Ledger Daily", 3, quote=BRIDGE)]
    _save(store, bridged[-1:])
    assert reconcile(store).text_nodes == 5
    assert '["d1", "d2", "d3", "d4", "d5"]' in _text_clusters(store)
    _checked(databases, store, bridged)
    store.delete_articles(["d3"])
    assert reconcile(store).text_nodes == 4
    assert {'["d1", "d2"]', '["d4", "d5"]'} <= set(_text_clusters(store))
    _checked(databases, store, old)
    store.close()


def _requoted(article: Article, quote: str) -> Article:
    """``article`` extracted again, its one quotation now ``quote``."""
    other = _article(article.id, article.outlet or "", 9, quote=quote)
    return replace(article, text=other.text, claims=other.claims, quotes=other.quotes)


def test_a_re_extracted_report_moves_from_one_cluster_to_another(databases: Databases) -> None:
    store = Store(databases.new())
    old = [*_pairs(), _article("q02", "Coast Herald", 3, quote=QUOTES[0])]
    _save(store, old)
    reconcile(store)
    assert '["q00", "q01", "q02"]' in _text_clusters(store)
    moved = _requoted(old[-1], QUOTES[7])
    store.save_article(moved)
    assert reconcile(store).text_nodes == 5  # the two it left, the two it joined, and itself
    clusters = _text_clusters(store)
    assert '["q00", "q01"]' in clusters and '["q70", "q71", "q02"]' in clusters
    _checked(databases, store, [*old[:-1], moved])
    store.close()


def test_without_stored_components_the_whole_graph_is_computed(databases: Databases) -> None:
    store = Store(databases.new())
    articles = _pairs()
    _save(store, articles)
    reconcile(store)
    with store.engine.begin() as conn:  # as after the upgrade to 0013: no components stored yet
        conn.execute(delete(t.text_nodes))
        conn.execute(delete(t.text_articles))
    again = reconcile(store)
    assert again.text_nodes == len(articles) == _stored_nodes(store)
    assert again.fallbacks == ()  # nothing stored is no fall-back: the first run after the upgrade
    assert again.written == 0  # the same ledger
    with store.engine.begin() as conn:  # a stored node lost: the state no longer matches, so all again
        conn.execute(delete(t.text_nodes).where(t.text_nodes.c.article_id == "q30"))
    _save(store, [_article("n3", "Mill Gazette", 7, quote=QUOTES[1])])
    report = reconcile(store)
    assert report.text_nodes == len(articles) + 1
    assert report.fallbacks == ("text components: the stored components do not match the articles",)
    _checked(databases, store, [*articles, _article("n3", "Mill Gazette", 7, quote=QUOTES[1])])
    store.close()


def _graph_groups(claims: Sequence[ClaimRec]) -> set[frozenset[str]]:
    graph = build_graph(claims, [])
    return {frozenset(g) for g in components(graph, WordingBands())}


def test_near_duplicates_inside_one_article_join_whatever_order_the_claims_are_read_in() -> None:
    words = QUOTES[4].split()
    close = " ".join([*words[:-1], "yesterday"])  # one word changed
    claims = [
        ClaimRec("a", "c1", QUOTES[4], 0, 10, "unverified"),
        ClaimRec("a", "c2", close, 20, 30, "unverified"),
        ClaimRec("b", "c1", QUOTES[4], 0, 10, "unverified"),
    ]
    # c1 and c2 of article a are near duplicates; the wording of a:c1 is also carried by b, so it is
    # not one article's alone: the pair joins, read in any order.
    expected = {frozenset({"a:c1", "a:c2", "b:c1"})}
    assert _graph_groups(claims) == expected
    assert _graph_groups(claims[::-1]) == expected
    assert _graph_groups([claims[2], claims[1], claims[0]]) == expected
    # carried by one article only, two near-duplicate sentences stay apart
    assert _graph_groups(claims[:2]) == {frozenset({"a:c1"}), frozenset({"a:c2"})}
