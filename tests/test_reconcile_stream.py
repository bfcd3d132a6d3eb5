"""One story from several outlets: reconcile never fails and the ledger does not depend on how the
input was cut (subsets, orders, batches, deletions, duplicates). Fixture: tests/fixtures/stream."""

from __future__ import annotations

import itertools
import json
import tempfile
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text
from tests.conftest import ROOT, needs_seeds, seed_paths
from typer.testing import CliRunner

from newsledger.cli import app
from newsledger.contract import Article
from newsledger.errors import InputError, ReconcileError
from newsledger.ingest import read_inputs
from newsledger.ingest.base import RawArticle, article_id
from newsledger.pipeline import extract_articles
from newsledger.reconcile import reconcile
from newsledger.reconcile.dump import LedgerDump, ledger_dump
from newsledger.store.repo import Store

pytestmark = pytest.mark.model

STREAM = ROOT / "tests" / "fixtures" / "stream" / "multi_outlet.jsonl"


@pytest.fixture(scope="module")
def corpus() -> list[Article]:
    raws = [r for r in read_inputs([str(STREAM)]) if isinstance(r, RawArticle)]
    out: dict[str, Article] = {}
    for item in extract_articles(raws):
        assert not isinstance(item, InputError), item
        out.setdefault(item.id, item)
    return list(out.values())


def _feed(store: Store, batches: Sequence[Sequence[Article]]) -> None:
    for batch in batches:
        for article in batch:
            if store.state(article.id) is None:  # a duplicate is stored once
                store.save_article(article)
        reconcile(store)


def _ledger(batches: Sequence[Sequence[Article]], deletions: Sequence[str] = ()) -> LedgerDump:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(str(Path(tmp) / "ledger.db"))
        try:
            _feed(store, batches)
            if deletions:
                store.delete_articles(deletions)
                reconcile(store)
            return ledger_dump(store)
        finally:
            store.close()


def test_the_fixture_tells_one_story_from_several_outlets(corpus: list[Article]) -> None:
    assert len(corpus) == 11  # the strike story fed twice from one outlet without a URL is one article
    outlets = {a.outlet for a in corpus}
    assert {"Coastline Wire", "The Valley Herald", "Northern Echo Online"} <= outlets
    ledger = _ledger([corpus])
    assert ledger["claim_clusters"], "the copies must form claim clusters"
    assert len({c["id"] for c in ledger["claim_clusters"]}) == len(ledger["claim_clusters"])


def test_reconcile_is_idempotent(corpus: list[Article], tmp_path: Path) -> None:
    store = Store(str(tmp_path / "l.db"))
    _feed(store, [corpus])
    first = ledger_dump(store)
    reconcile(store)
    assert ledger_dump(store) == first
    store.close()


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_cut_of_the_stream_gives_the_same_ledger(corpus: list[Article], data: st.DataObject) -> None:
    keep = data.draw(st.lists(st.sampled_from(corpus), min_size=2, unique_by=lambda a: a.id), label="subset")
    order = data.draw(st.permutations(keep), label="order")
    cuts = sorted(data.draw(st.sets(st.integers(1, max(1, len(order) - 1)), max_size=3), label="cuts"))
    bounds = [0, *cuts, len(order)]
    batches = [order[a:b] for a, b in itertools.pairwise(bounds) if a < b]
    dupes = data.draw(st.lists(st.sampled_from(order), max_size=3), label="duplicates")
    batches.append(dupes)
    extra = [a for a in corpus if a not in keep]
    dropped: list[Article] = []
    if extra:
        dropped = data.draw(st.lists(st.sampled_from(extra), unique_by=lambda a: a.id), label="deleted")
    # Fed in batches, with articles that are deleted again at the end, and duplicates re-fed ...
    cut = _ledger([*batches[:1], dropped, *batches[1:]], [a.id for a in dropped])
    # ... the ledger equals one run over exactly the articles that remain.
    whole = _ledger([sorted(keep, key=lambda a: a.id)])
    assert cut == whole


def test_a_failure_inside_reconcile_keeps_the_previous_ledger(corpus: list[Article], tmp_path: Path) -> None:
    store = Store(str(tmp_path / "l.db"))
    _feed(store, [corpus[:6]])
    before = ledger_dump(store)
    assert before["claim_clusters"]
    for article in corpus[6:]:
        store.save_article(article)
    with store.engine.begin() as conn:  # a real failure in the middle of the write
        conn.execute(
            text(
                "CREATE TRIGGER t_fail BEFORE INSERT ON claim_clusters "
                "BEGIN SELECT RAISE(ABORT, 'disk says no'); END"
            )
        )
    with pytest.raises(ReconcileError) as info:
        reconcile(store)
    message = str(info.value)
    assert "disk says no" in message and "\n" not in message
    assert "INSERT INTO" not in message and "writable" not in message
    assert ledger_dump(store) == before
    store.close()


def test_the_cli_reports_a_reconcile_failure_on_one_line_and_exits_non_zero(
    corpus: list[Article], tmp_path: Path
) -> None:
    db = str(tmp_path / "l.db")
    store = Store(db)
    _feed(store, [corpus[:4]])
    with store.engine.begin() as conn:
        conn.execute(
            text("CREATE TRIGGER t_fail BEFORE DELETE ON metrics BEGIN SELECT RAISE(ABORT, 'no'); END")
        )
    store.close()
    result = CliRunner().invoke(app, ["reconcile", "--db", db])
    assert result.exit_code == 1
    lines = [ln for ln in result.output.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: reconcile failed: IntegrityError: no")


def test_delete_removes_an_article_and_what_came_from_it(corpus: list[Article], tmp_path: Path) -> None:
    db = str(tmp_path / "l.db")
    store = Store(db)
    _feed(store, [corpus])
    victim = corpus[0]
    store.close()
    result = CliRunner().invoke(app, ["delete", victim.id[:8], "--db", db])
    assert result.exit_code == 0, result.output
    assert f"deleted 1 article(s): {victim.id}" in result.output
    store = Store(db)
    with store.engine.connect() as conn:
        for table in ("articles", "figures", "claims", "claim_sources", "quotes", "entities", "hedges"):
            column = "id" if table == "articles" else "article_id"
            query = text(f"SELECT count(*) FROM {table} WHERE {column} = :a")
            n = conn.execute(query, {"a": victim.id}).scalar()
            assert n == 0, table
        members = conn.execute(
            text("SELECT count(*) FROM cluster_members WHERE article_id = :a"), {"a": victim.id}
        ).scalar()
        assert members == 0
    assert ledger_dump(store) == _ledger([[a for a in corpus if a.id != victim.id]])
    store.close()
    unknown = CliRunner().invoke(app, ["delete", "zzzz", "--db", db])
    assert unknown.exit_code == 1 and "no article with id 'zzzz'" in unknown.output


def test_identity_is_the_url_or_else_the_outlet_and_the_text() -> None:
    body = "Officials said 40 houses were damaged."
    assert article_id(None, body, "The Outlet") != article_id(None, body, "Another Outlet")
    assert article_id(None, body, "The Outlet") == article_id(None, body + "  ", "the outlet")
    url = "https://a.example/x"
    assert article_id(url, body, "The Outlet") == article_id(url, body, "Other")
    assert article_id("https://a.example/x", body) != article_id("https://b.example/x", body)


@needs_seeds
def test_the_seeds_from_three_outlets_extract_cleanly_whole_and_in_reverse_batches(tmp_path: Path) -> None:
    lines = []
    for i, path in enumerate(seed_paths()):
        for j, outlet in enumerate(["First Outlet", "Second Outlet", "Third Outlet"]):
            lines.append(
                {
                    "text": path.read_text(encoding="utf-8"),
                    "outlet": outlet,
                    "url": f"https://o{j}.example/story-{i}",
                    "published": f"2023-01-0{j + 1}T0{i}:00:00+00:00",
                }
            )
    whole = tmp_path / "whole.jsonl"
    whole.write_text("".join(json.dumps(d) + "\n" for d in lines), encoding="utf-8")
    half = len(lines) // 2
    second, first = tmp_path / "b1.jsonl", tmp_path / "b2.jsonl"
    second.write_text("".join(json.dumps(d) + "\n" for d in reversed(lines[half:])), encoding="utf-8")
    first.write_text("".join(json.dumps(d) + "\n" for d in reversed(lines[:half])), encoding="utf-8")
    runner = CliRunner()
    one = runner.invoke(app, ["extract", str(whole), "--db", str(tmp_path / "one.db")])
    assert one.exit_code == 0, one.output
    for batch in (second, first):
        res = runner.invoke(app, ["extract", str(batch), "--db", str(tmp_path / "two.db")])
        assert res.exit_code == 0, res.output
    a, b = Store(str(tmp_path / "one.db")), Store(str(tmp_path / "two.db"))
    assert ledger_dump(a) == ledger_dump(b)
    a.close()
    b.close()
