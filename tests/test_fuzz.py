"""A fast sample of the fuzz corpus (benchmarks/fuzz_inputs.py: the full run is >= 10,000 inputs):
a few hundred malformed and good inputs of every kind through the real ingest runner and a real
SQLite store. No traceback, no hang, one line per bad file naming it, every good file stored.
Plus hypothesis: arbitrary bytes under every input extension never raise out of the readers."""

from __future__ import annotations

import signal
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from benchmarks.fuzz_inputs import KINDS, generate
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsledger.errors import InputError
from newsledger.ingest import RawArticle, read_inputs
from newsledger.runner import ingest
from newsledger.store.repo import Store

SECONDS_PER_KIND = 60


@contextmanager
def _deadline(seconds: int) -> Iterator[None]:
    def hung(_signum: int, _frame: object) -> None:
        raise TimeoutError(f"no answer within {seconds} s: a hang")

    old = signal.signal(signal.SIGALRM, hung)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("fuzz")
    generate(out, total=300, seed=7)
    return out


@pytest.mark.parametrize("kind", KINDS, ids=[k.name for k in KINDS])
def test_fuzz_sample(corpus: Path, kind: object, tmp_path: Path) -> None:
    name, expect = kind.name, kind.expect  # type: ignore[attr-defined]
    folder = corpus / name
    files = sorted(p.name for p in folder.iterdir() if p.is_file())
    lines: list[tuple[str, str]] = []
    db = tmp_path / "fuzz.db"
    with _deadline(SECONDS_PER_KIND), Store(str(db)) as store:
        ingest(
            [str(folder)],
            store,
            reconcile=False,
            on_problem=lambda level, line: lines.append((level, line)),
        )
    per_file: dict[str, int] = {}
    for _level, line in lines:
        assert "unexpected error" not in line and "Traceback" not in line, line
        assert "\n" not in line, line
        named = Path(line.split(": ", 1)[0].split(":", 1)[0]).name  # "path:line: reason" or "path: reason"
        per_file[named] = per_file.get(named, 0) + 1
    with sqlite3.connect(db) as con:
        stored = {Path(p).name for (p,) in con.execute("SELECT path FROM articles")}
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    for f in files:
        n = per_file.get(f, 0)
        assert n <= 1, (f, [line for _lv, line in lines if f in line])  # one line per bad file
        if expect == "good":
            assert f in stored and n == 0, (f, [line for _lv, line in lines if f in line])
        elif expect == "bad":
            assert f not in stored and n == 1, (f, [line for _lv, line in lines if f in line])
        else:
            assert f in stored or n == 1, f  # never silent


def test_garbage_is_refused_with_a_reason(tmp_path: Path) -> None:
    import random

    rng = random.Random(928)
    (tmp_path / "random.txt").write_bytes(rng.randbytes(928))
    (tmp_path / "invisible.txt").write_text("\u200b\u200e\u202e\u2066 \u200f\ufeff\n" * 40, encoding="utf-8")
    for name in ("random.txt", "invisible.txt"):
        items = list(read_inputs([str(tmp_path / name)]))
        assert len(items) == 1 and isinstance(items[0], InputError), items
        assert "not text" in items[0].reason


def test_gzip_bomb_in_a_warc_record_stays_bounded(tmp_path: Path) -> None:
    import gzip
    import resource

    from benchmarks.fuzz_inputs import _warc, _warc_record

    bomb = gzip.compress(b"<p>" + b"\0" * (60 << 20), compresslevel=9)
    path = tmp_path / "bomb.warc.gz"
    path.write_bytes(_warc([_warc_record(bomb, "https://bomb.example/", encoding="gzip")]))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    items = list(read_inputs([str(path)]))
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert len(items) == 1 and isinstance(items[0], InputError) and "limit" in items[0].reason, items
    assert grown_mb < 100, f"peak RSS grew by {grown_mb:.0f} MB for a {path.stat().st_size} byte file"


def test_unknown_files_in_a_directory_are_counted(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("The council said on Monday that 14 ferries came.", encoding="utf-8")
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    with Store(str(tmp_path.parent / f"{tmp_path.name}.db")) as store:
        report = ingest([str(tmp_path)], store)
    assert sorted(Path(p).name for p in report.unknown) == ["notes.docx", "scan.pdf"]
    assert report.stored == 1


_EXTENSIONS = [".txt", ".html", ".jsonl", ".json", ".rss", ".atom", ".xml", ".warc", ".warc.gz", ""]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    data=st.one_of(
        st.binary(max_size=3000),
        st.text(max_size=2000).map(lambda s: s.encode("utf-8", "surrogatepass")),
        st.sampled_from([b"WARC/1.0\r\n", b"<rss", b'{"text": ', b"<html><body><p>", b"\x1f\x8b"]).flatmap(
            lambda head: st.binary(max_size=2000).map(lambda tail: head + tail)
        ),
    ),
    ext=st.sampled_from(_EXTENSIONS),
)
def test_arbitrary_bytes_never_raise(tmp_path: Path, data: bytes, ext: str) -> None:
    path = tmp_path / f"input{ext}"
    path.write_bytes(data)
    with _deadline(30):
        items = list(read_inputs([str(path)]))
    assert items, "every file gives an article or a reason"
    for item in items:
        assert isinstance(item, RawArticle | InputError)
        if isinstance(item, InputError):
            assert "unexpected error" not in item.reason, item
