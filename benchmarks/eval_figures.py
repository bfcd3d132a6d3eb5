"""Figures side by side: newsledger, quantulum3 and CQE on one figures gold set, in one run.

newsledger runs in-process on the gold file (its prediction file also carries the cleaned texts);
the peers run from .venv-peers (benchmarks/peers/setup.sh) on those same cleaned texts; every
system is then scored here by the matching rules of docs/quantity-guidelines.md:

* a predicted figure matches a gold figure when their character spans overlap (one-to-one,
  ``newsledger.eval.match.match_spans``);
* value: the same number (relative tolerance 1e-6); for a gold range, the same low and high;
* unit: equal after mapping surface names to the contract's codes (``UNIT_ALIASES``: "%" and
  "percentage" are ``percent``, "kilometre" is ``km``, "dollar" is ``USD``, ...); no unit on both
  sides is equal;
* approximation: the same class at CQE's granularity (``=`` exact; ``~`` about/almost/vague;
  ``>`` more_than/at_least; ``<`` less_than/at_most/up_to; ``range``);
* counted: the same head noun (``newsledger.eval.score.head_noun``), over matched pairs whose gold
  figure names what is counted; ``counted strict`` compares the whole normalised phrase;
* change: the same direction (up/down), over matched pairs whose gold figure is a change.

"value F1" counts a true positive only for a matched pair with the right value; "+unit" also
needs the unit, "+approximation" also the approximation class.

Usage: .venv/bin/python benchmarks/eval_figures.py [GOLD] [--no-peers] [--json OUT] [--details]
(GOLD defaults to eval/gold/wikinews_figures.jsonl)
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsledger import __version__
from newsledger.eval import load_pred, predict
from newsledger.eval.gold import GoldArticle, load_gold, not_figure_spans, resolve_article
from newsledger.eval.match import match_spans, overlap
from newsledger.eval.score import figure_value_ok, head_noun, norm_phrase

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_GOLD = ROOT / "eval" / "gold" / "wikinews_figures.jsonl"
PEERS_PY = ROOT / ".venv-peers" / "bin" / "python"
PEERS = {  # system -> script run in .venv-peers
    "quantulum3 0.10.0": "benchmarks/peers/quantulum3_figures.py",
    "CQE 2.0.3": "benchmarks/peers/cqe_figures.py",
}
UNIT_ALIASES = {
    "%": "percent",
    "percent": "percent",
    "per cent": "percent",
    "percentage": "percent",
    "pct": "percent",
    "percentage point": "percentage point",
    "km": "km",
    "kilometre": "km",
    "kilometer": "km",
    "kilometres": "km",
    "m": "m",
    "metre": "m",
    "meter": "m",
    "mi": "mi",
    "mile": "mi",
    "mph": "mph",
    "mile per hour": "mph",
    "km/h": "km/h",
    "kilometre per hour": "km/h",
    "kg": "kg",
    "kilogram": "kg",
    "t": "t",
    "tonne": "t",
    "gb": "GB",
    "gigabyte": "GB",
    "year": "year",
    "years": "year",
    "year of age": "year",
    "month": "month",
    "week": "week",
    "day": "day",
    "hour": "hour",
    "minute": "minute",
    "second": "second",
    "usd": "USD",
    "$": "USD",
    "us$": "USD",
    "dollar": "USD",
    "united states dollar": "USD",
    "eur": "EUR",
    "euro": "EUR",
    "gbp": "GBP",
    "pound sterling": "GBP",
    "cent": "cent",
    "barrel": "barrel",
    "usd per barrel": "USD per barrel",
    "dollar per barrel": "USD per barrel",
    "united states dollar per barrel": "USD per barrel",
}
APPROX_CLASS = {
    "exact": "=",
    "about": "~",
    "almost": "~",
    "vague": "~",
    "more_than": ">",
    "at_least": ">",
    "less_than": "<",
    "at_most": "<",
    "up_to": "<",
    "range": "range",
}
Json = Mapping[str, Any]


def norm_unit(unit: Any) -> str | None:
    if unit is None:
        return None
    text = " ".join(str(unit).split()).casefold()
    return UNIT_ALIASES.get(text, text) or None


def approx_class(approx: Any) -> str:
    return APPROX_CLASS.get(str(approx or "exact"), str(approx))


def change_of(fig: Json) -> str | None:
    """The change direction of a figure: a string, or a ``{"direction": ...}`` object."""
    change = fig.get("change")
    if isinstance(change, Mapping):
        change = change.get("direction")
    return str(change) if change else None


@dataclass
class Tally:
    """Counts for one system over the whole gold set."""

    gold: int = 0
    pred: int = 0
    matched: int = 0
    value: int = 0
    value_unit: int = 0
    value_approx: int = 0
    counted_total: int = 0
    counted: int = 0
    counted_strict: int = 0
    change_total: int = 0
    change: int = 0
    not_figure_hits: int = 0
    pred_counted: int = 0  # predictions that name what is counted at all
    pred_change: int = 0  # predictions that carry a change direction at all
    mistakes: list[str] = field(default_factory=list)

    def f1(self, tp: int) -> float:
        p = tp / self.pred if self.pred else 0.0
        r = tp / self.gold if self.gold else 0.0
        return 2 * p * r / (p + r) if p + r else 0.0


def score(gold: Sequence[GoldArticle], preds: Sequence[Json]) -> Tally:
    by_url = {str(p.get("url")): p for p in preds if p.get("url")}
    t = Tally()
    for g in gold:
        pred = by_url.get(g.url or "")
        text = str(pred.get("text") or "") if pred is not None else g.text
        gold_figs = resolve_article(g, text)["figures"]
        pred_figs = list(pred.get("figures") or []) if pred is not None else []
        spans = [(int(f["start"]), int(f["end"])) for f in pred_figs]
        pairs = match_spans([gf.span for gf in gold_figs], spans)
        t.gold += len(gold_figs)
        t.pred += len(pred_figs)
        t.pred_counted += sum(1 for f in pred_figs if f.get("counted"))
        t.pred_change += sum(1 for f in pred_figs if change_of(f))
        t.matched += len(pairs)
        matched_pred = {pi for _, pi in pairs}
        bad = not_figure_spans(g, text)
        t.not_figure_hits += sum(
            1 for pi, s in enumerate(spans) if pi not in matched_pred and any(overlap(s, b) for b in bad)
        )
        for gi, pi in pairs:
            ga, pa = gold_figs[gi].attrs, pred_figs[pi]
            where = text[gold_figs[gi].span[0] : gold_figs[gi].span[1]]
            value_ok = figure_value_ok(ga, pa)
            unit_ok = norm_unit(ga.get("unit")) == norm_unit(pa.get("unit"))
            approx_ok = approx_class(ga.get("approx")) == approx_class(pa.get("approx"))
            t.value += value_ok
            t.value_unit += value_ok and unit_ok
            t.value_approx += value_ok and approx_ok
            if not value_ok:
                t.mistakes.append(f"value {where!r}: gold {ga.get('value')} pred {pa.get('value')}")
            elif not unit_ok:
                t.mistakes.append(f"unit {where!r}: gold {ga.get('unit')} pred {pa.get('unit')}")
            if ga.get("counted"):
                t.counted_total += 1
                counted_ok = head_noun(ga.get("counted")) == head_noun(pa.get("counted"))
                t.counted += counted_ok
                if value_ok and not counted_ok:
                    gold_c, pred_c = ga.get("counted"), pa.get("counted")
                    t.mistakes.append(f"counted {where!r}: gold {gold_c!r} pred {pred_c!r}")
                t.counted_strict += norm_phrase(ga.get("counted")) == norm_phrase(pa.get("counted"))
            if change_of(ga):
                t.change_total += 1
                t.change += change_of(ga) == change_of(pa)
                if change_of(ga) != change_of(pa):
                    t.mistakes.append(f"change {where!r}: gold {change_of(ga)} pred {change_of(pa)}")
        matched_gold = {gi for gi, _ in pairs}
        for gi, gf in enumerate(gold_figs):
            if gi not in matched_gold:
                t.mistakes.append(f"missed {text[gf.span[0] : gf.span[1]]!r}")
        for pi, f in enumerate(pred_figs):
            if pi not in matched_pred:
                t.mistakes.append(f"spurious {text[int(f['start']) : int(f['end'])]!r}")
    return t


def run_peer(script: str, cleaned: Path, out: Path) -> dict[str, Any]:
    stats = out.with_suffix(".stats.json")
    cmd = [str(PEERS_PY), str(ROOT / script), str(cleaned), str(out), "--stats", str(stats)]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    loaded: dict[str, Any] = json.loads(stats.read_text(encoding="utf-8"))
    return loaded


def _ratio(n: int, d: int, produced: int = 1) -> str:
    if not produced:
        return "— (not produced)"
    return f"{n / d:.3f} ({n}/{d})" if d else "n/a"


ROWS: list[tuple[str, Callable[[Tally], str]]] = [
    ("gold figures / predicted", lambda t: f"{t.gold} / {t.pred}"),
    ("detection F1 (span overlap)", lambda t: f"{t.f1(t.matched):.3f}"),
    ("value F1", lambda t: f"{t.f1(t.value):.3f}"),
    ("value F1 +unit", lambda t: f"{t.f1(t.value_unit):.3f}"),
    ("value F1 +approximation", lambda t: f"{t.f1(t.value_approx):.3f}"),
    ("counted accuracy (head noun)", lambda t: _ratio(t.counted, t.counted_total, t.pred_counted)),
    ("counted accuracy (strict)", lambda t: _ratio(t.counted_strict, t.counted_total, t.pred_counted)),
    ("change direction accuracy", lambda t: _ratio(t.change, t.change_total, t.pred_change)),
    ("predictions on not-figure numbers", lambda t: str(t.not_figure_hits)),
]


def metrics(t: Tally) -> dict[str, Any]:
    return {
        "gold": t.gold,
        "pred": t.pred,
        "detection_f1": round(t.f1(t.matched), 4),
        "value_f1": round(t.f1(t.value), 4),
        "value_unit_f1": round(t.f1(t.value_unit), 4),
        "value_approx_f1": round(t.f1(t.value_approx), 4),
        "counted_accuracy": round(t.counted / t.counted_total, 4) if t.counted_total else None,
        "counted_strict_accuracy": round(t.counted_strict / t.counted_total, 4) if t.counted_total else None,
        "change_accuracy": round(t.change / t.change_total, 4) if t.change_total else None,
        "not_figure_hits": t.not_figure_hits,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold", nargs="?", default=str(DEFAULT_GOLD))
    ap.add_argument("--no-peers", action="store_true", help="score newsledger only")
    ap.add_argument("--json", help="also write the metrics as JSON to this file")
    ap.add_argument("--details", action="store_true", help="list every mistake per system")
    args = ap.parse_args(argv)
    gold_path = Path(args.gold)
    gold = load_gold(gold_path)
    results: list[tuple[str, Tally, dict[str, Any]]] = []
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        preds = predict(gold_path)
        seconds = time.perf_counter() - started
        cleaned = Path(tmp) / "newsledger.jsonl"
        cleaned.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in preds), encoding="utf-8")
        nl_stats = {"crashes": 0, "seconds": round(seconds, 2)}
        results.append((f"newsledger {__version__}", score(gold, preds), nl_stats))
        if not args.no_peers:
            if not PEERS_PY.exists():
                print(f"{PEERS_PY} not found: run benchmarks/peers/setup.sh first", file=sys.stderr)
                return 1
            for name, script in PEERS.items():
                out = Path(tmp) / (Path(script).stem + ".jsonl")
                stats = run_peer(script, cleaned, out)
                results.append((name, score(gold, load_pred(out)), stats))
    print(f"{gold_path.name}: {len(gold)} articles, measured {time.strftime('%Y-%m-%d')}\n")
    print("| metric | " + " | ".join(name for name, *_ in results) + " |")
    print("|---|" + "---|" * len(results))
    for label, cell in ROWS:
        print(f"| {label} | " + " | ".join(cell(t) for _, t, _ in results) + " |")
    print("| articles that crashed | " + " | ".join(str(s.get("crashes", 0)) for *_, s in results) + " |")
    print("| seconds | " + " | ".join(f"{float(s.get('seconds', 0)):.1f}" for *_, s in results) + " |")
    if args.details:
        for name, t, _ in results:
            print(f"\n## {name}")
            for line in t.mistakes:
                print(f"  {line}")
    if args.json:
        systems = {name: metrics(t) | stats for name, t, stats in results}
        payload = {"gold": str(gold_path), "systems": systems}
        Path(args.json).write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
