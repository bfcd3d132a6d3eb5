"""Indirect quotes: reported speech without quotation marks.

An indirect quote is the reported clause of a reporting verb or of an
"according to X" phrase. The clause is found from the dependency parse where
the parse is sound, and from the surface order of the sentence where the small
model's parse is not:

* the clausal complement of the verb ("X said (that) ..."), one quote per
  conjunct ("said that A and that B" gives A and B);
* a "that"-clause after the verb and its adjuncts ("said in a statement that
  ...") when the parse attached it elsewhere;
* the clause before a trailing attribution ("..., the ministry said on
  Tuesday.", "..., writes the newspaper X");
* the clause after a parenthetical attribution ("The reports, the sources
  say, are compiled monthly").

Passive reports ("it was reported that", "is said to") have no speaker and are
not quotes; a clause inside another reported clause is part of the outer quote.
Clauses that overlap a quotation are left to the direct/partial quotes.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from spacy.tokens import Token

from newsledger.extract._doc import doc_value, tree_order
from newsledger.extract.cues import CueFinder
from newsledger.extract.lexicon import Speaker
from newsledger.extract.nounphrase import np_after, np_before, strip_span
from newsledger.extract.tokenview import token_view

_FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})
_MAX_THAT = 12  # tokens between a reporting verb and a "that" that opens its clause


@dataclass(frozen=True)
class Indirect:
    """One reported clause with the cue token and the token that stands for its speaker."""

    start: int
    end: int
    cue: Token
    subject: Token | None
    rank: int  # 0: from the parse, 1: from the surface order (lower wins overlaps)


def _clause(toks: list[Token]) -> bool:
    """True when ``toks`` hold a finite clause: a finite verb form and a verb with a subject."""
    inside = {t.i for t in toks}
    has_subject = any(t.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") and t.head.i in inside for t in toks)
    return len(toks) >= 3 and has_subject and any(t.tag_ in _FINITE for t in toks)


def _conjuncts(comp: Token) -> list[list[Token]]:
    """The reported clause ``comp`` split where a conjunct repeats "that" ("said that A and that B").

    "A, and B, the office said" stays one quote.
    """
    conjs = [
        c
        for c in comp.children
        if c.dep_ == "conj"
        and c.pos_ in ("VERB", "AUX")
        and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)
    ]
    if not conjs:
        return [list(comp.subtree)]
    cut: set[int] = set()
    for c in conjs:
        cut.update(x.i for x in c.subtree)
    parts = [[x for x in comp.subtree if x.i not in cut]]
    for c in conjs:
        parts.extend(_conjuncts(c))
    return parts


def _split_and_that(toks: list[Token]) -> list[list[Token]]:
    """Split a clause at "and that" ("that A and that B"), whatever the parse made of it."""
    toks = sorted(toks, key=lambda t: t.i)
    out: list[list[Token]] = [[]]
    k = 0
    while k < len(toks):
        t = toks[k]
        nxt = toks[k + 1] if k + 1 < len(toks) else None
        if t.lower_ == "and" and nxt is not None and nxt.lower_ == "that" and nxt.i == t.i + 1:
            after = toks[k + 2] if k + 2 < len(toks) else None
            if after is not None and after.pos_ != "NOUN":  # not "and that decision"
                out.append([])
                k += 2
                continue
        out[-1].append(t)
        k += 1
    return [part for part in out if part]


def clause_span(tokens: list[Token], floor: int = 0) -> tuple[int, int] | None:
    """Character range of a reported clause without "that", leading/trailing punctuation and "and"."""
    toks = sorted((t for t in tokens if t.idx >= floor), key=lambda t: t.i)
    while toks and (
        (toks[0].lower_ == "that" and toks[0].dep_ in ("mark", "nsubj", "det") and len(toks) > 3)
        or toks[0].is_punct
        or toks[0].is_space
    ):
        if toks[0].lower_ == "that" and toks[0].dep_ == "det":
            break  # "that decision was wrong": a determiner, not the complementiser
        toks = toks[1:]
    while toks and (toks[-1].is_punct or toks[-1].is_space or toks[-1].pos_ == "CCONJ"):
        toks = toks[:-1]
    if len(toks) < 3 or not any(t.pos_ in ("VERB", "AUX") for t in toks):
        return None
    return strip_span(toks)


CLAUSE_REACH = 150  # tokens on each side of a cue that its reported clause may span


class IndirectFinder:
    """Reported clauses of one Doc, using the quote finder's cue tests and speaker resolver."""

    def __init__(self, finder: CueFinder) -> None:
        self.f = finder
        self.doc = finder.doc

    def bounds(self, t: Token) -> tuple[int, int]:
        """Token range of ``t``'s sentence, cut to its paragraph and past a dateline."""
        plo, phi = self.f.para_at(t.idx)
        floor = max(plo, self.f.dateline_end(t.idx))
        view = token_view(self.doc)  # token offsets ascend: the first one at the floor by bisection
        idx, texts, starts = view.idx, view.text, view.sent_start
        sent_start, sent_end = starts[t.i], view.sent_end[t.i]  # t.sent's bounds
        lo = bisect.bisect_left(idx, floor, sent_start, sent_end)
        if lo == sent_end:
            lo = sent_start
        # "300 thousand. people": a full stop before a lower-case word did not end the sentence
        while lo > 0 and texts[lo][:1].islower() and texts[lo - 1] == ".":
            prev = starts[lo - 1]
            if idx[prev] < floor:
                break
            lo = prev
        hi = sent_end
        while hi > lo and idx[hi - 1] >= phi:
            hi -= 1
        # a "sentence" of thousands of tokens (a list, a run-on scrape): the clause stays near its
        # cue, so the work per cue is bounded and an article takes time linear in its length
        return max(lo, t.i - CLAUSE_REACH), min(hi, t.i + CLAUSE_REACH)

    def candidates(self, t: Token) -> list[Indirect]:
        f = self.f
        if t.lower_ == "according":
            return self._according(t)
        lemma = t.lemma_.lower()
        phrasal = any(c.dep_ == "prt" and c.lower_ == "out" for c in t.children)  # "pointed out that"
        if (lemma in f.lex.direct_only and not phrasal) or lemma in f.lex.quoting:
            return []  # not a report of speech
        if any(c.dep_ == "neg" for c in t.children):
            return []  # "did not say whether ..."
        if any(c.dep_ in ("auxpass", "nsubjpass") for c in t.children):
            return []  # "it was reported that ...": nobody is named
        if t.dep_ == "xcomp" and not f.is_cue(t.head):
            return []  # "would help explain why ...": not a report
        lo, hi = self.bounds(t)
        subj = f.cue_subject(t)
        out: list[Indirect] = []
        comps = [c for c in t.children if c.dep_ == "ccomp" and not f.blocked[c.i]]
        if lemma in f.lex.infinitive_reports:  # "claimed to have captured the village"
            comps += [c for c in t.children if c.dep_ == "xcomp" and c.i > t.i and not f.blocked[c.i]]
        covered = t.i
        parts: list[list[Token]] = []
        for comp in sorted(comps, key=lambda c: c.i):
            if subj is not None and comp.i < t.i and any(x.i == subj.i for x in comp.subtree):
                continue  # the parse hung the speaker inside a "complement" before the verb
            covered = max(covered, max(x.i for x in comp.subtree))
            split = _conjuncts(comp)
            mark = next((c for c in comp.children if c.dep_ == "mark" and c.lower_ == "that"), None)
            if mark is not None:  # "reported, citing two engineers, that ...": the clause starts at "that"
                split[0] = [x for x in split[0] if x.i > mark.i or x.i < t.i]
            first = sorted(split[0], key=lambda x: x.i)[:4]
            if parts and any(x.tag_ in ("WDT", "WP", "WP$") for x in first):
                parts[-1].extend(split[0])  # "..., none of which were found": the parse split one clause
                split = split[1:]
            parts.extend(split)
        parts = [piece for part in parts for piece in _split_and_that(part)]
        for part in parts:
            span = clause_span(self._unquoted([x for x in part if lo <= x.i < hi]))
            if span is not None:
                out.append(Indirect(span[0], span[1], t, subj, 0))
        if out:
            # "said that A and that B" where the parse lost B
            for k in range(covered + 1, hi - 1):
                if self.doc[k].lower_ == "and" and self.doc[k + 1].lower_ == "that":
                    out.extend(self._that_clauses(t, subj, k + 2, hi))
                    break
            return out
        return self._surface(t, subj, lo, hi)

    def _unquoted(self, toks: list[Token]) -> list[Token]:
        """The clause without a trailing participial adjunct that holds a quotation.

        "said he would challenge the result in court, citing “more than 400 complaints”": the
        reported clause ends before "citing"; a quotation in the clause's core keeps it whole
        (and the overlap with the quotation drops it later).
        """
        blocked = self.f.blocked
        if not any(blocked[x.i] for x in toks):
            return toks
        inside = {x.i for x in toks}
        heads = [x for x in toks if x.head.i not in inside or x.head.i == x.i]
        for head in heads:
            for child in sorted(head.children, key=lambda c: -c.i):
                if child.i not in inside or child.dep_ != "advcl" or child.tag_ != "VBG":
                    continue
                sub = {x.i for x in child.subtree}
                rest = [x for x in toks if x.i not in sub]
                holds_quote = any(blocked[x.i] for x in child.subtree) and not any(blocked[x.i] for x in rest)
                if holds_quote and rest and max(x.i for x in rest) < min(sub):
                    return rest
        return toks

    def _that_index(self, t: Token, hi: int) -> int | None:
        """The "that" opening the reported clause after the verb and its adjuncts, if any.

        "said in a statement that ...", "reported, citing a person close to him, that ...".
        """
        doc = self.doc
        k = t.i + 1
        while k < min(hi, t.i + _MAX_THAT):
            x = doc[k]
            if self.f.blocked[k]:
                return None
            if x.text == "," and k + 1 < hi and doc[k + 1].tag_ == "VBG":
                # skip a ", citing ... ," aside
                k += 2
                while k < hi and doc[k].text != ",":
                    k += 1
                k += 1
                continue
            if x.tag_ in _FINITE or x.text in (",", ";", ":"):
                return None
            if x.lower_ == "that" and x.pos_ in ("SCONJ", "PRON", "DET") and k + 1 < hi:
                return k
            k += 1
        return None

    def _surface(self, t: Token, subj: Token | None, lo: int, hi: int) -> list[Indirect]:
        doc = self.doc
        k = self._that_index(t, hi)
        if k is not None:
            return self._that_clauses(t, subj, k + 1, hi)
        nxt = doc[t.i + 1] if t.i + 1 < hi else None
        if nxt is not None and (nxt.text == ":" or self.f.blocked[nxt.i]):
            return []  # "X said: “...”": a direct quote follows
        if t.dep_ == "relcl" and nxt is not None and nxt.tag_ in _FINITE:
            # "a man the agency says is a contract soldier", "a result it claimed was on par with ..."
            main = t.head.head.i if t.head.head.i > nxt.i else hi
            return self._make(list(doc[nxt.i : min(main, hi)]), t, subj)
        np = np_before(doc, t.i, lo)
        if np is not None:
            start, head = np
            c = start - 1
            speaker = subj if subj is not None and start <= subj.i < t.i else head
            if c > lo and doc[c].text == ",":
                if nxt is not None and nxt.text == ",":
                    after = list(doc[nxt.i + 1 : hi])
                    opener = after[0] if after else None
                    aside = opener is not None and (
                        opener.tag_ in ("VBG", "VBN") or opener.pos_ in ("CCONJ", "ADP", "SCONJ")
                    )
                    finite = len(after) >= 3 and any(x.tag_ in _FINITE for x in after)
                    if not aside and finite:  # "The reports, the sources say, are compiled ..."
                        return self._make(after, t, speaker)
                before = list(doc[lo:c])
                if _clause(before):  # "..., the ministry said on Tuesday."
                    return self._make(before, t, speaker)
            return []
        if t.i - 1 > lo and doc[t.i - 1].text == ",":
            head_after = np_after(doc, t.i + 1, hi)
            before = list(doc[lo : t.i - 1])
            if head_after is not None and _clause(before):  # "..., writes the newspaper X"
                speaker = subj if subj is not None and subj.i > t.i else head_after
                return self._make(before, t, speaker)
        return []

    def _according(self, t: Token) -> list[Indirect]:
        head = t.head
        if head.pos_ not in ("VERB", "AUX"):
            return []
        lo, hi = self.bounds(t)
        entry, last = tree_order(self.doc)  # x under h: entry[h] <= entry[x] <= last[h]
        span_t, span_h = (entry[t.i], last[t.i]), (entry[head.i], last[head.i])
        rest = [
            self.doc[i]
            for i in range(lo, hi)
            if not span_t[0] <= entry[i] <= span_t[1] and span_h[0] <= entry[i] <= span_h[1]
        ]
        runs: list[list[Token]] = [[]]
        for x in sorted(rest, key=lambda x: x.i):
            if runs[-1] and x.i != runs[-1][-1].i + 1:
                runs.append([])
            runs[-1].append(x)
        span = clause_span(max(runs, key=len))
        if span is None:
            return []
        return [Indirect(span[0], span[1], t, self.f.cue_subject(t), 0)]

    def _that_clauses(self, t: Token, subj: Token | None, k: int, hi: int) -> list[Indirect]:
        doc = self.doc
        parts: list[list[Token]] = [[]]
        j = k
        while j < hi:
            x = doc[j]
            if x.lower_ == "and" and j + 1 < hi and doc[j + 1].lower_ == "that":
                parts.append([])
                j += 2
                continue
            parts[-1].append(x)
            j += 1
        out: list[Indirect] = []
        for part in parts:
            out.extend(self._make(part, t, subj, rank=1))
        return out

    def _make(self, toks: list[Token], t: Token, subj: Token | None, rank: int = 1) -> list[Indirect]:
        span = clause_span(toks)
        return [Indirect(span[0], span[1], t, subj, rank)] if span is not None else []


def _overlaps(a: int, b: int, ranges: list[tuple[int, int]]) -> bool:
    return any(a < y and x < b for x, y in ranges)


def _own_outlet(finder: CueFinder, c: Indirect, speaker: Speaker) -> bool:
    """True when the source is the article's own outlet ("according to a review by the Post")."""
    outlet = doc_value(finder.doc, "nl_outlet")
    if not outlet or c.subject is None:
        return False
    name = outlet.lower().removeprefix("the ").strip()
    sub = list(c.subject.subtree)
    mention = finder.text[min(t.idx for t in sub) : max(t.idx + len(t.text) for t in sub)].lower()
    return bool(name) and (name in mention or speaker.name.lower().removeprefix("the ").strip() == name)


def _nested_report(finder: CueFinder, c: Indirect, spans: list[tuple[int, int]]) -> bool:
    """True when ``c`` is a report of its own inside an earlier clause ("... when she estimated that X")."""
    subj = c.subject
    if subj is None or c.cue.idx < 0:
        return False
    inside = [(a, b) for a, b in spans if a <= c.start and c.end <= b]
    if len(inside) != 1 or not any(a <= c.cue.idx < b for a, b in inside):
        return False
    cls = finder.resolver.m.classify(subj)
    return cls is not None and cls.kind in ("person", "pronoun", "body")


def find_indirect(
    finder: CueFinder, taken: list[tuple[int, int]] | None = None
) -> list[tuple[Indirect, Speaker]]:
    """Every reported clause of the Doc with its resolved speaker, in text order.

    Clauses do not overlap, except a report made inside another one by a speaker of its own.
    The article's own reporting ("according to a review by <the outlet>") is not a quote.
    """
    ind = IndirectFinder(finder)
    if taken is None:  # the quotations kept as quotes (scare quotes may sit inside a reported clause)
        taken = [(s.open_at, s.close_end) for s in finder.spans]
    found: list[Indirect] = []
    for t in finder.verbs(0, len(finder.doc)):
        if finder.is_cue(t):
            found.extend(ind.candidates(t))
    # parse-based clauses first, then the longest: an inner clause is part of the outer quote
    found.sort(key=lambda c: (c.rank, -(c.end - c.start), c.start))
    kept: list[tuple[Indirect, Speaker]] = []
    spans: list[tuple[int, int]] = []
    for c in found:
        if _overlaps(c.start, c.end, taken):
            continue
        if _overlaps(c.start, c.end, spans) and not _nested_report(finder, c, spans):
            continue
        if c.subject is None or finder.blocked[c.subject.i]:
            continue
        speaker = finder.resolver.resolve(c.subject)
        if speaker is None or _own_outlet(finder, c, speaker):
            continue
        spans.append((c.start, c.end))
        kept.append((c, speaker))
    kept.sort(key=lambda cs: cs[0].start)
    return kept
