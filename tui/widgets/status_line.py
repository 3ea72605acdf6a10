"""One line of state under the article: position, review progress, focused target, selection, search."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget


def fit(parts: list[tuple[Text, int]], tail: Text, width: int) -> Text:
    """``parts`` (text, rank) joined, dropping the highest-ranked first (rank 0: never dropped)
    while they do not fit in ``width``; then ``tail`` (a key hint), which is cut off where the
    line ends rather than dropped.

    >>> parts = [(Text(" q1"), 0), (Text(" · quote 1 of 9"), 1), (Text(" · reviewed 0 of 9"), 2),
    ...          (Text(" · target DPRK"), 0)]
    >>> fit(parts, Text("  1 2 3"), 80).plain
    ' q1 · quote 1 of 9 · reviewed 0 of 9 · target DPRK  1 2 3'
    >>> fit(parts, Text("  1 2 3"), 40).plain  # the least needed part gives way to the target
    ' q1 · quote 1 of 9 · target DPRK  1 2 3'
    """
    kept = list(parts)
    while sum(t.cell_len for t, _ in kept) > width and any(rank for _, rank in kept):
        worst = max(rank for _, rank in kept)
        kept.remove(next(p for p in reversed(kept) if p[1] == worst))
    out = Text()
    for t, _ in kept:
        out.append_text(t)
    out.append_text(tail)
    return out


class StatusLine(Widget):
    """Redraws in place: updating it never re-lays-out the screen. What does not fit its width
    gives way by rank (``fit``), so the focused target stays in sight on a narrow screen."""

    DEFAULT_CSS = """
    StatusLine { height: 1; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.parts: list[tuple[Text, int]] = []
        self.tail = Text()

    @property
    def text(self) -> Text:
        """Everything the line holds, before it is fitted to the width."""
        return fit(self.parts, self.tail, 1 << 30)

    def show(self, parts: list[tuple[Text, int]] | Text, tail: Text | None = None) -> None:
        """``parts``: (text, rank) in order, or one Text that is never dropped; ``tail``: shown
        last, cut off where the line ends."""
        parts = [(parts, 0)] if isinstance(parts, Text) else parts
        tail = tail or Text()
        if parts != self.parts or tail != self.tail:
            self.parts, self.tail = parts, tail
            self.refresh()

    def render(self) -> Text:
        return fit(self.parts, self.tail, self.content_size.width or 1 << 30)
