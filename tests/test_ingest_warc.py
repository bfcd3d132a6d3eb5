"""WARC (CC-NEWS layout) ingest against samples/expected.json, plus hand-built WARCs."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsledger.errors import InputError, NotAnArticle
from newsledger.ingest import RawArticle, read_file, read_inputs

SAMPLES = Path(__file__).parents[1] / ".." / "shared" / "samples"
OUTCOME = {
    "article": "article",
    "article_truncated": "article",
    "skip_redirect": "note",
    "skip_non_html": "note",
    "not_article": "note",
}


def _sample() -> tuple[Path, list[dict[str, Any]]]:
    warc = SAMPLES / "cc-news-sample.warc.gz"
    if not warc.is_file():
        pytest.skip(f"ingest samples not found at {SAMPLES.resolve()} (they live outside the repository)")
    records = json.loads((SAMPLES / "expected.json").read_text(encoding="utf-8"))["records"]
    return warc, records


def _by_record(items: list[RawArticle | InputError], records: list[dict[str, Any]]) -> dict[int, Any]:
    """Match items to records: notes name their record, articles come in file order."""
    out: dict[int, Any] = {}
    wanted = [r["n"] for r in records if r["expect"].startswith("article")]
    articles = [i for i in items if isinstance(i, RawArticle)]
    assert len(articles) == len(wanted)
    out.update(zip(wanted, articles, strict=True))
    for item in items:
        if isinstance(item, InputError):
            n = int(item.reason.split()[1])
            assert n not in out
            out[n] = item
    return out


def test_sample_outcome_per_record() -> None:
    warc, records = _sample()
    items = list(read_inputs([str(warc)]))
    assert not [i for i in items if isinstance(i, InputError) and not isinstance(i, NotAnArticle)]
    got = _by_record(items, records)
    for rec in records:
        item = got.get(rec["n"])
        if rec["expect"] == "skip":  # warcinfo: skipped silently
            assert item is None
            continue
        kind = "article" if isinstance(item, RawArticle) else "note"
        assert kind == OUTCOME[rec["expect"]], rec["n"]
    assert "image/jpeg" in got[6].reason and "record 6" in str(got[6])
    assert "301" in got[4].reason and "record 4" in str(got[4])
    assert "og:type=website" in got[10].reason


def test_sample_article_records_match_expected() -> None:
    warc, records = _sample()
    got = _by_record(list(read_inputs([str(warc)])), records)
    for rec in records:
        if not rec["expect"].startswith("article"):
            continue
        art = got[rec["n"]]
        for para in rec["body"]:
            assert para.replace("\ufffd", "") in art.text.replace("\ufffd", ""), (rec["n"], para)
        for junk in rec["not_in_body"]:
            assert junk not in art.text, (rec["n"], junk)
        assert sorted(c.text for c in art.comments) == sorted(c["text"] for c in rec["comments"] or [])
        assert art.url == rec["url"]
        assert art.title == rec["title"]
        assert art.truncated == (rec["expect"] == "article_truncated")


def test_sample_versions_and_fetch_time() -> None:
    warc, records = _sample()
    got = _by_record(list(read_inputs([str(warc)])), records)
    first, second = got[1], got[2]
    assert first.url == second.url and first.id != second.id
    assert "5,000 reservists" in first.text and "6,500 reservists" in second.text
    assert first.fetched == "2024-03-12T09:21:07Z"
    assert "\x00" not in got[9].text and "‚Äô" not in got[9].text


def test_truncated_gzip_keeps_earlier_records(tmp_path: Path) -> None:
    warc, _ = _sample()
    data = warc.read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: len(data) * 2 // 3])
    items = list(read_inputs([str(cut)]))
    assert any(isinstance(i, RawArticle) for i in items)
    errors = [i for i in items if type(i) is InputError]
    assert len(errors) == 1 and "WARC" in errors[0].reason


def _response(
    writer: WARCWriter,
    url: str,
    body: bytes,
    ctype: str,
    status: str = "200 OK",
    extra: list[tuple[str, str]] | None = None,
    warc_headers: dict[str, str] | None = None,
) -> None:
    headers = [("Content-Type", ctype), ("Content-Length", str(len(body)))] + (extra or [])
    http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
    rec = writer.create_warc_record(
        url, "response", payload=io.BytesIO(body), http_headers=http, warc_headers_dict=warc_headers or {}
    )
    writer.write_record(rec)


PAGE = """<html><head><meta charset="{cs}"><title>{title}</title><meta property="og:type" content="article">
</head><body><article><h1>{title}</h1><p>Work on the Ostergard tunnel will resume on Monday after a
three-week pause, the regional roads office said on Thursday, once engineers finish checking the roof.</p>
<p>“We found {thing} and we will not take chances,” said chief engineer Lise Varnum in a statement to
reporters. The office said about 120 workers would return to the site.</p>{rest}"""


def test_hand_built_warc(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        good = PAGE.format(
            cs="utf-8", title="Tunnel work resumes", thing="cracks", rest="</article></body></html>"
        )
        _response(writer, "https://roads.example/a", good.encode("utf-8"), "text/html; charset=utf-8")
        _response(
            writer,
            "https://roads.example/old",
            b"<html>Moved</html>",
            "text/html",
            "302 Found",
            [("Location", "https://roads.example/a")],
        )
        _response(writer, "https://roads.example/p.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "image/png")
        latin = PAGE.format(
            cs="windows-1252",
            title="Tunnel café reopens",
            thing="cracks – small ones",
            rest="</article></body></html>",
        )
        _response(writer, "https://roads.example/b", latin.encode("cp1252"), "text/html")
        cut = PAGE.format(
            cs="utf-8", title="Tunnel roof checked", thing="nothing", rest="<p>The next check is du"
        )
        body = cut.encode("utf-8")
        _response(
            writer,
            "https://roads.example/c",
            body,
            "text/html; charset=utf-8",
            extra=[("X-Crawler-Content-Length", "900")],
            warc_headers={"WARC-Truncated": "length"},
        )
    items = list(read_inputs([str(path)]))
    arts = [i for i in items if isinstance(i, RawArticle)]
    notes = [i for i in items if isinstance(i, NotAnArticle)]
    assert [a.url for a in arts] == [
        "https://roads.example/a",
        "https://roads.example/b",
        "https://roads.example/c",
    ]
    assert [a.truncated for a in arts] == [False, False, True]
    assert "cracks – small ones" in arts[1].text and arts[1].title == "Tunnel café reopens"
    assert len(notes) == 2 and "302" in notes[0].reason and "image/png" in notes[1].reason
    assert read_file(path) == arts
