"""Periods of figures: which calendar expression sets the time a figure refers to.

Used by :mod:`newsledger.extract.figures`. Two steps:

1. :func:`date_phrases` finds time expressions in a parsed Doc: calendar expressions found by
   the patterns below (``in 2023``, ``since late January``, ``between April 1 and July 15``,
   ``the first quarter of 2025``) and spaCy DATE entities that the patterns do
   not cover. Each gets the token it attaches to in the parse and its normalised period, or
   None for a relative expression (``last year``, ``this month``, ``over the past week``,
   ``overnight``, ``a year earlier``), which names no calendar period (docs/eval.md).
2. :func:`find_period` walks up from the figure through its clause (the figure's noun, the
   preposition and verb it hangs on, coordinated and subordinate verbs) and returns the period
   of the first time expression attached on the way. A relative expression found first blocks
   the walk: its figure gets no period even when a calendar date sits higher up. The walk
   stops at reported speech (``ccomp``): "the ministry said on Friday that 27 died" dates the
   saying, not the deaths. A conjoined verb inherits only time expressions written before the
   first verb ("Since March, X rose and Y fell").

Format (docs/eval.md): a day ``YYYY-MM-DD`` or an interval ``YYYY-MM-DD/YYYY-MM-DD``. Months,
quarters and years become their first and last day; ``early``/``mid``/``late`` a month are days
1-10, 11-20 and 21-end (``early 2024``: January-April; ``late 2024``: September-December);
``since X`` runs to the publication date. A month without a year is the latest one on or before
the publication date, or the next one when the clause is in the future tense. Weekdays (``on
Tuesday``) are relative expressions like ``yesterday``: no period (gold set A's reading). Open
deadlines (``by September``, ``until 2026``) have no period: the format has no open interval.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from spacy.tokens import Doc, Span, Token

from newsledger.data import alternation, load_yaml
from newsledger.extract._doc import doc_text
from newsledger.extract.numbers import NumberExpr
from newsledger.textnorm import CaselessPattern

_CALENDAR_WORDS: dict[str, Any] = load_yaml("calendar.yaml")  # data/calendar.yaml
_MONTHS = {str(m): n for n, m in enumerate(_CALENDAR_WORDS["months"], start=1)} | {
    str(m): int(n) for m, n in _CALENDAR_WORDS["month_abbreviations"].items()
}
_SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11)}
_QUARTERS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "q1": 1, "q2": 2, "q3": 3, "q4": 4}

# Full names, then abbreviations longest first ("sept" before "sep").
_MONTH = "(?:{})\\.?".format(
    "|".join(
        [
            *(str(m) for m in _CALENDAR_WORDS["months"]),
            *sorted(_CALENDAR_WORDS["month_abbreviations"], key=len, reverse=True),
        ]
    )
)
_YEAR = r"(?:1[89]|20)\d\d"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_MOD = r"(?:early|mid|late|the\s+(?:end|beginning|start|middle)\s+of|(?:end|mid|start)-)"
_ATOM = (
    rf"(?:(?:{_MOD}\s*)?{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?(?![\w])"  # March 3, 2023
    rf"|{_DAY}\s+{_MONTH}(?:,?\s+{_YEAR})?(?![\w])"  # 3 March 2023
    rf"|(?:{_MOD}\s*)?{_MONTH}(?:\s+(?:of\s+)?{_YEAR})?(?![\w])"  # late March, March 2023
    rf"|(?:the\s+)?(?:first|second|third|fourth)\s+quarter\s+(?:of\s+)?{_YEAR}|q[1-4]\s+{_YEAR}"
    rf"|(?:the\s+)?(?:spring|summer|autumn|fall)\s+(?:of\s+)?{_YEAR}"
    rf"|(?:the\s+)?(?:1[89]|20)\d0s"
    rf"|(?:{_MOD}\s*)?{_YEAR}(?![\w-]))"
)
_PREP = f"(?:{alternation(_CALENDAR_WORDS['period_prepositions'])})"
_CALENDAR = re.compile(
    rf"(?<![\w])(?:(?P<prep>{_PREP})\s+)?(?P<a>{_ATOM})(?:\s*(?:-|–|to|and|until|through)\s*(?P<b>{_ATOM}))?",
    re.IGNORECASE,
)
_NUMWORD = "(?:{}|\\d+)".format(
    alternation([*_CALENDAR_WORDS["number_words"], *_CALENDAR_WORDS["vague_counts"]])
)
_MODIFIERS = f"(?:{alternation(_CALENDAR_WORDS['relative_modifiers'])})"  # "the past three months"
_PERIOD_NOUNS = f"(?:{alternation(_CALENDAR_WORDS['period_nouns'])})"  # "last quarter"
_UNIT = r"(?:days?|weeks?|months?|years?|decades?|quarters?|fortnight|hours?)"
_RELATIVE = re.compile(
    r"(?<![\w])(?:"
    rf"(?:(?:in|over|during|for)\s+)?(?:the\s+)?{_MODIFIERS}\s+(?:{_NUMWORD}\s+|few\s+|couple\s+of\s+)?{_UNIT}"
    rf"|(?:earlier|later|so\s+far)\s+this\s+(?:week|month|year|quarter|season)"
    rf"|(?:this|last|next|past|previous|current)\s+{_PERIOD_NOUNS}"
    rf"|{_NUMWORD}\s+{_UNIT}\s+(?:ago|earlier|later|before|after|previously)"
    rf"|(?:a|one)\s+(?:fortnight|week|month|year|day)\s+(?:ago|earlier|later|before)"
    r"|(?:(?:on|last|this|next)\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?:'s)?"
    r"(?:\s+(?:morning|afternoon|evening|night))?"
    r"|overnight|yesterday|today|tonight|last\s+night|recently|(?:in\s+)?recent\s+(?:days|weeks|months|years)"
    r"|(?:the\s+)?(?:new|current|fiscal|financial)\s+year"
    r")(?![\w])",
    re.IGNORECASE,
)
_CALENDAR_FAST, _RELATIVE_FAST = CaselessPattern(_CALENDAR), CaselessPattern(_RELATIVE)
_DATE_WORD = re.compile(
    rf"(?<![\w])(?:{_MONTH}|{_YEAR}|{alternation(_CALENDAR_WORDS['date_words'])})s?(?![\w])",
    re.IGNORECASE,
)
_BARE_ATOM = re.compile(rf"{_YEAR}|{_MONTH}")  # a year or a month name alone (lower case)
_OPEN_PREPS = frozenset({"by", "until", "till", "before", "after"})
_STOP_DEPS = frozenset({"ccomp", "parataxis", "csubj", "ROOT"})
_FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})


@dataclass(frozen=True)
class DatePhrase:
    """A time expression: char span, the token it attaches to, its period (None: relative)."""

    start: int
    end: int
    text: str
    anchor: int
    period: str | None


# --------------------------------------------------------------------------- normalising


def _parse_published(published: str | None) -> date | None:
    if not published:
        return None
    try:
        return datetime.fromisoformat(published.strip().replace("Z", "+00:00")).date()
    except ValueError:
        try:
            return datetime.fromisoformat(published.strip()[:10]).date()
        except ValueError:
            return None


def _month_end(year: int, month: int) -> date:
    nxt = date(year + month // 12, month % 12 + 1, 1)
    return nxt - timedelta(days=1)


def _infer_year(month: int, day: int, base: date | None, future: bool) -> int | None:
    if base is None:
        return None
    if future:
        return base.year if (month, day) >= (base.month, base.day) or month >= base.month else base.year + 1
    return base.year if month <= base.month else base.year - 1


def _atom(text: str, base: date | None, future: bool) -> tuple[date, date] | None:
    """First and last day of one calendar expression, or None."""
    low = re.sub(r"\s+", " ", text.lower().strip().rstrip("."))
    low = re.sub(r"^the ", "", low)
    m = re.fullmatch(r"((?:1[89]|20)\d)0s", low)
    if m:
        y = int(m.group(1)) * 10
        return date(y, 1, 1), date(y + 9, 12, 31)
    m = re.fullmatch(rf"(?:(first|second|third|fourth) quarter (?:of )?|(q[1-4]) )({_YEAR})", low)
    if m:
        q = _QUARTERS[m.group(1) or m.group(2)]
        y = int(m.group(3))
        return date(y, 3 * q - 2, 1), _month_end(y, 3 * q)
    m = re.fullmatch(rf"(spring|summer|autumn|fall) (?:of )?({_YEAR})", low)
    if m:
        first, last = _SEASONS[m.group(1)]
        y = int(m.group(2))
        return date(y, first, 1), _month_end(y, last)
    mod = ""
    m = re.match(r"((?:end|mid|start)-|early|mid|late|(?:the )?(?:end|beginning|start|middle) of)\s*", low)
    if m:
        mod = m.group(1).replace("the ", "").replace(" of", "").rstrip("-")
        mod = {"beginning": "early", "start": "early", "middle": "mid", "end": "late"}.get(mod, mod)
        low = low[m.end() :]
    m = re.fullmatch(rf"({_YEAR})", low)
    if m:
        y = int(m.group(1))
        parts = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}
        first, last = parts.get(mod, (1, 12))
        return date(y, first, 1), _month_end(y, last)
    day: int | None = None
    month_word: str | None = None
    year_word: str | None = None
    m = re.fullmatch(rf"({_MONTH}) ({_DAY})(?:,? ({_YEAR}))?", low)
    if m:
        month_word, day, year_word = m.group(1), int(re.sub(r"\D", "", m.group(2))), m.group(3)
    m = m or re.fullmatch(rf"({_DAY}) ({_MONTH})(?:,? ({_YEAR}))?", low)
    if m and month_word is None:
        day, month_word, year_word = int(re.sub(r"\D", "", m.group(1))), m.group(2), m.group(3)
    m = m or re.fullmatch(rf"({_MONTH})(?: (?:of )?({_YEAR}))?", low)
    if m and month_word is None:
        month_word, year_word = m.group(1), m.group(2)
    if month_word is not None:
        month = _MONTHS[month_word.rstrip(".")]
        year = int(year_word) if year_word else _infer_year(month, day or 1, base, future)
        if year is None:
            return None
        if day is not None:
            try:
                d = date(year, month, day)
            except ValueError:
                return None
            return d, d
        end = _month_end(year, month)
        thirds = {"early": (1, 10), "mid": (11, 20), "late": (21, end.day)}
        first, last = thirds.get(mod, (1, end.day))
        return date(year, month, first), date(year, month, last)
    return None


def _fmt(first: date, last: date) -> str:
    return first.isoformat() if first == last else f"{first.isoformat()}/{last.isoformat()}"


@lru_cache(maxsize=4096)
def normalize_period(phrase: str, published: str | None, future: bool = False) -> str | None:
    """Normalise a calendar expression (with its preposition) to ``YYYY-MM-DD`` or ``start/end``.

    ``published`` is the article date that months and ``since`` are resolved against.
    Relative expressions (``last month``), deadlines (``by September``) and phrases that are not
    calendar expressions give None.
    """
    text = re.sub(r"\s+", " ", phrase.strip())
    if _RELATIVE.fullmatch(text):
        return None
    m = _CALENDAR.fullmatch(text)
    if m is None:
        return None
    base = _parse_published(published)
    prep = re.sub(r"\s+", " ", (m.group("prep") or "").lower())
    if prep in _OPEN_PREPS:
        return None
    if m.group("b"):
        right = _atom(m.group("b"), base, future)
        if right is None:
            return None
        left_text = m.group("a")
        if not re.search(_YEAR, left_text) and re.search(_YEAR, m.group("b")):
            left_text = f"{left_text} {right[0].year}"
        left = _atom(left_text, base, future)
        if left is None or left[0] > right[1]:
            return None
        return _fmt(left[0], right[1])
    span = _atom(m.group("a"), base, future)
    if span is None:
        return None
    if prep in ("since", "from"):
        return f"{span[0].isoformat()}/{base.isoformat()}" if base is not None and base >= span[0] else None
    return _fmt(*span)


# --------------------------------------------------------------------------- finding


def _anchor(doc: Doc, span: Span) -> int:
    """The token a time expression attaches to: the head of its preposition, else of its root."""
    first = span[0]
    if first.pos_ in ("ADP", "SCONJ") or first.lower_ in ("since", "from", "as"):
        return int(first.head.i)
    root = span.root
    return int(root.head.i)


def _is_future(tok: Token) -> bool:
    for t in (tok, tok.head):
        if any(c.dep_ in ("aux", "auxpass") and c.lower_ in _FUTURE_AUX for c in t.children):
            return True
        if t.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children):
            return True
    return False


def date_phrases(doc: Doc, exprs: list[NumberExpr]) -> list[DatePhrase]:
    """Time expressions of ``doc`` with their anchors and periods (see the module docstring)."""
    published: str | None = doc._.nl_published
    durations = [(e.start, e.end) for e in exprs if e.reject is None and e.kind == "duration"]
    taken: list[tuple[int, int]] = []
    out: list[DatePhrase] = []

    def add(start: int, end: int, period_of: bool) -> None:
        if any(a < end and start < b for a, b in taken) or any(a < end and start < b for a, b in durations):
            return
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or len(span) == 0:
            return
        anchor = _anchor(doc, span)
        text = doc_text(doc)[start:end]
        period = normalize_period(text, published, _is_future(doc[anchor])) if period_of else None
        taken.append((start, end))
        out.append(DatePhrase(start, end, text, anchor, period))

    text = doc_text(doc)
    lowered = text.lower()  # the two patterns run case-sensitively over it (CaselessPattern)
    for m in _RELATIVE_FAST.finditer(text, lowered):
        add(m.start(), m.end(), False)
    ents = doc.ents  # a tuple of new Spans on each access: read once
    date_ents = [(e.start_char, e.end_char) for e in ents if e.label_ == "DATE"]
    for m in _CALENDAR_FAST.finditer(text, lowered):
        atom = m.group("a").lower()
        bare = not m.group("prep") and _BARE_ATOM.fullmatch(atom)
        # a bare year or month name is a date only inside a DATE entity ("may" is a verb)
        if bare and not any(lo <= m.start() < hi for lo, hi in date_ents):
            continue
        add(m.start(), m.end(), True)
    for ent in ents:
        # other DATE entities ("the spring call-up", "the new year"), without durations and
        # without the numbers the small model tags DATE ("between 10 and 15")
        if ent.label_ == "DATE" and _DATE_WORD.search(ent.text):
            add(ent.start_char, ent.end_char, True)
    return out


def find_period(
    doc: Doc, root: Token, counted: list[Token], phrases: list[DatePhrase], expr: NumberExpr
) -> str | None:
    """Period of the first time expression met walking up from the figure (see the module docstring)."""
    if not phrases:
        return None
    by_anchor: dict[int, list[DatePhrase]] = {}
    sent = root.sent
    for p in phrases:
        if sent.start_char <= p.start < sent.end_char:
            by_anchor.setdefault(p.anchor, []).append(p)
    if not by_anchor:
        return None
    cur = root
    left_only: int | None = None  # after climbing out of a conjoined verb: only phrases before this char
    seen: set[int] = set()
    while cur.i not in seen:
        seen.add(cur.i)
        level = [cur]
        level += [c for c in cur.children if c.dep_ in ("acl", "relcl") and c.pos_ in ("VERB", "AUX")]
        if cur.i in {t.i for t in counted}:
            level += [c for c in cur.children if c.dep_ in ("acl", "relcl")]
        found = [p for t in level for p in by_anchor.get(t.i, ())]
        if not found and cur.pos_ in ("VERB", "AUX"):
            # "killed or wounded since January": a time expression after the last conjunct
            conj = [c for c in cur.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")]
            found = [p for c in conj for p in by_anchor.get(c.i, ()) if p.start > c.idx]
        if left_only is not None:
            found = [p for p in found if p.end <= left_only]
        found = [p for p in found if not (p.start < expr.end and expr.start < p.end)]
        if found:
            best = min(found, key=lambda p: min(abs(p.start - expr.end), abs(expr.start - p.end)))
            return best.period
        if cur.dep_ in _STOP_DEPS or cur.head.i == cur.i:
            return None
        if cur.dep_ == "advcl" and cur.pos_ in ("ADJ", "ADV"):
            return None  # "almost 40% lower": a comparison of two periods, not one
        if cur.dep_ == "conj" and cur.pos_ in ("VERB", "AUX"):
            left_only = int(cur.head.idx)
        elif cur.pos_ in ("VERB", "AUX"):
            left_only = None
        cur = cur.head
    return None
