"""Quote-mark pairing: pure, no model."""

from __future__ import annotations

import itertools

from newsledger.extract.quotemarks import QuoteSpan, find_quotes, is_apostrophe, paragraphs


def inner(text: str) -> list[str]:
    return [text[q.start : q.end] for q in find_quotes(text)]


def test_curly_and_straight_pairs() -> None:
    assert inner("Ilse said “we hold the line” today.") == ["we hold the line"]
    assert inner('Ilse said "we hold the line" today.') == ["we hold the line"]


def test_mixed_marks_in_one_text() -> None:
    text = '"Straight," she said. “Curly,” he said. "Mixed open, curly close.”'
    assert inner(text) == ["Straight,", "Curly,", "Mixed open, curly close."]


def test_offsets_exclude_marks() -> None:
    text = "“Hold,” he said."
    (q,) = find_quotes(text)
    assert (q.open_at, q.start, q.end, q.close_end) == (0, 1, 6, 7)
    assert q.closed


def test_apostrophes_are_not_quotes() -> None:
    text = "It's Vorn's army, the ’90s kid said, and the soldiers’ pay is late."
    assert find_quotes(text) == []


def test_is_apostrophe_contexts() -> None:
    assert is_apostrophe("it’s", 2)
    assert is_apostrophe("the ’90s", 4)
    assert is_apostrophe("rock 'em", 5)
    assert not is_apostrophe("‘Go home’", 0)


def test_single_quotes_at_top_level() -> None:
    text = "Troops Refuse to 'Go Home': Report"
    assert inner(text) == ["Go Home"]
    assert inner("He called it ‘a farce’, and Vorn’s aides agreed.") == ["a farce"]


def test_possessive_plural_does_not_close_a_single_quote_early() -> None:
    assert inner("The soldiers’ pay was late, ‘very late’ she said.") == ["very late"]


def test_nested_single_inside_double_is_one_quote() -> None:
    text = "“He told me ‘no way’ and left,” she said."
    assert inner(text) == ["He told me ‘no way’ and left,"]


def test_unclosed_mark_recovers_at_paragraph_end() -> None:
    text = "“We were never told\nThe ministry did not reply. “Next,” she said."
    qs = find_quotes(text)
    assert [text[q.start : q.end] for q in qs] == ["We were never told", "Next,"]
    assert not qs[0].closed and qs[0].close_end == text.index("\n")
    assert qs[1].closed and qs[1].paragraph == 1


def test_quote_spanning_paragraphs() -> None:
    text = "Lind said: “The first part\n“The second part\n“The end.”\nAfterwards, calm."
    qs = find_quotes(text)
    assert [text[q.start : q.end] for q in qs] == ["The first part", "The second part", "The end."]
    assert len({q.group for q in qs}) == 1
    assert [q.part for q in qs] == [0, 1, 2]
    assert [q.closed for q in qs] == [False, False, True]


def test_unclosed_quote_followed_by_plain_paragraph_is_its_own_group() -> None:
    text = "“Unclosed here\nA plain paragraph.\n“Closed,” he said."
    qs = find_quotes(text)
    assert [q.group for q in qs] == [0, 1]
    assert [q.part for q in qs] == [0, 0]


def test_empty_quotes_are_skipped() -> None:
    assert find_quotes("He said “” and left.") == []


def test_paragraphs_trim_and_skip_blank_lines() -> None:
    text = "  One.  \n\n Two.\n"
    assert [text[a:b] for a, b in paragraphs(text)] == ["One.", "Two."]


def test_never_crashes_and_spans_are_sane() -> None:
    marks = ['"', "'", "“", "”", "‘", "’", "«", "»", "a", " ", "\n"]
    for combo in itertools.product(marks, repeat=5):
        text = "x" + "".join(combo) + "y"
        for q in find_quotes(text):
            assert isinstance(q, QuoteSpan)
            assert 0 <= q.open_at < q.start <= q.end <= q.close_end <= len(text)
            assert "\n" not in text[q.start : q.end]
