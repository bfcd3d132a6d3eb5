"""One story from several outlets: reconcile never fails and the ledger does not depend on how the
input was cut (subsets, orders, batches, deletions, duplicates). Fixture: tests/fixtures/stream."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text
from tests.conftest import BACKENDS, ROOT, Databases, databases_for, needs_seeds, seed_paths
from typer.testing import CliRunner

from newsledger.cli import app
from newsledger.contract import Article
from newsledger.errors import InputError, ReconcileError
from newsledger.ingest import read_inputs
from newsledger.ingest.base import RawArticle, article_id
from newsledger.pipeline import extract_articles
from newsledger.reconcile import queries as Q
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


def _ledger(
    databases: Databases, batches: Sequence[Sequence[Article]], deletions: Sequence[str] = ()
) -> LedgerDump:
    """The ledger of a new database of ``databases``' backend fed ``batches`` (then dropped),
    reconciled incrementally after each batch and checked against a full rebuild."""
    db = databases.new()
    store = Store(db)
    try:
        _feed(store, batches)
        if deletions:
            store.delete_articles(deletions)
            reconcile(store)
        incremental = ledger_dump(store)
        reconcile(store, full=True)  # a rebuild from scratch of the same store ...
        assert ledger_dump(store) == incremental  # ... equals what the incremental runs left
        return incremental
    finally:
        store.close()
        databases.drop(db)


def _fail_on(store: Store, when: str, table: str, message: str) -> None:
    """A trigger that makes every ``when`` (e.g. ``BEFORE INSERT``) on ``table`` fail with
    ``message``: a real database error in the middle of reconcile's write."""
    with store.engine.begin() as conn:
        if store.dialect == "sqlite":
            conn.execute(
                text(f"CREATE TRIGGER t_fail {when} ON {table} BEGIN SELECT RAISE(ABORT, '{message}'); END")
            )
            return
        conn.execute(
            text(
                "CREATE FUNCTION t_fail() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                f"RAISE EXCEPTION '{message}' USING ERRCODE = 'integrity_constraint_violation'; END $$"
            )
        )
        conn.execute(text(f"CREATE TRIGGER t_fail {when} ON {table} FOR EACH ROW EXECUTE FUNCTION t_fail()"))


def test_the_fixture_tells_one_story_from_several_outlets(
    corpus: list[Article], databases: Databases
) -> None:
    assert len(corpus) == 11  # the strike story fed twice from one outlet without a URL is one article
    outlets = {a.outlet for a in corpus}
    assert {"Coastline Wire", "The Valley Herald", "Northern Echo Online"} <= outlets
    ledger = _ledger(databases, [corpus])
    assert ledger["claim_clusters"], "the copies must form claim clusters"
    assert len({c["id"] for c in ledger["claim_clusters"]}) == len(ledger["claim_clusters"])


def test_reconcile_is_idempotent(corpus: list[Article], db: str) -> None:
    store = Store(db)
    _feed(store, [corpus])
    first = ledger_dump(store)
    reconcile(store)
    assert ledger_dump(store) == first
    store.close()


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_cut_of_the_stream_gives_the_same_ledger(
    corpus: list[Article], databases: Databases, data: st.DataObject
) -> None:
    n = len(corpus)
    keep = data.draw(st.lists(st.integers(0, n - 1), min_size=2, unique=True), label="subset")
    order = data.draw(st.permutations(keep), label="order")
    cuts = sorted(data.draw(st.sets(st.integers(1, max(1, len(order) - 1)), max_size=3), label="cuts"))
    batches = [order[a:b] for a, b in itertools.pairwise([0, *cuts, len(order)]) if a < b]
    batches.append(data.draw(st.lists(st.sampled_from(order), max_size=3), label="duplicates"))
    extra = [i for i in range(n) if i not in keep]
    dropped: list[int] = []
    if extra:
        dropped = data.draw(st.lists(st.sampled_from(extra), unique=True), label="deleted")
    fed = [[corpus[i] for i in batch] for batch in [*batches[:1], dropped, *batches[1:]]]
    # Fed in batches, with articles that are deleted again at the end, and duplicates re-fed ...
    cut = _ledger(databases, fed, [corpus[i].id for i in dropped])
    # ... the ledger equals one run over exactly the articles that remain.
    whole = _ledger(databases, [sorted((corpus[i] for i in keep), key=lambda a: a.id)])
    assert cut == whole


def test_a_failure_inside_reconcile_keeps_the_previous_ledger(corpus: list[Article], db: str) -> None:
    store = Store(db)
    _feed(store, [corpus[:6]])
    before = ledger_dump(store)
    assert before["claim_clusters"]
    for article in corpus[6:]:
        store.save_article(article)
    _fail_on(store, "BEFORE INSERT", "claim_clusters", "disk says no")  # a failure in the middle of the write
    with pytest.raises(ReconcileError) as info:
        reconcile(store)
    message = str(info.value)
    assert "disk says no" in message and "\n" not in message
    assert "INSERT INTO" not in message and "writable" not in message
    assert ledger_dump(store) == before
    store.close()


def test_the_cli_reports_a_reconcile_failure_on_one_line_and_exits_non_zero(
    corpus: list[Article], db: str
) -> None:
    store = Store(db)
    _feed(store, [corpus[:4]])
    for article in corpus[4:]:  # new articles: new rows to write (an unchanged ledger writes none)
        store.save_article(article)
    _fail_on(store, "BEFORE INSERT", "claim_clusters", "no")
    dialect = store.dialect
    store.close()
    result = CliRunner().invoke(app, ["reconcile", "--db", db])
    assert result.exit_code == 1
    lines = [ln for ln in result.output.splitlines() if ln.strip()]
    error = "IntegrityError" if dialect == "sqlite" else "IntegrityConstraintViolation"
    assert len(lines) == 1 and lines[0].startswith(f"error: reconcile failed: {error}: no")


def test_delete_removes_an_article_and_what_came_from_it(
    corpus: list[Article], databases: Databases
) -> None:
    db = databases.new()
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
    assert ledger_dump(store) == _ledger(databases, [[a for a in corpus if a.id != victim.id]])
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
    with a.engine.connect() as conn:
        rows = conn.execute(text("SELECT id, url, outlet, copy_of FROM articles")).mappings().all()
    by_url = {r["url"]: r for r in rows}
    for i in range(len(seed_paths())):  # each copy names its origin: the First Outlet's version
        origin = by_url[f"https://o0.example/story-{i}"]
        assert origin["copy_of"] is None
        for j in (1, 2):
            assert by_url[f"https://o{j}.example/story-{i}"]["copy_of"] == origin["id"]
    clusters, _ = Q.list_clusters(a, min_reports=3, limit=500)
    figures = [c for c in clusters if c.kind == "metric" and c.reports == 3]
    assert figures, "no figure reported by all three outlets"
    for c in figures:
        assert c.independent_reports == 1 and c.first.outlet == "First Outlet"
    for left in (a, b):
        left.close()


@pytest.fixture(scope="module", params=BACKENDS)
def stream_store(
    request: pytest.FixtureRequest, corpus: list[Article], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Store]:
    dbs = databases_for(request, request.param, tmp_path_factory.mktemp("stream"))
    store = Store(dbs.new())
    _feed(store, [corpus])
    yield store
    store.close()
    dbs.drop_all()


def _by_outlet(store: Store) -> dict[str, list[dict[str, Any]]]:
    with store.engine.connect() as conn:
        rows = conn.execute(text("SELECT id, outlet, published, copy_of, copy_similarity FROM articles"))
        out: dict[str, list[dict[str, Any]]] = {}
        for r in rows.mappings():
            out.setdefault(r["outlet"], []).append(dict(r))
    for items in out.values():
        items.sort(key=lambda r: r["published"])
    return out


def test_each_copy_names_its_origin_and_independent_reports_stay_apart(stream_store: Store) -> None:
    arts = _by_outlet(stream_store)
    wire, update = arts["Coastline Wire"]
    assert wire["copy_of"] is None and update["copy_of"] == wire["id"]
    for outlet in ("The Valley Herald", "Northern Echo Online", "Calder Gazette", "Morning Post"):
        (copy,) = arts[outlet]
        assert copy["copy_of"] == wire["id"], outlet
        assert 0.5 <= copy["copy_similarity"] <= 1.0
    assert arts["Valley Courier"][0]["copy_of"] is None  # its own reporting of the same flood
    assert arts["Drennick Times"][0]["copy_of"] == arts["Ledger Daily"][0]["id"]
    assert arts["Motor Weekly"][0]["copy_of"] is None  # a rewrite that cites the Ledger Daily
    assert arts["Harbour Bulletin"][0]["copy_of"] is None


def test_reports_and_independent_reports_of_a_syndicated_figure(stream_store: Store) -> None:
    clusters, _ = Q.list_clusters(stream_store, min_reports=1, limit=500)
    residents = [c for c in clusters if c.kind == "metric" and "3,400" in c.label]
    assert len(residents) == 1
    c = residents[0]
    assert c.reports == 6 and c.independent_reports == 1 and c.independent_sources == 1
    assert c.first.outlet == "Coastline Wire" and c.outlets[0] == "Coastline Wire"
    assert len(c.article_ids) == 6 and c.article_ids[0] == c.first.article_id
    vehicles = [c for c in clusters if c.kind == "metric" and "61,000" in c.label]
    assert len(vehicles) == 1
    v = vehicles[0]
    # origin, its verbatim copy, and a rewrite crediting the origin: 2 origins, 1 source.
    assert (v.reports, v.independent_reports, v.independent_sources) == (3, 2, 1)
    assert v.first.outlet == "Ledger Daily"
    assert [m.cites for m in v.members if m.outlet == "Motor Weekly"] == ["Ledger Daily"]


def test_a_changed_figure_in_a_later_version_is_a_revision_not_a_contradiction(stream_store: Store) -> None:
    revisions = Q.list_revisions(stream_store)
    pairs = {(r.before.value, r.after.value) for r in revisions}
    assert (12.0, 19.0) in pairs and (41.0, 57.0) in pairs
    r = next(r for r in revisions if (r.before.value, r.after.value) == (12.0, 19.0))
    assert r.before.outlet == r.after.outlet == "Coastline Wire"
    assert r.before.published is not None and r.after.published is not None
    assert r.before.published < r.after.published and "became" in r.reason
    groups: dict[str, str] = {}
    for items in _by_outlet(stream_store).values():
        for a in items:
            groups[a["id"]] = a["copy_of"] or a["id"]
    contradictions, _ = Q.list_contradictions(stream_store, limit=500)
    for c in contradictions:
        assert c.a.article_id == c.b.article_id or groups[c.a.article_id] != groups[c.b.article_id]


def test_the_web_shows_copies_and_independent_reports(stream_store: Store) -> None:
    from fastapi.testclient import TestClient

    from newsledger.web.app import create_app

    client = TestClient(create_app(stream_store.url.removeprefix("sqlite:///")))
    arts = _by_outlet(stream_store)
    copy = arts["The Valley Herald"][0]
    page = client.get(f"/articles/{copy['id']}").text
    assert "Syndicated copy of" in page and f"/articles/{copy['copy_of']}" in page
    origin = client.get(f"/articles/{copy['copy_of']}").text
    assert "Also published by 5 outlets" in origin  # four copies and the wire's own update
    assert "Revised:" in origin
    everything = client.get("/api/articles", params={"limit": 100}).json()["total"]
    origins = client.get("/api/articles", params={"limit": 100, "hide_copies": True}).json()
    assert everything == 11 and origins["total"] == 5
    assert all(a["copy_of"] is None for a in origins["items"])
    home = client.get("/", params={"hide_copies": "1"}).text
    assert "syndicated copies hidden" in home
    claims = client.get("/claims").text
    assert "independent" in claims
    syn = client.get(f"/api/articles/{copy['id']}/syndication").json()
    assert syn["origin"]["id"] == copy["copy_of"]
    assert len(syn["versions"]) == 4  # the group less itself and its origin


def test_export_clusters_in_every_format(stream_store: Store, tmp_path: Path) -> None:
    import csv

    import pyarrow.parquet as pq

    from newsledger.export import export

    n = export(stream_store, "csv", str(tmp_path / "c.csv"), table="clusters")
    with open(tmp_path / "c.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert n == len(rows) > 0
    assert {"id", "kind", "label", "first_article_id", "reports", "independent_reports", "outlets"} <= set(
        rows[0]
    )
    assert isinstance(json.loads(rows[0]["outlets"]), list)
    export(stream_store, "jsonl", str(tmp_path / "c.jsonl"), table="clusters")
    lines = [json.loads(x) for x in (tmp_path / "c.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(lines) == n and isinstance(lines[0]["outlets"], list) and isinstance(lines[0]["reports"], int)
    export(stream_store, "parquet", str(tmp_path / "c.parquet"), table="clusters")
    table = pq.read_table(tmp_path / "c.parquet")
    assert table.num_rows == n
    import pyarrow as pa

    assert pa.types.is_list(table.schema.field("outlets").type)
    assert table.column("outlets").to_pylist()[0] == json.loads(rows[0]["outlets"])
    assert str(table.schema.field("independent_reports").type) == "int64"
    export(stream_store, "csv", str(tmp_path / "a.csv"), table="articles")
    with open(tmp_path / "a.csv", encoding="utf-8") as fh:
        articles = list(csv.DictReader(fh))
    assert "copy_of" in articles[0] and sum(1 for a in articles if a["copy_of"]) == 6
