"""Figures in news of every domain (issue 18): units, spelled amounts, ranges and lists, numbers that
are not quantities, changes and what is measured. Every sentence here was written for this test."""

from __future__ import annotations

import pytest

from newsledger.contract import Figure
from newsledger.extract.numbers import find_numbers


def kept(text: str) -> list[tuple[str, float | None, str | None]]:
    return [(e.text, e.value, e.unit) for e in find_numbers(text) if e.reject is None]


# ----------------------------------------------------------------- model-free: units and amounts


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # technology
        ("The phone ships with 128GB of storage.", [("128GB", 128.0, "GB")]),
        ("a 2 TB drive and a 3.2 GHz chip", [("2 TB", 2.0, "TB"), ("3.2 GHz", 3.2, "GHz")]),
        ("a 5,000mAh battery", [("5,000mAh", 5000.0, "mAh")]),
        # travel and transport
        ("The train reached 320 km/h on the test run.", [("320 km/h", 320.0, "km/h")]),
        ("Winds gusted to 75 mph.", [("75 mph", 75.0, "mph")]),
        ("The engine makes 450 hp at 6,500 rpm.", [("450 hp", 450.0, "hp"), ("6,500 rpm", 6500.0, "rpm")]),
        # sports
        (
            "He ran for 112 yards and scored 21 points.",
            [("112 yards", 112.0, "yards"), ("21 points", 21.0, "points")],
        ),
        ("They scored three goals.", [("three goals", 3.0, "goals")]),
        # finance: cents, per-unit rates, currencies with their code
        (
            "Brent was up 19 cents at $58.24 per barrel.",
            [("19 cents", 19.0, "cent"), ("$58.24 per barrel", 58.24, "USD per barrel")],
        ),
        ("Diesel sold for €1.80 a litre.", [("€1.80 a litre", 1.8, "EUR per l")]),
        ("a dividend of $1.20 per share", [("$1.20 per share", 1.2, "USD per share")]),
        ("The fare is C$640.", [("C$640", 640.0, "CAD")]),
        ("Yields rose 25 basis points.", [("25 basis points", 25.0, "bp")]),
        # science and health
        ("Temperatures hit 41 °C in the valley.", [("41 °C", 41.0, "degC")]),
        ("a dose of 500 mg", [("500 mg", 500.0, "mg")]),
    ],
)
def test_units_are_carried_by_the_figure_and_normalised(
    text: str, expected: list[tuple[str, float, str]]
) -> None:
    assert kept(text) == expected


def test_a_rate_per_unit_of_time_stays_out_of_the_unit() -> None:
    """ "$15 an hour" is a rate (Figure.rate), not the unit "USD per hour"."""
    assert kept("Cleaners earn $15 an hour.") == [("$15", 15.0, "USD")]


def test_a_list_of_two_amounts_is_two_figures_sharing_the_unit() -> None:
    assert kept("A coffee costs eight or nine euros in the old town.") == [
        ("eight", 8.0, "EUR"),
        ("nine euros", 9.0, "EUR"),
    ]
    assert kept("Officers found 700 or 800 rounds.") == [("700", 700.0, None), ("800", 800.0, None)]


def test_ranges_stay_one_figure() -> None:
    (rng,) = [e for e in find_numbers("Between 300 and 400 people attended.") if e.reject is None]
    assert (rng.approx, rng.low, rng.high) == ("range", 300.0, 400.0)
    (rng,) = [e for e in find_numbers("Tickets cost $20 to $45.") if e.reject is None]
    assert (rng.approx, rng.low, rng.high, rng.unit) == ("range", 20.0, 45.0, "USD")


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("Researchers tracked the patients for a decade.", 10.0, "year"),
        ("The talks resumed after a year of silence.", 1.0, "year"),
        ("a dozen patients", 12.0, None),
        ("half a million visitors", 500_000.0, None),
    ],
)
def test_idiomatic_amounts(text: str, value: float, unit: str | None) -> None:
    (e,) = [e for e in find_numbers(text) if e.reject is None]
    assert (e.value, e.unit) == (value, unit)


@pytest.mark.parametrize(
    "text",
    [
        "The suspect sat in row 14, seat 22 of section 110.",  # crime: seats are labels
        "Call 555-0142 for tickets.",  # phone number
        "The museum opened in 1998 for its 25th season.",  # year, ordinal
        "It happened a year ago.",  # a point in time
        "Fans paid 45 million passengers a year",  # "a year" alone is an article and a noun
    ],
)
def test_labels_years_ordinals_and_phones_are_not_quantities(text: str) -> None:
    assert all(e.reject is not None or e.year_like or e.text == "45 million" for e in find_numbers(text))


# ----------------------------------------------------------------- with the parse


def figures(text: str) -> list[Figure]:
    from newsledger.pipeline import extract_text

    return list(extract_text(text, published="2023-03-10T00:00:00Z").figures)


def by_text(text: str) -> dict[str, Figure]:
    return {f.text: f for f in figures(text)}


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "Apple unveiled the iPhone 11 and Samsung the Galaxy S23 on the same day.",
        "The S&P 500 and the FTSE 100 opened lower.",
        "Police said the suspect sat in row 14, seat 22 of section 110 during the game.",
        "Call 555-0142 for tickets; the museum opened in 1998 and celebrated its 25th anniversary.",
    ],
)
def test_names_labels_years_ordinals_and_phones_give_no_figure(text: str) -> None:
    assert figures(text) == []


@pytest.mark.model
def test_finance_change_and_level() -> None:
    found = by_text("Revenue rose 12% to $4.6 billion in the third quarter.")
    assert (found["12%"].change, found["12%"].delta, found["12%"].counted) == ("up", True, "revenue")
    level = found["$4.6 billion"]
    assert (level.change, level.delta, level.unit, level.counted) == ("up", False, "USD", "revenue")


@pytest.mark.model
def test_markets_up_cents_and_a_price_per_barrel() -> None:
    found = by_text("Brent crude was up 19 cents at $58.24 per barrel on Tuesday.")
    cents, price = found["19 cents"], found["$58.24 per barrel"]
    assert (cents.value, cents.unit, cents.change, cents.delta) == (19.0, "cent", "up", True)
    assert (price.unit, price.change, price.delta) == ("USD per barrel", None, False)
    assert cents.counted == price.counted == "brent crude"


@pytest.mark.model
def test_economy_a_percentage_change_measures_the_subject() -> None:
    (f,) = figures("Consumer prices rose 0.3% in May, the bureau said.")
    assert (f.value, f.unit, f.change, f.delta, f.counted) == (0.3, "percent", "up", True, "consumer prices")


@pytest.mark.model
def test_crime_a_drop_by_a_percentage_and_a_count() -> None:
    found = by_text("Robbery reports dropped by 14 percent last year, and officers made 212 arrests.")
    assert (found["14 percent"].change, found["14 percent"].delta) == ("down", True)
    assert found["14 percent"].counted == "robbery reports"
    assert (found["212"].counted, found["212"].change) == ("arrests", None)


@pytest.mark.model
def test_technology_doubling_to_a_level() -> None:
    found = by_text("The tablet ships with 128GB of storage, doubling to 256GB on the premium model.")
    assert (found["128GB"].unit, found["128GB"].counted, found["128GB"].change) == ("GB", "storage", None)
    assert (found["256GB"].change, found["256GB"].delta) == ("up", False)


@pytest.mark.model
def test_travel_a_range_grew_from_one_level_to_another() -> None:
    found = by_text("The sedan's driving range grew from 252 miles to 287 miles on a single charge.")
    old, new = found["252 miles"], found["287 miles"]
    assert old.counted == new.counted == "driving range"
    assert (old.unit, new.unit) == ("mi", "mi")
    assert (new.change, new.delta) == ("up", False)
    assert old.change is None and old.prior


@pytest.mark.model
def test_travel_list_of_prices_are_two_figures() -> None:
    found = figures("A coffee costs eight or nine euros in the old town.")
    assert [(f.value, f.unit, f.counted) for f in found] == [(8.0, "EUR", "coffee"), (9.0, "EUR", "coffee")]


@pytest.mark.model
def test_sports_units_are_not_counted_nouns() -> None:
    found = by_text("The Harlow Comets scored two goals, and their quarterback threw for 312 yards.")
    assert (found["two goals"].value, found["two goals"].unit) == (2.0, "goals")
    assert found["312 yards"].unit == "yards"
    assert all(f.counted not in ("goals", "yards") for f in found.values())


@pytest.mark.model
def test_technology_engine_figures_measure_the_engine() -> None:
    found = by_text("The engine produces 450 hp at 6,500 rpm and tops out at 190 mph.")
    assert {f.unit for f in found.values()} == {"hp", "rpm", "mph"}
    assert {f.counted for f in found.values()} == {"engine"}


@pytest.mark.model
def test_finance_sum_measures_the_noun_of_its_phrase() -> None:
    assert figures("The company reported revenue of $5.1 billion.")[0].counted == "revenue"
    assert figures("The company reported $5 billion in revenue.")[0].counted == "revenue"


@pytest.mark.model
def test_health_spelled_and_idiomatic_amounts() -> None:
    found = by_text(
        "The clinic has one MRI scanner, a dozen nurses and a waiting list of 2,300 patients; "
        "half of the beds are empty."
    )
    assert (found["one"].value, found["one"].counted) == (1.0, "mri scanner")
    assert (found["a dozen"].value, found["a dozen"].counted) == (12.0, "nurses")
    assert (found["half"].value, found["half"].unit, found["half"].counted) == (50.0, "percent", "beds")
    assert found["2,300"].counted == "patients"


@pytest.mark.model
def test_one_as_a_determiner_is_not_a_figure() -> None:
    assert figures("At one point the flood was one of the worst on record.") == []


@pytest.mark.model
def test_science_vague_amounts_and_a_measured_distance() -> None:
    found = by_text("Millions of viewers watched as the probe travelled 6.4 billion kilometres.")
    assert found["Millions"].approx == "vague" and found["Millions"].counted == "viewers"
    assert (found["6.4 billion kilometres"].unit, found["6.4 billion kilometres"].counted) == ("km", "probe")


@pytest.mark.model
def test_crime_counted_phrase_keeps_its_participle() -> None:
    found = by_text("Of the 143 asylum seekers rescued by the coast guard, 40 were children.")
    assert found["143"].counted == "asylum seekers rescued"


@pytest.mark.model
def test_elections_a_bare_object_shares_the_noun_of_the_count_before_it() -> None:
    found = figures("Labour won 66 seats and the Conservatives lost 42.")
    assert [(f.value, f.counted, f.change) for f in found] == [(66.0, "seats", None), (42.0, "seats", "down")]


@pytest.mark.model
def test_elections_a_name_after_and_is_not_part_of_the_counted_phrase() -> None:
    (f,) = figures("The Greens took 12 seats and Liberal Democrats gained ground.")
    assert f.counted == "seats"


@pytest.mark.model
def test_retail_a_count_per_something_keeps_its_denominator() -> None:
    (f,) = figures("Stores limited buyers to two packs per customer.")
    assert (f.value, f.counted) == (2.0, "packs per customer")


@pytest.mark.model
def test_a_measure_compound_measures_the_noun_after_it() -> None:
    found = by_text("The festival opened with a three-day celebration and unveiled a 6.1-inch screen.")
    assert (found["three-day"].unit, found["three-day"].counted) == ("day", "celebration")
    assert (found["6.1-inch"].unit, found["6.1-inch"].counted) == ("in", "screen")


@pytest.mark.model
def test_jobs_added_and_an_additional_amount_are_changes() -> None:
    found = by_text("The economy added 200,000 jobs, and the party netted an additional 66 seats.")
    assert (found["200,000"].change, found["200,000"].delta, found["200,000"].counted) == ("up", True, "jobs")
    assert (found["66"].change, found["66"].delta) == ("up", True)


@pytest.mark.model
def test_ages_are_years_with_counted_age() -> None:
    found = by_text("Tomas Brecker, 62, said the 67-year-old driver was unhurt.")
    assert [(f.value, f.unit, f.counted) for f in found.values()] == [
        (62.0, "year", "age"),
        (67.0, "year", "age"),
    ]


@pytest.mark.model
def test_health_a_bare_object_of_another_verb_does_not_take_the_noun_before_it() -> None:
    found = by_text("Officials said 300 residents were infected and the virus killed 12.")
    assert found["300"].counted == "residents"
    assert found["12"].counted != "residents"


@pytest.mark.model
def test_elections_the_same_verb_elides_the_noun() -> None:
    found = figures("The Greens won 12 seats and the Pirates won nine.")
    assert [(f.value, f.counted) for f in found] == [(12.0, "seats"), (9.0, "seats")]
