"""Word-pattern matching over a Doc: the matches spaCy's ``Matcher`` gives, started only where a
pattern's first word is.

spaCy's ``Matcher`` tries every pattern at every token and evaluates each ``IN`` list as a Python
call per token; over the cue patterns of ``hedges.yaml`` that is most of what the cues cost.
:class:`WordPatterns` takes the same token patterns when each one starts with a plain word (or a
list of words) and its tokens use only ``LOWER``/``ORTH`` words or lists and the ``IS_*`` flags
below, with the operators ``?``, ``*``, ``+`` and ``{n}``/``{n,m}``/``{n,}``/``{,m}``. It reads the
Doc's token attributes once (``Doc.to_array``), starts each pattern only on the tokens that carry
one of its first words, and follows every path through its optional and repeated tokens, so it
returns every ``(pattern index, start, end)`` the Matcher would, ordered by end, then start, then
pattern index. :meth:`WordPatterns.build` returns None for a table it cannot take (then the
caller keeps the Matcher). ``tests/test_hedges.py`` checks both agree on the repository's texts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from spacy.attrs import IDS
from spacy.tokens import Doc
from spacy.vocab import Vocab

_WORD_ATTRS = ("LOWER", "ORTH")
_FLAG_ATTRS = ("IS_ALPHA", "IS_SPACE", "IS_PUNCT", "IS_DIGIT", "IS_TITLE", "IS_UPPER", "IS_LOWER")
_COLUMNS = _WORD_ATTRS + _FLAG_ATTRS


@dataclass(frozen=True)
class _Token:
    """One token spec: the attribute tests, all of which must hold, and how often it repeats."""

    tests: tuple[tuple[int, frozenset[int]], ...]  # (column, accepted values)
    least: int
    most: int | None  # None: no bound


def _repeats(op: Any) -> tuple[int, int | None] | None:
    """``(least, most)`` for a Matcher operator, None for one not handled here ("!")."""
    op = "1" if op is None else str(op)
    simple: dict[str, tuple[int, int | None]] = {"1": (1, 1), "?": (0, 1), "*": (0, None), "+": (1, None)}
    if op in simple:
        return simple[op]
    if not (op.startswith("{") and op.endswith("}")):
        return None
    parts = [p.strip() for p in op[1:-1].split(",")]
    if len(parts) == 1 and parts[0].isdigit():
        return int(parts[0]), int(parts[0])
    if len(parts) == 2 and all(p == "" or p.isdigit() for p in parts):
        return int(parts[0] or 0), (int(parts[1]) if parts[1] else None)
    return None


def _values(vocab: Vocab, attr: str, value: Any) -> frozenset[int] | None:
    """The attribute values (string hashes or flag 0/1) a spec accepts, None for a test not handled."""
    if attr in _FLAG_ATTRS:
        return frozenset([int(bool(value))]) if isinstance(value, bool) else None
    if isinstance(value, str):
        return frozenset([vocab.strings.add(value)])
    if isinstance(value, dict) and set(value) == {"IN"} and isinstance(value["IN"], list):
        return frozenset(vocab.strings.add(str(w)) for w in value["IN"])
    return None


def _token(vocab: Vocab, spec: dict[str, Any]) -> _Token | None:
    repeats = _repeats(spec.get("OP"))
    if repeats is None:
        return None
    tests: list[tuple[int, frozenset[int]]] = []
    for attr, value in spec.items():
        if attr == "OP":
            continue
        values = _values(vocab, attr, value) if attr in _COLUMNS else None
        if values is None:
            return None
        tests.append((_COLUMNS.index(attr), values))
    return _Token(tuple(tests), *repeats)


class WordPatterns:
    """A table of Matcher token patterns, matched from their first words (see the module doc)."""

    def __init__(self, patterns: list[tuple[_Token, ...]], firsts: dict[int, list[int]]) -> None:
        self._firsts = firsts  # LOWER hash of a first word -> indices of the patterns
        used = sorted(
            {column for pattern in patterns for token in pattern for column, _ in token.tests} | {0}
        )
        self._attrs = [IDS[_COLUMNS[column]] for column in used]  # the attributes read, LOWER first
        self._index = {column: k for k, column in enumerate(used)}  # column -> place in self._attrs
        self._patterns = [
            tuple(
                _Token(tuple((self._index[c], v) for c, v in token.tests), token.least, token.most)
                for token in pattern
            )
            for pattern in patterns
        ]

    @classmethod
    def build(cls, vocab: Vocab, table: Sequence[Sequence[dict[str, Any]]]) -> WordPatterns | None:
        """The matcher for ``table`` (one token pattern per entry), or None if a pattern uses an
        attribute or operator not handled here, or may start anywhere (its first token optional)."""
        patterns: list[tuple[_Token, ...]] = []
        firsts: dict[int, list[int]] = {}
        for index, specs in enumerate(table):
            tokens = [_token(vocab, spec) for spec in specs]
            if not tokens or any(t is None for t in tokens):
                return None
            pattern = tuple(t for t in tokens if t is not None)
            first = pattern[0]
            words = [values for column, values in first.tests if column == 0]  # LOWER
            if first.least == 0 or len(first.tests) != 1 or not words:
                return None
            for word in words[0]:
                firsts.setdefault(word, []).append(index)
            patterns.append(pattern)
        return cls(patterns, firsts)

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        """``(pattern index, start, end)`` of every match in ``doc``, by end, start, pattern index."""
        n = len(doc)
        if n == 0:
            return []
        array = doc.to_array(self._attrs)
        columns = [array[:, k].tolist() for k in range(len(self._attrs))]
        found: set[tuple[int, int, int]] = set()
        for start, lower in enumerate(columns[0]):
            for index in self._firsts.get(lower, ()):
                for end in self._ends(self._patterns[index], columns, start):
                    if end > start:
                        found.add((end, start, index))
        return [(index, start, end) for end, start, index in sorted(found)]

    @staticmethod
    def _ends(pattern: tuple[_Token, ...], columns: list[list[int]], start: int) -> set[int]:
        """Every position after a match of ``pattern`` from ``start`` (all paths)."""
        n = len(columns[0])
        positions = {start}
        for token in pattern:
            if token.least == 1 and token.most == 1 and len(token.tests) == 1:
                # one word or flag, exactly once (most tokens of the tables): one step
                column, values = token.tests[0]
                col = columns[column]
                positions = {p + 1 for p in positions if p < n and col[p] in values}
                if not positions:
                    break
                continue
            after: set[int] = set()
            frontier = positions
            count = 0
            if token.least == 0:
                after |= frontier
            while frontier and (token.most is None or count < token.most):
                frontier = {
                    p + 1
                    for p in frontier
                    if p < n and all(columns[column][p] in values for column, values in token.tests)
                }
                count += 1
                if count >= token.least:
                    after |= frontier
            positions = after
            if not positions:
                break
        return positions
