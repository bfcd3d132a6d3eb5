"""How often quotes and claims agree on who said it: a quote's speaker in the chain of its claim.

Quotes and claims read one attribution layer (docs/attribution.md), so the speaker of a quote
should be a link of the chain of the claim it sits in. This counts, over the seeds, the gold
sets and the examples (text, html, feed), the quotes with a speaker and a claim whose speaker
is in that claim's chain and those whose speaker is not. A name matches exactly (case-insensitive)
or, leniently, when the words of one (a leading "the" dropped) are a run of the other's ("the
Harbour Standard" ~ "Harbour Standard", "Arveta" ~ "Arveta Therapeutics"):

    .venv/bin/python benchmarks/speaker_in_chain.py [PATH ...] [--list]

PATH defaults to ../shared/seeds, eval/gold/set_*.jsonl and examples/ (text, html, feed.jsonl).
``--list`` prints each disagreement (article, quote speaker, claim chain).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from newsledger.contract import Article
from newsledger.errors import InputError
from newsledger.ingest import read_inputs
from newsledger.pipeline import extract_articles

ROOT = Path(__file__).resolve().parents[1]


def default_paths() -> list[str]:
    paths = [ROOT.parent / "shared" / "seeds", *sorted((ROOT / "eval" / "gold").glob("set_*.jsonl"))]
    paths += [ROOT / "examples" / "text", ROOT / "examples" / "html", ROOT / "examples" / "feed.jsonl"]
    return [str(p) for p in paths if p.exists()]


def _words(name: str) -> list[str]:
    words = name.lower().split()
    return words[1:] if words[:1] == ["the"] else words


def _run_of(short: list[str], long: list[str]) -> bool:
    n = len(short)
    return n > 0 and any(long[k : k + n] == short for k in range(len(long) - n + 1))


def lenient(a: str, b: str) -> bool:
    """Whether one name's words (a leading "the" dropped) are a run of the other's."""
    x, y = _words(a), _words(b)
    return _run_of(x, y) or _run_of(y, x)


def agreement(article: Article) -> tuple[int, int, list[str]]:
    """(quotes whose speaker is in their claim's chain, those leniently so, one line per quote
    whose speaker is not even leniently)."""
    claims = {c.id: c for c in article.claims}
    agree, near, disagree = 0, 0, []
    for quote in article.quotes:
        claim = claims.get(quote.claim or "")
        if not quote.speaker or claim is None:
            continue
        names = [s.name.lower() for s in claim.sources]
        if quote.speaker.lower() in names:
            agree += 1
        elif any(lenient(quote.speaker, s.name) for s in claim.sources[1:]):
            near += 1
        else:
            chain = " > ".join(s.name for s in claim.sources)
            disagree.append(f"{article.url or article.path or article.id}: {quote.speaker!r} vs [{chain}]")
    return agree, near, disagree


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", help="files or folders (default: seeds, gold sets, examples)")
    parser.add_argument("--list", action="store_true", help="print each disagreement")
    args = parser.parse_args(argv)
    raws = [r for r in read_inputs(args.paths or default_paths()) if not isinstance(r, InputError)]
    agree, near, disagree = 0, 0, []
    for article in extract_articles(raws, workers=1):
        if isinstance(article, InputError):
            print(f"skipped: {article}", file=sys.stderr)
            continue
        a, n, d = agreement(article)
        agree += a
        near += n
        disagree += d
    if args.list:
        print("\n".join(disagree))
    print(
        f"articles {len(raws)}  speaker in chain: exactly {agree}, leniently {agree + near}"
        f"  not in chain: {len(disagree)}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
