"""Language detection: each article's language is stored; articles not in English are stored and
counted, not run through the English extractors."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsledger.ingest import read_inputs
from newsledger.ingest.language import detect_language, is_english
from newsledger.store.repo import Store

FRENCH = (
    "Le conseil municipal de Valmont a annoncé lundi une hausse de 6 % du prix de l'eau à partir "
    "d'avril, en raison du coût des réparations de 40 kilomètres de canalisations.\n\n"
    "« Personne n'aime payer plus », a déclaré le président du conseil, Émile Fossum."
)
GERMAN = (
    "Der Stadtrat von Valmont hat am Montag beschlossen, den Wasserpreis ab April um 6 Prozent zu "
    "erhöhen. Grund seien die Kosten für die Reparatur von 40 Kilometern Leitungen, sagte der Vorsitzende."
)
ENGLISH = (
    "The Valmont town council said on Monday that water prices would rise by 6 percent from April, "
    "citing the cost of repairing 40 kilometres of pipe.\n\n"
    "“Nobody likes paying more,” council chairman Emil Fossum said."
)


def test_detects_with_confidence_or_says_nothing() -> None:
    assert detect_language(FRENCH) == "fr"
    assert detect_language(GERMAN) == "de"
    assert detect_language(ENGLISH) == "en"
    assert detect_language("5,000") is None  # too short to tell
    assert is_english(None) and is_english("en") and not is_english("fr")


def test_ingest_stores_the_language(tmp_path: Path) -> None:
    (tmp_path / "fr.txt").write_text(FRENCH, encoding="utf-8")
    [raw] = list(read_inputs([str(tmp_path / "fr.txt")]))
    assert getattr(raw, "language", None) == "fr"


@pytest.mark.model
def test_other_languages_are_stored_counted_and_not_extracted(tmp_path: Path) -> None:
    from newsledger.runner import extract

    for name, text in (("fr.txt", FRENCH), ("de.txt", GERMAN), ("en.txt", ENGLISH)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    with Store(str(tmp_path.parent / f"{tmp_path.name}.db")) as store:
        report = extract([str(tmp_path)], store)
        assert report.ok, report.failures
        assert report.languages == {"fr": 1, "de": 1}
        articles = {Path(a.path or "").name: a for a in store.iter_articles()}
    assert articles["fr.txt"].language == "fr" and articles["de.txt"].language == "de"
    assert not articles["fr.txt"].figures and not articles["fr.txt"].quotes and not articles["fr.txt"].claims
    assert articles["en.txt"].language == "en" and articles["en.txt"].figures
