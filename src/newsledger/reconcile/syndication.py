"""Syndication: which articles are copies of one story, and which article is the origin.

A wire story is re-published by many outlets, verbatim or lightly edited (a new headline, a
local intro paragraph, a trimmed ending, an update with new figures). Forty reprints are one
source, not forty, so every article gets ``copy_of`` (the origin of its syndication group, empty
for the origin itself) and ``copy_similarity``.

How:

* each body becomes a set of word 5-gram shingles (case-folded, numbers kept as words), hashed
  into a MinHash of ``NUM_PERM`` permutations (datasketch);
* candidate pairs come from MinHash LSH at a low threshold, never from comparing every pair;
* a candidate is a copy when its estimated resemblance (Jaccard) is at least ``MIN_JACCARD``, or
  when the smaller text is mostly contained in the larger one (containment at least
  ``MIN_CONTAINMENT``, estimated from the Jaccard and both set sizes) and the resemblance is at
  least ``MIN_JACCARD_CONTAINED``: an added intro or a trimmed ending keeps most of the smaller
  text inside the larger one, while two outlets' own reports of one event share a quote or two
  and little else;
* copies form groups (connected components); a group's origin is its earliest article: dated
  before undated, then earliest published, then earliest fetched, then ingest order.

Everything here is a pure function of the stored articles, so the result does not depend on the
order or batches the articles arrived in (except for ties in every date, which go to ingest
order, as documented).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from datasketch import MinHash, MinHashLSH

from newsledger.reconcile.loader import ArticleRec

NUM_PERM = 128
SHINGLE = 5
LSH_THRESHOLD = 0.3
MIN_JACCARD = 0.5
MIN_CONTAINMENT = 0.8
MIN_JACCARD_CONTAINED = 0.25
MIN_SHINGLES = 8  # shorter bodies (a headline, a stub) are never called copies

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Copy:
    """One article's place in its syndication group."""

    article_id: str
    origin: str  # the group's origin (the article itself when it is the origin)
    similarity: float  # estimated resemblance to the origin (1.0 for the origin itself)

    @property
    def copy_of(self) -> str | None:
        return None if self.origin == self.article_id else self.origin


def shingles(text: str) -> set[bytes]:
    words = [w.casefold() for w in _WORD.findall(text)]
    if len(words) < SHINGLE:
        return set()
    return {" ".join(words[i : i + SHINGLE]).encode("utf-8") for i in range(len(words) - SHINGLE + 1)}


def _is_copy(jaccard: float, size_a: int, size_b: int) -> bool:
    if jaccard >= MIN_JACCARD:
        return True
    if jaccard < MIN_JACCARD_CONTAINED:
        return False
    shared = jaccard / (1.0 + jaccard) * (size_a + size_b)  # |A ∩ B| from J and the set sizes
    return shared / max(1, min(size_a, size_b)) >= MIN_CONTAINMENT


def syndication_groups(articles: Iterable[ArticleRec]) -> dict[str, Copy]:
    """Every article's origin and similarity to it; articles without copies are their own origin."""
    items = sorted(articles, key=lambda a: a.order)
    sets = [shingles(b.text) for b in items]
    usable = [i for i, sh in enumerate(sets) if len(sh) >= MIN_SHINGLES]
    hashes = dict(zip(usable, MinHash.bulk([list(sets[i]) for i in usable], num_perm=NUM_PERM), strict=True))
    parent = list(range(len(items)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    if len(usable) > 1:
        lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
        for i in usable:
            lsh.insert(i, hashes[i])
        for i in usable:
            for j in lsh.query(hashes[i]):
                if j <= i or find(i) == find(j):
                    continue
                if _is_copy(hashes[i].jaccard(hashes[j]), len(sets[i]), len(sets[j])):
                    a, b = find(i), find(j)
                    parent[max(a, b)] = min(a, b)  # the earlier article stays the root
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(items)):
        groups[find(i)].append(i)
    out: dict[str, Copy] = {}
    for members in groups.values():
        origin = min(members)  # items are sorted earliest first
        for i in members:
            sim = 1.0 if i == origin else round(hashes[i].jaccard(hashes[origin]), 3)
            out[items[i].id] = Copy(items[i].id, items[origin].id, sim)
    return out
