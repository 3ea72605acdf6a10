"""Adjudication: settle, field by field, where the annotators' layers disagree (``store.team``).

One row per disagreement (a field of a quote whose annotators' values are not all the same),
with each annotator's value side by side, the machine's and what gold holds now. ``1``–``4``
take an annotator's value, ``m`` the machine's, ``e`` types one; each decision is written to the
gold layer with its provenance (the adjudicator, whose value was taken). Fields every annotator
gave the same value go to gold as ``agreed`` when the screen opens.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from store import team
from store.corrections import GOLD
from store.errors import StoreError

from .. import keys
from .keyed import KeyedScreen
from ..safe_text import visible

QUOTE_WIDTH = 26


def progress_text(settled: int, total: int, agreed: int) -> str:
    """The progress line.

    >>> progress_text(7, 12, 30)
    'disagreements settled 7 of 12 · 30 agreed fields in gold'
    """
    return f"disagreements settled {settled} of {total} · {agreed} agreed fields in gold"


class AdjudicationScreen(KeyedScreen, Screen):
    """The disagreements of one article between its annotators' layers."""

    KEYS = keys.ADJUDICATION
    BINDINGS = list(keys.ADJUDICATION_SECTION.bindings)

    def __init__(self, article_id: int, title: str = "") -> None:
        super().__init__()
        self.article_id = article_id
        self.article_title = title
        self.names: list[str] = []
        self.items: list[team.Item] = []
        self.agreed = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="adjudication-progress")
        yield DataTable(id="adjudication-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="adjudication-detail")
        yield Footer()

    def on_mount(self) -> None:
        self.title = visible(self.article_title)
        store = self.app.store
        self.names = team.annotators(store, [self.article_id])
        if len(self.names) < 2:
            self.notify("adjudication needs two annotators' layers (project set review independent)",
                        severity="warning", timeout=6)
        else:
            try:
                team.settle_agreed(store, self.article_id, self.names)
            except StoreError as exc:
                self.notify(str(exc), severity="error", markup=False)
        table = self.query_one(DataTable)
        table.add_column("Quote", key="quote", width=QUOTE_WIDTH)
        table.add_column("Field", key="field", width=13)
        table.add_column("Machine", key="machine", width=15)
        for i, name in enumerate(self.names[:4], 1):
            table.add_column(Text(f"{i} {visible(name)[:12]}"), key=f"a{i}", width=15)
        table.add_column("Gold", key="gold", width=18)
        self.load()
        table.focus()

    # ------------------------------------------------------------------ state

    def load(self, row: int | None = None) -> None:
        """Read the disagreements again and redraw (the cursor on ``row``, else where it was)."""
        store = self.app.store
        self.items = team.items(store, self.article_id, self.names) if len(self.names) >= 2 else []
        gold = store.effective(self.article_id, GOLD)
        self.agreed = sum(1 for prov in gold.corrected.values() if prov.basis == team.AGREED)
        table = self.query_one(DataTable)
        keep = table.cursor_row if row is None else row
        table.clear()
        for item in self.items:
            table.add_row(*self._cells(item))
        if self.items:
            table.move_cursor(row=max(0, min(keep or 0, len(self.items) - 1)))
        settled = sum(1 for i in self.items if i.settled)
        text = progress_text(settled, len(self.items), self.agreed)
        self.sub_title = text
        self.query_one("#adjudication-progress", Static).update(Text(" " + text, style="bold"))
        self.show_detail()

    def _cells(self, item: team.Item) -> list[Text]:
        unit = item.unit
        quote = visible(unit.text).replace("\n", " ")
        quote = quote if len(quote) <= QUOTE_WIDTH - 1 else quote[:QUOTE_WIDTH - 2] + "…"
        cells = [Text(quote), Text(visible(item.field)), Text(visible(_shown(unit.machine.get(item.field))))]
        for name in self.names[:4]:
            cells.append(Text(visible(_shown(unit.values.get(name, {}).get(item.field)))))
        if item.settled:
            gold = Text(visible(item.gold.shown if item.gold else "—"), style="bold")
            gold.append(f" ← {visible(item.basis)}", style="dim")
        else:
            gold = Text("(open)", style="italic dim")
        cells.append(gold)
        return cells

    @property
    def current(self) -> team.Item | None:
        row = self.query_one(DataTable).cursor_row
        return self.items[row] if self.items and row is not None and row < len(self.items) else None

    def show_detail(self) -> None:
        item = self.current
        detail = Text()
        if item is not None:
            unit = item.unit
            detail.append(f" {unit.key} [{unit.start}–{unit.end}] ", style="bold")
            detail.append(visible(unit.text))
            detail.append("\n ")
            detail.append(f"{visible(item.field)}: ", style="bold")
            parts = [f"machine {_shown(unit.machine.get(item.field))}"]
            parts += [f"{i} {name} {_shown(unit.values.get(name, {}).get(item.field))}"
                      for i, name in enumerate(self.names[:4], 1)]
            detail.append(visible(" · ".join(parts)))
            if item.settled:
                detail.append(f"\n gold: {visible(item.gold.shown if item.gold else '—')} (taken from "
                              f"{visible(item.basis)}, by {visible(item.adjudicator or '')})", style="dim")
        self.query_one("#adjudication-detail", Static).update(detail)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_detail()

    # ------------------------------------------------------------------ decisions

    def _decide(self, value: team.Value | None, basis: str) -> None:
        item = self.current
        if item is None:
            return
        if value is None:
            self.notify(f"{basis} gave no value for {item.field} here", severity="warning", timeout=3)
            return
        row = self.query_one(DataTable).cursor_row
        try:
            team.settle(self.app.store, self.article_id, item.unit, item.field, value, basis)
        except StoreError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.load(row)
        self.action_next_open(from_current=True)

    def action_take(self, n: int) -> None:
        item = self.current
        if item is None or n > len(self.names):
            return
        name = self.names[n - 1]
        self._decide(item.unit.values.get(name, {}).get(item.field), name)

    def action_take_machine(self) -> None:
        item = self.current
        if item is not None:
            self._decide(item.unit.machine.get(item.field), team.MACHINE)

    def action_edit(self) -> None:
        item = self.current
        if item is None:
            return
        field = item.field

        def chosen(text: str | None) -> None:
            if text is None:
                return
            try:
                value = team.parse_value(field, text)
            except StoreError as exc:
                self.notify(str(exc), severity="error", markup=False)
                return
            self._decide(value, team.EDITED)

        from .text_prompt import TextPrompt

        hint = {"status": "kept or rejected", "speaker": "a speaker's name, or none",
                "kind": "direct, mixed, indirect, according_to, scare"}.get(field, "negative, neutral or positive")
        current = item.gold.shown if item.gold else ""
        self.app.push_screen(TextPrompt(f"Gold {visible(field)} of {visible(item.unit.key)}", visible(current), hint),
                             chosen)

    def action_undo(self) -> None:
        try:
            done = self.app.store.undo(self.article_id, GOLD)
        except StoreError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.load()
        self.notify("undone" if done else "nothing to undo", timeout=2)

    def action_next_open(self, from_current: bool = False) -> None:
        """The cursor to the next disagreement not settled yet (from the row after the cursor)."""
        table = self.query_one(DataTable)
        start = table.cursor_row or 0
        order = list(range(start, len(self.items))) + list(range(0, start))
        if not from_current:
            order = order[1:] + order[:1]
        for i in order:
            if not self.items[i].settled:
                table.move_cursor(row=i)
                return

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "take" and parameters and int(parameters[0]) > len(self.names):
            return None
        if action in ("take", "take_machine", "edit", "next_open") and not self.items:
            return None
        return True


def _shown(value: team.Value | None) -> str:
    return "—" if value is None else value.shown
