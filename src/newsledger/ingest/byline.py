"""Bylines and wire credit lines: who wrote a story and for which outlet.

A byline is "By <names>[, <job title>][, <outlet>][ | <date>]". Its comma and "and"
separated parts are read one by one: a part ending in a job-title noun ("Staff Reporter",
"Foreign News Reporter") is dropped; a part that names a news organisation (starts with
"The", holds an outlet word such as Agency/Press/Herald, is a known wire such as Reuters,
or follows "for") is the outlet; a part made of capitalised name tokens is an author. If
any part is none of these ("By Tuesday, the ferry had left."), the line is not a byline.
The vocabulary lives in ``data/debris.yaml`` (key ``header``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from newsledger.data import alternation, load_yaml

_NAME_TOKEN = re.compile(r"[A-ZÀ-ÖØ-Þ][\w.'’-]*")
_ACRONYM = re.compile(r"[A-Z]{2,6}")
_WORD = re.compile(r"\w+(?:[-'’.]\w+)*")
_CALENDAR: dict[str, Any] = load_yaml("calendar.yaml")
_BYLINES: dict[str, Any] = load_yaml("bylines.yaml")
_NAME_PARTICLES = frozenset(str(w) for w in load_yaml("names.yaml")["particles"])  # von, bin, ...
# Capitalised words that start sentences, not names: "By Tuesday, ...", "By The time ...".
_NOT_NAMES = frozenset(str(w) for key in ("months", "weekdays") for w in _CALENDAR[key]) | frozenset(
    str(w) for w in _BYLINES["not_names"]
)
_SMALL = frozenset(str(w) for w in _BYLINES["small"])
_SEGMENT_SPLIT = re.compile(r"\s*(?:\||·|•|\s[–—-]\s)\s*")
_BY = re.compile(r"(?:by|words by|written by|story by)\s+(?P<rest>.+)$", re.IGNORECASE)
_TAIL = re.compile(r"\s+(?i:published|updated|posted|last updated)\b.*$")
_FOR = re.compile(r"\s+for\s+(?=[A-Z])")
_PLACE = re.compile(r"\s+(?:in|at|from)\s+[A-Z][\w.'’ -]*$")
_CREDIT_PART = re.compile(
    rf"^(?P<role>(?:additional\s+)?(?:{alternation(_BYLINES['credit_roles'])}))\s+by\s+(?P<names>.+)$",
    re.IGNORECASE,
)
_AUTHOR_ROLES = ("reporting", "writing", "written", "reported", "additional")


@dataclass(frozen=True)
class Byline:
    """What a byline says: the authors, the outlet, and its other parts (dates, places)."""

    authors: tuple[str, ...]
    outlet: str | None = None
    rest: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Vocab:
    job_titles: frozenset[str]
    outlet_words: frozenset[str]
    wires: frozenset[str]


@lru_cache(maxsize=1)
def _vocab() -> _Vocab:
    header = load_yaml("debris.yaml")["header"]
    return _Vocab(
        job_titles=frozenset(str(w).lower() for w in header["job_titles"]),
        outlet_words=frozenset(str(w).lower() for w in header["outlet_words"]),
        wires=frozenset(str(w).lower() for w in header["wires"]),
    )


def _tokens(text: str) -> list[str]:
    return text.replace("’s", "").replace("'s", "").split()


def title_case(text: str, max_tokens: int = 6) -> bool:
    """Every word capitalised (small words such as "of", "the" aside), at most ``max_tokens``."""
    tokens = _tokens(text)
    if not 1 <= len(tokens) <= max_tokens:
        return False
    if not tokens[0][:1].isupper() and not tokens[0][:1].isdigit():
        return False
    return all(t[:1].isupper() or t[:1].isdigit() or t.lower() in _SMALL for t in tokens)


def is_job_title(text: str) -> bool:
    """ "Staff Reporter", "Foreign News Reporter", "Senior Correspondent"."""
    tokens = _tokens(text)
    return bool(tokens) and len(tokens) <= 5 and tokens[-1].lower().strip(".") in _vocab().job_titles


def is_outlet_name(text: str) -> bool:
    """A news organisation's name: "The Daily Clarion", "Continental Press Agency", "Reuters"."""
    vocab = _vocab()
    text = text.strip()
    if not title_case(text):
        return False
    tokens = [t.lower().strip(".,") for t in _tokens(text)]
    if len(tokens) == 1:
        return tokens[0] in vocab.wires or bool(_ACRONYM.fullmatch(text))
    if tokens[0] == "the":
        return True
    return any(t in vocab.outlet_words or t in vocab.wires for t in tokens)


def is_person_name(text: str) -> bool:
    """1 to 5 capitalised name tokens (particles such as "van", "al" allowed)."""
    tokens = text.split()
    if not 1 <= len(tokens) <= 5:
        return False
    for tok in tokens:
        if tok.casefold() in _NAME_PARTICLES:
            continue
        if not _NAME_TOKEN.fullmatch(tok) or tok.strip(".").casefold() in _NOT_NAMES:
            return False
    return True


def parse_byline(text: str) -> Byline | None:
    """The parts of a stand-alone byline, or None when ``text`` is not one.

    "By Anna Keller and Ruslan Dvorak, Continental Press Agency" -> authors (Anna Keller,
    Ruslan Dvorak), outlet Continental Press Agency; "By Gary Pennock, Foreign News
    Reporter, The Daily Clarion" -> (Gary Pennock,), The Daily Clarion; "By Lauren
    Mitchell | March 14, 2025, 6:45 p.m." -> (Lauren Mitchell,), rest ("March 14, ...",).
    """
    m = _BY.match(text.strip())
    if m is None:
        return None
    segments = [s for s in _SEGMENT_SPLIT.split(m.group("rest")) if s.strip()]
    if not segments:
        return None
    head = _TAIL.sub("", segments[0]).strip(" ,;")
    rest = tuple(s.strip() for s in segments[1:])
    if not head or len(_WORD.findall(head)) > 20:
        return None
    outlet: str | None = None
    parts = _FOR.split(head, maxsplit=1)
    if len(parts) == 2:
        head, candidate = parts[0], _PLACE.sub("", parts[1]).strip(" ,")
        if not title_case(candidate):
            return None
        outlet = candidate
    authors: list[str] = []
    titles = 0
    pieces = [p.strip() for p in re.split(r",\s*|;\s*|\s+(?:and|&)\s+", head) if p.strip()]
    if not pieces or len(pieces) > 8:
        return None
    for i, piece in enumerate(pieces):
        piece = _PLACE.sub("", piece).strip()
        if not piece:
            continue
        starts_the = piece.split()[0] == "The"
        if is_job_title(piece) and not starts_the:
            titles += 1
        elif is_outlet_name(piece) and (i > 0 or len(piece.split()) == 1 or starts_the):
            outlet = outlet or piece
        elif i > 0 and len(piece.split()) == 1:
            continue  # "By Ann Lee, Tolmin": a place
        elif is_person_name(piece):
            authors.append(piece)
        else:
            return None
    if not authors and outlet is None and not titles:
        return None
    return Byline(authors=tuple(dict.fromkeys(authors)), outlet=outlet, rest=rest)


def credit_line(text: str) -> tuple[str, ...] | None:
    """A wire credit line's reporters, or None when ``text`` is not one.

    "(Reporting by Ann Lee in Tolmin and Bo Park; Editing by Cy Dunn)" -> (Ann Lee, Bo Park).
    Every part must be "<role> by <names>" with real names, so a sentence such as
    "Reporting by the agency could not be verified." is not a credit line.
    """
    inner = text.strip()
    if inner.startswith("(") and inner.endswith(")"):
        inner = inner[1:-1]
    inner = inner.strip().rstrip(".")
    if not inner or len(inner) > 300:
        return None
    reporters: list[str] = []
    for part in re.split(r"\s*;\s*", inner):
        m = _CREDIT_PART.match(part.strip())
        if m is None:
            return None
        names: list[str] = []
        for piece in re.split(r",\s*|\s+(?:and|&)\s+", m.group("names")):
            piece = _PLACE.sub("", piece.strip()).strip()
            if not piece:
                continue
            if not is_person_name(piece):
                return None
            names.append(piece)
        if not names:
            return None
        if m.group("role").split()[0].lower() in _AUTHOR_ROLES:
            reporters.extend(n for n in names if n not in reporters)
    return tuple(reporters)
