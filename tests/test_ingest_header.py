"""Plain-text header metadata (ingest/header.py, byline.py, dates.py) and the debris it leaves.

Every sentence and fixture here is fictional and written for these tests.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from newsledger.errors import InputError
from newsledger.ingest import RawArticle, debris, read_file, read_inputs
from newsledger.ingest.byline import credit_line, parse_byline
from newsledger.ingest.dates import find_dates, is_date_line, labelled_dates
from newsledger.ingest.header import dateline, masthead_outlet, parse_header

HEADERS = Path(__file__).parent / "fixtures" / "ingest" / "headers"
EXAMPLES = Path(__file__).parents[1] / "examples"


def _one(path: Path) -> RawArticle:
    articles = read_file(path)
    assert len(articles) == 1
    return articles[0]


# --- dates --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("June 9, 2024 4:05 PM GMT  Updated 2 hours ago", "2024-06-09T16:05:00Z"),
        ("Published: 07:40, 2 October 2024", "2024-10-02T07:40:00"),
        ("14.10.2024, 09:05", "2024-10-14T09:05:00"),
        ("Thursday, 7 November 2024", "2024-11-07"),
        ("Nov. 19, 2024, 8:10 a.m.", "2024-11-19T08:10:00"),
        ("Sept. 3rd, 2024, 11:00 a.m. CEST", "2024-09-03T11:00:00+02:00"),
        ("18:30 GMT, 4 May 2023", "2023-05-04T18:30:00Z"),
        ("2024-06-09T16:05:00+03:00", "2024-06-09T16:05:00+03:00"),
        ("4/23/2024 at 5 pm EDT", "2024-04-23T17:00:00-04:00"),
    ],
)
def test_find_dates_reads_header_date_forms(text: str, iso: str) -> None:
    assert [d.iso for d in find_dates(text)] == [iso]


def test_find_dates_refuses_ambiguous_and_impossible_dates() -> None:
    assert find_dates("04/05/2024") == []  # day-first or month-first: unknowable
    assert find_dates("February 30, 2024") == []
    assert find_dates("Updated 4 hours ago") == []
    assert find_dates("version 1.10.2024 of the app") != []  # a dotted date is still a date
    assert find_dates("The vote was 12.5 percent") == []


def test_labels_mark_update_dates() -> None:
    line = "Posted: 10:15, 1 May 2024 | Last updated: 09:00, 2 May 2024"
    assert [(d.iso, updated) for d, updated in labelled_dates(line)] == [
        ("2024-05-01T10:15:00", False),
        ("2024-05-02T09:00:00", True),
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("June 9, 2024 4:05 PM GMT  Updated 2 hours ago", True),
        ("Thursday, 7 November 2024", True),
        ("Published: 07:40, 2 October 2024 | Updated: 18:15, 3 October 2024", True),
        ("Updated 3 hours ago", True),
        ("On June 9, 2024, the union voted to strike.", False),
        ("June 9, 2024 was the hottest day of the year.", False),
        ("The union voted to strike", False),
    ],
)
def test_is_date_line(line: str, expected: bool) -> None:
    assert is_date_line(line) is expected


# --- bylines, mastheads, datelines ---------------------------------------------------------


def test_byline_splits_authors_outlet_and_job_titles() -> None:
    b = parse_byline("By Ilse Varga and Moritz Palan, Meridian Press Agency")
    assert b is not None and b.authors == ("Ilse Varga", "Moritz Palan")
    assert b.outlet == "Meridian Press Agency"
    b = parse_byline("By Corin Wadlow, Chief Consumer Reporter, The Evening Lantern")
    assert b is not None and b.authors == ("Corin Wadlow",) and b.outlet == "The Evening Lantern"
    b = parse_byline("By Tamsin Roe, Staff Reporter")
    assert b is not None and b.authors == ("Tamsin Roe",) and b.outlet is None
    b = parse_byline("By Priya Dunmore | Nov. 19, 2024, 8:10 a.m.")
    assert b is not None and b.authors == ("Priya Dunmore",) and b.rest == ("Nov. 19, 2024, 8:10 a.m.",)
    b = parse_byline("By Lena Osk in Varnby for The Coastal Times")
    assert b is not None and b.authors == ("Lena Osk",) and b.outlet == "The Coastal Times"
    b = parse_byline("By Reuters")
    assert b is not None and b.authors == () and b.outlet == "Reuters"


def test_byline_names_keep_their_particles_and_weekdays_are_not_names() -> None:
    b = parse_byline("By Maria dos Santos and Ahmed bin Khalid")  # particles from data/names.yaml
    assert b is not None and b.authors == ("Maria dos Santos", "Ahmed bin Khalid")
    assert parse_byline("By Tuesday, the troops had left.") is None  # data/calendar.yaml
    b = parse_byline("By Jan Novak")  # "Jan" the month abbreviation is not in the byline's not_names
    assert b is not None and b.authors == ("Jan Novak",)


@pytest.mark.parametrize(
    "sentence",
    [
        "By Tuesday, the ferry had left.",
        "By March 2025, the army had recruited 40,000 men.",
        "By the end of the month, the council said, the bridge would reopen.",
        "By 2030 the port expects to double its traffic.",
    ],
)
def test_sentences_starting_with_by_are_not_bylines(sentence: str) -> None:
    assert parse_byline(sentence) is None
    assert debris.paragraph_kind(sentence) == ""


def test_credit_line() -> None:
    assert credit_line("(Reporting by Ilse Varga in Brenvik and Moritz Palan; Editing by Jonna Feld)") == (
        "Ilse Varga",
        "Moritz Palan",
    )
    assert credit_line("Additional reporting by Oda Krey") == ("Oda Krey",)
    assert credit_line("Reporting by the agency could not be independently verified.") is None
    assert credit_line("Editing by hand took the team three weeks, she said.") is None


@pytest.mark.parametrize(
    ("line", "outlet"),
    [
        ("Ostrava Morning Bell | English version | 14.10.2024, 09:05 | Views: 7 215", "Ostrava Morning Bell"),
        ("Fenwick Gazette | Local news | Thursday, 7 November 2024", "Fenwick Gazette"),
        ("The Harlow Sentinel | Local", "The Harlow Sentinel"),
        ("News | World | 3 May 2024", None),  # section names, no outlet
        ("Thursday, 7 November 2024 | Local news", None),
        ("The union voted to strike | The port said it regretted the vote.", None),
    ],
)
def test_masthead_outlet(line: str, outlet: str | None) -> None:
    assert masthead_outlet(line) == outlet


def test_dateline_gives_place_and_source_only() -> None:
    assert dateline("BRENVIK, June 9 (MPA) - Dock workers voted to strike.") == ("BRENVIK", "MPA")
    assert dateline("OSTRA, Tessaly (Meridian Press Agency) — Talks resumed.") == (
        "OSTRA, Tessaly",
        "Meridian Press Agency",
    )
    assert dateline("SELBY MARSH - Volunteers worked through the night.") == ("SELBY MARSH", None)
    assert dateline("FURIOUS residents accused the company of ignoring complaints.") == (None, None)
    assert dateline("He said - and meant it - that the talks were over.") == (None, None)


def test_header_zone_ends_at_the_body() -> None:
    paras = [
        "Council backs new harbour wall",
        "The council voted on March 3, 2024 to build a new harbour wall, its chairman said.",
        "March 4, 2024 10:00 AM GMT",
    ]
    # a date line after the first body paragraph is not the publication date
    assert parse_header(paras).published is None
    relative_only = ["Headline here", "Updated 4 hours ago", "Body text of the story follows here."]
    assert parse_header(relative_only).published is None


# --- debris: new line rules and their false-positive guards ---------------------------------


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Share on Facebook   Share on X   Email this story", "boilerplate"),
        ("Share: Telegram | VK | X | Copy link", "boilerplate"),
        ("Facebook Twitter WhatsApp", "boilerplate"),
        ("Share or comment on this article", "boilerplate"),
        ("3 I like it   0 I don't like it", "boilerplate"),
        ("Ostrava Morning Bell | English version | 14.10.2024, 09:05 | Views: 7 215", "boilerplate"),
        ("This article was machine translated and checked by our editors.", "boilerplate"),
        ("Support independent media! Donate from 3 euro", "boilerplate"),
        ("Subscribe to our Telegram channel for the fastest news", "boilerplate"),
        ("Tags: roads, city council, budget", "boilerplate"),
        ("How MPA reports: our editorial standards and corrections policy", "boilerplate"),
        ("Read also:", "related"),
        ("Video is loading…", "boilerplate"),
        ("That's all for today. Forwarded this email? Sign up here. Send us your tips.", "boilerplate"),
        ("Parish councillor Ned Farrow is pictured beside the new barrier on Wednesday.", "caption"),
        ("Dr. Ona Kessel is pictured at the clinic in Varnby.", "caption"),
    ],
)
def test_new_debris_lines(line: str, kind: str) -> None:
    assert debris.paragraph_kind(line) == kind


@pytest.mark.parametrize(
    "sentence",
    [
        "Facebook said on Tuesday it had removed 300 accounts linked to the campaign.",
        "X, formerly Twitter, suspended the account on Monday.",
        "The ministry posted the decree on Telegram and shared it on Facebook.",
        "On March 4, 2025, the president signed the decree.",
        "Tuesday, 12 March 2025, will be remembered as the day the dam broke.",
        "Updated figures showed 1,200 people had been evacuated.",
        "Posted 3 videos on Monday, the channel said.",
        "Residents were urged to donate blood at the town hall on Saturday.",
        "Support for independent media has fallen sharply, the survey found.",
        "The statement, which was translated from Lenian by the agency, said 40 people died.",
        "The mayor is pictured in the report as a reformer.",
        "Share prices fell 3% on Monday.",
        "Views differ on how many people left, officials said.",
        "Email records showed the company knew of the fault in May.",
        "He said our standards have slipped.",
        "The video is loading slowly for many users, the company said.",
        "The email was forwarded to the police, the council said.",
    ],
)
def test_body_sentences_are_kept(sentence: str) -> None:
    assert debris.paragraph_kind(sentence) == ""


def test_bare_share_names_only_go_in_a_run() -> None:
    lead = "The union voted on Sunday to strike for 48 hours from Thursday, its secretary said."
    later = "The port authority said it regretted the vote and would ask for new talks."
    cleaned = debris.clean_paragraphs(["Share", "Facebook", "X", "LinkedIn", lead, "X", later])
    assert cleaned.paragraphs == (lead, "X", later)  # a lone "X" between paragraphs is kept
    assert [r.text for r in cleaned.removed] == ["Share", "Facebook", "X", "LinkedIn"]


def test_run_matcher_has_no_exponential_backtracking() -> None:
    # 22 items that almost form a share row: a backtracking regex takes minutes here
    started = time.perf_counter()
    assert debris.paragraph_kind("Share " * 22 + "now, said the minister") == ""
    assert debris.covered_by_items("Print Email Share", debris.patterns().share_items, min_items=3)
    assert time.perf_counter() - started < 2.0


# --- fixtures: one per header style ------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "outlet", "published", "authors"),
    [
        (
            "wire_byline_dateline",
            "Meridian Press Agency",
            "2024-06-09T16:05:00Z",
            ("Ilse Varga", "Moritz Palan"),
        ),
        ("tabloid_job_title", "The Evening Lantern", "2024-10-02T07:40:00", ("Corin Wadlow",)),
        ("translated_masthead", "Ostrava Morning Bell", "2024-10-14T09:05:00", ()),
        ("regional_masthead_staff", "Fenwick Gazette", "2024-11-07", ("Tamsin Roe",)),
        ("us_section_pipe_byline", "The Harlow Sentinel", "2024-11-19T08:10:00", ("Priya Dunmore",)),
    ],
)
def test_header_fixture_metadata(name: str, outlet: str, published: str, authors: tuple[str, ...]) -> None:
    art = _one(HEADERS / f"{name}.txt")
    assert (art.outlet, art.published, art.authors) == (outlet, published, authors)
    raw = debris.split_paragraphs((HEADERS / f"{name}.txt").read_text(encoding="utf-8"))
    body = art.text.split("\n\n")
    assert body[0] == art.title == raw[0]
    # every line is either kept or removed, and the header lines are all removed
    removed = {r.text for r in art.removed}
    for line in raw:
        assert line in body or line in removed, line
    assert body[1] not in raw[1:3]


def test_header_fixture_keeps_body_mentions_of_facebook_and_dates() -> None:
    art = _one(HEADERS / "wire_byline_dateline.txt")
    assert art.extra == {"dateline_place": "BRENVIK", "dateline_source": "MPA"}
    assert "shared the result on Facebook and X" in art.text
    assert '"We have waited since March 3, 2024 for an answer," Renk said.' in art.text
    assert "Updated" not in art.text and "LinkedIn" not in art.text and "WhatsApp" not in art.text
    assert "Reporting by" not in art.text and "editorial standards" not in art.text
    tabloid = _one(HEADERS / "tabloid_job_title.txt")
    assert "The company said in a statement on October 1, 2024 that it was investigating." in tabloid.text


def test_sidecar_metadata_wins_and_sidecar_is_not_an_input() -> None:
    art = _one(HEADERS / "with_sidecar.txt")
    assert art.url == "https://islandnews.example/ferry-resumes"
    assert art.outlet == "Island News Network"  # not the byline's "The Brindle Courier"
    assert art.published == "2024-03-02T08:30:00Z"  # not the header's 09:00 GMT
    assert art.authors == ("Dana Quill",)
    assert art.title == "Ferry service to resume after winter pause"
    items = list(read_inputs([str(HEADERS)]))
    paths = sorted(Path(i.path or "").name for i in items if isinstance(i, RawArticle))
    assert "with_sidecar.json" not in paths and "with_sidecar.txt" in paths
    assert not [i for i in items if isinstance(i, InputError)]


def test_sidecar_fills_only_what_it_has_and_a_bad_one_is_reported(tmp_path: Path) -> None:
    text = (HEADERS / "with_sidecar.txt").read_text(encoding="utf-8")
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "a.json").write_text(json.dumps({"title": "Ferry back on March 15"}), encoding="utf-8")
    [art] = read_file(tmp_path / "a.txt")
    assert art.title == "Ferry back on March 15"
    assert art.outlet == "The Brindle Courier" and art.published == "2024-03-02T09:00:00Z"
    assert art.authors == ("Arlo Pettin",)
    # the scraped headline differs from the given title, so it is kept as text, not removed
    assert art.text.startswith("Ferry service to resume after winter pause\n\n")
    (tmp_path / "b.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b.json").write_text("[1, 2]", encoding="utf-8")
    items = list(read_inputs([str(tmp_path / "b.txt")]))
    assert [type(i).__name__ for i in items] == ["InputError", "RawArticle"]
    assert "sidecar" in str(items[0])


def test_jsonl_keys_win_over_header_lines(tmp_path: Path) -> None:
    text = (HEADERS / "wire_byline_dateline.txt").read_text(encoding="utf-8")
    record = {"text": text, "outlet": "Harbour Digest", "published": "2024-06-10"}
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    [art] = read_file(path)
    assert art.outlet == "Harbour Digest" and art.published == "2024-06-10"
    assert art.authors == ("Ilse Varga", "Moritz Palan")  # not given, so read from the byline


# --- the bundled examples against their manifest ------------------------------------------------


def test_examples_header_metadata_matches_manifest() -> None:
    manifest = json.loads((EXAMPLES / "manifest.json").read_text(encoding="utf-8"))
    texts = [a for a in manifest["articles"] if a["format"] == "text"]
    assert texts
    for entry in texts:
        art = _one(EXAMPLES / entry["file"])
        assert art.outlet == entry["outlet"], entry["file"]
        assert art.published is not None and art.published[:16] == entry["published"][:16], entry["file"]
        assert list(art.authors) == entry["authors"], entry["file"]
        assert art.title == entry["title"], entry["file"]
        for junk in ("Updated", "I like it", "LinkedIn", "Views:", "Donate", "machine translated",
                     "Share on", "Tags:", "Reporting by", "is pictured"):  # fmt: skip
            assert junk not in art.text, (entry["file"], junk)
