"""HTML pages over the session ledger (see test_web_api), and the pure article renderer."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.test_web_api import EVIL_ID, EVIL_SCRIPT, build_web_db, evil_article

from newsledger.contract import Article
from newsledger.store.repo import Store
from newsledger.web.app import create_app
from newsledger.web.render import Span, data_attr_name, paragraphs, render_article


@pytest.fixture(scope="session")
def web_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    return build_web_db(tmp_path_factory)


@pytest.fixture(scope="module")
def client(web_db: str) -> Iterator[TestClient]:
    with TestClient(create_app(web_db)) as c:
        yield c


@pytest.fixture(scope="module")
def articles(web_db: str) -> dict[str, Article]:
    with Store(web_db) as store:
        return {a.id: a for a in store.iter_articles()}


def page(client: TestClient, url: str, status: int = 200) -> str:
    r = client.get(url)
    assert r.status_code == status, (url, r.status_code, r.text[:300])
    assert r.headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in r.headers["content-security-policy"]
    return r.text


class Marks(HTMLParser):
    """Collects <mark> elements and the text inside #nl-text; checks that tags nest properly."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.marks: list[dict[str, str]] = []
        self.in_text = 0
        self.paras: list[str] = []
        self.dialogs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag in ("meta", "link", "input", "br", "img"):
            if tag == "img":
                self.dialogs.append("img")
            return
        self.stack.append(tag)
        if a.get("id") == "nl-text":
            self.in_text = len(self.stack)
        if self.in_text and tag == "mark":
            self.marks.append(a)
        if self.in_text and tag == "p":
            self.paras.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("meta", "link", "input", "br", "img"):
            return
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes <{self.stack[-1:]}>"
        if self.in_text == len(self.stack):
            self.in_text = 0
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.in_text and self.paras and self.stack[-1] in ("p", "mark"):
            self.paras[-1] += data


def parse(doc: str) -> Marks:
    m = Marks()
    m.feed(doc)
    m.close()
    return m


# -- the pure renderer ------------------------------------------------------------------------------


def test_render_escapes_every_character() -> None:
    text = f"a < b & c > d \"q\" 's' {EVIL_SCRIPT}"
    out = str(render_article(text, [Span(0, 1, "figure", "f0", 'title "x" <y>', {"Value<>": '1"2'})]))
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert 'title="title &#34;x&#34; &lt;y&gt;"' in out
    assert 'data-value="1&#34;2"' in out
    assert html.unescape(re.sub(r"<[^>]+>", "", out)) == text


def test_render_nests_overlapping_spans() -> None:
    text = "The minister said about 12,000 soldiers died, he claimed."
    spans = [
        Span(0, 45, "claim", "c1"),
        Span(18, 44, "quote", "q1"),  # inside the claim
        Span(18, 30, "figure", "f1"),  # starts with the quote
        Span(40, 58, "hedge", "h1"),  # crosses the end of the claim and the quote
    ]
    out = str(render_article(text, spans))
    parsed = parse(f'<div id="nl-text">{out}</div>')  # asserts proper nesting
    assert "".join(parsed.paras) == text
    kinds = [m["class"] for m in parsed.marks]
    assert kinds.count("nl-hedge") == 1 and kinds.count("nl-hedge nl-cont") >= 1  # split, one logical mark
    hedge_keys = {m["data-hl"] for m in parsed.marks if m["data-kind"] == "hedge"}
    assert len(hedge_keys) == 1
    assert out.index('data-kind="claim"') < out.index('data-kind="quote"') < out.index('data-kind="figure"')


def test_render_paragraphs_and_target() -> None:
    text = "First para.\n\nSecond one,\nwith a line break.\n\n\nThird."
    assert [text[s:e] for s, e in paragraphs(text)] == [
        "First para.",
        "Second one,\nwith a line break.",
        "Third.",
    ]
    out = str(render_article(text, [Span(6, 30, "claim", "c1"), Span(6, 30, "figure", "f1")], target=(6, 30)))
    assert out.count("<p ") == 3
    assert out.count('id="target"') == 1
    assert re.search(r'<mark class="nl-figure nl-target"[^>]*id="target"', out)
    assert "nl-claim nl-cont" in out  # split at the paragraph break


def test_render_skips_spans_outside_the_text() -> None:
    out = str(
        render_article(
            "short", [Span(3, 99, "figure", "f"), Span(7, 9, "quote", "q"), Span(2, 2, "hedge", "h")]
        )
    )
    assert out.count("<mark") == 1 and "rt</mark></p>" in out


def test_data_attribute_names_are_sanitised() -> None:
    assert data_attr_name('x" onmouseover="alert(1)') == "data-x-onmouseover-alert-1"
    assert data_attr_name("Source Type") == "data-source-type"
    assert data_attr_name("!!!") == "data-x"


# -- pages ------------------------------------------------------------------------------------------


def test_index_lists_searches_and_pages(client: TestClient, articles: dict[str, Article]) -> None:
    doc = page(client, "/")
    assert '<form class="search" method="get" action="/"' in doc and 'name="q"' in doc
    for link in ("/metrics", "/contradictions", "/entities", "/claims"):
        assert f'href="{link}"' in doc
    for a in articles.values():
        assert f'href="/articles/{a.id}"' in doc
    first = page(client, "/?limit=5")
    assert "page 1 of 3" in first
    nxt = re.search(r'href="(\?[^"]*page=2[^"]*)"', first)
    assert nxt is not None
    second = page(client, "/" + html.unescape(nxt.group(1)))
    assert "page 2 of 3" in second
    ids1 = set(re.findall(r'href="/articles/([0-9a-f]+)"', first))
    ids2 = set(re.findall(r'href="/articles/([0-9a-f]+)"', second))
    assert len(ids1) == len(ids2) == 5 and not ids1 & ids2
    found = page(client, "/?q=measles")
    assert "1–1 of 1 article" in found and "Westbrook" in found
    cpa = page(client, "/?outlet=Continental+Press+Agency")
    assert len(set(re.findall(r'href="/articles/([0-9a-f]+)"', cpa))) == 3
    assert page(client, "/?q=zzqxnotaword").count('href="/articles/') == 0
    # the search form submits every field, empty ones included: empty means "no filter"
    assert "Westbrook" in page(client, "/?q=measles&outlet=&date_from=&date_to=")


def test_article_page_marks_every_item(client: TestClient, articles: dict[str, Article]) -> None:
    for a in articles.values():
        doc = page(client, f"/articles/{a.id}")
        parsed = parse(doc)
        marks = parsed.marks
        by_kind: dict[str, set[tuple[int, int]]] = {}
        for m in marks:
            if "data-start" in m:
                by_kind.setdefault(m["data-kind"], set()).add((int(m["data-start"]), int(m["data-end"])))
            assert m["class"].split()[0] == f"nl-{m['data-kind']}"
        for kind, items in (("figure", a.figures), ("quote", a.quotes), ("claim", a.claims)):
            want = {(x.start, x.end) for x in items}
            assert want <= by_kind.get(kind, set()), (a.id, kind, want - by_kind.get(kind, set()))
        hedges = {(h.start, h.end) for c in a.claims for h in c.hedges}
        assert hedges <= by_kind.get("hedge", set()), a.id
        assert all(m.get("title") for m in marks if "data-start" in m), "every highlight has a tooltip"
        # the reader sees exactly the cleaned text, paragraph by paragraph
        assert [p for p in parsed.paras] == [a.text[s:e] for s, e in paragraphs(a.text)]


def test_article_page_facts_details_and_metadata(client: TestClient, articles: dict[str, Article]) -> None:
    clarion = next(a for a in articles.values() if a.outlet == "The Daily Clarion")
    doc = page(client, f"/articles/{clarion.id}")
    assert 'id="facts"' in doc and 'id="nl-panel"' in doc
    assert doc.count('id="fact-figure-') == len(clarion.figures)
    assert doc.count('id="fact-quote-') == len(clarion.quotes)
    assert doc.count('id="fact-claim-') == len(clarion.claims)
    assert clarion.comments and '<details class="comments">' in doc
    assert '<details class="removed">' in doc and "<details open" not in doc
    assert html.escape(clarion.comments[0].text, quote=False)[:40] in doc
    for c in clarion.claims:
        assert f'href="/claims/{clarion.id}:{c.id}"' in doc
    assert clarion.id in doc and "The Daily Clarion" in doc


def test_hostile_article_is_escaped_everywhere(client: TestClient) -> None:
    for url in (f"/articles/{EVIL_ID}", "/", "/?outlet=The+%3Ci%3EEvil%3C%2Fi%3E+%26+Co+Gazette"):
        doc = page(client, url)
        assert EVIL_SCRIPT not in doc, url
        assert "<i>Evil</i>" not in doc and "<b>volunteers</b>" not in doc
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in doc or "&lt;script&gt;" in doc, url
    doc = page(client, f"/articles/{EVIL_ID}")
    parsed = parse(doc)
    assert parsed.dialogs == []  # no <img onerror=...> was created from the text or the comments
    assert "&lt;img src=x onerror=alert(2)&gt;" in doc and "&lt;img src=x onerror=alert(3)&gt;" in doc
    assert "3 &lt; 5 &amp; " in doc
    assert "Ivo &lt;Brand&gt;" in doc and "A. &lt;Author&gt;" in doc
    assert 'href="https://evil.example/&lt;script&gt;"' in doc
    figure = next(m for m in parsed.marks if m["data-kind"] == "figure")
    want = evil_article().figures[0]
    assert figure["title"] and (int(figure["data-start"]), int(figure["data-end"])) == (want.start, want.end)


def test_a_model_confidence_is_shown_where_it_is_below_one(
    client: TestClient, articles: dict[str, Article]
) -> None:
    doc = page(client, f"/articles/{EVIL_ID}")
    quotes = doc.split("<h3>Quotes")[1].split("</table>")[0]
    claims = doc.split("<h3>Claims")[1].split("</table>")[0]
    assert quotes.count("0.62") == 1 and claims.count("0.62") == 1
    api = client.get(f"/api/articles/{EVIL_ID}").json()
    assert api["quotes"][0]["confidence"] == 0.625 and api["claims"][1]["kind"] == "direct"
    clarion = next(a for a in articles.values() if a.outlet == "The Daily Clarion")
    assert all(q.confidence == 1.0 for q in clarion.quotes)  # the rules: nothing shown
    doc = page(client, f"/articles/{clarion.id}")
    assert 'title="confidence of the learned attribution model"' not in doc


def test_unknown_ids_are_html_404(client: TestClient) -> None:
    for url in (
        "/articles/0000000000000000",
        "/metrics/nosuchmetric",
        "/claims/0000000000000000:c1",
        "/claims/nocolon",
        "/clusters/nosuchcluster",
        "/no/such/page",
    ):
        doc = page(client, url, status=404)
        assert "Not found" in doc and "<script>" not in doc.split("</head>")[1].split("<script")[0]
    doc = page(client, "/articles/%3Cscript%3Ealert(1)%3C%2Fscript%3E", status=404)
    assert EVIL_SCRIPT not in doc and "&lt;script&gt;alert(1)&lt;/script&gt;" in doc
    assert page(client, "/?date_from=yesterday", status=422).count("date_from") >= 1


def test_metric_pages(client: TestClient) -> None:
    api = client.get("/api/metrics", params={"limit": 200}).json()
    assert api["items"]
    doc = page(client, "/metrics")
    for m in api["items"][:20]:
        assert f'href="/metrics/{m["id"]}"' in doc
    busiest = max(api["items"], key=lambda m: m["figures"])
    doc = page(client, f"/metrics/{busiest['id']}")
    assert '<script type="application/json" id="nl-chart-data">' in doc
    assert 'src="/static/vendor/plotly.min.js"' in doc and "cdn" not in doc.lower()
    points = client.get(f"/api/metrics/{busiest['id']}").json()["points"]
    assert doc.split("<tbody>")[1].count("<tr>") == len(points)
    for p in points:
        assert f"/articles/{p['article_id']}?at={p['start']}-{p['end']}#target" in doc
    js = client.get("/static/vendor/plotly.min.js")
    assert js.status_code == 200 and "javascript" in js.headers["content-type"]
    assert len(js.content) > 1_000_000


def test_claim_cluster_and_contradiction_pages(client: TestClient) -> None:
    clusters = client.get("/api/clusters", params={"limit": 200}).json()["items"]
    assert clusters
    doc = page(client, "/claims")
    cl = clusters[0]
    assert f'href="/claims/{cl["first"]["claim_id"]}"' in doc
    doc = page(client, f"/claims/{cl['members'][-1]['claim_id']}")
    assert "first reporter" in doc and (cl["first"]["outlet"] or "") in doc
    for m in cl["members"]:
        assert f"/articles/{m['article_id']}?at={m['start']}-{m['end']}#target" in doc
    assert page(client, f"/clusters/{cl['id']}").count('class="badge good">first reporter') == 1
    contradictions = client.get("/api/contradictions", params={"limit": 200}).json()["items"]
    doc = page(client, "/contradictions")
    assert doc.count('<section class="contradiction">') == len(contradictions) >= 1
    for c in contradictions:
        for side in (c["a"], c["b"]):
            assert html.escape(side["outlet"]) in doc
            assert f"/articles/{side['article_id']}?at={side['start']}-{side['end']}#target" in doc


def test_entities_page(client: TestClient) -> None:
    doc = page(client, "/entities?label=PERSON")
    api = client.get("/api/entities", params={"label": "PERSON", "limit": 50}).json()["items"]
    assert api
    for e in api[:10]:
        assert html.escape(e["canonical"]) in doc


def test_article_target_link(client: TestClient, articles: dict[str, Article]) -> None:
    a = next(a for a in articles.values() if a.figures)
    f = a.figures[0]
    doc = page(client, f"/articles/{a.id}?at={f.start}-{f.end}")
    target: list[dict[str, Any]] = [m for m in parse(doc).marks if m.get("id") == "target"]
    assert len(target) == 1 and target[0]["data-kind"] == "figure"
