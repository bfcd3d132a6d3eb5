"""Noun phrases and subjects in a parsed sentence: small dependency-tree and word-order helpers.

:func:`noun_phrase` gives the span of the phrase a noun heads (trimmed of clauses and most
prepositional phrases), :func:`subject_of` the subject of a verb (looking through xcomp/advcl/conj
chains), :func:`headline_subject` the subject a headline-style "X does Y, says Z" shares, and
:func:`np_before` / :func:`np_after` the noun phrase next to a token by word order, for the
sentences whose parse lost the link.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from spacy.tokens import Doc, Token

from newsledger.extract.lexicon import lexicon

_LEFT_DEPS = frozenset(
    {"det", "amod", "compound", "poss", "nummod", "quantmod", "nmod", "advmod", "case", "predet", "nn"}
)
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_INHERIT_SUBJECT = frozenset({"xcomp", "advcl", "conj", "pcomp"})
_NP_POS = frozenset({"DET", "ADJ", "NOUN", "PROPN", "PRON", "NUM"})
_NP_PREPS = frozenset({"of", "for", "at", "from", "in", "with"})
_NP_PUNCT = frozenset({"’s", "'s", "’", "'", "-", "&", "."})
_RELATIVES = lexicon().pron_relative


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


def _np_token(t: Token) -> bool:
    if t.tag_ in ("WP", "WDT", "WP$") or t.lower_ in _RELATIVES:
        return False
    return t.pos_ in _NP_POS or t.text in _NP_PUNCT or (t.pos_ == "ADP" and t.lower_ in _NP_PREPS)


def _np_head(toks: list[Token]) -> Token | None:
    """The head of a surface noun phrase: its last noun before any post-modifying preposition."""
    while toks and toks[0].pos_ == "ADP":
        toks = toks[1:]
    cut = next((k for k, t in enumerate(toks) if t.pos_ == "ADP"), len(toks))
    nouns = [t for t in toks[:cut] if t.pos_ in ("NOUN", "PROPN")]
    if nouns:
        return nouns[-1]
    prons = [t for t in toks[:cut] if t.pos_ == "PRON" and t.dep_ != "poss"]
    return prons[-1] if prons else None


def np_before(doc: Doc, i: int, lo: int) -> tuple[int, Token] | None:
    """The noun phrase ending just before token ``i`` (adverbs and auxiliaries skipped).

    Returns the index of its first token and its head, or None.
    """
    j = i - 1
    while j >= lo and (doc[j].pos_ in ("ADV", "AUX") or doc[j].lower_ in ("not", "n't")):
        j -= 1
    end = j
    while j >= lo and _np_token(doc[j]):
        j -= 1
    toks = list(doc[j + 1 : end + 1])
    head = _np_head(toks)
    return (j + 1, head) if head is not None else None


def np_after(doc: Doc, i: int, hi: int) -> Token | None:
    """Head of the noun phrase starting at token ``i`` ("said Tomas Rell", "writes the paper X")."""
    toks: list[Token] = []
    j = i
    while j < hi and _np_token(doc[j]) and doc[j].text != ".":
        toks.append(doc[j])
        j += 1
    return _np_head(toks)


def late_appositive(head: Token, reach: int = 10) -> Token | None:
    """The head of a capitalised name set off by commas a few words after a described subject
    and followed by its verb: "A channel run by bloggers, Steel Hawk, claimed"."""
    doc = head.doc
    comma = next((t for t in doc[head.i + 1 : head.i + reach] if t.text == ","), None)
    if comma is None or any(t.is_sent_start or "\n" in t.text for t in doc[head.i + 1 : comma.i + 1]):
        return None
    j = comma.i + 1
    while j < len(doc) and doc[j].pos_ == "PROPN" and doc[j].text[:1].isupper():
        j += 1
    if j == comma.i + 1 or j + 1 >= len(doc) or doc[j].text != "," or doc[j + 1].pos_ not in ("VERB", "AUX"):
        return None
    name = doc[j - 1]
    return name if name.dep_ in ("appos", "npadvmod", "nsubj", "conj") else None
