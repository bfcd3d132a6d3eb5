"""Which outlets of the store each figure's claim names, kept between runs (migration 0016).

A figure whose claim names an outlet of the store (in its chain after the outlet itself, or in
its sentence) links its metric or story to a citation bucket (reconcile/parts.py). Reducing every
claim's chain and sentence to an outlet key to find that is most of the parts graph's cost at
100,000 articles, so the outlet keys a claim names are stored (``claim_outlets``, only claims
that name one) with the outlet keys of the store they were looked for (``reconcile_state``
``claim_outlet_names``, with the rules' digest). A claim's answer depends on its text and chain
(a new extract run of its article, which the text stage's change detection sees: ``changed``) and
on the store's outlet names: a name gone is taken out of every stored answer (what a claim names
among fewer names is what it named among more, less the others); a new name is looked for in
every claim, but only where the claim's text holds its first word (a plain substring test; the
outlet key is worked out only then). Without stored answers, or after a rules change, every claim
is looked at again (named in the run's fall-backs).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from sqlalchemy import delete, insert, select
from sqlalchemy.engine import Connection

from newsledger.reconcile.bulk import bulk_insert, delete_pairs
from newsledger.reconcile.clusters import _OutletNames
from newsledger.reconcile.loader import ClaimRec, raw_rows
from newsledger.reconcile.normalize import outlet_key
from newsledger.store import tables as t

STATE = "claim_outlet_names"  # reconcile_state: the outlet keys and rules the stored answers hold
_FIRST_RUN = re.compile(r"[a-z0-9]+")
Named = frozenset[str]


def named_by(claim: ClaimRec, names: _OutletNames) -> Named:
    """The outlet keys among ``names`` that ``claim``'s chain (after its first source) or sentence names."""
    texts = [outlet_key(s.name) for s in claim.sources[1:]] + [outlet_key(claim.text)]
    return frozenset().union(*(names.named(x) for x in texts))


def naming(claims: Iterable[ClaimRec], new: set[str]) -> set[str]:
    """The articles of ``claims`` that name one of the ``new`` outlet keys (as
    :meth:`ClaimOutlets.resolve` looks for a new outlet)."""
    if not new:
        return set()
    fresh = _OutletNames(new)
    firsts = tuple(sorted({m.group() for k in new if (m := _FIRST_RUN.match(k))}))
    return {c.article_id for c in claims if _may_name(c, firsts) and named_by(c, fresh)}


def _may_name(claim: ClaimRec, firsts: tuple[str, ...]) -> bool:
    """False only when ``claim`` cannot name a key starting with one of ``firsts`` (the first
    letter-digit run of a key's first word): an ASCII text holds it, apostrophes left out, wherever
    its outlet key does (folding an ASCII text only lower-cases it; the key drops apostrophes and
    a possessive 's)."""
    for text in [claim.text, *(s.name for s in claim.sources[1:])]:
        if not text.isascii():
            return True
        low = text.lower().replace("'", "").replace("`", "")
        if any(f in low for f in firsts):
            return True
    return False


@dataclass
class ClaimOutlets:
    """The stored answers (claim gid -> outlet keys named) and this run's."""

    stored: dict[str, Named]
    names: frozenset[str] | None  # the outlet keys the stored answers were computed for (None: none)
    rules: str
    answers: dict[str, Named] = field(default_factory=dict)  # this run's, non-empty ones
    current: frozenset[str] = frozenset()
    computed: int = 0  # claims whose chain and sentence this run reduced to outlet keys
    fallback: str | None = None

    @classmethod
    def load(cls, conn: Connection, rules: str, *, full: bool) -> ClaimOutlets:
        if full:
            return cls({}, None, rules)
        st = t.reconcile_state.c
        value = conn.execute(select(st.value).where(st.name == STATE)).scalar()
        state = json.loads(value) if value else {}
        if state.get("rules") != rules:
            return cls({}, None, rules, fallback="claim outlets: the rules changed" if state else None)
        co = t.claim_outlets.c
        stored = {
            f"{a}:{c}": frozenset(names.split("\n"))
            for a, c, names in raw_rows(conn, select(co.article_id, co.claim_id, co.names))
        }
        return cls(stored, frozenset(state["names"]), rules)

    def resolve(self, claims: Iterable[ClaimRec], outlets: set[str], changed: set[str]) -> dict[str, Named]:
        """What each of ``claims`` names among ``outlets``, worked out again only for the claims of
        ``changed`` articles and, for a new outlet name, the claims whose text may hold it."""
        self.current = frozenset(outlets)
        every = _OutletNames(outlets)
        if self.names is None:
            for claim in claims:
                self._answer(claim.gid, named_by(claim, every))
            return self.answers
        gone = self.names - self.current
        new = self.current - self.names
        fresh = _OutletNames(set(new))
        firsts = tuple(sorted({m.group() for k in new if (m := _FIRST_RUN.match(k))}))
        for claim in claims:
            gid = claim.gid
            if claim.article_id in changed:
                self._answer(gid, named_by(claim, every))
                continue
            got = self.stored.get(gid, frozenset())
            if gone and got:
                got = got - gone
            if new and _may_name(claim, firsts):
                got = got | named_by(claim, fresh)
            if got:
                self.answers[gid] = got
        return self.answers

    def keep(
        self,
        present: Mapping[str, object],
        articles: set[str],
        claims: Iterable[ClaimRec],
        outlets: set[str],
        changed: set[str],
    ) -> dict[str, Named]:
        """As :meth:`resolve`, given only the ``claims`` with a figure of ``articles`` (every
        article whose answers may differ from the stored ones): every stored answer of another
        article still ``present`` is kept as it is."""
        assert self.names is not None, "only with stored answers"
        for gid, got in self.stored.items():
            aid = gid.split(":", 1)[0]
            if aid in present and aid not in articles:
                self.answers[gid] = got
        self.resolve(claims, outlets, changed)
        return self.answers

    def _answer(self, gid: str, named: Named) -> None:
        self.computed += 1
        if named:
            self.answers[gid] = named

    def write(self, conn: Connection) -> None:
        """Store this run's answers: only those that differ from the stored ones, unless every claim
        was looked at (then all of them)."""
        co, st = t.claim_outlets, t.reconcile_state
        conn.execute(delete(st).where(st.c.name == STATE))
        value = json.dumps({"rules": self.rules, "names": sorted(self.current)})
        conn.execute(insert(st).values(name=STATE, value=value))
        if self.names is None:
            conn.execute(delete(co))
            changed = self.answers
        else:
            stale = [
                g
                for g in self.stored.keys() | self.answers.keys()
                if self.stored.get(g) != self.answers.get(g)
            ]
            delete_pairs(conn, co, "article_id", "claim_id", [tuple(g.split(":", 1)) for g in stale])
            changed = {g: self.answers[g] for g in stale if g in self.answers}
        rows = (
            {"article_id": g.split(":", 1)[0], "claim_id": g.split(":", 1)[1], "names": "\n".join(sorted(n))}
            for g, n in changed.items()
        )
        bulk_insert(conn, co, rows)
