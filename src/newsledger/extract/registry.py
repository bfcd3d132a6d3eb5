"""The one place where newsledger's pipeline is declared.

* :data:`EXTENSIONS`: every ``doc._`` attribute the components share, with what it holds.
  The ``input`` ones are set by :func:`newsledger.extract._doc.prepare_doc` before the
  pipeline runs; every other one is assigned by exactly one component (its factory says so in
  ``assigns=[...]``).
* :data:`COMPONENTS`: the newsledger components in pipeline order, with the module that
  declares each factory and the :class:`~newsledger.config.Settings` fields passed to it through
  the spaCy config (``nlp.add_pipe(name, config=...)``), so the settings in force are part of
  ``nlp.config`` and of the config hash recorded with every extraction run.

A new extractor is a module declaring ``@Language.factory(name, requires=..., assigns=...,
default_config=...)``, its data file, its tests, and one :class:`Component` line (plus the
``doc._`` attribute it assigns) here. See docs/extending.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Extension:
    """One ``doc._`` attribute: what it holds, and whether it is pipeline input (article metadata)."""

    holds: str
    input: bool = False


EXTENSIONS: dict[str, Extension] = {
    "nl_article_id": Extension("str | None: the article id", input=True),
    "nl_published": Extension("str | None: ISO date the article was published", input=True),
    "nl_outlet": Extension("str | None: outlet name (outermost source of every claim)", input=True),
    "nl_text": Extension("str | None: doc.text joined once (spaCy rebuilds it on each access)", input=True),
    "nl_acronyms": Extension("list[Acronym]: acronyms defined in the text"),
    "nl_entities": Extension("list[Entity]"),
    "nl_attribution_spans": Extension(
        "ModelSpans | None: the learned model's content, source and cue spans (None: model off)"
    ),
    "nl_attributions": Extension(
        "list[Attribution]: who said what (source, cue, content), read by quotes"
    ),
    "nl_frames": Extension(
        "list[Sentence]: each sentence with its frames (chain of sources, cue, carrier), read by claims"
    ),
    "nl_quotes": Extension("list[Quote]"),
    "nl_claims": Extension("list[Claim]"),
    "nl_figures": Extension("list[Figure]"),
}


@dataclass(frozen=True)
class Component:
    """A newsledger pipeline component: its factory, the module declaring it, the settings it takes."""

    factory: str
    module: str
    settings: tuple[str, ...] = ()  # names of Settings fields passed in its config
    # True: it reads only what the spaCy model computed, so it runs in the model's pass over a
    # batch of articles (its ``pipe``), not article by article after it (newsledger.pipeline)
    batched: bool = False


COMPONENTS: tuple[Component, ...] = (
    Component("newsledger_acronyms", "newsledger.extract.acronyms"),
    Component("newsledger_entities", "newsledger.extract.entities"),
    Component(
        "newsledger_attribution_model",
        "newsledger.extract.learned",
        settings=("attribution_model",),
        batched=True,
    ),
    Component("newsledger_attributions", "newsledger.extract.attributions"),
    Component("newsledger_quotes", "newsledger.extract.quotes"),
    Component("newsledger_claims", "newsledger.extract.claims"),
    Component("newsledger_figures", "newsledger.extract.figures", settings=("profile",)),
)


def component_config(component: Component, settings: Any) -> dict[str, Any]:
    """The config passed to ``nlp.add_pipe`` for ``component``: its settings fields, by name."""
    return {name: getattr(settings, name) for name in component.settings}
