"""Find and read number expressions in English text (pure: no spaCy).

:func:`find_numbers` scans a text for number expressions and returns one
:class:`NumberExpr` per expression with character offsets, the value, the bounds,
the approximation kind, and the unit. :mod:`newsledger.extract.figures` decides
which of them are figures, using the parse.

What one expression covers (``text``): the approximation cue, a currency symbol,
the number (digits, spelled words, or both), a range partner, a scale word, a unit
or currency word and a trailing cue: ``"more than 200,000"``, ``"about $8 million"``,
``"234 square kilometers"``, ``"between 3,000 and 4,500"``, ``"300 thousand"``.
The counted noun is never part of it.

Values
    * Digits with separators. ``1,5`` and ``1.234.567`` can only be European; the
      ambiguous ``1,500`` / ``1.500`` follow the text's style, read once per text by
      :func:`uses_decimal_comma` (English style unless the text shows European
      evidence such as ``1.234.567`` or ``0,5``).
    * Spelled numbers are found with the word list in ``data/figure_cues.yaml`` and
      read by ``text2num``; idioms it does not know (``a dozen``, ``half a million``,
      ``two dozen``) use the ``idioms`` entries of the same file.
    * Scale words and glued suffixes (``1.5 million``, ``$8m``, ``£2bn``); ``m``/``b``
      glued to digits are scales only in money, otherwise ``8m`` is 8 metres.
    * Percentages: unit ``percent``, value as written (``18%`` -> 18). Fractions
      followed by *of* (``half of``, ``two-thirds of``) are percentages too (50, 66.6).

Bounds (``approx`` from :data:`newsledger.contract.APPROX`)
    * ``exact``: value = low = high.
    * ``about``: value set, low and high ``None``.
    * ``more_than`` / ``at_least``: value and low set.
    * ``less_than`` / ``at_most`` / ``up_to`` / ``almost``: value and high set.
    * ``range`` (``between X and Y``, ``X-Y``, ``X to Y``): **value is None**, low and
      high set. A midpoint would invent a number nobody reported. ``X or Y`` is a list:
      two expressions that share the unit (``eight or nine euros``, :func:`split_list`).
    * ``vague`` (``hundreds``, ``tens of thousands``): value None, low/high from the
      ``vague`` table (``hundreds`` = 100-999).

Separators in European texts: thin, narrow and no-break spaces group thousands in any text; a
plain space does too when the text writes decimal commas (ingest collapses thin spaces).

Units: the codes of ``data/units.yaml`` (``GB``, ``mph``, ``points``, ``cent``, ...); a rate per
unit is one unit string (``$58 per barrel`` -> ``USD per barrel``). Ages (``aged 34``,
``34-year-old``) are years, with ``age`` set.

Currencies: symbols and ISO codes before the number, currency words after it. Words that several
countries use (``krona``, ``kroner``) and ``pounds`` are resolved per text by
:func:`currency_context` from the country words the article uses (``data/units.yaml``).

Rejections: an expression that is a label, not a quantity, is still returned with
``reject`` set (``ordinal``, ``time``, ``label``, ``relative``, ``score``,
``code``, ``phone``, ``compound`` for ``150-seat`` / ``mum-of-three``, ``multiplier`` for
``four times the wage``, ``proportion`` for ``half of that``), so callers can drop it and
tests can see why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from text_to_num import text2num

from newsledger.data import load_yaml
from newsledger.extract.unitwords import anaphoric_or_frequency, approx_sign, case_unit, unit_around
from newsledger.textnorm import CasedMatch, CaselessPattern

CUES_FILE = "figure_cues.yaml"
UNITS_FILE = "units.yaml"

_LOWER_BOUND = frozenset({"more_than", "at_least"})
_UPPER_BOUND = frozenset({"less_than", "at_most", "up_to", "almost"})


@dataclass(frozen=True)
class NumberExpr:
    """One number expression found in a text (offsets are into that text)."""

    text: str
    start: int
    end: int
    value: float | None
    low: float | None
    high: float | None
    approx: str
    unit: str | None = None
    kind: str = "count"  # count | money | percent | measure | duration
    num_start: int = 0  # the numeric part (both ends of a range), without cue or unit
    num_end: int = 0
    spelled: bool = False  # written in words only ("two", "a dozen")
    year_like: bool = False  # four bare digits 1800-2100 ("2024")
    reject: str | None = None  # why it is not a quantity, or None
    # "eight or nine euros": where the first number ends and the second starts (a list of two figures)
    split_at: tuple[int, int] | None = None
    age: bool = False  # "aged 34", "a 67-year-old": an age (a figure in years, counted "age")


@dataclass(frozen=True)
class _Unit:
    code: str
    kind: str
    factor: float


@dataclass(frozen=True)
class _Ambiguous:
    """A currency word several countries use (or "pounds"): resolved by the article's words."""

    default: str
    default_kind: str
    not_before: frozenset[str]
    candidates: tuple[tuple[str, re.Pattern[str]], ...]


def _cue_pattern(words: list[str]) -> re.Pattern[str]:
    """Whole-word alternation; symbols ("£") match anywhere."""
    alts = [
        (r"(?<![\w])" if w[:1].isalnum() else "") + re.escape(w) + (r"(?![\w])" if w[-1:].isalnum() else "")
        for w in sorted(words, key=len, reverse=True)
    ]
    return re.compile("|".join(alts), re.IGNORECASE)


@dataclass(frozen=True)
class _Core:
    """The bare numeric part found by the master pattern."""

    start: int
    end: int
    value: float | None
    low: float | None = None
    high: float | None = None
    vague: bool = False
    spelled: bool = False
    suffix: str = ""
    scaled: bool = False
    fraction: bool = False
    year_like: bool = False
    needs_cue: bool = False  # "a decade": a quantity only after a cue ("more than a decade")


class _Tables:
    """Compiled patterns and lookups built once from the data files."""

    def __init__(self) -> None:
        cues: dict[str, Any] = load_yaml(CUES_FILE)
        units: dict[str, Any] = load_yaml(UNITS_FILE)
        self.scales: dict[str, float] = {k: float(v) for k, v in cues["scales"].items()}
        self.suffix_scales: dict[str, float] = {k: float(v) for k, v in cues["suffix_scales"].items()}
        self.idioms: dict[str, float] = {k: float(v) for k, v in cues["idioms"].items()}
        self.fractions: dict[str, float] = {k: float(v) for k, v in cues["fractions"].items()}
        self.vague: dict[str, tuple[float, float]] = {
            k: (float(v[0]), float(v[1])) for k, v in cues["vague"].items()
        }
        self.label_before = frozenset(w.lower() for w in cues["label_before"])
        self.relative_after = tuple(w.lower() for w in cues["relative_after"])
        self.age_before = tuple(w.lower() for w in cues["age_before"])
        self.time_after = tuple(w.lower() for w in cues["time_after"])
        self.before: dict[str, str] = {}
        for approx, phrases in cues["approx_before"].items():
            for phrase in phrases:
                self.before[phrase.lower()] = approx
        self.before_measure: dict[str, str] = {}
        for approx, phrases in (cues.get("approx_before_measure") or {}).items():
            for phrase in phrases:
                self.before_measure[str(phrase).lower()] = approx
        self.after: dict[str, str] = {}
        for approx, phrases in cues["approx_after"].items():
            for phrase in phrases:
                self.after[str(phrase).lower()] = approx

        self.units: dict[str, _Unit] = {}
        for code, spec in units["units"].items():
            unit = _Unit(str(spec.get("unit", code)), str(spec["kind"]), float(spec.get("factor", 1)))
            for word in spec["words"]:
                self.units[str(word).lower()] = unit
        for code in units["currency_codes"]:
            self.units.setdefault(code.lower(), _Unit(code, "money", 1.0))
        self.symbols: dict[str, str] = {str(k): str(v) for k, v in units["currency_symbols"].items()}
        self.codes = frozenset(units["currency_codes"])
        self.ambiguous: dict[str, _Ambiguous] = {}
        for word, spec in (units.get("ambiguous_currency") or {}).items():
            amb = _Ambiguous(
                default=str(spec.get("default", word)),
                default_kind=str(spec.get("default_kind", "money")),
                not_before=frozenset(str(w).lower() for w in spec.get("not_before", [])),
                candidates=tuple(
                    (str(code), _cue_pattern([str(c) for c in cues_]))
                    for code, cues_ in spec.get("candidates", {}).items()
                ),
            )
            self.ambiguous[str(word).lower()] = amb
            self.units.setdefault(str(word).lower(), _Unit(amb.default, amb.default_kind, 1.0))
        self.phone_before = re.compile(
            r"(?<![\w])(?:"
            + "|".join(re.escape(w) for w in cues["phone_before"])
            + r")(?:\s+(?:us|them|on|at))?\s*:?\s*\Z",
            re.IGNORECASE,
        )
        self.multiplier_re = re.compile(
            r"\s+times\s+(?:" + "|".join(re.escape(w) for w in cues["multiplier_after"]) + r")\b",
            re.IGNORECASE,
        )
        self.compound_heads = frozenset(str(w).lower() for w in cues["compound_count_heads"])
        self.proportion_re = re.compile(
            r"\s+of\s+(?:" + "|".join(re.escape(w) for w in cues["proportion_of"]) + r")\b", re.IGNORECASE
        )

        words = sorted(cues["number_words"], key=len, reverse=True)
        word = "(?:" + "|".join(words) + ")"
        spelled = rf"\b{word}(?:(?:\s+and\s+|[\s-]+){word})*\b(?:\s+dozen\b)?"
        vague = "|".join(re.escape(v) for v in sorted(self.vague, key=len, reverse=True))
        scale = "(?:" + "|".join(sorted(self.scales, key=len, reverse=True)) + ")"
        frac = "|".join(sorted(self.fractions, key=len, reverse=True))
        digits = r"\d{1,3}(?:[,.\u00a0\u202f\u2009\u2007']\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?"
        self.digits_re = re.compile(digits)
        # European texts (decimal comma) also group thousands with a plain space once ingest has
        # collapsed thin and no-break spaces ("300 000", "1 200 km").
        digits_eu = r"\d{1,3}(?:[,.\u00a0\u202f\u2009\u2007' ]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?"
        # A currency code glued to the number ("USD42.5 million", "INR750"): only the 3-letter ISO codes.
        glued = "|".join(sorted(c for c in self.codes if len(c) == 3 and c.isalpha()))
        self.master, self.partner = self._patterns(digits, vague, scale, frac, spelled, glued)
        self.master_eu, self.partner_eu = self._patterns(digits_eu, vague, scale, frac, spelled, glued)
        # the same patterns run case-sensitively over the lower-cased text (same matches, faster)
        self.master_fast, self.master_eu_fast = CaselessPattern(self.master), CaselessPattern(self.master_eu)
        # "five- to ten-year": a suspended hyphen before "to" is the first half of a compound range
        self.range_sep = re.compile(
            r"(?:-\s+(?P<hword>to)\s+|\s*[-–—]\s*|\s+(?P<word>to|and|or)\s+)", re.IGNORECASE
        )
        self.unit_re = _alternation(
            [w for w in self.units if len(w) > 1 or w == "%"], prefix=r"\s*(?:-\s*)?", boundary=True
        )
        self.after_re = _alternation(list(self.after), prefix=r"\s*", boundary=True)
        self.before_re = _ending_alternation(list(self.before))
        self.before_measure_re = _ending_alternation(list(self.before_measure))
        self.symbol_start_re = re.compile(
            "|".join(re.escape(s) for s in sorted(self.symbols, key=len, reverse=True)) + r"|[A-Z]{3}\s"
        )
        syms = sorted(self.symbols, key=len, reverse=True)
        self.symbol_re = re.compile(
            r"(?:"
            + "|".join(re.escape(s) for s in syms)
            + r"|(?<![A-Za-z])(?:"
            + "|".join(sorted(self.codes))
            + r"))\s?\Z"
        )
        self.opener_re = re.compile(r"(?<![\w])(between|from)\s+\Z", re.IGNORECASE)
        self.age_re = _ending_alternation(list(self.age_before))
        self.label_re = re.compile(r"(?<![\w])([\w.#:]+)\s*\Z")
        self.time_re = _alternation(list(self.time_after), prefix=r"\s*", boundary=True)
        self.relative_re = _alternation(list(self.relative_after), prefix=r"\s+", boundary=True)
        self.old_re = re.compile(r"(?:-|\s+)old\b", re.IGNORECASE)
        self.duration_re = _ending_alternation([str(w) for w in cues.get("duration_before", [])])
        per = [str(w) for w in units.get("per_words", [])]
        self.per_re = re.compile(
            r"\s*(?P<per>"
            + "|".join(re.escape(w) for w in sorted(per, key=len, reverse=True))
            + r")(?![\w])\s*"
            r"(?P<den>[A-Za-z][A-Za-z/²-]*)",
            re.IGNORECASE,
        )

    @staticmethod
    def _patterns(
        digits: str, vague: str, scale: str, frac: str, spelled: str, glued: str
    ) -> tuple[re.Pattern[str], re.Pattern[str]]:
        """The master pattern (any number) and the range-partner pattern for one digit style."""
        master = re.compile(
            rf"(?P<vague>\b(?:{vague})\b)"
            rf"|(?P<half>\bhalf\s+an?\s+{scale}\b)"
            rf"|(?P<a>\ban?\s+(?:dozen|{scale})\b)"
            r"|(?P<aunit>\ban?(?=\s+(?:decades?|years?|months?|weeks?|days?|hours?)\b))"
            rf"|(?P<frac>\b(?:(?P<fnum>an?|one|two|three|four|five|seven|nine)[\s-]+)?(?P<fden>{frac})\s+of\b)"
            # (?=\d): both digit styles start with a digit, so the look-behinds run only before one
            rf"|(?=\d)(?:(?<=(?<![A-Za-z])(?:{glued}))|(?<![\w/#+:])(?<![A-Za-z][-.]))(?P<digits>{digits})"
            rf"(?P<sfx>[A-Za-z²]+)?(?![\w]|[.,:/]\d)(?P<scale>(?:\s+{scale}\b)*)"
            rf"|(?P<spelled>{spelled})",
            re.IGNORECASE,
        )
        # A second number that closes a range (no vague/fraction forms).
        partner = re.compile(
            rf"(?:(?P<digits>{digits})(?P<sfx>[A-Za-z²]+)?(?![\w]|[.,:/]\d)(?P<scale>(?:\s+{scale}\b)*)"
            rf"|(?P<spelled>{spelled}))",
            re.IGNORECASE,
        )
        return master, partner


def _alternation(phrases: list[str], *, prefix: str, boundary: bool) -> re.Pattern[str]:
    alts = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    end = r"(?![\w])" if boundary else ""
    return re.compile(rf"{prefix}(?P<w>{alts}){end}", re.IGNORECASE)


def _ending_alternation(phrases: list[str]) -> re.Pattern[str]:
    alts = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<![\w])(?P<w>{alts})\s+\Z", re.IGNORECASE)


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    return _Tables()


# (?=\d) first: every form starts with a digit, so the three alternatives are tried only there
_EU_STRONG = re.compile(
    r"(?=\d)(?:\b\d{1,3}(?:\.\d{3}){2,}\b|\b\d{1,3}(?:\.\d{3})+,\d+\b|\b\d+,\d{1,2}\b(?![.,]?\d))"
)
_EN_STRONG = re.compile(
    r"(?=\d)(?:\b\d{1,3}(?:,\d{3}){2,}\b|\b\d{1,3}(?:,\d{3})+\.\d+\b|\b\d+\.\d{1,2}\b(?![.,]?\d))"
)


def uses_decimal_comma(text: str) -> bool:
    """Whether ``text`` writes decimals with a comma (``1,5 million``, ``1.234.567``).

    Counts unambiguous European forms against unambiguous English ones; a tie
    (including no evidence at all) means English style.
    """
    eu = len(_EU_STRONG.findall(text))
    en = len(_EN_STRONG.findall(text))
    return eu > en


def parse_digits(raw: str, *, decimal_comma: bool = False) -> float:
    """Read a digit string with separators: ``"134,500"``, ``"1,5"``, ``"1.234.567,8"``."""
    s = re.sub(r"[\u00a0\u202f\u2009\u2007' ]", "", raw)
    if "," in s and "." in s:
        dec = "," if s.rfind(",") > s.rfind(".") else "."
        thou = "." if dec == "," else ","
        return float(s.replace(thou, "").replace(dec, "."))
    for sep in (",", "."):
        if sep not in s:
            continue
        groups = s.split(sep)
        grouped = 1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])
        if grouped and len(groups) > 2:
            return float(s.replace(sep, ""))
        if grouped:
            # one separator then three digits: "1,500" / "1.500" depends on the text's style
            is_decimal = (sep == ",") == decimal_comma
            return float(s.replace(sep, ".")) if is_decimal else float(s.replace(sep, ""))
        if len(groups) == 2:
            return float(s.replace(sep, "."))
        return float(s.replace(sep, ""))
    return float(s)


def _spelled_value(run: str) -> tuple[float, int] | None:
    """Value of the longest word prefix of ``run`` that text2num reads, and its length."""
    tables = _tables()
    words = list(re.finditer(r"[A-Za-z]+", run))
    dozen = 1.0
    if words and words[-1].group().lower() == "dozen":
        dozen = tables.idioms["dozen"]
        words = words[:-1]
    for n in range(len(words), 0, -1):
        chunk = run[: words[n - 1].end()]
        if n < len(words):
            dozen = 1.0
        try:
            value = float(text2num(re.sub(r"[\s-]+", " ", chunk.lower()), "en"))
        except ValueError:
            continue
        end = len(run) if dozen != 1.0 else words[n - 1].end()
        return value * dozen, end
    return None


def _read_core(m: re.Match[str] | CasedMatch, decimal_comma: bool) -> _Core | None:
    """Turn one master/partner match into a :class:`_Core` (None if unreadable)."""
    tables = _tables()
    groups = m.groupdict()
    start, end = m.start(), m.end()
    if groups.get("vague"):
        low, high = tables.vague[re.sub(r"\s+", " ", groups["vague"].lower())]
        return _Core(start, end, None, low, high, vague=True, spelled=True)
    if groups.get("half"):
        scale = tables.scales[groups["half"].split()[-1].lower()]
        return _Core(start, end, tables.idioms["half"] * scale, spelled=True, scaled=True)
    if groups.get("a"):
        word = groups["a"].split()[-1].lower()
        value = tables.idioms["dozen"] if word == "dozen" else tables.scales[word]
        return _Core(start, end, value, spelled=True, scaled=word != "dozen")
    if groups.get("aunit"):
        return _Core(start, end, 1.0, spelled=True, needs_cue=True)
    if groups.get("fden"):
        den = tables.fractions[groups["fden"].lower()]
        num_word = (groups.get("fnum") or "").lower()
        num = 1.0 if num_word in ("a", "an", "") else float(text2num(num_word, "en"))
        if not num_word and groups["fden"].lower() not in ("half",):
            return None  # "third of" without a number word is an ordinal
        frac_end = m.end("fden")
        return _Core(start, frac_end, round(num * den * 100, 1), spelled=True, fraction=True)
    if groups.get("digits"):
        raw = groups["digits"]
        value = parse_digits(raw, decimal_comma=decimal_comma)
        scaled = False
        for word in (groups.get("scale") or "").split():
            value *= tables.scales[word.lower()]
            scaled = True
        year_like = bool(re.fullmatch(r"\d{4}", raw)) and 1800 <= value <= 2100 and not groups.get("sfx")
        return _Core(start, end, value, suffix=groups.get("sfx") or "", scaled=scaled, year_like=year_like)
    if groups.get("spelled"):
        read = _spelled_value(groups["spelled"])
        if read is None:
            return None
        value, length = read
        return _Core(start, start + length, value, spelled=True)
    return None


def _bounds(approx: str, value: float) -> tuple[float | None, float | None, float | None]:
    """(value, low, high) for a single number under ``approx``."""
    if approx == "exact":
        return value, value, value
    if approx in _LOWER_BOUND:
        return value, value, None
    if approx in _UPPER_BOUND:
        return value, None, value
    return value, None, None


def _clean(value: float) -> float:
    return float(round(value, 6))


_PHONE = re.compile(r"(?<![\w,.])(?:\+\d{1,4}|\(\d{2,4}\)|\d{2,4})(?:[ -]\(?\d{2,4}\)?){2,}(?![\w]|[.,]\d)")


def _rejected(text: str, start: int, end: int, reason: str) -> NumberExpr:
    """A span that looks numeric but is not a quantity (a phone number)."""
    return NumberExpr(
        text[start:end], start, end, None, None, None, "exact", num_start=start, num_end=end, reject=reason
    )


_DIGIT_RUN = re.compile(r"\d{2,}(?:[ \u00a0-]\d{2,})+(?![\w]|[.,]\d)")
_THOUSANDS = re.compile(r"\d{1,3}(?:[ \u00a0]\d{3})+")


def _phones(text: str) -> list[tuple[int, int]]:
    """Spans of phone numbers: signed/bracketed digit groups, or digit groups after "call", "dial"..."""
    tables = _tables()
    out = [(p.start(), p.end()) for p in _PHONE.finditer(text) if re.search(r"[-+(]", p.group())]
    for run in _DIGIT_RUN.finditer(text):
        if _THOUSANDS.fullmatch(run.group()):
            continue
        if tables.phone_before.search(text[max(0, run.start() - 20) : run.start()]):
            out.append((run.start(), run.end()))
    return out


def currency_context(text: str) -> dict[str, tuple[str, str]]:
    """Code and kind for each ambiguous currency word (``krona``, ``kroner``, ``pounds``) in ``text``.

    The candidate whose cue words (country, capital, adjective) occur most often in the text wins;
    with no cue, the word's default (the word itself, ``lb`` for ``pounds``).
    """
    tables = _tables()
    out: dict[str, tuple[str, str]] = {}
    low = text.lower()
    for word, amb in tables.ambiguous.items():
        if word not in low:
            continue
        best, hits = amb.default, 0
        kind = amb.default_kind
        for code, pattern in amb.candidates:
            n = len(pattern.findall(text))
            if n > hits:
                best, hits, kind = code, n, "money"
        out[word] = (best, kind)
    return out


def find_numbers(text: str, *, decimal_comma: bool | None = None) -> list[NumberExpr]:
    """Every number expression in ``text``, in order, rejected ones included."""
    tables = _tables()
    if decimal_comma is None:
        decimal_comma = uses_decimal_comma(text)
    out: list[NumberExpr] = []
    currency = currency_context(text)
    phones = _phones(text)
    pos = 0
    master = tables.master_eu_fast if decimal_comma else tables.master_fast
    lowered = text.lower()
    while True:
        m = master.search(text, pos, lowered)
        if m is None:
            break
        core = _read_core(m, decimal_comma)
        phone = next((p for p in phones if p[0] <= m.start() < p[1]), None)
        if phone is not None:
            out.append(_rejected(text, phone[0], phone[1], "phone"))
            pos = phone[1]
            continue
        if core is None:
            pos = m.end()
            continue
        expr = _extend(text, core, decimal_comma, currency)
        out.extend(split_list(expr))
        pos = max(expr.end, core.end, m.start() + 1)
    return out


def _extend(text: str, core: _Core, decimal_comma: bool, ambiguous: dict[str, tuple[str, str]]) -> NumberExpr:
    """Grow a core into a full expression: currency, range partner, unit, cues."""
    tables = _tables()
    reject: str | None = None
    split_at: tuple[int, int] | None = None
    start, end = core.start, core.end
    num_end = core.end
    value, low, high = core.value, core.low, core.high
    approx = "vague" if core.vague else "exact"
    unit: _Unit | None = None
    scale_mult = 1.0

    # Currency symbol or code right before the number ("$8 million", "USD 5 million").
    currency = tables.symbol_re.search(text[max(0, start - 5) : start])
    if currency is not None:
        sym = currency.group(0).strip()
        code = tables.symbols.get(sym) or (sym if sym in tables.codes else None)
        if code is not None:
            unit = _Unit(code, "money", 1.0)
            start -= len(currency.group(0))

    # Glued suffix: a scale ("2bn", "$8m"), a unit ("5km") or a label ("5th", "3D").
    suffix = core.suffix.lower()
    if case_unit(core.suffix) and unit is None:  # "6.9Mw": magnitude, not megawatts
        unit, suffix = tables.units[str(case_unit(core.suffix)).lower()], ""
    if suffix:
        if suffix in ("st", "nd", "rd", "th"):
            reject = "ordinal"
        elif suffix in tables.suffix_scales and (suffix not in ("m", "b") or unit is not None):
            scale_mult = tables.suffix_scales[suffix]
        elif suffix in tables.units and unit is None:
            unit = tables.units[suffix]
        elif suffix == "s" and core.year_like:
            reject = "date"  # "the 1990s"
        else:
            reject = "code"

    # Range partner: "3,000-4,500", "12 to 15", "700 or 800", "between 3 and 4 million".
    opener = tables.opener_re.search(text[max(0, start - 10) : start])
    if value is not None and not core.fraction and reject is None:
        sep = tables.range_sep.match(text, end)
        partner_re = tables.partner_eu if decimal_comma else tables.partner
        partner = partner_re.match(text, sep.end()) if sep else None
        if sep is not None and partner is None and unit is not None and unit.kind == "money":
            sym_m = tables.symbol_start_re.match(text, sep.end())  # "$15 to $18", "€2m-€3m"
            partner = partner_re.match(text, sym_m.end()) if sym_m else None
        if sep is not None and partner is not None:
            word = (sep.group("word") or sep.group("hword") or "").lower()
            if word != "and" or (opener is not None and opener.group(1).lower() == "between"):
                other = _read_core(partner, decimal_comma)
                if other is not None and other.value is not None and not other.suffix:
                    lo, hi = value * scale_mult, other.value
                    if other.scaled and not core.scaled and scale_mult == 1.0:
                        lo *= _mantissa_scale(partner)
                    if lo < hi or (word == "or" and lo != hi):
                        if word == "or":  # "eight or nine euros": a list of two figures, not a range
                            split_at = (core.end, other.start)
                        value, low, high = None, lo, hi
                        approx = "range"
                        end = num_end = other.end
                        scale_mult = 1.0
                    elif not word:
                        reject = "score"  # "3-1", "24-7": not a range
                        end = num_end = other.end
    if approx == "range" and opener is not None:
        start -= len(opener.group(0))
    elif value is not None:
        value *= scale_mult

    # Unit or currency word after the number ("percent", "square kilometers", "krona").
    um = tables.unit_re.match(text, end)
    if um is not None and (unit is None or (unit.kind == "money" and um.group("w").lower() in tables.codes)):
        word = um.group("w").lower()
        found = tables.units[word]
        if word in ambiguous:
            code, kind = ambiguous[word]
            found = _Unit(code, kind, 1.0)
            nxt = re.match(r"\s+(\w+)", text[um.end() :])
            if nxt and nxt.group(1).lower() in tables.ambiguous[word].not_before:
                found = _Unit(tables.ambiguous[word].default, tables.ambiguous[word].default_kind, 1.0)
        if case_unit(um.group("w")):
            found = tables.units[str(case_unit(um.group("w"))).lower()]
        glued = um.group(0).lstrip().startswith("-")
        if not glued or found.kind in ("duration", "measure"):
            unit = found
            end = um.end()
    around = unit_around(text, start, end) if unit is None else None
    if around is not None:  # "(5 m)", "4 m tall", "a magnitude 6.1 earthquake"
        unit, end = tables.units[around[0].lower()], around[1]
    if core.fraction:
        unit = _Unit("percent", "percent", 1.0)
    if unit is not None and unit.kind in ("money", "measure"):
        per = _per_unit(text, end)  # "$58 per barrel" -> "USD per barrel"
        if per is not None:
            unit = _Unit(f"{unit.code} per {per[0]}", unit.kind, unit.factor)
            end = per[1]
    if unit is not None and unit.factor != 1:
        value = value * unit.factor if value is not None else None
        low = low * unit.factor if low is not None else None
        high = high * unit.factor if high is not None else None

    # Trailing cue: "200 or more", "a dozen or so", "200+".
    after_approx: str | None = None
    am = tables.after_re.match(text, end)
    if am is not None and approx == "exact":
        after_approx = tables.after[am.group("w").lower()]
        end = am.end()

    # Leading cue: "more than", "about", "up to", "at least".
    window = text[max(0, start - 40) : start]
    bm = tables.before_re.search(window)
    if bm is not None and approx != "range":
        if approx == "exact":
            approx = tables.before[bm.group("w").lower()]
        start -= len(window) - bm.start()
    elif unit is not None and unit.kind == "measure" and approx == "exact":
        mm = tables.before_measure_re.search(window)  # "within 20 kilometres of the border"
        if mm is not None:
            approx = tables.before_measure[mm.group("w").lower()]
            start -= len(window) - mm.start()
    sign = approx_sign(text, start) if approx == "exact" else None
    if sign is not None:  # "~190 km/h", "≈40%"
        approx, start = sign
    if after_approx is not None:
        approx = after_approx
    if core.needs_cue and (approx == "exact" or unit is None) and not tables.duration_re.search(window):
        reject = reject or "article"  # "a year", "a day": not a reported quantity; "for a decade" is

    reject = (
        reject
        or _label_reason(text, core, start, end, unit)
        or _modifier_reason(text, core, start, end, unit)
    )
    age = reject == "age"  # an age is a quantity (CQE): 34 years, what is measured is the age
    if age:
        reject = None
        unit = unit or _Unit("year", "duration", 1.0)
    if approx not in ("range", "vague") and value is not None:
        value, low, high = _bounds(approx, value)
    return NumberExpr(
        text=text[start:end],
        start=start,
        end=end,
        value=_clean(value) if value is not None else None,
        low=_clean(low) if low is not None else None,
        high=_clean(high) if high is not None else None,
        approx=approx,
        unit=unit.code if unit else None,
        kind=unit.kind if unit else "count",
        num_start=core.start,
        num_end=num_end,
        spelled=core.spelled,
        year_like=core.year_like and (unit is None or (approx == "range" and unit.kind != "money")),
        reject=reject,
        split_at=split_at,
        age=age,
    )


def _singular(word: str) -> str:
    if len(word) > 3 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _per_unit(text: str, end: int) -> tuple[str, int] | None:
    """The denominator of a rate unit right after ``end`` ("per barrel", "a litre", "/kg") and where it
    ends; None when there is none or it is a duration (a rate kept in ``Figure.rate``)."""
    tables = _tables()
    m = tables.per_re.match(text, end)
    if m is None:
        return None
    per = m.group("per").lower()
    den = m.group("den")
    found = tables.unit_re.match(den)
    if found is not None and found.end() in (len(den), len(found.group(0))):
        unit = tables.units[found.group("w").lower()]
        if unit.kind in ("duration", "percent"):
            return None
        return unit.code, m.start("den") + found.end()
    if per in ("a", "an"):
        return None
    word = re.match(r"[A-Za-z]+", den)
    if word is None:
        return None
    if tables.units.get(word.group().lower(), _Unit("", "", 1)).kind in ("duration", "percent"):
        return None
    return _singular(word.group().lower()), m.start("den") + word.end()


def split_list(expr: NumberExpr) -> list[NumberExpr]:
    """An "X or Y" list as two figures that share the cue and the unit ("eight or nine euros")."""
    if expr.split_at is None or expr.low is None or expr.high is None:
        return [expr]
    first_end, second = expr.split_at
    text = expr.text
    off = expr.start
    approx = expr.approx if expr.approx != "range" else "exact"
    out = []
    for a, b, v in ((off, first_end, expr.low), (second, expr.end, expr.high)):
        lo_hi = (v, v) if approx == "exact" else (None, None)
        out.append(
            NumberExpr(
                text=text[a - off : b - off],
                start=a,
                end=b,
                value=v,
                low=lo_hi[0],
                high=lo_hi[1],
                approx=approx,
                unit=expr.unit,
                kind=expr.kind,
                num_start=max(a, expr.num_start),
                num_end=min(b, expr.num_end),
                spelled=expr.spelled,
                reject=expr.reject,
            )
        )
    return out


def _mantissa_scale(partner: re.Match[str]) -> float:
    """The scale multiplier carried by a range's second number ("4 million" -> 1e6)."""
    tables = _tables()
    mult = 1.0
    for word in (partner.group("scale") or "").split():
        mult *= tables.scales[word.lower()]
    if partner.group("spelled"):
        for word in partner.group("spelled").split():
            mult *= tables.scales.get(word.lower(), 1.0)
    return mult


def _label_reason(text: str, core: _Core, start: int, end: int, unit: _Unit | None) -> str | None:
    """Why the number is a label, an age, a time or a point in time (or None)."""
    tables = _tables()
    before = text[max(0, start - 24) : start]
    if tables.age_re.search(before):
        return "age"
    if unit is not None and unit.code == "year" and tables.old_re.match(text, end):
        return "age"
    if unit is not None and unit.kind == "duration" and tables.relative_re.match(text, end):
        return "relative"
    if unit is None and tables.time_re.match(text, core.end):
        return "time"
    if before.rstrip().endswith("#"):
        return "label"
    lm = tables.label_re.search(before)
    if lm is not None:
        word = lm.group(1).lower()
        if word in tables.label_before or word.rstrip(".:") in tables.label_before:
            return "label"
    return None


def _modifier_reason(text: str, core: _Core, start: int, end: int, unit: _Unit | None) -> str | None:
    """Why the number modifies something rather than counting it (or None).

    ``compound``: a numeric compound modifier (``150-seat``, ``mum-of-three``), except heads such as
    ``-strong`` that state a count; ``multiplier``: ``four times the wage``; ``proportion``: a
    fraction of an earlier figure (``half of that``).
    """
    tables = _tables()
    if re.search(r"[A-Za-z]-\Z", text[max(0, start - 2) : start]):
        return "compound"
    glued = re.match(r"-([A-Za-z]+)", text[end : end + 30])
    if glued is not None and unit is None and glued.group(1).lower() not in tables.compound_heads:
        return "compound"
    if unit is None and tables.multiplier_re.match(text, end):
        return "multiplier"
    if unit is None and anaphoric_or_frequency(text, core.spelled, core.scaled, core.value, start, end):
        return "multiplier"  # "twice"-like "four times raised fares"; "these two" (anaphoric): no amount
    if core.fraction and tables.proportion_re.match(text, core.end):
        return "proportion"
    return None


def parse_number(text: str, *, decimal_comma: bool = False) -> float | None:
    """Value of one number expression (``"1.5 million"``, ``"a dozen"``), else None.

    Vague quantities and ranges have no single value and give None.
    """
    found = [e for e in find_numbers(text, decimal_comma=decimal_comma) if e.reject is None]
    if len(found) != 1:
        return None
    return found[0].value
