"""Every ledger table in CSV, JSON Lines and Parquet with its declared schema; pandas; stdout."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from tests.test_web_api import build_web_db

from newsledger import open_ledger
from newsledger.errors import StoreError
from newsledger.export import export
from newsledger.ledger import TABLES, table_spec
from newsledger.store.repo import Store

pytestmark = pytest.mark.model
ROOT = Path(__file__).resolve().parents[1]
ISSUE_TABLES = {
    "articles", "figures", "quotes", "claims", "claim_sources", "hedges", "entities", "metrics",
    "clusters", "contradictions", "comments", "removed", "revisions",
}  # fmt: skip


@pytest.fixture(scope="module")
def ledger_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    return build_web_db(tmp_path_factory)


def _cli(*args: str, stdout: int | object = subprocess.PIPE) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run(
        [sys.executable, "-m", "newsledger.cli", *args], stdout=stdout, stderr=subprocess.PIPE, env=env,
        timeout=300, check=False,
    )  # fmt: skip


def test_every_table_is_declared() -> None:
    assert set(TABLES) == ISSUE_TABLES
    kinds = {c.name: c.kind for c in table_spec("figures").columns}
    assert (kinds["published"], kinds["start"], kinds["value"]) == ("date", "int", "float")
    assert kinds["sources"] == "list"
    assert kinds["period_start"] == "date" and kinds["floor"] == "bool" and kinds["figure_id"] == "int"
    assert {c.name: c.kind for c in table_spec("metrics").columns}["outlets"] == "list"


@pytest.mark.parametrize("table", sorted(ISSUE_TABLES))
def test_each_table_in_each_format_has_its_schema(ledger_db: str, tmp_path: Path, table: str) -> None:
    spec = table_spec(table)
    with Store(ledger_db) as store:
        n_pq = export(store, "parquet", str(tmp_path / "t.parquet"), table=table)
        n_csv = export(store, "csv", str(tmp_path / "t.csv"), table=table)
        n_json = export(store, "jsonl", str(tmp_path / "t.jsonl"), table=table)
    assert n_pq == n_csv == n_json
    data = pq.read_table(tmp_path / "t.parquet")
    assert data.schema.equals(spec.arrow_schema()) and data.num_rows == n_pq
    with open(tmp_path / "t.csv", encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        rows = list(reader)
        assert reader.fieldnames == spec.names and len(rows) == n_csv
    lines = [json.loads(x) for x in (tmp_path / "t.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(lines) == n_json and all(list(x) == spec.names for x in lines)
    if table != "revisions":  # the examples have no syndicated copies
        assert n_pq > 0, table
    lists = [c.name for c in spec.columns if c.kind == "list"]
    dates = [c.name for c in spec.columns if c.kind == "date"]
    for row, line in zip(rows, lines, strict=True):
        for name in lists:  # a JSON array in CSV, an array in JSON Lines
            assert json.loads(row[name]) == line[name] and isinstance(line[name], list)
        for name in dates:
            assert row[name] == (line[name] or "")
            if line[name]:
                dt.date.fromisoformat(line[name])


def test_types_are_the_contract_types(ledger_db: str, tmp_path: Path) -> None:
    with Store(ledger_db) as store:
        export(store, "parquet", str(tmp_path / "f.parquet"), table="figures")
        export(store, "parquet", str(tmp_path / "c.parquet"), table="contradictions")
    figures = pq.read_table(tmp_path / "f.parquet")
    assert figures.schema.field("published").type == pa.date32()
    assert figures.schema.field("start").type == pa.int64()
    assert figures.schema.field("sources").type == pa.list_(pa.string())
    chains = [c for c in figures.column("sources").to_pylist() if len(c) > 1]
    assert chains and all(" > " not in name for chain in chains for name in chain)
    # contradictions name their figures by the figures table's figure_id
    ids = set(figures.column("figure_id").to_pylist())
    contra = pq.read_table(tmp_path / "c.parquet").to_pylist()
    assert contra and all(c["a_figure_id"] in ids and c["b_figure_id"] in ids for c in contra)


def test_jsonl_respects_the_table_and_whole_articles_stay_available(ledger_db: str, tmp_path: Path) -> None:
    figures = _cli("export", "-f", "jsonl", "-t", "figures", "--db", ledger_db)
    assert figures.returncode == 0, figures.stderr
    first = json.loads(figures.stdout.decode().splitlines()[0])
    assert "value" in first and "figures" not in first and "text" in first
    for args in (["-t", "contract"], ["-t", "articles", "--full"]):
        whole = _cli("export", "-f", "jsonl", *args, "--db", ledger_db)
        assert whole.returncode == 0, whole.stderr
        article = json.loads(whole.stdout.decode().splitlines()[0])
        assert {"id", "text", "figures", "claims"} <= set(article) and isinstance(article["figures"], list)
    refused = _cli("export", "-f", "csv", "-t", "contract", "--db", ledger_db)
    assert refused.returncode == 1 and b"JSON Lines only" in refused.stderr


def test_parquet_goes_to_stdout_when_it_is_a_file(ledger_db: str, tmp_path: Path) -> None:
    target = tmp_path / "metrics.parquet"
    with open(target, "wb") as fh:
        done = _cli("export", "-f", "parquet", "-t", "metrics", "--db", ledger_db, stdout=fh)
    assert done.returncode == 0, done.stderr
    assert b"exported" in done.stderr and b"row(s) of metrics" in done.stderr
    assert pq.read_table(target).schema.equals(table_spec("metrics").arrow_schema())
    piped = _cli("export", "-f", "parquet", "-t", "hedges", "--db", ledger_db)  # stdout is a pipe
    assert piped.returncode == 0 and piped.stdout[:4] == b"PAR1"


def test_no_entitie_rows(ledger_db: str) -> None:
    done = _cli("export", "-f", "csv", "-t", "entities", "--db", ledger_db)
    assert b"row(s) of entities" in done.stderr and b"entitie " not in done.stderr


def test_open_ledger_to_pandas_gives_every_table(ledger_db: str) -> None:
    pytest.importorskip("pandas")
    with open_ledger(ledger_db) as ledger:
        for table in TABLES:
            frame = ledger.to_pandas(table)
            assert list(frame.columns) == table_spec(table).names
            assert len(frame) == sum(1 for _ in ledger.rows(table))
        figures = ledger.to_pandas("figures")
        per_category = figures.groupby("category")["value"].count()
        assert per_category.sum() == figures["value"].notna().sum()
        assert isinstance(figures["published"].dropna().iloc[0], dt.date)


def test_a_missing_database_is_an_error_for_read_commands(tmp_path: Path) -> None:
    missing = tmp_path / "typo.db"
    with pytest.raises(StoreError, match="no database"):
        open_ledger(str(missing))
    for args in (
        ["stats"],
        ["show", "3f2a"],
        ["export", "-f", "csv"],
        ["reconcile"],
        ["delete", "3f2a"],
        ["serve"],
    ):
        done = _cli(*args, "--db", str(missing))
        assert done.returncode == 1 and b"no database" in done.stderr, (args, done.stderr)
        assert not missing.exists(), args
