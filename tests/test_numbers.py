"""Number expressions, read without the spaCy model (newsledger.extract.numbers)."""

from __future__ import annotations

import pytest

from newsledger.contract import APPROX
from newsledger.extract.numbers import (
    NumberExpr,
    find_numbers,
    parse_digits,
    parse_number,
    uses_decimal_comma,
)


def only(text: str, *, decimal_comma: bool | None = None) -> NumberExpr:
    """The single accepted expression in ``text``."""
    found = [e for e in find_numbers(text, decimal_comma=decimal_comma) if e.reject is None]
    assert len(found) == 1, [e.text for e in found]
    return found[0]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("134,500", 134500),
        ("1.5 million", 1_500_000),
        ("300 thousand", 300_000),
        ("three hundred", 300),
        ("forty-five", 45),
        ("twenty five", 25),
        ("one hundred and five", 105),
        ("two million", 2_000_000),
        ("a dozen", 12),
        ("two dozen", 24),
        ("half a million", 500_000),
        ("a million", 1_000_000),
        ("$8m", 8_000_000),
        ("£2bn", 2_000_000_000),
        ("1.2bn rubles", 1_200_000_000),
        ("0.039%", 0.039),
        ("18 percent", 18),
        ("12.5", 12.5),
        ("1,234,567", 1_234_567),
        ("10k", 10_000),
    ],
)
def test_values(text: str, value: float) -> None:
    assert parse_number(text) == pytest.approx(value)


def test_broken_thousand_of_translated_pages_keeps_the_value() -> None:
    e = only("Almost all of them – 300 thousand. people – were sent.")
    assert e.value == 300_000
    assert e.text == "300 thousand"


def test_decimal_comma_is_read_in_european_text() -> None:
    text = "Das Budget: 1.234.567 Euro, davon 0,5 Prozent. Insgesamt 1,5 million people."
    assert uses_decimal_comma(text)
    values = [e.value for e in find_numbers(text)]
    assert 1_500_000 in values
    assert 1_234_567 in values


def test_separators_follow_the_style_only_when_ambiguous() -> None:
    assert parse_digits("1,500") == 1500
    assert parse_digits("1,500", decimal_comma=True) == 1.5
    assert parse_digits("1.500", decimal_comma=True) == 1500
    assert parse_digits("1,5") == 1.5  # never a thousands group
    assert parse_digits("1.234,5") == 1234.5
    assert not uses_decimal_comma("It cost 1,500 dollars and 2.5 million more; 1,234,000 in all.")


@pytest.mark.parametrize(
    ("text", "approx", "value", "low", "high"),
    [
        ("more than 200,000 dead", "more_than", 200_000, 200_000, None),
        ("over 5,000 troops", "more_than", 5000, 5000, None),
        ("well over 3,000 people", "more_than", 3000, 3000, None),
        ("about 1,500 volunteers", "about", 1500, None, None),
        ("around 2,300 civilians", "about", 2300, None, None),
        ("roughly 9,000 conscripts", "about", 9000, None, None),
        ("some 300 people", "about", 300, None, None),
        ("an estimated 40,000 residents", "about", 40000, None, None),
        ("up to 1.5 billion", "up_to", 1.5e9, None, 1.5e9),
        ("at least 30 wounded", "at_least", 30, 30, None),
        ("almost 400 tanks", "almost", 400, None, 400),
        ("nearly 40 percent", "almost", 40, None, 40),
        ("fewer than 100 soldiers", "less_than", 100, None, 100),
        ("less than 2 percent", "less_than", 2, None, 2),
        ("under 50 people", "less_than", 50, None, 50),
        ("no more than 20 vehicles", "at_most", 20, None, 20),
        ("at most 12 drones", "at_most", 12, None, 12),
        ("200 or more shells", "at_least", 200, 200, None),
        ("a dozen or so men", "about", 12, None, None),
        ("134,500 conscripts", "exact", 134500, 134500, 134500),
    ],
)
def test_approximation_cues(
    text: str, approx: str, value: float, low: float | None, high: float | None
) -> None:
    e = only(text)
    assert e.approx == approx
    assert e.approx in APPROX
    assert e.value == pytest.approx(value)
    assert e.low == (pytest.approx(low) if low is not None else None)
    assert e.high == (pytest.approx(high) if high is not None else None)


@pytest.mark.parametrize(
    ("text", "low", "high", "surface"),
    [
        ("between 3,000 and 4,500 troops", 3000, 4500, "between 3,000 and 4,500"),
        ("3,000-4,500 troops", 3000, 4500, "3,000-4,500"),
        ("12–15 percent higher", 12, 15, "12–15 percent"),
        ("from 12 to 15 months", 12, 15, "from 12 to 15 months"),
        ("between 3 and 4 million people", 3e6, 4e6, "between 3 and 4 million"),
        ("$3-4 million", 3e6, 4e6, "$3-4 million"),
    ],
)
def test_ranges_have_no_single_value(text: str, low: float, high: float, surface: str) -> None:
    e = only(text)
    assert e.approx == "range"
    assert e.value is None
    assert (e.low, e.high) == (pytest.approx(low), pytest.approx(high))
    assert e.text == surface


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("hundreds of soldiers", 100, 999),
        ("thousands of people", 1000, 9999),
        ("tens of thousands of people", 10_000, 99_999),
        ("hundreds of thousands of refugees", 100_000, 999_999),
        ("dozens of villages", 24, 99),
    ],
)
def test_vague_plurals_get_a_documented_range(text: str, low: float, high: float) -> None:
    e = only(text)
    assert e.approx == "vague"
    assert e.value is None
    assert (e.low, e.high) == (low, high)


@pytest.mark.parametrize(
    ("text", "value", "unit", "kind", "surface"),
    [
        ("about $8 million", 8e6, "USD", "money", "about $8 million"),
        ("€2.5 million", 2.5e6, "EUR", "money", "€2.5 million"),
        ("85 million krona", 85e6, "krona", "money", "85 million krona"),
        ("a Stockholm fund paid 85 million krona", 85e6, "SEK", "money", "85 million krona"),
        ("Norwegian groups lost 3.2 billion kroner", 3.2e9, "NOK", "money", "3.2 billion kroner"),
        ("a Danish firm paid 40 million kroner", 40e6, "DKK", "money", "40 million kroner"),
        ("4.2 billion rubles", 4.2e9, "RUB", "money", "4.2 billion rubles"),
        ("US$5 billion", 5e9, "USD", "money", "US$5 billion"),
        ("234 square kilometers", 234, "km2", "measure", "234 square kilometers"),
        ("234 km²", 234, "km2", "measure", "234 km²"),
        ("about 60 kilometres", 60, "km", "measure", "about 60 kilometres"),
        ("5km", 5, "km", "measure", "5km"),
        ("18%", 18, "percent", "percent", "18%"),
        ("2.1 per cent", 2.1, "percent", "percent", "2.1 per cent"),
        ("three days", 3, "day", "duration", "three days"),
        ("a nine-hour debate", 9, "hour", "duration", "nine-hour"),
        ("more than a decade", 10, "year", "duration", "more than a decade"),
    ],
)
def test_units_and_currencies(text: str, value: float, unit: str, kind: str, surface: str) -> None:
    e = only(text)
    assert e.value == pytest.approx(value)
    assert (e.unit, e.kind, e.text) == (unit, kind, surface)


def test_fractions_of_something_are_percentages() -> None:
    assert only("lost half of their equipment").value == 50
    e = only("two-thirds of the villages")
    assert e.unit == "percent"
    assert e.value == pytest.approx(66.6)
    assert find_numbers("the third of the brigades") == []


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("the 5th Motorized Brigade", "ordinal"),
        ("the 12th Main Directorate", "ordinal"),
        ("Decree No. 647 was signed", "label"),
        ("under Article 5 of the treaty", "label"),
        ("at 5 pm local time", "time"),
        ("three years ago", "relative"),
        ("a year ago", "article"),
        ("a 3-1 win", "score"),
        ("a 5G network", "code"),
    ],
)
def test_labels_are_flagged_not_read_as_quantities(text: str, reason: str) -> None:
    found = find_numbers(text)
    assert found, text
    assert found[0].reject == reason


def test_phone_numbers_are_one_rejected_span() -> None:
    found = find_numbers("Call the hotline on +7 495 123-45-67 or 555-123-4567.")
    assert [e.reject for e in found] == ["phone", "phone"]


def test_codes_and_times_are_not_numbers_at_all() -> None:
    assert find_numbers("T-72 tanks and Su-25 jets") == []
    assert [e.text for e in find_numbers("at 10:30 on 12/03") if e.reject is None] == []
    assert find_numbers("a fifth term and the first wave") == []


def test_years_are_marked_year_like() -> None:
    e = only("elections scheduled for 2024")
    assert e.year_like
    assert not only("1,200 troops").year_like


def test_offsets_point_into_the_text() -> None:
    text = "Officials said more than 200,000 dead and wounded were counted, and about $8 million spent."
    for e in find_numbers(text):
        assert text[e.start : e.end] == e.text
    assert [e.text for e in find_numbers(text)] == ["more than 200,000", "about $8 million"]


def test_space_grouped_thousands_only_in_european_text() -> None:
    text = "The bonus is 1,5 million roubles; 15 000 men and more than 1 200 km of front."
    assert [(e.text, e.value) for e in find_numbers(text) if e.reject is None] == [
        ("1,5 million roubles", 1_500_000),
        ("15 000", 15_000),
        ("more than 1 200 km", 1200),
    ]
    thin = "It costs 2,5 million euros and 40\u2009000 people signed."
    assert [e.value for e in find_numbers(thin)] == [2_500_000, 40_000]
    # English text: two numbers stay two numbers
    assert [e.value for e in find_numbers("By the 12 300 people had left.")] == [12, 300]


def test_range_repeats_the_currency_and_verbs_of_excess_are_cues() -> None:
    e = only("Tickets rose by €20 to €35 a seat.")
    assert (e.text, e.low, e.high, e.approx, e.unit) == ("€20 to €35", 20, 35, "range", "EUR")
    e = only("Repairs could exceed $3 million.")
    assert (e.text, e.approx, e.low) == ("exceed $3 million", "more_than", 3e6)
    e = only("Tanks were massed within 15 kilometres of the river.")
    assert (e.text, e.approx, e.high) == ("within 15 kilometres", "at_most", 15)
    assert only("They met within 30 days.").approx == "exact"  # "within" is a cue for distances only


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("For bookings call 0300 555 0199 today.", "phone"),
        ("The 220-seat assembly met.", "compound"),
        ("A father-of-four was hurt.", "compound"),
        ("Rents are roughly three times the regional average.", "multiplier"),
        ("Prices doubled, and they expect half of that next year.", "proportion"),
    ],
)
def test_modifiers_multipliers_and_phones_are_not_quantities(text: str, reason: str) -> None:
    assert [e.reject for e in find_numbers(text)] == [reason]


def test_count_compounds_and_fractions_of_a_group_are_kept() -> None:
    assert only("a 1,500-strong regiment").value == 1500
    e = only("a third of them stayed")
    assert (e.value, e.unit) == (33.3, "percent")


def test_pounds_are_money_only_in_british_context() -> None:
    assert only("The London council spent half a million pounds.").unit == "GBP"
    assert only("The sack weighed 50 pounds.").unit == "lb"
    found = [e.unit for e in find_numbers("It cost £3 and used 4 pounds of flour.")]
    assert found == ["GBP", "lb"]


def test_x_or_y_is_a_list_of_two_figures() -> None:
    """ "700 or 800 troops" names two possible counts (CQE/NewsQuant lists), not a range."""
    found = [e for e in find_numbers("700 or 800 troops") if e.reject is None]
    assert [(e.text, e.value, e.approx) for e in found] == [("700", 700.0, "exact"), ("800", 800.0, "exact")]


@pytest.mark.parametrize(("text", "value"), [("a 34-year-old driver", 34.0), ("a man aged 34", 34.0)])
def test_an_age_is_a_quantity_in_years(text: str, value: float) -> None:
    """CQE counts ages: the figure is the age in years (counted "age" is set by the figures extractor)."""
    (found,) = [e for e in find_numbers(text) if e.reject is None]
    assert (found.value, found.unit, found.age) == (value, "year", True)
