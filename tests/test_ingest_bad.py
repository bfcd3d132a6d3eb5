"""Bad inputs: each gives an InputError naming the file (and line/record) with a reason; nothing crashes."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from newsledger.errors import InputError, NotAnArticle
from newsledger.ingest import RawArticle, count_inputs, read_file, read_inputs
from newsledger.ingest.dates import iso_date
from newsledger.ingest.encoding import (
    ENV_MAX_MB,
    decode_bytes,
    max_article_bytes,
    sniff_binary,
    strip_controls,
)

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x08\x00\x00\x00\x06\x08\x02\x00\x00\x00" + bytes(200)
ARTICLE = (
    "The Harrow Valley water board said on Monday that it would raise prices by 6 percent from April, "
    "citing the cost of repairing 40 kilometres of pipe.\n"
    "“Nobody likes paying more,” board chairman Emil Fossum said. “But the pipes are older than I am.”\n"
)


def _only_error(path: Path) -> InputError:
    items = list(read_inputs([str(path)]))
    assert len(items) == 1 and isinstance(items[0], InputError), items
    return items[0]


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    err = _only_error(path)
    assert err.source == str(path) and "empty" in err.reason and err.hint
    with pytest.raises(InputError):
        read_file(path)


def test_binary_image(tmp_path: Path) -> None:
    for name in ("photo.png", "photo.txt", "photo"):
        path = tmp_path / name
        path.write_bytes(PNG)
        err = _only_error(path)
        assert "PNG image" in err.reason and str(path) in str(err)


def test_cp1252_text_decoded(tmp_path: Path) -> None:
    path = tmp_path / "old.txt"
    path.write_bytes(
        ("Café owners in Brønby said prices rose 5 % – a “shock” for the town’s bakers.\n" + ARTICLE).encode(
            "cp1252"
        )
    )
    [art] = read_file(path)
    assert "Café owners in Brønby" in art.text and "– a “shock”" in art.text and "town’s" in art.text


def test_over_size_limit(tmp_path: Path) -> None:
    big = tmp_path / "huge.html"
    big.write_bytes(b"<html><body><p>" + b"word " * (4 * 1024 * 1024) + b"</p></body></html>")  # 20 MB
    err = _only_error(big)
    assert "over the per-article limit of 10 MB" in err.reason and ENV_MAX_MB in err.hint


def test_size_limit_from_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_MAX_MB, "0.001")
    assert max_article_bytes() == int(0.001 * 1024 * 1024)
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE * 10, encoding="utf-8")
    assert "limit" in _only_error(path).reason
    lines = tmp_path / "a.jsonl"
    lines.write_text(
        '{"text": "short line of news text."}\n{"text": "' + "x " * 2000 + '"}\n', encoding="utf-8"
    )
    items = list(read_inputs([str(lines)]))
    assert isinstance(items[0], RawArticle) and isinstance(items[1], InputError) and items[1].line == 2


def test_garbage_feed(tmp_path: Path) -> None:
    path = tmp_path / "news.rss"
    path.write_bytes(b"<rss><channel><item><title>Broken & unclosed <b>")
    items = list(read_inputs([str(path)]))
    errors = [i for i in items if isinstance(i, InputError) and not isinstance(i, NotAnArticle)]
    assert len(errors) == 1 and "malformed feed" in errors[0].reason and str(path) in str(errors[0])
    assert not [i for i in items if isinstance(i, RawArticle)]


def test_not_a_warc(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(gzip.compress(b"this is not a WARC record at all\r\n\r\n"))
    err = _only_error(path)
    assert "WARC" in err.reason


def test_missing_path_and_directory_walk(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "empty.txt").write_text("  \n", encoding="utf-8")
    paths = [str(tmp_path), str(tmp_path / "nope.txt")]
    assert count_inputs(paths) == 4
    items = list(read_inputs(paths))
    assert [type(i).__name__ for i in items] == ["RawArticle", "InputError", "RawArticle", "InputError"]
    assert items[0].path == str(tmp_path / "a.txt") and items[2].path == str(tmp_path / "sub" / "b.txt")
    assert "no such file" in items[3].reason


def test_encoding_helpers() -> None:
    assert decode_bytes("naïve".encode(), "x").how == "utf-8"
    assert decode_bytes(b"\xef\xbb\xbfhi", "x").text == "hi"
    bad = "“Grenvik’s” school".encode()[:-9] + b"\xe2\x80" + b" school"
    dec = decode_bytes(b'<meta charset="utf-8">' + bad, "x")
    assert dec.how == "declared" and "\ufffd" in dec.text and "‚Äô" not in dec.text
    assert sniff_binary(PNG) == "PNG image" and sniff_binary(b"plain text\n") is None
    assert strip_controls("a\x00b\x07c\r\nd") == "abc\nd"


def test_iso_dates() -> None:
    assert iso_date("20240314T1630Z") == "2024-03-14T16:30:00Z"
    assert iso_date("Tue, 12 Mar 2024 17:40:00 +0000") == "2024-03-12T17:40:00Z"
    assert iso_date("2024-03-10T19:12:00+01:00") == "2024-03-10T19:12:00+01:00"
    assert iso_date("15/03/2024 07:30") == "2024-03-15T07:30:00"
    assert iso_date("2024-03-15") == "2024-03-15" and iso_date("soon") is None
