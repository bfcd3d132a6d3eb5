"""The work of one batch partition, run on a Spark executor: read, extract, write Parquet.

Imports no pyspark: Spark calls :func:`run_parts` through ``mapPartitions`` with the
:class:`PartTask` objects the driver planned (:mod:`newsledger.batch.plan`). A part reads its
pieces (whole files, or the byte range of a large WARC or JSON Lines file) exactly as
``newsledger extract`` reads a file, extracts its articles with the pipeline of this Python
worker (``load_nlp`` is cached per process, and Spark reuses its Python workers, so the
pipeline loads once per executor worker, not once per part), and writes one Parquet file per
table, ``<out>/<table>/part-<seq>.parquet``: the article tables with exactly the columns and
types of ``newsledger export -f parquet`` (:mod:`newsledger.ledger`), and ``contract``, one
row per article with the whole contract object as JSON (what ``newsledger load`` stores).

Each file is written under a hidden temporary name and renamed when complete, so a retried or
speculative task attempt never leaves half a file under a real name. Bad input never fails the
task: it comes back as :class:`Problem` items, one per bad record, for the driver to print as
one line per file.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Any

from newsledger.config import settings
from newsledger.contract import Article
from newsledger.errors import InputError, NotAnArticle
from newsledger.ingest.base import RawArticle
from newsledger.ingest.language import is_english
from newsledger.ingest.ranges import ByteRange
from newsledger.ingest.readers import iter_path
from newsledger.ledger import ARTICLE_TABLES, article_rows, table_spec

CONTRACT = "contract"  # one row per article: its id and the whole contract object as JSON
TABLES: tuple[str, ...] = (*ARTICLE_TABLES, CONTRACT)
FLUSH_ARTICLES = 256  # articles per Parquet row group
ENV_PREFIX = "NEWSLEDGER_"
NOT_SENT = frozenset({"NEWSLEDGER_DB", "NEWSLEDGER_WORKERS"})  # the driver's business only


@dataclass(frozen=True)
class Piece:
    """One file, or the records of one file starting in ``[start, end)``."""

    path: str  # absolute: what the executor opens
    source: str  # as the user gave it: in messages and in each article's ``path``
    start: int = 0
    end: int | None = None


@dataclass(frozen=True)
class PartTask:
    """One Spark partition: pieces read in order, written as part number ``seq``."""

    seq: int  # input order: part files are named by it, and ``load`` reads them in its order
    pieces: tuple[Piece, ...]
    out: str  # the batch's output directory (a path every executor can write)
    env: tuple[tuple[str, str], ...]  # the driver's NEWSLEDGER_* settings (profile, limits)
    size: int = 0  # bytes to read: the driver schedules the largest parts first


@dataclass(frozen=True)
class Problem:
    """A bad file, record or line (``note``: skipped, not an article), as ingest reports it."""

    note: bool
    source: str
    reason: str
    line: int | None
    hint: str | None

    @classmethod
    def of(cls, exc: InputError) -> Problem:
        return cls(isinstance(exc, NotAnArticle), exc.source, exc.reason, exc.line, exc.hint)

    def error(self) -> InputError:
        kind = NotAnArticle if self.note else InputError
        return kind(self.source, self.reason, line=self.line, hint=self.hint)


@dataclass
class PartResult:
    """What one part did (sent back to the driver: small, no article text)."""

    seq: int
    pid: int = 0
    ids: list[str] = field(default_factory=list)  # articles written, in input order
    duplicates: int = 0  # articles read twice within the part (written once)
    problems: list[Problem] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)  # articles whose extraction failed
    languages: dict[str, int] = field(default_factory=dict)  # articles not in English
    config_hash: str | None = None
    model: str | None = None
    seconds: float = 0.0
    pipeline_seconds: float = 0.0  # of ``seconds``: loading the pipeline (0 when this worker had it)


def apply_env(env: Iterable[tuple[str, str]]) -> None:
    """Make this process's NEWSLEDGER_* settings the driver's (an executor's own are dropped)."""
    wanted = dict(env)
    mine = {k: v for k, v in os.environ.items() if k.startswith(ENV_PREFIX) and k not in NOT_SENT}
    if mine == wanted:
        return
    for key in mine.keys() - wanted.keys():
        del os.environ[key]
    os.environ.update(wanted)
    settings.cache_clear()


def driver_env() -> tuple[tuple[str, str], ...]:
    """The NEWSLEDGER_* settings of this process, to send with each task."""
    return tuple(
        sorted((k, v) for k, v in os.environ.items() if k.startswith(ENV_PREFIX) and k not in NOT_SENT)
    )


def run_parts(tasks: Iterable[PartTask]) -> Iterator[PartResult]:
    """Spark's ``mapPartitions`` function: each task of the partition, in turn."""
    for task in tasks:
        yield run_part(task)


def run_part(task: PartTask) -> PartResult:
    """Read, extract and write one part (see the module docstring)."""
    from newsledger.nlp import load_nlp
    from newsledger.pipeline import config_hash, extract_articles

    started = time.perf_counter()
    apply_env(task.env)
    result = PartResult(seq=task.seq, pid=os.getpid())
    it = _articles(task, result)
    first = next(it, None)
    with _Writer(task.out, task.seq) as writer:
        if first is not None:  # the pipeline loads only where there is something to extract
            loading = time.perf_counter()
            nlp = load_nlp()
            result.pipeline_seconds = time.perf_counter() - loading
            result.config_hash = config_hash(nlp)
            result.model = f"{nlp.meta.get('name')}-{nlp.meta.get('version')}"
            for article in extract_articles(chain([first], it), nlp=nlp, batch_size=settings().batch_size):
                if isinstance(article, InputError):
                    result.failures.append(str(article))
                    continue
                writer.add(article)
                result.ids.append(article.id)
                if not is_english(article.language) and article.language:
                    result.languages[article.language] = result.languages.get(article.language, 0) + 1
    result.seconds = time.perf_counter() - started
    return result


def _articles(task: PartTask, result: PartResult) -> Iterator[RawArticle]:
    """The part's articles in order, each once; its problems go to ``result``."""
    seen: set[str] = set()
    for piece in task.pieces:
        part = ByteRange(piece.start, piece.end)
        for item in iter_path(Path(piece.path), piece.source, part=part):
            if isinstance(item, InputError):
                result.problems.append(Problem.of(item))
            elif item.id in seen:
                result.duplicates += 1
            else:
                seen.add(item.id)
                yield item


def part_name(seq: int) -> str:
    return f"part-{seq:05d}.parquet"


class _Writer:
    """One Parquet writer per table, under a temporary name until the part is complete."""

    def __init__(self, out: str, seq: int) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        self._pa = pa
        self.schemas: dict[str, Any] = {t: table_schema(t) for t in TABLES}
        token = uuid.uuid4().hex[:12]
        self.final = {t: Path(out) / t / part_name(seq) for t in TABLES}
        self.tmp = {t: p.with_name(f".{p.name}.{token}.tmp") for t, p in self.final.items()}
        self.rows: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}
        self.written = dict.fromkeys(TABLES, False)
        self.pending = 0
        self.writers = {}
        for t in TABLES:
            self.tmp[t].parent.mkdir(parents=True, exist_ok=True)
            self.writers[t] = pq.ParquetWriter(str(self.tmp[t]), self.schemas[t])

    def __enter__(self) -> _Writer:
        return self

    def __exit__(self, exc_type: object, *_exc: object) -> None:
        if exc_type is None:
            self.close()
        else:  # a failed attempt leaves nothing under a real name
            for t in TABLES:
                self.writers[t].close()
                self.tmp[t].unlink(missing_ok=True)

    def add(self, article: Article) -> None:
        for t in ARTICLE_TABLES:
            self.rows[t].extend(article_rows(article, t))  # figure_id: none until load
        self.rows[CONTRACT].append(
            {"article_id": article.id, "contract": json.dumps(article.to_json(), ensure_ascii=False)}
        )
        self.pending += 1
        if self.pending >= FLUSH_ARTICLES:
            self.flush()

    def flush(self) -> None:
        for t, rows in self.rows.items():
            if rows:
                self.writers[t].write_table(self._pa.Table.from_pylist(rows, schema=self.schemas[t]))
                self.written[t] = True
                rows.clear()
        self.pending = 0

    def close(self) -> None:
        self.flush()
        for t in TABLES:
            if not self.written[t]:  # an empty table still has its columns
                self.writers[t].write_table(self._pa.Table.from_pylist([], schema=self.schemas[t]))
            self.writers[t].close()
            os.replace(self.tmp[t], self.final[t])


def table_schema(table: str) -> Any:
    """The pyarrow schema of one output table (an export table's, or the contract table's)."""
    import pyarrow as pa

    if table == CONTRACT:
        return pa.schema([pa.field("article_id", pa.string()), pa.field("contract", pa.string())])
    return table_spec(table).arrow_schema()
