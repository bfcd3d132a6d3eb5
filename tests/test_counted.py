"""What figures count, and what is not a figure, on new fictional sentences (needs the model)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from newsledger.contract import Figure
from newsledger.extract._doc import prepare_doc

pytestmark = pytest.mark.model


@pytest.fixture(autouse=True)
def _conflict_profile(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """War reporting: the categories here follow the conflict profile (the default is general)."""
    from newsledger.config import settings as _settings

    monkeypatch.setenv("NEWSLEDGER_PROFILE", "conflict")
    _settings.cache_clear()
    yield
    _settings.cache_clear()


def figures(text: str, published: str | None = "2024-10-15") -> list[Figure]:
    from newsledger.nlp import load_nlp

    nlp = load_nlp()
    doc = prepare_doc(nlp.make_doc(text), published=published)
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return list(doc._.nl_figures)


def rows(text: str) -> list[tuple[str, str | None, str]]:
    return [(f.text, f.counted, f.category) for f in figures(text)]


def test_a_count_compound_counts_the_noun_after_it() -> None:
    assert rows("A 1,500-strong regiment was moved to the coast.") == [("1,500", "regiment", "recruitment")]


def test_a_pronoun_takes_the_counted_noun_of_the_figure_before_it() -> None:
    found = rows("The academy enrolled 4,000 cadets this autumn, and 900 of them failed the first test.")
    assert found == [("4,000", "cadets", "recruitment"), ("900", "cadets", "recruitment")]
    found = rows("Inspectors visited 320 bakeries and found mould in fewer than 30 of those.")
    assert [c for _t, c, _k in found] == ["bakeries", "bakeries"]


def test_elliptic_numbers_share_what_their_partner_counts() -> None:
    found = rows("The town cut the number of bus routes from 40 to 31.")
    assert [(t, c) for t, c, _k in found] == [("40", "bus routes"), ("31", "bus routes")]
    found = rows("Officials counted 2,600 storks this spring, up from 2,100.")
    assert [c for _t, c, _k in found] == ["storks", "storks"]
    found = figures("The fee rose to 80,000 rupees, up from 65,000.")
    assert [(f.value, f.unit, f.category) for f in found] == [
        (80_000, "INR", "money"),
        (65_000, "INR", "money"),
    ]


def test_the_subject_of_a_change_verb_is_counted() -> None:
    assert rows("Dengue infections climbed to 3,100 in the province.") == [
        ("3,100", "dengue infections", "other")
    ]


def test_adjectives_stay_in_the_counted_phrase() -> None:
    assert rows("The fair drew 6,000 extra visitors.") == [("6,000", "extra visitors", "other")]
    assert rows("Medics treated at least 14 wounded sailors.") == [
        ("at least 14", "wounded sailors", "casualties")
    ]


def test_people_who_source_the_report_are_not_figures() -> None:
    text = (
        "Citing four officials, the paper said 120 tanks were lost. Two people familiar with the talks "
        "said 30 drones were found. According to three diplomats, 500 families fled."
    )
    assert [f.text for f in figures(text)] == ["120", "30", "500"]


def test_ages_are_figures_in_years() -> None:
    """CQE counts ages: "Okonedo, 38," and "pupils under ten" are years of age, not counts."""
    text = "The pilot, Ruth Okonedo, 38, said pupils under ten were sent home, and 45 pupils stayed."
    found = [(f.text, f.unit, f.counted, f.approx) for f in figures(text)]
    assert found == [
        ("38", "year", "age", "exact"),
        ("under ten", "year", "age", "less_than"),
        ("45", None, "pupils", "exact"),
    ]


def test_a_short_line_of_page_furniture_is_not_a_figure() -> None:
    assert figures("Rebels shelled the port.\n\nShare 52\n\nRead more") == []


def test_places_are_territory_only_when_taken() -> None:
    assert rows("Militia fighters retook four hamlets near the lake.") == [("four", "hamlets", "territory")]
    assert rows("Heavy rain flooded four hamlets near the lake.") == [("four", "hamlets", "other")]


def test_a_preposition_is_not_an_approximation_cue() -> None:
    found = figures("Air defences downed 12 missiles over two provinces.")
    assert [(f.text, f.approx) for f in found] == [("12", "exact"), ("two", "exact")]
    assert figures("Rebels fired over 200 rockets.")[0].approx == "more_than"


def test_a_measure_takes_the_category_of_its_subject() -> None:
    assert rows("The front line now runs for about 900 km.") == [("about 900 km", "front line", "territory")]
    assert rows("The new pipeline runs for about 900 km.") == [("about 900 km", "new pipeline", "other")]


def test_people_ordered_to_be_called_up_are_recruitment() -> None:
    # object control: the clause under "ordered" says what happens to the men
    found = rows("The cabinet ordered 9,500 men aged 19 to 27 to be called up before winter.")
    assert found[0][1:] == ("men", "recruitment")


def test_a_bare_count_takes_the_category_of_its_own_verb() -> None:
    found = rows("A commander said 6,200 would be drafted by June, and at least 14 were killed in the raid.")
    assert [(t, c, k) for t, c, k in found] == [
        ("6,200", None, "recruitment"),
        ("at least 14", None, "casualties"),
    ]
    # a bare object counts things as often as people
    assert rows("The coalition holds 61 in the assembly.")[0][2] == "other"
