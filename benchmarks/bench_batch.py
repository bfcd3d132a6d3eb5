"""``newsledger batch`` on a local Spark: articles per second per core, and the load after it.

Input: eval/stream/stream.jsonl and the examples' articles written ``--copies`` times into one
JSON Lines file, each copy with its own URLs (a story re-published by another outlet), so every
line is an article to extract. The batch runs on ``--master`` (default local[2]) with
``--split-mb`` parts; then ``newsledger load`` stores it in a new SQLite file and reconciles.
With ``--baseline`` the same file is also extracted in this process, on one core
(``extract --jsonl --no-store``).

Printed: ``per_core`` = articles / the parts' own seconds added up (each part runs on one core;
pipeline load once per Python worker included), ``per_core_loaded`` the same without the pipeline
loads (a long run's steady rate), ``wall_per_core`` = articles / (wall seconds x
cores; JVM start included), the baseline's articles/s, the load's seconds.

    python benchmarks/bench_batch.py [--copies 4] [--master 'local[2]'] [--split-mb 0.1] [--baseline] [--json]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STREAM = ROOT / "eval" / "stream" / "stream.jsonl"


def _records() -> list[dict[str, str]]:
    """The stream's articles (short: 72 words on average), examples/feed.jsonl and the plain-text
    examples (longer: 200 to 800 words)."""
    records = [json.loads(line) for line in STREAM.read_text(encoding="utf-8").splitlines() if line.strip()]
    feed = ROOT / "examples" / "feed.jsonl"
    records += [json.loads(line) for line in feed.read_text(encoding="utf-8").splitlines() if line.strip()]
    for path in sorted((ROOT / "examples" / "text").glob("*.txt")):
        records.append({"text": path.read_text(encoding="utf-8"), "url": f"https://examples.example/{path.stem}"})
    return records


def write_input(path: Path, copies: int) -> tuple[int, int]:
    """``copies`` of the records, each copy with its own URLs; (articles, words) written."""
    n = words = 0
    records = _records()
    with path.open("w", encoding="utf-8") as fh:
        for copy in range(copies):
            for record in records:
                record = dict(record)
                record["url"] = re.sub(r"^(https?://)", rf"\g<1>c{copy}.", record.get("url") or "https://x.example/")
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
                n += 1
                words += len(record.get("text", "").split())
    return n, words


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--copies", type=int, default=4)
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--split-mb", type=float, default=0.1)
    parser.add_argument("--baseline", action="store_true", help="also extract in this process, one core")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    from newsledger.batch import load_batch, run_batch
    from newsledger.store.repo import Store

    cores = int(m.group(1)) if (m := re.match(r"local\[(\d+)\]", args.master)) else 0
    out: dict[str, object] = {"master": args.master, "cores": cores}
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "stream.jsonl"
        out["lines"], words = write_input(data, args.copies)
        started = time.perf_counter()
        report = run_batch([str(data)], str(Path(tmp) / "out"), master=args.master, split_mb=args.split_mb)
        wall = time.perf_counter() - started
        busy = report.executor_seconds
        out.update(
            articles=report.extracted,
            parts=report.parts,
            failures=len(report.failures),
            wall_s=round(wall, 2),
            part_seconds=round(report.executor_seconds, 2),
            pipeline_seconds=round(report.pipeline_seconds, 2),
            per_core=round(report.extracted / busy, 2) if busy else None,
            per_core_loaded=round(report.extracted / (busy - report.pipeline_seconds), 2) if busy else None,
            wall_per_core=round(report.extracted / (wall * cores), 2) if cores else None,
            words=words,
            words_per_core=round(words / busy) if busy else None,
            words_per_core_loaded=round(words / (busy - report.pipeline_seconds)) if busy else None,
        )
        started = time.perf_counter()
        with Store(str(Path(tmp) / "loaded.db")) as store:
            loaded = load_batch(str(Path(tmp) / "out"), store)
        out["load_s"] = round(time.perf_counter() - started, 2)  # storing and reconciling
        out["reconcile"] = loaded.reconciled
        if args.baseline:
            from newsledger.runner import extract_only

            started = time.perf_counter()
            n = extract_only([str(data)], lambda _a: None).extracted
            seconds = time.perf_counter() - started
            out.update(
                baseline_articles=n,
                baseline_s=round(seconds, 2),
                baseline_rate=round(n / seconds, 2),
                baseline_words_per_s=round(words / seconds),
            )
    if args.json:
        print(json.dumps(out))
    else:
        for key, value in out.items():
            print(f"{key:>18}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
