"""Page bodies on real web pages: newsledger's stored body beside bare trafilatura.

Runs where an openly licensed page benchmark is present on disk (not in CI; the publisher pages
are never committed). The layout read is WCXB's (github:Murrough-Foley/web-content-extraction-
benchmark, CC BY 4.0): ``<split>/html/<id>.html.gz`` and ``<split>/ground-truth/<id>.json`` with
``ground_truth.main_content`` and ``_internal.page_type.primary``.

For every page it reads the body newsledger stores (``read_html_bytes``, the reader every HTML and
WARC input goes through) and the body of bare ``trafilatura.extract`` on the same bytes, and scores
both against the gold body with ScrapingHub-style token scoring: bag-of-tokens (lower-cased
``\\w+``) precision, recall and F1 per page, averaged over pages. A page newsledger skips
(``NotAnArticle``) scores 0 and is counted; on article pages every skip is a lost article.

    python benchmarks/eval_real.py /tmp/wcxb --split dev [--types article] [--worst 15]

Prints one table (pages, newsledger P/R/F1, trafilatura P/R/F1, skipped) per page type, the
``page_kind`` newsledger gave each type, and the pages where newsledger trails trafilatura most.
"skipped" counts pages newsledger did not store; "lost" those of them whose gold body is not empty
(on article pages, real articles lost). ``--dump`` writes per-page scores for a later comparison.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

_TOKEN = re.compile(r"\w+")


def tokens(text: str) -> Counter[str]:
    return Counter(_TOKEN.findall(text.lower()))


def prf(pred: str, gold: str) -> tuple[float, float, float]:
    """Bag-of-tokens precision, recall and F1 of ``pred`` against ``gold``."""
    p, g = tokens(pred), tokens(gold)
    if not g:
        return (1.0, 1.0, 1.0) if not p else (0.0, 0.0, 0.0)
    if not p:
        return 0.0, 0.0, 0.0
    overlap = sum((p & g).values())
    precision, recall = overlap / sum(p.values()), overlap / sum(g.values())
    f1 = 2 * precision * recall / (precision + recall) if overlap else 0.0
    return precision, recall, f1


@dataclass
class Tally:
    pages: int = 0
    ours: list[float] = field(default_factory=lambda: [0.0, 0.0, 0.0])
    bare: list[float] = field(default_factory=lambda: [0.0, 0.0, 0.0])
    skipped: int = 0
    lost: int = 0  # skipped although the gold has a body
    kinds: Counter[str] = field(default_factory=Counter)

    def add(self, ours: tuple[float, float, float], bare: tuple[float, float, float]) -> None:
        self.pages += 1
        for i in range(3):
            self.ours[i] += ours[i]
            self.bare[i] += bare[i]

    def mean(self, which: list[float]) -> str:
        n = max(self.pages, 1)
        return " ".join(f"{v / n:.3f}" for v in which)


def pages(root: Path, split: str, types: set[str] | None) -> Iterator[tuple[str, str, bytes, str, str]]:
    """(id, page type, html bytes, gold body, url) of every page of the split."""
    for gt in sorted((root / split / "ground-truth").glob("*.json")):
        data = json.loads(gt.read_text(encoding="utf-8"))
        internal = data.get("_internal") or {}
        kind = internal.get("page_type")
        kind = (kind.get("primary") if isinstance(kind, dict) else kind) or "article"
        kind = "collection" if kind == "category" else kind
        if types and kind not in types:
            continue
        html = root / split / "html" / f"{gt.stem}.html.gz"
        if not html.exists():
            continue
        gold = (data.get("ground_truth") or {}).get("main_content") or ""
        yield gt.stem, kind, gzip.decompress(html.read_bytes()), gold, data.get("url") or ""


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("root", type=Path, help="the benchmark's folder (holding dev/ and test/)")
    parser.add_argument("--split", default="dev")
    parser.add_argument("--types", default="", help="comma-separated page types (default: all)")
    parser.add_argument("--worst", type=int, default=10, help="list the N pages where we trail most")
    parser.add_argument("--no-url", action="store_true", help="do not pass the page URL to the readers")
    parser.add_argument("--dump", type=Path, help="write per-page scores (JSON Lines) here")
    args = parser.parse_args()
    if not (args.root / args.split / "ground-truth").is_dir():
        print(f"no {args.split}/ground-truth under {args.root}", file=sys.stderr)
        return 2

    import trafilatura

    from newsledger.errors import InputError, NotAnArticle
    from newsledger.ingest.html import read_html_bytes

    types = {t.strip() for t in args.types.split(",") if t.strip()} or None
    tallies: dict[str, Tally] = defaultdict(Tally)
    gaps: list[tuple[float, str, str, str]] = []
    dump = args.dump.open("w", encoding="utf-8") if args.dump else None
    t0 = time.perf_counter()
    for pid, kind, raw, gold, url in pages(args.root, args.split, types):
        tally = tallies[kind]
        link = None if args.no_url else (url or None)
        try:
            art = read_html_bytes(raw, f"{pid}.html", url=link)
            body, page_kind = art.text, getattr(art, "page_kind", "article")  # older versions: none
        except NotAnArticle as exc:
            body, page_kind = "", "skipped"
            tally.skipped += 1
            tally.lost += bool(tokens(gold))  # a page with no gold body has nothing to lose
            if kind == "article":
                print(f"  skipped article {pid} ({url}): {exc.reason}", file=sys.stderr)
        except InputError as exc:
            body, page_kind = "", "error"
            print(f"  error {pid}: {exc.reason}", file=sys.stderr)
        tally.kinds[page_kind] += 1
        text = raw.decode("utf-8", errors="replace")
        bare_body = trafilatura.extract(text, url=link) or ""
        ours, bare = prf(body, gold), prf(bare_body, gold)
        tally.add(ours, bare)
        gaps.append((ours[2] - bare[2], pid, kind, page_kind))
        if dump:
            dump.write(json.dumps({"id": pid, "type": kind, "page_kind": page_kind, "ours": ours,
                                   "bare": bare}) + "\n")  # fmt: skip
    if dump:
        dump.close()

    total = Tally()
    print(f"{args.split}: token P/R/F1 averaged over pages ({time.perf_counter() - t0:.0f} s)")
    print(
        f"{'type':<14}{'pages':>6}  {'newsledger P R F1':<20}{'trafilatura P R F1':<21}"
        f"{'skipped':>8}{'lost':>6}"
    )
    for kind in sorted(tallies, key=lambda k: -tallies[k].pages):
        t = tallies[kind]
        print(f"{kind:<14}{t.pages:>6}  {t.mean(t.ours):<20}{t.mean(t.bare):<21}{t.skipped:>8}{t.lost:>6}")
        total.pages += t.pages
        total.skipped += t.skipped
        total.lost += t.lost
        total.kinds.update(t.kinds)
        for i in range(3):
            total.ours[i] += t.ours[i]
            total.bare[i] += t.bare[i]
    t = total
    print(f"{'all':<14}{t.pages:>6}  {t.mean(t.ours):<20}{t.mean(t.bare):<21}{t.skipped:>8}{t.lost:>6}")
    print("page_kind per type: " + "; ".join(
        f"{k}: " + ", ".join(f"{pk} {n}" for pk, n in tallies[k].kinds.most_common()) for k in sorted(tallies)
    ))  # fmt: skip
    if args.worst:
        print("pages where newsledger trails trafilatura most (F1 difference):")
        for diff, pid, kind, page_kind in sorted(gaps)[: args.worst]:
            if diff < 0:
                print(f"  {pid} {kind:<13} {page_kind:<10} {diff:+.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
