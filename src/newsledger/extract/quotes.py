"""Quotes extractor: direct, partial and indirect quotes with resolved speakers.

Direct and partial quotes start from the quotation marks paired by
:mod:`newsledger.extract.quotemarks`. A quote is *direct* when it stands as a
sentence of its own (it opens a paragraph or follows ``:``, ``,`` or a sentence
end) and *partial* when it is embedded in the reporter's own clause ("said the
move was “a measured response”"). Each quote's reporting cue is looked for

1. before the opening mark ("X said: “...”", "..., says X, “...”"),
2. after the closing mark ("“...,” he said", "“...,” said X"), within the same
   sentence of the reporter's text,
3. up the dependency tree from the quoted words to a reporting verb or an
   "according to" phrase (partial quotes try this first),

and the speaker is the subject of that cue (or the object of "according to"),
resolved by :class:`~newsledger.extract.speakers.SpeakerResolver`. A quote
with no cue of its own inherits the speaker of the quote it continues: the
other parts of a multi-paragraph quote, the previous quote of its paragraph
("“...,” he said. “...”"), or the last quote of the previous paragraph
(newsroom convention for a paragraph that is all quote). Partial quotes with no
cue and no quoting neighbour are scare quotes and are left out.

Indirect quotes are the clausal complements of reporting verbs ("said that
...", "told X ...", "X claimed ...") and the clauses carrying an "according to
X" phrase, where they do not overlap a quotation.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Token

from newsledger.contract import Quote
from newsledger.extract._doc import doc_text, ensure_extensions, version_tag
from newsledger.extract.indirect import find_indirect, np_after, np_before
from newsledger.extract.medium import is_medium, medium_phrase, platform_of
from newsledger.extract.quotemarks import DOUBLE_CLOSE, SINGLE_CLOSE, QuoteSpan, find_quotes, paragraphs
from newsledger.extract.speakerlex import headline_subject
from newsledger.extract.speakers import (
    Lexicon,
    Speaker,
    SpeakerResolver,
    lexicon,
    noun_phrase,
    subject_of,
)

NAME = "newsledger.quotes"
VERSION = "1.0.0"
TAG = version_tag(NAME, VERSION)

_SENT_END = frozenset({".", "!", "?", ";"})
_DIRECT_BEFORE = ":,;.!?—–-" + DOUBLE_CLOSE + SINGLE_CLOSE + '"' + "'"
_MAX_AFTER = 16  # tokens between a closing mark and its cue
_MAX_UP = 14  # dependency steps from quoted words to a cue


@dataclass
class _Attribution:
    cue: str | None = None
    speaker: Speaker | None = None
    addressee: str | None = None
    cue_lemma: str | None = None
    medium: str | None = None


@dataclass
class _Work(_Attribution):
    """A quote being attributed (mutable while inheritance passes run)."""

    span: QuoteSpan = field(default_factory=lambda: QuoteSpan(0, 0, 0, 0, True, True, 0, 0))
    kind: str = "direct"
    own_cue: bool = False


class _Finder:
    """Cue and speaker finding for the quotes of one Doc."""

    def __init__(self, doc: Doc, spans: list[QuoteSpan]) -> None:
        self.doc = doc
        self.text = doc_text(doc)
        self.spans = spans
        self.paras = paragraphs(doc_text(doc))
        self.lex: Lexicon = lexicon()
        self.resolver = SpeakerResolver(doc, [(s.open_at, s.close_end) for s in spans])
        self.blocked = self.resolver.blocked
        self._starts = [t.idx for t in doc]
        self._fallback: dict[int, Token | None] = {}

    # -- helpers --------------------------------------------------------------

    def tokens(self, a: int, b: int) -> list[Token]:
        lo = bisect.bisect_left(self._starts, a)
        hi = bisect.bisect_left(self._starts, b)
        return [self.doc[i] for i in range(lo, hi)]

    def is_cue(self, t: Token, quoting: bool = False) -> bool:
        """A reporting verb or "according to" outside quotes; ``quoting`` also admits "called it ..."."""
        if self.blocked[t.i]:
            return False
        if t.lower_ == "according":
            return any(c.lower_ == "to" for c in t.children)
        lemma = t.lemma_.lower()
        return t.pos_ == "VERB" and (lemma in self.lex.reporting or (quoting and lemma in self.lex.quoting))

    def cue_text(self, t: Token) -> str:
        return "according to" if t.lower_ == "according" else t.text

    def dateline_end(self, offset: int) -> int:
        """End of a dateline opening the paragraph of ``offset`` (the paragraph start if none)."""
        lo, hi = self.para_at(offset)
        m = self.lex.dateline.match(self.text, lo, hi)
        return m.end() if m else lo

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
        sent = cue.sent
        lo, hi = max(sent.start, self._token_at(self.dateline_end(cue.idx))), sent.end
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
                        if pobj.dep_ == "pobj" and self.resolver.classify(pobj) is not None:
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
        named = self.resolver.apposed_name(tok)
        if named is None and tok.pos_ == "NOUN" and self.resolver.is_bare_definite(tok):
            cls = self.resolver.classify(tok)
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
        first = cue.sent[0]
        if first.lower_ in lex.medium_preps and first.i < cue.i and not self.blocked[first.i]:
            for pobj in first.children:
                if pobj.dep_ == "pobj" and is_medium(pobj) and pobj.i < cue.i:
                    return pobj
        return None

    def medium(self, cue: Token) -> str | None:
        tok = self._medium_token(cue)
        return medium_phrase(tok, self.blocked) if tok is not None else None

    def para_at(self, offset: int) -> tuple[int, int]:
        for lo, hi in self.paras:
            if lo <= offset < hi:
                return lo, hi
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
        toks = [t for t in self.tokens(lo, span.open_at) if not t.is_space]
        for k in range(len(toks) - 1, -1, -1):
            if toks[k].text in _SENT_END:
                toks = toks[k + 1 :]
                break
        if not toks:
            return None
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
        toks = [t for t in self.tokens(span.close_end, hi) if not t.is_space]
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
            and first.lower_ not in ("he", "she")
        ):
            return None  # a new sentence of the reporter's own
        for k, t in enumerate(toks):
            if t.text in _SENT_END or k > _MAX_AFTER:
                break
            if self.is_cue(t) and t.dep_ not in ("relcl", "acl"):  # not "a soldier who calls himself"
                if self.cue_subject(t) is None:
                    self._fallback[t.i] = self._np_before(toks[:k], t)
                return t
        return None

    def _np_before(self, toks: list[Token], cue: Token) -> Token | None:
        """Head of the noun phrase between a closing mark and its cue (a parse that lost the subject)."""
        inside = {t.i for t in toks}
        heads = [t for t in toks if t.head.i not in inside and t.pos_ in ("NOUN", "PROPN", "PRON")]
        return heads[-1] if heads else None

    def ancestor(self, span: QuoteSpan) -> Token | None:
        inner = self.tokens(span.start, span.end)
        inside = {t.i for t in inner}
        tops = [t for t in inner if t.head.i not in inside]
        lo, hi = self.para_of(span)
        for top in tops:
            prev, node = top, top.head
            for _ in range(_MAX_UP):
                if node.i in inside or not lo <= node.idx < hi:
                    break
                if self.is_cue(node, quoting=True):
                    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in node.children)
                    if prev.dep_ == "xcomp" and passive:
                        break  # "is said to be", "were asked to take": not a speech report
                    subj = subject_of(node, self.blocked)
                    ambiguous = node.lemma_.lower() in self.lex.direct_only | self.lex.quoting
                    if not ambiguous or subj is None or subj.pos_ != "NOUN" or self.resolver.classify(subj):
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

    def attribute(self, span: QuoteSpan) -> _Work:
        kind = self.kind(span)
        work = _Work(span=span, kind=kind)
        before = self.text[max(0, span.open_at - 12) : span.open_at].lower().split()
        if kind == "partial" and before and before[-1] in self.lex.scare_markers:
            return work  # "the so-called “reform”": the writer's distance, not anybody's words
        if kind == "direct":
            cue = self.before(span) or self.after(span, False) or self.ancestor(span)
        else:
            cue = self.ancestor(span) or self.after(span, True)
        if cue is None:
            return work
        work.own_cue = True
        work.cue = self.cue_text(cue)
        work.cue_lemma = cue.lemma_.lower()
        subj = self.cue_subject(cue) or self._fallback.get(cue.i)
        if subj is not None and not self.blocked[subj.i]:
            work.speaker = self.resolver.resolve(subj)
        work.addressee = self.addressee(cue)
        work.medium = self.medium(cue) or (work.speaker.medium if work.speaker else None)
        if work.medium is None and subj is not None:
            work.medium = platform_of(subj)
        return work

    def previous_subject(self, span: QuoteSpan) -> Speaker | None:
        """The last person or body that is a subject in the paragraph before ``span``'s."""
        if span.paragraph == 0:
            return None
        lo, hi = self.paras[span.paragraph - 1]
        for t in reversed(self.tokens(lo, hi)):
            if t.dep_ not in ("nsubj", "nsubjpass") or self.blocked[t.i]:
                continue
            cls = self.resolver.classify(t)
            if cls is not None and cls.kind in ("person", "body", "pronoun"):
                return self.resolver.resolve(t)
        return None


def _inherit(works: list[_Work], finder: _Finder) -> None:
    def copy(dst: _Work, src: _Work, addressee: bool = True) -> None:
        dst.speaker, dst.cue = src.speaker, src.cue
        dst.addressee = src.addressee if addressee else None
        dst.medium = dst.medium or src.medium

    # 1. parts of one multi-paragraph quote share the attribution of the part that has one
    by_group: dict[int, _Work] = {}
    for w in works:
        if w.speaker is not None and w.span.group not in by_group:
            by_group[w.span.group] = w
    for w in works:
        src = by_group.get(w.span.group)
        if w.speaker is None and src is not None and src is not w:
            copy(w, src)
    # 2. continuation in the same or the next paragraph; partials borrow from their paragraph
    for k, w in enumerate(works):
        if w.speaker is not None or w.own_cue:
            continue
        prev = works[k - 1] if k > 0 else None
        if w.kind == "partial":
            mates = [o for o in works if o.span.paragraph == w.span.paragraph and o.own_cue and o.speaker]
            if mates:
                copy(w, min(mates, key=lambda o: abs(o.span.start - w.span.start)))
            continue
        if prev is not None and prev.speaker is not None:
            same_para = prev.span.paragraph == w.span.paragraph
            next_para = (
                prev.span.paragraph == w.span.paragraph - 1 and w.span.open_at == finder.para_of(w.span)[0]
            )
            if same_para or next_para:
                copy(w, prev, addressee=same_para)  # a new paragraph is said, not told to someone
                continue
        if w.span.open_at == finder.para_of(w.span)[0]:
            w.speaker = finder.previous_subject(w.span)


@dataclass
class _Found:
    start: int
    end: int
    kind: str
    att: _Attribution
    paragraph: int
    att_span: tuple[int, int]  # the quote with its marks


def extract_quotes(doc: Doc) -> list[Quote]:
    """Return the direct, partial and indirect quotes found in ``doc``, in text order."""
    spans = find_quotes(doc_text(doc))
    finder = _Finder(doc, spans)
    finder.resolver.warm_genders()
    works = [finder.attribute(s) for s in spans]
    _inherit(works, finder)
    found: list[_Found] = []
    for w in works:
        if w.kind == "partial" and w.cue is None:
            continue  # scare quotes, titles, terms: nobody is quoted
        last = found[-1] if found else None
        if last is not None and w.span.part > 0 and last.kind == "direct" and w.kind == "direct":
            last.end = w.span.end  # one quote continued over several paragraphs
            continue
        found.append(
            _Found(w.span.start, w.span.end, w.kind, w, w.span.paragraph, (w.span.open_at, w.span.close_end))
        )
    kept = [(f.att_span[0], f.att_span[1]) for f in found]
    for clause, speaker in find_indirect(finder, kept):
        t = clause.cue
        attribution = _Attribution(
            cue=finder.cue_text(t),
            speaker=speaker,
            addressee=finder.addressee(t),
            medium=finder.medium(t) or speaker.medium or platform_of(clause.subject),
            cue_lemma=t.lemma_.lower(),
        )
        para = next((k for k, (lo, hi) in enumerate(finder.paras) if lo <= clause.start < hi), -1)
        found.append(
            _Found(clause.start, clause.end, "indirect", attribution, para, (clause.start, clause.end))
        )
    found.sort(key=lambda f: (f.start, f.end))
    _inherit_media(found, finder.lex)
    return [_to_quote(finder.text, f.start, f.end, f.kind, f.att) for f in found]


def _inherit_media(found: list[_Found], lex: Lexicon) -> None:
    """Media stated once and implied after.

    "X wrote that ..." after "X said in a Telegram post" is in that post; a reply in a recorded
    conversation ("“...,” his mother replies") is in the recording of the quote before it.
    """
    for k, f in enumerate(found):
        att = f.att
        if att.medium is not None or att.cue_lemma is None:
            continue
        earlier = found[:k]
        if att.cue_lemma in lex.writing_verbs and att.speaker is not None:
            name = att.speaker.name
            same = [e.att for e in earlier if e.att.speaker is not None and e.att.speaker.name == name]
            media = [a.medium for a in same if a.medium]
            if media:
                att.medium = media[-1]
                continue
        if f.kind == "direct" and att.cue_lemma in lex.dialogue_verbs and earlier:
            prev = earlier[-1]
            recorded = prev.att.medium is not None and any(
                w in lex.context_media for w in prev.att.medium.lower().split()
            )
            if recorded and f.paragraph - prev.paragraph <= 1:
                att.medium = prev.att.medium


def _to_quote(text: str, start: int, end: int, kind: str, w: _Attribution) -> Quote:
    sp = w.speaker
    return Quote(
        text=text[start:end],
        start=start,
        end=end,
        kind=kind,
        speaker=sp.name if sp else None,
        speaker_start=sp.start if sp else None,
        speaker_end=sp.end if sp else None,
        cue=w.cue,
        addressee=w.addressee,
        medium=w.medium,
        extractor=TAG,
    )


class QuotesComponent:
    def __call__(self, doc: Doc) -> Doc:
        doc._.nl_quotes = extract_quotes(doc)
        return doc


@Language.factory(
    "newsledger_quotes",
    requires=["doc._.nl_entities", "doc.sents", "token.dep", "token.tag", "token.lemma"],
    assigns=["doc._.nl_quotes"],
)
def make_quotes_component(nlp: Language, name: str) -> QuotesComponent:
    ensure_extensions()
    return QuotesComponent()
