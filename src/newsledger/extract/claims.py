"""Claims extractor: each reported assertion with its attribution chain, hedges and verification.

One claim per sentence (a line break also ends a sentence). A sentence is split into clauses
only when it carries two different attributions in separate clauses ("X denied A, while Y said
B"). The chain is outermost first: the outlet, then the sources named in the sentence from
outer to inner: "Bloomberg reports, citing sources familiar with the situation" gives
[outlet, Bloomberg, sources familiar with the situation]. Links are speakers and sources only:
a medium ("in a Telegram post") or a recording is never a link, and an addressee ("told
reporters") is not one unless it is a named outlet ("told the Meridian Times").

Claims only assemble: the sentences and their frames (who attributes each clause, its chain of
typed sources, the recording a voice is heard in) come from the attribution component
(:func:`newsledger.extract.attributions.frames_of`, found from the same cues as the quotes).

The pieces:

* :mod:`newsledger.extract.chains`: how the frames of one sentence merge or split it;
* this module: which sentences assert, the outlet at the head of every chain, the
  ``[outlet, unspecified]`` chain of "reportedly" / "is said to" with no named source, and the
  assembly of contract claims;
* :mod:`newsledger.extract.verification`: the verification status.
"""

from __future__ import annotations

import dataclasses
from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from spacy.language import Language
from spacy.tokens import Doc

from newsledger.contract import Claim, Quote, Source
from newsledger.extract._doc import claim_for_span, doc_text, ensure_extensions, version_tag
from newsledger.extract.attributions import Attribution, attributions_of, frames_of
from newsledger.extract.chains import Merged, combine
from newsledger.extract.frames import Sentence
from newsledger.extract.hedges import Cue, find_doc_cues, to_hedge
from newsledger.extract.lexicon import lexicon as words_lexicon
from newsledger.extract.mentions import SUBJECTS
from newsledger.extract.sources import lexicon
from newsledger.extract.tokenview import token_view
from newsledger.extract.verification import Draft, evidence_class, verification_status

NAME = "newsledger.claims"
VERSION = "1.1.0"  # 1.1: kind and confidence of the attribution; hedges say whose they are (voice)
TAG = version_tag(NAME, VERSION)

OUTLET_FALLBACK = "the outlet"
MIN_WORDS = 4  # shorter lines are headline fragments or debris
MIN_WORDS_UNPUNCTUATED = 6  # lines without final punctuation need more to count as a sentence
UNSPECIFIED = "unspecified"

_LEX = words_lexicon()  # data/attribution.yaml
# Nouns that name the recording or video a voice is heard in ("in one intercepted call").
_CARRIER_NOUNS = _LEX.carrier_nouns
# Impersonal hedges that stand for an unnamed source ("He reportedly told staff").
_IMPERSONAL = _LEX.impersonal


class _CueIndex:
    """The cues of one Doc (``find_doc_cues``: in text order) with their starts, to take the
    cues of a char range by bisection instead of a pass over every cue per claim."""

    def __init__(self, cues: Sequence[Cue]) -> None:
        self.cues = cues
        self.starts = [c.start for c in cues]

    def starting_in(self, start: int, end: int) -> Sequence[Cue]:
        """The cues with ``start <= cue.start < end``, in text order."""
        return self.cues[bisect_left(self.starts, start) : bisect_left(self.starts, end)]

    def within(self, start: int, end: int) -> tuple[Cue, ...]:
        """The cues inside ``[start, end]`` (``start <= cue.start`` and ``cue.end <= end``), in order."""
        lo = bisect_left(self.starts, start)
        hi = bisect_right(self.starts, end)
        return tuple(c for c in self.cues[lo:hi] if c.end <= end)


def _impersonal(doc: Doc, start: int, end: int, cues: _CueIndex) -> bool:
    text = " ".join(doc_text(doc)[start:end].lower().split())
    hedged = [c for c in cues.starting_in(start, end) if c.kind == "hedge" and not c.quoted]
    return any(any(p in " ".join(c.text.lower().split()) for p in _IMPERSONAL) for c in hedged) or any(
        p in text for p in _LEX.impersonal_clause
    )


# --------------------------------------------------------------------------- claims


def _asserts(doc: Doc, start: int, end: int) -> bool:
    """Whether the unit ``doc[start:end]`` reads as an assertion, not a headline fragment, a
    button or an imperative (token attributes read from the Doc's shared columns)."""
    view = token_view(doc)
    punct, space = view.is_punct, view.is_space
    words = [i for i in range(start, end) if not (punct[i] or space[i])]
    if len(words) < MIN_WORDS:
        return False
    final = view.text[end - 1]
    if final not in _FINAL_MARKS and len(words) < MIN_WORDS_UNPUNCTUATED:
        return False
    pos = view.pos
    if not any(pos[i] in ("VERB", "AUX") for i in range(start, end)):
        return False
    root = doc[start:end].root
    imperative = (
        root.tag_ == "VB"
        and root.i == words[0]
        and not any(c.dep_ in SUBJECTS for c in root.children)
    )
    return not imperative


_FINAL_MARKS = frozenset({".", "!", "?", "”", '"', "’", "'", ")", "…"})


def _outlet_source(doc: Doc) -> Source:
    name = doc._.nl_outlet or OUTLET_FALLBACK
    return Source(name=name, type="media_outlet", start=None, end=None)


def _same_outlet(name: str, outlet: str) -> bool:
    """ "the Post" / "the Calder Post" / "Calder Post" all name the article's own outlet."""
    strip = [w for w in name.lower().split() if w not in ("the", "a")]
    own = [w for w in outlet.lower().split() if w not in ("the", "a")]
    return bool(strip) and strip == own[-len(strip) :]


def _chain(outlet: Source, att: Merged | None, impersonal: bool) -> tuple[Source, ...]:
    chain = [outlet]
    if att is not None:
        for mention in att.chain:
            src = mention.source
            if any(c.name.lower() == src.name.lower() for c in chain):
                continue
            if len(chain) == 1 and _same_outlet(src.name, outlet.name):
                continue
            chain.append(src)
    if (
        impersonal
        and (att is None or att.frames == 1)
        and not any(s.type == "media_outlet" for s in chain[1:])
    ):
        chain.insert(1, Source(UNSPECIFIED, UNSPECIFIED))  # "He reportedly told staff": [outlet, ?, He]
    return tuple(chain)


def _evidence(att: Merged | None) -> frozenset[str]:
    if att is None:
        return frozenset()
    lemmas = {c.lemma for c in (att.via, att.opens) if c is not None}
    lemmas.update(m.head for m in att.chain if m.source.type in ("document", *(_CARRIER_NOUNS.values())))
    return frozenset(evidence_class(lemma) for lemma in lemmas)


def _attribution(
    doc: Doc, start: int, end: int, frame: Merged | None, atts: Sequence[Attribution]
) -> Attribution | None:
    """The attribution a claim's chain stands for: among those whose content overlaps the claim,
    the one whose cue is the frame's cue, else the one that overlaps it most."""
    inside = [a for a in atts if a.start < end and start < a.end]
    if not inside:
        return None
    if frame is not None:
        cue = doc[frame.anchor]
        cued = [a for a in inside if a.cue_start is not None and cue.idx <= a.cue_start < cue.idx + len(cue)]
        if cued:
            return cued[0]
    return max(inside, key=lambda a: (min(a.end, end) - max(a.start, start), -a.start))


def _claim(n: int, doc: Doc, draft: Draft, frame: Merged | None, atts: Sequence[Attribution]) -> Claim:
    """The contract claim of one draft. An attributed claim keeps the kind and confidence of the
    attribution its chain stands for (an attribution without quotation marks the rules found for
    the frame alone, "reportedly" or "citing", is indirect); the outlet's own claim has no kind."""
    speakers = [(a.start, a.end, a.speaker) for a in atts if a.kind != "indirect"]
    hedges = tuple(
        to_hedge(c, TAG, next((sp for lo, hi, sp in speakers if lo <= c.start and c.end <= hi), None))
        for c in draft.cues
        if c.kind in ("hedge", "disclaimer")
    )
    text = doc_text(doc)[draft.start : draft.end]
    if len(draft.sources) == 1:
        return Claim(f"c{n}", text, draft.start, draft.end, draft.sources, None, hedges, draft.status, TAG)
    att = _attribution(doc, draft.start, draft.end, frame, atts)
    return Claim(
        f"c{n}",
        text,
        draft.start,
        draft.end,
        draft.sources,
        frame.cue if frame is not None else None,
        hedges,
        draft.status,
        TAG if att is None or att.model is None else f"{TAG}+{att.model}",
        kind=att.kind if att is not None else "indirect",
        confidence=att.confidence if att is not None else 1.0,
    )


def _trim(doc: Doc, lo: int, hi: int, first: bool) -> tuple[int, int] | None:
    """The token range ``[lo, hi)`` without leading and trailing spaces and separators."""
    while lo < hi and (
        doc[lo].is_space
        or (doc[lo].is_punct and doc[lo].text in ",;:—–-")
        or (not first and doc[lo].dep_ == "cc")
    ):
        lo += 1
    while hi > lo and (doc[hi - 1].is_space or doc[hi - 1].text in ",;:—–-"):
        hi -= 1
    if hi <= lo:
        return None
    return lo, hi


def extract_claims(doc: Doc, sentences: Sequence[Sentence] | None = None) -> list[Claim]:
    """Return the claims of ``doc`` in text order (ids ``c1``, ``c2``, ...).

    ``sentences`` are the Doc's sentences with their frames
    (:func:`~newsledger.extract.attributions.frames_of` when omitted).
    """
    found = frames_of(doc) if sentences is None else sentences
    outlet = _outlet_source(doc)
    cues = find_doc_cues(doc)
    index = _CueIndex(cues)
    drafts: list[Draft] = []
    atts_of: list[Merged | None] = []
    openers: dict[int, int] = {}  # carrier number -> index of the draft that opened it
    for unit in found:
        if not _asserts(doc, unit.start, unit.end):
            continue
        for lo, hi, att in combine(doc, unit):
            trimmed = _trim(doc, lo, hi, lo == unit.start)
            if trimmed is None:
                continue
            tokens = doc[trimmed[0] : trimmed[1]]  # a Span: Tokens made only if verification reads them
            start, end = tokens.start_char, tokens.end_char
            own = index.within(start, end)
            sources = _chain(outlet, att, _impersonal(doc, start, end, index))
            heard = None
            if att is not None and att.via is not None:
                heard = openers.get(att.via.number)
            if att is not None and att.opens is not None:
                openers[att.opens.number] = len(drafts)
            drafts.append(Draft(start, end, unit.para, sources, own, _evidence(att), heard, tokens=tokens))
            atts_of.append(att)
    verification_status(doc, cues, drafts, doc._.nl_outlet)
    atts = attributions_of(doc)
    return [
        _claim(n, doc, draft, frame, atts)
        for n, (draft, frame) in enumerate(zip(drafts, atts_of, strict=True), start=1)
    ]


def link_quotes(quotes: Sequence[Quote], claims: Sequence[Claim]) -> list[Quote]:
    """Each quote with ``claim`` set to the id of the claim that contains it (or its start).

    Used when an article is assembled from its Doc: no component rewrites another's output."""
    out = []
    for quote in quotes:
        cid = claim_for_span(claims, quote.start, quote.end)
        if cid is None:
            cid = claim_for_span(claims, quote.start, quote.start + 1)
        out.append(dataclasses.replace(quote, claim=cid))
    return out


class ClaimsComponent:
    def __call__(self, doc: Doc) -> Doc:
        doc._.nl_claims = extract_claims(doc)
        return doc


@Language.factory(
    "newsledger_claims",
    requires=[
        "doc._.nl_frames",
        "doc._.nl_attributions",
        "doc._.nl_entities",
        "doc._.nl_outlet",
        "doc.sents",
        "token.dep",
    ],
    assigns=["doc._.nl_claims"],
    default_config={},
)
def make_claims_component(nlp: Language, name: str) -> ClaimsComponent:
    ensure_extensions()
    lexicon()
    return ClaimsComponent()
