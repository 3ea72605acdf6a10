"""A Footer that recomposes only when what it shows changed.

Textual's Footer recomposes (removes and mounts a widget per key, then lays the screen out
again) on every ``refresh_bindings``, however many arrive in one frame and whether or not a
key changed. The reader refreshes bindings after corrections and focus changes, so that cost
landed on every correction and several times while a screen opened.
"""

from __future__ import annotations

from textual.widgets import Footer


class QuietFooter(Footer):
    """At most one recompose per refresh, and none when the keys shown are the same."""

    _pending = False
    _shown: tuple | None = None

    def _signature(self) -> tuple:
        app = self.app
        return tuple(
            (binding.key, binding.action, binding.description, binding.group, enabled, tooltip, app.get_key_display(binding))
            for (_, binding, enabled, tooltip) in self.screen.active_bindings.values()
            if binding.show
        ) + (self.show_command_palette, self.compact)

    def compose(self):
        self._shown = self._signature() if self._bindings_ready else None
        yield from super().compose()

    def bindings_changed(self, screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._pending:
            self._pending = True
            self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        self._pending = False
        if not self.is_attached or self._signature() == self._shown:
            return
        await self.recompose()
