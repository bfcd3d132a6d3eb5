"""A figure's context is read once, at extraction, and stored; reconcile works from stored rows alone."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from tests.conftest import ROOT

from newsledger.contract import Claim, Figure, Source
from newsledger.extract.context import sentence_bounds, with_context
from newsledger.ingest.text import article_from_text
from newsledger.pipeline import extract_text
from newsledger.reconcile import reconcile
from newsledger.runner import extract
from newsledger.store.migrate import alembic_config
from newsledger.store.repo import Store


def _figure(text: str, surface: str, counted: str | None, category: str, **kw: Any) -> Figure:
    start = text.index(surface)
    return Figure(surface, start, start + len(surface), 1.0, counted=counted, category=category, **kw)


def test_rate_role_and_period_words_are_read_from_the_sentence() -> None:
    text = "Talks stalled. Last autumn the army signed up 9,000 men a month, the ministry said."
    fig = with_context(_figure(text, "9,000", "men", "recruitment"), text, (), "2025-03-04")
    assert (fig.rate, fig.role, fig.outcome) == ("month", "contract soldier", None)
    assert (fig.period_start, fig.period_end) == ("2024-09-01", "2024-11-30")
    assert fig.sentence_start is not None and fig.sentence_end is not None
    assert text[fig.sentence_start : fig.sentence_end].startswith("Last autumn")
    assert not (fig.floor or fig.prior or fig.hypothetical)


def test_outcome_floor_prior_and_hypothetical() -> None:
    text = "The group had confirmed 17,900 soldiers killed, up from 12,000, it said."
    killed = with_context(_figure(text, "17,900", "soldiers", "casualties"), text, (), None)
    assert killed.outcome == "killed" and killed.floor and not killed.prior
    older = with_context(_figure(text, "12,000", None, "casualties"), text, (), None)
    assert older.prior
    scenario = "If the pattern holds, the total would be between 30 and 40."
    assert with_context(_figure(scenario, "30", None, "other"), scenario, (), None).hypothetical
    other = with_context(_figure(text, "17,900", "soldiers", "recruitment"), text, (), None)
    assert other.outcome is None  # an outcome only for casualties


def test_the_extractor_period_wins_and_a_day_reads_as_of() -> None:
    text = "Last year 300 people left."
    fig = with_context(_figure(text, "300", "people", "other", period="2025-03-12"), text, (), "2025-06-01")
    assert (fig.period_start, fig.period_end) == (None, "2025-03-12")
    words = with_context(_figure(text, "300", "people", "other"), text, (), "2025-06-01")
    assert (words.period_start, words.period_end) == ("2024-01-01", "2024-12-31")


def test_the_claim_span_bounds_the_context() -> None:
    text = "Officials said 300 soldiers died. Next, 40 a day were hurt."
    claim = Claim("c1", text[:33], 0, 33, (Source("Post", "media_outlet"),))
    fig = with_context(_figure(text, "300", "soldiers", "casualties", claim="c1"), text, (claim,), None)
    assert (fig.sentence_start, fig.sentence_end) == (0, 33) and fig.rate is None and fig.outcome == "killed"
    assert sentence_bounds(text, 40, 42) == (34, len(text))


def test_the_ingest_dateline_is_kept_on_the_stored_article(db_path: str) -> None:
    raw = article_from_text(
        "Dock strike\n\nBRENVIK, June 9 (MPA) - Dock workers voted to strike on Monday.\n", "a.txt"
    )
    with Store(db_path) as store:
        store.save_raw(raw)
        stored = store.get_article(raw.id)
        pending = next(store.pending_raw())
    assert stored is not None and (stored.dateline_place, stored.dateline_source) == ("BRENVIK", "MPA")
    assert pending.to_article() == raw.to_article()  # a later extraction still sees it


@pytest.mark.model
def test_extraction_stores_the_context() -> None:
    article = extract_text(
        "The ministry said 9,000 men were called up a month last year.", published="2025-03-04T10:00:00Z"
    )
    (fig,) = [f for f in article.figures if f.text == "9,000"]
    assert (fig.rate, fig.role) == ("month", "conscript")
    assert (fig.period_start, fig.period_end) == ("2024-01-01", "2024-12-31")
    assert json.loads(json.dumps(article.to_json()))["figures"][0]["rate"] == "month"


def _ledger(db: Path) -> list[list[object]]:
    con = sqlite3.connect(db)
    fig = {r[0]: (r[1], r[2]) for r in con.execute("SELECT id, article_id, seq FROM figures")}
    out: list[list[object]] = [
        sorted(con.execute("SELECT id, label, figures, outlets, contradictions FROM metrics")),
        sorted((fig[r[0]], *r[1:]) for r in con.execute("SELECT * FROM metric_figures")),
        sorted(con.execute("SELECT id, label, metric_id, members FROM claim_clusters")),
        sorted(
            (fig[r[0]], fig[r[1]], r[2])
            for r in con.execute("SELECT a_figure_id, b_figure_id, reason FROM contradictions")
        ),
    ]
    con.close()
    return out


@pytest.mark.model
def test_reconcile_reads_no_article_text(tmp_path: Path) -> None:
    """An older database upgrades to the same ledger; blank every body: still the same, row for row.

    Reconcile reads no fact from the text; it compares bodies for syndication only, and the examples
    hold no syndicated copies, so blank bodies change nothing here."""
    db = tmp_path / "examples.db"
    with Store(str(db)) as store:
        extract([str(ROOT / "examples")], store)
        first = reconcile(store)
        before = _ledger(db)
        with store.engine.begin() as conn:  # the schema before 0004, then up again
            cfg = alembic_config()
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0003")  # undo 0004 (and the migrations after it)
            command.upgrade(cfg, "head")
        reconcile(store)
        assert _ledger(db) == before
        with store.engine.begin() as conn:
            conn.exec_driver_sql("UPDATE articles SET text = ''")
        second = reconcile(store)
    assert before[0] and before[1] and before[3]
    assert _ledger(db) == before
    assert (first.metrics, first.clusters, first.contradictions) == (
        second.metrics,
        second.clusters,
        second.contradictions,
    )
