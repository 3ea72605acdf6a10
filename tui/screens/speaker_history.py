"""Speakers across the library: the list of speaker entities, and one speaker's history.

``SpeakersScreen`` lists the entities (``store.speakers_xdoc``); Enter opens
``SpeakerHistoryScreen``: the speaker's quotes across all articles, oldest first, with a
sparkline per target of the stance over time, and keys to export (CSV and JSON), split an
article off into a new speaker, and open the article of a quote.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Label, Sparkline, Static

from store.errors import StoreError
from store.speakers_xdoc import Speakers

from .. import keys
from ..safe_text import file_slug, visible
from .filtered_table import FilteredTable
from .keyed import KeyedScreen
from .library_reader import open_article

_BARS = "▁▂▃▄▅▆▇█"


def sparkline_text(values: list[float], lo: float = -1.0, hi: float = 1.0) -> str:
    """A one-line sparkline on a fixed scale (stance scores are in [-1, 1])."""
    out = []
    for v in values:
        frac = (min(hi, max(lo, v)) - lo) / (hi - lo)
        out.append(_BARS[min(len(_BARS) - 1, int(frac * len(_BARS)))])
    return "".join(out)


def plain(text: str | None, limit: int | None = None) -> Text:
    """Text from the data (article text, speaker names, user config) as a literal cell or
    label: never read as markup, control characters made visible; longer than ``limit``, cut
    with an ellipsis."""
    shown = visible(text or "")
    if limit is not None and len(shown) > limit:
        shown = shown[: max(0, limit - 1)] + "…"
    return Text(shown)


# The speakers table: fixed columns (mark, kind, articles, quotes) and two that share the rest.
_FIXED = (("mark", " ", 1), ("kind", "Kind", 12), ("articles", "Articles", 8), ("quotes", "Quotes", 6))


def name_widths(width: int) -> tuple[int, int]:
    """(name, also-called) column widths for a table ``width`` cells wide: whatever the fixed
    columns and the cell padding leave, 55 % to the name (16 to 48 cells).

    >>> name_widths(120)
    (43, 36)
    """
    rest = width - sum(w for _, _, w in _FIXED) - 2 * (len(_FIXED) + 2) - 2  # padding, scrollbar
    name = max(16, min(48, int(rest * 0.55)))
    return name, max(10, rest - name)


def open_speakers(screen: Screen, sync: bool = True) -> Speakers | None:
    """The library's speakers (reads only on a read-only database), or None after a one-line
    error notification (a read-only file without the speaker tables yet)."""
    try:
        return Speakers(screen.app.store, sync=sync)
    except (StoreError, sqlite3.Error) as exc:
        screen.notify(visible(str(exc)), severity="error", markup=False)
        return None


def saved(screen: Screen, write, *args) -> tuple[bool, object]:
    """``(True, write(*args))``, or ``(False, None)`` after a refusal (read-only file, busy
    database, unknown speaker) shown as a one-line error notification, never a traceback."""
    try:
        return True, write(*args)
    except (StoreError, KeyError, sqlite3.Error) as exc:
        message = exc.args[0] if isinstance(exc, KeyError) and exc.args else str(exc)
        screen.notify(visible(str(message) or type(exc).__name__), severity="error", markup=False)
        return False, None


class SpeakersScreen(KeyedScreen, FilteredTable, Screen):
    """Every speaker entity in the library, most articles first."""

    DEFAULT_CSS = """
    SpeakersScreen #speakers-filter { height: 3; }
    SpeakersScreen #speakers-table { height: 1fr; }
    SpeakersScreen #speakers-status { height: 1; background: $panel; }
    """
    KEYS = keys.SPEAKERS
    BINDINGS = list(keys.SPEAKERS_SECTION.bindings)

    def __init__(self) -> None:
        super().__init__()
        self.marked: set[int] = set()
        self.ids: list[int] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="Filter speakers by name…", id="speakers-filter")
        yield DataTable(id="speakers-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="speakers-status")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Speakers across articles"
        table = self.query_one(DataTable)
        self.name_width, self.alias_width = name_widths(self.app.size.width)
        table.add_column(" ", width=1)
        table.add_column("Speaker", width=self.name_width)
        for key, label, width in _FIXED[1:]:
            table.add_column(label, key=key, width=width)
        table.add_column("Also called", width=self.alias_width)
        self.speakers = open_speakers(self)
        self.reload()
        table.focus()

    def reload(self, query: str | None = None) -> None:
        table = self.query_one(DataTable)
        table.clear()
        if self.speakers is None:
            self.ids = []
            self.query_one("#speakers-status", Static).update("no speaker list in this read-only database")
            return
        entities = self.speakers.entities(query or None)
        self.ids = [e.id for e in entities]
        self.entities = {e.id: e for e in entities}
        for e in entities:
            others = ", ".join(a for a in e.aliases if a != e.name)
            table.add_row("*" if e.id in self.marked else " ", plain(e.name, self.name_width), plain(e.kind, 12),
                          str(e.articles), str(e.quotes), plain(others, self.alias_width), key=str(e.id))
        self.summary = (f"{len(entities)} speaker(s) · space marks, m merges the marked into the cursor's speaker"
                        + (" · read-only database: merging is off" if self.speakers.read_only else ""))
        self.query_one("#speakers-status", Static).update(self.summary)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """The full name of the speaker under the cursor (the column shows it cut)."""
        entity = getattr(self, "entities", {}).get(int(event.row_key.value)) if event.row_key.value else None
        if entity is not None and len(visible(entity.name)) > self.name_width:
            self.query_one("#speakers-status", Static).update(plain(entity.name))
        elif hasattr(self, "summary"):
            self.query_one("#speakers-status", Static).update(self.summary)

    def refilter(self, text: str) -> None:
        self.reload(text)

    def action_mark(self) -> None:
        entity_id = self.current_id
        if entity_id is None:
            return
        self.marked ^= {entity_id}
        row = self.query_one(DataTable).cursor_row
        self.reload(self.query_one(Input).value)
        self.query_one(DataTable).move_cursor(row=row)

    def action_merge(self) -> None:
        into = self.current_id
        others = self.marked - {into}
        if into is None or not others:
            self.notify("mark speakers with space, then press m on the one to keep", severity="warning")
            return
        ok, _ = saved(self, lambda: [self.speakers.merge(into, other) for other in others])
        if not ok:
            return
        self.marked.clear()
        self.reload(self.query_one(Input).value)
        self.notify(f"merged {len(others)} speaker(s)")

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.app.push_screen(SpeakerHistoryScreen(int(event.row_key.value)))


class SpeakerHistoryScreen(KeyedScreen, Screen):
    """One speaker's quotes across the library and stance toward each target over time."""

    DEFAULT_CSS = """
    SpeakerHistoryScreen #history-head { height: auto; padding: 0 1; }
    SpeakerHistoryScreen #history-lines { height: auto; max-height: 12; padding: 0 1; }
    SpeakerHistoryScreen .history-line { height: 2; }
    SpeakerHistoryScreen .history-target { width: 18; }
    SpeakerHistoryScreen Sparkline { width: 1fr; height: 2; }
    SpeakerHistoryScreen .history-single { width: 1fr; color: $text-muted; }
    SpeakerHistoryScreen .history-range { width: 44; padding: 0 1; color: $text-muted; }
    SpeakerHistoryScreen #history-quotes { height: 1fr; }
    """
    KEYS = keys.HISTORY
    BINDINGS = list(keys.HISTORY_SECTION.bindings)

    def __init__(self, entity_id: int, export_dir: Path | None = None) -> None:
        super().__init__()
        self.entity_id = entity_id
        self.export_dir = export_dir
        self.quotes = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="history-head")
        yield Vertical(id="history-lines")
        yield DataTable(id="history-quotes", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.speakers = open_speakers(self, sync=False)
        if self.speakers is None:
            self.app.pop_screen()
            return
        self.load()
        self.query_one(DataTable).focus()

    def load(self) -> None:
        entity = self.speakers.entity(self.entity_id)
        if entity is None:
            self.app.pop_screen()
            return
        self.sub_title = visible(entity.name)
        self.quotes = self.speakers.quotes(self.entity_id)
        timeline = self.speakers.timeline(self.entity_id, self.quotes)
        others = ", ".join(a for a in entity.aliases if a != entity.name)
        head = Text.assemble((visible(entity.name), "bold"), f" ({visible(entity.kind or '')})",
                             f" · {entity.articles} article(s) · {len(self.quotes)} quote(s)")
        if others:
            head.append("\nalso called: ")
            head.append(visible(others))
        self.query_one("#history-head", Static).update(head)
        lines = self.query_one("#history-lines", Vertical)
        lines.remove_children()
        rows = []
        for n, (target, points) in enumerate(timeline.items()):
            scores = [s for _, s, _ in points]
            if len(points) > 1:  # a line over time needs two dates: one point would draw a full bar
                trend = Sparkline([s + 1.0 for s in scores], summary_function=max, id=f"spark-{n}")  # target names are data: never in an id
                span = f"{points[0][0]} → {points[-1][0]}  {scores[0]:+.2f} → {scores[-1]:+.2f}"
            else:
                trend = Label(plain(f"one date only: {scores[0]:+.2f} ({points[0][2]} quote(s))"),
                              classes="history-single", markup=False)
                span = points[0][0]
            rows.append(Horizontal(
                Label(plain(target, 17), classes="history-target", markup=False), trend,
                Label(plain(span), classes="history-range", markup=False),
                classes="history-line"))
        if not rows:
            rows.append(Label("no stance toward any target yet", markup=False))
        lines.mount_all(rows)
        self.timeline = timeline
        table = self.query_one(DataTable)
        table.clear(columns=True)
        targets = list(timeline)
        table.add_columns("Date", "Article", *[plain(t) for t in targets], "Quote")
        imported = any(q.date_from == "imported" for q in self.quotes)
        if imported:
            head.append("\n* import date: the article's own date is unknown", style="dim")
            self.query_one("#history-head", Static).update(head)
        for i, q in enumerate(self.quotes):
            table.add_row(plain(q.date + ("*" if q.date_from == "imported" else "")), plain(q.title, 30),
                          *[(f"{q.stance[t]:+.2f}" if t in q.stance else "") for t in targets],
                          plain(q.text, 100), key=str(i))

    def current(self):
        table = self.query_one(DataTable)
        if not self.quotes or table.cursor_row is None or table.cursor_row >= len(self.quotes):
            return None
        return self.quotes[table.cursor_row]

    def action_export(self) -> None:
        """Write the speaker's CSV and JSON atomically; files already there are replaced only
        when ``e`` is pressed again (the first press asks)."""
        from store.files import atomic_write

        entity = self.speakers.entity(self.entity_id)
        folder = self.export_dir or Path.cwd()
        base = folder / f"speaker-{self.entity_id}-{file_slug(entity.name, 'speaker')}"
        paths = [base.with_suffix(".csv"), base.with_suffix(".json")]
        existing = [p for p in paths if os.path.lexists(p)]
        force = bool(existing) and getattr(self, "_confirm_overwrite", None) == base
        if existing and not force:
            self._confirm_overwrite = base
            self.notify(f"{visible(existing[0].name)} exists: press e again to overwrite", severity="warning",
                        markup=False)
            return
        self._confirm_overwrite = None
        try:
            for path, fmt in zip(paths, ("csv", "json")):
                text = self.speakers.export(self.entity_id, fmt)
                atomic_write(path, lambda fh: fh.write(text), force=force)
        except (OSError, StoreError) as exc:
            self.notify(visible(f"export failed: {exc}"), severity="error", markup=False)
            return
        self.notify(visible(f"wrote {base}.csv and .json"), markup=False)

    def action_split(self) -> None:
        quote = self.current()
        if quote is None:
            return
        articles = {q.article_id for q in self.quotes}
        if len(articles) < 2:
            self.notify("this speaker is in one article only: nothing to split", severity="warning", markup=False)
            return
        ok, new_id = saved(self, self.speakers.split, self.entity_id, [quote.article_id])
        if not ok:
            return
        self.notify(visible(f"article {quote.article_id} now has its own speaker ({new_id})"), markup=False)
        self.load()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        quote = self.current()
        if quote is not None:

            open_article(self.app, quote.article_id)

