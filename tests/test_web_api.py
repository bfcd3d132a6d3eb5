"""The JSON API over a real ledger: the bundled examples, extracted and reconciled, plus a hostile article.

The database is built once per session (``web_db``); the page and browser tests reuse it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.conftest import BACKENDS, databases_for

from newsledger.contract import Article, Claim, Comment, Figure, Hedge, Quote, Removed, Source
from newsledger.schema import validation_errors
from newsledger.store.repo import Store
from newsledger.web.app import create_app

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
EVIL_ID = "e711a271c1e00001"
EVIL_SCRIPT = "<script>alert(1)</script>"
EXAMPLE_ARTICLES = 12


def evil_article() -> Article:
    """A fictional article whose text, metadata and comments are full of markup and & < > characters."""
    title = f'Ministry says 3 < 5 & "10 > 7" {EVIL_SCRIPT}'
    text = (
        f"{title}\n\n"
        f"The Ministry of Tests said on Monday that about 1,200 <b>volunteers</b> & reservists {EVIL_SCRIPT} "
        "had signed up, according to an internal memo.\n\n"
        '"We never said <img src=x onerror=alert(2)> was the target," spokesman Ivo Brand said, '
        "reportedly angry."
    )

    def span(s: str, after: int = 0) -> tuple[int, int]:
        start = text.index(s, after)
        return start, start + len(s)

    c1s, c1e = span("The Ministry of Tests said")
    c1e = text.index("memo.") + len("memo.")
    q_s, q_e = span("We never said <img src=x onerror=alert(2)> was the target,")
    c2s = q_s - 1
    c2e = text.index("reportedly angry.") + len("reportedly angry.")
    fs, fe = span("about 1,200")
    hs, he = span("reportedly")
    ss, se = span("The Ministry of Tests")
    outlet = "The <i>Evil</i> & Co Gazette"
    claims = (
        Claim(
            id="c1",
            text=text[c1s:c1e],
            start=c1s,
            end=c1e,
            sources=(Source(outlet, "media_outlet"), Source("Ministry of Tests", "government", ss, se)),
            cue="said",
            verification="unverified",
            extractor="newsledger.test@1.0.0",
        ),
        Claim(
            id="c2",
            text=text[c2s:c2e],
            start=c2s,
            end=c2e,
            sources=(Source(outlet, "media_outlet"), Source("Ivo <Brand>", "named_person")),
            cue="said",
            hedges=(Hedge("reportedly", hs, he, extractor="newsledger.test@1.0.0"),),
            extractor="newsledger.test@1.0.0",
            kind="direct",
            confidence=0.625,
        ),
    )
    return Article(
        id=EVIL_ID,
        text=text,
        title=title,
        outlet=outlet,
        published="2025-02-01T09:00:00",
        url="https://evil.example/<script>",
        authors=("A. <Author>",),
        removed=(Removed(f"Related: {EVIL_SCRIPT} & more", "related"),),
        comments=(Comment("<img src=x onerror=alert(3)> 5 > 4 & so on", author="<b>troll</b>"),),
        figures=(
            Figure(
                text=text[fs:fe],
                start=fs,
                end=fe,
                value=1200.0,
                low=1100.0,
                high=1300.0,
                approx="about",
                counted="volunteers",
                category="recruitment",
                claim="c1",
                extractor="newsledger.test@1.0.0",
            ),
        ),
        quotes=(
            Quote(
                text=text[q_s:q_e],
                start=q_s,
                end=q_e,
                kind="direct",
                speaker="Ivo <Brand>",
                cue="said",
                medium="<press>",
                claim="c2",
                extractor="newsledger.test@1.0.0",
                confidence=0.625,  # as if a learned model had found it
            ),
        ),
        claims=claims,
    )


def build_web_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Extract examples/ into a session-wide SQLite file, add the hostile article, reconcile. Built once."""
    base = tmp_path_factory.getbasetemp() / "web-ledger"
    db = base / "ledger.db"
    done = base / "built"
    if done.exists():
        return str(db)
    base.mkdir(parents=True, exist_ok=True)
    fill_web_db(str(db))
    done.write_text("ok")
    return str(db)


def fill_web_db(db: str) -> None:
    """Extract the examples into ``db``, add the hostile article, reconcile."""
    from newsledger.reconcile import reconcile
    from newsledger.runner import extract

    with Store(db) as store:
        report = extract([str(EXAMPLES)], store)
        assert report.ok, report.failures
        store.save_article(evil_article())
        reconcile(store)


@pytest.fixture(scope="session")
def web_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    return build_web_db(tmp_path_factory)


@pytest.fixture(scope="module", params=BACKENDS)
def api_db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The API's database on each backend: the session's SQLite ledger, or the same built on PostgreSQL."""
    if request.param == "sqlite":
        yield request.getfixturevalue("web_db")
        return
    dbs = databases_for(request, request.param, Path(tmp_path_factory.mktemp("web-pg")))
    db = dbs.new()
    fill_web_db(db)
    yield db
    dbs.drop_all()


@pytest.fixture(scope="module")
def client(api_db: str) -> Iterator[TestClient]:
    with TestClient(create_app(api_db)) as c:
        yield c


def get(client: TestClient, url: str, status: int = 200, **params: Any) -> Any:
    r = client.get(url, params=params)
    assert r.status_code == status, (url, params, r.status_code, r.text[:500])
    assert r.headers["content-type"].startswith("application/json")
    return r.json()


def all_items(client: TestClient, url: str, **params: Any) -> list[dict[str, Any]]:
    """Every item of a paged list, walking the pages."""
    items: list[dict[str, Any]] = []
    offset = 0
    while True:
        page = get(client, url, limit=7, offset=offset, **params)
        items.extend(page["items"])
        offset += 7
        if offset >= page["total"]:
            assert len(items) == page["total"]
            return items


def assert_error(body: Any, status: int) -> None:
    err = body["error"]
    assert err["status"] == status
    assert isinstance(err["message"], str) and err["message"]
    assert isinstance(err["hint"], str) and err["hint"]
    assert "Traceback" not in str(body)


# -- articles -------------------------------------------------------------------------------------


def test_openapi_documents_every_route(client: TestClient) -> None:
    spec = get(client, "/openapi.json")
    paths = set(spec["paths"])
    for path in (
        "/api/articles",
        "/api/articles/{article_id}",
        "/api/figures",
        "/api/metrics",
        "/api/metrics/{metric_id}",
        "/api/claims/{claim_id}",
        "/api/contradictions",
        "/api/entities",
    ):
        assert path in paths, path
    assert all(set(ops) == {"get"} for ops in spec["paths"].values())  # read-only
    assert "ArticleSummary" in str(spec["components"]["schemas"])
    assert client.get("/docs").status_code == 200


def test_articles_are_paged_with_totals(client: TestClient) -> None:
    first = get(client, "/api/articles", limit=5)
    assert first["total"] == EXAMPLE_ARTICLES + 1
    assert (first["limit"], first["offset"], len(first["items"])) == (5, 0, 5)
    last = get(client, "/api/articles", limit=5, offset=10)
    assert len(last["items"]) == 3
    every = all_items(client, "/api/articles")
    ids = [a["id"] for a in every]
    assert len(set(ids)) == len(ids) == EXAMPLE_ARTICLES + 1
    assert EVIL_ID in ids
    beyond = get(client, "/api/articles", offset=100)
    assert beyond["items"] == [] and beyond["total"] == EXAMPLE_ARTICLES + 1


def test_article_filters(client: TestClient) -> None:
    cpa = get(client, "/api/articles", outlet="Continental Press Agency")
    assert cpa["total"] == 3
    assert {a["outlet"] for a in cpa["items"]} == {"Continental Press Agency"}
    window = get(client, "/api/articles", date_from="2025-03-12", date_to="2025-03-17")
    days = sorted(a["published"][:10] for a in window["items"])
    assert days == ["2025-03-12", "2025-03-13", "2025-03-14", "2025-03-17"]
    measles = get(client, "/api/articles", q="measles vaccinate")
    assert measles["total"] == 1
    assert "Westbrook" in measles["items"][0]["title"]
    both = get(client, "/api/articles", q="conscripts", outlet="Continental Press Agency")
    assert 1 <= both["total"] <= 3
    assert get(client, "/api/articles", q="zzqxnotaword")["total"] == 0


@pytest.mark.parametrize(
    "q",
    [
        "' OR 1=1 --",
        'zzqx" OR "the',
        "measles) OR (1",
        "articles; DROP TABLE articles",
        "NEAR(a b",
        '"',
        "*",
        "a AND",
        "%_",
        "\\",
    ],
)
def test_search_syntax_is_data_not_code(client: TestClient, q: str) -> None:
    body = get(client, "/api/articles", q=q)  # 200, whatever FTS5 or SQL syntax the words contain
    assert isinstance(body["total"], int)
    assert get(client, "/api/articles")["total"] == EXAMPLE_ARTICLES + 1  # and nothing was dropped


@pytest.mark.parametrize("q", ['zzqx" OR "the', "zzqx OR the", "zzqx' OR '1'='1", "zzqx*"])
def test_search_operators_cannot_widen_a_query(client: TestClient, q: str) -> None:
    # Every word must occur; "zzqx" occurs nowhere, so an injected OR would be the only way to match.
    assert get(client, "/api/articles", q=q)["total"] == 0


def test_article_is_the_contract_object(client: TestClient, api_db: str) -> None:
    with Store(api_db) as store:
        expected = {a.id: a.to_json() for a in store.iter_articles()}
    for article_id, want in expected.items():
        got = get(client, f"/api/articles/{article_id}")
        assert validation_errors(got) == [], article_id
        assert got == want
    evil = get(client, f"/api/articles/{EVIL_ID}")
    assert EVIL_SCRIPT in evil["text"]  # JSON carries the text as it is; only HTML escapes it
    assert evil["figures"][0]["value"] == 1200.0


def test_unknown_ids_are_json_404(client: TestClient) -> None:
    for url in (
        "/api/articles/0000000000000000",
        "/api/metrics/nosuchmetric",
        "/api/claims/0000000000000000:c1",
        "/api/clusters/nosuchcluster",
        "/api/no-such-route",
    ):
        assert_error(get(client, url, status=404), 404)
    assert "0000000000000000" in get(client, "/api/articles/0000000000000000", status=404)["error"]["message"]


@pytest.mark.parametrize(
    ("url", "params", "name"),
    [
        ("/api/articles", {"limit": 0}, "limit"),
        ("/api/articles", {"limit": 1000}, "limit"),
        ("/api/articles", {"offset": -1}, "offset"),
        ("/api/articles", {"date_from": "last tuesday"}, "date_from"),
        ("/api/figures", {"date_to": "2025-13-45"}, "date_to"),
        ("/api/articles", {"q": "x" * 600}, "q"),
        ("/api/claims/no-colon", {}, "claim_id"),
        ("/api/articles/bad id!", {}, "article_id"),
    ],
)
def test_bad_parameters_are_422_naming_the_parameter(
    client: TestClient, url: str, params: dict[str, Any], name: str
) -> None:
    body = get(client, url, status=422, **params)
    assert_error(body, 422)
    assert name in body["error"]["message"]


def test_read_only(client: TestClient) -> None:
    for method in ("post", "put", "delete", "patch"):
        r = getattr(client, method)("/api/articles")
        assert r.status_code == 405
        assert_error(r.json(), 405)


def test_unexpected_errors_are_500_without_details(tmp_path: Path) -> None:
    db = tmp_path / "broken.db"
    with Store(str(db)) as store:
        store.save_article(evil_article())
    app = create_app(str(db))
    con = sqlite3.connect(db)
    con.execute("DROP TABLE figures")  # a damaged database: reading an article now fails in SQL
    con.commit()
    con.close()
    with TestClient(app, raise_server_exceptions=False) as c:
        r = c.get(f"/api/articles/{EVIL_ID}")
    assert r.status_code == 500
    assert_error(r.json(), 500)
    assert "figures" not in r.text and "sqlite" not in r.text.lower()


def test_missing_database_is_a_store_error(tmp_path: Path) -> None:
    from newsledger.errors import StoreError

    with pytest.raises(StoreError, match="no database"):
        create_app(str(tmp_path / "absent.db"))
    assert not (tmp_path / "absent.db").exists()


# -- figures, metrics, claims, contradictions, entities -------------------------------------------


def test_figures_filters(client: TestClient) -> None:
    everything = get(client, "/api/figures", limit=1)
    assert everything["total"] > 100
    casualties = all_items(client, "/api/figures", category="casualties")
    assert casualties and {f["category"] for f in casualties} == {"casualties"}
    cpa = get(client, "/api/figures", outlet="Continental Press Agency", limit=200)
    assert cpa["items"] and {f["outlet"] for f in cpa["items"]} == {"Continental Press Agency"}
    march_24 = get(client, "/api/figures", date_from="2025-03-24", date_to="2025-03-24", limit=200)
    assert march_24["items"] and {f["published"][:10] for f in march_24["items"]} == {"2025-03-24"}
    evil = get(client, "/api/figures", counted="volunteers", outlet="The <i>Evil</i> & Co Gazette")
    assert evil["total"] == 1
    row = evil["items"][0]
    assert (row["value"], row["claim_id"]) == (1200.0, f"{EVIL_ID}:c1")
    assert [s["type"] for s in row["sources"]] == ["media_outlet", "government"]


def test_metrics_and_timelines(client: TestClient) -> None:
    metrics = all_items(client, "/api/metrics")
    assert metrics
    multi = [m for m in metrics if len(m["outlets"]) >= 2]
    assert multi, "some metric is reported by several outlets"
    for summary in multi[:10]:
        timeline = get(client, f"/api/metrics/{summary['id']}")
        assert timeline["metric"]["id"] == summary["id"]
        points = timeline["points"]
        assert len(points) == summary["figures"]
        dates = [p["published"] or "" for p in points]
        assert dates == sorted(dates)
        for p in points:
            assert p["sources"], "every point keeps its attribution chain"
            assert p["source_type"]


def test_claim_cluster_names_the_first_reporter(client: TestClient) -> None:
    # The CPA wire of 4 March repeats the Harbour Standard's 250,000 figure "citing" it (examples/README.md).
    figures = get(client, "/api/figures", outlet="Continental Press Agency", limit=200)["items"]
    repeats = [f for f in figures if f["value"] == 250000 and f["published"].startswith("2025-03-04")]
    assert repeats, "CPA 4 Mar reports 250,000"
    view = get(client, f"/api/claims/{repeats[0]['claim_id']}")
    assert view["claim"]["claim_id"] == repeats[0]["claim_id"]
    assert view["chain"] == view["claim"]["sources"]
    cluster = view["cluster"]
    assert cluster is not None
    assert view["first_reporter"] == cluster["first"]
    assert cluster["first"]["outlet"] == "The Harbour Standard"
    assert cluster["first"]["published"].startswith("2025-03-03")
    published = [m["published"] for m in cluster["members"]]
    assert published == sorted(published)
    assert len({m["outlet"] for m in cluster["members"]}) >= 3
    assert get(client, f"/api/clusters/{cluster['id']}")["first"] == cluster["first"]


def test_contradictions_keep_both_sides(client: TestClient) -> None:
    items = all_items(client, "/api/contradictions")
    assert len(items) >= 4  # C1-C4 in examples/README.md
    pairs = {frozenset((c["a"]["value"], c["b"]["value"])) for c in items}
    assert frozenset((12000.0, 40000.0)) in pairs  # C1
    assert frozenset((120000.0, 85000.0)) in pairs  # C2
    for c in items:
        assert c["reason"]
        for side in (c["a"], c["b"]):
            assert side["sources"] and side["outlet"]
        get(client, f"/api/metrics/{c['metric_id']}")
    one = items[0]["metric_id"]
    only = get(client, "/api/contradictions", metric_id=one)
    assert only["total"] >= 1 and {c["metric_id"] for c in only["items"]} == {one}


def test_entities(client: TestClient) -> None:
    everything = get(client, "/api/entities", limit=1)
    assert everything["total"] > 10
    people = get(client, "/api/entities", label="PERSON", limit=200)["items"]
    assert people and {e["label"] for e in people} == {"PERSON"}
    sorel = get(client, "/api/entities", q="Sorel")["items"]
    assert sorel
    assert all("sorel" in (e["canonical"] + " ".join(e["aliases"])).lower() for e in sorel)
