"""Mention resolution, one module at a time: the index, pronouns, descriptions, back-references."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc, Token

from newsledger.extract.anaphora import antecedent
from newsledger.extract.backrefs import earlier_named_person, earlier_org, owner_of
from newsledger.extract.descriptions import apposed_name, describe
from newsledger.extract.lexicon import Cls, lexicon
from newsledger.extract.speakers import Resolver
from newsledger.nlp import load_nlp


def parse(text: str) -> Doc:
    nlp = load_nlp()
    with nlp.select_pipes(disable=[n for n in nlp.pipe_names if n.startswith("newsledger_")]):
        return nlp(text)


def token(doc: Doc, text: str, nth: int = 0) -> Token:
    return [t for t in doc if t.text == text][nth]


def test_one_pronoun_list_with_possessives() -> None:
    lex = lexicon()
    assert lex.pronoun_kind("their") == "plural" and lex.pronoun_kind("They") == "plural"
    assert lex.pronoun_kind("his") == "person" and lex.pronoun_kind("she") == "person"
    assert lex.pronoun_kind("its") == "thing" and lex.pronoun_kind("we") is None
    assert "we" in lex.pron_speech_act and "his" not in lex.pron_male  # possessives kept apart


def test_attribution_word_lists_load_from_data() -> None:
    lex = lexicon()
    assert lex.carrier_nouns["recording"] == "intercepted_communication"
    assert lex.carrier_nouns["video"] == "social_media"
    assert "reportedly" in lex.impersonal and "leak" in lex.release_verbs
    assert {"general", "spokesman", "official"} <= lex.person  # one person lexicon for both sides


@pytest.mark.model
def test_index_classifies_and_completes_names() -> None:
    doc = parse("Mayor Karen Lindqvist visited the site. Lindqvist said the repairs would take a month.")
    r = Resolver(doc)
    assert r.m.canonical("Lindqvist") == "Karen Lindqvist"
    assert r.m.is_person_name(token(doc, "Lindqvist", 1))
    start, end = r.m.name_span(token(doc, "Lindqvist"))
    assert doc.text[start:end] == "Karen Lindqvist"  # the title is not part of the name
    he = parse("He said so.")[0]
    assert Resolver(he.doc).m.classify(he) == Cls("pronoun", "m")


@pytest.mark.model
def test_pronoun_prefers_the_main_subject_and_agrees_in_gender() -> None:
    doc = parse(
        "Harbour master Edda Voss met the ferry captain, Jon Brekke, on Monday.\n"
        "She said the pier was unsafe."
    )
    r = Resolver(doc)
    she = token(doc, "She")
    ante = antecedent(r, she, Cls("pronoun", "f"))
    assert ante is not None and ante.text == "Voss"
    found = r.resolve(she)
    assert found is not None and found.name == "Edda Voss"


@pytest.mark.model
def test_an_owned_description_is_no_antecedent() -> None:
    doc = parse("A soldier from Lundvik lost his rifle in the river.\nHe told his brother that it sank.")
    found = Resolver(doc).resolve(token(doc, "He"))
    assert found is not None and found.name == "A soldier from Lundvik"


@pytest.mark.model
def test_descriptions_give_the_name_they_carry() -> None:
    doc = parse("A nurse named Oda answered the phone.")
    r = Resolver(doc)
    assert describe(r, token(doc, "nurse")).name == "Oda"
    doc = parse("The radio station Coast Wave FM broadcast the warning.")
    span = apposed_name(Resolver(doc), token(doc, "station"))
    assert span is not None and doc.text[span[0] : span[1]] == "Coast Wave FM"


@pytest.mark.model
def test_plain_description_drops_its_relative_clause() -> None:
    doc = parse("A farmer who lives near the dam said the water was rising.")
    assert describe(Resolver(doc), token(doc, "farmer")).name == "A farmer"


@pytest.mark.model
def test_back_references_to_a_person_an_organisation_and_an_owner() -> None:
    doc = parse(
        "Mira Castellane, a researcher at the Tidewater Institute, studied the flood.\n"
        "The analyst said the levee had failed."
    )
    person = earlier_named_person(Resolver(doc), token(doc, "analyst"))
    assert person is not None and person.name == "Mira Castellane"
    doc = parse("The Fisheries Ministry closed the bay on Friday.\nThe ministry said it was temporary.")
    org = earlier_org(Resolver(doc), token(doc, "ministry"), "ministry")
    assert org is not None and org.name == "Fisheries Ministry"
    doc = parse(
        "The Lundvik Port Authority said in a Telegram post on Friday that the harbour was closed.\n"
        "The post says the closure will last a week."
    )
    owner = owner_of(Resolver(doc), token(doc, "post", 1))
    assert owner is not None and owner.name.endswith("Lundvik Port Authority")
    assert owner.medium == "Telegram post"
