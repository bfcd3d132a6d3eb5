"""Train the source pairer (:mod:`newsledger.extract.pairing`) on PolNeAR-style attributions.

Every annotated content with a source gives one training group: the candidates around the content
(its first part, for a discontinuous one), the one holding the gold source's syntactic head marked
right. The weights of a conditional logit (a softmax over each group's candidates, L2-regularised)
are fitted by full-batch Adam in numpy, with a pinned number of steps; no sampling, so the result
is deterministic.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy
from spacy.tokens import Doc

from newsledger.eval.attribution import GoldDoc
from newsledger.extract.lexicon import lexicon
from newsledger.extract.pairing import PAIRING_FILE, Pairer, _quoted, described


@dataclass(frozen=True)
class Group:
    features: list[list[str]]
    gold: int  # index of the right candidate


def groups_of(golds: Sequence[GoldDoc], docs: Sequence[Doc]) -> tuple[list[Group], int]:
    """Training groups, and how many sourced contents had their source outside the candidates."""
    lex = lexicon()
    out: list[Group] = []
    missed = 0
    for gold, doc in zip(golds, docs, strict=True):
        quoted = _quoted(doc)
        for att in gold.attributions:
            if att.source is None or not att.content:
                continue
            content = doc.char_span(*att.content[0], alignment_mode="expand")
            source = doc.char_span(*att.source, alignment_mode="expand")
            if content is None or source is None or not len(content) or not len(source):
                continue
            cue_span = doc.char_span(*att.cue, alignment_mode="expand") if att.cue else None
            cue = cue_span.root if cue_span is not None and len(cue_span) else None
            found = described(doc, content.start, content.end, cue, quoted, lex)
            head = source.root.i
            right = [k for k, (t, _) in enumerate(found) if t.i == head]
            if not right:
                missed += 1
                continue
            out.append(Group([f for _, f in found], right[0]))
    return out, missed


def fit(groups: Sequence[Group], steps: int = 600, l2: float = 1e-5, rate: float = 0.05) -> dict[str, float]:
    """Conditional-logit weights for the groups' features."""
    index: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    starts: list[int] = []
    gold_rows: list[int] = []
    n = 0
    for g in groups:
        starts.append(n)
        gold_rows.append(n + g.gold)
        for feats in g.features:
            for f in feats:
                cols.append(index.setdefault(f, len(index)))
                rows.append(n)
            n += 1
    r, c = numpy.array(rows), numpy.array(cols)
    first = numpy.array(starts)
    group_of = numpy.repeat(numpy.arange(len(starts)), numpy.diff(numpy.append(first, n)))
    y = numpy.zeros(n)
    y[gold_rows] = 1.0
    w = numpy.zeros(len(index))
    m, v = numpy.zeros_like(w), numpy.zeros_like(w)
    for step in range(1, steps + 1):
        score = numpy.bincount(r, weights=w[c], minlength=n)
        top = numpy.maximum.reduceat(score, first)
        e = numpy.exp(score - top[group_of])
        p = e / numpy.add.reduceat(e, first)[group_of]
        grad = numpy.bincount(c, weights=(p - y)[r], minlength=len(w)) / len(starts) + l2 * w
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad * grad
        w -= rate * (m / (1 - 0.9**step)) / (numpy.sqrt(v / (1 - 0.999**step)) + 1e-8)
    return {f: round(float(w[k]), 4) for f, k in index.items() if abs(w[k]) >= 1e-4}


def accuracy(pairer: Pairer, groups: Sequence[Group]) -> float:
    right = 0
    for g in groups:
        scores = [pairer.score(f) for f in g.features]
        right += max(range(len(scores)), key=scores.__getitem__) == g.gold
    return right / len(groups) if groups else 0.0


def save_pairer(out: Path, weights: dict[str, float], version: str) -> Path:
    path = out / PAIRING_FILE
    data = {"version": version, "weights": weights}
    path.write_text(json.dumps(data, indent=0, sort_keys=True), encoding="utf-8")
    return path
