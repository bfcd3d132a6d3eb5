"""HTML pages to RawArticle: trafilatura for the body, our own passes around it.

Before extraction, reader comments, captions and pull quotes are taken out of the
parsed page (by the class/id vocabulary in ``data/debris.yaml``, key ``html``) and kept
apart. trafilatura 2.3.1 then extracts the main text and the metadata; its paragraphs
go through the plain-text debris filter (it lets "ADVERTISEMENT", "Comments are
disabled", support appeals through). Pages that are not articles (redirect stubs,
section fronts, pages with no prose) raise ``NotAnArticle``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

import lxml.html
import trafilatura
from lxml import etree

from newsledger.contract import Comment, Removed
from newsledger.data import load_yaml
from newsledger.errors import InputError, NotAnArticle
from newsledger.ingest import debris
from newsledger.ingest.base import RawArticle
from newsledger.ingest.dates import iso_date
from newsledger.ingest.encoding import check_size, decode_bytes, header_charset, strip_controls

_BLOCK = frozenset(
    {
        "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "tr", "td", "th",
        "dd", "dt", "section", "article", "header", "footer", "aside", "figure", "figcaption", "ul",
        "ol", "table", "br", "hr", "main", "nav", "form", "address",
    }
)  # fmt: skip
_DROP = ("script", "style", "noscript", "template", "svg", "iframe", "object", "embed")
_MIN_PROSE_WORDS = 40
_PROSE = re.compile(r"[.!?…\"”’)]$")
_HTTP_STATUS_TITLE = re.compile(r"^\s*[345]\d\d\b")
_ARTICLE_TYPES = frozenset({"article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle",
                            "blogposting", "opinionnewsarticle", "backgroundnewsarticle", "report",
                            "liveblogposting"})  # fmt: skip
_DATE_META = ("article:published_time", "og:article:published_time", "datepublished", "pubdate",
              "publishdate", "publish-date", "date", "dc.date.issued", "dc.date", "sailthru.date",
              "parsely-pub-date", "dcterms.created")  # fmt: skip
_AUTHOR_META = ("author", "article:author", "dc.creator", "byl", "sailthru.author", "parsely-author")


@dataclass(frozen=True)
class _Vocab:
    container: re.Pattern[str]
    item_anywhere: re.Pattern[str]
    item: re.Pattern[str]
    author: re.Pattern[str]
    text: re.Pattern[str]
    meta: re.Pattern[str]
    caption: re.Pattern[str]
    picture_credit: re.Pattern[str]
    pullquote: re.Pattern[str]


@lru_cache(maxsize=1)
def _vocab() -> _Vocab:
    data = load_yaml(debris.DATA_FILE)["html"]

    def one(key: str) -> re.Pattern[str]:
        return re.compile("|".join(f"(?:{p})" for p in data[key]), re.IGNORECASE)

    return _Vocab(
        container=one("comment_container"),
        item_anywhere=one("comment_item_anywhere"),
        item=one("comment_item"),
        author=one("comment_author"),
        text=one("comment_text"),
        meta=one("comment_meta"),
        caption=one("caption"),
        picture_credit=one("picture_credit"),
        pullquote=one("pullquote"),
    )


def _tokens(el: Any) -> list[str]:
    attrs = f"{el.get('class') or ''} {el.get('id') or ''}"
    return attrs.split()


def _has(el: Any, pat: re.Pattern[str]) -> bool:
    return any(pat.fullmatch(t) for t in _tokens(el))


def _text(el: Any) -> str:
    return debris.normalise_paragraph("".join(el.itertext()))


def _remove(el: Any) -> None:
    """Drop an element but keep its tail text in the tree."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    if tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


# --- parsing ----------------------------------------------------------------------------


def parse_html(text: str, source: str) -> Any:
    """A parsed page (lxml), recovering from malformed markup; control characters removed."""
    text = strip_controls(text)
    if not text.strip():
        raise InputError(source, "empty HTML document", hint="The file has no content to read.")
    try:
        tree = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise InputError(
            source, f"HTML could not be parsed: {exc}", hint="Check that the file is HTML."
        ) from exc
    for el in list(tree.iter(*_DROP)):
        _remove(el)
    for el in list(tree.iter(etree.Comment)):
        _remove(el)
    return tree


def block_paragraphs(el: Any) -> list[str]:
    """Paragraphs of an element by its block structure (for fragments and fallbacks)."""
    el = _copy(el)
    for sub in el.iter():
        if isinstance(sub.tag, str) and sub.tag.lower() in _BLOCK:
            sub.text = "\n" + (sub.text or "")
            sub.tail = "\n" + (sub.tail or "")
    text = "".join(el.itertext())
    return [p for p in (debris.normalise_paragraph(line) for line in text.split("\n")) if p]


def _copy(el: Any) -> Any:
    return lxml.html.fromstring(lxml.html.tostring(el, encoding="unicode"))


def fragment_paragraphs(html: str) -> list[str]:
    """Paragraphs of an HTML fragment (feed content, a JSONL ``html`` field)."""
    html = strip_controls(html)
    if not html.strip():
        return []
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return []
    for el in list(root.iter(*_DROP)):
        _remove(el)
    return block_paragraphs(root)


# --- comments, captions, pull quotes --------------------------------------------------


def take_comments(tree: Any) -> list[Comment]:
    """Reader comments on the page, removed from the tree."""
    vocab = _vocab()
    containers = [el for el in tree.iter() if isinstance(el.tag, str) and _has(el, vocab.container)]
    containers = [el for el in containers if _text(el)]
    # outermost containers only
    containers = [el for el in containers if not any(a in containers for a in el.iterancestors())]
    items: list[Any] = []
    for c in containers:
        items.extend(
            el for el in c.iter() if isinstance(el.tag, str) and el is not c and _has(el, vocab.item)
        )
    items.extend(
        el for el in tree.iter()
        if isinstance(el.tag, str) and _has(el, vocab.item_anywhere) and el not in items
        and not any(a in containers for a in el.iterancestors())
    )  # fmt: skip
    items = [el for el in items if not any(a in items for a in el.iterancestors())]
    comments = [c for c in (_comment(el) for el in items) if c is not None]
    for el in items + containers:
        _remove(el)
    return comments


def _comment(item: Any) -> Comment | None:
    vocab = _vocab()
    author_el = next((el for el in item.iter() if el is not item and _has(el, vocab.author)), None)
    if author_el is None:
        author_el = next(item.iter("b", "strong", "cite"), None)
    author = _text(author_el) if author_el is not None else None
    parts = [el for el in item.iter() if el is not item and _has(el, vocab.text) and el is not author_el]
    if not parts:
        parts = [el for el in item.iter("p") if not any(_has(a, vocab.meta) for a in el.iterancestors())]
    if parts:
        text = " ".join(_text(el) for el in parts)
    else:
        rest = _copy(item)
        for el in list(rest.iter()):
            if el is not rest and (_has(el, vocab.meta) or el.tag in ("time", "footer", "header")):
                _remove(el)
        text = _text(rest)
        if author and text.startswith(author):
            text = text[len(author) :]
        text = re.sub(r"^\s*(wrote|writes|says|said|commented|replied)(\s+on\s+.{1,40}?)?:\s+", "", text)
    text = text.strip()
    if not text:
        return None
    return Comment(text=text, author=author or None)


def take_marked(
    tree: Any, pat: re.Pattern[str], kind: str, tags: Sequence[str] = (), *, near_picture: bool = False
) -> list[Removed]:
    """Elements with a class/id token matching ``pat`` (or one of ``tags``), removed and kept.

    With ``near_picture``, only those inside a ``<figure>`` or next to an ``<img>``.
    """
    found = [
        el for el in tree.iter()
        if isinstance(el.tag, str) and (el.tag.lower() in tags or _has(el, pat))
        and (not near_picture or _near_picture(el))
    ]  # fmt: skip
    found = [el for el in found if not any(a in found for a in el.iterancestors())]
    out = [Removed(text=_text(el), kind=kind) for el in found if _text(el)]
    for el in found:
        _remove(el)
    return out


def _near_picture(el: Any) -> bool:
    if any(a.tag == "figure" for a in el.iterancestors()):
        return True
    parent = el.getparent()
    return parent is not None and next(parent.iter("img", "picture"), None) is not None


# --- metadata ---------------------------------------------------------------------------


def _metas(tree: Any) -> dict[str, str]:
    out: dict[str, str] = {}
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        value = (el.get("content") or "").strip()
        if key and value and key not in out:
            out[key] = value
    return out


def _json_ld(tree: Any) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for el in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(el.text or "")
        except (ValueError, RecursionError):
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, dict):
                out.append(item)
                graph = item.get("@graph")
                if isinstance(graph, list):
                    stack.extend(graph)
    return out


def _ld_types(item: dict[str, Any]) -> set[str]:
    t = item.get("@type")
    types = t if isinstance(t, list) else [t]
    return {str(x).lower() for x in types if x}


def split_authors(raw: str | None) -> tuple[str, ...]:
    """ "Ann Lee; Bo Park", "By Ann Lee and Bo Park" -> ("Ann Lee", "Bo Park")."""
    if not raw:
        return ()
    raw = re.sub(r"^\s*by\s+", "", raw.strip(), flags=re.IGNORECASE)
    names = [n.strip(" ,") for n in re.split(r";|,|\s+and\s+|\s+&\s+|\|", raw)]
    return tuple(dict.fromkeys(n for n in names if n and not n.lower().startswith("http")))


def page_metadata(tree: Any) -> dict[str, Any]:
    """Publication date, authors and page type read from meta tags and JSON-LD (ours)."""
    metas = _metas(tree)
    ld = _json_ld(tree)
    ld_article = next((x for x in ld if _ld_types(x) & _ARTICLE_TYPES), None)
    published = None
    if ld_article is not None:
        published = iso_date(str(ld_article.get("datePublished") or "")) or None
    for key in _DATE_META:
        if published:
            break
        published = iso_date(metas.get(key))
    if not published:
        for el in tree.iter("time"):
            published = iso_date(el.get("datetime"))
            if published:
                break
    authors: tuple[str, ...] = ()
    if ld_article is not None:
        raw = ld_article.get("author")
        entries = raw if isinstance(raw, list) else [raw]
        found = [e.get("name") if isinstance(e, dict) else e for e in entries]
        authors = tuple(str(n).strip() for n in found if isinstance(n, str) and n.strip())
    for key in _AUTHOR_META:
        if authors:
            break
        authors = split_authors(metas.get(key))
    if not authors:
        for el in tree.iter():
            if isinstance(el.tag, str) and any(
                t.lower() in ("byline", "by", "author", "byline-name") for t in _tokens(el)
            ):
                names = debris.byline_authors(_text(el)) or ()
                if names:
                    authors = names
                    break
    return {
        "published": published,
        "modified": iso_date(metas.get("article:modified_time"))
        or (iso_date(str(ld_article.get("dateModified") or "")) if ld_article else None),
        "authors": authors,
        "og_type": metas.get("og:type", "").lower(),
        "ld_article": ld_article is not None,
        "refresh": "refresh" in {(el.get("http-equiv") or "").lower() for el in tree.iter("meta")},
    }


def _looks_cut_off(html: str, paragraphs: Sequence[str]) -> bool:
    """A page with no closing ``</html>``/``</body>`` whose last paragraph stops mid-sentence."""
    if re.search(r"</(html|body)\s*>", html[-2000:], re.IGNORECASE):
        return False
    return bool(paragraphs) and not _PROSE.search(paragraphs[-1])


def _outlet(sitename: str | None, page_title: str | None, host: str | None) -> str | None:
    if sitename and not re.fullmatch(r"[\w.-]+\.[a-z]{2,}", sitename):
        return sitename
    if page_title:
        parts = re.split(r"\s+[|–—-]\s+", page_title)
        if len(parts) >= 2 and 0 < len(parts[-1].split()) <= 5:
            return parts[-1].strip()
    return sitename or host


# --- the reader -------------------------------------------------------------------------


def article_from_html(
    html: str,
    source: str,
    *,
    url: str | None = None,
    fetched: str | None = None,
    truncated: bool = False,
    line: int | None = None,
) -> RawArticle:
    """One article from a decoded HTML page; ``NotAnArticle`` if the page is not one."""
    tree = parse_html(html, source)
    if not _text(tree):
        raise InputError(source, "no text could be recovered from the HTML", line=line,
                         hint="The page is empty or not HTML.")  # fmt: skip
    title_el = tree.find(".//title")
    page_title = _text(title_el) if title_el is not None else ""
    meta = page_metadata(tree)
    if _HTTP_STATUS_TITLE.match(page_title) or (meta["refresh"] and len(_text(tree)) < 500):
        raise NotAnArticle(source, f"redirect or error page ({page_title or 'meta refresh'})", line=line)
    if (
        meta["og_type"]
        and meta["og_type"] not in ("article", "news", "newsarticle")
        and not meta["ld_article"]
    ):
        reason = f"not an article: a section front or index page (og:type={meta['og_type']})"
        raise NotAnArticle(source, reason, line=line)
    comments = take_comments(tree)
    removed = [Removed(text=c.text, kind=debris.COMMENT) for c in comments]
    removed += take_marked(tree, _vocab().caption, debris.CAPTION, ("figcaption",))
    removed += take_marked(tree, _vocab().picture_credit, debris.CAPTION, (), near_picture=True)
    removed += take_marked(tree, _vocab().pullquote, debris.BOILERPLATE)
    doc = trafilatura.bare_extraction(
        tree, url=url, with_metadata=True, include_comments=False, include_tables=False,
        include_images=False, deduplicate=False,
    )  # fmt: skip
    data: dict[str, Any] = doc.as_dict() if doc is not None and hasattr(doc, "as_dict") else {}
    lines = (data.get("text") or "").split("\n")
    if not any(line.strip() for line in lines):
        body = tree.find(".//body")
        lines = block_paragraphs(body if body is not None else tree)
    title = data.get("title") or page_title or None
    cleaned = debris.clean_paragraphs(lines, title=title, keep_title=False)
    prose = sum(debris.word_count(p) for p in cleaned.paragraphs if _PROSE.search(p))
    truncated = truncated or _looks_cut_off(html, cleaned.paragraphs)
    if prose < _MIN_PROSE_WORDS and not truncated:
        raise NotAnArticle(source, "no article body found (too little running text)", line=line)
    authors = meta["authors"] or split_authors(data.get("author")) or cleaned.authors
    host = urlsplit(url or data.get("url") or "").hostname
    extra = {"modified": meta["modified"]} if meta["modified"] else {}
    return RawArticle(
        text=cleaned.text,
        path=source,
        url=url or data.get("url") or None,
        title=title,
        outlet=_outlet(data.get("sitename"), page_title, host),
        published=meta["published"] or iso_date(data.get("date")),
        authors=tuple(authors),
        removed=tuple(removed) + cleaned.removed,
        comments=tuple(comments) + cleaned.comments,
        truncated=truncated,
        fetched=fetched,
        extra=extra,
    )


def read_html_bytes(
    data: bytes,
    source: str,
    *,
    content_type: str | None = None,
    url: str | None = None,
    fetched: str | None = None,
    truncated: bool = False,
    line: int | None = None,
) -> RawArticle:
    """Decode (HTTP charset, then ``<meta>``, then a guess) and read one HTML page."""
    check_size(len(data), source, line=line, what="HTML page")
    decoded = decode_bytes(data, source, declared=header_charset(content_type))
    return article_from_html(decoded.text, source, url=url, fetched=fetched, truncated=truncated, line=line)
