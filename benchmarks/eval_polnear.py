"""Attribution on real political news: newsledger beside textacy on PolNeAR (train or dev), one run.

The data is not in the repository (the texts belong to their publishers). Get it once:

    fetch github:networkdynamics/PolNeAR          (the search tool's fetch; prints GITDIR)
    ../shared/tools/polnear-trainset GITDIR /work/polnear   (train + dev; the test compartment is held out)

Then:

    .venv/bin/python benchmarks/eval_polnear.py /work/polnear --compartment dev [--limit N] [--json OUT]

Scores (newsledger.eval.attribution): contents matched one to one by token overlap >= 0.5 of the
shorter span; exact = identical normalised tokens; one attribution per cue (quotes naming the same
cue are the parts of one content); source accuracy over matched contents, on the source's
syntactic head (the gold texts are parsed by the base model), "+ roles" also taking a description's
named antecedent as right; recall on contents without quote marks; token-level content F1.
textacy 0.13.0 (direct quotations only) runs in .venv-peers when it exists
(benchmarks/peers/setup.sh).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from spacy.language import Language

from newsledger.config import settings
from newsledger.contract import Article
from newsledger.errors import InputError
from newsledger.eval.attribution import (
    AttributionScores,
    GoldDoc,
    PredAttribution,
    load_polnear,
    one_per_cue,
    score_attributions,
    with_source_heads,
)
from newsledger.ingest.base import RawArticle
from newsledger.nlp import base_model, load_nlp
from newsledger.pipeline import extract_articles

ROOT = Path(__file__).resolve().parents[1]
PEERS = ROOT / ".venv-peers" / "bin" / "python"


def newsledger_pipeline(model: bool = False) -> Language:
    """newsledger's pipeline, rules alone or with the learned attribution model (``model``)."""
    return load_nlp(replace(settings(), attribution_model=model))


def newsledger_predictions(
    docs: list[GoldDoc], nlp: Language
) -> tuple[list[list[PredAttribution]], tuple[float, float], int]:
    """Attributions newsledger finds: every quote (direct, partial, indirect) with its speaker;
    (wall seconds, CPU seconds of this process) of the pass, and the number of words. The pipeline
    is warmed on one text before the clock starts, so the time is extraction alone."""
    list(extract_articles([RawArticle(text=docs[0].text, url="polnear://warm")], nlp=nlp))
    raws = [RawArticle(text=d.text, url=f"polnear://{d.name}") for d in docs]
    started, cpu = time.perf_counter(), time.process_time()
    out: list[list[PredAttribution]] = []
    for item in extract_articles(raws, nlp=nlp):
        out.append([] if isinstance(item, InputError) else _from_article(item))
    words = sum(len(d.text.split()) for d in docs)
    return out, (time.perf_counter() - started, time.process_time() - cpu), words


def timed_rounds(
    docs: list[GoldDoc], pipes: dict[str, Language], rounds: int
) -> tuple[dict[str, tuple[float, float]], list[float]]:
    """Each pipeline's median (wall, CPU) seconds over ``rounds`` passes, and each round's CPU ratio
    of the last pipeline to the first. The pipelines take turns **article by article** (the order
    turning over with every article and round), each article extracted alone, so both see the
    same machine: on a shared or virtual machine the speed drifts by tens of percent within a
    minute, which whole passes one after the other would charge to one pipeline. Warmed first
    (the first pass of a process fills caches every later pass shares: dates, number words,
    lexicons)."""
    names = list(pipes)
    raws = [RawArticle(text=d.text, url=f"polnear://{d.name}") for d in docs]
    for name in names:
        list(extract_articles(raws[:1], nlp=pipes[name]))
    seen: dict[str, list[tuple[float, float]]] = {name: [] for name in names}
    for k in range(rounds):
        wall = dict.fromkeys(names, 0.0)
        cpu = dict.fromkeys(names, 0.0)
        for j, raw in enumerate(raws):
            for name in names if (j + k) % 2 == 0 else reversed(names):
                started, clock = time.perf_counter(), time.process_time()
                list(extract_articles([raw], nlp=pipes[name]))
                wall[name] += time.perf_counter() - started
                cpu[name] += time.process_time() - clock
        for name in names:
            seen[name].append((wall[name], cpu[name]))
    medians = {
        name: (statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs))
        for name, runs in seen.items()
    }
    paired = [b[1] / a[1] for a, b in zip(seen[names[0]], seen[names[-1]], strict=True)]
    return medians, paired


def _from_article(article: Article) -> list[PredAttribution]:
    preds = []
    for q in article.quotes:
        source = (
            (q.speaker_start, q.speaker_end)
            if q.speaker_start is not None and q.speaker_end is not None
            else None
        )
        cue = (q.cue_start, q.cue_end) if q.cue_start is not None and q.cue_end is not None else None
        preds.append(PredAttribution((q.start, q.end), source, q.speaker, q.kind, cue))
    return one_per_cue(preds)


def textacy_predictions(docs: list[GoldDoc]) -> list[list[PredAttribution]] | None:
    if not PEERS.exists():
        print("textacy: .venv-peers missing (bash benchmarks/peers/setup.sh); skipped", file=sys.stderr)
        return None
    with tempfile.TemporaryDirectory() as tmp:
        src, dst = Path(tmp) / "in.jsonl", Path(tmp) / "out.jsonl"
        src.write_text(
            "".join(json.dumps({"id": d.name, "text": d.text}) + "\n" for d in docs), encoding="utf-8"
        )
        script = ROOT / "benchmarks" / "peers" / "textacy_quotes.py"
        subprocess.run([str(PEERS), str(script), str(src), str(dst)], check=True, stdout=subprocess.DEVNULL)
        rows = [json.loads(line) for line in dst.read_text(encoding="utf-8").splitlines() if line.strip()]
    out = []
    for row in rows:
        out.append(
            [
                PredAttribution((q["start"], q["end"]), None, q.get("speaker"), q.get("kind", "direct"))
                for q in row.get("quotes", [])
            ]
        )
    return out


def _row(name: str, s: AttributionScores) -> str:
    m = s.metrics()
    keys = ("content.exact.f1", "content.overlap.f1", "content.overlap.precision", "content.overlap.recall")
    keys += ("source.accuracy", "source.accuracy.roles", "recall.unquoted", "content.token.f1")
    return f"| {name} | " + " | ".join(f"{m[k]:.3f}" for k in keys) + f" | {s.pred} |"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", help="the directory polnear-trainset wrote")
    ap.add_argument("--compartment", default="dev", choices=("train", "dev"))
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--no-peers", action="store_true")
    ap.add_argument("--no-model", action="store_true", help="the rules alone (no learned attribution model)")
    ap.add_argument("--json", help="write the metrics as JSON here")
    ap.add_argument(
        "--time-rounds",
        type=int,
        default=2,
        help="after the scored pass, time this many more rounds of each pipeline, taking turns article "
        "by article, and print the medians and each round's paired ratio (0: the scored passes' own "
        "times, the first of which fills the caches)",
    )
    ap.add_argument("--misses", type=int, default=0, help="print this many missed gold contents")
    args = ap.parse_args(argv)
    docs = with_source_heads(load_polnear(args.data, args.compartment, args.limit), base_model())
    gold = sum(len(d.attributions) for d in docs)
    print(f"PolNeAR {args.compartment}: {len(docs)} articles, {gold} gold attributions")
    pipes = {"newsledger (rules)": newsledger_pipeline()}
    if not args.no_model:
        pipes["newsledger (rules + model)"] = newsledger_pipeline(model=True)
    results: dict[str, AttributionScores] = {}
    timings: dict[str, tuple[float, float]] = {}
    words = 0
    paired: list[float] = []
    for name, nlp in pipes.items():
        preds, timings[name], words = newsledger_predictions(docs, nlp)
        results[name] = score_attributions(docs, preds)
    if args.time_rounds > 0:
        timings, paired = timed_rounds(docs, pipes, args.time_rounds)
    if not args.no_peers:
        peer = textacy_predictions(docs)
        if peer is not None:
            results["textacy 0.13.0"] = score_attributions(docs, peer)
    print()
    head = ("system", "exact F1", "overlap F1", "overlap P", "overlap R", "source acc.", "+ roles")
    head += ("R unquoted",)
    print("| " + " | ".join((*head, "token F1", "predicted")) + " |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name, s in results.items():
        print(_row(name, s))
    print()
    for name, (wall, cpu) in timings.items():
        print(f"{name}: {words} words in {wall:.1f} s wall, {cpu:.1f} s CPU ({words / cpu:.0f} words/CPU-s)")
    if len(timings) == 2:
        (rules_wall, rules_cpu), (both_wall, both_cpu) = timings.values()
        print(
            f"the model adds {100 * (both_cpu - rules_cpu) / rules_cpu:+.1f}% CPU time "
            f"({100 * (both_wall - rules_wall) / rules_wall:+.1f}% wall) to extraction"
        )
    if len(timings) == 2 and paired:
        each = ", ".join(f"{100 * (r - 1):+.1f}%" for r in paired)
        print(
            f"paired by round (CPU, turns taken article by article): median "
            f"{100 * (statistics.median(paired) - 1):+.1f}% ({each})"
        )
    for miss in results[list(timings)[-1]].misses[: args.misses]:
        print("  missed:", miss)
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "metrics": {k: v.metrics() for k, v in results.items()},
                    "seconds": timings,
                    "paired_cpu_ratios": paired,
                },
                indent=2,
            ),
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
