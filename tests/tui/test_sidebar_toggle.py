"""A narrow terminal (a 60-column tmux split): backslash hides the speaker sidebar so that the
article takes the whole width, and shows it again as it was; while it is hidden the status line
says so and names the key. Real app (Pilot) on the seed, real SQLite file."""

from __future__ import annotations

from textual.widgets import Label

from tui import keys
from tui.app import StanceReaderApp
from tui.screens.help import HelpScreen
from tui.widgets.speaker_list import SpeakerList

from .test_keys import palette_titles
from .test_review_flow import SEED_NAME, reader, seeded_store
from .waiting import analysis_shown

NARROW = (60, 24)
TOGGLE = keys.READER.binding("toggle_sidebar")
RENAME = keys.READER.binding("rename_speaker")


def in_view(view, quote) -> bool:
    top, height = view.scroll_offset.y, view.scrollable_content_region.height
    return view.line_of(quote.start) < top + height and view.line_of(quote.end - 1) >= top


def text_width(view) -> int:
    """The columns the article's text wraps to (the view less its gutter and scrollbar)."""
    return view.scrollable_content_region.width - view.gutter_width


def hint(screen) -> Label:
    return screen.query_one("#sidebar-hidden-hint", Label)


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


async def test_a_resize_of_width_and_height_together_keeps_a_focused_quote_low_on_the_screen_in_view(
        tmp_path, seed_text, seed_analysis):
    """Whether the quote was in view is judged on the screen as it was, not on the new height."""
    async with reader(tmp_path, seed_text, seed_analysis, (120, 60)) as (store, article_id, app, pilot, screen):
        view = screen.view
        height = view.scrollable_content_region.height
        low = next(q for q in screen.quotes if height // 2 < view.line_of(q.start) < height - 2)
        screen._go(low)
        await pilot.pause()
        view.scroll_to(y=0, animate=False, immediate=True)
        await pilot.pause()
        assert in_view(view, low) and view.line_of(low.start) > 20
        await pilot.resize_terminal(100, 20)
        await pilot.pause()
        assert in_view(view, low)


async def test_at_the_end_of_the_article_hiding_and_showing_the_sidebar_comes_back_to_the_same_line(
        tmp_path, seed_text, seed_analysis):
    async with reader(tmp_path, seed_text, seed_analysis, NARROW) as (store, article_id, app, pilot, screen):
        view = screen.view
        view.focus()
        await pilot.press("end")
        await pilot.pause()
        y, top = view.scroll_offset.y, view.offset_at(0, 0)
        assert y == view.max_scroll_y > 0
        await pilot.press("backslash")
        await pilot.pause()
        await pilot.press("backslash")
        await pilot.pause()
        assert (view.scroll_offset.y, view.offset_at(0, 0)) == (y, top)


async def test_backslash_gives_the_article_the_whole_width_then_brings_the_sidebar_back(tmp_path, seed_text, seed_analysis):
    async with reader(tmp_path, seed_text, seed_analysis, NARROW) as (store, article_id, app, pilot, screen):
        view, side, speakers = screen.view, screen.query_one("#side"), screen.query_one(SpeakerList)
        await pilot.press("J", "J", "J")  # into the article: a focused quote, the view scrolled
        speakers.highlighted = 2
        await pilot.pause()
        width, columns, top, quote = view.scrollable_content_region.width, text_width(view), view.offset_at(0, 0), screen.current
        assert side.display and side.region.width >= 26 and columns < 32 and in_view(view, quote) and view.scroll_offset.y
        scrolled = view.scroll_offset.y

        await pilot.press("backslash")
        await pilot.pause()
        assert not side.display and side.region.width == 0
        assert view.region.width == NARROW[0] and view.scrollable_content_region.width >= NARROW[0] - 3
        assert text_width(view) >= 45  # the speaker chips come back too (40+ columns of text)
        assert view.line_of(top) == view.scroll_offset.y and in_view(view, quote)  # the reader keeps their place

        await pilot.press("backslash")
        await pilot.pause()
        assert side.display and side.region.width >= 26
        assert (view.scrollable_content_region.width, text_width(view)) == (width, columns)
        assert view.scroll_offset.y == scrolled and view.offset_at(0, 0) == top
        assert speakers.highlighted == 2 and screen.current is quote  # as it was


async def test_hiding_the_sidebar_moves_a_focus_inside_it_to_the_article(tmp_path, seed_text, seed_analysis):
    async with reader(tmp_path, seed_text, seed_analysis, NARROW) as (store, article_id, app, pilot, screen):
        speakers, detail = screen.query_one(SpeakerList), screen.query_one("#detail-scroll")
        for tabs, inside in ((["tab"], speakers), (["tab", "tab"], detail)):
            await pilot.press(*tabs)
            await pilot.pause()
            assert app.focused is inside
            highlighted = speakers.highlighted
            await pilot.press("backslash")
            await pilot.pause()
            assert app.focused is screen.view
            assert not screen.query_one("#sidebar-hint").display  # the sidebar's own keys went with it
            await pilot.press("tab")
            await pilot.pause()
            assert app.focused is screen.view  # tab never reaches the hidden sidebar
            await pilot.press("backslash")
            await pilot.pause()
            assert app.focused is screen.view and speakers.highlighted == highlighted


async def test_the_status_line_says_the_sidebar_is_hidden_and_which_key_brings_it_back(tmp_path, seed_text, seed_analysis):
    async with reader(tmp_path, seed_text, seed_analysis, NARROW) as (store, article_id, app, pilot, screen):
        status = screen.query_one("#status")
        assert not hint(screen).display and status.region.width == NARROW[0]
        await pilot.press("backslash")
        await pilot.pause()
        shown = hint(screen)
        assert shown.display and str(shown.render()).strip() == "\\ shows sidebar · i detail"
        region = shown.region
        assert region.y == status.region.y and region.right == NARROW[0] and region.width == len(" \\ shows sidebar · i detail ")
        assert status.region.right == region.x  # the status line gives it room, nothing covers it
        await pilot.press("backslash")
        await pilot.pause()
        assert not hint(screen).display and status.region.width == NARROW[0]


async def test_on_a_narrow_screen_the_status_line_keeps_the_target_the_stance_keys_act_on(
        tmp_path, seed_text, seed_analysis):
    """What does not fit gives way, least needed first: review progress (the header shows it too),
    then the position, never the focused quote's id or the target that 1/2/3 set."""
    from tui.widgets.status_line import StatusLine

    async with reader(tmp_path, seed_text, seed_analysis, NARROW) as (store, article_id, app, pilot, screen):
        status = screen.query_one(StatusLine)
        for hidden in (False, True):
            if hidden:
                await pilot.press("backslash")  # the hint takes the line's right end
            await pilot.pause()
            everything, shown = status.text.plain, str(status.render())
            assert "reviewed" in everything and "target" in everything  # the line holds both
            assert f"target {screen.target}" in shown and shown.startswith(f" {screen.focus_id} ·")
            assert "reviewed" not in shown and "  t next" in shown  # the key hint follows, cut where the line ends
    async with reader(tmp_path, seed_text, seed_analysis, (160, 30)) as (store, article_id, app, pilot, screen):
        shown = str(screen.query_one(StatusLine).render())
        assert "reviewed" in shown and "1 2 3 neg neu pos" in shown  # room for everything: nothing drops


async def test_a_remapped_key_toggles_the_sidebar_and_the_hint_names_it(tmp_path, seed_text, seed_analysis):
    store, _ = seeded_store(tmp_path / "db.sqlite", seed_text, seed_analysis)
    app = StanceReaderApp(seed_text, SEED_NAME, store, keymap={"toggle_sidebar": "f2"})
    async with app.run_test(size=NARROW) as pilot:
        screen = await analysis_shown(pilot)
        await pilot.press("backslash")
        await pilot.pause()
        assert screen.query_one("#side").display  # no longer bound
        await pilot.press("f2")
        await pilot.pause()
        assert not screen.query_one("#side").display
        assert str(hint(screen).render()).strip() == "f2 shows sidebar · i detail"
    store.close()


async def test_help_and_palette_offer_the_toggle_and_the_palette_runs_it(tmp_path, seed_text, seed_analysis):
    async with reader(tmp_path, seed_text, seed_analysis, NARROW) as (store, article_id, app, pilot, screen):
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = " ".join(str(app.screen.query_one("#help-text").render()).split())
        assert f"Layout \\ {TOGGLE.tooltip}" in text
        await pilot.press("escape")
        await pilot.pause()

        assert {TOGGLE.tooltip, RENAME.tooltip} <= palette_titles(app)
        await pilot.press("ctrl+p", *"speaker sidebar")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen and not screen.query_one("#side").display
        # the sidebar's keys act on its highlighted speaker: out of sight, they are not offered
        assert TOGGLE.tooltip in palette_titles(app) and RENAME.tooltip not in palette_titles(app)
        assert screen.check_action("rename_speaker", ()) is None
        await pilot.press("backslash")
        await pilot.pause()
        assert RENAME.tooltip in palette_titles(app) and screen.check_action("rename_speaker", ()) is True


async def test_the_status_and_sidebar_hints_name_the_keys_the_user_mapped(tmp_path, seed_text, seed_analysis):
    """The hints say which keys work, the user's keymap included, not the defaults."""
    from tui.widgets.status_line import StatusLine

    store, _ = seeded_store(tmp_path / "db.sqlite", seed_text, seed_analysis)
    keymap = {"cycle_target": "f5", "stance_negative": "f6", "stance_neutral": "f7", "stance_positive": "f8",
              "rename_speaker": "f9"}
    app = StanceReaderApp(seed_text, SEED_NAME, store, keymap=keymap)
    async with app.run_test(size=(160, 30)) as pilot:
        screen = await analysis_shown(pilot)
        assert "  f5 next · f6 f7 f8 neg neu pos" in screen.query_one(StatusLine).text.plain
        assert str(screen.query_one("#sidebar-hint", Label).render()) == "f9 rename · M merge · 1-3 stance · ⏎ quotes"
    store.close()
