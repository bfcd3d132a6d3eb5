"""Each figure's derived state kept between runs, so a run describes only what a change reaches.

The metric stage describes a figure from its own article (counted key, floor, place from the
sentence or a nationality word, period bucket: ``metrics.describe_raw``) and then fills what is
missing from the other reports of its (unit, counted key) **family** (``metrics.fill_missing``:
category, place, bucket); nothing else of the corpus reaches a figure's description. A figure's
part of the figure ledger (parts.py) follows from that description by three edges: its node (metric
or story), the citation bucket it belongs to and the one its claim cites. So per figure the store
keeps (``figure_state``, migration 0017) what its article said before the fill rules, what they
made of it, its edges, its key (depends.py) and its part's digest; and per article
(``figure_articles``) the extract run and syndication origin as this stage read them. A run then:

1. takes as changed the articles that are new, re-extracted, deleted, whose syndication origin
   changed, holding a mention whose place may have changed (``EntityState.place_moved``), whose
   claim may name another outlet of the store (``citing.naming``), and those the text stage found;
2. describes only their figures, and fills every figure of the families they left or joined from
   the other figures' stored raw values (not their facts), so those families come out exactly as
   in a whole pass; a stored figure whose filled values changed has moved;
3. closes the parts graph from the changed and moved figures' old and new edges by index lookups
   (node, citation bucket), reads the facts of only the figures found, and splits them into parts
   with their digests: a part whose digest is stored keeps its rows, the others are computed.

The whole pass (every figure described, the state stored again) runs with ``full``, without
stored state (the first run after the upgrade), after a rules change, without stored claim
outlets or entity stats, when the nationality words changed (every counted phrase may reduce
differently) and when too many articles changed; named in the run's fall-backs where no other
stage names the reason (and not on a store never reconciled).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import marshal
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.engine import Connection

from newsledger.reconcile import depends, parts
from newsledger.reconcile.bulk import bulk_insert
from newsledger.reconcile.citing import ClaimOutlets, naming
from newsledger.reconcile.entities import Resolution
from newsledger.reconcile.entity_state import EntityState, place_mentions
from newsledger.reconcile.incremental import chunks
from newsledger.reconcile.loader import (
    ENTITY_COLUMNS,
    ENTITY_ORDER,
    Corpus,
    EntityRec,
    bound_rows,
    raw_rows,
    read_entities,
    read_figures,
)
from newsledger.reconcile.metrics import (
    FigureInfo,
    Metric,
    article_places,
    build_metrics,
    describe_raw,
    fill_missing,
    metric_id,
)
from newsledger.reconcile.normalize import outlet_key, representative
from newsledger.reconcile.textindex import ensure_claims
from newsledger.store import tables as t

STATE = "figure_state"  # reconcile_state: the rules and nationality words the stored state holds

# More changed articles than this share of the stored ones (and than SCOPED_FLOOR): the whole pass.
SCOPED_LIMIT = 0.25
SCOPED_FLOOR = 100


@dataclass(slots=True)
class Row:
    """One figure's stored state (a row of ``figure_state``)."""

    figure_id: int
    article_id: str
    seq: int
    unit: str | None
    counted: str | None
    category0: str  # before the fill rules: what its own article says
    place0: str | None
    bucket0: str | None
    dated: bool
    year: str
    art_place: str | None
    category: str  # after the fill rules
    place: str | None
    bucket: str | None
    floor: bool
    rep: float | None
    node: str | None
    member: str | None
    cite: str | None
    key: bytes
    part: str

    def edges(self, citing: set[str]) -> list[tuple[str, str]]:
        """Its nodes in the parts graph (none when it is in no part)."""
        if self.node is None:
            return []
        out = [("n", self.node)]
        if self.cite is not None:
            out.append(("b", self.cite))
        if self.member is not None and self.member in citing:
            out.append(("b", self.member))
        return out


_FIELDS = [f.name for f in dataclasses.fields(Row)]
_COLUMNS = [t.figure_state.c[name] for name in _FIELDS]


def _row(r: Sequence[Any]) -> Row:
    row = Row(*r)
    row.dated, row.floor, row.key = bool(row.dated), bool(row.floor), bytes(row.key)
    return row


def _bucket(category: str, value: float) -> str:
    return f"{category}\x1f{float(value)!r}"


def _derived_digest(res: Resolution) -> str:
    return hashlib.sha1(marshal.dumps(sorted(res.demonym_place.items()), 2)).hexdigest()


@dataclass
class FigureStage:
    """What the figure stage computed: the described figures of the parts this run computes (every
    figure in a whole pass), their metrics, the plan of parts, and the state to store."""

    infos: list[FigureInfo]
    metrics: dict[str, Metric]
    todo: parts.Plan
    figures: int  # figures in the store
    described: int  # figures this run described from their facts
    rows: list[Row] = field(default_factory=list)
    stale: set[int] = field(default_factory=set)  # stored rows to replace or drop
    articles: dict[str, tuple[int | None, str]] = field(default_factory=dict)
    gone_articles: set[str] = field(default_factory=set)
    whole: bool = True
    fallback: str | None = None


Inputs = tuple[int | None, str]  # an article's extract run and syndication origin


@dataclass
class FigureState:
    stored: dict[str, Inputs]  # article -> its inputs as the last run read them
    digest: str | None  # the nationality words' digest the state was stored with (None: no state)
    rules: str | None

    @classmethod
    def load(cls, conn: Connection, *, full: bool) -> FigureState:
        if full:
            return cls({}, None, None)
        st = t.reconcile_state.c
        value = conn.execute(select(st.value).where(st.name == STATE)).scalar()
        if not value:
            return cls({}, None, None)
        state = json.loads(value)
        fa = t.figure_articles.c
        stored = {
            aid: (run, origin)
            for aid, run, origin in raw_rows(conn, select(fa.article_id, fa.extract_run_id, fa.origin))
        }
        return cls(stored, state["demonyms"], state["rules"])

    @property
    def usable(self) -> bool:
        """Whether a run may read only some figures (else every figure is read)."""
        return self.digest is not None and self.rules == parts.rules_digest()

    def run(
        self,
        conn: Connection,
        corpus: Corpus,
        res: Resolution,
        origin_of: Mapping[str, str],
        cited: ClaimOutlets,
        text_changed: set[str],
        kept: parts.PartsState,
        ents: EntityState,
    ) -> FigureStage:
        """The figure stage of this run: scoped to what changed, or the whole pass."""
        outlets = parts.outlet_names(corpus.articles)
        inputs = {aid: (a.extract_run_id, origin_of.get(aid, aid)) for aid, a in corpus.articles.items()}
        whole, fallback = self._why_whole(res, cited, kept, ents)
        changed: set[str] = set()
        if not whole:
            changed = set(text_changed)
            changed.update(aid for aid, now in inputs.items() if self.stored.get(aid) != now)
            changed.update(aid for aid in self.stored if aid not in corpus.articles)
            changed.update(_citing_changed(conn, corpus, cited, outlets))
            changed.update(ents.place_moved(conn, res))
            if len(changed) > max(SCOPED_LIMIT * len(self.stored), SCOPED_FLOOR):
                whole, fallback = True, f"figure state: {len(changed)} of {len(self.stored)} articles changed"
        if not whole:
            present = sorted(a for a in changed if a in corpus.articles)
            corpus.set_entities(_places_in(conn, res, present))
            stage = _scoped(conn, corpus, res, origin_of, cited, text_changed, kept, changed, outlets)
            if stage is not None:
                stage.articles = {a: inputs[a] for a in changed if a in inputs}
                stage.gone_articles = {a for a in changed if a not in inputs}
                return stage
            cited.answers, cited.computed = {}, 0  # too many parts changed: the parts plan names it
        if self.usable:  # the loader read no figure, nor any claim
            corpus.figures = read_figures(conn)
        ensure_claims(conn, corpus, None)
        if ents.scoped:  # the loader read no mention: those that stand for a place, of every article
            corpus.set_entities(place_mentions(conn, res, ents))
        stage = _whole(conn, corpus, res, origin_of, cited, text_changed, kept, outlets)
        stage.articles = inputs
        stage.fallback = fallback
        return stage

    def _why_whole(
        self, res: Resolution, cited: ClaimOutlets, kept: parts.PartsState, ents: EntityState
    ) -> tuple[bool, str | None]:
        """Whether this run describes every figure, and the reason to name (None where another
        stage's fall-back names it, or on a store never reconciled)."""
        if self.digest is None:
            return True, "figure state: none stored" if kept.any else None
        if self.rules != parts.rules_digest() or not kept.usable or kept.rules != parts.rules_digest():
            return True, None  # the parts' own fall-back names it
        if cited.names is None:
            return True, None  # the claim outlets' own fall-back names it
        if not ents.scoped:
            return True, None  # every mention resolved (the entities' own fall-back names it)
        if self.digest != _derived_digest(res):
            return True, "figure state: the nationality words changed"
        return False, None


def _citing_changed(conn: Connection, corpus: Corpus, cited: ClaimOutlets, outlets: set[str]) -> set[str]:
    """The articles a claim of which may name other outlets of the store than it did: one whose
    stored answer names an outlet gone, one that may name a new outlet (citing.py)."""
    assert cited.names is not None
    gone, new = cited.names - outlets, frozenset(outlets) - cited.names
    out = {g.split(":", 1)[0] for g, got in cited.stored.items() if got & gone}
    if not new:
        return out
    ensure_claims(conn, corpus, None)  # any claim may name a new outlet
    return out | naming(corpus.claims.values(), set(new))


def _places_in(conn: Connection, res: Resolution, articles: list[str]) -> list[EntityRec]:
    """The mentions of ``articles`` that stand for a place, in reading order (as
    ``entity_state.place_mentions`` gives them for every article)."""
    e = t.entities.c
    out: list[EntityRec] = []
    for chunk in chunks(articles):
        query = select(*ENTITY_COLUMNS).where(e.article_id.in_(chunk)).order_by(*ENTITY_ORDER)
        out.extend(ent for ent in read_entities(conn, query, bound=True) if res.place_of(ent) is not None)
    return out


def _edges(
    info: FigureInfo, origin_of: Mapping[str, str], named: Mapping[str, frozenset[str]]
) -> tuple[str | None, str | None, str | None, float | None]:
    """A described figure's node, citation bucket, cited bucket and representative value, as
    parts.split_parts reads them."""
    f = info.fig
    rep = representative(f.value, f.low, f.high)
    if info.counted:
        node: str | None = "m:" + metric_id(info.category, info.counted, info.place, info.bucket, f.unit)
    elif info.claim is not None:
        node = "s:" + origin_of.get(f.article_id, f.article_id)
    else:
        return None, None, None, rep
    cite = None
    claim = info.claim
    if claim is not None and f.value is not None:
        own = outlet_key(info.outlet or "")
        if named.get(claim.gid, frozenset()) - {own}:
            cite = _bucket(f.category, f.value)
    member = _bucket(info.category, rep) if rep is not None else None
    return node, member, cite, rep


def _new_row(
    info: FigureInfo,
    raw: tuple[str, str | None, str | None],
    art_place: Callable[[FigureInfo], str | None],
    edges: tuple[str | None, str | None, str | None, float | None],
    key: bytes,
    part: str,
) -> Row:
    f = info.fig
    node, member, cite, rep = edges
    return Row(
        f.id,
        f.article_id,
        f.seq,
        f.unit,
        info.counted,
        raw[0],
        raw[1],
        raw[2],
        info.dated,
        info.year,
        art_place(info) if info.counted and raw[1] is None else None,
        info.category,
        info.place,
        info.bucket,
        info.floor,
        rep,
        node,
        member,
        cite,
        key,
        part,
    )


def _raw(infos: Iterable[FigureInfo]) -> dict[int, tuple[str, str | None, str | None]]:
    return {i.fig.id: (i.category, i.place, i.bucket) for i in infos}


def _whole(
    conn: Connection,
    corpus: Corpus,
    res: Resolution,
    origin_of: Mapping[str, str],
    cited: ClaimOutlets,
    text_changed: set[str],
    kept: parts.PartsState,
    outlets: set[str],
) -> FigureStage:
    infos = describe_raw(corpus, res, corpus.figures)
    raw = _raw(infos)
    art_place = article_places(corpus, res)
    fill_missing(infos, art_place)
    metrics = build_metrics(infos)
    named = cited.resolve(parts.citing_claims(infos), outlets, text_changed)
    keys = depends.figure_keys(infos, corpus, origin_of)
    split = parts.split_parts(infos, metrics, origin_of, named, keys)
    part_of = {id(i): p.digest for p in split for i in p.infos}
    kept.read_all(conn)
    rows = [
        _new_row(i, raw[i.fig.id], art_place, _edges(i, origin_of, named), k, part_of.get(id(i), ""))
        for i, k in zip(infos, keys, strict=True)
    ]
    todo = parts.plan(split, kept)
    return FigureStage(infos, metrics, todo, len(infos), len(infos), rows)


def _read_rows(conn: Connection, column: Any, keys: Iterable[Any]) -> list[Row]:
    out: list[Row] = []
    for chunk in chunks(sorted(set(keys))):
        out.extend(_row(r) for r in bound_rows(conn, select(*_COLUMNS).where(column.in_(chunk))))
    return out


@dataclass(slots=True)
class Fill:
    """What the fill rules read and set of a stored figure of a family a run fills again."""

    figure_id: int
    article_id: str
    unit: str | None
    counted: str | None
    category0: str
    place0: str | None
    bucket0: str | None
    dated: bool
    year: str
    art_place: str | None
    category: str
    place: str | None
    bucket: str | None


_FILL_COLUMNS = [t.figure_state.c[f.name] for f in dataclasses.fields(Fill)]


def _read_fills(conn: Connection, families: set[tuple[str | None, str]]) -> list[Fill]:
    """The stored figures of ``families`` (unit, counted key), as the fill rules read them."""
    fs = t.figure_state.c
    out: list[Fill] = []
    for chunk in chunks(sorted({c for _, c in families if c})):
        for r in bound_rows(conn, select(*_FILL_COLUMNS).where(fs.counted.in_(chunk))):
            if (r[2], r[3]) in families:
                out.append(Fill(*r))
    return out


def _scoped(
    conn: Connection,
    corpus: Corpus,
    res: Resolution,
    origin_of: Mapping[str, str],
    cited: ClaimOutlets,
    text_changed: set[str],
    kept: parts.PartsState,
    changed: set[str],
    outlets: set[str],
) -> FigureStage | None:
    fs = t.figure_state.c
    present = sorted(a for a in changed if a in corpus.articles)
    figs = [f for chunk in chunks(present) for f in read_figures(conn, t.figures.c.article_id.in_(chunk))]
    ensure_claims(conn, corpus, present)
    new_infos = describe_raw(corpus, res, figs)
    raw = _raw(new_infos)
    stale = _read_rows(conn, fs.article_id, changed)
    families = {(r.unit, r.counted) for r in stale if r.counted}
    families.update((i.fig.unit, i.counted) for i in new_infos if i.counted)
    family = [f for f in _read_fills(conn, families) if f.article_id not in changed]
    before = {f.figure_id: (f.category, f.place, f.bucket) for f in family}
    for f in family:
        f.category, f.place, f.bucket = f.category0, f.place0, f.bucket0
    art_place = article_places(corpus, res)

    def place_of_article(i: FigureInfo | Fill) -> str | None:
        return i.art_place if isinstance(i, Fill) else art_place(i)

    together: list[FigureInfo | Fill] = [*new_infos, *family]
    fill_missing(together, place_of_article)
    named = cited.keep(corpus.articles, changed, parts.citing_claims(new_infos), outlets, text_changed)
    filled = {f.figure_id: f for f in family if (f.category, f.place, f.bucket) != before[f.figure_id]}
    moved = _read_rows(conn, fs.figure_id, filled)
    old_edges: list[Row] = [*stale, *(dataclasses.replace(r) for r in moved)]
    digests = depends.article_digests(corpus, origin_of, {r.article_id for r in moved})
    for r in moved:
        f = filled[r.figure_id]
        r.category, r.place, r.bucket = f.category, f.place, f.bucket
        r.node = "m:" + metric_id(r.category, r.counted or "", r.place, r.bucket, r.unit)
        r.member = _bucket(r.category, r.rep) if r.rep is not None else None
        derived = (r.counted, r.category, r.place, r.bucket, r.floor)
        r.key = b"%d:" % r.figure_id + digests[r.article_id] + marshal.dumps(derived, 2)
    new_keys = depends.figure_keys(new_infos, corpus, origin_of)
    new_rows = [
        _new_row(i, raw[i.fig.id], art_place, _edges(i, origin_of, named), k, "")
        for i, k in zip(new_infos, new_keys, strict=True)
    ]
    current: dict[int, Row] = {r.figure_id: r for r in [*moved, *new_rows]}
    reached, old_parts = _close(conn, current, old_edges, changed)
    # the facts of the figures found, described with their stored (or just filled) values
    todo_ids = sorted(fid for fid in reached if fid not in raw)
    loaded = [f for chunk in chunks(todo_ids) for f in read_figures(conn, t.figures.c.id.in_(chunk))]
    ensure_claims(conn, corpus, {f.article_id for f in loaded})
    infos = describe_raw(corpus, res, loaded)
    for info in infos:
        r = reached[info.fig.id]
        info.category, info.place, info.bucket = r.category, r.place, r.bucket
    infos.extend(new_infos)
    infos.sort(key=lambda i: (i.fig.article_id, i.fig.seq))
    metrics = build_metrics(infos)
    keys = depends.figure_keys(infos, corpus, origin_of)
    split = parts.split_parts(infos, metrics, origin_of, named, keys)
    todo = parts.plan_scoped(conn, split, kept, old_parts)
    if not todo.scoped:
        return None
    part_of = {i.fig.id: p.digest for p in split for i in p.infos}
    rows: dict[int, Row] = {}
    for info, key in zip(infos, keys, strict=True):
        fid = info.fig.id
        r = current.get(fid) or reached[fid]
        r.key, r.part = key, part_of.get(fid, "")
        rows[fid] = r
    for r in new_rows:
        rows.setdefault(r.figure_id, r)
    n = int(conn.execute(select(func.count()).select_from(t.figures)).scalar_one())
    stage = FigureStage(infos, metrics, todo, n, len(figs) + len(loaded), list(rows.values()))
    stage.stale = {r.figure_id for r in stale} | set(rows)
    stage.whole = False
    return stage


def _close(
    conn: Connection, current: dict[int, Row], old_edges: list[Row], changed: set[str]
) -> tuple[dict[int, Row], set[str]]:
    """The stored figures in the parts (old and new) of the changed and moved figures: closed
    over nodes and citation buckets, in the union of the old and the new graph, by index lookups.
    Returns them (as stored; the changed articles' stale rows left out) and their old parts."""
    fs = t.figure_state.c
    citing = {c for (c,) in raw_rows(conn, select(fs.cite).where(fs.cite.is_not(None)).distinct())}
    citing.update(r.cite for r in current.values() if r.cite is not None)
    by_node: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for r in [*current.values(), *old_edges]:
        for e in r.edges(citing):
            by_node[e].append(r)
    old_parts = {r.part for r in old_edges}
    reached: dict[int, Row] = {}
    seen: set[tuple[str, str]] = set()
    todo = {e for r in [*current.values(), *old_edges] for e in r.edges(citing)}
    while todo:
        seen |= todo
        found: list[Row] = []
        for r in [r for e in todo for r in by_node.get(e, [])]:
            found.append(r)
        nodes = [k for kind, k in todo if kind == "n"]
        buckets = [k for kind, k in todo if kind == "b"]
        stored = _read_rows(conn, fs.node, nodes)
        stored += _read_rows(conn, fs.cite, buckets)
        stored += _read_rows(conn, fs.member, buckets)
        for r in stored:
            if r.article_id in changed:
                continue  # a stale row: its old edges are in ``old_edges`` already
            old_parts.add(r.part)
            now = current.get(r.figure_id)
            if now is None:
                reached.setdefault(r.figure_id, r)
            found.append(r)
        todo = {e for r in found for e in r.edges(citing)} - seen
        for r in found:
            now = current.get(r.figure_id)
            if now is not None:
                todo |= set(now.edges(citing)) - seen
    for fid, r in current.items():
        if r.node is not None:
            reached.setdefault(fid, r)
    return reached, old_parts


def write(conn: Connection, stage: FigureStage, res: Resolution) -> None:
    """Store this run's figure state (every row after a whole pass, else the rows it replaced)."""
    fs, fa, st = t.figure_state, t.figure_articles, t.reconcile_state
    conn.execute(delete(st).where(st.c.name == STATE))
    value = json.dumps({"rules": parts.rules_digest(), "demonyms": _derived_digest(res)})
    conn.execute(insert(st).values(name=STATE, value=value))
    if stage.whole:
        conn.execute(delete(fs))
        conn.execute(delete(fa))
    else:
        for chunk in chunks(sorted(stage.stale)):
            conn.execute(delete(fs).where(fs.c.figure_id.in_(chunk)))
        for ids in chunks(sorted(stage.articles.keys() | stage.gone_articles)):
            conn.execute(delete(fa).where(fa.c.article_id.in_(ids)))
    bulk_insert(conn, fs, ({name: getattr(r, name) for name in _FIELDS} for r in stage.rows))
    bulk_insert(
        conn,
        fa,
        (
            {"article_id": a, "extract_run_id": run, "origin": origin}
            for a, (run, origin) in stage.articles.items()
        ),
    )
