"""The pipeline end to end on hand-written texts: contract objects valid against the schema."""

from __future__ import annotations

import pytest

from newsledger.contract import Article
from newsledger.errors import InputError
from newsledger.ingest.base import RawArticle
from newsledger.nlp import load_nlp
from newsledger.pipeline import component_versions, config_hash, extract_articles, extract_text
from newsledger.schema import validation_errors

pytestmark = pytest.mark.model

STORY = (
    "Harbour City sends more than 1,500 volunteers north\n\n"
    "The coastal province of Merrow will send more than 1,500 volunteers to the border by the end of May, "
    "the regional governor, Ilse Varga, said on Tuesday.\n\n"
    "“We have asked for help and people answered,” Varga told the Merrow Gazette. "
    "The figure could not be independently verified.\n\n"
    "According to a report by the Eastern Ledger, citing two officials, about 300 of them have no training."
)


def test_extract_text_returns_a_schema_valid_article() -> None:
    article = extract_text(
        STORY, outlet="The Test Courier", published="2025-05-06", url="https://t.example/1"
    )
    assert isinstance(article, Article)
    obj = article.to_json()
    assert validation_errors(obj) == []
    assert obj["extractor"] == {"name": "newsledger", "version": "0.1.0"}
    for kind in ("entities", "figures", "quotes", "claims"):
        for item in obj[kind]:
            assert item["extractor"].startswith(f"newsledger.{kind}@")


def test_entity_and_item_offsets_point_into_the_text() -> None:
    article = extract_text(STORY, outlet="The Test Courier")
    assert any(e.label == "PERSON" and "Varga" in e.text for e in article.entities)
    for e in article.entities:
        assert STORY[e.start : e.end] == e.text


def test_one_oversized_article_fails_alone() -> None:
    nlp = load_nlp()
    small = RawArticle(text="The council approved 12 new buses on Monday.", url="https://t.example/small")
    huge = RawArticle(text="word " * (nlp.max_length // 5 + 10), url="https://t.example/huge")
    results = list(extract_articles([small, huge, small], nlp=nlp))
    assert isinstance(results[0], Article) and isinstance(results[2], Article)
    assert isinstance(results[1], InputError)
    assert "over the model's limit" in str(results[1])


def test_run_provenance_records_component_versions() -> None:
    versions = component_versions()
    assert set(versions) == {
        "newsledger.acronyms",
        "newsledger.attribution_model",
        "newsledger.entities",
        "newsledger.attributions",
        "newsledger.quotes",
        "newsledger.claims",
        "newsledger.figures",
    }
    assert len(config_hash(load_nlp())) == 16
