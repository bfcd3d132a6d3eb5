"""Extraction leaves no Doc for the cyclic garbage collector: each is freed when its article is built."""

from __future__ import annotations

import gc

import pytest
from spacy.tokens import Doc

from newsledger.ingest.base import RawArticle
from newsledger.nlp import load_nlp
from newsledger.pipeline import run_batch

pytestmark = pytest.mark.model

TEXTS = [
    "Officials said on Monday that 12 people were killed, according to the ministry. "
    '"We will rebuild," the mayor, Ivan Petrov, told reporters in Ostrava.',
    "The company reported revenue of $4.2 billion, up 8% from a year earlier, its chief executive said.",
]


def _docs() -> int:
    return sum(1 for o in gc.get_objects() if isinstance(o, Doc))


def test_docs_are_freed_without_the_cyclic_collector() -> None:
    nlp = load_nlp()
    raws = [RawArticle(text=t, url=f"https://release.test/{i}") for i, t in enumerate(TEXTS)]
    run_batch(nlp, raws)  # first use: the tables the extractors build once
    gc.collect()
    before = _docs()
    gc.disable()
    try:
        articles = run_batch(nlp, raws)
        assert _docs() == before  # every Doc of the batch already freed by reference counting
    finally:
        gc.enable()
    # the articles were built before their Docs were let go
    assert all(a.quotes and a.figures and a.entities for a in articles)  # type: ignore[union-attr]
