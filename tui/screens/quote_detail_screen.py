"""The focused quote's detail as a dialog (key ``i``): what the sidebar's detail panel shows —
speaker, kind, cue, VADER, each target's stance with its evidence words and who corrected what —
readable at any width, and while the sidebar is hidden (``\\``), when the panel is out of sight.

Everything in it comes from ``widgets.quote_detail.describe``, which shows article text, ids and
names as plain text (``safe_text.visible``): no markup, no control sequences."""

from __future__ import annotations

from collections.abc import Collection

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from ..widgets.quote_detail import describe
from .scrolling import SCROLL_BINDINGS, ScrollingBody


class QuoteDetailScreen(ScrollingBody, ModalScreen[None]):
    """Shows ``describe(palette, **detail)`` wrapped to the dialog's width; esc, q or the key that
    opened it (``close_keys``: the reader's ``quote_detail`` keys, as the user mapped them) closes."""

    BINDINGS = [Binding("escape,q", "close", "Close", id="quote_detail_close"), *SCROLL_BINDINGS]
    BODY = "#quote-detail-body"

    def __init__(self, detail: dict, close_keys: Collection[str] = ("i",)) -> None:
        super().__init__()
        self.detail = detail
        self.close_keys = close_keys

    def on_key(self, event) -> None:
        if event.key in self.close_keys:
            event.stop()
            self.dismiss(None)

    def compose(self) -> ComposeResult:
        with Vertical(id="quote-detail", classes="dialog"):
            yield Label("Quote detail", classes="dialog-title")
            with VerticalScroll(id="quote-detail-body"):
                yield Static(id="quote-detail-text")
            yield Label("↑↓ pgup pgdn home end scroll · esc close", classes="dialog-help")

    def on_resize(self) -> None:
        """Wrapped to the dialog's width, as the sidebar's panel is to the sidebar's."""
        body = self.query_one("#quote-detail-body", VerticalScroll)
        width = body.scrollable_content_region.width or 70
        self.query_one("#quote-detail-text", Static).update(describe(self.app.palette, **self.detail, width=width - 1))

    def on_mount(self) -> None:
        self.on_resize()

    def action_close(self) -> None:
        self.dismiss(None)
