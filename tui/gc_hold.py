"""Cyclic garbage collection held off while the reader opens, then kept off what it loaded.

Opening an article allocates a large number of long-lived objects at once (the analysis is
parsed twice, as the machine's and as the effective one, plus widgets and styles). CPython
answers with full collections that walk every one of them: on the 50,000-word article one
landed in the middle of the first layout and took 140 ms, more than the rest of the reopen.

So no collection runs until the screen has painted; then everything alive is frozen
(``gc.freeze``: never scanned by a collection again, still freed by reference counting) for
as long as the screen is mounted, and unfrozen when it goes, so that what it held can be
collected.
"""

from __future__ import annotations

import gc


class GcHold:
    def __init__(self) -> None:
        self._disabled = False
        self._frozen = False

    def start(self, node) -> None:
        """From now until ``node``'s next refresh has been painted: no cyclic collection."""
        if gc.isenabled():
            gc.disable()
            self._disabled = True
            node.call_after_refresh(self._painted)

    def _painted(self) -> None:
        if self._disabled:
            gc.freeze()
            self._frozen = True
            gc.enable()
            self._disabled = False

    def end(self) -> None:
        if self._disabled:
            gc.enable()
            self._disabled = False
        if self._frozen:
            gc.unfreeze()
            self._frozen = False
