"""Quotations: who said the words between quotation marks.

A quotation is *direct* when it stands as a sentence of its own (it opens a paragraph or follows
``:``, ``,`` or a sentence end) and *partial* when it is embedded in the reporter's own clause
("said the move was “a measured response”"). Its cue is found by
:class:`~newsledger.extract.cues.CueFinder` and its speaker is the subject of that cue,
resolved by :class:`~newsledger.extract.speakers.Resolver`.

A quotation with no cue of its own inherits the attribution of the quotation it continues: the
other parts of a multi-paragraph quote, the previous quotation of its paragraph ("“...,” he
said. “...”"), or the last quotation of the previous paragraph (newsroom convention for a
paragraph that is all quote). Partial quotations with no cue and no quoting neighbour are scare
quotes and are left out later.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from newsledger.extract.cues import CueFinder
from newsledger.extract.lexicon import Speaker
from newsledger.extract.medium import platform_of
from newsledger.extract.quotemarks import QuoteSpan
from newsledger.extract.speakers import mentioned_at


@dataclass
class Work:
    """The attribution of one quotation or clause while inheritance passes still change it."""

    span: QuoteSpan | None = None
    kind: str = "direct"
    own_cue: bool = False
    cue: str | None = None
    cue_at: tuple[int, int] | None = None  # offsets of the cue token
    cue_lemma: str | None = None
    speaker: Speaker | None = None
    addressee: str | None = None
    medium: str | None = None

    @property
    def paragraph(self) -> int:
        return self.span.paragraph if self.span is not None else -1


def attribute(finder: CueFinder, span: QuoteSpan) -> Work:
    """The cue, speaker, addressee and medium a quotation states itself."""
    kind = finder.kind(span)
    work = Work(span=span, kind=kind)
    before = finder.text[max(0, span.open_at - 12) : span.open_at].lower().split()
    if kind == "partial" and before and before[-1] in finder.lex.scare_markers:
        return work  # "the so-called “reform”": the writer's distance, not anybody's words
    if kind == "direct":
        cue = finder.before(span) or finder.after(span, False) or finder.ancestor(span)
    else:
        cue = finder.ancestor(span) or finder.after(span, True)
    if cue is None:
        if kind == "direct":
            work.speaker = _heading_speaker(finder, span)
        return work
    work.own_cue = True
    subj = finder.cue_subject(cue) or finder.fallback.get(cue.i)
    speaker = finder.resolver.resolve(subj) if subj is not None and not finder.blocked[subj.i] else None
    fill(work, finder, cue, speaker, subj)
    return work


def fill(work: Work, finder: CueFinder, cue: Token, speaker: Speaker | None, subj: Token | None) -> None:
    """Set the cue, speaker, addressee and medium of ``work`` from its cue token."""
    work.cue = finder.cue_text(cue)
    work.cue_at = (cue.idx, cue.idx + len(cue.text)) if cue.lower_ != "according" else _according_at(cue)
    work.cue_lemma = cue.lemma_.lower()
    work.speaker = mentioned_at(subj, speaker) if speaker is not None and subj is not None else speaker
    work.addressee = finder.addressee(cue)
    work.medium = finder.medium(cue) or (speaker.medium if speaker else None)
    if work.medium is None and subj is not None:
        work.medium = platform_of(subj)


def _heading_speaker(finder: CueFinder, span: QuoteSpan) -> Speaker | None:
    """The speaker a transcript or a headline names before a colon, with no verb: "Rep. Ada Voss
    (D-Tolva): “...”". The words from the sentence's start to the colon must be one noun phrase
    naming a person or body; None otherwise."""
    lo, _ = finder.para_of(span)
    toks = [t for t in finder.tokens(lo, span.open_at) if not t.is_space]
    if not toks or not finder.text[toks[0].idx : span.open_at].rstrip().endswith(":"):
        return None
    words = toks[:-1] if toks[-1].is_punct else toks  # ":", "):"; or one token 'Voss:"We'
    first = next((k for k in range(len(words) - 1, -1, -1) if words[k].text in (".", "!", "?", ";")), -1)
    words = words[first + 1 :]
    inside = {t.i for t in words}
    roots = [t for t in words if t.head.i not in inside or t.head.i == t.i]
    if not words or len(roots) != 1 or any(t.pos_ in ("VERB", "AUX") for t in words):
        return None
    head = roots[0]
    cls = finder.resolver.m.classify(head)
    if head.pos_ not in ("PROPN", "NOUN") or cls is None or cls.kind not in ("person", "body"):
        return None
    found = finder.resolver.resolve(head)
    if found is None:
        return None
    at = mentioned_at(head, found)
    colon = finder.text.rindex(":", at.start, span.open_at)
    return Speaker(at.name, at.start, min(at.end, colon), at.medium)  # not into a token 'Voss:"We'


def _according_at(cue: Token) -> tuple[int, int]:
    to = next((c for c in cue.children if c.lower_ == "to"), None)
    end = to.idx + len(to.text) if to is not None else cue.idx + len(cue.text)
    return cue.idx, end


def _previous_subject(finder: CueFinder, span: QuoteSpan) -> Speaker | None:
    """The last person or body that is a subject in the paragraph before ``span``'s."""
    if span.paragraph == 0:
        return None
    lo, hi = finder.paras[span.paragraph - 1]
    for t in reversed(finder.tokens(lo, hi)):
        if t.dep_ not in ("nsubj", "nsubjpass") or finder.blocked[t.i]:
            continue
        cls = finder.resolver.m.classify(t)
        if cls is not None and cls.kind in ("person", "body", "pronoun"):
            return finder.resolver.resolve(t)
    return None


def _copy(dst: Work, src: Work, addressee: bool = True) -> None:
    # (the cue lemma stays unset: media are inherited from a quotation's own cue only)
    dst.speaker, dst.cue, dst.cue_at = src.speaker, src.cue, src.cue_at
    dst.addressee = src.addressee if addressee else None
    dst.medium = dst.medium or src.medium


def inherit(works: list[Work], finder: CueFinder) -> None:
    """Give quotations without a cue of their own the attribution of the quotation they continue."""
    spans = {id(w): w.span for w in works if w.span is not None}
    # 1. parts of one multi-paragraph quote share the attribution of the part that has one
    by_group: dict[int, Work] = {}
    for w in works:
        if w.speaker is not None and w.span is not None and w.span.group not in by_group:
            by_group[w.span.group] = w
    for w in works:
        src = by_group.get(w.span.group) if w.span is not None else None
        if w.speaker is None and src is not None and src is not w:
            _copy(w, src)
    # 2. continuation in the same or the next paragraph; partials borrow from their paragraph
    for k, w in enumerate(works):
        span = spans.get(id(w))
        if w.speaker is not None or w.own_cue or span is None:
            continue
        prev = works[k - 1] if k > 0 else None
        if w.kind == "partial":
            mates = [o for o in works if o.paragraph == w.paragraph and o.own_cue and o.speaker]
            if mates:
                _copy(w, min(mates, key=lambda o: abs(_start(o) - span.start)))
            continue
        if prev is not None and prev.speaker is not None:
            same_para = prev.paragraph == w.paragraph
            next_para = prev.paragraph == w.paragraph - 1 and span.open_at == finder.para_of(span)[0]
            if same_para or next_para:
                _copy(w, prev, addressee=same_para)  # a new paragraph is said, not told to someone
                continue
        if span.open_at == finder.para_of(span)[0]:
            w.speaker = _previous_subject(finder, span)


def _start(w: Work) -> int:
    return w.span.start if w.span is not None else 0
