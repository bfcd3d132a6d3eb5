"""The figures benchmark's scoring (benchmarks/eval_figures.py) on the Wikinews gold set itself."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from benchmarks.eval_figures import approx_class, change_of, metrics, norm_unit, score

from newsledger.eval.gold import load_gold, resolve_article

GOLD = Path(__file__).resolve().parents[1] / "eval" / "gold" / "wikinews_figures.jsonl"


def _gold_as_prediction() -> list[dict[str, Any]]:
    preds: list[dict[str, Any]] = []
    for article in load_gold(GOLD):
        figures = [
            {**item.attrs, "start": item.span[0], "end": item.span[1]}
            for item in resolve_article(article, article.text)["figures"]
        ]
        preds.append({"url": article.url, "text": article.text, "figures": figures})
    return preds


def test_gold_scored_against_itself_is_perfect() -> None:
    result = metrics(score(load_gold(GOLD), _gold_as_prediction()))
    assert result["gold"] == result["pred"] >= 60
    for key in ("detection_f1", "value_f1", "value_unit_f1", "value_approx_f1", "counted_accuracy"):
        assert result[key] == 1.0, key
    assert result["change_accuracy"] == 1.0
    assert result["not_figure_hits"] == 0


def test_wrong_value_unit_and_approx_each_cost_their_metric() -> None:
    preds = _gold_as_prediction()
    first = preds[0]["figures"][0]  # "66" seats, exact
    first["value"] = 67
    pct = next(f for p in preds for f in p["figures"] if f.get("unit") == "percent")
    pct["unit"] = "km"
    about = next(f for p in preds for f in p["figures"] if f.get("approx") == "about")
    about["approx"] = "exact"
    result = score(load_gold(GOLD), preds)
    assert result.matched == result.gold
    assert result.value == result.gold - 1
    assert result.value_unit == result.gold - 2
    assert result.value_approx == result.gold - 2


def test_no_prediction_is_all_missed() -> None:
    preds = [{**p, "figures": []} for p in _gold_as_prediction()]
    result = metrics(score(load_gold(GOLD), preds))
    assert result["pred"] == 0 and result["value_f1"] == 0.0


def test_unit_and_approx_normalisation() -> None:
    assert norm_unit("%") == norm_unit("percentage") == norm_unit("percent") == "percent"
    assert norm_unit("Kilometre") == "km" and norm_unit("year of age") == "year"
    assert norm_unit("united states dollar per barrel") == "USD per barrel"
    assert norm_unit(None) is None
    assert approx_class("at_least") == approx_class("more_than") == ">"
    assert approx_class("almost") == approx_class("about") == "~"
    assert approx_class(None) == "="
    assert change_of({"change": {"direction": "up", "amount": 19}}) == "up"
    assert change_of({"change": "down"}) == "down" and change_of({}) is None
