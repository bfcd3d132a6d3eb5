"""What the learned attribution model changes in real output: the rules alone beside rules + model.

Runs the same articles twice (``attribution_model`` off, then on) and compares their quotes:

* **speakers kept**: every quote of the rules with a speaker, whose content the model run still
  has (the same words, or one of them holding the other) with the same speaker; a lost or changed
  speaker is listed;
* **pronoun speakers**: quotes of the model run whose speaker is a bare pronoun ("he", "they"):
  there must be none (an unresolved pronoun gives no speaker);
* **added**: quotes only the model run has, with their speaker and confidence, for review.

    .venv/bin/python benchmarks/model_vs_rules.py [PATH ...] [--list]

PATH defaults to ../shared/seeds (the five real seed articles) and the bundled examples.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import replace
from pathlib import Path

from newsledger.config import settings
from newsledger.contract import Article, Quote
from newsledger.data import load_yaml
from newsledger.errors import InputError
from newsledger.ingest import read_inputs
from newsledger.pipeline import extract_articles

ROOT = Path(__file__).resolve().parents[1]
_PRONOUNS = frozenset(w for group in load_yaml("roles.yaml")["pronouns"].values() for w in group)
_WORD = re.compile(r"\w+")


def default_paths() -> list[str]:
    paths = [ROOT.parent / "shared" / "seeds", ROOT / "examples" / "text", ROOT / "examples" / "html"]
    return [str(p) for p in paths if p.exists()]


def _run(paths: list[str], model: bool) -> list[Article]:
    raws = [r for r in read_inputs(paths) if not isinstance(r, InputError)]
    config = replace(settings(), attribution_model=model)
    return [a for a in extract_articles(raws, workers=1, config=config) if isinstance(a, Article)]


def _same(a: Quote, b: Quote) -> bool:
    """The same content: the two share at least half of the shorter one's characters."""
    shared = min(a.end, b.end) - max(a.start, b.start)
    return shared > 0 and shared >= 0.5 * min(a.end - a.start, b.end - b.start)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*")
    ap.add_argument("--list", action="store_true", help="print every lost speaker and added quote")
    args = ap.parse_args(argv)
    paths = args.paths or default_paths()
    rules, both = _run(paths, False), _run(paths, True)
    kept = lost = pronouns = added = 0
    for r_art, m_art in zip(rules, both, strict=True):
        for q in r_art.quotes:
            if not q.speaker:
                continue
            matches = [m for m in m_art.quotes if _same(q, m)]
            match = next((m for m in matches if m.speaker == q.speaker), matches[0] if matches else None)
            if match is not None and match.speaker == q.speaker:
                kept += 1
            else:
                lost += 1
                if args.list:
                    got = match.speaker if match is not None else "(content gone)"
                    print(f"LOST {r_art.id}: {q.speaker!r} -> {got!r}: {q.text[:70]!r}")
        for m in m_art.quotes:
            if m.speaker and m.speaker.lower() in _PRONOUNS:
                pronouns += 1
                print(f"PRONOUN {m_art.id}: {m.speaker!r}: {m.text[:70]!r}")
            if not any(_same(q, m) for q in r_art.quotes):
                added += 1
                if args.list:
                    print(f"ADDED {m_art.id}: {m.kind} {m.speaker!r} ({m.cue!r}): {m.text[:80]!r}")
    print(
        f"{len(rules)} articles: speakers kept {kept}, lost or changed {lost}; "
        f"pronoun speakers with the model {pronouns}; quotes added by the model {added}"
    )
    return 0 if lost == 0 and pronouns == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
