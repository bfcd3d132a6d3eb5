"""Gold files: load and validate them, and resolve their surface anchors to offsets.

A gold file is JSON Lines; every line is a newsledger JSONL input record plus a
``"gold"`` key (see docs/eval.md for the format and the annotation guidelines).
Gold items do not store offsets: they name a surface string (``text``) and which
match of it they mean (``occurrence``, 1-based). Anchors are resolved in the
*cleaned* text of the article that is scored, so debris removal in ingest cannot
shift them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsledger.contract import APPROX, ENTITY_LABELS, QUOTE_KINDS, SOURCE_TYPES, VERIFICATION
from newsledger.errors import EvalError

FIELDS = ("figures", "quotes", "claims", "hedges", "entities")
CATEGORIES = ("casualties", "recruitment", "prisoners", "equipment", "territory", "money", "other")
# Labels scored in the entities field. DATE and TIME are not annotated (dates are
# handled as figure periods), so predictions with those labels are not scored.
SCORED_ENTITY_LABELS = frozenset(ENTITY_LABELS) - {"DATE", "TIME"}
LOWER_BOUND = ("more_than", "at_least")
UPPER_BOUND = ("less_than", "at_most", "up_to", "almost")
_PERIOD = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?(/\d{4}(-\d{2}(-\d{2})?)?)?$")

Span = tuple[int, int]


@dataclass(frozen=True)
class Anchor:
    """A surface string and which match of it (1-based) is meant."""

    text: str
    occurrence: int = 1


@dataclass(frozen=True)
class GoldItem:
    """One annotated item: where it is (anchor) and its attributes (the JSON object)."""

    anchor: Anchor
    attrs: Mapping[str, Any]


@dataclass(frozen=True)
class GoldArticle:
    """One line of a gold file."""

    path: str
    line: int
    url: str | None
    id: str | None
    text: str
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    annotated: frozenset[str] = frozenset()
    items: Mapping[str, tuple[GoldItem, ...]] = field(default_factory=dict)
    not_figures: tuple[Anchor, ...] = ()
    profile: str | None = None  # the figures profile its categories follow (gold.profile), else the default

    @property
    def key(self) -> str:
        """Pairing key: the url, else the id, else the file position."""
        return self.url or self.id or f"{self.path}:{self.line}"

    def count(self, name: str) -> int:
        return len(self.items.get(name, ()))


# -- loading -----------------------------------------------------------------------------------------------


def gold_files(path: str | Path) -> list[Path]:
    """The gold files named by ``path``: the file itself, or every ``*.jsonl`` in a directory."""
    p = Path(path)
    if p.is_dir():
        files = sorted(p.glob("*.jsonl"))
        if not files:
            raise EvalError(f"{p}: no *.jsonl gold files in this directory")
        return files
    if not p.is_file():
        raise EvalError(f"{p}: gold file not found")
    return [p]


def load_gold(path: str | Path) -> list[GoldArticle]:
    """Read and validate every gold article under ``path`` (file or directory)."""
    out: list[GoldArticle] = []
    seen: dict[str, str] = {}
    for file in gold_files(path):
        for article in _load_file(file):
            where = f"{article.path}:{article.line}"
            if article.key in seen:
                raise EvalError(f"{where}: article {article.key!r} already defined at {seen[article.key]}")
            seen[article.key] = where
            out.append(article)
    return out


def _load_file(file: Path) -> Iterator[GoldArticle]:
    try:
        lines = file.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise EvalError(f"{file}: cannot be read: {exc}") from exc
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise EvalError(f"{file}:{number}: not valid JSON: {exc.msg}") from exc
        yield parse_record(record, path=str(file), line=number)


def parse_record(record: Any, *, path: str = "<gold>", line: int = 0) -> GoldArticle:
    """Validate one gold record (a parsed JSON line) and build a :class:`GoldArticle`."""
    where = f"{path}:{line}"
    if not isinstance(record, dict):
        raise EvalError(f"{where}: a gold line must be a JSON object")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise EvalError(f"{where}: missing or empty 'text'")
    gold = record.get("gold")
    if not isinstance(gold, dict):
        raise EvalError(f"{where}: missing 'gold' object")
    annotated = gold.get("annotated", [])
    if not isinstance(annotated, list) or any(a not in FIELDS for a in annotated):
        raise EvalError(f"{where}: 'annotated' must be a list drawn from {', '.join(FIELDS)}")
    items: dict[str, tuple[GoldItem, ...]] = {}
    for name in FIELDS:
        raw_items = gold.get(name, [])
        if not isinstance(raw_items, list):
            raise EvalError(f"{where}: gold.{name} must be a list")
        items[name] = tuple(
            _parse_item(name, obj, f"{where}: gold.{name}[{i}]") for i, obj in enumerate(raw_items)
        )
    not_figures = tuple(
        _parse_anchor(obj, f"{where}: gold.not_figures[{i}]")
        for i, obj in enumerate(gold.get("not_figures", []))
    )
    return GoldArticle(
        path=path,
        line=line,
        url=_opt_str(record, "url", where),
        id=_opt_str(record, "id", where),
        text=text,
        title=_opt_str(record, "title", where),
        outlet=_opt_str(record, "outlet", where),
        published=_opt_str(record, "published", where),
        annotated=frozenset(annotated),
        items=items,
        not_figures=not_figures,
        profile=_opt_str(gold, "profile", where),
    )


def _opt_str(obj: Mapping[str, Any], key: str, where: str) -> str | None:
    value = obj.get(key)
    if value is not None and not isinstance(value, str):
        raise EvalError(f"{where}: {key!r} must be a string or null")
    return value


def _parse_anchor(obj: Any, where: str) -> Anchor:
    if isinstance(obj, str):
        obj = {"text": obj}
    if not isinstance(obj, dict):
        raise EvalError(f"{where}: must be an object (or a string for not_figures)")
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise EvalError(f"{where}: missing or empty 'text' anchor")
    occurrence = obj.get("occurrence", 1)
    if not isinstance(occurrence, int) or isinstance(occurrence, bool) or occurrence < 1:
        raise EvalError(f"{where}: 'occurrence' must be an integer >= 1")
    return Anchor(text, occurrence)


def _parse_item(name: str, obj: Any, where: str) -> GoldItem:
    anchor = _parse_anchor(obj, where)
    attrs = dict(obj)
    if name == "figures":
        _check_figure(attrs, where)
    elif name == "quotes":
        _check_in(attrs, "kind", QUOTE_KINDS, where)
        for key in ("speaker", "cue", "addressee", "medium"):
            _opt_str(attrs, key, where)
        aliases = attrs.setdefault("speaker_aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise EvalError(f"{where}: 'speaker_aliases' must be a list of strings")
    elif name == "claims":
        sources = attrs.get("sources", [])
        if not isinstance(sources, list):
            raise EvalError(f"{where}: 'sources' must be a list")
        for j, src in enumerate(sources):
            if not isinstance(src, dict) or not isinstance(src.get("name"), str):
                raise EvalError(f"{where}: sources[{j}] needs a 'name'")
            _check_in(src, "type", SOURCE_TYPES, f"{where}: sources[{j}]")
        attrs.setdefault("verification", "unknown")
        _check_in(attrs, "verification", VERIFICATION, where)
    elif name == "entities":
        _check_in(attrs, "label", ENTITY_LABELS, where)
        attrs.setdefault("canonical", anchor.text)
        _opt_str(attrs, "canonical", where)
    return GoldItem(anchor, attrs)


def _check_in(obj: Mapping[str, Any], key: str, allowed: Sequence[str], where: str) -> None:
    if obj.get(key) not in allowed:
        raise EvalError(f"{where}: {key}={obj.get(key)!r} is not one of {', '.join(allowed)}")


def _number(obj: Mapping[str, Any], key: str, where: str) -> float | None:
    value = obj.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise EvalError(f"{where}: {key!r} must be a number or null")
    return float(value)


def _check_figure(attrs: dict[str, Any], where: str) -> None:
    """Validate a gold figure and fill ``low``/``high`` from ``value`` where the rules fix them."""
    attrs.setdefault("approx", "exact")
    _check_in(attrs, "approx", APPROX, where)
    attrs.setdefault("category", "other")
    _check_in(attrs, "category", CATEGORIES, where)
    for key in ("unit", "counted", "period"):
        _opt_str(attrs, key, where)
    period = attrs.get("period")
    if period is not None and not _PERIOD.match(period):
        raise EvalError(f"{where}: period {period!r} is not an ISO date or interval (2024-03-01/2024-03-31)")
    approx = attrs["approx"]
    value = _number(attrs, "value", where)
    low, high = _number(attrs, "low", where), _number(attrs, "high", where)
    if approx in ("range", "vague"):
        if value is not None:
            raise EvalError(f"{where}: a {approx} figure has value null and low/high set")
        if low is None or high is None or low > high:
            raise EvalError(f"{where}: a {approx} figure needs low <= high")
        return
    if value is None:
        raise EvalError(f"{where}: an {approx} figure needs a value")
    expected_low = value if approx in ("exact", *LOWER_BOUND) else low
    expected_high = value if approx in ("exact", *UPPER_BOUND) else high
    for key, got, want in (("low", low, expected_low), ("high", high, expected_high)):
        if got is None:
            attrs[key] = want
        elif want is not None and got != want:
            raise EvalError(
                f"{where}: approx={approx} with value {value:g} needs {key}={want:g}, got {got:g}"
            )


# -- anchors ------------------------------------------------------------------------------------------------

_QUOTE_CLASSES = {
    '"': '["\u201c\u201d\u201e\u00ab\u00bb]',
    "\u201c": '["\u201c\u201d\u201e\u00ab\u00bb]',
    "\u201d": '["\u201c\u201d\u201e\u00ab\u00bb]',
    "'": "['\u2018\u2019\u02bc]",
    "\u2018": "['\u2018\u2019\u02bc]",
    "\u2019": "['\u2018\u2019\u02bc]",
    "-": "[-\u2010\u2011\u2012\u2013\u2014]",
    "\u2013": "[-\u2010\u2011\u2012\u2013\u2014]",
    "\u2014": "[-\u2010\u2011\u2012\u2013\u2014]",
}


def anchor_pattern(text: str) -> re.Pattern[str]:
    """A regex for an anchor: whitespace runs match any whitespace (incl. thin and no-break
    spaces), quote marks, apostrophes and dashes match their typographic variants, and an
    anchor that starts/ends with a letter or digit only matches at a word boundary, so
    "40" never matches inside "1,400".
    """
    parts: list[str] = []
    for chunk in re.split(r"(\s+)", text.strip()):
        if not chunk:
            continue
        if chunk.isspace():
            parts.append(r"\s+")
            continue
        parts.append("".join(_QUOTE_CLASSES.get(ch, re.escape(ch)) for ch in chunk))
    body = "".join(parts)
    stripped = text.strip()
    if stripped[:1].isalnum():
        body = r"(?<![^\W_])" + body
    if stripped[-1:].isalnum():
        body = body + r"(?![^\W_])"
    return re.compile(body)


def find_all(text: str, anchor_text: str) -> list[Span]:
    """Every (non-overlapping) match of an anchor string in ``text``, in order."""
    return [m.span() for m in anchor_pattern(anchor_text).finditer(text)]


def resolve(text: str, anchor: Anchor) -> Span | None:
    """Offsets of the anchor's ``occurrence``-th match in ``text``, or None."""
    spans = find_all(text, anchor.text)
    if anchor.occurrence > len(spans):
        return None
    return spans[anchor.occurrence - 1]


@dataclass(frozen=True)
class ResolvedItem:
    span: Span
    attrs: Mapping[str, Any]


def resolve_article(article: GoldArticle, text: str) -> dict[str, list[ResolvedItem]]:
    """Resolve every gold item of ``article`` in ``text`` (the cleaned text being scored).

    Raises EvalError naming the file, line and anchor when one cannot be found.
    """
    out: dict[str, list[ResolvedItem]] = {}
    for name in FIELDS:
        resolved: list[ResolvedItem] = []
        for i, item in enumerate(article.items.get(name, ())):
            span = resolve(text, item.anchor)
            if span is None:
                found = len(find_all(text, item.anchor.text))
                raise EvalError(
                    f"{article.path}:{article.line}: gold.{name}[{i}] anchor {item.anchor.text!r} "
                    f"occurrence {item.anchor.occurrence} not found in the cleaned text of {article.key} "
                    f"({found} match{'es' if found != 1 else ''})",
                    hint="Fix the anchor or occurrence in the gold file (anchors refer to the cleaned text).",
                )
            resolved.append(ResolvedItem(span, item.attrs))
        out[name] = resolved
    return out


def not_figure_spans(article: GoldArticle, text: str) -> list[Span]:
    """Every match of every not-figure string in ``text`` (all occurrences)."""
    return [span for anchor in article.not_figures for span in find_all(text, anchor.text)]
