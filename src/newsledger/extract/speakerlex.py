"""The speaker lexicon and the small value types of speaker resolution.

:class:`Lexicon` gathers the data files (data/roles.yaml, data/media.yaml,
data/reporting_verbs.txt); :class:`Speaker` is a resolved speaker, :class:`Cls` the class of a
mention (person, body, outlet, document, pronoun) with its gender and number.
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

    @property
    def third_person(self) -> frozenset[str]:
        return self.pron_male | self.pron_female | self.pron_plural | self.pron_neuter


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The word lists from data/roles.yaml, data/media.yaml and data/reporting_verbs.txt."""
    roles = load_yaml("roles.yaml")
    media = load_yaml("media.yaml")
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
