"""The one contract-to-rows mapping: every field has a column, rows round-trip, exports follow it."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from newsledger import __version__
from newsledger.contract import (
    Article,
    Claim,
    Comment,
    Entity,
    ExtractorInfo,
    Figure,
    Hedge,
    Quote,
    Removed,
    Source,
)
from newsledger.export import export, table_rows
from newsledger.ingest.base import RawArticle
from newsledger.ledger import ARTICLE_TABLES, table_spec
from newsledger.store import mapping, tables
from newsledger.store.repo import Store

TEXT = (
    "KORVASK, March 4 (CPA) - Officials said 1,200 troops left on Monday, up from 900. "
    "“We are ready,” Colonel Ana Brisk told reporters. Some 40 people were killed a day, the group said."
)


def rich_article() -> Article:
    """An article with a non-default value in every field the store keeps."""
    c1 = Claim(
        id="c1",
        text=TEXT[25:81],
        start=25,
        end=81,
        sources=(Source("The Test Post", "media_outlet"), Source("Officials", "government", 25, 34)),
        cue="said",
        hedges=(Hedge("said", 35, 39, "hedge", "newsledger.claims@1.0.0"),),
        verification="unverified",
        extractor="newsledger.claims@1.0.0",
    )
    c2 = Claim(
        id="c2",
        text=TEXT[132:],
        start=132,
        end=len(TEXT),
        sources=(
            Source("The Test Post", "media_outlet"),
            Source("the group", "official_body", 166, 175),
            Source("local medics", "unspecified"),
        ),
        cue="said",
        hedges=(
            Hedge("Some", 132, 136, "hedge", "newsledger.claims@1.0.0"),
            Hedge("the group said", 166, 180, "disclaimer", "newsledger.claims@1.0.0"),
        ),
        verification="disputed",
        extractor="newsledger.claims@1.0.0",
    )
    return Article(
        id="feedfacefeedface",
        text=TEXT,
        path="in/a.txt",
        url="https://t.example/a",
        title="Troops leave",
        outlet="The Test Post",
        published="2025-03-04",
        authors=("A. Writer", "B. Scribe"),
        removed=(Removed("ADVERTISEMENT", "boilerplate"), Removed("Photo: CPA", "caption")),
        comments=(Comment("I counted 9.", "reader1"), Comment("First!")),
        entities=(
            Entity("KORVASK", 0, 7, "PLACE", "Korvask", 51.5, 12.25, "KV", "newsledger.entities@1.0.0"),
            Entity("Ana Brisk", 106, 115, "PERSON", "Ana Brisk", extractor="newsledger.entities@1.0.0"),
        ),
        figures=(
            Figure(
                text="1,200",
                start=40,
                end=45,
                value=1200.0,
                low=1200.0,
                high=1200.0,
                approx="exact",
                unit=None,
                counted="troops",
                category="recruitment",
                period="2025-03-03",
                claim="c1",
                extractor="newsledger.figures@1.0.0",
            ),
            Figure(
                text="Some 40",
                start=132,
                end=139,
                value=40.0,
                low=None,
                high=None,
                approx="about",
                unit="people",
                counted="people",
                category="casualties",
                claim="c2",
                extractor="newsledger.figures@1.0.0",
                rate="day",
                outcome="killed",
                role="evacuee",
                floor=True,
                prior=True,
                hypothetical=True,
                period_start="2025-01-01",
                period_end="2025-03-04",
                sentence_start=132,
                sentence_end=len(TEXT),
            ),
        ),
        quotes=(
            Quote(
                "We are ready,",
                83,
                96,
                "direct",
                "Ana Brisk",
                106,
                115,
                "told",
                "reporters",
                "a briefing",
                None,
                "newsledger.quotes@1.0.0",
                cue_start=116,
                cue_end=120,
            ),
        ),
        claims=(c1, c2),
        extractor=ExtractorInfo("newsledger", __version__),
        fetched="2025-03-04T10:00:00Z",
        truncated=True,
        dateline_place="KORVASK",
        dateline_source="CPA",
        page_kind="uncertain",
    )


def _scalar_fields(cls: type[Any]) -> list[str]:
    return [f.name for f in dataclasses.fields(cls) if not str(f.type).startswith("tuple[")]


def test_every_contract_field_has_a_column_and_every_column_a_field() -> None:
    seen = set()
    for m in mapping.maps():
        seen.add(m.cls)
        for name, col in m.columns.items():
            assert col in m.table.c, f"{m.cls.__name__}.{name} has no column {m.table.name}.{col}"
        nested = {c.field for c in m.children}
        missing = [
            f.name
            for f in dataclasses.fields(m.cls)
            if f.name not in m.columns
            and f.name not in nested
            and f.name not in mapping.NOT_STORED.get(m.cls, frozenset())
        ]
        assert missing == [], f"{m.cls.__name__} fields without a column: {missing}"
        assert mapping.unmapped_columns(m) == set(), f"{m.table.name} columns that no field fills"
    assert seen == {Article, Removed, Comment, Entity, Figure, Quote, Claim, Source, Hedge}


def test_a_new_scalar_field_needs_no_store_code() -> None:
    """Adding a field to a dataclass adds it to the map (then only the migration is missing)."""

    @dataclasses.dataclass(frozen=True)
    class Wider(Figure):
        confidence: float | None = None

    derived = mapping._derive(Wider, tables.figures)
    assert derived.columns["confidence"] == "confidence"
    assert derived.columns["start"] == "start_char" and derived.columns["claim"] == "claim_id"


def test_a_rich_article_round_trips_field_for_field(db: str) -> None:
    article = rich_article()
    with Store(db) as store:
        run = store.start_run("extract", {}, None, "-")
        store.save_article(article, run)
        back = store.get_article(article.id)
        assert back == article
        store.save_article(article, run)  # a re-extraction replaces, never duplicates
        assert store.get_article(article.id) == article
        assert store.counts()["figures"] == 2 and store.counts()["hedges"] == 3


def test_an_ingested_article_round_trips_without_extractions(db: str) -> None:
    article = dataclasses.replace(
        rich_article(),
        entities=(),
        figures=(),
        quotes=(),
        claims=(),
        extractor=ExtractorInfo("newsledger", ""),
    )
    with Store(db) as store:
        raw = RawArticle.from_article(article)
        assert store.save_raw(raw)
        back = store.get_article(raw.id)
    assert back == dataclasses.replace(article, id=raw.id)


@pytest.mark.parametrize("table", list(ARTICLE_TABLES))
def test_export_columns_are_the_mapping_columns(table: str) -> None:
    article = rich_article()
    rows = list(table_rows(article, table))
    assert rows, table
    spec = table_spec(table)
    for row in rows:
        assert list(row) == spec.names
    cls = spec.cls
    skipped = mapping.EXPORT_SKIPPED.get(cls, frozenset()) | {"outlet", "published", "url"}
    renamed = {**mapping.EXPORT_RENAMED, **mapping.EXPORT_RENAMED_BY_TYPE.get(cls, {})}
    for name in _scalar_fields(cls):
        if name not in skipped:
            assert renamed.get(name, name) in rows[0], f"{table} export lacks {cls.__name__}.{name}"


def test_export_values_follow_the_contract(db: str, tmp_path: Path) -> None:
    import datetime as dt

    article = rich_article()
    fig = next(table_rows(article, "figures"))
    assert (fig["start"], fig["end"], fig["claim_id"]) == (40, 45, "c1")
    assert fig["sources"] == ["The Test Post", "Officials"]
    assert fig["source_types"] == ["media_outlet", "government"]
    claim = list(table_rows(article, "claims"))[1]
    assert claim["hedges"] == ["Some", "the group said"] and claim["verification"] == "disputed"
    art = next(table_rows(article, "articles"))
    assert art["authors"] == ["A. Writer", "B. Scribe"] and (art["figures"], art["claims"]) == (2, 2)
    assert isinstance(art["published"], dt.date)
    links = list(table_rows(article, "claim_sources"))
    assert [(r["claim_id"], r["position"], r["name"]) for r in links][:2] == [
        ("c1", 0, "The Test Post"),
        ("c1", 1, "Officials"),
    ]
    with Store(db) as store:
        out = tmp_path / "empty.parquet"
        assert export(store, "parquet", str(out), table="quotes") == 0  # no rows: the columns still
        assert pq.read_table(out).column_names == table_spec("quotes").names


def test_the_json_schema_lists_every_contract_field() -> None:
    import json

    from newsledger.contract import to_json
    from newsledger.schema import validation_errors

    schema = json.loads((Path(mapping.__file__).parents[1] / "schema" / "article.schema.json").read_text())
    props = schema["properties"]
    assert set(props) == {f.name for f in dataclasses.fields(Article)}
    for field, cls in (("entities", Entity), ("figures", Figure), ("quotes", Quote), ("claims", Claim)):
        assert set(props[field]["items"]["properties"]) == {f.name for f in dataclasses.fields(cls)}, field
    assert validation_errors(to_json(rich_article())) == []
