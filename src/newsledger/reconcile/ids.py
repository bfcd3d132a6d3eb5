"""Ids of the cross-article ledger: unique and stable by construction.

Every id the ledger writes (metrics, value groups, claim clusters, contradictions) is a hash of
``(kind, canonical key, origin)``:

* ``kind`` names the table the id lives in, so two tables never share an id;
* the canonical key is what makes the thing itself (a metric's category, counted noun, place,
  period and unit; a value of that metric; the normalised wording of a claim); never a label,
  never a database row id, never anything that depends on the order articles were stored in;
* the origin is the article the thing starts from (the first report), so a later report joining a
  cluster leaves its id unchanged, and an earlier report arriving later gives it a new one.

The builders below key their results by this id, so two things with the same id are one thing
(merged), never two rows that collide on insert.
"""

from __future__ import annotations

import hashlib

ID_LENGTH = 12


def ledger_id(kind: str, key: str, origin: str = "") -> str:
    """The id of a ledger row of ``kind`` for ``key``, first reported by article ``origin``."""
    raw = "\x1f".join((kind, key, origin))
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:ID_LENGTH]


def value_key(value: float | None) -> str:
    """A canonical text for a figure's value: 12000.0, 12000 and 1.2e4 give the same key."""
    if value is None:
        return "none"
    return f"{value:.6g}"
