"""Plain-text scrapes: the debris and reader-comment splitter (ingest/debris.py, ingest/text.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsledger.contract import REMOVED_KINDS
from newsledger.ingest import RawArticle, debris, read_file

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
SEEDS = Path(__file__).parents[1] / ".." / "shared" / "seeds"

DEBRIS_LINES = (
    "ADVERTISEMENT",
    "Read More",
    "0 I like it",
    "Add a Comment",
    "Sign up now",
    "Subscribe now",
    "Post a Comment",
)


def _one(path: Path) -> RawArticle:
    articles = read_file(path)
    assert len(articles) == 1
    return articles[0]


def _paragraphs(article: RawArticle) -> list[str]:
    return article.text.split("\n\n")


# --- unit rules on hand-written lines -------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("ADVERTISEMENT", "boilerplate"),
        ("Advertisement - scroll to continue", "boilerplate"),
        ("12 I like it", "boilerplate"),
        ("0 I don't like it", "boilerplate"),
        ("Post a Comment", "boilerplate"),
        ("Comments are closed.", "boilerplate"),
        ("Print this article · E-mail to a friend", "boilerplate"),
        ("News › Coast", "boilerplate"),
        ("Read More", "related"),
        ("Related: Ferry timetable changes from Monday", "related"),
        ("Get our evening briefing delivered straight to your inbox. Sign up now.", "boilerplate"),
        ("More than 5,000 readers support us. Support us from 2 crowns.", "boilerplate"),
        ("Photograph: Tomas Eld/The Morrow Ledger", "caption"),
        ("The mayor opens the bridge. (Photo by Ada Lind)", "caption"),
        (
            "A keeper is seen at the lamp room on May 2, 2021. The authority said it would hire two.",
            "caption",
        ),
        ("The council said it would hire two keepers, the mayor said.", ""),
        ("The mayor is seen as a moderate in the party, officials said.", ""),
        ("Officials said 40 percent of residents would sign up for the scheme.", ""),
        ("By the end of the month, the authority said, the lamp would be repaired.", ""),
    ],
)
def test_paragraph_kind(line: str, kind: str) -> None:
    assert debris.paragraph_kind(line) == kind


def test_byline_authors() -> None:
    assert debris.byline_authors("By Wenna Callis and Aron Pike in Skarn") == ("Wenna Callis", "Aron Pike")
    assert debris.byline_authors("By Tuesday, the ferry had left.") is None


def test_split_paragraphs_joins_hard_wrapped_prose() -> None:
    wrapped = (
        "The harbour council voted on Tuesday to run a night ferry to\n"
        "the outer islands from June, its chairwoman said, after three\n"
        "winters of complaints from islanders about the last sailing.\n"
    )
    assert debris.split_paragraphs(wrapped) == [" ".join(wrapped.split())]
    assert debris.split_paragraphs("One line.\nAnother line.\n\n\n\nThird.") == [
        "One line.",
        "Another line.",
        "Third.",
    ]


def test_nothing_is_thrown_away() -> None:
    raw = (FIXTURES / "scrape_debris.txt").read_text(encoding="utf-8")
    cleaned = debris.clean_text(raw)
    kept = " ".join(cleaned.paragraphs)
    removed = " ".join(r.text for r in cleaned.removed)
    for line in debris.split_paragraphs(raw):
        core = line.replace("» …", "").strip()
        assert core in kept or core in removed, line
    assert {r.kind for r in cleaned.removed} <= set(REMOVED_KINDS)


# --- hand-written fixtures ---------------------------------------------------------------


def test_fixture_debris_removed_and_kinds() -> None:
    art = _one(FIXTURES / "scrape_debris.txt")
    paras = _paragraphs(art)
    assert art.title == "Harbour Council Approves 'Night Ferry' Plan for Brindlemouth"
    assert paras[0] == art.title  # kept as the first paragraph, its duplicate removed
    assert sum(1 for p in paras if "Night Ferry" in p or "‘Night Ferry’" in p) == 1
    for debris_line in (
        "ADVERTISEMENT",
        "Read More",
        "I like it",
        "Sign up now",
        "Subscribe now",
        "Post a Comment",
        "Share this article",
        "Photograph:",
        "is pictured",
        "» …",
    ):
        assert debris_line not in art.text
    kinds = {r.text: r.kind for r in art.removed}
    assert kinds["Photograph: Ines Holtby/Brindlemouth Gazette"] == "caption"
    assert kinds["Island school roof repairs delayed again"] == "related"
    assert kinds["ADVERTISEMENT"] == "boilerplate"
    assert any(r.kind == "caption" and "is pictured" in r.text for r in art.removed)
    assert "The service will cost about 2.4 million crowns" in art.text
    assert paras[-1].startswith("Opponents said") and paras[-1].endswith("declined to comment.")


def test_fixture_reader_comment_after_truncation_marker() -> None:
    art = _one(FIXTURES / "scrape_debris.txt")
    assert len(art.comments) == 1
    assert "9 million" in art.comments[0].text
    assert "9 million" not in art.text
    assert any(r.kind == "comment" and "9 million" in r.text for r in art.removed)


def test_fixture_comment_section_with_authors() -> None:
    art = _one(FIXTURES / "scrape_comment_section.txt")
    assert art.authors == ("Marit Oxley", "Jonas Pell")
    assert [c.author for c in art.comments] == ["Harriet_W", "old_quarryman"]
    assert "picture off my wall" in art.comments[0].text
    assert "Harriet_W" not in art.text and "hours ago" not in art.text and "Reply" not in art.text
    assert _paragraphs(art)[-1] == "County inspectors will visit the site next week."


def test_text_is_paragraphs_joined() -> None:
    art = _one(FIXTURES / "scrape_comment_section.txt")
    assert "\n\n\n" not in art.text
    assert all(p == p.strip() and p for p in _paragraphs(art))


# --- the seeds (real scrapes; skipped when ../shared is absent) ------------------------------


def _seeds() -> list[Path]:
    if not SEEDS.is_dir():
        pytest.skip(f"seed scrapes not found at {SEEDS.resolve()} (they live outside the repository)")
    return sorted(SEEDS.glob("*.txt"))


def test_seeds_have_no_debris_lines() -> None:
    for path in _seeds():
        art = _one(path)
        for para in _paragraphs(art):
            assert para not in DEBRIS_LINES, (path.name, para)
        for needle in ("Sign up now", "Subscribe now", "I like it", "Add a Comment", "Post a Comment"):
            assert needle not in art.text, (path.name, needle)


def test_seed_caption_paragraph_removed() -> None:
    path = next((p for p in _seeds() if p.name.startswith("001_")), None)
    if path is None:
        pytest.skip("seed 001 missing")
    art = _one(path)
    captions = [r.text for r in art.removed if r.kind == "caption"]
    assert len(captions) == 1 and " is pictured " in captions[0]
    assert " is pictured " not in art.text
    # the duplicated headline is removed once, the first kept as title
    assert art.title is not None and art.text.startswith(art.title)


def test_seed_reader_comment_goes_to_comments() -> None:
    path = next((p for p in _seeds() if p.name.startswith("004_")), None)
    if path is None:
        pytest.skip("seed 004 missing")
    art = _one(path)
    assert len(art.comments) == 1 and "80,000" in art.comments[0].text
    assert "80,000" not in art.text
    assert not art.text.rstrip().endswith("...")
