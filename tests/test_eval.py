"""Evaluation module on tiny hand-made gold and prediction files (no model needed)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from newsledger.errors import EvalError
from newsledger.eval import check_floors, evaluate, load_floors, raise_floors
from newsledger.eval.gold import anchor_pattern, find_all, load_gold, parse_record
from newsledger.eval.match import match_spans, overlap
from newsledger.eval.score import head_noun, names_match, norm_phrase, speaker_ok

TEXT = (
    "Defence Minister Halvard Renn said 1,200 troops would move north. "
    "About 40 percent are conscripts, officials said, and two border towns were evacuated. "
    "Like 214"
)
URL = "https://gold.newsledger.example/t/001"


def span(text: str, sub: str, occurrence: int = 1) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence):
        start = text.index(sub, start + 1)
    return start, start + len(sub)


def gold_record(**gold: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"annotated": ["figures", "quotes", "entities", "hedges", "claims"]}
    base.update(gold)
    return {"url": URL, "outlet": "The Harbour Ledger", "text": TEXT, "gold": base}


FIG_1200 = {"text": "1,200", "value": 1200, "approx": "exact", "counted": "troops", "category": "recruitment"}
FIG_40 = {"text": "About 40 percent", "value": 40, "approx": "about", "unit": "percent"}
FIG_TWO = {"text": "two", "value": 2, "counted": "border towns"}


def pred_figure(sub: str, **attrs: Any) -> dict[str, Any]:
    start, end = span(TEXT, sub)
    return {"text": sub, "start": start, "end": end, **attrs}


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def run(tmp_path: Path, gold: dict[str, Any], pred: dict[str, Any] | None) -> Any:
    g = write_jsonl(tmp_path / "tiny.jsonl", [gold])
    p = write_jsonl(tmp_path / "pred.jsonl", [pred] if pred is not None else [])
    return evaluate(g, p)


def pred_article(**fields: Any) -> dict[str, Any]:
    return {"id": "x", "url": URL, "text": TEXT, **fields}


# -- matching ------------------------------------------------------------------------


def test_overlap() -> None:
    assert overlap((0, 5), (3, 10)) == 2
    assert overlap((0, 5), (5, 10)) == 0


def test_match_is_one_to_one_and_prefers_largest_overlap() -> None:
    gold = [(0, 10), (12, 20)]
    pred = [(8, 14), (0, 9), (13, 19)]
    assert match_spans(gold, pred) == [(0, 1), (1, 2)]
    # Two predictions over one gold span: only one is matched.
    assert match_spans([(0, 10)], [(0, 4), (5, 10)]) == [(0, 1)]


# -- anchors ------------------------------------------------------------------------


def test_anchor_respects_word_boundaries_and_typography() -> None:
    assert find_all("1,400 and 40 and 40%", "40") == [(10, 12), (17, 19)]
    assert anchor_pattern("it's said").search("it\u2019s  said") is not None
    assert find_all("more than 1\u2009200 km", "1 200 km") == [(10, 18)]


def test_anchor_not_found_is_an_eval_error_naming_file_and_line(tmp_path: Path) -> None:
    gold = gold_record(figures=[{"text": "3,500", "value": 3500}])
    with pytest.raises(EvalError) as err:
        run(tmp_path, gold, pred_article())
    assert "tiny.jsonl:1" in str(err.value) and "'3,500'" in str(err.value)


def test_occurrence_beyond_matches_is_an_error(tmp_path: Path) -> None:
    gold = gold_record(figures=[{"text": "two", "occurrence": 2, "value": 2}])
    with pytest.raises(EvalError, match="occurrence 2"):
        run(tmp_path, gold, pred_article())


# -- validation ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "figure, message",
    [
        ({"text": "two", "value": 2, "approx": "roughly"}, "approx"),
        ({"text": "two", "value": None, "approx": "exact"}, "needs a value"),
        ({"text": "two", "value": 2, "approx": "range"}, "value null"),
        ({"text": "two", "value": 2, "low": 3}, "needs low=2"),
        ({"text": "two", "value": 2, "category": "weather"}, "category"),
        ({"text": "two", "value": 2, "period": "March 2024"}, "period"),
    ],
)
def test_invalid_figures_are_rejected(figure: dict[str, Any], message: str) -> None:
    with pytest.raises(EvalError, match=message):
        parse_record(gold_record(figures=[figure]), path="g.jsonl", line=3)


def test_bounds_are_filled_from_the_approx_rules() -> None:
    article = parse_record(gold_record(figures=[{"text": "1,200", "value": 1200, "approx": "more_than"}]))
    attrs = article.items["figures"][0].attrs
    assert (attrs["low"], attrs["high"]) == (1200, None)


def test_duplicate_article_urls_are_rejected(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "dup.jsonl", [gold_record(), gold_record()])
    with pytest.raises(EvalError, match="already defined"):
        load_gold(path)


# -- scores ------------------------------------------------------------------------


def test_figure_counts_and_attribute_accuracy(tmp_path: Path) -> None:
    gold = gold_record(figures=[FIG_1200, FIG_40, FIG_TWO], not_figures=["Like 214"])
    pred = pred_article(
        figures=[
            pred_figure("1,200", value=1200, approx="exact", counted="soldiers", category="recruitment"),
            pred_figure("40 percent", value=40, approx="exact", unit="percent", category="other"),
            pred_figure("Like 214", value=214, approx="exact"),
            pred_figure("Renn", value=1, approx="exact"),
        ]
    )
    report = run(tmp_path, gold, pred)
    fig = report.fields["figures"]
    assert (fig.counts.tp, fig.counts.fp, fig.counts.fn) == (2, 2, 1)
    assert fig.counts.precision == pytest.approx(0.5)
    assert fig.counts.recall == pytest.approx(2 / 3)
    assert (fig.attrs["value"].correct, fig.attrs["value"].total) == (2, 2)
    assert (fig.attrs["approx"].correct, fig.attrs["approx"].total) == (1, 2)
    assert fig.attrs["counted"].correct == 1  # None == None for the percentage; troops != soldiers
    assert report.not_figure_hits == 1
    assert report.metrics()["figures.f1"] == pytest.approx(2 * 0.5 * (2 / 3) / (0.5 + 2 / 3))


def test_range_values_compare_bounds(tmp_path: Path) -> None:
    text_gold = gold_record(
        figures=[{"text": "1,200", "approx": "range", "value": None, "low": 1000, "high": 1200}]
    )
    report = run(
        tmp_path, text_gold, pred_article(figures=[pred_figure("1,200", value=None, low=1000, high=1200)])
    )
    assert report.fields["figures"].attrs["value"].correct == 1


def test_quotes_speakers_and_aliases(tmp_path: Path) -> None:
    q1 = {"text": "1,200 troops would move north", "kind": "indirect", "speaker": "Halvard Renn",
          "speaker_aliases": ["Defence Minister Halvard Renn"]}  # fmt: skip
    q2 = {"text": "About 40 percent are conscripts", "kind": "indirect", "speaker": "officials"}
    gold = gold_record(quotes=[q1, q2])
    s1, e1 = span(TEXT, "1,200 troops would move north")
    s2, e2 = span(TEXT, "40 percent are conscripts")
    pred = pred_article(
        quotes=[
            {
                "text": "",
                "start": s1,
                "end": e1,
                "kind": "indirect",
                "speaker": "defence minister halvard renn",
            },
            {"text": "", "start": s2, "end": e2, "kind": "direct", "speaker": "Renn"},
        ]
    )
    report = run(tmp_path, gold, pred)
    quotes, speakers = report.fields["quotes"], report.fields["speakers"]
    assert (quotes.counts.tp, quotes.counts.fp, quotes.counts.fn) == (2, 0, 0)
    assert (quotes.attrs["speaker"].correct, quotes.attrs["kind"].correct) == (1, 1)
    assert (speakers.counts.tp, speakers.counts.fp, speakers.counts.fn) == (1, 1, 1)


def test_claim_chain_and_verification(tmp_path: Path) -> None:
    claim = {"text": "two border towns were evacuated", "verification": "unverified",
             "sources": [{"name": "The Harbour Ledger", "type": "media_outlet"},
                         {"name": "officials", "type": "government"}]}  # fmt: skip
    gold = gold_record(claims=[claim])
    s, e = span(TEXT, "About 40 percent are conscripts, officials said, and two border towns were evacuated.")
    good = [{"name": "Harbour Ledger", "type": "media_outlet"}, {"name": "Officials", "type": "government"}]
    report = run(tmp_path, gold, pred_article(claims=[{"start": s, "end": e, "sources": good}]))
    claims = report.fields["claims"]
    assert claims.counts.tp == 1
    assert (claims.attrs["chain"].correct, claims.attrs["verification"].correct) == (1, 0)
    bad = [{"name": "The Harbour Ledger", "type": "media_outlet"}]
    report = run(tmp_path, gold, pred_article(claims=[{"start": s, "end": e, "sources": bad}]))
    assert report.fields["claims"].attrs["chain"].correct == 0


def test_hedges_are_collected_from_claims_and_entities_filter_dates(tmp_path: Path) -> None:
    gold = gold_record(
        hedges=[{"text": "About"}],
        entities=[{"text": "Halvard Renn", "label": "PERSON", "canonical": "Halvard Renn"}],
    )
    hs, he = span(TEXT, "About")
    rs, re_ = span(TEXT, "Renn")
    ds, de = span(TEXT, "north")
    pred = pred_article(
        claims=[
            {
                "start": 0,
                "end": 10,
                # attributed (a chain beyond the outlet): only attributed claims are scored
                "sources": [{"name": "o", "type": "media_outlet"}, {"name": "x", "type": "anonymous"}],
                "hedges": [{"text": "About", "start": hs, "end": he}],
            }
        ],
        entities=[
            {"text": "Renn", "start": rs, "end": re_, "label": "PERSON", "canonical": "halvard renn"},
            {"text": "north", "start": ds, "end": de, "label": "DATE", "canonical": "north"},
        ],
    )
    report = run(tmp_path, gold, pred)
    assert report.fields["hedges"].counts.tp == 1
    ents = report.fields["entities"]
    assert (ents.counts.tp, ents.counts.fp, ents.counts.fn) == (1, 0, 0)
    assert ents.attrs["canonical"].correct == 1
    assert report.fields["claims"].counts.fp == 1  # claims annotated, none in gold


def test_only_annotated_fields_count(tmp_path: Path) -> None:
    gold = gold_record(annotated=["figures"], figures=[FIG_TWO])
    report = run(tmp_path, gold, pred_article(quotes=[{"start": 0, "end": 5, "kind": "direct"}]))
    assert report.fields["quotes"].articles == 0
    assert "quotes.f1" not in report.metrics()
    assert report.fields["figures"].counts.fn == 1


def test_pairing_by_url_resolves_anchors_in_the_cleaned_text(tmp_path: Path) -> None:
    gold = gold_record(figures=[FIG_TWO])
    cleaned = "Debris was removed. " + TEXT.replace("Like 214", "")
    s, e = span(cleaned, "two")
    other = {"id": "y", "url": "https://elsewhere.example/1", "text": "two", "figures": []}
    mine = {"id": "z", "url": URL, "text": cleaned, "figures": [{"start": s, "end": e, "value": 2}]}
    g = write_jsonl(tmp_path / "g.jsonl", [gold])
    p = write_jsonl(tmp_path / "p.jsonl", [other, mine])
    report = evaluate(g, p)
    assert report.fields["figures"].counts.tp == 1
    assert report.extra_pred == 1 and report.missing_pred == []


def test_missing_prediction_counts_every_gold_item_as_missed(tmp_path: Path) -> None:
    report = run(tmp_path, gold_record(figures=[FIG_TWO, FIG_1200]), None)
    assert report.missing_pred == [URL]
    assert report.fields["figures"].counts.fn == 2


def test_malformed_prediction_is_an_eval_error(tmp_path: Path) -> None:
    with pytest.raises(EvalError, match="start"):
        run(tmp_path, gold_record(figures=[FIG_TWO]), pred_article(figures=[{"text": "two"}]))


# -- normalisation ------------------------------------------------------------------------


def test_normalisation_helpers() -> None:
    assert norm_phrase("The  Contract Soldiers") == "contract soldiers"
    assert head_noun("contract soldiers") == head_noun("soldier") == "soldier"
    assert head_noun("casualties") == "casualty"
    assert head_noun("Ukrainian prisoners of war") == head_noun("ukrainian prisoners") == "prisoner"
    assert speaker_ok({"speaker": "health ministry"}, {"speaker": "The Health Ministry"})
    assert not speaker_ok({"speaker": "health ministry"}, {"speaker": "ministry"})
    assert names_match("the Ministry of Defence", "Russia's Ministry of Defence")
    assert not names_match("Renn", "Whitcombe")


# -- report and floors ------------------------------------------------------------------------


def test_report_text_json_and_floors(tmp_path: Path) -> None:
    gold = gold_record(annotated=["figures"], figures=[FIG_1200, FIG_TWO])
    report = run(tmp_path, gold, pred_article(figures=[pred_figure("1,200", value=1200, counted="troops")]))
    text = report.to_text(details=True)
    assert "figures" in text and "missed: 'two'" in text
    data = json.loads(json.dumps(report.to_json()))
    assert data["fields"]["figures"]["tp"] == 1 and data["metrics"]["figures.recall"] == 0.5
    floors = tmp_path / "floors.json"
    floors.write_text(
        json.dumps({"tiny": {"figures.recall": 0.6, "figures.precision": 1.0, "quotes.f1": 0.1}})
    )
    failures = check_floors(report, floors)
    assert len(failures) == 2 and any("figures.recall" in f for f in failures)
    assert any("quotes.f1 is not measured" in f for f in failures)
    floors.write_text(json.dumps({"tiny": {"figures.recall": 0.2, "figures.precision": 0.9}}))
    assert raise_floors(report, floors, margin=0.0) == {"figures.recall": 0.5, "figures.precision": 1.0}
    assert load_floors(floors)["tiny"]["figures.recall"] == 0.5


def test_repository_floors_file_names_real_metrics() -> None:
    from newsledger.eval.score import ATTRIBUTES

    path = Path(__file__).resolve().parents[1] / "eval" / "floors.json"
    valid = {f"{f}.{m}" for f in ATTRIBUTES for m in ("precision", "recall", "f1", *ATTRIBUTES[f])}
    from newsledger.eval.stream import StreamScores

    floors = load_floors(path)
    assert "set_a" in floors
    stream_metrics = set(StreamScores(articles=0).metrics())
    for name, section in floors.items():
        names = stream_metrics if name == "stream" else valid
        assert set(section) <= names, set(section) - names
