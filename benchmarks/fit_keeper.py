"""Fit the keeper of the learned attribution model's own contents (``keeper.json``).

    python benchmarks/fit_keeper.py /work/polnear [--out PATH] [--l2 1.0] [--threshold 0.4]

Runs the pipeline (rules + model) over the tagger's held-out slice of PolNeAR's train compartment
(the 67 articles it never trained on; never dev, never test), labels every content the model
found alone by whether the scorer matched it, prints the cross-fitted (5 folds by article) log
loss and, for each threshold, how many contents would go and how many of them were matched, then
fits on all of them and writes the keeper (by default over the packaged one).
"""

from __future__ import annotations

import argparse
import math
from dataclasses import replace
from pathlib import Path

from newsledger.config import settings
from newsledger.eval.attribution import load_polnear
from newsledger.extract.keeper import KEEPER_FILE
from newsledger.extract.spanmodel import MODEL_VERSION, load_span_model
from newsledger.nlp import load_nlp
from newsledger.train.keeper import cross_fit, examples_of, fit, held_out_slice, save_keeper


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", help="PolNeAR's root folder (its train compartment is read)")
    parser.add_argument("--out", type=Path, default=None, help="where to write keeper.json")
    parser.add_argument("--l2", type=float, default=1.0)
    parser.add_argument("--threshold", type=float, default=0.4)
    args = parser.parse_args()
    golds = held_out_slice(load_polnear(args.data, "train"))
    nlp = load_nlp(replace(settings(), attribution_model=True))
    examples = examples_of(golds, nlp)
    matched = sum(e.matched for e in examples)
    print(f"{len(golds)} held-out articles, {len(examples)} contents only the model found, {matched} matched")
    for l2 in (0.3, 1.0, 3.0):
        probs = cross_fit(examples, 5, l2)
        loss = -sum(math.log(p if e.matched else 1 - p) for p, e in zip(probs, examples, strict=True))
        row = []
        for t in (0.3, 0.35, 0.4, 0.45, 0.5):
            gone = [e for p, e in zip(probs, examples, strict=True) if p < t]
            row.append(f"<{t}: {len(gone)} go, {sum(e.matched for e in gone)} matched")
        print(f"l2 {l2}: cross-fitted log loss {loss / len(examples):.4f}; " + "; ".join(row))
    weights, bias = fit(examples, args.l2)
    out = args.out or load_span_model().path / KEEPER_FILE
    save_keeper(out, weights, bias, args.threshold, MODEL_VERSION)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
