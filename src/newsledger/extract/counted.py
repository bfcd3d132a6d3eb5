"""What a figure counts: the noun phrase of a number expression (used by extract/figures.py).

``counted`` is the noun phrase the number counts, lower case, without determiners, possessives
or "more/another" (docs/eval.md). It is found, in this order:

1. right after the number: ``"134,500 conscripts"``, ``"more than 200,000 dead and wounded"``,
   across the stray full stop of translated pages (``"300 thousand. people"``) and across a
   count compound (``"a 1,200-strong battalion"``);
2. in ``"N of (the/her) NP"`` (``"11 of her 24 teachers"``); a pronoun there (``"a third of
   them"``, ``"19 of those"``) is resolved to the counted noun of the latest figure before it in
   the sentence or the one before, else to the nearest plural noun before it;
3. from the parse, for a number with no noun: the count noun construction (``"the number of
   mobilised reached 300,000"`` -> ``mobilised``, also ``"brings the number of X to N"``) and
   the subject of a change verb (``"Measles cases rose to 2,140"`` -> ``measles cases``);
4. by ellipsis from a figure of the same sentence (see :func:`elided_from`): ``"from 18 to 14"``,
   ``"up from 610"``, ``"including six"`` count what the figure they are compared with counts.

Money and measures take ``"of NP"`` right after them (across a closing quote mark), else nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from spacy.tokens import Doc, Span, Token

from newsledger.data import load_yaml
from newsledger.extract._doc import doc_text
from newsledger.extract.numbers import CUES_FILE, NumberExpr

_NOMINAL_POS = frozenset({"NOUN", "PROPN", "ADJ"})
_SKIP_ADJ = frozenset({"more", "other", "another", "further"})
_PRONOUNS = frozenset({"them", "those", "these", "which", "whom"})  # not "what": a free relative


@dataclass(frozen=True)
class Cues:
    months: frozenset[str]
    debris: frozenset[str]
    drop: frozenset[str]
    count_nouns: frozenset[str]
    change_verbs: frozenset[str]
    not_counted: frozenset[str]
    fixed_of: frozenset[str]
    of_units: frozenset[str]  # "234 km2 of farmland": the unit's "of" phrase is what is counted
    ellipsis_before: frozenset[str]  # "up from 400,000": the counted noun is elided after these


@lru_cache(maxsize=1)
def cues() -> Cues:
    raw: dict[str, Any] = load_yaml(CUES_FILE)
    return Cues(
        months=frozenset(str(m).lower() for m in raw["months"]),
        debris=frozenset(str(m).lower() for m in raw["debris_counted"]),
        drop=frozenset(str(m).lower() for m in raw["counted_drop"]),
        count_nouns=frozenset(str(m).lower() for m in raw["count_nouns"]),
        change_verbs=frozenset(str(m).lower() for m in raw["change_verbs"]),
        not_counted=frozenset(str(m).lower() for m in raw["not_antecedents"]),
        fixed_of=frozenset(str(m).lower() for m in raw["fixed_of_phrases"]),
        of_units=frozenset(str(m) for m in raw["of_units"]),
        ellipsis_before=frozenset(str(m).lower() for m in raw["ellipsis_before"]),
    )


def nominal(tok: Token) -> bool:
    """A word that can be (part of) what a number counts."""
    if tok.is_punct or tok.like_num or (tok.is_stop and tok.lower_ != "dead"):
        return False
    if tok.pos_ in _NOMINAL_POS:
        return True
    return tok.tag_ == "VBN"  # "mobilised", "wounded"


def _conjoined(doc: Doc, j: int, limit: int, out: list[Token]) -> bool:
    """Whether the "and"/"or" at ``j`` joins another counted word to ``out``."""
    if j + 1 >= limit:
        return False
    nxt = doc[j + 1]
    if all(t.pos_ != "NOUN" for t in out):
        # "dead and wounded", "killed or injured"; the tagger often reads the second
        # participle as a finite verb, which is fine when no object follows it.
        if nominal(nxt):
            return True
        after = doc[j + 2] if j + 2 < limit else None
        return nxt.tag_ in ("VBD", "VBN") and (
            after is None or after.is_punct or after.pos_ in ("ADP", "CCONJ")
        )
    if not nominal(nxt):
        return False
    heads = {t.i for t in out}
    return any(t.dep_ == "conj" and t.head.i in heads for t in doc[j + 1 : min(limit, j + 4)])


def phrase_after(doc: Doc, i: int, limit: int) -> list[Token]:
    """The nominal phrase starting at token ``i`` ("contract soldiers", "dead and wounded")."""
    out: list[Token] = []
    seen_noun = False
    j = i
    while j < limit:
        tok = doc[j]
        if not out and tok.lower_ in _SKIP_ADJ:
            j += 1
        elif tok.tag_ == "POS" and out:  # "Ukraine's territory": the owner is not counted
            out, seen_noun = [], False
            j += 1
        elif nominal(tok) or (
            tok.tag_ in ("VBD", "VBG") and not out and j + 1 < limit and doc[j + 1].pos_ == "NOUN"
        ):
            # "three intercepted calls": the tagger reads the participle as a finite verb
            if seen_noun and tok.pos_ not in ("NOUN", "PROPN"):
                break  # "sources close to ...": the phrase ended on its noun
            out.append(tok)
            seen_noun = seen_noun or tok.pos_ in ("NOUN", "PROPN")
            j += 1
        elif tok.lower_ in ("and", "or") and out and _conjoined(doc, j, limit, out):
            out.append(tok)
            seen_noun = False
            j += 1
            if not nominal(doc[j]):  # the participle read as a verb: "dead and wounded"
                out.append(doc[j])
                j += 1
        elif tok.lower_ == "of" and seen_noun and j + 1 < limit and _fixed_of(doc, j):
            out.append(tok)  # "prisoners of war": a fixed name
            j += 1
        else:
            break
    while out and (out[-1].lower_ in ("and", "or", "of") or out[-1].tag_ in ("JJR", "JJS")):
        out.pop()
    return out


def _fixed_of(doc: Doc, j: int) -> bool:
    """Whether the "of" at ``j`` is inside a fixed name such as "prisoners of war"."""
    words = f"{doc[j - 1].lower_} of {doc[j + 1].lower_}"
    return words in cues().fixed_of


def normalise(tokens: list[Token]) -> str | None:
    """The counted phrase as a string: lower case, determiners and fillers dropped."""
    drop = cues().drop
    words = [t.lower_ for t in tokens if t.lower_ not in drop or (t.lower_ == "of" and t.i != tokens[0].i)]
    text = " ".join(w for w in words if w.strip(".,;:!?")).strip()
    return text or None


def after_tokens(doc: Doc, end_char: int) -> int:
    """Index of the first token at or after ``end_char``."""
    span = doc.char_span(end_char, len(doc_text(doc)), alignment_mode="contract")
    if span is not None:
        return int(span.start)
    for tok in doc:  # pragma: no cover - only when no whole token follows
        if tok.idx >= end_char:
            return int(tok.i)
    return len(doc)


def counted_adjacent(doc: Doc, expr: NumberExpr, sent: Span) -> tuple[list[Token], bool]:
    """Counted phrase written right after the expression, or after "of (det)".

    The flag says that the phrase is a pronoun ("two of them") whose antecedent is wanted.
    """
    i = after_tokens(doc, expr.end)
    limit = sent.end
    if i >= limit:
        return [], False
    tok = doc[i]
    # "300 thousand. people": translated pages leave a full stop between number and noun.
    if tok.text == "." and i + 1 < len(doc) and doc[i + 1].is_lower and nominal(doc[i + 1]):
        return phrase_after(doc, i + 1, min(len(doc), i + 8)), False
    # "a 1,200-strong battalion": the compound states the count of the noun after it.
    if tok.text == "-" and i + 2 < limit and doc[i + 1].lower_ == "strong":
        return phrase_after(doc, i + 2, limit), False
    if expr.kind == "count":
        phrase = phrase_after(doc, i, limit)
        if phrase:
            return phrase, False
    of_ok = expr.kind in ("count", "percent", "money") or expr.unit in cues().of_units
    if tok.is_punct and tok.is_quote and i + 1 < limit:  # “less than 1 percent” of the budget
        i += 1
        tok = doc[i]
    if tok.lower_ == "of" and of_ok:
        j = i + 1
        while j < limit and (
            (doc[j].pos_ == "DET" and doc[j].lower_ not in _PRONOUNS)
            or doc[j].tag_ == "PRP$"
            or doc[j].like_num
        ):
            j += 1
        if j < limit and (doc[j].pos_ == "PRON" or doc[j].lower_ in _PRONOUNS):
            # "two of them": what is counted is the antecedent
            return [], tok.lower_ == "of" and doc[j].lower_ in _PRONOUNS
        return phrase_after(doc, j, limit), False
    return [], False


def _noun_phrase(tok: Token) -> list[Token]:
    """A noun with its compound and adjective modifiers ("measles cases", "contract soldiers")."""
    left = [t for t in tok.lefts if t.dep_ in ("amod", "compound", "nmod") and not t.like_num]
    return [*left, tok]


def _of_object(noun: Token) -> list[Token]:
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            objs = [c for c in prep.children if c.dep_ == "pobj"]
            if objs:
                return _noun_phrase(objs[0])
    return []


def counted_by_parse(doc: Doc, span: Span) -> list[Token]:
    """ "the number of mobilised reached 300,000" -> mobilised; "Measles cases rose to 2,140"."""
    root = span.root
    head = root.head
    while root.dep_ == "pobj" and head.pos_ == "ADP" and head.head.i != head.i:
        head = head.head
        if head.pos_ not in ("ADP",) or head.dep_ != "prep":
            break
    if head.pos_ not in ("VERB", "AUX"):
        return []
    c = cues()
    for child in head.children:
        if child.dep_ not in ("nsubj", "nsubjpass", "dobj") or (child.i >= root.i and child.dep_ != "dobj"):
            continue
        if child.lemma_.lower() in c.count_nouns:
            of = _of_object(child)
            if of:
                return of
            mods = [t for t in child.lefts if t.dep_ == "compound"]
            if mods:  # "the death toll"
                return [*mods, child]
            continue
        if (
            head.lemma_.lower() in c.change_verbs
            and child.dep_ in ("nsubj", "nsubjpass")
            and child.pos_ == "NOUN"
            and child.tag_ == "NNS"
            and root.dep_ == "pobj"
        ):
            return _noun_phrase(child)  # "Measles cases rose to 2,140"
    if head.dep_ == "acl" and head.head.lemma_.lower() in c.count_nouns:
        return _of_object(head.head)  # "brings the number of X freed from captivity to N"
    return []


def antecedent(doc: Doc, i: int, earlier: list[tuple[int, list[Token]]]) -> list[Token]:
    """What "them/those" refers to before token ``i``: the latest counted figure, else a plural noun.

    ``earlier`` holds (token index, counted tokens) of the figures found so far. The search
    covers the sentence of ``i`` and the one before it.
    """
    sent = doc[i].sent
    first = doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
    for idx, counted in reversed(earlier):
        if first <= idx < i and counted and counted[-1].tag_ in ("NNS", "NNPS"):
            return counted
    skip = cues().not_counted
    for j in range(i - 1, first - 1, -1):
        tok = doc[j]
        plural = tok.tag_ in ("NNS", "NNPS") and tok.dep_ != "compound"
        if plural and tok.lemma_.lower() not in skip and tok.lower_ not in skip:
            return _noun_phrase(tok)
    return []


Earlier = list[tuple[int, list[Token], str | None, str]]  # (token index, counted, unit, kind)


def elided_from(doc: Doc, span: Span, earlier: Earlier) -> tuple[list[Token], str | None, str] | None:
    """Counted noun and unit of the figure an elliptic number is compared with, or None.

    ``"from 18 to 14"``, ``"up from 610"``, ``"than 40"``: the latest figure before it in the
    sentence. ``"including six"``: the noun (or the verb's object) "including" hangs on.
    ``earlier`` holds (token index, counted tokens, unit, kind) of the figures found so far; the
    unit is inherited only from money ("1.2 million roubles, up from 400,000").
    """
    i = span.start
    while i > span.sent.start and (
        (doc[i - 1].pos_ in ("ADV", "ADJ") and doc[i - 1].lower_ not in cues().ellipsis_before)
        or doc[i - 1].lower_ in ("least", "most", "as", "some", "about", "around", "nearly")
    ):
        i -= 1  # skip cue words: "up from about 610"
    if i <= span.sent.start:
        return None
    prev = doc[i - 1]
    if prev.lower_ not in cues().ellipsis_before:
        return None
    if prev.lower_ == "including":
        host = prev.head
        if host.pos_ in ("VERB", "AUX"):
            objs = [c for c in host.children if c.dep_ in ("dobj", "nsubjpass")]
            host = objs[0] if objs else host
        if host.pos_ == "NOUN" and host.tag_ in ("NNS", "NNPS"):
            return _noun_phrase(host), None, "count"
    for idx, counted, unit, kind in reversed(earlier):
        if span.sent.start <= idx < span.start and (counted or kind == "money"):
            return counted, (unit if kind == "money" else None), (kind if kind == "money" else "count")
    return None
