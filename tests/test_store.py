from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from tests.conftest import Databases

from newsledger.contract import Article, Claim, Comment, Entity, Figure, Hedge, Quote, Removed, Source
from newsledger.errors import StoreError
from newsledger.export import export
from newsledger.ingest.base import RawArticle
from newsledger.store.repo import Store
from newsledger.store.tables import include_in_autogenerate, metadata

TEXT = "Officials said 1,200 troops left on Monday. “We are ready,” said Colonel Ana Brisk."


def sample_article(article_id: str = "0123456789abcdef") -> Article:
    claim = Claim(
        id="c1",
        text=TEXT[:43],
        start=0,
        end=43,
        sources=(Source("The Test Post", "media_outlet"), Source("Officials", "government", 0, 9)),
        cue="said",
        hedges=(
            Hedge("said", 10, 14, "hedge", "newsledger.claims@1.0.0"),
            Hedge("ready", 52, 57, "hedge", "newsledger.claims@1.0.0", voice="quoted", speaker="Ana Brisk"),
        ),
        verification="unverified",
        extractor="newsledger.claims@1.0.0",
        kind="indirect",
        confidence=0.875,
    )
    return Article(
        id=article_id,
        text=TEXT,
        url="https://t.example/a",
        title="T",
        outlet="The Test Post",
        published="2025-01-02",
        authors=("A. Writer",),
        removed=(Removed("ADVERTISEMENT", "boilerplate"),),
        comments=(Comment("I counted 9.", "reader1"),),
        entities=(Entity("Ana Brisk", 73, 82, "PERSON", "Ana Brisk", extractor="newsledger.entities@1.0.0"),),
        figures=(
            Figure(
                "1,200",
                15,
                20,
                1200.0,
                1200.0,
                1200.0,
                "exact",
                None,
                "troops",
                "recruitment",
                None,
                "c1",
                "newsledger.figures@1.0.0",
            ),
        ),
        quotes=(
            Quote(
                "We are ready,",
                45,
                58,
                "direct",
                "Ana Brisk",
                73,
                82,
                "said",
                None,
                None,
                "c1",
                "newsledger.quotes@1.0.0+newsledger.attribution-tagger@0.1.0",
                confidence=0.875,
            ),
        ),
        claims=(claim,),
    )


def test_migrations_create_exactly_the_declared_tables(db: str) -> None:
    store = Store(db)
    with store.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_name": include_in_autogenerate})
        diffs = compare_metadata(context, metadata)
    assert diffs == []
    store.close()


def test_sqlite_file_uses_wal_and_opens_with_plain_sqlite3(db_path: str) -> None:
    Store(db_path).close()
    con = sqlite3.connect(db_path)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    names = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {
        "articles",
        "figures",
        "quotes",
        "claims",
        "claim_sources",
        "hedges",
        "entities",
        "removed_spans",
        "comments",
        "extractor_runs",
    } <= names


def test_article_round_trips_through_the_store(db: str) -> None:
    article = sample_article()
    with Store(db) as store:
        run = store.start_run("extract", {"newsledger.figures": "1.0.0"}, "m", "h")
        store.save_article(article, run)
        back = store.get_article(article.id)
    assert back is not None
    assert back.figures == article.figures
    assert back.quotes == article.quotes
    assert back.claims == article.claims
    assert back.entities == article.entities
    assert back.removed == article.removed and back.comments == article.comments
    assert back.authors == article.authors


def test_save_raw_is_idempotent_and_state_tracks_extraction(db: str) -> None:
    raw = RawArticle(text="Some text about 5 things.", url="https://t.example/x")
    with Store(db) as store:
        assert store.state(raw.id) is None
        assert store.save_raw(raw) is True
        assert store.save_raw(raw) is False
        assert store.state(raw.id) == "ingested"
        assert [r.id for r in store.pending_raw()] == [raw.id]
        assert store.counts()["articles"] == 1


def test_a_failing_article_writes_nothing_and_keeps_earlier_ones(db: str) -> None:
    good = sample_article("aaaaaaaaaaaaaaaa")
    bad_claims = (*good.claims, good.claims[0])  # duplicate claim id violates the primary key
    bad = Article(**{**good.__dict__, "id": "bbbbbbbbbbbbbbbb", "claims": bad_claims})
    with Store(db) as store:
        store.save_article(good)
        with pytest.raises(Exception):  # noqa: B017 - the driver's IntegrityError
            store.save_article(bad)
        assert store.get_article("bbbbbbbbbbbbbbbb") is None
        kept = store.get_article("aaaaaaaaaaaaaaaa")
        assert kept is not None and len(kept.figures) == 1
        assert store.counts()["articles"] == 1


def test_reextraction_replaces_rows_instead_of_duplicating(db: str) -> None:
    article = sample_article()
    with Store(db) as store:
        store.save_article(article)
        store.save_article(article)
        assert store.counts()["figures"] == 1
        assert store.counts()["claims"] == 1


def test_find_article_by_prefix(db: str) -> None:
    with Store(db) as store:
        store.save_article(sample_article())
        assert store.find_article("0123").id == "0123456789abcdef"
        with pytest.raises(StoreError, match="no article"):
            store.find_article("ffff")


def test_exports_jsonl_csv_parquet(db: str, tmp_path: Path) -> None:
    with Store(db) as store:
        store.save_article(sample_article())
        buf = tmp_path / "a.jsonl"
        assert export(store, "jsonl", str(buf), table="contract") == 1
        obj = json.loads(buf.read_text().splitlines()[0])
        assert obj["figures"][0]["counted"] == "troops"
        csv_path = tmp_path / "f.csv"
        assert export(store, "csv", str(csv_path), table="figures") == 1
        row = next(csv.DictReader(io.StringIO(csv_path.read_text())))
        assert json.loads(row["sources"]) == ["The Test Post", "Officials"]
        assert json.loads(row["source_types"]) == ["media_outlet", "government"]
        pq_path = tmp_path / "q.parquet"
        assert export(store, "parquet", str(pq_path), table="quotes") == 1
        (quote,) = pq.read_table(pq_path).to_pylist()
        assert quote["speaker"] == "Ana Brisk" and quote["confidence"] == 0.875
        assert obj["quotes"][0]["confidence"] == 0.875 and obj["claims"][0]["kind"] == "indirect"
        claims_csv = tmp_path / "c.csv"
        assert export(store, "csv", str(claims_csv), table="claims") == 1
        claim = next(csv.DictReader(io.StringIO(claims_csv.read_text())))
        assert (claim["kind"], float(claim["confidence"])) == ("indirect", 0.875)
        hedges_jsonl = tmp_path / "h.jsonl"
        assert export(store, "jsonl", str(hedges_jsonl), table="hedges") == 2
        voices = [json.loads(line) for line in hedges_jsonl.read_text().splitlines()]
        assert [(h["voice"], h["speaker"]) for h in voices] == [("reporter", None), ("quoted", "Ana Brisk")]


def test_unwritable_database_is_a_store_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="cannot open the database"):
        Store(str(blocker / "sub" / "db.sqlite"))


def test_upgrading_past_the_syndication_migration_flags_the_ledger_for_a_rebuild(
    databases: Databases,
) -> None:
    from alembic import command
    from sqlalchemy import create_engine

    from newsledger.store.migrate import alembic_config
    from newsledger.store.repo import database_url

    old = databases.new(migrated=False)
    engine = create_engine(database_url(old))
    with engine.begin() as conn:  # a database made before syndication (migration 0003)
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0002")
    engine.dispose()
    first = Store(old)
    assert first.needs_reconcile  # 0003 emptied the derived ledger tables
    first.close()
    again = Store(old)
    assert not again.needs_reconcile
    again.close()
    fresh = Store(databases.new(migrated=False))
    assert not fresh.needs_reconcile
    fresh.close()


def test_rows_stored_before_migration_0011_read_back_as_the_rules_found_them(databases: Databases) -> None:
    from alembic import command
    from sqlalchemy import create_engine, text

    from newsledger.store.migrate import alembic_config
    from newsledger.store.repo import database_url

    old = databases.new(migrated=False)
    engine = create_engine(database_url(old))
    with engine.begin() as conn:  # a database made before attribution confidences (migration 0011)
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0009")
        conn.execute(
            text(
                "INSERT INTO articles (id, text, authors, truncated, page_kind, ingested_at) "
                "VALUES ('0123456789abcdef', :body, '[]', false, 'article', '2025-01-02T00:00:00')"
            ),
            {"body": TEXT},
        )
        conn.execute(
            text(
                "INSERT INTO claims (article_id, claim_id, seq, text, start_char, end_char, verification,"
                " extractor) VALUES ('0123456789abcdef', 'c1', 0, :t, 0, 43, 'unknown',"
                " 'newsledger.claims@1.0.0')"
            ),
            {"t": TEXT[:43]},
        )
        conn.execute(
            text(
                "INSERT INTO hedges (article_id, claim_id, text, start_char, end_char, kind, extractor) "
                "VALUES ('0123456789abcdef', 'c1', 'said', 10, 14, 'hedge', 'newsledger.claims@1.0.0')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO quotes (article_id, seq, text, start_char, end_char, kind, extractor) "
                "VALUES ('0123456789abcdef', 0, 'We are ready,', 45, 58, 'direct', 'newsledger.quotes@1.0.0')"
            )
        )
    engine.dispose()
    with Store(old) as store:
        back = store.get_article("0123456789abcdef")
    assert back is not None
    (quote,) = back.quotes
    (claim,) = back.claims
    assert quote.confidence == 1.0 and claim.confidence == 1.0 and claim.kind is None
    assert [(h.voice, h.speaker) for h in claim.hedges] == [("reporter", None)]
