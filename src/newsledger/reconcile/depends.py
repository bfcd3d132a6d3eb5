"""What a described figure depends on, as a few bytes: its key in a figure ledger part's digest.

A part's rows (parts.py) are a function of its figures as the metric stage described them
(metrics.py ``FigureInfo``). Of a figure's description,

* the stored row, its claim and chain are saved by one extract run (saving an article again gives
  it a new ``extract_run_id``: ``Store.save_article`` starts a run of its own, and the commands
  that pass theirs, extract and load, save an article once per run; the figure's row id names
  the row);
* the article's order (published, fetched, ingest order, id), its outlet and its syndication
  origin are the article's;
* everything else is worked out from the corpus: the counted key and whether it is a floor (the
  nationality words of the corpus), the place (entities: the sentence's places, the article's most
  named place, a nationality word's country; the fill rules: what the other reports of its
  (unit, counted key) family name), the category and period bucket (the fill rules again). Those
  are five values, and the key holds them as they came out, not what they came from.

So a figure's key is its row id, the digest of its article and those five values, and a part
whose figures' keys (in run order) and rules are those of a part the last run stored has exactly
its rows in the store. A new or re-extracted article changes the parts of its figures; a deleted
one the parts its figures were in; a report that fills an old figure's place or category, a vote
that turns an old place into a person, a new nationality word that reduces an old counted phrase,
change those figures' keys and only theirs. (Which figures a part holds depends on the outlet
names of the store and the citation buckets: the row ids of its figures are in its digest.) Only
a change of the rules' code (``parts.rules_digest``) makes every stored digest unknown. No figure
is marshalled field by field: a key is a row id, a short digest and five short values.
"""

from __future__ import annotations

import hashlib
import marshal
from collections.abc import Iterable, Mapping

from newsledger.reconcile.loader import Corpus
from newsledger.reconcile.metrics import FigureInfo

Derived = tuple[str | None, str, str | None, str | None, bool]  # counted, category, place, bucket, floor


def derived(info: FigureInfo) -> Derived:
    """What the metric stage worked out for a figure from the rest of the corpus."""
    return (info.counted, info.category, info.place, info.bucket, info.floor)


def article_digests(corpus: Corpus, origin_of: Mapping[str, str], wanted: Iterable[str]) -> dict[str, bytes]:
    """The digest of what a figure's description reads of its article, for each ``wanted`` article."""
    out: dict[str, bytes] = {}
    for aid in wanted:
        if aid in out:
            continue
        art = corpus.articles[aid]
        values = (art.extract_run_id, art.order, art.outlet, origin_of.get(aid, aid))
        out[aid] = hashlib.sha1(marshal.dumps(values, 2)).digest()
    return out


def figure_keys(infos: list[FigureInfo], corpus: Corpus, origin_of: Mapping[str, str]) -> list[bytes]:
    """Each figure's key (in the order of ``infos``): its row id, its article's digest and what
    the metric stage worked out for it from the rest of the corpus."""
    articles = article_digests(corpus, origin_of, (i.fig.article_id for i in infos))
    seen: dict[Derived, bytes] = {}
    keys = []
    for info in infos:
        values = derived(info)
        encoded = seen.get(values)
        if encoded is None:
            encoded = seen[values] = marshal.dumps(values, 2)
        keys.append(b"%d:" % info.fig.id + articles[info.fig.article_id] + encoded)
    return keys
