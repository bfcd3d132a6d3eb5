"""The ``newsledger`` command: thin shells that parse, call one library function, format."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from newsledger import __version__
from newsledger.errors import NewsledgerError

if TYPE_CHECKING:
    from newsledger.ingest.meta import MetaOverride

app = typer.Typer(
    name="newsledger",
    help="Turn news articles into a sourced ledger of figures, quotes and claims.",
    no_args_is_help=True,
    add_completion=False,
)
err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db", help="SQLite file or SQLAlchemy URL.", show_default="$NEWSLEDGER_DB or ./newsledger.db"
    ),
]
PathsArg = Annotated[list[str], typer.Argument(help="Files, directories (recursive) or - for stdin.")]
OutletOption = Annotated[str | None, typer.Option("--outlet", help="Outlet of every article of this call.")]
PublishedOption = Annotated[
    str | None,
    typer.Option("--published", help="Date of every article: 2025-03-12 or an ISO 8601 datetime."),
]
UrlOption = Annotated[str | None, typer.Option("--url", help="URL of every article of this call.")]
TitleOption = Annotated[str | None, typer.Option("--title", help="Title of every article of this call.")]
VerboseOption = Annotated[
    bool, typer.Option("--verbose", "-v", help="Also name files of unknown type a directory walk skipped.")
]


def _version(value: bool) -> None:
    if value:
        out.print(f"newsledger {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """newsledger: every figure, quote and claim in the news, with its sources."""


@contextmanager
def _progress(paths: list[str], enabled: bool) -> Iterator[Callable[[str], None] | None]:
    """A per-article progress bar on stderr (total and ETA), only when stderr is a terminal."""
    from newsledger.ingest.count import count_articles

    if not enabled or not err.is_terminal:
        yield None
        return
    total = count_articles(paths)
    if total is not None and total <= 1:
        yield None
        return
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=err,
        transient=True,
    ) as progress:
        task = progress.add_task("articles", total=total)
        count = 0

        def tick(label: str) -> None:
            nonlocal count
            count += 1
            if total is not None and count > total:  # the count was an estimate
                progress.update(task, total=count)
            progress.update(task, completed=count, description=Path(label).name[:40] if label else "articles")

        yield tick


def _require(db: str | None) -> str:
    """The database of a read command, which must exist: a mistyped --db is an error, not a new file."""
    from newsledger.ledger import require_database

    return require_database(db)


def _meta(outlet: str | None, published: str | None, url: str | None, title: str | None) -> MetaOverride:
    """The user's metadata for the call, checked (a bad ``--published`` is a usage error)."""
    from newsledger.errors import InputError
    from newsledger.ingest import MetaOverride

    try:
        return MetaOverride.parse(outlet=outlet, published=published, url=url, title=title)
    except InputError as exc:
        raise typer.BadParameter(f"{exc.reason}. {exc.hint}", param_hint="'--published'") from None


def _problem(level: str, line: str) -> None:
    """One line per bad file (or failed article), printed as it happens."""
    style = "bold red" if level == "error" else "dim"
    err.print(f"[{style}]{level}:[/{style}] {escape(line)}", markup=True)


def _holds(totals: dict[str, int]) -> str:
    """What the store holds after a run, for the run's summary line."""
    return (
        f"the store holds {totals['articles']} article(s), {totals['figures']} figures, "
        f"{totals['quotes']} quotes, {totals['claims']} claims"
    )


def _report_lines(report: object, verbose: bool = False, streamed: bool = True) -> None:
    if not streamed:
        for note in getattr(report, "notes", []):
            _problem("skipped", note)
        for failure in getattr(report, "failures", []):
            _problem("error", failure)
    languages: dict[str, int] = getattr(report, "languages", {})
    if languages:
        each = ", ".join(f"{lang} {n}" for lang, n in sorted(languages.items(), key=lambda kv: -kv[1]))
        err.print(f"{sum(languages.values())} article(s) not in English, stored without extraction ({each})")
    unknown = list(getattr(report, "unknown", []))
    if unknown:
        err.print(
            f"skipped {len(unknown)} file(s) of unknown type in the directories given"
            + ("" if verbose else " (names with --verbose)")
        )
        if verbose:
            for name in unknown:
                err.print(f"  {escape(name)}")
    if getattr(report, "reconciled", None):
        err.print(escape(str(report.reconciled)))  # type: ignore[attr-defined]


@app.command(
    epilog="Examples:\n\n"
    "  newsledger ingest examples/ --db newsledger.db\n\n"
    "  newsledger ingest feed.rss crawl.warc.gz --outlet 'Aldane Tribune'"
)
def ingest(
    paths: PathsArg,
    db: DbOption = None,
    outlet: OutletOption = None,
    published: PublishedOption = None,
    url: UrlOption = None,
    title: TitleOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Read articles (text, HTML, JSON Lines, RSS/Atom, WARC), clean them and store them."""
    from newsledger import runner
    from newsledger.store.repo import open_store

    meta = _meta(outlet, published, url, title)
    with _guard(), open_store(db) as store, _progress(paths, True) as tick:
        report = runner.ingest(paths, store, tick=tick, meta=meta, on_problem=_problem)
    _report_lines(report, verbose)
    err.print(
        f"ingested {report.stored} new article(s), {report.skipped} already stored, "
        f"{len(report.failures)} failed, {len(report.notes)} skipped"
    )
    raise typer.Exit(0 if report.ok else 1)


@app.command(
    epilog="Examples:\n\n"
    "  newsledger extract examples/ --db newsledger.db\n\n"
    "  newsledger extract --jsonl --no-store story.txt > story.jsonl\n\n"
    "  newsledger extract story.txt --outlet 'Aldane Tribune' --published 2025-03-12"
)
def extract(
    paths: PathsArg,
    db: DbOption = None,
    jsonl: Annotated[
        bool, typer.Option("--jsonl", help="Print one JSON object per article on stdout.")
    ] = False,
    pending: Annotated[
        bool, typer.Option("--pending", help="Also extract articles ingested earlier.")
    ] = False,
    refresh: Annotated[
        bool,
        typer.Option(
            "--refresh", help="Re-extract stored articles extracted by another version or config (see stats)."
        ),
    ] = False,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers", "-w", min=0, help="Extraction processes [default: $NEWSLEDGER_WORKERS or all cores]."
        ),
    ] = None,
    no_store: Annotated[
        bool,
        typer.Option("--no-store", help="With --jsonl: write nothing to a database (no --db, no reconcile)."),
    ] = False,
    outlet: OutletOption = None,
    published: PublishedOption = None,
    url: UrlOption = None,
    title: TitleOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Ingest and extract: figures, quotes, claims with sources, hedges, entities."""
    from newsledger import runner
    from newsledger.store.repo import open_store

    def emit(article: object) -> None:
        sys.stdout.write(json.dumps(article.to_json(), ensure_ascii=False) + "\n")  # type: ignore[attr-defined]
        sys.stdout.flush()

    meta = _meta(outlet, published, url, title)
    if no_store:
        if not jsonl or pending:
            raise typer.BadParameter(
                "--no-store needs --jsonl (and takes no --pending)", param_hint="'--no-store'"
            )
        with _guard(), _progress(paths, True) as tick:
            report = runner.extract_only(paths, emit, tick=tick, meta=meta)
        _report_lines(report)
        err.print(
            f"extracted {report.extracted} article(s), {len(report.failures)} failed, "
            f"{len(report.notes)} skipped (not stored)"
        )
        raise typer.Exit(0 if report.ok else 1)
    with _guard(), open_store(db) as store, _progress(paths, True) as tick:
        report = runner.extract(
            paths,
            store,
            on_article=emit if jsonl else None,
            tick=tick,
            include_pending=pending,
            meta=meta,
            on_problem=_problem,
            workers=workers,
            refresh=refresh,
        )
        totals = store.counts()
    _report_lines(report, verbose)
    err.print(
        f"extracted {report.extracted} article(s) ({report.stored} new), {report.skipped} already extracted, "
        f"{len(report.failures)} failed, {len(report.notes)} skipped; {_holds(totals)}"
    )
    raise typer.Exit(0 if report.ok else 1)


@app.command(
    epilog="Examples:\n\n"
    "  newsledger batch --engine spark --master 'local[2]' --out batch/ examples/\n\n"
    "  spark-submit --master yarn scripts/spark_batch.py batch --out /shared/day1/ /shared/crawl/\n\n"
    "Then store the tables in a ledger: newsledger load batch/ (docs/scale.md)."
)
def batch(
    paths: Annotated[
        list[str], typer.Argument(help="Files or directories (recursive), readable by every executor.")
    ],
    out: Annotated[
        str, typer.Option("--out", "-o", help="New directory for the Parquet tables (every executor writes).")
    ],
    engine: Annotated[str, typer.Option("--engine", help="Where the partitions run: spark.")] = "spark",
    master: Annotated[
        str | None,
        typer.Option("--master", help="Spark master URL: local[N], spark://HOST:PORT, yarn, k8s://...",
                     show_default="the master spark-submit set, else local[*]"),
    ] = None,
    split_mb: Annotated[
        float, typer.Option("--split-mb", min=1, help="Cut WARC and JSON Lines files larger than this (MB).")
    ] = 64.0,
    verbose: VerboseOption = False,
) -> None:
    """Ingest and extract on a Spark cluster into Parquet tables (load them with `newsledger load`)."""
    from newsledger.batch import run_batch

    with _guard():
        report = run_batch(paths, out, engine=engine, master=master, split_mb=split_mb, on_problem=_problem)
    _report_lines(report, verbose)
    err.print(
        f"extracted {report.extracted} article(s) in {report.parts} part(s) in {report.seconds:.1f} s, "
        f"{report.skipped} read twice, {len(report.failures)} failed, {len(report.notes)} skipped; "
        f"Parquet tables in {out}"
    )
    raise typer.Exit(0 if report.ok else 1)


@app.command(
    "load",
    epilog="Examples:\n\n  newsledger load batch/ --db newsledger.db\n\n"
    "  newsledger load batch/ --db postgresql://newsledger@db.example/ledger",
)
def load_cmd(
    directory: Annotated[str, typer.Argument(help="The --out directory of a finished `newsledger batch`.")],
    db: DbOption = None,
) -> None:
    """Store a batch's articles in a database (one transaction each) and reconcile."""
    from newsledger.batch import load_batch
    from newsledger.store.repo import open_store

    with _guard(), open_store(db) as store:
        report = load_batch(directory, store, on_problem=_problem)
        totals = store.counts()
    _report_lines(report)
    err.print(
        f"loaded {report.extracted} article(s) ({report.stored} new), "
        f"{report.skipped} already stored or read twice; "
        f"{_holds(totals)}"
    )
    raise typer.Exit(0 if report.ok else 1)


@app.command(
    epilog="Examples:\n\n  newsledger show 3f2a --db newsledger.db\n\n"
    "  newsledger show 3f2a --json > article.json"
)
def show(
    article_id: Annotated[str, typer.Argument(metavar="ID", help="Article id (a unique prefix is enough).")],
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the contract object as JSON.")] = False,
) -> None:
    """Show one stored article with its extractions."""
    from newsledger.report import render_article
    from newsledger.store.repo import open_store

    with _guard(), open_store(_require(db)) as store:
        article = store.find_article(article_id)
    if as_json:
        out.print_json(json.dumps(article.to_json(), ensure_ascii=False))
    else:
        render_article(article, out)


@app.command(
    epilog="Tables: articles, figures, quotes, claims, claim_sources, hedges, entities, comments, removed "
    "(one row per item, with the article's id, outlet, date and URL); metrics, clusters, contradictions, "
    "revisions (the cross-article ledger); contract (whole articles, JSON Lines only).\n\n"
    "Examples:\n\n"
    "  newsledger export -f csv -t figures --db newsledger.db -o figures.csv\n\n"
    "  newsledger export -f parquet -t metrics --db newsledger.db > metrics.parquet\n\n"
    "  newsledger export -f jsonl -t contract --db newsledger.db > articles.jsonl"
)
def export(
    fmt: Annotated[str, typer.Option("--format", "-f", help="jsonl, csv or parquet.")] = "jsonl",
    table: Annotated[
        str,
        typer.Option("--table", "-t", help="The table to export (see below), or contract: whole articles."),
    ] = "figures",
    full: Annotated[
        bool, typer.Option("--full", help="With -t articles -f jsonl: whole articles (same as -t contract).")
    ] = False,
    db: DbOption = None,
    output: Annotated[
        str | None, typer.Option("-o", "--output", help="Output file.", show_default="stdout")
    ] = None,
) -> None:
    """Export one ledger table as JSON Lines, CSV or Parquet, with its declared column types.

    Dates are dates, offsets integers, chains and lists are lists (JSON arrays in CSV).

    Parquet goes to stdout whenever stdout is not a terminal.
    """
    from newsledger.export import CONTRACT
    from newsledger.export import export as do_export
    from newsledger.store.repo import open_store

    with _guard(), open_store(_require(db)) as store:
        n = do_export(store, fmt, output, table=table, full=full)
    what = "article(s)" if table == CONTRACT or full else f"row(s) of {table}"
    err.print(f"exported {n} {what}")


@app.command(epilog="Example:\n\n  newsledger stats --db newsledger.db")
def stats(db: DbOption = None) -> None:
    """Counts of what the store holds."""
    from newsledger.store.repo import open_store

    with _guard(), open_store(_require(db)) as store:
        counts = store.counts()
        versions = store.extraction_versions()
    current = _current_extractor() if versions else None
    table = Table(title=f"newsledger store: {db or 'default'}", show_header=True)
    table.add_column("what")
    table.add_column("count", justify="right")
    labels = [
        ("articles", "articles"),
        ("extracted", "articles extracted"),
        ("figures", "figures"),
        ("quotes", "quotes"),
        ("claims", "claims"),
        ("hedges", "hedges"),
        ("entities", "entities"),
        ("comments", "reader comments (kept apart)"),
        ("removed", "removed debris spans"),
    ]
    for key, label in labels:
        table.add_row(label, str(counts[key]))
    out.print(table)
    if versions:
        out.print(_versions_table(versions, current))


def _current_extractor() -> tuple[str, str] | None:
    """(newsledger version, config hash) that ``extract`` would record now; None without the model."""
    from newsledger.errors import ModelError
    from newsledger.nlp import load_nlp
    from newsledger.pipeline import config_hash

    try:
        return __version__, config_hash(load_nlp())
    except ModelError:
        return None


def _versions_table(versions: list[tuple[str, str, int]], current: tuple[str, str] | None) -> Table:
    table = Table(title="articles by extractor version and config", show_header=True)
    table.add_column("version")
    table.add_column("config hash")
    table.add_column("articles", justify="right")
    table.add_column("state")
    stale = 0
    for version, digest, n in versions:
        if current is None:
            state = "?"
        elif (version, digest) == current:
            state = "current"
        else:
            state, stale = "older: extract --refresh", stale + n
        table.add_row(version, digest, str(n), state)
    if current is not None:
        table.caption = f"{stale} article(s) extracted by an older extractor version or config"
    return table


@app.command(epilog="Example:\n\n  newsledger delete 3f2a9c 77b0 --db newsledger.db")
def delete(
    ids: Annotated[list[str], typer.Argument(help="Article ids, or unique prefixes of them.")],
    db: DbOption = None,
) -> None:
    """Delete articles and everything extracted from them, then rebuild the cross-article ledger."""
    from newsledger import runner
    from newsledger.store.repo import open_store

    with _guard(), open_store(_require(db)) as store:
        report = runner.delete(ids, store)
    _report_lines(report, streamed=False)
    err.print(f"deleted {len(report.deleted)} article(s): {', '.join(report.deleted)}")
    raise typer.Exit(0 if report.ok else 1)


@app.command(
    epilog="Examples:\n\n  newsledger reconcile --db newsledger.db\n\n"
    "  newsledger reconcile --full --db newsledger.db"
)
def reconcile(
    db: DbOption = None,
    full: Annotated[
        bool,
        typer.Option("--full", help="Rebuild from scratch: hash every article body again (same result)."),
    ] = False,
) -> None:
    """Reconcile across articles: entities, metrics and timelines, claim clusters, contradictions."""
    from newsledger.reconcile import reconcile as do_reconcile
    from newsledger.store.repo import open_store

    with _guard(), open_store(_require(db)) as store:
        report = do_reconcile(store, full=full)
    err.print(report.summary())


@app.command(
    epilog="Examples:\n\n  newsledger serve --db newsledger.db\n\n"
    "  newsledger serve --db newsledger.db --datasette http://127.0.0.1:8001/newsledger"
)
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option("--host", help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    datasette: Annotated[
        str | None,
        typer.Option(
            "--datasette",
            help="URL of a Datasette serving the same file (linked from every page) "
            "[default: http://127.0.0.1:8001/<file name>].",
        ),
    ] = None,
    workers: Annotated[
        int, typer.Option("--workers", min=1, help="Server processes (each uses one core for requests).")
    ] = 1,
) -> None:
    """Serve the ledger: REST API under /api (OpenAPI at /openapi.json) and the web pages."""
    from newsledger.web.app import serve as do_serve

    with _guard():
        do_serve(_require(db), host=host, port=port, datasette=datasette, workers=workers)


@app.command(
    "eval",
    epilog="Examples:\n\n  newsledger eval eval/gold/set_c.jsonl --details\n\n"
    "  newsledger eval eval/stream/gold.json --db stream.db",
)
def eval_cmd(
    gold: Annotated[
        Path, typer.Argument(help="Gold JSON Lines file, or a stream gold.json (see docs/eval.md).")
    ],
    pred: Annotated[
        Path | None,
        typer.Argument(help="Predictions (output of extract --jsonl); default: run extraction now."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    details: Annotated[
        bool, typer.Option("--details", help="Also list every mistake, article by article.")
    ] = False,
    db: DbOption = None,
) -> None:
    """Precision, recall and F1 per field against gold annotations; with a stream gold.json, score the
    store (--db) built from that stream: syndication, cluster purity, first reporters."""
    from newsledger.eval import evaluate
    from newsledger.eval.stream import is_stream_gold
    from newsledger.eval.stream_load import score_stream

    if is_stream_gold(gold):
        from newsledger.store.repo import open_store

        with _guard(), open_store(_require(db)) as store:
            scores = score_stream(store, gold)
        if as_json:
            out.print_json(json.dumps(scores.to_json()))
        else:
            out.print(scores.to_text(details=details), markup=False)
        return
    with _guard():
        report = evaluate(gold, pred)
    if as_json:
        out.print_json(json.dumps(report.to_json()))
    else:
        out.print(report.to_text(details=details), markup=False)


train_app = typer.Typer(help="Train newsledger's learned components.", no_args_is_help=True)
app.add_typer(train_app, name="train")


@train_app.command(
    "attribution",
    epilog="Example:\n\n  newsledger train attribution --data /work/polnear --out model/ --max-minutes 45",
)
def train_attribution_cmd(
    data: Annotated[
        Path, typer.Option("--data", help="A PolNeAR-style directory: data/train/{text,attributions}.")
    ],
    out_dir: Annotated[
        Path | None,
        typer.Option("--out", help="Where to save the model.", show_default="the packaged model's directory"),
    ] = None,
    max_minutes: Annotated[float, typer.Option("--max-minutes", help="Stop training then.")] = 45.0,
    cache: Annotated[
        Path | None, typer.Option("--cache", help="Keep the parsed articles in this file for the next run.")
    ] = None,
    depth: Annotated[
        int | None,
        typer.Option(
            "--depth",
            min=1,
            help="Layers of the CNN (window 2: two words more each side per layer).",
            show_default="4, as shipped",
        ),
    ] = None,
    lstm: Annotated[
        int | None,
        typer.Option(
            "--lstm",
            min=0,
            help="Layers of a bidirectional LSTM over the article after the CNN (0: the CNN alone).",
            show_default="0, as shipped",
        ),
    ] = None,
    seed: Annotated[
        int | None,
        typer.Option(
            "--seed",
            min=0,
            help="Seed of the weights and of the order of the updates (the held-out slice stays the same).",
            show_default="1509, as shipped",
        ),
    ] = None,
) -> None:
    """Train the attribution span model (CPU, pinned seed) on a PolNeAR train compartment."""
    from dataclasses import replace

    from newsledger.extract.spanmodel import MODEL_DIR
    from newsledger.train.attribution import TrainOptions, train_attribution

    shipped = TrainOptions()
    options = replace(
        shipped,
        depth=shipped.depth if depth is None else depth,
        lstm=shipped.lstm if lstm is None else lstm,
        seed=shipped.seed if seed is None else seed,
    )
    with _guard():
        report = train_attribution(
            data,
            out_dir or MODEL_DIR,
            max_minutes=max_minutes,
            options=options,
            cache=cache,
            log=lambda m: err.print(m),
        )
    out.print(
        f"saved {report.out} ({report.train_docs} articles, {report.holdout_docs} held out, "
        f"{report.updates} updates, {report.seconds:.0f} s); held-out: {json.dumps(report.holdout)}; "
        f"source pairer: {json.dumps(report.pairing)}",
        markup=False,
    )


@contextmanager
def _guard() -> Iterator[None]:
    try:
        yield
    except NewsledgerError as exc:
        err.print(f"[bold red]error:[/bold red] {escape(str(exc))}", markup=True)
        raise typer.Exit(1) from None
    except KeyboardInterrupt:
        err.print(
            "interrupted: every article finished so far is stored; run the same command again to continue"
        )
        raise typer.Exit(130) from None


def main() -> None:
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
