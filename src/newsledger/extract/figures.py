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
    2. The parse and NER decide what is counted and drop what is not a figure.
    3. Category comes from a domain profile (``data/profiles/<name>.yaml``).
    4. Period comes from a date phrase in the same clause, normalised by dateparser.

What is counted (``counted``)
    The noun phrase the number counts, lower case, without determiners, possessives or
    "more/additional": first the words right after the number (``"134,500 conscripts"``,
    ``"more than 200,000 dead and wounded"``, also across the stray full stop of
    translated pages: ``"300 thousand. people"``), then ``"N of (the/her) NP"``
    (``"11 of her 24 teachers"``: two figures, 11 and 24, both counting ``"teachers"``),
    then the parse: a number that is the object of a verb whose subject is a count noun
    (``"the number of mobilised reached 300,000"`` -> ``"mobilised"``). Money and
    measures take ``"of NP"`` / ``"in NP"`` / ``"for NP"`` right after them, else null.

What is not a figure (dropped)
    Ordinals and unit names (``5th``, ``a fifth term``: ordinals are never read as
    numbers), dates, years and times (a number next to a month name, inside a DATE/TIME
    entity with a month, weekday or year, four bare digits 1800-2100 not followed by a
    plural noun, ``10:30``, ``5 pm``), ages (``aged 34``, ``34-year-old``), labels
    (``Decree No. 647``, ``Article 5``, ``Boeing 737``, ``T-72``), counters of page
    debris (a number opening a short line with no counted noun, ``0 I like it``;
    ``212 comments``), durations that are points in time (``a year ago``).
    **Small spelled numbers are kept only when a counted noun follows**: ``"three
    sources"``, ``"two border towns"``, ``"a dozen prisoners"`` are figures; ``"the
    two"``, ``"one of the"`` are not. Spelled *one* on its own is never a figure: it is
    a determiner or pronoun far more often than a count (``"one source"``, ``"one
    can"``, ``"one of the"``).

Period (``period``)
    The time the figure refers to when its clause says it: a date phrase (a DATE
    entity, with the preposition before it) attached to the same verb as the figure,
    to a verb that governs it through xcomp/conj/advcl, or to the counted noun.
    Format: a single day ``YYYY-MM-DD`` or an interval of days
    ``YYYY-MM-DD/YYYY-MM-DD`` (months and years become their first/last day:
    ``"in 2023"`` -> ``2023-01-01/2023-12-31``). An open end is ``..`` (ISO 8601-2):
    ``"since February 2022"`` -> ``2022-02-01/<article date>`` or
    ``2022-02-01/..`` without one; ``"by the end of the year"`` -> ``../2023-12-31``.
    Relative phrases (``"last month"``) are resolved against ``doc._.nl_published``;
    without an article date only phrases that name a year are normalised.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache, lru_cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from newsledger.contract import Figure
from newsledger.data import data_path, load_yaml
from newsledger.errors import NewsledgerError
from newsledger.extract._doc import claim_for_span, ensure_extensions, version_tag
from newsledger.extract.numbers import CUES_FILE, NumberExpr, find_numbers

NAME = "newsledger.figures"
VERSION = "1.0.0"
TAG = version_tag(NAME, VERSION)

DEFAULT_PROFILE = "conflict"
PROFILE_ENV = "NEWSLEDGER_PROFILE"

_NOMINAL_POS = frozenset({"NOUN", "PROPN", "ADJ"})
_PARTICIPLE_TAGS = frozenset({"VBN", "VBG"})
_WEEKDAYS = re.compile(r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
_DATE_WORD = re.compile(
    r"\b(?:year|month|week|day|spring|summer|autumn|fall|winter|quarter|decade|century|weekend|season)s?\b"
)
_PERIOD_PREPS = frozenset(
    {"since", "from", "by", "in", "during", "until", "till", "through", "throughout", "between", "over", "as"}
)
_OF_UNITS = frozenset({"km2", "mi2", "ha", "acre", "t", "kg", "bbl", "l"})  # "234 km2 of farmland"
_SKIP_ADJ = frozenset({"more", "additional", "extra", "further", "other", "another"})


# --------------------------------------------------------------------------- profiles


@dataclass(frozen=True)
class Profile:
    """A domain profile: category word lists loaded from ``data/profiles/<name>.yaml``."""

    name: str
    categories: tuple[tuple[str, frozenset[str], frozenset[str]], ...]  # (name, counted words, units)
    money: str
    persons: frozenset[str]
    personnel: frozenset[str]
    context: tuple[tuple[str, frozenset[str]], ...]


def load_profile(name: str | None = None) -> Profile:
    """The profile ``name``, else ``$NEWSLEDGER_PROFILE``, else ``conflict``."""
    return _load_profile(name or os.environ.get(PROFILE_ENV) or DEFAULT_PROFILE)


@cache
def _load_profile(name: str) -> Profile:
    if not re.fullmatch(r"[A-Za-z0-9_-]+", name) or not data_path(f"profiles/{name}.yaml").is_file():
        known = sorted(p.stem for p in data_path("profiles").glob("*.yaml"))
        raise NewsledgerError(
            f"unknown figures profile {name!r}", hint=f"Use one of {', '.join(known)} (set {PROFILE_ENV})."
        )
    raw: dict[str, Any] = load_yaml(f"profiles/{name}.yaml")
    categories = tuple(
        (
            str(c["name"]),
            frozenset(str(w).lower() for w in c.get("counted", [])),
            frozenset(str(u) for u in c.get("units", [])),
        )
        for c in raw.get("categories", [])
    )
    return Profile(
        name=str(raw.get("name", name)),
        categories=categories,
        money=str(raw.get("money_category", "money")),
        persons=frozenset(str(w).lower() for w in raw.get("persons", [])),
        personnel=frozenset(str(w).lower() for w in raw.get("personnel", [])),
        context=tuple((str(k), frozenset(str(w) for w in v)) for k, v in (raw.get("context") or {}).items()),
    )


def _has_phrase(words: list[str], phrases: frozenset[str]) -> str | None:
    """The longest entry of ``phrases`` that occurs as consecutive ``words``, else None."""
    best: str | None = None
    for n in (3, 2, 1):
        for i in range(len(words) - n + 1):
            cand = " ".join(words[i : i + n])
            if cand in phrases and (best is None or len(cand) > len(best)):
                best = cand
        if best:
            return best
    return best


def categorize(
    counted_words: list[str], unit_kind: str, unit: str | None, context: set[str], profile: Profile
) -> str:
    """Category of a figure from its counted words (surface and lemma), unit and clause lemmas."""
    if unit_kind == "money":
        return profile.money
    person_hit: str | None = None
    for name, words, _units in profile.categories:
        hit = _has_phrase(counted_words, words)
        if hit is None:
            continue
        if hit in profile.persons:
            person_hit = person_hit or name
            continue
        return name
    person = _has_phrase(counted_words, profile.persons)
    if person is not None:
        for name, lemmas in profile.context:
            if name == "recruitment" and person not in profile.personnel:
                continue
            if context & lemmas:
                return name
    if person_hit is not None:
        return person_hit
    for name, _words, units in profile.categories:
        if unit is not None and unit in units:
            return name
    return "other"


# --------------------------------------------------------------------------- cues


@dataclass(frozen=True)
class _Cues:
    months: frozenset[str]
    debris: frozenset[str]
    drop: frozenset[str]
    count_nouns: frozenset[str]


@lru_cache(maxsize=1)
def _cues() -> _Cues:
    raw: dict[str, Any] = load_yaml(CUES_FILE)
    return _Cues(
        months=frozenset(str(m).lower() for m in raw["months"]),
        debris=frozenset(str(m).lower() for m in raw["debris_counted"]),
        drop=frozenset(str(m).lower() for m in raw["counted_drop"]),
        count_nouns=frozenset(str(m).lower() for m in raw["count_nouns"]),
    )


# --------------------------------------------------------------------------- counted


def _nominal(tok: Token) -> bool:
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
        if _nominal(nxt):
            return True
        after = doc[j + 2] if j + 2 < limit else None
        return nxt.tag_ in ("VBD", "VBN") and (
            after is None or after.is_punct or after.pos_ in ("ADP", "CCONJ")
        )
    if not _nominal(nxt):
        return False
    heads = {t.i for t in out}
    return any(t.dep_ == "conj" and t.head.i in heads for t in doc[j + 1 : min(limit, j + 4)])


def _phrase_after(doc: Doc, i: int, limit: int) -> list[Token]:
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
        elif _nominal(tok):
            if seen_noun and tok.pos_ not in ("NOUN", "PROPN"):
                break  # "sources close to ...": the phrase ended on its noun
            out.append(tok)
            seen_noun = seen_noun or tok.pos_ in ("NOUN", "PROPN")
            j += 1
        elif tok.lower_ in ("and", "or") and out and _conjoined(doc, j, limit, out):
            out.append(tok)
            seen_noun = False
            j += 1
            if not _nominal(doc[j]):  # the participle read as a verb: "dead and wounded"
                out.append(doc[j])
                j += 1
        else:
            break
    while out and (out[-1].lower_ in ("and", "or") or out[-1].tag_ in ("JJR", "JJS")):
        out.pop()
    return out


def _normalise(tokens: list[Token]) -> str | None:
    drop = _cues().drop
    words = [t.lower_ for t in tokens if t.lower_ not in drop and not t.is_punct]
    text = " ".join(words).strip()
    return text or None


def _after_tokens(doc: Doc, end_char: int) -> int:
    """Index of the first token at or after ``end_char``."""
    span = doc.char_span(end_char, len(doc.text), alignment_mode="contract")
    if span is not None:
        return int(span.start)
    for tok in doc:  # pragma: no cover - only when no whole token follows
        if tok.idx >= end_char:
            return int(tok.i)
    return len(doc)


def _counted_adjacent(doc: Doc, expr: NumberExpr, sent: Span) -> list[Token]:
    """Counted phrase written right after the expression, or after "of (det)"."""
    i = _after_tokens(doc, expr.end)
    limit = sent.end
    if i >= limit:
        return []
    tok = doc[i]
    # "300 thousand. people": translated pages leave a full stop between number and noun.
    if tok.text == "." and i + 1 < len(doc) and doc[i + 1].is_lower and _nominal(doc[i + 1]):
        return _phrase_after(doc, i + 1, min(len(doc), i + 8))
    if expr.kind == "count":
        phrase = _phrase_after(doc, i, limit)
        if phrase:
            return phrase
    of_ok = expr.kind in ("count", "percent", "money") or expr.unit in _OF_UNITS
    if (tok.lower_ == "of" and of_ok) or (expr.kind == "money" and tok.lower_ in ("in", "for")):
        j = i + 1
        while j < limit and (doc[j].pos_ == "DET" or doc[j].tag_ == "PRP$" or doc[j].like_num):
            j += 1
        if j < limit and doc[j].pos_ == "PRON":
            return []  # "two of them": what is counted is the antecedent
        return _phrase_after(doc, j, limit)
    return []


def _counted_by_parse(doc: Doc, span: Span) -> list[Token]:
    """ "the number of mobilised reached 300,000" -> mobilised; "the death toll rose to 80"."""
    root = span.root
    head = root.head
    if root.dep_ == "pobj" and head.pos_ == "ADP":
        head = head.head
    if head.pos_ not in ("VERB", "AUX"):
        return []
    count_nouns = _cues().count_nouns
    for child in head.children:
        if child.dep_ not in ("nsubj", "nsubjpass", "dobj") or (child.i >= root.i and child.dep_ != "dobj"):
            continue
        if child.lemma_.lower() not in count_nouns:
            continue
        for prep in child.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                objs = [c for c in prep.children if c.dep_ == "pobj"]
                if objs:
                    obj = objs[0]
                    left = [t for t in obj.lefts if t.dep_ in ("amod", "compound")]
                    return [*left, obj]
        mods = [t for t in child.lefts if t.dep_ == "compound"]
        if mods:  # "the death toll"
            return [*mods, child]
    return []


# --------------------------------------------------------------------------- filters


def _line_bounds(text: str, start: int) -> tuple[int, int]:
    a = text.rfind("\n", 0, start) + 1
    b = text.find("\n", start)
    return a, (len(text) if b < 0 else b)


def _is_date_part(doc: Doc, span: Span, expr: NumberExpr, date_ents: list[Span]) -> bool:
    """A day of the month, a year or a number inside a calendar date."""
    months = _cues().months
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
        return False  # "one source", "one of the", "one can"
    if expr.approx == "vague" and not counted:
        return False  # "hundreds" with nothing counted
    if expr.spelled and expr.approx == "exact" and expr.unit is None and not counted:
        return False  # "the two"; but "about a dozen or so left" is kept
    if expr.value == 0 and expr.unit is None:
        return False
    # Counters and page debris: a number opening a short line ("0 I like it", "212 comments").
    a, b = _line_bounds(doc.text, expr.start)
    line = doc.text[a:b]
    if not doc.text[a : expr.start].strip() and len(line.split()) <= 6:
        words = _normalise(counted) or ""
        if not counted or words in _cues().debris or (not has_cue and len(line.split()) <= 4):
            return False
    if counted and _normalise(counted) in _cues().debris and len(line.split()) <= 8:
        return False
    # "Boeing 737", "Channel 4": a bare number right after a proper name.
    if not has_cue and not counted and span.start > 0:
        prev = doc[span.start - 1]
        if prev.pos_ == "PROPN" and not prev.is_sent_start:
            return False
    return True


# --------------------------------------------------------------------------- period


def _clause_verbs(tok: Token) -> list[Token]:
    """The verb governing ``tok`` and the verbs above it through xcomp/conj/advcl/aux links."""
    cur = tok
    while cur.pos_ not in ("VERB", "AUX") and cur.head.i != cur.i:
        cur = cur.head
    verbs = [cur]
    while cur.dep_ in ("xcomp", "conj", "advcl", "acomp", "aux", "auxpass") and cur.head.i != cur.i:
        cur = cur.head
        verbs.append(cur)
    return verbs


def _period_phrase(doc: Doc, ent: Span) -> str:
    """The DATE entity with the preposition that opens it ("since February 2022")."""
    start = ent.start
    if start > 0 and doc[start - 1].lower_ in _PERIOD_PREPS:
        start -= 1
        if doc[start].lower_ == "as" and start + 1 < len(doc) and doc[start + 1].lower_ != "of":
            start += 1
    elif start > 1 and doc[start - 1].lower_ == "of" and doc[start - 2].lower_ == "as":
        start -= 2
    return doc[start : ent.end].text


@dataclass(frozen=True)
class _DatePhrase:
    span: Span  # the date words (for the parse)
    text: str  # with its opening preposition, as given to normalize_period


def _date_phrases(doc: Doc, exprs: list[NumberExpr]) -> list[_DatePhrase]:
    """DATE entities that can name a figure's period, without the durations inside them.

    "in just four days this month" holds a duration (a figure of its own) and a period
    ("this month"); bare weekdays, "today" and "yesterday" date the report, not a figure.
    """
    durations = [e for e in exprs if e.kind == "duration" and e.reject is None]
    months = _cues().months
    out: list[_DatePhrase] = []
    for ent in doc.ents:
        if ent.label_ != "DATE":
            continue
        span: Span = ent
        for dur in durations:
            if ent.start_char <= dur.start < ent.end_char:
                rest = doc.char_span(dur.end, ent.end_char, alignment_mode="contract")
                span = rest if rest is not None else doc[ent.end : ent.end]
        words = span.text.strip().lower()
        if not words or _WEEKDAYS.fullmatch(words) or words in ("today", "yesterday", "tonight", "now"):
            continue
        if not (_YEAR.search(words) or _DATE_WORD.search(words) or {t.lower_ for t in span} & months):
            continue  # "between 10 and 15" tagged DATE by the small model
        text = _period_phrase(doc, span) if span.start == ent.start else span.text
        out.append(_DatePhrase(span, text))
    return out


def _find_period(
    doc: Doc, span: Span, counted: list[Token], expr: NumberExpr, dates: list[_DatePhrase]
) -> str | None:
    """Normalised period of the first date phrase in the figure's clause, else None."""
    verbs = {t.i for t in _clause_verbs(span.root)}
    counted_ids = {t.i for t in counted}
    for phrase in dates:
        dspan = phrase.span
        if dspan.sent.start != span.sent.start or (
            dspan.start_char < expr.end and expr.start < dspan.end_char
        ):
            continue
        if dspan.root.head.i in counted_ids or verbs & {t.i for t in _clause_verbs(dspan.root)}:
            period = normalize_period(phrase.text, doc._.nl_published)
            if period is not None:
                return period
    return None


@lru_cache(maxsize=4096)
def normalize_period(phrase: str, published: str | None) -> str | None:
    """Normalise a date phrase to ``YYYY-MM-DD`` or ``start/end`` (``..`` = open end).

    ``published`` is the article date (ISO string or None) that relative phrases are
    resolved against. Returns None when the phrase is not a date dateparser can read.
    """
    base = _parse_published(published)
    text = re.sub(r"\s+", " ", phrase.strip())
    low = text.lower()
    if base is None and not _YEAR.search(text):
        return None
    m = re.match(r"(?:from|between)\s+(.+?)\s+(?:to|and|until|through|-|–)\s+(.+)$", text, re.IGNORECASE)
    if m is None:
        m = re.match(r"(.+?)\s*(?:\bto\b|\buntil\b|\bthrough\b|–|-)\s*(.+)$", text, re.IGNORECASE)
        if m is not None and not _interval(m.group(2), base):
            m = None
    if m is not None:
        right = _interval(m.group(2), base)
        left_text = m.group(1)
        if right is not None and not _YEAR.search(left_text) and _YEAR.search(m.group(2)):
            left_text = f"{left_text} {right[0].year}"
        left = _interval(left_text, base)
        if left is None or right is None:
            return None
        return f"{left[0].isoformat()}/{right[1].isoformat()}"
    prep, _, _rest = low.partition(" ")
    body = text[len(prep) + 1 :] if prep in _PERIOD_PREPS or prep == "as" else text
    if prep == "as" and body.lower().startswith("of "):
        body = body[3:]
    span = _interval(body, base)
    if span is None:
        return None
    if prep == "since":
        return f"{span[0].isoformat()}/{base.isoformat() if base else '..'}"
    if prep in ("by", "until", "till") or prep == "as":
        return f"../{span[1].isoformat()}"
    if span[0] == span[1]:
        return span[0].isoformat()
    return f"{span[0].isoformat()}/{span[1].isoformat()}"


def _parse_published(published: str | None) -> date | None:
    if not published:
        return None
    try:
        return datetime.fromisoformat(published.replace("Z", "+00:00")).date()
    except ValueError:
        return None


def _interval(text: str, base: date | None) -> tuple[date, date] | None:
    """First and last day named by a date phrase ("2023" -> Jan 1..Dec 31)."""
    low = text.lower().strip()
    end_of = re.match(r"(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?(year|month)$", low)
    if end_of is not None:
        if base is None:
            return None
        d = date(base.year, 12, 31) if end_of.group(1) == "year" else _month_end(base.year, base.month)
        return d, d
    data = _date_parser(base).get_date_data(text)
    if data.date_obj is None:
        return None
    d = data.date_obj.date()
    if data.period == "year":
        return date(d.year, 1, 1), date(d.year, 12, 31)
    if data.period == "month":
        return date(d.year, d.month, 1), _month_end(d.year, d.month)
    if data.period == "week":
        monday = d - timedelta(days=d.weekday())
        return monday, monday + timedelta(days=6)
    return d, d


@lru_cache(maxsize=64)
def _date_parser(base: date | None) -> Any:
    """One dateparser parser per article date (building one costs more than parsing)."""
    from dateparser.date import DateDataParser  # imported lazily: slow to import

    settings: dict[str, Any] = {
        "PREFER_DATES_FROM": "past",
        "PREFER_DAY_OF_MONTH": "first",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    if base is not None:
        settings["RELATIVE_BASE"] = datetime(base.year, base.month, base.day)
    return DateDataParser(languages=["en"], settings=settings)


def _month_end(year: int, month: int) -> date:
    nxt = date(year + month // 12, month % 12 + 1, 1)
    return nxt - timedelta(days=1)


# --------------------------------------------------------------------------- extraction


def extract_figures(doc: Doc, profile: Profile | None = None) -> list[Figure]:
    """Return the figures found in ``doc`` (see the module docstring)."""
    profile = profile or load_profile()
    claims = doc._.nl_claims or []
    date_ents = [e for e in doc.ents if e.label_ in ("DATE", "TIME")]
    exprs = find_numbers(doc.text)
    dates = _date_phrases(doc, exprs)
    out: list[Figure] = []
    for expr in exprs:
        if expr.reject is not None:
            continue
        span = doc.char_span(expr.num_start, expr.num_end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        sent = span.sent
        counted = _counted_adjacent(doc, expr, sent)
        if not counted and not expr.spelled and expr.kind == "count":
            counted = _counted_by_parse(doc, span)
        if not _keep(doc, expr, span, counted, date_ents):
            continue
        words = [t.lower_ for t in counted]
        lemmas = [t.lemma_.lower() for t in counted]
        context = {t.lemma_.lower() for t in span.root.ancestors} | {t.lemma_.lower() for t in counted}
        for tok in counted:
            context |= {c.lemma_.lower() for c in tok.children if c.pos_ in ("VERB", "ADJ")}
        category = categorize(words, expr.kind, expr.unit, context, profile)
        if category == "other" and lemmas != words:
            category = categorize(lemmas, expr.kind, expr.unit, context, profile)
        out.append(
            Figure(
                text=expr.text,
                start=expr.start,
                end=expr.end,
                value=expr.value,
                low=expr.low,
                high=expr.high,
                approx=expr.approx,
                unit=expr.unit,
                counted=_normalise(counted),
                category=category,
                period=_find_period(doc, span, counted, expr, dates),
                claim=claim_for_span(claims, expr.start, expr.end),
                extractor=TAG,
            )
        )
    return out


class FiguresComponent:
    def __call__(self, doc: Doc) -> Doc:
        doc._.nl_figures = extract_figures(doc)
        return doc


@Language.factory("newsledger_figures")
def make_figures_component(nlp: Language, name: str) -> FiguresComponent:
    ensure_extensions()
    return FiguresComponent()
