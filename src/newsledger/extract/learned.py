"""The learned attribution model in the pipeline, and its attributions beside the rules'.

The ``newsledger_attribution_model`` component runs the span model of
:mod:`newsledger.extract.spanmodel` over the whole article (when the ``attribution_model`` setting
is on: ``NEWSLEDGER_ATTRIBUTION_MODEL=1``) and keeps its CONTENT, SOURCE and CUE spans on
``doc._.nl_attribution_spans``. The attributions component then calls :func:`with_model`:

* the rules stay where they are better: a direct quotation they attribute is kept as they found it;
* a reported clause (``indirect``) or a partial quotation the rules found and the model found too
  keeps the rules' source, cue and speaker, with the model's content boundaries (the model learned
  PARC's: the whole clause around a partial quotation; a leading "that" is left out);
* a content only the model found becomes an attribution of its own: its cue is the nearest
  predicted cue beside it, its source the rules' subject of that cue (``CueFinder.cue_subject``),
  else the nearest predicted source, resolved to a name by the one
  :class:`~newsledger.extract.speakers.Resolver` (a pronoun nobody can resolve gives no speaker);
* one attribution per content, each with a ``confidence`` (the rules': 1.0; the model's: the mean
  probability of the content's tags) and the model's name and version.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from newsledger.extract._doc import doc_text, ensure_extensions
from newsledger.extract.quotemarks import find_quotes
from newsledger.extract.spanmodel import MODEL_VERSION, PredictedSpan, load_span_model
from newsledger.extract.speakers import resolver_of

NAME = "newsledger.attribution_model"
VERSION = MODEL_VERSION

MIN_CONFIDENCE = 0.5  # model contents below this mean tag probability are dropped
MIN_OVERLAP = 0.5  # a model content and a rules content with this share of common words are one content
REBOUND = frozenset(
    {"indirect", "partial"}
)  # kinds of rules' attributions whose content bounds the model sets
SOURCE_FROM = "cues"  # the source of a model-only content: "model" (its SOURCE span) or "cues" (CueFinder)
MAX_GAP = 40  # tokens between a content and its cue, or a cue and its source, at most
_WORD = re.compile(r"\w+")


class _Attribution(Protocol):
    """What the merge reads of an attribution (:class:`newsledger.extract.attributions.Attribution`)."""

    @property
    def kind(self) -> str: ...

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


A = TypeVar("A", bound=_Attribution)
Subject = Callable[[Token], Token | None]


@dataclass(frozen=True)
class ModelSpans:
    """What the model found in one Doc: its spans (token offsets) and its name@version."""

    spans: tuple[PredictedSpan, ...]
    model: str


class AttributionModelComponent:
    def __init__(self, enabled: bool, path: str | None = None) -> None:
        self.enabled = enabled
        self.path = path or None

    def __call__(self, doc: Doc) -> Doc:
        if not self.enabled:
            doc._.nl_attribution_spans = None
            return doc
        model = load_span_model(self.path)
        doc._.nl_attribution_spans = ModelSpans(tuple(model.predict(doc)), model.tag)
        return doc


@Language.factory(
    "newsledger_attribution_model",
    requires=["token.tag", "token.dep", "doc.sents"],
    assigns=["doc._.nl_attribution_spans"],
    default_config={"attribution_model": False, "model_path": ""},
)
def make_attribution_model_component(
    nlp: Language, name: str, attribution_model: bool, model_path: str
) -> AttributionModelComponent:
    ensure_extensions()
    return AttributionModelComponent(attribution_model, model_path)


# ------------------------------------------------------------------------------------ merging


def _words(text: str, start: int, end: int) -> set[int]:
    return {m.start() for m in _WORD.finditer(text, start, end)}


def _chars(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Char offsets of tokens [start, end) without surrounding punctuation, quote marks and space."""
    while start < end - 1 and (doc[start].is_punct or doc[start].is_space or doc[start].is_quote):
        start += 1
    while end - 1 > start and (doc[end - 1].is_punct or doc[end - 1].is_space or doc[end - 1].is_quote):
        end -= 1
    if end - start > 1 and doc[start].lower_ == "that" and doc[start].dep_ == "mark":
        start += 1  # PARC and the rules leave the complementiser out (PolNeAR's annotators kept it)
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1])


def _gap(a: PredictedSpan, b: PredictedSpan) -> int:
    return a.start - b.end if b.end <= a.start else b.start - a.end if a.end <= b.start else -1


def _nearest(spans: Sequence[PredictedSpan], to: PredictedSpan) -> PredictedSpan | None:
    near = [(g, s.start) for s in spans if 0 <= (g := _gap(s, to)) <= MAX_GAP]
    if not near:
        return None
    best = min(near, key=lambda x: (x[0], x[1] > to.start))  # nearest; before the content on a tie
    return next(s for s in spans if s.start == best[1])


def _kind(quotes: Sequence[tuple[int, int]], start: int, end: int) -> str:
    for lo, hi in quotes:
        if lo <= start and end <= hi:
            return "direct"
    if any(lo < end and start < hi for lo, hi in quotes):
        return "partial"
    return "indirect"


def _source_head(
    doc: Doc, found: ModelSpans, cue: PredictedSpan | None, content: PredictedSpan, subject: Subject | None
) -> Token | None:
    if SOURCE_FROM == "cues" and subject is not None and cue is not None:
        head = subject(doc[cue.start : cue.end].root)
        if head is not None and not content.start <= head.i < content.end:
            return head  # (a subject inside the content is what is reported, not who reports it)
    source = _nearest([s for s in found.spans if s.part == "SOURCE"], cue or content)
    return doc[source.start : source.end].root if source is not None else None


def _model_attribution(
    doc: Doc, found: ModelSpans, content: PredictedSpan, kind: str, subject: Subject | None
) -> dict[str, Any]:
    start, end = _chars(doc, content.start, content.end)
    cue = _nearest([s for s in found.spans if s.part == "CUE"], content)
    head = _source_head(doc, found, cue, content, subject)
    name: str | None = None
    sp_at: tuple[int, int] | None = None
    if head is not None:
        resolved = resolver_of(doc).resolve(head)
        if resolved is not None:
            name, sp_at = resolved.name, (resolved.start, resolved.end)
        elif head.pos_ != "PRON":
            span: Span = doc[head.left_edge.i : head.i + 1]
            name, sp_at = span.text, (span.start_char, span.end_char)
    cue_span = doc[cue.start : cue.end] if cue is not None else None
    return dict(
        kind=kind,
        start=start,
        end=end,
        cue=cue_span.text if cue_span is not None else None,
        cue_start=cue_span.start_char if cue_span is not None else None,
        cue_end=cue_span.end_char if cue_span is not None else None,
        speaker=name,
        speaker_start=sp_at[0] if sp_at else None,
        speaker_end=sp_at[1] if sp_at else None,
        confidence=content.confidence,
        model=found.model,
    )


def with_model(doc: Doc, rules: list[A], make: Callable[..., A], subject: Subject | None = None) -> list[A]:
    """The rules' attributions with the model's contents (see the module docstring), in text order;
    ``make`` builds an attribution from its fields (the ``Attribution`` class); ``subject`` is the
    rules' subject of a cue (``CueFinder.cue_subject``), used when ``SOURCE_FROM`` is "cues"."""
    found = doc._.nl_attribution_spans
    if not isinstance(found, ModelSpans):
        return rules
    text = doc_text(doc)
    quotes = [(q.open_at, q.close_end) for q in find_quotes(text)]
    out = list(rules)
    rule_words = [_words(text, a.start, a.end) for a in rules]
    taken: set[int] = set()
    for content in found.spans:
        if content.part != "CONTENT" or content.confidence < MIN_CONFIDENCE:
            continue
        start, end = _chars(doc, content.start, content.end)
        words = _words(text, start, end)
        if not words:
            continue
        best, best_ratio = -1, 0.0
        for k, rw in enumerate(rule_words):
            if rw and k not in taken:
                ratio = len(words & rw) / min(len(words), len(rw))
                if ratio > best_ratio:
                    best, best_ratio = k, ratio
        if best >= 0 and best_ratio >= MIN_OVERLAP:
            taken.add(best)
            rule = rules[best]
            if rule.kind in REBOUND:
                fields = {**vars(rule), "start": start, "end": end}
                out[best] = make(**{**fields, "confidence": content.confidence, "model": found.model})
            continue
        out.append(make(**_model_attribution(doc, found, content, _kind(quotes, start, end), subject)))
    out.sort(key=lambda a: (a.start, a.end))
    return out
