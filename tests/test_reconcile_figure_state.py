"""The figure stage's stored state (reconcile/figstate.py, migration 0017): a run describes only the
figures of changed articles and those the change reaches through their (unit, counted key)
families and the parts graph; every other figure keeps its stored derived values. Each case checks
how many figures a run described (``ReconcileReport.figures_described``) and that the ledger equals
a rebuild and one run over the same articles (``ledger_dump``), on SQLite and PostgreSQL: a
re-extracted figure moving to another family (the figure its old family filled moves back), the
deletion of a family's only report, a new report filling an old figure's place, a small +1 run,
and the first run after the upgrade (every figure described, named in the fall-backs)."""

from __future__ import annotations

from sqlalchemy import delete
from tests.conftest import Databases
from tests.test_reconcile_depends import _metric
from tests.test_reconcile_parts import _others
from tests.test_reconcile_scoping import Fact, _article, _checked, _save

from newsledger.reconcile import reconcile
from newsledger.reconcile.dump import ledger_dump
from newsledger.reconcile.figstate import STATE
from newsledger.store import tables as t
from newsledger.store.repo import Store


def _families(store: Store) -> set[str]:
    return {str(m["counted"]) for m in ledger_dump(store)["metrics"]}


def test_a_re_extracted_figure_moves_family_and_the_figure_it_filled_moves_back(databases: Databases) -> None:
    store = Store(databases.new())
    filler = _article("a1", "Harbour Standard", 5, [Fact(5000, counted="ferry pilots", place="Velgaria")])
    filled = _article("a2", "Quay Post", 6, [Fact(7000, counted="ferry pilots", category="other")])
    first = [*_others(), filler, filled]
    _save(store, first)
    report = reconcile(store)
    assert report.figures_described == 5  # a store never reconciled: every figure
    metric = _metric(store, "ferry pilot")
    assert metric["place"] == "Velgaria" and metric["category"] == "recruitment"  # a2's, filled from a1
    assert metric["figures"] == 2
    # a1 saved again: its figure now counts harbour pilots; a2 has no other report in its family
    moved = _article("a1", "Harbour Standard", 5, [Fact(5000, counted="harbour pilots", place="Velgaria")])
    _save(store, [moved])
    report = reconcile(store)
    # a1's figure (its facts) and a2's (its family changed: read from its facts for the new part)
    assert report.figures_described == 2 and report.fallbacks == ()
    assert _metric(store, "ferry pilot")["place"] is None
    assert _metric(store, "ferry pilot")["category"] == "other"
    assert _metric(store, "harbour pilot")["place"] == "Velgaria"
    _checked(databases, store, [*_others(), moved, filled])
    store.close()


def test_deleting_the_only_report_of_a_family_removes_its_metric(databases: Databases) -> None:
    store = Store(databases.new())
    lone = _article("l1", "Quay Post", 6, [Fact(900, counted="crane drivers")])
    first = [*_others(), lone]
    _save(store, first)
    reconcile(store)
    assert "crane driver" in _families(store)
    store.delete_articles(["l1"])
    report = reconcile(store)
    # nothing to describe (the family is gone with its one figure); its part is gone, none computed
    assert report.figures_described == 0 and report.figure_parts == 0
    assert not [why for why in report.fallbacks if why.startswith("figure")]
    assert "crane driver" not in _families(store)
    _checked(databases, store, _others())
    store.close()


def test_a_new_report_changes_an_old_figures_metric(databases: Databases) -> None:
    store = Store(databases.new())
    first = [*_others(), _article("f1", "Harbour Standard", 5, [Fact(5000, counted="ferry pilots")])]
    _save(store, first)
    reconcile(store)
    assert _metric(store, "ferry pilot")["place"] is None
    placed = [*first, _article("f2", "Quay Post", 6, [Fact(7000, counted="ferry pilots", place="Velgaria")])]
    _save(store, placed[-1:])
    report = reconcile(store)
    # f2's figure, and f1's, whose place the new report fills (it moves to f2's metric)
    assert report.figures_described == 2 and report.fallbacks == ()
    assert _metric(store, "ferry pilot")["place"] == "Velgaria"
    assert _metric(store, "ferry pilot")["figures"] == 2
    _checked(databases, store, placed)
    store.delete_articles(["f2"])
    report = reconcile(store)
    assert report.figures_described == 1 and report.fallbacks == ()  # f1 moves back
    assert _metric(store, "ferry pilot")["place"] is None
    _checked(databases, store, first)
    store.close()


def test_one_new_article_describes_only_its_own_figures(databases: Databases) -> None:
    store = Store(databases.new())
    first = [
        *_others(),
        *(
            _article(f"k{k}", "Quay Post", 10 + k, [Fact(300 * (k + 1), counted=f"{w} pilots")])
            for k, w in enumerate(["ferry", "harbour", "river", "canal"])
        ),
    ]
    _save(store, first)
    assert reconcile(store).figures_described == 7
    assert reconcile(store).figures_described == 0  # nothing changed: nothing described
    added = _article("n1", "Coast Herald", 20, [Fact(450, counted="tug pilots"), Fact(80, counted="divers")])
    _save(store, [added])
    report = reconcile(store)
    assert report.figures_described == 2 and report.figure_parts == 2 and report.fallbacks == ()
    assert report.figures == 9 and report.metrics == 9
    _checked(databases, store, [*first, added])
    store.close()


def test_the_first_run_after_the_upgrade_describes_every_figure_and_says_why(databases: Databases) -> None:
    store = Store(databases.new())
    first = [*_others(), _article("f1", "Harbour Standard", 5, [Fact(5000, counted="ferry pilots")])]
    _save(store, first)
    reconcile(store)
    before = ledger_dump(store)
    with store.engine.begin() as conn:  # as after the upgrade to 0017: no figure state stored
        conn.execute(delete(t.figure_state))
        conn.execute(delete(t.figure_articles))
        conn.execute(delete(t.reconcile_state).where(t.reconcile_state.c.name == STATE))
    report = reconcile(store)
    assert report.figures_described == 4 and report.written == 0
    assert report.fallbacks == ("figure state: none stored",)
    assert ledger_dump(store) == before
    added = _article("f2", "Quay Post", 6, [Fact(7000, counted="dockers")])
    _save(store, [added])
    report = reconcile(store)
    assert report.figures_described == 2 and report.fallbacks == ()  # f2's, and o2's (its metric)
    _checked(databases, store, [*first, added])
    store.close()
