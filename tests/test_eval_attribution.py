"""The PolNeAR-style attribution scorer on hand-written stand-off annotations (no model, no corpus)."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsledger.errors import EvalError
from newsledger.eval.attribution import (
    GoldAttribution,
    GoldDoc,
    PredAttribution,
    load_polnear,
    read_ann,
    score_attributions,
)

TEXT = (
    'Mayor Ruth Okafor said the bridge would reopen in May. "We are nearly there," she said. '
    "Engineers believe the repairs cost more than planned."
)


def _span(part: str) -> tuple[int, int]:
    start = TEXT.index(part)
    return start, start + len(part)


def _ann() -> str:
    lines = []
    spans = [
        ("Source", "Mayor Ruth Okafor"),
        ("Cue", "said"),
        ("Content", "the bridge would reopen in May"),
        ("Source", "she"),
        ("Cue", "said."),
        ("Content", '"We are nearly there,"'),
        ("Source", "Engineers"),
        ("Cue", "believe"),
        ("Content", "the repairs cost more than planned"),
    ]
    for i, (label, part) in enumerate(spans, 1):
        a, b = _span(part) if part != "said." else (TEXT.index("she said") + 4, TEXT.index("she said") + 8)
        lines.append(f"T{i}\t{label} {a} {b}\t{TEXT[a:b]}")
    for e in range(3):
        t = e * 3
        lines.append(f"E{e + 1}\tAttribution:T{t + 2} Content:T{t + 3} Cue:T{t + 2} Source:T{t + 1}")
    return "\n".join(lines) + "\n"


def test_read_ann_ties_source_cue_and_content() -> None:
    atts = read_ann(_ann())
    assert len(atts) == 3
    assert TEXT[slice(*atts[0].content[0])] == "the bridge would reopen in May"
    assert atts[0].source is not None and TEXT[slice(*atts[0].source)] == "Mayor Ruth Okafor"


def test_exact_overlap_source_and_unquoted_recall() -> None:
    doc = GoldDoc("d", TEXT, read_ann(_ann()))
    preds = [
        # exact content (quote marks and punctuation do not count), source on the head token
        PredAttribution(_span("the bridge would reopen in May."), _span("Okafor"), "Ruth Okafor"),
        # the quotation without its marks: exact; the pronoun resolved to the named antecedent
        PredAttribution(_span("We are nearly there"), None, "Ruth Okafor", "direct"),
        # a spurious prediction
        PredAttribution(_span("Mayor Ruth Okafor said"), None, None),
    ]
    s = score_attributions([doc], [preds])
    m = s.metrics()
    assert (s.gold, s.pred, s.matched, s.exact) == (3, 3, 2, 2)
    assert m["content.overlap.precision"] == pytest.approx(2 / 3) and m[
        "content.overlap.recall"
    ] == pytest.approx(2 / 3)
    assert m["source.accuracy"] == 1.0
    assert s.unquoted_gold == 2 and s.unquoted_found == 1  # "Engineers believe ..." was missed
    assert any("repairs" in miss for miss in s.misses)


def test_a_partial_content_matches_by_overlap_but_not_exactly() -> None:
    doc = GoldDoc("d", TEXT, read_ann(_ann()))
    s = score_attributions(
        [doc], [[PredAttribution(_span("the bridge would reopen"), _span("Mayor"), "Mayor")]]
    )
    assert s.matched == 1 and s.exact == 0
    assert s.source_ok == 0  # "Mayor" is not the head ("Okafor") of the gold source


def test_the_test_compartment_is_never_read(tmp_path: Path) -> None:
    with pytest.raises(EvalError, match="held out"):
        load_polnear(tmp_path, "test")


def test_a_leading_that_does_not_count_in_an_exact_match() -> None:
    text = "The mayor said that the bridge will reopen in May."
    gold = GoldDoc("d", text, (GoldAttribution(((15, 49),), (0, 9), (10, 14)),))
    with_that = score_attributions([gold], [[PredAttribution((15, 49))]])
    without = score_attributions([gold], [[PredAttribution((20, 49))]])
    assert with_that.exact == 1 and without.exact == 1
    shorter = score_attributions([gold], [[PredAttribution((24, 49))]])
    assert shorter.matched == 1 and shorter.exact == 0
