"""What a measure, sum or percentage measures, units around a number and numbers inside names (issue 18,
branch figfix18). Every sentence here was written for this test, across domains."""

from __future__ import annotations

import pytest

from newsledger.contract import Figure
from newsledger.eval.score import head_noun
from newsledger.extract.numbers import find_numbers


def kept(text: str) -> list[tuple[str, float | None, str | None]]:
    return [(e.text, e.value, e.unit) for e in find_numbers(text) if e.reject is None]


# ----------------------------------------------------------------- model-free: units


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # science: earthquakes, moment magnitude is not megawatts
        ("The quake measured 6.9Mw off the coast.", [("6.9Mw", 6.9, "magnitude")]),
        ("A 5.2 magnitude tremor shook the valley.", [("5.2 magnitude", 5.2, "magnitude")]),
        ("A magnitude 4.8 aftershock followed.", [("4.8", 4.8, "magnitude")]),
        ("The wind farm adds 40 MW of capacity.", [("40 MW", 40.0, "MW")]),
        # energy: volumes
        (
            "The pipeline carries 55 billion cubic metres a year.",
            [("55 billion cubic metres", 55e9, "m3")],
        ),
        # finance: currencies in words and codes glued to the number
        ("Fines reach 20,000 dirhams for a first offence.", [("20,000 dirhams", 20000.0, "AED")]),
        ("The fund raised USD42.5 million in May.", [("USD42.5 million", 42.5e6, "USD")]),
        ("A ticket costs INR750 at the gate.", [("INR750", 750.0, "INR")]),
        # travel and science: a short unit in a conversion or before a dimension word
        (
            "The bridge spans 600 feet (183 m) across the gorge.",
            [("600 feet", 600.0, "ft"), ("183 m", 183.0, "m")],
        ),
        (
            "The comet passed 2.1 million km (1.3 million mi) away.",
            [
                ("2.1 million km", 2.1e6, "km"),
                ("1.3 million mi", 1.3e6, "mi"),
            ],
        ),
        ("The totem pole is 9 m tall.", [("9 m", 9.0, "m")]),
    ],
)
def test_units_around_the_number(text: str, expected: list[tuple[str, float, str]]) -> None:
    assert kept(text) == expected


def test_a_one_letter_unit_needs_a_bracket_or_a_dimension_word() -> None:
    """Elsewhere "5 m" may be five million: the bare number keeps no unit."""
    assert kept("Officials set aside 5 m for the works.") == [("5", 5.0, None)]


@pytest.mark.parametrize(
    ("phrase", "head"),
    [
        ("people killed", "people"),
        ("passengers on board", "passenger"),
        ("residents evacuated from the coast", "resident"),
        ("prisoners of war", "prisoner"),
        ("contract soldiers", "soldier"),
        ("wind speeds", "speed"),
    ],
)
def test_the_scorer_takes_the_head_noun_of_a_gold_phrase(phrase: str, head: str) -> None:
    assert head_noun(phrase) == head


# ----------------------------------------------------------------- with the parse


def by_text(text: str) -> dict[str, Figure]:
    from newsledger.pipeline import extract_text

    return {f.text: f for f in extract_text(text, published="2023-03-10T00:00:00Z").figures}


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "figure", "counted"),
    [
        # finance: the object a verb acts on, not the agent
        (
            "The central bank cut its deposit rate by 40 basis points to 3.1%.",
            "40 basis points",
            "deposit rate",
        ),
        ("The airline will lift the fare for children by 10% next year.", "10%", "fare"),
        # an event noun is never what is measured
        ("The board announced an increase of 0.5% in the lending rate.", "0.5%", "lending rate"),
        ("Shares saw a 12% jump in trading volume on Friday.", "12%", "trading volume"),
        ("Economists expect a 0.25% rate hike in June.", "0.25%", "rate"),
        # crime and politics: the noun a sum modifies
        ("The club paid a £50 fine after the match.", "£50", "fine"),
        ("The city issued a US$3 million bond.", "US$3 million", "bond"),
        # science and travel: dimensions
        ("It stands about 3 feet (0.9 m) tall.", "0.9 m", "height"),
        ("It weighed 95 kg before the fight.", "95 kg", "weight"),
        # technology: a duration completing a copula
        ("The standard warranty is five years.", "five years", "standard warranty"),
    ],
)
def test_what_a_measure_measures(text: str, figure: str, counted: str) -> None:
    assert by_text(text)[figure].counted == counted


@pytest.mark.model
def test_a_dimension_adjective_before_a_noun_leaves_the_noun_as_head() -> None:
    assert head_noun(by_text("The bridge has a 40-metre wide span.")["40-metre"].counted) == "span"


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "The agency launched a Vega 2 launcher from the coast on Tuesday.",  # technology
        "Power flows through the Baltic Link 2 cable fell sharply.",  # energy
        "The club won its Division 3 match on Saturday.",  # sports
    ],
)
def test_a_number_ending_a_capitalised_name_is_no_figure(text: str) -> None:
    assert by_text(text) == {}


@pytest.mark.model
def test_a_count_after_a_name_stays() -> None:
    assert by_text("The company hired 300 workers in March.")["300"].counted == "workers"


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # science: a dimension named after a conversion in brackets, the conversion measures the same
        (
            "The python measured 16 feet (4.9 m) in length and 190 pounds (86 kg) in weight.",
            {"16 feet": "length", "4.9 m": "length", "190 pounds": "weight", "86 kg": "weight"},
        ),
        # weather
        ("Gusts reached 120 mph (~190 km/h).", {"120 mph": "gusts", "~190 km/h": "gusts"}),
    ],
)
def test_a_conversion_in_brackets_measures_what_the_first_figure_measures(
    text: str, expected: dict[str, str]
) -> None:
    found = by_text(text)
    assert {k: found[k].counted for k in expected} == expected


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # energy bills: one cue reaches both coordinated amounts
        (
            "Households will pay an extra €120 and €95 per year for power and heating.",
            {"€120": "up", "€95": "up"},
        ),
        # transport: a gapped verb
        ("Fees rose by 4% for adults and 6% for children.", {"4%": "up", "6%": "up"}),
        # utilities: "by an average of"
        ("The utility will raise the price of water by an average of 8% next month.", {"8%": "up"}),
        # central banks: a change noun with "by"
        ("Traders priced in an increase by 40 basis points.", {"40 basis points": "up"}),
    ],
)
def test_changes_reach_coordinated_amounts_and_average_phrases(text: str, expected: dict[str, str]) -> None:
    found = by_text(text)
    assert {k: found[k].change for k in expected} == expected


def test_an_approximation_sign_against_the_number() -> None:
    assert [(e.text, e.approx, e.unit) for e in find_numbers("Gusts reached ~190 km/h.")] == [
        ("~190 km/h", "about", "km/h")
    ]


@pytest.mark.parametrize(
    ("text", "reject"),
    [
        ("The regulator three times raised the cap.", True),  # finance: a frequency
        ("Talks resumed; those two countries disagree.", True),  # politics: anaphoric
        ("The three finals this season are sold out.", False),  # sports: "the" may introduce them
        ("These two will be barred from the final.", True),  # sports: anaphoric
        ("The other two were released on bail.", False),  # crime: a count of the rest
        ("The clip was viewed more than 900,000 times.", False),  # technology: a count of views
        ("Two patients were discharged.", False),  # health
    ],
)
def test_frequencies_and_anaphoric_numerals_are_no_amounts(text: str, reject: bool) -> None:
    (e,) = find_numbers(text)
    assert (e.reject is not None) is reject


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Judges serve five- to ten-year terms.", (None, 5.0, 10.0, "range", "year")),  # law
        ("It is a 3- to 4-hour drive.", (None, 3.0, 4.0, "range", "hour")),  # travel
        (
            "Sea levels rose within the past 6,000 years.",
            (6000.0, None, 6000.0, "at_most", "year"),
        ),  # science
    ],
)
def test_suspended_hyphen_ranges_and_duration_cues(
    text: str, expected: tuple[float | None, float | None, float | None, str, str]
) -> None:
    (e,) = [e for e in find_numbers(text) if e.reject is None]
    assert (e.value, e.low, e.high, e.approx, e.unit) == expected
