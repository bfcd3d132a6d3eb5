"""Attribution scoring against PARC-style stand-off annotations (PolNeAR), beside the peers.

PolNeAR (networkdynamics/PolNeAR) annotates every attribution in political news as a source, a cue
and a content span (BRAT stand-off: ``T1<TAB>Content 120 211<TAB>text`` plus an ``E`` line tying
them together). This module reads a compartment (train or dev; the test compartment is held out and
never read), and scores predicted attributions the way issue 15 asks:

* predicted and gold contents are matched one to one, greedily by token overlap, a pair counting
  when the shared tokens are at least half of the shorter span (``MIN_OVERLAP``);
* **overlap** precision/recall/F1 count those matches; **exact** counts matches whose normalised
  tokens are identical (case-folded word tokens: quote marks and punctuation do not count; a
  leading "that" does not count either: PARC 3.0 and newsledger leave the complementiser out of a
  content, PolNeAR's annotators mostly kept it in, so either convention matches);
* a prediction is one attribution; predictions naming the same cue (its offsets) are the parts
  of one discontinuous content, as PARC counts them (:func:`one_per_cue`);
* **source** accuracy is over matched contents: right when the predicted source covers the gold
  source's head token (its syntactic head when :func:`with_source_heads` parsed the documents,
  "Jane Roe" in "Jane Roe, a lawyer for the city"; else its last word), or, where the gold source
  is a pronoun, when the predicted source is a name mentioned shortly before it
  (``ANTECEDENT_WINDOW`` characters): a named antecedent. ``source.accuracy.roles`` also counts a
  named antecedent of a description ("the judge" -> the judge's name) as right;
* **recall without quote marks**: recall over gold contents that hold no quotation mark.

Predictions are plain data (:class:`PredAttribution`), so newsledger, its rules alone and peer
tools are scored by one function.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from newsledger.data import load_yaml
from newsledger.errors import EvalError
from newsledger.eval.score import Counts

MIN_OVERLAP = 0.5
ANTECEDENT_WINDOW = 600
HELD_OUT = ("test",)

_TOKEN = re.compile(r"\w+", re.UNICODE)
_QUOTE_MARKS = re.compile("[\"“”„«»]")
_PRONOUNS = frozenset(w for group in load_yaml("roles.yaml")["pronouns"].values() for w in group)


Span = tuple[int, int]


@dataclass(frozen=True)
class GoldAttribution:
    content: tuple[Span, ...]  # one span, or several for a discontinuous content
    source: Span | None
    cue: Span | None
    source_head: int | None = None  # offset of the source's syntactic head (None: its last word)
    source_kind: str = ""  # "pronoun", "description" ("the judge": no proper noun) or "name"; "": unparsed


@dataclass(frozen=True)
class GoldDoc:
    name: str
    text: str
    attributions: tuple[GoldAttribution, ...]


@dataclass(frozen=True)
class PredAttribution:
    content: Span
    source: Span | None = None
    source_name: str | None = None  # the resolved name, when the source span is a pronoun or role
    kind: str = "indirect"
    cue: Span | None = None
    more: tuple[Span, ...] = ()  # the other parts of a discontinuous content

    @property
    def parts(self) -> tuple[Span, ...]:
        return (self.content, *self.more)


def one_per_cue(preds: Sequence[PredAttribution]) -> list[PredAttribution]:
    """One attribution per cue, as PARC counts them: predictions that name the same cue (its
    offsets) are the parts of one discontinuous content ('"X," she said. "Y"'), with the first
    part's source (or the first source given). Predictions without a cue stay as they are."""
    by_cue: dict[Span, list[PredAttribution]] = {}
    out: list[PredAttribution | Span] = []
    for p in preds:
        if p.cue is None:
            out.append(p)
        else:
            if p.cue not in by_cue:
                out.append(p.cue)
            by_cue.setdefault(p.cue, []).append(p)
    merged = []
    for item in out:
        if isinstance(item, PredAttribution):
            merged.append(item)
            continue
        group = sorted(by_cue[item], key=lambda p: p.content)
        named = next((p for p in group if p.source is not None or p.source_name), group[0])
        parts = tuple(sorted(x for p in group for x in p.parts))
        merged.append(
            PredAttribution(parts[0], named.source, named.source_name, group[0].kind, item, parts[1:])
        )
    return merged


@dataclass
class AttributionScores:
    gold: int = 0
    pred: int = 0
    matched: int = 0
    exact: int = 0
    source_ok: int = 0
    source_ok_roles: int = 0  # also right: a named antecedent of a description ("the judge")
    source_scored: int = 0  # matched contents whose gold has a source
    unquoted_gold: int = 0
    unquoted_found: int = 0
    token_tp: int = 0
    token_pred: int = 0
    token_gold: int = 0
    misses: list[str] = field(default_factory=list)
    docs: int = 0  # articles scored so far
    pairs: list[tuple[int, int, int, bool]] = field(default_factory=list)  # (article, pred, gold, exact)

    @staticmethod
    def _f1(tp: int, pred: int, gold: int) -> tuple[float, float, float]:
        c = Counts(tp=tp, fp=pred - tp, fn=gold - tp)
        return c.precision, c.recall, c.f1

    def metrics(self) -> dict[str, float]:
        op, orr, of = self._f1(self.matched, self.pred, self.gold)
        ep, er, ef = self._f1(self.exact, self.pred, self.gold)
        tp, tr, tf = self._f1(self.token_tp, self.token_pred, self.token_gold)
        return {
            "content.overlap.precision": op,
            "content.overlap.recall": orr,
            "content.overlap.f1": of,
            "content.exact.precision": ep,
            "content.exact.recall": er,
            "content.exact.f1": ef,
            "content.token.f1": tf,
            "content.token.precision": tp,
            "content.token.recall": tr,
            "source.accuracy": self.source_ok / self.source_scored if self.source_scored else 0.0,
            "source.accuracy.roles": self.source_ok_roles / self.source_scored if self.source_scored else 0.0,
            "recall.unquoted": self.unquoted_found / self.unquoted_gold if self.unquoted_gold else 0.0,
        }


def tokens(text: str, span: Span) -> list[tuple[int, str]]:
    """(offset, case-folded word) of every word token inside ``span``."""
    return [(m.start(), m.group().casefold()) for m in _TOKEN.finditer(text, span[0], span[1])]


def _normalised(toks: list[tuple[int, str]]) -> list[str]:
    words = [w for _, w in toks]
    return words[1:] if len(words) > 1 and words[0] == "that" else words


def _content_tokens(text: str, spans: Iterable[Span]) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    for span in spans:
        out.extend(tokens(text, span))
    return out


def read_ann(ann: str) -> tuple[GoldAttribution, ...]:
    """Attributions of one BRAT stand-off file (PolNeAR's ``attributions/*.ann``)."""
    spans: dict[str, tuple[str, tuple[Span, ...]]] = {}
    events: list[dict[str, str]] = []
    for line in ann.splitlines():
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        if parts[0].startswith("T"):
            label, _, offsets = parts[1].partition(" ")
            frags = []
            for frag in offsets.split(";"):
                a, _, b = frag.strip().partition(" ")
                if a.isdigit() and b.isdigit():
                    frags.append((int(a), int(b)))
            spans[parts[0]] = (label, tuple(frags))
        elif parts[0].startswith("E"):
            roles = {}
            for arg in parts[1].split():
                role, _, ref = arg.partition(":")
                roles[role] = ref
            events.append(roles)
    out = []
    for roles in events:
        content = spans.get(roles.get("Content", ""), ("", ()))[1]
        if not content:
            continue
        src = spans.get(roles.get("Source", ""), ("", ()))[1]
        cue = spans.get(roles.get("Cue", ""), ("", ()))[1]
        out.append(
            GoldAttribution(
                content=content,
                source=(src[0][0], src[-1][1]) if src else None,
                cue=(cue[0][0], cue[-1][1]) if cue else None,
            )
        )
    return tuple(out)


def load_polnear(root: str | Path, compartment: str = "dev", limit: int | None = None) -> list[GoldDoc]:
    """The articles of one PolNeAR compartment with their attributions (the first annotator's file)."""
    if compartment in HELD_OUT:
        raise EvalError(f"the {compartment!r} compartment is held out", hint="Use 'train' or 'dev'.")
    base = Path(root) / "data" / compartment
    texts = sorted((base / "text").glob("*.txt"))
    if not texts:
        raise EvalError(f"{base}: no text files", hint="Run ../shared/tools/polnear-trainset first.")
    anns = sorted((base / "attributions").glob("*.ann"))
    docs = []
    for path in texts[:limit] if limit else texts:
        ann = next((a for a in anns if a.name.startswith(path.stem + "_")), None)
        if ann is None:
            continue
        text = path.read_text(encoding="utf-8")
        docs.append(GoldDoc(path.stem, text, read_ann(ann.read_text(encoding="utf-8"))))
    return docs


def with_source_heads(docs: Sequence[GoldDoc], nlp: Any) -> list[GoldDoc]:
    """The documents with each source's syntactic head found by parsing the text with ``nlp`` (a
    spaCy pipeline with a parser), and whether the source names no one itself (a pronoun, or a
    description with no proper noun: "the judge", whose named antecedent is a right answer too).
    Without this, a source's head is its last word, wrong for "Jane Roe, a lawyer for the city"."""
    out = []
    for doc, parsed in zip(docs, nlp.pipe(d.text for d in docs), strict=True):
        atts = []
        for att in doc.attributions:
            span = parsed.char_span(*att.source, alignment_mode="expand") if att.source else None
            if span is None or not len(span):
                atts.append(att)
                continue
            root = span.root
            kind = "name"
            if root.pos_ == "PRON":
                kind = "pronoun"
            elif root.pos_ == "NOUN" and not any(t.pos_ == "PROPN" for t in span):
                kind = "description"
            atts.append(replace(att, source_head=root.idx, source_kind=kind))
        out.append(replace(doc, attributions=tuple(atts)))
    return out


def _source_ok(
    doc: GoldDoc, gold: GoldAttribution, pred: PredAttribution, descriptions: bool = False
) -> bool:
    """Right when the prediction covers the gold source's head, names the same head word, or, where
    the gold source is a pronoun (and, with ``descriptions``, a description such as "the judge"),
    names someone mentioned shortly before it: a named antecedent."""
    if gold.source is None:
        return False
    head = tokens(doc.text, gold.source)
    if not head:
        return False
    head_pos, head_word = head[-1]
    if gold.source_head is not None:
        at = [(o, w) for o, w in head if o <= gold.source_head]
        head_pos, head_word = at[-1] if at else head[0]
    if pred.source is not None and pred.source[0] <= head_pos < pred.source[1]:
        return True
    name = pred.source_name or (doc.text[pred.source[0] : pred.source[1]] if pred.source else "")
    name_words = [w.casefold() for w in _TOKEN.findall(name)]
    if not name_words:
        return False
    if name_words[-1] == head_word:
        return True
    kind = gold.source_kind or ("pronoun" if head_word in _PRONOUNS else "name")
    if (kind == "pronoun" or (descriptions and kind == "description")) and name_words[-1] not in _PRONOUNS:
        window = doc.text[max(0, gold.source[0] - ANTECEDENT_WINDOW) : gold.source[0]].casefold()
        return re.search(rf"\b{re.escape(name_words[-1])}\b", window) is not None
    return False


def score_doc(doc: GoldDoc, preds: Sequence[PredAttribution], scores: AttributionScores) -> None:
    """Add one article's matches to ``scores``."""
    gold_toks = [_content_tokens(doc.text, g.content) for g in doc.attributions]
    pred_toks = [_content_tokens(doc.text, p.parts) for p in preds]
    scores.gold += sum(1 for t in gold_toks if t)
    scores.pred += sum(1 for t in pred_toks if t)
    gold_pos = set().union(*[{o for o, _ in t} for t in gold_toks]) if gold_toks else set()
    pred_pos = set().union(*[{o for o, _ in t} for t in pred_toks]) if pred_toks else set()
    scores.token_tp += len(gold_pos & pred_pos)
    scores.token_gold += len(gold_pos)
    scores.token_pred += len(pred_pos)
    pairs = []
    for gi, gt in enumerate(gold_toks):
        gset = {o for o, _ in gt}
        for pi, pt in enumerate(pred_toks):
            pset = {o for o, _ in pt}
            if not gset or not pset:
                continue
            shared = len(gset & pset)
            ratio = shared / min(len(gset), len(pset))
            if ratio >= MIN_OVERLAP:
                pairs.append((ratio, shared, gi, pi))
    pairs.sort(key=lambda x: (-x[0], -x[1], x[2], x[3]))
    used_g: set[int] = set()
    used_p: set[int] = set()
    for _, _, gi, pi in pairs:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        scores.matched += 1
        exact = _normalised(gold_toks[gi]) == _normalised(pred_toks[pi])
        scores.exact += exact
        scores.pairs.append((scores.docs, pi, gi, exact))
        gold = doc.attributions[gi]
        if gold.source is not None:
            scores.source_scored += 1
            scores.source_ok += _source_ok(doc, gold, preds[pi])
            scores.source_ok_roles += _source_ok(doc, gold, preds[pi], descriptions=True)
    for gi, gold in enumerate(doc.attributions):
        if not gold_toks[gi]:
            continue
        if not any(_QUOTE_MARKS.search(doc.text[a:b]) for a, b in gold.content):
            scores.unquoted_gold += 1
            scores.unquoted_found += gi in used_g
        if gi not in used_g and len(scores.misses) < 200:
            a, b = gold.content[0][0], gold.content[-1][1]
            scores.misses.append(f"{doc.name}: {doc.text[a:b][:160]!r}")
    scores.docs += 1


def score_attributions(
    docs: Sequence[GoldDoc], predictions: Sequence[Sequence[PredAttribution]]
) -> AttributionScores:
    """Score predictions (one list per doc, in the same order) against the gold documents."""
    if len(docs) != len(predictions):
        raise EvalError(f"{len(predictions)} prediction lists for {len(docs)} documents")
    scores = AttributionScores()
    for doc, preds in zip(docs, predictions, strict=True):
        score_doc(doc, preds, scores)
    return scores
