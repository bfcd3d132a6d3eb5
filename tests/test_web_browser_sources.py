"""The facts panel, notable-claim underlines, source pages, CSV downloads and a 420 px layout, in Chromium.

Same server, browser and guards as tests/test_web_browser.py (imported from there: it skips when
Chromium is missing, unless NEWSLEDGER_REQUIRE_BROWSER=1). Screenshots go to docs/screenshots.
"""

from __future__ import annotations

import csv
import io

import tests.test_web_browser as wb
from playwright.sync_api import Browser, Page

from newsledger.contract import Article
from newsledger.reconcile.sources import notable_claims

# The server, browser and page (with its guards) of test_web_browser, shared by name.
ledger = wb.ledger
base_url = wb.base_url
browser = wb.browser
page = wb.page
articles = wb.articles
SCREENSHOTS = wb.SCREENSHOTS
_showcase = wb._showcase


def _csv(page: Page, url: str) -> list[dict[str, str]]:
    response = page.request.get(url)
    assert response.ok and response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers.get("content-disposition", "")
    return list(csv.DictReader(io.StringIO(response.text())))


def test_facts_panel_lists_figures_attributions_and_hedges_by_source_without_hover(
    page: Page, base_url: str, articles: dict[str, Article]
) -> None:
    article = _showcase(articles)
    page.goto(f"{base_url}/articles/{article.id}")
    groups = page.locator("#nl-groups")
    assert groups.is_visible()  # no hover, no click
    text = groups.inner_text()
    for figure in article.figures:
        assert figure.text in text, figure.text
    cited = {c.sources[-1].name for c in article.claims if len(c.sources) > 1}
    headings = page.locator("#nl-groups .group h3").all_inner_texts()
    assert cited and all(any(name in h for h in headings) for name in cited), (cited, headings)
    hedges = [h.text for c in article.claims for h in c.hedges]
    assert hedges and all(h in text for h in hedges)
    # each group's figures belong to claims whose innermost source is that group's
    claims = {c.id: c for c in article.claims}
    fig = next(f for f in article.figures if f.claim and len(claims[f.claim].sources) > 1)
    group = page.locator("#nl-groups .group", has=page.locator(".g-fig", has_text=fig.text)).first
    assert claims[fig.claim or ""].sources[-1].name in group.locator("h3").inner_text()
    page.locator("#nl-panel").screenshot(path=str(SCREENSHOTS / "facts-panel.png"))


def test_claims_are_underlined_only_when_they_carry_something(
    page: Page, base_url: str, articles: dict[str, Article]
) -> None:
    article = next(a for a in articles.values() if 0 < len(notable_claims(a)) < len(a.claims))
    page.goto(f"{base_url}/articles/{article.id}")

    def underline(selector: str) -> str:
        return str(page.locator(selector).first.evaluate("m => getComputedStyle(m).borderBottomStyle"))

    plain = '#nl-text mark.nl-claim[data-notable="0"]'
    marked = '#nl-text mark.nl-claim[data-notable="1"]'
    assert page.locator(plain).count() == len(article.claims) - len(notable_claims(article))
    assert underline(plain) == "none" and underline(marked) == "solid"
    page.locator("#nl-claims-toggle").click()
    page.wait_for_url("**claims=all**")
    assert underline(plain) == "dashed" and underline(marked) == "solid"
    page.locator("#nl-claims-toggle").click()
    page.wait_for_url("**claims=notable**")
    assert underline(plain) == "none"


def test_source_page_lists_every_attribution_with_chains_and_a_csv(
    page: Page, base_url: str, articles: dict[str, Article]
) -> None:
    counts: dict[str, int] = {}
    for a in articles.values():
        for c in a.claims:
            for s in c.sources[1:]:
                counts[s.name] = counts.get(s.name, 0) + 1
    name = max(counts, key=lambda n: (counts[n], n))
    article = _showcase(articles)
    page.goto(f"{base_url}/articles/{article.id}")
    page.locator("#nl-groups a.src-link").first.click()  # from the facts panel to a source page
    page.wait_for_url("**/source?name=**")
    assert page.locator("h1").inner_text().startswith("What ")

    page.goto(f"{base_url}/source?name={name}")
    rows = page.locator("#nl-source-table tbody tr")
    assert rows.count() >= counts[name]  # every claim citing it (aliases of its entity may add more)
    assert page.locator("#nl-source-table .chain").count() == rows.count()
    assert name in page.locator("#nl-source-table").inner_text()
    page.screenshot(path=str(SCREENSHOTS / "source.png"))
    href = page.locator("#nl-source-csv").get_attribute("href")
    assert href
    data = _csv(page, base_url + href)
    assert len(data) == rows.count()
    assert all(r["chain"].startswith("[") and r["claim"] for r in data)
    assert any(r["source"] == name for r in data)


def test_metric_page_offers_its_points_as_csv(page: Page, base_url: str) -> None:
    metrics = page.request.get(f"{base_url}/api/metrics?limit=200").json()["items"]
    metric = max(metrics, key=lambda m: (m["figures"], m["id"]))
    page.goto(f"{base_url}/metrics/{metric['id']}")
    link = page.locator("#nl-metric-csv")
    assert link.is_visible()
    data = _csv(page, base_url + (link.get_attribute("href") or ""))
    points = page.locator("section table.grid tbody tr").count()
    assert len(data) == points == metric["figures"]
    assert {"published", "outlet", "value", "sources", "source_types"} <= set(data[0])


def test_layout_works_at_420_px(browser: Browser, base_url: str, articles: dict[str, Article]) -> None:
    context = browser.new_context(viewport={"width": 420, "height": 860}, device_scale_factor=1)
    pg = context.new_page()
    metric = pg.request.get(f"{base_url}/api/metrics?limit=1").json()["items"][0]
    article = _showcase(articles)
    name = next(c.sources[-1].name for c in article.claims if len(c.sources) > 1)
    paths = [
        "/",
        f"/articles/{article.id}",
        f"/metrics/{metric['id']}",
        "/metrics",
        "/claims",
        "/contradictions",
        "/entities",
        f"/source?name={name}",
    ]
    for path in paths:
        pg.goto(base_url + path)
        width = pg.evaluate("document.documentElement.scrollWidth")
        assert width <= 420, (path, width)  # nothing wider than the screen: no sideways scrolling
        for link in pg.locator("header.site nav a").all():
            box = link.bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 420, (path, box)
        if path.startswith("/articles/"):
            assert pg.locator("#nl-groups").is_visible()
            pg.screenshot(path=str(SCREENSHOTS / "article-420.png"))
    context.close()
