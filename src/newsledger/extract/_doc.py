"""Doc extension attributes shared by the newsledger components.

Before a text goes through the pipeline its metadata is attached with
:func:`prepare_doc`; components read it from ``doc._`` and write their results
to ``doc._.nl_*``.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc

from newsledger.contract import Claim

_EXTENSIONS: dict[str, object] = {
    "nl_article_id": None,  # str | None
    "nl_published": None,  # ISO date string of the article, or None
    "nl_outlet": None,  # outlet name (outermost source of every claim), or None
    "nl_entities": None,  # list[Entity]
    "nl_attributions": None,  # list[extract.attributions.Attribution]: read by quotes and claims
    "nl_quotes": None,  # list[Quote]
    "nl_claims": None,  # list[Claim]
    "nl_figures": None,  # list[Figure]
}


def ensure_extensions() -> None:
    """Register the ``doc._.nl_*`` attributes (idempotent)."""
    for name, default in _EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


ensure_extensions()


def prepare_doc(
    doc: Doc,
    *,
    article_id: str | None = None,
    published: str | None = None,
    outlet: str | None = None,
) -> Doc:
    """Attach article metadata to a Doc before the pipeline runs."""
    doc._.nl_article_id = article_id
    doc._.nl_published = published
    doc._.nl_outlet = outlet
    return doc


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
