"""A correction repaints only what it changed: the article lines of its quote, not the whole view.

Counted with ``ArticleView.lines_rendered`` (strips built, not served from the cache), never
with a clock.
"""

from __future__ import annotations

import pytest
from rich.style import Style
from rich.text import Text
from textual.app import App, ComposeResult

from tui.app import StanceReaderApp
from tui.widgets.article_view import ArticleView
from tui.widgets.speaker_list import SpeakerList

from tests.seeded import seed_store
from .waiting import analysis_shown as ready


@pytest.fixture
def seeded(tmp_path, seed_text, seed_analysis):
    store, article_id = seed_store(tmp_path / "stance.db", seed_text, seed_analysis)
    yield store, article_id
    store.close()


def quote_lines(view: ArticleView, quote) -> set[int]:
    return set(range(view.line_of(quote.start), view.line_of(max(quote.start, quote.end - 1)) + 1))


async def test_a_stance_correction_redraws_only_its_quote_lines(seeded, seed_text):
    store, article_id = seeded
    app = StanceReaderApp(seed_text, "seed.txt", store, keymap={})
    app.auto_advance = False  # the focus stays: only the restyle is drawn
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        view = screen.query_one(ArticleView)
        await pilot.press("j", "j", "j")
        await pilot.pause()
        quote = screen.current
        lines = quote_lines(view, quote)
        assert view.size.height > len(lines) + 5  # a whole-view repaint would be visible in the count
        for key in ("1", "3", "2"):
            before = view.lines_rendered
            await pilot.press(key)
            await pilot.pause()
            drawn = view.lines_rendered - before
            assert 1 <= drawn <= len(lines), (key, drawn, sorted(lines))
        assert store.effective(article_id).analysis.quotes  # saved
        first = view.line_of(quote.start) - view.scroll_offset.y
        assert "✎" in view.rendered_lines()[first][:view.gutter_width]  # the mark did reach the screen


async def test_a_speaker_change_redraws_only_the_lines_whose_colour_changed(seeded, seed_text):
    store, article_id = seeded
    app = StanceReaderApp(seed_text, "seed.txt", store, keymap={})
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        view = screen.query_one(ArticleView)
        quote = next(q for q in screen.quotes if q.speaker and q.kind != "scare")
        screen.focus_id = quote.id
        screen.refresh_quote()
        await pilot.pause()
        other = next(s for s in screen.analysis.speakers if s.id != quote.speaker)
        lines = quote_lines(view, quote)
        if quote.speaker_mention is not None:
            lines |= {view.line_of(quote.speaker_mention.start)}
        before = view.lines_rendered
        screen._correct("reassign_speaker", quote.id, speaker_id=other.id)
        await pilot.pause()
        assert store.effective(article_id).analysis.quotes
        drawn = view.lines_rendered - before
        assert 1 <= drawn <= len(lines) + 1, (drawn, sorted(lines))


class _ViewApp(App):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        yield ArticleView(self.text)


async def test_set_spans_drops_only_the_lines_whose_spans_changed():
    text = "\n".join(f"line {i:02d} of the article" for i in range(30))
    app = _ViewApp(text)
    async with app.run_test(size=(60, 20)) as pilot:
        view = app.query_one(ArticleView)
        red, blue = Style(color="red"), Style(color="blue")
        starts = [text.index(f"line {i:02d}") for i in range(30)]
        spans = [(starts[i], starts[i] + 4, red) for i in range(30)]
        view.set_spans(spans)
        await pilot.pause()
        before = view.lines_rendered
        changed = list(spans)
        changed[3] = (starts[3], starts[3] + 4, blue)
        view.set_spans(changed)
        await pilot.pause()
        assert view.lines_rendered - before == 1
        row = view.render_line(3 - view.scroll_offset.y)
        assert any(seg.style and seg.style.color and seg.style.color.name == "blue" for seg in row)
        before = view.lines_rendered
        view.set_spans(list(changed))  # equal spans: nothing to redraw
        view.set_marks({starts[5]: Text("✓")})
        await pilot.pause()
        assert view.lines_rendered - before == 1
        assert view.rendered_lines()[5 - view.scroll_offset.y][view.label_width:].startswith(" ✓")


async def test_the_sidebar_is_not_rebuilt_when_a_correction_leaves_it_unchanged(seeded, seed_text):
    store, _ = seeded
    app = StanceReaderApp(seed_text, "seed.txt", store, keymap={})
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        sidebar = screen.query_one(SpeakerList)
        options = [sidebar.get_option_at_index(i) for i in range(sidebar.option_count)]
        screen.reload()  # nothing changed
        await pilot.pause()
        assert [sidebar.get_option_at_index(i) for i in range(sidebar.option_count)] == options


async def test_the_footer_recomposes_only_when_a_key_changes(seeded, seed_text):
    from textual.widgets._footer import FooterKey

    store, _ = seeded
    app = StanceReaderApp(seed_text, "seed.txt", store, keymap={})
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.pause()

        def undo_key():
            return next(k for k in screen.query(FooterKey) if k.action == "undo")

        assert undo_key().has_class("-disabled")  # nothing to undo yet (greyed out)
        await pilot.press("1")
        await pilot.pause()
        first = undo_key()
        assert not first.has_class("-disabled")  # the footer did follow the change
        keys = list(screen.query(FooterKey))
        await pilot.press("3")
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        assert list(screen.query(FooterKey)) == keys  # same widgets: no recompose for an unchanged footer
