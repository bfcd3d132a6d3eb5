"""Descriptions: the name or phrase a non-pronoun speaker mention stands for.

A surname resolves to the full name the article uses ("Renn" -> "Halvard Renn"); a description
linked to a name resolves to the name ("a soldier named X", "the mayor, X", "a man identified as
a soldier named X"); a definite description points back (:mod:`newsledger.extract.backrefs`);
anything else is described by its noun phrase, trimmed of relative clauses ("a soldier who
identifies himself as ..." -> "a soldier"). A short name of a source ("Kovalyk", "the Ledger")
is the full name of an earlier source or described name (:func:`short_form`).
"""

from __future__ import annotations

from spacy.tokens import Token

from newsledger.extract.anaphora import antecedent
from newsledger.extract.backrefs import Spoken, earlier_named_person, earlier_org, earlier_same, owner_of
from newsledger.extract.lexicon import Cls, Lexicon, Speaker, lexicon
from newsledger.extract.mentionindex import PERSON_LABELS as _PERSON_LABELS
from newsledger.extract.mentionindex import TIME_LABELS as _TIME_LABELS
from newsledger.extract.mentionindex import Resolves
from newsledger.extract.mentions import Mention
from newsledger.extract.nounphrase import late_appositive, noun_phrase

_LEX = lexicon()  # data/attribution.yaml
_NAME_VERBS = _LEX.naming_verbs
_AS_VERBS = _LEX.as_verbs
_SPEAKER_PREPS = _LEX.speaker_preps
_DEFINITE = _LEX.definite


def describe(r: Resolves, tok: Token) -> Speaker:
    """Resolve a non-pronoun mention: name, linked name, antecedent, owner, or its phrase."""
    lex = r.m.lex
    if r.m.is_person_name(tok):
        start, end = r.m.name_span(tok)
        return Speaker(r.m.canonical(r.m.text[start:end], start), start, end)
    linked = linked_name(r, tok)
    if linked is not None:
        return linked
    named = apposed_name(r, tok)
    if named is not None:
        return Speaker(r.m.text[named[0] : named[1]], named[0], named[1])
    late = late_appositive(tok) if tok.pos_ == "NOUN" and not r.m.blocked[tok.i] else None
    if late is not None:
        start, end = r.m.name_span(late)
        return Speaker(r.m.text[start:end], start, end)  # "A channel run by bloggers, Steel Hawk, said"
    lemma = tok.lemma_.lower()
    if lemma in lex.documents:
        owner = owner_of(r, tok)
        if owner is not None:
            return owner
    if r.m.is_bare_definite(tok):
        earlier = earlier_same(r, tok)
        if earlier is not None:
            found = r.resolve(earlier)
            if found is not None:
                return found
        if (lemma in lex.media or lemma in lex.body) and tok.tag_ not in ("NNS", "NNPS"):
            # a plural ("the groups", "the newspapers") is several bodies: never one earlier name
            need = lemma if lemma in lex.body and lemma not in lex.generic_body else None
            org = earlier_org(r, tok, need, lemma in lex.media)
            if org is not None:
                return org
        if lemma in lex.person and tok.tag_ == "NN":
            person = earlier_named_person(r, tok)
            if person is not None:
                return person
    elif r.m.is_bare_role(tok):
        person = earlier_named_person(r, tok)  # "colonel stressed" (no article): translated copy
        if person is not None:
            return person
    return describe_plain(r, tok)


def apposed_name(r: Resolves, tok: Token) -> tuple[int, int] | None:
    """The proper name a descriptive noun phrase carries.

    "the grid operator EnerSil", "the radio station Coast FM" (a name right after the head noun) and
    "the trade publication PharmaPulse" (a name headed phrase with common nouns in front) give the
    name; None when the phrase has no such name.
    """
    if r.m.blocked[tok.i]:
        return None
    if tok.lower_ in r.m.lex.person or tok.lemma_.lower() in r.m.lex.person:
        # "Head of the planning directorate, colonel-general Ivo Marsk, said": the office
        # phrase's apposed name is the speaker
        for child in tok.children:
            if child.dep_ == "appos" and child.i > tok.i and r.m.is_person_name(child):
                return r.m.name_span(child)
    nxt = r.m.doc[tok.i + 1] if tok.i + 1 < len(r.m.doc) else None
    if tok.pos_ == "NOUN" and nxt is not None and nxt.pos_ == "PROPN" and not r.m.blocked[nxt.i]:
        # "the radio station Coast FM": the name follows the noun, however the parse attached it
        j = nxt.i
        while j + 1 < len(r.m.doc) and r.m.doc[j + 1].pos_ == "PROPN" and not r.m.blocked[j + 1]:
            j += 1
        if r.m.labels[j] not in _TIME_LABELS and r.m.doc[j].text[:1].isupper():
            return nxt.idx, r.m.doc[j].idx + len(r.m.doc[j].text)
    if tok.pos_ == "NOUN":
        for child in tok.children:
            if (
                child.i > tok.i
                and child.pos_ == "PROPN"
                and child.dep_ in ("appos", "npadvmod", "compound", "nmod", "attr")
                and r.m.labels[child.i] not in _TIME_LABELS
            ):
                start, end = r.m.name_span(child)
                if r.m.name_chain(child)[0].i == tok.i + 1:
                    return start, end
        return None
    lex = r.m.lex
    if tok.pos_ == "PROPN" and any(
        c.i < tok.i
        and (
            (c.dep_ == "compound" and c.pos_ == "NOUN")
            or (c.dep_ == "amod" and c.lemma_.lower() in lex.media | lex.body | lex.person)
        )
        for c in tok.children
    ):
        chain = r.m.name_chain(tok)
        if chain[0].i > 0 and r.m.doc[chain[0].i - 1].pos_ in ("NOUN", "ADJ"):
            return r.m.name_span(tok)
    return None


def describe_plain(r: Resolves, tok: Token) -> Speaker:
    """The mention's own noun phrase, with the modifiers that identify who it is.

    Post-modifying "in"/"for"/"with" phrases ("doctors in Essaly", "a spokesman for the mayor") and
    a short reduced relative ("groups representing soldiers' mothers") are kept; relative clauses
    are not. "his mother" becomes "Dmitry's mother" when the possessive pronoun resolves to a name.
    """
    start, end = noun_phrase(tok, _SPEAKER_PREPS)
    cls = r.m.classify(tok)
    # "groups representing soldiers' mothers", "a decree published on a portal"; not the event a
    # singular person is caught in ("a soldier complaining about the food")
    identifying = tok.tag_ in ("NNS", "NNPS") or (cls is not None and cls.kind != "person")
    for child in tok.children if identifying else ():
        if child.dep_ == "acl" and child.i > tok.i and child.tag_ in ("VBG", "VBN"):
            sub = list(child.subtree)
            last = max(t.idx + len(t.text) for t in sub)
            between = r.m.text[end : min(t.idx for t in sub)]
            by_agent = any(t.dep_ == "agent" for t in sub)  # "a memo first reported by the Ledger"
            punct = any(t.text in ",;:.!?()—–" for t in sub)
            if len(sub) <= 6 and not between.strip() and not punct and not by_agent:
                end = max(end, last)
    name = r.m.text[start:end]
    owner = next((c for c in tok.children if c.dep_ == "poss" and c.pos_ == "PRON"), None)
    pron = possessive_class(r.m.lex, owner) if owner is not None and owner.idx == start else None
    if owner is not None and pron is not None and (pron.gender is not None or pron.plural):  # not "its"
        ante = antecedent(r, owner, pron)
        found = r.resolve(ante) if ante is not None else None
        named = (
            found is not None
            and found.name[:1].isupper()
            and found.name.split()[0].lower() not in ("a", "an", "the", "one", "some", "this", "that")
        )
        if ante is not None and found is not None and named:
            who = found.name
            rest = r.m.text[owner.idx + len(owner.text) : end].strip()
            name = f"{who}’s {rest}" if "’" in r.m.text else f"{who}'s {rest}"
    return Speaker(name, start, end)


def linked_name(r: Resolves, tok: Token) -> Speaker | None:
    if tok.lemma_.lower() in r.m.lex.person:
        # "Director of National Intelligence Avril Haines": a known surname inside the description
        for t in tok.subtree:
            if (
                t.i > tok.i
                and t.pos_ == "PROPN"
                and (t.text in r.m.surnames or r.m.role_name(t))
                and not r.m.blocked[t.i]
                and t.dep_ != "compound"
                and r.m.labels[t.i] not in _PERSON_LABELS
            ):
                start, end = r.m.short_name(t)
                return Speaker(r.m.canonical(r.m.text[start:end], start), start, end)
    person_head = tok.lemma_.lower() in r.m.lex.person or tok.lower_ in r.m.lex.person
    for child in tok.children:
        if child.dep_ == "appos" and r.m.is_person_name(child):
            return describe(r, child)
        if child.dep_ in ("acl", "relcl") and child.lemma_ in _NAME_VERBS:
            for gc in child.children:
                if gc.pos_ == "PROPN" and gc.dep_ in ("oprd", "dobj", "attr", "xcomp", "npadvmod"):
                    start, end = r.m.name_span(gc)
                    return Speaker(r.m.text[start:end], start, end)
        if child.dep_ in ("acl", "relcl") and person_head:
            found = clause_name(r, tok, child)
            if found is not None:
                return found
    if tok.dep_ == "appos" and r.m.is_person_name(tok.head):
        return describe(r, tok.head)
    return None


def clause_name(r: Resolves, tok: Token, clause: Token) -> Speaker | None:
    """A name or role given in a clause on a person noun.

    "a soldier who gives his name only as Artyom", "one father, who gave only his first name, Piet"
    -> the name; "a man the agency identifies as a private from Buryatia" -> "a private from
    Buryatia"; "a man the agency says is a contract soldier" -> "a contract soldier".
    """
    # "who gave only his first name, Piet", "who asked to be identified only as Hanna"
    naming = any(t.lemma_.lower() in r.m.lex.self_naming_verbs for t in clause.subtree)
    generic = tok.lemma_.lower() in r.m.lex.generic_person
    as_verb = any(clause.lower_.startswith(v[:5]) for v in _AS_VERBS)
    for t in clause.subtree:
        if r.m.blocked[t.i] or t.i <= tok.i:
            continue
        if (
            naming
            and t.pos_ == "PROPN"
            and (
                (t.dep_ in ("appos", "attr", "oprd") and t.head.lemma_.lower() == "name")
                or (t.dep_ == "pobj" and t.head.lower_ == "as")
            )
        ):
            start, end = r.m.name_span(t)
            return Speaker(r.m.text[start:end], start, end)
        as_object = t.dep_ == "pobj" and t.head.lower_ == "as" and t.head.head.i == clause.i
        if generic and as_verb and as_object and r.m.classify(t) is not None:
            return describe(r, t)
    if generic and clause.dep_ == "relcl" and clause.lemma_.lower() in r.m.lex.reporting:
        # "a man the agency says is a contract soldier from Omsk"
        nxt = r.m.doc[clause.i + 1] if clause.i + 1 < len(r.m.doc) else None
        if nxt is not None and nxt.lower_ in ("is", "was", "are", "were"):
            for t in r.m.doc[nxt.i + 1 : min(len(r.m.doc), nxt.i + 8)]:
                if t.pos_ == "NOUN" and r.m.classify(t) is not None and t.head.i != t.i:
                    if t.dep_ == "compound":
                        continue
                    start, end = noun_phrase(t, _SPEAKER_PREPS)
                    return Speaker(r.m.text[start:end], start, end)
    return None


def short_form(spoken: Spoken, unit: int, text: str, at: int | None = None) -> Mention | None:
    """The full name of an earlier source or described name that ``text`` shortens ("Kovalyk",
    "Harlow", "the Ledger"): the nearest one mentioned before character ``at``, else the first
    one after it."""
    words = [w for w in text.split() if w.lower() not in _DEFINITE]
    if not words:
        return None
    found: list[Mention] = []
    firsts: list[Mention] = []
    for mention, _chain in spoken.recent(unit, reach=10**9):
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


def possessive_class(lex: Lexicon, tok: Token) -> Cls | None:
    """The pronoun class of a possessive determiner ("her plan", "their report": she, they), which
    stands for its owner as the pronoun does; None for any other word."""
    if tok.dep_ != "poss" or tok.pos_ != "PRON":
        return None
    word = tok.lower_
    if word in lex.poss_male or word in lex.poss_female:
        return Cls("pronoun", "m" if word in lex.poss_male else "f")
    if word in lex.poss_plural:
        return Cls("pronoun", None, True)
    return Cls("pronoun") if word in lex.poss_neuter else None
