"""Claims, attribution chains and verification on fictional sentences (needs the model)."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsledger.contract import SOURCE_TYPES, VERIFICATION, Claim
from newsledger.extract._doc import prepare_doc
from newsledger.extract.claims import TAG, extract_claims

pytestmark = pytest.mark.model

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
OUTLET = "The Vale Courier"


def _claims(text: str, outlet: str | None = OUTLET) -> list[Claim]:
    from newsledger.nlp import load_nlp

    nlp = load_nlp()
    doc = prepare_doc(nlp.make_doc(text), outlet=outlet)
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    claims: list[Claim] = doc._.nl_claims
    return claims


def _types(claim: Claim) -> list[str]:
    return [s.type for s in claim.sources]


def _names(claim: Claim) -> list[str]:
    return [s.name for s in claim.sources]


def test_multi_hop_chain_and_pronoun_carried_over() -> None:
    text = (
        "Karvonia has ordered 1,200 troops to the border, Eastport Wire reports, citing people "
        "familiar with the plans. According to them, the deployment began in March."
    )
    first, second = _claims(text)
    assert _names(first) == [OUTLET, "Eastport Wire", "people familiar with the plans"]
    assert _types(first) == ["media_outlet", "media_outlet", "anonymous"]
    assert first.cue == "reports"
    assert second.sources == first.sources  # "them" resolves to the same chain
    assert second.cue == "according to"
    src = first.sources[1]
    assert src.start is not None and text[src.start : src.end] == "Eastport Wire"
    assert first.sources[0].start is None


def test_extract_claims_without_newsledger_components() -> None:
    from newsledger.nlp import base_model

    # the frames are found on first use when no attribution component ran
    doc = prepare_doc(base_model()("Supplies ran low, Eastport Wire reported."), outlet=OUTLET)
    (claim,) = extract_claims(doc)
    assert _names(claim) == [OUTLET, "Eastport Wire"] and claim.cue == "reported"
    assert doc._.nl_frames is not None and doc._.nl_attributions is not None


def test_told_an_outlet_puts_the_outlet_outside() -> None:
    (claim,) = _claims("The talks collapsed on Tuesday, one official told The Lumen Post.")
    assert _names(claim)[1:] == ["The Lumen Post", "one official"]
    assert _types(claim) == ["media_outlet", "media_outlet", "anonymous"]


def test_a_definite_description_is_resolved_by_the_one_resolver() -> None:
    # "the station" is Coast FM (told a named outlet: outer); "the files" are the leaked files
    claims = _claims(
        "Dr. Amara Lense told the radio station Coast FM that 40 patients had died on her ward.\n\n"
        "“We are burying people that the ministry is not counting,” Lense told the station.\n\n"
        "Leaked expense files seen by the Courier show four trips were logged as visits.\n\n"
        "His travel spending jumped 212 per cent in a year, according to the files."
    )
    told = next(c for c in claims if "burying" in c.text)
    assert _names(told)[1:] == ["Coast FM", "Amara Lense"]
    files = next(c for c in claims if "according to the files" in c.text)
    assert _names(files)[1:] == ["Leaked expense files"] and _types(files)[1:] == ["document"]


@pytest.mark.parametrize(
    ("text", "inner_types"),
    [
        (
            "According to a decree published on the ministry website, reservists will report soon.",
            ["document"],
        ),
        # a release is the outlet's report; the recording is a medium, never a link
        ("The Karvonian Security Service released an intercepted call in which a commander complains.", []),
        # the medium ("in a Facebook post") is not a link either
        ("The Talmar army said in a Facebook post that the bridge had been repaired.", ["military"]),
        ("Supplies will run out by June, said Lennmark Institute analyst Jane Roe.", ["expert_analyst"]),
        ("Interior Minister Halvard Renn said the border would stay open.", ["named_person"]),
        ("The Karvonian defence ministry said the drill was routine.", ["government"]),
        ("An army medic said the convoy was hit twice.", ["anonymous"]),
        ("The United Nations said 2,300 civilians had fled the province.", ["official_body"]),
        ("Jonah Whitcombe said the shelling lasted all night.", ["named_person"]),
        ("According to a report by The Lumen Post, the convoy stopped near Ostvik.", ["media_outlet"]),
        ("Fuel prices rose sharply in the capital last week.", []),
    ],
)
def test_source_types_in_context(text: str, inner_types: list[str]) -> None:
    (claim,) = _claims(text)
    assert _types(claim) == ["media_outlet", *inner_types]
    assert claim.sources[0].name == OUTLET
    assert set(_types(claim)) <= set(SOURCE_TYPES)
    assert (claim.cue is None) == (not inner_types)


def test_outlet_defaults_and_ids() -> None:
    claims = _claims("The bridge reopened on Monday. Traffic was light all day.", outlet=None)
    assert [c.id for c in claims] == ["c1", "c2"]
    assert all(c.sources[0].name == "the outlet" and c.extractor == TAG for c in claims)
    assert all(c.verification in VERIFICATION for c in claims)


def test_disclaimer_in_a_later_sentence_covers_the_paragraph() -> None:
    text = (
        "Talmar said 14 tanks were destroyed in the clash. Karvonia said it lost only four tanks. "
        "The figures could not be independently verified.\n\nThe mayor said the school would reopen."
    )
    claims = _claims(text)
    # the disclaimer sentence is the outlet's own, not an attributed claim
    assert [c.verification for c in claims] == ["unverified", "unverified", "unknown", "unknown"]
    disclaimer = claims[2].hedges[0]
    assert disclaimer.kind == "disclaimer"
    assert text[disclaimer.start : disclaimer.end] == "could not be independently verified"


def test_disclaimer_on_a_named_thing_and_multiword_hedges() -> None:
    claims = _claims(
        "The video, which has not been independently verified, shows a convoy near Ostvik. "
        "The minister is said to be furious. He has reportedly resigned."
    )
    # "is said to" and "reportedly" distance the outlet from the claim: unverified
    assert [c.verification for c in claims] == ["unverified", "unverified", "unverified"]
    assert [h.text for h in claims[1].hedges] == ["is said to"]
    assert [h.text for h in claims[2].hedges] == ["reportedly"]


def test_denied_disputed_verified() -> None:
    denied = _claims("Reports said Karvonia had mined the bridge. The defence ministry denied the reports.")
    assert denied[0].verification == "denied"
    disputed = _claims("Talmar said 14 soldiers were killed. Karvonia disputed the toll.")
    assert [c.verification for c in disputed] == ["disputed", "unknown"]  # the disputing claim is not
    verified = _claims(
        "A video posted by the Halvik Monitor shows soldiers crossing the river. "
        "The Vale Courier has verified the footage."
    )
    assert verified[0].verification == "verified_by_outlet"
    not_outlet = _claims("The ministry has confirmed the strike on the depot.")
    assert not_outlet[0].verification == "unknown"


def test_two_attributions_split_the_sentence() -> None:
    claims = _claims(
        "Moscow denied that its troops had shelled the town, while Kyiv said the strike killed six."
    )
    assert len(claims) == 2
    assert claims[0].sources[-1].name == "Moscow" and claims[1].sources[-1].name == "Kyiv"
    assert claims[0].verification == "denied"
    assert claims[0].end <= claims[1].start


def test_quotes_get_their_claim() -> None:
    from newsledger.pipeline import extract_text

    article = extract_text("“We will not retreat,” said Colonel Tavish Brekke. The line held overnight.")
    claims = article.claims
    assert claims[0].sources[-1].type == "named_person"  # a named person whatever the rank
    assert claims[0].sources[-1].name == "Tavish Brekke"
    assert article.quotes
    for quote in article.quotes:
        owner = next(c for c in claims if c.id == quote.claim)
        assert owner.start <= quote.start < owner.end


def test_debris_and_headline_fragments_are_not_claims() -> None:
    text = "ADVERTISEMENT\nRead More\nSign up for our newsletter today.\nThe port reopened after a week."
    claims = _claims(text)
    assert [c.text for c in claims] == ["The port reopened after a week."]


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not beside this checkout")
def test_seeds() -> None:
    def seed(prefix: str) -> list[Claim]:
        path = next(SEEDS.glob(f"{prefix}_*.txt"))
        return _claims(path.read_text(encoding="utf-8"), outlet=None)

    s002 = seed("002")
    cited = [c for c in s002 if c.cue == "reports" and "Bloomberg" in _names(c)]
    assert cited and _types(cited[0]) == ["media_outlet", "media_outlet", "anonymous"]
    s001 = seed("001")
    vetted = [c for c in s001 if any(h.kind == "disclaimer" for h in c.hedges)]
    assert vetted and vetted[0].verification == "unverified"
    hedges = {h.text.lower() for p in ("000", "001", "003") for c in seed(p) for h in c.hedges}
    assert {"is said to", "reportedly", "purportedly"} <= hedges
