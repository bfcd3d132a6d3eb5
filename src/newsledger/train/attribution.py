"""Train the attribution span model (:mod:`newsledger.extract.spanmodel`) on PolNeAR-style data.

``train_attribution(data_dir, out_dir)`` reads the ``train`` compartment of a directory laid out
like PolNeAR (``data/train/text/*.txt`` and ``data/train/attributions/*.ann``, BRAT stand-off; the
``test`` compartment is never read), parses every article with the base spaCy model once, turns
the source, cue and content spans into BIO tags, holds out a slice of the articles, and trains the
tagger on the rest with a pinned seed, keeping the checkpoint (and the decoding weight) that scores
best on the held-out slice with the project's scorer (:mod:`newsledger.eval.attribution`).
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import numpy
import spacy
from spacy.language import Language
from spacy.pipeline import Tagger
from spacy.tokens import Doc, DocBin
from spacy.training import Example
from spacy.util import minibatch
from thinc.api import fix_random_seed

from newsledger.errors import EvalError, ModelError
from newsledger.eval.attribution import GoldDoc, PredAttribution, load_polnear, score_attributions
from newsledger.extract import spanmodel
from newsledger.extract._doc import ensure_extensions
from newsledger.extract.pairing import Pairer
from newsledger.extract.spanmodel import TAGS, SpanModel, save_decoding, spans_of, transition_matrix, viterbi
from newsledger.train.pairing import accuracy, fit, groups_of, save_pairer

ROWS = {"NORM": 10000, "PREFIX": 2000, "SUFFIX": 4000, "SHAPE": 1000, "POS": 50, "DEP": 100}
ATTRS = tuple(ROWS)
WEIGHTS = (0.0, 0.5, 1.0, 2.0)  # decoding weights of the transition probabilities tried on the held-out slice


@dataclass(frozen=True)
class TrainOptions:
    width: int = 64
    depth: int = 4
    window: int = 2
    batch_docs: int = 4
    dropout: float = 0.15
    learn_rate: float = 0.001
    seed: int = 1509  # the weights' initialisation and the order of the updates
    split_seed: int = 1509  # which articles are held out (fixed, so models of other seeds share the slice)
    holdout: float = 0.08  # fraction of the train compartment held out for checkpoint selection
    eval_every: int = 100  # updates between checkpoint evaluations
    max_epochs: int = 40
    features: int = 2  # 1: words + flags; 2: + parse flags and the base pipeline's tok2vec vectors
    attrs: tuple[str, ...] = ATTRS  # the token attributes hashed into the tagger's own embeddings
    lstm: int = 0  # layers of a bidirectional LSTM after the CNN (0: none, as shipped; needs features 2)


@dataclass
class TrainReport:
    out: Path
    train_docs: int
    holdout_docs: int
    updates: int
    epochs: float
    seconds: float
    weight: float
    holdout: dict[str, float]
    history: list[dict[str, float]] = field(default_factory=list)
    pairing: dict[str, float] = field(default_factory=dict)  # the source pairer: groups, held-out accuracy
    held_out: tuple[str, ...] = ()  # the held-out articles' names (the same for every seed: split_seed)


def bio_tags(doc: Doc, gold: GoldDoc) -> list[str]:
    """One BIO tag per token: contents first, then sources and cues, a token labelled once."""
    tags = ["O"] * len(doc)
    for part in ("CONTENT", "SOURCE", "CUE"):
        for att in gold.attributions:
            spans = {"CONTENT": att.content, "SOURCE": (att.source,), "CUE": (att.cue,)}[part]
            for span in spans:
                if span is None:
                    continue
                sp = doc.char_span(span[0], span[1], alignment_mode="expand")
                if sp is None or not len(sp):
                    continue
                toks = [t.i for t in sp if tags[t.i] == "O"]
                toks = [i for i in toks if not doc[i].is_space] or toks
                if not toks:
                    continue
                first = True
                for i in range(toks[0], toks[-1] + 1):
                    if tags[i] != "O":
                        first = True
                        continue
                    tags[i] = ("B-" if first else "I-") + part
                    first = False
    return tags


def parse_golds(golds: Sequence[GoldDoc], nlp: Language | None = None) -> list[Doc]:
    """The articles parsed by the base model, each with its BIO tags in ``user_data["nl_bio"]``."""
    from newsledger.nlp import base_model

    ensure_extensions()
    base = nlp or base_model()
    docs = []
    for gold, doc in zip(golds, base.pipe((g.text for g in golds), batch_size=8), strict=True):
        doc.user_data["nl_bio"] = bio_tags(doc, gold)
        doc.user_data["nl_tensor"] = numpy.asarray(doc.tensor, dtype="float32")  # DocBin keeps no tensor
        doc.user_data["nl_name"] = gold.name
        docs.append(doc)
    return docs


def parsed_compartment(
    data: Path, compartment: str, cache: Path | None, limit: int | None = None
) -> tuple[list[GoldDoc], list[Doc]]:
    """Gold documents and their parses (read from ``cache`` when it holds them, else written there)."""
    golds = load_polnear(data, compartment, limit)
    if cache is not None and cache.exists():
        from newsledger.nlp import base_model

        vocab = base_model().vocab  # (the entity labels are the base model's strings)
        docs = list(DocBin().from_disk(cache).get_docs(vocab))
        if [d.user_data.get("nl_name") for d in docs] == [g.name for g in golds]:
            return golds, docs
    docs = parse_golds(golds)
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        bin_ = DocBin(store_user_data=True)
        for d in docs:
            bin_.add(d)
        bin_.to_disk(cache)
    return golds, docs


def tagger_config(opts: TrainOptions) -> dict[str, Any]:
    """The spaCy config of the tagger (its tok2vec: hashed word features + flags, a CNN, and with
    ``lstm`` a bidirectional LSTM over the article after it: ``AttributionTok2Vec.v3``)."""
    if opts.lstm and opts.features != 2:
        raise ModelError(
            f"an LSTM over the article needs the v2 features (features=2), not features={opts.features}",
            hint="Train with features=2, or with lstm=0 for the v1 features.",
        )
    tok2vec: dict[str, Any] = {"lstm_depth": opts.lstm} if opts.lstm else {}
    return {
        "model": {
            "@architectures": "spacy.Tagger.v2",
            "nO": None,
            "normalize": False,
            "tok2vec": {
                "@architectures": f"newsledger.AttributionTok2Vec.v{3 if opts.lstm else opts.features}",
                **tok2vec,
                "width": opts.width,
                "embed": {
                    "@architectures": "spacy.MultiHashEmbed.v2",
                    "width": opts.width,
                    "attrs": list(opts.attrs),
                    "rows": [ROWS[a] for a in opts.attrs],
                    "include_static_vectors": False,
                },
                "encode": {
                    "@architectures": "spacy.MaxoutWindowEncoder.v2",
                    "width": opts.width,
                    "window_size": opts.window,
                    "maxout_pieces": 3,
                    "depth": opts.depth,
                },
            },
        }
    }


def _examples(nlp: Language, docs: Sequence[Doc]) -> list[Example]:
    out = []
    for doc in docs:
        ref = Doc(nlp.vocab, words=[t.text for t in doc], spaces=[bool(t.whitespace_) for t in doc])
        for tok, tag in zip(ref, doc.user_data["nl_bio"], strict=True):
            tok.tag_ = tag
        out.append(Example(doc, ref))
    return out


def transition_counts(docs: Sequence[Doc]) -> dict[str, dict[str, float]]:
    counts: dict[str, dict[str, float]] = {}
    for doc in docs:
        prev = "<start>"
        for tag in doc.user_data["nl_bio"]:
            row = counts.setdefault(prev, {})
            row[tag] = row.get(tag, 0.0) + 1.0
            prev = tag
    return counts


def content_predictions(model: SpanModel, docs: Sequence[Doc], weight: float) -> list[list[PredAttribution]]:
    """Every decoded content span as a prediction (for checkpoint selection)."""
    out = []
    for doc, probs in zip(docs, model.probabilities(list(docs)), strict=True):
        spans = spans_of(viterbi(probs, model.trans, weight), probs)
        out.append(
            [
                PredAttribution((doc[s.start].idx, doc[s.end - 1].idx + len(doc[s.end - 1])))
                for s in spans
                if s.part == "CONTENT"
            ]
        )
    return out


def _score(
    model: SpanModel, golds: Sequence[GoldDoc], docs: Sequence[Doc], weight: float
) -> dict[str, float]:
    m = score_attributions(golds, content_predictions(model, docs, weight)).metrics()
    return {k: round(m[k], 4) for k in ("content.exact.f1", "content.overlap.f1", "content.token.f1")}


def _objective(m: dict[str, float]) -> float:
    return m["content.exact.f1"] + m["content.overlap.f1"]


def train_attribution(
    data: str | Path,
    out: str | Path,
    *,
    max_minutes: float = 45.0,
    options: TrainOptions | None = None,
    cache: str | Path | None = None,
    limit: int | None = None,
    log: Callable[[str], None] | None = None,
) -> TrainReport:
    """Train the span model on ``data``'s train compartment and save it to ``out`` (a directory
    :func:`newsledger.extract.spanmodel.load_span_model` reads). Stops after ``max_minutes``."""
    opts = options or TrainOptions()
    say = log or (lambda _msg: None)
    started = time.monotonic()
    golds, docs = parsed_compartment(Path(data), "train", Path(cache) if cache else None, limit)
    if len(docs) < 2:
        raise EvalError(f"{data}: {len(docs)} annotated article(s) in data/train", hint="Give at least two.")
    fix_random_seed(opts.seed)
    order = list(range(len(docs)))
    random.Random(opts.split_seed).shuffle(order)
    n_hold = max(1, round(len(docs) * opts.holdout))
    hold_ix, train_ix = sorted(order[:n_hold]), order[n_hold:]
    say(f"parsed {len(docs)} articles in {time.monotonic() - started:.0f} s; {n_hold} held out")
    nlp = spacy.blank("en")
    tagger = cast(Tagger, nlp.add_pipe("tagger", config=tagger_config(opts)))
    for tag in TAGS:
        tagger.add_label(tag)
    train_ex = _examples(nlp, [docs[i] for i in train_ix])
    hold_docs, hold_golds = [docs[i] for i in hold_ix], [golds[i] for i in hold_ix]
    optimizer = nlp.initialize(lambda: train_ex[:50])
    optimizer.learn_rate = opts.learn_rate
    counts = transition_counts([docs[i] for i in train_ix])
    model = SpanModel(nlp, transition_matrix(counts), 1.0, "training", Path(out))
    rng = random.Random(opts.seed)
    best: tuple[float, bytes, dict[str, float]] | None = None
    history: list[dict[str, float]] = []
    updates, epoch, deadline = 0, 0, started + max_minutes * 60
    n_words = sum(len(e.reference) for e in train_ex)

    def checkpoint() -> None:
        nonlocal best
        with nlp.use_params(optimizer.averages):
            m = _score(model, hold_golds, hold_docs, 1.0)
            entry = {"updates": float(updates), "minutes": round((time.monotonic() - started) / 60, 2), **m}
            history.append(entry)
            say(json.dumps(entry))
            if best is None or _objective(m) > best[0]:
                best = (_objective(m), tagger.model.to_bytes(), m)

    done = False
    while not done and epoch < opts.max_epochs:
        rng.shuffle(train_ex)
        losses: dict[str, float] = {}
        for batch in minibatch(train_ex, size=opts.batch_docs):
            nlp.update(batch, sgd=optimizer, drop=opts.dropout, losses=losses)
            updates += 1
            if updates % opts.eval_every == 0:
                checkpoint()
            if time.monotonic() > deadline:
                done = True
                break
        epoch += 1
        say(f"epoch {epoch}: loss {losses.get('tagger', 0.0):.1f} ({n_words} words)")
    checkpoint()
    assert best is not None
    tagger.model.from_bytes(best[1])
    scored = {w: _score(model, hold_golds, hold_docs, w) for w in WEIGHTS}
    weight = max(WEIGHTS, key=lambda w: _objective(scored[w]))
    out_dir = Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    nlp.meta["name"] = "attribution_tagger"
    nlp.meta["version"] = spanmodel.MODEL_VERSION
    nlp.to_disk(out_dir / "pipeline", exclude=["vocab"])
    save_decoding(out_dir, counts, weight, spanmodel.MODEL_VERSION)
    say("training the source pairer")
    pair_train, missed = groups_of([golds[i] for i in train_ix], [docs[i] for i in train_ix])
    pair_hold, _ = groups_of(hold_golds, hold_docs)
    pairer = Pairer(fit(pair_train), spanmodel.MODEL_VERSION)
    save_pairer(out_dir, pairer.weights, spanmodel.MODEL_VERSION)
    pairing = {
        "groups": float(len(pair_train)),
        "source_outside_candidates": float(missed),
        "holdout_accuracy": round(accuracy(pairer, pair_hold), 4),
    }
    return TrainReport(
        out=out_dir,
        train_docs=len(train_ix),
        holdout_docs=len(hold_ix),
        updates=updates,
        epochs=round(updates * opts.batch_docs / max(1, len(train_ix)), 2),
        seconds=round(time.monotonic() - started, 1),
        weight=weight,
        holdout={"weight": weight, **scored[weight]},
        history=history,
        pairing=pairing,
        held_out=tuple(g.name for g in hold_golds),
    )
