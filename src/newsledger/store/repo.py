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
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError

from newsledger.contract import (
    Article,
    Claim,
    Comment,
    Entity,
    ExtractorInfo,
    Figure,
    Hedge,
    Quote,
    Removed,
    Source,
)
from newsledger.errors import StoreError
from newsledger.ingest.base import RawArticle
from newsledger.store import tables as t
from newsledger.store.migrate import upgrade


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def database_url(db: str) -> str:
    """A SQLAlchemy URL for ``db``: a URL is kept, a path becomes a SQLite file URL."""
    if "://" in db:
        return db
    return f"sqlite:///{Path(db).expanduser().resolve()}"


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


class Store:
    """A newsledger database (SQLite file by default, any SQLAlchemy URL otherwise)."""

    def __init__(self, db: str) -> None:
        self.url = database_url(db)
        try:
            if self.url.startswith("sqlite:///"):
                Path(self.url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
            self.engine: Engine = create_engine(self.url)
            if self.engine.dialect.name == "sqlite":
                event.listen(self.engine, "connect", _sqlite_pragmas)
            upgrade(self.engine)
        except (SQLAlchemyError, OSError) as exc:
            raise StoreError(f"cannot open the database {db!r}: {exc}") from exc

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- runs -----------------------------------------------------------------
    def start_run(
        self, command: str, components: Mapping[str, str], model: str | None, config_hash: str
    ) -> int:
        from newsledger import __version__

        with self._begin() as conn:
            result = conn.execute(
                insert(t.runs).values(
                    started_at=now_iso(),
                    command=command,
                    name="newsledger",
                    version=__version__,
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
            if self._exists(conn, raw.id):
                return False
            self._insert_article(conn, raw.id, _article_columns(raw), raw.removed, raw.comments, run_id)
        return True

    def save_article(self, article: Article, run_id: int | None = None) -> None:
        """Store an article and its extractions in one transaction, replacing older extractions.

        Without ``run_id`` the save is recorded as a run of its own (command ``save``).
        """
        if run_id is None:
            run_id = self.start_run("save", {}, None, "-")
        with self._begin() as conn:
            if not self._exists(conn, article.id):
                self._insert_article(
                    conn, article.id, _article_columns(article), article.removed, article.comments, run_id
                )
            for table in t.EXTRACTION_TABLES:
                conn.execute(delete(table).where(table.c.article_id == article.id))
            _insert_extractions(conn, article)
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
                art = _load_article(conn, row)
                yield RawArticle(
                    text=art.text,
                    path=art.path,
                    url=art.url,
                    title=art.title,
                    outlet=art.outlet,
                    published=art.published,
                    authors=art.authors,
                    removed=art.removed,
                    comments=art.comments,
                    truncated=art.truncated,
                    fetched=row["fetched"],
                )

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
            raise StoreError(f"cannot read the database {self.url}: {exc}") from exc

    def _begin(self) -> Any:
        try:
            return self.engine.begin()
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot write the database {self.url}: {exc}") from exc

    @staticmethod
    def _exists(conn: Connection, article_id: str) -> bool:
        return conn.execute(select(t.articles.c.id).where(t.articles.c.id == article_id)).first() is not None

    @staticmethod
    def _insert_article(
        conn: Connection,
        article_id: str,
        row: dict[str, Any],
        removed: Iterable[Removed],
        comments: Iterable[Comment],
        run_id: int | None,
    ) -> None:
        conn.execute(
            insert(t.articles).values(id=article_id, ingested_at=now_iso(), ingest_run_id=run_id, **row)
        )
        removed_rows = [
            {"article_id": article_id, "seq": i, "kind": r.kind, "text": r.text}
            for i, r in enumerate(removed)
        ]
        if removed_rows:
            conn.execute(insert(t.removed_spans), removed_rows)
        comment_rows = [
            {"article_id": article_id, "seq": i, "author": c.author, "text": c.text}
            for i, c in enumerate(comments)
        ]
        if comment_rows:
            conn.execute(insert(t.comments), comment_rows)


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


def _article_columns(a: RawArticle | Article) -> dict[str, Any]:
    """The ``articles`` row of an ingested (RawArticle) or extracted (Article) article."""
    return {
        "url": a.url,
        "path": a.path,
        "title": a.title,
        "outlet": a.outlet,
        "published": a.published,
        "fetched": a.fetched,
        "authors": json.dumps(list(a.authors)),
        "text": a.text,
        "truncated": a.truncated,
    }


def _insert_extractions(conn: Connection, a: Article) -> None:
    aid = a.id
    ent_rows = [
        {
            "article_id": aid,
            "seq": i,
            "text": e.text,
            "start_char": e.start,
            "end_char": e.end,
            "label": e.label,
            "canonical": e.canonical,
            "lat": e.lat,
            "lon": e.lon,
            "country": e.country,
            "extractor": e.extractor,
        }
        for i, e in enumerate(a.entities)
    ]
    claim_rows, source_rows, hedge_rows = [], [], []
    for i, c in enumerate(a.claims):
        claim_rows.append(
            {
                "article_id": aid,
                "claim_id": c.id,
                "seq": i,
                "text": c.text,
                "start_char": c.start,
                "end_char": c.end,
                "cue": c.cue,
                "verification": c.verification,
                "extractor": c.extractor,
            }
        )
        for pos, s in enumerate(c.sources):
            source_rows.append(
                {
                    "article_id": aid,
                    "claim_id": c.id,
                    "position": pos,
                    "name": s.name,
                    "type": s.type,
                    "start_char": s.start,
                    "end_char": s.end,
                }
            )
        for h in c.hedges:
            hedge_rows.append(
                {
                    "article_id": aid,
                    "claim_id": c.id,
                    "text": h.text,
                    "start_char": h.start,
                    "end_char": h.end,
                    "kind": h.kind,
                    "extractor": h.extractor,
                }
            )
    fig_rows = [
        {
            "article_id": aid,
            "seq": i,
            "text": f.text,
            "start_char": f.start,
            "end_char": f.end,
            "value": f.value,
            "low": f.low,
            "high": f.high,
            "approx": f.approx,
            "unit": f.unit,
            "counted": f.counted,
            "category": f.category,
            "period": f.period,
            "claim_id": f.claim,
            "extractor": f.extractor,
        }
        for i, f in enumerate(a.figures)
    ]
    quote_rows = [
        {
            "article_id": aid,
            "seq": i,
            "text": q.text,
            "start_char": q.start,
            "end_char": q.end,
            "kind": q.kind,
            "speaker": q.speaker,
            "speaker_start": q.speaker_start,
            "speaker_end": q.speaker_end,
            "cue": q.cue,
            "addressee": q.addressee,
            "medium": q.medium,
            "claim_id": q.claim,
            "extractor": q.extractor,
        }
        for i, q in enumerate(a.quotes)
    ]
    for table, rows in (
        (t.entities, ent_rows),
        (t.claims, claim_rows),
        (t.claim_sources, source_rows),
        (t.hedges, hedge_rows),
        (t.figures, fig_rows),
        (t.quotes, quote_rows),
    ):
        if rows:
            conn.execute(insert(table), rows)


def _load_article(conn: Connection, row: Mapping[str, Any]) -> Article:
    aid = row["id"]

    def rows(table: Any, order: Any) -> list[Any]:
        return list(conn.execute(select(table).where(table.c.article_id == aid).order_by(order)).mappings())

    sources: dict[str, list[Source]] = {}
    for s in rows(t.claim_sources, t.claim_sources.c.position):
        sources.setdefault(s["claim_id"], []).append(
            Source(name=s["name"], type=s["type"], start=s["start_char"], end=s["end_char"])
        )
    hedges: dict[str, list[Hedge]] = {}
    for h in rows(t.hedges, t.hedges.c.start_char):
        hedges.setdefault(h["claim_id"], []).append(
            Hedge(
                text=h["text"],
                start=h["start_char"],
                end=h["end_char"],
                kind=h["kind"],
                extractor=h["extractor"],
            )
        )
    claims = tuple(
        Claim(
            id=c["claim_id"],
            text=c["text"],
            start=c["start_char"],
            end=c["end_char"],
            sources=tuple(sources.get(c["claim_id"], ())),
            cue=c["cue"],
            hedges=tuple(hedges.get(c["claim_id"], ())),
            verification=c["verification"],
            extractor=c["extractor"],
        )
        for c in rows(t.claims, t.claims.c.seq)
    )
    run = None
    if row["extract_run_id"]:
        run = conn.execute(select(t.runs.c.version).where(t.runs.c.id == row["extract_run_id"])).first()
    return Article(
        id=aid,
        text=row["text"],
        path=row["path"],
        url=row["url"],
        title=row["title"],
        outlet=row["outlet"],
        published=row["published"],
        fetched=row["fetched"],
        authors=tuple(json.loads(row["authors"] or "[]")),
        truncated=bool(row["truncated"]),
        removed=tuple(
            Removed(text=r["text"], kind=r["kind"]) for r in rows(t.removed_spans, t.removed_spans.c.seq)
        ),
        comments=tuple(
            Comment(text=r["text"], author=r["author"]) for r in rows(t.comments, t.comments.c.seq)
        ),
        entities=tuple(
            Entity(
                text=e["text"],
                start=e["start_char"],
                end=e["end_char"],
                label=e["label"],
                canonical=e["canonical"],
                lat=e["lat"],
                lon=e["lon"],
                country=e["country"],
                extractor=e["extractor"],
            )
            for e in rows(t.entities, t.entities.c.seq)
        ),
        figures=tuple(
            Figure(
                text=f["text"],
                start=f["start_char"],
                end=f["end_char"],
                value=f["value"],
                low=f["low"],
                high=f["high"],
                approx=f["approx"],
                unit=f["unit"],
                counted=f["counted"],
                category=f["category"],
                period=f["period"],
                claim=f["claim_id"],
                extractor=f["extractor"],
            )
            for f in rows(t.figures, t.figures.c.seq)
        ),
        quotes=tuple(
            Quote(
                text=q["text"],
                start=q["start_char"],
                end=q["end_char"],
                kind=q["kind"],
                speaker=q["speaker"],
                speaker_start=q["speaker_start"],
                speaker_end=q["speaker_end"],
                cue=q["cue"],
                addressee=q["addressee"],
                medium=q["medium"],
                claim=q["claim_id"],
                extractor=q["extractor"],
            )
            for q in rows(t.quotes, t.quotes.c.seq)
        ),
        claims=claims,
        extractor=ExtractorInfo("newsledger", run[0] if run else ""),
    )
