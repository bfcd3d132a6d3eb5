"""The output contract: small frozen dataclasses, one object per article.

Offsets (``start``/``end``) are character offsets into ``Article.text``, the
cleaned body. Every extracted item names the extractor (``name@version``) that
produced it; together with the article id this is its provenance.
``docs/contract.md`` describes each field and ``schema/article.schema.json``
is the JSON Schema every output is validated against.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

APPROX = (
    "exact",
    "about",
    "more_than",
    "less_than",
    "at_least",
    "at_most",
    "up_to",
    "almost",
    "range",
    "vague",
)
Approx = Literal[
    "exact",
    "about",
    "more_than",
    "less_than",
    "at_least",
    "at_most",
    "up_to",
    "almost",
    "range",
    "vague",
]
QUOTE_KINDS = ("direct", "partial", "indirect")
QuoteKind = Literal["direct", "partial", "indirect"]
SOURCE_TYPES = (
    "named_person",
    "official_body",
    "government",
    "military",
    "media_outlet",
    "anonymous",
    "intercepted_communication",
    "social_media",
    "document",
    "expert_analyst",
    "unspecified",
)
VERIFICATION = ("verified_by_outlet", "unverified", "disputed", "denied", "unknown")
REMOVED_KINDS = ("boilerplate", "comment", "caption", "related")
ENTITY_LABELS = (
    "PERSON",
    "ORG",
    "PLACE",
    "DATE",
    "TIME",
    "NORP",
    "EVENT",
    "LAW",
    "PRODUCT",
    "WORK",
    "OTHER",
)


@dataclass(frozen=True)
class Removed:
    """A span of the raw input removed from the body, kept with its kind."""

    text: str
    kind: str  # one of REMOVED_KINDS


@dataclass(frozen=True)
class Comment:
    """A reader comment, kept apart from the article text."""

    text: str
    author: str | None = None


@dataclass(frozen=True)
class Entity:
    text: str
    start: int
    end: int
    label: str
    canonical: str
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    extractor: str = ""


@dataclass(frozen=True)
class Hedge:
    text: str
    start: int
    end: int
    kind: str = "hedge"  # hedge | disclaimer
    extractor: str = ""


@dataclass(frozen=True)
class Source:
    """One link of an attribution chain."""

    name: str
    type: str  # one of SOURCE_TYPES
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class Claim:
    id: str
    text: str
    start: int
    end: int
    sources: tuple[Source, ...] = ()
    cue: str | None = None
    hedges: tuple[Hedge, ...] = ()
    verification: str = "unknown"
    extractor: str = ""


@dataclass(frozen=True)
class Figure:
    text: str
    start: int
    end: int
    value: float | None
    low: float | None = None
    high: float | None = None
    approx: str = "exact"
    unit: str | None = None
    counted: str | None = None
    category: str = "other"
    period: str | None = None
    claim: str | None = None
    extractor: str = ""
    # Context read around the figure at extraction (extract/context.py), so that reconciliation
    # works from stored facts alone.
    rate: str | None = None  # day | week | month | year: the figure is per that unit
    outcome: str | None = None  # casualties: killed | wounded | missing | captured | casualty
    role: str | None = None  # the role an event cue gives who is counted ("called up": conscript)
    floor: bool = False  # a count checked one by one ("confirmed", "named"): a floor of the total
    prior: bool = False  # the old side of a change ("up from 900"), or part of a split number
    hypothetical: bool = False  # a scenario or computation ("if ..., it would be ..."), not a report
    period_start: str | None = None  # ISO date; the days the figure refers to (null: open or unknown)
    period_end: str | None = None
    sentence_start: int | None = None  # the span the context was read from (its claim, else sentence)
    sentence_end: int | None = None


@dataclass(frozen=True)
class Quote:
    text: str
    start: int
    end: int
    kind: str  # one of QUOTE_KINDS
    speaker: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue: str | None = None
    addressee: str | None = None
    medium: str | None = None
    claim: str | None = None
    extractor: str = ""


@dataclass(frozen=True)
class ExtractorInfo:
    name: str
    version: str


@dataclass(frozen=True)
class Extraction:
    """What the extractors find in one cleaned text (no article metadata)."""

    entities: tuple[Entity, ...] = ()
    figures: tuple[Figure, ...] = ()
    quotes: tuple[Quote, ...] = ()
    claims: tuple[Claim, ...] = ()


@dataclass(frozen=True)
class Article:
    id: str
    text: str
    path: str | None = None
    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    authors: tuple[str, ...] = ()
    removed: tuple[Removed, ...] = ()
    comments: tuple[Comment, ...] = ()
    entities: tuple[Entity, ...] = ()
    figures: tuple[Figure, ...] = ()
    quotes: tuple[Quote, ...] = ()
    claims: tuple[Claim, ...] = ()
    extractor: ExtractorInfo = field(default_factory=lambda: ExtractorInfo("newsledger", ""))
    fetched: str | None = None
    truncated: bool = False
    # Syndication, set by reconcile (None until then, and for an origin): the id of the earliest
    # article of this article's syndication group, and the resemblance of the two bodies (0-1).
    copy_of: str | None = None
    copy_similarity: float | None = None
    dateline_place: str | None = None  # a wire dateline opening the body: "KORVASK, March 11 (CPA) - "
    dateline_source: str | None = None  # the agency in its brackets ("CPA"), never taken as the outlet
    # ISO 639-1 code of the text's language when detected with confidence ("en", "de"); None when
    # unsure. Articles in another language than English are stored without extractions.
    language: str | None = None

    def to_json(self) -> dict[str, Any]:
        """A plain ``dict`` ready for ``json.dumps``, matching the JSON Schema."""
        return to_json(self)


def to_json(obj: Any) -> dict[str, Any]:
    """Convert any contract dataclass to plain JSON-ready data."""
    data = asdict(obj)
    return _lists(data)


def _lists(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _lists(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_lists(v) for v in value]
    return value
