"""``i``: the focused quote's detail in a dialog — stance, evidence words and corrections, readable
on a narrow screen and while the sidebar (which holds the detail panel) is hidden. Real app
(Pilot) on the seed, real SQLite file."""

from __future__ import annotations

from nlp.model import is_statement
from tui import keys
from tui.screens.help import HelpScreen
from tui.screens.quote_detail_screen import QuoteDetailScreen

from .test_keys import palette_titles
from .test_review_flow import make_app, ready, reader, seeded_store
from .test_sidebar_toggle import hint

NARROW = (60, 24)
DETAIL = keys.READER.binding("quote_detail")


def dialog_text(app) -> str:
    return str(app.screen.query_one("#quote-detail-text").render())


async def hint_with_sidebar_hidden(pilot, screen) -> str:
    """``\\`` hides the sidebar; the status line's hint that then says how to get it back."""
    await pilot.press("backslash")
    await pilot.pause()
    return str(hint(screen).render()).strip()


def with_evidence(screen):
    """The first statement with a polar stance that cites evidence words."""
    return next(q for q in screen.quotes if is_statement(q.kind)
                and any(s.label != "neutral" and s.evidence for s in q.stance.values()))


async def test_i_shows_the_focused_quotes_stance_and_evidence_with_the_sidebar_hidden(tmp_path, seed_text, seed_analysis):
    async with reader(tmp_path, seed_text, seed_analysis, NARROW) as (store, article_id, app, pilot, screen):
        quote = with_evidence(screen)
        screen._go(quote)
        await pilot.press("backslash")  # the sidebar, and its detail panel, out of sight
        await pilot.pause()
        assert not screen.query_one("#side").display
        await pilot.press("i")
        await pilot.pause()
        assert isinstance(app.screen, QuoteDetailScreen)
        text = dialog_text(app)
        assert text.startswith(quote.id)
        target, stance = next((t, s) for t, s in quote.stance.items() if s.label != "neutral" and s.evidence)
        assert f"{stance.label} {stance.score:+.2f}" in text
        assert stance.evidence[0].split()[0] in " ".join(text.split())  # the words that carried it
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and screen.focus_id == quote.id and not screen.query_one("#side").display


async def test_the_dialog_shows_a_correction_and_what_the_machine_said(tmp_path, seed_text, seed_analysis):
    async with reader(tmp_path, seed_text, seed_analysis, NARROW, auto_advance=False) as (
            store, article_id, app, pilot, screen):
        quote = with_evidence(screen)
        screen._go(quote)
        await pilot.pause()
        before = screen.current.stance[screen.target]
        new = "positive" if before.label != "positive" else "negative"
        await pilot.press({"negative": "1", "positive": "3"}[new])
        await pilot.pause()
        assert screen.focus_id == quote.id and screen.current.stance[screen.target].label == new
        await pilot.press("i")
        await pilot.pause()
        text = dialog_text(app)
        assert new in text and "✎" in text and f"was {before.label} {before.score:+.2f}" in text
        await pilot.press("i")  # i closes it too
        await pilot.pause()
        assert app.screen is screen


async def test_names_in_the_dialog_are_plain_text(tmp_path, seed_text, seed_analysis):
    """A speaker's name is data: markup shows as typed, control characters are made visible."""
    store, article_id = seeded_store(tmp_path / "db.sqlite", seed_text, seed_analysis)
    quote = next(q for q in store.effective(article_id).analysis.quotes if q.speaker and is_statement(q.kind))
    store.rename_speaker(article_id, quote.speaker, "[b]Evil[/b] \x1b[2J name")
    app = make_app(store, seed_text)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        screen._go(quote)
        await pilot.press("i")
        await pilot.pause()
        text = dialog_text(app)
        assert "[b]Evil[/b]" in text and "\x1b" not in text
    store.close()


async def test_help_palette_and_hint_offer_it_and_it_needs_a_focused_quote(tmp_path, seed_text, seed_analysis):
    async with reader(tmp_path, seed_text, seed_analysis, NARROW) as (store, article_id, app, pilot, screen):
        assert DETAIL.tooltip in palette_titles(app)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert f"i {DETAIL.tooltip}" in " ".join(str(app.screen.query_one("#help-text").render()).split())
        await pilot.press("escape")
        await pilot.press("ctrl+p", *"quote's detail")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, QuoteDetailScreen) and dialog_text(app).startswith(screen.focus_id)
        await pilot.press("escape")
        await pilot.pause()
        screen.focus_id = None  # nothing focused: nothing to describe, the key is not offered
        assert screen.check_action("quote_detail", ()) is None and DETAIL.tooltip not in palette_titles(app)
        await pilot.press("i")
        await pilot.pause()
        assert app.screen is screen


async def test_a_remapped_key_opens_and_closes_it_and_the_hidden_sidebar_hint_names_it(tmp_path, seed_text, seed_analysis):
    async with reader(tmp_path, seed_text, seed_analysis, NARROW, keymap={"quote_detail": "f3"}) as (
            store, article_id, app, pilot, screen):
        assert await hint_with_sidebar_hidden(pilot, screen) == "\\ shows sidebar · f3 detail"
        await pilot.press("i")
        await pilot.pause()
        assert app.screen is screen  # no longer the detail key
        await pilot.press("f3")
        await pilot.pause()
        assert isinstance(app.screen, QuoteDetailScreen)
        await pilot.press("i")
        await pilot.pause()
        assert isinstance(app.screen, QuoteDetailScreen)  # i is not this dialog's key either
        await pilot.press("f3")
        await pilot.pause()
        assert app.screen is screen  # the key that opened it closes it


async def test_a_hint_never_names_a_key_the_user_gave_to_another_action(tmp_path, seed_text, seed_analysis):
    """``{"reject": "i"}``: i rejects (the user's choice), so the hint does not offer it as the detail key."""
    async with reader(tmp_path, seed_text, seed_analysis, NARROW, keymap={"reject": "i"}) as (
            store, article_id, app, pilot, screen):
        assert await hint_with_sidebar_hidden(pilot, screen) == "\\ shows sidebar"
