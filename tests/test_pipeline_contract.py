"""The declared pipeline contract: every ``doc._`` attribute is declared in the registry, every
component declares what it requires and assigns, and settings reach components through the config
(and the provenance hash)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from spacy.tokens import Doc

from newsledger.config import Settings
from newsledger.extract._doc import ensure_extensions
from newsledger.extract.registry import COMPONENTS, EXTENSIONS

SRC = Path(__file__).resolve().parents[1] / "src" / "newsledger"
_DOC_ATTR = re.compile(r"\._\.(\w+)")


def _extension_uses() -> dict[str, set[str]]:
    """``doc._.<name>`` attribute name -> the source files that read or write it."""
    uses: dict[str, set[str]] = {}
    for path in SRC.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Attribute)
                and node.value.attr == "_"
            ):
                uses.setdefault(node.attr, set()).add(str(path.relative_to(SRC)))
    return uses


def _assigned_in(path: Path) -> set[str]:
    """``doc._.<name>`` attributes assigned (``doc._.x = ...``) in one source file."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if not isinstance(target, ast.Attribute):
                    continue
                if isinstance(target.value, ast.Attribute) and target.value.attr == "_":
                    out.add(target.attr)
    return out


def test_every_doc_extension_used_in_src_is_declared_in_the_registry() -> None:
    uses = _extension_uses()
    assert uses, "the scan found no doc._ attributes at all"
    undeclared = {name: sorted(files) for name, files in uses.items() if name not in EXTENSIONS}
    assert not undeclared, f"declare these in newsledger/extract/registry.py EXTENSIONS: {undeclared}"


def test_extensions_are_registered_from_the_registry() -> None:
    ensure_extensions()
    for name in EXTENSIONS:
        assert Doc.has_extension(name), name


def test_each_component_assigns_exactly_what_its_factory_declares() -> None:
    from importlib import import_module

    from spacy.language import Language

    for component in COMPONENTS:
        module = import_module(component.module)
        meta = Language.get_factory_meta(component.factory)
        declared = {a.removeprefix("doc._.") for a in meta.assigns if a.startswith("doc._.")}
        path = Path(str(module.__file__))
        assert _assigned_in(path) == declared, f"{component.factory}: assigns {meta.assigns}"
        for attr in meta.requires + meta.assigns:
            if attr.startswith("doc._."):
                assert attr.removeprefix("doc._.") in EXTENSIONS, f"{component.factory}: {attr}"
        assert set(component.settings) <= set(meta.default_config), (
            f"{component.factory}: every setting passed in must be in its default_config"
        )
        assert set(component.settings) <= set(Settings.__dataclass_fields__)


def test_outputs_are_assigned_by_exactly_one_component_and_inputs_by_none() -> None:
    from importlib import import_module

    from spacy.language import Language

    assigned: dict[str, list[str]] = {}
    for component in COMPONENTS:
        import_module(component.module)
        for attr in Language.get_factory_meta(component.factory).assigns:
            assigned.setdefault(attr.removeprefix("doc._."), []).append(component.factory)
    for name, ext in EXTENSIONS.items():
        owners = assigned.get(name, [])
        if ext.input:
            assert not assigned.get(name), f"input {name} is assigned by {assigned[name]}"
        else:
            assert len(owners) == 1, f"{name} is assigned by {assigned.get(name)}"


@pytest.mark.model
def test_every_requirement_is_met_by_an_earlier_pipe_or_the_article_metadata() -> None:
    from spacy.pipe_analysis import analyze_pipes

    from newsledger.nlp import load_nlp

    problems = analyze_pipes(load_nlp())["problems"]
    inputs = {f"doc._.{name}" for name, ext in EXTENSIONS.items() if ext.input}
    for pipe, missing in problems.items():
        assert set(missing) <= inputs, f"{pipe} requires {missing} that no earlier pipe assigns"


@pytest.mark.model
def test_the_profile_is_passed_in_the_config_and_is_part_of_the_config_hash() -> None:
    from newsledger.nlp import load_nlp
    from newsledger.pipeline import component_configs, config_hash

    conflict = load_nlp(Settings(profile="conflict"))
    general = load_nlp(Settings(profile="general"))
    assert component_configs(conflict)["newsledger_figures"]["profile"] == "conflict"
    assert component_configs(general)["newsledger_figures"]["profile"] == "general"
    assert general.get_pipe("newsledger_figures").profile.name == "general"  # type: ignore[attr-defined]
    assert config_hash(conflict) != config_hash(general)
    assert config_hash(conflict) == config_hash(load_nlp(Settings(profile="conflict", db="other.db")))
    assert list(conflict.pipe_names[-len(COMPONENTS) :]) == [c.factory for c in COMPONENTS]


@pytest.mark.model
def test_the_profile_changes_what_the_figures_component_does() -> None:
    from newsledger.extract._doc import prepare_doc
    from newsledger.nlp import load_nlp

    text = "The hospital treated 40 patients on Monday."
    got = {}
    for name in ("conflict", "general"):
        nlp = load_nlp(Settings(profile=name))
        doc = nlp(prepare_doc(nlp.make_doc(text), published="2025-03-04"))
        got[name] = [f.category for f in doc._.nl_figures]
    assert got["conflict"] != got["general"], got
