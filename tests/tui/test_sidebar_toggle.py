"""A narrow terminal (a 60-column tmux split): backslash hides the speaker sidebar so that the
article takes the whole width, and shows it again as it was; while it is hidden the status line
says so and names the key. Real app (Pilot) on the seed, real SQLite file."""

from __future__ import annotations

from .test_review_flow import reader


def in_view(view, quote) -> bool:
    top, height = view.scroll_offset.y, view.scrollable_content_region.height
    return view.line_of(quote.start) < top + height and view.line_of(quote.end - 1) >= top


async def test_a_wider_or_narrower_article_keeps_the_text_at_the_top_and_the_focused_quote_in_view(
        tmp_path, seed_text, seed_analysis):
    async with reader(tmp_path, seed_text, seed_analysis, (120, 30)) as (store, article_id, app, pilot, screen):
        view = screen.view
        await pilot.press("J", "J", "J", "pagedown")
        await pilot.pause()
        top, quote = view.offset_at(0, 0), screen.current
        for size in ((70, 30), (160, 30), (120, 30)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            assert view.line_of(top) == view.scroll_offset.y  # re-wrapped: the same text at the top
        screen._go(quote)
        await pilot.pause()
        assert in_view(view, quote)
        await pilot.resize_terminal(50, 30)
        await pilot.pause()
        assert in_view(view, quote)  # the focused quote stays in view
