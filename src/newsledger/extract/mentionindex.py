"""What each mention of a Doc is: person names, entity labels and mention classes.

:class:`MentionIndex` knows which tokens of a Doc are person names (by NER, by a
role noun before them, after a naming verb, or inside a capitalised title such
as "Director of National Intelligence Avril Haines" that NER mislabelled), the
fullest form of a surname in the article, and the class of a mention (person,
body, outlet, document, pronoun) with its gender and number.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import Protocol

from spacy.tokens import Doc, Token

from newsledger.extract._doc import doc_text, doc_value
from newsledger.extract.lexicon import Cls, Speaker, lexicon
from newsledger.extract.placewords import is_place_word
from newsledger.extract.tokenview import token_view

PERSON_LABELS = frozenset({"PERSON", "PER"})
ORG_LABELS = frozenset({"ORG"})
TIME_LABELS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"})
_PERSON_LABELS, _ORG_LABELS, _TIME_LABELS = PERSON_LABELS, ORG_LABELS, TIME_LABELS
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_NAME_VERBS = lexicon().naming_verbs


def _line_starts(text: str) -> list[int]:
    starts = [0]
    at = text.find("\n")
    while at >= 0:  # str.find: no Python step per character
        starts.append(at + 1)
        at = text.find("\n", at + 1)
    return starts


class MentionIndex:
    """Names, labels and classes of the mentions of one Doc (built once per Doc; resolution to
    named entities is :class:`~newsledger.extract.speakers.Resolver`)."""

    def __init__(self, doc: Doc, blocked: Sequence[tuple[int, int]] = ()) -> None:
        self.doc = doc
        self.text = doc_text(doc)  # Doc.text is rebuilt on every access: read it once
        self.lex = lexicon()
        # Tokens inside quotation marks are never antecedents.
        self.blocked = [False] * len(doc)
        for a, b in blocked:
            span = doc.char_span(a, b, alignment_mode="expand")
            if span is not None:
                for i in range(span.start, span.end):
                    self.blocked[i] = True
        # whether each token is a proper noun, read once (no Token objects for the passes over it)
        view = token_view(doc)
        self.propn = [p == "PROPN" for p in view.pos]
        self.labels = self._token_labels()
        # answers per token index: both depend only on the parse and the labels, fixed from here on
        self._basic: dict[int, bool] = {}
        self._chains: dict[int, list[Token]] = {}
        # wire datelines ("OSLO (Wire) — ") name no speaker and no antecedent
        self.dateline = [False] * len(doc)
        for line in _line_starts(self.text):
            m = self.lex.dateline.match(self.text, line)
            if m is not None and m.end() > line:
                span = doc.char_span(line, m.end(), alignment_mode="expand")
                for i in range(span.start, span.end) if span is not None else ():
                    self.dateline[i] = True
        texts, ent_types, deps = view.text, view.ent_type, view.dep
        self.surnames = {
            texts[i]
            for i, propn in enumerate(self.propn)
            if propn and ent_types[i] in _PERSON_LABELS and deps[i] != "compound"
        }
        self.gender: dict[str, str] = {}
        self._names = self._person_names()
        # the words of the article's names of two or more words, and their last words (surnames)
        multi = [s.split() for s, _ in self._names if len(s.split()) > 1]
        self._full_surnames = frozenset(words[-1] for words in multi)
        self._full_name_words = frozenset(w for words in multi for w in words)
        self._org_words = self._organisation_words()
        outlet = getattr(doc._, "nl_outlet", None)
        self.outlet = str(outlet) if outlet else None

    # -- entity information -------------------------------------------------

    def _token_labels(self) -> list[str]:
        """spaCy's entity label per token; the entity component fills tokens spaCy left unlabelled."""
        labels = list(token_view(self.doc).ent_type)  # a copy: filled in below
        for ent in getattr(self.doc._, "nl_entities", None) or []:
            span = self.doc.char_span(ent.start, ent.end, alignment_mode="expand")
            if span is None or any(labels[i] for i in range(span.start, span.end)):
                continue
            for i in range(span.start, span.end):
                labels[i] = ent.label
        return labels

    def _organisation_words(self) -> set[str]:
        """The first word of every organisation named in two or more words ("Hallberg" of
        "Hallberg Land Systems"): a later bare "Hallberg" is that body."""
        words: set[str] = set()
        for ent in self.doc.ents:
            parts = self.text[ent.start_char : ent.end_char].split()  # ent.text, without a Token per word
            first = parts[0] if parts else ""
            if (
                ent.label_ in _ORG_LABELS
                and len(parts) > 1
                and first[:1].isupper()
                and first.lower() not in self.lex.definite
            ):
                words.add(parts[0])
        return words

    def _person_names(self) -> list[tuple[str, str]]:
        """(surface, canonical) of every full person name in the document, longest first."""
        names: dict[str, str] = {}
        view = token_view(self.doc)
        texts, deps = view.text, view.dep
        for i, propn in enumerate(self.propn):
            if not propn or self.blocked[i]:
                continue  # both kinds of name below are proper nouns
            tok = self.doc[i]
            if deps[i] != "compound" and self._basic_person(tok):
                start, end = self.name_span(tok)
            elif self.labels[i] not in _PERSON_LABELS and (texts[i] in self.surnames or self.role_name(tok)):
                start, end = self.short_name(tok)  # "... Intelligence Avril Haines" tagged ORG
            else:
                continue
            text = self.text[start:end]
            names.setdefault(text, text)
        return sorted(names.items(), key=lambda kv: -len(kv[1].split()))

    def role_name(self, tok: Token) -> bool:
        """True when ``tok`` ends a capitalised name inside a person-role phrase, whatever NER said.

        "U.S. Director of National Intelligence Avril Haines": the role noun "Director" heads the
        phrase and "Avril Haines" (tagged ORG by the model) ends it.
        """
        if tok.dep_ == "compound" or not tok.text[:1].isupper() or tok.i == 0:
            return False
        prev = self.doc[tok.i - 1]
        if prev.pos_ != "PROPN" or not prev.text[:1].isupper() or self._is_title(prev):
            return False
        nxt = self.doc[tok.i + 1] if tok.i + 1 < len(self.doc) else None
        if nxt is not None and nxt.pos_ == "PROPN":
            return False
        node = tok
        for _ in range(4):  # up through "of" only: "Director of National Intelligence ..."
            if node.head.i == node.i or node.dep_ not in ("pobj", "appos", "compound", "prep"):
                return False
            node = node.head
            if node.pos_ == "ADP" and node.lower_ != "of":
                return False
            role = node.pos_ in ("NOUN", "PROPN") and node.lemma_.lower() in self.lex.person
            if role and node.i < tok.i and node.text[:1].isupper():
                return True  # a capitalised title, not "a researcher at the Centre for Eurasian Security"
        return False

    def short_name(self, tok: Token) -> tuple[int, int]:
        """``tok`` with the one capitalised proper noun before it (a first name), if any."""
        prev = self.doc[tok.i - 1] if tok.i > 0 else None
        end = tok.idx + len(tok.text)
        if (
            prev is not None
            and prev.pos_ == "PROPN"
            and prev.text[:1].isupper()
            and prev.lower_ not in self.lex.titles
            and prev.lower_ not in self.lex.person
        ):
            return prev.idx, end
        return tok.idx, end

    def canonical(self, name: str, start: int | None = None) -> str:
        """The fullest form of a person name used in the article ("Renn" -> "Halvard Renn").

        A longer name of the article ending in the same surname wins; otherwise the
        entity component's canonical name when it keeps that surname; otherwise ``name``.
        """
        words = name.replace("’s", "").replace("'s", "").split()
        if not words:
            return name
        for _surface, canon in self._names:
            cw = canon.split()
            if len(cw) > len(words) and cw[-1] == words[-1] and cw[0][:1].isupper():
                return canon
        for ent in doc_value(self.doc, "nl_entities") or []:
            if start is not None and ent.start <= start < ent.end and ent.label == "PERSON" and ent.canonical:
                canon = str(ent.canonical)
                if canon.split()[-1:] == words[-1:]:
                    return canon
        return name

    def _basic_person(self, tok: Token) -> bool:
        """A person name by NER, by a role noun before it, or after a naming verb."""
        found = self._basic.get(tok.i)
        if found is None:
            found = self._basic[tok.i] = self._basic_person_of(tok)
        return found

    def _basic_person_of(self, tok: Token) -> bool:
        if tok.pos_ != "PROPN" or self.labels[tok.i] in _TIME_LABELS:
            return False
        chain = self.name_chain(tok)
        if any(self.labels[t.i] in _PERSON_LABELS for t in chain):
            return True
        # "Dr Amara Osei", "colonel Viktor Anisimov": a title word compounded before a two-word name
        full = [c for c in tok.children if c.dep_ == "compound" and c.i < tok.i]
        if len(chain) >= 2 and any(self._is_title(c) for c in full if c.i < chain[0].i):
            return True
        # "Goalkeeper Pia Lund": the title hangs on the given name, not on the surname
        before = self.doc[chain[0].i - 1] if chain[0].i > 0 else None
        if (
            len(chain) >= 2
            and before is not None
            and before.dep_ == "compound"
            and before.head.i in {c.i for c in chain}
            and self._is_title(before)
        ):
            return True
        # "analyst Dara Massicot", "the mayor, Grigory Sokolovsky": a person role in front
        # (whatever NER made of the name: "Sorokin's lawyer, Pavel Ignatov" tagged ORG)
        for child in tok.children:
            if (
                child.dep_ in ("compound", "appos")
                and child.pos_ == "NOUN"
                and child.i < tok.i
                and child.lemma_.lower() in self.lex.person
            ):
                return True
        if tok.dep_ == "appos" and tok.head.pos_ == "NOUN" and tok.head.lemma_.lower() in self.lex.person:
            return True  # "whose husband, Andriy, ..."
        if len(chain) >= 2 and any(
            c.dep_ == "appos" and c.pos_ == "NOUN" and c.i > tok.i and c.lemma_.lower() in self.lex.person
            for c in tok.children
        ):
            return True  # "Lidia Fenn, the group's coordinator" (NER: ORG)
        if self.labels[tok.i] in _ORG_LABELS:
            return False
        if tok.dep_ == "appos" and tok.head.lemma_.lower() in self.lex.person:
            return True
        # "a soldier named Maksim": the name after a naming verb, whatever NER thought of it.
        return tok.head.lemma_ in _NAME_VERBS and tok.dep_ in ("oprd", "dobj", "attr", "xcomp", "npadvmod")

    def is_person_name(self, tok: Token) -> bool:
        if self._basic_person(tok):
            return True
        if tok.pos_ != "PROPN" or tok.dep_ == "compound" or self.labels[tok.i] in _TIME_LABELS:
            return False
        # a surname the article has already given in full, whatever NER said here
        return tok.text in self._full_surnames

    def name_chain(self, tok: Token) -> list[Token]:
        """``tok`` and the capitalised proper nouns compounding it on the left ("Dara Massicot")."""
        chain = self._chains.get(tok.i)
        if chain is None:
            chain = self._chains[tok.i] = self._name_chain(tok)
        return list(chain)  # a copy: the caller may change it

    def _name_chain(self, tok: Token) -> list[Token]:
        view = token_view(self.doc)  # the token columns: no Token for the words looked at
        texts, lowers, space = view.text, view.lower, view.space_after
        pos, deps, heads = view.pos, view.dep, view.head
        labels = self.labels
        chain = [tok.i]
        j = tok.i - 1
        while j >= 0:
            text = texts[j]
            if (
                j >= 1
                and text in ("-", "‐", "‑")
                and not space[j]
                and not space[j - 1]
                and texts[j - 1][:1].isupper()
                and texts[chain[0]][:1].isupper()
            ):
                chain[0:0] = [j - 1, j]  # "Solberg-Maas": a hyphenated surname
                j -= 2
                continue
            if pos[j] != "PROPN" or deps[j] != "compound" or not text[:1].isupper():
                break
            if labels[j] in _ORG_LABELS and labels[tok.i] not in _ORG_LABELS:
                break  # "Rand Corp analyst ...": an organisation before the name
            if text.endswith(("’s", "'s")) or heads[j] not in chain:
                break
            chain.insert(0, j)
            j -= 1
        # "Defence Procurement Minister Anneliese Gray": the name starts after the last title word
        titled = [k for k, i in enumerate(chain[:-1]) if self._is_title_word(lowers[i])]
        # not "State Electoral Commission"; but "Analyst Helena Marsh" tagged ORG is a role and a name
        role = (
            all(lowers[chain[k]] in self.lex.person for k in titled) and len(chain) - titled[-1] > 2
            if titled
            else False
        )
        if titled and (labels[tok.i] not in _ORG_LABELS or role):
            chain = chain[titled[-1] + 1 :]
        doc = self.doc
        return [doc[i] for i in chain]

    def _is_title(self, t: Token) -> bool:
        return self._is_title_word(t.lower_)

    def _is_title_word(self, low: str) -> bool:
        return low in self.lex.titles or low in self.lex.person or low.rstrip(".") + "." in self.lex.titles

    def name_span(self, tok: Token) -> tuple[int, int]:
        """Offsets of the whole name ``tok`` heads (its proper-noun compound chain)."""
        chain = self.name_chain(tok)
        return chain[0].idx, tok.idx + len(tok.text)

    # -- classification -------------------------------------------------------

    def classify(self, tok: Token) -> Cls | None:
        lex = self.lex
        low = tok.lower_
        if tok.pos_ == "PRON":
            if low in lex.pron_male:
                return Cls("pronoun", "m")
            if low in lex.pron_female and tok.dep_ != "poss":
                return Cls("pronoun", "f")
            if low in lex.pron_plural:
                return Cls("pronoun", None, True)
            if low in lex.pron_neuter:
                return Cls("pronoun")
            return None
        if tok.pos_ not in ("NOUN", "PROPN"):
            return None
        plural = tok.tag_ in ("NNS", "NNPS")
        if tok.pos_ == "PROPN" and self._is_outlet(tok):
            return Cls("media", None, False)  # the article's own outlet ("told the Chronicle")
        lemma = tok.lemma_.lower()
        label = self.labels[tok.i]
        if is_place_word(tok):
            return Cls("body", None, False)  # "Velgaria said", "Korvask says": a country speaking
        if self._short_org(tok):
            return Cls("body", None, False)  # "Hallberg" after "Hallberg Land Systems", whatever NER says
        if self.is_person_name(tok):
            return Cls("person", self.name_gender(tok), False)
        if label in _ORG_LABELS:
            return Cls("body", None, plural)
        if label == "NORP" and tok.pos_ == "PROPN" and plural:
            return Cls("person", None, True)
        if lemma in lex.person or low in lex.person:
            gender = "m" if lemma in lex.male else ("f" if lemma in lex.female else None)
            return Cls("person", gender, plural)
        if lemma in lex.media:
            return Cls("media", None, plural)
        if lemma in lex.body:
            return Cls("body", None, plural)
        if lemma in lex.documents:
            return Cls("document", None, plural)
        return None

    def _short_org(self, tok: Token) -> bool:
        """A one-word proper noun that shortens an organisation named before in full, and no
        person of the article is called so."""
        if tok.pos_ != "PROPN" or tok.text not in self._org_words or self.name_span(tok)[0] != tok.idx:
            return False
        return tok.text not in self._full_name_words

    def _is_outlet(self, tok: Token) -> bool:
        if not self.outlet:
            return False
        start, end = self.name_span(tok)
        name = self.text[start:end].lower()
        return bool(name) and f" {name} " in f" {self.outlet.lower()} "

    def name_gender(self, tok: Token) -> str | None:
        start, end = self.name_span(tok)
        for t in self.doc[max(tok.i - 4, 0) : tok.i]:
            if t.idx < start and t.i >= tok.i - 4 and t.head.i == tok.i:
                if t.lower_ in self.lex.honor_male:
                    return "m"
                if t.lower_ in self.lex.honor_female:
                    return "f"
        full = self.canonical(self.text[start:end], start)
        words = full.split()
        if len(words) > 1:  # a given name before a surname ("Anna Berglund"), never a lone word
            given = "".join(
                c for c in unicodedata.normalize("NFKD", words[0].lower()) if not unicodedata.combining(c)
            )
            if given in self.lex.given_male:
                return "m"
            if given in self.lex.given_female:
                return "f"
        return self.gender.get(full)

    def pronoun_class(self, tok: Token) -> Cls | None:
        if tok.pos_ != "PRON":
            return None  # classify() names a pronoun class for PRON tokens only
        cls = self.classify(tok)
        return cls if cls is not None and cls.kind == "pronoun" else None

    @staticmethod
    def compatible(pron: Cls, cand: Cls) -> bool:
        if cand.kind == "pronoun":
            return cand.gender == pron.gender and cand.plural == pron.plural
        if pron.gender is not None:
            return cand.kind == "person" and not cand.plural and cand.gender in (None, pron.gender)
        if pron.plural:
            return (cand.kind == "person" and cand.plural) or cand.kind in ("body", "media")
        return cand.kind in ("body", "media", "document") and not cand.plural

    def owned_by_pronoun(self, tok: Token) -> bool:
        return any(c.dep_ == "poss" and c.pos_ == "PRON" for c in tok.children)

    def is_bare_role(self, tok: Token) -> bool:
        """A singular role noun with no determiner or modifier ("..., colonel stressed")."""
        return (
            (tok.tag_ == "NN" or (tok.tag_ == "JJ" and tok.dep_ in _SUBJECT_DEPS))
            and tok.is_lower
            and tok.lemma_.lower() in self.lex.person
            and not any(c.dep_ in ("det", "poss", "amod", "compound", "nummod", "prep") for c in tok.children)
        )

    def is_bare_definite(self, tok: Token) -> bool:
        dets = [c for c in tok.children if c.dep_ == "det"]
        if not dets or dets[0].lower_ not in self.lex.definite:
            return False
        content = [
            c
            for c in tok.children
            if c.dep_ in ("amod", "compound", "nummod", "poss", "prep", "appos", "acl")
        ]
        # "the news outlet": a compound that is itself a generic noun keeps the phrase anaphoric.
        return all(c.dep_ == "compound" and c.pos_ == "NOUN" for c in content)


class Resolves(Protocol):
    """What the resolution functions need: the Doc's mentions and recursive resolution."""

    m: MentionIndex

    def resolve(self, tok: Token) -> Speaker | None: ...

    def describe(self, tok: Token) -> Speaker: ...
