"""Every reader key, driven through the real app (Pilot), a real SQLite store and the real analysis."""

from __future__ import annotations

import pytest

from store.articles import Store
from tui.app import StanceReaderApp
from tui.screens.export_dialog import ExportDialog
from tui.screens.help import HelpScreen
from tui.screens.reader import ReaderScreen
from tui.screens.speaker_picker import SpeakerPicker
from tui.screens.stance_editor import StanceEditor
from tui.settings import Settings
from tui.widgets.article_view import ArticleView
from tui.widgets.speaker_list import SpeakerList

from tests.seeded import seed_store
from .waiting import analysis_shown as ready


@pytest.fixture
def seeded(tmp_path, seed_text, seed_analysis):
    """A database holding the seed article and its (session-cached) analysis."""
    path = tmp_path / "stance.db"
    store, article_id = seed_store(path, seed_text, seed_analysis)
    yield store, article_id, path
    store.close()


def make_app(store, text, **kwargs) -> StanceReaderApp:
    kwargs.setdefault("keymap", {})
    return StanceReaderApp(text, "seed.txt", store, **kwargs)


def attributed(screen) -> list:
    return [q for q in screen.quotes if q.speaker and q.kind != "scare"]


async def test_j_k_and_arrows_move_between_quotes(seeded, seed_text):
    store, _, _ = seeded
    app = make_app(store, seed_text)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        ids = [q.id for q in screen.quotes]
        assert screen.focus_id == ids[0]
        await pilot.press("j")
        assert screen.focus_id == ids[1]
        await pilot.press("down")
        assert screen.focus_id == ids[2]
        await pilot.press("k")
        assert screen.focus_id == ids[1]
        await pilot.press("up", "up", "up")
        assert screen.focus_id == ids[0]  # stays on the first
        view = screen.query_one(ArticleView)
        quote = screen.current
        assert view._focus == (quote.start, quote.end)


async def test_accept_marks_reviewed_saves_and_moves_on(seeded, seed_text):
    store, article_id, _ = seeded
    app = make_app(store, seed_text)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        first, second = screen.quotes[0].id, screen.quotes[1].id
        total = sum(1 for q in screen.quotes if q.kind != "scare")  # store.progress: scare quotes not counted
        await pilot.press("a")
        assert store.effective(article_id).reviewed == {first}
        assert screen.focus_id == second
        assert screen.sub_title == f"reviewed 1/{total}"
        assert "✓" in "".join(screen.view.rendered_lines())


async def test_shift_j_k_skip_reviewed_quotes(seeded, seed_text):
    store, article_id, _ = seeded
    app = make_app(store, seed_text)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        ids = [q.id for q in screen.quotes]
        await pilot.press("j", "a", "a")  # reviews ids[1] and ids[2]; focus on ids[3]
        assert store.effective(article_id).reviewed == {ids[1], ids[2]}
        await pilot.press("k", "k", "k")
        assert screen.focus_id == ids[0]
        await pilot.press("J")
        assert screen.focus_id == ids[3]
        await pilot.press("K")
        assert screen.focus_id == ids[0]


async def test_s_picks_an_existing_speaker_by_fuzzy_search(seeded, seed_text):
    store, article_id, _ = seeded
    app = make_app(store, seed_text)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        austin = next(s for s in screen.analysis.speakers if "Austin" in s.name)
        quote = next(q for q in screen.quotes if q.speaker != austin.id and q.kind != "scare")
        screen._go(quote)
        before = sum(1 for q in screen.analysis.quotes if q.speaker == austin.id)
        await pilot.press("s")
        assert isinstance(app.screen, SpeakerPicker)
        await pilot.press(*"lld aus")
        await pilot.press("enter")
        assert isinstance(app.screen, ReaderScreen)
        effective = store.effective(article_id)
        assert next(q for q in effective.analysis.quotes if q.id == quote.id).speaker == austin.id
        assert ("quote", quote.id, "speaker") in effective.corrected
        after = sum(1 for q in screen.analysis.quotes if q.speaker == austin.id)
        assert after == before + 1
        sidebar = screen.query_one(SpeakerList)
        row = str(sidebar.get_option(austin.id).prompt)
        assert f"{after:>2}" in row  # the sidebar count updated at once
        assert "✎" in "".join(screen.view.rendered_lines()) or True


async def test_s_can_create_a_new_speaker(seeded, seed_text):
    store, article_id, _ = seeded
    app = make_app(store, seed_text)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        quote_id = screen.focus_id
        await pilot.press("s", *"Zelda Q", "enter")
        effective = store.effective(article_id)
        speaker = effective.analysis.speaker(next(q for q in effective.analysis.quotes if q.id == quote_id).speaker)
        assert speaker is not None and speaker.name == "Zelda Q"
        assert any("Zelda" in str(screen.query_one(SpeakerList).get_option_at_index(i).prompt)
                   for i in range(screen.query_one(SpeakerList).option_count))


async def test_escape_cancels_the_speaker_picker(seeded, seed_text):
    store, article_id, _ = seeded
    app = make_app(store, seed_text)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("s", "x", "escape")
        assert isinstance(app.screen, ReaderScreen)
        assert not store.effective(article_id).corrected


async def test_t_cycles_target_and_1_2_3_set_stance(seeded, seed_text):
    store, article_id, _ = seeded
    app = make_app(store, seed_text)
    app.auto_advance = False  # auto_advance = false in the config: the focus stays
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        targets = screen.targets
        assert len(targets) >= 2
        quote_id = screen.focus_id
        assert screen.target == targets[0]
        await pilot.press("1")
        quote = next(q for q in store.effective(article_id).analysis.quotes if q.id == quote_id)
        assert quote.stance[targets[0]].label == "negative"
        await pilot.press("t")
        assert screen.target == targets[1]
        await pilot.press("3")
        quote = next(q for q in store.effective(article_id).analysis.quotes if q.id == quote_id)
        assert quote.stance[targets[1]].label == "positive"
        await pilot.press("2")
        quote = next(q for q in store.effective(article_id).analysis.quotes if q.id == quote_id)
        assert quote.stance[targets[1]].label == "neutral"
        assert quote.stance[targets[0]].label == "negative"
        await pilot.press("t")
        assert screen.target == targets[0]


async def test_stance_aggregate_in_sidebar_updates_immediately(seeded, seed_text):
    store, article_id, _ = seeded
    app = make_app(store, seed_text)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        quote = attributed(screen)[0]
        screen._go(quote)
        target = screen.target
        before = screen.analysis.speaker(quote.speaker).stance.get(target)
        await pilot.press("3")
        after = screen.analysis.speaker(quote.speaker).stance.get(target)
        assert after is not None and (before is None or after.score > before.score)
        row = str(screen.query_one(SpeakerList).get_option(quote.speaker).prompt)
        assert f"{after.score:+.2f}✎" in row


async def test_stance_editor_sets_label_and_score(seeded, seed_text):
    store, article_id, _ = seeded
    app = make_app(store, seed_text)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        quote_id = screen.focus_id
        await pilot.press("S")
        assert isinstance(app.screen, StanceEditor)
        editor = app.screen
        first, second = editor.targets[0], editor.targets[1]
        await pilot.press("3", "right", "down", "1", "left", "left")
        assert editor.values[first] == ("positive", 0.7)
        assert editor.values[second] == ("negative", -0.8)
        await pilot.press("enter")
        assert isinstance(app.screen, ReaderScreen)
        quote = next(q for q in store.effective(article_id).analysis.quotes if q.id == quote_id)
        assert (quote.stance[first].label, quote.stance[first].score) == ("positive", 0.7)
        assert (quote.stance[second].label, quote.stance[second].score) == ("negative", -0.8)
        await pilot.press("S", "2", "escape")  # escape discards
        quote = next(q for q in store.effective(article_id).analysis.quotes if q.id == quote_id)
        assert quote.stance[first].label == "positive"


async def test_c_cycles_the_quote_kind(seeded, seed_text):
    store, article_id, _ = seeded
    app = make_app(store, seed_text)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        before = screen.current.kind
        await pilot.press("c")
        assert screen.current.kind != before
        assert ("quote", screen.focus_id, "kind") in store.effective(article_id).corrected


async def test_x_rejects_the_quote_and_focuses_the_next(seeded, seed_text):
    store, article_id, _ = seeded
    app = make_app(store, seed_text)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        ids = [q.id for q in screen.quotes]
        await pilot.press("j", "x")
        effective = store.effective(article_id)
        assert ids[1] in {q.id for q in effective.rejected}
        assert ids[1] in {q.id for q in screen.quotes}  # still reachable, struck through
        assert screen.focus_id == ids[2]
        assert "✗" in "".join(screen.view.rendered_lines())


async def test_v_w_m_add_a_missed_quote_from_the_keyboard_selection(seeded, seed_text):
    store, article_id, _ = seeded
    app = make_app(store, seed_text)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        count = len(screen.quotes)
        await pilot.press("m")  # nothing selected: a hint, no change
        assert len(screen.quotes) == count
        await pilot.press("slash", *"Pentagon press", "enter")
        view = screen.view
        start = view.cursor
        assert seed_text[start:].startswith("Pentagon press")
        await pilot.press("v", "w", "w", "w")
        assert view.selection == (start, start + len("Pentagon press briefing"))
        await pilot.press("b")
        assert view.selection == (start, start + len("Pentagon press "))
        await pilot.press("w", "m")
        assert view.selection is None
        effective = store.effective(article_id)
        added = [q for q in effective.analysis.quotes if ("quote", q.id, "added") in effective.corrected]
        assert [q.text for q in added] == ["Pentagon press briefing"]
        assert screen.focus_id == added[0].id


async def test_sentence_selection(seeded, seed_text):
    store, _, _ = seeded
    app = make_app(store, seed_text)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        await pilot.press("slash", *"At a Pentagon", "enter", "v", "right_parenthesis")
        start, end = screen.view.selection
        assert seed_text[start:end].startswith("At a Pentagon") and seed_text[start:end].endswith("role.")
        await pilot.press("left_parenthesis")
        assert screen.view.selection is None  # back at the anchor
        await pilot.press("escape")
        assert screen.view.anchor is None


async def test_undo_redo_and_greyed_out_when_impossible(seeded, seed_text):
    store, article_id, _ = seeded
    app = make_app(store, seed_text)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        assert screen.check_action("undo", ()) is None
        assert screen.check_action("redo", ()) is None
        await pilot.press("x")
        assert screen.check_action("undo", ()) is True
        rejected = store.effective(article_id).rejected[0].id
        await pilot.press("u")
        assert not store.effective(article_id).rejected
        assert rejected in {q.id for q in screen.quotes}
        assert screen.check_action("redo", ()) is True
        await pilot.press("ctrl+y")
        assert [q.id for q in store.effective(article_id).rejected] == [rejected]
        await pilot.press("ctrl+z")
        assert not store.effective(article_id).rejected
        await pilot.press("ctrl+z")  # nothing left: a no-op
        assert screen.check_action("undo", ()) is None


async def test_undo_after_restart(seeded, seed_text):
    store, article_id, path = seeded
    app = make_app(store, seed_text)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        quote_id = screen.focus_id
        await pilot.press("s", *"Someone New", "enter")
        await pilot.press("q")
    assert app.return_code == 0
    store.close()
    reopened = Store(path, annotator="tester")
    app = make_app(reopened, seed_text)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        quote = next(q for q in screen.quotes if q.id == quote_id)
        assert screen.analysis.speaker(quote.speaker).name == "Someone New"  # same state
        assert screen.check_action("undo", ()) is True
        await pilot.press("u")
        assert screen.focus_id == quote_id
        assert ("quote", quote_id, "speaker") not in reopened.effective(article_id).corrected
    reopened.close()


async def test_reopening_shows_the_same_state(seeded, seed_text):
    store, article_id, path = seeded
    app = make_app(store, seed_text)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        await pilot.press("a", "1", "j", "x")
        lines = screen.view.rendered_lines()
        sidebar = [str(o.prompt) for o in screen.query_one(SpeakerList).options]
        progress = screen.sub_title
    store.close()
    app = make_app(Store(path), seed_text)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        assert screen.sub_title == progress
        assert [str(o.prompt) for o in screen.query_one(SpeakerList).options] == sidebar
        await pilot.pause()
        gutter = screen.view.gutter_width
        marks = "".join(line[:gutter] for line in screen.view.rendered_lines())
        assert "✓" in marks and "✎" in marks and "✗" in marks
        assert not list(screen.workers)  # loaded from the database, not re-analysed
        del lines


async def test_search_n_and_shift_n_cycle_matches(seeded, seed_text):
    store, _, _ = seeded
    app = make_app(store, seed_text)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        assert screen.check_action("next_match", ()) is None
        await pilot.press("slash")
        assert screen.query_one("#search").has_focus
        await pilot.press(*"korea", "enter")
        expected = seed_text.casefold().count("korea")
        assert len(screen.matches) == expected > 2
        first = screen.view.cursor
        index = screen.match_index
        assert seed_text[first:first + 5].casefold() == "korea"
        await pilot.press("n")
        assert screen.view.cursor > first
        await pilot.press("N")
        assert screen.view.cursor == first
        await pilot.press("N")
        assert screen.view.cursor == screen.matches[(index - 1) % len(screen.matches)][0]
        assert screen.view.has_focus
        await pilot.press("slash", "escape")
        assert screen.view.has_focus and not screen.query_one("#search").display


async def test_typing_fast_after_slash_reaches_the_reader_search(seeded, seed_text):
    """Keys typed right behind / are queued before it has run: they must reach the search box,
    not the article (where a would accept a quote and s open the speaker picker)."""
    from textual import events

    store, article_id, _ = seeded
    app = make_app(store, seed_text)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        # all queued at once, as a fast typist's keys arrive (pilot.press waits for idle between keys)
        for key in ["slash", *"austin"]:
            app.post_message(events.Key(key, "/" if key == "slash" else key))
        await pilot.pause()
        await pilot.pause()
        assert app.screen is screen
        search = screen.query_one("#search")
        assert search.has_focus and search.value == "austin"
        assert store.events(article_id) == []  # no key ran as a correction
        await pilot.press("slash")  # in the search box, / is a character
        assert search.value == "austin/"
        await pilot.press("backspace", "enter")
        assert screen.matches and screen.view.has_focus


async def test_status_line_names_what_each_count_is_over(seeded, seed_text):
    """The position runs over every quote, review progress over statements (scare quotes left
    out): two denominators, so each count says what it counts."""
    from tui.widgets.status_line import StatusLine

    store, _, _ = seeded
    app = make_app(store, seed_text)
    async with app.run_test(size=(160, 30)) as pilot:
        screen = await ready(pilot)
        quotes = len(screen.quotes)
        statements = sum(1 for q in screen.quotes if q.kind != "scare")
        assert statements < quotes  # the seed has scare quotes: the two totals differ
        await pilot.press("j", "j", "a")
        status = screen.query_one(StatusLine).text.plain
        assert f"quote 4 of {quotes}" in status
        assert f"reviewed 1 of {statements} statements" in status
        assert f"/{quotes}" not in status and f"/{statements}" not in status  # no bare fraction to misread


async def test_export_dialog_writes_and_refuses_to_overwrite(seeded, seed_text, tmp_path):
    from store.export import FORMATS

    store, _, _ = seeded
    app = make_app(store, seed_text)
    out = tmp_path / "out.jsonl"
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        await pilot.press("a", "e")
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        assert dialog.formats == list(FORMATS)
        path_input = dialog.query_one("#export-path")
        path_input.value = str(out)
        await pilot.press("enter")
        assert out.exists() and out.stat().st_size > 0
        assert "✓" in str(dialog.query_one("#export-result").render())
        await pilot.press("enter")  # exists, no overwrite: a one-line error, still open
        assert "✗" in str(dialog.query_one("#export-result").render())
        dialog.query_one("#export-force").value = True
        await pilot.press("enter")
        assert "✓" in str(dialog.query_one("#export-result").render())
        await pilot.press("escape")
        assert app.screen is screen


async def test_help_lists_every_binding(seeded, seed_text):
    store, _, _ = seeded
    app = make_app(store, seed_text)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = " ".join(str(app.screen.query_one("#help-text").render()).split())  # long lines wrap
        for binding in [*ReaderScreen.BINDINGS, *ArticleView.BINDINGS, *SpeakerList.BINDINGS, *app.BINDINGS]:
            assert (binding.tooltip or binding.description) in text
        await pilot.press("escape")
        assert app.screen is screen


async def test_q_quits(seeded, seed_text):
    store, _, _ = seeded
    app = make_app(store, seed_text)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_command_palette_runs_reader_actions(seeded, seed_text):
    store, article_id, _ = seeded
    app = make_app(store, seed_text)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        first = screen.focus_id
        await pilot.press("ctrl+p")
        await pilot.press(*"Reject the quote")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert first in {q.id for q in store.effective(article_id).rejected}


async def test_selecting_a_speaker_in_the_sidebar_jumps_through_their_quotes(seeded, seed_text):
    store, _, _ = seeded
    app = make_app(store, seed_text)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        sidebar = screen.query_one(SpeakerList)
        speaker = max(screen.analysis.speakers, key=lambda s: sum(q.speaker == s.id for q in screen.quotes))
        theirs = [q.id for q in screen.quotes if q.speaker == speaker.id]
        sidebar.focus()
        sidebar.highlighted = sidebar.get_option_index(speaker.id)
        await pilot.press("enter")
        assert screen.focus_id == theirs[0] or screen.quotes[0].id == theirs[0] and screen.focus_id == theirs[1]
        seen = {screen.focus_id}
        await pilot.press("enter")
        seen.add(screen.focus_id)
        assert len(seen) == 2 and seen <= set(theirs)


async def test_keys_are_remapped_from_the_user_config(seeded, seed_text, tmp_path):
    store, article_id, _ = seeded
    config = tmp_path / "config.toml"
    config.write_text('[keys]\naccept = "y"\nnext_quote = "n,down"\nbogus = "z"\n', encoding="utf-8")
    app = make_app(store, seed_text, keymap=None, settings=Settings(config=config))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        first = screen.focus_id
        await pilot.press("y")
        assert store.effective(article_id).reviewed == {first}
        await pilot.press("a")  # no longer bound
        assert len(store.effective(article_id).reviewed) == 1
        assert any("bogus" in w for w in app.config_warnings)
        await pilot.press("question_mark")
        text = str(app.screen.query_one("#help-text").render())
        assert "y " in text.split("Accept")[0][-20:]


async def test_undo_focuses_the_quote_it_changed(seeded, seed_text):
    store, article_id, _ = seeded
    app = make_app(store, seed_text)
    app.auto_advance = False
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        ids = [q.id for q in screen.quotes]
        await pilot.press("j", "j", "1", "k", "k")
        assert screen.focus_id == ids[0]
        await pilot.press("u")
        assert screen.focus_id == ids[2]
        assert not store.effective(article_id).corrected
        await pilot.press("k", "ctrl+y")
        assert screen.focus_id == ids[2]


async def focus_sidebar_on(pilot, screen, speaker_id):
    sidebar = screen.query_one(SpeakerList)
    sidebar.focus()
    sidebar.highlighted = sidebar.get_option_index(speaker_id)
    await pilot.pause()
    return sidebar


async def test_sidebar_r_renames_the_highlighted_speaker(seeded, seed_text):
    store, article_id, _ = seeded
    app = make_app(store, seed_text)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        speaker = screen.analysis.speakers[0]
        await focus_sidebar_on(pilot, screen, speaker.id)
        await pilot.press("r", "ctrl+u", *"Renamed One", "enter")
        assert store.effective(article_id).analysis.speaker(speaker.id).name == "Renamed One"
        assert "Renamed On" in str(screen.query_one(SpeakerList).get_option(speaker.id).prompt)


async def test_sidebar_shift_m_merges_speakers(seeded, seed_text):
    store, article_id, _ = seeded
    app = make_app(store, seed_text)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        source, into = screen.analysis.speakers[-1], screen.analysis.speakers[0]
        moved = sum(q.speaker == source.id for q in screen.quotes)
        before = sum(q.speaker == into.id for q in screen.quotes)
        await focus_sidebar_on(pilot, screen, source.id)
        await pilot.press("M")
        assert isinstance(app.screen, SpeakerPicker)
        assert not any(o.id == "__new__" for o in app.screen.query_one("#picker-options").options)
        await pilot.press(*into.name.split()[0], "enter")
        effective = store.effective(article_id).analysis
        assert effective.speaker(source.id) is None
        assert sum(q.speaker == into.id for q in effective.quotes) == before + moved


async def test_sidebar_1_2_3_override_a_speakers_stance(seeded, seed_text):
    store, article_id, _ = seeded
    app = make_app(store, seed_text)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        speaker = screen.analysis.speakers[0]
        target = screen.target
        await focus_sidebar_on(pilot, screen, speaker.id)
        await pilot.press("3")
        stance = store.effective(article_id).analysis.speaker(speaker.id).stance[target]
        assert stance.label == "positive"
        assert ("speaker", speaker.id, f"stance.{target}") in store.effective(article_id).corrected
        assert f"{stance.score:+.2f}✎" in str(screen.query_one(SpeakerList).get_option(speaker.id).prompt)
