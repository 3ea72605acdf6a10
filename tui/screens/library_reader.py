"""The reader opened from the library (backspace goes back), and opening an article there.

Both the library and a speaker's history open articles, so this lives apart from either.
"""

from __future__ import annotations

from .. import keys
from .reader import ReaderScreen


class LibraryReaderScreen(ReaderScreen):
    """The reader, opened from the library: backspace goes back to the list."""

    KEYS = keys.LIBRARY_READER
    BINDINGS = list(keys.BACK_TO_LIBRARY)


def open_article(app, article_id: int) -> None:
    """Push the reader on article ``article_id`` of ``app.store`` (a notice if it is gone),
    e.g. ``open_article(app, 3)`` from the library's Enter or a speaker's quote."""
    row = app.store.article(article_id)
    if row is None:
        app.notify(f"article {article_id} is not in the database", severity="error")
        return
    app.push_screen(LibraryReaderScreen(article_id, row["text"], row["title"] or "", source=row["source"] or ""))
