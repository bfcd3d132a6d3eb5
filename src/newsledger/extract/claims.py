"""Claims extractor: each reported assertion with its attribution chain, hedges and verification.

One claim per sentence (a line break also ends a sentence). A sentence is split into clauses
only when it carries two different attributions in separate clauses ("X denied A, while Y said
B"). The chain is outermost first: the outlet, then the sources named in the sentence from
outer to inner: "Bloomberg reports, citing sources familiar with the situation" gives
[outlet, Bloomberg, sources familiar with the situation]. Attributions come from the parse:

* reporting verbs (``data/reporting_verbs.txt``) in a main clause, with their subject, the
  outlet they told ("one source told Meduza": Meduza is outer), the agent of a passive
  ("was quoted by X"), a social-media medium ("said in a Facebook post": the post is inner)
  and a ``citing`` participle (its object is inner);
* ``according to X``, where "a report by X" or "X's report" gives X;
* a release verb whose object is a document or a recording ("released an intercepted call"),
  and a document, recording or post that "shows"/"captures" something;
* a direct quote's speaker, from the quotes component, when the sentence names no better one.

Pronouns ("according to them", "he says") and definite descriptions ("the sources", "the
post", "the news outlet") resolve to the most recent matching source; the antecedent's whole
chain is reused. Hedge and disclaimer cues come from :mod:`newsledger.extract.hedges`;
disclaimers, denials, disputes and outlet verifications set ``verification`` on their own
claim and on the earlier claims they refer to (see ``_apply_cue``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from newsledger.contract import Claim, Hedge, Quote, Source
from newsledger.data import load_lines
from newsledger.extract._doc import claim_for_span, ensure_extensions, version_tag
from newsledger.extract.hedges import find_doc_cues, to_hedge, verification_status
from newsledger.extract.sources import classify_source, is_plural, lexicon, pronoun_kind

NAME = "newsledger.claims"
VERSION = "1.0.0"
TAG = version_tag(NAME, VERSION)

OUTLET_FALLBACK = "the outlet"
MIN_WORDS = 4  # shorter lines are headline fragments or debris
MIN_WORDS_UNPUNCTUATED = 6  # lines without final punctuation need more to count as a sentence
HISTORY = 6  # how many earlier units a pronoun may reach back

_SUBJECTS = ("nsubj", "nsubjpass")
# Marks that make a reporting clause background, not the attribution of the sentence.
_BACKGROUND_MARKS = {"after", "before", "when", "since", "because", "if", "until", "once", "unless"}
# Deps under which a reporting verb describes something instead of attributing the sentence.
_EMBEDDED_DEPS = {"relcl", "acl", "amod", "pcomp", "compound", "csubj", "nmod", "pobj", "npadvmod"}
_RELEASE_VERBS = {"release", "publish", "share", "post", "air", "broadcast", "leak", "circulate", "upload"}
_EVIDENCE_VERBS = {
    "show", "capture", "depict", "reveal", "indicate", "suggest", "feature", "document", "record",
}  # fmt: skip
_EVIDENCE_TYPES = {"document", "intercepted_communication", "social_media"}
_RAISING_REPORT = {
    "say", "report", "believe", "think", "rumour", "rumor", "allege", "understand", "know",
    "estimate",
}  # fmt: skip
_CARRIER_TYPES = {"intercepted_communication", "social_media"}  # may carry an unnamed speaker's voice
_REPORT_HEADS = {
    "report", "reporting", "statement", "study", "analysis", "assessment", "survey",
    "investigation", "article", "interview", "story", "estimate", "estimates", "tally", "count",
    "review", "poll",
}  # fmt: skip
_AGENT_PREPS = {"by", "from", "of"}
_OUTLET_ANAPHORS = {"outlet", "newspaper", "paper", "agency", "publication", "broadcaster", "network", "site"}
_MEDIUM_HEADS = {
    "interview", "post", "statement", "video", "tweet", "message", "briefing", "address", "speech",
}  # fmt: skip


@lru_cache(maxsize=1)
def reporting_lemmas() -> frozenset[str]:
    """Lemmas of reporting verbs (owned by the quotes area: ``data/reporting_verbs.txt``)."""
    return frozenset(w.lower() for w in load_lines("reporting_verbs.txt"))


# --------------------------------------------------------------------------- mentions


@dataclass(frozen=True)
class _Mention:
    source: Source
    plural: bool
    person: bool
    head: str  # lower-case lemma of the head noun


@dataclass
class _Attribution:
    chain: list[_Mention]
    cue: str | None
    head: Token  # the clause head the attribution governs
    anchor: int  # token index of the cue
    weak: bool = False  # its source is a pronoun or sits inside quotation marks: a quote's speaker wins


@dataclass
class _Unit:
    start: int  # token indices [start, end)
    end: int
    para: int
    attributions: list[_Attribution] = field(default_factory=list)


_ENTITY_LABELS = {"PERSON": "PERSON", "ORG": "ORG", "PLACE": "GPE", "GPE": "GPE", "NORP": "NORP"}


def _label(tok: Token) -> str | None:
    """The entity label of ``tok``: the entities component's when it ran, else spaCy's NER."""
    for ent in tok.doc._.nl_entities or ():
        if ent.start <= tok.idx < ent.end:
            return _ENTITY_LABELS.get(ent.label)
    return _ENTITY_LABELS.get(tok.ent_type_)


def _np_tokens(head: Token) -> tuple[int, int, str]:
    """Token range [lo, hi) of the noun phrase at ``head`` without appositives and clauses, and
    the text of what was left out (its role words)."""
    skip: set[int] = set()
    for child in head.children:
        if child.dep_ in ("appos", "relcl", "acl", "advcl", "punct", "cc", "conj") and child.i > head.i:
            skip.update(t.i for t in child.subtree)
    kept = [t.i for t in head.subtree if t.i not in skip]
    lo = hi = head.i
    kept_set = set(kept)
    while lo - 1 in kept_set:
        lo -= 1
    while hi + 1 in kept_set:
        hi += 1
    doc = head.doc
    while lo < hi and doc[lo].is_punct:
        lo += 1
    while hi > lo and doc[hi].is_punct:
        hi -= 1
    role = " ".join(doc[i].text for i in sorted(skip) if not doc[i].is_punct)
    return lo, hi + 1, role


def _make_mention(head: Token) -> _Mention:
    doc = head.doc
    lo, hi, role = _np_tokens(head)
    span = doc[lo:hi]
    label = _label(head)
    name = span.text
    stype = classify_source(name, head=head.text, label=label, role=role)
    plural = head.tag_ in ("NNS", "NNPS") or is_plural(name, head.text)
    if head.tag_ in ("NNP",) and label in ("ORG", "GPE", "PERSON"):
        plural = False
    person = not plural and (
        label == "PERSON"
        or stype in ("named_person", "expert_analyst")
        or head.lemma_.lower() in lexicon().person_roles
        or head.lemma_.lower() in {"man", "woman", "official", "source", "spokesman", "spokeswoman", "person"}
    )
    source = Source(name=name, type=stype, start=span.start_char, end=span.end_char)
    return _Mention(source, plural, person, head.lemma_.lower())


class _History:
    """Earlier source mentions with their chains, most recent last."""

    def __init__(self) -> None:
        self.items: list[tuple[int, _Mention, list[_Mention]]] = []  # (unit index, mention, chain)
        self.chains: list[tuple[int, list[_Mention]]] = []

    def add(self, unit: int, chain: list[_Mention]) -> None:
        self.chains.append((unit, chain))
        for k, mention in enumerate(chain):
            self.items.append((unit, mention, chain[: k + 1]))

    def containing(self, unit: int, name: str) -> list[_Mention] | None:
        """The latest whole chain of the last two units that ends with ``name``."""
        for u, chain in reversed(self.chains):
            if unit - u > 2:
                break
            if chain and chain[-1].source.name.lower() == name.lower():
                return chain
        return None

    def recent(self, unit: int) -> list[tuple[_Mention, list[_Mention]]]:
        return [(m, c) for u, m, c in reversed(self.items) if unit - u <= HISTORY]

    def pronoun(self, unit: int, kind: str) -> list[_Mention] | None:
        for mention, chain in self.recent(unit):
            if kind == "plural" and mention.plural:
                return chain
            if kind == "person" and mention.person:
                return chain
            if kind == "thing" and not mention.plural and not mention.person:
                return chain
        return None

    def carrier(self, unit: int) -> list[_Mention] | None:
        """The chain of a recording, post or document named in the last two units."""
        for u, mention, chain in reversed(self.items):
            if unit - u > 2:
                break
            if mention.source.type in _CARRIER_TYPES:
                return chain
        return None

    def definite(self, unit: int, head: str, mention_type: str) -> list[_Mention] | None:
        for mention, chain in self.recent(unit):
            if mention.head == head:
                return chain
            if (
                head in _OUTLET_ANAPHORS
                and mention.source.type == "media_outlet"
                and mention_type == "media_outlet"
            ):
                return chain
        return None

    def named(self, unit: int, name: str) -> list[_Mention] | None:
        for mention, chain in self.recent(unit):
            if mention.source.name.lower() == name.lower():
                return chain
        return None

    def surname(self, unit: int, head: Token) -> _Mention | None:
        for mention, _chain in self.recent(unit):
            if mention.person and mention.source.name.split()[-1:] == [head.text]:
                return mention
        return None


def _mentions(head: Token, unit: int, history: _History) -> list[_Mention]:
    """The chain (outer to inner) that a noun phrase headed by ``head`` stands for."""
    text = head.text
    kind = pronoun_kind(text) if head.pos_ == "PRON" else None
    if kind is not None:
        resolved = history.pronoun(unit, kind)
        if resolved is not None:
            return list(resolved)
        own = Source(name=text, type="unspecified", start=head.idx, end=head.idx + len(text))
        mention = _Mention(own, kind == "plural", kind == "person", text.lower())
        carrier = history.carrier(unit) if kind == "person" else None
        return [*carrier, mention] if carrier else [mention]
    if head.pos_ == "PRON":
        return []
    lemma = head.lemma_.lower()
    # "a report by X", "X's report", "a statement from X": the author is the source
    if lemma in _REPORT_HEADS:
        for child in head.children:
            if child.dep_ == "poss":
                return _mentions(child, unit, history)
            if child.dep_ == "prep" and child.lower_ in _AGENT_PREPS:
                pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if pobj is not None and pobj.pos_ in ("PROPN", "NOUN", "PRON"):
                    return _mentions(pobj, unit, history)
    mention = _make_mention(head)
    determiners = {c.lower_ for c in head.children if c.dep_ in ("det", "poss")}
    if determiners & {"the", "these", "those", "this", "that"} and head.pos_ == "NOUN":
        resolved = history.definite(unit, lemma, mention.source.type)
        if resolved is not None:
            return list(resolved)
        if lemma in _OUTLET_ANAPHORS and mention.source.type == "media_outlet":
            named = _named_outlet_before(head)
            if named is not None:
                return [named]
    if _label(head) == "PERSON" or head.pos_ == "PROPN":
        earlier = history.surname(unit, head)
        if earlier is not None and mention.source.type in ("named_person", "unspecified"):
            mention = dataclasses.replace(
                mention, source=dataclasses.replace(mention.source, type=earlier.source.type)
            )
    outer: list[_Mention] = []
    for child in head.children:
        # "Bloomberg sources": the outlet named as a modifier of anonymous sources is outer
        if (
            child.dep_ in ("compound", "poss")
            and child.pos_ == "PROPN"
            and mention.source.type == "anonymous"
        ):
            lo, hi, _ = _np_tokens(child)
            span = head.doc[lo:hi]
            if classify_source(span.text, head=child.text, label=_label(child)) == "media_outlet":
                outer.append(_make_mention(child))
        # "a recording shared by X": the sharer is outer
        if child.dep_ == "acl" and child.lemma_.lower() in _RELEASE_VERBS | {"obtain", "provide", "see"}:
            agent = _agent(child)
            if agent is not None:
                outer.extend(_mentions(agent, unit, history))
    return [*outer, mention]


def _named_outlet_before(tok: Token, reach: int = 120) -> _Mention | None:
    """The closest news outlet named in the ``reach`` tokens before ``tok``."""
    doc = tok.doc
    for i in range(tok.i - 1, max(-1, tok.i - reach - 1), -1):
        cand = doc[i]
        if cand.pos_ != "PROPN" or cand.dep_ == "compound":
            continue
        names = [c for c in cand.children if c.dep_ == "compound" and c.pos_ == "PROPN"]
        lo = min([cand.i, *(c.i for c in names)])
        if classify_source(doc[lo : cand.i + 1].text, head=cand.text, label="ORG") == "media_outlet":
            return _make_mention(cand)
    return None


def _not_a_source(mention: _Mention, head: Token) -> bool:
    """An untyped common noun that names no speaker ("as the war continues")."""
    return (
        mention.source.type == "unspecified"
        and head.pos_ == "NOUN"
        and not mention.person
        and head.lemma_.lower() not in lexicon().anon_unnamed
    )


def _agent(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "agent":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def _subject(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in _SUBJECTS:
            return child
    if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head.pos_ in ("VERB", "AUX"):
        return _subject(verb.head) if verb.head.i != verb.i else None
    return None


# --------------------------------------------------------------------------- attributions


def _is_reporting(tok: Token) -> bool:
    return tok.pos_ == "VERB" and tok.lemma_.lower() in reporting_lemmas()


def _is_attributive(verb: Token) -> bool:
    if verb.dep_ in _EMBEDDED_DEPS:
        return False
    if (
        verb.tag_ == "VBN"
        and verb.dep_ in ("advcl", "conj")
        and not any(c.dep_ in _SUBJECTS for c in verb.children)
    ):
        return False  # "Asked if ..., he replies"
    if verb.lemma_.lower() in _RAISING_REPORT and not any(c.dep_ in ("ccomp", "dobj") for c in verb.children):
        infinitive = any(
            c.dep_ == "xcomp" and any(a.lower_ == "to" for a in c.children) for c in verb.children
        )
        if infinitive:
            return False  # "advisers said to be shielding him": a hedge, not an attribution
    if any(c.dep_ == "mark" and c.lower_ in _BACKGROUND_MARKS for c in verb.children):
        return False
    if verb.dep_ in ("xcomp", "advcl") and verb.lemma_.lower() != "cite" and not _is_reporting(verb.head):
        return verb.dep_ == "advcl" and any(c.dep_ == "nsubj" for c in verb.children)
    if verb.dep_ == "ccomp":
        has_clause = any(c.dep_ in ("ccomp", "xcomp") for c in verb.children)
        has_object = any(c.dep_ == "dobj" for c in verb.children)
        return has_clause or not has_object
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
    if passive:
        return _agent(verb) is not None or verb.lemma_.lower() in ("quote", "cite")
    subj = _subject(verb)
    return (subj is not None and subj.lower_ != "there") or verb.lemma_.lower() == "cite"


def _inner_links(verb: Token, unit: int, history: _History) -> tuple[list[_Mention], list[_Mention]]:
    """(outer, inner) links a reporting verb adds around its subject: the outlet told or the
    passive's agent (outer); a social-media medium and the object of ``citing`` (inner)."""
    outer: list[_Mention] = []
    inner: list[_Mention] = []
    verbs = [verb, *(c for c in verb.children if c.dep_ in ("xcomp",) and _is_reporting(c))]
    for v in verbs:
        agent = _agent(v)
        if agent is not None and v.lemma_.lower() in ("quote", "cite", "report", "tell"):
            outer.extend(_mentions(agent, unit, history))
        for child in v.children:
            if child.dep_ in ("dobj", "dative") and v.lemma_.lower() in ("tell", "inform"):
                told = _mentions(child, unit, history)
                if told and told[-1].source.type == "media_outlet":
                    outer.extend(told)
            if child.dep_ == "prep" and child.lower_ in ("in", "on", "to", "via"):
                pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if pobj is None:
                    continue
                medium = _make_mention(pobj)
                if medium.source.type == "social_media" and pobj.lemma_.lower() != "channel":
                    inner.append(medium)
                for sub in pobj.children:  # "in an interview with the Associated Press"
                    if sub.dep_ == "prep" and sub.lower_ == "with" and pobj.lemma_.lower() in _MEDIUM_HEADS:
                        target = next((c for c in sub.children if c.dep_ == "pobj"), None)
                        if target is not None:
                            told = _mentions(target, unit, history)
                            if told and told[-1].source.type == "media_outlet":
                                outer.extend(told)
                if child.lower_ == "to" and v.lemma_.lower() in ("say", "speak", "talk"):
                    told = _mentions(pobj, unit, history)
                    if told and told[-1].source.type == "media_outlet":
                        outer.extend(told)
            if child.lemma_.lower() == "cite" and child.dep_ in ("advcl", "xcomp", "conj", "prep"):
                obj = next((c for c in child.children if c.dep_ in ("dobj", "pobj")), None)
                if obj is not None:
                    inner.extend(_mentions(obj, unit, history))
    return outer, inner


def _verb_attribution(verb: Token, unit: int, history: _History) -> _Attribution | None:
    lemma = verb.lemma_.lower()
    subj = next((c for c in verb.children if c.dep_ in _SUBJECTS), None)
    if subj is None and verb.dep_ == "acl" and lemma == "cite":
        subj = verb.head
    if subj is None:
        subj = _subject(verb)
    passive = any(c.dep_ == "auxpass" for c in verb.children)
    chain: list[_Mention] = []
    if subj is not None and (not passive or lemma in ("quote", "cite")) and subj.lower_ != "there":
        chain = _mentions(subj, unit, history)
        if chain and _not_a_source(chain[-1], subj):
            return None
    outer, inner = _inner_links(verb, unit, history)
    if lemma == "cite" and not inner:
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if obj is not None:
            inner = _mentions(obj, unit, history)
    chain = [*outer, *chain, *inner]
    if not chain:
        return None
    weak = subj is not None and (subj.pos_ == "PRON" or subj.i in _quoted_in_sentence(subj))
    return _Attribution(chain, verb.text, verb, verb.i, weak)


_OPEN_QUOTES = {"“": "”", '"': '"', "«": "»", "‘": "’"}


def _quoted_in_sentence(tok: Token) -> set[int]:
    sent = tok.sent
    return _quoted(tok.doc, _Unit(sent.start, sent.end, 0))


def _quoted(doc: Doc, unit: _Unit) -> set[int]:
    """Token indexes inside quotation marks in the unit (a quoted speaker's words, not the frame)."""
    inside: set[int] = set()
    closer: str | None = None
    opened = 0
    for tok in doc[unit.start : unit.end]:
        if closer is None and tok.text in _OPEN_QUOTES and tok.text != "‘":
            closer, opened = _OPEN_QUOTES[tok.text], tok.i
        elif closer is not None and tok.text == closer:
            inside.update(range(opened, tok.i + 1))
            closer = None
    return inside


def _unit_attributions(doc: Doc, unit: _Unit, index: int, history: _History) -> list[_Attribution]:
    found: list[_Attribution] = []
    handled_cites: set[int] = set()
    tokens = doc[unit.start : unit.end]
    quoted = _quoted(doc, unit)
    for tok in tokens:
        lemma = tok.lemma_.lower()
        if tok.i in quoted:
            continue
        if tok.lower_ == "according":
            to = next((c for c in tok.children if c.lower_ == "to"), None)
            pobj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
            if pobj is not None:
                chain = _mentions(pobj, index, history)
                if chain:
                    found.append(_Attribution(chain, "according to", tok.head, tok.i))
            continue
        if _is_reporting(tok) and lemma != "cite" and _is_attributive(tok):
            att = _verb_attribution(tok, index, history)
            if att is not None:
                handled_cites.update(c.i for c in tok.children if c.lemma_.lower() == "cite")
                found.append(att)
            continue
        if lemma == "cite" and tok.pos_ == "VERB":
            continue  # handled after the loop, once the governing verbs are known
        if tok.pos_ == "VERB" and lemma in _RELEASE_VERBS and tok.dep_ not in _EMBEDDED_DEPS:
            obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
            subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
            if obj is not None and subj is not None:
                inner = _mentions(obj, index, history)
                if inner and inner[-1].source.type in _EVIDENCE_TYPES:
                    found.append(
                        _Attribution([*_mentions(subj, index, history), *inner], tok.text, tok, tok.i)
                    )
            continue
        if tok.pos_ == "VERB" and lemma in _EVIDENCE_VERBS and tok.dep_ in ("ROOT", "conj", "ccomp"):
            subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
            if subj is not None and subj.pos_ == "NOUN":
                chain = _mentions(subj, index, history)
                if chain and chain[-1].source.type in _EVIDENCE_TYPES:
                    found.append(_Attribution(chain, tok.text, tok, tok.i))
    for tok in tokens:
        if tok.lemma_.lower() == "cite" and tok.pos_ == "VERB" and tok.i not in handled_cites | quoted:
            reporting = [a for a in found if a.anchor < tok.i and a.cue not in (None, "according to")]
            obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
            if reporting and obj is not None and not any(c.dep_ in _SUBJECTS for c in tok.children):
                reporting[-1].chain.extend(_mentions(obj, index, history))  # "X reports, citing Y"
                continue
            att = _verb_attribution(tok, index, history)
            if att is not None:
                found.append(att)
    found.sort(key=lambda a: a.anchor)
    return found


def _quote_attribution(
    doc: Doc, unit: _Unit, quotes: Sequence[Quote], atts: list[_Attribution], index: int, history: _History
) -> None:
    """Use the speaker of a direct or partial quote in the unit when the parse named no
    better source (no attribution, or one whose source is a pronoun or sits inside the quote)."""
    lo, hi = doc[unit.start].idx, doc[unit.end - 1].idx + len(doc[unit.end - 1].text)
    for quote in quotes:
        if not quote.speaker or quote.kind == "indirect" or not (lo <= quote.start < hi):
            continue
        span = None
        if quote.speaker_start is not None and quote.speaker_end is not None:
            span = doc.char_span(quote.speaker_start, quote.speaker_end, alignment_mode="expand")
        if span is not None and span.root.dep_ == "nsubjpass" and _agent(span.root.head) is None:
            continue  # "X is said to ...": a hedge, not a speaker
        chain = _speaker_chain(quote, span, index, history)
        weak = [a for a in atts if a.weak]
        if weak:
            att = weak[0]
            last = att.chain[-1].source
            unresolved = last.type == "unspecified" and pronoun_kind(last.name) is not None
            known = history.named(index, quote.speaker) is not None
            keep_context = unresolved and not known and len(chain) == 1
            if not unresolved and any(m.source.name == quote.speaker for m in att.chain):
                pass  # our resolution already names the speaker, with more context
            else:
                att.chain = [*att.chain[:-1], *chain] if keep_context else chain
            att.weak = False
        elif not atts:
            anchor = doc.char_span(quote.start, quote.end, alignment_mode="expand")
            head = anchor.root if anchor is not None else doc[unit.start]
            atts.append(_Attribution(chain, quote.cue, head, head.i))


def _speaker_chain(quote: Quote, span: Span | None, index: int, history: _History) -> list[_Mention]:
    speaker = quote.speaker or ""
    known = history.containing(index, speaker) or history.named(index, speaker)
    if known is not None:
        return list(known)
    label = _label(span.root) if span is not None else None
    stype = classify_source(speaker, label=label)
    if span is not None and stype == "named_person":
        earlier = history.surname(index, span[-1])
        stype = earlier.source.type if earlier is not None else stype
    person = stype in ("named_person", "expert_analyst") or label == "PERSON"
    source = Source(speaker, stype, quote.speaker_start, quote.speaker_end)
    mention = _Mention(source, is_plural(speaker), person, speaker.split()[-1].lower() if speaker else "")
    carrier = history.carrier(index)
    if carrier is not None and stype in ("named_person", "anonymous", "unspecified", "official_body"):
        return [*carrier, mention]  # a voice heard in a recording or post named just before
    return [mention]


def _within(tok: Token, ancestor: Token) -> bool:
    return tok.i == ancestor.i or ancestor in tok.ancestors


def _nested(inner: Token, outer: Token) -> bool:
    """Whether ``inner`` sits in the content of ``outer`` (not in a coordinated or adverbial
    clause beside it: "A denied X, while B said Y" holds two attributions side by side)."""
    if inner.i == outer.i:
        return True
    node = inner
    while node.head.i != node.i:
        if node.head.i == outer.i:
            return node.dep_ not in ("advcl", "conj", "parataxis")
        node = node.head
    return False


def _side_blocks(
    merged: list[_Attribution], unit: _Unit
) -> list[tuple[int, int, _Attribution | None]] | None:
    """Cut the subordinate attributed clauses that open or close the unit ("While A said X,
    B denied Y"); the shallowest attribution keeps the rest. None when they sit mid-sentence."""
    host = min(merged, key=lambda a: sum(1 for _ in a.head.ancestors))
    doc = host.head.doc
    lo, hi = unit.start, unit.end
    out: list[tuple[int, int, _Attribution | None]] = []
    for att in sorted((a for a in merged if a is not host), key=lambda a: a.head.left_edge.i):
        left, right = att.head.left_edge.i, att.head.right_edge.i + 1
        if _within(host.head, att.head):
            return None
        if left <= lo:
            out.append((lo, right, att))
            lo = right
        elif all(t.is_punct or t.is_space for t in doc[right:hi]):
            out.append((left, hi, att))
            hi = left
        else:
            return None
    if lo >= hi:
        return None
    out.append((lo, hi, host))
    return sorted(out, key=lambda r: r[0])


def _combine(atts: list[_Attribution], unit: _Unit) -> list[tuple[int, int, _Attribution | None]]:
    """Clauses of the unit as token ranges with their attribution: nested attributions are
    merged into one chain (outer clause first); attributions of separate clauses split the unit."""
    if not atts:
        return [(unit.start, unit.end, None)]
    merged: list[_Attribution] = []
    for att in atts:
        host = None
        for prev in merged:
            if _nested(att.head, prev.head) or _nested(prev.head, att.head):
                host = prev
                break
        if host is None:
            merged.append(_Attribution(list(att.chain), att.cue, att.head, att.anchor))
            continue
        names = [m.source.name for m in host.chain]
        extra = [m for m in att.chain if m.source.name not in names]
        if not extra:
            continue
        att_outer = (att.head.i == host.head.i and att.cue == "according to") or _within(host.head, att.head)
        if att_outer and att.head.i != host.head.i:
            att_outer = not _within(att.head, host.head)
        host.chain = [*extra, *host.chain] if att_outer else [*host.chain, *extra]
    if len(merged) == 1:
        return [(unit.start, unit.end, merged[0])]
    blocks = _side_blocks(merged, unit)
    if blocks is not None:
        return blocks
    # separate clauses: cut before the left edge of each later clause
    merged.sort(key=lambda a: a.head.left_edge.i)
    ranges: list[tuple[int, int, _Attribution | None]] = []
    start = unit.start
    for k, att in enumerate(merged):
        end = unit.end if k == len(merged) - 1 else max(merged[k + 1].head.left_edge.i, start + 1)
        if k == len(merged) - 1 or merged[k + 1].head.left_edge.i > start:
            ranges.append((start, end, att))
            start = end
    return ranges


# --------------------------------------------------------------------------- units


def _units(doc: Doc) -> list[_Unit]:
    """Sentences, also cut at line breaks, with their paragraph number (a line is a paragraph)."""
    units: list[_Unit] = []
    para = 0
    for sent in doc.sents:
        start = sent.start
        for tok in sent:
            if tok.is_space and "\n" in tok.text:
                if tok.i > start:
                    units.append(_Unit(start, tok.i, para))
                para += 1
                start = tok.i + 1
            elif "\n" in tok.whitespace_:
                units.append(_Unit(start, tok.i + 1, para))
                para += 1
                start = tok.i + 1
        if start < sent.end:
            units.append(_Unit(start, sent.end, para))
    out: list[_Unit] = []
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
            out.append(_Unit(s, e, u.para))
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
        root.tag_ == "VB" and root.i == words[0].i and not any(c.dep_ in _SUBJECTS for c in root.children)
    )
    return not imperative


# --------------------------------------------------------------------------- claims


def _outlet_source(doc: Doc) -> Source:
    name = doc._.nl_outlet or OUTLET_FALLBACK
    return Source(name=name, type="media_outlet", start=None, end=None)


def _chain(outlet: Source, att: _Attribution | None) -> tuple[Source, ...]:
    chain = [outlet]
    if att is not None:
        for mention in att.chain:
            src = mention.source
            if any(c.name == src.name and c.start == src.start for c in chain):
                continue
            if src.name.lower() == outlet.name.lower() and len(chain) == 1:
                continue
            chain.append(src)
    return tuple(chain)


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


def extract_claims(doc: Doc, quotes: Sequence[Quote] | None = None) -> list[Claim]:
    """Return the claims of ``doc`` in text order (ids ``c1``, ``c2``, ...)."""
    if quotes is None:
        quotes = doc._.nl_quotes or []
    outlet = _outlet_source(doc)
    history = _History()
    drafts: list[tuple[int, int, int, _Attribution | None]] = []
    att: _Attribution | None  # (start char, end char, para, att)
    units = _units(doc)
    for index, unit in enumerate(units):
        span = doc[unit.start : unit.end]
        atts = _unit_attributions(doc, unit, index, history)
        _quote_attribution(doc, unit, quotes, atts, index, history)
        for att in atts:
            history.add(index, att.chain)
        if not _asserts(span):
            continue
        for lo, hi, att in _combine(atts, unit):
            chars = _trim(doc, lo, hi, lo == unit.start)
            if chars is not None:
                drafts.append((chars[0], chars[1], unit.para, att))
    cues = find_doc_cues(doc)
    claims: list[Claim] = []
    paras: list[int] = []
    for n, (start, end, para, att) in enumerate(drafts, start=1):
        hedges: tuple[Hedge, ...] = tuple(
            to_hedge(c, TAG)
            for c in cues
            if c.kind in ("hedge", "disclaimer") and start <= c.start and c.end <= end
        )
        sources = _chain(outlet, att)
        cue = att.cue if att is not None and len(sources) > 1 else None
        claims.append(Claim(f"c{n}", doc.text[start:end], start, end, sources, cue, hedges, "unknown", TAG))
        paras.append(para)
    status = verification_status(doc, cues, claims, paras, doc._.nl_outlet)
    return [dataclasses.replace(c, verification=s) for c, s in zip(claims, status, strict=True)]


def link_quotes(quotes: Sequence[Quote], claims: Sequence[Claim]) -> list[Quote]:
    """Each quote with ``claim`` set to the id of the claim that contains it (or its start)."""
    out = []
    for quote in quotes:
        cid = claim_for_span(claims, quote.start, quote.end)
        if cid is None:
            cid = claim_for_span(claims, quote.start, quote.start + 1)
        out.append(dataclasses.replace(quote, claim=cid))
    return out


class ClaimsComponent:
    def __call__(self, doc: Doc) -> Doc:
        quotes = list(doc._.nl_quotes or [])
        claims = extract_claims(doc, quotes)
        doc._.nl_claims = claims
        if quotes:
            doc._.nl_quotes = link_quotes(quotes, claims)
        return doc


@Language.factory("newsledger_claims")
def make_claims_component(nlp: Language, name: str) -> ClaimsComponent:
    ensure_extensions()
    reporting_lemmas()
    lexicon()
    return ClaimsComponent()
