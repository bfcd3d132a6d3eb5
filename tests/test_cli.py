"""The command line end to end: real files, a real SQLite file, real subprocesses for interrupts."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from tests.conftest import ROOT, needs_seeds, seed_paths
from typer.testing import CliRunner

from newsledger.cli import app
from newsledger.schema import validation_errors

pytestmark = pytest.mark.model

ARTICLE_A = (
    "Port Aldane council approves 14 new ferries\n\n"
    "The council of Port Aldane approved the purchase of 14 new ferries on Monday, the harbour master, "
    "Bryn Castell, said.\n\n"
    "“The old boats are 40 years past their best,” Castell told the Aldane Tribune.\n\n"
    "ADVERTISEMENT\n\n"
    "The ferries will cost about 90 million dollars, according to council documents.\n"
)
ARTICLE_B = (
    "Drought cuts Velm harvest by a third\n\n"
    "Farmers in the Velm valley expect to lose roughly a third of this year's wheat, the farmers' union said "
    "on Friday, after 61 days without rain.\n\n"
    "Read More\n\n"
    "0 I like it\n"
)


def run(args: list[str]) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, args)
    return result.exit_code, result.stdout, result.stderr


def article_count(db: str) -> int:
    con = sqlite3.connect(db)
    try:
        return int(con.execute("SELECT count(*) FROM articles").fetchone()[0])
    finally:
        con.close()


def test_extract_jsonl_prints_valid_objects_and_stores_them(tmp_path: Path, db_path: str) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(ARTICLE_A, encoding="utf-8")
    (tmp_path / "in" / "b.txt").write_text(ARTICLE_B, encoding="utf-8")
    code, out, err = run(["extract", str(tmp_path / "in"), "--db", db_path, "--jsonl"])
    assert code == 0, err
    objs = [json.loads(line) for line in out.splitlines()]
    assert len(objs) == 2
    for obj in objs:
        assert validation_errors(obj) == []
        assert "ADVERTISEMENT" not in obj["text"] and "I like it" not in obj["text"]
    assert {r["kind"] for o in objs for r in o["removed"]} >= {"boilerplate"}
    assert article_count(db_path) == 2

    # A second run adds nothing and still prints both objects, read back from the store.
    code, out2, err2 = run(["extract", str(tmp_path / "in"), "--db", db_path, "--jsonl"])
    assert code == 0
    assert [json.loads(x)["id"] for x in out2.splitlines()] == [o["id"] for o in objs]
    assert "2 already extracted" in err2
    assert article_count(db_path) == 2


def test_bad_inputs_are_named_and_the_rest_is_stored(tmp_path: Path, db_path: str) -> None:
    earlier = tmp_path / "earlier.txt"
    earlier.write_text(ARTICLE_B, encoding="utf-8")
    assert run(["extract", str(earlier), "--db", db_path])[0] == 0

    d = tmp_path / "batch"
    d.mkdir()
    (d / "good.txt").write_text(ARTICLE_A, encoding="utf-8")
    (d / "empty.txt").write_bytes(b"")
    (d / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    (d / "latin.txt").write_bytes(
        "Caf\u00e9 owners in S\u00f8rvik say 35 shops closed \u2013 \u201ca hard year\u201d.\n\n"
        "The chamber of commerce said on Tuesday that 35 shops had closed since January.".encode("cp1252")
    )
    (d / "lines.jsonl").write_text(
        json.dumps({"url": "https://t.example/j1", "text": ARTICLE_B.replace("Velm", "Orrin")})
        + "\n{not json\n",
        encoding="utf-8",
    )
    (d / "huge.txt").write_bytes(b"Numbers everywhere. " * (21 * 1024 * 1024 // 20))
    code, _out, err = run(["extract", str(d), "--db", db_path])
    assert code == 1
    lines = [line for line in err.splitlines() if line.startswith("error:")]
    assert any("empty.txt" in line for line in lines)
    assert any("photo.txt" in line for line in lines)
    assert any("lines.jsonl:2" in line for line in lines)
    assert any("huge.txt" in line for line in lines)
    assert not any("good.txt" in line or "latin.txt" in line for line in lines)
    with sqlite3.connect(db_path) as con:
        texts = [r[0] for r in con.execute("SELECT text FROM articles")]
    assert len(texts) == 4  # earlier + good + latin + the good JSON line
    assert any("S\u00f8rvik" in t and "\u201ca hard year\u201d" in t for t in texts)


def test_show_export_and_stats(tmp_path: Path, db_path: str) -> None:
    src = tmp_path / "a.txt"
    src.write_text(ARTICLE_A, encoding="utf-8")
    code, out, _ = run(["extract", str(src), "--db", db_path, "--jsonl"])
    article_id = json.loads(out)["id"]
    code, out, _ = run(["show", article_id[:6], "--db", db_path])
    assert code == 0 and "Port Aldane" in out
    code, out, _ = run(["show", article_id, "--db", db_path, "--json"])
    assert json.loads(out)["id"] == article_id
    code, _, err = run(["show", "ffffffff", "--db", db_path])
    assert code == 1 and "no article" in err
    csv_path = tmp_path / "a.csv"
    code, _, _ = run(["export", "-f", "csv", "-t", "articles", "--db", db_path, "-o", str(csv_path)])
    assert code == 0 and article_id in csv_path.read_text()
    code, _, err = run(["export", "-f", "xml", "--db", db_path])
    assert code == 1 and "unknown export format" in err
    code, out, _ = run(["stats", "--db", db_path])
    assert code == 0 and "articles" in out


def _corpus(directory: Path, n: int) -> None:
    directory.mkdir()
    for i in range(n):
        (directory / f"a{i:03d}.txt").write_text(
            f"Town {i} reports {100 + i} new volunteers\n\n"
            f"Officials in the town of Marrow-{i} said on Monday that {100 + i} volunteers had signed up, "
            f"up from {50 + i} a month earlier. “We did not expect {100 + i},” "
            f"the mayor, Ola Ren{i}, said.\n",
            encoding="utf-8",
        )


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL])
def test_interrupted_run_keeps_committed_articles_and_resumes(tmp_path: Path, sig: signal.Signals) -> None:
    corpus = tmp_path / "corpus"
    _corpus(corpus, 120)
    db = str(tmp_path / "run.db")
    env = {**os.environ, "NEWSLEDGER_BATCH_SIZE": "4"}
    cmd = [sys.executable, "-m", "newsledger.cli", "extract", str(corpus), "--db", db]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    deadline = time.time() + 120
    done = 0
    while time.time() < deadline and proc.poll() is None:
        time.sleep(0.2)
        try:
            with sqlite3.connect(db, timeout=5) as con:
                done = con.execute(
                    "SELECT count(*) FROM articles WHERE extract_run_id IS NOT NULL"
                ).fetchone()[0]
        except sqlite3.Error:
            continue
        if done >= 8:
            break
    assert proc.poll() is None, "the run finished before it could be interrupted"
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    if sig == signal.SIGINT:
        assert proc.returncode == 130
        assert b"interrupted" in err
    kept = article_count(db)
    assert 8 <= kept < 120
    # Every stored article is whole: it has its claims (no half-written article).
    with sqlite3.connect(db) as con:
        bare = con.execute(
            "SELECT count(*) FROM articles a WHERE extract_run_id IS NOT NULL AND NOT EXISTS "
            "(SELECT 1 FROM claims c WHERE c.article_id = a.id)"
        ).fetchone()[0]
    assert bare == 0
    rerun = subprocess.run(cmd, env=env, capture_output=True, cwd=ROOT, timeout=300)
    assert rerun.returncode == 0, rerun.stderr.decode()
    assert article_count(db) == 120
    assert f"{kept} already extracted".encode() in rerun.stderr or b"already extracted" in rerun.stderr


@needs_seeds
def test_seeds_extract_to_five_valid_objects_without_debris(db_path: str) -> None:
    code, out, err = run(["extract", "--jsonl", *map(str, seed_paths()), "--db", db_path])
    assert code == 0, err
    objs = [json.loads(line) for line in out.splitlines()]
    assert len(objs) == 5
    for obj in objs:
        assert validation_errors(obj) == []
        for debris in (
            "ADVERTISEMENT",
            "Read More",
            "I like it",
            "Add a Comment",
            "Post a Comment",
            "Subscribe now",
        ):
            assert debris not in obj["text"]
    last = next(o for o in objs if o["path"].endswith(seed_paths()[4].name))
    assert any("80,000" in c["text"] for c in last["comments"])
    assert "80,000" not in last["text"]
    assert not any(f["value"] == 80000 for f in last["figures"])
