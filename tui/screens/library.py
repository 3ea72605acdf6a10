"""The library: every article in the database, with full-text search; Enter opens one.

Columns: title, date, quotes, speakers and review progress (``Store.review_progress``, the
same count as the reader's header: quotes marked reviewed / quotes, over the corrected
analysis, scare quotes left out). Typing in the search box filters with SQLite FTS over the
article text, titles, quote texts and speaker names (``store.library``).
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Static

from store.library import Library

from .. import keys
from .filtered_table import FilteredTable
from .reader import ReaderScreen

# Rows are loaded a page at a time (the next page when the cursor nears the end), so that
# opening a library of 10,000 articles costs one page, not 10,000 rows.
PAGE = 100


class LibraryReaderScreen(ReaderScreen):
    """The reader, opened from the library: backspace goes back to the list."""

    KEYS = keys.LIBRARY_READER
    BINDINGS = list(keys.BACK_TO_LIBRARY)


def open_article(app, article_id: int) -> None:
    row = app.store.article(article_id)
    if row is None:
        app.notify(f"article {article_id} is not in the database", severity="error")
        return
    app.push_screen(LibraryReaderScreen(article_id, row["text"], row["title"] or "", source=row["source"] or ""))


class LibraryScreen(keys.KeyedScreen, FilteredTable, Screen):
    """All articles; ``/`` searches, Enter opens, ``p`` lists speakers across articles."""

    DEFAULT_CSS = """
    LibraryScreen #library-search { height: 3; }
    LibraryScreen #library-table { height: 1fr; }
    LibraryScreen #library-status { height: 1; background: $panel; padding: 0 1; }
    """
    KEYS = keys.LIBRARY
    BINDINGS = list(keys.LIBRARY_SECTION.bindings)

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[int] = []
        self.total = 0
        self.search_text = ""
        self.exhausted = True
        self.shown_once = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="Search articles and quotes…  (/ to focus, Enter to go to the list)", id="library-search")
        yield DataTable(id="library-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="library-status")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Library"
        self.library = Library(self.app.store, sync=False)
        table = self.query_one(DataTable)
        table.add_column("Title", key="title", width=56)
        table.add_column("Date", key="date", width=10)
        table.add_column("Quotes", key="quotes", width=6)
        table.add_column("Speakers", key="speakers", width=8)
        table.add_column("Reviewed", key="reviewed", width=12)
        self.show()
        table.focus()
        self.find_stale()

    @work(thread=True, exclusive=True, group="library-sync", exit_on_error=False)
    def find_stale(self) -> None:
        """Articles added or analysed elsewhere since they were indexed (on a connection of
        its own, so the list is shown at once); they are indexed on the UI thread."""
        stale = self.library.stale_readonly()
        if stale:
            self.app.call_from_thread(self.reindex, stale)

    def reindex(self, ids: list[int]) -> None:
        if self.app.store.read_only:
            return  # nothing can be indexed in a read-only file: the list shows what it holds
        self.library.index(ids)
        self.show(self.query_one(Input).value, keep_cursor=True)

    def on_screen_resume(self) -> None:
        # back from the reader: its analysis or corrections may have changed the counts
        # (the first resume is the screen being shown: on_mount has just listed it)
        if not self.shown_once:
            self.shown_once = True
            return
        if self.is_mounted and hasattr(self, "library"):
            self.find_stale()
            self.show(self.query_one(Input).value, keep_cursor=True)

    def show(self, query: str = "", keep_cursor: bool = False) -> None:
        table = self.query_one(DataTable)
        row = table.cursor_row
        self.total = self.library.count()
        self.search_text = query
        self.exhausted = False
        table.clear()
        self.ids = []
        self.load_page(until=(row + 1) if keep_cursor and row else PAGE)
        if keep_cursor and row is not None and self.ids:
            table.move_cursor(row=min(row, len(self.ids) - 1))
        self.update_status()

    def load_page(self, until: int = 0) -> None:
        """Append rows until ``until`` rows are shown (at least one more page)."""
        table = self.query_one(DataTable)
        want = max(PAGE, until - len(self.ids))
        entries = self.library.entries(self.search_text or None, limit=want, offset=len(self.ids))
        self.exhausted = len(entries) < want
        self.ids.extend(e.id for e in entries)
        table.add_rows(
            (Text(e.title[:120] or "(untitled)"), Text(e.date[:10]), str(e.quotes) if e.analysed else "",
             str(e.speakers) if e.analysed else "", Text(e.progress))
            for e in entries
        )

    def update_status(self) -> None:
        query = self.search_text
        shown = len(self.ids)
        if query.strip():
            status = f"{shown}{'' if self.exhausted else '+'} match(es) for {query!r}"
        else:
            status = f"{self.total} article(s)" + ("" if self.exhausted else f" · {shown} loaded, more as you scroll")
        self.query_one("#library-status", Static).update(status + " · Enter opens · / searches · p speakers")

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if not self.exhausted and event.cursor_row >= len(self.ids) - 10:
            self.load_page()
            self.update_status()

    def refilter(self, text: str) -> None:
        self.show(text)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        article_id = self.current_id
        if article_id is not None:
            open_article(self.app, article_id)

    def action_clear_search(self) -> None:
        search = self.query_one(Input)
        if search.value:
            search.value = ""
        self.query_one(DataTable).focus()

    def action_refresh(self) -> None:
        self.library.sync()
        self.show(self.query_one(Input).value, keep_cursor=True)

    def action_speakers(self) -> None:
        from .speaker_history import SpeakersScreen

        self.app.push_screen(SpeakersScreen())
