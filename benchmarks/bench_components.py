"""CPU time of newsledger's own pipeline components and of named hot functions.

Runs the full pipeline over a fixed corpus (the bundled examples, the gold sets, the stream
fixture and ../shared/seeds when present) and prints, per pipeline component and per function
listed in HOT, the CPU seconds (``time.process_time``) spent inside it, outermost calls only.
CPU time, not cProfile: cProfile overstates code that creates many spaCy Tokens.

    python benchmarks/bench_components.py [--reps 1]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

# (module, attribute): functions or methods to time; "Class.method" names a method
HOT = [
    ("newsledger.extract.mentions", "make_mention"),
    ("newsledger.extract.sourcelinks", "register_names"),
    ("newsledger.extract.cues", "CueFinder.__init__"),
    ("newsledger.extract.mentionindex", "MentionIndex.__init__"),
    ("newsledger.extract.claims", "extract_claims"),
    ("newsledger.extract.indirect", "find_indirect"),
    ("newsledger.extract.quoted", "attribute"),
    ("newsledger.extract.quotemarks", "find_quotes"),
]


def corpus_paths() -> list[str]:
    paths = [ROOT / "examples", ROOT / "tests" / "fixtures" / "stream" / "multi_outlet.jsonl"]
    paths += sorted((ROOT / "eval" / "gold").glob("*.jsonl"))
    seeds = ROOT.parent / "shared" / "seeds"
    if seeds.is_dir():
        paths.append(seeds)
    return [str(p) for p in paths if p.exists()]


class Timer:
    def __init__(self) -> None:
        self.cpu: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self._active: set[str] = set()

    def wrap(self, name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(fn)
        def timed(*args: Any, **kwargs: Any) -> Any:
            self.calls[name] += 1
            if name in self._active:  # recursion: count the outermost call only
                return fn(*args, **kwargs)
            self._active.add(name)
            t0 = time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                self.cpu[name] += time.process_time() - t0
                self._active.discard(name)

        return timed


def patch(timer: Timer) -> None:
    """Replace each HOT function by a timed wrapper, in its module and wherever it was imported."""
    from importlib import import_module

    for module_name, attr in HOT:
        module = import_module(module_name)
        if "." in attr:
            cls_name, meth = attr.split(".")
            cls = getattr(module, cls_name)
            setattr(cls, meth, timer.wrap(attr, getattr(cls, meth)))
            continue
        original = getattr(module, attr)
        timed = timer.wrap(attr, original)
        for mod in list(sys.modules.values()):
            if getattr(mod, "__name__", "").startswith("newsledger") and getattr(mod, attr, None) is original:
                setattr(mod, attr, timed)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--reps", type=int, default=1)
    args = parser.parse_args()

    from newsledger.extract._doc import prepare_doc
    from newsledger.ingest import read_inputs
    from newsledger.ingest.base import RawArticle
    from newsledger.nlp import load_nlp

    raws = [r for r in read_inputs(corpus_paths()) if isinstance(r, RawArticle)]
    nlp = load_nlp()
    timer = Timer()
    patch(timer)
    own = {name for name, _ in nlp.pipeline if name.startswith("newsledger")}
    total = 0.0
    for _ in range(args.reps):
        for raw in raws:
            doc = nlp.make_doc(raw.text)
            prepare_doc(doc, article_id="bench", outlet=raw.outlet, text=raw.text)
            for name, proc in nlp.pipeline:
                t0 = time.process_time()
                doc = proc(doc)
                spent = time.process_time() - t0
                total += spent
                if name in own:
                    timer.cpu[f"[component] {name}"] += spent
    own_total = sum(v for k, v in timer.cpu.items() if k.startswith("[component]"))
    print(f"articles: {len(raws)} x {args.reps}; whole pipeline CPU {total:.2f} s")
    print(f"newsledger components: {own_total:.2f} s CPU")
    for name, spent in sorted(timer.cpu.items(), key=lambda kv: -kv[1]):
        calls = timer.calls.get(name)
        extra = f"  ({calls} calls)" if calls else ""
        print(f"{spent:8.3f} s  {name}{extra}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
