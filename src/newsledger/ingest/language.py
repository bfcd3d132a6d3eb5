"""The language of an article's text (ISO 639-1 code), with py3langid.

py3langid ships its model inside the package (a few MB, numpy only, nothing downloaded at run
time) and classifies a page in well under a millisecond. Only the first ``_SAMPLE`` characters
are read. A language is returned only when the model is confident (``MIN_CONFIDENCE``); an
unsure result is None, and an article with no language is treated as English by the extractors,
so an English article is never kept from extraction by a doubtful guess.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

ENGLISH = "en"
MIN_CONFIDENCE = 0.9
_SAMPLE = 5000
_MIN_CHARS = 40  # shorter texts are too short to tell


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str | None:
    """The language of ``text`` ("en", "de", "ja"…), or None when unsure or too short."""
    sample = " ".join(text[:_SAMPLE].split())
    if len(sample) < _MIN_CHARS:
        return None
    language, confidence = _identifier().classify(sample)
    return str(language) if confidence >= MIN_CONFIDENCE else None


def is_english(language: str | None) -> bool:
    """Whether the English extractors apply: English, or not known."""
    return language is None or language == ENGLISH
