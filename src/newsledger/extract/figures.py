"""Figures extractor (placeholder interface; filled in by its issue)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from newsledger.contract import Figure
from newsledger.extract._doc import ensure_extensions, version_tag

NAME = "newsledger.figures"
VERSION = "0.0.1"
TAG = version_tag(NAME, VERSION)


def extract_figures(doc: Doc) -> list[Figure]:
    """Return the figures found in ``doc``."""
    return []


class FiguresComponent:
    def __call__(self, doc: Doc) -> Doc:
        doc._.nl_figures = extract_figures(doc)
        return doc


@Language.factory("newsledger_figures")
def make_figures_component(nlp: Language, name: str) -> FiguresComponent:
    ensure_extensions()
    return FiguresComponent()
