"""``newsledger batch --engine spark`` on a real local[2] Spark, then ``newsledger load``: the loaded
ledger equals the single-process ``extract`` of the same input (docs/scale.md).

One SparkContext serves the whole test run (the ``spark`` fixture in conftest.py); the inputs are
../shared/samples (WARC, RSS, Atom, HTML pages) and examples/, cut into many small parts (a tiny
split size) so that split files, packed pages and parts that hold one article twice all occur.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from tests.conftest import ROOT, SAMPLES, SPARK_MASTER, conflict_profile, databases_for
from typer.testing import CliRunner

from newsledger.batch import BatchReport, load_batch, run_batch
from newsledger.batch.load import MANIFEST
from newsledger.batch.work import CONTRACT, TABLES, table_schema
from newsledger.cli import app
from newsledger.ledger import ARTICLE_TABLES, Ledger
from newsledger.reconcile.dump import ledger_dump
from newsledger.runner import RunReport, extract
from newsledger.store.repo import Store

pytestmark = [
    pytest.mark.model,
    pytest.mark.spark,
    pytest.mark.skipif(not SAMPLES.is_dir(), reason="../shared/samples is not beside this checkout"),
]
INPUTS = [str(SAMPLES), str(ROOT / "examples")]
SPLIT_MB = 0.01  # 10 kB: the WARC and examples/feed.jsonl are cut into byte ranges
RECONCILED = {"copy_of", "copy_similarity"}  # article columns that load's reconcile fills


@dataclass
class Runs:
    out: Path
    batch: BatchReport
    single: RunReport
    single_db: str


@pytest.fixture(scope="module")
def runs(spark: object, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Runs]:
    """The inputs through ``batch`` on Spark and through ``extract`` in this process, with the
    conflict profile (set after the executors' Python workers started: the tasks carry it)."""
    tmp = tmp_path_factory.mktemp("batch")
    single_db = str(tmp / "single.db")
    with conflict_profile():
        batch = run_batch(INPUTS, str(tmp / "out"), master=SPARK_MASTER, split_mb=SPLIT_MB)
        with Store(single_db) as store:
            single = extract(INPUTS, store, workers=1)
    yield Runs(tmp / "out", batch, single, single_db)


def _parts(out: Path, table: str) -> list[Path]:
    return sorted((out / table).glob("part-*.parquet"))


def test_the_batch_ran_in_many_parts_and_reports_what_extract_reports(runs: Runs) -> None:
    batch, single = runs.batch, runs.single
    assert batch.parts >= 8  # the WARC and the JSON Lines file were cut, pages packed
    assert batch.extracted == single.extracted > 0
    assert batch.ok and batch.failures == single.failures == []
    assert sorted(batch.notes) == sorted(single.notes)  # one line per file, the same lines
    assert batch.unknown == single.unknown
    manifest = json.loads((runs.out / MANIFEST).read_text())
    assert manifest["articles"] == batch.extracted and manifest["parts"] == batch.parts
    assert manifest["config_hash"] and manifest["tables"] == list(TABLES)


def test_every_table_has_the_export_schema_in_every_part(runs: Runs) -> None:
    for table in TABLES:
        parts = _parts(runs.out, table)
        assert len(parts) == runs.batch.parts
        for part in parts:
            assert pq.read_schema(part).equals(table_schema(table), check_metadata=False), (table, part)
    assert not list(runs.out.rglob(".*.tmp"))


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def loaded(runs: Runs, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[
    tuple[Store, RunReport]
]:
    """The batch loaded into a new database of each backend."""
    dbs = databases_for(request, request.param, tmp_path_factory.mktemp("load"))
    store = Store(dbs.new())
    report = load_batch(str(runs.out), store)
    yield store, report
    store.close()
    dbs.drop_all()


def test_the_loaded_ledger_equals_the_single_process_extract(
    runs: Runs, loaded: tuple[Store, RunReport]
) -> None:
    store, report = loaded
    assert report.ok and report.extracted == runs.single.extracted and report.reconciled
    with Store(runs.single_db) as single:
        expected = {a.id: a for a in single.iter_articles()}
        got = {a.id: a for a in store.iter_articles()}
        assert got.keys() == expected.keys()
        for article_id, article in expected.items():
            assert got[article_id] == article  # text, metadata, figures, quotes, claims, syndication
        dump = ledger_dump(single)
    assert ledger_dump(store) == dump  # metrics, clusters, contradictions, revisions, entities
    assert dump["claim_clusters"] and dump["contradictions"] and dump["metrics"]


def _first_copies(out: Path, table: str) -> list[dict[str, Any]]:
    """A table's rows, each article's from the first part holding it (load keeps that copy)."""
    rows: list[dict[str, Any]] = []
    taken: set[str] = set()
    for part in _parts(out, table if table != "articles" else CONTRACT):
        ids = {r["article_id"] for r in pq.read_table(part, columns=["article_id"]).to_pylist()}
        if table != "articles":
            part = out / table / part.name
        fresh = ids - taken
        rows += [r for r in pq.read_table(out / table / part.name).to_pylist() if r["article_id"] in fresh]
        taken |= ids
    return rows


def _comparable(rows: list[dict[str, Any]], drop: set[str]) -> list[str]:
    return sorted(json.dumps({k: v for k, v in r.items() if k not in drop}, default=str) for r in rows)


def test_the_tables_hold_the_rows_that_export_writes(runs: Runs, loaded: tuple[Store, RunReport]) -> None:
    store, _ = loaded
    ledger = Ledger(store)
    for table in ARTICLE_TABLES:
        drop = {"figure_id"} | (RECONCILED if table == "articles" else set())
        exported = list(ledger.rows(table))
        assert _comparable(_first_copies(runs.out, table), drop) == _comparable(exported, drop), table
    assert all(r["figure_id"] is not None for r in ledger.rows("figures"))


def test_loading_again_changes_nothing(runs: Runs, loaded: tuple[Store, RunReport]) -> None:
    store, first = loaded
    before = ledger_dump(store)
    again = load_batch(str(runs.out), store)
    assert again.ok and again.extracted == 0 and again.skipped == first.extracted + first.skipped
    assert ledger_dump(store) == before
    assert [n for _v, _h, n in store.extraction_versions()] == [first.extracted]


def test_bad_files_get_one_line_each_and_the_good_ones_are_written(spark: object, tmp_path: Path) -> None:
    said = "Officials in Port Aldane said {} ferries were repaired."
    good = [json.dumps({"text": said.format(i + 2), "url": f"u{i}"}) for i in range(12)]
    lines = [*good[:4], "{broken", "[1, 2]", *good[4:], '{"title": "no text"}']
    (tmp_path / "mixed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "binary.jsonl").write_bytes(b"\x00\x01\x02PK\x03\x04" * 100)
    warc = (SAMPLES / "cc-news-sample.warc.gz").read_bytes()
    (tmp_path / "cut.warc.gz").write_bytes(warc[: len(warc) // 2])
    inputs = [str(tmp_path / n) for n in ("mixed.jsonl", "empty.txt", "binary.jsonl", "cut.warc.gz")]
    with conflict_profile():  # the pipeline every process here has loaded already
        with Store(str(tmp_path / "x.db")) as store:
            single = extract(inputs, store, workers=1, reconcile=False)
        batch = run_batch(inputs, str(tmp_path / "out"), master=SPARK_MASTER, split_mb=0.001)
    assert batch.parts > len(inputs)  # mixed.jsonl and the WARC were cut
    assert batch.failures == single.failures and len(batch.failures) == 4  # one line per bad file
    assert any("mixed.jsonl:5: invalid JSON" in f and "(and 2 more problems" in f for f in batch.failures)
    assert batch.extracted == single.extracted >= 12


def test_the_command_line(spark: object, tmp_path: Path) -> None:
    out, db = tmp_path / "out", str(tmp_path / "ledger.db")
    story = tmp_path / "story.txt"
    story.write_text("Ferries ordered\n\nThe council of Port Aldane approved 14 new ferries, officials said.")
    (tmp_path / "empty.txt").write_text("")
    cli = CliRunner()
    with conflict_profile():
        result = cli.invoke(app, ["batch", "--master", SPARK_MASTER, "--out", str(out), str(story),
                                  str(tmp_path / "empty.txt")])  # fmt: skip
    assert result.exit_code == 1  # a bad file: its line, the rest written
    assert f"error: {tmp_path / 'empty.txt'}: empty file" in result.output
    assert "extracted 1 article(s) in 1 part(s)" in result.output
    again = cli.invoke(app, ["batch", "--out", str(out), str(story)])
    assert again.exit_code == 1 and "already exists and is not an empty directory" in again.output
    loaded = cli.invoke(app, ["load", str(out), "--db", db])
    assert loaded.exit_code == 0, loaded.output
    assert "loaded 1 article(s) (1 new)" in loaded.output and "reconciled 1 article(s)" in loaded.output
    missing = cli.invoke(app, ["load", str(tmp_path), "--db", db])
    assert missing.exit_code == 1 and "holds no finished batch" in missing.output


def test_without_java_the_batch_says_so(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "JAVA_HOME"}
    env["PATH"] = str(Path(sys.executable).parent)  # the venv's bin: no java there
    story = tmp_path / "story.txt"
    story.write_text("Ferries ordered\n\nThe council approved 14 new ferries.\n")
    done = subprocess.run(
        [sys.executable, "-m", "newsledger.cli", "batch", "--out", str(tmp_path / "o"), str(story)],
        env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 1
    assert "error: Spark cannot start: no Java runtime" in done.stderr
    assert "openjdk-17-jre-headless" in done.stderr
