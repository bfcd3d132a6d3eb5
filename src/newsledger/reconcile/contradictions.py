"""Contradictions: two reports of one metric that cannot both be true.

A pair of value groups of one metric contradicts when some figure of each side satisfies all of:

* the value intervals do not overlap ('about 12,000' allows 10,200-13,800; 'more than 40,000'
  allows 40,000 and up; a count of confirmed names is a floor of the total);
* the periods overlap (an unknown period overlaps everything; a single day is 'as of' that day),
  and the two reports are no more than ``MAX_GAP_DAYS`` apart (period ends, else publication
  dates): counts far apart in time are a timeline, not a dispute;
* the sources differ: the innermost links of the two chains are not the same source (same name,
  or the same person's surname), so an update by one source ('17,900' then '18,400') never
  counts;
* neither figure is hypothetical or derived ('If ..., it would be between ...'), and neither is the
  amount of a change ('up 19 cents', 'rose 0.3%': ``Figure.delta``): a change is never set
  against a level.

One contradiction is listed per pair of value groups, with the earliest such pair of figures as
its two sides and each side's cluster and number of agreeing reports.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from newsledger.reconcile.clusters import ValueGroup
from newsledger.reconcile.ids import ledger_id
from newsledger.reconcile.loader import SortKey
from newsledger.reconcile.metrics import FigureInfo, same_origin
from newsledger.reconcile.normalize import (
    describe,
    interval,
    name_key,
    overlaps,
    parse_point,
    periods_overlap,
    representative,
)

MAX_GAP_DAYS = 21


@dataclass
class Found:
    id: str
    metric_id: str
    a: FigureInfo
    b: FigureInfo
    a_group: ValueGroup
    b_group: ValueGroup
    reason: str


def _when(info: FigureInfo) -> date | None:
    if info.period is not None and info.period[1] is not None:
        return info.period[1]
    point = parse_point((info.published or "")[:10])
    return point[1] if point else None


def close_in_time(a: FigureInfo, b: FigureInfo) -> bool:
    da, db = _when(a), _when(b)
    if da is None or db is None:
        return True
    return abs((da - db).days) <= MAX_GAP_DAYS


MAX_RATIO = 50.0  # values further apart measure different things ('2 doses' each, '1,150 doses' given)


def comparable(a: FigureInfo, b: FigureInfo) -> bool:
    va = representative(a.fig.value, a.fig.low, a.fig.high)
    vb = representative(b.fig.value, b.fig.low, b.fig.high)
    if va is None or vb is None or va <= 0 or vb <= 0:
        return False
    return max(va, vb) / min(va, vb) <= MAX_RATIO


def conflict(a: FigureInfo, b: FigureInfo) -> bool:
    """Whether two reports of one metric contradict (see the module docstring)."""
    return (
        not (a.hypothetical or b.hypothetical or a.prior or b.prior or a.fig.delta or b.fig.delta)
        and comparable(a, b)
        and not overlaps(a.interval, b.interval)
        and periods_overlap(a.period, b.period)
        and close_in_time(a, b)
        and not same_origin(a, b)
    )


def _side(info: FigureInfo) -> str:
    f = info.fig
    what = describe(f.value, f.low, f.high, f.approx, info.floor)
    where = ", ".join(x for x in (info.outlet, (info.published or "")[:10]) if x)
    return f"{what} ({info.origin}; {where})"


def reason(a: FigureInfo, b: FigureInfo) -> str:
    lo, hi = (
        (a, b)
        if (a.interval[1] is not None and b.interval[0] is not None and a.interval[1] < b.interval[0])
        else (b, a)
    )
    text = f"{_side(lo)} is below {_side(hi)}"
    if hi.floor:
        text += "; a count of confirmed cases is a floor of the total"
    elif lo.floor:
        text += "; the lower figure is a floor, the higher one an upper bound"
    return text


def share_floors(groups: list[ValueGroup]) -> None:
    """A floor count ('confirmed 17,900') stays a floor when the same source's number is repeated."""
    for g in groups:
        floors = {name_key(i.origin) for i in g.figures if i.floor}
        for i in g.figures:
            if not i.floor and name_key(i.origin) in floors:
                i.floor = True
                f = i.fig
                i.interval = interval(f.value, f.low, f.high, f.approx, floor=True)


def find_contradictions(groups: list[ValueGroup], origin_of: Mapping[str, str] | None = None) -> list[Found]:
    """Contradictions between value groups; never between an article and its own syndicated copy
    (``origin_of`` maps each article to its syndication origin: such a pair is a revision)."""
    origin_of = origin_of or {}
    share_floors(groups)
    by_metric: dict[str, list[ValueGroup]] = {}
    for g in groups:
        by_metric.setdefault(g.metric.id, []).append(g)
    found: list[Found] = []
    for metric_id, mgroups in by_metric.items():
        for i, ga in enumerate(mgroups):
            for gb in mgroups[i + 1 :]:
                pair = _first_pair(ga, gb, origin_of)
                if pair is None:
                    continue
                a, b = pair
                cid = ledger_id("contradiction", "|".join(sorted((ga.id, gb.id))), metric_id)
                found.append(
                    Found(
                        cid,
                        metric_id,
                        a,
                        b,
                        ga if a in ga.figures else gb,
                        gb if b in gb.figures else ga,
                        reason(a, b),
                    )
                )
    return found


def _same_story(a: FigureInfo, b: FigureInfo, origin_of: Mapping[str, str]) -> bool:
    """Two versions of one syndicated story (one article's own two sources can still disagree)."""
    x, y = a.fig.article_id, b.fig.article_id
    return x != y and origin_of.get(x, x) == origin_of.get(y, y)


def _first_pair(
    ga: ValueGroup, gb: ValueGroup, origin_of: Mapping[str, str]
) -> tuple[FigureInfo, FigureInfo] | None:
    """The best-sourced conflicting pair: named sources first, each side's usual source, earliest.

    The best pair minimises ``(-named, -usual, later)`` (ties: first in group order), where
    ``named`` and ``usual`` add a term of each side and ``later`` is the later of the two reports.
    Rather than test every pair, figures are bucketed by their (named, usual) terms, bucket pairs
    are visited best tier first, and inside a bucket pair candidates are visited in order of their
    later report, so the search stops at the first tier that holds a conflict.
    """

    def buckets(g: ValueGroup) -> dict[tuple[int, int], list[tuple[int, FigureInfo]]]:
        support: dict[str, int] = {}
        for i in g.figures:
            support[name_key(i.origin)] = support.get(name_key(i.origin), 0) + 1
        out: dict[tuple[int, int], list[tuple[int, FigureInfo]]] = {}
        for pos, i in enumerate(g.figures):
            term = (int(i.origin != i.outlet), support[name_key(i.origin)])
            out.setdefault(term, []).append((pos, i))
        return out

    ba, bb = buckets(ga), buckets(gb)
    tiers: dict[tuple[int, int], list[tuple[tuple[int, int], tuple[int, int]]]] = {}
    for ta in ba:
        for tb in bb:
            tiers.setdefault((ta[0] + tb[0], ta[1] + tb[1]), []).append((ta, tb))
    for tier in sorted(tiers, key=lambda t: (-t[0], -t[1])):
        best: tuple[SortKey, int, int, FigureInfo, FigureInfo] | None = None
        for ta, tb in tiers[tier]:
            found = _earliest_conflict(ba[ta], bb[tb], origin_of)
            if found is not None and (best is None or found[:3] < best[:3]):
                best = found
        if best is not None:
            a, b = best[3], best[4]
            return (a, b) if a.sort_key <= b.sort_key else (b, a)
    return None


def _earliest_conflict(
    side_a: list[tuple[int, FigureInfo]], side_b: list[tuple[int, FigureInfo]], origin_of: Mapping[str, str]
) -> tuple[SortKey, int, int, FigureInfo, FigureInfo] | None:
    """The conflicting pair whose later report is earliest (ties: first in group order)."""
    events = sorted(
        [(i.sort_key, 0, pos, i) for pos, i in side_a] + [(i.sort_key, 1, pos, i) for pos, i in side_b],
        key=lambda e: (e[0], e[1], e[2]),
    )
    seen: tuple[list[tuple[int, FigureInfo]], list[tuple[int, FigureInfo]]] = ([], [])
    k = 0
    while k < len(events):
        later = events[k][0]
        group = []
        while k < len(events) and events[k][0] == later:
            group.append(events[k])
            seen[events[k][1]].append((events[k][2], events[k][3]))
            k += 1
        best: tuple[SortKey, int, int, FigureInfo, FigureInfo] | None = None
        for _, side, pos, info in group:  # pairs whose later report is this one
            for opos, other in seen[1 - side]:
                a, apos, b, bpos = (info, pos, other, opos) if side == 0 else (other, opos, info, pos)
                if b.sort_key > later or a.sort_key > later:
                    continue
                if best is not None and (apos, bpos) >= best[1:3]:
                    continue
                if conflict(a, b) and not _same_story(a, b, origin_of):
                    best = (later, apos, bpos, a, b)
        if best is not None:
            return best
    return None
