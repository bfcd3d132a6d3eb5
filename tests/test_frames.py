"""Frames: the attribution component finds who attributes each sentence (docs/attribution.md).

Short hand-written texts, the small model's parse, no newsledger component run before: the
frames are found on first use from the same cues as the attributions.
"""

from __future__ import annotations

import dataclasses

import pytest
from spacy.tokens import Doc

from newsledger.extract._doc import prepare_doc
from newsledger.extract.attributions import frames_of
from newsledger.extract.frames import Frame, Sentence
from newsledger.nlp import load_nlp

pytestmark = pytest.mark.model

OUTLET = "The Fenwick Courier"


def parse(text: str) -> Doc:
    nlp = load_nlp()
    with nlp.select_pipes(disable=[n for n in nlp.pipe_names if n.startswith("newsledger_")]):
        return prepare_doc(nlp(text), outlet=OUTLET)


def frames(text: str) -> tuple[Doc, list[Sentence]]:
    doc = parse(text)
    return doc, frames_of(doc)


def links(frame: Frame) -> list[tuple[str, str]]:
    return [(m.source.name, m.source.type) for m in frame.chain]


def only(sentence: Sentence) -> Frame:
    (frame,) = sentence.frames
    return frame


def test_told_an_outlet_is_the_outer_link() -> None:
    doc, (sentence,) = frames("The talks collapsed on Tuesday, one official told The Lumen Post.")
    frame = only(sentence)
    assert links(frame) == [("The Lumen Post", "media_outlet"), ("one official", "anonymous")]
    assert frame.cue == "told" and doc[frame.anchor].text == "told"


def test_told_reporters_adds_no_link() -> None:
    _, (sentence,) = frames("The talks collapsed on Tuesday, one official told reporters.")
    assert links(only(sentence)) == [("one official", "anonymous")]


def test_citing_puts_the_cited_source_inside() -> None:
    _, (sentence,) = frames(
        "Karvonia has ordered 1,200 troops to the border, Eastport Wire reports, citing people "
        "familiar with the plans."
    )
    frame = only(sentence)
    assert links(frame) == [
        ("Eastport Wire", "media_outlet"),
        ("people familiar with the plans", "anonymous"),
    ]
    assert frame.cue == "reports"


def test_an_outlet_that_reports_is_the_source() -> None:
    doc, (sentence,) = frames("Supplies ran low, Eastport Wire reported.")
    frame = only(sentence)
    assert links(frame) == [("Eastport Wire", "media_outlet")]
    assert doc[frame.head].text == "reported" and frame.via is None and frame.opens is None


def test_a_negated_verb_is_no_frame() -> None:
    _, (sentence,) = frames("The ministry did not comment on the report of the strike.")
    assert sentence.frames == ()


def test_voices_in_a_recording_are_heard_under_who_released_it() -> None:
    _, sentences = frames(
        "The Karvonian Security Service released an intercepted call in which a soldier complains "
        "about his commander.\n\n"
        "In the call, the soldier says his unit has had no food for days.\n\n"
        "The ministry said the call was fake."
    )
    release, heard, denial = sentences
    assert release.frames == ()  # the release is the outlet's report: no frame of its own
    frame = only(heard)
    assert links(frame) == [
        ("The Karvonian Security Service", "official_body"),
        ("the soldier", "intercepted_communication"),
    ]
    assert frame.via is not None
    assert (frame.via.kind, frame.via.lemma) == ("intercepted_communication", "call")
    # someone speaking in person is not heard in the call: the carrier is closed
    assert links(only(denial)) == [("The ministry", "government")] and only(denial).via is None


def test_a_recording_that_captures_someone_opens_a_carrier_for_later_sentences() -> None:
    _, (shared, later) = frames(
        "A second intercepted recording, shared by the Halvik Monitor, captures a soldier named Dmitry. "
        "He says the shelling never stopped."
    )
    opened = only(shared).opens
    assert opened is not None and opened.lemma == "recording"
    frame = only(later)
    assert frame.via == opened
    assert frame.chain[-1].source.name == "Dmitry"
    assert frame.chain[-1].source.type == "intercepted_communication"


def test_a_sentence_of_quotation_takes_the_speaker_of_its_attribution() -> None:
    _, (said, more) = frames("“We will hold the line,” the commander said. “Nobody leaves.”")
    assert links(only(said)) == links(only(more)) == [("the commander", "military")]


def test_frames_are_found_once_frozen_and_stored_on_the_doc() -> None:
    doc, first = frames("Supplies ran low, Eastport Wire reported.")
    assert doc._.nl_frames is not None and doc._.nl_attributions is not None
    assert frames_of(doc) == first
    with pytest.raises(dataclasses.FrozenInstanceError):
        first[0].frames[0].cue = "said"  # type: ignore[misc]


def test_a_description_of_people_points_back_to_the_sources_who_spoke_first() -> None:
    # "officials in the regions" are nearer, but "the officials" are the ones who spoke
    _, (told, _, said) = frames(
        "Three officials familiar with the plan told The Lumen Post that the draft was ready.\n\n"
        "The plan was sent to officials in the regions last week.\n\n"
        "The officials said the first units would move in May."
    )
    assert only(said).chain == only(told).chain
    names = [m.source.name for m in only(said).chain]
    assert names == ["The Lumen Post", "Three officials familiar with the plan"]


def test_a_role_noun_and_a_short_name_point_back_to_the_named_source() -> None:
    _, (first, _, later) = frames(
        "Deputy Defence Minister Arkady Lemtov said the draft was ready.\n\n"
        "The bill was tabled in March.\n\n"
        "Lemtov said it would pass."
    )
    assert links(only(first)) == links(only(later)) == [("Arkady Lemtov", "named_person")]
    _, (named, _, role) = frames(
        "Nadia Orlova, a spokeswoman for the port authority, said the cranes were idle.\n\n"
        "Dockers met on Friday.\n\n"
        "The spokeswoman said talks would resume."
    )
    assert only(role).chain == only(named).chain and only(role).chain[-1].source.name == "Nadia Orlova"
