"""The Textual application: wires the store, the user's keymap and the reader screen together."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen

from store.articles import Store

from . import keys
from .config import ConfigError, load_keymap
from .highlight import COLOUR_CLASSES, Palette
from .screens.reader import ReaderScreen
from .settings import Settings


PAIRS = {"next_quote": "previous_quote"}


class StanceReaderApp(App):
    """stance-reader: who said what, and where each speaker stands."""

    CSS_PATH = "app.tcss"
    COMPONENT_CLASSES = set(COLOUR_CLASSES)  # the colours of the data (app.tcss; read as self.palette)
    TITLE = "stance-reader"
    BINDINGS = list(keys.APP.bindings)

    def __init__(
        self,
        text: str | None,
        source: str,
        store: Store,
        settings: Settings | None = None,
        keymap: dict[str, str] | None = None,
    ) -> None:
        """``text`` (None: open on the library) and ``source`` are this launch's article, ``store``
        the open database; ``settings`` everything else (default: ``Settings()``, the defaults);
        ``keymap``: instead of the config file's ``[keys]``."""
        super().__init__()
        self.settings = settings or Settings()
        self.analyzer = self.settings.analyzer  # what fresh analyses use (nothing loaded yet)
        self.text = text
        self.source = source
        self.store = store
        self.config_warnings: list[str] = []
        if keymap is None:
            try:
                keymap, self.config_warnings = load_keymap(self.settings.config, keys.all_ids())
            except ConfigError as exc:
                keymap, self.config_warnings = {}, [str(exc)]
        self.keymap = keymap
        self.auto_advance = self.settings.auto_advance  # a stance key or speaker choice moves on
        self._palette: Palette | None = None
        self.cursor_blink = True  # text inputs blink; make.py and the snapshots turn it off

    @property
    def palette(self) -> Palette:
        """The colours of speakers, targets and labels in the current theme (read once per theme)."""
        if self._palette is None:
            self._palette = Palette.of(self)
        return self._palette

    def refresh_css(self, animate: bool = True) -> None:
        """A theme change (or a CSS reload) applies new styles: read the palette again
        (``theme_changed_signal``, which the reader follows, comes after this)."""
        super().refresh_css(animate)
        self._palette = None

    def on_mount(self) -> None:
        if self.keymap:
            self.set_keymap(self.keymap)
        for warning in self.config_warnings:
            self.notify(warning, severity="warning", markup=False, timeout=8)
        if self.text is None:  # no FILE and the database has articles: the library (issue 7)
            from .screens.library import LibraryScreen

            self.push_screen(LibraryScreen())
            return
        article_id = self.store.add_article(self.text, self.source)
        row = self.store.article(article_id)
        if self.store.analysis_info(article_id) is not None:
            # The reader will show the effective view at once: import its engine now, as before
            # store.articles imported it lazily (so that a fresh article's first paint waits for
            # no numpy import).
            import store.effective  # noqa: F401
        self.push_screen(ReaderScreen(article_id, self.text, row["title"], source=row["source"] or self.source))

    def get_key_display(self, binding: Binding) -> str:
        """``j/k`` for the next/previous pair in the footer, following the user's keymap."""
        if binding.id in PAIRS:
            keys = [self._first_key(binding.id, binding.key), self._first_key(PAIRS[binding.id], "")]
            return "/".join(super(StanceReaderApp, self).get_key_display(Binding(k, "")) for k in keys if k)
        return super().get_key_display(binding)

    def _first_key(self, binding_id: str, default: str) -> str:
        if binding_id not in self.keymap and not default:
            default = keys.READER.key_of(binding_id)
        return self.keymap.get(binding_id, default).split(",")[0].strip()

    def format_title(self, title: str, sub_title: str) -> Content:
        """Progress first, so that a long article title is what gets cut off."""
        if not sub_title:
            return Content(title)
        return Content.assemble((sub_title, "bold"), "  ", (title, "dim"))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's commands, then every action of the screen's key registry (``tui.keys``) that
        applies now, with its (remapped) key. The registry's quit replaces Textual's own."""
        registry = getattr(screen, "KEYS", None)
        ours = registry.ids() if registry is not None else set()
        for command in super().get_system_commands(screen):
            if not ("quit" in ours and command.callback == self.action_quit):
                yield command
        if registry is None:
            return
        for section in registry.sections:
            node = self if section.target == "app" else screen.query_one(section.target) if section.target else screen
            for binding in section.bindings:
                action = binding.action.removeprefix("screen.")  # the sidebar's keys act on the screen
                handler = screen if action != binding.action else node
                if handler is screen and screen.check_action(action.split("(")[0], ()) is not True:
                    continue  # greyed out in the footer (or out of sight): not offered either
                yield self._command(binding, partial(self.run_action, binding.action, node))

    def _command(self, binding: Binding, callback) -> SystemCommand:
        from .screens.help import key_list

        return SystemCommand(binding.tooltip or binding.description, f"key {key_list(self, binding, self.keymap)}", callback)
