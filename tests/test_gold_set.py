"""Every gold file under eval/gold/ is valid and resolvable (no model needed)."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from newsledger.eval import read_raw
from newsledger.eval.gold import FIELDS, GoldArticle, load_gold, not_figure_spans, resolve_article
from newsledger.eval.match import overlap

GOLD_DIR = Path(__file__).resolve().parents[1] / "eval" / "gold"
GOLD_FILES = sorted(GOLD_DIR.glob("*.jsonl"))
# Minimum annotated items per gold file (the set's documented size).
MINIMUMS = {"set_a": {"figures": 70, "entities": 60, "quotes": 30}}


def test_gold_files_exist() -> None:
    assert any(f.stem == "set_a" for f in GOLD_FILES)


@pytest.fixture(scope="module", params=GOLD_FILES, ids=lambda p: p.stem)
def gold_file(request: pytest.FixtureRequest) -> Path:
    path: Path = request.param
    return path


def test_file_validates_and_anchors_resolve_in_raw_text(gold_file: Path) -> None:
    articles = load_gold(gold_file)  # raises EvalError on any invalid field or vocabulary value
    assert articles
    for article in articles:
        assert article.url, f"{article.path}:{article.line}: gold articles need a url"
        resolve_article(article, article.text)


def test_anchors_resolve_in_ingest_cleaned_text(gold_file: Path) -> None:
    gold = {a.url: a for a in load_gold(gold_file)}
    raws = list(read_raw(gold_file))
    assert sorted(r.url or "" for r in raws) == sorted(gold)
    for raw in raws:
        resolve_article(gold[raw.url or ""], raw.text)


def _figure_spans(article: GoldArticle) -> list[tuple[int, int]]:
    return [item.span for item in resolve_article(article, article.text)["figures"]]


def test_gold_figures_do_not_overlap_each_other_or_not_figures(gold_file: Path) -> None:
    for article in load_gold(gold_file):
        spans = sorted(_figure_spans(article))
        where = f"{article.path}:{article.line}"
        for a, b in itertools.pairwise(spans):
            assert overlap(a, b) == 0, f"{where}: gold figures overlap at {a} and {b}"
        for bad in not_figure_spans(article, article.text):
            assert all(overlap(bad, s) == 0 for s in spans), f"{where}: not-figure {bad} overlaps a figure"


def test_every_article_is_annotated_for_something(gold_file: Path) -> None:
    for article in load_gold(gold_file):
        assert article.annotated, f"{article.path}:{article.line}: 'annotated' is empty"
        assert article.annotated <= set(FIELDS)


def test_minimum_counts(gold_file: Path) -> None:
    minimums = MINIMUMS.get(gold_file.stem, {})
    articles = load_gold(gold_file)
    for name, minimum in minimums.items():
        total = sum(a.count(name) for a in articles if name in a.annotated)
        assert total >= minimum, f"{gold_file.name}: {total} annotated {name}, expected at least {minimum}"
