"""A throwaway PostgreSQL server for the tests (docs/testing.md).

``PgServer.start()`` runs Debian's ``initdb`` and ``pg_ctl`` (``/usr/lib/postgresql/15/bin``, or
``NEWSLEDGER_PG_BIN``) on a fresh directory under the system temp dir. The server listens on a
Unix socket in that directory only (``listen_addresses=''``: no TCP port at all, so parallel
test runs never collide and nothing outside this machine can connect), trusts the local user, and
trades durability for speed (``fsync=off``). ``stop()`` stops it and deletes the directory.

Databases: ``migrated_template()`` migrates one database to the newest schema once; every
``create_database()`` then copies it (``CREATE DATABASE ... TEMPLATE``), which takes a fraction of
a second, and ``drop_database()`` removes it.

As root (CI) the server runs as the ``postgres`` user that Debian's package creates, since
PostgreSQL refuses to run as root.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

PG_BIN_DIRS = ("/usr/lib/postgresql/15/bin",)
SUPERUSER = "newsledger"
TEMPLATE = "nl_template"


class PgUnavailable(RuntimeError):
    """No PostgreSQL server can be started here (the reason is the message)."""


def find_bin_dir() -> Path:
    """The directory holding ``initdb`` and ``pg_ctl``."""
    candidates = [os.environ.get("NEWSLEDGER_PG_BIN", ""), *PG_BIN_DIRS]
    which = shutil.which("initdb")
    if which:
        candidates.append(str(Path(which).parent))
    for c in candidates:
        if c and (Path(c) / "initdb").is_file() and (Path(c) / "pg_ctl").is_file():
            return Path(c)
    raise PgUnavailable(
        "PostgreSQL's initdb/pg_ctl not found (install Debian's postgresql-15, or set NEWSLEDGER_PG_BIN)"
    )


def _run_as() -> str | None:
    """The user the server runs as: ourselves, or ``postgres`` when we are root."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam("postgres")
    except KeyError as exc:
        raise PgUnavailable("running as root and there is no 'postgres' user to run the server") from exc
    return "postgres"


class PgServer:
    def __init__(self, bin_dir: Path, root: Path, user: str | None) -> None:
        self.bin_dir = bin_dir
        self.root = root
        self.data = root / "data"
        self.socket_dir = root
        self.user = user
        self.port = 5432  # only names the socket file, in a directory of our own
        self._names = itertools.count(1)
        self._template_ready = False

    # -- lifecycle -------------------------------------------------------------------------------
    @classmethod
    def start(cls) -> PgServer:
        try:
            import psycopg  # noqa: F401
        except ImportError as exc:
            raise PgUnavailable(
                "the psycopg driver is not installed (pip install 'newsledger[postgres]')"
            ) from exc
        bin_dir = find_bin_dir()
        user = _run_as()
        root = Path(tempfile.mkdtemp(prefix="nl-pg-"))
        if user is not None:
            info = pwd.getpwnam(user)
            os.chown(root, info.pw_uid, info.pw_gid)
        server = cls(bin_dir, root, user)
        try:
            server._initdb()
            server._pg_ctl(
                "start",
                "-w",
                "-t",
                "60",
                "-l",
                str(root / "server.log"),
                "-o",
                f"-c listen_addresses='' -k {root} -p {server.port} -c fsync=off "
                "-c synchronous_commit=off -c full_page_writes=off -c max_connections=300",
            )
        except (subprocess.CalledProcessError, OSError) as exc:
            log = server.log_tail()
            server._remove()
            raise PgUnavailable(f"PostgreSQL did not start: {exc}; {log}") from exc
        return server

    def stop(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError, OSError):
            self._pg_ctl("stop", "-m", "immediate", "-w")
        self._remove()

    def _remove(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    def _initdb(self) -> None:
        self._tool(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            SUPERUSER,
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C",
            "--no-sync",
        )

    def _pg_ctl(self, *args: str) -> None:
        self._tool("pg_ctl", "-D", str(self.data), *args)

    def _tool(self, name: str, *args: str) -> None:
        subprocess.run(
            [str(self.bin_dir / name), *args],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            user=self.user,
            cwd=self.root,
            timeout=120,
        )

    def log_tail(self, lines: int = 5) -> str:
        try:
            return " | ".join((self.root / "server.log").read_text().splitlines()[-lines:])
        except OSError:
            return "(no server log)"

    # -- databases -------------------------------------------------------------------------------
    def url(self, dbname: str) -> str:
        """The SQLAlchemy URL of a database on this server (the default driver: psycopg)."""
        return f"postgresql://{SUPERUSER}@/{dbname}?host={self.socket_dir}&port={self.port}"

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(
            host=str(self.socket_dir), port=self.port, user=SUPERUSER, dbname="postgres", autocommit=True
        ) as conn:
            conn.execute(sql)  # type: ignore[arg-type]  # our own identifiers, never user text

    def migrated_template(self) -> str:
        """The database every test database copies: migrated to the newest schema once."""
        if not self._template_ready:
            from newsledger.store.repo import Store

            self._admin(f"CREATE DATABASE {TEMPLATE}")
            Store(self.url(TEMPLATE)).close()  # runs the Alembic migrations
            self._template_ready = True
        return TEMPLATE

    def create_database(self, *, migrated: bool = True) -> str:
        """A new database (a copy of the migrated template, or empty); returns its URL."""
        name = f"t_{os.getpid()}_{next(self._names)}"
        template = self.migrated_template() if migrated else "template0"
        for attempt in range(20):  # the template is busy for a moment after a copy
            try:
                self._admin(f"CREATE DATABASE {name} TEMPLATE {template}")
                break
            except Exception as exc:
                if "being accessed by other users" not in str(exc) or attempt == 19:
                    raise
                time.sleep(0.1)
        return self.url(name)

    def drop_database(self, url: str) -> None:
        name = url.split("/", 3)[3].split("?", 1)[0]
        self._admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
