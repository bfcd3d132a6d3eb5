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


def test_the_multi_outlet_stream_meets_its_floors(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from newsledger.eval.stream_load import score_stream
    from newsledger.runner import extract
    from newsledger.store.repo import Store

    stream = ROOT / "eval" / "stream"
    store = Store(str(tmp_path / "stream.db"))
    report = extract([str(stream / "stream.jsonl")], store)
    assert report.ok, report.failures
    scores = score_stream(store, stream / "gold.json")
    store.close()
    counts = scores.to_json()["counts"]
    assert counts["missing_articles"] == 0
    assert counts["stories_merged"] == 0 and counts["apart_violations"] == 0 and counts["events_merged"] == 0
    metrics = scores.metrics()
    failures = [
        f"stream: {key} = {metrics[key]:.3f} is below its floor {floor:.3f}"
        for key, floor in sorted(load_floors(FLOORS)["stream"].items())
        if metrics[key] + 1e-9 < floor
    ]
    assert failures == [], "\n" + scores.to_text() + "\n" + "\n".join(failures)
