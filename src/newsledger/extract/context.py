"""Figure context: what a figure's sentence says around it, read once at extraction and stored.

The figures extractor (:func:`newsledger.extract.figures.extract_figures`) finds the number, what it
counts and its period; this module reads the words around it that reconciliation needs to put the
figure in a metric and to set it against others. Each result is a field of the contract
:class:`~newsledger.contract.Figure`, so ``newsledger reconcile`` works from stored rows alone:

``rate``
    'a month', 'per year', 'daily' right after the figure: the figure is a rate (day, week, month,
    year), a different metric from a total.
``outcome``
    for casualties, the outcome the phrase or its clause names (killed, wounded, missing, captured,
    casualty): "12 civilians *were wounded*".
``role``
    the role an event cue in the sentence gives who is counted ("called up" -> conscript,
    "signed contracts" -> contract soldier): reconciliation puts it in place of a generic counted
    noun ("120,000 men") in the metric key.
``floor``
    a count checked one by one ("confirmed the names of 17,900", "18,400 named deaths"): a floor of
    the true total.
``prior``
    the old side of a change ("up from 17,900"), a past value ("Before it was 600,000") or a
    fragment of a split number: kept in a timeline, never set against other reports.
``hypothetical``
    a scenario or a computation ("If ..., it would be between ..."), not a reported count.
``period_start`` / ``period_end``
    the days the figure refers to, as ISO dates (an open end is null): from ``period`` when the
    extractor found one, else from words like 'last year', 'this spring', 'in 2024' read against
    the publication date.
``sentence_start`` / ``sentence_end``
    the span these were read from: the figure's claim, else its sentence (a punctuation split).

The word lists are in ``data/reconcile.yaml`` (shared with reconciliation, which reduces counted
phrases with the same vocabulary). Nothing here needs the parse: every rule is a plain function of
the text, unit-tested on small strings.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from functools import cache, lru_cache
from typing import Any

from newsledger.contract import Claim, Figure
from newsledger.data import load_yaml
from newsledger.textnorm import (
    Period,
    cue_pattern,
    find_cue,
    fold,
    month_end,
    parse_period,
    parse_point,
    words,
)

WINDOW = 80  # characters of the clause read before and after a figure


@cache
def lexicon() -> dict[str, Any]:
    data: dict[str, Any] = load_yaml("reconcile.yaml")
    return data


_SENT_END = re.compile(r"(?<=[.!?])[\"'”’»)]*\s+|\n+")


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence (or line) around ``text[start:end]``: a plain punctuation split."""
    lo = 0
    for m in _SENT_END.finditer(text, 0, start):
        lo = m.end()
    nxt = _SENT_END.search(text, end)
    hi = nxt.start() if nxt else len(text)
    return lo, max(hi, end)


def outcome_of(counted_words: list[str], after: str, before: str) -> str | None:
    """The casualty outcome (killed, wounded, ...) named by the phrase, after it, or before it."""
    outcomes: dict[str, list[str]] = lexicon()["outcomes"]
    for w in counted_words:
        for name, cues in outcomes.items():
            if w in cues:
                return name
    after_f, before_f = fold(after), fold(before)
    best: tuple[int, str] | None = None
    for name, cues in outcomes.items():
        pos = find_cue(after_f, cues)
        if pos >= 0 and (best is None or pos < best[0]):
            best = (pos, name)
    if best is not None:
        return best[1]
    for name, cues in outcomes.items():
        pos = find_cue(before_f[::-1], [c[::-1] for c in cues])
        if pos >= 0 and (best is None or pos < best[0]):
            best = (pos, name)
    return best[1] if best is not None else None


@lru_cache(maxsize=4096)
def role_of(sentence: str) -> str | None:
    """The role an event cue in the sentence gives a generic head ('called up' -> conscript)."""
    folded = fold(sentence)
    best: tuple[int, str] | None = None
    cues: dict[str, list[str]] = lexicon()["role_cues"]
    for role, words_ in cues.items():
        pos = find_cue(folded, words_)
        if pos >= 0 and (best is None or pos < best[0]):
            best = (pos, role)
    return best[1] if best is not None else None


@cache
def _floor_verb() -> re.Pattern[str]:
    floors = "|".join(re.escape(w) for w in lexicon()["floor_words"])
    return re.compile(rf"\b(?:{floors})(?:\s+(?:the|names?|of|a|total|at|least|deaths?))*\s*$")


def floor_verb_before(before: str) -> bool:
    """'... had confirmed [the names of] 17,900': a floor verb governing the number."""
    return _floor_verb().search(fold(before)) is not None


def rate_of(after: str) -> str | None:
    """'a month', 'per year', 'daily' right after a figure (and its noun): the figure is a rate."""
    head = fold(after)[:40]
    rates: dict[str, list[str]] = lexicon()["rates"]
    best: tuple[int, str] | None = None
    for unit, cues in rates.items():  # 'a day' but not 'a day after', 'a year ago'
        m = cue_pattern(tuple(cues), _NOT_A_RATE).search(head)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), unit)
    return best[1] if best is not None else None


_NOT_A_RATE = r"(?!\s+(?:after|later|before|earlier|ago|of)\b)"


def is_prior(before: str, sentence: str) -> bool:
    """The old side of a change ('up from 17,900') or a past value ('Before it was 600,000')."""
    lex = lexicon()
    if _prior_before().search(fold(before)):
        return True
    return find_cue(fold(sentence)[:20], lex["prior_sentence_start"]) == 0


@cache
def _prior_before() -> re.Pattern[str]:
    cues = "|".join(re.escape(c) for c in lexicon()["prior_before"])
    return re.compile(rf"(?<![a-z0-9])(?:{cues})$")


_NUMBER_TAIL = re.compile(r"(?:\d|\b(?:hundred|thousand|million|billion|trillion))[.,]?\s*$")


def is_fragment(before: str) -> bool:
    """A figure right after another number ('1 million | 200 thousand'): part of a split number."""
    return _NUMBER_TAIL.search(fold(before)) is not None


@lru_cache(maxsize=4096)
def is_hypothetical(sentence: str) -> bool:
    """A scenario or a computation ('If ..., it would be between ...'), not a reported count."""
    return find_cue(fold(sentence), lexicon()["hypothetical_cues"]) >= 0


@lru_cache(maxsize=4096)
def period_from_words(sentence: str, published: str | None) -> Period | None:
    """A period from words like 'last year', 'this spring', 'last autumn', 'in 2024'."""
    pub = parse_point((published or "")[:10])
    year = pub[1].year if pub is not None and pub[1] is not None else None
    folded = fold(sentence)
    lex = lexicon()
    season_hit: tuple[int, int, int] | None = None  # (pos, first month, last month)
    previous = False  # 'last autumn': the most recent such season before publication
    for name, (first, last) in lex["seasons"].items():
        pos = find_cue(folded, [name])
        if pos >= 0 and (season_hit is None or pos < season_hit[0]):
            season_hit = (pos, int(first), int(last))
            previous = folded[:pos].rstrip().endswith(("last", "past", "previous"))
    offset: int | None = None
    for phrase, delta in lex["relative_years"].items():
        if find_cue(folded, [phrase]) >= 0:
            offset = int(delta)
            break
    if season_hit is None and offset is None:
        years = re.findall(r"(?<![\d,.])(?:in|for|during|of) ((?:19|20)\d\d)(?![\d,])", folded)
        if years:
            y = int(years[0])
            return (date(y, 1, 1), date(y, 12, 31))
        return None
    if year is None:
        return None
    if season_hit is not None:
        _, first, last = season_hit
        y = year + (offset or 0)
        if previous and pub is not None and pub[1] is not None:
            y = year if pub[1].month > last and first <= last else year - 1
        start = date(y, first, 1)
        end = month_end(y + (last < first), last)
        return (start, end)
    y = year + (offset or 0)
    return (date(y, 1, 1), date(y, 12, 31))


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d is not None else None


@cache
def _floor_words() -> frozenset[str]:
    return frozenset(lexicon()["floor_words"])


def with_context(fig: Figure, text: str, claims: Sequence[Claim], published: str | None) -> Figure:
    """``fig`` with the context fields read from ``text`` (its claim's span, else its sentence)."""
    claim = next((c for c in claims if c.id == fig.claim), None) if fig.claim else None
    if claim is not None and claim.start <= fig.start and fig.end <= claim.end:
        lo, hi = claim.start, claim.end
    else:
        lo, hi = sentence_bounds(text, fig.start, fig.end)
    sentence = text[lo:hi]
    after = text[fig.end : min(hi, fig.end + WINDOW)]
    before = text[max(lo, fig.start - WINDOW) : fig.start]
    toks = words(fig.counted or "")
    floors = _floor_words()
    period = parse_period(fig.period) or period_from_words(sentence, published)
    return replace(
        fig,
        rate=rate_of(after),
        outcome=outcome_of(toks, after, before) if fig.category == "casualties" else None,
        role=role_of(sentence) if toks else None,
        floor=any(w in floors for w in toks) or floor_verb_before(before),
        prior=fig.approx != "range" and (is_prior(before, sentence) or is_fragment(before)),
        hypothetical=is_hypothetical(sentence),
        period_start=_iso(period[0]) if period else None,
        period_end=_iso(period[1]) if period else None,
        sentence_start=lo,
        sentence_end=hi,
    )
