"""Quotes extractor: the direct, partial and indirect quotes of a Doc, with resolved speakers.

The quotes are the attributions of :mod:`newsledger.extract.attributions` (found once per Doc
and shared with the claims component), each written as a contract :class:`Quote`. How a
quotation's cue and speaker are found is described in :mod:`newsledger.extract.cues` and
:mod:`newsledger.extract.quoted`; reported clauses without quotation marks in
:mod:`newsledger.extract.indirect`.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from newsledger.contract import Quote
from newsledger.extract._doc import doc_text, ensure_extensions, version_tag
from newsledger.extract.attributions import Attribution, attributions_of

NAME = "newsledger.quotes"
VERSION = "1.2.0"  # 1.1: cue offsets; 1.2: the attribution's confidence
TAG = version_tag(NAME, VERSION)


def to_quote(text: str, att: Attribution) -> Quote:
    """The contract quote for one attribution."""
    return Quote(
        text=text[att.start : att.end],
        start=att.start,
        end=att.end,
        kind=att.kind,
        speaker=att.speaker,
        speaker_start=att.speaker_start,
        speaker_end=att.speaker_end,
        cue=att.cue,
        cue_start=att.cue_start,
        cue_end=att.cue_end,
        addressee=att.addressee,
        medium=att.medium,
        extractor=TAG if att.model is None else f"{TAG}+{att.model}",
        confidence=att.confidence,
    )


def extract_quotes(doc: Doc) -> list[Quote]:
    """Return the direct, partial and indirect quotes found in ``doc``, in text order."""
    text = doc_text(doc)
    return [to_quote(text, att) for att in attributions_of(doc)]


class QuotesComponent:
    def __call__(self, doc: Doc) -> Doc:
        doc._.nl_quotes = extract_quotes(doc)
        return doc


@Language.factory(
    "newsledger_quotes",
    requires=["doc._.nl_attributions"],
    assigns=["doc._.nl_quotes"],
    default_config={},
)
def make_quotes_component(nlp: Language, name: str) -> QuotesComponent:
    ensure_extensions()
    return QuotesComponent()
