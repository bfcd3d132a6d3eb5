"""MinHash signatures and LSH band buckets that can be stored and looked up again.

Two texts are LSH candidates when some band (a fixed slice of their MinHash signatures) is equal,
the rule of datasketch's ``MinHashLSH`` with the same threshold and number of permutations (the
bands and rows come from its own parameter search, so the candidates are the same). Here a band
is reduced to a 63-bit bucket number, a SHA-1 of the slice, so buckets can live in a database
column with an index (``article_bands``) and a new article finds its candidates with one lookup
instead of hashing every stored body again. A bucket collision without equal slices is possible
in principle; every candidate is confirmed afterwards (by signature or exact Jaccard), so it can
only cost a comparison, never change a result.

Signatures are datasketch ``MinHash`` values (seed 1), kept as ``NUM_PERM`` unsigned 32-bit
integers (the hash values datasketch computes never exceed 2**32 - 1).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from functools import cache

import numpy as np
from datasketch import MinHash
from datasketch.lsh import _optimal_param

NUM_PERM = 128
Signature = np.ndarray


def signatures(sets: Sequence[set[bytes]]) -> list[Signature]:
    """The MinHash signature of each set of shingles (``NUM_PERM`` uint32 values each)."""
    if not sets:
        return []
    return [m.hashvalues.astype(np.uint32) for m in MinHash.bulk([list(s) for s in sets], num_perm=NUM_PERM)]


def to_bytes(sig: Signature) -> bytes:
    return sig.astype("<u4").tobytes()


def from_bytes(raw: bytes) -> Signature:
    return np.frombuffer(raw, dtype="<u4").astype(np.uint32)


def jaccard(a: Signature, b: Signature) -> float:
    """The resemblance two signatures estimate (datasketch's ``MinHash.jaccard``)."""
    return float(np.count_nonzero(a == b)) / float(len(a))


@cache
def band_layout(threshold: float) -> tuple[int, int]:
    """(bands, rows per band) for ``threshold``, as datasketch's MinHashLSH picks them."""
    bands, rows = _optimal_param(threshold, NUM_PERM, 0.5, 0.5)
    return int(bands), int(rows)


def buckets(sig: Signature, threshold: float) -> np.ndarray:
    """The bucket of each band of ``sig`` (signed 63-bit integers, one per band)."""
    bands, rows = band_layout(threshold)
    raw = sig.astype("<u4").tobytes()
    width = rows * 4
    out = np.empty(bands, dtype=np.int64)
    for band in range(bands):
        digest = hashlib.sha1(raw[band * width : (band + 1) * width]).digest()
        out[band] = int.from_bytes(digest[:8], "little") >> 1
    return out


def buckets_to_bytes(values: np.ndarray) -> bytes:
    return np.asarray(values, dtype="<i8").tobytes()


def buckets_from_bytes(raw: bytes) -> np.ndarray:
    return np.frombuffer(raw, dtype="<i8").astype(np.int64)


def candidates(keys: Sequence[np.ndarray | None], bands: int) -> Iterator[tuple[int, int]]:
    """Pairs ``(i, j)``, ``i < j``, of items sharing a bucket in some band (items without buckets,
    ``None``, share none). Band by band, so memory stays one column of buckets; a pair sharing
    several bands comes once per band (callers skip pairs they have settled)."""
    rows = [i for i, ks in enumerate(keys) if ks is not None and len(ks) == bands]
    if len(rows) < 2:
        return
    table = np.stack([keys[i] for i in rows])  # type: ignore[misc]
    ids = np.asarray(rows, dtype=np.int64)
    for band in range(bands):
        column = table[:, band]
        order = np.argsort(column, kind="stable")
        ordered = column[order]
        starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
        ends = np.r_[starts[1:], len(ordered)]
        shared = ends - starts > 1
        for lo, hi in zip(starts[shared].tolist(), ends[shared].tolist(), strict=True):
            members = sorted(ids[order[lo:hi]].tolist())
            for a, i in enumerate(members):
                for j in members[a + 1 :]:
                    yield i, j
