"""Attributions: who said what in a Doc, found once and read by the quotes and claims components.

An :class:`Attribution` is a source mention (resolved to a name), the cue that attributes
(a reporting verb or "according to"), and the content attributed: the words of a quotation
(``direct`` or ``partial``) or a reported clause (``indirect``). They are found once per Doc by
the ``newsledger_attributions`` component (or :func:`attributions_of` outside the pipeline) and
kept on ``doc._.nl_attributions``; the quotes component turns each into a contract ``Quote``.
From the same cues the component finds the :class:`~newsledger.extract.frames.Frame` of every
sentence (the chain of sources that attributes it: "told Meduza", "citing sources", "X reports",
voices heard in a recording), kept on ``doc._.nl_frames``; the claims component only assembles
claims from them.

The pieces:

* :mod:`newsledger.extract.speakers`: mentions and their resolution to named entities;
* :mod:`newsledger.extract.cues`: reporting cues and their subject, addressee and medium;
* :mod:`newsledger.extract.quoted`: quotations and the inheritance of their attribution;
* :mod:`newsledger.extract.indirect`: reported clauses without quotation marks;
* :mod:`newsledger.extract.frames`: the frames of each sentence (chains, carriers, source types);
* this module: the value type, the Doc-level assembly and media stated once and implied after.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from newsledger.extract._doc import doc_text, ensure_extensions, version_tag
from newsledger.extract.anaphora import warm_genders
from newsledger.extract.cues import CueFinder
from newsledger.extract.frames import Sentence, find_frames
from newsledger.extract.indirect import find_indirect
from newsledger.extract.learned import with_model
from newsledger.extract.lexicon import Lexicon
from newsledger.extract.medium import platform_of
from newsledger.extract.quoted import Work, attribute, fill, inherit
from newsledger.extract.quotemarks import find_quotes

NAME = "newsledger.attributions"
VERSION = "1.0.0"
TAG = version_tag(NAME, VERSION)


@dataclass(frozen=True)
class Attribution:
    """One attribution: ``start``/``end`` delimit the content (quoted words without their marks,
    or the reported clause); the speaker offsets are those of the attribution's own mention of its
    source ("the vice president", "he"; the name where the mention holds it), ``speaker`` the name
    or description that mention resolves to (:func:`~newsledger.extract.speakers.mentioned_at`)."""

    kind: str  # direct | partial | indirect
    start: int
    end: int
    paragraph: int = -1
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    speaker: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    addressee: str | None = None
    medium: str | None = None
    confidence: float = 1.0  # the rules: 1.0; the learned model: the mean probability of its tags
    model: str | None = None  # name@version of the learned model that found or bounded the content


@dataclass
class _Found:
    start: int
    end: int
    kind: str
    work: Work
    paragraph: int
    marks: tuple[int, int]  # the quotation with its marks (the clause for an indirect one)


def find_attributions(doc: Doc) -> list[Attribution]:
    """The direct, partial and indirect attributions of ``doc``, in text order.

    Partial quotations nobody is said to have spoken (scare quotes, titles, terms) are left out;
    the parts of a direct quotation continued over several paragraphs are one attribution.
    """
    return _attributions(doc, CueFinder(doc, find_quotes(doc_text(doc))))


def find_layer(doc: Doc) -> tuple[list[Attribution], list[Sentence]]:
    """The attributions of ``doc`` and the frames of its sentences, from one set of cues."""
    finder = CueFinder(doc, find_quotes(doc_text(doc)))
    found = _attributions(doc, finder)
    return found, find_frames(doc, finder, found)


def _attributions(doc: Doc, finder: CueFinder) -> list[Attribution]:
    spans = finder.spans
    warm_genders(finder.resolver)
    works = [attribute(finder, s) for s in spans]
    inherit(works, finder)
    found: list[_Found] = []
    for w in works:
        span = w.span
        if span is None or (w.kind == "partial" and w.cue is None):
            continue  # scare quotes, titles, terms: nobody is quoted
        last = found[-1] if found else None
        if last is not None and span.part > 0 and last.kind == "direct" and w.kind == "direct":
            last.end = span.end  # one quote continued over several paragraphs
            continue
        found.append(_Found(span.start, span.end, w.kind, w, span.paragraph, (span.open_at, span.close_end)))
    kept = [f.marks for f in found]
    for clause, speaker in find_indirect(finder, kept):
        work = Work(kind="indirect")
        fill(work, finder, clause.cue, speaker, clause.subject)
        work.medium = work.medium or platform_of(clause.subject)
        para = next((k for k, (lo, hi) in enumerate(finder.paras) if lo <= clause.start < hi), -1)
        found.append(_Found(clause.start, clause.end, "indirect", work, para, (clause.start, clause.end)))
    found.sort(key=lambda f: (f.start, f.end))
    _inherit_media(found, finder.lex)
    return with_model(doc, [_frozen(f) for f in found], Attribution, finder.cue_subject)


def _inherit_media(found: list[_Found], lex: Lexicon) -> None:
    """Media stated once and implied after.

    "X wrote that ..." after "X said in a Telegram post" is in that post; a reply in a recorded
    conversation ("“...,” his mother replies") is in the recording of the quote before it.
    """
    for k, f in enumerate(found):
        w = f.work
        if w.medium is not None or w.cue_lemma is None:
            continue
        earlier = found[:k]
        if w.cue_lemma in lex.writing_verbs and w.speaker is not None:
            name = w.speaker.name
            same = [e.work for e in earlier if e.work.speaker is not None and e.work.speaker.name == name]
            media = [a.medium for a in same if a.medium]
            if media:
                w.medium = media[-1]
                continue
        if f.kind == "direct" and w.cue_lemma in lex.dialogue_verbs and earlier:
            prev = earlier[-1]
            recorded = prev.work.medium is not None and any(
                word in lex.context_media for word in prev.work.medium.lower().split()
            )
            if recorded and f.paragraph - prev.paragraph <= 1:
                w.medium = prev.work.medium


def _frozen(f: _Found) -> Attribution:
    w, sp = f.work, f.work.speaker
    return Attribution(
        kind=f.kind,
        start=f.start,
        end=f.end,
        paragraph=f.paragraph,
        cue=w.cue,
        cue_start=w.cue_at[0] if w.cue_at else None,
        cue_end=w.cue_at[1] if w.cue_at else None,
        speaker=sp.name if sp else None,
        speaker_start=sp.start if sp else None,
        speaker_end=sp.end if sp else None,
        addressee=w.addressee,
        medium=w.medium,
    )


def attributions_of(doc: Doc) -> list[Attribution]:
    """The attributions of ``doc``: found on first use and kept on ``doc._.nl_attributions``."""
    ensure_extensions()
    if doc._.nl_attributions is None:
        _store(doc)
    return list(doc._.nl_attributions)


def frames_of(doc: Doc) -> list[Sentence]:
    """The sentences of ``doc`` with their frames: found on first use, kept on ``doc._.nl_frames``."""
    ensure_extensions()
    if doc._.nl_frames is None:
        _store(doc)
    return list(doc._.nl_frames)


def _store(doc: Doc) -> None:
    found, frames = find_layer(doc)
    if doc._.nl_attributions is None:
        doc._.nl_attributions = found
    doc._.nl_frames = frames


class AttributionsComponent:
    def __call__(self, doc: Doc) -> Doc:
        doc._.nl_attributions, doc._.nl_frames = find_layer(doc)
        return doc


@Language.factory(
    "newsledger_attributions",
    requires=["doc._.nl_entities", "doc._.nl_outlet", "doc.sents", "token.dep", "token.tag", "token.lemma"],
    assigns=["doc._.nl_attributions", "doc._.nl_frames"],
    default_config={},
)
def make_attributions_component(nlp: Language, name: str) -> AttributionsComponent:
    ensure_extensions()
    return AttributionsComponent()
