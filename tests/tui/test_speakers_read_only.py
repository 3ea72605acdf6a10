"""The speakers across articles on a read-only database file: shown from reads alone, and every
write key (merge, split) answered with a one-line notification, nothing written.

The file is really read-only (mode 0444). Root ignores file modes, so, as in tests/hostile, the
app runs in a child interpreter under ``setpriv`` without CAP_DAC_OVERRIDE; the child drives the
real app through Pilot and reports what it saw as JSON.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import textwrap

import pytest

from store.articles import Store
from store.library import Library
from store.speakers_xdoc import Speakers

from ..hostile.conftest import ROOT, fingerprint, unprivileged_prefix
from .test_library_screen import fill
from .test_review_fixes import TEXT, small_analysis

PILOT = textwrap.dedent("""
    import asyncio, json, sys
    from textual.widgets import DataTable, Static
    from store.articles import Store
    from tui.app import StanceReaderApp
    from tui.screens.library import LibraryScreen
    from tui.screens.speaker_history import SpeakerHistoryScreen, SpeakersScreen

    async def main(path):
        store = Store(path)
        seen = {"read_only": store.read_only}
        app = StanceReaderApp(None, "", store, keymap={})
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.pause(0.3)  # the library's stale-article worker has run
            seen["library"] = isinstance(app.screen, LibraryScreen) and app.screen.query_one(DataTable).row_count
            await pilot.press("p")
            await pilot.pause()
            screen = app.screen
            seen["speakers_screen"] = isinstance(screen, SpeakersScreen)
            table = screen.query_one(DataTable)
            seen["speakers"] = [str(table.get_row_at(i)[1]) for i in range(table.row_count)]
            seen["status"] = str(screen.query_one("#speakers-status", Static).render())
            await pilot.press("down", "space", "up", "m")  # mark the second, merge it into the first
            await pilot.pause()
            seen["after_merge"] = [str(table.get_row_at(i)[1]) for i in range(table.row_count)]
            await pilot.press("enter")  # the first speaker's history (Lloyd Austin, two articles)
            await pilot.pause()
            seen["history_screen"] = isinstance(app.screen, SpeakerHistoryScreen)
            seen["history_rows"] = app.screen.query_one(DataTable).row_count
            await pilot.press("x")  # split this article off
            await pilot.pause()
            seen["history_rows_after_split"] = app.screen.query_one(DataTable).row_count
            seen["still_history"] = isinstance(app.screen, SpeakerHistoryScreen)
            seen["notifications"] = [(n.message, n.severity) for n in app._notifications]
        store.close()
        print(json.dumps(seen))

    asyncio.run(main(sys.argv[1]))
""")


def checkpointed(path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def test_speakers_screen_on_a_read_only_database_reads_only_and_refuses_writes_in_one_line(tmp_path):
    prefix = unprivileged_prefix()
    if prefix is None:
        pytest.skip("running as root without a way to drop CAP_DAC_OVERRIDE (setpriv)")
    path = tmp_path / "ro.db"
    store = Store(path)
    fill(store)
    Library(store)  # indexed and linked, as after using the library on a writable file
    Speakers(store)
    # and one article analysed since: neither indexed nor linked (opening must not do it now)
    late = store.add_article(TEXT, "late.txt")
    store.save_analysis(late, small_analysis())
    store.close()
    checkpointed(path)
    path.chmod(0o444)
    before = fingerprint(path)

    env = dict(os.environ, PYTHONPATH=str(ROOT), HOME=str(tmp_path))
    proc = subprocess.run([*prefix, sys.executable, "-c", PILOT, str(path)], capture_output=True, text=True,
                          env=env, timeout=120, cwd=str(tmp_path))
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr[-3000:]
    seen = json.loads(proc.stdout.strip().splitlines()[-1])

    assert seen["read_only"] is True
    assert seen["library"] == 4  # what the index holds
    assert seen["speakers_screen"] is True
    assert seen["speakers"][0] == "Lloyd Austin" and "Kaja Kallas" in seen["speakers"]
    assert "Kim" not in seen["speakers"]  # the late article is not linked on a read-only file
    assert "read-only" in seen["status"]
    assert seen["after_merge"] == seen["speakers"]  # nothing merged
    assert seen["history_screen"] is True and seen["history_rows"] == 2
    assert seen["history_rows_after_split"] == 2 and seen["still_history"] is True  # nothing split
    errors = [message for message, severity in seen["notifications"] if severity == "error"]
    assert len(errors) == 2, seen["notifications"]
    for message in errors:
        assert "\n" not in message and "read-only" in message and str(path) in message, message
    assert fingerprint(path) == before  # not a byte written
