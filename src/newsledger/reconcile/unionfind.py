"""Union-find over the integers ``0..n-1``: the one disjoint-set structure reconcile uses
(syndication groups, wording components, figure-ledger parts).

Path halving keeps ``find`` near constant; of two roots the smaller number stays the root, so when
the items are numbered earliest first a group's root is its earliest item (syndication relies on
this), and the result never depends on the order the unions came in.
"""

from __future__ import annotations


class DisjointSets:
    __slots__ = ("parent",)

    def __init__(self, n: int = 0) -> None:
        self.parent = list(range(n))

    def __len__(self) -> int:
        return len(self.parent)

    def add(self) -> int:
        """A new item in a group of its own; its number."""
        self.parent.append(len(self.parent))
        return len(self.parent) - 1

    def find(self, x: int) -> int:
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a: int, b: int) -> bool:
        """Join the groups of ``a`` and ``b``; whether they were apart."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        if ra < rb:
            self.parent[rb] = ra
        else:
            self.parent[ra] = rb
        return True

    def same(self, a: int, b: int) -> bool:
        return self.find(a) == self.find(b)

    def groups(self) -> list[list[int]]:
        """Every group, its members ascending, groups in the order of their smallest member."""
        out: dict[int, list[int]] = {}
        for x in range(len(self.parent)):
            out.setdefault(self.find(x), []).append(x)
        return list(out.values())
