"""Hedge, disclaimer, denial, dispute and verification cues, with character spans.

The patterns live in ``data/hedges.yaml`` (see ``data/README.claims.md``) as spaCy ``Matcher``
token patterns, with the few checks a token pattern cannot say (the word before or after a match).
The Matcher checks the patterns; they are matched by :class:`~newsledger.extract.wordpatterns.WordPatterns`
(the same matches, started only where a pattern's first word is; several times faster).
:func:`find_cues` works on plain text (tokenised only, no model); :func:`find_doc_cues` runs the
same patterns over a Doc and, when the Doc was parsed, drops verb-only cues whose first word is
not a verb ("claims" the noun, also where the tagger calls it a verb in a noun's slot: "Insurance
claims from the storm rose"), words of a proper name (``not_in_name``: "the Alleged Offenders
Registry Act") and modals that hedge nothing ("could not", "you could fit",
"that could happen", the month "May"). Overlapping cues are resolved longest-first, and a
disclaimer always wins over a verification cue that it contains ("has not been independently
verified by"). A cue inside quotation marks is ``quoted``: the quoted speaker's, not the reporter's
(the contract ``Hedge.voice``). What the cues do to a claim's verification status is
:mod:`newsledger.extract.verification`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import spacy
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from newsledger.contract import Hedge
from newsledger.data import load_yaml
from newsledger.errors import NewsledgerError
from newsledger.extract._doc import doc_text
from newsledger.extract.quotemarks import QuoteSpan, find_quotes
from newsledger.extract.wordpatterns import WordPatterns

CUE_KINDS = ("hedge", "disclaimer", "denial", "dispute", "verification")
_KIND_RANK = {"disclaimer": 0, "denial": 1, "dispute": 2, "verification": 3, "hedge": 4}


@dataclass(frozen=True)
class Cue:
    """One cue found in the text: ``kind`` is one of :data:`CUE_KINDS`."""

    text: str
    start: int
    end: int
    kind: str
    verb_only: bool = False
    distancing: bool = False  # a distancing hedge: its claim is unverified (see is_distancing)
    quoted: bool = False  # inside quotation marks: the quoted speaker's cue, not the reporter's


@dataclass(frozen=True)
class _Pattern:
    """One cue pattern of ``hedges.yaml`` with the checks the Matcher cannot express."""

    kind: str
    verb_only: bool = False
    modal: bool = False  # an epistemic modal: checked against the parse (see _epistemic)
    distancing: bool = False
    followed_by: tuple[tuple[str, ...], ...] = ()
    not_followed_by: tuple[tuple[str, ...], ...] = ()
    not_preceded_by: frozenset[str] = frozenset()
    word_after: bool = False
    not_in_name: bool = False  # not a word of a proper name ("the Alleged Offenders Registry Act")


_FIRST_SECOND = {"i", "we", "you", "me", "us"}
# Dependency labels of a noun's slot: a word tagged VERB that the parse puts there is a noun.
_NOUN_SLOTS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "compound", "attr", "appos"})
_SPACE: dict[str, Any] = {"IS_SPACE": True, "OP": "?"}  # a line break or double space between words
_WORD_CHAR = re.compile(r"[\w-]")


def _token_spec(item: Any) -> dict[str, Any]:
    """``word`` -> ``{LOWER: word}``; ``[a, b]`` -> ``{LOWER: {IN: [a, b]}}``; a mapping as it is."""
    if isinstance(item, str):
        return {"LOWER": item.lower()}
    if isinstance(item, list):
        return {"LOWER": {"IN": [str(w).lower() for w in item]}}
    if isinstance(item, dict):
        return {str(k): v for k, v in item.items()}
    raise TypeError(f"a token pattern is a word, a list of words or a mapping, not {item!r}")


def _phrases(raw: Any) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(str(p).lower().split()) for p in raw or ())


@lru_cache(maxsize=1)
def patterns() -> tuple[tuple[_Pattern, list[dict[str, Any]]], ...]:
    """Each cue pattern with its Matcher token pattern (built once from ``hedges.yaml``)."""
    raw = load_yaml("hedges.yaml")
    out: list[tuple[_Pattern, list[dict[str, Any]]]] = []
    try:
        for kind in CUE_KINDS:
            for entry in raw[kind]:
                tokens: list[dict[str, Any]] = []
                for item in entry["tokens"]:
                    tokens += [_SPACE, _token_spec(item)] if tokens else [_token_spec(item)]
                pattern = _Pattern(
                    kind,
                    verb_only=bool(entry.get("verb", False)),
                    modal=bool(entry.get("modal", False)),
                    distancing=bool(entry.get("distancing", False)),
                    followed_by=_phrases(entry.get("followed_by")),
                    not_followed_by=_phrases(entry.get("not_followed_by")),
                    not_preceded_by=frozenset(str(w).lower() for w in entry.get("not_preceded_by") or ()),
                    word_after=bool(entry.get("word_after", False)),
                    not_in_name=bool(entry.get("not_in_name", False)),
                )
                out.append((pattern, tokens))
    except (KeyError, TypeError, AttributeError) as exc:
        raise NewsledgerError(
            f"data file hedges.yaml is malformed: {exc}", hint="Reinstall newsledger."
        ) from exc
    return tuple(out)


_MATCHERS: dict[int, tuple[Vocab, Matcher, WordPatterns | None]] = {}


def build_matcher(vocab: Vocab, table: Sequence[tuple[_Pattern, list[dict[str, Any]]]]) -> Matcher:
    """A Matcher with one rule per pattern of ``table``; the match id is the pattern's index."""
    matcher = Matcher(vocab, validate=True)
    for i, (_pattern, tokens) in enumerate(table):
        try:
            matcher.add(str(i), [tokens])
        except (ValueError, KeyError) as exc:
            raise NewsledgerError(
                f"data file hedges.yaml has a bad pattern ({exc})", hint="Reinstall newsledger."
            ) from exc
    return matcher


def _matchers(vocab: Vocab) -> tuple[Matcher, WordPatterns | None]:
    """The cue Matcher for ``vocab`` (built once per vocabulary, which also checks the patterns)
    and the same patterns as :class:`WordPatterns` (None if they use what it does not handle)."""
    cached = _MATCHERS.get(id(vocab))
    if cached is None or cached[0] is not vocab:
        table = patterns()
        matcher = build_matcher(vocab, table)
        cached = (vocab, matcher, WordPatterns.build(vocab, [tokens for _pattern, tokens in table]))
        _MATCHERS[id(vocab)] = cached
    return cached[1], cached[2]


def raw_matches(doc: Doc) -> list[tuple[int, int, int]]:
    """``(pattern index, start token, end token)`` of every cue pattern over ``doc``, by end, start
    and pattern index (:class:`WordPatterns`; spaCy's Matcher where it cannot take the table)."""
    matcher, words = _matchers(doc.vocab)
    if words is not None:
        return words(doc)
    found = [(int(doc.vocab.strings[m]), start, end) for m, start, end in matcher(doc)]
    return sorted(found, key=lambda m: (m[2], m[1], m[0]))


@lru_cache(maxsize=1)
def _tokenizer() -> Language:
    """A blank English pipeline: the model's tokenizer rules, for cues on plain text."""
    return spacy.blank("en")


def is_distancing(text: str) -> bool:
    """Whether a hedge distances the outlet from the claim ("reportedly", "is said to",
    "claimed"): such a claim is unverified. Epistemic hedges ("probably", "appears") are not."""
    flat = " ".join(text.split())
    cues = _matches(_tokenizer().make_doc(flat), tagged=False, parsed=False, context=False)
    return any(c.distancing and c.start == 0 and c.end == len(flat) for c in cues)


def _words_after(doc: Doc, end: int, n: int) -> tuple[str, ...]:
    words: list[str] = []
    for tok in doc[end:]:
        if len(words) == n:
            break
        if not tok.is_space:
            words.append(tok.lower_)
    return tuple(words)


def _context_ok(doc: Doc, pattern: _Pattern, start: int, end: int) -> bool:
    """The checks around a match: word boundaries, and the words before and after it."""
    first, last = doc[start].idx, doc[end - 1].idx + len(doc[end - 1])
    text = doc_text(doc)
    if first > 0 and _WORD_CHAR.match(text[first - 1]):
        return False
    if last < len(text) and _WORD_CHAR.match(text[last]):
        return False
    before = next((t for t in reversed(doc[:start]) if not t.is_space), None)
    if before is not None and before.lower_ in pattern.not_preceded_by:
        return False
    if pattern.followed_by and not any(_words_after(doc, end, len(p)) == p for p in pattern.followed_by):
        return False
    if any(_words_after(doc, end, len(p)) == p for p in pattern.not_followed_by):
        return False
    if pattern.word_after:
        nxt = _words_after(doc, end, 1)
        if not nxt or not re.match(r"\w", nxt[0]):
            return False
    return True


def _resolve_overlaps(cues: list[Cue]) -> list[Cue]:
    """Keep the longest cue of each overlapping group (ties: the stronger kind)."""
    ordered = sorted(cues, key=lambda c: (-(c.end - c.start), _KIND_RANK[c.kind], c.start))
    kept: list[Cue] = []
    for cue in ordered:
        clash = next((k for k in kept if cue.start < k.end and k.start < cue.end), None)
        if clash is None:
            kept.append(cue)
        elif clash.kind == "hedge" and cue.kind == "disclaimer":
            kept.remove(clash)
            kept.append(cue)
    return sorted(kept, key=lambda c: (c.start, c.end))


def _quoted(quotes: Sequence[QuoteSpan], start: int, end: int) -> bool:
    """Whether ``[start, end)`` lies inside one quotation (its marks included)."""
    return any(q.open_at <= start and end <= q.close_end for q in quotes)


def _matches(doc: Doc, *, tagged: bool, parsed: bool, context: bool = True) -> list[Cue]:
    found: list[Cue] = []
    table = patterns()
    quotes = find_quotes(doc_text(doc)) if context else []
    for index, start, end in raw_matches(doc):
        pattern = table[index][0]
        if context and not _context_ok(doc, pattern, start, end):
            continue
        first, last = doc[start].idx, doc[end - 1].idx + len(doc[end - 1])
        if pattern.verb_only and tagged and not _is_verb_at(doc, first, parsed):
            continue
        if pattern.not_in_name and tagged and _in_name(doc, first):
            continue
        if pattern.modal and parsed and not _epistemic(doc, first):
            continue
        text = doc_text(doc)[first:last]
        quoted = _quoted(quotes, first, last)
        found.append(Cue(text, first, last, pattern.kind, pattern.verb_only, pattern.distancing, quoted))
    return _resolve_overlaps(found)


def find_cues(text: str) -> list[Cue]:
    """Every cue in ``text`` (no part-of-speech filter: the text is only tokenised), in text order."""
    return _matches(_tokenizer().make_doc(text), tagged=False, parsed=False)


def _is_verb_at(doc: Doc, start: int, parsed: bool = False) -> bool:
    """Whether the word at ``start`` is tagged as a verb and, when the Doc was parsed, does not fill a
    noun's slot ("Insurance claims from the storm rose": a subject tagged VERB is the noun)."""
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    if span is None or len(span) == 0:
        return True
    tok = span[0]
    return tok.pos_ in ("VERB", "AUX") and not (parsed and tok.dep_ in _NOUN_SLOTS)


def _in_name(doc: Doc, start: int) -> bool:
    """Whether the word at ``start`` is part of a proper name: tagged PROPN inside a named entity
    ("the Alleged Offenders Registry Act"; a sentence-initial "Alleged" outside a name is a cue)."""
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    if span is None or len(span) == 0:
        return False
    tok = span[0]
    return tok.pos_ == "PROPN" and tok.ent_type_ != ""


def _epistemic(doc: Doc, start: int) -> bool:
    """Whether the modal at ``start`` hedges an assertion ("the bill could climb"), not ability
    or a relative clause ("you could fit them in a bus", "the best thing that could happen"),
    and is not negated ("could not" is inability; "could not be verified" is a disclaimer)."""
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    if span is None or len(span) == 0:
        return True
    modal = span[0]
    verb = modal.head
    if any(c.dep_ == "neg" for c in verb.children):
        return False
    if verb.dep_ in ("relcl", "acl") or modal.tag_ != "MD":
        return False
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return subj is None or subj.lower_ not in _FIRST_SECOND


def find_doc_cues(doc: Doc) -> list[Cue]:
    """Every cue in ``doc``; verb-only cues and modals are checked against the parse when there is one."""
    return _matches(doc, tagged=doc.has_annotation("POS"), parsed=doc.has_annotation("DEP"))


def to_hedge(cue: Cue, extractor: str, speaker: str | None = None) -> Hedge:
    """The contract ``Hedge`` for a hedge or disclaimer cue: the reporter's own, or inside quotation
    marks the quoted speaker's (``speaker``: the quotation's resolved speaker, when known)."""
    kind = "disclaimer" if cue.kind == "disclaimer" else "hedge"
    voice = "quoted" if cue.quoted else "reporter"
    return Hedge(
        text=cue.text,
        start=cue.start,
        end=cue.end,
        kind=kind,
        extractor=extractor,
        voice=voice,
        speaker=speaker if cue.quoted else None,
    )


def find_hedges(doc: Doc, extractor: str = "") -> list[Hedge]:
    """Hedges and disclaimers of ``doc`` as contract ``Hedge`` items, in text order."""
    return [to_hedge(c, extractor) for c in find_doc_cues(doc) if c.kind in ("hedge", "disclaimer")]
