"""RSS/Atom ingest: full-content entries are articles, summary-only entries are notes."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsledger.errors import InputError, NotAnArticle
from newsledger.ingest import RawArticle, read_inputs
from newsledger.ingest.feeds import strip_tracking

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
FEEDS = Path(__file__).parents[1] / ".." / "shared" / "samples" / "feeds"


def _items(path: Path) -> tuple[list[RawArticle], list[InputError]]:
    items = list(read_inputs([str(path)]))
    return [i for i in items if isinstance(i, RawArticle)], [i for i in items if isinstance(i, InputError)]


def test_fixture_atom() -> None:
    arts, notes = _items(FIXTURES / "feed.atom")
    assert len(arts) == 1 and len(notes) == 1
    art = arts[0]
    assert art.url == "https://morrowledger.example/coast/2023/11/02/skarn-point-keepers?page=2"
    assert art.title == "Lighthouse keepers return to Skarn Point"
    assert art.authors == ("Wenna Callis", "Aron Pike")
    assert (
        art.published == "2023-11-02T06:45:00+01:00" and art.extra["updated"] == "2023-11-02T09:10:00+01:00"
    )
    assert art.outlet == "The Morrow Ledger"
    assert "ADVERTISEMENT" not in art.text and len(art.text.split("\n\n")) == 3
    assert isinstance(notes[0], NotAnArticle)
    assert "summary only; no article body" in notes[0].reason and "Ferry timetable" in notes[0].reason


def test_strip_tracking() -> None:
    assert (
        strip_tracking("https://x.example/a?utm_source=rss&id=3&utm_medium=f") == "https://x.example/a?id=3"
    )
    assert strip_tracking("https://x.example/a") == "https://x.example/a"


def _sample(name: str) -> Path:
    path = FEEDS / name
    if not path.is_file():
        pytest.skip(f"sample feeds not found at {FEEDS.resolve()} (they live outside the repository)")
    return path


def test_sample_atom() -> None:
    arts, notes = _items(_sample("eastportwire-latest.atom"))
    assert len(arts) == 1 and len(notes) == 2 and all(isinstance(n, NotAnArticle) for n in notes)
    art = arts[0]
    assert art.url == "https://eastportwire.example/news/talmar-reservists-drills-20240312"
    assert art.title == "Talmar calls up 6,500 reservists for expanded snap drills"
    assert art.published == "2024-03-12T09:05:00Z" and art.extra["updated"] == "2024-03-12T14:40:00Z"
    assert "6,500 reservists" in art.text and art.authors == ("Aurel Mandt",)
    assert "https://eastportwire.example/news/karvonia-drone-warning-20240310" in notes[1].reason


def test_sample_rss_summary_only() -> None:
    arts, notes = _items(_sample("valecourier-world.rss"))
    assert arts == [] and len(notes) == 4
    assert all("summary only" in n.reason for n in notes)
    assert (
        "https://www.valecourier.example/business/2024/03/12/defence-budget-conscription)" in notes[2].reason
    )
    assert "Karvonia’s parliament" in notes[2].reason
