"""The article, wrapped to the view and drawn line by line (line API, cached strips).

The text is wrapped once per width. Highlights are ``(start, end, Style)`` spans indexed by
start offset and looked up per visible line, so restyling (a correction) re-sorts spans and
drops cached strips without re-wrapping; moving the focus only invalidates the lines it touches. A left
gutter carries the focus bar and marks (✎ corrected, ✓ reviewed) without changing any offset.

Keyboard selection: ``v`` anchors a selection at the cursor, ``w``/``b`` (→/←, ``l``/``h``)
extend it by word, ``)``/``(`` by sentence; ``escape`` clears it.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from .. import keys
from ..safe_text import visible
from ..wrap import line_starts

GUTTER = 3  # focus bar, mark, space
LABEL = 8  # the speaker chip left of the gutter (7 cells and a space), when the view is wide enough
LABEL_MIN_TEXT = 40  # narrower than this, the article keeps its width and the chips are left out
_WORD = re.compile(r"\S+")
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s|$)|\n\s*\n")

Span = tuple[int, int, Style]


class ArticleView(ScrollView, can_focus=True, inherit_bindings=False):
    """Scrollable article text; only visible lines are rendered."""

    DEFAULT_CSS = """
    ArticleView { scrollbar-gutter: stable; }
    """
    # search matches and the selection (coloured in app.tcss)
    COMPONENT_CLASSES = {"article-view--match", "article-view--current-match", "article-view--selection"}

    BINDINGS = list(keys.ARTICLE.bindings)

    class Clicked(Message):
        """The user clicked on character ``offset``."""

        def __init__(self, offset: int) -> None:
            super().__init__()
            self.offset = offset

    class SelectionChanged(Message):
        pass

    def __init__(self, text: str = "", **kwargs) -> None:
        super().__init__(**kwargs)
        self._plain = visible(text)
        self._starts: list[int] = [0]
        self._width = 0
        self._spans: list[Span] = []
        self._span_starts: list[int] = []
        self._span_index: list[tuple[int, Span]] = []
        self._longest = 0
        self._strips: dict[int, Strip] = {}
        self._base_style: Style | None = None  # self.rich_style, computed once (see notify_style_update)
        self.lines_rendered = 0  # strips built (not served from the cache): for tests and benchmarks
        self._focus: tuple[int, int] | None = None
        self._focus_style = Style(reverse=True, bold=True)
        self._marks: dict[int, Text] = {}  # offset -> mark
        self._line_marks: dict[int, Text] = {}
        self._labels: dict[int, Text] = {}  # offset -> speaker chip
        self._line_labels: dict[int, Text] = {}
        self.label_width = 0  # LABEL when the chips are shown (set on layout)
        self._matches: list[tuple[int, int]] = []
        self._current_match: int | None = None
        self._pending_span: tuple[int, int] | None = None  # asked for before the layout allowed it
        self._top: tuple[int, int] = (0, -1)  # (offset, line): the text kept at the top by the last re-wrap
        self._height = 0  # the height laid out last (a resize changes it before the re-wrap reads it)
        self._pending_tries = 0
        self.cursor: int = 0
        self.cursor_visible = False
        self.anchor: int | None = None

    # ------------------------------------------------------------------ content

    @property
    def plain(self) -> str:
        return self._plain

    @property
    def line_count(self) -> int:
        return len(self._starts)

    def set_spans(self, spans: list[Span]) -> None:
        """Replace the highlights (the text and its wrapping stay).

        Only the cached lines whose spans differ are dropped and redrawn: a correction
        restyles the few lines of its quote, not the whole view.
        """
        if spans == self._spans:
            return
        cached = list(self._strips)
        before = {index: self._spans_for(*self._line_range(index)) for index in cached if index < len(self._starts)}
        self._spans = spans
        self._rebucket()
        self._drop_lines([index for index in cached
                          if index >= len(self._starts) or self._spans_for(*self._line_range(index)) != before[index]])

    def set_marks(self, marks: dict[int, Text]) -> None:
        """Gutter marks: ``{character offset: one-cell Text}``, drawn on that offset's line."""
        self._set_gutter("_marks", "_line_marks", marks)

    def set_labels(self, labels: dict[int, Text]) -> None:
        """Speaker chips: ``{character offset: Text}``, drawn left of that offset's line."""
        self._set_gutter("_labels", "_line_labels", labels)

    def _set_gutter(self, name: str, by_line: str, items: dict[int, Text]) -> None:
        """Replace marks or chips; redraw only the lines where what is drawn changed."""
        old = getattr(self, by_line)
        setattr(self, name, items)
        self._remark()
        new = getattr(self, by_line)
        self._drop_lines([index for index in set(old) | set(new)
                          if _mark_key(old.get(index)) != _mark_key(new.get(index))])

    @property
    def gutter_width(self) -> int:
        return self.label_width + GUTTER

    def _drop_lines(self, lines) -> None:
        """Forget the cached strips of display lines ``lines`` and repaint those in view."""
        top, height = self.scroll_offset.y, self.size.height
        for line in lines:
            self._strips.pop(line, None)
            if top <= line < top + height:
                self.refresh_line(line)  # ScrollView.refresh_line takes the virtual line

    def notify_style_update(self) -> None:
        """The CSS (theme, pseudo-classes) changed: the base style and every strip are stale."""
        super().notify_style_update()
        if hasattr(self, "_strips"):  # not while Widget.__init__ is still running
            self._base_style = None
            self._strips.clear()

    @property
    def base_style(self) -> Style:
        """``self.rich_style`` (it walks every ancestor), computed once until the styles change."""
        if self._base_style is None:
            self._base_style = self.rich_style
        return self._base_style

    def set_focus(self, span: tuple[int, int] | None, style: Style | None = None) -> None:
        """Focus a character range; only the lines it (and the previous focus) touch are redrawn."""
        old = self._focus
        self._focus = span
        if style is not None:
            self._focus_style = style
        self._invalidate(old)
        self._invalidate(span)

    def set_matches(self, matches: list[tuple[int, int]], current: int | None = None) -> None:
        self._matches = matches
        self._current_match = current
        self._strips.clear()
        self.refresh()

    # ---------------------------------------------------------------- selection

    @property
    def selection(self) -> tuple[int, int] | None:
        if self.anchor is None or self.anchor == self.cursor:
            return None
        return (min(self.anchor, self.cursor), max(self.anchor, self.cursor))

    def move_cursor(self, offset: int, visible_cursor: bool = True) -> None:
        old = self._cursor_span()
        self.cursor = max(0, min(len(self._plain), offset))
        self.cursor_visible = visible_cursor or self.cursor_visible
        if self.anchor is not None:
            self._strips.clear()
            self.refresh()
            self.post_message(self.SelectionChanged())
        else:
            self._invalidate(old)
            self._invalidate(self._cursor_span())
        self.scroll_to_offset(self.cursor)

    def clear_selection(self) -> None:
        had = self.anchor is not None or self.cursor_visible
        self.anchor = None
        self.cursor_visible = False
        if had:
            self._strips.clear()
            self.refresh()
            self.post_message(self.SelectionChanged())

    def action_toggle_selection(self) -> None:
        if self.anchor is not None:
            self.clear_selection()
            return
        self.anchor = self.cursor
        self.cursor_visible = True
        self._strips.clear()
        self.refresh()
        self.scroll_to_offset(self.cursor)
        self.post_message(self.SelectionChanged())

    def action_clear_selection(self) -> None:
        self.clear_selection()

    def action_word(self, step: int) -> None:
        text, pos = self._plain, self.cursor
        if step > 0:
            m = _WORD.search(text, pos)
            self.move_cursor(m.end() if m else len(text))
        else:
            lo = max(0, pos - 400)
            starts = [m.start() for m in _WORD.finditer(text, lo, pos) if m.start() < pos]
            self.move_cursor(starts[-1] if starts else lo)

    def _sentence_starts(self, lo: int, hi: int) -> list[int]:
        text = self._plain
        starts = [0] if lo == 0 else []
        for m in _SENTENCE_END.finditer(text, lo, hi):
            start = m.end()
            while start < len(text) and text[start].isspace():
                start += 1
            starts.append(start)
        return starts

    def action_sentence(self, step: int) -> None:
        text, pos = self._plain, self.cursor
        if step > 0:
            m = _SENTENCE_END.search(text, pos + 1)
            self.move_cursor(m.end() if m else len(text))
        else:
            lo = max(0, pos - 3000)
            starts = [s for s in self._sentence_starts(lo, pos) if s < pos]
            self.move_cursor(starts[-1] if starts else lo)

    def action_page_up(self) -> None:
        self.scroll_page_up(animate=False)

    def action_page_down(self) -> None:
        self.scroll_page_down(animate=False)

    def action_top(self) -> None:
        self.scroll_home(animate=False)

    def action_bottom(self) -> None:
        self.scroll_end(animate=False)

    # ------------------------------------------------------------------- layout

    def on_resize(self) -> None:
        self._relayout()

    def _relayout(self) -> None:
        """Wrap for the current width; a change of height alone keeps the cached strips. Wrapped
        again (the sidebar hidden or shown, the terminal resized), the reader keeps their place:
        the text at the top of the view stays at the top, and a focused quote in view stays in view."""
        full = self.scrollable_content_region.width
        self.label_width = LABEL if full - GUTTER - LABEL >= LABEL_MIN_TEXT else 0
        width = full - self.gutter_width
        if width <= 0:
            return
        place = None
        if width != self._width:
            if self._width:
                place = self._place()
            self._width = width
            self._starts = line_starts(self._plain, width)
            self._remark()
            self._strips.clear()
        self.virtual_size = Size(width + self.gutter_width, len(self._starts))
        self._height = self.scrollable_content_region.height
        if place is not None:
            top, focus = place
            self.scroll_to(y=self.line_of(top), animate=False, immediate=True)
            if focus is not None:
                self.scroll_to_span(*focus)
            self._top = (top, self.scroll_offset.y)
        self.refresh()
        if self._pending_span is not None:  # once the new size is laid out, show what was asked for
            self.call_after_refresh(self._show_pending)

    def _place(self) -> tuple[int, tuple[int, int] | None]:
        """Where the reader is: the offset at the top of the view (the one kept at the last
        re-wrap if the view has not scrolled since: hiding and showing the sidebar again comes
        back to the same line), and the focused quote if it is in view."""
        top, height = self.scroll_offset.y, self._height or self.scrollable_content_region.height
        kept, line = self._top
        # not scrolled since: the kept text, which may sit below the top where the last re-wrap's
        # scroll stopped at the end of the article
        first = kept if line == top and self.line_of(kept) >= top else self._starts[min(top, len(self._starts) - 1)]
        focus = self._focus
        if focus is not None:
            start, end = focus
            if self.line_of(start) >= top + height or self.line_of(max(start, end - 1)) < top:
                focus = None  # out of view: nothing to keep in view
        return first, focus

    def _show_pending(self) -> None:
        if self._pending_span is not None:
            self.scroll_to_span(*self._pending_span)

    def _rebucket(self) -> None:
        """Index the spans by start so a line finds its spans by bisection (no per-line work)."""
        indexed = sorted((span[0], order, span) for order, span in enumerate(self._spans) if span[1] > span[0])
        self._span_starts = [start for start, _, _ in indexed]
        self._span_index = [(order, span) for _, order, span in indexed]
        self._longest = max((span[1] - span[0] for span in self._spans), default=0)

    def _spans_for(self, start: int, end: int) -> list[Span]:
        """The spans touching [start, end), in application order."""
        lo = bisect_left(self._span_starts, start - self._longest)
        hi = bisect_left(self._span_starts, end)
        hits = [(order, span) for order, span in self._span_index[lo:hi] if span[1] > start]
        hits.sort(key=lambda pair: pair[0])
        return [span for _, span in hits]

    def _remark(self) -> None:
        self._line_marks = {}
        for offset, mark in sorted(self._marks.items()):
            self._line_marks.setdefault(self.line_of(offset), mark)
        self._line_labels = {}
        for offset, label in sorted(self._labels.items()):
            self._line_labels.setdefault(self.line_of(offset), label)

    def _line_range(self, index: int) -> tuple[int, int]:
        start = self._starts[index]
        end = self._starts[index + 1] if index + 1 < len(self._starts) else len(self._plain)
        return start, end

    def line_of(self, offset: int) -> int:
        """The display line holding character ``offset``."""
        return max(0, bisect_right(self._starts, offset) - 1)

    def offset_at(self, x: int, y: int) -> int:
        """The character offset under view cell (x, y)."""
        index = min(len(self._starts) - 1, y + self.scroll_offset.y)
        start, end = self._line_range(index)
        column = max(0, x + self.scroll_offset.x - self.gutter_width)
        return min(start + column, max(start, end - 1))

    def _cursor_span(self) -> tuple[int, int]:
        return (self.cursor, self.cursor + 1)

    def _invalidate(self, span: tuple[int, int] | None) -> None:
        if span is None or not self._width:
            return
        first, last = self.line_of(span[0]), self.line_of(max(span[0], span[1] - 1))
        top = self.scroll_offset.y
        for line in range(first, last + 1):
            self._strips.pop(line, None)
            if top <= line < top + self.size.height:
                self.refresh_line(line)  # ScrollView.refresh_line takes the virtual line

    def scroll_to_offset(self, offset: int, animate: bool = False) -> None:
        line = self.line_of(offset)
        top = self.scroll_offset.y
        height = self.scrollable_content_region.height
        if not top <= line < top + height:
            self.scroll_to(y=max(0, line - height // 3), animate=animate)

    def scroll_to_span(self, start: int, end: int) -> None:
        """Bring a range into view, showing all of it when it fits. Asked before the view is laid
        out (no width yet, or its lines not yet its scroll range: an article reopened at a quote
        far down), it is kept and shown once the layout allows."""
        if (start, end) != self._pending_span:
            self._pending_tries = 0  # a new request gets its own few tries
        height = self.scrollable_content_region.height
        if self._width <= 0 or height <= 0:
            self._pending_span = (start, end)
            return
        first, last = self.line_of(start), self.line_of(max(start, end - 1))
        top = self.scroll_offset.y
        self._pending_span = None
        if first >= top and last < top + height:
            return
        y = max(0, first - max(0, (height - (last - first + 1)) // 3)) if last - first + 1 <= height else first
        if y > self.max_scroll_y or not self.allow_vertical_scroll:
            # the scroll range (or the scrollbar that allows scrolling) is not the new layout's
            # yet: keep the span and show it after the next refresh, a few times at most
            self._pending_span = (start, end)
            if self._pending_tries < 5:
                self._pending_tries += 1
                self.call_after_refresh(self._show_pending)
        else:
            self._pending_tries = 0
        self.scroll_to(y=y, animate=False, immediate=True)

    # ------------------------------------------------------------------- render

    def _overlays(self, start: int, end: int) -> list[Span]:
        out: list[Span] = []
        for i in range(bisect_left(self._matches, (start - 400, 0)), len(self._matches)):
            m_start, m_end = self._matches[i]
            if m_start >= end:
                break
            if m_end > start:
                style = self.get_component_rich_style(
                    "article-view--current-match" if i == self._current_match else "article-view--match", partial=True)
                out.append((m_start, m_end, style))
        if self._focus and self._focus[0] < end and self._focus[1] > start:
            out.append((self._focus[0], self._focus[1], self._focus_style))
        selection = self.selection
        if selection and selection[0] < end and selection[1] > start:
            out.append((selection[0], selection[1], self.get_component_rich_style("article-view--selection", partial=True)))
        if self.cursor_visible and start <= self.cursor < max(end, start + 1):
            out.append((self.cursor, self.cursor + 1, Style(reverse=True, underline=True)))
        return out

    def _gutter(self, index: int, start: int, end: int) -> Text:
        gutter = Text(" " * GUTTER)
        if self._focus and self._focus[0] < max(end, start + 1) and self._focus[1] > start:
            gutter = Text("┃", style=Style(color=self._focus_style.bgcolor or self._focus_style.color, bold=True))
            gutter.append(" " * (GUTTER - 1))
        mark = self._line_marks.get(index)
        if mark is not None:
            gutter = gutter[:1]
            gutter.append_text(mark)
            gutter.append(" " * max(0, GUTTER - gutter.cell_len))
        if self.label_width:
            label = self._line_labels.get(index)
            chip = Text(" " * self.label_width)
            if label is not None:
                chip = label[: self.label_width - 1]
                chip.pad_left(self.label_width - 1 - chip.cell_len)
                chip.append(" ")
            chip.append_text(gutter)
            gutter = chip
        return gutter

    def render_line(self, y: int) -> Strip:
        if not self._width:
            # Laid out but not told yet: the Resize event is queued behind the rest of the
            # screen's start-up (the footer's compose among it). Wrap now, draw this frame.
            self._relayout()
        index = y + self.scroll_offset.y
        if index >= len(self._starts) or not self._width:
            return Strip.blank(self.size.width, self.base_style)
        strip = self._strips.get(index)
        if strip is None:
            self.lines_rendered += 1
            start, end = self._line_range(index)
            text = self._plain[start:end]
            shown = len(text.rstrip("\n"))
            line = Text(text[:shown].rstrip(" "), end="", no_wrap=True)
            if self.cursor_visible and self.cursor - start >= len(line.plain) and start <= self.cursor < max(end, start + 1):
                line.append(" " * (self.cursor - start - len(line.plain) + 1))
            for span_start, span_end, style in [*self._spans_for(start, end), *self._overlays(start, end)]:
                lo, hi = max(span_start, start) - start, min(span_end, end) - start
                if hi > lo:
                    line.stylize(style, lo, hi)
            full = self._gutter(index, start, end)
            full.append_text(line)
            segments = [s for s in full.render(self.app.console) if s.text != "\n"]
            base = self.base_style
            strip = Strip(segments).adjust_cell_length(self._width + self.gutter_width, base)
            strip = strip.apply_style(base)
            self._strips[index] = strip
        return strip.crop(self.scroll_offset.x, self.scroll_offset.x + self.size.width)

    def on_click(self, event: events.Click) -> None:
        self.focus()
        self.post_message(self.Clicked(self.offset_at(event.x, event.y)))

    def rendered_lines(self) -> list[str]:
        """Plain text of every display line with its gutter (for tests and tools)."""
        return ["".join(seg.text for seg in self.render_line(y)) for y in range(self.size.height)]


def _mark_key(mark: Text | None):
    """What a gutter mark looks like (``Text ==`` ignores the base style)."""
    return None if mark is None else (mark.plain, mark.style, tuple(mark.spans))


__all__ = ["ArticleView", "GUTTER", "Segment"]
