"""Waiting for the app in Pilot tests: on the reader's event and the app's workers, not by polling."""

from __future__ import annotations

import asyncio

from tui.screens.reader import ReaderScreen

# Only so that a reader that never shows an analysis fails the test instead of hanging the
# suite: no speed is asserted (the real pipeline loads in the worker, on a shared machine).
HANG = 600


async def analysis_shown(pilot) -> ReaderScreen:
    """The current screen, a reader, once it shows its analysis: the stored one as it mounts,
    a fresh one when its analysis worker is done."""
    await pilot.pause()  # the screens pushed so far are mounted
    screen = pilot.app.screen
    assert isinstance(screen, ReaderScreen), screen
    await asyncio.wait_for(screen.analysis_shown.wait(), HANG)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()  # what the analysis changed is drawn
    assert screen.analysis is not None, "the analysis failed"
    return screen
