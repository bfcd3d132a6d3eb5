from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from tests.pgserver import PgServer, PgUnavailable

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
SAMPLES = SHARED / "samples"


@pytest.fixture
def db_path(tmp_path: Path) -> str:
    return str(tmp_path / "ledger.db")


def seed_paths() -> list[Path]:
    return sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []


needs_seeds = pytest.mark.skipif(not seed_paths(), reason="../shared/seeds is not beside this checkout")


@pytest.fixture(autouse=True)
def _model_only_under_the_model_marker(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A test not marked ``model`` cannot load the spaCy pipeline: rule tests run without the model,
    so a model change and a rule bug never look the same (``pytest -m "not model"`` needs no model)."""
    if request.node.get_closest_marker("model") is not None:
        return

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError(f"{request.node.nodeid} loads the spaCy model: mark it @pytest.mark.model")

    import newsledger.nlp

    monkeypatch.setattr(newsledger.nlp, "_load", refuse)
    monkeypatch.setattr(newsledger.nlp, "base_model", refuse)


@contextmanager
def conflict_profile() -> Iterator[None]:
    """Extract war reporting (the bundled examples) with the conflict profile; the default is general news."""
    from newsledger.config import settings

    old = os.environ.get("NEWSLEDGER_PROFILE")
    os.environ["NEWSLEDGER_PROFILE"] = "conflict"
    settings.cache_clear()
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("NEWSLEDGER_PROFILE", None)
        else:
            os.environ["NEWSLEDGER_PROFILE"] = old
        settings.cache_clear()

# -- the database backends: SQLite and a PostgreSQL server the tests start (docs/testing.md) ---------

POSTGRES_REQUIRED = os.environ.get("NEWSLEDGER_REQUIRE_POSTGRES") == "1"
BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
]


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """One PostgreSQL server for the whole run (initdb + pg_ctl in a temp dir, Unix socket only).

    Without PostgreSQL here the tests that need it skip, naming the reason, unless
    NEWSLEDGER_REQUIRE_POSTGRES=1 (CI), where they fail.
    """
    try:
        server = PgServer.start()
    except PgUnavailable as exc:
        if POSTGRES_REQUIRED:
            pytest.fail(f"NEWSLEDGER_REQUIRE_POSTGRES=1 but {exc}", pytrace=False)
        pytest.skip(f"PostgreSQL unavailable: {exc}")
    yield server
    server.stop()


class Databases:
    """Fresh databases of one backend: SQLite files under a temp dir, or PostgreSQL databases copied
    from the migrated template. ``drop_all()`` removes what it made."""

    def __init__(self, backend: str, tmp: Path, server: PgServer | None) -> None:
        self.backend = backend
        self.tmp = tmp
        self.server = server
        self.made: list[str] = []

    def new(self, *, migrated: bool = True) -> str:
        """A new database: a file path (SQLite) or a URL (PostgreSQL), for ``Store(...)`` or ``--db``."""
        if self.server is None:
            path = self.tmp / f"ledger-{len(self.made) + 1}.db"
            self.made.append(str(path))
            return str(path)
        url = self.server.create_database(migrated=migrated)
        self.made.append(url)
        return url

    def drop(self, db: str) -> None:
        if self.server is not None:
            self.server.drop_database(db)

    def drop_all(self) -> None:
        for db in self.made:
            self.drop(db)
        self.made.clear()


def databases_for(request: pytest.FixtureRequest, backend: str, tmp: Path) -> Databases:
    """A ``Databases`` for ``backend`` (usable from fixtures of any scope)."""
    server = request.getfixturevalue("pg_server") if backend == "postgresql" else None
    return Databases(backend, tmp, server)


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """``sqlite`` or ``postgresql``: a test taking it runs once on each."""
    return str(request.param)


@pytest.fixture
def databases(request: pytest.FixtureRequest, backend: str, tmp_path: Path) -> Iterator[Databases]:
    dbs = databases_for(request, backend, tmp_path)
    yield dbs
    dbs.drop_all()


@pytest.fixture
def db(databases: Databases) -> str:
    """A new, migrated database on each backend (a SQLite path, a PostgreSQL URL)."""
    return databases.new()


# -- Spark (newsledger batch): one local SparkContext for the whole run (docs/scale.md) -------------

SPARK_REQUIRED = os.environ.get("NEWSLEDGER_REQUIRE_SPARK") == "1"
SPARK_MASTER = "local[2]"


@pytest.fixture(scope="session")
def spark() -> Iterator[object]:
    """A local[2] SparkContext shared by every Spark test (the JVM starts once). Without PySpark or
    Java here the tests that need it skip, naming the reason, unless NEWSLEDGER_REQUIRE_SPARK=1
    (CI, which installs both), where they fail."""
    from newsledger.batch.spark import spark_context
    from newsledger.errors import BatchError

    try:
        sc = spark_context(SPARK_MASTER)
    except BatchError as exc:
        if SPARK_REQUIRED:
            pytest.fail(f"NEWSLEDGER_REQUIRE_SPARK=1 but {exc}", pytrace=False)
        pytest.skip(f"Spark unavailable: {exc}")
    yield sc
    sc.stop()
