"""Frame frames of one sentence and how they combine into a chain.

Frames come from the parse:

* reporting verbs (``data/reporting_verbs.txt``) in a main clause, with their subject, the
  outlet they told ("one source told Meduza": Meduza is outer; "told reporters" adds nothing),
  the agent of a passive ("was quoted by X") and a ``citing`` participle (its object is inner);
  a negated verb ("did not comment", "did not mention") is no frame;
* ``according to X``, where "a report by X" or "X's report" gives X;
* a recording, post or video that "shows"/"captures" something: its sharer (or the item itself
  when nobody is named) is the source, and it opens a carrier for the voices heard in it.

Frames nested in each other's content merge into one chain, outer first ("Meduza reported that
officials said ..."); frames side by side split the sentence ("A denied X, while B said Y").
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from newsledger.extract._doc import doc_text
from newsledger.extract.lexicon import lexicon as words_lexicon
from newsledger.extract.mentions import (
    CARRIER_TYPES,
    RELEASE_VERBS,
    SUBJECTS,
    Carrier,
    History,
    Mention,
    agent_of,
    make_mention,
    not_a_source,
    resolve,
)
from newsledger.extract.nounphrase import subject_of
from newsledger.extract.quotemarks import find_quotes

# Marks that make a reporting clause background, not the attribution of the sentence.
_LEX = words_lexicon()  # data/attribution.yaml
_BACKGROUND_MARKS = _LEX.background_marks
# Deps under which a reporting verb describes something instead of attributing the sentence.
_EMBEDDED_DEPS = {"relcl", "acl", "amod", "pcomp", "compound", "csubj", "nmod", "pobj", "npadvmod"}
_EVIDENCE_VERBS = _LEX.evidence_verbs
_RAISING_REPORT = _LEX.raising_report_verbs
_MEDIUM_HEADS = _LEX.addressee_media
_FILMED = _LEX.filmed
_REQUEST_VERBS = _LEX.request_verbs


def reporting_lemmas() -> frozenset[str]:
    """Lemmas of reporting verbs (``data/reporting_verbs.txt``, the one lexicon's ``reporting``)."""
    return _LEX.reporting


@dataclass
class Frame:
    chain: list[Mention]
    cue: str | None
    head: Token  # the clause head the attribution governs
    anchor: int  # token index of the cue
    via: Carrier | None = None  # the recording or video its last source is heard in
    opens: Carrier | None = None  # the carrier this frame introduced ("a recording ... captures")
    frames: int = 1  # how many frames were merged into it


@dataclass
class Unit:
    start: int  # token indices [start, end)
    end: int
    para: int


def is_reporting(tok: Token) -> bool:
    return tok.pos_ == "VERB" and tok.lemma_.lower() in reporting_lemmas()


def _negated(verb: Token) -> bool:
    return any(c.dep_ == "neg" for c in verb.children)


def _is_attributive(verb: Token) -> bool:
    if verb.dep_ in _EMBEDDED_DEPS or _negated(verb):
        return False
    infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    if verb.dep_ == "xcomp" and infinitive and verb.lemma_.lower() != "cite":
        return False  # "were told to report units as fully staffed": an order, not a report
    requests = any(
        c.dep_ == "xcomp" and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
        for c in verb.children
    )
    if (
        requests
        and verb.lemma_.lower() in _REQUEST_VERBS
        and not any(c.dep_ == "ccomp" for c in verb.children)
    ):
        return False  # "asked the president to set a date"
    if (
        verb.tag_ == "VBN"
        and verb.dep_ in ("advcl", "conj")
        and not any(c.dep_ in SUBJECTS for c in verb.children)
    ):
        return False  # "Asked if ..., he replies"
    if verb.lemma_.lower() in _RAISING_REPORT and not any(c.dep_ in ("ccomp", "dobj") for c in verb.children):
        infinitive = any(
            c.dep_ == "xcomp" and any(a.lower_ == "to" for a in c.children) for c in verb.children
        )
        if infinitive:
            return False  # "advisers said to be shielding him": a hedge, not an attribution
    if any(c.dep_ == "mark" and c.lower_ in _BACKGROUND_MARKS for c in verb.children):
        return False
    if verb.dep_ in ("xcomp", "advcl") and verb.lemma_.lower() != "cite" and not is_reporting(verb.head):
        return verb.dep_ == "advcl" and any(c.dep_ == "nsubj" for c in verb.children)
    if verb.dep_ == "ccomp":
        has_clause = any(c.dep_ in ("ccomp", "xcomp") for c in verb.children)
        has_object = any(c.dep_ == "dobj" for c in verb.children)
        return has_clause or not has_object
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
    if passive:
        return agent_of(verb) is not None or verb.lemma_.lower() in _LEX.passive_source_verbs
    subj = subject_of(verb)
    return (subj is not None and subj.lower_ != "there") or verb.lemma_.lower() == "cite"


def _named_outlet(chain: list[Mention]) -> bool:
    """A chain that ends in a named news outlet (not "reporters" or "journalists")."""
    if not chain or chain[-1].source.type != "media_outlet":
        return False
    name = chain[-1].source.name
    return any(w[:1].isupper() for w in name.split() if w.lower() not in ("the", "a", "an"))


def _addressee(chain: list[Mention]) -> list[Mention]:
    """The outlet part of an addressee's chain ("told the newspaper": the newspaper, not the
    sources it cited); empty when the addressee is no named outlet."""
    for k in range(len(chain) - 1, -1, -1):
        if _named_outlet(chain[: k + 1]):
            return chain[: k + 1]
    return []


def _inner_links(verb: Token, unit: int, history: History) -> tuple[list[Mention], list[Mention]]:
    """(outer, inner) links a reporting verb adds around its subject: the outlet told or the
    passive's agent (outer); the object of ``citing`` (inner). The medium ("in a Telegram post")
    and addressees that are no outlet ("told reporters") are not links."""
    outer: list[Mention] = []
    inner: list[Mention] = []
    verbs = [verb, *(c for c in verb.children if c.dep_ in ("xcomp",) and is_reporting(c))]
    for v in verbs:
        agent = agent_of(v)
        if agent is not None and v.lemma_.lower() in _LEX.agent_report_verbs:
            outer.extend(resolve(agent, unit, history))
        for child in v.children:
            if child.dep_ in ("dobj", "dative") and v.lemma_.lower() in ("tell", "inform"):
                outer.extend(_addressee(resolve(child, unit, history)))
            if child.dep_ == "prep" and child.lower_ in ("in", "on", "to", "via"):
                pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if pobj is None:
                    continue
                for sub in pobj.children:  # "in an interview with the Associated Press"
                    if sub.dep_ == "prep" and sub.lower_ == "with" and pobj.lemma_.lower() in _MEDIUM_HEADS:
                        target = next((c for c in sub.children if c.dep_ == "pobj"), None)
                        if target is not None:
                            outer.extend(_addressee(resolve(target, unit, history)))
                if child.lower_ == "to" and v.lemma_.lower() in _LEX.said_to_verbs:
                    outer.extend(_addressee(resolve(pobj, unit, history)))
            if child.lemma_.lower() == "cite" and child.dep_ in ("advcl", "xcomp", "conj", "prep"):
                obj = next((c for c in child.children if c.dep_ in ("dobj", "pobj")), None)
                if obj is not None:
                    inner.extend(resolve(obj, unit, history))
    return outer, inner


def _verb_attribution(verb: Token, unit: int, history: History) -> Frame | None:
    lemma = verb.lemma_.lower()
    subjects = [c for c in verb.children if c.dep_ in SUBJECTS]
    # two subjects is a parse error ("the business daily Vedomir"): the name is the subject
    subj = next((c for c in subjects if c.pos_ == "PROPN"), subjects[0] if subjects else None)
    pronoun = subj is not None and subj.pos_ == "PRON"
    if pronoun and verb.dep_ == "ccomp" and is_reporting(verb.head) and subject_of(verb.head) is not None:
        return None  # "X said he had written to ...": X's own account, one frame
    if subj is None and verb.dep_ == "acl" and lemma == "cite":
        subj = verb.head
    if subj is None:
        subj = subject_of(verb)
    passive = any(c.dep_ == "auxpass" for c in verb.children)
    chain: list[Mention] = []
    if subj is not None and (not passive or lemma in _LEX.passive_source_verbs) and subj.lower_ != "there":
        chain = resolve(subj, unit, history)
        if chain and not_a_source(chain[-1], subj):
            return None
    outer, inner = _inner_links(verb, unit, history)
    if lemma == "cite" and not inner:
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if obj is not None:
            inner = resolve(obj, unit, history)
    chain = [m for m in (*outer, *chain, *inner) if not m.medium]
    if not chain:
        return None
    return Frame(chain, verb.text, verb, verb.i)


def quoted(doc: Doc, unit: Unit) -> set[int]:
    """Token indexes inside quotation marks in the unit (a quoted speaker's words, not the frame):
    the quotations paired by :mod:`newsledger.extract.quotemarks`, marks included."""
    inside: set[int] = set()
    lo, hi = doc[unit.start].idx, doc[unit.end - 1].idx + len(doc[unit.end - 1])
    for a, b in _quotations(doc):
        if a < hi and lo < b:
            span = doc.char_span(max(a, lo), min(b, hi), alignment_mode="expand")
            inside.update(t.i for t in span or ())
    return inside


def _quotations(doc: Doc) -> list[tuple[int, int]]:
    cached = doc.user_data.get("nl_quotations")
    if not isinstance(cached, list):
        cached = [(q.open_at, q.close_end) for q in find_quotes(doc_text(doc))]
        doc.user_data["nl_quotations"] = cached
    return cached


def sharers(noun: Token, index: int, history: History) -> list[Mention]:
    """Who released, shared or posted the item ``noun`` names (the item itself excluded)."""
    item = make_mention(noun)
    return [m for m in resolve(noun, index, history) if not m.medium and m.source.start != item.source.start]


def _carrier(noun: Token, index: int, history: History) -> Carrier | None:
    item = make_mention(noun)
    kind = item.source.type
    if kind == "document" and noun.lemma_.lower() in _FILMED:
        kind = "social_media"  # people seen in a video speak through it
    if kind not in CARRIER_TYPES:
        return None
    carrier = Carrier(sharers(noun, index, history), kind, index, noun.lemma_.lower())
    carrier.voices = _voices(noun)
    return carrier


def _voices(medium: Token) -> list[Mention]:
    """People described as heard in a recording: "a call in which a soldier complains"."""
    out: list[Mention] = []
    for tok in medium.subtree:
        if tok.dep_ == "relcl":
            subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
            if subj is not None and subj.pos_ in ("NOUN", "PROPN"):
                out.append(make_mention(subj))
    return out


def _evidence(tok: Token, index: int, history: History) -> Frame | None:
    """ "A second intercepted recording, shared by X, purportedly captures ...": X is the source
    (the recording itself when nobody is named) and the recording opens a carrier."""
    subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
    if subj is None or subj.pos_ != "NOUN":
        return None
    if not any(c.dep_ in ("det", "poss") for c in subj.children):
        return None  # "intercepted calls show ...": a generic statement, no particular item
    carrier = _carrier(subj, index, history)
    if carrier is None:
        return None
    obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
    if obj is not None and obj.pos_ in ("NOUN", "PROPN"):
        carrier.voices.append(make_mention(obj))
        for sub in obj.subtree:  # "a soldier named Dmitry"
            if sub.pos_ == "PROPN" and sub.i != obj.i:
                carrier.voices.append(make_mention(sub))
    chain = carrier.outer or [make_mention(subj)]
    return Frame(list(chain), tok.text, tok, tok.i, opens=carrier)


def _release(tok: Token, index: int, history: History) -> None:
    """ "The security service released a recording of a call in which ...": no frame of its own
    (the outlet reports the release), but the recording opens a carrier for its voices."""
    obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
    subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
    if obj is None or subj is None:
        return
    carrier = _carrier(obj, index, history)
    if carrier is not None:
        carrier.outer = [m for m in resolve(subj, index, history) if not m.medium]
        history.carrier = carrier


def unit_attributions(doc: Doc, unit: Unit, index: int, history: History) -> list[Frame]:
    """The attribution frames of one unit, in text order."""
    found: list[Frame] = []
    handled_cites: set[int] = set()
    tokens = doc[unit.start : unit.end]
    inside = quoted(doc, unit)
    for tok in tokens:
        lemma = tok.lemma_.lower()
        if tok.i in inside:
            continue
        if tok.lower_ == "according":
            to = next((c for c in tok.children if c.lower_ == "to"), None)
            pobj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
            if pobj is not None:
                chain = [m for m in resolve(pobj, index, history) if not m.medium]
                if chain:
                    found.append(Frame(chain, "according to", tok.head, tok.i))
            continue
        if is_reporting(tok) and lemma != "cite" and _is_attributive(tok):
            att = _verb_attribution(tok, index, history)
            if att is not None:
                handled_cites.update(c.i for c in tok.children if c.lemma_.lower() == "cite")
                found.append(att)
            continue
        if lemma == "cite" and tok.pos_ == "VERB":
            continue  # handled after the loop, once the governing verbs are known
        if tok.pos_ == "VERB" and lemma in RELEASE_VERBS and tok.dep_ not in _EMBEDDED_DEPS:
            _release(tok, index, history)
            continue
        if tok.pos_ == "VERB" and lemma in _EVIDENCE_VERBS and tok.dep_ in ("ROOT", "conj", "ccomp"):
            att = _evidence(tok, index, history)
            if att is not None:
                found.append(att)
    for tok in tokens:
        if tok.lemma_.lower() == "cite" and tok.pos_ == "VERB" and tok.i not in handled_cites | inside:
            reporting = [a for a in found if a.anchor < tok.i and a.cue not in (None, "according to")]
            obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
            if reporting and obj is not None and not any(c.dep_ in SUBJECTS for c in tok.children):
                reporting[-1].chain.extend(resolve(obj, index, history))  # "X reports, citing Y"
                continue
            att = _verb_attribution(tok, index, history)
            if att is not None:
                found.append(att)
    found.sort(key=lambda a: a.anchor)
    return found


# --------------------------------------------------------------------------- combining frames


def _within(tok: Token, ancestor: Token) -> bool:
    return tok.i == ancestor.i or ancestor in tok.ancestors


def _nested(inner: Token, outer: Token) -> bool:
    """Whether ``inner`` sits in the content of ``outer`` (not in a coordinated or adverbial
    clause beside it: "A denied X, while B said Y" holds two attributions side by side)."""
    if inner.i == outer.i:
        return True
    node = inner
    while node.head.i != node.i:
        if node.head.i == outer.i:
            if (
                node.dep_ == "advcl"
                and node.tag_ == "VBG"
                and not any(c.dep_ in SUBJECTS for c in node.children)
            ):
                return True  # "denied the report, saying ...": one frame
            return node.dep_ not in ("advcl", "conj", "parataxis")
        node = node.head
    return False


def _side_blocks(merged: list[Frame], unit: Unit) -> list[tuple[int, int, Frame | None]] | None:
    """Cut the subordinate attributed clauses that open or close the unit ("While A said X,
    B denied Y"); the shallowest attribution keeps the rest. None when they sit mid-sentence."""
    host = min(merged, key=lambda a: sum(1 for _ in a.head.ancestors))
    doc = host.head.doc
    lo, hi = unit.start, unit.end
    out: list[tuple[int, int, Frame | None]] = []
    for att in sorted((a for a in merged if a is not host), key=lambda a: a.head.left_edge.i):
        left, right = att.head.left_edge.i, att.head.right_edge.i + 1
        if _within(host.head, att.head):
            return None
        if left <= lo:
            out.append((lo, right, att))
            lo = right
        elif all(t.is_punct or t.is_space for t in doc[right:hi]):
            out.append((left, hi, att))
            hi = left
        else:
            return None
    if lo >= hi:
        return None
    out.append((lo, hi, host))
    return sorted(out, key=lambda r: r[0])


_SEPARATORS = "newsledger.attribution.separators"
MAX_CHAINS = 24  # attributions of one unit that a later one may join (far more than a sentence holds)


def _alternatives(a: Frame, b: Frame) -> bool:
    """Two "according to" phrases on one clause give two sources side by side ("9,000 according
    to A, and 3,000 according to B"): neither cites the other."""
    if not (a.cue == b.cue == "according to") or a.anchor == b.anchor:
        return False
    doc = a.head.doc
    first, second = sorted((doc[a.anchor], doc[b.anchor]), key=lambda t: t.i)
    if first.right_edge.i >= second.i:
        return False  # one phrase sits inside the other
    seps = _separators(doc)  # "and", "but", "while", ";" between the two phrases
    k = bisect_left(seps, first.right_edge.i + 1)
    return k < len(seps) and seps[k] < second.i


def _separators(doc: Doc) -> list[int]:
    """Indices of the tokens that set two sources side by side (computed once per Doc)."""
    seps: list[int] | None = doc.user_data.get(_SEPARATORS)
    if seps is None:
        seps = [t.i for t in doc if t.dep_ == "cc" or t.lower_ in ("while", "whereas", ";")]
        doc.user_data[_SEPARATORS] = seps
    return seps


def _cut_after_anchors(merged: list[Frame], unit: Unit) -> list[tuple[int, int, Frame | None]]:
    """Split the unit after each "according to" phrase but the last: each part keeps its source."""
    doc = merged[0].head.doc
    ranges: list[tuple[int, int, Frame | None]] = []
    start = unit.start
    ordered = sorted(merged, key=lambda a: a.anchor)
    for k, att in enumerate(ordered):
        end = unit.end if k == len(ordered) - 1 else min(doc[att.anchor].right_edge.i + 1, unit.end)
        if end <= start:
            continue
        ranges.append((start, end, att))
        start = end
    return ranges


def combine(atts: list[Frame], unit: Unit) -> list[tuple[int, int, Frame | None]]:
    """Clauses of the unit as token ranges with their attribution: nested attributions are
    merged into one chain (outer clause first); attributions of separate clauses split the unit."""
    if not atts:
        return [(unit.start, unit.end, None)]
    merged: list[Frame] = []
    for att in atts:
        host = None
        for prev in merged[:MAX_CHAINS]:  # a run-on "unit" of thousands of cues stays linear
            if _alternatives(att, prev):
                continue
            if _nested(att.head, prev.head) or _nested(prev.head, att.head):
                host = prev
                break
        if host is None:
            merged.append(Frame(list(att.chain), att.cue, att.head, att.anchor, via=att.via, opens=att.opens))
            continue
        names = [m.source.name for m in host.chain]
        extra = [m for m in att.chain if m.source.name not in names]
        if not extra:
            continue
        host.frames += 1
        host.via = host.via or att.via
        host.opens = host.opens or att.opens
        if att.head.i == host.head.i and "according to" in (att.cue, host.cue):
            att_outer = att.cue == "according to"  # "According to the indictment, X told ..."
        else:
            att_outer = _within(host.head, att.head)
            if att_outer and att.head.i != host.head.i:
                att_outer = not _within(att.head, host.head)
        host.chain = [*extra, *host.chain] if att_outer else [*host.chain, *extra]
    if len(merged) == 1:
        return [(unit.start, unit.end, merged[0])]
    if all(_alternatives(a, merged[0]) for a in merged[1:]):
        return _cut_after_anchors(merged, unit)
    blocks = _side_blocks(merged, unit)
    if blocks is not None:
        return blocks
    # separate clauses: cut before the left edge of each later clause
    merged.sort(key=lambda a: a.head.left_edge.i)
    ranges: list[tuple[int, int, Frame | None]] = []
    start = unit.start
    for k, att in enumerate(merged):
        end = unit.end if k == len(merged) - 1 else max(merged[k + 1].head.left_edge.i, start + 1)
        if k == len(merged) - 1 or merged[k + 1].head.left_edge.i > start:
            ranges.append((start, end, att))
            start = end
    return ranges
