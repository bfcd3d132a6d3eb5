"""Metadata where users have it: --outlet/--published/--url/--title, HTML sidecars, a text's headline line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsledger.cli import app
from newsledger.errors import InputError
from newsledger.ingest import MetaOverride, read_file, read_inputs
from newsledger.ingest.base import RawArticle
from newsledger.store.repo import open_store

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"

STORY = (
    "Harbour cranes fall silent as dockers strike in Port Aldane\n\n"
    "Dockers at the port of Port Aldane walked out on Tuesday, leaving 23 ships waiting at anchor, "
    "the dockers' union said.\n\n"
    "“We will stay out until the pay offer is fair,” said Mira Olden, the union's secretary.\n"
)


def run(args: list[str]) -> tuple[int, str]:
    result = CliRunner().invoke(app, args)
    return result.exit_code, result.output


def stored(db: str) -> list[dict[str, object]]:
    with open_store(db) as store:
        out = []
        for (article_id,) in store.engine.connect().exec_driver_sql("SELECT id FROM articles"):
            article = store.get_article(article_id)
            assert article is not None
            out.append({"url": article.url, "title": article.title, "outlet": article.outlet,
                        "published": article.published, "text": article.text})  # fmt: skip
        return out


# --- the override object -------------------------------------------------------------


def test_override_parses_and_checks_the_date() -> None:
    meta = MetaOverride.parse(outlet=" The Courier ", published="2025-03-12", url="", title=None)
    assert meta == MetaOverride(outlet="The Courier", published="2025-03-12")
    assert MetaOverride.parse(published="2025-03-12T09:30:00+00:00").published == "2025-03-12T09:30:00Z"
    assert MetaOverride.parse(published="2025-03-12T09:30+01:00").published == "2025-03-12T09:30:00+01:00"
    for bad in ("yesterday", "2025-13-01", "2025-02-30", "12"):
        with pytest.raises(InputError, match="not a date"):
            MetaOverride.parse(published=bad)
    assert not MetaOverride.parse()


def test_override_wins_over_what_the_file_says(tmp_path: Path) -> None:
    text = tmp_path / "a.txt"
    text.write_text(STORY, encoding="utf-8")
    text.with_suffix(".json").write_text(json.dumps({"outlet": "Sidecar Post", "url": "https://s.example/a"}))
    meta = MetaOverride(outlet="The Courier", published="2025-03-12")
    [art] = [a for a in read_inputs([str(text)], meta) if isinstance(a, RawArticle)]
    assert (art.outlet, art.published, art.url) == ("The Courier", "2025-03-12", "https://s.example/a")
    jsonl = tmp_path / "b.jsonl"
    jsonl.write_text(
        json.dumps({"text": STORY, "outlet": "Record Outlet", "url": "https://r.example/1"}) + "\n"
    )
    [rec] = [
        a
        for a in read_inputs([str(jsonl)], MetaOverride(url="https://given.example/x"))
        if isinstance(a, RawArticle)
    ]
    assert (rec.url, rec.outlet) == ("https://given.example/x", "Record Outlet")
    assert rec.id != next(a for a in read_inputs([str(jsonl)]) if isinstance(a, RawArticle)).id


# --- the command line: the flags land in the stored article ------------------------------


def test_ingest_flags_land_in_the_store(tmp_path: Path, db_path: str) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "in" / "b.txt").write_text(STORY.replace("23 ships", "31 ships"), encoding="utf-8")
    code, output = run([
        "ingest", str(tmp_path / "in"), "--db", db_path, "--outlet", "Aldane Tribune",
        "--published", "2025-03-12T08:15:00Z", "--title", "Dock strike",
    ])  # fmt: skip
    assert code == 0, output
    rows = stored(db_path)
    assert len(rows) == 2
    for row in rows:
        assert row["outlet"] == "Aldane Tribune"
        assert row["published"] == "2025-03-12T08:15:00Z"
        assert row["title"] == "Dock strike"
        assert row["url"] is None


def test_ingest_url_flag(tmp_path: Path, db_path: str) -> None:
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    code, output = run(
        ["ingest", str(tmp_path / "a.txt"), "--db", db_path, "--url", "https://tribune.example/strike"]
    )
    assert code == 0, output
    [row] = stored(db_path)
    assert row["url"] == "https://tribune.example/strike"
    assert row["title"] == "Harbour cranes fall silent as dockers strike in Port Aldane"


def test_bad_published_is_a_usage_error(tmp_path: Path, db_path: str) -> None:
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    for command in ("ingest", "extract"):
        code, output = run([command, str(tmp_path / "a.txt"), "--db", db_path, "--published", "last Tuesday"])
        assert code == 2
        assert "--published" in output and "not a date" in output
    assert not Path(db_path).exists() or stored(db_path) == []


@pytest.mark.model
def test_extract_flags_land_in_the_store(tmp_path: Path, db_path: str) -> None:
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    code, output = run([
        "extract", str(tmp_path / "a.txt"), "--db", db_path, "--outlet", "Aldane Tribune",
        "--published", "2025-03-12", "--url", "https://tribune.example/strike", "--title", "Dockers strike",
    ])  # fmt: skip
    assert code == 0, output
    [row] = stored(db_path)
    assert row == {
        "url": "https://tribune.example/strike", "title": "Dockers strike", "outlet": "Aldane Tribune",
        "published": "2025-03-12", "text": row["text"],
    }  # fmt: skip
    with open_store(db_path) as store:
        [(article_id,)] = store.engine.connect().exec_driver_sql("SELECT id FROM articles").fetchall()
        article = store.get_article(article_id)
        assert article is not None and any(f.value == 23 for f in article.figures)


# --- HTML sidecar ----------------------------------------------------------------------


def test_html_sidecar_is_read(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    shutil.copy(FIXTURES / "article_page.html", page)
    before = read_file(page)[0]
    page.with_suffix(".json").write_text(json.dumps({
        "outlet": "Sidecar Gazette", "published": "2025-03-12T08:15:00+00:00",
        "title": "A title from the sidecar", "url": "https://gazette.example/a", "authors": ["Ann Lee"],
    }), encoding="utf-8")  # fmt: skip
    art = read_file(page)[0]
    assert art.outlet == "Sidecar Gazette" and art.outlet != before.outlet
    assert art.published == "2025-03-12T08:15:00Z"
    assert art.title == "A title from the sidecar"
    assert art.url == "https://gazette.example/a"
    assert art.authors == ("Ann Lee",)
    assert art.text == before.text


def test_html_sidecar_in_a_directory_is_not_an_article(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "article_page.html", tmp_path / "page.html")
    (tmp_path / "page.json").write_text(json.dumps({"outlet": "Sidecar Gazette"}), encoding="utf-8")
    items = list(read_inputs([str(tmp_path)]))
    assert [type(i) for i in items] == [RawArticle]
    assert isinstance(items[0], RawArticle) and items[0].outlet == "Sidecar Gazette"


def test_broken_html_sidecar_is_reported_and_the_page_still_read(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "article_page.html", tmp_path / "page.html")
    (tmp_path / "page.json").write_text("[1, 2]", encoding="utf-8")
    items = list(read_inputs([str(tmp_path / "page.html")]))
    assert any(isinstance(i, InputError) and "sidecar" in str(i) for i in items)
    assert any(isinstance(i, RawArticle) for i in items)


# --- a plain-text file's first line as its title ------------------------------------------


def test_headline_line_is_the_title_and_stays_in_the_text(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(STORY, encoding="utf-8")
    [art] = read_file(path)
    assert art.title == "Harbour cranes fall silent as dockers strike in Port Aldane"
    assert art.text.startswith(art.title + "\n\n")  # offsets count from the headline
    start = art.text.index("23 ships")
    assert art.text[start : start + 2] == "23"


@pytest.mark.parametrize(
    "first",
    [
        "By Mira Olden and Tom Reyes",  # a byline
        "Wednesday, 12 March 2025",  # a date line
        "PORT ALDANE, March 11 (CPA) -",  # a bare wire dateline
        "Dockers at the port walked out on Tuesday, the union said.",  # a sentence
        "BREAKING",  # a one-word kicker
        "Advertisement",  # debris
    ],
)
def test_non_headline_first_line_is_not_the_title(tmp_path: Path, first: str) -> None:
    path = tmp_path / "a.txt"
    path.write_text(first + "\n\n" + STORY.split("\n\n", 1)[1], encoding="utf-8")
    [art] = read_file(path)
    assert art.title != first
    assert art.title is None


def test_single_paragraph_text_has_no_title(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(
        "Dockers at Port Aldane walked out on Tuesday, leaving 23 ships waiting\n", encoding="utf-8"
    )
    [art] = read_file(path)
    assert art.title is None
    assert art.text.startswith("Dockers at Port Aldane")
