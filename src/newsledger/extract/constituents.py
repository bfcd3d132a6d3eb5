"""Where an attributed content begins and ends in the parse: its cue's complement (PARC bounds).

The learned tagger (:mod:`newsledger.extract.spanmodel`) puts a content's first and last word a
few words off where PARC 3.0 puts them: it stops inside a clause, runs past it into the sentence's
next phrase, or starts on the recipient of the cue ("called on X | to act"). The parse the
pipeline already computed knows the constituent the cue governs; these pure functions read it:

* :func:`complements`: the token spans a cue governs: the subtree of each complement of a word of
  the cue (a reported clause, an object, an infinitive, the clause of a nominal cue "her plan to
  ..."), the clause "according to X" modifies (without the "according to X" phrase), or the
  clause a parenthetical reporting clause hangs from ('"...," she said');
* :func:`snap`: a content moved to the complement it mostly covers (:data:`MIN_AGREEMENT` of the
  two spans' words in common);
* :func:`raised_subject`: the subject that PARC joins to the content of a raising or passive cue
  ("[Kasich] appears [to have the state to himself]", "[Other groups] are expected [to spend
  millions]"), or the subject a content's own verb left before its cue ("[which] officials said
  [will take effect]"): the first part of a discontinuous content.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import pairwise

from spacy.tokens import Doc, Span, Token

from newsledger.extract.lexicon import Lexicon
from newsledger.extract.tokenview import token_view

MIN_AGREEMENT = 0.6  # words in common / words in either span, for a content to take a complement's bounds
_COMPLEMENTS = frozenset({"ccomp", "xcomp", "dobj", "obj", "attr", "oprd", "acomp", "acl", "pobj", "pcomp"})
_RAISED = frozenset({"xcomp", "acomp", "attr", "oprd", "dobj"})  # a raising cue's complement
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
_AROUND = frozenset({"parataxis", "ccomp"})  # a reporting clause hanging from its content's verb


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Tokens [start, end) without punctuation, quotation marks and spaces at either edge."""
    skip = token_view(doc).skipped
    while start < end and skip[start]:
        start += 1
    while end > start and skip[end - 1]:
        end -= 1
    return start, end


def _outside(doc: Doc, head: Token, cut: Token) -> list[tuple[int, int]]:
    """The subtree of ``head`` without the subtree of ``cut``: the part before it and the part after."""
    lo, hi = head.left_edge.i, head.right_edge.i + 1
    c_lo, c_hi = cut.left_edge.i, cut.right_edge.i + 1
    return [_trim(doc, lo, c_lo), _trim(doc, c_hi, hi)]


def complements(doc: Doc, cue: Span) -> list[tuple[int, int]]:
    """The token spans [start, end) the cue governs (see the module docstring), edge punctuation
    left out; empty spans dropped."""
    inside = range(cue.start, cue.end)
    found: list[tuple[int, int]] = []
    according = next((t for t in cue if t.lower_ == "according"), None)
    if according is not None:
        if according.head.i != according.i and according.head.i not in inside:
            found = _outside(doc, according.head, according)
        return [(a, b) for a, b in found if a < b]
    for t in cue:
        own = [
            _trim(doc, c.left_edge.i, c.right_edge.i + 1)
            for c in t.children
            if c.i not in inside and c.dep_ in _COMPLEMENTS
        ]
        found.extend(own)
        for (a, b), (c, d) in pairwise(own):
            if b <= c and all(x.is_punct or x.is_space for x in doc[b:c]):
                found.append((a, d))  # an object and its infinitive together: "urged [him to wait]"
    root = cue.root
    if root.dep_ in _AROUND and root.head.i not in inside and root.head.i != root.i:
        found.extend(_outside(doc, root.head, root))  # '"...," she said' parsed with "said" under the quote
    return [(a, b) for a, b in found if a < b]


def content_words(doc: Doc, start: int, end: int) -> set[int]:
    """Indices of the words of tokens [start, end): no punctuation, space or quote mark."""
    skip = token_view(doc).skipped
    return {i for i in range(*slice(start, end).indices(len(doc))) if not skip[i]}


def agreement(doc: Doc, a: tuple[int, int], b: tuple[int, int]) -> float:
    """Words two token spans have in common over the words in either (Jaccard; 0 when empty)."""
    wa, wb = content_words(doc, *a), content_words(doc, *b)
    union = wa | wb
    return len(wa & wb) / len(union) if union else 0.0


def snap(
    doc: Doc, start: int, end: int, cue: Span, min_agreement: float = MIN_AGREEMENT, inside: bool = False
) -> tuple[int, int]:
    """The content [start, end) moved to the bounds of the complement of ``cue`` it agrees with
    most, when they agree on at least ``min_agreement`` of their words (or, with ``inside``, when
    the content lies inside the complement); else unchanged."""
    best, best_score = (start, end), 0.0
    for span in complements(doc, cue):
        if span[0] < cue.end and cue.start < span[1]:
            continue  # a complement never holds its own cue
        score = agreement(doc, (start, end), span)
        if inside and span[0] <= start and end <= span[1]:
            score = max(score, min_agreement)
        if score > best_score:
            best, best_score = span, score
    return best if best_score >= min_agreement else (start, end)


def content_root(doc: Doc, start: int, end: int) -> Token:
    """The word of tokens [start, end) whose head lies outside them (the first such)."""
    for t in doc[start:end]:
        if not start <= t.head.i < end or t.head.i == t.i:
            return t
    return doc[start]


def is_raising(cue: Span, lex: Lexicon) -> bool:
    """Whether the cue is a raising verb or adjective ("appears", "is likely") or a passive
    ("is expected"): its subject is part of the content, not the source."""
    for t in cue:
        if t.lemma_.lower() in lex.raising_cues and t.pos_ in ("VERB", "ADJ", "AUX"):
            return True
        if t.pos_ == "VERB" and any(c.dep_ in ("auxpass", "nsubjpass") for c in t.children):
            return not any(c.dep_ == "agent" for c in t.children)
    return False


def raised_subject(doc: Doc, start: int, end: int, cue: Span, lex: Lexicon) -> tuple[int, int] | None:
    """The subject that belongs to the content [start, end) though it stands before the cue, as a
    token span, or None: the subject of a raising or passive cue whose complement the content is,
    or the content's own verb's subject left before the cue. The content must follow the cue."""
    if start < cue.end:
        return None
    root = content_root(doc, start, end)
    inside = range(cue.start, cue.end)
    subject: Token | None = None
    if root.head.i in inside and root.dep_ in _RAISED and is_raising(cue, lex):
        heads = [root.head, *(t.head for t in cue if t.dep_ in ("acomp", "xcomp") and t.head.i != t.i)]
        subjects = (c for h in heads for c in h.children if c.dep_ in _SUBJECTS and c.i < cue.start)
        subject = next(subjects, None)
    if subject is None:
        subject = next((c for c in root.children if c.dep_ in _SUBJECTS and c.i < cue.start), None)
    if subject is None or (subject.tag_ == "PRP" and subject.lower_ == "it" and root.dep_ == "ccomp"):
        return None
    lo, hi = _trim(doc, subject.left_edge.i, min(subject.right_edge.i + 1, cue.start))
    return (lo, hi) if lo < hi else None


def fronted(doc: Doc, start: int, end: int, cue: Span) -> tuple[int, int] | None:
    """The words of the content's own clause before a parenthetical reporting clause ("[If it
    slows down], experts say, [spending will fall]"): the first part of the content [start, end)
    when the cue hangs from a word of it and the clause begins before the cue's own words (its
    subject included); else None."""
    root = cue.root
    head = root.head
    if root.dep_ not in _AROUND or head.i == root.i or not start <= head.i < end or start < cue.end:
        return None
    lo, hi = _trim(doc, head.left_edge.i, min(root.left_edge.i, cue.start))
    return (lo, hi) if lo < hi else None


_ANOTHER = frozenset({"conj", "relcl", "advcl", "appos", "parataxis"})  # a clause beside the content's own
_BESIDE_CUE = frozenset({"conj", "advcl", "parataxis"})  # a verb beside the cue: "praised X [and embraced Y]"


def cut_before_other(doc: Doc, start: int, end: int, own: Span | None, cues: Iterable[int]) -> int:
    """The end of the content [start, end), after its cue ``own``, moved before a clause at its
    tail that reports something else, which PARC gives an attribution of its own: a clause holding
    another cue, hanging from a word of the content as a conjunct, a relative or adverbial clause
    or an apposition ("criticized [Clinton's email use], which an FBI investigation said was ...",
    "said [they back the plan], while a third said ...") or from outside the content ("ask [a
    question about immigration] when Trump shot back that ..."); or a verb beside the content's own
    cue ("praised [X] and embraced Y"). ``cues``: token indices of the other cues (the tagger's and
    the rules'). The clause must run to the content's end and begin after its first word; the
    words before it that join it ("and", "while", a comma) go with it. Unchanged when nothing is
    cut, when there is no cue or the content comes before its cue ("[X, when officials showed him
    Y,] one source said": all of it is the source's), and for a nested attribution that is the
    content itself ("said [officials claimed X]")."""
    if own is None or own.start >= start:
        return end  # a content before its cue is all that comes before it, nested attributions too
    inside = range(own.start, own.end)
    found = [*cues, *(t.i for t in doc[start:end] if t.head.i in inside and t.dep_ in _BESIDE_CUE)]
    last = _trim(doc, start, end)[1]
    new_end = end
    for i in found:
        if not start < i < end or i in inside:
            continue
        unit = doc[i]  # up to the clause that holds the cue
        while unit.dep_ not in _ANOTHER and start <= unit.head.i < end and unit.head.i != unit.i:
            unit = unit.head
        outside = not start <= unit.head.i < end or unit.head.i == unit.i
        if not outside and (unit.dep_ not in _ANOTHER or unit.head.i in inside):
            continue
        left = unit.left_edge.i
        if left <= start or unit.right_edge.i + 1 < last:
            continue
        while left > start + 1 and (doc[left - 1].is_punct or doc[left - 1].dep_ in ("cc", "mark")):
            left -= 1
        new_end = min(new_end, left)
    if new_end == end:
        return end
    cut = _trim(doc, start, new_end)[1]
    return cut if cut > start else end

