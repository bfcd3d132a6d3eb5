"""Extractors: pure functions over a spaCy ``Doc`` returning contract items.

Each module defines ``extract_<kind>(doc, ...)`` plus a spaCy component
declared with ``@Language.factory("newsledger_<kind>")`` that stores the result
on ``doc._.nl_<kind>``. ``newsledger.nlp`` assembles them in order:
entities -> quotes -> claims -> figures.
"""
