"""Quotes extractor on fictional sentences (needs the spaCy model)."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsledger.contract import Quote
from newsledger.extract._doc import prepare_doc
from newsledger.extract.quotes import TAG, extract_quotes
from newsledger.nlp import load_nlp

pytestmark = pytest.mark.model

PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "him", "her", "them"}
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def quotes(text: str) -> list[Quote]:
    doc = load_nlp()(text)
    found = doc._.nl_quotes
    # the quotes component's output is never rewritten (quotes are linked to claims when an
    # article is assembled: pipeline.article_from_doc)
    assert found == extract_quotes(doc)
    for q in found:
        assert q.text == text[q.start : q.end]
        assert q.extractor == TAG
        assert q.claim is None or isinstance(q.claim, str)
        if q.speaker_start is not None and q.speaker_end is not None:
            assert 0 <= q.speaker_start < q.speaker_end <= len(text)
    return list(found)


def one(found: list[Quote], startswith: str) -> Quote:
    hits = [q for q in found if q.text.startswith(startswith)]
    assert len(hits) == 1, (startswith, found)
    return hits[0]


def test_cue_before_with_colon() -> None:
    q = one(quotes("Defence Minister Halvard Renn said: “We will not retreat from Lennmark.”"), "We will")
    assert (q.kind, q.speaker, q.cue) == ("direct", "Halvard Renn", "said")
    assert q.text == "We will not retreat from Lennmark."


def test_cue_after_and_inverted() -> None:
    found = quotes(
        "“The border is quiet tonight,” Ilse Varga said.\n“Nobody wants a war,” said Tomas Rell, a farmer."
    )
    assert one(found, "The border").speaker == "Ilse Varga"
    q = one(found, "Nobody")
    assert (q.speaker, q.cue, q.kind) == ("Tomas Rell", "said", "direct")


def test_interrupted_quote_keeps_speaker_and_resolves_pronoun() -> None:
    text = (
        "Jonah Whitcombe, an analyst at the Ostvik Institute, studies the border.\n"
        "“On paper it is 1,200,” he said. “In combat terms it is far fewer.”"
    )
    found = quotes(text)
    first, second = one(found, "On paper"), one(found, "In combat")
    assert first.speaker == second.speaker == "Jonah Whitcombe"
    # the offsets are the attribution's own mention of its source; the name is what it resolves to
    assert text[first.speaker_start : first.speaker_end] == "he"  # type: ignore[misc]


def test_surname_resolves_to_full_name() -> None:
    text = (
        "Halvard Renn, Karvonia's defence minister, visited the northern garrison on Monday.\n"
        "“We are sending soldiers to keep the peace,” Renn told reporters."
    )
    q = one(quotes(text), "We are sending")
    assert (q.speaker, q.cue, q.addressee) == ("Halvard Renn", "told", "reporters")
    assert text[q.speaker_start : q.speaker_end] == "Renn"  # type: ignore[misc]


def test_quote_paragraph_inherits_previous_speaker() -> None:
    text = (
        "“We were prepared for 300 arrivals a week,” said Soren Akerlund, who runs the shelter.\n"
        "“We have not had a quiet week since February.”\n"
        "The ministry did not comment."
    )
    q = one(quotes(text), "We have not")
    assert q.speaker == "Soren Akerlund"


def test_partial_quote_inside_reported_speech() -> None:
    text = "Halvard Renn said the deployment was “a measured response to provocations” by Talmar."
    q = one(quotes(text), "a measured")
    assert (q.kind, q.speaker, q.cue) == ("partial", "Halvard Renn", "said")
    assert q.text == "a measured response to provocations"


def test_scare_quotes_without_a_cue_are_left_out() -> None:
    found = quotes("The so-called “buffer zone” was empty when the convoy passed through on Sunday.")
    assert not [q for q in found if q.kind != "indirect"]


def test_indirect_said_that_and_told_x_that() -> None:
    found = quotes(
        "Ilse Varga said that the bridge would reopen on Friday.\n"
        "Tomas Rell told the Vale Courier that the harvest was lost."
    )
    a = one(found, "the bridge")
    assert (a.kind, a.speaker, a.cue) == ("indirect", "Ilse Varga", "said")
    b = one(found, "the harvest")
    assert (b.speaker, b.cue, b.addressee) == ("Tomas Rell", "told", "the Vale Courier")


def test_indirect_according_to_and_reported() -> None:
    found = quotes(
        "About 300 soldiers crossed the river overnight, according to the Karvonian border guard.\n"
        "The Lumen Post reported that two bridges had been closed."
    )
    a = one(found, "About 300 soldiers")
    assert (a.kind, a.cue, a.speaker) == ("indirect", "according to", "the Karvonian border guard")
    b = one(found, "two bridges")
    assert (b.speaker, b.cue) == ("The Lumen Post", "reported")


def test_indirect_without_that_and_claimed() -> None:
    found = quotes("Local officials claimed the shelling had stopped before dawn.")
    q = one(found, "the shelling")
    assert (q.kind, q.speaker, q.cue) == ("indirect", "Local officials", "claimed")


def test_negated_report_is_not_an_indirect_quote() -> None:
    found = quotes("The ministry did not say whether the troops would return.")
    assert found == []


@pytest.mark.parametrize(
    ("sentence", "medium"),
    [
        ("“We stand firm,” the Ostvik garrison said in a Telegram post.", "Telegram post"),
        ("“We stand firm,” Halvard Renn said on state television.", "state television"),
        ("“We stand firm,” Halvard Renn said in a statement on Friday.", "statement"),
        ("“We stand firm,” Mayor Ada Lind wrote on social media.", "social media"),
        ("“We stand firm,” Ada Lind said in a Facebook post.", "Facebook post"),
        ("“We stand firm,” the council said in a statement posted on Facebook.", "statement on Facebook"),
        ("“We stand firm,” Ada Lind told the Vale Courier by phone.", "phone"),
    ],
)
def test_medium(sentence: str, medium: str) -> None:
    q = one(quotes(sentence), "We stand firm")
    assert q.medium == medium
    assert q.speaker is not None and q.speaker.lower() not in PRONOUNS


def test_interview_gives_medium_and_addressee() -> None:
    q = one(
        quotes(
            "“Everyone who can is ready to leave,” Petra Solvik said in an interview with the Eastport Wire."
        ),
        "Everyone",
    )
    assert q.medium == "interview"
    assert q.addressee == "the Eastport Wire"


def test_unbalanced_marks_never_crash() -> None:
    text = 'Renn said: “We will stay\nThe ministry added "nothing more” and ’90s-era rules apply.\n“Unclosed'
    found = quotes(text)
    q = one(found, "We will stay")
    assert q.speaker == "Renn"


@pytest.mark.skipif(not SEEDS.is_dir(), reason="shared seeds not available")
def test_seed_speakers() -> None:
    by_seed: dict[str, list[Quote]] = {}
    for path in sorted(SEEDS.glob("*.txt")):
        found = quotes(path.read_text(encoding="utf-8"))
        by_seed[path.name[:3]] = found
        for q in found:
            if q.kind == "direct" and q.speaker is not None:
                assert q.speaker.lower() not in PRONOUNS, (path.name, q)
    calls = [q for q in by_seed["000"] if q.kind == "direct" and q.cue in ("tells", "says", "replies")]
    assert calls and all(q.speaker and ("soldier" in q.speaker or q.speaker == "Maksim") for q in calls)
    massicot = [q for q in by_seed["002"] if q.speaker and "Massicot" in q.speaker]
    assert massicot and all(q.speaker == "Dara Massicot" for q in massicot)
    haines = [q for q in by_seed["001"] if q.speaker and "Haines" in q.speaker]
    assert len(haines) >= 2 and all(q.speaker == "Avril Haines" for q in haines)
    post = [q for q in by_seed["001"] if q.cue == "says" and q.kind == "direct"]
    assert post and all(q.speaker and "General Staff" in q.speaker for q in post[:1])


# -- round 2: reported clauses found by word order, conjuncts, asides, own reporting -----------------


def test_trailing_and_inverted_attribution() -> None:
    found = quotes(
        "Floodwater cut off three villages near Tolva overnight, the regional fire service said on Monday.\n"
        "The mill will reopen in the spring, writes the weekly Kestrel Times."
    )
    a = one(found, "Floodwater cut off")
    assert (a.kind, a.cue, a.speaker) == ("indirect", "said", "the regional fire service")
    assert a.text == "Floodwater cut off three villages near Tolva overnight"
    b = one(found, "The mill will reopen")
    assert b.speaker == "Kestrel Times"


def test_parenthetical_attribution_takes_the_clause_after_it() -> None:
    found = quotes("The new ferry, the harbour master said, will carry 300 passengers a day.")
    q = one(found, "will carry")
    assert (q.speaker, q.cue) == ("the harbour master", "said")


def test_that_a_and_that_b_are_two_quotes_and_a_citing_aside_is_skipped() -> None:
    found = quotes(
        "Mayor Ada Lind said that the bridge was unsafe and that repairs would take a month.\n"
        "The Lumen Post reported, citing two engineers, that the dam had cracked in March."
    )
    assert one(found, "the bridge was unsafe").speaker == "Ada Lind"
    assert one(found, "repairs would take").speaker == "Ada Lind"
    assert one(found, "the dam had cracked").speaker == "The Lumen Post"
    assert not [q for q in found if q.text.startswith("citing")]


def test_impersonal_report_is_not_a_quote_and_claimed_to_is() -> None:
    found = quotes(
        "Earlier it was reported that 40 houses had burned.\nThe rebels claimed to have taken the airport."
    )
    assert not [q for q in found if "houses" in q.text]
    q = one(found, "to have taken")
    assert (q.kind, q.speaker) == ("indirect", "The rebels")


def test_report_inside_a_report_and_participial_aside_with_a_quote() -> None:
    found = quotes(
        "Maria Keller said sales had slowed since May, when she estimated that 400 cars had been sold.\n"
        "Tomas Rell said he would appeal the ruling, citing “serious errors” by the court."
    )
    assert one(found, "sales had slowed").speaker == "Maria Keller"
    assert one(found, "400 cars").speaker == "Maria Keller"
    assert one(found, "he would appeal").text == "he would appeal the ruling"
    assert one(found, "serious errors").speaker == "Tomas Rell"


def test_the_outlets_own_reporting_is_not_a_quote() -> None:
    nlp = load_nlp()
    text = "Bread prices rose 9 percent this year, according to an analysis by the Vale Courier."
    doc = nlp(prepare_doc(nlp.make_doc(text), outlet="The Vale Courier"))
    assert doc._.nl_quotes == []
    doc = nlp(prepare_doc(nlp.make_doc(text), outlet="Nordvik Wire"))
    assert [q.text for q in doc._.nl_quotes] == ["Bread prices rose 9 percent this year"]


def test_quote_continued_over_paragraphs_is_one_quote() -> None:
    text = "“We waited all night for the boats.\n“Nobody came,” said Petra Lund, a fisher."
    found = quotes(text)
    q = one(found, "We waited")
    assert q.text == "We waited all night for the boats.\n“Nobody came,"
    assert q.speaker == "Petra Lund"


def test_written_medium_carries_over_and_scare_quotes_are_left_out() -> None:
    found = quotes(
        "Mayor Ada Lind said in a Facebook post that the bridge was closed.\n"
        "Lind wrote that repairs would take a month.\n"
        "She said the so-called “reform” of the council would fail."
    )
    assert one(found, "repairs would take").medium == "Facebook post"
    assert not [q for q in found if q.text == "reform"]


def test_dialogue_in_a_recording_shares_its_medium() -> None:
    text = (
        "A recording released on Monday captures a soldier named Oskar talking to his sister.\n"
        "“We have no food,” he tells his sister.\n"
        "“Then come home,” his sister replies."
    )
    found = quotes(text)
    first, second = one(found, "We have no food"), one(found, "Then come home")
    assert (first.speaker, first.medium) == ("Oskar", "recording")
    assert (second.speaker, second.medium) == ("Oskar's sister", "recording")


FIXTURES = Path(__file__).resolve().parent / "fixtures" / "quotes"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "politics.txt",
            {
                "The Senate of Ostria rejected": "the chamber's clerk",
                "too much of pensioners": "Paul Dreyer",
                "We listened": "Greta Halvorsen",
                "the cabinet will meet": "two aides to Prime Minister Olav Brandt",
                "Nobody is leaving": "Olav Brandt",
            },
        ),
        (
            "business.txt",
            {
                "Lakeshore Steel will cut": "Lakeshore Steel",
                "output had fallen": "Lakeshore Steel",
                "running at levels": "Daniel Okoro",
                "These are the last good jobs": "Maria Estevez",
                "Shares of Lakeshore fell": "Metal Markets Weekly",
            },
        ),
        (
            "health.txt",
            {
                "Measles cases in the Corvale region": "the regional health authority",
                "We are seeing families": "Lina Marsh",
                "vaccination clinics would open": "Tomas Beck",
                "I called every week": "Hanna",
                "The so-called": "officials",
            },
        ),
    ],
)
def test_fictional_articles_in_other_domains(name: str, expected: dict[str, str]) -> None:
    found = quotes((FIXTURES / name).read_text(encoding="utf-8"))
    for q in found:
        assert q.speaker is None or q.speaker.lower() not in PRONOUNS, q
    for start, speaker in expected.items():
        assert one(found, start).speaker == speaker


def test_headline_ellipsis_shares_the_subject_of_the_first_clause() -> None:
    # "X does A, says B": A is the outlet's, B is X's; B's subject never speaks for X
    found = quotes("Ostrava council freezes 2,400 permits for summer, says they will be reviewed")
    assert [(q.text, q.speaker) for q in found] == [("they will be reviewed", "Ostrava council")]


def test_number_phrase_before_a_comma_is_not_a_speaker() -> None:
    found = quotes("Dock strike idles 3,000 trucks at Ventsburg port, says hauliers will be paid")
    assert all(q.speaker is None or not q.speaker[:1].isdigit() for q in found)


def test_dateline_of_a_later_paragraph_is_not_part_of_the_reported_clause() -> None:
    text = (
        "Harbour reopens after storm\n\n"
        "VENTSBURG, May 9 (Baltic Wire) - The port will reopen on Friday, "
        "according to a notice posted by the harbour authority."
    )
    found = one(quotes(text), "The port")
    assert found.text == "The port will reopen on Friday"


def test_a_transcript_names_its_speaker_before_a_colon() -> None:
    text = (
        "The hearing ran for six hours.\n"
        "Rep. Ada Voss (D-Tolva): “I have not heard anyone cite that figure.”\n"
        "The sign on the gate: “Closed until further notice.”"
    )
    found = quotes(text)
    q = one(found, "I have not heard")
    assert (q.speaker, q.cue) == ("Ada Voss", None)
    assert text[q.speaker_start : q.speaker_end].startswith("Rep. Ada Voss")  # type: ignore[misc]
    assert one(found, "Closed until").speaker is None  # a thing before the colon speaks for no one
