"""What a figure counts: the noun phrase of a number expression (used by extract/figures.py).

``counted`` is the noun phrase the number counts, lower case, without determiners, possessives
or "more/another" (docs/eval.md). It is found, in this order:

1. right after the number: ``"134,500 conscripts"``, ``"more than 200,000 dead and wounded"``,
   across the stray full stop of translated pages (``"300 thousand. people"``) and across a
   count compound (``"a 1,200-strong battalion"``);
2. in ``"N of (the/her) NP"`` (``"11 of her 24 teachers"``); a pronoun there (``"a third of
   them"``, ``"19 of those"``) is resolved to the counted noun of the latest figure before it in
   the sentence or the one before, else to the nearest plural noun before it;
3. from the parse, for a number with no noun: the count noun construction (``"the number of
   mobilised reached 300,000"`` -> ``mobilised``, also ``"brings the number of X to N"``) and
   the subject of a change verb (``"Measles cases rose to 2,140"`` -> ``measles cases``);
4. by ellipsis from a figure of the same sentence (see :func:`elided_from`): ``"from 18 to 14"``,
   ``"up from 610"``, ``"including six"`` count what the figure they are compared with counts.

Money and measures take ``"of NP"`` right after them (across a closing quote mark), else nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from spacy.tokens import Doc, Span, Token

from newsledger.data import load_yaml
from newsledger.extract._doc import doc_text
from newsledger.extract.numbers import CUES_FILE, NumberExpr
from newsledger.extract.tokenview import token_view

_NOMINAL_POS = frozenset({"NOUN", "PROPN", "ADJ"})
_SKIP_ADJ = frozenset({"more", "other", "another", "further"})
_PRONOUNS = frozenset({"them", "those", "these", "which", "whom"})  # not "what": a free relative


@dataclass(frozen=True)
class Cues:
    months: frozenset[str]
    debris: frozenset[str]
    drop: frozenset[str]
    count_nouns: frozenset[str]
    change_verbs: frozenset[str]
    not_counted: frozenset[str]
    fixed_of: frozenset[str]
    of_units: frozenset[str]  # "234 km2 of farmland": the unit's "of" phrase is what is counted
    ellipsis_before: frozenset[str]  # "up from 400,000": the counted noun is elided after these
    measured_verbs: frozenset[str]  # "the fare is $2.75": verbs whose subject is what is measured
    participle_after: frozenset[str]  # "asylum seekers rescued off ...": words after a counted participle


@lru_cache(maxsize=1)
def cues() -> Cues:
    raw: dict[str, Any] = load_yaml(CUES_FILE)
    return Cues(
        months=frozenset(str(m).lower() for m in raw["months"]),
        debris=frozenset(str(m).lower() for m in raw["debris_counted"]),
        drop=frozenset(str(m).lower() for m in raw["counted_drop"]),
        count_nouns=frozenset(str(m).lower() for m in raw["count_nouns"]),
        change_verbs=frozenset(str(m).lower() for m in raw["change_verbs"]),
        not_counted=frozenset(str(m).lower() for m in raw["not_antecedents"]),
        fixed_of=frozenset(str(m).lower() for m in raw["fixed_of_phrases"]),
        of_units=frozenset(str(m) for m in raw["of_units"]),
        ellipsis_before=frozenset(str(m).lower() for m in raw["ellipsis_before"]),
        measured_verbs=frozenset(str(m).lower() for m in raw["measured_verbs"]),
        participle_after=frozenset(str(m).lower() for m in raw["participle_after"]),
    )


def nominal(tok: Token) -> bool:
    """A word that can be (part of) what a number counts."""
    if tok.is_punct or tok.like_num:
        return False
    if tok.is_stop and tok.lower_ != "dead" and (tok.pos_ != "NOUN" or tok.lower_ in cues().drop):
        return False  # spaCy's stop words include nouns ("call", "side", "part"): those can be counted
    if tok.pos_ in _NOMINAL_POS:
        return True
    return tok.tag_ == "VBN"  # "mobilised", "wounded"


def _conjoined(doc: Doc, j: int, limit: int, out: list[Token]) -> bool:
    """Whether the "and"/"or" at ``j`` joins another counted word to ``out``."""
    if j + 1 >= limit:
        return False
    nxt = doc[j + 1]
    if all(t.pos_ != "NOUN" for t in out):
        # "dead and wounded", "killed or injured"; the tagger often reads the second
        # participle as a finite verb, which is fine when no object follows it.
        if nominal(nxt):
            return True
        after = doc[j + 2] if j + 2 < limit else None
        return nxt.tag_ in ("VBD", "VBN") and (
            after is None or after.is_punct or after.pos_ in ("ADP", "CCONJ")
        )
    if not nominal(nxt) or (nxt.pos_ == "PROPN" and all(t.pos_ != "PROPN" for t in out)):
        return False  # "66 seats and Liberal Democrats ...": a name starts another clause
    heads = {t.i for t in out}
    return any(t.dep_ == "conj" and t.head.i in heads for t in doc[j + 1 : min(limit, j + 4)])


def phrase_after(doc: Doc, i: int, limit: int) -> list[Token]:
    """The nominal phrase starting at token ``i`` ("contract soldiers", "dead and wounded")."""
    out: list[Token] = []
    seen_noun = False
    j = i
    while j < limit:
        tok = doc[j]
        if not out and tok.lower_ in _SKIP_ADJ:
            j += 1
        elif tok.tag_ == "POS" and out:  # "Ukraine's territory": the owner is not counted
            out, seen_noun = [], False
            j += 1
        elif nominal(tok) or (
            tok.tag_ in ("VBD", "VBG") and not out and j + 1 < limit and doc[j + 1].pos_ == "NOUN"
        ):
            # "three intercepted calls": the tagger reads the participle as a finite verb
            if seen_noun and tok.pos_ not in ("NOUN", "PROPN"):
                break  # "sources close to ...": the phrase ended on its noun
            out.append(tok)
            seen_noun = seen_noun or tok.pos_ in ("NOUN", "PROPN")
            j += 1
        elif (
            tok.text == "-"
            and out
            and not doc[j - 1].whitespace_
            and not tok.whitespace_
            and j + 1 < limit
            and nominal(doc[j + 1])
        ):
            out.append(tok)  # "pro-Kremlin Telegram channel", "five-night stay"
            j += 1
        elif tok.lower_ in ("and", "or") and out and _conjoined(doc, j, limit, out):
            out.append(tok)
            seen_noun = False
            j += 1
            if not nominal(doc[j]):  # the participle read as a verb: "dead and wounded"
                out.append(doc[j])
                j += 1
        elif tok.lower_ == "of" and seen_noun and j + 1 < limit and _fixed_of(doc, j):
            out.append(tok)  # "prisoners of war": a fixed name
            j += 1
        else:
            break
    while out and (out[-1].lower_ in ("and", "or", "of") or out[-1].tag_ in ("JJR", "JJS")):
        out.pop()
    if out and j < limit and _participle(doc[j], out[-1]):
        out.append(doc[j])  # "143 asylum seekers rescued by the coast guard"
    elif out and j + 1 < limit and doc[j].lower_ == "per" and doc[j + 1].pos_ == "NOUN":
        out += [doc[j], doc[j + 1]]  # "two packages per transaction": a count per something
    return out


def _participle(tok: Token, noun: Token, *, strict: bool = True) -> bool:
    """A past participle right after the counted noun that says which of them are counted ("asylum
    seekers rescued"); not one that carries a number ("men aged 18 to 60"). After a number (``strict``)
    the parse often reads a main verb as a participle, so a word from ``participle_after`` or a
    punctuation mark must follow it; after "the number of" it is a reduced relative."""
    if tok.tag_ != "VBN" or tok.dep_ != "acl" or tok.head.i != noun.i or any(t.like_num for t in tok.subtree):
        return False
    if not strict:
        return True
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    # "rescued by the coast guard", "rescued off the island", "rescued." -- not "marks dangled before ..."
    return nxt is None or nxt.is_punct or nxt.lower_ in cues().participle_after


def _fixed_of(doc: Doc, j: int) -> bool:
    """Whether the "of" at ``j`` is inside a fixed name such as "prisoners of war"."""
    words = f"{doc[j - 1].lower_} of {doc[j + 1].lower_}"
    return words in cues().fixed_of


def normalise(tokens: list[Token]) -> str | None:
    """The counted phrase as a string: lower case, determiners and fillers dropped."""
    drop = cues().drop
    kept = [t for t in tokens if t.lower_ not in drop or (t.lower_ == "of" and t.i != tokens[0].i)]
    text = ""
    for k, t in enumerate(kept):
        if not t.lower_.strip(".,;:!?"):
            continue
        glued = k > 0 and (t.text == "-" or kept[k - 1].text == "-") and t.i == kept[k - 1].i + 1
        text += ("" if glued or not text else " ") + t.lower_
    return text.strip() or None


def after_tokens(doc: Doc, end_char: int) -> int:
    """Index of the first token at or after ``end_char``."""
    span = doc.char_span(end_char, len(doc_text(doc)), alignment_mode="contract")
    if span is not None:
        return int(span.start)
    for tok in doc:  # pragma: no cover - only when no whole token follows
        if tok.idx >= end_char:
            return int(tok.i)
    return len(doc)


def counted_adjacent(doc: Doc, expr: NumberExpr, sent: Span) -> tuple[list[Token], bool]:
    """Counted phrase written right after the expression, or after "of (det)".

    The flag says that the phrase is a pronoun ("two of them") whose antecedent is wanted.
    """
    i = after_tokens(doc, expr.end)
    limit = sent.end
    if i >= limit:
        return [], False
    tok = doc[i]
    # "300 thousand. people": translated pages leave a full stop between number and noun.
    if tok.text == "." and i + 1 < len(doc) and doc[i + 1].is_lower and nominal(doc[i + 1]):
        return phrase_after(doc, i + 1, min(len(doc), i + 8)), False
    # "a 1,200-strong battalion": the compound states the count of the noun after it.
    if tok.text == "-" and i + 2 < limit and doc[i + 1].lower_ == "strong":
        return phrase_after(doc, i + 2, limit), False
    if expr.kind == "count" or doc_text(doc)[expr.num_end : expr.end].startswith("-"):
        # a count, or a measure compound that modifies the noun after it ("a three-day celebration")
        phrase = phrase_after(doc, i, limit)
        if phrase:
            return phrase, False
    of_ok = expr.kind in ("count", "percent", "money") or expr.unit in cues().of_units
    if tok.is_punct and tok.is_quote and i + 1 < limit:  # “less than 1 percent” of the budget
        i += 1
        tok = doc[i]
    if tok.lower_ == "of" and of_ok:
        j = i + 1
        while j < limit and (
            (doc[j].pos_ == "DET" and doc[j].lower_ not in _PRONOUNS)
            or doc[j].tag_ == "PRP$"
            or doc[j].like_num
        ):
            j += 1
        if j < limit and (doc[j].pos_ == "PRON" or doc[j].lower_ in _PRONOUNS):
            # "two of them": what is counted is the antecedent
            return [], tok.lower_ == "of" and doc[j].lower_ in _PRONOUNS
        return phrase_after(doc, j, limit), False
    return [], False


def _noun_phrase(tok: Token) -> list[Token]:
    """A noun with its compound and adjective modifiers ("measles cases", "contract soldiers") and a
    participle right after it ("asylum seekers rescued")."""
    left = [t for t in tok.lefts if t.dep_ in ("amod", "compound", "nmod") and not t.like_num]
    right = [t for t in tok.rights if t.i == tok.i + 1 and _participle(t, tok, strict=False)]
    return [*left, tok, *right[:1]]


def _subject_phrase(tok: Token) -> list[Token]:
    """A subject as the thing measured: its noun phrase and an "of" complement ("shares of Orlen
    Tech"); nothing for a pronoun or a person."""
    if tok.pos_ not in ("NOUN", "PROPN") or tok.lower_ in cues().drop:
        return []
    name = tok.pos_ == "PROPN"  # "the S&P 500": a number inside a name stays
    left = [
        s
        for t in tok.lefts
        if t.dep_ in ("amod", "compound", "nmod") and (name or not t.like_num)
        for s in t.subtree  # "the one-time payment": the modifier with its own modifiers
    ]
    right = [t for t in tok.rights if name and t.like_num and t.i == tok.i + 1]
    out = [*left, tok, *right]
    if any(t.ent_type_ in ("PERSON", "GPE", "NORP") for t in out):
        return []  # "Dan Ebbers threw for 312 yards": a player (a country, a people) is not what is measured
    if tok.lemma_.lower() in cues().count_nouns and not any(t.dep_ == "compound" for t in left):
        return []  # "the true figure could be 15-20 percent": the count noun names no thing
    for prep in tok.rights:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            obj = [c for c in prep.children if c.dep_ == "pobj"]
            if obj:
                out += [prep, *_noun_phrase(obj[0])]
            break
    return out


_MEASURED_PREPS = frozenset({"in", "of"})


def _measuring(verb: Token) -> bool:
    """A verb whose subject is what its figure measures: a copula, a verb of level or change ("the fare
    is $2.75", "prices rose 0.3%", "the train reached 320 km/h"), not an agent ("the army captured
    3,600 km2", "the group posted a profit of ...")."""
    from newsledger.extract.changes import is_change_verb

    return verb.lemma_.lower() in cues().measured_verbs or is_change_verb(verb)


def measured_by_parse(doc: Doc, span: Span, kind: str) -> list[Token]:
    """What a measure, sum or percentage with no counted noun measures (``span``: the whole expression).

    "revenue of $5.1 billion", "a driving range of 287 miles" -> the noun the "of" phrase hangs on;
    "$5 billion in revenue" -> the noun after "in"; otherwise the subject of the verb the figure is
    the object, complement or "by/to/at" phrase of ("Consumer prices rose 0.3%", "The fare is
    $2.75", "Brent crude was up 19 cents at $58.24 per barrel")."""
    root = span.root
    head = root.head
    c = cues()
    if root.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ == "NOUN" and head.head.i < span.start:
        noun = head.head
        if noun.lemma_.lower() not in c.count_nouns:
            return _noun_phrase(noun)
        return []
    for prep in root.rights:
        if prep.dep_ == "prep" and prep.lower_ in _MEASURED_PREPS and prep.i >= span.end:
            # a bare noun: "$5 billion in revenue", not "nine euros in the old town"
            obj = [
                t
                for t in prep.children
                if t.dep_ == "pobj"
                and t.pos_ == "NOUN"
                and not any(d.dep_ in ("det", "poss", "amod") for d in t.children)
            ]
            if obj:
                return _noun_phrase(obj[0])
    if kind == "duration":
        return []  # "tracked patients for a decade": the subject is not what lasted
    gov = head if root.dep_ != "pobj" else head.head
    for _ in range(3):  # through a preposition, an adverb or an adjective: "up 19 cents", "94% effective"
        if gov.pos_ in ("VERB", "AUX") or gov.head.i == gov.i:
            break
        if gov.pos_ in ("NOUN", "PROPN") and gov.i < span.start and gov.dep_ not in ("pobj", "npadvmod"):
            return []  # the figure modifies a noun phrase: not a clause about a subject
        gov = gov.head
    if gov.pos_ not in ("VERB", "AUX") or not _measuring(gov):
        return []
    for verb in (gov, gov.head if gov.dep_ == "conj" else None):  # "produces 450 hp and tops out at 190 mph"
        if verb is None:
            break
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass") and child.i < span.start:
                return _subject_phrase(child)
    return []


def _of_object(noun: Token) -> list[Token]:
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            objs = [c for c in prep.children if c.dep_ == "pobj"]
            if objs:
                return _noun_phrase(objs[0])
    return []


def counted_by_parse(doc: Doc, span: Span) -> list[Token]:
    """ "the number of mobilised reached 300,000" -> mobilised; "Measles cases rose to 2,140"."""
    root = span.root
    head = root.head
    while root.dep_ == "pobj" and head.pos_ == "ADP" and head.head.i != head.i:
        head = head.head
        if head.pos_ not in ("ADP",) or head.dep_ != "prep":
            break
    if head.pos_ not in ("VERB", "AUX"):
        return []
    c = cues()
    for child in head.children:
        if child.dep_ not in ("nsubj", "nsubjpass", "dobj") or (child.i >= root.i and child.dep_ != "dobj"):
            continue
        if child.lemma_.lower() in c.count_nouns:
            of = _of_object(child)
            if of:
                return of
            mods = [t for t in child.lefts if t.dep_ == "compound"]
            if mods:  # "the death toll"
                return [*mods, child]
            continue
        if (
            head.lemma_.lower() in c.change_verbs
            and child.dep_ in ("nsubj", "nsubjpass")
            and child.pos_ == "NOUN"
            and child.tag_ == "NNS"
            and root.dep_ == "pobj"
        ):
            return _noun_phrase(child)  # "Measles cases rose to 2,140"
    if head.dep_ == "acl" and head.head.lemma_.lower() in c.count_nouns:
        return _of_object(head.head)  # "brings the number of X freed from captivity to N"
    return []


def antecedent(doc: Doc, i: int, earlier: list[tuple[int, list[Token]]]) -> list[Token]:
    """What "them/those" refers to before token ``i``: the latest counted figure, else a plural noun.

    ``earlier`` holds (token index, counted tokens) of the figures found so far. The search
    covers the sentence of ``i`` and the one before it.
    """
    starts = token_view(doc).sent_start  # doc[k].sent.start
    first = starts[starts[i] - 1] if starts[i] > 0 else starts[i]
    for idx, counted in reversed(earlier):
        if first <= idx < i and counted and counted[-1].tag_ in ("NNS", "NNPS"):
            return counted
    skip = cues().not_counted
    for j in range(i - 1, first - 1, -1):
        tok = doc[j]
        plural = tok.tag_ in ("NNS", "NNPS") and tok.dep_ != "compound"
        if plural and tok.lemma_.lower() not in skip and tok.lower_ not in skip:
            return _noun_phrase(tok)
    return []


def _governing_verb(tok: Token) -> Token | None:
    """The verb a number's phrase hangs on ("won 66 seats" -> won), through its noun."""
    for _ in range(3):
        if tok.pos_ in ("VERB", "AUX"):
            return tok
        if tok.head.i == tok.i:
            return None
        tok = tok.head
    return tok if tok.pos_ in ("VERB", "AUX") else None


Earlier = list[tuple[int, list[Token], str | None, str]]  # (token index, counted, unit, kind)


def elided_from(doc: Doc, span: Span, earlier: Earlier) -> tuple[list[Token], str | None, str] | None:
    """Counted noun and unit of the figure an elliptic number is compared with, or None.

    ``"from 18 to 14"``, ``"up from 610"``, ``"than 40"``: the latest figure before it in the
    sentence. ``"including six"``: the noun (or the verb's object) "including" hangs on.
    ``earlier`` holds (token index, counted tokens, unit, kind) of the figures found so far; the
    unit is inherited only from money ("1.2 million roubles, up from 400,000").
    """
    i = span.start
    sent_start = token_view(doc).sent_start[span.start]  # span.sent.start
    while i > sent_start and (
        (doc[i - 1].pos_ in ("ADV", "ADJ") and doc[i - 1].lower_ not in cues().ellipsis_before)
        or doc[i - 1].lower_ in ("least", "most", "as", "some", "about", "around", "nearly")
    ):
        i -= 1  # skip cue words: "up from about 610"
    if i <= sent_start:
        return None
    prev = doc[i - 1]
    if prev.lower_ not in cues().ellipsis_before:
        # "Labour won 66 seats and the Tories lost 42", "A won 12 seats and B won nine": the bare object
        # at the end of its clause, of a verb of change or of the verb of the earlier count, shares that
        # count's noun (a count, not a sum); "killed 12" after "300 infected" counts other people
        from newsledger.extract.changes import is_change_verb

        verb = span.root.head
        bare_object = span.root.dep_ == "dobj" and verb.pos_ == "VERB" and span.end < len(doc)
        if bare_object and (doc[span.end].is_punct or doc[span.end].pos_ in ("CCONJ", "ADP")):
            for idx, counted, unit, _kind in reversed(earlier):
                if sent_start <= idx < span.start and counted and unit is None:
                    other = _governing_verb(doc[idx])
                    same = other is not None and other.lemma_ == verb.lemma_
                    return (counted, None, "count") if same or is_change_verb(verb) else None
        return None
    if prev.lower_ == "including":
        host = prev.head
        if host.pos_ in ("VERB", "AUX"):
            objs = [c for c in host.children if c.dep_ in ("dobj", "nsubjpass")]
            host = objs[0] if objs else host
        if host.pos_ == "NOUN" and host.tag_ in ("NNS", "NNPS"):
            return _noun_phrase(host), None, "count"
    for idx, counted, unit, kind in reversed(earlier):
        if sent_start <= idx < span.start and (counted or kind == "money"):
            return counted, (unit if kind == "money" else None), (kind if kind == "money" else "count")
    return None
