"""Who said it: speaker mentions and their resolution to a name or description.

A quote's grammatical speaker is often a pronoun ("he says"), a bare role
("the official"), or a document ("the post says"). :class:`SpeakerResolver`
turns such a mention into what a reader of the ledger needs:

* a pronoun resolves backwards to the nearest compatible mention (a person for
  he/she, with gender agreement when the gender is knowable; a plural person
  or a body for they; a body, outlet or document for it). Descriptions owned by
  a pronoun ("his wife") and words inside quotation marks are never
  antecedents; an earlier pronoun counts as a mention of what it resolved to;
* a surname resolves to the full name the article uses ("Renn" ->
  "Halvard Renn"), preferring the entity component's canonical name;
* a description linked to a name resolves to the name ("a soldier named X",
  "the mayor, X", "a man identified as a soldier named X");
* a definite bare description ("the official", "the agency", "the news
  outlet") resolves to the nearest earlier mention with the same head, or to
  the nearest organisation name for an outlet;
* a document ("the post") resolves to its owner: a possessor, a "by"/"from"
  phrase, or the subject of an earlier "X said in a Facebook post";
* anything else is described by its noun phrase, trimmed of relative clauses
  ("a soldier who identifies himself as ..." -> "a soldier").

Word lists live in data/roles.yaml and data/media.yaml.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from spacy.tokens import Doc, Token

from newsledger.data import load_lines, load_yaml

_LEFT_DEPS = frozenset(
    {"det", "amod", "compound", "poss", "nummod", "quantmod", "nmod", "advmod", "case", "predet", "nn"}
)
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_INHERIT_SUBJECT = frozenset({"xcomp", "advcl", "conj", "pcomp"})
_NAME_VERBS = frozenset({"name", "call"})
_AS_VERBS = frozenset({"identify", "describe", "introduce", "name", "know", "list", "present"})
_PERSON_LABELS = frozenset({"PERSON", "PER"})
_ORG_LABELS = frozenset({"ORG"})
_TIME_LABELS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"})
_MAX_BACK = 400  # tokens scanned backwards for an antecedent


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
    dateline: re.Pattern[str]
    addressee_verbs: frozenset[str]
    medium_preps: frozenset[str]
    medium_nouns: frozenset[str]
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
        dateline=re.compile(str(media["dateline"])),
        addressee_verbs=_words(media["addressee_verbs"]),
        medium_preps=_words(media["prepositions"]),
        medium_nouns=_words(media["nouns"]),
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
class _Cls:
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
        if child.i < tok.i and (child.dep_ in left or (child.dep_ == "punct" and child.text in "’'")):
            out.update(t.i for t in child.subtree)
        elif child.i > tok.i and child.dep_ == "amod":
            out.update(t.i for t in child.subtree)  # "sources familiar with the matter"
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
    span = strip_span([doc[i] for i in range(lo, hi + 1)])
    return span if span is not None else (tok.idx, tok.idx + len(tok.text))


def subject_of(verb: Token, blocked: Sequence[bool] | None = None, depth: int = 0) -> Token | None:
    """The grammatical subject of ``verb``, looking through xcomp/advcl/conj/acl chains."""
    for child in verb.children:
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


class SpeakerResolver:
    """Resolve speaker mentions in one Doc (memoised; build one per Doc)."""

    def __init__(self, doc: Doc, blocked: Sequence[tuple[int, int]] = ()) -> None:
        self.doc = doc
        self.text = doc.text  # Doc.text is rebuilt on every access: read it once
        self.lex = lexicon()
        # Tokens inside quotation marks are never antecedents.
        self.blocked = [False] * len(doc)
        for a, b in blocked:
            span = doc.char_span(a, b, alignment_mode="expand")
            if span is not None:
                for t in span:
                    self.blocked[t.i] = True
        self._labels = self._token_labels()
        self._surnames = {
            t.text
            for t in doc
            if t.pos_ == "PROPN" and t.ent_type_ in _PERSON_LABELS and t.dep_ != "compound"
        }
        self._names = self._person_names()
        self._memo: dict[int, Speaker | None] = {}
        self._active: set[int] = set()
        self.gender: dict[str, str] = {}

    # -- entity information -------------------------------------------------

    def _token_labels(self) -> list[str]:
        """spaCy's entity label per token; the entity component fills tokens spaCy left unlabelled."""
        labels = [t.ent_type_ for t in self.doc]
        for ent in getattr(self.doc._, "nl_entities", None) or []:
            span = self.doc.char_span(ent.start, ent.end, alignment_mode="expand")
            if span is None or any(labels[t.i] for t in span):
                continue
            for t in span:
                labels[t.i] = ent.label
        return labels

    def _person_names(self) -> list[tuple[str, str]]:
        """(surface, canonical) of every full person name in the document, longest first."""
        names: dict[str, str] = {}
        for tok in self.doc:
            if self.blocked[tok.i]:
                continue
            if tok.dep_ != "compound" and self._basic_person(tok):
                start, end = self.name_span(tok)
            elif (
                tok.pos_ == "PROPN"
                and tok.text in self._surnames
                and self._labels[tok.i] not in _PERSON_LABELS
            ):
                start, end = self._short_name(tok)  # "... Intelligence Avril Haines" tagged ORG
            else:
                continue
            text = self.text[start:end]
            names.setdefault(text, text)
        return sorted(names.items(), key=lambda kv: -len(kv[1].split()))

    def _short_name(self, tok: Token) -> tuple[int, int]:
        """``tok`` with the one capitalised proper noun before it (a first name), if any."""
        prev = self.doc[tok.i - 1] if tok.i > 0 else None
        end = tok.idx + len(tok.text)
        if (
            prev is not None
            and prev.pos_ == "PROPN"
            and prev.text[:1].isupper()
            and prev.lower_ not in self.lex.titles
            and prev.lower_ not in self.lex.person
        ):
            return prev.idx, end
        return tok.idx, end

    def canonical(self, name: str, start: int | None = None) -> str:
        """The fullest form of a person name used in the article ("Renn" -> "Halvard Renn").

        A longer name of the article ending in the same surname wins; otherwise the
        entity component's canonical name when it keeps that surname; otherwise ``name``.
        """
        words = name.replace("’s", "").replace("'s", "").split()
        if not words:
            return name
        for _surface, canon in self._names:
            cw = canon.split()
            if len(cw) > len(words) and cw[-1] == words[-1] and cw[0][:1].isupper():
                return canon
        for ent in getattr(self.doc._, "nl_entities", None) or []:
            if start is not None and ent.start <= start < ent.end and ent.label == "PERSON" and ent.canonical:
                canon = str(ent.canonical)
                if canon.split()[-1:] == words[-1:]:
                    return canon
        return name

    def _basic_person(self, tok: Token) -> bool:
        """A person name by NER, by a role noun before it, or after a naming verb."""
        if tok.pos_ != "PROPN" or self._labels[tok.i] in _TIME_LABELS:
            return False
        chain = self._name_chain(tok)
        if any(self._labels[t.i] in _PERSON_LABELS for t in chain):
            return True
        if self._labels[tok.i] in _ORG_LABELS:
            return False
        # "analyst Dara Massicot", "the mayor, Grigory Sokolovsky": a person role in front
        for child in tok.children:
            if (
                child.dep_ in ("compound", "appos")
                and child.pos_ == "NOUN"
                and child.lemma_.lower() in self.lex.person
            ):
                return True
        if tok.dep_ == "appos" and tok.head.lemma_.lower() in self.lex.person:
            return True
        # "a soldier named Maksim": the name after a naming verb, whatever NER thought of it.
        return tok.head.lemma_ in _NAME_VERBS and tok.dep_ in ("oprd", "dobj", "attr", "xcomp", "npadvmod")

    def is_person_name(self, tok: Token) -> bool:
        if self._basic_person(tok):
            return True
        if tok.pos_ != "PROPN" or tok.dep_ == "compound" or self._labels[tok.i] in _TIME_LABELS:
            return False
        # a surname the article has already given in full, whatever NER said here
        return any(len(s.split()) > 1 and s.split()[-1] == tok.text for s, _ in self._names)

    def _name_chain(self, tok: Token) -> list[Token]:
        """``tok`` and the capitalised proper nouns compounding it on the left ("Dara Massicot")."""
        chain = [tok]
        j = tok.i - 1
        while j >= 0:
            t = self.doc[j]
            if t.pos_ != "PROPN" or t.dep_ != "compound" or not t.text[:1].isupper():
                break
            if self._labels[t.i] in _ORG_LABELS and self._labels[tok.i] not in _ORG_LABELS:
                break  # "Rand Corp analyst ...": an organisation before the name
            if t.text.endswith(("’s", "'s")) or t.head.i not in {c.i for c in chain}:
                break
            chain.insert(0, t)
            j -= 1
        while len(chain) > 1 and (chain[0].lower_ in self.lex.titles or chain[0].lower_ in self.lex.person):
            chain.pop(0)
        return chain

    def name_span(self, tok: Token) -> tuple[int, int]:
        """Offsets of the whole name ``tok`` heads (its proper-noun compound chain)."""
        chain = self._name_chain(tok)
        return chain[0].idx, tok.idx + len(tok.text)

    # -- classification -------------------------------------------------------

    def classify(self, tok: Token) -> _Cls | None:
        lex = self.lex
        low = tok.lower_
        if tok.pos_ == "PRON":
            if low in lex.pron_male:
                return _Cls("pronoun", "m")
            if low in lex.pron_female and tok.dep_ != "poss":
                return _Cls("pronoun", "f")
            if low in lex.pron_plural:
                return _Cls("pronoun", None, True)
            if low in lex.pron_neuter:
                return _Cls("pronoun")
            return None
        if tok.pos_ not in ("NOUN", "PROPN"):
            return None
        plural = tok.tag_ in ("NNS", "NNPS")
        lemma = tok.lemma_.lower()
        label = self._labels[tok.i]
        if self.is_person_name(tok):
            return _Cls("person", self._name_gender(tok), False)
        if label in _ORG_LABELS:
            return _Cls("body", None, plural)
        if label == "NORP" and tok.pos_ == "PROPN" and plural:
            return _Cls("person", None, True)
        if lemma in lex.person or low in lex.person:
            gender = "m" if lemma in lex.male else ("f" if lemma in lex.female else None)
            return _Cls("person", gender, plural)
        if lemma in lex.media:
            return _Cls("media", None, plural)
        if lemma in lex.body:
            return _Cls("body", None, plural)
        if lemma in lex.documents:
            return _Cls("document", None, plural)
        return None

    def _name_gender(self, tok: Token) -> str | None:
        start, end = self.name_span(tok)
        for t in self.doc[max(tok.i - 4, 0) : tok.i]:
            if t.idx < start and t.i >= tok.i - 4 and t.head.i == tok.i:
                if t.lower_ in self.lex.honor_male:
                    return "m"
                if t.lower_ in self.lex.honor_female:
                    return "f"
        return self.gender.get(self.canonical(self.text[start:end], start))

    def pronoun_class(self, tok: Token) -> _Cls | None:
        cls = self.classify(tok)
        return cls if cls is not None and cls.kind == "pronoun" else None

    @staticmethod
    def compatible(pron: _Cls, cand: _Cls) -> bool:
        if cand.kind == "pronoun":
            return cand.gender == pron.gender and cand.plural == pron.plural
        if pron.gender is not None:
            return cand.kind == "person" and not cand.plural and cand.gender in (None, pron.gender)
        if pron.plural:
            return (cand.kind == "person" and cand.plural) or cand.kind in ("body", "media")
        return cand.kind in ("body", "media", "document") and not cand.plural

    def _owned_by_pronoun(self, tok: Token) -> bool:
        return any(c.dep_ == "poss" and c.pos_ == "PRON" for c in tok.children)

    # -- resolution ----------------------------------------------------------

    def resolve(self, tok: Token) -> Speaker | None:
        """The speaker a mention headed by ``tok`` stands for (None: unresolvable pronoun)."""
        if tok.i in self._memo:
            return self._memo[tok.i]
        if tok.i in self._active:  # a cycle through anaphors: describe as is
            return self._describe_plain(tok)
        self._active.add(tok.i)
        try:
            result = self._resolve(tok)
        finally:
            self._active.discard(tok.i)
        self._memo[tok.i] = result
        return result

    def _resolve(self, tok: Token) -> Speaker | None:
        if tok.lower_ in self.lex.pron_speech_act and tok.pos_ == "PRON":
            return None
        pron = self.pronoun_class(tok)
        if pron is not None:
            ante = self.antecedent(tok, pron)
            if ante is None:
                return None
            found = self.resolve(ante)
            if found is not None and pron.gender and self.pronoun_class(ante) is None:
                self.gender.setdefault(found.name, pron.gender)
            if found is not None and found.medium is None:
                medium = self.context_medium(ante)
                if medium is not None:
                    found = Speaker(found.name, found.start, found.end, medium)
            return found
        return self.describe(tok)

    def antecedent(self, tok: Token, pron: _Cls) -> Token | None:
        """Nearest earlier compatible mention of a pronoun, outside quotes."""
        for j in range(tok.i - 1, max(-1, tok.i - _MAX_BACK), -1):
            cand = self.doc[j]
            if (
                self.blocked[j]
                or cand.dep_ in ("compound", "poss")
                or cand.lower_ in self.lex.pron_speech_act
            ):
                continue
            if cand.dep_ == "appos":
                continue  # "X, the mayor of Y": X itself is the mention
            if cand.dep_ in ("dobj", "dative") and cand.head.lemma_.lower() in self.lex.addressee_verbs:
                continue  # "he tells a relative": the addressee is not the next speaker
            cls = self.classify(cand)
            if cls is None or self._owned_by_pronoun(cand):
                continue
            if cls.kind == "person" and cls.gender is None and pron.gender and self.is_person_name(cand):
                start, end = self.name_span(cand)
                known = self.gender.get(self.canonical(self.text[start:end], start))
                if known is not None and known != pron.gender:
                    continue
            if self.compatible(pron, cls):
                return self._prefer_main_subject(cand, pron)
        return None

    def _prefer_main_subject(self, cand: Token, pron: _Cls) -> Token:
        """Centering: the main-clause subject of the candidate's sentence beats a nearer object."""
        if cand.dep_ in _SUBJECT_DEPS:
            return cand
        subj = subject_of(cand.sent.root, self.blocked)
        if subj is None or subj.i >= cand.i or self.blocked[subj.i] or "\n" in self.doc[subj.i : cand.i].text:
            return cand
        cls = self.classify(subj)
        if cls is None or self._owned_by_pronoun(subj) or not self.compatible(pron, cls):
            return cand
        return subj

    def describe(self, tok: Token) -> Speaker:
        """Resolve a non-pronoun mention: name, linked name, antecedent, owner, or its phrase."""
        lex = self.lex
        if self.is_person_name(tok):
            start, end = self.name_span(tok)
            return Speaker(self.canonical(self.text[start:end], start), start, end)
        linked = self._linked_name(tok)
        if linked is not None:
            return linked
        lemma = tok.lemma_.lower()
        if lemma in lex.documents:
            owner = self._owner(tok)
            if owner is not None:
                return owner
        if self._is_bare_definite(tok):
            earlier = self._earlier_same(tok)
            if earlier is not None:
                found = self.resolve(earlier)
                if found is not None:
                    return found
            if lemma in lex.media or lemma in lex.body:
                org = self._earlier_org(tok, lemma if lemma in lex.body else None)
                if org is not None:
                    return org
        return self._describe_plain(tok)

    def _describe_plain(self, tok: Token) -> Speaker:
        start, end = noun_phrase(tok)
        return Speaker(self.text[start:end], start, end)

    def _linked_name(self, tok: Token) -> Speaker | None:
        if tok.lemma_.lower() in self.lex.person:
            # "Director of National Intelligence Avril Haines": a known surname inside the description
            for t in tok.subtree:
                if (
                    t.i > tok.i
                    and t.pos_ == "PROPN"
                    and t.text in self._surnames
                    and not self.blocked[t.i]
                    and t.dep_ != "compound"
                    and self._labels[t.i] not in _PERSON_LABELS
                ):
                    start, end = self._short_name(t)
                    return Speaker(self.canonical(self.text[start:end], start), start, end)
        for child in tok.children:
            if child.dep_ == "appos" and self.is_person_name(child):
                return self.describe(child)
            if child.dep_ in ("acl", "relcl") and child.lemma_ in _NAME_VERBS:
                for gc in child.children:
                    if gc.pos_ == "PROPN" and gc.dep_ in ("oprd", "dobj", "attr", "xcomp", "npadvmod"):
                        start, end = self.name_span(gc)
                        return Speaker(self.text[start:end], start, end)
            if (
                child.dep_ == "acl"
                and child.lemma_ in _AS_VERBS
                and tok.lemma_.lower() in self.lex.generic_person
            ):
                for prep in child.children:
                    if prep.lower_ == "as":
                        for pobj in prep.children:
                            if pobj.dep_ == "pobj" and self.classify(pobj) is not None:
                                return self.describe(pobj)
        if tok.dep_ == "appos" and self.is_person_name(tok.head):
            return self.describe(tok.head)
        return None

    def _is_bare_definite(self, tok: Token) -> bool:
        dets = [c for c in tok.children if c.dep_ == "det"]
        if not dets or dets[0].lower_ not in self.lex.definite:
            return False
        content = [
            c
            for c in tok.children
            if c.dep_ in ("amod", "compound", "nummod", "poss", "prep", "appos", "acl")
        ]
        # "the news outlet": a compound that is itself a generic noun keeps the phrase anaphoric.
        return all(c.dep_ == "compound" and c.pos_ == "NOUN" for c in content)

    def _earlier_same(self, tok: Token) -> Token | None:
        lemma = tok.lemma_.lower()
        for j in range(tok.i - 1, max(-1, tok.i - _MAX_BACK * 2), -1):
            cand = self.doc[j]
            if self.blocked[j] or (cand.lemma_.lower() != lemma and cand.lower_ != lemma):
                continue
            if cand.dep_ in ("compound", "appos") and self.is_person_name(cand.head):
                return cand.head  # "Spokesman Oskar Dahl", "Oskar Dahl, the spokesman"
            if cand.dep_ == "compound":
                continue
            if cand.pos_ == tok.pos_:
                if self._is_bare_definite(cand):
                    return self._earlier_same(cand) or cand
                return cand
        return None

    def _earlier_org(self, tok: Token, must_contain: str | None) -> Speaker | None:
        for j in range(tok.i - 1, max(-1, tok.i - _MAX_BACK), -1):
            cand = self.doc[j]
            if (
                self.blocked[j]
                or cand.dep_ == "compound"
                or cand.pos_ != "PROPN"
                or self.is_person_name(cand)
            ):
                continue
            label = self._labels[j]
            if label not in _ORG_LABELS and (label or must_contain is not None):
                continue  # an outlet may be an unlabelled proper noun; a body must be an ORG
            span = self.name_span(cand)
            text = self.text[span[0] : span[1]]
            if must_contain is None or must_contain in text.lower():
                return Speaker(text, span[0], span[1])
        return None

    def _owner(self, doc_tok: Token) -> Speaker | None:
        """Who issued a document: "X's post", "a post by X", or the X of "X said in a post"."""
        for child in doc_tok.children:
            if child.dep_ == "poss" and child.pos_ != "PRON":
                return self.resolve(child)
            if child.dep_ in ("prep", "agent") and child.lower_ in ("by", "from"):
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        return self.resolve(pobj)
        if not self._is_bare_definite(doc_tok):
            return None
        lemma = doc_tok.lemma_.lower()
        for j in range(doc_tok.i - 1, max(-1, doc_tok.i - _MAX_BACK), -1):
            cand = self.doc[j]
            if self.blocked[j] or cand.lemma_.lower() != lemma:
                continue
            prep = cand.head
            if (
                cand.dep_ == "pobj"
                and prep.lower_ in self.lex.medium_preps
                and prep.head.pos_ in ("VERB", "AUX")
            ):
                subj = subject_of(prep.head, self.blocked)
                if subj is not None and subj.i != doc_tok.i:
                    found = self.resolve(subj)
                    if found is not None:
                        ms, me = noun_phrase(cand, ("with", "on"))
                        return Speaker(found.name, found.start, found.end, self.text[ms:me])
            if cand.i != doc_tok.i and not self._is_bare_definite(cand):
                return self._owner(cand)
        return None

    def context_medium(self, ante: Token) -> str | None:
        """A recording/call/post named in the sentence that introduced a speaker."""
        sent = ante.sent
        best: Token | None = None
        for t in sent:
            if self.blocked[t.i] or t.pos_ != "NOUN" or t.lemma_.lower() not in self.lex.context_media:
                continue
            if best is None or abs(t.i - ante.i) < abs(best.i - ante.i):
                best = t
        if best is None:
            return None
        start, end = noun_phrase(best, ())
        return self.text[start:end]
