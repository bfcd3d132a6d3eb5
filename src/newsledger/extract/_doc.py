"""Doc extension attributes shared by the newsledger components.

The attributes themselves are declared in :data:`newsledger.extract.registry.EXTENSIONS`
(the one place). Before a text goes through the pipeline its metadata is attached with
:func:`prepare_doc`; components read it from ``doc._`` and write their results to
``doc._.nl_*``, as their factories declare in ``requires``/``assigns``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from spacy.tokens import Doc

from newsledger.contract import Claim
from newsledger.extract.registry import EXTENSIONS
from newsledger.extract.tokenview import token_view


def ensure_extensions() -> None:
    """Register the ``doc._.nl_*`` attributes (idempotent)."""
    for name in EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


ensure_extensions()


def prepare_doc(
    doc: Doc,
    *,
    article_id: str | None = None,
    published: str | None = None,
    outlet: str | None = None,
    text: str | None = None,
) -> Doc:
    """Attach article metadata to a Doc before the pipeline runs. ``text`` is the string the Doc
    was made from (spaCy keeps it exactly), so :func:`doc_text` need not join the tokens."""
    doc._.nl_article_id = article_id
    doc._.nl_published = published
    doc._.nl_outlet = outlet
    doc._.nl_text = text
    return doc


def release(doc: Doc) -> None:
    """Drop what the components kept on ``doc`` (its ``doc._`` values and per-Doc caches) once
    its article is built. Those caches refer back to the Doc (a resolver, mentions, tokens), so
    the Doc and everything it holds would otherwise wait for the cyclic garbage collector, whose
    collections then scan them: about a tenth of newsledger's own time over a batch of articles."""
    doc.user_data.clear()


def doc_text(doc: Doc) -> str:
    """``doc.text``, joined once per Doc and kept in ``doc._.nl_text``.

    spaCy rebuilds ``Doc.text`` from every token on each access; the components read it many
    times per document, so they read it through here. A Doc's text never changes once tokenised.
    """
    # ``doc._.nl_text`` read and written where spaCy keeps it (``Doc.user_data`` under the key
    # below): ``doc._`` builds a new accessor object on each use, and this runs thousands of
    # times per article. tests/test_tokenview.py checks that both name the same value.
    user_data: dict[Any, Any] = doc.user_data
    text: str | None = user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.text
        user_data[_TEXT_KEY] = text
    return text


_TEXT_KEY = ("._.", "nl_text", None, None)  # how spaCy stores the ``nl_text`` extension


def span_chars(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """``(doc[start:end].start_char, doc[start:end].end_char)`` for ``0 <= start, end``, read from
    the token columns: no Span, no Tokens. An empty range sits where its first token starts."""
    view = token_view(doc)
    end = min(end, view.n)
    if end <= start:
        at = view.idx[start] if start < view.n else len(doc_text(doc))
        return at, at
    return view.idx[start], view.idx[end - 1] + len(view.text[end - 1])


def span_text(doc: Doc, start: int, end: int) -> str:
    """``doc[start:end].text`` for ``0 <= start, end``: a slice of the Doc's text between the
    first token's start and the last one's end (spaCy joins each token and its whitespace, less
    the last token's), where spaCy builds a Span and a Token per word of it."""
    lo, hi = span_chars(doc, start, end)
    return doc_text(doc)[lo:hi]


def doc_value(doc: Doc, name: str) -> Any:
    """``doc._.<name>`` for one of the ``nl_*`` attributes (default None), read where spaCy keeps
    it: ``doc._`` builds an accessor object on every use, and some of these are read per token."""
    user_data: dict[Any, Any] = doc.user_data
    return user_data.get(("._.", name, None, None))


def version_tag(name: str, version: str) -> str:
    """The provenance string stored on every extracted item: ``name@version``."""
    return f"{name}@{version}"


def claim_for_span(claims: Sequence[Claim], start: int, end: int) -> str | None:
    """Id of the innermost claim whose span covers ``[start, end)``, else None."""
    best: Claim | None = None
    for claim in claims:
        covers = claim.start <= start and end <= claim.end
        if covers and (best is None or (claim.end - claim.start) < (best.end - best.start)):
            best = claim
    return best.id if best is not None else None


_TREE = "newsledger.tree_order"


def tree_order(doc: Doc) -> tuple[list[int], list[int]]:
    """``(entry, last)`` per token of one depth-first walk of the parse, computed once per Doc:
    token ``x`` is in the subtree of ``h`` when ``entry[h] <= entry[x] <= last[h]``. An O(1) test
    where ``h.is_ancestor(x)`` or ``h.subtree`` walk the tree (quadratic over a run-on sentence)."""
    cached: tuple[list[int], list[int]] | None = doc.user_data.get(_TREE)
    if cached is not None and len(cached[0]) == len(doc):
        return cached
    n = len(doc)
    children: list[list[int]] = [[] for _ in range(n)]
    roots: list[int] = []
    for i, head in enumerate(token_view(doc).head):
        if head == i:
            roots.append(i)
        else:
            children[head].append(i)
    entry, last = [0] * n, [0] * n
    clock = 0
    for root in roots:
        stack: list[tuple[int, bool]] = [(root, False)]
        while stack:
            node, done = stack.pop()
            if done:
                last[node] = clock - 1
                continue
            entry[node] = clock
            clock += 1
            stack.append((node, True))
            stack.extend((child, False) for child in reversed(children[node]))
    doc.user_data[_TREE] = (entry, last)
    return entry, last
