"""The README's examples, run as written: every ``newsledger`` and ``datasette`` command of its code
blocks, in order, with bash, in a fresh folder holding the repository's examples/, eval/ and datasette/;
then its Python blocks. ``.venv/bin/newsledger`` there is this checkout's CLI, ``.venv/bin/datasette``
the installed Datasette. The first command builds ./newsledger.db from examples/; the later ones
use it. A server (``serve``, ``datasette``) is started on a free port (its one change: ``--port``/``-p``),
asked for a page, and stopped.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
BLOCK = re.compile(r"^```(\w*)\n(.*?)^```", re.M | re.S)
PROGRAMS = (".venv/bin/newsledger ", ".venv/bin/datasette ")
SERVERS = {"serve": "--port", "datasette": "-p"}

pytestmark = pytest.mark.model


def readme_commands() -> list[str]:
    """Each command of the README's plain code blocks (continuation lines joined, comments dropped)."""
    out: list[str] = []
    for lang, body in BLOCK.findall(README.read_text(encoding="utf-8")):
        if lang:
            continue
        text = body.replace("\\\n", " ")
        for line in text.splitlines():
            line = line.strip()
            if line.startswith(PROGRAMS):
                out.append(re.split(r"\s{2,}#", line)[0].strip())
    return out


def readme_python() -> list[str]:
    return [body for lang, body in BLOCK.findall(README.read_text(encoding="utf-8")) if lang == "python"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("readme")
    for name in ("examples", "eval", "datasette"):
        shutil.copytree(ROOT / name, work / name)
    bin_dir = work / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    cli = bin_dir / "newsledger"
    cli.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m newsledger.cli "$@"\n', encoding="utf-8")
    cli.chmod(0o755)
    (bin_dir / "datasette").symlink_to(Path(sys.executable).with_name("datasette"))
    return work


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "NEWSLEDGER_DB"}
    env["PYTHONPATH"] = str(ROOT / "src")
    return env


def _serve(command: str, workdir: Path) -> None:
    program = "serve" if " serve" in command else "datasette"
    port = _free_port()
    proc = subprocess.Popen(
        ["bash", "-c", f"exec {command} {SERVERS[program]} {port}"],
        cwd=workdir, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    path = "newsledger/articles.json?_search=conscripts" if program == "datasette" else ""
    url = f"http://127.0.0.1:{port}/{path}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    body = response.read().decode("utf-8")
                    assert response.status == 200
                    break
            except OSError:
                assert proc.poll() is None, proc.stdout.read().decode() if proc.stdout else ""
                assert time.monotonic() < deadline, f"{command} did not answer"
                time.sleep(0.5)
        assert "newsledger" in body or "conscripts" in body
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_the_readme_lists_the_commands_we_run() -> None:
    commands = readme_commands()
    assert commands[0].startswith(".venv/bin/newsledger extract examples/")
    names = {c.split()[1] for c in commands if c.startswith(".venv/bin/newsledger")}
    assert {"extract", "ingest", "show", "export", "stats", "eval", "reconcile", "delete", "serve"} <= names


def test_every_readme_example_runs_as_written(workdir: Path) -> None:
    for command in readme_commands():
        if command.split()[1] in SERVERS or command.startswith(".venv/bin/datasette"):
            _serve(command, workdir)
            continue
        done = subprocess.run(
            ["bash", "-c", command], cwd=workdir, env=_env(), capture_output=True, text=True, timeout=600
        )
        assert done.returncode == 0, f"{command}\n{done.stderr[-2000:]}"
    assert (workdir / "figures.csv").stat().st_size > 0 and (workdir / "clusters.csv").stat().st_size > 0
    assert (workdir / "claims.parquet").read_bytes()[:4] == b"PAR1"
    assert len((workdir / "articles.jsonl").read_text(encoding="utf-8").splitlines()) == 6
    for i, code in enumerate(readme_python()):
        done = subprocess.run(
            [sys.executable, "-c", code], cwd=workdir, env=_env(), capture_output=True, text=True, timeout=600
        )
        assert done.returncode == 0, f"python block {i}:\n{code}\n{done.stderr[-2000:]}"
        assert done.stdout.strip(), f"python block {i} printed nothing"
