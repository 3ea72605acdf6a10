"""The reader's export dialog and the correction layers: in independent review it offers every
layer ``export --layer`` accepts (yours by default) and writes the one chosen; in shared review it
offers none. Real app (Pilot), a real SQLite file, the seed article."""

from __future__ import annotations

import json
from contextlib import asynccontextmanager

import pytest
from textual.widgets import Select

from nlp.model import is_statement
from store.articles import Store
from tui.app import StanceReaderApp
from tui.screens.export_dialog import ExportDialog
from tui.widgets.layer_select import LayerSelect

from tests.seeded import seed_store
from .waiting import analysis_shown

MARKUP_NAME = "[b]x[/b][red]"


def rejected_ids(path) -> set[str]:
    """The quotes a JSONL export lists as rejected."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return {r["quote_id"] for r in rows if r.get("type") == "quote" and r.get("status") == "rejected"}


def make_db(tmp_path, seed_text, seed_analysis, review: str, others: dict[str, int]) -> tuple:
    """The seed article in ``review`` mode; each of ``others`` rejects a different statement
    (the n-th). Returns the path, the article id and the statement ids."""
    path = tmp_path / "layers.db"
    store, article_id = seed_store(path, seed_text, seed_analysis, annotator="setup")
    store.set_review(review)
    store.close()
    statements = sorted((q for q in seed_analysis.quotes if is_statement(q.kind)), key=lambda q: q.start)
    ids = [q.id for q in statements]
    for name, n in others.items():
        store = Store(path, annotator=name)
        store.reject_quote(article_id, ids[n])
        store.close()
    return path, article_id, ids


@asynccontextmanager
async def export_dialog(path, seed_text, annotator: str = "alice"):
    """The reader on ``path`` as ``annotator``, its export dialog open (``e``): (pilot, dialog)."""
    store = Store(path, annotator=annotator)
    app = StanceReaderApp(seed_text, "seed.txt", store, keymap={})
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await analysis_shown(pilot)
            await pilot.press("e")
            assert isinstance(app.screen, ExportDialog)
            yield pilot, app.screen
    finally:
        store.close()


async def choose(pilot, dialog: ExportDialog, label: str) -> None:
    """Tab to the layer control and pick the option ``label`` from the keyboard."""
    select = dialog.query_one(LayerSelect)
    for _ in range(10):
        if select.has_focus:
            break
        await pilot.press("tab")
    assert select.has_focus
    await pilot.press("enter")
    for _ in range(10):
        await pilot.pause()
        highlighted = select.query_one("SelectOverlay").highlighted_option
        if highlighted is not None and str(highlighted.prompt) == label:
            break
        await pilot.press("down")
    await pilot.press("enter")
    await pilot.pause()


async def export_to(pilot, dialog: ExportDialog, out) -> None:
    path_input = dialog.query_one("#export-path")
    path_input.value = str(out)
    path_input.focus()
    await pilot.press("enter")
    assert "✓" in str(dialog.query_one("#export-result").render())


async def test_choosing_another_annotators_layer_exports_their_corrections(tmp_path, seed_text, seed_analysis):
    path, _, ids = make_db(tmp_path, seed_text, seed_analysis, "independent", {"alice": 0, "bob": 1})
    async with export_dialog(path, seed_text) as (pilot, dialog):
        await choose(pilot, dialog, "bob")
        assert dialog.layer == "bob"
        await export_to(pilot, dialog, tmp_path / "bob.jsonl")
        await choose(pilot, dialog, "gold (adjudicated)")
        await export_to(pilot, dialog, tmp_path / "gold.jsonl")
    assert rejected_ids(tmp_path / "bob.jsonl") == {ids[1]}  # bob's layer, not alice's
    assert rejected_ids(tmp_path / "gold.jsonl") == set()  # nothing adjudicated yet


async def test_the_default_is_the_current_annotators_layer(tmp_path, seed_text, seed_analysis):
    path, _, ids = make_db(tmp_path, seed_text, seed_analysis, "independent", {"alice": 0, "bob": 1})
    async with export_dialog(path, seed_text) as (pilot, dialog):
        select = dialog.query_one(LayerSelect)
        assert select.value == "alice"
        assert [value for _, value in dialog.layer_choices] == ["alice", "effective", "gold", "bob"]
        select.focus()
        await pilot.press("enter", "escape")  # esc shuts the list, not the dialog
        await pilot.pause()
        assert pilot.app.screen is dialog and select.value == "alice"
        await export_to(pilot, dialog, tmp_path / "mine.jsonl")  # just enter
    assert rejected_ids(tmp_path / "mine.jsonl") == {ids[0]}  # alice's own, not everyone's


async def test_the_hint_says_how_the_keyboard_reaches_the_layer(tmp_path, seed_text, seed_analysis):
    """The focus starts on the path; the layer row above it is one shift+tab away, as the hint says."""
    from textual.widgets import Label

    path, _, _ = make_db(tmp_path, seed_text, seed_analysis, "independent", {"alice": 0, "bob": 1})
    async with export_dialog(path, seed_text) as (pilot, dialog):
        hint = str(dialog.query_one(".dialog-help", Label).render())
        assert "shift+tab layer" in hint
        await pilot.press("shift+tab")
        await pilot.pause()
        assert isinstance(pilot.app.focused, LayerSelect) or isinstance(pilot.app.focused.parent, LayerSelect)


async def test_shared_review_shows_no_layer_control(tmp_path, seed_text, seed_analysis):
    path, _, ids = make_db(tmp_path, seed_text, seed_analysis, "shared", {"alice": 0, "bob": 1})
    async with export_dialog(path, seed_text) as (pilot, dialog):
        assert not dialog.query(Select) and not dialog.query("#export-layer-row")
        assert "layer" not in str(dialog.query_one(".dialog-help").render())
        await export_to(pilot, dialog, tmp_path / "shared.jsonl")
    assert rejected_ids(tmp_path / "shared.jsonl") == {ids[0], ids[1]}  # the one shared layer: everyone's


@pytest.mark.parametrize("name", [MARKUP_NAME, "[red]", "a[/]b"])
async def test_an_annotator_name_with_markup_is_shown_literally(tmp_path, seed_text, seed_analysis, name):
    path, _, ids = make_db(tmp_path, seed_text, seed_analysis, "independent", {"alice": 0, name: 2})
    async with export_dialog(path, seed_text) as (pilot, dialog):
        await choose(pilot, dialog, name)
        assert dialog.layer == name
        shown = dialog.query_one(LayerSelect).query_one("SelectCurrent #label").render()
        assert name in str(shown)
        await export_to(pilot, dialog, tmp_path / "theirs.jsonl")
    assert rejected_ids(tmp_path / "theirs.jsonl") == {ids[2]}
