"""The annotator-agreement benchmark (benchmarks/polnear_agreement.py): ordered pairs of two
annotations of one article, scored by the project's attribution scorer."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from benchmarks.polnear_agreement import annotation_pairs, main

from newsledger.eval.attribution import score_attributions

TINY = Path(__file__).parent / "fixtures" / "polnear_tiny" / "data" / "train"
HARBOUR = "tiny_2016-01-01_harbour"


def _two_annotators(root: Path) -> Path:
    """A PolNeAR-like directory: the harbour article annotated twice (the second annotator leaves
    out one attribution and a word of another), the school article once."""
    base = root / "data" / "train"
    (base / "text").mkdir(parents=True)
    (base / "attributions").mkdir()
    for name in (HARBOUR, "tiny_2016-01-02_school"):
        shutil.copy(TINY / "text" / f"{name}.txt", base / "text")
        shutil.copy(TINY / "attributions" / f"{name}_fx01.ann", base / "attributions")
    first = (TINY / "attributions" / f"{HARBOUR}_fx01.ann").read_text(encoding="utf-8")
    lines = [line for line in first.splitlines() if not line.startswith(("T7", "T8", "T9", "E3"))]
    second = "\n".join(lines).replace(
        "T3\tContent 30 64\tthe harbour would reopen in spring",
        "T3\tContent 34 64\tharbour would reopen in spring",
    )
    (base / "attributions" / f"{HARBOUR}_fx02.ann").write_text(second + "\n", encoding="utf-8")
    return root


def test_ordered_pairs_of_two_annotations_score_as_gold_against_predictions(tmp_path: Path) -> None:
    golds, preds = annotation_pairs(_two_annotators(tmp_path), "train")
    assert [g.name for g in golds] == [HARBOUR, HARBOUR]  # the singly annotated article is left out
    assert [len(g.attributions) for g in golds] == [3, 2] and [len(p) for p in preds] == [2, 3]
    m = score_attributions(golds, preds).metrics()
    # each direction: 2 of the 3 contents matched, one of them exactly ("the" left out by one)
    assert round(m["content.overlap.f1"], 3) == 0.8
    assert round(m["content.exact.f1"], 3) == 0.4


def test_the_command_prints_a_row_per_compartment(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(_two_annotators(tmp_path))]) == 0
    out = capsys.readouterr().out
    assert "| train | 1 | 2 | 0.400 | 0.800 |" in out
    assert "| dev | 0 | 0 |" in out
