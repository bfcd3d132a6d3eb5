"""Hedge, disclaimer, denial, dispute and verification cues, with character spans.

The patterns live in ``data/hedges.yaml`` (see ``data/README.claims.md``). :func:`find_cues`
works on plain text; :func:`find_doc_cues` runs the same patterns over ``doc.text`` and, when
the Doc was parsed, drops verb-only cues whose first word is not a verb ("claims" the noun) and
modals that hedge nothing ("could not", "you could fit", "that could happen", the month "May").
Overlapping cues are resolved longest-first, and a disclaimer always wins over a verification
cue that it contains ("has not been independently verified by"). What the cues do to a claim's
verification status is :mod:`newsledger.extract.verification`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc

from newsledger.contract import Hedge
from newsledger.data import load_yaml
from newsledger.errors import NewsledgerError

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


@dataclass(frozen=True)
class _Pattern:
    kind: str
    regex: re.Pattern[str]
    verb_only: bool
    modal: bool = False  # an epistemic modal: checked against the parse (see _epistemic)


_FIRST_SECOND = {"i", "we", "you", "me", "us"}


@lru_cache(maxsize=1)
def patterns() -> tuple[_Pattern, ...]:
    """The compiled cue patterns (built once from ``hedges.yaml``)."""
    raw = load_yaml("hedges.yaml")
    out: list[_Pattern] = []
    try:
        for kind in CUE_KINDS:
            for entry in raw[kind]:
                modal = False
                if isinstance(entry, dict):
                    source, verb_only = str(entry["pattern"]), bool(entry.get("verb", False))
                    modal = bool(entry.get("modal", False))
                else:
                    source, verb_only = str(entry), False
                regex = re.compile(rf"(?<![\w-])(?:{source})(?![\w-])", re.IGNORECASE)
                out.append(_Pattern(kind, regex, verb_only, modal))
    except (KeyError, TypeError, re.error) as exc:
        raise NewsledgerError(
            f"data file hedges.yaml is malformed: {exc}", hint="Reinstall newsledger."
        ) from exc
    return tuple(out)


@lru_cache(maxsize=1)
def _distancing() -> tuple[re.Pattern[str], ...]:
    raw = load_yaml("hedges.yaml")
    try:
        return tuple(re.compile(rf"^(?:{p})$", re.IGNORECASE) for p in raw["distancing"])
    except (KeyError, TypeError, re.error) as exc:
        raise NewsledgerError(
            f"data file hedges.yaml is malformed: {exc}", hint="Reinstall newsledger."
        ) from exc


def is_distancing(text: str) -> bool:
    """Whether a hedge distances the outlet from the claim ("reportedly", "is said to",
    "claimed"): such a claim is unverified. Epistemic hedges ("probably", "appears") are not."""
    flat = " ".join(text.split())
    return any(p.match(flat) for p in _distancing())


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


def find_cues(text: str) -> list[Cue]:
    """Every cue in ``text`` (no part-of-speech filter), in text order."""
    found: list[Cue] = []
    for pat in patterns():
        for m in pat.regex.finditer(text):
            if m.end() > m.start():
                found.append(Cue(m.group(0), m.start(), m.end(), pat.kind, pat.verb_only))
    return _resolve_overlaps(found)


def _is_verb_at(doc: Doc, start: int) -> bool:
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    if span is None or len(span) == 0:
        return True
    return span[0].pos_ in ("VERB", "AUX")


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
    """Every cue in ``doc.text``; verb-only cues are checked against the parse when there is one."""
    tagged = doc.has_annotation("POS")
    parsed = doc.has_annotation("DEP")
    found: list[Cue] = []
    for pat in patterns():
        for m in pat.regex.finditer(doc.text):
            if m.end() <= m.start():
                continue
            if pat.verb_only and tagged and not _is_verb_at(doc, m.start()):
                continue
            if pat.modal and parsed and not _epistemic(doc, m.start()):
                continue
            found.append(Cue(m.group(0), m.start(), m.end(), pat.kind, pat.verb_only))
    return _resolve_overlaps(found)


def to_hedge(cue: Cue, extractor: str) -> Hedge:
    """The contract ``Hedge`` for a hedge or disclaimer cue."""
    kind = "disclaimer" if cue.kind == "disclaimer" else "hedge"
    return Hedge(text=cue.text, start=cue.start, end=cue.end, kind=kind, extractor=extractor)


def find_hedges(doc: Doc, extractor: str = "") -> list[Hedge]:
    """Hedges and disclaimers of ``doc`` as contract ``Hedge`` items, in text order."""
    return [to_hedge(c, extractor) for c in find_doc_cues(doc) if c.kind in ("hedge", "disclaimer")]
