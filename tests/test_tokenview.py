"""The shared per-Doc token columns equal what spaCy's Token attributes return."""

from __future__ import annotations

import gc
import weakref

import pytest

from newsledger.extract._doc import doc_text, doc_value, prepare_doc, span_chars, span_text
from newsledger.extract.tokenview import token_view
from newsledger.nlp import load_nlp

pytestmark = pytest.mark.model

TEXT = (
    "KORVASK, March 4 (Wire) - The ministry said on Monday that 12 people were killed.\n\n"
    "“We will rebuild,” the mayor, Ivan Petrov, told reporters in Ostrava. Prices rose 3.5%."
)


@pytest.fixture(scope="module")
def doc():  # type: ignore[no-untyped-def]
    nlp = load_nlp()
    own = [n for n in nlp.pipe_names if n.startswith("newsledger_") and n != "newsledger_entity_ruler"]
    with nlp.select_pipes(disable=own):
        return nlp(TEXT)


def test_columns_equal_token_attributes(doc) -> None:  # type: ignore[no-untyped-def]
    view = token_view(doc)
    assert view.n == len(doc) > 20
    assert view.text == [t.text for t in doc]
    assert view.lower == [t.lower_ for t in doc]
    assert view.lemma == [t.lemma_ for t in doc]
    assert view.lemma_lower == [t.lemma_.lower() for t in doc]
    assert any(lemma != lemma.lower() for lemma in view.lemma)  # proper nouns keep their capitals
    assert view.pos == [t.pos_ for t in doc]
    assert view.tag == [t.tag_ for t in doc]
    assert view.dep == [t.dep_ for t in doc]
    assert view.ent_type == [t.ent_type_ for t in doc]
    assert view.head == [t.head.i for t in doc]
    assert any(h > i for i, h in enumerate(view.head)) and any(h < i for i, h in enumerate(view.head))
    assert view.idx == [t.idx for t in doc]
    assert view.idx == sorted(view.idx) and view.idx[-1] > 100  # offsets ascend (bisection relies on it)
    assert view.space_after == [t.whitespace_ == " " for t in doc]
    assert all(t.whitespace_ in ("", " ") for t in doc)  # so "\n" in text_with_ws is "\n" in text
    assert view.is_punct == [t.is_punct for t in doc]
    assert view.is_space == [t.is_space for t in doc]
    assert view.skipped == [t.is_punct or t.is_space or t.is_quote for t in doc]
    assert any(t.is_quote for t in doc) and any(t.is_space for t in doc)  # every kind is there to see
    assert view.is_alpha == [t.is_alpha for t in doc]
    assert view.is_lower == [t.is_lower for t in doc]
    assert view.like_num == [t.like_num for t in doc] and any(view.like_num)
    assert view.sent_start == [t.sent.start for t in doc]
    assert view.sent_end == [t.sent.end for t in doc]
    assert len(set(view.sent_start)) > 2  # several sentences


def test_view_is_built_once_per_doc_and_does_not_keep_the_doc_alive() -> None:
    nlp = load_nlp()
    doc = nlp.make_doc("Two short words.")
    view = token_view(doc)
    assert token_view(doc) is view
    assert token_view(nlp.make_doc("Two short words.")) is not view
    ref = weakref.ref(doc)
    gc.disable()
    try:
        del doc, view
        assert ref() is None  # freed by reference counting: no cycle through user_data
    finally:
        gc.enable()


def test_doc_text_is_the_nl_text_extension(doc) -> None:  # type: ignore[no-untyped-def]
    fresh = load_nlp().make_doc("A text.  With two spaces.")
    assert fresh._.nl_text is None
    assert doc_text(fresh) == "A text.  With two spaces."
    assert fresh._.nl_text == "A text.  With two spaces."  # kept where the components read it
    given = prepare_doc(load_nlp().make_doc("Given text."), text="Given text.", outlet="The Wire")
    assert doc_text(given) == "Given text."
    assert doc_value(given, "nl_outlet") == given._.nl_outlet == "The Wire"
    assert doc_value(given, "nl_entities") is given._.nl_entities is None
    given._.nl_entities = []
    assert doc_value(given, "nl_entities") is given._.nl_entities


def test_columns_stay_right_when_the_string_table_is_emptied(monkeypatch: pytest.MonkeyPatch) -> None:
    from newsledger.extract import tokenview

    monkeypatch.setattr(tokenview, "_MAX_STRINGS", 3)
    nlp = load_nlp()
    for text in ("Alpha beta gamma delta.", "Epsilon zeta eta theta iota."):
        doc = nlp.make_doc(text)
        assert token_view(doc).text == [t.text for t in doc]
        assert token_view(doc).lower == [t.lower_ for t in doc]
    assert len(tokenview._STRINGS) <= 1 + len(doc)  # "" and one column of the last Doc: emptied before


def test_sentence_columns_need_sentence_boundaries() -> None:
    import spacy

    doc = spacy.blank("en")("One two. Three four.")
    with pytest.raises(ValueError):
        _ = doc[0].sent  # spaCy's own answer: no boundaries
    with pytest.raises(ValueError, match="no sentence boundaries"):
        _ = token_view(doc).sent_start
    with pytest.raises(ValueError, match="no sentence boundaries"):
        _ = token_view(doc).sent_end


def test_span_text_and_chars_equal_spacys_span(doc) -> None:  # type: ignore[no-untyped-def]
    # every range of the Doc, empty and reversed ones and ends past the last token included, with
    # and without the text kept in nl_text (a paragraph break, a space before a token)
    for kept in (None, TEXT):
        doc.user_data.clear()
        if kept is not None:
            prepare_doc(doc, text=kept)
        for start in range(len(doc) + 1):
            for end in range(max(0, start - 2), len(doc) + 3):
                span = doc[start:end]
                assert span_text(doc, start, end) == span.text, (start, end)
                assert span_chars(doc, start, end) == (span.start_char, span.end_char), (start, end)
    assert span_text(doc, 0, len(doc)) == TEXT
    assert span_text(doc, 3, 3) == "" and span_chars(doc, 3, 3) == (doc[3].idx, doc[3].idx)
