"""Entity labels and place words of one Doc, as the attribution layer sees them.

:func:`label_of` is a token's entity label (the entities component's when it ran, else spaCy's
NER); :func:`is_place_word` tells a one-word name the article uses as a place ("Velgaria said":
a country speaking, not a person).
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from newsledger.extract.lexicon import lexicon

_ENTITY_LABELS = {"PERSON": "PERSON", "ORG": "ORG", "PLACE": "GPE", "GPE": "GPE", "NORP": "NORP"}


def label_of(tok: Token) -> str | None:
    """The entity label of ``tok``: the entities component's when it ran, else spaCy's NER
    (PERSON when either says so: a person is the costlier miss), except that a one-word name
    the article itself uses as a place is a place (GPE), whatever NER guessed."""
    spacy_label = _ENTITY_LABELS.get(tok.ent_type_)
    if is_place_word(tok):
        return "GPE"
    for ent in tok.doc._.nl_entities or ():
        if ent.start <= tok.idx < ent.end:
            own = _ENTITY_LABELS.get(ent.label)
            return "PERSON" if spacy_label == "PERSON" else own
    return spacy_label


def _place_words(doc: Doc) -> frozenset[str]:
    """Capitalised single words the article uses as places: a word whose demonym is used as an
    adjective ("Velgaria" when "Velgarian troops" occurs), the object of a locative preposition
    ("in Ostrava"), a dateline city ("KORVASK, March 4") and a one-word PLACE of the entities
    component."""
    cached = doc.user_data.get("nl_place_words")
    if isinstance(cached, frozenset):
        return cached
    adjectives = set()
    for tok in doc:
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if tok.text[:1].isupper() and (
            tok.pos_ == "ADJ"
            or tok.ent_type_ == "NORP"
            or (nxt is not None and nxt.is_lower and nxt.pos_ == "NOUN")
        ):
            adjectives.add(tok.text)
    out: set[str] = set()
    for tok in doc:
        word = tok.text
        if tok.pos_ != "PROPN" or len(word) < 4 or not word[:1].isupper():
            continue
        stems = {word, word[:-1]} if word[-1] in "aeiouy" else {word}
        endings = lexicon().demonym_endings
        if any(stem + end in adjectives for stem in stems for end in endings if stem + end != word):
            out.add(word.title() if word.isupper() else word)
        prep = tok.head if tok.dep_ == "pobj" else None
        locative = prep is not None and prep.lower_ in lexicon().place_preps
        if locative and tok.ent_type_ != "PERSON" and not any(c.dep_ == "case" for c in tok.children):
            out.add(word)  # "talks in Ostrava", "fighting near Ryzan"
        first = tok.i == 0 or "\n" in doc[tok.i - 1].text_with_ws
        if first and word.isupper() and tok.i + 1 < len(doc) and doc[tok.i + 1].text == ",":
            out.add(word.title())  # a dateline: "KORVASK, March 4 (CPA) -"
    for ent in doc._.nl_entities or ():
        if ent.label == "PLACE" and " " not in ent.text.strip():
            out.add(ent.text.strip())
    # a word that is also part of a longer name ("Colm Draney", "Harlow Therapeutics") is that
    # name's short form, not a place
    in_names = {
        tok.text
        for tok in doc
        if any(
            0 <= side < len(doc) and doc[side].pos_ == "PROPN" and doc[side].text[:1].isupper()
            for side in (tok.i - 1, tok.i + 1)
        )
    }
    result = frozenset(out - in_names)
    doc.user_data["nl_place_words"] = result
    return result


def is_place_word(tok: Token) -> bool:
    """Whether ``tok`` is a one-word proper name that the article uses as a place."""
    doc = tok.doc
    if tok.pos_ != "PROPN" or not tok.text[:1].isupper():
        return False
    for side in (tok.i - 1, tok.i + 1):
        if 0 <= side < len(doc) and doc[side].pos_ == "PROPN" and doc[side].text[:1].isupper():
            return False  # part of a longer name
    return tok.text in _place_words(doc)
