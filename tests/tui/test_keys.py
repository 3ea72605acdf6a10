"""The key registry (tui.keys): every screen's keys are remappable from config.toml, and its
help screen and command palette list every action it registers."""

from __future__ import annotations

import importlib
import pkgutil

from textual.binding import Binding
from textual.dom import DOMNode
from textual.widgets import DataTable

import tui.screens
import tui.widgets
from nlp.model import Analysis
from store.articles import Store
from tui import keys
from tui.app import StanceReaderApp
from tui.settings import Settings
from tui.screens.help import HelpScreen
from tui.screens.library import LibraryScreen
from tui.screens.speaker_history import SpeakerHistoryScreen, SpeakersScreen

from .test_library_screen import fill
from .waiting import analysis_shown


def library_app(tmp_path, keys_toml: str = "") -> tuple[StanceReaderApp, Store]:
    """The app as ``stance-reader`` starts it on a library of four articles (the library screen)."""
    store = Store(tmp_path / "db.sqlite")
    fill(store)
    config = tmp_path / "config.toml"
    config.write_text(keys_toml, encoding="utf-8")
    return StanceReaderApp(None, "", store, Settings(config=config)), store


def shown(binding: Binding) -> str:
    return binding.tooltip or binding.description


def help_lists(app, registry: keys.ScreenKeys) -> None:
    assert isinstance(app.screen, HelpScreen)
    text = " ".join(str(app.screen.query_one("#help-text").render()).split())  # long lines wrap
    for section in registry.sections:
        assert section.title in text
        for binding in section.bindings:
            assert shown(binding) in text, binding


def palette_titles(app) -> set[str]:
    return {command.title for command in app.get_system_commands(app.screen)}


def test_binding_ids_are_unique_across_every_screen_and_dialog():
    for package in (tui.screens, tui.widgets):
        for module in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
            importlib.import_module(module.name)
    owners: dict[str, str] = {}

    def walk(cls):
        yield cls
        for sub in cls.__subclasses__():
            yield from walk(sub)

    for cls in set(walk(DOMNode)):
        if not cls.__module__.startswith("tui."):
            continue
        for binding in cls.__dict__.get("BINDINGS", []):
            if isinstance(binding, Binding) and binding.id:
                assert owners.setdefault(binding.id, cls.__qualname__) == cls.__qualname__, binding.id
    assert keys.all_ids() <= set(owners) | {"quit"}


async def test_a_library_key_is_remapped_from_the_config(tmp_path):
    app, store = library_app(tmp_path, '[keys]\nlibrary_speakers = "o"\n')
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen) and not app.config_warnings
        await pilot.press("p")  # no longer bound
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, SpeakersScreen)
    store.close()


async def test_a_key_given_to_two_actions_of_a_screen_is_warned_about(tmp_path):
    """``accept = "s"`` leaves s on accept and on change_speaker: the app says so, once, naming
    both and the screens, as a notification when it starts."""
    app, store = library_app(tmp_path, '[keys]\naccept = "s"\nlibrary_speakers = "o"\n')
    async with app.run_test(size=(160, 36)) as pilot:
        await pilot.pause()
        assert app.config_warnings == [
            f"{tmp_path / 'config.toml'}: keys.accept: s is also change_speaker on the reader and the library "
            "reader; only one of them runs: give one of them another key"]
        assert [n.message for n in app._notifications] == app.config_warnings
        await pilot.press("o")  # the rest of the table still applies
        await pilot.pause()
        assert isinstance(app.screen, SpeakersScreen)
    store.close()


def test_swapped_keys_and_the_default_shared_keys_are_no_clash():
    assert keys.key_clashes({}) == []  # "1"/"2"/"3": the quote's stance and the speaker's, by design
    assert keys.key_clashes({"accept": "s", "change_speaker": "a"}) == []
    assert keys.key_clashes({"accept": "z"}) == []
    assert [c[:3] for c in keys.key_clashes({"accept": "z", "reject": "z"})] == [("reject", "z", "accept")] * 2


async def test_a_speakers_key_is_remapped_from_the_config(tmp_path):
    app, store = library_app(tmp_path, '[keys]\nspeakers_mark = "t"\nspeakers_help = "f1"\n')
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("p")
        await pilot.pause()
        speakers = app.screen
        assert isinstance(speakers, SpeakersScreen)
        await pilot.press("space")  # no longer bound
        assert not speakers.marked
        await pilot.press("t")
        assert speakers.marked == {speakers.ids[0]}
        assert str(speakers.query_one(DataTable).get_row_at(0)[0]) == "*"
        await pilot.press("f1")
        help_lists(app, keys.SPEAKERS)
        text = str(app.screen.query_one("#help-text").render())
        assert "t " in text.split("Mark a speaker")[0][-20:]  # the help shows the remapped key
    store.close()


async def test_help_and_palette_list_every_action_of_the_library_screens(tmp_path):
    app, store = library_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        for registry, screen_type, into in ((keys.LIBRARY, LibraryScreen, "p"), (keys.SPEAKERS, SpeakersScreen, "enter"),
                                            (keys.HISTORY, SpeakerHistoryScreen, None)):
            await pilot.pause()
            assert isinstance(app.screen, screen_type)
            assert {shown(b) for b in registry.bindings()} <= palette_titles(app)
            await pilot.press("question_mark")
            help_lists(app, registry)
            await pilot.press("escape")
            if into:
                await pilot.press(into)
    store.close()


async def test_the_palette_runs_a_library_action(tmp_path):
    app, store = library_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p", *"Speakers across")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SpeakersScreen)
    store.close()


async def test_help_and_palette_list_every_action_of_the_reader(tmp_path, seed_text, seed_analysis):
    store = Store(tmp_path / "db.sqlite")
    store.save_analysis(store.add_article(seed_text, "seed.txt"), Analysis.from_dict(seed_analysis.to_dict()))
    app = StanceReaderApp(seed_text, "seed.txt", store, keymap={})
    async with app.run_test(size=(100, 30)) as pilot:
        await analysis_shown(pilot)
        # a state where every action applies: two corrections, one undone (undo and redo),
        # and a search with matches (next and previous match)
        await pilot.press("1", "j", "1", "u", "slash", *"the", "enter")
        await pilot.pause()
        assert {shown(b) for b in keys.READER.bindings()} <= palette_titles(app)
        await pilot.press("question_mark")
        help_lists(app, keys.READER)
    store.close()
