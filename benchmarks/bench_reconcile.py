"""Reconcile at scale: full reconcile time at several sizes, the growth exponent, peak RSS, and an
incremental reconcile after adding articles to the largest store (issue 16).

    nice -n 10 python benchmarks/bench_reconcile.py --articles 100000 [--sizes 10000,25000,50000]
        [--add 100] [--delete 10] [--seed 7] [--json]

Each size runs in a child process on a new SQLite file (so its peak RSS is its own): the stored
facts of the synthetic stream (benchmarks/reconcile_stream.py: 60% syndicated copies, entities
with name variants, figures with metrics, quotes, claims) are written straight into the store,
then reconciled (the first reconcile of a store hashes every body: the work of ``--full``). On
every store, ``--add`` more articles of the same stream are then written and reconciled again
(incremental), then ``--delete`` articles are deleted and reconciled; each line shows the seconds
per stage of the run, wall then the process's CPU. The growth exponent is the slope of log(time)
over log(articles), of the full reconciles and of the incremental ones, of wall time and of the
process's CPU time (which a busy machine inflates less). The load average is printed with the
numbers: the development machine is shared.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def _slope(xs: list[float], ys: list[float]) -> float:
    lx, ly = [math.log(x) for x in xs], [math.log(y) for y in ys]
    mx, my = sum(lx) / len(lx), sum(ly) / len(ly)
    return sum((a - mx) * (b - my) for a, b in zip(lx, ly, strict=True)) / sum((a - mx) ** 2 for a in lx)


def _fit(runs: list[dict[str, Any]], key: str) -> float | None:
    if len(runs) < 2:
        return None
    return round(_slope([r["articles"] for r in runs], [max(r[key], 1e-3) for r in runs]), 2)


def _stages(stages: dict[str, float]) -> str:
    return ", ".join(f"{k} {v:.2f}" for k, v in stages.items())


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def one(size: int, seed: int, add: int, delete: int) -> dict[str, Any]:
    """Write ``size`` articles, reconcile; then optionally add and delete some and reconcile again."""
    sys.path.insert(0, str(ROOT))
    from benchmarks.reconcile_stream import stream, write_articles

    from newsledger.reconcile import reconcile
    from newsledger.store.repo import Store

    out: dict[str, Any] = {"articles": size}
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(str(Path(tmp) / "bench.db"))
        t0 = time.perf_counter()
        write_articles(store, stream(size, seed))
        out["write_s"] = round(time.perf_counter() - t0, 1)
        out["rss_before_mb"] = round(_rss_mb())
        cpu = time.process_time()
        report = reconcile(store)
        out["full_s"] = report.seconds
        out["full_cpu_s"] = round(time.process_time() - cpu, 1)
        out["summary"] = report.summary()
        out["stages"] = report.stages
        out["cpu_stages"] = report.cpu_stages
        out["peak_rss_mb"] = round(_rss_mb())
        if add:
            write_articles(store, stream(size + add, seed, vocab=size), start=size)
            cpu = time.process_time()
            report = reconcile(store)
            out["add"] = add
            out["incremental_s"] = report.seconds
            out["incremental_cpu_s"] = round(time.process_time() - cpu, 1)
            out["incremental_summary"] = report.summary()
            out["incremental_stages"] = report.stages
            out["incremental_cpu_stages"] = report.cpu_stages
        if delete:
            from sqlalchemy import select

            from newsledger.store import tables as t

            with store.engine.connect() as conn:
                query = select(t.articles.c.id).order_by(t.articles.c.id).limit(delete)
                ids = [r[0] for r in conn.execute(query)]
            store.delete_articles(ids)
            cpu = time.process_time()
            report = reconcile(store)
            out["delete"] = delete
            out["delete_s"] = report.seconds
            out["delete_cpu_s"] = round(time.process_time() - cpu, 1)
            out["delete_stages"] = report.stages
            out["delete_cpu_stages"] = report.cpu_stages
        out["peak_rss_after_mb"] = round(_rss_mb())
        counts = store.counts()
        out.update({k: counts[k] for k in ("figures", "entities", "claims")})
        store.close()
    return out


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=10000, help="the largest store")
    parser.add_argument("--sizes", default="", help="smaller sizes, comma-separated (default N/10, N/4, N/2)")
    parser.add_argument("--add", type=int, default=100, help="articles added to the largest store")
    parser.add_argument("--delete", type=int, default=10, help="articles then deleted from it")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--one", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(args.one, args.seed, args.add, args.delete)))
        return 0
    n = args.articles
    sizes = [int(s) for s in args.sizes.split(",") if s] or [n // 10, n // 4, n // 2]
    sizes = [*sorted({s for s in sizes if 0 < s < n}), n]
    path = os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])
    env = {**os.environ, "PYTHONPATH": path}
    runs = []
    for size in sizes:
        cmd = [sys.executable, __file__, "--one", str(size), "--seed", str(args.seed)]
        cmd += ["--add", str(args.add), "--delete", str(args.delete)]
        load = os.getloadavg()[0]
        done = subprocess.run(cmd, check=True, capture_output=True, text=True, env=env)
        run = json.loads(done.stdout.strip().splitlines()[-1])
        run["load_before"] = round(load, 2)
        run["load_after"] = round(os.getloadavg()[0], 2)
        runs.append(run)
        if not args.json:
            print(
                f"{size:>7} articles: full reconcile {run['full_s']:8.1f} s (CPU {run['full_cpu_s']:.1f} s), "
                f"peak RSS {run['peak_rss_mb']:>5} MB (load {run['load_before']} -> {run['load_after']})",
                flush=True,
            )
            if args.add:
                print(
                    f"{'':>9}+{args.add} articles: {run['incremental_s']:8.2f} s "
                    f"(CPU {run['incremental_cpu_s']:.1f} s) {_stages(run['incremental_stages'])}; "
                    f"CPU: {_stages(run['incremental_cpu_stages'])}",
                    flush=True,
                )
            if args.delete:
                print(
                    f"{'':>9}-{args.delete} articles: {run['delete_s']:8.2f} s "
                    f"(CPU {run['delete_cpu_s']:.1f} s) {_stages(run['delete_stages'])}; "
                    f"CPU: {_stages(run['delete_cpu_stages'])}",
                    flush=True,
                )
    big = runs[-1]
    result = {
        "runs": runs,
        "growth_exponent": _fit(runs, "full_s"),
        "growth_exponent_cpu": _fit(runs, "full_cpu_s"),
        "largest": n,
        "incremental_s": big.get("incremental_s"),
        "incremental_growth_exponent": _fit(runs, "incremental_s") if args.add else None,
        "incremental_growth_exponent_cpu": _fit(runs, "incremental_cpu_s") if args.add else None,
        "delete_s": big.get("delete_s"),
        "peak_rss_mb": max(r["peak_rss_after_mb"] for r in runs),
        "cpus": os.cpu_count(),
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(big["summary"])
    print(
        f"growth exponent (log-log fit of full reconcile time over articles): {result['growth_exponent']} "
        f"(wall), {result['growth_exponent_cpu']} (CPU)"
    )
    print(f"peak RSS: {result['peak_rss_mb']} MB")
    if args.add:
        print(
            f"incremental reconcile after adding {args.add} articles to {n}: {big['incremental_s']:.1f} s "
            f"(CPU {big['incremental_cpu_s']:.1f} s)"
        )
        print(f"  {big['incremental_summary']}")
        print(
            f"growth exponent of the incremental step (+{args.add} articles): "
            f"{result['incremental_growth_exponent']} (wall), "
            f"{result['incremental_growth_exponent_cpu']} (CPU)"
        )
    if args.delete:
        print(
            f"incremental reconcile after deleting {args.delete} articles: {big['delete_s']:.1f} s "
            f"(CPU {big['delete_cpu_s']:.1f} s)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
