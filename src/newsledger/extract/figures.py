"""Figures extractor: one ledger row per reported quantity.

``"more than 200,000 dead and wounded, according to Western figures"`` becomes one
:class:`~newsledger.contract.Figure`: ``text="more than 200,000"``, value 200000,
approx ``more_than`` (low 200000), counted ``"dead and wounded"``, category
``casualties``, and ``claim`` = the id of the claim of its sentence, whose sources
carry the attribution chain.

How it works
    1. :func:`newsledger.extract.numbers.find_numbers` finds number expressions in
       ``doc.text`` (cue + currency + number + range + unit; values, bounds and
       approx are documented there). It is regex-based so that it is testable without
       a model and does not depend on the small model's NER, which misses and
       mislabels many numbers.
    2. :mod:`newsledger.extract.counted` finds what each number counts; the parse and NER
       drop what is not a figure (below).
    3. Category comes from a domain profile (``data/profiles/<name>.yaml``, see
       :func:`categorize`).
    4. :mod:`newsledger.extract.periods` finds the calendar expression that sets the time of
       the figure in its clause.
    5. :mod:`newsledger.extract.context` reads the words around it that reconciliation needs
       (rate, outcome, role, floor, prior, hypothetical, period bounds) and stores them on it.

What is not a figure (dropped; docs/eval.md "Not figures")
    Ordinals, dates, years and times, labels (``Decree No. 647``, ``Boeing 737``, ``iPhone 11``,
    ``S&P 500``, ``row 14``), numeric compound
    modifiers (``150-seat``), multipliers (``four times``), fractions of an earlier figure
    (``half of that``), phone numbers, counters of page debris (``Share 37``, ``0 I like it``),
    and numbers that describe the sourcing: a count of people who are the source of the report
    (``citing three officials``, ``two people familiar with the matter said``, ``according to
    two sources``). **Small spelled numbers are kept only when a counted noun follows** (or an
    ellipsis or pronoun names it): ``"two border towns"``, ``"a dozen prisoners"`` are figures;
    ``"the two"`` is not. Spelled *one* counts only the noun right after it (``"one MRI scanner"``),
    never "one of", "one day" or the source of a report ("one official said").

Ages are figures (CQE): ``aged 34``, ``a 34-year-old``, ``Brecker, 62,``, ``children under five`` are
years (unit ``year``) with counted ``age``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from newsledger.config import settings
from newsledger.contract import Figure
from newsledger.data import data_path, load_lines, load_yaml
from newsledger.errors import NewsledgerError
from newsledger.extract._doc import claim_for_span, doc_text, ensure_extensions, version_tag
from newsledger.extract.changes import change_of, coordinated_change, is_change_verb
from newsledger.extract.context import with_context
from newsledger.extract.counted import (
    Earlier,
    antecedent,
    counted_adjacent,
    counted_by_parse,
    cues,
    elided_from,
    measured_by_parse,
    normalise,
)
from newsledger.extract.measured import conversions, measure_noun
from newsledger.extract.numbers import CUES_FILE, NumberExpr, find_numbers
from newsledger.extract.periods import date_phrases, find_period
from newsledger.extract.tokenview import token_view

NAME = "newsledger.figures"
VERSION = "1.0.0"
TAG = version_tag(NAME, VERSION)

DEFAULT_PROFILE = "general"
PROFILE_ENV = "NEWSLEDGER_PROFILE"

_WEEKDAYS = re.compile(r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")


# --------------------------------------------------------------------------- profiles


@dataclass(frozen=True)
class Profile:
    """A domain profile: category word lists loaded from ``data/profiles/<name>.yaml``."""

    name: str
    categories: tuple[tuple[str, frozenset[str], frozenset[str]], ...]  # (name, counted words, units)
    money: str
    persons: frozenset[str]
    personnel: frozenset[str]
    places: frozenset[str]
    modifiers: tuple[tuple[str, frozenset[str]], ...]
    context: tuple[tuple[str, frozenset[str]], ...]
    duration_context: frozenset[str]
    # category -> (verbs taking only people, verbs that also move things, destinations for those)
    object_counts: tuple[tuple[str, frozenset[str], frozenset[str], frozenset[str]], ...] = ()


def load_profile(name: str | None = None) -> Profile:
    """The profile ``name``, else the one in the settings (``Settings.profile``)."""
    return _load_profile(name or settings().profile)


def _words(raw: Any) -> frozenset[str]:
    return frozenset(str(w).lower() for w in (raw or []))


@cache
def _load_profile(name: str) -> Profile:
    if not re.fullmatch(r"[A-Za-z0-9_-]+", name) or not data_path(f"profiles/{name}.yaml").is_file():
        known = sorted(p.stem for p in data_path("profiles").glob("*.yaml"))
        raise NewsledgerError(
            f"unknown figures profile {name!r}", hint=f"Use one of {', '.join(known)} (set {PROFILE_ENV})."
        )
    raw: dict[str, Any] = load_yaml(f"profiles/{name}.yaml")
    categories = tuple(
        (str(c["name"]), _words(c.get("counted")), frozenset(str(u) for u in c.get("units", [])))
        for c in raw.get("categories", [])
    )
    return Profile(
        name=str(raw.get("name", name)),
        categories=categories,
        money=str(raw.get("money_category", "money")),
        persons=_words(raw.get("persons")),
        personnel=_words(raw.get("personnel")),
        places=_words(raw.get("places")),
        modifiers=tuple((str(k), _words(v)) for k, v in (raw.get("modifiers") or {}).items()),
        context=tuple((str(k), _words(v)) for k, v in (raw.get("context") or {}).items()),
        duration_context=_words(raw.get("duration_context")),
        object_counts=tuple(
            (str(k), _words(v.get("strict")), _words(v.get("moved")), _words(v.get("destinations")))
            for k, v in (raw.get("object_counts") or {}).items()
        ),
    )


@cache
def _prepositions(key: str) -> frozenset[str]:
    """``spatial`` or ``locative`` prepositions from ``data/figure_cues.yaml``."""
    return frozenset(str(w).lower() for w in load_yaml(CUES_FILE)[key])


def _head_index(words: list[str]) -> int:
    """Index of the head noun of a counted phrase: the last word before "of", else the last word."""
    return words.index("of") - 1 if "of" in words[1:] else len(words) - 1


def _head_hit(words: list[str], phrases: frozenset[str]) -> str | None:
    """The longest entry of ``phrases`` that ends at the head noun of ``words``."""
    if not words:
        return None
    h = _head_index(words)
    for n in (4, 3, 2, 1):
        if h - n + 1 < 0:
            continue
        cand = " ".join(words[h - n + 1 : h + 1])
        if cand in phrases:
            return cand
    whole = " ".join(words)
    return whole if whole in phrases else None


def categorize(
    counted_words: list[str], unit_kind: str, unit: str | None, context: set[str], profile: Profile
) -> str:
    """Category of a figure from its counted words, unit and the lemmas of its clause.

    1. Money units give the money category.
    2. The longest profile entry that ends at the head noun of the counted phrase
       (``"storage tanks"`` beats ``"tanks"``; ``"body weight"`` is not ``body``).
    3. A modifier that names a state (``"wounded soldiers"`` -> casualties).
    4. Person nouns (``soldiers``, ``men``, ``civilians``) take the category of their clause:
       ``killed`` -> casualties, ``freed`` -> prisoners, ``sent``/``called up`` -> recruitment
       (recruitment only for personnel nouns). Place nouns (``villages``, ``outposts``) are
       territory only when taken, held or lost.
    5. Durations take a recruitment context (``"signed up for another six months"``).
    6. Area units give territory; everything else is ``other``.
    """
    if unit_kind == "money":
        return profile.money
    best: tuple[int, str, str] | None = None
    for name, words, _units in profile.categories:
        hit = _head_hit(counted_words, words)
        if hit is not None and (best is None or len(hit.split()) > best[0]):
            best = (len(hit.split()), name, hit)
    person = _head_hit(counted_words, profile.persons)
    if best is not None and best[2] not in profile.persons:
        return best[1]
    head = counted_words[_head_index(counted_words)] if counted_words else ""
    for name, words in profile.modifiers:
        if any(w in words for w in counted_words[: _head_index(counted_words)]):
            return name
    if person is not None:
        for name, lemmas in profile.context:
            if name == "territory" or (name == "recruitment" and person not in profile.personnel):
                continue
            if context & lemmas:
                return name
        return best[1] if best is not None else "other"
    if head in profile.places or _head_hit(counted_words, profile.places):
        lemmas = dict(profile.context).get("territory", frozenset())
        return "territory" if context & lemmas else "other"
    if unit_kind == "duration":
        for name, lemmas in profile.context:
            if name in profile.duration_context and context & lemmas:
                return name
    for name, _counted, units in profile.categories:
        if unit is not None and unit in units:
            return name
    return "other"


# --------------------------------------------------------------------------- filters


@dataclass(frozen=True)
class _Filters:
    source_nouns: frozenset[str]
    source_preps: frozenset[str]
    reporting: frozenset[str]
    age_groups: frozenset[str]
    one_not: frozenset[str]  # nouns after "one" that make it a determiner ("one day")


@lru_cache(maxsize=1)
def _filters() -> _Filters:
    raw: dict[str, Any] = load_yaml(CUES_FILE)
    return _Filters(
        source_nouns=_words(raw["source_nouns"]),
        source_preps=_words(raw["source_frames"]),
        reporting=frozenset(w.lower() for w in load_lines("reporting_verbs.txt"))
        | _words(raw["source_verbs"]),
        age_groups=_words(raw["age_groups"]),
        one_not=_words(raw["one_not_before"]),
    )


def _without_participle(counted: list[Token]) -> list[Token]:
    """The counted phrase without a closing participle ("officials involved" -> "officials")."""
    if len(counted) > 1 and counted[-1].tag_ == "VBN" and counted[-2].pos_ in ("NOUN", "PROPN"):
        return counted[:-1]
    return counted


def _is_sourcing(counted: list[Token], span: Span) -> bool:
    """A count of the people a report comes from ("citing three officials", "two sources said")."""
    if not counted:
        return False
    f = _filters()
    head = _without_participle(counted)[-1]
    if head.lemma_.lower() not in f.source_nouns and head.lower_ not in f.source_nouns:
        return False
    starts = token_view(span.doc).sent_start
    if starts[head.i] != starts[span.start]:  # head.sent.start != span.sent.start
        return False  # "300 thousand. people ... writes the newspaper": a broken page, not a source
    if any(c.lower_ == "familiar" or c.lemma_.lower() == "knowledge" for c in head.subtree):
        return True  # "people familiar with the matter", "officials with knowledge of"
    gov = head.head
    if head.dep_ == "pobj":
        if gov.lower_ in f.source_preps or f"{gov.head.lower_} {gov.lower_}" in f.source_preps:
            return True  # "according to two sources", "with reference to two sources"
        gov = gov.head
    if head.dep_ in ("dobj", "pobj") and gov.lemma_.lower() in ("cite", "quote"):
        return True
    return head.dep_ == "nsubj" and gov.lemma_.lower() in f.reporting


def _is_age(doc: Doc, span: Span, expr: NumberExpr, counted: list[Token]) -> bool:
    """ "Tomas Brecker, 62, said", "children under five": an age, not a count."""
    if counted or expr.unit is not None or expr.value is None or not 0 < expr.value < 120:
        return False
    if expr.approx == "exact" and span.start >= 2 and span.end < len(doc):
        before, after = doc[span.start - 1], doc[span.end]
        if before.text == "," and doc[span.start - 2].pos_ == "PROPN" and after.text in (",", ".", ")", ";"):
            return True
    words = doc_text(doc)[max(0, expr.start - 30) : expr.start].lower().split()
    return expr.approx != "exact" and len(words) >= 1 and words[-1] in _filters().age_groups


def _line_bounds(text: str, start: int) -> tuple[int, int]:
    a = text.rfind("\n", 0, start) + 1
    b = text.find("\n", start)
    return a, (len(text) if b < 0 else b)


def _is_date_part(doc: Doc, span: Span, expr: NumberExpr, date_ents: list[Span]) -> bool:
    """A day of the month, a year or a number inside a calendar date."""
    months = cues().months
    for nb in (span.start - 1, span.end):
        if 0 <= nb < len(doc):
            tok = doc[nb]
            if tok.lower_ in months and tok.text[:1].isupper():
                return True
    if expr.kind == "duration":
        return False
    for ent in date_ents:
        if ent.start_char <= expr.num_start and expr.num_end <= ent.end_char:
            words = {t.lower_ for t in ent}
            if words & months or _WEEKDAYS.search(ent.text) or _YEAR.search(ent.text):
                return True
    return False


def _keep(doc: Doc, expr: NumberExpr, span: Span, counted: list[Token], date_ents: list[Span]) -> bool:
    """Whether a number expression is a reported quantity (see the module docstring)."""
    if expr.reject is not None:
        return False
    if _is_date_part(doc, span, expr, date_ents):
        return False
    if expr.year_like and not (counted and counted[-1].tag_ == "NNS"):
        return False
    has_cue = expr.approx != "exact" or expr.unit is not None
    if expr.spelled and expr.value == 1 and expr.approx == "exact" and expr.unit is None:
        # "one MRI scanner" counts; "one of the", "one day", "one can" do not
        f = _filters()
        if not counted or counted[0].i != span.end or counted[-1].lower_ in f.one_not | f.source_nouns:
            return False
        head = counted[-1]
        if head.dep_ == "nsubj" and head.head.lemma_.lower() in f.reporting:
            return False  # "One Millbrook mother said ...": the source of a report
    if expr.approx == "vague" and not counted:
        return False  # "hundreds" with nothing counted
    if expr.spelled and expr.approx == "exact" and expr.unit is None and not counted:
        return False  # "the two"; but "about a dozen or so left" is kept
    if expr.value == 0 and expr.unit is None:
        return False
    if _is_sourcing(counted, span):
        return False
    # Counters and page debris: a number on a short line ("0 I like it", "212 comments", "Share 37").
    a, b = _line_bounds(doc_text(doc), expr.start)
    line = doc_text(doc)[a:b]
    debris = cues().debris
    if not doc_text(doc)[a : expr.start].strip() and len(line.split()) <= 6:
        words = normalise(counted) or ""
        if not counted or words in debris or (not has_cue and len(line.split()) <= 4):
            return False
    if counted and normalise(counted) in debris and len(line.split()) <= 8:
        return False
    rest = re.sub(r"[^\w\s]|\d", " ", line.replace(expr.text, " ")).lower().split()
    if len(line.split()) <= 3 and rest and all(w in debris for w in rest):
        return False
    # "Boeing 737", "Channel 4": a bare number right after a proper name.
    if not has_cue and not counted and span.start > 0:
        prev = doc[span.start - 1]
        if prev.pos_ == "PROPN" and not prev.is_sent_start:
            return False
    return not _name_number(doc, expr, span, has_cue)


def _name_number(doc: Doc, expr: NumberExpr, span: Span, has_cue: bool) -> bool:
    """A number that ends a capitalised name ("a Vega 2 launcher", "the Baltic Link 2 cable",
    "a Division 3 match"): bare digits, no unit or cue, after a capitalised word inside the sentence
    that is not a date, and not followed by a plural noun (a count of things follows its name as a
    plural: "Alpine 300 skiers" is rare, "Russia's 300 tanks" has a possessive)."""
    if has_cue or expr.unit is not None or span.start == 0 or not expr.text.isdigit():
        return False
    prev = doc[span.start - 1]
    if prev.is_sent_start or not (prev.is_title or prev.is_upper) or prev.ent_type_ in ("DATE", "TIME"):
        return False
    if prev.pos_ not in ("PROPN", "NOUN") or prev.like_num:
        return False
    nxt = doc[span.end] if span.end < len(doc) else None
    return nxt is None or nxt.tag_ != "NNS"


def _context(span: Span, counted: list[Token]) -> set[str]:
    """Lemmas that decide the category of a person count: the figure's clause and the counted noun.

    The head chain of the number, the modifiers of the counted noun and, for each verb on the
    chain, its subject's modifiers ("Those returned included 11 civilians"). "sign up" and "sign
    a contract" become the lemma "sign up" (recruitment); a petition "signed by" people does not.
    """
    out: set[str] = set()
    for tok in [*span.root.ancestors, *counted]:
        lemma = tok.lemma_.lower()
        out.add(lemma)
        if tok.pos_ in ("VERB", "AUX"):
            for child in tok.children:
                if child.dep_ in ("nsubj", "nsubjpass"):
                    out.add(child.lemma_.lower())  # "the brigade has 3,000 men"
                    out |= {c.lemma_.lower() for c in child.children if c.pos_ == "VERB"}
                if lemma == "sign" and (child.lower_ == "up" or child.lemma_.lower() == "contract"):
                    out.add("sign up")
                if child.dep_ == "xcomp" and child.pos_ == "VERB" and child.i > tok.i:
                    # object control: "ordered 40,000 men to be called up" -> the men are called up
                    out.add(child.lemma_.lower())
    for tok in counted:
        out |= {c.lemma_.lower() for c in tok.children if c.pos_ in ("VERB", "ADJ")}
    return out


def _elliptic_people(span: Span, profile: Profile) -> str | None:
    """Category of a bare count that is the subject of a person verb ("85,000 would be called up",
    "at least 12 were killed", "40 died"): the people are understood, their clause decides.

    Only passive subjects and subjects of verbs without an object: a bare object ("the party
    holds 45") counts things as often as people."""
    root = span.root
    verb = root.head
    reduced = next((c for c in root.children if c.dep_ == "acl" and c.tag_ == "VBN"), None)
    if reduced is not None:
        verb = reduced  # "about 20,000 signed in January", "the 300 killed on Monday"
    elif verb.pos_ != "VERB" or root.dep_ not in ("nsubj", "nsubjpass"):
        return None
    has_object = any(c.dep_ in ("dobj", "attr", "acomp") for c in verb.children)
    if reduced is None and root.dep_ == "nsubj" and has_object:
        return None
    lemma = verb.lemma_.lower()
    if lemma == "sign":
        lemma = "sign up"  # "20,000 signed in January": signed up
    for name, lemmas in profile.context:
        if name != "territory" and lemma in lemmas:
            return name
    return None


def _governor(span: Span) -> tuple[Token, str] | None:
    """The verb or action noun whose object a bare count is, with its lemma: "called up 30,000"
    -> ``call up``; "the sending of 400,000" -> ``sending``; "the call-up of 85,000" -> ``call-up``."""
    root = span.root
    if root.dep_ == "dobj" and root.head.pos_ == "VERB":
        verb = root.head
        up = any(c.dep_ == "prt" and c.lower_ == "up" for c in verb.children)
        return verb, verb.lemma_.lower() + (" up" if up else "")
    if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.pos_ == "NOUN":
        noun = root.head.head
        first = min([noun.i, *(c.i for c in noun.lefts if c.dep_ in ("compound", "punct"))])
        return noun, noun.doc[first : noun.i + 1].text.lower().replace(" ", "")
    return None


def _object_people(span: Span, profile: Profile) -> str | None:
    """Category of a bare count that is the object of a verb or action noun that takes people
    ("called up another 30,000", "the mobilisation of 85,000" -> recruitment).

    Verbs that move things as well as people (send, deploy) count people only with a destination
    that is a military body or the front ("sent 3,000 to the front", "the sending of 400,000 to the
    army"); "sent 500 to the plant" stays ``other``. The counted noun stays null: none is written."""
    found = _governor(span)
    if found is None:
        return None
    gov, lemma = found
    for name, strict, moved, destinations in profile.object_counts:
        if lemma in strict:
            return name
        if lemma not in moved:
            continue
        holders = [gov, gov.head] if gov.pos_ == "NOUN" else [gov]
        for holder in holders:
            for prep in holder.children:
                if prep.dep_ != "prep" or prep.lower_ not in ("to", "for", "into"):
                    continue
                words = [t.lemma_.lower() for t in prep.subtree if t.i != prep.i]
                text = " ".join(words)
                if any(w in destinations for w in words) or any(
                    " " in d and f" {d} " in f" {text} " for d in destinations
                ):
                    return name
    return None


def _proxy_words(span: Span, kind: str) -> list[str]:
    """What a percentage or measure with nothing counted is about, for its category.

    A percentage: the object or subject of its verb ("exceed their quotas by 10 percent"); a
    measure: the subject ("the front line stretches for 1,200 km").
    """
    deps = {"percent": ("dobj", "nsubjpass", "nsubj"), "measure": ("nsubj",)}.get(kind, ())
    head = span.root.head
    for _ in range(3):  # through the unit noun and a preposition: "by 10 percent"
        if head.pos_ in ("VERB", "AUX") or head.head.i == head.i:
            break
        head = head.head
    if head.pos_ not in ("VERB", "AUX"):
        return []
    for dep in deps:
        for child in head.children:
            if child.dep_ == dep and child.pos_ == "NOUN" and not (span.start <= child.i < span.end):
                return [t.lower_ for t in child.lefts if t.dep_ in ("compound", "amod")] + [child.lower_]
    return []


def _no_period(doc: Doc, span: Span, expr: NumberExpr) -> bool:
    """A distance that places something ("within 20 km of the border") is not dated."""
    if expr.unit not in ("km", "m", "mi"):
        return False
    return any(t.lower_ in _prepositions("locative") for t in span.root.ancestors if t.pos_ == "ADP") or (
        doc_text(doc)[max(0, expr.start - 8) : expr.start].strip().lower() in _prepositions("locative")
        or expr.text.lower().startswith("within")
    )


def _spatial_cue(doc: Doc, expr: NumberExpr) -> NumberExpr:
    """Undo a cue that the parse reads as a preposition: "drones over three regions", "over 68 weeks"."""
    if expr.approx not in ("more_than", "less_than") or expr.start == expr.num_start:
        return expr
    cue = doc.char_span(expr.start, expr.num_start, alignment_mode="expand")
    if cue is None or len(cue) != 1 or cue[0].lower_ not in _prepositions("spatial") or cue[0].dep_ != "prep":
        return expr
    if expr.kind not in ("count", "duration") or not any(c.dep_ == "dobj" for c in cue[0].head.children):
        return expr  # "fired over 200 rockets": no other object, so "over" is the cue
    value = expr.value
    return replace(
        expr,
        text=doc_text(doc)[expr.num_start : expr.end],
        start=expr.num_start,
        approx="exact",
        low=value,
        high=value,
    )


# --------------------------------------------------------------------------- extraction


def extract_figures(doc: Doc, profile: Profile | None = None) -> list[Figure]:
    """Return the figures found in ``doc`` (see the module docstring)."""
    profile = profile or load_profile()
    claims = doc._.nl_claims or []
    date_ents = [e for e in doc.ents if e.label_ in ("DATE", "TIME")]
    exprs = find_numbers(doc_text(doc))
    dates = date_phrases(doc, exprs)
    earlier: Earlier = []
    out: list[Figure] = []
    for expr in exprs:
        if expr.reject is not None:
            continue
        span = doc.char_span(expr.num_start, expr.num_end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        expr = _spatial_cue(doc, expr)
        counted, pronoun = counted_adjacent(doc, expr, span.sent)
        unit, kind = expr.unit, expr.kind
        if pronoun:
            counted = antecedent(doc, span.start, [(i, c) for i, c, _u, _k in earlier])
        if not counted and expr.kind == "count":
            counted = counted_by_parse(doc, span)
        if not counted and expr.kind == "count" and expr.unit is None:
            elided = elided_from(doc, span, earlier)
            if elided is not None:  # "up from 400,000" after "1.2 million roubles" is money too
                counted, unit, kind = elided[0], elided[1] or unit, elided[2]
        if not _keep(doc, expr, span, counted, date_ents):
            continue
        dimension: str | None = None  # "2 m tall" -> height: a dimension the text names by an adjective
        no_period = _no_period(doc, span, expr)
        placed = no_period and not any(is_change_verb(a) for a in span.root.ancestors)
        if (
            not counted and kind != "count" and not placed
        ):  # "within 20 km of the border" places, measures nothing
            whole = doc.char_span(expr.start, expr.end, alignment_mode="expand")
            if whole is not None:
                counted, dimension = measure_noun(doc, whole, kind, measured_by_parse(doc, whole, kind))
        age = expr.age or _is_age(doc, span, expr, counted)
        if age:  # "Tomas Brecker, 62,", "aged 34", "children under five": years of age
            unit, kind, counted = "year", "duration", []
        earlier.append((span.start, counted, unit, kind))
        nouns = _without_participle(counted)  # "asylum seekers rescued": the category follows the noun
        words = [t.lower_ for t in nouns]
        lemmas = [t.lemma_.lower() for t in nouns]
        context = _context(span, counted)
        if not counted and kind != "money":
            words = lemmas = _proxy_words(span, kind)
        category = categorize(words, kind, unit, context, profile)
        if category == "other" and lemmas != words:
            category = categorize(lemmas, kind, unit, context, profile)
        if category == "other" and not counted and kind == "count" and unit is None:
            category = _elliptic_people(span, profile) or _object_people(span, profile) or category
        if age:
            category = "other"  # an age says who is counted, it is not a count of the category
        period = None if no_period else find_period(doc, span.root, counted, dates, expr)
        change, delta = (
            change_of(doc, expr.start, expr.end, unit, kind) if kind != "duration" else (None, False)
        )
        out.append(
            Figure(
                text=expr.text,
                start=expr.start,
                end=expr.end,
                value=expr.value,
                low=expr.low,
                high=expr.high,
                approx=expr.approx,
                unit=unit,
                counted="age" if age else (normalise(counted) or dimension),
                category=category,
                period=period,
                claim=claim_for_span(claims, expr.start, expr.end),
                extractor=TAG,
                change=change,
                delta=delta,
            )
        )
    for k, src in enumerate(conversions(doc_text(doc), [(f.start, f.end) for f in out])):
        if src is not None and out[k].counted is None:  # "12 feet (3.7 m)": what the first measures
            out[k] = replace(out[k], counted=out[src].counted, change=out[src].change, delta=out[src].delta)
    changes = [(f.change, f.delta) for f in out]
    coordinated_change(doc, [(f.start, f.end) for f in out], changes)  # "an extra €120 and €95"
    out = [
        f if (f.change, f.delta) == c else replace(f, change=c[0], delta=c[1])
        for f, c in zip(out, changes, strict=True)
    ]
    text, published = doc_text(doc), doc._.nl_published
    return [with_context(f, text, claims, published) for f in out]


class FiguresComponent:
    def __init__(self, profile: Profile) -> None:
        self.profile = profile

    def __call__(self, doc: Doc) -> Doc:
        doc._.nl_figures = extract_figures(doc, self.profile)
        return doc


@Language.factory(
    "newsledger_figures",
    requires=["doc._.nl_claims", "doc._.nl_published", "doc.ents", "token.dep", "token.lemma"],
    assigns=["doc._.nl_figures"],
    default_config={"profile": DEFAULT_PROFILE},
)
def make_figures_component(nlp: Language, name: str, profile: str) -> FiguresComponent:
    """The figures component; ``profile`` (``Settings.profile``) comes in through the config."""
    ensure_extensions()
    return FiguresComponent(load_profile(profile))
