"""The text stage reads only what changed articles touch, through the stored wording index
(reconcile/textindex.py, reconcile/textrun.py, migration 0018): a new report whose quotation holds
an old one or shares only an n-gram with it, a near-duplicate wording joining and then deleted, the
first run after the upgrade, and how many claims and quotations a run read
(``ReconcileReport.text_read``) and how many nodes it computed (``text_nodes``). Each ledger is
compared with a rebuild from scratch and one run over the same articles (ledger_dump equality),
on SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import delete, func, select
from tests.conftest import Databases
from tests.test_reconcile_scoping import _article, _checked, _save
from tests.test_reconcile_text_scoping import QUOTES, _pairs, _text_clusters

from newsledger.reconcile import reconcile
from newsledger.reconcile.textindex import STATE
from newsledger.store import tables as t
from newsledger.store.repo import Store


def _rows(store: Store, table: t.Table) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def test_a_new_report_reads_only_its_own_and_the_met_cluster_s_claims(databases: Databases) -> None:
    store = Store(databases.new())
    old = _pairs()
    _save(store, old)
    first = reconcile(store)
    every = first.text_read  # the first run reads every claim and quotation
    assert every >= 2 * len(old) and first.text_nodes == len(old)
    assert _rows(store, t.text_wordings) >= len(old) and _rows(store, t.text_grams) > 0
    # one new report carrying the whole of one quotation and more: the old one is a part of it
    longer = f"{QUOTES[3]} and the harbour master agreed"
    new = [*old, _article("n1", "Mill Gazette", 9, quote=longer)]
    _save(store, new[-1:])
    second = reconcile(store)
    assert second.text_nodes == 3  # the new report and the two it joins
    # its own claim and quotation, the two reports of the cluster it meets (a claim and a quotation
    # each), and the quotations of the stored nodes sharing an n-gram with it (checked exactly)
    assert second.text_read <= 8 < every
    assert '["q30", "q31", "n1"]' in _text_clusters(store)
    _checked(databases, store, new)
    quiet = reconcile(store)
    assert (quiet.text_nodes, quiet.text_read) == (0, 0)  # nothing changed: nothing read
    store.close()


def test_a_shared_n_gram_alone_joins_nothing(databases: Databases) -> None:
    store = Store(databases.new())
    old = _pairs()
    _save(store, old)
    reconcile(store)
    # four words of one quotation inside another sentence: an n-gram in common, neither a part of
    # the other, and too little wording in common to be a near duplicate
    shared = " ".join(QUOTES[6].split()[:4])
    other = f"nobody on the ferry expected that {shared} would be announced today by the mayor"
    new = [*old, _article("n2", "Mill Gazette", 9, quote=other)]
    _save(store, new[-1:])
    report = reconcile(store)
    assert report.text_nodes == 1  # only the new report: the candidate was checked and left apart
    assert not [c for c in _text_clusters(store) if "n2" in c]
    _checked(databases, store, new)
    store.close()


def test_a_near_duplicate_joins_through_a_stored_band_and_its_deletion_leaves(databases: Databases) -> None:
    store = Store(databases.new())
    old = _pairs()
    _save(store, old)
    reconcile(store)
    words = QUOTES[1].split()
    words[2] = "only"  # one word changed: a near-duplicate wording, found by a shared band bucket
    # (neither quotation is a part of the other: no n-gram lookup finds it)
    near = [*old, _article("n3", "Quay Post", 9, quote=" ".join(words))]
    _save(store, near[-1:])
    joined = reconcile(store)
    assert joined.text_nodes == 3
    assert '["q10", "q11", "n3"]' in _text_clusters(store)
    _checked(databases, store, near)
    store.delete_articles(["n3"])
    left = reconcile(store)
    assert left.text_nodes == 2  # the cluster it left, computed again
    assert left.text_read <= 4  # that cluster's two claims and two quotations
    assert '["q10", "q11"]' in _text_clusters(store)
    with store.engine.connect() as conn:  # the deleted report's index rows went with its node
        tw = t.text_wordings.c
        assert conn.execute(select(func.count()).where(tw.article_id == "n3")).scalar_one() == 0
    _checked(databases, store, old)
    store.close()


def test_the_first_run_after_the_upgrade_computes_the_whole_graph_and_says_so(databases: Databases) -> None:
    store = Store(databases.new())
    old = _pairs()
    _save(store, old)
    reconcile(store)
    with store.engine.begin() as conn:  # as migration 0018 leaves a store: components, no index
        for table in (t.text_wordings, t.text_grams):
            conn.execute(delete(table))
        conn.execute(delete(t.reconcile_state).where(t.reconcile_state.c.name == STATE))
    report = reconcile(store)
    assert report.fallbacks == ("text components: no stored wording index (the first run after the upgrade)",)
    assert report.text_nodes == len(old) and report.written == 0  # every node, the same ledger
    assert _rows(store, t.text_wordings) >= len(old) and _rows(store, t.text_grams) > 0
    new = [*old, _article("n4", "Mill Gazette", 9, quote=" ".join(QUOTES[7].split()[2:9]))]
    _save(store, new[-1:])
    after = reconcile(store)
    assert (after.fallbacks, after.text_nodes) == ((), 3)
    _checked(databases, store, new)
    store.close()
