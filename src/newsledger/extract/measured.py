"""What a measure, sum or percentage measures, where the rules of :mod:`newsledger.extract.counted` find
no noun (issue 18): helpers called by :func:`newsledger.extract.figures.extract_figures`.

* the object of a verb that acts on a level ("cut its key rate by 40 basis points to 3.1%",
  "lifted the fare for children by 10%"): the object is what changed, not the agent;
* the noun a figure modifies ("a £50 fine", "a US$3 million bond", "a 12-metre wide dish"), through
  an event noun to its compound or its "in" object ("a 0.75% rate hike" -> rate, "a 12% jump in
  cases" -> cases);
* a dimension: "2 m tall" -> height, "weighed 40 kg" -> weight (``data/measured.yaml``);
* the subject of a copula for a duration ("the warranty is five years");
* never an event noun ("increase", "announcement") or a unit: such a phrase is replaced by the above.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from spacy.tokens import Doc, Span, Token

from newsledger.data import load_yaml

MEASURED_FILE = "measured.yaml"


@dataclass(frozen=True)
class _Lexicon:
    dimension_adjectives: dict[str, str]
    dimension_verbs: dict[str, str]
    event_nouns: frozenset[str]
    event_objects: frozenset[str]
    postnominal: frozenset[str]
    phrase_breaks: frozenset[str]


@lru_cache(maxsize=1)
def lexicon() -> _Lexicon:
    from newsledger.extract.changes import _lexicon as change_lexicon

    raw: dict[str, Any] = load_yaml(MEASURED_FILE)
    nouns = {str(w).lower() for w in raw["event_nouns"]} | set(change_lexicon().nouns)
    return _Lexicon(
        dimension_adjectives={str(k): str(v) for k, v in raw["dimension_adjectives"].items()},
        dimension_verbs={str(k): str(v) for k, v in raw["dimension_verbs"].items()},
        event_nouns=frozenset(nouns),
        event_objects=frozenset(str(w).lower() for w in raw["event_objects"]),
        postnominal=frozenset(str(w).lower() for w in raw["postnominal"]),
        phrase_breaks=frozenset(str(w).lower() for w in raw["phrase_breaks"]),
    )


def is_event(tok: Token) -> bool:
    return tok.lemma_.lower() in lexicon().event_nouns or tok.lower_ in lexicon().event_nouns


def _phrase(tok: Token) -> list[Token]:
    """A noun with its compound and adjective modifiers, left of it, without numbers."""
    left = [
        t
        for t in tok.lefts
        if t.dep_ in ("amod", "compound", "nmod")
        and not t.like_num
        and t.pos_ != "NUM"
        and t.i == _next_left(tok, t)
    ]
    return [*left, tok]


def _next_left(tok: Token, mod: Token) -> int:
    """``mod.i`` when nothing but other modifiers stands between ``mod`` and ``tok``, else -1."""
    between = tok.doc[mod.i + 1 : tok.i]
    ok = all(t.dep_ in ("amod", "compound", "nmod", "punct", "hyph") or t.head.i != tok.i for t in between)
    return mod.i if ok and not any(t.is_punct and t.text not in ("-",) for t in between) else -1


def through_event(noun: Token, span: Span | None = None) -> list[Token]:
    """What an event noun is about: its "in"/"of"/"for" object ("a jump in cases", "a rise in the rate"),
    else its compound ("a rate hike"); else nothing. The figure itself (``span``) is passed over, with
    the prepositions hanging on it ("an increase of 0.5% in the rate")."""
    lex = lexicon()
    inside = (lambda t: span.start <= t.i < span.end) if span is not None else (lambda t: t.like_num)
    comp = [t for t in noun.lefts if t.dep_ == "compound" and t.pos_ == "NOUN" and not inside(t)]
    preps = [p for p in noun.rights if p.dep_ == "prep" and p.lower_ in lex.event_objects]
    if comp and not any(p.lower_ in ("for", "of") for p in preps):
        head = comp[-1]
        return [*[t for t in head.lefts if t.dep_ in ("compound", "amod") and not t.like_num], head]
    for prep in list(preps):
        for obj in prep.children:
            if obj.dep_ == "pobj" and inside(obj):
                preps += [p for p in obj.rights if p.dep_ == "prep" and p.lower_ in lex.event_objects]
    for prep in preps:
        for obj in prep.children:
            if obj.dep_ != "pobj" or obj.pos_ not in ("NOUN", "PROPN") or obj.like_num or inside(obj):
                continue
            if obj.ent_type_ in ("DATE", "TIME"):
                continue  # "a rise in June"
            return through_event(obj, span) if is_event(obj) else _phrase(obj)
    return []


def replace_event(counted: list[Token], span: Span | None = None) -> list[Token] | None:
    """``None`` when ``counted`` is fine; else what its event noun is about (maybe empty)."""
    if not counted:
        return None
    head = counted[-1]
    if head.pos_ in ("NOUN", "PROPN") and is_event(head):
        return through_event(head, span)
    return None


def changed_object(span: Span) -> list[Token]:
    """The object of a verb acting on a level, for a figure in its "by"/"to"/"from" phrase or its
    object: "cut rates by 40 basis points", "will lift the fare for children by 10%"."""
    from newsledger.extract.changes import _verb_direction

    root = span.root
    gov = root.head
    if root.dep_ == "pobj" and gov.lower_ == "of" and gov.head.dep_ == "pobj":
        root, gov = gov.head, gov.head.head  # "by an average of 8%"
    if root.dep_ == "pobj" and gov.lower_ in ("by", "to", "from"):
        gov = gov.head
    elif root.dep_ != "npadvmod":
        return []
    if gov.pos_ != "VERB" or _verb_direction(gov) is None:
        return []
    for child in gov.children:
        if child.dep_ == "dobj" and child.pos_ == "NOUN" and not (span.start <= child.i < span.end):
            if is_event(child):
                return through_event(child, span)
            return _phrase(child)
    return []


def _after_conversion(doc: Doc, span: Span) -> int | None:
    """The token after the figure and a conversion in brackets after it ("3 feet (0.9 m) tall"),
    or after the closing bracket of the conversion itself ("(0.9 m) tall"); None past 8 tokens."""
    j = span.end
    if j < len(doc) and doc[j].text == "(":
        close = next((k for k in range(j + 1, min(len(doc), j + 8)) if doc[k].text == ")"), None)
        return None if close is None else close + 1
    if j < len(doc) and doc[j].text == ")":
        return j + 1
    return j


def dimension_named(doc: Doc, span: Span) -> str | None:
    """A dimension written as "in length", "in weight" after the measure (past a conversion)."""
    lex = lexicon()
    j = _after_conversion(doc, span)
    names = set(lex.dimension_adjectives.values()) | set(lex.dimension_verbs.values())
    if j is not None and j + 1 < len(doc) and doc[j].lower_ == "in" and doc[j + 1].lower_ in names:
        return doc[j + 1].lower_
    return None


def dimension(doc: Doc, span: Span) -> tuple[list[Token], str | None]:
    """A dimension word after the figure ("2 m tall", "(0.9 m) tall"), or the noun after it ("a
    40-metre wide span"); or the dimension of a verb of measuring ("weighed 40 kg"). Returns the
    noun tokens, or a dimension name when the text writes none."""
    lex = lexicon()
    j = _after_conversion(doc, span)
    if j is None:
        return [], None
    if j < len(doc) and doc[j].lower_ in lex.dimension_adjectives:
        nxt = doc[j + 1] if j + 1 < len(doc) else None
        if nxt is not None and nxt.pos_ == "NOUN" and nxt.head.i != j:
            return _phrase(nxt)[-1:], None
        return [], lex.dimension_adjectives[doc[j].lower_]
    root = span.root
    verb = next((a for a in list(root.ancestors)[:2] if a.pos_ in ("VERB", "AUX")), None)
    if root.dep_ not in ("dobj", "npadvmod", "attr"):
        verb = None  # "weighed 95 kg", "weighed 95 kg before the fight" (the parse may hang it on "before")
    if verb is not None and verb.lemma_.lower() in lex.dimension_verbs and verb.pos_ == "VERB":
        return [], lex.dimension_verbs[verb.lemma_.lower()]
    return [], None


def modified_noun(span: Span) -> list[Token]:
    """The noun after a figure that the figure modifies ("a £50 fine", "US$3 million bond"), through an
    event noun ("a 0.75% rate hike" -> rate)."""
    root = span.root
    head = root.head
    if root.dep_ not in ("nummod", "compound", "amod", "nmod", "quantmod") or head.i < span.end:
        return []
    if head.pos_ != "NOUN" or any(t.is_punct for t in root.doc[span.end : head.i]):
        return []
    if is_event(head):
        return through_event(head, span)
    if head.i - span.end > 2:
        return []
    return [t for t in _phrase(head)[-2:] if not span.start <= t.i < span.end]


def duration_subject(span: Span) -> list[Token]:
    """The subject of a copula a duration completes ("the warranty is five years")."""
    root = span.root
    if root.dep_ != "attr" or root.head.lemma_ != "be":
        return []
    for child in root.head.children:
        if child.dep_ == "nsubj" and child.pos_ == "NOUN" and child.i < span.start:
            return _phrase(child)
    return []


def measure_noun(doc: Doc, whole: Span, kind: str, found: list[Token]) -> tuple[list[Token], str | None]:
    """What a measure, sum or percentage measures, given ``found`` (the rules of
    :func:`newsledger.extract.counted.measured_by_parse`): the object a verb acts on first, then
    ``found`` unless it is an event noun, then the noun the figure modifies, a dimension and the
    subject of a copula for a duration. Returns tokens, or a dimension name the text does not write."""
    obj = changed_object(whole)
    if obj:
        return obj, None
    named = dimension_named(doc, whole) if kind == "measure" else None
    if named is not None:
        return [], named
    swapped = replace_event(found, whole)
    if swapped is not None:
        found = swapped
    if found:
        return found, None
    mod = modified_noun(whole)
    if mod:
        return mod, None
    if kind == "measure":
        tokens, name = dimension(doc, whole)
        if tokens or name:
            return tokens, name
    if kind == "duration":
        return duration_subject(whole), None
    return [], None


def conversions(text: str, spans: list[tuple[int, int]]) -> list[int | None]:
    """For each figure, the figure it converts when it is written in brackets right after it ("12
    feet (3.7 m)", "120 mph (~190 km/h)"), else None: the conversion measures the same thing."""
    out: list[int | None] = [None]
    for k in range(1, len(spans)):
        between = text[spans[k - 1][1] : spans[k][0]]
        out.append(k - 1 if between.strip() == "(" else None)
    return out
