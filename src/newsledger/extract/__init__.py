"""Extractors: pure functions over a spaCy ``Doc`` returning contract items.

Each module defines ``extract_<kind>(doc, ...)`` (or ``find_<kind>``) plus a spaCy component
declared with ``@Language.factory("newsledger_<kind>", requires=[...], assigns=[...],
default_config={...})`` that stores the result on ``doc._.nl_<kind>``. The components, their
order (acronyms -> entities -> attributions -> quotes -> claims -> figures), the settings each
takes and every ``doc._`` attribute are declared in one place,
:mod:`newsledger.extract.registry`; ``newsledger.nlp`` assembles the pipeline from it.
docs/extending.md shows how to add one.
"""
