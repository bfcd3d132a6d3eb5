"""Article text plus highlight spans -> safe HTML with properly nested ``<mark>`` elements.

Pure functions, no I/O. Every character of the article text goes through
:func:`markupsafe.escape`; attribute values are escaped too, and ``data-*`` names
are reduced to ``[a-z0-9-]`` so no input can open a tag or an attribute.

Spans may overlap without nesting (a quote that runs past the end of its
claim). HTML needs a tree, so such a span is split into pieces at the
boundaries it crosses; every piece carries the same ``data-hl`` key, and pieces
after the first get the class ``nl-cont`` so a script can treat them as one.
Paragraphs (text separated by a blank line) become ``<p>`` elements; a mark
that crosses a paragraph break is split the same way.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from markupsafe import Markup, escape

KINDS = ("claim", "quote", "source", "hedge", "figure")
# Outer to inner when two spans cover the same characters.
_RANK = {kind: i for i, kind in enumerate(KINDS)}
_PARA_BREAK = re.compile(r"\n[ \t]*\n\s*")
_ATTR_NAME = re.compile(r"[^a-z0-9-]+")


class HighlightLike(Protocol):
    """What :func:`render_article` needs of a highlight (``reconcile.model.Highlight`` fits)."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def kind(self) -> str: ...
    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def data(self) -> Mapping[str, str]: ...


@dataclass(frozen=True)
class Span:
    """A plain highlight, for callers (and tests) without ``reconcile.model``."""

    start: int
    end: int
    kind: str
    id: str
    title: str = ""
    data: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class _Item:
    key: str  # unique per highlight within the article: data-hl
    start: int
    end: int
    kind: str
    id: str
    title: str
    data: tuple[tuple[str, str], ...]

    def order(self) -> tuple[int, int, int, str]:
        return (self.start, -self.end, _RANK.get(self.kind, len(KINDS)), self.key)


def data_attr_name(key: str) -> str:
    """``data-`` plus ``key`` lower-cased with anything outside ``[a-z0-9-]`` turned into ``-``."""
    name = _ATTR_NAME.sub("-", key.lower()).strip("-")
    return f"data-{name or 'x'}"


def paragraphs(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each paragraph: runs of text between blank lines, whitespace-trimmed."""
    out: list[tuple[int, int]] = []
    pos = 0
    for m in _PARA_BREAK.finditer(text):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    return [(s, e) for s, e in out if text[s:e].strip()]


def _items(text: str, highlights: Iterable[HighlightLike]) -> list[_Item]:
    n = len(text)
    items: list[_Item] = []
    for i, h in enumerate(highlights):
        start, end = max(0, int(h.start)), min(n, int(h.end))
        if start >= end:
            continue  # empty or outside the text: nothing to mark
        data = tuple(sorted((str(k), str(v)) for k, v in dict(h.data).items() if v is not None))
        items.append(_Item(f"h{i}", start, end, str(h.kind), str(h.id), str(h.title), data))
    return items


def _open(item: _Item, first: bool, target: str | None) -> str:
    cls = f"nl-{_ATTR_NAME.sub('-', item.kind.lower())}" + ("" if first else " nl-cont")
    is_target = first and target == item.key
    if is_target:
        cls += " nl-target"
    attrs = [
        f'class="{cls}"',
        f'data-hl="{escape(item.key)}"',
        f'data-kind="{escape(item.kind)}"',
        f'data-id="{escape(item.id)}"',
    ]
    if item.title:
        attrs.append(f'title="{escape(item.title)}"')
    seen = {"data-hl", "data-kind", "data-id", "data-x"}
    for key, value in item.data:
        name = data_attr_name(key)
        if name not in seen:
            seen.add(name)
            attrs.append(f'{name}="{escape(value)}"')
    if first:
        attrs.append(f'data-start="{item.start}" data-end="{item.end}" tabindex="0"')
    if is_target:
        attrs.append('id="target"')
    return "<mark " + " ".join(attrs) + ">"


def _render_range(
    text: str,
    start: int,
    end: int,
    items: Sequence[_Item],
    opened: set[str],
    target: str | None,
) -> str:
    """HTML for ``text[start:end]`` with the items clipped to it, nested outer-to-inner."""
    local = [it for it in items if it.start < end and it.end > start]
    points = {start, end}
    for it in local:
        points.add(max(it.start, start))
        points.add(min(it.end, end))
    bounds = sorted(points)
    out: list[str] = []
    stack: list[_Item] = []
    for a, b in itertools.pairwise(bounds):
        active = sorted((it for it in local if it.start <= a and it.end >= b), key=_Item.order)
        keep = 0
        while keep < min(len(stack), len(active)) and stack[keep] is active[keep]:
            keep += 1
        out.extend("</mark>" for _ in stack[keep:])
        del stack[keep:]
        for it in active[keep:]:
            out.append(_open(it, it.key not in opened, target))
            opened.add(it.key)
            stack.append(it)
        out.append(str(escape(text[a:b])))
    out.extend("</mark>" for _ in stack)
    return "".join(out)


def render_article(
    text: str, highlights: Iterable[HighlightLike], *, target: tuple[int, int] | None = None
) -> Markup:
    """The article body as ``<p>`` paragraphs with every highlight as a nested ``<mark>``.

    The highlight spanning exactly ``target`` (start, end) gets ``id="target"`` and the class
    ``nl-target``, so other pages can link to ``/articles/ID?at=START-END#target``; when several
    do, the innermost kind (a figure rather than its claim) is chosen.
    """
    items = _items(text, highlights)
    exact = [it for it in items if (it.start, it.end) == target]
    target_key = max(exact, key=lambda it: _RANK.get(it.kind, len(KINDS))).key if exact else None
    opened: set[str] = set()
    parts = []
    for start, end in paragraphs(text):
        body = _render_range(text, start, end, items, opened, target_key)
        parts.append(f'<p data-start="{start}">{body}</p>')
    return Markup("\n".join(parts))


_LINKABLE = re.compile(r"^https?://[^\s/?#]", re.IGNORECASE)


def link_url(url: str | None) -> str | None:
    """``url`` when it may be a link (http or https with a host), else None: a ``javascript:``,
    ``data:`` or other URL from the input is shown as text, never made clickable."""
    if not url:
        return None
    cleaned = url.strip()
    if any(ord(c) < 0x21 or c in "\x7f\\" for c in cleaned) or not _LINKABLE.match(cleaned):
        return None
    return cleaned


def render_plain(text: str) -> Markup:
    """Text without highlights as escaped ``<p>`` paragraphs (removed debris, comments)."""
    return render_article(text, ())
