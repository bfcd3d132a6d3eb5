"""Who said it: speaker mentions and their resolution to a name or description.

A quote's grammatical speaker is often a pronoun ("he says"), a bare role
("the official"), or a document ("the post says"). :class:`SpeakerResolver`
turns such a mention into what a reader of the ledger needs:

* a pronoun resolves backwards to the nearest compatible mention (a person for
  he/she, with gender agreement when the gender is knowable; a plural person
  or a body for they; a body, outlet or document for it). Descriptions owned by
  a pronoun ("his wife") and words inside quotation marks are never
  antecedents; an earlier pronoun counts as a mention of what it resolved to;
* a surname resolves to the full name the article uses ("Renn" ->
  "Halvard Renn"), preferring the entity component's canonical name;
* a description linked to a name resolves to the name ("a soldier named X",
  "the mayor, X", "a man identified as a soldier named X");
* a definite bare description ("the official", "the agency", "the news
  outlet") resolves to the nearest earlier mention with the same head, or to
  the nearest organisation name for an outlet;
* a document ("the post") resolves to its owner: a possessor, a "by"/"from"
  phrase, or the subject of an earlier "X said in a Facebook post";
* anything else is described by its noun phrase, trimmed of relative clauses
  ("a soldier who identifies himself as ..." -> "a soldier").

Word lists live in data/roles.yaml and data/media.yaml.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Token

from newsledger.extract.lexicon import Cls, Speaker, lexicon
from newsledger.extract.medium import medium_phrase
from newsledger.extract.mentions import late_appositive
from newsledger.extract.nounphrase import noun_phrase, subject_of
from newsledger.extract.speakernames import ORG_LABELS as _ORG_LABELS
from newsledger.extract.speakernames import PERSON_LABELS as _PERSON_LABELS
from newsledger.extract.speakernames import TIME_LABELS as _TIME_LABELS
from newsledger.extract.speakernames import SpeakerNames

_LEX = lexicon()  # data/attribution.yaml
_NAME_VERBS = _LEX.naming_verbs
_AS_VERBS = _LEX.as_verbs
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_SPEAKER_PREPS = _LEX.speaker_preps
_MAX_BACK = 400  # tokens scanned backwards for an antecedent


class SpeakerResolver(SpeakerNames):
    """Resolve speaker mentions in one Doc (memoised; build one per Doc)."""

    def __init__(self, doc: Doc, blocked: Sequence[tuple[int, int]] = ()) -> None:
        super().__init__(doc, blocked)
        self._memo: dict[int, Speaker | None] = {}
        self._active: set[int] = set()

    def resolve(self, tok: Token) -> Speaker | None:
        """The speaker a mention headed by ``tok`` stands for (None: unresolvable pronoun)."""
        if tok.i in self._memo:
            return self._memo[tok.i]
        if tok.i in self._active:  # a cycle through anaphors: describe as is
            return self._describe_plain(tok)
        self._active.add(tok.i)
        try:
            result = self._resolve(tok)
        finally:
            self._active.discard(tok.i)
        self._memo[tok.i] = result
        return result

    def _resolve(self, tok: Token) -> Speaker | None:
        if tok.lower_ in self.lex.pron_speech_act and tok.pos_ == "PRON":
            return None
        if tok.pos_ == "PRON" and tok.tag_ == "DT":
            return None  # a demonstrative ("this was called fantasy") stands for a statement, not a speaker
        pron = self.pronoun_class(tok)
        if pron is not None:
            ante = self.antecedent(tok, pron)
            if ante is None:
                return None
            found = self.resolve(ante)
            if found is not None and pron.gender and self.pronoun_class(ante) is None:
                self.gender.setdefault(found.name, pron.gender)
            if found is not None and found.medium is None:
                medium = self.context_medium(ante)
                if medium is not None:
                    found = Speaker(found.name, found.start, found.end, medium)
            return found
        return self.describe(tok)

    def antecedent(self, tok: Token, pron: Cls) -> Token | None:
        """Nearest earlier compatible mention of a pronoun, outside quotes.

        A subject pronoun never points into its own clause ("In a statement on Telegram, it said"),
        nor to a platform name. "they" prefers people ("citing two people familiar with the reports
        ... According to them") to an organisation, within three paragraphs.
        """
        fallback: Token | None = None
        paragraphs = 0
        for j in range(tok.i - 1, max(-1, tok.i - _MAX_BACK), -1):
            cand = self.doc[j]
            if "\n" in cand.text:
                paragraphs += 1
                if fallback is not None and paragraphs > 3:
                    break
            if (
                self.blocked[j]
                or self.dateline[j]
                or cand.dep_ == "compound"
                or cand.lower_ in self.lex.pron_speech_act
            ):
                continue
            named_owner = cand.pos_ == "PROPN" and pron.gender is not None and self.is_person_name(cand)
            if cand.dep_ == "poss" and not named_owner:
                continue  # "Andriy's last message ... he writes": a named possessor can be meant
            if cand.dep_ == "appos" and self.classify(cand.head) is not None:
                continue  # "X, the mayor of Y": X itself is the mention
            if cand.dep_ in ("dobj", "dative") and cand.head.lemma_.lower() in self.lex.addressee_verbs:
                continue  # "he tells a relative": the addressee is not the next speaker
            if cand.lower_ in self.lex.platforms or self._same_clause(cand, tok):
                continue
            cls = self.classify(cand)
            if cls is None or (self._owned_by_pronoun(cand) and not self._owned_ok(cand)):
                continue
            if cls.kind == "person" and cls.gender is None and pron.gender and self.is_person_name(cand):
                start, end = self.name_span(cand)
                known = self.gender.get(self.canonical(self.text[start:end], start))
                if known is not None and known != pron.gender:
                    continue
            if not self.compatible(pron, cls):
                continue
            if pron.plural and not (cls.kind == "person" and cls.plural):
                if fallback is None:
                    fallback = self._prefer_main_subject(cand, pron)
                continue
            return self._prefer_main_subject(cand, pron)
        return fallback

    def _owned_ok(self, cand: Token) -> bool:
        """ "Her main rival, Tomas Brecker, ..." is a mention; "he tells his wife" is not."""
        if any(c.dep_ == "appos" and self.is_person_name(c) for c in cand.children):
            return True
        return cand.dep_ in _SUBJECT_DEPS and cand.head.lemma_.lower() in self.lex.reporting

    def warm_genders(self) -> None:
        """Resolve every he/she subject in text order, so that genders learnt early ("She says ...")
        are known when a later pronoun is resolved out of order."""
        for t in self.doc:
            if (
                t.pos_ == "PRON"
                and t.dep_ in _SUBJECT_DEPS
                and (t.lower_ in self.lex.pron_male or t.lower_ in self.lex.pron_female)
                and not self.blocked[t.i]
            ):
                self.resolve(t)

    def _same_clause(self, cand: Token, pron: Token) -> bool:
        """True when ``cand`` hangs from the verb the subject pronoun ``pron`` is the subject of."""
        if pron.dep_ not in _SUBJECT_DEPS:
            return False
        node = cand
        while node.head.i != node.i:
            node = node.head
            if node.pos_ in ("VERB", "AUX"):
                return node.i == pron.head.i
        return False

    def _prefer_main_subject(self, cand: Token, pron: Cls) -> Token:
        """Centering: the main-clause subject of the candidate's sentence beats a nearer object, and
        the speaker of a report beats the subject of the reported clause ("Carver told the jury that
        Lomax had ... In total, she said")."""
        if cand.dep_ in _SUBJECT_DEPS:
            verb = cand.head
            if verb.dep_ == "ccomp" and verb.head.lemma_.lower() in self.lex.reporting:
                speaker = subject_of(verb.head, self.blocked)
                if speaker is not None and speaker.i < cand.i and not self.blocked[speaker.i]:
                    cls = self.classify(speaker)
                    if cls is not None and not self._owned_by_pronoun(speaker) and self.compatible(pron, cls):
                        return speaker
            return cand
        subj = subject_of(cand.sent.root, self.blocked)
        if subj is None or subj.i >= cand.i or self.blocked[subj.i] or "\n" in self.doc[subj.i : cand.i].text:
            return cand
        cls = self.classify(subj)
        if cls is None or self._owned_by_pronoun(subj) or not self.compatible(pron, cls):
            return cand
        if pron.plural and not (cls.kind == "person" and cls.plural):
            return cand
        return subj

    def describe(self, tok: Token) -> Speaker:
        """Resolve a non-pronoun mention: name, linked name, antecedent, owner, or its phrase."""
        lex = self.lex
        if self.is_person_name(tok):
            start, end = self.name_span(tok)
            return Speaker(self.canonical(self.text[start:end], start), start, end)
        linked = self._linked_name(tok)
        if linked is not None:
            return linked
        named = self.apposed_name(tok)
        if named is not None:
            return Speaker(self.text[named[0] : named[1]], named[0], named[1])
        late = late_appositive(tok) if tok.pos_ == "NOUN" and not self.blocked[tok.i] else None
        if late is not None:
            start, end = self.name_span(late)
            return Speaker(self.text[start:end], start, end)  # "A channel run by bloggers, Steel Hawk, said"
        lemma = tok.lemma_.lower()
        if lemma in lex.documents:
            owner = self._owner(tok)
            if owner is not None:
                return owner
        if self.is_bare_definite(tok):
            earlier = self._earlier_same(tok)
            if earlier is not None:
                found = self.resolve(earlier)
                if found is not None:
                    return found
            if lemma in lex.media or lemma in lex.body:
                need = lemma if lemma in lex.body and lemma not in lex.generic_body else None
                org = self._earlier_org(tok, need, lemma in lex.media)
                if org is not None:
                    return org
            if lemma in lex.person and tok.tag_ == "NN":
                person = self._earlier_named_person(tok)
                if person is not None:
                    return person
        elif self.is_bare_role(tok):
            person = self._earlier_named_person(tok)  # "colonel stressed" (no article): translated copy
            if person is not None:
                return person
        return self._describe_plain(tok)

    def is_bare_role(self, tok: Token) -> bool:
        """A singular role noun with no determiner or modifier ("..., colonel stressed")."""
        return (
            (tok.tag_ == "NN" or (tok.tag_ == "JJ" and tok.dep_ in _SUBJECT_DEPS))
            and tok.is_lower
            and tok.lemma_.lower() in self.lex.person
            and not any(c.dep_ in ("det", "poss", "amod", "compound", "nummod", "prep") for c in tok.children)
        )

    def apposed_name(self, tok: Token) -> tuple[int, int] | None:
        """The proper name a descriptive noun phrase carries.

        "the grid operator EnerSil", "the radio station Coast FM" (a name right after the head noun) and
        "the trade publication PharmaPulse" (a name headed phrase with common nouns in front) give the
        name; None when the phrase has no such name.
        """
        if self.blocked[tok.i]:
            return None
        if tok.lower_ in self.lex.person or tok.lemma_.lower() in self.lex.person:
            # "Head of the planning directorate, colonel-general Ivo Marsk, said": the office
            # phrase's apposed name is the speaker
            for child in tok.children:
                if child.dep_ == "appos" and child.i > tok.i and self.is_person_name(child):
                    return self.name_span(child)
        nxt = self.doc[tok.i + 1] if tok.i + 1 < len(self.doc) else None
        if tok.pos_ == "NOUN" and nxt is not None and nxt.pos_ == "PROPN" and not self.blocked[nxt.i]:
            # "the radio station Coast FM": the name follows the noun, however the parse attached it
            j = nxt.i
            while j + 1 < len(self.doc) and self.doc[j + 1].pos_ == "PROPN" and not self.blocked[j + 1]:
                j += 1
            if self._labels[j] not in _TIME_LABELS and self.doc[j].text[:1].isupper():
                return nxt.idx, self.doc[j].idx + len(self.doc[j].text)
        if tok.pos_ == "NOUN":
            for child in tok.children:
                if (
                    child.i > tok.i
                    and child.pos_ == "PROPN"
                    and child.dep_ in ("appos", "npadvmod", "compound", "nmod", "attr")
                    and self._labels[child.i] not in _TIME_LABELS
                ):
                    start, end = self.name_span(child)
                    if self._name_chain(child)[0].i == tok.i + 1:
                        return start, end
            return None
        lex = self.lex
        if tok.pos_ == "PROPN" and any(
            c.i < tok.i
            and (
                (c.dep_ == "compound" and c.pos_ == "NOUN")
                or (c.dep_ == "amod" and c.lemma_.lower() in lex.media | lex.body | lex.person)
            )
            for c in tok.children
        ):
            chain = self._name_chain(tok)
            if chain[0].i > 0 and self.doc[chain[0].i - 1].pos_ in ("NOUN", "ADJ"):
                return self.name_span(tok)
        return None

    def _describe_plain(self, tok: Token) -> Speaker:
        """The mention's own noun phrase, with the modifiers that identify who it is.

        Post-modifying "in"/"for"/"with" phrases ("doctors in Essaly", "a spokesman for the mayor") and
        a short reduced relative ("groups representing soldiers' mothers") are kept; relative clauses
        are not. "his mother" becomes "Dmitry's mother" when the possessive pronoun resolves to a name.
        """
        start, end = noun_phrase(tok, _SPEAKER_PREPS)
        cls = self.classify(tok)
        # "groups representing soldiers' mothers", "a decree published on a portal"; not the event a
        # singular person is caught in ("a soldier complaining about the food")
        identifying = tok.tag_ in ("NNS", "NNPS") or (cls is not None and cls.kind != "person")
        for child in tok.children if identifying else ():
            if child.dep_ == "acl" and child.i > tok.i and child.tag_ in ("VBG", "VBN"):
                sub = list(child.subtree)
                last = max(t.idx + len(t.text) for t in sub)
                between = self.text[end : min(t.idx for t in sub)]
                by_agent = any(t.dep_ == "agent" for t in sub)  # "a memo first reported by the Ledger"
                punct = any(t.text in ",;:.!?()—–" for t in sub)
                if len(sub) <= 6 and not between.strip() and not punct and not by_agent:
                    end = max(end, last)
        name = self.text[start:end]
        owner = next((c for c in tok.children if c.dep_ == "poss" and c.pos_ == "PRON"), None)
        if owner is not None and owner.idx == start and owner.lower_ in ("his", "her", "their"):
            pron = Cls("pronoun", "m" if owner.lower_ == "his" else ("f" if owner.lower_ == "her" else None))
            if owner.lower_ == "their":
                pron = Cls("pronoun", None, True)
            ante = self.antecedent(owner, pron)
            found = self.resolve(ante) if ante is not None else None
            named = (
                found is not None
                and found.name[:1].isupper()
                and found.name.split()[0].lower() not in ("a", "an", "the", "one", "some", "this", "that")
            )
            if ante is not None and found is not None and named:
                who = found.name
                rest = self.text[owner.idx + len(owner.text) : end].strip()
                name = f"{who}’s {rest}" if "’" in self.text else f"{who}'s {rest}"
        return Speaker(name, start, end)

    def _linked_name(self, tok: Token) -> Speaker | None:
        if tok.lemma_.lower() in self.lex.person:
            # "Director of National Intelligence Avril Haines": a known surname inside the description
            for t in tok.subtree:
                if (
                    t.i > tok.i
                    and t.pos_ == "PROPN"
                    and (t.text in self._surnames or self._role_name(t))
                    and not self.blocked[t.i]
                    and t.dep_ != "compound"
                    and self._labels[t.i] not in _PERSON_LABELS
                ):
                    start, end = self._short_name(t)
                    return Speaker(self.canonical(self.text[start:end], start), start, end)
        person_head = tok.lemma_.lower() in self.lex.person or tok.lower_ in self.lex.person
        for child in tok.children:
            if child.dep_ == "appos" and self.is_person_name(child):
                return self.describe(child)
            if child.dep_ in ("acl", "relcl") and child.lemma_ in _NAME_VERBS:
                for gc in child.children:
                    if gc.pos_ == "PROPN" and gc.dep_ in ("oprd", "dobj", "attr", "xcomp", "npadvmod"):
                        start, end = self.name_span(gc)
                        return Speaker(self.text[start:end], start, end)
            if child.dep_ in ("acl", "relcl") and person_head:
                found = self._clause_name(tok, child)
                if found is not None:
                    return found
        if tok.dep_ == "appos" and self.is_person_name(tok.head):
            return self.describe(tok.head)
        return None

    def _clause_name(self, tok: Token, clause: Token) -> Speaker | None:
        """A name or role given in a clause on a person noun.

        "a soldier who gives his name only as Artyom", "one father, who gave only his first name, Piet"
        -> the name; "a man the agency identifies as a private from Buryatia" -> "a private from
        Buryatia"; "a man the agency says is a contract soldier" -> "a contract soldier".
        """
        # "who gave only his first name, Piet", "who asked to be identified only as Hanna"
        naming = any(t.lemma_.lower() in ("name", "identify", "know") for t in clause.subtree)
        generic = tok.lemma_.lower() in self.lex.generic_person
        as_verb = any(clause.lower_.startswith(v[:5]) for v in _AS_VERBS)
        for t in clause.subtree:
            if self.blocked[t.i] or t.i <= tok.i:
                continue
            if (
                naming
                and t.pos_ == "PROPN"
                and (
                    (t.dep_ in ("appos", "attr", "oprd") and t.head.lemma_.lower() == "name")
                    or (t.dep_ == "pobj" and t.head.lower_ == "as")
                )
            ):
                start, end = self.name_span(t)
                return Speaker(self.text[start:end], start, end)
            as_object = t.dep_ == "pobj" and t.head.lower_ == "as" and t.head.head.i == clause.i
            if generic and as_verb and as_object and self.classify(t) is not None:
                return self.describe(t)
        if generic and clause.dep_ == "relcl" and clause.lemma_.lower() in self.lex.reporting:
            # "a man the agency says is a contract soldier from Omsk"
            nxt = self.doc[clause.i + 1] if clause.i + 1 < len(self.doc) else None
            if nxt is not None and nxt.lower_ in ("is", "was", "are", "were"):
                for t in self.doc[nxt.i + 1 : min(len(self.doc), nxt.i + 8)]:
                    if t.pos_ == "NOUN" and self.classify(t) is not None and t.head.i != t.i:
                        if t.dep_ == "compound":
                            continue
                        start, end = noun_phrase(t, _SPEAKER_PREPS)
                        return Speaker(self.text[start:end], start, end)
        return None

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

    def _earlier_same(self, tok: Token) -> Token | None:
        lemma = tok.lemma_.lower()
        for j in range(tok.i - 1, max(-1, tok.i - _MAX_BACK * 2), -1):
            cand = self.doc[j]
            if self.blocked[j] or (cand.lemma_.lower() != lemma and cand.lower_ != lemma):
                continue
            if cand.dep_ in ("compound", "appos") and self.is_person_name(cand.head):
                return cand.head  # "Spokesman Oskar Dahl", "Oskar Dahl, the spokesman"
            if cand.dep_ == "compound":
                continue
            if cand.pos_ == tok.pos_ or {cand.pos_, tok.pos_} == {"NOUN", "PROPN"}:
                if self.is_bare_definite(cand):
                    return self._earlier_same(cand) or cand
                return cand
        return None

    def _earlier_org(self, tok: Token, must_contain: str | None, media: bool = False) -> Speaker | None:
        """The organisation a bare "the ministry" / "the company" / "the newspaper" points back to.

        A body must be an ORG (containing ``must_contain`` when given: "the ministry" needs a
        ministry); an outlet may be an unlabelled proper noun, and an organisation that reported or
        wrote something ("the Financial Ledger reported ...") wins over a nearer one that did not.
        """
        found: list[Speaker] = []
        subjects: list[Speaker] = []
        for j in range(tok.i - 1, max(-1, tok.i - _MAX_BACK), -1):
            cand = self.doc[j]
            if (
                self.blocked[j]
                or self.dateline[j]
                or cand.dep_ == "compound"
                or cand.pos_ != "PROPN"
                or self.is_person_name(cand)
                or cand.lower_ in self.lex.medium_nouns
            ):
                continue
            label = self._labels[j]
            if label not in _ORG_LABELS and (label or not media):
                continue  # an outlet may be an unlabelled proper noun; a body must be an ORG
            span = self.name_span(cand)
            text = self.text[span[0] : span[1]]
            if must_contain is not None and must_contain not in text.lower():
                continue
            speaker = Speaker(text, span[0], span[1])
            if (media and self._reports(cand)) or (not media and must_contain is not None):
                return speaker
            found.append(speaker)
            if cand.dep_ in _SUBJECT_DEPS:
                subjects.append(speaker)  # "Lakeshore Steel will cut 900 jobs at its mills in Dunmore"
        if not media and subjects:
            return subjects[0]
        return found[0] if found else None

    def _reports(self, cand: Token) -> bool:
        """True when ``cand`` is the subject of a verb of publishing ("reported", "wrote") or is named
        with a media noun ("the newspaper X")."""
        if cand.dep_ in _SUBJECT_DEPS and cand.head.lemma_.lower() in self.lex.outlet_verbs:
            return True
        if cand.dep_ == "appos" and cand.head.lemma_.lower() in self.lex.media:
            return True
        return any(c.dep_ == "compound" and c.lemma_.lower() in self.lex.media for c in cand.children)

    def _earlier_named_person(self, tok: Token) -> Speaker | None:
        """ "the analyst", "the general", "the organiser": the nearest earlier named person.

        News copy introduces a person by name and role and then refers back by a role noun that
        need not repeat the first one ("Yulia Brandt, a researcher ..." ... "the analyst said").
        Gender must agree when the role noun has one ("the woman").
        """
        lemma = tok.lemma_.lower()
        gender = "m" if lemma in self.lex.male else ("f" if lemma in self.lex.female else None)
        paragraphs = 0
        for j in range(tok.i - 1, max(-1, tok.i - _MAX_BACK), -1):
            cand = self.doc[j]
            if "\n" in cand.text:
                paragraphs += 1
                if paragraphs > 3:
                    return None
            if self.blocked[j] or cand.dep_ in ("compound", "poss") or cand.pos_ != "PROPN":
                continue
            if not self.is_person_name(cand):
                continue
            if gender is not None and self._name_gender(cand) not in (None, gender):
                continue
            return self.describe(cand)
        return None

    def _owner(self, doc_tok: Token) -> Speaker | None:
        """Who issued a document: "X's post", "a post by X", or the X of "X said in a post"."""
        heads = [doc_tok] + [c for c in doc_tok.children if c.dep_ == "acl" and c.tag_ == "VBN"]
        for head in heads:  # "a clip aired by the state broadcaster X"
            for child in head.children:
                if child.dep_ == "poss" and child.pos_ != "PRON" and head is doc_tok:
                    return self.resolve(child)
                if child.dep_ in ("prep", "agent") and child.lower_ in ("by", "from"):
                    for pobj in child.children:
                        if pobj.dep_ == "pobj":
                            return self.resolve(pobj)
        if not self.is_bare_definite(doc_tok):
            return None
        lemma = doc_tok.lemma_.lower()
        for j in range(doc_tok.i - 1, max(-1, doc_tok.i - _MAX_BACK), -1):
            cand = self.doc[j]
            if self.blocked[j] or cand.lemma_.lower() != lemma:
                continue
            prep = cand.head
            if (
                cand.dep_ == "pobj"
                and prep.lower_ in self.lex.medium_preps
                and prep.head.pos_ in ("VERB", "AUX")
            ):
                subj = subject_of(prep.head, self.blocked)
                if subj is not None and subj.i != doc_tok.i:
                    found = self.resolve(subj)
                    if found is not None:
                        medium = medium_phrase(cand, self.blocked)
                        return Speaker(found.name, found.start, found.end, medium)
            if cand.i != doc_tok.i and not self.is_bare_definite(cand):
                return self._owner(cand)
        return None

    def context_medium(self, ante: Token) -> str | None:
        """A recording or call named in the sentence that introduced a speaker."""
        sent = ante.sent
        best: Token | None = None
        for t in sent:
            if self.blocked[t.i] or t.pos_ != "NOUN" or t.lemma_.lower() not in self.lex.context_media:
                continue
            if best is None or abs(t.i - ante.i) < abs(best.i - ante.i):
                best = t
        if best is None:
            return None
        return medium_phrase(best, self.blocked)
