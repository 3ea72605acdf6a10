"""Help: every key of a screen (after the user's remapping), grouped as its registry (``tui.keys``) groups them."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from ..keys import Section
from .scrolling import SCROLL_BINDINGS, ScrollingBody


def key_list(app, binding: Binding, keymap: dict[str, str]) -> str:
    keys = keymap.get(binding.id, binding.key) if binding.id else binding.key
    shown = []
    for key in keys.split(","):
        key = key.strip()
        if key:
            shown.append(app.get_key_display(Binding(key, binding.action)))
    return " ".join(dict.fromkeys(shown))


KEY_COLUMN = 18


def help_text(app, sections: tuple[Section, ...], keymap: dict[str, str], width: int = 78) -> Text:
    """Each section's keys and what they do; a long description wraps under the description
    column, never into the key column (and a long key list gets its own line).

    Lines are never longer than ``width``, so the text's height is its number of lines."""
    import textwrap

    room = max(20, width - KEY_COLUMN)
    out = Text()
    for section in sections:
        for line in textwrap.wrap(section.title, width) or [""]:
            out.append(f"{line}\n", style="bold underline")
        for binding in section.bindings:
            keys = key_list(app, binding, keymap)
            if len(keys) > KEY_COLUMN - 3:
                out.append(f"  {keys}\n", style="bold")
                out.append(" " * KEY_COLUMN)
            else:
                out.append(f"  {keys:<{KEY_COLUMN - 2}}", style="bold")
            lines = textwrap.wrap(binding.tooltip or binding.description, room) or [""]
            out.append(("\n" + " " * KEY_COLUMN).join(lines))
            out.append("\n")
        out.append("\n")
    out.rstrip()
    return out


class HelpScreen(ScrollingBody, ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark", "close", "Close", id="help_close"), *SCROLL_BINDINGS]
    BODY = "#help-body"

    def __init__(self, sections: tuple[Section, ...], keymap: dict[str, str]) -> None:
        super().__init__()
        self.sections = sections
        self.keymap = keymap

    def compose(self) -> ComposeResult:
        with Vertical(id="help", classes="dialog"):
            yield Label("Keys", classes="dialog-title")
            with VerticalScroll(id="help-body"):
                yield Static(id="help-text")
            yield Label("↑↓ pgup pgdn home end scroll · esc close · every action: ctrl+p",
                        classes="dialog-help")

    def on_resize(self) -> None:
        """Wrapped to the dialog's width (so End reaches the last line)."""
        body = self.query_one("#help-body", VerticalScroll)
        width = body.scrollable_content_region.width or 78
        self.query_one("#help-text", Static).update(help_text(self.app, self.sections, self.keymap, width - 1))

    def on_mount(self) -> None:
        self.on_resize()

    def action_close(self) -> None:
        self.dismiss(None)
