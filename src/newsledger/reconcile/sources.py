"""Sources: what each source said, in one article (grouped for the facts panel) and across articles.

:func:`article_groups` groups one article's notable claims by their innermost source (who the
outlet says said it), with the figures and hedges they carry. :func:`source_report` gathers every
claim that cites one source across the ledger (the source page and its CSV): by its name, or by
any name of the ledger entity it is (``ledger_entities.aliases``), case folded.

A claim is *notable* when it carries a figure, an attribution beyond the outlet itself, or a
hedge: those are the claims the article page underlines (a toggle shows the others).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, or_, select

from newsledger.contract import Article, Claim, Figure, Hedge, Quote, Source
from newsledger.store import tables as t
from newsledger.store.repo import Store

MAX_ROWS = 2000


def notable_claims(article: Article) -> set[str]:
    """Ids of the claims that carry a figure, an attribution beyond the outlet, or a hedge."""
    with_figure = {f.claim for f in article.figures if f.claim}
    return {c.id for c in article.claims if c.id in with_figure or len(c.sources) > 1 or c.hedges}


@dataclass
class SourceGroup:
    """One source of an article and what the article attributes to it."""

    name: str
    type: str
    claims: list[Claim] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    hedges: list[tuple[str, Hedge]] = field(default_factory=list)  # (claim id, hedge)


def article_groups(article: Article) -> list[SourceGroup]:
    """The article's notable claims grouped by innermost source, in order of first appearance."""
    notable = notable_claims(article)
    groups: dict[tuple[str, str], SourceGroup] = {}
    key_of: dict[str, tuple[str, str]] = {}
    for claim in article.claims:
        if claim.id not in notable:
            continue
        outlet = Source(article.outlet or "no named source", "unspecified")
        last = claim.sources[-1] if claim.sources else outlet
        key = (last.name, last.type)
        group = groups.setdefault(key, SourceGroup(last.name, last.type))
        group.claims.append(claim)
        group.hedges.extend((claim.id, h) for h in claim.hedges)
        key_of[claim.id] = key
    loose = SourceGroup("no claim (figures the text states itself)", "unspecified")
    for fig in article.figures:
        found = key_of.get(fig.claim or "")
        (groups[found] if found else loose).figures.append(fig)
    for quote in article.quotes:
        found = key_of.get(quote.claim or "")
        if found:
            groups[found].quotes.append(quote)
    out = list(groups.values())
    return [*out, loose] if loose.figures else out


@dataclass(frozen=True)
class SourceRow:
    """One claim that cites the source, with its article, chain and the figures it carries."""

    article_id: str
    outlet: str | None
    published: str | None
    title: str | None
    claim_id: str
    text: str
    start: int
    end: int
    source: str  # the name the claim gives the source
    source_type: str
    position: int  # its place in the chain (1: cited by the outlet itself)
    chain: tuple[Source, ...]
    verification: str
    figures: tuple[str, ...]  # surface text of each figure of the claim
    hedges: tuple[str, ...]


@dataclass(frozen=True)
class SourceReport:
    name: str
    names: tuple[str, ...]  # every name searched (the entity's aliases)
    rows: tuple[SourceRow, ...]  # earliest first
    quotes: tuple[tuple[str, str | None, str | None, Quote], ...]  # (article id, outlet, published, quote)

    @property
    def articles(self) -> int:
        return len({r.article_id for r in self.rows} | {q[0] for q in self.quotes})

    @property
    def figures(self) -> int:
        return sum(len(r.figures) for r in self.rows)


def _names(store: Store, name: str) -> tuple[str, ...]:
    """``name`` and every alias of a ledger entity that goes by it (lower case)."""
    wanted = name.strip().casefold()
    names = {wanted}
    le = t.ledger_entities.c
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(le.canonical, le.aliases).where(
                or_(
                    func.lower(le.canonical) == wanted,
                    le.aliases.like(f"%{_like(name.strip())}%", escape="\\"),
                )
            )
        ).all()
    for canonical, aliases in rows:
        found = {canonical.casefold(), *(a.casefold() for a in json.loads(aliases or "[]"))}
        if wanted in found:
            names |= found
    return tuple(sorted(names))


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def source_report(store: Store, name: str) -> SourceReport | None:
    """Every claim citing ``name`` (or another name of its entity) and every quote it spoke."""
    if not name.strip():
        return None
    names = _names(store, name)
    cs, c, a, f, q = t.claim_sources.c, t.claims.c, t.articles.c, t.figures.c, t.quotes.c
    with store.engine.connect() as conn:
        hits = conn.execute(
            select(cs.article_id, cs.claim_id, cs.name, cs.type, cs.position)
            .where(func.lower(cs.name).in_(names), cs.position > 0)
            .limit(MAX_ROWS)
        ).all()
        keys = {(h.article_id, h.claim_id): h for h in hits}
        ids = sorted({k[0] for k in keys})
        claims = conn.execute(
            select(c.article_id, c.claim_id, c.text, c.start_char, c.end_char, c.verification).where(
                c.article_id.in_(ids)
            )
        ).all()
        chains: dict[tuple[str, str], list[Source]] = defaultdict(list)
        for link in conn.execute(
            select(cs.article_id, cs.claim_id, cs.name, cs.type, cs.start_char, cs.end_char)
            .where(cs.article_id.in_(ids))
            .order_by(cs.article_id, cs.claim_id, cs.position)
        ):
            chains[(link.article_id, link.claim_id)].append(
                Source(link.name, link.type, link.start_char, link.end_char)
            )
        figs: dict[tuple[str, str], list[str]] = defaultdict(list)
        fig_rows = conn.execute(
            select(f.article_id, f.claim_id, f.text)
            .where(f.article_id.in_(ids))
            .order_by(f.article_id, f.seq)
        ).all()
        for fr in fig_rows:
            figs[(fr.article_id, fr.claim_id)].append(fr.text)
        hedges: dict[tuple[str, str], list[str]] = defaultdict(list)
        h = t.hedges.c
        for hr in conn.execute(select(h.article_id, h.claim_id, h.text).where(h.article_id.in_(ids))).all():
            hedges[(hr.article_id, hr.claim_id)].append(hr.text)
        quote_rows = conn.execute(
            select(
                q.article_id, q.text, q.start_char, q.end_char, q.kind, q.speaker, q.cue, q.claim_id,
                q.confidence,
            )
            .where(func.lower(q.speaker).in_(names))
            .limit(MAX_ROWS)
        ).all()
        all_ids = sorted(set(ids) | {r.article_id for r in quote_rows})
        meta = {
            r.id: r
            for r in conn.execute(select(a.id, a.outlet, a.published, a.title).where(a.id.in_(all_ids)))
        }
    rows = []
    for r in claims:
        hit = keys.get((r.article_id, r.claim_id))
        if hit is None:
            continue
        m = meta[r.article_id]
        key = (r.article_id, r.claim_id)
        rows.append(
            SourceRow(
                article_id=r.article_id,
                outlet=m.outlet,
                published=m.published,
                title=m.title,
                claim_id=r.claim_id,
                text=r.text,
                start=r.start_char,
                end=r.end_char,
                source=hit.name,
                source_type=hit.type,
                position=hit.position,
                chain=tuple(chains[key]),
                verification=r.verification,
                figures=tuple(figs[key]),
                hedges=tuple(hedges[key]),
            )
        )
    rows.sort(key=lambda x: (x.published or "", x.outlet or "", x.article_id, x.start))
    quotes = [
        (r.article_id, meta[r.article_id].outlet, meta[r.article_id].published,
         Quote(r.text, r.start_char, r.end_char, r.kind, r.speaker, cue=r.cue, claim=r.claim_id,
               confidence=r.confidence))
        for r in quote_rows
    ]  # fmt: skip
    quotes.sort(key=lambda x: (x[2] or "", x[1] or "", x[0], x[3].start))
    return SourceReport(name.strip(), names, tuple(rows), tuple(quotes))


CSV_COLUMNS = (
    "published", "outlet", "title", "article_id", "claim_id", "source", "source_type", "position",
    "chain", "chain_types", "claim", "figures", "hedges", "verification",
)  # fmt: skip


def csv_rows(report: SourceReport) -> list[dict[str, object]]:
    """The source page as CSV rows: lists (chain, figures, hedges) as JSON arrays, like the exports."""
    out: list[dict[str, object]] = []
    for r in report.rows:
        row: dict[str, object] = {
            "published": r.published,
            "outlet": r.outlet,
            "title": r.title,
            "article_id": r.article_id,
            "claim_id": r.claim_id,
            "source": r.source,
            "source_type": r.source_type,
            "position": r.position,
            "chain": json.dumps([s.name for s in r.chain], ensure_ascii=False),
            "chain_types": json.dumps([s.type for s in r.chain]),
            "claim": r.text,
            "figures": json.dumps(list(r.figures), ensure_ascii=False),
            "hedges": json.dumps(list(r.hedges), ensure_ascii=False),
            "verification": r.verification,
        }
        out.append(row)
    return out
