"""Figures extractor on fictional sentences and on the shared seed articles."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from spacy.tokens import Doc

from newsledger.config import settings
from newsledger.contract import APPROX, Claim, Figure, Source
from newsledger.errors import NewsledgerError
from newsledger.extract._doc import prepare_doc
from newsledger.extract.figures import (
    TAG,
    categorize,
    extract_figures,
    load_profile,
)
from newsledger.extract.periods import normalize_period

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


@pytest.fixture(autouse=True)
def _conflict_profile(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """War reporting: the categories here follow the conflict profile (the default is general)."""
    from newsledger.config import settings as _settings

    monkeypatch.setenv("NEWSLEDGER_PROFILE", "conflict")
    _settings.cache_clear()
    yield
    _settings.cache_clear()


def run(text: str, published: str | None = "2023-03-10") -> Doc:
    from newsledger.nlp import load_nlp

    nlp = load_nlp()
    doc = prepare_doc(nlp.make_doc(text), published=published)
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc


def figures(text: str, published: str | None = "2023-03-10") -> list[Figure]:
    return list(run(text, published)._.nl_figures)


def one(text: str, published: str | None = "2023-03-10") -> Figure:
    found = figures(text, published)
    assert len(found) == 1, [(f.text, f.counted) for f in found]
    return found[0]


# ----------------------------------------------------------------- model-free parts


@pytest.mark.parametrize(
    ("phrase", "published", "period"),
    [
        ("since February 2022", "2023-03-10", "2022-02-01/2023-03-10"),
        ("since February 2022", None, None),
        ("by the end of the year", "2023-03-10", None),
        ("by September", "2023-03-10", None),
        ("in 2023", None, "2023-01-01/2023-12-31"),
        ("from January 31 to February 28", "2023-03-10", "2023-01-31/2023-02-28"),
        ("last month", "2023-03-10", None),
        ("over the past week", "2023-03-10", None),
        ("on Tuesday", "2023-03-10", None),
        ("since late January", "2023-03-10", "2023-01-21/2023-03-10"),
        ("in early March", "2023-03-10", "2023-03-01/2023-03-10"),
        ("in December", "2023-03-10", "2022-12-01/2022-12-31"),
        ("in the first quarter of 2022", None, "2022-01-01/2022-03-31"),
        ("between April 1 and July 15", "2023-03-10", "2022-04-01/2022-07-15"),
        ("March 3, 2023", None, "2023-03-03"),
        ("the coming months", "2023-03-10", None),
    ],
)
def test_periods_are_normalised_against_the_article_date(
    phrase: str, published: str | None, period: str | None
) -> None:
    assert normalize_period(phrase, published) == period


def test_categories_come_from_the_profile() -> None:
    conflict = load_profile("conflict")
    assert categorize(["dead", "and", "wounded"], "count", None, set(), conflict) == "casualties"
    assert categorize(["contract", "soldiers"], "count", None, set(), conflict) == "recruitment"
    assert categorize(["soldiers"], "count", None, {"kill"}, conflict) == "casualties"
    assert categorize(["soldiers"], "count", None, {"send"}, conflict) == "recruitment"
    assert categorize(["soldiers"], "count", None, {"refuse"}, conflict) == "other"
    assert categorize([], "measure", "km2", set(), conflict) == "territory"
    assert categorize(["shelters"], "money", "EUR", set(), conflict) == "money"
    general = load_profile("general")
    assert categorize(["tanks"], "count", None, set(), general) == "other"
    assert categorize(["people"], "count", None, {"kill"}, general) == "casualties"
    assert categorize(["suspected", "measles", "cases"], "count", None, set(), general) == "health"


def test_categories_follow_the_head_noun() -> None:
    conflict = load_profile("conflict")
    assert categorize(["fuel", "tanks"], "count", None, set(), conflict) == "other"
    assert categorize(["body", "weight"], "percent", "percent", set(), conflict) == "other"
    assert categorize(["wounded", "sailors"], "count", None, set(), conflict) == "casualties"
    assert categorize(["prisoners", "of", "war"], "count", None, set(), conflict) == "prisoners"
    assert categorize(["troops"], "count", None, {"die"}, conflict) == "casualties"
    assert categorize(["troops"], "count", None, set(), conflict) == "recruitment"
    assert categorize(["hamlets"], "count", None, {"retake"}, conflict) == "territory"
    assert categorize(["hamlets"], "count", None, {"shell"}, conflict) == "other"
    assert categorize(["defence", "budget"], "percent", "percent", set(), conflict) == "money"
    assert categorize([], "duration", "month", {"sign up"}, conflict) == "recruitment"
    assert categorize([], "duration", "month", {"sentence"}, conflict) == "other"


def test_profile_is_chosen_by_the_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    settings.cache_clear()
    monkeypatch.setenv("NEWSLEDGER_PROFILE", "conflict")
    try:
        assert settings().profile == "conflict"
        assert load_profile().name == "conflict"
        monkeypatch.delenv("NEWSLEDGER_PROFILE")
        settings.cache_clear()
        assert load_profile().name == "general"  # the default: news of every domain
    finally:
        settings.cache_clear()
    with pytest.raises(NewsledgerError, match="unknown figures profile"):
        load_profile("no-such-domain")


# ----------------------------------------------------------------- with the model


@pytest.mark.model
def test_the_issue_example_is_one_row() -> None:
    f = one("The forces have lost more than 200,000 dead and wounded, according to Western figures.")
    assert (f.text, f.value, f.low, f.high) == ("more than 200,000", 200_000, 200_000, None)
    assert (f.approx, f.counted, f.category, f.extractor) == (
        "more_than",
        "dead and wounded",
        "casualties",
        TAG,
    )


@pytest.mark.model
def test_counted_follows_the_parse_when_the_noun_is_not_adjacent() -> None:
    f = one("The number of mobilised reached 300,000 by the end of the year, the ministry said.")
    assert (f.value, f.counted, f.category) == (300_000, "mobilised", "recruitment")
    assert f.period is None  # a deadline: the period format has no open interval
    f = one("The death toll rose to 80 overnight.")
    assert (f.counted, f.category) == ("death toll", "casualties")


@pytest.mark.model
def test_broken_thousand_counts_the_noun_after_the_stop() -> None:
    f = one("Almost all of the reservists – 300 thousand. people – were sent to the front.")
    assert (f.text, f.value, f.counted) == ("300 thousand", 300_000, "people")


@pytest.mark.model
def test_casualties_need_the_clause() -> None:
    found = figures("Talmar said 14 of its soldiers were killed and at least 30 wounded in the clash.")
    assert [(f.value, f.approx, f.counted, f.category) for f in found] == [
        (14, "exact", "soldiers", "casualties"),
        (30, "at_least", "wounded", "casualties"),
    ]


@pytest.mark.model
def test_recruitment_period_and_small_spelled_counts() -> None:
    found = figures(
        "The army has recruited 12,000 contract soldiers since February 2022, three sources said."
    )
    assert [(f.value, f.counted, f.category) for f in found] == [(12_000, "contract soldiers", "recruitment")]
    assert found[0].period == "2022-02-01/2023-03-10"


@pytest.mark.model
def test_bare_object_of_a_recruiting_verb_is_recruitment() -> None:
    # No noun is written, so nothing is counted; the verb or its action noun decides the category.
    found = figures("Officials in Varnsk plan to call up 85,000 in spring.")
    assert [(f.counted, f.category) for f in found] == [(None, "recruitment")]
    found = figures("The council approved the mobilisation of another 6,500 after the floods.")
    assert [(f.counted, f.category) for f in found] == [(None, "recruitment")]
    # "send" moves things too: only a military destination makes the bare object people.
    found = figures("The governor ordered the sending of another 9,000 to the front by autumn.")
    assert [(f.value, f.counted, f.category) for f in found] == [(9_000, None, "recruitment")]
    found = figures("The mill will send 700 to its new warehouse in Dorsk.")
    assert [(f.value, f.category) for f in found] == [(700, "other")]


@pytest.mark.model
def test_prisoners_territory_and_relative_period() -> None:
    found = figures("Rebels freed a dozen prisoners and captured two border towns last month.")
    assert [(f.text, f.value, f.counted, f.category) for f in found] == [
        ("a dozen", 12, "prisoners", "prisoners"),
        ("two", 2, "border towns", "territory"),
    ]
    assert {f.period for f in found} == {None}  # "last month" is relative (docs/eval.md)


@pytest.mark.model
def test_equipment_bounds_and_year_period() -> None:
    found = figures("Karvonia lost almost 400 tanks and more than 1,000 armoured vehicles in 2023.")
    assert [(f.approx, f.low, f.high, f.counted, f.category) for f in found] == [
        ("almost", None, 400, "tanks", "equipment"),
        ("more_than", 1000, None, "armoured vehicles", "equipment"),
    ]
    assert all(f.period == "2023-01-01/2023-12-31" for f in found)
    assert all(f.text != "2023" for f in found)


@pytest.mark.model
def test_measures_money_and_percentages() -> None:
    f = one("Troops seized 120 square kilometres of farmland from January 31 to February 28.")
    assert (f.unit, f.counted, f.category, f.period) == (
        "km2",
        "farmland",
        "territory",
        "2023-01-31/2023-02-28",
    )
    found = figures("The council approved €2.5 million for shelters, about 18% of the budget.")
    assert [(f.text, f.unit, f.category) for f in found] == [
        ("€2.5 million", "EUR", "money"),
        ("about 18%", "percent", "money"),  # a percentage of a budget is money (docs/eval.md)
    ]
    assert found[1].value == 18
    assert found[1].counted == "budget"


@pytest.mark.model
def test_ranges_and_vague_quantities() -> None:
    f = one("Between 3,000 and 4,500 reservists were called up.")
    assert (f.value, f.low, f.high, f.approx, f.category) == (None, 3000, 4500, "range", "recruitment")
    found = figures("Aid groups counted hundreds of civilians and tens of thousands of refugees.")
    assert [(f.approx, f.low, f.high, f.counted) for f in found] == [
        ("vague", 100, 999, "civilians"),
        ("vague", 10_000, 99_999, "refugees"),
    ]


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "The 5th Motorized Brigade and the 12th Main Directorate were disbanded in 2024.",
        "The officer was arrested under Decree No. 647 at 5 pm.",
        "One of the officials said one can hardly count them; one source agreed.",
        "The first wave of mobilisation and the second wave both failed; Vell won a fifth term.",
        "The offensive began on February 24, 2022, and stalled a year ago.",
        "Read the full story\n0 I like it\n0 I don't like it",
        "The two met in Brussels; a Boeing 737 carried them home.",
    ],
)
def test_labels_dates_and_debris_are_not_figures(text: str) -> None:
    assert figures(text) == []


@pytest.mark.model
def test_a_number_the_model_tags_as_date_is_no_period() -> None:
    found = figures("Between 10 and 15 civilians were killed when two missiles hit the town.")
    assert [(f.low, f.high, f.counted, f.category) for f in found[:1]] == [
        (10, 15, "civilians", "casualties")
    ]
    assert all(f.period is None for f in found)


@pytest.mark.model
def test_figure_links_to_the_claim_of_its_sentence() -> None:
    text = "Officials said 5,000 troops were sent. Rebels said 40 tanks were lost."
    doc = run(text)
    second = text.index("Rebels")
    doc._.nl_claims = [
        Claim(
            id="c1",
            text=text[:second].strip(),
            start=0,
            end=second - 1,
            sources=(Source("Officials", "government"),),
        ),
        Claim(
            id="c2", text=text[second:], start=second, end=len(text), sources=(Source("Rebels", "military"),)
        ),
    ]
    found = extract_figures(doc)
    assert [(f.value, f.claim) for f in found] == [(5000, "c1"), (40, "c2")]


@pytest.mark.model
def test_every_figure_is_well_formed() -> None:
    text = (
        "Between 3,000 and 4,500 reservists were called up, about $8 million was spent, and "
        "nearly 40 percent of the 1,850 pupils stayed home for three days."
    )
    doc = run(text)
    assert len(doc._.nl_figures) >= 4
    for f in doc._.nl_figures:
        assert text[f.start : f.end] == f.text
        assert f.approx in APPROX
        assert f.extractor == TAG
        if f.approx == "exact":
            assert f.low == f.high == f.value


# ----------------------------------------------------------------- real seed articles


def _seed_figures() -> list[Figure]:
    if not SEEDS.is_dir() or not list(SEEDS.glob("*.txt")):
        pytest.skip("shared seeds are absent")
    out: list[Figure] = []
    for path in sorted(SEEDS.glob("*.txt")):
        out.extend(figures(path.read_text(encoding="utf-8"), published=None))
    return out


@pytest.mark.model
def test_seed_articles_key_figures() -> None:
    found = _seed_figures()
    by_value: dict[float, list[Figure]] = {}
    for f in found:
        if f.value is not None:
            by_value.setdefault(f.value, []).append(f)
    assert any(f.counted == "conscripts" for f in by_value.get(134_500, []))
    assert any(
        f.approx == "more_than" and "dead and wounded" in (f.counted or "") and f.category == "casualties"
        for f in by_value.get(200_000, [])
    )
    assert any(f.counted in ("people", "mobilised", "mobilized") for f in by_value.get(300_000, []))
    assert any(f.counted == "contract soldiers" for f in by_value.get(400_000, []))
    assert any(f.unit == "km2" for f in by_value.get(234, []))
    assert not [f for f in found if f.text in ("5th", "12th", "2024", "2023", "0", "one", "first", "second")]
