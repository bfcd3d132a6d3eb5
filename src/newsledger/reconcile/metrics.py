"""Metrics: what a figure measures, as (category, counted, place/actor, period bucket).

A figure joins a metric when its counted phrase reduces to a key (normalize.counted_key): figures
with no counted noun (a bare '12,000') are left out, since nothing says what they count. The place
is, in order: a nationality word inside the counted phrase ('Velgarian troops'); the nearest place
or nationality in the figure's sentence that is not part of a source ('Sarnova's General Staff
says...' does not make Sarnova the place); else, when every other figure of the same key names one
place, that place; else the place the article names most. The period bucket is the calendar year
the figure's period lies in (from the extractor, else from words like 'last year', 'this spring');
a figure without one joins the bucket of its publication year when the key has one.

Everything about a figure's sentence (rate, outcome, role, floor, prior, hypothetical, period
bounds, the sentence's span) is read at extraction (extract/context.py) and stored on the figure:
nothing here reads the article text.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from newsledger.reconcile.entities import Resolution
from newsledger.reconcile.ids import ledger_id
from newsledger.reconcile.loader import ClaimRec, Corpus, EntityRec, FigureRec, SortKey
from newsledger.reconcile.normalize import (
    Counted,
    Interval,
    Period,
    counted_key,
    fold,
    interval,
    name_key,
    parse_period,
    year_bucket,
)
from newsledger.textnorm import stored_period


@dataclass(slots=True)
class FigureInfo:
    """A figure with everything reconciliation derived for it."""

    fig: FigureRec
    claim: ClaimRec | None
    counted: str | None
    place: str | None
    rate: str | None
    period: Period | None
    bucket: str | None
    floor: bool
    hypothetical: bool
    prior: bool  # the old side of a change, or a fragment of a split number: not set against others
    category: str  # the figure's category; 'other' becomes the one other figures of its key have
    interval: Interval
    origin: str  # innermost source, else the outlet
    origin_type: str
    outlet: str | None
    published: str | None
    sort_key: SortKey
    metric_id: str | None = None

    @property
    def unit(self) -> str | None:
        return self.fig.unit

    @property
    def article_id(self) -> str:
        return self.fig.article_id

    @property
    def dated(self) -> bool:
        """Whether its period has a start (then no publication year fills its bucket)."""
        return self.period is not None and self.period[0] is not None

    @property
    def year(self) -> str:
        return (self.published or "")[:4]

    @property
    def flags(self) -> str:
        pairs = (("floor", self.floor), ("hypothetical", self.hypothetical), ("prior", self.prior))
        out = [n for n, on in pairs if on]
        if self.rate:
            out.append(f"per {self.rate}")
        return ",".join(out)


@dataclass
class Metric:
    id: str
    category: str
    counted: str
    place: str | None
    period: str | None
    unit: str | None
    members: list[FigureInfo]

    @property
    def label(self) -> str:
        text = f"{self.category}: {self.counted}"
        if self.unit:
            text += f" [{self.unit}]"
        if self.place:
            text += f" ({self.place})"
        if self.period:
            text += f", {self.period}"
        return text


def metric_id(category: str, counted: str, place: str | None, period: str | None, unit: str | None) -> str:
    """A metric is its canonical key; it has no origin (every report of it is a point of one timeline)."""
    return ledger_id("metric", "|".join((category, counted, place or "", period or "", unit or "")))


def _inside_sources(ent: EntityRec, claim: ClaimRec | None) -> bool:
    if claim is None:
        return False
    for src in claim.sources:
        if src.start is not None and src.end is not None and src.start <= ent.start and ent.end <= src.end:
            return True
    return False


def _origin(claim: ClaimRec | None, outlet: str | None) -> tuple[str, str]:
    if claim is not None and len(claim.sources) > 1:
        last = claim.sources[-1]
        return last.name, last.type
    return outlet or "(unknown outlet)", "media_outlet"


def _sentence_place(
    info_fig: FigureRec, claim: ClaimRec | None, lo: int, hi: int, ents: list[EntityRec], res: Resolution
) -> str | None:
    best: tuple[int, str] | None = None
    for ent in ents:
        if ent.end <= lo or ent.start >= hi or _inside_sources(ent, claim):
            continue
        place = res.place_of(ent)
        if place is None:
            continue
        dist = info_fig.start - ent.end if ent.end <= info_fig.start else ent.start - info_fig.end
        if best is None or abs(dist) < best[0]:
            best = (abs(dist), place)
    return best[1] if best else None


def article_place(ents: list[EntityRec], res: Resolution) -> str | None:
    counts = Counter(p for p in (res.place_of(e) for e in ents) if p)
    top = counts.most_common(2)
    if not top or (len(top) > 1 and top[0][1] == top[1][1]):
        return None
    return top[0][0]


def describe_figures(corpus: Corpus, res: Resolution) -> list[FigureInfo]:
    """Derive counted key, place, period, interval and origin of every figure."""
    out = describe_raw(corpus, res, corpus.figures)
    fill_missing(out, article_places(corpus, res))
    return out


def article_places(corpus: Corpus, res: Resolution) -> Callable[[FigureInfo], str | None]:
    """The place each figure's article names most (worked out once per article, when asked)."""
    known: dict[str, str | None] = {}

    def place_of_article(info: FigureInfo) -> str | None:  # only asked for figures left without a place
        aid = info.fig.article_id
        if aid not in known:
            known[aid] = article_place(corpus.entities_by_article.get(aid, []), res)
        return known[aid]

    return place_of_article


def describe_raw(corpus: Corpus, res: Resolution, figures: Sequence[FigureRec]) -> list[FigureInfo]:
    """Each figure as its own article says it: counted key, place, period, interval and origin,
    before the fill rules (:func:`fill_missing`) look at the other reports of its family."""
    demonyms = frozenset(res.demonym_place)
    out: list[FigureInfo] = []
    keys: dict[tuple[str | None, str, str | None, str | None, bool], Counted] = {}
    for fig in figures:
        art = corpus.articles.get(fig.article_id)
        if art is None:
            continue
        claim = corpus.claim_of(fig)
        lo, hi = _sentence(fig, claim)
        # a pure function of these fields, which repeat across reports: reduced once per run
        ask = (fig.counted, fig.category, fig.outcome, fig.role, fig.floor)
        counted = keys.get(ask)
        if counted is None:
            counted = keys[ask] = counted_key(
                fig.counted,
                fig.category,
                outcome=fig.outcome,
                role=fig.role,
                floor=fig.floor,
                demonyms=demonyms,
            )
        rate = fig.rate
        ents = corpus.entities_by_article.get(fig.article_id, [])
        place = next((res.demonym_place[p] for p in counted.peoples if p in res.demonym_place), None)
        if place is None:
            place = _sentence_place(fig, claim, lo, hi, ents, res)
        period = stored_period(fig.period_start, fig.period_end) or parse_period(fig.period)
        origin, origin_type = _origin(claim, art.outlet)
        out.append(
            FigureInfo(
                fig=fig,
                claim=claim,
                counted=f"{counted.key} per {rate}" if counted.key and rate else counted.key,
                place=place,
                rate=rate,
                period=period,
                bucket=year_bucket(period),
                floor=counted.floor,
                hypothetical=fig.hypothetical,
                prior=fig.prior,
                category=fig.category,
                interval=interval(fig.value, fig.low, fig.high, fig.approx, floor=counted.floor),
                origin=origin,
                origin_type=origin_type,
                outlet=art.outlet,
                published=art.published,
                sort_key=(art.order, fig.start),
            )
        )
    return out


def _sentence(fig: FigureRec, claim: ClaimRec | None) -> tuple[int, int]:
    """The span the figure's context was read from (its claim's, for figures stored without it)."""
    if fig.sentence_start is not None and fig.sentence_end is not None:
        return fig.sentence_start, fig.sentence_end
    if claim is not None and claim.start <= fig.start and fig.end <= claim.end:
        return claim.start, claim.end
    return fig.start, fig.end


class Fillable(Protocol):
    """What the fill rules read and set of a figure (a ``FigureInfo``, or a figure's stored state)."""

    counted: str | None
    category: str
    place: str | None
    bucket: str | None

    @property
    def unit(self) -> str | None: ...

    @property
    def dated(self) -> bool: ...

    @property
    def year(self) -> str: ...


F = TypeVar("F", bound=Fillable)


def fill_missing(infos: Sequence[F], article_place: Callable[[F], str | None]) -> None:
    """Fill the category 'other', unknown places and period buckets from figures of the same key.

    Every rule looks only at the figures of one (unit, counted key) family, so a run that gives it
    every figure of some families fills those exactly as a run over every figure does."""
    categories: dict[tuple[str | None, str], set[str]] = defaultdict(set)
    for i in infos:
        if i.counted and i.category != "other":
            categories[(i.unit, i.counted)].add(i.category)
    for i in infos:
        known_categories = categories.get((i.unit, i.counted or ""), set())
        if i.counted and i.category == "other" and len(known_categories) == 1:
            i.category = next(iter(known_categories))
    places: dict[tuple[str, str | None, str], Counter[str]] = defaultdict(Counter)
    for i in infos:
        if i.counted and i.place:
            places[(i.category, i.unit, i.counted)][i.place] += 1
    for i in infos:
        if not i.counted or i.place:
            continue
        known = places.get((i.category, i.unit, i.counted), Counter())
        if len(known) == 1 or (known and known.most_common(1)[0][1] * 2 > sum(known.values())):
            i.place = known.most_common(1)[0][0]  # the place (nearly) every other report names
        elif known and (mine := article_place(i)) in known:
            i.place = mine
    buckets: dict[tuple[str, str | None, str, str | None], set[str]] = defaultdict(set)
    for i in infos:
        if i.counted and i.bucket:
            buckets[(i.category, i.unit, i.counted, i.place)].add(i.bucket)
    for i in infos:
        if not i.counted or i.bucket or i.dated:
            continue
        known_buckets = buckets.get((i.category, i.unit, i.counted, i.place), set())
        if i.year in known_buckets:
            i.bucket = i.year


def build_metrics(infos: list[FigureInfo]) -> dict[str, Metric]:
    metrics: dict[str, Metric] = {}
    for info in infos:
        if not info.counted:
            continue
        f = info.fig
        mid = metric_id(info.category, info.counted, info.place, info.bucket, f.unit)
        metric = metrics.get(mid)
        if metric is None:
            metric = Metric(mid, info.category, info.counted, info.place, info.bucket, f.unit, [])
            metrics[mid] = metric
        metric.members.append(info)
        info.metric_id = mid
    for metric in metrics.values():
        metric.members.sort(key=lambda i: i.sort_key)
    return metrics


def same_origin(a: FigureInfo, b: FigureInfo) -> bool:
    """Whether two reports come from the same source (same name, or the same person's surname)."""
    ka, kb = name_key(a.origin), name_key(b.origin)
    if ka == kb:
        return True
    if a.origin_type == b.origin_type == "named_person":
        return ka.split()[-1:] == kb.split()[-1:]
    return fold(a.origin) in fold(b.origin) and a.origin_type == b.origin_type == "media_outlet"
