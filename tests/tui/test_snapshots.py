"""Snapshots (pytest-textual-snapshot) of the reader and its dialogs, on the seed article.

The scenes come from ``screenshots/make.py`` (so the pictures and the snapshots are the same
screens); the analysis is the frozen ``screenshots/seed-analysis.json``, loaded into the
database before the app starts, so no worker timing is involved.
Update after an intended change: ``pytest tests/tui/test_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

MAKE = Path(__file__).resolve().parents[2] / "screenshots" / "make.py"
_spec = importlib.util.spec_from_file_location("screenshots_make", MAKE)
make = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make)


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    """Corrections made during a scene carry this time (the detail panel shows it)."""
    import store.corrections

    monkeypatch.setattr(store.corrections, "now", lambda: "2026-01-01T12:00:00+00:00")


@pytest.mark.parametrize("scene", list(make.SCENES))
def test_scene(scene, snap_compare, tmp_path):
    size, keys, _ = make.SCENES[scene]
    app = make.build(scene, tmp_path / "snap.db")
    try:
        assert snap_compare(app, press=keys, terminal_size=size, run_before=make.settled)
    finally:
        app.store.close()


def test_frozen_analysis_matches_the_seed():
    from tui.sources import read_article, seed_path

    assert make.seed_analysis().text == read_article(seed_path())
