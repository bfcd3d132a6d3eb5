"""Speaker resolution on fictional sentences (needs the spaCy model)."""

from __future__ import annotations

import pytest

from newsledger.contract import Quote
from newsledger.extract.speakers import SpeakerResolver, lexicon, subject_of
from newsledger.nlp import load_nlp

pytestmark = pytest.mark.model


def quotes(text: str) -> list[Quote]:
    return list(load_nlp()(text)._.nl_quotes)


def speaker_of(text: str, startswith: str) -> Quote:
    hits = [q for q in quotes(text) if q.text.startswith(startswith)]
    assert len(hits) == 1, hits
    return hits[0]


def test_lexicon_loads_word_lists() -> None:
    lex = lexicon()
    assert {"soldier", "official", "spokesman", "analyst"} <= lex.person
    assert "say" in lex.reporting and "post" in lex.documents and "he" in lex.pron_male


def test_pronoun_never_wins_over_a_name() -> None:
    text = "Halvard Renn inspected the garrison.\n“We are ready,” he said."
    q = speaker_of(text, "We are ready")
    assert q.speaker == "Halvard Renn"


def test_gender_agreement_with_honorifics() -> None:
    text = "Ms. Ilse Varga and Mr. Tomas Rell spoke at the rally.\n“It was peaceful,” she said."
    assert speaker_of(text, "It was peaceful").speaker == "Ilse Varga"


def test_his_wife_is_never_the_antecedent_and_is_the_addressee() -> None:
    text = (
        "An intercepted call captured a Talmari soldier complaining about the food.\n"
        "“We have nothing left to eat,” he tells his wife."
    )
    q = speaker_of(text, "We have nothing")
    assert q.speaker == "a Talmari soldier"
    assert q.addressee == "his wife"
    assert q.medium == "An intercepted call"


def test_named_soldier_wins_over_description() -> None:
    text = (
        "A second recording captures a man identified as a Karvonian soldier named Petr asking his "
        "mother about the news.\n“Nobody tells us anything,” he tells his mother."
    )
    q = speaker_of(text, "Nobody tells")
    assert q.speaker == "Petr"
    assert q.addressee == "his mother"


def test_addressee_of_previous_quote_is_not_the_next_speaker() -> None:
    text = (
        "A man identified as a Talmari conscript can be heard in the recording.\n"
        "“There is no army here,” he tells a relative.\n"
        "“Everyone is out for themselves,” he says."
    )
    q = speaker_of(text, "Everyone is out")
    assert q.speaker is not None and "conscript" in q.speaker


def test_definite_role_resolves_to_named_person() -> None:
    text = "Spokesman Oskar Dahl said the talks would resume.\n“We are patient people,” the spokesman said."
    assert speaker_of(text, "We are patient").speaker == "Oskar Dahl"


def test_post_resolves_to_its_owner() -> None:
    text = (
        "The Karvonian Border Guard said in a Telegram post on Friday that the crossing was closed.\n"
        "“The situation is under control,” the post says.\n"
        "“Further updates will follow,” it continues."
    )
    found = quotes(text)
    first = next(q for q in found if q.text.startswith("The situation"))
    second = next(q for q in found if q.text.startswith("Further"))
    assert first.speaker == second.speaker == "The Karvonian Border Guard"
    assert first.medium == "a Telegram post"
    assert second.cue == "continues"


def test_unnamed_speaker_keeps_best_description() -> None:
    text = "“The city will not fall,” a soldier who calls himself a sergeant says in the video."
    q = speaker_of(text, "The city")
    assert q.speaker == "a soldier"
    assert q.medium == "the video"


def test_one_source_told_outlet() -> None:
    text = "“Nobody believes the plan,” one source told the Lumen Post."
    q = speaker_of(text, "Nobody believes")
    assert (q.speaker, q.addressee) == ("one source", "the Lumen Post")


def test_resolver_canonical_and_subject() -> None:
    doc = load_nlp()("Halvard Renn arrived. Renn said the border was calm.")
    resolver = SpeakerResolver(doc)
    assert resolver.canonical("Renn") == "Halvard Renn"
    said = next(t for t in doc if t.lower_ == "said")
    subj = subject_of(said)
    assert subj is not None and subj.text == "Renn"
    resolved = resolver.resolve(subj)
    assert resolved is not None and resolved.name == "Halvard Renn"
