"""Pure pieces of reconciliation, and a small hand-built ledger: no spaCy model needed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsledger.contract import Article, Claim, Entity, Figure, Source
from newsledger.extract.context import (
    floor_verb_before,
    is_fragment,
    is_hypothetical,
    is_prior,
    outcome_of,
    period_from_words,
    rate_of,
    role_of,
)
from newsledger.reconcile import queries as Q
from newsledger.reconcile import reconcile
from newsledger.reconcile.entities import demonym_target
from newsledger.reconcile.highlights import article_highlights
from newsledger.reconcile.normalize import (
    counted_key,
    interval,
    name_key,
    outlet_key,
    overlaps,
    parse_period,
    periods_overlap,
    same_value,
    singular,
)
from newsledger.store.repo import Store


# -- values --------------------------------------------------------------------------------------
def test_about_and_more_than_intervals_do_not_overlap() -> None:
    about = interval(12000, None, None, "about")
    more = interval(40000, 40000, None, "more_than")
    assert not overlaps(about, more)
    assert overlaps(more, interval(41000, None, None, "exact"))  # 41,000 satisfies "more than 40,000"


def test_exact_values_allow_rounding_only() -> None:
    assert not overlaps(interval(85000, None, None, "exact"), interval(120000, None, None, "exact"))
    assert overlaps(interval(12000, None, None, "exact"), interval(12000, None, None, "about"))
    assert overlaps(interval(51000, None, 51000, "at_most"), interval(50000, None, None, "exact"))
    assert not overlaps(interval(51000, None, 51000, "at_most"), interval(74000, None, None, "exact"))


def test_a_confirmed_count_is_a_floor() -> None:
    floor = interval(18400, 18400, 18400, "exact", floor=True)
    assert not overlaps(floor, interval(12000, None, None, "about"))
    assert overlaps(floor, interval(40000, 40000, None, "more_than"))


def test_ranges_and_same_value() -> None:
    assert overlaps(interval(None, 33000, 41000, "range"), interval(40000, 40000, None, "more_than"))
    assert same_value(12000, 12100) and not same_value(17900, 18400)


# -- counted ---------------------------------------------------------------------------------------
def test_counted_is_lemma_light_with_synonyms() -> None:
    assert singular("servicemen") == "serviceman" and singular("casualties") == "casualty"
    assert counted_key("new contract soldiers", "recruitment").key == "contract soldier"
    assert counted_key("contract servicemen", "recruitment").key == "contract soldier"
    assert counted_key("the troops", "other").key == "soldier"


def test_nationality_in_the_counted_phrase_becomes_the_place() -> None:
    assert outcome_of(["velgarian", "servicemen"], " were killed in March", "") == "killed"
    got = counted_key(
        "Velgarian servicemen", "casualties", outcome="killed", demonyms=frozenset({"velgarian"})
    )
    assert got.key == "killed" and got.peoples == ("velgarian",)


def test_casualty_outcome_and_civilians() -> None:
    assert counted_key("deaths", "casualties").key == "killed"
    assert outcome_of(["civilians"], " were wounded", "") == "wounded"
    assert counted_key("civilians", "casualties", outcome="wounded").key == "wounded civilian"
    assert (
        counted_key("deaths", "casualties", outcome="wounded").key == "killed"
    )  # the phrase's own word wins


def test_generic_heads_take_the_role_of_the_event() -> None:
    drafted = role_of("The decree calls up 9,000 men for military service.")
    assert drafted == "conscript"
    assert counted_key("men", "recruitment", role=drafted).key == "conscript"
    signed = role_of("Some 5,000 people signed contracts this year.")
    assert counted_key("people", "recruitment", role=signed).key == "contract soldier"
    assert role_of("5,000 people attended the concert.") is None
    assert counted_key("people", "other").key == "people"
    assert counted_key("contract soldiers", "recruitment", role="conscript").key == "contract soldier"


def test_meta_heads_get_no_metric() -> None:
    assert counted_key("incompatible numbers", "other").key is None


def test_floor_words_and_verbs() -> None:
    assert counted_key("named deaths", "casualties").floor
    assert floor_verb_before("the group said it had confirmed ")
    assert not floor_verb_before("the ministry confirmed that ")
    assert counted_key("deaths", "casualties", floor=True).floor


def test_rates_hypotheticals_priors_and_fragments() -> None:
    assert rate_of(" recruits a month, down from") == "month"
    assert rate_of(" soldiers were killed a day after the raid") is None
    assert is_hypothetical("If the pattern holds, the total would be between 30 and 40.")
    assert not is_hypothetical("The ministry said 300 were drafted.")
    assert is_prior("up from ", "It rose to 9, up from 7.")
    assert is_prior("", "Before it was 600 marks.")
    assert is_fragment("a bonus of 1 million ")
    assert not is_fragment("a bonus of ")


# -- periods ------------------------------------------------------------------------------------------
def test_periods_parse_and_overlap() -> None:
    since = parse_period("2024-11-01/2025-03-13")
    as_of = parse_period("2025-03-12")
    assert since == (date(2024, 11, 1), date(2025, 3, 13))
    assert as_of == (None, date(2025, 3, 12))  # a single day reads 'as of'
    assert periods_overlap(since, as_of)
    assert not periods_overlap(parse_period("2024"), parse_period("2025-04"))
    assert periods_overlap(None, parse_period("2025"))


def test_period_words_relative_to_publication() -> None:
    autumn = period_from_words("Last autumn's draft called up 9,000 men.", "2025-03-04")
    spring = period_from_words("The draft this spring calls up 8,000 men.", "2025-03-04")
    assert autumn == (date(2024, 9, 1), date(2024, 11, 30))
    assert spring == (date(2025, 3, 1), date(2025, 5, 31))
    assert not periods_overlap(autumn, spring)
    assert period_from_words("Last year the ministry signed 100.", "2025-06-01") == (
        date(2024, 1, 1),
        date(2024, 12, 31),
    )


# -- names -------------------------------------------------------------------------------------------
def test_name_keys_and_demonyms() -> None:
    assert name_key("The Harbour Standard’s") == "harbour standard"
    assert name_key("Zürich") == "zurich"
    assert outlet_key("the Harbour Standard newspaper") == "harbour standard"
    assert demonym_target("Velgarian", {"velgaria": "Velgaria"}) == "Velgaria"
    assert demonym_target("Dutch", {}) == "Netherlands"
    assert demonym_target("Tuesday", {"tuesdays": "x"}) is None


# -- a hand-built ledger -------------------------------------------------------------------------
def _article(
    aid: str,
    outlet: str,
    published: str,
    sentence: str,
    figure: str,
    counted: str,
    approx: str,
    chain: tuple[Source, ...],
    entities: tuple[Entity, ...] = (),
) -> Article:
    start = sentence.index(figure)
    digits = float("".join(ch for ch in figure if ch.isdigit()))
    low = digits if approx in ("exact", "more_than") else None
    high = digits if approx == "exact" else None
    return Article(
        id=aid,
        text=sentence,
        title=f"{outlet} report",
        outlet=outlet,
        published=published,
        entities=entities,
        figures=(
            Figure(
                figure,
                start,
                start + len(figure),
                digits,
                low,
                high,
                approx,
                None,
                counted,
                "casualties",
                None,
                "c1",
            ),
        ),
        claims=(Claim("c1", sentence, 0, len(sentence), (Source(outlet, "media_outlet"), *chain)),),
    )


@pytest.fixture
def small_store(db: str) -> Iterator[Store]:
    store = Store(db)
    first = "Officials in Tarnow said 3,100 miners were killed in the flood."
    store.save_article(
        _article(
            "a1",
            "The Pit Gazette",
            "2025-01-02",
            first,
            "3,100",
            "miners",
            "exact",
            (Source("Officials in Tarnow", "government", 0, 19),),
            (Entity("Tarnow", 13, 19, "PLACE", "Tarnow"), Entity("Ana Brisk", 0, 0, "PERSON", "Ana Brisk")),
        ),
    )
    second = "The Pit Gazette reported that 3,100 miners were killed, citing officials."
    store.save_article(
        _article(
            "a2",
            "Valley Wire",
            "2025-01-03",
            second,
            "3,100",
            "miners",
            "exact",
            (Source("The Pit Gazette", "media_outlet", 0, 15),),
            (Entity("Brisk", 0, 0, "PERSON", "Brisk"),),
        ),
    )
    third = "A union leader said about 900 miners were killed."
    store.save_article(
        _article(
            "a3",
            "Mountain Daily",
            "2025-01-04",
            third,
            "900",
            "miners",
            "about",
            (Source("A union leader", "named_person", 0, 14),),
        ),
    )
    same_source_update = "Officials in Tarnow said 3,150 miners were killed."
    store.save_article(
        _article(
            "a4",
            "The Pit Gazette",
            "2025-01-05",
            same_source_update,
            "3,150",
            "miners",
            "exact",
            (Source("Officials in Tarnow", "government", 0, 19),),
        ),
    )
    yield store
    store.close()


def test_hand_built_ledger(small_store: Store) -> None:
    report = reconcile(small_store)
    assert report.metrics == 1 and report.summary().endswith(" s")
    clusters, total = Q.list_clusters(small_store)
    assert total == 1
    cluster = clusters[0]
    assert cluster.first.outlet == "The Pit Gazette"
    assert [m.article_id for m in cluster.members][:2] == ["a1", "a2"]
    assert [m.cites for m in cluster.members][:2] == [None, "The Pit Gazette"]
    found, _ = Q.list_contradictions(small_store)
    values = {frozenset((c.a.value, c.b.value)) for c in found}
    assert frozenset((900.0, 3100.0)) in values or frozenset((900.0, 3150.0)) in values
    assert frozenset((3100.0, 3150.0)) not in values  # an update by the same source
    for c in found:
        assert c.a.sources and c.b.sources and c.reason
    people, _ = Q.list_entities(small_store, label="PERSON")
    assert [(p.canonical, p.articles) for p in people] == [("Ana Brisk", 2)]


def test_reconcile_is_stable_and_replaces_the_previous_result(small_store: Store) -> None:
    reconcile(small_store)
    first = [m.id for m in Q.list_metrics(small_store)[0]]
    reconcile(small_store)
    assert [m.id for m in Q.list_metrics(small_store)[0]] == first
    assert Q.list_metrics(small_store)[1] == 1


def test_fts_finds_title_and_body_and_follows_updates(small_store: Store) -> None:
    assert [a.id for a in Q.search_articles(small_store, q="flood")[0]] == ["a1"]
    assert {a.id for a in Q.search_articles(small_store, q="Valley Wire report")[0]} == {"a2"}
    assert Q.search_articles(small_store, q="FLOOD miners")[1] == 1  # every word, any case
    assert Q.search_articles(small_store, q="flood", outlet="valley wire")[1] == 0
    assert Q.search_articles(small_store, q="miners", date_from="2025-01-03", date_to="2025-01-04")[1] == 2


def test_user_text_never_becomes_sql(small_store: Store) -> None:
    evil = '"; DROP TABLE articles; --'
    assert Q.search_articles(small_store, q=evil) == ([], 0)
    assert Q.search_articles(small_store, q="miners' OR 1=1 --")[1] == 0
    assert Q.list_figures(small_store, counted="%")[1] == 0  # a LIKE wildcard is a literal
    assert Q.list_entities(small_store, q="' OR '1'='1")[1] == 0
    assert Q.get_claim(small_store, "a1' OR '1'='1:c1") is None
    assert len(Q.search_articles(small_store)[0]) == 4  # the table survived


def test_highlights_cover_every_item_with_tooltips(small_store: Store) -> None:
    article = small_store.get_article("a1")
    assert article is not None
    marks = article_highlights(article)
    kinds = {h.kind for h in marks}
    assert {"figure", "claim", "source"} <= kinds
    assert len({h.id for h in marks}) == len(marks)
    fig = next(h for h in marks if h.kind == "figure")
    assert article.text[fig.start : fig.end] == "3,100" and fig.data["value"] == "3,100"
    assert "Officials in Tarnow" in fig.title  # the chain is in the tooltip


@pytest.mark.parametrize(("delta", "contradicts"), [(False, True), (True, False)])
def test_a_change_is_never_set_against_a_level(db_path: str, delta: bool, contradicts: bool) -> None:
    """ "rose by 900" is the amount of a change (Figure.delta): it cannot contradict a count of 3,100."""
    from dataclasses import replace

    store = Store(db_path)
    level = "Officials in Tarnow said 3,100 miners were killed in the flood."
    store.save_article(
        _article(
            "a1",
            "The Pit Gazette",
            "2025-01-02",
            level,
            "3,100",
            "miners",
            "exact",
            (Source("Officials in Tarnow", "government", 0, 19),),
        ),
    )
    change = "A union leader said the number of miners killed rose by 900."
    art = _article(
        "a2",
        "Mountain Daily",
        "2025-01-03",
        change,
        "900",
        "miners",
        "exact",
        (Source("A union leader", "named_person", 0, 14),),
    )
    (fig,) = art.figures
    store.save_article(replace(art, figures=(replace(fig, change="up", delta=delta),)))
    reconcile(store)
    article = store.get_article("a2")
    assert article is not None
    (stored,) = article.figures
    assert (stored.change, stored.delta) == ("up", delta)
    found, _ = Q.list_contradictions(store)
    assert bool(found) is contradicts


@given(
    text=st.lists(st.sampled_from(["a", "an", "ann", "ann.", "up", "up-", "called", "zz", "1x"]), max_size=8),
    cues=st.lists(st.sampled_from(["a", "an", "ann", "called up", "up", "called", "x1"]), max_size=5),
)
def test_find_cue_is_the_earliest_whole_word_match_of_any_cue(text: list[str], cues: list[str]) -> None:
    """One compiled alternation per cue list gives what one search per cue gave."""
    import re

    from newsledger.textnorm import find_cue

    joined = " ".join(text)
    found = [re.search(rf"(?<![a-z0-9]){re.escape(c)}(?![a-z0-9])", joined) for c in cues]
    starts = [m.start() for m in found if m]
    assert find_cue(joined, cues) == (min(starts) if starts else -1)
