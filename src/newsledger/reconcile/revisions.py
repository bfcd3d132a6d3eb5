"""Revisions: a later version of one syndicated story that changed a figure (a toll of 12 becomes 19).

Within a syndication group (:mod:`newsledger.reconcile.syndication`) two versions that disagree are
not two sources in conflict: the story was updated. For each metric and group, each later article
is set against the earliest article of the group that reports the metric; a value of the later
article that the earlier one does not carry, paired with a value of the earlier one that the later
does not carry (in text order when both sides changed as many), is a revision, listed once per
(metric, group, old value, new value) with the first article that carried the new value. Figures
that are the old side of a change or hypothetical are left out, as they are for contradictions.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from newsledger.reconcile.ids import ledger_id, value_key
from newsledger.reconcile.metrics import FigureInfo, Metric
from newsledger.reconcile.normalize import describe, representative, same_value


@dataclass(frozen=True)
class Revision:
    id: str
    metric_id: str
    origin: str  # the syndication group's origin article
    before: FigureInfo
    after: FigureInfo

    @property
    def reason(self) -> str:
        return f"{_text(self.before)} became {_text(self.after)}"


def _text(info: FigureInfo) -> str:
    f = info.fig
    when = (info.published or "")[:10]
    what = describe(f.value, f.low, f.high, f.approx, info.floor)
    return f"{what} ({info.outlet or 'unknown outlet'}{', ' + when if when else ''})"


def _value(info: FigureInfo) -> float | None:
    return representative(info.fig.value, info.fig.low, info.fig.high)


def _carries(infos: list[FigureInfo], v: float | None) -> bool:
    return any(same_value(_value(i), v) for i in infos)


def find_revisions(metrics: Mapping[str, Metric], origin_of: Mapping[str, str]) -> list[Revision]:
    found: dict[str, Revision] = {}
    for metric in metrics.values():
        by_group: dict[str, dict[str, list[FigureInfo]]] = defaultdict(lambda: defaultdict(list))
        for info in metric.members:  # members are in article order
            if info.prior or info.hypothetical or _value(info) is None:
                continue
            article = info.fig.article_id
            by_group[origin_of.get(article, article)][article].append(info)
        for origin, articles in by_group.items():
            if len(articles) < 2:
                continue
            versions = list(articles.values())
            first = versions[0]
            for later in versions[1:]:
                old = [i for i in first if not _carries(later, _value(i))]
                new = [i for i in later if not _carries(first, _value(i))]
                # Changed values pair up in text order when both sides changed as many figures
                # (12 -> 19 and 41 -> 57); otherwise only the first change is certain.
                pairs = list(zip(old, new, strict=True)) if len(old) == len(new) else [(old[0], new[0])]
                for before, after in pairs:
                    key = f"{metric.id}|{value_key(_value(before))}|{value_key(_value(after))}"
                    rid = ledger_id("revision", key, origin)
                    found.setdefault(rid, Revision(rid, metric.id, origin, before, after))
    return list(found.values())
