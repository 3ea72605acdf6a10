"""Fixes to the reader, the library and the speaker history (source, progress, markup,
corrected history, colours, fast typing after /)."""

from __future__ import annotations

from textual import events
from textual.widgets import DataTable, Input, Label, Static

from nlp.model import Analysis, Pipeline, Quote, QuoteStance, Speaker
from store.articles import Store
from store.library import Library
from store.speakers_xdoc import Speakers
from tui.app import StanceReaderApp
from tui.highlight import speaker_slot
from tui.screens.library import LibraryScreen, open_article
from tui.screens.speaker_history import SpeakerHistoryScreen

from .test_library_screen import fill
from .waiting import analysis_shown

TEXT = "Story\n\n“One,” Kim said. A “so-called” plan. “Two,” Lee said.\n"


def small_analysis(source: str = "x") -> Analysis:
    quotes = []
    for i, (part, speaker, kind) in enumerate([("“One,”", "s1", "direct"), ("“so-called”", None, "scare"),
                                               ("“Two,”", "s2", "direct")]):
        start = TEXT.index(part)
        quotes.append(Quote(f"q{i + 1}", start, start + len(part), part, kind, speaker=speaker, confidence=0.9))
    return Analysis(source, TEXT, Pipeline("stored-marker", "1"),
                    speakers=[Speaker("s1", "Kim", "person", []), Speaker("s2", "Lee", "person", [])], quotes=quotes)


async def test_an_article_opened_from_the_library_is_analysed_under_its_own_source(tmp_path, nlp):
    store = Store(tmp_path / "db.sqlite")
    opened = store.add_article(TEXT, "library-article.txt")
    app = StanceReaderApp("Some other article.\n", "app-file.txt", store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        open_article(app, opened)
        await analysis_shown(pilot)  # the real pipeline, in the reader's worker
        assert app.screen.analysis.source == "library-article.txt"
        assert store.analysis(opened).source == "library-article.txt"
    store.close()


async def test_reader_header_and_library_show_the_same_progress(tmp_path):
    store = Store(tmp_path / "db.sqlite")
    aid = store.add_article(TEXT, "story.txt")
    store.save_analysis(aid, small_analysis())
    store.set_stance(aid, "q3", "Russia", "negative")  # corrected, not reviewed
    store.mark_reviewed(aid, "q1")
    store.mark_reviewed(aid, "q3")
    store.undo(aid)  # the review of q3
    app = StanceReaderApp(None, "", store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        library = app.screen
        assert isinstance(library, LibraryScreen)
        table = library.query_one(DataTable)
        assert str(table.get_row_at(0)[4]) == "1/2"  # not 2/2 (any event) nor …/3 (scare quote)
        await pilot.press("enter")
        reader = await analysis_shown(pilot)
        assert reader.sub_title == "reviewed 1/2"
        await pilot.press("a")  # accept the focused quote (q1 is reviewed already; no change)
        await pilot.press("j", "a")
        await pilot.pause()
        reviewed, total = store.review_progress([aid])[aid]
        assert reader.sub_title == f"reviewed {reviewed}/{total}"
        await pilot.press("backspace")
        await pilot.pause()
        assert str(table.get_row_at(0)[4]) == f"{reviewed}/{total}"
    store.close()


def rendered(widget) -> str:
    return str(widget.render())


async def test_speaker_history_shows_names_and_targets_literally(tmp_path):
    store = Store(tmp_path / "db.sqlite")
    library = Library(store)
    hostile = "[@click=app.quit]q[/]"
    target = "[bold]x[/bold]"
    text = f"Story\n\n“Stop it,” {hostile} said. [link=https://e.x]t[/link]\n"
    aid = store.add_article(text, "a.txt")
    library.set_meta(aid, title="[bold]x[/bold] title", date="2024-10-01")
    start = text.index("“Stop it,”")
    store.save_analysis(aid, Analysis("a.txt", text, Pipeline("m", "1"),
                                      speakers=[Speaker("s1", hostile, "person", ["[b]alias[/b]"])],
                                      quotes=[Quote("q1", start, start + 10, "“Stop it,”", speaker="s1", confidence=0.9,
                                                    stance={target: QuoteStance(-0.5, "negative", [])})]))
    entity = Speakers(store).entity_of(aid, "s1")
    app = StanceReaderApp(None, "", store)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        assert str(table.get_row_at(0)[1]) == hostile
        app.push_screen(SpeakerHistoryScreen(entity))
        await pilot.pause()
        history = app.screen
        head = rendered(history.query_one("#history-head", Static))
        assert hostile in head and "[b]alias[/b]" in head
        labels = [rendered(label) for label in history.query(".history-target").results(Label)]
        assert labels == [target]
        quotes = history.query_one("#history-quotes", DataTable)
        row = quotes.get_row_at(0)
        assert str(row[1]) == "[bold]x[/bold] title"
        assert [str(c.label) for c in quotes.columns.values()][2] == target
        await pilot.click("#history-head")  # a [@click] in the name is not an action
        await pilot.pause()
        assert app.is_running and app.screen is history
    store.close()


async def test_speakers_created_in_the_app_get_distinct_colours():
    # these two ids hash to the palette's first slot, the slot of s1
    speakers = ["s1", "s2", "us-00000000", "us-0000000b"]
    slots = [speaker_slot(s, speakers) for s in speakers]
    assert len(set(slots)) == 4
    assert slots[:2] == [0, 1]  # machine speakers keep their colours
    assert speaker_slot("us-0000000b", speakers) == speaker_slot("us-0000000b", list(speakers))  # stable


async def test_new_speakers_in_an_article_never_share_a_colour(tmp_path):
    store = Store(tmp_path / "db.sqlite")
    aid = store.add_article(TEXT, "story.txt")
    store.save_analysis(aid, small_analysis())
    store.reassign_speaker(aid, "q1", new_name="Park")
    store.reassign_speaker(aid, "q3", new_name="Choi")
    speakers = store.effective(aid).analysis.speakers
    assert len({speaker_slot(s.id, speakers) for s in speakers}) == len(speakers) == 4
    store.close()


async def test_typing_fast_after_slash_reaches_the_library_search(tmp_path):
    store = Store(tmp_path / "db.sqlite")
    fill(store)
    app = StanceReaderApp(None, "", store)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        # all queued at once, as a fast typist's keys arrive ('p' alone would open the speakers)
        for key in ["slash", *"pyong"]:
            app.post_message(events.Key(key, "/" if key == "slash" else key))
        await pilot.pause()
        await pilot.pause()
        assert app.screen is screen
        assert screen.query_one(Input).value == "pyong"
        assert [str(screen.query_one(DataTable).get_row_at(i)[0]) for i in range(1)] == ["Seoul talks"]
        await pilot.press("slash")  # in the search box, / is a character
        assert screen.query_one(Input).value == "pyong/"
    store.close()


async def test_typing_fast_after_slash_reaches_the_speakers_filter(tmp_path):
    """The speakers list shares the library's search handling (tui/screens/filtered_table.py):
    keys typed right behind / reach the filter box, not the list (where m merges and space marks)."""
    from tui.screens.filtered_table import FilteredTable
    from tui.screens.speaker_history import SpeakersScreen

    store = Store(tmp_path / "db.sqlite")
    fill(store)
    app = StanceReaderApp(None, "", store)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SpeakersScreen) and isinstance(screen, FilteredTable)
        assert isinstance(app.screen_stack[-2], FilteredTable)  # the library, under it
        for key in ["slash", *"maria", "space", *"z"]:
            app.post_message(events.Key(key, {"slash": "/", "space": " "}.get(key, key)))
        await pilot.pause()
        await pilot.pause()
        assert app.screen is screen and not screen.marked
        assert screen.query_one(Input).value == "maria z"
        assert list(app._notifications) == []  # m did not try to merge
        table = screen.query_one(DataTable)
        assert [str(table.get_row_at(i)[1]) for i in range(table.row_count)] == ["Maria Zakharova"]
        await pilot.press("slash")  # in the box, / is a character
        assert screen.query_one(Input).value == "maria z/"
        await pilot.press("backspace", "enter")  # from the box to the list
        assert table.has_focus and screen.current_id == screen.ids[0]
        await pilot.press("slash")
        assert screen.query_one(Input).has_focus
    store.close()


def test_speakers_cli_shows_control_characters_visibly(tmp_path, capsys, monkeypatch):
    from tui.cli import main

    path = tmp_path / "db.sqlite"
    store = Store(path)
    text = "Story\n\n“Stop it,” Kim said.\n"
    aid = store.add_article(text, "a.txt")
    start = text.index("“Stop it,”")
    store.save_analysis(aid, Analysis("a.txt", text, Pipeline("m", "1"),
                                      speakers=[Speaker("s1", "Kim\x1b[2JYong", "person", [])],
                                      quotes=[Quote("q1", start, start + 10, "“Stop it,”", speaker="s1", confidence=0.9,
                                                    stance={"Rus\x1b[31msia": QuoteStance(-0.5, "negative", [])})]))
    store.close()
    assert main(["--db", str(path), "speakers", "list"]) == 0
    entity = capsys.readouterr().out.split()[0]
    assert main(["--db", str(path), "speakers", "show", entity]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "Kim␛[2JYong" in out and "Rus␛[31msia" in out
