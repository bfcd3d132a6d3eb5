from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

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
