"""Run the spaCy pipeline over ingested articles and build contract ``Article`` objects.

Pure with respect to storage: RawArticle in, Article out. ``newsledger.runner``
wires it to ingest and the store.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from importlib import import_module
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from newsledger import __version__
from newsledger.contract import Article, ExtractorInfo
from newsledger.errors import InputError
from newsledger.extract._doc import prepare_doc
from newsledger.extract.claims import link_quotes
from newsledger.extract.registry import COMPONENTS
from newsledger.ingest.base import RawArticle
from newsledger.ingest.language import detect_language, is_english
from newsledger.nlp import load_nlp

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
    return prepare_doc(nlp.make_doc(raw.text), article_id=raw.id, published=raw.published, outlet=raw.outlet)


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
    raws: Iterable[RawArticle], *, nlp: Language | None = None, batch_size: int = 32
) -> Iterator[Article | InputError]:
    """Extract every article; an article whose processing fails yields an InputError instead.

    Documents go through ``nlp.pipe`` in batches. If a batch fails, its
    documents are retried one by one so a single bad article cannot take the
    others down with it.
    """
    nlp = nlp or load_nlp()
    batch: list[RawArticle] = []
    for raw in raws:
        batch.append(raw)
        if len(batch) >= batch_size:
            yield from _run_batch(nlp, batch)
            batch = []
    if batch:
        yield from _run_batch(nlp, batch)


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


def _run_batch(nlp: Language, batch: Sequence[RawArticle]) -> Iterator[Article | InputError]:
    """Articles of ``batch`` in order; one not in English is stored as ingested, with its language
    and without extractions (the extractors and the model are English)."""
    batch = [raw if raw.language else replace(raw, language=detect_language(raw.text)) for raw in batch]
    ok: list[RawArticle] = []
    errors: dict[int, Article | InputError] = {}
    for i, raw in enumerate(batch):
        err = _too_long(nlp, raw)
        if not is_english(raw.language):
            errors[i] = replace(article_from_raw(raw), extractor=EXTRACTOR)
        elif err is not None:
            errors[i] = err
        else:
            ok.append(raw)
    try:
        docs = list(nlp.pipe(make_doc(nlp, raw) for raw in ok))
    except Exception:  # retry one by one to isolate the failing article
        docs = None
    results: dict[int, Article | InputError] = dict(errors)
    positions = [i for i in range(len(batch)) if i not in errors]
    for pos, raw_index in enumerate(positions):
        raw = batch[raw_index]
        if docs is not None:
            results[raw_index] = article_from_doc(raw, docs[pos])
            continue
        try:
            results[raw_index] = article_from_doc(raw, nlp(make_doc(nlp, raw)))
        except Exception as exc:
            results[raw_index] = InputError(
                raw.path or raw.url or raw.id,
                f"extraction failed: {type(exc).__name__}: {exc}",
                hint="Please report this with the input file; the other articles were processed.",
            )
    for i in range(len(batch)):
        yield results[i]
