"""What reconcile keeps between runs, so that a run redoes only what new or deleted articles touch.

Stored by migration 0009 and written in reconcile's one transaction:

* ``article_minhash`` / ``article_bands``: each body's MinHash signature and LSH band buckets,
  computed once when the article is first reconciled. An article without a row is new.
* ``reconcile_dirty``: articles deleted since the last reconcile, with the syndication origin they
  had (``Store.delete_articles`` writes it in the deleting transaction).
* ``text_minhash``: the band buckets of each claim or quotation wording, keyed by a digest of its
  shingles, so a wording is hashed once however many articles and runs carry it.

Syndication (:func:`update_syndication`): copy pairs only join articles of one group, so the
groups to compute again are those a deleted article left and those a new article's band buckets
meet (one indexed lookup); together with the new articles they form a closed set, and
:func:`~newsledger.reconcile.syndication.groups_among` over it gives what a full run would. Every
other article keeps its stored ``copy_of`` and ``copy_similarity``. With ``full`` every body is
hashed again and every group computed from scratch (``newsledger reconcile --full``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import numpy as np
from sqlalchemy import delete, exists, func, select
from sqlalchemy.engine import Connection

from newsledger.reconcile import minhash as mh
from newsledger.reconcile.bulk import bulk_insert, pairs_in
from newsledger.reconcile.loader import ArticleRec, raw_rows
from newsledger.reconcile.syndication import LSH_THRESHOLD, Body, Copy, groups_among, hash_bodies
from newsledger.store import tables as t

CHUNK = 500  # ids or keys per IN (...) query
BULK_RATIO = 4  # more new articles than a quarter of the stored ones: read every stored body instead

T = TypeVar("T")


def chunks(items: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    """``items`` in slices of at most ``size`` (one ``IN (...)`` query each)."""
    for i in range(0, len(items), size):
        yield items[i : i + size]


@dataclass
class SyndicationUpdate:
    copies: dict[str, Copy]  # every article's group origin and similarity
    bodies: list[Body]  # bodies hashed in this run, to store
    dirty: list[str]  # reconcile_dirty rows this run handled
    full: bool  # the stored signatures are replaced, not added to
    recomputed: int = 0  # articles whose group was computed in this run


def update_syndication(conn: Connection, articles: dict[str, ArticleRec], *, full: bool) -> SyndicationUpdate:
    """Every article's syndication group, computing only the groups new or deleted articles touch."""
    ms, dt = t.article_minhash, t.reconcile_dirty
    dirty = [(r.article_id, r.origin) for r in conn.execute(select(dt.c.article_id, dt.c.origin))]
    if full:
        new_ids, n_stored = sorted(articles), 0
    else:  # the articles without a stored signature (an anti-join), and how many are stored
        art = t.articles.c
        unhashed = select(art.id).where(~exists(select(ms.c.article_id).where(ms.c.article_id == art.id)))
        new_ids = sorted(r[0] for r in conn.execute(unhashed) if r[0] in articles)
        n_stored = int(conn.execute(select(func.count()).select_from(ms)).scalar_one())
    new_bodies = hash_bodies(list(_bodies_to_hash(conn, articles, new_ids)))
    dirty_ids = [d[0] for d in dirty]
    if full:
        rebuilt = groups_among(new_bodies)
        return SyndicationUpdate(rebuilt, new_bodies, dirty_ids, True, len(rebuilt))
    origin = {a.id: a.copy_of or a.id for a in articles.values()}
    members: dict[str, list[str]] = {}
    for aid, o in origin.items():
        members.setdefault(o, []).append(aid)
    touched = {o for _, o in dirty}
    touched |= {o for o in members if o not in articles}  # an origin gone without a record
    new = set(new_ids)
    if len(new) * BULK_RATIO > n_stored:  # many new articles: one pass over every stored body
        old_ids = sorted(set(articles) - new)
    else:
        for cand in _band_neighbours(conn, new_bodies):
            if cand in origin and cand not in new:
                touched.add(origin[cand])
        old_ids = sorted({m for o in touched for m in members.get(o, ())} - new)
    bodies = new_bodies + _stored_bodies(conn, articles, old_ids)
    recomputed = groups_among(bodies)
    copies: dict[str, Copy] = {}
    for a in articles.values():
        copies[a.id] = recomputed.get(a.id) or Copy(a.id, origin[a.id], a.copy_similarity or 1.0)
    return SyndicationUpdate(copies, new_bodies, dirty_ids, False, len(recomputed))


def _bodies_to_hash(conn: Connection, articles: dict[str, ArticleRec], ids: list[str]) -> Iterator[Any]:
    a = t.articles.c
    for chunk in chunks(ids):
        for r in conn.execute(select(a.id, a.text).where(a.id.in_(chunk)).order_by(a.id)):
            yield r.id, articles[r.id].order, r.text


def _band_neighbours(conn: Connection, bodies: list[Body]) -> set[str]:
    """Stored articles sharing a band bucket with one of ``bodies``."""
    keys = sorted(
        {(band, int(k)) for b in bodies if b.buckets is not None for band, k in enumerate(b.buckets)}
    )
    ab = t.article_bands.c
    out: set[str] = set()
    for chunk in chunks(keys):
        out.update(
            r[0] for r in conn.execute(select(ab.article_id).where(pairs_in(ab.band, ab.bucket, chunk)))
        )
    return out


def _stored_bodies(conn: Connection, articles: dict[str, ArticleRec], ids: list[str]) -> list[Body]:
    ms = t.article_minhash.c
    out = []
    for chunk in chunks(ids):
        for r in conn.execute(
            select(ms.article_id, ms.shingles, ms.signature).where(ms.article_id.in_(chunk))
        ):
            sig = mh.from_bytes(r.signature) if r.signature is not None else None
            buckets = mh.buckets(sig, LSH_THRESHOLD) if sig is not None else None
            out.append(Body(r.article_id, articles[r.article_id].order, r.shingles, sig, buckets))
    return out


def write_syndication_state(conn: Connection, update: SyndicationUpdate) -> None:
    """Store the bodies hashed in this run and drop the deletions it handled."""
    ms, ab, dt = t.article_minhash, t.article_bands, t.reconcile_dirty
    if update.full:
        conn.execute(delete(ab))
        conn.execute(delete(ms))
    rows: list[dict[str, Any]] = [
        {
            "article_id": b.article_id,
            "shingles": b.shingles,
            "signature": mh.to_bytes(b.signature) if b.signature is not None else None,
        }
        for b in update.bodies
    ]
    bands: list[dict[str, Any]] = [
        {"article_id": b.article_id, "band": i, "bucket": k}
        for b in update.bodies
        for i, k in enumerate(b.buckets.tolist() if b.buckets is not None else [])
    ]
    bulk_insert(conn, ms, rows)
    bulk_insert(conn, ab, bands)
    for ids in chunks(update.dirty):
        conn.execute(delete(dt).where(dt.c.article_id.in_(ids)))


@dataclass
class WordingBands:
    """Band buckets of claim and quotation wordings: stored ones, and those hashed in this run.

    Loaded lazily: :meth:`fetch` reads the stored buckets of the wordings a run meets (every one
    for the whole graph); :meth:`buckets` hashes only wordings not stored; :meth:`sharing` finds
    the stored wordings sharing a bucket with new ones."""

    known: dict[str, bytes] = field(default_factory=dict)  # digest -> stored buckets
    new: dict[str, np.ndarray] = field(default_factory=dict)
    full: bool = False
    looked: set[str] | None = None  # digests fetched (None: every stored one, or nothing stored)

    @classmethod
    def load(cls, conn: Connection, *, full: bool) -> WordingBands:
        return cls(full=True) if full else cls(looked=set())

    def fetch(self, conn: Connection, digests: Iterable[str] | None) -> None:
        """Read the stored buckets of ``digests`` (None: of every stored wording)."""
        if self.looked is None:
            return
        tm = t.text_minhash.c
        if digests is None:
            self.known.update({r.digest: r.bands for r in conn.execute(select(tm.digest, tm.bands))})
            self.looked = None
            return
        todo = sorted(set(digests) - self.looked)
        for chunk in chunks(todo):
            self.known.update(
                {
                    r.digest: r.bands
                    for r in conn.execute(select(tm.digest, tm.bands).where(tm.digest.in_(chunk)))
                }
            )
        self.looked.update(todo)

    def buckets(
        self, wordings: Sequence[set[bytes]], digests: Sequence[str], threshold: float
    ) -> list[np.ndarray]:
        """The band buckets of each wording (a set of shingles, with its :func:`digest`), hashing
        only the ones not known (each must have been fetched)."""
        looked = self.looked
        assert looked is None or all(d in looked or d in self.new for d in digests), "buckets not fetched"
        missing = [i for i, d in enumerate(digests) if d not in self.known and d not in self.new]
        for i, sig in zip(missing, mh.signatures([wordings[i] for i in missing]), strict=True):
            self.new[digests[i]] = mh.buckets(sig, threshold)
        out = []
        for d in digests:
            got = self.new.get(d)
            out.append(got if got is not None else mh.buckets_from_bytes(self.known[d]))
        return out

    def write(self, conn: Connection) -> None:
        tm = t.text_minhash
        if self.full:
            conn.execute(delete(tm))
        bulk_insert(conn, tm, [{"digest": d, "bands": mh.buckets_to_bytes(b)} for d, b in self.new.items()])

    def sharing(self, conn: Connection, mine: Sequence[np.ndarray]) -> set[str]:
        """The stored wordings sharing a band bucket with one of ``mine`` (bucket arrays): one pass
        over the stored buckets (raw rows, numpy), the one read of the text stage that grows with
        the store (an index of a row per band would cost a full run millions of rows)."""
        if not mine:
            return set()
        wanted = np.stack(mine)
        width = wanted.shape[1]
        keys = [np.unique(wanted[:, band]) for band in range(width)]
        tm = t.text_minhash.c
        digests, blobs = [], []
        for d, raw in raw_rows(conn, select(tm.digest, tm.bands)):
            digests.append(d)
            blobs.append(bytes(raw))
        if not digests:
            return set()
        table = np.frombuffer(b"".join(blobs), dtype="<i8").reshape(-1, width)
        hit = np.zeros(len(digests), dtype=bool)
        for band in range(width):
            col, k = table[:, band], keys[band]
            at = np.minimum(np.searchsorted(k, col), len(k) - 1)
            hit |= k[at] == col
        return {digests[i] for i in np.flatnonzero(hit).tolist()}


def digest(shingles: Iterable[bytes]) -> str:
    """A key of a set of shingles, whatever order it is iterated in."""
    h = hashlib.sha1()
    for s in sorted(shingles):
        h.update(s)
        h.update(b"\x1f")
    return h.hexdigest()
