"""The attribution tagger's inference path is fast and computes what its definition says: the flags
read from the Doc's attribute columns equal a token-by-token reading of the same definition, the
batched Viterbi finds the best BIO-valid path of every Doc in a batch (checked against all paths),
the numpy forward pass gives the thinc model's scores (bit for bit for one Doc; for a batch of Docs
run together, each Doc's scores alone within float32 rounding: the BLAS kernel a CPU picks for a
product of many rows may sum in another order than for few), and the matrix products in numpy's
BLAS give the probabilities the BLIS kernels give."""

from __future__ import annotations

import itertools
from dataclasses import replace

import numpy
import pytest
from spacy.tokens import Doc

from newsledger.extract._blas import blas_threads, one_blas_thread
from newsledger.extract.lexicon import lexicon
from newsledger.extract.quotemarks import find_quotes
from newsledger.extract.spanmodel import (
    MODEL_DIR,
    TAGS,
    PredictedSpan,
    flags_of,
    load_span_model,
    spans_of,
    transition_matrix,
    viterbi,
    viterbi_many,
)

TEXT = (
    'The mayor said on Monday that the harbour would reopen in spring. "We are not there yet," '
    "she told reporters, adding that the repairs had cost more than planned.\n\n"
    "Critics argued the plan was rushed. According to the council, the work will take two years "
    'and "nobody should expect miracles" before then.\n\n'
    "Traffic was light. The ferry company announced new timetables, which officials described as "
    "a first step.\n"
)
T = {t: i for i, t in enumerate(TAGS)}
COMPLEMENTS = {"ccomp", "xcomp", "dobj", "pobj", "advcl", "conj"}
QUOTE_CHARS = set('"“”„«»')


def _flags_token_by_token(doc: Doc) -> tuple[numpy.ndarray, numpy.ndarray]:
    """The definition of the two flag arrays, read one token at a time."""
    reporting = lexicon().reporting
    n = len(doc)
    flags = numpy.zeros((n, 4), dtype="float32")
    starts = [t.idx for t in doc]
    for q in find_quotes(doc.text):
        for t in doc:
            if q.open_at <= starts[t.i] < q.close_end:
                flags[t.i, 0] = 1.0
    for t in doc:
        flags[t.i, 1] = t.text in QUOTE_CHARS
        flags[t.i, 2] = t.pos_ == "VERB" and t.lemma_.lower() in reporting
        flags[t.i, 3] = t.i == 0 or doc[t.i - 1].is_space or "\n" in doc[t.i - 1].whitespace_
    tree = numpy.zeros((n, 5), dtype="float32")
    for t in doc:
        if t.dep_ in COMPLEMENTS and t.head.i != t.i:
            tree[t.left_edge.i, 0] = tree[t.right_edge.i, 1] = 1.0
            if t.head.pos_ == "VERB" and t.head.lemma_.lower() in reporting:
                tree[t.left_edge.i : t.right_edge.i + 1, 2] = 1.0
    for sent in doc.sents:
        tree[sent.start, 3] = tree[sent.end - 1, 4] = 1.0
    return flags, tree


@pytest.mark.model
def test_the_flags_read_from_attribute_columns_follow_their_definition() -> None:
    from newsledger.nlp import base_model

    doc = base_model()(TEXT)
    expected_flags, expected_tree = _flags_token_by_token(doc)
    flags, tree = flags_of(doc)
    # the text has every kind of flag, so a column that were always zero would be caught
    assert expected_flags.sum(axis=0).min() > 0 and expected_tree.sum(axis=0).min() > 0
    numpy.testing.assert_array_equal(flags, expected_flags)
    numpy.testing.assert_array_equal(tree, expected_tree)


def _best_path_by_enumeration(probs: numpy.ndarray, trans: numpy.ndarray, weight: float) -> list[int]:
    n_tag = len(TAGS)
    emit = numpy.log(numpy.clip(probs, 1e-9, 1.0))
    best, best_score = None, -numpy.inf
    for path in itertools.product(range(n_tag), repeat=len(probs)):
        prev = [n_tag, *path[:-1]]  # the last row of trans: the start of the article
        score = sum(
            emit[i, k] + weight * trans[p, k] for i, (p, k) in enumerate(zip(prev, path, strict=True))
        )
        if score > best_score:
            best, best_score = list(path), score
    assert best is not None
    return best


def test_batched_viterbi_finds_each_docs_best_path() -> None:
    rng = numpy.random.default_rng(7)
    counts = {
        "O": {"O": 50.0, "B-CONTENT": 3.0, "B-CUE": 2.0},
        "B-CONTENT": {"I-CONTENT": 30.0},
        "I-CONTENT": {"I-CONTENT": 80.0, "O": 4.0},
        "B-CUE": {"O": 5.0, "B-CONTENT": 3.0},
    }
    trans = transition_matrix(counts)
    batch = [rng.dirichlet(numpy.full(len(TAGS), 0.4), size=n) for n in (4, 1, 0, 3, 5, 2)]
    for segment in (None, 1, 2, 3):  # whole Docs, and Docs cut into pieces joined again
        got = viterbi_many(batch, trans, 0.7, segment=segment)
        assert got[2] == []
        for probs, path in zip(batch, got, strict=True):
            if len(probs):
                assert path == _best_path_by_enumeration(probs, trans, 0.7)
                assert path == viterbi(probs, trans, 0.7)  # the same alone as in a batch


def test_decoding_long_docs_in_pieces_gives_the_one_piece_path() -> None:
    rng = numpy.random.default_rng(11)
    trans = transition_matrix(
        {"O": {"O": 40.0, "B-CONTENT": 2.0}, "I-CONTENT": {"I-CONTENT": 60.0, "O": 3.0}}
    )
    # peaked rows, as a trained tagger gives, and long Docs: many pieces, contents across their joins
    batch = [rng.dirichlet(numpy.full(len(TAGS), 0.15), size=n) for n in (700, 65, 64, 129, 1)]
    whole = viterbi_many(batch, trans, 0.5, segment=10**6)
    assert viterbi_many(batch, trans, 0.5) == whole
    assert viterbi_many(batch, trans, 0.5, segment=7) == whole
    assert [len(p) for p in whole] == [700, 65, 64, 129, 1]
    assert sum(t != T["O"] for t in whole[0]) > 100  # not a path of O alone


def _spans_token_by_token(tags: list[int], probs: numpy.ndarray) -> list[PredictedSpan]:
    """The definition of the spans of a tag sequence, read one tag at a time."""
    out: list[PredictedSpan] = []
    start, part = -1, ""
    for i, k in enumerate([*tags, 0]):
        tag = TAGS[k]
        if start >= 0 and not (tag.startswith("I-") and tag[2:] == part):
            conf = float(numpy.mean([probs[j, tags[j]] for j in range(start, i)]))
            out.append(PredictedSpan(part, start, i, round(conf, 4)))
            start = -1
        if tag.startswith("B-"):
            start, part = i, tag[2:]
    return out


def test_spans_of_any_tag_sequence_follow_their_definition() -> None:
    rng = numpy.random.default_rng(5)
    # any sequence, not only BIO-valid ones: an I- tag with no span of its part open opens none
    assert [(s.part, s.start, s.end) for s in spans_of([2, 1, 2, 4, 3, 3, 4, 6], numpy.ones((8, 7)))] == [
        ("CONTENT", 1, 3),
        ("SOURCE", 4, 5),
        ("SOURCE", 5, 7),
    ]
    for _ in range(500):
        n = int(rng.integers(0, 25))
        tags = rng.integers(0, len(TAGS), n).tolist()
        probs = rng.random((n, len(TAGS)))
        assert spans_of(tags, probs) == _spans_token_by_token(tags, probs)


def test_one_blas_thread_inside_the_block_and_the_count_restored_after() -> None:
    before = blas_threads()
    if before is None:
        pytest.skip("numpy's BLAS is not a bundled OpenBLAS here")
    with one_blas_thread():
        assert blas_threads() == 1
        a = numpy.ones((64, 64), dtype="float32")
        assert float((a @ a)[0, 0]) == 64.0
    assert blas_threads() == before


@pytest.mark.model
@pytest.mark.skipif(not (MODEL_DIR / "decoding.json").exists(), reason="no packaged model")
def test_the_numpy_forward_pass_gives_the_thinc_models_scores_bit_for_bit() -> None:
    from spacy.pipeline import Tagger

    from newsledger.nlp import base_model

    model = load_span_model()
    assert model.forward is not None  # the shipped architecture is the one it reads
    tagger = model.nlp.get_pipe("tagger")
    assert isinstance(tagger, Tagger)
    docs = [
        base_model()(TEXT),
        base_model()("The minister said the talks would resume."),
        base_model()("Yes."),
    ]
    with one_blas_thread():
        for doc in docs:
            expected = numpy.asarray(tagger.model.predict([doc])[0])
            got = model.forward(doc)
            assert got.dtype == expected.dtype and got.shape == (len(doc), len(TAGS))
            numpy.testing.assert_array_equal(got, expected)


@pytest.mark.model
@pytest.mark.skipif(not (MODEL_DIR / "decoding.json").exists(), reason="no packaged model")
def test_a_batch_run_together_gives_each_docs_scores_alone() -> None:
    from spacy.pipeline import Tagger

    from newsledger.extract._forward import ALONE
    from newsledger.nlp import base_model

    model = load_span_model()
    assert model.forward is not None
    tagger = model.nlp.get_pipe("tagger")
    assert isinstance(tagger, Tagger)
    texts = [TEXT, "", "Yes.", "The minister said the talks would resume.", TEXT.upper(), "Quiet.\n\nNo."]
    texts += [" ".join(TEXT.split()[: 7 * k]) for k in range(1, 12)]  # Docs of many lengths
    docs = list(base_model().pipe(texts))
    lengths = [len(doc) for doc in docs]
    assert 0 in lengths and any(0 < n < ALONE for n in lengths) and sum(n >= ALONE for n in lengths) > 3
    with one_blas_thread():
        batch = model.forward.many(docs)
        for doc, got in zip(docs, batch, strict=True):
            assert got.shape == (len(doc), len(TAGS))
            expected = numpy.asarray(tagger.model.predict([doc])[0]) if len(doc) else got[:0]
            _same_scores(got, expected)  # the thinc model over the Doc alone
            _same_scores(got, model.forward(doc))
    # the windows stay within their Doc: a Doc's scores do not depend on its neighbours
    with one_blas_thread():
        moved = model.forward.many(docs[::-1])[::-1]
    for a, b in zip(batch, moved, strict=True):
        _same_scores(a, b)


def _same_scores(got: numpy.ndarray, want: numpy.ndarray) -> None:
    """Equal within float32 rounding of sums of a few hundred products (scores of magnitude ~10):
    a wrong window, row or weight moves them by far more."""
    assert got.shape == want.shape
    numpy.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-4)


@pytest.mark.model
@pytest.mark.skipif(not (MODEL_DIR / "decoding.json").exists(), reason="no packaged model")
def test_numpys_blas_gives_the_tagger_the_probabilities_blis_gives() -> None:
    from dataclasses import replace

    from spacy.pipeline import Tagger
    from thinc.api import NumpyOps

    from newsledger.nlp import base_model

    model = replace(load_span_model(), forward=None)  # the thinc model itself, on its layers' ops
    docs = [base_model()(TEXT), base_model()("The minister said the talks would resume.")]
    tagger = model.nlp.get_pipe("tagger")
    assert isinstance(tagger, Tagger)
    layers = list(tagger.model.walk())
    assert all(isinstance(layer.ops, NumpyOps) and not layer.ops.use_blis for layer in layers)
    fast = [model.probabilities([doc])[0] for doc in docs]
    assert all(
        numpy.array_equal(a, b) for a, b in zip(fast, load_span_model().probabilities(docs), strict=True)
    )  # the numpy forward pass, the same probabilities
    try:
        for layer in layers:
            layer.ops = NumpyOps(use_blis=True)
        reference = [model.probabilities([doc])[0] for doc in docs]
    finally:
        for layer in layers:
            layer.ops = NumpyOps(use_blis=False)
    for a, b in zip(fast, reference, strict=True):
        numpy.testing.assert_allclose(a, b, atol=1e-5)
        assert (a.argmax(axis=1) == b.argmax(axis=1)).all()


@pytest.mark.model
@pytest.mark.parametrize("lstm", [0, 1, 2])
def test_the_forward_pass_reads_a_tagger_with_or_without_its_lstm(lstm: int) -> None:
    """An untrained tagger of each architecture (initialised weights are as good as trained ones for
    the arithmetic): the numpy pass finds the LSTM when there is one and gives thinc's scores
    (within float32 rounding: the batch runs together, and the numpy pass steps the LSTM's two
    directions together)."""
    import spacy
    from spacy.pipeline import Tagger
    from spacy.training import Example
    from thinc.api import NumpyOps

    from newsledger.extract._forward import Forward
    from newsledger.extract.spanmodel import _all_features
    from newsledger.nlp import base_model
    from newsledger.train.attribution import TrainOptions, tagger_config

    nlp = spacy.blank("en")
    tagger = nlp.add_pipe("tagger", config=tagger_config(TrainOptions(lstm=lstm)))
    assert isinstance(tagger, Tagger)
    for tag in TAGS:
        tagger.add_label(tag)
    docs = list(base_model().pipe([TEXT, "The minister said the talks would resume.", "Yes.", TEXT.upper()]))
    examples = [
        Example(d, Doc(nlp.vocab, words=[t.text for t in d], tags=[TAGS[(t.i % 3) * 2] for t in d]))
        for d in docs
    ]
    nlp.initialize(lambda: examples)
    for layer in tagger.model.walk():
        layer.ops = NumpyOps(use_blis=False)  # as load_span_model sets them
    out = next(layer for layer in tagger.model.walk() if layer.name == "softmax")
    W = out.get_param("W")
    out.set_param("W", numpy.random.default_rng(7).normal(size=W.shape).astype(W.dtype))  # (zeros at first)
    forward = Forward.of(tagger.model, lambda doc: _all_features(doc, lexicon()))
    assert forward is not None
    assert (forward.recurrent is not None) == bool(lstm)
    with one_blas_thread():
        batch = forward.many(docs)
        for doc, got in zip(docs, batch, strict=True):
            assert numpy.abs(got).max() > 0
            _same_scores(got, numpy.asarray(tagger.model.predict([doc])[0]))
            _same_scores(got, forward(doc))  # the Doc alone
    # a word twenty words away, beyond the reach of the CNN (window 2, depth 4) over the base
    # pipeline's vectors (window 1, depth 4), moves the first word's scores only through the LSTM
    near = base_model()(
        "The mayor said on Monday that the old harbour, which a storm damaged badly last year, "
        "would reopen in the spring."
    )
    far = base_model()(near.text.replace("spring", "autumn"))
    assert [t.text for t in far].index("autumn") >= 20
    with one_blas_thread():
        moved = not numpy.array_equal(forward(near)[:2], forward(far)[:2])
    assert moved == bool(lstm)
    if lstm:  # and without it the scores are not the same
        with one_blas_thread():
            assert not numpy.array_equal(replace(forward, recurrent=None)(near), forward(near))
