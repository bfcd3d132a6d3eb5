"""Chains: how the frames of one sentence combine into the chain of each of its claims.

Frames (:mod:`newsledger.extract.frames`, found by the attribution component) nested in each
other's content merge into one chain, outer first ("Meduza reported that officials said ...");
frames side by side split the sentence ("A denied X, while B said Y"); two "according to"
phrases on one clause give two sources side by side.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from newsledger.extract.frames import Frame, Heard, Sentence
from newsledger.extract.mentions import SUBJECTS, Mention


@dataclass
class Merged:
    """The frames of one clause merged into one chain (outer first)."""

    chain: list[Mention]
    cue: str | None
    head: Token
    anchor: int
    via: Heard | None = None
    opens: Heard | None = None
    frames: int = 1  # how many frames were merged into it


def _open(doc: Doc, frame: Frame) -> Merged:
    return Merged(list(frame.chain), frame.cue, doc[frame.head], frame.anchor, frame.via, frame.opens)


def _within(tok: Token, ancestor: Token) -> bool:
    return tok.i == ancestor.i or ancestor in tok.ancestors


def _nested(inner: Token, outer: Token) -> bool:
    """Whether ``inner`` sits in the content of ``outer`` (not in a coordinated or adverbial
    clause beside it: "A denied X, while B said Y" holds two attributions side by side)."""
    if inner.i == outer.i:
        return True
    node = inner
    while node.head.i != node.i:
        if node.head.i == outer.i:
            if (
                node.dep_ == "advcl"
                and node.tag_ == "VBG"
                and not any(c.dep_ in SUBJECTS for c in node.children)
            ):
                return True  # "denied the report, saying ...": one frame
            return node.dep_ not in ("advcl", "conj", "parataxis")
        node = node.head
    return False


def _side_blocks(merged: list[Merged], unit: Sentence) -> list[tuple[int, int, Merged | None]] | None:
    """Cut the subordinate attributed clauses that open or close the unit ("While A said X,
    B denied Y"); the shallowest attribution keeps the rest. None when they sit mid-sentence."""
    host = min(merged, key=lambda a: sum(1 for _ in a.head.ancestors))
    doc = host.head.doc
    lo, hi = unit.start, unit.end
    out: list[tuple[int, int, Merged | None]] = []
    for att in sorted((a for a in merged if a is not host), key=lambda a: a.head.left_edge.i):
        left, right = att.head.left_edge.i, att.head.right_edge.i + 1
        if _within(host.head, att.head):
            return None
        if left <= lo:
            out.append((lo, right, att))
            lo = right
        elif all(t.is_punct or t.is_space for t in doc[right:hi]):
            out.append((left, hi, att))
            hi = left
        else:
            return None
    if lo >= hi:
        return None
    out.append((lo, hi, host))
    return sorted(out, key=lambda r: r[0])


_SEPARATORS = "newsledger.chains.separators"
MAX_CHAINS = 24  # attributions of one unit that a later one may join (far more than a sentence holds)


def _alternatives(a: Merged, b: Merged) -> bool:
    """Two "according to" phrases on one clause give two sources side by side ("9,000 according
    to A, and 3,000 according to B"): neither cites the other."""
    if not (a.cue == b.cue == "according to") or a.anchor == b.anchor:
        return False
    doc = a.head.doc
    first, second = sorted((doc[a.anchor], doc[b.anchor]), key=lambda t: t.i)
    if first.right_edge.i >= second.i:
        return False  # one phrase sits inside the other
    seps = _separators(doc)  # "and", "but", "while", ";" between the two phrases
    k = bisect_left(seps, first.right_edge.i + 1)
    return k < len(seps) and seps[k] < second.i


def _separators(doc: Doc) -> list[int]:
    """Indices of the tokens that set two sources side by side (computed once per Doc)."""
    seps: list[int] | None = doc.user_data.get(_SEPARATORS)
    if seps is None:
        seps = [t.i for t in doc if t.dep_ == "cc" or t.lower_ in ("while", "whereas", ";")]
        doc.user_data[_SEPARATORS] = seps
    return seps


def _cut_after_anchors(merged: list[Merged], unit: Sentence) -> list[tuple[int, int, Merged | None]]:
    """Split the unit after each "according to" phrase but the last: each part keeps its source."""
    doc = merged[0].head.doc
    ranges: list[tuple[int, int, Merged | None]] = []
    start = unit.start
    ordered = sorted(merged, key=lambda a: a.anchor)
    for k, att in enumerate(ordered):
        end = unit.end if k == len(ordered) - 1 else min(doc[att.anchor].right_edge.i + 1, unit.end)
        if end <= start:
            continue
        ranges.append((start, end, att))
        start = end
    return ranges


def combine(doc: Doc, unit: Sentence) -> list[tuple[int, int, Merged | None]]:
    """Clauses of the sentence as token ranges with their attribution: nested frames are merged
    into one chain (outer clause first); frames of separate clauses split the sentence."""
    atts = [_open(doc, f) for f in unit.frames]
    if not atts:
        return [(unit.start, unit.end, None)]
    merged: list[Merged] = []
    for att in atts:
        host = None
        for prev in merged[:MAX_CHAINS]:  # a run-on "unit" of thousands of cues stays linear
            if _alternatives(att, prev):
                continue
            if _nested(att.head, prev.head) or _nested(prev.head, att.head):
                host = prev
                break
        if host is None:
            merged.append(Merged(list(att.chain), att.cue, att.head, att.anchor, att.via, att.opens))
            continue
        names = [m.source.name for m in host.chain]
        extra = [m for m in att.chain if m.source.name not in names]
        if not extra:
            continue
        host.frames += 1
        host.via = host.via or att.via
        host.opens = host.opens or att.opens
        if att.head.i == host.head.i and "according to" in (att.cue, host.cue):
            att_outer = att.cue == "according to"  # "According to the indictment, X told ..."
        else:
            att_outer = _within(host.head, att.head)
            if att_outer and att.head.i != host.head.i:
                att_outer = not _within(att.head, host.head)
        host.chain = [*extra, *host.chain] if att_outer else [*host.chain, *extra]
    if len(merged) == 1:
        return [(unit.start, unit.end, merged[0])]
    if all(_alternatives(a, merged[0]) for a in merged[1:]):
        return _cut_after_anchors(merged, unit)
    blocks = _side_blocks(merged, unit)
    if blocks is not None:
        return blocks
    # separate clauses: cut before the left edge of each later clause
    merged.sort(key=lambda a: a.head.left_edge.i)
    ranges: list[tuple[int, int, Merged | None]] = []
    start = unit.start
    for k, att in enumerate(merged):
        end = unit.end if k == len(merged) - 1 else max(merged[k + 1].head.left_edge.i, start + 1)
        if k == len(merged) - 1 or merged[k + 1].head.left_edge.i > start:
            ranges.append((start, end, att))
            start = end
    return ranges
