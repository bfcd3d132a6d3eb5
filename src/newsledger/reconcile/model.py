"""What reconciliation produces, as small frozen dataclasses shared by the library, CLI and web.

Ids are stable strings: a metric id and a cluster id are short hashes of their keys, so links
stay valid across re-runs of ``reconcile`` as long as the underlying figures do not change.
A claim's global id is ``"<article_id>:<claim_id>"`` (e.g. ``"3f2a9c...:c4"``).
"""

from __future__ import annotations

from dataclasses import dataclass

from newsledger.contract import Source


@dataclass(frozen=True)
class TimelinePoint:
    """One figure of a metric, as reported by one article, with its sourcing."""

    article_id: str
    outlet: str | None
    published: str | None
    claim_id: str | None  # global claim id
    text: str  # the figure's surface text
    start: int
    end: int
    value: float | None
    low: float | None
    high: float | None
    approx: str
    unit: str | None
    period: str | None
    sources: tuple[Source, ...]  # the claim's chain, outermost first
    source_type: str  # type of the innermost source (the chain's last link)
    verification: str


@dataclass(frozen=True)
class MetricSummary:
    """A metric: (category, counted, place/actor, period). Figures of one metric form a timeline."""

    id: str
    label: str  # human-readable, e.g. "casualties: killed (Velgaria), 2024-11-01/.."
    category: str
    counted: str | None
    place: str | None
    period: str | None
    unit: str | None
    figures: int
    outlets: int
    first_published: str | None
    last_published: str | None
    contradictions: int


@dataclass(frozen=True)
class MetricTimeline:
    metric: MetricSummary
    points: tuple[TimelinePoint, ...]  # ordered by published, then article id


@dataclass(frozen=True)
class ClusterMember:
    """One report of a claim in one article."""

    claim_id: str  # global claim id
    article_id: str
    outlet: str | None
    published: str | None
    text: str
    start: int
    end: int
    sources: tuple[Source, ...]
    cites: str | None  # the outlet this report credits ("citing the Harbour Standard"), if any


@dataclass(frozen=True)
class ClaimCluster:
    """Reports of the same claim across outlets, earliest first."""

    id: str
    label: str
    first: ClusterMember  # the first reporter (earliest published)
    members: tuple[ClusterMember, ...]  # earliest first, first reporter included
    metric_id: str | None


@dataclass(frozen=True)
class Contradiction:
    """Two reports of one metric with overlapping periods and incompatible values or bounds."""

    id: str
    metric_id: str
    metric_label: str
    a: TimelinePoint
    b: TimelinePoint
    reason: str  # e.g. "12,000 (about) is outside more than 40,000"


@dataclass(frozen=True)
class LedgerEntity:
    """One entity across articles: every name it goes by, every mention linked."""

    id: str
    canonical: str
    label: str
    aliases: tuple[str, ...]
    mentions: int
    articles: int
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
