"""Entities resolved from stored per-group stats (reconcile/entity_state.py, migration 0015): a run
folds in the changed articles' mentions and counts again only the groups that lost some. Each case
checks how many raw name groups a run computed (``ReconcileReport.entity_groups``), what the change
did to the ledger, and that the ledger equals a rebuild and one run over the same articles
(ledger_dump equality), on SQLite and PostgreSQL: a new full name taking in the surname mentions
of earlier articles and its deletion letting them go, a vote turning a place into a person and
back, a new nationality word, a re-extraction, the deletion of a group's only article, a store
without stored stats (the first run after the upgrade) and too many changed articles."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import delete, func, select
from tests.conftest import Databases
from tests.test_reconcile_depends import _metric, _people
from tests.test_reconcile_parts import _others
from tests.test_reconcile_scoping import Fact, _article, _checked, _entity_of, _save

from newsledger.reconcile import reconcile
from newsledger.reconcile.dump import ledger_dump
from newsledger.reconcile.entity_state import STATE
from newsledger.store import tables as t
from newsledger.store.repo import Store


def _entity(store: Store, canonical: str) -> dict[str, object] | None:
    found = [e for e in ledger_dump(store)["ledger_entities"] if e["canonical"] == canonical]
    assert len(found) <= 1
    return dict(found[0]) if found else None


def test_a_full_name_takes_in_old_surname_mentions_and_its_deletion_lets_go(databases: Databases) -> None:
    store = Store(databases.new())
    first = [
        _article("a1", "Harbour Standard", 1, people=["Verenko"]),
        _article("a2", "Quay Post", 2, people=["Verenko", "Marta Oslund"]),
    ]
    _save(store, first)
    assert reconcile(store).entity_groups == 2  # no stored stats: every group
    assert reconcile(store).entity_groups == 0  # nothing changed: no group computed, nothing written
    joined = [*first, _article("a3", "Ledger Daily", 3, people=["Danylo Verenko"])]
    _save(store, joined[2:])
    report = reconcile(store)
    assert report.entity_groups == 1 and report.fallbacks == ()  # only the new name's group
    assert _entity_of(store, "a1", "Verenko") == "Danylo Verenko"  # old mentions, relinked
    person = _entity(store, "Danylo Verenko")
    assert person is not None and person["mentions"] == 3 and person["articles"] == 3
    assert _entity(store, "Verenko") is None
    _checked(databases, store, joined)
    store.delete_articles(["a3"])
    report = reconcile(store)
    assert report.entity_groups == 1  # the deleted article's one group, counted again: gone
    assert _entity_of(store, "a2", "Verenko") == "Verenko"
    assert _entity(store, "Danylo Verenko") is None
    _checked(databases, store, first)
    store.close()


def test_a_vote_turning_a_place_into_a_person_and_back(databases: Databases) -> None:
    store = Store(databases.new())
    first = [
        *_others(),
        _article("v1", "Harbour Standard", 5, [Fact(5000, counted="ferry pilots", place="Dunmore")]),
    ]
    _save(store, first)
    reconcile(store)
    assert (_entity(store, "Dunmore") or {})["label"] == "PLACE"
    voted = [*first, _article("v2", "Quay Post", 6, people=["Dunmore", "Dunmore"])]
    _save(store, voted[-1:])
    report = reconcile(store)
    assert report.entity_groups == 1 and report.fallbacks == ()
    assert (_entity(store, "Dunmore") or {})["label"] == "PERSON"
    assert _metric(store, "ferry pilot")["place"] is None  # v1's figure lost its place
    _checked(databases, store, voted)
    store.delete_articles(["v2"])
    report = reconcile(store)
    assert report.entity_groups == 1  # the group lost mentions: counted again from the stored ones
    assert (_entity(store, "Dunmore") or {})["label"] == "PLACE"
    assert _metric(store, "ferry pilot")["place"] == "Dunmore"
    _checked(databases, store, first)
    store.close()


def test_a_new_nationality_word_points_to_its_place(databases: Databases) -> None:
    store = Store(databases.new())
    first = [
        *_others(),
        _article("n1", "Quay Post", 5, [Fact(5000, counted="Velgarian ferry pilots", place="Velgaria")]),
    ]
    _save(store, first)
    reconcile(store)
    assert _metric(store, "velgarian ferry pilot")["place"] == "Velgaria"
    named = _article("n2", "Quay Post", 6, people=["Velgarian"])
    word = [*first, _people(named, "NORP")]
    _save(store, word[-1:])
    report = reconcile(store)
    assert report.entity_groups == 1  # the word's group; Velgaria's is kept
    # every counted phrase may reduce differently: the figure stage describes every figure
    assert report.fallbacks == ("figure state: the nationality words changed",)
    assert (_entity(store, "Velgarian") or {})["label"] == "NORP"
    assert _metric(store, "ferry pilot")["place"] == "Velgaria"  # the counted phrase now reduces
    _checked(databases, store, word)
    store.close()


def test_a_re_extraction_moves_its_mentions_to_other_groups(databases: Databases) -> None:
    store = Store(databases.new())
    first = [
        _article("r1", "Harbour Standard", 1, people=["Mira Kostal", "Ivo Brandt"]),
        _article("r2", "Quay Post", 2, people=["Ivo Brandt"]),
    ]
    _save(store, first)
    reconcile(store)
    again = replace(_article("r1", "Harbour Standard", 1, people=["Mira Kostel", "Ivo Brandt"]))
    _save(store, [again])
    report = reconcile(store)
    # the article's old groups (counted again: Mira Kostal is gone, Ivo Brandt keeps r2's mention
    # and takes r1's new one) and its new one
    assert report.entity_groups == 3 and report.fallbacks == ()
    assert _entity(store, "Mira Kostal") is None
    assert (_entity(store, "Ivo Brandt") or {})["articles"] == 2
    assert (_entity(store, "Mira Kostel") or {})["mentions"] == 1
    _checked(databases, store, [again, first[1]])
    store.close()


def test_deleting_the_only_article_of_a_group_removes_its_entity(databases: Databases) -> None:
    store = Store(databases.new())
    first = [
        _article("d1", "Harbour Standard", 1, people=["Pell Arno", "Saska Vey"]),
        _article("d2", "Quay Post", 2, people=["Saska Vey"]),
    ]
    _save(store, first)
    reconcile(store)
    store.delete_articles(["d1"])
    report = reconcile(store)
    assert report.entity_groups == 2 and report.fallbacks == ()
    assert _entity(store, "Pell Arno") is None
    assert (_entity(store, "Saska Vey") or {})["mentions"] == 1
    _checked(databases, store, first[1:])
    store.close()


def test_a_store_without_stored_stats_resolves_every_mention_and_stores_them(databases: Databases) -> None:
    store = Store(databases.new())
    first = [
        _article("u1", "Harbour Standard", 1, people=["Verenko", "Danylo Verenko"]),
        _article("u2", "Quay Post", 2, people=["Ilse Marr"]),
    ]
    _save(store, first)
    reconcile(store)
    with store.engine.begin() as conn:  # as after the upgrade to 0015: no stats stored yet
        conn.execute(delete(t.entity_groups))
        conn.execute(delete(t.entity_articles))
        conn.execute(delete(t.reconcile_state).where(t.reconcile_state.c.name == STATE))
    report = reconcile(store)
    assert report.entity_groups == 3 and report.written == 0  # every group; the same rows
    with store.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(t.entity_groups)).scalar_one() == 3
        assert conn.execute(select(func.count()).select_from(t.entity_articles)).scalar_one() == 2
    more = [*first, _article("u3", "Ledger Daily", 3, people=["Ilse Marr"])]
    _save(store, more[-1:])
    assert reconcile(store).entity_groups == 1
    assert (_entity(store, "Ilse Marr") or {})["articles"] == 2
    assert reconcile(store, full=True).entity_groups == 3
    _checked(databases, store, more)
    store.close()


def test_many_changed_articles_resolve_every_mention_and_say_why(databases: Databases) -> None:
    store = Store(databases.new())
    first = [_article("m0", "Harbour Standard", 1, people=["Ilse Marr"])]
    _save(store, first)
    reconcile(store)
    more = [
        *first,
        *(_article(f"m{k}", "Quay Post", 2, people=[f"Tova Lind{k}", "Ilse Marr"]) for k in range(1, 102)),
    ]
    _save(store, more[1:])
    report = reconcile(store)  # 101 changed articles: more than 100 and than a quarter of one
    assert "entities: 101 of 1 articles changed" in report.fallbacks
    assert report.entity_groups == 102  # every group, from every mention
    assert (_entity(store, "Ilse Marr") or {})["articles"] == 102
    _save(store, [_article("m102", "Quay Post", 3, people=["Ilse Marr"])])
    assert reconcile(store).entity_groups == 1  # the stats stored by the whole pass serve the next run
    _checked(databases, store, [*more, _article("m102", "Quay Post", 3, people=["Ilse Marr"])])
    store.close()
