"""The evaluation gate: the real pipeline on every gold set must meet eval/floors.json.

Floors only rise (see docs/eval.md); a change that lowers a score below its floor fails here.
"""

from __future__ import annotations

import pytest
from tests.conftest import ROOT

from newsledger.eval import check_floors, evaluate, load_floors

pytestmark = pytest.mark.model

GOLD = ROOT / "eval" / "gold"
FLOORS = ROOT / "eval" / "floors.json"


@pytest.mark.parametrize("gold_file", sorted(GOLD.glob("*.jsonl")), ids=lambda p: p.stem)
def test_gold_set_meets_its_floors(gold_file) -> None:  # type: ignore[no-untyped-def]
    floors = load_floors(FLOORS)
    assert gold_file.stem in floors, f"{gold_file.name} has no floors in eval/floors.json"
    report = evaluate(gold_file)
    assert not report.missing_pred
    failures = check_floors(report, FLOORS)
    assert failures == [], "\n" + report.to_text() + "\n" + "\n".join(failures)
