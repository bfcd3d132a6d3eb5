"""The PolNeAR-style attribution scorer on hand-written stand-off annotations (no model, no corpus)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from newsledger.errors import EvalError
from newsledger.eval.attribution import (
    GoldAttribution,
    GoldDoc,
    PredAttribution,
    load_polnear,
    one_per_cue,
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


def test_predictions_naming_one_cue_are_one_discontinuous_attribution() -> None:
    text = '"We will rebuild," the mayor said on Friday. "The money is there." Critics said it was late.'
    first, second = (1, 16), (46, 64)
    gold = GoldDoc("d", text, (GoldAttribution((first, second), (19, 28), (29, 33)),))
    said = (29, 33)
    parts = [
        PredAttribution(first, (19, 28), "the mayor", "direct", said),
        PredAttribution(second, None, None, "direct", said),
        PredAttribution((80, 91), None, "Critics", "indirect", (75, 79)),
    ]
    merged = one_per_cue(parts)
    assert len(merged) == 2
    assert merged[0].parts == (first, second) and merged[0].source == (19, 28)
    separate = score_attributions([gold], [[replace(p, cue=None) for p in parts]])
    joined = score_attributions([gold], [merged])
    assert (separate.pred, separate.exact) == (3, 0)  # one fragment matches, the other is a false positive
    assert (joined.pred, joined.exact, joined.source_ok) == (2, 1, 1)


def test_a_source_head_set_by_the_parse_and_a_description_antecedent() -> None:
    text = "Jane Roe, a lawyer for the city, said the deal was fair. The judge said it was not."
    roe = (0, 31)  # "Jane Roe, a lawyer for the city": its last word is not its head
    judge = (57, 66)
    atts = (
        GoldAttribution(((38, 55),), roe, (33, 37)),
        GoldAttribution(((72, 82),), judge, (67, 71)),
    )
    plain = GoldDoc("d", text, atts)
    parsed = GoldDoc(
        "d",
        text,
        (
            replace(atts[0], source_head=5, source_kind="name"),
            replace(atts[1], source_head=61, source_kind="description"),
        ),
    )
    preds = [
        PredAttribution((38, 55), (0, 8), "Jane Roe"),
        PredAttribution((72, 82), None, "Jane Roe"),  # the judge resolved to a name said before
    ]
    assert score_attributions([plain], [preds]).source_ok == 0  # "city" taken as the head
    s = score_attributions([parsed], [preds])
    m = s.metrics()
    assert s.source_ok == 1 and m["source.accuracy.roles"] == 1.0
