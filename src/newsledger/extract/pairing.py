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

    def best(
        self, doc: Doc, start: int, end: int, cue: Token | None, lex: Lexicon | None = None
    ) -> tuple[Token, float] | None:
        """The most probable source of the content [start, end) (token offsets) with its
        probability among the candidates, or None when there is no candidate."""
        cands = candidates(doc, start, end)
        if not cands:
            return None
        quoted = _quoted(doc)
        lex = lex or lexicon()
        scores = [self.score(features(doc, start, end, t, cue, cands, quoted, lex)) for t in cands]
        top = max(scores)
        total = sum(math.exp(x - top) for x in scores)
        k = max(range(len(cands)), key=lambda i: (scores[i], -abs(cands[i].i - start)))
        return cands[k], math.exp(scores[k] - top) / total


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
    cached = doc.user_data.get("nl_pairing_quoted")
    if isinstance(cached, list) and len(cached) == len(doc):
        return cached
    from newsledger.extract._doc import doc_text
    from newsledger.extract.quotemarks import find_quotes

    out = [False] * len(doc)
    spans = [(q.open_at, q.close_end) for q in find_quotes(doc_text(doc))]
    k = 0
    for t in doc:
        while k < len(spans) and spans[k][1] <= t.idx:
            k += 1
        out[t.i] = k < len(spans) and spans[k][0] <= t.idx
    doc.user_data["nl_pairing_quoted"] = out
    return out


def _content_root(doc: Doc, start: int, end: int) -> Token:
    for t in doc[start:end]:
        if not start <= t.head.i < end or t.head.i == t.i:
            return t
    return doc[start]


def features(
    doc: Doc,
    start: int,
    end: int,
    t: Token,
    cue: Token | None,
    cands: Sequence[Token],
    quoted: Sequence[bool],
    lex: Lexicon,
) -> list[str]:
    """The named features of candidate ``t`` as the source of the content [start, end)."""
    before = t.i < start
    side = "B" if before else "A"
    dist = start - t.i if before else t.i - end + 1
    rank = sum(
        1 for c in cands if (c.i < start) == before and (start - c.i if before else c.i - end + 1) < dist
    )
    root = _content_root(doc, start, end)
    hang = root.head  # the word the content hangs from ("said" in "X said that ...")
    out = [
        "bias",
        f"pos={t.pos_}",
        f"dep={t.dep_}",
        f"ent={t.ent_type_ or '-'}",
        f"dist={side}{_bucket(dist)}",
        f"rank={side}{min(rank, 3)}",
        f"dep={t.dep_}|side={side}",
        f"pos={t.pos_}|rank={side}{min(rank, 3)}",
    ]
    if t.sent.start == doc[start].sent.start:
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
