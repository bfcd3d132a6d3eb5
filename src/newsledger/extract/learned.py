"""The learned attribution model in the pipeline, and its attributions beside the rules'.

The ``newsledger_attribution_model`` component runs the span model of
:mod:`newsledger.extract.spanmodel` over the whole article (when the ``attribution_model`` setting
is on: ``NEWSLEDGER_ATTRIBUTION_MODEL=1``) and keeps its CONTENT, SOURCE and CUE spans on
``doc._.nl_attribution_spans``. The attributions component then calls :func:`with_model`:

* the rules stay where they are better: a direct quotation they attribute is kept as they found it;
* a reported clause (``indirect``) or a partial quotation the rules found and the model found too
  keeps the rules' source, cue and speaker, with the model's content boundaries (the model learned
  PARC's: the whole clause around a partial quotation; a leading "that" is left out);
* a content's end is moved to the end of every phrase begun inside it (:func:`snap_end`: the
  model stops a content where one word is uncertain, "$15 an" for "$15 an hour");
* once its cue is known, a content takes the bounds of the constituent the cue governs
  (:func:`newsledger.extract.constituents.snap`), and the subject of a raising or passive cue
  ("[Kasich] appears [to lead]") becomes the first part of its content, which then has no source
  (:func:`newsledger.extract.constituents.raised_subject`);
* a content only the model found becomes an attribution of its own: its cue is the nearest
  predicted cue beside it (one the rules attributed only as another part of their content:
  :func:`_cue_taken`), or the word its clause hangs from (:func:`_parse_cue`); a content whose
  cue lies in another sentence goes (:func:`_one_sentence`: seldom an attribution), one cue per
  attribution (:func:`_one_cue_each`: two contents share a cue only as the two parts of '"X,"
  she said. "Y"'), its source the possessor of a nominal cue, else the rules' subject of that cue
  (``CueFinder.cue_subject``), else the candidate the learned source pairer
  (:mod:`newsledger.extract.pairing`) ranks first, resolved to a name by the one
  :class:`~newsledger.extract.speakers.Resolver` (a pronoun or relative word nobody can resolve
  gives no speaker; "who" stands for the noun its clause describes);
* a content only the model found goes when the keeper (:mod:`newsledger.extract.keeper`, shipped
  as ``keeper.json``) puts its probability of being an attribution under its threshold;
* the words of a content's clause before a parenthetical cue are its first part
  (:func:`newsledger.extract.constituents.fronted`);
* a content ends before a clause at its tail that reports something else: one holding another
  cue (the tagger's or the rules'), or a verb beside its own cue ("praised [X] and embraced Y";
  :func:`newsledger.extract.constituents.cut_before_other`);
* a confident predicted cue that no content took gives the complement it governs as a content
  (:func:`_free_cue_contents`: "The union criticised [the new pay offer]");
* a reported or partial content never shares a direct quotation's cue (:func:`_own_cues`: it keeps
  its speaker, with no cue);
* a content whose words all lie in another content of the same cue goes (:func:`_absorbed`: the
  rules' partial quotation inside the reported clause the model widened);
* one attribution per content, each with a ``confidence`` (the rules': 1.0; the model's: the mean
  probability of the content's tags) and the model's name and version.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import Any, Protocol, TypeVar

from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import minibatch

from newsledger.extract import constituents
from newsledger.extract._doc import doc_text, ensure_extensions, span_chars
from newsledger.extract.keeper import KEEPER_FILE, Keeper, load_keeper
from newsledger.extract.keeper import features as keeper_features
from newsledger.extract.lexicon import lexicon
from newsledger.extract.pairing import PAIRING_FILE, Pairer, load_pairer
from newsledger.extract.quotemarks import find_quotes
from newsledger.extract.spanmodel import MODEL_VERSION, PredictedSpan, load_span_model
from newsledger.extract.speakers import described_group, mentioned_at, resolver_of
from newsledger.extract.tokenview import token_view

NAME = "newsledger.attribution_model"
VERSION = MODEL_VERSION

MIN_CONFIDENCE = 0.5  # model contents below this mean tag probability are dropped
MIN_OVERLAP = 0.5  # a model content and a rules content with this share of common words are one content
REBOUND = frozenset(
    {"indirect", "partial"}
)  # kinds of rules' attributions whose content bounds the model sets
# The source of a model-only content: "cues+pairer" (the rules' subject of its cue, else the learned
# pairer's choice), "cues" (the subject, else the nearest SOURCE span), "model" (that span only).
SOURCE_FROM = "cues+pairer"
MAX_GAP = 40  # tokens between a content and its cue, or a cue and its source, at most
SNAP = constituents.MIN_AGREEMENT  # a content takes its cue's complement's bounds (0: never)
SNAP_INSIDE = True  # ... also when the content lies inside the complement
RAISE = True  # a raising or passive cue's subject is the first part of its content
RULE_CUES = True  # a model content shares a cue the rules attributed only as a part of its content
RULE_CUES_NEXT = True  # ... else it takes its nearest free cue (True) or none (False)
PARTITIVE = True  # "some of the delegates" is a source (a bare "some" is not)
PARSE_CUE = True  # a content with no predicted cue takes the word its clause hangs from (see _parse_cue)
MIN_CONFIDENCE_TAKEN = 0.7  # a content left with no cue because the rules took its cue goes under this
BARE_QUOTE_WORDS = 5  # the rules' cue-less, speakerless quotations this short go unless the model agrees
PART_GAP = 4  # tokens between the first part of a discontinuous content and its cue, at most
SAME_SENTENCE = True  # a model content whose cue is in another sentence goes (False: it keeps that cue)
KEEP = True  # a content only the model found goes when the keeper (keeper.json) says so
FRONTED = True  # the words of the content's clause before a parenthetical cue are its first part
SHARED_CUE = True  # a reported or partial content never shares a direct quotation's cue (_own_cues)
NESTED_PARTS = True  # a content whose words all lie in another content of the same cue goes (_absorbed)
CUT_OTHER = True  # a content ends before a clause at its tail reporting something else (cut_before_other)
FREE_CUES = 0.7  # a predicted cue no content took, this confident, gives its complement as content (0: never)
_FREE_DEPS = frozenset({"ccomp", "xcomp", "dobj", "pobj", "oprd", "nsubj", "nsubjpass"})  # such complements
_WORD = re.compile(r"\w+")
_RELATIVE = frozenset({"WP", "WDT", "WP$"})  # who, which, whose: never a speaker's name


class _Attribution(Protocol):
    """What the merge reads of an attribution (:class:`newsledger.extract.attributions.Attribution`)."""

    @property
    def kind(self) -> str: ...

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...

    @property
    def cue_start(self) -> int | None: ...

    @property
    def speaker(self) -> str | None: ...

    @property
    def cue_end(self) -> int | None: ...

    @property
    def model(self) -> str | None: ...


A = TypeVar("A", bound=_Attribution)
Subject = Callable[[Token], Token | None]


@dataclass(frozen=True)
class ModelSpans:
    """What the model found in one Doc: its spans (token offsets) and its name@version."""

    spans: tuple[PredictedSpan, ...]
    model: str
    pairer: Pairer | None = None  # the learned source pairer shipped beside the tagger, if any
    keeper: Keeper | None = None  # the re-scorer of the model's own contents shipped beside it, if any


class AttributionModelComponent:
    def __init__(self, enabled: bool, path: str | None = None) -> None:
        self.enabled = enabled
        self.path = path or None

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 16) -> Iterator[Doc]:
        """The model run over batches of Docs (one tagger call per batch, not per article)."""
        for batch in minibatch(docs, size=batch_size):
            if not self.enabled:
                for doc in batch:
                    doc._.nl_attribution_spans = None
                    yield doc
                continue
            model = load_span_model(self.path)
            pairer = load_pairer(model.path / PAIRING_FILE)
            keeper = load_keeper(model.path / KEEPER_FILE)
            for doc, spans in zip(batch, model.predict_many(list(batch)), strict=True):
                doc._.nl_attribution_spans = ModelSpans(tuple(spans), model.tag, pairer, keeper)
                yield doc


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
    skip = token_view(doc).skipped
    while start < end - 1 and skip[start]:
        start += 1
    while end - 1 > start and skip[end - 1]:
        end -= 1
    if end - start > 1 and doc[start].lower_ == "that" and doc[start].dep_ == "mark":
        start += 1  # PARC and the rules leave the complementiser out (PolNeAR's annotators kept it)
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1])


def snap_end(doc: Doc, start: int, end: int) -> int:
    """The end of tokens [start, end) moved to the end of every constituent begun inside: a word
    whose head is inside the span brings its whole subtree (the model stops a content inside a
    phrase, "$15 an" for "$15 an hour", where one word is uncertain). Punctuation brings nothing."""
    view = token_view(doc)  # the Token objects only of the words that can bring a subtree
    punct, heads = view.is_punct, view.head
    new_end = end
    for i in range(*slice(start, end).indices(len(doc))):
        if not punct[i] and start <= heads[i] < end:
            new_end = max(new_end, doc[i].right_edge.i + 1)
    return new_end


def _pronoun(name: str) -> bool:
    """A bare pronoun or relative word: no name for a speaker (never "he" or "who" as a speaker)."""
    words = name.split()
    if len(words) != 1:
        return False
    lex, word = lexicon(), words[0].lower()
    return (
        any(
            word in group
            for group in (lex.pron_male, lex.pron_female, lex.pron_plural, lex.pron_neuter, lex.pron_relative)
        )
        or word in lex.pron_speech_act
    )


def _partitive(head: Token) -> bool:
    """A quantifier pronoun with its group: "some of the delegates", "many of them" is no bare
    pronoun (the group is named, or its own pronoun is resolved by the reader)."""
    return (
        PARTITIVE
        and head.pos_ == "PRON"
        and head.lower_ in lexicon().quantifiers
        and any(
            c.dep_ == "prep" and c.lower_ == "of" and any(g.pos_ in ("NOUN", "PROPN") for g in c.children)
            for c in head.children
        )
    )


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
    doc: Doc,
    found: ModelSpans,
    cue: PredictedSpan | None,
    content: PredictedSpan,
    subject: Subject | None,
    part: tuple[int, int] | None = None,
) -> Token | None:
    cue_word = doc[cue.start : cue.end].root if cue is not None else None
    if cue_word is None and PARSE_CUE:
        cue_word = _parse_cue(doc, content)
    head = None
    if cue_word is not None and cue_word.pos_ in ("NOUN", "PROPN") and PARSE_CUE:
        head = next((c for c in cue_word.children if c.dep_ == "poss"), None)  # "her plan to ..."
    if head is None and SOURCE_FROM != "model" and subject is not None and cue_word is not None:
        head = subject(cue_word)
    if head is None and cue_word is None and subject is not None:
        hang = constituents.content_root(doc, content.start, content.end).head  # "X found in 2014 that"
        if hang.pos_ in ("VERB", "AUX") and not content.start <= hang.i < content.end:
            head = subject(hang)
    if head is not None and (
        content.start <= head.i < content.end or (part is not None and part[0] <= head.i < part[1])
    ):
        head = None  # a subject inside the content is what is reported, not who reports it
    if head is not None:
        return head  # (letting the pairer overrule the subject lowered source accuracy on held-out)
    if SOURCE_FROM == "cues+pairer" and found.pairer is not None:
        ranked = found.pairer.ranked(doc, content.start, content.end, cue_word)
        return next((t for t, _ in ranked if part is None or not part[0] <= t.i < part[1]), None)
    source = _nearest([s for s in found.spans if s.part == "SOURCE"], cue or content)
    return doc[source.start : source.end].root if source is not None else None


def _parse_cue(doc: Doc, content: PredictedSpan) -> Token | None:
    """The cue the parse gives a content the model found no cue for: the word its clause hangs
    from, when that is a reporting verb of the cue lexicon ("warned [that ...]") or a noun with a
    possessor ("Mrs. Clinton's proposals [to ...]"); else None."""
    root = constituents.content_root(doc, content.start, content.end)
    hang = root.head
    if hang.i == root.i or content.start <= hang.i < content.end:
        return None
    if hang.pos_ == "VERB" and hang.lemma_.lower() in lexicon().reporting:
        return hang
    if hang.pos_ == "NOUN" and any(c.dep_ == "poss" for c in hang.children):
        return hang
    return None


def _one_sentence(doc: Doc, cue: PredictedSpan, content: PredictedSpan) -> bool:
    """Whether a cue and a content meet inside one sentence (the content's word nearest the cue
    and the cue's word nearest the content share it)."""
    if cue.start >= content.end:
        return doc[content.end - 1].sent.start == doc[cue.start].sent.start
    return doc[content.start].sent.start == doc[cue.end - 1].sent.start


def _one_cue_each(
    doc: Doc,
    contents: list[PredictedSpan],
    cues: list[PredictedSpan],
    rule_cues: Collection[tuple[int, int]] = (),
) -> list[PredictedSpan | None]:
    """The cue of each model content (in text order): its nearest predicted cue, but one cue makes
    one attribution: two contents share it only as the two parts of one discontinuous content,
    the first ending in punctuation or a quotation mark before the cue and the second after it
    ('"X," she said. "Y"'); otherwise the content nearest the cue keeps it and the others get none.
    A cue the rules attributed (``rule_cues``, char offsets) is taken: a content gets it only as
    another part of the rules' content (:func:`_cue_taken`), else its nearest free cue, if any."""
    free = [c for c in cues if not _cue_taken(doc, None, c, rule_cues)]
    nearest = [_nearest(cues, c) for c in contents]
    for k, (content, cue) in enumerate(zip(contents, nearest, strict=True)):
        if cue is not None and _cue_taken(doc, content, cue, rule_cues):
            nearest[k] = _nearest(free, content) if RULE_CUES_NEXT else None
    claims: dict[int, list[int]] = {}
    for k, cue in enumerate(nearest):
        if cue is not None:
            claims.setdefault(cue.start, []).append(k)
    for ks in claims.values():
        if len(ks) < 2:
            continue
        cue = nearest[ks[0]]
        assert cue is not None
        keep = {min(ks, key=lambda k: (_gap(cue, contents[k]), contents[k].start))}
        for a, b in pairwise(ks):
            first, second = contents[a], contents[b]
            last = doc[first.end - 1]
            if first.end <= cue.start and cue.end <= second.start and (last.is_punct or last.is_quote):
                keep |= {a, b}
        for k in ks:
            if k not in keep:
                nearest[k] = None
    return nearest


def _model_attribution(
    doc: Doc,
    found: ModelSpans,
    content: PredictedSpan,
    cue: PredictedSpan | None,
    kind: str,
    subject: Subject | None,
    sourced: bool = True,
    part: tuple[int, int] | None = None,
) -> dict[str, Any]:
    """The fields of the attribution of a content only the model found; ``sourced``: whether it has
    a source (a raising cue's content has none); ``part``: the content's other part (token offsets)."""
    start, end = _chars(doc, content.start, content.end)
    head = _source_head(doc, found, cue, content, subject, part) if sourced else None
    name: str | None = None
    sp_at: tuple[int, int] | None = None
    if head is not None and head.tag_ in _RELATIVE and head.head.dep_ == "relcl":
        head = head.head.head  # "the officials who said": the noun the relative clause describes
    if head is not None:
        resolved = resolver_of(doc).resolve(head)
        span: Span | None = None
        if _partitive(head):
            span = doc[head.left_edge.i : head.right_edge.i + 1]  # "some of the delegates"
        elif resolved is None and (group := described_group(head, content.start)) is not None:
            span = group  # "those trailing them"
        elif resolved is not None and not _pronoun(resolved.name):
            at = mentioned_at(head, resolved)
            name, sp_at = at.name, (at.start, at.end)
        elif resolved is None and head.pos_ != "PRON" and head.tag_ not in _RELATIVE:
            span = doc[head.left_edge.i : head.i + 1]
        if span is not None:
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


def _bare(text: str, attribution: _Attribution) -> bool:
    """A direct quotation of at most ``BARE_QUOTE_WORDS`` words with no cue and no speaker: a scare
    quote or a title in quotation marks more often than a quotation (PARC counts neither)."""
    return (
        attribution.kind == "direct"
        and attribution.cue_start is None
        and attribution.speaker is None
        and len(_words(text, attribution.start, attribution.end)) <= BARE_QUOTE_WORDS
    )


def _cue_of(doc: Doc, attribution: _Attribution) -> Span | None:
    """The tokens of an attribution's cue (its char offsets), or None."""
    if attribution.cue_start is None or attribution.cue_end is None:
        return None
    return doc.char_span(attribution.cue_start, attribution.cue_end, alignment_mode="expand")


def _raised(doc: Doc, start: int, end: int, cue: Span | None) -> tuple[int, int] | None:
    """Token offsets of the subject PARC joins to the content [start, end) (token offsets) as its
    first part (:func:`constituents.raised_subject`), or None."""
    if not RAISE or cue is None:
        return None
    return constituents.raised_subject(doc, start, end, cue, lexicon())


def _cue_taken(
    doc: Doc, content: PredictedSpan | None, cue: PredictedSpan, rule_cues: Collection[tuple[int, int]]
) -> bool:
    """Whether the rules already attributed a content to ``cue``, and ``content`` (if any) cannot
    be another part of it ('"X," she said. "Y"': next to the cue, ending in punctuation before it)."""
    start_char, end_char = span_chars(doc, cue.start, cue.end)  # without a Span
    if not any(a < end_char and start_char < b for a, b in rule_cues):
        return False
    if content is None:
        return True
    last = doc[content.end - 1]
    beside = content.end <= cue.start and cue.start - content.end <= PART_GAP
    return not (beside and (last.is_punct or last.is_quote))


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
    alone: list[PredictedSpan] = []
    other_cues = _cue_tokens(doc, found, rules) if CUT_OTHER else []
    for predicted in found.spans:
        if predicted.part != "CONTENT" or predicted.confidence < MIN_CONFIDENCE:
            continue
        content = replace(predicted, end=snap_end(doc, predicted.start, predicted.end))
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
                rule_cue = _cue_of(doc, rule)
                lo, hi = content.start, content.end
                if rule_cue is not None and SNAP:
                    lo, hi = constituents.snap(doc, lo, hi, rule_cue, SNAP, SNAP_INSIDE)
                if other_cues:
                    cut = constituents.cut_before_other(doc, lo, hi, rule_cue, other_cues)
                    if span_chars(doc, lo, cut)[1] >= rule.end:
                        hi = cut  # never cutting away the words the rules found
                start, end = _chars(doc, lo, hi)
                fields = {**vars(rule), "start": start, "end": end}
                fields.update(confidence=content.confidence, model=found.model)
                out[best] = make(**fields)
                part = _raised(doc, lo, hi, rule_cue)
                if part is None and rule_cue is not None and FRONTED:
                    part = constituents.fronted(doc, lo, hi, rule_cue)
                if part is not None:
                    out.append(_first_part(doc, make, fields, part))
            continue
        alone.append(content)
    if BARE_QUOTE_WORDS:  # a few words in quotation marks, no cue, no speaker, no content of the model's
        out = [a for k, a in enumerate(out) if k in taken or k >= len(rules) or not _bare(text, a)]
    rule_cues = {(a.cue_start, a.cue_end or 0) for a in out if RULE_CUES and a.cue_start is not None}
    predicted_cues = [s for s in found.spans if s.part == "CUE"]
    cues = _one_cue_each(doc, alone, predicted_cues, rule_cues)
    tried: dict[tuple[int, int], tuple[int, int]] = {}  # a predicted cue: the content the merge gave it
    for content, cue in zip(alone, cues, strict=True):
        if cue is not None:
            tried[(cue.start, cue.end)] = (content.start, content.end)
        if cue is not None and SAME_SENTENCE and not _one_sentence(doc, cue, content):
            continue  # its cue is in another sentence: seldom an attribution (held-out)
        if cue is None and content.confidence < MIN_CONFIDENCE_TAKEN:
            near = _nearest(predicted_cues, content)
            if near is not None and _cue_taken(doc, content, near, rule_cues):
                continue  # beside a quotation the rules attributed, and not a part of it
        cue_span = doc[cue.start : cue.end] if cue is not None else None
        raising = False
        if cue_span is not None and SNAP:
            lo, hi = constituents.snap(doc, content.start, content.end, cue_span, SNAP, SNAP_INSIDE)
            content = replace(content, start=lo, end=hi)
        if other_cues:
            hi = constituents.cut_before_other(doc, content.start, content.end, cue_span, other_cues)
            content = replace(content, end=hi)
        part = _raised(doc, content.start, content.end, cue_span)
        if part is None and cue_span is not None and FRONTED:
            part = constituents.fronted(doc, content.start, content.end, cue_span)
        if part is not None and cue_span is not None:
            raising = constituents.is_raising(cue_span, lexicon())
        if cue is not None:
            tried[(cue.start, cue.end)] = (content.start, content.end)
        start, end = _chars(doc, content.start, content.end)
        kind = _kind(quotes, start, end)
        fields = _model_attribution(doc, found, content, cue, kind, subject, not raising, part)
        if not _kept(doc, found, content, cue, cue_span, kind, fields):
            continue
        out.append(make(**fields))
        if part is not None:
            out.append(_first_part(doc, make, fields, part))
    if FREE_CUES:
        out.extend(_free_cue_contents(doc, found, out, make, quotes, subject, tried))
    if SHARED_CUE:
        out = _own_cues(out, make)
    if NESTED_PARTS:
        out = _absorbed(text, out)
    out.sort(key=lambda a: (a.start, a.end))
    return out


def _free_cue_contents(
    doc: Doc,
    found: ModelSpans,
    have: Sequence[_Attribution],
    make: Callable[..., A],
    quotes: Sequence[tuple[int, int]],
    subject: Subject | None,
    tried: Mapping[tuple[int, int], tuple[int, int]] | None = None,
) -> list[A]:
    """Attributions for the confident predicted cues (``FREE_CUES``) that no content in ``have``
    took: the first complement the cue governs (:func:`constituents.complements`: "The union
    criticised [the new pay offer]"), when it is a clause, an infinitive, an object or a
    prepositional object, overlaps no content found, and is not whom the cue addresses (a pronoun
    or a name as object; the object of an addressee verb, "told [the workers]"), and is not the
    content (token offsets in ``tried``, by cue) the merge gave that cue and then dropped (the
    keeper or the sentence rule decided on it; a complement of other bounds may stay). Its source is
    found as for any content only the model found (:func:`_model_attribution`)."""
    used = [(a.cue_start, a.cue_end) for a in have if a.cue_start is not None and a.cue_end is not None]
    spans = [(a.start, a.end) for a in have]
    out: list[A] = []
    for cue in found.spans:
        if cue.part != "CUE" or cue.confidence < FREE_CUES:
            continue
        a, b = span_chars(doc, cue.start, cue.end)
        if any(x < b and a < y for x, y in used):
            continue
        cue_span = doc[cue.start : cue.end]
        comps = [c for c in constituents.complements(doc, cue_span) if c[0] < c[1]]
        comps = [c for c in comps if c[1] <= cue.start or c[0] >= cue.end]  # never holding the cue
        if not comps:
            continue
        lo, hi = comps[0]
        before = (tried or {}).get((cue.start, cue.end))
        if before is not None and constituents.agreement(doc, before, (lo, hi)) >= constituents.MIN_AGREEMENT:
            continue  # the content the merge dropped, again
        root = doc[lo:hi].root
        if (
            root.dep_ not in _FREE_DEPS
            or (root.pos_ in ("PRON", "PROPN") and root.dep_ == "dobj")
            or (root.dep_ == "dobj" and cue_span.root.lemma_.lower() in lexicon().addressee_verbs)
        ):
            continue
        start, end = _chars(doc, lo, hi)
        if any(x < end and start < y for x, y in spans):
            continue
        content = PredictedSpan("CONTENT", lo, hi, cue.confidence)
        part = _raised(doc, lo, hi, cue_span)  # "[Kasich] appears [to lead]": the first part, no source
        raising = part is not None and constituents.is_raising(cue_span, lexicon())
        kind = _kind(quotes, start, end)
        fields = _model_attribution(doc, found, content, cue, kind, subject, not raising, part)
        out.append(make(**fields))
        spans.append((start, end))
        if part is not None:
            first = _first_part(doc, make, fields, part)
            out.append(first)
            spans.append((first.start, first.end))
    return out


def _first_part(doc: Doc, make: Callable[..., A], fields: Mapping[str, Any], part: tuple[int, int]) -> A:
    """The first part of a discontinuous content (a raised subject, a fronted clause): the
    attribution of ``fields`` over the tokens ``part``."""
    p_start, p_end = _chars(doc, *part)
    return make(**{**fields, "start": p_start, "end": p_end})


def _cue_tokens(doc: Doc, found: ModelSpans, rules: Sequence[_Attribution]) -> list[int]:
    """Token indices of every cue in the article: the tagger's and the rules'."""
    out = {i for s in found.spans if s.part == "CUE" for i in range(s.start, s.end)}
    for a in rules:
        cue = _cue_of(doc, a)
        if cue is not None:
            out.update(range(cue.start, cue.end))
    return sorted(out)


def _kept(
    doc: Doc,
    found: ModelSpans,
    content: PredictedSpan,
    cue: PredictedSpan | None,
    cue_span: Span | None,
    kind: str,
    fields: dict[str, Any],
) -> bool:
    """Whether the keeper (:mod:`newsledger.extract.keeper`) keeps a content only the model found,
    with the cue, kind and source the merge gave it (always, when no keeper ships or ``KEEP`` is off)."""
    if not KEEP or found.keeper is None:
        return True
    feats = keep_features(doc, content, cue, cue_span, kind, fields)
    return found.keeper.keeps(feats, (fields["start"], fields["end"]))


def keep_features(
    doc: Doc,
    content: PredictedSpan,
    cue: PredictedSpan | None,
    cue_span: Span | None,
    kind: str,
    fields: dict[str, Any],
) -> dict[str, float]:
    """The keeper's features of a content only the model found (:func:`keeper.features`)."""
    return keeper_features(
        doc,
        content.start,
        content.end,
        content.confidence,
        cue_span,
        cue.confidence if cue is not None else 0.0,
        kind,
        fields.get("speaker") is not None,
        lexicon(),
    )


def _own_cues(found: list[A], make: Callable[..., A]) -> list[A]:
    """``found`` where no reported or partial content shares a direct quotation's cue: the rules
    hang a partial quotation or a clause near a quotation on that quotation's cue (one attribution
    of two contents, then, as the scorer and PARC count them: '"X," she said, calling it "Y"').
    Such a content stays, with its speaker and no cue: an attribution of its own."""
    direct = {(a.cue_start, a.cue_end) for a in found if a.kind == "direct" and a.cue_start is not None}
    out = []
    for a in found:
        if a.kind != "direct" and (a.cue_start, a.cue_end) in direct:
            a = make(**{**vars(a), "cue": None, "cue_start": None, "cue_end": None})
        out.append(a)
    return out


def _absorbed(text: str, found: list[A]) -> list[A]:
    """``found`` without the contents whose words all lie inside another content of the same cue:
    the rules' partial quotation "Y" in 'she said that X and that "Y"' once the model has widened
    the rules' reported clause to the whole of it (two parts of one attribution otherwise, whose
    words would count twice)."""
    words = [_words(text, a.start, a.end) for a in found]
    same_cue: dict[tuple[int, int | None], list[int]] = {}
    for k, a in enumerate(found):
        if a.cue_start is not None:
            same_cue.setdefault((a.cue_start, a.cue_end), []).append(k)
    keep = []
    for k, a in enumerate(found):
        inside = a.cue_start is not None and any(
            j != k and words[k] <= words[j] and (words[k] < words[j] or j < k)
            for j in same_cue[(a.cue_start, a.cue_end)]
        )
        if not inside:
            keep.append(a)
    return keep
