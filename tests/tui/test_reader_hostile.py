"""Speaker names, evidence and titles come from article text: never interpreted as markup."""

from __future__ import annotations

from nlp.model import Analysis, Pipeline, Quote, QuoteStance, Speaker, SpeakerStance, Span
from nlp.pipeline import DEFAULT_MODEL
from store.articles import Store
from tui.app import StanceReaderApp
from tui.screens.speaker_picker import SpeakerPicker
from tui.widgets.speaker_list import SpeakerList

NAME = "[bold red]Evil[/] [@click=app.quit]x[/]"
TEXT = f"[link=http://x]Title[/link]\n\n“Russia [@click=app.quit]must[/] go,” said {NAME}.\n"


async def test_hostile_names_evidence_and_title_are_literal(tmp_path):
    start, end = TEXT.index("“") + 1, TEXT.index(",”")
    cue = TEXT.index("said")
    analysis = Analysis(
        "hostile.txt", TEXT, Pipeline(DEFAULT_MODEL, "test"),
        speakers=[Speaker("s1", NAME, "person", ["\x1b[31malias"], {"Russia": SpeakerStance(-0.5, "negative", 1)})],
        quotes=[Quote("q1", start, end, TEXT[start:end], "direct", Span(cue, cue + 4, "said"), "s1",
                      Span(cue + 5, cue + 5 + len(NAME), NAME), 0.9,
                      stance={"Russia": QuoteStance(-0.5, "negative", ["[@click=app.quit]must[/]"])})],
    )
    store = Store(tmp_path / "db.sqlite")
    article_id = store.add_article(TEXT, "hostile.txt")
    store.save_analysis(article_id, analysis)
    app = StanceReaderApp(TEXT, "hostile.txt", store, keymap={})
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        detail = str(screen.query_one("#detail").render())
        assert NAME in detail and "[@click=app.quit]must[/]" in detail
        row = str(screen.query_one(SpeakerList).get_option("s1").prompt)
        assert "[bold red]" in row
        assert "[link=http://x]Title[/link]" in screen.title
        await pilot.press("s")
        assert isinstance(app.screen, SpeakerPicker)
        options = app.screen.query_one("#picker-options")
        prompt = str(options.get_option_at_index(0).prompt)
        assert NAME in prompt and "␛[31malias" in prompt
        await pilot.press("escape")
        await pilot.click(SpeakerList)  # a [@click] in a name must not be an action
        assert app.is_running
    store.close()
