"""Hedge, disclaimer, denial, dispute and verification cues, with character spans.

The patterns live in ``data/hedges.yaml`` (see ``data/README.claims.md``). :func:`find_cues`
works on plain text; :func:`find_doc_cues` runs the same patterns over ``doc.text`` and, when
the Doc was parsed, drops verb-only cues whose first word is not a verb ("claims" the noun).
Overlapping cues are resolved longest-first, and a disclaimer always wins over a verification
cue that it contains ("has not been independently verified by").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Token

from newsledger.contract import Claim, Hedge
from newsledger.data import load_yaml
from newsledger.errors import NewsledgerError
from newsledger.extract.sources import classify_source

CUE_KINDS = ("hedge", "disclaimer", "denial", "dispute", "verification")
# Verification: the strongest status wins.
_RANK = {"denied": 4, "disputed": 3, "unverified": 2, "verified_by_outlet": 1, "unknown": 0}
# What a disclaimer may be about when it covers the whole paragraph, or only its numbers.
_GENERAL_THEMES = {
    "claim", "report", "account", "information", "statement", "detail", "allegation", "this", "that",
    "it", "they", "these", "those", "assertion", "story", "material", "content", "which",
}  # fmt: skip
_FIGURE_THEMES = {
    "figure", "number", "toll", "tally", "count", "casualty", "estimate", "data", "statistic", "total",
}  # fmt: skip
_OUTLET_AGENTS = {"we", "us", "i"}
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


@lru_cache(maxsize=1)
def patterns() -> tuple[_Pattern, ...]:
    """The compiled cue patterns (built once from ``hedges.yaml``)."""
    raw = load_yaml("hedges.yaml")
    out: list[_Pattern] = []
    try:
        for kind in CUE_KINDS:
            for entry in raw[kind]:
                if isinstance(entry, dict):
                    source, verb_only = str(entry["pattern"]), bool(entry.get("verb", False))
                else:
                    source, verb_only = str(entry), False
                regex = re.compile(rf"(?<![\w-])(?:{source})(?![\w-])", re.IGNORECASE)
                out.append(_Pattern(kind, regex, verb_only))
    except (KeyError, TypeError, re.error) as exc:
        raise NewsledgerError(
            f"data file hedges.yaml is malformed: {exc}", hint="Reinstall newsledger."
        ) from exc
    return tuple(out)


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


def find_doc_cues(doc: Doc) -> list[Cue]:
    """Every cue in ``doc.text``; verb-only cues are checked against the parse when there is one."""
    tagged = doc.has_annotation("POS")
    found: list[Cue] = []
    for pat in patterns():
        for m in pat.regex.finditer(doc.text):
            if m.end() <= m.start():
                continue
            if pat.verb_only and tagged and not _is_verb_at(doc, m.start()):
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


# --------------------------------------------------------------------------- verification


def _agent(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "agent":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def _cue_verb(doc: Doc, cue: Cue) -> Token | None:
    span = doc.char_span(cue.start, cue.end, alignment_mode="expand")
    if span is None:
        return None
    verbs = [t for t in span if t.pos_ in ("VERB", "ADJ") and not t.is_stop]
    return verbs[-1] if verbs else span.root


def _theme(verb: Token) -> Token | None:
    """What a verification, denial or dispute cue is about."""
    for child in verb.children:
        if child.dep_ in ("nsubjpass", "dobj"):
            return child
    if verb.dep_ in ("relcl", "acl", "amod"):
        return verb.head
    for child in verb.children:
        if child.dep_ == "nsubj" and verb.lemma_.lower() in ("be",):
            return child
    if verb.dep_ in ("xcomp", "conj", "acomp") and verb.head.i != verb.i:
        return _theme(verb.head)
    return None


def _agent_is_outlet(verb: Token, outlet: str | None) -> bool:
    agent = _agent(verb)
    if agent is None:
        agent = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if agent is None and verb.dep_ in ("xcomp",):
        agent = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
    if agent is None:
        return False
    text = verb.doc[agent.left_edge.i : agent.i + 1].text
    if agent.lower_ in _OUTLET_AGENTS or (outlet and outlet.lower() in text.lower()):
        return True
    label = agent.ent_type_ if agent.ent_type_ in ("PERSON", "ORG", "GPE") else None
    return classify_source(text, head=agent.text, label=label) == "media_outlet"


def _has_number(doc: Doc, claim: Claim) -> bool:
    span = doc.char_span(claim.start, claim.end, alignment_mode="expand")
    return span is not None and any(t.like_num for t in span)


def _mentions_lemma(doc: Doc, claim: Claim, lemma: str) -> bool:
    span = doc.char_span(claim.start, claim.end, alignment_mode="expand")
    return span is not None and any(t.lemma_.lower() == lemma for t in span)


def _covered(doc: Doc, claims: list[Claim], paras: list[int], own: int, theme: Token | None) -> list[int]:
    """Indexes of the earlier claims a cue in claim ``own`` refers to."""
    lemma = theme.lemma_.lower() if theme is not None else "this"
    same = [k for k in range(own) if paras[k] == paras[own]]
    if lemma in _GENERAL_THEMES or lemma in _FIGURE_THEMES or theme is None or theme.pos_ == "PRON":
        pool = same or [k for k in range(own) if paras[own] - paras[k] == 1]
        if lemma in _FIGURE_THEMES:
            return [k for k in pool if _has_number(doc, claims[k])]
        return pool
    window = [k for k in range(own) if 0 <= paras[own] - paras[k] <= 1]
    return [k for k in window if _mentions_lemma(doc, claims[k], lemma)]


def _apply_cue(
    doc: Doc, cue: Cue, claims: list[Claim], paras: list[int], status: list[str], outlet: str | None
) -> None:
    own = next((k for k, c in enumerate(claims) if c.start <= cue.start < c.end), None)
    if own is None or cue.kind == "hedge":
        return
    verb = _cue_verb(doc, cue)
    theme = _theme(verb) if verb is not None else None

    def mark(k: int, value: str) -> None:
        if _RANK[value] > _RANK[status[k]]:
            status[k] = value

    if cue.kind == "disclaimer":
        mark(own, "unverified")
        for k in _covered(doc, claims, paras, own, theme):
            mark(k, "unverified")
    elif cue.kind == "verification":
        if verb is None or not _agent_is_outlet(verb, outlet):
            return
        mark(own, "verified_by_outlet")
        for k in _covered(doc, claims, paras, own, theme):
            mark(k, "verified_by_outlet")
    elif cue.kind == "denial":
        clausal = verb is not None and any(c.dep_ == "ccomp" for c in verb.children)
        if clausal:
            mark(own, "denied")
            return
        targets = _covered(doc, claims, paras, own, theme)
        if targets:
            mark(targets[-1], "denied")
        elif theme is None and own > 0 and paras[own] - paras[own - 1] <= 1:
            mark(own - 1, "denied")
        else:
            mark(own, "denied")
    elif cue.kind == "dispute":
        mark(own, "disputed")
        targets = _covered(doc, claims, paras, own, theme)
        if targets:
            mark(targets[-1], "disputed")


def verification_status(
    doc: Doc, cues: list[Cue], claims: list[Claim], paras: list[int], outlet: str | None
) -> list[str]:
    """The verification status of each claim (``paras``: each claim's paragraph number).

    A disclaimer marks its claim and the earlier claims it refers to as unverified: those of
    its paragraph (or of the paragraph before, when it opens one) for "the figures" / "the
    claims" / a pronoun, only those with a number for figure words, and those that mention the
    same noun for a named thing ("the video, which has not been independently verified").
    An outlet verification ("the Courier has verified", "verified by Eastport Wire", "we
    confirmed") does the same with verified_by_outlet. A denial with a clause ("denied that
    ...") marks its own claim denied, one with an object ("denied the reports") the latest
    claim it refers to. A dispute marks its own claim and the latest claim it refers to.
    The strongest status wins: denied > disputed > unverified > verified_by_outlet > unknown.
    """
    status = ["unknown"] * len(claims)
    for cue in cues:
        _apply_cue(doc, cue, claims, paras, status, outlet)
    return status
