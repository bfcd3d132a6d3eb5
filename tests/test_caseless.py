"""CaselessPattern: a case-insensitive pattern run over lower-cased text finds what IGNORECASE finds."""

from __future__ import annotations

import re

from newsledger.extract import numbers, periods
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


def test_upper_case_letters_and_escapes_fold() -> None:
    text = "usd42 USD7 APRIL aPril Monday ,, monday may MAY ABC1 abc2"
    for source in (r"(?<!\w)USD\d+", r"\W+monday", r"[A-Z]{3}\d", r"(?P<month>April)|(?P<day>MONDAY)"):
        pattern = re.compile(source, re.IGNORECASE)
        fast = CaselessPattern(pattern)
        assert fast._fast is not None, source
        assert _spans(fast.finditer(text)) == _spans(list(pattern.finditer(text))), source
        assert _spans(fast.finditer(text)), source


def test_patterns_that_cannot_fold_run_as_given() -> None:
    text = "usd42 APRIL aPril Monday , monday may MAY café CAFÉ \\monday"
    for source in (r"\x41pril", r"(?-i:may)", "café", r"caf\u00e9", r"\\monday", r"(?P<Day>monday)"):
        pattern = re.compile(source, re.IGNORECASE)
        fast = CaselessPattern(pattern)
        assert fast._fast is None, source
        assert _spans(fast.finditer(text)) == _spans(list(pattern.finditer(text)))
    assert CaselessPattern(re.compile("monday"))._fast is None  # case-sensitive: nothing to fold


def test_only_three_characters_fold_differently_from_lower() -> None:
    """The claim CaselessPattern rests on, over every code point: an ASCII letter matches under
    IGNORECASE exactly the characters whose lower case it is, but for İ, ı and ſ; and lower case
    keeps \\w, \\d and \\s."""
    chars = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    everything = "".join(chars)
    lowered = [c.lower() for c in chars]
    odd = set()
    for letter in "abcdefghijklmnopqrstuvwxyz":
        by_re = {m.start() for m in re.finditer(letter, everything, re.IGNORECASE)}
        by_lower = {i for i, low in enumerate(lowered) if low == letter}
        odd |= {chars[i] for i in by_re ^ by_lower}
    odd |= {c for c, low in zip(chars, lowered, strict=True) if len(low) != 1}
    assert odd == {"\u0130", "\u0131", "\u017f"}
    for cls in (r"\w", r"\d", r"\s"):
        pattern = re.compile(cls)
        same = (
            (pattern.fullmatch(c) is None) == (pattern.fullmatch(low) is None)
            for c, low in zip(chars, lowered, strict=True)
            if len(low) == 1
        )
        assert all(same), cls


def test_number_patterns_fold_and_keep_the_original_case_in_groups() -> None:
    tables = numbers._tables()
    text = "Sales of USD42.5 million, 42M euros and 3 KM; TWELVE people, a Dozen eggs, half a MILLION."
    for pattern in (tables.master, tables.master_eu):
        fast = CaselessPattern(pattern)
        assert fast._fast is not None
        pos, got, want = 0, [], []
        while (m := fast.search(text, pos)) is not None:
            got.append((m.start(), m.end(), m.groupdict()))
            pos = m.end()
        pos = 0
        while (r := pattern.search(text, pos)) is not None:
            want.append((r.start(), r.end(), r.groupdict()))
            pos = r.end()
        assert got == want and len(got) >= 5
