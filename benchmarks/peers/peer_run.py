"""The run loop shared by the peer baseline scripts (quantulum3, textacy).

Reads JSON Lines articles with ``url``/``id``/``text``, calls the peer's predictor on each
text, and writes one contract-shaped article per line holding only ``field``. A crash of the
peer on one article is data: it is counted, reported on stderr, and the article gets nothing.
Prints (and optionally writes) ``{"system", "articles", "crashes", "seconds"}``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from typing import Any


def run_peer(
    system: str, field: str, predict: Callable[[str], list[dict[str, Any]]], description: str,
    argv: list[str] | None = None,
) -> int:  # fmt: skip
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--stats")
    args = ap.parse_args(argv)
    name = system.split()[0]
    crashes = 0
    articles = 0
    started = time.perf_counter()
    with open(args.input, encoding="utf-8") as src, open(args.output, "w", encoding="utf-8") as dst:
        for line in src:
            if not line.strip():
                continue
            rec = json.loads(line)
            articles += 1
            try:
                found = predict(rec["text"])
            except Exception as exc:  # a peer crash is data, not a failure of this script
                crashes += 1
                print(f"{name} crashed on {rec.get('url')}: {type(exc).__name__}: {exc}", file=sys.stderr)
                found = []
            out = {"id": rec.get("id"), "url": rec.get("url"), "text": rec["text"], field: found}
            dst.write(json.dumps(out, ensure_ascii=False) + "\n")
    stats = {"system": system, "articles": articles, "crashes": crashes,
             "seconds": round(time.perf_counter() - started, 2)}  # fmt: skip
    if args.stats:
        with open(args.stats, "w", encoding="utf-8") as fh:
            json.dump(stats, fh)
    print(json.dumps(stats))
    return 0
