"""Pure tests of the canonical-name helpers (no spaCy model)."""

from __future__ import annotations

from newsledger.extract.names import (
    clean_org,
    clean_person,
    known_surnames,
    link_person_names,
    strip_possessive,
    strip_titles,
)


def test_possessive_is_not_part_of_a_name() -> None:
    assert strip_possessive("Halvard Renn’s") == "Halvard Renn"
    assert strip_possessive("Renn's") == "Renn"
    assert strip_possessive("the Talmar Rangers'") == "the Talmar Rangers"
    assert strip_possessive("Renn") == "Renn"


def test_titles_are_stripped_but_never_the_whole_name() -> None:
    assert clean_person("President Vladimir Putin") == "Vladimir Putin"
    assert clean_person("Col. Tavish Brekke") == "Tavish Brekke"
    assert clean_person("Defence Minister Irena Maskow’s") == "Irena Maskow"
    assert clean_person("Lt. Col. Aurel Mandt") == "Aurel Mandt"
    assert strip_titles("President") == "President"
    assert strip_titles("Major Tom", ["Major"]) == "Tom"


def test_surname_and_first_name_mentions_link_to_the_full_name() -> None:
    mentions = ["Vladimir Putin", "Putin", "Mira Okonkwo-Laine", "Putin", "Mira", "Okonkwo-Laine"]
    assert link_person_names(mentions) == [
        "Vladimir Putin",
        "Vladimir Putin",
        "Mira Okonkwo-Laine",
        "Vladimir Putin",
        "Mira Okonkwo-Laine",
        "Mira Okonkwo-Laine",
    ]


def test_nearest_preceding_full_name_wins_and_later_full_name_is_used_for_early_mentions() -> None:
    mentions = ["Renn", "Halvard Renn", "Renn", "Sigrid Renn", "Renn", "Brekke"]
    assert link_person_names(mentions) == [
        "Halvard Renn",
        "Halvard Renn",
        "Halvard Renn",
        "Sigrid Renn",
        "Sigrid Renn",
        "Brekke",
    ]


def test_org_canonical_drops_article_and_possessive() -> None:
    assert clean_org("the Defense Ministry") == "Defense Ministry"
    assert clean_org("The Lumen Post’s") == "Lumen Post"
    assert known_surnames(["Alexei Tabalov", "Putin"]) == {"tabalov"}
