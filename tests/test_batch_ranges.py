"""Byte ranges of one input (newsledger batch cuts large WARC and JSON Lines files with them) and the
contract's JSON round trip (newsledger load rebuilds articles from it). No Spark, no model."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from tests.conftest import SAMPLES

from newsledger.batch.plan import plan
from newsledger.contract import Article, Claim, Comment, Entity, Figure, Hedge, Quote, Removed, Source
from newsledger.errors import InputError
from newsledger.ingest.ranges import ByteRange, split
from newsledger.ingest.readers import iter_path

WARC = SAMPLES / "cc-news-sample.warc.gz"
needs_samples = pytest.mark.skipif(not WARC.is_file(), reason="../shared/samples is not beside this checkout")


def _items(path: Path, part: ByteRange | None = None) -> list[str]:
    """Each item as a comparable line: an article's id and path, or a problem's message."""
    out = []
    for item in iter_path(path, part=part):
        out.append(str(item) if isinstance(item, InputError) else f"{item.id} {item.path}")
    return out


def test_split_covers_a_file_without_gap_or_overlap() -> None:
    ranges = split(1000, 3)
    assert [(r.start, r.end) for r in ranges] == [(0, 333), (333, 666), (666, None)]
    for offset in (0, 332, 333, 665, 666, 5000):
        assert sum(r.owns(offset) for r in ranges) == 1
    assert split(10, 1) == [ByteRange()] and ByteRange().whole


@needs_samples
@pytest.mark.parametrize("parts", [2, 3, 7])
def test_a_warc_read_in_parts_gives_each_record_once(parts: int) -> None:
    whole = _items(WARC)
    pieces = [_items(WARC, r) for r in split(WARC.stat().st_size, parts)]
    assert sum(len(p) for p in pieces) == len(whole)  # notes too: each record's once, same record numbers
    assert sorted(line for p in pieces for line in p) == sorted(whole)
    assert sum(1 for p in pieces if p) >= 2  # the records really are spread over the parts


def test_a_jsonl_read_in_parts_keeps_line_numbers(tmp_path: Path) -> None:
    lines = []
    for i in range(30):
        if i % 7 == 3:
            lines.append("{not json")
        else:
            text = f"Officials in Port Aldane said {i + 2} ferries were repaired on day {i}."
            lines.append(json.dumps({"text": text, "url": f"https://aldane.example/{i}"}))
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    whole = _items(path)
    pieces = [_items(path, r) for r in split(path.stat().st_size, 4)]
    assert sorted(line for p in pieces for line in p) == sorted(whole)
    assert all(p for p in pieces)
    assert any(f"{path}:4: invalid JSON" in line for p in pieces for line in p)


def test_a_file_that_is_not_a_container_is_read_by_the_first_range_only(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text("Port Aldane orders 14 ferries\n\nThe council approved 14 ferries on Monday.\n")
    first, second = split(path.stat().st_size, 2)
    assert len(_items(path, first)) == 1 and _items(path, second) == []


def test_plan_cuts_large_containers_packs_small_pages_and_reports_missing(tmp_path: Path) -> None:
    jsonl = tmp_path / "big.jsonl"
    jsonl.write_text("".join(json.dumps({"text": "x" * 900, "url": f"u{i}"}) + "\n" for i in range(40)))
    whole_gz = tmp_path / "whole.warc.gz"  # gzipped as one member: no record offsets to cut at
    whole_gz.write_bytes(gzip.compress(gzip.decompress(WARC.read_bytes()))) if WARC.is_file() else None
    for i in range(5):
        (tmp_path / f"page{i}.txt").write_text(f"Story {i}\n\nThe council approved {i + 3} ferries.\n")
    layout = plan([str(tmp_path), str(tmp_path / "nope.txt")], split_bytes=10_000)
    by_file: dict[str, int] = {}
    for part in layout.parts:
        for piece in part:
            by_file[Path(piece.source).name] = by_file.get(Path(piece.source).name, 0) + 1
    assert by_file["big.jsonl"] == 4  # ~37 kB in 10 kB ranges
    assert all(by_file[f"page{i}.txt"] == 1 for i in range(5))
    assert sum(1 for part in layout.parts if len(part) > 1) == 1  # the five pages share one part
    if WARC.is_file():
        assert by_file["whole.warc.gz"] == 1
    missing = f"{tmp_path / 'nope.txt'}: no such file or directory (Check the path.)"
    assert [str(m) for m in layout.missing] == [missing]


def test_an_article_survives_its_json_round_trip() -> None:
    claim = Claim(
        "c1", "About 40 boats left, officials said.", 0, 36,
        sources=(Source("The Courier", "media_outlet"), Source("officials", "official_body", 30, 39)),
        cue="said", hedges=(Hedge("About", 0, 5, extractor="hedges@1"),), verification="unverified",
    )  # fmt: skip
    article = Article(
        id="a1", text="About 40 boats left, officials said.", url="https://x.example/1", authors=("A B",),
        removed=(Removed("Read more", "related"),), comments=(Comment("Nice", "reader"),),
        entities=(Entity("Aldane", 0, 6, "PLACE", "Aldane", 1.5, 2.0, "AL"),),
        figures=(Figure("40 boats", 6, 14, 40, approx="about", claim="c1", period_start="2025-03-01"),),
        quotes=(Quote("left", 15, 19, "indirect", speaker="officials"),), claims=(claim,),
        copy_similarity=0.5, language="en",
    )  # fmt: skip
    data = json.loads(json.dumps(article.to_json()))
    assert Article.from_json(data) == article
