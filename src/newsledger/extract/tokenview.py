"""Token attributes of one Doc as plain Python lists, read once and shared by every component.

Reading ``doc[i].pos_`` creates a spaCy ``Token`` object and looks its string up each time; the
components walk the same tokens many times (every unit, every cue, every candidate name). A
:class:`TokenView` reads each attribute column with one ``Doc.to_array`` call the first time a
component asks for it and keeps it, so later passes, in this component or another, index lists.

``token_view(doc)`` returns the view of ``doc``, kept in ``doc.user_data`` (a Doc's tokens and
annotations do not change once the model has run). Each column holds exactly what the Token
attribute of the same name returns: ``view.pos[i] == doc[i].pos_``, ``view.head[i] == doc[i].head.i``.
"""

from __future__ import annotations

import weakref
from functools import cached_property

import numpy
from spacy.attrs import (
    DEP,
    ENT_TYPE,
    HEAD,
    IDX,
    IS_ALPHA,
    IS_LOWER,
    IS_PUNCT,
    IS_QUOTE,
    IS_SPACE,
    LEMMA,
    LIKE_NUM,
    LOWER,
    ORTH,
    POS,
    SENT_START,
    SPACY,
    TAG,
)
from spacy.tokens import Doc

_KEY = "newsledger.token_view"
# hash -> string of every string a column held. spaCy's hashes are of the string alone (the same
# in every vocabulary), so one table serves every Doc; it is emptied when it grows past the cap.
_STRINGS: dict[int, str] = {0: ""}
_MAX_STRINGS = 200_000  # about 25 MB


class TokenView:
    """Lists of one Doc's token attributes, each built on first use (see the module docstring)."""

    def __init__(self, doc: Doc) -> None:
        # a weak reference: the view lives in the Doc's user_data, and a strong one would make
        # every Doc a reference cycle that only the cyclic garbage collector frees
        self._doc = weakref.ref(doc)
        self.n = len(doc)

    @property
    def doc(self) -> Doc:
        doc = self._doc()
        if doc is None:  # pragma: no cover - the view is reached through its Doc
            raise ReferenceError("the Doc of this TokenView was freed")
        return doc

    def _array(self, attr: int) -> numpy.ndarray:
        return self.doc.to_array(attr) if self.n else numpy.zeros(0, dtype="uint64")

    def _strings(self, attr: int) -> list[str]:
        hashes: list[int] = self._array(attr).tolist()
        try:
            return list(map(_STRINGS.__getitem__, hashes))
        except KeyError:
            strings = self.doc.vocab.strings
            if len(_STRINGS) > _MAX_STRINGS:
                _STRINGS.clear()
                _STRINGS[0] = ""
            for h in set(hashes).difference(_STRINGS):
                _STRINGS[h] = strings[h]
            return list(map(_STRINGS.__getitem__, hashes))

    def _flags(self, attr: int) -> list[bool]:
        return self._array(attr).astype(bool).tolist()

    @cached_property
    def text(self) -> list[str]:
        return self._strings(ORTH)

    @cached_property
    def lower(self) -> list[str]:
        return self._strings(LOWER)

    @cached_property
    def lemma(self) -> list[str]:
        return self._strings(LEMMA)

    @cached_property
    def lemma_lower(self) -> list[str]:
        """``doc[i].lemma_.lower()``: the lemma in lower case (spaCy keeps a proper noun's capitals)."""
        return [lemma.lower() for lemma in self.lemma]

    @cached_property
    def pos(self) -> list[str]:
        return self._strings(POS)

    @cached_property
    def tag(self) -> list[str]:
        return self._strings(TAG)

    @cached_property
    def dep(self) -> list[str]:
        return self._strings(DEP)

    @cached_property
    def ent_type(self) -> list[str]:
        return self._strings(ENT_TYPE)

    @cached_property
    def head(self) -> list[int]:
        """Index of each token's head (the token itself for a root)."""
        # to_array gives unsigned 64-bit offsets (a head before its token wraps around): read
        # them as signed and add each token's index
        offsets = self._array(HEAD).view("int64")
        return (offsets + numpy.arange(self.n, dtype="int64")).tolist()

    @cached_property
    def idx(self) -> list[int]:
        """Character offset of each token in the Doc's text (``token.idx``), ascending."""
        return self._array(IDX).tolist()

    @cached_property
    def space_after(self) -> list[bool]:
        """Whether a space follows the token (``token.whitespace_ == " "``)."""
        return self._flags(SPACY)

    @cached_property
    def is_punct(self) -> list[bool]:
        return self._flags(IS_PUNCT)

    @cached_property
    def is_space(self) -> list[bool]:
        return self._flags(IS_SPACE)

    @cached_property
    def skipped(self) -> list[bool]:
        """Punctuation, a space or a quotation mark (``is_punct or is_space or is_quote``): no word of
        a content or a name."""
        if not self.n:
            return []
        flags = self.doc.to_array([IS_PUNCT, IS_SPACE, IS_QUOTE]).reshape(self.n, 3)
        out: list[bool] = (flags != 0).any(axis=1).tolist()
        return out

    @cached_property
    def is_alpha(self) -> list[bool]:
        return self._flags(IS_ALPHA)

    @cached_property
    def is_lower(self) -> list[bool]:
        return self._flags(IS_LOWER)

    @cached_property
    def like_num(self) -> list[bool]:
        return self._flags(LIKE_NUM)

    @cached_property
    def sent_start(self) -> list[int]:
        """Index of the first token of each token's sentence: ``doc[i].sent.start``."""
        self._require_sentences()
        flags = self._array(SENT_START).view("int64").tolist()
        out, first = [0] * self.n, 0
        for i, flag in enumerate(flags):
            if flag == 1:
                first = i
            out[i] = first
        return out

    @cached_property
    def sent_end(self) -> list[int]:
        """End (exclusive) of each token's sentence: ``doc[i].sent.end``."""
        self._require_sentences()
        flags = self._array(SENT_START).view("int64").tolist()
        out, end = [0] * self.n, self.n
        for i in range(self.n - 1, -1, -1):
            out[i] = end
            if flags[i] == 1:
                end = i
        return out

    def _require_sentences(self) -> None:
        # spaCy's Token.sent walks the sentence-start flags; without them it raises (E030)
        doc = self.doc
        if "sent" in doc.user_token_hooks or "sent" in doc.user_span_hooks or "sents" in doc.user_hooks:
            raise ValueError("this Doc defines its own sentences (a hook): read Token.sent")
        if self.n and not doc.has_annotation("SENT_START"):
            raise ValueError("the Doc has no sentence boundaries (no parser or sentencizer ran)")


def token_view(doc: Doc) -> TokenView:
    """The :class:`TokenView` of ``doc``, built once per Doc (kept in ``doc.user_data``)."""
    view = doc.user_data.get(_KEY)
    if isinstance(view, TokenView) and view._doc() is doc and view.n == len(doc):
        return view
    view = TokenView(doc)
    doc.user_data[_KEY] = view
    return view
