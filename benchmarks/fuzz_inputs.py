"""A seeded corpus of malformed (and good) inputs, and a runner that feeds it to `newsledger ingest`.

Every kind of input a probe found trouble with: random bytes, zero-width text, binary and broken
JSON Lines, huge lines, deep nesting, truncated and deeply nested HTML, UTF-16/Shift-JIS/latin-1/NUL
text, 50 MB files, broken RSS/Atom, entity bombs, gzip bombs inside WARC records, wrong WARC
Content-Length, WARC records without a target URI, hostile metadata. Each kind says what must
happen: ``good`` files are all stored with no error line, ``bad`` files store nothing and print
exactly one line naming the file, ``either`` files are stored or print one line (never more).

    python benchmarks/fuzz_inputs.py                 # the full corpus (>= 10,000 inputs)
    python benchmarks/fuzz_inputs.py --scale 0.03    # a quick sample
    python benchmarks/fuzz_inputs.py --json          # counts as JSON

Each kind runs in its own `newsledger ingest DIR` process under a time limit (a hang is counted,
not waited for); peak RSS is the largest child's maximum resident set size. The pytest sample is
tests/test_fuzz.py.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Invented vocabulary for fictional articles (nothing here is a real place or person).
_SUBJECTS = ("The Harrow Valley water board", "The Lennmark council", "Minister Aino Ferrow",
             "The Ostvik port authority", "The regional health office", "Eastport's school board",
             "The Karvonian rail operator", "A spokesperson for the Talmar ministry")  # fmt: skip
_VERBS = ("said on Monday that", "announced on Tuesday that", "told reporters that",
          "confirmed in a statement that", "warned on Friday that")  # fmt: skip
_OBJECTS = ("prices would rise by {n} percent from April", "{n} new buses would enter service",
            "repairs to {n} kilometres of pipe would begin in May", "{n} jobs were at risk",
            "the budget would grow to {n} million crowns", "{n} schools would reopen next week")  # fmt: skip


def article(rng: random.Random, paragraphs: int = 4) -> str:
    """A fictional English news article: ``paragraphs`` paragraphs of three sentences."""
    out = []
    for _ in range(paragraphs):
        sentences = [
            f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} "
            f"{rng.choice(_OBJECTS).format(n=rng.randint(2, 9000))}, according to officials in the region."
            for _ in range(3)
        ]
        out.append(" ".join(sentences))
    return "\n\n".join(out)


def _html(text: str, title: str, extra_head: str = "") -> str:
    body = "".join(f"<p>{p}</p>\n" for p in text.split("\n\n"))
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title>{extra_head}</head>"
        f"<body><article><h1>{title}</h1>\n{body}</article></body></html>"
    )


def _rss(items: list[tuple[str, str, str]], broken: bool = False) -> str:
    entries = "".join(
        f"<item><title>{t}</title><link>{u}</link><content:encoded><![CDATA["
        + "".join(f"<p>{p}</p>" for p in x.split("\n\n"))
        + "]]></content:encoded></item>"
        for t, u, x in items
    )
    doc = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Fuzz Courier</title>'
        f"<link>https://fuzz.example/</link>{entries}</channel></rss>"
    )
    return doc[: len(doc) // 2] if broken else doc


def _atom(items: list[tuple[str, str, str]], broken: bool = False) -> str:
    entries = "".join(
        f'<entry><title>{t}</title><link href="{u}"/><id>{u}</id><updated>2024-03-12T10:00:00Z</updated>'
        '<content type="html">'
        + "".join(f"&lt;p&gt;{p}&lt;/p&gt;" for p in x.split("\n\n"))
        + "</content></entry>"
        for t, u, x in items
    )
    doc = (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>Fuzz Wire</title><id>https://wire.example/</id><updated>2024-03-12T10:00:00Z</updated>{entries}</feed>"
    )
    return doc[: len(doc) * 2 // 3] + "<entry><title>&undefined;" if broken else doc


def _warc_record(payload: bytes, url: str | None, *, ctype: str = "text/html; charset=utf-8",
                 encoding: str | None = None, length_delta: int = 0) -> bytes:  # fmt: skip
    http = b"HTTP/1.1 200 OK\r\nContent-Type: " + ctype.encode() + b"\r\n"
    if encoding:
        http += b"Content-Encoding: " + encoding.encode() + b"\r\n"
    http += b"Content-Length: " + str(len(payload)).encode() + b"\r\n\r\n"
    block = http + payload
    head = [b"WARC/1.0", b"WARC-Type: response", b"WARC-Date: 2024-03-12T10:00:00Z",
            b"WARC-Record-ID: <urn:uuid:%d>" % abs(hash((url, len(payload))))]  # fmt: skip
    if url:
        head.append(b"WARC-Target-URI: " + url.encode())
    head += [b"Content-Type: application/http; msgtype=response",
             b"Content-Length: " + str(len(block) + length_delta).encode()]  # fmt: skip
    return b"\r\n".join(head) + b"\r\n\r\n" + block + b"\r\n\r\n"


def _warc(records: list[bytes], compress: bool = True) -> bytes:
    if not compress:
        return b"".join(records)
    return b"".join(gzip.compress(r, mtime=0) for r in records)


def _billion_laughs(root: str) -> str:
    lol = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    ]
    return f'<?xml version="1.0"?><!DOCTYPE {root} [{"".join(lol)}]>'


@dataclass
class Kind:
    name: str
    expect: str  # good | bad | either
    weight: float  # share of the corpus
    make: Callable[[random.Random, int, Path], None]
    cap: int | None = None  # at most this many files (big ones)


def _w(path: Path, data: bytes | str) -> None:
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def _title(rng: random.Random, i: int) -> str:
    return f"Fuzz story {i} {rng.randint(0, 10**9)}"


def _good_txt(rng: random.Random, i: int, d: Path) -> None:
    _w(d / f"g{i}.txt", _title(rng, i) + "\n\n" + article(rng))


def _good_html(rng: random.Random, i: int, d: Path) -> None:
    _w(d / f"g{i}.html", _html(article(rng), _title(rng, i)))


def _good_jsonl(rng: random.Random, i: int, d: Path) -> None:
    hostile = ("javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "https://ok.example/a")
    lines = [
        json.dumps(
            {
                "url": f"{rng.choice(hostile)}?{i}-{k}",
                "title": "<script>x</script>",
                "outlet": "<img src=x onerror=alert(1)>",
                "text": article(rng),
            }
        )
        for k in range(rng.randint(1, 3))
    ]
    _w(d / f"g{i}.jsonl", "\n".join(lines) + "\n")


def _items(rng: random.Random, i: int, n: int) -> list[tuple[str, str, str]]:
    return [(_title(rng, i), f"https://fuzz.example/{i}/{k}", article(rng)) for k in range(n)]


def _good_rss(rng: random.Random, i: int, d: Path) -> None:
    _w(d / f"g{i}.rss", _rss(_items(rng, i, rng.randint(1, 3))))


def _good_atom(rng: random.Random, i: int, d: Path) -> None:
    _w(d / f"g{i}.atom", _atom(_items(rng, i, rng.randint(1, 3))))


def _good_warc(rng: random.Random, i: int, d: Path) -> None:
    recs = [_warc_record(_html(x, t).encode(), u) for t, u, x in _items(rng, i, rng.randint(1, 3))]
    _w(d / f"g{i}.warc.gz", _warc(recs))


def _random_bytes(rng: random.Random, i: int, d: Path) -> None:
    _w(d / f"b{i}.txt", rng.randbytes(rng.randint(200, 4000)))


def _invisible(rng: random.Random, i: int, d: Path) -> None:
    chars = "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2069\ufeff\u00ad"
    text = "".join(rng.choice(chars + " \n") for _ in range(rng.randint(10, 3000)))
    _w(d / f"b{i}.{rng.choice(['txt', 'html', 'jsonl'])}",
       json.dumps({"text": text}) if i % 3 == 2 else text)  # fmt: skip


def _whitespace(rng: random.Random, i: int, d: Path) -> None:
    ws = [" ", "\n", "\t", "\r\n", "\u00a0", "\u3000", "\u2003"]
    text = "".join(rng.choice(ws) for _ in range(rng.randint(1, 5000)))
    _w(d / f"b{i}.{rng.choice(['txt', 'jsonl', 'html', 'rss'])}", text)


def _binary_jsonl(rng: random.Random, i: int, d: Path) -> None:
    data = rng.randbytes(rng.randint(100, 20000))
    if i % 2:
        data = b"".join(rng.randbytes(rng.randint(5, 80)).replace(b"\n", b"") + b"\n" for _ in range(50))
    _w(d / f"b{i}.jsonl", data)


def _broken_jsonl(rng: random.Random, i: int, d: Path) -> None:
    text = json.dumps({"text": article(rng)})
    lines = [text[: rng.randint(1, len(text) - 1)] for _ in range(rng.randint(1, 40))]
    lines += ['{"text": 5}', "[1, 2]", '"just a string"', '{"html": ""}', "null"][: rng.randint(0, 5)]
    _w(d / f"b{i}.jsonl", "\n".join(lines))


def _deep_json(rng: random.Random, i: int, d: Path) -> None:
    depth = rng.randint(5000, 200000)
    _w(d / f"b{i}.jsonl", '{"text": ' + "[" * depth + "]" * depth + "}\n")


def _huge_line(rng: random.Random, i: int, d: Path) -> None:
    size = rng.randint(11, 30) << 20
    _w(d / f"b{i}.jsonl", '{"text": "' + "word " * (size // 5) + '"}\n')


def _truncated_html(rng: random.Random, i: int, d: Path) -> None:
    page = _html(article(rng, 6), _title(rng, i))
    _w(d / f"e{i}.html", page[: rng.randint(len(page) // 3, len(page) - 1)])


def _deep_html(rng: random.Random, i: int, d: Path) -> None:
    depth = rng.randint(300, 100000)
    tag = rng.choice(["div", "span", "b", "table", "ul"])
    page = "<html><body>" + f"<{tag}>" * depth + "<p>" + article(rng).replace("\n\n", "</p><p>")
    _w(d / f"e{i}.html", page if i % 2 else page + f"</{tag}>" * depth + "</body></html>")


def _encodings(rng: random.Random, i: int, d: Path) -> None:
    text = _title(rng, i) + "\n\n" + article(rng)
    choice = i % 6
    if choice == 0:
        data = text.encode("utf-16")
    elif choice == 1:
        data = text.encode("utf-16-le")  # no BOM
    elif choice == 2:
        data = (
            f"Talmar{i}\u3067\u306f\u6708\u66dc\u65e5\u3001\u9244\u9053\u304c\u518d\u958b\u3057\u305f\u3002"
            * 30
        ).encode("shift_jis")
    elif choice == 3:
        data = (text + "\n\nCaf\u00e9 owners in S\u00f8rvik said prices rose.").encode("latin-1")
    elif choice == 4:
        data = text.encode().replace(b" ", b"\x00 ", rng.randint(1, 20))
    else:
        data = text.encode("utf-8")[: rng.randint(50, 400)] + b"\xe2\x80"
    _w(d / f"e{i}.txt", data)


def _big_file(rng: random.Random, i: int, d: Path) -> None:
    ext = ["txt", "html", "jsonl", "rss"][i % 4]
    with (d / f"b{i}.{ext}").open("wb") as fh:
        chunk = (article(rng) + "\n\n").encode() if ext != "jsonl" else b"x" * 65536
        if ext == "jsonl":
            fh.write(b'{"text": "')
        for _ in range((50 << 20) // len(chunk) + 1):
            fh.write(chunk)


def _broken_feed(rng: random.Random, i: int, d: Path) -> None:
    if i % 2:
        _w(d / f"e{i}.rss", _rss(_items(rng, i, 2), broken=True))
    else:
        _w(d / f"e{i}.atom", _atom(_items(rng, i, 2), broken=True))


_RSS_BOMB = (
    '<rss version="2.0"><channel><title>&lol9;</title>'
    "<item><title>&lol9;</title><description>&lol9;</description></item></channel></rss>"
)
_ATOM_BOMB = (
    '<feed xmlns="http://www.w3.org/2005/Atom"><title>&lol9;</title>'
    "<entry><content>&lol9;</content></entry></feed>"
)
_EXTERNAL_ENTITY = (
    '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    '<rss version="2.0"><channel><item><description>&x;</description></item></channel></rss>'
)


def _entity_bomb(rng: random.Random, i: int, d: Path) -> None:
    kind = i % 4
    if kind == 0:
        _w(d / f"b{i}.rss", _billion_laughs("rss") + _RSS_BOMB)
    elif kind == 1:
        _w(d / f"b{i}.atom", _billion_laughs("feed") + _ATOM_BOMB)
    elif kind == 2:
        _w(d / f"b{i}.html", _billion_laughs("html") + "<html><body><p>&lol9;</p></body></html>")
    else:
        _w(d / f"b{i}.xml", _EXTERNAL_ENTITY)


def _gzip_bomb_warc(rng: random.Random, i: int, d: Path) -> None:
    bomb = gzip.compress(b"<p>" + b"\x00" * (rng.randint(20, 200) << 20), compresslevel=9)
    recs = [_warc_record(bomb, f"https://bomb.example/{i}", encoding="gzip")]
    _w(d / f"b{i}.warc.gz", _warc(recs))


def _wrong_length_warc(rng: random.Random, i: int, d: Path) -> None:
    t, u, x = _items(rng, i, 1)[0]
    recs = [_warc_record(_html(x, t).encode(), u, length_delta=rng.choice([-200, -20, -1, 7, 5000]))]
    _w(d / f"e{i}.warc", _warc(recs, compress=False))


def _no_uri_warc(rng: random.Random, i: int, d: Path) -> None:
    t, _u, x = _items(rng, i, 1)[0]
    _w(d / f"e{i}.warc.gz", _warc([_warc_record(_html(x, t).encode(), None)]))


def _cut_warc(rng: random.Random, i: int, d: Path) -> None:
    recs = [_warc_record(_html(x, t).encode(), u) for t, u, x in _items(rng, i, 3)]
    data = _warc(recs, compress=bool(i % 2))
    _w(d / f"e{i}.warc{'.gz' if i % 2 else ''}", data[: rng.randint(10, len(data) - 1)])


def _mutated(rng: random.Random, i: int, d: Path) -> None:
    """A good file of any kind with random bytes flipped, cut or duplicated."""
    maker = rng.choice([_good_txt, _good_html, _good_jsonl, _good_rss, _good_atom, _good_warc])
    tmp = d / f".tmp{i}"
    tmp.mkdir()
    maker(rng, i, tmp)
    [src] = list(tmp.iterdir())
    data = bytearray(src.read_bytes())
    for _ in range(rng.randint(1, 30)):
        if not data:
            break
        pos = rng.randrange(len(data))
        op = rng.randrange(3)
        if op == 0:
            data[pos] = rng.randrange(256)
        elif op == 1:
            del data[pos : pos + rng.randint(1, 200)]
        else:
            data[pos:pos] = data[pos : pos + rng.randint(1, 200)]
    src.unlink()
    tmp.rmdir()
    _w(d / ("e" + src.name[1:]), bytes(data))


KINDS = [
    Kind("good_txt", "good", 0.06, _good_txt),
    Kind("good_html", "good", 0.06, _good_html),
    Kind("good_jsonl", "good", 0.05, _good_jsonl),
    Kind("good_rss", "good", 0.04, _good_rss),
    Kind("good_atom", "good", 0.04, _good_atom),
    Kind("good_warc", "good", 0.05, _good_warc),
    Kind("random_bytes_txt", "bad", 0.08, _random_bytes),
    Kind("invisible_controls", "bad", 0.05, _invisible),
    Kind("whitespace_only", "bad", 0.04, _whitespace),
    Kind("binary_jsonl", "bad", 0.05, _binary_jsonl),
    Kind("broken_jsonl", "bad", 0.05, _broken_jsonl),
    Kind("deep_json", "bad", 0.02, _deep_json, cap=40),
    Kind("huge_jsonl_line", "bad", 0.01, _huge_line, cap=6),
    Kind("truncated_html", "either", 0.05, _truncated_html),
    Kind("deep_html", "either", 0.03, _deep_html, cap=200),
    Kind("encodings", "either", 0.06, _encodings),
    Kind("file_50mb", "bad", 0.01, _big_file, cap=4),
    Kind("broken_feed", "either", 0.05, _broken_feed),
    Kind("entity_bomb", "either", 0.04, _entity_bomb),
    Kind("gzip_bomb_warc", "bad", 0.02, _gzip_bomb_warc, cap=30),
    Kind("wrong_length_warc", "either", 0.04, _wrong_length_warc),
    Kind("no_target_uri_warc", "either", 0.03, _no_uri_warc),
    Kind("cut_warc", "either", 0.04, _cut_warc),
    Kind("mutated", "either", 0.08, _mutated),
]


def generate(out: Path, total: int, seed: int = 16) -> dict[str, int]:
    """Write about ``total`` inputs under ``out/<kind>/``; the number written per kind."""
    counts: dict[str, int] = {}
    scale = total / sum(k.weight for k in KINDS)
    for n, kind in enumerate(KINDS):
        rng = random.Random(seed * 1000 + n)
        many = max(2, round(kind.weight * scale))
        if kind.cap is not None:
            many = min(many, kind.cap)
        folder = out / kind.name
        folder.mkdir(parents=True, exist_ok=True)
        for i in range(many):
            kind.make(rng, i, folder)
        counts[kind.name] = many
    return counts


@dataclass
class KindResult:
    name: str
    expect: str
    inputs: int = 0
    stored_files: int = 0
    articles: int = 0
    rejected: int = 0  # files with exactly one error or skip line
    too_many_lines: list[str] = field(default_factory=list)  # files with more than one line
    good_lost: list[str] = field(default_factory=list)  # good files not stored, or with an error line
    bad_stored: list[str] = field(default_factory=list)  # bad files stored
    silent: list[str] = field(default_factory=list)  # neither stored nor reported
    tracebacks: int = 0
    hang: bool = False
    seconds: float = 0.0
    peak_rss_mb: float = 0.0


def _stored_paths(db: Path) -> dict[str, int]:
    if not db.exists():
        return {}
    with sqlite3.connect(db) as con:
        rows = con.execute("SELECT path FROM articles").fetchall()
    counts: dict[str, int] = {}
    for (path,) in rows:
        counts[Path(path or "").name] = counts.get(Path(path or "").name, 0) + 1
    return counts


def run_kind(folder: Path, expect: str, timeout: float) -> KindResult:
    """Ingest one kind's folder in its own process; check each file's outcome."""
    res = KindResult(folder.name, expect)
    files = sorted(p.name for p in folder.iterdir() if p.is_file())
    res.inputs = len(files)
    db = folder.parent / f"{folder.name}.db"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    cmd = [sys.executable, "-m", "newsledger.cli", "ingest", str(folder), "--db", str(db)]
    start = time.monotonic()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, env=env)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            res.hang = True
            proc.kill()
            proc.wait()
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    res.seconds = time.monotonic() - start
    res.tracebacks = stderr.count("Traceback (most recent call last)") + stderr.count("unexpected error")
    lines: dict[str, int] = {}
    for line in stderr.splitlines():
        if line.startswith(("error: ", "skipped: ")):
            name = line.split(" ", 1)[1].split(":", 1)[0]
            lines[Path(name).name] = lines.get(Path(name).name, 0) + 1
    stored = _stored_paths(db)
    for name in files:
        n_lines, n_stored = lines.get(name, 0), stored.get(name, 0)
        res.articles += n_stored
        res.stored_files += int(n_stored > 0)
        res.rejected += int(n_lines == 1)
        if n_lines > 1:
            res.too_many_lines.append(name)
        if expect == "good" and (n_stored == 0 or n_lines):
            res.good_lost.append(name)
        if expect == "bad" and n_stored:
            res.bad_stored.append(name)
        if not n_stored and not n_lines:
            res.silent.append(name)
    return res


def _max_child_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def run_corpus(out: Path, timeout: float) -> list[KindResult]:
    results = []
    for kind in KINDS:
        before = _max_child_rss_mb()
        res = run_kind(out / kind.name, kind.expect, timeout)
        res.peak_rss_mb = max(_max_child_rss_mb(), before)  # ru_maxrss is the largest child so far
        results.append(res)
    return results


def summary(results: list[KindResult]) -> dict[str, object]:
    return {
        "inputs": sum(r.inputs for r in results),
        "stored_files": sum(r.stored_files for r in results),
        "articles": sum(r.articles for r in results),
        "rejected_one_line": sum(r.rejected for r in results),
        "too_many_lines": sum(len(r.too_many_lines) for r in results),
        "good_lost": sum(len(r.good_lost) for r in results),
        "bad_stored": sum(len(r.bad_stored) for r in results),
        "silent": sum(len(r.silent) for r in results),
        "tracebacks": sum(r.tracebacks for r in results),
        "hangs": sum(r.hang for r in results),
        "peak_rss_mb": round(max((r.peak_rss_mb for r in results), default=0.0), 1),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--total", type=int, default=11000, help="inputs to generate (default 11,000)")
    ap.add_argument("--scale", type=float, default=1.0, help="multiply --total (0.03: a quick sample)")
    ap.add_argument("--seed", type=int, default=16)
    ap.add_argument(
        "--timeout", type=float, default=600.0, help="seconds per kind before it counts as a hang"
    )
    ap.add_argument("--dir", help="write the corpus here (default: a temporary folder, removed after)")
    ap.add_argument("--json", action="store_true", help="print the counts as JSON")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="nl-fuzz-") as tmp:
        out = Path(args.dir) if args.dir else Path(tmp)
        generated = generate(out, max(len(KINDS) * 2, int(args.total * args.scale)), args.seed)
        results = run_corpus(out, args.timeout)
    total = summary(results)
    if args.json:
        print(json.dumps({"kinds": [r.__dict__ for r in results], "total": total}, indent=1))
    else:
        print(f"{'kind':22} {'expect':6} {'inputs':>6} {'stored':>6} {'1-line':>6} {'>1line':>6} "
              f"{'silent':>6} {'lost':>5} {'tb':>3} {'hang':>4} {'secs':>6} {'rss MB':>7}")  # fmt: skip
        for r in results:
            print(f"{r.name:22} {r.expect:6} {r.inputs:6} {r.stored_files:6} {r.rejected:6} "
                  f"{len(r.too_many_lines):6} {len(r.silent):6} {len(r.good_lost) + len(r.bad_stored):5} "
                  f"{r.tracebacks:3} {int(r.hang):4} {r.seconds:6.1f} {r.peak_rss_mb:7.0f}")  # fmt: skip
        print("total:", ", ".join(f"{k}={v}" for k, v in total.items()))
    del generated
    bad = total["tracebacks"] or total["hangs"] or total["too_many_lines"] or total["good_lost"]
    return 1 if bad or total["bad_stored"] or total["silent"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
