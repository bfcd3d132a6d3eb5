"""Frames: who attributes each sentence, as a chain of sources, found once per Doc.

A :class:`Frame` is the attribution of one clause as the claims need it: the chain of sources,
outer first ("Bloomberg reports, citing sources": [Bloomberg, sources]), the cue, the clause head
it governs, and the recording or video its last source is heard in. The frames of a Doc are found
by the ``newsledger_attributions`` component beside the :class:`~newsledger.extract.attributions.
Attribution` objects, from the same :class:`~newsledger.extract.cues.CueFinder` cues (a reporting
verb of ``data/reporting_verbs.txt`` or "according to", outside quotation marks):

* a reporting verb in a main clause with its subject, the outlet it told ("one source told
  Meduza": Meduza is outer; "told reporters" adds nothing), the agent of a passive ("was quoted
  by X") and a ``citing`` participle (its object is inner: "X reports, citing Y"); a negated verb
  ("did not comment") is no frame;
* ``according to X``, where "a report by X" or "X's report" gives X;
* a sentence with no frame of its own that holds an attribution's content or cue (all quotation)
  takes the attribution's resolved speaker;
* a recording, post or video that "shows"/"captures" something, or that someone "released": it
  opens a :class:`Carrier` whose voices are typed ``intercepted_communication`` or
  ``social_media`` and put under whoever released it (:mod:`newsledger.extract.carriers`).

Sources are named, typed and resolved by :mod:`newsledger.extract.mentions` (the one
:class:`~newsledger.extract.speakers.Resolver` for pronouns, names and descriptions).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from spacy.tokens import Doc, Span, Token

from newsledger.extract.cues import CueFinder
from newsledger.extract.lexicon import lexicon as words_lexicon
from newsledger.extract.mentions import CARRIER_TYPES, SUBJECTS, Mention, agent_of, make_mention, not_a_source
from newsledger.extract.nounphrase import subject_of
from newsledger.extract.sourcelinks import register_names, resolve, speaker_chain
from newsledger.extract.sources import person_type
from newsledger.extract.tokenview import token_view

_LEX = words_lexicon()  # data/attribution.yaml
# Deps under which a reporting verb describes something instead of attributing the sentence.
_EMBEDDED_DEPS = {"relcl", "acl", "amod", "pcomp", "compound", "csubj", "nmod", "pobj", "npadvmod"}
CARRIER_REACH = 3  # units a recording's voices may be heard after the last mention of it


class Said(Protocol):
    """What a frame needs of an :class:`~newsledger.extract.attributions.Attribution`."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def cue(self) -> str | None: ...
    @property
    def cue_start(self) -> int | None: ...
    @property
    def speaker(self) -> str | None: ...
    @property
    def speaker_start(self) -> int | None: ...
    @property
    def speaker_end(self) -> int | None: ...


@dataclass(frozen=True)
class Heard:
    """A recording, call, post or video that carries voices, as frames refer to it: numbered in
    the order the Doc introduces them, with the kind of voice it carries and its head noun."""

    number: int
    kind: str  # intercepted_communication | social_media
    lemma: str


@dataclass(frozen=True)
class Frame:
    """The attribution of one clause: its chain of sources (outer first, each typed), the cue,
    the token index of the clause head it governs and of the cue, the carrier its last source is
    heard in (``via``) and the carrier it introduced (``opens``)."""

    chain: tuple[Mention, ...]
    cue: str | None
    head: int
    anchor: int
    via: Heard | None = None
    opens: Heard | None = None


@dataclass(frozen=True)
class Sentence:
    """One sentence (a line break also ends one) as token indices [start, end), its paragraph,
    and its frames in text order."""

    start: int
    end: int
    para: int
    frames: tuple[Frame, ...] = ()


@dataclass
class Carrier:
    """A recording, call, post or video that carries voices while frames are found: the chain of
    whoever released or shared it (``outer``, the medium itself excluded), the voices described
    as heard in it, and the unit it was last heard in."""

    outer: list[Mention]
    kind: str
    unit: int
    lemma: str
    number: int
    voices: list[Mention] = field(default_factory=list)

    def heard(self) -> Heard:
        return Heard(self.number, self.kind, self.lemma)


@dataclass
class Found:
    """A frame while the frames of a unit are found (its chain may still change)."""

    chain: list[Mention]
    cue: str | None
    head: Token
    anchor: int
    via: Carrier | None = None
    opens: Carrier | None = None

    def frozen(self) -> Frame:
        return Frame(
            tuple(self.chain),
            self.cue,
            self.head.i,
            self.anchor,
            self.via.heard() if self.via else None,
            self.opens.heard() if self.opens else None,
        )


@dataclass
class Unit:
    start: int  # token indices [start, end)
    end: int
    para: int


class State:
    """What the frames of earlier units leave for later ones: the sources that spoke (kept by the
    one resolver, for "the sources", "Kovalyk", "them"), the carrier whose voices are being
    heard, the carriers opened."""

    def __init__(self, finder: CueFinder) -> None:
        self.finder = finder
        self.resolver = finder.resolver
        self.spoken = finder.resolver.spoken
        self.spoken.clear()
        self.carrier: Carrier | None = None
        self.opened = 0

    def new_carrier(self, outer: list[Mention], kind: str, unit: int, lemma: str) -> Carrier:
        self.opened += 1
        return Carrier(outer, kind, unit, lemma, self.opened)


# --------------------------------------------------------------------------- units


def find_units(doc: Doc) -> list[Unit]:
    """Sentences, also cut at line breaks, with their paragraph number (a line is a paragraph)."""
    units: list[Unit] = []
    para = 0
    view = token_view(doc)
    texts, is_space = view.text, view.is_space
    for sent in doc.sents:
        start = sent.start
        for i in range(sent.start, sent.end):
            # (a token's trailing whitespace is one space or nothing: never a line break)
            if is_space[i] and "\n" in texts[i]:
                if i > start:
                    units.append(Unit(start, i, para))
                para += 1
                start = i + 1
        if start < sent.end:
            units.append(Unit(start, sent.end, para))
    out: list[Unit] = []
    is_lower, is_alpha = view.is_lower, view.is_alpha
    for u in units:
        s, e = u.start, u.end
        while s < e and is_space[s]:
            s += 1
        while e > s and is_space[e - 1]:
            e -= 1
        if e <= s:
            continue
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.para == u.para
            and ((is_lower[s] and is_alpha[s]) or _open_quote(texts, prev.start, prev.end))
        ):
            prev.end = e  # a false break ("300 thousand. people") or a quotation that goes on
        else:
            out.append(Unit(s, e, u.para))
    return out


def _open_quote(texts: list[str], start: int, end: int) -> bool:
    """Whether the tokens ``texts[start:end]`` leave a double quotation open (curly or straight)."""
    words = texts[start:end]
    curly = words.count("“") - words.count("”")
    straight = sum(t.count('"') for t in words)
    return curly > 0 or straight % 2 == 1


# --------------------------------------------------------------------------- reporting verbs


def _is_attributive(verb: Token, finder: CueFinder) -> bool:
    """Whether a reporting cue attributes its clause (not "were told to", "asked X to", "Asked if
    ..., he replies", "said to be", a background "as X said", a verb inside a description)."""
    lemma = verb.lemma_.lower()
    kids = list(verb.children)  # walked below up to ten times: its Tokens made once
    if verb.dep_ in _EMBEDDED_DEPS or any(c.dep_ == "neg" for c in kids):  # negated
        return False
    infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in kids)
    if verb.dep_ == "xcomp" and infinitive and lemma != "cite":
        return False  # "were told to report units as fully staffed": an order, not a report
    requests = any(
        c.dep_ == "xcomp" and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
        for c in kids
    )
    if requests and lemma in _LEX.request_verbs and not any(c.dep_ == "ccomp" for c in kids):
        return False  # "asked the president to set a date"
    if (
        verb.tag_ == "VBN"
        and verb.dep_ in ("advcl", "conj")
        and not any(c.dep_ in SUBJECTS for c in kids)
    ):
        return False  # "Asked if ..., he replies"
    if lemma in _LEX.raising_report_verbs and not any(c.dep_ in ("ccomp", "dobj") for c in kids):
        infinitive = any(
            c.dep_ == "xcomp" and any(a.lower_ == "to" for a in c.children) for c in kids
        )
        if infinitive:
            return False  # "advisers said to be shielding him": a hedge, not an attribution
    if any(c.dep_ == "mark" and c.lower_ in _LEX.background_marks for c in kids):
        return False
    if verb.dep_ in ("xcomp", "advcl") and lemma != "cite" and not _reporting(verb.head, finder):
        return verb.dep_ == "advcl" and any(c.dep_ == "nsubj" for c in kids)
    if verb.dep_ == "ccomp":
        has_clause = any(c.dep_ in ("ccomp", "xcomp") for c in kids)
        has_object = any(c.dep_ == "dobj" for c in kids)
        return has_clause or not has_object
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in kids)
    if passive:
        return agent_of(verb) is not None or lemma in _LEX.passive_source_verbs
    subj = subject_of(verb)
    return (subj is not None and subj.lower_ != "there") or lemma == "cite"


def _reporting(tok: Token, finder: CueFinder) -> bool:
    """A reporting verb (a cue of the CueFinder that is a verb, wherever it stands)."""
    return tok.pos_ == "VERB" and tok.lemma_.lower() in finder.lex.reporting


def _named_outlet(chain: list[Mention]) -> bool:
    """A chain that ends in a named news outlet (not "reporters" or "journalists")."""
    if not chain or chain[-1].source.type != "media_outlet":
        return False
    name = chain[-1].source.name
    return any(w[:1].isupper() for w in name.split() if w.lower() not in ("the", "a", "an"))


def _addressee(chain: list[Mention]) -> list[Mention]:
    """The outlet part of an addressee's chain ("told the newspaper": the newspaper, not the
    sources it cited); empty when the addressee is no named outlet."""
    for k in range(len(chain) - 1, -1, -1):
        if _named_outlet(chain[: k + 1]):
            return chain[: k + 1]
    return []


def _outer_inner(verb: Token, unit: int, state: State) -> tuple[list[Mention], list[Mention]]:
    """(outer, inner) links a reporting verb adds around its subject: the outlet told ("told
    Meduza") or the passive's agent (outer); the object of ``citing`` (inner). The medium ("in a
    Telegram post") and addressees that are no outlet ("told reporters") are not links."""
    r = state.resolver
    outer: list[Mention] = []
    inner: list[Mention] = []
    verbs = [verb, *(c for c in verb.children if c.dep_ in ("xcomp",) and _reporting(c, state.finder))]
    for v in verbs:
        lemma = v.lemma_.lower()
        agent = agent_of(v)
        if agent is not None and lemma in _LEX.agent_report_verbs:
            outer.extend(resolve(agent, unit, r))
        for child in v.children:
            if child.dep_ in ("dobj", "dative") and lemma in ("tell", "inform"):
                outer.extend(_addressee(resolve(child, unit, r)))
            if child.dep_ == "prep" and child.lower_ in ("in", "on", "to", "via"):
                pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if pobj is None:
                    continue
                interview = pobj.lemma_.lower() in _LEX.addressee_media
                for sub in pobj.children:  # "in an interview with the Associated Press"
                    if interview and sub.dep_ == "prep" and sub.lower_ == "with":
                        target = next((c for c in sub.children if c.dep_ == "pobj"), None)
                        if target is not None:
                            outer.extend(_addressee(resolve(target, unit, r)))
                if child.lower_ == "to" and lemma in _LEX.said_to_verbs:
                    outer.extend(_addressee(resolve(pobj, unit, r)))
            if child.lemma_.lower() == "cite" and child.dep_ in ("advcl", "xcomp", "conj", "prep"):
                obj = next((c for c in child.children if c.dep_ in ("dobj", "pobj")), None)
                if obj is not None:
                    inner.extend(resolve(obj, unit, r))
    return outer, inner


def _verb_frame(verb: Token, unit: int, state: State) -> Found | None:
    r = state.resolver
    lemma = verb.lemma_.lower()
    subjects = [c for c in verb.children if c.dep_ in SUBJECTS]
    # two subjects is a parse error ("the business daily Vedomir"): the name is the subject
    subj = next((c for c in subjects if c.pos_ == "PROPN"), subjects[0] if subjects else None)
    pronoun = subj is not None and subj.pos_ == "PRON"
    if (
        pronoun
        and verb.dep_ == "ccomp"
        and _reporting(verb.head, state.finder)
        and subject_of(verb.head) is not None
    ):
        return None  # "X said he had written to ...": X's own account, one frame
    if subj is None and verb.dep_ == "acl" and lemma == "cite":
        subj = verb.head
    if subj is None:
        subj = subject_of(verb)
    passive = any(c.dep_ == "auxpass" for c in verb.children)
    chain: list[Mention] = []
    if subj is not None and (not passive or lemma in _LEX.passive_source_verbs) and subj.lower_ != "there":
        chain = resolve(subj, unit, r)
        if chain and not_a_source(chain[-1], subj):
            return None
    outer, inner = _outer_inner(verb, unit, state)
    if lemma == "cite" and not inner:
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if obj is not None:
            inner = resolve(obj, unit, r)
    chain = [m for m in (*outer, *chain, *inner) if not m.medium]
    if not chain:
        return None
    return Found(chain, verb.text, verb, verb.i)


def _cue_frames(doc: Doc, unit: Unit, index: int, state: State) -> list[Found]:
    """The frames of one unit's cues, in text order, with the carriers its recordings open."""
    finder = state.finder
    found: list[Found] = []
    handled_cites: set[int] = set()
    # a quoted speaker's words are not the frame; every test below needs a verb or "according"
    tokens = finder.verbs(unit.start, unit.end)
    for tok in tokens:
        lemma = tok.lemma_.lower()
        if tok.lower_ == "according":
            to = next((c for c in tok.children if c.lower_ == "to"), None)
            pobj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
            if pobj is not None:
                chain = [m for m in resolve(pobj, index, state.resolver) if not m.medium]
                if chain:
                    found.append(Found(chain, "according to", tok.head, tok.i))
            continue
        if finder.is_cue(tok) and lemma != "cite" and _is_attributive(tok, finder):
            att = _verb_frame(tok, index, state)
            if att is not None:
                handled_cites.update(c.i for c in tok.children if c.lemma_.lower() == "cite")
                found.append(att)
            continue
        if lemma == "cite" and tok.pos_ == "VERB":
            continue  # handled after the loop, once the governing verbs are known
        if tok.pos_ == "VERB" and lemma in _LEX.release_verbs and tok.dep_ not in _EMBEDDED_DEPS:
            _release(tok, index, state)
            continue
        if tok.pos_ == "VERB" and lemma in _LEX.evidence_verbs and tok.dep_ in ("ROOT", "conj", "ccomp"):
            att = _evidence(tok, index, state)
            if att is not None:
                found.append(att)
    for tok in tokens:
        if tok.lemma_.lower() == "cite" and finder.is_cue(tok) and tok.i not in handled_cites:
            reporting = [a for a in found if a.anchor < tok.i and a.cue not in (None, "according to")]
            obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
            if reporting and obj is not None and not any(c.dep_ in SUBJECTS for c in tok.children):
                reporting[-1].chain.extend(resolve(obj, index, state.resolver))  # "X reports, citing Y"
                continue
            att = _verb_frame(tok, index, state)
            if att is not None:
                found.append(att)
    found.sort(key=lambda a: a.anchor)
    return found


# --------------------------------------------------------------------------- quotations


def _quotation_frame(doc: Doc, unit: Unit, said: Sequence[Said], index: int, state: State) -> Found | None:
    """A unit with no frame of its own that holds an attribution's content or cue (a sentence
    that is all quotation) takes the attribution's resolved speaker as its frame."""
    lo, hi = doc[unit.start].idx, doc[unit.end - 1].idx + len(doc[unit.end - 1].text)
    for one in said:
        cued = one.cue_start is not None and lo <= one.cue_start < hi
        if not one.speaker or not (lo <= one.start < hi or cued):
            continue
        span: Span | None = None
        if one.speaker_start is not None and one.speaker_end is not None:
            span = doc.char_span(one.speaker_start, one.speaker_end, alignment_mode="expand")
        if span is not None and span.root.dep_ == "nsubjpass" and agent_of(span.root.head) is None:
            continue  # "X is said to ...": a hedge, not a speaker
        chain = speaker_chain(one.speaker, one.speaker_start, one.speaker_end, span, index, state.resolver)
        anchor = doc.char_span(one.start, one.end, alignment_mode="expand")
        head = anchor.root if anchor is not None else doc[unit.start]
        return Found(chain, one.cue, head, head.i)
    return None


# --------------------------------------------------------------------------- carriers


def sharers(noun: Token, index: int, state: State) -> list[Mention]:
    """Who released, shared or posted the item ``noun`` names (the item itself excluded)."""
    item = make_mention(noun)
    chain = resolve(noun, index, state.resolver)
    return [m for m in chain if not m.medium and m.source.start != item.source.start]


def _carrier(noun: Token, index: int, state: State) -> Carrier | None:
    item = make_mention(noun)
    kind = item.source.type
    if kind == "document" and noun.lemma_.lower() in _LEX.filmed:
        kind = "social_media"  # people seen in a video speak through it
    if kind not in CARRIER_TYPES:
        return None
    carrier = state.new_carrier(sharers(noun, index, state), kind, index, noun.lemma_.lower())
    carrier.voices = _voices(noun)
    return carrier


def _voices(medium: Token) -> list[Mention]:
    """People described as heard in a recording: "a call in which a soldier complains"."""
    out: list[Mention] = []
    for tok in medium.subtree:
        if tok.dep_ == "relcl":
            subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
            if subj is not None and subj.pos_ in ("NOUN", "PROPN"):
                out.append(make_mention(subj))
    return out


def _evidence(tok: Token, index: int, state: State) -> Found | None:
    """ "A second intercepted recording, shared by X, purportedly captures ...": X is the source
    (the recording itself when nobody is named) and the recording opens a carrier."""
    subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
    if subj is None or subj.pos_ != "NOUN":
        return None
    if not any(c.dep_ in ("det", "poss") for c in subj.children):
        return None  # "intercepted calls show ...": a generic statement, no particular item
    carrier = _carrier(subj, index, state)
    if carrier is None:
        return None
    obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
    if obj is not None and obj.pos_ in ("NOUN", "PROPN"):
        carrier.voices.append(make_mention(obj))
        for sub in obj.subtree:  # "a soldier named Dmitry"
            if sub.pos_ == "PROPN" and sub.i != obj.i:
                carrier.voices.append(make_mention(sub))
    chain = carrier.outer or [make_mention(subj)]
    return Found(list(chain), tok.text, tok, tok.i, opens=carrier)


def _release(tok: Token, index: int, state: State) -> None:
    """ "The security service released a recording of a call in which ...": no frame of its own
    (the outlet reports the release), but the recording opens a carrier for its voices."""
    obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
    subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
    if obj is None or subj is None:
        return
    carrier = _carrier(obj, index, state)
    if carrier is not None:
        carrier.outer = [m for m in resolve(subj, index, state.resolver) if not m.medium]
        state.carrier = carrier


def _explicit_carrier(doc: Doc, unit: Unit, state: State) -> tuple[str, str, Token] | None:
    """(kind, lemma, noun) when the unit says it is heard in a recording or video: "In one
    intercepted call, ...", "... says in the video", "In the second recording", "In the first"."""
    active = state.carrier
    view = token_view(doc)
    dep, head, lower = view.dep, view.head, view.lower
    for i in range(unit.start, unit.end):
        if dep[i] != "pobj" or lower[head[i]] not in ("in", "during", "on"):
            continue
        tok = doc[i]
        lemma = tok.lemma_.lower()
        kind = _LEX.carrier_nouns.get(lemma)
        if kind == "intercepted_communication" and lemma in _LEX.marked_carriers:
            marked = any(c.lower_ in _LEX.intercept_marks for c in tok.children)
            if not marked and (active is None or active.kind != kind):
                kind = None  # "said on a call with investors": a call, nothing intercepted
        if kind is not None and (tok.head.lower_ != "on" or kind == "social_media"):
            return kind, lemma, tok
        if lemma in _LEX.ordinals and active is not None and tok.head.lower_ == "in":
            return active.kind, active.lemma, tok
    return None


def _hear(doc: Doc, unit: Unit, index: int, atts: list[Found], state: State) -> None:
    """Put the voices heard in a recording or video under whoever released it: [outlet,
    security service, soldier (intercepted_communication)]. A named speaker who is not heard
    in it (the releaser, someone speaking to the outlet) closes the carrier."""
    spoken = state.spoken
    explicit = _explicit_carrier(doc, unit, state)
    carrier = state.carrier
    if explicit is not None and (carrier is None or carrier.kind != explicit[0]):
        kind, lemma, noun = explicit
        outer = sharers(noun, index, state)  # "a video it posted"
        if not outer and kind == "intercepted_communication" and spoken.chains:
            outer = list(spoken.chains[-1][1])  # the last source heard of: who played the calls
        carrier = state.carrier = state.new_carrier(outer, kind, index, lemma)
    if carrier is None:
        return
    if explicit is None and index - carrier.unit > CARRIER_REACH:
        state.carrier = None
        return
    if explicit is not None:
        carrier.unit = index
    for att in atts:
        if att.opens is not None:
            continue
        last = att.chain[-1]
        outer_names = {m.source.name for m in carrier.outer}
        if last.source.name in outer_names or any(m.source.type == "media_outlet" for m in att.chain[:-1]):
            state.carrier = None
            return
        voice = any(last.source.name.lower() == v.source.name.lower() for v in carrier.voices)
        full_name = last.person and len(last.source.name.split()) > 1 and last.source.name[:1].isupper()
        unnamed = last.source.type in ("anonymous", "unspecified") or (
            not full_name and (last.person or last.source.type == carrier.kind)
        )
        reply = att.head.lemma_.lower() in _LEX.reply_verbs or att.cue is None
        if carrier.kind == "social_media":
            heard = unnamed and (explicit is not None or last.source.type == carrier.kind)
        else:
            heard = explicit is not None or voice or unnamed or (reply and last.person)
        if not heard:
            if last.person and last.source.type in CARRIER_TYPES:
                # heard in a call before, speaking in person now: a person again
                src = dataclasses.replace(last.source, type=person_type(" ".join(sorted(last.role))))
                att.chain[-1] = dataclasses.replace(last, source=src)
            state.carrier = None
            return
        src = dataclasses.replace(last.source, type=carrier.kind)
        att.chain = [*carrier.outer, dataclasses.replace(last, source=src)]
        att.via = carrier
        carrier.unit = index


# --------------------------------------------------------------------------- the Doc


def find_frames(doc: Doc, finder: CueFinder, said: Sequence[Said]) -> list[Sentence]:
    """The sentences of ``doc`` with their frames, in text order. ``said`` are the Doc's
    attributions (:class:`~newsledger.extract.attributions.Attribution`), whose resolved speakers
    attribute the sentences that are all quotation."""
    state = State(finder)
    register_names(state.resolver)
    out: list[Sentence] = []
    for index, unit in enumerate(find_units(doc)):
        found = _cue_frames(doc, unit, index, state)
        if not found:
            quoted = _quotation_frame(doc, unit, said, index, state)
            found = [quoted] if quoted is not None else []
        _hear(doc, unit, index, found, state)
        for frame in found:
            state.spoken.add(index, frame.chain)
            if frame.opens is not None:
                state.carrier = frame.opens
        out.append(Sentence(unit.start, unit.end, unit.para, tuple(f.frozen() for f in found)))
    return out
