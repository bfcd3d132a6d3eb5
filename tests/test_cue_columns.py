"""The cue finder's and mention index's column shortcuts answer what the Token walks they replace
answered (needs the spaCy model)."""

from __future__ import annotations

import pytest

from newsledger.extract._doc import prepare_doc
from newsledger.extract.cues import CueFinder
from newsledger.extract.quotemarks import find_quotes
from newsledger.nlp import load_nlp

pytestmark = pytest.mark.model

TEXT = (
    "VELGRAD, May 2 (Wire) - The ministry said on Monday that it would review the figures.\n\n"
    "“We will not stop,” she told reporters. \u00a0Her deputy, Arvo Kelling, said: “It is done.”\n\n"
    "They said it was late; he says the office, which he runs, agrees. “Later,” it added."
)


@pytest.fixture(scope="module")
def finder() -> CueFinder:
    nlp = load_nlp()
    own = [n for n in nlp.pipe_names if n.startswith("newsledger_") and n != "newsledger_entity_ruler"]
    with nlp.select_pipes(disable=own):
        doc = prepare_doc(nlp(TEXT), text=TEXT)
    return CueFinder(doc, find_quotes(TEXT))


def test_words_are_the_tokens_that_are_not_whitespace(finder: CueFinder) -> None:
    cuts = sorted({0, len(TEXT), *(t.idx for t in finder.doc), *(t.idx + 1 for t in finder.doc)})
    assert any(t.is_space for t in finder.doc)  # the paragraph breaks and the no-break space
    for a in cuts[::3]:
        for b in cuts[::5]:
            assert finder._words(a, b) == [t.i for t in finder.tokens(a, b) if not t.is_space], (a, b)


def test_pronoun_class_is_classify_kept_for_pronouns(finder: CueFinder) -> None:
    m = finder.resolver.m
    kinds = set()
    for tok in finder.doc:
        cls = m.classify(tok)
        kinds.add(cls.kind if cls is not None else None)
        assert m.pronoun_class(tok) == (cls if cls is not None and cls.kind == "pronoun" else None), tok
    assert {"pronoun", "person", "body"} <= kinds  # the text has each kind the shortcut must tell apart


def test_dateline_end_kept_per_paragraph_is_the_pattern_match(finder: CueFinder) -> None:
    for offset in range(0, len(TEXT), 7):
        lo, hi = finder.para_at(offset)
        m = finder.lex.dateline.match(TEXT, lo, hi)
        assert finder.dateline_end(offset) == (m.end() if m else lo)
    assert finder.dateline_end(3) > 10  # "VELGRAD, May 2 (Wire) - " is a dateline
