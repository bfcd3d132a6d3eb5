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

Incremental (:mod:`newsledger.reconcile.incremental`): each body's signature and band buckets are
stored when it is first reconciled (``article_minhash``, ``article_bands``). Copy pairs only join
articles of one group, so a group can change only when an article joins it (a new article whose
band buckets meet one of its members) or leaves it (a deleted member): :func:`groups_among` is run
again over exactly those groups and the new articles, and every other article keeps its stored
``copy_of``. ``reconcile --full`` hashes every body again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from newsledger.reconcile import minhash as mh
from newsledger.reconcile.loader import ArticleRec, Order
from newsledger.reconcile.unionfind import DisjointSets

NUM_PERM = mh.NUM_PERM
SHINGLE = 5
LSH_THRESHOLD = 0.3
MIN_JACCARD = 0.5
MIN_CONTAINMENT = 0.8
MIN_JACCARD_CONTAINED = 0.25
MIN_SHINGLES = 8  # shorter bodies (a headline, a stub) are never called copies

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Copy:
    """One article's place in its syndication group."""

    article_id: str
    origin: str  # the group's origin (the article itself when it is the origin)
    similarity: float  # estimated resemblance to the origin (1.0 for the origin itself)

    @property
    def copy_of(self) -> str | None:
        return None if self.origin == self.article_id else self.origin


@dataclass(slots=True)
class Body:
    """What syndication keeps of one article: its order, shingle count, signature and buckets."""

    article_id: str
    order: Order
    shingles: int
    signature: mh.Signature | None  # None for a body under MIN_SHINGLES (never a copy)
    buckets: np.ndarray | None


def shingles(text: str) -> set[bytes]:
    words = [w.casefold() for w in _WORD.findall(text)]
    if len(words) < SHINGLE:
        return set()
    return {" ".join(words[i : i + SHINGLE]).encode("utf-8") for i in range(len(words) - SHINGLE + 1)}


def hash_bodies(items: Sequence[tuple[str, Order, str]]) -> list[Body]:
    """Shingle and hash ``(article id, order, text)`` items."""
    sets = [shingles(text) for _, _, text in items]
    usable = [i for i, sh in enumerate(sets) if len(sh) >= MIN_SHINGLES]
    sigs = dict(zip(usable, mh.signatures([sets[i] for i in usable]), strict=True))
    out = []
    for i, (aid, order, _) in enumerate(items):
        sig = sigs.get(i)
        buckets = mh.buckets(sig, LSH_THRESHOLD) if sig is not None else None
        out.append(Body(aid, order, len(sets[i]), sig, buckets))
    return out


def _is_copy(jaccard: float, size_a: int, size_b: int) -> bool:
    if jaccard >= MIN_JACCARD:
        return True
    if jaccard < MIN_JACCARD_CONTAINED:
        return False
    shared = jaccard / (1.0 + jaccard) * (size_a + size_b)  # |A ∩ B| from J and the set sizes
    return shared / max(1, min(size_a, size_b)) >= MIN_CONTAINMENT


def groups_among(bodies: Iterable[Body]) -> dict[str, Copy]:
    """Every article's origin and similarity to it, among ``bodies`` only (a closed set: no body
    outside it is a copy of one inside); articles without copies are their own origin."""
    items = sorted(bodies, key=lambda b: b.order)
    usable = [i for i, b in enumerate(items) if b.signature is not None and b.shingles >= MIN_SHINGLES]
    sets = DisjointSets(len(items))
    if len(usable) > 1:
        bands, _ = mh.band_layout(LSH_THRESHOLD)
        for a, b in mh.candidates([items[i].buckets for i in usable], bands):
            i, j = usable[a], usable[b]
            if sets.same(i, j):
                continue
            si, sj = items[i].signature, items[j].signature
            assert si is not None and sj is not None
            if _is_copy(mh.jaccard(si, sj), items[i].shingles, items[j].shingles):
                sets.union(i, j)  # the earlier article stays the root
    out: dict[str, Copy] = {}
    for members in sets.groups():
        origin = members[0]  # items are sorted earliest first
        so = items[origin].signature
        for i in members:
            si = items[i].signature
            sim = 1.0 if i == origin or si is None or so is None else round(mh.jaccard(si, so), 3)
            out[items[i].article_id] = Copy(items[i].article_id, items[origin].article_id, sim)
    return out


def syndication_groups(articles: Iterable[ArticleRec]) -> dict[str, Copy]:
    """Every article's origin and similarity to it; articles without copies are their own origin."""
    return groups_among(hash_bodies([(a.id, a.order, a.text) for a in articles]))
