"""Claims extractor (placeholder interface; filled in by its issue)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from newsledger.contract import Claim
from newsledger.extract._doc import ensure_extensions, version_tag

NAME = "newsledger.claims"
VERSION = "0.0.1"
TAG = version_tag(NAME, VERSION)


def extract_claims(doc: Doc) -> list[Claim]:
    """Return the claims found in ``doc``."""
    return []


class ClaimsComponent:
    def __call__(self, doc: Doc) -> Doc:
        doc._.nl_claims = extract_claims(doc)
        return doc


@Language.factory("newsledger_claims")
def make_claims_component(nlp: Language, name: str) -> ClaimsComponent:
    ensure_extensions()
    return ClaimsComponent()
