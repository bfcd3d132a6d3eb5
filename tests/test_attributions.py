"""The attribution layer: found once per Doc, read by both the quotes and the claims component."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from newsledger.extract._doc import prepare_doc
from newsledger.extract.attributions import Attribution, attributions_of, find_attributions
from newsledger.extract.quotes import extract_quotes
from newsledger.nlp import load_nlp

pytestmark = pytest.mark.model

OUTLET = "The Fenwick Courier"
TEXT = (
    "Mayor Lotte Brandvik said on Monday that the ferry would run again by June.\n"
    "“We have waited long enough,” she told reporters.\n"
    "The harbour office called the plan “a gamble”, according to a statement from the office."
)


def parse(text: str) -> Doc:
    """The parse of ``text`` without newsledger's components (nothing stored on the Doc yet)."""
    nlp = load_nlp()
    with nlp.select_pipes(disable=[n for n in nlp.pipe_names if n.startswith("newsledger_")]):
        return prepare_doc(nlp(text), outlet=OUTLET)


def _by_kind(atts: list[Attribution], kind: str) -> list[Attribution]:
    return [a for a in atts if a.kind == kind]


def test_attributions_are_found_once_and_stored_on_the_doc() -> None:
    doc = parse(TEXT)
    assert doc._.nl_attributions is None
    first = attributions_of(doc)
    assert doc._.nl_attributions is not None
    assert attributions_of(doc) == first
    assert find_attributions(doc) == first  # a pure function of the Doc


def test_kinds_cues_and_speakers_carry_offsets_into_the_text() -> None:
    doc = parse(TEXT)
    atts = attributions_of(doc)
    (indirect,) = _by_kind(atts, "indirect")
    assert TEXT[indirect.start : indirect.end] == "the ferry would run again by June"
    assert indirect.cue == "said" and indirect.cue_start is not None
    assert TEXT[indirect.cue_start : indirect.cue_end] == "said"
    assert indirect.speaker == "Lotte Brandvik"
    assert indirect.speaker_start is not None
    # the offsets are the sentence's mention of the source (its title included), the speaker its name
    assert TEXT[indirect.speaker_start : indirect.speaker_end] == "Mayor Lotte Brandvik"
    (direct,) = _by_kind(atts, "direct")
    assert TEXT[direct.start : direct.end] == "We have waited long enough,"
    assert direct.speaker == "Lotte Brandvik"  # "she" resolves to the mayor: never a pronoun
    assert direct.cue == "told" and direct.addressee == "reporters"
    assert direct.paragraph == 1


def test_according_to_cue_spans_both_words() -> None:
    text = "According to the fire service, the blaze spread within minutes across the roof."
    (indirect,) = attributions_of(parse(text))
    assert indirect.kind == "indirect" and indirect.cue == "according to"
    assert indirect.cue_start is not None and text[indirect.cue_start : indirect.cue_end] == "According to"
    assert indirect.speaker == "the fire service"
    assert text[indirect.start : indirect.end] == "the blaze spread within minutes across the roof"


def test_a_quotation_inside_the_reporters_clause_is_partial() -> None:
    text = "The fire service said the blaze “spread within minutes” across the roof."
    (partial,) = attributions_of(parse(text))
    assert partial.kind == "partial" and partial.cue == "said"
    assert text[partial.start : partial.end] == "spread within minutes"
    assert partial.speaker == "The fire service"


def test_scare_quotes_are_no_attribution() -> None:
    text = "The so-called “reform” was dropped from the bill last week by the committee."
    assert attributions_of(parse(text)) == []


def test_quotes_and_claims_read_the_same_attributions() -> None:
    doc = load_nlp()(TEXT)
    atts = attributions_of(doc)
    quotes = extract_quotes(doc)
    assert [(q.start, q.end, q.kind, q.speaker, q.cue) for q in quotes] == [
        (a.start, a.end, a.kind, a.speaker, a.cue) for a in atts
    ]
    claims = doc._.nl_claims
    said = next(c for c in claims if "waited long enough" in c.text)
    assert [s.name for s in said.sources][-1] == "Lotte Brandvik"


def test_a_continued_quotation_is_one_attribution() -> None:
    text = (
        "Ingrid Solvang, the union's treasurer, spoke after the vote.\n"
        "“The members have spoken.\n"
        "“Now the board has to listen,” Solvang said."
    )
    atts = attributions_of(parse(text))
    direct = _by_kind(atts, "direct")
    assert len(direct) == 1
    assert text[direct[0].start : direct[0].end].startswith("The members have spoken.")
    assert direct[0].speaker == "Ingrid Solvang"


def test_a_cue_in_a_later_paragraph_of_a_quotation_attributes_its_sentence() -> None:
    # the quotation starts a paragraph earlier than its cue: the claim of the cue's sentence takes
    # the attribution's resolved speaker, not the bare pronoun of its own frame
    text = (
        "In the first call, a man the agency identifies as a farmer from Lundvik tells his mother "
        "that the harvest failed.\n\n“We have nothing left. The fields are empty.\n\n"
        "“I told the mayor we need help. He just laughed at me,” he says.\n"
    )
    doc = load_nlp()(text)
    direct = [a for a in attributions_of(doc) if a.kind == "direct"]
    assert [a.speaker for a in direct] == ["a farmer from Lundvik"]
    assert direct[0].cue_start is not None and text[direct[0].cue_start : direct[0].cue_end] == "says"
    last = next(c for c in doc._.nl_claims if "laughed" in c.text)
    assert all(s.name != "he" for s in last.sources)
    assert last.sources[-1].name.endswith("a farmer from Lundvik")


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "A farmer from Lundvik spoke at the meeting on Tuesday.\n\n"
            "According to him, the river rose two metres overnight.\n",
            "A farmer from Lundvik",
        ),
        (
            "The harbour office held a briefing on Tuesday.\n\n"
            "According to it, the pier will reopen in May.\n",
            "The harbour office",
        ),
    ],
)
def test_claims_resolve_a_pronoun_as_the_quotes_do(text: str, speaker: str) -> None:
    # the pronoun was no source before ("him", "it"): the claims' history cannot resolve it; the one
    # resolver of the attribution layer does, for the quote and the claim alike
    doc = load_nlp()(prepare_doc(load_nlp().make_doc(text), outlet=OUTLET))
    (indirect,) = attributions_of(doc)
    assert indirect.speaker == speaker
    claim = next(c for c in doc._.nl_claims if c.text.startswith("According to"))
    assert [s.name for s in claim.sources] == [OUTLET, speaker]
