"""Peer baseline for figures: quantulum3 0.10.0 on each article's cleaned text.

Runs in .venv-peers (benchmarks/peers/setup.sh). Reads JSON Lines articles with
``url``/``id``/``text`` (the cleaned text: use newsledger's own prediction file,
see benchmarks/eval_table.py) and writes a prediction JSONL that
``newsledger.eval.evaluate(gold, pred)`` scores: one contract-shaped article per
line with ``figures`` only.

quantulum3's optional scikit-learn unit classifier is switched off (its shipped
model does not unpickle with current scikit-learn); units are disambiguated by
its rule-based fallback, as in an install without scikit-learn.

Usage: .venv-peers/bin/python benchmarks/peers/quantulum3_figures.py IN.jsonl OUT.jsonl [--stats S.json]
"""

from __future__ import annotations

from typing import Any

from peer_run import run_peer
from quantulum3 import classifier, parser

classifier.USE_CLF = False

# quantulum3 unit names -> the contract's unit vocabulary (docs/eval.md).
UNITS = {
    "percentage": "percent",
    "dollar": "USD",
    "united states dollar": "USD",
    "euro": "EUR",
    "pound sterling": "GBP",
    "russian ruble": "RUB",
    "ruble": "RUB",
    "norwegian krone": "NOK",
    "polish zloty": "PLN",
    "kilometre": "km",
    "square kilometre": "km2",
    "millimetre": "mm",
    "metre": "m",
    "hectare": "ha",
    "tonne": "tonne",
    "kilogram": "kg",
    "day": "day",
    "week": "week",
    "month": "month",
    "year": "year",
    "hour": "hour",
    "minute": "minute",
}


def figures(text: str) -> list[dict[str, Any]]:
    out = []
    for q in parser.parse(text):
        start, end = q.span
        unit = q.unit.name if q.unit is not None else "dimensionless"
        out.append(
            {
                "text": text[start:end],
                "start": start,
                "end": end,
                "value": float(q.value),
                "low": None,
                "high": None,
                "approx": "about" if q.uncertainty else "exact",
                "unit": UNITS.get(unit, None if unit == "dimensionless" else unit),
                "counted": None,
                "category": "money" if q.unit is not None and q.unit.entity.name == "currency" else "other",
                "period": None,
                "extractor": "quantulum3@0.10.0",
            }
        )
    return out


def main(argv: list[str] | None = None) -> int:
    return run_peer("quantulum3 0.10.0", "figures", figures, __doc__.splitlines()[0], argv)


if __name__ == "__main__":
    raise SystemExit(main())
