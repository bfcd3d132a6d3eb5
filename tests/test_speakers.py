"""Speaker resolution on fictional sentences (needs the spaCy model)."""

from __future__ import annotations

import pytest

from newsledger.contract import Quote
from newsledger.extract.lexicon import lexicon
from newsledger.extract.nounphrase import subject_of
from newsledger.extract.speakers import Resolver
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
    assert q.medium == "intercepted call"


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
    assert first.medium == "Telegram post"
    assert second.cue == "continues"


def test_unnamed_speaker_keeps_best_description() -> None:
    text = "“The city will not fall,” a soldier who calls himself a sergeant says in the video."
    q = speaker_of(text, "The city")
    assert q.speaker == "a soldier"
    assert q.medium == "video"


def test_one_source_told_outlet() -> None:
    text = "“Nobody believes the plan,” one source told the Lumen Post."
    q = speaker_of(text, "Nobody believes")
    assert (q.speaker, q.addressee) == ("one source", "the Lumen Post")


def test_resolver_canonical_and_subject() -> None:
    doc = load_nlp()("Halvard Renn arrived. Renn said the border was calm.")
    resolver = Resolver(doc)
    assert resolver.m.canonical("Renn") == "Halvard Renn"
    said = next(t for t in doc if t.lower_ == "said")
    subj = subject_of(said)
    assert subj is not None and subj.text == "Renn"
    resolved = resolver.resolve(subj)
    assert resolved is not None and resolved.name == "Halvard Renn"


# -- round 2: role references, names in descriptions, plural and neuter pronouns ---------------------


def test_role_noun_resolves_to_the_named_person_introduced_earlier() -> None:
    text = (
        "Mira Holt, a researcher at the Tolva Institute, tracks food prices.\n"
        "“Bread costs twice what it did,” the analyst said.\n"
        "Brig. Gen. Aron Falk commands the garrison. “We hold the line,” the general said."
    )
    assert speaker_of(text, "Bread costs").speaker == "Mira Holt"
    assert speaker_of(text, "We hold").speaker == "Aron Falk"


def test_title_words_before_a_name_are_dropped() -> None:
    text = "“We will build 4,000 homes,” Deputy Housing Minister Lara Venn said on Monday."
    assert speaker_of(text, "We will build").speaker == "Lara Venn"


def test_name_after_a_descriptive_noun_is_the_speaker_and_addressee() -> None:
    found = quotes(
        "Power was cut to 9,000 homes, according to the grid operator Nordnet.\n"
        "Dr. Ines Vahl told the radio station Lakeside FM that the clinic was full.\n"
        "“We are turning people away,” Vahl told the station."
    )
    power = next(q for q in found if q.text.startswith("Power was cut"))
    assert power.speaker == "Nordnet"
    clinic = next(q for q in found if q.text.startswith("the clinic"))
    assert (clinic.speaker, clinic.addressee) == ("Ines Vahl", "Lakeside FM")
    turning = next(q for q in found if q.text.startswith("We are turning"))
    assert (turning.speaker, turning.addressee) == ("Ines Vahl", "Lakeside FM")


def test_minimal_description_gives_the_name() -> None:
    text = "“I will stay,” said one father, who gave only his first name, Piet."
    assert speaker_of(text, "I will stay").speaker == "Piet"
    text = "A man the agency identifies as a sergeant from Tolva tells his wife that the unit is exhausted."
    assert speaker_of(text, "the unit is").speaker == "a sergeant from Tolva"


def test_according_to_them_prefers_the_plural_sources() -> None:
    text = (
        "The Vale Courier reported the plan on Friday, citing three engineers at the plant.\n"
        "According to them, the turbines have been failing since March."
    )
    q = speaker_of(text, "the turbines")
    assert q.speaker == "three engineers at the plant"


def test_it_does_not_point_into_its_own_clause() -> None:
    text = "The Karvonian army did not reply.\nIn a statement on Telegram, it said its units had withdrawn."
    q = speaker_of(text, "its units")
    assert q.speaker == "The Karvonian army"
    assert q.medium == "statement on Telegram"


def test_reported_clause_subject_does_not_steal_the_next_pronoun() -> None:
    text = (
        "Prosecutor Anna Berg told the jury that Marcus Dahl had forged 40 invoices.\n"
        "In total, she said, £2 million was lost."
    )
    assert speaker_of(text, "£2 million").speaker == "Anna Berg"


def test_round4_she_is_not_given_to_an_org_labelled_name_or_a_country() -> None:
    text = (
        "Ostmarchian officials deny the toll, and Ostmarch has rejected the count. "
        "“Every name has a grave,” said Tilde Varga, the network’s coordinator. "
        "She said the true toll was far higher."
    )
    q = speaker_of(text, "the true toll")
    assert q.speaker == "Tilde Varga"


def test_round4_an_office_phrase_with_an_apposed_name_speaks_as_the_name() -> None:
    q = speaker_of(
        "Head of the supply department of the army, lieutenant-general Aart Bosveld, said on Friday "
        "that 4,000 trucks were ready.",
        "4,000 trucks",
    )
    assert q.speaker == "Aart Bosveld"


def test_round4_a_demonstrative_is_never_a_speaker() -> None:
    for q in quotes("At the ministry this was called «pure invention». Officials said so twice."):
        assert q.speaker != "this"


def test_a_plural_body_is_never_one_earlier_organisation() -> None:
    # "the groups" are several bodies: the one organisation named before is not their name, while
    # the singular "the group" still points back to it
    text = (
        "The Tarvel Tenants Union joined a march on Friday with two other associations.\n"
        "“Rents have doubled,” the groups said in a joint statement."
    )
    plural = speaker_of(text, "Rents have doubled")
    assert plural.speaker is not None and "Tarvel" not in plural.speaker
    single = speaker_of(text.replace("the groups said", "the group said"), "Rents have doubled")
    assert single.speaker == "The Tarvel Tenants Union" or single.speaker == "Tarvel Tenants Union"


def test_a_resolved_description_keeps_its_own_place_in_the_text() -> None:
    text = (
        "Senator Odile Farrant toured the port on Monday.\n"
        "The senator said the new cranes would arrive by spring."
    )
    q = speaker_of(text, "the new cranes")
    assert q.speaker == "Odile Farrant"  # the name it stands for
    assert text[q.speaker_start : q.speaker_end] == "The senator"  # type: ignore[misc]  # where it stands


def test_the_mention_is_the_noun_phrase_with_its_title_and_apposition() -> None:
    text = (
        "Harbour master Ivo Brennick said the channel would be dredged in May.\n"
        "The port's director, Sella Marhoun, said the quay would reopen in June."
    )
    q = speaker_of(text, "the channel")
    assert q.speaker == "Ivo Brennick"
    assert text[q.speaker_start : q.speaker_end] == "Harbour master Ivo Brennick"  # type: ignore[misc]
    q = speaker_of(text, "the quay")
    assert q.speaker == "Sella Marhoun"
    assert text[q.speaker_start : q.speaker_end] == "director, Sella Marhoun"  # type: ignore[misc]


def test_a_possessive_determiner_stands_for_its_owner() -> None:
    doc = load_nlp()(
        "Senator Odile Farrant spoke in Tolva on Monday. She praised the port workers. "
        "Her plan to expand the harbour would cost millions, aides said."
    )
    resolver = Resolver(doc)
    her = next(t for t in doc if t.text == "Her")
    found = resolver.resolve(her)
    assert found is not None and found.name == "Odile Farrant"
    his = load_nlp()("The plan was his idea.")
    assert Resolver(his).resolve(next(t for t in his if t.text == "his")) is None  # no owner named


def test_the_mention_leaves_out_the_possessor() -> None:
    text = "Odile Farrant's spokesman, Per Lund, said the vote would be held in March."
    q = speaker_of(text, "the vote")
    assert q.speaker is not None and "Farrant" not in text[q.speaker_start : q.speaker_end]  # type: ignore[misc]
    assert q.speaker_start == text.index("spokesman")


def test_a_pronoun_a_clause_describes_is_a_description_of_the_group() -> None:
    from newsledger.extract.speakers import described_group

    doc = load_nlp()("Those trailing the leaders complained that the count was slow. Some believe it.")
    those, some = doc[0], next(t for t in doc if t.text == "Some")
    complained = next(t for t in doc if t.text == "complained")
    group = described_group(those, complained.i)
    assert group is not None and group.text == "Those trailing the leaders"
    assert described_group(some, len(doc)) is None  # a bare pronoun describes no one
    assert Resolver(doc).resolve(those) is None  # no name stands for it
