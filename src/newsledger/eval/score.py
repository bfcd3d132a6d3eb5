"""Scores: detection precision/recall/F1 per field and attribute accuracy over matched pairs.

Predictions are plain JSON objects (``Article.to_json()`` or a line of
``newsledger extract --jsonl``); gold items are resolved anchors (see gold.py).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from newsledger.errors import EvalError
from newsledger.eval.gold import (
    SCORED_ENTITY_LABELS,
    GoldArticle,
    ResolvedItem,
    not_figure_spans,
    resolve_article,
)
from newsledger.eval.match import match_spans, overlap

SCORED_FIELDS = ("figures", "quotes", "speakers", "claims", "hedges", "entities")
# Which gold "annotated" entry makes a scored field count for an article.
FIELD_SOURCE = {
    "figures": "figures",
    "quotes": "quotes",
    "speakers": "quotes",
    "claims": "claims",
    "hedges": "hedges",
    "entities": "entities",
}
ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "figures": ("value", "approx", "counted", "counted_lenient", "category", "unit", "period"),
    "quotes": ("kind", "speaker", "speaker_lenient", "addressee", "medium"),
    "speakers": (),
    "claims": ("chain", "verification"),
    "hedges": (),
    "entities": ("label", "canonical"),
}
Json = Mapping[str, Any]


@dataclass
class Counts:
    """True positives, false positives, false negatives of span detection."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn


@dataclass
class Accuracy:
    """How many matched pairs agree on one attribute."""

    correct: int = 0
    total: int = 0

    @property
    def value(self) -> float | None:
        return self.correct / self.total if self.total else None

    def record(self, ok: bool) -> None:
        self.total += 1
        self.correct += int(ok)

    def add(self, other: Accuracy) -> None:
        self.correct += other.correct
        self.total += other.total


@dataclass
class FieldScore:
    name: str
    counts: Counts = field(default_factory=Counts)
    attrs: dict[str, Accuracy] = field(default_factory=dict)
    articles: int = 0

    def __post_init__(self) -> None:
        for attr in ATTRIBUTES.get(self.name, ()):
            self.attrs.setdefault(attr, Accuracy())

    def add(self, other: FieldScore) -> None:
        self.counts.add(other.counts)
        self.articles += other.articles
        for key, acc in other.attrs.items():
            self.attrs.setdefault(key, Accuracy()).add(acc)


@dataclass
class Mistake:
    """One error, for the detailed report: a missed gold item, a spurious prediction or a wrong attribute."""

    field: str
    kind: str  # missed | spurious | attribute | not_figure
    text: str
    attr: str | None = None
    gold: Any = None
    pred: Any = None


@dataclass
class ArticleResult:
    key: str
    fields: dict[str, FieldScore]
    mistakes: list[Mistake] = field(default_factory=list)
    not_figure_hits: int = 0


# -- normalisation -------------------------------------------------------------------------------------------

_WS = re.compile(r"\s+")
_LEADING_DET = re.compile(r"^(the|a|an)\s+")
_PUNCT = re.compile(r"[^\w\s-]")


def norm_text(value: Any) -> str | None:
    """Case-folded, whitespace-collapsed string (None stays None)."""
    if value is None:
        return None
    return _WS.sub(" ", str(value)).strip().casefold() or None


def norm_phrase(value: Any) -> str | None:
    """``norm_text`` without punctuation and without a leading article."""
    text = norm_text(value)
    if text is None:
        return None
    text = _WS.sub(" ", _PUNCT.sub(" ", text)).strip()
    return _LEADING_DET.sub("", text) or None


def singular(word: str) -> str:
    """A crude English singular, enough to compare head nouns (troops/troop, casualties/casualty)."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def head_noun(value: Any) -> str | None:
    """Head of a counted-noun phrase, singularised: the last word before a prepositional or relative
    complement and before a postnominal participle or adjective ("contract soldiers" -> "soldier",
    "prisoners of war" -> "prisoner", "people killed" -> "people", "passengers on board" -> "passenger";
    the words are ``phrase_breaks`` and ``postnominal`` in data/measured.yaml)."""
    from newsledger.extract.measured import lexicon

    phrase = norm_phrase(value)
    if phrase is None:
        return None
    lex = lexicon()
    words = phrase.split()
    cut = next((i for i, w in enumerate(words) if i > 0 and w in lex.phrase_breaks), len(words))
    words = words[:cut]
    while len(words) > 1 and words[-1] in lex.postnominal:
        words = words[:-1]
    return singular(words[-1])


def names_match(gold: Any, pred: Any) -> bool:
    """Lenient name comparison: case-folded, articles and punctuation stripped, containment either way."""
    g, p = norm_phrase(gold), norm_phrase(pred)
    if g is None or p is None:
        return g is None and p is None
    return g == p or f" {g} " in f" {p} " or f" {p} " in f" {g} "


def numbers_equal(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(float(a), float(b), rel_tol=1e-6, abs_tol=1e-9)


# -- attribute checks --------------------------------------------------------------------------------


def figure_value_ok(gold: Json, pred: Json) -> bool:
    """Same number: the value when gold has one, else the same low/high bounds (ranges, vague)."""
    if gold.get("value") is not None:
        return numbers_equal(gold.get("value"), pred.get("value"))
    return numbers_equal(gold.get("low"), pred.get("low")) and numbers_equal(
        gold.get("high"), pred.get("high")
    )


def speaker_names(gold: Json) -> list[str]:
    names = [gold.get("speaker"), *gold.get("speaker_aliases", [])]
    return [n for n in names if n]


def speaker_ok(gold: Json, pred: Json) -> bool:
    names = speaker_names(gold)
    if not names:
        return pred.get("speaker") is None
    return norm_phrase(pred.get("speaker")) in {norm_phrase(n) for n in names}


def speaker_lenient_ok(gold: Json, pred: Json) -> bool:
    names = speaker_names(gold)
    if not names:
        return pred.get("speaker") is None
    return pred.get("speaker") is not None and any(names_match(n, pred.get("speaker")) for n in names)


def is_attributed(claim: Json) -> bool:
    """Whether a predicted claim is attributed: a chain beyond the outlet, or a verification status.
    Only those are scored as claims; the outlet's own sentences stay claims in the output but are
    not what the gold annotates (docs/eval.md, "Claims")."""
    return len(claim.get("sources") or []) > 1 or (claim.get("verification") or "unknown") != "unknown"


def chain_ok(gold: Json, pred: Json) -> bool:
    """Same number of sources, same types in order, names matched leniently."""
    g, p = list(gold.get("sources", [])), list(pred.get("sources", []))
    if len(g) != len(p):
        return False
    return all(
        a.get("type") == b.get("type") and names_match(a.get("name"), b.get("name"))
        for a, b in zip(g, p, strict=True)
    )


Check = Callable[[Json, Json], bool]


def _eq(key: str, norm: Callable[[Any], Any] = norm_text) -> Check:
    return lambda g, p: norm(g.get(key)) == norm(p.get(key))


CHECKS: dict[str, dict[str, Check]] = {
    "figures": {
        "value": figure_value_ok,
        "approx": _eq("approx"),
        "counted": _eq("counted", norm_phrase),
        "counted_lenient": lambda g, p: head_noun(g.get("counted")) == head_noun(p.get("counted")),
        "category": _eq("category"),
        "unit": _eq("unit"),
        "period": _eq("period"),
    },
    "quotes": {
        "kind": _eq("kind"),
        "speaker": speaker_ok,
        "speaker_lenient": speaker_lenient_ok,
        "addressee": lambda g, p: names_match(g.get("addressee"), p.get("addressee")),
        "medium": lambda g, p: names_match(g.get("medium"), p.get("medium")),
    },
    "claims": {"chain": chain_ok, "verification": _eq("verification")},
    "entities": {"label": _eq("label"), "canonical": _eq("canonical")},
}
_SHOWN: dict[str, str] = {"chain": "sources"}


def _shown(attr: str, item: Json, gold: Json | None = None) -> Any:
    """The attribute value shown in a mistake line (bounds for ranges and vague figures)."""
    if attr == "value" and (gold or item).get("value") is None:
        return (item.get("low"), item.get("high"))
    return item.get(_SHOWN.get(attr, attr))


# -- predictions ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PredItem:
    span: tuple[int, int]
    attrs: Json


def _span_of(obj: Json, where: str) -> tuple[int, int]:
    start, end = obj.get("start"), obj.get("end")
    if not isinstance(start, int) or not isinstance(end, int) or end < start:
        raise EvalError(f"{where}: prediction without valid integer 'start'/'end' offsets")
    return start, end


def pred_items(article: Json, where: str = "<pred>") -> dict[str, list[PredItem]]:
    """The predicted items of one contract article, per gold field."""
    out: dict[str, list[PredItem]] = {}
    for name in ("figures", "quotes", "claims"):
        out[name] = [
            PredItem(_span_of(o, f"{where}: {name}[{i}]"), o)
            for i, o in enumerate(article.get(name) or [])
            if name != "claims" or is_attributed(o)
        ]
    out["entities"] = [
        PredItem(_span_of(o, f"{where}: entities[{i}]"), o)
        for i, o in enumerate(article.get("entities") or [])
        if o.get("label") in SCORED_ENTITY_LABELS
    ]
    hedges: dict[tuple[int, int], PredItem] = {}
    sources = [h for c in article.get("claims") or [] for h in c.get("hedges") or []]
    sources += list(article.get("hedges") or [])
    for i, h in enumerate(sources):
        span = _span_of(h, f"{where}: hedges[{i}]")
        hedges.setdefault(span, PredItem(span, h))
    out["hedges"] = sorted(hedges.values(), key=lambda item: item.span)
    return out


# -- scoring -------------------------------------------------------------------------------------------------


def _detect(
    name: str, gold: Sequence[ResolvedItem], pred: Sequence[PredItem], text: str, mistakes: list[Mistake]
) -> tuple[FieldScore, list[tuple[int, int]]]:
    score = FieldScore(name, articles=1)
    pairs = match_spans([g.span for g in gold], [p.span for p in pred])
    score.counts = Counts(tp=len(pairs), fp=len(pred) - len(pairs), fn=len(gold) - len(pairs))
    matched_gold = {gi for gi, _ in pairs}
    matched_pred = {pi for _, pi in pairs}
    for gi, g in enumerate(gold):
        if gi not in matched_gold:
            mistakes.append(Mistake(name, "missed", text[g.span[0] : g.span[1]]))
    for pi, p in enumerate(pred):
        if pi not in matched_pred:
            mistakes.append(Mistake(name, "spurious", text[p.span[0] : p.span[1]]))
    for attr, check in CHECKS.get(name, {}).items():
        for gi, pi in pairs:
            ok = check(gold[gi].attrs, pred[pi].attrs)
            score.attrs[attr].record(ok)
            if not ok and attr not in ("counted_lenient", "speaker_lenient"):
                g_val, p_val = _shown(attr, gold[gi].attrs), _shown(attr, pred[pi].attrs, gold[gi].attrs)
                span = gold[gi].span
                mistakes.append(Mistake(name, "attribute", text[span[0] : span[1]], attr, g_val, p_val))
    return score, pairs


def _speakers(
    gold: Sequence[ResolvedItem], pred: Sequence[PredItem], pairs: Sequence[tuple[int, int]]
) -> FieldScore:
    """Quote attribution as detection: a hit is a matched quote whose speaker is right."""
    tp = sum(
        1 for gi, pi in pairs if speaker_names(gold[gi].attrs) and speaker_ok(gold[gi].attrs, pred[pi].attrs)
    )
    with_gold = sum(1 for g in gold if speaker_names(g.attrs))
    with_pred = sum(1 for p in pred if p.attrs.get("speaker"))
    return FieldScore("speakers", Counts(tp=tp, fp=with_pred - tp, fn=with_gold - tp), articles=1)


def score_article(gold: GoldArticle, text: str, pred: Json | None) -> ArticleResult:
    """Score one article. ``text`` is the cleaned text the anchors are resolved in; ``pred`` may be None
    (no prediction for this article: every gold item is missed)."""
    resolved = resolve_article(gold, text)
    predicted = pred_items(pred, gold.key) if pred is not None else {}
    result = ArticleResult(gold.key, {})
    for name in ("figures", "quotes", "claims", "hedges", "entities"):
        if name not in gold.annotated:
            continue
        score, pairs = _detect(name, resolved[name], predicted.get(name, []), text, result.mistakes)
        result.fields[name] = score
        if name == "quotes":
            result.fields["speakers"] = _speakers(resolved[name], predicted.get(name, []), pairs)
        if name == "figures":
            bad = not_figure_spans(gold, text)
            matched = {pi for _, pi in pairs}
            for pi, p in enumerate(predicted.get(name, [])):
                if pi not in matched and any(overlap(p.span, b) for b in bad):
                    result.not_figure_hits += 1
                    result.mistakes.append(Mistake(name, "not_figure", text[p.span[0] : p.span[1]]))
    return result
