"""A deterministic multi-outlet news stream with gold syndication groups, first reporters and counts.

``build_stream(seed)`` retells the fictional stories of ``eval/stream_stories.py`` the way a news
stream does: a wire story (or a newspaper's own report) is the *origin*; other outlets run it as

* ``verbatim`` copies: the same text under their own name, URL and (later, or no) date;
* ``edited`` copies: a new headline, an added intro paragraph (the outlet's framing and the
  story's other headline), mostly a trimmed ending, a footer;
* ``rewrite``: a new lead that credits the wire ("..., the Continental Wire reported"), one
  quotation and the story's last paragraph: not a copy (different text), but not an independent
  source either (at most one rewrite per story: two rewrites of one template would be copies);
* ``update``: the wire's later version with a changed figure (toll 12 -> 19) and one new
  paragraph; ``update-copy``: another outlet running the update verbatim.

Stories that share an event are independent reports (their own wording, overlapping facts) and
must stay apart. ``write_stream(directory, seed)`` writes ``stream.jsonl`` (one article a line:
``text``, ``title``, ``outlet``, ``url``, ``published``) and ``gold.json`` (see docs/eval.md).
The same seed always gives byte-identical files.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from newsledger.eval.stream_stories import STORIES, Story

GOLD_KIND = "newsledger-stream-gold"
DEFAULT_SEED = 14


@dataclass(frozen=True)
class Outlet:
    name: str
    domain: str
    wire: bool = False
    cite: str = ""  # how a rewrite names it ("the Continental Wire")
    intro: str = ""  # an edited copy's intro paragraph: "{intro}: {the story's other headline}."
    footer: str = ""  # an edited copy's closing boilerplate


WIRES = (
    Outlet("Continental Wire", "continentalwire.example", True, "the Continental Wire"),
    Outlet("Meridian Press Agency", "meridianpress.example", True, "the Meridian Press Agency"),
    Outlet("Northgate News Service", "northgatenews.example", True, "Northgate News Service"),
)
PAPERS = (
    Outlet("The Aldane Tribune", "aldanetribune.example", intro="For Aldane readers",
           footer="Copyright 2026 The Aldane Tribune. All rights reserved."),
    Outlet("Westmarch Courier", "westmarchcourier.example", intro="Courier wire desk",
           footer="Follow the Westmarch Courier for live updates on this story."),
    Outlet("Harrow Valley Gazette", "harrowgazette.example", intro="Gazette wire desk",
           footer="Additional reporting by the Gazette newsdesk."),
    Outlet("The Dunmore Post", "dunmorepost.example", intro="Dunmore Post update",
           footer="Sign up for the Dunmore Post morning briefing."),
    Outlet("Coastline Daily", "coastlinedaily.example", intro="Coastline Daily, agency copy",
           footer="Copyright 2026 Coastline Daily."),
    Outlet("Riverside Ledger", "riversideledger.example", intro="Ledger regional desk",
           footer="Have a tip? Write to the Riverside Ledger newsdesk."),
    Outlet("The Kestrel Times", "kestreltimes.example", intro="Kestrel Times live page",
           footer="Copyright 2026 The Kestrel Times. All rights reserved."),
    Outlet("Eastbrook Herald", "eastbrookherald.example", intro="For Eastbrook readers",
           footer="Share your views with the Eastbrook Herald on our letters page."),
    Outlet("Portside Observer", "portsideobserver.example", intro="Observer duty editor",
           footer="Follow the Portside Observer for more."),
    Outlet("Greyfield Echo", "greyfieldecho.example", intro="Greyfield key facts",
           footer="Copyright 2026 Greyfield Echo."),
    Outlet("Summit Standard", "summitstandard.example", intro="With agency partners",
           footer="Read more from the Summit Standard on our website."),
)  # fmt: skip

_NUMBER_AFTER = re.compile(r"\s+(million|billion)\b")


@dataclass
class GenArticle:
    url: str
    outlet: str
    title: str
    text: str
    published: datetime | None
    story: str
    event: str
    role: str
    group: str  # url of the syndication origin (own url for origins and rewrites)
    source: str  # url of the story's origin (rewrites fold into what they credit)
    order: int = 0  # position in the stream file

    def record(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "outlet": self.outlet,
            "published": _iso(self.published),
            "title": self.title,
            "text": self.text,
        }


def _iso(value: datetime | None) -> str | None:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ") if value else None


def _fmt(value: int) -> str:
    return f"{value:,}"


def _fill(template: str, story: Story, values: dict[str, int]) -> str:
    return template.format(**{k: _fmt(v) for k, v in values.items()}, **story.extra)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60]


def number_pattern(token: str) -> re.Pattern[str]:
    """``token`` as a whole number: not inside a longer number ("12" not in "112" or "12.5")."""
    return re.compile(rf"(?<![\d.,]){re.escape(token)}(?![\d]|[.,]\d)")


class _Builder:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.articles: list[GenArticle] = []
        self.urls: set[str] = set()
        self.base: dict[str, datetime] = {}

    def url(self, outlet: Outlet, when: datetime, title: str) -> str:
        url = f"https://{outlet.domain}/{when:%Y/%m/%d}/{_slug(title)}"
        n = 2
        while url in self.urls:
            url = f"https://{outlet.domain}/{when:%Y/%m/%d}/{_slug(title)}-{n}"
            n += 1
        self.urls.add(url)
        return url

    def add(self, story: Story, outlet: Outlet, role: str, title: str, text: str, when: datetime,
            group: str | None, source: str | None, *, dated: bool = True) -> GenArticle:  # fmt: skip
        url = self.url(outlet, when, title)
        art = GenArticle(url=url, outlet=outlet.name, title=title, text=text,
                         published=when if dated else None, story=story.key, event=story.event_key,
                         role=role, group=group or url, source=source or url)  # fmt: skip
        self.articles.append(art)
        return art

    def minutes(self, lo: int, hi: int) -> timedelta:
        return timedelta(minutes=self.rng.randint(lo, hi))

    def story(self, index: int, story: Story) -> None:
        rng = self.rng
        if story.own_report:
            origin_outlet = rng.choice(PAPERS)
            when = self.base[story.event_key] + self.minutes(-150, 240)
        else:
            origin_outlet = rng.choice(WIRES)
            when = datetime(2026, 1, 5, 6, 0, tzinfo=UTC) + timedelta(days=2 * index) + self.minutes(0, 600)
            self.base[story.key] = when
        values = dict(story.values)
        text = "\n\n".join(_fill(p, story, values) for p in story.paras)
        origin = self.add(story, origin_outlet, "origin", _fill(story.headline, story, values), text, when,
                          None, None)  # fmt: skip
        others = [o for o in PAPERS if o is not origin_outlet]
        rng.shuffle(others)
        n_outlets = rng.randint(2, 3) if story.own_report else rng.randint(3, 8)
        roles = ["verbatim", "edited"] if story.own_report else ["verbatim", "edited", "rewrite"]
        copies: list[GenArticle] = []
        rewritten = False
        for k, outlet in enumerate(others[: n_outlets - 1]):
            role = rng.choice(roles[:2]) if k == 0 else rng.choices(roles, [4, 4, 3][: len(roles)])[0]
            if role == "rewrite" and rewritten:
                role = "edited"  # two rewrites of one template would be copies of each other
            rewritten = rewritten or role == "rewrite"
            at = when + self.minutes(20, 18 * 60)
            if role == "verbatim":
                art = self.add(story, outlet, role, origin.title, text, at, origin.url, origin.url,
                               dated=rng.random() > 0.12)  # fmt: skip
                copies.append(art)
            elif role == "edited":
                paras = [_fill(p, story, values) for p in story.paras]
                if rng.random() < 0.7:
                    paras = paras[:-1]
                intro = f"{outlet.intro}: {_fill(story.alt_headline, story, values)}."
                body = "\n\n".join([intro, *paras, outlet.footer])
                art = self.add(story, outlet, role, _fill(story.alt_headline, story, values), body, at,
                               origin.url, origin.url)  # fmt: skip
                copies.append(art)
            else:
                lead = f"{_fill(story.summary, story, values)}, {origin_outlet.cite} reported."
                quote = f"\u201c{story.quote},\u201d said {story.speaker}, according to the agency."
                body = "\n\n".join([lead, quote, _fill(story.paras[-1], story, values)])
                self.add(
                    story, outlet, role, _fill(story.headline, story, values), body, at, None, origin.url
                )
        if story.update is not None:
            up = story.update
            values[up.slot] = up.value
            paras = [_fill(p, story, values) for p in story.paras]
            body = "\n\n".join([paras[0], up.para, *paras[1:]])
            at = when + self.minutes(20 * 60, 40 * 60)
            title = _fill(up.headline, story, values)
            self.add(story, origin_outlet, "update", title, body, at, origin.url, origin.url)
            runners = [c for c in copies if c.outlet != origin_outlet.name]
            if runners and rng.random() < 0.6:
                outlet = next(o for o in PAPERS if o.name == runners[0].outlet)
                self.add(story, outlet, "update-copy", title, body, at + self.minutes(30, 300), origin.url,
                         origin.url)  # fmt: skip


def _sort_key(art: GenArticle) -> tuple[int, str, int]:
    """Earliest first; an undated article after every dated one; ties by stream order."""
    return (art.published is None, _iso(art.published) or "", art.order)


def build_stream(seed: int = DEFAULT_SEED) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The stream records (in stream order) and the gold object, both plain JSON data."""
    builder = _Builder(seed)
    for index, story in enumerate(STORIES):
        builder.story(index, story)
    articles = builder.articles
    builder.rng.shuffle(articles)  # the stream does not arrive in publication order
    for n, art in enumerate(articles):
        art.order = n
    _check(articles)
    return [a.record() for a in articles], _gold(articles, seed)


def _check(articles: list[GenArticle]) -> None:
    """The generator's own promises (a broken story template fails here, not in the scores)."""
    by_story = {s.key: s for s in STORIES}
    for art in articles:
        story = by_story[art.story]
        assert story.quote in art.text, (art.url, story.quote)
        values = set(story.values.values()) | ({story.update.value} if story.update else set())
        for value in values:
            hits = len(number_pattern(_fmt(value)).findall(art.text))
            assert hits <= 1, (art.url, value, hits)


def _gold(articles: list[GenArticle], seed: int) -> dict[str, Any]:
    by_story = {s.key: s for s in STORIES}
    events: dict[str, list[GenArticle]] = {}
    for art in articles:
        events.setdefault(art.event, []).append(art)
    groups: dict[str, list[str]] = {}
    for art in sorted(articles, key=_sort_key):
        if art.group != art.url:
            groups.setdefault(art.group, []).append(art.url)
    items: list[dict[str, Any]] = []
    for event in sorted(events):
        members = events[event]
        stories = sorted({a.story for a in members})
        values: dict[int, None] = {}
        for key in stories:
            story = by_story[key]
            values.update(dict.fromkeys(story.values.values()))
            if story.update:
                values[story.update.value] = None
        for value in values:
            pat = number_pattern(_fmt(value))
            reporting = [a for a in members if pat.search(a.text)]
            if len(reporting) >= 2:
                items.append(_item(event, "figure", _fmt(value), _scaled(value, reporting), reporting))
        for key in stories:
            phrase = by_story[key].quote
            reporting = [a for a in members if phrase in a.text]
            if len(reporting) >= 2:
                items.append(_item(event, "quote", phrase, None, reporting))
    return {
        "kind": GOLD_KIND,
        "version": 1,
        "seed": seed,
        "stream": "stream.jsonl",
        "articles": [
            {
                "url": a.url,
                "outlet": a.outlet,
                "published": _iso(a.published),
                "story": a.story,
                "event": a.event,
                "role": a.role,
            }
            for a in articles
        ],
        "syndication_groups": [
            {"origin": origin, "copies": copies} for origin, copies in sorted(groups.items())
        ],
        "stories": [
            {
                "id": s.key,
                "event": s.event_key,
                "topic": s.topic,
                "own_report": s.own_report,
                "first_reporter": min((a for a in articles if a.story == s.key), key=_sort_key).url,
                "articles": [a.url for a in sorted((a for a in articles if a.story == s.key), key=_sort_key)],
            }
            for s in STORIES
        ],
        "items": items,
        "apart": _apart(articles),
    }


def _scaled(value: int, reporting: list[GenArticle]) -> float:
    """The figure's value as written: "310 million crowns" is 310,000,000."""
    art = reporting[0]
    m = number_pattern(_fmt(value)).search(art.text)
    assert m is not None
    after = _NUMBER_AFTER.match(art.text, m.end())
    scale = {"million": 1e6, "billion": 1e9}[after.group(1)] if after else 1.0
    return float(value) * scale


def _item(
    event: str, kind: str, text: str, value: float | None, reporting: list[GenArticle]
) -> dict[str, Any]:
    ordered = sorted(reporting, key=_sort_key)
    return {
        "event": event,
        "kind": kind,
        "text": text,
        "value": value,
        "articles": [a.url for a in ordered],
        "reports": len(ordered),
        "independent_reports": len({a.group for a in ordered}),
        "independent_sources": len({a.source for a in ordered}),
        "first_reporter": ordered[0].url,
    }


def _apart(articles: list[GenArticle]) -> list[dict[str, str]]:
    """Pairs that must never be one syndication group: independent reports of one event (every
    cross pair) and the origins of different stories on the same topic."""
    by_story: dict[str, list[GenArticle]] = {}
    for art in sorted(articles, key=_sort_key):
        by_story.setdefault(art.story, []).append(art)
    out: list[dict[str, str]] = []
    stories = list(STORIES)
    for i, a in enumerate(stories):
        for b in stories[i + 1 :]:
            if a.event_key == b.event_key:
                for x in by_story[a.key]:
                    for y in by_story[b.key]:
                        out.append({"a": x.url, "b": y.url, "why": "same event, independent reports"})
            elif a.topic == b.topic and not a.own_report and not b.own_report:
                x, y = by_story[a.key][0], by_story[b.key][0]
                out.append({"a": x.url, "b": y.url, "why": "same topic, different stories"})
    return out


def write_stream(directory: str | Path, seed: int = DEFAULT_SEED) -> tuple[Path, Path]:
    """Write ``stream.jsonl`` and ``gold.json`` into ``directory``; their paths."""
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    records, gold = build_stream(seed)
    stream = out / "stream.jsonl"
    stream.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    gold_path = out / "gold.json"
    gold_path.write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return stream, gold_path
