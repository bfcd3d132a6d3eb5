"""kill -9 during extract at several points (early, midway, in the final reconcile), then re-run:
nothing lost, nothing duplicated, the SQLite file intact, and the ledger built as by a clean run.
Real subprocesses and a real SQLite file."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from tests.conftest import ROOT

pytestmark = pytest.mark.model

N = 40
ENV = {**os.environ, "NEWSLEDGER_BATCH_SIZE": "2", "PYTHONPATH": str(ROOT / "src")}


def _corpus(folder: Path) -> None:
    folder.mkdir()
    for i in range(N):
        town = f"Velmar{i:02d}"
        (folder / f"a{i:02d}.txt").write_text(
            f"{town} council counts {200 + i} new homes\n\n"
            f"The council of {town} said on Monday that {200 + i} homes were finished in March, "
            f"up from {150 + i} a month earlier, according to figures released on Monday.\n\n"
            f"“We did not expect {300 + i},” the mayor, Ola Ren, said. Unemployment in the region "
            f"fell to {3 + i % 5} percent in March, the statistics office said.\n",
            encoding="utf-8",
        )


def _cmd(corpus: Path, db: Path) -> list[str]:
    return [sys.executable, "-m", "newsledger.cli", "extract", str(corpus), "--db", str(db)]


def _extracted(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=1) as con:
            return int(
                con.execute("SELECT count(*) FROM articles WHERE extract_run_id IS NOT NULL").fetchone()[0]
            )
    except sqlite3.Error:
        return 0


def _kill_when(corpus: Path, db: Path, at_least: int) -> int:
    """Start an extract and kill -9 it once ``at_least`` articles are extracted; the count then."""
    proc = subprocess.Popen(
        _cmd(corpus, db), env=ENV, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.time() + 240
    while time.time() < deadline and proc.poll() is None and _extracted(db) < at_least:
        time.sleep(0.02)
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    return _extracted(db)


def _shape(db: Path) -> dict[str, object]:
    """What a store holds: ids, per-article extraction counts, ledger sizes, integrity."""
    with sqlite3.connect(db) as con:
        ids = [r[0] for r in con.execute("SELECT id FROM articles ORDER BY id")]
        per_article = {
            table: sorted(con.execute(f"SELECT article_id, count(*) FROM {table} GROUP BY article_id"))
            for table in ("figures", "quotes", "claims", "entities")
        }
        ledger = {
            table: con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("metrics", "metric_figures", "claim_clusters", "cluster_members", "ledger_entities")
        }
        integrity = con.execute("PRAGMA integrity_check").fetchone()[0]
    return {"ids": ids, "per_article": per_article, "ledger": ledger, "integrity": integrity}


def test_kill_9_at_several_points_then_rerun_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    _corpus(corpus)
    db = tmp_path / "killed.db"
    points = []
    for at_least in (1, N // 2, N):  # early, midway, and with everything stored (in the reconcile)
        points.append(_kill_when(corpus, db, at_least))
        assert _shape(db)["integrity"] == "ok"
    assert points[0] < N, f"the first run finished before it could be killed: {points}"
    rerun = subprocess.run(_cmd(corpus, db), env=ENV, cwd=ROOT, capture_output=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr.decode()
    assert b"reconciled" in rerun.stderr  # the ledger is built even when nothing was left to extract

    clean = tmp_path / "clean.db"
    once = subprocess.run(_cmd(corpus, clean), env=ENV, cwd=ROOT, capture_output=True, timeout=300)
    assert once.returncode == 0, once.stderr.decode()
    killed, expected = _shape(db), _shape(clean)
    assert len(killed["ids"]) == N  # type: ignore[arg-type]
    assert killed == expected, points
