"""Extraction on several processes (issue 16): the same stored ledger as one process, in input
order; a runaway article is stopped by its time bound and named, the others are stored."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsledger.config import settings, worker_count
from newsledger.contract import Article
from newsledger.errors import InputError, NewsledgerError
from newsledger.ingest.base import RawArticle
from newsledger.nlp import load_nlp
from newsledger.pipeline import extract_articles, run_batch
from newsledger.runner import extract
from newsledger.store.repo import Store

ROOT = Path(__file__).resolve().parents[1]
INPUTS = [str(ROOT / "examples"), str(ROOT / "tests" / "fixtures" / "stream" / "multi_outlet.jsonl")]
# what differs between two runs of the same input: run ids and clock times
_VOLATILE = ("run", "_at", "created", "time")


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Batches of 3 articles, so the examples are several batches and the pool really starts."""
    monkeypatch.setenv("NEWSLEDGER_BATCH_SIZE", "3")
    settings.cache_clear()
    yield
    settings.cache_clear()


def _rows(db: str) -> dict[str, list[tuple[object, ...]]]:
    """Every table's rows, without the columns that name the run or the time."""
    conn = sqlite3.connect(db)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        out: dict[str, list[tuple[object, ...]]] = {}
        for table in tables:
            if table in ("runs", "alembic_version") or table.startswith("sqlite_"):
                continue
            cols = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
            keep = [c for c in cols if not any(v in c for v in _VOLATILE)]
            if table == "ledger_parts":
                # a part's digest covers its articles' save runs (docs/reconcile.md), so it names the run
                keep = [c for c in keep if c != "digest"]
            if table == "figure_state":  # a figure's key and its part's digest, likewise
                keep = [c for c in keep if c not in ("key", "part")]
            if keep:
                listed = ", ".join(f'"{c}"' for c in keep)
                out[table] = sorted(conn.execute(f'SELECT {listed} FROM "{table}"').fetchall(), key=repr)
        return out
    finally:
        conn.close()


@pytest.mark.model
def test_two_workers_store_the_same_rows_as_one(tmp_path: Path, small_batches: None) -> None:
    seen: dict[int, list[str]] = {}
    for n in (1, 2):
        db = str(tmp_path / f"w{n}.db")
        ids: list[str] = []
        with Store(db) as store:
            report = extract(INPUTS, store, workers=n, on_article=lambda a, ids=ids: ids.append(a.id))
        assert report.ok and report.extracted > 2 * settings().batch_size
        seen[n] = ids
    assert seen[1] == seen[2]  # input order
    one, two = _rows(str(tmp_path / "w1.db")), _rows(str(tmp_path / "w2.db"))
    assert one.keys() == two.keys()
    for table in one:
        assert one[table] == two[table], table


@pytest.mark.model
def test_already_extracted_articles_keep_their_place_in_the_output(
    tmp_path: Path, small_batches: None
) -> None:
    db = str(tmp_path / "l.db")
    first = str(ROOT / "tests" / "fixtures" / "stream" / "multi_outlet.jsonl")
    with Store(db) as store:
        extract([first], store, workers=1, reconcile=False)
        order: list[str] = []
        report = extract(INPUTS, store, workers=2, reconcile=False, on_article=lambda a: order.append(a.id))
    with Store(str(tmp_path / "fresh.db")) as store:
        fresh: list[str] = []
        extract(INPUTS, store, workers=1, reconcile=False, on_article=lambda a: fresh.append(a.id))
    assert report.skipped > 0 and order == fresh


@pytest.mark.model
def test_a_runaway_article_is_stopped_and_named(monkeypatch: pytest.MonkeyPatch) -> None:
    nlp = load_nlp()
    long = RawArticle(
        text="According to officials, " * 6000 + "the bridge is closed.", url="https://t.example/long"
    )
    short = RawArticle(text="The council approved 12 new buses on Monday.", url="https://t.example/short")
    run_batch(nlp, [short])  # the tables the extractors build on first use, outside the bound
    results = run_batch(nlp, [short, long, short], limit=1.0)
    assert isinstance(results[0], Article) and isinstance(results[2], Article)
    assert isinstance(results[1], InputError)
    assert "https://t.example/long" in str(results[1]) and "stopped after" in str(results[1])


@pytest.mark.model
def test_the_python_api_uses_workers_and_keeps_order(small_batches: None) -> None:
    raws = [
        RawArticle(text=f"The council approved {i} new buses on Monday.", url=f"https://t.example/{i}")
        for i in range(10)
    ]
    results = list(extract_articles(raws, workers=2, batch_size=3))
    assert [r.id for r in results if isinstance(r, Article)] == [r.id for r in raws]


def test_worker_count_reads_the_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSLEDGER_WORKERS", "3")
    settings.cache_clear()
    try:
        assert worker_count() == 3
        assert worker_count(1) == 1
        assert worker_count(0) >= 1
        with pytest.raises(NewsledgerError):
            worker_count(-1)
    finally:
        settings.cache_clear()


def _busy(seconds: float) -> None:
    end = time.process_time() + seconds
    while time.process_time() < end:
        sum(range(1000))


def test_an_expired_bound_swallowed_once_fires_again() -> None:
    # A raise that lands in a finaliser (a weakref callback during garbage collection) is printed
    # and swallowed; the bound must not be lost with it.
    from newsledger.pipeline import ArticleTimeout, time_bound

    caught = 0
    start = time.process_time()
    with pytest.raises(ArticleTimeout), time_bound(0.05):
        try:
            _busy(10.0)
        except ArticleTimeout:
            caught += 1  # swallowed, as a finaliser would
        _busy(5.0)  # without a second signal this returns and the article runs on unbounded
    assert caught == 1 and time.process_time() - start < 2.0
