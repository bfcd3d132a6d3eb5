"""The SQLite file opens in Datasette unchanged (the README documents `datasette newsledger.db`)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from tests.test_store import sample_article

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
