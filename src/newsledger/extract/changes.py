"""Changes: whether a figure states how much something moved, and which way (``Figure.change``/``delta``).

Read from the parse around the figure, with the words of ``data/changes.yaml``:

* the amount of a change (``delta``): the object of a change verb ("rose 0.3%", "fell 4.2 percent"),
  its "by" phrase ("dropped by 14 percent"), the "of" phrase or the number modifier of a change noun
  ("an increase of 5%", "a 12% drop"), a figure after an adverb of direction ("up 19 cents", "down
  2.1%") or before "higher"/"lower" ("closed 2% higher");
* the level a change reached (direction only): the "to" phrase of a change verb or noun ("rose to
  5.2%", "doubling to 256GB", "an increase to $12");
* verbs such as *lose*, *gain*, *cut*, *raise* state a change only of a percentage, points or a price
  ("lost 3%", "gained 120 points"); "lost 300 jobs" and "raised $5 million" are counts and sums.

The old side of a change ("from 252 miles") is ``prior`` (extract/context.py), not a change.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from spacy.tokens import Doc, Span, Token

from newsledger.data import load_yaml

CHANGES_FILE = "changes.yaml"
_OBJECT_DEPS = ("dobj", "npadvmod", "advmod", "attr", "oprd", "nummod", "appos")


@dataclass(frozen=True)
class _Lexicon:
    verbs: dict[str, str]  # lemma (or "lemma particle") -> up | down
    nouns: dict[str, str]
    adverbs_before: dict[str, str]
    adverbs_after: dict[str, str]
    measure_only: frozenset[str]
    measure_units: frozenset[str]  # units a "measure only" verb moves by (points, cents)
    multipliers: frozenset[str]  # "doubling to 256GB": the level after "to"
    particle_verbs: frozenset[str]  # "was down", "closed up": "up"/"down" as their particle is a direction
    increments: frozenset[str]  # "an additional 66 seats", "1,200 more troops": an amount of rise


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    raw: dict[str, Any] = load_yaml(CHANGES_FILE)

    def table(up: str, down: str) -> dict[str, str]:
        out = {str(w).lower(): "up" for w in raw.get(up, [])}
        out.update({str(w).lower(): "down" for w in raw.get(down, [])})
        return out

    adverbs = table("up_adverbs", "down_adverbs")
    return _Lexicon(
        verbs=table("up_verbs", "down_verbs"),
        nouns=table("up_nouns", "down_nouns"),
        adverbs_before=adverbs,
        adverbs_after={w: d for w, d in adverbs.items() if w not in ("up", "down")},
        measure_only=frozenset(str(w).lower() for w in raw.get("measure_only_verbs", [])),
        measure_units=frozenset(str(w) for w in raw.get("measure_units", [])),
        multipliers=frozenset(str(w).lower() for w in raw.get("multiplier_verbs", [])),
        particle_verbs=frozenset(str(w).lower() for w in raw.get("direction_particle_verbs", [])),
        increments=frozenset(str(w).lower() for w in raw.get("increment_before", [])),
    )


def _verb_direction(tok: Token) -> tuple[str, str] | None:
    """(direction, lemma) of a change verb ("rose", "went up", "doubling"), else None."""
    if tok.pos_ not in ("VERB", "AUX") and tok.tag_ not in ("VBG", "VBN", "VBD", "VBZ", "VBP", "VB"):
        return None
    lex = _lexicon()
    lemma = tok.lemma_.lower()
    prt = next((c.lower_ for c in tok.children if c.dep_ == "prt"), None)
    if prt is not None and f"{lemma} {prt}" in lex.verbs:
        return lex.verbs[f"{lemma} {prt}"], f"{lemma} {prt}"
    if lemma in lex.verbs:
        return lex.verbs[lemma], lemma
    return None


def is_change_verb(tok: Token) -> bool:
    """A verb of change whose subject is what changes ("prices rose"), not one that acts on something
    ("cut 40 posts", "raised $5 million")."""
    found = _verb_direction(tok)
    return found is not None and found[1] not in _lexicon().measure_only


def _noun_direction(tok: Token) -> str | None:
    if tok.pos_ not in ("NOUN", "PROPN"):
        return None
    return _lexicon().nouns.get(tok.lemma_.lower())


def _measured(unit: str | None, kind: str) -> bool:
    """A percentage, points or a price step: what "lost"/"gained" can move by."""
    return kind == "percent" or (unit is not None and unit.split(" per ")[0] in _lexicon().measure_units)


def _adverb(doc: Doc, span: Span) -> str | None:
    """ "up 19 cents", "down by 2.1%", "closed 2% higher"."""
    lex = _lexicon()
    i = span.start - 1
    if i >= 0 and doc[i].lower_ == "by":
        i -= 1
    if i >= 0 and doc[i].lower_ in lex.adverbs_before and not doc[i].is_sent_start:
        tok = doc[i]
        if tok.dep_ != "prt" or tok.head.lemma_.lower() in lex.particle_verbs:
            return lex.adverbs_before[tok.lower_]
    if span.end < len(doc) and doc[span.end].lower_ in lex.adverbs_after:
        return lex.adverbs_after[doc[span.end].lower_]
    before = doc[span.start - 1] if span.start > 0 else None
    after = doc[span.end] if span.end < len(doc) else None
    more_after = after is not None and after.lower_ == "more" and after.i + 1 < len(doc)
    if (before is not None and before.lower_ in lex.increments and before.lower_ != "more") or (
        more_after and after is not None and after.nbor(1).pos_ == "NOUN"
    ):
        return "up"  # "an additional 66 seats", "1,200 more troops"
    return None


def change_of(doc: Doc, start: int, end: int, unit: str | None, kind: str) -> tuple[str | None, bool]:
    """(direction, delta) of the figure at ``start:end`` (the whole expression, cue and unit included)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None, False
    adverb = _adverb(doc, span)
    if adverb is not None:
        return adverb, True
    root = span.root
    head = root.head
    if root.dep_ in ("compound", "nummod", "amod", "nmod", "quantmod") and head.i >= span.end:
        noun = _noun_direction(head)  # "a 12% drop"
        if noun is not None:
            return noun, True
        if root.dep_ == "nummod" and head.pos_ == "NOUN":
            root, head = head, head.head  # "added 200,000 jobs": the counted noun is the object
    if root.dep_ == "pobj":
        prep = head.lower_
        gov = head.head
        if (
            prep == "of"
            and gov.dep_ == "pobj"
            and gov.head.lower_ in ("by", "to")
            and not _noun_direction(gov)
        ):
            prep, gov = gov.head.lower_, gov.head.head  # "by an average of 8%": the "by" phrase's amount
        for _ in range(3):  # "rose 12% to $4.6 billion", "grew from 252 miles to 287 miles"
            if gov.pos_ not in ("NOUN", "NUM", "SYM", "ADP") or gov.i >= span.start or _noun_direction(gov):
                break
            gov = gov.head
        verb = _verb_direction(gov)
        noun = _noun_direction(gov)
        if (
            prep == "by"
            and verb is not None
            and (verb[1] not in _lexicon().measure_only or _measured(unit, kind))
        ):
            return verb[0], True
        if prep in ("of", "by") and noun is not None:
            return noun, True  # "an increase of 5%", "an increase by 40 basis points"
        if prep == "to" and (verb is not None or noun is not None):
            return (verb[0] if verb is not None else noun), False
        return None, False
    if root.dep_ in _OBJECT_DEPS:
        verb = _verb_direction(head)
        if verb is not None and (verb[1] not in _lexicon().measure_only or _measured(unit, kind)):
            if verb[1] in _lexicon().multipliers:
                return None, False  # "doubling its 128GB": the old level; the new one follows "to"
            return verb[0], True
    return None, False


def coordinated_change(
    doc: Doc, spans: list[tuple[int, int]], changes: list[tuple[str | None, bool]]
) -> None:
    """Give an amount coordinated with a changed one the same change, in place ("an extra €120 and
    €95", "rose by 4% for adults and 6% for children"): a figure with no change whose root is a
    conjunct of (or shares its head with) the previous figure's root, with only "and"/"or"/","
    and the previous figure's own prepositional words between them."""
    for k in range(1, len(spans)):
        if changes[k][0] is not None or changes[k - 1][0] is None:
            continue
        prev = doc.char_span(*spans[k - 1], alignment_mode="expand")
        cur = doc.char_span(*spans[k], alignment_mode="expand")
        if prev is None or cur is None or len(prev) == 0 or len(cur) == 0 or prev.sent != cur.sent:
            continue
        between = doc[prev.end : cur.start]
        if not any(t.lower_ in ("and", "or") for t in between) or any(
            t.pos_ in ("VERB", "AUX") or t.lower_ in (";", "but", "while") for t in between
        ):
            continue
        root = cur.root
        # the amount is a conjunct of the changed figure or of a word of its phrase ("4% for adults
        # and 6% for children": the parse may hang "6%" on "adults")
        governors = {a.i for a in list(prev.root.ancestors)[:3]}  # "rose by 4% ... and 6%": gapped verb
        if root.dep_ == "conj" and (prev.start <= root.head.i < cur.start or root.head.i in governors):
            changes[k] = changes[k - 1]
