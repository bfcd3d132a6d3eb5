"""The one lexicon of the attribution layer and its small value types.

:class:`Lexicon` gathers the word lists that quotes, speakers, mentions, frames and claims use
(data/roles.yaml, data/media.yaml, data/reporting_verbs.txt, data/attribution.yaml): one list of
pronouns, role nouns, reporting verbs and media words for every part of "who said it".
:class:`Speaker` is a resolved speaker, :class:`Cls` the class of a mention (person, body,
outlet, document, pronoun) with its gender and number. Source typing keeps its own phrase
lists (data/source_types.yaml, :mod:`newsledger.extract.sources`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from newsledger.data import load_lines, load_yaml


def _words(value: Any) -> frozenset[str]:
    if not value:
        return frozenset()
    return frozenset(str(v).lower() for v in value)


@dataclass(frozen=True)
class Lexicon:
    """Word lists used by speaker and quote extraction (from data files)."""

    person: frozenset[str]
    male: frozenset[str]
    female: frozenset[str]
    generic_person: frozenset[str]
    generic_body: frozenset[str]
    body: frozenset[str]
    media: frozenset[str]
    honor_male: frozenset[str]
    titles: frozenset[str]
    honor_female: frozenset[str]
    pron_male: frozenset[str]
    pron_female: frozenset[str]
    pron_plural: frozenset[str]
    pron_neuter: frozenset[str]
    pron_speech_act: frozenset[str]
    definite: frozenset[str]
    reporting: frozenset[str]
    direct_only: frozenset[str]
    quoting: frozenset[str]
    scare_markers: frozenset[str]
    conversations: frozenset[str]
    dialogue_verbs: frozenset[str]
    writing_verbs: frozenset[str]
    outlet_verbs: frozenset[str]
    infinitive_reports: frozenset[str]
    dateline: re.Pattern[str]
    addressee_verbs: frozenset[str]
    medium_preps: frozenset[str]
    medium_nouns: frozenset[str]
    platforms: frozenset[str]
    containers: frozenset[str]
    context_media: frozenset[str]
    documents: frozenset[str]
    poss_male: frozenset[str]
    poss_female: frozenset[str]
    poss_plural: frozenset[str]
    poss_neuter: frozenset[str]
    pron_subject: frozenset[str]
    pron_relative: frozenset[str]
    passive_source_verbs: frozenset[str]
    agent_report_verbs: frozenset[str]
    said_to_verbs: frozenset[str]
    self_naming_verbs: frozenset[str]
    marked_carriers: frozenset[str]
    person_suffixes: tuple[str, ...]
    platform_preps: frozenset[str]
    # data/attribution.yaml
    release_verbs: frozenset[str]
    report_heads: frozenset[str]
    agent_preps: frozenset[str]
    outlet_anaphors: frozenset[str]
    person_heads: frozenset[str]
    quantifiers: frozenset[str]
    media_heads: frozenset[str]
    demonym_endings: tuple[str, ...]
    place_preps: frozenset[str]
    office_heads: frozenset[str]
    indefinite: frozenset[str]
    describing_prefixes: tuple[str, ...]
    generic_people: frozenset[str]
    naming_verbs: frozenset[str]
    as_verbs: tuple[str, ...]
    speaker_preps: tuple[str, ...]
    background_marks: frozenset[str]
    evidence_verbs: frozenset[str]
    raising_report_verbs: frozenset[str]
    raising_cues: frozenset[str]
    addressee_media: frozenset[str]
    filmed: frozenset[str]
    request_verbs: frozenset[str]
    carrier_nouns: dict[str, str]
    ordinals: frozenset[str]
    intercept_marks: frozenset[str]
    reply_verbs: frozenset[str]
    impersonal: tuple[str, ...]
    impersonal_clause: tuple[str, ...]
    medium_drop: frozenset[str]
    medium_definite: frozenset[str]
    head_only: frozenset[str]
    possessives: frozenset[str]
    plural_collectives: frozenset[str]
    head_stops: frozenset[str]
    publisher_verbs: frozenset[str]
    group_determiners: frozenset[str]
    # data/names.yaml
    given_male: frozenset[str]
    given_female: frozenset[str]

    @property
    def third_person(self) -> frozenset[str]:
        return self.pron_male | self.pron_female | self.pron_plural | self.pron_neuter

    def pronoun_kind(self, word: str) -> str | None:
        """'plural', 'person' or 'thing' for a third-person pronoun (possessives included)."""
        w = word.lower().replace("’", "'")
        if w in self.pron_plural or w in self.poss_plural:
            return "plural"
        if w in self.pron_male | self.pron_female | self.poss_male | self.poss_female:
            return "person"
        if w in self.pron_neuter or w in self.poss_neuter:
            return "thing"
        return None


def _seq(value: Any) -> tuple[str, ...]:
    return tuple(str(v).lower() for v in value or ())


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The word lists from data/roles.yaml, data/media.yaml, data/reporting_verbs.txt and
    data/attribution.yaml."""
    roles = load_yaml("roles.yaml")
    media = load_yaml("media.yaml")
    att = load_yaml("attribution.yaml")
    names = load_yaml("names.yaml")
    person = roles["person"]
    pron = roles["pronouns"]
    male, female = _words(person["male"]), _words(person["female"])
    return Lexicon(
        person=_words(person["neutral"]) | male | female,
        male=male,
        female=female,
        generic_person=_words(roles["generic_person"]),
        generic_body=_words(roles["generic_body"]),
        body=_words(roles["body"]),
        media=_words(roles["media"]),
        honor_male=_words(roles["honorifics"]["male"]),
        titles=_words(roles["titles"]),
        honor_female=_words(roles["honorifics"]["female"]),
        pron_male=_words(pron["male"]),
        pron_female=_words(pron["female"]),
        pron_plural=_words(pron["plural"]),
        pron_neuter=_words(pron["neuter"]),
        pron_speech_act=_words(pron["speech_act"]),
        definite=_words(roles["definite"]),
        reporting=frozenset(w.lower() for w in load_lines("reporting_verbs.txt")),
        direct_only=_words(media["direct_only_verbs"]),
        quoting=_words(media["quoting_verbs"]),
        scare_markers=_words(media["scare_markers"]),
        conversations=_words(media["conversations"]),
        dialogue_verbs=_words(media["dialogue_verbs"]),
        writing_verbs=_words(media["writing_verbs"]),
        outlet_verbs=_words(media["outlet_verbs"]),
        infinitive_reports=_words(media["infinitive_report_verbs"]),
        # MULTILINE: a dateline opens a paragraph, and `match(text, pos)` anchors "^" only at
        # line starts, not at `pos`, without it
        dateline=re.compile(str(media["dateline"]), re.MULTILINE),
        addressee_verbs=_words(media["addressee_verbs"]),
        medium_preps=_words(media["prepositions"]),
        medium_nouns=_words(media["nouns"]) | _words(media["platforms"]),
        platforms=_words(media["platforms"]),
        containers=_words(media["containers"]),
        context_media=_words(media["context_nouns"]),
        documents=_words(media["documents"]),
        poss_male=_words(pron["possessive"]["male"]),
        poss_female=_words(pron["possessive"]["female"]),
        poss_plural=_words(pron["possessive"]["plural"]),
        poss_neuter=_words(pron["possessive"]["neuter"]),
        pron_subject=_words(pron["subject"]),
        pron_relative=_words(pron["relative"]),
        passive_source_verbs=_words(att["passive_source_verbs"]),
        agent_report_verbs=_words(att["agent_report_verbs"]),
        said_to_verbs=_words(att["said_to_verbs"]),
        self_naming_verbs=_words(att["self_naming_verbs"]),
        marked_carriers=_words(att["marked_carriers"]),
        person_suffixes=_seq(att["person_suffixes"]),
        platform_preps=_words(att["platform_preps"]),
        release_verbs=_words(att["release_verbs"]),
        report_heads=_words(att["report_heads"]),
        agent_preps=_words(att["agent_preps"]),
        outlet_anaphors=_words(att["outlet_anaphors"]),
        person_heads=_words(att["person_heads"]),
        quantifiers=_words(att["quantifiers"]),
        media_heads=_words(att["media_heads"]),
        demonym_endings=_seq(att["demonym_endings"]),
        place_preps=_words(att["place_preps"]),
        office_heads=_words(att["office_heads"]),
        indefinite=_words(att["indefinite"]),
        describing_prefixes=_seq(att["describing_prefixes"]),
        generic_people=_words(att["generic_people"]),
        naming_verbs=_words(att["naming_verbs"]),
        as_verbs=_seq(att["as_verbs"]),
        speaker_preps=_seq(att["speaker_preps"]),
        background_marks=_words(att["background_marks"]),
        evidence_verbs=_words(att["evidence_verbs"]),
        raising_report_verbs=_words(att["raising_report_verbs"]),
        raising_cues=_words(att["raising_cues"]),
        addressee_media=_words(att["addressee_media"]),
        filmed=_words(att["filmed"]),
        request_verbs=_words(att["request_verbs"]),
        carrier_nouns={str(k).lower(): str(v) for k, v in att["carrier_nouns"].items()},
        ordinals=_words(att["ordinals"]),
        intercept_marks=_words(att["intercept_marks"]),
        reply_verbs=_words(att["reply_verbs"]),
        impersonal=_seq(att["impersonal"]),
        impersonal_clause=_seq(att["impersonal_clause"]),
        medium_drop=_words(media["determiners"]),
        medium_definite=_words(att["medium_definite"]),
        head_only=_words(att["head_only"]),
        possessives=_words(att["possessives"]),
        plural_collectives=_words(att["plural_collectives"]),
        head_stops=_words(att["head_stops"]),
        publisher_verbs=_words(att["publisher_verbs"]),
        group_determiners=_words(att["group_determiners"]),
        given_male=_words(names["given"]["male"]),
        given_female=_words(names["given"]["female"]),
    )


@dataclass(frozen=True)
class Speaker:
    """A resolved speaker: display name and the offsets of the mention that gave it."""

    name: str
    start: int
    end: int
    medium: str | None = None  # a medium learned while resolving (the owner's post, the call)


@dataclass(frozen=True)
class Cls:
    kind: str  # person | body | media | document | pronoun
    gender: str | None = None  # m | f | None
    plural: bool = False
