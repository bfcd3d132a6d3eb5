"""The learned attribution span model: BIO-valid decoding, training on a tiny hand-written
PolNeAR-style fixture (tests/fixtures/polnear_tiny, our own sentences), loading and predicting, and
its attributions beside the rules' in the pipeline."""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

import numpy
import pytest
from spacy.tokens import Doc

from newsledger.errors import ModelError
from newsledger.eval.attribution import load_polnear
from newsledger.extract.spanmodel import (
    MODEL_DIR,
    MODEL_NAME,
    MODEL_VERSION,
    TAGS,
    PredictedSpan,
    load_span_model,
    spans_of,
    transition_matrix,
    viterbi,
)

FIXTURE = Path(__file__).parent / "fixtures" / "polnear_tiny"
T = {t: i for i, t in enumerate(TAGS)}


def _probs(rows: list[dict[str, float]]) -> numpy.ndarray:
    out = numpy.full((len(rows), len(TAGS)), 0.01)
    for i, row in enumerate(rows):
        for tag, p in row.items():
            out[i, T[tag]] = p
    return out / out.sum(axis=1, keepdims=True)


def test_decoding_never_starts_a_span_inside() -> None:
    probs = _probs([{"O": 0.9}, {"I-CONTENT": 0.8, "O": 0.2}, {"I-CONTENT": 0.9}])
    tags = [TAGS[k] for k in viterbi(probs, transition_matrix(), 0.0)]
    assert tags == ["O", "B-CONTENT", "I-CONTENT"]  # argmax would give O I I: not a span
    for prev, cur in zip(["O", *tags], tags, strict=False):
        assert not cur.startswith("I-") or prev[2:] == cur[2:]


def test_transition_weight_keeps_a_long_content_in_one_piece() -> None:
    # one uncertain word in the middle of a content: plain argmax cuts it in two, the
    # transition probabilities of real annotations (content goes on) keep it whole
    row_in = {"I-CONTENT": 0.9}
    probs = _probs(
        [
            {"B-CONTENT": 0.9},
            row_in,
            {"O": 0.8, "I-CONTENT": 0.2},
            {"I-CONTENT": 0.6, "B-CONTENT": 0.35},
            row_in,
        ]
    )
    counts = {"B-CONTENT": {"I-CONTENT": 100.0}, "I-CONTENT": {"I-CONTENT": 500.0, "O": 10.0}}
    trans = transition_matrix(counts)
    cut = spans_of(viterbi(probs, trans, 0.0), probs)
    whole = spans_of(viterbi(probs, trans, 1.0), probs)
    assert [(s.start, s.end) for s in cut] == [(0, 2), (3, 5)]
    assert [(s.part, s.start, s.end) for s in whole] == [("CONTENT", 0, 5)]
    assert 0.0 < whole[0].confidence <= 1.0


def test_a_missing_model_says_how_to_train_one(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="no trained attribution model"):
        load_span_model(tmp_path)


def test_the_fixture_reads_as_polnear() -> None:
    docs = load_polnear(FIXTURE, "train")
    assert len(docs) == 4
    att = docs[0].attributions[0]
    assert docs[0].text[att.content[0][0] : att.content[0][1]] == "the harbour would reopen in spring"
    assert att.source is not None and docs[0].text[att.source[0] : att.source[1]] == "The mayor"


@pytest.mark.model
def test_bio_tags_follow_the_gold_spans() -> None:
    from newsledger.train.attribution import parse_golds

    golds = load_polnear(FIXTURE, "train")[:1]
    doc = parse_golds(golds)[0]
    tags = doc.user_data["nl_bio"]
    said = next(t.i for t in doc if t.text == "said")
    assert tags[:3] == ["B-SOURCE", "I-SOURCE", "B-CUE"]
    assert tags[said + 4] == "B-CONTENT"  # "said on Monday that [the ..."
    assert tags[said + 3] == "O"  # "that" is not part of the content


@pytest.mark.model
def test_training_on_a_tiny_fixture_gives_a_model_that_loads_and_predicts(tmp_path: Path) -> None:
    from newsledger.nlp import base_model
    from newsledger.train.attribution import TrainOptions, train_attribution

    started = time.monotonic()
    opts = TrainOptions(eval_every=10, max_epochs=25, holdout=0.25, batch_docs=1, learn_rate=0.003)
    report = train_attribution(FIXTURE, tmp_path / "model", max_minutes=0.5, options=opts)
    assert time.monotonic() - started < 60
    assert report.train_docs == 3 and report.holdout_docs == 1 and report.updates > 0
    model = load_span_model(tmp_path / "model")
    assert model.tag.startswith(MODEL_NAME + "@")
    doc = base_model()("The governor said that the new road would open in June.\n\nTraffic was light.")
    spans = model.predict(doc)
    parts = {s.part for s in spans}
    assert "CONTENT" in parts
    content = next(s for s in spans if s.part == "CONTENT")
    assert "road" in doc[content.start : content.end].text
    assert all(0.0 < s.confidence <= 1.0 for s in spans)
    # the source pairer is trained beside the tagger and picks the governor for that content
    from newsledger.extract.pairing import PAIRING_FILE, load_pairer

    pairer = load_pairer(tmp_path / "model" / PAIRING_FILE)
    assert pairer is not None and report.pairing["groups"] > 0
    said = next(t for t in doc if t.text == "said")
    best = pairer.best(doc, content.start, content.end, said)
    assert best is not None and best[0].text == "governor" and 0.0 < best[1] <= 1.0


@pytest.mark.model
@pytest.mark.skipif(not (MODEL_DIR / "decoding.json").exists(), reason="no packaged model")
def test_the_packaged_model_adds_unquoted_attributions_with_a_resolved_source() -> None:
    from newsledger.config import settings
    from newsledger.ingest.base import RawArticle
    from newsledger.pipeline import extract_articles

    text = (
        "Marta Velde, the finance minister, spoke in Tallinn on Tuesday.\n\n"
        "She believes the new tax will bring in more money than the old one.\n\n"
        "Critics argue that small firms will pay the price."
    )
    raws = [RawArticle(text=text, url="test://model")]
    (rules,) = extract_articles(raws, workers=1, config=replace(settings(), attribution_model=False))
    (both,) = extract_articles(raws, workers=1, config=replace(settings(), attribution_model=True))
    assert not isinstance(rules, Exception) and not isinstance(both, Exception)
    found = {q.text: q for q in both.quotes}
    believes = next((q for t, q in found.items() if t.startswith("the new tax")), None)
    assert believes is not None, found
    assert believes.speaker == "Marta Velde"
    assert believes.extractor.endswith("+" + MODEL_NAME + "@" + MODEL_VERSION)
    assert len(both.quotes) >= len(rules.quotes)
    assert all(q.speaker is None or q.speaker.lower() not in ("she", "he", "they") for q in both.quotes)


def test_train_command_on_a_directory_without_data_says_what_to_do(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from newsledger.cli import app

    result = CliRunner().invoke(
        app, ["train", "attribution", "--data", str(tmp_path), "--out", str(tmp_path)]
    )
    assert result.exit_code == 1
    assert "no text files" in result.output and "polnear-trainset" in result.output


def _span(doc: Doc, part: str, first: str, last: str, after: int = 0) -> PredictedSpan:
    a = next(t.i for t in doc if t.i >= after and t.text == first)
    b = next(t.i for t in doc if t.i >= a and t.text == last)
    return PredictedSpan(part, a, b + 1, 0.9)


@pytest.mark.model
def test_model_contents_beside_the_rules_one_attribution_per_content() -> None:
    from newsledger.extract.attributions import find_attributions
    from newsledger.extract.learned import ModelSpans
    from newsledger.nlp import load_nlp

    text = (
        "Anna Berg, the city's planning chief, opened the meeting on Monday.\n\n"
        "She believes the tram line will be finished by 2027.\n\n"
        "The minister said that the budget was sufficient for the work.\n\n"
        "“We will not wait,” Berg said."
    )
    nlp = load_nlp()
    doc = nlp(text)
    rules = find_attributions(doc)
    assert [a.kind for a in rules] == ["indirect", "direct"]
    said = next(t.i for t in doc if t.text == "said")
    spans = (
        _span(doc, "SOURCE", "She", "She"),
        _span(doc, "CUE", "believes", "believes"),
        _span(doc, "CONTENT", "the", "2027", after=next(t.i for t in doc if t.text == "believes")),
        _span(doc, "SOURCE", "The", "minister", after=said - 3),
        _span(doc, "CUE", "said", "said"),
        _span(doc, "CONTENT", "the", "work", after=said + 2),  # without "that"
        _span(doc, "CONTENT", "We", "wait"),
    )
    doc._.nl_attribution_spans = ModelSpans(spans, "test-model@0")
    doc.user_data.pop("nl_resolver", None)
    found = find_attributions(doc)
    assert len(found) == 3
    believes, budget, quote = found
    assert text[believes.start : believes.end] == "the tram line will be finished by 2027"
    assert believes.speaker == "Anna Berg" and believes.cue == "believes" and believes.kind == "indirect"
    assert believes.model == "test-model@0" and believes.confidence == 0.9
    assert text[budget.start : budget.end] == "the budget was sufficient for the work"
    assert budget.speaker == rules[0].speaker and budget.model == "test-model@0"  # the rules' source
    assert quote == rules[1]  # a quotation the rules attribute stays theirs


@pytest.mark.model
def test_a_content_cut_inside_a_phrase_ends_with_the_phrase() -> None:
    from newsledger.extract.learned import snap_end
    from newsledger.nlp import load_nlp

    doc = load_nlp()("The senator repeated his call to raise the minimum wage to $15 an hour on Monday.")
    call = next(t.i for t in doc if t.text == "his")
    an = next(t.i for t in doc if t.text == "an")
    end = snap_end(doc, call, an + 1)
    assert doc[call:end].text.startswith("his call") and doc[end - 1].text == "hour"
    whole = next(t.i for t in doc if t.text == "hour") + 1
    assert snap_end(doc, call, whole) == whole  # a content that ends a phrase stays as it is


@pytest.mark.model
def test_one_cue_joins_the_two_parts_of_a_quotation_and_no_other_content() -> None:
    from newsledger.extract.learned import _one_cue_each
    from newsledger.nlp import load_nlp

    doc = load_nlp()(
        '"We will rebuild the bridge," the mayor said on Friday. "The money is there." '
        "Residents hope it opens soon."
    )
    said = next(t.i for t in doc if t.text == "said")
    first = _span(doc, "CONTENT", "We", ",")
    second = _span(doc, "CONTENT", "The", ".", after=said)
    later = _span(doc, "CONTENT", "it", "soon")
    cue = PredictedSpan("CUE", said, said + 1, 0.9)
    assert _one_cue_each(doc, [first, second], [cue]) == [cue, cue]
    # a content that does not end before the cue does not share it with the next one
    bare = PredictedSpan("CONTENT", first.start, first.end - 1, 0.9)
    assert _one_cue_each(doc, [bare, second], [cue]).count(cue) == 1
    assert _one_cue_each(doc, [second, later], [cue]) == [cue, None]


@pytest.mark.model
@pytest.mark.skipif(not (MODEL_DIR / "decoding.json").exists(), reason="no packaged model")
def test_the_model_run_over_a_batch_gives_the_articles_of_each_article_run_alone() -> None:
    from newsledger.config import settings
    from newsledger.ingest import read_inputs
    from newsledger.ingest.base import RawArticle
    from newsledger.nlp import load_nlp
    from newsledger.pipeline import article_from_doc, article_pipes, extract_articles, make_doc, own_pipes

    nlp = load_nlp(replace(settings(), attribution_model=True))
    name = "newsledger_attribution_model"
    assert name in own_pipes(nlp) and name not in article_pipes(nlp)  # it runs in the batch's model pass
    root = Path(__file__).resolve().parents[1] / "examples"
    raws = [r for r in read_inputs([str(root / "text"), str(root / "html")]) if isinstance(r, RawArticle)]
    assert len(raws) >= 6
    batched = list(extract_articles(raws, nlp=nlp, batch_size=len(raws), workers=1))
    alone = [article_from_doc(raw, nlp(make_doc(nlp, raw))) for raw in raws]  # the whole pipeline, one Doc
    assert [a.to_json() for a in batched if not isinstance(a, Exception)] == [a.to_json() for a in alone]
    assert any(q.extractor.endswith(MODEL_NAME + "@" + MODEL_VERSION) for a in alone for q in a.quotes)


@pytest.mark.model
@pytest.mark.skipif(not (MODEL_DIR / "decoding.json").exists(), reason="no packaged model")
def test_on_the_examples_the_model_keeps_every_speaker_and_adds_no_pronoun_speaker(
    capsys: pytest.CaptureFixture[str],
) -> None:
    import importlib.util

    root = Path(__file__).resolve().parents[1]
    spec = importlib.util.spec_from_file_location("model_vs_rules", root / "benchmarks" / "model_vs_rules.py")
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    code = bench.main([str(root / "examples" / "text"), str(root / "examples" / "html")])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "lost or changed 0" in out and "pronoun speakers with the model 0" in out


@pytest.mark.model
def test_pairing_candidates_and_their_features() -> None:
    from newsledger.extract.lexicon import lexicon
    from newsledger.extract.pairing import Pairer, described
    from newsledger.nlp import load_nlp

    doc = load_nlp()("The mayor of Brest said on Monday that the bridge would reopen in May.")
    said = next(t for t in doc if t.text == "said")
    start = next(t.i for t in doc if t.text == "bridge") - 1
    end = next(t.i for t in doc if t.text == "May") + 1
    found = dict((t.text, f) for t, f in described(doc, start, end, said, [False] * len(doc), lexicon()))
    assert "bridge" not in found and "May" not in found  # never a word of the content itself
    assert {"mayor", "Brest", "Monday"} <= set(found)
    assert "cue_subject" in found["mayor"] and "cue_subject" not in found["Brest"]
    assert "rank=B0" in found["Monday"] and "rank=B2" in found["mayor"]  # nearest first on its side
    pairer = Pairer({"cue_subject": 3.0}, "test")
    best = pairer.best(doc, start, end, said)
    assert best is not None and best[0].text == "mayor" and best[1] > 0.5


@pytest.mark.model
def test_a_content_with_no_cue_takes_the_subject_of_the_verb_it_hangs_from() -> None:
    from newsledger.extract.attributions import find_attributions
    from newsledger.extract.learned import ModelSpans
    from newsledger.nlp import load_nlp

    text = "Two analysts, Mira Holt and Per Lund, showed in 2014 that the bridge was unsafe."
    doc = load_nlp()(text)
    doc._.nl_attribution_spans = ModelSpans((_span(doc, "CONTENT", "the", "unsafe"),), "test-model@0")
    doc.user_data.pop("nl_resolver", None)
    (found,) = find_attributions(doc)
    assert text[found.start : found.end] == "the bridge was unsafe" and found.cue is None
    assert found.speaker == "Mira Holt"  # the subject of "showed", no cue of the model's or the lexicon's
    assert text[found.speaker_start : found.speaker_end].startswith("Two analysts")  # type: ignore[index]


@pytest.mark.model
def test_a_group_a_clause_describes_is_the_source_of_a_model_content() -> None:
    from newsledger.extract.attributions import find_attributions
    from newsledger.extract.learned import ModelSpans
    from newsledger.nlp import load_nlp

    text = "Those trailing the leaders insisted that the count was slow."
    doc = load_nlp()(text)
    spans = (_span(doc, "CUE", "insisted", "insisted"), _span(doc, "CONTENT", "the", "slow", after=4))
    doc._.nl_attribution_spans = ModelSpans(spans, "test-model@0")
    doc.user_data.pop("nl_resolver", None)
    model = [a for a in find_attributions(doc) if a.model]
    assert [text[a.start : a.end] for a in model] == ["the count was slow"]
    assert model[0].speaker == "Those trailing the leaders"


@pytest.mark.model
def test_train_command_builds_the_lstm_variant_that_the_forward_pass_reads(tmp_path: Path) -> None:
    """`--lstm 1 --depth 2` trains a CNN of two layers under a bidirectional LSTM (`--seed 3`: other
    initial weights); the model saved loads, its numpy forward pass runs the LSTM, and it predicts."""
    from typer.testing import CliRunner

    from newsledger.cli import app
    from newsledger.nlp import base_model

    out = tmp_path / "model"
    args = ["train", "attribution", "--data", str(FIXTURE), "--out", str(out), "--max-minutes", "0.1"]
    result = CliRunner().invoke(app, [*args, "--lstm", "1", "--depth", "2", "--seed", "3"])
    assert result.exit_code == 0, result.output
    config = (out / "pipeline" / "config.cfg").read_text(encoding="utf-8")
    assert (
        "newsledger.AttributionTok2Vec.v3" in config and "lstm_depth = 1" in config and "depth = 2" in config
    )
    model = load_span_model(out)
    assert model.forward is not None and model.forward.recurrent is not None
    doc = base_model()("The governor said that the new road would open in June.")
    assert all(0.0 < s.confidence <= 1.0 for s in model.predict(doc))
    refused = CliRunner().invoke(app, [*args, "--lstm", "-1"])
    assert refused.exit_code == 2 and "--lstm" in refused.output
    refused = CliRunner().invoke(app, [*args, "--seed", "-1"])
    assert refused.exit_code == 2 and "--seed" in refused.output


def test_an_lstm_over_the_v1_features_is_refused_with_a_hint() -> None:
    from newsledger.train.attribution import TrainOptions, tagger_config

    with pytest.raises(ModelError, match="features=2") as caught:
        tagger_config(TrainOptions(features=1, lstm=1))
    assert "lstm=0" in (caught.value.hint or "")
    assert "v1" in tagger_config(TrainOptions(features=1))["model"]["tok2vec"]["@architectures"]


@pytest.mark.model
def test_models_of_two_seeds_share_the_held_out_slice_and_join_as_an_ensemble(tmp_path: Path) -> None:
    """``seed`` moves the weights, not the held-out slice (``split_seed``), so two taggers of two
    seeds can be compared and joined on one slice; a model directory whose decoding.json lists
    ``members`` averages their probabilities before decoding."""
    import json
    import shutil

    from newsledger.nlp import base_model
    from newsledger.train.attribution import TrainOptions, train_attribution

    opts = TrainOptions(eval_every=10, max_epochs=5, holdout=0.25, batch_docs=1, learn_rate=0.003)
    one = train_attribution(FIXTURE, tmp_path / "one", max_minutes=0.2, options=replace(opts, seed=1))
    two = train_attribution(FIXTURE, tmp_path / "two", max_minutes=0.2, options=replace(opts, seed=2))
    assert one.held_out == two.held_out and len(one.held_out) == 1
    first, second = load_span_model(tmp_path / "one"), load_span_model(tmp_path / "two")
    doc = base_model()("The governor said that the new road would open in June.\n\nTraffic was light.")
    p1, p2 = first.probabilities([doc])[0], second.probabilities([doc])[0]
    assert not numpy.allclose(p1, p2)  # other weights
    both = tmp_path / "both"
    shutil.copytree(tmp_path / "one", both)
    shutil.copytree(tmp_path / "two" / "pipeline", both / "pipeline-2")
    meta = json.loads((both / "decoding.json").read_text(encoding="utf-8"))
    (both / "decoding.json").write_text(json.dumps({**meta, "members": ["pipeline", "pipeline-2"]}))
    ensemble = load_span_model(both)
    assert len(ensemble.more) == 1
    numpy.testing.assert_allclose(ensemble.probabilities([doc])[0], (p1 + p2) / 2, rtol=1e-12)
    assert all(0.0 < s.confidence <= 1.0 for s in ensemble.predict(doc))
    broken = tmp_path / "broken"  # a member that is not there
    shutil.copytree(tmp_path / "one", broken)
    (broken / "decoding.json").write_text(json.dumps({**meta, "members": ["pipeline", "pipeline-3"]}))
    with pytest.raises(ModelError, match="pipeline-3"):
        load_span_model(broken)
