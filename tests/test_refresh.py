"""Re-extraction (issue 16): articles extracted by another extractor version or config are
listed by ``stats`` and extracted again by ``extract --refresh``, so a rule or model change
reaches the stored ledger."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsledger import __version__
from newsledger.cli import app
from newsledger.config import settings
from newsledger.nlp import load_nlp
from newsledger.pipeline import config_hash
from newsledger.runner import extract
from newsledger.store.repo import Store

pytestmark = pytest.mark.model

ROOT = Path(__file__).resolve().parents[1]
STREAM = str(ROOT / "tests" / "fixtures" / "stream" / "multi_outlet.jsonl")


@pytest.fixture
def profile(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    yield monkeypatch
    settings.cache_clear()


def _use(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    monkeypatch.setenv("NEWSLEDGER_PROFILE", name)
    settings.cache_clear()


def _ledger(db: str) -> dict[str, dict[str, object]]:
    """Article id -> its extractions (not the cross-article fields that reconcile sets)."""
    kinds = ("entities", "figures", "quotes", "claims", "extractor")
    with Store(db) as store:
        return {a.id: {k: v for k, v in a.to_json().items() if k in kinds} for a in store.iter_articles()}


def test_refresh_re_extracts_what_another_config_extracted(
    tmp_path: Path, profile: pytest.MonkeyPatch
) -> None:
    db = str(tmp_path / "old.db")
    _use(profile, "general")  # the "older" extraction: another domain profile, another config hash
    with Store(db) as store:
        first = extract([STREAM], store, workers=1, reconcile=False)
    old_hash = config_hash(load_nlp())

    _use(profile, "conflict")
    current = config_hash(load_nlp())
    assert current != old_hash
    with Store(db) as store:
        assert store.extraction_versions() == [(__version__, old_hash, first.extracted)]
        again = extract([STREAM], store, workers=1, reconcile=False)  # without --refresh: kept
        assert again.extracted == 0 and again.skipped == first.extracted

    code = CliRunner().invoke(app, ["stats", "--db", db])
    assert code.exit_code == 0, code.output
    assert old_hash in code.output and f"{first.extracted} article(s) extracted by an older" in code.output

    result = CliRunner().invoke(app, ["extract", "--refresh", "--workers", "1", "--db", db, STREAM])
    assert result.exit_code == 0, result.output
    with Store(db) as store:
        assert store.extraction_versions() == [(__version__, current, first.extracted)]

    fresh = str(tmp_path / "fresh.db")
    with Store(fresh) as store:
        extract([STREAM], store, workers=1, reconcile=False)
    assert _ledger(db) == _ledger(fresh)  # the refreshed extractions are what the current rules give

    code = CliRunner().invoke(app, ["stats", "--db", db])
    assert "0 article(s) extracted by an older" in code.output
