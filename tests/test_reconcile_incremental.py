"""Incremental reconcile equals a rebuild from scratch (reconcile/incremental.py), on a fast sample
of the benchmark's synthetic stream (benchmarks/reconcile_stream.py: stored facts written
directly, 60% syndicated copies): batches, orders, deletions, re-extractions and duplicates.

A correctness check only; the timings are benchmarks/bench_reconcile.py's."""

from __future__ import annotations

import itertools
from dataclasses import replace
from pathlib import Path

from benchmarks.reconcile_stream import stream, write_articles
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from tests.conftest import Databases

from newsledger.contract import Article
from newsledger.reconcile import reconcile
from newsledger.reconcile.dump import LedgerDump, ledger_dump
from newsledger.store import tables as t
from newsledger.store.repo import Store

N = 160
ARTICLES = list(stream(N, seed=11))


def _rebuilt(store: Store) -> LedgerDump:
    reconcile(store, full=True)
    return ledger_dump(store)


def _one_run(databases: Databases, articles: list[Article]) -> LedgerDump:
    db = databases.new()
    store = Store(db)
    try:
        write_articles(store, sorted(articles, key=lambda a: a.id))
        reconcile(store)
        return ledger_dump(store)
    finally:
        store.close()
        databases.drop(db)


def test_the_sample_stream_is_mostly_syndicated_copies() -> None:
    texts: dict[str, int] = {}
    for a in ARTICLES:
        body = a.text.split(" ", 12)[-1][-200:]
        texts[body] = texts.get(body, 0) + 1
    assert sum(n - 1 for n in texts.values()) >= N * 0.4


def test_new_articles_hash_only_their_own_bodies_and_deletions_regroup_their_groups(
    databases: Databases,
) -> None:
    db = databases.new()
    store = Store(db)
    write_articles(store, ARTICLES[:140])
    first = reconcile(store)
    assert first.hashed == 140 and first.copies > 30
    write_articles(store, ARTICLES[140:])
    second = reconcile(store)
    assert second.hashed == N - 140  # the stored bodies are not hashed again
    assert second.regrouped < N  # only the groups the new articles joined
    with store.engine.connect() as conn:
        query = select(t.articles.c.copy_of).where(t.articles.c.copy_of.is_not(None))
        origins = [r[0] for r in conn.execute(query)]
    victim = max(set(origins), key=origins.count)  # the origin of the largest group, and one plain copy
    copy = next(a.id for a in ARTICLES if a.id not in origins and a.id != victim)
    store.delete_articles([victim, copy])
    with store.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(t.reconcile_dirty)).scalar() == 2
    third = reconcile(store)
    assert third.hashed == 0 and 0 < third.regrouped < N - 2
    with store.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(t.reconcile_dirty)).scalar() == 0
        left = {r[0] for r in conn.execute(select(t.articles.c.copy_of))}
    assert victim not in left  # the group has a new origin
    incremental = ledger_dump(store)
    assert incremental == _rebuilt(store)
    remaining = [a for a in ARTICLES if a.id not in (victim, copy)]
    assert incremental == _one_run(databases, remaining)
    store.close()


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_cut_reconciled_incrementally_equals_a_rebuild(databases: Databases, data: st.DataObject) -> None:
    order = data.draw(st.permutations(range(N)), label="order")
    cuts = sorted(data.draw(st.sets(st.integers(1, N - 1), min_size=1, max_size=4), label="cuts"))
    batches = [order[a:b] for a, b in itertools.pairwise([0, *cuts, N])]
    deleted = data.draw(st.lists(st.sampled_from(order), max_size=12, unique=True), label="deleted")
    refreshed = data.draw(st.lists(st.sampled_from(order), max_size=4, unique=True), label="re-extracted")
    db = databases.new()
    store = Store(db)
    try:
        for k, batch in enumerate(batches):
            write_articles(store, [ARTICLES[i] for i in batch])
            if k == 1:  # deletions (and duplicates of what is left) between two batches
                store.delete_articles([ARTICLES[i].id for i in deleted if i in order[: cuts[0]]])
            reconcile(store)
        for i in refreshed:  # re-extraction: a changed figure replaces the stored ones
            a = ARTICLES[i]
            if store.state(a.id) is not None and a.figures:
                f = a.figures[0]
                store.save_article(replace(a, figures=(replace(f, value=(f.value or 1) * 3), *a.figures[1:])))
        reconcile(store)
        incremental = ledger_dump(store)
        assert incremental == _rebuilt(store)
    finally:
        store.close()
        databases.drop(db)


def test_the_cli_rebuilds_from_scratch_with_full(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from newsledger.cli import app

    db = str(tmp_path / "cli.db")
    store = Store(db)
    write_articles(store, ARTICLES[:30])
    store.close()
    runner = CliRunner()
    first = runner.invoke(app, ["reconcile", "--db", db])
    again = runner.invoke(app, ["reconcile", "--db", db])
    full = runner.invoke(app, ["reconcile", "--full", "--db", db])
    assert first.exit_code == again.exit_code == full.exit_code == 0, full.output
    assert "(30 bodies hashed" in first.output
    assert "(0 bodies hashed, 0 regrouped; 0 ledger rows written)" in again.output
    # a rebuild from scratch of an unchanged store comes out the same, row for row: nothing to write
    assert "(30 bodies hashed, 30 regrouped; 0 ledger rows written)" in full.output
