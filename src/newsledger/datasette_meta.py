"""Datasette metadata for a ledger file: titles, descriptions, units, facets, search, canned queries.

``datasette newsledger.db -m datasette/metadata.json`` uses the copy kept in the repository (for a
file named ``newsledger.db``); for another file name, write one:

    python -m newsledger.datasette_meta ledger.db > ledger-metadata.json
    datasette ledger.db -m ledger-metadata.json

The table descriptions are the exports' (:data:`newsledger.ledger.DESCRIPTIONS`), so Datasette and
the exports say the same thing. The full-text index ``articles_fts`` follows sqlite-utils'
conventions (migration 0005), so Datasette finds it by itself; the metadata names it too.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from newsledger.ledger import DESCRIPTIONS

# Export table name -> SQLite table name, where they differ.
SQL_NAMES = {"clusters": "claim_clusters", "removed": "removed_spans"}
FACETS: dict[str, list[str]] = {
    "articles": ["outlet", "dateline_source"],
    "figures": ["category", "approx", "unit", "outcome"],
    "quotes": ["kind", "speaker"],
    "claims": ["verification", "cue"],
    "claim_sources": ["type", "name"],
    "hedges": ["kind", "voice"],
    "entities": ["label", "country"],
    "metrics": ["category", "unit"],
    "claim_clusters": ["kind"],
    "removed_spans": ["kind"],
    "ledger_entities": ["label", "country"],
}
UNITS: dict[str, dict[str, str]] = {
    "entities": {"lat": "degree", "lon": "degree"},
    "ledger_entities": {"lat": "degree", "lon": "degree"},
}
_CONFIDENCE = "1.0 from the rules; from the learned attribution model, the mean probability of its tags"
COLUMNS: dict[str, dict[str, str]] = {
    "articles": {
        "published": "ISO date (or datetime) the article was published",
        "copy_of": "the earliest article of this article's syndication group, when this one is a copy",
        "copy_similarity": "estimated resemblance of this article's body to that origin's (0 to 1)",
    },
    "figures": {
        "start_char": "character offset of the figure in the article's text",
        "value": "the number as reported (for a range: its midpoint)",
        "approx": "how the number was qualified: exact, about, more_than, at_least, up_to, range, ...",
        "claim_id": "the claim that carries it (its sources are in claim_sources)",
    },
    "quotes": {"confidence": _CONFIDENCE},
    "claims": {
        "kind": "direct, partial or indirect: the attribution its chain stands for (empty: the outlet's own)",
        "confidence": _CONFIDENCE,
    },
    "claim_sources": {"position": "0 is the outlet; each next source is cited by the one before"},
    "hedges": {"voice": "reporter: the outlet's own hedge; quoted: inside quotation marks, its speaker's"},
    "metrics": {"reports": "articles reporting it", "independent_reports": "syndicated copies counted once"},
}
EXTRA_TABLES = {
    "ledger_entities": "Entities across articles: every name one entity goes by, with its mentions.",
    "metric_figures": "Which figures belong to which metric, with the interval of values each allows.",
    "cluster_members": "The reports of each claim cluster, the first reporter at position 0.",
    "extractor_runs": "Every ingest and extract run: versions, model and config hash (provenance).",
}

FIGURES_FOR_METRIC = """
select a.published, a.outlet, f.text as figure, f.value, f.approx, f.unit, f.counted, f.period,
  (select group_concat(name, ' > ') from (select cs.name from claim_sources cs
     where cs.article_id = f.article_id and cs.claim_id = f.claim_id order by cs.position)) as sources,
  a.title, f.article_id, f.claim_id, f.id as figure_id
from metric_figures mf
join figures f on f.id = mf.figure_id
join articles a on a.id = f.article_id
where mf.metric_id = :metric_id
order by a.published, a.outlet
"""
SOURCE_SAID = """
select a.published, a.outlet, cs.name as source, cs.type as source_type, c.text as claim,
  c.verification, a.title, c.article_id, c.claim_id
from claim_sources cs
join claims c on c.article_id = cs.article_id and c.claim_id = cs.claim_id
join articles a on a.id = c.article_id
where cs.position > 0 and cs.name like '%' || :source || '%'
order by a.published, a.outlet, c.start_char
"""
QUOTES_BY_SPEAKER = """
select a.published, a.outlet, q.speaker, q.kind, q.text as quote, q.cue, a.title, q.article_id
from quotes q join articles a on a.id = q.article_id
where q.speaker like '%' || :speaker || '%'
order by a.published, a.outlet, q.start_char
"""


def metadata(db_name: str = "newsledger") -> dict[str, Any]:
    """The metadata for a database Datasette names ``db_name`` (the file name without .db)."""
    tables: dict[str, Any] = {}
    for export_name, description in DESCRIPTIONS.items():
        name = SQL_NAMES.get(export_name, export_name)
        entry: dict[str, Any] = {"title": name.replace("_", " ").capitalize(), "description": description}
        if name in FACETS:
            entry["facets"] = FACETS[name]
        if name in UNITS:
            entry["units"] = UNITS[name]
        if name in COLUMNS:
            entry["columns"] = COLUMNS[name]
        tables[name] = entry
    for name, description in EXTRA_TABLES.items():
        tables[name] = {"title": name.replace("_", " ").capitalize(), "description": description}
        if name in FACETS:
            tables[name]["facets"] = FACETS[name]
        if name in UNITS:
            tables[name]["units"] = UNITS[name]
    tables["articles"].update(
        {"fts_table": "articles_fts", "fts_pk": "rowid", "label_column": "title"}
    )
    tables["articles_fts"] = {"hidden": True}
    return {
        "title": "newsledger",
        "description": "A sourced ledger of the figures, quotes and claims in the news: every row with its "
        "article, character offsets and extractor (provenance).",
        "databases": {
            db_name: {
                "tables": tables,
                "queries": {
                    "figures_for_metric": {
                        "title": "Every figure for a metric",
                        "description": "Each report of one metric (its id from the metrics table), oldest "
                        "first, with the outlet and the claim's chain of sources.",
                        "sql": FIGURES_FOR_METRIC.strip(),
                    },
                    "source_said": {
                        "title": "What did this source say",
                        "description": "Every claim attributed to a source whose name contains the text "
                        "you give, across articles, oldest first.",
                        "sql": SOURCE_SAID.strip(),
                    },
                    "quotes_by_speaker": {
                        "title": "Quotes by speaker",
                        "description": "Every quote whose speaker's name contains the text you give.",
                        "sql": QUOTES_BY_SPEAKER.strip(),
                    },
                },
            }
        },
    }


def main(argv: list[str] | None = None) -> int:
    """``python -m newsledger.datasette_meta [DB]``: print the metadata for DB (default newsledger.db)."""
    args = sys.argv[1:] if argv is None else argv
    db = Path(args[0]) if args else Path("newsledger.db")
    sys.stdout.write(json.dumps(metadata(db.stem), indent=2, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
