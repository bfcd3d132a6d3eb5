"""Content bounds from the parse (extract/constituents.py) and how the learned model's contents use
them beside the rules (extract/learned.py): snapping to the cue's complement, the subject of a
raising or passive cue as the first part of its content, and a cue the rules already attributed.
All sentences are our own."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc, Span

from newsledger.extract.spanmodel import PredictedSpan

pytestmark = pytest.mark.model


def _doc(text: str) -> Doc:
    from newsledger.nlp import load_nlp

    return load_nlp()(text)


def _at(doc: Doc, word: str, after: int = 0) -> int:
    return next(t.i for t in doc if t.i >= after and t.text == word)


def _cue(doc: Doc, first: str, last: str | None = None) -> Span:
    a = _at(doc, first)
    return doc[a : _at(doc, last, a) + 1 if last else a + 1]


def _text(doc: Doc, bounds: tuple[int, int] | None) -> str | None:
    return None if bounds is None else doc[bounds[0] : bounds[1]].text


def test_a_content_that_runs_past_its_clause_snaps_to_the_reported_clause() -> None:
    from newsledger.extract.constituents import snap

    doc = _doc("The mayor said the new bridge would open in May, and she left the hall before noon.")
    cue = _cue(doc, "said")
    too_long = (_at(doc, "the"), _at(doc, "she") + 1)  # "the new bridge would open in May, and she"
    assert _text(doc, snap(doc, *too_long, cue)) == "the new bridge would open in May"
    too_short = (_at(doc, "the"), _at(doc, "open") + 1)
    assert _text(doc, snap(doc, *too_short, cue)) == "the new bridge would open in May"
    # a content that shares too few words with the clause keeps its own bounds
    other = (_at(doc, "she"), _at(doc, "noon") + 1)
    assert snap(doc, *other, cue) == other


def test_according_to_governs_the_clause_around_it() -> None:
    from newsledger.extract.constituents import complements, snap

    doc = _doc("The river rose by two metres overnight, according to the water agency.")
    cue = _cue(doc, "according", "to")
    assert [_text(doc, c) for c in complements(doc, cue)] == ["The river rose by two metres overnight"]
    part = (_at(doc, "rose"), _at(doc, "overnight") + 1)  # "rose by two metres overnight"
    assert _text(doc, snap(doc, *part, cue)) == "The river rose by two metres overnight"
    small = (_at(doc, "two"), _at(doc, "metres") + 1)  # too few words in common ...
    assert snap(doc, *small, cue) == small
    # ... but inside the clause: with ``inside`` it takes the clause's bounds
    assert _text(doc, snap(doc, *small, cue, inside=True)) == "The river rose by two metres overnight"


def test_an_object_and_its_infinitive_are_one_complement() -> None:
    from newsledger.extract.constituents import snap

    doc = _doc("The union urged its members to reject the offer.")
    cue = _cue(doc, "urged")
    whole = (_at(doc, "its"), _at(doc, "offer") + 1)
    assert snap(doc, *whole, cue) == whole  # not cut to the object or to the infinitive alone
    cut = (_at(doc, "members"), _at(doc, "offer") + 1)
    assert _text(doc, snap(doc, *cut, cue)) == "its members to reject the offer"


def test_the_subject_of_a_raising_or_passive_cue_belongs_to_the_content() -> None:
    from newsledger.extract.constituents import raised_subject
    from newsledger.extract.lexicon import lexicon

    lex = lexicon()
    doc = _doc("The senator appears to have the votes she needs.")
    content = (_at(doc, "to"), _at(doc, "needs") + 1)
    assert _text(doc, raised_subject(doc, *content, _cue(doc, "appears"), lex)) == "The senator"
    doc = _doc("Other unions are expected to join the strike next week.")
    content = (_at(doc, "to"), _at(doc, "week") + 1)
    assert _text(doc, raised_subject(doc, *content, _cue(doc, "are", "expected"), lex)) == "Other unions"
    # a control verb's subject holds the intention: it is the source, not content
    doc = _doc("The senator hopes to win the vote in March.")
    content = (_at(doc, "to"), _at(doc, "March") + 1)
    assert raised_subject(doc, *content, _cue(doc, "hopes"), lex) is None


def test_a_raised_subject_becomes_the_first_part_with_no_speaker() -> None:
    from newsledger.eval.attribution import PredAttribution, one_per_cue
    from newsledger.extract.attributions import find_attributions
    from newsledger.extract.learned import ModelSpans

    text = "Voters went to the polls on Tuesday.\n\nThe senator appears to have the votes she needs."
    doc = _doc(text)
    appears = _at(doc, "appears")
    spans = (
        PredictedSpan("CUE", appears, appears + 1, 0.9),
        PredictedSpan("CONTENT", appears + 1, _at(doc, "needs") + 1, 0.9),
    )
    doc._.nl_attribution_spans = ModelSpans(spans, "test-model@0")
    doc.user_data.pop("nl_resolver", None)
    found = [a for a in find_attributions(doc) if a.cue == "appears"]
    assert sorted(text[a.start : a.end] for a in found) == ["The senator", "to have the votes she needs"]
    assert all(a.speaker is None for a in found)
    merged = one_per_cue([PredAttribution((a.start, a.end), cue=(a.cue_start, a.cue_end)) for a in found])
    assert len(merged) == 1 and len(merged[0].parts) == 2


def test_a_cue_the_rules_attributed_goes_to_another_content_only_as_its_other_part() -> None:
    from newsledger.extract.learned import _one_cue_each

    doc = _doc(
        "The storm closed three schools in the valley. "
        '"We will reopen on Monday," the principal said. "The roof is safe."'
    )
    said = _at(doc, "said")
    cue = PredictedSpan("CUE", said, said + 1, 0.9)
    rule_cue = {(doc[said].idx, doc[said].idx + len("said"))}
    far = PredictedSpan("CONTENT", _at(doc, "three"), _at(doc, "valley") + 1, 0.9)
    first = PredictedSpan("CONTENT", _at(doc, "We"), _at(doc, ",") + 1, 0.9)
    assert _one_cue_each(doc, [far], [cue]) == [cue]  # alone, the nearest cue
    assert _one_cue_each(doc, [far], [cue], rule_cue) == [None]  # the rules' cue is theirs
    assert _one_cue_each(doc, [first], [cue], rule_cue) == [cue]  # '"X," she said': its first part


def test_a_content_without_a_predicted_cue_takes_its_cue_and_source_from_the_parse() -> None:
    from newsledger.extract.learned import _parse_cue, _partitive

    doc = _doc("Ms. Lund's proposal to widen the ring road was rejected by the council.")
    content = PredictedSpan("CONTENT", _at(doc, "to"), _at(doc, "road") + 1, 0.9)
    cue = _parse_cue(doc, content)
    assert cue is not None and cue.text == "proposal"
    assert [c.text for c in cue.children if c.dep_ == "poss"] == ["Lund"]
    doc = _doc("The weather turned cold on Sunday.")
    assert _parse_cue(doc, PredictedSpan("CONTENT", _at(doc, "cold"), _at(doc, "Sunday") + 1, 0.9)) is None
    doc = _doc("Some of the delegates believe the vote was rushed, and some say so openly.")
    assert _partitive(doc[_at(doc, "Some")])  # a group named by its noun is a source
    assert not _partitive(doc[_at(doc, "some")])  # a bare "some" is not


def test_a_short_quotation_with_no_cue_and_no_speaker_is_bare() -> None:
    from newsledger.extract.attributions import Attribution
    from newsledger.extract.learned import _bare

    text = 'The council called the scheme a "quiet revolution" and said: "We will fund every school."'
    at = text.index("quiet")
    scare = Attribution("direct", at, at + len("quiet revolution"))
    assert _bare(text, scare)
    said = text.index("said")
    quote = Attribution("direct", text.index("We"), text.index("school") + 6, cue="said", cue_start=said)
    assert not _bare(text, quote)  # it has a cue
    assert not _bare(text, Attribution("direct", at, at + 16, speaker="The council"))  # it has a speaker


def test_a_cue_in_another_sentence_is_not_the_contents() -> None:
    from newsledger.extract.learned import _one_sentence

    doc = _doc("The mayor said the bridge would reopen in May. Crews repainted the railings last week.")
    said = _at(doc, "said")
    cue = PredictedSpan("CUE", said, said + 1, 0.9)
    inside = PredictedSpan("CONTENT", _at(doc, "the"), _at(doc, "May") + 1, 0.8)
    beyond = PredictedSpan("CONTENT", _at(doc, "Crews"), _at(doc, "week") + 1, 0.8)
    assert _one_sentence(doc, cue, inside)
    assert not _one_sentence(doc, cue, beyond)  # its cue is in the sentence before


def test_a_content_inside_another_content_of_its_cue_is_absorbed() -> None:
    from newsledger.extract.attributions import Attribution
    from newsledger.extract.learned import _absorbed

    text = 'The coach said that the pitch was fine and that the team "will play on Sunday." He left.'
    said = text.index("said")
    cue = dict(cue="said", cue_start=said, cue_end=said + 4)
    whole = Attribution("partial", text.index("the pitch"), text.index("Sunday") + 6, **cue)
    quote = Attribution("partial", text.index("will"), text.index("Sunday") + 7, **cue)
    other = Attribution("direct", text.index("He"), text.index("left") + 4)
    assert _absorbed(text, [whole, quote, other]) == [whole, other]
    elsewhere = Attribution("partial", text.index("will"), text.index("Sunday") + 7, cue="left")
    assert _absorbed(text, [whole, elsewhere]) == [whole, elsewhere]  # another cue: its own attribution


@pytest.mark.parametrize(
    ("text", "cue", "first", "last", "others", "expected"),
    [
        # a verb beside the content's own cue: "praised [X] and criticised Y"
        (
            "The minister praised the new rail plan and criticised the budget for schools.",
            "praised", "the", "schools", [], "the new rail plan",
        ),
        # a relative clause that holds another cue
        (
            "The council rejected the tax rise, which the mayor said would fund new parks.",
            "rejected", "the", "parks", ["said"], "the tax rise",
        ),
        # an adverbial clause that holds another cue
        (
            "Most voters said they would back the plan, while a third said they were unsure.",
            "said", "they", "unsure", ["said"], "they would back the plan",
        ),
        # a nested attribution is the content itself: nothing is cut
        (
            "The report said that officials claimed the figures were wrong.",
            "said", "officials", "wrong", ["claimed"], "officials claimed the figures were wrong",
        ),
    ],
)
def test_a_content_ends_before_a_clause_that_reports_something_else(
    text: str, cue: str, first: str, last: str, others: list[str], expected: str
) -> None:
    from newsledger.extract.constituents import cut_before_other

    doc = _doc(text)
    own = _cue(doc, cue)
    start = _at(doc, first, own.end)
    end = _at(doc, last, start) + 1
    cues = [_at(doc, word, own.end) for word in others]
    assert doc[start : cut_before_other(doc, start, end, own, cues)].text == expected


def test_a_content_before_its_cue_keeps_the_attributions_nested_in_it() -> None:
    from newsledger.extract.constituents import cut_before_other

    doc = _doc(
        "The port reopened only in May, when engineers told the board the cranes were safe, "
        "one official said."
    )
    said, told = _cue(doc, "said"), _at(doc, "told")
    end = _at(doc, "safe") + 1
    # everything before a parenthetical cue is its content, the clause of "told" included
    assert cut_before_other(doc, 0, end, said, [told]) == end


def test_a_confident_cue_no_content_took_gives_its_complement_as_content() -> None:
    from newsledger.extract.attributions import find_attributions
    from newsledger.extract.learned import FREE_CUES, ModelSpans

    def found(text: str, word: str, confidence: float) -> list[tuple[str, str | None, str | None]]:
        doc = _doc(text)
        i = _at(doc, word)
        doc._.nl_attribution_spans = ModelSpans((PredictedSpan("CUE", i, i + 1, confidence),), "test-model@0")
        doc.user_data.pop("nl_resolver", None)
        return [(text[a.start : a.end], a.cue, a.speaker) for a in find_attributions(doc)]

    lead = "Voters went to the polls on Tuesday.\n\n"
    text = lead + "The union criticised the new pay offer on Friday."
    assert found(text, "criticised", 0.9) == [("the new pay offer", "criticised", "The union")]
    assert found(text, "criticised", FREE_CUES / 2) == []  # an unsure cue gives nothing
    # a pronoun object is who is spoken of, not what is reported
    assert found(lead + "The union criticised him on Friday.", "criticised", 0.9) == []
    # a raising cue's subject is the first part of the content, and there is no source
    raised = found(lead + "The senator appears to have the votes she needs.", "appears", 0.9)
    assert raised == [("The senator", "appears", None), ("to have the votes she needs", "appears", None)]
