"""The reader starts on an article, shows its text at once, then the analysis."""

from __future__ import annotations

from nlp.pipeline import DEFAULT_MODEL
from store.articles import Store
from tui.app import StanceReaderApp
from tui.settings import Settings
from tui.screens.reader import ReaderScreen
from tui.widgets.article_view import ArticleView
from tui.widgets.speaker_list import SpeakerList

from .waiting import analysis_shown


async def test_reader_opens_seed_analyses_it_and_lists_speakers(tmp_path, seed_text, nlp):
    store = Store(tmp_path / "db.sqlite")
    app = StanceReaderApp(seed_text, "seed.txt", store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        view = app.screen.query_one(ArticleView)
        assert view.virtual_size.height > 20  # text is laid out before analysis finishes
        await analysis_shown(pilot)
        speakers = screen.query_one(SpeakerList)
        ids = {speakers.get_option_at_index(i).id for i in range(speakers.option_count)}
        assert any("Austin" in s.name and s.id in ids for s in screen.analysis.speakers)
        assert screen.current is not None
        first = screen.current
        await pilot.press("j")
        assert screen.current is not first
    article_id = store.article_id_for(seed_text)
    assert store.analysis(article_id) is not None


async def test_second_opening_loads_from_the_database(tmp_path, seed_text, seed_analysis):
    store = Store(tmp_path / "db.sqlite")
    article_id = store.add_article(seed_text, "seed.txt")
    seed_analysis.pipeline.model = "stored-marker"
    store.save_analysis(article_id, seed_analysis)
    app = StanceReaderApp(seed_text, "seed.txt", store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.analysis is not None
        assert app.screen.analysis.pipeline.model == "stored-marker"
        assert not list(app.screen.workers)


async def test_article_markup_and_escapes_are_shown_literally(tmp_path):
    text = "Headline [bold]not bold[/bold] [link=http://x]x[/link] [@click=app.quit]q[/]\n\n\x1b[31mred\x1b[0m said nobody.\n"
    store = Store(tmp_path / "db.sqlite")
    app = StanceReaderApp(text, "hostile.txt", store)
    async with app.run_test(size=(100, 20)) as pilot:
        await pilot.pause()
        view = app.screen.query_one(ArticleView)
        rendered = "".join(seg.text for y in range(6) for seg in view.render_line(y))
        assert "[bold]not bold[/bold]" in rendered
        assert "[@click=app.quit]" in rendered
        assert "\x1b" not in rendered and "␛[31mred" in rendered


async def test_the_reader_scores_the_users_targets(tmp_path, nlp):
    extra = tmp_path / "targets.toml"
    extra.write_text('[targets.Ukraine]\nnames = ["Ukraine", "Kyiv"]\n', encoding="utf-8")
    text = "“Kyiv will never surrender to Russia’s aggression,” Zelensky said on Monday.\n"
    store = Store(tmp_path / "db.sqlite")
    app = StanceReaderApp(text, "kyiv.txt", store, Settings(targets=extra))
    async with app.run_test(size=(100, 30)) as pilot:
        await analysis_shown(pilot)
        assert {m.target for m in app.screen.analysis.mentions} == {"Russia", "Ukraine"}


async def test_reader_in_accurate_mode_stores_an_analysis_that_says_so(tmp_path, nlp, encoder_dir):
    text = "“Moscow has shown nothing but contempt for its neighbours,” the minister said on Friday.\n"
    store = Store(tmp_path / "db.sqlite")
    app = StanceReaderApp(text, "a.txt", store, Settings(stance="accurate", encoder=encoder_dir))
    async with app.run_test(size=(100, 30)) as pilot:
        await analysis_shown(pilot)
        assert app.screen.analysis.quotes[0].stance["Russia"].label == "negative"
        assert app.screen.sub_title.endswith("· accurate stance")  # the header says which mode made it
    stored = store.analysis(store.article_id_for(text))
    assert stored.pipeline.model == DEFAULT_MODEL + "+minilm-stance"


async def test_the_detail_panel_names_the_channel_that_relays_a_quote(tmp_path, nlp):
    from tui.widgets.quote_detail import QuoteDetail

    text = ("Marshal Oleg Brandt affirmed that the army would never retreat, "
            "the state news agency TNA said.\n")
    store = Store(tmp_path / "db.sqlite")
    app = StanceReaderApp(text, "relay.txt", store)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = app.screen
        await analysis_shown(pilot)
        for _ in range(5):
            if screen.current is not None and screen.current.via is not None:
                break
            await pilot.press("j")
        assert screen.current is not None and screen.current.via is not None
        await pilot.pause()
        shown = screen.query_one(QuoteDetail)._shown[0]
        assert "Oleg Brandt, via " in shown and "TNA" in shown.split(", via ")[1].split("\n")[0]
