"""Word lists and phrase helpers shared by speaker resolution, quotes and indirect quotes.

:class:`Lexicon` gathers the data files (data/roles.yaml, data/media.yaml,
data/reporting_verbs.txt); :func:`noun_phrase`, :func:`subject_of` and
:func:`strip_span` are small dependency-tree helpers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from spacy.tokens import Token

from newsledger.data import load_lines, load_yaml

_LEFT_DEPS = frozenset(
    {"det", "amod", "compound", "poss", "nummod", "quantmod", "nmod", "advmod", "case", "predet", "nn"}
)
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_INHERIT_SUBJECT = frozenset({"xcomp", "advcl", "conj", "pcomp"})


def _words(value: Any) -> frozenset[str]:
    if not value:
        return frozenset()
    return frozenset(str(v).lower() for v in value)


@dataclass(frozen=True)
class Lexicon:
    """Word lists used by speaker and quote extraction (from data files)."""

    person: frozenset[str]
    male: frozenset[str]
    female: frozenset[str]
    generic_person: frozenset[str]
    generic_body: frozenset[str]
    body: frozenset[str]
    media: frozenset[str]
    honor_male: frozenset[str]
    titles: frozenset[str]
    honor_female: frozenset[str]
    pron_male: frozenset[str]
    pron_female: frozenset[str]
    pron_plural: frozenset[str]
    pron_neuter: frozenset[str]
    pron_speech_act: frozenset[str]
    definite: frozenset[str]
    reporting: frozenset[str]
    direct_only: frozenset[str]
    quoting: frozenset[str]
    scare_markers: frozenset[str]
    conversations: frozenset[str]
    dialogue_verbs: frozenset[str]
    writing_verbs: frozenset[str]
    outlet_verbs: frozenset[str]
    infinitive_reports: frozenset[str]
    dateline: re.Pattern[str]
    addressee_verbs: frozenset[str]
    medium_preps: frozenset[str]
    medium_nouns: frozenset[str]
    platforms: frozenset[str]
    containers: frozenset[str]
    context_media: frozenset[str]
    documents: frozenset[str]

    @property
    def third_person(self) -> frozenset[str]:
        return self.pron_male | self.pron_female | self.pron_plural | self.pron_neuter


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The word lists from data/roles.yaml, data/media.yaml and data/reporting_verbs.txt."""
    roles = load_yaml("roles.yaml")
    media = load_yaml("media.yaml")
    person = roles["person"]
    pron = roles["pronouns"]
    male, female = _words(person["male"]), _words(person["female"])
    return Lexicon(
        person=_words(person["neutral"]) | male | female,
        male=male,
        female=female,
        generic_person=_words(roles["generic_person"]),
        generic_body=_words(roles["generic_body"]),
        body=_words(roles["body"]),
        media=_words(roles["media"]),
        honor_male=_words(roles["honorifics"]["male"]),
        titles=_words(roles["titles"]),
        honor_female=_words(roles["honorifics"]["female"]),
        pron_male=_words(pron["male"]),
        pron_female=_words(pron["female"]),
        pron_plural=_words(pron["plural"]),
        pron_neuter=_words(pron["neuter"]),
        pron_speech_act=_words(pron["speech_act"]),
        definite=_words(roles["definite"]),
        reporting=frozenset(w.lower() for w in load_lines("reporting_verbs.txt")),
        direct_only=_words(media["direct_only_verbs"]),
        quoting=_words(media["quoting_verbs"]),
        scare_markers=_words(media["scare_markers"]),
        conversations=_words(media["conversations"]),
        dialogue_verbs=_words(media["dialogue_verbs"]),
        writing_verbs=_words(media["writing_verbs"]),
        outlet_verbs=_words(media["outlet_verbs"]),
        infinitive_reports=_words(media["infinitive_report_verbs"]),
        # MULTILINE: a dateline opens a paragraph, and `match(text, pos)` anchors "^" only at
        # line starts, not at `pos`, without it
        dateline=re.compile(str(media["dateline"]), re.MULTILINE),
        addressee_verbs=_words(media["addressee_verbs"]),
        medium_preps=_words(media["prepositions"]),
        medium_nouns=_words(media["nouns"]) | _words(media["platforms"]),
        platforms=_words(media["platforms"]),
        containers=_words(media["containers"]),
        context_media=_words(media["context_nouns"]),
        documents=_words(media["documents"]),
    )


@dataclass(frozen=True)
class Speaker:
    """A resolved speaker: display name and the offsets of the mention that gave it."""

    name: str
    start: int
    end: int
    medium: str | None = None  # a medium learned while resolving (the owner's post, the call)


@dataclass(frozen=True)
class Cls:
    kind: str  # person | body | media | document | pronoun
    gender: str | None = None  # m | f | None
    plural: bool = False


def strip_span(tokens: Sequence[Token]) -> tuple[int, int] | None:
    """Character range of ``tokens`` without punctuation or spaces at either end."""
    toks = [t for t in tokens]
    while toks and (toks[0].is_punct or toks[0].is_space):
        toks = toks[1:]
    while toks and (toks[-1].is_punct or toks[-1].is_space):
        toks = toks[:-1]
    if not toks:
        return None
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


def _collect(tok: Token, left: frozenset[str], right_preps: frozenset[str], out: set[int]) -> None:
    out.add(tok.i)
    for child in tok.children:
        if child.tag_ in ("WP$", "WDT", "WP"):
            continue  # "whose husband": the relative word is not part of the description
        if child.i < tok.i and (child.dep_ in left or (child.dep_ == "punct" and child.text in "’'")):
            out.update(t.i for t in child.subtree)
        elif child.i > tok.i and child.dep_ == "amod":
            # "sources familiar with the matter" (without ", who asked not to be named")
            out.update(t.i for t in child.subtree if not _in_clause_below(t, child))
        elif child.i > tok.i and child.dep_ == "prep" and child.lower_ in right_preps:
            out.update(t.i for t in child.subtree if not _in_clause_below(t, child))
        elif child.i < tok.i and child.dep_ == "case":
            out.add(child.i)


def _in_clause_below(t: Token, top: Token) -> bool:
    """True when ``t`` sits inside a relative or participial clause below ``top``."""
    node = t
    while node.i != top.i and node.head.i != node.i:
        if node.dep_ in ("relcl", "acl", "appos"):
            return True
        node = node.head
    return False


def noun_phrase(tok: Token, right_preps: Iterable[str] = ("of", "from", "at")) -> tuple[int, int]:
    """Character span of the noun phrase headed by ``tok``, trimmed of clauses and most PPs."""
    ids: set[int] = set()
    _collect(tok, _LEFT_DEPS, frozenset(right_preps), ids)
    doc = tok.doc
    lo, hi = min(ids), max(ids)
    for i in range(tok.i - 1, lo - 1, -1):
        if doc[i].text in (",", ";", "—", "–") or doc[i].is_space:
            lo = i + 1  # a comma never falls inside the left part of a noun phrase
            break
    for i in range(tok.i, hi + 1):
        if "\n" in doc[i].text_with_ws:
            hi = i  # never across a paragraph break
            break
    span = strip_span([doc[i] for i in range(lo, hi + 1)])
    return span if span is not None else (tok.idx, tok.idx + len(tok.text))


def subject_of(verb: Token, blocked: Sequence[bool] | None = None, depth: int = 0) -> Token | None:
    """The grammatical subject of ``verb``, looking through xcomp/advcl/conj/acl chains."""
    # the subject nearest the verb first: "Update, 9 January: a reader pointed out ..."
    children = sorted(verb.children, key=lambda c: (c.i > verb.i, -c.i if c.i < verb.i else c.i))
    for child in children:
        if child.dep_ in _SUBJECT_DEPS and not (blocked and blocked[child.i]):
            if child.tag_ in ("WP", "WDT") or child.lower_ in ("who", "which", "that"):
                if verb.dep_ == "relcl":
                    return verb.head
                continue
            return child
    if depth > 4 or verb.head.i == verb.i:
        return None
    if verb.dep_ in ("acl", "relcl") and verb.head.pos_ in ("NOUN", "PROPN", "PRON"):
        return verb.head
    if verb.dep_ in _INHERIT_SUBJECT and verb.head.pos_ in ("VERB", "AUX"):
        return subject_of(verb.head, blocked, depth + 1)
    return None


def headline_subject(verb: Token) -> Token | None:
    """The subject a subjectless reporting verb shares with the clause before it, in headline
    style "Kessland orders 40,000 reservists, says they will stay home": the parse hangs the first
    clause under the verb; its subject speaks when the verb has a reported clause of its own after it."""
    before = [
        c for c in verb.children if c.dep_ in ("ccomp", "conj") and c.i < verb.i and c.pos_ in ("VERB", "AUX")
    ]
    after = any(c.dep_ == "ccomp" and c.i > verb.i for c in verb.children)
    if not before or not after:
        return None
    subj = next((c for c in before[-1].children if c.dep_ in _SUBJECT_DEPS), None)
    if subj is None or subj.pos_ not in ("PROPN", "NOUN"):
        return None
    return subj
