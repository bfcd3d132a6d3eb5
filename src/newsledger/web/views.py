"""Formatting for the pages: dates, source-type colours, the plotly timeline spec.

Numbers, labels and chains are written by :mod:`newsledger.format` (shared with the API).

Pure functions over contract / reconcile dataclasses; nothing here reads the store.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from newsledger.contract import SOURCE_TYPES, Article, Claim
from newsledger.format import chain_text, label, number
from newsledger.reconcile.model import MetricTimeline, TimelinePoint
from newsledger.web.render import link_url

# One colour per source type, shared by the chart traces and the badges in tables.
SOURCE_COLOURS: dict[str, str] = {
    "named_person": "#2563eb",
    "official_body": "#7c3aed",
    "government": "#0e7490",
    "military": "#b45309",
    "media_outlet": "#475569",
    "anonymous": "#dc2626",
    "intercepted_communication": "#db2777",
    "social_media": "#0d9488",
    "document": "#4d7c0f",
    "expert_analyst": "#15803d",
    "unspecified": "#6b7280",
}
# Marker shape by what the figure states: a floor points up, a ceiling down, a point is a circle.
_FLOOR = {"more_than", "at_least"}
_CEILING = {"less_than", "at_most", "up_to", "almost"}
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def bounds(low: float | None, high: float | None, value: float | None = None) -> str:
    """``33,000–41,000``, ``40,000 or more``, ``up to 500``; empty when they only repeat the value."""
    if low is None and high is None:
        return ""
    if low == high == value:
        return ""
    if high is None:
        return "" if low == value else f"{number(low)} or more"
    if low is None:
        return "" if high == value else f"up to {number(high)}"
    return f"{number(low)}–{number(high)}"


def day(iso: str | None) -> str:
    """``2025-03-14T18:45:00`` -> ``14 Mar 2025``; anything unparsable is returned as it is."""
    if not iso:
        return ""
    try:
        d = datetime.fromisoformat(iso[:10])
    except ValueError:
        return iso
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def when(iso: str | None) -> str:
    """``14 Mar 2025, 18:45`` when a time is known."""
    if not iso:
        return ""
    text = day(iso)
    if len(iso) >= 16 and iso[10] in "T ":
        time = iso[11:16]
        if time != "00:00":
            text += f", {time}"
    return text


def source_colour(kind: str | None) -> str:
    return SOURCE_COLOURS.get(kind or "", SOURCE_COLOURS["unspecified"])


def claims_by_id(article: Article) -> dict[str, Claim]:
    return {c.id: c for c in article.claims}


def article_facts(article: Article) -> dict[str, Any]:
    """What the facts tables under an article need besides the article itself."""
    return {"claims": claims_by_id(article), "gid": lambda cid: f"{article.id}:{cid}"}


METRIC_CSV_COLUMNS = (
    "published", "outlet", "article_id", "claim_id", "text", "start", "end", "value", "low", "high",
    "approx", "unit", "period", "sources", "source_types", "verification",
)  # fmt: skip


def metric_csv_rows(timeline: MetricTimeline) -> list[dict[str, Any]]:
    """A metric's points as CSV rows; the attribution chain as JSON arrays (names, types)."""
    import json

    rows = []
    for p in timeline.points:
        row = {k: getattr(p, k) for k in METRIC_CSV_COLUMNS if k not in ("sources", "source_types")}
        row["sources"] = json.dumps([s.name for s in p.sources], ensure_ascii=False)
        row["source_types"] = json.dumps([s.type for s in p.sources])
        rows.append({k: row[k] for k in METRIC_CSV_COLUMNS})
    return rows


def _point_value(p: TimelinePoint) -> float | None:
    if p.value is not None:
        return p.value
    if p.low is not None and p.high is not None:
        return (p.low + p.high) / 2
    return p.low if p.low is not None else p.high


def _symbol(p: TimelinePoint) -> str:
    if p.approx in _FLOOR or (p.low is not None and p.high is None):
        return "triangle-up"
    if p.approx in _CEILING or (p.high is not None and p.low is None):
        return "triangle-down"
    return "circle"


def _hover(p: TimelinePoint) -> str:
    lines = [
        f"<b>{_html(p.outlet or 'unknown outlet')}</b>, {_html(day(p.published))}",
        f"{_html(label(p.approx))} {_html(number(p.value))}" + (f" ({_html(p.text)})" if p.text else ""),
    ]
    b = bounds(p.low, p.high, p.value)
    if b:
        lines.append(f"bounds {_html(b)}")
    if p.sources:
        lines.append("via " + _html(chain_text(p.sources)))
    lines.append(f"verification: {_html(label(p.verification))}")
    return "<br>".join(lines)


def _html(text: str) -> str:
    """Plotly renders hover text as a small HTML subset: escape what the data brings."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def timeline_chart(timeline: MetricTimeline) -> dict[str, Any]:
    """A plotly figure spec: one trace per source type, value with low/high as asymmetric error bars."""
    order = {t: i for i, t in enumerate(SOURCE_TYPES)}
    groups: dict[str, list[TimelinePoint]] = {}
    for p in timeline.points:
        if p.published and _point_value(p) is not None:
            groups.setdefault(p.source_type or "unspecified", []).append(p)
    traces = []
    for kind in sorted(groups, key=lambda k: (order.get(k, len(order)), k)):
        pts = groups[kind]
        ys = [_point_value(p) for p in pts]
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": label(kind),
                "x": [p.published for p in pts],
                "y": ys,
                "error_y": {
                    "type": "data",
                    "symmetric": False,
                    "array": [
                        (p.high - y) if p.high is not None and y is not None else 0
                        for p, y in zip(pts, ys, strict=True)
                    ],
                    "arrayminus": [
                        (y - p.low) if p.low is not None and y is not None else 0
                        for p, y in zip(pts, ys, strict=True)
                    ],
                    "color": source_colour(kind),
                    "thickness": 1.5,
                    "width": 5,
                },
                "marker": {
                    "color": source_colour(kind),
                    "size": 12,
                    "symbol": [_symbol(p) for p in pts],
                    "line": {"color": "#fff", "width": 1},
                },
                "text": [_hover(p) for p in pts],
                "hovertemplate": "%{text}<extra></extra>",
                "customdata": [f"/articles/{p.article_id}?at={p.start}-{p.end}#target" for p in pts],
            }
        )
    metric = timeline.metric
    y_title = label(metric.counted or metric.category) + (f" ({metric.unit})" if metric.unit else "")
    layout = {
        "margin": {"l": 90, "r": 20, "t": 40, "b": 40},
        "height": 380,
        "hovermode": "closest",
        "showlegend": True,
        "legend": {
            "orientation": "h",
            "x": 0,
            "y": 1.02,
            "yanchor": "bottom",
            "title": {"text": "source type "},
        },
        "xaxis": {"type": "date", "gridcolor": "#eef0f3", "hoverformat": "%d %b %Y"},
        "yaxis": {
            "title": {"text": y_title, "standoff": 12},
            "rangemode": "tozero",
            "gridcolor": "#eef0f3",
            "tickformat": ",",
            "automargin": True,
        },
        "plot_bgcolor": "#fff",
        "paper_bgcolor": "#fff",
        "font": {"family": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif", "size": 13},
    }
    return {"data": traces, "layout": layout, "points": sum(len(v) for v in groups.values())}


FILTERS: dict[str, Any] = {
    "num": number,
    "bounds": bounds,
    "day": day,
    "when": when,
    "label": label,
    "colour": source_colour,
    "chain_text": chain_text,
    "link_url": link_url,
}
__all__ = ["FILTERS", "GLOBALS", "chain_text", "label", "number", "timeline_chart"]
GLOBALS: dict[str, Any] = {"SOURCE_COLOURS": SOURCE_COLOURS}
