"""What migration 0016 scopes: text clusters built and compared only for the components a run
computed and the kept ones something else reaches, and the outlet keys each figure's claim names
stored (reconcile/citing.py) and worked out again only where they may differ. Each case checks how
much a run computed (``text_nodes``, ``claims_cited``, ``figure_parts``) and compares the ledger
with a rebuild and one run over the same articles (ledger_dump equality), on SQLite and
PostgreSQL."""

from __future__ import annotations

import json
from dataclasses import replace

from sqlalchemy import delete, update
from tests.conftest import Databases
from tests.test_reconcile_parts import CITING, RECRUITS, _cluster_of, _others
from tests.test_reconcile_scoping import _article, _checked, _save
from tests.test_reconcile_text_scoping import QUOTES, _pairs, _text_clusters

from newsledger.contract import Source
from newsledger.reconcile import reconcile
from newsledger.reconcile.citing import STATE
from newsledger.reconcile.dump import ledger_dump
from newsledger.store import tables as t
from newsledger.store.repo import Store


def test_a_new_outlet_that_an_old_claim_already_names_joins_it_to_the_cluster(databases: Databases) -> None:
    store = Store(databases.new())
    old = [
        *_others(),
        _article("p2", "Quay Post", 6, [RECRUITS]),
        _article("p3", "Ledger Daily", 7, [CITING]),
    ]
    _save(store, old)
    first = reconcile(store)
    assert first.claims_cited == 5  # the first run: every figure's claim
    assert _cluster_of(store, "p3") is None  # 'Harbour Standard' is no outlet of the store yet
    # the outlet p3 credits appears: p3's stored answer gains it without p3 being read again
    new = [*old, _article("p1", "Harbour Standard", 5, [RECRUITS])]
    _save(store, new[-1:])
    report = reconcile(store)
    assert report.claims_cited == 1  # only the new report's claim
    assert report.figure_parts == 1  # the recruits and the new conscripts, met in their bucket
    cluster = _cluster_of(store, "p3")
    assert cluster is not None and cluster["article_ids"] == '["p1", "p2", "p3"]'
    members = [m for m in ledger_dump(store)["cluster_members"] if m["article_id"] == "p3"]
    assert [m["cites"] for m in members] == ["Harbour Standard"]
    _checked(databases, store, new)
    # the outlet gone again: the stored answer loses it, nothing is read again
    store.delete_articles(["p1"])
    report = reconcile(store)
    assert report.claims_cited == 0
    assert _cluster_of(store, "p3") is None
    _checked(databases, store, old)
    store.close()


def test_a_report_saved_again_with_the_same_sentences_but_a_new_chain(databases: Databases) -> None:
    store = Store(databases.new())
    old = _pairs()
    _save(store, old)
    reconcile(store)
    later = old[1]  # the later report of the first quotation
    claim = later.claims[0]
    earlier_outlet = old[0].outlet
    assert earlier_outlet is not None
    # the same sentence (same fingerprint), its chain now crediting the earlier report's outlet
    chain = (*claim.sources, Source(earlier_outlet, "media_outlet"))
    resaved = replace(later, claims=(replace(claim, sources=chain),))
    store.save_article(resaved)
    report = reconcile(store)
    assert report.text_nodes == 2  # the saved report and the other member of its cluster
    members = [m for m in ledger_dump(store)["cluster_members"] if m["article_id"] == later.id]
    assert [m["cites"] for m in members] == [earlier_outlet]
    _checked(databases, store, [old[0], resaved, *old[2:]])
    store.close()


def test_an_unchanged_run_builds_no_text_cluster_and_a_deletion_only_its_own(databases: Databases) -> None:
    store = Store(databases.new())
    articles = [*_pairs(), _article("q22", "Coast Herald", 4, quote=QUOTES[2])]
    _save(store, articles)
    reconcile(store)
    again = reconcile(store)
    assert (again.text_nodes, again.written) == (0, 0)
    store.delete_articles(["q21"])
    report = reconcile(store)
    assert report.text_nodes == 2  # what is left of the one cluster it was in
    assert '["q20", "q22"]' in _text_clusters(store)
    # both reports of a cluster deleted: its row goes although no member row is left to find it by
    store.delete_articles(["q30", "q31"])
    reconcile(store)
    assert not [c for c in _text_clusters(store) if "q3" in c]
    _checked(databases, store, [a for a in articles if a.id not in ("q21", "q30", "q31")])
    store.close()


def test_the_first_run_after_the_upgrade_computes_everything_and_says_so(databases: Databases) -> None:
    store = Store(databases.new())
    articles = [*_pairs(), *_others(), _article("p3", "Ledger Daily", 7, [CITING])]
    _save(store, articles)
    reconcile(store)
    with store.engine.begin() as conn:  # as migration 0016 leaves a store: no runs, no answers
        conn.execute(update(t.text_articles).values(extract_run_id=None))
        conn.execute(delete(t.claim_outlets))
        conn.execute(delete(t.reconcile_state).where(t.reconcile_state.c.name == STATE))
    report = reconcile(store)
    n = len(articles)
    assert report.fallbacks == (f"text components: {n} of {n} articles changed",)
    assert report.text_nodes == len(_pairs()) + 4  # every claim node
    assert report.claims_cited == 4  # every figure's claim
    assert report.written == 0  # the same ledger
    again = reconcile(store)
    assert (again.fallbacks, again.text_nodes, again.claims_cited) == ((), 0, 0)
    with store.engine.connect() as conn:
        state = conn.execute(t.reconcile_state.select().where(t.reconcile_state.c.name == STATE)).first()
    assert state is not None and "ledger" in json.loads(state.value)["names"]
    _checked(databases, store, articles)
    store.close()
