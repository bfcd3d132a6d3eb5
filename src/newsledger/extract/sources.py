"""Source typing: a source mention (and its role words) -> one of ``contract.SOURCE_TYPES``.

Pure functions over strings; the word lists live in ``data/source_types.yaml`` and the rules
that combine them are documented in ``data/README.claims.md``:

1. anonymous: the head noun is "source(s)"/"insider(s)", or an unnamed person-like noun
   ("officials", "a person") carries an anonymity marker ("familiar with", "close to",
   "on condition of anonymity") or is singular and indefinite ("an official") with no name;
2. people (NER label PERSON, or a capitalised name with no keyword at its head) are typed by
   their role words: analyst/expert -> expert_analyst, a private role (lawyer, soldier,
   resident) -> named_person, a military office/rank -> military, a government office
   (minister, director of national intelligence, mayor) -> government, else named_person;
3. everything else takes the type of its best keyword match: a match that contains the head
   noun beats one that does not, a longer phrase beats a shorter one, then a fixed priority
   (outlet names, intercepted, social media, expert, media words, document, military,
   government, official body). A platform or interception word in the modifiers overrides a
   document head ("a viral video", "an intercepted recording"). Data heads ("figures",
   "estimates") take the type of their modifiers ("Western figures" -> government);
4. fall back on the NER label (ORG -> official_body, GPE -> government), else unspecified.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from newsledger.data import load_yaml
from newsledger.errors import NewsledgerError
from newsledger.extract.lexicon import lexicon as words_lexicon

_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9.'\-]*")
# Categories matched by keyword, in tie-break priority order (first wins).
_PRIORITY = (
    "media_name",
    "intercepted_communication",
    "social_media",
    "expert_analyst",
    "media_word",
    "document",
    "military",
    "government",
    "official_body",
)
_STRONG_MODIFIERS = ("intercepted_communication", "social_media")


@dataclass(frozen=True)
class _Lexicon:
    phrases: dict[str, tuple[tuple[str, ...], ...]]  # category -> phrases as word tuples
    acronyms: frozenset[str]  # short entries that only match when written in capitals
    name_words: frozenset[str]
    data_heads: frozenset[str]
    person_roles: frozenset[str]
    anon_heads: frozenset[str]
    anon_unnamed: frozenset[str]
    anon_groups: frozenset[str]
    anon_markers: tuple[tuple[str, ...], ...]
    anon_indefinite: frozenset[str]
    expert_suffixes: tuple[str, ...]
    titles: frozenset[str]
    post_nominals: frozenset[str]
    title_words: dict[str, str]


def _norm(word: str) -> str:
    word = word.lower().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    # keep internal dots ("u.s."), drop a lone trailing one ("corp.", "col.")
    if word.endswith(".") and word.count(".") == 1:
        word = word[:-1]
    return word


def _words(text: str) -> list[str]:
    return [_norm(w) for w in _WORD.findall(text.replace("’", "'"))]


def _phrases(items: list[str]) -> tuple[tuple[str, ...], ...]:
    out = {tuple(_words(str(item))) for item in items}
    return tuple(sorted((p for p in out if p), key=len, reverse=True))


@lru_cache(maxsize=1)
def lexicon() -> _Lexicon:
    """The compiled source-type lexicon (built once from ``source_types.yaml``)."""
    raw = load_yaml("source_types.yaml")
    try:
        media = raw["media_outlet"]
        anon = raw["anonymous"]
        phrases = {
            "media_name": _phrases(media["names"]),
            "media_word": _phrases(media["words"]),
            "intercepted_communication": _phrases(raw["intercepted_communication"]),
            "social_media": _phrases(raw["social_media"]),
            "expert_analyst": _phrases(raw["expert_analyst"]),
            "document": _phrases(raw["document"]),
            "military": _phrases(raw["military"]),
            "government": _phrases(raw["government"]),
            "official_body": _phrases(raw["official_body"]),
        }
        acronyms = frozenset(
            p[0] for plist in phrases.values() for p in plist if len(p) == 1 and len(p[0]) <= 3
        )
        return _Lexicon(
            phrases=phrases,
            acronyms=acronyms,
            name_words=frozenset(_norm(w) for w in media["name_words"]),
            data_heads=frozenset(_norm(w) for w in raw["data_heads"]),
            person_roles=frozenset(_norm(w) for w in raw["person_roles"]),
            anon_heads=frozenset(_norm(w) for w in anon["heads"]),
            anon_unnamed=frozenset(_norm(w) for w in anon["unnamed_heads"]),
            anon_groups=frozenset(_norm(w) for w in anon["group_heads"]),
            anon_markers=_phrases(anon["markers"]),
            anon_indefinite=frozenset(_norm(w) for w in anon["indefinite"]),
            expert_suffixes=tuple(str(w) for w in raw["expert_suffixes"]),
            titles=frozenset(_norm(w) for w in load_yaml("roles.yaml")["titles"]),
            post_nominals=frozenset(_norm(w) for w in raw["post_nominals"]),
            title_words={_norm(k): str(v) for k, v in raw["title_words"].items()},
        )
    except (KeyError, TypeError) as exc:
        raise NewsledgerError(
            f"data file source_types.yaml is malformed: {exc}", hint="Reinstall newsledger."
        ) from exc


@dataclass(frozen=True)
class _Match:
    category: str
    start: int  # word index
    length: int


_PhraseIndex = dict[str, list[tuple[int, tuple[str, ...]]]]
_INDEXES: dict[int, tuple[tuple[tuple[str, ...], ...], _PhraseIndex]] = {}


def _index(phrases: tuple[tuple[str, ...], ...]) -> _PhraseIndex:
    """First word -> (order, phrase) of ``phrases`` (built once per phrase table)."""
    cached = _INDEXES.get(id(phrases))
    if cached is None or cached[0] is not phrases:
        index: _PhraseIndex = {}
        for order, phrase in enumerate(phrases):
            if phrase:
                index.setdefault(phrase[0], []).append((order, phrase))
        cached = (phrases, index)
        if len(phrases) > 2:  # the lexicon's tables; one-off tuples are not worth keeping
            _INDEXES[id(phrases)] = cached
    return cached[1]


def _find(
    words: list[str], raw: list[str], phrases: tuple[tuple[str, ...], ...], lex: _Lexicon
) -> list[tuple[int, int]]:
    """(start, length) of every occurrence of ``phrases``, phrase by phrase in table order."""
    index = _index(phrases)
    found: list[tuple[int, int, int]] = []
    n = len(words)
    for i, word in enumerate(words):
        for order, phrase in index.get(word, ()):
            k = len(phrase)
            if i + k > n or (k > 1 and tuple(words[i : i + k]) != phrase):
                continue
            if k == 1 and phrase[0] in lex.acronyms and not (raw[i].isupper() or raw[i].endswith(".")):
                continue
            found.append((order, i, k))
    found.sort()
    return [(i, k) for _order, i, k in found]


_RankedIndex = dict[str, list[tuple[int, int, tuple[str, ...]]]]
_RANKED: dict[int, tuple[_Lexicon, _RankedIndex]] = {}


def _ranked_index(lex: _Lexicon) -> _RankedIndex:
    """First word -> (category rank in ``_PRIORITY``, order, phrase) over every category's table."""
    cached = _RANKED.get(id(lex))
    if cached is None or cached[0] is not lex:
        index: _RankedIndex = {}
        for rank, cat in enumerate(_PRIORITY):
            for order, phrase in enumerate(lex.phrases[cat]):
                if phrase:
                    index.setdefault(phrase[0], []).append((rank, order, phrase))
        cached = _RANKED[id(lex)] = (lex, index)
    return cached[1]


def _matches(words: list[str], raw: list[str], lex: _Lexicon) -> list[_Match]:
    # what _find gives for each category's table in _PRIORITY order, in one pass over the words
    index = _ranked_index(lex)
    found: list[tuple[int, int, int, int]] = []
    n = len(words)
    for i, word in enumerate(words):
        for rank, order, phrase in index.get(word, ()):
            k = len(phrase)
            if i + k > n or (k > 1 and tuple(words[i : i + k]) != phrase):
                continue
            if k == 1 and phrase[0] in lex.acronyms and not (raw[i].isupper() or raw[i].endswith(".")):
                continue
            found.append((rank, order, i, k))
    found.sort()
    out = [_Match(_PRIORITY[rank], i, k) for rank, _order, i, k in found]
    # capitalised name words mark an outlet name ("The Moscow Times", "Kyiv Post")
    for i, w in enumerate(words):
        if w in lex.name_words and raw[i][:1].isupper() and i > 0 and raw[i - 1][:1].isupper():
            out.append(_Match("media_name", i - 1, 2))
    return out


def _public(category: str) -> str:
    return "media_outlet" if category in ("media_name", "media_word") else category


def _head_index(words: list[str], head: str | None) -> int:
    if head:
        h = _norm(head)
        for i in range(len(words) - 1, -1, -1):
            if words[i] == h:
                return i
    # no head given: the last word before a post-modifier
    stops = words_lexicon().head_stops
    idx = len(words) - 1
    for i, w in enumerate(words):
        if w in stops and i > 0:
            idx = i - 1
            break
    return max(idx, 0)


def _is_anonymous(words: list[str], raw: list[str], head_i: int, is_person: bool, lex: _Lexicon) -> bool:
    """Unnamed people: "sources", "an army medic", "two hospital auditors", "doctors in Essaly",
    "an official who spoke on condition of anonymity" (but not "Western officials": a group)."""
    if not words:
        return False
    head = words[head_i]
    if head in lex.anon_heads:
        return True
    individual = head in lex.anon_unnamed
    if is_person or not (individual or head in lex.anon_groups):
        return False
    if any(_find(words, raw, (m,), lex) for m in lex.anon_markers):
        return True
    if head_i + 1 < len(raw) and raw[head_i + 1][:1].isupper():
        return False  # "an official, Jane Roe" / "the officer Ivan Petrov": a name follows
    owned = words[0] in words_lexicon().possessives or any(w.endswith(("'s", "s'")) for w in raw[:head_i])
    if individual and owned and not head.endswith("s"):
        return True  # "his wife", "the crew's commander": an unnamed individual
    counted = words[0] in lex.anon_indefinite or words[0].isdigit()
    if counted:
        return True
    # a bare plural of individuals ("doctors in Essaly", "relatives of soldiers")
    determiners = words_lexicon().group_determiners
    plural = head.endswith("s") or head in ("people", "men", "women")
    return individual and plural and words[0] not in determiners and head_i == _first_noun(words, lex)


def _first_noun(words: list[str], lex: _Lexicon) -> int:
    """Index of the first word that is an anonymous head (the NP starts with its modifiers)."""
    for i, w in enumerate(words):
        if w in lex.anon_unnamed or w in lex.anon_groups or w in lex.anon_heads:
            return i
    return -1


def _looks_like_name(raw: list[str], head_i: int, lex: _Lexicon, words: list[str]) -> bool:
    if not raw or not raw[head_i][:1].isupper():
        return False
    if words[head_i] in lex.name_words:
        return False
    if any(words[head_i] in {p[-1] for p in plist} for plist in lex.phrases.values()):
        return False
    return head_i >= 1 and raw[head_i - 1][:1].isupper()


def _is_outlet_name(words: list[str], raw: list[str], head_i: int, lex: _Lexicon) -> bool:
    if (
        words[head_i] in lex.name_words
        and raw[head_i][:1].isupper()
        and head_i > 0
        and raw[head_i - 1][:1].isupper()
    ):
        return True
    names = _find(words, raw, lex.phrases["media_name"], lex)
    return any(i <= head_i < i + k for i, k in names)


def _person_type(role_words: list[str], role_raw: list[str], lex: _Lexicon) -> str:
    """A named individual is ``named_person`` whatever their office, unless their role words
    describe an analyst, expert, researcher, scholar or economist (team convention)."""
    found = {m.category for m in _matches(role_words, role_raw, lex)}
    if "expert_analyst" in found or any(w.endswith(lex.expert_suffixes) for w in role_words):
        return "expert_analyst"
    return "named_person"


@lru_cache(maxsize=4096)
def person_type(role: str) -> str:
    """``expert_analyst`` or ``named_person`` for a named individual described by ``role``
    (a function of the words alone: kept per ``role``, as :func:`classify_source` is)."""
    raw = [w.replace("’", "'") for w in _WORD.findall(role)]
    return _person_type([_norm(w) for w in raw], raw, lexicon())


def is_title(word: str) -> bool:
    """Whether ``word`` is a title or office word that may precede a name ("Col.", "Minister")."""
    return _norm(word) in lexicon().titles


def is_post_nominal(word: str) -> bool:
    """Whether ``word`` is post-nominal letters that follow a name ("KC", "MP")."""
    return _norm(word) in lexicon().post_nominals


def role_word(word: str) -> str:
    """The role a title abbreviation stands for ("Gen." -> "general"), else the word, lower case."""
    w = _norm(word)
    return lexicon().title_words.get(w, w)


@lru_cache(maxsize=8192)
def classify_source(
    mention: str,
    *,
    head: str | None = None,
    label: str | None = None,
    role: str = "",
) -> str:
    """The source type of ``mention`` (one of ``contract.SOURCE_TYPES``).

    ``head`` is the head word of the mention (guessed when omitted), ``label`` the NER label
    of the mention (PERSON, ORG, GPE, NORP...) when known, and ``role`` extra words that
    describe it (an appositive: "Jane Roe, a senior fellow at ...").
    """
    lex = lexicon()
    raw = _WORD.findall(mention.replace("’", "'"))
    words = [_norm(w) for w in raw]
    if not words:
        return "unspecified"
    head_i = _head_index(words, head)
    if words_lexicon().pronoun_kind(words[head_i]) is not None:
        return "unspecified"
    if _is_outlet_name(words, raw, head_i, lex):
        return "media_outlet"  # "Eastport Wire", "The Moscow Times", even when NER calls it a person
    is_person = label == "PERSON" or (label is None and _looks_like_name(raw, head_i, lex, words))
    org_words = ("official_body", "government", "military", "media_word")
    if is_person and head_i > 0 and any((words[head_i],) in lex.phrases[c] for c in org_words):
        is_person = False  # "Arveta Therapeutics", "Draney Civil Ltd": a company, whatever NER says
    if _is_anonymous(words, raw, head_i, is_person, lex):
        return "anonymous"
    if is_person:
        role_raw = raw + [w.replace("’", "'") for w in _WORD.findall(role)]
        return _person_type([_norm(w) for w in role_raw], role_raw, lex)

    matches = _matches(words, raw, lex)
    head_only = words_lexicon().head_only  # "call" in "a call for calm", "post" in "post-war"
    matches = [m for m in matches if words[m.start] not in head_only or m.start == head_i or m.length > 1]
    if words[head_i] in lex.data_heads:
        modifiers = [m for m in matches if not (m.length == 1 and m.start == head_i)]
        matches = modifiers if modifiers else [_Match("document", head_i, 1)]
    if matches:

        def rank(m: _Match) -> tuple[int, int, int]:
            has_head = m.start <= head_i < m.start + m.length
            return (int(has_head), m.length, -_PRIORITY.index(m.category))

        best = max(matches, key=rank)
        if best.category == "document":
            strong = [m for m in matches if m.category in _STRONG_MODIFIERS]
            if strong:
                best = max(strong, key=rank)
        return _public(best.category)
    if label == "ORG":
        return "official_body"
    if label == "GPE":
        return "government"
    return "unspecified"


@lru_cache(maxsize=8192)
def is_plural(mention: str, head: str | None = None) -> bool:
    """Whether the mention names several people or bodies ("sources", "officials", "they");
    kept per mention and head, as :func:`classify_source` is."""
    raw = _WORD.findall(mention)
    words = [_norm(w) for w in raw]
    if not words:
        return False
    i = _head_index(words, head)
    w = words[i]
    if words_lexicon().pronoun_kind(w) == "plural" or w in words_lexicon().plural_collectives:
        return True
    return w.endswith("s") and not w.endswith(("ss", "us", "is")) and not raw[i][:1].isupper() and len(w) > 3


def pronoun_kind(word: str) -> str | None:
    """'plural', 'person' or 'thing' for a pronoun that may stand for a source, else None."""
    return words_lexicon().pronoun_kind(_norm(word))
