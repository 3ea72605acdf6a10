"""Hostile article text in the real reader: shown literally, never interpreted by Rich or the terminal."""

from __future__ import annotations

import re

import pytest
from textual.geometry import Region

from store.articles import Store
from tui.app import StanceReaderApp
from tui.settings import Settings

from tests.tui.waiting import analysis_shown

CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")

HOSTILE = (
    "[bold red]Breaking[/] [link=https://evil.example]click me[/link] [@click=app.quit]quit[/] "
    "[on red]x[/on red] :skull: \\[escaped] [/]\n\n"
    "\x1b]8;;https://evil.example\x1b\\hyperlink\x1b]8;;\x1b\\ \x1b]52;c;cHduZWQ=\x07 \x1b]0;title\x07 "
    "\x1b[2J\x1b[H\x1b[31mred\x1b[0m \x1bc \x9b31m C1 \x1bP1$r\x1b\\ dcs\n\n"
    "Bell\x07 backspace\x08 vt\x0b ff\x0c del\x7f nul-free, bidi \u202eevil\u202c, zero\u200bwidth.\n\n"
    "“[@click=app.quit]Do not click[/] \x1b[5mblink\x1b[0m,” Kim said on Tuesday.\n\n"
    "“We will [bold]not[/bold] back down,” the minister said.\n"
)


def screen_text(app) -> list[str]:
    """Every line every visible widget of the current screen renders (segment texts)."""
    lines = []
    for widget in app.screen.walk_children(with_self=False):
        if not widget.display or not widget.size.area:
            continue
        try:
            strips = widget.render_lines(Region(0, 0, widget.size.width, widget.size.height))
        except Exception as exc:  # noqa: BLE001 — a widget that cannot draw is a failure too
            raise AssertionError(f"{widget!r} failed to render: {exc!r}") from exc
        lines.extend("".join(seg.text for seg in strip) for strip in strips)
    return lines


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "db.sqlite")
    yield s
    s.close()


async def test_markup_escapes_and_controls_reach_no_strip(store, nlp):
    app = StanceReaderApp(HOSTILE, "hostile.txt", store)
    async with app.run_test(size=(110, 40)) as pilot:
        await analysis_shown(pilot)
        text = "\n".join(screen_text(app))
        assert not CONTROL.search(text), repr(CONTROL.search(text).group())
        for literal in ("[bold red]Breaking[/]", "[link=https://evil.example]click me[/link]", "[@click=app.quit]quit[/]",
                        ":skull:", "[on red]x[/on red]"):
            assert literal in text, literal
        assert "␛]8;;https://evil.example" in text  # ESC shown as a symbol, the OSC 8 link not made
        assert "💀" not in text  # no emoji codes
        assert app.is_running, "markup in the article must never run an action"
        for _ in range(3):  # walking the quotes shows them in the detail pane, also literally
            await pilot.press("j")
            detail = "\n".join(screen_text(app))
            assert not CONTROL.search(detail)
        assert app.is_running


async def test_a_100k_character_line_is_wrapped_and_scrolls(store):
    line = ("word " * 20_000)[:100_000] + "\n"
    app = StanceReaderApp(line, "line.txt", store, Settings(model="no_such_pipeline"))  # the display, not the analysis
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        lines = screen_text(app)
        assert any("word word" in l for l in lines)
        await pilot.press("end")
        await pilot.pause()
        assert app.is_running


async def test_thousands_of_quotation_marks_render(store):
    text = ("“" * 3000 + "\n\n" + "“Statement,” Kim said. " * 1000 + "\n\n" + "«»„‚‹›「」\"'" * 300 + "\n")
    app = StanceReaderApp(text, "quotes.txt", store, Settings(model="no_such_pipeline"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert any("““““" in l for l in screen_text(app))
        assert app.is_running


CRASHING_READER = """
import sys, textual.app
from tui.screens.reader import ReaderScreen
run = textual.app.App.run
textual.app.App.run = lambda self, **kw: run(self, **dict(kw, headless=True, size=(80, 24)))
def boom(self):
    raise RuntimeError("boom in the reader")
ReaderScreen.on_mount = boom
from tui.cli import main
sys.exit(main(["--db", sys.argv[1], "open", sys.argv[2]]))
"""


def test_a_reader_that_crashes_exits_nonzero(tmp_path):
    """A crash inside the reader must not look like success to a script (fixed in da9b042)."""
    import subprocess
    import sys

    from tui.sources import seed_path

    proc = subprocess.run([sys.executable, "-c", CRASHING_READER, str(tmp_path / "db.sqlite"), str(seed_path())],
                          capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)
    assert "boom in the reader" in proc.stderr
    assert proc.returncode != 0
