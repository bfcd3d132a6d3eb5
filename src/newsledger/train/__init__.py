"""Training newsledger's learned components (``newsledger train ...``)."""
