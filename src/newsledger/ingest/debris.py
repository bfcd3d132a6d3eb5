"""Split scraped article text into body, page debris and reader comments.

Works on paragraphs (the unit every scraper keeps). Each paragraph is either kept,
or removed with a kind (``boilerplate``, ``related``, ``caption``, ``comment``); nothing
is thrown away. The patterns live in ``data/debris.yaml``; the rules here are:

1. Line rules: a paragraph that is entirely a known debris line ("ADVERTISEMENT",
   "Read More", "0 I like it", "Post a Comment"), a row of such items with or without
   separators ("0 I like it 0 I don't like it"), a breadcrumb, a stand-alone byline
   (``ingest/byline.py``), a wire credit line ("(Reporting by ...; Editing by ...)"), a
   line of only dates, times and their labels ("March 4, 2025 2:32 PM GMT Updated 4
   hours ago"), a masthead ("Outlet | Section | 05.03.2025, 11:20 | Views: 18 304"),
   share buttons ("Share on Facebook Share on X Email this story"). A bare share
   target ("Facebook", "X") is removed only next to other share buttons.
2. Short-paragraph rules: newsletter and subscription pitches, support and donation
   appeals, channel promotion, translation notes about the text itself, photo credits,
   "Related: <headline>" links.
3. Caption grammar: "<subject> is pictured/seen/shown ..." in the first sentence,
   with an absolute date, a day or a position in the frame ("on the left"); or a
   one-sentence paragraph "<subject> is pictured/photographed ...".
4. Lists: short headline-like lines after a "Read more"/"Most read" header are related links.
5. The reader-comment tail: near the end of a scrape, a comments header ("Comments",
   "Join the conversation") or a truncation marker ("...", "» …") opens a region whose
   content paragraphs are comments when a comments header or comment chrome follows,
   or when they speak in the first person outside quotation marks.
6. Repeats: a duplicated headline, a repeated paragraph, and a pull quote (a short
   paragraph contained in another paragraph) are removed as boilerplate.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from newsledger.contract import Comment, Removed
from newsledger.data import alternation, load_yaml
from newsledger.ingest import byline as bylines
from newsledger.ingest.dates import find_dates, is_date_line

DATA_FILE = "debris.yaml"

KEEP = ""
BOILERPLATE = "boilerplate"
RELATED = "related"
CAPTION = "caption"
COMMENT = "comment"

_SPACES = re.compile(r"[\s\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
_TERMINAL = re.compile(r"[.!?…:;\"”’')\]]$")
_WORD = re.compile(r"\w+(?:[-'’.]\w+)*")
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|‘[^’]*’(?!\w)")
_NORM_DROP = re.compile(r"[^\w\s]")
_SENTENCE_END = re.compile(r"[.!?](?=\s+[A-Z“\"]|$)")
_TABLE_ROW = re.compile(r"\|.*\|")  # a table row as trafilatura writes it
_SUBHEADING_WORDS = 5
_ABBREVIATION = re.compile(
    rf"(?:\b(?:{alternation(load_yaml(DATA_FILE)['abbreviations'])})"  # data/debris.yaml
    r"|\b[A-Z])$"
)


@dataclass(frozen=True)
class Cleaned:
    """The result of splitting one text: kept paragraphs plus everything removed."""

    paragraphs: tuple[str, ...]
    title: str | None = None
    authors: tuple[str, ...] = ()
    removed: tuple[Removed, ...] = ()
    comments: tuple[Comment, ...] = ()
    outlet: str | None = None  # from a byline ("By Ann Lee, The Morrow Ledger")

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


@dataclass(frozen=True)
class _Patterns:
    lines: tuple[tuple[str, re.Pattern[str]], ...]
    related_prefix: tuple[re.Pattern[str], ...]
    pitches: tuple[re.Pattern[str], ...]
    credits: tuple[re.Pattern[str], ...]
    pictured: tuple[re.Pattern[str], ...]
    pictured_context: tuple[re.Pattern[str], ...]
    pictured_alone: tuple[re.Pattern[str], ...]
    sequence: tuple[re.Pattern[str], ...]
    share_items: tuple[re.Pattern[str], ...]
    share_target: re.Pattern[str]
    masthead: re.Pattern[str]
    comment_headers: tuple[re.Pattern[str], ...]
    truncation_line: tuple[re.Pattern[str], ...]
    truncation_suffix: tuple[re.Pattern[str], ...]
    reader_voice: tuple[re.Pattern[str], ...]
    comment_time: tuple[re.Pattern[str], ...]
    comment_intro: tuple[re.Pattern[str], ...]
    breadcrumb: re.Pattern[str]
    max_words: int


def _compile(items: Any, flags: int = re.IGNORECASE) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(str(p), flags) for p in (items or ()))


@lru_cache(maxsize=1)
def patterns() -> _Patterns:
    """The compiled patterns of ``data/debris.yaml`` (loaded once)."""
    data = load_yaml(DATA_FILE)
    lines = tuple((kind, pat) for kind, items in data["lines"].items() for pat in _compile(items))
    return _Patterns(
        lines=lines,
        related_prefix=_compile(data["related_prefix"]),
        pitches=_compile(data["pitches"]["boilerplate"]),
        credits=_compile(data["captions"]["credit"]),
        pictured=_compile(data["captions"]["pictured"]),
        pictured_context=_compile(data["captions"]["pictured_context"]),
        pictured_alone=_compile(data["captions"]["pictured_alone"]),
        sequence=_closed_items(data["lines"]["boilerplate"]),
        share_items=_share_items(data["share_targets"]),
        share_target=re.compile("|".join(f"(?:{t})" for t in data["share_targets"]), re.IGNORECASE),
        masthead=re.compile(str(data["masthead_separators"])),
        comment_headers=_compile(data["comment_headers"]),
        truncation_line=_compile(data["truncation"]["line"]),
        truncation_suffix=_compile(data["truncation"]["suffix"]),
        reader_voice=_compile(data["reader_voice"], 0),
        comment_time=_compile(data["comment_time"]),
        comment_intro=_compile(data["comment_intro"]),
        breadcrumb=re.compile(str(data["breadcrumb_separators"])),
        max_words=int(data["max_words"]),
    )


def _closed_items(items: Any) -> tuple[re.Pattern[str], ...]:
    """Line patterns usable as items of a run ("0 I like it 0 I don't like it").

    Patterns with an open-ended ``.{m,n}`` tail are left out: they would swallow the rest.
    """
    closed = [str(p) for p in items if ".{" not in str(p) and ".*" not in str(p)]
    return tuple(re.compile(f"(?:{p})(?![\\w'’-])", re.IGNORECASE) for p in closed)


def _share_items(targets: Any) -> tuple[re.Pattern[str], ...]:
    """One share button each: "Share on Facebook", "Email this story", "Share:", "X"."""
    names = [n for group in targets for n in str(group).split("|")]
    target = "|".join(f"(?:{n})" for n in sorted(names, key=len, reverse=True))
    forms = [
        rf"(?:share|post|tweet|send|pin)\s+(?:(?:this|the)\s+(?:article|story|page|link)\s+)?"
        rf"(?:on|to|via|by|with)\s+(?:{target})",
        r"(?:e-?mail|print|save|share|send|copy)\s+(?:this|the)\s+(?:article|story|page|link)",
        r"share(?:\s+this(?:\s+(?:article|story|page))?)?\s*:?",
        *names,
    ]
    return tuple(re.compile(f"(?:{f})(?![\\w'’-])", re.IGNORECASE) for f in forms)


_RUN_SEPARATOR = re.compile(r"\s*[·|•,/]?\s*")


def covered_by_items(text: str, items: Sequence[re.Pattern[str]], min_items: int = 1) -> bool:
    """Whether ``text`` is a run of at least ``min_items`` items, with spaces or ·|•,/ between.

    Dynamic programming over positions (each item pattern tried once per position), so a
    long line cannot make the matcher backtrack exponentially.
    """
    n = len(text)
    best = [-1] * (n + 1)
    best[0] = 0
    for pos in range(n + 1):
        if best[pos] < 0:
            continue
        for pat in items:
            m = pat.match(text, pos)
            if m is None or m.end() == pos:
                continue
            count = best[pos] + 1
            if m.end() == n:
                if count >= min_items:
                    return True
                continue
            nxt = _RUN_SEPARATOR.match(text, m.end())
            if nxt is not None and nxt.end() > m.end() and count > best[nxt.end()]:
                best[nxt.end()] = count
    return False


# --- paragraphs -------------------------------------------------------------------------


def normalise_paragraph(text: str) -> str:
    """One paragraph with invisible characters dropped and runs of spaces collapsed."""
    return _SPACES.sub(" ", _INVISIBLE.sub("", text)).strip()


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs of a plain-text scrape.

    Blank lines separate blocks. Inside a block each line is a paragraph (scrapers
    write one paragraph per line), unless the block is hard-wrapped prose (long lines
    of similar width that mostly end mid-sentence), whose lines are joined.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    out: list[str] = []
    for block in re.split(r"\n[ \t\u00a0]*\n", text):
        lines = [normalise_paragraph(line) for line in block.split("\n")]
        lines = [line for line in lines if line]
        if not lines:
            continue
        if _hard_wrapped(lines):
            out.append(" ".join(lines))
        else:
            out.extend(lines)
    return out


def _hard_wrapped(lines: Sequence[str]) -> bool:
    if len(lines) < 3:
        return False
    body = lines[:-1]
    widths = [len(line) for line in body]
    if min(widths) < 45 or max(widths) > 100:
        return False
    open_ended = sum(1 for line in body if not _TERMINAL.search(line))
    return open_ended >= 0.6 * len(body)


def normalise_for_match(text: str) -> str:
    """Case-folded text without punctuation, for spotting repeats ('Go' vs ‘Go’)."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(_NORM_DROP.sub(" ", text).split())


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


# --- single-paragraph rules -------------------------------------------------------------


def _full(pats: Sequence[re.Pattern[str]], text: str) -> bool:
    return any(p.fullmatch(text) for p in pats)


def _search(pats: Sequence[re.Pattern[str]], text: str) -> bool:
    return any(p.search(text) for p in pats)


def line_kind(text: str) -> str:
    """The debris kind of a whole paragraph by the line rules, or ``KEEP``."""
    pats = patterns()
    stripped = text.strip().strip("•·|").strip()
    for kind, pat in pats.lines:
        if pat.fullmatch(stripped):
            return kind
    parts = [p for p in re.split(r"\s*[·|•]\s*", stripped) if p]
    if len(parts) >= 2 and all(any(pat.fullmatch(p) for _, pat in pats.lines) for p in parts):
        return BOILERPLATE
    if is_comment_header(stripped) or _is_breadcrumb(stripped) or byline_authors(stripped) is not None:
        return BOILERPLATE
    if bylines.credit_line(stripped) is not None:
        return BOILERPLATE
    if word_count(stripped) <= 20 and covered_by_items(stripped, pats.sequence, min_items=2):
        return BOILERPLATE
    if is_share_line(stripped) and not _single_share_target(stripped):
        return BOILERPLATE
    if is_date_line(stripped) or is_masthead(stripped):
        return BOILERPLATE
    return KEEP


def is_share_line(text: str) -> bool:
    """Share buttons only: "Share on Facebook Share on X Email this story", "Facebook", "X"."""
    return word_count(text) <= 24 and covered_by_items(text.strip(), patterns().share_items)


def _single_share_target(text: str) -> bool:
    return patterns().share_target.fullmatch(text.strip()) is not None


def is_masthead(text: str) -> bool:
    """A short header line of pipe-separated parts: outlet, section, date, views.

    "Korvask Free Voice | English version | 05.03.2025, 11:20 | Views: 18 304",
    "The Westbrook Chronicle | Health". Every part is short and not a sentence, and the
    line holds a date or a counter, or its first part names an outlet.
    """
    parts = [p.strip() for p in patterns().masthead.split(text.strip()) if p.strip()]
    if len(parts) < 2 or word_count(text) > 30:
        return False
    dated = bool(find_dates(text))
    for part in parts:
        if line_kind_simple(part) or find_dates(part):
            continue
        if word_count(part) > 6 or _TERMINAL.search(part):
            return False
    return dated or any(line_kind_simple(p) for p in parts[1:]) or bylines.is_outlet_name(parts[0])


def line_kind_simple(text: str) -> str:
    """The kind of ``text`` by the whole-line patterns alone (no composite rules)."""
    for kind, pat in patterns().lines:
        if pat.fullmatch(text.strip()):
            return kind
    return KEEP


def _is_breadcrumb(text: str) -> bool:
    parts = patterns().breadcrumb.split(text)
    if len(parts) < 2 or word_count(text) > 10:
        return False
    return all(0 < word_count(p) <= 4 and not _TERMINAL.search(p) for p in parts)


def byline_authors(text: str) -> tuple[str, ...] | None:
    """Authors of a stand-alone byline ("By Ann Lee and Bo Park in Tolmin"), else None.

    A byline naming only an outlet or a job title gives ``()``; see ``ingest/byline.py``.
    """
    parsed = bylines.parse_byline(text)
    return None if parsed is None else parsed.authors


def is_comment_header(text: str) -> bool:
    return _full(patterns().comment_headers, text.strip())


def is_truncation_line(text: str) -> bool:
    return _full(patterns().truncation_line, text.strip())


def split_truncation_suffix(text: str) -> tuple[str, str]:
    """``(paragraph, marker)``: a trailing "» …" or "[…]" cut off the paragraph."""
    for pat in patterns().truncation_suffix:
        m = pat.search(text)
        if m and m.start() > 0:
            return text[: m.start()].rstrip(), m.group(0).strip()
    return text, ""


def is_caption(text: str) -> bool:
    """Photo captions and credits (see module docstring, rule 3)."""
    pats = patterns()
    if word_count(text) <= pats.max_words and _search(pats.credits, text):
        return True
    first = first_sentence(text)
    if _search(pats.pictured, first) and _search(pats.pictured_context, first):
        return True
    # one sentence, nothing else: "<subject> is pictured at ... on Thursday."
    return first == text and word_count(text) <= 40 and _search(pats.pictured_alone, text)


def first_sentence(text: str) -> str:
    """The first sentence of a paragraph; a full stop after "Dr", "Gen" or an initial is no end."""
    for m in _SENTENCE_END.finditer(text):
        if m.group(0) == "." and _ABBREVIATION.search(text[: m.start()]):
            continue
        return text[: m.end()]
    return text


def paragraph_kind(text: str) -> str:
    """The debris kind of one paragraph on its own (rules 1-3), or ``KEEP``."""
    kind = line_kind(text)
    if kind:
        return kind
    pats = patterns()
    short = word_count(text) <= pats.max_words
    if short and _search(pats.pitches, text):
        return BOILERPLATE
    if is_caption(text):
        return CAPTION
    if short and word_count(text) <= 30 and any(p.match(text) for p in pats.related_prefix):
        return RELATED
    return KEEP


def reader_voice(text: str) -> bool:
    """First person outside quotation marks: a reader speaking, not a reporter."""
    return _search(patterns().reader_voice, _QUOTED.sub(" ", text))


def headline_like(text: str) -> bool:
    """Short, no sentence-final full stop: how headlines and link texts look."""
    words = word_count(text)
    return 0 < words <= 20 and len(text) <= 200 and not re.search(r"[.:;,]$", text)


def title_like(text: str) -> bool:
    """A first line that can be the headline: 3 to 30 words, not ending like a sentence, a label
    or a bare wire dateline ("LONDON, March 3 (CPA) -"), and no debris (byline, date line, masthead,
    share or ad line: ``paragraph_kind``)."""
    return (
        3 <= word_count(text) <= 30
        and len(text) <= 250
        and not re.search(r"[.:;,\-–—|>]$", text)
        and not paragraph_kind(text)
    )


def _comment_time(text: str) -> bool:
    return _full(patterns().comment_time, text.strip())


# --- whole-text splitting ---------------------------------------------------------------


def clean_text(text: str, *, title: str | None = None, detect_title: bool = True) -> Cleaned:
    """Split a plain-text scrape into body paragraphs, removed debris and comments.

    With ``detect_title``, a short headline-like first line becomes the title and stays
    in the text as the first paragraph. A given ``title`` (from metadata) is not kept in
    the text: a paragraph repeating it is removed as boilerplate.
    """
    paragraphs = split_paragraphs(text)
    keep_title = False
    if title is None and detect_title and len(paragraphs) >= 2 and title_like(paragraphs[0]):
        title = paragraphs[0]
        keep_title = True
    return clean_paragraphs(paragraphs, title=title, keep_title=keep_title)


def clean_paragraphs(
    paragraphs: Sequence[str], *, title: str | None = None, keep_title: bool = False, structured: bool = False
) -> Cleaned:
    """The core splitter over already-separated paragraphs (rules 1-6).

    ``structured``: the paragraphs come from an HTML extractor that kept the page's structure
    (trafilatura). There a table row ("| Region | 4.2 |") is content, not a masthead, and a short
    line that repeats ("Pros", "Cons", "Step 1") is a subheading, not a duplicated paragraph;
    and the reader-comment tail is not looked for by its text header (rule 5): the comment
    sections were taken out of the page by their markup before extraction, and a heading such as
    "Discussion" is a section of the article there. Measured on real pages
    (benchmarks/eval_real.py), these removals cost more body than the debris they caught.
    """
    paras = [normalise_paragraph(p) for p in paragraphs]
    paras = [p for p in paras if p]
    kinds = [KEEP if structured and _TABLE_ROW.fullmatch(p) else paragraph_kind(p) for p in paras]
    extra: dict[int, list[Removed]] = {}
    marker_at = _strip_markers(paras, kinds, extra)
    _related_lists(paras, kinds)
    _share_runs(paras, kinds)
    authors: list[str] = []
    outlet: str | None = None
    for p, k in zip(paras, kinds, strict=True):
        parsed = bylines.parse_byline(p) if k == BOILERPLATE else None
        if parsed is not None:
            authors.extend(n for n in parsed.authors if n not in authors)
            outlet = outlet or parsed.outlet
    if not authors:  # a wire credit line at the end: "(Reporting by Ann Lee; Editing by ...)"
        for p, k in zip(paras, kinds, strict=True):
            if k == BOILERPLATE:
                authors.extend(n for n in bylines.credit_line(p) or () if n not in authors)
    comment_authors = {} if structured else _comment_tail(paras, kinds, marker_at)
    _repeats(paras, kinds, title, keep_title, _SUBHEADING_WORDS if structured else 0)

    kept: list[str] = []
    removed: list[Removed] = []
    comments: list[Comment] = []
    for i, (p, k) in enumerate(zip(paras, kinds, strict=True)):
        if k == KEEP:
            kept.append(p)
        elif k == COMMENT:
            comments.append(Comment(text=p, author=comment_authors.get(i)))
            removed.append(Removed(text=p, kind=COMMENT))
        else:
            removed.append(Removed(text=p, kind=k))
        removed.extend(extra.get(i, ()))
    return Cleaned(
        paragraphs=tuple(kept),
        title=title,
        authors=tuple(authors),
        removed=tuple(removed),
        comments=tuple(comments),
        outlet=outlet,
    )


def _share_runs(paras: list[str], kinds: list[str]) -> None:
    """A bare share-target name ("Facebook", "X") next to other share buttons is one too."""
    for i, p in enumerate(paras):
        if kinds[i] != KEEP or not _single_share_target(p):
            continue
        near = [j for j in (i - 1, i + 1) if 0 <= j < len(paras)]
        if any(is_share_line(paras[j]) for j in near):
            kinds[i] = BOILERPLATE
    # a run of bare names is marked from both ends: repeat once for runs longer than two
    for i in reversed(range(len(paras))):
        if kinds[i] == KEEP and _single_share_target(paras[i]):
            near = [j for j in (i - 1, i + 1) if 0 <= j < len(paras)]
            if any(kinds[j] == BOILERPLATE and is_share_line(paras[j]) for j in near):
                kinds[i] = BOILERPLATE


def _strip_markers(paras: list[str], kinds: list[str], extra: dict[int, list[Removed]]) -> int | None:
    """Cut trailing "» …" markers off paragraphs; the index of the first marker, if any."""
    first: int | None = None
    for i, p in enumerate(paras):
        if is_truncation_line(p):
            kinds[i] = BOILERPLATE
            first = i if first is None else first
            continue
        body, marker = split_truncation_suffix(p)
        if marker:
            paras[i] = body
            extra.setdefault(i, []).append(Removed(text=marker, kind=BOILERPLATE))
            first = i if first is None else first
    return first


def _related_lists(paras: list[str], kinds: list[str]) -> None:
    """Headline-like lines right after a related-links header are related links."""
    in_list = False
    for i, p in enumerate(paras):
        if kinds[i] == RELATED and line_kind(p) == RELATED:
            in_list = True
            continue
        if in_list and kinds[i] == KEEP and headline_like(p) and not reader_voice(p):
            kinds[i] = RELATED
            continue
        if kinds[i] == KEEP:
            in_list = False


def _comment_tail(paras: list[str], kinds: list[str], marker_at: int | None) -> dict[int, str]:
    """Mark reader comments at the end of a scrape (rule 5); returns authors by index."""
    total = sum(len(p) for p in paras) or 1
    before = 0
    header_at: int | None = None
    positions: list[int] = []
    for p in paras:
        positions.append(before)
        before += len(p)
    for i, p in enumerate(paras):
        if is_comment_header(p) and positions[i] >= 0.5 * total:
            header_at = i
            break
    trunc_at = marker_at
    if trunc_at is not None:
        after = total - positions[trunc_at] - len(paras[trunc_at])
        if positions[trunc_at] < 0.5 * total or after > 0.4 * total:
            trunc_at = None
    authors: dict[int, str] = {}
    if header_at is None and trunc_at is None:
        return authors
    if trunc_at is not None and (header_at is None or trunc_at < header_at):
        has_header = header_at is not None or any(is_comment_header(p) for p in paras[trunc_at + 1 :])
        for i in range(trunc_at + 1, len(paras)):
            if kinds[i] == KEEP and (has_header or reader_voice(paras[i])):
                kinds[i] = COMMENT
    if header_at is not None:
        for i in range(header_at + 1, len(paras)):
            if kinds[i] == KEEP:
                kinds[i] = COMMENT
        _comment_metadata(paras, kinds, authors, header_at + 1)
    return authors


def _comment_metadata(paras: list[str], kinds: list[str], authors: dict[int, str], start: int) -> None:
    """Author and time lines inside a comment section: "Name" / "2 hours ago" / text."""
    pats = patterns()
    pending: str | None = None
    for i in range(start, len(paras)):
        if kinds[i] != COMMENT:
            continue
        p = paras[i]
        nxt = paras[i + 1] if i + 1 < len(paras) else ""
        if _comment_time(p):
            kinds[i] = BOILERPLATE
            continue
        if word_count(p) <= 5 and not _TERMINAL.search(p) and _comment_time(nxt):
            kinds[i] = BOILERPLATE
            pending = p
            continue
        for pat in pats.comment_intro:
            m = pat.match(p)
            if m and m.end() < len(p) and word_count(m.group("author")) <= 6:
                pending = m.group("author").strip()
                paras[i] = p[m.end() :].strip()
                break
        if pending:
            authors[i] = pending
            pending = None


def _repeats(paras: list[str], kinds: list[str], title: str | None, keep_title: bool, short: int = 0) -> None:
    """Duplicated headline, repeated paragraphs and pull quotes (rule 6).

    A repeated line of at most ``short`` words is kept (a subheading such as "Pros").
    """
    norms = [normalise_for_match(p) for p in paras]
    title_norm = normalise_for_match(title) if title else ""
    seen: set[str] = set()
    title_seen = False
    for i, n in enumerate(norms):
        if kinds[i] != KEEP or not n:
            continue
        if title_norm and n == title_norm:
            if keep_title and not title_seen:
                title_seen = True
                seen.add(n)
                continue
            kinds[i] = BOILERPLATE
            if not keep_title and not title_seen and i <= 3:
                # a kicker or section label above the headline
                for j in range(i):
                    if kinds[j] == KEEP and headline_like(paras[j]) and word_count(paras[j]) <= 6:
                        kinds[j] = BOILERPLATE
            title_seen = True
            continue
        if n in seen and n.count(" ") + 1 > short:
            kinds[i] = BOILERPLATE
            continue
        seen.add(n)
    body = [(i, n) for i, n in enumerate(norms) if kinds[i] == KEEP and n]
    for i, n in body:
        words = n.count(" ") + 1
        if not 6 <= words <= 60:
            continue
        padded = f" {n} "
        if any(j != i and len(m) > len(n) and padded in f" {m} " for j, m in body):
            kinds[i] = BOILERPLATE
