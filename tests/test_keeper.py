"""The keeper of the learned model's own contents: its features read from a real parse, its fit
(a logistic regression), the packaged weights, and the merge dropping what it does not keep."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from spacy.tokens import Doc

from newsledger.eval.attribution import GoldAttribution, GoldDoc, PredAttribution, score_attributions
from newsledger.extract.keeper import KEEPER_FILE, Keeper, features, load_keeper
from newsledger.extract.lexicon import lexicon
from newsledger.extract.spanmodel import MODEL_DIR, PredictedSpan
from newsledger.train.keeper import Example, cross_fit, fit, held_out_slice, save_keeper

TEXT = (
    "Anna Berg, the city's planning chief, opened the meeting on Monday.\n\n"
    "She believes the tram line will be finished by 2027.\n\n"
    "“We will not wait,” Berg said."
)


@pytest.fixture(scope="module")
def doc() -> Doc:
    from newsledger.nlp import load_nlp

    return load_nlp()(TEXT)


def _at(doc: Doc, word: str) -> int:
    return next(t.i for t in doc if t.text == word)


def test_features_of_a_reported_clause_and_of_a_content_with_no_cue(doc: Doc) -> None:
    believes = _at(doc, "believes")
    start, end = believes + 1, _at(doc, "2027") + 1
    cue = doc[believes : believes + 1]
    f = features(doc, start, end, 0.9, cue, 0.8, "indirect", True, lexicon())
    assert f["complement"] == 1.0  # the clause "believes" governs, word for word
    assert f["cue_reporting"] == 1.0 and f["cue_verb"] == 1.0 and f["cue_noun"] == 0.0
    assert f["cue_after"] == 0.0 and f["log_gap"] == 0.0  # the cue stands right before it
    assert f["kind=indirect"] == 1.0 and f["has_verb"] == 1.0 and f["multi_sentence"] == 0.0
    shorter = features(doc, start, end - 2, 0.9, cue, 0.8, "indirect", True, lexicon())
    assert shorter["complement"] == 0.0 and shorter["log_length"] < f["log_length"]
    alone = features(doc, start, end, 0.9, None, 0.0, "indirect", False, lexicon())
    assert alone["no_cue"] == 1.0 and "cue_confidence" not in alone and alone["sourced"] == 0.0


def test_fit_learns_which_feature_predicts_a_match(tmp_path: Path) -> None:
    # matched when the confidence is high, whatever the length; a little noise both ways
    examples = [
        Example(k, {"confidence": c / 10, "log_length": (k % 7) / 3}, c >= 6 if k % 11 else c < 6)
        for k, c in ((k, k % 10) for k in range(200))
    ]
    weights, bias = fit(examples, l2=1.0)
    assert weights["confidence"] > 4 * abs(weights["log_length"])
    keeper = Keeper(weights, bias, 0.5, "t")
    assert keeper.probability({"confidence": 0.9}) > 0.8 > 0.2 > keeper.probability({"confidence": 0.1})
    assert keeper.keeps({"confidence": 0.9}) and not keeper.keeps({"confidence": 0.1})
    out = cross_fit(examples, folds=5)
    assert len(out) == len(examples) and all(0 < p < 1 for p in out)
    right = sum((p >= 0.5) == e.matched for p, e in zip(out, examples, strict=True))
    assert right / len(examples) > 0.8  # out of fold (9% of the labels are flipped)
    save_keeper(tmp_path / KEEPER_FILE, weights, bias, 0.45, "t")
    loaded = load_keeper(tmp_path / KEEPER_FILE)
    assert loaded == Keeper(weights, bias, 0.45, "t")
    assert load_keeper(tmp_path / "none.json") is None


def test_the_held_out_slice_is_the_taggers() -> None:
    items = list(range(840))
    held = held_out_slice(items)
    assert len(held) == 67 and held == sorted(held)
    assert held_out_slice(items) == held and held_out_slice(items, seed=1) != held


def test_the_scores_keep_the_matched_pairs() -> None:
    text = "Ann said the plan works. Bob thinks taxes rise. Nobody knows."
    gold = GoldDoc(
        "g",
        text,
        (
            GoldAttribution(((9, 23),), None, None),  # the plan works
            GoldAttribution(((36, 46),), None, None),  # taxes rise
        ),
    )
    preds = [PredAttribution((0, 3)), PredAttribution((9, 23)), PredAttribution((36, 42))]
    scores = score_attributions([gold, gold], [preds, preds[1:2]])
    assert scores.pairs == [(0, 1, 0, True), (0, 2, 1, False), (1, 0, 0, True)]
    assert scores.matched == len(scores.pairs) and scores.exact == 2


@pytest.mark.model
@pytest.mark.skipif(not (MODEL_DIR / KEEPER_FILE).exists(), reason="no packaged keeper")
def test_the_merge_drops_a_model_content_the_keeper_does_not_keep(doc: Doc) -> None:
    from newsledger.extract.attributions import find_attributions
    from newsledger.extract.learned import ModelSpans

    packaged = load_keeper(MODEL_DIR / KEEPER_FILE)
    assert packaged is not None and 0 < packaged.threshold < 1 and "confidence" in packaged.weights
    believes = _at(doc, "believes")
    spans = (
        PredictedSpan("SOURCE", believes - 1, believes, 0.95),
        PredictedSpan("CUE", believes, believes + 1, 0.95),
        PredictedSpan("CONTENT", believes + 1, _at(doc, "2027") + 1, 0.95),
    )
    rules = find_attributions(doc)

    def found(keeper: Keeper | None) -> list[str]:
        doc._.nl_attribution_spans = ModelSpans(spans, "test-model@0", None, keeper)
        doc.user_data.pop("nl_resolver", None)
        return [TEXT[a.start : a.end] for a in find_attributions(doc)]

    clause = "the tram line will be finished by 2027"
    assert clause in found(None) and clause in found(packaged)  # a sure reported clause stays
    assert found(replace(packaged, threshold=1.0)) == [TEXT[a.start : a.end] for a in rules]


@pytest.mark.model
def test_the_words_before_a_parenthetical_cue_are_the_contents_first_part() -> None:
    from newsledger.extract.constituents import fronted
    from newsledger.nlp import load_nlp

    doc = load_nlp()("If prices keep rising, economists say, the bank will raise rates again.")
    say = _at(doc, "say")
    content = (_at(doc, "the"), _at(doc, "again") + 1)
    part = fronted(doc, *content, doc[say : say + 1])
    assert part is not None and doc[part[0] : part[1]].text == "If prices keep rising"
    # a content before its cue, or a cue that is no parenthetical, has no such part
    assert fronted(doc, 0, _at(doc, "rising") + 1, doc[say : say + 1]) is None
    plain = load_nlp()("Economists say the bank will raise rates again.")
    said = next(t.i for t in plain if t.text == "say")
    assert fronted(plain, said + 1, len(plain) - 1, plain[said : said + 1]) is None


def test_a_reported_content_never_shares_a_direct_quotations_cue() -> None:
    from newsledger.extract.attributions import Attribution
    from newsledger.extract.learned import _own_cues

    said = {"cue": "said", "cue_start": 30, "cue_end": 34, "speaker": "Ann Lee"}
    quote = Attribution("direct", 1, 20, **said)
    title = Attribution("partial", 50, 60, **said)  # a partial quotation only the rules found
    clause = Attribution("indirect", 70, 90, **said, model="m@1", confidence=0.8)  # the model found it too
    other = Attribution("indirect", 100, 120, cue="argued", cue_start=95, cue_end=101, model="m@1")
    kept = _own_cues([quote, title, clause, other], Attribution)
    assert kept[0] == quote and kept[3] == other and len(kept) == 4
    assert kept[1] == replace(title, cue=None, cue_start=None, cue_end=None)
    assert kept[2].start == 70 and kept[2].cue is None and kept[2].cue_start is None
    assert kept[2].speaker == "Ann Lee" and kept[2].confidence == 0.8  # its source stays
    # two parts of one quotation keep their one cue
    second = Attribution("direct", 40, 48, **said)
    assert _own_cues([quote, second], Attribution) == [quote, second]
