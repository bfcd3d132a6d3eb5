"""The place ruler's own matching of its token patterns gives exactly spaCy's EntityRuler matches."""

from __future__ import annotations

import pytest
from spacy.pipeline import EntityRuler
from tests.test_hedges import _repository_texts

from newsledger.extract.entities import RULER_NAME, PlaceRuler
from newsledger.nlp import load_nlp

pytestmark = pytest.mark.model

DENSE = [
    "Troops left Kharkiv region and Aleppo on Monday; the Donetsk oblast and Zaporizhzhia Oblast "
    "were shelled, officials in Wuhan and Yekaterinburg said.",
    "From Abuja to Accra, Almaty, Antananarivo and Yerevan: the Yaroslavl province, kharkiv REGION.",
]


def test_token_patterns_match_as_spacy_matches() -> None:
    nlp = load_nlp()
    ruler = nlp.get_pipe(RULER_NAME)
    assert isinstance(ruler, PlaceRuler)
    assert ruler._word_patterns()  # the shipped patterns all take the shortcut
    before = nlp.pipe_names[: nlp.pipe_names.index(RULER_NAME)]
    total = 0
    with nlp.select_pipes(enable=before):
        for doc in nlp.pipe([*DENSE, *_repository_texts()]):
            expected = EntityRuler.match(ruler, doc)
            assert ruler.match(doc) == expected
            total += len(expected)
    assert total > 40


def test_other_patterns_keep_spacys_matcher() -> None:
    nlp = load_nlp()
    ruler = nlp.get_pipe(RULER_NAME)
    assert isinstance(ruler, PlaceRuler)
    blank = type(nlp)(nlp.vocab)
    other = PlaceRuler(blank, "test_ruler", phrase_matcher_attr="ORTH", overwrite_ents=True)
    other.add_patterns([{"label": "GPE", "pattern": [{"ORTH": "Ostrava"}, {"LOWER": "region"}]}])
    assert other._word_patterns() is not None
    other.add_patterns([{"label": "LOC", "pattern": [{"LOWER": {"REGEX": "^ostra"}}]}])
    assert other._word_patterns() is None  # a regular expression: spaCy's Matcher
    doc = blank.make_doc("Ostrava region and ostravka")
    assert other.match(doc) == EntityRuler.match(other, doc)
    assert [(doc.vocab.strings[m], s, e) for m, s, e in other.match(doc)] == [
        ("GPE", 0, 2),
        ("LOC", 0, 1),
        ("LOC", 3, 4),
    ]
    # two labels for one span: spaCy's own order of matches decides
    other.add_patterns([{"label": "ORG", "pattern": [{"ORTH": "Ostrava"}, {"LOWER": "region"}]}])
    assert other.match(doc) == EntityRuler.match(other, doc)
