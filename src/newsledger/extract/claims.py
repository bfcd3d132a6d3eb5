"""Claims extractor: each reported assertion with its attribution chain, hedges and verification.

One claim per sentence (a line break also ends a sentence). A sentence is split into clauses
only when it carries two different attributions in separate clauses ("X denied A, while Y said
B"). The chain is outermost first: the outlet, then the sources named in the sentence from
outer to inner: "Bloomberg reports, citing sources familiar with the situation" gives
[outlet, Bloomberg, sources familiar with the situation]. Links are speakers and sources only:
a medium ("in a Telegram post") or a recording is never a link, and an addressee ("told
reporters") is not one unless it is a named outlet ("told the Meridian Times").

The pieces:

* :mod:`newsledger.extract.mentions`: naming, typing and resolving one source mention;
* :mod:`newsledger.extract.attribution`: the attribution frames of a sentence and how they merge;
* this module: sentences, the speakers of the Doc's attributions (:mod:`newsledger.extract.attributions`,
  the objects the quotes component reads too), voices heard in a recording or video
  (typed ``intercepted_communication`` / ``social_media`` after whoever released it), the
  ``[outlet, unspecified]`` chain of "reportedly" / "is said to" with no named source, and the
  assembly of contract claims;
* :mod:`newsledger.extract.verification`: the verification status.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from newsledger.contract import Claim, Hedge, Quote, Source
from newsledger.extract._doc import claim_for_span, doc_text, ensure_extensions, version_tag
from newsledger.extract.attribution import (
    Frame,
    Unit,
    combine,
    reporting_lemmas,
    sharers,
    unit_attributions,
)
from newsledger.extract.attributions import Attribution, attributions_of
from newsledger.extract.hedges import Cue, find_doc_cues, to_hedge
from newsledger.extract.lexicon import lexicon as words_lexicon
from newsledger.extract.mentions import (
    CARRIER_TYPES,
    SUBJECTS,
    Carrier,
    History,
    Mention,
    agent_of,
    register_names,
    speaker_chain,
)
from newsledger.extract.sources import lexicon, person_type
from newsledger.extract.verification import Draft, evidence_class, verification_status

NAME = "newsledger.claims"
VERSION = "1.0.0"
TAG = version_tag(NAME, VERSION)

OUTLET_FALLBACK = "the outlet"
MIN_WORDS = 4  # shorter lines are headline fragments or debris
MIN_WORDS_UNPUNCTUATED = 6  # lines without final punctuation need more to count as a sentence
CARRIER_REACH = 3  # units a recording's voices may be heard after the last mention of it
UNSPECIFIED = "unspecified"

_LEX = words_lexicon()  # data/attribution.yaml
# Nouns that name the recording or video a voice is heard in ("in one intercepted call").
_CARRIER_NOUNS = _LEX.carrier_nouns
_ORDINALS = _LEX.ordinals
_INTERCEPT_MARKS = _LEX.intercept_marks
_REPLY_VERBS = _LEX.reply_verbs
# Impersonal hedges that stand for an unnamed source ("He reportedly told staff").
_IMPERSONAL = _LEX.impersonal


# --------------------------------------------------------------------------- attributions


def _attributed(
    doc: Doc, unit: Unit, said: Sequence[Attribution], atts: list[Frame], index: int, history: History
) -> None:
    """A unit with no frame of its own that holds an attribution's content or cue (a sentence
    that is all quotation) takes the attribution's resolved speaker as its frame."""
    if atts:
        return
    lo, hi = doc[unit.start].idx, doc[unit.end - 1].idx + len(doc[unit.end - 1].text)
    for one in said:
        cued = one.cue_start is not None and lo <= one.cue_start < hi
        if not one.speaker or not (lo <= one.start < hi or cued):
            continue
        span = None
        if one.speaker_start is not None and one.speaker_end is not None:
            span = doc.char_span(one.speaker_start, one.speaker_end, alignment_mode="expand")
        if span is not None and span.root.dep_ == "nsubjpass" and agent_of(span.root.head) is None:
            continue  # "X is said to ...": a hedge, not a speaker
        chain = _speaker_chain(one, span, index, history)
        anchor = doc.char_span(one.start, one.end, alignment_mode="expand")
        head = anchor.root if anchor is not None else doc[unit.start]
        atts.append(Frame(chain, one.cue, head, head.i))
        return


def _speaker_chain(one: Attribution, span: Span | None, index: int, history: History) -> list[Mention]:
    return speaker_chain(one.speaker or "", one.speaker_start, one.speaker_end, span, index, history)


# --------------------------------------------------------------------------- carriers


def _explicit_carrier(doc: Doc, unit: Unit, history: History) -> tuple[str, str, Token] | None:
    """(kind, lemma, noun) when the unit says it is heard in a recording or video: "In one
    intercepted call, ...", "... says in the video", "In the second recording", "In the first"."""
    active = history.carrier
    for tok in doc[unit.start : unit.end]:
        if tok.dep_ != "pobj" or tok.head.lower_ not in ("in", "during", "on"):
            continue
        lemma = tok.lemma_.lower()
        kind = _CARRIER_NOUNS.get(lemma)
        if kind == "intercepted_communication" and lemma in _LEX.marked_carriers:
            marked = any(c.lower_ in _INTERCEPT_MARKS for c in tok.children)
            if not marked and (active is None or active.kind != kind):
                kind = None  # "said on a call with investors": a call, nothing intercepted
        if kind is not None and (tok.head.lower_ != "on" or kind == "social_media"):
            return kind, lemma, tok
        if lemma in _ORDINALS and active is not None and tok.head.lower_ == "in":
            return active.kind, active.lemma, tok
    return None


def _hear(doc: Doc, unit: Unit, index: int, atts: list[Frame], history: History) -> None:
    """Put the voices heard in a recording or video under whoever released it: [outlet,
    security service, soldier (intercepted_communication)]. A named speaker who is not heard
    in it (the releaser, someone speaking to the outlet) closes the carrier."""
    explicit = _explicit_carrier(doc, unit, history)
    carrier = history.carrier
    if explicit is not None and (carrier is None or carrier.kind != explicit[0]):
        kind, lemma, noun = explicit
        outer = sharers(noun, index, history)  # "a video it posted"
        if not outer and kind == "intercepted_communication" and history.chains:
            outer = list(history.chains[-1][1])  # the last source heard of: who played the calls
        carrier = history.carrier = Carrier(outer, kind, index, lemma)
    if carrier is None:
        return
    if explicit is None and index - carrier.unit > CARRIER_REACH:
        history.carrier = None
        return
    if explicit is not None:
        carrier.unit = index
    for att in atts:
        if att.opens is not None:
            continue
        last = att.chain[-1]
        outer_names = {m.source.name for m in carrier.outer}
        if last.source.name in outer_names or any(m.source.type == "media_outlet" for m in att.chain[:-1]):
            history.carrier = None
            return
        voice = any(last.source.name.lower() == v.source.name.lower() for v in carrier.voices)
        full_name = last.person and len(last.source.name.split()) > 1 and last.source.name[:1].isupper()
        unnamed = last.source.type in ("anonymous", "unspecified") or (
            not full_name and (last.person or last.source.type == carrier.kind)
        )
        reply = att.head.lemma_.lower() in _REPLY_VERBS or att.cue is None
        if carrier.kind == "social_media":
            heard = unnamed and (explicit is not None or last.source.type == carrier.kind)
        else:
            heard = explicit is not None or voice or unnamed or (reply and last.person)
        if not heard:
            if last.person and last.source.type in CARRIER_TYPES:
                # heard in a call before, speaking in person now: a person again
                src = dataclasses.replace(last.source, type=person_type(" ".join(sorted(last.role))))
                att.chain[-1] = dataclasses.replace(last, source=src)
            history.carrier = None
            return
        src = dataclasses.replace(last.source, type=carrier.kind)
        att.chain = [*carrier.outer, dataclasses.replace(last, source=src)]
        att.via = carrier
        carrier.unit = index


def _impersonal(doc: Doc, start: int, end: int, cues: Sequence[Cue]) -> bool:
    text = " ".join(doc_text(doc)[start:end].lower().split())
    hedged = [c for c in cues if start <= c.start < end and c.kind == "hedge"]
    return any(any(p in " ".join(c.text.lower().split()) for p in _IMPERSONAL) for c in hedged) or (
        "it was reported" in text
    )


# --------------------------------------------------------------------------- units


def _units(doc: Doc) -> list[Unit]:
    """Sentences, also cut at line breaks, with their paragraph number (a line is a paragraph)."""
    units: list[Unit] = []
    para = 0
    for sent in doc.sents:
        start = sent.start
        for tok in sent:
            if tok.is_space and "\n" in tok.text:
                if tok.i > start:
                    units.append(Unit(start, tok.i, para))
                para += 1
                start = tok.i + 1
            elif "\n" in tok.whitespace_:
                units.append(Unit(start, tok.i + 1, para))
                para += 1
                start = tok.i + 1
        if start < sent.end:
            units.append(Unit(start, sent.end, para))
    out: list[Unit] = []
    for u in units:
        s, e = u.start, u.end
        while s < e and doc[s].is_space:
            s += 1
        while e > s and doc[e - 1].is_space:
            e -= 1
        if e <= s:
            continue
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.para == u.para
            and ((doc[s].is_lower and doc[s].is_alpha) or _open_quote(doc, prev.start, prev.end))
        ):
            prev.end = e  # a false break ("300 thousand. people") or a quotation that goes on
        else:
            out.append(Unit(s, e, u.para))
    return out


def _open_quote(doc: Doc, start: int, end: int) -> bool:
    """Whether the tokens leave a double quotation open (curly or straight)."""
    curly = sum(1 for t in doc[start:end] if t.text == "“") - sum(1 for t in doc[start:end] if t.text == "”")
    straight = sum(t.text.count('"') for t in doc[start:end])
    return curly > 0 or straight % 2 == 1


def _asserts(span: Span) -> bool:
    """Whether a unit reads as an assertion, not a headline fragment, a button or an imperative."""
    words = [t for t in span if not (t.is_punct or t.is_space)]
    if len(words) < MIN_WORDS:
        return False
    final = span[-1].text
    if final not in {".", "!", "?", "”", '"', "’", "'", ")", "…"} and len(words) < MIN_WORDS_UNPUNCTUATED:
        return False
    if not any(t.pos_ in ("VERB", "AUX") for t in span):
        return False
    root = span.root
    imperative = (
        root.tag_ == "VB" and root.i == words[0].i and not any(c.dep_ in SUBJECTS for c in root.children)
    )
    return not imperative


# --------------------------------------------------------------------------- claims


def _outlet_source(doc: Doc) -> Source:
    name = doc._.nl_outlet or OUTLET_FALLBACK
    return Source(name=name, type="media_outlet", start=None, end=None)


def _same_outlet(name: str, outlet: str) -> bool:
    """ "the Post" / "the Calder Post" / "Calder Post" all name the article's own outlet."""
    strip = [w for w in name.lower().split() if w not in ("the", "a")]
    own = [w for w in outlet.lower().split() if w not in ("the", "a")]
    return bool(strip) and strip == own[-len(strip) :]


def _chain(outlet: Source, att: Frame | None, impersonal: bool) -> tuple[Source, ...]:
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


def _evidence(att: Frame | None) -> frozenset[str]:
    if att is None:
        return frozenset()
    lemmas = {c.lemma for c in (att.via, att.opens) if c is not None}
    lemmas.update(m.head for m in att.chain if m.source.type in ("document", *(_CARRIER_NOUNS.values())))
    return frozenset(evidence_class(lemma) for lemma in lemmas)


def _trim(doc: Doc, lo: int, hi: int, first: bool) -> tuple[int, int] | None:
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
    return doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1].text)


def extract_claims(doc: Doc, said: Sequence[Attribution] | None = None) -> list[Claim]:
    """Return the claims of ``doc`` in text order (ids ``c1``, ``c2``, ...).

    ``said`` are the Doc's attributions (:func:`~newsledger.extract.attributions.attributions_of`
    when omitted): their resolved speakers attribute the sentences they sit in.
    """
    found_said = attributions_of(doc) if said is None else said
    outlet = _outlet_source(doc)
    history = History()
    register_names(doc, history)
    cues = find_doc_cues(doc)
    drafts: list[Draft] = []
    atts_of: list[Frame | None] = []
    openers: dict[int, int] = {}  # id(carrier) -> index of the draft that opened it
    for index, unit in enumerate(_units(doc)):
        span = doc[unit.start : unit.end]
        atts = unit_attributions(doc, unit, index, history)
        _attributed(doc, unit, found_said, atts, index, history)
        _hear(doc, unit, index, atts, history)
        for found in atts:
            history.add(index, found.chain)
            if found.opens is not None:
                history.carrier = found.opens
        if not _asserts(span):
            continue
        for lo, hi, att in combine(atts, unit):
            chars = _trim(doc, lo, hi, lo == unit.start)
            if chars is None:
                continue
            start, end = chars
            own = tuple(c for c in cues if start <= c.start and c.end <= end)
            sources = _chain(outlet, att, _impersonal(doc, start, end, cues))
            heard = None
            if att is not None and att.via is not None:
                heard = openers.get(id(att.via))
            if att is not None and att.opens is not None:
                openers[id(att.opens)] = len(drafts)
            tokens = list(doc.char_span(start, end, alignment_mode="expand") or [])
            drafts.append(Draft(start, end, unit.para, sources, own, _evidence(att), heard, tokens=tokens))
            atts_of.append(att)
    verification_status(doc, cues, drafts, doc._.nl_outlet)
    claims: list[Claim] = []
    for n, (draft, frame) in enumerate(zip(drafts, atts_of, strict=True), start=1):
        hedges: tuple[Hedge, ...] = tuple(
            to_hedge(c, TAG) for c in draft.cues if c.kind in ("hedge", "disclaimer")
        )
        cue = frame.cue if frame is not None and len(draft.sources) > 1 else None
        text = doc_text(doc)[draft.start : draft.end]
        claims.append(
            Claim(f"c{n}", text, draft.start, draft.end, draft.sources, cue, hedges, draft.status, TAG)
        )
    return claims


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
    requires=["doc._.nl_attributions", "doc._.nl_entities", "doc._.nl_outlet", "doc.sents", "token.dep"],
    assigns=["doc._.nl_claims"],
)
def make_claims_component(nlp: Language, name: str) -> ClaimsComponent:
    ensure_extensions()
    reporting_lemmas()
    lexicon()
    return ClaimsComponent()
