"""How far PolNeAR's own annotators agree, scored by the project's attribution scorer.

    .venv/bin/python benchmarks/polnear_agreement.py /work/polnear

A few of PolNeAR's articles were annotated by several annotators (PolNeAR used them to measure
agreement): 16 in the train compartment and 2 in dev, five or six annotations each. For every
ordered pair of annotations of one article, the first is scored as gold and the second as
predictions with ``newsledger.eval.attribution`` (contents matched one to one by word overlap >= 0.5
of the shorter span; exact = identical normalised words; one attribution per cue), exactly as
``benchmarks/eval_polnear.py`` scores newsledger. The pooled scores say what one careful human
reaches against another on the metric of issue 15: a ceiling to read the model's scores against.
The test compartment is never read.
"""

from __future__ import annotations

import argparse
import itertools
from collections import defaultdict
from pathlib import Path

from newsledger.eval.attribution import (
    AttributionScores,
    GoldDoc,
    PredAttribution,
    one_per_cue,
    read_ann,
    score_attributions,
)


def annotation_pairs(root: Path, compartment: str) -> tuple[list[GoldDoc], list[list[PredAttribution]]]:
    """Every ordered pair (gold, predictions) of two annotations of one multiply annotated article."""
    base = root / "data" / compartment
    by_article: dict[str, list[Path]] = defaultdict(list)
    for ann in sorted((base / "attributions").glob("*.ann")):
        by_article[ann.name.rsplit("_", 1)[0]].append(ann)
    golds: list[GoldDoc] = []
    preds: list[list[PredAttribution]] = []
    for name, files in sorted(by_article.items()):
        if len(files) < 2:
            continue
        text = (base / "text" / f"{name}.txt").read_text(encoding="utf-8")
        annotations = [read_ann(f.read_text(encoding="utf-8")) for f in files]
        for i, j in itertools.permutations(range(len(annotations)), 2):
            golds.append(GoldDoc(name, text, annotations[i]))
            other = [
                PredAttribution(a.content[0], a.source, None, "indirect", a.cue, tuple(a.content[1:]))
                for a in annotations[j]
            ]
            preds.append(one_per_cue(other))
    return golds, preds


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", type=Path, help="the directory polnear-trainset wrote")
    args = ap.parse_args(argv)
    print("| compartment | articles | ordered pairs | exact F1 | overlap F1 | token F1 | R unquoted |")
    print("|---|---|---|---|---|---|---|")
    for compartment in ("train", "dev"):
        golds, preds = annotation_pairs(args.data, compartment)
        if not golds:
            print(f"| {compartment} | 0 | 0 | | | | |")
            continue
        s: AttributionScores = score_attributions(golds, preds)
        m = s.metrics()
        articles = len({g.name for g in golds})
        print(
            f"| {compartment} | {articles} | {len(golds)} | {m['content.exact.f1']:.3f} | "
            f"{m['content.overlap.f1']:.3f} | {m['content.token.f1']:.3f} | {m['recall.unquoted']:.3f} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
