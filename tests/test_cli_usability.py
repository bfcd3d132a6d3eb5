"""The CLI as a new user meets it: help with examples and defaults, a per-article progress bar on a
terminal (and none otherwise), ``extract --jsonl --no-store``, and article counts of JSONL, feeds, WARC."""

from __future__ import annotations

import io
import json
import os
import pty
import re
import select
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsledger.cli import app
from newsledger.ingest.count import count_articles

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
COMMANDS = (
    "ingest", "extract", "batch", "load", "show", "export", "stats", "delete", "reconcile", "serve", "eval",
)  # fmt: skip
READ_COMMANDS = ("show", "export", "stats", "delete", "reconcile", "serve")
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_examples_and_defaults(command: str) -> None:
    result = CliRunner().invoke(app, [command, "--help"], env={"COLUMNS": "200", "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    text = " ".join(ANSI.sub("", result.output).split())
    assert "Example" in text and f"newsledger {command}" in text, text
    if "--db" in text:
        assert "[default: ($NEWSLEDGER_DB or ./newsledger.db)]" in text, text


def test_export_help_names_every_table() -> None:
    from newsledger.ledger import TABLES

    text = " ".join(CliRunner().invoke(app, ["export", "--help"], env={"COLUMNS": "200"}).output.split())
    assert all(t in text for t in TABLES) and "contract" in text


def _jsonl(path: Path, n: int) -> Path:
    lines = [
        json.dumps({"text": f"Officials said {100 + i} workers left the Ostergard site on Monday.", "url": f"https://x.example/{i}"})
        for i in range(n)
    ]  # fmt: skip
    path.write_text("\n".join(lines) + "\n\n", encoding="utf-8")
    return path


def test_count_articles_counts_records_not_files(tmp_path: Path) -> None:
    jsonl = _jsonl(tmp_path / "batch.jsonl", 7)
    feed = tmp_path / "news.rss"
    items = "".join(f"<item><title>t{i}</title><link>https://f.example/{i}</link></item>" for i in range(4))
    rss = f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>'
    feed.write_text(rss, encoding="utf-8")
    warc = tmp_path / "crawl.warc.gz"
    with warc.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for i in range(3):
            body = f"<html><body><p>page {i}</p></body></html>".encode()
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                f"https://w.example/{i}", "response", payload=io.BytesIO(body), http_headers=http
            )
            writer.write_record(record)
    assert count_articles([str(jsonl)]) == 7
    assert count_articles([str(feed)]) == 4
    assert count_articles([str(warc)]) == 3
    assert count_articles([str(tmp_path)]) == 14
    assert count_articles([str(EXAMPLES)]) == 12  # 9 files, one of them a JSON Lines file of 3
    assert count_articles(["-"]) is None


def _on_a_terminal(args: list[str], cwd: Path) -> tuple[int, str]:
    """Run the CLI with stderr (and stdout) on a pseudo-terminal; everything it wrote, and its status."""
    leader, follower = pty.openpty()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "COLUMNS": "120", "TERM": "xterm"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsledger.cli", *args], stdin=subprocess.DEVNULL, stdout=follower,
        stderr=follower, cwd=cwd, env=env,
    )  # fmt: skip
    os.close(follower)
    chunks: list[bytes] = []
    while True:
        ready, _, _ = select.select([leader], [], [], 120)
        if not ready:
            proc.kill()
            break
        try:
            data = os.read(leader, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    os.close(leader)
    return proc.wait(timeout=60), b"".join(chunks).decode("utf-8", "replace")


def test_progress_counts_articles_on_a_terminal_and_is_off_otherwise(tmp_path: Path) -> None:
    batch = _jsonl(tmp_path / "batch.jsonl", 40)
    code, shown = _on_a_terminal(["ingest", str(batch), "--db", str(tmp_path / "a.db")], tmp_path)
    assert code == 0, shown
    assert re.search(r"\b40/40\b", ANSI.sub("", shown)), shown  # one file, forty articles
    assert "ETA" in shown
    piped = subprocess.run(
        [sys.executable, "-m", "newsledger.cli", "ingest", str(batch), "--db", str(tmp_path / "b.db")],
        capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT / "src")}, timeout=300,
        check=False,
    )  # fmt: skip
    assert piped.returncode == 0, piped.stderr
    assert "/40" not in piped.stderr and "\x1b[" not in piped.stderr
    assert "ingested 40 new article(s)" in piped.stderr


@pytest.mark.model
def test_extract_jsonl_no_store_writes_no_database(tmp_path: Path) -> None:
    story = EXAMPLES / "text" / "2025-03-14-westbrook-chronicle-measles.txt"
    env = {k: v for k, v in os.environ.items() if k != "NEWSLEDGER_DB"}
    env["PYTHONPATH"] = str(ROOT / "src")
    done = subprocess.run(
        [sys.executable, "-m", "newsledger.cli", "extract", "--jsonl", "--no-store", str(story)],
        capture_output=True, text=True, cwd=tmp_path, env=env, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    objects = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(objects) == 1 and objects[0]["figures"] and "not stored" in done.stderr
    assert list(tmp_path.iterdir()) == []  # no newsledger.db, nothing else
    refused = subprocess.run(
        [sys.executable, "-m", "newsledger.cli", "extract", "--no-store", str(story)],
        capture_output=True, text=True, cwd=tmp_path, env=env, timeout=300, check=False,
    )  # fmt: skip
    assert refused.returncode == 2 and "--jsonl" in refused.stderr
