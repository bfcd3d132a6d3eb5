"""Source mentions: a noun phrase -> one named, typed link of an attribution chain.

A mention is named the way a reader of the ledger needs it (team convention, docs/eval.md):

* a named person by the name alone: titles and post-nominals go to its role words
  ("Deputy Defence Minister Arkady Lemtov" -> "Arkady Lemtov", role "deputy defence minister");
* a description with a name in apposition or after it by the name ("Samara's deputy governor,
  Leonid Shatrov" -> "Leonid Shatrov"; "the Siberian news site Taiga Vestnik" -> "Taiga Vestnik"),
  typed by the description when it says what the name is (a site, a channel, an aid group);
* anything else by its noun phrase without appositives and clauses.

Each is typed (``data/source_types.yaml`` through :mod:`newsledger.extract.sources`): a person
by its role words, an outlet, a body, a document, anonymous sources. Recordings, posts and
videos are media, never links: a mention of one is flagged ``medium`` and may open a carrier
(:class:`newsledger.extract.frames.Carrier`) whose voices are typed ``intercepted_communication``
or ``social_media``. What a mention stands for (a pronoun, a short name, "the spokeswoman") is
the one :class:`~newsledger.extract.speakers.Resolver`'s business
(:mod:`newsledger.extract.sourcelinks`).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Token

from newsledger.contract import Source
from newsledger.extract._doc import span_chars, span_text
from newsledger.extract.lexicon import lexicon as words_lexicon
from newsledger.extract.nounphrase import late_appositive
from newsledger.extract.placewords import label_of
from newsledger.extract.sources import (
    classify_source,
    is_plural,
    is_post_nominal,
    is_title,
    lexicon,
    person_type,
    role_word,
)
from newsledger.extract.tokenview import token_view

SUBJECTS = ("nsubj", "nsubjpass")
CARRIER_TYPES = frozenset({"intercepted_communication", "social_media"})
_LEX = words_lexicon()  # data/attribution.yaml, data/roles.yaml


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


def np_bounds(head: Token) -> tuple[int, int, list[int]]:
    """Token range [lo, hi) of the noun phrase at ``head`` without appositives and clauses, and
    the indexes of what was left out (its role words)."""
    skip: set[int] = set()
    for child in head.children:
        if child.dep_ in ("appos", "relcl", "acl", "advcl", "punct", "cc", "conj") and child.i > head.i:
            skip.update(t.i for t in child.subtree)
    view = token_view(head.doc)  # a token's trailing whitespace is a space or nothing
    texts, deps = view.text, view.dep
    subtree = [t.i for t in head.subtree]  # walked once
    for i in subtree:
        # a non-restrictive clause deeper in the phrase: "people familiar with the matter, who asked
        # not to be named" (spaCy hangs it on "matter")
        if deps[i] in ("relcl", "acl") and i > head.i:
            tok = head.doc[i]
            edge = tok.left_edge.i
            if edge > 0 and texts[edge - 1] == ",":
                skip.update(t.i for t in tok.subtree)
                skip.add(edge - 1)
    kept = {i for i in subtree if i not in skip}
    lo = hi = head.i
    while lo - 1 in kept:
        lo -= 1
    while hi + 1 in kept:
        hi += 1
    punct, space = view.is_punct, view.is_space
    # never across a line break: "... since November\n\nThe General Staff says" is two paragraphs
    for i in range(head.i - 1, lo - 1, -1):
        if "\n" in texts[i]:
            lo = i + 1
            break
    for i in range(head.i, hi):
        if "\n" in texts[i]:
            hi = i
            break
    while lo < hi and (punct[lo] or space[lo]):
        lo += 1
    while hi > lo and (punct[hi] or space[hi]):
        hi -= 1
    return lo, hi + 1, sorted(skip)


def _name_run(head: Token, lo: int) -> int:
    """Start of the run of proper nouns that ends at ``head`` (within [lo, head])."""
    doc = head.doc
    view = token_view(doc)
    pos, dep = view.pos, view.dep
    start = head.i
    while start - 1 >= lo:
        if _hyphen_link(doc, start - 1):
            start -= 2  # "Brandt-Vey": a hyphenated surname is one name
        elif pos[start - 1] == "PROPN" and dep[start - 1] in ("compound", "nmod"):
            start -= 1
        else:
            break
    return max(start, lo)


def _hyphen_link(doc: Doc, i: int) -> bool:
    """Whether token ``i`` is a hyphen glued between two capitalised words ("Solberg-Maas")."""
    if not 0 < i < len(doc) - 1:
        return False
    view = token_view(doc)
    texts, space = view.text, view.space_after
    return (
        texts[i] in ("-", "‐", "‑")
        and not space[i - 1]
        and not space[i]
        and texts[i - 1][:1].isupper()
        and texts[i + 1][:1].isupper()
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


@lru_cache(maxsize=4096)
def _role_set(text: str) -> frozenset[str]:
    return frozenset(role_word(w) for w in text.replace(",", " ").split() if w[:1].isalpha())


_MEMO = "nl_mentions"


def make_mention(head: Token, *, look_back: bool = True) -> Mention:
    """The mention whose head noun is ``head`` (named and typed, not resolved).

    Built once per Doc, head and ``look_back`` (kept in ``doc.user_data``): the attribution
    components ask for the same heads many times, and a Mention (frozen) depends only on the
    parse and the entities, which never change once the components run."""
    doc = head.doc
    memo: dict[tuple[int, bool], Mention] | None = doc.user_data.get(_MEMO)
    if memo is None:
        memo = doc.user_data[_MEMO] = {}
    key = (head.i, look_back)
    found = memo.get(key)
    if found is None:
        found = memo[key] = _make_mention(head, look_back)
    return found


def _make_mention(head: Token, look_back: bool) -> Mention:
    doc = head.doc
    if look_back and head.pos_ == "PROPN" and head.dep_ in ("appos", "npadvmod", "conj"):
        pos, governor = token_view(doc).pos, head.head.i
        for i in range(token_view(doc).sent_start[head.i], head.i):
            if pos[i] != "NOUN" or i == governor:
                continue
            noun = doc[i]
            if late_appositive(noun) == head:
                return make_mention(noun)  # the name of "A channel run by bloggers, Steel Hawk,"
    if is_post_nominal(head.text) and head.i > 0 and doc[head.i - 1].pos_ == "PROPN":
        head = doc[head.i - 1]  # "Helen Carver KC"
    office = head.head.head if head.dep_ == "pobj" and head.head.dep_ == "prep" else None
    if office is not None and office.pos_ == "PROPN" and _office_word(office.lower_) and office.i < head.i:
        olo, ohi, _ = np_bounds(office)
        if _trailing_name(office, olo, ohi) == head.i + 1:
            head = office  # "Orlik" in "Head of council Nadezhda Orlik": the whole office phrase
    lo, hi, skipped = np_bounds(head)
    appos = next((c for c in head.children if c.dep_ == "appos" and c.pos_ == "PROPN"), None)
    titled = head.pos_ == "PROPN" and (
        is_title(head.text) or is_post_nominal(head.text) or _office_word(head.lower_)
    )
    if appos is not None and (head.pos_ == "NOUN" or titled):
        # "Samara's deputy governor, Leonid Shatrov": the name in apposition names the source
        inner = make_mention(appos, look_back=False)
        described = span_text(doc, lo, hi)
        return _described(inner, described, head)
    trailing = _trailing_name(head, lo, hi) if titled else None
    if trailing is not None:
        # "Head of council Nadezhda Orlik", "Director of the institute Oona Reef": the office
        # phrase describes the name that closes it
        start = trailing - 1
        while start - 1 > head.i and doc[start - 1].pos_ == "PROPN" and doc[start - 1].text[:1].isupper():
            start -= 1
        role = _role_set(span_text(doc, lo, start))
        stype = person_type(" ".join(sorted(role)))
        source = Source(span_text(doc, start, trailing), stype, *span_chars(doc, start, trailing))
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
    view = token_view(doc)
    texts, punct = view.text, view.is_punct
    role_text = " ".join(texts[i] for i in skipped if not punct[i])
    label = label_of(head)
    if head.pos_ == "PROPN":
        start = _name_run(head, lo)
        pos, lower, deps, tags = view.pos, view.is_lower, view.dep, view.tag
        common = any(pos[i] == "NOUN" or lower[i] for i in range(lo, start) if not punct[i])
        possessive = any(deps[i] == "case" or tags[i] == "POS" for i in range(lo, start))
        keyword = head.is_lower and classify_source(head.text, head=head.text) != "unspecified"
        if start > lo and common and not possessive and not keyword:
            # "the legal aid group Open Docket", "ministry spokesman Oleg Sutyrin"
            inner = _plain_mention(head, start, hi, label, role_text)
            heads = view.head
            top = next((i for i in range(lo, start) if not lo <= heads[i] < start), start - 1)
            return _described(inner, span_text(doc, lo, start), doc[top])
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
    name = span_text(doc, lo, hi)
    if _is_personal(head, label, name, role_text):
        start, end = lo, head.i + 1
        view = token_view(doc)
        texts, lowers = view.text, view.lower
        titled = [i for i in range(lo, head.i) if is_title(texts[i]) or is_person_noun(lowers[i])]
        if titled and all(
            texts[i][:1].isupper() or _hyphen_link(doc, i) for i in range(titled[-1] + 1, head.i + 1)
        ):
            start = titled[-1] + 1  # "Deputy Energy Minister Arvo Kelling" -> "Arvo Kelling"
        while start < head.i and (
            is_title(texts[start]) or not texts[start][:1].isupper() or is_person_noun(lowers[start])
        ):
            start += 1
        titles = span_text(doc, lo, start)
        rest = span_text(doc, end, hi)
        role = " ".join(x for x in (titles, rest, role_text) if x)
        source = Source(span_text(doc, start, end), person_type(role), *span_chars(doc, start, end))
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
    source = Source(name, stype, *span_chars(doc, lo, hi))
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
