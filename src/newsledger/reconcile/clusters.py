"""Claim clusters: reports of the same claim across outlets, with the first reporter and the chain.

Two ways in:

* same figure: figures of one metric whose values agree (within 2%: '12,000', 'about 12,000',
  'about twelve thousand') form a value group; a group reported by two or more articles is a
  cluster. A figure of the same category and value whose chain or sentence names the outlet of an
  earlier member ('according to the Harbour Standard') joins that cluster even when its counted
  noun differs ('250,000 new recruits').
* same wording: claim sentences and direct quotes that are near duplicates across articles, found
  with datasketch MinHash LSH over word 3-gram shingles (128 permutations, threshold 0.5), each
  candidate pair then checked by its exact Jaccard similarity (>= 0.5).

Members are ordered by publication (then fetch time, article id): the first is the first reporter.
A later member ``cites`` the outlet of an earlier member when its attribution chain (after the
outlet itself) or its sentence names that outlet.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from newsledger.reconcile.ids import ledger_id, value_key
from newsledger.reconcile.incremental import WordingBands
from newsledger.reconcile.loader import ClaimRec, Corpus, SortKey
from newsledger.reconcile.metrics import FigureInfo, Metric
from newsledger.reconcile.normalize import (
    contains_phrase,
    describe,
    outlet_key,
    representative,
    same_value,
    words,
)
from newsledger.reconcile.wording import TextState, article_of, text_components


@dataclass(slots=True)
class Member:
    claim: ClaimRec
    outlet: str | None
    published: str | None
    sort_key: SortKey
    figure: FigureInfo | None = None
    cites: str | None = None


@dataclass
class Cluster:
    key: str  # canonical key: the metric and value, or the normalised wording of the first report
    kind: str  # metric | text
    label: str
    metric_id: str | None
    members: list[Member] = field(default_factory=list)
    id: str = ""  # set by _finish: ledger_id("cluster:<kind>", key, first member's article)

    @property
    def articles(self) -> int:
        return len({m.claim.article_id for m in self.members})

    @property
    def outlets(self) -> int:
        return len({m.outlet or m.claim.article_id for m in self.members})


@dataclass
class ValueGroup:
    """Figures of one metric that carry the same value."""

    id: str
    metric: Metric
    value: float | None
    figures: list[FigureInfo]
    cluster: Cluster | None = None


def _by_value(info: FigureInfo) -> tuple[float, SortKey]:
    v = representative(info.fig.value, info.fig.low, info.fig.high)
    return (v if v is not None else 0.0), info.sort_key


def value_groups(metric: Metric) -> list[ValueGroup]:
    """Figures of ``metric`` grouped by value (chains of values within 2%), earliest report first.

    A group's id is keyed by its metric, the value of its first report and that report's article
    (:mod:`newsledger.reconcile.ids`); figures without a value form one group of their own.
    """
    groups: list[ValueGroup] = []
    valueless: list[FigureInfo] = []
    for info in sorted(metric.members, key=_by_value):
        v = representative(info.fig.value, info.fig.low, info.fig.high)
        if v is None:
            valueless.append(info)
        elif groups and same_value(groups[-1].value, v):
            groups[-1].figures.append(info)
        else:
            groups.append(ValueGroup("", metric, v, [info]))
    if valueless:
        groups.append(ValueGroup("", metric, None, valueless))
    for g in groups:
        g.figures.sort(key=lambda i: i.sort_key)
        origin = g.figures[0]
        v0 = representative(origin.fig.value, origin.fig.low, origin.fig.high)
        g.id = ledger_id("value_group", f"{metric.id}|{value_key(v0)}", origin.fig.article_id)
    return groups


def _member(info: FigureInfo) -> Member | None:
    if info.claim is None:
        return None
    return Member(info.claim, info.outlet, info.published, info.sort_key, info)


def _finish(cluster: Cluster) -> Cluster:
    seen: set[str] = set()
    members = []
    for m in sorted(cluster.members, key=lambda m: (m.sort_key, m.claim.start)):
        if m.claim.gid not in seen:
            seen.add(m.claim.gid)
            members.append(m)
    cluster.members = members
    cluster.id = ledger_id(f"cluster:{cluster.kind}", cluster.key, members[0].claim.article_id)
    earlier: dict[str, str] = {}  # outlet key -> outlet, of the members so far (first seen first)
    for m in members:
        m.cites = _cited(m, earlier)
        if m.outlet:
            earlier.setdefault(outlet_key(m.outlet), m.outlet)
    return cluster


def _cited(member: Member, earlier: dict[str, str]) -> str | None:
    own = outlet_key(member.outlet or "")
    names = [outlet_key(s.name) for s in member.claim.sources[1:]]
    sentence = outlet_key(member.claim.text)
    for candidates in (names, [sentence]):
        for name in candidates:
            for key, outlet in earlier.items():
                if key and key != own and contains_phrase(name, key):
                    return outlet
    return None


def metric_clusters(
    metrics: dict[str, Metric], infos: list[FigureInfo], origin_of: Mapping[str, str] | None = None
) -> tuple[list[Cluster], list[ValueGroup]]:
    """Clusters of agreeing figures: per metric and value, then figures of no metric carried by
    several versions of one syndicated story, then reports that credit an earlier member."""
    clusters: list[Cluster] = []
    groups_all: list[ValueGroup] = []
    by_value: dict[tuple[str, float], list[Cluster]] = defaultdict(list)
    clustered: set[int] = set()
    for metric in metrics.values():
        for group in value_groups(metric):
            groups_all.append(group)
            members = [m for m in (_member(i) for i in group.figures) if m is not None]
            if group.value is None or len({m.claim.article_id for m in members}) < 2:
                continue
            first = group.figures[0].fig
            label = f"{describe(first.value, first.low, first.high, first.approx, False)} {metric.counted}"
            if metric.place:
                label += f" ({metric.place})"
            if metric.period:
                label += f", {metric.period}"
            key = f"{metric.id}|{value_key(representative(first.value, first.low, first.high))}"
            cluster = Cluster(key, "metric", label, metric.id, members)
            group.cluster = cluster
            clusters.append(cluster)
            clustered.update(i.fig.id for i in group.figures)
            if group.value is not None:
                by_value[(metric.category, group.value)].append(cluster)
    clusters += story_figure_clusters(infos, origin_of or {}, clustered, by_value)
    _join_by_citation(infos, clustered, by_value)
    return unique_clusters([_finish(c) for c in clusters]), groups_all


def story_figure_clusters(
    infos: list[FigureInfo],
    origin_of: Mapping[str, str],
    clustered: set[int],
    by_value: dict[tuple[str, float], list[Cluster]],
) -> list[Cluster]:
    """Figures that belong to no metric (nothing says what they count: 'injuring 140') still form a
    cluster when several versions of one syndicated story carry them: same story, category, unit
    and value. Across stories a bare number means nothing, so they never cluster there."""
    groups: dict[tuple[str, str, str, str], list[FigureInfo]] = defaultdict(list)
    for info in infos:
        v = representative(info.fig.value, info.fig.low, info.fig.high)
        if info.metric_id is not None or info.claim is None or v is None or info.fig.id in clustered:
            continue
        article = info.fig.article_id
        key = (origin_of.get(article, article), info.category, info.fig.unit or "", value_key(v))
        groups[key].append(info)
    out: list[Cluster] = []
    for (origin, category, unit, vkey), figs in groups.items():
        members = [m for m in (_member(i) for i in sorted(figs, key=lambda i: i.sort_key)) if m is not None]
        if len({m.claim.article_id for m in members}) < 2:
            continue
        first = figs[0].fig
        what = describe(first.value, first.low, first.high, first.approx, False)
        sentence = members[0].claim.text
        label = f"{what}: {sentence if len(sentence) <= 90 else sentence[:87].rstrip() + '...'}"
        out.append(Cluster(f"{origin}|{category}|{unit}|{vkey}", "figure", label, None, members))
        clustered.update(i.fig.id for i in figs)
        v = representative(first.value, first.low, first.high)
        if v is not None:
            by_value[(category, v)].append(out[-1])
    return out


def unique_clusters(clusters: list[Cluster]) -> list[Cluster]:
    """One cluster per id: clusters that come out with the same id are one claim, so merge them."""
    by_id: dict[str, Cluster] = {}
    for c in clusters:
        seen = by_id.get(c.id)
        if seen is None:
            by_id[c.id] = c
        else:
            seen.members.extend(c.members)
            _finish(seen)
    return list(by_id.values())


class _OutletNames:
    """The outlet keys a text names (word sequences, as ``contains_phrase`` finds them), looked up
    from the text's words instead of testing every outlet against every text."""

    def __init__(self, keys: set[str]) -> None:
        self.keys: set[str] = set()
        self.longest: dict[str, int] = {}  # first word of a key -> the longest such key, in words
        for k in keys:
            self.add(k)

    def add(self, key: str) -> None:
        if key and key not in self.keys:
            self.keys.add(key)
            first, n = key.split(" ", 1)[0], key.count(" ") + 1
            self.longest[first] = max(self.longest.get(first, 0), n)

    def named(self, text_key: str) -> set[str]:
        toks = text_key.split()
        out: set[str] = set()
        if self.longest.keys().isdisjoint(toks):  # no word that starts a key: most texts
            return out
        for i, tok in enumerate(toks):
            n = self.longest.get(tok)
            if n:
                for j in range(i + 1, min(len(toks), i + n) + 1):
                    phrase = " ".join(toks[i:j])
                    if phrase in self.keys:
                        out.add(phrase)
        return out


def _join_by_citation(
    infos: list[FigureInfo], clustered: set[int], by_value: dict[tuple[str, float], list[Cluster]]
) -> None:
    """A figure of no cluster joins the first cluster of its category and value that has an
    earlier member whose outlet its chain (after the outlet itself) or its sentence names.

    Only figures that name some member's outlet are looked at, and each cluster keeps the earliest
    report of each of its outlets, so the work is linear in the figures, not figures x clusters.
    """
    names = _OutletNames(
        {outlet_key(m.outlet) for cs in by_value.values() for c in cs for m in c.members if m.outlet}
    )
    earliest: dict[int, dict[str, SortKey]] = {}  # id(cluster) -> outlet key -> its earliest report

    def outlets_of(cluster: Cluster) -> dict[str, SortKey]:
        got = earliest.get(id(cluster))
        if got is None:
            got = {}
            for m in cluster.members:
                if m.outlet:
                    k = outlet_key(m.outlet)
                    got[k] = min(got.get(k, m.sort_key), m.sort_key)
            earliest[id(cluster)] = got
        return got

    for info in infos:
        f = info.fig
        if f.id in clustered or info.claim is None or f.value is None:
            continue
        candidates = by_value.get((f.category, f.value), [])
        if not candidates:
            continue
        texts = [outlet_key(s.name) for s in info.claim.sources[1:]] + [outlet_key(info.claim.text)]
        named = set().union(*(names.named(x) for x in texts)) - {outlet_key(info.outlet or "")}
        if not named:
            continue
        for cluster in candidates:
            known = outlets_of(cluster)
            if any(k in known and known[k] < info.sort_key for k in named):
                member = _member(info)
                assert member is not None
                cluster.members.append(member)
                if member.outlet:
                    k = outlet_key(member.outlet)
                    known[k] = min(known.get(k, member.sort_key), member.sort_key)
                    names.add(k)  # a later figure may cite this outlet
                clustered.add(f.id)
                break


def text_clusters(
    corpus: Corpus,
    taken: list[set[str]],
    wordings: WordingBands | None = None,
    state: TextState | None = None,
    dirty: Iterable[str] = (),
) -> list[Cluster]:
    """Near-duplicate claim sentences and quotes across articles (MinHash LSH), and the same direct
    quotation (4 words or more, whole or in part) however its sentence was rewritten:
    the components of the wording graph (reconcile/wording.py) with two or more articles, unless
    one figure cluster already holds them (``taken``: the claims, ``article:claim``, of each figure
    cluster).

    ``wordings`` holds the band buckets of wordings hashed before (reconcile/incremental.py), and
    ``state`` the components of the last run, of which only what changed is computed again
    (reconcile builds only some components' clusters: reconcile/textscope.py)."""
    return clusters_of(corpus, text_components(corpus, wordings or WordingBands(), state, dirty), taken)


def clusters_of(corpus: Corpus, groups: list[list[str]], taken: list[set[str]]) -> list[Cluster]:
    """The text clusters of ``groups`` (components of the wording graph), see :func:`text_clusters`."""
    known = taken
    containing: dict[str, list[int]] = defaultdict(list)  # claim gid -> clusters it is in
    for k, gids_k in enumerate(known):
        for gid in gids_k:
            containing[gid].append(k)
    out: list[Cluster] = []
    for group_list in groups:
        if len(group_list) < 2 or len({article_of(g) for g in group_list}) < 2:
            continue
        group = set(group_list)
        inside = containing.get(next(iter(group)), ())  # the clusters that might hold the whole group
        if any(group <= known[k] for k in inside):
            continue
        members = []
        for gid in group:
            article_id, claim_id = gid.split(":", 1)
            rec = corpus.claims.get((article_id, claim_id))
            art = corpus.articles.get(article_id)
            if rec is None or art is None:
                continue
            key = (art.order, rec.start)
            members.append(Member(rec, art.outlet, art.published, key))
        if len({m.claim.article_id for m in members}) < 2:
            continue
        members.sort(key=lambda m: (m.sort_key, m.claim.start))
        first = members[0].claim
        label = first.text if len(first.text) <= 100 else first.text[:97].rstrip() + "..."
        out.append(_finish(Cluster(" ".join(words(first.text)), "text", label, None, members)))
    return unique_clusters(out)
