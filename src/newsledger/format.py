"""How numbers, labels and attribution chains are written for people: the one place used by the web
pages, the tooltips and descriptions the API serves, and the terminal report.

Pure functions over plain values and contract dataclasses; no I/O.
"""

from __future__ import annotations

from collections.abc import Sequence

from newsledger.contract import Source

CHAIN_SEPARATOR = " › "


def label(value: str | None) -> str:
    """``more_than`` -> ``more than``; None -> empty."""
    return (value or "").replace("_", " ")


def number(value: float | None, *, missing: str = "–") -> str:
    """12000.0 -> ``12,000``; 1.4 -> ``1.4``; 0.12345 -> ``0.1235``; None -> ``missing``."""
    if value is None:
        return missing
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.4f}".rstrip("0").rstrip(".")


def chain_text(sources: Sequence[Source]) -> str:
    """``The Harbour Standard (media outlet) › three officials (anonymous)``: outermost link first."""
    return CHAIN_SEPARATOR.join(f"{s.name} ({label(s.type)})" for s in sources)
