"""The documentation names files that exist: every relative link and every repository path in
backquotes in README.md, DEVELOPERS.md and docs/*.md (a renamed module or benchmark fails here)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", ROOT / "DEVELOPERS.md", *sorted((ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"\]\(([^)\s]+)\)")
TOP = ("src", "benchmarks", "tests", "docs", "scripts", "eval", "examples", "datasette")
CODE_PATH = re.compile(r"`((?:" + "|".join(TOP) + r")/[A-Za-z0-9_./-]+)`")


def paths_named(page: Path) -> list[str]:
    """The repository paths a page names, relative to the repository root."""
    text = page.read_text(encoding="utf-8")
    found = []
    for target in LINK.findall(text):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target) or target.startswith("#"):
            continue  # a URL or an anchor on the same page
        path = (page.parent / target.split("#", 1)[0]).resolve()
        found.append(str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path))
    found.extend(target.rstrip("/.") for target in CODE_PATH.findall(text))
    return found


def test_paths_named_finds_links_and_code_paths() -> None:
    page = ROOT / "docs" / "_probe.md"
    text = "See [a](../src/newsledger/cli.py#L1), `benchmarks/bench_scale.py`, [b](https://x.test/y)."
    try:
        page.write_text(text, encoding="utf-8")
        assert paths_named(page) == ["src/newsledger/cli.py", "benchmarks/bench_scale.py"]
    finally:
        page.unlink()


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_every_path_a_page_names_exists(page: Path) -> None:
    missing = sorted({p for p in paths_named(page) if not (ROOT / p).exists()})
    assert not missing, f"{page.relative_to(ROOT)} names files that do not exist: {missing}"
