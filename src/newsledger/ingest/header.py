"""Metadata from the header lines of a plain-text scrape: published, outlet, authors, dateline.

A scraped story usually opens with a few short lines before the body: the headline,
a byline, a date line, a masthead ("Outlet | Section | date | Views: N"). The header
is the run of paragraphs from the top (at most ``header.max_lines`` after the headline)
that ends at the first body paragraph: one that the debris rules keep and that is not
headline-like. Only structured lines in it are read:

- **bylines** ("By A and B, Outlet", "By A, Job Title, Outlet", "By A | date"): authors
  and outlet (``ingest/byline.py``), and any date after a separator;
- **mastheads** (pipe-separated lines): the first part is the outlet when it is title
  case, not a section name and not a date; dates in the other parts;
- **date lines** ("March 4, 2025 2:32 PM GMT  Updated 4 hours ago", "Published: 09:14,
  7 March 2025 | Updated: ..."): the first date that no "Updated"-type label governs.

``published`` is the first such date in reading order, never a relative stamp. The first
body paragraph may open with a wire dateline ("KORVASK, March 11 (CPA) - "): its place
and the outlet abbreviation in brackets are returned separately, never as the outlet
(the bracket may name the wire whose copy another outlet runs).
Explicit metadata (JSON Lines keys, a sidecar file, HTML meta) always wins over these.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from newsledger.data import load_yaml
from newsledger.ingest import byline as bylines
from newsledger.ingest import debris
from newsledger.ingest.dates import find_dates, is_date_line, labelled_dates

_DATELINE = re.compile(
    r"^(?P<place>[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’.\- ]*[A-ZÀ-ÖØ-Þ.]"
    r"(?:,\s+[A-Z][^\W\d][^\W\d.'’\- ]*(?:[.'’\- ]+[^\W\d]+)*)?)"  # "KHARKIV, Ukraine": no digits
    r"(?:,\s+(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2}))?"
    r"\s*(?:\((?P<source>[^()]{1,40})\))?\s*[-–—]{1,2}\s+(?=\S)"
)


@dataclass(frozen=True)
class HeaderMeta:
    """What the header lines of a scrape say about the article."""

    published: str | None = None
    outlet: str | None = None
    authors: tuple[str, ...] = ()
    dateline_place: str | None = None
    dateline_source: str | None = None


@lru_cache(maxsize=1)
def _config() -> tuple[int, frozenset[str]]:
    header = load_yaml("debris.yaml")["header"]
    return int(header["max_lines"]), frozenset(str(s).lower() for s in header["sections"])


def masthead_outlet(text: str) -> str | None:
    """The outlet named first in a masthead line ("Dunmere Herald | Regional news | ...")."""
    if not debris.is_masthead(text):
        return None
    first = debris.patterns().masthead.split(text.strip())[0].strip()
    _, sections = _config()
    if (
        not first
        or first.lower() in sections
        or find_dates(first)
        or debris.line_kind_simple(first)
        or bylines.parse_byline(first) is not None
        or not bylines.title_case(first)
    ):
        return None
    return first


def dateline(text: str) -> tuple[str | None, str | None]:
    """``(place, source)`` of a wire dateline opening a paragraph: "KORVASK, March 11 (CPA) - "."""
    m = _DATELINE.match(text)
    if m is None:
        return None, None
    place = m.group("place").strip()
    first_word = place.split(",")[0].split()[0]
    if sum(c.isupper() for c in first_word) < 2:  # "HOLMIVKA", not "He - ..."
        return None, None
    source = m.group("source")
    return place, source.strip() if source else None


def _is_body(text: str) -> bool:
    return not debris.paragraph_kind(text) and not debris.headline_like(text)


def header_zone(paragraphs: Sequence[str]) -> tuple[list[str], str | None]:
    """The header paragraphs (after a headline) and the first body paragraph, if reached."""
    max_lines, _ = _config()
    start = 1 if len(paragraphs) >= 2 and debris.title_like(paragraphs[0]) else 0
    zone: list[str] = []
    for para in paragraphs[start : start + max_lines + 1]:
        if _is_body(para) and not debris.is_masthead(para):
            return zone, para
        zone.append(para)
    return zone[:max_lines], None


def parse_header(paragraphs: Sequence[str]) -> HeaderMeta:
    """Published date, outlet, authors and dateline from a scrape's opening paragraphs."""
    zone, body = header_zone(paragraphs)
    published: str | None = None
    outlet: str | None = None
    authors: list[str] = []
    for para in zone:
        dates_in: list[str] = []
        parsed = bylines.parse_byline(para)
        if parsed is not None:
            authors.extend(a for a in parsed.authors if a not in authors)
            outlet = outlet or parsed.outlet
            dates_in = list(parsed.rest)
        elif debris.is_masthead(para) or is_date_line(para):
            outlet = outlet or masthead_outlet(para)
            dates_in = [para]
        for text in dates_in:
            for found, updated in labelled_dates(text):
                if not updated and published is None:
                    published = found.iso
    place, source = dateline(body) if body is not None else (None, None)
    return HeaderMeta(
        published=published,
        outlet=outlet,
        authors=tuple(authors),
        dateline_place=place,
        dateline_source=source,
    )
