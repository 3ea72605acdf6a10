"""The library: every article in the database, with full-text search; Enter opens one.

Columns: title, date, quotes, speakers and review progress (``Store.review_progress``, the
same count as the reader's header: quotes marked reviewed / quotes, over the corrected
analysis, scare quotes left out). With two or more annotators' layers in the database
(``store.team``): each annotator's progress in their own layer (``Store.layer_progress``) and
the agreement of the article (fields all annotators gave the same value, of those all gave
a value: ``team.observed_all``); ``A`` adjudicates the article. Typing in the search box filters with SQLite FTS over the
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
from ..safe_text import visible
from .filtered_table import FilteredTable
from .keyed import KeyedScreen
from .library_reader import open_article

# Rows are loaded a page at a time (the next page when the cursor nears the end), so that
# opening a library of 10,000 articles costs one page, not 10,000 rows.
PAGE = 100


class LibraryScreen(KeyedScreen, FilteredTable, Screen):
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
        from store import team

        self.annotators = team.annotators(self.app.store)[:4] if self.app.store.review == "independent" else []
        if len(self.annotators) < 2:
            self.annotators = []
        # the team's columns take their room from the title's
        table.add_column("Title", key="title", width=56 - 10 * len(self.annotators) - (8 if self.annotators else 0))
        table.add_column("Date", key="date", width=10)
        table.add_column("Quotes", key="quotes", width=6)
        table.add_column("Speakers", key="speakers", width=8)
        table.add_column("Reviewed", key="reviewed", width=12)
        for name in self.annotators:
            table.add_column(Text(visible(name)[:8]), key=f"layer:{name}", width=8)
        if self.annotators:
            table.add_column("Agree", key="agree", width=6)
        self._fit_title()
        self.show()
        table.focus()
        self.find_stale()

    def on_resize(self) -> None:
        self._fit_title()

    def _fit_title(self) -> None:
        """The title column takes the width the other columns leave (titles are ellipsised
        only when the screen is too narrow for them, never at a fixed 56 columns)."""
        table = self.query_one(DataTable)
        title = next((c for c in table.columns.values() if c.key.value == "title"), None)
        if title is None:
            return
        others = sum(c.get_render_width(table) for c in table.columns.values() if c is not title)
        room = (table.scrollable_content_region.width or self.app.size.width) - 1
        width = max(20, room - others - 2 * table.cell_padding)
        if width != title.width:
            title.width = width
            table.refresh(layout=True)
            table._require_update_dimensions = True

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
        team_cells = self.team_cells([e.id for e in entries if e.analysed])
        table.add_rows(
            (Text(e.title[:120] or "(untitled)"), Text(e.date[:10]), str(e.quotes) if e.analysed else "",
             str(e.speakers) if e.analysed else "", Text(e.progress), *team_cells.get(e.id, self._no_team_cells))
            for e in entries
        )

    @property
    def _no_team_cells(self) -> tuple:
        return ("",) * (len(self.annotators) + 1) if self.annotators else ()

    def team_cells(self, ids: list[int]) -> dict[int, tuple]:
        """Each annotator's progress in their own layer, and the article's agreement."""
        if not self.annotators or not ids:
            return {}
        from store import team

        store = self.app.store
        progress = {name: store.layer_progress(ids, name) for name in self.annotators}
        with_layers = {}
        for name in self.annotators:
            for article_id in team.articles_of(store, name, ids):
                with_layers.setdefault(article_id, []).append(name)
        out = {}
        for article_id in ids:
            cells = []
            for name in self.annotators:
                done = progress[name].get(article_id)
                cells.append(f"{done[0]}/{done[1]}" if done and article_id in with_layers and name in with_layers[article_id] else "")
            agree = ""
            names = with_layers.get(article_id, [])
            if len(names) >= 2:
                same, total = team.observed_all(team.units(store, article_id, names), names)
                agree = f"{100 * same / total:.0f}%" if total else "—"
            out[article_id] = (*cells, agree)
        return out

    def update_status(self) -> None:
        query = self.search_text
        shown = len(self.ids)
        if query.strip():
            status = f"{shown}{'' if self.exhausted else '+'} match(es) for {query!r}"
        else:
            status = f"{self.total} article(s)" + ("" if self.exhausted else f" · {shown} loaded, more as you scroll")
        team = " · A adjudicates" if getattr(self, "annotators", None) else ""
        self.query_one("#library-status", Static).update(status + " · Enter opens · / searches · p speakers" + team)

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

    def action_adjudicate(self) -> None:
        article_id = self.current_id
        if article_id is None:
            return
        if self.app.store.analysis_info(article_id) is None:
            self.notify("not analysed yet: open it first", severity="warning", timeout=3)
            return
        from .adjudication import AdjudicationScreen

        self.app.push_screen(AdjudicationScreen(article_id, self.app.store.article(article_id)["title"] or ""))

    def action_speakers(self) -> None:
        from .speaker_history import SpeakersScreen

        self.app.push_screen(SpeakersScreen())
