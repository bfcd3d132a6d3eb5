"""Hedge, disclaimer, denial, dispute and verification cues on hand-written sentences."""

from __future__ import annotations

import json

import pytest

from newsledger.extract.hedges import find_cues, find_doc_cues, find_hedges


def _cues(text: str) -> list[tuple[str, str]]:
    return [(c.text, c.kind) for c in find_cues(text)]


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("Karvonia has reportedly moved two brigades north.", "reportedly"),
        ("The colonel allegedly ordered the retreat.", "allegedly"),
        ("A video purportedly shows the convoy.", "purportedly"),
        ("The minister is said to be furious.", "is said to"),
        ("The generals are widely believed to oppose the plan.", "are widely believed to"),
        ("An intercepted call said to capture a commander was released.", "said to"),
        ("The strike appears to have hit a depot.", "appears"),
        ("The talks seem to be failing.", "seem"),
        ("An estimated 3,000 people fled.", "estimated"),
        ("Talmar claimed that 14 soldiers died.", "claimed"),
    ],
)
def test_hedges(text: str, cue: str) -> None:
    found = find_cues(text)
    hit = [c for c in found if c.kind == "hedge"]
    assert [c.text for c in hit] == [cue]
    assert text[hit[0].start : hit[0].end] == cue


@pytest.mark.parametrize(
    "text",
    [
        "He said to reporters that the road was open.",
        "The group claimed responsibility for the blast.",
        "The crowd appeared in the square at noon.",
        "Journalists were denied entry to the town.",
    ],
)
def test_not_hedges(text: str) -> None:
    assert [c for c in find_cues(text) if c.kind in ("hedge", "denial")] == []


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("The figures could not be independently verified.", "could not be independently verified"),
        (
            "The footage has not been independently verified by the Courier.",
            "has not been independently verified",
        ),
        ("The Lumen Post could not confirm the account.", "could not confirm"),
        (
            "Eastport Wire was unable to independently verify the account.",
            "was unable to independently verify",
        ),
        ("It was not immediately possible to verify the toll.", "not immediately possible to verify"),
    ],
)
def test_disclaimers(text: str, cue: str) -> None:
    assert _cues(text) == [(cue, "disclaimer")]


def test_disclaimer_wins_over_the_verification_inside_it() -> None:
    kinds = {k for _, k in _cues("The clip has not been independently verified by the Courier.")}
    assert kinds == {"disclaimer"}


def test_denials_disputes_verifications() -> None:
    assert ("denied", "denial") in _cues("The ministry denied that troops had crossed.")
    assert ("dismissed the reports", "denial") in _cues("Officials dismissed the reports as propaganda.")
    assert ("disputed", "dispute") in _cues("Karvonia disputed the toll.")
    assert ("contradicts", "dispute") in _cues("That account contradicts the army's version.")
    assert ("has verified", "verification") in _cues("The Vale Courier has verified the footage.")
    assert ("was verified by", "verification") in _cues("The clip was verified by Eastport Wire.")


@pytest.mark.model
def test_doc_cues_drop_nouns_for_verb_only_patterns() -> None:
    from newsledger.nlp import load_nlp

    doc = load_nlp()("The ministry denied the claims on Friday.")
    kinds = [(c.text, c.kind) for c in find_doc_cues(doc)]
    assert ("denied", "denial") in kinds
    assert ("claims", "hedge") not in kinds
    hedges = find_hedges(doc, "x@1")
    assert all(h.kind in ("hedge", "disclaimer") and h.extractor == "x@1" for h in hedges)


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("The bill could climb to £2 million once repairs are added.", "could"),
        ("Prices may rise again next year.", "may"),
        ("The talks will probably collapse.", "probably"),
        ("A deal is unlikely before June.", "unlikely"),
        ("I would not be surprised if the toll rose.", "would not be surprised"),
        ("Earlier it was reported that the port had closed.", "it was reported"),
    ],
)
@pytest.mark.model
def test_epistemic_hedges_with_the_parse(text: str, cue: str) -> None:
    from newsledger.nlp import load_nlp

    doc = load_nlp()(text)
    assert cue in [h.text for h in find_hedges(doc)]


@pytest.mark.parametrize(
    "text",
    [
        "In reality you could fit the ones who can still fight into one bus.",  # ability, 2nd person
        "It is the best thing that could happen to the town.",  # relative clause
        "The inspectors could not find the files.",  # inability
        "The fair opens on May 1.",  # the month
    ],
)
@pytest.mark.model
def test_modals_that_hedge_nothing(text: str) -> None:
    from newsledger.nlp import load_nlp

    doc = load_nlp()(text)
    assert not any(h.text.lower() in ("could", "may") for h in find_hedges(doc))


def test_neither_could_be_verified_is_a_disclaimer_and_does_not_confirm_is_not() -> None:
    assert ("could be independently verified", "disclaimer") in _cues(
        "Neither the video nor the letter could be independently verified."
    )
    assert not any(
        k == "disclaimer" for _, k in _cues("It holds 800 prisoners, a figure Talmar does not confirm.")
    )


def test_distancing_hedges() -> None:
    from newsledger.extract.hedges import is_distancing

    assert is_distancing("reportedly") and is_distancing("is said to") and is_distancing("claimed")
    assert not is_distancing("probably") and not is_distancing("appears") and not is_distancing("estimated")


def test_cues_are_matcher_token_patterns_across_line_breaks_and_double_spaces() -> None:
    text = "The footage could not\nbe independently verified.  It is  said to show the bridge."
    cues = _cues(text)
    assert ("could not\nbe independently verified", "disclaimer") in cues
    assert ("is  said to", "hedge") in cues
    assert _cues("Anti-reportedly is not a word.") == []  # no cue inside a hyphenated compound


def test_every_inflection_of_a_rejecting_verb_is_a_denial_or_dispute() -> None:
    assert ("refuted the claims", "denial") in _cues("The ministry refuted the claims on Friday.")
    assert ("dismisses the reports", "denial") in _cues("Kelmar dismisses the reports as fiction.")
    assert ("derided the figures", "dispute") in _cues("The army derided the figures.")


def test_the_words_around_a_cue_decide_it() -> None:
    assert _cues("He said to reporters that the road was open.") == []  # "he" before "said to"
    assert ("said to", "hedge") in _cues("A letter said to come from the mayor was read out.")
    assert ("appears", "hedge") in _cues("The strike appears to have missed.")
    assert _cues("The crowd appears calm.") == []  # not followed by to/that/likely
    assert _cues("Rebels claimed responsibility.") == []


def test_a_bad_pattern_is_reported_with_the_data_file() -> None:
    from spacy.vocab import Vocab

    from newsledger.errors import NewsledgerError
    from newsledger.extract import hedges

    table = hedges.patterns()
    assert len(table) > 50 and all(tokens for _pattern, tokens in table)
    assert len(hedges.build_matcher(Vocab(), table)) == len(table)
    bad = [(table[0][0], [{"NO_SUCH_ATTRIBUTE": "x"}])]
    with pytest.raises(NewsledgerError, match=r"hedges\.yaml has a bad pattern"):
        hedges.build_matcher(Vocab(), bad)


def _repository_texts() -> list[str]:
    from tests.conftest import ROOT, seed_paths

    paths = [*sorted((ROOT / "examples" / "text").glob("*.txt")), *seed_paths()]
    paths += sorted((ROOT / "tests" / "fixtures" / "quotes").glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in paths]
    for jsonl in [
        *sorted((ROOT / "eval" / "gold").glob("*.jsonl")),
        ROOT / "eval" / "stream" / "stream.jsonl",
    ]:
        texts += [
            json.loads(line).get("text") or "" for line in jsonl.read_text(encoding="utf-8").splitlines()
        ]
    return texts


def test_word_patterns_find_what_the_matcher_finds() -> None:
    """The cue table goes through WordPatterns (started from first words), not spaCy's Matcher:
    both give the same matches on every text of the repository and on cue-dense sentences."""
    from newsledger.extract import hedges

    tokenizer = hedges._tokenizer()
    matcher, words = hedges._matchers(tokenizer.vocab)
    assert words is not None  # hedges.yaml uses only what WordPatterns takes
    dense = [
        "It is not clear. It is not not clear. It is widely reported that so-called so - called units "
        "could not yet be independently verified; could not immediately be verified; would not be "
        "surprised; it has been widely said; was unable to immediately independently verify.",
        "claims claimed claiming were   said to\nbe  reportedly,allegedly: is also said to",
    ]
    total = 0
    for text in [*dense, *_repository_texts()]:
        doc = tokenizer.make_doc(text)
        expected = sorted((int(doc.vocab.strings[m]), s, e) for m, s, e in matcher(doc))
        assert sorted(words(doc)) == expected
        total += len(expected)
    assert total > 250


def test_word_patterns_refuse_what_they_do_not_take() -> None:
    from spacy.vocab import Vocab

    from newsledger.extract.wordpatterns import WordPatterns

    vocab = Vocab()
    assert WordPatterns.build(vocab, [[{"LOWER": "a"}, {"LOWER": "b", "OP": "{1,3}"}]]) is not None
    assert (
        WordPatterns.build(vocab, [[{"LOWER": "a", "OP": "?"}, {"LOWER": "b"}]]) is None
    )  # may start anywhere
    assert WordPatterns.build(vocab, [[{"LOWER": "a"}, {"POS": "VERB"}]]) is None  # an attribute not handled
    assert WordPatterns.build(vocab, [[{"LOWER": "a"}, {"LOWER": "b", "OP": "!"}]]) is None
    assert WordPatterns.build(vocab, [[{"LOWER": {"REGEX": "^a"}}]]) is None
