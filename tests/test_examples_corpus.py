"""Light checks on the bundled example corpus (examples/), standard library only.

These guard the promises that `make demo`, the README and examples/README.md make about the
corpus: its size and formats, the metadata every reader needs, and that the figures the
README lists as contradictions (and look-alikes) really occur in the files it names.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
JSONL_KEYS = {"url", "title", "outlet", "published", "authors", "text"}
FILE_REF = re.compile(r"(?:text|html)/[\w.-]+\.(?:txt|html)|feed\.jsonl:\d+")
BACKTICKED = re.compile(r"`([^`]+)`")
NUMBER = re.compile(r"\d[\d,]*")


class _MetaParser(HTMLParser):
    """Collects <meta property|name=... content=...> pairs and the <title> text."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "meta":
            key = a.get("property") or a.get("name")
            if key and a.get("content") is not None:
                self.meta.setdefault(key, a["content"] or "")
        elif tag == "title":
            self._in_title = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


def _html_meta(path: Path) -> _MetaParser:
    parser = _MetaParser()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


def _feed() -> list[dict[str, object]]:
    lines = (EXAMPLES / "feed.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _manifest() -> list[dict[str, object]]:
    doc = json.loads((EXAMPLES / "manifest.json").read_text(encoding="utf-8"))
    return list(doc["articles"])


def _parse_iso(value: str) -> datetime:
    # fromisoformat accepts both dates and datetimes with offsets on Python 3.11+
    return datetime.fromisoformat(value)


def _text_of(ref: str) -> str:
    """The searchable text of one README file reference (HTML entities decoded)."""
    if ref.startswith("feed.jsonl:"):
        n = int(ref.split(":", 1)[1])
        item = _feed()[n - 1]
        return f"{item['title']}\n{item['text']}"
    path = EXAMPLES / ref
    raw = path.read_text(encoding="utf-8")
    return unescape(raw) if path.suffix == ".html" else raw


def _readme_table(heading_prefix: str) -> list[list[str]]:
    """Data rows (cells) of the first Markdown table under the heading that starts with the prefix."""
    lines = (EXAMPLES / "README.md").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"## {heading_prefix}"))
    rows: list[list[str]] = []
    in_table = False
    for line in lines[start + 1 :]:
        if line.startswith("## "):
            break
        if line.startswith("|"):
            in_table = True
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if all(set(c) <= set("-: ") for c in cells):
                continue
            rows.append(cells)
        elif in_table:
            break
    return rows[1:]  # drop the header row


def test_corpus_has_enough_articles_outlets_and_all_three_formats() -> None:
    texts = sorted((EXAMPLES / "text").glob("*.txt"))
    htmls = sorted((EXAMPLES / "html").glob("*.html"))
    feed = _feed()
    assert len(texts) >= 3
    assert len(htmls) >= 3
    assert len(feed) >= 3
    assert len(texts) + len(htmls) + len(feed) >= 10

    by_file = {str(a["file"]): a for a in _manifest()}
    outlets = {str(by_file[f"text/{p.name}"]["outlet"]) for p in texts}
    outlets |= {_html_meta(p).meta["og:site_name"] for p in htmls}
    outlets |= {str(item["outlet"]) for item in feed}
    assert len(outlets) >= 8, outlets


def test_every_jsonl_line_parses_with_required_keys() -> None:
    lines = (EXAMPLES / "feed.jsonl").read_text(encoding="utf-8").splitlines()
    assert lines
    for n, line in enumerate(lines, 1):
        item = json.loads(line)
        assert isinstance(item, dict), n
        assert set(item) >= JSONL_KEYS, (n, JSONL_KEYS - set(item))
        for key in ("url", "title", "outlet", "published", "text"):
            assert isinstance(item[key], str) and item[key].strip(), (n, key)
        assert isinstance(item["authors"], list)
        assert all(isinstance(a, str) and a.strip() for a in item["authors"]), n
        assert _parse_iso(item["published"]).year == 2025


@pytest.mark.parametrize("path", sorted((EXAMPLES / "html").glob("*.html")), ids=lambda p: p.name)
def test_every_html_page_has_site_name_and_published_time(path: Path) -> None:
    parsed = _html_meta(path)
    assert parsed.meta.get("og:site_name", "").strip()
    assert parsed.meta.get("og:url", "").startswith("https://")
    assert parsed.title.strip()
    published = _parse_iso(parsed.meta["article:published_time"])
    assert published.tzinfo is not None
    raw = path.read_text(encoding="utf-8")
    assert "<figcaption" in raw and 'class="comments"' in raw


def test_manifest_agrees_with_the_files() -> None:
    manifest = _manifest()
    listed = {str(a["file"]) for a in manifest}
    on_disk = {f"text/{p.name}" for p in (EXAMPLES / "text").glob("*.txt")}
    on_disk |= {f"html/{p.name}" for p in (EXAMPLES / "html").glob("*.html")}
    on_disk |= {f"feed.jsonl:{n}" for n in range(1, len(_feed()) + 1)}
    assert listed == on_disk

    dates = []
    for entry in manifest:
        ref, outlet = str(entry["file"]), str(entry["outlet"])
        dates.append(_parse_iso(str(entry["published"])).date())
        if ref.startswith("text/"):
            lines = (EXAMPLES / ref).read_text(encoding="utf-8").splitlines()
            assert lines[0].strip() == entry["title"], ref
            assert any(outlet in line for line in lines[1:4]), (ref, outlet)
        elif ref.startswith("html/"):
            meta = _html_meta(EXAMPLES / ref).meta
            assert meta["og:site_name"] == outlet, ref
            assert meta["og:url"] == entry["url"], ref
        else:
            item = _feed()[int(ref.split(":")[1]) - 1]
            assert (item["outlet"], item["url"], item["title"]) == (outlet, entry["url"], entry["title"])
    assert (max(dates) - min(dates)).days >= 14
    assert {"business", "health"} <= {str(a["domain"]) for a in manifest}


def test_text_scrapes_carry_the_debris_the_readme_promises() -> None:
    texts = {p.name: p.read_text(encoding="utf-8") for p in (EXAMPLES / "text").glob("*.txt")}
    joined = "\n".join(texts.values())
    markers = ("ADVERTISEMENT", "Read More", "0 I like it", "Sign up now", "Add a Comment", "is pictured")
    for marker in markers:
        assert marker in joined, marker
    with_comments = [name for name, t in texts.items() if "Post a Comment" in t]
    assert len(with_comments) >= 2, with_comments


def _check_rows(rows: list[list[str]], pairs: list[tuple[int, int]]) -> int:
    """For each (figure column, files column), every listed file holds one of the figures."""
    checked = 0
    for row in rows:
        for fig_col, files_col in pairs:
            surfaces = BACKTICKED.findall(row[fig_col])
            refs = FILE_REF.findall(row[files_col])
            assert surfaces and refs, row
            for ref in refs:
                text = _text_of(ref)
                assert any(s in text for s in surfaces), (row[0], ref, surfaces)
                checked += 1
    return checked


def test_readme_contradiction_figures_occur_in_the_listed_files() -> None:
    rows = _readme_table("Contradictions")
    assert len(rows) >= 2
    assert _check_rows(rows, [(2, 3), (4, 5)]) >= 10
    for row in rows:
        # the two sides of a contradiction must state different values
        side_a = {int(n.replace(",", "")) for s in BACKTICKED.findall(row[2]) for n in NUMBER.findall(s)}
        side_b = {int(n.replace(",", "")) for s in BACKTICKED.findall(row[4]) for n in NUMBER.findall(s)}
        assert side_a and side_b and not side_a & side_b, row[0]


def test_readme_look_alike_figures_occur_in_the_listed_files() -> None:
    rows = _readme_table("Look-alikes")
    assert rows
    assert _check_rows(rows, [(2, 3)]) >= len(rows)
