"""CaselessPattern: a case-insensitive pattern run over lower-cased text finds what IGNORECASE finds."""

from __future__ import annotations

import re

from newsledger.extract import periods
from newsledger.textnorm import CaselessPattern

TEXTS = [
    "Since MARCH 2023 the Ministry said, on Monday, that prices ROSE in the First Quarter of 2024.",
    "Last Week, three days ago and OVERNIGHT; in recent months; the New Year; Sunday's talks.",
    "Tomorrow in İstanbul: the Kelvin sign K and a long ſ, a dotless ı in SUNDAY and sunday.",
    "ſunday and ıncluding: letters re matches to s and i under IGNORECASE.",
    "",
]


def _spans(matches: list[re.Match[str]]) -> list[tuple[int, int, dict[str, int]]]:
    return [(m.start(), m.end(), {k: m.start(k) for k in m.groupdict()}) for m in matches]


def test_same_matches_as_ignorecase_on_the_date_patterns() -> None:
    for pattern in (periods._CALENDAR, periods._RELATIVE):
        fast = CaselessPattern(pattern)
        assert fast._fast is not None  # these patterns take the fast path
        for text in TEXTS:
            assert _spans(fast.finditer(text)) == _spans(list(pattern.finditer(text))), text


def test_letters_re_folds_differently_fall_back() -> None:
    pattern = re.compile(r"(?<!\w)(?:sunday|including|s|i)(?!\w)", re.IGNORECASE)
    fast = CaselessPattern(pattern)
    for text in TEXTS:
        assert _spans(fast.finditer(text)) == _spans(list(pattern.finditer(text))), text
    # ſ and ı match s and i under IGNORECASE though they do not lower-case to them
    assert [m.group() for m in fast.finditer("ſ ı")] == ["ſ", "ı"]


def test_patterns_that_cannot_fold_run_as_given() -> None:
    for source in (r"(?<!\w)USD\d+", r"\W+monday", r"\x41pril", r"(?-i:may)"):
        pattern = re.compile(source, re.IGNORECASE)
        fast = CaselessPattern(pattern)
        assert fast._fast is None
        text = "usd42 APRIL aPril Monday , monday may MAY"
        assert _spans(fast.finditer(text)) == _spans(list(pattern.finditer(text)))
    assert CaselessPattern(re.compile("monday"))._fast is None  # case-sensitive: nothing to fold
