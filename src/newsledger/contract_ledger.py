"""The cross-article ledger as contract types: one frozen dataclass per row of a reconcile table.

:mod:`newsledger.contract` describes one article; these describe what ``newsledger reconcile``
makes of many (see docs/reconcile.md). Each type has exactly the columns of its table, under the
same names, so :mod:`newsledger.store.mapping` derives its row map like any contract type, and the
exports (:mod:`newsledger.ledger`) derive their declared schemas from the field types below.

Ids are short hashes (a metric's, a cluster's); ``*_figure_id`` is the store id of a figure, the
``figure_id`` column of the ``figures`` export; ``*_published`` are ISO dates.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MetricRecord:
    """A metric (category, counted, place, period): the figures of one quantity across articles."""

    id: str
    label: str
    category: str
    counted: str | None
    place: str | None
    period: str | None
    unit: str | None
    figures: int  # figures of the metric
    outlets: tuple[str, ...]  # outlet names, the first report's first
    reports: int  # articles reporting a figure of the metric
    independent_reports: int  # distinct syndication origins among them
    article_ids: tuple[str, ...]  # earliest first
    first_article_id: str | None
    first_published: str | None
    last_published: str | None
    contradictions: int


@dataclass(frozen=True)
class ClusterRecord:
    """One claim reported by one or more articles (same figure, or near-duplicate wording)."""

    id: str
    label: str
    kind: str  # metric | text
    metric_id: str | None
    first_article_id: str
    first_claim_id: str
    first_published: str | None
    members: int  # claims (a report can hold the claim twice)
    outlets: tuple[str, ...]  # the first reporter's first
    reports: int  # articles
    independent_reports: int  # distinct syndication origins
    article_ids: tuple[str, ...]  # earliest first
    independent_sources: int  # independent reports less those crediting an earlier report's outlet


@dataclass(frozen=True)
class ContradictionRecord:
    """Two figures of one metric whose periods overlap and whose values cannot both be true."""

    id: str
    metric_id: str
    a_figure_id: int
    b_figure_id: int
    a_cluster_id: str | None
    b_cluster_id: str | None
    a_reports: int  # figures of the metric that agree with side A
    b_reports: int
    reason: str


@dataclass(frozen=True)
class RevisionRecord:
    """A later version of one syndicated story that changed a figure (12 dead became 19)."""

    id: str
    metric_id: str
    origin_article_id: str  # the syndication group's origin
    before_figure_id: int
    after_figure_id: int
    before_article_id: str
    after_article_id: str
    before_published: str | None
    after_published: str | None
    reason: str
