"""JSON Lines ingest: text and html records, metadata, per-line errors."""

from __future__ import annotations

import json
from pathlib import Path

from newsledger.errors import InputError
from newsledger.ingest import RawArticle, read_file, read_inputs

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"

TEXT = (
    "The Varnby bridge will close for 10 days from Monday for repairs, the county said.\n"
    "ADVERTISEMENT\n"
    "“The joints are worn out,” county engineer Hal Brisk said on Friday.\n"
    "Sign up for our newsletter to get local news delivered to your inbox. Sign up now."
)


def test_jsonl_records_and_bad_line(tmp_path: Path) -> None:
    html = (FIXTURES / "article_page.html").read_text(encoding="utf-8")
    lines = [
        json.dumps(
            {
                "text": TEXT,
                "url": "https://county.example/bridge",
                "title": "Varnby bridge to close",
                "published": "Fri, 03 Nov 2023 10:00:00 +0000",
                "outlet": "County News",
                "authors": ["Ada Rusk"],
                "gold": {"figures": []},
            }
        ),
        "{not json",
        "",
        json.dumps({"html": html, "url": "https://morrowledger.example/x"}),
        json.dumps({"title": "no body"}),
        json.dumps(["a", "list"]),
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(read_inputs([str(path)]))
    arts = [i for i in items if isinstance(i, RawArticle)]
    errors = [i for i in items if isinstance(i, InputError)]
    assert len(arts) == 2
    assert [e.line for e in errors] == [2, 5, 6]
    assert f"{path}:2" in str(errors[0]) and "invalid JSON" in errors[0].reason
    first = arts[0]
    assert first.title == "Varnby bridge to close" and first.outlet == "County News"
    assert first.authors == ("Ada Rusk",) and first.published == "2023-11-03T10:00:00Z"
    assert "ADVERTISEMENT" not in first.text and "Sign up now" not in first.text
    assert first.text.startswith("The Varnby bridge will close")  # a given title is not repeated in text
    second = arts[1]
    assert second.url == "https://morrowledger.example/x" and second.outlet == "The Morrow Ledger"
    assert len(second.comments) == 2 and "ADVERTISEMENT" not in second.text


def test_read_file_jsonl_all_bad_raises(tmp_path: Path) -> None:
    path = tmp_path / "bad.ndjson"
    path.write_text("{oops\n", encoding="utf-8")
    try:
        read_file(path)
    except InputError as exc:
        assert exc.line == 1
    else:
        raise AssertionError("expected InputError")


def test_jsonl_sniffed_without_extension(tmp_path: Path) -> None:
    path = tmp_path / "dump"
    path.write_text(json.dumps({"text": TEXT}) + "\n", encoding="utf-8")
    [art] = read_file(path)
    assert "county engineer Hal Brisk" in art.text
