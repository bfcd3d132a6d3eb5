"""What only PostgreSQL has: the full-text index and how search uses it, URLs and their passwords.

The suites shared with SQLite run on PostgreSQL through the ``db``/``databases`` fixtures
(docs/testing.md); these tests need the server itself."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import text
from tests.pgserver import PgServer
from tests.test_store import sample_article

from newsledger.errors import StoreError
from newsledger.reconcile import queries as Q
from newsledger.store import tables as t
from newsledger.store.repo import Store, database_url

pytestmark = pytest.mark.postgres

BODY = (
    "The harbour was quiet on Monday. " * 20
    + "Officials said 1,200 troops left after the flood. "
    + "Rescue teams worked through the night. " * 20
)


@pytest.fixture
def pg_db(pg_server: PgServer) -> Iterator[str]:
    url = pg_server.create_database()
    yield url
    pg_server.drop_database(url)


def test_search_uses_the_gin_index_and_ranks_and_marks_snippets(pg_db: str) -> None:
    import dataclasses

    with Store(pg_db) as store:
        store.save_article(dataclasses.replace(sample_article("a" * 16), text=BODY, title="Harbour news"))
        store.save_article(dataclasses.replace(sample_article("b" * 16), title="Flood: troops leave"))
        hits, total = Q.search_articles(store, q="troops flood")
        assert total == 2 and [h.id for h in hits] == ["b" * 16, "a" * 16]  # the title weighs more
        snippet = hits[1].snippet
        assert "flood" in snippet and snippet.startswith("…") and snippet.endswith("…")
        assert Q.search_articles(store, q="floods")[1] == 2  # English stemming
        assert Q.search_articles(store, q="THE")[1] == 1  # only stop words: a substring match instead
        with store.engine.connect() as conn:
            conn.execute(text("SET enable_seqscan = off"))  # two rows: make the planner show its choice
            match = f"({t.PG_SEARCH_DOCUMENT}) @@ plainto_tsquery('english', 'flood')"
            plan = conn.execute(text(f"EXPLAIN SELECT id FROM articles WHERE {match}")).all()
        assert t.PG_SEARCH_INDEX in " ".join(r[0] for r in plan)


def test_urls_and_passwords(pg_server: PgServer) -> None:
    url = pg_server.url("postgres")
    assert database_url(url.replace("postgresql://", "postgres://")) == url
    with pytest.raises(StoreError) as info:
        Store(url.replace("newsledger@", "newsledger:s3cret@").replace("/postgres?", "/no_such_db?"))
    assert "s3cret" not in str(info.value) and "no_such_db" in str(info.value)
