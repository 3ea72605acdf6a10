"""The mixin of every screen that has a key registry (``tui/keys.py``): ``?`` shows its keys."""

from __future__ import annotations

from ..keys import ScreenKeys


class KeyedScreen:
    """Mixin for a ``Screen`` with a registry ``KEYS``: ``?`` shows its keys."""

    KEYS: ScreenKeys

    def action_help(self) -> None:
        from .help import HelpScreen  # when first opened: the first paint does not wait for it

        self.app.push_screen(HelpScreen(self.KEYS.sections, self.app.keymap))
