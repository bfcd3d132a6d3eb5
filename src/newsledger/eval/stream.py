"""Score a store built from the multi-outlet stream (``eval/streamgen.py``) against its gold.

The core, ``score_stream_data(view, gold)``, works on plain data (``StoreView``: articles with
their ``copy_of``, claim clusters with their members) so it can be tested without a store;
``stream_load.load_view(store)`` reads that data from a store and ``stream_load.score_stream(store, gold)``
does both.

Metrics (docs/eval.md, "The multi-outlet stream"):

* syndication pairwise precision, recall, F1: pairs of gold articles in one syndication group,
  gold groups against the stored ``articles.copy_of`` (an article and its copies; chains followed);
* origin accuracy: gold copies whose stored group root is the gold origin;
* apart violations: gold pairs that must stay apart (independent reports of one event, different
  stories on one topic) found in one stored syndication group; stories merged: pairs of gold
  stories with articles in one stored syndication group;
* cluster purity: claim clusters with gold articles from more than one gold event are impure;
  events merged: pairs of gold events joined by an impure cluster;
* per gold item (a figure or a quotation every version of a story carries): the matching cluster
  (same value, or a member text containing the quotation, with the most gold articles), and whether
  its ``first_article_id`` is the gold first reporter and its ``reports`` / ``independent_reports``
  equal the gold counts. First-reporter accuracy counts an item without a cluster as wrong.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

from newsledger.errors import EvalError
from newsledger.eval.score import Counts

GOLD_KIND = "newsledger-stream-gold"


@dataclass(frozen=True)
class ClusterView:
    """One claim cluster as the scorer sees it."""

    id: str
    article_ids: tuple[str, ...]
    first_article_id: str | None = None
    reports: int | None = None
    independent_reports: int | None = None
    values: tuple[float, ...] = ()  # values of the member figures
    texts: tuple[str, ...] = ()  # member claim and quotation texts
    kind: str = ""


@dataclass(frozen=True)
class ArticleView:
    id: str
    url: str | None
    copy_of: str | None = None


@dataclass
class StoreView:
    articles: list[ArticleView]
    clusters: list[ClusterView]
    notes: list[str] = field(default_factory=list)  # what the store lacks (e.g. no copy_of column)


class PRF(Counts):
    """Pairwise counts of syndication; an empty side scores 1.0 (nothing to find, nothing wrong)."""

    @property
    def precision(self) -> float:
        return super().precision if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return super().recall if self.tp + self.fn else 1.0


@dataclass
class ItemResult:
    event: str
    kind: str
    text: str
    cluster_id: str | None
    first_ok: bool
    reports_ok: bool
    independent_ok: bool
    expected_first: str
    got_first: str | None
    expected_reports: tuple[int, int]  # reports, independent_reports
    got_reports: tuple[int | None, int | None]


@dataclass
class StreamScores:
    articles: int = 0  # gold articles
    missing: list[str] = field(default_factory=list)  # gold urls not in the store
    syndication: PRF = field(default_factory=PRF)
    origins_ok: int = 0
    origins_total: int = 0
    apart_violations: list[tuple[str, str]] = field(default_factory=list)
    apart_total: int = 0
    stories_merged: list[tuple[str, str]] = field(default_factory=list)
    clusters_scored: int = 0
    impure_clusters: list[str] = field(default_factory=list)
    events_merged: list[tuple[str, str]] = field(default_factory=list)
    items: list[ItemResult] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def origin_accuracy(self) -> float:
        return self.origins_ok / self.origins_total if self.origins_total else 1.0

    @property
    def purity(self) -> float:
        return 1 - len(self.impure_clusters) / self.clusters_scored if self.clusters_scored else 1.0

    def _rate(self, attr: str, matched_only: bool = False) -> float:
        items = [i for i in self.items if i.cluster_id or not matched_only]
        if not items:
            return 0.0 if self.items else 1.0
        return sum(getattr(i, attr) for i in items) / len(items)

    @property
    def first_reporter_accuracy(self) -> float:
        return self._rate("first_ok")

    @property
    def item_coverage(self) -> float:
        return sum(1 for i in self.items if i.cluster_id) / len(self.items) if self.items else 1.0

    def metrics(self) -> dict[str, float]:
        """Flat name -> score (what the floors and docs/eval.md use)."""
        return {
            "syndication.precision": self.syndication.precision,
            "syndication.recall": self.syndication.recall,
            "syndication.f1": self.syndication.f1,
            "syndication.origin_accuracy": self.origin_accuracy,
            "clusters.purity": self.purity,
            "items.coverage": self.item_coverage,
            "first_reporter.accuracy": self.first_reporter_accuracy,
            "first_reporter.accuracy_matched": self._rate("first_ok", True),
            "reports.accuracy": self._rate("reports_ok"),
            "independent_reports.accuracy": self._rate("independent_ok"),
        }

    def to_json(self) -> dict[str, Any]:
        return {
            "metrics": self.metrics(),
            "counts": {
                "articles": self.articles,
                "missing_articles": len(self.missing),
                "syndication_pairs": {
                    "tp": self.syndication.tp,
                    "fp": self.syndication.fp,
                    "fn": self.syndication.fn,
                },
                "apart_pairs": self.apart_total,
                "apart_violations": len(self.apart_violations),
                "stories_merged": len(self.stories_merged),
                "clusters_scored": self.clusters_scored,
                "impure_clusters": len(self.impure_clusters),
                "events_merged": len(self.events_merged),
                "items": len(self.items),
            },
            "stories_merged": [list(p) for p in self.stories_merged],
            "events_merged": [list(p) for p in self.events_merged],
            "apart_violations": [list(p) for p in self.apart_violations],
            "item_errors": [
                {
                    "event": i.event,
                    "kind": i.kind,
                    "text": i.text,
                    "cluster": i.cluster_id,
                    "first": [i.expected_first, i.got_first],
                    "reports": [list(i.expected_reports), list(i.got_reports)],
                }
                for i in self.items
                if not (i.first_ok and i.reports_ok and i.independent_ok)
            ],
            "missing": self.missing,
            "notes": self.notes,
        }

    def to_text(self, details: bool = False) -> str:
        lines = [f"multi-outlet stream: {self.articles} gold articles, {len(self.missing)} not in the store"]
        for name, value in self.metrics().items():
            lines.append(f"  {name:<34} {value:.3f}")
        lines.append(
            f"  stories merged {len(self.stories_merged)}, events merged {len(self.events_merged)}, "
            f"apart violations {len(self.apart_violations)} of {self.apart_total}, "
            f"impure clusters {len(self.impure_clusters)} of {self.clusters_scored}"
        )
        lines += [f"  note: {n}" for n in self.notes]
        if details:
            for a, b in self.stories_merged:
                lines.append(f"  stories merged: {a} + {b}")
            for a, b in self.events_merged:
                lines.append(f"  events merged: {a} + {b}")
            for i in self.items:
                if not (i.first_ok and i.reports_ok and i.independent_ok):
                    lines.append(
                        f"  {i.event} {i.kind} {i.text!r}: cluster {i.cluster_id}, first {i.got_first} "
                        f"(gold {i.expected_first}), reports {i.got_reports} (gold {i.expected_reports})"
                    )
        return "\n".join(lines)


# --- gold ---------------------------------------------------------------------------------


def is_stream_gold(path: str | Path) -> bool:
    """Whether ``path`` is a stream gold file (a ``.json`` object whose ``kind`` says so)."""
    p = Path(path)
    if not p.is_file() or p.suffix.lower() != ".json":
        return False
    try:
        value = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return False
    return isinstance(value, dict) and value.get("kind") == GOLD_KIND


def load_stream_gold(path: str | Path) -> dict[str, Any]:
    try:
        gold = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise EvalError(f"{path}: cannot read stream gold: {exc}") from exc
    if not isinstance(gold, dict) or gold.get("kind") != GOLD_KIND:
        raise EvalError(f"{path}: not a stream gold file (kind {GOLD_KIND!r})")
    for key in ("articles", "syndication_groups", "items", "apart"):
        if not isinstance(gold.get(key), list):
            raise EvalError(f"{path}: stream gold has no {key!r} list")
    return gold


# --- scoring -----------------------------------------------------------------------------


def _roots(articles: Sequence[ArticleView]) -> dict[str, str]:
    """Each article's syndication root: follow ``copy_of`` to an article that is no copy."""
    parent = {a.id: a.copy_of for a in articles}
    roots: dict[str, str] = {}
    for a in articles:
        node, seen = a.id, {a.id}
        while parent.get(node) and parent[node] in parent and parent[node] not in seen:
            node = parent[node]  # type: ignore[assignment]
            seen.add(node)
        if parent.get(node) and parent[node] not in parent:
            node = parent[node]  # type: ignore[assignment]  # a copy of an article not loaded
        roots[a.id] = node
    return roots


def _pairs(groups: Iterable[Iterable[str]]) -> set[tuple[str, str]]:
    out: set[tuple[str, str]] = set()
    for group in groups:
        out.update(combinations(sorted(set(group)), 2))
    return out


def _by_key(keys: Mapping[str, str]) -> list[list[str]]:
    groups: dict[str, list[str]] = {}
    for item, key in keys.items():
        groups.setdefault(key, []).append(item)
    return list(groups.values())


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= 0.01 * max(abs(a), abs(b), 1e-9)


def score_stream_data(view: StoreView, gold: Mapping[str, Any]) -> StreamScores:
    """Score plain store data against a stream gold object (see the module docstring)."""
    scores = StreamScores(notes=list(view.notes))
    gold_articles = {str(a["url"]): a for a in gold["articles"]}
    scores.articles = len(gold_articles)
    by_url = {a.url: a.id for a in view.articles if a.url}
    ids = {url: by_url[url] for url in gold_articles if url in by_url}
    scores.missing = sorted(url for url in gold_articles if url not in by_url)
    event = {ids[u]: str(a["event"]) for u, a in gold_articles.items() if u in ids}

    # syndication, over every gold article (one not in the store is its own group)
    roots = _roots(view.articles)
    pred_key = {u: roots.get(ids[u], ids[u]) if u in ids else f"missing:{u}" for u in gold_articles}
    gold_key = {u: u for u in gold_articles}
    for group in gold["syndication_groups"]:
        origin = str(group["origin"])
        for copy in map(str, group["copies"]):
            gold_key[copy] = origin
            scores.origins_total += 1
            scores.origins_ok += int(origin in ids and copy in ids and pred_key[copy] == ids[origin])
    pred_pairs = _pairs(_by_key(pred_key))
    gold_pairs = _pairs(_by_key(gold_key))
    scores.syndication = PRF(
        tp=len(pred_pairs & gold_pairs), fp=len(pred_pairs - gold_pairs), fn=len(gold_pairs - pred_pairs)
    )
    for pair in gold["apart"]:
        a, b = str(pair["a"]), str(pair["b"])
        scores.apart_total += 1
        if pred_key[a] == pred_key[b]:
            scores.apart_violations.append((a, b))
    merged: set[tuple[str, str]] = set()
    for group in _by_key(pred_key):
        merged.update(combinations(sorted({str(gold_articles[u]["story"]) for u in group}), 2))
    scores.stories_merged = sorted(merged)

    # cluster purity
    events_merged: set[tuple[str, str]] = set()
    for cluster in view.clusters:
        events = sorted({event[a] for a in cluster.article_ids if a in event})
        if not events:
            continue
        scores.clusters_scored += 1
        if len(events) > 1:
            scores.impure_clusters.append(cluster.id)
            events_merged.update(combinations(events, 2))
    scores.events_merged = sorted(events_merged)

    # first reporters and counts
    for item in gold["items"]:
        scores.items.append(_score_item(item, view.clusters, ids))
    return scores


def _score_item(
    item: Mapping[str, Any], clusters: Sequence[ClusterView], ids: Mapping[str, str]
) -> ItemResult:
    wanted = {ids[u] for u in item["articles"] if u in ids}
    value = item.get("value")
    phrase = str(item["text"]).casefold()

    def fits(c: ClusterView) -> bool:
        if item["kind"] == "figure" and value is not None:
            return any(_same(float(value), v) for v in c.values)
        return any(phrase in t.casefold() for t in c.texts)

    candidates = [c for c in clusters if wanted & set(c.article_ids) and fits(c)]
    candidates.sort(key=lambda c: (-len(wanted & set(c.article_ids)), len(c.article_ids), c.id))
    best = candidates[0] if candidates else None
    first = ids.get(str(item["first_reporter"]))
    expected = (int(item["reports"]), int(item["independent_reports"]))
    got = (best.reports, best.independent_reports) if best else (None, None)
    return ItemResult(
        event=str(item["event"]),
        kind=str(item["kind"]),
        text=str(item["text"]),
        cluster_id=best.id if best else None,
        first_ok=best is not None and first is not None and best.first_article_id == first,
        reports_ok=best is not None and best.reports == expected[0],
        independent_ok=best is not None and best.independent_reports == expected[1],
        expected_first=str(item["first_reporter"]),
        got_first=_url_of(ids, best.first_article_id) if best else None,
        expected_reports=expected,
        got_reports=got,
    )


def _url_of(ids: Mapping[str, str], article_id: str | None) -> str | None:
    return next((u for u, i in ids.items() if i == article_id), article_id)
