"""The reader's export dialog and the correction layers: in independent review it offers every
layer ``export --layer`` accepts (yours by default) and all of them side by side (``export
--all-layers``), writes the one chosen and proposes a file name that carries it; in shared review
it offers none. Real app (Pilot), a real SQLite file, the seed article."""

from __future__ import annotations

import io
import json
import re
from contextlib import asynccontextmanager

import pytest
from textual.widgets import RadioSet, Select

from nlp.model import is_statement
from store.articles import Store
from store.export import export
from store.export_layers import write_layers_jsonl, writer_for
from tui.app import StanceReaderApp
from tui.safe_text import visible
from tui.screens.export_dialog import ExportDialog
from tui.widgets.layer_select import ALL_LAYERS, LayerSelect

from tests.seeded import seed_store
from .waiting import analysis_shown

MARKUP_NAME = "[b]x[/b][red]"
ALL = "all layers, side by side (jsonl, csv)"


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


async def focus_by(pilot, widget, key: str) -> None:
    """Press ``key`` (tab, shift+tab) until ``widget`` has the focus."""
    for _ in range(10):
        if widget.has_focus:
            break
        await pilot.press(key)
    assert widget.has_focus


async def choose(pilot, dialog: ExportDialog, label: str) -> None:
    """Tab to the layer control and pick the option ``label`` from the keyboard."""
    select = dialog.query_one(LayerSelect)
    await focus_by(pilot, select, "tab")
    await pilot.press("enter")
    for _ in range(10):
        await pilot.pause()
        highlighted = select.query_one("SelectOverlay").highlighted_option
        if highlighted is not None and str(highlighted.prompt) == label:
            break
        await pilot.press("down")
    await pilot.press("enter")
    await pilot.pause()


async def choose_format(pilot, dialog: ExportDialog, fmt: str) -> None:
    """Shift+tab to the format buttons and press the one of ``fmt`` from the keyboard."""
    radio = dialog.query_one(RadioSet)
    await focus_by(pilot, radio, "shift+tab")
    for _ in range(len(dialog.formats)):
        if dialog.formats[radio._selected] == fmt:
            break
        await pilot.press("right")
    await pilot.press("enter")
    await pilot.pause()
    assert dialog.fmt == fmt


def proposed(dialog: ExportDialog) -> str:
    return dialog.query_one("#export-path").value


async def press_export(pilot, dialog: ExportDialog) -> str:
    """Enter in the path input; the dialog's one-line outcome."""
    dialog.query_one("#export-path").focus()
    await pilot.press("enter")
    return str(dialog.query_one("#export-result").render())


async def export_to(pilot, dialog: ExportDialog, out) -> None:
    dialog.query_one("#export-path").value = str(out)
    assert "✓" in await press_export(pilot, dialog)


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
        assert [value for _, value in dialog.layer_choices] == ["alice", "effective", "gold", ALL_LAYERS, "bob"]
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


# --- the default file name carries the layer ------------------------------------------------


async def test_the_proposed_file_name_carries_the_chosen_layer_and_follows_it(tmp_path, seed_text, seed_analysis):
    path, article_id, _ = make_db(tmp_path, seed_text, seed_analysis, "independent", {"alice": 0, "bob": 1})
    stem = f"stance-reader-{article_id}"
    async with export_dialog(path, seed_text) as (pilot, dialog):
        assert proposed(dialog) == f"{stem}.alice.jsonl"  # yours, the default
        for label, part in [("bob", "bob"), ("gold (adjudicated)", "gold"), ("everyone's (effective)", "effective"),
                            (ALL, "all-layers"), ("yours (alice)", "alice")]:
            await choose(pilot, dialog, label)
            assert proposed(dialog) == f"{stem}.{part}.jsonl", label
        await choose_format(pilot, dialog, "csv")
        assert proposed(dialog) == f"{stem}.alice.csv"  # the format still changes the suffix
        await choose(pilot, dialog, "gold (adjudicated)")
        assert proposed(dialog) == f"{stem}.gold.csv"  # and the layer its part, the suffix kept


async def test_a_path_the_user_typed_is_not_replaced_when_the_layer_changes(tmp_path, seed_text, seed_analysis):
    path, _, ids = make_db(tmp_path, seed_text, seed_analysis, "independent", {"alice": 0, "bob": 1})
    mine = tmp_path / "mine.jsonl"
    async with export_dialog(path, seed_text) as (pilot, dialog):
        assert dialog.query_one("#export-path").has_focus  # where the focus starts
        await pilot.press("end", "ctrl+u", *str(mine))  # clear it and type a path
        assert proposed(dialog) == str(mine)
        await choose(pilot, dialog, "bob")
        assert proposed(dialog) == str(mine)
        await choose(pilot, dialog, ALL)
        await choose(pilot, dialog, "bob")
        assert proposed(dialog) == str(mine)
        assert "✓" in await press_export(pilot, dialog)
    assert rejected_ids(mine) == {ids[1]}  # bob's layer, to the path typed


async def test_layers_whose_names_differ_only_in_case_get_different_file_names(tmp_path, seed_text, seed_analysis):
    """"Alice" and "alice" (and an annotator called "Gold" beside the gold layer) never share a
    proposed file name, so exporting one never silently replaces the other's file."""
    path, article_id, _ = make_db(tmp_path, seed_text, seed_analysis, "independent",
                                  {"alice": 0, "Alice": 1, "Gold": 2})
    names = set()
    async with export_dialog(path, seed_text) as (pilot, dialog):
        names.add(proposed(dialog))
        for label in ("Alice", "Gold", "gold (adjudicated)"):
            await choose(pilot, dialog, label)
            names.add(proposed(dialog))
    assert len(names) == 4, names


async def test_an_edited_folder_keeps_the_layers_default_name_following_the_layer(tmp_path, seed_text, seed_analysis):
    """A path whose folder the user changed but whose file name is still the layer's default
    follows the layer, so bob's layer is never written under alice's name."""
    path, article_id, ids = make_db(tmp_path, seed_text, seed_analysis, "independent", {"alice": 0, "bob": 1})
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    async with export_dialog(path, seed_text) as (pilot, dialog):
        await pilot.press("end", "ctrl+u", *str(out_dir / f"stance-reader-{article_id}.alice.jsonl"))
        await choose(pilot, dialog, "bob")
        assert proposed(dialog) == str(out_dir / f"stance-reader-{article_id}.bob.jsonl")
        assert "✓" in await press_export(pilot, dialog)
    assert rejected_ids(out_dir / f"stance-reader-{article_id}.bob.jsonl") == {ids[1]}


@pytest.mark.parametrize("name, part", [("../x", "x"), ("a/b", "a-b"), ("e\x1b[2Jvil\r\nx", "e-2jvil-x"),
                                        ("..", "annotator"), ("\u202e/../\x00", "annotator")])
async def test_a_hostile_annotator_name_gives_a_safe_file_name(tmp_path, seed_text, seed_analysis, monkeypatch,
                                                               name, part):
    """An annotator's name is untrusted: no separator, dot-dot or control character of it reaches
    the proposed path; the export lands in the current folder under that safe name."""
    path, article_id, ids = make_db(tmp_path, seed_text, seed_analysis, "independent", {"alice": 0, name: 2})
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    monkeypatch.chdir(out_dir)
    async with export_dialog(path, seed_text) as (pilot, dialog):
        await choose(pilot, dialog, visible(name))
        assert dialog.layer == name
        expected = proposed(dialog)
        # the safe part, then a digest of the name: the slug changed it
        assert re.fullmatch(rf"stance-reader-{article_id}\.{re.escape(part)}-[0-9a-f]{{6}}\.jsonl", expected)
        assert "✓" in await press_export(pilot, dialog)
    assert [p.name for p in out_dir.iterdir()] == [expected]
    assert rejected_ids(out_dir / expected) == {ids[2]}


# --- all layers side by side, as export --all-layers ------------------------------------------


async def test_all_layers_writes_what_export_all_layers_writes(tmp_path, seed_text, seed_analysis):
    path, article_id, ids = make_db(tmp_path, seed_text, seed_analysis, "independent", {"alice": 0, "bob": 1})
    async with export_dialog(path, seed_text) as (pilot, dialog):
        await choose(pilot, dialog, ALL)
        assert dialog.layer is ALL_LAYERS
        await export_to(pilot, dialog, tmp_path / "dialog.jsonl")
        await choose_format(pilot, dialog, "csv")
        await export_to(pilot, dialog, tmp_path / "dialog.csv")
    store = Store(path, annotator="carol")
    try:
        for fmt in ("jsonl", "csv"):  # what `stance-reader export --all-layers --format FMT -o PATH` calls
            export(store, tmp_path / f"cli.{fmt}", fmt, [article_id], writer=writer_for(fmt))
            assert (tmp_path / f"dialog.{fmt}").read_bytes() == (tmp_path / f"cli.{fmt}").read_bytes(), fmt
        buf = io.StringIO()
        write_layers_jsonl(store, buf, [article_id])
    finally:
        store.close()
    assert (tmp_path / "dialog.jsonl").read_text(encoding="utf-8") == buf.getvalue()
    units = {r["unit"]: r for r in map(json.loads, buf.getvalue().splitlines())}
    assert units[ids[0]]["annotators"]["alice"]["status"] == "rejected"  # everyone's values, side by side
    assert units[ids[1]]["annotators"]["bob"]["status"] == "rejected"


@pytest.mark.parametrize("fmt", ["prodigy", "spacy"])
async def test_all_layers_in_a_format_it_cannot_write_says_so_and_writes_nothing(tmp_path, seed_text, seed_analysis,
                                                                                 monkeypatch, fmt):
    path, article_id, _ = make_db(tmp_path, seed_text, seed_analysis, "independent", {"alice": 0, "bob": 1})
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    monkeypatch.chdir(out_dir)
    async with export_dialog(path, seed_text) as (pilot, dialog):
        await choose(pilot, dialog, ALL)
        await choose_format(pilot, dialog, fmt)
        assert proposed(dialog) == f"stance-reader-{article_id}.all-layers.{'jsonl' if fmt == 'prodigy' else fmt}"
        assert await press_export(pilot, dialog) == f"✗ all layers are written as jsonl or csv only, not {fmt}"
        assert dialog.query_one("#export-result").has_class("error") and pilot.app.screen is dialog
        assert not list(out_dir.iterdir())  # no file, no temporary file
        await choose_format(pilot, dialog, "csv")  # a format it writes: the same path, now written
        assert "✓" in await press_export(pilot, dialog)
    assert [p.name for p in out_dir.iterdir()] == [f"stance-reader-{article_id}.all-layers.csv"]
