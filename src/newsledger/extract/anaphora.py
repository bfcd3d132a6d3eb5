"""Pronouns: the earlier mention a he, she, they or it stands for.

A pronoun resolves backwards to the nearest compatible mention (a person for he/she, with gender
agreement when the gender is knowable; a plural person or a body for they; a body, outlet or
document for it). Descriptions owned by a pronoun ("his wife") and words inside quotation marks
are never antecedents; the main-clause subject of a sentence beats a nearer object (centering).
"""

from __future__ import annotations

from spacy.attrs import POS
from spacy.parts_of_speech import PRON
from spacy.tokens import Token

from newsledger.extract.lexicon import Cls
from newsledger.extract.medium import medium_phrase
from newsledger.extract.mentionindex import Resolves
from newsledger.extract.nounphrase import subject_of
from newsledger.extract.tokenview import token_view

_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_MAX_BACK = 400  # tokens scanned backwards for an antecedent
_CLASSIFIED = frozenset({"PRON", "NOUN", "PROPN"})  # the parts of speech MentionIndex.classify types


def antecedent(r: Resolves, tok: Token, pron: Cls) -> Token | None:
    """Nearest earlier compatible mention of a pronoun, outside quotes.

    A subject pronoun never points into its own clause ("In a statement on Telegram, it said"),
    nor to a platform name. "they" prefers people ("citing two people familiar with the reports
    ... According to them") to an organisation, within three paragraphs.
    """
    fallback: Token | None = None
    paragraphs = 0
    view = token_view(r.m.doc)  # the word tests from the columns: a Token for a candidate only
    texts, lowers, deps, pos = view.text, view.lower, view.dep, view.pos
    for j in range(tok.i - 1, max(-1, tok.i - _MAX_BACK), -1):
        if "\n" in texts[j]:
            paragraphs += 1
            if fallback is not None and paragraphs > 3:
                break
        if (
            r.m.blocked[j]
            or r.m.dateline[j]
            or deps[j] == "compound"
            or lowers[j] in r.m.lex.pron_speech_act
            or pos[j] not in _CLASSIFIED
        ):
            continue  # (classify() gives no class to a word of another part of speech)
        cand = r.m.doc[j]
        named_owner = cand.pos_ == "PROPN" and pron.gender is not None and r.m.is_person_name(cand)
        if cand.dep_ == "poss" and not named_owner:
            continue  # "Andriy's last message ... he writes": a named possessor can be meant
        if cand.dep_ == "appos" and r.m.classify(cand.head) is not None:
            continue  # "X, the mayor of Y": X itself is the mention
        if cand.dep_ in ("dobj", "dative") and cand.head.lemma_.lower() in r.m.lex.addressee_verbs:
            continue  # "he tells a relative": the addressee is not the next speaker
        if cand.lower_ in r.m.lex.platforms or same_clause(r, cand, tok):
            continue
        cls = r.m.classify(cand)
        if cls is None or (r.m.owned_by_pronoun(cand) and not owned_ok(r, cand)):
            continue
        if cls.kind == "person" and cls.gender is None and pron.gender and r.m.is_person_name(cand):
            start, end = r.m.name_span(cand)
            known = r.m.gender.get(r.m.canonical(r.m.text[start:end], start))
            if known is not None and known != pron.gender:
                continue
        if not r.m.compatible(pron, cls):
            continue
        if pron.plural and not (cls.kind == "person" and cls.plural):
            if fallback is None:
                fallback = prefer_main_subject(r, cand, pron)
            continue
        return prefer_speaker(r, tok, prefer_main_subject(r, cand, pron), pron)
    return fallback


def speaking(r: Resolves, tok: Token) -> bool:
    """Whether a mention names who speaks: the subject of a reporting verb, the object of
    "citing" or of "according to"."""
    head = tok.head
    if tok.dep_ in _SUBJECT_DEPS:
        return head.lemma_.lower() in r.m.lex.reporting
    if tok.dep_ == "dobj":
        return head.lemma_.lower() == "cite"
    return tok.dep_ == "pobj" and head.lower_ == "to" and head.head.lower_ == "according"


def prefer_speaker(r: Resolves, pron_tok: Token, cand: Token, pron: Cls) -> Token:
    """A pronoun that speaks stands for a speaker of the antecedent's sentence rather than for
    someone in what was reported ("X reported, citing two people familiar with ..., that a
    brigade had lost 1,000 men. According to them, ..." -> the people, not the men)."""
    if not speaking(r, pron_tok) or speaking(r, cand):
        return cand
    for j in range(cand.i - 1, token_view(cand.doc).sent_start[cand.i] - 1, -1):
        t = r.m.doc[j]
        if r.m.blocked[j] or t.dep_ == "compound" or not speaking(r, t):
            continue
        cls = r.m.classify(t)
        if cls is None or r.m.owned_by_pronoun(t) or not r.m.compatible(pron, cls):
            continue
        if pron.plural and not (cls.kind == "person" and cls.plural):
            continue
        return t
    return cand


def owned_ok(r: Resolves, cand: Token) -> bool:
    """ "Her main rival, Tomas Brecker, ..." is a mention; "he tells his wife" is not."""
    if any(c.dep_ == "appos" and r.m.is_person_name(c) for c in cand.children):
        return True
    return cand.dep_ in _SUBJECT_DEPS and cand.head.lemma_.lower() in r.m.lex.reporting


def warm_genders(r: Resolves) -> None:
    """Resolve every he/she subject in text order, so that genders learnt early ("She says ...")
    are known when a later pronoun is resolved out of order."""
    doc = r.m.doc
    pronouns = [i for i, pos in enumerate(doc.to_array(POS).tolist()) if pos == PRON] if len(doc) else []
    for t in (doc[i] for i in pronouns):  # a Token only for each pronoun
        if (
            t.dep_ in _SUBJECT_DEPS
            and (t.lower_ in r.m.lex.pron_male or t.lower_ in r.m.lex.pron_female)
            and not r.m.blocked[t.i]
        ):
            r.resolve(t)


def same_clause(r: Resolves, cand: Token, pron: Token) -> bool:
    """True when ``cand`` hangs from the verb the subject pronoun ``pron`` is the subject of."""
    if pron.dep_ not in _SUBJECT_DEPS:
        return False
    node = cand
    while node.head.i != node.i:
        node = node.head
        if node.pos_ in ("VERB", "AUX"):
            return node.i == pron.head.i
    return False


def prefer_main_subject(r: Resolves, cand: Token, pron: Cls) -> Token:
    """Centering: the main-clause subject of the candidate's sentence beats a nearer object, and
    the speaker of a report beats the subject of the reported clause ("Carver told the jury that
    Lomax had ... In total, she said")."""
    if cand.dep_ in _SUBJECT_DEPS:
        verb = cand.head
        if verb.dep_ == "ccomp" and verb.head.lemma_.lower() in r.m.lex.reporting:
            speaker = subject_of(verb.head, r.m.blocked)
            if speaker is not None and speaker.i < cand.i and not r.m.blocked[speaker.i]:
                cls = r.m.classify(speaker)
                if cls is not None and not r.m.owned_by_pronoun(speaker) and r.m.compatible(pron, cls):
                    return speaker
        return cand
    subj = subject_of(cand.sent.root, r.m.blocked)
    if subj is None or subj.i >= cand.i or r.m.blocked[subj.i] or "\n" in r.m.doc[subj.i : cand.i].text:
        return cand
    cls = r.m.classify(subj)
    if cls is None or r.m.owned_by_pronoun(subj) or not r.m.compatible(pron, cls):
        return cand
    if pron.plural and not (cls.kind == "person" and cls.plural):
        return cand
    return subj


def context_medium(r: Resolves, ante: Token) -> str | None:
    """A recording or call named in the sentence that introduced a speaker."""
    sent = ante.sent
    best: Token | None = None
    for t in sent:
        if r.m.blocked[t.i] or t.pos_ != "NOUN" or t.lemma_.lower() not in r.m.lex.context_media:
            continue
        if best is None or abs(t.i - ante.i) < abs(best.i - ante.i):
            best = t
    if best is None:
        return None
    return medium_phrase(best, r.m.blocked)
