"""The article, wrapped to the view, drawn line by line with cached strips."""

from __future__ import annotations

from bisect import bisect_right

from rich.text import Text
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ..wrap import line_starts


class ArticleView(ScrollView, can_focus=True):
    """Scrollable article text; only visible lines are rendered."""

    DEFAULT_CSS = """
    ArticleView { scrollbar-gutter: stable; }
    """

    def __init__(self, content: Text | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self._content = content or Text()
        self._starts: list[int] = [0]
        self._lines: list[Text] = []
        self._strips: dict[int, Strip] = {}
        self._width = 0

    def set_content(self, content: Text) -> None:
        """Replace the styled article text (same plain text, new highlights keep wrapping)."""
        same_plain = content.plain == self._content.plain
        self._content = content
        if same_plain and self._width:
            self._lines = list(content.divide(self._starts[1:]))
            self._strips.clear()
            self.refresh()
        else:
            self._relayout()

    def on_resize(self) -> None:
        self._relayout()

    def _relayout(self) -> None:
        width = self.scrollable_content_region.width
        if width <= 0:
            return
        self._width = width
        self._starts = line_starts(self._content.plain, width)
        self._lines = list(self._content.divide(self._starts[1:]))
        self._strips.clear()
        self.virtual_size = Size(width, len(self._lines))
        self.refresh()

    def line_of(self, offset: int) -> int:
        """The display line holding character ``offset``."""
        return max(0, bisect_right(self._starts, offset) - 1)

    def scroll_to_offset(self, offset: int, animate: bool = False) -> None:
        line = self.line_of(offset)
        top = self.scroll_offset.y
        height = self.scrollable_content_region.height
        if not top <= line < top + height:
            self.scroll_to(y=max(0, line - height // 3), animate=animate)

    def render_line(self, y: int) -> Strip:
        index = y + self.scroll_offset.y
        if index >= len(self._lines):
            return Strip.blank(self.size.width, self.rich_style)
        strip = self._strips.get(index)
        if strip is None:
            line = self._lines[index].copy()
            line.rstrip()
            line.end = ""
            segments = [s for s in line.render(self.app.console) if s.text != "\n"]
            strip = Strip(segments).extend_cell_length(self._width)
            strip = strip.apply_style(self.rich_style)
            self._strips[index] = strip
        return strip.crop(self.scroll_offset.x, self.scroll_offset.x + self.size.width)


