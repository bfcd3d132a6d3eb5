"""Canonical names of people and organisations within one article (pure string helpers).

No spaCy here: the entities extractor passes surface strings in document order and gets
canonical strings back. The rules:

* a possessive ending is not part of a name: ``Putin’s`` -> ``Putin``;
* leading titles and ranks are not part of a name: ``President Vladimir Putin`` ->
  ``Vladimir Putin``, ``Col. Tavish Brekke`` -> ``Tavish Brekke`` (titles come from
  ``data/person_titles.txt``);
* a one-word mention of a person links to a full name (two words or more) of the same
  article whose last word (surname) or, failing that, first word (given name) it equals; the
  nearest preceding full name wins, else the first following one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from newsledger.data import load_lines

POSSESSIVE = re.compile(r"(?:['’]s|(?<=s)['’])$")
DETERMINERS = ("the ", "The ", "a ", "an ")
_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=1)
def person_titles() -> tuple[str, ...]:
    """Titles from ``data/person_titles.txt``, longest first."""
    return tuple(sorted(load_lines("person_titles.txt"), key=len, reverse=True))


def strip_possessive(text: str) -> str:
    """``Putin’s`` -> ``Putin``; ``Reuters'`` (s-final) -> ``Reuters``."""
    return POSSESSIVE.sub("", text.rstrip()).rstrip()


def strip_determiner(text: str) -> str:
    """Drop one leading article: ``the Defense Ministry`` -> ``Defense Ministry``."""
    for det in DETERMINERS:
        if text.startswith(det) and len(text) > len(det):
            return text[len(det) :]
    return text


def strip_titles(text: str, titles: Iterable[str] | None = None) -> str:
    """Remove leading titles (repeatedly), never the whole name."""
    # (the default table's pattern without hashing the table again on every call)
    leading = _leading_title(tuple(titles)) if titles is not None else _default_leading_title()
    out = text.strip()
    while m := leading.match(out):
        out = out[m.end() :].lstrip()
    return out


@lru_cache(maxsize=8)
def _leading_title(table: tuple[str, ...]) -> re.Pattern[str]:
    """A title of ``table`` (the first listed, of several) and a space at the start of a name,
    with more after it: one regex for the loop over every title."""
    if not table:
        return re.compile(r"(?!)")
    return re.compile("(?:" + "|".join(re.escape(t) for t in table) + r") (?=.)", re.S)


@lru_cache(maxsize=1)
def _default_leading_title() -> re.Pattern[str]:
    return _leading_title(person_titles())


def clean_person(text: str, titles: Iterable[str] | None = None) -> str:
    """Surface text of a PERSON mention -> the bare name (no possessive, title, extra spaces)."""
    name = _SPACE.sub(" ", text.strip())
    name = strip_possessive(name)
    name = strip_determiner(name)
    return strip_titles(name, titles)


def clean_org(text: str) -> str:
    """Surface text of an organisation -> canonical form (no article, no possessive)."""
    return strip_determiner(strip_possessive(_SPACE.sub(" ", text.strip())))


def _words(name: str) -> list[str]:
    return [w.casefold() for w in name.split()]


def link_person_names(names: Sequence[str]) -> list[str]:
    """Canonical name of each cleaned person mention (same order).

    ``["Vladimir Putin", "Putin", "Vladimir"]`` -> three times ``"Vladimir Putin"``.
    """
    full = [(i, name, _words(name)) for i, name in enumerate(names) if len(name.split()) >= 2]
    out: list[str] = []
    for i, name in enumerate(names):
        words = _words(name)
        if len(words) != 1:
            out.append(name)
            continue
        word = words[0]
        match = _nearest(i, [(j, n) for j, n, w in full if w[-1] == word])
        if match is None:
            match = _nearest(i, [(j, n) for j, n, w in full if w[0] == word])
        out.append(match if match is not None else name)
    return out


def _nearest(i: int, candidates: list[tuple[int, str]]) -> str | None:
    """The candidate closest before position ``i``, else the first one after it."""
    before = [(j, n) for j, n in candidates if j < i]
    if before:
        return before[-1][1]
    after = [(j, n) for j, n in candidates if j > i]
    return after[0][1] if after else None


def known_surnames(names: Iterable[str]) -> set[str]:
    """Casefolded last words of the full (2+ word) names in ``names``."""
    return {_words(n)[-1] for n in names if len(n.split()) >= 2}
