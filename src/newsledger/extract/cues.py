"""Reporting cues: where a quotation's or a clause's "who said it" is stated.

:class:`CueFinder` answers, for one Doc, the questions every attribution asks:

* which token is a reporting cue (a verb of ``data/reporting_verbs.txt`` or "according to"),
  outside quotation marks;
* where the cue of a quotation is: before the opening mark ("X said: “...”", "..., says X,
  “...”"), after the closing mark ("“...,” he said"), or up the dependency tree from the quoted
  words (partial quotes try this first);
* the subject of a cue (through the parse, a headline ellipsis, or surface word order when the
  parse lost it), its addressee ("told reporters") and its medium ("in a Telegram post").

Mentions found here are resolved by :class:`~newsledger.extract.speakers.Resolver`.
"""

from __future__ import annotations

import bisect

from spacy.attrs import IDX, LOWER, POS
from spacy.parts_of_speech import VERB
from spacy.tokens import Doc, Token

from newsledger.extract._doc import doc_text
from newsledger.extract.descriptions import apposed_name
from newsledger.extract.lexicon import Lexicon, lexicon
from newsledger.extract.medium import is_medium, medium_phrase
from newsledger.extract.nounphrase import headline_subject, noun_phrase, np_after, np_before, subject_of
from newsledger.extract.quotemarks import DOUBLE_CLOSE, SINGLE_CLOSE, QuoteSpan, paragraphs
from newsledger.extract.speakers import resolver_of
from newsledger.extract.tokenview import token_view

_SENT_END = frozenset({".", "!", "?", ";"})
_DIRECT_BEFORE = ":,;.!?—–-" + DOUBLE_CLOSE + SINGLE_CLOSE + '"' + "'"
_MAX_AFTER = 16  # tokens between a closing mark and its cue
_MAX_UP = 14  # dependency steps from quoted words to a cue


class CueFinder:
    """Cue, subject, addressee and medium finding for the quotations and clauses of one Doc."""

    def __init__(self, doc: Doc, spans: list[QuoteSpan]) -> None:
        self.doc = doc
        self.text = doc_text(doc)
        self.spans = spans
        self.paras = paragraphs(doc_text(doc))
        self._para_starts = [lo for lo, _ in self.paras]
        self.lex: Lexicon = lexicon()
        self.resolver = resolver_of(doc)  # built from the same quotation spans (quotemarks.find_quotes)
        self.blocked = self.resolver.m.blocked
        columns = doc.to_array([IDX, POS, LOWER]).tolist() if len(doc) else []  # no Token objects
        self._starts: list[int] = [c[0] for c in columns]
        according = doc.vocab.strings.add("according")
        # a token that may be a cue or another frame's verb: outside quotes, a verb or "according"
        self._verbish = [
            (pos == VERB or lower == according) and not self.blocked[i]
            for i, (_, pos, lower) in enumerate(columns)
        ]
        self.fallback: dict[int, Token | None] = {}
        self._dateline_ends: dict[tuple[int, int], int] = {}  # per paragraph: one regex match each

    # -- helpers --------------------------------------------------------------

    def tokens(self, a: int, b: int) -> list[Token]:
        lo = bisect.bisect_left(self._starts, a)
        hi = bisect.bisect_left(self._starts, b)
        return [self.doc[i] for i in range(lo, hi)]

    def _words(self, a: int, b: int) -> list[int]:
        """Indexes of the tokens starting in ``[a, b)`` that are not whitespace."""
        space = token_view(self.doc).is_space
        lo, hi = bisect.bisect_left(self._starts, a), bisect.bisect_left(self._starts, b)
        return [i for i in range(lo, hi) if not space[i]]

    def verbs(self, lo: int, hi: int) -> list[Token]:
        """The tokens of ``[lo, hi)`` outside quotes that are verbs or "according": every token
        for which :meth:`is_cue` can hold, in order."""
        verbish = self._verbish
        return [self.doc[i] for i in range(lo, hi) if verbish[i]]

    def is_cue(self, t: Token, quoting: bool = False) -> bool:
        """A reporting verb or "according to" outside quotes; ``quoting`` also admits "called it ..."."""
        i = t.i
        if self.blocked[i]:
            return False
        view = token_view(self.doc)  # the token's strings from the columns
        if view.lower[i] == "according":
            return any(c.lower_ == "to" for c in t.children)
        if view.pos[i] != "VERB":
            return False
        lemma = view.lemma_lower[i]
        return lemma in self.lex.reporting or (quoting and lemma in self.lex.quoting)

    def cue_text(self, t: Token) -> str:
        return "according to" if t.lower_ == "according" else t.text

    def dateline_end(self, offset: int) -> int:
        """End of a dateline opening the paragraph of ``offset`` (the paragraph start if none)."""
        para = self.para_at(offset)
        found = self._dateline_ends.get(para)
        if found is None:
            lo, hi = para
            m = self.lex.dateline.match(self.text, lo, hi)
            found = self._dateline_ends[para] = m.end() if m else lo
        return found

    def cue_subject(self, cue: Token) -> Token | None:
        subj = self._cue_subject(cue)
        if subj is not None and subj.idx < self.dateline_end(cue.idx):
            # "TOLMIN, Talmar, March 14 (Wire) - Talmar said": the parse took the dateline as subject
            after = self.tokens(self.dateline_end(cue.idx), cue.idx)
            heads = [t for t in after if t.pos_ in ("PROPN", "NOUN") and t.dep_ != "compound"]
            return heads[0] if heads else None
        return subj

    def _cue_subject(self, cue: Token) -> Token | None:
        if cue.lower_ == "according":
            for to in cue.children:
                if to.lower_ == "to":
                    for pobj in to.children:
                        if pobj.dep_ == "pobj":
                            return pobj
            return None
        subj = subject_of(cue, self.blocked)
        if subj is not None:
            return subj
        shared = headline_subject(cue)
        if shared is not None and not self.blocked[shared.i]:
            return shared
        # "“...,” said X" parsed with X as an object: take the first noun after the verb.
        for child in cue.children:
            if (
                child.i > cue.i
                and child.dep_ in ("dobj", "attr", "oprd", "npadvmod", "appos")
                and child.pos_ in ("PROPN", "NOUN")
                and child.ent_type_ not in ("DATE", "TIME")
                and not self.blocked[child.i]
                and cue.lemma_.lower() not in self.lex.addressee_verbs
            ):
                return child
        return self.surface_subject(cue)

    def surface_subject(self, cue: Token) -> Token | None:
        """The subject by word order when the parse lost it: the noun phrase right before the verb
        ("In a statement, Kessland's ministry said ..."), or right after it (", said the ministry")."""
        if cue.dep_ in ("relcl", "acl", "xcomp", "advcl", "pcomp") or cue.tag_ in ("VBG", "VBN"):
            return None  # a subordinate verb shares its subject through the parse, if at all
        view = token_view(self.doc)  # (the bounds of cue.sent, without making the Span)
        lo = max(view.sent_start[cue.i], self._token_at(self.dateline_end(cue.idx)))
        hi = view.sent_end[cue.i]
        end: int | None = cue.i
        if cue.i - 1 > lo and self.doc[cue.i - 1].text == ",":
            # "lawmaker Viktoriya Hnatiuk, who co-wrote the bill, said": step over the relative clause;
            # without one, the phrase before the comma ends another clause, not the subject
            # (headline ellipsis "Kessland orders 40,000 reservists, says ...")
            end = None
            for j in range(cue.i - 2, max(lo, cue.i - 20), -1):
                if self.doc[j].tag_ in ("WP", "WDT", "WP$") and self.doc[j - 1].text == ",":
                    end = j - 1
                    break
        found = np_before(self.doc, end, lo) if end is not None else None
        if found is not None and not self.blocked[found[1].i]:
            start, head = found
            before = self.doc[start - 1] if start > lo else None
            if before is None or before.text in (",", ";", "—", "–", "-") or self.blocked[before.i]:
                return head
        prev = self.doc[cue.i - 1] if cue.i > lo else None
        if prev is None or prev.text == "," or self.blocked[prev.i]:
            after = np_after(self.doc, cue.i + 1, hi)
            # ", says they will ...": the phrase after the verb opens its reported clause
            opens_clause = (
                after is not None and after.dep_ in ("nsubj", "nsubjpass") and after.head.i != cue.i
            )
            if (
                after is not None
                and not opens_clause
                and not self.blocked[after.i]
                and after.ent_type_ not in ("DATE", "TIME")
            ):
                return after
        return None

    def _token_at(self, offset: int) -> int:
        return bisect.bisect_left(self._starts, offset)

    def _cue_verbs(self, cue: Token) -> list[Token]:
        verbs = [cue]
        verbs += [c for c in cue.children if c.dep_ in ("xcomp", "advcl", "conj") and c.pos_ == "VERB"]
        return verbs

    def addressee(self, cue: Token) -> str | None:
        for verb in self._cue_verbs(cue):
            for child in verb.children:
                if self.blocked[child.i]:
                    continue
                takes_object = verb.lemma_.lower() in self.lex.addressee_verbs
                if (
                    takes_object
                    and child.dep_ in ("dobj", "dative")
                    and child.pos_ in ("NOUN", "PROPN", "PRON")
                ):
                    return self._phrase(child)
                if child.dep_ in ("prep", "dative") and child.lower_ == "to" and verb.lower_ != "according":
                    for pobj in child.children:
                        if pobj.dep_ == "pobj" and self.resolver.m.classify(pobj) is not None:
                            return self._phrase(pobj)
        medium = self._medium_token(cue)
        if medium is not None and medium.lemma_.lower() in self.lex.conversations:
            for prep in medium.children:
                if prep.lower_ == "with":
                    for pobj in prep.children:
                        if pobj.dep_ == "pobj":
                            return self._phrase(pobj)
        return None

    def _phrase(self, tok: Token) -> str:
        named = apposed_name(self.resolver, tok)
        if named is None and tok.pos_ == "NOUN" and self.resolver.m.is_bare_definite(tok):
            cls = self.resolver.m.classify(tok)
            if cls is not None and cls.kind in ("media", "body"):
                return self.resolver.describe(tok).name  # "told the station" -> "Coast FM"
        start, end = named if named is not None else noun_phrase(tok)
        return self.text[start:end]

    def _medium_token(self, cue: Token) -> Token | None:
        lex = self.lex
        verbs = self._cue_verbs(cue)
        if cue.dep_ in ("advcl", "xcomp", "conj") and cue.head.pos_ == "VERB":
            verbs.append(cue.head)  # "denied the report in a statement, saying ..."
        for verb in verbs:
            for prep in verb.children:
                if prep.dep_ != "prep" or prep.lower_ not in lex.medium_preps or self.blocked[prep.i]:
                    continue
                for pobj in prep.children:
                    if pobj.dep_ == "pobj" and is_medium(pobj):
                        return pobj
        in_which = any(
            c.dep_ == "prep" and c.lower_ in ("in", "on") and any(g.tag_ == "WDT" for g in c.children)
            for c in cue.children
        )
        if cue.dep_ in ("relcl", "acl") and in_which and is_medium(cue.head) and not self.blocked[cue.head.i]:
            return cue.head  # "a video ... in which a man in uniform says ..."
        # a sentence-opening "In a Facebook post on Tuesday, X said" that the parse attached elsewhere
        first = self.doc[token_view(self.doc).sent_start[cue.i]]  # cue.sent[0]
        if first.lower_ in lex.medium_preps and first.i < cue.i and not self.blocked[first.i]:
            for pobj in first.children:
                if pobj.dep_ == "pobj" and is_medium(pobj) and pobj.i < cue.i:
                    return pobj
        return None

    def medium(self, cue: Token) -> str | None:
        tok = self._medium_token(cue)
        return medium_phrase(tok, self.blocked) if tok is not None else None

    def para_at(self, offset: int) -> tuple[int, int]:
        """The paragraph holding ``offset`` (paragraphs are disjoint and in order: bisect)."""
        k = bisect.bisect_right(self._para_starts, offset) - 1
        if k >= 0 and offset < self.paras[k][1]:
            return self.paras[k]
        return offset, offset

    def para_of(self, span: QuoteSpan) -> tuple[int, int]:
        return self.paras[span.paragraph]

    # -- where is the cue -------------------------------------------------------

    def kind(self, span: QuoteSpan) -> str:
        lo, _ = self.para_of(span)
        before = self.text[lo : span.open_at].rstrip()
        return "direct" if not before or before[-1] in _DIRECT_BEFORE else "partial"

    def _neighbours(self, span: QuoteSpan) -> tuple[int, int]:
        """The reporter's text around ``span``: from the previous quote's end to the next quote's start."""
        lo, hi = self.para_of(span)
        for other in self.spans:
            if other.paragraph != span.paragraph or other is span:
                continue
            if other.close_end <= span.open_at:
                lo = max(lo, other.close_end)
            elif other.open_at >= span.close_end:
                hi = min(hi, other.open_at)
        return lo, hi

    def before(self, span: QuoteSpan) -> Token | None:
        lo, _ = self._neighbours(span)
        words = self._words(lo, span.open_at)
        texts = token_view(self.doc).text
        for k in range(len(words) - 1, -1, -1):
            if texts[words[k]] in _SENT_END:
                words = words[k + 1 :]
                break
        if not words:
            return None
        toks = [self.doc[i] for i in words]  # the reporter's words of the quote's own sentence
        last = toks[-1]
        cues = [t for t in toks if self.is_cue(t)]
        if last.text == ":" and len(toks) > 1:
            main = toks[-2]
            while main.pos_ not in ("VERB", "AUX") and main.head.i != main.i and main.head.i >= toks[0].i:
                main = main.head
            if main.pos_ in ("VERB", "AUX") and (not cues or subject_of(main, self.blocked) is not None):
                return main
        if not cues:
            return None
        cue = cues[-1]
        if last.text in (":", ",") or last.i - cue.i <= 2:
            return cue
        return None

    def after(self, span: QuoteSpan, partial: bool) -> Token | None:
        _, hi = self._neighbours(span)
        # the words up to the first sentence end within reach: all the loop below can look at
        words = self._words(span.close_end, hi)
        texts = token_view(self.doc).text
        reach = next((k for k, i in enumerate(words) if texts[i] in _SENT_END or k > _MAX_AFTER), len(words))
        toks = [self.doc[i] for i in words[: max(reach, 1)]]
        if not toks:
            return None
        inner = self.text[span.start : span.end]
        first = toks[0]
        if partial and not (inner.endswith(",") or first.text == ","):
            return None
        if (
            inner.endswith(".")
            and first.is_title
            and first.pos_ != "PROPN"
            and first.lower_ not in self.lex.pron_subject
        ):
            return None  # a new sentence of the reporter's own
        for k, t in enumerate(toks):
            if t.text in _SENT_END or k > _MAX_AFTER:
                break
            if self.is_cue(t) and t.dep_ not in ("relcl", "acl"):  # not "a soldier who calls himself"
                if self.cue_subject(t) is None:
                    self.fallback[t.i] = self._np_before(toks[:k], t)
                return t
        return None

    def _np_before(self, toks: list[Token], cue: Token) -> Token | None:
        """Head of the noun phrase between a closing mark and its cue (a parse that lost the subject)."""
        inside = {t.i for t in toks}
        heads = [t for t in toks if t.head.i not in inside and t.pos_ in ("NOUN", "PROPN", "PRON")]
        return heads[-1] if heads else None

    def ancestor(self, span: QuoteSpan) -> Token | None:
        # the quoted words are the tokens [first, end) (offsets ascend): their tops by the head column
        first, end = self._token_at(span.start), self._token_at(span.end)
        heads = token_view(self.doc).head
        tops = [self.doc[i] for i in range(first, end) if not first <= heads[i] < end]
        lo, hi = self.para_of(span)
        for top in tops:
            prev, node = top, top.head
            for _ in range(_MAX_UP):
                if first <= node.i < end or not lo <= node.idx < hi:
                    break
                if self.is_cue(node, quoting=True):
                    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in node.children)
                    if prev.dep_ == "xcomp" and passive:
                        break  # "is said to be", "were asked to take": not a speech report
                    subj = subject_of(node, self.blocked)
                    lemma = node.lemma_.lower()
                    ambiguous = lemma in self.lex.direct_only or lemma in self.lex.quoting
                    if not ambiguous or subj is None or subj.pos_ != "NOUN" or self.resolver.m.classify(subj):
                        return node
                    # "said the budget asked “too much of pensioners”": a thing asks nothing; go on up
                for child in node.children:
                    if child.lower_ == "according" and self.is_cue(child):
                        return child
                if node.head.i == node.i:
                    break
                prev, node = node, node.head
        return None

    # -- one quote --------------------------------------------------------------
