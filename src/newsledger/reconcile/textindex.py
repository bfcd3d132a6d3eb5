"""The stored wording index of the text stage (migration 0018): indexed lookups instead of passes.

A scoped run of the wording graph (reconcile/wording.py) needs, for the few changed articles, the
stored nodes their new wordings meet and the stored components their old nodes were in. Each is
an indexed lookup here, so the run reads only what the changed articles touch:

* ``text_wordings``: each stored node's wording digests (the same wording);
* ``text_grams``: a 63-bit hash of each word n-gram of each stored quotation node (a quotation
  that is part of another shares its n-grams);
* ``text_nodes`` by ``component`` (the nodes of a component taken apart);
* the claims and direct quotations of given articles (``ix_claims_article``, ``ix_quotes_article``).

The index is written in the run's transaction with the nodes it describes; ``reconcile_state``
``text_index`` says a run stored it (a store upgraded to 0018 has nodes without an index: its
first run computes the whole graph and says so).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator, Sequence
from sys import intern
from typing import Any

from sqlalchemy import and_, delete, exists, func, insert, select
from sqlalchemy.engine import Connection

from newsledger.contract import Source
from newsledger.reconcile.bulk import delete_pairs, insert_tuples
from newsledger.reconcile.incremental import chunks
from newsledger.reconcile.loader import ClaimRec, Corpus, QuoteRec, raw_rows
from newsledger.store import tables as t

STATE = "text_index"  # reconcile_state: a run stored the wording index with the nodes
VERSION = "1"

Node = tuple[str, str]  # (component, digests of its wordings, space-separated)


def gram_key(gram: str) -> int:
    """A 32-bit key of a quotation n-gram (CRC-32: cheap for the million n-grams of a full run; a
    collision can only add a candidate, which is checked exactly)."""
    return zlib.crc32(gram.encode())


def split(gid: str) -> tuple[str, str]:
    article_id, claim_id = gid.split(":", 1)
    return article_id, claim_id


def has_index(conn: Connection) -> bool:
    st = t.reconcile_state.c
    return conn.execute(select(st.value).where(st.name == STATE)).scalar() == VERSION


def _nodes(conn: Connection, where: Any) -> Iterator[tuple[str, Node]]:
    tn = t.text_nodes.c
    for aid, cid, component, digests in conn.execute(
        select(tn.article_id, tn.claim_id, tn.component, tn.digests).where(where)
    ):
        yield f"{aid}:{cid}", (component, digests)


def nodes_of_articles(conn: Connection, articles: Iterable[str]) -> dict[str, Node]:
    out: dict[str, Node] = {}
    for ids in chunks(sorted(set(articles))):
        out.update(_nodes(conn, t.text_nodes.c.article_id.in_(ids)))
    return out


def nodes_of_components(conn: Connection, labels: Iterable[str]) -> dict[str, Node]:
    out: dict[str, Node] = {}
    for ids in chunks(sorted(set(labels))):
        out.update(_nodes(conn, t.text_nodes.c.component.in_(ids)))
    return out


def every_node(conn: Connection) -> dict[str, Node]:
    tn = t.text_nodes.c
    return {
        f"{aid}:{cid}": (component, digests)
        for aid, cid, component, digests in raw_rows(
            conn, select(tn.article_id, tn.claim_id, tn.component, tn.digests)
        )
    }


def components_of_digests(conn: Connection, digests: Iterable[str]) -> set[str]:
    """The stored components with a node carrying one of ``digests``."""
    tw, tn = t.text_wordings.c, t.text_nodes.c
    out: set[str] = set()
    for ds in chunks(sorted(set(digests))):
        stmt = (
            select(tn.component)
            .distinct()
            .join_from(
                t.text_wordings,
                t.text_nodes,
                and_(tn.article_id == tw.article_id, tn.claim_id == tw.claim_id),
            )
            .where(tw.digest.in_(ds))
        )
        out.update(r[0] for r in conn.execute(stmt))
    return out


def nodes_of_grams(conn: Connection, grams: Iterable[int]) -> set[str]:
    """The stored quotation nodes with an n-gram among ``grams`` (keys)."""
    tg = t.text_grams.c
    out: set[str] = set()
    for chunk in chunks(sorted(set(grams))):
        out.update(
            f"{a}:{c}" for a, c in conn.execute(select(tg.article_id, tg.claim_id).where(tg.gram.in_(chunk)))
        )
    return out


def claims_of_articles(conn: Connection, articles: Iterable[str]) -> dict[tuple[str, str], ClaimRec]:
    """The claims (with their chains) of ``articles``, as the loader reads them."""
    c, s = t.claims.c, t.claim_sources.c
    out: dict[tuple[str, str], ClaimRec] = {}
    for ids in chunks(sorted(set(articles))):
        for aid, cid, text, start, end, verification in conn.execute(
            select(c.article_id, c.claim_id, c.text, c.start_char, c.end_char, c.verification).where(
                c.article_id.in_(ids)
            )
        ):
            aid = intern(aid)
            out[(aid, cid)] = ClaimRec(aid, intern(cid), text, start, end, intern(verification))
        for aid, cid, name, kind, start, end in conn.execute(
            select(s.article_id, s.claim_id, s.name, s.type, s.start_char, s.end_char)
            .where(s.article_id.in_(ids))
            .order_by(s.article_id, s.claim_id, s.position)
        ):
            claim = out.get((aid, cid))
            if claim is not None:
                claim.sources.append(Source(intern(name), intern(kind), start, end))
    return out


def ensure_claims(conn: Connection, corpus: Corpus, articles: Iterable[str] | None) -> None:
    """Read into ``corpus.claims`` the claims (with chains) of ``articles`` (None: of every
    article) that a loader reading no claim left out (``corpus.claims_read``); a claim already
    there is kept as it is."""
    if corpus.claims_read is None:
        return
    done = corpus.claims_read
    want = [a for a in (corpus.articles if articles is None else set(articles)) if a not in done]
    keep_claims(corpus, claims_of_articles(conn, want), want)
    if articles is None:
        corpus.claims_read = None


def keep_claims(corpus: Corpus, claims: dict[tuple[str, str], ClaimRec], articles: Iterable[str]) -> None:
    """Keep on ``corpus`` the ``claims`` read for ``articles`` (every claim of each), so no stage
    reads them again (:func:`ensure_claims`); a claim already there is kept as it is."""
    for key, claim in claims.items():
        corpus.claims.setdefault(key, claim)
    if corpus.claims_read is not None:
        corpus.claims_read.update(articles)


def quotes_of_articles(conn: Connection, articles: Iterable[str] | None) -> list[QuoteRec]:
    """The quotations of ``articles`` (None: every one), in stored order."""
    q = t.quotes.c
    stmt = select(q.article_id, q.text, q.kind, q.claim_id).order_by(q.id)
    if articles is None:
        return [QuoteRec(intern(a), text, intern(k), c) for a, text, k, c in raw_rows(conn, stmt)]
    out: list[QuoteRec] = []
    for ids in chunks(sorted(set(articles))):
        out.extend(
            QuoteRec(intern(a), text, intern(k), c)
            for a, text, k, c in conn.execute(stmt.where(q.article_id.in_(ids)))
        )
    return out


def count_claims(conn: Connection) -> int:
    return int(conn.execute(select(func.count()).select_from(t.claims)).scalar_one())


def count_nodes(conn: Connection) -> tuple[int, int]:
    """(claim nodes the stored claims and direct quotations make, stored nodes): two counts."""
    c, q = t.claims.c, t.quotes.c
    claims = count_claims(conn)
    quoted = (
        select(q.article_id, q.claim_id)
        .where(q.claim_id.is_not(None), q.claim_id != "", q.kind != "indirect")
        .where(~exists(select(c.claim_id).where(c.article_id == q.article_id, c.claim_id == q.claim_id)))
        .distinct()
        .subquery()
    )
    alone = conn.execute(select(func.count()).select_from(quoted)).scalar_one()
    stored = conn.execute(select(func.count()).select_from(t.text_nodes)).scalar_one()
    return int(claims) + int(alone), int(stored)


def changed_candidates(conn: Connection) -> tuple[set[str], set[str]]:
    """(articles whose extract run is not the one stored with their fingerprint, or that have none;
    stored fingerprints of articles gone): the only articles whose nodes can differ from the stored
    ones (a saved article gets a new extract run), found by two anti-joins."""
    a, ta = t.articles.c, t.text_articles.c
    stmt = (
        select(a.id)
        .select_from(t.articles.outerjoin(t.text_articles, ta.article_id == a.id))
        .where(
            (ta.article_id.is_(None))
            | ta.extract_run_id.is_(None)
            | a.extract_run_id.is_(None)
            | (ta.extract_run_id != a.extract_run_id)
        )
    )
    present = {r[0] for r in conn.execute(stmt)}
    gone = select(ta.article_id).where(~exists(select(a.id).where(a.id == ta.article_id)))
    return present, {r[0] for r in conn.execute(gone)}


def stored_prints(conn: Connection, articles: Iterable[str]) -> dict[str, tuple[str, int | None]]:
    """The stored (fingerprint, extract run) of ``articles`` (fingerprint "": no nodes then)."""
    ta = t.text_articles.c
    out: dict[str, tuple[str, int | None]] = {}
    for ids in chunks(sorted(set(articles))):
        for aid, fingerprint, run in conn.execute(
            select(ta.article_id, ta.fingerprint, ta.extract_run_id).where(ta.article_id.in_(ids))
        ):
            out[aid] = (fingerprint, run)
    return out


def count_prints(conn: Connection) -> int:
    """Stored fingerprints of articles with nodes."""
    ta = t.text_articles.c
    return int(
        conn.execute(
            select(func.count()).select_from(t.text_articles).where(ta.fingerprint != "")
        ).scalar_one()
    )


def write_index(
    conn: Connection,
    rows: Sequence[tuple[str, str, tuple[str, ...]]],
    grams: dict[str, set[int]],
    dropped: Iterable[str],
    *,
    rebuilt: bool,
) -> None:
    """Store the wordings and quotation n-grams of the nodes ``rows`` (gid, component, digests),
    after deleting those of ``dropped`` nodes (every one when ``rebuilt``); in key order (on SQLite
    the tables have no rowid: the key is the row, and appending in order is cheapest)."""
    tw, tg, st = t.text_wordings, t.text_grams, t.reconcile_state
    if rebuilt:
        conn.execute(delete(tw))
        conn.execute(delete(tg))
    else:
        keys = [split(g) for g in dropped]
        delete_pairs(conn, tw, "article_id", "claim_id", keys)
        delete_pairs(conn, tg, "article_id", "claim_id", keys)
    wordings = sorted({(d, *split(gid)) for gid, _, digests in rows for d in digests})
    insert_tuples(conn, tw, ("digest", "article_id", "claim_id"), wordings)
    ngrams = sorted({(k, *split(gid)) for gid, ks in grams.items() for k in ks})
    insert_tuples(conn, tg, ("gram", "article_id", "claim_id"), ngrams)
    conn.execute(delete(st).where(st.c.name == STATE))
    conn.execute(insert(st).values(name=STATE, value=VERSION))
