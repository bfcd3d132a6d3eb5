"""Source pages, CSV downloads, notable claims and the facts-by-source panel (server side, no browser)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from tests.test_web_api import build_web_db

from newsledger.contract import Article
from newsledger.reconcile.sources import article_groups, notable_claims, source_report
from newsledger.store.repo import Store
from newsledger.web.app import create_app

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def web_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    return build_web_db(tmp_path_factory)


@pytest.fixture(scope="module")
def client(web_db: str) -> Iterator[TestClient]:
    with TestClient(create_app(web_db, datasette="http://127.0.0.1:9999/ledger")) as c:
        yield c


@pytest.fixture(scope="module")
def articles(web_db: str) -> dict[str, Article]:
    with Store(web_db) as store:
        return {a.id: a for a in store.iter_articles()}


def test_groups_hold_every_figure_and_every_notable_claim_once(articles: dict[str, Article]) -> None:
    for article in articles.values():
        groups = article_groups(article)
        assert sorted(f.start for g in groups for f in g.figures) == sorted(f.start for f in article.figures)
        assert sorted(c.id for g in groups for c in g.claims) == sorted(notable_claims(article))
        for g in groups:
            assert all(not c.sources or c.sources[-1].name == g.name for c in g.claims)


def test_source_page_and_csv(client: TestClient, web_db: str, articles: dict[str, Article]) -> None:
    chains = [c.sources for a in articles.values() for c in a.claims if len(c.sources) > 1]
    name = chains[0][-1].name
    with Store(web_db) as store:
        report = source_report(store, name)
    assert report is not None and report.rows
    assert name.casefold() in report.names
    html = client.get("/source", params={"name": name})
    assert html.status_code == 200 and "What " in html.text and "/source.csv?name=" in html.text
    got = client.get("/source.csv", params={"name": name})
    assert got.status_code == 200 and got.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(got.text)))
    assert len(rows) == len(report.rows)
    assert all(isinstance(json.loads(r["chain"]), list) for r in rows)
    assert client.get("/source", params={"name": "nobody at all"}).status_code == 404


def test_metric_points_csv(client: TestClient) -> None:
    metric = client.get("/api/metrics", params={"limit": 1}).json()["items"][0]
    got = client.get(f"/metrics/{metric['id']}/points.csv")
    assert got.status_code == 200 and "attachment" in got.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(got.text)))
    assert len(rows) == metric["figures"]
    assert f"/metrics/{metric['id']}/points.csv" in client.get(f"/metrics/{metric['id']}").text


def test_claims_toggle_and_datasette_link(client: TestClient, articles: dict[str, Article]) -> None:
    article = next(a for a in articles.values() if 0 < len(notable_claims(a)) < len(a.claims))
    default = client.get(f"/articles/{article.id}").text
    assert 'data-notable="0"' in default and 'href="?claims=all"' in default
    assert 'id="nl-groups"' in default and "claims-all" not in default
    every = client.get(f"/articles/{article.id}", params={"claims": "all"}).text
    assert "claims-all" in every and 'href="?claims=notable"' in every
    assert 'href="http://127.0.0.1:9999/ledger"' in default
