"""Regenerate the newsledger-vs-peers table in docs/eval.md (between the eval-table markers).

For every gold file: run newsledger in-process (its prediction file also carries the
cleaned texts), run the peer baselines from .venv-peers on those same cleaned texts
(benchmarks/peers/setup.sh creates it), score everything with newsledger.eval, and
write one Markdown table per gold file into docs/eval.md.

Usage: .venv/bin/python benchmarks/eval_table.py [GOLD ...] [--doc docs/eval.md] [--no-peers] [--print]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from newsledger import __version__
from newsledger.eval import EvalReport, evaluate, predict

ROOT = Path(__file__).resolve().parents[1]
PEERS_PY = ROOT / ".venv-peers" / "bin" / "python"
BEGIN, END = "<!-- eval-table:begin -->", "<!-- eval-table:end -->"
PEERS = {  # system -> (script, fields it predicts)
    "quantulum3 0.10.0": ("benchmarks/peers/quantulum3_figures.py", ("figures",)),
    "textacy 0.13.0": ("benchmarks/peers/textacy_quotes.py", ("quotes", "speakers")),
}
ROWS: list[tuple[str, str, str]] = [  # label, field, metric
    ("figures P / R / F1", "figures", "prf"),
    ("figures value accuracy", "figures", "value"),
    ("figures approx accuracy", "figures", "approx"),
    ("figures unit accuracy", "figures", "unit"),
    ("figures counted (lenient head noun)", "figures", "counted_lenient"),
    ("predicted figures on not-figure numbers", "figures", "not_figure_hits"),
    ("quotes P / R / F1", "quotes", "prf"),
    ("quote speaker accuracy (matched)", "quotes", "speaker"),
    ("speakers P / R / F1 (quote + right speaker)", "speakers", "prf"),
    ("hedges P / R / F1", "hedges", "prf"),
    ("entities P / R / F1", "entities", "prf"),
    ("entities label accuracy", "entities", "label"),
]


def cell(report: EvalReport, fields: Sequence[str] | None, field: str, metric: str) -> str:
    if fields is not None and field not in fields:
        return "—"
    score = report.fields[field]
    if score.articles == 0:
        return "n/a"
    if metric == "prf":
        c = score.counts
        return f"{c.precision:.2f} / {c.recall:.2f} / {c.f1:.2f}"
    if metric == "not_figure_hits":
        return str(report.not_figure_hits)
    acc = score.attrs[metric]
    return f"{acc.value:.2f} ({acc.correct}/{acc.total})" if acc.value is not None else "n/a"


def run_peer(script: str, cleaned: Path, out: Path) -> dict[str, Any]:
    stats = out.with_suffix(".stats.json")
    cmd = [str(PEERS_PY), str(ROOT / script), str(cleaned), str(out), "--stats", str(stats)]
    subprocess.run(cmd, check=True)
    loaded: dict[str, Any] = json.loads(stats.read_text(encoding="utf-8"))
    return loaded


def table(gold: Path, *, peers: bool, log: Callable[[str], None]) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        preds = predict(gold)
        seconds = time.perf_counter() - started
        nl_pred = Path(tmp) / "newsledger.jsonl"
        nl_pred.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in preds), encoding="utf-8")
        systems: list[tuple[str, EvalReport, Sequence[str] | None, dict[str, Any]]] = [
            (f"newsledger {__version__}", evaluate(gold, nl_pred), None, {"crashes": 0, "seconds": seconds})
        ]
        if peers and PEERS_PY.exists():
            for name, (script, fields) in PEERS.items():
                out = Path(tmp) / (Path(script).stem + ".jsonl")
                stats = run_peer(script, nl_pred, out)
                systems.append((name, evaluate(gold, out), fields, stats))
        elif peers:
            log(f"{PEERS_PY} not found: run benchmarks/peers/setup.sh first; peers left out")
    base = systems[0][1]
    n_fig = base.fields["figures"].counts.tp + base.fields["figures"].counts.fn
    n_quotes = base.fields["quotes"].counts.tp + base.fields["quotes"].counts.fn
    lines = [
        f"**{gold.name}** ({len(base.articles)} articles, {n_fig} gold figures, {n_quotes} gold quotes; "
        f"measured {time.strftime('%Y-%m-%d')})",
        "",
        "| metric | " + " | ".join(name for name, *_ in systems) + " |",
        "|---|" + "---|" * len(systems),
    ]
    for label, field, metric in ROWS:
        lines.append(f"| {label} | " + " | ".join(cell(r, f, field, metric) for _, r, f, _ in systems) + " |")
    crashes = " | ".join(str(s.get("crashes", 0)) for *_, s in systems)
    lines.append(f"| articles that crashed | {crashes} |")
    lines.append("| seconds | " + " | ".join(f"{float(s.get('seconds', 0)):.1f}" for *_, s in systems) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold", nargs="*", help="gold files (default: eval/gold/*.jsonl)")
    ap.add_argument("--doc", default=str(ROOT / "docs" / "eval.md"))
    ap.add_argument("--no-peers", action="store_true")
    ap.add_argument("--print", action="store_true", help="print the tables instead of writing the doc")
    args = ap.parse_args(argv)
    golds = [Path(g) for g in args.gold] or sorted((ROOT / "eval" / "gold").glob("*.jsonl"))
    tables = [table(g, peers=not args.no_peers, log=lambda m: print(m, file=sys.stderr)) for g in golds]
    block = "\n\n".join(tables)
    if args.print:
        print(block)
        return 0
    doc = Path(args.doc)
    text = doc.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        print(f"{doc}: markers {BEGIN} / {END} not found", file=sys.stderr)
        return 1
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    doc.write_text(f"{head}{BEGIN}\n{block}\n{END}{tail}", encoding="utf-8")
    print(f"updated {doc}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
