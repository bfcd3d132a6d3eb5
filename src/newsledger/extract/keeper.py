"""Whether a content the learned model found alone is worth keeping: a small logistic re-scorer.

The tagger's confidence (the mean probability of a content's tags) says how sure it is of the
words it marked, not whether they are an attribution once the merge has given them a cue, bounds
and a source. Of the contents the model finds with no rule's attribution around them, about 0.7
are matched by a gold attribution on the held-out train articles; a content is worth keeping only
when it is matched more often than about F1 / 2 (below that, dropping it raises F1). The keeper
weighs what the merge knows of each such content, read from the parse the pipeline already
computed: the tagger's confidence, the cue's confidence, kind and distance, whether the cue is a
reporting verb of the lexicon, a noun or "according to", whether the content is the constituent
the cue governs, its length, its quotation marks, whether it spans sentences, whether it has a
verb of its own, whether a source was found. The weights (a logistic regression, fitted by
:mod:`newsledger.train.keeper` on train-compartment articles the tagger never saw) ship as
``keeper.json`` beside the tagger; a content whose probability of a match is under the file's
``threshold`` goes.

Pure functions over a spaCy ``Doc``; no I/O but :func:`load_keeper`.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc, Span

from newsledger.extract import constituents
from newsledger.extract.lexicon import Lexicon
from newsledger.extract.tokenview import token_view

KEEPER_FILE = "keeper.json"
_VERBAL = frozenset({"VERB", "AUX"})


@dataclass(frozen=True)
class Keeper:
    """Named feature weights, a bias, the threshold under which a content goes, a version."""

    weights: dict[str, float]
    bias: float
    threshold: float
    version: str

    def probability(self, features: Mapping[str, float]) -> float:
        """The probability that a content with these features is matched by a gold attribution."""
        z = self.bias + sum(self.weights.get(k, 0.0) * v for k, v in features.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def keeps(self, features: Mapping[str, float], at: tuple[int, int] | None = None) -> bool:
        """Whether a content with these features stays (``at``, its char offsets, is for a keeper
        that records what it is shown: :class:`newsledger.train.keeper.Recorder`)."""
        return self.probability(features) >= self.threshold


def features(
    doc: Doc,
    start: int,
    end: int,
    confidence: float,
    cue: Span | None,
    cue_confidence: float,
    kind: str,
    sourced: bool,
    lex: Lexicon,
) -> dict[str, float]:
    """The named features of the content at tokens [start, end) with its cue (or None); ``kind``:
    direct, partial or indirect; ``sourced``: whether the merge found it a source."""
    first = token_view(doc).sent_start  # doc[i].sent.start, without building a Span per question
    f: dict[str, float] = {
        "confidence": confidence,
        "log_length": math.log(max(1, end - start)),
        f"kind={kind}": 1.0,
        "sourced": float(sourced),
        "multi_sentence": float(first[start] != first[end - 1]),
        "has_verb": float(any(t.pos_ in _VERBAL for t in doc[start:end])),
        "sentence_start": float(first[start] == start),
    }
    if cue is None:
        f["no_cue"] = 1.0
        return f
    own = constituents.content_words(doc, start, end)
    gap = cue.start - end if cue.start >= end else start - cue.end if cue.end <= start else 0
    root = cue.root
    according = any(t.lower_ == "according" for t in cue)
    f.update(
        {
            "cue_confidence": cue_confidence,
            "cue_after": float(cue.start >= end),
            "log_gap": math.log1p(max(0, gap)),
            "cue_reporting": float(root.lemma_.lower() in lex.reporting),
            "cue_according": float(according),
            "cue_noun": float(not according and root.pos_ in ("NOUN", "PROPN")),
            "cue_verb": float(not according and root.pos_ in _VERBAL),
            "cue_words": float(min(len(cue), 4)),
            "complement": float(
                any(
                    own == constituents.content_words(doc, a, b)
                    for a, b in constituents.complements(doc, cue)
                )
            ),
        }
    )
    return f


def load_keeper(path: Path) -> Keeper | None:
    """The keeper shipped at ``path`` (``keeper.json``), or None when there is none."""
    return _load(str(path))


@lru_cache(maxsize=4)
def _load(where: str) -> Keeper | None:
    path = Path(where)
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return Keeper(
        weights={str(k): float(v) for k, v in data["weights"].items()},
        bias=float(data["bias"]),
        threshold=float(data["threshold"]),
        version=str(data["version"]),
    )
