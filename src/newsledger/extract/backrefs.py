"""Descriptions that point back: "the official", "the agency", "the post".

A definite bare description resolves to the nearest earlier mention with the same head, to the
nearest organisation name for "the ministry" or "the newspaper", or to the nearest earlier named
person for a role noun ("the analyst"); a document resolves to its owner (a possessor, a
"by"/"from" phrase, or the subject of an earlier "X said in a Facebook post").

Descriptions of *people* ("the officials", "the spokeswoman", "the analyst") point back to the
earlier *sources* first: :class:`Spoken` is the record of who spoke, in order, kept by the one
:class:`~newsledger.extract.speakers.Resolver` while the frames of a Doc are found
(:func:`earlier_source`); "the company" is the closest body named before (:func:`named_before`).
"""

from __future__ import annotations

from spacy.tokens import Token

from newsledger.extract.lexicon import Speaker
from newsledger.extract.lexicon import lexicon as words_lexicon
from newsledger.extract.medium import medium_phrase
from newsledger.extract.mentionindex import ORG_LABELS as _ORG_LABELS
from newsledger.extract.mentionindex import Resolves
from newsledger.extract.mentions import Mention, is_person_noun, make_mention
from newsledger.extract.nounphrase import subject_of
from newsledger.extract.tokenview import token_view

_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_MAX_BACK = 400  # tokens scanned backwards for an earlier mention
_LEX = words_lexicon()  # data/attribution.yaml
_DEFINITE = _LEX.definite
_OUTLET_ANAPHORS = _LEX.outlet_anaphors
HISTORY = 6  # how many earlier units a source may be reached back to by default
REGISTERED = -10_000  # unit index of names registered before the first sentence


def earlier_same(r: Resolves, tok: Token) -> Token | None:
    lemma = tok.lemma_.lower()
    view = token_view(r.m.doc)  # lemma and lower case from the columns: no Token per word passed
    lemmas, lowers, blocked = view.lemma_lower, view.lower, r.m.blocked
    for j in range(tok.i - 1, max(-1, tok.i - _MAX_BACK * 2), -1):
        if blocked[j] or (lemmas[j] != lemma and lowers[j] != lemma):
            continue
        cand = r.m.doc[j]
        if cand.dep_ in ("compound", "appos") and r.m.is_person_name(cand.head):
            return cand.head  # "Spokesman Oskar Dahl", "Oskar Dahl, the spokesman"
        if cand.dep_ == "compound":
            continue
        if cand.pos_ == tok.pos_ or {cand.pos_, tok.pos_} == {"NOUN", "PROPN"}:
            if r.m.is_bare_definite(cand):
                return earlier_same(r, cand) or cand
            return cand
    return None


def earlier_org(r: Resolves, tok: Token, must_contain: str | None, media: bool = False) -> Speaker | None:
    """The organisation a bare "the ministry" / "the company" / "the newspaper" points back to.

    A body must be an ORG (containing ``must_contain`` when given: "the ministry" needs a
    ministry); an outlet may be an unlabelled proper noun, and an organisation that reported or
    wrote something ("the Financial Ledger reported ...") wins over a nearer one that did not.
    """
    found: list[Speaker] = []
    subjects: list[Speaker] = []
    view = token_view(r.m.doc)  # the word tests from the columns: a Token for a proper noun only
    deps, pos, lowers = view.dep, view.pos, view.lower
    for j in range(tok.i - 1, max(-1, tok.i - _MAX_BACK), -1):
        if r.m.blocked[j] or r.m.dateline[j] or deps[j] == "compound" or pos[j] != "PROPN":
            continue
        cand = r.m.doc[j]
        if r.m.is_person_name(cand) or lowers[j] in r.m.lex.medium_nouns:
            continue
        label = r.m.labels[j]
        if label not in _ORG_LABELS and (label or not media):
            continue  # an outlet may be an unlabelled proper noun; a body must be an ORG
        span = r.m.name_span(cand)
        text = r.m.text[span[0] : span[1]]
        if must_contain is not None and must_contain not in text.lower():
            continue
        speaker = Speaker(text, span[0], span[1])
        if (media and reports(r, cand)) or (not media and must_contain is not None):
            return speaker
        found.append(speaker)
        if cand.dep_ in _SUBJECT_DEPS:
            subjects.append(speaker)  # "Lakeshore Steel will cut 900 jobs at its mills in Dunmore"
    if not media and subjects:
        return subjects[0]
    return found[0] if found else None


def reports(r: Resolves, cand: Token) -> bool:
    """True when ``cand`` is the subject of a verb of publishing ("reported", "wrote") or is named
    with a media noun ("the newspaper X")."""
    if cand.dep_ in _SUBJECT_DEPS and cand.head.lemma_.lower() in r.m.lex.outlet_verbs:
        return True
    if cand.dep_ == "appos" and cand.head.lemma_.lower() in r.m.lex.media:
        return True
    return any(c.dep_ == "compound" and c.lemma_.lower() in r.m.lex.media for c in cand.children)


def earlier_named_person(r: Resolves, tok: Token) -> Speaker | None:
    """ "the analyst", "the general", "the organiser": the nearest earlier named person.

    News copy introduces a person by name and role and then refers back by a role noun that
    need not repeat the first one ("Yulia Brandt, a researcher ..." ... "the analyst said").
    Gender must agree when the role noun has one ("the woman").
    """
    lemma = tok.lemma_.lower()
    gender = "m" if lemma in r.m.lex.male else ("f" if lemma in r.m.lex.female else None)
    paragraphs = 0
    for j in range(tok.i - 1, max(-1, tok.i - _MAX_BACK), -1):
        cand = r.m.doc[j]
        if "\n" in cand.text:
            paragraphs += 1
            if paragraphs > 3:
                return None
        if r.m.blocked[j] or cand.dep_ in ("compound", "poss") or cand.pos_ != "PROPN":
            continue
        if not r.m.is_person_name(cand):
            continue
        if gender is not None and r.m.name_gender(cand) not in (None, gender):
            continue
        return r.describe(cand)
    return None


def owner_of(r: Resolves, doc_tok: Token) -> Speaker | None:
    """Who issued a document: "X's post", "a post by X", or the X of "X said in a post"."""
    heads = [doc_tok] + [c for c in doc_tok.children if c.dep_ == "acl" and c.tag_ == "VBN"]
    for head in heads:  # "a clip aired by the state broadcaster X"
        for child in head.children:
            if child.dep_ == "poss" and child.pos_ != "PRON" and head is doc_tok:
                return r.resolve(child)
            if child.dep_ in ("prep", "agent") and child.lower_ in ("by", "from"):
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        return r.resolve(pobj)
    if not r.m.is_bare_definite(doc_tok):
        return None
    lemma = doc_tok.lemma_.lower()
    for j in range(doc_tok.i - 1, max(-1, doc_tok.i - _MAX_BACK), -1):
        cand = r.m.doc[j]
        if r.m.blocked[j] or cand.lemma_.lower() != lemma:
            continue
        prep = cand.head
        if cand.dep_ == "pobj" and prep.lower_ in r.m.lex.medium_preps and prep.head.pos_ in ("VERB", "AUX"):
            subj = subject_of(prep.head, r.m.blocked)
            if subj is not None and subj.i != doc_tok.i:
                found = r.resolve(subj)
                if found is not None:
                    medium = medium_phrase(cand, r.m.blocked)
                    return Speaker(found.name, found.start, found.end, medium)
        if cand.i != doc_tok.i and not r.m.is_bare_definite(cand):
            return owner_of(r, cand)
    return None


# --------------------------------------------------------------------------- earlier sources


class Spoken:
    """The sources of a Doc in the order they spoke, each with its chain (most recent last): what
    the frames have attributed so far, and the described names registered before the first
    sentence. Descriptions of people and short names point back to these first."""

    def __init__(self) -> None:
        self.items: list[tuple[int, Mention, list[Mention]]] = []  # (unit index, mention, chain)
        self.chains: list[tuple[int, list[Mention]]] = []

    def add(self, unit: int, chain: list[Mention]) -> None:
        self.chains.append((unit, chain))
        for k, mention in enumerate(chain):
            self.items.append((unit, mention, chain[: k + 1]))

    def register(self, mention: Mention) -> None:
        """A described name of the article, before any sentence: a later short form may point to it."""
        self.items.append((REGISTERED, mention, [mention]))

    def clear(self) -> None:
        self.items.clear()
        self.chains.clear()

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


def earlier_source(spoken: Spoken, unit: int, head: str, mention: Mention) -> list[Mention] | None:
    """The chain of the earlier *source* that "the spokeswoman", "the sources", "the newspaper",
    "the general" refers to: the latest source with that head noun, then a named person with that
    role word, then a source of the same type (people are referred back to by who spoke first)."""
    recent = spoken.recent(unit, reach=40)
    for earlier, chain in recent:
        if earlier.head == head and earlier.source.type != "unspecified":
            return spoken.report_chain(chain)
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
            return spoken.report_chain(chain)
    return None


def named_before(tok: Token, stype: str, reach: int = 80) -> Mention | None:
    """The closest proper name of type ``stype`` in the ``reach`` tokens before ``tok`` (and
    in its own sentence after it): "the company" -> "Carrow Glass", "the union" -> "the
    Allied Glassworkers Union"."""
    doc = tok.doc
    sent_start = token_view(doc).sent_start[tok.i]  # tok.sent.start
    order = [*range(tok.i - 1, max(-1, tok.i - reach - 1), -1), *range(sent_start, tok.i)]
    for i in order:
        cand = doc[i]
        if cand.pos_ != "PROPN" or cand.dep_ in ("compound", "flat"):
            continue
        mention = make_mention(cand)
        if mention.source.type == stype and not mention.person:
            return mention
    return None
