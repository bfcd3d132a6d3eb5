"""Incremental reconcile where a change reaches rows of other articles (reconcile/sync.py writes
only the rows that changed): a surname joining, then leaving, an entity of earlier articles; a new
figure contradicting an old one; a category filled from other reports moving an old figure to
another metric; a deletion splitting a claim cluster. Each step is checked for what it must do,
and against a rebuild from scratch and one run over the same articles (ledger_dump equality), on
SQLite and PostgreSQL.

The articles are written here (invented names and places), one sentence per fact."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from tests.conftest import Databases

from newsledger.contract import Article, Claim, Entity, Figure, Quote, Source
from newsledger.reconcile import reconcile
from newsledger.reconcile.dump import LedgerDump, ledger_dump
from newsledger.store import tables as t
from newsledger.store.repo import Store


@dataclass(frozen=True)
class Fact:
    """One sentence: ``source`` said ``value`` ``counted`` ..., optionally in ``place``."""

    value: float
    counted: str = "reservists"
    category: str = "recruitment"
    source: str = "Velgarian defence ministry"
    source_type: str = "government"
    place: str | None = None
    approx: str = "exact"


WORDS = [
    "tide",
    "gull",
    "rope",
    "anchor",
    "lantern",
    "ferry",
    "quay",
    "crane",
    "storm",
    "harbour",
    "pilot",
    "cargo",
    "ledger",
    "morning",
    "evening",
    "bridge",
    "signal",
    "market",
    "bakery",
    "tram",
    "council",
    "school",
    "river",
    "canal",
    "meadow",
    "orchard",
    "mill",
    "chapel",
    "square",
]


def _article(
    aid: str,
    outlet: str,
    day: int,
    facts: Sequence[Fact] = (),
    people: Sequence[str] = (),
    quote: str | None = None,
) -> Article:
    parts: list[str] = []
    figures, claims, entities, quotes = [], [], [], []
    at = 0

    def add(sentence: str) -> int:
        nonlocal at
        start = at
        parts.append(sentence)
        at += len(sentence) + 1
        return start

    for k, f in enumerate(facts):
        cue = {"exact": "", "about": "about ", "more_than": "more than "}[f.approx]
        num = f"{cue}{f.value:,.0f}"
        where = f" in {f.place}" if f.place else ""
        lead = f"The {f.source} said "
        sentence = f"{lead}{num} {f.counted} had been called up{where} this year."
        s = add(sentence)
        cid = f"c{k + 1}"
        fs = s + len(lead)
        lo = f.value if f.approx in ("exact", "more_than") else None
        hi = f.value if f.approx == "exact" else None
        figures.append(
            Figure(
                num, fs, fs + len(num), f.value, lo, hi, f.approx, None, f.counted, f.category, None, cid,
                "test", sentence_start=s, sentence_end=s + len(sentence),
            )
        )  # fmt: skip
        src_at = s + len("The ")
        chain = (
            Source(outlet, "media_outlet"),
            Source(f.source, f.source_type, src_at, src_at + len(f.source)),
        )
        claims.append(Claim(cid, sentence, s, s + len(sentence), chain, "said", (), "unverified"))
        if f.place:
            p_at = s + sentence.index(f" in {f.place}") + 4
            entities.append(Entity(f.place, p_at, p_at + len(f.place), "PLACE", f.place))
    for name in people:
        s = add(f"Reporters spoke to {name} on the quay.")
        n_at = s + len("Reporters spoke to ")
        entities.append(Entity(name, n_at, n_at + len(name), "PERSON", name))
    if quote is not None:
        sentence = f'"{quote}," the harbour master said.'
        s = add(sentence)
        cid = f"c{len(claims) + 1}"
        chain = (Source(outlet, "media_outlet"), Source("the harbour master", "named_person"))
        claims.append(Claim(cid, sentence, s, s + len(sentence), chain, "said", (), "unverified"))
        quotes.append(Quote(f'"{quote}"', s, s + len(quote) + 2, "direct", "the harbour master", claim=cid))
    rng = random.Random(aid)  # each report's own words around the facts: no two are syndicated copies
    for _ in range(3):
        add(" ".join(rng.sample(WORDS, 12)).capitalize() + ".")
    return Article(
        id=aid,
        text=" ".join(parts),
        title=f"Report {aid}",
        outlet=outlet,
        published=f"2026-03-{day:02d}T09:00:00",
        entities=tuple(entities),
        figures=tuple(figures),
        quotes=tuple(quotes),
        claims=tuple(claims),
        language="en",
    )


def _save(store: Store, articles: Sequence[Article]) -> None:
    for a in articles:
        store.save_article(a)


def _checked(databases: Databases, store: Store, articles: Sequence[Article]) -> LedgerDump:
    """The ledger an incremental reconcile left, checked against a rebuild and a fresh single run."""
    incremental = ledger_dump(store)
    reconcile(store, full=True)
    assert ledger_dump(store) == incremental
    db = databases.new()
    fresh = Store(db)
    try:
        _save(fresh, sorted(articles, key=lambda a: a.id))
        reconcile(fresh)
        assert ledger_dump(fresh) == incremental
    finally:
        fresh.close()
        databases.drop(db)
    return incremental


def _entity_of(store: Store, article_id: str, text: str) -> str:
    e, links, le = t.entities.c, t.entity_links.c, t.ledger_entities.c
    query = (
        select(le.canonical)
        .select_from(t.entities.join(t.entity_links, links.entity_id == e.id))
        .join(t.ledger_entities, le.id == links.ledger_entity_id)
        .where(e.article_id == article_id, e.text == text)
    )
    with store.engine.connect() as conn:
        return str(conn.execute(query).scalar_one())


def test_a_new_full_name_takes_in_the_surname_of_earlier_articles_and_a_second_one_lets_it_go(
    databases: Databases,
) -> None:
    store = Store(databases.new())
    first = [_article("a1", "Harbour Standard", 1, people=["Verenko"]), _article("a2", "Quay Post", 2)]
    _save(store, first)
    reconcile(store)
    assert _entity_of(store, "a1", "Verenko") == "Verenko"
    joined = [*first, _article("a3", "Ledger Daily", 3, people=["Danylo Verenko"])]
    _save(store, joined[2:])
    reconcile(store)
    assert _entity_of(store, "a1", "Verenko") == "Danylo Verenko"  # an old mention, relinked
    _checked(databases, store, joined)
    apart = [*joined, _article("a4", "Quay Post", 4, people=["Olena Verenko"])]
    _save(store, apart[3:])
    reconcile(store)
    assert _entity_of(store, "a1", "Verenko") == "Verenko"  # two people of that name: stays apart
    _checked(databases, store, apart)
    store.close()


def test_a_new_figure_contradicting_an_old_one_is_listed_with_both_sides(databases: Databases) -> None:
    store = Store(databases.new())
    old = [
        _article("b1", "Harbour Standard", 1, [Fact(12000, approx="about", source="Gennady Sorel",
                                                    source_type="named_person", place="Velgaria")]),
        _article("b2", "Quay Post", 2, [Fact(12000, approx="about", source="Gennady Sorel",
                                             source_type="named_person", place="Velgaria")]),
    ]  # fmt: skip
    _save(store, old)
    reconcile(store)
    assert not ledger_dump(store)["contradictions"]
    new = [*old, _article("b3", "Ledger Daily", 3, [Fact(40000, approx="more_than", place="Velgaria")])]
    _save(store, new[2:])
    reconcile(store)
    ledger = _checked(databases, store, new)
    (found,) = ledger["contradictions"]
    assert {found["a_figure_id"], found["b_figure_id"]} == {"b1#0", "b3#0"}  # the earliest old report
    assert found["a_reports"] == 2 and found["a_cluster_id"] is not None
    store.close()


def test_a_category_filled_from_a_new_report_moves_an_old_figure_to_another_metric(
    databases: Databases,
) -> None:
    store = Store(databases.new())
    lone = [_article("c1", "Harbour Standard", 1, [Fact(5000, counted="ferry pilots", category="other")])]
    _save(store, lone)
    reconcile(store)
    (before,) = ledger_dump(store)["metrics"]
    assert before["category"] == "other"
    both = [*lone, _article("c2", "Quay Post", 2, [Fact(7000, counted="ferry pilots", category="economy")])]
    _save(store, both[1:])
    reconcile(store)
    ledger = _checked(databases, store, both)
    (after,) = ledger["metrics"]  # the old metric is gone, its figure moved: one metric of two figures
    assert after["category"] == "economy" and after["figures"] == 2
    assert {r["metric_id"] for r in ledger["metric_figures"]} == {after["id"]}
    store.close()


CORE = "the northern pier stays shut"  # too short to match by wording: only as a quotation
LONG = f"{CORE} until the cranes are inspected by the port engineers next week"
OTHER = f"after a night of gales and a broken mooring line {CORE}"


def test_deleting_the_report_that_bridges_two_quotations_splits_their_cluster(databases: Databases) -> None:
    store = Store(databases.new())
    articles = [
        _article("d1", "Harbour Standard", 1, quote=LONG),
        _article("d2", "Quay Post", 2, quote=LONG),
        _article("d3", "Ledger Daily", 3, quote=CORE),  # a part of both longer quotations
        _article("d4", "Coast Herald", 4, quote=OTHER),
        _article("d5", "Evening Lamp", 5, quote=OTHER),
    ]
    _save(store, articles)
    reconcile(store)
    (one,) = [c for c in ledger_dump(store)["claim_clusters"] if c["kind"] == "text"]
    assert one["reports"] == 5
    store.delete_articles(["d3"])
    reconcile(store)
    ledger = _checked(databases, store, [a for a in articles if a.id != "d3"])
    split = sorted(c["article_ids"] for c in ledger["claim_clusters"] if c["kind"] == "text")
    assert split == ['["d1", "d2"]', '["d4", "d5"]']
    store.close()
