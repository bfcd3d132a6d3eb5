"""Evaluation against hand-annotated gold articles (docs/eval.md).

``evaluate(gold_path, pred_path=None)`` scores predictions (the JSON Lines
output of ``newsledger extract --jsonl``) against a gold file or a directory
of gold files. Without ``pred_path`` it runs newsledger itself in-process on
the gold file, which is also a valid JSONL input.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from newsledger import __version__
from newsledger.errors import EvalError, NewsledgerError
from newsledger.eval.gold import GoldArticle, gold_files, load_gold
from newsledger.eval.report import EvalReport, check_floors, load_floors, raise_floors
from newsledger.eval.score import score_article
from newsledger.ingest.base import RawArticle, article_id

__all__ = ["EvalReport", "check_floors", "evaluate", "load_floors", "load_pred", "predict", "raise_floors"]


def evaluate(gold_path: str | Path, pred_path: str | Path | None = None) -> EvalReport:
    """Score predictions against gold.

    ``gold_path`` is a gold JSONL file or a directory of them. ``pred_path`` is
    a JSONL file of contract articles; when None, newsledger extracts the gold
    articles in-process. Pred and gold articles are paired by ``url``, falling
    back to ``id``. Gold anchors are resolved in the predicted article's text
    (the cleaned text); a gold article without a prediction is scored against
    its own text with nothing predicted. Raises EvalError for malformed files
    and for anchors that cannot be found.
    """
    gold = load_gold(gold_path)
    files = gold_files(gold_path)
    name = files[0].stem if len(files) == 1 else "all"
    if pred_path is None:
        preds = predict(gold_path)
        system = f"newsledger {__version__}"
    else:
        preds = load_pred(pred_path)
        system = ""
    by_url: dict[str, Mapping[str, Any]] = {}
    by_id: dict[str, Mapping[str, Any]] = {}
    for article in preds:
        if article.get("url"):
            by_url.setdefault(str(article["url"]), article)
        if article.get("id"):
            by_id.setdefault(str(article["id"]), article)
    report = EvalReport(name, str(gold_path), str(pred_path) if pred_path else None, system=system)
    used: set[int] = set()
    for g in gold:
        pred = _pair(g, by_url, by_id)
        if pred is None:
            report.missing_pred.append(g.key)
            text = g.text
        else:
            used.add(id(pred))
            text = str(pred.get("text") or "")
        report.articles.append(score_article(g, text, pred))
    report.extra_pred = sum(1 for p in preds if id(p) not in used)
    return report


def _pair(
    gold: GoldArticle, by_url: Mapping[str, Mapping[str, Any]], by_id: Mapping[str, Mapping[str, Any]]
) -> Mapping[str, Any] | None:
    if gold.url and gold.url in by_url:
        return by_url[gold.url]
    for key in (gold.id, article_id(gold.url, gold.text, gold.outlet), article_id(gold.url, gold.text)):
        if key and key in by_id:
            return by_id[key]
    return None


def load_pred(pred_path: str | Path) -> list[Mapping[str, Any]]:
    """Read a prediction JSONL file (one contract article per line)."""
    path = Path(pred_path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise EvalError(f"{path}: cannot read predictions: {exc}") from exc
    out: list[Mapping[str, Any]] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise EvalError(f"{path}:{number}: not valid JSON: {exc.msg}") from exc
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
            raise EvalError(f"{path}:{number}: a prediction must be a contract article object with 'text'")
        out.append(obj)
    return out


def predict(gold_path: str | Path) -> list[Mapping[str, Any]]:
    """Run newsledger in-process on the gold file(s) as JSONL input; contract articles as JSON objects.

    A gold set whose categories follow another figures profile than the default names it in
    ``gold.profile`` (sets A, B and C: ``conflict``); it is extracted with that profile."""
    from dataclasses import replace

    from newsledger.config import settings
    from newsledger.nlp import load_nlp
    from newsledger.pipeline import extract_articles

    profiles = {g.profile for g in load_gold(gold_path)} - {None}
    if len(profiles) > 1:
        raise EvalError(f"{gold_path}: gold articles name different profiles: {sorted(map(str, profiles))}")
    nlp = load_nlp(replace(settings(), profile=str(profiles.pop()))) if profiles else None
    out: list[Mapping[str, Any]] = []
    for result in extract_articles(read_raw(gold_path), nlp=nlp):
        if isinstance(result, NewsledgerError):
            raise EvalError(f"extraction failed on a gold article: {result}")
        out.append(result.to_json())
    return out


def read_raw(gold_path: str | Path) -> Iterator[RawArticle]:
    """Ingest the gold file(s) as newsledger JSONL input (the ``gold`` key is ignored by ingest)."""
    files = gold_files(gold_path)
    reader = getattr(importlib.import_module("newsledger.ingest"), "read_inputs", None)
    if reader is not None:
        for item in reader([str(f) for f in files]):
            if isinstance(item, RawArticle):
                yield item
            elif isinstance(item, NewsledgerError):
                raise EvalError(f"ingest failed on a gold file: {item}")
        return
    # Fallback until ingest.read_inputs exists: the JSON text as is, no cleaning.
    for file in files:
        yield from _raw_from_lines(file.read_text(encoding="utf-8").splitlines())


def _raw_from_lines(lines: Iterable[str]) -> Iterator[RawArticle]:
    for line in lines:
        if line.strip():
            rec = json.loads(line)
            yield RawArticle(
                text=rec["text"],
                url=rec.get("url"),
                title=rec.get("title"),
                outlet=rec.get("outlet"),
                published=rec.get("published"),
            )
