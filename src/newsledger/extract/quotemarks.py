"""Pair quotation marks in plain text (no spaCy).

News text mixes straight and curly marks, uses ``’`` both as an apostrophe
and as a closing single quote, leaves marks unclosed, and continues long
quotes over several paragraphs by opening every paragraph with a mark and
closing only the last one. :func:`find_quotes` turns all of that into a list
of :class:`QuoteSpan` without ever raising: an unclosed mark is recovered at
the end of its paragraph.

A mark's role is decided from its glyph where the glyph is unambiguous and
otherwise from what flanks it (the CommonMark idea): a mark with a space on
its left and a letter on its right can open; a mark with a letter (or
punctuation) on its left and a space or punctuation on its right can close.
An apostrophe is a mark between two letters or digits (``it’s``), before a
decade (``’90s``), or a single mark that never finds its partner in the
paragraph.

Only outermost quotes are returned: a quote nested in another (``“... ‘x’ ...”``)
is part of the outer quote's words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

DOUBLE_OPEN = "“„«"
DOUBLE_CLOSE = "”»"
SINGLE_OPEN = "‘‚‹"
SINGLE_CLOSE = "’›"
STRAIGHT_DOUBLE = '"'
STRAIGHT_SINGLE = "'"
ALL_MARKS = DOUBLE_OPEN + DOUBLE_CLOSE + SINGLE_OPEN + SINGLE_CLOSE + STRAIGHT_DOUBLE + STRAIGHT_SINGLE
_MARK = re.compile("[" + re.escape(ALL_MARKS) + "]")
# Characters after which a mark can still open a quote (besides white space).
_OPEN_CONTEXT = "([{—–-/:" + DOUBLE_OPEN + SINGLE_OPEN + STRAIGHT_DOUBLE + STRAIGHT_SINGLE


@dataclass(frozen=True)
class QuoteSpan:
    """One quoted stretch of text inside one paragraph.

    ``start``/``end`` delimit the quoted words without the marks;
    ``open_at`` is the offset of the opening mark and ``close_end`` the offset
    just after the closing mark (or the paragraph end when ``closed`` is false).
    Spans of one quote continued over several paragraphs share ``group``; the
    first has ``part == 0``.
    """

    start: int
    end: int
    open_at: int
    close_end: int
    closed: bool
    double: bool
    paragraph: int
    group: int
    part: int = 0


def paragraphs(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every non-blank line of ``text``, white space trimmed."""
    out: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        start, end = _trim(text, start, end)
        if end > start:
            out.append((start, end))
    return out


def is_apostrophe(text: str, i: int, lo: int = 0, hi: int | None = None) -> bool:
    """True when the single mark at ``text[i]`` is an apostrophe by its context alone.

    ``it’s``, ``Putin’s``, ``rock’n’roll`` (letters on both sides) and
    ``’90s`` / ``'em`` (elision at a word start) are apostrophes; ``soldiers’``
    is left to the pairing step, which treats it as an apostrophe unless a
    single quote is open.
    """
    hi = len(text) if hi is None else hi
    prev = text[i - 1] if i > lo else " "
    nxt = text[i + 1] if i + 1 < hi else " "
    if prev.isalnum() and nxt.isalnum():
        return True
    if nxt.isdigit() and i + 2 < hi and text[i + 2].isdigit():
        return True  # ’90s, '22
    return text[i + 1 : i + 3].lower() == "em" and (i + 3 >= hi or not text[i + 3].isalpha())


def _can_open(text: str, i: int, lo: int, hi: int) -> bool:
    prev = text[i - 1] if i > lo else " "
    nxt = text[i + 1] if i + 1 < hi else " "
    return (not nxt.isspace()) and (prev.isspace() or prev in _OPEN_CONTEXT)


def _can_close(text: str, i: int, lo: int, hi: int) -> bool:
    prev = text[i - 1] if i > lo else " "
    nxt = text[i + 1] if i + 1 < hi else " "
    return (not prev.isspace()) and (nxt.isspace() or not nxt.isalnum())


@dataclass
class _Open:
    at: int
    double: bool


def _scan(
    text: str, lo: int, hi: int, skip: set[int]
) -> tuple[list[tuple[int, int, bool]], _Open | None, int | None]:
    """Pair the marks of one paragraph.

    Returns the closed outermost quotes as ``(open_at, close_at, double)``,
    the outermost mark left open at the paragraph end (or None), and the
    position of an unmatched single opening mark to re-read as an apostrophe
    (or None).
    """
    stack: list[_Open] = []
    found: list[tuple[int, int, bool]] = []
    for mark in _MARK.finditer(text, lo, hi):  # only the marks: most characters are none
        i = mark.start()
        c = text[i]
        if i in skip:
            continue
        double_open = any(o.double for o in stack)
        single_open = bool(stack) and not stack[-1].double
        if c in DOUBLE_OPEN or c in DOUBLE_CLOSE or c == STRAIGHT_DOUBLE:
            opens = _can_open(text, i, lo, hi)
            closes = _can_close(text, i, lo, hi)
            if c in DOUBLE_OPEN:
                role = "close" if double_open and closes and not opens else "open"
            elif c in DOUBLE_CLOSE:
                role = "close" if double_open or not opens or closes else "open"
            else:
                role = "close" if double_open and (closes or not opens) else ("open" if opens else "")
            if role == "open" and double_open:
                role = "close"  # a second opening double mark inside a double quote: treat as its end
            if role == "open":
                stack.append(_Open(i, True))
            elif role == "close" and double_open:
                while stack and not stack[-1].double:
                    stack.pop()  # a single left open inside the double quote: it was an apostrophe
                opened = stack.pop()
                if not stack:
                    found.append((opened.at, i, True))
            continue
        # single marks
        if is_apostrophe(text, i, lo, hi):
            continue
        opens = _can_open(text, i, lo, hi)
        closes = _can_close(text, i, lo, hi)
        if c in SINGLE_OPEN:
            if opens and not single_open:
                stack.append(_Open(i, False))
            continue
        if single_open and closes:
            opened = stack.pop()
            if not stack:
                found.append((opened.at, i, False))
        elif c == STRAIGHT_SINGLE and opens and not closes and not single_open:
            stack.append(_Open(i, False))
    # An unmatched single mark was an apostrophe: report it so the caller re-reads the paragraph.
    for o in stack:
        if not o.double:
            return found, None, o.at
    return found, (stack[0] if stack else None), None


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _starts_with_open_double(text: str, lo: int, hi: int) -> bool:
    c = text[lo] if lo < hi else ""
    return c in DOUBLE_OPEN or (c == STRAIGHT_DOUBLE and _can_open(text, lo, lo, hi))


def find_quotes(text: str) -> list[QuoteSpan]:
    """All outermost quotes of ``text``, in order; never raises.

    A double mark left open at the end of a paragraph is closed there; when
    the next paragraph starts with an opening double mark the quote continues
    into it (same ``group``, next ``part``). The spans of the last few texts are kept: the
    components of one Doc each ask for them.
    """
    return list(_quotes(text))


@lru_cache(maxsize=4)
def _quotes(text: str) -> tuple[QuoteSpan, ...]:
    out: list[QuoteSpan] = []
    group = -1
    continuing = False
    part = 0
    paras = paragraphs(text)
    for p, (lo, hi) in enumerate(paras):
        skip: set[int] = set()
        while True:
            found, left_open, apostrophe = _scan(text, lo, hi, skip)
            if apostrophe is None:
                break
            skip.add(apostrophe)
        items: list[tuple[int, int, int, bool, bool]] = [(a, b, b + 1, True, d) for a, b, d in found]
        if left_open is not None:
            items.append((left_open.at, hi, hi, False, left_open.double))
        items.sort()
        for k, (open_at, close_at, close_end, closed, double) in enumerate(items):
            start, end = _trim(text, open_at + 1, close_at)
            is_first = k == 0
            if continuing and is_first and open_at == lo:
                part += 1
            else:
                group += 1
                part = 0
            if end > start:
                out.append(QuoteSpan(start, end, open_at, close_end, closed, double, p, group, part))
        last_unclosed = bool(items) and not items[-1][3] and items[-1][4]
        nxt = paras[p + 1] if p + 1 < len(paras) else None
        continuing = last_unclosed and nxt is not None and _starts_with_open_double(text, *nxt)
        if not continuing:
            part = 0
    return tuple(out)
