"""Acronyms defined in the text: ``"the International Atomic Energy Agency (IAEA)"``.

The worked example of docs/extending.md: one module, one data file (``data/acronyms.yaml``),
its tests (``tests/test_acronyms.py``) and one line in :mod:`newsledger.extract.registry`.

A definition is a bracketed all-capital (or mixed-case: ``DoD``) word right after a run of
capitalised words whose initials spell its capital letters, read from right to left. Small
words listed as ``joiners`` (of, the, and, for...) give no letter, and neither does the part
of a hyphenated word after the hyphen (``Co-operation`` gives ``C``). The long form starts at
the word that gives the first letter, so ``"the Organization for Security and Co-operation in
Europe (OSCE)"`` defines ``OSCE`` as ``Organization for Security and Co-operation in Europe``.

The component stores the definitions on ``doc._.nl_acronyms``; the entities component reads
them so that a later bare ``IAEA`` gets the long form as its canonical name, and the
cross-article ledger groups ``IAEA`` with ``International Atomic Energy Agency``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Token

from newsledger.data import load_yaml
from newsledger.errors import NewsledgerError
from newsledger.extract._doc import ensure_extensions, version_tag
from newsledger.extract.tokenview import token_view

NAME = "newsledger.acronyms"
VERSION = "1.0.0"
TAG = version_tag(NAME, VERSION)
DATA_FILE = "acronyms.yaml"

_SHORT = re.compile(r"[A-Z][A-Za-z&]*[A-Z][A-Za-z&]*")  # at least two capitals


@dataclass(frozen=True)
class Acronym:
    """One definition: ``short`` (as written) stands for ``long``; offsets are the short form's."""

    short: str
    long: str
    start: int
    end: int


@lru_cache(maxsize=1)
def joiners() -> frozenset[str]:
    """Lower-case words a long form may contain that give no letter (``data/acronyms.yaml``)."""
    raw = load_yaml(DATA_FILE)
    try:
        return frozenset(str(w).lower() for w in raw["joiners"])
    except (KeyError, TypeError) as exc:
        raise NewsledgerError(
            f"data file {DATA_FILE} is malformed: {exc}", hint="Reinstall newsledger."
        ) from exc


def _letters(short: str) -> str:
    return "".join(c for c in short if c.isupper())


def _long_form_start(doc: Doc, open_i: int, letters: str) -> int | None:
    """Index of the first token of the long form ending before ``doc[open_i]`` ("("), else None."""
    need = letters.lower()
    small = joiners()
    i = open_i - 1
    while i >= 0 and need:
        tok: Token = doc[i]
        after_hyphen = i > 0 and doc[i - 1].text == "-" and not doc[i - 1].whitespace_
        if tok.text == "-" and not tok.whitespace_:
            i -= 1
            continue
        if tok.is_alpha and tok.text[0].isupper() and tok.text[0].lower() == need[-1]:
            need = need[:-1]
            if not need:
                return i
        elif not (tok.lower_ in small or (tok.is_alpha and tok.is_lower and after_hyphen)):
            return None
        i -= 1
    return None


def find_acronyms(doc: Doc, max_letters: int = 10) -> list[Acronym]:
    """Every acronym definition of ``doc``, in text order (needs only the tokenizer)."""
    out: list[Acronym] = []
    texts = token_view(doc).text
    for i in range(1, len(doc) - 2):
        if texts[i] != "(" or texts[i + 2] != ")":
            continue
        short = doc[i + 1]
        letters = _letters(short.text)
        if not _SHORT.fullmatch(short.text) or not 2 <= len(letters) <= max_letters:
            continue
        start = _long_form_start(doc, i, letters)
        if start is None or i - start < 2:
            continue
        long = doc[start:i].text
        out.append(Acronym(short.text, long, short.idx, short.idx + len(short.text)))
    return out


def expansions(acronyms: list[Acronym]) -> dict[str, str]:
    """Short form -> long form; the first definition of a short form wins."""
    out: dict[str, str] = {}
    for acr in acronyms:
        out.setdefault(acr.short, acr.long)
    return out


class AcronymsComponent:
    def __init__(self, max_letters: int) -> None:
        self.max_letters = max_letters

    def __call__(self, doc: Doc) -> Doc:
        doc._.nl_acronyms = find_acronyms(doc, self.max_letters)
        return doc


@Language.factory(
    "newsledger_acronyms",
    requires=[],
    assigns=["doc._.nl_acronyms"],
    default_config={"max_letters": 10},
)
def make_acronyms_component(nlp: Language, name: str, max_letters: int) -> AcronymsComponent:
    ensure_extensions()
    joiners()
    return AcronymsComponent(max_letters)
