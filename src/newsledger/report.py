"""Human-readable rendering of one article's ledger for the terminal (``newsledger show``)."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from newsledger.contract import Article
from newsledger.format import chain_text, number


def _fmt_num(value: float | None) -> str:
    return number(value, missing="")


def render_article(article: Article, console: Console) -> None:
    """Print metadata, figures, quotes and claims with their chains."""
    console.print(f"[bold]{escape(article.title or '(untitled)')}[/bold]")
    meta = [article.outlet, article.published, article.url or article.path, f"id {article.id}"]
    console.print(escape(" | ".join(m for m in meta if m)))
    console.print(
        f"{len(article.text):,} characters, {len(article.removed)} removed spans, "
        f"{len(article.comments)} reader comments{', TRUNCATED' if article.truncated else ''}"
    )
    claims = {c.id: c for c in article.claims}

    figures = Table(title="Figures", show_lines=False)
    for col in ("figure", "value", "low-high", "approx", "counted", "unit", "category", "period", "sources"):
        figures.add_column(col)
    for f in article.figures:
        claim = claims.get(f.claim or "")
        chain = chain_text(claim.sources) if claim else ""
        bounds = f"{_fmt_num(f.low)}-{_fmt_num(f.high)}" if f.low is not None or f.high is not None else ""
        figures.add_row(
            escape(f.text),
            _fmt_num(f.value),
            bounds,
            f.approx,
            escape(f.counted or ""),
            f.unit or "",
            f.category,
            f.period or "",
            escape(chain),
        )
    console.print(figures)

    quotes = Table(title="Quotes")
    for col in ("kind", "quote", "speaker", "cue", "to", "medium"):
        quotes.add_column(col)
    for q in article.quotes:
        text = q.text if len(q.text) <= 90 else q.text[:87] + "..."
        quotes.add_row(
            q.kind,
            escape(text),
            escape(q.speaker or ""),
            q.cue or "",
            escape(q.addressee or ""),
            escape(q.medium or ""),
        )
    console.print(quotes)

    table = Table(title="Attributed claims")
    for col in ("id", "claim", "chain", "hedges", "verification"):
        table.add_column(col)
    for c in article.claims:
        if len(c.sources) <= 1 and not c.hedges and c.verification == "unknown":
            continue  # the outlet's own, unhedged: shown in --json
        text = c.text if len(c.text) <= 90 else c.text[:87] + "..."
        chain = chain_text(c.sources)
        table.add_row(
            c.id, escape(text), escape(chain), escape(", ".join(h.text for h in c.hedges)), c.verification
        )
    console.print(table)
