"""Source mentions: a noun phrase -> one named, typed link of an attribution chain.

A mention is named the way a reader of the ledger needs it (team convention, docs/eval.md):

* a named person by the name alone: titles and post-nominals go to its role words
  ("Deputy Defence Minister Arkady Lemtov" -> "Arkady Lemtov", role "deputy defence minister");
* a description with a name in apposition or after it by the name ("Samara's deputy governor,
  Leonid Shatrov" -> "Leonid Shatrov"; "the Siberian news site Taiga Vestnik" -> "Taiga Vestnik"),
  typed by the description when it says what the name is (a site, a channel, an aid group);
* anything else by its noun phrase without appositives and clauses.

A pronoun is resolved by the one resolver of the Doc (:func:`newsledger.extract.speakers.resolver_of`,
the one the attributions use); when its antecedent was a source, that source's whole chain is reused,
so "According to them" keeps [outlet, cited outlet, sources]. Other later mentions resolve to an
earlier one through :class:`History`: definite descriptions ("the sources", "the newspaper", "the
spokeswoman", "the general") to the latest source with that head noun or role word, and short names
("Kovalyk", "Harlow", "the Ledger") to the full name mentioned before.

Recordings, posts and videos are media, never links: a mention of one is flagged ``medium``
and may open a carrier (:class:`newsledger.extract.frames.Carrier`) whose voices are typed
``intercepted_communication`` or ``social_media``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from newsledger.contract import Source
from newsledger.extract.lexicon import lexicon as words_lexicon
from newsledger.extract.nounphrase import late_appositive
from newsledger.extract.placewords import is_place_word, label_of
from newsledger.extract.sources import (
    classify_source,
    is_plural,
    is_post_nominal,
    is_title,
    lexicon,
    person_type,
    pronoun_kind,
    role_word,
)
from newsledger.extract.speakers import resolver_of

SUBJECTS = ("nsubj", "nsubjpass")
HISTORY = 6  # how many earlier units a pronoun may reach back
CARRIER_TYPES = frozenset({"intercepted_communication", "social_media"})
_LEX = words_lexicon()  # data/attribution.yaml, data/roles.yaml
RELEASE_VERBS = _LEX.release_verbs
_REPORT_HEADS = _LEX.report_heads
_AGENT_PREPS = _LEX.agent_preps
_OUTLET_ANAPHORS = _LEX.outlet_anaphors
_DEFINITE = _LEX.definite
_QUANTIFIERS = _LEX.quantifiers
_REGISTERED = -10_000  # unit index of names registered before the first sentence
_MEDIA_HEADS = _LEX.media_heads


@dataclass(frozen=True)
class Mention:
    source: Source
    plural: bool
    person: bool
    head: str  # lower-case lemma of the head noun
    role: frozenset[str] = frozenset()  # role words: title, description, appositive
    medium: bool = False  # a recording, post, video or call: it carries voices, it is not a link


def is_person_noun(lemma: str) -> bool:
    """Whether a common noun names a person or a role ("spokeswoman", "lawyer", "analyst"): the
    one person lexicon (roles.yaml) and the source-type roles of data/source_types.yaml."""
    lex = lexicon()
    return (
        lemma in lex.person_roles
        or lemma in lex.anon_unnamed
        or lemma in _LEX.person
        or classify_source(lemma) == "expert_analyst"
        or lemma.endswith(_LEX.person_suffixes)
    )


def agent_of(verb: Token) -> Token | None:
    """The object of a passive's "by" phrase."""
    for child in verb.children:
        if child.dep_ == "agent":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def _np_bounds(head: Token) -> tuple[int, int, list[int]]:
    """Token range [lo, hi) of the noun phrase at ``head`` without appositives and clauses, and
    the indexes of what was left out (its role words)."""
    skip: set[int] = set()
    for child in head.children:
        if child.dep_ in ("appos", "relcl", "acl", "advcl", "punct", "cc", "conj") and child.i > head.i:
            skip.update(t.i for t in child.subtree)
    for tok in head.subtree:
        # a non-restrictive clause deeper in the phrase: "people familiar with the matter, who asked
        # not to be named" (spaCy hangs it on "matter")
        edge = tok.left_edge.i
        if tok.dep_ in ("relcl", "acl") and tok.i > head.i and edge > 0 and head.doc[edge - 1].text == ",":
            skip.update(t.i for t in tok.subtree)
            skip.add(edge - 1)
    kept = {t.i for t in head.subtree if t.i not in skip}
    lo = hi = head.i
    while lo - 1 in kept:
        lo -= 1
    while hi + 1 in kept:
        hi += 1
    doc = head.doc
    # never across a line break: "... since November\n\nThe General Staff says" is two paragraphs
    for i in range(head.i - 1, lo - 1, -1):
        if "\n" in doc[i].text_with_ws:
            lo = i + 1
            break
    for i in range(head.i, hi):
        if "\n" in doc[i].text_with_ws:
            hi = i
            break
    while lo < hi and (doc[lo].is_punct or doc[lo].is_space):
        lo += 1
    while hi > lo and (doc[hi].is_punct or doc[hi].is_space):
        hi -= 1
    return lo, hi + 1, sorted(skip)


def _name_run(head: Token, lo: int) -> int:
    """Start of the run of proper nouns that ends at ``head`` (within [lo, head])."""
    doc = head.doc
    start = head.i
    while start - 1 >= lo:
        if _hyphen_link(doc, start - 1):
            start -= 2  # "Brandt-Vey": a hyphenated surname is one name
        elif doc[start - 1].pos_ == "PROPN" and doc[start - 1].dep_ in ("compound", "nmod"):
            start -= 1
        else:
            break
    return max(start, lo)


def _hyphen_link(doc: Doc, i: int) -> bool:
    """Whether token ``i`` is a hyphen glued between two capitalised words ("Solberg-Maas")."""
    return (
        0 < i < len(doc) - 1
        and doc[i].text in ("-", "‐", "‑")
        and not doc[i - 1].whitespace_
        and not doc[i].whitespace_
        and doc[i - 1].text[:1].isupper()
        and doc[i + 1].text[:1].isupper()
    )


def _is_personal(head: Token, label: str | None, name: str, role: str) -> bool:
    if head.pos_ != "PROPN":
        return False
    stype = classify_source(name, head=head.text, label=label, role=role)
    if stype in ("named_person", "expert_analyst"):
        return True
    # "Vadim Krenkel, a Berlin-based energy analyst", "Helen Carver KC": a person whatever NER says
    described = any(c.dep_ == "appos" and is_person_noun(c.lemma_.lower()) for c in head.children)
    if stype == "media_outlet" or (label == "GPE" and not described):
        return False
    post = head.i + 1 < len(head.doc) and is_post_nominal(head.doc[head.i + 1].text)
    two_names = (
        head.i > 0 and head.doc[head.i - 1].pos_ == "PROPN" and stype in ("unspecified", "official_body")
    )
    return described or (post and two_names)


def _role_set(text: str) -> frozenset[str]:
    return frozenset(role_word(w) for w in text.replace(",", " ").split() if w[:1].isalpha())


def make_mention(head: Token, *, look_back: bool = True) -> Mention:
    """The mention whose head noun is ``head`` (named and typed, not resolved)."""
    doc = head.doc
    if look_back and head.pos_ == "PROPN" and head.dep_ in ("appos", "npadvmod", "conj"):
        for noun in doc[head.sent.start : head.i]:
            if noun.pos_ == "NOUN" and noun.i != head.head.i and late_appositive(noun) == head:
                return make_mention(noun)  # the name of "A channel run by bloggers, Steel Hawk,"
    if is_post_nominal(head.text) and head.i > 0 and doc[head.i - 1].pos_ == "PROPN":
        head = doc[head.i - 1]  # "Helen Carver KC"
    office = head.head.head if head.dep_ == "pobj" and head.head.dep_ == "prep" else None
    if office is not None and office.pos_ == "PROPN" and _office_word(office.lower_) and office.i < head.i:
        olo, ohi, _ = _np_bounds(office)
        if _trailing_name(office, olo, ohi) == head.i + 1:
            head = office  # "Orlik" in "Head of council Nadezhda Orlik": the whole office phrase
    lo, hi, skipped = _np_bounds(head)
    appos = next((c for c in head.children if c.dep_ == "appos" and c.pos_ == "PROPN"), None)
    titled = head.pos_ == "PROPN" and (
        is_title(head.text) or is_post_nominal(head.text) or _office_word(head.lower_)
    )
    if appos is not None and (head.pos_ == "NOUN" or titled):
        # "Samara's deputy governor, Leonid Shatrov": the name in apposition names the source
        inner = make_mention(appos, look_back=False)
        described = doc[lo:hi].text
        return _described(inner, described, head)
    trailing = _trailing_name(head, lo, hi) if titled else None
    if trailing is not None:
        # "Head of council Nadezhda Orlik", "Director of the institute Oona Reef": the office
        # phrase describes the name that closes it
        start = trailing - 1
        while start - 1 > head.i and doc[start - 1].pos_ == "PROPN" and doc[start - 1].text[:1].isupper():
            start -= 1
        name_span, office_span = doc[start:trailing], doc[lo:start]
        role = _role_set(office_span.text)
        stype = person_type(" ".join(sorted(role)))
        source = Source(name_span.text, stype, name_span.start_char, name_span.end_char)
        return Mention(source, False, True, head.lemma_.lower(), role)
    late = late_appositive(head) if appos is None and head.pos_ == "NOUN" else None
    if late is not None:
        # "A Telegram channel run by army bloggers, Steel Hawk, claimed ...": the name set off
        # by commas after the description names the source (the parser often loses the link)
        inner = make_mention(late, look_back=False)
        return _described(inner, doc[lo : late.left_edge.i].text.rstrip(" ,"), head)
    described_as = _described_as(head)
    if described_as is not None:
        # "a man the agency identifies as a private from Buryatia" -> "a private from Buryatia"
        inner = make_mention(described_as, look_back=False)
        return dataclasses.replace(inner, role=inner.role | {head.lemma_.lower()})
    role_text = " ".join(doc[i].text for i in skipped if not doc[i].is_punct)
    label = label_of(head)
    if head.pos_ == "PROPN":
        start = _name_run(head, lo)
        descriptor = doc[lo:start]
        common = any(t.pos_ == "NOUN" or t.is_lower for t in descriptor if not t.is_punct)
        possessive = any(t.dep_ == "case" or t.tag_ == "POS" for t in descriptor)
        keyword = head.is_lower and classify_source(head.text, head=head.text) != "unspecified"
        if start > lo and common and not possessive and not keyword:
            # "the legal aid group Open Docket", "ministry spokesman Oleg Sutyrin"
            inner = _plain_mention(head, start, hi, label, role_text)
            top = next((t for t in descriptor if not lo <= t.head.i < start), None)
            desc_head = top if top is not None else (descriptor[-1] if len(descriptor) else head)
            return _described(inner, descriptor.text, desc_head)
    return _plain_mention(head, lo, hi, label, role_text)


_OFFICE_HEADS = _LEX.office_heads


def _office_word(lower: str) -> bool:
    """An office noun that may open a title phrase before a name ("Head of ...", "Director of ...")."""
    return lower in _OFFICE_HEADS or is_title(lower) or is_person_noun(lower)


def _trailing_name(head: Token, lo: int, hi: int) -> int | None:
    """End of a personal name of two or more capitalised words that closes the office phrase
    headed by ``head`` ("Head of council Nadezhda Orlik"), after a lower-case word of the phrase."""
    doc = head.doc
    end = hi
    start = end
    while start - 1 > head.i and doc[start - 1].pos_ == "PROPN" and doc[start - 1].text[:1].isupper():
        start -= 1
    if end - start < 2 or start - 1 <= head.i or not doc[start - 1].is_lower:
        return None
    run = doc[start:end].text
    if classify_source(run, head=doc[end - 1].text, label="PERSON") not in ("named_person", "expert_analyst"):
        return None
    return end


_INDEFINITE = _LEX.indefinite
_AS_VERBS = _LEX.describing_prefixes
_GENERIC_PEOPLE = _LEX.generic_people


def _described_as(head: Token) -> Token | None:
    """The description a generic person noun is identified as in a clause attached to it:
    "a man the agency identifies as X", "a man the agency says is X", "a woman described as X"."""
    if head.lemma_.lower() not in _GENERIC_PEOPLE or head.pos_ != "NOUN":
        return None
    for clause in head.children:
        if clause.dep_ not in ("relcl", "acl"):
            continue
        for tok in clause.subtree:
            verb = tok.head.head.lower_
            if tok.dep_ == "pobj" and tok.head.lower_ == "as" and verb.startswith(_AS_VERBS):
                return tok
            if tok.dep_ == "attr" and tok.head.lemma_ == "be" and tok.pos_ == "NOUN":
                return tok
    return None


def _plain_mention(head: Token, lo: int, hi: int, label: str | None, role_text: str) -> Mention:
    doc = head.doc
    span = doc[lo:hi]
    name = span.text
    if _is_personal(head, label, name, role_text):
        start, end = lo, head.i + 1
        titled = [i for i in range(lo, head.i) if is_title(doc[i].text) or is_person_noun(doc[i].lower_)]
        if titled and all(
            doc[i].text[:1].isupper() or _hyphen_link(doc, i) for i in range(titled[-1] + 1, head.i + 1)
        ):
            start = titled[-1] + 1  # "Deputy Energy Minister Arvo Kelling" -> "Arvo Kelling"
        while start < head.i and (
            is_title(doc[start].text)
            or not doc[start].text[:1].isupper()
            or is_person_noun(doc[start].lower_)
        ):
            start += 1
        titles = doc[lo:start].text
        rest = doc[end:hi].text
        role = " ".join(x for x in (titles, rest, role_text) if x)
        name_span = doc[start:end]
        source = Source(name_span.text, person_type(role), name_span.start_char, name_span.end_char)
        return Mention(source, False, True, head.lemma_.lower(), _role_set(role))
    stype = classify_source(name, head=head.text, label=label, role=role_text)
    if stype == "document" and role_text:
        alt = classify_source(f"{name} {role_text}", head=head.text)
        stype = alt if alt in CARRIER_TYPES else stype  # "a video posted on Telegram"
    plural = head.tag_ in ("NNS", "NNPS") or is_plural(name, head.text)
    if head.tag_ == "NNP" and label in ("ORG", "GPE", "PERSON"):
        plural = False
    lemma = head.lemma_.lower()
    person = not plural and (
        stype in ("named_person", "expert_analyst")
        or lemma in lexicon().person_roles
        or lemma in lexicon().anon_unnamed
        or lemma in _LEX.person_heads
    )
    medium = stype in CARRIER_TYPES and head.pos_ == "NOUN" and not person and lemma not in ("channel",)
    source = Source(name, stype, span.start_char, span.end_char)
    return Mention(source, plural, person, lemma, _role_set(role_text), medium)


def _described(inner: Mention, described: str, desc_head: Token) -> Mention:
    """``inner`` (a name) described by ``described`` ("the trade publication", "Kessland's
    deputy defence minister"): the description adds role words and, for a non-person, its type."""
    role = inner.role | _role_set(described)
    source = inner.source
    dtype = classify_source(described, head=desc_head.text)
    # "Lidia Fenn, the group's coordinator": a named person stays a person unless the description's
    # head itself names an institution ("Arveta, the drugmaker's parent company")
    head_type = classify_source(desc_head.text, head=desc_head.text)
    person = (
        is_person_noun(desc_head.lemma_.lower())
        or _office_word(desc_head.lower_)
        or (inner.person and (dtype == "unspecified" or head_type in ("unspecified", "expert_analyst")))
    )
    if person:
        words = " ".join(sorted(role))
        source = dataclasses.replace(source, type=person_type(words))
    elif dtype != "unspecified":
        source = dataclasses.replace(source, type=dtype)
    medium = inner.medium and source.type in CARRIER_TYPES
    return dataclasses.replace(inner, source=source, role=role, medium=medium, person=person, plural=False)


def not_a_source(mention: Mention, head: Token) -> bool:
    """An untyped common noun that names no speaker ("as the war continues")."""
    return (
        mention.source.type == "unspecified"
        and head.pos_ == "NOUN"
        and not mention.person
        and head.lemma_.lower() not in lexicon().anon_unnamed
    )


class History:
    """Earlier source mentions with their chains, most recent last."""

    def __init__(self) -> None:
        self.items: list[tuple[int, Mention, list[Mention]]] = []  # (unit index, mention, chain)
        self.chains: list[tuple[int, list[Mention]]] = []

    def add(self, unit: int, chain: list[Mention]) -> None:
        self.chains.append((unit, chain))
        for k, mention in enumerate(chain):
            self.items.append((unit, mention, chain[: k + 1]))

    def remember(self, unit: int, mention: Mention) -> None:
        """A mention that is no attribution yet may be referred back to ("the agency")."""
        self.items.append((unit, mention, [mention]))

    def containing(self, unit: int, name: str) -> list[Mention] | None:
        """The latest whole chain of the last two units that ends with ``name``."""
        for u, chain in reversed(self.chains):
            if unit - u > 2:
                break
            if chain and chain[-1].source.name.lower() == name.lower():
                return chain
        return None

    def at(self, start: int, end: int, name: str) -> list[Mention] | None:
        """The chain of the latest source mention over the characters [start, end) whose head
        word is in ``name`` (so a phrase the parse ran too long, "... in interview to TV channel
        X", is not taken for the person it contains)."""
        words = [w.lower() for w in name.split()]
        for _u, mention, chain in reversed(self.items):
            src = mention.source
            overlaps = src.start is not None and src.start < end and start < (src.end or src.start + 1)
            headed = any(w.startswith(mention.head) for w in words) if mention.head else False
            if overlaps and not mention.medium and headed:
                return chain
        return None

    def recent(self, unit: int, reach: int = HISTORY) -> list[tuple[Mention, list[Mention]]]:
        return [(m, c) for u, m, c in reversed(self.items) if unit - u <= reach and not m.medium]

    def definite(self, unit: int, head: str, mention: Mention) -> list[Mention] | None:
        """What "the spokeswoman", "the sources", "the newspaper", "the general" refers to."""
        recent = self.recent(unit, reach=40)
        for earlier, chain in recent:
            if earlier.head == head and earlier.source.type != "unspecified":
                return self.report_chain(chain)
        if is_person_noun(head):
            for earlier, chain in recent:
                if earlier.person and head in earlier.role:
                    return chain  # "the spokeswoman" -> "Col. Maren Oskarsdottir, a spokeswoman ..."
            if mention.source.type == "expert_analyst":
                for earlier, chain in recent:
                    if earlier.person and earlier.source.type == "expert_analyst":
                        return chain  # "the analyst" -> a named researcher
        for earlier, chain in recent:
            same_type = earlier.source.type == mention.source.type and mention.source.type != "unspecified"
            if (
                same_type
                and earlier.plural == mention.plural
                and (mention.source.type == "anonymous" or head in _OUTLET_ANAPHORS)
            ):
                return self.report_chain(chain)
        return None

    def report_chain(self, chain: list[Mention]) -> list[Mention]:
        """A cited outlet stands for its whole report: "the newspaper said" keeps the
        newspaper's sources ([outlet, newspaper, people familiar with the matter])."""
        last = chain[-1]
        if last.source.type != "media_outlet":
            return chain
        for _u, whole in reversed(self.chains):
            if whole and whole[-1] is not last and any(m is last for m in whole):
                return whole
        return chain

    def named(self, unit: int, name: str) -> list[Mention] | None:
        for mention, chain in self.recent(unit, reach=10**9):
            if mention.source.name.lower() == name.lower():
                return chain
        return None

    def short_name(self, unit: int, text: str, at: int | None = None) -> Mention | None:
        """The full name that ``text`` shortens ("Kovalyk", "Harlow", "the Ledger"): the nearest
        one mentioned before character ``at``, else the first one after it."""
        words = [w for w in text.split() if w.lower() not in _DEFINITE]
        if not words:
            return None
        found: list[Mention] = []
        firsts: list[Mention] = []
        for mention, _chain in self.recent(unit, reach=10**9):
            full = mention.source.name.split()
            if len(full) <= len(words) or mention.medium:
                continue
            if full[0].lower() in _DEFINITE:
                full = full[1:]
            if full[-len(words) :] == words:
                found.append(mention)
            elif full[: len(words)] == words:
                firsts.append(mention)
        found = found or firsts  # a surname ("Draney") before a first word ("Draney Civil Ltd")
        if not found:
            return None
        if at is None:
            return found[0]
        before = [m for m in found if (m.source.start or 0) < at]
        if before:
            return max(before, key=lambda m: m.source.start or 0)
        return min(found, key=lambda m: m.source.start or 0)


def register_names(doc: Doc, history: History) -> None:
    """Remember every described name of the article ("the contractor, Hallberg Land Systems",
    "the legal aid group Open Docket", "Westmarch's housing minister, Colm Draney") so that a
    later short form resolves to it whether or not it was a source before."""
    for tok in doc:
        if tok.pos_ != "PROPN" or tok.dep_ in ("compound", "flat"):
            continue
        has_desc = tok.dep_ == "appos" or any(c.dep_ in ("compound", "appos") for c in tok.children)
        if not has_desc:
            continue
        owner = tok.head if tok.dep_ == "appos" and tok.head.pos_ == "NOUN" else tok
        mention = make_mention(owner)
        if mention.source.start is not None and mention.source.type != "unspecified":
            history.items.append((_REGISTERED, mention, [mention]))


def named_before(tok: Token, stype: str, reach: int = 80) -> Mention | None:
    """The closest proper name of type ``stype`` in the ``reach`` tokens before ``tok`` (and
    in its own sentence after it): "the company" -> "Carrow Glass", "the union" -> "the
    Allied Glassworkers Union"."""
    doc = tok.doc
    order = [*range(tok.i - 1, max(-1, tok.i - reach - 1), -1), *range(tok.sent.start, tok.i)]
    for i in order:
        cand = doc[i]
        if cand.pos_ != "PROPN" or cand.dep_ in ("compound", "flat"):
            continue
        mention = make_mention(cand)
        if mention.source.type == stype and not mention.person:
            return mention
    return None


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


def _quantified(head: Token, group: Token, unit: int, history: History) -> list[Mention] | None:
    chain = resolve(group, unit, history)
    if not chain or chain[-1].source.type == "unspecified":
        return None
    last = chain[-1]
    doc = head.doc
    if head.lemma_.lower() == "group":  # "a group of women from the Altai region": its own name
        lo, hi, _ = _np_bounds(head)
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


def _author(head: Token, unit: int, history: History) -> list[Mention] | None:
    """ "a report by X", "X's report", "a statement from X": the author is the source."""
    for dep, words in (("poss", None), ("prep", ("by",)), ("prep", _AGENT_PREPS)):
        for child in head.children:
            if child.dep_ != dep or (words is not None and child.lower_ not in words):
                continue
            if dep == "poss":
                return resolve(child, unit, history)
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None and pobj.pos_ in ("PROPN", "NOUN", "PRON"):
                return resolve(pobj, unit, history)
    return None


def _publishers(head: Token, unit: int, history: History) -> list[Mention]:
    """Who shared, published, reported or cited the item ``head`` names: "a memo first reported
    by X", "a recording shared by X", "the indictment, which X published": X is outer."""
    outer: list[Mention] = []
    verbs = RELEASE_VERBS | _LEX.publisher_verbs
    for child in head.children:
        if child.dep_ == "acl" and child.lemma_.lower() in verbs:
            agent = agent_of(child)
            if agent is not None:
                outer.extend(resolve(agent, unit, history))
        if child.dep_ == "relcl" and child.lemma_.lower() in verbs:
            subj = next((c for c in child.children if c.dep_ == "nsubj"), None)
            obj = next((c for c in child.children if c.dep_ == "dobj"), None)
            if subj is not None and obj is not None and obj.tag_ in ("WDT", "WP"):
                outer.extend(resolve(subj, unit, history))
    return outer


def speaker_chain(
    speaker: str, start: int | None, end: int | None, span: Span | None, unit: int, history: History
) -> list[Mention]:
    """The chain for a speaker resolved by the attribution layer (:mod:`newsledger.extract.speakers`):
    the latest chain ending with that name, an earlier mention of it, or its own mention typed."""
    known = history.containing(unit, speaker)
    if known is not None:
        return list(known)
    named = history.named(unit, speaker)
    earlier = named[-1] if named else history.short_name(unit, speaker)
    if earlier is not None:
        return [earlier]
    if span is not None:
        chain = resolve(span.root, unit, history)
        if chain:
            last = chain[-1]
            if len(speaker) > len(last.source.name) and last.person:
                last = dataclasses.replace(last, source=dataclasses.replace(last.source, name=speaker))
            return [*chain[:-1], last]
    stype = classify_source(speaker)
    source = Source(speaker, stype, start, end)
    person = stype in ("named_person", "expert_analyst", "anonymous")
    return [Mention(source, False, person, speaker.split()[-1].lower() if speaker else "")]


def _shared_pronoun(head: Token, unit: int, history: History) -> list[Mention] | None:
    """The chain of the mention the attribution layer resolves a pronoun to (None: unresolved)."""
    found = resolver_of(head.doc).resolve(head)
    if found is None:
        return None
    span = head.doc.char_span(found.start, found.end, alignment_mode="expand")
    if span is None or span.root.pos_ == "PRON":
        return None
    chain = history.at(found.start, found.end, found.name)
    if chain is not None:
        return list(chain)  # the antecedent was a source: its whole chain ("Bloomberg", sources)
    return speaker_chain(found.name, found.start, found.end, span, unit, history)


def _shared_description(head: Token, mention: Mention, unit: int, history: History) -> list[Mention] | None:
    """The chain of the earlier mention the one resolver takes a definite description for."""
    if mention.person or is_person_noun(head.lemma_.lower()):
        return None  # people ("the officials", "the spokeswoman"): the earlier *sources* first (History)
    found = resolver_of(head.doc).resolve(head)
    if found is None or found.start is None or found.end is None or found.start >= head.left_edge.idx:
        return None
    if not any(w[:1].isupper() for w in found.name.split()):
        return None  # a description for a description: the earlier sources say more
    chain = history.at(found.start, found.end, found.name)
    if chain is None:
        span = head.doc.char_span(found.start, found.end, alignment_mode="expand")
        if span is None or span.root.pos_ == "PRON":
            return None
        chain = speaker_chain(found.name, found.start, found.end, span, unit, history)
    chain = history.report_chain(list(chain))
    last = chain[-1]
    if last.source.type in CARRIER_TYPES and mention.source.type != "unspecified":
        # a voice heard in a recording before, named by its description now: itself again
        chain[-1] = dataclasses.replace(
            last, source=dataclasses.replace(last.source, type=mention.source.type)
        )
    return chain


def resolve(head: Token, unit: int, history: History) -> list[Mention]:
    """The chain (outer to inner) that a noun phrase headed by ``head`` stands for."""
    text = head.text
    kind = pronoun_kind(text) if head.pos_ == "PRON" else None
    if kind is not None:
        shared = _shared_pronoun(head, unit, history)
        if shared is not None:
            return shared
        own = Source(name=text, type="unspecified", start=head.idx, end=head.idx + len(text))
        return [Mention(own, kind == "plural", kind == "person", text.lower())]
    group = _of_quantifier(head)
    if group is not None:
        quantified = _quantified(head, group, unit, history)
        if quantified is not None:
            return quantified
    if head.pos_ == "PRON":
        return []
    lemma = head.lemma_.lower()
    if lemma in _REPORT_HEADS:
        author = _author(head, unit, history)
        if author is not None:
            return author
    mention = make_mention(head)
    named = mention.source.start is not None and mention.source.start > head.idx  # a described name
    determiners = {c.lower_ for c in head.children if c.dep_ in ("det", "poss")}
    common = head.pos_ == "NOUN" or (head.pos_ == "PROPN" and head.is_lower)  # "the minister" tagged PROPN
    if determiners & _DEFINITE and common and not mention.medium and not named:
        shared = _shared_description(head, mention, unit, history)
        if shared is not None:
            return shared
        resolved = history.definite(unit, lemma, mention)
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
        for prior, chain in history.recent(unit, reach=40):
            if prior.person and any(lemma in word.split("-") for word in prior.role):
                return list(chain)
    if mention.source.start is not None and (head.pos_ == "PROPN" or named) and not is_place_word(head):
        # (a one-word place is no short form: "Ostmarch said" is not "residents in Ostmarch")
        earlier = history.short_name(unit, mention.source.name, mention.source.start)
        if earlier is None:
            same = history.named(unit, mention.source.name)
            earlier = same[-1] if same else None
        if earlier is not None:
            # "Kovalyk" -> "Oleksandr Kovalyk", with the type the full mention was given
            src = mention.source
            mention = dataclasses.replace(
                earlier, source=Source(earlier.source.name, earlier.source.type, src.start, src.end)
            )
    elif head.pos_ == "NOUN" and mention.source.start is not None and not determiners & _INDEFINITE:
        # (an indefinite introduces someone new: "a commander" is not "the crew's commander")
        fuller = _fuller(mention, unit, history)  # "Kessland's ministry" -> "Kessland's defence ministry"
        if fuller is not None:
            mention = fuller
    mention = _resolved_name(head, mention)
    outer = [m for m in _publishers(head, unit, history) if not m.medium]
    for child in head.children:
        # "Bloomberg sources": the outlet named as a modifier of anonymous sources is outer
        if (
            child.dep_ in ("compound", "poss")
            and child.pos_ == "PROPN"
            and mention.source.type == "anonymous"
        ):
            lo, hi, _ = _np_bounds(child)
            span = head.doc[lo:hi]
            if classify_source(span.text, head=child.text, label=label_of(child)) == "media_outlet":
                outer.append(make_mention(child))
    if outer and lemma in _MEDIA_HEADS:
        return outer  # "according to a clip aired by X": X speaks, the clip is the medium
    return [*outer, mention]


def _resolved_name(head: Token, mention: Mention) -> Mention:
    """A named person by the fuller name the one resolver gives the same mention ("Lemtov" ->
    "Arkady Lemtov"): the name quotes carry for that speaker."""
    src = mention.source
    if not mention.person or src.start is None or src.type not in ("named_person", "expert_analyst"):
        return mention
    found = resolver_of(head.doc).resolve(head)
    if found is None:
        return mention
    name, words = found.name.split(), src.name.split()
    if len(name) > len(words) and words and name[-1] == words[-1]:
        return dataclasses.replace(mention, source=dataclasses.replace(src, name=found.name))
    return mention


def _fuller(mention: Mention, unit: int, history: History) -> Mention | None:
    """An earlier mention with the same head whose name has every word of this one."""
    words = {w.lower() for w in mention.source.name.split()} - _DEFINITE - {"a", "an"}
    for earlier, _chain in history.recent(unit, reach=40):
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
