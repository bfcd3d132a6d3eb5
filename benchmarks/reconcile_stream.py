"""A synthetic news stream of stored facts for the reconcile benchmarks (no spaCy, no extraction).

Shaped like one day of a wire-heavy news feed at any size: ``--articles N`` gives N articles, 40%
of them stories of their own and 60% syndicated copies of an earlier story (another outlet, a
local intro paragraph, one time in ten an updated figure). Stories draw from vocabularies that
grow with N (people, counted nouns), so a larger stream has more metrics and entities, not only
bigger ones. Each story has figure sentences (a source in a place says how many of a nationality's
counted things, with approximation cues, bounds and periods), one or two direct quotations (a
person's stock line repeats across independent stories), entities with name variants (full name,
surname only, a possessive, a folded accent) and filler text so that bodies are about 200 words.

Article ``k`` depends only on ``(seed, k)``, the vocabularies and the stories before it, so
``write_articles(store, stream(n + 100, vocab=n), start=n)`` adds 100 articles to a store holding
``stream(n)``.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import insert

from newsledger.contract import Article, Claim, Entity, Figure, Quote, Source
from newsledger.store import mapping
from newsledger.store import tables as t
from newsledger.store.repo import Store, now_iso

SYLLABLES = [
    "ar",
    "ve",
    "li",
    "mo",
    "dra",
    "ken",
    "sol",
    "tra",
    "bel",
    "cor",
    "vin",
    "ush",
    "pel",
    "ta",
    "ro",
]
VERBS = ["killed", "wounded", "registered", "destroyed", "launched", "damaged", "closed", "treated", "seized"]
CATEGORIES = ["casualties", "recruitment", "economy", "other", "other"]
APPROX = ["exact", "exact", "about", "more_than", "at_least", "up_to", "almost"]
CUES = {
    "exact": "",
    "about": "about ",
    "more_than": "more than ",
    "at_least": "at least ",
    "up_to": "up to ",
    "almost": "almost ",
}
_FILLER = (
    "the ministry gave no further detail on the figures and the agencies on the ground could not "
    "confirm the count independently while roads into the region stayed closed after the storms of "
    "the week before and the weather service warned of more rain"
)
FILLER = _FILLER.split()
SOURCE_KINDS = [
    ("ministry", "government"),
    ("monitoring group", "official_body"),
    ("analyst", "expert_analyst"),
]


def _word(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts))


@dataclass
class Vocabulary:
    people: list[tuple[str, str]]  # (first, last)
    places: list[tuple[str, str]]  # (place, demonym)
    nouns: list[str]
    outlets: list[str]
    lines: list[list[str]]  # each person's stock quotation


def vocabulary(n: int, seed: int) -> Vocabulary:
    rng = random.Random(seed * 7919 + 1)
    people = [(_word(rng, 2).capitalize(), _word(rng, 3).capitalize()) for _ in range(max(40, n // 25))]
    places = []
    for _ in range(max(30, n // 400)):
        stem = _word(rng, 3)
        places.append((stem.capitalize() + "ia", stem.capitalize() + "ian"))
    nouns = [_word(rng, 2) + "s" for _ in range(max(60, n // 60))]
    outlets = [
        f"The {_word(rng, 2).capitalize()} {rng.choice(['Times', 'Post', 'Herald', 'Wire'])}"
        for _ in range(max(30, n // 300))
    ]
    lines = [[_word(rng, 2) for _ in range(rng.randint(8, 14))] for _ in people]
    return Vocabulary(people, places, nouns, outlets, lines)


@dataclass
class _Doc:
    parts: list[str]
    figures: list[Figure]
    claims: list[Claim]
    entities: list[Entity]
    quotes: list[Quote]
    length: int = 0

    def add(self, sentence: str) -> int:
        at = self.length + (1 if self.parts else 0)
        self.parts.append(sentence)
        self.length = at + len(sentence)
        return at


def _story(rng: random.Random, voc: Vocabulary, day: datetime) -> _Doc:
    doc = _Doc([], [], [], [], [])
    filler = rng.sample(FILLER, 12)
    doc.add(" ".join([_word(rng, 2) for _ in range(6)] + filler[:6]).capitalize() + ".")
    for j in range(rng.randint(3, 6)):
        place, demonym = rng.choice(voc.places)
        noun = rng.choice(voc.nouns)
        first, last = rng.choice(voc.people)
        src, src_type = rng.choice(SOURCE_KINDS)
        approx = rng.choice(APPROX)
        value = float(rng.choice([12, 40, 120, 850, 3400, 12000, 40000]) * rng.choice([1, 1, 2, 3, 5]))
        num = f"{CUES[approx]}{value:,.0f}"
        name = rng.choice([f"{first} {last}", last, f"{last}'s", f"{first} {last}".replace("a", "á", 1)])
        lead = f"The {place} {src} said "
        sentence = f"{lead}{num} {demonym} {noun} were {rng.choice(VERBS)} this year, {name} said."
        at = doc.add(sentence)
        cid = f"c{j + 1}"
        fstart = at + len(lead)
        lo = value if approx in ("exact", "more_than", "at_least") else None
        hi = value if approx in ("exact", "up_to") else None
        period = rng.choice([None, f"{day.year}-01-01/{day.year}-12-31"])
        doc.figures.append(
            Figure(
                num,
                fstart,
                fstart + len(num),
                value,
                lo,
                hi,
                approx,
                None,
                f"{demonym} {noun}",
                rng.choice(CATEGORIES),
                period,
                cid,
                "bench",
                sentence_start=at,
                sentence_end=at + len(sentence),
                period_start=period[:10] if period else None,
                period_end=period[-10:] if period else None,
            )
        )
        src_at = at + len("The ")
        chain = (
            Source("outlet", "media_outlet"),
            Source(f"{place} {src}", src_type, src_at, src_at + len(place) + 1 + len(src)),
        )
        doc.claims.append(Claim(cid, sentence, at, at + len(sentence), chain, "said", (), "unverified"))
        doc.entities.append(Entity(place, src_at, src_at + len(place), "PLACE", place))
        d_at = fstart + len(num) + 1
        doc.entities.append(Entity(demonym, d_at, d_at + len(demonym), "NORP", demonym))
        n_at = at + sentence.rindex(name)
        canonical = name.removesuffix("'s")
        doc.entities.append(Entity(name, n_at, n_at + len(name), "PERSON", canonical))
    for _ in range(rng.randint(1, 2)):
        k = rng.randrange(len(voc.people))
        first, last = voc.people[k]
        words = voc.lines[k] if rng.random() < 0.5 else [_word(rng, 2) for _ in range(10)]
        quoted = " ".join(words).capitalize()
        sentence = f'"{quoted}," {first} {last} said.'
        at = doc.add(sentence)
        cid = f"c{len(doc.claims) + 1}"
        chain = (Source("outlet", "media_outlet"), Source(f"{first} {last}", "named_person"))
        doc.claims.append(Claim(cid, sentence, at, at + len(sentence), chain, "said", (), "unverified"))
        doc.quotes.append(
            Quote(f'"{quoted}"', at, at + len(quoted) + 2, "direct", f"{first} {last}", claim=cid)
        )
        p_at = at + len(quoted) + 4
        doc.entities.append(
            Entity(f"{first} {last}", p_at, p_at + len(first) + 1 + len(last), "PERSON", f"{first} {last}")
        )
    for _ in range(rng.randint(4, 7)):
        doc.add(" ".join(rng.sample(FILLER, 10) + [_word(rng, 2) for _ in range(6)]).capitalize() + ".")
    return doc


def _shift(doc: _Doc, by: int, intro: str, outlet: str) -> _Doc:
    def src(s: Source) -> Source:
        return (
            replace(s, start=s.start + by, end=s.end + by) if s.start is not None and s.end is not None else s
        )

    return _Doc(
        [intro, *doc.parts],
        [
            replace(
                f,
                start=f.start + by,
                end=f.end + by,
                sentence_start=(f.sentence_start or 0) + by,
                sentence_end=(f.sentence_end or 0) + by,
            )
            for f in doc.figures
        ],
        [
            replace(c, start=c.start + by, end=c.end + by, sources=tuple(src(s) for s in c.sources))
            for c in doc.claims
        ],
        [replace(e, start=e.start + by, end=e.end + by) for e in doc.entities],
        [replace(q, start=q.start + by, end=q.end + by) for q in doc.quotes],
        doc.length + by,
    )


def stream(n: int, seed: int = 7, *, vocab: int | None = None) -> Iterator[Article]:
    """The first ``n`` articles of the stream (see the module docstring), with the vocabularies of
    a stream of ``vocab`` articles (default ``n``)."""
    voc = vocabulary(vocab or n, seed)
    rng = random.Random(seed)
    start = datetime(2025, 1, 1)
    stories: list[tuple[int, _Doc]] = []
    for k in range(n):
        day = start + timedelta(minutes=k * 3)
        outlet = rng.choice(voc.outlets)
        if stories and rng.random() < 0.6:
            _, doc = rng.choice(stories[-500:])
            intro = f"{outlet} reports from {rng.choice(voc.places)[0]} on {_word(rng, 2)} {_word(rng, 3)}."
            doc = _shift(doc, len(intro) + 1, intro, outlet)
            if rng.random() < 0.1 and doc.figures:  # an update: the first figure changed
                f = doc.figures[0]
                value = (f.value or 1.0) * 1.5
                doc.figures[0] = replace(f, value=value, low=f.low and value, high=f.high and value)
        else:
            doc = _story(rng, voc, day)
            stories.append((k, doc))
        chains = []
        for c in doc.claims:
            chains.append(replace(c, sources=(Source(outlet, "media_outlet"), *c.sources[1:])))
        yield Article(
            id=f"{k:016x}",
            text=" ".join(doc.parts),
            title=f"Story {k}",
            outlet=outlet,
            published=day.isoformat(timespec="seconds"),
            entities=tuple(doc.entities),
            figures=tuple(doc.figures),
            quotes=tuple(doc.quotes),
            claims=tuple(chains),
            language="en",
        )


def write_articles(store: Store, articles: Iterable[Article], *, start: int = 0, chunk: int = 2000) -> int:
    """Write articles and their stored facts straight into the store (bulk inserts), skipping the
    first ``start``; returns how many were written."""
    run_id = store.start_run("bench", {}, None, "-")
    fields = [c.field for c in mapping.ARTICLE.children]
    written = 0
    batch: list[Article] = []

    def flush() -> None:
        rows: dict[Any, list[dict[str, Any]]] = {}
        arts = []
        for a in batch:
            arts.append(
                {
                    "ingested_at": now_iso(),
                    "ingest_run_id": run_id,
                    "extract_run_id": run_id,
                    **mapping.article_row(a),
                }
            )
            for table, trows in mapping.child_rows(a, fields).items():
                rows.setdefault(table, []).extend(trows)
        with store.engine.begin() as conn:
            conn.execute(insert(t.articles), arts)
            for table in t.metadata.sorted_tables:  # parents before children
                if rows.get(table):
                    conn.execute(insert(table), rows[table])
        batch.clear()

    for k, article in enumerate(articles):
        if k < start:
            continue
        batch.append(article)
        written += 1
        if len(batch) >= chunk:
            flush()
    if batch:
        flush()
    store.finish_run(run_id, written, 0)
    return written
