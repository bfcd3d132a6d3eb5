"""Source typing on hand-written mentions (no model)."""

from __future__ import annotations

import pytest

from newsledger.contract import SOURCE_TYPES
from newsledger.extract.sources import classify_source, is_plural, pronoun_kind


@pytest.mark.parametrize(
    ("mention", "head", "label", "role", "expected"),
    [
        ("Eastport Wire", None, "ORG", "", "media_outlet"),
        ("The Vale Courier", None, None, "", "media_outlet"),
        ("Bloomberg", None, None, "", "media_outlet"),
        ("the news outlet", "outlet", None, "", "media_outlet"),
        ("a report by The Lumen Post", "Post", None, "", "media_outlet"),
        ("sources familiar with the situation", "sources", None, "", "anonymous"),
        ("one source", "source", None, "", "anonymous"),
        ("an official who spoke on condition of anonymity", "official", None, "", "anonymous"),
        ("a senior diplomat", "diplomat", None, "", "anonymous"),
        ("two people briefed on the talks", "people", None, "", "anonymous"),
        ("an intercepted call", "call", None, "", "intercepted_communication"),
        ("a recording of a phone call", "recording", None, "", "intercepted_communication"),
        ("a Facebook post", "post", None, "", "social_media"),
        ("one Telegram channel", "channel", None, "", "social_media"),
        ("a viral video", "video", None, "", "social_media"),
        ("a decree published on a government portal", "decree", None, "", "document"),
        ("court records", "records", None, "", "document"),
        ("Lennmark Institute analyst Jane Roe", "Roe", "PERSON", "", "expert_analyst"),
        ("Jane Roe", "Roe", "PERSON", "a senior fellow at a think tank", "expert_analyst"),
        ("Karvonian Director of National Intelligence Ada Brun", "Brun", "PERSON", "", "named_person"),
        ("Interior Minister Halvard Renn", "Renn", "PERSON", "", "named_person"),
        ("Col. Tavish Brekke", "Brekke", "PERSON", "", "named_person"),
        ("Jonah Whitcombe", "Whitcombe", "PERSON", "", "named_person"),
        ("Peder Aslak", "Aslak", "PERSON", "a lawyer who advises the ministry", "named_person"),
        ("Talmar's General Staff", "Staff", "ORG", "", "military"),
        ("the Karvonian Defence Ministry", "Ministry", "ORG", "", "government"),
        ("the Karvonian Security Service", "Service", None, "", "official_body"),
        ("Western officials", "officials", None, "", "government"),
        ("Western figures", "figures", None, "", "government"),
        ("Finance Ministry figures", "figures", None, "", "government"),
        ("the Prosecutor General", "General", None, "", "official_body"),
        ("the United Nations", None, "ORG", "", "official_body"),
        ("Ardis Vell", "Vell", "PERSON", "an epidemiologist at a state university", "expert_analyst"),
        ("Talmar's military intelligence agency", "agency", None, "", "military"),
        ("the Halvik Health Agency", "Agency", "ORG", "", "official_body"),
        ("The Marsh Ledger", "Ledger", None, "", "media_outlet"),
        ("an army medic", "medic", None, "", "anonymous"),
        ("a recruitment officer in Dornvik", "officer", None, "", "anonymous"),
        ("three factory auditors", "auditors", None, "", "anonymous"),
        ("nurses in Ostvik", "nurses", None, "", "anonymous"),
        ("the nurses", "nurses", None, "", "unspecified"),
        ("two senior party officials", "officials", None, "", "anonymous"),
        ("Defence Ministry officials", "officials", None, "", "government"),
        ("police in the capital", "police", None, "", "official_body"),
        ("Kestrel Orbital", None, "ORG", "", "official_body"),
        ("Talmar", None, "GPE", "", "government"),
        ("they", None, None, "", "unspecified"),
        ("the weather", "weather", None, "", "unspecified"),
    ],
)
def test_classify_source(mention: str, head: str | None, label: str | None, role: str, expected: str) -> None:
    assert classify_source(mention, head=head, label=label, role=role) == expected


def test_every_result_is_in_the_vocabulary() -> None:
    for mention in ("WHO", "who", "the UN", "un", "AP", "a rally", ""):
        assert classify_source(mention) in SOURCE_TYPES


def test_short_acronyms_need_capitals() -> None:
    # "who" the pronoun is not the World Health Organization
    assert classify_source("WHO", label="ORG") == "official_body"
    assert classify_source("people who fled", head="people") == "anonymous"  # unnamed individuals


def test_person_helpers() -> None:
    from newsledger.extract.sources import is_post_nominal, is_title, person_type, role_word

    assert person_type("a Berlin-based energy analyst") == "expert_analyst"
    assert person_type("who runs the emergency ward") == "named_person"
    assert is_title("Col.") and is_title("Minister") and not is_title("Arkady")
    assert is_post_nominal("KC") and not is_post_nominal("Carver")
    assert role_word("Gen.") == "general" and role_word("Spokeswoman") == "spokeswoman"


def test_plural_and_pronouns() -> None:
    assert is_plural("sources familiar with the matter", "sources")
    assert is_plural("they")
    assert not is_plural("one source", "source")
    assert not is_plural("Reuters")
    assert pronoun_kind("them") == "plural"
    assert pronoun_kind("She") == "person"
    assert pronoun_kind("it") == "thing"
    assert pronoun_kind("Talmar") is None


@pytest.mark.parametrize(
    ("mention", "head", "expected"),
    [
        ("Campaign groups", "groups", "official_body"),  # NGOs and rights groups: public bodies
        ("human rights groups", "groups", "official_body"),
        ("Her husband", "husband", "anonymous"),  # an unnamed individual known by a relation
        ("the patrol's commander", "commander", "anonymous"),
        ("the navy", "navy", "military"),
    ],
)
def test_round4_unnamed_individuals_and_groups(mention: str, head: str, expected: str) -> None:
    assert classify_source(mention, head=head) == expected
