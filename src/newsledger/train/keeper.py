"""Fitting the keeper (:mod:`newsledger.extract.keeper`): a logistic regression over the named
features of the contents the learned model found alone, labelled by whether the scorer matched
each one to a gold attribution.

The examples must come from articles the tagger was not trained on (its confidence is too high on
its own training articles): PolNeAR's held-out train slice (:func:`held_out_slice`, the 8% the
tagger's training keeps aside). :func:`cross_fit` scores each fold with weights fitted on the
others, which is how the threshold and the regularisation are chosen; :func:`fit` then fits on
every example for the shipped ``keeper.json`` (:func:`save_keeper`).

Deterministic: Newton's method on the L2-penalised log-likelihood, no random start.
"""

from __future__ import annotations

import json
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

import numpy
from spacy.language import Language

from newsledger.eval.attribution import GoldDoc, PredAttribution, one_per_cue, score_attributions
from newsledger.extract.attributions import find_layer
from newsledger.extract.keeper import Keeper
from newsledger.extract.learned import ModelSpans

T = TypeVar("T")
HELD_OUT_SEED = 1509  # the seed and share of the tagger's held-out slice (newsledger.train.attribution)
HELD_OUT_SHARE = 0.08


@dataclass(frozen=True)
class Example:
    """One content only the model found: its article (for folds), features and label."""

    article: int
    features: dict[str, float]
    matched: bool


def held_out_slice(items: Sequence[T], seed: int = HELD_OUT_SEED, share: float = HELD_OUT_SHARE) -> list[T]:
    """The items of the tagger's held-out slice, in their original order."""
    order = list(range(len(items)))
    random.Random(seed).shuffle(order)
    return [items[i] for i in sorted(order[: round(len(items) * share)])]


@dataclass(frozen=True)
class Recorder(Keeper):
    """A keeper that keeps every content and notes what it was shown: (char offsets, features)."""

    seen: list[tuple[tuple[int, int], dict[str, float]]] = field(default_factory=list)

    def keeps(self, features: Mapping[str, float], at: tuple[int, int] | None = None) -> bool:
        if at is not None:
            self.seen.append((at, dict(features)))
        return True


def _predictions(attributions: Sequence[Any]) -> list[PredAttribution]:
    """The scorer's view of an article's attributions (as ``benchmarks/eval_polnear.py`` reads
    the quotes they become): one per cue."""
    preds = []
    for a in attributions:
        source = (a.speaker_start, a.speaker_end) if a.speaker_start is not None else None
        cue = (a.cue_start, a.cue_end) if a.cue_start is not None else None
        preds.append(PredAttribution((a.start, a.end), source, a.speaker, a.kind, cue))
    return one_per_cue(preds)


def examples_of(golds: Sequence[GoldDoc], nlp: Language) -> list[Example]:
    """The contents the model found alone in ``golds`` (through ``nlp``, a pipeline with the model
    on), each labelled by whether the scorer matched the prediction it became (its group of parts,
    one attribution per cue) to a gold attribution."""
    out: list[Example] = []
    for k, (gold, doc) in enumerate(zip(golds, nlp.pipe(g.text for g in golds), strict=True)):
        found = doc._.nl_attribution_spans
        if not isinstance(found, ModelSpans):
            continue
        recorder = Recorder({}, 0.0, 0.0, "")
        doc._.nl_attribution_spans = replace(found, keeper=recorder)
        attributions, _ = find_layer(doc)
        preds = _predictions(attributions)
        scores = score_attributions([gold], [preds])
        matched = {pi for _, pi, _, _ in scores.pairs}
        for at, features in recorder.seen:
            hit = any(at in p.parts for pi, p in enumerate(preds) if pi in matched)
            out.append(Example(k, features, hit))
    return out


def _matrix(examples: Sequence[Example], names: Sequence[str]) -> numpy.ndarray:
    index = {n: k for k, n in enumerate(names)}
    x = numpy.zeros((len(examples), len(names) + 1))
    x[:, -1] = 1.0  # the bias column
    for r, e in enumerate(examples):
        for name, value in e.features.items():
            if name in index:
                x[r, index[name]] = value
    return x


def fit(examples: Sequence[Example], l2: float = 1.0, steps: int = 50) -> tuple[dict[str, float], float]:
    """Weights and bias of an L2-penalised logistic regression (the bias not penalised)."""
    names = sorted({n for e in examples for n in e.features})
    x = _matrix(examples, names)
    y = numpy.array([float(e.matched) for e in examples])
    w = numpy.zeros(x.shape[1])
    penalty = numpy.full(x.shape[1], l2)
    penalty[-1] = 0.0
    for _ in range(steps):
        p = 1.0 / (1.0 + numpy.exp(-numpy.clip(x @ w, -30, 30)))
        grad = x.T @ (p - y) + penalty * w
        hess = (x * (p * (1 - p))[:, None]).T @ x + numpy.diag(penalty + 1e-9)
        step = numpy.linalg.solve(hess, grad)
        w -= step
        if float(numpy.abs(step).max()) < 1e-8:
            break
    return {n: round(float(w[k]), 4) for k, n in enumerate(names)}, round(float(w[-1]), 4)


def cross_fit(examples: Sequence[Example], folds: int = 5, l2: float = 1.0) -> list[float]:
    """Each example's probability of a match from weights fitted without its article's fold."""
    out = [0.0] * len(examples)
    for k in range(folds):
        train = [e for e in examples if e.article % folds != k]
        weights, bias = fit(train, l2)
        keeper = Keeper(weights, bias, 0.0, "")
        for r, e in enumerate(examples):
            if e.article % folds == k:
                out[r] = keeper.probability(e.features)
    return out


def save_keeper(path: Path, weights: dict[str, float], bias: float, threshold: float, version: str) -> None:
    """Write ``keeper.json``."""
    data = {"version": version, "threshold": threshold, "bias": bias}
    data["weights"] = dict(sorted(weights.items()))
    path.write_text(json.dumps(data, indent=0) + "\n", encoding="utf-8")
