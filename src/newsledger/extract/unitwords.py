"""Units that the words around a number give it, beyond the unit written after it (used by
:mod:`newsledger.extract.numbers`; data in ``units.yaml`` and ``figure_cues.yaml``):

* a unit written with a fixed case ("6.9Mw" is a moment magnitude, not megawatts);
* a one-letter unit before a closing bracket or a dimension word ("12 feet (3.7 m)", "9 m tall"),
  where elsewhere "5 m" may be five million;
* a unit word before the number ("a magnitude 6.1 earthquake", "the magnitude was 4.9");
* an approximation sign against the number ("~190 km/h").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from newsledger.data import load_yaml


@dataclass(frozen=True)
class _Words:
    case_units: dict[str, str]
    unit_before: dict[str, str]
    before_re: re.Pattern[str]
    short_re: re.Pattern[str]
    units: frozenset[str]  # every unit word, lower case
    signs: dict[str, str]  # approximation signs written against the number ("~295")
    anaphoric_re: re.Pattern[str]  # "these two": a determiner that refers back
    frequency_re: re.Pattern[str]  # "three times": a frequency or multiplier


def _word_re(word: str) -> str:
    return re.escape(word).replace(r"\ ", r"\s+") + (r"\b" if word[-1].isalpha() else "")


@lru_cache(maxsize=1)
def _words() -> _Words:
    units: dict[str, Any] = load_yaml("units.yaml")
    cues: dict[str, Any] = load_yaml("figure_cues.yaml")
    before = {str(k): str(v) for k, v in (units.get("unit_before") or {}).items()}
    short = [str(w) for w in cues.get("short_unit_before") or []]
    words = {str(w).lower() for spec in units["units"].values() for w in spec["words"]}
    return _Words(
        case_units={str(k): str(v) for k, v in (units.get("case_sensitive_units") or {}).items()},
        unit_before=before,
        before_re=re.compile(
            r"(?<![\w])(?P<w>"
            + "|".join(re.escape(w) for w in before)
            + r")(?:\s+(?:of|was|is|of\s+about))?[\s-]+\Z"
        ),
        short_re=re.compile(r"\s*(?P<w>[A-Za-z])(?=\s*(?:" + "|".join(_word_re(w) for w in short) + "))"),
        units=frozenset(words),
        signs={str(k): str(v) for k, v in (cues.get("approx_signs") or {}).items()},
        anaphoric_re=re.compile(
            r"(?<![\w])(?:" + "|".join(_word_re(str(w)) for w in cues["anaphoric_before"]) + r")\s+\Z", re.I
        ),
        frequency_re=re.compile(
            r"\s+(?:" + "|".join(_word_re(str(w)) for w in cues["frequency_after"]) + ")", re.I
        ),
    )


def case_unit(word: str) -> str | None:
    """The unit word a case-sensitive form stands for ("Mw" -> "magnitude"), else None."""
    return _words().case_units.get(word)


def unit_around(text: str, start: int, end: int) -> tuple[str, int] | None:
    """A unit word for the bare number ``text[start:end]`` and the new end of the expression: a
    one-letter unit before a bracket or a dimension word, or a unit word before the number."""
    w = _words()
    sm = w.short_re.match(text, end)
    if sm is not None and sm.group("w").lower() in w.units:
        return sm.group("w").lower(), sm.end()
    bm = w.before_re.search(text[max(0, start - 30) : start])
    if bm is not None:
        word = w.unit_before.get(bm.group("w"))
        if word is not None and word.lower() in w.units:
            return word, end
    return None


def approx_sign(text: str, start: int) -> tuple[str, int] | None:
    """An approximation sign written against the number ("~190 km/h" -> about) and the new start."""
    if start == 0:
        return None
    found = _words().signs.get(text[start - 1])
    return (found, start - 1) if found is not None else None


def anaphoric_or_frequency(
    text: str, spelled: bool, scaled: bool, value: float | None, start: int, end: int
) -> bool:
    """A small spelled number that is no amount (docs/quantity-guidelines.md): a frequency or
    multiplier ("four times raised fares") or an anaphoric numeral after a determiner that refers back
    ("these two", "those three"). Digits ("viewed 900,000 times") and "two dozen" stay."""
    if not spelled or scaled or value is None or value > 10:
        return False
    w = _words()
    if w.frequency_re.match(text, end):
        return True
    return w.anaphoric_re.search(text[max(0, start - 12) : start]) is not None and not re.match(
        r"[\s-]+dozen", text[end : end + 8], re.I
    )
