"""What reconciliation produces, as small frozen dataclasses shared by the library, CLI and web.

Ids are stable strings: a metric id and a cluster id are short hashes of their keys, so links
stay valid across re-runs of ``reconcile`` as long as the underlying figures do not change.
A claim's global id is ``"<article_id>:<claim_id>"`` (e.g. ``"3f2a9c...:c4"``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

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
    outlets: tuple[str, ...]  # outlet names, in order of their first report
    first_published: str | None
    last_published: str | None
    contradictions: int
    reports: int = 0  # articles reporting a figure of the metric
    independent_reports: int = 0  # distinct syndication origins among those articles
    article_ids: tuple[str, ...] = ()  # earliest first
    first_article_id: str | None = None


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
    first: ClusterMember  # the first reporter (earliest published; a copy never before its origin)
    members: tuple[ClusterMember, ...]  # earliest first, first reporter included
    metric_id: str | None
    kind: str = "metric"  # metric (same figure) | text (near-duplicate wording)
    reports: int = 0  # articles
    independent_reports: int = 0  # distinct syndication origins
    independent_sources: int = 0  # the same, less reports that credit an earlier report's outlet
    outlets: tuple[str, ...] = ()  # outlet names, the first reporter's first
    article_ids: tuple[str, ...] = ()  # earliest first


@dataclass(frozen=True)
class Contradiction:
    """Two reports of one metric with overlapping periods and incompatible values or bounds."""

    id: str
    metric_id: str
    metric_label: str
    a: TimelinePoint
    b: TimelinePoint
    reason: str  # e.g. "12,000 (about) is outside more than 40,000"
    a_cluster_id: str | None = None  # every report of side A (its claim cluster), when clustered
    b_cluster_id: str | None = None
    a_reports: int = 1  # how many figures of the metric agree with side A
    b_reports: int = 1


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


@dataclass(frozen=True)
class ArticleSummary:
    """One row of an article list or search result."""

    id: str
    title: str | None
    outlet: str | None
    published: str | None
    url: str | None
    figures: int
    quotes: int
    claims: int
    snippet: str  # plain text (not HTML): the matching passage, or the start of the article
    copy_of: str | None = None  # the origin of this article's syndication group, when it is a copy
    copy_similarity: float | None = None


@dataclass(frozen=True)
class Syndication:
    """One article's syndication group: its origin (when it is a copy) and the other versions."""

    article_id: str
    origin: ArticleSummary | None  # None when the article is itself the origin (or stands alone)
    versions: tuple[ArticleSummary, ...]  # every other article of the group, earliest first

    @property
    def outlets(self) -> tuple[str, ...]:
        """Outlets that also published the story (not the article's own)."""
        names = [a.outlet for a in ((self.origin,) if self.origin else ()) + self.versions if a.outlet]
        return tuple(dict.fromkeys(names))


@dataclass(frozen=True)
class Revision:
    """A later version of one syndicated story that changed a figure (12 dead became 19)."""

    id: str
    metric_id: str
    metric_label: str
    origin_article_id: str
    before: TimelinePoint
    after: TimelinePoint
    reason: str


@dataclass(frozen=True)
class FigureRow:
    """A figure with its article, claim, attribution chain and metric."""

    figure_id: int
    article_id: str
    outlet: str | None
    published: str | None
    title: str | None
    text: str
    start: int
    end: int
    value: float | None
    low: float | None
    high: float | None
    approx: str
    unit: str | None
    counted: str | None
    category: str
    period: str | None
    claim: str | None  # local claim id within the article ("c3")
    extractor: str
    claim_id: str | None  # global claim id "<article_id>:<claim_id>"
    sources: tuple[Source, ...]  # the claim's chain, outermost first
    verification: str
    metric_id: str | None


@dataclass(frozen=True)
class Highlight:
    """One span of an article to mark up: a figure, quote, claim, hedge or source, with its tooltip facts."""

    start: int
    end: int
    kind: str  # figure | quote | claim | hedge | source
    id: str  # unique within the article, e.g. "f3", "q1", "c4", "c4.h0", "c4.s1"
    title: str  # tooltip text (plain)
    data: dict[str, str] = field(default_factory=dict)
