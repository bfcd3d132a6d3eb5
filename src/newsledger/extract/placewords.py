"""Entity labels and place words of one Doc, as the attribution layer sees them.

:func:`label_of` is a token's entity label (the entities component's when it ran, else spaCy's
NER); :func:`is_place_word` tells a one-word name the article uses as a place ("Velgaria said":
a country speaking, not a person).
"""

from __future__ import annotations

import bisect

from spacy.tokens import Doc, Token

from newsledger.extract._doc import doc_value
from newsledger.extract.lexicon import lexicon
from newsledger.extract.tokenview import token_view

_ENTITY_LABELS = {"PERSON": "PERSON", "ORG": "ORG", "PLACE": "GPE", "GPE": "GPE", "NORP": "NORP"}


def label_of(tok: Token) -> str | None:
    """The entity label of ``tok``: the entities component's when it ran, else spaCy's NER
    (PERSON when either says so: a person is the costlier miss), except that a one-word name
    the article itself uses as a place is a place (GPE), whatever NER guessed."""
    doc = tok.doc
    spacy_label = _ENTITY_LABELS.get(token_view(doc).ent_type[tok.i])
    if is_place_word(tok):
        return "GPE"
    own_labels = _entity_labels(doc)
    if tok.i in own_labels:
        own = _ENTITY_LABELS.get(own_labels[tok.i])
        return "PERSON" if spacy_label == "PERSON" else own
    return spacy_label


_OWN_LABELS = "newsledger.entity_labels"


def _entity_labels(doc: Doc) -> dict[int, str]:
    """Token index -> label of the first of the entities component's entities (in its order)
    whose characters hold the token's start; built once per entity list of the Doc."""
    ents = doc_value(doc, "nl_entities") or ()
    cached = doc.user_data.get(_OWN_LABELS)
    if cached is not None and cached[0] is ents:
        labels: dict[int, str] = cached[1]
        return labels
    idx = token_view(doc).idx  # ascending
    labels = {}
    for ent in ents:
        for i in range(bisect.bisect_left(idx, ent.start), bisect.bisect_left(idx, ent.end)):
            labels.setdefault(i, ent.label)
    doc.user_data[_OWN_LABELS] = (ents, labels)
    return labels


def _place_words(doc: Doc) -> frozenset[str]:
    """Capitalised single words the article uses as places: a word whose demonym is used as an
    adjective ("Velgaria" when "Velgarian troops" occurs), the object of a locative preposition
    ("in Ostrava"), a dateline city ("KORVASK, March 4") and a one-word PLACE of the entities
    component. Token attributes are read once, into lists, for the three passes over the Doc."""
    cached = doc.user_data.get("nl_place_words")
    if isinstance(cached, frozenset):
        return cached
    lex = lexicon()
    n = len(doc)
    view = token_view(doc)
    texts, pos, ent_type, is_lower = view.text, view.pos, view.ent_type, view.is_lower
    capital = [t[:1].isupper() for t in texts]
    adjectives = set()
    for i in range(n):
        if capital[i] and (
            pos[i] == "ADJ"
            or ent_type[i] == "NORP"
            or (i + 1 < n and pos[i + 1] == "NOUN" and is_lower[i + 1])
        ):
            adjectives.add(texts[i])
    # stem -> the adjectives it makes with a demonym ending ("Velgari" + "an" -> "Velgarian")
    demonyms: dict[str, set[str]] = {}
    for adjective in adjectives:
        for ending in lex.demonym_endings:
            if adjective.endswith(ending):
                demonyms.setdefault(adjective[: len(adjective) - len(ending)], set()).add(adjective)
    out: set[str] = set()
    dep, head, lower = view.dep, view.head, view.lower
    for i in range(n):
        word = texts[i]
        if pos[i] != "PROPN" or len(word) < 4 or not capital[i]:
            continue
        stems = {word, word[:-1]} if word[-1] in "aeiouy" else {word}
        if any(adjective != word for stem in stems for adjective in demonyms.get(stem, ())):
            out.add(word.title() if word.isupper() else word)
        locative = dep[i] == "pobj" and lower[head[i]] in lex.place_preps
        if locative and ent_type[i] != "PERSON" and not any(c.dep_ == "case" for c in doc[i].children):
            out.add(word)  # "talks in Ostrava", "fighting near Ryzan"
        # the token before ends a line (its text, or a line break in its trailing whitespace:
        # only a space can follow a token's text, so a break can only be in the text)
        first = i == 0 or "\n" in texts[i - 1]
        if first and word.isupper() and i + 1 < n and texts[i + 1] == ",":
            out.add(word.title())  # a dateline: "KORVASK, March 4 (CPA) -"
    for ent in doc._.nl_entities or ():
        if ent.label == "PLACE" and " " not in ent.text.strip():
            out.add(ent.text.strip())
    # a word that is also part of a longer name ("Colm Draney", "Harlow Therapeutics") is that
    # name's short form, not a place
    name_part = [pos[i] == "PROPN" and capital[i] for i in range(n)]
    in_names = {
        texts[i] for i in range(n) if (i > 0 and name_part[i - 1]) or (i + 1 < n and name_part[i + 1])
    }
    result = frozenset(out - in_names)
    doc.user_data["nl_place_words"] = result
    return result


def is_place_word(tok: Token) -> bool:
    """Whether ``tok`` is a one-word proper name that the article uses as a place."""
    doc = tok.doc
    view = token_view(doc)
    pos, texts, i = view.pos, view.text, tok.i
    if pos[i] != "PROPN" or not texts[i][:1].isupper():
        return False
    for side in (i - 1, i + 1):
        if 0 <= side < view.n and pos[side] == "PROPN" and texts[side][:1].isupper():
            return False  # part of a longer name
    return texts[i] in _place_words(doc)
