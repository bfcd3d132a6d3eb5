"""Who said it: a speaker mention resolved to a name or description.

A quote's grammatical speaker is often a pronoun ("he says"), a bare role ("the official"), or a
document ("the post says"). :class:`Resolver` turns such a mention into what a reader of the
ledger needs, using the Doc's :class:`~newsledger.extract.mentionindex.MentionIndex` (names,
labels, classes) and three small modules, one idea each:

* :mod:`newsledger.extract.anaphora`: a pronoun -> its antecedent;
* :mod:`newsledger.extract.descriptions`: a name or description -> the name or phrase it stands for;
* :mod:`newsledger.extract.backrefs`: a definite description or a document -> the earlier mention
  or owner it points back to; a description of people -> the earlier source first.

The resolver knows which mentions spoke first: :attr:`Resolver.spoken` is the record of the
sources the frames of the Doc attributed, in order (:class:`~newsledger.extract.backrefs.Spoken`),
that "the officials", "the spokeswoman" and short names ("Kovalyk") point back to.

Word lists live in data/roles.yaml, data/media.yaml and data/attribution.yaml.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from newsledger.extract._doc import doc_text
from newsledger.extract.anaphora import antecedent, context_medium
from newsledger.extract.backrefs import Spoken
from newsledger.extract.descriptions import describe, describe_plain, possessive_class
from newsledger.extract.lexicon import Speaker, lexicon
from newsledger.extract.mentionindex import MentionIndex
from newsledger.extract.quotemarks import find_quotes


class Resolver:
    """Resolve the speaker mentions of one Doc (memoised; build one per Doc)."""

    def __init__(self, doc: Doc, blocked: Sequence[tuple[int, int]] = ()) -> None:
        self.m = MentionIndex(doc, blocked)
        self._memo: dict[int, Speaker | None] = {}
        self._active: set[int] = set()
        self.spoken = Spoken()  # the sources that spoke so far, filled as frames are found

    def resolve(self, tok: Token) -> Speaker | None:
        """The speaker a mention headed by ``tok`` stands for (None: unresolvable pronoun)."""
        if tok.i in self._memo:
            return self._memo[tok.i]
        if tok.i in self._active:  # a cycle through anaphors: describe as is
            return describe_plain(self, tok)
        self._active.add(tok.i)
        try:
            result = self._resolve(tok)
        finally:
            self._active.discard(tok.i)
        self._memo[tok.i] = result
        return result

    def describe(self, tok: Token) -> Speaker:
        """Resolve a non-pronoun mention: name, linked name, antecedent, owner, or its phrase."""
        return describe(self, tok)

    def _resolve(self, tok: Token) -> Speaker | None:
        m = self.m
        if tok.lower_ in m.lex.pron_speech_act and tok.pos_ == "PRON":
            return None
        if tok.pos_ == "PRON" and tok.tag_ == "DT":
            return None  # a demonstrative ("this was called fantasy") stands for a statement, not a speaker
        pron = m.pronoun_class(tok) or possessive_class(m.lex, tok)
        if pron is not None:
            ante = antecedent(self, tok, pron)
            if ante is None:
                return None
            found = self.resolve(ante)
            if found is not None and pron.gender and m.pronoun_class(ante) is None:
                m.gender.setdefault(found.name, pron.gender)
            if found is not None and found.medium is None:
                medium = context_medium(self, ante)
                if medium is not None:
                    found = Speaker(found.name, found.start, found.end, medium)
            return found
        return self.describe(tok)


def described_group(tok: Token, stop: int) -> Span | None:
    """A demonstrative or quantifier pronoun a clause describes ("those trailing them", "those
    who call themselves moderates"), which no name resolves: the phrase, a description of the
    group, ending before token ``stop`` (the content it reports) when it stands before it; None
    for a bare pronoun ("some believe") or any other word."""
    lex = lexicon()
    if tok.pos_ != "PRON" or not (tok.lower_ in lex.definite or tok.lower_ in lex.quantifiers):
        return None
    if not any(c.dep_ in ("acl", "relcl") for c in tok.rights):
        return None
    end = tok.right_edge.i + 1
    if tok.i < stop:
        end = min(end, stop)
    return tok.doc[tok.left_edge.i : end]


def mentioned_at(tok: Token, found: Speaker) -> Speaker:
    """``found`` (what the mention headed by ``tok`` resolved to) with the offsets of that mention:
    the words of the attribution that stand for its source, from the noun phrase's first word to
    its head and any apposition ("the vice president", "he", "Mayor Lotte Brandvik", "the party
    chair, Rep. Ada Voss"), but not its possessor ("Voss's" in "Voss's aide", another person). The
    name it resolved to, found there or elsewhere (an antecedent, an earlier full name), stays the
    speaker's name."""
    first, last = tok.left_edge, tok
    for child in tok.lefts:
        if child.dep_ == "poss" and child.right_edge.i >= first.i:
            first = tok.doc[child.right_edge.i + 1]
    for child in tok.rights:
        if child.dep_ == "appos" and child.right_edge.i > last.i:
            last = child.right_edge
    return Speaker(found.name, first.idx, last.idx + len(last.text), found.medium)


def resolver_of(doc: Doc) -> Resolver:
    """The one Resolver of ``doc`` (words inside quotation marks are never antecedents), shared by
    the attributions and the claims' chains so that a mention is resolved one way."""
    found = doc.user_data.get("nl_resolver")
    if not isinstance(found, Resolver) or found.m.doc is not doc:
        found = Resolver(doc, [(q.open_at, q.close_end) for q in find_quotes(doc_text(doc))])
        doc.user_data["nl_resolver"] = found
    return found
