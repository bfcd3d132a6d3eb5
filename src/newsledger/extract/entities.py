"""Named entities: spaCy's NER, corrected by a data-fed entity ruler, mapped to the contract.

Pipeline side: :func:`add_entity_ruler` puts an ``entity_ruler`` before ``ner``, fed from
``data/entity_patterns.jsonl`` (places the bare model mislabels; built by
``scripts/build_place_patterns.py``). The statistical NER then respects those spans.

Extraction side (:func:`extract_entities`):

* labels map to the contract: GPE/LOC/FAC -> PLACE, WORK_OF_ART -> WORK; CARDINAL, ORDINAL,
  QUANTITY, MONEY and PERCENT are skipped (the figures extractor owns numbers);
* spans drop a leading article ('the Defense Ministry' -> 'Defense Ministry') except a
  capitalised 'The' inside a sentence, which belongs to the name ('the paper The Moscow
  Times'); DATE/TIME spans keep it ('the end of March'). A trailing possessive is dropped
  ('Putin’s' -> 'Putin');
* a place followed by a region word grows to include it ('Kharkiv' + 'region');
* a span that is exactly a nationality/group word (``demonyms`` in place_aliases.yaml) is NORP
  ('Ukrainian' tagged GPE); a one-word ORG/PLACE/NORP that equals the surname of a full
  PERSON name of the article is PERSON ('Tabalov' tagged ORG); a PERSON span starting with a
  known surname keeps only it (headline 'Putin Sees Spike' -> 'Putin'); a ruler place right
  after a PERSON joins it (a town that is also a surname);
* PERSON/ORG/PLACE spans that start with a lower-case letter (not a name particle) are
  dropped ('pro-Kremlin');
* canonical forms: names.py (people, organisations), places.py (places, with coordinates and
  ISO2 country), dates.py (DATE, relative to ``doc._.nl_published``); other labels keep text.
"""

from __future__ import annotations

import json
import warnings
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from spacy.attrs import LOWER, ORTH
from spacy.language import Language
from spacy.pipeline import EntityRuler
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span

from newsledger.contract import Entity
from newsledger.data import load_lines, load_yaml
from newsledger.extract import dates, names, places
from newsledger.extract._doc import ensure_extensions, version_tag
from newsledger.extract.acronyms import expansions

NAME = "newsledger.entities"
VERSION = "1.1.0"  # 1.1: a defined acronym takes its long form as canonical name
TAG = version_tag(NAME, VERSION)
RULER_NAME = "newsledger_entity_ruler"
RULER_FACTORY = "newsledger_place_ruler"
PATTERNS_FILE = "entity_patterns.jsonl"

LABELS = {
    "PERSON": "PERSON",
    "ORG": "ORG",
    "GPE": "PLACE",
    "LOC": "PLACE",
    "FAC": "PLACE",
    "DATE": "DATE",
    "TIME": "TIME",
    "NORP": "NORP",
    "EVENT": "EVENT",
    "LAW": "LAW",
    "PRODUCT": "PRODUCT",
    "WORK_OF_ART": "WORK",
    "LANGUAGE": "OTHER",
}
KEEP_ARTICLE = {"DATE", "TIME"}
ARTICLES = {"the", "a", "an"}
POSSESSIVE_TOKENS = {"'s", "’s", "'", "’"}
NAME_PARTICLES = frozenset(str(w) for w in load_yaml("names.yaml")["particles"])  # von, bin, ...


@dataclass
class _Mention:
    start: int  # token indices into the doc
    end: int
    label: str  # contract label
    ruler: bool  # set by the entity ruler


@lru_cache(maxsize=1)
def ruler_patterns() -> tuple[dict[str, Any], ...]:
    """The entity-ruler patterns shipped in ``data/entity_patterns.jsonl``."""
    return tuple(json.loads(line) for line in load_lines(PATTERNS_FILE))


@lru_cache(maxsize=1)
def _demonyms() -> frozenset[str]:
    words = [str(w) for w in load_yaml("place_aliases.yaml")["demonyms"]]
    plurals = [w + "s" for w in words if w.endswith(("an", "i", "ine")) or w in ("Arab", "Kurd", "Muslim")]
    return frozenset(words + plurals)


_WordTests = tuple[tuple[int, frozenset[int]], ...]  # per token: (column: 0 ORTH, 1 LOWER, accepted hashes)


class PlaceRuler(EntityRuler):
    """spaCy's ``EntityRuler`` with two shortcuts, the same matches:

    * no check, on every Doc, that it has patterns: that check counts them all (one entry per
      pattern id, thousands of place names here), which cost as much as matching them. It warns,
      as spaCy's does, when the ruler has none;
    * its token patterns (one ``ORTH`` list of thousands of one-word places per label, and a
      place before a region word) are matched over the Doc's ``ORTH``/``LOWER`` columns with one
      set lookup per token, where spaCy's ``Matcher`` calls a Python predicate per token and
      pattern. A pattern of any other form keeps the ``Matcher``, and so does a Doc where two
      matches cover the same tokens (there spaCy's order of its matches decides which label wins).
    """

    _words: list[tuple[int, _WordTests]] | None = None  # (match id, tests), built on first use

    def _require_patterns(self) -> None:
        if not any(self.token_patterns.values()) and not any(self.phrase_patterns.values()):
            super()._require_patterns()

    def add_patterns(self, patterns: list[Any]) -> None:
        self._words = None
        super().add_patterns(patterns)

    def clear(self) -> None:
        self._words = None
        super().clear()

    def remove(self, ent_id: str) -> None:
        self._words = None
        super().remove(ent_id)

    def _word_patterns(self) -> list[tuple[int, _WordTests]] | None:
        """The token patterns as word tests, or None if one of them is of another form."""
        if self._words is None:
            words: list[tuple[int, _WordTests]] = []
            for label, token_patterns in self.token_patterns.items():
                for pattern in token_patterns:
                    tests = [_word_test(spec) for spec in pattern]
                    if not tests or any(t is None for t in tests):
                        return None
                    words.append((get_string_id(label), tuple(t for t in tests if t is not None)))
            self._words = words
        return self._words

    def match(self, doc: Doc) -> list[tuple[int, int, int]]:
        words = self._word_patterns()
        if words is None:
            return list(super().match(doc))
        self._require_patterns()
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="\\[W036")
            matches = list(self.phrase_matcher(doc))
        if words and len(doc):
            array = doc.to_array([ORTH, LOWER])
            columns = (array[:, 0].tolist(), array[:, 1].tolist())
            n = len(doc)
            for match_id, tests in words:
                first_column, first_values = tests[0]
                last = n - len(tests)
                starts = [i for i, value in enumerate(columns[first_column]) if value in first_values]
                for start in starts:
                    if start <= last and all(
                        columns[column][start + k] in values for k, (column, values) in enumerate(tests)
                    ):
                        matches.append((match_id, start, start + len(tests)))
        final = {(m_id, start, end) for m_id, start, end in matches if start != end}
        if len({(start, end) for _m, start, end in final}) < len(final):
            return list(super().match(doc))  # two labels for one span: spaCy's order decides
        return sorted(final, key=lambda m: (m[2] - m[1], -m[1]), reverse=True)


def _word_test(spec: Any) -> tuple[int, frozenset[int]] | None:
    """One token spec ``{"ORTH"|"LOWER": word or {"IN": [words]}}`` as (column, hashes), else None.
    The hashes are the strings' own (as the Matcher's), not added to the vocabulary's strings."""
    if not isinstance(spec, dict) or len(spec) != 1:
        return None
    ((attr, value),) = spec.items()
    column = {"ORTH": 0, "LOWER": 1}.get(attr)
    if column is None:
        return None
    if isinstance(value, str):
        return column, frozenset([get_string_id(value)])
    words = value.get("IN") if isinstance(value, dict) and set(value) == {"IN"} else None
    if isinstance(words, list) and all(isinstance(w, str) for w in words):
        return column, frozenset(get_string_id(w) for w in words)
    return None


@Language.factory(
    RULER_FACTORY,
    assigns=["doc.ents", "token.ent_type", "token.ent_iob"],
    default_config={"phrase_matcher_attr": None, "validate": False, "overwrite_ents": False},
)
def make_place_ruler(
    nlp: Language, name: str, phrase_matcher_attr: str | None, validate: bool, overwrite_ents: bool
) -> PlaceRuler:
    return PlaceRuler(
        nlp, name, phrase_matcher_attr=phrase_matcher_attr, validate=validate, overwrite_ents=overwrite_ents
    )


def add_entity_ruler(nlp: Language) -> None:
    """Add the data-driven entity ruler before ``ner`` (idempotent)."""
    if RULER_NAME in nlp.pipe_names:
        return
    where: dict[str, Any] = {"before": "ner"} if "ner" in nlp.pipe_names else {}
    ruler = nlp.add_pipe(
        RULER_FACTORY,
        name=RULER_NAME,
        config={"overwrite_ents": True, "phrase_matcher_attr": "ORTH", "validate": False},
        **where,
    )
    # Phrase patterns are tokenised through the pipes before the ruler: keep those off.
    others = [n for n in nlp.pipe_names if n != RULER_NAME]
    with nlp.select_pipes(disable=others):
        ruler.add_patterns(list(ruler_patterns()))  # type: ignore[attr-defined]


def _trim(doc: Doc, m: _Mention) -> _Mention:
    start, end = m.start, m.end
    while end - start > 1 and (doc[end - 1].text in POSSESSIVE_TOKENS or doc[end - 1].is_punct):
        end -= 1
    first = doc[start]
    if (
        end - start > 1
        and m.label not in KEEP_ARTICLE
        and first.lower_ in ARTICLES
        and (first.text != "The" or first.is_sent_start)
    ):
        start += 1
    return _Mention(start, end, m.label, m.ruler)  # (dataclasses.replace costs ten times more)


def _is_name_like(span: Span) -> bool:
    first = span.text[:1]
    return not first.isalpha() or first.isupper() or span[0].lower_.rstrip("-") in NAME_PARTICLES


def _mentions(doc: Doc) -> list[_Mention]:
    demonyms = _demonyms()
    region_words = places.region_words()
    out: list[_Mention] = []
    for ent in doc.ents:
        label = LABELS.get(ent.label_)
        if label is None:
            continue
        m = _trim(doc, _Mention(ent.start, ent.end, label, bool(ent.ent_id_)))
        span = doc[m.start : m.end]
        if span.text in demonyms:
            m.label = "NORP"
        elif m.label in ("PERSON", "ORG", "PLACE") and not _is_name_like(span):
            continue
        if m.label == "PLACE" and m.end < len(doc) and doc[m.end].lower_ in region_words:
            m.end += 1
        out.append(m)
    return _fix_people(doc, out)


def _fix_people(doc: Doc, mentions: list[_Mention]) -> list[_Mention]:
    cleaned: dict[tuple[int, int], str] = {}

    def clean(m: _Mention) -> str:
        key = (m.start, m.end)
        if key not in cleaned:
            cleaned[key] = names.clean_person(doc[m.start : m.end].text)
        return cleaned[key]

    # A multi-word PERSON span whose first word is the surname of another full name is a
    # headline run-on: 'Putin Sees Spike' next to 'Vladimir Putin' -> 'Putin'.
    full = {clean(m) for m in mentions if m.label == "PERSON" and len(clean(m).split()) >= 2}
    by_surname: dict[str, set[str]] = {}  # surname -> the full names ending with it
    for name in full:
        for surname in names.known_surnames([name]):
            by_surname.setdefault(surname, set()).add(name)
    for m in mentions:
        if m.label != "PERSON" or m.end - m.start < 2:
            continue
        own = clean(m)
        if by_surname.get(doc[m.start].text.casefold(), set()) - {own}:
            m.end = m.start + 1
    surnames = names.known_surnames(clean(m) for m in mentions if m.label == "PERSON")
    person_words = {w.casefold() for m in mentions if m.label == "PERSON" for w in clean(m).split()}
    starts = {m.start: m for m in mentions}
    out: list[_Mention] = []
    skip: set[int] = set()
    for m in mentions:
        if id(m) in skip:
            continue
        span = doc[m.start : m.end]
        one_word = len(span) == 1 and not m.ruler
        if one_word and m.label in ("ORG", "PLACE", "NORP") and span.text.casefold() in surnames:
            m.label = "PERSON"  # 'Tabalov' tagged ORG after 'Alexei Tabalov'
        if m.label == "PLACE" and m.ruler and len(span) == 1 and m.end < len(doc):
            # A ruler town that is the given name of a person: 'Dara' + 'Massicot'.
            nxt = starts.get(m.end)
            if nxt is not None and nxt.label == "PERSON" and span[-1].whitespace_:
                m.label, m.end = "PERSON", nxt.end
                skip.add(id(nxt))
            elif nxt is None and doc[m.end].is_title and doc[m.end].text.casefold() in person_words:
                m.label, m.end = "PERSON", m.end + 1
        if (
            out
            and m.label == "PLACE"
            and m.ruler
            and out[-1].label == "PERSON"
            and out[-1].end == m.start
            and doc[m.start - 1].whitespace_
        ):
            out[-1].end = m.end  # a ruler town that is the surname of the person before it
            continue
        out.append(m)
    return out


def extract_entities(doc: Doc) -> list[Entity]:
    """Return the entities found in ``doc``, with canonical names, coordinates and ISO dates."""
    mentions = _mentions(doc)
    published = doc._.nl_published
    long_forms = expansions(doc._.nl_acronyms or [])
    person_idx = [i for i, m in enumerate(mentions) if m.label == "PERSON"]
    cleaned = [names.clean_person(doc[mentions[i].start : mentions[i].end].text) for i in person_idx]
    linked = dict(zip(person_idx, names.link_person_names(cleaned), strict=True))
    out: list[Entity] = []
    for i, m in enumerate(mentions):
        span = doc[m.start : m.end]
        text = span.text
        lat = lon = None
        country = None
        if m.label == "PERSON":
            canonical = linked[i]
        elif m.label == "PLACE":
            place = places.resolve_place(text)
            if place is not None:
                canonical, lat, lon, country = place.name, place.lat, place.lon, place.country
            else:
                canonical = places.canonical_place(text)
        elif m.label == "DATE":
            canonical = dates.normalise_date(text, published)
        elif m.label == "ORG" and text in long_forms:  # "IAEA", defined earlier in the text
            canonical = names.clean_org(long_forms[text])
        elif m.label == "ORG":
            canonical = names.clean_org(text)
        else:
            canonical = names.strip_possessive(text)
        out.append(
            Entity(
                text=text,
                start=span.start_char,
                end=span.end_char,
                label=m.label,
                canonical=canonical or text,
                lat=lat,
                lon=lon,
                country=country,
                extractor=TAG,
            )
        )
    return out


class EntitiesComponent:
    def __call__(self, doc: Doc) -> Doc:
        doc._.nl_entities = extract_entities(doc)
        return doc


@Language.factory(
    "newsledger_entities",
    requires=["doc._.nl_acronyms", "doc._.nl_published", "doc.ents", "token.tag", "token.lemma"],
    assigns=["doc._.nl_entities"],
    default_config={},
)
def make_entities_component(nlp: Language, name: str) -> EntitiesComponent:
    ensure_extensions()
    places.warm_up()
    return EntitiesComponent()
