"""Concurrent API requests against `newsledger serve` started for real (uvicorn on 127.0.0.1).

    python benchmarks/bench_api.py --db newsledger.db                 # 200 concurrent x 5 rounds
    python benchmarks/bench_api.py --db newsledger.db --with-extract DIR   # while an extract runs

Each round opens ``--concurrency`` connections at once (one thread each), every one asking for an
API route (articles, one article, figures, metrics, clusters, contradictions, entities, search),
and prints errors and latency percentiles; the run fails on any error. With ``--with-extract`` an
``extract`` of DIR into the same database runs during the rounds (its writes and reconcile
compete with the readers).
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ROUTES = (
    "/api/articles?limit=20",
    "/api/articles?q=council",
    "/api/figures?limit=50",
    "/api/metrics",
    "/api/clusters",
    "/api/contradictions",
    "/api/entities",
    "/",
)


@dataclass
class Stats:
    ok: int = 0
    errors: int = 0
    failures: list[str] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)

    def pct(self, q: float) -> float:
        xs = sorted(self.latencies)
        return xs[min(len(xs) - 1, int(q * len(xs)))] if xs else 0.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def serve(db: str, port: int | None = None) -> Iterator[str]:
    """``newsledger serve`` in a child process; yields its base URL once it answers."""
    port = port or _free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    cmd = [sys.executable, "-m", "newsledger.cli", "serve", "--db", db, "--port", str(port)]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                conn.request("GET", "/api/articles?limit=1")
                if conn.getresponse().status == 200:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError("the server did not start")
        yield f"127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _ids(base: str) -> list[str]:
    conn = http.client.HTTPConnection(base, timeout=30)
    conn.request("GET", "/api/articles?limit=50")
    return [a["id"] for a in json.loads(conn.getresponse().read())["items"]]


def hammer(base: str, concurrency: int, timeout: float = 60.0) -> Stats:
    """``concurrency`` requests at once (a barrier releases them together)."""
    ids = _ids(base)
    routes = list(ROUTES) + [f"/api/articles/{i}" for i in ids[:10]]
    stats = Stats()
    lock = threading.Lock()
    barrier = threading.Barrier(concurrency)

    def one(n: int) -> None:
        path = routes[n % len(routes)]
        barrier.wait()
        start = time.perf_counter()
        try:
            conn = http.client.HTTPConnection(base, timeout=timeout)
            conn.request("GET", path)
            resp = conn.getresponse()
            resp.read()
            good = resp.status == 200
            why = f"{path}: HTTP {resp.status}"
        except OSError as exc:
            good, why = False, f"{path}: {type(exc).__name__}: {exc}"
        took = time.perf_counter() - start
        with lock:
            stats.latencies.append(took)
            if good:
                stats.ok += 1
            else:
                stats.errors += 1
                stats.failures.append(why)

    threads = [threading.Thread(target=one, args=(n,)) for n in range(concurrency)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return stats


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", required=True, help="a built newsledger database")
    ap.add_argument("--concurrency", type=int, default=200)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--with-extract", metavar="DIR", help="run `extract DIR` into --db during the rounds")
    args = ap.parse_args(argv)
    extract = None
    if args.with_extract:
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
        cmd = [sys.executable, "-m", "newsledger.cli", "extract", args.with_extract, "--db", args.db]
        extract = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    total = Stats()
    with serve(args.db) as base:
        for r in range(1, args.rounds + 1):
            s = hammer(base, args.concurrency)
            total.ok += s.ok
            total.errors += s.errors
            total.failures += s.failures
            total.latencies += s.latencies
            print(f"round {r}: {s.ok} ok, {s.errors} errors, p50 {s.pct(0.5) * 1000:.0f} ms, "
                  f"p99 {s.pct(0.99) * 1000:.0f} ms, max {max(s.latencies) * 1000:.0f} ms")  # fmt: skip
    if extract is not None:
        print("extract still running at the end" if extract.poll() is None else "extract finished")
        extract.wait()
    print(f"total: {total.ok} ok, {total.errors} errors, p50 {total.pct(0.5) * 1000:.0f} ms, "
          f"p99 {total.pct(0.99) * 1000:.0f} ms")  # fmt: skip
    for why in total.failures[:10]:
        print("  error:", why)
    return 1 if total.errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
