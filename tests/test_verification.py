"""Verification status on fictional paragraphs (needs the model), and its word lists (no model)."""

from __future__ import annotations

import pytest

from newsledger.contract import Claim
from newsledger.extract._doc import prepare_doc


def _status(text: str) -> list[str]:
    from newsledger.nlp import load_nlp

    nlp = load_nlp()
    doc = prepare_doc(nlp.make_doc(text), outlet="The Vale Courier")
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    claims: list[Claim] = doc._.nl_claims
    return [c.verification for c in claims]


@pytest.mark.model
def test_denying_the_report_denies_every_claim_of_the_cited_outlet() -> None:
    text = (
        "The Ostvik Tribune reported, citing two officials, that the mine would close. "
        "According to them, 400 jobs would go.\n\nThe company denied the report."
    )
    assert _status(text) == ["denied", "denied", "unknown"]


@pytest.mark.model
def test_denying_wrongdoing_denies_the_other_sources_claim() -> None:
    text = "The firm allegedly paid the inspector, according to a complaint. The mayor denied any wrongdoing."
    assert _status(text) == ["denied", "unknown"]


@pytest.mark.model
def test_two_death_tolls_from_two_sources_are_disputed() -> None:
    text = (
        "Talmar's army said 30 soldiers were killed in the raid. "
        "Karvonia's defence ministry said only six of its soldiers died."
    )
    assert _status(text) == ["disputed", "disputed"]


@pytest.mark.model
def test_rejecting_a_figure_disputes_it_and_a_negated_dispute_does_nothing() -> None:
    assert _status("Talmar said 90 people were hurt. Karvonia dismissed the figure as propaganda.") == [
        "disputed",
        "unknown",
    ]
    assert _status("Talmar said 90 people were hurt. Karvonia did not dispute the figure.") == [
        "unknown",
        "unknown",
    ]


@pytest.mark.model
def test_neither_disclaimer_covers_the_claims_of_its_paragraph() -> None:
    text = (
        "Talmar said its troops took the bridge. Karvonia said the bridge was never lost. "
        "Neither account could be independently verified."
    )
    assert _status(text)[:2] == ["unverified", "unverified"]


@pytest.mark.model
def test_a_distancing_hedge_makes_its_claim_unverified_an_epistemic_one_does_not() -> None:
    assert _status("The minister allegedly took the bribe, prosecutors said.") == ["unverified"]
    assert _status("The minister will probably resign, an aide said.") == ["unknown"]


@pytest.mark.model
def test_voices_in_a_purported_video_inherit_its_status() -> None:
    text = (
        "A video shared by the Halvik Monitor purportedly shows a convoy near Ostvik.\n\n"
        "“They are coming for us,” a man says in the video."
    )
    assert _status(text) == ["unverified", "unverified"]


def test_evidence_classes_and_themes_come_from_the_data_file() -> None:
    from newsledger.data import load_yaml
    from newsledger.extract import verification

    assert verification.evidence_class("footage") == "video"
    assert verification.evidence_class("intercept") == "recording"
    assert verification.evidence_class("e-mail") == "email"
    assert verification.evidence_class("letter") == "letter"  # no class: the lemma itself
    raw = load_yaml("verification.yaml")
    assert "toll" in raw["figure_themes"] and "claim" in raw["general_themes"]
