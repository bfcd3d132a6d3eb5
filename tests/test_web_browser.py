"""The pages in a real headless Chromium (Debian's /usr/bin/chromium, driven by Playwright).

uvicorn serves the session ledger (see test_web_api) on a free localhost port. The tests check
the highlights, the tooltip and side panel, the plotly chart, that hostile text never runs, and
that no page asks for anything outside localhost. They save docs/screenshots/*.png for the docs.

Without /usr/bin/chromium (or the playwright package) the tests skip, unless
NEWSLEDGER_REQUIRE_BROWSER=1 (CI sets it), in which case they fail.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.test_web_api import EVIL_ID, EVIL_SCRIPT, build_web_db

from newsledger.contract import Article
from newsledger.store.repo import Store
from newsledger.web.app import create_app
from newsledger.web.views import number

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _unavailable() -> str | None:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -e '.[test]')"
    return None


REASON = _unavailable()
if REASON is not None:
    if os.environ.get("NEWSLEDGER_REQUIRE_BROWSER") == "1":
        pytest.fail(f"browser tests required but {REASON}", pytrace=False)
    pytest.skip(REASON, allow_module_level=True)

from playwright.sync_api import Browser, Page, Route, sync_playwright  # noqa: E402


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> str:
    return build_web_db(tmp_path_factory)


@pytest.fixture(scope="module")
def base_url(ledger: str) -> Iterator[str]:
    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(create_app(ledger), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Browser, base_url: str) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1360, "height": 900}, device_scale_factor=1)
    pg = context.new_page()
    outside: list[str] = []
    errors: list[str] = []

    def guard(route: Route) -> None:
        if route.request.url.startswith(base_url) or route.request.url.startswith("data:"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    pg.route("**/*", guard)
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    yield pg
    context.close()
    assert outside == [], f"pages must not reach outside localhost: {outside}"
    assert errors == [], f"JavaScript errors: {errors}"


@pytest.fixture(scope="module")
def articles(ledger: str) -> dict[str, Article]:
    with Store(ledger) as store:
        return {a.id: a for a in store.iter_articles()}


def _showcase(articles: dict[str, Article]) -> Article:
    """An example article with every kind of highlight: the Daily Clarion's leaked-call story."""
    return next(a for a in articles.values() if a.outlet == "The Daily Clarion")


def test_article_highlights_tooltip_and_panel(
    page: Page, base_url: str, articles: dict[str, Article]
) -> None:
    article = _showcase(articles)
    page.goto(f"{base_url}/articles/{article.id}")
    for kind in ("figure", "quote", "claim", "hedge", "source"):
        assert page.locator(f"#nl-text mark.nl-{kind}").count() > 0, kind
    assert page.locator("#nl-panel").is_visible()  # JavaScript on: the side panel replaces scrolling

    claims = {c.id: c for c in article.claims}
    figure = next(f for f in article.figures if f.claim and len(claims[f.claim].sources) >= 2)
    chain = claims[figure.claim or ""].sources
    mark = page.locator(f'#nl-text mark.nl-figure[data-start="{figure.start}"][data-end="{figure.end}"]')
    mark.scroll_into_view_if_needed()
    mark.hover()
    tip = page.locator("#nl-tip")
    tip.wait_for(state="visible")
    assert tip.inner_text().strip()
    panel = page.locator("#nl-panel-body")
    text = panel.inner_text()
    assert figure.text in text
    assert number(figure.value) in text
    for source in chain:
        assert source.name in text, (source.name, text)
    assert "figure" in text.lower() and "claim" in text.lower()  # the figure and the claim around it

    mark.click()  # pins the panel: hovering elsewhere no longer changes it
    page.locator("#nl-text mark.nl-quote").first.hover()
    assert panel.inner_text() == text
    page.locator("#nl-panel").scroll_into_view_if_needed()
    page.evaluate("window.scrollTo(0, 0)")
    mark.scroll_into_view_if_needed()
    mark.hover()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "article.png"))

    page.locator('#nl-legend input[data-kind="claim"]').uncheck()  # toggles still work
    assert "hide-claim" in (page.locator("#nl-text").get_attribute("class") or "")


def test_hostile_text_does_not_run(page: Page, base_url: str) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{base_url}/articles/{EVIL_ID}")
    page.locator("details.comments summary").click()
    page.locator("#nl-text mark.nl-figure").first.hover()
    page.wait_for_timeout(300)
    assert dialogs == []
    assert EVIL_SCRIPT in page.locator("#nl-text").inner_text()
    assert EVIL_SCRIPT in page.locator("h1").inner_text()
    assert page.locator("#nl-text script, #nl-text img, details img, h1 script").count() == 0
    page.goto(f"{base_url}/?q={EVIL_SCRIPT}")
    page.wait_for_timeout(200)
    assert dialogs == []
    assert page.locator("#q").input_value() == EVIL_SCRIPT


def _busiest_metric(base_url: str, page: Page) -> dict[str, Any]:
    data = page.request.get(f"{base_url}/api/metrics?limit=200").json()
    assert data["items"], "reconcile found no metric"
    return max(data["items"], key=lambda m: (m["contradictions"], m["figures"], len(m["outlets"])))


def test_metric_chart_renders(page: Page, base_url: str) -> None:
    metric = _busiest_metric(base_url, page)
    page.goto(f"{base_url}/metrics/{metric['id']}")
    page.locator("#nl-chart.js-plotly-plot").wait_for(state="attached", timeout=15_000)
    page.locator('#nl-chart[data-rendered="1"]').wait_for(timeout=15_000)
    assert page.locator("#nl-chart svg.main-svg").count() >= 1
    assert page.locator("#nl-chart .scatterlayer .point").count() >= 2
    assert page.locator("#nl-chart .legend .traces").count() >= 1  # one trace per source type
    page.screenshot(path=str(SCREENSHOTS / "metric.png"), full_page=False)


def test_contradictions_and_claim_pages(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/contradictions")
    sections = page.locator("section.contradiction")
    assert sections.count() >= 1
    assert sections.first.locator(".side").count() == 2
    page.screenshot(path=str(SCREENSHOTS / "contradictions.png"))
    clusters = page.request.get(f"{base_url}/api/clusters?limit=200").json()["items"]
    assert clusters
    biggest = max(clusters, key=lambda c: len(c["members"]))
    page.goto(f"{base_url}/claims/{biggest['first']['claim_id']}")
    assert page.locator("ol.timeline > li").count() == len(biggest["members"])
    assert page.locator("ol.timeline li.first").count() == 1
    page.screenshot(path=str(SCREENSHOTS / "claim.png"))
    page.goto(f"{base_url}/")
    page.fill("#q", "conscripts")
    page.locator("form.search button").click()
    page.wait_for_url("**/?q=conscripts*")
    assert page.locator("ol.articles > li").count() >= 1
    page.goto(f"{base_url}/")
    page.screenshot(path=str(SCREENSHOTS / "index.png"))
