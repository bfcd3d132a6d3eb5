"""The output contract: small frozen dataclasses, one object per article.

Offsets (``start``/``end``) are character offsets into ``Article.text``, the
cleaned body. Every extracted item names the extractor (``name@version``) that
produced it; together with the article id this is its provenance.
``docs/contract.md`` describes each field and ``schema/article.schema.json``
is the JSON Schema every output is validated against.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, Literal, TypeVar, Union

T = TypeVar("T")

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
HEDGE_VOICES = ("reporter", "quoted")  # Hedge.voice: the reporter's own hedge or a quoted speaker's
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
CHANGES = ("up", "down")  # Figure.change: the direction of a change the figure reports
VERIFICATION = ("verified_by_outlet", "unverified", "disputed", "denied", "unknown")
REMOVED_KINDS = ("boilerplate", "comment", "caption", "related")
# What ingest made of the page: "article" (read as an article), "uncertain" (kept, but the page
# might be an index, a landing page or a stub: little running text of its own, or declared as
# something other than an article). Pages shown to be section fronts are skipped, never stored.
PAGE_KINDS = ("article", "uncertain")
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
    # Whose hedge it is: the reporter's own ("reportedly", outside quotation marks) or a quoted
    # speaker's (inside quotation marks: "'It was allegedly taken,' the prosecutor said"), one of
    # HEDGE_VOICES; ``speaker`` is then the quotation's resolved speaker when it has one.
    voice: str = "reporter"
    speaker: str | None = None


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
    # The attribution the chain stands for: its kind (one of QUOTE_KINDS; None for the outlet's own
    # claim) and confidence (the rules: 1.0; the learned model: the mean probability of its tags).
    kind: str | None = None
    confidence: float = 1.0


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
    # A change the sentence reports for the figure: its direction (one of CHANGES) and whether the
    # figure is the amount of the change ("up 19 cents", "rose 0.3%": delta) or the level it reached
    # ("rose to 5.2%", "doubling to 256GB": change set, delta false). A delta is never a level.
    change: str | None = None
    delta: bool = False


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
    # Where the cue stands; quotes naming the same cue are the parts of one attribution whose
    # content is discontinuous ('"X," she said. "Y"': PARC counts one attribution).
    cue_start: int | None = None
    cue_end: int | None = None
    confidence: float = 1.0  # the rules: 1.0; the learned model: the mean probability of its tags


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
    page_kind: str = "article"  # one of PAGE_KINDS

    def to_json(self) -> dict[str, Any]:
        """A plain ``dict`` ready for ``json.dumps``, matching the JSON Schema."""
        return to_json(self)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Article:
        """The Article that :meth:`to_json` wrote (``Article.from_json(a.to_json()) == a``)."""
        return from_json(cls, data)


def from_json(cls: type[T], data: Mapping[str, Any]) -> T:
    """A contract dataclass from the plain data :func:`to_json` made of it (lists become tuples,
    nested objects their dataclasses); keys that are not fields are ignored."""
    hints = typing.get_type_hints(cls)
    names = [f.name for f in dataclasses.fields(cls)]  # type: ignore[arg-type]
    return cls(**{name: _typed(hints[name], data[name]) for name in names if name in data})


def _typed(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(hint)
    if origin in (Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        return _typed(args[0], value) if len(args) == 1 else value
    if origin is tuple:
        item = typing.get_args(hint)[0]
        return tuple(_typed(item, v) for v in value)
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        return from_json(hint, value)
    return value


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
