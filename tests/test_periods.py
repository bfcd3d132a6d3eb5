"""Which calendar expression dates a figure (newsledger.extract.periods)."""

from __future__ import annotations

import pytest

from newsledger.contract import Figure
from newsledger.extract._doc import prepare_doc
from newsledger.extract.periods import normalize_period


@pytest.mark.parametrize(
    ("phrase", "future", "period"),
    [
        ("in 2019", False, "2019-01-01/2019-12-31"),
        ("in the 1990s", False, "1990-01-01/1999-12-31"),
        ("in late 2021", False, "2021-09-01/2021-12-31"),
        ("in mid-June", False, "2024-06-11/2024-06-20"),
        ("in November", False, "2023-11-01/2023-11-30"),
        ("in November", True, "2024-11-01/2024-11-30"),
        ("on 3 September 2021", False, "2021-09-03"),
        ("from May to July", False, "2024-05-01/2024-07-31"),
        ("since spring 2022", False, "2022-03-01/2024-10-15"),
        ("until March 2025", True, None),
        ("this year", False, None),
        ("two weeks ago", False, None),
        ("last Thursday", False, None),
        ("overnight", False, None),
    ],
)
def test_normalising_against_the_article_date(phrase: str, future: bool, period: str | None) -> None:
    assert normalize_period(phrase, "2024-10-15", future) == period


def figures(text: str, published: str | None = "2024-10-15") -> list[Figure]:
    from newsledger.nlp import load_nlp

    nlp = load_nlp()
    doc = prepare_doc(nlp.make_doc(text), published=published)
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return list(doc._.nl_figures)


def periods(text: str) -> list[tuple[str, str | None]]:
    return [(f.text, f.period) for f in figures(text)]


@pytest.mark.model
def test_the_nearest_time_expression_wins_and_relative_ones_block() -> None:
    assert periods("Exports reached 5 million tonnes in 2022 and 2 million tonnes this year.") == [
        ("5 million tonnes", "2022-01-01/2022-12-31"),
        ("2 million tonnes", None),
    ]


@pytest.mark.model
def test_the_date_of_the_saying_does_not_date_the_figure() -> None:
    assert periods("The ministry said in March that 40 miners had died.") == [("40", None)]
    assert periods("The ministry said that 40 miners had died in March.") == [("40", "2024-03-01/2024-03-31")]


@pytest.mark.model
def test_a_fronted_time_expression_covers_both_conjuncts() -> None:
    found = periods("Since May, rents rose 8% and wages fell 2%.")
    assert found == [("8%", "2024-05-01/2024-10-15"), ("2%", "2024-05-01/2024-10-15")]


@pytest.mark.model
def test_a_time_expression_inside_the_counted_noun_phrase() -> None:
    found = periods("Clinics reported 900 cases in August, twice the 450 cases recorded a year earlier.")
    assert found == [("900", "2024-08-01/2024-08-31"), ("450", None)]


@pytest.mark.model
def test_a_located_distance_has_no_period() -> None:
    found = periods("Troops dug in within 5 kilometres of the dam in 2023.")
    assert found == [("within 5 kilometres", None)]
