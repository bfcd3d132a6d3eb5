"""Run the spaCy pipeline over ingested articles and build contract ``Article`` objects.

Pure with respect to storage: RawArticle in, Article out. ``newsledger.runner``
wires it to ingest and the store.
"""

from __future__ import annotations

import hashlib
import json
import signal
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from importlib import import_module
from itertools import chain, islice
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from newsledger import __version__
from newsledger.config import Settings, settings, worker_count
from newsledger.contract import Article, ExtractorInfo
from newsledger.errors import InputError
from newsledger.extract._doc import prepare_doc, release
from newsledger.extract.claims import link_quotes
from newsledger.extract.registry import COMPONENTS
from newsledger.ingest.base import RawArticle
from newsledger.ingest.language import detect_language, is_english
from newsledger.nlp import load_nlp
from newsledger.workers import PoolStats, ordered_map, start_method

EXTRACTOR = ExtractorInfo("newsledger", __version__)


def component_versions() -> dict[str, str]:
    """Name -> version of every newsledger extractor, recorded with each run."""
    modules = [import_module(c.module) for c in COMPONENTS]
    return {str(mod.NAME): str(mod.VERSION) for mod in modules}


def component_configs(nlp: Language) -> dict[str, dict[str, Any]]:
    """Name -> config (factory and settings, e.g. the figures ``profile``) of each newsledger pipe."""
    names = {c.factory for c in COMPONENTS}
    return {name: dict(nlp.get_pipe_config(name)) for name in nlp.pipe_names if name in names}


def config_hash(nlp: Language) -> str:
    """A short hash of what determines the output: component versions and configs (the settings
    they were given, such as the figures profile), model, pipe order."""
    payload = {
        "components": component_versions(),
        "configs": component_configs(nlp),
        "model": f"{nlp.meta.get('name')}-{nlp.meta.get('version')}",
        "pipes": list(nlp.pipe_names),
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:16]


def make_doc(nlp: Language, raw: RawArticle) -> Doc:
    """A tokenised Doc with the article metadata the components need."""
    doc = nlp.make_doc(raw.text)
    return prepare_doc(doc, article_id=raw.id, published=raw.published, outlet=raw.outlet, text=raw.text)


def article_from_doc(raw: RawArticle, doc: Doc) -> Article:
    """Assemble the contract object for one processed document."""
    return replace(
        article_from_raw(raw),
        entities=tuple(doc._.nl_entities or ()),
        figures=tuple(doc._.nl_figures or ()),
        quotes=tuple(link_quotes(doc._.nl_quotes or (), doc._.nl_claims or ())),
        claims=tuple(doc._.nl_claims or ()),
        extractor=EXTRACTOR,
    )


def article_from_raw(raw: RawArticle) -> Article:
    """The contract object for an article that has only been ingested (no extractions)."""
    return raw.to_article()


def extract_articles(
    raws: Iterable[RawArticle],
    *,
    nlp: Language | None = None,
    batch_size: int = 32,
    workers: int | None = None,
    config: Settings | None = None,
) -> Iterator[Article | InputError]:
    """Extract every article, in input order; an article whose processing fails (or runs past
    ``NEWSLEDGER_ARTICLE_SECONDS``) yields an InputError instead.

    ``workers`` processes (default: ``NEWSLEDGER_WORKERS``, else every core) each load the
    pipeline for ``config`` once; a small input (two batches or fewer) is extracted here. When
    ``nlp`` is given and ``workers`` is not, that pipeline is used, in this process.
    """
    if nlp is not None and workers is None:
        workers = 1
    n = worker_count(workers)
    nlp = nlp or load_nlp(config)
    limit = settings().article_seconds
    if n <= 1:
        yield from _batches(nlp, raws, batch_size, limit)
        return
    it = iter(raws)
    head = list(islice(it, 2 * batch_size + 1))
    if len(head) <= 2 * batch_size:
        yield from _batches(nlp, head, batch_size, limit)
        return
    yield from extract_parallel(chain(head, it), n, batch_size=batch_size, config=config)


@dataclass(frozen=True)
class _Failure:
    """An InputError on its way back from a worker (exceptions with keyword-only fields do not pickle)."""

    source: str
    reason: str
    hint: str | None


_WORKER: dict[str, Any] = {}  # in a worker process: its pipeline and time bound


def _worker_start(config: Settings | None, limit: float) -> None:
    _WORKER["nlp"] = load_nlp(config)
    _WORKER["limit"] = limit


def _worker_batch(batch: list[RawArticle]) -> list[Article | _Failure]:
    results = run_batch(_WORKER["nlp"], batch, _WORKER["limit"])
    return [_Failure(r.source, r.reason, r.hint) if isinstance(r, InputError) else r for r in results]


def extract_parallel(
    raws: Iterable[RawArticle],
    workers: int,
    *,
    batch_size: int = 32,
    config: Settings | None = None,
    stats: PoolStats | None = None,
) -> Iterator[Article | InputError]:
    """Extract ``raws`` in ``workers`` processes, each loading the pipeline for ``config`` once;
    results in input order. Where workers are forked the pipeline is loaded and warmed up here
    first (once; cached for this process), so they start with it instead of each loading its own."""
    limit = settings().article_seconds
    if start_method() == "fork":
        warm_up(load_nlp(config))
    for result in ordered_map(
        _worker_batch,
        raws,
        workers,
        batch_size=batch_size,
        initializer=_worker_start,
        initargs=(config, limit),
        stats=stats,
    ):
        yield (
            InputError(result.source, result.reason, hint=result.hint)
            if isinstance(result, _Failure)
            else result
        )


# One short article that goes through every extractor (figures, dates, a quote, attribution).
_WARM_UP = (
    "Officials said on Monday that 12 people were killed and 40 wounded in the north, according to "
    'the ministry. "We will rebuild," the mayor, Ivan Petrov, told reporters. Prices rose 3.5% last year.'
)


def warm_up(nlp: Language) -> None:
    """Extract one short article, so the tables the extractors build on first use (about half a
    second) are built in this process: workers forked afterwards have them already."""
    run_batch(nlp, [RawArticle(text=_WARM_UP, url="https://warm-up.invalid/", published="2025-01-01")])


def _batches(
    nlp: Language, raws: Iterable[RawArticle], batch_size: int, limit: float
) -> Iterator[Article | InputError]:
    it = iter(raws)
    while batch := list(islice(it, batch_size)):
        yield from run_batch(nlp, batch, limit)


def extract_text(
    text: str, *, published: str | None = None, outlet: str | None = None, url: str | None = None
) -> Article:
    """Extract one text given as a string (the Python API's one-liner)."""
    raw = RawArticle(text=text, published=published, outlet=outlet, url=url)
    result = next(extract_articles([raw]))
    if isinstance(result, InputError):
        raise result
    return result


def _too_long(nlp: Language, raw: RawArticle) -> InputError | None:
    if len(raw.text) > nlp.max_length:
        return InputError(
            raw.path or raw.url or raw.id,
            f"article text has {len(raw.text):,} characters, over the model's limit of {nlp.max_length:,}",
            hint="Split the file into articles; one article is rarely over 100,000 characters.",
        )
    return None


RETRY_SECONDS = 0.05  # CPU time after which an expired bound raises again (see time_bound)


class ArticleTimeout(BaseException):
    """Raised in the middle of an article's extraction when it runs past its time bound
    (a BaseException, so no ``except Exception`` inside an extractor swallows it)."""


@contextmanager
def time_bound(seconds: float) -> Iterator[None]:
    """Raise :class:`ArticleTimeout` in the block after ``seconds`` of this process's CPU time (0: no
    bound). CPU time, not wall-clock time, so a busy machine never stops a healthy article; a runaway
    one is stopped after the same amount of work anywhere. Uses SIGPROF, so it bounds only in the
    main thread of a process (each worker, the CLI); elsewhere no bound."""
    usable = seconds > 0 and hasattr(signal, "setitimer")
    if not usable or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: object) -> None:
        # Fire again soon: a raise that lands in a finaliser (a weakref callback during garbage
        # collection) is printed and swallowed, and the article would run on unbounded.
        signal.setitimer(signal.ITIMER_PROF, RETRY_SECONDS)
        raise ArticleTimeout

    previous = signal.signal(signal.SIGPROF, expire)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


def own_pipes(nlp: Language) -> list[str]:
    """The newsledger components of ``nlp``, in pipeline order."""
    names = {c.factory for c in COMPONENTS}
    return [name for name in nlp.pipe_names if name in names]


def article_pipes(nlp: Language) -> list[str]:
    """The newsledger components of ``nlp`` run article by article after the model's pass over a
    batch: all but those that read only the model's annotations (``Component.batched``, the learned
    attribution model), which run in that pass, one call over the whole batch."""
    batched = {c.factory for c in COMPONENTS if c.batched}
    return [name for name in own_pipes(nlp) if name not in batched]


def _extract_one(nlp: Language, raw: RawArticle, doc: Doc | None, limit: float) -> Article | InputError:
    """Run newsledger's article-by-article components (:func:`article_pipes`) over one Doc already
    through the batch's model pass (``doc``), or the whole pipeline when that pass failed (``doc``
    None), within the time bound."""
    where = raw.path or raw.url or raw.id
    try:
        with time_bound(limit):
            if doc is None:
                doc = nlp(make_doc(nlp, raw))
            else:
                for name in article_pipes(nlp):
                    doc = nlp.get_pipe(name)(doc)
            article = article_from_doc(raw, doc)
            release(doc)
            return article
    except ArticleTimeout:
        return InputError(
            where,
            f"extraction stopped after {limit:g} s ({len(raw.text):,} characters)",
            hint="Please report this with the input file; set NEWSLEDGER_ARTICLE_SECONDS to allow more.",
        )
    except Exception as exc:
        return InputError(
            where,
            f"extraction failed: {type(exc).__name__}: {exc}",
            hint="Please report this with the input file; the other articles were processed.",
        )


def run_batch(nlp: Language, batch: Sequence[RawArticle], limit: float = 0.0) -> list[Article | InputError]:
    """Extract one batch: the model's components over the batch (``nlp.pipe``, with the learned
    attribution model when it is on: see :func:`article_pipes`), then newsledger's other
    components article by article, each within ``limit`` seconds. If the model pass fails, the
    articles are retried one by one so a single bad article cannot take the others down with it.
    One not in English is stored as ingested, with its language and without extractions (the
    extractors and the model are English)."""
    batch = [raw if raw.language else replace(raw, language=detect_language(raw.text)) for raw in batch]
    ok: list[RawArticle] = []
    results: dict[int, Article | InputError] = {}
    for i, raw in enumerate(batch):
        err = _too_long(nlp, raw)
        if not is_english(raw.language):
            results[i] = replace(article_from_raw(raw), extractor=EXTRACTOR)
        elif err is not None:
            results[i] = err
        else:
            ok.append(raw)
    docs: list[Doc | None]
    try:
        with nlp.select_pipes(disable=article_pipes(nlp)):
            docs = list(nlp.pipe(make_doc(nlp, raw) for raw in ok))
    except Exception:  # retry one by one to isolate the failing article
        docs = [None] * len(ok)
    positions = [i for i in range(len(batch)) if i not in results]
    for raw_index, doc in zip(positions, docs, strict=True):
        results[raw_index] = _extract_one(nlp, batch[raw_index], doc, limit)
    return [results[i] for i in range(len(batch))]
