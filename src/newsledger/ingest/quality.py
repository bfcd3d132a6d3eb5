"""Is this text prose in some script, or garbage? Refuse random bytes read as mojibake and text
made only of invisible controls, with a reason.

Prose has enough letters (``MIN_LETTERS``), letters make up most of what is visible
(``MIN_LETTER_SHARE``), replacement characters are rare, and letters of one script come in runs:
a word in Latin script is followed by more Latin letters, and in a cased script a capital follows
a small letter inside a word only rarely ("iPhone"). Random bytes decoded by any codec switch
scripts (``MAX_SCRIPT_SWITCHES``) or case (``MAX_CASE_FLIPS``) between neighbouring letters far
more often. Writing systems that
mix scripts inside words (Japanese kana with kanji) count as one script family. Only the first
``_SAMPLE`` characters are looked at, so a long article costs the same as a short one.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from newsledger.errors import InputError

MIN_LETTERS = 10
MIN_LETTER_SHARE = 0.5
MAX_SCRIPT_SWITCHES = 0.15
MAX_CASE_FLIPS = 0.05
MAX_REPLACEMENT_SHARE = 0.02
_SAMPLE = 20000
_HINT = "The input does not hold readable text; check its encoding, or skip it."
# Scripts used together inside one word, folded into one family.
_FAMILY = {"HIRAGANA": "CJK", "KATAKANA": "CJK", "HANGUL": "CJK", "IDEOGRAPHIC": "CJK"}


@lru_cache(maxsize=8192)
def script_of(char: str) -> str:
    """The script of a letter, from the first word of its Unicode name (LATIN, CYRILLIC, CJK…)."""
    name = unicodedata.name(char, "")
    if not name:
        return "UNKNOWN"
    word = name.split(" ", 1)[0]
    if word in ("HALFWIDTH", "FULLWIDTH"):
        word = name.split(" ", 2)[1]
    return _FAMILY.get(word, word)


def garbage_reason(text: str) -> str | None:
    """Why ``text`` is not prose in a script, or None when it is."""
    sample = text[:_SAMPLE]
    letters = 0
    visible = 0
    replacement = 0
    switches = 0
    flips = 0
    pairs = 0
    previous = ""
    lower = False  # the previous character was a small letter
    for char in sample:
        if char.isspace():
            lower = False
            continue
        category = unicodedata.category(char)
        if category in ("Cf", "Cc", "Zs", "Mn"):
            continue  # zero-width, direction marks, controls, combining marks: invisible
        visible += 1
        if char == "\ufffd":
            replacement += 1
        if category[0] != "L":
            lower = False
            continue
        letters += 1
        flips += lower and category == "Lu"
        lower = category == "Ll"
        script = script_of(char)
        if previous:
            pairs += 1
            switches += script != previous
        previous = script
    if letters < MIN_LETTERS:
        what = "no letters" if letters == 0 else f"only {letters} letters"
        return f"not text: {what} (at least {MIN_LETTERS} needed)"
    if replacement > MAX_REPLACEMENT_SHARE * visible:
        return f"not text: {replacement} undecodable characters (wrong encoding or binary data)"
    if letters < MIN_LETTER_SHARE * visible:
        return f"not text: only {100 * letters // visible}% of the characters are letters (binary data?)"
    if pairs and switches > MAX_SCRIPT_SWITCHES * pairs:
        return f"not text: letters switch script {100 * switches // pairs}% of the time (binary data?)"
    if pairs and flips > MAX_CASE_FLIPS * pairs:
        return f"not text: letters switch case in words {100 * flips // pairs}% of the time (binary data?)"
    return None


def check_text(text: str, source: str, line: int | None = None) -> None:
    """Raise ``InputError`` when ``text`` is not prose (see ``garbage_reason``)."""
    reason = garbage_reason(text)
    if reason is not None:
        raise InputError(source, reason, line=line, hint=_HINT)
