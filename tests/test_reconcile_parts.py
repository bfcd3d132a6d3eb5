"""The figure ledger computed in closed parts (reconcile/parts.py, migration 0014): an incremental
reconcile computes only the parts whose digest changed, and the ledger it leaves equals a rebuild
and one run over the same articles (ledger_dump equality), on SQLite and PostgreSQL. Each case
checks how many parts a run computed, so a test fails when the scoping stops scoping as well as
when it leaves a wrong row: a report joining a cluster of another metric by naming its outlet, the
deletion of the cited report, a re-extraction moving a figure, a new copy of a syndicated story
(figures of no metric cluster per story), a store without stored parts and one whose stored parts
do not match its ledger."""

from __future__ import annotations

import json
from dataclasses import replace

from sqlalchemy import delete
from tests.conftest import Databases
from tests.test_reconcile_scoping import Fact, _article, _checked, _save

from newsledger.contract import Article
from newsledger.reconcile import reconcile
from newsledger.reconcile.dump import ledger_dump
from newsledger.store import tables as t
from newsledger.store.repo import Store

RECRUITS = Fact(250000, counted="recruits", source="the defence ministry", source_type="government")
CITING = Fact(250000, counted="new conscripts", source="Harbour Standard", source_type="media_outlet")


def _others() -> list[Article]:
    """Reports of metrics no later article touches: their parts must be kept, never computed."""
    return [
        _article(f"o{k}", outlet, k, [Fact(1000 * (k + 1), counted=noun)])
        for k, (outlet, noun) in enumerate(
            [("Coast Herald", "reservists"), ("Evening Lamp", "dockers"), ("Coast Herald", "pilots")], start=1
        )
    ]


def _cluster_of(store: Store, article_id: str) -> dict[str, object] | None:
    ledger = ledger_dump(store)
    for c in ledger["claim_clusters"]:
        if c["kind"] == "metric" and article_id in json.loads(str(c["article_ids"])):
            return dict(c)
    return None


def test_a_report_naming_an_earlier_outlet_joins_its_cluster_and_only_their_part_is_computed(
    databases: Databases,
) -> None:
    store = Store(databases.new())
    first = [
        *_others(),
        _article("p1", "Harbour Standard", 5, [RECRUITS]),
        _article("p2", "Quay Post", 6, [RECRUITS]),
    ]
    _save(store, first)
    everything = reconcile(store).figure_parts
    assert everything == 4  # three lone metrics and the recruits (the store had no parts yet)
    cited = [*first, _article("p3", "Ledger Daily", 7, [CITING])]
    _save(store, cited[-1:])
    report = reconcile(store)
    # the new metric (new conscripts) and the recruits' metric meet in the bucket (recruitment,
    # 250,000): one part; the lone metrics are kept
    assert report.figure_parts == 1
    cluster = _cluster_of(store, "p3")
    assert cluster is not None and cluster["article_ids"] == '["p1", "p2", "p3"]'
    members = [m for m in ledger_dump(store)["cluster_members"] if m["article_id"] == "p3"]
    assert [m["cites"] for m in members] == ["Harbour Standard"]
    _checked(databases, store, cited)
    # the cited report deleted: the new report no longer names an earlier member's outlet
    store.delete_articles(["p1"])
    report = reconcile(store)
    assert report.figure_parts == 2  # the part falls apart: the recruits and the new conscripts
    assert _cluster_of(store, "p3") is None and _cluster_of(store, "p2") is None
    _checked(databases, store, [a for a in cited if a.id != "p1"])
    store.close()


def test_a_re_extracted_figure_moves_to_another_value_group_and_only_its_part_is_computed(
    databases: Databases,
) -> None:
    store = Store(databases.new())
    articles = [
        *_others(),
        _article("r1", "Harbour Standard", 5, [RECRUITS]),
        _article("r2", "Quay Post", 6, [RECRUITS]),
        _article("r3", "Ledger Daily", 7, [replace(RECRUITS, value=90000)]),
    ]
    _save(store, articles)
    reconcile(store)
    assert _cluster_of(store, "r2") is not None and _cluster_of(store, "r3") is None
    changed = _article("r2", "Quay Post", 6, [replace(RECRUITS, value=90000)])
    store.save_article(changed)  # re-extraction: its figures replaced (new rows)
    report = reconcile(store)
    assert report.figure_parts == 1
    cluster = _cluster_of(store, "r3")
    assert cluster is not None and cluster["article_ids"] == '["r2", "r3"]'
    assert _cluster_of(store, "r1") is None  # the 250,000 group has one report left
    _checked(databases, store, [a if a.id != "r2" else changed for a in articles])
    store.close()


def test_a_new_copy_of_a_story_clusters_its_bare_figure_within_the_story_part(databases: Databases) -> None:
    store = Store(databases.new())
    bare = Fact(140, counted="", category="casualties")  # no counted noun: no metric, a story figure
    story = _article("s1", "Harbour Standard", 5, [bare])
    articles = [*_others(), story]
    _save(store, articles)
    reconcile(store)
    copy = replace(story, id="s2", outlet="Quay Post", published="2026-03-06T09:00:00")
    _save(store, [copy])
    report = reconcile(store)
    assert report.copies >= 1
    assert report.figure_parts == 1  # the story's part (its origin's figures), nothing else
    figure_clusters = [c for c in ledger_dump(store)["claim_clusters"] if c["kind"] == "figure"]
    assert [c["article_ids"] for c in figure_clusters] == ['["s1", "s2"]']
    _checked(databases, store, [*articles, copy])
    store.delete_articles(["s1"])
    assert reconcile(store).figure_parts == 1
    assert not [c for c in ledger_dump(store)["claim_clusters"] if c["kind"] == "figure"]
    _checked(databases, store, [*articles[:-1], copy])
    store.close()


def test_without_stored_parts_or_with_parts_that_miss_a_row_every_part_is_computed(
    databases: Databases,
) -> None:
    store = Store(databases.new())
    articles = [
        *_others(),
        _article("u1", "Harbour Standard", 5, [RECRUITS]),
        _article("u2", "Quay Post", 6, [RECRUITS]),
    ]
    _save(store, articles)
    reconcile(store)
    assert reconcile(store).figure_parts == 0  # nothing changed: nothing computed, nothing written
    with store.engine.begin() as conn:  # as after the upgrade to 0014: no parts stored yet
        conn.execute(delete(t.ledger_parts))
    report = reconcile(store)
    assert report.figure_parts == 4 and report.written == 0
    with store.engine.begin() as conn:  # a metric row lost: the stored parts no longer account for it
        conn.execute(delete(t.metrics).where(t.metrics.c.counted == "docker"))
    report = reconcile(store)
    assert report.figure_parts == 4 and report.written > 0
    _checked(databases, store, articles)
    store.close()


def test_an_article_saved_again_unchanged_gets_its_rows_back(databases: Databases) -> None:
    """Saving an article again replaces its figures: the ledger rows that pointed at them went by
    cascade, even when the new rows got the same ids (SQLite reuses the largest row ids). The
    article's save run is part of the digest, so its parts are computed and their rows written."""
    store = Store(databases.new())
    articles = [
        *_others(),
        _article("v1", "Harbour Standard", 5, [RECRUITS]),
        _article("v2", "Quay Post", 6, [RECRUITS]),
    ]
    _save(store, articles)
    reconcile(store)
    before = ledger_dump(store)
    store.save_article(articles[-1])  # the newest article: its figure gets back the same id on SQLite
    report = reconcile(store)
    assert report.figure_parts == 1
    assert ledger_dump(store) == before
    _checked(databases, store, articles)
    store.close()
