"""``newsledger batch``: the same ingest and extract as ``newsledger extract``, on a Spark cluster.

:func:`run_batch` plans partitions on the driver (:mod:`.plan`: one per WARC, JSON Lines or feed
file, large ones cut into byte ranges, small pages packed), runs them on Spark (:mod:`.spark`;
each executor's Python worker loads the pipeline once, :mod:`.work`), and writes Parquet: one
directory per table (``articles``, ``figures``, ``quotes``, ``claims``, ``claim_sources``,
``hedges``, ``entities``, ``comments``, ``removed``: the columns and types of
``newsledger export -f parquet``; and ``contract``: whole articles as JSON), plus the manifest
``_newsledger.json``, written last. :func:`load_batch` (``newsledger load``) stores a batch's
articles in a database and reconciles. The design: docs/scale.md.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsledger import __version__
from newsledger.batch.load import MANIFEST, load_batch
from newsledger.batch.plan import plan
from newsledger.batch.work import TABLES, PartResult, PartTask, driver_env
from newsledger.errors import BatchError, InputError, NotAnArticle
from newsledger.runner import ProblemCallback, RunReport, _one_line

__all__ = ["BatchReport", "load_batch", "run_batch"]

ENGINES = ("spark",)
FORMAT = 1  # of the output directory and its manifest
DEFAULT_SPLIT_MB = 64.0


@dataclass
class BatchReport(RunReport):
    """A run's report (``extracted``: articles written; ``skipped``: articles read twice, in
    different files or parts: written each time, stored once by ``load``) and the batch's own."""

    out: str = ""
    parts: int = 0
    seconds: float = 0.0
    executor_seconds: float = 0.0  # the parts' own time, added up
    pipeline_seconds: float = 0.0  # of which loading the pipeline (once per Python worker)


def run_batch(
    paths: Sequence[str],
    out: str,
    *,
    engine: str = "spark",
    master: str | None = None,
    split_mb: float = DEFAULT_SPLIT_MB,
    on_problem: ProblemCallback | None = None,
) -> BatchReport:
    """Ingest and extract ``paths`` on Spark into Parquet tables under ``out`` (a new directory).

    One clear line per bad file goes to ``on_problem`` (after the job: the executors report to
    the driver at their end), as ``extract`` prints it; bad input never fails the job.
    """
    from newsledger.batch import spark

    if engine not in ENGINES:
        raise BatchError(f"unknown engine {engine!r}", hint=f"Choose one of: {', '.join(ENGINES)}.")
    if split_mb <= 0:
        raise BatchError(f"split size {split_mb} MB", hint="Give a split size above 0 MB.")
    started = time.perf_counter()
    target = Path(out)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise BatchError(
            f"{out} already exists and is not an empty directory",
            hint="Give a new --out directory (a batch never mixes its parts with another's).",
        )
    report = BatchReport(out=out, on_problem=on_problem)
    layout = plan(paths, max(1, int(split_mb * 1048576)))
    report.unknown = layout.unknown
    env = driver_env()
    tasks = [PartTask(i, pieces, str(target.resolve()), env, size) for i, (pieces, size) in
             enumerate(zip(layout.parts, layout.sizes, strict=True))]  # fmt: skip
    for table in TABLES:
        (target / table).mkdir(parents=True, exist_ok=True)
    results: list[PartResult] = []
    if tasks:
        started_here = not spark.context_active()
        try:
            results = spark.run_tasks(tasks, master)
        finally:
            spark.stop_if_ours(started_here)
    for missing in layout.missing:
        report.fail(str(missing))
    _merge(results, layout.sources, report)
    report.parts = len(tasks)
    report.executor_seconds = sum(r.seconds for r in results)
    report.pipeline_seconds = sum(r.pipeline_seconds for r in results)
    _clean(target)
    report.seconds = time.perf_counter() - started
    _write_manifest(target, report, results, layout.sources)
    return report


def _merge(results: list[PartResult], sources: list[str], report: BatchReport) -> None:
    """The parts' problems as one line per file (in input order), as ``extract`` reports them."""
    by_file: dict[str, list[InputError]] = {s: [] for s in sources}
    for result in results:
        for problem in result.problems:
            by_file.setdefault(problem.source, []).append(problem.error())
    for problems in by_file.values():
        unique = list({str(p): p for p in problems}.values())  # the parts of a split file can repeat one
        errors: list[InputError] = [p for p in unique if not isinstance(p, NotAnArticle)]
        notes: list[InputError] = [p for p in unique if isinstance(p, NotAnArticle)]
        if errors:
            report.fail(_one_line(errors + notes))
        elif notes:
            report.note(_one_line(notes))
    seen: set[str] = set()
    for result in results:
        for line in result.failures:
            report.fail(line)
        for article_id in result.ids:
            if article_id in seen:
                report.skipped += 1
            else:
                seen.add(article_id)
                report.extracted += 1
        report.skipped += result.duplicates
        for language, n in result.languages.items():
            report.languages[language] = report.languages.get(language, 0) + n


def _clean(target: Path) -> None:
    """Remove what failed task attempts left (hidden temporary files)."""
    for table in TABLES:
        for leftover in (target / table).glob(".part-*.tmp"):
            leftover.unlink(missing_ok=True)


def _write_manifest(target: Path, report: BatchReport, results: list[PartResult], sources: list[str]) -> None:
    """``_newsledger.json``, written last: what made the tables, and that they are complete."""
    from newsledger.pipeline import component_versions

    hashes = {(r.config_hash, r.model) for r in results if r.config_hash}
    if len(hashes) > 1:
        raise BatchError(
            f"the executors extracted with different configurations: {sorted(h for h, _m in hashes)}",
            hint="Install the same newsledger, model and settings on every executor.",
        )
    config_hash, model = hashes.pop() if hashes else (None, None)  # None: nothing was extracted
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "newsledger": __version__,
        "components": component_versions(),
        "model": model,
        "config_hash": config_hash,
        "tables": list(TABLES),
        "inputs": sources,
        "parts": report.parts,
        "articles": report.extracted,
        "duplicates": report.skipped,
        "failures": report.failures,
        "notes": report.notes,
        "seconds": round(report.seconds, 3),
        "executor_seconds": round(report.executor_seconds, 3),
        "pipeline_seconds": round(report.pipeline_seconds, 3),
    }
    tmp = target / f".{MANIFEST}.tmp"
    tmp.write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(target / MANIFEST)

