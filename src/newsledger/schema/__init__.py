"""The JSON Schema of the output contract, and a validator that also checks offsets."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator


@lru_cache(maxsize=1)
def article_schema() -> dict[str, Any]:
    raw = resources.files("newsledger.schema").joinpath("article.schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(raw)
    return schema


def validation_errors(obj: dict[str, Any]) -> list[str]:
    """Schema violations plus offset checks (every span lies inside ``text`` and matches its surface)."""
    validator = Draft202012Validator(article_schema())
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(obj)]
    if errors:
        return errors
    text = obj["text"]
    n = len(text)
    for kind in ("entities", "figures", "quotes", "claims"):
        for i, item in enumerate(obj[kind]):
            s, e = item["start"], item["end"]
            if not 0 <= s < e <= n:
                errors.append(f"{kind}/{i}: span {s}-{e} outside the text (length {n})")
            elif text[s:e] != item["text"]:
                errors.append(f"{kind}/{i}: text {item['text']!r} != text[{s}:{e}] {text[s:e]!r}")
    for i, claim in enumerate(obj["claims"]):
        for j, h in enumerate(claim["hedges"]):
            if text[h["start"] : h["end"]] != h["text"]:
                errors.append(f"claims/{i}/hedges/{j}: text does not match its offsets")
        for j, src in enumerate(claim["sources"]):
            if src["start"] is not None and not 0 <= src["start"] < src["end"] <= n:
                errors.append(f"claims/{i}/sources/{j}: span outside the text")
    return errors
