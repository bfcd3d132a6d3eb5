"""The store: save and read articles with their extractions.

One transaction per article: an article and all its rows are written together
or not at all, so an interrupted run never leaves half an article behind, and a
re-run skips what is already there.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, delete, event, func, insert, select, update
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from newsledger.contract import Article, ExtractorInfo
from newsledger.errors import StoreError
from newsledger.ingest.base import RawArticle
from newsledger.store import concurrency, mapping
from newsledger.store import tables as t
from newsledger.store.migrate import ledger_reset, upgrade


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def database_url(db: str) -> str:
    """A SQLAlchemy URL for ``db``: a URL is kept, a path becomes a SQLite file URL.

    ``postgres://`` (as many hosts print it) is read as ``postgresql://``.
    """
    if db.startswith("postgres://"):
        return "postgresql://" + db.removeprefix("postgres://")
    if "://" in db:
        return db
    return f"sqlite:///{Path(db).expanduser().resolve()}"


def display_url(url: str) -> str:
    """``url`` for messages: a password never appears."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout={concurrency.SQLITE_BUSY_TIMEOUT_MS}")  # first: WAL may wait
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


class Store:
    """A newsledger database (SQLite file by default, any SQLAlchemy URL otherwise)."""

    def __init__(self, db: str) -> None:
        self.url = database_url(db)
        self.display_url = display_url(self.url)
        try:
            if self.url.startswith("sqlite:///"):
                Path(self.url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
            self.engine: Engine = create_engine(self.url)
            if self.engine.dialect.name == "sqlite":
                event.listen(self.engine, "connect", _sqlite_pragmas)
            # True when a migration emptied the cross-article ledger: callers that can
            # (runner, web app) rebuild it with ``reconcile``.
            self.needs_reconcile = ledger_reset(upgrade(self.engine))
        except ImportError as exc:  # the URL's driver is not installed
            raise StoreError(
                f"cannot open the database {self.display_url!r}: no driver ({exc})",
                hint="For PostgreSQL install the extra: pip install 'newsledger[postgres]'.",
            ) from exc
        except (SQLAlchemyError, OSError) as exc:
            shown = display_url(db) if "://" in db else db
            raise StoreError(f"cannot open the database {shown!r}: {exc}") from exc

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql`` (or another SQLAlchemy dialect's name)."""
        return concurrency.dialect(self.engine)

    # -- concurrency (store/concurrency.py) -----------------------------------------
    def reconcile_lock(self) -> Any:
        """Held for a whole reconcile: one reconcile at a time per database, across processes."""
        return concurrency.reconcile_lock(self.engine, concurrency.sqlite_file(self.url))

    def snapshot(self) -> Any:
        """A read-only connection that sees one committed state throughout."""
        return concurrency.snapshot(self.engine)

    def ledger_write(self) -> Any:
        """The transaction that replaces the reconcile result: no article write runs beside it."""
        return concurrency.write_transaction(self.engine, exclusive=True)

    # -- runs -----------------------------------------------------------------
    def start_run(
        self,
        command: str,
        components: Mapping[str, str],
        model: str | None,
        config_hash: str,
        *,
        version: str | None = None,
    ) -> int:
        """Record a run; ``version``: of the newsledger that extracted (default: this one)."""
        from newsledger import __version__

        with self._begin() as conn:
            result = conn.execute(
                insert(t.runs).values(
                    started_at=now_iso(),
                    command=command,
                    name="newsledger",
                    version=version or __version__,
                    model=model,
                    config_hash=config_hash,
                    components=json.dumps(dict(components), sort_keys=True),
                    articles=0,
                    failures=0,
                )
            )
            key = result.inserted_primary_key
            assert key is not None
            return int(key[0])

    def finish_run(self, run_id: int, articles: int, failures: int) -> None:
        with self._begin() as conn:
            conn.execute(
                update(t.runs)
                .where(t.runs.c.id == run_id)
                .values(finished_at=now_iso(), articles=articles, failures=failures)
            )

    # -- writing --------------------------------------------------------------
    def state(self, article_id: str) -> str | None:
        """``None`` (unknown), ``"ingested"`` or ``"extracted"``."""
        with self._connect() as conn:
            row = conn.execute(
                select(t.articles.c.extract_run_id).where(t.articles.c.id == article_id)
            ).first()
        if row is None:
            return None
        return "ingested" if row[0] is None else "extracted"

    def save_raw(self, raw: RawArticle, run_id: int | None = None) -> bool:
        """Store an ingested article (text, metadata, removed spans, comments). False if already there."""
        with self._begin() as conn:
            return self._insert_article(conn, raw.to_article(), run_id)

    def save_article(self, article: Article, run_id: int | None = None) -> None:
        """Store an article and its extractions in one transaction, replacing older extractions.

        Without ``run_id`` the save is recorded as a run of its own (command ``save``).
        """
        if run_id is None:
            run_id = self.start_run("save", {}, None, "-")
        with self._begin() as conn:
            if not self._insert_article(conn, article, run_id):
                # Stored before: lock its row, so that two processes saving the same article at
                # once replace its extractions one after the other (PostgreSQL; SQLite's write
                # transaction already excludes every other writer), and drop its old extractions
                # (a new article has none: their rows need its row, by foreign key).
                conn.execute(select(t.articles.c.id).where(t.articles.c.id == article.id).with_for_update())
                for table in t.EXTRACTION_TABLES:
                    conn.execute(delete(table).where(table.c.article_id == article.id))
            _insert_rows(conn, mapping.child_rows(article, mapping.EXTRACTION_CHILDREN))
            conn.execute(
                update(t.articles).where(t.articles.c.id == article.id).values(extract_run_id=run_id)
            )

    # -- reading --------------------------------------------------------------
    def get_article(self, article_id: str) -> Article | None:
        with self._connect() as conn:
            row = conn.execute(select(t.articles).where(t.articles.c.id == article_id)).mappings().first()
            if row is None:
                return None
            return _load_article(conn, row)

    def find_article(self, prefix: str) -> Article:
        """The article whose id is ``prefix`` or starts with it; StoreError if none or several."""
        with self._connect() as conn:
            article_id = _resolve_id(conn, prefix)
        article = self.get_article(article_id)
        assert article is not None
        return article

    def delete_articles(self, prefixes: Iterable[str]) -> list[str]:
        """Delete the articles with these ids (or unique id prefixes) and everything extracted from them.

        One transaction: either every named article goes, or (an unknown or ambiguous id) none
        does. Returns the full ids deleted. The cross-article ledger is not rebuilt here: call
        ``reconcile`` (``runner.delete`` does both).
        """
        with self._begin() as conn:
            ids = list(dict.fromkeys(_resolve_id(conn, p) for p in prefixes))
            # The next reconcile redoes the syndication groups these articles leave (migration 0009).
            a, dirty = t.articles, t.reconcile_dirty
            conn.execute(delete(dirty).where(dirty.c.article_id.in_(ids)))
            conn.execute(
                insert(dirty).from_select(
                    ["article_id", "origin"],
                    select(a.c.id, func.coalesce(a.c.copy_of, a.c.id)).where(a.c.id.in_(ids)),
                )
            )
            # Every extraction row and ledger link references its article (or claim, or figure)
            # with ON DELETE CASCADE, so deleting the articles deletes all that came from them.
            conn.execute(delete(t.articles).where(t.articles.c.id.in_(ids)))
        return ids

    def iter_articles(self, ids: Iterable[str] | None = None) -> Iterator[Article]:
        """Every stored article in ingest order (or the given ids, in that order)."""
        with self._connect() as conn:
            if ids is None:
                id_list = [
                    r[0]
                    for r in conn.execute(
                        select(t.articles.c.id).order_by(t.articles.c.ingested_at, t.articles.c.id)
                    )
                ]
            else:
                id_list = list(ids)
            for article_id in id_list:
                row = conn.execute(select(t.articles).where(t.articles.c.id == article_id)).mappings().first()
                if row is not None:
                    yield _load_article(conn, row)

    def pending_raw(self) -> Iterator[RawArticle]:
        """Articles ingested but not yet extracted, as RawArticle."""
        with self._connect() as conn:
            rows = (
                conn.execute(select(t.articles).where(t.articles.c.extract_run_id.is_(None))).mappings().all()
            )
            for row in rows:
                yield RawArticle.from_article(_load_article(conn, row))

    def extraction_versions(self) -> list[tuple[str, str, int]]:
        """(newsledger version, config hash, articles) of every run whose extractions are stored."""
        query = (
            select(t.runs.c.version, t.runs.c.config_hash, func.count())
            .select_from(t.articles.join(t.runs, t.articles.c.extract_run_id == t.runs.c.id))
            .group_by(t.runs.c.version, t.runs.c.config_hash)
            .order_by(t.runs.c.version, t.runs.c.config_hash)
        )
        with self._connect() as conn:
            return [(str(v), str(h), int(n)) for v, h, n in conn.execute(query)]

    def extracted_by(self) -> dict[str, tuple[str, str]]:
        """Article id -> (newsledger version, config hash) of the run that extracted it."""
        query = select(t.articles.c.id, t.runs.c.version, t.runs.c.config_hash).select_from(
            t.articles.join(t.runs, t.articles.c.extract_run_id == t.runs.c.id)
        )
        with self._connect() as conn:
            return {str(i): (str(v), str(h)) for i, v, h in conn.execute(query)}

    def stale_raw(self, version: str, config_hash: str) -> Iterator[RawArticle]:
        """Articles extracted by another newsledger version or config hash than the ones given
        (a model or rule change since), as RawArticle, in ingest order: what ``--refresh`` redoes."""
        query = (
            select(t.articles)
            .select_from(t.articles.join(t.runs, t.articles.c.extract_run_id == t.runs.c.id))
            .where((t.runs.c.version != version) | (t.runs.c.config_hash != config_hash))
            .order_by(t.articles.c.ingested_at, t.articles.c.id)
        )
        with self._connect() as conn:
            for row in conn.execute(query).mappings().all():
                yield RawArticle.from_article(_load_article(conn, row))

    def counts(self) -> dict[str, int]:
        """Row counts per kind, for ``newsledger stats`` and the demo summary."""
        out: dict[str, int] = {}
        with self._connect() as conn:
            for name, table in (
                ("articles", t.articles),
                ("figures", t.figures),
                ("quotes", t.quotes),
                ("claims", t.claims),
                ("hedges", t.hedges),
                ("entities", t.entities),
                ("comments", t.comments),
                ("removed", t.removed_spans),
            ):
                out[name] = int(conn.execute(select(func.count()).select_from(table)).scalar_one())
            out["extracted"] = int(
                conn.execute(
                    select(func.count())
                    .select_from(t.articles)
                    .where(t.articles.c.extract_run_id.is_not(None))
                ).scalar_one()
            )
        return out

    # -- internals ------------------------------------------------------------
    def _connect(self) -> Any:
        try:
            return self.engine.connect()
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot read the database {self.display_url}: {exc}") from exc

    def _begin(self) -> Any:
        try:
            return concurrency.write_transaction(self.engine)
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot write the database {self.display_url}: {exc}") from exc

    @staticmethod
    def _exists(conn: Connection, article_id: str) -> bool:
        return conn.execute(select(t.articles.c.id).where(t.articles.c.id == article_id)).first() is not None

    @staticmethod
    def _insert_article(conn: Connection, article: Article, run_id: int | None) -> bool:
        """The ``articles`` row and what ingest found with it (removed spans, comments).

        False (and nothing written) when the article is already stored. On PostgreSQL the insert
        is ``ON CONFLICT DO NOTHING``: of two processes storing the same new article at once, the
        second waits for the first to commit and then writes nothing.
        """
        row = {"ingested_at": now_iso(), "ingest_run_id": run_id, **mapping.article_row(article)}
        if conn.dialect.name == "postgresql":
            stmt = (
                postgresql.insert(t.articles)
                .values(**row)
                .on_conflict_do_nothing(index_elements=["id"])
                .returning(t.articles.c.id)
            )
            if conn.execute(stmt).first() is None:
                return False
        else:
            if Store._exists(conn, article.id):
                return False
            conn.execute(insert(t.articles).values(**row))
        _insert_rows(conn, mapping.child_rows(article, mapping.INGEST_CHILDREN))
        return True


def _resolve_id(conn: Connection, prefix: str) -> str:
    """The one article id equal to or starting with ``prefix``; StoreError if none or several."""
    prefix = prefix.strip()
    ids: list[str] = []
    if prefix:
        query = select(t.articles.c.id).where(t.articles.c.id.startswith(prefix, autoescape=True)).limit(3)
        ids = [r[0] for r in conn.execute(query)]
    if prefix in ids:
        return prefix
    if not ids:
        raise StoreError(
            f"no article with id {prefix!r}", hint="List ids with `newsledger export -f csv -t articles`."
        )
    if len(ids) > 1:
        raise StoreError(
            f"id prefix {prefix!r} matches several articles", hint="Give more characters of the id."
        )
    return ids[0]


def open_store(db: str | None = None) -> Store:
    """Open (creating and migrating as needed) the database ``db`` or the configured default."""
    from newsledger.config import settings

    return Store(db or settings().db)


def _insert_rows(conn: Connection, rows: Mapping[Any, list[dict[str, Any]]]) -> None:
    """Insert rows table by table, in the given order (parents before children)."""
    for table, table_rows in rows.items():
        if table_rows:
            conn.execute(insert(table), table_rows)


def _load_article(conn: Connection, row: Mapping[str, Any]) -> Article:
    run = None
    if row["extract_run_id"]:
        run = conn.execute(select(t.runs.c.version).where(t.runs.c.id == row["extract_run_id"])).first()
    return mapping.load_article(conn, row, ExtractorInfo("newsledger", run[0] if run else ""))
