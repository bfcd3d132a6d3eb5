"""Hedges and verification across the registers of general news: courts, science, business, disasters,
sports (issue 15). Each case is a short sentence written for this test: the reporter's own hedges
("reportedly", "allegedly", "is believed to", "claims", "is said to"), hedges inside quotation marks
(the quoted speaker's, not the reporter's), verification phrases ("could not be independently
confirmed", "has not been verified", "unconfirmed reports") and words that look like hedges and are
not ("claims" the noun, "Alleged" in a name, a plain "said").

Each case lists every hedge and disclaimer the claims carry as ``(text, voice, speaker)`` and, where
it is settled, the verification status of the claim: a distancing hedge of the reporter's makes it
unverified, the same hedge inside a quotation does not.
"""

from __future__ import annotations

import pytest
from spacy.language import Language

from newsledger.contract import Claim

R = "reporter"
Q = "quoted"
Expected = list[tuple[str, str, str | None]]

CASES: list[tuple[str, str, Expected, str | None]] = [
    # -- courts
    (
        "courts",
        "The defendant allegedly moved the funds to an offshore account in 2019.",
        [("allegedly", R, None)],
        "unverified",
    ),
    (
        "courts",
        "“The accused allegedly forged the signatures,” prosecutor Dana Whitcombe told the jury.",
        [("allegedly", Q, "Dana Whitcombe")],
        "unknown",
    ),
    (
        "courts",
        "The judge is said to have rejected the plea deal before the hearing.",
        [("is said to", R, None)],
        "unverified",
    ),
    (
        "courts",
        "Lawyers for the families cited the Alleged Offenders Registry Act in their filing.",
        [],
        "unknown",
    ),
    ("courts", "The court clerk said the hearing would resume on Thursday.", [], "unknown"),
    (
        "courts",
        "Claims that a juror had been bribed could not be independently verified.",
        [("could not be independently verified", R, None)],
        None,
    ),
    (
        "courts",
        "Witness Ilsa Marne said she had “probably seen” the van leave the car park.",
        [("probably", Q, "Ilsa Marne")],
        "unknown",
    ),
    (
        "courts",
        "The banker allegedly hid the payments, and his lawyer Rui Tamsin said the charges were "
        "“probably politically motivated”.",
        [("allegedly", R, None), ("probably", Q, "Rui Tamsin")],
        "unverified",
    ),
    # -- science
    (
        "science",
        "The compound is believed to slow the growth of some tumours in mice.",
        [("is believed to", R, None)],
        None,
    ),
    (
        "science",
        "“The effect could be a statistical fluke,” lead author Tomas Rell said.",
        [("could", Q, "Tomas Rell")],
        "unknown",
    ),
    (
        "science",
        "The results have not been verified by other laboratories.",
        [("have not been verified", R, None)],
        None,
    ),
    (
        "science",
        "Researchers reportedly found traces of the toxin in the river samples.",
        [("reportedly", R, None)],
        "unverified",
    ),
    ("science", "The study tested the health claims made by supplement makers.", [], "unknown"),
    ("science", "The laboratory said the samples were stored at minus 80 degrees.", [], "unknown"),
    (
        "science",
        "Unconfirmed reports say the journal will retract the paper next month.",
        [("Unconfirmed", R, None)],
        "unverified",
    ),
    # -- business
    (
        "business",
        "The retailer is reportedly in talks to buy a smaller rival.",
        [("reportedly", R, None)],
        "unverified",
    ),
    ("business", "Insurance claims from the storm rose to a record in the last quarter.", [], "unknown"),
    (
        "business",
        "“Prices may rise again before the summer,” chief executive Lena Ostrow told shareholders.",
        [("may", Q, "Lena Ostrow")],
        "unknown",
    ),
    (
        "business",
        "The company claims its new battery lasts twice as long as its rivals' models.",
        [("claims", R, None)],
        "unverified",
    ),
    (
        "business",
        "The merger could not be independently confirmed with either firm.",
        [("could not be independently confirmed", R, None)],
        None,
    ),
    ("business", "The bank said its quarterly profit rose by four percent.", [], "unknown"),
    (
        "business",
        "Shares fell after the chairman was alleged to have hidden losses from auditors.",
        [("was alleged to", R, None)],
        "unverified",
    ),
    # -- disasters
    (
        "disasters",
        "At least 40 people are believed to have died in the landslide.",
        [("are believed to", R, None)],
        None,
    ),
    (
        "disasters",
        "“There may be more people under the rubble,” fire chief Oren Pask said.",
        [("may", Q, "Oren Pask")],
        "unknown",
    ),
    (
        "disasters",
        "The death toll has not been independently verified.",
        [("has not been independently verified", R, None)],
        None,
    ),
    ("disasters", "Residents filed more than 2,000 damage claims after the flood.", [], "unknown"),
    (
        "disasters",
        "The dam reportedly cracked hours before the evacuation order.",
        [("reportedly", R, None)],
        "unverified",
    ),
    ("disasters", "Officials said the fire was contained by Sunday evening.", [], "unknown"),
    (
        "disasters",
        "According to unconfirmed reports, twelve fishermen are still missing.",
        [("According to unconfirmed reports", R, None)],
        "unverified",
    ),
    (
        "disasters",
        "The bridge reportedly collapsed at noon, and a rescuer said “there could be dozens of cars "
        "in the water”.",
        [("reportedly", R, None), ("could", Q, "a rescuer")],
        "unverified",
    ),
    # -- sports
    (
        "sports",
        "The striker is said to be unhappy with his new contract.",
        [("is said to", R, None)],
        "unverified",
    ),
    (
        "sports",
        "“He allegedly shoved the referee after the whistle,” coach Ada Brenn said.",
        [("allegedly", Q, "Ada Brenn")],
        "unknown",
    ),
    (
        "sports",
        "The club claims the transfer fee was never paid.",
        [("claims", R, None)],
        "unverified",
    ),
    (
        "sports",
        "Reports that the manager had resigned could not be independently verified.",
        [("could not be independently verified", R, None)],
        None,
    ),
    ("sports", "The league said the match would be replayed next week.", [], "unknown"),
    ("sports", "Fans lodged refund claims after the final was postponed.", [], "unknown"),
    (
        "sports",
        "Goalkeeper Pia Lund said the pitch was “probably the worst” she had played on.",
        [("probably", Q, "Pia Lund")],
        "unknown",
    ),
    ("sports", "The captain said to reporters that the team was tired.", [], "unknown"),
]


@pytest.fixture(scope="module")
def nlp() -> Language:
    from newsledger.nlp import load_nlp

    return load_nlp()


def _holding(claims: list[Claim], hedges: Expected) -> Claim:
    """The claim that carries the first hedge, else the first claim."""
    return next((c for c in claims if c.hedges), claims[0])


@pytest.mark.model
@pytest.mark.parametrize(
    ("register", "text", "hedges", "status"),
    CASES,
    ids=[f"{reg}-{k}" for k, (reg, *_rest) in enumerate(CASES)],
)
def test_hedges_across_registers(
    nlp: Language, register: str, text: str, hedges: Expected, status: str | None
) -> None:
    doc = nlp(text)
    claims: list[Claim] = list(doc._.nl_claims)
    assert claims, text
    got = [(h.text, h.voice, h.speaker) for c in claims for h in c.hedges]
    assert got == hedges
    for c in claims:
        for h in c.hedges:
            assert text[h.start : h.end] == h.text
    if status is not None:
        assert _holding(claims, hedges).verification == status


def test_every_register_has_at_least_six_cases_of_each_sort() -> None:
    registers = {reg for reg, *_rest in CASES}
    assert registers == {"courts", "science", "business", "disasters", "sports"}
    for reg in registers:
        mine = [c for c in CASES if c[0] == reg]
        assert len(mine) >= 6
        assert any(any(v == R for _t, v, _s in h) for _r, _x, h, _st in mine), reg  # a reporter's hedge
        assert any(any(v == Q for _t, v, _s in h) for _r, _x, h, _st in mine), reg  # a quoted one
        assert any(not h for _r, _x, h, _st in mine), reg  # a look-alike that is no hedge


@pytest.mark.model
def test_a_quoted_hedge_is_shown_as_the_speakers(nlp: Language) -> None:
    from newsledger.ingest.base import RawArticle
    from newsledger.pipeline import article_from_doc
    from newsledger.reconcile.highlights import article_highlights

    text = (
        "The defendant allegedly moved the funds abroad.\n\n"
        "“The accused allegedly forged the signatures,” prosecutor Dana Whitcombe told the jury."
    )
    article = article_from_doc(RawArticle(text=text, url="test://hedges"), nlp(text))
    titles = [h.title for h in article_highlights(article) if h.kind == "hedge"]
    assert titles == [
        "hedge: 'allegedly' (claim c1)",
        "hedge: 'allegedly' (claim c2, quoted: Dana Whitcombe)",
    ]
    assert [c.verification for c in article.claims] == ["unverified", "unknown"]
