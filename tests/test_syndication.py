"""Syndication on hand-written bodies (no model): copies survive editing, independent reports stay apart."""

from __future__ import annotations

from newsledger.reconcile.loader import ArticleRec
from newsledger.reconcile.syndication import syndication_groups

WIRE = (
    "Dock workers at the port of Varnholt stopped work on Monday after talks on a new contract broke "
    "down late on Sunday night, leaving at least 31 container ships waiting at anchor off the coast.\n\n"
    "The union said its 2,400 members would stay out until the port operator restored a night-shift "
    'bonus it cut in the spring. "We did not choose this fight," said union secretary Lena Orsk.\n\n'
    "The operator, Varnholt Terminals, said the bonus cost it 14 million crowns a year and that it had "
    "offered a smaller payment tied to productivity. It called the strike unlawful and said it would "
    "ask a labour court to rule on Wednesday.\n\n"
    "Exporters of timber and paper, who ship most of their goods through the port, warned that a long "
    "stoppage would cost them sales abroad. The regional chamber of commerce estimated the daily loss "
    "at around 40 million crowns."
)
LOCAL_INTRO = (
    "Hauliers in Brennsby, whose trucks serve the port every day, said on Monday they had parked half "
    "of their fleet.\n\n"
)
INDEPENDENT = (
    "Queues of lorries stretched for two kilometres outside the gates of Varnholt harbour on Monday "
    "morning as pickets in orange jackets turned drivers away.\n\n"
    "Our reporter counted more than 30 ships at anchor. Lena Orsk, who leads the dockers' union, told us "
    'the walkout was about fairness: "We did not choose this fight."\n\n'
    "A spokeswoman for the terminal company declined to comment on the dispute, saying only that the "
    "company would go to court. Paper mills upstream said they were storing rolls in their own yards."
)
OTHER_STORY = (
    "Dock workers at the port of Varnholt voted on Friday to accept a two-year pay deal, ending months of "
    "uncertainty after a spring dispute over night-shift bonuses.\n\n"
    "Union secretary Lena Orsk said members backed the agreement by a large margin. Varnholt Terminals "
    "said it would hire 120 more workers before the winter season."
)


def _rec(aid: str, text: str, published: str | None, ingested: str = "2026-01-01T00:00:00") -> ArticleRec:
    return ArticleRec(aid, f"Outlet {aid}", published, None, None, text, ingested)


def test_edited_copies_join_their_origin_and_other_reports_stay_apart() -> None:
    arts = [
        _rec("wire", WIRE, "2026-03-02T06:00:00Z"),
        _rec("verbatim", WIRE, "2026-03-02T07:00:00Z"),
        _rec("intro", LOCAL_INTRO + WIRE, "2026-03-02T08:00:00Z"),
        _rec("trimmed", WIRE.rsplit("\n\n", 1)[0], "2026-03-02T09:00:00Z"),
        _rec("both", LOCAL_INTRO + WIRE.rsplit("\n\n", 1)[0], "2026-03-02T09:30:00Z"),
        _rec(
            "update",
            WIRE.replace("at least 31", "at least 44").replace("2,400", "2,600"),
            "2026-03-03T06:00:00Z",
        ),
        _rec("own", INDEPENDENT, "2026-03-02T10:00:00Z"),
        _rec("later", OTHER_STORY, "2026-06-10T10:00:00Z"),
    ]
    groups = syndication_groups(arts)
    for copy in ("verbatim", "intro", "trimmed", "both", "update"):
        assert groups[copy].copy_of == "wire", copy
        assert 0.5 <= groups[copy].similarity <= 1.0
    assert groups["verbatim"].similarity == 1.0
    for alone in ("wire", "own", "later"):
        assert groups[alone].copy_of is None, alone


def test_the_origin_is_the_earliest_dated_article_whatever_order_they_come_in() -> None:
    a = _rec("a", WIRE, "2026-03-02T09:00:00Z", ingested="2026-03-05")
    b = _rec("b", WIRE, "2026-03-02T06:00:00Z", ingested="2026-03-06")
    undated = _rec("c", WIRE, None, ingested="2026-03-01")
    for order in ([a, b, undated], [undated, b, a], [b, undated, a]):
        groups = syndication_groups(order)
        assert groups["b"].copy_of is None
        assert groups["a"].copy_of == "b" and groups["c"].copy_of == "b"


def test_ties_go_to_ingest_order_and_an_undated_group_has_an_origin() -> None:
    first = _rec("z", WIRE, None, ingested="2026-03-01T10:00:00")
    second = _rec("a", WIRE, None, ingested="2026-03-01T11:00:00")
    groups = syndication_groups([second, first])
    assert groups["z"].copy_of is None and groups["a"].copy_of == "z"


def test_short_bodies_are_never_copies() -> None:
    groups = syndication_groups(
        [_rec("x", "Port strike.", "2026-01-01"), _rec("y", "Port strike.", "2026-01-02")]
    )
    assert groups["y"].copy_of is None
