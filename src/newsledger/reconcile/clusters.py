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
from dataclasses import dataclass, field

from datasketch import MinHash, MinHashLSH

from newsledger.reconcile.ids import ledger_id, value_key
from newsledger.reconcile.loader import ClaimRec, Corpus
from newsledger.reconcile.metrics import FigureInfo, Metric
from newsledger.reconcile.normalize import (
    contains_phrase,
    describe,
    outlet_key,
    representative,
    same_value,
    words,
)

LSH_THRESHOLD = 0.5
NUM_PERM = 128
SHINGLE = 3
MIN_WORDS = 6  # shorter texts ('he said') are not worth matching by wording


@dataclass
class Member:
    claim: ClaimRec
    outlet: str | None
    published: str | None
    sort_key: tuple[str, str, str, int]
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


def _by_value(info: FigureInfo) -> tuple[float, tuple[str, str, str, int]]:
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


def cited_outlet(member: Member, earlier: list[Member]) -> str | None:
    """The outlet of an earlier member that this member's chain (or sentence) names."""
    keys: dict[str, str] = {}
    for prev in earlier:
        if prev.outlet:
            keys.setdefault(outlet_key(prev.outlet), prev.outlet)
    return _cited(member, keys)


def metric_clusters(
    metrics: dict[str, Metric], infos: list[FigureInfo]
) -> tuple[list[Cluster], list[ValueGroup]]:
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
    _join_by_citation(infos, clustered, by_value)
    return unique_clusters([_finish(c) for c in clusters]), groups_all


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


def _join_by_citation(
    infos: list[FigureInfo], clustered: set[int], by_value: dict[tuple[str, float], list[Cluster]]
) -> None:
    for info in infos:
        f = info.fig
        if f.id in clustered or info.claim is None or f.value is None:
            continue
        candidates = by_value.get((f.category, f.value), [])
        if not candidates:
            continue
        member = _member(info)
        assert member is not None
        for cluster in candidates:
            earlier = [m for m in cluster.members if m.sort_key < info.sort_key]
            if cited_outlet(member, earlier) is not None:
                cluster.members.append(member)
                clustered.add(f.id)
                break


def _shingles(text: str) -> set[bytes]:
    toks = words(text)
    if len(toks) < MIN_WORDS:
        return set()
    return {" ".join(toks[i : i + SHINGLE]).encode() for i in range(len(toks) - SHINGLE + 1)}


def text_clusters(corpus: Corpus, infos: list[FigureInfo], taken: list[Cluster]) -> list[Cluster]:
    """Near-duplicate claim sentences and quotes across articles (MinHash LSH)."""
    texts: list[tuple[str, set[bytes]]] = []  # (claim gid, shingles)
    for claim in corpus.claims.values():
        sh = _shingles(claim.text)
        if sh:
            texts.append((claim.gid, sh))
    for quote in corpus.quotes:
        if quote.claim_id and quote.kind != "indirect":
            sh = _shingles(quote.text)
            if sh:
                texts.append((f"{quote.article_id}:{quote.claim_id}", sh))
    if len(texts) < 2:
        return []
    hashes = MinHash.bulk([list(sh) for _, sh in texts], num_perm=NUM_PERM)
    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    for i, mh in enumerate(hashes):
        lsh.insert(i, mh)
    parent = list(range(len(texts)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    # A claim can enter twice (its sentence and the quote inside it): both are one node, so two
    # components never share a claim.
    first_entry: dict[str, int] = {}
    for i, (gid, _) in enumerate(texts):
        parent[find(i)] = find(first_entry.setdefault(gid, i))

    for i, mh in enumerate(hashes):
        gid_i, sh_i = texts[i]
        art_i = gid_i.split(":", 1)[0]
        for j in lsh.query(mh):
            if j <= i:
                continue
            gid_j, sh_j = texts[j]
            if gid_j.split(":", 1)[0] == art_i:
                continue
            if len(sh_i & sh_j) / len(sh_i | sh_j) >= LSH_THRESHOLD:
                parent[find(i)] = find(j)
    components: dict[int, set[str]] = defaultdict(set)
    for i, (gid, _) in enumerate(texts):
        components[find(i)].add(gid)
    known = [{m.claim.gid for m in c.members} for c in taken]
    out: list[Cluster] = []
    for gids in components.values():
        if len({g.split(":", 1)[0] for g in gids}) < 2 or any(gids <= k for k in known):
            continue
        members = []
        for gid in gids:
            article_id, claim_id = gid.split(":", 1)
            rec = corpus.claims.get((article_id, claim_id))
            art = corpus.articles.get(article_id)
            if rec is None or art is None:
                continue
            key = (art.published or "9999", art.fetched or "9999", art.id, rec.start)
            members.append(Member(rec, art.outlet, art.published, key))
        if len({m.claim.article_id for m in members}) < 2:
            continue
        members.sort(key=lambda m: (m.sort_key, m.claim.start))
        first = members[0].claim
        label = first.text if len(first.text) <= 100 else first.text[:97].rstrip() + "..."
        out.append(_finish(Cluster(" ".join(words(first.text)), "text", label, None, members)))
    return unique_clusters(out)
