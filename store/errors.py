"""Errors the store raises, each with a one-line message meant for the user."""


class StoreError(RuntimeError):
    """The database cannot be used (corrupt, not SQLite, read-only, newer schema, …)."""
