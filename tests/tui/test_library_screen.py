"""The library screen in the real app: listing, FTS filtering, Enter opens the reader, speakers."""

from __future__ import annotations

from nlp.model import Analysis, Pipeline, Quote, QuoteStance, Speaker
from store.articles import Store
from store.library import Library
from tui.app import StanceReaderApp
from tui.screens.library import LibraryScreen
from tui.screens.reader import ReaderScreen
from tui.screens.speaker_history import SpeakerHistoryScreen, SpeakersScreen, sparkline_text
from textual.widgets import DataTable, Sparkline

from .waiting import analysis_shown

ARTICLES = [
    ("2024-10-01", "Seoul talks", "“Pyongyang must stop the launches,” Lloyd Austin said.", "Lloyd Austin", -0.5),
    ("2024-10-20", "Kyiv visit", "“Russia must withdraw,” Kaja Kallas said in Kyiv.", "Kaja Kallas", -0.7),
    ("2024-11-05", "Moscow reply", "“The West provokes us,” Maria Zakharova said of sanctions.", "Maria Zakharova", 0.4),
    ("2024-12-01", "Austin again", "“Russia could still talk,” Austin said about negotiations.", "Austin", 0.3),
]


def fill(store: Store) -> dict[str, int]:
    library = Library(store)
    ids = {}
    for date, title, text, speaker, score in ARTICLES:
        text = f"{title}\n\n{text}\n"
        article_id = store.add_article(text, f"{title}.txt")
        library.set_meta(article_id, title=title, date=date)
        qtext = text[text.index("“"):text.index("”") + 1]
        start = text.index(qtext)
        store.save_analysis(article_id, Analysis(
            f"{title}.txt", text, Pipeline("stored-marker", "1"),
            speakers=[Speaker("s1", speaker, "person", [])],
            quotes=[Quote("q1", start, start + len(qtext), qtext, speaker="s1", confidence=0.9,
                          stance={"Russia": QuoteStance(score, "negative" if score < 0 else "positive", [])})]))
        ids[title] = article_id
    return ids


def titles(table: DataTable) -> list[str]:
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


async def test_library_lists_searches_and_opens_articles(tmp_path):
    store = Store(tmp_path / "db.sqlite")
    ids = fill(store)
    app = StanceReaderApp(store.article(ids["Seoul talks"])["text"], "Seoul talks.txt", store)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        app.push_screen(LibraryScreen())
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        table = screen.query_one(DataTable)
        listed = titles(table)
        assert listed == ["Austin again", "Moscow reply", "Kyiv visit", "Seoul talks"]  # newest first
        row = table.get_row_at(0)
        assert [str(c) for c in row[1:]] == ["2024-12-01", "1", "1", "0/1"]

        await pilot.press("slash")
        await pilot.press(*"withdr")  # prefix search over quote text
        await pilot.pause()
        assert titles(table) == ["Kyiv visit"]
        await pilot.press("enter")  # from the search box to the list
        await pilot.press("enter")  # open
        reader = await analysis_shown(pilot)
        assert reader.article_id == ids["Kyiv visit"]
        assert reader.analysis.pipeline.model == "stored-marker"  # loaded, not re-analysed
        await pilot.press("backspace")
        await pilot.pause()
        assert app.screen is screen

        await pilot.press("escape")
        await pilot.pause()
        assert len(titles(table)) == 4
        await pilot.press("slash", *"sanctions")
        await pilot.pause()
        assert titles(table) == ["Moscow reply"]  # article text
        screen.query_one("#library-search").value = "nothing-like-this"
        await pilot.pause()
        assert table.row_count == 0
    store.close()


async def test_speakers_across_articles_and_history(tmp_path):
    store = Store(tmp_path / "db.sqlite")
    ids = fill(store)
    app = StanceReaderApp(store.article(ids["Seoul talks"])["text"], "Seoul talks.txt", store)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        app.push_screen(LibraryScreen())
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, SpeakersScreen)
        table = app.screen.query_one(DataTable)
        first = table.get_row_at(0)
        assert str(first[1]) == "Lloyd Austin" and first[3] == "2"  # "Austin" in a later article is the same person
        await pilot.press("enter")
        await pilot.pause()
        history = app.screen
        assert isinstance(history, SpeakerHistoryScreen)
        history.export_dir = tmp_path
        assert [q.date for q in history.quotes] == ["2024-10-01", "2024-12-01"]
        spark = history.query_one(Sparkline)
        assert list(spark.data) == [0.5, 1.3]
        await pilot.press("e")
        await pilot.pause()
        exported = list(tmp_path.glob("speaker-*-lloyd-austin.csv"))
        assert exported and "Pyongyang must stop" in exported[0].read_text()
        await pilot.press("x")  # the later "Austin" is someone else after all
        await pilot.pause()
        assert len(history.quotes) == 1
    store.close()


def test_sparkline_text_uses_a_fixed_scale():
    assert sparkline_text([-1.0, 0.0, 1.0]) == "▁▅█"


async def test_the_library_is_the_default_screen_without_a_file(tmp_path):
    from store.library import has_articles

    path = tmp_path / "db.sqlite"
    assert not has_articles(path)
    store = Store(path)
    assert not has_articles(path)  # created, but empty: the CLI opens the seed article then
    ids = fill(store)
    assert has_articles(path)
    app = StanceReaderApp(None, "", store)  # what `stance-reader` does now
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen) and app.screen.article_id == ids["Moscow reply"]
    store.close()


async def test_the_title_column_takes_the_width_the_other_columns_leave(tmp_path):
    store = Store(tmp_path / "db.sqlite")
    fill(store)
    widths = {}
    for columns in (100, 160):
        app = StanceReaderApp(None, "", store)
        async with app.run_test(size=(columns, 30)) as pilot:
            await pilot.pause()
            table = app.screen.query_one("DataTable")
            total = sum(c.get_render_width(table) for c in table.columns.values())
            assert columns - 4 <= total <= columns, (columns, total)  # no empty band on the right
            widths[columns] = next(c.width for c in table.columns.values() if c.key.value == "title")
    assert widths[160] == widths[100] + 60
    store.close()
