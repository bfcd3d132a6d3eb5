"""Quotes extractor (placeholder interface; filled in by its issue)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from newsledger.contract import Quote
from newsledger.extract._doc import ensure_extensions, version_tag

NAME = "newsledger.quotes"
VERSION = "0.0.1"
TAG = version_tag(NAME, VERSION)


def extract_quotes(doc: Doc) -> list[Quote]:
    """Return the quotes found in ``doc``."""
    return []


class QuotesComponent:
    def __call__(self, doc: Doc) -> Doc:
        doc._.nl_quotes = extract_quotes(doc)
        return doc


@Language.factory("newsledger_quotes")
def make_quotes_component(nlp: Language, name: str) -> QuotesComponent:
    ensure_extensions()
    return QuotesComponent()
