"""The learned attribution span model: what it reads, how it decodes, where its weights live.

A token tagger over BIO tags for the three parts of a PARC-style attribution (``CONTENT``,
``SOURCE``, ``CUE``), trained on PolNeAR (:mod:`newsledger.train.attribution`). It reads what the
pipeline has already computed (the word, its affixes and shape, the part of speech and dependency
label of ``en_core_web_sm``) plus four flags per token: inside a pair of quotation marks, a
quotation mark itself, a reporting verb of the cue lexicon, the first word of a paragraph. Its
encoder is a small CNN over the whole article (no sentence boundary stops it), so a content can
run across sentences. A variant with a bidirectional LSTM over the article after the CNN
(``AttributionTok2Vec.v3``, ``newsledger train attribution --lstm N``) is built, trained and read
by the same code; it is not the shipped model (docs/model_card.md, eighth round). A model
directory may hold an ensemble of taggers (``decoding.json``'s ``members``), whose probabilities are
averaged before decoding (measured in the ninth round; the shipped model is one tagger).

Decoding is a BIO-valid Viterbi over the tagger's probabilities with tag-to-tag transition
probabilities counted on the training data (``transitions.json`` beside the weights): leaving a
content and re-entering it costs what it costs in real annotations, so long contents are not cut
into pieces where one word is uncertain.

No network, no GPU: the weights ship in ``newsledger/models/attribution``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

import numpy
import spacy
from spacy.attrs import DEP, HEAD, IDX, IS_SPACE, LEMMA, ORTH, POS, SENT_START
from spacy.language import Language
from spacy.parts_of_speech import VERB
from spacy.pipeline import Tagger
from spacy.strings import get_string_id
from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import LSTM, Model, NumpyOps, chain, concatenate, residual, with_array, with_padded
from thinc.types import Floats2d

from newsledger.errors import ModelError
from newsledger.extract._blas import one_blas_thread
from newsledger.extract._doc import doc_text
from newsledger.extract._forward import Forward
from newsledger.extract.lexicon import Lexicon, lexicon
from newsledger.extract.quotemarks import find_quotes

MODEL_NAME = "newsledger.attribution-tagger"
MODEL_VERSION = "0.2.0"
MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "attribution"
PARTS = ("CONTENT", "SOURCE", "CUE")
TAGS = ("O", *(f"{p}-{part}" for part in PARTS for p in ("B", "I")))
N_FLAGS = 4
N_TREE = 5
TENSOR_WIDTH = 96  # en_core_web_sm's tok2vec output (doc.tensor)
_QUOTE_CHARS = frozenset('"“”„«»')
_COMPLEMENTS = frozenset({"ccomp", "xcomp", "dobj", "pobj", "advcl", "conj"})
_QUOTE_KEYS = numpy.array([get_string_id(c) for c in sorted(_QUOTE_CHARS)], dtype="uint64")  # ORTH values
_COMPLEMENT_KEYS = numpy.array([get_string_id(d) for d in sorted(_COMPLEMENTS)], dtype="uint64")  # DEP values
_IS_B = numpy.array([t.startswith("B-") for t in TAGS])
_IS_I = numpy.array([t.startswith("I-") for t in TAGS])
_PART = numpy.array([PARTS.index(t[2:]) if t != "O" else -1 for t in TAGS])  # index in PARTS; O: -1
SEGMENT = 64  # tokens per piece of a Doc in the Viterbi decoder (viterbi_many), at least
MAX_LANES = 256  # pieces x entry tags decoded side by side, about at most (longer pieces beyond)
_COLUMNS = [ORTH, LEMMA, POS, DEP, HEAD, IS_SPACE, SENT_START]
_ORTH, _LEMMA, _POS, _DEP, _HEAD, _IS_SPACE, _SENT_START = range(len(_COLUMNS))


@dataclass(frozen=True)
class PredictedSpan:
    """One predicted part: ``part`` is CONTENT, SOURCE or CUE; token offsets [start, end)."""

    part: str
    start: int
    end: int
    confidence: float  # mean probability of the span's tags


def inside_quotes(doc: Doc) -> numpy.ndarray:
    """(n_tokens,) bool: the token starts inside a pair of quotation marks (``find_quotes``)."""
    out = numpy.zeros(len(doc), dtype=bool)
    if not len(doc):
        return out
    starts = doc.to_array(IDX)
    for q in find_quotes(doc_text(doc)):
        a = int(numpy.searchsorted(starts, q.open_at, side="left"))
        b = int(numpy.searchsorted(starts, q.close_end, side="left"))
        out[a:b] = True
    return out


def _in_lexicon(doc: Doc, keys: numpy.ndarray, words: frozenset[str]) -> numpy.ndarray:
    """(len(keys),) bool: the string of each hash key (a LEMMA column), lower-cased, is in ``words``;
    each distinct key is looked up once."""
    if not len(keys):
        return numpy.zeros(0, dtype=bool)
    distinct, where = numpy.unique(keys, return_inverse=True)
    strings = doc.vocab.strings
    found = numpy.array([strings.as_string(int(k)).lower() in words for k in distinct], dtype=bool)
    return found[where.reshape(-1)]


def _columns(doc: Doc) -> numpy.ndarray:
    """The token attributes the flags read, one column each (see :data:`_COLUMNS`)."""
    return doc.to_array(_COLUMNS).reshape(len(doc), len(_COLUMNS)).astype("int64")


def flags_of(doc: Doc, lex: Lexicon | None = None) -> tuple[numpy.ndarray, numpy.ndarray]:
    """The two kinds of per-token flags, from one read of the Doc's attribute columns (no Python
    loop over the tokens): (n_tokens, 4) float32, inside quotation marks, a quotation mark, a
    reporting verb, paragraph start; and (n_tokens, 5) float32 from the parse the base pipeline
    computed, the first and the last word of a complement (a clause, object or conjunct: where a
    content can start or end), inside a complement of a reporting verb, the first and the last word
    of a sentence (linear in the tokens: an inside run is a difference array, never a loop over each
    subtree; only the complements' edges are read token by token)."""
    cols = _columns(doc)
    verbs = _reporting_verbs(doc, cols, lex or lexicon())
    return _token_flags(doc, cols, verbs), _tree_flags(doc, cols, verbs)


def _token_flags(doc: Doc, cols: numpy.ndarray, verbs: numpy.ndarray) -> numpy.ndarray:
    n = len(doc)
    out = numpy.zeros((n, N_FLAGS), dtype="float32")
    if not n:
        return out
    out[:, 0] = inside_quotes(doc)
    out[:, 1] = numpy.isin(cols[:, _ORTH].astype("uint64"), _QUOTE_KEYS)
    out[:, 2] = verbs
    out[0, 3] = 1.0  # a token's whitespace_ is "" or " ": a line break is a space token of its own
    out[1:, 3] = cols[:-1, _IS_SPACE] != 0
    return out


def _reporting_verbs(doc: Doc, cols: numpy.ndarray, lex: Lexicon) -> numpy.ndarray:
    """(n_tokens,) bool: a verb whose lemma is a reporting verb of the cue lexicon."""
    verb = cols[:, _POS] == VERB
    out = numpy.zeros(len(doc), dtype=bool)
    out[verb] = _in_lexicon(doc, cols[verb, _LEMMA].astype("uint64"), lex.reporting)
    return out


def _tree_flags(doc: Doc, cols: numpy.ndarray, verbs: numpy.ndarray) -> numpy.ndarray:
    n = len(doc)
    out = numpy.zeros((n, N_TREE), dtype="float32")
    if not n:
        return out
    heads = numpy.arange(n) + cols[:, _HEAD]
    is_complement = numpy.isin(cols[:, _DEP].astype("uint64"), _COMPLEMENT_KEYS)
    complements = numpy.flatnonzero(is_complement & (cols[:, _HEAD] != 0))
    if len(complements):
        tokens = map(doc.__getitem__, complements.tolist())
        edges = numpy.array([(t.left_edge.i, t.right_edge.i) for t in tokens])
        left, right = edges[:, 0], edges[:, 1]
        out[left, 0] = 1.0
        out[right, 1] = 1.0
        reported = verbs[heads[complements]]
        inside = numpy.zeros(n + 1, dtype="int32")
        numpy.add.at(inside, left[reported], 1)
        numpy.add.at(inside, right[reported] + 1, -1)
        out[:, 2] = numpy.cumsum(inside[:n]) > 0
    if doc.has_annotation("SENT_START"):
        starts = numpy.flatnonzero(cols[:, _SENT_START] == 1)
        starts = numpy.union1d([0], starts)
        out[starts, 3] = 1.0
        out[numpy.append(starts[1:] - 1, n - 1), 4] = 1.0
    return out


def base_tensor(doc: Doc) -> numpy.ndarray:
    """The base pipeline's contextual token vectors (en_core_web_sm's tok2vec, ``doc.tensor``):
    shared, not trained again; zeros when the Doc has none (a blank pipeline)."""
    t = doc.tensor
    if t is None or getattr(t, "shape", (0,))[0] != len(doc) or t.shape[-1] != TENSOR_WIDTH:
        saved = doc.user_data.get("nl_tensor")
        if saved is not None and len(saved) == len(doc):
            return numpy.asarray(saved, dtype="float32")
        return numpy.zeros((len(doc), TENSOR_WIDTH), dtype="float32")
    return numpy.asarray(t, dtype="float32")


def _per_doc(
    name: str, width: int, compute: Callable[[Doc, Lexicon], numpy.ndarray]
) -> Model[list[Doc], list[Floats2d]]:
    """A layer without weights: ``compute(doc, lexicon)`` as one (n_tokens, width) array per Doc."""

    def forward(model: Model[list[Doc], list[Floats2d]], docs: list[Doc], is_train: bool) -> Any:
        lex = lexicon()
        out = [model.ops.asarray2f(cast(Floats2d, compute(doc, lex))) for doc in docs]
        return out, lambda d_out: []

    return Model(name, forward, dims={"nO": width})


def _mixed(
    embed: Model[list[Doc], list[Floats2d]],
    features: Model[list[Doc], list[Floats2d]],
    encode: Model[Floats2d, Floats2d],
    width: int,
) -> Model[list[Doc], list[Floats2d]]:
    """The hashed word features concatenated with ``features``, mixed to ``width``, then encoded."""
    from thinc.api import Maxout

    mixed: Model[list[Doc], list[Floats2d]] = chain(
        concatenate(embed, features),
        with_array(Maxout(width, nP=3, normalize=True, dropout=0.0)),
    )
    model: Model[list[Doc], list[Floats2d]] = chain(mixed, with_array(encode))
    model.set_dim("nO", width)
    return model


def _all_features(doc: Doc, lex: Lexicon) -> numpy.ndarray:
    return numpy.hstack([*flags_of(doc, lex), base_tensor(doc)])


@registry.layers("newsledger.AttributionFeatures.v2")  # type: ignore[untyped-decorator,misc,unused-ignore]
def attribution_features() -> Model[list[Doc], list[Floats2d]]:
    """Flags, parse flags and the base tok2vec vectors per token, one array per Doc; no weights."""
    return _per_doc("nl_attribution_features", N_FLAGS + N_TREE + TENSOR_WIDTH, _all_features)


@registry.architectures("newsledger.AttributionTok2Vec.v2")  # type: ignore[untyped-decorator,misc,unused-ignore]
def attribution_tok2vec_v2(
    embed: Model[list[Doc], list[Floats2d]],
    encode: Model[Floats2d, Floats2d],
    width: int,
) -> Model[list[Doc], list[Floats2d]]:
    """v1 plus the parse flags (:func:`flags_of`) and the base pipeline's tok2vec vectors."""
    return _mixed(embed, attribution_features(), encode, width)


@registry.architectures("newsledger.AttributionTok2Vec.v3")  # type: ignore[untyped-decorator,misc,unused-ignore]
def attribution_tok2vec_v3(
    embed: Model[list[Doc], list[Floats2d]],
    encode: Model[Floats2d, Floats2d],
    width: int,
    lstm_depth: int = 1,
) -> Model[list[Doc], list[Floats2d]]:
    """v2, then a bidirectional LSTM over each whole article (``width / 2`` units each way), added
    to the CNN's output: every word sees the article on both sides of it, not only the CNN's window
    of a few words (a content's last words far from its cue, a quotation's speaker a sentence away)."""
    model: Model[list[Doc], list[Floats2d]] = chain(
        _mixed(embed, attribution_features(), encode, width),
        residual(with_padded(LSTM(width, width, bi=True, depth=lstm_depth))),
    )
    model.set_dim("nO", width)
    return model


@registry.layers("newsledger.AttributionFlags.v1")  # type: ignore[untyped-decorator,misc,unused-ignore]
def attribution_flags() -> Model[list[Doc], list[Floats2d]]:
    """The four per-token flags of :func:`flags_of` (not the parse's) as a list of arrays, one per
    Doc; no weights."""
    return _per_doc("nl_attribution_flags", N_FLAGS, lambda doc, lex: flags_of(doc, lex)[0])


@registry.architectures("newsledger.AttributionTok2Vec.v1")  # type: ignore[untyped-decorator,misc,unused-ignore]
def attribution_tok2vec(
    embed: Model[list[Doc], list[Floats2d]],
    encode: Model[Floats2d, Floats2d],
    width: int,
) -> Model[list[Doc], list[Floats2d]]:
    """The hashed word features concatenated with the flags, mixed to ``width``, then encoded."""
    return _mixed(embed, attribution_flags(), encode, width)


# ---------------------------------------------------------------------------------------- decoding


def _allowed(prev: str, cur: str) -> bool:
    if not cur.startswith("I-"):
        return True
    return prev != "O" and prev[2:] == cur[2:]


def transition_matrix(counts: dict[str, dict[str, float]] | None = None) -> numpy.ndarray:
    """log P(tag | previous tag), add-one smoothed; invalid BIO moves are -inf."""
    n = len(TAGS)
    mat = numpy.full((n + 1, n), -numpy.inf)  # the last row: the start of the article
    for i, prev in enumerate((*TAGS, "O")):
        row = (counts or {}).get(prev if i < n else "<start>", {})
        valid = [j for j, cur in enumerate(TAGS) if _allowed(prev, cur)]
        total = sum(row.get(TAGS[j], 0.0) + 1.0 for j in valid)
        for j in valid:
            mat[i, j] = math.log((row.get(TAGS[j], 0.0) + 1.0) / total)
    return mat


def viterbi(probs: numpy.ndarray, trans: numpy.ndarray, weight: float) -> list[int]:
    """The BIO-valid tag sequence maximising sum(log p(tag)) + weight * sum(log P(tag | prev))."""
    return viterbi_many([probs], trans, weight)[0]


def viterbi_many(
    probs: Sequence[numpy.ndarray], trans: numpy.ndarray, weight: float, segment: int | None = None
) -> list[list[int]]:
    """:func:`viterbi` of each Doc's probabilities, without a Python step per token: each Doc is cut
    into pieces of ``segment`` tokens, and the recursion runs over all pieces of all Docs side by
    side, a piece once for each tag its previous token may have (the first piece of a Doc from the
    start of the article). The pieces' best scores are then joined in order (the best entry into
    each piece given the best score of each tag at the end of the one before) and the path read
    back piece by piece. The same maximum as one token after the other: the sums are the same
    terms, added in another order (a path can differ only where two paths' scores tie to the last
    bits of a float)."""
    n_tag = trans.shape[1]
    step = numpy.full(trans.shape, -numpy.inf)
    finite = numpy.isfinite(trans)
    step[finite] = trans[finite] * weight
    out: list[list[int]] = [[] for _ in probs]
    if segment is None:  # pieces of SEGMENT tokens, longer where there would be over MAX_LANES lanes
        segment = max(SEGMENT, -(-n_tag * sum(len(p) for p in probs) // MAX_LANES))
    # one lane per (Doc, piece, tag before the piece): its Doc, start token, length and entry row of step
    lanes: list[tuple[int, int, int, int]] = []
    first_lane: list[int] = []
    for k, p in enumerate(probs):
        first_lane.append(len(lanes))
        for start in range(0, len(p), segment):
            size = min(segment, len(p) - start)
            lanes += [(k, start, size, src) for src in ([n_tag] if start == 0 else range(n_tag))]
    if not lanes:
        return out
    logs = [numpy.log(numpy.clip(p, 1e-9, 1.0)) for p in probs]
    longest = max(size for _, _, size, _ in lanes)
    n_lanes = len(lanes)
    emit = numpy.zeros((longest, n_tag, n_lanes))  # lanes last: each step's arithmetic is over long rows
    for lane, (k, start, size, _) in enumerate(lanes):
        emit[:size, :, lane] = logs[k][start : start + size]
    scores = numpy.empty((longest, n_tag, n_lanes))
    back = numpy.zeros((longest, n_tag, n_lanes), dtype="int64")
    scores[0] = emit[0] + step[[src for *_, src in lanes]].T
    moves = step[:n_tag][:, :, None]  # prev x cur x 1
    for i in range(1, longest):
        cand = scores[i - 1][:, None, :] + moves  # prev x cur x lane
        numpy.argmax(cand, axis=0, out=back[i])
        numpy.add(cand.max(axis=0), emit[i], out=scores[i])
    ends = scores[[size - 1 for _, _, size, _ in lanes], :, numpy.arange(n_lanes)]  # lane x tag
    for k, p in enumerate(probs):
        if len(p):
            out[k] = _join_pieces(k, first_lane[k], lanes, ends, back, n_tag)
    return out


def _join_pieces(
    k: int,
    first: int,
    lanes: list[tuple[int, int, int, int]],
    ends: numpy.ndarray,
    back: numpy.ndarray,
    n_tag: int,
) -> list[int]:
    """The best path of Doc ``k`` from its pieces' lanes (see :func:`viterbi_many`)."""
    total = ends[first]  # best score of the Doc so far, ending in each tag
    entries: list[numpy.ndarray] = []  # per later piece: the tag before it on the best path into each tag
    lane = first + 1
    while lane < len(lanes) and lanes[lane][0] == k:
        joined = total[:, None] + ends[lane : lane + n_tag]  # tag before x tag at the end
        entries.append(joined.argmax(axis=0))
        total = joined.max(axis=0)
        lane += n_tag
    tag = int(total.argmax())
    pieces: list[list[int]] = []
    for j in range(len(entries), -1, -1):
        if j:
            before = int(entries[j - 1][tag])
            at = first + 1 + (j - 1) * n_tag + before
        else:
            at = first
        piece = [tag]
        for row in reversed(back[1 : lanes[at][2], :, at].tolist()):
            piece.append(row[piece[-1]])
        pieces.append(piece[::-1])
        if j:
            tag = before
    return [t for piece in reversed(pieces) for t in piece]


def spans_of(tags: list[int], probs: numpy.ndarray) -> list[PredictedSpan]:
    """The spans of a BIO tag sequence, each with the mean probability of its tags: a span opens at
    each ``B-`` tag and runs over the ``I-`` tags of its part that follow it (an ``I-`` tag with no
    span of its part open opens none). The bounds are found in numpy, not token by token."""
    if not tags:
        return []
    t = numpy.asarray([*tags, 0])
    chosen = probs[numpy.arange(len(tags)), tags]
    part = _PART[t]
    # token i carries on the span token i - 1 is in: an I- tag of the part of the tag before it
    # (which, inside a span, is its B- or I- tag); the first token carrying nothing on ends it
    carries = _IS_I[t[1:]] & (part[1:] == part[:-1]) & (t[:-1] != 0)
    breaks = numpy.flatnonzero(~carries) + 1
    starts = numpy.flatnonzero(_IS_B[t])
    ends = breaks[numpy.searchsorted(breaks, starts, side="right")]
    return [  # the mean as numpy.mean computes it: the (pairwise) sum, divided by the count
        PredictedSpan(PARTS[part[a]], a, b, round(float(numpy.add.reduce(chosen[a:b])) / (b - a), 4))
        for a, b in zip(starts.tolist(), ends.tolist(), strict=True)
    ]


# ----------------------------------------------------------------------------------- the model


@dataclass(frozen=True)
class Member:
    """One trained tagger of a model: its pipeline and, when it reads it, its numpy forward pass."""

    nlp: Language
    forward: Forward | None = None


@dataclass
class SpanModel:
    """A trained tagger with its decoding parameters; with ``more``, an ensemble: the taggers'
    probabilities are averaged before decoding."""

    nlp: Language
    trans: numpy.ndarray
    weight: float
    version: str
    path: Path
    forward: Forward | None = None  # the tagger's forward pass in numpy (_forward), when it reads it
    more: tuple[Member, ...] = ()  # the ensemble's other taggers (decoding.json's "members" after the first)

    @property
    def tag(self) -> str:
        return f"{MODEL_NAME}@{self.version}"

    def probabilities(self, docs: list[Doc]) -> list[numpy.ndarray]:
        """(n_tokens, n_tags) probabilities per Doc, in the order of :data:`TAGS`: the mean of the
        members' probabilities (one member: its own)."""
        out = _member_probabilities(Member(self.nlp, self.forward), docs)
        for member in self.more:
            for mine, theirs in zip(out, _member_probabilities(member, docs), strict=True):
                mine += theirs
        if self.more:
            for p in out:
                p /= 1 + len(self.more)
        return out

    def predict(self, doc: Doc, weight: float | None = None) -> list[PredictedSpan]:
        """The decoded spans of one Doc (parsed by the base pipeline: POS and DEP are read)."""
        return self.predict_many([doc], weight)[0]

    def predict_many(self, docs: list[Doc], weight: float | None = None) -> list[list[PredictedSpan]]:
        """The decoded spans of each Doc, the tagger run once over the batch."""
        w = self.weight if weight is None else weight
        full = [d for d in docs if len(d)]
        probs = self.probabilities(full) if full else []
        found = iter(zip(probs, viterbi_many(probs, self.trans, w), strict=True))
        out: list[list[PredictedSpan]] = []
        for doc in docs:
            if not len(doc):
                out.append([])
                continue
            p, tags = next(found)
            out.append(spans_of(tags, p))
        return out


def _member_probabilities(member: Member, docs: list[Doc]) -> list[numpy.ndarray]:
    """One tagger's (n_tokens, n_tags) probabilities per Doc, in the order of :data:`TAGS`. With a
    forward pass the batch is scored by it, its Docs' tokens run together (see
    :meth:`Forward.many`); else by the thinc model over the batch."""
    tagger = cast(Tagger, member.nlp.get_pipe("tagger"))
    labels = list(tagger.labels)
    order = [labels.index(t) for t in TAGS]
    out = []
    with one_blas_thread():
        forward = member.forward
        scores = forward.many(docs) if forward is not None else tagger.model.predict(docs)
    for s in scores:
        logits = numpy.asarray(s, dtype="float64")[:, order]
        e = numpy.exp(logits - logits.max(axis=1, keepdims=True))
        out.append(e / e.sum(axis=1, keepdims=True))  # the tagger leaves its outputs unnormalised
    return out


def save_decoding(path: Path, counts: dict[str, dict[str, float]], weight: float, version: str) -> None:
    (path / "decoding.json").write_text(
        json.dumps({"transitions": counts, "weight": weight, "version": version}, indent=1), encoding="utf-8"
    )


def load_span_model(path: str | Path | None = None) -> SpanModel:
    """The model saved at ``path`` (default: the one shipped in the package)."""
    where = Path(path) if path is not None else MODEL_DIR
    return _load(str(where))


@lru_cache(maxsize=4)
def _load(where: str) -> SpanModel:
    path = Path(where)
    decoding = path / "decoding.json"
    if not decoding.exists():
        raise ModelError(
            f"{path}: no trained attribution model here",
            hint="Train one with `newsledger train attribution --data DIR --out DIR`.",
        )
    meta = json.loads(decoding.read_text(encoding="utf-8"))
    names = meta.get("members") or ["pipeline"]
    members = [_member(path / str(name)) for name in names]
    trans, weight = transition_matrix(meta["transitions"]), float(meta["weight"])
    first = members[0]
    return SpanModel(first.nlp, trans, weight, str(meta["version"]), path, first.forward, tuple(members[1:]))


def _member(where: Path) -> Member:
    if not (where / "config.cfg").exists():
        raise ModelError(f"{where}: no tagger here", hint="Train one with `newsledger train attribution`.")
    nlp = spacy.load(where)
    tagger = cast(Tagger, nlp.get_pipe("tagger"))
    for layer in tagger.model.walk():
        layer.ops = NumpyOps(use_blis=False)  # numpy's BLAS: see _blas; the same weights and layers
    return Member(nlp, Forward.of(tagger.model, lambda doc: _all_features(doc, lexicon())))
