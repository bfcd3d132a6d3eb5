"""The medium of a quote as a clean phrase: "statement", "Telegram post", "intercepted call".

The medium is what the words were said or written in. Its phrase drops
determiners and possessive pronouns ("a Telegram post" -> "Telegram post"),
looks through containers ("a recording of an intercepted call" -> "intercepted
call"), follows a definite mention back to its first one ("the recording" ->
the recording introduced earlier), and keeps the platform a statement was
posted on ("a statement posted on Facebook" -> "statement on Facebook").
Word lists: data/media.yaml (nouns, platforms, containers, determiners).
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from spacy.tokens import Token

from newsledger.extract._doc import doc_text
from newsledger.extract.lexicon import lexicon
from newsledger.extract.nounphrase import noun_phrase
from newsledger.extract.tokenview import token_view

_DROP = lexicon().medium_drop
_DEFINITE = lexicon().medium_definite
_MAX_BACK = 600  # tokens scanned back for the first mention of "the recording"


def is_medium(tok: Token) -> bool:
    lex = lexicon()
    return tok.lemma_.lower() in lex.medium_nouns or tok.lower_ in lex.medium_nouns


def _platform(tok: Token) -> Token | None:
    """The platform a medium noun was posted on: "a statement on Telegram", "a video posted on VK"."""
    lex = lexicon()
    heads = [tok] + [c for c in tok.children if c.dep_ == "acl" and c.i > tok.i]
    for head in heads:
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ in lex.platform_preps and prep.i > tok.i:
                for pobj in prep.children:
                    names = (pobj.lower_, pobj.lemma_.lower())
                    if pobj.dep_ == "pobj" and any(n in lex.platforms for n in names):
                        return pobj
    # the parse may attach "on Facebook" elsewhere: "a statement posted on Facebook, the ministry"
    doc = tok.doc
    for j in range(tok.i + 1, min(len(doc) - 1, tok.i + 4)):
        if doc[j].lower_ in lex.platform_preps and doc[j + 1].lower_ in lex.platforms:
            return doc[j + 1]
        if doc[j].is_punct:
            break
    return None


def platform_of(mention: Token | None) -> str | None:
    """The platform a speaker is named by: "the pro-war Telegram channel Severny Front" -> "Telegram"."""
    if mention is None:
        return None
    lex = lexicon()
    heads = [mention] + ([mention.head] if mention.dep_ == "appos" else [])
    for head in heads:
        for t in head.subtree:
            if t.i < head.i and t.lower_ in lex.platforms and t.dep_ in ("compound", "amod", "nmod"):
                return t.text
    return None


def _earlier(tok: Token, blocked: Sequence[bool]) -> Token | None:
    lemma = tok.lemma_.lower()
    doc = tok.doc
    for j in range(tok.i - 1, max(-1, tok.i - _MAX_BACK), -1):
        cand = doc[j]
        if blocked[j] or cand.dep_ == "compound":
            continue
        if cand.lemma_.lower() == lemma and cand.pos_ == tok.pos_:
            return cand
    return None


def medium_phrase(tok: Token, blocked: Sequence[bool] | None = None, depth: int = 0) -> str:
    """The clean medium phrase for the medium noun ``tok``."""
    lex = lexicon()
    doc = tok.doc
    blocked = blocked if blocked is not None else [False] * len(doc)
    if tok.lemma_.lower() in lex.containers and depth < 3:
        for prep in tok.children:
            if prep.lower_ == "of" and prep.i > tok.i:
                for pobj in prep.children:
                    if pobj.dep_ == "pobj" and is_medium(pobj):
                        return medium_phrase(pobj, blocked, depth + 1)
    dets = [c for c in tok.children if c.dep_ == "det"]
    others = [c for c in tok.children if c.dep_ in ("amod", "compound", "nmod", "poss") and c.i < tok.i]
    if dets and dets[0].lower_ in _DEFINITE and not others and depth < 3:
        earlier = _earlier(tok, blocked)
        if earlier is not None:
            return medium_phrase(earlier, blocked, depth + 1)
    start, end = noun_phrase(tok, ())
    # the tokens of [start, tok] (token offsets only grow): found by bisection, not by a Token each
    first = bisect.bisect_left(token_view(doc).idx, start, 0, tok.i + 1)
    words = [doc[i] for i in range(first, tok.i + 1)]
    while words and words[0].lower_ in _DROP and words[0].i < tok.i:
        words = words[1:]
    core = doc_text(doc)[words[0].idx : end] if words else tok.text
    platform = _platform(tok)
    if platform is not None and platform.lower_ not in core.lower():
        core = f"{core} on {platform.text}"
    return core
