"""Time ``reconcile`` on 1,000 synthetic articles (target: under 60 s).

Usage: ``python benchmarks/bench_reconcile.py [--articles 1000] [--seed 7] [--db FILE]``

The articles are random but shaped like a wire-heavy news stream: 30 outlets, 50 metrics
(category, counted noun, place), each metric with a few competing values from different
sources; figures carry approximation cues and bounds; a third of the reports repeat an earlier
outlet's figure 'citing' it; entities include full names, surname-only mentions, places and
nationality words. They are written with ``Store.save_article`` into a temporary SQLite file.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from newsledger.contract import Article, Claim, Entity, Figure, Hedge, Quote, Source
from newsledger.extract.context import with_context
from newsledger.reconcile import reconcile
from newsledger.store.repo import Store

PLACES = [("Arvenia", "Arvenian"), ("Belmora", "Belmoran"), ("Cordana", "Cordanan"), ("Dravia", "Dravian")]
NOUNS = [
    ("casualties", "soldiers", "killed"),
    ("casualties", "civilians", "killed"),
    ("casualties", "troops", "wounded"),
    ("recruitment", "conscripts", "called up"),
    ("recruitment", "contract soldiers", "signed up"),
    ("other", "refugees", "registered"),
    ("other", "tanks", "destroyed"),
    ("other", "drones", "launched"),
    ("other", "homes", "damaged"),
    ("other", "schools", "closed"),
    ("other", "patients", "treated"),
    ("other", "ships", "seized"),
    ("other", "detainees", "released"),
]
SOURCES = [
    ("the defence ministry", "government"),
    ("the General Staff", "military"),
    ("two officials", "anonymous"),
    ("a monitoring group", "official_body"),
    ("an analyst", "expert_analyst"),
    ("a Telegram channel", "social_media"),
]
PEOPLE = ["Ilsa Marren", "Tobin Vask", "Oren Delacroix", "Mira Solvik", "Petra Ugland", "Jonah Krell"]
APPROX = ["exact", "exact", "about", "more_than", "at_least", "up_to", "almost"]


def make_articles(n: int, seed: int) -> list[Article]:
    rng = random.Random(seed)
    outlets = [
        f"The {w} {k}"
        for w in ("North", "South", "East", "West", "Central", "Harbour")
        for k in ("Times", "Post", "Herald", "Wire", "Courier")
    ]
    metrics = []
    for i in range(50):
        category, noun, verb = NOUNS[i % len(NOUNS)]
        place, adj = PLACES[(i // len(NOUNS)) % len(PLACES)]
        base = rng.choice([120, 850, 3400, 12000, 40000, 85000, 250000])
        values = sorted({round(base * rng.choice([1, 1, 1.0, 0.5, 0.3, 2.5, 3.3]), -1) for _ in range(3)})
        metrics.append((category, noun, verb, place, adj, values))
    start = date(2025, 1, 1)
    reported: list[tuple[int, float, str]] = []  # metric index, value, outlet
    articles = []
    for k in range(n):
        outlet = rng.choice(outlets)
        published = (start + timedelta(days=k * 90 // n)).isoformat()
        text_parts: list[str] = []
        figures, claims, entities, quotes = [], [], [], []
        pos = 0
        for j in range(rng.randint(3, 7)):
            m = rng.randrange(len(metrics))
            category, noun, verb, place, adj, values = metrics[m]
            cited = None
            if reported and rng.random() < 0.33:
                m2, value, cited = rng.choice(reported)
                category, noun, verb, place, adj, values = metrics[m2]
                m = m2
            else:
                value = rng.choice(values)
            approx = rng.choice(APPROX)
            src_name, src_type = rng.choice(SOURCES)
            person = rng.choice(PEOPLE)
            cue = {
                "exact": "",
                "about": "about ",
                "more_than": "more than ",
                "at_least": "at least ",
                "up_to": "up to ",
                "almost": "almost ",
            }[approx]
            num = f"{cue}{value:,.0f}"
            if cited and cited != outlet:
                lead = f"{cited} reported that "
                chain = (Source(outlet, "media_outlet"), Source(cited, "media_outlet", pos, pos + len(cited)))
            else:
                lead = f"{src_name.capitalize()} in {place} said that "
                chain = (Source(outlet, "media_outlet"), Source(src_name, src_type, pos, pos + len(src_name)))
            sentence = f"{lead}{num} {adj} {noun} were {verb} since January, {person.split()[-1]} said."
            fstart = pos + len(lead)
            lo = value if approx in ("exact", "more_than", "at_least") else None
            hi = value if approx in ("exact", "up_to") else None
            cid = f"c{j + 1}"
            figures.append(
                Figure(
                    num,
                    fstart,
                    fstart + len(num),
                    value,
                    lo,
                    hi,
                    approx,
                    None,
                    f"{adj} {noun}",
                    category,
                    rng.choice([None, None, "2025-01-01/2025-03-31"]),
                    cid,
                )
            )
            hedges = (Hedge("said", pos + len(sentence) - 5, pos + len(sentence) - 1),)
            claims.append(Claim(cid, sentence, pos, pos + len(sentence), chain, "said", hedges, "unverified"))
            adj_at = fstart + len(num) + 1
            entities.append(Entity(adj, adj_at, adj_at + len(adj), "NORP", adj))
            if not cited:
                p_at = pos + len(lead) - len(place) - len(" said that ")
                entities.append(Entity(place, p_at, p_at + len(place), "PLACE", place))
            surname = person.split()[-1]
            s_at = pos + sentence.rindex(surname)
            full = rng.random() < 0.5
            entities.append(Entity(surname, s_at, s_at + len(surname), "PERSON", person if full else surname))
            if rng.random() < 0.3:
                quotes.append(Quote(sentence, pos, pos + len(sentence), "indirect", person, claim=cid))
            text_parts.append(sentence)
            pos += len(sentence) + 1
            reported.append((m, value, outlet))
        text = " ".join(text_parts)
        articles.append(
            Article(
                id=f"{k:016x}",
                text=text,
                title=f"Report {k}",
                outlet=outlet,
                published=published,
                entities=tuple(entities),
                # the context the figures extractor reads around each figure (rate, outcome, ...)
                figures=tuple(with_context(f, text, claims, published) for f in figures),
                quotes=tuple(quotes),
                claims=tuple(claims),
            )
        )
    return articles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--db", default=None, help="SQLite file to use (default: a temporary one)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or str(Path(tmp) / "bench.db")
        store = Store(db)
        t0 = time.perf_counter()
        for article in make_articles(args.articles, args.seed):
            store.save_article(article)
        t1 = time.perf_counter()
        report = reconcile(store)
        t2 = time.perf_counter()
        counts = store.counts()
        store.close()
    print(
        f"saved {args.articles} synthetic articles ({counts['figures']} figures, {counts['claims']} claims, "
        f"{counts['entities']} entities) in {t1 - t0:.1f} s"
    )
    print(report.summary())
    print(f"reconcile: {t2 - t1:.2f} s for {args.articles} articles (target < 60 s)")


if __name__ == "__main__":
    main()
