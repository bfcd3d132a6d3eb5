"""The SQLite file opens in Datasette unchanged (the README documents `datasette newsledger.db`)."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from tests.test_store import sample_article

from newsledger.datasette_meta import metadata
from newsledger.store.repo import Store

datasette_app = pytest.importorskip("datasette.app")


def test_store_file_is_browsable_in_datasette(tmp_path: Path) -> None:
    db = tmp_path / "ledger.db"
    with Store(str(db)) as store:
        store.save_article(sample_article())

    async def fetch() -> tuple[int, dict[str, object], int, dict[str, object]]:
        ds = datasette_app.Datasette([str(db)])
        await ds.invoke_startup()
        tables = await ds.client.get("/ledger.json")
        rows = await ds.client.get("/ledger/figures.json?_shape=objects")
        return tables.status_code, tables.json(), rows.status_code, rows.json()

    status, tables, rows_status, rows = asyncio.run(fetch())
    assert status == 200
    names = {t["name"] for t in tables["tables"]}  # type: ignore[index, union-attr]
    assert {"articles", "figures", "quotes", "claims", "claim_sources", "hedges"} <= names
    assert rows_status == 200
    assert rows["rows"][0]["counted"] == "troops"  # type: ignore[index]


def _datasette(db: Path, meta: Path, path: str) -> dict[str, object]:
    """Datasette itself, as a user runs it (its ``--get`` serves one request and exits)."""
    exe = Path(sys.executable).with_name("datasette")
    done = subprocess.run(
        [str(exe), str(db), "-m", str(meta), "--get", path], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout)
    return result


def test_datasette_finds_the_search_index_metadata_and_canned_queries(tmp_path: Path) -> None:
    db = tmp_path / "ledger.db"
    first = sample_article()
    other = dataclasses.replace(
        first,
        id="fedcba9876543210",
        url="https://other.example/harbour",
        title="Harbour cranes idle",
        text="Dock workers said the cranes stood idle on Tuesday.",
        figures=(),
        quotes=(),
        claims=(),
        entities=(),
    )
    with Store(str(db)) as store:
        store.save_article(first)
        store.save_article(other)
    meta = tmp_path / "metadata.json"
    meta.write_text(json.dumps(metadata("ledger")), encoding="utf-8")

    found = _datasette(db, meta, "/ledger/articles.json?_search=cranes&_shape=objects")
    assert [r["id"] for r in found["rows"]] == [other.id]  # type: ignore[index, union-attr]
    stemmed = _datasette(db, meta, "/ledger/articles.json?_search=crane&_shape=objects")
    assert [r["id"] for r in stemmed["rows"]] == [other.id]  # type: ignore[index, union-attr]
    everything = _datasette(db, meta, "/ledger/articles.json?_shape=objects")
    assert len(everything["rows"]) == 2  # type: ignore[arg-type]

    said = _datasette(db, meta, "/ledger/source_said.json?source=Officials&_shape=objects")
    assert said["ok"] and said["rows"] and said["rows"][0]["source"] == "Officials"  # type: ignore[index]
    info = _datasette(db, meta, "/ledger/figures.json?_shape=objects&_facet=category")
    assert info["rows"][0]["counted"] == "troops"  # type: ignore[index]
    page = subprocess.run(
        [str(Path(sys.executable).with_name("datasette")), str(db), "-m", str(meta), "--get", "/ledger"],
        capture_output=True, text=True, timeout=120, check=True,
    ).stdout  # fmt: skip
    assert "Every figure for a metric" in page and "What did this source say" in page


def test_the_repository_metadata_is_the_generated_one() -> None:
    kept = Path(__file__).resolve().parents[1] / "datasette" / "metadata.json"
    assert json.loads(kept.read_text(encoding="utf-8")) == metadata("newsledger")


def test_an_older_database_upgrades_to_a_search_index_datasette_detects(tmp_path: Path) -> None:
    from alembic import command
    from datasette.utils import detect_fts

    from newsledger.reconcile.queries import search_articles
    from newsledger.store.migrate import alembic_config

    db = tmp_path / "old.db"
    with Store(str(db)) as store:
        store.save_article(sample_article())
        with store.engine.begin() as conn:  # back to 0004: the index as 0002 made it
            cfg = alembic_config()
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0004")
    with sqlite3.connect(db) as conn:
        assert detect_fts(conn, "articles") is None  # what Datasette saw before: no search
    with Store(str(db)) as store:  # opening a store upgrades it
        items, total = search_articles(store, q="troops")
        assert total == 1 and items[0].id == sample_article().id
        store.save_article(dataclasses.replace(sample_article(), id="00000000000000ff", url="https://b.example/"))
        assert search_articles(store, q="troops")[1] == 2  # the triggers keep the index current
    with sqlite3.connect(db) as conn:
        assert detect_fts(conn, "articles") == "articles_fts"
        names = {r[0] for r in conn.execute("select name from sqlite_master where type = 'trigger'")}
        assert {"articles_ai", "articles_ad", "articles_au"} <= names
