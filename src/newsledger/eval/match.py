"""One-to-one matching of predicted spans to gold spans by character overlap."""

from __future__ import annotations

from collections.abc import Sequence

Span = tuple[int, int]


def overlap(a: Span, b: Span) -> int:
    """Number of characters two half-open spans share (0 when they are disjoint)."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def match_spans(gold: Sequence[Span], pred: Sequence[Span]) -> list[tuple[int, int]]:
    """Pair gold and predicted spans one-to-one, greedily by largest overlap.

    Every pair of spans that share at least one character is a candidate. The
    candidates are taken in order of decreasing overlap; ties go to the pair
    whose boundaries are closest (sum of start and end distances), then to the
    earlier gold and predicted index, so the result is deterministic. A span
    takes part in at most one pair. Returns ``(gold_index, pred_index)`` pairs
    sorted by gold index.
    """
    candidates: list[tuple[int, int, int, int]] = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            shared = overlap(g, p)
            if shared > 0:
                distance = abs(g[0] - p[0]) + abs(g[1] - p[1])
                candidates.append((-shared, distance, gi, pi))
    candidates.sort()
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, _, gi, pi in candidates:
        if gi in used_gold or pi in used_pred:
            continue
        used_gold.add(gi)
        used_pred.add(pi)
        pairs.append((gi, pi))
    return sorted(pairs)
