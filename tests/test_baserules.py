"""The base model's attribute ruler and lemmatizer, run by newsledger's tables, set exactly what
spaCy's own classes set."""

from __future__ import annotations

import numpy
import pytest
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc
from tests.test_hedges import _repository_texts

from newsledger.extract import baserules
from newsledger.extract.baserules import FastAttributeRuler, FastLemmatizer, find_rules
from newsledger.nlp import base_model, load_nlp

pytestmark = pytest.mark.model

RULES = ("attribute_ruler", "lemmatizer")
ODD = [
    "",
    "  \n\n ",
    "I ain't gonna say it, and she ain't n't sure. We wanna go; they gotta stay.",
    "Ca n't wo n't , he gets it and got it . That 's 'cause y' all  \t know .",
    "The U.S. and the U.K. -- said Dr. O'Neill -- are 3.5% up; e-mail: a@b.example, #tag :) ...",
]
COLUMNS = [POS, TAG, MORPH, LEMMA, DEP, HEAD]


def _parsed(nlp: object, texts: list[str]) -> list[Doc]:
    with nlp.select_pipes(disable=[*RULES, "ner"]):  # type: ignore[attr-defined]
        return list(nlp.pipe(texts))  # type: ignore[attr-defined]


def test_the_pipeline_runs_the_tables() -> None:
    nlp = load_nlp()
    ruler, lemmatizer = (nlp.get_pipe(name) for name in RULES)
    assert isinstance(ruler, FastAttributeRuler)
    assert ruler._nl_tables is not None  # every pattern of the shipped model takes the tables
    assert isinstance(lemmatizer, FastLemmatizer)
    base = base_model().pipe_names  # the same components, by name and in order
    assert [name for name in nlp.pipe_names if name in base] == base


def test_same_attributes_and_lemmas_as_spacy() -> None:
    plain, fast = base_model(), base_model()
    baserules.speed_up(fast)
    texts = [*ODD, *_repository_texts()]
    tokens = 0
    for _ in range(2):  # the second pass answers from the lemmatizer's memo
        for ours, theirs in zip(_parsed(fast, texts), _parsed(plain, texts), strict=True):
            assert numpy.array_equal(ours.to_array(COLUMNS), theirs.to_array(COLUMNS))  # the parse alike
            for name in RULES:
                ours = fast.get_pipe(name)(ours)
                theirs = plain.get_pipe(name)(theirs)
            assert numpy.array_equal(ours.to_array(COLUMNS), theirs.to_array(COLUMNS))
            assert [(t.lemma_, str(t.morph), t.pos_) for t in ours] == [
                (t.lemma_, str(t.morph), t.pos_) for t in theirs
            ]
            tokens += len(ours)
    assert tokens > 20_000


def test_matches_are_spacys_in_spacys_order() -> None:
    nlp = base_model()
    baserules.speed_up(nlp)
    ruler = nlp.get_pipe("attribute_ruler")
    assert isinstance(ruler, FastAttributeRuler) and ruler._nl_tables is not None
    total = 0
    for doc in _parsed(nlp, [*ODD, *_repository_texts()[:80]]):
        theirs = [(attr_id, start) for attr_id, _m, start, _e in AttributeRuler.match(ruler, doc)]
        ours = [(key, start) for key, start, _target in find_rules(ruler._nl_tables, doc)]
        assert ours == theirs
        total += len(ours)
    assert total > 5_000


def test_a_pattern_form_the_tables_lack_keeps_spacys_matcher() -> None:
    nlp = base_model()
    blank = type(nlp)(nlp.vocab)
    ruler = AttributeRuler(blank.vocab, "test_ruler")
    ruler.add([[{"LOWER": "so"}, {"LOWER": "called"}]], {"LEMMA": "so-called"}, index=-1)
    ruler.add([[{"TAG": {"IN": ["NN", "NNS"]}, "LOWER": {"NOT_IN": ["data"]}}]], {"POS": "NOUN"})
    tables = baserules._tables(ruler)
    assert tables is not None
    doc = blank.make_doc("the so called data and so called facts")
    for token, tag in zip(doc, ["DT", "RB", "VBN", "NNS", "CC", "RB", "VBN", "NNS"], strict=True):
        token.tag_ = tag
    expected = [(attr_id, start) for attr_id, _m, start, _e in AttributeRuler.match(ruler, doc)]
    ours = [(key, start) for key, start, _t in find_rules(tables, doc)]
    assert ours == expected == [(0, 1), (0, 5), (1, 7)]
    ruler.add([[{"LOWER": "so"}, {"LOWER": "called", "OP": "?"}]], {"LEMMA": "so"})
    assert baserules._tables(ruler) is None  # an operator: spaCy's Matcher
    ruler.__class__ = FastAttributeRuler
    ruler._nl_tables = None
    done = ruler(doc)
    assert [t.lemma_ for t in done][1:3] == ["so", "so-called"]
