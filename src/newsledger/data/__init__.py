"""Word lists and patterns shipped as data files (see data/README.md).

Helpers here only locate and parse files; what the lists mean lives with the
extractor that uses them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from newsledger.errors import NewsledgerError

_ROOT = Path(str(resources.files("newsledger.data")))


def data_path(name: str) -> Path:
    """Absolute path of a bundled data file, e.g. ``data_path("hedges.yaml")``."""
    return _ROOT / name


def alternation(words: Iterable[Any]) -> str:
    r"""The words of a data list as a regular-expression alternation, in list order:
    ``["as of", "by"]`` -> ``as\s+of|by`` (a space matches any run of spaces)."""
    return "|".join(re.escape(str(w)).replace(r"\ ", r"\s+") for w in words)


@cache
def load_lines(name: str) -> tuple[str, ...]:
    """Non-empty, non-comment lines of a text data file, stripped, in file order."""
    path = data_path(name)
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise NewsledgerError(
            f"data file {path} cannot be read: {exc}", hint="Reinstall newsledger."
        ) from exc
    out = []
    for line in raw.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.append(line)
    return tuple(out)


@cache
def load_yaml(name: str) -> Any:
    """Parsed YAML data file (cached; treat the result as read-only)."""
    path = data_path(name)
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise NewsledgerError(
            f"data file {path} cannot be read: {exc}", hint="Reinstall newsledger."
        ) from exc
