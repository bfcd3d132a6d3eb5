"""Reconciliation of the bundled examples (examples/README.md is the answer key)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.conftest import BACKENDS, ROOT, conflict_profile, databases_for

from newsledger.reconcile import ReconcileReport, reconcile
from newsledger.reconcile import queries as Q
from newsledger.reconcile.model import Contradiction
from newsledger.runner import extract
from newsledger.store.repo import Store

pytestmark = pytest.mark.model


@pytest.fixture(scope="session", params=BACKENDS)
def examples(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Store, ReconcileReport]]:
    """The examples extracted and reconciled, once per backend (SQLite, PostgreSQL)."""
    dbs = databases_for(request, request.param, Path(tmp_path_factory.mktemp("reconcile")))
    store = Store(dbs.new())
    with conflict_profile():
        extract([str(ROOT / "examples")], store)
        report = reconcile(store)
    yield store, report
    store.close()
    dbs.drop_all()


def _all_contradictions(store: Store) -> list[Contradiction]:
    items, total = Q.list_contradictions(store, limit=500)
    assert len(items) == total
    return items


def _pair(c: Contradiction) -> frozenset[float | None]:
    return frozenset((c.a.value, c.b.value))


def test_report_counts(examples: tuple[Store, ReconcileReport]) -> None:
    store, report = examples
    assert report.articles == 12 and report.metrics > 0 and report.clusters > 0
    assert report.contradictions == Q.list_contradictions(store)[1]
    assert "contradictions" in report.summary()


def test_the_250000_target_was_first_reported_by_the_harbour_standard(
    examples: tuple[Store, ReconcileReport],
) -> None:
    store, _ = examples
    clusters, _ = Q.list_clusters(store, limit=200)
    target = [c for c in clusters if any("250,000" in m.text or "250 thousand" in m.text for m in c.members)]
    assert target, "no cluster for the 250,000 contract soldiers"
    cluster = max(target, key=lambda c: len(c.members))
    assert cluster.first.outlet == "The Harbour Standard"
    assert cluster.first.published is not None and cluster.first.published.startswith("2025-03-03")
    outlets = {m.outlet for m in cluster.members}
    assert {"Continental Press Agency", "Northstar 24", "The Daily Clarion"} <= outlets
    citing = [m for m in cluster.members[1:] if m.cites == "The Harbour Standard"]
    assert len(citing) >= 3
    assert all(m.published is not None and m.published >= cluster.first.published for m in cluster.members)
    # the claim view of a later member leads to the same cluster and first reporter
    found = Q.get_claim(store, citing[0].claim_id)
    assert found is not None and found[1] is not None and found[1].first.outlet == "The Harbour Standard"


def test_contradictions_c1_and_c2_are_found_with_both_sources(
    examples: tuple[Store, ReconcileReport],
) -> None:
    store, _ = examples
    found = _all_contradictions(store)
    pairs = {_pair(c): c for c in found}
    c1 = pairs.get(frozenset((12000.0, 40000.0)))
    c2 = pairs.get(frozenset((85000.0, 120000.0)))
    assert c1 is not None, "C1 (about 12,000 vs more than 40,000 killed) not found"
    assert c2 is not None, "C2 (85,000 vs 120,000 spring conscripts) not found"
    c3 = frozenset((51000.0, 74000.0)) in pairs
    c4 = frozenset((12000.0, 18400.0)) in pairs
    assert 2 + c3 + c4 >= 3
    for c in (c1, c2):
        assert len(c.a.sources) >= 2 and len(c.b.sources) >= 2  # an outlet and a named source each
        assert c.a.sources[-1].name != c.b.sources[-1].name
        assert c.reason
    killed = {c1.a.sources[-1].name, c1.b.sources[-1].name}
    assert any("Sorel" in n for n in killed) and any("Sarnova" in n or "Verenko" in n for n in killed)


def test_look_alikes_are_not_flagged(examples: tuple[Store, ReconcileReport]) -> None:
    store, _ = examples
    found = _all_contradictions(store)
    pairs = {_pair(c) for c in found}
    assert frozenset((17900.0, 18400.0)) not in pairs  # N1: an update by the same source
    values = {v for p in pairs for v in p}
    for value in (133000.0, 600000.0, 200000.0, 191000.0, 27000.0, 33000.0, 41000.0, 25000.0, 46000.0):
        assert value not in values  # N2-N7


def test_surname_only_mention_joins_the_full_name(examples: tuple[Store, ReconcileReport]) -> None:
    store, _ = examples
    for surname, full in (("Verenko", "Danylo Verenko"), ("Sorel", "Gennady Sorel")):
        people, total = Q.list_entities(store, label="PERSON", q=surname)
        assert total == 1, people
        assert people[0].canonical == full and surname in people[0].aliases
        assert people[0].articles >= 2


def test_full_text_search_on_the_examples(examples: tuple[Store, ReconcileReport]) -> None:
    store, _ = examples
    hits, total = Q.search_articles(store, q="measles")
    assert total >= 1 and hits[0].outlet == "The Westbrook Chronicle" and hits[0].snippet
    assert Q.search_articles(store, q="Obelisk")[1] >= 3
    assert Q.search_articles(store, q='"; DROP TABLE articles; --') == ([], 0)
    assert Q.search_articles(store)[1] == 12


@pytest.mark.parametrize(
    "call",
    [
        lambda s, lim, off: Q.search_articles(s, limit=lim, offset=off),
        lambda s, lim, off: Q.list_figures(s, limit=lim, offset=off),
        lambda s, lim, off: Q.list_metrics(s, limit=lim, offset=off),
        lambda s, lim, off: Q.list_clusters(s, min_reports=1, limit=lim, offset=off),
        lambda s, lim, off: Q.list_contradictions(s, limit=lim, offset=off),
        lambda s, lim, off: Q.list_entities(s, limit=lim, offset=off),
    ],
)
def test_every_list_paginates(examples: tuple[Store, ReconcileReport], call: object) -> None:
    store, _ = examples
    assert callable(call)
    first, total = call(store, 2, 0)
    second, total2 = call(store, 2, 2)
    everything, total3 = call(store, 500, 0)
    assert total == total2 == total3 == len(everything) >= 3
    assert len(first) == 2 and first + second == everything[:4]


def test_metric_timeline_and_figure_rows(examples: tuple[Store, ReconcileReport]) -> None:
    store, _ = examples
    metrics, _ = Q.list_metrics(store, category="casualties")
    killed = metrics[0]
    assert killed.place == "Velgaria" and killed.contradictions >= 1
    timeline = Q.get_metric(store, killed.id)
    assert timeline is not None and len(timeline.points) == killed.figures
    dates = [p.published or "" for p in timeline.points]
    assert dates == sorted(dates)
    rows, _ = Q.list_figures(store, category="casualties", limit=500)
    assert any(r.metric_id == killed.id for r in rows)
    assert all(r.claim_id is None or r.claim_id.startswith(r.article_id + ":") for r in rows)
    assert Q.get_metric(store, "no-such-metric") is None and Q.get_cluster(store, "nope") is None
