"""Acronym definitions: pure rules over the tokenizer (no model), and the pipeline use of them."""

from __future__ import annotations

import pytest
import spacy

from newsledger.extract.acronyms import Acronym, expansions, find_acronyms, joiners

_NLP = spacy.blank("en")


def found(text: str) -> list[tuple[str, str]]:
    return [(a.short, a.long) for a in find_acronyms(_NLP(text))]


def test_a_bracketed_acronym_after_the_words_it_abbreviates_is_defined() -> None:
    text = "Inspectors from the International Atomic Energy Agency (IAEA) arrived."
    (acr,) = find_acronyms(_NLP(text))
    assert acr == Acronym(
        "IAEA", "International Atomic Energy Agency", text.index("IAEA"), text.index("IAEA") + 4
    )


def test_joiners_and_hyphenated_words_give_no_letter() -> None:
    assert found("the Organization for Security and Co-operation in Europe (OSCE) said") == [
        ("OSCE", "Organization for Security and Co-operation in Europe")
    ]
    assert found("the Department of Defense (DoD) said") == [("DoD", "Department of Defense")]
    assert "of" in joiners() and "the" in joiners()


def test_brackets_that_do_not_spell_the_words_before_them_are_not_definitions() -> None:
    assert found("said Ukraine's Security Service (SBU) on Monday") == []
    assert found("the figure (USD) was") == []  # one word before the bracket is not a long form
    assert found("a drone (see map) hit") == []
    assert found("the Kyiv Post (KP)") == [("KP", "Kyiv Post")]
    assert found("a long phrase (A)") == []  # one letter is not an acronym


def test_max_letters_limits_the_short_form() -> None:
    text = "the Alpha Bravo Charlie Delta (ABCD) group"
    assert find_acronyms(_NLP(text), max_letters=3) == []
    assert len(find_acronyms(_NLP(text), max_letters=4)) == 1


def test_the_first_definition_of_a_short_form_wins() -> None:
    acronyms = [Acronym("KP", "Kyiv Post", 0, 2), Acronym("KP", "Kherson Police", 10, 12)]
    assert expansions(acronyms) == {"KP": "Kyiv Post"}


@pytest.mark.model
def test_a_later_bare_acronym_takes_the_long_form_as_its_canonical_name() -> None:
    from newsledger.pipeline import extract_text

    article = extract_text(
        "The International Atomic Energy Agency (IAEA) sent 12 inspectors. The IAEA said the plant was safe."
    )
    iaea = [e for e in article.entities if e.text == "IAEA"]
    assert iaea and all(e.canonical == "International Atomic Energy Agency" for e in iaea)
    assert all(e.extractor == "newsledger.entities@1.1.0" for e in iaea)
