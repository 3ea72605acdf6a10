"""Errors the store raises, each with a one-line message meant for the user."""


class StoreError(RuntimeError):
    """The database cannot be used (corrupt, not SQLite, read-only, newer schema, …)."""


class CorrectionError(StoreError, ValueError):
    """A correction that cannot apply (unknown quote or speaker, bad label, bad span, …)."""


class ExportError(StoreError):
    """An export or import that cannot proceed (file exists, unknown format, bad input, …)."""


def sqlite_reason(exc: BaseException) -> str:
    """What an SQLite error means for the user, in a few words.

    >>> import sqlite3
    >>> sqlite_reason(sqlite3.OperationalError("database or disk is full"))
    'disk full'
    """
    text = str(exc)
    if "disk is full" in text or "disk I/O error" in text and "No space" in text:
        return "disk full"
    return text
