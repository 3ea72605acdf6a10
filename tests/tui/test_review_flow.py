"""Issue 16: the review flow a professional annotator expects. One test per reported bug (each
failed before its fix), then the flow: auto-advance, resume, the picker's names, inline
speakers, stance at a glance, undo toasts. Real app (Pilot), real spaCy analysis of the seed,
real SQLite files."""

from __future__ import annotations

from contextlib import asynccontextmanager

from textual import events
from textual.widgets import DataTable, Sparkline, Static

from nlp.model import Analysis, is_statement
from nlp.pipeline import DEFAULT_MODEL
from store.articles import Store
from store.speakers_xdoc import Speakers
from tui.app import StanceReaderApp
from tui.settings import Settings
from tui.cli import main as cli
from tui.screens.help import HelpScreen
from tui.screens.speaker_history import SpeakerHistoryScreen, SpeakersScreen
from tui.screens.speaker_picker import SpeakerPicker
from tui.screens.text_prompt import TextPrompt
from tui.widgets.article_view import ArticleView
from tui.widgets.speaker_list import SpeakerList

from tests.seeded import seed_store
from .waiting import analysis_shown as ready

SEED_NAME = "upi-2024-10-30-us-rok-security-meeting.txt"


def seeded_store(path, seed_text, seed_analysis, source: str = SEED_NAME) -> tuple[Store, int]:
    return seed_store(path, seed_text, seed_analysis, source=source)


def make_app(store, text, keymap: dict[str, str] | None = None) -> StanceReaderApp:
    return StanceReaderApp(text, SEED_NAME, store, keymap=keymap or {})


@asynccontextmanager
async def reader(tmp_path, seed_text, seed_analysis, size, auto_advance: bool = True,
                 keymap: dict[str, str] | None = None):
    """The reader on the seed (analysed, in a fresh database), once it shows the analysis:
    ``(store, article_id, app, pilot, screen)``; ``keymap`` as a config's ``[keys]`` table."""
    store, article_id = seeded_store(tmp_path / "db.sqlite", seed_text, seed_analysis)
    app = make_app(store, seed_text, keymap)
    app.auto_advance = auto_advance
    try:
        async with app.run_test(size=size) as pilot:
            yield store, article_id, app, pilot, await ready(pilot)
    finally:
        store.close()


def statements(screen) -> list:
    return [q for q in screen.quotes if is_statement(q.kind)]


def speaker_named(analysis, name: str):
    return next(s for s in analysis.speakers if s.name == name)


async def type_fast(app, *keys: str) -> None:
    """Keys as a terminal delivers a burst: all queued before the app handles the first."""
    for key in keys:
        char = key if len(key) == 1 else None
        app._driver.send_message(events.Key(key, char))


def on_screen(view: ArticleView, quote) -> bool:
    top, height = view.scroll_offset.y, view.scrollable_content_region.height
    return top <= view.line_of(quote.start) < top + height or view.line_of(quote.start) < top <= view.line_of(quote.end - 1)


# ------------------------------------------------------------------ bug 1


async def test_1_keys_typed_while_the_picker_opens_reach_its_filter(tmp_path, seed_text, seed_analysis):
    async with reader(tmp_path, seed_text, seed_analysis, (120, 40)) as (store, article_id, app, pilot, screen):
        kim = speaker_named(screen.analysis, "Kim Yong-hyun")
        quote = next(q for q in statements(screen) if q.speaker == kim.id)
        screen._go(quote)
        await pilot.pause()
        await type_fast(app, "s", "L", "l", "o", "y", "enter")  # faster than the dialog opens
        await pilot.pause()
        await pilot.pause()
        assert not isinstance(app.screen, SpeakerPicker)
        chosen = next(q for q in store.effective(article_id).analysis.quotes if q.id == quote.id)
        assert screen.analysis.speaker(chosen.speaker).name == "Lloyd J. Austin III"  # the filtered row, not the top one


# ------------------------------------------------------------------ bug 2


async def test_2_search_moves_the_focus_to_the_quote_at_the_match(tmp_path, seed_text, seed_analysis):
    async with reader(tmp_path, seed_text, seed_analysis, (100, 30)) as (store, article_id, app, pilot, screen):
        await pilot.press("slash", *"trash balloons", "enter")
        match = seed_text.index("trash balloons")
        view = screen.view
        quote = screen.current
        assert quote is None or (quote.end > match and on_screen(view, quote))
        await pilot.press("x")
        rejected = store.effective(article_id).rejected
        assert all(q.end > match and on_screen(view, q) for q in rejected)  # never a quote out of sight


# ------------------------------------------------------------------ bug 3


async def test_3_a_rejected_quote_stays_reachable_and_x_restores_it(tmp_path, seed_text, seed_analysis):
    async with reader(tmp_path, seed_text, seed_analysis, (120, 40)) as (store, article_id, app, pilot, screen):
        first = screen.focus_id
        await pilot.press("x", "a", "a")  # reject, then two more corrections
        assert [q.id for q in store.effective(article_id).rejected] == [first]
        screen._go(screen.quotes[0])
        await pilot.press("home")
        assert screen.focus_id == first  # focused again without undoing anything
        styles = [span[2] for span in screen.view._spans if span[0] == screen.current.start]
        assert any(style.strike and style.dim for style in styles)  # dimmed, struck through
        await pilot.press("x")
        effective = store.effective(article_id)
        assert not effective.rejected and len(effective.reviewed) == 2  # the later corrections stay
        assert ("quote", first, "rejected") not in effective.corrected


# ------------------------------------------------------------------ bug 4


async def test_4_tab_goes_article_sidebar_detail_each_visibly_focused(tmp_path, seed_text, seed_analysis):
    async with reader(tmp_path, seed_text, seed_analysis, (120, 40)) as (store, article_id, app, pilot, screen):
        assert [w.id for w in screen.focus_chain] == ["article", "speakers", "detail-scroll"]
        await pilot.press("tab")
        sidebar = screen.query_one(SpeakerList)
        assert app.focused is sidebar and sidebar.speaker_id == screen.analysis.speakers[0].id
        await pilot.press("r")
        assert isinstance(app.screen, TextPrompt)  # r acts on the highlighted row
        await pilot.press("escape")
        await pilot.press("tab")
        detail = screen.query_one("#detail-scroll")
        assert app.focused is detail
        assert detail.styles.background != screen.query_one("#speakers").styles.background  # it shows it has the focus
        await pilot.press("tab")
        assert app.focused is screen.view


# ------------------------------------------------------------------ bug 5


async def test_5_help_end_reaches_the_last_section_and_keys_never_wrap_into_the_key_column(tmp_path, seed_text, seed_analysis):
    store, _ = seeded_store(tmp_path / "db.sqlite", seed_text, seed_analysis)
    app = make_app(store, seed_text)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("question_mark", "end")
        await pilot.pause()
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        body = help_screen.query_one("#help-body")
        assert body.max_scroll_y > 0 and body.scroll_y == body.max_scroll_y
        static = help_screen.query_one("#help-text", Static)
        plain_lines = str(static.render()).split("\n")
        assert static.region.height == len(plain_lines)  # nothing wrapped by the widget
        for line in plain_lines:
            # a description line starts with its key, or under the description column
            assert not line or not line.startswith(" ") or line.startswith("  ") and (line[2] != " " or line[:18].strip() == "")
    store.close()


# ------------------------------------------------------------------ bug 6


async def test_6_speakers_screen_and_speakers_list_show_the_corrected_state(tmp_path, seed_text, seed_analysis, capsys):
    db = tmp_path / "db.sqlite"
    store, article_id = seeded_store(db, seed_text, seed_analysis)
    analysis = store.effective(article_id).analysis
    austin = speaker_named(analysis, "Lloyd J. Austin III")
    store.rename_speaker(article_id, austin.id, "Secretary Lloyd Austin")
    quote = next(q for q in analysis.quotes if is_statement(q.kind) and q.speaker)
    store.reassign_speaker(article_id, quote.id, new_name="Cho Tae-yul")
    others = [s for s in analysis.speakers if s.id != austin.id]
    store.merge_speakers(article_id, others[-1].id, others[0].id)
    merged_name = others[-1].name
    assert Speakers(store).entities()  # linked once before more corrections: must follow them
    store.reassign_speaker(article_id, next(q for q in analysis.quotes if q.id != quote.id and is_statement(q.kind)).id,
                           new_name="Kim Jong Un")
    names = {e.name: e for e in Speakers(store).entities()}
    assert {"Secretary Lloyd Austin", "Cho Tae-yul", "Kim Jong Un"} <= set(names)
    assert "Lloyd J. Austin III" not in names and merged_name not in names
    effective = store.effective(article_id).analysis
    assert names["Cho Tae-yul"].quotes == sum(1 for q in effective.quotes
                                             if q.speaker == speaker_named(effective, "Cho Tae-yul").id)
    app = StanceReaderApp(None, "", store, keymap={})
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, SpeakersScreen)
        table = app.screen.query_one(DataTable)
        shown = {str(table.get_row_at(i)[1]) for i in range(table.row_count)}
        assert "Kim Jong Un" in shown and merged_name not in shown
    store.close()
    assert cli(["--db", str(db), "speakers", "list"]) == 0
    out = capsys.readouterr().out
    assert "Secretary Lloyd Austin" in out and "Kim Jong Un" in out and "Lloyd J. Austin III" not in out


# ------------------------------------------------------------------ bug 7


async def test_7_history_uses_the_article_date_and_draws_no_trend_from_one_point(tmp_path, seed_text, seed_analysis):
    store, article_id = seeded_store(tmp_path / "db.sqlite", seed_text, seed_analysis)
    speakers = Speakers(store)
    austin = next(e for e in speakers.entities() if e.name == "Lloyd J. Austin III")
    app = StanceReaderApp(None, "", store, keymap={})
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.push_screen(SpeakerHistoryScreen(austin.id))
        await pilot.pause()
        table = app.screen.query_one("#history-quotes", DataTable)
        assert table.row_count > 0
        assert {str(table.get_row_at(i)[0]) for i in range(table.row_count)} == {"2024-10-30"}  # the article's date
        assert not list(app.screen.query(Sparkline))  # one date: no bar that looks like a trend
    undated = Store(tmp_path / "undated.sqlite")
    other = undated.add_article(seed_text.replace("Oct. 30", "Wednesday"), "notes.txt")
    undated.save_analysis(other, Analysis.from_dict(seed_analysis.to_dict()))
    quotes = Speakers(undated).quotes(next(e.id for e in Speakers(undated).entities()))
    assert {q.date_from for q in quotes} == {"imported"}  # the fallback is marked as such
    undated.close()
    store.close()


# ------------------------------------------------------------------ bug 8


async def test_8_labels_say_what_is_true(tmp_path, seed_text, seed_analysis):
    store, article_id = seeded_store(tmp_path / "db.sqlite", seed_text, seed_analysis)
    app = make_app(store, seed_text)
    app.auto_advance = False
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        detail = screen.query_one("#detail")
        await pilot.press("s", *"Someone Else", "enter")
        text = str(detail.render())
        assert "(0.00)" not in text and "(by hand)" in text  # a person chose it: no machine confidence
        await pilot.press("slash", *"Pentagon press", "enter", "v", "w", "w", "w", "m", "c")
        text = str(detail.render())
        assert "added by hand" in text and "was —" not in text
        # a merge: the quote's speaker line says it was merged, not "Kim ✎ was Kim"
        kim = speaker_named(screen.analysis, "Kim Yong-hyun")
        victim = next(s for s in screen.analysis.speakers if s.id != kim.id and any(q.speaker == s.id for q in statements(screen)))
        store.merge_speakers(article_id, victim.id, kim.id)
        screen.reload()
        screen._go(next(q for q in screen.quotes if q.id in {m.id for m in store.analysis(article_id).quotes if m.speaker == victim.id}))
        await pilot.pause()
        text = str(detail.render())
        assert "merged into this speaker" in text
    # J is "next to review" and wraps around
    from tui import keys

    assert "low-confidence" not in keys.REVIEW.bindings[2].tooltip
    store.close()


async def test_8_shift_j_wraps_around(tmp_path, seed_text, seed_analysis):
    async with reader(tmp_path, seed_text, seed_analysis, (120, 40)) as (store, article_id, app, pilot, screen):
        first = screen.focus_id
        screen._go(statements(screen)[-1])
        await pilot.press("a")  # the last statement reviewed: J must wrap to the first
        screen._go(statements(screen)[-1])
        await pilot.press("J")
        assert screen.focus_id == first


# ------------------------------------------------------------------ bug 9


async def test_9_narrow_screens_keep_help_quit_status_and_room_for_the_article(tmp_path, seed_text, seed_analysis):
    store, _ = seeded_store(tmp_path / "db.sqlite", seed_text, seed_analysis)
    app = make_app(store, seed_text)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await ready(pilot)
        await pilot.press("tab")
        await pilot.pause()
        await pilot.pause()
        footer = app.screen.query_one("Footer")
        visible_keys = [w for w in footer.query("FooterKey") if w.region.right <= 80 and w.region.width]
        labels = " ".join(str(w.description) for w in visible_keys)
        assert "Help" in labels and "Quit" in labels
        assert screen.query_one("#sidebar-hint").display  # the sidebar's keys, shown while it has the focus
        for n in range(4):
            app.notify(f"toast {n}")
        await pilot.pause()
        status = screen.query_one("#status").region
        for toast in app.screen.query("Toast"):
            assert not toast.region.overlaps(status)
    app = make_app(store, seed_text)
    async with app.run_test(size=(60, 24)) as pilot:
        screen = await ready(pilot)
        assert screen.view.scrollable_content_region.width - screen.view.gutter_width >= 28  # was 22
    store.close()


async def test_9_a_long_speaker_name_wraps_under_itself(tmp_path, seed_text, seed_analysis):
    store, article_id = seeded_store(tmp_path / "db.sqlite", seed_text, seed_analysis)
    quote = next(q for q in store.effective(article_id).analysis.quotes if q.speaker and is_statement(q.kind))
    long_name = "The Permanent Mission of the Democratic People's Republic of Korea to the United Nations"
    store.rename_speaker(article_id, quote.speaker, long_name)
    app = make_app(store, seed_text)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        screen._go(quote)
        await pilot.pause()
        detail = screen.query_one("#detail")
        rendered = str(detail.render()).split("\n")
        start = next(i for i, line in enumerate(rendered) if line.startswith("Speaker"))
        assert len(rendered[start]) <= detail.content_size.width  # not left to the widget to wrap
        assert rendered[start + 1].startswith(" " * 11)  # under the name, not at column 1
    store.close()


# ------------------------------------------------------------------ bug 10


async def test_10_speakers_screen_fits_its_columns_with_a_very_long_name(tmp_path, seed_text, seed_analysis):
    store = Store(tmp_path / "db.sqlite")
    document = seed_analysis.to_dict()
    document["speakers"][0]["name"] = "A " * 53 + "Z"  # 107 characters, as the engine found at corpus scale
    store.save_analysis(store.add_article(seed_text, SEED_NAME), Analysis.from_dict(document))
    app = StanceReaderApp(None, "", store, keymap={})
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        widths = [column.get_render_width(table) for column in table.columns.values()]
        assert sum(widths) <= 120  # kind, articles, quotes and stance stay on screen
        row = next(i for i in range(table.row_count) if str(table.get_row_at(i)[1]).startswith("A A"))
        assert str(table.get_row_at(row)[1]).endswith("…")  # ellipsised in the column
        table.move_cursor(row=row)
        await pilot.pause()
        assert "A " * 53 + "Z" in str(app.screen.query_one("#speakers-status", Static).render())  # in full below
    store.close()


# ------------------------------------------------------------------ the flow


async def test_a_stance_key_or_speaker_choice_completes_the_quote_and_moves_on(tmp_path, seed_text, seed_analysis):
    async with reader(tmp_path, seed_text, seed_analysis, (120, 40)) as (store, article_id, app, pilot, screen):
        first = screen.focus_id
        await pilot.press("1")
        assert first in store.effective(article_id).reviewed
        second = screen.focus_id
        assert second != first and screen.needs_review(screen.current)
        await pilot.press("s", "enter")  # the picker's top row: not the current speaker
        assert second in store.effective(article_id).reviewed and screen.focus_id not in (first, second)
        await pilot.press("u")  # one key made the correction and the review: one undo takes both back
        effective = store.effective(article_id)
        assert second not in effective.reviewed and ("quote", second, "speaker") not in effective.corrected
        assert screen.focus_id == second


async def test_auto_advance_false_in_the_config_keeps_the_focus(tmp_path, seed_text, seed_analysis):
    store, article_id = seeded_store(tmp_path / "db.sqlite", seed_text, seed_analysis)
    config = tmp_path / "config.toml"
    config.write_text("auto_advance = false\n", encoding="utf-8")
    app = StanceReaderApp(seed_text, SEED_NAME, store, Settings.resolve({"config": config}, environ={}))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        first = screen.focus_id
        await pilot.press("1")
        assert screen.focus_id == first and first not in store.effective(article_id).reviewed
    store.close()


async def test_reopening_resumes_at_the_first_unreviewed_quote_and_says_when_all_are_done(tmp_path, seed_text, seed_analysis):
    db = tmp_path / "db.sqlite"
    store, article_id = seeded_store(db, seed_text, seed_analysis)
    effective = store.effective(article_id)
    todo = [q for q in sorted(effective.analysis.quotes, key=lambda q: q.start) if is_statement(q.kind)]
    for quote in todo[:3]:
        store.mark_reviewed(article_id, quote.id)
    app = make_app(store, seed_text)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        assert screen.focus_id == todo[3].id
        for quote in todo[3:]:
            store.mark_reviewed(article_id, quote.id)
        store.mark_reviewed(article_id, todo[3].id, reviewed=False)
        screen.reload()
        await pilot.press("a")  # the last one
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("All" in m and "reviewed" in m and "e exports" in m for m in messages)
        assert "e export" in str(screen.query_one("#status").render())
    store.close()


async def test_the_picker_shows_the_quote_and_offers_the_articles_people_first(tmp_path, seed_text, seed_analysis):
    store, article_id = seeded_store(tmp_path / "db.sqlite", seed_text, seed_analysis)
    other = store.add_article("Foreign Minister Sergey Lavrov said: “We will respond.”\n", "other.txt")
    from nlp.analyze import analyze
    from nlp.pipeline import load_pipeline

    store.save_analysis(other, analyze(store.article(other)["text"], load_pipeline(DEFAULT_MODEL), source="other.txt"))
    Speakers(store)  # links the library's speakers
    app = make_app(store, seed_text)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await app.workers.wait_for_complete()  # the article's names (spaCy entities)
        quote = screen.current
        await pilot.press("s")
        picker = app.screen
        assert isinstance(picker, SpeakerPicker)
        assert quote.id in str(picker.query_one("#picker-quote").render())
        rows = [(option.id, str(option.prompt)) for option in picker.query_one("#picker-options").options]
        names = [prompt for _, prompt in rows]
        for person in ("Kim Jong Un", "Blinken", "Putin"):  # named in the article, no speaker of it
            assert any(person in name for name in names), person
        lavrov = next(i for i, name in enumerate(names) if "Lavrov" in name)
        article_rows = [i for i, (oid, prompt) in enumerate(rows)
                        if oid != "__new__" and (not oid.startswith("name:") or "named in the article" in prompt)]
        assert lavrov > max(article_rows)  # other articles' speakers after this article's names
        await pilot.press(*"Kim Jong", "enter")
        chosen = next(q for q in store.effective(article_id).analysis.quotes if q.id == quote.id)
        assert store.effective(article_id).analysis.speaker(chosen.speaker).name == "Kim Jong Un"
    store.close()


async def test_speakers_inline_names_use_the_width_and_stance_reads_at_a_glance(tmp_path, seed_text, seed_analysis):
    async with reader(tmp_path, seed_text, seed_analysis, (120, 40)) as (store, article_id, app, pilot, screen):
        view = screen.view
        quote = next(q for q in statements(screen) if q.speaker and on_screen(view, q))
        line = view.rendered_lines()[view.line_of(quote.start) - view.scroll_offset.y]
        speaker = screen.analysis.speaker(quote.speaker)
        chip = line[: view.label_width].strip()
        assert chip and (chip.rstrip("…") in speaker.name or any(chip.rstrip("…") in a for a in speaker.aliases))
        rows = [str(option.prompt) for option in screen.query_one(SpeakerList).options]
        assert any("Lloyd J. Austin III" in row for row in rows)  # not cut to 12 characters
        assert any("▼" in row for row in rows)  # the direction as a shape, not only a colour


async def test_undo_and_redo_say_what_they_undid(tmp_path, seed_text, seed_analysis):
    async with reader(tmp_path, seed_text, seed_analysis, (120, 40), auto_advance=False) as (store, article_id, app, pilot, screen):
        quote, target = screen.focus_id, screen.target
        await pilot.press("1", "u")
        assert any(n.message == f"undone: stance toward {target} of {quote}" for n in app._notifications)
        await pilot.press("ctrl+y")
        assert any(n.message == f"redone: stance toward {target} of {quote}" for n in app._notifications)


async def test_keys_never_act_on_a_quote_scrolled_out_of_sight(tmp_path, seed_text, seed_analysis):
    async with reader(tmp_path, seed_text, seed_analysis, (100, 30)) as (store, article_id, app, pilot, screen):
        focused = screen.current
        for key in ("1", "a", "x", "s", "c"):
            await pilot.press("end")  # the focused quote is off screen now
            assert not on_screen(screen.view, focused)
            await pilot.press(key)
            assert app.screen is screen  # no dialog either
            effective = store.effective(article_id)
            assert not effective.corrected and not effective.reviewed and not effective.rejected, key
            assert on_screen(screen.view, focused)  # brought back into view instead


async def test_reopening_far_down_shows_the_resumed_quote_and_the_first_key_acts_on_it(tmp_path, seed_text, seed_analysis):
    """The quote the reader resumes at is on screen once the article shows, so the first stance
    key corrects it (it used to be off screen: the key only scrolled to it)."""
    db = tmp_path / "db.sqlite"
    store, article_id = seeded_store(db, seed_text, seed_analysis)
    effective = store.effective(article_id)
    todo = [q for q in sorted(effective.analysis.quotes, key=lambda q: q.start) if is_statement(q.kind)]
    far = len(todo) * 2 // 3  # a quote well below the first screenful
    for quote in todo[:far]:
        store.mark_reviewed(article_id, quote.id)
    app = make_app(store, seed_text)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        await pilot.pause()
        assert screen.focus_id == todo[far].id
        assert screen.view.scroll_offset.y > 0 and on_screen(screen.view, todo[far])
        before = len(store.history(article_id, None))
        current = todo[far].stance.get(screen.target)
        await pilot.press("3" if current is None or current.label != "positive" else "1")
        await pilot.pause()
        assert len(store.history(article_id, None)) > before
        assert not any("off screen" in str(n.message) for n in app._notifications)
    store.close()
