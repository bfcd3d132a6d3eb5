"""Several processes on one database, on SQLite and on PostgreSQL: real `newsledger` processes at the
same time on overlapping inputs lose nothing, store every article once, never fail with "database is
locked", and reconciles take turns so that the last one leaves the full ledger (store/concurrency.py)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Sequence

import pytest
from sqlalchemy import text
from tests.conftest import ROOT, Databases
from tests.test_store import sample_article

from newsledger.reconcile import reconcile
from newsledger.reconcile.dump import ledger_dump
from newsledger.store.repo import Store

EXAMPLES = ROOT / "examples"
EXAMPLE_ARTICLES = 12
# The examples in two different orders: two processes meet in the middle of each other's work.
FORWARD = [str(EXAMPLES / "html"), str(EXAMPLES / "text"), str(EXAMPLES / "feed.jsonl")]
BACKWARD = [str(EXAMPLES / "feed.jsonl"), str(EXAMPLES / "text"), str(EXAMPLES / "html")]


def start(*args: str) -> subprocess.Popen[str]:
    """``newsledger ARGS`` as a process of its own (this checkout's code)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    return subprocess.Popen(
        [sys.executable, "-c", "from newsledger.cli import main; main()", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def finish(procs: Sequence[subprocess.Popen[str]], timeout: float = 600) -> list[str]:
    """Wait for every process; each must exit 0 without a "database is locked"."""
    outputs = []
    for p in procs:
        out, _ = p.communicate(timeout=timeout)
        assert p.returncode == 0, out
        assert "locked" not in out.lower() and "deadlock" not in out.lower(), out
        outputs.append(out)
    return outputs


def assert_each_article_once(store: Store, expected: int, *, extracted: bool) -> None:
    """``expected`` articles, none twice, none half-written: every extraction row once, in order."""
    with store.engine.connect() as conn:
        ids = [r[0] for r in conn.execute(text("SELECT id FROM articles"))]
        assert len(ids) == len(set(ids)) == expected
        pending = conn.execute(text("SELECT count(*) FROM articles WHERE extract_run_id IS NULL")).scalar()
        assert pending == (0 if extracted else expected)
        for table in ("figures", "quotes", "entities", "claims", "removed_spans", "comments"):
            gaps = conn.execute(
                text(
                    f"SELECT article_id FROM {table} GROUP BY article_id "
                    "HAVING count(*) != count(DISTINCT seq) OR min(seq) != 0 OR max(seq) != count(*) - 1"
                )
            ).all()
            assert gaps == [], f"{table}: duplicated or missing rows for {gaps}"


@pytest.mark.model
def test_two_extract_processes_at_once_store_everything_once(databases: Databases) -> None:
    db = databases.new()
    procs = [start("extract", *FORWARD, "--db", db), start("extract", *BACKWARD, "--db", db)]
    outputs = finish(procs)
    assert all("reconciled" in out for out in outputs if "extracted 0" not in out), outputs
    with Store(db) as store:
        assert_each_article_once(store, EXAMPLE_ARTICLES, extracted=True)
        assert store.counts()["figures"] > 100
        left = ledger_dump(store)  # what the later of the two reconciles wrote ...
        assert left["metrics"] and left["claim_clusters"]
        reconcile(store)
        assert ledger_dump(store) == left  # ... is already the full ledger


def test_four_ingest_processes_on_a_new_database(databases: Databases) -> None:
    """Four processes open a database that has no tables yet (they migrate it one at a time) and
    store the same articles in different orders: each article once, no process fails."""
    db = databases.new(migrated=False)
    orders = [FORWARD, BACKWARD, FORWARD[1:] + FORWARD[:1], BACKWARD[1:] + BACKWARD[:1]]
    finish([start("ingest", *order, "--db", db) for order in orders])
    with Store(db) as store:
        assert_each_article_once(store, EXAMPLE_ARTICLES, extracted=False)


def test_reconciles_take_turns_and_the_last_sees_every_article(db: str) -> None:
    with Store(db) as store:
        store.save_article(sample_article("aaaaaaaaaaaaaaaa"))
        with store.reconcile_lock():  # a reconcile in progress, here
            waiting = start("reconcile", "--db", db)
            # Writers are not held up by a reconcile: this article is stored at once ...
            store.save_article(sample_article("bbbbbbbbbbbbbbbb"))
            time.sleep(3)
            assert waiting.poll() is None, "a second reconcile ran beside the first"
        # ... and the waiting reconcile, which starts reading only now, counts it.
        assert "reconciled 2 article(s)" in finish([waiting])[0]
        metrics = ledger_dump(store)["metric_figures"]
        assert sorted(m["article_id"] for m in metrics) == ["aaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbb"]


def test_concurrent_reconciles_in_threads_leave_one_consistent_ledger(db: str) -> None:
    """Reconciles and writers interleaved from several threads of one process (the web app's case)."""
    from concurrent.futures import ThreadPoolExecutor

    with Store(db) as store:
        for i in range(3):
            store.save_article(sample_article(f"{i:016x}"))

        def work(i: int) -> None:
            if i % 2:
                store.save_article(sample_article(f"{100 + i:016x}"))  # a new article
            else:
                store.save_article(sample_article(f"{i % 3:016x}"))  # re-extracted: new figure rows
            reconcile(store)

        with ThreadPoolExecutor(4) as pool:
            list(pool.map(work, range(12)))
        left = ledger_dump(store)
        reconcile(store)
        assert ledger_dump(store) == left
        assert len(left["metric_figures"]) == 3 + 6
