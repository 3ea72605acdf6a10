"""Edit a quote's stance toward every target: label and score, machine value alongside."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from nlp.model import STANCE_LABELS, QuoteStance, label_for

from ..safe_text import visible

DEFAULT_SCORE = {"negative": -0.6, "neutral": 0.0, "positive": 0.6}  # as the store scores 1/2/3


class StanceEditor(ModalScreen[dict[str, tuple[str, float]] | None]):
    """Dismisses with {target: (label, score)} for the targets the user changed, or None."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="editor_cancel"),
        Binding("enter", "save", "Save", id="editor_save"),
        Binding("down,j,tab", "row(1)", "Next target", id="editor_next_target"),
        Binding("up,k,shift+tab", "row(-1)", "Prev target", id="editor_prev_target"),
        Binding("1", "label('negative')", "Negative", id="editor_negative"),
        Binding("2", "label('neutral')", "Neutral", id="editor_neutral"),
        Binding("3", "label('positive')", "Positive", id="editor_positive"),
        Binding("left,h,minus", "nudge(-0.1)", "Score −0.1", id="editor_less"),
        Binding("right,l,plus,equals_sign", "nudge(0.1)", "Score +0.1", id="editor_more"),
    ]

    def __init__(
        self,
        quote_id: str,
        targets: list[str],
        current: dict[str, QuoteStance],
        machine: dict[str, QuoteStance],
        focused_target: str | None = None,
        title: str | None = None,
    ) -> None:
        super().__init__()
        self.quote_id = quote_id
        self.targets = targets
        self.machine = machine
        self.values: dict[str, tuple[str, float] | None] = {
            t: (current[t].label, current[t].score) if t in current else None for t in targets
        }
        self.initial = dict(self.values)
        self.row = targets.index(focused_target) if focused_target in targets else 0
        self.heading = title or f"Stance of {quote_id}"

    def compose(self) -> ComposeResult:
        with Vertical(id="stance-editor", classes="dialog"):
            yield Label(self.heading, classes="dialog-title", markup=False)
            yield Static(id="stance-rows")
            yield Label("↑↓ target · 1 2 3 neg neu pos · ←→ score ∓0.1 · ⏎ save · esc", classes="dialog-help")

    def on_mount(self) -> None:
        self.redraw()

    def render_rows(self) -> Text:
        out = Text()
        labels = self.app.palette.labels
        for i, target in enumerate(self.targets):
            focused = i == self.row
            out.append("▸ " if focused else "  ", style="bold")
            out.append(f"{visible(target)[:10]:<10} ", style="bold reverse" if focused else "bold")
            value = self.values[target]
            for label in STANCE_LABELS:
                chosen = value is not None and value[0] == label
                style = f"bold reverse {labels[label]}" if chosen else "dim"
                out.append(f" {label[:3]} ", style=style)
                out.append(" ")
            out.append(f"{value[1]:+.2f}" if value else "  —  ", style=labels.get(value[0], "") if value else "dim")
            if value != self.initial[target]:
                out.append(" ✎", style="bold")
            machine = self.machine.get(target)
            out.append("\n  machine    ", style="dim")
            out.append(f"{machine.label} {machine.score:+.2f}" if machine else "— (no evidence)", style="dim")
            if machine and machine.evidence:
                out.append("  “" + visible(machine.evidence[0])[:40] + "”", style="dim italic")
            out.append("\n")
        out.rstrip()
        return out

    def redraw(self) -> None:
        self.query_one("#stance-rows", Static).update(self.render_rows())

    @property
    def target(self) -> str:
        return self.targets[self.row]

    def action_row(self, step: int) -> None:
        if self.targets:
            self.row = (self.row + step) % len(self.targets)
            self.redraw()

    def action_label(self, label: str) -> None:
        if not self.targets:
            return
        value = self.values[self.target]
        score = value[1] if value and label_for(value[1]) == label else DEFAULT_SCORE[label]
        self.values[self.target] = (label, score)
        self.redraw()

    def action_nudge(self, delta: float) -> None:
        if not self.targets:
            return
        value = self.values[self.target]
        score = round(max(-1.0, min(1.0, (value[1] if value else 0.0) + delta)), 2)
        self.values[self.target] = (label_for(score), score)
        self.redraw()

    def action_save(self) -> None:
        changed = {t: v for t, v in self.values.items() if v is not None and v != self.initial[t]}
        self.dismiss(changed)

    def action_cancel(self) -> None:
        self.dismiss(None)
