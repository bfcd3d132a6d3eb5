"""Source links: a noun phrase -> the chain (outer to inner) of sources it stands for.

A frame's subject, addressee or "according to" object is typed by :mod:`newsledger.extract.mentions`
and resolved through the one :class:`~newsledger.extract.speakers.Resolver` of the Doc, against
the record of who spoke before (:class:`~newsledger.extract.backrefs.Spoken`):

* a pronoun is resolved by the resolver; when its antecedent was a source, that source's whole
  chain is reused, so "According to them" keeps [outlet, cited outlet, sources];
* a definite description of a thing, body, outlet or document is the earlier mention the
  resolver takes it for; one of people ("the officials", "the spokeswoman") the earlier source
  first (:func:`~newsledger.extract.backrefs.earlier_source`), "the company" the body named
  before (:func:`~newsledger.extract.backrefs.named_before`);
* a short name ("Kovalyk", "Harlow", "the Ledger") is the full name of an earlier source or
  described name (:func:`~newsledger.extract.descriptions.short_form`), and a named person
  carries the fuller name the resolver gives the same mention;
* "one of the officials" is one of the earlier officials; "a report by X" is X; whoever
  published or shared an item ("a memo first reported by X") is outer.

Each function takes the Doc's resolver ``r`` (:func:`~newsledger.extract.speakers.resolver_of`)
and the index of the sentence being read; ``r.spoken`` holds the sources of earlier sentences.
"""

from __future__ import annotations

import dataclasses

from spacy.tokens import Span, Token

from newsledger.contract import Source
from newsledger.extract.backrefs import earlier_source, named_before
from newsledger.extract.descriptions import short_form
from newsledger.extract.lexicon import lexicon as words_lexicon
from newsledger.extract.mentions import (
    CARRIER_TYPES,
    Mention,
    agent_of,
    is_person_noun,
    make_mention,
    np_bounds,
)
from newsledger.extract.placewords import is_place_word, label_of
from newsledger.extract.sources import classify_source, pronoun_kind
from newsledger.extract.speakers import Resolver

_LEX = words_lexicon()  # data/attribution.yaml, data/roles.yaml
_REPORT_HEADS = _LEX.report_heads
_AGENT_PREPS = _LEX.agent_preps
_OUTLET_ANAPHORS = _LEX.outlet_anaphors
_DEFINITE = _LEX.definite
_INDEFINITE = _LEX.indefinite
_QUANTIFIERS = _LEX.quantifiers
_MEDIA_HEADS = _LEX.media_heads


def register_names(r: Resolver) -> None:
    """Remember every described name of the article ("the contractor, Hallberg Land Systems",
    "the legal aid group Open Docket", "Westmarch's housing minister, Colm Draney") so that a
    later short form resolves to it whether or not it was a source before."""
    doc = r.m.doc
    for tok in (doc[i] for i, propn in enumerate(r.m.propn) if propn):
        if tok.dep_ in ("compound", "flat"):
            continue
        has_desc = tok.dep_ == "appos" or any(c.dep_ in ("compound", "appos") for c in tok.children)
        if not has_desc:
            continue
        owner = tok.head if tok.dep_ == "appos" and tok.head.pos_ == "NOUN" else tok
        mention = make_mention(owner)
        if mention.source.start is not None and mention.source.type != "unspecified":
            r.spoken.register(mention)


def _of_quantifier(head: Token) -> Token | None:
    """ "one of the people familiar with ...", "a group of women": the people, the women."""
    if head.lower_ not in _QUANTIFIERS and head.lemma_.lower() not in _QUANTIFIERS:
        return None
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None and (head.lower_ != "group" or is_person_noun(pobj.lemma_.lower())):
                return pobj
    return None


def _quantified(head: Token, group: Token, unit: int, r: Resolver) -> list[Mention] | None:
    chain = resolve(group, unit, r)
    if not chain or chain[-1].source.type == "unspecified":
        return None
    last = chain[-1]
    doc = head.doc
    if head.lemma_.lower() == "group":  # "a group of women from the Altai region": its own name
        lo, hi, _ = np_bounds(head)
        src = Source(doc[lo:hi].text, last.source.type, doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1]))
        return [*chain[:-1], dataclasses.replace(last, source=src, plural=True)]
    rest = last.source.name.split()
    if rest and rest[0].lower() in _QUANTIFIERS | {"a", "an"} and "of" in rest[:3]:
        rest = rest[rest.index("of") + 1 :]  # "a group of women ..." -> "women ..."
    while rest and (
        rest[0].lower() in _DEFINITE | {"a", "an"} or rest[0].isdigit() or rest[0].lower() in _QUANTIFIERS
    ):
        rest = rest[1:]
    name = " ".join([doc[head.i : group.i].text, *rest])  # "one of the" + "people familiar with ..."
    # the span is this mention's own phrase ("one of the officials"), never the earlier group's end
    end = group.idx + len(group.text)
    if last.source.end is not None and head.idx < last.source.end <= group.sent.end_char:
        end = max(end, last.source.end)
    src = Source(name, last.source.type, head.idx, end)
    return [*chain[:-1], dataclasses.replace(last, source=src, plural=False)]


def _author(head: Token, unit: int, r: Resolver) -> list[Mention] | None:
    """ "a report by X", "X's report", "a statement from X": the author is the source."""
    for dep, words in (("poss", None), ("prep", ("by",)), ("prep", _AGENT_PREPS)):
        for child in head.children:
            if child.dep_ != dep or (words is not None and child.lower_ not in words):
                continue
            if dep == "poss":
                return resolve(child, unit, r)
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None and pobj.pos_ in ("PROPN", "NOUN", "PRON"):
                return resolve(pobj, unit, r)
    return None


def _publishers(head: Token, unit: int, r: Resolver) -> list[Mention]:
    """Who shared, published, reported or cited the item ``head`` names: "a memo first reported
    by X", "a recording shared by X", "the indictment, which X published": X is outer."""
    outer: list[Mention] = []
    verbs = _LEX.release_verbs | _LEX.publisher_verbs
    for child in head.children:
        if child.dep_ == "acl" and child.lemma_.lower() in verbs:
            agent = agent_of(child)
            if agent is not None:
                outer.extend(resolve(agent, unit, r))
        if child.dep_ == "relcl" and child.lemma_.lower() in verbs:
            subj = next((c for c in child.children if c.dep_ == "nsubj"), None)
            obj = next((c for c in child.children if c.dep_ == "dobj"), None)
            if subj is not None and obj is not None and obj.tag_ in ("WDT", "WP"):
                outer.extend(resolve(subj, unit, r))
    return outer


def speaker_chain(
    speaker: str, start: int | None, end: int | None, span: Span | None, unit: int, r: Resolver
) -> list[Mention]:
    """The chain for a speaker resolved by the attribution layer (:mod:`newsledger.extract.speakers`):
    the latest chain ending with that name, an earlier mention of it, or its own mention typed."""
    known = r.spoken.containing(unit, speaker)
    if known is not None:
        return list(known)
    named = r.spoken.named(unit, speaker)
    earlier = named[-1] if named else short_form(r.spoken, unit, speaker)
    if earlier is not None:
        return [earlier]
    if span is not None:
        chain = resolve(span.root, unit, r)
        if chain:
            last = chain[-1]
            if len(speaker) > len(last.source.name) and last.person:
                last = dataclasses.replace(last, source=dataclasses.replace(last.source, name=speaker))
            return [*chain[:-1], last]
    stype = classify_source(speaker)
    source = Source(speaker, stype, start, end)
    person = stype in ("named_person", "expert_analyst", "anonymous")
    return [Mention(source, False, person, speaker.split()[-1].lower() if speaker else "")]


def _shared_pronoun(head: Token, unit: int, r: Resolver) -> list[Mention] | None:
    """The chain of the mention the attribution layer resolves a pronoun to (None: unresolved)."""
    found = r.resolve(head)
    if found is None:
        return None
    span = head.doc.char_span(found.start, found.end, alignment_mode="expand")
    if span is None or span.root.pos_ == "PRON":
        return None
    chain = r.spoken.at(found.start, found.end, found.name)
    if chain is not None:
        return list(chain)  # the antecedent was a source: its whole chain ("Bloomberg", sources)
    return speaker_chain(found.name, found.start, found.end, span, unit, r)


def _shared_description(head: Token, mention: Mention, unit: int, r: Resolver) -> list[Mention] | None:
    """The chain of the earlier mention the one resolver takes a definite description for."""
    if mention.person or is_person_noun(head.lemma_.lower()):
        return None  # people ("the officials", "the spokeswoman"): backrefs.earlier_source
    found = r.resolve(head)
    if found is None or found.start is None or found.end is None or found.start >= head.left_edge.idx:
        return None
    if not any(w[:1].isupper() for w in found.name.split()):
        return None  # a description for a description: the earlier sources say more
    chain = r.spoken.at(found.start, found.end, found.name)
    if chain is None:
        span = head.doc.char_span(found.start, found.end, alignment_mode="expand")
        if span is None or span.root.pos_ == "PRON":
            return None
        chain = speaker_chain(found.name, found.start, found.end, span, unit, r)
    chain = r.spoken.report_chain(list(chain))
    last = chain[-1]
    if last.source.type in CARRIER_TYPES and mention.source.type != "unspecified":
        # a voice heard in a recording before, named by its description now: itself again
        chain[-1] = dataclasses.replace(
            last, source=dataclasses.replace(last.source, type=mention.source.type)
        )
    return chain


def resolve(head: Token, unit: int, r: Resolver) -> list[Mention]:
    """The chain (outer to inner) that a noun phrase headed by ``head`` stands for."""
    text = head.text
    kind = pronoun_kind(text) if head.pos_ == "PRON" else None
    if kind is not None:
        shared = _shared_pronoun(head, unit, r)
        if shared is not None:
            return shared
        own = Source(name=text, type="unspecified", start=head.idx, end=head.idx + len(text))
        return [Mention(own, kind == "plural", kind == "person", text.lower())]
    group = _of_quantifier(head)
    if group is not None:
        quantified = _quantified(head, group, unit, r)
        if quantified is not None:
            return quantified
    if head.pos_ == "PRON":
        return []
    lemma = head.lemma_.lower()
    if lemma in _REPORT_HEADS:
        author = _author(head, unit, r)
        if author is not None:
            return author
    mention = make_mention(head)
    named = mention.source.start is not None and mention.source.start > head.idx  # a described name
    determiners = {c.lower_ for c in head.children if c.dep_ in ("det", "poss")}
    common = head.pos_ == "NOUN" or (head.pos_ == "PROPN" and head.is_lower)  # "the minister" tagged PROPN
    if determiners & _DEFINITE and common and not mention.medium and not named:
        shared = _shared_description(head, mention, unit, r)
        if shared is not None:
            return shared
        resolved = earlier_source(r.spoken, unit, lemma, mention)
        if resolved is not None:
            return list(resolved)
        if lemma in _OUTLET_ANAPHORS and mention.source.type == "media_outlet":
            outlet = _named_outlet_before(head)
            if outlet is not None:
                return [outlet]
        if mention.source.type == "official_body" and not mention.person:
            org = named_before(head, "official_body")  # "the company" -> "Carrow Glass"
            if org is not None:
                return [org]
    bare = head.tag_ == "NN" or (head.tag_ == "JJ" and head.dep_ in ("nsubj", "nsubjpass"))
    if not determiners and bare and head.is_lower and is_person_noun(lemma) and not list(head.children):
        # "..., colonel stressed" (no article, as in translated copy): the named person with that role
        for prior, chain in r.spoken.recent(unit, reach=40):
            if prior.person and any(lemma in word.split("-") for word in prior.role):
                return list(chain)
    if mention.source.start is not None and (head.pos_ == "PROPN" or named) and not is_place_word(head):
        # (a one-word place is no short form: "Ostmarch said" is not "residents in Ostmarch")
        earlier = short_form(r.spoken, unit, mention.source.name, mention.source.start)
        if earlier is None:
            same = r.spoken.named(unit, mention.source.name)
            earlier = same[-1] if same else None
        if earlier is not None:
            # "Kovalyk" -> "Oleksandr Kovalyk", with the type the full mention was given
            src = mention.source
            mention = dataclasses.replace(
                earlier, source=Source(earlier.source.name, earlier.source.type, src.start, src.end)
            )
    elif head.pos_ == "NOUN" and mention.source.start is not None and not determiners & _INDEFINITE:
        # (an indefinite introduces someone new: "a commander" is not "the crew's commander")
        fuller = _fuller(mention, unit, r)  # "Kessland's ministry" -> "Kessland's defence ministry"
        if fuller is not None:
            mention = fuller
    mention = _resolved_name(head, mention, r)
    outer = [m for m in _publishers(head, unit, r) if not m.medium]
    for child in head.children:
        # "Bloomberg sources": the outlet named as a modifier of anonymous sources is outer
        if (
            child.dep_ in ("compound", "poss")
            and child.pos_ == "PROPN"
            and mention.source.type == "anonymous"
        ):
            lo, hi, _ = np_bounds(child)
            span = head.doc[lo:hi]
            if classify_source(span.text, head=child.text, label=label_of(child)) == "media_outlet":
                outer.append(make_mention(child))
    if outer and lemma in _MEDIA_HEADS:
        return outer  # "according to a clip aired by X": X speaks, the clip is the medium
    return [*outer, mention]


def _resolved_name(head: Token, mention: Mention, r: Resolver) -> Mention:
    """A named person by the fuller name the one resolver gives the same mention ("Lemtov" ->
    "Arkady Lemtov"): the name quotes carry for that speaker."""
    src = mention.source
    if not mention.person or src.start is None or src.type not in ("named_person", "expert_analyst"):
        return mention
    found = r.resolve(head)
    if found is None:
        return mention
    name, words = found.name.split(), src.name.split()
    if len(name) > len(words) and words and name[-1] == words[-1]:
        return dataclasses.replace(mention, source=dataclasses.replace(src, name=found.name))
    return mention


def _fuller(mention: Mention, unit: int, r: Resolver) -> Mention | None:
    """An earlier mention with the same head whose name has every word of this one."""
    words = {w.lower() for w in mention.source.name.split()} - _DEFINITE - {"a", "an"}
    for earlier, _chain in r.spoken.recent(unit, reach=40):
        names = {w.lower() for w in earlier.source.name.split()}
        if earlier.head == mention.head and words < names and earlier.source.type == mention.source.type:
            src = mention.source
            return dataclasses.replace(
                earlier, source=dataclasses.replace(earlier.source, start=src.start, end=src.end)
            )
    return None


def _named_outlet_before(tok: Token, reach: int = 120) -> Mention | None:
    """The closest news outlet named in the ``reach`` tokens before ``tok``."""
    doc = tok.doc
    for i in range(tok.i - 1, max(-1, tok.i - reach - 1), -1):
        cand = doc[i]
        if cand.pos_ != "PROPN" or cand.dep_ == "compound":
            continue
        names = [c for c in cand.children if c.dep_ == "compound" and c.pos_ == "PROPN"]
        lo = min([cand.i, *(c.i for c in names)])
        if classify_source(doc[lo : cand.i + 1].text, head=cand.text, label="ORG") == "media_outlet":
            return make_mention(cand)
    return None
