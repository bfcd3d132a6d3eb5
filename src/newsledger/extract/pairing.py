"""Who said it: a learned scorer that pairs a content with its source among the nouns around it.

For a content the learned model found alone (no rule attributed it), the candidates are the heads
of noun phrases (proper nouns, nouns, pronouns) within ``BEFORE`` words before it and ``AFTER``
words after it, never inside it. Each candidate is described by sparse, named features read from
the parse the pipeline already computed: its part of speech, dependency label and entity type; on
which side of the content it stands and how far (bucketed), and its rank among the candidates on
that side; whether it is in the content's sentence, inside quotation marks, the subject of the cue,
of a reporting verb, or of the word the content hangs from; whether it is the cue itself or hangs
from it. A conditional logit (softmax over one content's candidates) weighs them; the weights are
learned from PolNeAR's train compartment (:mod:`newsledger.train.pairing`) and ship as
``pairing.json`` beside the tagger.

Pure functions over a spaCy ``Doc``; no I/O but :func:`load_pairer`.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc, Token

from newsledger.extract.lexicon import Lexicon, lexicon
from newsledger.extract.spanmodel import inside_quotes

PAIRING_FILE = "pairing.json"
BEFORE = 40  # words before a content where its source may stand
AFTER = 20  # words after it ('"...," said the minister, who ...')
_HEADS = frozenset({"PROPN", "NOUN", "PRON"})
_MODIFIERS = frozenset({"compound", "amod", "nmod", "npadvmod"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})


@dataclass(frozen=True)
class Pairer:
    """Feature weights (a conditional logit) and the version they were trained as."""

    weights: dict[str, float]
    version: str

    def score(self, features: Sequence[str]) -> float:
        w = self.weights
        return sum(w.get(f, 0.0) for f in features)

    def ranked(
        self, doc: Doc, start: int, end: int, cue: Token | None, lex: Lexicon | None = None
    ) -> list[tuple[Token, float]]:
        """The candidate sources of the content [start, end) (token offsets) with their
        probabilities, most probable first (the nearer one first on a tie)."""
        found = described(doc, start, end, cue, _quoted(doc), lex or lexicon())
        if not found:
            return []
        scores = [self.score(f) for _, f in found]
        top = max(scores)
        exp = [math.exp(x - top) for x in scores]
        total = sum(exp)
        order = sorted(range(len(found)), key=lambda i: (-scores[i], abs(found[i][0].i - start)))
        return [(found[i][0], exp[i] / total) for i in order]

    def best(
        self, doc: Doc, start: int, end: int, cue: Token | None, lex: Lexicon | None = None
    ) -> tuple[Token, float] | None:
        """The most probable source of the content [start, end) with its probability, or None."""
        ranked = self.ranked(doc, start, end, cue, lex)
        return ranked[0] if ranked else None


def candidates(doc: Doc, start: int, end: int) -> list[Token]:
    """Heads of noun phrases within the window around tokens [start, end), outside it."""
    lo, hi = max(0, start - BEFORE), min(len(doc), end + AFTER)
    return [
        t
        for t in doc[lo:hi]
        if not start <= t.i < end and t.pos_ in _HEADS and t.dep_ not in _MODIFIERS and not t.is_space
    ]


def _bucket(d: int) -> str:
    for limit, name in ((1, "1"), (2, "2"), (4, "3-4"), (8, "5-8"), (16, "9-16"), (32, "17-32")):
        if d <= limit:
            return name
    return "33+"


def _quoted(doc: Doc) -> list[bool]:
    """Whether each token stands inside quotation marks (the tagger's flag), once per Doc."""
    cached = doc.user_data.get("nl_pairing_quoted")
    if isinstance(cached, list) and len(cached) == len(doc):
        return cached
    out: list[bool] = inside_quotes(doc).tolist()
    doc.user_data["nl_pairing_quoted"] = out
    return out


def _content_root(doc: Doc, start: int, end: int) -> Token:
    for t in doc[start:end]:
        if not start <= t.head.i < end or t.head.i == t.i:
            return t
    return doc[start]


def described(
    doc: Doc, start: int, end: int, cue: Token | None, quoted: Sequence[bool], lex: Lexicon
) -> list[tuple[Token, list[str]]]:
    """Each candidate source of the content [start, end) with its named features."""
    cands = candidates(doc, start, end)
    before = [t for t in cands if t.i < start]
    n_before = len(before)
    root = _content_root(doc, start, end)
    hang = root.head  # the word the content hangs from ("said" in "X said that ...")
    sent = doc[start].sent.start
    out = []
    for k, t in enumerate(cands):
        if t.i < start:
            side, dist, rank = "B", start - t.i, n_before - 1 - k  # rank: nearer candidates on its side
        else:
            side, dist, rank = "A", t.i - end + 1, k - n_before
        out.append((t, features(t, side, dist, min(rank, 3), root, hang, sent, cue, quoted, lex)))
    return out


def features(
    t: Token,
    side: str,
    dist: int,
    rank: int,
    root: Token,
    hang: Token,
    sent: int,
    cue: Token | None,
    quoted: Sequence[bool],
    lex: Lexicon,
) -> list[str]:
    """The named features of candidate ``t``, on ``side`` (B before, A after) of a content whose
    root word is ``root``, hanging from ``hang``, in the sentence starting at token ``sent``."""
    out = [
        "bias",
        f"pos={t.pos_}",
        f"dep={t.dep_}",
        f"ent={t.ent_type_ or '-'}",
        f"dist={side}{_bucket(dist)}",
        f"rank={side}{rank}",
        f"dep={t.dep_}|side={side}",
        f"pos={t.pos_}|rank={side}{rank}",
    ]
    if t.sent.start == sent:
        out.append("same_sentence")
    if quoted[t.i]:
        out.append("quoted")
    if t.head.pos_ == "VERB" and t.head.lemma_.lower() in lex.reporting:
        out.append(f"dep={t.dep_}|head=reporting")
    if hang.i != root.i and t.head.i == hang.i:
        out.append(f"dep={t.dep_}|head=hang")
    if t.i == hang.i:
        out.append("is_hang")
    if cue is not None:
        if t.head.i == cue.i:
            out.append(f"dep={t.dep_}|head=cue")
        if t.i == cue.i:
            out.append("is_cue")
        if t.dep_ in _SUBJECTS and t.head.i == cue.i:
            out.append("cue_subject")
        if t.dep_ == "poss" and t.head.i == cue.i:
            out.append("cue_possessor")
    return out


def load_pairer(path: str | Path) -> Pairer | None:
    """The pairer saved at ``path`` (``pairing.json``), or None when there is none."""
    return _load(str(path))


@lru_cache(maxsize=4)
def _load(path: str) -> Pairer | None:
    p = Path(path)
    if not p.exists():
        return None
    data = json.loads(p.read_text(encoding="utf-8"))
    return Pairer({str(k): float(v) for k, v in data["weights"].items()}, str(data["version"]))
