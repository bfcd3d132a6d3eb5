"""Entities extractor (placeholder interface; filled in by its issue)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from newsledger.contract import Entity
from newsledger.extract._doc import ensure_extensions, version_tag

NAME = "newsledger.entities"
VERSION = "0.0.1"
TAG = version_tag(NAME, VERSION)


def extract_entities(doc: Doc) -> list[Entity]:
    """Return the entities found in ``doc``."""
    return []


class EntitiesComponent:
    def __call__(self, doc: Doc) -> Doc:
        doc._.nl_entities = extract_entities(doc)
        return doc


@Language.factory("newsledger_entities")
def make_entities_component(nlp: Language, name: str) -> EntitiesComponent:
    ensure_extensions()
    return EntitiesComponent()


def add_entity_ruler(nlp: Language) -> None:
    """Add the data-driven entity ruler before ``ner`` (placeholder: adds nothing yet)."""
    return None
