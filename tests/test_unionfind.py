"""The one union-find of reconcile: groups, roots and order do not depend on the union order."""

from __future__ import annotations

import random

from newsledger.reconcile.unionfind import DisjointSets


def test_groups_are_the_connected_components_whatever_the_union_order() -> None:
    edges = [(0, 3), (3, 7), (2, 5), (8, 9), (9, 2)]
    expected = [[0, 3, 7], [1], [2, 5, 8, 9], [4], [6]]
    rng = random.Random(5)
    for _ in range(20):
        sets = DisjointSets(10)
        shuffled = [(b, a) if rng.random() < 0.5 else (a, b) for a, b in edges]
        rng.shuffle(shuffled)
        for a, b in shuffled:
            assert sets.union(a, b)
        assert sets.groups() == expected
        assert [sets.find(g[0]) for g in expected] == [g[0] for g in expected]  # the smallest is the root


def test_union_within_one_group_reports_nothing_joined() -> None:
    sets = DisjointSets(3)
    assert sets.union(0, 1)
    assert not sets.union(1, 0)
    assert sets.same(0, 1) and not sets.same(1, 2)


def test_add_grows_the_sets_one_singleton_at_a_time() -> None:
    sets = DisjointSets()
    ids = [sets.add() for _ in range(4)]
    assert ids == [0, 1, 2, 3] and len(sets) == 4
    sets.union(3, 1)
    assert sets.groups() == [[0], [1, 3], [2]]
