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
    component. Token attributes are read once, into lists, for the three passes over the Doc."""
    cached = doc.user_data.get("nl_place_words")
    if isinstance(cached, frozenset):
        return cached
    lex = lexicon()
    n = len(doc)
    texts = [tok.text for tok in doc]
    pos = [tok.pos_ for tok in doc]
    capital = [t[:1].isupper() for t in texts]
    adjectives = set()
    for i, tok in enumerate(doc):
        if capital[i] and (
            pos[i] == "ADJ"
            or tok.ent_type_ == "NORP"
            or (i + 1 < n and pos[i + 1] == "NOUN" and doc[i + 1].is_lower)
        ):
            adjectives.add(texts[i])
    # stem -> the adjectives it makes with a demonym ending ("Velgari" + "an" -> "Velgarian")
    demonyms: dict[str, set[str]] = {}
    for adjective in adjectives:
        for ending in lex.demonym_endings:
            if adjective.endswith(ending):
                demonyms.setdefault(adjective[: len(adjective) - len(ending)], set()).add(adjective)
    out: set[str] = set()
    for i, tok in enumerate(doc):
        word = texts[i]
        if pos[i] != "PROPN" or len(word) < 4 or not capital[i]:
            continue
        stems = {word, word[:-1]} if word[-1] in "aeiouy" else {word}
        if any(adjective != word for stem in stems for adjective in demonyms.get(stem, ())):
            out.add(word.title() if word.isupper() else word)
        prep = tok.head if tok.dep_ == "pobj" else None
        locative = prep is not None and prep.lower_ in lex.place_preps
        if locative and tok.ent_type_ != "PERSON" and not any(c.dep_ == "case" for c in tok.children):
            out.add(word)  # "talks in Ostrava", "fighting near Ryzan"
        first = i == 0 or "\n" in doc[i - 1].text_with_ws
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
    if tok.pos_ != "PROPN" or not tok.text[:1].isupper():
        return False
    for side in (tok.i - 1, tok.i + 1):
        if 0 <= side < len(doc) and doc[side].pos_ == "PROPN" and doc[side].text[:1].isupper():
            return False  # part of a longer name
    return tok.text in _place_words(doc)
