"""A figure ledger part's digest by what its figures depend on (reconcile/depends.py): a figure's
row id, its article's digest (run, order, outlet, syndication origin, the places its entity
mentions stand for) and the values the fill rules gave it. Each case checks how many parts a run
computed and that the ledger equals a rebuild and one run over the same articles (ledger_dump
equality), on SQLite and PostgreSQL: a new report filling an old figure's place (another
article's figure moves) and its deletion, a vote turning an old place into a person (an old
article's figure moves without the article changing), a new nationality word reducing an old
counted phrase, and a change of the rules (every part is computed, and the report says why)."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import update
from tests.conftest import Databases
from tests.test_reconcile_parts import _others
from tests.test_reconcile_scoping import Fact, _article, _checked, _save

from newsledger.contract import Article
from newsledger.reconcile import reconcile
from newsledger.reconcile.dump import ledger_dump
from newsledger.reconcile.parts import RULES_STATE
from newsledger.store import tables as t
from newsledger.store.repo import Store


def _metric(store: Store, counted: str) -> dict[str, object]:
    (metric,) = [m for m in ledger_dump(store)["metrics"] if m["counted"] == counted]
    return dict(metric)


def test_a_new_report_fills_an_old_figures_place_and_its_deletion_takes_it_back(databases: Databases) -> None:
    store = Store(databases.new())
    first = [*_others(), _article("f1", "Harbour Standard", 5, [Fact(5000, counted="ferry pilots")])]
    _save(store, first)
    assert reconcile(store).figure_parts == 4
    assert _metric(store, "ferry pilot")["place"] is None
    placed = [*first, _article("f2", "Quay Post", 6, [Fact(7000, counted="ferry pilots", place="Velgaria")])]
    _save(store, placed[-1:])
    report = reconcile(store)
    # f1's figure takes the place the only other report names: it moves to the new metric, whose
    # part is the one computed (the old metric's part is gone); the three lone metrics are kept
    assert report.figure_parts == 1 and report.fallbacks == ()
    metric = _metric(store, "ferry pilot")
    assert metric["place"] == "Velgaria" and metric["figures"] == 2
    _checked(databases, store, placed)
    store.delete_articles(["f2"])
    report = reconcile(store)
    assert report.figure_parts == 1 and report.fallbacks == ()
    assert _metric(store, "ferry pilot")["place"] is None
    _checked(databases, store, first)
    store.close()


def _people(article: Article, label: str) -> Article:
    """``article`` with its people's mentions labelled ``label`` (as a small model might)."""
    ents = tuple(replace(e, label=label) if e.label == "PERSON" else e for e in article.entities)
    return replace(article, entities=ents)


def test_a_vote_turning_a_place_into_a_person_moves_an_old_figure(databases: Databases) -> None:
    store = Store(databases.new())
    first = [
        *_others(),
        _article("v1", "Harbour Standard", 5, [Fact(5000, counted="ferry pilots", place="Dunmore")]),
    ]
    _save(store, first)
    reconcile(store)
    assert _metric(store, "ferry pilot")["place"] == "Dunmore"
    # two later mentions of Dunmore as a person outvote the place: v1's sentence names no place now
    voted = [*first, _article("v2", "Quay Post", 6, people=["Dunmore", "Dunmore"])]
    _save(store, voted[-1:])
    report = reconcile(store)
    assert report.figure_parts == 1 and report.fallbacks == ()
    assert _metric(store, "ferry pilot")["place"] is None
    _checked(databases, store, voted)
    store.close()


def test_a_new_nationality_word_moves_only_the_figures_it_reduces(databases: Databases) -> None:
    store = Store(databases.new())
    first = [
        *_others(),
        _article("n1", "Harbour Standard", 5, [Fact(5000, counted="Velgarian ferry pilots")]),
    ]
    _save(store, first)
    assert reconcile(store).figure_parts == 4
    assert _metric(store, "velgarian ferry pilot")["place"] is None
    # a report naming Velgaria and the word Velgarian: n1's counted phrase now reduces to a
    # nationality and a noun, so its figure moves (its part and n2's are computed, no other)
    named = _article(
        "n2", "Quay Post", 6, [Fact(800, counted="harbour pilots", place="Velgaria")], ["Velgarian"]
    )
    word = [*first, _people(named, "NORP")]
    _save(store, word[-1:])
    report = reconcile(store)
    # every figure described again (the new word may reduce any counted phrase), but the parts are
    # still compared by digest: only the two that changed are computed
    assert report.figure_parts == 2
    assert report.fallbacks == ("figure state: the nationality words changed",)
    assert _metric(store, "ferry pilot")["place"] == "Velgaria"
    _checked(databases, store, word)
    store.delete_articles(["n2"])
    report = reconcile(store)
    assert report.figure_parts == 1  # the word gone: every figure described again, one part computed
    assert report.fallbacks == ("figure state: the nationality words changed",)
    assert _metric(store, "velgarian ferry pilot")["place"] is None
    _checked(databases, store, first)
    store.close()


def test_a_change_of_the_rules_computes_every_part_and_says_why(databases: Databases) -> None:
    store = Store(databases.new())
    first = [*_others(), _article("r1", "Harbour Standard", 5, [Fact(5000, counted="ferry pilots")])]
    _save(store, first)
    assert reconcile(store).figure_parts == 4
    with store.engine.begin() as conn:  # as if the parts were stored by other rules' code
        conn.execute(
            update(t.reconcile_state).where(t.reconcile_state.c.name == RULES_STATE).values(value="old")
        )
    report = reconcile(store)
    assert report.figure_parts == 4 and report.fallbacks == ("figure parts: the rules changed",)
    assert report.written == 0  # the same rules in fact: every part computed, the same rows
    assert reconcile(store).figure_parts == 0
    _checked(databases, store, first)
    store.close()


def test_many_changed_articles_compute_the_whole_wording_graph_and_say_why(databases: Databases) -> None:
    store = Store(databases.new())
    first = [*_others(), _article("m1", "Harbour Standard", 5, [Fact(5000, counted="ferry pilots")])]
    _save(store, first)
    reconcile(store)
    more = [
        *first,
        *(_article(f"m{k}", "Quay Post", 5 + k, [Fact(900 * k, counted="dockers")]) for k in (2, 3)),
    ]
    _save(store, more[-2:])
    report = reconcile(store)  # two changed articles of six: more than a quarter
    assert report.fallbacks == ("text components: 2 of 6 articles changed",)
    assert report.figure_parts == 1  # the dockers' part: the figure ledger stays scoped
    _checked(databases, store, more)
    store.close()
