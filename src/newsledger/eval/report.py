"""The evaluation report: totals over articles, a plain-text table, JSON, and the floors gate."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsledger.errors import EvalError
from newsledger.eval.score import ATTRIBUTES, SCORED_FIELDS, ArticleResult, FieldScore


@dataclass
class EvalReport:
    """Scores of one evaluation run (one gold file or directory against one prediction set)."""

    name: str  # gold file stem ("set_a"), or "all" for a directory
    gold_path: str
    pred_path: str | None  # None: newsledger ran in-process
    articles: list[ArticleResult] = field(default_factory=list)
    missing_pred: list[str] = field(default_factory=list)  # gold articles with no prediction
    extra_pred: int = 0  # predicted articles that are not in the gold file
    system: str = ""

    @property
    def fields(self) -> dict[str, FieldScore]:
        """Totals per scored field over the articles where that field is annotated."""
        totals = {name: FieldScore(name) for name in SCORED_FIELDS}
        for result in self.articles:
            for name, score in result.fields.items():
                totals[name].add(score)
        return totals

    @property
    def not_figure_hits(self) -> int:
        return sum(r.not_figure_hits for r in self.articles)

    def metrics(self) -> dict[str, float | None]:
        """Flat ``field.metric`` -> value map (what eval/floors.json refers to).

        Detection metrics are ``<field>.precision|recall|f1``; attribute accuracies
        are ``<field>.<attribute>`` (None when no pair was matched). Fields not
        annotated in any article are left out.
        """
        out: dict[str, float | None] = {}
        for name, score in self.fields.items():
            if score.articles == 0:
                continue
            out[f"{name}.precision"] = score.counts.precision
            out[f"{name}.recall"] = score.counts.recall
            out[f"{name}.f1"] = score.counts.f1
            for attr in ATTRIBUTES[name]:
                out[f"{name}.{attr}"] = score.attrs[attr].value
        return out

    def to_json(self) -> dict[str, Any]:
        fields: dict[str, Any] = {}
        for name, score in self.fields.items():
            if score.articles == 0:
                continue
            c = score.counts
            fields[name] = {
                "articles": score.articles,
                "gold": c.tp + c.fn,
                "pred": c.tp + c.fp,
                "tp": c.tp,
                "fp": c.fp,
                "fn": c.fn,
                "precision": round(c.precision, 4),
                "recall": round(c.recall, 4),
                "f1": round(c.f1, 4),
                "attributes": {
                    attr: {"correct": acc.correct, "total": acc.total, "accuracy": _round(acc.value)}
                    for attr, acc in score.attrs.items()
                },
            }
        return {
            "name": self.name,
            "gold": self.gold_path,
            "pred": self.pred_path,
            "system": self.system,
            "articles": len(self.articles),
            "missing_pred": self.missing_pred,
            "extra_pred": self.extra_pred,
            "not_figure_hits": self.not_figure_hits,
            "fields": fields,
            "metrics": {k: _round(v) for k, v in self.metrics().items()},
            "details": [
                {
                    "article": r.key,
                    "not_figure_hits": r.not_figure_hits,
                    "mistakes": [{k: v for k, v in vars(m).items() if v is not None} for m in r.mistakes],
                }
                for r in self.articles
            ],
        }

    def to_text(self, *, details: bool = False) -> str:
        """A plain-text table; with ``details`` also every mistake, article by article."""
        pred = self.pred_path or f"in-process {self.system}".strip()
        lines = [f"eval {self.name}: {len(self.articles)} articles, gold {self.gold_path}, pred {pred}"]
        if self.missing_pred:
            lines.append(
                f"  no prediction for {len(self.missing_pred)} gold article(s): "
                + ", ".join(self.missing_pred)
            )
        if self.extra_pred:
            lines.append(f"  {self.extra_pred} predicted article(s) not in the gold set were ignored")
        lines.append("")
        lines.append(
            f"{'field':<10} {'docs':>4} {'gold':>5} {'pred':>5} {'tp':>5} {'P':>6} {'R':>6} {'F1':>6}"
        )
        totals = self.fields
        for name, score in totals.items():
            if score.articles == 0:
                continue
            c = score.counts
            lines.append(
                f"{name:<10} {score.articles:>4} {c.tp + c.fn:>5} {c.tp + c.fp:>5} {c.tp:>5} "
                f"{c.precision:>6.3f} {c.recall:>6.3f} {c.f1:>6.3f}"
            )
        lines.append("")
        lines.append("attribute accuracy over matched pairs")
        for name, score in totals.items():
            for attr, acc in score.attrs.items():
                if score.articles == 0:
                    continue
                shown = f"{acc.value:.3f}" if acc.value is not None else "  n/a"
                lines.append(f"  {name + '.' + attr:<26} {shown:>6}  ({acc.correct}/{acc.total})")
        if totals["figures"].articles:
            lines.append(f"  predicted figures on not-figure numbers: {self.not_figure_hits}")
        if details:
            for result in self.articles:
                if not result.mistakes:
                    continue
                lines.append("")
                lines.append(f"== {result.key}")
                for m in result.mistakes:
                    if m.kind == "attribute":
                        lines.append(f"  {m.field:<9} {m.attr}: {m.text!r} gold={m.gold!r} pred={m.pred!r}")
                    else:
                        lines.append(f"  {m.field:<9} {m.kind}: {m.text!r}")
        return "\n".join(lines)


def _round(value: float | None) -> float | None:
    return round(value, 4) if value is not None else None


def load_floors(floors_path: str | Path) -> dict[str, dict[str, float]]:
    """Read eval/floors.json: ``{"<report name>": {"<field>.<metric>": minimum, ...}, ...}``.

    Keys starting with ``_`` are comments.
    """
    try:
        data = json.loads(Path(floors_path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise EvalError(f"{floors_path}: cannot read floors: {exc}") from exc
    if not isinstance(data, dict):
        raise EvalError(f"{floors_path}: floors must be a JSON object")
    floors: dict[str, dict[str, float]] = {}
    for name, section in data.items():
        if name.startswith("_"):
            continue
        if not isinstance(section, dict) or not all(
            isinstance(v, (int, float)) and 0 <= v <= 1 for k, v in section.items() if not k.startswith("_")
        ):
            raise EvalError(f"{floors_path}: section {name!r} must map metric names to numbers in [0, 1]")
        floors[name] = {k: float(v) for k, v in section.items() if not k.startswith("_")}
    return floors


def check_floors(report: EvalReport, floors_path: str | Path) -> list[str]:
    """Failures of ``report`` against the floors of its section (``report.name``); empty when it passes.

    A metric that is missing from the report (field not annotated) or undefined
    (no matched pair) fails any floor above zero.
    """
    section = load_floors(floors_path).get(report.name, {})
    metrics = report.metrics()
    failures: list[str] = []
    for key, floor in sorted(section.items()):
        got = metrics.get(key)
        if got is None:
            if floor > 0:
                failures.append(f"{report.name}: {key} is not measured (floor {floor:.3f})")
        elif got + 1e-9 < floor:
            failures.append(f"{report.name}: {key} = {got:.3f} is below its floor {floor:.3f}")
    return failures


def raise_floors(report: EvalReport, floors_path: str | Path, *, margin: float = 0.02) -> dict[str, float]:
    """Raise (never lower) the floors of ``report.name`` to the measured value minus ``margin``.

    Only metrics that already have a floor are touched. Returns the updated section.
    """
    path = Path(floors_path)
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    section: dict[str, Any] = data.setdefault(report.name, {})
    for key, got in report.metrics().items():
        if key in section and got is not None:
            section[key] = max(float(section[key]), round(max(0.0, got - margin), 2))
    path.write_text(json.dumps(data, indent=2, sort_keys=False) + "\n", encoding="utf-8")
    return {k: float(v) for k, v in section.items() if not k.startswith("_")}
