"""Hostile input through every web page: an XSS corpus (in text, title, outlet, URL and JSONL
metadata, extracted for real), javascript:/data: URLs never clickable, path traversal, hostile query
parameters, and concurrent API requests against uvicorn started for real on 127.0.0.1."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from newsledger.store.repo import Store
from newsledger.web.app import create_app

pytestmark = pytest.mark.model

# Each payload breaks out of text, an attribute (either quote), a URL, a script, a style or a comment.
XSS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    "<svg onload=alert(3)>",
    '"><script>alert(4)</script>',
    "'><img src=x onerror=alert(5)>",
    '" onmouseover="alert(6)',
    "' onfocus='alert(7)' autofocus='",
    "</title><script>alert(8)</script>",
    "</textarea><script>alert(9)</script>",
    "<iframe src=javascript:alert(10)>",
    "<a href=javascript:alert(11)>x</a>",
    "<body onload=alert(12)>",
    "<details open ontoggle=alert(13)>",
    "<math><mi xlink:href=javascript:alert(14)>x</mi></math>",
    "<style>@import 'http://evil.example/x.css';</style>",
    "<!--<script>alert(16)</script>-->",
    "<object data=javascript:alert(17)>",
    "<embed src=javascript:alert(18)>",
    "<video><source onerror=alert(19)></video>",
    "<input onfocus=alert(20) autofocus>",
    "<marquee onstart=alert(21)>",
    "<base href=//evil.example/>",
    "<meta http-equiv=refresh content='0;url=javascript:alert(23)'>",
    "<form action=javascript:alert(24)><button>x</button></form>",
    "</script><script>alert(25)</script>",
    "{{7*7}}<script>alert(26)</script>",
    "<scr<script>ipt>alert(27)</script>",
    "<ScRiPt>alert(28)</sCrIpT>",
    "<img src=`x` onerror=alert(29)>",
    "<div style=\"background:url('javascript:alert(30)')\">",
    "<link rel=stylesheet href=//evil.example/x.css>",
    "<plaintext><script>alert(32)</script>",
]
HOSTILE_URLS = [
    "javascript:alert(document.cookie)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    'https://ok.example/"><script>alert(1)</script>',
]
ARTICLE = (
    "The Harrow Valley water board said on Monday that it would raise prices by {n} percent from April, "
    "citing the cost of repairing {k} kilometres of pipe. {p}\n\n"
    "“Nobody likes paying more,” board chairman Emil Fossum said. {p} Unemployment in the valley fell to "
    "{n} percent in March, the statistics office said."
)


def _lines() -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for i, payload in enumerate(XSS):
        url = HOSTILE_URLS[i % len(HOSTILE_URLS)] if i % 3 == 0 else f"https://news.example/{i}?q={payload}"
        out.append({
            "url": url,
            "title": f"Story {i} {payload}",
            "outlet": f"Outlet {i % 4} {payload}",
            "authors": [f"Reporter {payload}"],
            "published": "2024-03-12",
            "text": ARTICLE.format(n=3 + i % 7, k=10 + i, p=payload),
            payload: payload,  # hostile extra metadata key
        })  # fmt: skip
    return out


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    from newsledger.runner import extract

    base = tmp_path_factory.mktemp("hostile")
    src = base / "hostile.jsonl"
    src.write_text("\n".join(json.dumps(line) for line in _lines()) + "\n", encoding="utf-8")
    db = str(base / "ledger.db")
    with Store(db) as store:
        report = extract([str(src)], store)
    assert report.ok, report.failures
    assert report.extracted == len(XSS)
    return db


@pytest.fixture(scope="module")
def client(hostile_db: str) -> Iterator[TestClient]:
    with TestClient(create_app(hostile_db)) as c:
        yield c


def _ids(client: TestClient, path: str, key: str = "id") -> list[str]:
    r = client.get(path, params={"limit": 200})
    assert r.status_code == 200, r.text[:300]
    return [str(item[key]) for item in r.json()["items"]]


def _every_page(client: TestClient) -> list[str]:
    urls = ["/", "/metrics", "/claims", "/contradictions", "/entities", "/docs"]
    urls += [f"/articles/{i}" for i in _ids(client, "/api/articles")]
    urls += [f"/metrics/{i}" for i in _ids(client, "/api/metrics")]
    urls += [f"/clusters/{i}" for i in _ids(client, "/api/clusters")]
    for payload in XSS[:8]:
        urls += [
            f"/?q={payload}",
            f"/?outlet={payload}",
            f"/entities?q={payload}",
            f"/metrics?category={payload}",
        ]
    return urls


class _Links(HTMLParser):
    """Every URL-valued attribute of the real tags of a page, and every tag name."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.tags: set[str] = set()
        self.handlers: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        for name, value in attrs:
            if name in ("href", "src", "action", "formaction", "data", "xlink:href"):
                self.links.append(value or "")
            if name.startswith("on"):
                self.handlers.append(f"{tag} {name}")


def _links(body: str) -> _Links:
    parser = _Links()
    parser.feed(body)
    parser.close()
    return parser


def test_no_payload_reaches_any_page_unescaped(client: TestClient) -> None:
    urls = _every_page(client)
    assert len(urls) > 40
    for url in urls:
        r = client.get(url)
        assert r.status_code in (200, 404), (url, r.status_code)
        body = r.text
        for payload in XSS:
            assert payload not in body, (url, payload)
        found = _links(body)
        assert not found.handlers, (url, found.handlers)  # no event handler attribute at all
        assert not found.tags & {"iframe", "object", "embed", "math", "base", "marquee", "plaintext"}, url
        for link in found.links:
            if link == "data:,":  # the page's own empty favicon
                continue
            assert not link.lower().strip().startswith(("javascript:", "data:", "vbscript:")), (url, link)


def test_hostile_urls_are_shown_as_text_not_links(client: TestClient) -> None:
    with_url = [a for a in client.get("/api/articles", params={"limit": 200}).json()["items"]]
    hostile = [a for a in with_url if not str(a.get("url") or "").startswith("https://news.example/")]
    assert hostile
    for a in hostile:
        body = client.get(f"/articles/{a['id']}").text
        assert 'class="url"' in body
        assert "not an http(s) link" in body or 'href="https://ok.example/' in body


@pytest.mark.parametrize(
    "url",
    [
        "/static/../../../../etc/passwd",
        "/static/..%2f..%2f..%2fapp.py",
        "/static/%2e%2e/%2e%2e/app.py",
        "/static/....//....//etc/passwd",
        "/docs-assets/..%2f..%2f..%2fswagger_ui_bundle/__init__.py",
        "/articles/..%2f..%2fetc%2fpasswd",
        "/api/articles/..%2F..%2Fetc%2Fpasswd",
        "/static/vendor/../../app.py",
        "/%2e%2e/%2e%2e/etc/passwd",
    ],
)
def test_path_traversal_is_refused(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.status_code in (400, 404, 422), (url, r.status_code)
    assert "root:" not in r.text and "create_app" not in r.text and "import" not in r.text[:2000]


@pytest.mark.parametrize(
    "url",
    [
        "/?page=-1",
        "/?page=0",
        "/?page=99999999999999999999999",
        "/?page=abc",
        "/?q=" + "x" * 20000,
        '/?q="',
        "/?q=*",
        "/?q=NEAR(a b",
        "/?q=%00%01%02",
        "/?q=%FF%FE",
        "/?q=a OR OR b",
        "/?q=title:x",
        "/?outlet=%00",
        "/?published_from=not-a-date",
        "/api/articles?limit=-5",
        "/api/articles?limit=100000000",
        "/api/articles?offset=-1",
        "/api/articles?offset=99999999999999999999",
        '/api/articles?q="unbalanced',
        "/api/articles?q=" + "(" * 500,
        "/api/figures?min_value=nan",
        "/api/figures?min_value=1e999",
        "/api/articles/" + "a" * 5000,
        "/api/metrics?category=%0d%0aSet-Cookie:%20x=1",
        "/entities?label=%3Cscript%3E",
        "/contradictions?metric_id=%3Cscript%3E",
        "/articles/zzzz?at=1-999999999999",
        "/articles/zzzz?at=-5--1",
    ],
)
def test_hostile_query_parameters_never_500(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.status_code < 500, (url, r.status_code, r.text[:300])
    assert "Set-Cookie" not in r.headers
    assert "Traceback" not in r.text


def test_concurrent_requests_against_a_real_server(hostile_db: str) -> None:
    """A fast sample of benchmarks/bench_api.py: uvicorn on loopback, 100 concurrent requests x 2."""
    from benchmarks.bench_api import hammer, serve

    with serve(hostile_db) as base:
        for _ in range(2):
            stats = hammer(base, 100)
            assert stats.errors == 0, stats.failures[:5]
            assert stats.ok == 100


def test_the_docs_page_loads_its_assets_locally(client: TestClient) -> None:
    body = client.get("/docs").text
    assets = re.findall(r"""(?:src|href)=["']([^"']+)""", body)
    assert assets and all(a.startswith("/") and not a.startswith("//") for a in assets), assets
    for asset in assets:
        assert client.get(asset).status_code == 200, asset
    assert Path is not None
