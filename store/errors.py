"""Errors the store raises, each with a one-line message meant for the user."""


class StoreError(RuntimeError):
    """The database cannot be used (corrupt, not SQLite, read-only, newer schema, …)."""


class CorrectionError(StoreError, ValueError):
    """A correction that cannot apply (unknown quote or speaker, bad label, bad span, …)."""


class ExportError(StoreError):
    """An export or import that cannot proceed (file exists, unknown format, bad input, …)."""
