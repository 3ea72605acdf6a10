"""Help: every key of a screen (after the user's remapping), grouped as its registry (``tui.keys``) groups them."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from ..keys import Section


def key_list(app, binding: Binding, keymap: dict[str, str]) -> str:
    keys = keymap.get(binding.id, binding.key) if binding.id else binding.key
    shown = []
    for key in keys.split(","):
        key = key.strip()
        if key:
            shown.append(app.get_key_display(Binding(key, binding.action)))
    return " ".join(dict.fromkeys(shown))


def help_text(app, sections: tuple[Section, ...], keymap: dict[str, str]) -> Text:
    out = Text()
    for section in sections:
        out.append(f"{section.title}\n", style="bold underline")
        for binding in section.bindings:
            out.append(f"  {key_list(app, binding, keymap):<16}", style="bold")
            out.append(binding.tooltip or binding.description)
            out.append("\n")
        out.append("\n")
    out.rstrip()
    return out


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,question_mark", "close", "Close", id="help_close"),
        Binding("j,down", "scroll(1)", "Down", show=False),
        Binding("k,up", "scroll(-1)", "Up", show=False),
    ]

    def __init__(self, sections: tuple[Section, ...], keymap: dict[str, str]) -> None:
        super().__init__()
        self.sections = sections
        self.keymap = keymap

    def compose(self) -> ComposeResult:
        with Vertical(id="help", classes="dialog"):
            yield Label("Keys", classes="dialog-title")
            with VerticalScroll(id="help-body"):
                yield Static(help_text(self.app, self.sections, self.keymap), id="help-text")
            yield Label("esc close · every action is also in the command palette (ctrl+p)", classes="dialog-help")

    def action_scroll(self, step: int) -> None:
        body = self.query_one("#help-body", VerticalScroll)
        body.scroll_relative(y=step, animate=False)

    def action_close(self) -> None:
        self.dismiss(None)
