"""Every attribution in the contract keeps its kind and confidence, and names the model that found it:
quotes (``Quote.confidence``), claims (``Claim.kind``, ``Claim.confidence``, the chain's cue) and the
provenance (``extractor``: ``newsledger.quotes@1.2.0+<model>@<version>``), valid JSON Schema either way.

The learned model's spans are given by hand (as in tests/test_attribution_model.py), so these tests
hold whatever weights are packaged."""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from newsledger.contract import Article, to_json
from newsledger.extract.attributions import find_layer
from newsledger.extract.claims import TAG as CLAIMS_TAG
from newsledger.extract.claims import extract_claims, link_quotes
from newsledger.extract.learned import ModelSpans
from newsledger.extract.quotes import TAG as QUOTES_TAG
from newsledger.extract.quotes import extract_quotes
from newsledger.extract.spanmodel import PredictedSpan
from newsledger.schema import validation_errors

pytestmark = pytest.mark.model

MODEL = "newsledger.test-tagger@0.0.1"
TEXT = (
    "Anna Berg, the city's planning chief, opened the meeting on Monday.\n\n"
    "She believes the tram line will be finished by 2027.\n\n"
    "The minister said that the budget was sufficient for the work.\n\n"
    "“We will not wait,” Berg said."
)


@pytest.fixture(scope="module")
def nlp() -> Language:
    from newsledger.nlp import load_nlp

    return load_nlp()


def _span(doc: Doc, part: str, first: str, last: str, after: int = 0, p: float = 0.8) -> PredictedSpan:
    a = next(t.i for t in doc if t.i >= after and t.text == first)
    b = next(t.i for t in doc if t.i >= a and t.text == last)
    return PredictedSpan(part, a, b + 1, p)


def _article(doc: Doc) -> Article:
    claims = extract_claims(doc)
    quotes = link_quotes(extract_quotes(doc), claims)
    return Article(id="0" * 16, text=TEXT, quotes=tuple(quotes), claims=tuple(claims))


def test_rules_give_confidence_one_and_each_claim_the_kind_of_its_attribution(nlp: Language) -> None:
    article = _article(nlp(TEXT))
    assert [(q.kind, q.confidence, q.extractor) for q in article.quotes] == [
        ("indirect", 1.0, QUOTES_TAG),
        ("direct", 1.0, QUOTES_TAG),
    ]
    kinds = {c.text[:20]: (c.kind, c.confidence, c.cue) for c in article.claims}
    assert kinds["Anna Berg, the city'"] == (None, 1.0, None)  # the outlet's own claim
    assert kinds["The minister said th"] == ("indirect", 1.0, "said")
    assert kinds["“We will not wait,” "] == ("direct", 1.0, "said")
    assert all(c.extractor == CLAIMS_TAG for c in article.claims)
    assert validation_errors(to_json(article)) == []


def test_a_content_the_model_found_keeps_its_confidence_and_model_in_quote_and_claim(nlp: Language) -> None:
    doc = nlp(TEXT)
    believes = next(t.i for t in doc if t.text == "believes")
    doc._.nl_attribution_spans = ModelSpans(
        (
            _span(doc, "SOURCE", "She", "She"),
            _span(doc, "CUE", "believes", "believes"),
            _span(doc, "CONTENT", "the", "2027", after=believes, p=0.625),
        ),
        MODEL,
    )
    doc.user_data.pop("nl_resolver", None)
    doc._.nl_attributions, doc._.nl_frames = find_layer(doc)
    article = _article(doc)
    quote = next(q for q in article.quotes if q.text.startswith("the tram line"))
    assert (quote.kind, quote.speaker, quote.cue) == ("indirect", "Anna Berg", "believes")
    assert quote.confidence == 0.625 and quote.extractor == f"{QUOTES_TAG}+{MODEL}"
    claim = next(c for c in article.claims if c.id == quote.claim)
    assert (claim.kind, claim.confidence, claim.extractor) == ("indirect", 0.625, f"{CLAIMS_TAG}+{MODEL}")
    assert claim.sources[0].type == "media_outlet" and claim.sources[-1].name == "Anna Berg"
    ruled = [q for q in article.quotes if q is not quote]
    assert ruled and all(q.confidence == 1.0 and q.extractor == QUOTES_TAG for q in ruled)
    assert validation_errors(to_json(article)) == []
    assert Article.from_json(to_json(article)) == article
