"""Attribution chains: naming, resolution, media and voices heard in recordings (needs the model).

Every sentence here is fictional and written for these tests.
"""

from __future__ import annotations

import pytest

from newsledger.contract import Claim
from newsledger.eval.score import is_attributed
from newsledger.extract._doc import prepare_doc

pytestmark = pytest.mark.model

OUTLET = "The Vale Courier"


def _claims(text: str) -> list[Claim]:
    from newsledger.nlp import load_nlp

    nlp = load_nlp()
    doc = prepare_doc(nlp.make_doc(text), outlet=OUTLET)
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    claims: list[Claim] = doc._.nl_claims
    return claims


def _chain(claim: Claim) -> list[tuple[str, str]]:
    return [(s.name, s.type) for s in claim.sources[1:]]


def test_titles_are_stripped_and_roles_resolve_to_the_name() -> None:
    first, second = _claims(
        "Deputy Energy Minister Arvo Kelling said the plant would close in May. "
        "“We have no other choice,” the minister said."
    )
    assert _chain(first) == [("Arvo Kelling", "named_person")]
    assert _chain(second) == [("Arvo Kelling", "named_person")]


def test_a_name_in_apposition_names_the_source_and_surnames_resolve() -> None:
    first, second = _claims(
        "Halvik's deputy mayor, Inga Sorel, said the bridge was safe. "
        "Sorel added that repairs would end soon."
    )
    assert _chain(first) == [("Inga Sorel", "named_person")]
    assert _chain(second) == [("Inga Sorel", "named_person")]


def test_an_analyst_keeps_the_expert_type_through_later_mentions() -> None:
    claims = _claims(
        "Mirja Tolvanen, an economist at a Halvik bank, said prices would rise. "
        "“Nobody is ready for this,” the economist said."
    )
    assert [_chain(c) for c in claims] == [[("Mirja Tolvanen", "expert_analyst")]] * 2


def test_reporters_are_no_link_but_a_named_outlet_told_is() -> None:
    told_reporters, told_outlet = _claims(
        "The pass is closed, the colonel told reporters on Monday. "
        "The pass will reopen in June, an aide told the Ostvik Tribune."
    )
    assert [t for _, t in _chain(told_reporters)] == ["unspecified"] or _chain(told_reporters)[0][
        0
    ] != "reporters"
    assert all(name != "reporters" for name, _ in _chain(told_reporters))
    assert _chain(told_outlet) == [("Ostvik Tribune", "media_outlet"), ("an aide", "anonymous")]


def test_voices_in_a_released_recording_are_typed_intercepted() -> None:
    claims = _claims(
        "The Karvonian Security Service released a recording of an intercepted call in which a soldier "
        "complains about food.\n\n“We have not eaten for three days,” the soldier says."
    )
    heard = claims[-1]
    assert _chain(heard)[0] == ("The Karvonian Security Service", "official_body")
    assert _chain(heard)[-1][1] == "intercepted_communication"
    assert "soldier" in _chain(heard)[-1][0]
    assert len(_chain(heard)) == 2  # the recording itself is not a link


def test_reportedly_without_a_named_source_adds_an_unspecified_link() -> None:
    claims = _claims(
        "Lena Holm, the chief executive, resigned on Monday. "
        "She reportedly told staff that the firm was insolvent."
    )
    assert _chain(claims[1]) == [("unspecified", "unspecified"), ("Lena Holm", "named_person")]
    assert claims[1].verification == "unverified"


def test_pronoun_in_the_content_of_a_report_is_the_same_speaker() -> None:
    (claim,) = _claims("Senator Ida Marr said she had written to the minister about the mine.")
    assert _chain(claim) == [("Ida Marr", "named_person")]


def test_only_attributed_claims_are_scored() -> None:
    assert is_attributed({"sources": [{"name": "o"}, {"name": "x"}], "verification": "unknown"})
    assert is_attributed({"sources": [{"name": "o"}], "verification": "unverified"})
    assert not is_attributed({"sources": [{"name": "o"}], "verification": "unknown"})


def test_a_country_the_article_uses_as_a_place_speaks_as_government() -> None:
    # "Ostmarch" has no gazetteer entry and NER may call it a person; its demonym used as an
    # adjective and "in Ostmarch" show it is a place, so a country speaking is its government
    claims = _claims(
        "Ostmarchian troops crossed the river at dawn, residents in Ostmarch said. "
        "Ostmarch said the crossing was an exercise."
    )
    assert _chain(claims[-1]) == [("Ostmarch", "government")]


def test_a_dateline_city_speaking_is_a_government() -> None:
    claims = _claims(
        "BRELLIN, June 2 (Vale Wire) - Talks resumed on Monday.\n\nBrellin says the talks will go on."
    )
    assert _chain(claims[-1]) == [("Brellin", "government")]


def test_an_office_phrase_before_a_name_is_stripped_and_the_person_stays_a_person() -> None:
    first, second = _claims(
        "Head of committee Oskar Vellamo says the vote was fair. "
        "“We counted twice,” said Rhea Stanmore, the committee’s secretary."
    )
    assert _chain(first) == [("Oskar Vellamo", "named_person")]
    assert _chain(second) == [("Rhea Stanmore", "named_person")]


def test_a_bare_role_noun_in_translated_copy_is_the_named_person() -> None:
    claims = _claims(
        "Chief of the border directorate, major-general Piet Haaksma, said on Monday that 300 guards "
        "would be added. «No more will come», general stressed."
    )
    assert [_chain(c) for c in claims] == [[("Piet Haaksma", "named_person")]] * 2


def test_hyphenated_surnames_stay_whole_and_short_forms_resolve() -> None:
    first, second = _claims(
        "Orders fell by a fifth, chief executive Marit Lund-Okafor said on a call. "
        "Lund-Okafor said the second half would be better."
    )
    assert _chain(first) == [("Marit Lund-Okafor", "named_person")]
    assert _chain(second) == [("Marit Lund-Okafor", "named_person")]


def test_a_non_restrictive_clause_is_no_part_of_the_source_name() -> None:
    (claim,) = _claims(
        "The port may be sold, according to three people familiar with the talks, who asked not to be "
        "named because the process is private."
    )
    assert _chain(claim) == [("three people familiar with the talks", "anonymous")]


def test_an_indefinite_mention_is_someone_new() -> None:
    claims = _claims(
        "“The road is open,” said the convoy's driver. A driver said later that the road was mined."
    )
    assert _chain(claims[-1]) == [("A driver", "anonymous")]


def test_two_according_to_phrases_in_a_coordination_are_side_by_side() -> None:
    claims = _claims(
        "The tally now holds two numbers: about 800 according to the Harbour Authority, "
        "and about 300 according to Port Minister Lena Vasko."
    )
    chains = [_chain(c) for c in claims]
    assert [("Lena Vasko", "named_person")] in chains
    assert all(len(ch) == 1 for ch in chains)


def test_a_name_set_off_by_commas_after_a_described_subject_names_it() -> None:
    claims = _claims(
        "A Telegram channel run by Ostmarchian army bloggers, Steel Hawk, claimed on Monday that "
        "officers were stopping men at stations."
    )
    assert _chain(claims[0]) == [("Steel Hawk", "social_media")]


def test_one_of_an_earlier_group_has_its_own_span() -> None:
    text = (
        "The port will be sold, according to three officials familiar with the talks. "
        "“It is done,” said one of the officials."
    )
    claims = _claims(text)
    last = claims[-1].sources[-1]
    assert last.type == "anonymous"
    assert last.start is not None and last.end is not None
    assert 0 <= last.start < last.end <= len(text)
    assert text[last.start : last.end].startswith("one of the officials")
