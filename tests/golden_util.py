"""Golden files: a compact, reviewable summary of the whole-article extraction of a few bundled examples.

Regenerate after an intended change with ``python -m tests.golden_util`` and review the diff.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden"
INPUTS = {
    "cpa-spring-draft": ROOT / "examples" / "text" / "2025-03-04-cpa-spring-draft-decree.txt",
    "daily-clarion-leaked-call": ROOT / "examples" / "text" / "2025-03-07-daily-clarion-leaked-call.txt",
    "harbour-standard-250000": ROOT
    / "examples"
    / "html"
    / "2025-03-03-harbour-standard-250000-contract-soldiers.html",
    "westbrook-measles": ROOT / "examples" / "text" / "2025-03-14-westbrook-chronicle-measles.txt",
}


def summarise(article: Any) -> dict[str, Any]:
    """The parts of an Article a reviewer checks: figures, quotes, attributed claims, removed kinds."""
    return {
        "title": article.title,
        "outlet": article.outlet,
        "published": article.published,
        "removed": sorted({r.kind for r in article.removed}),
        "comments": len(article.comments),
        "figures": [
            [f.text, f.value, f.low, f.high, f.approx, f.unit, f.counted, f.category, f.period]
            for f in article.figures
        ],
        "quotes": [
            [q.kind, q.text[:60], q.speaker, q.cue, q.addressee, q.medium, q.confidence]
            for q in article.quotes
        ],
        "claims": [
            [
                c.text[:60],
                [[s.name, s.type] for s in c.sources],
                [h.text for h in c.hedges],
                c.verification,
                c.kind,
                c.confidence,
            ]
            for c in article.claims
            if len(c.sources) > 1 or c.hedges or c.verification != "unknown"
        ],
        "dateline": [article.dateline_place, article.dateline_source],
        # the context read around each figure (extract/context.py): what reconcile works from
        "figure_context": [
            [
                f.text,
                f.rate,
                f.outcome,
                f.role,
                f.floor,
                f.prior,
                f.hypothetical,
                f.period_start,
                f.period_end,
                f.change,
                f.delta,
            ]
            for f in article.figures
        ],
    }


# War reporting is extracted with the conflict profile; the rest with the default (general news).
PROFILES = {
    "cpa-spring-draft": "conflict",
    "daily-clarion-leaked-call": "conflict",
    "harbour-standard-250000": "conflict",
}


def current(name: str) -> dict[str, Any]:
    from dataclasses import replace

    from newsledger.config import settings
    from newsledger.ingest import read_file
    from newsledger.nlp import load_nlp
    from newsledger.pipeline import extract_articles

    raws = read_file(INPUTS[name])
    nlp = load_nlp(replace(settings(), profile=PROFILES[name])) if name in PROFILES else None
    (article,) = list(extract_articles(raws, nlp=nlp))
    if isinstance(article, Exception):
        raise article
    return summarise(article)


def update() -> None:
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for name in INPUTS:
        path = GOLDEN / f"{name}.json"
        path.write_text(json.dumps(current(name), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    update()
