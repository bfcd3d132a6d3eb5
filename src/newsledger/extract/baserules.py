"""The base model's two rule components, run with the same rules and the same results, faster.

The pinned spaCy model ends its tagging with two components that are rules, not weights:

* ``attribute_ruler`` maps each token's fine-grained tag (and a few words) to its coarse part of
  speech, morphology and some lemmas. spaCy matches its 179 one- and two-token patterns with the
  general ``Matcher``, which calls a predicate per token and pattern: about a tenth of the model
  pass. :class:`FastAttributeRuler` finds the same matches by looking each token's tag, word and
  dependency up in tables built once from the ruler's own patterns, sorts them as spaCy does, and
  writes each token's attributes with spaCy's own ``set_token_attrs``;
* ``lemmatizer`` (rule mode) computes each token's lemma from its word, part of speech and
  morphology, and caches only some of the answers (a word in its base form is worked out again at
  every occurrence). :class:`FastLemmatizer` asks spaCy's own ``lemmatize`` once per (word, part
  of speech, morphology), the three things its answer depends on, and reuses the answer.

:func:`speed_up` gives the model loaded by :func:`newsledger.nlp.load_nlp` these two classes
(subclasses of spaCy's, with the same names, configs and patterns: the config hash is unchanged).
A ruler with a pattern form the tables do not cover (an operator, another predicate, an extension
attribute) keeps spaCy's matching, as does a lemmatizer in another mode.
``tests/test_baserules.py`` compares both with spaCy's on the repository's texts.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, cast

from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.errors import Errors
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.strings import get_string_id
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

# The token columns the tables read, by the pattern attribute that names them.
_COLUMNS: dict[str, int] = {"ORTH": ORTH, "LOWER": LOWER, "TAG": TAG, "DEP": DEP, "IS_SPACE": IS_SPACE}
_COLUMN_IDS: list[int | str] = list(_COLUMNS.values())
_POSITION = {name: k for k, name in enumerate(_COLUMNS)}
_STRING_COLUMNS = frozenset({"ORTH", "LOWER", "TAG", "DEP"})
# The attributes a rule may set here: plain fields of the token, each written independently.
_SETTABLE = frozenset({POS, TAG, MORPH, LEMMA, DEP})
_INDEXED = ("LOWER", "ORTH", "TAG", "DEP")  # the column a pattern is filed under, first found


@dataclass(frozen=True)
class _Check:
    """One test of one token column: ``kind`` is "eq" (hash or flag), "in", "not_in" or "regex"."""

    column: int
    kind: str
    value: Any


@dataclass(frozen=True)
class _Rule:
    """One pattern of the ruler: its attribute set (sort key), length, checks per token, target."""

    key: int
    length: int
    checks: tuple[tuple[_Check, ...], ...]
    index: int  # the token of a match that takes the attributes (0 <= index < length)


def _check(attr: str, value: Any) -> list[_Check] | None:
    """The checks of one ``attr: value`` of a token pattern, or None for a form not covered."""
    name = attr.upper()
    if name not in _COLUMNS:
        return None
    column = _POSITION[name]
    if isinstance(value, bool):
        return [_Check(column, "eq", int(value))] if name == "IS_SPACE" else None
    if name not in _STRING_COLUMNS:
        return None
    if isinstance(value, str):
        return [_Check(column, "eq", get_string_id(value))]
    if not isinstance(value, dict) or not value:
        return None
    checks = []
    for predicate, arg in value.items():
        if predicate in ("IN", "NOT_IN") and isinstance(arg, list) and all(isinstance(v, str) for v in arg):
            checks.append(_Check(column, predicate.lower(), frozenset(get_string_id(v) for v in arg)))
        elif predicate == "REGEX" and isinstance(arg, str):
            checks.append(_Check(column, "regex", re.compile(arg)))
        else:
            return None
    return checks


def _rule(key: int, pattern: Any, index: int) -> _Rule | None:
    if not isinstance(pattern, list) or not pattern:
        return None
    tokens: list[tuple[_Check, ...]] = []
    for spec in pattern:
        if not isinstance(spec, dict) or not spec:
            return None
        checks: list[_Check] = []
        for attr, value in spec.items():
            found = _check(attr, value) if isinstance(attr, str) else None
            if found is None:
                return None
            checks += found
        tokens.append(tuple(checks))
    length = len(tokens)
    if not -length <= index < length:
        return None  # spaCy raises its own error for it: leave that to spaCy
    return _Rule(key, length, tuple(tokens), index % length)


@dataclass(frozen=True)
class _Filed:
    """Rules filed by a value one of their tokens must have (the first such token, the first such
    column of it), and those with none to file them by."""

    by_value: tuple[tuple[int, int, dict[int, list[_Rule]]], ...]  # (token offset, column, value -> rules)
    always: tuple[_Rule, ...]

    def candidates(self, rows: list[list[int]], i: int) -> list[_Rule]:
        """The rules a match starting at token ``i`` may be of."""
        found: list[_Rule] = []
        n = len(rows)
        for offset, column, table in self.by_value:
            if i + offset < n:
                hit = table.get(rows[i + offset][column])
                if hit:
                    found += hit
        found += self.always
        return found


def _filing(rule: _Rule) -> tuple[int, int, _Check] | None:
    for offset, checks in enumerate(rule.checks):
        by_column = {c.column: c for c in checks if c.kind in ("eq", "in")}
        for name in _INDEXED:
            if _POSITION[name] in by_column:
                return offset, _POSITION[name], by_column[_POSITION[name]]
    return None


def _file(rules: list[_Rule]) -> _Filed:
    filed: dict[tuple[int, int], dict[int, list[_Rule]]] = {}
    always: list[_Rule] = []
    for rule in rules:
        filing = _filing(rule)
        if filing is None:
            always.append(rule)
            continue
        offset, column, check = filing
        table = filed.setdefault((offset, column), {})
        for value in [check.value] if check.kind == "eq" else sorted(check.value):
            table.setdefault(value, []).append(rule)
    return _Filed(tuple((o, c, t) for (o, c), t in filed.items()), tuple(always))


@dataclass
class _Tables:
    """The ruler's rules: those of one token answered once per distinct token (the columns they
    read: its word, tag, dependency and space flag), those of several filed by a value one of their
    tokens must have."""

    single: _Filed  # the rules of one token
    longer: _Filed  # the rules of several
    attrs: list[dict[int, Any]]
    seen: dict[tuple[int, ...], tuple[int, ...]]  # a token's columns -> the one-token rules it matches
    merged: dict[tuple[int, ...], dict[int, Any]]  # the attributes of a set of rules, merged in order


MEMO_LIMIT = 500_000  # distinct tokens (or words) a ruler or lemmatizer keeps its answer for


def _tables(ruler: AttributeRuler) -> _Tables | None:
    """Tables for ``ruler``'s patterns, or None when one of them is not covered."""
    strings = ruler.vocab.strings
    rules: list[_Rule] = []
    for key, attrs in enumerate(ruler.attrs):
        if not isinstance(attrs, dict) or not set(attrs) <= _SETTABLE:
            return None
        entry = ruler.matcher.get(strings[str(key)]) if str(key) in strings else None
        if entry is None:
            return None
        on_match, patterns = entry
        if on_match is not None or not patterns:
            return None
        for pattern in patterns:
            rule = _rule(key, pattern, int(ruler.indices[key]))
            if rule is None:
                return None
            rules.append(rule)
    if len(ruler.attrs) != len(ruler.matcher):
        return None
    single = _file([r for r in rules if r.length == 1])
    longer = _file([r for r in rules if r.length > 1])
    return _Tables(single, longer, list(ruler.attrs), {}, {})


def _passes(check: _Check, value: int, text: Callable[[int], str]) -> bool:
    kind = check.kind
    if kind == "eq":
        return bool(value == check.value)
    if kind == "in":
        return value in check.value
    if kind == "not_in":
        return value not in check.value
    return bool(check.value.search(text(value)))


def _matches(rule: _Rule, rows: list[list[int]], i: int, text: Callable[[int], str]) -> bool:
    return all(
        _passes(c, rows[i + j][c.column], text) for j, checks in enumerate(rule.checks) for c in checks
    )


def find_rules(tables: _Tables, doc: Doc) -> list[tuple[int, int, int]]:
    """(rule key, first token, token that takes the attributes) of every match in ``doc``, in the
    order spaCy's ruler applies them (by key, then start, then end; the same match found by two
    patterns of one key once, as spaCy's ``Matcher`` gives it)."""
    n = len(doc)
    if not n:
        return []
    rows: list[list[int]] = doc.to_array(_COLUMN_IDS).tolist()
    strings = doc.vocab.strings

    def text(value: int) -> str:
        return str(strings[value])

    seen = tables.seen
    if len(seen) > MEMO_LIMIT:
        seen.clear()
    found: set[tuple[int, int, int, int]] = set()
    for i, row in enumerate(rows):
        column_values = tuple(row)
        keys = seen.get(column_values)
        if keys is None:
            keys = tuple(
                sorted({r.key for r in tables.single.candidates(rows, i) if _matches(r, rows, i, text)})
            )
            seen[column_values] = keys
        for key in keys:
            found.add((key, i, i + 1, i))
        for rule in tables.longer.candidates(rows, i):
            if i + rule.length <= n and _matches(rule, rows, i, text):
                found.add((rule.key, i, i + rule.length, i + rule.index))
    return [(key, start, target) for key, start, _end, target in sorted(found)]


class FastAttributeRuler(AttributeRuler):
    """spaCy's ``AttributeRuler`` whose matches come from tables (see the module text)."""

    _nl_tables: _Tables | None

    def __call__(self, doc: Doc) -> Doc:
        tables = self._nl_tables
        if tables is None:
            return super().__call__(doc)
        error_handler = self.get_error_handler()
        try:
            _apply(tables, doc, find_rules(tables, doc))
            return doc
        except Exception as e:
            return error_handler(self.name, self, [doc], e)


def _apply(tables: _Tables, doc: Doc, matches: Sequence[tuple[int, int, int]]) -> None:
    """Each matched token's attributes, as spaCy's ruler sets them match by match in sorted order:
    a later rule's value of an attribute replaces an earlier one's (each is a field of its own)."""
    per_token: dict[int, list[int]] = {}
    for key, _start, target in matches:
        per_token.setdefault(target, []).append(key)
    merged = tables.merged
    for position in sorted(per_token):
        keys = tuple(per_token[position])
        attrs = merged.get(keys)
        if attrs is None:
            attrs = {}
            for key in keys:
                attrs.update(tables.attrs[key])
            merged[keys] = attrs
        set_token_attrs(doc[position], attrs)


class FastLemmatizer(EnglishLemmatizer):
    """spaCy's English rule lemmatizer answering each (word, part of speech, morphology) once."""

    _nl_memo: dict[tuple[int, int, int], int]

    def __call__(self, doc: Doc) -> Doc:
        if self.mode != "rule":
            return super().__call__(doc)
        if not self._validated:
            self._validate_tables(Errors.E1004)
        error_handler = self.get_error_handler()
        try:
            memo = self._nl_memo
            if len(memo) > MEMO_LIMIT:
                memo.clear()
            overwrite = self.overwrite
            for i, (orth, pos, morph, lemma) in enumerate(doc.to_array([ORTH, POS, MORPH, LEMMA]).tolist()):
                if overwrite or lemma == 0:
                    key = (orth, pos, morph)
                    known = memo.get(key)
                    token = doc[i]
                    if known is None:
                        token.lemma_ = self.lemmatize(token)[0]
                        memo[key] = token.lemma
                    else:
                        token.lemma = known
            return doc
        except Exception as e:
            error_handler(self.name, self, [doc], e)
            return doc


def speed_up(nlp: Language) -> None:
    """Give ``nlp``'s ``attribute_ruler`` and English rule ``lemmatizer`` the classes above (the
    same objects, patterns and tables; only how they are applied changes)."""
    for _name, proc in nlp.pipeline:
        if type(proc) is AttributeRuler:
            tables = _tables(proc)
            proc.__class__ = FastAttributeRuler
            cast(FastAttributeRuler, proc)._nl_tables = tables
        elif type(proc) is EnglishLemmatizer:
            proc.__class__ = FastLemmatizer
            cast(FastLemmatizer, proc)._nl_memo = {}
