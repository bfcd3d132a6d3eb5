"""The multi-outlet stream: the generator (byte-stable, its gold consistent) and its scorer."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from newsledger.cli import app
from newsledger.eval.stream import ArticleView, ClusterView, StoreView, score_stream_data
from newsledger.eval.stream_load import score_stream
from newsledger.eval.stream_stories import STORIES
from newsledger.eval.streamgen import build_stream, number_pattern, write_stream
from newsledger.ingest.base import RawArticle
from newsledger.store.repo import open_store

ROOT = Path(__file__).resolve().parents[1]
COMMITTED = ROOT / "eval" / "stream"


@pytest.fixture(scope="module")
def stream() -> tuple[list[dict[str, Any]], dict[str, Any]]:
    return build_stream()


# --- the generator -----------------------------------------------------------------------


def test_regenerating_gives_the_committed_files_byte_for_byte(tmp_path: Path) -> None:
    stream_path, gold_path = write_stream(tmp_path)
    assert stream_path.read_bytes() == (COMMITTED / "stream.jsonl").read_bytes()
    assert gold_path.read_bytes() == (COMMITTED / "gold.json").read_bytes()
    other, _ = write_stream(tmp_path / "other", seed=15)
    assert other.read_bytes() != stream_path.read_bytes()


def test_stream_shape(stream: tuple[list[dict[str, Any]], dict[str, Any]]) -> None:
    records, gold = stream
    assert len(records) == len(gold["articles"]) <= 300
    assert all(set(r) == {"text", "title", "outlet", "url", "published"} for r in records)
    assert len({r["url"] for r in records}) == len(records)
    wire_stories = [s for s in gold["stories"] if not s["own_report"]]
    assert len(wire_stories) >= 30
    assert len({s["topic"] for s in wire_stories}) >= 7
    for story in wire_stories:
        assert 3 <= len({a["outlet"] for a in gold["articles"] if a["story"] == story["id"]}) <= 8
    roles = Counter(a["role"] for a in gold["articles"])
    assert {"origin", "verbatim", "edited", "rewrite", "update", "update-copy"} <= set(roles)
    assert any(a["published"] is None for a in gold["articles"])  # undated copies
    # the stream is not in publication order
    dates = [a["published"] for a in gold["articles"] if a["published"]]
    assert dates != sorted(dates)


def test_gold_is_consistent(stream: tuple[list[dict[str, Any]], dict[str, Any]]) -> None:
    records, gold = stream
    text = {r["url"]: r["text"] for r in records}
    role = {a["url"]: a["role"] for a in gold["articles"]}
    published = {a["url"]: a["published"] for a in gold["articles"]}
    for group in gold["syndication_groups"]:
        assert role[group["origin"]] == "origin"
        assert {role[c] for c in group["copies"]} <= {"verbatim", "edited", "update", "update-copy"}
        for copy in group["copies"]:
            assert published[copy] is None or published[copy] > published[group["origin"]]
    verbatim = [c for g in gold["syndication_groups"] for c in g["copies"] if role[c] == "verbatim"]
    origin_of = {c: g["origin"] for g in gold["syndication_groups"] for c in g["copies"]}
    assert all(text[c] == text[origin_of[c]] for c in verbatim)
    same_event = [p for p in gold["apart"] if p["why"] == "same event, independent reports"]
    assert len({gold_story(gold, p["a"]) for p in same_event}) >= 5
    for item in gold["items"]:
        assert item["reports"] == len(item["articles"]) >= 2
        assert item["reports"] >= item["independent_reports"] >= item["independent_sources"] >= 1
        assert item["first_reporter"] == item["articles"][0]
        if item["kind"] == "figure":
            assert all(number_pattern(item["text"]).search(text[u]) for u in item["articles"])
        else:
            assert all(item["text"] in text[u] for u in item["articles"])
    # an update's changed figure is its own item, first reported by the update
    updated = [i for i in gold["items"] if role[i["first_reporter"]] == "update"]
    assert len(updated) >= 5
    # a figure that an independent report of the same event also gives counts two origins or more
    shared = [i for i in gold["items"] if len({gold_story(gold, u) for u in i["articles"]}) > 1]
    assert shared and all(i["independent_sources"] >= 2 for i in shared)


def gold_story(gold: dict[str, Any], url: str) -> str:
    return next(str(a["story"]) for a in gold["articles"] if a["url"] == url)


def test_stories_are_fictional_and_distinct() -> None:
    keys = [s.key for s in STORIES]
    assert len(keys) == len(set(keys))
    quotes = [s.quote for s in STORIES]
    assert len(quotes) == len(set(quotes))


# --- the scorer on plain data ---------------------------------------------------------------


def oracle(gold: dict[str, Any]) -> StoreView:
    """What a perfect system would store: ids = 'id:' + url, clusters = the gold items."""
    copy_of = {c: g["origin"] for g in gold["syndication_groups"] for c in g["copies"]}
    articles = [
        ArticleView(f"id:{a['url']}", a["url"], f"id:{copy_of[a['url']]}" if a["url"] in copy_of else None)
        for a in gold["articles"]
    ]
    clusters = [
        ClusterView(
            id=f"c{n}",
            article_ids=tuple(f"id:{u}" for u in item["articles"]),
            first_article_id=f"id:{item['first_reporter']}",
            reports=item["reports"],
            independent_reports=item["independent_reports"],
            values=(item["value"],) if item["value"] is not None else (),
            texts=(f"He said: {item['text']}.",) if item["kind"] == "quote" else (),
        )
        for n, item in enumerate(gold["items"])
    ]
    return StoreView(articles, clusters)


def test_a_perfect_store_scores_one(stream: tuple[list[dict[str, Any]], dict[str, Any]]) -> None:
    _, gold = stream
    scores = score_stream_data(oracle(gold), gold)
    assert all(v == 1.0 for v in scores.metrics().values()), scores.metrics()
    assert not scores.stories_merged and not scores.events_merged and not scores.apart_violations
    assert scores.apart_total == len(gold["apart"])


def test_nothing_detected_scores_zero_recall(stream: tuple[list[dict[str, Any]], dict[str, Any]]) -> None:
    _, gold = stream
    view = StoreView([ArticleView(f"id:{a['url']}", a["url"]) for a in gold["articles"]], [])
    scores = score_stream_data(view, gold)
    m = scores.metrics()
    assert m["syndication.recall"] == 0.0 and m["syndication.precision"] == 1.0
    assert m["first_reporter.accuracy"] == 0.0 and m["items.coverage"] == 0.0


def test_mistakes_are_counted(stream: tuple[list[dict[str, Any]], dict[str, Any]]) -> None:
    _, gold = stream
    view = oracle(gold)
    # 1. the independent report of an event is taken for a copy of the wire story
    pair = next(p for p in gold["apart"] if p["why"] == "same event, independent reports")
    a_id, b_id = f"id:{pair['a']}", f"id:{pair['b']}"
    view.articles = [ArticleView(x.id, x.url, a_id) if x.id == b_id else x for x in view.articles]
    # 2. a cluster joins two events; 3. one item's first reporter is a copy
    events = sorted({a["event"] for a in gold["articles"]})
    first_a = next(s["first_reporter"] for s in gold["stories"] if s["event"] == events[0])
    first_b = next(s["first_reporter"] for s in gold["stories"] if s["event"] == events[1])
    view.clusters.append(ClusterView(id="bad", article_ids=(f"id:{first_a}", f"id:{first_b}")))
    item = gold["items"][0]
    c0 = view.clusters[0]
    view.clusters[0] = ClusterView(c0.id, c0.article_ids, f"id:{item['articles'][-1]}", c0.reports,
                                   (c0.independent_reports or 0) + 1, c0.values, c0.texts)  # fmt: skip
    scores = score_stream_data(view, gold)
    assert (pair["a"], pair["b"]) in scores.apart_violations
    assert len(scores.stories_merged) == 1
    assert scores.syndication.fp > 0 and scores.metrics()["syndication.f1"] < 1.0
    assert scores.impure_clusters == ["bad"] and scores.events_merged == [(events[0], events[1])]
    n = len(gold["items"])
    assert scores.metrics()["first_reporter.accuracy"] == pytest.approx((n - 1) / n)
    assert scores.metrics()["independent_reports.accuracy"] == pytest.approx((n - 1) / n)
    assert scores.metrics()["reports.accuracy"] == 1.0
    errors = scores.to_json()["item_errors"]
    assert len(errors) == 1 and errors[0]["first"] == [item["first_reporter"], item["articles"][-1]]


def test_copy_chains_and_missing_articles() -> None:
    gold = {
        "kind": "newsledger-stream-gold",
        "articles": [{"url": u, "story": "s", "event": "s"} for u in ("o", "c1", "c2", "gone")],
        "syndication_groups": [{"origin": "o", "copies": ["c1", "c2", "gone"]}],
        "items": [],
        "apart": [],
    }
    view = StoreView(
        [ArticleView("1", "o"), ArticleView("2", "c1", "1"), ArticleView("3", "c2", "2")],  # c2 -> c1 -> o
        [],
    )
    scores = score_stream_data(view, gold)
    assert scores.missing == ["gone"]
    assert (scores.syndication.tp, scores.syndication.fp, scores.syndication.fn) == (3, 0, 3)
    assert scores.origins_ok == 2 and scores.origins_total == 3


# --- the scorer on a real store -------------------------------------------------------------


def small_store(db: str) -> dict[str, Any]:
    """Three articles (an origin, its copy, an independent report of the same event) and one
    figure cluster, written with the store and plain SQL; the gold object that describes them."""
    texts = {
        "https://w.example/a": "At least 12 people died in the Kerrow Valley earthquake, the agency said.",
        "https://p.example/a": "At least 12 people died in the Kerrow Valley earthquake, the agency said.",
        "https://h.example/a": "In Lisbeck, 12 people were known to be dead by sunrise, neighbours said.",
    }
    ids: dict[str, str] = {}
    with open_store(db) as store:
        for n, (url, text) in enumerate(texts.items()):
            raw = RawArticle(text=text, url=url, outlet=f"Outlet {n}", published=f"2026-01-05T0{n + 6}:00Z")
            store.save_raw(raw)
            ids[url] = raw.id
    con = sqlite3.connect(db)
    wire, copy, herald = (ids[u] for u in texts)
    con.execute("UPDATE articles SET copy_of = ?, copy_similarity = 1.0 WHERE id = ?", (wire, copy))
    con.execute(
        "INSERT INTO claim_clusters (id, label, kind, first_article_id, first_claim_id, members, outlets, "
        "reports, independent_reports, independent_sources, article_ids) "
        "VALUES ('k1', '12 killed', 'metric', ?, 'c1', 3, ?, 3, 2, 2, ?)",
        (wire, json.dumps(["Outlet 0", "Outlet 1", "Outlet 2"]), json.dumps([wire, copy, herald])),
    )
    con.commit()
    con.close()
    urls = list(texts)
    return {
        "kind": "newsledger-stream-gold",
        "version": 1,
        "articles": [
            {"url": urls[0], "story": "wire", "event": "quake", "role": "origin"},
            {"url": urls[1], "story": "wire", "event": "quake", "role": "verbatim"},
            {"url": urls[2], "story": "herald", "event": "quake", "role": "origin"},
        ],
        "syndication_groups": [{"origin": urls[0], "copies": [urls[1]]}],
        "items": [
            {
                "event": "quake",
                "kind": "figure",
                "text": "12",
                "value": 12.0,
                "articles": urls,
                "reports": 3,
                "independent_reports": 2,
                "independent_sources": 2,
                "first_reporter": urls[0],
            },
        ],
        "apart": [{"a": urls[0], "b": urls[2], "why": "same event, independent reports"}],
    }


def test_score_a_store_with_the_syndication_columns(tmp_path: Path, db_path: str) -> None:
    gold = small_store(db_path)
    with open_store(db_path) as store:
        # the figure values come from cluster members; with none, the item cannot be matched
        scores = score_stream(store, gold)
    assert scores.notes == []
    assert scores.metrics()["syndication.f1"] == 1.0
    assert scores.metrics()["clusters.purity"] == 1.0
    assert scores.metrics()["items.coverage"] == 0.0

    gold_path = tmp_path / "gold.json"
    gold["items"][0]["kind"] = "quote"
    gold["items"][0]["text"] = "Kerrow"
    gold_path.write_text(json.dumps(gold), encoding="utf-8")
    con = sqlite3.connect(db_path)
    con.execute(
        "INSERT INTO claims (article_id, claim_id, seq, text, start_char, end_char, verification, extractor) "
        "SELECT id, 'c1', 0, text, 0, length(text), 'unknown', 'test' FROM articles WHERE url = 'https://w.example/a'"
    )
    con.execute(
        "INSERT INTO cluster_members (cluster_id, position, article_id, claim_id) "
        "SELECT 'k1', 0, id, 'c1' FROM articles WHERE url = 'https://w.example/a'"
    )
    con.commit()
    con.close()
    result = CliRunner().invoke(app, ["eval", str(gold_path), "--db", db_path, "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["metrics"]["first_reporter.accuracy"] == 1.0
    assert report["metrics"]["reports.accuracy"] == 1.0
    assert report["metrics"]["independent_reports.accuracy"] == 1.0
    assert report["counts"]["stories_merged"] == 0 and report["counts"]["apart_violations"] == 0
