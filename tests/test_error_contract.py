"""The error contract: one line per bad file, naming it, printed as it happens; library warnings
folded into that line; files of unknown type in a walk counted (named with --verbose)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from benchmarks.fuzz_inputs import _html, _warc, _warc_record, article
from typer.testing import CliRunner

from newsledger.cli import app
from newsledger.runner import ingest
from newsledger.store.repo import Store

GOOD = (
    "The Harrow Valley water board said on Monday that it would raise prices by 6 percent from April, "
    "citing the cost of repairing 40 kilometres of pipe."
)


def _events(paths: list[str], db: Path) -> list[tuple[str, str]]:
    events: list[tuple[str, str]] = []
    with Store(str(db)) as store:
        ingest(
            paths,
            store,
            reconcile=False,
            tick=lambda label: events.append(("tick", label)),
            on_problem=lambda level, line: events.append((level, line)),
        )
    return events


def test_a_bad_file_is_reported_before_the_next_file_is_read(tmp_path: Path) -> None:
    d = tmp_path / "in"
    d.mkdir()
    (d / "a-bad.jsonl").write_bytes(b"\x00\x01\x02\xff" * 500)
    (d / "b-good.txt").write_text(GOOD, encoding="utf-8")
    events = _events([str(d)], tmp_path / "x.db")
    kinds = [kind for kind, _ in events]
    problem = kinds.index("error")
    assert "a-bad.jsonl" in events[problem][1]
    assert any(kind == "tick" and "b-good" in label for kind, label in events[problem:])


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("binary.jsonl", b"".join(bytes([n % 256 for n in range(i, i + 60)]) + b"\n" for i in range(50))),
        ("spaces.jsonl", "\u00a0\n \u3000 \n\t\u2003\n".encode() * 40),
        ("spaces.txt", " \u00a0\n\u200b\t\u3000\n".encode() * 40),
        ("broken.jsonl", b'{"text": "a\n' * 50),
        ("deep.jsonl", b'{"text": ' + b"[" * 100000 + b"]" * 100000 + b"}\n"),
        ("bad-declaration.atom", b'<?xml version="1.0" encoding="utf-\xfb"?><feed xmlns="http://www.w3.org/2005/Atom">'),
        ("controls.jsonl", b'{"text": "a\\u0000\\u0007\\u001b[31m"}\n' * 3),
    ],
)
def test_one_line_per_bad_file(tmp_path: Path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    lines = [line for kind, line in _events([str(path)], tmp_path / "x.db") if kind != "tick"]
    assert len(lines) == 1, lines
    assert lines[0].startswith(str(path)) and lines[0].isprintable(), lines
    assert "unexpected" not in lines[0], lines


def test_warc_warnings_and_missing_target_uri_are_one_clear_line(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    import random

    rng = random.Random(3)
    wrong = tmp_path / "wrong-length.warc"
    page = _html(article(rng), "Water prices rise").encode()
    wrong.write_bytes(_warc([_warc_record(page, "https://a.example/1", length_delta=-20)], compress=False))
    no_uri = tmp_path / "no-uri.warc.gz"
    no_uri.write_bytes(_warc([_warc_record(page, None)]))
    capfd.readouterr()
    events = _events([str(wrong), str(no_uri)], tmp_path / "x.db")
    out, err = capfd.readouterr()
    assert err == "" and out == "", (out, err)  # nothing of warcio's own reaches the terminal
    lines = [line for kind, line in events if kind != "tick"]
    assert len(lines) == 2, lines
    assert lines[0].startswith(str(wrong)) and "WARC" in lines[0], lines
    assert lines[1].startswith(str(no_uri)) and "no WARC-Target-URI" in lines[1]
    assert "unexpected" not in " ".join(lines) and "bug" not in " ".join(lines)


def test_cli_counts_unknown_files_and_names_them_with_verbose(tmp_path: Path) -> None:
    d = tmp_path / "in"
    d.mkdir()
    (d / "a.txt").write_text(GOOD, encoding="utf-8")
    (d / "photo.jpg").write_bytes(b"\xff\xd8\xff" + bytes(100))
    (d / "data.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (d / "a.json").write_text(json.dumps({"outlet": "Valley News"}), encoding="utf-8")  # a sidecar
    db = str(tmp_path / "x.db")
    result = CliRunner().invoke(app, ["ingest", str(d), "--db", db])
    assert result.exit_code == 0, result.stderr
    assert "skipped 2 file(s) of unknown type" in result.stderr and "photo.jpg" not in result.stderr
    result = CliRunner().invoke(app, ["ingest", str(d), "--db", db, "--verbose"])
    assert "photo.jpg" in result.stderr and "data.csv" in result.stderr and "a.json" not in result.stderr
