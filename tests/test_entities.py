"""Entities extractor: label mapping, ruler fixes, canonical names, geocoding and dates."""

from __future__ import annotations

import datetime as dt

import pytest
from spacy.tokens import Doc

from newsledger.contract import ENTITY_LABELS, Entity
from newsledger.extract import dates
from newsledger.extract._doc import prepare_doc
from newsledger.extract.entities import TAG
from newsledger.nlp import base_model, load_nlp


def _run(text: str, published: str | None = "2022-04-01") -> list[Entity]:
    nlp = load_nlp()
    doc: Doc = nlp(prepare_doc(nlp.make_doc(text), published=published))
    ents: list[Entity] = doc._.nl_entities
    for e in ents:
        assert text[e.start : e.end] == e.text
        assert e.label in ENTITY_LABELS
        assert e.extractor == TAG
    return ents


def _find(ents: list[Entity], text: str) -> Entity:
    hits = [e for e in ents if e.text == text]
    assert hits, f"{text!r} not in {[(e.text, e.label) for e in ents]}"
    return hits[0]


# --- dates: pure, no model --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thursday", "2022-03-31"),  # 2022-04-01 is a Friday
        ("Friday", "2022-04-01"),
        ("on Monday", "2022-03-28"),
        ("April 1", "2022-04-01"),
        ("July 15", "2022-07-15"),
        ("Feb. 24", "2022-02-24"),
        ("February 27, 2023", "2023-02-27"),
        ("yesterday", "2022-03-31"),
        ("last year", "2021"),
        ("late March", "2022-03"),
        ("the end of March", "2022-03"),
        ("2019", "2019"),
        ("January 31 to February 28", "2022-01-31/2022-02-28"),
        ("March 3-5", "2022-03-03/2022-03-05"),
        ("the 1990s", "1990/1999"),
        ("last spring", "last spring"),
        ("recent weeks", "recent weeks"),
        ("the coming months", "the coming months"),
    ],
)
def test_dates_normalise_against_the_publication_date(text: str, expected: str) -> None:
    assert dates.normalise_date(text, "2022-04-01") == expected


def test_dates_without_publication_date_need_an_explicit_year() -> None:
    assert dates.normalise_date("Thursday", None) == "Thursday"
    assert dates.normalise_date("March 5, 2021", None) == "2021-03-05"
    assert dates.normalise_date("April 1", "2023-06-30T10:00:00Z") == "2023-04-01"


def _via_dateparser(text: str, base: dt.datetime | None) -> str | None:
    prefer = "current_period" if dates._MONTH.search(text) else "past"
    data = dates._parser(base, prefer).get_date_data(text)
    if data.date_obj is None or data.period is None:
        return None
    return dates._format(data.date_obj, data.period)


def test_the_quick_forms_read_as_dateparser_reads_them() -> None:
    """Years, months, days of a month and 'yesterday' / 'last week' are computed without dateparser
    (2 ms a call); over a grid of forms and publication dates (leap days, year and ISO-week
    boundaries, times of day, none) the result is dateparser's."""
    bases: list[dt.datetime | None] = [
        None,
        dt.datetime(2024, 1, 1),
        dt.datetime(2024, 2, 29, 8),
        dt.datetime(2024, 12, 31, 23, 59),
        dt.datetime(2025, 3, 14, 0, 1),
        dt.datetime(2021, 1, 3, 22),
    ]
    months = ["January", "Feb.", "mar", "May", "Sept.", "December"]
    texts = [
        "today",
        "tonight",
        "yesterday",
        "tomorrow",
        "Last week",
        "this month",
        "next year",
        "1999",
        "2024",
    ]
    texts += (
        months
        + [f"{m} {d}" for m in months for d in (1, 29, 31)]
        + [f"{d} {m}" for m in months for d in (2, 30)]
    )
    texts += (
        [f"{m} 2019" for m in months] + [f"{m} 29, 2024" for m in months] + [f"31 {m} 2023" for m in months]
    )
    checked = 0
    for text in texts:
        for base in bases:
            quick = dates._quick(text, base)
            if quick is not None:
                assert quick == _via_dateparser(text, base), (text, base)
                checked += 1
    assert checked > 300
    assert dates._quick("two weeks ago", dt.datetime(2024, 1, 1)) is None  # left to dateparser
    assert dates._quick("Smarch 3", dt.datetime(2024, 1, 1)) is None


# --- the model ---------------------------------------------------------------------------

KIEV = "Meanwhile, Kiev is waiting for the new air-defence batteries promised by its allies."
PLACES = "Shelling continued around Bakhmut as Crimea braced for more strikes."
SOVETSK = "The mayor of Sovetsk cancelled the parade."
NORP = "Ukrainian officials said the Belgorod region had been shelled."


@pytest.mark.model
@pytest.mark.parametrize(
    ("sentence", "word", "bare_label"),
    [
        (KIEV, "Kiev", "PERSON"),
        (PLACES, "Crimea", "ORG"),
        (PLACES, "Bakhmut", "ORG"),
        (SOVETSK, "Sovetsk", "PERSON"),
    ],
)
def test_ruler_fixes_places_the_bare_model_gets_wrong(sentence: str, word: str, bare_label: str) -> None:
    bare = {e.text: e.label_ for e in base_model()(sentence).ents}
    assert bare.get(word) == bare_label  # the confusion this data fixes
    ent = _find(_run(sentence), word)
    assert ent.label == "PLACE"
    assert ent.lat is not None and ent.country in ("UA", "RU")


@pytest.mark.model
def test_demonym_tagged_gpe_becomes_norp_and_region_phrase_is_one_place() -> None:
    assert {e.text: e.label_ for e in base_model()(NORP).ents}.get("Ukrainian") == "GPE"
    ents = _run(NORP)
    assert _find(ents, "Ukrainian").label == "NORP"
    region = _find(ents, "Belgorod region")
    assert region.label == "PLACE" and region.country == "RU"
    assert region.canonical == "Belgorod region"


@pytest.mark.model
def test_kiev_is_canonicalised_and_geocoded() -> None:
    kiev = _find(_run(KIEV), "Kiev")
    assert kiev.canonical == "Kyiv"
    assert kiev.lat == pytest.approx(50.45, abs=0.05)
    assert kiev.lon == pytest.approx(30.52, abs=0.05)


@pytest.mark.model
def test_people_link_to_the_full_name_without_titles_or_possessives() -> None:
    text = (
        "President Vladimir Putin met Col. Tavish Brekke in Moscow on Thursday. "
        "Putin’s aides said Brekke had asked for more time, and Putin agreed."
    )
    ents = _run(text)
    people = [e for e in ents if e.label == "PERSON"]
    assert {e.canonical for e in people} == {"Vladimir Putin", "Tavish Brekke"}
    assert all(not e.text.endswith(("’s", "'s")) for e in ents)
    assert _find(ents, "Thursday").canonical == "2022-03-31"
    assert _find(ents, "Moscow").country == "RU"


@pytest.mark.model
def test_label_mapping_skips_numbers_and_trims_articles() -> None:
    text = (
        "The Defence Ministry said 1,200 troops, about 40 percent of them conscripts, left Odessa on Monday."
    )
    ents = _run(text)
    labels = {e.text: e.label for e in ents}
    assert labels.get("Defence Ministry") == "ORG"
    assert not any(ch.isdigit() for e in ents for ch in e.text if e.label not in ("DATE", "TIME"))
    odesa = _find(ents, "Odessa")
    assert odesa.label == "PLACE" and odesa.canonical == "Odesa" and odesa.country == "UA"
    assert _find(ents, "Monday").canonical == "2022-03-28"


@pytest.mark.model
def test_town_name_used_as_a_given_name_stays_part_of_the_person() -> None:
    text = "Analyst Dara Massicot said the plan was risky. Massicot added that it could fail."
    ents = _run(text)
    dara = _find(ents, "Dara Massicot")
    assert dara.label == "PERSON"
    assert _find(ents, "Massicot").canonical == "Dara Massicot"


@pytest.mark.model
def test_headline_run_on_person_keeps_the_known_surname() -> None:
    text = "Brekke Warns Of Losses\n\nCol. Tavish Brekke spoke on Monday."
    bare = [e.text for e in base_model()(text).ents if e.label_ == "PERSON"]
    assert bare[0].startswith("Brekke Warns")  # the run-on this rule repairs
    first = _run(text)[0]
    assert first.label == "PERSON"
    assert first.text == "Brekke"
    assert first.canonical == "Tavish Brekke"
