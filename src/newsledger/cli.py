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
    typer.Option("--db", help="SQLite file or SQLAlchemy URL [default: $NEWSLEDGER_DB or ./newsledger.db]"),
]
PathsArg = Annotated[list[str], typer.Argument(help="Files, directories (recursive) or - for stdin.")]
OutletOption = Annotated[str | None, typer.Option("--outlet", help="Outlet of every article of this call.")]
PublishedOption = Annotated[
    str | None,
    typer.Option("--published", help="Date of every article: 2025-03-12 or an ISO 8601 datetime."),
]
UrlOption = Annotated[str | None, typer.Option("--url", help="URL of every article of this call.")]
TitleOption = Annotated[str | None, typer.Option("--title", help="Title of every article of this call.")]


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
    from newsledger.ingest import count_inputs

    total = count_inputs(paths) if enabled else 0
    if not enabled or total <= 1:
        yield None
        return
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as progress:
        task = progress.add_task("articles", total=None)
        count = 0

        def tick(label: str) -> None:
            nonlocal count
            count += 1
            progress.update(task, completed=count, description=Path(label).name[:40] if label else "articles")

        yield tick


def _meta(outlet: str | None, published: str | None, url: str | None, title: str | None) -> MetaOverride:
    """The user's metadata for the call, checked (a bad ``--published`` is a usage error)."""
    from newsledger.errors import InputError
    from newsledger.ingest import MetaOverride

    try:
        return MetaOverride.parse(outlet=outlet, published=published, url=url, title=title)
    except InputError as exc:
        raise typer.BadParameter(f"{exc.reason}. {exc.hint}", param_hint="'--published'") from None


def _report_lines(report: object) -> None:
    if getattr(report, "reconciled", None):
        err.print(escape(str(report.reconciled)))  # type: ignore[attr-defined]
    for note in getattr(report, "notes", []):
        err.print(f"[dim]skipped:[/dim] {escape(note)}", markup=True)
    for failure in getattr(report, "failures", []):
        err.print(f"[bold red]error:[/bold red] {escape(failure)}", markup=True)


@app.command()
def ingest(
    paths: PathsArg,
    db: DbOption = None,
    outlet: OutletOption = None,
    published: PublishedOption = None,
    url: UrlOption = None,
    title: TitleOption = None,
) -> None:
    """Read articles (text, HTML, JSON Lines, RSS/Atom, WARC), clean them and store them."""
    from newsledger import runner
    from newsledger.store.repo import open_store

    meta = _meta(outlet, published, url, title)
    with _guard(), open_store(db) as store, _progress(paths, True) as tick:
        report = runner.ingest(paths, store, tick=tick, meta=meta)
    _report_lines(report)
    err.print(
        f"ingested {report.stored} new article(s), {report.skipped} already stored, "
        f"{len(report.failures)} failed, {len(report.notes)} skipped"
    )
    raise typer.Exit(0 if report.ok else 1)


@app.command()
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
    outlet: OutletOption = None,
    published: PublishedOption = None,
    url: UrlOption = None,
    title: TitleOption = None,
) -> None:
    """Ingest and extract: figures, quotes, claims with sources, hedges, entities."""
    from newsledger import runner
    from newsledger.store.repo import open_store

    def emit(article: object) -> None:
        sys.stdout.write(json.dumps(article.to_json(), ensure_ascii=False) + "\n")  # type: ignore[attr-defined]
        sys.stdout.flush()

    meta = _meta(outlet, published, url, title)
    with _guard(), open_store(db) as store, _progress(paths, True) as tick:
        report = runner.extract(
            paths,
            store,
            on_article=emit if jsonl else None,
            tick=tick,
            include_pending=pending,
            meta=meta,
            workers=workers,
            refresh=refresh,
        )
        totals = store.counts()
    _report_lines(report)
    err.print(
        f"extracted {report.extracted} article(s) ({report.stored} new), {report.skipped} already extracted, "
        f"{len(report.failures)} failed, {len(report.notes)} skipped; the store holds {totals['articles']} "
        f"article(s), {totals['figures']} figures, {totals['quotes']} quotes, {totals['claims']} claims"
    )
    raise typer.Exit(0 if report.ok else 1)


@app.command()
def show(
    article_id: Annotated[str, typer.Argument(metavar="ID", help="Article id (a unique prefix is enough).")],
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the contract object as JSON.")] = False,
) -> None:
    """Show one stored article with its extractions."""
    from newsledger.report import render_article
    from newsledger.store.repo import open_store

    with _guard(), open_store(db) as store:
        article = store.find_article(article_id)
    if as_json:
        out.print_json(json.dumps(article.to_json(), ensure_ascii=False))
    else:
        render_article(article, out)


@app.command()
def export(
    fmt: Annotated[str, typer.Option("--format", "-f", help="jsonl, csv or parquet.")] = "jsonl",
    table: Annotated[
        str,
        typer.Option("--table", "-t", help="For csv/parquet: figures, quotes, claims, entities or articles."),
    ] = "figures",
    db: DbOption = None,
    output: Annotated[
        str | None, typer.Option("-o", "--output", help="Output file [default: stdout].")
    ] = None,
) -> None:
    """Export the ledger: whole articles as JSON Lines, or one table as CSV or Parquet."""
    from newsledger.export import export as do_export
    from newsledger.store.repo import open_store

    with _guard(), open_store(db) as store:
        n = do_export(store, fmt, output, table=table)
    err.print(f"exported {n} {'article' if fmt == 'jsonl' else table[:-1]} row(s)")


@app.command()
def stats(db: DbOption = None) -> None:
    """Counts of what the store holds."""
    from newsledger.store.repo import open_store

    with _guard(), open_store(db) as store:
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


@app.command()
def delete(
    ids: Annotated[list[str], typer.Argument(help="Article ids, or unique prefixes of them.")],
    db: DbOption = None,
) -> None:
    """Delete articles and everything extracted from them, then rebuild the cross-article ledger.

    Example: newsledger delete 3f2a9c 77b0 --db newsledger.db
    """
    from newsledger import runner
    from newsledger.store.repo import open_store

    with _guard(), open_store(db) as store:
        report = runner.delete(ids, store)
    _report_lines(report)
    err.print(f"deleted {len(report.deleted)} article(s): {', '.join(report.deleted)}")
    raise typer.Exit(0 if report.ok else 1)


@app.command()
def reconcile(db: DbOption = None) -> None:
    """Reconcile across articles: entities, metrics and timelines, claim clusters, contradictions."""
    from newsledger.reconcile import reconcile as do_reconcile
    from newsledger.store.repo import open_store

    with _guard(), open_store(db) as store:
        report = do_reconcile(store)
    err.print(report.summary())


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option("--host", help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
) -> None:
    """Serve the ledger: REST API under /api (OpenAPI at /openapi.json) and the web pages."""
    from newsledger.web.app import serve as do_serve

    with _guard():
        do_serve(db, host=host, port=port)


@app.command("eval")
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

        with _guard(), open_store(db) as store:
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
