"""Keys that scroll a dialog's body (help, quote detail): one list of bindings, one set of actions.

A dialog lists ``SCROLL_BINDINGS`` in its ``BINDINGS``, inherits ``ScrollingBody`` before
``ModalScreen`` and names its scrolled container in ``BODY``."""

from __future__ import annotations

from textual.binding import Binding
from textual.containers import VerticalScroll

SCROLL_BINDINGS = [
    Binding("j,down", "scroll(1)", "Down", show=False),
    Binding("k,up", "scroll(-1)", "Up", show=False),
    Binding("home", "edge(0)", "Top", show=False),
    Binding("end", "edge(1)", "Bottom", show=False),
    Binding("pageup", "page(-1)", "Page up", show=False),
    Binding("pagedown,space", "page(1)", "Page down", show=False),
]


class ScrollingBody:
    """``scroll``, ``page`` and ``edge`` actions on the container ``BODY`` (a CSS selector)."""

    BODY = ""

    def _body(self) -> VerticalScroll:
        return self.query_one(self.BODY, VerticalScroll)  # type: ignore[attr-defined]

    def action_edge(self, end: int) -> None:
        if end:
            self._body().scroll_end(animate=False, immediate=True)
        else:
            self._body().scroll_home(animate=False, immediate=True)

    def action_page(self, step: int) -> None:
        body = self._body()
        body.scroll_relative(y=step * max(1, body.scrollable_content_region.height - 1), animate=False)

    def action_scroll(self, step: int) -> None:
        self._body().scroll_relative(y=step, animate=False)
