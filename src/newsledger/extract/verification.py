"""Verification status of claims: denied, disputed, unverified, verified_by_outlet or unknown.

Rules (the strongest status wins: denied > disputed > unverified > verified_by_outlet > unknown):

* **Distancing hedge.** A claim that carries a distancing hedge of the reporter's own (reportedly,
  allegedly, purportedly, is said to, claimed: ``hedges.yaml``, ``distancing``) is unverified; a
  hedge inside quotation marks is the quoted speaker's and leaves the status alone.
* **Disclaimer** ("could not independently verify the recording", "Neither side's figures could
  be independently verified"). It covers what it names: claims resting on the same evidence
  ("the recording": every claim heard in or introducing a recording; "the letter", "the emails":
  claims that cite or mention one), the claims with numbers for "the figures"/"the toll", and the
  attributed claims of its paragraph (or of the one before when it opens a paragraph) for "the
  claims"/"this"/a pronoun. Inside a relative clause ("a detail that has not been verified") it
  covers its own claim. The disclaimer sentence itself is the outlet's, not a claim.
* **Carrier.** Voices heard in a recording or video inherit its status: when the claim that
  introduced the recording is unverified ("purportedly captures"), so is everything heard in it.
* **Denial.** "X denied the report" / "the Ledger's report" / "called the report fiction"
  covers every earlier claim from the cited outlet of that report. "X denied any wrongdoing"
  covers the latest claims from another source. "X denied that ..." marks its own claim. The
  denying sentence is otherwise unknown.
* **Dispute.** "X disputed / rejected / dismissed the figure", "called the figure an invention"
  marks the latest claim with a number from another source; a passive ("the figures are
  disputed") marks its own claim. Two sources giving death tolls for the same event within a
  few paragraphs ("23 killed" against "only four died", "the real toll is higher") are both
  disputed.
* **Outlet verification.** "The Courier has verified the footage", "we confirmed" (the agent is
  the outlet, another outlet or "we") marks the claims resting on what was verified.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Span, Token

from newsledger.contract import Source
from newsledger.data import load_yaml
from newsledger.extract.hedges import Cue
from newsledger.extract.sources import classify_source
from newsledger.extract.tokenview import token_view

_RANK = {"denied": 4, "disputed": 3, "unverified": 2, "verified_by_outlet": 1, "unknown": 0}
_VOCAB: dict[str, Any] = load_yaml("verification.yaml")  # data/verification.yaml
_GENERAL_THEMES = frozenset(str(w) for w in _VOCAB["general_themes"])
_FIGURE_THEMES = frozenset(str(w) for w in _VOCAB["figure_themes"])
_REPORT_THEMES = frozenset(str(w) for w in _VOCAB["report_themes"])
_EVIDENCE_CLASSES = {str(k): str(v) for k, v in _VOCAB["evidence_classes"].items()}
_DEATH_LEMMAS = frozenset(str(w) for w in _VOCAB["death_lemmas"])
_COMPARATIVES = frozenset(str(w) for w in _VOCAB["comparatives"])
_OUTLET_AGENTS = frozenset(str(w) for w in _VOCAB["outlet_agents"])
_DISPUTE_WINDOW = 4  # paragraphs between two contradicting tolls
_DENIAL_WINDOW = 12  # paragraphs a denial of "the report" reaches back


@dataclass
class Draft:
    """What verification needs to know about one claim."""

    start: int
    end: int
    para: int
    sources: tuple[Source, ...]
    cues: tuple[Cue, ...] = ()
    evidence: frozenset[str] = frozenset()  # evidence classes it rests on ("recording", "video")
    heard_in: int | None = None  # index of the draft that introduced the carrier it is heard in
    status: str = "unknown"
    tokens: Span | None = None  # the claim's tokens

    @property
    def attributed(self) -> bool:
        return len(self.sources) > 1

    @property
    def speaker(self) -> str:
        return self.sources[-1].name.lower() if self.attributed else ""


def evidence_class(lemma: str) -> str:
    """The evidence class of a noun lemma ("footage" -> "video"), else the lemma itself."""
    return _EVIDENCE_CLASSES.get(lemma, lemma)


def _mark(draft: Draft, value: str) -> None:
    if _RANK[value] > _RANK[draft.status]:
        draft.status = value


def _cue_verb(doc: Doc, cue: Cue) -> Token | None:
    span = doc.char_span(cue.start, cue.end, alignment_mode="expand")
    if span is None:
        return None
    verbs = [t for t in span if t.pos_ in ("VERB", "ADJ") and not t.is_stop]
    return verbs[-1] if verbs else span.root


def _themes(verb: Token) -> list[Token]:
    """What a verification, denial or dispute cue is about (with coordinated objects)."""
    theme: Token | None = None
    for child in verb.children:
        if child.dep_ in ("nsubjpass", "dobj"):
            theme = child
            break
    if theme is None and verb.dep_ in ("relcl", "acl", "amod"):
        theme = verb.head
    if theme is None:
        for child in verb.children:
            if child.dep_ == "nsubj" and verb.lemma_.lower() == "be":
                theme = child
    if theme is None and verb.dep_ in ("xcomp", "conj", "acomp") and verb.head.i != verb.i:
        return _themes(verb.head)
    if theme is None:
        return []
    out = [theme]
    for tok in theme.subtree:
        if tok.dep_ == "conj" and tok.head.i in {t.i for t in out}:
            out.append(tok)
    return out


def _has_number(draft: Draft) -> bool:
    return any(t.like_num and t.ent_type_ not in ("DATE", "TIME") for t in draft.tokens or ())


def _mentions(draft: Draft, lemma: str) -> bool:
    cls = evidence_class(lemma)
    if cls in draft.evidence:
        return True
    return any(evidence_class(t.lemma_.lower()) == cls for t in draft.tokens or ())


def _own(drafts: Sequence[Draft], cue: Cue) -> int | None:
    return next((k for k, d in enumerate(drafts) if d.start <= cue.start < d.end), None)


def _disclaimed(drafts: Sequence[Draft], own: int, themes: list[Token], verb: Token) -> list[int]:
    """Indexes of the claims a disclaimer covers."""
    out: set[int] = set()
    para = drafts[own].para
    if verb.dep_ in ("relcl", "acl"):
        base = [own]
        named = [t for t in themes if t.lemma_.lower() not in _GENERAL_THEMES | _FIGURE_THEMES]
        for theme in named:
            out.update(k for k in range(own) if _mentions(drafts[k], theme.lemma_.lower()))
        return sorted(set(base) | out)
    same = [k for k in range(own + 1) if drafts[k].para == para and drafts[k].attributed]
    before = [k for k in range(own) if para - drafts[k].para == 1 and drafts[k].attributed]
    pool = same or before
    if not themes:
        return pool
    for theme in themes:
        lemma = theme.lemma_.lower()
        if lemma in _FIGURE_THEMES:
            out.update(k for k in pool if _has_number(drafts[k]))
        elif lemma in _GENERAL_THEMES or theme.pos_ == "PRON":
            out.update(pool)
        else:
            out.update(k for k in range(own + 1) if _mentions(drafts[k], lemma) and drafts[k].attributed)
    return sorted(out)


def _agent_is_outlet(verb: Token, outlet: str | None) -> bool:
    agent = None
    for child in verb.children:
        if child.dep_ == "agent":
            agent = next((c for c in child.children if c.dep_ == "pobj"), None)
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


def _report_source(drafts: Sequence[Draft], own: int, themes: list[Token]) -> str | None:
    """The cited outlet (or document) whose report a denial rejects: named by the possessor
    ("the Ledger's report"), else the latest one cited before."""
    owner = next((c for t in themes for c in t.children if c.dep_ == "poss"), None)
    para = drafts[own].para
    for k in range(own - 1, -1, -1):
        if para - drafts[k].para > _DENIAL_WINDOW:
            break
        for src in drafts[k].sources[1:-1] if len(drafts[k].sources) > 2 else ():
            if src.type not in ("media_outlet", "document"):
                continue
            if owner is None or owner.text.lower() in src.name.lower():
                return src.name
    return None


def _deny(drafts: Sequence[Draft], own: int, themes: list[Token], verb: Token) -> None:
    if any(c.dep_ == "ccomp" for c in verb.children):
        _mark(drafts[own], "denied")  # "X denied that ...": the content is in its own claim
        return
    lemmas = {t.lemma_.lower() for t in themes}
    me = drafts[own].speaker
    if lemmas & _REPORT_THEMES or not themes:
        cited = _report_source(drafts, own, themes)
        if cited is not None:
            for k in range(own):
                if any(s.name == cited for s in drafts[k].sources[1:]):
                    _mark(drafts[k], "denied")
            return
    # "denied any wrongdoing": the latest claims of another source, in this or the last paragraph
    para = drafts[own].para
    target: str | None = None
    for k in range(own - 1, -1, -1):
        d = drafts[k]
        if para - d.para > 1:
            break
        if not d.attributed or d.speaker == me:
            if target is not None:
                break
            continue
        if target is None:
            target = d.speaker
        if d.speaker != target:
            break
        _mark(d, "denied")


def _dispute(drafts: Sequence[Draft], own: int, themes: list[Token], verb: Token) -> None:
    if any(c.dep_ == "nsubjpass" for c in verb.children) or verb.dep_ in ("amod", "acomp"):
        _mark(drafts[own], "disputed")  # "the figures are disputed"
        return
    figure = any(t.lemma_.lower() in _FIGURE_THEMES for t in themes)
    me = drafts[own].speaker
    para = drafts[own].para
    for k in range(own - 1, -1, -1):
        d = drafts[k]
        if para - d.para > 2:
            break
        if d.attributed and d.speaker != me and (not figure or _has_number(d)):
            _mark(d, "disputed")
            return


def _death_toll(tokens: Span | None) -> bool:
    """Whether a claim's tokens speak of deaths with a count ("12 people were killed") or a
    higher toll, read from the Doc's token columns."""
    if tokens is None:
        return False
    view = token_view(tokens.doc)
    lower, last = view.lower, len(tokens.doc) - 1
    span = range(tokens.start, tokens.end)
    lemmas = [view.lemma_lower[i] for i in span]
    if not any(lem in _DEATH_LEMMAS for lem in lemmas):
        return False
    like_num, ent_type = view.like_num, view.ent_type
    counted = any(
        like_num[i] and ent_type[i] not in ("DATE", "TIME") and lower[i + 1] not in ("percent", "%")
        for i in span
        if i < last
    )
    return counted or ("toll" in lemmas and any(lower[i] in _COMPARATIVES for i in span))


def _tolls(drafts: Sequence[Draft]) -> None:
    """Death tolls from two different sources close together contradict each other."""
    cands: list[int] = []
    for k, d in enumerate(drafts):
        if not d.attributed:
            continue
        if _death_toll(d.tokens):
            cands.append(k)
    for a in cands:
        for b in cands:
            near = abs(drafts[a].para - drafts[b].para) <= _DISPUTE_WINDOW
            if a != b and near and drafts[a].speaker != drafts[b].speaker:
                _mark(drafts[a], "disputed")
                _mark(drafts[b], "disputed")


def verification_status(doc: Doc, cues: Sequence[Cue], drafts: Sequence[Draft], outlet: str | None) -> None:
    """Set ``status`` on every draft (see the module docstring for the rules)."""
    for d in drafts:
        if any(c.kind == "hedge" and c.distancing and not c.quoted for c in d.cues):
            _mark(d, "unverified")
    for cue in cues:
        own = _own(drafts, cue)
        if own is None or cue.kind == "hedge":
            continue
        verb = _cue_verb(doc, cue)
        if verb is None:
            continue
        themes = _themes(verb)
        if cue.kind in ("denial", "dispute") and any(c.dep_ == "neg" for c in verb.children):
            continue  # "Harlow did not dispute the figure"
        if cue.kind == "disclaimer":
            for k in _disclaimed(drafts, own, themes, verb):
                inside = k == own and verb.dep_ in ("relcl", "acl")  # "the video, which has not been ..."
                if drafts[k].attributed or inside:
                    _mark(drafts[k], "unverified")
        elif cue.kind == "verification" and _agent_is_outlet(verb, outlet):
            for theme in themes:
                for k in range(own + 1):
                    if drafts[k].attributed and _mentions(drafts[k], theme.lemma_.lower()):
                        _mark(drafts[k], "verified_by_outlet")
        elif cue.kind == "denial":
            _deny(drafts, own, themes, verb)
        elif cue.kind == "dispute":
            _dispute(drafts, own, themes, verb)
    _tolls(drafts)
    for d in drafts:
        if d.heard_in is not None and drafts[d.heard_in].status == "unverified":
            _mark(d, "unverified")
