"""Every span of an article worth marking up, with the facts its tooltip shows (pure, no I/O)."""

from __future__ import annotations

from newsledger.contract import Article, Claim, Hedge
from newsledger.format import chain_text, number
from newsledger.reconcile.model import Highlight
from newsledger.reconcile.sources import notable_claims


def _num(v: float | None) -> str:
    return number(v, missing="")


def _voice(hedge: Hedge) -> str:
    """ ", quoted: <speaker>" for a hedge inside quotation marks (the speaker's, not the reporter's)."""
    if hedge.voice != "quoted":
        return ""
    return f", quoted: {hedge.speaker}" if hedge.speaker else ", quoted"


def _claim_map(article: Article) -> dict[str, Claim]:
    return {c.id: c for c in article.claims}


def article_highlights(article: Article) -> list[Highlight]:
    """Figures, quotes, claims, hedges and sources of ``article`` as highlights, in text order."""
    claims = _claim_map(article)
    notable = notable_claims(article)
    out: list[Highlight] = []
    for i, f in enumerate(article.figures):
        claim = claims.get(f.claim) if f.claim else None
        data = {
            "value": _num(f.value),
            "low": _num(f.low),
            "high": _num(f.high),
            "approx": f.approx,
            "unit": f.unit or "",
            "counted": f.counted or "",
            "category": f.category,
            "period": f.period or "",
            "claim": f.claim or "",
            "chain": chain_text(claim.sources) if claim else "",
        }
        parts = [f"figure {f.text!r}", f"value {_num(f.value) or '?'} ({f.approx})"]
        parts += [f"{k}: {data[k]}" for k in ("unit", "counted", "category", "period", "chain") if data[k]]
        out.append(Highlight(f.start, f.end, "figure", f"f{i}", " · ".join(parts), data))
    for i, q in enumerate(article.quotes):
        claim = claims.get(q.claim) if q.claim else None
        data = {
            "kind": q.kind,
            "speaker": q.speaker or "",
            "cue": q.cue or "",
            "addressee": q.addressee or "",
            "medium": q.medium or "",
            "claim": q.claim or "",
            "chain": chain_text(claim.sources) if claim else "",
            "confidence": _num(q.confidence),
        }
        parts = [f"{q.kind} quote", f"speaker: {q.speaker or 'unknown'}"]
        parts += [f"{k}: {data[k]}" for k in ("cue", "addressee", "medium", "chain") if data[k]]
        if q.confidence < 1.0:
            parts.append(f"confidence: {q.confidence:.2f}")
        out.append(Highlight(q.start, q.end, "quote", f"q{i}", " · ".join(parts), data))
    for c in article.claims:
        chain = chain_text(c.sources)
        data = {
            "claim": c.id,
            "chain": chain,
            "verification": c.verification,
            "cue": c.cue or "",
            "hedges": "; ".join(h.text for h in c.hedges),
            "notable": "1" if c.id in notable else "0",  # carries a figure, an attribution or a hedge
        }
        title = f"claim {c.id} · via {chain or 'no named source'} · {c.verification}"
        out.append(Highlight(c.start, c.end, "claim", c.id, title, data))
        for j, h in enumerate(c.hedges):
            out.append(
                Highlight(
                    h.start,
                    h.end,
                    "hedge",
                    f"{c.id}.h{j}",
                    f"{h.kind}: {h.text!r} (claim {c.id}{_voice(h)})",
                    {"kind": h.kind, "claim": c.id, "voice": h.voice},
                )
            )
        for j, s in enumerate(c.sources):
            if s.start is None or s.end is None:
                continue
            out.append(
                Highlight(
                    s.start,
                    s.end,
                    "source",
                    f"{c.id}.s{j}",
                    f"source ({s.type}) of claim {c.id}: {s.name} · link {j} of {chain}",
                    {"name": s.name, "type": s.type, "claim": c.id, "position": str(j)},
                )
            )
    n = len(article.text)
    valid = [h for h in out if 0 <= h.start < h.end <= n]
    valid.sort(key=lambda h: (h.start, -h.end, h.kind, h.id))
    return valid
